/**
 * FunctionBuilder's printing: jump threading through empty blocks, metadata left out when
 * `metadata` is off, numbered values when `numbered` is on, a branch condition taken from a
 * comparison (truthy), and values hoisted to the entry block (src/llvm/builder.ts); and what
 * the translator's `quick` option makes of them.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { decodeModule } from '../../src/binary/decoder.js';
import { FunctionBuilder, i32 } from '../../src/llvm/builder.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

/** A function `@f(i32 %x)` whose body `build` writes. */
function fn(build: (f: FunctionBuilder) => void): FunctionBuilder {
  const f = new FunctionBuilder('@f', 'void', [{ ty: 'i32', name: 'x' }]);
  build(f);
  return f;
}

test('a block that only branches on is left out, and branches to it go to its final target', () => {
  const text = fn((f) => {
    const c = f.icmp('eq', f.param(0), i32(0));
    f.condBr(c, 'a0', 'b1', '!prof !1');
    f.setBlock('a0');
    f.br('b1'); // a0 only jumps: threaded
    f.setBlock('b1');
    f.switch(f.param(0), 'c2', [[1, 'a0'], [2, 'd3']]);
    f.setBlock('c2');
    f.br('d3'); // c2 → d3 → e4: both threaded
    f.setBlock('d3');
    f.br('e4');
    f.setBlock('e4');
    f.ret();
  }).toString();
  assert.doesNotMatch(text, /^(a0|c2|d3):/m);
  assert.match(text, /br i1 %t0, label %b1, label %b1, !prof !1\n/);
  assert.match(text, /switch i32 %x, label %e4 \[\n {4}i32 1, label %b1\n {4}i32 2, label %e4\n {2}\]/);
  assert.match(text, /\ne4:\n {2}ret void\n/);
});

test('a loop of empty blocks is kept: it is the code (an infinite loop)', () => {
  const text = fn((f) => {
    f.br('a0');
    f.setBlock('a0');
    f.br('b1');
    f.setBlock('b1');
    f.br('a0');
  }).toString();
  assert.match(text, /\na0:\n {2}br label %b1\nb1:\n {2}br label %a0\n/);
});

test('metadata off: loads, stores and branches print without their attachments', () => {
  const build = (f: FunctionBuilder): void => {
    const p = f.alloca('i32');
    const v = f.load('i32', p, { align: 4, md: '!tbaa !3' });
    f.store(v, p, { md: '!tbaa !3' });
    f.condBr(f.icmp('ne', v, i32(0)), 'a0', 'b1', '!prof !1');
    f.setBlock('a0');
    f.ret();
    f.setBlock('b1');
    f.ret();
  };
  const on = fn(build).toString();
  assert.match(on, /load i32, ptr %l0, align 4, !tbaa !3\n/);
  assert.match(on, /store i32 %t1, ptr %l0, !tbaa !3\n/);
  assert.match(on, /label %b1, !prof !1\n/);
  const f = new FunctionBuilder('@f', 'void', [{ ty: 'i32', name: 'x' }]);
  f.metadata = false;
  build(f);
  const off = f.toString();
  assert.doesNotMatch(off, /!tbaa|!prof/);
  assert.match(off, /load i32, ptr %l0, align 4\n/);
});

test('hoisted: computed once, in the entry block after the allocas', () => {
  const text = fn((f) => {
    f.alloca('i32');
    f.br('a0');
    f.setBlock('a0');
    const get = (): string => f.hoisted('k', () => f.add(f.param(0), i32(1))).ref;
    const first = get();
    assert.equal(get(), first);
    f.store(i32(0), { ty: 'ptr', ref: '%l0' });
    f.ret();
  }).toString();
  assert.match(text, /^entry:\n {2}%l0 = alloca i32\n {2}%t1 = add i32 %x, 1\n {2}br label %a0\n/m);
  assert.equal((text.match(/= add /g) ?? []).length, 1);
});

