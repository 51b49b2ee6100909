// Advanced SIMD arithmetic, vector and scalar (A64 "three same", "two-register miscellaneous",
// "across lanes", "three different", pairwise): lane-wise LLVM vector operations over a Shape
// (src/elf/lift/simd-ir.ts). The scalar forms (bit 28 = 1: ADD Dd, CMEQ Dd, FABD Sd, FCVTZS Sd,
// ADDP Dd, FADDP …) run through the same code with one lane. FP lanes use the shared FP
// arithmetic (src/elf/lift/simd-fparith.ts) and so the same NaN rules as the scalar FP lifter.

import type { A64Emitter } from './emit.js';
import { type FpBinary, type Rounding, fpBinary, fpRound, fpToInt, fpUnary } from './simd-fparith.js';
import { fusedMulAdd } from './simd-fma.js';
import { type Shape, boolType, fpType, intType, op, readFp, readInt, simdFields, splat, writeFp, writeInt } from './simd-ir.js';

/** The shape of an integer vector form: element size field `size`, Q bit `q`; scalar: one lane. */
export function vecShape(size: number, q: number, scalar: boolean): Shape {
  const bits = (8 << size) as 8 | 16 | 32 | 64;
  return { bits, lanes: scalar ? 1 : (q ? 128 : 64) / bits };
}

/** The shape of an FP vector form (`sz` 0 single, 1 double); undefined for the reserved 1D. */
function fpShape(sz: number, q: number, scalar: boolean): Shape | undefined {
  if (sz === 1 && q === 0 && !scalar) return undefined;
  return { bits: sz ? 64 : 32, lanes: scalar ? 1 : (q ? 128 : 64) / (sz ? 64 : 32) };
}

/** Lane-wise comparison results as all-ones / all-zeros lanes. */
function mask(e: A64Emitter, s: Shape, cmp: string): string {
  return op(e, `sext ${boolType(s)} ${cmp} to ${intType(s)}`);
}

/** The even (or odd) lanes of a:b, a shape of `s.lanes` lanes (ADDP, UMAXP, FADDP …). */
function pairHalves(e: A64Emitter, s: Shape, a: string, b: string, ty: string): [string, string] {
  const idx = (first: number): string => `<${Array.from({ length: s.lanes }, (_x, i) => `i32 ${2 * i + first}`).join(', ')}>`;
  const ev = op(e, `shufflevector ${ty} ${a}, ${ty} ${b}, <${s.lanes} x i32> ${idx(0)}`);
  const od = op(e, `shufflevector ${ty} ${a}, ${ty} ${b}, <${s.lanes} x i32> ${idx(1)}`);
  return [ev, od];
}

/** An integer binary lane operation by name (icmp predicates give masks). */
function intOp(e: A64Emitter, s: Shape, name: string, a: string, b: string): string {
  const it = intType(s);
  const bt = boolType(s);
  const sel = (pred: string): string => op(e, `select ${bt} ${op(e, `icmp ${pred} ${it} ${a}, ${b}`)}, ${it} ${a}, ${it} ${b}`);
  switch (name) {
    case 'smax': return sel('sgt');
    case 'umax': return sel('ugt');
    case 'smin': return sel('slt');
    case 'umin': return sel('ult');
    case 'sabd':
    case 'uabd': {
      const gt = op(e, `icmp ${name === 'sabd' ? 'sgt' : 'ugt'} ${it} ${a}, ${b}`);
      return op(e, `select ${bt} ${gt}, ${it} ${op(e, `sub ${it} ${a}, ${b}`)}, ${it} ${op(e, `sub ${it} ${b}, ${a}`)}`);
    }
    case 'cmtst': return mask(e, s, op(e, `icmp ne ${it} ${op(e, `and ${it} ${a}, ${b}`)}, ${splat(s, 0)}`));
    case 'sshl':
    case 'ushl': return shiftByRegister(e, s, name === 'sshl', a, b);
    default:
      if (name.startsWith('icmp ')) return mask(e, s, op(e, `${name} ${it} ${a}, ${b}`));
      return op(e, `${name} ${it} ${a}, ${b}`);
  }
}

