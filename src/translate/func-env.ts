/**
 * What an instruction family (call, control, memory, reference, table, variable, versioning)
 * sees of the function being translated: the value and control stacks with their verbs, the
 * function's locals and facts, the module environment, and the emitters shared by several
 * families (traps, runtime calls, keep-alive, return). The translator class (function.ts)
 * implements FuncEnv; families import this file, never function.ts, so that no two files of
 * src/ import each other (tests/unit/imports.test.ts).
 *
 * Emits no IR itself: it is types only.
 */
import type { FuncType, Instr, ValType } from '../binary/module.js';
import type { FunctionBuilder, Value } from '../llvm/builder.js';
import type { TrapKind } from './abi.js';
import type { ModuleContext } from './context.js';
import type { PathFacts } from './facts.js';

/** One value-stack entry. */
export interface Operand {
  v: Value;
  /**
   * The value is derived from a linear-memory load (guard mode): if it ends up unused, the
   * load must still be kept so that an out-of-bounds access traps (memory.ts, keepAlive).
   */
  tainted: boolean;
}

/** The kinds of control frame: the function body, and the three structured instructions. */
export type FrameKind = 'function' | 'block' | 'loop' | 'if';

/** One control-stack frame. */
export interface Frame {
  kind: FrameKind;
  /** The frame's parameter types (the function frame: none; its locals hold the parameters). */
  params: ValType[];
  /** The frame's result types. */
  results: ValType[];
  /** Value-stack height below the frame's parameters. */
  height: number;
  /** The block after `end` (for the function frame: the return block). Placed only if branched to. */
  endLabel: string;
  /** loop: the header, target of the loop's branches. */
  headerLabel?: string;
  /** if: the label of the else arm (taken when the condition is false). */
  elseLabel?: string;
  /** if: `else` has been translated. */
  elseSeen: boolean;
  /** if: the parameters, passed again to the else arm (or straight to `end` without else). */
  ifParams: Operand[];
  /**
   * Allocas carrying branch values to the frame's label: the loop parameters (loop) or the
   * results (others). Created on first use; mem2reg turns them into phis.
   */
  slots?: Value[];
  /** Per slot: some value stored into it was tainted. */
  slotTaint: boolean[];
  /** Some branch (or the fall-through of an `if` arm) targets the frame's label. */
  branched: boolean;
  /** PathFacts.mark() where the frame began: what its code learnt is undone at a merge. */
  factMark: number;
}

/**
 * Accesses proven in bounds before the code being translated runs: the fast copy of a
 * versioned loop (versioning.ts). memory.ts asks it first; for an access it does not know,
 * memory.ts computes the address and checks it as everywhere else (memoryAddress).
 */
export interface ProvenAccesses {
  /** The pointer and metadata of load or store `ins`, or undefined when `ins` is not proven. */
  address(ins: Instr): { ptr: Value; md: string } | undefined;
  /**
   * Inside a flattened `if` arm: the arm's condition (i1). A store then writes the old value
   * back unless the condition holds.
   */
  readonly pred: Value | undefined;
}

/** The function being translated, as the instruction families see it (function.ts). */
export interface FuncEnv {
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
  /** Types of the parameters, then the declared locals. */
  readonly localTypes: readonly ValType[];
  /** One alloca per local (parameters first). */
  readonly locals: readonly Value[];
  /** Locals some `local.get` reads; stores of tainted values into the others need a keep-alive. */
  readonly readLocals: ReadonlySet<number>;
  /** Per local: a tainted value was stored into it (in translation order; see docs/abi.md). */
  readonly localTaint: boolean[];
  /** The value stack. */
  readonly stack: Operand[];
  /** The control stack; [0] is the function frame. */
  readonly ctrl: Frame[];
  /** The code being translated is unreachable (being skipped). */
  unreachable: boolean;
  /** ctx->mem0_base, loaded once in the entry block (guard mode only; see memory.ts). */
  readonly memBase: Value | undefined;
  /** Bounded addresses and local values on the current path (facts.ts). */
  readonly facts: PathFacts;
  /** Per `loop` instruction: the locals set inside it, null when there are many. */
  readonly loopWrites: ReadonlyMap<Instr, Set<number> | null>;
  /** While the fast copy of a versioned loop is translated: its proven accesses. */
  readonly proven: ProvenAccesses | undefined;

  /** Push a value (tainted: derived from a load, see Operand). */
  push(v: Value, tainted?: boolean): void;
  pop(): Operand;
  /** Pop n operands, bottom first. */
  popn(n: number): Operand[];
  /** The top n operands, bottom first, left on the stack. */
  peekn(n: number): Operand[];
  /** Open a frame whose parameters are the top `params.length` operands. */
  pushFrame(kind: FrameKind, params: ValType[], results: ValType[]): Frame;
  /** The frame a branch to label `depth` targets. */
  frameAt(depth: number): Frame;
  /** The types a branch to `frame` carries. */
  labelTypes(frame: Frame): ValType[];
  /** The block a branch to `frame` jumps to: a loop's header, anything else's end. */
  labelOf(frame: Frame): string;
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
}
