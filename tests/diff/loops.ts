/**
 * Differential fuzzing of loop versioning (src/translate/versioning.ts) against V8.
 *
 *   node dist/tests/diff/loops.js [-n N] [--seed S] [--first K] [--bounds guard|explicit|both]
 *                                 [-O N] [-j N] [--batch B] [--out DIR] [--keep] [--verbose]
 *
 * Why: a versioned loop has two copies, a "fast" one that the entry checks (trip count, every
 * address in bounds and not wrapping, store groups disjoint) let run with 64-bit affine
 * addresses, alias scopes and an i64 counter, and the original "slow" one. A mistake in the
 * analysis or in the checks is a silent miscompile, seen only when the fast copy runs a loop it
 * should not (wrong trip count, wrapping or overlapping addresses, a trap skipped) or computes
 * something else than the Wasm loop. Random modules from wasm-opt -ttf or wasm-tools smith
 * rarely contain such loops, so this generator writes them on purpose.
 *
 * What: module k of a run is a function of (seed, k) alone (tests/fuzz/rng.ts). It has one
 * exported memory (1–2 pages, a maximum of up to 2 more, random data in the first 16 KiB), an
 * exported mutable global written by the loops and one never written (`$zero`: prologue values
 * in half the nests are `V + $z`, $z a local read from $zero, opaque to LLVM, so that it cannot
 * fold the entry checks and trip counts away), two unexported helpers (`$mix`, a pure function, and `$poke`, a
 * store that cannot trap) and 4–7 exported functions without parameters returning an i64
 * checksum; the differential driver calls each once in export order, and hashes memory after
 * each call. A function runs 1–2 "nests": a loop, optionally inside an outer loop that runs it
 * 2–6 times with bases, start values and bounds changing with the outer counter (or with the
 * pointers carried over from the previous run), optionally inside a block; after each run of
 * the inner loop its induction variables and the locals its `if` arm sets are mixed into the
 * checksum. Some functions first grow the memory (loops then use the new pages, or find the
 * memory at its maximum).
 *
 * Each innermost loop is built from:
 *  - a counter IV `c` (start: 0, small, negative, near 2^31 or 2^32, random; step: ±1, ±2, ±4,
 *    ±8, and non-powers of two for the near misses) and 1–4 "arrays" of one element type:
 *    indexed (`base + c·scale + K`, scale ±1…±4 elements; base a local or a constant), pointer
 *    IVs (`p += step`, ±1…±3 elements; a separate set, two halves, unusual affine forms like
 *    `2p + step - p`, or a `local.tee` inside an access address) or fixed cells (an invariant
 *    address). An array's accesses are at whole elements from each other, as the analysis
 *    requires of a group since LLVM 16's loop load elimination mishandled partial overlaps
 *    (the partialOverlap near miss keeps any width, offset and step);
 *  - placements: disjoint, overlapping another array by 0, ±1, ±2, ±element, ±step, half the
 *    range (read-after-write and write-after-read in both directions), ending exactly at the
 *    end of memory or 1…8 bytes past it (a trap in the last iteration), descending to 0 or
 *    past it, out of bounds from the start, or "wrapping": a big constant K in the address
 *    (0x80000000, 0x7FFFFFF0, -256, ...) compensated in the base, so the i32 sum wraps around
 *    2^32 to a valid low address at the loop entry;
 *  - loads and stores of every width (i32/i64/f32/f64, 8/16/32-bit narrow ones signed and
 *    unsigned, other types of the same width: punning), at constant distances ±element, ±step
 *    from each other and with memarg offsets (rarely 65536 or 0xFFFFFFF0), values built from
 *    loads, the counter and accumulators;
 *    reductions into i32/i64/f32/f64 locals; temporaries holding an address; global.set;
 *    an `if` arm (condition on loaded data or on the counter) with stores, reductions, a
 *    counter of taken arms and a `last` local set or teed there, all returned after the loop;
 *  - an exit `x op y` with op ne, lt_u, lt_s, gt_u, gt_s (operands swapped sometimes), or a
 *    plain value (`local.tee $c (c - s)` countdown, `n - p`), where x is the counter, a pointer,
 *    the counter shifted, offset or negated, a copy taken at the top of the body, or the
 *    difference of two counters; y a constant, an invariant local or local + constant. The
 *    bound is chosen for a target trip count (1, 2, small, up to 3000), reachable exactly or
 *    not (`ne` with a bound that is not a multiple of the step never exits and runs into
 *    out-of-bounds addresses), and at the edges: a bound within one step of where x wraps
 *    (2^32 or 2^31 counting up, 0 or -2^31 counting down) with x a few steps before it, which
 *    the checks must refuse unless a whole step is left (the Wasm loop then wraps and runs on).
 *
 * About a third of the loops get one "near miss" that must stop the versioning: a call, an
 * early `br_if` out of a block, a `br_if` continue, a non-power-of-two exit step, a
 * data-dependent (gather/scatter) or non-affine address, div/rem, trapping trunc, SIMD, an
 * if/else, a nested if, a block type, no store, a comparison against the direction of the
 * step, both sides varying, global.set in the arm, memory.size/grow in the body, le/ge/eqz/
 * xor/select exits, a pointer updated in the arm, a pointer that does not move, toggles or
 * doubles (`p + p + 4`), a step beyond 2^20, `unreachable` in the arm, an address through
 * i64, accesses of a group that overlap partially. Where the intent depends on all the random
 * choices (partial overlap, a two-counter exit whose step is not a power of two), it follows
 * the mirror of the analysis.
 *
 * The generator runs every function in a small interpreter of the address arithmetic (i32
 * locals only; loads are unknown) to guarantee termination: a loop that could run more than
 * ~150,000 iterations in total in a function, or whose exit is unknown, is generated again.
 * The same interpreter replays the entry checks of emitVersionChecks on the concrete values
 * (a mirror of the analysis gives the groups and the exit), so the report says how many
 * executions of versioned loops should take the fast path and how many the slow one, and why
 * (trip count not exact, bounds/wrapping, overlap). A fast prediction whose trip count is not
 * the interpreter's is reported as an inconsistency.
 *
 * Coverage: each module is also translated in this process with AWSM_DEBUG_VERSIONING=1 and
 * the per-loop lines (versioned or why not) are matched to the generated loops by position:
 * the report gives versioned / not versioned, near misses that were versioned anyway (always
 * suspicious), and intended-versionable loops that were not (with the reason).
 *
 * IR: both bounds modes' IR of every module goes through llvm-as (when installed), which runs
 * the LLVM verifier: clang does not verify IR given as input, so a value of the fast copy used
 * in the slow one (not dominated) would otherwise compile and go wrong only when that path runs.
 *
 * Comparison: tests/diff/diff.ts's checkFiles, in guard and explicit mode, -O2 by default.
 * Memory compares exactly (files are named *-denan*: float arithmetic only ever sees values
 * converted from integers, so no NaN is computed; raw float loads are only copied, negated,
 * abs'ed or reinterpreted, which keeps their bits). A guard-mode difference or hang is excused
 * only when checkFiles proves it to be guard mode's documented dead-load gap (LLVM deleted the
 * out-of-bounds load that should have trapped, or that ends a runaway loop: V8 traps "memory"
 * there, and the module compiled with volatile accesses and in explicit mode agrees with V8);
 * excused modules are counted apart, per reason, and saved as excused-*.wat. Divergences are
 * saved (the .wat, both transcripts) under --out (default
 * CACHE/diff/loop-findings/SEED). The exit status counts divergences only; near misses
 * versioned anyway and mirror/translator disagreements are printed (and in the report) as
 * signs of an analysis change to look at.
 *
 * The parts, in tests/diff/loops/ (each file opens with its own overview):
 *   ast.ts         the generated program as a small AST, LoopMeta, the mirror's plan, constructors
 *   render.ts      the AST as .wat text
 *   model.ts       the mirror of the analysis (versioning.ts) and the entry checks replayed (predict)
 *   interp.ts      the interpreter of addresses and exits (termination, traps, fast/slow entries)
 *   gen-values.ts  the knobs, near-miss kinds, arrays and FuncGen: addresses, values, body statements
 *   gen-exit.ts    a loop's exit, and its bound fixed from a dry run (planExit, fixExit)
 *   gen-nest.ts    one loop nest: counter, arrays and their placement, near misses, outer loop
 *   module.ts      module k of a seed: functions modelled and interpreted before they are kept
 *   coverage.ts    the translator's verdict on each loop, and the LLVM verifier on the IR
 *   report.ts      the report: accounting per module, and its printout
 *   run.ts         a run: batches generated, checked and compared with V8 (runLoopDiff)
 * This file is the command line.
 */
