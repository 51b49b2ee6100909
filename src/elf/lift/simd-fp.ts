// The scalar FP instructions (A64 "Data Processing -- Scalar Floating-Point", bits 30 = 0,
// 28..24 = 1111x): FMOV in its register, immediate and general-register forms, the
// arithmetic, FMADD and friends, compares (NZCV), FCCMP, FCSEL, FCVT between precisions, the
// FP <-> integer and fixed-point conversions and FRINT*. Single and double precision; half
// precision only in FCVT and FMOV (FEAT_FP16 arithmetic is not lifted).

import type { A64Emitter } from './emit.js';
import { type FpBinary, type Rounding, fpBinary, fpRound, fpToInt, fpUnary } from './simd-fparith.js';
import { fusedMulAdd } from './simd-fma.js';
import { type Shape, defaultNaNMode, fixNaN, fpConst, fpType, op, readFp, readInt, resize, splat, writeFp, writeInt } from './simd-ir.js';

/** The scalar shape of an FP `type` field (00 single, 01 double, 11 half), or undefined for 10. */
function typeShape(type: number): Shape | undefined {
  if (type === 0) return { bits: 32, lanes: 1 };
  if (type === 1) return { bits: 64, lanes: 1 };
  if (type === 3) return { bits: 16, lanes: 1 };
  return undefined;
}

/** FP data-processing 2-source opcodes (bits 15..12), by operation. */
const DP2: readonly FpBinary[] = ['mul', 'div', 'add', 'sub', 'max', 'min', 'maxnm', 'minnm', 'nmul'];

/** FRINT* by FP data-processing 1-source opcode - 8. */
const FRINT: ReadonlyArray<Rounding | undefined> = ['n', 'p', 'm', 'z', 'a', undefined, 'x', 'i'];

/** Lifts a scalar FP instruction; false when the encoding is not one of those. */
export function liftScalarFp(e: A64Emitter, insn: number): boolean {
  const rd = insn & 31;
  const rn = (insn >>> 5) & 31;
  const rm = (insn >>> 16) & 31;
  const s = typeShape((insn >>> 22) & 3);
  if (((insn >>> 24) & 1) === 1) return s !== undefined && s.bits !== 16 && (insn >>> 29) === 0 && mulAdd(e, insn, s);
  if (((insn >>> 21) & 1) === 0) return fixedPoint(e, insn);
  if (((insn >>> 10) & 63) === 0) return intConvert(e, insn);
  if (s === undefined || (insn >>> 29) !== 0) return false;
  const low = (insn >>> 10) & 3;
  if (low === 2) {
    const opc = (insn >>> 12) & 15;
    const kind = DP2[opc];
    if (kind === undefined || s.bits === 16) return false;
    writeFp(e, rd, s, fpBinary(e, s, kind, readFp(e, rn, s), readFp(e, rm, s)));
    return true;
  }
  if (low === 3) {
    const bits = op(e, `select i1 ${e.cond((insn >>> 12) & 15)}, ${intName(s)} ${readInt(e, rn, s)}, ${intName(s)} ${readInt(e, rm, s)}`);
    writeInt(e, rd, s, bits);
    return true;
  }
  if (low === 1) {
    if (s.bits === 16) return false; // bit 4 (FCCMPE) differs only in exceptions
    const nzcv = insn & 15;
    const flags = compare(e, s, readFp(e, rn, s), readFp(e, rm, s));
    const c = e.cond((insn >>> 12) & 15);
    const bit = (i: number): string => ((nzcv >>> (3 - i)) & 1 ? 'true' : 'false');
    const [n, z, cc, v] = flags.map((f, i) => op(e, `select i1 ${c}, i1 ${f}, i1 ${bit(i)}`)) as [string, string, string, string];
    e.setNZCV(n, z, cc, v);
    return true;
  }
  if (((insn >>> 12) & 1) === 1) {
    if (((insn >>> 5) & 31) !== 0) return false;
    writeInt(e, rd, s, splat(s, expandImm(s.bits, (insn >>> 13) & 0xff)));
    return true;
  }
  if (((insn >>> 10) & 15) === 8) {
    if (s.bits === 16 || ((insn >>> 14) & 3) !== 0 || (insn & 7) !== 0) return false;
    const b = ((insn >>> 3) & 1) === 1 ? fpConst(e, s, 0n) : readFp(e, rm, s);
    const [n, z, c, v] = compare(e, s, readFp(e, rn, s), b);
    e.setNZCV(n, z, c, v);
    return true;
  }
  if (((insn >>> 10) & 31) === 16) return dp1(e, insn, s);
  return false;
}

