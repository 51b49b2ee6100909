/**
 * Differential testing of awsm against wasmtime on Wasm 3.0 modules (docs/security.md,
 * "Differential testing against wasmtime").
 *
 *   node dist/tests/diff/wasmtime.js [-n N] [--seed S] [-j N] [--batch B] [--simd P] [--gated P] [--no-traps P]
 *                                    [--bounds guard|explicit|both] [-O N] [--out DIR] [--keep] [--strict]
 *   node dist/tests/diff/wasmtime.js --check FILE.wasm…   compare given modules (exit 1 if any differs)
 *
 * Module k of a run is `wasm-tools smith` of random bytes drawn from (seed, k) with the Wasm 2.0
 * features, tail calls, extended constants and wide arithmetic (SIMD in a fraction), and each
 * feature of GATED in a fraction `--gated` (the ones awsm expects to compile in half the
 * modules). No imports, everything exported, fuel-bounded loops and calls (the fuel exported and
 * restored before each call: fuel.ts), NaNs canonicalised; half of them with --disallow-traps,
 * whose calls run to their end (in the others most calls trap before a value is seen).
 *
 * awsm runs the module (awsm-side.ts: translate, one shared library per batch, driver.c with
 * `exact`), and its transcript becomes a .wast script (wast.ts) that `wasmtime wast` checks on
 * one instance: every result, trap, global and memory (hashed by a helper module) must be the
 * same. A failing assertion is a divergence, saved with the module and the script under --out
 * (default CACHE/diff/wasmtime/SEED), except that
 *   - after a stack overflow on either side the rest of the module is not compared;
 *   - in guard mode, a difference proven to be guard mode's documented dead-load gap is
 *     excused, by the rule of diff.ts: awsm trapped out of bounds before it, or wasmtime does
 *     where it differs (or where awsm hung), and the module compiled in guard mode with
 *     volatile accesses, and in explicit mode, both pass wasmtime's check.
 * A module awsm refuses ("unsupported: FEATURE") is counted per feature, never as compared;
 * a refusal of a feature GATED does not mark as expected to compile is a divergence.
 *
 * Relaxed SIMD is not generated: its instructions have several allowed results, awsm picks one
 * per instruction (docs/abi.md, "Relaxed SIMD"), mixing the deterministic profile's choices
 * with x86's, and wasmtime makes other choices (host-dependent FMA, `pshufb` alone), so neither
 * of wasmtime's modes is a reference for awsm's results; the spec suite's `either` assertions
 * and tests/unit/simd-relaxed.test.ts check each choice instead.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { decodeModule } from '../../src/binary/decoder.js';
import type { Module } from '../../src/binary/module.js';
import { cacheDir } from '../../src/driver/cache.js';
import type { OptLevel } from '../../src/driver/native.js';
import { partitionSize } from '../../src/driver/partitions.js';
import { Pool } from '../../src/driver/pool.js';
import { UnsupportedError } from '../../src/errors.js';
import { translateParts } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { Rng } from '../fuzz/rng.js';
import { have, OptionReader, runAsScript } from '../tools.js';
import { commonArgs, forEachBatch, readCommonOption, runAwsmSide, runProcess, type Translated } from './awsm-side.js';
import { runGenerator, totalCount, wasmTools } from './diff.js';
import { exportFuel, FUEL } from './fuel.js';
import { wastPart, type WastPart } from './wast.js';

/**
 * The features awsm refuses until the translator handles them (src/translate/support.ts), by
 * the name its "unsupported: FEATURE" message gives, with the smith flags that generate them;
 * `compiles`: awsm is expected to compile modules using it (a refusal is then a divergence).
 * All compile: the four of issue 15 (multiple memories, memory64, table64, custom page sizes)
 * and exception handling (issue 16).
 */
