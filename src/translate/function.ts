/**
 * Translation of one defined Wasm function into one LLVM function.
 *
 * First the passes over the body, which build no IR: prescan.ts, no-wrap.ts (explicit mode)
 * and, per loop, loop-plan.ts (each plan computed once, shared by no-wrap.ts and emission).
 * Then emission: FuncTranslator owns the translation state (state.ts: the value stack of SSA
 * values with a "derived from a load" taint, the control stack of tagged frames,
 * reachability) and the locals' values on the path (local-values.ts), holds the function's
 * environment (module context and env.ts's queries, type, locals, the passes' results) and
 * the IR builder, and implements the emitters families share (frames, branches, traps,
 * keep-alive, return). Instructions are dispatched by family to control.ts, call.ts, variable.ts,
 * memory.ts, table.ts, reference.ts, numeric.ts and simd.ts, which see it as a FuncEnv
 * (func-env.ts) and never import this file.
 *
 * Output shape:
 *
 *   define internal i32 @m_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
 *   entry:
 *     %l0 = alloca i32                  ; one alloca per param and local (hoisted by the builder)
 *     store i32 %p0, ptr %l0            ; params stored, declared locals zeroed
 *     %t1 = load ptr, ptr %ctx, …       ; memory base, once, when the function touches memory
 *     %t2 = call i64 @llvm.read_register.i64(metadata !2)   ; stack check, when it calls
 *     …
 *   trap.2:                             ; one trap block per trap kind, at the end
 *     call void @awsm_trap(ptr %ctx, i32 2, i32 3)
 *     unreachable
 *   }
 *
 * Unreachable code (after br, br_table, return, unreachable, or after a block whose end no
 * path reaches) is skipped by a separate path that only pairs up block/loop/if with end and
 * finds the `else` of the current `if`.
 */
import type { FuncType, Instr, ValType } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { FunctionBuilder, fzero, i32, i64, irCharLimit, nullptr, vectorShape, zeroinit, type Value } from '../llvm/builder.js';
import { llvmType, tailBuffered, TrapKind } from './abi.js';
import { llvmSignature, memoryOf } from './env.js';
import { emitCall } from './call.js';
import { printableName, type ModuleContext } from './context.js';
import { elseArm, emitControl, endFrame } from './control.js';
import { callRuntime, fieldPtr } from './instance.js';
import { accessOf, emitMemory, invariantBase, memoryAddress } from './memory.js';
import { emitAtomic } from './atomic.js';
import { emitNumeric, emitWide, type NumericEnv } from './numeric.js';
import { emitReference } from './reference.js';
import { emitGc, GC_LOWERED } from './gc.js';
import { emitCast, GC_CAST_LOWERED } from './gc-cast.js';
import { emitSimd, type SimdEnv } from './simd.js';
import { emitTable } from './table.js';
import { emitVariable } from './variable.js';
import { emitException, endHandler, handlerOf, usesExceptions } from './exception.js';
import { emitLegacy, endLegacy, LEGACY } from './legacy-exception.js';
import { LocalValues } from './local-values.js';
import { planNoWrap, type NoWrapPlan } from './no-wrap.js';
import { preScan, type PreScan } from './prescan.js';
import { cResult, enterWithBuffer, resultValues, returnWithBuffer } from './tail-buffer.js';
import type { FuncEnv, ProvenAccesses } from './func-env.js';
import { TranslationState, type Frame, type FrameKind, type Operand } from './state.js';
import { planLoop, type LoopPlan } from './loop-plan.js';
import { emitVersionChecks, fastEnter, fastLatch, fastSpecial, provenAccesses } from './versioning.js';

/** The zero of a local's type. */
function zeroOf(t: ValType): Value {
  switch (t) {
    case 'i32': return i32(0);
    case 'i64': return i64(0);
    case 'f32': return fzero('float');
    case 'f64': return fzero('double');
    case 'v128': return zeroinit(llvmType(t));
    default: return nullptr; // every reference type: null
  }
}

