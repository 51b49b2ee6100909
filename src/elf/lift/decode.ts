// The A64 decoder for everything outside FP/Advanced SIMD data processing: one 32-bit word →
// an `Insn` (a tagged record of the fields the lifter needs), or `unknown`. Covers the
// encoding groups gcc -O2 and static glibc 2.36 use (docs/elf-lifting.md "Coverage"):
// data processing (immediate, register), branches, exception generation, system (hints,
// barriers, MRS/MSR of the registers glibc touches). Loads and stores are in decode-mem.ts;
// FP/SIMD data processing is decoded by the SIMD lifter (simd*.ts) itself (kind `simd`).
//
// Names follow the Arm ARM: sf (64-bit form), rd/rn/rm/ra/rt, imms/immr, cond, nzcv.

import { bits, sext } from './bits.js';
import { type MemInsn, decodeMem } from './decode-mem.js';

export { bits, sext };

/** Shift types of shifted-register operands. */
export type Shift = 'lsl' | 'lsr' | 'asr' | 'ror';
const SHIFTS: readonly Shift[] = ['lsl', 'lsr', 'asr', 'ror'];

/** One decoded instruction. Register numbers are 0..31 (31: XZR or SP by context). */
export type Insn =
  /** ADD/SUB (immediate), with flags when `s`; `imm` already shifted. */
  | { k: 'addSubImm'; sf: boolean; sub: boolean; s: boolean; rd: number; rn: number; imm: bigint }
  /** AND/ORR/EOR/ANDS (immediate): opc 0..3; `imm` is the decoded bitmask. */
  | { k: 'logicImm'; sf: boolean; opc: number; rd: number; rn: number; imm: bigint }
  /** MOVN/MOVZ/MOVK: `imm16 << shift`. */
  | { k: 'movWide'; sf: boolean; op: 'n' | 'z' | 'k'; rd: number; imm16: number; shift: number }
  /** SBFM (opc 0), BFM (1), UBFM (2) and their aliases (LSL, LSR, ASR, SXTW, UBFX, BFI, …). */
  | { k: 'bitfield'; sf: boolean; opc: number; rd: number; rn: number; immr: number; imms: number }
  /** EXTR (and ROR immediate). */
  | { k: 'extr'; sf: boolean; rd: number; rn: number; rm: number; lsb: number }
  /** ADR (offset from pc) / ADRP (offset from pc's 4 KiB page). */
  | { k: 'adr'; page: boolean; rd: number; imm: bigint }
  /** ADD/SUB (shifted register), with flags when `s`. */
  | { k: 'addSubShift'; sf: boolean; sub: boolean; s: boolean; rd: number; rn: number; rm: number; shift: Shift; amount: number }
  /** ADD/SUB (extended register): `option` is the extend (UXTB..SXTX), `amount` 0..4. */
  | { k: 'addSubExt'; sf: boolean; sub: boolean; s: boolean; rd: number; rn: number; rm: number; option: number; amount: number }
  /** AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register): opc 0..3, `not` inverts rm. */
  | { k: 'logicShift'; sf: boolean; opc: number; not: boolean; rd: number; rn: number; rm: number; shift: Shift; amount: number }
  /** ADC/ADCS/SBC/SBCS. */
  | { k: 'adcSbc'; sf: boolean; sub: boolean; s: boolean; rd: number; rn: number; rm: number }
  /** CCMN/CCMP (register, or immediate when `imm` is set: then `rm` holds imm5). */
  | { k: 'condCmp'; sf: boolean; sub: boolean; imm: boolean; rn: number; rm: number; cond: number; nzcv: number }
  /** CSEL (op 0), CSINC (1), CSINV (2), CSNEG (3). */
  | { k: 'condSel'; sf: boolean; op: number; rd: number; rn: number; rm: number; cond: number }
  /** Data processing, one source. */
  | { k: 'dp1'; sf: boolean; op: 'rbit' | 'rev16' | 'rev32' | 'rev' | 'clz' | 'cls'; rd: number; rn: number }
  /** Data processing, two sources. */
  | { k: 'dp2'; sf: boolean; op: 'udiv' | 'sdiv' | 'lslv' | 'lsrv' | 'asrv' | 'rorv'; rd: number; rn: number; rm: number }
  /** Data processing, three sources (MADD/MSUB and the long and high multiplies). */
  | { k: 'dp3'; sf: boolean; op: 'madd' | 'msub' | 'smaddl' | 'smsubl' | 'umaddl' | 'umsubl' | 'smulh' | 'umulh'; rd: number; rn: number; rm: number; ra: number }
  /** B / BL: `imm` is the byte offset from pc. */
  | { k: 'b'; link: boolean; imm: bigint }
  /** B.cond. */
  | { k: 'bcond'; cond: number; imm: bigint }
  /** CBZ/CBNZ. */
  | { k: 'cbz'; sf: boolean; nz: boolean; rt: number; imm: bigint }
  /** TBZ/TBNZ on bit `bit` of Xt. */
  | { k: 'tbz'; nz: boolean; rt: number; bit: number; imm: bigint }
  /** BR, BLR, RET (and their pointer-authentication-free forms only). */
  | { k: 'branchReg'; op: 'br' | 'blr' | 'ret'; rn: number }
  /** SVC #imm. */
  | { k: 'svc'; imm: number }
  /** BRK, HLT, UDF, HVC/SMC…: stops the program. */
  | { k: 'trap'; what: string }
  /** NOP, hints (incl. BTI, PACIASP-style hints that are NOPs without PAC), barriers, PRFM. */
  | { k: 'nop' }
  /** CLREX: clears the exclusive monitor. */
  | { k: 'clrex' }
  /** MRS Xt, <sysreg> / MSR <sysreg>, Xt; `reg` is op0:op1:CRn:CRm:op2 (insn bits 20..5). */
  | { k: 'mrs'; rt: number; reg: number }
  | { k: 'msr'; rt: number; reg: number }
  /** Scalar FP / Advanced SIMD data processing or SIMD structure load/store: the SIMD lifter's. */
  | { k: 'simd' }
  | MemInsn
  /** Anything else. */
  | { k: 'unknown' };

