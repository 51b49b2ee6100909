/**
 * A thin builder for textual LLVM IR (LLVM 16, opaque pointers).
 *
 * With its companions in src/llvm (values.ts, module-builder.ts, lean.ts, narrow.ts,
 * dead-stores.ts, sink.ts, thread.ts) the only code in the project that knows LLVM's text
 * syntax. Values are typed strings; each method is named after the LLVM instruction it
 * emits and returns the result value. The builder tracks the current basic block and whether it has been terminated, so
 * the translator can stop emitting after `br`/`ret`/`unreachable`. A function's instructions
 * are kept as records (sink.ts, Line: the text, its kind, the values it reads) until the
 * function is finished; select sinking reorders the records, and toString prints them once,
 * threading jumps through blocks that only branch on (thread.ts).
 *
 *   const f = new FunctionBuilder('@add', 'i32', [{ ty: 'ptr', name: 'ctx' }, { ty: 'i32', name: 'a' }]);
 *   const s = f.add(f.param(1), i32(1));
 *   f.ret(s);
 *   mod.addFunction(f);
 */
import { IR_LIMIT, tooLarge } from './module-builder.js';
import { DeadStores } from './dead-stores.js';
import { Lean } from './lean.js';
import { sinkSelects, type Line } from './sink.js';
import { retarget, threadJumps } from './thread.js';

export * from './values.js';
export * from './module-builder.js';
import { type Ty, type Value, iconst, typed, vectorBoolType, vectorElementType, vectorType } from './values.js';

export type ICmpCond = 'eq' | 'ne' | 'ugt' | 'uge' | 'ult' | 'ule' | 'sgt' | 'sge' | 'slt' | 'sle';
export type FCmpCond =
  | 'false' | 'oeq' | 'ogt' | 'oge' | 'olt' | 'ole' | 'one' | 'ord'
  | 'ueq' | 'ugt' | 'uge' | 'ult' | 'ule' | 'une' | 'uno' | 'true';

export interface MemOpts {
  align?: number;
  /** Metadata attachments, e.g. `!invariant.load !0` or `!tbaa !3`, written verbatim. */
  md?: string;
  /** `load volatile` / `store volatile`: LLVM may neither delete, move nor merge the access. */
  volatile?: boolean;
  /** `load atomic … ORDERING` / `store atomic … ORDERING` (needs `align`): an atomic access. */
  ordering?: AtomicOrdering;
}

/** LLVM's atomic orderings that awsm uses (Wasm atomics are all seq_cst). */
export type AtomicOrdering = 'monotonic' | 'acquire' | 'release' | 'seq_cst';

/** The operations of `atomicrmw` that Wasm's read-modify-write instructions map to. */
export type AtomicRmwOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'xchg';

/** `, align N` for N below 64, made once (nearly every access has one). */
const ALIGNS = Array.from({ length: 64 }, (_, n) => `, align ${n}`);

/** ` ORDERING, align N` after a load or store (its metadata is the line's `md`). */
function alignSuffix(o: MemOpts): string {
  const align = o.align === undefined ? '' : (ALIGNS[o.align] ?? `, align ${o.align}`);
  return o.ordering !== undefined ? ` ${o.ordering}${align}` : align;
}

/** `load` / `store` with its `atomic` or `volatile` marker. */
function accessKeyword(op: 'load' | 'store', o: MemOpts): string {
  if (o.ordering === undefined && o.volatile !== true) return op === 'load' ? 'load ' : 'store ';
  return `${op} ${o.ordering !== undefined ? 'atomic ' : ''}${o.volatile ? 'volatile ' : ''}`;
}

/** Metadata attachments (`!tbaa !8`) as a line keeps them, undefined for none. */
function mdOf(md: string | undefined): string | undefined {
  return md ? md : undefined;
}

export interface Param {
  ty: Ty;
  name: string;
  /** Parameter attributes, e.g. `noalias nocapture`. */
  attrs?: string;
}

/**
 * Numbered values' names (`%0`, `%1`, …) and their definitions' line starts (`  %0 = `), made
 * once for the whole process and shared by every function: a name is handed out for each
 * value a function defines, and a new string for each would be garbage for the next scavenge.
 */