import { join, resolve } from 'node:path';
import { cacheDir } from '../../src/driver/cache.js';
import type { OptLevel } from '../../src/driver/native.js';
import { OptionReader, runAsScript } from '../tools.js';
import { generateLoopModule } from './loops/module.js';
import { printReport } from './loops/report.js';
import { runLoopDiff } from './loops/run.js';

export type { LoopMeta } from './loops/ast.js';
export { generateLoopModule, type GeneratedModule } from './loops/module.js';
export type { LoopDiffReport, LoopDivergence } from './loops/report.js';
export { runLoopDiff, type LoopDiffOptions } from './loops/run.js';

// ---- command line ----------------------------------------------------------------------------

const USAGE = `usage: node dist/tests/diff/loops.js [options]
  -n N             modules to generate and compare (default 100)
  --seed S         run seed (default: from the clock; printed)
  --first K        index of the first module (default 0)
  --bounds MODE    guard, explicit or both (default both: every module in both modes)
  -O N             LLVM optimisation level (default 2)
  -j N             batches in parallel (default 1)
  --batch B        modules per shared library (default 20)
  --timeout MS     per batch in the driver, per module in V8 (default 60000)
  --out DIR        where divergences go (default CACHE/diff/loop-findings/SEED)
  --keep           keep the temporary directory (IR, libraries)
  --print K        print module K of the seed as .wat (with the generator's notes) and exit
  --verbose        list every suspicious loop, not only the first 10
Exit status: 0 when nothing diverged, 1 when something did, 2 for a usage error.`;

