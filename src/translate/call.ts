/**
 * Calls: direct calls to defined functions, calls to imported functions through their
 * `awsm_func` objects, `call_indirect` through a table, and the generic trampolines that let
 * the runtime call any Wasm function with an array of awsm_value; tail calls (return_call,
 * return_call_indirect), calls through typed references (call_ref, return_call_ref) and the
 * C-convention entries of the functions that make them.
 *
 * Every function is `<ret> (ptr ctx, params…)` in the default C calling convention, so host
 * functions and Wasm functions are called the same way through pointers. A function that
 * makes tail calls is `tailcc` instead, reached through pointers by its C-convention entry
 * (docs/abi.md, "Tail calls").
 */
import { funcType, type FuncType, type Instr } from '../binary/module.js';
import { FunctionBuilder, i32, i64, nullptr, type Value } from '../llvm/builder.js';
import { cellAlign, llvmType, tailArgs, tailBuffered, TrapKind, VALUE_SIZE } from './abi.js';
import type { ModuleContext } from './context.js';
import { calleeOf, llvmSignature } from './env.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, funcObj } from './instance.js';
import { tableElemPtr } from './table.js';
import { callWithBuffer, resultValues, tailCallWithBuffer } from './tail-buffer.js';

export function emitCall(t: FuncEnv, ins: Instr): void {
  switch (ins.op.name) {
    case 'call':
      return call(t, ins.idx!);
    case 'call_indirect':
      return callIndirect(t, ins.idx!, ins.idx2 ?? 0);
    case 'return_call':
      return returnCall(t, ins.idx!);
    case 'return_call_indirect':
      return returnCallIndirect(t, ins.idx!, ins.idx2 ?? 0);
    case 'call_ref':
      return callRef(t, ins.idx!, false);
    case 'return_call_ref':
      return callRef(t, ins.idx!, true);
  }
  throw new Error(`emitCall: unexpected instruction ${ins.op.name}`);
}

/** Push a call's results: none, the value, or each field of the returned struct. */
function pushResults(t: FuncEnv, ft: FuncType, r: Value | undefined): void {
  for (const v of resultValues(t.f, ft, r)) t.s.push(v);
}

/**
 * Call function j, as the environment says it is called (env.ts, calleeOf). Defined:
 *   %r = call i32 @m_fJ(ptr %ctx, i32 %a)
 * Imported (its awsm_func is fixed once the instance exists: invariant loads):
 *   %fo   = ctx->funcs[j]
 *   %code = load ptr, ptr <fo+8>, !invariant.load
 *   %fctx = load ptr, ptr <fo+16>, !invariant.load
 *   %r    = call i32 %code(ptr %fctx, i32 %a)
 */
function call(t: FuncEnv, funcidx: number): void {
  const f = t.f;
  const callee = calleeOf(t.cx, funcidx);
  const args = t.s.popn(callee.type.params.length).map((o) => o.v);
  const r = callee.kind === 'defined'
    ? callDefined(t.cx, f, t.ctx, funcidx, args)
    : callFuncObj(t, funcObj(t.cx, f, t.ctx, callee.obj), callee.type, args);
  pushResults(t, callee.type, r);
}

/**
 * An ordinary call of defined function j with `ctx`, giving its results as the C convention
 * does (void, the value, or their struct): `call <ret> @m_fJ`, `call tailcc` for a `tailcc`
 * function, and for one with a result buffer (abi.ts, tailSignature)
 *   %buf = alloca { i64, i64, i64 }                ; in the entry block
 *   call tailcc void @m_fJ(ptr %ctx, i32 %a, ptr %buf)
 *   %r = load { i64, i64, i64 }, ptr %buf
 * (on riscv64 through a tail buffer: tail-buffer.ts, callWithBuffer).
 */
function callDefined(cx: ModuleContext, f: FunctionBuilder, ctx: Value, funcidx: number, args: Value[]): Value | undefined {
  const ft = cx.funcTypes[funcidx]!;
  const ret = llvmSignature(ft).ret;
  if (cx.tailSlots !== undefined && cx.tailcc.has(funcidx)) return callWithBuffer(cx, f, cx.funcSymbol(funcidx), ctx, ft, args);
  const cc = cx.ccOf(funcidx).trim();
  if (cc === '') return f.call(ret, cx.funcSymbol(funcidx), [ctx, ...args]);
  const sig = cx.tailSignature(ft);
  if (!tailBuffered(ft)) return f.call(ret, cx.funcSymbol(funcidx), [ctx, ...tailArgs(sig, args)], '', '', cc);
  const buf = f.alloca(ret, 'res');
  f.call('void', cx.funcSymbol(funcidx), [ctx, ...tailArgs(sig, [...args, buf])], '', '', cc);
  return f.load(ret, buf);
}

