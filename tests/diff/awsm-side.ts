/**
 * The awsm side of the differential tests (against V8: diff.ts; against wasmtime: wasmtime.ts):
 * a batch of translated modules (IR texts named d<k>) compiled by one clang process into one
 * shared library, which tests/diff/driver.c loads and runs, writing one transcript per module
 * (the format is at the top of driver.c). A module clang rejects is found and left out; a
 * module in which the driver dies or hangs is kept with the transcript it had written, and the
 * rest of the batch runs in a new driver process. Also the command-line options both tools
 * share.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import type { OptLevel } from '../../src/driver/native.js';
import type { Pool } from '../../src/driver/pool.js';
import { lldArgs, runTool } from '../../src/driver/tools.js';
import { AwsmError } from '../../src/errors.js';
import { buildRuntimeHost, type OptionReader } from '../tools.js';
import { splitTranscripts } from './transcript.js';

const DRIVER_SOURCE = join(packageRoot, 'tests', 'diff', 'driver.c');

/** The driver executable for the current driver.c and runtime (built once, cached: CACHE/diff/driver-KEY). */
export function buildDriver(): Promise<string> {
  return buildRuntimeHost(DRIVER_SOURCE, 'diff', 'driver');
}

export interface ProcResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Run `cmd args`, killed after `timeoutMs`; never throws (a start failure is status null). */
export function runProcess(cmd: string, args: readonly string[], timeoutMs: number): Promise<ProcResult> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolveRun({ status: null, signal: null, stdout: '', stderr: e.message, timedOut: false });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolveRun({
        status, signal, timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** A translated module: its index and IR (one text, or its partitions'). */
export interface Translated {
  k: number;
  irs: string[];
}

/** How the driver ended in a module it did not finish. */
export interface Died {
  kind: 'crash' | 'timeout';
  how: string;
  /** The transcript up to where it stopped. */
  partial: string;
}

export interface AwsmSide {
  /** The modules clang compiled, in batch order. */
  compiled: number[];
  /** The modules clang rejected, with clang's message. */
  rejected: Map<number, string>;
  /** Finished transcripts by module. */
  transcripts: Map<number, string>;
  /** Modules in which the driver crashed or hung. */
  died: Map<number, Died>;
}

export interface AwsmSideOptions {
  optLevel: OptLevel;
  /** Limit for one driver process, in ms. */
  timeoutMs: number;
  /** Keep the IR files and the library. */
  keep?: boolean;
  /** Run the driver with `exact` (driver.c). */
  exact?: boolean;
}

/**
 * Compile `ready` into dir/b<first>-`tag`.so and run it. The IR texts are written to files and
 * dropped from `ready` (they are big).
 */
export async function runAwsmSide(ready: Translated[], tag: string, o: AwsmSideOptions, dir: string, pool: Pool): Promise<AwsmSide> {
  const side: AwsmSide = { compiled: [], rejected: new Map(), transcripts: new Map(), died: new Map() };
  if (ready.length === 0) return side;
  const lib = join(dir, `b${ready[0]!.k}-${tag}.so`);
  /** The .ll files of a case: one per partition (usually one). */
  const lls = new Map<number, string[]>();
  const files = ready.flatMap((c) => {
    const names = c.irs.map((ir, j) => {
      const f = join(dir, `d${c.k}-${tag}${j === 0 ? '' : `-p${j}`}.ll`);
      writeFileSync(f, ir);
      return f;
    });
    c.irs = [];
    lls.set(c.k, names);
    return names;
  });
  const flags = ['-shared', '-fPIC', `-O${o.optLevel}`, '-Wno-override-module', ...lldArgs()];
  let compiled = ready.map((c) => c.k);
  try {
    await pool.run(() => runTool('clang', [...flags, ...files, '-o', lib]));
  } catch (e) {
    if (!(e instanceof AwsmError)) throw e;
    // Find the culprits one by one, then link the others.
    compiled = [];
    const objs = (k: number): string[] => lls.get(k)!.map((f) => f.replace(/\.ll$/, '.o'));
    for (const c of ready) {
      try {
        for (const f of lls.get(c.k)!) {
          await pool.run(() => runTool('clang', ['-c', '-fPIC', `-O${o.optLevel}`, '-Wno-override-module', f, '-o', f.replace(/\.ll$/, '.o')]));
        }
        compiled.push(c.k);
      } catch (e2) {
        side.rejected.set(c.k, `clang failed on awsm's IR: ${(e2 as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      }
    }
    if (compiled.length > 0) await pool.run(() => runTool('clang', ['-shared', ...lldArgs(), ...compiled.flatMap(objs), '-o', lib]));
  }
  if (!o.keep) for (const f of files) rmSync(f, { force: true });
  side.compiled = compiled;
  if (compiled.length === 0) return side;

  // The driver runs the library; if it dies or hangs, the module it was in is kept (with the
  // transcript it had written) and the rest run in a new process.
  const driver = await buildDriver();
  let todo = compiled;
  while (todo.length > 0) {
    const first = todo[0]!;
    const last = todo[todo.length - 1]!;
    const r = await runProcess(driver, [lib, String(first), String(last - first + 1), ...(o.exact ? ['exact'] : [])], o.timeoutMs);
    const { done, partial } = splitTranscripts(r.stdout);
    for (const [k, t] of done) side.transcripts.set(k, t);
    const broken = todo.findIndex((k) => !side.transcripts.has(k));
    if (broken < 0) break;
    const k = todo[broken]!;
    const how = r.timedOut ? 'timed out' : r.signal !== null ? `was killed by ${r.signal}` : `exited with status ${r.status}`;
    const stderr = r.stderr.trim().split('\n').slice(-3).join(' | ');
    side.died.set(k, { kind: r.timedOut ? 'timeout' : 'crash', how: `the awsm driver ${how} in this module${stderr ? `: ${stderr}` : ''}`, partial: partial.get(k) ?? '' });
    todo = todo.slice(broken + 1);
  }
  if (!o.keep) rmSync(lib, { force: true });
  return side;
}

/** One batch of a generated run: modules [from, to) and the bounds mode they run in. */
export interface Batch {
  from: number;
  to: number;
  bounds: 'guard' | 'explicit';
}

/**
 * Drive a generated run (diff.ts, wasmtime.ts): modules `first` … `first + modules - 1` in
 * batches of `batch`, `jobs` batches in flight at once, each in `bounds` mode or, with 'both',
 * guard and explicit in alternate batches; `each` generates and compares one batch.
 */
export async function forEachBatch(
  o: { modules: number; batch: number; first?: number; jobs: number; bounds: 'guard' | 'explicit' | 'both' },
  each: (b: Batch) => Promise<void>,
): Promise<void> {
  const first = o.first ?? 0;
  const batches: Batch[] = [];
  for (let from = first, i = 0; from < first + o.modules; from += o.batch, i++) {
    const bounds = o.bounds === 'both' ? (i % 2 === 0 ? 'guard' : 'explicit') : o.bounds;
    batches.push({ from, to: Math.min(first + o.modules, from + o.batch), bounds });
  }
  const worker = async (): Promise<void> => {
    for (let b = batches.shift(); b !== undefined; b = batches.shift()) await each(b);
  };
  await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
}

// ---- the command-line options the differential tools share (diff.ts, wasmtime.ts) ---------------

/** The shared options' values. */
export interface CommonArgs {
  n: number;
  seed: number;
  first: number;
  jobs: number;
  batch: number;
  simd: number;
  bounds: 'guard' | 'explicit' | 'both';
  opt: OptLevel;
  timeout: number;
  out: string | undefined;
  keep: boolean;
  strict: boolean;
  quiet: boolean;
  check: string[];
}

/** The shared options' defaults (`batch` differs per tool); the seed comes from the clock. */
export function commonArgs(batch: number): CommonArgs {
  return {
    n: 100, seed: (Date.now() ^ (process.pid << 16)) >>> 0, first: 0, jobs: availableParallelism(), batch, simd: 0.3,
    bounds: 'both', opt: 2, timeout: 120_000, out: undefined, keep: false, strict: false, quiet: false, check: [],
  };
}

/** Read the current option into `a` if it is a shared one (usage text in each tool); false otherwise. */
export function readCommonOption(o: OptionReader, a: CommonArgs): boolean {
  switch (o.name) {
    case '-n': a.n = o.int(0, 1e9); break;
    case '--seed': a.seed = o.int(0, 2 ** 32 - 1); break;
    case '--first': a.first = o.int(0, 2 ** 31 - 1); break;
    case '-j': a.jobs = o.int(1, 256); break;
    case '--batch': a.batch = o.int(1, 100_000); break;
    case '--simd': a.simd = o.num(0, 1); break;
    case '--bounds': a.bounds = o.choice(['guard', 'explicit', 'both'] as const); break;
    case '-O': a.opt = o.int(0, 3) as OptLevel; break;
    case '--timeout': a.timeout = o.num(1000, 86_400_000); break;
    case '--out': a.out = o.value(); break;
    case '--keep': a.keep = true; break;
    case '--strict': a.strict = true; break;
    case '--quiet': a.quiet = true; break;
    case '--check': a.check.push(...o.operands()); break;
    default: return false;
  }
  return true;
}
