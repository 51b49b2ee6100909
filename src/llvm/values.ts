/**
 * Values and types of textual LLVM IR (LLVM 16, opaque pointers): typed operands, constants,
 * vector types. builder.ts re-exports all of it; only the builder emits instructions.
 */
/** An LLVM type in text form: 'i1', 'i32', 'float', 'ptr', '{ i32, i64 }', 'void', … */
export type Ty = string;

/**
 * A typed operand: `ref` is an SSA name (`%t3`), a global (`@g`), or a constant (`42`, `null`).
 * Code that asks what a value is reads `k`, never `ref`: `ref` is only ever printed.
 */
export interface Value {
  readonly ty: Ty;
  readonly ref: string;
  /**
   * The constant's bits, set by the constant constructors below (and to be set by anything
   * that folds): an integer as an unsigned bigint of its type's width (i32 -1 is 0xffffffffn,
   * i1 true is 1n), a float by its IEEE bit pattern the same way (f32 in 32 bits, f64 in 64), so
   * that NaN payloads survive, a v128 as its 128 bits (lane 0 lowest). Absent on anything else:
   * SSA values, globals, null, poison, zeroinitializer. (Nothing folds today.)
   */
  readonly k?: bigint;
}

/** An integer constant of type `iN` from `n`, wrapped to N bits: printed signed, `k` unsigned. */
export function iconst(ty: Ty, n: bigint): Value {
  const bits = Number(ty.slice(1));
  if (ty[0] !== 'i' || !Number.isInteger(bits) || bits < 1) throw new Error(`not an integer type: ${ty}`);
  return { ty, ref: BigInt.asIntN(bits, n).toString(), k: BigInt.asUintN(bits, n) };
}
export const i1 = (b: boolean): Value => ({ ty: 'i1', ref: b ? 'true' : 'false', k: b ? 1n : 0n });
export function i32(n: number): Value {
  const x = n | 0;
  if (x >= SMALL_MIN && x < SMALL_END) return (SMALL_I32[x - SMALL_MIN] ??= { ty: 'i32', ref: String(x), k: BigInt(x >>> 0) });
  return { ty: 'i32', ref: String(x), k: BigInt(x >>> 0) };
}
export function i64(n: number | bigint): Value {
  if (typeof n === 'number' && Number.isInteger(n) && n >= SMALL_MIN && n < SMALL_END) return (SMALL_I64[n - SMALL_MIN] ??= iconst('i64', BigInt(n)));
  return iconst('i64', BigInt(n));
}

/**
 * The i32 and i64 constants from SMALL_MIN up to SMALL_END, each made once and shared (Values
 * are never modified): the translator asks for offsets, widths and masks like these at nearly
 * every memory access, and each would otherwise be a new object, string and bigint.
 */
const SMALL_MIN = -256;
const SMALL_END = 4096;
const SMALL_I32: Value[] = [];
const SMALL_I64: Value[] = [];
/** An f32 constant from its exact bit pattern (NaN payloads preserved). */
export const f32bits = (bits: number): Value => ({ ty: 'float', ref: `bitcast (i32 ${bits | 0} to float)`, k: BigInt(bits >>> 0) });
/** An f64 constant from its exact bit pattern (NaN payloads preserved). */
export const f64bits = (bits: bigint): Value => ({
  ty: 'double',
  ref: `bitcast (i64 ${BigInt.asIntN(64, bits).toString()} to double)`,
  k: BigInt.asUintN(64, bits),
});
/** A float constant of type `ty` from a number it represents exactly, as LLVM's hex literal. */
export function fpLiteral(ty: 'float' | 'double', x: number): Value {
  const dv = new DataView(new ArrayBuffer(8));
  if (ty === 'float') {
    if (Math.fround(x) !== x && !Number.isNaN(x)) throw new Error(`${x} is not an f32`);
    dv.setFloat32(0, x);
    return { ty, ref: fpHex(x), k: BigInt(dv.getUint32(0)) };
  }
  dv.setFloat64(0, x);
  return { ty, ref: fpHex(x), k: dv.getBigUint64(0) };
}
/** +0.0 of type `ty` (float or double), written `0.0`. */
export const fzero = (ty: 'float' | 'double'): Value => ({ ty, ref: '0.0', k: 0n });
/** The number a float constant (`k` set, type float or double) stands for; else undefined. */
export function floatValue(v: Value): number | undefined {
  if (v.k === undefined) return undefined;
  const dv = new DataView(new ArrayBuffer(8));
  if (v.ty === 'float') {
    dv.setUint32(0, Number(v.k));
    return dv.getFloat32(0);
  }
  if (v.ty !== 'double') return undefined;
  dv.setBigUint64(0, v.k);
  return dv.getFloat64(0);
}
export const nullptr: Value = { ty: 'ptr', ref: 'null' };
export const poison = (ty: Ty): Value => ({ ty, ref: 'poison' });
export const zeroinit = (ty: Ty): Value => ({ ty, ref: 'zeroinitializer' });

/** A float literal as LLVM writes it: the IEEE double bit pattern in hex, also for `float` (x must then be an f32 value). */
export function fpHex(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return '0x' + dv.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0');
}

/**
 * Vector types by their text, with their shape: filled by vectorType, so that a vector type's
 * lanes and element type are looked up, never parsed back out of the text. Every shape the
 * translator uses (Wasm's six, their halves and doubles, the `<n x i1>` masks) is made once
 * here when the module loads.
 */
const VECTOR_TYPES = new Map<Ty, { lanes: number; el: Ty }>();

/** The vector type `<lanes x el>`. */
export function vectorType(el: Ty, lanes: number): Ty {
  const ty = `<${lanes} x ${el}>`;
  if (!VECTOR_TYPES.has(ty)) VECTOR_TYPES.set(ty, { lanes, el });
  return ty;
}
for (const el of ['i1', 'i8', 'i16', 'i32', 'i64', 'i128', 'float', 'double']) {
  for (let lanes = 1; lanes <= 64; lanes *= 2) vectorType(el, lanes);
}

/** The lanes and element type of vector type `ty`, undefined for a scalar (or unknown) type. */
export function vectorShape(ty: Ty): { lanes: number; el: Ty } | undefined {
  return VECTOR_TYPES.get(ty);
}

/** A type as an intrinsic name suffix: i32, f32, f64, v4f32, v16i8, ... */
export function intrinsicSuffix(ty: Ty): string {
  const v = vectorShape(ty);
  if (v === undefined) return ty === 'float' ? 'f32' : ty === 'double' ? 'f64' : ty;
  return `v${v.lanes}${intrinsicSuffix(v.el)}`;
}

/** `ty ref`, as operands are written in most instructions. */
export function typed(v: Value): string {
  return `${v.ty} ${v.ref}`;
}

/** The element type of a vector type: `<4 x float>` → `float`. */
export function vectorElementType(ty: Ty): Ty {
  const v = vectorShape(ty);
  if (v === undefined) throw new Error(`not a vector type: ${ty}`);
  return v.el;
}

/** The `<n x i1>` type with as many lanes as vector type `ty`. */
export function vectorBoolType(ty: Ty): Ty {
  const v = vectorShape(ty);
  if (v === undefined) throw new Error(`not a vector type: ${ty}`);
  return vectorType('i1', v.lanes);
}
