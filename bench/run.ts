/**
 * The benchmark suite runner (docs/benchmarks.md).
 *
 *   npm run bench [-- NAME... ] [--runs N] [--json FILE] [--cpu NAME] [--no-native] [--no-v8]
 *                 [--no-awsm] [--simd] [--bounds-modes] [--metric wall|cpu] ...
 *
 * For every C program in bench/programs: builds it natively and to wasm32-wasi with clang-16
 * (only what is missing or stale), compiles the wasm with awsm, then runs native, awsm and V8
 * (node:wasi, --no-liftoff) interleaved, N times each, checks that every output is identical
 * (and equal to bench/expected/NAME.out when that exists), and reports medians, the ratios
 * awsm/native, awsm/V8 and V8/native with geometric means, awsm's compile and cache-load times
 * and the start-up time of a trivial program. Opt-in awsm variants (AWSM_VARIANTS), run in the
 * same rounds and checked like the others:
 *   --simd          awsm-simd: the wasm built with -msimd128, compiled and run by awsm like the
 *                   awsm column, with awsm-simd/awsm and awsm-simd/native;
 *   --bounds-modes  awsm-explicit and awsm-none: the plain wasm compiled with --bounds=explicit
 *                   and --bounds=none, with awsm-explicit/awsm and awsm-none/awsm: the cost of
 *                   each bounds-check mode relative to the default (guard pages).
 * Writes bench/results/latest.md and latest.svg, and JSON with --json.
 *
 * Self-contained on purpose: it drives the awsm CLI as a separate process (like a user would)
 * and imports nothing from src/.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { installedBin } from './bin.js';

const execFileP = promisify(execFile);

// dist/bench/run.js -> the repository root
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH = join(ROOT, 'bench');
const PROGRAMS = join(BENCH, 'programs');
const EXPECTED = join(BENCH, 'expected');
const BUILD = join(BENCH, 'build');
const RESULTS = join(BENCH, 'results');
const STARTUP_SRC = join(BENCH, 'startup', 'empty.c');
/** Build name of the start-up program (not a name in programs/). */
const STARTUP = 'startup_empty';
const V8_RUNNER = join(BENCH, 'v8-runner.mjs');
/** The installed command (package.json "bin"): what users run (bench/bin.ts). */
const AWSM_CLI = installedBin(ROOT);
/**
 * Node flags for the V8 runs. --no-liftoff: TurboFan only (see v8-runner.mjs).
 * --no-concurrent-marking: with Node 20.20 (V8 11.3), programs that grow their memory to
 * ~100 MiB and more (hashmap, minidb, huffman, ...) often die with SIGSEGV in JS code after
 * the module has finished (about 1 run in 2), which goes away when the JS heap is
 * marked on the main thread. It does not affect the wasm code V8 generates.
 */
const V8_FLAGS = ['--no-liftoff', '--no-concurrent-marking'];
const CLANG = process.env.AWSM_BENCH_CLANG ?? 'clang-16';
const WASI_SYSROOT = process.env.AWSM_BENCH_WASI_SYSROOT ?? '/usr';
const GNU_TIME = '/usr/bin/time';
const TIMEOUT = '/usr/bin/timeout';

/**
 * The CPU both the native build and awsm target unless --cpu says otherwise: awsm's own
 * default (x86-64-v2 on x86-64, src/driver/native.ts), so that both use the same target
 * flags; on other hosts clang's default for both (no -march, no --cpu).
 */
const DEFAULT_CPU: string | undefined = arch() === 'x64' ? 'x86-64-v2' : undefined;
/** A clang CPU name, as awsm's --cpu accepts it. */
const CPU_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

const USAGE = `usage: npm run bench -- [NAME...] [options]
  NAME             run only these programs (exact name, else substring; default: all)
  --runs N         timed runs per program and engine, interleaved (default 5)
  --json FILE      also write the results as JSON
  --cpu NAME       the CPU both builds target: native gets -march=NAME, awsm --cpu=NAME
                   (e.g. native, x86-64-v3; default ${DEFAULT_CPU ?? "clang's default"}, awsm's default)
  --no-native      skip the native build and runs
  --no-v8          skip the V8 (node:wasi) runs
  --no-awsm        skip awsm (compile, runs, cache-load)
  --simd           add an awsm-simd engine: the wasm built with -msimd128 (bench/build/wasm-simd),
                   compiled and run by awsm like the awsm column; adds awsm-simd/awsm and /native
  --bounds-modes   add awsm-explicit and awsm-none engines: the plain wasm compiled with
                   awsm --bounds=explicit (a compare before each access) and --bounds=none (no
                   checks, unsafe); adds awsm-explicit/awsm and awsm-none/awsm, the cost of each
                   mode relative to the default guard-page mode
  --metric M       wall (default): elapsed time; cpu: user+system CPU time of the process,
                   via ${GNU_TIME} (steadier than wall time on a loaded machine)
  --timeout S      limit per process run, in seconds (default 300)
  --no-startup     skip the start-up measurement
  --no-cache-load  skip the 'awsm run' cache-load measurement
  --rebuild        rebuild the native and wasm binaries even if they are up to date
  --update-expected  write bench/expected/NAME.out from this run's output when all engines agree
  -h, --help       this help`;

/**
 * The engines awsm compiles: the wasm they start from (built with -msimd128 in
 * bench/build/wasm-simd, or plain in bench/build/wasm), what `awsm compile` gets besides the
 * common options, the option that turns them on (null: on unless --no-awsm), the engines
 * their extra ratio columns divide by, and a sentence for latest.md.
 */
