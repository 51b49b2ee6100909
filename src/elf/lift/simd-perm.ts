// Advanced SIMD moves, immediates, shifts and permutes: copy (DUP, INS, UMOV, SMOV and the
// scalar DUP), modified immediate (MOVI, MVNI, ORR, BIC, FMOV vector), shift by immediate
// (SHL, SSHR/USHR, SSRA/USRA, SLI, SRI, SHRN, [SU]SHLL, fixed-point SCVTF/UCVTF and
// FCVTZS/FCVTZU), ZIP/UZP/TRN, EXT and TBL/TBX: LLVM shufflevector and lane operations.

import type { A64Emitter } from './emit.js';
import { fpToInt } from './simd-fparith.js';
import { type Shape, fpConst, fpType, intType, op, readFp, readInt, resize, simdFields, splat, writeFp, writeInt } from './simd-ir.js';
import { readHalf, vecShape, writeHalf } from './simd-vec.js';

/** A shufflevector mask constant from lane numbers. */
export function shuffleMask(idx: readonly number[]): string {
  return `<${idx.map((i) => `i32 ${i}`).join(', ')}>`;
}

/** The lane size (0..3) and index an imm5 field selects; undefined when no size bit is set. */
function lane5(imm5: number): { size: number; index: number } | undefined {
  for (let size = 0; size < 4; size++) if ((imm5 >>> size) & 1) return { size, index: imm5 >>> (size + 1) };
  return undefined;
}

/** Element `index` of Vn as an integer of `bits`. */
export function element(e: A64Emitter, n: number, bits: number, index: number): string {
  const v = e.v(n);
  const shifted = index === 0 ? v : op(e, `lshr i128 ${v}, ${bits * index}`);
  return op(e, `trunc i128 ${shifted} to i${bits}`);
}

/** Vd with element `index` (of `bits`) replaced by `value`, the other bits kept. */
export function insertElement(e: A64Emitter, d: number, bits: number, index: number, value: string): void {
  const keep = ~(((1n << BigInt(bits)) - 1n) << BigInt(bits * index)) & ((1n << 128n) - 1n);
  const cleared = op(e, `and i128 ${e.v(d)}, ${i128(keep)}`);
  const wide = op(e, `shl i128 ${op(e, `zext i${bits} ${value} to i128`)}, ${bits * index}`);
  e.setV(d, op(e, `or i128 ${cleared}, ${wide}`));
}

/** A 128-bit constant as LLVM prints it (signed). */
function i128(v: bigint): string {
  return `${v >= 1n << 127n ? v - (1n << 128n) : v}`;
}

/** Advanced SIMD copy (vector: DUP, INS, UMOV, SMOV) and, with `scalar`, the scalar DUP (MOV Sd, Vn.S[i]). */
export function copy(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const q = (insn >>> 30) & 1;
  const opb = (insn >>> 29) & 1;
  const imm4 = (insn >>> 11) & 15;
  const sel = lane5((insn >>> 16) & 31);
  const [rd, rn] = [insn & 31, (insn >>> 5) & 31];
  if (sel === undefined) return false;
  const bits = 8 << sel.size;
  if (scalar) {
    if (opb !== 0 || imm4 !== 0) return false;
    writeInt(e, rd, { bits: bits as 8 | 16 | 32 | 64, lanes: 1 }, element(e, rn, bits, sel.index));
    return true;
  }
  if (opb === 1) {
    if (q !== 1) return false;
    insertElement(e, rd, bits, sel.index, element(e, rn, bits, imm4 >>> sel.size));
    return true;
  }
  const s = vecShape(sel.size, q, false);
  const splatOf = (x: string): string => {
    const one = op(e, `insertelement ${intType(s)} poison, i${bits} ${x}, i32 0`);
    return op(e, `shufflevector ${intType(s)} ${one}, ${intType(s)} poison, <${s.lanes} x i32> zeroinitializer`);
  };
  if (imm4 === 0 || imm4 === 1) {
    if (sel.size === 3 && q === 0) return false;
    writeInt(e, rd, s, splatOf(imm4 === 0 ? element(e, rn, bits, sel.index) : resize(e, e.x(rn), 64, bits)));
    return true;
  }
  if (imm4 === 3) {
    if (q !== 1) return false;
    insertElement(e, rd, bits, sel.index, resize(e, e.x(rn), 64, bits));
    return true;
  }
  if (imm4 === 5 || imm4 === 7) {
    const signed = imm4 === 5;
    // UMOV: W for B/H/S, X for D (Q = 1); SMOV: W (Q = 0) or X (Q = 1) from B/H, X from S.
    if (signed ? sel.size === 3 || (sel.size === 2 && q === 0) : (sel.size === 3) !== (q === 1)) return false;
    const v = element(e, rn, bits, sel.index);
    const w = signed && q === 0 ? resize(e, resize(e, v, bits, 32, true), 32, 64) : resize(e, v, bits, 64, signed);
    e.setX(rd, w);
    return true;
  }
  return false;
}

