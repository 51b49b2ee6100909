/**
 * Numeric instructions: constants, comparisons, integer and float arithmetic, conversions.
 *
 * Every instruction here has exact Wasm semantics in LLVM terms; in particular nothing emitted
 * may reach LLVM undefined behaviour or poison for any operand values:
 *  - division traps before `sdiv`/`udiv`/`srem`/`urem` see a zero divisor or INT_MIN / -1;
 *  - shift counts are masked to the width (LLVM shifts by ≥ width are poison);
 *  - float → int truncation checks NaN and range before `fptosi`/`fptoui` (poison when out of
 *    range); the saturating forms use `llvm.fpto[su]i.sat`, which is total.
 *
 * Float min/max are written as a select sequence: `llvm.minnum` has the wrong NaN semantics and
 * `llvm.minimum`/`llvm.maximum` cannot be selected by the LLVM 16 x86-64 backend.
 *
 * ceil/floor/trunc/nearest lower to libm calls (ceilf, roundevenf, …) on baseline x86-64
 * (no SSE4.1), so the final link needs -lm.
 *
 * Signalling NaNs. Wasm arithmetic must return a quiet NaN for a signalling NaN operand, but
 * LLVM (16) assumes sNaN need not be quieted: it simplifies `x * 1.0`, `x / ±1.0`, `x - 0.0`,
 * `x + -0.0`, `-0.0 - x` and `fptrunc (fpext x)` to `x` / `fneg x`, and folds arithmetic on a
 * constant sNaN to that sNaN unchanged. So, where this file can see the pattern:
 *  - f32/f64 constants (and reinterprets of integer constants) that are sNaNs are materialised
 *    through an empty inline asm, so LLVM cannot fold on them;
 *  - fadd/fsub/fmul/fdiv with a literal identity operand (those above), and a
 *    demote of a value this file just promoted, get their result quieted by
 *    `select (fcmp uno r, r), r + r, r`, which LLVM keeps (it becomes `r + (uno ? r : -0.0)`).
 * Identities that only appear after LLVM propagates constants (through locals, inlining) are
 * not covered; fully closing that needs strictfp + constrained intrinsics everywhere.
 */
import type { Instr, NumType } from '../binary/module.js';
import {
  f32bits, f64bits, floatValue, fpLiteral, i1, i32, i64, iconst, intrinsicSuffix, type FCmpCond, type FunctionBuilder, type ICmpCond, type Value,
} from '../llvm/builder.js';
import { llvmType, TrapKind } from './abi.js';

export interface NumericEnv {
  f: FunctionBuilder;
  /** Declare an external function or intrinsic once in the module, e.g. declare('@llvm.ctlz.i32', 'i32', ['i32', 'i1']). */
  declare(name: string, retTy: string, params: string[]): void;
  /** Branch to a trap of `kind` when `cond` (an i1) is true; emission continues in a fresh block. */
  trapIf(cond: Value, kind: TrapKind): void;
  /** i32.add `ins` is known not to wrap, so it may carry `nuw` (no-wrap.ts); absent: never. */
  addCannotWrap?(ins: Instr): boolean;
  /**
   * The target's ceil/floor/trunc/nearest return a signalling NaN operand unchanged (RISC-V:
   * LLVM rounds through fcvt only when |x| < 2^23 and passes x through otherwise), where Wasm
   * wants an arithmetic (quiet) NaN: quietRounding quiets their NaN results.
   */
  roundingKeepsSNaN?: boolean;
}

/**
 * `rounded`, a ceil/floor/trunc/nearest result (scalar or vector), quieted (`quiet`) where the
 * target keeps signalling NaNs (NumericEnv.roundingKeepsSNaN); as it is elsewhere.
 */
export function quietRounding(env: NumericEnv, rounded: Value): Value {
  return env.roundingKeepsSNaN === true ? quiet(env.f, rounded) : rounded;
}