const AWSM_VARIANTS = [
  { engine: 'awsm', simd: false, compileArgs: [], option: null, over: [], note: '' },
  {
    engine: 'awsm-simd', simd: true, compileArgs: [], option: '--simd', over: ['awsm', 'native'],
    note: 'awsm-simd: the same program built to wasm with `-msimd128` added (bench/build/wasm-simd), compiled and run by awsm exactly like the awsm column; awsm-simd/awsm below 1 means the SIMD build is faster.',
  },
  {
    engine: 'awsm-explicit', simd: false, compileArgs: ['--bounds=explicit'], option: '--bounds-modes', over: ['awsm'],
    note: 'awsm-explicit: the same wasm compiled with `--bounds=explicit` (a compare before every memory access instead of guard pages); awsm-explicit/awsm is the cost of software bounds checks.',
  },
  {
    engine: 'awsm-none', simd: false, compileArgs: ['--bounds=none'], option: '--bounds-modes', over: ['awsm'],
    note: 'awsm-none: the same wasm compiled with `--bounds=none` (no checks and no reliance on guard pages: unsafe, for measurement only); awsm/awsm-none is what the default guard-page scheme costs, so awsm-none/awsm is usually about 1.',
  },
] as const;
type AwsmEngine = (typeof AWSM_VARIANTS)[number]['engine'];
type Engine = 'native' | AwsmEngine | 'v8';
/** Also the order of each interleaved round. The opt-in awsm variants are off by default. */
const ENGINES: readonly Engine[] = ['native', ...AWSM_VARIANTS.map((v) => v.engine), 'v8'];
/** A ratio column, numerator / denominator: the base ones, then each awsm variant's. */
type RatioDef = readonly [Engine, Engine];
const RATIOS: readonly RatioDef[] = [
  ['awsm', 'native'], ['awsm', 'v8'], ['v8', 'native'],
  ...AWSM_VARIANTS.flatMap((v) => v.over.map((d): RatioDef => [v.engine, d])),
];
const ratioLabel = ([n, d]: RatioDef): string => `${n}/${d}`;
/** An engine or ratio as a JSON key: awsm-simd -> awsm_simd, awsm-simd/awsm -> awsm_simd_awsm. */
const jsonKey = (s: string): string => s.replace(/[-/]/g, '_');
function optionOf(e: Engine): string | null {
  return AWSM_VARIANTS.find((v) => v.engine === e)?.option ?? null;
}
/** The opt-in awsm variants this run has (--simd, --bounds-modes). */
function optInVariants(args: Args): (typeof AWSM_VARIANTS)[number][] {
  return AWSM_VARIANTS.filter((v) => v.option !== null && args.engines[v.engine]);
}
/** The engines in the reports: the base ones always (n/a when left out), opt-in ones when on. */
function reportedEngines(args: Args): Engine[] {
  return ENGINES.filter((e) => optionOf(e) === null || args.engines[e]);
}
/** The ratio columns in the reports: those between reported engines. */
function reportedRatios(args: Args): RatioDef[] {
  const shown = reportedEngines(args);
  return RATIOS.filter((q) => q.every((e) => shown.includes(e)));
}
type Metric = 'wall' | 'cpu';

interface Args {
  filters: string[];
  runs: number;
  json?: string;
  cpu: string;
  engines: Record<Engine, boolean>;
  metric: Metric;
  timeoutS: number;
  startup: boolean;
  cacheLoad: boolean;
  rebuild: boolean;
  updateExpected: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | 'help' {
  const a: Args = {
    filters: [], runs: 5, cpu: DEFAULT_CPU ?? '', metric: 'wall',
    engines: Object.fromEntries(ENGINES.map((e) => [e, optionOf(e) === null])) as Record<Engine, boolean>,
    timeoutS: 300, startup: true, cacheLoad: true, rebuild: false, updateExpected: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const positive = (v: string): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} expects a positive number, got '${v}'`);
      return n;
    };
    switch (name) {
      case '-h': case '--help': return 'help';
      case '--runs': a.runs = Math.floor(positive(value())); break;
      case '--json': a.json = value(); break;
      case '--cpu': {
        const c = value().trim();
        if (!CPU_NAME_RE.test(c)) throw new UsageError(`--cpu expects a CPU name such as native or x86-64-v3 (given as -march=NAME to clang and --cpu=NAME to awsm), got '${c}'`);
        a.cpu = c;
        break;
      }
      case '--no-native': a.engines.native = false; break;
      case '--no-v8': a.engines.v8 = false; break;
      case '--no-awsm': a.engines.awsm = false; break;
      case '--metric': {
        const m = value();
        if (m !== 'wall' && m !== 'cpu') throw new UsageError(`--metric expects wall or cpu, got '${m}'`);
        a.metric = m;
        break;
      }
      case '--timeout': a.timeoutS = positive(value()); break;
      case '--no-startup': a.startup = false; break;
      case '--no-cache-load': a.cacheLoad = false; break;
      case '--rebuild': a.rebuild = true; break;
      case '--update-expected': a.updateExpected = true; break;
      default: {
        const variants = AWSM_VARIANTS.filter((v) => v.option === arg); // --simd, --bounds-modes
        for (const v of variants) a.engines[v.engine] = true;
        if (variants.length > 0) break;
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        a.filters.push(arg);
      }
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Process measurement

interface Sample {
  /** Seconds by the chosen metric; NaN if the run failed. */
  seconds: number;
  /** Elapsed seconds (whatever the metric). */
  wall: number;
  stdout: string;
  /** null when the run succeeded (exit status 0), else a one-line reason. */
  failure: string | null;
}

function firstLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

const TIME_FILE = join(tmpdir(), `awsm-bench-time-${process.pid}.txt`);

/** Runs cmd once, measuring elapsed (wall) or user+system CPU time. */
function measure(cmd: string, args: readonly string[], metric: Metric, timeoutS: number, env?: NodeJS.ProcessEnv): Sample {
  // With GNU time in between, spawnSync's timeout would kill only `time`; coreutils' timeout
  // (if present) kills the program itself.
  const limit = metric === 'cpu' && existsSync(TIMEOUT) ? [TIMEOUT, '-s', 'KILL', String(timeoutS)] : [];
  const [file, argv] = metric === 'cpu'
    ? [GNU_TIME, ['-f', '%U %S', '-o', TIME_FILE, ...limit, cmd, ...args]]
    : [cmd, [...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, {
    encoding: 'utf8', maxBuffer: 64 << 20, timeout: (timeoutS + (limit.length > 0 ? 10 : 0)) * 1000, killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const stdout = r.stdout ?? '';
  let failure: string | null = null;
  if (r.error !== undefined) {
    failure = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeoutS} s` : r.error.message;
  } else if (r.signal !== null) {
    failure = `killed by ${r.signal}`;
  } else if (limit.length > 0 && r.status === 128 + 9 && wall >= timeoutS) {
    failure = `timed out after ${timeoutS} s`;
  } else if (r.status !== 0) {
    const why = firstLine(r.stderr ?? '');
    failure = `exit status ${r.status}${why ? `: ${why}` : ''}`;
  }
  let seconds = failure === null ? wall : NaN;
  if (metric === 'cpu' && failure === null) {
    const lines = readFileSync(TIME_FILE, 'utf8').trim().split('\n');
    const [u, s] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
    seconds = u !== undefined && s !== undefined && Number.isFinite(u + s) ? u + s : NaN;
    if (Number.isNaN(seconds)) failure = `cannot read the CPU time from ${GNU_TIME}`;
  }
  return { seconds, wall, stdout, failure };
}