/** System registers as MRS/MSR's `reg` field (op0:op1:CRn:CRm:op2). */
export const SYSREG = {
  tpidr_el0: sysreg(3, 3, 13, 0, 2),
  fpcr: sysreg(3, 3, 4, 4, 0),
  fpsr: sysreg(3, 3, 4, 4, 1),
  nzcv: sysreg(3, 3, 4, 2, 0),
  dczid_el0: sysreg(3, 3, 0, 0, 7),
  ctr_el0: sysreg(3, 3, 0, 0, 1),
  midr_el1: sysreg(3, 0, 0, 0, 0),
  cntvct_el0: sysreg(3, 3, 14, 0, 2),
  cntfrq_el0: sysreg(3, 3, 14, 0, 0),
} as const;

function sysreg(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/** Decodes one instruction word. */
export function decode(insn: number): Insn {
  const op0 = bits(insn, 28, 25);
  if ((op0 & 0b1110) === 0b1000) return decodeDpImm(insn);
  if ((op0 & 0b1110) === 0b1010) return decodeBranchSys(insn);
  if ((op0 & 0b0111) === 0b0101) return decodeDpReg(insn);
  if ((op0 & 0b0111) === 0b0111) return { k: 'simd' };
  if ((op0 & 0b0101) === 0b0100) {
    if ((insn & 0xbe000000) === 0x0c000000) return { k: 'simd' }; // LD1..LD4/ST1..ST4, LD1R…
    return decodeMem(insn);
  }
  if ((insn & 0xffff0000) === 0) return { k: 'trap', what: 'udf' };
  return { k: 'unknown' };
}

/** DecodeBitMasks of the Arm ARM for logical immediates; undefined for reserved encodings. */
export function bitMask(sf: boolean, n: number, immr: number, imms: number): bigint | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1 || (!sf && n === 1)) return undefined;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return undefined;
  const ones = (1n << BigInt(s + 1)) - 1n;
  const emask = (1n << BigInt(esize)) - 1n;
  const welem = r === 0 ? ones : ((ones >> BigInt(r)) | (ones << BigInt(esize - r))) & emask;
  const width = sf ? 64 : 32;
  let v = 0n;
  for (let i = 0; i < width; i += esize) v |= welem << BigInt(i);
  return v;
}