const NUMBERED_REFS: string[] = [];
const NUMBERED_DEFS: string[] = [];

/** `%n`, from NUMBERED_REFS (filled up to `n` on first use). */
function numberedRef(n: number): string {
  for (let k = NUMBERED_REFS.length; k <= n; k++) {
    NUMBERED_REFS.push(`%${k}`);
    NUMBERED_DEFS.push(`  %${k} = `);
  }
  return NUMBERED_REFS[n]!;
}

/** The uses of a line that reads nothing (a label), shared. */
const NO_USES: readonly Value[] = [];

/**
 * A Line with every field present, in one order: one object shape for all of them, so that
 * the code reading lines (toString, thread.ts, narrow.ts) stays monomorphic.
 */
function makeLine(text: string, kind: Line['kind'], uses: readonly Value[], def?: string, md?: string, targets?: readonly string[]): Line {
  return { text, kind, uses, def, md, targets };
}

/** What replaces a dead store's line (dead-stores.ts): printed as nothing. */
const DEAD: Line = makeLine('', 'other', NO_USES);
const isDead = (l: Line): boolean => l === DEAD;

/** One LLVM function being built. */
export class FunctionBuilder {
  readonly name: string;
  readonly retTy: Ty;
  readonly params: Param[];
  /** Text between `define` and the return type, e.g. `internal`. */
  linkage = '';
  /** Calling convention written before the return type (`tailcc`), or '' for C's. */
  cc = '';
  /** Function attributes written after the parameter list, e.g. `#0` or `nounwind`. */
  attrs = '';
  /**
   * The landing pad of the innermost `try_table` being translated (src/translate/exception.ts),
   * or undefined: while set, `call` emits calls that may unwind (not inline asm, intrinsics or
   * `musttail`) as `invoke … unwind label %<unwind>`.
   */
  unwind: string | undefined = undefined;
  /** `personality ptr @f` written after the attributes (functions with landing pads), or ''. */
  personality = '';
  /**
   * Print metadata attachments (`!tbaa`, `!invariant.load`, `!prof`, what MemOpts.md and
   * condBr's `md` give). Off for the quick tier: they only guide LLVM's optimiser, which -O0
   * does not run, and parsing them is a sixth of clang -O0's time on Go code once empty
   * blocks are threaded (docs/benchmarks.md, "The quick tier").
   */
  metadata = true;
  /**
   * Name the body's values with LLVM's numbers (`%0`, `%1`, … in the order they are defined)
   * instead of `%tN`: LLVM's parser keeps numbered values in a vector, named ones in a symbol
   * table and a map of forward references: clang -O0 takes 7% less time on Go code this way,
   * llvm-as 18% less (docs/benchmarks.md, "The quick tier"). Numbers must appear in the text
   * in order, so what may move keeps its `%tN` name: selects, which sinkSelects moves down
   * (with stores, which define nothing), and values hoisted to the entry block (created after
   * body values that print below them). Set before the first instruction.
   */
  numbered = false;
  /**
   * Quick-tier peepholes (TranslateOptions.quick; lean.ts): zextOnce reuses the block's
   * zero-extension of a value, wrapI64 narrows an i64 operation on zero-extended i32s
   * (narrow.ts), isZero and zextWide look through a zext just made. Off for the optimising
   * tier, whose InstCombine and GVN do all of it. Set before the first instruction.
   */
  lean = false;
  /** The peepholes' state while `lean` (lean.ts), made on first use. */
  private leanState: Lean | undefined;
  /** The dead stores into local allocas while `lean` (dead-stores.ts), made on first use. */
  private deadStores: DeadStores | undefined;
  /** The body after the entry block's allocas, as data until toString (sink.ts reorders it). */
  private readonly lines: Line[] = [];
  /** The allocas' lines, hoisted to the entry block. */
  private allocas: string[] = [];
  /** The allocas' names (`%l3`): sink.ts moves a store into one of them with its select. */
  private readonly allocaNames = new Set<string>();
  /** Instructions hoisted to the entry block, after the allocas (hoisted()). */
  private readonly prologue: Line[] = [];
  /** The values hoisted() computed, by key. */
  private readonly hoistedValues = new Map<string, Value>();
  /** Where emit() appends: `lines`, or `prologue` while hoisted() computes a value. */
  private into: Line[] = this.lines;
  private tmpCounter = 0;
  /** The next number of a body value when `numbered`. */
  private valueNumber = 0;
  private blockCounter = 0;
  private current = 'entry';
  private terminated = false;
  /** Characters emitted so far, and the limit (see irCharLimit). */
  private chars = 0;
  maxChars: number = IR_LIMIT.max;