/**
 * return_call j (docs/abi.md, "Tail calls"): the operands below the arguments die (kept alive
 * when loaded, as `return` does), then
 *   a tailcc function:  %r = musttail call tailcc i32 @m_fJ(ptr %ctx, i32 %a)
 *                       ret i32 %r
 *     (with a result buffer: musttail call tailcc void @m_fJ(ptr %ctx, i32 %a, ptr %res),
 *     ret void: the caller's own buffer, as the results are the caller's)
 *   any other defined function: an ordinary call, then ret. The callee makes no tail calls,
 *     so no chain of tail calls goes on through it.
 *   an import: through its function object's tail entry when it has one (tailFuncObj):
 *     another instance's function that makes tail calls, so a chain of tail calls across
 *     instances runs in constant stack.
 */
function returnCall(t: FuncEnv, funcidx: number): void {
  const f = t.f;
  const callee = calleeOf(t.cx, funcidx);
  const args = t.s.popn(callee.type.params.length).map((o) => o.v);
  t.setUnreachable();
  if (callee.kind === 'defined' && t.cx.tailcc.has(funcidx)) {
    musttail(t, callee.symbol, t.ctx, callee.type, args);
  } else if (callee.kind === 'defined') {
    t.retResult(callDefined(t.cx, f, t.ctx, funcidx, args));
  } else {
    tailFuncObj(t, funcObj(t.cx, f, t.ctx, callee.obj), callee.type, args);
  }
}

/**
 * call_indirect (type T) (table X):
 *   <element address: trap "undefined element" when idx >= size>     ; table.ts
 *   %fo  = load ptr, ptr %p, !tbaa !table
 *   %nul = icmp eq ptr %fo, null          → trap "uninitialized element"
 *   %sig = load ptr, ptr %fo, !invariant.load
 *   %eq  = icmp eq ptr %sig, @m_sigK      ; same module, same type: same constant
 *   br i1 %eq, label %sigokN, label %sigslowM, !prof !likely
 * sigslowM:                               ; another module's function, or a subtype:
 *   %s = call i32 @awsm_sig_sub(ptr %sig, ptr @m_sigK)   ; compare the strings
 *   %b = icmp eq i32 %s, 0                → trap "indirect call type mismatch"
 *   br label %sigokN
 * sigokN:
 *   %code = load ptr, ptr <fo+8>; %fctx = load ptr, ptr <fo+16>     ; invariant
 *   %r = call i32 %code(ptr %fctx, i32 %a)
 */
function callIndirect(t: FuncEnv, typeidx: number, tableidx: number): void {
  const ft = funcType(t.cx.m, typeidx)!;
  const idx = t.s.pop().v;
  const args = t.s.popn(ft.params.length).map((o) => o.v);
  pushResults(t, ft, callFuncObj(t, checkedFuncObj(t, ft, tableidx, idx), ft, args));
}

/**
 * return_call_indirect (type T) (table X): call_indirect's checks, then a tail call through
 * the function object (tailFuncObj). The signature check guarantees that its tail entry, when
 * it has one, is `tailcc` code of type T.
 */
function returnCallIndirect(t: FuncEnv, typeidx: number, tableidx: number): void {
  const ft = funcType(t.cx.m, typeidx)!;
  const idx = t.s.pop().v;
  const args = t.s.popn(ft.params.length).map((o) => o.v);
  t.setUnreachable();
  tailFuncObj(t, checkedFuncObj(t, ft, tableidx, idx), ft, args);
}

/**
 * call_ref T and return_call_ref T: the reference is a function object of type T (the
 * validator proved it, docs/abi.md "Typed function references"), so the only check is null:
 *   %nul = icmp eq ptr %fo, null          → trap "null function reference"
 *   %code = load ptr, ptr <fo+8>; %fctx = load ptr, ptr <fo+16>     ; invariant
 *   %r = call i32 %code(ptr %fctx, i32 %a)
 * return_call_ref goes on as return_call_indirect does after its checks (tailFuncObj).
 */