/** SSHL/USHL: each lane shifted by the signed low byte of `b`'s lane, left when positive, right when negative; out of range gives 0 (or the sign). */
function shiftByRegister(e: A64Emitter, s: Shape, signed: boolean, a: string, b: string): string {
  const it = intType(s);
  const bt = boolType(s);
  const byte = s.bits === 8 ? b : op(e, `sext ${intType({ bits: 8, lanes: s.lanes })} ${op(e, `trunc ${it} ${b} to ${intType({ bits: 8, lanes: s.lanes })}`)} to ${it}`);
  const neg = op(e, `icmp slt ${it} ${byte}, ${splat(s, 0)}`);
  const amount = op(e, `select ${bt} ${neg}, ${it} ${op(e, `sub ${it} ${splat(s, 0)}, ${byte}`)}, ${it} ${byte}`);
  const big = op(e, `icmp uge ${it} ${amount}, ${splat(s, s.bits)}`);
  const safe = op(e, `select ${bt} ${big}, ${it} ${splat(s, s.bits - 1)}, ${it} ${amount}`);
  const left = op(e, `select ${bt} ${big}, ${it} ${splat(s, 0)}, ${it} ${op(e, `shl ${it} ${a}, ${safe}`)}`);
  const shr = op(e, `${signed ? 'ashr' : 'lshr'} ${it} ${a}, ${safe}`);
  const right = signed ? shr : op(e, `select ${bt} ${big}, ${it} ${splat(s, 0)}, ${it} ${shr}`);
  return op(e, `select ${bt} ${neg}, ${it} ${right}, ${it} ${left}`);
}

/** Integer three-same opcodes (bits 15..11) for U = 0 and U = 1. */
const THREE_SAME_INT: Readonly<Record<number, [string, string]>> = {
  0b00110: ['icmp sgt', 'icmp ugt'], 0b00111: ['icmp sge', 'icmp uge'], 0b10000: ['add', 'sub'], 0b10001: ['cmtst', 'icmp eq'],
  0b10011: ['mul', ''], 0b10010: ['mla', 'mls'], 0b01000: ['sshl', 'ushl'], 0b01100: ['smax', 'umax'], 0b01101: ['smin', 'umin'], 0b01110: ['sabd', 'uabd'],
  0b10100: ['smaxp', 'umaxp'], 0b10101: ['sminp', 'uminp'], 0b10111: ['addp', ''],
};

/** Advanced SIMD three same (vector, or scalar with `scalar`). */
export function threeSame(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const { q, u, size, rd, rn, rm } = simdFields(insn);
  const opcode = (insn >>> 11) & 31;
  if (opcode >= 0b11000) return fpThreeSame(e, insn, scalar);
  if (opcode === 0b00011) {
    if (scalar) return false;
    const s: Shape = { bits: 64, lanes: q ? 2 : 1 };
    const it = intType(s);
    const [n, m] = [readInt(e, rn, s), readInt(e, rm, s)];
    const not = (x: string): string => op(e, `xor ${it} ${x}, ${splat(s, -1)}`);
    const and = (x: string, y: string): string => op(e, `and ${it} ${x}, ${y}`);
    const or = (x: string, y: string): string => op(e, `or ${it} ${x}, ${y}`);
    let r: string;
    if (u === 0) r = [and(n, m), and(n, not(m)), or(n, m), or(n, not(m))][size]!;
    else {
      const d = readInt(e, rd, s);
      if (size === 0) r = op(e, `xor ${it} ${n}, ${m}`);
      else if (size === 1) r = or(and(d, n), and(not(d), m)); // BSL
      else if (size === 2) r = or(and(n, m), and(d, not(m))); // BIT
      else r = or(and(d, m), and(n, not(m))); // BIF
    }
    writeInt(e, rd, s, r);
    return true;
  }
  const name = THREE_SAME_INT[opcode]?.[u];
  if (name === undefined || name === '' || (q === 0 && size === 3 && !scalar)) return false;
  if (scalar && (size !== 3 || !(name.startsWith('icmp') || ['add', 'sub', 'cmtst', 'sshl', 'ushl'].includes(name)))) return false;
  if ((['mul', 'mla', 'mls', 'smax', 'umax', 'smin', 'umin'].includes(name) || (name.endsWith('p') && name !== 'addp') || name.endsWith('abd')) && size === 3) return false;
  const s = vecShape(size, q, scalar);
  const [n, m] = [readInt(e, rn, s), readInt(e, rm, s)];
  if (name.endsWith('p')) {
    const [ev, od] = pairHalves(e, s, n, m, intType(s));
    writeInt(e, rd, s, intOp(e, s, name === 'addp' ? 'add' : name.slice(0, -1), ev, od));
    return true;
  }
  if (name === 'mla' || name === 'mls') {
    const it = intType(s);
    writeInt(e, rd, s, op(e, `${name === 'mla' ? 'add' : 'sub'} ${it} ${readInt(e, rd, s)}, ${op(e, `mul ${it} ${n}, ${m}`)}`));
    return true;
  }
  writeInt(e, rd, s, intOp(e, s, name, n, m));
  return true;
}

