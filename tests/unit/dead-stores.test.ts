/**
 * The quick tier's dead stores (src/llvm/dead-stores.ts, FunctionBuilder.storeLocal with
 * `lean`): a store into a local alloca overwritten in its block before any read is left out,
 * and so is every store into a local nothing reads; a load, a block end, another use of the
 * address, a store that must stay, and the optimising tier (`lean` off) keep them.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

import { FunctionBuilder, i32 } from '../../src/llvm/builder.js';

/** A function `@f(i32 %x)` built with `lean` (the quick tier) unless `lean` is false. */
function fn(build: (f: FunctionBuilder) => void, lean = true): string {
  const f = new FunctionBuilder('@f', 'void', [{ ty: 'i32', name: 'x' }]);
  f.lean = lean;
  f.numbered = true;
  build(f);
  return f.toString();
}

/** The stores of `text`, as `value -> alloca`. */
function stores(text: string): string[] {
  return [...text.matchAll(/^ {2}store i32 (\S+), ptr (\S+)$/gm)].map((m) => `${m[1]} -> ${m[2]}`);
}

test('a store overwritten in its block before any read is left out', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    f.storeLocal(i32(0), l, true);
    f.storeLocal(f.param(0), l, true);
    f.ret(f.load('i32', l));
  });
  assert.deepEqual(stores(text), ['%x -> %l0']);
});

test('a load between the stores keeps the first', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    f.storeLocal(i32(0), l, true);
    const v = f.load('i32', l);
    f.storeLocal(f.add(v, f.param(0)), l, true);
    f.ret(f.load('i32', l));
  });
  assert.deepEqual(stores(text), ['0 -> %l0', '%1 -> %l0']);
});

test('a block end between the stores keeps the first (a successor may read it)', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    f.storeLocal(i32(1), l, true);
    f.setBlock(f.newBlock());
    f.storeLocal(f.param(0), l, true);
    f.ret(f.load('i32', l));
  });
  assert.deepEqual(stores(text), ['1 -> %l0', '%x -> %l0']);
});

test('any other use of the address reads it: its stores all stay', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    const m = f.alloca('i32', 'l', true);
    f.storeLocal(i32(2), l, true);
    f.call('void', '@g', [l]); // the address escapes: @g may read it
    f.storeLocal(i32(3), l, true);
    f.storeLocal(i32(4), m, true);
    f.gep('i8', m, [i32(0)]); // never loaded, but its address is used
    f.ret();
  });
  assert.deepEqual(stores(text), ['2 -> %l0', '3 -> %l0', '4 -> %l1']);
  assert.match(text, /%l1 = alloca i32/);
});

test('stores into a local nothing reads are left out, with its alloca', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    const r = f.alloca('i32', 'l', true);
    f.storeLocal(i32(5), l, true);
    f.setBlock(f.newBlock());
    f.storeLocal(f.param(0), l, true);
    f.storeLocal(i32(6), r, true);
    f.ret(f.load('i32', r));
  });
  assert.deepEqual(stores(text), ['6 -> %l1']);
  assert.doesNotMatch(text, /%l0 = alloca/);
});

test('a store that must stay is kept, and still ends the one before it', () => {
  const text = fn((f) => {
    const l = f.alloca('i32', 'l', true);
    f.storeLocal(i32(7), l, true);
    f.storeLocal(f.param(0), l, false); // e.g. a value loaded from linear memory in guard mode
    f.storeLocal(i32(8), l, true);
    f.ret();
  });
  assert.deepEqual(stores(text), ['%x -> %l0'], 'the kept store stays although nothing reads the local');
  assert.match(text, /%l0 = alloca i32/);
});

test('allocas not made local, and the optimising tier, keep every store', () => {
  const build = (local: boolean) => (f: FunctionBuilder): void => {
    const l = f.alloca('i32', 'l', local);
    f.storeLocal(i32(0), l, true);
    f.storeLocal(i32(1), l, true);
    f.ret();
  };
  assert.deepEqual(stores(fn(build(false))), ['0 -> %l0', '1 -> %l0']);
  assert.deepEqual(stores(fn(build(true), false)), ['0 -> %l0', '1 -> %l0']);
});