async function main(argv: readonly string[]): Promise<number> {
  const a = {
    n: 100, seed: (Date.now() ^ (process.pid << 16)) >>> 0, first: 0, bounds: 'both' as 'guard' | 'explicit' | 'both', opt: 2 as OptLevel,
    jobs: 1, batch: 20, timeout: 60_000, out: undefined as string | undefined, keep: false, print: undefined as number | undefined, verbose: false,
  };
  try {
    for (const o = new OptionReader(argv); o.next(); ) {
      switch (o.name) {
        case '-h': case '--help': console.log(USAGE); return 0;
        case '-n': a.n = o.int(0, 1e9); break;
        case '--seed': a.seed = o.int(0, 2 ** 32 - 1); break;
        case '--first': a.first = o.int(0, 2 ** 31 - 1); break;
        case '--bounds': a.bounds = o.choice(['guard', 'explicit', 'both'] as const); break;
        case '-O': a.opt = o.int(0, 3) as OptLevel; break;
        case '-j': a.jobs = o.int(1, 64); break;
        case '--batch': a.batch = o.int(1, 10_000); break;
        case '--timeout': a.timeout = o.int(1000, 86_400_000); break;
        case '--out': a.out = o.value(); break;
        case '--keep': a.keep = true; break;
        case '--print': a.print = o.int(0, 2 ** 31 - 1); break;
        case '--verbose': a.verbose = true; break;
        default: throw new Error(`unknown option '${o.arg}'`);
      }
    }
  } catch (e) {
    console.error(`loops: error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (a.print !== undefined) {
    const gm = generateLoopModule(a.seed, a.print);
    process.stdout.write(gm.wat);
    gm.loops.forEach((ls, fi) => ls.forEach((m, j) => {
      const model = typeof m.model === 'string' ? `refuses: ${m.model}` : `versions (${m.model.groups.length} groups, exit ${m.model.exit.op} step ${m.model.exit.step})`;
      console.error(`f${fi} loop ${j}: ${m.what}\n    model ${model}; ${m.entries} entries, ${m.iterations} iterations, fast ${m.fast}, slow ${m.slow} ${JSON.stringify(m.slowWhy)}, trapped ${m.trapped}${m.inconsistencies.length ? `; INCONSISTENT: ${m.inconsistencies.join('; ')}` : ''}`);
    }));
    return 0;
  }
  const out = resolve(a.out ?? join(cacheDir(), 'diff', 'loop-findings', String(a.seed)));
  console.error(`loops: seed ${a.seed}, ${a.n} modules from ${a.first}, bounds ${a.bounds}, -O${a.opt}, batches of ${a.batch}, ${a.jobs} jobs`);
  let lastPrint = Date.now();
  const report = await runLoopDiff({
    modules: a.n, seed: a.seed, first: a.first, bounds: a.bounds, optLevel: a.opt, jobs: a.jobs, batch: a.batch, timeoutMs: a.timeout, out, keep: a.keep,
    onProgress: (r) => {
      if (Date.now() - lastPrint < 30_000) return;
      lastPrint = Date.now();
      console.error(`loops: ${r.modules} modules, ${r.versioned}/${r.innermost} loops versioned, ${r.calls} calls, ${r.divergences.length} divergences (${r.seconds.toFixed(0)} s)`);
    },
  });
  printReport(report, a.verbose);
  return report.divergences.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'loops', main);