/** The translator of one function; families see it as a FuncEnv (func-env.ts). */
export class FuncTranslator implements FuncEnv {
  /** The module environment: types, functions, memories, tables, globals, metadata. */
  readonly cx: ModuleContext;
  /** The LLVM function being built. */
  readonly f: FunctionBuilder;
  /** This function's index in the function index space (for trap messages). */
  readonly funcidx: number;
  /** This function's type. */
  readonly type: FuncType;
  /** `%ctx`, the instance. */
  readonly ctx: Value;
  /** `%res`, the result buffer of a `tailcc` function with more than two results, else undefined. */
  readonly resultBuffer: Value | undefined;
  /** `%tb`, the tail buffer of a `tailcc` function on a target without `tailcc` (tail-buffer.ts), else undefined. */
  readonly tailBuffer: Value | undefined;
  /** The index of the first Wasm parameter among the LLVM function's (1 after ctx; more after 32-bit ARM's tailcc fillers). */
  private readonly paramBase: number;
  /** Types of the parameters, then the declared locals. */
  readonly localTypes: ValType[];
  /** One alloca per local (parameters first). */
  readonly locals: Value[] = [];
  /** Locals some `local.get` reads; stores of tainted values into the others need a keep-alive. */
  readonly readLocals: Set<number>;
  /** The translation state: value stack, control stack, reachability (state.ts). */
  readonly s: TranslationState;
  /**
   * Per memory the function accesses, its base loaded once in the entry block (guard mode
   * only; see memory.ts): memory 0's from ctx->mem0_base, another's from its object.
   */
  readonly memBases = new Map<number, Value>();
  /** Trap kind → label of its trap block, created on first use, placed at the end. */
  private readonly trapLabels = new Map<TrapKind, string>();
  /** Each local's value on the current path, for local.get to reuse (local-values.ts). */
  readonly localValues = new LocalValues();
  /** The i32.adds that cannot wrap (no-wrap.ts); explicit mode only. */
  private readonly noWrap: NoWrapPlan | undefined;
  /** Per memory index: its completed accesses' addresses are small (env.ts, MemoryInfo.smallAddresses). */
  readonly smallAddresses: readonly boolean[];
  /** Per memory index: its addresses are i64 (memory64), for loop versioning (loop-plan.ts). */
  readonly memory64: readonly boolean[];
  /** Per `loop` instruction: the locals set inside it, null when there are many (preScan). */
  readonly loopWrites: Map<Instr, Set<number> | null>;
  /** Versioning plans (loop-plan.ts) by the loop's position in the body, each computed once. */
  private readonly loopPlans = new Map<number, LoopPlan | undefined>();
  /** While the fast copy of a versioned loop is translated: its proven accesses (versioning.ts). */
  proven: ProvenAccesses | undefined;
  /**
   * The body uses exception instructions (exception.ts): the no-wrap pass and loop
   * versioning, which do not know them, are off for this function.
   */
  private readonly exceptions: boolean;
  /** What numeric.ts needs from us. */
  readonly numericEnv: NumericEnv;
  /** What simd.ts needs from us: numeric.ts's, plus addresses with memory.ts's bounds handling. */
  readonly simdEnv: SimdEnv;

