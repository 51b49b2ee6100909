/**
 * Validation of function bodies: the spec's validation algorithm (appendix A.3), with an
 * operand stack whose entries may be `unknown` (the polymorphic stack after `unreachable`,
 * `br`, `return`, …) and a stack of control frames (start types, end types, operand stack
 * height at entry, unreachable flag).
 *
 * Instructions with a fixed signature in the opcode table are checked generically; the others
 * (control, parametric, variable, table, reference instructions, and the index and alignment
 * side conditions of memory instructions) by hand, dispatched through a per-row handler code
 * computed once from the table.
 */
import { OPCODES, type OpInfo } from '../binary/opcodes.js';
import { funcTypeAt, type AddrType, type BlockType, type Func, type FuncType, type Instr, type MemType, type RefType, type TableType, type ValType } from '../binary/module.js';
import { isRef, refType } from '../binary/types.js';
import { checkValType, invalid, type Context } from './context.js';
import { allMatch, defaultable, matches, nonNull } from './subtype.js';
import { validateException, type ExceptionOps, type LegacyKind } from './exceptions.js';
import { validateGc, type GcOps } from './gc.js';
import { GC } from '../binary/unsupported.js';
import { atomicAlignError } from './atomic.js';

/**
 * An operand: a value type, `unknown` (any type: popped from the polymorphic stack of
 * unreachable code) or `botref` (a reference of the bottom heap type, as ref.as_non_null and
 * br_on_null leave of an unknown operand: it matches every reference type and nothing else).
 */
type Operand = ValType | 'unknown' | 'botref';
const UNKNOWN = 'unknown';
const BOTREF = 'botref';

// Kinds of control frames; `loop` is the one whose label takes the start types.
const K_BLOCK = 0;
const K_LOOP = 1;
const K_IF = 2;
const K_ELSE = 3;
const K_FUNC = 4;
// Legacy exceptions (exceptions.ts): a try's body, a catch arm, a catch_all arm.
const K_TRY = 5;
const K_CATCH = 6;
const K_CATCH_ALL = 7;
const LEGACY_KINDS: Record<LegacyKind, number> = { try: K_TRY, catch: K_CATCH, catch_all: K_CATCH_ALL };

function legacyKind(kind: number): LegacyKind | 'other' {
  return kind === K_TRY ? 'try' : kind === K_CATCH ? 'catch' : kind === K_CATCH_ALL ? 'catch_all' : 'other';
}

interface Frame {
  kind: number;
  start: ValType[];
  end: ValType[];
  height: number;
  unreachable: boolean;
  /** Height of the initialised-locals stack at entry: the locals set inside are unset at its end. */
  inits: number;
}

// Handler codes: how each opcode-table row is checked.
const enum H {
  Generic, Unsupported,
  Unreachable, Nop, Block, Loop, If, Else, End, Br, BrIf, BrTable, Return, Call, CallIndirect,
  Drop, Select, SelectT, LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet,
  TableGet, TableSet, TableSize, TableGrow, TableFill, TableCopy, TableInit, ElemDrop,
  MemoryInit, DataDrop, RefNull, RefIsNull, RefFunc,
  MemorySize, MemoryGrow, MemoryFill, MemoryCopy, ReturnCall, ReturnCallIndirect,
  CallRef, ReturnCallRef, RefAsNonNull, BrOnNull, BrOnNonNull, Exception, Gc,
}