/** AdvSIMDExpandImm: the 64-bit pattern of a modified immediate (op, cmode, imm8). */
export function expandSimdImm(opb: number, cmode: number, imm8: number): bigint {
  const b = BigInt(imm8);
  const rep = (v: bigint, width: number): bigint => {
    let r = 0n;
    for (let i = 0; i < 64; i += width) r |= v << BigInt(i);
    return r;
  };
  switch (cmode >>> 1) {
    case 0: case 1: case 2: case 3: return rep(b << BigInt(8 * (cmode >>> 1)), 32);
    case 4: case 5: return rep(b << BigInt(8 * ((cmode >>> 1) & 1)), 16);
    case 6: return rep((cmode & 1) === 0 ? (b << 8n) | 0xffn : (b << 16n) | 0xffffn, 32);
    default:
      if ((cmode & 1) === 0 && opb === 0) return rep(b, 8);
      if ((cmode & 1) === 0) {
        let r = 0n;
        for (let i = 0; i < 8; i++) if ((imm8 >>> i) & 1) r |= 0xffn << BigInt(8 * i);
        return r;
      }
      if (opb === 0) {
        const f = (BigInt(imm8 >>> 7) << 31n) | (BigInt(((imm8 >>> 6) & 1) ^ 1) << 30n) | (BigInt((imm8 >>> 6) & 1 ? 0x1f : 0) << 25n) | (BigInt(imm8 & 0x3f) << 19n);
        return rep(f, 32);
      }
      return (BigInt(imm8 >>> 7) << 63n) | (BigInt(((imm8 >>> 6) & 1) ^ 1) << 62n) | (BigInt((imm8 >>> 6) & 1 ? 0xff : 0) << 54n) | (BigInt(imm8 & 0x3f) << 48n);
  }
}

/** Advanced SIMD modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate). */
export function modifiedImmediate(e: A64Emitter, insn: number): boolean {
  const q = (insn >>> 30) & 1;
  const opb = (insn >>> 29) & 1;
  const cmode = (insn >>> 12) & 15;
  const imm8 = (((insn >>> 16) & 7) << 5) | ((insn >>> 5) & 31);
  const rd = insn & 31;
  if (((insn >>> 11) & 1) !== 0 || (opb === 1 && cmode === 15 && q === 0)) return false;
  const imm64 = expandSimdImm(opb, cmode, imm8);
  const imm = q ? (imm64 << 64n) | imm64 : imm64;
  const ones = q ? (1n << 128n) - 1n : (1n << 64n) - 1n;
  const logical = cmode < 12 && (cmode & 1) === 1; // ORR (op 0) or BIC (op 1)
  if (logical) {
    const v = op(e, opb ? `and i128 ${e.v(rd)}, ${i128(~imm & ((1n << 128n) - 1n))}` : `or i128 ${e.v(rd)}, ${i128(imm)}`);
    e.setV(rd, q ? v : op(e, `and i128 ${v}, ${i128(ones)}`));
    return true;
  }
  const inverted = opb === 1 && cmode < 14; // MVNI
  e.setV(rd, i128(inverted ? ~imm & ones : imm));
  return true;
}

