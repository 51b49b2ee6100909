/**
 * Partitions (src/translate/partition.ts) and their translation (translatePartition in
 * src/translate/module.ts):
 *  - the plan on small call graphs: a small callee sits with its main caller, a large one
 *    does not, clusters never exceed the size, partitions are balanced, the same input gives
 *    the same plan, size 1 gives one function per partition, a module within the size is one;
 *  - the texts: each function defined exactly once over all partitions (`hidden`), callees of
 *    other partitions declared `hidden`, the signature constants defined once (in the module
 *    partition) and declared elsewhere; every text verifies (opt-16) and all of them link
 *    (llvm-link-16) into a module that defines every function it references.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodeModule } from '../../src/binary/decoder.js';
import { addFuncType, emptyModule, type Instr, type Module } from '../../src/binary/module.js';
import { opByName } from '../../src/binary/opcodes.js';
import { translateModule, translatePartition, translateParts } from '../../src/translate/module.js';
import { mainCallers, planPartitions, SMALL_CALLEE } from '../../src/translate/partition.js';
import { validateModule } from '../../src/validate/validator.js';
import { mustRun, requires, wat2wasm } from '../tools.js';

function ins(name: string, extra: Partial<Instr> = {}): Instr {
  return { op: opByName(name), pos: 0, ...extra };
}

/**
 * A module of `() -> ()` functions: sizes[i] instructions each (nops, then the calls of
 * calls[i], then `end`), no imports.
 */
function graph(sizes: number[], calls: Array<number[]> = []): Module {
  const m = emptyModule();
  addFuncType(m.types, { params: [], results: [] });
  sizes.forEach((n, i) => {
    const cs = (calls[i] ?? []).map((idx) => ins('call', { idx }));
    const nops = Array.from({ length: Math.max(0, n - cs.length - 1) }, () => ins('nop'));
    m.funcs.push({ typeidx: 0, locals: [], body: [...nops, ...cs, ins('end')], pos: 0 });
  });
  return m;
}

/** Which partition each function is in. */
function where(parts: ReadonlyArray<readonly number[]>): Map<number, number> {
  const at = new Map<number, number>();
  parts.forEach((p, k) => p.forEach((i) => at.set(i, k)));
  return at;
}

test('the main caller is the one with most call sites, the lowest on a tie', () => {
  // 0 calls 3 once; 1 calls 3 twice; 2 calls 4 once, 1 calls 4 once; nobody calls 0.
  const m = graph([10, 10, 10, 5, 5], [[3], [3, 3, 4], [4]]);
  assert.deepEqual(mainCallers(m), [-1, -1, -1, 1, 1]);
});

test('a small callee goes with its main caller, a large one need not', () => {
  // 0 (400) calls 2 (small) and 3 (large); 1 (400) calls 4 (small). Size 500: at least 3 partitions.
  const m = graph([400, 400, 8, SMALL_CALLEE + 200, 8], [[2, 3], [4]]);
  const parts = planPartitions(m, 500);
  const at = where(parts);
  assert.equal(at.get(2), at.get(0), 'small callee 2 with its caller 0');
  assert.equal(at.get(4), at.get(1), 'small callee 4 with its caller 1');
  assert.equal(parts.flat().sort((a, b) => a - b).join(), '0,1,2,3,4', 'every function exactly once');
});

