// The A64 decoder for loads and stores (all but the Advanced SIMD structure forms, which
// decode.ts routes to the SIMD lifter): single registers (unsigned offset, pre/post index,
// unscaled, register offset, literal), pairs (incl. LDPSW and the non-temporal forms),
// exclusives and acquire/release, CAS/SWP/LD<op> (FEAT_LSE), PRFM. Both the general and the
// SIMD&FP register forms (`fp`: B/H/S/D/Q of Vt).

import { bits, sext } from './bits.js';

/** How a single-register access forms its address. */
export type AddrMode = 'off' | 'pre' | 'post' | 'reg' | 'lit';

/** A decoded load or store. Sizes are in bytes. */
export type MemInsn =
  /** LDR/STR/LDUR/STUR/LDRB/LDRSW/… of one register. */
  | {
      k: 'ldst';
      load: boolean;
      /** Access size in bytes: 1, 2, 4, 8 (16 only for Q registers). */
      size: number;
      /** A sign-extending load (LDRSB/LDRSH/LDRSW). */
      signed: boolean;
      /** A sign-extending load into a W register (zero above bit 31). */
      to32: boolean;
      /** Rt is a SIMD&FP register. */
      fp: boolean;
      rt: number;
      rn: number;
      mode: AddrMode;
      /** Offset (already scaled) for off/pre/post/lit. */
      imm: bigint;
      /** Register offset: Rm, extend option (UXTW 2, LSL 3, SXTW 6, SXTX 7) and left shift. */
      rm: number;
      option: number;
      shift: number;
    }
  /** LDP/STP/LDNP/STNP/LDPSW. */
  | { k: 'pair'; load: boolean; size: number; signed: boolean; fp: boolean; rt: number; rt2: number; rn: number; mode: 'off' | 'pre' | 'post'; imm: bigint }
  /** LDXR/LDAXR/STXR/STLXR (and pair forms), LDAR/STLR. `rs` is STXR's status register. */
  | { k: 'excl'; op: 'ldx' | 'stx' | 'ldar' | 'stlr'; pair: boolean; size: number; rs: number; rt: number; rt2: number; rn: number }
  /** CAS/CASA/CASL/CASAL (B/H/W/X): compare Xs, store Xt, old value into Xs. */
  | { k: 'cas'; size: number; rs: number; rt: number; rn: number }
  /** LDADD/LDCLR/LDEOR/LDSET/LD{S,U}{MAX,MIN}/SWP: old value into Xt, memory op= Xs. */
  | { k: 'atomic'; op: AtomicOp; size: number; rs: number; rt: number; rn: number }
  /** PRFM/PRFUM: no effect. */
  | { k: 'prfm' };

/** The read-modify-write of an atomic memory operation. */
export type AtomicOp = 'add' | 'clr' | 'eor' | 'set' | 'smax' | 'smin' | 'umax' | 'umin' | 'swp';
const ATOMIC_OPS: readonly AtomicOp[] = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];

type Decoded = MemInsn | { k: 'unknown' };
const UNKNOWN: Decoded = { k: 'unknown' };

/** Decodes an instruction of the loads-and-stores group (insn bits 27 = 1, 25 = 0). */
export function decodeMem(insn: number): Decoded {
  const b2927 = bits(insn, 29, 27);
  if (bits(insn, 29, 24) === 0b001000) return decodeExclusive(insn);
  if (b2927 === 0b011 && bits(insn, 24, 24) === 0) return decodeLiteral(insn);
  if (b2927 === 0b101) return decodePair(insn);
  if (b2927 === 0b111) return decodeSingle(insn);
  return UNKNOWN;
}

function decodeExclusive(insn: number): Decoded {
  const size = 1 << bits(insn, 31, 30);
  const o2 = bits(insn, 23, 23);
  const l = bits(insn, 22, 22) === 1;
  const o1 = bits(insn, 21, 21);
  const rs = bits(insn, 20, 16);
  const o0 = bits(insn, 15, 15);
  const rt2 = bits(insn, 14, 10);
  const rn = bits(insn, 9, 5);
  const rt = bits(insn, 4, 0);
  if (o2 === 1 && o1 === 1) {
    if (rt2 !== 31) return UNKNOWN;
    return { k: 'cas', size, rs, rt, rn };
  }
  if (o2 === 1) {
    if (o0 === 0) return UNKNOWN; // LDLAR/STLLR (FEAT_LOR)
    return { k: 'excl', op: l ? 'ldar' : 'stlr', pair: false, size, rs, rt, rt2, rn };
  }
  if (o1 === 1 && size < 4) return UNKNOWN; // CASP
  return { k: 'excl', op: l ? 'ldx' : 'stx', pair: o1 === 1, size, rs, rt, rt2, rn };
}

