/**
 * The module environment's queries (src/translate/env.ts): how each function is called, and
 * where a memory is and how it is addressed. The families emit from these answers; the IR
 * they lead to is covered by the golden tests (tests/golden/calls.ll).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { CompileError } from '../../src/errors.js';
import { ModuleContext, type BoundsMode } from '../../src/translate/context.js';
import { calleeOf, llvmSignature, memoryOf } from '../../src/translate/env.js';
import { requires, watBytes } from '../tools.js';

const WAT = `(module
  (import "env" "log" (func $log (param i32 f64)))
  (memory 1)
  (func $add (param i32 i64) (result i64) (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
  (func $pair (result i32 f32) (i32.const 1) (f32.const 2)))`;

function context(bounds: BoundsMode): ModuleContext {
  const m = decodeModule(watBytes(WAT));
  return new ModuleContext(m, { name: 'm', bounds, exe: false, triple: 'x86_64-pc-linux-gnu', versionLoops: true, volatileAccesses: false, quick: false });
}

test('env: how each function is called', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const cx = context('guard');
  const log = calleeOf(cx, 0);
  assert.equal(log.kind, 'imported');
  assert.equal(log.obj, 0);
  assert.deepEqual(log.sig, { ret: 'void', params: ['i32', 'double'] });
  const add = calleeOf(cx, 1);
  assert.equal(add.kind, 'defined');
  assert.equal(add.kind === 'defined' && add.symbol, cx.funcSymbol(1));
  assert.equal(add.obj, 1);
  assert.deepEqual(add.sig, { ret: 'i64', params: ['i32', 'i64'] });
  assert.deepEqual(calleeOf(cx, 2).sig, { ret: '{ i32, float }', params: [] });
  assert.throws(() => calleeOf(cx, 3), /no function 3/);
  assert.deepEqual(llvmSignature({ params: ['v128', 'funcref'], results: [] }), { ret: 'void', params: ['<2 x i64>', 'ptr'] });
});

test('env: memory 0 is addressed by i32; its base is fixed only in guard mode', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const classic = { memidx: 0, addrType: 'i32', pageSizeLog2: 16, smallAddresses: true, shared: false };
  assert.deepEqual(memoryOf(context('guard'), 0), { ...classic, fixedBase: true, bounds: 'guard' });
  assert.deepEqual(memoryOf(context('explicit'), 0), { ...classic, fixedBase: false, bounds: 'explicit' });
  assert.equal(memoryOf(context('none'), 0).fixedBase, false);
  assert.throws(() => memoryOf(context('guard'), 1), (e) => e instanceof CompileError && /no memory 1/.test(e.message));
});

test('env: each memory is described by its own type; 64-bit memories are checked explicitly in guard mode', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes('(module (memory 1) (memory i64 2) (memory 3))', ['--enable-memory64', '--enable-multi-memory']));
  const opts = { name: 'm', exe: false, triple: 'x86_64-pc-linux-gnu', versionLoops: true, volatileAccesses: false, quick: false };
  const guard = new ModuleContext(m, { ...opts, bounds: 'guard' });
  assert.deepEqual(memoryOf(guard, 1), { memidx: 1, addrType: 'i64', pageSizeLog2: 16, fixedBase: true, bounds: 'explicit', smallAddresses: false, shared: false });
  assert.deepEqual(memoryOf(guard, 2), { memidx: 2, addrType: 'i32', pageSizeLog2: 16, fixedBase: true, bounds: 'guard', smallAddresses: true, shared: false });
  const none = new ModuleContext(m, { ...opts, bounds: 'none' });
  assert.equal(memoryOf(none, 1).bounds, 'none');
  // A memory of 1-byte pages (custom page sizes): wat2wasm 1.0.32 has no syntax for it.
  const bytes = { ...m, mems: [{ addrType: 'i32' as const, limits: { min: 5 }, pageSizeLog2: 0 }] };
  assert.deepEqual(memoryOf(new ModuleContext(bytes, { ...opts, bounds: 'guard' }), 0), {
    memidx: 0, addrType: 'i32', pageSizeLog2: 0, fixedBase: true, bounds: 'explicit', smallAddresses: false, shared: false,
  });
});