test('quick: no optimiser metadata in bodies, a global cell loaded once per function', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module (memory 1) (global $g (mut i32) (i32.const 0))
    (func (param i32) (result i32)
      (if (local.get 0) (then (global.set $g (i32.load (local.get 0)))))
      (global.get $g)))`));
  validateModule(m);
  const body = (ir: string): string => ir.slice(ir.indexOf('define internal i32 @q_f0'), ir.indexOf('\n}\n', ir.indexOf('define internal i32 @q_f0')));
  const opt = body(translateModule(m, { name: 'q' }));
  const quick = body(translateModule(m, { name: 'q', quick: true }));
  assert.match(opt, /!tbaa/);
  assert.doesNotMatch(quick, /!tbaa|!invariant\.load|!prof/);
  // ctx->globals, then globals[0]: once, before the body's first store; twice in the opt IR.
  const cellLoads = (ir: string): number => (ir.match(/getelementptr i8, ptr %ctx, i64 24\n/g) ?? []).length;
  assert.equal(cellLoads(opt), 2);
  assert.equal(cellLoads(quick), 1);
  // (The parameter's alloca is gone in the quick IR: nothing loads it, dead-stores.ts.)
  assert.match(quick, /^entry:\n {2}%t\d+ = getelementptr i8, ptr %ctx, i64 24\n/m);
});

/** A numbered function `@f(i32 %x)` whose body `build` writes. */
function numberedFn(build: (f: FunctionBuilder) => void): FunctionBuilder {
  const f = new FunctionBuilder('@f', 'i32', [{ ty: 'i32', name: 'x' }]);
  f.numbered = true;
  build(f);
  return f;
}

test('numbered: body values print as %0, %1, … in order; hoisted ones keep their names', () => {
  const text = numberedFn((f) => {
    const l = f.alloca('i32');
    const a = f.add(f.param(0), i32(1));
    const h = f.hoisted('k', () => f.mul(f.param(0), i32(3)));
    f.store(f.add(a, h), l);
    f.ret(f.load('i32', l));
  }).toString();
  assert.match(text, /^entry:\n {2}%l0 = alloca i32\n {2}(%t\d+) = mul i32 %x, 3\n {2}%0 = add i32 %x, 1\n {2}%1 = add i32 %0, \1\n {2}store i32 %1, ptr %l0\n {2}%2 = load i32, ptr %l0\n {2}ret i32 %2\n/m);
});

test('numbered: a select keeps its name, so sinking it leaves the numbers in order', () => {
  const f = numberedFn((f) => {
    const c = f.icmp('slt', f.param(0), i32(5));
    const s = f.select(c, f.param(0), i32(1));
    const a = f.add(f.param(0), i32(2));
    f.ret(f.add(s, a));
  });
  f.sinkSelects();
  assert.match(f.toString(), /\n {2}%0 = icmp slt i32 %x, 5\n {2}%1 = add i32 %x, 2\n {2}(%t\d+) = select i1 %0, i32 %x, i32 1\n {2}%2 = add i32 \1, %1\n/);
});

test('truthy: a comparison just made is the branch condition itself; anything else is compared with 0', () => {
  const text = numberedFn((f) => {
    const z = f.zext(f.icmp('slt', f.param(0), i32(5)), 'i32');
    f.condBr(f.truthy(z), 'a0', 'b1'); // the zext is taken back, and its number with it
    f.setBlock('a0');
    const kept = f.zext(f.icmp('eq', f.param(0), i32(7)), 'i32');
    const l = f.alloca('i32');
    f.store(kept, l); // a use after it (a local.tee): the zext stays
    f.condBr(f.truthy(kept), 'b1', 'c2');
    f.setBlock('b1');
    f.condBr(f.truthy(f.param(0)), 'c2', 'c2');
    f.setBlock('c2');
    f.ret(f.add(f.param(0), i32(1)));
  }).toString();
  assert.match(text, /\n {2}%0 = icmp slt i32 %x, 5\n {2}br i1 %0, label %a0, label %b1\n/);
  assert.match(text, /\n {2}%1 = icmp eq i32 %x, 7\n {2}%2 = zext i1 %1 to i32\n {2}store i32 %2, ptr %l\d+\n {2}%3 = icmp ne i32 %2, 0\n/);
  assert.match(text, /\n {2}%4 = icmp ne i32 %x, 0\n/);
  assert.match(text, /\n {2}%5 = add i32 %x, 1\n {2}ret i32 %5\n/);
});

test('quick: the IR parses (numbered values in order, comparisons branched on directly)', (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-as-16'])) return;
  const m = decodeModule(watBytes(`(module (memory 1) (global $g (mut i32) (i32.const 0))
    (func (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
        (if (i32.lt_s (i32.load (local.get 1)) (i32.const 0)) (then (global.set $g (local.get 1))))
        (local.set 1 (select (local.get 1) (i32.const 4) (i32.eqz (local.tee 0 (i32.gt_u (local.get 0) (i32.const 2))))))
        (br 0)))
      (global.get $g)))`));
  validateModule(m);
  const ir = translateModule(m, { name: 'q', quick: true });
  const at = ir.indexOf('define internal i32 @q_f0');
  const body = ir.slice(at, ir.indexOf('\n}\n', at));
  assert.match(body, /%\d+ = icmp uge i32 [^\n]*\n {2}br i1 %\d+, label/);
  assert.doesNotMatch(body, /%t\d+ = (?!getelementptr|load|select)/); // only hoisted values and selects are named
  const r = spawnSync('llvm-as-16', ['-o', '/dev/null', '-'], { input: ir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
