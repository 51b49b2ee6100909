/**
 * SIMD integer lane arithmetic: i8x16, i16x8, i32x4, i64x2 (see simd.ts for the overview).
 *
 * Most operations are one generic LLVM vector op or intrinsic (add, mul, llvm.sadd.sat,
 * llvm.smin, llvm.abs, llvm.ctpop…). The widening / narrowing ones are written as the
 * extend–compute–truncate patterns LLVM's x86 backend recognises (pavgb, pmaddwd, packsswb,
 * packuswb); q15mulr_sat_s as in simd-util.ts's mulhrs.
 */
import { i1, i32, iconst, intrinsicSuffix, poison, zeroinit, type Value } from '../llvm/builder.js';
import {
  as, intrinsic, mulhrs, out, range, shapeOf, splat, splatConst, vecTy,
  type Shape, type SimdEnv,
} from './simd-util.js';

const SAT: Record<string, string> = {
  add_sat_s: 'sadd.sat', add_sat_u: 'uadd.sat', sub_sat_s: 'ssub.sat', sub_sat_u: 'usub.sat',
  min_s: 'smin', min_u: 'umin', max_s: 'smax', max_u: 'umax',
};

export function emitSimdInt(env: SimdEnv, s: Shape, op: string, args: Value[]): Value {
  const { f } = env;
  const a = as(f, args[0]!, s.vec);
  const bv = args[1];
  const b = (): Value => as(f, bv!, s.vec);

  if (Object.hasOwn(SAT, op)) {
    const name = `@llvm.${SAT[op]!}.${intrinsicSuffix(s.vec)}`;
    return out(f, intrinsic(env, name, s.vec, [a, b()]));
  }
  switch (op) {
    case 'add':
      return out(f, f.add(a, b()));
    case 'sub':
      return out(f, f.sub(a, b()));
    case 'mul':
      return out(f, f.mul(a, b()));
    case 'neg':
      return out(f, f.sub(zeroinit(s.vec), a));
    case 'abs':
      return out(f, intrinsic(env, `@llvm.abs.${intrinsicSuffix(s.vec)}`, s.vec, [a, i1(false)]));
    case 'popcnt':
      return out(f, intrinsic(env, `@llvm.ctpop.${intrinsicSuffix(s.vec)}`, s.vec, [a]));
    case 'shl':
    case 'shr_s':
    case 'shr_u': {
      // The count is taken modulo the lane width; a uniform count selects psllw/psraw/… xmm.
      const n = f.and(bv!, i32(s.bits - 1));
      const c = s.bits < 32 ? f.trunc(n, s.el) : s.bits > 32 ? f.zext(n, s.el) : n;
      const cv = splat(f, c, s.lanes);
      return out(f, op === 'shl' ? f.shl(a, cv) : op === 'shr_s' ? f.ashr(a, cv) : f.lshr(a, cv));
    }
    case 'all_true': {
      const nz = f.vicmp('ne', a, zeroinit(s.vec));
      const bits = f.bitcast(nz, `i${s.lanes}`);
      return f.zext(f.icmp('eq', bits, iconst(`i${s.lanes}`, -1n)), 'i32');
    }
    case 'bitmask': {
      // Sign bits → pmovmskb / movmskps / movmskpd.
      const neg = f.vicmp('slt', a, zeroinit(s.vec));
      return f.zext(f.bitcast(neg, `i${s.lanes}`), 'i32');
    }
    case 'avgr_u': {
      // (a + b + 1) >> 1 without overflow, in double-width lanes: pavgb / pavgw.
      const wide = vecTy(`i${s.bits * 2}`, s.lanes);
      const sum = f.add(f.add(f.zext(a, wide), f.zext(b(), wide)), splatConst(`i${s.bits * 2}`, s.lanes, 1));
      return out(f, f.trunc(f.lshr(sum, splatConst(`i${s.bits * 2}`, s.lanes, 1)), s.vec));
    }
    case 'q15mulr_sat_s': {
      // pmulhrsw's result (simd-util.ts, mulhrs); its one overflow (-32768 * -32768 gives 0x8000)
      // saturates to 0x7fff.
      const t = mulhrs(env, a, b());
      const ovf = f.sext(f.vicmp('eq', t, splatConst('i16', 8, -32768)), s.vec);
      return out(f, f.xor(t, ovf));
    }
    case 'dot_i16x8_s': {
      // Products of adjacent lanes summed: pmaddwd.
      const w = '<8 x i32>';
      const p = f.mul(f.sext(as(f, args[0]!, '<8 x i16>'), w), f.sext(as(f, bv!, '<8 x i16>'), w));
      const even = f.shufflevector(p, poison(w), range(0, 4, 2));
      const odd = f.shufflevector(p, poison(w), range(1, 4, 2));
      return out(f, f.add(even, odd));
    }
  }

  const m = /^(narrow|extend_low|extend_high|extadd_pairwise|extmul_low|extmul_high)_(i\d+x\d+)_([su])$/.exec(op);
  if (m !== null) {
    const kind = m[1]!;
    const src = shapeOf(m[2]!);
    const signed = m[3] === 's';
    const x = as(f, args[0]!, src.vec);
    const ext = (v: Value): Value => (signed ? f.sext(v, vecTy(s.el, s.lanes)) : f.zext(v, vecTy(s.el, s.lanes)));
    const half = (v: Value, high: boolean): Value =>
      f.shufflevector(v, poison(src.vec), range(high ? s.lanes : 0, s.lanes));
    switch (kind) {
      case 'narrow': {
        // Clamp both inputs to the signed/unsigned range of the narrow lane, then truncate:
        // packsswb / packuswb / packssdw / packusdw.
        const y = as(f, bv!, src.vec);
        const both = f.shufflevector(x, y, range(0, 2 * src.lanes));
        const lo = signed ? -(2 ** (s.bits - 1)) : 0;
        const hi = signed ? 2 ** (s.bits - 1) - 1 : 2 ** s.bits - 1;
        const wty = both.ty;
        const c1 = intrinsic(env, `@llvm.smax.${intrinsicSuffix(wty)}`, wty, [both, splatConst(src.el, s.lanes, lo)]);
        const c2 = intrinsic(env, `@llvm.smin.${intrinsicSuffix(wty)}`, wty, [c1, splatConst(src.el, s.lanes, hi)]);
        return out(f, f.trunc(c2, s.vec));
      }
      case 'extend_low':
      case 'extend_high':
        return out(f, ext(half(x, kind === 'extend_high')));
      case 'extadd_pairwise': {
        const even = f.shufflevector(x, poison(src.vec), range(0, s.lanes, 2));
        const odd = f.shufflevector(x, poison(src.vec), range(1, s.lanes, 2));
        return out(f, f.add(ext(even), ext(odd)));
      }
      case 'extmul_low':
      case 'extmul_high': {
        const y = as(f, bv!, src.vec);
        const high = kind === 'extmul_high';
        return out(f, f.mul(ext(half(x, high)), ext(half(y, high))));
      }
    }
  }
  throw new Error(`unknown SIMD instruction ${s.el} ${op}`);
}