function decodeLiteral(insn: number): Decoded {
  const opc = bits(insn, 31, 30);
  const fp = bits(insn, 26, 26) === 1;
  const imm = sext(bits(insn, 23, 5), 19) << 2n;
  const base = { k: 'ldst' as const, load: true, fp, rt: bits(insn, 4, 0), rn: 0, mode: 'lit' as const, imm, rm: 0, option: 0, shift: 0, to32: false };
  if (fp) {
    if (opc === 3) return UNKNOWN;
    return { ...base, size: 4 << opc, signed: false };
  }
  if (opc === 3) return { k: 'prfm' };
  return { ...base, size: opc === 1 ? 8 : 4, signed: opc === 2 };
}

function decodePair(insn: number): Decoded {
  const opc = bits(insn, 31, 30);
  const fp = bits(insn, 26, 26) === 1;
  const load = bits(insn, 22, 22) === 1;
  const op2 = bits(insn, 24, 23);
  if (opc === 3) return UNKNOWN;
  let size: number;
  let signed = false;
  if (fp) size = 4 << opc;
  else if (opc === 1) {
    if (!load) return UNKNOWN; // STGP (MTE)
    size = 4;
    signed = true;
  } else size = opc === 0 ? 4 : 8;
  const imm = sext(bits(insn, 21, 15), 7) * BigInt(size);
  const mode = op2 === 1 ? 'post' : op2 === 3 ? 'pre' : 'off';
  if (op2 === 0 && signed) return UNKNOWN;
  return { k: 'pair', load, size, signed, fp, rt: bits(insn, 4, 0), rt2: bits(insn, 14, 10), rn: bits(insn, 9, 5), mode, imm };
}

/** What a single-register size:V:opc means: its size, load/store, sign-extension. */
function singleKind(insn: number): { size: number; load: boolean; signed: boolean; to32: boolean; fp: boolean; prfm: boolean } | undefined {
  const sizeBits = bits(insn, 31, 30);
  const fp = bits(insn, 26, 26) === 1;
  const opc = bits(insn, 23, 22);
  if (fp) {
    if (opc >= 2) {
      if (sizeBits !== 0) return undefined;
      return { size: 16, load: opc === 3, signed: false, to32: false, fp, prfm: false };
    }
    return { size: 1 << sizeBits, load: opc === 1, signed: false, to32: false, fp, prfm: false };
  }
  const size = 1 << sizeBits;
  if (opc < 2) return { size, load: opc === 1, signed: false, to32: false, fp, prfm: false };
  if (size === 8) return opc === 2 ? { size, load: false, signed: false, to32: false, fp, prfm: true } : undefined;
  if (size === 4 && opc === 3) return undefined;
  return { size, load: true, signed: true, to32: opc === 3, fp, prfm: false };
}

function decodeSingle(insn: number): Decoded {
  const rt = bits(insn, 4, 0);
  const rn = bits(insn, 9, 5);
  if (bits(insn, 24, 24) === 0 && bits(insn, 21, 21) === 1 && bits(insn, 11, 10) === 0) return decodeAtomic(insn);
  const kind = singleKind(insn);
  if (kind === undefined) return UNKNOWN;
  if (kind.prfm) return { k: 'prfm' };
  const { prfm: _p, ...rest } = kind;
  const base = { k: 'ldst' as const, ...rest, rt, rn, rm: 0, option: 0, shift: 0 };
  const scale = BigInt(kind.size);
  if (bits(insn, 24, 24) === 1) return { ...base, mode: 'off', imm: BigInt(bits(insn, 21, 10)) * scale };
  const op4 = bits(insn, 11, 10);
  if (bits(insn, 21, 21) === 0) {
    const imm = sext(bits(insn, 20, 12), 9);
    return { ...base, mode: op4 === 1 ? 'post' : op4 === 3 ? 'pre' : 'off', imm };
  }
  if (op4 !== 2) return UNKNOWN; // PAC loads (LDRAA/LDRAB)
  const option = bits(insn, 15, 13);
  if ((option & 2) === 0) return UNKNOWN;
  const shift = bits(insn, 12, 12) === 1 ? Math.log2(kind.size) : 0;
  return { ...base, mode: 'reg', imm: 0n, rm: bits(insn, 20, 16), option, shift };
}

function decodeAtomic(insn: number): Decoded {
  if (bits(insn, 26, 26) === 1) return UNKNOWN;
  const size = 1 << bits(insn, 31, 30);
  const rs = bits(insn, 20, 16);
  const rt = bits(insn, 4, 0);
  const rn = bits(insn, 9, 5);
  const o3 = bits(insn, 15, 15);
  const opc = bits(insn, 14, 12);
  if (o3 === 1) return opc === 0 ? { k: 'atomic', op: 'swp', size, rs, rt, rn } : UNKNOWN; // LDAPR: not yet
  return { k: 'atomic', op: ATOMIC_OPS[opc]!, size, rs, rt, rn };
}
