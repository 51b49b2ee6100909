// Lifting one non-branch A64 instruction through an A64Emitter: data processing (alu.ts),
// loads and stores (mem.ts), system register moves and hints (here), FP/SIMD (the SIMD lifter,
// simd.ts: the one place the integer lifter calls it). Branches, SVC and traps change control flow: the function lifter
// (func.ts) handles them. Also the entry point of the instruction-level differential harness
// (tests/elf/insn*).

import { EXCL_OFFSET, TPIDR_OFFSET } from '../state.js';
import { liftAlu, op } from './alu.js';
import { type Insn, SYSREG, decode } from './decode.js';
import type { A64Emitter } from './emit.js';
import { liftMem } from './mem.js';
import { liftSimdFp } from './simd.js';

/** Values of the read-only system registers a user program may read. */
const CONSTANT_SYSREGS = new Map<number, bigint>([
  // DZP set: DC ZVA is prohibited, so glibc's memset does not use it (we do not lift DC).
  [SYSREG.dczid_el0, 0x10n],
  // 64-byte cache lines for I and D (IminLine = DminLine = 4), as on a Cortex-A72.
  [SYSREG.ctr_el0, 0x8444c004n],
  // No implementer: glibc then picks its generic routines.
  [SYSREG.midr_el1, 0n],
  // A 1 GHz counter that does not advance (no time source here; glibc does not read it).
  [SYSREG.cntfrq_el0, 1000000000n],
  [SYSREG.cntvct_el0, 0n],
]);

/**
 * Lifts one non-branch instruction at `pc`; false when it is unknown (or a branch, SVC or
 * trap, which the caller lifts itself).
 */
export function liftInstruction(e: A64Emitter, insn: number, pc: bigint): boolean {
  return liftDecoded(e, decode(insn), insn, pc);
}

/** liftInstruction for an already decoded instruction. */
export function liftDecoded(e: A64Emitter, d: Insn, insn: number, pc: bigint): boolean {
  switch (d.k) {
    case 'simd':
      return liftSimdFp(e, insn, pc);
    case 'nop':
      return true;
    case 'clrex':
      e.emit(`store i64 -1, ptr ${stateField(e, EXCL_OFFSET)}, align 8`);
      return true;
    case 'mrs':
      return mrs(e, d.rt, d.reg);
    case 'msr':
      return msr(e, d.rt, d.reg);
    case 'ldst':
    case 'pair':
    case 'excl':
    case 'cas':
    case 'atomic':
    case 'prfm':
      return liftMem(e, d, pc);
    case 'b':
    case 'bcond':
    case 'cbz':
    case 'tbz':
    case 'branchReg':
    case 'svc':
    case 'trap':
    case 'unknown':
      return false;
    default:
      return liftAlu(e, d, pc);
  }
}

/** A `ptr` to a 64-bit field of the shared state. */
function stateField(e: A64Emitter, offset: number): string {
  return op(e, `getelementptr inbounds i8, ptr ${e.state()}, i32 ${offset}`);
}

function mrs(e: A64Emitter, rt: number, reg: number): boolean {
  const k = CONSTANT_SYSREGS.get(reg);
  if (k !== undefined) e.setX(rt, k.toString());
  else if (reg === SYSREG.tpidr_el0) e.setX(rt, op(e, `load i64, ptr ${stateField(e, TPIDR_OFFSET)}, align 8`));
  else if (reg === SYSREG.fpcr) e.setX(rt, e.fpReg('fpcr'));
  else if (reg === SYSREG.fpsr) e.setX(rt, e.fpReg('fpsr'));
  else if (reg === SYSREG.nzcv) {
    // N, Z, C, V are bits 31..28; EQ, CS, MI, VS read Z, C, N, V.
    const bit = (cond: number, at: number): string => op(e, `shl i64 ${op(e, `zext i1 ${e.cond(cond)} to i64`)}, ${at}`);
    const nz = op(e, `or i64 ${bit(4, 31)}, ${bit(0, 30)}`);
    const cv = op(e, `or i64 ${bit(2, 29)}, ${bit(6, 28)}`);
    e.setX(rt, op(e, `or i64 ${nz}, ${cv}`));
  } else return false;
  return true;
}

function msr(e: A64Emitter, rt: number, reg: number): boolean {
  const v = e.x(rt);
  if (reg === SYSREG.tpidr_el0) e.emit(`store i64 ${v}, ptr ${stateField(e, TPIDR_OFFSET)}, align 8`);
  else if (reg === SYSREG.fpcr) e.setFpReg('fpcr', v);
  else if (reg === SYSREG.fpsr) e.setFpReg('fpsr', v);
  else if (reg === SYSREG.nzcv) {
    const bit = (at: number): string => op(e, `trunc i64 ${op(e, `lshr i64 ${v}, ${at}`)} to i1`);
    e.setNZCV(bit(31), bit(30), bit(29), bit(28));
  } else return false;
  return true;
}