export const GATED: ReadonlyArray<{ feature: string; smith: readonly string[]; compiles: boolean }> = [
  { feature: 'multiple memories', smith: ['--max-memories', '3'], compiles: true },
  // table64 comes with memory64 in smith.
  { feature: 'memory64', smith: ['--memory64-enabled', 'true'], compiles: true },
  { feature: 'table64', smith: [], compiles: true },
  { feature: 'custom page sizes', smith: ['--custom-page-sizes-enabled', 'true'], compiles: true },
  // Issue 16: tags, throw, throw_ref, try_table and exnref (not the legacy form: smith makes the 3.0 one).
  { feature: 'exception handling', smith: ['--exceptions-enabled', 'true'], compiles: true },
  // Issue 18: shared memories and the 0xFE atomics, single-threaded (wait on a shared memory
  // with its value equal blocks until the timeout; smith's waits use a timeout of 0 or a
  // differing value as they come).
  { feature: 'threads', smith: ['--threads-enabled', 'true'], compiles: true },
];

/** The smith arguments of a module: the features always on, SIMD, and the gated flags chosen. */
function smithArgs(simd: boolean, gated: readonly string[]): string[] {
  const on = [
    'reference-types', 'bulk-memory', 'multi-value', 'saturating-float-to-int', 'sign-extension-ops',
    'tail-call', 'extended-const', 'wide-arithmetic',
  ];
  const off = ['relaxed-simd', 'gc', 'shared-everything-threads', 'custom-descriptors'];
  return [
    '--ensure-termination', '--fuel', String(FUEL), '--export-everything', 'true', '--max-imports', '0',
    // --min-types 1: without it smith makes a module with no function type, and so no function, a third of the time.
    '--min-types', '1', '--min-funcs', '8', '--max-funcs', '40', '--max-instructions', '3000',
    // Memories of at most 1 MiB: the helper hashes all of it after each call.
    '--max-memory32-bytes', '1048576', '--max-memory64-bytes', '1048576', '--memory-max-size-required', 'true',
    '--max-tables', '3', '--max-table-elements', '1000', '--table-max-size-required', 'true', '--canonicalize-nans', 'true',
    ...on.flatMap((f) => [`--${f}-enabled`, 'true']),
    ...off.flatMap((f) => [`--${f}-enabled`, 'false']),
    '--simd-enabled', String(simd),
    // smith turns memory64 and custom page sizes on by default: every gated flag is given.
    ...(gated.includes('--max-memories') ? [] : ['--max-memories', '1']),
    ...(gated.includes('--memory64-enabled') ? [] : ['--memory64-enabled', 'false']),
    ...(gated.includes('--custom-page-sizes-enabled') ? [] : ['--custom-page-sizes-enabled', 'false']),
    ...(gated.includes('--exceptions-enabled') ? [] : ['--exceptions-enabled', 'false']),
    ...(gated.includes('--threads-enabled') ? [] : ['--threads-enabled', 'false']),
    ...gated,
  ];
}

export type Bounds = 'guard' | 'explicit';

export interface WasmtimeOptions {
  modules: number;
  seed: number;
  first?: number;
  jobs: number;
  batch: number;
  /** Fraction of modules with SIMD. */
  simd: number;
  /** Fraction of modules with each gated feature not expected to compile (those expected: 0.5). */
  gated: number;
  /**
   * Fraction of modules generated with smith's --disallow-traps (loads out of bounds read 0,
   * divisions are guarded…): most calls of the others trap early, so their values rarely
   * reach a result, a global or memory.
   */
  noTraps: number;
  optLevel: OptLevel;
  bounds: Bounds | 'both';
  /** Limit for one driver process and one wasmtime process, in ms. */
  timeoutMs: number;
  out?: string;
  keep?: boolean;
  /** Report guard mode's dead-load gap as a divergence instead of trying to prove it. */
  strict?: boolean;
  onProgress?: (r: WasmtimeReport) => void;
}

export interface WasmtimeDivergence {
  k: number;
  kind: 'validate' | 'refused' | 'compile' | 'crash' | 'timeout' | 'transcript';
  detail: string;
  how: string;
  bounds: Bounds;
  bytes: Uint8Array;
  /** awsm's transcript and the script wasmtime checked. */
  awsm?: string;
  wast?: string;
  saved?: string;
}

