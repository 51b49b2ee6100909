/**
 * Lowering of the SIMD instructions (family 'simd': Wasm 2.0's and relaxed SIMD) to LLVM vector IR.
 *
 * Entry point `emitSimd`; this file handles the shape-independent instructions (constants,
 * bitwise ops, shuffles, splats, lane access, comparisons) and dispatches the rest to
 * simd-int.ts (integer lane arithmetic), simd-float.ts (float arithmetic and conversions),
 * simd-mem.ts (loads and stores) and simd-relaxed.ts (relaxed SIMD, Wasm 3.0).
 *
 * Wasm semantics are exact even where x86 differs; the lowerings use generic LLVM vector
 * operations and target-independent intrinsics chosen so that LLVM selects one or a few
 * SSE/AVX instructions, plus the SSE2 intrinsics `llvm.x86.sse2.cvttps2dq` (baseline on
 * x86-64) where the generic saturating conversions would be scalarised by LLVM 16. On other
 * targets (aarch64, `SimdEnv.generic`) those become the generic select / llvm.fpto[su]i.sat,
 * which select to single instructions there. On armv7 (`SimdEnv.scalarF32`) the f32x4 operations
 * that NEON would compute with subnormals flushed to zero are computed lane by lane instead.
 */
import type { Instr } from '../binary/module.js';
import { i32, iconst, poison, zeroinit, type FCmpCond, type ICmpCond, type Value } from '../llvm/builder.js';
import { FCMP, ICMP } from './numeric.js';
import { emitSimdConvert, emitSimdFloat } from './simd-float.js';
import { emitSimdInt } from './simd-int.js';
import { emitSimdMem } from './simd-mem.js';
import { emitSimdRelaxed } from './simd-relaxed.js';
import {
  V128, as, lanewise, lanewiseFloat, maskOf, out, shapeOf, splat, splatConst, vfpLane, type Shape, type SimdEnv,
} from './simd-util.js';

export type { SimdEnv } from './simd-util.js';

const I8x16 = '<16 x i8>';

/** Emit SIMD instruction `ins` (family 'simd') on operands `args` (bottom first); returns its result, or undefined for stores. */
export function emitSimd(env: SimdEnv, ins: Instr, args: Value[]): Value | undefined {
  const { f } = env;
  const name = ins.op.name;
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const op = name.slice(dot + 1);
  const a = args[0]!;
  const b = args[1]!;

  if (prefix === 'v128') {
    switch (op) {
      case 'const':
        return v128Const(ins.bytes!);
      case 'not':
        return f.xor(a, allOnes());
      case 'and':
        return f.and(a, b);
      case 'or':
        return f.or(a, b);
      case 'xor':
        return f.xor(a, b);
      case 'andnot':
        return f.and(a, f.xor(b, allOnes()));
      case 'bitselect': {
        // (v1 & c) | (v2 & ~c), written as ((v1 ^ v2) & c) ^ v2; three instructions either way.
        const c = args[2]!;
        return f.xor(f.and(f.xor(a, b), c), b);
      }
      case 'any_true': {
        const wide = f.bitcast(a, 'i128');
        return f.zext(f.icmp('ne', wide, iconst('i128', 0n)), 'i32');
      }
      default:
        return emitSimdMem(env, ins, op, args);
    }
  }

  if (name === 'i8x16.shuffle') {
    const mask = Array.from(ins.bytes!);
    return out(f, f.shufflevector(as(f, a, I8x16), as(f, b, I8x16), mask));
  }
  // relaxed_swizzle: awsm chooses the regular swizzle's result (simd-relaxed.ts).
  if (name === 'i8x16.swizzle' || name === 'i8x16.relaxed_swizzle') return swizzle(env, a, b);
  if (op.startsWith('relaxed_')) return emitSimdRelaxed(env, name, args);

  const converted = emitSimdConvert(env, name, a);
  if (converted !== undefined) return converted;
  const s = shapeOf(prefix);
  switch (op) {
    case 'splat': {
      const x = s.bits < 32 ? f.trunc(a, s.el) : a;
      return out(f, splat(f, x, s.lanes));
    }
    case 'extract_lane':
    case 'extract_lane_s':
    case 'extract_lane_u': {
      const x = f.extractelement(as(f, a, s.vec), lane(ins));
      // armv7: VectorCombine would turn scalar f32 operations on lanes of two vectors into a
      // NEON operation (simd-util.ts, vfpLane).
      if (lanewiseFloat(env, s)) return vfpLane(f, x);
      if (s.bits >= 32) return x;
      return op === 'extract_lane_u' ? f.zext(x, 'i32') : f.sext(x, 'i32');
    }
    case 'replace_lane': {
      const x = s.bits < 32 ? f.trunc(b, s.el) : b;
      return out(f, f.insertelement(as(f, a, s.vec), x, lane(ins)));
    }
  }
  const cmp = compare(env, s, op, args);
  if (cmp !== undefined) return cmp;
  if (s.float) return emitSimdFloat(env, s, op, args);
  return emitSimdInt(env, s, op, args);
}

function lane(ins: Instr): Value {
  return i32(ins.lane!);
}

function allOnes(): Value {
  return { ty: V128, ref: '<i64 -1, i64 -1>', k: (1n << 128n) - 1n };
}

/** A v128 constant from its 16 little-endian bytes. */
export function v128Const(bytes: Uint8Array): Value {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const lo = dv.getBigInt64(0, true);
  const hi = dv.getBigInt64(8, true);
  return { ty: V128, ref: `<i64 ${lo}, i64 ${hi}>`, k: (BigInt.asUintN(64, hi) << 64n) | BigInt.asUintN(64, lo) };
}

/**
 * i8x16.swizzle: result[i] = idx[i] < 16 ? a[idx[i]] : 0. Written as a build_vector of
 * variable-index extracts, which LLVM turns into pshufb (SSSE3 and later); indices ≥ 16
 * give poison lanes there, replaced by zeros through the select.
 */
function swizzle(env: SimdEnv, av: Value, iv: Value): Value {
  const { f } = env;
  const a = as(f, av, I8x16);
  const idx = as(f, iv, I8x16);
  let r: Value = poison(I8x16);
  for (let i = 0; i < 16; i++) {
    const k = f.extractelement(idx, i32(i));
    r = f.insertelement(r, f.extractelement(a, k), i32(i));
  }
  const inRange = f.vicmp('ult', idx, splatConst('i8', 16, 16));
  return out(f, f.select(inRange, r, zeroinit(I8x16)));
}

/** Lane-wise comparisons: all-ones where true. undefined if `op` is not a comparison. */
function compare(env: SimdEnv, s: Shape, op: string, args: Value[]): Value | undefined {
  const { f } = env;
  const c = s.float ? FCMP[op] : ICMP[op];
  if (c === undefined || !Object.hasOwn(s.float ? FCMP : ICMP, op)) return undefined;
  const a = as(f, args[0]!, s.vec);
  const b = as(f, args[1]!, s.vec);
  if (lanewiseFloat(env, s)) {
    // NEON's vceq/vcge/vcgt flush subnormals (0x1p-149 would equal 0): VFP's vcmp, lane by lane.
    return out(f, lanewise(env, [a, b], 'i32', ([x, y]) => f.sext(f.fcmp(c as FCmpCond, x!, y!), 'i32')));
  }
  if (s.float) return out(f, maskOf(f, f.vfcmp(c as FCmpCond, a, b), `<${s.lanes} x i${s.bits}>`));
  return out(f, maskOf(f, f.vicmp(c as ICmpCond, a, b), s.vec));
}
