// The entry point of the FP and Advanced SIMD lifter (issue 21, docs/elf-simd.md): the integer
// lifter (src/elf/lift/) hands it every instruction of the "scalar FP and Advanced SIMD data
// processing" group (bits 28..25 = x111) and the Advanced SIMD structure loads and stores
// ((insn & 0xbe000000) === 0x0c000000); it routes each to its family's lifter.

import type { A64Emitter } from './emit.js';
import { liftScalarFp } from './simd-fp.js';

/**
 * Lifts one FP or Advanced SIMD instruction `insn` at guest address `pc` through `e`. Returns
 * false, having emitted nothing, for an encoding it does not know (the caller reports it).
 */
export function liftSimdFp(e: A64Emitter, insn: number, pc: bigint): boolean {
  void pc; // no FP/SIMD instruction lifted here depends on its own address
  insn >>>= 0;
  // Scalar FP: bit 30 = 0, bits 28..25 = 1111.
  if ((insn & 0x5e000000) === 0x1e000000) return liftScalarFp(e, insn);
  return false;
}