/** FP three-same operations by (U, size bit 23, opcode): binary ops and compares. */
const FP_THREE_SAME: Readonly<Record<string, FpBinary | 'fmla' | 'fmls' | 'oeq' | 'oge' | 'ogt' | 'acge' | 'acgt' | `p${FpBinary}`>> = {
  '0.0.24': 'maxnm', '0.0.25': 'fmla', '0.0.26': 'add', '0.0.28': 'oeq', '0.0.30': 'max',
  '0.1.24': 'minnm', '0.1.25': 'fmls', '0.1.26': 'sub', '0.1.30': 'min',
  '1.0.24': 'pmaxnm', '1.0.26': 'padd', '1.0.27': 'mul', '1.0.28': 'oge', '1.0.29': 'acge', '1.0.30': 'pmax', '1.0.31': 'div',
  '1.1.24': 'pminnm', '1.1.26': 'abd', '1.1.28': 'ogt', '1.1.29': 'acgt', '1.1.30': 'pmin',
};

/** Advanced SIMD three same, FP lanes. */
function fpThreeSame(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const key = `${(insn >>> 29) & 1}.${(insn >>> 23) & 1}.${(insn >>> 11) & 31}`;
  const kind = FP_THREE_SAME[key];
  const s = fpShape((insn >>> 22) & 1, (insn >>> 30) & 1, scalar);
  if (kind === undefined || s === undefined) return false;
  if (scalar && !['oeq', 'oge', 'ogt', 'acge', 'acgt', 'abd'].includes(kind)) return false;
  const [rd, rn, rm] = [insn & 31, (insn >>> 5) & 31, (insn >>> 16) & 31];
  const [n, m] = [readFp(e, rn, s), readFp(e, rm, s)];
  const ft = fpType(s);
  if (kind === 'fmla' || kind === 'fmls') {
    const n2 = kind === 'fmls' ? op(e, `fneg ${ft} ${n}`) : n;
    writeFp(e, rd, s, fusedMulAdd(e, s, readFp(e, rd, s), n2, m));
  } else if (kind === 'oeq' || kind === 'oge' || kind === 'ogt') {
    writeInt(e, rd, s, mask(e, s, op(e, `fcmp ${kind} ${ft} ${n}, ${m}`)));
  } else if (kind === 'acge' || kind === 'acgt') {
    const [an, am] = [fpUnary(e, s, 'abs', n), fpUnary(e, s, 'abs', m)];
    writeInt(e, rd, s, mask(e, s, op(e, `fcmp ${kind === 'acge' ? 'oge' : 'ogt'} ${ft} ${an}, ${am}`)));
  } else if (kind.startsWith('p')) {
    const [ev, od] = pairHalves(e, s, n, m, ft);
    writeFp(e, rd, s, fpBinary(e, s, kind.slice(1) as FpBinary, ev, od));
  } else writeFp(e, rd, s, fpBinary(e, s, kind as FpBinary, n, m));
  return true;
}

