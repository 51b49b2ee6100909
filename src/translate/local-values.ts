/**
 * Local-value forwarding: the SSA value each local was last set to on the current path, so
 * that `local.get` yields that value (what mem2reg would do later) instead of a load, and the
 * no-wrap facts (no-wrap.ts) can follow a value through a local.
 *
 * This is the part of the no-wrap analysis that stays state updated during emission, because
 * what it records are the SSA values emission makes: which `%t` a `local.get` returns is
 * decided as the IR is built. No-wrap.ts runs the same rules on symbolic values, ahead of
 * emission, and so predicts exactly which value each `local.get` yields. Forgotten where paths
 * merge (`else`, an `end` where paths join, a versioned loop's join) and, at a loop header, for
 * the locals the loop sets (the back edge may bring other values).
 *
 * Emits no IR: it holds values, never makes them.
 */
import type { Value } from '../llvm/builder.js';

export class LocalValues {
  /** Local index → the value last stored into it on this path, since the last merge. */
  private readonly values = new Map<number, Value>();

  /** Paths merge here: any local may hold any of several values. */
  forget(): void {
    this.values.clear();
  }

  /**
   * A loop header: the locals the loop sets (`written`; null: any) may hold other values when
   * the back edge is taken. The other locals keep theirs.
   */
  loopHeader(written: ReadonlySet<number> | null): void {
    if (written === null) return this.values.clear();
    for (const l of written) this.values.delete(l);
  }

  /** Local `idx` now holds `v`. */
  set(idx: number, v: Value): void {
    this.values.set(idx, v);
  }

  /** The value of local `idx` on this path, when known. */
  get(idx: number): Value | undefined {
    return this.values.get(idx);
  }
}
