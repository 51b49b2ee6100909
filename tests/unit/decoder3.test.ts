/**
 * Unit tests for the decoder on Wasm 3.0 modules: the features of later issues are refused
 * with one line naming the feature and where (UnsupportedError), the encodings that 3.0 calls
 * malformed stay DecodeErrors, and the part-1 features (issue 15) decode into the Module.
 *
 * Inputs are hand-written bytes where the exact encoding matters, else text assembled by
 * wat2wasm with its --enable-… flags (a failure under CI=true when missing, a skip elsewhere).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import { DecodeError, UnsupportedError } from '../../src/errors.js';
import { requires, watBytes } from '../tools.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module from raw section bytes (each already including id and size). */
export function bin(...bytes: number[]): Uint8Array {
  return new Uint8Array([...HEADER, ...bytes]);
}

/** A section: id, size, contents. */
export function sec(id: number, ...contents: number[]): number[] {
  return [id, contents.length, ...contents];
}

/** A module with one [] -> [] function whose body (locals + code) is `body`, and `extra` sections before the code. */
export function withBody(body: number[], ...extra: number[][]): Uint8Array {
  return bin(...sec(1, 0x01, 0x60, 0x00, 0x00), ...sec(3, 0x01, 0x00), ...extra.flat(), ...sec(10, 0x01, body.length, ...body));
}

/** Decoding `bytes` throws an UnsupportedError whose message is exactly `message`. */
function unsupported(bytes: Uint8Array, message: string): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => e instanceof UnsupportedError && e.kind === 'unsupported' && e.message === message,
    `expected UnsupportedError "${message}"`,
  );
}

function malformed(bytes: Uint8Array, text: string): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => e instanceof DecodeError && e.message.includes(text),
    `expected DecodeError containing "${text}"`,
  );
}

// ---- features of later issues: unsupported, named ---------------------------------------------

test('exception handling: tag section, tag import/export, throw and try_table are unsupported', (t) => {
  unsupported(bin(...sec(13, 0x01, 0x00, 0x00)), 'unsupported: exception handling (tag section) at byte 0x8');
  unsupported(bin(...sec(2, 0x01, 0x01, 0x6d, 0x01, 0x74, 0x04, 0x00, 0x00)), 'unsupported: exception handling (tag import) at byte 0xf');
  unsupported(bin(...sec(7, 0x01, 0x01, 0x74, 0x04, 0x00)), 'unsupported: exception handling (tag export) at byte 0xd');
  // try_table (empty block type, no catches) … end; the opcode is at 0x17.
  unsupported(withBody([0x00, 0x1f, 0x40, 0x00, 0x0b, 0x0b]), 'unsupported: exception handling (try_table) at byte 0x17');
  unsupported(withBody([0x00, 0x0a, 0x0b]), 'unsupported: exception handling (throw_ref) at byte 0x17');
  if (!requires(t, ['wat2wasm'])) return;
  // An instruction of the feature is refused where it is met; a tag section at the end of decoding.
  const thrower = watBytes('(module (tag $e (param i32)) (func (throw $e (i32.const 1))))', ['--enable-exceptions']);
  assert.throws(() => decodeModule(thrower), /^UnsupportedError: unsupported: exception handling \(throw\) at byte 0x22$/);
  const tagOnly = watBytes('(module (tag $e (param i32)) (func))', ['--enable-exceptions']);
  assert.throws(() => decodeModule(tagOnly), /^UnsupportedError: unsupported: exception handling \(tag section\) at byte 0x16$/);
  // A malformed tag section is malformed, not unsupported (binary.wast: "\0d\00").
  malformed(bin(0x0d, 0x00), 'unexpected end');
  malformed(bin(...sec(2, 0x01, 0x00, 0x00, 0x04)), 'unexpected end');
});

test('typed references and GC: types and instructions are unsupported', () => {
  // (type (func (param (ref null 0)))) — a typed reference in a function type.
  unsupported(bin(...sec(1, 0x01, 0x60, 0x01, 0x63, 0x00, 0x00)), 'unsupported: typed function references ((ref null ht)) at byte 0xd');
  unsupported(bin(...sec(1, 0x01, 0x5f, 0x00)), 'unsupported: garbage collection (struct type) at byte 0xb');
  unsupported(bin(...sec(1, 0x01, 0x4e, 0x00)), 'unsupported: garbage collection (recursive type group) at byte 0xb');
  unsupported(bin(...sec(6, 0x01, 0x6e, 0x00, 0xd0, 0x6e, 0x0b)), 'unsupported: garbage collection (anyref) at byte 0xb');
  unsupported(bin(...sec(4, 0x01, 0x40, 0x00, 0x70, 0x00, 0x00, 0xd0, 0x70, 0x0b)), 'unsupported: typed function references (table with an initialiser) at byte 0xb');
  unsupported(withBody([0x00, 0xd0, 0x00, 0x1a, 0x0b]), 'unsupported: typed function references (ref.null of a type index) at byte 0x18');
  unsupported(withBody([0x00, 0xfb, 0x00, 0x0b]), 'unsupported: garbage collection (GC instruction prefix 0xfb) at byte 0x17');
  unsupported(withBody([0x00, 0xd0, 0x69, 0x1a, 0x0b]), 'unsupported: exception handling (exnref) at byte 0x18');
});
