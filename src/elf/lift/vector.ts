// The one place the integer lifter calls the FP/Advanced SIMD lifter (h-elfv's simd.ts):
// every instruction of the "scalar FP and Advanced SIMD" group and the SIMD structure
// loads/stores goes through liftSimdFp. Until simd.ts lands this reports them all unknown.

import type { A64Emitter } from './emit.js';

/** Lifts an FP/SIMD instruction; false when it is not one the SIMD lifter knows. */
export function liftVector(_e: A64Emitter, _insn: number, _pc: bigint): boolean {
  return false;
}
