/**
 * Tail calls on a target whose LLVM 16 backend has no `tailcc` (TargetAbi.tailBuffer: RISC-V
 * 64; docs/abi.md, "Tail calls on RISC-V"). There a function that makes tail calls is
 *
 *   define internal void @m_f<j>(ptr %ctx, ptr %tb)          ; C convention, whatever its type
 *
 * and `%tb`, the tail buffer, is an array of 16-byte slots (the layout of `awsm_value`): slot 0
 * holds the buffer's capacity in slots (after slot 0), slots 1… the parameters at entry and the
 * results at return. Every such function has the same prototype and two register arguments, so
 * `musttail call void %callee(ptr %ctx, ptr %tb)` is a sibling call, which LLVM 16 makes on
 * RISC-V at -O0 and -O2 whatever `"disable-tail-calls"` says: a tail call stores the callee's
 * arguments into the caller's own buffer (its parameters were read at entry) and jumps.
 *
 * Whoever starts a chain of tail calls, the C-convention entry `@m_c<j>` or an ordinary call,
 * allocates the buffer in its frame with the module's capacity (ModuleContext.tailSlots) and
 * reads the results after the call. The capacity holds every function of the module that makes
 * tail calls and every type they tail-call. A function that another instance's tail call
 * reaches may find a buffer of a module that needs fewer slots: it checks the capacity at
 * entry and, when it is too small, calls itself through its C-convention entry (which
 * allocates one of its own module's size) and copies the results back, one ordinary frame; the
 * chain then goes on in the larger buffer, so the stack stays bounded.
 */
import type { FuncType, ValType } from '../binary/module.js';
import { type FunctionBuilder, i64, poison, type Value } from '../llvm/builder.js';
import { cellAlign, llvmReturnType, llvmType, VALUE_SIZE } from './abi.js';
import type { ModuleContext } from './context.js';

/** The address of slot `i` of tail buffer `tb` (0: the capacity). */
function slot(f: FunctionBuilder, tb: Value, i: number): Value {
  return i === 0 ? tb : f.gep('i8', tb, [i64(VALUE_SIZE * i)]);
}

/** Store `values` of `types` into slots 1… of `tb`. */
function storeSlots(f: FunctionBuilder, tb: Value, types: readonly ValType[], values: readonly Value[]): void {
  types.forEach((ty, i) => f.store(values[i]!, slot(f, tb, i + 1), { align: cellAlign(ty) }));
}

/** Load values of `types` from slots 1… of `tb`. */
function loadSlots(f: FunctionBuilder, tb: Value, types: readonly ValType[]): Value[] {
  return types.map((ty, i) => f.load(llvmType(ty), slot(f, tb, i + 1), { align: cellAlign(ty) }));
}

/** The results of type `ft` as the C convention returns them: none, the value, or their struct (also FuncTranslator.ret). */
export function cResult(f: FunctionBuilder, ft: FuncType, values: readonly Value[]): Value | undefined {
  if (ft.results.length <= 1) return values[0];
  let agg = poison(llvmReturnType(ft));
  values.forEach((v, i) => (agg = f.insertvalue(agg, v, i)));
  return agg;
}

/** Each result of type `ft` from the C convention's `r` (none, the value, or their struct): also a call's results (call.ts). */
export function resultValues(f: FunctionBuilder, ft: FuncType, r: Value | undefined): Value[] {
  if (ft.results.length <= 1) return r === undefined ? [] : [r];
  return ft.results.map((ty, i) => f.extractvalue(r!, i, llvmType(ty)));
}

/**
 * An ordinary call of `callee`, a function of type `ft` that makes tail calls, giving its
 * results as the C convention does:
 *
 *   %tb = alloca [N+1 x <2 x i64>]        ; in the entry block (N = tailSlots), one per function
 *   store i64 N, ptr %tb, align 8
 *   …
 *   store i32 %a, ptr <tb+16>
 *   call void @m_fJ(ptr %ctx, ptr %tb)
 *   %r = load i64, ptr <tb+16>
 */
export function callWithBuffer(cx: ModuleContext, f: FunctionBuilder, callee: string, ctx: Value, ft: FuncType, args: readonly Value[]): Value | undefined {
  const slots = cx.tailSlots!;
  const tb = f.hoisted('tail buffer', () => {
    const buf = f.alloca(`[${slots + 1} x <2 x i64>]`, 'tb');
    f.store(i64(slots), buf, { align: 8 });
    return buf;
  });
  storeSlots(f, tb, ft.params, args);
  f.call('void', callee, [ctx, tb]);
  return cResult(f, ft, loadSlots(f, tb, ft.results));
}

/**
 * The guaranteed tail call of `callee` (of type `ft`) from a function whose tail buffer is
 * `tb`, after everything the caller reads of it:
 *
 *   store i32 %a, ptr <tb+16>
 *   musttail call void <callee>(ptr <ctx>, ptr %tb)
 *   ret void
 */
export function tailCallWithBuffer(f: FunctionBuilder, tb: Value, callee: string, ctx: Value, ft: FuncType, args: readonly Value[]): void {
  storeSlots(f, tb, ft.params, args);
  f.call('void', callee, [ctx, tb], '', 'musttail');
  f.ret();
}

/** Return `values`, the results of type `ft`, through tail buffer `tb`: stores into slots 1…, `ret void`. */
export function returnWithBuffer(f: FunctionBuilder, tb: Value, ft: FuncType, values: readonly Value[]): void {
  storeSlots(f, tb, ft.results, values);
  f.ret();
}

/**
 * The entry of function `funcidx` of type `ft`, which makes tail calls, with tail buffer `tb`:
 * its parameters, loaded from the buffer, and the capacity check (the module's own calls
 * always pass it; another instance's tail call may not):
 *
 *   %p0  = load i32, ptr <tb+16>
 *   %cap = load i64, ptr %tb
 *   br i1 (icmp ult i64 %cap, N), label %tbgrowK, label %tbokL, !prof !unlikely
 * tbgrowK:                                   ; again in a buffer of this module's size
 *   %r = call i64 @m_c<j>(ptr %ctx, i32 %p0)
 *   store i64 %r, ptr <tb+16>
 *   ret void
 * tbokL:
 */
export function enterWithBuffer(cx: ModuleContext, f: FunctionBuilder, ctx: Value, tb: Value, funcidx: number, ft: FuncType): Value[] {
  const params = loadSlots(f, tb, ft.params);
  const cap = f.load('i64', tb);
  const grow = f.newBlock('tbgrow');
  const ok = f.newBlock('tbok');
  f.condBr(f.icmp('ult', cap, i64(cx.tailSlots!)), grow, ok, `!prof ${cx.mdUnlikely}`);
  f.setBlock(grow);
  const r = f.call(llvmReturnType(ft), cx.entrySymbol(funcidx), [ctx, ...params]);
  returnWithBuffer(f, tb, ft, resultValues(f, ft, r));
  f.setBlock(ok);
  return params;
}
