/**
 * Shared helpers of the SIMD translator (simd.ts, simd-int.ts, simd-float.ts, simd-mem.ts):
 * lane shapes, vector constants, bitcasts between the views of a v128, intrinsic calls.
 *
 * A v128 crosses instruction boundaries as `<2 x i64>`; each lowering bitcasts it to the view
 * it works on (`<16 x i8>`, `<8 x i16>`, `<4 x i32>`, `<4 x float>`, `<2 x double>`) and back.
 * LLVM folds the bitcasts away, so they cost nothing.
 */
import {
  fpHex, i32, i64, intrinsicSuffix, poison, vectorShape, vectorType, type FCmpCond, type FunctionBuilder, type Value,
} from '../llvm/builder.js';
import type { MemArg } from '../binary/module.js';
import { llvmType } from './abi.js';
import type { NumericEnv } from './numeric.js';

/** What the SIMD translator needs from the function translator: numeric.ts's, plus memory. */
export interface SimdEnv extends NumericEnv {
  /**
   * Pointer into memory `memarg.memidx` for an access of `bytes` bytes at address `addr` (i32,
   * or i64 for a 64-bit memory) + `memarg.offset` (the memory translator does bounds handling).
   * `store`: the access is a store (memoryAddress then probes its last byte on targets where a
   * store straddling the end may write part of itself before faulting).
   */
  address(addr: Value, memarg: MemArg, bytes: number, store?: boolean): Value;
  /** Metadata for linear-memory accesses (the translator's TBAA tag), e.g. `!tbaa !6`. */
  memMd?: string;
  /** Loads and stores are volatile (TranslateOptions.volatileAccesses). Default false. */
  volatileAccesses?: boolean;
  /**
   * The target is not x86-64 (aarch64): no x86 intrinsics; generic IR instead (slower on x86,
   * the natural lowering elsewhere). Default false.
   */
  generic?: boolean;
  /**
   * f32x4 arithmetic, comparisons, min/max and rounding are computed lane by lane on scalar
   * floats (`lanewise`) instead of as `<4 x float>` operations: 32-bit ARM, whose Advanced SIMD
   * unit (NEON) flushes single-precision subnormal inputs and results to zero whatever FPSCR
   * says, while its VFP unit is IEEE (docs/abi.md, "32-bit ARM: NEON"). Without NEON LLVM
   * scalarises `<4 x float>` onto VFP anyway, so this costs nothing there; with NEON the lanes
   * stay scalar only because armv7's clang flags keep the SLP vectoriser off (targets.ts,
   * TargetInfo.clangFlags). Set by the triple, not the CPU: the IR is cached before the CPU is
   * chosen. Default false.
   */
  scalarF32?: boolean;
}

/** The IR type of a v128 value. */
export const V128 = llvmType('v128');

/** One lane interpretation of a v128. */
export interface Shape {
  lanes: number;
  /** Lane width in bits. */
  bits: number;
  /** LLVM element type: i8, i16, i32, i64, float, double. */
  el: string;
  /** LLVM vector type, e.g. `<16 x i8>`. */
  vec: string;
  float: boolean;
}

function shape(lanes: number, bits: number, el: string, float: boolean): Shape {
  return { lanes, bits, el, vec: vectorType(el, lanes), float };
}

export const SHAPES: Record<string, Shape> = {
  i8x16: shape(16, 8, 'i8', false),
  i16x8: shape(8, 16, 'i16', false),
  i32x4: shape(4, 32, 'i32', false),
  i64x2: shape(2, 64, 'i64', false),
  f32x4: shape(4, 32, 'float', true),
  f64x2: shape(2, 64, 'double', true),
};

export function shapeOf(name: string): Shape {
  const s = SHAPES[name];
  if (s === undefined) throw new Error(`unknown SIMD shape ${name}`);
  return s;
}

/** The integer shape with the same lane width as `s`. */
export function intShape(s: Shape): Shape {
  return shapeOf(`i${s.bits}x${s.lanes}`);
}

/** `<n x el>` */
export function vecTy(el: string, lanes: number): string {
  return vectorType(el, lanes);
}

/** Bitcast `v` to `ty` unless it already has that type. */
export function as(f: FunctionBuilder, v: Value, ty: string): Value {
  return v.ty === ty ? v : f.bitcast(v, ty);
}

/** Back to the interface type `<2 x i64>`. */
export function out(f: FunctionBuilder, v: Value): Value {
  return as(f, v, V128);
}

/** A vector constant from per-lane literals (already in LLVM syntax for `el`). */
export function vconst(el: string, lanes: Array<string | number | bigint>): Value {
  return { ty: vecTy(el, lanes.length), ref: `<${lanes.map((x) => `${el} ${x.toString()}`).join(', ')}>` };
}

/** A constant vector with every lane `x`. */
export function splatConst(el: string, lanes: number, x: string | number | bigint): Value {
  return vconst(el, new Array<string | number | bigint>(lanes).fill(x));
}

/** An f32 lane literal (rounded to f32 first). */
export function f32Lit(x: number): string {
  return fpHex(Math.fround(x));
}

/** Call intrinsic `name` (declared on first use) with `args`, returning `retTy`. */
export function intrinsic(env: SimdEnv, name: string, retTy: string, args: Value[]): Value {
  env.declare(name, retTy, args.map((a) => a.ty));
  const r = env.f.call(retTy, name, args);
  if (r === undefined) throw new Error(`intrinsic ${name} returns void`);
  return r;
}

/** A per-lane all-ones / all-zeros mask of integer vector type `ty` from an `<n x i1>`. */
export function maskOf(f: FunctionBuilder, cond: Value, ty: string): Value {
  return f.sext(cond, ty);
}

