// The LLVM IR pieces the FP and Advanced SIMD lifter (src/elf/lift/simd*.ts) builds from:
// element shapes (a scalar or a vector of lanes, as LLVM types), reading and writing the low
// bits of a V register as such a shape, constants, and the architecture's NaN rules, which
// LLVM does not give: an FP result that is a NaN becomes the first signalling NaN operand
// (quietened), else the first quiet NaN operand, else the default NaN (positive, quiet, no
// payload) — x86 and Wasm would give other signs and payloads (docs/elf-simd.md).

import { type A64Emitter, StateEmitter } from './emit.js';

/** A value's shape: `lanes` elements of `bits` each (lanes 1: a scalar). */
export interface Shape {
  /** Element width in bits. */
  bits: 8 | 16 | 32 | 64;
  /** Number of elements (1 for a scalar). */
  lanes: number;
}

/** The LLVM integer type of one element or of the whole shape. */
export function intType(s: Shape): string {
  return s.lanes === 1 ? `i${s.bits}` : `<${s.lanes} x i${s.bits}>`;
}

/** The LLVM FP element type of a width. */
export function fpElem(bits: number): string {
  return bits === 16 ? 'half' : bits === 32 ? 'float' : 'double';
}

/** The LLVM FP type of the shape (bits 16, 32 or 64). */
export function fpType(s: Shape): string {
  return s.lanes === 1 ? fpElem(s.bits) : `<${s.lanes} x ${fpElem(s.bits)}>`;
}

/** The LLVM i1 type of a comparison over the shape. */
export function boolType(s: Shape): string {
  return s.lanes === 1 ? 'i1' : `<${s.lanes} x i1>`;
}

/** `%r = text`: emits one instruction and returns its result. */
export function op(e: A64Emitter, text: string): string {
  const r = e.fresh();
  e.emit(`${r} = ${text}`);
  return r;
}

/** A constant of the integer shape with every element `value` (a bigint or number). */
export function splat(s: Shape, value: bigint | number): string {
  const mask = (1n << BigInt(s.bits)) - 1n;
  let v = BigInt(value) & mask;
  if (v >> BigInt(s.bits - 1) === 1n) v -= 1n << BigInt(s.bits); // LLVM prints constants signed
  if (s.lanes === 1) return `${v}`;
  return `<${Array.from({ length: s.lanes }, () => `i${s.bits} ${v}`).join(', ')}>`;
}

/** The low `s.bits * s.lanes` bits of Vn as the integer shape. */
export function readInt(e: A64Emitter, n: number, s: Shape): string {
  const total = s.bits * s.lanes;
  const v = e.v(n);
  const low = total === 128 ? v : op(e, `trunc i128 ${v} to i${total}`);
  return s.lanes === 1 ? low : op(e, `bitcast i${total} ${low} to ${intType(s)}`);
}

/** Vn as the FP shape. */
export function readFp(e: A64Emitter, n: number, s: Shape): string {
  return op(e, `bitcast ${intType(s)} ${readInt(e, n, s)} to ${fpType(s)}`);
}

/** Sets Vn to the integer shape's bits, zeroing the bits above them. */
export function writeInt(e: A64Emitter, n: number, s: Shape, value: string): void {
  const total = s.bits * s.lanes;
  const flat = s.lanes === 1 ? value : op(e, `bitcast ${intType(s)} ${value} to i${total}`);
  e.setV(n, total === 128 ? flat : op(e, `zext i${total} ${flat} to i128`));
}

/** Sets Vn to the FP shape's bits, zeroing the bits above them. */
export function writeFp(e: A64Emitter, n: number, s: Shape, value: string): void {
  writeInt(e, n, s, op(e, `bitcast ${fpType(s)} ${value} to ${intType(s)}`));
}

/** The FP shape's value as its integer bits. */
export function fpBits(e: A64Emitter, s: Shape, value: string): string {
  return op(e, `bitcast ${fpType(s)} ${value} to ${intType(s)}`);
}

/** An FP constant of the shape from the bits of one element. */
export function fpConst(e: A64Emitter, s: Shape, bits: bigint): string {
  return op(e, `bitcast ${intType(s)} ${splat(s, bits)} to ${fpType(s)}`);
}

