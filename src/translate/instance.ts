/**
 * Reading the instance context (`awsm_instance`, runtime/include/awsm_abi.h) from generated
 * code: the objects behind ctx->funcs[i], ctx->globals[i], ctx->tables[i], ctx->memories[i] and
 * ctx->elems. Shared by function bodies and the module's init function. Which object to load
 * for a function or memory is env.ts's answer (calleeOf, memoryOf); this file loads it.
 *
 * The arrays hanging off ctx and the objects they point to are fixed once the instance exists,
 * so those loads carry `!invariant.load` and LLVM may hoist and merge them freely. What can
 * change (memory size and pages, table size and element array, global values) is loaded
 * plainly where it is used.
 */
import type { FunctionBuilder, Value } from '../llvm/builder.js';
import { i64 } from '../llvm/builder.js';
import type { ModuleContext } from './context.js';

/**
 * `ptr + offset` as an i8 getelementptr (the pointer itself for offset 0).
 *
 *   %p = getelementptr i8, ptr %ctx, i64 32
 */
export function fieldPtr(f: FunctionBuilder, base: Value, offset: number): Value {
  return offset === 0 ? base : f.gep('i8', base, [i64(offset)]);
}

/**
 * Element `index` of the pointer array at ctx field `offset`, loaded as an invariant value.
 *
 *   %arr = load ptr, ptr <ctx+offset>, !tbaa !ctx, !invariant.load !0
 *   %p   = getelementptr ptr, ptr %arr, i64 <index>
 *   %obj = load ptr, ptr %p, !tbaa !ctx, !invariant.load !0
 */
function ctxArrayElem(cx: ModuleContext, f: FunctionBuilder, ctx: Value, offset: number, index: number | Value): Value {
  // IR for -O0: each such pointer once per function, in its entry block (TranslateOptions.quick).
  if (cx.opts.quick && typeof index === 'number' && ctx.ref === '%ctx') {
    return f.hoisted(`ctx+${offset}[${index}]`, () => {
      const arr = f.hoisted(`ctx+${offset}`, () => f.load('ptr', fieldPtr(f, ctx, offset), { md: cx.invariantCtx }));
      return f.load('ptr', index === 0 ? arr : f.gep('ptr', arr, [i64(index)]), { md: cx.invariantCtx });
    });
  }
  const arr = f.load('ptr', fieldPtr(f, ctx, offset), { md: cx.invariantCtx });
  const p = index === 0 ? arr : f.gep('ptr', arr, [typeof index === 'number' ? i64(index) : index]);
  return f.load('ptr', p, { md: cx.invariantCtx });
}

/** The `awsm_func *` of function `funcidx` (ctx->funcs[funcidx]; an i64 value or a constant). */
export function funcObj(cx: ModuleContext, f: FunctionBuilder, ctx: Value, funcidx: number | Value): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.funcs, funcidx);
}

/** The `awsm_tag *` of tag `tagidx` (ctx->tags[tagidx]): a tag's identity. */
export function tagObj(cx: ModuleContext, f: FunctionBuilder, ctx: Value, tagidx: number): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.tags, tagidx);
}

/** The canonical `awsm_rtt *` of type `typeidx` (ctx->rtts[typeidx]; GC, docs/gc.md). */
export function rttObj(cx: ModuleContext, f: FunctionBuilder, ctx: Value, typeidx: number): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.rtts, typeidx);
}

/** The 16-byte cell of global `globalidx` (ctx->globals[globalidx]). */
export function globalCell(cx: ModuleContext, f: FunctionBuilder, ctx: Value, globalidx: number): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.globals, globalidx);
}

/** The `awsm_table *` of table `tableidx` (ctx->tables[tableidx]). */
export function tableObj(cx: ModuleContext, f: FunctionBuilder, ctx: Value, tableidx: number): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.tables, tableidx);
}

/** The `awsm_memory *` of memory `memidx` (ctx->memories[memidx]). */
export function memoryObj(cx: ModuleContext, f: FunctionBuilder, ctx: Value, memidx: number): Value {
  return ctxArrayElem(cx, f, ctx, cx.abi.ctx.memories, memidx);
}

/** ctx->elems (the awsm_elem_seg array; fixed once the instance exists). */
export function elemSegs(cx: ModuleContext, f: FunctionBuilder, ctx: Value): Value {
  return f.load('ptr', fieldPtr(f, ctx, cx.abi.ctx.elems), { md: cx.invariantCtx });
}

/**
 * Call runtime helper `sym` (awsm_abi.h) with ctx and `args`, declaring it from their types.
 *
 *   %r = call i32 @awsm_memory_grow(ptr %ctx, i32 0, i32 %delta)
 */
export function callRuntime(cx: ModuleContext, f: FunctionBuilder, ctx: Value, sym: string, retTy: string, args: Value[]): Value | undefined {
  cx.declare(sym, retTy, cx.cParams(['ptr', ...args.map((a) => a.ty)]));
  return f.call(retTy, sym, [ctx, ...args]);
}