export interface WasmtimeReport {
  seed: number;
  generated: number;
  /** Modules awsm ran and wasmtime checked. */
  compared: number;
  /** Export calls checked. */
  calls: number;
  /** Modules awsm refused, by feature (not compared). */
  refused: Record<string, number>;
  /** Differences the rules allow (stack depth), by reason. */
  allowed: Record<string, number>;
  /** Guard-mode differences proven to be the dead-load gap, by reason. */
  excused: Record<string, number>;
  divergences: WasmtimeDivergence[];
  seconds: number;
}

interface Case {
  k: number;
  bytes: Uint8Array;
  how: string;
  module?: Module;
}

/** Generate module k of the run with `seed`. */
export async function generateCase(seed: number, k: number, o: Pick<WasmtimeOptions, 'simd' | 'gated' | 'noTraps'>, dir: string): Promise<Case> {
  const rng = new Rng(seed ^ 0x3a5e7, k);
  const size = rng.range(2000, 60000);
  const simd = rng.chance(o.simd);
  const chosen = GATED.filter((g) => g.smith.length > 0 && rng.chance(g.compiles ? 0.5 : o.gated));
  const safe = rng.chance(o.noTraps);
  const how = `wasm-tools smith of ${size} random bytes${simd ? ', SIMD' : ''}${chosen.map((g) => `, ${g.feature}`).join('')}${safe ? ', no traps' : ''}`;
  const flags = [...chosen.flatMap((g) => g.smith), ...(safe ? ['--disallow-traps', 'true'] : [])];
  const args = (input: string, output: string): string[] => ['smith', input, '-o', output, ...smithArgs(simd, flags)];
  const bytes = await runGenerator(dir, k, rng.bytes(size), wasmTools() ?? 'wasm-tools', args, `wasm-tools smith failed for module ${k}`);
  return { k, bytes: exportFuel(bytes), how };
}

// ---- wasmtime ---------------------------------------------------------------------------------

/** wasmtime's verdict on one module's part of a script. */
type Verdict = { ok: true } | { ok: false; line: number; message: string; timeout?: boolean };

/**
 * Check the parts with `wasmtime wast`, as one script (`file`); it stops at the first failing
 * directive, so the modules after a failing one run again in a new script.
 */
async function runWasmtime(parts: ReadonlyArray<{ k: number; part: WastPart }>, file: string, timeoutMs: number): Promise<Map<number, Verdict>> {
  const out = new Map<number, Verdict>();
  let rest = parts.filter((p) => p.part.lines.length > 0);
  for (const p of parts) if (p.part.lines.length === 0) out.set(p.k, { ok: true });
  while (rest.length > 0) {
    const starts: number[] = [];
    let line = 1;
    for (const p of rest) {
      starts.push(line);
      line += p.part.lines.length;
    }
    writeFileSync(file, rest.map((p) => p.part.lines.join('\n')).join('\n') + '\n');
    const r = await runProcess('wasmtime', ['wast', '-W', 'all-proposals=y', file], timeoutMs);
    if (r.status === 0) {
      for (const p of rest) out.set(p.k, { ok: true });
      break;
    }
    if (r.timedOut && rest.length > 1) {
      for (const p of rest) for (const [k, v] of await runWasmtime([p], file, timeoutMs)) out.set(k, v);
      break;
    }
    const at = /failed directive on .*?:(\d+)/.exec(r.stderr);
    const message = r.timedOut
      ? 'wasmtime did not finish in time'
      : r.stderr.replace(/\nStack backtrace:[^]*$/, '').replace(/^Error: [^\n]*\n\nCaused by:\n/, '').trim().split('\n').map((l) => l.trim()).join(' | ');
    const L = at !== null ? Number(at[1]) : 1;
    let i = starts.findIndex((s, j) => L >= s && L < s + rest[j]!.part.lines.length);
    if (i < 0) i = 0;
    for (const p of rest.slice(0, i)) out.set(p.k, { ok: true });
    out.set(rest[i]!.k, { ok: false, line: at !== null ? L - starts[i]! : -1, message, ...(r.timedOut ? { timeout: true } : {}) });
    rest = rest.slice(i + 1);
  }
  return out;
}