  constructor(name: string, retTy: Ty, params: Param[]) {
    this.name = name;
    this.retTy = retTy;
    this.params = params;
  }

  /** The i-th parameter as a value. */
  param(i: number): Value {
    const p = this.params[i];
    if (p === undefined) throw new Error(`no parameter ${i} in ${this.name}`);
    return { ty: p.ty, ref: `%${p.name}` };
  }

  /** A fresh SSA name. */
  tmp(hint = 't'): string {
    return `%${hint}${this.tmpCounter++}`;
  }

  /** A fresh block label (not yet placed). */
  newBlock(hint = 'bb'): string {
    return `${hint}${this.blockCounter++}`;
  }

  /** Start emitting into block `label`. */
  setBlock(label: string): void {
    if (!this.terminated) this.br(label);
    this.emit(makeLine(`${label}:`, 'label', NO_USES, label));
    this.current = label;
    this.leanState?.enterBlock();
    this.deadStores?.enterBlock(this.lines.length - 1);
    this.terminated = false;
  }

  /** True once the current block has a terminator. */
  get isTerminated(): boolean {
    return this.terminated;
  }

  /**
   * Emit a raw instruction line (escape hatch; prefer the named methods). `uses` must list
   * every value it reads: select sinking moves instructions past it on that list alone.
   */
  raw(line: string, uses: readonly Value[], kind: 'barrier' | 'other' = 'other'): void {
    this.emit(makeLine(`  ${line}`, kind, uses));
  }

  /**
   * `%r = rhs`, reading `uses`; `kind` 'select' for a select, 'barrier' for a `musttail` call
   * (sink.ts); `md` its attachments (mdOf).
   */
  private def(ty: Ty, rhs: string, uses: readonly Value[], kind: 'select' | 'barrier' | 'other' = 'other', md?: string): Value {
    if (this.numbered && this.into === this.lines && kind !== 'select') {
      const n = this.valueNumber++;
      const r = numberedRef(n);
      this.emit(makeLine(NUMBERED_DEFS[n]! + rhs, kind, uses, r, md));
      return { ty, ref: r };
    }
    const r = this.tmp();
    this.emit(makeLine(`  ${r} = ${rhs}`, kind, uses, r, md));
    return { ty, ref: r };
  }

  /** Append one line, within the size limit (its metadata counted too). */
  private emit(line: Line): void {
    // Any use of a local alloca's address but a store's pointer may read it (dead-stores.ts).
    this.deadStores?.uses(line.uses);
    this.push(line);
  }

  /** emit() for a store into a local alloca: its pointer is no read. */
  private push(line: Line): void {
    this.count(line.text);
    if (line.md !== undefined) this.chars += line.md.length + 2;
    this.into.push(line);
  }

  /**
   * The value `make` computes, emitted once per function into the entry block (after the
   * allocas, before the body) and reused under `key` after that: for loads of what cannot
   * change while the function runs and is safe to load on entry. `make` may only emit
   * instructions that need nothing but the parameters (no blocks, no terminators).
   */
  hoisted(key: string, make: () => Value): Value {
    let v = this.hoistedValues.get(key);
    if (v !== undefined) return v;
    const into = this.into;
    this.into = this.prologue;
    try {
      v = make();
    } finally {
      this.into = into;
    }
    this.hoistedValues.set(key, v);
    return v;
  }

  /** Count a line of output against the function's size limit. */
  private count(line: string): void {
    this.chars += line.length + 1;
    if (this.chars > this.maxChars) tooLarge(`function ${this.name} is too large to compile`, this.maxChars);
  }

