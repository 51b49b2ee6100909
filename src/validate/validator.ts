/**
 * Module validation (spec chapter 3, "Validation"): Wasm 2.0 and the part-1 features of
 * Wasm 3.0 (issue 15).
 *
 * Checks the module-level rules — the type section (typesec.ts), type indices, limits and page sizes, constant
 * expressions and their types, exports, the start function, element and data segments — and
 * hands each function body to func.ts. Only called on decoded modules: malformed bytes are the
 * decoder's business. Every failure is a ValidationError with the spec's wording.
 */
import { opByName } from '../binary/opcodes.js';
import {
  funcType,
  globalTypes,
  memTypes,
  tableTypes,
  type ConstExpr,
  type FuncType,
  type Limits,
  type MemType,
  type Module,
  type TableType,
  type ValType,
} from '../binary/module.js';
import { checkValType, invalid, type Context } from './context.js';
import { validateFunc } from './func.js';
import { defaultable, matches } from './subtype.js';
import { isRef, refType } from '../binary/types.js';
import { CONST_GC, validateGc, type GcOps } from './gc.js';
import { tagContext } from './exceptions.js';
import { checkTypeSection } from './typesec.js';
import { checkSharedMemType } from './atomic.js';


const OP_REF_NULL = opByName('ref.null');
const OP_REF_FUNC = opByName('ref.func');
const OP_GLOBAL_GET = opByName('global.get');
/** The arithmetic of extended constant expressions (Wasm 3.0). */
const EXTENDED_CONST = new Set(['i32.add', 'i32.sub', 'i32.mul', 'i64.add', 'i64.sub', 'i64.mul'].map(opByName));

/** Validate a decoded module. Throws ValidationError if it is invalid. */
export function validateModule(m: Module): void {
  checkTypeSection(m.types);
  const ctx = buildContext(m);

  for (const imp of m.imports) {
    if (imp.desc.kind === 'table') checkTableType(ctx, imp.desc.table, true);
    else if (imp.desc.kind === 'memory') checkMemType(imp.desc.mem);
    else if (imp.desc.kind === 'global') checkValType(ctx, imp.desc.global.type);
  }
  // A table's initialiser sees the imported globals only (tables precede globals).
  for (const t of m.tables) {
    checkTableType(ctx, t, false);
    if (t.init !== undefined) checkConstExpr(ctx, t.init, t.elemType, ctx.importedGlobals);
  }
  for (const mem of m.mems) checkMemType(mem);

  // A global's initialiser sees the imported globals and the globals defined before it.
  m.globals.forEach((g, i) => {
    checkValType(ctx, g.type.type);
    checkConstExpr(ctx, g.init, g.type.type, ctx.importedGlobals + i);
  });

  const names = new Set<string>();
  for (const ex of m.exports) {
    if (names.has(ex.name)) invalid(`duplicate export name "${ex.name}"`);
    names.add(ex.name);
    const space =
      ex.kind === 'func' ? ctx.funcs : ex.kind === 'table' ? ctx.tables : ex.kind === 'memory' ? ctx.mems : ex.kind === 'tag' ? ctx.tags : ctx.globals;
    if (ex.index >= space.length) invalid(`unknown ${ex.kind === 'func' ? 'function' : ex.kind} ${ex.index}`);
  }

  if (m.start !== undefined) {
    const t = ctx.funcs[m.start];
    if (t === undefined) invalid(`unknown function ${m.start}`);
    if (t.params.length !== 0 || t.results.length !== 0) invalid('start function must have type [] -> []');
  }

  for (const e of m.elems) {
    if (e.mode.kind === 'active') {
      const table = ctx.tables[e.mode.tableidx];
      if (table === undefined) invalid(`unknown table ${e.mode.tableidx}`);
      if (!matches(ctx.types, e.type, table.elemType)) invalid('type mismatch: element segment type does not match the table type');
      checkConstExpr(ctx, e.mode.offset, table.addrType);
    }
    checkValType(ctx, e.type);
    for (const item of e.init) checkConstExpr(ctx, item, e.type);
  }

  for (const d of m.datas) {
    if (d.mode.kind === 'active') {
      const mem = ctx.mems[d.mode.memidx];
      if (mem === undefined) invalid(`unknown memory ${d.mode.memidx}`);
      checkConstExpr(ctx, d.mode.offset, mem.addrType);
    }
  }

  const imported = ctx.funcs.length - m.funcs.length;
  for (let i = 0; i < m.funcs.length; i++) validateFunc(ctx, imported + i, m.funcs[i]!);
}

