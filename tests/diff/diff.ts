/**
 * Differential testing of awsm against V8 (docs/security.md).
 *
 *   node dist/tests/diff/diff.js [-n N] [--seed S] [-j N] [--batch B] [--simd P] [--denan P]
 *                                [--bounds guard|explicit|both] [-O N] [--out DIR] [--keep]
 *   node dist/tests/diff/diff.js --check FILE.wasm…      compare given modules (exit 1 if any differs)
 *
 * Module k of a run is binaryen's `wasm-opt -ttf` applied to random bytes drawn from
 * (seed, k): a valid module with Wasm 2.0 features only (no reference types: binaryen 108
 * makes invalid modules with them), SIMD in a fraction of them, and `--denan` in a fraction
 * (NaN bit patterns are nondeterministic in Wasm, and a NaN stored to memory changes the
 * memory hash; with --denan every NaN becomes 0 and memory compares exactly). When
 * wasm-tools is installed, odd k use `wasm-tools smith` instead (see smithArgs), which also
 * covers reference types and the table instructions.
 *
 * awsm side: every module of a batch is translated (name d<k>) and compiled by one clang
 * process into one shared library, which tests/diff/driver.c loads and runs. V8 side: the
 * same modules in a worker thread (v8.ts). Both write a transcript per module; they must be
 * equal, except that
 *   - results, logged values and globals compare NaN as "any NaN" (both sides print `nan`);
 *   - once either side runs out of stack ("trap stack"), the rest of that module is not
 *     compared (the engines' stack depths differ);
 *   - memory hashes of a module without --denan may differ when the module computes NaNs (the
 *     difference is then reported as allowed, "nan-in-memory", if the module has float
 *     operations at all);
 *   - in guard mode, a difference (or a hang) that is proven to be guard mode's documented
 *     dead-load gap (src/translate/memory.ts) is excused, and counted apart: V8 trapped
 *     "memory" in that call or before, and the module compiled in guard mode with volatile
 *     accesses, and in explicit mode, both agree with V8 (runBatch).
 * Anything else is a divergence: saved with both transcripts under --out (default
 * CACHE/diff/findings/SEED) for reduction with wasm-reduce (see docs/security.md). The
 * transcripts and their comparison are in transcript.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeModule } from '../../src/binary/decoder.js';
import { funcTypes as allFuncTypes, type Module, type ValType } from '../../src/binary/module.js';
import { cacheDir } from '../../src/driver/cache.js';
import type { OptLevel } from '../../src/driver/native.js';
import { Pool } from '../../src/driver/pool.js';
import { translateParts } from '../../src/translate/module.js';
import { partitionSize } from '../../src/driver/partitions.js';
import { validateModule } from '../../src/validate/validator.js';
import { Rng } from '../fuzz/rng.js';
import { have, OptionReader, runAsScript } from '../tools.js';
import { buildDriver, commonArgs, forEachBatch, readCommonOption, runAwsmSide, runProcess } from './awsm-side.js';
import { compareTranscripts, deadLoadShape, firstDifference } from './transcript.js';
import type { ExportInfo } from './v8.js';

const V8_WORKER = fileURLToPath(new URL('./v8-worker.js', import.meta.url));

/** Features of the generated modules: Wasm 2.0 without reference types (see above). */
const FEATURES = [
  '--mvp-features', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int',
  '--enable-bulk-memory', '--enable-multivalue',
];

/**
 * wasm-tools smith (cargo install wasm-tools), the second generator when it is installed:
 * reference types and table instructions (which binaryen 108 cannot generate validly), bulk
 * memory, multi-value, SIMD; no imports; every item exported; loops and calls bounded by fuel
 * (--ensure-termination); NaNs canonicalised, so memory compares exactly.
 */
