/**
 * SIMD float arithmetic (f32x4, f64x2) and the vector conversions (see simd.ts).
 *
 * Wasm min/max propagate NaN and order -0 < +0, which neither x86 minps/maxps nor a single
 * LLVM 16 operation gives (llvm.minimum does not select on x86 in LLVM 16): both operand
 * orders are computed with the minps/maxps pattern and merged bitwise, and NaN lanes are
 * replaced by the canonical NaN. The saturating float→int conversions are built around
 * cvttps2dq / cvttpd2dq because LLVM 16 scalarises vector llvm.fpto[su]i.sat. On armv7 the
 * f32x4 operations in FLUSHED are computed lane by lane (floatOp on scalars), since NEON would
 * flush their subnormals (docs/abi.md, "32-bit ARM: NEON").
 */
import { fpHex, intrinsicSuffix, poison, zeroinit, type Value } from '../llvm/builder.js';
import {
  as, f32Lit, fcmpOf, fillConst, intrinsic, intTypeOf, lanewise, lanewiseFloat, out, range, selectGt, selectLt, splatConst,
  type Shape, type SimdEnv,
} from './simd-util.js';
import { quietRounding } from './numeric.js';

const F32x4 = '<4 x float>';
const F64x2 = '<2 x double>';
const I32x4 = '<4 x i32>';

const ROUND: Record<string, string> = { ceil: 'ceil', floor: 'floor', trunc: 'trunc', nearest: 'roundeven', sqrt: 'sqrt', abs: 'fabs' };

/**
 * The f32x4 operations that ARM's Advanced SIMD (NEON) computes with subnormal inputs and
 * results flushed to zero, and that are therefore computed lane by lane on armv7
 * (SimdEnv.scalarF32). Not in it: abs and neg (they only change the sign bit), div and sqrt (no
 * Advanced SIMD form: always VFP), and the conversions (an int→float result is never subnormal;
 * a subnormal truncates to 0 flushed or not). The roundings are in it for ARMv8 CPUs in AArch32
 * state (`--cpu=cortex-a53`), whose Advanced SIMD VRINT flushes (the ceiling of a positive
 * subnormal is 1, of a flushed one 0); ARMv7 rounds through libm calls, lane by lane anyway.
 */
const FLUSHED = new Set(['add', 'sub', 'mul', 'min', 'max', 'pmin', 'pmax', 'ceil', 'floor', 'trunc', 'nearest']);

export function emitSimdFloat(env: SimdEnv, s: Shape, op: string, args: Value[]): Value {
  const { f } = env;
  const xs = args.map((v) => as(f, v, s.vec));
  if (lanewiseFloat(env, s) && FLUSHED.has(op)) return out(f, lanewise(env, xs, s.el, (lane) => floatOp(env, op, lane)));
  return out(f, floatOp(env, op, xs));
}

/** Float instruction `op` on `xs`: whole vectors, or (lanewise) one lane's scalars. */
function floatOp(env: SimdEnv, op: string, xs: Value[]): Value {
  const { f } = env;
  const a = xs[0]!;
  const b = (): Value => xs[1]!;
  if (Object.hasOwn(ROUND, op)) {
    const r = intrinsic(env, `@llvm.${ROUND[op]!}.${intrinsicSuffix(a.ty)}`, a.ty, [a]);
    return op === 'sqrt' || op === 'abs' ? r : quietRounding(env, r);
  }
  switch (op) {
    case 'neg':
      return f.fneg(a);
    case 'add':
      return f.fadd(a, b());
    case 'sub':
      return f.fsub(a, b());
    case 'mul':
      return f.fmul(a, b());
    case 'div':
      return f.fdiv(a, b());
    case 'pmin':
      // b < a ? b : a — exactly minps(b, a).
      return selectLt(env, b(), a);
    case 'pmax':
      // a < b ? b : a — exactly maxps(b, a).
      return selectGt(env, b(), a);
    case 'min':
    case 'max':
      return minMax(env, op === 'min', a, b());
  }
  throw new Error(`unknown SIMD instruction ${a.ty} ${op}`);
}

/**
 * Wasm fmin/fmax on float vectors or (lanewise) scalars. minps(a, b) and minps(b, a) agree
 * except on equal operands (±0) and NaNs; OR-ing them (AND for max) picks -0 (+0); lanes where
 * either input is NaN become the canonical NaN.
 */
function minMax(env: SimdEnv, isMin: boolean, a: Value, b: Value): Value {
  const { f } = env;
  const it = intTypeOf(a.ty);
  const pick = isMin ? selectLt : selectGt;
  const x = f.bitcast(pick(env, a, b), it);
  const y = f.bitcast(pick(env, b, a), it);
  const merged = f.bitcast(isMin ? f.or(x, y) : f.and(x, y), a.ty);
  const nan = fcmpOf(f, 'uno', a, b);
  const canon = fillConst(a.ty, '0x7FF8000000000000'); // 0x7fc00000 as f32
  return f.select(nan, canon, merged);
}