  /** End the block with `line`, which may branch to `targets`. */
  private terminate(line: string, uses: readonly Value[], targets: readonly string[] = [], md?: string): void {
    this.emit(makeLine(`  ${line}`, 'terminator', uses, undefined, md, targets));
    this.terminated = true;
  }

  // ---- arithmetic --------------------------------------------------------------------------
  private bin(op: string, a: Value, b: Value, flags = ''): Value {
    return this.def(a.ty, `${op}${flags ? ' ' + flags : ''} ${a.ty} ${a.ref}, ${b.ref}`, [a, b]);
  }
  add(a: Value, b: Value, flags = ''): Value { return this.bin('add', a, b, flags); }
  sub(a: Value, b: Value, flags = ''): Value { return this.bin('sub', a, b, flags); }
  mul(a: Value, b: Value, flags = ''): Value { return this.bin('mul', a, b, flags); }
  sdiv(a: Value, b: Value): Value { return this.bin('sdiv', a, b); }
  udiv(a: Value, b: Value): Value { return this.bin('udiv', a, b); }
  srem(a: Value, b: Value): Value { return this.bin('srem', a, b); }
  urem(a: Value, b: Value): Value { return this.bin('urem', a, b); }
  and(a: Value, b: Value): Value { return this.bin('and', a, b); }
  or(a: Value, b: Value): Value { return this.bin('or', a, b); }
  xor(a: Value, b: Value): Value { return this.bin('xor', a, b); }
  shl(a: Value, b: Value): Value { return this.bin('shl', a, b); }
  lshr(a: Value, b: Value): Value { return this.bin('lshr', a, b); }
  ashr(a: Value, b: Value): Value { return this.bin('ashr', a, b); }
  fadd(a: Value, b: Value): Value { return this.bin('fadd', a, b); }
  fsub(a: Value, b: Value): Value { return this.bin('fsub', a, b); }
  fmul(a: Value, b: Value): Value { return this.bin('fmul', a, b); }
  fdiv(a: Value, b: Value): Value { return this.bin('fdiv', a, b); }
  fneg(a: Value): Value { return this.def(a.ty, `fneg ${typed(a)}`, [a]); }

  /**
   * An i1 that is true when the integer `v` is not zero: `icmp ne v, 0`, or, when `v` is
   * `zext i1 %c` emitted just now (a Wasm comparison's result, consumed at once by the
   * branch or select that asks), `%c` itself, and the zext is taken back. Its value can have
   * no other use then: any use would have emitted a line after it (a `local.tee` stores it).
   * Leaner code for -O0, whose instruction selection folds a compare into the branch only
   * when the branch is its one use.
   */
  truthy(v: Value): Value {
    const last = this.into[this.into.length - 1];
    if (last !== undefined && last.def === v.ref && last.text.startsWith(' = zext i1 ', 2 + v.ref.length)) {
      this.takeBack();
      return { ty: 'i1', ref: last.uses[0]!.ref };
    }
    return this.icmp('ne', v, iconst(v.ty, 0n));
  }

  /** Remove the last line emitted, whose value nothing has read (truthy, wrapI64). */
  private takeBack(): void {
    const last = this.into.pop()!;
    this.chars -= last.text.length + 1;
    if (this.numbered && last.def === NUMBERED_REFS[this.valueNumber - 1]) this.valueNumber--;
  }

  /** The quick tier's peepholes (lean.ts), when `lean` is on and the body is being emitted. */
  private peepholes(): Lean | undefined {
    if (!this.lean || this.into !== this.lines) return undefined;
    return (this.leanState ??= new Lean({
      lines: this.lines,
      takeBack: () => this.takeBack(),
      zext: (v, to) => this.zext(v, to),
      trunc: (v, to) => this.trunc(v, to),
      binary: (op, a, b) => this.bin(op, a, b),
    }));
  }

  /**
   * `icmp eq v, 0` (Wasm's eqz); with `lean`, on what `v` zero-extends (Lean.unextended), but
   * not on an i1: x86 FastISel has no `icmp` of i1 and hands the whole block to SelectionDAG
   * (clang -O0 took 35% longer on a partition of go-utf8 when eqz compared the i1 of a boolean).
   */
  isZero(v: Value): Value {
    const x = this.peepholes()?.unextended(v, false) ?? v;
    return this.icmp('eq', x, iconst(x.ty, 0n));
  }

