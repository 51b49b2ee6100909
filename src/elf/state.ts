// The guest CPU state of a translated AArch64 program (docs/elf.md): where each register lives
// in the `struct a64_state` that the lifted code and the syscall layer share. This file and
// runtime/elf/state.h describe one layout; tests/unit/elf-state.test.ts compares them.
//
// Lifted functions keep registers in SSA values (a local copy of the state that LLVM's SROA
// promotes) and write them back to the shared state only where someone else may look: at a
// system call, a call through the dispatcher, an exit.

/** Byte offset of X0..X30 (8 bytes each, little-endian). */
export const X_OFFSET = 0;
/** Byte offset of SP (the stack pointer; register number 31 in address positions). */
export const SP_OFFSET = 248;
/** Byte offset of PC: the guest address to continue at when control passes through the dispatcher. */
export const PC_OFFSET = 256;
/** Byte offsets of the flags N, Z, C, V: one byte each, 0 or 1. */
export const N_OFFSET = 264;
export const Z_OFFSET = 265;
export const C_OFFSET = 266;
export const V_OFFSET = 267;
/** Byte offset of TPIDR_EL0 (the thread pointer glibc's TLS uses). */
export const TPIDR_OFFSET = 272;
/** Byte offset of FPCR (rounding mode, flush-to-zero, default NaN: as the architecture's bits). */
export const FPCR_OFFSET = 280;
/** Byte offset of FPSR (cumulative exception bits, QC). */
export const FPSR_OFFSET = 288;
/** Byte offset of the exclusive monitor: the address LDXR/LDAXR marked, or all ones when clear. */
export const EXCL_OFFSET = 296;
/** Byte offset of V0..V31 (16 bytes each, little-endian lanes; 16-byte aligned). */
export const V_REG_OFFSET = 304;
/** Size of the whole state in bytes. */
export const STATE_SIZE = 816;

/** Byte offset of Xn (0..30). */
export function xOffset(n: number): number {
  return X_OFFSET + 8 * n;
}

/** Byte offset of Vn (0..31). */
export function vOffset(n: number): number {
  return V_REG_OFFSET + 16 * n;
}