/** The lane-shape conversions (one operand); undefined if `name` is not one. */
export function emitSimdConvert(env: SimdEnv, name: string, v: Value): Value | undefined {
  const { f } = env;
  switch (name) {
    case 'f32x4.convert_i32x4_s':
      return out(f, f.sitofp(as(f, v, I32x4), F32x4));
    case 'f32x4.convert_i32x4_u':
      return out(f, f.uitofp(as(f, v, I32x4), F32x4));
    case 'f64x2.convert_low_i32x4_s':
    case 'f64x2.convert_low_i32x4_u': {
      const lo = f.shufflevector(as(f, v, I32x4), poison(I32x4), [0, 1]);
      return out(f, name.endsWith('_s') ? f.sitofp(lo, F64x2) : f.uitofp(lo, F64x2));
    }
    case 'f32x4.demote_f64x2_zero': {
      const d = f.fptrunc(as(f, v, F64x2), '<2 x float>');
      return out(f, f.shufflevector(d, zeroinit('<2 x float>'), range(0, 4)));
    }
    case 'f64x2.promote_low_f32x4': {
      const lo = f.shufflevector(as(f, v, F32x4), poison(F32x4), [0, 1]);
      return out(f, f.fpext(lo, F64x2));
    }
    case 'i32x4.trunc_sat_f32x4_s':
    case 'i32x4.trunc_sat_f32x4_u': {
      const x = as(f, v, F32x4);
      const signed = name.endsWith('_s');
      if (env.generic === true) {
        // Exactly Wasm's saturating semantics (NaN → 0); one fcvtzs / fcvtzu on aarch64.
        return out(f, intrinsic(env, `@llvm.fpto${signed ? 's' : 'u'}i.sat.v4i32.v4f32`, I32x4, [x]));
      }
      return out(f, signed ? truncSatF32S(env, x) : truncSatF32U(env, x));
    }
    case 'i32x4.trunc_sat_f64x2_s_zero':
    case 'i32x4.trunc_sat_f64x2_u_zero': {
      const x = as(f, v, F64x2);
      const signed = name.endsWith('_s_zero');
      if (env.generic === true) {
        // Exactly Wasm's saturating semantics (NaN → 0). Not truncSatF64's clamps: AArch64
        // selects fmaxnm/fminnm for them, and fminnm(fmaxnm(sNaN, 0), 2^32 - 1) is 2^32 - 1.
        const r = intrinsic(env, `@llvm.fpto${signed ? 's' : 'u'}i.sat.v2i32.v2f64`, '<2 x i32>', [x]);
        return out(f, f.shufflevector(r, zeroinit('<2 x i32>'), range(0, 4)));
      }
      return out(f, truncSatF64(env, x, signed));
    }
  }
  return undefined;
}

/** cvttps2dq: truncation, with 0x80000000 for NaN and out-of-range lanes. */
function cvttps2dq(env: SimdEnv, x: Value): Value {
  return intrinsic(env, '@llvm.x86.sse2.cvttps2dq', I32x4, [x]);
}

/** Signed: cvttps2dq, flip 0x80000000 to 0x7fffffff where x ≥ 2^31, zero NaN lanes. */
function truncSatF32S(env: SimdEnv, x: Value): Value {
  const { f } = env;
  const t = cvttps2dq(env, x);
  const big = f.sext(f.vfcmp('oge', x, splatConst('float', 4, f32Lit(2 ** 31))), I32x4);
  const ord = f.sext(f.vfcmp('ord', x, x), I32x4);
  return f.and(f.xor(t, big), ord);
}

/**
 * Unsigned: x0 = max(x, 0) (NaN → 0). Lanes below 2^31 convert directly; above, cvttps2dq
 * gives 0x80000000 and the rest, x0 - 2^31, is converted separately and added (0x7fffffff
 * where x0 ≥ 2^32, so the sum saturates to 0xffffffff).
 */
function truncSatF32U(env: SimdEnv, x: Value): Value {
  const { f } = env;
  const two31 = splatConst('float', 4, f32Lit(2 ** 31));
  const x0 = selectGt(env, x, zeroinit(F32x4));
  const lo = cvttps2dq(env, x0);
  const rest = f.fsub(x0, two31);
  const hiRaw = cvttps2dq(env, rest);
  const over = f.sext(f.vfcmp('oge', rest, two31), I32x4);
  const hi = intrinsic(env, '@llvm.smax.v4i32', I32x4, [f.xor(hiRaw, over), zeroinit(I32x4)]);
  return f.add(lo, hi);
}

/**
 * f64x2 → i32x4 with zero upper lanes: NaN → 0 and clamp to the i32 range in double
 * (minpd/maxpd), after which the conversion is exact: cvttpd2dq (signed), or the 2^52 trick
 * (unsigned).
 */
function truncSatF64(env: SimdEnv, x: Value, signed: boolean): Value {
  const { f } = env;
  const lo = signed ? -(2 ** 31) : 0;
  const hi = signed ? 2 ** 31 - 1 : 2 ** 32 - 1;
  // maxpd(x, lo) gives lo for NaN lanes; for the signed case they are then zeroed.
  let c = selectGt(env, x, splatConst('double', 2, fpHex(lo)));
  c = selectLt(env, c, splatConst('double', 2, fpHex(hi)));
  if (signed) {
    const ord = f.vfcmp('ord', x, x);
    c = f.select(ord, c, zeroinit(F64x2));
    const r = f.fptosi(c, '<2 x i32>');
    return f.shufflevector(r, zeroinit('<2 x i32>'), range(0, 4));
  }
  const r = f.fptoui(c, '<2 x i32>');
  return f.shufflevector(r, zeroinit('<2 x i32>'), range(0, 4));
}
