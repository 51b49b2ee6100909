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
 * only past instructions that do not use it, never past a terminator or out of its block.
 * A store of the select into one of the function's own allocas (a Wasm local or a branch slot,
 * which are only ever loaded and stored, never passed anywhere) moves with it, but only past
 * instructions that do not mention that alloca: nothing else can observe it (a trap or call
 * in between ends or leaves the function's frame invisible to others).
 */

const SELECT = /^ {2}(%[\w.$]+) = select /;
const TERMINATOR = /^ {2}(?:br|ret|switch|unreachable|indirectbr|resume)\b/;
const STORE = /^ {2}store (?:.+) (%[\w.$]+), ptr (%[\w.$]+)$/;

/** How far (in instructions) a select may move; keeps the pass linear in practice. */
const WINDOW = 48;

function mentions(line: string, name: string): boolean {
  let at = line.indexOf(name);
  while (at >= 0) {
    const next = line.charCodeAt(at + name.length);
    // a name continues with [A-Za-z0-9_.$]
    const cont = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95 || next === 46 || next === 36;
    if (!cont) return true;
    at = line.indexOf(name, at + 1);
  }
  return false;
}

/**
 * Move every `select` in `lines` (a function body: labels at column 0, instructions indented
 * by two spaces) down to just before the first instruction of its block that uses it (or the
 * block's terminator, or the next select), taking along stores of it into `allocas`.
 */
export function sinkSelects(lines: string[], allocas: ReadonlySet<string>): void {
  // Bottom-up, each select once: a select stops at the next select (the pair then stays
  // adjacent), which has already moved as far as it goes.
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = SELECT.exec(lines[i]!);
    if (m === null) continue;
    const name = m[1]!;
    const moved = [i];
    const pending: string[] = [];
    let stop = -1;
    for (let j = i + 1; j < lines.length && j - i <= WINDOW; j++) {
      const l = lines[j]!;
      if (!l.startsWith('  ') || TERMINATOR.test(l) || SELECT.test(l)) { stop = j; break; }
      if (mentions(l, name)) {
        const st = STORE.exec(l);
        if (st !== null && st[1] === name && allocas.has(st[2]!) && !pending.includes(st[2]!)) {
          moved.push(j);
          pending.push(st[2]!);
          continue;
        }
        stop = j;
        break;
      }
      if (pending.some((a) => mentions(l, a))) { stop = j; break; }
    }
    // no use or block end within the window, or nothing to move past: leave it
    if (stop < 0 || stop - i === moved.length) continue;
    const movedLines = moved.map((k) => lines[k]!);
    const keep: string[] = [];
    for (let k = i; k < stop; k++) if (!moved.includes(k)) keep.push(lines[k]!);
    // the same number of lines, rewritten in place
    [...keep, ...movedLines].forEach((l, k) => { lines[i + k] = l; });
  }
}