/** Emit numeric instruction `ins` (ins.op.family === 'numeric') on operands `args` (bottom of stack first). Returns its one result. */
export function emitNumeric(env: NumericEnv, ins: Instr, args: Value[]): Value {
  const name = ins.op.name;
  const dot = name.indexOf('.');
  const type = name.slice(0, dot) as NumType;
  const op = name.slice(dot + 1);
  const want = ins.op.sig?.params.length ?? 0;
  if (args.length !== want) throw new Error(`${name}: expected ${want} operands, got ${args.length}`);
  const a = args[0]!;
  const b = args[1]!;
  const f = env.f;

  switch (op) {
    case 'const': return constant(f, ins, type);
    case 'eqz': return f.zext(f.isZero(a), 'i32');
  }

  if (type === 'i32' || type === 'i64') {
    const icmp = ICMP[op];
    if (icmp !== undefined) return f.zext(f.icmp(icmp, a, b), 'i32');
    const r = intOp(env, type, op, a, b, name === 'i32.add' && env.addCannotWrap?.(ins) === true);
    if (r !== undefined) return r;
  } else {
    const fcmp = FCMP[op];
    if (fcmp !== undefined) return f.zext(f.fcmp(fcmp, a, b), 'i32');
    const r = floatOp(env, type, op, a, b);
    if (r !== undefined) return r;
  }
  const r = conversion(env, type, op, a);
  if (r !== undefined) return r;
  throw new Error(`emitNumeric: unsupported instruction ${name}`);
}

/**
 * Wide arithmetic (`i64.add128`, `i64.sub128`, `i64.mul_wide_s/u`): the two i64 results, low
 * half first, of an operation on LLVM i128, which x86-64 selects as add/adc, sub/sbb and one
 * widening mul/imul:
 *
 *   %a = or i128 (zext i64 %lo1 to i128), (shl (zext i64 %hi1 to i128), 64)   ; add128/sub128
 *   %b = …same for %lo2, %hi2…
 *   %r = add i128 %a, %b
 *   %x = sext i64 %p to i128 ; %y = sext i64 %q to i128 ; %r = mul i128 %x, %y  ; mul_wide_s (zext: _u)
 *   lo = trunc i128 %r to i64 ; hi = trunc i128 (lshr i128 %r, 64) to i64
 */
export function emitWide(env: NumericEnv, ins: Instr, args: Value[]): [Value, Value] {
  const f = env.f;
  const I128 = 'i128';
  const pair = (lo: Value, hi: Value): Value => f.or(f.zext(lo, I128), f.shl(f.zext(hi, I128), iconst(I128, 64n)));
  let r: Value;
  switch (ins.op.name) {
    case 'i64.add128': r = f.add(pair(args[0]!, args[1]!), pair(args[2]!, args[3]!)); break;
    case 'i64.sub128': r = f.sub(pair(args[0]!, args[1]!), pair(args[2]!, args[3]!)); break;
    case 'i64.mul_wide_s': r = f.mul(f.sext(args[0]!, I128), f.sext(args[1]!, I128)); break;
    case 'i64.mul_wide_u': r = f.mul(f.zext(args[0]!, I128), f.zext(args[1]!, I128)); break;
    default: throw new Error(`emitWide: not a wide-arithmetic instruction: ${ins.op.name}`);
  }
  return [f.trunc(r, 'i64'), f.trunc(f.lshr(r, iconst(I128, 64n)), 'i64')];
}

// ---- helpers ---------------------------------------------------------------------------------

/** Wasm integer comparison names (also the SIMD lane-wise ones) → icmp conditions. */
export const ICMP: Record<string, ICmpCond> = {
  eq: 'eq', ne: 'ne', lt_s: 'slt', lt_u: 'ult', gt_s: 'sgt', gt_u: 'ugt',
  le_s: 'sle', le_u: 'ule', ge_s: 'sge', ge_u: 'uge',
};
/** Wasm `ne` is true when either operand is NaN (unordered), every other comparison is ordered. */
export const FCMP: Record<string, FCmpCond> = {
  eq: 'oeq', ne: 'une', lt: 'olt', gt: 'ogt', le: 'ole', ge: 'oge',
};

function zero(t: NumType): Value {
  return t === 'i64' ? i64(0n) : i32(0);
}

/** An integer constant of type `t` (i32 or i64) from a JS number or bigint. */
function intConst(t: NumType, n: number | bigint): Value {
  return t === 'i64' ? i64(BigInt(n)) : i32(Number(BigInt.asIntN(32, BigInt(n))));
}