function decodeDpImm(insn: number): Insn {
  const sf = bits(insn, 31, 31) === 1;
  const rd = bits(insn, 4, 0);
  const rn = bits(insn, 9, 5);
  switch (bits(insn, 25, 23)) {
    case 0b000:
    case 0b001: {
      const imm = (sext(bits(insn, 23, 5), 19) << 2n) | BigInt(bits(insn, 30, 29));
      return { k: 'adr', page: sf, rd, imm: sf ? imm << 12n : imm };
    }
    case 0b010: {
      const imm = BigInt(bits(insn, 21, 10)) << (bits(insn, 22, 22) === 1 ? 12n : 0n);
      return { k: 'addSubImm', sf, sub: bits(insn, 30, 30) === 1, s: bits(insn, 29, 29) === 1, rd, rn, imm };
    }
    case 0b011:
      return { k: 'unknown' }; // add/sub immediate with tags (MTE)
    case 0b100: {
      const imm = bitMask(sf, bits(insn, 22, 22), bits(insn, 21, 16), bits(insn, 15, 10));
      if (imm === undefined) return { k: 'unknown' };
      return { k: 'logicImm', sf, opc: bits(insn, 30, 29), rd, rn, imm };
    }
    case 0b101: {
      const opc = bits(insn, 30, 29);
      const hw = bits(insn, 22, 21);
      if (opc === 1 || (!sf && hw >= 2)) return { k: 'unknown' };
      return { k: 'movWide', sf, op: opc === 0 ? 'n' : opc === 2 ? 'z' : 'k', rd, imm16: bits(insn, 20, 5), shift: hw * 16 };
    }
    case 0b110: {
      const opc = bits(insn, 30, 29);
      const n = bits(insn, 22, 22);
      if (opc === 3 || n !== (sf ? 1 : 0)) return { k: 'unknown' };
      const immr = bits(insn, 21, 16);
      const imms = bits(insn, 15, 10);
      if (!sf && (immr >= 32 || imms >= 32)) return { k: 'unknown' };
      return { k: 'bitfield', sf, opc, rd, rn, immr, imms };
    }
    default: {
      const lsb = bits(insn, 15, 10);
      if (bits(insn, 30, 29) !== 0 || bits(insn, 21, 21) !== 0 || bits(insn, 22, 22) !== (sf ? 1 : 0) || (!sf && lsb >= 32)) {
        return { k: 'unknown' };
      }
      return { k: 'extr', sf, rd, rn, rm: bits(insn, 20, 16), lsb };
    }
  }
}

