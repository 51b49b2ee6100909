/**
 * Which LLVM pipeline each tier and level runs: clang's own `-O<n>` (the IR through one
 * clang), or, for large modules at -O1/-O2, a lean pass list run by `opt-16` before clang
 * generates code (`-Xclang -disable-llvm-optzns`).
 *
 *   -O0 (the quick tier)         clang -O0 (FastISel, fast register allocator)
 *   -O3; -O1/-O2 of a module     clang -O<n> -falign-loops=64: the full default<On>
 *   under LEAN_MIN_SIZE bytes    pipeline, vectorisers included (loop versioning exists for
 *   or with versioned loops      them); LOOP_ALIGN says why the alignment
 *   -O1/-O2 otherwise            opt-16 LEAN_PASSES | clang -O2 -Xclang -disable-llvm-optzns
 *
 * Measured on go-utf8 (5.1 MB of wasm, 87 MB of IR text, no loop qualifies for versioning),
 * 2026-12-05, 2 cores under load average 12–18; CPU s = user+sys (GNU time), one run each;
 * "Go CPU" = CPU s of the test binary's 35 benchmarks at a fixed 20,000 iterations each
 * (`-test.bench=. -test.benchtime=20000x`, median of 2 interleaved runs), relative to -O2:
 *
 *   pipeline                                      opt s   codegen s   peak RSS   Go CPU
 *   clang -O2 (default<O2>, SelectionDAG)         one clang: 91.4      860 MB    1.00 (6.03 s)
 *   opt-16 LEAN_PASSES | llc -O2                  15.5    28.0         700 MB    0.91
 *   opt-16 LEAN_PASSES | llc -O2 -fast-isel       15.5    21.2         700 MB    1.39
 *   opt-16 LEAN_PASSES + inliner | llc -O2        24.3    28.3         770 MB    0.89
 *
 * The chosen second row, as awsm compile runs it end to end (node + opt-16 + clang + lld):
 * 44.0–46.5 CPU s and 751–776 MB for go-utf8 (clang -O2: 92.5 CPU s, 881 MB, same session),
 * 23.3 CPU s for go-hello (2.6 MB); those two go-utf8 builds pass `-test.short`, and their
 * Go CPU is 5.57 against 6.17 s (0.90). The inliner buys 2% of
 * Go CPU for 9 CPU s of compile; FastISel saves a quarter of codegen but costs 39% of Go CPU.
 * Where -O2's time went (clang -ftime-report): optimisation 46.6 s (InstCombine 10.2, SLP
 * vectoriser 9.2, GVN 3.1, IPSCCP 2.4, inliner 2.4), code generation 36.8 s (SelectionDAG
 * instruction selection 12.6, register coalescing and allocation 4.7, assembly printer 3.3),
 * the rest parsing the IR text. Code generation at -O1 costs what -O2 does (13.6 s against
 * 13.7 s on go-hello); the basic register allocator saves nothing (13.6 against 14.1); x86
 * GlobalISel cannot compile go-hello (LLVM 16 aborts: "unable to legalize instruction:
 * G_BRJT", jump tables).
 *
 * The lean list keeps what awsm's IR needs: SROA (Wasm locals are allocas), EarlyCSE with
 * MemorySSA (the repeated loads of the memory base and globals), InstCombine once
 * (-instcombine-max-iterations=1: one sweep instead of iterating to a fixed point),
 * SimplifyCFG, LICM (hoisting the memory base out of loops), GVN (loads across blocks) and
 * GlobalDCE. It leaves out the inliner, the vectorisers, loop unrolling, IPSCCP and the rest of
 * the interprocedural passes: Go's own compiler has inlined already, and no Go loop is
 * versioned for the vectorisers.
 *
 * Small modules keep clang's pipeline: their compile takes about a second either way, and the
 * bench programs (all under 0.13 MB) must run as fast as before. -O3 always keeps it: it is the
 * way to ask for the full pipeline on a large module.
 */
import { AwsmError } from '../errors.js';

/** An LLVM optimisation level (native.ts's OptLevel, not imported: native.ts imports this file). */
type OptLevel = 0 | 1 | 2 | 3;

/** Smallest module (bytes of wasm) that gets the lean pass list at -O1/-O2. */
export const LEAN_MIN_SIZE = 1024 * 1024;

/** The variable that overrides LEAN_MIN_SIZE (bytes; 0: every module, for tests). */
export const LEAN_MIN_SIZE_ENV = 'AWSM_LEAN_MIN_SIZE';

/**
 * The lean function pass list (opt-16 -passes syntax). InstCombine runs once per invocation
 * (LEAN_OPT_FLAGS).
 */
export const LEAN_PASSES =
  'function(sroa<modify-cfg>,early-cse<memssa>,simplifycfg,instcombine,loop-mssa(licm),gvn,simplifycfg),globaldce';

/** opt-16 options that go with LEAN_PASSES. */
const LEAN_OPT_FLAGS = ['-instcombine-max-iterations=1'];