/** The quiet bit of an FP element (the top fraction bit). */
export function quietBit(bits: number): bigint {
  return 1n << BigInt(bits === 16 ? 9 : bits === 32 ? 22 : 51);
}

/** The default NaN of an FP element: positive, quiet, zero payload. */
export function defaultNaN(bits: number): bigint {
  return bits === 16 ? 0x7e00n : bits === 32 ? 0x7fc00000n : 0x7ff8000000000000n;
}

/**
 * The architecture's NaN result for an operation over `ops` (in the order the architecture
 * checks them) whose LLVM result is `result`: where `result` is a NaN, the first signalling
 * operand quietened, else the first quiet NaN operand, else the default NaN; otherwise `result`.
 * `invalid`, when given, is an i1 shape that forces the default NaN (FMADD's 0 * inf + qNaN).
 * Under FPCR.DN every NaN result is the default NaN. `checkOps`: an operand NaN gives a NaN
 * result even where `result` is not one (FMAX's compare-and-select).
 *
 * The common case costs a compare and a branch: the caller tests for a NaN and calls an
 * always-inlined helper (one per shape and arity, defined once per module through e.declare)
 * whose unlikely branch computes the NaN.
 */
export function fixNaN(e: A64Emitter, s: Shape, result: string, ops: readonly string[], invalid?: string, checkOps = false): string {
  const ft = fpType(s);
  const bt = boolType(s);
  const checks = [result, ...(checkOps ? ops : [])].map((x) => op(e, `fcmp uno ${ft} ${x}, ${x}`));
  let any = checks.reduce((a, b) => op(e, `or ${bt} ${a}, ${b}`));
  if (s.lanes > 1) any = op(e, `icmp ne i${s.lanes} ${op(e, `bitcast ${bt} ${any} to i${s.lanes}`)}, 0`);
  const suffix = s.lanes === 1 ? `f${s.bits}` : `v${s.lanes}f${s.bits}`;
  const name = `@a64.nan.${suffix}.${ops.length}${invalid !== undefined ? 'i' : ''}${checkOps ? 'c' : ''}`;
  e.declare(nanHelper(e, s, name, ops.length, invalid !== undefined, checkOps));
  const args = [result, ...ops].map((x) => `${ft} ${x}`);
  if (invalid !== undefined) args.push(`${bt} ${invalid}`);
  args.push(`i64 ${e.fpReg('fpcr')}`, `i1 ${any}`);
  return op(e, `call ${ft} ${name}(${args.join(', ')})`);
}

/** The text of fixNaN's helper: `ret %r` unless the NaN flag is set, else the NaN rule. */
function nanHelper(outer: A64Emitter, s: Shape, name: string, arity: number, invalid: boolean, checkOps: boolean): string {
  const ft = fpType(s);
  const body = new HelperEmitter();
  const ops = Array.from({ length: arity }, (_x, i) => `%o${i}`);
  const out = nanResult(body, s, '%r', ops, invalid ? '%inv' : undefined, checkOps);
  const params = ['r', ...ops.map((o) => o.slice(1))].map((p) => `${ft} %${p}`);
  if (invalid) params.push(`${boolType(s)} %inv`);
  params.push('i64 %fpcr', 'i1 %nan');
  outer.declare('declare i1 @llvm.expect.i1(i1, i1)');
  body.decls.forEach((d) => outer.declare(d));
  return [`define internal ${ft} ${name}(${params.join(', ')}) alwaysinline {`, 'entry:', '  %unlikely = call i1 @llvm.expect.i1(i1 %nan, i1 false)',
    '  br i1 %unlikely, label %slow, label %fast', 'fast:', `  ret ${ft} %r`, 'slow:', ...body.lines, `  ret ${ft} ${out}`, '}'].join('\n');
}

/** The emitter of a helper's body: a StateEmitter of its own whose FPCR is the %fpcr parameter (it reads nothing else). */
export class HelperEmitter extends StateEmitter {
  constructor() {
    super({ state: '%unused', pointerBits: 64 }, 'h');
  }

  override fpReg(which: 'fpcr' | 'fpsr'): string {
    if (which !== 'fpcr') throw new Error('a NaN helper reads only FPCR');
    return '%fpcr';
  }
}

