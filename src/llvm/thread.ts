/**
 * Jump threading through empty blocks, as FunctionBuilder.toString prints a function: a block
 * that holds nothing but `br label %next` is left out, and branches to it go where its chain
 * of such blocks ends. It works on the builder's lines as data (sink.ts, Line: a terminator's
 * `targets`), and rewrites only the `label %L` operands of the terminators that need it.
 */
import type { Line } from './sink.js';

/**
 * Jump threading through empty blocks: for each block of `lines` (a function body after the
 * entry block's allocas) that holds nothing but `br label %next`, the block its chain of such
 * blocks ends in. The translator leaves many (an `if` without `else`, the continuation after
 * `br_if`, a block ending in a branch out): 41% of the blocks of a Go module, each costing
 * clang -O0 a machine block and a spill of every live value. There are no phis (values cross
 * blocks in allocas), so nothing but the branches names a block. A chain that loops (`bb3:
 * br label %bb3`, an empty infinite loop) is left alone.
 */
export function threadJumps(lines: readonly Line[]): Map<string, string> {
  /** Label → the label its block jumps to, for blocks that only jump. */
  const jump = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i]!;
    const next = lines[i + 1]!;
    if (l.kind === 'label' && next.kind === 'terminator' && next.targets?.length === 1 && next.md === undefined && next.text.startsWith('  br label %')) {
      jump.set(l.def!, next.targets[0]!);
    }
  }
  const target = new Map<string, string>();
  for (const [from, next] of jump) {
    // Most chains are one block long: no set of visited blocks for those.
    if (!jump.has(next)) {
      target.set(from, next);
      continue;
    }
    const seen = new Set<string>([from]);
    let to = next;
    while (jump.has(to) && !seen.has(to)) {
      seen.add(to);
      to = jump.get(to)!;
    }
    if (!seen.has(to)) target.set(from, to);
  }
  return target;
}

/** A terminator's text with every `label %L` whose block `target` threads through pointed at its target. */
export function retarget(text: string, target: ReadonlyMap<string, string>): string {
  let out = '';
  /** Where the text not yet copied to `out` starts. */
  let from = 0;
  for (let at = text.indexOf(LABEL); at >= 0; at = text.indexOf(LABEL, at)) {
    at += LABEL.length;
    let end = at;
    while (end < text.length && isLabelChar(text.charCodeAt(end))) end++;
    const t = target.get(text.slice(at, end));
    if (t !== undefined) {
      out += text.slice(from, at) + t;
      from = end;
    }
    at = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** What precedes a label operand. */
const LABEL = 'label %';

/** Whether character code `c` may be part of a label the builder makes: [A-Za-z0-9_.$-]. */
function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 45;
}