/** Advanced SIMD two-register miscellaneous (vector, or scalar with `scalar`). */
export function twoRegMisc(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const { q, u, size, rd, rn } = simdFields(insn);
  const opcode = (insn >>> 12) & 31;
  if (opcode >= 0b11000 || (opcode >= 0b01100 && opcode <= 0b01111)) {
    return fpTwoRegMisc(e, insn, scalar);
  }
  if (opcode <= 1 && !scalar) {
    // REV64 (U 0, opcode 0), REV32 (U 1, opcode 0), REV16 (U 0, opcode 1): reverse lanes within groups.
    const group = opcode === 1 ? 16 : u ? 32 : 64;
    const s = vecShape(size, q, false);
    if (s.bits >= group || u === 1 && opcode === 1) return false;
    const per = group / s.bits;
    const idx = Array.from({ length: s.lanes }, (_x, i) => `i32 ${i - (i % per) + (per - 1 - (i % per))}`).join(', ');
    const n = readInt(e, rn, s);
    writeInt(e, rd, s, op(e, `shufflevector ${intType(s)} ${n}, ${intType(s)} poison, <${s.lanes} x i32> <${idx}>`));
    return true;
  }
  if (opcode === 0b00101 && !scalar) {
    if (!(u === 0 && size === 0) && !(u === 1 && size <= 1)) return false;
    const s = vecShape(0, q, false);
    const n = readInt(e, rn, s);
    if (u === 0 && size === 0) {
      e.declare(`declare ${intType(s)} @llvm.ctpop.v${s.lanes}i8(${intType(s)})`);
      writeInt(e, rd, s, op(e, `call ${intType(s)} @llvm.ctpop.v${s.lanes}i8(${intType(s)} ${n})`));
    } else if (u === 1 && size === 0) writeInt(e, rd, s, op(e, `xor ${intType(s)} ${n}, ${splat(s, -1)}`));
    else {
      e.declare(`declare ${intType(s)} @llvm.bitreverse.v${s.lanes}i8(${intType(s)})`);
      writeInt(e, rd, s, op(e, `call ${intType(s)} @llvm.bitreverse.v${s.lanes}i8(${intType(s)} ${n})`));
    }
    return true;
  }
  if (opcode >= 0b01000 && opcode <= 0b01011) {
    if ((q === 0 && size === 3 && !scalar) || (scalar && size !== 3) || (opcode === 0b01010 && u === 1)) return false;
    const s = vecShape(size, q, scalar);
    const it = intType(s);
    const n = readInt(e, rn, s);
    const zero = splat(s, 0);
    const pred = opcode === 0b01000 ? (u ? 'sge' : 'sgt') : opcode === 0b01001 ? (u ? 'sle' : 'eq') : opcode === 0b01010 ? 'slt' : undefined;
    if (pred !== undefined) writeInt(e, rd, s, mask(e, s, op(e, `icmp ${pred} ${it} ${n}, ${zero}`)));
    else {
      const neg = op(e, `sub ${it} ${zero}, ${n}`);
      writeInt(e, rd, s, u ? neg : op(e, `select ${boolType(s)} ${op(e, `icmp slt ${it} ${n}, ${zero}`)}, ${it} ${neg}, ${it} ${n}`));
    }
    return true;
  }
  if ((opcode === 0b10010 && u === 0 || opcode === 0b10011 && u === 1) && !scalar && size < 3) {
    // XTN{2}: narrow each lane to half; SHLL{2}: widen the lower or upper half and shift by the size.
    const wide: Shape = { bits: (16 << size) as 16 | 32 | 64, lanes: 64 / (8 << size) };
    const narrow: Shape = { bits: (8 << size) as 8 | 16 | 32, lanes: wide.lanes };
    if (opcode === 0b10010) {
      const r = op(e, `trunc ${intType(wide)} ${readInt(e, rn, { bits: wide.bits, lanes: wide.lanes })} to ${intType(narrow)}`);
      writeHalf(e, rd, narrow, r, q);
    } else {
      const src = readHalf(e, rn, narrow, q);
      const w = op(e, `zext ${intType(narrow)} ${src} to ${intType(wide)}`);
      writeInt(e, rd, wide, op(e, `shl ${intType(wide)} ${w}, ${splat(wide, narrow.bits)}`));
    }
    return true;
  }
  return false;
}