  constructor(cx: ModuleContext, defIndex: number) {
    const func = cx.m.funcs[defIndex]!;
    this.cx = cx;
    this.funcidx = cx.numImportedFuncs + defIndex;
    this.type = cx.funcTypes[this.funcidx]!;
    this.localTypes = [...this.type.params, ...func.locals];
    this.s = new TranslationState(this.localTypes.length, `function ${this.funcidx}`);
    const scan = preScan(func.body);
    this.readLocals = scan.readLocals;
    this.loopWrites = scan.loopWrites;
    this.smallAddresses = cx.memories.map((_, i) => memoryOf(cx, i).smallAddresses);
    this.exceptions = usesExceptions(func.body);
    this.memory64 = cx.memories.map((_, i) => memoryOf(cx, i).addrType === 'i64');
    // Explicit mode only: in guard mode the proof is a fault LLVM does not know of (no-wrap.ts).
    this.noWrap = cx.opts.bounds !== 'explicit' || this.exceptions ? undefined : planNoWrap({
      type: this.type, localTypes: this.localTypes, loopWrites: this.loopWrites,
      types: cx.m.types, funcTypes: cx.funcTypes, loopPlan: (at) => this.loopPlan(func.body, at),
      smallAddresses: this.smallAddresses,
    }, func.body);

    // A `tailcc` function with more than two results returns them through `%res` (abi.ts).
    // On 32-bit ARM its Wasm parameters come after register fillers (abi.ts, tailSignature).
    // On riscv64 it takes everything in its tail buffer `%tb` instead (tail-buffer.ts).
    const tail = cx.tailcc.has(this.funcidx);
    const buffered = tail && cx.tailSlots !== undefined;
    const sig = tail ? cx.tailSignature(this.type) : { ...llvmSignature(this.type), first: 0 };
    const n = this.type.params.length;
    this.paramBase = 1 + sig.first;
    this.f = new FunctionBuilder(cx.funcSymbol(this.funcidx), sig.ret, [
      { ty: 'ptr', name: 'ctx', attrs: cx.abi.ctxParamAttrs },
      ...(buffered ? [{ ty: 'ptr', name: 'tb' }] : sig.params.map((ty, i) => ({ ty, name: i < sig.first ? `fill${i}` : i - sig.first < n ? `p${i - sig.first}` : i - sig.first === n && tailBuffered(this.type) ? 'res' : `pad${i}` }))),
    ]);
    this.f.linkage = cx.funcLinkage;
    this.f.cc = cx.ccOf(this.funcidx).trim();
    this.f.attrs = cx.attrsOf(this.funcidx);
    this.f.metadata = !cx.opts.quick;
    this.f.lean = cx.opts.quick;
    this.f.numbered = true;
    // A CompileError instead of running out of memory on hostile input (docs/security.md).
    this.f.maxChars = irCharLimit((func.body[func.body.length - 1]?.pos ?? func.pos) - func.pos + 1);
    this.ctx = this.f.param(0);
    this.resultBuffer = tail && !buffered && tailBuffered(this.type) ? this.f.param(this.paramBase + n) : undefined;
    this.tailBuffer = buffered ? this.f.param(1) : undefined;
    this.numericEnv = {
      f: this.f,
      declare: (name, retTy, params) => cx.declare(name, retTy, params),
      trapIf: (cond, kind) => this.trapIf(cond, kind),
      roundingKeepsSNaN: cx.opts.triple.startsWith('riscv64'),
      // An address one access has proven small, plus a small constant, in this copy of the
      // code (no-wrap.ts).
      addCannotWrap: (ins) => this.noWrap?.cannotWrap(ins, this.proven?.loop ?? null) ?? false,
    };
    this.simdEnv = {
      ...this.numericEnv,
      address: (addr, memarg, bytes, store) => memoryAddress(this, accessOf(this, undefined, memarg.memidx), addr, memarg.offset, bytes, store),
      memMd: `!tbaa ${cx.tbaa.memory}`,
      volatileAccesses: cx.opts.volatileAccesses,
      generic: !cx.opts.triple.startsWith('x86_64'),
      scalarF32: cx.opts.triple.startsWith('armv7'),
    };

    this.prologue(scan);
    this.translateBody(func.body);
    this.epilogue();
  }

  // ---- frames and branches -----------------------------------------------------------------
  /** Open a frame whose parameters are the top `params.length` operands, with its end block. */
  pushFrame(kind: FrameKind, params: ValType[], results: ValType[]): Frame {
    const endLabel = this.f.newBlock(kind === 'function' ? 'return' : 'end');
    return this.s.openFrame(kind, params, results, endLabel);
  }

