// The entry point of the FP and Advanced SIMD lifter (issue 21, docs/elf-simd.md): the integer
// lifter (src/elf/lift/) hands it every instruction of the "scalar FP and Advanced SIMD data
// processing" group (bits 28..25 = x111) and the Advanced SIMD structure loads and stores
// ((insn & 0xbe000000) === 0x0c000000); it routes each to its family's lifter by the A64
// encoding tables' group bits.

import type { A64Emitter } from './emit.js';
import { liftScalarFp } from './simd-fp.js';
import { liftSimdLoadStore } from './simd-ldst.js';
import { copy, ext, modifiedImmediate, permute, shiftImmediate, tableLookup } from './simd-perm.js';
import { acrossLanes, byElement, scalarPairwise, threeDifferent, threeSame, twoRegMisc } from './simd-vec.js';

/**
 * Lifts one FP or Advanced SIMD instruction `insn` at guest address `pc` through `e`. Returns
 * false, having emitted nothing, for an encoding it does not know (the caller reports it).
 */
export function liftSimdFp(e: A64Emitter, insn: number, pc: bigint): boolean {
  void pc; // no FP/SIMD instruction lifted here depends on its own address
  insn >>>= 0;
  if ((insn & 0xbe000000) === 0x0c000000) return liftSimdLoadStore(e, insn);
  // Scalar FP: bit 30 = 0, bits 28..25 = 1111.
  if ((insn & 0x5e000000) === 0x1e000000) return liftScalarFp(e, insn);
  // Advanced SIMD vector: bits 31 = 0, 28..25 = 0111; scalar: bits 31..30 = 01, 28..25 = 1111.
  if ((insn & 0x9e000000) === 0x0e000000) return vector(e, insn);
  if ((insn & 0xde000000) === 0x5e000000) return scalar(e, insn);
  return false;
}

/** The Advanced SIMD vector groups. */
function vector(e: A64Emitter, insn: number): boolean {
  if (((insn >>> 24) & 1) === 1) {
    if (((insn >>> 10) & 1) === 0) return byElement(e, insn, false);
    return ((insn >>> 19) & 15) === 0 ? modifiedImmediate(e, insn) : shiftImmediate(e, insn, false);
  }
  if (((insn >>> 21) & 1) === 1) {
    if (((insn >>> 10) & 1) === 1) return threeSame(e, insn, false);
    if (((insn >>> 10) & 3) === 0) return threeDifferent(e, insn);
    const group = (insn >>> 17) & 15;
    if (group === 0) return twoRegMisc(e, insn, false);
    if (group === 8) return acrossLanes(e, insn);
    return false;
  }
  if ((insn & 0xbfe08c00) === 0x0e000000) return tableLookup(e, insn);
  if ((insn & 0xbf208c00) === 0x0e000800) return permute(e, insn);
  if ((insn & 0xbfe08400) === 0x2e000000) return ext(e, insn);
  if ((insn & 0x9fe08400) === 0x0e000400) return copy(e, insn, false);
  return false;
}

/** The Advanced SIMD scalar groups. */
function scalar(e: A64Emitter, insn: number): boolean {
  if (((insn >>> 24) & 1) === 1) {
    if (((insn >>> 10) & 1) === 0) return byElement(e, insn, true);
    return ((insn >>> 19) & 15) === 0 ? false : shiftImmediate(e, insn, true);
  }
  if (((insn >>> 21) & 1) === 1) {
    if (((insn >>> 10) & 1) === 1) return threeSame(e, insn, true);
    if (((insn >>> 10) & 3) !== 2) return false;
    const group = (insn >>> 17) & 15;
    if (group === 0) return twoRegMisc(e, insn, true);
    if (group === 8) return scalarPairwise(e, insn);
    return false;
  }
  if ((insn & 0xdfe08400) === 0x5e000400) return copy(e, insn, true);
  return false;
}
