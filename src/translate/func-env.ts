/**
 * What an instruction family (call, control, memory, reference, table, variable, versioning)
 * sees of the function being translated, split as in Cranelift's translator:
 *  - the translation state `s` (state.ts): value stack, control stack, reachability;
 *  - the environment: the module (`cx`: types, functions, memories, tables, globals; its
 *    answers to "how is function F called" and "where is memory N" in env.ts; the ABI access
 *    helpers of instance.ts), this function's index, type, `%ctx` and locals, and
 *    what the analyses found before translation (readLocals, loopWrites, proven accesses);
 *  - the IR builder `f` (src/llvm) and the locals' values on the current path (local-values.ts);
 *  - the emitters several families share: frames with their labels, branches, traps, runtime
 *    calls, the keep-alive of dead loads, return.
 * The translator class (function.ts) implements FuncEnv; families import this file, never
 * function.ts, so that no two files of src/ import each other (tests/unit/imports.test.ts).
 *
 * Emits no IR itself: it is types only.
 */
import type { FuncType, Instr, ValType } from '../binary/module.js';
import type { FunctionBuilder, Value } from '../llvm/builder.js';
import type { TrapKind } from './abi.js';
import type { ModuleContext } from './context.js';
import type { LocalValues } from './local-values.js';
import type { Frame, FrameKind, Operand, TranslationState } from './state.js';

/**
 * Accesses proven in bounds before the code being translated runs: the fast copy of a
 * versioned loop (versioning.ts). memory.ts (accessOf) asks it first and gives a known access
 * the "proven" bounds strategy; any other is addressed and checked as everywhere else.
 */
export interface ProvenAccesses {
  /** The versioned `loop` whose fast copy this is (the no-wrap plan answers per copy). */
  readonly loop: Instr;
  /**
   * The pointer and metadata of load or store `ins`, or undefined when `ins` is not proven.
   * Inside a flattened `if` arm, also the arm's condition (i1): a store then writes the old
   * value back unless it holds.
   */
  address(ins: Instr): { ptr: Value; md: string; pred?: Value } | undefined;
}

/** The function being translated, as the instruction families see it (function.ts). */
export interface FuncEnv {
  /** The translation state: value stack, control stack, reachability (state.ts). */
  readonly s: TranslationState;
  /** Module-level state and environment. */
  readonly cx: ModuleContext;
  /** The LLVM function being built. */
  readonly f: FunctionBuilder;
  /** This function's index in the function index space (for trap messages). */
  readonly funcidx: number;
  /** This function's type. */
  readonly type: FuncType;
  /** `%ctx`, the instance. */
  readonly ctx: Value;
  /**
   * `%res`, the result buffer of a `tailcc` function with more than two results (abi.ts,
   * tailSignature), which its tail calls pass on; undefined in every other function.
   */
  readonly resultBuffer: Value | undefined;
  /**
   * `%tb`, the tail buffer of a `tailcc` function on a target without `tailcc` (riscv64:
   * tail-buffer.ts), where its tail calls store their arguments; undefined elsewhere.
   */
  readonly tailBuffer: Value | undefined;
  /** Types of the parameters, then the declared locals. */
  readonly localTypes: readonly ValType[];
  /** One alloca per local (parameters first). */
  readonly locals: readonly Value[];
  /** Locals some `local.get` reads; stores of tainted values into the others need a keep-alive. */
  readonly readLocals: ReadonlySet<number>;
  /** Per memory the function accesses, its base loaded once in the entry block (guard mode only; see memory.ts). */
  readonly memBases: ReadonlyMap<number, Value>;
  /** Each local's value on the current path, for local.get to reuse (local-values.ts). */
  readonly localValues: LocalValues;
  /** Per `loop` instruction: the locals set inside it, null when there are many. */
  readonly loopWrites: ReadonlyMap<Instr, Set<number> | null>;
  /** While the fast copy of a versioned loop is translated: its proven accesses. */
  readonly proven: ProvenAccesses | undefined;

  /** Open a frame whose parameters are the top `params.length` operands, with its end block. */
  pushFrame(kind: FrameKind, params: ValType[], results: ValType[]): Frame;
  /** Store the values a branch carries into the target's slots (the caller emits the jump). */
  branchTo(frame: Frame, values: Operand[]): void;
  /** Push the values of the frame's slots (at its label). */
  loadSlots(frame: Frame): void;
  /** The rest of the current block is unreachable (keeping discarded tainted operands alive). */
  setUnreachable(keepHeight?: number, carried?: number): void;
  /** Call runtime helper `sym` with this function's ctx and `args` (instance.ts). */
  callRuntime(sym: string, retTy: string, args: Value[]): Value | undefined;
  /** Branch to the trap block of `kind` when `cond` holds; continue in a fresh block. */
  trapIf(cond: Value, kind: TrapKind): void;
  /** Trap unconditionally. */
  trap(kind: TrapKind): void;
  /** Keep a load-derived value alive although nothing uses it (guard mode only). */
  keepAlive(o: Operand): void;
  /** Return from the function with `values`. */
  ret(values: Operand[]): void;
  /** Return a C-convention call's result `r` (void, one value, or the results' struct). */
  retResult(r: Value | undefined): void;
}
