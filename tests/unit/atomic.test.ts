/**
 * Atomics and shared memories (threads proposal, issue 18): the validation rules of
 * src/validate/atomic.ts and the shapes src/translate/atomic.ts emits (seq_cst accesses, the
 * "unaligned atomic" check before the bounds, acquire reads of a shared memory's size, the
 * wait/notify calls and wait's trap on an unshared memory). Running them is the spec
 * harness's job (proposals/threads/*.wast) and tests/e2e/threads.test.ts's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { ValidationError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

const FLAGS = ['--enable-threads', '--enable-memory64', '--no-check'];

function ir(text: string, bounds: 'guard' | 'explicit' = 'guard'): string {
  const m = decodeModule(watBytes(text, FLAGS));
  validateModule(m);
  return translateModule(m, { name: 'm', bounds });
}

function rejects(text: string, message: string): void {
  const m = decodeModule(watBytes(text, FLAGS));
  assert.throws(() => validateModule(m), (e: unknown) => e instanceof ValidationError && e.message.includes(message), text);
}

test('atomic validation: natural alignment only, a shared memory needs a maximum, a memory must exist', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  rejects('(module (memory 1 1 shared) (func (drop (i32.atomic.load align=2 (i32.const 0)))))', 'atomic alignment must be natural');
  rejects('(module (memory 1 1 shared) (func (drop (i64.atomic.rmw32.add_u align=2 (i32.const 0) (i64.const 0)))))', 'atomic alignment must be natural');
  rejects('(module (memory 1 1) (func (drop (i32.atomic.load align=8 (i32.const 0)))))', 'alignment must not be larger than natural');
  rejects('(module (memory 1 shared))', 'shared memory must have maximum');
  rejects('(module (func (drop (memory.atomic.notify (i32.const 0) (i32.const 0)))))', 'unknown memory');
  rejects('(module (memory 1 1 shared) (func (drop (i32.atomic.rmw.cmpxchg (i32.const 0) (i64.const 0) (i32.const 0)))))', 'type mismatch');
  // A 64-bit memory's atomics take i64 addresses.
  rejects('(module (memory i64 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))', 'type mismatch');
  const m = decodeModule(watBytes('(module (memory i64 1 1 shared) (func (drop (i32.atomic.load (i64.const 0)))))', FLAGS));
  assert.doesNotThrow(() => validateModule(m));
});

test('atomic translation: seq_cst accesses, the alignment trap before the access, narrow operands wrapped', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const out = ir(`(module (memory 1 2 shared)
    (func (export "f") (param i32 i64) (result i64)
      (i64.atomic.rmw16.cmpxchg_u offset=6 (local.get 0) (local.get 1) (i64.const 7)))
    (func (export "g") (param i32) (result i32)
      atomic.fence
      (i32.atomic.store8 (local.get 0) (i32.const 1))
      (i32.atomic.rmw.sub (local.get 0) (i32.atomic.load16_u (local.get 0)))))`);
  // offset 6 ≡ 0 (mod 2): the address's low bit decides.
  assert.match(out, /and i32 %p0, 1\n.*\n\s+br i1 %\d+, label %trap\.17\./);
  assert.match(out, /cmpxchg ptr %\d+, i16 %\d+, i16 %\d+ seq_cst seq_cst, align 2/);
  assert.match(out, /fence seq_cst/);
  assert.match(out, /store atomic i8 %\d+, ptr %\d+ seq_cst, align 1/);
  assert.match(out, /load atomic i16, ptr %\d+ seq_cst, align 2/);
  assert.match(out, /atomicrmw sub ptr %\d+, i32 %\d+ seq_cst, align 4/);
  // A 1-byte access cannot be unaligned: one alignment check per function with wider accesses.
  assert.equal((out.match(/label %trap\.17\./g) ?? []).length, 3);
  // An offset that is not a multiple of the width shifts the address before the check.
  assert.match(ir('(module (memory 1 1 shared) (func (param i32) (result i64) (i64.atomic.load offset=3 (local.get 0))))'), /add i32 %p0, 3\n\s+%\d+ = and i32 %\d+, 7/);
});

test('shared memories: size and pages read with acquire; wait on an unshared memory traps', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const shared = ir('(module (memory 1 2 shared) (func (param i32) (result i32) (i32.add (memory.size) (i32.load (local.get 0)))))', 'explicit');
  assert.equal((shared.match(/load atomic i64, ptr %\d+ acquire, align 8/g) ?? []).length, 2);
  const unshared = ir('(module (memory 1 2) (func (param i32) (result i32) (i32.add (memory.size) (i32.load (local.get 0)))))', 'explicit');
  assert.doesNotMatch(unshared, /load atomic/);
  const waits = ir(`(module (memory 1 2 shared)
    (func (param i32) (result i32) (memory.atomic.wait64 (local.get 0) (i64.const 1) (i64.const -1)))
    (func (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 3))))`);
  assert.match(waits, /call i32 @awsm_atomic_wait64\(ptr %ctx, ptr %\d+, i64 1, i64 -1\)/);
  assert.match(waits, /call i32 @awsm_atomic_notify\(ptr %ctx, ptr %\d+, i32 3\)/);
  const unsharedWait = ir('(module (memory 1 2) (func (param i32) (result i32) (memory.atomic.wait32 (local.get 0) (i32.const 1) (i64.const 0))))');
  assert.match(unsharedWait, /br i1 true, label %trap\.18\./);
  assert.doesNotMatch(unsharedWait, /@awsm_atomic_wait32/);
});

test('loops over a shared memory are not versioned (a flattened if arm stores back old values)', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const loop = (mem: string): string => `(module (memory ${mem})
    (func (param $n i32) (local $i i32)
      (loop $l
        (if (i32.load (local.get $i)) (then (i32.store offset=4 (local.get $i) (i32.const 1))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $n))))))`;
  assert.match(ir(loop('1 2')), /llvm\.experimental\.noalias\.scope\.decl/);
  assert.doesNotMatch(ir(loop('1 2 shared')), /llvm\.experimental\.noalias\.scope\.decl/);
});

test('wait and notify are bounds-checked explicitly in guard mode; a huge offset is aligned by its exact low bits', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const waits = ir('(module (memory 1 2 shared) (func (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1))))');
  assert.match(waits, /label %trap\.2\./, 'notify: no bounds check in guard mode');
  const load = ir('(module (memory 1 2 shared) (func (param i32) (result i32) (i32.atomic.load (local.get 0))))');
  assert.doesNotMatch(load, /label %trap\.2\./, 'a plain atomic load relies on the guard pages');
  // 2^60 + 3: a number rounds it to 2^60, whose low bits are 0 (wat2wasm refuses such offsets).
  if (!requires(t, ['wasm-tools'])) return;
  const text = '(module (memory i64 1 1 shared) (func (param i64) (result i32) (i32.atomic.load offset=1152921504606846979 (local.get 0))))';
  const r = spawnSync('wasm-tools', ['parse', '-'], { input: text });
  assert.equal(r.status, 0, String(r.stderr));
  const m = decodeModule(new Uint8Array(r.stdout));
  validateModule(m);
  assert.match(translateModule(m, { name: 'm', bounds: 'guard' }), /add i64 %p0, 3\n\s+%\d+ = and i64 %\d+, 3/);
});
