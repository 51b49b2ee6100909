/**
 * Dead stores into a function's own allocas, for the quick tier's IR (FunctionBuilder with
 * `lean`, as toString prints the function).
 *
 * A Wasm local or a branch slot is an alloca that is only ever loaded and stored (never
 * passed anywhere), and -O0 keeps every store: a `local.set` whose value no later `local.get`
 * reads (local-values.ts hands the value itself to the `local.get`s of its own path), the
 * zeroing of a declared local that is written before it is read. A store is dead when no path
 * from it reaches a load of its alloca before another store into it; this is the classic
 * backward liveness, per alloca, over the function's blocks (a quick partition of go-utf8:
 * about a third of its 22,000 stores into allocas, 4% of its IR instructions).
 *
 * What counts, on the builder's lines as data (sink.ts, Line): a block starts at a label (the
 * entry block at the first line) and goes where its terminator's `targets` say; the builder
 * marks each load from an alloca and each store into one (Line.slot) as it emits them, and
 * lists the allocas any other line names (`escaped`: a call's result buffer, a GEP into it, a
 * store of its address), whose stores all stay.
 */
import type { Line } from './sink.js';

/**
 * The indices in `lines` of the stores into the function's `allocas` allocas (Line.slot) that
 * no load can read, and the allocas that are neither loaded nor `escaped` (their lines can go
 * too: all their stores are among the dead).
 */
export function deadStores(lines: readonly Line[], allocas: number, escaped: readonly number[]): { stores: Set<number>; unused: Set<number> } {
  const none = { stores: new Set<number>(), unused: new Set<number>() };
  if (allocas === 0) return none;
  const words = (allocas + 31) >>> 5;
  const kept = new Uint8Array(allocas);
  for (const a of escaped) kept[a] = 1;

  // The blocks: where each starts, and the index of each label's.
  const starts: number[] = [0];
  const blockOf = new Map<string, number>();
  let stores = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind === 'label') {
      if (i > 0) starts.push(i);
      blockOf.set(l.text.slice(0, -1), starts.length - 1);
    } else if (l.slot !== undefined && l.slot < 0) stores++;
  }
  if (stores === 0) return none;

  // gen: loaded before any store in the block; kill: stored into. Backward liveness to a
  // fixed point (live-in = gen ∪ (live-out − kill)).
  const blocks = starts.length;
  const gen = new Uint32Array(blocks * words);
  const kill = new Uint32Array(blocks * words);
  const liveIn = new Uint32Array(blocks * words);
  const loaded = new Uint8Array(allocas);
  const succ: number[][] = [];
  for (let b = 0; b < blocks; b++) {
    const end = b + 1 < blocks ? starts[b + 1]! : lines.length;
    for (let i = end - 1; i >= starts[b]!; i--) {
      const x = lines[i]!.slot;
      if (x === undefined) continue;
      if (x >= 0) {
        gen[b * words + (x >>> 5)]! |= 1 << (x & 31);
        loaded[x] = 1;
      } else {
        const a = -1 - x;
        const bit = 1 << (a & 31);
        gen[b * words + (a >>> 5)]! &= ~bit;
        kill[b * words + (a >>> 5)]! |= bit;
      }
    }
    const last = lines[end - 1];
    const targets = last !== undefined && last.kind === 'terminator' ? last.targets ?? [] : [];
    const s: number[] = [];
    for (const t of targets) {
      const k = blockOf.get(t);
      if (k !== undefined) s.push(k);
    }
    succ.push(s);
  }
  const out = new Uint32Array(words);
  for (let changed = true; changed;) {
    changed = false;
    for (let b = blocks - 1; b >= 0; b--) {
      liveOut(b, succ, liveIn, words, out);
      for (let w = 0; w < words; w++) {
        const v = gen[b * words + w]! | (out[w]! & ~kill[b * words + w]!);
        if (v !== liveIn[b * words + w]) {
          liveIn[b * words + w] = v;
          changed = true;
        }
      }
    }
  }

  // Each block backwards from its live-out: a store into a dead alloca that does not escape goes.
  const dead = new Set<number>();
  for (let b = 0; b < blocks; b++) {
    liveOut(b, succ, liveIn, words, out);
    const end = b + 1 < blocks ? starts[b + 1]! : lines.length;
    for (let i = end - 1; i >= starts[b]!; i--) {
      const x = lines[i]!.slot;
      if (x === undefined) continue;
      if (x >= 0) out[x >>> 5]! |= 1 << (x & 31);
      else {
        const a = -1 - x;
        const bit = 1 << (a & 31);
        if ((out[a >>> 5]! & bit) === 0 && kept[a] === 0) dead.add(i);
        out[a >>> 5]! &= ~bit;
      }
    }
  }
  const unused = new Set<number>();
  for (let a = 0; a < allocas; a++) if (loaded[a] === 0 && kept[a] === 0) unused.add(a);
  return { stores: dead, unused };
}

/** Block `b`'s live-out into `out`: the union of its successors' live-in. */
function liveOut(b: number, succ: readonly number[][], liveIn: Uint32Array, words: number, out: Uint32Array): void {
  out.fill(0);
  for (const s of succ[b]!) for (let w = 0; w < words; w++) out[w]! |= liveIn[s * words + w]!;
}