  /** The frame's slots, created on first use. */
  slotsOf(frame: Frame): Value[] {
    if (frame.slots === undefined) {
      frame.slots = this.s.labelTypes(frame).map((t) => this.f.alloca(llvmType(t), 's', true));
      frame.slotTaint = frame.slots.map(() => false);
    }
    return frame.slots;
  }

  /**
   * Store the values a branch carries into the target's slots (the caller emits the jump).
   *
   *   store i32 %v, ptr %s4
   */
  branchTo(frame: Frame, values: Operand[]): void {
    frame.branched = true;
    if (values.length === 0) return;
    const slots = this.slotsOf(frame);
    values.forEach((o, i) => {
      // A load-derived value's store stays (the quick tier drops unread stores: dead-stores.ts).
      this.f.storeLocal(o.v, slots[i]!, !o.tainted);
      if (o.tainted) frame.slotTaint[i] = true;
    });
  }

  /** Push the values of the frame's slots (at its label). */
  loadSlots(frame: Frame): void {
    const types = this.s.labelTypes(frame);
    if (types.length === 0) return;
    const slots = this.slotsOf(frame);
    types.forEach((t, i) => this.s.push(this.f.load(llvmType(t), slots[i]!), frame.slotTaint[i]));
  }

  /**
   * The rest of the current block is unreachable: keep alive any tainted operand that the
   * jump discards (those above `keepHeight`, below the `carried` values the jump takes along).
   */
  setUnreachable(keepHeight = 0, carried = 0): void {
    for (let i = keepHeight; i < this.s.height - carried; i++) {
      const o = this.s.at(i);
      if (o.tainted) this.keepAlive(o);
    }
    this.s.unreachable = true;
    this.s.skipDepth = 0;
  }

  /** Call runtime helper `sym` with this function's ctx and `args` (instance.ts). */
  callRuntime(sym: string, retTy: string, args: Value[]): Value | undefined {
    return callRuntime(this.cx, this.f, this.ctx, sym, retTy, args);
  }

  // ---- traps -------------------------------------------------------------------------------
  private trapLabel(kind: TrapKind): string {
    let l = this.trapLabels.get(kind);
    if (l === undefined) {
      l = this.f.newBlock(`trap.${kind}.`);
      this.trapLabels.set(kind, l);
    }
    return l;
  }

  /**
   * Branch to the trap block of `kind` when `cond` holds; continue in a fresh block.
   *
   *   br i1 %c, label %trap.2.7, label %ok8, !prof !1
   *   ok8:
   */
  trapIf(cond: Value, kind: TrapKind): void {
    const ok = this.f.newBlock('ok');
    this.f.condBr(cond, this.trapLabel(kind), ok, this.cx.profUnlikely);
    this.f.setBlock(ok);
  }

  /** Trap unconditionally: `br label %trap.K`. */
  trap(kind: TrapKind): void {
    this.f.br(this.trapLabel(kind));
  }

  /**
   * Keep a load-derived value alive although nothing uses it (guard mode only; memory.ts):
   *
   *   call void asm sideeffect "", "r"(i32 %v)
   */
  keepAlive(o: Operand): void {
    if (!o.tainted || this.cx.opts.bounds !== 'guard') return;
    const f = this.f;
    if (vectorShape(o.v.ty) === undefined) return void f.callAsm('void', '', 'r', [o.v]);
    // A vector cannot go in an "r" operand on x86-64, and on aarch64 LLVM 16 then narrows the
    // load to one lane: pass both 64-bit halves instead.
    const v128 = llvmType('v128');
    const w = o.v.ty === v128 ? o.v : f.bitcast(o.v, v128);
    f.callAsm('void', '', 'r,r', [f.extractelement(w, i32(0)), f.extractelement(w, i32(1))]);
  }

