/**
 * Constant expressions (global initialisers, segment offsets, element items), evaluated by
 * IR in the module's init function. The validator has already restricted them to the constant
 * instructions of Wasm 3.0: t.const and the extended constants i32/i64.add/sub/mul (emitted by
 * numeric.ts; v128.const by simd.ts), ref.null, ref.func, global.get of an immutable global
 * (imported, or defined earlier: init.ts stores the globals in index order, so its cell holds
 * the value by then), and the allocating GC ones (ref.i31, struct.new(_default),
 * array.new(_default/_fixed): gc.ts, which may trap "out of memory" in the runtime; the
 * conversions any.convert_extern and extern.convert_any: gc-cast.ts, which may box).
 */
import type { ConstExpr } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { nullptr, type FunctionBuilder, type Value } from '../llvm/builder.js';
import { cellAlign, llvmType } from './abi.js';
import type { ModuleContext } from './context.js';
import { calleeOf } from './env.js';
import { funcObj, globalCell } from './instance.js';
import { emitNumeric, type NumericEnv } from './numeric.js';
import { v128Const } from './simd.js';
import { arrayNew, arrayNewFixed, i31New, structNew, type GcSite } from './gc.js';
import { convertRef } from './gc-cast.js';

/** The funcidx runtime helpers report for traps during instantiation (out of memory). */
export const NO_FUNC = 0xffffffff;

/** The number of fields of struct type `x`. */
function structFieldCount(cx: ModuleContext, x: number): number {
  const c = cx.m.types[x]!.comp;
  return c.kind === 'struct' ? c.fields.length : 0;
}

/**
 * Emit `expr` into `f` (whose %ctx is `ctx`) and return its value.
 *
 *   i32.const 5           → i32 5
 *   ref.func 3            → ctx->funcs[3]
 *   global.get 0          → %v = load i32, ptr <ctx->globals[0]>
 *   i32.add (…) (…)       → %v = add i32 …
 */
export function emitConstExpr(cx: ModuleContext, f: FunctionBuilder, ctx: Value, expr: ConstExpr): Value {
  const env: NumericEnv = {
    f,
    declare: (name, retTy, params) => cx.declare(name, retTy, params),
    trapIf: () => {
      throw new Error('a constant expression cannot trap');
    },
  };
  const stack: Value[] = [];
  const site: GcSite = { cx, f, ctx, funcidx: NO_FUNC };
  for (const ins of expr) {
    const name = ins.op.name;
    if (name === 'v128.const') {
      stack.push(v128Const(ins.bytes!));
    } else if (ins.op.family === 'numeric') {
      const n = ins.op.sig?.params.length ?? 0;
      stack.push(emitNumeric(env, ins, stack.splice(stack.length - n, n)));
    } else if (name === 'ref.null') {
      stack.push(nullptr);
    } else if (name === 'ref.func') {
      stack.push(funcObj(cx, f, ctx, calleeOf(cx, ins.idx!).obj));
    } else if (name === 'ref.i31') {
      stack.push(i31New(cx, f, stack.pop()!));
    } else if (name === 'struct.new' || name === 'struct.new_default') {
      const n = name === 'struct.new' ? structFieldCount(cx, ins.idx!) : 0;
      stack.push(structNew(site, ins.idx!, name === 'struct.new' ? stack.splice(stack.length - n, n) : undefined));
    } else if (name === 'array.new') {
      const [v, n] = stack.splice(stack.length - 2, 2);
      stack.push(arrayNew(site, ins.idx!, n!, v));
    } else if (name === 'array.new_default') {
      stack.push(arrayNew(site, ins.idx!, stack.pop()!));
    } else if (name === 'array.new_fixed') {
      stack.push(arrayNewFixed(site, ins.idx!, stack.splice(stack.length - ins.idx2!, ins.idx2!)));
    } else if (name === 'any.convert_extern' || name === 'extern.convert_any') {
      stack.push(convertRef(site, name, stack.pop()!));
    } else if (name === 'global.get') {
      const g = cx.globals[ins.idx!]!;
      stack.push(f.load(llvmType(g.type), globalCell(cx, f, ctx, ins.idx!), { md: `!tbaa ${cx.tbaa.global}`, align: cellAlign(g.type) }));
    } else {
      throw new CompileError(`instruction ${name} is not supported in a constant expression (at byte offset 0x${ins.pos.toString(16)})`);
    }
  }
  const v = stack.pop();
  if (v === undefined || stack.length !== 0) throw new Error('constant expression does not leave exactly one value');
  return v;
}
