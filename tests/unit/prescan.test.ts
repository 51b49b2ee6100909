/**
 * The pre-scan pass (src/translate/prescan.ts) on small function bodies: the locals read, calls
 * and memory use, and per loop the locals set inside it, an inner loop's sets counted in the
 * loop around it too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import type { Instr } from '../../src/binary/module.js';
import { preScan } from '../../src/translate/prescan.js';
import { requires, watBytes } from '../tools.js';

/** The body of the module's only function. */
function body(wat: string): Instr[] {
  return decodeModule(watBytes(`(module (memory 1) ${wat})`)).funcs[0]!.body;
}

/** Per loop, in body order: the locals set in it, sorted (null: too many to track). */
function loopWrites(b: Instr[]): Array<number[] | null> {
  const s = preScan(b);
  return b.filter((i) => i.op.name === 'loop').map((l) => {
    const w = s.loopWrites.get(l);
    return w === null || w === undefined ? null : [...w].sort((x, y) => x - y);
  });
}

test('prescan: locals read, calls and memory use', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const s = preScan(body('(func (param i32) (local i32 i32) (local.set 1 (local.get 0)) (drop (local.get 2)))'));
  assert.deepEqual([...s.readLocals].sort(), [0, 2]);
  assert.equal(s.hasCall, false);
  assert.deepEqual([...s.memories], []);
  const m = preScan(body('(func $f (drop (i32.load (i32.const 0))) (call $f))'));
  assert.equal(m.hasCall, true);
  assert.deepEqual([...m.memories], [0]);
});

test('prescan: the locals a loop sets include those of its inner loops, not of its blocks\' neighbours', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const b = body(`(func (local i32 i32 i32 i32)
    (local.set 3 (i32.const 0))
    (loop $outer
      (local.set 0 (i32.const 1))
      (block (local.set 1 (i32.const 2)))
      (loop $inner (local.set 2 (local.tee 1 (i32.const 3))) (br_if $inner (local.get 2)))
      (br_if $outer (local.get 0)))
    (loop $after (br_if $after (local.get 3))))`);
  assert.deepEqual(loopWrites(b), [[0, 1, 2], [1, 2], []]);
});

test('prescan: a loop setting more than 64 locals is tracked as "too many" (null), and so is its outer loop', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const sets = Array.from({ length: 65 }, (_, i) => `(local.set ${i} (i32.const 0))`).join(' ');
  const b = body(`(func (local ${'i32 '.repeat(65)}) (loop (loop ${sets})))`);
  assert.deepEqual(loopWrites(b), [null, null]);
});

test('prescan: a try_table is a block: a set after its end is still inside the loop', () => {
  // (func (local i32) (loop (try_table (nop)) (local.set 0 (i32.const 1)) (br 0)))
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
    0x0a, 0x14, 0x01, 0x12, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x1f, 0x40, 0x00, 0x01, 0x0b, 0x41, 0x01, 0x21, 0x00, 0x0c,
    0x00, 0x0b, 0x0b,
  ]);
  assert.deepEqual(loopWrites(decodeModule(bytes).funcs[0]!.body), [[0]]);
});