/** Advanced SIMD shift by immediate (vector, or scalar with `scalar`: 64-bit lanes and the FP conversions). */
export function shiftImmediate(e: A64Emitter, insn: number, scalar: boolean): boolean {
  const { q, u, rd, rn } = simdFields(insn);
  const immh = (insn >>> 19) & 15;
  const immhb = (insn >>> 16) & 127;
  const opcode = (insn >>> 11) & 31;
  const size = 31 - Math.clz32(immh);
  const bits = 8 << size;
  const right = 2 * bits - immhb;
  const left = immhb - bits;
  if (opcode === 0b11100 || opcode === 0b11111) {
    // SCVTF/UCVTF and FCVTZS/FCVTZU with #fbits, 32- and 64-bit lanes.
    if (size < 2 || (size === 3 && q === 0 && !scalar)) return false;
    const s: Shape = { bits: bits as 32 | 64, lanes: scalar ? 1 : (q ? 128 : 64) / bits };
    const scale = (k: number): string => fpConst(e, s, (BigInt((bits === 32 ? 127 : 1023) + k)) << BigInt(bits === 32 ? 23 : 52));
    if (opcode === 0b11100) {
      const f = op(e, `${u ? 'ui' : 'si'}tofp ${intType(s)} ${readInt(e, rn, s)} to ${fpType(s)}`);
      writeFp(e, rd, s, op(e, `fmul ${fpType(s)} ${f}, ${scale(-right)}`));
    } else {
      const x = readFp(e, rn, s);
      const scaled = op(e, `fmul ${fpType(s)} ${x}, ${scale(right)}`);
      writeInt(e, rd, s, fpToInt(e, s, 'z', scaled, u === 0, bits as 32 | 64));
    }
    return true;
  }
  if (scalar && size !== 3) return false;
  if (opcode === 0b10000 || opcode === 0b10100) {
    if (scalar || size === 3) return false;
    const narrow: Shape = { bits: bits as 8 | 16 | 32, lanes: 64 / bits };
    const wide: Shape = { bits: (2 * bits) as 16 | 32 | 64, lanes: narrow.lanes };
    if (opcode === 0b10000) {
      if (u !== 0) return false;
      // SHRN{2}: shift each wide lane right by 1..bits (immh counts in the narrow size), keep the low half.
      const r = op(e, `lshr ${intType(wide)} ${readInt(e, rn, wide)}, ${splat(wide, right)}`);
      writeHalf(e, rd, narrow, op(e, `trunc ${intType(wide)} ${r} to ${intType(narrow)}`), q);
    } else {
      const w = op(e, `${u ? 'zext' : 'sext'} ${intType(narrow)} ${readHalf(e, rn, narrow, q)} to ${intType(wide)}`);
      writeInt(e, rd, wide, op(e, `shl ${intType(wide)} ${w}, ${splat(wide, left)}`));
    }
    return true;
  }
  if (size === 3 && q === 0 && !scalar) return false;
  const s = vecShape(size, q, scalar);
  const it = intType(s);
  const n = readInt(e, rn, s);
  const shr = (signed: boolean): string => {
    if (right < bits) return op(e, `${signed ? 'ashr' : 'lshr'} ${it} ${n}, ${splat(s, right)}`);
    return signed ? op(e, `ashr ${it} ${n}, ${splat(s, bits - 1)}`) : splat(s, 0);
  };
  let r: string;
  if (opcode === 0b00000) r = shr(u === 0);
  else if (opcode === 0b00010) r = op(e, `add ${it} ${readInt(e, rd, s)}, ${shr(u === 0)}`);
  else if (opcode === 0b01010 && u === 0) r = op(e, `shl ${it} ${n}, ${splat(s, left)}`);
  else if (opcode === 0b01010) {
    // SLI: the shifted value, with Vd's bits below the shift kept.
    const keep = op(e, `and ${it} ${readInt(e, rd, s)}, ${splat(s, (1n << BigInt(left)) - 1n)}`);
    r = op(e, `or ${it} ${keep}, ${op(e, `shl ${it} ${n}, ${splat(s, left)}`)}`);
  } else if (opcode === 0b01000 && u === 1) {
    // SRI: the shifted value, with Vd's bits above it kept.
    const keepMask = right >= bits ? (1n << BigInt(bits)) - 1n : ~((1n << BigInt(bits - right)) - 1n) & ((1n << BigInt(bits)) - 1n);
    const keep = op(e, `and ${it} ${readInt(e, rd, s)}, ${splat(s, keepMask)}`);
    r = op(e, `or ${it} ${keep}, ${shr(false)}`);
  } else return false;
  writeInt(e, rd, s, r);
  return true;
}