/** The lower (q 0) or upper (q 1) 64 bits of Vn as `s` (a 64-bit shape). */
export function readHalf(e: A64Emitter, n: number, s: Shape, q: number): string {
  if (q === 0) return readInt(e, n, s);
  const hi = op(e, `trunc i128 ${op(e, `lshr i128 ${e.v(n)}, 64`)} to i64`);
  return op(e, `bitcast i64 ${hi} to ${intType(s)}`);
}

/** Writes a 64-bit shape to the lower half of Vd (q 0, upper half zeroed) or its upper half (q 1, lower kept). */
export function writeHalf(e: A64Emitter, d: number, s: Shape, value: string, q: number): void {
  if (q === 0) {
    writeInt(e, d, s, value);
    return;
  }
  const bits = op(e, `zext i64 ${op(e, `bitcast ${intType(s)} ${value} to i64`)} to i128`);
  const low = op(e, `and i128 ${e.v(d)}, ${(1n << 64n) - 1n}`);
  e.setV(d, op(e, `or i128 ${low}, ${op(e, `shl i128 ${bits}, 64`)}`));
}

/** FP two-register misc: FABS, FNEG, FSQRT, FRINT*, FCVT*S/U, SCVTF/UCVTF, FCM* #0. */
function fpTwoRegMisc(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const u = (insn >>> 29) & 1;
  const hi = (insn >>> 23) & 1;
  const opcode = (insn >>> 12) & 31;
  const s = fpShape((insn >>> 22) & 1, (insn >>> 30) & 1, scalar);
  if (s === undefined) return false;
  const [rd, rn] = [insn & 31, (insn >>> 5) & 31];
  const ft = fpType(s);
  if (opcode === 0b01111 && hi === 1 && !scalar) {
    writeFp(e, rd, s, fpUnary(e, s, u ? 'neg' : 'abs', readFp(e, rn, s)));
    return true;
  }
  if (opcode === 0b11111 && hi === 1 && u === 1 && !scalar) {
    writeFp(e, rd, s, fpUnary(e, s, 'sqrt', readFp(e, rn, s)));
    return true;
  }
  if (opcode >= 0b01100 && opcode <= 0b01110 && hi === 1) {
    const pred = opcode === 0b01100 ? (u ? 'oge' : 'ogt') : opcode === 0b01101 ? (u ? 'ole' : 'oeq') : u ? undefined : 'olt';
    if (pred === undefined) return false;
    const is: Shape = { bits: s.bits, lanes: s.lanes };
    writeInt(e, rd, is, mask(e, is, op(e, `fcmp ${pred} ${ft} ${readFp(e, rn, s)}, zeroinitializer`)));
    return true;
  }
  if (opcode === 0b11101 && hi === 0) {
    const it = intType(s);
    writeFp(e, rd, s, op(e, `${u ? 'ui' : 'si'}tofp ${it} ${readInt(e, rn, s)} to ${ft}`));
    return true;
  }
  if ((opcode === 0b11000 || opcode === 0b11001) && !scalar) {
    const mode: Rounding | undefined = opcode === 0b11000 ? (hi ? (u ? undefined : 'p') : u ? 'a' : 'n') : hi ? (u ? 'i' : 'z') : u ? 'x' : 'm';
    if (mode === undefined) return false;
    writeFp(e, rd, s, fpRound(e, s, mode, readFp(e, rn, s)));
    return true;
  }
  if (opcode >= 0b11010 && opcode <= 0b11100) {
    const mode: Rounding | undefined = opcode === 0b11010 ? (hi ? 'p' : 'n') : opcode === 0b11011 ? (hi ? 'z' : 'm') : hi ? undefined : 'a';
    if (mode === undefined) return false;
    const r = fpToInt(e, s, mode, readFp(e, rn, s), u === 0, s.bits as 32 | 64);
    writeInt(e, rd, s, r);
    return true;
  }
  return false;
}

