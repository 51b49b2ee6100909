/**
 * The module's init function, `void @<name>_init(ptr %ctx)`, called by the runtime (under a
 * trap handler) once the instance's memories, tables, global cells, function objects and
 * segment arrays exist. In the spec's instantiation order:
 *
 *  1. defined globals from their initialisers (in index order, so a global.get of an earlier
 *     global sees its value);
 *  1b. each defined table with an initialiser (Wasm 3.0) filled with its value
 *     (awsm_table_fill64 over its initial size; the expression may read imported globals only);
 *  2. every element segment's items evaluated into ctx->elems[k].items (the runtime allocated
 *     desc.elems[k].count pointers there);
 *  3. each active element segment copied into its table (awsm_table_init, which traps when out
 *     of bounds), then dropped; each declarative one dropped;
 *  4. each active data segment copied into memory, then dropped, in module order: those with
 *     a constant offset (`i32.const`) in runs, one awsm_data_apply call per run over a private
 *     constant table of (memory, segment, offset) entries; any other (global.get, extended
 *     constants) by awsm_memory_init and awsm_data_drop.
 *
 * The helpers get funcidx 0xFFFFFFFF ("during instantiation") for their trap messages. The
 * start function is the runtime's to call.
 */
import type { ConstExpr } from '../binary/module.js';
import { escapeBytes, FunctionBuilder, i32, i64, type Value } from '../llvm/builder.js';
import type { ModuleContext } from './context.js';
import { emitConstExpr, NO_FUNC } from './constexpr.js';
import { cellAlign } from './abi.js';
import { callRuntime, elemSegs, fieldPtr, globalCell } from './instance.js';

/** Segments of at least this many `ref.func` items are filled by a loop over a constant table. */
const LOOP_MIN_ITEMS = 16;

/**
 * items[j] = ctx->funcs[idx[j]] for a long segment of ref.func items, without one store per
 * item in the code:
 *
 *   @m_elemK = private unnamed_addr constant [n x i32] [i32 3, i32 7, …]
 *   loopN:                                   ; %j: an alloca counter, 0 … n-1
 *     %fi = load i32, ptr <@m_elemK + 4*j>
 *     %fo = load ptr, ptr <funcs + 8*fi>
 *     store ptr %fo, ptr <items + 8*j>
 *     br i1 <j + 1 == n>, label %doneM, label %loopN
 */
function funcRefLoop(cx: ModuleContext, f: FunctionBuilder, ctx: Value, items: Value, funcidxs: number[], k: number): void {
  const table = `@${cx.name}_elem${k}`;
  cx.mb.global(
    `${table} = private unnamed_addr constant [${funcidxs.length} x i32] [${funcidxs.map((i) => `i32 ${i}`).join(', ')}]`,
  );
  const funcs = f.load('ptr', fieldPtr(f, ctx, cx.abi.ctx.funcs), { md: cx.invariantCtx });
  const counter = f.alloca('i64', 'j');
  f.store(i64(0), counter);
  const loop = f.newBlock('loop');
  const done = f.newBlock('done');
  f.setBlock(loop);
  const j = f.load('i64', counter);
  const fi = f.load('i32', f.gep('i32', { ty: 'ptr', ref: table }, [j]));
  const fo = f.load('ptr', f.gep('ptr', funcs, [f.zext(fi, 'i64')]), { md: cx.invariantCtx });
  f.store(fo, f.gep('ptr', items, [j]), { md: `!tbaa ${cx.tbaa.table}` });
  const next = f.add(j, i64(1), 'nuw');
  f.store(next, counter);
  f.condBr(f.icmp('eq', next, i64(funcidxs.length)), done, loop);
  f.setBlock(done);
}

/** The value of a segment offset that is a single `i32.const`, else undefined. */
function constOffset(expr: ConstExpr): number | undefined {
  const ins = expr.length === 1 ? expr[0]! : undefined;
  return ins?.op.name === 'i32.const' ? Number(ins.value) | 0 : undefined;
}

/**
 * Step 4: the active data segments, in module order. Go modules have tens of thousands; two
 * calls each made the init function the module's largest by far, so the constant-offset ones
 * are listed in one table and each run of them (between segments whose offset needs code) is
 * applied by one call:
 *
 *   @m_active_data = private unnamed_addr constant [24 x i8] c"\00\00\00\00…", align 4  ; 6 × u32 LE: 0, 0, 1024, 0, 2, 4096
 *   call void @awsm_data_apply(ptr %ctx, ptr @m_active_data, i32 2)  ; {memidx, dataidx, offset} × 2
 *   call void @awsm_memory_init(ptr %ctx, i32 0, i32 3, i32 %g, i32 0, i32 len, i32 -1)
 *   call void @awsm_data_drop(ptr %ctx, i32 3)
 *   call void @awsm_data_apply(ptr %ctx, ptr getelementptr (i32, ptr @m_active_data, i64 6), i32 1)
 */
