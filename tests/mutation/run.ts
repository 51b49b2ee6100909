/**
 * The mutation check runner (docs/security.md, "Mutation checks").
 *
 *   node dist/tests/mutation/run.js [NAME…] [--all] [--list] [--keep] [--timeout S] [-j N] [-v]
 *
 * Proves that the tests would catch the bugs in mutations.ts: for each mutation (all, or the
 * NAMEd ones) it applies the replacement to a private copy of the tree, runs the mutation's
 * checks there and reports "caught by <test>" or "SURVIVED". Exit status 0 when every
 * mutation was caught; 1 when one survived or the run proves nothing (an anchor not found
 * exactly once, a failed build, a check that fails without a mutation); 2 for a usage error;
 * 3 when a check cannot run here (it skips tests for a missing tool), which
 * tests/e2e/mutation.test.ts turns into a skip locally and a failure in CI.
 *
 * How: the package's src/, tests/, runtime/, package.json and tsconfig.json, as they are in
 * the working tree (committed or not), are copied to a temporary directory with a symlink to
 * node_modules, and built there once with tsc. Every check first runs on that unmutated copy
 * (the baseline: it must pass, and a test skipped for a missing tool is a failure, since a
 * skipped test catches nothing). Then, per mutation, the one source file is rewritten, only it
 * is transpiled again (ts.transpileModule, the project's compiler options; a runtime C file is
 * not: the checks rebuild the runtime, keyed by its sources), the checks run
 * until one fails, and the file is restored. With -j N (default: the number of CPUs, at most
 * 4) the built copy is copied N-1 times more and N mutations run at once, one per copy; the
 * baseline's checks run N at a time too. The working tree is never written. Compiled
 * artifacts go to CACHE/mutation (keyed by the compiler's fingerprint, so a mutant never
 * shares them with the real compiler); the spec harness reads the suite the repository uses.
 *
 * --all runs every check of a mutation, not just up to the first that fails; --keep keeps
 * the temporary copy; -v prints the output of the checks that failed.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { cacheDir, packageRoot } from '../../src/driver/cache.js';
import { SUITES, suiteDir } from '../spec/suites.js';
import { specSuiteDir } from '../spec/wast.js';
import { OptionReader, runAsScript } from '../tools.js';
import { type Check, MUTATIONS, type Mutation } from './mutations.js';

const USAGE = `usage: node dist/tests/mutation/run.js [NAME...] [options]
  NAME           run only these mutations (default: all; --list shows them)
  --all          run every check of a mutation, not only up to the first that catches it
  --list         list the mutations and their checks, and exit
  --keep         keep the temporary copy of the tree (its path is printed)
  --timeout S    limit per check run, in seconds (default 300); a check that hits it counts
                 as failed (npm test would time out too), and the report says so
  -j N           run N mutations at once, each in its own copy of the tree (default: the
                 number of CPUs, at most 4)
  -v             print the output of the checks that caught a mutation`;

/** Exit status when a check cannot run here (it skips tests: a tool is missing). */
export const CANNOT_RUN = 3;

/** What the tree was copied from, and what of it. */
const COPIED = ['src', 'tests', 'runtime', 'package.json', 'tsconfig.json'];

interface Args {
  names: string[];
  all: boolean;
  list: boolean;
  keep: boolean;
  timeoutS: number;
  /** Mutations run at once, each in a copy of its own. */
  jobs: number;
  verbose: boolean;
}

/** The outcome of one run of a check. */
interface CheckRun {
  failed: boolean;
  timedOut: boolean;
  /** Failing tests' names, with the start of the failure's message. */
  failures: string[];
  /** Tests skipped for another reason than a --test-name-pattern, with the reason. */
  skips: string[];
  /** Tests run (not skipped). */
  ran: number;
  output: string;
  seconds: number;
}

interface Result {
  mutation: Mutation;
  caughtBy: Array<{ check: string; run: CheckRun }>;
  /** Set when the mutation could not be tested (e.g. its file did not transpile). */
  error?: string;
  seconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { names: [], all: false, list: false, keep: false, timeoutS: 300, jobs: Math.min(4, availableParallelism()), verbose: false };
  for (const o = new OptionReader(argv, true); o.next(); ) {
    switch (o.name) {
      case '--all': a.all = true; break;
      case '--list': a.list = true; break;
      case '--keep': a.keep = true; break;
      case '--timeout': a.timeoutS = o.num(1, 86_400); break;
      case '-j': case '--jobs': a.jobs = o.num(1, 64); break;
      case '-v': case '--verbose': a.verbose = true; break;
      default:
        if (o.arg.startsWith('-')) throw new Error(`unknown option ${o.arg}`);
        a.names.push(o.arg);
    }
  }
  const unknown = a.names.filter((n) => !MUTATIONS.some((m) => m.name === n));
  if (unknown.length > 0) throw new Error(`no mutation named ${unknown.join(', ')} (--list shows them)`);
  return a;
}