/** fixNaN's rule, computed unconditionally. */
export function nanResult(e: A64Emitter, s: Shape, result: string, ops: readonly string[], invalid: string | undefined, checkOps: boolean): string {
  const ft = fpType(s);
  const it = intType(s);
  const bt = boolType(s);
  const q = splat(s, quietBit(s.bits));
  const isNaN = ops.map((a) => op(e, `fcmp uno ${ft} ${a}, ${a}`));
  const bits = ops.map((a) => op(e, `bitcast ${ft} ${a} to ${it}`));
  const quiet = bits.map((b) => op(e, `or ${it} ${b}, ${q}`));
  const isSNaN = bits.map((b, i) => {
    const qb = op(e, `and ${it} ${b}, ${q}`);
    const noQ = op(e, `icmp eq ${it} ${qb}, ${splat(s, 0)}`);
    return op(e, `and ${bt} ${isNaN[i]}, ${noQ}`);
  });
  let pick = splat(s, defaultNaN(s.bits));
  for (let i = ops.length - 1; i >= 0; i--) pick = op(e, `select ${bt} ${isNaN[i]}, ${it} ${quiet[i]}, ${it} ${pick}`);
  for (let i = ops.length - 1; i >= 0; i--) pick = op(e, `select ${bt} ${isSNaN[i]}, ${it} ${quiet[i]}, ${it} ${pick}`);
  if (invalid !== undefined) pick = op(e, `select ${bt} ${invalid}, ${it} ${splat(s, defaultNaN(s.bits))}, ${it} ${pick}`);
  pick = op(e, `select i1 ${defaultNaNMode(e)}, ${it} ${splat(s, defaultNaN(s.bits))}, ${it} ${pick}`);
  // Lane by lane: the NaN where the result (or, with checkOps, an operand) is one.
  const rNaN = [result, ...(checkOps ? ops : [])].map((x) => op(e, `fcmp uno ${ft} ${x}, ${x}`)).reduce((a, b) => op(e, `or ${bt} ${a}, ${b}`));
  const rBits = op(e, `bitcast ${ft} ${result} to ${it}`);
  const out = op(e, `select ${bt} ${rNaN}, ${it} ${pick}, ${it} ${rBits}`);
  return op(e, `bitcast ${it} ${out} to ${ft}`);
}

/** Calls the LLVM intrinsic `name` overloaded on the FP shape (declaring it). */
export function fpIntrinsic(e: A64Emitter, s: Shape, name: string, args: readonly string[]): string {
  const ft = fpType(s);
  const suffix = s.lanes === 1 ? fpElem(s.bits) === 'double' ? 'f64' : fpElem(s.bits) === 'float' ? 'f32' : 'f16' : `v${s.lanes}f${s.bits}`;
  e.declare(`declare ${ft} @llvm.${name}.${suffix}(${args.map(() => ft).join(', ')})`);
  return op(e, `call ${ft} @llvm.${name}.${suffix}(${args.map((a) => `${ft} ${a}`).join(', ')})`);
}

/** An integer of `from` bits as `to` bits: truncated, or zero- (or sign-) extended; itself when equal. */
export function resize(e: A64Emitter, v: string, from: number, to: number, signed = false): string {
  if (from === to) return v;
  return op(e, `${from > to ? 'trunc' : signed ? 'sext' : 'zext'} i${from} ${v} to i${to}`);
}

/** The fields most Advanced SIMD encodings share. */
export interface SimdFields {
  /** Bit 30: 128-bit (1) or 64-bit (0) vectors. */
  q: number;
  /** Bit 29: the unsigned or second form. */
  u: number;
  /** Bits 23..22: the element size (8 << size bits). */
  size: number;
  /** Bits 4..0, 9..5, 20..16: the registers. */
  rd: number;
  rn: number;
  rm: number;
}

/** The shared fields of an Advanced SIMD instruction. */
export function simdFields(insn: number): SimdFields {
  return { q: (insn >>> 30) & 1, u: (insn >>> 29) & 1, size: (insn >>> 22) & 3, rd: insn & 31, rn: (insn >>> 5) & 31, rm: (insn >>> 16) & 31 };
}

/** FPCR.DN (bit 25, default-NaN mode) as an i1. */
export function defaultNaNMode(e: A64Emitter): string {
  const bit = op(e, `and i64 ${e.fpReg('fpcr')}, ${1 << 25}`);
  return op(e, `icmp ne i64 ${bit}, 0`);
}