function callRef(t: FuncEnv, typeidx: number, tail: boolean): void {
  const ft = funcType(t.cx.m, typeidx)!;
  const fo = t.s.pop().v;
  const args = t.s.popn(ft.params.length).map((o) => o.v);
  t.trapIf(t.f.icmp('eq', fo, nullptr), TrapKind.NullFuncRef);
  if (!tail) return pushResults(t, ft, callFuncObj(t, fo, ft, args));
  t.setUnreachable();
  tailFuncObj(t, fo, ft, args);
}

/**
 * Return the result of calling function object `fo` of type `ft` in tail position (from a
 * `tailcc` function: every function that makes tail calls is one): a guaranteed tail call of
 * its `tailcc` entry (awsm_func.tail: a function, of this instance or another, that makes
 * tail calls) when it has one; otherwise (a host function, a function that makes no tail
 * calls) an ordinary call through its code, and ret (retResult):
 *   %tail = load ptr, ptr <fo+40>, !invariant.load
 *   %fctx = load ptr, ptr <fo+16>, !invariant.load
 *   br i1 (icmp ne ptr %tail, null), label %tailN, label %tailslowM
 * tailN:
 *   %r = musttail call tailcc i32 %tail(ptr %fctx, i32 %a)
 *   ret i32 %r
 * tailslowM:
 *   %r2 = call i32 <fo->code>(ptr %fctx, i32 %a)
 *   ret i32 %r2
 */
function tailFuncObj(t: FuncEnv, fo: Value, ft: FuncType, args: Value[]): void {
  const f = t.f;
  const cx = t.cx;
  const code = f.load('ptr', fieldPtr(f, fo, cx.abi.funcObj.tail), { md: cx.invariantCtx });
  const fctx = f.load('ptr', fieldPtr(f, fo, cx.abi.funcObj.ctx), { md: cx.invariantCtx });
  const tail = f.newBlock('tail');
  const slow = f.newBlock('tailslow');
  f.condBr(f.icmp('ne', code, nullptr), tail, slow);
  f.setBlock(tail);
  musttail(t, code.ref, fctx, ft, args);
  f.setBlock(slow);
  t.retResult(callFuncObj(t, fo, ft, args));
}

/**
 * The guaranteed tail call of `tailcc` code `callee` of type `ft` (docs/abi.md, "Tail calls"),
 * from this `tailcc` function of the same result types:
 *   %r = musttail call tailcc i32 <callee>(ptr <ctx>, i32 %a)
 *   ret i32 %r
 * or, with a result buffer, passing this function's own on:
 *   musttail call tailcc void <callee>(ptr <ctx>, i32 %a, ptr %res)
 *   ret void
 * or on riscv64 through this function's tail buffer (tail-buffer.ts, tailCallWithBuffer).
 */
function musttail(t: FuncEnv, callee: string, ctx: Value, ft: FuncType, args: Value[]): void {
  const f = t.f;
  if (t.tailBuffer !== undefined) return tailCallWithBuffer(f, t.tailBuffer, callee, ctx, ft, args);
  const sig = t.cx.tailSignature(ft);
  const buf = t.resultBuffer;
  f.ret(f.call(sig.ret, callee, [ctx, ...tailArgs(sig, buf === undefined ? args : [...args, buf])], '', 'musttail', 'tailcc'));
}

/**
 * The function object at `idx` of table `tableidx`, after call_indirect's checks (above):
 * in the table, not null, of type `ft`.
 */
function checkedFuncObj(t: FuncEnv, ft: FuncType, tableidx: number, idx: Value): Value {
  const f = t.f;
  const cx = t.cx;
  const p = tableElemPtr(t, tableidx, idx, TrapKind.UndefinedElement);
  const fo = f.load('ptr', p, { md: `!tbaa ${cx.tbaa.table}` });
  t.trapIf(f.icmp('eq', fo, nullptr), TrapKind.UninitializedElement);
  const sig = f.load('ptr', fieldPtr(f, fo, cx.abi.funcObj.sig), { md: cx.invariantCtx });
  const expected = cx.sigPtr(ft);
  const ok = f.newBlock('sigok');
  const slow = f.newBlock('sigslow');
  f.condBr(f.icmp('eq', sig, expected), ok, slow, `!prof ${cx.mdLikely}`);
  f.setBlock(slow);
  cx.declare('@awsm_sig_sub', 'i32', ['ptr', 'ptr'], 'nounwind willreturn memory(read)');
  const same = f.call('i32', '@awsm_sig_sub', [sig, expected])!;
  t.trapIf(f.icmp('eq', same, i32(0)), TrapKind.IndirectCallTypeMismatch);
  f.setBlock(ok);
  return fo;
}

