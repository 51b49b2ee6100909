/**
 * Relaxed SIMD (Wasm 3.0): the 20 instructions whose result the spec leaves to the
 * implementation within a set (numerics.rst, "Relaxed Operations": one global parameter R per
 * operation family, each an index into a list of allowed results).
 *
 * awsm fixes every parameter once, to the fastest choice on x86-64 with SSE4.2 (awsm's default
 * CPU, x86-64-v2), and gives exactly that result everywhere: at every optimisation level, with
 * any `--cpu` (FMA present or not, SSSE3 absent on baseline x86-64), and on the generic
 * (aarch64) target, where the same semantics are written in target-independent IR. The IR is
 * the same for every CPU (it is cached before the CPU is chosen), so x86 intrinsics are
 * limited to SSE/SSE2, which every x86-64 CPU has; the SSSE3 and SSE4.1 instructions come from
 * generic IR that LLVM selects them for. On armv7 the f32x4 madd and min/max are computed lane
 * by lane (SimdEnv.scalarF32: NEON flushes subnormals). The choices, per family (table in docs/abi.md,
 * "Relaxed SIMD"):
 *   swizzle     R=0  as i8x16.swizzle (pshufb and a range fix-up; pshufb alone cannot be had
 *                    from generic IR, and the relaxed result costs as much)
 *   trunc_s     R=1  cvttps2dq / cvttpd2dq: NaN and out-of-range lanes give INT32_MIN
 *   trunc_u     R=0  the saturating conversion (x86 has no unsigned one before AVX-512)
 *   fmadd       R=0  unfused: mulps + addps (FMA is not in x86-64-v2, and fusing only where the
 *                    CPU has it would make the result depend on the CPU)
 *   laneselect  R=1  the top bit of each lane selects: pblendvb, blendvps, blendvpd; i16x8 as
 *                    pcmpgtw + pblendvb
 *   fmin, fmax  R=2  minps / maxps (a < b ? a : b): the second operand when either is NaN or
 *                    both are zeros
 *   iq15mulr    R=1  pmulhrsw's result: -32768 × -32768 gives -32768 (no fix-up)
 *   idot        R=1  pmaddubsw(b, a): a signed × b unsigned, pairs summed with signed saturation;
 *                    the i32x4 form adds pairs of those with pmaddwd(·, 1) and then c
 */
import { poison, zeroinit, type Value } from '../llvm/builder.js';
import { emitSimdConvert } from './simd-float.js';
import {
  as, intrinsic, lanewise, lanewiseFloat, mulhrs, out, range, selectGt, selectLt, shapeOf, splatConst, vecTy, type SimdEnv,
} from './simd-util.js';

const I8x16 = '<16 x i8>';
const I16x8 = '<8 x i16>';
const I32x4 = '<4 x i32>';

/** Emit relaxed SIMD instruction `name` on `args`; undefined if `name` is not one. */
export function emitSimdRelaxed(env: SimdEnv, name: string, args: Value[]): Value | undefined {
  const { f } = env;
  const [a, b, c] = args;
  const dot = name.indexOf('.');
  const s = shapeOf(name.slice(0, dot));
  switch (name.slice(dot + 1)) {
    case 'relaxed_trunc_f32x4_s':
    case 'relaxed_trunc_f64x2_s_zero':
      return out(f, truncS(env, a!, name.endsWith('_zero')));
    case 'relaxed_trunc_f32x4_u':
      return emitSimdConvert(env, 'i32x4.trunc_sat_f32x4_u', a!);
    case 'relaxed_trunc_f64x2_u_zero':
      return emitSimdConvert(env, 'i32x4.trunc_sat_f64x2_u_zero', a!);
    case 'relaxed_madd':
    case 'relaxed_nmadd': {
      // Unfused: round(round(a·b) + c); nmadd: c - round(a·b), which is round(-(a·b) + c).
      const nmadd = name.endsWith('_nmadd');
      const madd = (x: Value, y: Value, z: () => Value): Value => {
        const p = f.fmul(x, y);
        const w = z();
        return nmadd ? f.fsub(w, p) : f.fadd(p, w);
      };
      if (lanewiseFloat(env, s)) {
        return out(f, lanewise(env, [a!, b!, c!].map((v) => as(f, v, s.vec)), s.el, ([x, y, z]) => madd(x!, y!, () => z!)));
      }
      return out(f, madd(as(f, a!, s.vec), as(f, b!, s.vec), () => as(f, c!, s.vec)));
    }
    case 'relaxed_laneselect': {
      // select on the sign of each mask lane: LLVM selects pblendvb / blendvps / blendvpd
      // (x86), cmlt + bsl (aarch64).
      const neg = f.vicmp('slt', as(f, c!, s.vec), zeroinit(s.vec));
      return out(f, f.select(neg, as(f, a!, s.vec), as(f, b!, s.vec)));
    }
    case 'relaxed_min':
    case 'relaxed_max': {
      // a < b ? a : b, exactly minps(a, b) (generic: that select); a > b ? a : b, maxps(a, b).
      const pick = name.endsWith('_min') ? selectLt : selectGt;
      const xs = [a!, b!].map((v) => as(f, v, s.vec));
      const minMax = ([x, y]: Value[]): Value => pick(env, x!, y!);
      return out(f, lanewiseFloat(env, s) ? lanewise(env, xs, s.el, minMax) : minMax(xs));
    }
    case 'relaxed_q15mulr_s':
      // pmulhrsw's result, without q15mulr_sat_s's fix-up of its one overflow (-32768 × -32768
      // stays -32768).
      return out(f, mulhrs(env, as(f, a!, I16x8), as(f, b!, I16x8)));
    case 'relaxed_dot_i8x16_i7x16_s':
      return out(f, dotI8(env, as(f, a!, I8x16), as(f, b!, I8x16)));
    case 'relaxed_dot_i8x16_i7x16_add_s': {
      const d = dotI8(env, as(f, a!, I8x16), as(f, b!, I8x16));
      const pairs = env.generic === true
        ? addPairs(env, d)
        : intrinsic(env, '@llvm.x86.sse2.pmadd.wd', I32x4, [d, splatConst('i16', 8, 1)]);
      return out(f, f.add(pairs, as(f, c!, I32x4)));
    }
  }
  return undefined;
}