/** The context C, after checking the type indices that its function index space relies on. */
function buildContext(m: Module): Context {
  const funcs: FuncType[] = [];
  const funcTypeIdx: number[] = [];
  const typeOf = (typeidx: number, pos?: number): FuncType => {
    const t = funcType(m, typeidx);
    if (t === undefined) invalid(m.types[typeidx] === undefined ? `unknown type ${typeidx}` : `type mismatch: type ${typeidx} is not a function type`, pos);
    funcTypeIdx.push(typeidx);
    return t;
  };
  for (const imp of m.imports) if (imp.desc.kind === 'func') funcs.push(typeOf(imp.desc.typeidx));
  for (const f of m.funcs) funcs.push(typeOf(f.typeidx, f.pos));
  const globals = globalTypes(m);
  const ctx: Context = {
    module: m,
    types: m.types,
    funcs,
    funcTypeIdx,
    tables: tableTypes(m),
    mems: memTypes(m),
    globals,
    importedGlobals: globals.length - m.globals.length,
    tags: tagContext(m),
    elems: m.elems.map((e) => e.type),
    datas: m.datas.length,
    refs: new Uint8Array(funcs.length),
  };
  // C.refs: functions referenced anywhere outside function bodies (and the start section).
  const mark = (expr: ConstExpr): void => {
    for (const ins of expr) {
      if (ins.op === OP_REF_FUNC && ins.idx !== undefined && ins.idx < funcs.length) ctx.refs[ins.idx] = 1;
    }
  };
  for (const g of m.globals) mark(g.init);
  for (const t of m.tables) if (t.init !== undefined) mark(t.init);
  for (const e of m.elems) {
    if (e.mode.kind === 'active') mark(e.mode.offset);
    e.init.forEach(mark);
  }
  for (const d of m.datas) if (d.mode.kind === 'active') mark(d.mode.offset);
  for (const ex of m.exports) if (ex.kind === 'func' && ex.index < funcs.length) ctx.refs[ex.index] = 1;
  return ctx;
}

/**
 * Table sizes are u32 (u64 for table64; the binary format already bounds those). A defined
 * table of a non-nullable element type needs an initialiser: it has no null to start with.
 */
function checkTableType(ctx: Context, t: TableType, imported: boolean): void {
  checkValType(ctx, t.elemType);
  if (!imported && t.init === undefined && !defaultable(t.elemType)) invalid('type mismatch: a table of a non-nullable type needs an initialiser');
  const l = t.limits;
  if (t.addrType === 'i32' && (l.min > 0xffffffff || (l.max !== undefined && l.max > 0xffffffff))) {
    invalid('table size must be at most 2^32-1');
  }
  checkMinMax(l);
}

function checkMinMax(l: Limits): void {
  if (l.max !== undefined && (l.min > l.max || l.minAboveMax)) invalid('size minimum must not be greater than maximum');
}

/**
 * A memory spans at most 2^32 bytes (2^64 with memory64): 65536 pages of 64 KiB, 2^48 with
 * memory64; with custom page sizes (1-byte pages) 2^32-1 or 2^64-1 pages. Only page sizes 1
 * and 65536 are valid.
 */