test('a cluster does not grow past the partition size', () => {
  // 0 calls ten small functions of 40 instructions; size 100 holds the caller and one callee.
  const m = graph([50, ...Array<number>(10).fill(40)], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  const parts = planPartitions(m, 100);
  const at = where(parts);
  const withCaller = [...at].filter(([i, k]) => i !== 0 && k === at.get(0)).length;
  assert.ok(withCaller >= 1, 'the caller keeps at least one callee');
  assert.equal(parts.length, Math.ceil(450 / 100));
});

test('partitions are balanced by size', () => {
  const sizes = [900, 700, 500, 400, 300, 300, 200, 200, 100, 100, 100, 100];
  const m = graph(sizes);
  const parts = planPartitions(m, 1000);
  assert.equal(parts.length, 4);
  const filled = parts.map((p) => p.reduce((n, i) => n + sizes[i]!, 0));
  assert.ok(Math.max(...filled) - Math.min(...filled) <= 200, `sizes ${filled.join(', ')}`);
});

test('the plan is deterministic, ordered, and ignores immediates', () => {
  const sizes = Array.from({ length: 40 }, (_, i) => 20 + ((i * 37) % 90));
  const calls = sizes.map((_, i) => (i + 1 < sizes.length ? [i + 1] : []));
  const a = planPartitions(graph(sizes, calls), 300);
  const b = planPartitions(graph(sizes, calls), 300);
  assert.deepEqual(a, b);
  for (const p of a) assert.deepEqual([...p], [...p].sort((x, y) => x - y));
  assert.deepEqual(a.map((p) => p[0]), a.map((p) => p[0]).sort((x, y) => x! - y!));
  const changed = graph(sizes, calls);
  changed.funcs[5]!.body[0] = ins('i32.const', { value: 1234 });
  assert.deepEqual(planPartitions(changed, 300), a);
});

test('size 1 gives one function per partition; a module within the size is one partition', () => {
  const m = graph([3, 5, 7], [[1], [2]]);
  assert.deepEqual(planPartitions(m, 1), [[0], [1], [2]]);
  assert.deepEqual(planPartitions(m, 15), [[0, 1, 2]]);
  assert.deepEqual(planPartitions(emptyModule(), 1), []);
  assert.throws(() => planPartitions(m, 0), RangeError);
});

const WAT = `
(module
  (import "env" "log" (func $log (param i32)))
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $double $inc)
  (memory 1)
  (data (i32.const 16) "hi")
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $apply (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "main") (result i32)
    (call $log (i32.const 7))
    (call $apply (call $double (i32.const 5)) (i32.const 1))))
`;

test('partition texts: hidden definitions once, hidden declarations, one set of signature constants; they link', (t) => {
  if (!requires(t, ['wat2wasm', 'opt-16', 'llvm-link-16'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-part-'));
  try {
    const m = decodeModule(readFileSync(wat2wasm({ text: WAT }, join(dir, 'm.wasm'))));
    validateModule(m);
    const parts = planPartitions(m, 1);
    assert.equal(parts.length, 4);
    const opts = { name: 'pm', exe: true };
    const texts = [0, 1, 2, 3, 4].map((k) => translatePartition(m, opts, parts, k));
    // Function i (funcidx 1 + i) is defined in partition i only, hidden.
    texts.forEach((text, k) => {
      const defs = [...text.matchAll(/^define (\w+) [^@]*@pm_f(\d+)\(/gm)].map((d) => [d[1], Number(d[2])]);
      assert.deepEqual(defs, k < 4 ? [['hidden', k + 1]] : [], `definitions of partition ${k}`);
    });
    assert.match(texts[3]!, /^declare hidden i32 @pm_f1\(ptr, i32\) nounwind$/m, 'main declares $double');
    // $apply's indirect call may reach a function that throws (env.log makes the module one that
    // may unwind: src/translate/unwind.ts), so it is declared without nounwind.
    assert.match(texts[3]!, /^declare hidden i32 @pm_f3\(ptr, i32, i32\)$/m, 'main declares $apply');
    assert.match(texts[2]!, /^@pm_sig\d+ = external hidden constant \[\d+ x i8\]$/m, 'call_indirect refers to the shared constant');
    assert.match(texts[4]!, /^@pm_sig\d+ = hidden constant /m, 'the module partition defines it');
    assert.doesNotMatch(texts.slice(0, 4).join('\n'), /^@pm_sig\d+ = (hidden|private)/m, 'defined nowhere else');
    assert.doesNotMatch(texts.slice(0, 4).join('\n'), /@pm_module|@pm_init|@pm_tramp/, 'module pieces only in the module partition');
    assert.match(texts[4]!, /^@pm_module = constant/m);
    const files = texts.map((text, k) => {
      const f = join(dir, `p${k}.ll`);
      writeFileSync(f, text);
      mustRun('opt-16', ['-passes=verify', '-disable-output', f]);
      return f;
    });
    const linked = mustRun('llvm-link-16', ['-S', ...files]);
    assert.doesNotMatch(linked, /^declare .*@pm_f\d+\(/m, 'every referenced function is defined');
    // One partition is no partitioning.
    assert.equal(planPartitions(m, 1000).length, 1);
    assert.match(translateModule(m, opts), /^define internal i32 @pm_f1\(/m);
    assert.deepEqual(translateParts(m, opts, 1000), [translateModule(m, opts)]);
    assert.deepEqual(translateParts(m, opts, 1), texts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

