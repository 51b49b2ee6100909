/**
 * The spec testsuite harness (docs/spec-harness.md).
 *
 *   node dist/tests/spec/run.js [--suite=2.0|3.0] [PATTERN…] [--required] [--update-required]
 *                               [--json FILE] [--bounds=MODE] [--target=TRIPLE] [--cpu=NAME] [-j N] [-O N]
 *                               [--timeout S] [-v]
 *
 * Two suites (suites.ts): 2.0 (the default; AWSM_SPEC_DIR, else ../shared/wasm-testsuite,
 * its top-level files) and 3.0 (AWSM_SPEC3_DIR, else ../shared/wasm-testsuite-3.0, every file
 * below it). PATTERNs are paths relative to the suite with or without .wast, or globs
 * (`simd_*`, `proposals/threads/*`); none = the suite's full run. --required runs the files of
 * the suite's required list. Exit status: 0 when every failure is expected (lists.ts), 1 when
 * one is not, 2 for a usage error. No suite directory: a message and status 0, except under CI
 * (CI=true), where it is an error naming the directory and its variable, status 1.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { BoundsMode } from '../../src/driver/compile.js';
import { CPU_NAME_RE, type OptLevel } from '../../src/driver/native.js';
import { Pool } from '../../src/driver/pool.js';
import { type TargetInfo, isCross, missingCrossPackages, targetOf } from '../../src/driver/targets.js';
import { type Outcome, type ScriptSettings, runScript } from './script.js';
import { ListError, type ReasonEntry, type Requirement, globToRegExp, readReasons, readRequired, readTargetList, unaccounted, updateRequired, withTarget } from './lists.js';
import { type FileResult, formatReport, jsonReport, judge, tally, unexpected } from './report.js';
import { SUITES, type Suite, type SuiteId, groupOf, listWast, suiteDir, targetListPath } from './suites.js';
import { missingTools, runAsScript, underCI } from '../tools.js';
import { loadScript } from './wast.js';

const USAGE = `usage: node dist/tests/spec/run.js [PATTERN...] [options]
  PATTERN            a path relative to the suite (i32, i32.wast, proposals/threads/atomic) or a
                     glob (simd_*, proposals/*); default: the suite's full run
  --suite=S          2.0 (default: the top-level files of ../shared/wasm-testsuite) or 3.0
                     (every file of ../shared/wasm-testsuite-3.0)
  --required         run the files of the suite's required list (tests/spec/required.txt,
                     required-3.0.txt)
  --update-required  raise the suite's required list to what this run passes (never lowers it)
  --json FILE        also write the per-file counts, totals and (3.0) group totals as JSON
  --bounds=MODE      bounds checks for the compiled modules: guard, explicit or none
  --target=TRIPLE    compile for another machine (aarch64-linux-gnu, riscv64-linux-gnu, armv7-linux-gnueabihf) and
                     run the host, cross-compiled, under its qemu-user (docs/spec-harness.md)
  --cpu=NAME         the CPU to compile the modules for (awsm --cpu: e.g. rv64gcv, cortex-a7);
                     under qemu, on a CPU that has its features (RISC-V V: RVV 1.0, VLEN 128)
  -j N               parallel jobs: clang processes and scripts (default: number of CPUs)
  -O N               LLVM optimisation level 0-3 (default 2); -O0 is the quick tier's code (no
                     loop versioning, IR for -O0, its partition size)
  --timeout S        per-script limit for the host, in seconds (default 120; 600 under qemu)
  -v, --verbose      list every failure (default: the first 10 per file)
  -h, --help         this help
Suite directories: AWSM_SPEC_DIR (or AWSM_TESTSUITE) for 2.0, AWSM_SPEC3_DIR for 3.0, else
../shared/wasm-testsuite and ../shared/wasm-testsuite-3.0 next to the repository.`;

interface Args {
  suite: SuiteId;
  patterns: string[];
  required: boolean;
  updateRequired: boolean;
  json?: string;
  bounds?: BoundsMode;
  target?: TargetInfo;
  /** --cpu: the modules' CPU (awsm --cpu); default the target's. */
  cpu?: string;
  jobs: number;
  optLevel: OptLevel;
  /** Per-script limit in seconds; undefined: 120, or CROSS_TIMEOUT_S for another machine under qemu. */
  timeoutS?: number;
  verbose: boolean;
}

class UsageError extends Error {}

/**
 * The default per-script limit under qemu: the longest 2.0 scripts (align, memory_copy,
 * simd_align) take 25 s there alone, and passed 120 s on 2 cores shared with other runs.
 */
const CROSS_TIMEOUT_S = 600;

