/**
 * Transcripts of the differential tests (tests/diff/driver.c writes awsm's, v8.ts V8's; the
 * format is at the top of driver.c): splitting the driver's output by module, and comparing
 * one module's two transcripts under the rules of diff.ts (NaN as any NaN, nothing after a
 * stack overflow, memory hashes that may differ by NaN bits without --denan).
 *
 * Also the first half of the rule for guard mode's dead-load gap (docs/security.md): a
 * difference can be that gap only if V8 trapped "memory" in the call where the transcripts
 * first differ, or in an earlier one (deadLoadShape). The second half, the proof, is diff.ts's
 * runBatch: the module compiled with volatile accesses, and in explicit mode, must both agree
 * with V8.
 */

/** A transcript cut into its head (up to the first call) and one block per call. */
function blocks(transcript: string): string[][] {
  const out: string[][] = [[]];
  for (const line of transcript.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('call ') || line.startsWith('end ')) out.push([]);
    out[out.length - 1]!.push(line);
  }
  return out;
}

const sameBlock = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((l, j) => l === y[j]);

/**
 * `same`: equal under the rules (`allowed` names the rule that let a difference pass).
 * Otherwise `block` is the index of the first differing block (0: the head, i: the i-th call).
 */
export type Verdict =
  | { same: true; calls: number; allowed?: string }
  | { same: false; calls: number; detail: string; block: number };

/** Compare the transcripts of one module (see the rules at the top of diff.ts). */
export function compareTranscripts(awsm: string, v8: string, c: { denan: boolean; floats: boolean }): Verdict {
  const a = blocks(awsm);
  const b = blocks(v8);
  let calls = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? [];
    const y = b[i] ?? [];
    const stack = x.includes('trap stack') || y.includes('trap stack');
    if (x[0]?.startsWith('call ')) calls++;
    if (sameBlock(x, y)) continue;
    if (stack) return { same: true, calls, allowed: 'stack exhaustion (depths differ)' };
    // Memory hashes may differ by NaN bit patterns stored to memory.
    if (!c.denan && c.floats) {
      const strip = (ls: string[]): string[] => ls.map((l) => (l.startsWith('mem ') ? l.replace(/ [0-9a-f]+$/, '') : l));
      if (sameBlock(strip(x), strip(y))) {
        // Only the hash differs; later blocks may still differ for the same reason.
        const rest = compareTranscripts(strip(a.slice(i + 1).flat()).join('\n'), strip(b.slice(i + 1).flat()).join('\n'), { denan: true, floats: false });
        if (rest.same) return { same: true, calls: calls + rest.calls, allowed: 'memory differs, NaN bits possible (no --denan)' };
        return { ...rest, calls: calls + rest.calls, block: i + rest.block }; // rest's block 0 is empty
      }
    }
    let j = 0;
    while (j < Math.min(x.length, y.length) && x[j] === y[j]) j++;
    const context = (ls: string[]): string => ls.slice(Math.max(0, j - 2), j + 3).join(' | ');
    return { same: false, calls, detail: `${x[0] ?? y[0] ?? ''}: awsm [${context(x)}] vs V8 [${context(y)}]`, block: i };
  }
  return { same: true, calls };
}

/** The index of the first block in which two transcripts differ (an unfinished one included). */
export function firstDifference(awsm: string, v8: string): number {
  const a = blocks(awsm);
  const b = blocks(v8);
  let i = 0;
  while (i < Math.max(a.length, b.length) && sameBlock(a[i] ?? [], b[i] ?? [])) i++;
  return i;
}

/**
 * Whether a guard-mode difference first seen in block `block` has the shape of guard mode's
 * dead-load gap (src/translate/memory.ts): V8 trapped "memory" in that call or in an earlier
 * one (in the head: the start function or a data segment). The gap is LLVM deleting, sinking
 * or folding a load whose address is out of bounds, and with it the fault (awsm then does not
 * trap, traps later with another trap, hangs in a loop that this fault should have ended, or
 * has stored what V8 had not yet stored when it trapped); without an out-of-bounds access in
 * V8 there was no such load. The shape alone proves nothing: see diff.ts's runBatch.
 */
export function deadLoadShape(v8: string, block: number): boolean {
  return blocks(v8)
    .slice(0, block + 1)
    .some((b) => b.includes('trap memory'));
}

/** Split the driver's output into transcripts by module index; unfinished ones go to `partial`. */
export function splitTranscripts(stdout: string): { done: Map<number, string>; partial: Map<number, string> } {
  const done = new Map<number, string>();
  const partial = new Map<number, string>();
  let current: number | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const start = /^module (\d+)$/.exec(line);
    if (start !== null) {
      current = Number(start[1]);
      lines = [line];
      continue;
    }
    if (current === undefined) continue;
    lines.push(line);
    if (line === `end ${current}`) {
      done.set(current, lines.join('\n') + '\n');
      current = undefined;
    }
  }
  if (current !== undefined) partial.set(current, lines.filter((l) => l !== '').join('\n') + '\n');
  return { done, partial };
}
