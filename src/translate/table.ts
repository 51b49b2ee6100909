/**
 * Table instructions. table.get / table.set / table.size are inline: an `awsm_table` holds the
 * element array (offset 0) and the current size (offset 8, u32), both reloaded at every use
 * since table.grow (also in a callee) changes them. The rest call runtime helpers that do
 * their own bounds checks and trap with the function index we pass.
 *
 * A 64-bit table (table64) takes i64 indices, sizes and counts. Its size is still a u32 (the
 * host limit bounds it), so an index is compared, in 64 bits, with the zero-extended size:
 * never truncated before the check. Its bulk instructions call the u64 helpers
 * (`awsm_table_*64`); an i32 operand of those (table.copy between an i32 and an i64 table,
 * table.init's source and count) is zero-extended.
 */
import type { Instr } from '../binary/module.js';
import { i32, type FunctionBuilder, type Value } from '../llvm/builder.js';
import { TrapKind } from './abi.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, tableObj } from './instance.js';

/** Whether table `tableidx` is a 64-bit table (i64 indices). */
export function isTable64(t: FuncEnv, tableidx: number): boolean {
  return t.cx.tables[tableidx]!.addrType === 'i64';
}

/**
 * The address of element `i` of table `tableidx`, trapping `kind` when i >= size.
 *
 *   %tab = ctx->tables[t]                          ; invariant loads
 *   %sz  = load i32, ptr <tab+8>, !tbaa !ctx
 *   %oob = icmp uge i32 %i, %sz                    ; table64: icmp uge i64 %i, (zext %sz)
 *   br i1 %oob, label %trap.K.N, label %okM, !prof !1
 * okM:
 *   %els = load ptr, ptr %tab, !tbaa !ctx
 *   %i64 = zext i32 %i to i64                      ; table64: %i itself
 *   %p   = getelementptr ptr, ptr %els, i64 %i64
 */
export function tableElemPtr(t: FuncEnv, tableidx: number, i: Value, kind: TrapKind): Value {
  const f = t.f;
  const md = { md: `!tbaa ${t.cx.tbaa.ctx}` };
  const tab = tableObj(t.cx, f, t.ctx, tableidx);
  const size = f.load('i32', fieldPtr(f, tab, t.cx.abi.tableObj.size), md);
  const wide = isTable64(t, tableidx);
  t.trapIf(f.icmp('uge', i, wide ? f.zext(size, 'i64') : size), kind);
  const elems = f.load('ptr', fieldPtr(f, tab, t.cx.abi.tableObj.elems), md);
  return f.gep('ptr', elems, [wide ? i : f.zext(i, 'i64')]);
}

/** `v` as an i64: itself, or zero-extended from i32. */
function u64(f: FunctionBuilder, v: Value): Value {
  return v.ty === 'i64' ? v : f.zext(v, 'i64');
}

export function emitTable(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const name = ins.op.name;
  const vals = (n: number): Value[] => t.s.popn(n).map((o) => o.v);
  const fidx = i32(t.funcidx);
  const md = { md: `!tbaa ${t.cx.tbaa.table}` };
  switch (name) {
    // %r = load ptr, ptr <element address>, !tbaa !table
    case 'table.get': {
      const p = tableElemPtr(t, ins.idx!, t.s.pop().v, TrapKind.TableOutOfBounds);
      return t.s.push(f.load('ptr', p, md));
    }
    // store ptr %v, ptr <element address>, !tbaa !table
    case 'table.set': {
      const [i, v] = vals(2) as [Value, Value];
      f.store(v, tableElemPtr(t, ins.idx!, i, TrapKind.TableOutOfBounds), md);
      return;
    }
    // %r = load i32, ptr <ctx->tables[t] + 8>        ; table64: then zext to i64
    case 'table.size': {
      const tab = tableObj(t.cx, f, t.ctx, ins.idx!);
      const size = f.load('i32', fieldPtr(f, tab, t.cx.abi.tableObj.size), { md: `!tbaa ${t.cx.tbaa.ctx}` });
      return t.s.push(isTable64(t, ins.idx!) ? f.zext(size, 'i64') : size);
    }
    // %r = call i32 @awsm_table_grow(ptr %ctx, i32 t, ptr %init, i32 %delta)
    // table64: %r = call i64 @awsm_table_grow64(ptr %ctx, i32 t, ptr %init, i64 %delta)
    case 'table.grow': {
      const [init, delta] = vals(2) as [Value, Value];
      const wide = isTable64(t, ins.idx!);
      return t.s.push(t.callRuntime(wide ? '@awsm_table_grow64' : '@awsm_table_grow', wide ? 'i64' : 'i32', [i32(ins.idx!), init, delta])!);
    }
    // call void @awsm_table_fill(ptr %ctx, i32 t, i32 %i, ptr %val, i32 %n, i32 funcidx)
    // table64: @awsm_table_fill64 with i64 %i and %n
    case 'table.fill': {
      const [i, v, n] = vals(3) as [Value, Value, Value];
      t.callRuntime(isTable64(t, ins.idx!) ? '@awsm_table_fill64' : '@awsm_table_fill', 'void', [i32(ins.idx!), i, v, n, fidx]);
      return;
    }
    // call void @awsm_table_copy(ptr %ctx, i32 dst, i32 src, i32 %d, i32 %s, i32 %n, i32 funcidx)
    // either table 64-bit: @awsm_table_copy64, each operand as i64 (d has the destination's
    // address type, s the source's, n the narrower of the two)
    case 'table.copy': {
      const ops = vals(3);
      const wide = isTable64(t, ins.idx!) || isTable64(t, ins.idx2!);
      const args = wide ? ops.map((v) => u64(f, v)) : ops;
      t.callRuntime(wide ? '@awsm_table_copy64' : '@awsm_table_copy', 'void', [i32(ins.idx!), i32(ins.idx2!), ...args, fidx]);
      return;
    }
    // call void @awsm_table_init(ptr %ctx, i32 table, i32 elem, i32 %d, i32 %s, i32 %n, i32 funcidx)
    // table64: @awsm_table_init64 with i64 %d and the zero-extended %s, %n
    case 'table.init': {
      const ops = vals(3);
      const wide = isTable64(t, ins.idx2!);
      const args = wide ? ops.map((v) => u64(f, v)) : ops;
      t.callRuntime(wide ? '@awsm_table_init64' : '@awsm_table_init', 'void', [i32(ins.idx2!), i32(ins.idx!), ...args, fidx]);
      return;
    }
    // call void @awsm_elem_drop(ptr %ctx, i32 elem)
    case 'elem.drop':
      t.callRuntime('@awsm_elem_drop', 'void', [i32(ins.idx!)]);
      return;
  }
  throw new Error(`emitTable: unexpected instruction ${name}`);
}
