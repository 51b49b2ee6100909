/**
 * What the translator knows about i32 values on the current path, so that address arithmetic
 * can carry `nuw` (docs/abi.md, "No-wrap address arithmetic").
 *
 * Wasm's `i32.add` wraps, so `p + 8` becomes `add i32 %p, 8` and the address
 * `zext(p + 8)` is not `zext(p) + 8` to LLVM. Adjacent accesses then do not look adjacent, and
 * neither the SLP nor the loop vectorizer can combine them, nor can x86 addressing absorb the
 * constant. But an access at `p` that has completed proves `p + offset + width <= memory size`,
 * and the runtime never lets a memory grow past AWSM_MAX_PAGES = 65,535 pages (awsm_abi.h), so
 * `p <= 2^32 - 2^16 - 1`, and `p + c` cannot wrap for any constant `0 <= c <= 2^16`. In code
 * that the access dominates, `i32.add p, c` is emitted as `add nuw i32 %p, c`.
 *
 * Two records, both only ever describing the current path:
 *  - bounded SSA values: the address operands of completed accesses. A value recorded inside
 *    a frame is forgotten where that frame's code stops dominating what follows: at `else`,
 *    and at an `end` where paths merge (an `if`, or a block something branched to). A value
 *    recorded before a loop holds in it: SSA values are immutable, and the loop entry is
 *    dominated by the access.
 *  - the value each local was last set to, so that `local.get` yields that SSA value (what
 *    mem2reg would do later) and facts about it carry over; after a `local.get` that had to
 *    load, the loaded value. Forgotten at merges: `else`, merging ends, and at a loop header
 *    for the locals the loop sets (the back edge may bring other values).
 *
 * Both are undone or cleared in amortised constant time per entry, so hostile nesting stays
 * linear.
 *
 * Explicit mode only (function.ts). There the check before the access is a branch LLVM sees.
 * In guard mode the access "completes" because an out-of-bounds one faults, which LLVM does
 * not model: to LLVM a loop that really ends in that fault runs on, its `add nuw` would wrap,
 * and it concludes the loop must leave by its exit test before that. From there it rewrote
 * other addresses of the loop into 64-bit induction variables that went below the memory
 * base (tests/diff/loops.ts found it; tests/diff/regressions/guard-nuw-loop-escape.wat).
 */
import type { Value } from '../llvm/builder.js';
import { MAX_PAGES, PAGE_SIZE } from './abi.js';

/**
 * The largest constant `c` for which `p + c` cannot wrap when `p` is bounded: a bounded `p` is
 * below MAX_PAGES * PAGE_SIZE, so 2^32 minus that (65,536).
 */
const MAX_NO_WRAP_CONSTANT = 2 ** 32 - MAX_PAGES * PAGE_SIZE;

export class PathFacts {
  /** Bounded SSA values (by name), with how many times each is recorded in `log`. */
  private readonly bounded = new Map<string, number>();
  /** Bounded values in the order recorded, so that a frame's records can be undone. */
  private readonly log: string[] = [];
  /** Local index → the value last stored into it on this path, since the last merge. */
  private readonly locals = new Map<number, Value>();

  /** An access at `addr` has been emitted: from here on (while dominated), `addr` is bounded. */
  noteAccess(addr: Value): void {
    if (addr.k !== undefined) return; // constants need no record
    this.bounded.set(addr.ref, (this.bounded.get(addr.ref) ?? 0) + 1);
    this.log.push(addr.ref);
  }

  /** `a + b` (i32) cannot wrap: one side is bounded and the other a constant in [0, 2^16]. */
  addCannotWrap(a: Value, b: Value): boolean {
    return (this.bounded.has(a.ref) && smallConstant(b)) || (this.bounded.has(b.ref) && smallConstant(a));
  }

  /** A position to return to with `merge`. */
  mark(): number {
    return this.log.length;
  }

  /** Forget the bounded values recorded since `mark`, and every local's value (a merge). */
  merge(mark: number): void {
    while (this.log.length > mark) {
      const ref = this.log.pop()!;
      const n = this.bounded.get(ref)! - 1;
      if (n === 0) this.bounded.delete(ref);
      else this.bounded.set(ref, n);
    }
    this.locals.clear();
  }

  /**
   * A loop header: the locals the loop sets (`written`; null: any) may hold other values when
   * the back edge is taken. Bounded values and the other locals stay valid.
   */
  loopHeader(written: ReadonlySet<number> | null): void {
    if (written === null) return this.locals.clear();
    for (const l of written) this.locals.delete(l);
  }

  setLocal(idx: number, v: Value): void {
    this.locals.set(idx, v);
  }

  /** The value of local `idx` on this path, when known. */
  local(idx: number): Value | undefined {
    return this.locals.get(idx);
  }
}

/** `v` is a constant in [0, 2^16] (an i32's `k` is unsigned: negative constants are huge). */
function smallConstant(v: Value): boolean {
  return v.k !== undefined && v.k <= BigInt(MAX_NO_WRAP_CONSTANT);
}
