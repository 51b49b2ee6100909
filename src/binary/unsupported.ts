/**
 * Encodings of Wasm 3.0 (and of later proposals) that awsm recognises but does not decode:
 * GC's instructions and threads (GC's types, recursive groups and abstract heap types are
 * decoded: decoder.ts, types.ts; exception handling, also its legacy form: tags.ts). The decoder asks here before it
 * reports an unknown byte as malformed, so that a well-formed 3.0 module gets one line naming
 * the feature (`unsupported: garbage collection (ref.eq) at byte 0x2a`) instead of
 * "illegal opcode" or "malformed value type".
 *
 * Threads is not part of Wasm 3.0: under 3.0 its encodings are malformed, and they stay
 * DecodeErrors (the testsuite's assert_malformed agrees), with a message naming the proposal.
 */
import { DecodeError, UnsupportedError } from '../errors.js';

/** Feature names, as the messages give them (issue 15: "naming the feature"). */
export const GC = 'garbage collection';

/** Single-byte opcodes of the later features: opcode → [feature, instruction]. */
const OPCODES = new Map<number, [string, string]>([
  [0xd3, [GC, 'ref.eq']],
  [0xfb, [GC, 'GC instruction prefix 0xfb']],
]);

/** Throw the feature's UnsupportedError if `b` at `at` is an opcode of a later feature. */
export function unsupportedOpcode(b: number, at: number): void {
  const known = OPCODES.get(b);
  if (known !== undefined) throw new UnsupportedError(known[0], known[1], { offset: at });
  if (b === 0xfe) throw new DecodeError('illegal opcode 0xfe: atomic instructions (threads proposal, not part of Wasm 3.0) are not supported', at);
}