/** The LLVM integer type of a scalar shape. */
function intName(s: Shape): string {
  return `i${s.bits}`;
}

/** NZCV of an FP compare: unordered 0011, equal 0110, less 1000, greater 0010. */
function compare(e: A64Emitter, s: Shape, a: string, b: string): [string, string, string, string] {
  const ft = fpType(s);
  return [op(e, `fcmp olt ${ft} ${a}, ${b}`), op(e, `fcmp oeq ${ft} ${a}, ${b}`), op(e, `fcmp uge ${ft} ${a}, ${b}`), op(e, `fcmp uno ${ft} ${a}, ${b}`)];
}

/** VFPExpandImm: the FMOV immediate's 8 bits as an FP value's bits. */
export function expandImm(bits: number, imm8: number): bigint {
  const e = bits === 16 ? 5 : bits === 32 ? 8 : 11;
  const f = bits - e - 1;
  const sign = BigInt(imm8 >>> 7);
  const b6 = (imm8 >>> 6) & 1;
  const exp = (BigInt(b6 ^ 1) << BigInt(e - 1)) | (BigInt(b6 ? (1 << (e - 3)) - 1 : 0) << 2n) | BigInt((imm8 >>> 4) & 3);
  const frac = BigInt(imm8 & 15) << BigInt(f - 4);
  return (sign << BigInt(bits - 1)) | (exp << BigInt(f)) | frac;
}

/** FMADD, FMSUB, FNMADD, FNMSUB: the negations go to the operands, as the architecture does. */
function mulAdd(e: A64Emitter, insn: number, s: Shape): boolean {
  const ft = fpType(s);
  const o1 = (insn >>> 21) & 1;
  const o0 = (insn >>> 15) & 1;
  const ra = (insn >>> 10) & 31;
  let a = readFp(e, ra, s);
  let n = readFp(e, (insn >>> 5) & 31, s);
  const m = readFp(e, (insn >>> 16) & 31, s);
  if (o1 === 1) a = op(e, `fneg ${ft} ${a}`);
  if (o0 !== o1) n = op(e, `fneg ${ft} ${n}`);
  writeFp(e, insn & 31, s, fusedMulAdd(e, s, a, n, m));
  return true;
}

/** FP data-processing 1-source: FMOV, FABS, FNEG, FSQRT, FCVT, FRINT*. */
function dp1(e: A64Emitter, insn: number, s: Shape): boolean {
  const opc = (insn >>> 15) & 63;
  const rd = insn & 31;
  const rn = (insn >>> 5) & 31;
  if (opc === 0) {
    writeInt(e, rd, s, readInt(e, rn, s));
    return true;
  }
  if (opc >= 4 && opc <= 7) {
    const to = typeShape(opc & 3);
    if (to === undefined || to.bits === s.bits) return false;
    writeFp(e, rd, to, convert(e, s, to, readFp(e, rn, s)));
    return true;
  }
  if (s.bits === 16) return false;
  if (opc >= 1 && opc <= 3) {
    writeFp(e, rd, s, fpUnary(e, s, (['abs', 'neg', 'sqrt'] as const)[opc - 1]!, readFp(e, rn, s)));
    return true;
  }
  const mode = FRINT[opc - 8];
  if (mode === undefined) return false;
  writeFp(e, rd, s, fpRound(e, s, mode, readFp(e, rn, s)));
  return true;
}