function decodeBranchSys(insn: number): Insn {
  const op0 = bits(insn, 31, 29);
  if ((op0 & 0b011) === 0b000 && bits(insn, 28, 26) === 0b101) {
    return { k: 'b', link: op0 === 0b100, imm: sext(bits(insn, 25, 0), 26) << 2n };
  }
  if (op0 === 0b010 && bits(insn, 25, 24) === 0b00) {
    if (bits(insn, 4, 4) !== 0) return { k: 'unknown' }; // BC.cond (FEAT_HBC)
    return { k: 'bcond', cond: bits(insn, 3, 0), imm: sext(bits(insn, 23, 5), 19) << 2n };
  }
  if ((op0 & 0b011) === 0b001) {
    const rt = bits(insn, 4, 0);
    if (bits(insn, 25, 25) === 0) {
      return { k: 'cbz', sf: bits(insn, 31, 31) === 1, nz: bits(insn, 24, 24) === 1, rt, imm: sext(bits(insn, 23, 5), 19) << 2n };
    }
    const bit = (bits(insn, 31, 31) << 5) | bits(insn, 23, 19);
    return { k: 'tbz', nz: bits(insn, 24, 24) === 1, rt, bit, imm: sext(bits(insn, 18, 5), 14) << 2n };
  }
  if (op0 === 0b110) {
    if (bits(insn, 25, 24) === 0b00) return decodeException(insn);
    if (bits(insn, 25, 22) === 0b0100) return decodeSystem(insn);
    if (bits(insn, 25, 25) === 1) return decodeBranchReg(insn);
  }
  return { k: 'unknown' };
}

function decodeException(insn: number): Insn {
  const opc = bits(insn, 23, 21);
  const ll = bits(insn, 1, 0);
  if (bits(insn, 4, 2) !== 0) return { k: 'unknown' };
  if (opc === 0 && ll === 1) return { k: 'svc', imm: bits(insn, 20, 5) };
  if (opc === 1 && ll === 0) return { k: 'trap', what: 'brk' };
  if (opc === 2 && ll === 0) return { k: 'trap', what: 'hlt' };
  return { k: 'trap', what: opc === 0 ? (ll === 2 ? 'hvc' : 'smc') : 'dcps' };
}

function decodeSystem(insn: number): Insn {
  const l = bits(insn, 21, 21);
  const op0 = bits(insn, 20, 19);
  const rt = bits(insn, 4, 0);
  const reg = bits(insn, 20, 5);
  if (op0 >= 2) return l === 1 ? { k: 'mrs', rt, reg } : { k: 'msr', rt, reg };
  if (l === 0 && op0 === 0 && bits(insn, 15, 12) === 0b0011) {
    // barriers: CLREX (op2 = 2), DSB/DMB/ISB/SB…
    if (bits(insn, 7, 5) === 2) return { k: 'clrex' };
    return rt === 31 ? { k: 'nop' } : { k: 'unknown' };
  }
  if (l === 0 && op0 === 0 && bits(insn, 15, 12) === 0b0010 && rt === 31) return { k: 'nop' }; // hints
  if (l === 0 && op0 === 0 && bits(insn, 18, 16) === 0 && bits(insn, 15, 12) === 0b0100 && rt === 31) {
    return { k: 'unknown' }; // MSR (immediate) to PSTATE fields: not used by user programs we know
  }
  return { k: 'unknown' }; // SYS/SYSL: DC ZVA, IC IVAU… (DCZID_EL0 says DC ZVA is prohibited)
}

function decodeBranchReg(insn: number): Insn {
  const opc = bits(insn, 24, 21);
  if (bits(insn, 20, 16) !== 0b11111 || bits(insn, 15, 10) !== 0 || bits(insn, 4, 0) !== 0) return { k: 'unknown' };
  const rn = bits(insn, 9, 5);
  if (opc === 0) return { k: 'branchReg', op: 'br', rn };
  if (opc === 1) return { k: 'branchReg', op: 'blr', rn };
  if (opc === 2) return { k: 'branchReg', op: 'ret', rn };
  return { k: 'unknown' };
}