  // ---- the three phases --------------------------------------------------------------------
  private prologue(scan: PreScan): void {
    const f = this.f;
    const tb = this.tailBuffer;
    const params = tb === undefined ? this.type.params.map((_, i) => f.param(this.paramBase + i)) : enterWithBuffer(this.cx, f, this.ctx, tb, this.funcidx, this.type);
    this.localTypes.forEach((t, i) => {
      const a = f.alloca(llvmType(t), 'l', true);
      this.locals.push(a);
      const v = i < params.length ? params[i]! : zeroOf(t);
      f.storeLocal(v, a, true);
      this.localValues.set(i, v);
    });
    // A base that never moves (guard mode) is loaded once, as an invariant (memory.ts);
    // memory 0's first, so that a function of one memory is translated as before.
    for (const memidx of [...scan.memories].sort((a, b) => a - b)) {
      if (memoryOf(this.cx, memidx).fixedBase) this.memBases.set(memidx, invariantBase(this, memidx));
    }
    if (scan.hasCall) this.stackCheck();
    this.pushFrame('function', [], this.type.results);
  }

  /**
   * Trap "call stack exhausted" when the stack pointer is below ctx->stack_limit.
   *
   *   %sp  = call i64 @llvm.read_register.i64(metadata !2)
   *   %lim = load i64, ptr <ctx+72>, !tbaa !ctx     ; not invariant: the runtime may move it
   *   %c   = icmp ult i64 %sp, %lim
   *   br i1 %c, label %trap.10.N, label %okM, !prof !1
   */
  private stackCheck(): void {
    const f = this.f;
    const { intptr, ctx } = this.cx.abi; // i32 on 32-bit targets
    this.cx.declare(`@llvm.read_register.${intptr}`, intptr, ['metadata']);
    const sp = f.call(intptr, `@llvm.read_register.${intptr}`, [{ ty: 'metadata', ref: this.cx.mdStackReg }])!;
    const limit = f.load(intptr, fieldPtr(f, this.ctx, ctx.stackLimit), { md: `!tbaa ${this.cx.tbaa.ctx}` });
    this.trapIf(f.icmp('ult', sp, limit), TrapKind.StackExhausted);
  }

  private translateBody(body: Instr[]): void {
    this.translateRange(body, 0, body.length);
    // Bodies from the decoder include the final `end`; close the function frame if not.
    if (this.s.ctrl.length > 0) endFrame(this);
  }

  /** body[from .. to-1], versioning the loops that qualify. */
  private translateRange(body: Instr[], from: number, to: number): void {
    for (let at = from; at < to; at++) {
      const ins = body[at]!;
      if (this.s.ctrl.length === 0) throw new Error(`instructions after the end of function ${this.funcidx}`);
      try {
        if (this.s.unreachable) this.skip(ins);
        else if (ins.op.name !== 'loop') this.translate(ins);
        else at = this.loop(body, at);
      } catch (e) {
        if (e instanceof CompileError && e.offset === undefined) {
          throw new CompileError(e.bare, { funcidx: this.funcidx, offset: ins.pos });
        }
        throw e;
      }
    }
  }