function smithArgs(simd: boolean): string[] {
  const on = ['reference-types', 'bulk-memory', 'multi-value', 'saturating-float-to-int', 'sign-extension-ops'];
  const off = [
    'relaxed-simd', 'exceptions', 'gc', 'tail-call', 'threads', 'memory64', 'extended-const', 'wide-arithmetic',
    'custom-page-sizes', 'shared-everything-threads', 'custom-descriptors',
  ];
  return [
    '--ensure-termination', '--export-everything', 'true', '--max-imports', '0', '--max-memories', '1',
    '--max-tables', '3', '--min-funcs', '8', '--max-funcs', '40', '--max-instructions', '3000',
    // Declared maxima keep memory at most 16 pages: both sides hash all of it after each call,
    // and a memory allowed to grow to 4 GiB made that the whole run time.
    '--max-memory32-bytes', '1048576', '--memory-max-size-required', 'true',
    '--max-table-elements', '1000', '--table-max-size-required', 'true', '--canonicalize-nans', 'true',
    ...on.flatMap((f) => [`--${f}-enabled`, 'true']),
    ...off.flatMap((f) => [`--${f}-enabled`, 'false']),
    '--simd-enabled', String(simd),
  ];
}

let smithPath: string | null | undefined;

/** The wasm-tools executable (PATH, then ~/.cargo/bin), or null. */
export function wasmTools(): string | null {
  if (smithPath === undefined) {
    const candidates = ['wasm-tools', join(process.env['HOME'] ?? '/', '.cargo', 'bin', 'wasm-tools')];
    smithPath = candidates.find((c) => have(c)) ?? null;
  }
  return smithPath;
}

export type Generator = 'ttf' | 'smith' | 'both';

export type BoundsChoice = 'guard' | 'explicit' | 'both';

export interface DiffOptions {
  modules: number;
  seed: number;
  /** Index of the first module (default 0). */
  first?: number;
  jobs: number;
  /** Modules per shared library. */
  batch: number;
  /** Fraction of modules generated with SIMD. */
  simd: number;
  /** Fraction of modules passed through --denan. */
  denan: number;
  /** Which generator makes the modules (default: both, alternating, when wasm-tools is installed). */
  generator?: Generator;
  optLevel: OptLevel;
  bounds: BoundsChoice;
  /** Limit for one batch in the driver and for one module in V8, in ms. */
  timeoutMs: number;
  /** Where divergences are written (nothing is written when undefined). */
  out?: string;
  /** Keep the temporary directory (IR, libraries, transcripts). */
  keep?: boolean;
  /** Report guard mode's dead-load gap as a divergence instead of trying to prove it (runBatch). */
  strict?: boolean;
  onProgress?: (r: DiffReport) => void;
}

export interface Divergence {
  k: number;
  kind: 'validate' | 'compile' | 'crash' | 'timeout' | 'transcript';
  detail: string;
  how: string;
  bounds: 'guard' | 'explicit';
  bytes: Uint8Array;
  /** The module went through --denan (or canonicalises NaNs): memory must compare exactly. */
  denan: boolean;
  awsm?: string;
  v8?: string;
  saved?: string;
  /** Guard mode: has the shape of the dead-load gap (transcript.ts's deadLoadShape), to be proven by runBatch. */
  deadLoadShape?: boolean;
}

/** A guard-mode difference proven to be the dead-load gap (runBatch). */
export interface ExcusedModule {
  k: number;
  reason: string;
  detail: string;
  bytes: Uint8Array;
}

export interface DiffReport {
  seed: number;
  /** Modules generated. */
  generated: number;
  /** Modules both engines accepted and ran, and whose transcripts were compared. */
  compared: number;
  /** Export calls compared (equal, or allowed to differ). */
  calls: number;
  /** Modules binaryen produced that both engines reject (not awsm's problem). */
  bothInvalid: number;
  /** Differences the comparison rules allow (NaN bits, stack depth), by reason. */
  allowed: Record<string, number>;
  /** Guard-mode differences proven to be the dead-load gap, by reason (modules, not in divergences). */
  excused: Record<string, number>;
  excusedModules: ExcusedModule[];
  divergences: Divergence[];
  seconds: number;
}

