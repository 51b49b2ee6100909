/**
 * Constant expressions (global initialisers, segment offsets, element items), evaluated by
 * IR in the module's init function. The validator has already restricted them to constant
 * instructions: t.const (v128.const too), ref.null, ref.func, global.get (of an imported global, or with
 * extended-const any earlier immutable one, whose cell the init function has already
 * written) and the extended-const i32/i64 add, sub and mul, which numeric.ts emits.
 */
import type { ConstExpr } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { nullptr, type FunctionBuilder, type Value } from '../llvm/builder.js';
import { cellAlign, llvmType } from './abi.js';
import type { ModuleContext } from './context.js';
import { funcObj, globalCell } from './instance.js';
import { emitNumeric, type NumericEnv } from './numeric.js';

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
  for (const ins of expr) {
    const name = ins.op.name;
    if (name === 'v128.const') {
      // <i64 lo, i64 hi> from the 16 little-endian bytes.
      const dv = new DataView(ins.bytes!.buffer, ins.bytes!.byteOffset, 16);
      stack.push({ ty: llvmType('v128'), ref: `<i64 ${dv.getBigInt64(0, true)}, i64 ${dv.getBigInt64(8, true)}>` });
    } else if (ins.op.family === 'numeric') {
      const n = ins.op.sig?.params.length ?? 0;
      stack.push(emitNumeric(env, ins, stack.splice(stack.length - n, n)));
    } else if (name === 'ref.null') {
      stack.push(nullptr);
    } else if (name === 'ref.func') {
      stack.push(funcObj(cx, f, ctx, ins.idx!));
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