// ---- a batch ----------------------------------------------------------------------------------

/** One module's outcome in one build. */
type Outcome =
  | { kind: 'same'; calls: number; allowed?: string }
  | { kind: 'refused'; feature: string; detail: string }
  | { kind: 'diverge'; dkind: WasmtimeDivergence['kind']; detail: string; calls: number; shape: boolean; awsm?: string; wast?: string };

const STACK = 'stack exhaustion (depths differ)';

/**
 * Translate, compile and run `cases` in awsm (with volatile accesses when `volatile`), turn
 * the transcripts into scripts and check them with wasmtime.
 */
async function runOnce(cases: Case[], bounds: Bounds, volatile: boolean, o: WasmtimeOptions, dir: string, pool: Pool): Promise<Map<number, Outcome>> {
  const out = new Map<number, Outcome>();
  const ready: Translated[] = [];
  for (const c of cases) {
    try {
      c.module ??= decodeModule(c.bytes);
      validateModule(c.module);
    } catch (e) {
      out.set(c.k, { kind: 'diverge', dkind: 'validate', detail: `awsm rejects a module smith generated: ${(e as Error).message}`, calls: 0, shape: false });
      continue;
    }
    try {
      ready.push({ k: c.k, irs: translateParts(c.module, { name: `d${c.k}`, bounds, volatileAccesses: volatile }, partitionSize()) });
    } catch (e) {
      if (e instanceof UnsupportedError) out.set(c.k, { kind: 'refused', feature: e.feature, detail: e.message });
      else out.set(c.k, { kind: 'diverge', dkind: 'compile', detail: `translation failed: ${(e as Error).message}`, calls: 0, shape: false });
    }
  }
  const tag = `${bounds}${volatile ? '-volatile' : ''}`;
  const side = await runAwsmSide(ready, tag, { optLevel: o.optLevel, timeoutMs: o.timeoutMs, exact: true, ...(o.keep ? { keep: true } : {}) }, dir, pool);
  for (const [k, detail] of side.rejected) out.set(k, { kind: 'diverge', dkind: 'compile', detail, calls: 0, shape: false });

  const parts: Array<{ k: number; part: WastPart; transcript: string }> = [];
  for (const k of side.compiled) {
    const c = cases.find((x) => x.k === k)!;
    const dead = side.died.get(k);
    const transcript = dead?.partial ?? side.transcripts.get(k)!;
    try {
      // A crash is a divergence as it is; a hang is checked up to the call that hangs.
      if (dead?.kind === 'crash') throw new Error(dead.how);
      parts.push({ k, part: wastPart(k, c.bytes, c.module!, transcript, dead !== undefined), transcript });
    } catch (e) {
      out.set(k, { kind: 'diverge', dkind: dead?.kind ?? 'crash', detail: (e as Error).message, calls: 0, shape: false, awsm: transcript });
    }
  }
  const verdicts = await runWasmtime(parts, join(dir, `b${cases[0]?.k ?? 0}-${tag}.wast`), o.timeoutMs);
  for (const { k, part, transcript } of parts) {
    const v = verdicts.get(k)!;
    const dead = side.died.get(k);
    const wast = part.lines.join('\n') + '\n';
    if (v.ok && dead === undefined) {
      out.set(k, { kind: 'same', calls: part.calls, ...(part.stackStop ? { allowed: STACK } : {}) });
      continue;
    }
    if (v.ok) {
      // awsm hung where wasmtime traps out of bounds (the last assertion): the gap's shape.
      out.set(k, { kind: 'diverge', dkind: 'timeout', detail: `${dead!.how}; wasmtime traps out of bounds there`, calls: part.calls, shape: true, awsm: transcript, wast });
      continue;
    }
    if (/call stack exhausted/.test(v.message) && !v.timeout) {
      out.set(k, { kind: 'same', calls: part.blocks[v.line] ?? 0, allowed: STACK });
      continue;
    }
    // The gap's shape: awsm trapped out of bounds before the failing line (wasmtime agreed), or
    // wasmtime traps out of bounds at it where awsm did not.
    const shape = v.line >= 0 && (part.oob.slice(0, v.line).some(Boolean) || (/out of bounds memory access/.test(v.message) && !part.oob[v.line]));
    const where = v.line >= 0 ? `${part.lines[v.line]!.slice(0, 200)}: ` : '';
    out.set(k, {
      kind: 'diverge', dkind: dead?.kind ?? (v.timeout ? 'timeout' : 'transcript'), detail: `${dead ? `${dead.how}; ` : ''}${where}${v.message}`,
      calls: part.blocks[Math.max(0, v.line)] ?? 0, shape, awsm: transcript, wast,
    });
  }
  return out;
}