const emptyReport = (seed: number, generated: number): DiffReport => ({
  seed, generated, compared: 0, calls: 0, bothInvalid: 0, allowed: {}, excused: {}, excusedModules: [], divergences: [], seconds: 0,
});

export function haveWasmOpt(): boolean {
  return have('wasm-opt');
}

// ---- one module -------------------------------------------------------------------------------

interface Case {
  k: number;
  bytes: Uint8Array;
  how: string;
  denan: boolean;
  module?: Module;
  exports?: ExportInfo[];
  /** Whether the module has float operations (see hasFloats). */
  floats?: boolean;
  /** The IR: one text, or its partitions' when AWSM_PARTITION_SIZE splits the module. */
  irs?: string[];
}

/**
 * Run a module generator: `random` bytes are written to dir/r<k>.bin, `cmd` gets
 * `args(input, output)` and must write dir/m<k>.wasm, whose bytes are returned; both files are
 * removed. Throws `${failure}: <the end of its stderr>` when it fails.
 */
export async function runGenerator(
  dir: string, k: number, random: Uint8Array, cmd: string, args: (input: string, output: string) => string[], failure: string,
): Promise<Uint8Array> {
  const input = join(dir, `r${k}.bin`);
  const output = join(dir, `m${k}.wasm`);
  writeFileSync(input, random);
  const r = await runProcess(cmd, args(input, output), 60_000);
  rmSync(input, { force: true });
  if (r.status !== 0 || !existsSync(output)) {
    rmSync(output, { force: true });
    throw new Error(`${failure}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  }
  const bytes = new Uint8Array(readFileSync(output));
  rmSync(output, { force: true });
  return bytes;
}

/** Generate module k of the run with `seed` (wasm-opt -ttf or wasm-tools smith of random bytes). */
export async function generateModule(seed: number, k: number, o: Pick<DiffOptions, 'simd' | 'denan' | 'generator'>, dir: string): Promise<Case> {
  const rng = new Rng(seed ^ 0x5eed, k);
  const gen = o.generator ?? (wasmTools() !== null ? 'both' : 'ttf');
  if (gen === 'smith' || (gen === 'both' && k % 2 === 1)) return generateSmith(rng, k, o, dir);
  const size = rng.chance(0.3) ? rng.range(100, 2000) : rng.range(2000, 16000);
  const simd = rng.chance(o.simd);
  const denan = rng.chance(o.denan);
  const passes = rng.chance(0.3) ? [rng.pick(['-O1', '-O2', '-O3', '-Os', '-Oz'])] : [];
  const how = `wasm-opt -ttf of ${size} random bytes${simd ? ', SIMD' : ''}${passes.length ? ', ' + passes[0] : ''}${denan ? ', --denan' : ''}`;
  const args = (input: string, output: string): string[] =>
    [input, '-ttf', ...FEATURES, ...(simd ? ['--enable-simd'] : []), ...passes, ...(denan ? ['--denan'] : []), '-o', output];
  const bytes = await runGenerator(dir, k, rng.bytes(size), 'wasm-opt', args, `wasm-opt failed for module ${k} (${how})`);
  return { k, bytes, how, denan };
}

async function generateSmith(rng: Rng, k: number, o: Pick<DiffOptions, 'simd'>, dir: string): Promise<Case> {
  const tools = wasmTools();
  if (tools === null) throw new Error('wasm-tools not found (cargo install wasm-tools)');
  const size = rng.range(2000, 60000);
  const simd = rng.chance(o.simd);
  const how = `wasm-tools smith of ${size} random bytes${simd ? ', SIMD' : ''}`;
  const args = (input: string, output: string): string[] => ['smith', input, '-o', output, ...smithArgs(simd)];
  const bytes = await runGenerator(dir, k, rng.bytes(size), tools, args, `wasm-tools smith failed for module ${k}`);
  moreFuel(bytes);
  return { k, bytes, how, denan: true };
}

/**
 * --ensure-termination adds a fuel global (the last one, `i32.const 100`) that loops and calls
 * decrement, trapping at 0; it is not exported, so the first export call that loops uses it
 * up and every later call traps at once. 8000 (the largest two-byte LEB128, so the bytes are
 * patched in place) lets most exports run.
 */
function moreFuel(bytes: Uint8Array): void {
  let m: Module;
  try {
    m = decodeModule(bytes);
  } catch {
    return;
  }
  const init = m.globals[m.globals.length - 1]?.init[0];
  if (init === undefined || init.op.name !== 'i32.const' || init.value !== 100) return;
  if (bytes[init.pos + 1] === 0xe4 && bytes[init.pos + 2] === 0x00) bytes.set([0xc0, 0x3e], init.pos + 1);
}

function exportInfo(m: Module): ExportInfo[] {
  const funcTypes = allFuncTypes(m).map((ft) => ft!);
  const globalTypes: ValType[] = [
    ...m.imports.flatMap((i) => (i.desc.kind === 'global' ? [i.desc.global.type] : [])),
    ...m.globals.map((g) => g.type.type),
  ];
  return m.exports.map((e) => {
    if (e.kind === 'func') {
      const t = funcTypes[e.index]!;
      return { name: e.name, kind: e.kind, params: t.params, results: t.results };
    }
    if (e.kind === 'global') return { name: e.name, kind: e.kind, type: globalTypes[e.index]! };
    return { name: e.name, kind: e.kind };
  });
}

/** Whether the module has any floating-point operation (a NaN could reach memory). */
function hasFloats(m: Module): boolean {
  return m.funcs.some((f) => f.body.some((ins) => /^f(32|64)|^v128|x4\.|x2\./.test(ins.op.name)));
}

// ---- a batch ----------------------------------------------------------------------------------

interface BatchResult {
  compared: number;
  calls: number;
  bothInvalid: number;
  allowed: Record<string, number>;
  excused: Record<string, number>;
  excusedModules: ExcusedModule[];
  divergences: Divergence[];
  /** Modules whose transcripts were compared and agree (under the rules). */
  agreed: Set<number>;
}

const emptyBatch = (): BatchResult => ({ compared: 0, calls: 0, bothInvalid: 0, allowed: {}, excused: {}, excusedModules: [], divergences: [], agreed: new Set() });

/** Run the V8 side of the cases; a module that takes longer than timeoutMs gets `timeout`. */
async function runV8Side(cases: readonly Case[], timeoutMs: number): Promise<Map<number, string>> {
  const results = new Map<number, string>();
  let rest = [...cases];
  while (rest.length > 0) {
    const job = { modules: rest.map((c) => ({ k: c.k, bytes: c.bytes, exports: c.exports! })) };
    await new Promise<void>((done) => {
      const w = new Worker(V8_WORKER, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 4 } });
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => void w.terminate(), timeoutMs);
      };
      arm();
      w.on('message', (m: { k: number; transcript: string }) => {
        results.set(m.k, m.transcript);
        arm();
      });
      w.on('error', () => {});
      w.on('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
    const missing = rest.findIndex((c) => !results.has(c.k));
    if (missing < 0) break;
    const c = rest[missing]!;
    results.set(c.k, `module ${c.k}\ntimeout\nend ${c.k}\n`);
    rest = rest.slice(missing + 1);
  }
  return results;
}

/** Why a proven dead-load case was excused, by the kind of the guard-mode difference. */
export const EXCUSES = {
  transcript: 'guard mode: missed, late or reordered out-of-bounds trap, proven the dead-load gap (guard mode with volatile accesses and explicit mode agree with V8)',
  timeout: 'guard mode: hang where V8 traps out of bounds, proven the dead-load gap (guard mode with volatile accesses and explicit mode agree with V8)',
} as const;

/**
 * Compare `cases` in `bounds` mode. A guard-mode difference is excused only when it is proven
 * to be guard mode's documented dead-load gap (src/translate/memory.ts, docs/security.md):
 *  1. its shape allows it (deadLoadShape: V8 trapped "memory" in that call or before), and
 *  2. the same module compiled in guard mode with every linear-memory access and global.set
 *     volatile (TranslateOptions.volatileAccesses: LLVM can neither delete, move nor fold one,
 *     nor reorder them; the only change to the build) gives V8's transcript, and
 *  3. explicit mode, which has no such gap, gives V8's transcript too.
 * Transcript differences and hangs (a loop whose exit is the fault of a deleted load) follow
 * the same rule; anything else (a crash, a difference without an earlier memory trap in V8, or
 * one the volatile build or explicit mode still shows) is a divergence.
 */
async function runBatch(cases: Case[], bounds: 'guard' | 'explicit', o: DiffOptions, dir: string, pool: Pool): Promise<BatchResult> {
  const res = await runBatchOnce(cases, bounds, o, dir, pool, false);
  const gaps = res.divergences.filter((d) => d.deadLoadShape === true);
  if (gaps.length === 0 || o.strict === true) return res;
  const again = gaps.map((d) => ({ k: d.k, bytes: d.bytes, how: d.how, denan: d.denan }));
  // V8's transcripts do not depend on awsm's build: the first run's serve both proofs.
  const v8 = new Map(gaps.map((d) => [d.k, d.v8!]));
  // The two proofs are independent (own case copies, own file names): run them side by side,
  // so a hang's re-runs cost one timeout, not two.
  const [volatile, explicit] = await Promise.all([
    runBatchOnce(again, 'guard', o, dir, pool, true, v8),
    runBatchOnce(again.map((c) => ({ ...c })), 'explicit', o, dir, pool, false, v8),
  ]);
  for (const d of gaps) {
    if (volatile.agreed.has(d.k) && explicit.agreed.has(d.k)) {
      const reason = EXCUSES[d.kind as keyof typeof EXCUSES];
      res.divergences.splice(res.divergences.indexOf(d), 1);
      res.excused[reason] = (res.excused[reason] ?? 0) + 1;
      res.excusedModules.push({ k: d.k, reason, detail: d.detail, bytes: d.bytes });
      continue;
    }
    const v = volatile.divergences.find((x) => x.k === d.k);
    const e = explicit.divergences.find((x) => x.k === d.k);
    const why = [v && `guard mode with volatile accesses: ${v.kind}: ${v.detail}`, e && `explicit mode: ${e.kind}: ${e.detail}`].filter(Boolean);
    d.detail += ` (not proven the dead-load gap: ${why.join('; ')})`;
  }
  return res;
}

/**
 * One translation, compilation and run of `cases` (see runBatch); with `volatile`,
 * TranslateOptions.volatileAccesses. `v8Known`: V8's transcripts of every case, already run
 * (runBatch's proofs); without it V8 runs the cases here.
 */
async function runBatchOnce(
  cases: Case[], bounds: 'guard' | 'explicit', o: DiffOptions, dir: string, pool: Pool, volatile: boolean, v8Known?: ReadonlyMap<number, string>,
): Promise<BatchResult> {
  const res = emptyBatch();
  const diverge = (c: Case, kind: Divergence['kind'], detail: string, extra: Partial<Divergence> = {}): void => {
    res.divergences.push({ k: c.k, kind, detail, how: c.how, bounds, bytes: c.bytes, denan: c.denan, ...extra });
  };
  const tag = `${bounds}${volatile ? '-volatile' : ''}`;

  // Both engines must agree that the module is valid; then awsm translates it.
  const ready: Case[] = [];
  for (const c of cases) {
    let awsmError: string | undefined;
    try {
      c.module = decodeModule(c.bytes);
      validateModule(c.module);
    } catch (e) {
      awsmError = e instanceof Error ? e.message : String(e);
    }
    const v8ok = WebAssembly.validate(c.bytes as Uint8Array<ArrayBuffer>);
    if (awsmError !== undefined && !v8ok) {
      res.bothInvalid++;
      continue;
    }
    if (awsmError !== undefined || !v8ok) {
      diverge(c, 'validate', awsmError !== undefined ? `awsm rejects, V8 accepts: ${awsmError}` : 'awsm accepts, V8 rejects');
      continue;
    }
    try {
      c.irs = translateParts(c.module!, { name: `d${c.k}`, bounds, volatileAccesses: volatile }, partitionSize());
    } catch (e) {
      diverge(c, 'compile', `translation failed: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    c.exports = exportInfo(c.module!);
    c.floats = hasFloats(c.module!);
    c.module = undefined; // the instruction arrays are big; keep only what is needed
    ready.push(c);
  }
  if (ready.length === 0) return res;

  // One clang process compiles the batch into one shared library, which the driver runs.
  const side = await runAwsmSide(ready.map((c) => ({ k: c.k, irs: c.irs! })), tag, o, dir, pool);
  for (const c of ready) c.irs = undefined;
  for (const [k, detail] of side.rejected) diverge(ready.find((c) => c.k === k)!, 'compile', detail);
  const compiled = ready.filter((c) => side.compiled.includes(c.k));
  if (compiled.length === 0) return res;
  const awsm = side.transcripts;
  const died = side.died;

  const v8 = v8Known ?? (await runV8Side(compiled, Math.min(o.timeoutMs, 60_000)));
  for (const c of compiled) {
    const a = awsm.get(c.k);
    const b = v8.get(c.k) ?? `module ${c.k}\ntimeout\nend ${c.k}\n`;
    const v8Hung = b.includes('\ntimeout\n');
    const dead = died.get(c.k);
    if (dead !== undefined) {
      // A hang can be the dead-load gap: a loop whose only exit was the deleted load's fault.
      const shape = bounds === 'guard' && !volatile && dead.kind === 'timeout' && !v8Hung && deadLoadShape(b, firstDifference(dead.partial, b));
      diverge(c, dead.kind, `${dead.how}; awsm's transcript so far: [${dead.partial.trim().split('\n').slice(-3).join(' | ')}]`, {
        awsm: dead.partial, v8: b, ...(shape ? { deadLoadShape: true } : {}),
      });
      continue;
    }
    if (a === undefined) continue; // not reached: every module ran to its end or died
    if (v8Hung) {
      diverge(c, 'timeout', 'V8 did not finish the module in time', { awsm: a, v8: b });
      continue;
    }
    const v = compareTranscripts(a, b, { denan: c.denan, floats: c.floats! });
    res.compared++;
    res.calls += v.calls;
    if (v.same) {
      res.agreed.add(c.k);
      if (v.allowed !== undefined) res.allowed[v.allowed] = (res.allowed[v.allowed] ?? 0) + 1;
    } else {
      const shape = bounds === 'guard' && !volatile && deadLoadShape(b, v.block);
      diverge(c, 'transcript', v.detail, { awsm: a, v8: b, ...(shape ? { deadLoadShape: true } : {}) });
    }
  }
  return res;
}

// ---- runs -------------------------------------------------------------------------------------

function save(out: string, seed: number, d: Divergence): void {
  mkdirSync(out, { recursive: true });
  const base = join(out, `${d.kind}-${d.k}`);
  writeFileSync(`${base}.wasm`, d.bytes);
  writeFileSync(
    `${base}.txt`,
    `seed ${seed} module ${d.k} (${d.how}), bounds ${d.bounds}\n${d.kind}: ${d.detail}\n\n` +
      `--- awsm\n${d.awsm ?? '(none)'}\n--- V8\n${d.v8 ?? '(none)'}\n` +
      `check: node dist/tests/diff/diff.js --check ${base}.wasm --bounds ${d.bounds}\n`,
  );
  d.saved = `${base}.wasm`;
}

/** An excused module, for a look now and then: OUT/excused-K.wasm and .txt. */
function saveExcused(out: string, seed: number, e: ExcusedModule): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `excused-${e.k}.wasm`), e.bytes);
  writeFileSync(join(out, `excused-${e.k}.txt`), `seed ${seed} module ${e.k}: excused: ${e.reason}\nguard mode: ${e.detail}\n`);
}