/**
 * Call through function object `fo` (an awsm_func) of type `ft`:
 *
 *   %code = load ptr, ptr <fo+8>; %fctx = load ptr, ptr <fo+16>     ; invariant
 *   %r = call i32 %code(ptr %fctx, i32 %a)
 */
function callFuncObj(t: FuncEnv, fo: Value, ft: FuncType, args: Value[]): Value | undefined {
  const f = t.f;
  const code = f.load('ptr', fieldPtr(f, fo, t.cx.abi.funcObj.code), { md: t.cx.invariantCtx });
  const fctx = f.load('ptr', fieldPtr(f, fo, t.cx.abi.funcObj.ctx), { md: t.cx.invariantCtx });
  // A host function is C code: on riscv64 it expects i32 arguments sign-extended (cArgs).
  return f.call(llvmSignature(ft).ret, code.ref, [fctx, ...t.cx.cArgs(args)]);
}

/**
 * The trampoline of signature k: the runtime's generic way into any Wasm function.
 *
 *   define internal void @m_trampK(ptr %code, ptr %ctx, ptr %args) {
 *     %a0 = load i32, ptr %args                   ; parameter i at args + 16*i
 *     %r  = call i64 %code(ptr %ctx, i32 %a0)
 *     store i64 %r, ptr %args                     ; result j at args + 16*j
 *     ret void
 *   }
 */
export function emitTrampoline(cx: ModuleContext, k: number): FunctionBuilder {
  const ft = cx.sigTypes[k]!;
  const f = new FunctionBuilder(`@${cx.name}_tramp${k}`, 'void', [
    { ty: 'ptr', name: 'code' },
    { ty: 'ptr', name: 'ctx' },
    { ty: 'ptr', name: 'args' },
  ]);
  f.linkage = 'internal';
  // Not nounwind when an exception may pass through (unwind.ts): the unwinder needs its frame.
  f.attrs = cx.mayThrow.size > 0 ? '' : 'nounwind';
  const args = f.param(2);
  const slot = (i: number): Value => (i === 0 ? args : f.gep('i8', args, [i64(VALUE_SIZE * i)]));
  const sig = llvmSignature(ft);
  const params = ft.params.map((ty, i) => f.load(sig.params[i]!, slot(i), { align: cellAlign(ty) }));
  const r = f.call(sig.ret, '%code', [f.param(1), ...params]);
  if (ft.results.length === 1) f.store(r!, slot(0), { align: cellAlign(ft.results[0]!) });
  else ft.results.forEach((ty, j) => f.store(f.extractvalue(r!, j, llvmType(ty)), slot(j), { align: cellAlign(ty) }));
  f.ret();
  return f;
}

/**
 * The C-convention entry of `tailcc` function j (one that makes tail calls): its code pointer in the
 * descriptor, hence in function objects, tables and other modules' imports (docs/abi.md,
 * "Tail calls").
 *
 *   define internal i32 @m_c<j>(ptr %ctx, i32 %p0) #0 {
 *     %r = call tailcc i32 @m_f<j>(ptr %ctx, i32 %p0)
 *     ret i32 %r
 *   }
 * (with a result buffer: an alloca passed as `%res`, then its struct loaded and returned; on
 * riscv64 a tail buffer of the module's size: tail-buffer.ts, callWithBuffer).
 */
export function emitEntry(cx: ModuleContext, funcidx: number): FunctionBuilder {
  const sig = llvmSignature(cx.funcTypes[funcidx]!);
  const f = new FunctionBuilder(cx.entrySymbol(funcidx), sig.ret, [
    { ty: 'ptr', name: 'ctx' },
    ...sig.params.map((ty, i) => ({ ty, name: `p${i}` })),
  ]);
  f.linkage = cx.funcLinkage;
  f.attrs = cx.attrsOf(funcidx);
  f.ret(callDefined(cx, f, f.param(0), funcidx, f.params.slice(1).map((_, i) => f.param(i + 1))));
  return f;
}
