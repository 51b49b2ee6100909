// The one place the integer lifter calls the FP/Advanced SIMD lifter (h-elfv's simd.ts):
// every instruction of the "scalar FP and Advanced SIMD" group and the SIMD structure
// loads/stores goes through liftSimdFp.

import type { A64Emitter } from './emit.js';
import { liftSimdFp } from './simd.js';

/** Lifts an FP/SIMD instruction; false when it is not one the SIMD lifter knows. */
export function liftVector(e: A64Emitter, insn: number, pc: bigint): boolean {
  return liftSimdFp(e, insn, pc);
}