function parseArgs(argv: readonly string[]): Args | 'help' {
  const a: Args = {
    suite: '2.0', patterns: [], required: false, updateRequired: false, jobs: availableParallelism(), optLevel: 2, verbose: false,
  };
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
    else if (name === '--update-required') a.updateRequired = true;
    else if (name === '-v' || name === '--verbose') a.verbose = true;
    else if (name === '--json') a.json = value();
    else if (name === '--suite') {
      const v = value();
      if (v !== '2.0' && v !== '3.0') throw new UsageError(`--suite: expected 2.0 or 3.0, got '${v}'`);
      a.suite = v;
    } else if (name === '--bounds') {
      const v = value();
      if (v !== 'guard' && v !== 'explicit' && v !== 'none') throw new UsageError(`--bounds: expected guard, explicit or none, got '${v}'`);
      a.bounds = v;
    } else if (name === '--target') {
      const v = value();
      try {
        a.target = targetOf(v);
      } catch (e) {
        throw new UsageError(`--target: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else if (name === '--cpu') {
      const v = value();
      if (!CPU_NAME_RE.test(v)) throw new UsageError(`--cpu: invalid CPU name '${v}'`);
      a.cpu = v;
    } else if (name === '-j' || name === '--jobs' || /^-j\d/.test(arg)) a.jobs = int(value(), 1, 256);
    else if (name === '-O' || /^-O\d/.test(arg)) a.optLevel = int(value(), 0, 3) as OptLevel;
    else if (name === '--timeout') a.timeoutS = int(value(), 1, 86400);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else a.patterns.push(arg);
  }
  return a;
}

/** One file to run: its absolute path and its path relative to the suite (the result key). */
interface Target {
  path: string;
  rel: string;
}

/**
 * The files to run, in path order. A pattern is matched against the suite's full-run files,
 * and (when it holds a `/`) against every file below the suite; failing that, a pattern that
 * names an existing file outside is taken as it is.
 */
function selectFiles(suite: Suite, dir: string, args: Args, required: readonly Requirement[]): Target[] {
  const everything = listWast(dir, true);
  const fullRun = suite.recursive ? everything : everything.filter((f) => !f.includes('/'));
  const chosen = new Map<string, Target>();
  const add = (rel: string): void => void chosen.set(rel, { path: join(dir, rel), rel });
  for (const p of args.patterns) {
    const re = globToRegExp(p.replace(/^\.\//, ''));
    const hits = (p.includes('/') ? everything : fullRun).filter((f) => re.test(f));
    if (hits.length > 0) hits.forEach(add);
    else if (p.includes('/') && existsSync(p)) {
      const path = resolve(p);
      const rel = relative(dir, path);
      chosen.set(rel, { path, rel: rel.startsWith('..') ? p : rel });
    } else throw new UsageError(`no test file matches '${p}' in ${dir}`);
  }
  if (args.required) {
    for (const r of required) {
      if (!everything.includes(r.file)) throw new UsageError(`${suite.required}: ${r.file} is not in ${dir}`);
      add(r.file);
    }
  }
  if (!args.required && args.patterns.length === 0) fullRun.forEach(add);
  return [...chosen.values()].sort((x, y) => (x.rel < y.rel ? -1 : x.rel > y.rel ? 1 : 0));
}

/** What a run needs: the suite, its lists and files; a usage error, help, or an exit status otherwise. */
function prepare(argv: readonly string[]): { args: Args; suite: Suite; required: Requirement[]; reasons: ReasonEntry[]; files: Target[]; all: string[] } | number {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    const suite = SUITES[args.suite];
    const dir = suiteDir(suite);
    // Files given by path (the sandbox scripts, tests/tail) need no testsuite.
    const pathsOnly = !args.required && args.patterns.length > 0 && args.patterns.every((p) => p.includes('/') && existsSync(p));
    if (!pathsOnly && (!existsSync(dir) || !statSync(dir).isDirectory())) {
      // Under CI every check must run: a missing testsuite is a failure, not "nothing to do".
      if (underCI()) {
        console.error(`spec: error: the ${suite.id} spec testsuite was not found at ${dir}; set ${suite.env[0]} to its directory (CI=${process.env['CI']}: it is required)`);
        return 1;
      }
      console.log(`spec ${suite.id} testsuite not found at ${dir} (set ${suite.env[0]} to run it); nothing to do, skipped`);
      return 0;
    }
    if (args.updateRequired && args.target !== undefined && isCross(args.target)) {
      throw new UsageError(`--update-required raises ${relative(process.cwd(), suite.required)}, this machine's list: not with --target (edit ${relative(process.cwd(), targetListPath(suite, args.target.arch))} by hand)`);
    }
    // Another machine: its target list on top of the suite's (lists.ts, withTarget).
    const lists = { required: readRequired(suite.required), reasons: readReasons(suite.reasons) };
    const { required, reasons } = args.target === undefined ? lists : withTarget(lists.required, lists.reasons, readTargetList(targetListPath(suite, args.target.arch)));
    const files = selectFiles(suite, dir, args, required);
    const all = listWast(dir, suite.recursive).filter((f) => suite.recursive || !f.includes('/'));
    return { args, suite, required, reasons, files, all };
  } catch (e) {
    if (e instanceof UsageError || e instanceof ListError) {
      console.error(`spec: error: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const prepared = prepare(argv);
  if (typeof prepared === 'number') return prepared;
  const { args, suite, required, reasons, files, all } = prepared;
  const converters = [...new Set(files.map((f) => suite.converter(f.rel)))];
  const cross = args.target !== undefined && isCross(args.target) ? args.target : undefined;
  const absent = [
    ...missingTools([...converters, ...(cross !== undefined ? [cross.qemu] : [])]),
    ...(cross !== undefined ? missingCrossPackages(cross).map((p) => `${p} (Debian package)`) : []),
  ];
  if (absent.length > 0) {
    console.error(`spec: error: the ${suite.id} suite needs ${absent.join(', ')}; run bash scripts/setup.sh`);
    return 1;
  }
  const listName = relative(process.cwd(), suite.required) || suite.required;
  if (args.required) {
    for (const n of unaccounted(all, required, reasons)) {
      console.error(`spec: note: ${n} is neither wholly in ${listName} nor given a reason in ${relative(process.cwd(), suite.reasons)}`);
    }
  }

  const timeoutS = args.timeoutS ?? (cross !== undefined ? CROSS_TIMEOUT_S : 120);
  const pool = new Pool(args.jobs);
  const results = new Map<string, FileResult>();
  const requirements = new Map(required.map((r) => [r.file, r]));
  const started = Date.now();
  // Largest scripts first, so a long one does not start last and hold up the end.
  const queue = [...files].sort((x, y) => statSync(y.path).size - statSync(x.path).size);
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const t0 = Date.now();
      const skipLines = new Map<number, string>();
      for (const s of reasons) if (s.line !== undefined && s.pattern.test(t.rel)) skipLines.set(s.line, s.reason);
      const settings: ScriptSettings = { pool, optLevel: args.optLevel, timeoutMs: timeoutS * 1000, skipLines };
      if (args.bounds !== undefined) settings.bounds = args.bounds;
      if (args.target !== undefined) settings.target = args.target;
      if (args.cpu !== undefined) settings.cpu = args.cpu;
      let outcomes: Outcome[];
      try {
        outcomes = await runScript(await loadScript(t.path, suite.converter(t.rel), t.rel), settings);
      } catch (e) {
        outcomes = [{ line: 0, status: 'failed', message: `the script could not be run: ${e instanceof Error ? e.message : String(e)}` }];
      }
      const r = tally(t.rel, groupOf(suite, t.rel), outcomes);
      judge(r, requirements.get(t.rel), reasons);
      results.set(t.rel, r);
      done++;
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      console.error(`[${done}/${files.length}] ${t.rel}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${secs} s)`);
    }
  };
  // Scripts in flight: enough to keep the pool busy while others translate or run their host.
  await Promise.all(Array.from({ length: Math.min(files.length, args.jobs + 1) }, worker));

  const ordered = files.map((f) => results.get(f.rel)!);
  const updateCommand = `node dist/tests/spec/run.js --suite=${suite.id} --update-required`;
  console.log(formatReport(ordered, { verbose: args.verbose, requiredList: listName, updateCommand }));
  if (args.json !== undefined) writeFileSync(args.json, JSON.stringify(jsonReport(ordered), null, 2) + '\n');
  const totals = ordered.reduce((t, r) => ({ p: t.p + r.passed, f: t.f + r.failed, s: t.s + r.skipped }), { p: 0, f: 0, s: 0 });
  const bad = ordered.filter(unexpected).length;
  console.log(`\n(${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`${totals.p} passed, ${totals.f} failed, ${totals.s} skipped${bad > 0 ? `; ${bad} file${bad === 1 ? '' : 's'} failed unexpectedly` : ''}`);

  if (args.updateRequired) {
    const { changes, regressions } = updateRequired(suite.required, ordered);
    if (regressions.length > 0) {
      console.error(`spec: error: not updating ${listName}: it would lower these (fix them, or edit the list by hand):`);
      for (const r of regressions) console.error(`  ${r}`);
      return 1;
    }
    console.log(changes.length === 0 ? `${listName}: nothing to raise` : `${listName} updated:\n  ${changes.join('\n  ')}`);
    return 0;
  }
  return bad > 0 ? 1 : 0;
}

runAsScript(import.meta.url, 'spec', main);