/** Why a proven dead-load case was excused. */
const EXCUSED = 'guard mode: missed, late or reordered out-of-bounds trap or hang, proven the dead-load gap (guard mode with volatile accesses and explicit mode agree with wasmtime)';

/** Compare `cases` in `bounds` mode and add the outcome to `report` (see the top of the file for the rules). */
async function runBatch(cases: Case[], bounds: Bounds, o: WasmtimeOptions, dir: string, pool: Pool, report: WasmtimeReport): Promise<void> {
  const first = await runOnce(cases, bounds, false, o, dir, pool);
  const gaps = bounds === 'guard' && !o.strict ? [...first].filter(([, v]) => v.kind === 'diverge' && v.shape).map(([k]) => k) : [];
  if (gaps.length > 0) {
    const again = (): Case[] => cases.filter((c) => gaps.includes(c.k)).map((c) => ({ ...c }));
    const [vol, exp] = await Promise.all([runOnce(again(), 'guard', true, o, dir, pool), runOnce(again(), 'explicit', false, o, dir, pool)]);
    for (const k of gaps) {
      if (vol.get(k)?.kind === 'same' && exp.get(k)?.kind === 'same') {
        report.excused[EXCUSED] = (report.excused[EXCUSED] ?? 0) + 1;
        report.compared++;
        report.calls += (first.get(k) as { calls: number }).calls;
        first.delete(k);
      } else {
        const d = first.get(k) as Extract<Outcome, { kind: 'diverge' }>;
        const why = (x: Outcome | undefined): string => (x === undefined || x.kind === 'same' ? 'agrees' : x.kind === 'refused' ? 'refused' : x.detail.slice(0, 200));
        d.detail += ` (not proven the dead-load gap: guard mode with volatile accesses: ${why(vol.get(k))}; explicit mode: ${why(exp.get(k))})`;
      }
    }
  }
  for (const c of cases) {
    const v = first.get(c.k);
    if (v === undefined) continue;
    if (v.kind === 'refused') {
      report.refused[v.feature] = (report.refused[v.feature] ?? 0) + 1;
      if (GATED.some((g) => g.feature === v.feature && !g.compiles)) continue;
      report.divergences.push({ k: c.k, kind: 'refused', detail: `awsm refuses a feature expected to compile: ${v.detail}`, how: c.how, bounds, bytes: c.bytes });
      continue;
    }
    if (v.kind === 'same') {
      report.compared++;
      report.calls += v.calls;
      if (v.allowed !== undefined) report.allowed[v.allowed] = (report.allowed[v.allowed] ?? 0) + 1;
      continue;
    }
    if (v.kind === 'diverge' && v.dkind === 'transcript') report.compared++;
    report.calls += v.calls;
    report.divergences.push({
      k: c.k, kind: v.dkind, detail: v.detail, how: c.how, bounds, bytes: c.bytes,
      ...(v.awsm !== undefined ? { awsm: v.awsm } : {}), ...(v.wast !== undefined ? { wast: v.wast } : {}),
    });
  }
}