const BY_NAME: Record<string, H> = {
  unreachable: H.Unreachable, nop: H.Nop, block: H.Block, loop: H.Loop, if: H.If, else: H.Else,
  end: H.End, br: H.Br, br_if: H.BrIf, br_table: H.BrTable, return: H.Return, call: H.Call,
  call_indirect: H.CallIndirect, drop: H.Drop, 'local.get': H.LocalGet, 'local.set': H.LocalSet,
  'local.tee': H.LocalTee, 'global.get': H.GlobalGet, 'global.set': H.GlobalSet,
  'table.get': H.TableGet, 'table.set': H.TableSet, 'table.size': H.TableSize,
  'table.grow': H.TableGrow, 'table.fill': H.TableFill, 'table.copy': H.TableCopy,
  'table.init': H.TableInit, 'elem.drop': H.ElemDrop, 'memory.init': H.MemoryInit,
  'data.drop': H.DataDrop, 'ref.null': H.RefNull, 'ref.is_null': H.RefIsNull,
  'ref.func': H.RefFunc, 'memory.size': H.MemorySize, 'memory.grow': H.MemoryGrow,
  'memory.fill': H.MemoryFill, 'memory.copy': H.MemoryCopy, return_call: H.ReturnCall,
  return_call_indirect: H.ReturnCallIndirect, call_ref: H.CallRef, return_call_ref: H.ReturnCallRef,
  'ref.as_non_null': H.RefAsNonNull, br_on_null: H.BrOnNull, br_on_non_null: H.BrOnNonNull,
};

const HANDLER = new Map<OpInfo, H>();
for (const row of OPCODES) {
  let h = BY_NAME[row.name];
  if (row.name === 'select') h = row.imm === 'select_t' ? H.SelectT : H.Select;
  if (row.family === 'exception') h = H.Exception;
  if (row.feature === GC) h = H.Gc;
  HANDLER.set(row, h ?? (row.sig !== undefined ? H.Generic : H.Unsupported));
}

const EMPTY: ValType[] = [];
const SINGLE = new Map<ValType, ValType[]>();
function one(t: ValType): ValType[] {
  let a = SINGLE.get(t);
  if (a === undefined) SINGLE.set(t, (a = [t]));
  return a;
}

/** Whether an operand is (or may be, `unknown` aside) a reference. */
function isRefOperand(t: Operand): boolean {
  return t === BOTREF || isRef(t);
}

/** Validate the body of `f`, function `funcidx` of the module, in context `ctx`. */
export function validateFunc(ctx: Context, funcidx: number, f: Func): void {
  new FuncValidator(ctx, funcidx, f).run();
}

class FuncValidator {
  private readonly vals: Operand[] = [];
  private readonly ctrls: Frame[] = [];
  private readonly scratch: Operand[] = [];
  private readonly locals: ValType[];
  /**
   * 1 for each local known to be set (local_init.wast): parameters and locals of defaultable
   * types always are; a non-nullable local from its first `local.set`/`local.tee` to the end
   * of the enclosing block.
   */
  private readonly set: Uint8Array;
  /** The non-defaultable locals set so far, innermost block last (undone at each `end`). */
  private readonly inits: number[] = [];
  private readonly type: FuncType;
  /** Offset of the instruction being checked, for messages. */
  private pos: number;

  constructor(
    private readonly ctx: Context,
    private readonly funcidx: number,
    private readonly func: Func,
  ) {
    this.type = ctx.funcs[funcidx] as FuncType;
    this.locals = this.type.params.concat(func.locals);
    this.pos = func.pos;
    this.set = new Uint8Array(this.locals.length);
    const params = this.type.params.length;
    for (let i = 0; i < this.locals.length; i++) {
      const t = this.locals[i] as ValType;
      if (i >= params) checkValType(ctx, t, func.pos, funcidx);
      if (i < params || defaultable(t)) this.set[i] = 1;
    }
  }

  private fail(message: string): never {
    return invalid(message, this.pos, this.funcidx);
  }

  // ---- the spec's stack operations --------------------------------------------------------

  private push(t: Operand): void {
    this.vals.push(t);
  }

  private pushAll(ts: readonly ValType[]): void {
    for (let i = 0; i < ts.length; i++) this.vals.push(ts[i] as ValType);
  }