  /**
   * The `loop` at body[at], versioned when it qualifies (versioning.ts): the checks, the fast
   * copy, the slow copy, and a join after both. Returns the index of the last instruction
   * translated (the loop's `end`, or `at` itself when the loop is not versioned). For a nest
   * the fast copy holds both loops, each with its own counter; the slow copy's inner loop goes
   * through here again, so it may be versioned on its own.
   *
   *   <checks>; br i1 %ok, label %fastN, label %slowM
   * fastN:  … the loop, counted …  br label %joinK
   * slowM:  … the loop as always … br label %joinK
   * joinK:
   */
  private loop(body: Instr[], at: number): number {
    const plan = this.loopPlan(body, at);
    if (plan === undefined) {
      this.translate(body[at]!);
      return at;
    }
    const f = this.f;
    const { levels } = plan;
    const end = levels[0]!.end;
    const { fast, slow } = emitVersionChecks(this, plan);
    const join = f.newBlock('join');
    this.proven = provenAccesses(this, fast, body[at]!);
    for (let j = at; j <= end; j++) {
      const latch = levels.findIndex((l) => l.latch === j);
      if (latch >= 0) {
        fastLatch(this, fast, latch);
        continue;
      }
      const entered = levels.findIndex((l) => l.at === j);
      if (entered > 0) fastEnter(this, fast, entered);
      if (!fastSpecial(this, fast, body[j]!, levels.some((l) => l.end === j))) this.translate(body[j]!);
      if (entered >= 0) fast.levels[entered]!.iter = f.load('i64', fast.levels[entered]!.counter);
    }
    this.proven = undefined;
    f.br(join);
    this.localValues.forget();
    f.setBlock(slow);
    // The slow copy as always; a nest's inner loop may still be versioned on its own.
    this.translate(body[at]!);
    this.translateRange(body, at + 1, end + 1);
    f.setBlock(join);
    this.localValues.forget();
    return end;
  }

  /**
   * The versioning plan of the `loop` at body[at]; undefined: not versioned (or versioning is
   * off). Never for a shared memory 0 (the only memory versioning handles): the fast copy's
   * flattened `if` arms store the old value back when the condition fails (docs/abi.md), a
   * write another thread could see.
   */
  private loopPlan(body: Instr[], at: number): LoopPlan | undefined {
    if (!this.cx.opts.versionLoops || this.exceptions || this.cx.memories[0]?.shared === true) return undefined;
    if (!this.loopPlans.has(at)) this.loopPlans.set(at, planLoop(this, body, at));
    return this.loopPlans.get(at);
  }

  /** Skipping unreachable code: pair up nested block/loop/if with end; find our else/end. */
  private skip(ins: Instr): void {
    switch (ins.op.name) {
      case 'block':
      case 'loop':
      case 'if':
      case 'try_table':
      case 'try':
        this.s.skipDepth++;
        return;
      case 'else':
        if (this.s.skipDepth === 0) elseArm(this);
        return;
      case 'catch':
      case 'catch_all':
        // A legacy try's handler arm is reachable from its body's calls (legacy-exception.ts).
        if (this.s.skipDepth === 0) emitLegacy(this, ins);
        return;
      case 'delegate':
        if (this.s.skipDepth > 0) this.s.skipDepth--;
        else emitLegacy(this, ins);
        return;
      case 'end':
        if (this.s.skipDepth > 0) this.s.skipDepth--;
        else this.end();
        return;
    }
  }

  /** `end` of the innermost frame; a try_table's or a try's emits its landing pad first (exception.ts). */
  private end(): void {
    const h = handlerOf(this.s.top());
    if (h?.legacy !== undefined) endLegacy(this);
    else if (h !== undefined) endHandler(this);
    endFrame(this);
  }