function checkMemType(mem: MemType): void {
  const l = mem.limits;
  if (mem.pageSizeLog2 !== 0 && mem.pageSizeLog2 !== 16) invalid('invalid custom page size');
  // The page count must also fit the address type (memory.size returns it): 2^32-1 byte pages.
  const bits = mem.addrType === 'i64' ? 64 : 32;
  const maxPages = Math.min(2 ** (bits - mem.pageSizeLog2), 2 ** bits - 1);
  if (l.min > maxPages || (l.max !== undefined && l.max > maxPages)) {
    invalid(maxPages === 65536 ? 'memory size must be at most 65536 pages (4GiB)' : `memory size must be at most ${maxPages} pages`);
  }
  checkMinMax(l);
  checkSharedMemType(mem);
}

/** gc.ts's operations on a constant expression's stack (no labels, nothing unknown). */
function constGcOps(ctx: Context, stack: ValType[], pos: number): GcOps {
  const fail = (message: string): never => invalid(message, pos);
  const popExpect = (t: ValType): void => {
    const v = stack.pop();
    if (v === undefined || !matches(ctx.types, v, t)) fail('type mismatch');
  };
  return {
    types: ctx.types,
    elems: ctx.elems,
    datas: ctx.datas,
    fail,
    popExpect,
    popRef: () => {
      const v = stack.pop();
      if (v === undefined || !isRef(v)) return fail('type mismatch');
      return v;
    },
    push: (t) => void stack.push(t === 'botref' ? 'nullref' : t),
    popAll: (ts) => {
      for (let i = ts.length - 1; i >= 0; i--) popExpect(ts[i] as ValType);
    },
    pushAll: (ts) => void stack.push(...ts),
    labelTypes: () => fail('constant expression required'),
    checkValType: (t) => checkValType(ctx, t, pos),
  };
}

/**
 * A constant expression must consist of constant instructions — `t.const`, `ref.null`,
 * `ref.func`, `global.get` of an immutable global among the first `visible` globals,
 * (extended constant expressions, Wasm 3.0) `i32/i64.add/sub/mul`, and (GC) the allocating
 * and converting instructions of gc.ts's CONST_GC — and produce exactly one
 * value of type `expected`. Outside global initialisers every global is visible.
 */
function checkConstExpr(ctx: Context, expr: ConstExpr, expected: ValType, visible = ctx.globals.length): void {
  const stack: ValType[] = [];
  let gc: GcOps | undefined;
  for (const ins of expr) {
    const op = ins.op;
    if (CONST_GC.has(op.name)) {
      validateGc((gc ??= constGcOps(ctx, stack, ins.pos)), ins);
    } else if (EXTENDED_CONST.has(op)) {
      const t = op.sig!.results[0]!;
      if (stack.pop() !== t || stack.pop() !== t) invalid('type mismatch', ins.pos);
      stack.push(t);
    } else if (op.imm === 'i32' || op.imm === 'i64' || op.imm === 'f32' || op.imm === 'f64' || op.imm === 'v128') {
      stack.push(op.sig?.results[0] ?? (op.imm === 'v128' ? 'v128' : op.imm));
    } else if (op === OP_REF_NULL) {
      const t = ins.refType ?? 'funcref';
      checkValType(ctx, t, ins.pos);
      stack.push(t);
    } else if (op === OP_REF_FUNC) {
      if (ins.idx === undefined || ins.idx >= ctx.funcs.length) invalid(`unknown function ${ins.idx}`, ins.pos);
      stack.push(refType(false, ctx.funcTypeIdx[ins.idx] as number));
    } else if (op === OP_GLOBAL_GET) {
      const g = ins.idx === undefined || ins.idx >= visible ? undefined : ctx.globals[ins.idx];
      if (g === undefined) invalid(`unknown global ${ins.idx}`, ins.pos);
      if (g.mutable) invalid('constant expression required: global.get of a mutable global', ins.pos);
      stack.push(g.type);
    } else {
      invalid(`constant expression required: ${op.name} is not constant`, ins.pos);
    }
  }
  if (stack.length !== 1 || !matches(ctx.types, stack[0] as ValType, expected)) {
    invalid(`type mismatch: constant expression must produce one ${expected}`, expr[0]?.pos);
  }
}