/** Broadcast scalar `x` to every lane of `<lanes x x.ty>`. */
export function splat(f: FunctionBuilder, x: Value, lanes: number): Value {
  const ty = vecTy(x.ty, lanes);
  const v = f.insertelement(poison(ty), x, i64(0));
  return f.shufflevector(v, poison(ty), new Array<number>(lanes).fill(0));
}

/** Lane indices `from, from + step, …` (`count` of them), for shufflevector masks. */
export function range(from: number, count: number, step = 1): number[] {
  return Array.from({ length: count }, (_, i) => from + i * step);
}

/** Whether the lanes of shape `s` are computed one by one (SimdEnv.scalarF32 and f32 lanes). */
export function lanewiseFloat(env: SimdEnv, s: Shape): boolean {
  return env.scalarF32 === true && s.el === 'float';
}

/**
 * `op` on each lane of the float vectors `args` (all of one lane count), the results (of type
 * `el`) gathered into `<lanes x el>`; each lane goes through `vfpLane` first:
 *
 *   %a0 = extractelement <4 x float> %a, i32 0        ; and %b0, … for each operand
 *   %x0 = call float asm "", "=t,0"(float %a0)
 *   %r0 = op %x0, %y0
 *   %v0 = insertelement <4 x el> poison, el %r0, i32 0
 *   …                                                  ; lanes 1 to 3 into %v1 … %v3
 */
export function lanewise(env: SimdEnv, args: Value[], el: string, op: (lane: Value[]) => Value): Value {
  const { f } = env;
  const lanes = vectorShape(args[0]!.ty)?.lanes ?? 1;
  let r = poison(vecTy(el, lanes));
  for (let i = 0; i < lanes; i++) r = f.insertelement(r, op(args.map((a) => vfpLane(f, f.extractelement(a, i32(i))))), i32(i));
  return r;
}

/**
 * Float `x` through an empty inline asm that keeps it in a VFP register (`=t,0`: no
 * instruction). Without it LLVM (16) puts the lanes back into vectors, which NEON computes
 * flushed: VectorCombine rewrites `fadd (extractelement a, i), (extractelement b, i)` as an
 * extractelement of a vector fadd, and the SLP vectoriser joins the four lanes' operations;
 * the asm's result is no lane of a vector to either. (ARM only: `t` is ARM's constraint.)
 */
export function vfpLane(f: FunctionBuilder, x: Value): Value {
  return f.callAsm(x.ty, '', '=t,0', [x], false)!;
}

/** `fcmp` on floats or float vectors (an `i1` or `<n x i1>`). */
export function fcmpOf(f: FunctionBuilder, cond: FCmpCond, a: Value, b: Value): Value {
  return vectorShape(a.ty) === undefined ? f.fcmp(cond, a, b) : f.vfcmp(cond, a, b);
}

/** The integer type as wide as float type `ty` lane for lane: float → i32, `<2 x double>` → `<2 x i64>`. */
export function intTypeOf(ty: string): string {
  const v = vectorShape(ty);
  const el = v?.el ?? ty;
  const it = el === 'float' ? 'i32' : el === 'double' ? 'i64' : el;
  return v === undefined ? it : vecTy(it, v.lanes);
}

/** A constant of type `ty` (scalar or vector) with every lane the literal `x`. */
export function fillConst(ty: string, x: string | number | bigint): Value {
  const v = vectorShape(ty);
  return v === undefined ? { ty, ref: x.toString() } : splatConst(v.el, v.lanes, x);
}

/**
 * `a < b ? a : b` / `a > b ? a : b` on `<4 x float>` / `<2 x double>`: exactly x86
 * minps/maxps/minpd/maxpd (the second operand when either is NaN or both are zeros), which
 * is also Wasm pmin/pmax. Emitted as the SSE/SSE2 intrinsics (baseline on x86-64) because
 * LLVM 16 does not reliably form minpd/maxpd from the equivalent select; as that select on
 * other targets (`env.generic`) and on scalar lanes (`lanewise`).
 */
export function selectLt(env: SimdEnv, a: Value, b: Value): Value {
  return minMaxOp(env, 'min', a, b);
}
export function selectGt(env: SimdEnv, a: Value, b: Value): Value {
  return minMaxOp(env, 'max', a, b);
}
function minMaxOp(env: SimdEnv, op: 'min' | 'max', a: Value, b: Value): Value {
  if (env.generic === true || vectorShape(a.ty) === undefined) {
    // The same semantics as select: ordered compare, b when unordered or equal.
    const { f } = env;
    return f.select(fcmpOf(f, op === 'min' ? 'olt' : 'ogt', a, b), a, b);
  }
  const name = a.ty === '<4 x float>' ? `@llvm.x86.sse.${op}.ps` : `@llvm.x86.sse2.${op}.pd`;
  return intrinsic(env, name, a.ty, [a, b]);
}

/**
 * pmulhrsw's result on `<8 x i16>`: per lane trunc(((a·b) >> 14 + 1) >> 1), so -32768 × -32768
 * gives -32768 (Wasm q15mulr_sat_s fixes that lane up; relaxed_q15mulr_s keeps it). LLVM 16
 * does not select pmulhrsw for this (it computes in i32 lanes, about 17 instructions on
 * x86-64-v2), and the SSSE3 intrinsic cannot be used while the IR must also run on baseline
 * x86-64.
 */
export function mulhrs(env: SimdEnv, a: Value, b: Value): Value {
  const { f } = env;
  const w = '<8 x i32>';
  const p = f.mul(f.sext(a, w), f.sext(b, w));
  const r = f.lshr(f.add(f.lshr(p, splatConst('i32', 8, 14)), splatConst('i32', 8, 1)), splatConst('i32', 8, 1));
  return f.trunc(r, '<8 x i16>');
}