/** Call intrinsic `@llvm.<base>.<suffixes>` returning `retTy`, declaring it first. */
function intrinsic(env: NumericEnv, base: string, suffixes: string[], retTy: string, args: Value[]): Value {
  const name = `@llvm.${base}.${suffixes.join('.')}`;
  env.declare(name, retTy, args.map((v) => v.ty));
  return env.f.call(retTy, name, args)!;
}

function constant(f: FunctionBuilder, ins: Instr, t: NumType): Value {
  switch (t) {
    case 'i32':
    case 'i64':
      if (ins.value === undefined) throw new Error(`${ins.op.name}: missing value`);
      return intConst(t, ins.value);
    case 'f32':
    case 'f64':
      if (ins.bits === undefined) throw new Error(`${ins.op.name}: missing bits`);
      return floatFromBits(f, t === 'f32' ? 'float' : 'double', BigInt(ins.bits));
  }
}

/** True when `bits` (of float type `ty`) is a signalling NaN. */
function isSNaN(ty: string, bits: bigint): boolean {
  const [exp, quiet] = ty === 'float' ? [0x7f800000n, 0x400000n] : [0x7ff0000000000000n, 0x8000000000000n];
  const payload = quiet - 1n;
  return (bits & exp) === exp && (bits & quiet) === 0n && (bits & payload) !== 0n;
}

/**
 * The float of type `ty` with the given bits: a constant, except that a signalling NaN goes
 * through an empty inline asm so that LLVM's constant folder cannot pass it on unquieted.
 */
function floatFromBits(f: FunctionBuilder, ty: string, bits: bigint): Value {
  if (ty === 'float') {
    const b = Number(BigInt.asUintN(32, bits));
    if (!isSNaN(ty, BigInt(b))) return f32bits(b);
    return f.bitcast(f.callAsm('i32', '', '=r,0', [i32(b)], false)!, ty);
  }
  const b = BigInt.asUintN(64, bits);
  if (!isSNaN(ty, b)) return f64bits(b);
  return f.bitcast(f.callAsm('i64', '', '=r,0', [i64(b)], false)!, ty);
}

/** The LLVM type of float value `v`. */
function floatTy(v: Value): 'float' | 'double' {
  if (v.ty !== 'float' && v.ty !== 'double') throw new Error(`not a float: ${v.ty}`);
  return v.ty;
}

/** `r` (scalar or vector), with a signalling NaN quieted, in a form LLVM does not simplify away. */
function quiet(f: FunctionBuilder, r: Value): Value {
  const nan = r.ty.startsWith('<') ? f.vfcmp('uno', r, r) : f.fcmp('uno', r, r);
  return f.select(nan, f.fadd(r, r), r);
}

/** Float results of `fpext` in each function (for the demote-of-promote case). */
const promoted = new WeakMap<FunctionBuilder, Set<string>>();

// ---- integers --------------------------------------------------------------------------------

/** An integer instruction; `nuw`: an add that cannot wrap. */
function intOp(env: NumericEnv, t: NumType, op: string, a: Value, b: Value, nuw: boolean): Value | undefined {
  const f = env.f;
  const ty = llvmType(t);
  const width = t === 'i64' ? 64 : 32;
  const min = t === 'i64' ? -(1n << 63n) : -(1n << 31n);
  switch (op) {
    case 'clz': return intrinsic(env, 'ctlz', [ty], ty, [a, i1(false)]);
    case 'ctz': return intrinsic(env, 'cttz', [ty], ty, [a, i1(false)]);
    case 'popcnt': return intrinsic(env, 'ctpop', [ty], ty, [a]);
    case 'add': return f.add(a, b, nuw ? 'nuw' : '');
    case 'sub': return f.sub(a, b);
    case 'mul': return f.mul(a, b);
    case 'and': return f.and(a, b);
    case 'or': return f.or(a, b);
    case 'xor': return f.xor(a, b);
    case 'shl': return f.shl(a, f.and(b, intConst(t, width - 1)));
    case 'shr_s': return f.ashr(a, f.and(b, intConst(t, width - 1)));
    case 'shr_u': return f.lshr(a, f.and(b, intConst(t, width - 1)));
    // The funnel shifts take the count modulo the width, as Wasm does.
    case 'rotl': return intrinsic(env, 'fshl', [ty], ty, [a, a, b]);
    case 'rotr': return intrinsic(env, 'fshr', [ty], ty, [a, a, b]);
    case 'div_s':
      env.trapIf(f.icmp('eq', b, zero(t)), TrapKind.IntegerDivideByZero);
      env.trapIf(
        f.and(f.icmp('eq', a, intConst(t, min)), f.icmp('eq', b, intConst(t, -1))),
        TrapKind.IntegerOverflow,
      );
      return f.sdiv(a, b);
    case 'div_u':
      env.trapIf(f.icmp('eq', b, zero(t)), TrapKind.IntegerDivideByZero);
      return f.udiv(a, b);
    case 'rem_s': {
      env.trapIf(f.icmp('eq', b, zero(t)), TrapKind.IntegerDivideByZero);
      // x rem -1 is 0 in Wasm but INT_MIN srem -1 is UB in LLVM; x srem 1 is also 0.
      const safe = f.select(f.icmp('eq', b, intConst(t, -1)), intConst(t, 1), b);
      return f.srem(a, safe);
    }
    case 'rem_u':
      env.trapIf(f.icmp('eq', b, zero(t)), TrapKind.IntegerDivideByZero);
      return f.urem(a, b);
  }
  return undefined;
}