function applyDatas(cx: ModuleContext, f: FunctionBuilder, ctx: Value): void {
  const table = `@${cx.name}_active_data`;
  const entries: number[] = [];
  let runStart = 0;
  const call = (sym: string, args: Value[]): void => void callRuntime(cx, f, ctx, sym, 'void', args);
  const flush = (): void => {
    if (entries.length === runStart) return;
    const at: Value = { ty: 'ptr', ref: runStart === 0 ? table : `getelementptr (i32, ptr ${table}, i64 ${runStart})` };
    call('@awsm_data_apply', [at, i32((entries.length - runStart) / 3)]);
    runStart = entries.length;
  };
  cx.m.datas.forEach((seg, k) => {
    if (seg.mode.kind !== 'active') return;
    const c = constOffset(seg.mode.offset);
    if (c !== undefined) return void entries.push(seg.mode.memidx, k, c);
    flush();
    const offset = emitConstExpr(cx, f, ctx, seg.mode.offset);
    // A 64-bit memory's offset is an i64 (memory64): the helper's 64-bit variant.
    const init = offset.ty === 'i64' ? '@awsm_memory_init64' : '@awsm_memory_init';
    call(init, [i32(seg.mode.memidx), i32(k), offset, i32(0), i32(seg.init.length), i32(NO_FUNC)]);
    call('@awsm_data_drop', [i32(k)]);
  });
  flush();
  if (entries.length === 0) return;
  // As bytes (little-endian, as every target awsm compiles for): one string for clang to
  // read instead of an i32 constant per field (go-utf8: 163,914 of them).
  const bytes = new Uint8Array(entries.length * 4);
  const view = new DataView(bytes.buffer);
  entries.forEach((e, i) => view.setUint32(4 * i, e >>> 0, true));
  cx.mb.global(`${table} = private unnamed_addr constant [${bytes.length} x i8] c"${escapeBytes(bytes)}", align 4`);
}

/**
 *   define internal void @m_init(ptr %ctx) #1 {
 *     store i32 42, ptr <ctx->globals[2]>, !tbaa !global           ; 1.
 *     call void @awsm_table_fill64(ptr %ctx, i32 t, i64 0, ptr <init>, i64 min, i32 -1) ; 1b.
 *     %items = load ptr, ptr <ctx->elems + 16*k>                    ; 2.
 *     store ptr <ctx->funcs[3]>, ptr <items + 8*j>
 *     call void @awsm_table_init(ptr %ctx, i32 0, i32 k, i32 <offset>, i32 0, i32 n, i32 -1)
 *     call void @awsm_elem_drop(ptr %ctx, i32 k)                    ; 3.
 *     call void @awsm_data_apply(ptr %ctx, ptr @m_active_data, i32 n) ; 4.
 *     ret void
 *   }
 */
export function emitInit(cx: ModuleContext): FunctionBuilder {
  const m = cx.m;
  const f = new FunctionBuilder(`@${cx.name}_init`, 'void', [
    { ty: 'ptr', name: 'ctx', attrs: cx.abi.ctxParamAttrs },
  ]);
  f.linkage = 'internal';
  f.attrs = 'nounwind';
  const ctx = f.param(0);
  const call = (sym: string, args: Value[]): void => void callRuntime(cx, f, ctx, sym, 'void', args);

  const numImportedGlobals = cx.globals.length - m.globals.length;
  m.globals.forEach((g, i) => {
    const v = emitConstExpr(cx, f, ctx, g.init);
    f.store(v, globalCell(cx, f, ctx, numImportedGlobals + i), { md: `!tbaa ${cx.tbaa.global}`, align: cellAlign(g.type.type) });
  });

  const numImportedTables = cx.m.imports.filter((imp) => imp.desc.kind === 'table').length;
  m.tables.forEach((table, i) => {
    if (table.init === undefined) return;
    const v = emitConstExpr(cx, f, ctx, table.init);
    call('@awsm_table_fill64', [i32(numImportedTables + i), i64(0), v, i64(table.limits.min), i32(NO_FUNC)]);
  });

  m.elems.forEach((seg, k) => {
    if (seg.init.length === 0) return;
    const segPtr = fieldPtr(f, elemSegs(cx, f, ctx), cx.abi.elemSegSize * k + cx.abi.elemSeg.items);
    const items = f.load('ptr', segPtr, { md: `!tbaa ${cx.tbaa.ctx}` });
    if (seg.init.length >= LOOP_MIN_ITEMS && seg.init.every((e) => e.length === 1 && e[0]!.op.name === 'ref.func')) {
      return funcRefLoop(cx, f, ctx, items, seg.init.map((e) => e[0]!.idx!), k);
    }
    seg.init.forEach((item, j) => {
      const v = emitConstExpr(cx, f, ctx, item);
      f.store(v, j === 0 ? items : f.gep('ptr', items, [i64(j)]), { md: `!tbaa ${cx.tbaa.table}` });
    });
  });

  m.elems.forEach((seg, k) => {
    if (seg.mode.kind === 'active') {
      // A 64-bit table's offset is an i64: the u64 helper, with the source and count widened.
      const offset = emitConstExpr(cx, f, ctx, seg.mode.offset);
      const [sym, n] = offset.ty === 'i64' ? ['@awsm_table_init64', i64] as const : ['@awsm_table_init', i32] as const;
      call(sym, [i32(seg.mode.tableidx), i32(k), offset, n(0), n(seg.init.length), i32(NO_FUNC)]);
    }
    if (seg.mode.kind !== 'passive') call('@awsm_elem_drop', [i32(k)]);
  });

  applyDatas(cx, f, ctx);
  f.ret();
  return f;
}