// ---- runs -------------------------------------------------------------------------------------

const emptyReport = (seed: number): WasmtimeReport => ({ seed, generated: 0, compared: 0, calls: 0, refused: {}, allowed: {}, excused: {}, divergences: [], seconds: 0 });

function save(out: string, seed: number, d: WasmtimeDivergence): void {
  mkdirSync(out, { recursive: true });
  const base = join(out, `${d.kind}-${d.k}-${d.bounds}`);
  writeFileSync(`${base}.wasm`, d.bytes);
  if (d.wast !== undefined) writeFileSync(`${base}.wast`, d.wast);
  writeFileSync(
    `${base}.txt`,
    `seed ${seed} module ${d.k} (${d.how}), bounds ${d.bounds}\n${d.kind}: ${d.detail}\n\n--- awsm\n${d.awsm ?? '(none)'}\n` +
      `check: node dist/tests/diff/wasmtime.js --check ${base}.wasm --bounds ${d.bounds}\n`,
  );
  d.saved = `${base}.wasm`;
}

/** Generate and compare `o.modules` modules. */
export async function runWasmtimeDiff(o: WasmtimeOptions): Promise<WasmtimeReport> {
  const started = Date.now();
  const report = emptyReport(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-wdiff-'));
  const pool = new Pool(o.jobs);
  try {
    await forEachBatch(o, async (b) => {
      const cases: Case[] = [];
      for (let k = b.from; k < b.to; k++) cases.push(await pool.run(() => generateCase(o.seed, k, o, dir)));
      report.generated += cases.length;
      const before = report.divergences.length;
      await runBatch(cases, b.bounds, o, dir, pool, report);
      if (o.out !== undefined) for (const d of report.divergences.slice(before)) save(o.out, o.seed, d);
      report.seconds = (Date.now() - started) / 1000;
      o.onProgress?.(report);
    });
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Compare given modules in `bounds` mode. */
export async function checkWasmtime(
  paths: readonly string[], o: Omit<WasmtimeOptions, 'modules' | 'seed' | 'jobs' | 'batch' | 'simd' | 'gated' | 'noTraps' | 'bounds'> & { bounds: Bounds },
): Promise<WasmtimeReport> {
  const started = Date.now();
  const report = emptyReport(0);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-wdiff-'));
  try {
    const cases = paths.map((p, k) => ({ k, bytes: new Uint8Array(readFileSync(p)), how: basename(p) }));
    report.generated = cases.length;
    const opts: WasmtimeOptions = { ...o, modules: cases.length, seed: 0, jobs: 1, batch: cases.length, simd: 0, gated: 0, noTraps: 0 };
    await runBatch(cases, o.bounds, opts, dir, new Pool(availableParallelism()), report);
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

// ---- command line -----------------------------------------------------------------------------

const USAGE = `usage: node dist/tests/diff/wasmtime.js [options]
       node dist/tests/diff/wasmtime.js --check FILE.wasm... [--bounds guard|explicit|both] [-O N]
  -n N             modules to generate and compare (default 100)
  --seed S         run seed (default: from the clock; printed)
  --first K        index of the first module (default 0)
  -j N             parallel batches (default: number of CPUs)
  --batch B        modules per shared library and per wasmtime script (default 25)
  --simd P         fraction of modules with SIMD (default 0.3)
  --gated P        fraction of modules with each feature awsm does not compile yet (default 0.2)
  --no-traps P     fraction of modules made with smith's --disallow-traps (default 0.5)
  --bounds MODE    guard, explicit or both (alternating batches; default both)
  -O N             LLVM optimisation level (default 2)
  --timeout MS     per driver and per wasmtime process (default 120000)
  --out DIR        where divergences go (default CACHE/diff/wasmtime/SEED)
  --keep           keep the temporary directory
  --strict         report guard mode's dead-load gap as a divergence instead of trying to prove it
  --quiet          with --check: print only 'same' or 'DIVERGENT KIND' (for wasm-tools shrink)
Exit status: 0 when nothing diverged, 1 when something did, 2 for a usage error.`;

/** The summary lines of a report (also the e2e test's diagnostics). */
export function summaryLines(r: WasmtimeReport): string[] {
  const list = (o: Record<string, number>): string[] => Object.entries(o).sort().map(([k, v]) => `  ${v} × ${k}`);
  return [
    `seed ${r.seed}: ${r.generated} modules, ${r.compared} compared (${r.calls} export calls), ${totalCount(r.refused)} refused, ` +
      `${totalCount(r.excused)} excused, ${totalCount(r.allowed)} allowed, ${r.divergences.length} divergences, ${r.seconds.toFixed(0)} s`,
    `refused by awsm, per feature (${GATED.filter((g) => g.compiles).map((g) => g.feature).join(', ') || 'none'} expected to compile):`, ...list(r.refused),
    'excused:', ...list(r.excused),
    'allowed:', ...list(r.allowed),
    ...r.divergences.map((d) => `  module ${d.k} [${d.kind}, ${d.bounds}] ${d.how}${d.saved ? ` → ${d.saved}` : ''}\n      ${d.detail.slice(0, 600)}`),
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const a = { ...commonArgs(25), gated: 0.2, noTraps: 0.5 };
  try {
    for (const o = new OptionReader(argv); o.next(); ) {
      if (readCommonOption(o, a)) continue;
      switch (o.name) {
        case '-h': case '--help': console.log(USAGE); return 0;
        case '--gated': a.gated = o.num(0, 1); break;
        case '--no-traps': a.noTraps = o.num(0, 1); break;
        default: throw new Error(`unknown option '${o.arg}'`);
      }
    }
  } catch (e) {
    console.error(`wasmtime-diff: error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const missing = ['wasmtime', ...(a.check.length === 0 ? ['wasm-tools'] : [])].filter((t) => !have(t));
  if (missing.length > 0) {
    console.error(`wasmtime-diff: error: ${missing.join(' and ')} not found (bash scripts/setup.sh installs them from PyPI)`);
    return 1;
  }
  const common = { optLevel: a.opt, timeoutMs: a.timeout, keep: a.keep, strict: a.strict };
  if (a.check.length > 0) {
    let diverged = false;
    for (const bounds of a.bounds === 'both' ? (['guard', 'explicit'] as const) : [a.bounds]) {
      const r = await checkWasmtime(a.check, { ...common, bounds });
      for (const d of r.divergences) console.log(a.quiet ? `DIVERGENT ${d.kind}` : `DIVERGENT ${d.how} [${d.kind}, ${bounds}]: ${d.detail.slice(0, 600)}`);
      if (!a.quiet) for (const [f, n] of Object.entries(r.refused)) console.log(`REFUSED ${n} × ${f} [${bounds}]`);
      if (r.divergences.length > 0) diverged = true;
    }
    if (!diverged) console.log('same');
    return diverged ? 1 : 0;
  }
  const out = resolve(a.out ?? join(cacheDir(), 'diff', 'wasmtime', String(a.seed)));
  console.error(`wasmtime-diff: seed ${a.seed}, ${a.n} modules from ${a.first}, batches of ${a.batch}, ${a.jobs} jobs, bounds ${a.bounds}, -O${a.opt}`);
  let lastPrint = 0;
  const report = await runWasmtimeDiff({
    ...common, modules: a.n, seed: a.seed, first: a.first, jobs: a.jobs, batch: a.batch, simd: a.simd, gated: a.gated, noTraps: a.noTraps,
    bounds: a.bounds, out,
    onProgress: (r) => {
      if (Date.now() - lastPrint < 30_000) return;
      lastPrint = Date.now();
      console.error(`wasmtime-diff: ${r.generated} generated, ${r.compared} compared, ${r.calls} calls, ${r.divergences.length} divergences (${r.seconds.toFixed(0)} s)`);
    },
  });
  for (const l of summaryLines(report)) console.log(`wasmtime-diff: ${l}`);
  return report.divergences.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'wasmtime-diff', main);