// ---- floats ----------------------------------------------------------------------------------

function floatOp(env: NumericEnv, t: NumType, op: string, a: Value, b: Value): Value | undefined {
  const f = env.f;
  const ty = llvmType(t);
  const unary = (base: string): Value => intrinsic(env, base, [intrinsicSuffix(ty)], ty, [a]);
  switch (op) {
    case 'abs': return unary('fabs');
    case 'neg': return f.fneg(a);
    case 'copysign': return intrinsic(env, 'copysign', [intrinsicSuffix(ty)], ty, [a, b]);
    case 'ceil': return quietRounding(env, unary('ceil'));
    case 'floor': return quietRounding(env, unary('floor'));
    case 'trunc': return quietRounding(env, unary('trunc'));
    case 'nearest': return quietRounding(env, unary('roundeven'));
    case 'sqrt': return unary('sqrt');
    case 'add': return arith(f, 'fadd', a, b);
    case 'sub': return arith(f, 'fsub', a, b);
    case 'mul': return arith(f, 'fmul', a, b);
    case 'div': return arith(f, 'fdiv', a, b);
    case 'min': return minMax(env, ty, a, b, true);
    case 'max': return minMax(env, ty, a, b, false);
  }
  return undefined;
}

/**
 * fadd/fsub/fmul/fdiv, quieting the result when an operand is a literal that makes LLVM treat
 * the operation as an identity (or a negation) and drop it.
 */
function arith(f: FunctionBuilder, op: 'fadd' | 'fsub' | 'fmul' | 'fdiv', a: Value, b: Value): Value {
  const r = f[op](a, b);
  const la = floatValue(a);
  const lb = floatValue(b);
  const one = (x: number | undefined): boolean => x === 1 || x === -1;
  const identity =
    op === 'fadd' ? Object.is(la, -0) || Object.is(lb, -0) // x + -0 → x
    : op === 'fsub' ? Object.is(la, -0) || Object.is(lb, 0) // -0 - x → fneg x; x - 0 → x
    : op === 'fmul' ? one(la) || one(lb) // x * ±1 → ±x
    : one(lb); // x / ±1 → ±x
  return identity ? quiet(f, r) : r;
}

/**
 * Wasm fmin/fmax: a NaN operand gives a NaN (made by `fadd a, b`, which returns a quieted
 * operand NaN, so canonical inputs give a canonical result); -0 is less than +0, which for equal
 * operands is the bitwise OR (min) or AND (max) of the two; otherwise an ordered compare.
 */
function minMax(env: NumericEnv, ty: string, a: Value, b: Value, isMin: boolean): Value {
  const f = env.f;
  const ity = ty === 'float' ? 'i32' : 'i64';
  const pick = f.select(f.fcmp(isMin ? 'olt' : 'ogt', a, b), a, b);
  const ab = f.bitcast(a, ity);
  const bb = f.bitcast(b, ity);
  const equal = f.bitcast(isMin ? f.or(ab, bb) : f.and(ab, bb), ty);
  const ordered = f.select(f.fcmp('oeq', a, b), equal, pick);
  return f.select(f.fcmp('uno', a, b), arith(f, 'fadd', a, b), ordered);
}