function median(xs: readonly number[]): number | null {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

function geomean(xs: readonly number[]): number | null {
  const v = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return null;
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

// ---------------------------------------------------------------------------------------------
// Building the native and wasm binaries (only what is missing or stale)

interface BuildJob { name: string; src: string; out: string; argv: string[] }

function nativeJob(name: string, src: string, cpu: string): BuildJob {
  const out = join(BUILD, 'native', name);
  // -ffp-contract=off: Wasm has no fused multiply-add, so FMA contraction (on for targets with
  // FMA, e.g. -march=native) would change floating-point results and the checksums.
  const argv = ['-O3', ...(cpu ? [`-march=${cpu}`] : []), '-ffp-contract=off', src, '-lm', '-o', out];
  return { name, src, out, argv };
}

/** The wasm build of a program: plain wasm32 in build/wasm, with -msimd128 in build/wasm-simd. */
function wasmPath(name: string, simd = false): string {
  return join(BUILD, simd ? 'wasm-simd' : 'wasm', `${name}.wasm`);
}

function wasmJob(name: string, src: string, simd = false): BuildJob {
  const out = wasmPath(name, simd);
  const argv = ['--target=wasm32-wasi', `--sysroot=${WASI_SYSROOT}`, '-O3', ...(simd ? ['-msimd128'] : []), src, '-lm', '-o', out];
  return { name, src, out, argv };
}

/** True if job.out exists, is newer than the source and was built by the same command. */
function upToDate(job: BuildJob): boolean {
  const stamp = `${job.out}.cmd`;
  if (!existsSync(job.out) || !existsSync(stamp)) return false;
  if (statSync(job.out).mtimeMs < statSync(job.src).mtimeMs) return false;
  return readFileSync(stamp, 'utf8') === [CLANG, ...job.argv].join(' ');
}

/** Builds the jobs in parallel; returns the error message per failed output path. */
async function buildAll(jobs: readonly BuildJob[], force: boolean): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const todo = jobs.filter((j) => force || !upToDate(j));
  if (todo.length > 0) process.stderr.write(`building ${todo.length} binar${todo.length === 1 ? 'y' : 'ies'} with ${CLANG}...\n`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let j = todo[next++]; j !== undefined; j = todo[next++]) {
      mkdirSync(dirname(j.out), { recursive: true });
      rmSync(`${j.out}.cmd`, { force: true });
      try {
        await execFileP(CLANG, j.argv, { maxBuffer: 16 << 20 });
        writeFileSync(`${j.out}.cmd`, [CLANG, ...j.argv].join(' '));
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        const msg = firstLine(err.stderr ?? '') || err.message;
        failed.set(j.out, msg);
        rmSync(j.out, { force: true });
        process.stderr.write(`build failed: ${relative(ROOT, j.out)}: ${msg}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), todo.length) }, worker));
  return failed;
}

// ---------------------------------------------------------------------------------------------
// awsm

const AWSM_CACHE = process.env.AWSM_CACHE_DIR ?? join(BUILD, 'awsm-cache');
const AWSM_ENV: NodeJS.ProcessEnv = { ...process.env, AWSM_CACHE_DIR: AWSM_CACHE };

/** The CLI's argument vectors, in one place. Options go before INPUT.wasm (required by `run`). */
function awsmCompileArgs(wasm: string, out: string, cpu: string, extra: readonly string[] = []): string[] {
  return [AWSM_CLI, 'compile', '-O3', '--no-cache', ...(cpu ? [`--cpu=${cpu}`] : []), ...extra, '-o', out, wasm];
}
function awsmRunArgs(wasm: string, cpu: string): string[] {
  return [AWSM_CLI, 'run', '-O3', ...(cpu ? [`--cpu=${cpu}`] : []), wasm];
}

/** null if the CLI answers --version, else why it is not usable. */
function awsmUnusable(): string | null {
  if (!existsSync(AWSM_CLI)) return `${relative(ROOT, AWSM_CLI)} not found (npm run build)`;
  const r = spawnSync(process.execPath, [AWSM_CLI, '--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return `'awsm --version' failed: ${firstLine(`${r.stderr ?? ''}\n${r.error?.message ?? ''}`) || `status ${r.status}`}`;
  return null;
}

interface CompileResult { seconds: number | null; exe: string | null; failure: string | null }

function awsmCompile(wasm: string, out: string, cpu: string, timeoutS: number, extra: readonly string[] = []): CompileResult {
  rmSync(out, { force: true }); // never run a stale binary from an older compiler
  mkdirSync(dirname(out), { recursive: true });
  const s = measure(process.execPath, awsmCompileArgs(wasm, out, cpu, extra), 'wall', timeoutS, AWSM_ENV);
  if (s.failure !== null) return { seconds: null, exe: null, failure: `awsm compile: ${s.failure}` };
  if (!existsSync(out)) return { seconds: null, exe: null, failure: 'awsm compile wrote no output' };
  return { seconds: s.seconds, exe: out, failure: null };
}

// ---------------------------------------------------------------------------------------------
// The suite

interface Row {
  name: string;
  wasmBytes: number | null;
  samples: Record<Engine, number[]>;
  /** awsm's elapsed times (= samples.awsm with --metric wall), for the cache-load overhead. */
  awsmWall: number[];
  median: Record<Engine, number | null>;
  /** Why an engine has no time (not run, build or compile failed, trapped...). */
  missing: Partial<Record<Engine, string>>;
  mismatch: string[];
  /** Other problems worth a line under Notes. */
  notes: string[];
  compileS: number | null;
  /** Median wall time of `awsm run` with a cache hit (null if not measured or it failed). */
  runCachedS: number | null;
  runCachedSamples: number[];
  output: string | null;
}

interface StartupRow { label: string; seconds: number | null; note: string }

function engineCommand(e: Engine, name: string, awsmExes: Partial<Record<Engine, string>>): [string, string[]] {
  switch (e) {
    case 'native': return [join(BUILD, 'native', name), []];
    case 'v8': return [process.execPath, [...V8_FLAGS, V8_RUNNER, wasmPath(name)]];
    default: return [awsmExes[e]!, []];
  }
}

const isTTY = process.stderr.isTTY === true;
const red = (s: string): string => (isTTY ? `\x1b[1;31m${s}\x1b[0m` : s);

function loud(msg: string): void {
  process.stderr.write(`${red('*** MISMATCH ***')} ${msg}\n`);
}

function describeDiff(a: string, b: string): string {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: expected '${la[i] ?? '<EOF>'}', got '${lb[i] ?? '<EOF>'}'`;
  }
  return 'outputs differ';
}

function selectPrograms(filters: readonly string[]): string[] {
  const all = readdirSync(PROGRAMS).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
  if (filters.length === 0) return all;
  const chosen = new Set<string>();
  for (const f of filters) {
    const hits = all.includes(f) ? [f] : all.filter((n) => n.includes(f));
    if (hits.length === 0) throw new UsageError(`no program matches '${f}' (programs: ${all.join(', ')})`);
    for (const h of hits) chosen.add(h);
  }
  return all.filter((n) => chosen.has(n));
}

function fmtS(x: number | null, signed = false): string {
  return x === null ? 'n/a' : `${signed && x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}
function fmtR(x: number | null): string { return x === null ? 'n/a' : x.toFixed(2); }

/** Every ratio of RATIOS, by ratioLabel (null where an engine has no time). */
type Ratios = Record<string, number | null>;
const ratioAt = (q: Ratios, label: string): number | null => q[label] ?? null;

function rowRatios(r: Row): Ratios {
  return Object.fromEntries(RATIOS.map((q) => [ratioLabel(q), r.mismatch.length > 0 ? null : ratio(r.median[q[0]], r.median[q[1]])]));
}

function status(r: Row, args: Args): string {
  if (r.mismatch.length > 0) return 'MISMATCH';
  const failed = ENGINES.filter((e) => args.engines[e] && r.missing[e] !== undefined && r.missing[e] !== 'disabled');
  return failed.length > 0 ? `n/a: ${failed.join(', ')}` : 'ok';
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`bench: ${e.message}\n${USAGE}\n`); return 2; }
    throw e;
  }
  if (args === 'help') { process.stdout.write(`${USAGE}\n`); return 0; }
  if (args.metric === 'cpu' && !existsSync(GNU_TIME)) {
    process.stderr.write(`bench: --metric cpu needs ${GNU_TIME} (apt-get install time)\n`);
    return 2;
  }
  let names: string[];
  try {
    names = selectPrograms(args.filters);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`bench: ${e.message}\n`); return 2; }
    throw e;
  }
  const loadStart = loadavg();
  const startedAt = new Date();

  // 1. native and wasm binaries
  const jobs: BuildJob[] = [];
  for (const n of names) {
    const src = join(PROGRAMS, `${n}.c`);
    if (args.engines.native) jobs.push(nativeJob(n, src, args.cpu));
    // the plain wasm (v8 and most awsm variants), and the -msimd128 one if a variant needs it
    const simds = new Set([false, ...AWSM_VARIANTS.filter((v) => args.engines[v.engine]).map((v) => v.simd)]);
    for (const simd of simds) jobs.push(wasmJob(n, src, simd));
  }
  if (args.engines.native && args.startup) jobs.push(nativeJob(STARTUP, STARTUP_SRC, args.cpu));
  jobs.push(wasmJob(STARTUP, STARTUP_SRC)); // also the awsm warm-up compile
  const buildFailures = await buildAll(jobs, args.rebuild);

  // 2. is awsm usable?
  const anyAwsm = AWSM_VARIANTS.some((v) => args.engines[v.engine]);
  let awsmReason: string | null = anyAwsm ? awsmUnusable() : 'disabled';
  if (awsmReason !== null && anyAwsm) process.stderr.write(`awsm column n/a: ${awsmReason}\n`);
  // The first compile into a fresh cache also builds the runtime library; do it up front on
  // the trivial program so that per-program compile times do not include it.
  let warmupCompileS: number | null = null;
  if (awsmReason === null) {
    const c = awsmCompile(join(BUILD, 'wasm', `${STARTUP}.wasm`), join(BUILD, 'awsm', STARTUP), args.cpu, args.timeoutS);
    if (c.failure !== null) {
      // e.g. an option the CLI does not know (--cpu): every program would fail the same way
      awsmReason = `compiling the trivial program failed: ${c.failure}`;
      process.stderr.write(`awsm column n/a: ${awsmReason}\n`);
    }
    warmupCompileS = c.seconds;
  }

  // 3. the suite
  rmSync(join(BUILD, 'mismatch'), { recursive: true, force: true });
  const rows: Row[] = [];
  for (const name of names) {
    const wasm = wasmPath(name);
    const row: Row = {
      name, wasmBytes: existsSync(wasm) ? statSync(wasm).size : null,
      samples: Object.fromEntries(ENGINES.map((e): [Engine, number[]] => [e, []])) as Record<Engine, number[]>, awsmWall: [],
      median: Object.fromEntries(ENGINES.map((e) => [e, null])) as Record<Engine, number | null>,
      missing: {}, mismatch: [], notes: [], compileS: null, runCachedS: null, runCachedSamples: [], output: null,
    };
    for (const e of ENGINES) if (!args.engines[e]) row.missing[e] = 'disabled';
    const nativeFail = buildFailures.get(join(BUILD, 'native', name));
    if (args.engines.native && nativeFail !== undefined) row.missing.native = `build failed: ${nativeFail}`;
    const wasmFail = (simd: boolean): string | undefined => {
      const why = buildFailures.get(wasmPath(name, simd));
      return why === undefined ? undefined : `wasm build failed: ${why}`;
    };
    const v8Fail = wasmFail(false);
    if (args.engines.v8 && v8Fail !== undefined) row.missing.v8 = v8Fail;
    const awsmExes: Partial<Record<Engine, string>> = {};
    for (const { engine: e, simd, compileArgs } of AWSM_VARIANTS) {
      if (!args.engines[e]) continue;
      const why = wasmFail(simd) ?? awsmReason;
      if (why !== null) { row.missing[e] = why; continue; }
      const c = awsmCompile(wasmPath(name, simd), join(BUILD, e, name), args.cpu, args.timeoutS, compileArgs);
      if (e === 'awsm') row.compileS = c.seconds;
      if (c.exe !== null) awsmExes[e] = c.exe;
      if (c.failure !== null) row.missing[e] = c.failure;
    }

    const expectedFile = join(EXPECTED, `${name}.out`);
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8') : null;
    let reference = expected;
    let referenceFrom = expected !== null ? `bench/expected/${name}.out` : '';
    const outputs: Partial<Record<Engine, string>> = {};
    const reported = new Set<string>(); // engine + output already reported: say it once
    const check = (e: Engine, what: string, out: string): void => {
      outputs[e] ??= out;
      if (reference === null) { reference = out; referenceFrom = what; return; }
      if (out !== reference && !reported.has(`${e}\0${out}`)) {
        reported.add(`${e}\0${out}`);
        const msg = `${name}: ${what} differs from ${referenceFrom}: ${describeDiff(reference, out)}`;
        row.mismatch.push(msg);
        loud(msg);
        const dump = join(BUILD, 'mismatch', `${name}.${what.replace(/[^A-Za-z0-9]+/g, '_')}.out`);
        mkdirSync(dirname(dump), { recursive: true });
        writeFileSync(dump, out);
      }
    };
    // cache load: `awsm run` once untimed (fills the cache, if compile --no-cache did not),
    // then once per round, interleaved with the engines; a cache hit: load + run
    let cacheRun = args.cacheLoad && awsmExes.awsm !== undefined && row.missing.awsm === undefined;
    const runCached = (what: string): number | null => {
      const s = measure(process.execPath, awsmRunArgs(wasm, args.cpu), 'wall', args.timeoutS, AWSM_ENV);
      if (s.failure !== null) {
        row.notes.push(`'awsm run' (${what}) failed: ${s.failure}`);
        process.stderr.write(`${name}: 'awsm run' failed: ${s.failure}\n`);
        cacheRun = false;
        return null;
      }
      check('awsm', `'awsm run' ${what}`, s.stdout);
      return s.seconds;
    };
    if (cacheRun) runCached('(filling the cache)');
    for (let run = 0; run < args.runs; run++) {
      for (const e of ENGINES) {
        if (row.missing[e] !== undefined) continue;
        const [cmd, cargs] = engineCommand(e, name, awsmExes);
        const s = measure(cmd, cargs, args.metric, args.timeoutS);
        if (s.failure !== null) {
          row.missing[e] = `run ${run + 1} failed: ${s.failure}`;
          process.stderr.write(`${name}: ${e} ${row.missing[e]}\n`);
          continue;
        }
        row.samples[e].push(s.seconds);
        if (e === 'awsm') row.awsmWall.push(s.wall);
        check(e, `${e} run ${run + 1}`, s.stdout);
      }
      if (cacheRun) {
        const t = runCached(`run ${run + 1}`);
        if (t !== null) row.runCachedSamples.push(t);
      }
    }
    row.runCachedS = cacheRun ? median(row.runCachedSamples) : null;
    if (row.mismatch.length > 0 && expected !== null) {
      const seen = new Set(Object.values(outputs));
      if (seen.size === 1) {
        const hint = `${name}: every engine printed the same output, which differs from bench/expected/${name}.out: was the program changed without updating it?`;
        row.mismatch.push(hint);
        loud(hint);
      }
    }
    for (const e of ENGINES) {
      // an engine that failed part-way has no median: its times would be of a broken program
      row.median[e] = row.missing[e] === undefined ? median(row.samples[e]) : null;
    }
    row.output = reference;

    if (args.updateExpected && row.mismatch.length === 0 && reference !== null && expected === null) {
      const agreeing = ENGINES.filter((e) => outputs[e] !== undefined);
      if (agreeing.length >= 2) {
        mkdirSync(EXPECTED, { recursive: true });
        writeFileSync(expectedFile, reference);
        process.stderr.write(`${name}: wrote bench/expected/${name}.out (agreed by ${agreeing.join(', ')})\n`);
      } else process.stderr.write(`${name}: not writing expected output: only ${agreeing.join(', ') || 'no engine'} ran\n`);
    }
    rows.push(row);
    const r = rowRatios(row);
    // each opt-in engine that is on: its time and its ratio to awsm
    const extra = optInVariants(args).map(({ engine: e }) =>
      `${e} ${fmtS(row.median[e]).padStart(7)}  ${e}/awsm ${fmtR(ratioAt(r, `${e}/awsm`)).padStart(5)}  `).join('');
    process.stderr.write(
      `${name.padEnd(14)} native ${fmtS(row.median.native).padStart(7)}  awsm ${fmtS(row.median.awsm).padStart(7)}  ` +
      `v8 ${fmtS(row.median.v8).padStart(7)}  awsm/native ${fmtR(ratioAt(r, 'awsm/native')).padStart(5)}  ` +
      `v8/native ${fmtR(ratioAt(r, 'v8/native')).padStart(5)}  ${extra}${status(row, args)}\n`,
    );
  }

  // 5. start-up: a program that exits at once
  const startup: StartupRow[] = [];
  if (args.startup) startup.push(...measureStartup(args, awsmReason, buildFailures));

  const summary = summarise(rows);
  const meta = {
    date: startedAt.toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    clang: firstLine(spawnSync(CLANG, ['--version'], { encoding: 'utf8' }).stdout ?? ''),
    runs: args.runs,
    metric: args.metric,
    cpuFlags: args.cpu,
    loadStart: loadStart.map((x) => x.toFixed(2)).join(' '),
    loadEnd: loadavg().map((x) => x.toFixed(2)).join(' '),
    awsm: awsmReason === null ? 'ok' : awsmReason,
    warmupCompileS,
  };

  process.stdout.write(terminalTable(rows, summary, startup, args));
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.md'), markdown(rows, summary, startup, meta, args));
  writeFileSync(join(RESULTS, 'latest.svg'), svgChart(rows, summary, meta));
  process.stderr.write(`wrote ${relative(process.cwd(), join(RESULTS, 'latest.md'))} and latest.svg\n`);
  if (args.json !== undefined) {
    // engine-keyed objects: awsm-simd as awsm_simd; opt-in engines only when on
    const shown = reportedEngines(args);
    const perEngine = <T>(rec: Partial<Record<Engine, T>>): Record<string, T> => Object.fromEntries(
      Object.entries(rec).filter(([e]) => shown.includes(e as Engine)).map(([e, v]) => [jsonKey(e), v as T]));
    const json = {
      benchmarks: rows.map((r) => ({
        name: r.name,
        ...Object.fromEntries(shown.map((e) => [`${jsonKey(e)}_s`, r.median[e]])),
        status: r.mismatch.length > 0 ? 'mismatch' : 'ok',
        mismatches: r.mismatch,
        missing: perEngine(r.missing),
        compile_s: r.compileS,
        awsm_run_cached_s: r.runCachedS,
        wasm_bytes: r.wasmBytes,
        samples: { ...perEngine(r.samples), awsm_run_cached: r.runCachedSamples },
      })),
      ...Object.fromEntries(reportedRatios(args).map((q) => [`geomean_${jsonKey(ratioLabel(q))}`, ratioAt(summary, ratioLabel(q))])),
      startup: Object.fromEntries(startup.map((s) => [s.label, s.seconds])),
      meta,
    };
    // microsecond resolution is plenty; keeps the file readable
    const round = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(6)) : v);
    writeFileSync(args.json, `${JSON.stringify(json, round, 2)}\n`);
    process.stderr.write(`wrote ${args.json}\n`);
  }
  rmSync(TIME_FILE, { force: true });
  const mismatches = rows.filter((r) => r.mismatch.length > 0);
  if (mismatches.length > 0) {
    process.stderr.write(`${red(`*** ${mismatches.length} program(s) with MISMATCHED output:`)} ${mismatches.map((r) => r.name).join(', ')}\n`);
    return 1;
  }
  return 0;
}

function measureStartup(args: Args, awsmReason: string | null, buildFailures: Map<string, string>): StartupRow[] {
  const reps = Math.max(20, args.runs * 4);
  const wasm = join(BUILD, 'wasm', `${STARTUP}.wasm`);
  const awsmExe = join(BUILD, 'awsm', STARTUP);
  const wasmOk = !buildFailures.has(wasm) && existsSync(wasm);
  type Cand = { label: string; cmd: string; argv: string[]; env?: NodeJS.ProcessEnv; note: string; usable: string | null };
  const cands: Cand[] = [
    {
      label: 'native', cmd: join(BUILD, 'native', STARTUP), argv: [], note: 'the C program, native',
      usable: !args.engines.native ? 'disabled' : buildFailures.get(join(BUILD, 'native', STARTUP)) ?? null,
    },
    {
      label: 'awsm executable', cmd: awsmExe, argv: [], note: 'awsm-compiled executable (runtime start, instantiate, _start)',
      usable: awsmReason ?? (existsSync(awsmExe) ? null : 'compile failed'),
    },
    {
      label: 'awsm run (cached)', cmd: process.execPath, argv: awsmRunArgs(wasm, args.cpu), env: AWSM_ENV,
      note: 'node + awsm CLI + cache lookup + the executable', usable: awsmReason ?? (wasmOk ? null : 'no wasm'),
    },
    {
      label: 'v8 (node:wasi)', cmd: process.execPath, argv: [...V8_FLAGS, V8_RUNNER, wasm],
      note: 'node start-up + TurboFan compile + instantiate', usable: !args.engines.v8 ? 'disabled' : wasmOk ? null : 'no wasm',
    },
  ];
  const times = new Map<string, number[]>();
  const failed = new Map<string, string>();
  // one untimed run each first (fills the awsm cache, warms the page cache)
  for (const c of cands) {
    if (c.usable !== null) continue;
    const s = measure(c.cmd, c.argv, 'wall', args.timeoutS, c.env);
    if (s.failure !== null) failed.set(c.label, s.failure);
  }
  for (let i = 0; i < reps; i++) {
    for (const c of cands) {
      if (c.usable !== null || failed.has(c.label)) continue;
      // always wall time: start-up is mostly waiting, and CPU time has 10 ms resolution
      const s = measure(c.cmd, c.argv, 'wall', args.timeoutS, c.env);
      if (s.failure !== null) { failed.set(c.label, s.failure); continue; }
      const t = times.get(c.label) ?? [];
      t.push(s.seconds);
      times.set(c.label, t);
    }
  }
  return cands.map((c) => {
    const why = c.usable ?? failed.get(c.label) ?? null;
    return { label: c.label, seconds: why === null ? median(times.get(c.label) ?? []) : null, note: why === null ? c.note : `n/a: ${why}` };
  });
}

/** Geometric means of the per-program ratios. */
type Summary = Ratios;

function summarise(rows: readonly Row[]): Summary {
  const rs = rows.map(rowRatios);
  return Object.fromEntries(RATIOS.map(ratioLabel).map((k) => [k, geomean(rs.map((r) => ratioAt(r, k)).filter((x): x is number => x !== null))]));
}

// ---------------------------------------------------------------------------------------------
// Reports

/** Column alignment: 'l' or 'r' per column, e.g. 'lrrr'. */
type Align = string;

function table(head: readonly string[], body: readonly (readonly string[])[], align: Align): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** One row of the main table: the reported engines' times (blank if absent), then their ratios. */
function mainRow(name: string, t: Partial<Record<Engine, string>>, q: Ratios, args: Args, output: string): string[] {
  return [name, ...reportedEngines(args).map((e) => t[e] ?? ''), ...reportedRatios(args).map((d) => fmtR(ratioAt(q, ratioLabel(d)))), output];
}

function mainCells(rows: readonly Row[], s: Summary, args: Args): string[][] {
  const body = rows.map((r) => mainRow(r.name, Object.fromEntries(ENGINES.map((e) => [e, fmtS(r.median[e])])), rowRatios(r), args, status(r, args)));
  body.push(mainRow('geomean', {}, s, args, ''));
  return body;
}

const MAIN_ALIGN = (args: Args): Align => `l${'r'.repeat(reportedEngines(args).length + reportedRatios(args).length)}l`;
const MAIN_HEAD = (m: Metric, args: Args): string[] => [
  'program', ...reportedEngines(args).map((e) => `${e} ${m === 'cpu' ? 'cpu ' : ''}s`), ...reportedRatios(args).map(ratioLabel), 'output',
];

function compileCells(rows: readonly Row[]): string[][] {
  return rows.map((r) => [
    r.name,
    r.wasmBytes === null ? 'n/a' : (r.wasmBytes / 1024).toFixed(1),
    fmtS(r.compileS),
    fmtS(r.runCachedS),
    fmtS(r.runCachedS !== null && r.median.awsm !== null ? r.runCachedS - median(r.awsmWall)! : null, true),
  ]);
}
const COMPILE_HEAD = ['program', 'wasm KiB', 'awsm compile s (cold)', 'awsm run s (cached, median)', 'overhead vs executable s'];

function terminalTable(rows: readonly Row[], s: Summary, startup: readonly StartupRow[], args: Args): string {
  let out = `\n${table(MAIN_HEAD(args.metric, args), mainCells(rows, s, args), MAIN_ALIGN(args))}\n`;
  out += `\n${table(COMPILE_HEAD, compileCells(rows), 'lrrrr')}\n`;
  if (startup.length > 0) {
    out += `\n${table(['start-up (trivial program)', 'median s', ''], startup.map((x) => [x.label, fmtS(x.seconds), x.note]), 'lrl')}\n`;
  }
  return out;
}

function md(head: readonly string[], body: readonly (readonly string[])[], align: Align): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `|${head.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

interface Meta {
  date: string; cpu: string; cores: number; node: string; clang: string; runs: number; metric: Metric;
  cpuFlags: string; loadStart: string; loadEnd: string; awsm: string; warmupCompileS: number | null;
}

function markdown(rows: readonly Row[], s: Summary, startup: readonly StartupRow[], m: Meta, args: Args): string {
  const main = mainCells(rows, s, args);
  const last = main[main.length - 1]!;
  main[main.length - 1] = last.map((c) => (c !== '' ? `**${c}**` : c));
  const lines = [
    '# awsm benchmark results',
    '',
    `${m.date} · ${m.cpu} (${m.cores} CPUs) · node ${m.node} · ${m.clang}`,
    '',
    `Median of ${m.runs} interleaved runs per engine, ${m.metric === 'wall' ? 'wall-clock' : 'user+system CPU'} seconds. ` +
      `CPU: ${m.cpuFlags ? `\`${m.cpuFlags}\` (native \`-march=${m.cpuFlags}\`, awsm \`--cpu=${m.cpuFlags}\`)` : "clang's default for both"}. ` +
      `Load average at start ${m.loadStart}, at end ${m.loadEnd}. awsm: ${m.awsm}.`,
    '',
    'Ratios above 1 mean awsm (or V8) is slower. A row whose outputs differ between engines is marked MISMATCH and left out of the geometric means. See docs/benchmarks.md for the method.',
    '',
    ...optInVariants(args).flatMap((v) => [v.note, '']),
    md(MAIN_HEAD(m.metric, args), main, MAIN_ALIGN(args)),
    '',
    '![awsm/native and V8/native per program](latest.svg)',
    '',
    '## Compile and cache-load time',
    '',
    `Cold compile: \`awsm compile -O3 --no-cache\`, wall time. Cached: median wall time of \`awsm run -O3 NAME.wasm\` with a cache hit, run once per round interleaved with the engines (includes the program's run); overhead = that minus the median wall time of the awsm executable: Node start-up, the CLI, hashing the input and the cache lookup. ` +
      `Warm-up compile of the trivial program (includes building the runtime library into the bench cache): ${fmtS(m.warmupCompileS)} s.`,
    '',
    md(COMPILE_HEAD, compileCells(rows), 'lrrrr'),
    '',
  ];
  if (startup.length > 0) {
    lines.push('## Start-up', '', 'A C program whose `main` returns at once (bench/startup/empty.c); median of at least 20 interleaved runs.', '',
      md(['start-up', 'median s', 'what is measured'], startup.map((x) => [x.label, fmtS(x.seconds), x.note]), 'lrl'), '');
  }
  const notes = rows.flatMap((r) => [
    ...r.mismatch.map((x) => `- **MISMATCH** ${x}`),
    // (awsm's global reason, e.g. the CLI is missing, is in the header already)
    ...ENGINES.filter((e) => r.missing[e] !== undefined && r.missing[e] !== 'disabled' && !(e.startsWith('awsm') && r.missing[e] === m.awsm)).map((e) => `- ${r.name}: ${e} n/a: ${r.missing[e]}`),
    ...r.notes.map((x) => `- ${r.name}: ${x}`),
  ]);
  if (notes.length > 0) lines.push('## Notes', '', ...notes, '');
  return lines.join('\n');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Horizontal grouped bar chart of awsm/native and v8/native per program, hand-written SVG. */
function svgChart(rows: readonly Row[], s: Summary, m: Meta): string {
  const series = [
    { label: 'awsm / native', color: '#3366cc', get: (r: Row) => ratioAt(rowRatios(r), 'awsm/native'), geo: ratioAt(s, 'awsm/native') },
    { label: 'V8 / native', color: '#ff9933', get: (r: Row) => ratioAt(rowRatios(r), 'v8/native'), geo: ratioAt(s, 'v8/native') },
  ];
  const entries = [
    ...rows.map((r) => ({ name: r.name, vals: series.map((x) => x.get(r)), bad: r.mismatch.length > 0 })),
    { name: 'geomean', vals: series.map((x) => x.geo), bad: false },
  ];
  const maxVal = Math.max(1, ...entries.flatMap((e) => e.vals.filter((v): v is number => v !== null)));
  const step = maxVal <= 2 ? 0.25 : maxVal <= 4 ? 0.5 : maxVal <= 10 ? 1 : Math.ceil(maxVal / 10);
  const axisMax = Math.ceil(maxVal / step) * step;
  const left = 120, plotW = 560, right = 60, top = 64, barH = 9, gap = 2, rowH = series.length * (barH + gap) + 8;
  const width = left + plotW + right;
  const height = top + entries.length * rowH + 40;
  const x = (v: number): number => left + (v / axisMax) * plotW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="18" font-size="14" font-weight="bold">Time relative to native (lower is better)</text>`);
  out.push(`<text x="${left}" y="34" fill="#555">${xml(`${m.date.slice(0, 10)} · median of ${m.runs} ${m.metric} · ${m.cpuFlags ? `cpu ${m.cpuFlags}` : "clang's default CPU"} · awsm: ${m.awsm}`)}</text>`);
  series.forEach((sr, i) => {
    const lx = left + i * 150;
    out.push(`<rect x="${lx}" y="44" width="12" height="10" fill="${sr.color}"/><text x="${lx + 16}" y="53">${xml(sr.label)}</text>`);
  });
  for (let v = 0; v <= axisMax + 1e-9; v += step) {
    const xx = x(v).toFixed(1);
    out.push(`<line x1="${xx}" y1="${top - 4}" x2="${xx}" y2="${height - 34}" stroke="${Math.abs(v - 1) < 1e-9 ? '#000' : '#ddd'}" stroke-width="${Math.abs(v - 1) < 1e-9 ? 1.5 : 1}"/>`);
    out.push(`<text x="${xx}" y="${height - 20}" text-anchor="middle" fill="#333">${Number(v.toFixed(2))}</text>`);
  }
  entries.forEach((e, i) => {
    const y0 = top + i * rowH;
    if (e.name === 'geomean') out.push(`<line x1="0" y1="${y0 - 3}" x2="${width}" y2="${y0 - 3}" stroke="#999"/>`);
    out.push(`<text x="${left - 6}" y="${y0 + rowH / 2}" text-anchor="end" font-weight="${e.name === 'geomean' ? 'bold' : 'normal'}" fill="${e.bad ? '#c00' : '#000'}">${xml(e.name)}</text>`);
    if (e.bad) {
      out.push(`<text x="${left + 4}" y="${y0 + rowH / 2}" fill="#c00" font-weight="bold">MISMATCH (excluded)</text>`);
      return;
    }
    e.vals.forEach((v, k) => {
      const y = y0 + k * (barH + gap);
      if (v === null) { out.push(`<text x="${left + 4}" y="${y + barH - 1}" fill="#999">n/a</text>`); return; }
      out.push(`<rect x="${left}" y="${y}" width="${Math.max(0.5, x(v) - left).toFixed(1)}" height="${barH}" fill="${series[k]!.color}"/>`);
      out.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${y + barH - 1}" fill="#333">${v.toFixed(2)}</text>`);
    });
  });
  out.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#333">ratio to native (1 = native speed)</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`bench: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
});