  translate(ins: Instr): void {
    switch (ins.op.family) {
      case 'control':
        if (ins.op.name.startsWith('return_call')) {
          // A tail call leaves every try_table of this function: no landing pad applies.
          const unwind = this.f.unwind;
          this.f.unwind = undefined;
          emitCall(this, ins);
          this.f.unwind = unwind;
          return;
        }
        if (ins.op.name.includes('call')) return emitCall(this, ins);
        if (ins.op.name === 'end') return this.end();
        return emitControl(this, ins);
      case 'exception':
        return LEGACY.has(ins.op.name) ? emitLegacy(this, ins) : emitException(this, ins);
      case 'parametric':
      case 'variable':
        return emitVariable(this, ins);
      case 'memory':
        return emitMemory(this, ins);
      case 'atomic':
        return emitAtomic(this, ins);
      case 'table':
        return emitTable(this, ins);
      case 'reference':
        if (GC_LOWERED.has(ins.op.name)) return emitGc(this, ins);
        if (GC_CAST_LOWERED.has(ins.op.name)) return emitCast(this, ins);
        return emitReference(this, ins);
      case 'numeric': {
        const ops = this.s.popn(ins.op.sig?.params.length ?? 0);
        const tainted = ops.some((o) => o.tainted);
        if (ins.op.sig?.results.length === 2) {
          // Wide arithmetic: two i64 results, low half first.
          for (const r of emitWide(this.numericEnv, ins, ops.map((o) => o.v))) this.s.push(r, tainted);
          return;
        }
        return this.s.push(emitNumeric(this.numericEnv, ins, ops.map((o) => o.v)), tainted);
      }
      case 'simd': {
        const sig = ins.op.sig!;
        const ops = this.s.popn(sig.params.length);
        const r = emitSimd(this.simdEnv, ins, ops.map((o) => o.v));
        if (sig.results.length === 0) return;
        if (r === undefined) throw new Error(`${ins.op.name} produced no value`);
        // A SIMD load's value is load-derived like a scalar load's (memory.ts, keep-alive).
        const loads = ins.op.memBytes !== undefined && this.cx.opts.bounds === 'guard';
        return this.s.push(r, loads || ops.some((o) => o.tainted));
      }
    }
  }

  /**
   * Return from the function with `values`.
   *
   *   ret { i32, i64 } %agg     ; several results: insertvalue into a poison struct first
   */
  ret(values: Operand[]): void {
    const f = this.f;
    const vs = values.map((o) => o.v);
    if (this.tailBuffer !== undefined) return returnWithBuffer(f, this.tailBuffer, this.type, vs);
    this.retResult(cResult(f, this.type, vs));
  }

  /**
   * Return `r`, the results in the C convention (void, the value, or their struct). A
   * `tailcc` function with a result buffer stores the struct there instead:
   *
   *   store { i64, i64, i64 } %agg, ptr %res
   *   ret void
   * and one with a tail buffer stores each result into its slot (tail-buffer.ts).
   */
  retResult(r: Value | undefined): void {
    const f = this.f;
    if (this.tailBuffer !== undefined) return returnWithBuffer(f, this.tailBuffer, this.type, resultValues(f, this.type, r));
    if (this.resultBuffer === undefined) return f.ret(r);
    f.store(r!, this.resultBuffer);
    f.ret();
  }

  /**
   * The trap blocks, one per kind used:
   *
   *   trap.2.5:
   *     call void @awsm_trap(ptr %ctx, i32 2, i32 <funcidx>)
   *     unreachable
   */
  private epilogue(): void {
    const f = this.f;
    if (!f.isTerminated) f.unreachable();
    for (const [kind, label] of this.trapLabels) {
      f.setBlock(label);
      f.call('void', '@awsm_trap', [this.ctx, i32(kind), i32(this.funcidx)]);
      f.unreachable();
    }
    // Pure reordering within blocks, for the x86 backend's cmov converter (src/llvm/sink.ts),
    // which -O0 does not run.
    if (!this.cx.opts.quick) f.sinkSelects();
  }
}

/** Decodes function names for the comment line (one decoder for every function). */
const UTF8 = new TextDecoder();

/**
 * Translate defined function `defIndex` (index into m.funcs) and return its LLVM text, after
 * a comment line naming it:
 *
 *   ; function 3 "fac"
 */
export function translateFunction(cx: ModuleContext, defIndex: number): string {
  const t = new FuncTranslator(cx, defIndex);
  const name = cx.m.names.funcs.get(t.funcidx);
  const label = name === undefined ? '' : ` "${UTF8.decode(printableName(name))}"`;
  return `; function ${t.funcidx}${label}\n${t.f.toString()}`;
}