/**
 * cvttps2dq / cvttpd2dq: truncation, INT32_MIN for NaN and lanes out of the i32 range; the
 * f64x2 form fills the upper two lanes with zeros.
 */
function truncS(env: SimdEnv, v: Value, fromF64: boolean): Value {
  const { f } = env;
  const src = fromF64 ? '<2 x double>' : '<4 x float>';
  const x = as(f, v, src);
  if (env.generic !== true) {
    return intrinsic(env, fromF64 ? '@llvm.x86.sse2.cvttpd2dq' : '@llvm.x86.sse2.cvttps2dq', I32x4, [x]);
  }
  const lanes = fromF64 ? 2 : 4;
  const ity = vecTy('i32', lanes);
  const el = fromF64 ? 'double' : 'float';
  // -2^31 ≤ x < 2^31 (false for NaN): exact bounds in both float types.
  const inRange = f.and(
    f.vfcmp('oge', x, splatConst(el, lanes, '0xC1E0000000000000')),
    f.vfcmp('olt', x, splatConst(el, lanes, '0x41E0000000000000')),
  );
  const t = intrinsic(env, `@llvm.fptosi.sat.v${lanes}i32.v${lanes}f${fromF64 ? 64 : 32}`, ity, [x]);
  const r = f.select(inRange, t, splatConst('i32', lanes, -(2 ** 31)));
  return fromF64 ? f.shufflevector(r, zeroinit(ity), range(0, 4)) : r;
}

/**
 * pmaddubsw(b, a): per i16 lane, a[2i]·b[2i] + a[2i+1]·b[2i+1] with a signed and b unsigned,
 * clamped to the i16 range. Written with the even and odd bytes split first (shufflevector),
 * then extended, multiplied, added and clamped: the form LLVM's x86 backend selects as one
 * pmaddubsw (SSSE3); without SSSE3 or on other targets it stays correct generic code.
 */
function dotI8(env: SimdEnv, a: Value, b: Value): Value {
  const { f } = env;
  const w = '<8 x i32>';
  const half = (v: Value, odd: boolean): Value => f.shufflevector(v, poison(I8x16), range(odd ? 1 : 0, 8, 2));
  const prod = (odd: boolean): Value => f.mul(f.sext(half(a, odd), w), f.zext(half(b, odd), w));
  const sum = f.add(prod(false), prod(true));
  const lo = intrinsic(env, '@llvm.smax.v8i32', w, [sum, splatConst('i32', 8, -32768)]);
  return f.trunc(intrinsic(env, '@llvm.smin.v8i32', w, [lo, splatConst('i32', 8, 32767)]), I16x8);
}

/** Adjacent i16 lanes sign-extended and added into i32 lanes (pmaddwd by 1). */
function addPairs(env: SimdEnv, d: Value): Value {
  const { f } = env;
  const even = f.sext(f.shufflevector(d, poison(I16x8), range(0, 4, 2)), I32x4);
  const odd = f.sext(f.shufflevector(d, poison(I16x8), range(1, 4, 2)), I32x4);
  return f.add(even, odd);
}
