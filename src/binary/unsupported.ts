/**
 * Encodings of later proposals that awsm recognises but does not decode, and the names of
 * features the messages give. Every encoding of Wasm 3.0 is decoded (GC's types and
 * instructions: decoder.ts, opcodes.ts; exception handling, also its legacy form: tags.ts);
 * what the translator cannot compile yet, src/translate/support.ts refuses after validation.
 *
 * Threads is not part of Wasm 3.0: under 3.0 its encodings are malformed, and they stay
 * DecodeErrors (the testsuite's assert_malformed agrees), with a message naming the proposal.
 */
import { DecodeError } from '../errors.js';

/** Feature names, as the messages give them (issue 15: "naming the feature"). */
export const GC = 'garbage collection';

/** Throw a DecodeError naming the proposal if `b` at `at` is an opcode of a later feature. */
export function unsupportedOpcode(b: number, at: number): void {
  if (b === 0xfe) throw new DecodeError('illegal opcode 0xfe: atomic instructions (threads proposal, not part of Wasm 3.0) are not supported', at);
}