  private pop(): Operand {
    const frame = this.ctrls[this.ctrls.length - 1] as Frame;
    if (this.vals.length === frame.height) {
      if (frame.unreachable) return UNKNOWN;
      this.fail('type mismatch');
    }
    return this.vals.pop() as Operand;
  }

  private popExpect(expect: Operand): Operand {
    const actual = this.pop();
    if (actual !== expect && actual !== UNKNOWN && expect !== UNKNOWN && !this.matches(actual, expect)) {
      this.fail('type mismatch');
    }
    return actual;
  }

  /** Whether operand `a` matches the expected `b` (neither `unknown`). */
  private matches(a: Operand, b: Operand): boolean {
    if (a === BOTREF) return b === BOTREF || isRef(b);
    return b !== BOTREF && b !== UNKNOWN && a !== UNKNOWN && matches(this.ctx.types, a, b);
  }

  /** Pop a reference operand: its type, or `unknown` from a polymorphic stack. */
  private popRef(): RefType | 'unknown' | 'botref' {
    const t = this.pop();
    if (t !== UNKNOWN && !isRefOperand(t)) this.fail('type mismatch');
    return t as RefType | 'unknown' | 'botref';
  }

  private popAll(ts: readonly ValType[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.popExpect(ts[i] as ValType);
  }

  private pushCtrl(kind: number, start: ValType[], end: ValType[]): void {
    this.ctrls.push({ kind, start, end, height: this.vals.length, unreachable: false, inits: this.inits.length });
    this.pushAll(start);
  }

  private popCtrl(): Frame {
    const frame = this.ctrls[this.ctrls.length - 1];
    if (frame === undefined) this.fail('unexpected instruction after the end of the function');
    this.popAll(frame.end);
    if (this.vals.length !== frame.height) this.fail('type mismatch');
    this.ctrls.pop();
    // Locals set inside the block are unset again after it.
    while (this.inits.length > frame.inits) this.set[this.inits.pop() as number] = 0;
    return frame;
  }

  private labelTypes(frame: Frame): ValType[] {
    return frame.kind === K_LOOP ? frame.start : frame.end;
  }

  /** The frame targeted by label `l`, or "unknown label". */
  private label(l: number | undefined): Frame {
    const n = this.ctrls.length;
    if (l === undefined || l >= n) this.fail(`unknown label ${l}`);
    return this.ctrls[n - 1 - l] as Frame;
  }

  /**
   * A tail call (return_call, return_call_indirect) of type `t`: the callee's results become
   * the caller's, so they must be the same types; its arguments are popped, and the rest of
   * the block is unreachable, as after `return`.
   */
  private tailCall(t: FuncType): void {
    if (!allMatch(this.ctx.types, t.results, this.type.results)) this.fail('type mismatch');
    this.popAll(t.params);
    this.setUnreachable();
  }

  private setUnreachable(): void {
    const frame = this.ctrls[this.ctrls.length - 1] as Frame;
    this.vals.length = frame.height;
    frame.unreachable = true;
  }

  /** The stack operations exceptions.ts needs. */
  private exceptionOps(): ExceptionOps {
    return {
      tags: this.ctx.tags,
      types: this.ctx.types,
      fail: (message) => this.fail(message),
      popExpect: (t) => void this.popExpect(t),
      popAll: (ts) => this.popAll(ts),
      setUnreachable: () => this.setUnreachable(),
      labelTypes: (l) => this.labelTypes(this.label(l)),
      blockSig: (ins) => this.blockSig(ins.blockType),
      openBlock: (sig) => {
        this.popAll(sig.params);
        this.pushCtrl(K_BLOCK, sig.params, sig.results);
      },
      openLegacy: (kind, start, end) => this.pushCtrl(LEGACY_KINDS[kind], start, end),
      closeFrame: () => {
        const frame = this.popCtrl();
        return { kind: legacyKind(frame.kind), end: frame.end };
      },
      labelKind: (l) => legacyKind(this.label(l).kind),
      pushAll: (ts) => this.pushAll(ts),
    };
  }

  /** The stack operations gc.ts needs (made on the first GC instruction). */
  private gcOps: GcOps | undefined;

  private makeGcOps(): GcOps {
    return {
      types: this.ctx.types,
      elems: this.ctx.elems,
      datas: this.ctx.datas,
      fail: (message) => this.fail(message),
      popExpect: (t) => void this.popExpect(t),
      popRef: () => this.popRef(),
      push: (t) => this.push(t),
      popAll: (ts) => this.popAll(ts),
      pushAll: (ts) => this.pushAll(ts),
      labelTypes: (l) => this.labelTypes(this.label(l)),
      checkValType: (t) => checkValType(this.ctx, t, this.pos, this.funcidx),
    };
  }

  // ---- index-space lookups ------------------------------------------------------------------

  private blockSig(bt: BlockType | undefined): FuncType {
    if (bt === undefined || bt.kind === 'empty') return { params: EMPTY, results: EMPTY };
    if (bt.kind === 'value') {
      checkValType(this.ctx, bt.type, this.pos, this.funcidx);
      return { params: EMPTY, results: one(bt.type) };
    }
    return this.typeAt(bt.typeidx);
  }

  private table(x: number | undefined): ValType {
    return this.tableType(x).elemType;
  }

  private tableType(x: number | undefined): TableType {
    const t = x === undefined ? undefined : this.ctx.tables[x];
    if (t === undefined) this.fail(`unknown table ${x}`);
    return t;
  }

  private elem(x: number | undefined): ValType {
    const t = x === undefined ? undefined : this.ctx.elems[x];
    if (t === undefined) this.fail(`unknown elem segment ${x}`);
    return t;
  }

  private memory(x: number | undefined): MemType {
    const m = x === undefined ? undefined : this.ctx.mems[x];
    if (m === undefined) this.fail(`unknown memory ${x ?? 0}`);
    return m;
  }

  /** The address type of memory x. */
  private memAddr(x: number | undefined): AddrType {
    return this.memory(x).addrType;
  }

  private data(x: number | undefined): void {
    if (x === undefined || x >= this.ctx.datas) this.fail(`unknown data segment ${x}`);
  }

  private local(x: number | undefined): ValType {
    const t = x === undefined ? undefined : this.locals[x];
    if (t === undefined) this.fail(`unknown local ${x}`);
    return t;
  }

  /** Local x is set from here to the end of the enclosing block. */
  private setLocal(x: number): void {
    if (this.set[x] === 1) return;
    this.set[x] = 1;
    this.inits.push(x);
  }

  /** The function type at type index x ("unknown type", or a mismatch if not a function type). */
  private typeAt(x: number | undefined): FuncType {
    const t = x === undefined ? undefined : funcTypeAt(this.ctx.types, x);
    if (t === undefined) this.fail(x === undefined || this.ctx.types[x] === undefined ? `unknown type ${x}` : `type mismatch: type ${x} is not a function type`);
    return t;
  }

  private funcType(x: number | undefined): FuncType {
    const t = x === undefined ? undefined : this.ctx.funcs[x];
    if (t === undefined) this.fail(`unknown function ${x}`);
    return t;
  }

  // ---- the algorithm ------------------------------------------------------------------------

  run(): void {
    this.pushCtrl(K_FUNC, EMPTY, this.type.results);
    // The function's own frame has no start types: parameters are locals, not operands.
    const body = this.func.body;
    for (let i = 0; i < body.length; i++) {
      const ins = body[i] as Instr;
      this.pos = ins.pos;
      if (this.ctrls.length === 0) this.fail('unexpected instruction after the end of the function');
      this.instr(ins);
    }
    if (this.ctrls.length !== 0) this.fail('END opcode expected');
  }

  private instr(ins: Instr): void {
    const op = ins.op;
    // Memory accesses: a memory must exist and the alignment must not exceed the access size.
    let sig = op.sig;
    if (op.memBytes !== undefined) {
      const memarg = ins.memarg;
      const mem = this.memory(memarg?.memidx ?? 0);
      const align = memarg?.align ?? 0;
      if (align >= 32 || 2 ** align > op.memBytes) this.fail('alignment must not be larger than natural');
      if (op.family === 'atomic') {
        const bad = atomicAlignError(ins);
        if (bad !== undefined) this.fail(bad);
      }
      if (mem.addrType === 'i32' && (memarg?.offset ?? 0) > 0xffffffff) this.fail('offset out of range');
      // The address operand (the first) has the memory's address type.
      if (mem.addrType === 'i64') sig = withParams(sig as FuncType, ['i64', ...(sig as FuncType).params.slice(1)]);
    }
    // Lane immediates (SIMD) must name an existing lane.
    if (op.lanes !== undefined) {
      if (ins.lane !== undefined && ins.lane >= op.lanes) this.fail('invalid lane index');
      if (ins.bytes !== undefined && op.imm === 'shuffle') {
        for (const l of ins.bytes) if (l >= op.lanes) this.fail('invalid lane index');
      }
    }
    const h = HANDLER.get(op) ?? H.Unsupported;
    switch (h) {
      case H.Generic: {
        const t = sig as FuncType;
        this.popAll(t.params);
        this.pushAll(t.results);
        return;
      }
      case H.MemorySize: {
        this.push(this.memAddr(ins.idx));
        return;
      }
      case H.MemoryGrow: {
        const at = this.memAddr(ins.idx);
        this.popExpect(at);
        this.push(at);
        return;
      }
      case H.MemoryFill: {
        const at = this.memAddr(ins.idx);
        this.popExpect(at);
        this.popExpect('i32');
        this.popExpect(at);
        return;
      }
      case H.MemoryCopy: {
        // idx = destination, idx2 = source; the length has the narrower address type.
        const dst = this.memAddr(ins.idx);
        const src = this.memAddr(ins.idx2);
        this.popExpect(dst === 'i32' || src === 'i32' ? 'i32' : 'i64');
        this.popExpect(src);
        this.popExpect(dst);
        return;
      }
      case H.Unsupported:
        return this.fail(`unsupported instruction ${op.name}`);
      case H.Exception:
        return validateException(this.exceptionOps(), ins);
      case H.Gc:
        return validateGc(this.gcOps ??= this.makeGcOps(), ins);

      case H.Unreachable:
        return this.setUnreachable();
      case H.Nop:
        return;
      case H.Block:
      case H.Loop:
      case H.If: {
        const sig = this.blockSig(ins.blockType);
        if (h === H.If) this.popExpect('i32');
        this.popAll(sig.params);
        this.pushCtrl(h === H.Block ? K_BLOCK : h === H.Loop ? K_LOOP : K_IF, sig.params, sig.results);
        return;
      }
      case H.Else: {
        const frame = this.popCtrl();
        if (frame.kind !== K_IF) this.fail('else without if');
        this.pushCtrl(K_ELSE, frame.start, frame.end);
        return;
      }
      case H.End: {
        const frame = this.popCtrl();
        // An `if` without `else` has an implicit empty else arm, which maps start to end types.
        if (frame.kind === K_IF && !allMatch(this.ctx.types, frame.start, frame.end)) this.fail('type mismatch');
        this.pushAll(frame.end);
        return;
      }
      case H.Br:
        this.popAll(this.labelTypes(this.label(ins.idx)));
        return this.setUnreachable();
      case H.BrIf: {
        const types = this.labelTypes(this.label(ins.idx));
        this.popExpect('i32');
        this.popAll(types);
        this.pushAll(types);
        return;
      }
      case H.BrTable: {
        this.popExpect('i32');
        const def = this.labelTypes(this.label(ins.idx));
        const arity = def.length;
        // Checking a label costs O(arity); labels with the same type array (one per type
        // index or value type) give the same answer, so each array is checked once. Without
        // this, a table of many labels to blocks with many results is quadratic in the
        // module's size (docs/security.md).
        let previous: ValType[] | undefined;
        const seen = (ins.labels?.length ?? 0) > 8 ? new Set<ValType[]>() : undefined;
        for (const l of ins.labels ?? EMPTY_LABELS) {
          const types = this.labelTypes(this.label(l));
          if (types === previous || seen?.has(types) === true) continue;
          previous = types;
          seen?.add(types);
          if (types.length !== arity) this.fail('type mismatch');
          // Pop and push back what was popped: checks the operands against each target
          // without consuming them (unknowns from a polymorphic stack included).
          const popped = this.scratch;
          popped.length = 0;
          for (let i = types.length - 1; i >= 0; i--) popped.push(this.popExpect(types[i] as ValType));
          for (let i = popped.length - 1; i >= 0; i--) this.vals.push(popped[i] as Operand);
        }
        this.popAll(def);
        return this.setUnreachable();
      }
      case H.Return:
        this.popAll((this.ctrls[0] as Frame).end);
        return this.setUnreachable();
      case H.Call: {
        const t = this.funcType(ins.idx);
        this.popAll(t.params);
        this.pushAll(t.results);
        return;
      }
      case H.CallIndirect:
      case H.ReturnCallIndirect: {
        const table = this.tableType(ins.idx2);
        if (!matches(this.ctx.types, table.elemType, 'funcref')) this.fail('type mismatch');
        const t = this.typeAt(ins.idx);
        this.popExpect(table.addrType);
        if (h === H.ReturnCallIndirect) return this.tailCall(t);
        this.popAll(t.params);
        this.pushAll(t.results);
        return;
      }
      case H.ReturnCall:
        return this.tailCall(this.funcType(ins.idx));
      case H.CallRef:
      case H.ReturnCallRef: {
        // The reference's type is the immediate's: no check at run time but null.
        const t = this.typeAt(ins.idx);
        this.popExpect(refType(true, ins.idx as number));
        if (h === H.ReturnCallRef) return this.tailCall(t);
        this.popAll(t.params);
        this.pushAll(t.results);
        return;
      }
      case H.BrOnNull: {
        const types = this.labelTypes(this.label(ins.idx));
        const rt = this.popRef();
        this.popAll(types);
        this.pushAll(types);
        this.push(rt === UNKNOWN || rt === BOTREF ? BOTREF : nonNull(rt));
        return;
      }
      case H.BrOnNonNull: {
        // The label takes the operands below the reference and the reference, not null.
        const types = this.labelTypes(this.label(ins.idx));
        const last = types[types.length - 1];
        if (last === undefined || !isRef(last)) this.fail('type mismatch');
        const rt = this.popRef();
        if (rt !== UNKNOWN && !this.matches(rt === BOTREF ? rt : nonNull(rt), last)) this.fail('type mismatch');
        const below = types.slice(0, -1);
        this.popAll(below);
        this.pushAll(below);
        return;
      }

      case H.Drop:
        this.pop();
        return;
      case H.Select: {
        this.popExpect('i32');
        const t1 = this.pop();
        const t2 = this.pop();
        // Untyped select only takes numeric or vector operands (reference types need select t).
        if (isRefOperand(t1) || isRefOperand(t2)) this.fail('type mismatch');
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) this.fail('type mismatch');
        this.push(t1 === UNKNOWN ? t2 : t1);
        return;
      }
      case H.SelectT: {
        const types = ins.types ?? EMPTY;
        if (types.length !== 1) this.fail('invalid result arity');
        const t = types[0] as ValType;
        checkValType(this.ctx, t, this.pos, this.funcidx);
        this.popExpect('i32');
        this.popExpect(t);
        this.popExpect(t);
        this.push(t);
        return;
      }

      case H.LocalGet: {
        const t = this.local(ins.idx);
        if (this.set[ins.idx as number] !== 1) this.fail('uninitialized local');
        this.push(t);
        return;
      }
      case H.LocalSet:
        this.popExpect(this.local(ins.idx));
        this.setLocal(ins.idx as number);
        return;
      case H.LocalTee: {
        const t = this.local(ins.idx);
        this.popExpect(t);
        this.setLocal(ins.idx as number);
        this.push(t);
        return;
      }
      case H.GlobalGet:
      case H.GlobalSet: {
        const g = ins.idx === undefined ? undefined : this.ctx.globals[ins.idx];
        if (g === undefined) this.fail(`unknown global ${ins.idx}`);
        if (h === H.GlobalGet) this.push(g.type);
        else {
          if (!g.mutable) this.fail('global is immutable');
          this.popExpect(g.type);
        }
        return;
      }

      // Indices and sizes have the table's address type (i64 for table64).
      case H.TableGet: {
        const t = this.tableType(ins.idx);
        this.popExpect(t.addrType);
        this.push(t.elemType);
        return;
      }
      case H.TableSet: {
        const t = this.tableType(ins.idx);
        this.popExpect(t.elemType);
        this.popExpect(t.addrType);
        return;
      }
      case H.TableSize:
        this.push(this.tableType(ins.idx).addrType);
        return;
      case H.TableGrow: {
        const t = this.tableType(ins.idx);
        this.popExpect(t.addrType);
        this.popExpect(t.elemType);
        this.push(t.addrType);
        return;
      }
      case H.TableFill: {
        const t = this.tableType(ins.idx);
        this.popExpect(t.addrType);
        this.popExpect(t.elemType);
        this.popExpect(t.addrType);
        return;
      }
      case H.TableCopy: {
        // idx = destination table, idx2 = source table; the length has the narrower type.
        const dst = this.tableType(ins.idx);
        const src = this.tableType(ins.idx2);
        if (!matches(this.ctx.types, src.elemType, dst.elemType)) this.fail('type mismatch');
        this.popExpect(dst.addrType === 'i32' || src.addrType === 'i32' ? 'i32' : 'i64');
        this.popExpect(src.addrType);
        this.popExpect(dst.addrType);
        return;
      }
      case H.TableInit: {
        // idx = element segment, idx2 = table.
        const t = this.tableType(ins.idx2);
        if (!matches(this.ctx.types, this.elem(ins.idx), t.elemType)) this.fail('type mismatch');
        this.popExpect('i32');
        this.popExpect('i32');
        this.popExpect(t.addrType);
        return;
      }
      case H.ElemDrop:
        this.elem(ins.idx);
        return;

      case H.MemoryInit: {
        // idx = data segment, idx2 = memory.
        const at = this.memAddr(ins.idx2);
        this.data(ins.idx);
        this.popExpect('i32');
        this.popExpect('i32');
        this.popExpect(at);
        return;
      }
      case H.DataDrop:
        this.data(ins.idx);
        return;

      case H.RefNull: {
        const t = ins.refType ?? 'funcref';
        checkValType(this.ctx, t, this.pos, this.funcidx);
        this.push(t);
        return;
      }
      case H.RefIsNull:
        this.popRef();
        this.push('i32');
        return;
      case H.RefAsNonNull: {
        const rt = this.popRef();
        this.push(rt === UNKNOWN || rt === BOTREF ? BOTREF : nonNull(rt));
        return;
      }
      case H.RefFunc:
        this.funcType(ins.idx);
        if (this.ctx.refs[ins.idx as number] !== 1) this.fail('undeclared function reference');
        this.push(refType(false, this.ctx.funcTypeIdx[ins.idx as number] as number));
        return;
    }
  }
}

const EMPTY_LABELS: number[] = [];

/** `sig` with other parameters (the i64 address of a memory64 access). */
function withParams(sig: FuncType, params: ValType[]): FuncType {
  return { params, results: sig.results };
}
