/**
 * Partitions: which defined functions are translated (and compiled by clang) together.
 *
 * A large module is split so that its partitions compile in parallel, each bounded in memory,
 * and each cached on its own (src/driver/partitions.ts). LLVM inlines only within a partition,
 * so the split follows the call graph:
 *
 *  1. every function's *main caller* is the defined function with the most direct `call`s to
 *     it (ties: the lowest index); callers through tables or imports do not count;
 *  2. in index order, a small function (≤ SMALL_CALLEE instructions, what LLVM's inliner would
 *     take) joins its main caller's cluster, unless the two clusters together would exceed
 *     the partition size;
 *  3. clusters are packed into ⌈total / size⌉ partitions (at most one per cluster), largest
 *     cluster first, each into the partition with the fewest instructions so far (ties: the
 *     lowest partition), so partitions are balanced by size;
 *  4. each partition lists its functions in index order; partitions are ordered by their
 *     first function.
 *
 * Size is counted in Wasm instructions (`body.length`), which the IR text and LLVM's time
 * follow linearly (docs/benchmarks.md, "Compile time"). The result depends only on the module
 * and the size: the same input always gives the same partitions, which the per-partition
 * cache relies on. Changing one instruction's immediate (a constant) changes no size and so
 * no partition.
 *
 * Module-wide pieces (init function, descriptor, trampolines, data, signature constants) are
 * in none of these: translatePartition (module.ts) emits them as a partition of their own.
 */
import type { Module } from '../binary/module.js';

/** Functions of at most this many instructions stay with their main caller, so they can be inlined. */
export const SMALL_CALLEE = 64;

/** One partition: defined-function indices (0 = the first defined function), ascending. */
export type Partition = readonly number[];

/** Union-find over defined functions, with the instruction count of each set. */
class Clusters {
  private readonly parent: number[];
  /** Instructions in the set, valid at its root. */
  readonly size: number[];

  constructor(sizes: readonly number[]) {
    this.parent = sizes.map((_, i) => i);
    this.size = [...sizes];
  }

  root(i: number): number {
    let r = i;
    while (this.parent[r]! !== r) r = this.parent[r]!;
    while (this.parent[i]! !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  /** Join the sets of a and b (the lower root stays the root, for determinism). */
  union(a: number, b: number): void {
    const [lo, hi] = [this.root(a), this.root(b)].sort((x, y) => x - y) as [number, number];
    if (lo === hi) return;
    this.parent[hi] = lo;
    this.size[lo]! += this.size[hi]!;
  }
}

/** For each defined function, its main caller (a defined-function index), or -1. */
export function mainCallers(m: Module): number[] {
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  /** calls[callee] = Map<caller, number of call sites>. */
  const calls = m.funcs.map(() => new Map<number, number>());
  m.funcs.forEach((fn, caller) => {
    for (const ins of fn.body) {
      if (ins.op.name !== 'call') continue;
      const callee = ins.idx! - imported;
      if (callee < 0 || callee === caller) continue;
      const c = calls[callee]!;
      c.set(caller, (c.get(caller) ?? 0) + 1);
    }
  });
  return calls.map((c) => {
    let best = -1;
    let most = 0;
    // Map iteration is in insertion order, i.e. ascending caller: `>` keeps the lowest on ties.
    for (const [caller, n] of c) {
      if (n > most) [best, most] = [caller, n];
    }
    return best;
  });
}

/**
 * Split `m`'s defined functions into partitions of about `size` instructions (see the file
 * comment). A module of at most `size` instructions is one partition.
 */
export function planPartitions(m: Module, size: number): Partition[] {
  if (!(size >= 1)) throw new RangeError(`partition size must be at least 1, not ${size}`);
  const sizes = m.funcs.map((fn) => Math.max(1, fn.body.length));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= size) return m.funcs.length === 0 ? [] : [m.funcs.map((_, i) => i)];

  const clusters = new Clusters(sizes);
  mainCallers(m).forEach((caller, i) => {
    if (caller < 0 || sizes[i]! > SMALL_CALLEE) return;
    const [a, b] = [clusters.root(i), clusters.root(caller)];
    if (a !== b && clusters.size[a]! + clusters.size[b]! <= size) clusters.union(a, b);
  });

  /** Members of each cluster, by root, in ascending order. */
  const members = new Map<number, number[]>();
  sizes.forEach((_, i) => {
    const r = clusters.root(i);
    const list = members.get(r);
    if (list === undefined) members.set(r, [i]);
    else list.push(i);
  });
  const order = [...members.keys()].sort((a, b) => clusters.size[b]! - clusters.size[a]! || a - b);

  const count = Math.min(order.length, Math.ceil(total / size));
  const parts: number[][] = Array.from({ length: count }, () => []);
  const filled = new Array<number>(count).fill(0);
  for (const r of order) {
    let k = 0;
    for (let j = 1; j < count; j++) if (filled[j]! < filled[k]!) k = j;
    parts[k]!.push(...members.get(r)!);
    filled[k]! += clusters.size[r]!;
  }
  for (const p of parts) p.sort((a, b) => a - b);
  return parts.filter((p) => p.length > 0).sort((a, b) => a[0]! - b[0]!);
}