  /** `zext v to ty` (i64.extend_i32_u); with `lean`, of what `v` zero-extends (Lean.unextended). */
  zextWide(v: Value, to: Ty): Value {
    return this.zext(this.peepholes()?.unextended(v, true) ?? v, to);
  }

  /**
   * `zext i32 v to i64`; with `lean`, the one already computed for `v` in this block if any
   * (Lean.zextOnce). For addresses: Go code accesses memory at the same address several times
   * in a block (a quick partition of go-utf8: 10,400 of 31,600 zexts were repeats).
   */
  zextOnce(v: Value): Value {
    return this.peepholes()?.zextOnce(v) ?? this.zext(v, 'i64');
  }

  /**
   * `trunc i64 v to i32` (i32.wrap_i64). With `lean`: a constant's low half, the block's
   * `trunc` of `v` made once, or a narrowed i32 operation (Lean.wrapI64, narrow.ts).
   */
  wrapI64(v: Value): Value {
    return this.peepholes()?.wrapI64(v) ?? this.trunc(v, 'i32');
  }
  icmp(cond: ICmpCond, a: Value, b: Value): Value {
    return this.def('i1', `icmp ${cond} ${a.ty} ${a.ref}, ${b.ref}`, [a, b]);
  }
  fcmp(cond: FCmpCond, a: Value, b: Value): Value {
    return this.def('i1', `fcmp ${cond} ${a.ty} ${a.ref}, ${b.ref}`, [a, b]);
  }
  select(c: Value, a: Value, b: Value): Value {
    return this.def(a.ty, `select ${typed(c)}, ${typed(a)}, ${typed(b)}`, [c, a, b], 'select');
  }

  // ---- casts ---------------------------------------------------------------------------------
  private cast(op: string, v: Value, to: Ty): Value {
    return this.def(to, `${op} ${typed(v)} to ${to}`, [v]);
  }
  zext(v: Value, to: Ty): Value { return this.cast('zext', v, to); }
  sext(v: Value, to: Ty): Value { return this.cast('sext', v, to); }
  trunc(v: Value, to: Ty): Value { return this.cast('trunc', v, to); }
  fptrunc(v: Value, to: Ty): Value { return this.cast('fptrunc', v, to); }
  fpext(v: Value, to: Ty): Value { return this.cast('fpext', v, to); }
  fptosi(v: Value, to: Ty): Value { return this.cast('fptosi', v, to); }
  fptoui(v: Value, to: Ty): Value { return this.cast('fptoui', v, to); }
  sitofp(v: Value, to: Ty): Value { return this.cast('sitofp', v, to); }
  uitofp(v: Value, to: Ty): Value { return this.cast('uitofp', v, to); }
  bitcast(v: Value, to: Ty): Value { return this.cast('bitcast', v, to); }
  ptrtoint(v: Value, to: Ty): Value { return this.cast('ptrtoint', v, to); }
  inttoptr(v: Value, to: Ty): Value { return this.cast('inttoptr', v, to); }