/** Advanced SIMD across lanes: ADDV, SADDLV/UADDLV, SMAXV/UMAXV, SMINV/UMINV. */
export function acrossLanes(e: A64Emitter, insn: number): boolean {
  const { q, u, size } = simdFields(insn);
  const opcode = (insn >>> 12) & 31;
  const known = opcode === 0b00011 || (opcode === 0b11011 && u === 0) || opcode === 0b01010 || opcode === 0b11010;
  if (!known || size === 3 || (size === 2 && q === 0)) return false;
  const s = vecShape(size, q, false);
  const n = readInt(e, (insn >>> 5) & 31, s);
  const red = (name: string, ty: string, v: string, lanes: number, bits: number): string => {
    const fn = `llvm.vector.reduce.${name}.v${lanes}i${bits}`;
    e.declare(`declare i${bits} @${fn}(${ty})`);
    return op(e, `call i${bits} @${fn}(${ty} ${v})`);
  };
  let r: string;
  let bits = s.bits;
  if (opcode === 0b00011) {
    bits = s.bits * 2;
    const wide: Shape = { bits: bits as 16 | 32 | 64, lanes: s.lanes };
    const w = op(e, `${u ? 'zext' : 'sext'} ${intType(s)} ${n} to ${intType(wide)}`);
    r = red('add', intType(wide), w, s.lanes, bits);
  } else if (opcode === 0b11011) r = red('add', intType(s), n, s.lanes, s.bits);
  else if (opcode === 0b01010) r = red(u ? 'umax' : 'smax', intType(s), n, s.lanes, s.bits);
  else r = red(u ? 'umin' : 'smin', intType(s), n, s.lanes, s.bits);
  writeInt(e, insn & 31, { bits: bits as 8 | 16 | 32 | 64, lanes: 1 }, r);
  return true;
}

/** Advanced SIMD three different: [SU]ADDL{2}, [SU]ADDW{2}, [SU]SUBL{2}, [SU]SUBW{2}, [SU]MULL{2}. */
export function threeDifferent(e: A64Emitter, insn: number): boolean {
  const { q, u, size, rd, rn, rm } = simdFields(insn);
  const opcode = (insn >>> 12) & 15;
  if (size === 3) return false;
  const narrow: Shape = { bits: (8 << size) as 8 | 16 | 32, lanes: 64 / (8 << size) };
  const wide: Shape = { bits: (16 << size) as 16 | 32 | 64, lanes: narrow.lanes };
  const ext = (x: string): string => op(e, `${u ? 'zext' : 'sext'} ${intType(narrow)} ${x} to ${intType(wide)}`);
  const kind = { 0: 'add', 1: 'addw', 2: 'sub', 3: 'subw', 12: 'mul' }[opcode];
  if (kind === undefined) return false;
  const n = kind.endsWith('w') ? readInt(e, rn, wide) : ext(readHalf(e, rn, narrow, q));
  const m = ext(readHalf(e, rm, narrow, q));
  writeInt(e, rd, wide, op(e, `${kind.replace('w', '')} ${intType(wide)} ${n}, ${m}`));
  return true;
}