/** FCVT from one precision to another; a NaN keeps its sign and top payload bits, quietened (the default NaN under FPCR.DN). */
function convert(e: A64Emitter, from: Shape, to: Shape, x: string): string {
  const r = op(e, `${to.bits > from.bits ? 'fpext' : 'fptrunc'} ${fpType(from)} ${x} to ${fpType(to)}`);
  // The NaN: the source's payload moved to the top of the destination's fraction, quietened.
  const fromBits = readBitsOf(e, from, x);
  const sign = op(e, `lshr i${from.bits} ${fromBits}, ${from.bits - 1}`);
  const fracBits = from.bits === 16 ? 10 : from.bits === 32 ? 23 : 52;
  const toFrac = to.bits === 16 ? 10 : to.bits === 32 ? 23 : 52;
  let frac = op(e, `and i${from.bits} ${fromBits}, ${(1n << BigInt(fracBits)) - 1n}`);
  frac = from.bits < to.bits ? op(e, `zext i${from.bits} ${frac} to i${to.bits}`) : op(e, `lshr i${from.bits} ${frac}, ${fracBits - toFrac}`);
  if (from.bits < to.bits) frac = op(e, `shl i${to.bits} ${frac}, ${toFrac - fracBits}`);
  else frac = op(e, `trunc i${from.bits} ${frac} to i${to.bits}`);
  const signTo = op(e, `shl i${to.bits} ${from.bits < to.bits ? op(e, `zext i${from.bits} ${sign} to i${to.bits}`) : op(e, `trunc i${from.bits} ${sign} to i${to.bits}`)}, ${to.bits - 1}`);
  const expQ = (to.bits === 16 ? 0x7e00n : to.bits === 32 ? 0x7fc00000n : 0x7ff8000000000000n);
  const propagated = op(e, `or i${to.bits} ${op(e, `or i${to.bits} ${signTo}, ${frac}`)}, ${expQ}`);
  const nan = op(e, `select i1 ${defaultNaNMode(e)}, i${to.bits} ${expQ}, i${to.bits} ${propagated}`);
  const isNaN = op(e, `fcmp uno ${fpType(from)} ${x}, ${x}`);
  const rBits = op(e, `bitcast ${fpType(to)} ${r} to i${to.bits}`);
  return op(e, `bitcast i${to.bits} ${op(e, `select i1 ${isNaN}, i${to.bits} ${nan}, i${to.bits} ${rBits}`)} to ${fpType(to)}`);
}

/** A scalar FP value's bits. */
function readBitsOf(e: A64Emitter, s: Shape, x: string): string {
  return op(e, `bitcast ${fpType(s)} ${x} to i${s.bits}`);
}

/** The rounding of FCVT<r>S/U by (rmode << 1 | opcode bit 2). */
const CVT_ROUND: Readonly<Record<number, Rounding>> = { 0: 'n', 1: 'a', 2: 'p', 4: 'm', 6: 'z' };

