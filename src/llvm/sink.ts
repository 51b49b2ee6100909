/**
 * Sinking `select`s to their first use within their block: a reordering of pure instructions
 * that gives x86's cmov converter a chance (FunctionBuilder.sinkSelects).
 *
 * Why: a Wasm producer writes `c ? x : y` as a `select` and often interleaves the operands of
 * the next select on the same condition between two selects (binary search:
 * `hi = c ? hi : mid; lo = c ? mid + 1 : lo` becomes select, add, select). LLVM keeps that
 * order down to instruction selection, and X86CmovConversion, which turns a group of cmovs on
 * one condition into a branch when the condition waits on a load in a loop (there the branch
 * lets the CPU run ahead, the cmov makes every iteration wait for memory), only considers a
 * group whose cmovs are adjacent. Native clang puts `mid + 1` before both selects; moving each
 * select down to its first use gives the same adjacent group, and the backend's own cost model
 * decides, as it does for native code.
 *
 * Why it is safe: `select` has no side effects and cannot trap; its operands are defined
 * before its old position, so they still dominate the new one in the same block; it moves
 * only past instructions that do not use it, never past a terminator or a `musttail` call (only
 * `ret` may follow one) or out of its block.
 * A store of the select into one of the function's own allocas (a Wasm local or a branch slot,
 * which are only ever loaded and stored, never passed anywhere) moves with it, but only past
 * instructions that do not mention that alloca: nothing else can observe it (a trap or call
 * in between ends or leaves the function's frame invisible to others).
 *
 * It works on the builder's lines as data (kind, uses, defined name), never on their text:
 * every builder method records the values it reads, so "uses" is exact.
 */
import type { Value } from './values.js';

/**
 * One line of a function body as the builder keeps it until the function is serialised: the
 * printed text, and what sinking needs to know without reading the text.
 */
export interface Line {
  /** The line as printed: a label `name:`, or an instruction indented by two spaces. */
  readonly text: string;
  /**
   * A block label, a terminator, a select, a store that may move with its select, a barrier
   * (a `musttail` call, which only a `ret` may follow: nothing moves past it), or other.
   */
  readonly kind: 'label' | 'terminator' | 'select' | 'store' | 'barrier' | 'other';
  /**
   * Every value the instruction reads (an SSA value, or a constant): the array its builder
   * method was given, kept as it is (one allocation per line fewer than a copy of the refs).
   * A store's are the value, then the pointer.
   */
  readonly uses: readonly Value[];
  /** The SSA name the instruction defines, if any; a label's line: the label. */
  readonly def?: string;
  /**
   * Metadata attachments (`!tbaa !8, !invariant.load !0`, `!prof !1`), printed after `text`
   * and a comma when the function's `metadata` is on (FunctionBuilder.metadata).
   */
  readonly md?: string;
  /** A terminator: the labels it may branch to (FunctionBuilder.toString threads through empty blocks). */
  readonly targets?: readonly string[];
}

/** Whether `l` reads the value named `ref`. */
function reads(l: Line, ref: string): boolean {
  for (const u of l.uses) if (u.ref === ref) return true;
  return false;
}

/** How far (in instructions) a select may move; keeps the pass linear in practice. */
const WINDOW = 48;

/**
 * Move every `select` in `lines` (a function body) down to just before the first instruction
 * of its block that uses it (or the block's terminator, or the next select), taking along
 * stores of it into `allocas`.
 */
export function sinkSelects(lines: Line[], allocas: ReadonlySet<string>): void {
  // Bottom-up, each select once: a select stops at the next select (the pair then stays
  // adjacent), which has already moved as far as it goes.
  for (let i = lines.length - 1; i >= 0; i--) {
    const sel = lines[i]!;
    if (sel.kind !== 'select' || sel.def === undefined) continue;
    const name = sel.def;
    const moved = [i];
    const pending: string[] = [];
    let stop = -1;
    for (let j = i + 1; j < lines.length && j - i <= WINDOW; j++) {
      const l = lines[j]!;
      if (l.kind === 'label' || l.kind === 'terminator' || l.kind === 'barrier' || l.kind === 'select') { stop = j; break; }
      if (reads(l, name)) {
        // kind 'store' (no alignment or metadata): uses are the stored value and the pointer.
        const ptr = l.kind === 'store' && l.uses[0]!.ref === name ? l.uses[1]!.ref : undefined;
        if (ptr !== undefined && allocas.has(ptr) && !pending.includes(ptr)) {
          moved.push(j);
          pending.push(ptr);
          continue;
        }
        stop = j;
        break;
      }
      if (pending.some((a) => reads(l, a))) { stop = j; break; }
    }
    // no use or block end within the window, or nothing to move past: leave it
    if (stop < 0 || stop - i === moved.length) continue;
    const movedLines = moved.map((k) => lines[k]!);
    const keep: Line[] = [];
    for (let k = i; k < stop; k++) if (!moved.includes(k)) keep.push(lines[k]!);
    // the same number of lines, rewritten in place
    [...keep, ...movedLines].forEach((l, k) => { lines[i + k] = l; });
  }
}
