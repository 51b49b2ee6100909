/**
 * Encodings of Wasm 3.0 (and of later proposals) that awsm recognises but does not decode:
 * GC (exception handling, also its legacy form, is decoded: tags.ts; typed function
 * references by decoder.ts; the threads proposal's atomics and shared memories by the opcode
 * table and limits.ts). The decoder asks here before it
 * reports an unknown byte as malformed, so that a well-formed 3.0 module gets one line naming
 * the feature (`unsupported: garbage collection (ref.eq) at byte 0x2a`) instead of
 * "illegal opcode" or "malformed value type".
 */
import { UnsupportedError } from '../errors.js';

/** Feature names, as the messages give them (issue 15: "naming the feature"). */
export const GC = 'garbage collection';

/** Single-byte opcodes of the later features: opcode → [feature, instruction]. */
const OPCODES = new Map<number, [string, string]>([
  [0xd3, [GC, 'ref.eq']],
  [0xfb, [GC, 'GC instruction prefix 0xfb']],
]);

/** Type and heap-type bytes of the later features: byte → [feature, type]. */
const TYPES = new Map<number, [string, string]>([
  [0x6e, [GC, 'anyref']],
  [0x6d, [GC, 'eqref']],
  [0x6c, [GC, 'i31ref']],
  [0x6b, [GC, 'structref']],
  [0x6a, [GC, 'arrayref']],
  [0x71, [GC, 'nullref']],
]);

/** Throw the feature's UnsupportedError if `b` at `at` is an opcode of a later feature. */
export function unsupportedOpcode(b: number, at: number): void {
  const known = OPCODES.get(b);
  if (known !== undefined) throw new UnsupportedError(known[0], known[1], { offset: at });
}

/** Throw the feature's UnsupportedError if `b` at `at` is a type of a later feature. */
export function unsupportedType(b: number, at: number): void {
  const known = TYPES.get(b);
  if (known !== undefined) throw new UnsupportedError(known[0], known[1], { offset: at });
}