function decodeDpReg(insn: number): Insn {
  const sf = bits(insn, 31, 31) === 1;
  const rd = bits(insn, 4, 0);
  const rn = bits(insn, 9, 5);
  const rm = bits(insn, 20, 16);
  const op1 = bits(insn, 28, 28);
  const op2 = bits(insn, 24, 21);
  if (op1 === 0) {
    const imm6 = bits(insn, 15, 10);
    if (!sf && imm6 >= 32 && (op2 & 0b1001) !== 0b1001) return { k: 'unknown' }; // shifted forms only
    if ((op2 & 0b1000) === 0) {
      const not = bits(insn, 21, 21) === 1;
      return { k: 'logicShift', sf, opc: bits(insn, 30, 29), not, rd, rn, rm, shift: SHIFTS[bits(insn, 23, 22)]!, amount: imm6 };
    }
    const sub = bits(insn, 30, 30) === 1;
    const s = bits(insn, 29, 29) === 1;
    if ((op2 & 0b0001) === 0) {
      const shift = bits(insn, 23, 22);
      if (shift === 3) return { k: 'unknown' };
      return { k: 'addSubShift', sf, sub, s, rd, rn, rm, shift: SHIFTS[shift]!, amount: imm6 };
    }
    const amount = bits(insn, 12, 10);
    if (bits(insn, 23, 22) !== 0 || amount > 4) return { k: 'unknown' };
    return { k: 'addSubExt', sf, sub, s, rd, rn, rm, option: bits(insn, 15, 13), amount };
  }
  if (op2 === 0b0000 && bits(insn, 15, 10) === 0) {
    return { k: 'adcSbc', sf, sub: bits(insn, 30, 30) === 1, s: bits(insn, 29, 29) === 1, rd, rn, rm };
  }
  if (op2 === 0b0010 && bits(insn, 29, 29) === 1 && bits(insn, 10, 10) === 0 && bits(insn, 4, 4) === 0) {
    const imm = bits(insn, 11, 11) === 1;
    return { k: 'condCmp', sf, sub: bits(insn, 30, 30) === 1, imm, rn, rm, cond: bits(insn, 15, 12), nzcv: bits(insn, 3, 0) };
  }
  if (op2 === 0b0100 && bits(insn, 29, 29) === 0 && bits(insn, 11, 11) === 0) {
    const op = (bits(insn, 30, 30) << 1) | bits(insn, 10, 10);
    return { k: 'condSel', sf, op, rd, rn, rm, cond: bits(insn, 15, 12) };
  }
  if (op2 === 0b0110 && bits(insn, 29, 29) === 0) {
    if (bits(insn, 30, 30) === 1) {
      if (rm !== 0 || bits(insn, 15, 13) !== 0) return { k: 'unknown' };
      const ops = ['rbit', 'rev16', sf ? 'rev32' : 'rev', 'rev', 'clz', 'cls'] as const;
      const o = bits(insn, 12, 10);
      if (o > 5 || (o === 3 && !sf)) return { k: 'unknown' };
      return { k: 'dp1', sf, op: ops[o]!, rd, rn };
    }
    const o = bits(insn, 15, 10);
    const op = o === 2 ? 'udiv' : o === 3 ? 'sdiv' : o === 8 ? 'lslv' : o === 9 ? 'lsrv' : o === 10 ? 'asrv' : o === 11 ? 'rorv' : undefined;
    if (op === undefined) return { k: 'unknown' };
    return { k: 'dp2', sf, op, rd, rn, rm };
  }
  if ((op2 & 0b1000) === 0b1000 && bits(insn, 30, 29) === 0) {
    const o = (bits(insn, 23, 21) << 1) | bits(insn, 15, 15);
    const ra = bits(insn, 14, 10);
    const names: Record<number, (Insn & { k: 'dp3' })['op']> = {
      0: 'madd', 1: 'msub', 2: 'smaddl', 3: 'smsubl', 4: 'smulh', 10: 'umaddl', 11: 'umsubl', 12: 'umulh',
    };
    const op = names[o];
    if (op === undefined || (!sf && o !== 0 && o !== 1)) return { k: 'unknown' };
    return { k: 'dp3', sf, op, rd, rn, rm, ra };
  }
  return { k: 'unknown' };
}
