/**
 * GC casts and reference identity (issue 17, docs/gc.md "RTTs and casts"): ref.test, ref.cast,
 * br_on_cast, br_on_cast_fail, ref.eq, any.convert_extern and extern.convert_any.
 *
 * One test, inline, decides all four casts: whether non-null `r` is of heap type `ht`.
 *
 *   any, eq's tops (func, extern, exn)   always (the validator proved the hierarchy)
 *   none, nofunc, noextern, noexn        never
 *   i31                                   r & 1
 *   eq                                    r & 1, or kind(rtt) is struct or array
 *   struct / array                        not r & 1, and kind(rtt) is struct / array
 *   $t (struct or array type, depth D)   not r & 1, and rtt->depth >= D && rtt->display[D] == ctx->rtts[$t]
 *   $f (function type)                    fo->sig == @sig($f), else awsm_sig_sub(fo->sig, @sig($f))
 *
 * with `rtt` the object's header word. D is known at compile time (the length of $t's declared
 * supertype chain), so a concrete cast is two loads, a compare with a constant and one with the
 * target's RTT. Null passes when the target type is nullable. Function types are cast by their
 * signature strings, which already carry the supertype display (`#…`, abi.ts sigString): the
 * same check as call_indirect, no RTT in `awsm_func` needed.
 *
 *   ref.test       the test, zero-extended to i32
 *   ref.cast       trap "cast failure" where the test fails; the reference unchanged
 *   br_on_cast     br_if on the test to L, carrying the reference; br_on_cast_fail on its negation
 *   ref.eq         icmp eq of the words (null 0, an i31 by value, an object by address)
 *   any.convert_extern / extern.convert_any   runtime calls (they may box, so allocate)
 */
import { funcType, type Instr, type RefType } from '../binary/module.js';
import { refInfo } from '../binary/types.js';
import { i1, i32, i64, iconst, nullptr, type FunctionBuilder, type Value } from '../llvm/builder.js';
import { TrapKind } from './abi.js';
import type { ModuleContext } from './context.js';
import type { FuncEnv } from './func-env.js';
import { display } from '../validate/canon.js';
import { callRuntime, fieldPtr, rttObj } from './instance.js';
import type { GcSite } from './gc.js';

/** The instructions this file lowers (support.ts lets them through; function.ts dispatches them here). */
export const GC_CAST_LOWERED: ReadonlySet<string> = new Set([
  'ref.test', 'ref.cast', 'br_on_cast', 'br_on_cast_fail', 'ref.eq', 'any.convert_extern', 'extern.convert_any',
]);

/** awsm_rtt fields (awsm_abi.h): kind at 0, depth at 4, the display after six words. */
const RTT = { kind: 0, depth: 4, display64: 56, display32: 40 } as const;
/** AWSM_TYPE_STRUCT, AWSM_TYPE_ARRAY. */
const KIND = { struct: 1, array: 2 } as const;

/** Whether `r` (non-null) is an i31: the low bit of its word. */
function isI31(cx: ModuleContext, f: FunctionBuilder, r: Value): Value {
  const w = f.ptrtoint(r, cx.abi.intptr);
  return f.icmp('ne', f.and(w, iconst(cx.abi.intptr, 1n)), iconst(cx.abi.intptr, 0n));
}

/**
 * Emit the test of non-null object `o` (not an i31) against heap type `heap`; the i1.
 *
 *   %rtt = load ptr, ptr %o ; %k = load i32, ptr %rtt           ; eq, struct, array
 *   %d = load i32, ptr <rtt+4> ; %deep = icmp uge i32 %d, D        ; $t
 *   %e = load ptr, ptr <rtt+56+8D> ; %same = icmp eq ptr %e, <ctx->rtts[$t]>
 */
function objectTest(t: FuncEnv, o: Value, heap: string | number, done: string, slot: Value): Value | undefined {
  const { f, cx } = t;
  const rtt = f.load('ptr', o, { align: 8 });
  if (typeof heap === 'string') {
    const k = f.load('i32', rtt, { align: 4 });
    if (heap === 'struct' || heap === 'array') return f.icmp('eq', k, i32(KIND[heap]));
    // eq: struct or array (kinds 1, 2).
    return f.icmp('ult', f.sub(k, i32(1)), i32(2));
  }
  const d = display(cx.m.types, heap).length - 1;
  const depth = f.load('i32', fieldPtr(f, rtt, RTT.depth), { align: 4 });
  const deep = f.newBlock('castdeep');
  f.store(i1(false), slot);
  f.condBr(f.icmp('uge', depth, i32(d)), deep, done);
  f.setBlock(deep);
  const ptrSize = cx.abi.pointerSize;
  const at = (ptrSize === 8 ? RTT.display64 : RTT.display32) + d * ptrSize;
  const entry = f.load('ptr', f.gep('i8', rtt, [i64(at)], true), { align: ptrSize });
  return f.icmp('eq', entry, rttObj(cx, f, t.ctx, heap));
}