export function checkName(c: Check): string {
  return c.pattern === undefined ? c.file : `${c.file} -t ${c.pattern}`;
}

/** The command line of a check, run in the copy `dir`. */
function checkCommand(c: Check, dir: string): string[] {
  const js = join(dir, 'dist', c.file.replace(/\.ts$/, '.js'));
  const pattern = c.pattern === undefined ? [] : [`--test-name-pattern=${c.pattern}`];
  return ['--test', '--test-reporter=tap', ...pattern, js];
}

/** node `args` in `cwd`, killed with its process group after `timeoutS`. */
function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<{ status: number | null; output: string; timedOut: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, output, timedOut });
    });
  });
}

/** Failures, unexpected skips and the number of tests in node --test's TAP output. */
function readTap(out: string): Pick<CheckRun, 'failures' | 'skips' | 'ran'> {
  const lines = out.split('\n');
  const failing: Array<{ depth: number; text: string }> = [];
  const skips: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b ?(.*))?$/.exec(line);
    if (m === null) return;
    const [, indent, status, name, directive, reason] = m;
    if (directive === 'SKIP' && reason !== 'test name does not match pattern') skips.push(`${name}: ${reason || 'skipped'}`);
    if (status !== 'not ok') return;
    // The first two lines of the failure's message, from the YAML block after it.
    let detail = '';
    for (let j = i + 1; j < lines.length && j < i + 40 && !/^\s*\.\.\.$/.test(lines[j]!); j++) {
      const e = /^\s*error: (?:\|-?)?\s*(.*)$/.exec(lines[j]!);
      if (e === null) continue;
      detail = e[1] !== '' ? e[1]!.replace(/^'|'$/g, '') : lines.slice(j + 1, j + 3).map((l) => l.trim()).join(' ');
      break;
    }
    failing.push({ depth: indent!.length, text: detail === '' ? name! : `${name}: ${detail}` });
  });
  // Node prints a suite after its tests: report the deepest failures (the tests themselves).
  const deepest = Math.max(...failing.map((f) => f.depth));
  const ran = Number(/^# tests (\d+)$/m.exec(out)?.[1] ?? 0) - Number(/^# skipped (\d+)$/m.exec(out)?.[1] ?? 0);
  return { failures: failing.filter((f) => f.depth === deepest).map((f) => f.text), skips, ran };
}