  // ---- memory --------------------------------------------------------------------------------
  /**
   * An alloca, hoisted to the entry block (so mem2reg/SROA can promote it). `local`: a Wasm
   * local or a branch slot, whose address the caller only ever gives to load, store and
   * storeLocal as their pointer; with `lean`, stores into it that nothing reads are left
   * out (dead-stores.ts).
   */
  alloca(ty: Ty, hint = 'l', local = false): Value {
    const r = this.tmp(hint);
    const line = `  ${r} = alloca ${ty}`;
    this.count(line);
    this.allocas.push(line);
    this.allocaNames.add(r);
    if (local && this.lean) (this.deadStores ??= new DeadStores()).addLocal(r);
    return { ty: 'ptr', ref: r };
  }
  load(ty: Ty, ptr: Value, o?: MemOpts): Value {
    // Most loads (locals, slots) have no options: their text without the option helpers.
    if (o === undefined) return this.def(ty, `load ${ty}, ${ptr.ty} ${ptr.ref}`, [ptr]);
    return this.def(ty, `${accessKeyword('load', o)}${ty}, ${typed(ptr)}${alignSuffix(o)}`, [ptr], 'other', mdOf(o.md));
  }
  store(v: Value, ptr: Value, o?: MemOpts): void {
    if (o === undefined) return this.emit(makeLine(`  store ${v.ty} ${v.ref}, ${ptr.ty} ${ptr.ref}`, 'store', [v, ptr]));
    const text = `  ${accessKeyword('store', o)}${typed(v)}, ${typed(ptr)}${alignSuffix(o)}`;
    const md = mdOf(o.md);
    // A store with neither alignment nor metadata may move with its select (sink.ts).
    const uses = [v, ptr];
    if (md !== undefined) return this.emit(makeLine(text, 'other', uses, undefined, md));
    if (o.align !== undefined) return this.emit(makeLine(text, 'other', uses));
    this.emit(makeLine(text, 'store', uses));
  }
  /**
   * `store v, slot` into a local alloca (alloca's `local`). With `lean`, a droppable store is
   * left out when the next store into `slot` in its block comes before any read of it, or
   * when nothing in the function reads `slot` (dead-stores.ts); `droppable` false keeps it
   * (a value whose computation must stay: a load that may trap).
   */
  storeLocal(v: Value, slot: Value, droppable: boolean): void {
    const ds = this.deadStores;
    if (ds === undefined || this.into !== this.lines || !ds.isLocal(slot.ref)) return this.store(v, slot);
    if (ds.isLocal(v.ref)) ds.readLocal(v.ref);
    this.push(makeLine(`  store ${v.ty} ${v.ref}, ${slot.ty} ${slot.ref}`, 'store', [v, slot]));
    const dead = ds.store(slot.ref, this.lines.length - 1, droppable);
    if (dead >= 0) {
      this.chars -= this.lines[dead]!.text.length + 1;
      this.lines[dead] = DEAD;
    }
  }
  /** `atomicrmw [volatile] OP ptr, v seq_cst, align N`: the old value. */
  atomicrmw(op: AtomicRmwOp, ptr: Value, v: Value, align: number, volatile = false): Value {
    return this.def(v.ty, `atomicrmw ${volatile ? 'volatile ' : ''}${op} ${typed(ptr)}, ${typed(v)} seq_cst, align ${align}`, [ptr, v]);
  }
  /** `cmpxchg [volatile] ptr, expected, replacement seq_cst seq_cst, align N`: the old value (field 0). */
  cmpxchg(ptr: Value, expected: Value, replacement: Value, align: number, volatile = false): Value {
    const v = volatile ? 'volatile ' : '';
    const pair = this.def(`{ ${expected.ty}, i1 }`, `cmpxchg ${v}${typed(ptr)}, ${typed(expected)}, ${typed(replacement)} seq_cst seq_cst, align ${align}`, [ptr, expected, replacement]);
    return this.extractvalue(pair, 0, expected.ty);
  }
  /** `fence seq_cst`. */
  fence(): void {
    this.raw('fence seq_cst', []);
  }
  /** getelementptr [inbounds] elemTy, ptr, indices… */
  gep(elemTy: Ty, ptr: Value, indices: Value[], inbounds = false): Value {
    let text = `getelementptr ${inbounds ? 'inbounds ' : ''}${elemTy}, ${ptr.ty} ${ptr.ref}`;
    for (const i of indices) text += `, ${i.ty} ${i.ref}`;
    return this.def('ptr', text, indices.length === 1 ? [ptr, indices[0]!] : [ptr, ...indices]);
  }

  // ---- aggregates ----------------------------------------------------------------------------
  extractvalue(agg: Value, index: number, ty: Ty): Value {
    return this.def(ty, `extractvalue ${typed(agg)}, ${index}`, [agg]);
  }
  insertvalue(agg: Value, v: Value, index: number): Value {
    return this.def(agg.ty, `insertvalue ${typed(agg)}, ${typed(v)}, ${index}`, [agg, v]);
  }