/** The test of a non-null function reference `fo` against function type `x`: call_indirect's signature check. */
function funcTest(t: FuncEnv, fo: Value, x: number, done: string, slot: Value): Value {
  const { f, cx } = t;
  const sig = f.load('ptr', fieldPtr(f, fo, cx.abi.funcObj.sig), { md: cx.invariantCtx });
  const expected = cx.sigPtr(funcType(cx.m, x)!);
  const slow = f.newBlock('castsig');
  f.store(i1(true), slot);
  f.condBr(f.icmp('eq', sig, expected), done, slow);
  f.setBlock(slow);
  cx.declare('@awsm_sig_sub', 'i32', ['ptr', 'ptr'], 'nounwind willreturn memory(read)');
  return f.icmp('ne', f.call('i32', '@awsm_sig_sub', [sig, expected])!, i32(0));
}

/** Whether abstract heap type `h` is a bottom type (no non-null value). */
function isBottom(h: string): boolean {
  return h === 'none' || h === 'nofunc' || h === 'noextern' || h === 'noexn';
}

/**
 * Whether reference `r` is of type `target` (ref.test's question), as an i1. Tests that need
 * no load are straight-line; the others go through blocks and a stack slot (SROA makes it a phi).
 */
export function castTest(t: FuncEnv, r: Value, target: RefType): Value {
  const { f, cx } = t;
  const { nullable, heap } = refInfo(target);
  const isNull = f.icmp('eq', r, nullptr);
  const orNull = (c: Value): Value => (nullable ? f.or(isNull, c) : c);
  if (heap === 'any' || heap === 'func' || heap === 'extern' || heap === 'exn') return nullable ? i1(true) : f.icmp('ne', r, nullptr);
  if (typeof heap === 'string' && isBottom(heap)) return nullable ? isNull : i1(false);
  if (heap === 'i31') return orNull(f.and(f.icmp('ne', r, nullptr), isI31(cx, f, r)));
  const concreteFunc = typeof heap === 'number' && cx.m.types[heap]!.comp.kind === 'func';
  const slot = f.alloca('i1', 'cast');
  const done = f.newBlock('castdone');
  const nonNull = f.newBlock('castnn');
  f.store(i1(nullable), slot);
  f.condBr(isNull, done, nonNull);
  f.setBlock(nonNull);
  let ok: Value | undefined;
  if (concreteFunc) {
    ok = funcTest(t, r, heap as number, done, slot);
  } else {
    const obj = f.newBlock('castobj');
    f.store(i1(heap === 'eq'), slot);
    f.condBr(isI31(cx, f, r), done, obj);
    f.setBlock(obj);
    ok = objectTest(t, r, heap, done, slot);
  }
  f.store(ok!, slot);
  f.br(done);
  f.setBlock(done);
  return f.load('i1', slot);
}

/**
 * any.convert_extern / extern.convert_any of `v` (runtime calls that may box, and so allocate
 * and trap "out of memory"); for function bodies and constant expressions alike.
 */
export function convertRef(site: GcSite, name: string, v: Value): Value {
  const sym = name === 'any.convert_extern' ? '@awsm_gc_any_convert_extern' : '@awsm_gc_extern_convert_any';
  return callRuntime(site.cx, site.f, site.ctx, sym, 'ptr', [v, i32(site.funcidx)])!;
}

/**
 * br_on_cast L rt1 rt2 / br_on_cast_fail: branch to L (carrying the operands below and the
 * reference) when the reference is (is not) of rt2; otherwise go on with it on the stack.
 *
 *   %c = <castTest r rt2>            ; xor with true for br_on_cast_fail
 *   store <carried values, r> into L's slots
 *   br i1 %c, label %L, label %contN
 */
function brOnCast(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const r = t.s.pop();
  const test = castTest(t, r.v, ins.types![1] as RefType);
  const c = ins.op.name === 'br_on_cast' ? test : f.xor(test, i1(true));
  const frame = t.s.frameAt(ins.idx!);
  const n = t.s.labelTypes(frame).length;
  t.branchTo(frame, [...t.s.peekn(n - 1), r]);
  const cont = f.newBlock('cont');
  f.condBr(c, t.s.labelOf(frame), cont);
  f.setBlock(cont);
  t.s.push(r.v, r.tainted);
}

/** Lower cast instruction `ins` of a function body (dispatched from function.ts). */
export function emitCast(t: FuncEnv, ins: Instr): void {
  const { f, s } = t;
  switch (ins.op.name) {
    case 'ref.test':
      return s.push(f.zext(castTest(t, s.pop().v, ins.refType as RefType), 'i32'));
    case 'ref.cast': {
      const r = s.pop();
      t.trapIf(f.xor(castTest(t, r.v, ins.refType as RefType), i1(true)), TrapKind.CastFailure);
      return s.push(r.v, r.tainted);
    }
    case 'br_on_cast':
    case 'br_on_cast_fail':
      return brOnCast(t, ins);
    case 'ref.eq': {
      const [a, b] = s.popn(2);
      return s.push(f.zext(f.icmp('eq', a!.v, b!.v), 'i32'));
    }
    case 'any.convert_extern':
    case 'extern.convert_any':
      return s.push(convertRef({ cx: t.cx, f, ctx: t.ctx, funcidx: t.funcidx }, ins.op.name, s.pop().v));
  }
  throw new Error(`emitCast: unexpected instruction ${ins.op.name}`);
}
