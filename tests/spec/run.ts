/**
 * The spec testsuite harness (docs/spec-harness.md).
 *
 *   node dist/tests/spec/run.js [PATTERN…] [--required] [--json FILE] [--bounds=MODE]
 *                               [-j N] [-O N] [--timeout S] [-v]
 *
 * PATTERNs are file names with or without .wast, or globs (`simd_*`); none = every .wast in
 * the suite directory (AWSM_SPEC_DIR, else <repo>/../shared/wasm-testsuite). --required runs
 * the files listed in tests/spec/required.txt. Exit status: 0 when nothing failed, 1 when
 * something did, 2 for a usage error. No suite directory: a message and status 0, except under
 * CI (CI=true), where it is an error naming the directory and AWSM_SPEC_DIR, status 1.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import type { BoundsMode } from '../../src/driver/compile.js';
import type { OptLevel } from '../../src/driver/native.js';
import { Pool } from '../../src/driver/pool.js';
import { type Outcome, type ScriptSettings, runScript } from './script.js';
import { have, runAsScript, underCI } from '../tools.js';
import { loadScript, specSuiteDir } from './wast.js';

const REQUIRED_FILE = join(packageRoot, 'tests', 'spec', 'required.txt');
const SKIP_FILE = join(packageRoot, 'tests', 'spec', 'skip.txt');
/** Failures listed per file without -v. */
const FAILURES_SHOWN = 10;

const USAGE = `usage: node dist/tests/spec/run.js [PATTERN...] [options]
  PATTERN          a file name (i32, i32.wast) or a glob (simd_*); default: every .wast
  --required       run the files in tests/spec/required.txt
  --json FILE      also write the per-file counts and totals as JSON
  --bounds=MODE    bounds checks for the compiled modules: guard, explicit or none
  -j N             parallel jobs: clang processes and scripts (default: number of CPUs)
  -O N             LLVM optimisation level 0-3 (default 2); -O0 is the quick tier's code (no
                   loop versioning)
  --timeout S      per-script limit for the host, in seconds (default 120)
  -v, --verbose    list every failure (default: the first ${FAILURES_SHOWN} per file)
  -h, --help       this help
Suite directory: AWSM_SPEC_DIR (or AWSM_TESTSUITE), else ../shared/wasm-testsuite next to the repository.`;

interface Args {
  patterns: string[];
  required: boolean;
  json?: string;
  bounds?: BoundsMode;
  jobs: number;
  optLevel: OptLevel;
  timeoutS: number;
  verbose: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | 'help' {
  const a: Args = { patterns: [], required: false, jobs: availableParallelism(), optLevel: 2, timeoutS: 120, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      if (/^-[jO]./.test(arg)) return arg.slice(2);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const int = (v: string, min: number, max: number): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name}: expected an integer from ${min} to ${max}, got '${v}'`);
      return n;
    };
    if (name === '-h' || name === '--help') return 'help';
    else if (name === '--required') a.required = true;
    else if (name === '-v' || name === '--verbose') a.verbose = true;
    else if (name === '--json') a.json = value();
    else if (name === '--bounds') {
      const v = value();
      if (v !== 'guard' && v !== 'explicit' && v !== 'none') throw new UsageError(`--bounds: expected guard, explicit or none, got '${v}'`);
      a.bounds = v;
    } else if (name === '-j' || name === '--jobs' || /^-j\d/.test(arg)) a.jobs = int(value(), 1, 256);
    else if (name === '-O' || /^-O\d/.test(arg)) a.optLevel = int(value(), 0, 3) as OptLevel;
    else if (name === '--timeout') a.timeoutS = int(value(), 1, 86400);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else a.patterns.push(arg);
  }
  return a;
}

/** Non-comment, non-empty lines of a list file. */
function listLines(path: string): Array<{ text: string; lineno: number }> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l, i) => ({ text: l.replace(/#.*$/, '').trim(), lineno: i + 1 }))
    .filter((l) => l.text !== '');
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}(\\.wast)?$`);
}

/** skip.txt: `PATTERN reason` (file not required) or `PATTERN:LINE reason` (command skipped). */
interface SkipEntry {
  pattern: RegExp;
  line?: number;
  reason: string;
}

function readSkips(): SkipEntry[] {
  return listLines(SKIP_FILE).map(({ text, lineno }) => {
    const m = /^(\S+?)(?::(\d+))?\s+(.+)$/.exec(text);
    if (m === null) throw new UsageError(`${SKIP_FILE}:${lineno}: expected 'FILE[:LINE] reason'`);
    const entry: SkipEntry = { pattern: globToRegExp(m[1]!), reason: m[3]! };
    if (m[2] !== undefined) entry.line = Number(m[2]);
    return entry;
  });
}

/** The .wast paths to run, in name order. */
function selectFiles(suite: string, args: Args): string[] {
  const all = readdirSync(suite).filter((n) => n.endsWith('.wast')).sort();
  const pick = (pattern: string): string[] => {
    if (pattern.includes('/')) {
      if (!existsSync(pattern)) throw new UsageError(`no such file: ${pattern}`);
      return [resolve(pattern)];
    }
    const re = globToRegExp(pattern);
    const hits = all.filter((n) => re.test(n));
    if (hits.length === 0) throw new UsageError(`no test file matches '${pattern}' in ${suite}`);
    return hits.map((n) => join(suite, n));
  };
  const chosen = new Set<string>();
  if (args.required) {
    for (const { text, lineno } of listLines(REQUIRED_FILE)) {
      if (!all.includes(text)) throw new UsageError(`${REQUIRED_FILE}:${lineno}: ${text} is not in ${suite}`);
      chosen.add(join(suite, text));
    }
  }
  for (const p of args.patterns) for (const f of pick(p)) chosen.add(f);
  if (!args.required && args.patterns.length === 0) for (const n of all) chosen.add(join(suite, n));
  return [...chosen].sort((x, y) => basename(x).localeCompare(basename(y)));
}

