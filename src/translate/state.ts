/**
 * The translation state of one function, as in Cranelift's Wasm translator: what changes
 * from one instruction to the next and nothing else. A value stack of SSA values with tiny
 * verbs (push, pop, popn, peekn, resetTo), a control stack of tagged frames recording their
 * parameter and result types and the value-stack height below their parameters, and
 * reachability. Everything that does not change while a function is translated (the module,
 * the function's type, its locals, analysis results) is the environment (func-env.ts); the IR
 * being built is src/llvm's.
 *
 * Emits no IR: it holds LLVM values and block labels, never makes them.
 */
import type { ValType } from '../binary/module.js';
import type { Value } from '../llvm/builder.js';

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
}

export class TranslationState {
  /**
   * The value stack, bottom first: entries 0 to height - 1. The array is never shortened
   * (entries above the height are stale): V8 gives an array's storage back when it empties,
   * as the stack does after nearly every statement, and allocates it again at the next push.
   */
  private readonly stack: Operand[] = [];
  /** The number of operands on the value stack. */
  height = 0;
  /** The control stack, outermost first; [0] is the function frame. */
  readonly ctrl: Frame[] = [];
  /** The code being translated is unreachable: it is skipped, only pairing up block ends. */
  unreachable = false;
  /** While skipping: the depth of blocks opened inside the unreachable code. */
  skipDepth = 0;
  /**
   * Per local (parameters first): some tainted value was stored into it, in translation
   * order (docs/abi.md, "dead loads"); a `local.get` of it pushes a tainted value.
   */
  readonly localTaint: boolean[];
  /** Names the function in the messages of internal errors (a stack underflow). */
  private readonly where: string;

  constructor(numLocals: number, where: string) {
    this.localTaint = new Array<boolean>(numLocals).fill(false);
    this.where = where;
  }

  // ---- value stack -------------------------------------------------------------------------
  push(v: Value, tainted = false): void {
    this.stack[this.height++] = { v, tainted };
  }
  pop(): Operand {
    if (this.height === 0) throw new Error(`value stack underflow in ${this.where}`);
    return this.stack[--this.height]!;
  }
  /** Pop n operands, bottom first. */
  popn(n: number): Operand[] {
    const out = this.peekn(n);
    this.height -= n;
    return out;
  }
  /** The top n operands, bottom first, left on the stack. */
  peekn(n: number): Operand[] {
    if (n > this.height) throw new Error(`value stack underflow in ${this.where}`);
    return this.stack.slice(this.height - n, this.height);
  }
  /** The operand at depth `i` from the bottom (i < height). */
  at(i: number): Operand {
    if (i >= this.height) throw new Error(`no operand ${i} on the value stack in ${this.where}`);
    return this.stack[i]!;
  }
  /** Cut the stack back to `height` (a frame's), then push `values` (an `if`'s parameters). */
  resetTo(height: number, values: readonly Operand[] = []): void {
    this.height = height;
    for (const o of values) this.stack[this.height++] = o;
  }

  // ---- control stack -----------------------------------------------------------------------
  /**
   * Open a frame of `kind` whose parameters are the top `params.length` operands (the
   * function frame has none: its height is that of the empty stack).
   */
  openFrame(kind: FrameKind, params: ValType[], results: ValType[], endLabel: string): Frame {
    const frame: Frame = {
      kind,
      params,
      results,
      height: this.height - (kind === 'function' ? 0 : params.length),
      endLabel,
      elseSeen: false,
      ifParams: [],
      slotTaint: [],
      branched: false,
    };
    this.ctrl.push(frame);
    return frame;
  }
  /** The innermost frame. */
  top(): Frame {
    return this.frameAt(0);
  }
  /** Close the innermost frame. */
  closeFrame(): Frame {
    const frame = this.top();
    this.ctrl.pop();
    return frame;
  }
  /** The frame a branch to label `depth` targets. */
  frameAt(depth: number): Frame {
    const frame = this.ctrl[this.ctrl.length - 1 - depth];
    if (frame === undefined) throw new Error(`bad label ${depth} in ${this.where}`);
    return frame;
  }
  /** The types a branch to `frame` carries: a loop's parameters, anything else's results. */
  labelTypes(frame: Frame): ValType[] {
    return frame.kind === 'loop' ? frame.params : frame.results;
  }
  /** The block a branch to `frame` jumps to: a loop's header, anything else's end. */
  labelOf(frame: Frame): string {
    return frame.kind === 'loop' ? frame.headerLabel! : frame.endLabel;
  }
}