/** Advanced SIMD scalar pairwise: ADDP Dd, Vn.2D and FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP of two lanes. */
export function scalarPairwise(e: A64Emitter, insn: number): boolean {
  const { u, size, rd, rn } = simdFields(insn);
  const opcode = (insn >>> 12) & 31;
  if (u === 0) {
    if (opcode !== 0b11011 || size !== 3) return false;
    const v = readInt(e, rn, { bits: 64, lanes: 2 });
    const [a, b] = [0, 1].map((i) => op(e, `extractelement <2 x i64> ${v}, i32 ${i}`)) as [string, string];
    writeInt(e, rd, { bits: 64, lanes: 1 }, op(e, `add i64 ${a}, ${b}`));
    return true;
  }
  const hi = size >>> 1;
  const kind: FpBinary | undefined = opcode === 0b01101 && hi === 0 ? 'add' : opcode === 0b01111 ? (hi ? 'min' : 'max') : opcode === 0b01100 ? (hi ? 'minnm' : 'maxnm') : undefined;
  if (kind === undefined) return false;
  const s: Shape = { bits: size & 1 ? 64 : 32, lanes: 1 };
  const pair = readFp(e, rn, { bits: s.bits, lanes: 2 });
  const vt = fpType({ bits: s.bits, lanes: 2 });
  const [a, b] = [0, 1].map((i) => op(e, `extractelement ${vt} ${pair}, i32 ${i}`)) as [string, string];
  writeFp(e, rd, s, fpBinary(e, s, kind, a, b));
  return true;
}

/** Advanced SIMD by element (vector, or scalar with `scalar`): FMLA/FMLS/FMUL and MUL/MLA/MLS with Vm[index] in every lane. */
export function byElement(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const { q, u, size, rd, rn } = simdFields(insn);
  const opcode = (insn >>> 12) & 15;
  const [h, l, mBit] = [(insn >>> 11) & 1, (insn >>> 21) & 1, (insn >>> 20) & 1];
  const fpOp = u === 0 && (opcode === 1 || opcode === 5 || opcode === 9) && size >= 2;
  const intOp = !scalar && (opcode === 8 && u === 0 || (opcode === 0 || opcode === 4) && u === 1) && (size === 1 || size === 2);
  if (!fpOp && !intOp) return false;
  const bits = fpOp ? (size === 3 ? 64 : 32) : 8 << size;
  if (fpOp && bits === 64 && (l === 1 || (q === 0 && !scalar))) return false;
  const index = bits === 64 ? h : bits === 32 ? (h << 1) | l : (h << 2) | (l << 1) | mBit;
  const rm = bits === 16 ? (insn >>> 16) & 15 : (insn >>> 16) & 31;
  const s: Shape = { bits: bits as 16 | 32 | 64, lanes: scalar ? 1 : (q ? 128 : 64) / bits };
  const v = e.v(rm);
  const x = op(e, `trunc i128 ${index === 0 ? v : op(e, `lshr i128 ${v}, ${bits * index}`)} to i${bits}`);
  const it = intType(s);
  const mInt = s.lanes === 1 ? x : op(e, `shufflevector ${it} ${op(e, `insertelement ${it} poison, i${bits} ${x}, i32 0`)}, ${it} poison, <${s.lanes} x i32> zeroinitializer`);
  if (intOp) {
    const prod = op(e, `mul ${it} ${readInt(e, rn, s)}, ${mInt}`);
    writeInt(e, rd, s, opcode === 8 ? prod : op(e, `${opcode === 0 ? 'add' : 'sub'} ${it} ${readInt(e, rd, s)}, ${prod}`));
    return true;
  }
  const ft = fpType(s);
  const m = op(e, `bitcast ${it} ${mInt} to ${ft}`);
  const n = readFp(e, rn, s);
  if (opcode === 9) writeFp(e, rd, s, fpBinary(e, s, 'mul', n, m));
  else writeFp(e, rd, s, fusedMulAdd(e, s, readFp(e, rd, s), opcode === 5 ? op(e, `fneg ${ft} ${n}`) : n, m));
  return true;
}
