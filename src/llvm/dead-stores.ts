/**
 * Dead stores into a function's local allocas, found as the quick tier's IR is emitted
 * (FunctionBuilder with `lean`), without a control-flow graph:
 *
 *  - a store overwritten by a later store into the same alloca in the same block, with no
 *    read of the alloca between them;
 *  - every store into an alloca that nothing in the function reads.
 *
 * Both are left out when the function is printed (the alloca too, when no store into it
 * stays). LLVM -O0 runs no dead-store elimination: each such store is a spill clang would
 * emit; the optimising tier's mem2reg removes them all, so there the builder keeps them
 * (docs/benchmarks.md, "The quick tier, round 11").
 *
 * Which allocas: only those made with `local` (FunctionBuilder.alloca): a Wasm local or a
 * branch slot, whose address is only ever the pointer of the builder's load and store. Any
 * other use of its address (a call argument, a GEP, a store of the address itself) counts
 * as a read for ever, so the alloca keeps all its stores; this also covers code that breaks
 * the promise. A trap or a call that unwinds out of the function ends the frame, so no
 * one reads a store before it; an `invoke` (a call that may unwind into a landing pad of this
 * function, which may load the local) ends its block, and a store pending at a block end is
 * never dropped as overwritten. A store the translator asks to keep (`droppable` false: a
 * value loaded from linear memory in guard mode, whose load must stay to trap: memory.ts)
 * is never dropped; it still ends the life of the store before it.
 */
import type { Line } from './sink.js';
import type { Value } from './values.js';

export class DeadStores {
  /** The local allocas' refs. */
  private readonly locals = new Set<string>();
  /** Local allocas something reads: a load, or any use but a store's pointer. */
  private readonly read = new Set<string>();
  /** Local allocas with a store that must stay (their alloca line stays too). */
  private readonly kept = new Set<string>();
  /**
   * Per local alloca, the line index of its last droppable store when nothing has read the
   * alloca since; valid only while it is in the current block (after blockStart).
   */
  private readonly pending = new Map<string, number>();
  /** The line index of the current block's label (-1: the entry block). */
  private blockStart = -1;
  /** The line indices of every droppable store, in order (dropped at the end if unread). */
  private readonly droppable: number[] = [];

  /**
   * The second characters of the locals' refs (`%l3`: 'l', a letter), as bits: most refs
   * (numbered values, constants, globals) are ruled out by this without a lookup (isLocal runs
   * for every operand of every line).
   */
  private hints = 0;

  /** Alloca `ref` (`%` and a letter first, as FunctionBuilder.tmp names it) is a local. */
  addLocal(ref: string): void {
    this.locals.add(ref);
    this.hints |= 1 << (ref.charCodeAt(1) & 31);
  }

  /** Whether `ref` names a local alloca. */
  isLocal(ref: string): boolean {
    const c = ref.charCodeAt(1);
    return ref.charCodeAt(0) === 37 && c >= 64 && (this.hints & (1 << (c & 31))) !== 0 && this.locals.has(ref);
  }

  /** A new block starts at line `at` (its label). */
  enterBlock(at: number): void {
    this.blockStart = at;
  }

  /** Local `ref` is read (a load, or a use that may read it). */
  readLocal(ref: string): void {
    this.read.add(ref);
    this.pending.delete(ref);
  }

  /** A line other than a local's load or store reads `uses`: any local among them is read. */
  uses(uses: readonly Value[]): void {
    for (let i = 0; i < uses.length; i++) {
      const r = uses[i]!.ref;
      if (this.isLocal(r)) {
        this.readLocal(r);
        this.kept.add(r);
      }
    }
  }

  /**
   * A store into local `ref` at line `at`: the line index of the store it overwrites unread
   * in this block (the caller leaves that one out), else -1.
   */
  store(ref: string, at: number, droppable: boolean): number {
    const before = this.pending.get(ref);
    const dead = before !== undefined && before > this.blockStart ? before : -1;
    if (droppable) {
      this.pending.set(ref, at);
      this.droppable.push(at);
    } else {
      this.pending.delete(ref);
      this.kept.add(ref);
    }
    return dead;
  }

  /**
   * At the end of the function: the line indices of the droppable stores still in `lines`
   * (`isDead` tells those already left out) whose alloca nothing reads.
   */
  unread(lines: readonly Line[], isDead: (l: Line) => boolean): number[] {
    const out: number[] = [];
    for (const at of this.droppable) {
      const l = lines[at]!;
      if (!isDead(l) && !this.read.has(l.uses[1]!.ref)) out.push(at);
    }
    return out;
  }

  /** Whether local alloca `ref`'s own line can go: nothing reads it and no store into it stays. */
  unused(ref: string): boolean {
    return this.locals.has(ref) && !this.read.has(ref) && !this.kept.has(ref);
  }
}