  // ---- calls ---------------------------------------------------------------------------------
  /**
   * `call retTy callee(args)`. Returns the result, or undefined for `void`. `callee` is a
   * global (`@f`) or a pointer value's ref. `attrs` go after the argument list (e.g. `#1`);
   * `prefix` before `call` (`musttail`), `cc` after it (`tailcc`).
   */
  call(retTy: Ty, callee: string, args: Value[], attrs = '', prefix = '', cc = ''): Value | undefined {
    if (this.unwind !== undefined && prefix === '' && !callee.startsWith('asm ') && !callee.startsWith('@llvm.')) {
      return this.invoke(retTy, callee, args, attrs, cc, this.unwind);
    }
    const text = `${prefix ? prefix + ' ' : ''}call ${cc ? cc + ' ' : ''}${retTy} ${callee}(${args.map(typed).join(', ')})${attrs ? ' ' + attrs : ''}`;
    // The callee is a global or a pointer value: a use too.
    const uses = [{ ty: 'ptr', ref: callee }, ...args];
    // Only `ret` may follow a musttail call: select sinking must not move anything past it.
    const kind = prefix === 'musttail' ? 'barrier' : 'other';
    if (retTy === 'void') {
      this.raw(text, uses, kind);
      return undefined;
    }
    return this.def(retTy, text, uses, kind);
  }

  /**
   * `invoke`: a call that continues in a fresh block, or at landing pad `unwind` when the
   * callee unwinds (an exception). The builder emits it for `call` inside a try_table.
   *
   *   %r = invoke i32 @f(ptr %ctx) to label %cont5 unwind label %lpad3
   * cont5:
   */
  private invoke(retTy: Ty, callee: string, args: Value[], attrs: string, cc: string, unwind: string): Value | undefined {
    const cont = this.newBlock('cont');
    const r = retTy === 'void' ? undefined : this.tmp();
    const text = `${r === undefined ? '' : r + ' = '}invoke ${cc ? cc + ' ' : ''}${retTy} ${callee}(${args.map(typed).join(', ')})${attrs ? ' ' + attrs : ''} to label %${cont} unwind label %${unwind}`;
    this.emit(makeLine(`  ${text}`, 'terminator', [{ ty: 'ptr', ref: callee }, ...args], r, undefined, [cont, unwind]));
    this.terminated = true;
    this.setBlock(cont);
    return r === undefined ? undefined : { ty: retTy, ref: r };
  }

  /** `landingpad { ptr, i32 } cleanup`: the first instruction of a landing pad block. */
  landingpad(): Value {
    return this.def('{ ptr, i32 }', 'landingpad { ptr, i32 } cleanup', []);
  }

  /** `resume { ptr, i32 } %v`: unwind on from a landing pad. */
  resume(v: Value): void { this.terminate(`resume ${typed(v)}`, [v]); }

  /**
   * `call retTy asm [sideeffect] "asm", "constraints"(args)`: inline assembly. With an empty
   * template and an `r` constraint it forces a value to be computed (see the dead-load
   * keep-alive in src/translate/memory.ts).
   */
  callAsm(retTy: Ty, asm: string, constraints: string, args: Value[], sideeffect = true): Value | undefined {
    const se = sideeffect ? 'sideeffect ' : '';
    return this.call(retTy, `asm ${se}"${asm}", "${constraints}"`, args);
  }

  // ---- terminators ---------------------------------------------------------------------------
  br(label: string): void { this.terminate(`br label %${label}`, [], [label]); }
  /** `br i1 c, label %t, label %f`, with metadata `md` (e.g. `!prof !1`). */
  condBr(c: Value, t: string, f: string, md = ''): void {
    this.terminate(`br ${typed(c)}, label %${t}, label %${f}`, [c], [t, f], mdOf(md));
  }
  switch(v: Value, dflt: string, cases: Array<[number | bigint, string]>): void {
    const body = cases.map(([n, l]) => `    ${v.ty} ${n.toString()}, label %${l}`).join('\n');
    this.terminate(`switch ${typed(v)}, label %${dflt} [\n${body}\n  ]`, [v], [dflt, ...cases.map(([, l]) => l)]);
  }
  ret(v?: Value): void { this.terminate(v === undefined ? 'ret void' : `ret ${typed(v)}`, v === undefined ? [] : [v]); }
  unreachable(): void { this.terminate('unreachable', []); }