/** Add the counts per reason `from` to `into` (also loops.ts). */
export function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** The sum of counts per reason (also the e2e test). */
export const totalCount = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);

function merge(into: DiffReport, r: BatchResult): void {
  into.compared += r.compared;
  into.calls += r.calls;
  into.bothInvalid += r.bothInvalid;
  addCounts(into.allowed, r.allowed);
  addCounts(into.excused, r.excused);
  into.excusedModules.push(...r.excusedModules);
  into.divergences.push(...r.divergences);
}

/** Generate and compare `o.modules` modules. */
export async function runDiff(o: DiffOptions): Promise<DiffReport> {
  const started = Date.now();
  const report = emptyReport(o.seed, 0);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-diff-'));
  const pool = new Pool(o.jobs);
  await buildDriver();
  try {
    await forEachBatch(o, async (b) => {
      const cases: Case[] = [];
      for (let k = b.from; k < b.to; k++) cases.push(await pool.run(() => generateModule(o.seed, k, o, dir)));
      report.generated += cases.length;
      const r = await runBatch(cases, b.bounds, o, dir, pool);
      if (o.out !== undefined) for (const d of r.divergences) save(o.out, o.seed, d);
      if (o.out !== undefined) for (const e of r.excusedModules) saveExcused(o.out, o.seed, e);
      merge(report, r);
      report.seconds = (Date.now() - started) / 1000;
      o.onProgress?.(report);
    });
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Compare given modules (regression tests, wasm-reduce). */
export async function checkFiles(
  paths: readonly string[],
  o: { bounds: 'guard' | 'explicit'; optLevel: OptLevel; timeoutMs: number; keep?: boolean; strict?: boolean },
): Promise<DiffReport> {
  const started = Date.now();
  const report = emptyReport(0, paths.length);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-diff-'));
  try {
    const cases: Case[] = paths.map((p, k) => ({ k, bytes: new Uint8Array(readFileSync(p)), how: basename(p), denan: /denan/.test(p) }));
    const opts: DiffOptions = {
      modules: paths.length, seed: 0, jobs: 1, batch: paths.length, simd: 0, denan: 0, optLevel: o.optLevel, bounds: o.bounds,
      timeoutMs: o.timeoutMs, ...(o.keep ? { keep: true } : {}), ...(o.strict ? { strict: true } : {}),
    };
    merge(report, await runBatch(cases, o.bounds, opts, dir, new Pool(availableParallelism())));
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

// ---- command line ---------------------------------------------------------------------------

const USAGE = `usage: node dist/tests/diff/diff.js [options]
       node dist/tests/diff/diff.js --check FILE.wasm... [--bounds guard|explicit] [-O N]
  -n N             modules to generate and compare (default 100)
  --seed S         run seed (default: from the clock; printed)
  --first K        index of the first module (default 0)
  -j N             parallel batches (default: number of CPUs)
  --batch B        modules per shared library (default 50)
  --simd P         fraction of modules with SIMD (default 0.3)
  --denan P        fraction of modules passed through wasm-opt --denan (default 0.5)
  --gen G          generator: ttf (wasm-opt -ttf), smith (wasm-tools smith) or both (default:
                   both when wasm-tools is installed, else ttf)
  --bounds MODE    guard, explicit or both (alternating batches; default both)
  -O N             LLVM optimisation level (default 2)
  --timeout MS     per batch in the driver, per module in V8 (default 120000)
  --out DIR        where divergences go (default CACHE/diff/findings/SEED)
  --keep           keep the temporary directory
  --strict         report guard mode's dead-load gap (missed, late or reordered out-of-bounds
                   traps, hangs) as a divergence instead of trying to prove it (the module
                   again in guard mode with volatile accesses and in explicit mode)
  --quiet          with --check: print only 'same' or 'DIVERGENT KIND' (for wasm-reduce)
Exit status: 0 when nothing diverged, 1 when something did, 2 for a usage error.`;

/** The lines of a summary that count excused and allowed differences, per reason (also loops.ts, the e2e test). */
export function excuseLines(tool: string, r: { excused: Record<string, number>; allowed: Record<string, number> }): string[] {
  const list = (o: Record<string, number>): string[] => Object.entries(o).sort().map(([k, v]) => `${tool}:   ${v} × ${k}`);
  return [
    `${tool}: ${totalCount(r.excused)} modules excused (guard mode, proven the dead-load gap)`, ...list(r.excused),
    `${tool}: ${totalCount(r.allowed)} modules with differences the comparison rules allow`, ...list(r.allowed),
  ];
}

function printReport(r: DiffReport): void {
  console.log(
    `diff: seed ${r.seed}: ${r.generated} modules generated, ${r.compared} compared (${r.calls} export calls), ` +
      `${r.bothInvalid} invalid in both engines, ${r.excusedModules.length} excused, ${r.divergences.length} divergences, ${r.seconds.toFixed(0)} s`,
  );
  for (const l of excuseLines('diff', r)) console.log(l);
  for (const d of r.divergences) {
    console.log(`  module ${d.k} [${d.kind}, ${d.bounds}] ${d.how}${d.saved ? ` → ${d.saved}` : ''}\n      ${d.detail.slice(0, 400)}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const a = { ...commonArgs(50), denan: 0.5, gen: undefined as Generator | undefined };
  try {
    for (const o = new OptionReader(argv); o.next(); ) {
      if (readCommonOption(o, a)) continue;
      switch (o.name) {
        case '-h': case '--help': console.log(USAGE); return 0;
        case '--denan': a.denan = o.num(0, 1); break;
        case '--gen': a.gen = o.choice(['ttf', 'smith', 'both'] as const); break;
        default: throw new Error(`unknown option '${o.arg}'`);
      }
    }
  } catch (e) {
    console.error(`diff: error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (a.check.length > 0) {
    const modes: Array<'guard' | 'explicit'> = a.bounds === 'both' ? ['guard', 'explicit'] : [a.bounds];
    let diverged = false;
    for (const bounds of modes) {
      const r = await checkFiles(a.check, { bounds, optLevel: a.opt, timeoutMs: a.timeout, keep: a.keep, strict: a.strict });
      for (const d of r.divergences) {
        console.log(a.quiet ? `DIVERGENT ${d.kind}` : `DIVERGENT ${d.how} [${d.kind}, ${bounds}]: ${d.detail.slice(0, 300)}`);
      }
      if (!a.quiet) for (const e of r.excusedModules) console.log(`EXCUSED ${basename(a.check[e.k]!)} [${bounds}]: ${e.reason}: ${e.detail.slice(0, 300)}`);
      if (r.divergences.length > 0) diverged = true;
    }
    if (!diverged) console.log('same');
    return diverged ? 1 : 0;
  }
  if (!haveWasmOpt()) {
    console.error('diff: error: wasm-opt not found (apt-get install binaryen)');
    return 1;
  }
  const out = resolve(a.out ?? join(cacheDir(), 'diff', 'findings', String(a.seed)));
  const gen = a.gen ?? (wasmTools() !== null ? 'both' : 'ttf');
  console.error(`diff: seed ${a.seed}, ${a.n} modules from ${a.first}, generator ${gen}, batches of ${a.batch}, ${a.jobs} jobs, bounds ${a.bounds}, -O${a.opt}`);
  let lastPrint = 0;
  const report = await runDiff({
    modules: a.n, seed: a.seed, first: a.first, jobs: a.jobs, batch: a.batch, simd: a.simd, denan: a.denan,
    optLevel: a.opt, bounds: a.bounds, timeoutMs: a.timeout, out, keep: a.keep, strict: a.strict,
    ...(a.gen !== undefined ? { generator: a.gen } : {}),
    onProgress: (r) => {
      if (Date.now() - lastPrint < 30_000) return;
      lastPrint = Date.now();
      console.error(`diff: ${r.generated} generated, ${r.compared} compared, ${r.calls} calls, ${r.divergences.length} divergences (${r.seconds.toFixed(0)} s)`);
    },
  });
  printReport(report);
  return report.divergences.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'diff', main);