/** What the pipeline choice depends on. */
export interface PipelineInput {
  /** The LLVM level asked for (the quick tier passes QUICK_OPT_LEVEL, 0). */
  optLevel: OptLevel;
  /** Size of the whole wasm module in bytes (0 when unknown: treated as small). */
  moduleSize: number;
  /** The IR has loops versioned for the vectorisers (irHasVersionedLoops). */
  hasVersionedLoops: boolean;
}

/** How to run LLVM on one module (or one partition of it). */
export interface Pipeline {
  /**
   * When set, opt-16 runs first with these arguments (IR on standard input, bitcode on
   * standard output) and clang only generates code from its bitcode.
   */
  opt?: string[];
  /** clang's optimisation flags: `-O<n>`, and `-Xclang -disable-llvm-optzns` after opt. */
  clang: string[];
}

/** LEAN_MIN_SIZE, or the value of AWSM_LEAN_MIN_SIZE. */
function leanMinSize(): number {
  const v = process.env[LEAN_MIN_SIZE_ENV];
  if (v === undefined || v === '') return LEAN_MIN_SIZE;
  if (!/^\d+$/.test(v)) throw new AwsmError('usage', `invalid ${LEAN_MIN_SIZE_ENV} '${v}' (a size in bytes)`);
  return Number(v);
}

/**
 * Whether a module of `moduleSize` bytes at `optLevel` gets the lean pass list when it has no
 * versioned loops. For cache keys: it is what the pipeline depends on besides the IR itself.
 */
export function leanCandidate(optLevel: OptLevel, moduleSize: number): boolean {
  return (optLevel === 1 || optLevel === 2) && moduleSize >= leanMinSize();
}

/**
 * Loops start on a 64-byte boundary (a cache line; LLVM's x86 default is 16) at clang's
 * -O1..-O3. 32 bytes, the first choice, left vm 1.26–1.33 times slower after issue 15 grew the
 * runtime by 800 bytes: vm's code was byte-identical, only 0x320 further on (32- but not
 * 64-byte aligned). With 64, a function holding a loop is 64-byte aligned too, so the module's
 * code no longer moves against cache lines with what the link puts before it (vm with the
 * code shifted by 16, 32 and 48 bytes: 0.85 s each). Against 18b1b42 (before issue 15), the
 * 31 programs at -O3 from the same IR, 3 interleaved rounds, CPU s medians, load average
 * 12–28: geometric mean 0.98 (32 bytes: 1.01), vm 0.98 (1.33), editdist 0.98 (1.18), none
 * above 1.05 (dijkstra) in that run; linkedlist, memory-bound and the noisiest under load,
 * measured 0.86, 1.02 and 1.28 in three runs (its old build's own median ranged 0.42–0.71 s).
 * Aligning every function to 64 bytes as well measured no better (0.996, jacobi2d 1.09).
 * docs/benchmarks.md has the history. The first measurement, of 32:
 * on the 31 bench programs at -O3 (CPU s, medians of 3 interleaved runs, loaded machine):
 * geometric mean 0.97, editdist 0.82, linkedlist 0.87, jacobi2d 0.89, vm 0.89, dijkstra 0.91,
 * none slower beyond noise (the worst, minidb 1.07 and regex 1.05, were 1.01 and 1.05 in a
 * rerun of 5, where lz77 went from 1.03 to 0.91). Without it, a kernel's speed depends on how
 * far the code before it happens to push it: editdist lost 8% when the init function before
 * its kernel shrank (docs/benchmarks.md). Not measured on the lean pipeline; left out there.
 */
const LOOP_ALIGN = ['-falign-loops=64'];

/**
 * The quick tier's clang flags: -O0 without its IR passes. At -O0 clang still runs the
 * always-inliner, which asks every function whether it could be inlined (a walk over all its
 * instructions), for IR that marks nothing alwaysinline; code generation is unchanged (go-utf8's
 * quick-tier object byte-identical; clang 2.46 → 2.42 CPU s, 5 alternating runs).
 */
const QUICK_CLANG = ['-O0', '-Xclang', '-disable-llvm-passes'];

/** The pipeline for `p`. */
export function pipelineFor(p: PipelineInput): Pipeline {
  if (p.optLevel === 0) return { clang: QUICK_CLANG };
  if (!leanCandidate(p.optLevel, p.moduleSize) || p.hasVersionedLoops) return { clang: [`-O${p.optLevel}`, ...LOOP_ALIGN] };
  return {
    opt: [...LEAN_OPT_FLAGS, `-passes=${LEAN_PASSES}`],
    clang: ['-O2', '-Xclang', '-disable-llvm-optzns'],
  };
}

/**
 * Whether the IR text has loops versioned for the vectorisers: each fast copy declares an
 * alias-scope domain named "awsm loop" (translate/versioning.ts), and nothing else emits
 * that string. (The translator knows this without a scan; until it says so, this does.)
 */
export function irHasVersionedLoops(ir: string): boolean {
  return ir.includes('!"awsm loop"}');
}