  /** Move each `select` down to its first use in its block (sink.ts: helps x86's cmov converter). */
  sinkSelects(): void {
    sinkSelects(this.lines, this.allocaNames);
  }

  /**
   * The function's text. Branches to a block that only branches on (`bb7: br label %bb9`) go
   * to its final target instead, and such blocks are left out (threadJumps).
   */
  toString(): string {
    const params = this.params.map((p) => `${p.ty}${p.attrs ? ' ' + p.attrs : ''} %${p.name}`).join(', ');
    const link = this.linkage ? this.linkage + ' ' : '';
    const attrs = this.attrs ? ' ' + this.attrs : '';
    const cc = this.cc ? this.cc + ' ' : '';
    const pers = this.personality ? ' personality ptr ' + this.personality : '';
    // One array of every line, joined once: the function's text is copied only there.
    const ds = this.deadStores;
    const body = [`define ${link}${cc}${this.retTy} ${this.name}(${params})${attrs}${pers} {`, 'entry:'];
    if (ds === undefined) body.push(...this.allocas);
    else {
      for (const at of ds.unread(this.lines, isDead)) this.lines[at] = DEAD;
      // allocaNames holds the allocas' names in the order of their lines.
      let k = 0;
      for (const name of this.allocaNames) {
        if (!ds.unused(name)) body.push(this.allocas[k]!);
        k++;
      }
    }
    for (const l of this.prologue) body.push(this.metadata && l.md !== undefined ? `${l.text}, ${l.md}` : l.text);
    const target = threadJumps(this.lines);
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (l === DEAD) continue;
      // A forwarding block's label, then its br: both left out.
      if (l.kind === 'label' && target.has(l.def!)) {
        i++;
        continue;
      }
      let text = l.targets !== undefined && l.targets.some((t) => target.has(t)) ? retarget(l.text, target) : l.text;
      if (this.metadata && l.md !== undefined) text += `, ${l.md}`;
      body.push(text);
    }
    if (!this.terminated) body.push('  unreachable');
    body.push('}', '');
    return body.join('\n');
  }

  // ---- vectors (SIMD) ------------------------------------------------------------------------
  /** `extractelement <n x T> vec, idx` → T. */
  extractelement(vec: Value, idx: Value): Value {
    return this.def(vectorElementType(vec.ty), `extractelement ${typed(vec)}, ${typed(idx)}`, [vec, idx]);
  }
  /** `insertelement <n x T> vec, T elt, idx` → <n x T>. */
  insertelement(vec: Value, elt: Value, idx: Value): Value {
    return this.def(vec.ty, `insertelement ${typed(vec)}, ${typed(elt)}, ${typed(idx)}`, [vec, elt, idx]);
  }
  /**
   * `shufflevector a, b, mask` → <mask.length x T>; mask entries index the concatenation of
   * `a` and `b`, and -1 is a poison lane.
   */
  shufflevector(a: Value, b: Value, mask: number[]): Value {
    const el = vectorElementType(a.ty);
    const m = mask.map((i) => (i < 0 ? 'i32 poison' : `i32 ${i}`)).join(', ');
    return this.def(vectorType(el, mask.length), `shufflevector ${typed(a)}, ${typed(b)}, ${vectorType('i32', mask.length)} <${m}>`, [a, b]);
  }
  /** `icmp` on vectors: the result is `<n x i1>` (the scalar `icmp` types its result `i1`). */
  vicmp(cond: ICmpCond, a: Value, b: Value): Value {
    return this.def(vectorBoolType(a.ty), `icmp ${cond} ${a.ty} ${a.ref}, ${b.ref}`, [a, b]);
  }
  /** `fcmp` on vectors: the result is `<n x i1>`. */
  vfcmp(cond: FCmpCond, a: Value, b: Value): Value {
    return this.def(vectorBoolType(a.ty), `fcmp ${cond} ${a.ty} ${a.ref}, ${b.ref}`, [a, b]);
  }
}