// ---- conversions -----------------------------------------------------------------------------

/**
 * Exclusive bounds (lo, hi) of the floats that truncate to a representable integer: `x` converts
 * iff lo < x < hi. Each bound is exact in the source float type. Keyed `<int>_<float>_<s|u>`.
 *  - signed N bits: hi = 2^(N-1); lo = the largest float below -2^(N-1) that truncates to less
 *    than -2^(N-1): -2^(N-1) - 1 when the float type has a unit ulp there (f64, N=32), otherwise
 *    the next float below -2^(N-1) (-2^31 - 2^8 for f32; -2^63 - 2^40 for f32, -2^63 - 2^11 for f64).
 *  - unsigned N bits: lo = -1 (values in (-1, 0) truncate to 0), hi = 2^N.
 */
const TRUNC_BOUNDS: Record<string, [number, number]> = {
  i32_f32_s: [-(2 ** 31) - 2 ** 8, 2 ** 31], // -2147483904, 2147483648
  i32_f64_s: [-(2 ** 31) - 1, 2 ** 31], // -2147483649, 2147483648
  i32_f32_u: [-1, 2 ** 32],
  i32_f64_u: [-1, 2 ** 32],
  i64_f32_s: [-(2 ** 63) - 2 ** 40, 2 ** 63], // -9223373136366403584, 9223372036854775808
  i64_f64_s: [-(2 ** 63) - 2 ** 11, 2 ** 63], // -9223372036854777856, 9223372036854775808
  i64_f32_u: [-1, 2 ** 64],
  i64_f64_u: [-1, 2 ** 64],
};

function conversion(env: NumericEnv, t: NumType, op: string, a: Value): Value | undefined {
  const f = env.f;
  const ty = llvmType(t);
  switch (op) {
    case 'wrap_i64': return f.wrapI64(a);
    case 'extend_i32_s': return f.sext(a, 'i64');
    case 'extend_i32_u': return f.zextWide(a, 'i64');
    case 'extend8_s': return f.sext(f.trunc(a, 'i8'), ty);
    case 'extend16_s': return f.sext(f.trunc(a, 'i16'), ty);
    case 'extend32_s': return f.sext(f.trunc(a, 'i32'), ty);
    case 'demote_f64': {
      const r = f.fptrunc(a, 'float');
      return promoted.get(f)?.has(a.ref) ? quiet(f, r) : r;
    }
    case 'promote_f32': {
      const r = f.fpext(a, 'double');
      let set = promoted.get(f);
      if (set === undefined) promoted.set(f, (set = new Set()));
      set.add(r.ref);
      return r;
    }
    case 'reinterpret_f32':
    case 'reinterpret_f64':
      return f.bitcast(a, ty);
    case 'reinterpret_i32':
    case 'reinterpret_i64': {
      // A constant's bits are known: an sNaN must still go through floatFromBits's asm.
      return a.k === undefined ? f.bitcast(a, ty) : floatFromBits(f, ty, a.k);
    }
  }
  let m = /^convert_i(32|64)_([su])$/.exec(op);
  if (m) return m[2] === 's' ? f.sitofp(a, ty) : f.uitofp(a, ty);

  m = /^trunc_(sat_)?f(32|64)_([su])$/.exec(op);
  if (m) {
    const signed = m[3] === 's';
    if (m[1] !== undefined) {
      return intrinsic(env, signed ? 'fptosi.sat' : 'fptoui.sat', [ty, intrinsicSuffix(a.ty)], ty, [a]);
    }
    const [lo, hi] = TRUNC_BOUNDS[`${t}_f${m[2]}_${m[3]}`]!;
    env.trapIf(f.fcmp('uno', a, a), TrapKind.InvalidConversion);
    const out = f.or(f.fcmp('ole', a, fpLiteral(floatTy(a), lo)), f.fcmp('oge', a, fpLiteral(floatTy(a), hi)));
    env.trapIf(out, TrapKind.IntegerOverflow);
    return signed ? f.fptosi(a, ty) : f.fptoui(a, ty);
  }
  return undefined;
}