/** ZIP1/2, UZP1/2, TRN1/2. */
export function permute(e: A64Emitter, insn: number): boolean {
  const q = (insn >>> 30) & 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 7;
  if (opcode === 0 || opcode === 4 || (size === 3 && q === 0)) return false;
  const s = vecShape(size, q, false);
  const l = s.lanes;
  const part = opcode >>> 2; // 0: the *1 form, 1: the *2 form
  const idx = Array.from({ length: l }, (_x, i) => {
    const kind = opcode & 3;
    if (kind === 1) return 2 * i + part; // UZP
    if (kind === 2) return (i & 1) === 0 ? i + part : l + i - 1 + part; // TRN
    const base = part * (l / 2); // ZIP
    return (i & 1) === 0 ? base + i / 2 : l + base + (i - 1) / 2;
  });
  const [n, m] = [readInt(e, (insn >>> 5) & 31, s), readInt(e, (insn >>> 16) & 31, s)];
  writeInt(e, insn & 31, s, op(e, `shufflevector ${intType(s)} ${n}, ${intType(s)} ${m}, <${l} x i32> ${shuffleMask(idx)}`));
  return true;
}

/** EXT: bytes imm4.. of Vm:Vn. */
export function ext(e: A64Emitter, insn: number): boolean {
  const q = (insn >>> 30) & 1;
  const imm4 = (insn >>> 11) & 15;
  if (q === 0 && imm4 >= 8) return false;
  const s = vecShape(0, q, false);
  const [n, m] = [readInt(e, (insn >>> 5) & 31, s), readInt(e, (insn >>> 16) & 31, s)];
  const idx = Array.from({ length: s.lanes }, (_x, i) => imm4 + i);
  writeInt(e, insn & 31, s, op(e, `shufflevector ${intType(s)} ${n}, ${intType(s)} ${m}, <${s.lanes} x i32> ${shuffleMask(idx)}`));
  return true;
}

/** TBL/TBX: each byte of Vm indexes the table Vn..Vn+len; out of range gives 0 (TBL) or keeps Vd's byte (TBX). */
export function tableLookup(e: A64Emitter, insn: number): boolean {
  const q = (insn >>> 30) & 1;
  const len = ((insn >>> 13) & 3) + 1;
  const tbx = ((insn >>> 12) & 1) === 1;
  const rn = (insn >>> 5) & 31;
  const s = vecShape(0, q, false);
  // The table: Vn..Vn+len-1 (wrapping at 31) concatenated, padded with zeros to 2 or 4 registers.
  let parts = Array.from({ length: len }, (_x, i) => readInt(e, (rn + i) % 32, { bits: 8, lanes: 16 }));
  if (len === 3) parts.push('zeroinitializer');
  for (let width = 16; parts.length > 1; width *= 2) {
    const concat = `<${2 * width} x i32> ${shuffleMask(Array.from({ length: 2 * width }, (_x, k) => k))}`;
    const next: string[] = [];
    for (let i = 0; i < parts.length; i += 2) next.push(op(e, `shufflevector <${width} x i8> ${parts[i]}, <${width} x i8> ${parts[i + 1]}, ${concat}`));
    parts = next;
  }
  const table = parts[0]!;
  const tableLanes = len === 1 ? 16 : len === 2 ? 32 : 64;
  const size = 16 * len;
  const index = readInt(e, (insn >>> 16) & 31, s);
  const it = intType(s);
  const inRange = op(e, `icmp ult ${it} ${index}, ${splat(s, size)}`);
  let out = tbx ? readInt(e, insn & 31, s) : splat(s, 0);
  for (let j = 0; j < s.lanes; j++) {
    const ix = op(e, `extractelement ${it} ${index}, i32 ${j}`);
    const ok = op(e, `extractelement <${s.lanes} x i1> ${inRange}, i32 ${j}`);
    const safe = op(e, `select i1 ${ok}, i8 ${ix}, i8 0`);
    const byte = op(e, `extractelement <${tableLanes} x i8> ${table}, i8 ${safe}`);
    const prev = op(e, `extractelement ${it} ${out}, i32 ${j}`);
    out = op(e, `insertelement ${it} ${out}, i8 ${op(e, `select i1 ${ok}, i8 ${byte}, i8 ${prev}`)}, i32 ${j}`);
  }
  writeInt(e, insn & 31, s, out);
  return true;
}