async function runCheck(c: Check, dir: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<CheckRun> {
  const start = Date.now();
  const r = await runNode(checkCommand(c, dir), dir, env, timeoutS);
  const parsed = readTap(r.output);
  const failed = r.status !== 0 || r.timedOut;
  if (failed && parsed.failures.length === 0) {
    parsed.failures.push(r.timedOut ? `timed out after ${timeoutS} s` : `exit status ${r.status}: ${r.output.trim().split('\n').slice(-3).join(' / ')}`);
  }
  return { failed, timedOut: r.timedOut, ...parsed, output: r.output, seconds: (Date.now() - start) / 1000 };
}

/** The copy's tree and build. */
function prepareCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-mutation-'));
  for (const name of COPIED) {
    cpSync(join(packageRoot, name), join(dir, name), { recursive: true, filter: (p) => !p.includes('node_modules') });
  }
  symlinkSync(join(packageRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Test inputs scripts/setup.sh fetched (the WASI preview1 adapter of the component tests).
  for (const fetched of ['jco-1.35.0']) {
    if (!existsSync(join(packageRoot, '.cache', fetched))) continue;
    mkdirSync(join(dir, '.cache'), { recursive: true });
    symlinkSync(join(packageRoot, '.cache', fetched), join(dir, '.cache', fetched), 'dir');
  }
  return dir;
}

/** Every mutation's anchor must occur exactly once; returns the problems. */
export function checkAnchors(dir: string, mutations: readonly Mutation[]): string[] {
  const problems: string[] = [];
  for (const m of mutations) {
    const path = join(dir, m.file);
    if (!existsSync(path)) {
      problems.push(`${m.name}: ${m.file} does not exist`);
      continue;
    }
    const count = readFileSync(path, 'utf8').split(m.find).length - 1;
    if (count !== 1) problems.push(`${m.name}: its anchor occurs ${count} times in ${m.file}, not once: ${JSON.stringify(m.find)}`);
  }
  return problems;
}

/**
 * The project's compiler options, for transpiling one file the way tsc builds it. NodeNext
 * emits ES modules here (package.json has "type": "module"), but transpileModule sees one file
 * without its package.json and would emit CommonJS: ask for ES2022 modules instead (and a
 * module resolution that allows them; transpiling resolves nothing).
 * runMutation checks that the unmutated file transpiles to exactly tsc's output.
 */
function compilerOptions(dir: string): ts.CompilerOptions {
  const cfg = ts.readConfigFile(join(dir, 'tsconfig.json'), ts.sys.readFile);
  if (cfg.error !== undefined) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(cfg.error.messageText, '\n')}`);
  const opts = ts.parseJsonConfigFileContent(cfg.config, ts.sys, dir).options;
  return { ...opts, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler };
}

/** Apply `m` in the copy, run its checks, restore. */
async function runMutation(m: Mutation, dir: string, opts: ts.CompilerOptions, env: NodeJS.ProcessEnv, a: Args): Promise<Result> {
  const start = Date.now();
  const src = join(dir, m.file);
  // A C file of the runtime is only rewritten: the checks that compile rebuild the runtime
  // (its cache key hashes its sources). A TypeScript one is transpiled alone into dist/.
  const js = m.file.endsWith('.ts') ? join(dir, 'dist', m.file.replace(/\.ts$/, '.js')) : undefined;
  const original = readFileSync(src, 'utf8');
  const originalJs = js === undefined ? undefined : readFileSync(js, 'utf8');
  const result: Result = { mutation: m, caughtBy: [], seconds: 0 };
  try {
    const mutated = original.replace(m.find, () => m.replace);
    if (js !== undefined) {
      const out = ts.transpileModule(mutated, { compilerOptions: opts, fileName: src, reportDiagnostics: true });
      const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      if (errors.length > 0) throw new Error(`the mutated ${m.file} does not compile: ${errors.join('; ')}`);
      const before = ts.transpileModule(original, { compilerOptions: opts, fileName: src }).outputText;
      if (before !== originalJs) throw new Error(`transpiling ${m.file} alone does not give what tsc built`);
      if (out.outputText === before) throw new Error('the mutation does not change the compiled code');
      writeFileSync(js, out.outputText);
    } else if (mutated === original) {
      throw new Error('the mutation does not change the source');
    }
    writeFileSync(src, mutated);
    for (const c of m.checks) {
      const run = await runCheck(c, dir, env, a.timeoutS);
      if (run.failed) result.caughtBy.push({ check: checkName(c), run });
      if (run.failed && !a.all) break;
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  } finally {
    writeFileSync(src, original);
    if (js !== undefined) writeFileSync(js, originalJs!);
  }
  result.seconds = (Date.now() - start) / 1000;
  return result;
}

/**
 * Runs `work(item, dir)` for every item, at most one at a time per directory of `dirs`;
 * the results in the items' order. `onDone` sees each result as it comes.
 */
async function inPool<T, R>(items: readonly T[], dirs: readonly string[], work: (item: T, dir: string) => Promise<R>, onDone: (r: R) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(dirs.map(async (dir) => {
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await work(items[i]!, dir);
      onDone(results[i]!);
    }
  }));
  return results;
}

function describeResult(r: Result, verbose: boolean): string {
  const head = `${r.mutation.name} (${r.seconds.toFixed(1)} s): `;
  if (r.error !== undefined) return `${head}ERROR: ${r.error}`;
  if (r.caughtBy.length === 0) return `${head}SURVIVED — ${r.mutation.what}; no check failed: ${r.mutation.checks.map(checkName).join(', ')}`;
  return head + r.caughtBy.map(({ check, run }) => {
    const how = run.timedOut ? ' (by timing out)' : '';
    const first = (run.failures[0] ?? '').slice(0, 300);
    return `caught by ${check}${how} in ${run.seconds.toFixed(1)} s — ${first}${verbose ? `\n${run.output}` : ''}`;
  }).join('\n    ');
}

async function main(argv: readonly string[]): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(argv);
  } catch (e) {
    console.error(`mutation: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const mutations = a.names.length === 0 ? MUTATIONS : MUTATIONS.filter((m) => a.names.includes(m.name));
  if (a.list) {
    for (const m of mutations) console.log(`${m.name} (${m.file}): ${m.what}\n    checks: ${m.checks.map(checkName).join(', ')}`);
    return 0;
  }
  const started = Date.now();
  const dir = prepareCopy();
  /** The copies of the tree, one per job: `dir`, then those made from it once it is built. */
  const dirs = [dir];
  console.log(`mutation: ${mutations.length} mutations; a copy of the tree in ${dir}`);
  try {
    const problems = checkAnchors(dir, mutations);
    if (problems.length > 0) {
      for (const p of problems) console.error(`mutation: ${p}`);
      console.error('mutation: update tests/mutation/mutations.ts to the code as it is now');
      return 1;
    }
    const tsc = await runNode([join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir, process.env, a.timeoutS);
    if (tsc.status !== 0) {
      console.error(`mutation: the unmutated copy does not build:\n${tsc.output}`);
      return 1;
    }
    // One more copy per further job, made from the built one (same contents, so the same
    // compiler fingerprint: the copies share compiled artifacts in the cache).
    for (let j = 1; j < Math.min(a.jobs, mutations.length); j++) {
      const copy = `${dir}-${j}`;
      dirs.push(copy); // before the copy, so that a partial one is removed too
      cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    }
    const cache = join(cacheDir(), 'mutation');
    mkdirSync(cache, { recursive: true });
    // NODE_TEST_CONTEXT: set when this runs under node --test (tests/e2e/mutation.test.ts); a
    // child node --test would then report to it in its own protocol instead of printing TAP.
    // AWSM_SPEC_DIR, AWSM_SPEC3_DIR: the spec harness (which the sandbox tests use) looks for
    // the testsuites next to the package, and the copy has none next to it.
    const env: NodeJS.ProcessEnv = {
      ...process.env, AWSM_CACHE_DIR: cache, AWSM_SPEC_DIR: specSuiteDir(), AWSM_SPEC3_DIR: suiteDir(SUITES['3.0']), NODE_TEST_CONTEXT: undefined,
    };
    // The baseline: every check passes on the unmutated copy, and skips nothing.
    const checks = new Map<string, Check>();
    for (const m of mutations) for (const c of m.checks) checks.set(checkName(c), c);
    let failed = false;
    let skipped = false;
    const baseline = await inPool([...checks], dirs, async ([name, c], d) => ({ name, run: await runCheck(c, d, env, a.timeoutS) }), () => {});
    for (const { name, run } of baseline) {
      // A suite skipped for a missing tool runs nothing, and with a name pattern node reports
      // only "test name does not match pattern": no test run counts as a skip too.
      const bad = run.failed ? `fails without a mutation: ${run.failures.join('; ')}`
        : run.skips.length > 0 ? `skips tests, which then catch nothing: ${run.skips.join('; ')}`
          : run.ran === 0 ? 'runs no test (its suite is skipped, e.g. for a missing tool, or the pattern matches nothing)' : '';
      console.log(`baseline: ${name}: ${bad === '' ? `passes (${run.ran} run, ${run.seconds.toFixed(1)} s)` : bad}`);
      if (bad !== '' && a.verbose) console.log(run.output);
      if (run.failed) failed = true;
      else if (bad !== '') skipped = true;
    }
    if (failed) {
      console.error('mutation: the baseline failed, so no mutation result would mean anything');
      return 1;
    }
    if (skipped) {
      console.error('mutation: cannot run: a check skips its tests (a missing tool? bash scripts/setup.sh installs them)');
      return CANNOT_RUN;
    }
    const opts = compilerOptions(dir);
    const results = await inPool(mutations, dirs, (m, d) => runMutation(m, d, opts, env, a), (r) => console.log(describeResult(r, a.verbose)));
    const survived = results.filter((r) => r.error === undefined && r.caughtBy.length === 0);
    const errors = results.filter((r) => r.error !== undefined);
    const caught = results.length - survived.length - errors.length;
    const total = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`mutation: ${caught} of ${results.length} caught, ${survived.length} survived, ${errors.length} could not be tested (${total} s, ${dirs.length} at once)`);
    return survived.length === 0 && errors.length === 0 ? 0 : 1;
  } finally {
    if (a.keep) console.log(`mutation: kept ${dirs.filter((d) => existsSync(d)).join(' ')}`);
    else for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

runAsScript(import.meta.url, 'mutation', main);