/** Files that are neither required nor given a reason in skip.txt (a list-keeping slip). */
function unaccounted(suite: string, skips: readonly SkipEntry[]): string[] {
  const required = new Set(listLines(REQUIRED_FILE).map((l) => l.text));
  return readdirSync(suite)
    .filter((n) => n.endsWith('.wast') && !required.has(n))
    .filter((n) => !skips.some((s) => s.line === undefined && s.pattern.test(n)))
    .sort();
}

interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Outcome[];
}

function tally(file: string, outcomes: readonly Outcome[]): FileResult {
  const r: FileResult = { file, passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const o of outcomes) {
    if (o.assertion === false && o.status !== 'failed') continue;
    r[o.status]++;
    if (o.status === 'failed') r.failures.push(o);
  }
  return r;
}

/** A failure message on one line (tool output can span many), shortened unless verbose. */
function oneLine(message: string, verbose: boolean): string {
  const flat = message.replace(/\s*\n\s*/g, ' | ');
  return verbose || flat.length <= 400 ? flat : flat.slice(0, 400) + ' …';
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args | 'help';
  let files: string[];
  let skips: SkipEntry[];
  const suite = specSuiteDir();
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    if (!existsSync(suite) || !statSync(suite).isDirectory()) {
      // Under CI every check must run: a missing testsuite is a failure, not "nothing to do".
      if (underCI()) {
        console.error(`spec: error: the spec testsuite was not found at ${suite}; set AWSM_SPEC_DIR to its directory (CI=${process.env['CI']}: it is required)`);
        return 1;
      }
      console.log(`spec testsuite not found at ${suite} (set AWSM_SPEC_DIR to run it); nothing to do, skipped`);
      return 0;
    }
    skips = readSkips();
    files = selectFiles(suite, args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`spec: error: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (!have('wast2json')) {
    console.error('spec: error: wast2json not found; install wabt (apt-get install wabt), or run bash scripts/setup.sh');
    return 1;
  }
  if (args.required) {
    for (const n of unaccounted(suite, skips)) {
      console.error(`spec: note: ${n} is neither in tests/spec/required.txt nor given a reason in tests/spec/skip.txt`);
    }
  }

  const pool = new Pool(args.jobs);
  const results = new Map<string, FileResult>();
  const started = Date.now();
  // Largest scripts first, so a long one does not start last and hold up the end.
  const queue = [...files].sort((x, y) => statSync(y).size - statSync(x).size);
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const file = basename(path);
      const t0 = Date.now();
      const skipLines = new Map<number, string>();
      for (const s of skips) if (s.line !== undefined && s.pattern.test(file)) skipLines.set(s.line, s.reason);
      const settings: ScriptSettings = { pool, optLevel: args.optLevel, timeoutMs: args.timeoutS * 1000, skipLines };
      if (args.bounds !== undefined) settings.bounds = args.bounds;
      let outcomes: Outcome[];
      try {
        outcomes = await runScript(await loadScript(path), settings);
      } catch (e) {
        outcomes = [{ line: 0, status: 'failed', message: `the script could not be run: ${e instanceof Error ? e.message : String(e)}` }];
      }
      const r = tally(file, outcomes);
      results.set(file, r);
      done++;
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      console.error(`[${done}/${files.length}] ${file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${secs} s)`);
    }
  };
  // Scripts in flight: enough to keep the pool busy while others translate or run their host.
  await Promise.all(Array.from({ length: Math.min(files.length, args.jobs + 1) }, worker));

  const ordered = files.map((f) => results.get(basename(f))!);
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const r of ordered) {
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
  }

  const width = Math.max(24, ...ordered.map((r) => r.file.length)) + 2;
  const row = (name: string, p: number | string, f: number | string, s: number | string): string =>
    `${name.padEnd(width)}${String(p).padStart(8)}${String(f).padStart(8)}${String(s).padStart(9)}`;
  console.log(row('file', 'passed', 'failed', 'skipped'));
  for (const r of ordered) console.log(row(r.file, r.passed, r.failed, r.skipped));
  console.log(row('total', totals.passed, totals.failed, totals.skipped));

  const failing = ordered.filter((r) => r.failed > 0);
  if (failing.length > 0) {
    console.log('\nFailures:');
    for (const r of failing) {
      const shown = args.verbose ? r.failures : r.failures.slice(0, FAILURES_SHOWN);
      for (const o of shown) console.log(`  ${r.file}:${o.line}: ${oneLine(o.message ?? '', args.verbose)}`);
      if (shown.length < r.failures.length) console.log(`  ${r.file}: … and ${r.failures.length - shown.length} more (-v lists all)`);
    }
  }
  if (args.json !== undefined) {
    const json = {
      files: ordered.map((r) => ({ file: r.file, passed: r.passed, failed: r.failed, skipped: r.skipped })),
      totals,
    };
    writeFileSync(args.json, JSON.stringify(json, null, 2) + '\n');
  }
  console.log(`\n(${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals.failed > 0 ? 1 : 0;
}

runAsScript(import.meta.url, 'spec', main);