/** Conversions between FP and general registers: FCVT*S/U, SCVTF/UCVTF, FMOV. */
function intConvert(e: A64Emitter, insn: number): boolean {
  const sf = insn >>> 31;
  const type = (insn >>> 22) & 3;
  const rmode = (insn >>> 19) & 3;
  const opcode = (insn >>> 16) & 7;
  const rd = insn & 31;
  const rn = (insn >>> 5) & 31;
  if (((insn >>> 29) & 3) !== 0) return false;
  if (opcode >= 6) {
    const toFp = opcode === 7;
    if (type === 2) {
      if (sf !== 1 || rmode !== 1) return false;
      // FMOV Xd, Vn.D[1] / FMOV Vd.D[1], Xn: the upper half, the lower kept.
      const v = e.v(toFp ? rd : rn);
      if (toFp) {
        const low = op(e, `and i128 ${v}, ${(1n << 64n) - 1n}`);
        const high = op(e, `shl i128 ${op(e, `zext i64 ${e.x(rn)} to i128`)}, 64`);
        e.setV(rd, op(e, `or i128 ${low}, ${high}`));
      } else e.setX(rd, op(e, `trunc i128 ${op(e, `lshr i128 ${v}, 64`)} to i64`));
      return true;
    }
    const s = typeShape(type);
    if (s === undefined || rmode !== 0 || (s.bits === 64) !== (sf === 1) && s.bits !== 16) return false;
    if (toFp) writeInt(e, rd, s, resize(e, e.x(rn), 64, s.bits));
    else e.setX(rd, resize(e, readInt(e, rn, s), s.bits, 64));
    return true;
  }
  const s = typeShape(type);
  if (s === undefined || s.bits === 16) return false;
  if (opcode === 2 || opcode === 3) {
    if (rmode !== 0) return false;
    writeFp(e, rd, s, intToFp(e, s, e.x(rn), sf === 1, opcode === 2, 0));
    return true;
  }
  const mode = CVT_ROUND[(rmode << 1) | (opcode >>> 2)];
  if (mode === undefined) return false;
  e.setX(rd, toGeneral(e, fpToInt(e, s, mode, readFp(e, rn, s), (opcode & 1) === 0, sf === 1 ? 64 : 32), sf === 1));
  return true;
}

/** A 32- or 64-bit conversion result as an X register value (W results zero-extended). */
function toGeneral(e: A64Emitter, v: string, wide: boolean): string {
  return wide ? v : op(e, `zext i32 ${v} to i64`);
}

/** SCVTF/UCVTF of an X (wide) or W register value, divided by 2^fbits (exact: a power of two). */
export function intToFp(e: A64Emitter, s: Shape, x: string, wide: boolean, signed: boolean, fbits: number): string {
  const src = wide ? x : op(e, `trunc i64 ${x} to i32`);
  const r = op(e, `${signed ? 'si' : 'ui'}tofp i${wide ? 64 : 32} ${src} to ${fpType(s)}`);
  if (fbits === 0) return r;
  return op(e, `fmul ${fpType(s)} ${r}, ${fpConst(e, s, pow2(s.bits, -fbits))}`);
}

/** The bits of 2^k in an FP width. */
function pow2(bits: number, k: number): bigint {
  const bias = bits === 32 ? 127 : 1023;
  return BigInt(bias + k) << BigInt(bits === 32 ? 23 : 52);
}

/** Conversions between FP and fixed-point in general registers: FCVTZS/U and SCVTF/UCVTF #fbits. */
function fixedPoint(e: A64Emitter, insn: number): boolean {
  const sf = insn >>> 31;
  const s = typeShape((insn >>> 22) & 3);
  const rmode = (insn >>> 19) & 3;
  const opcode = (insn >>> 16) & 7;
  const scale = (insn >>> 10) & 63;
  const fbits = 64 - scale;
  if (s === undefined || s.bits === 16 || ((insn >>> 29) & 3) !== 0 || (sf === 0 && scale < 32)) return false;
  if (rmode === 0 && (opcode === 2 || opcode === 3)) {
    writeFp(e, insn & 31, s, intToFp(e, s, e.x((insn >>> 5) & 31), sf === 1, opcode === 2, fbits));
    return true;
  }
  if (rmode !== 3 || opcode > 1) return false;
  const x = readFp(e, (insn >>> 5) & 31, s);
  const scaled = fixNaN(e, s, op(e, `fmul ${fpType(s)} ${x}, ${fpConst(e, s, pow2(s.bits, fbits))}`), [x]);
  e.setX(insn & 31, toGeneral(e, fpToInt(e, s, 'z', scaled, opcode === 0, sf === 1 ? 64 : 32), sf === 1));
  return true;
}
