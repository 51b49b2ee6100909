/**
 * `npm run bench:gc [-- RUNS]`: the allocation-heavy GC workloads of issue 17 (docs/gc.md,
 * docs/benchmarks.md "GC") on every engine present, RUNS rounds (default 5) interleaved:
 * median wall time and median peak RSS (GNU time's %M) per engine.
 *
 *   binary-trees   the Benchmarks Game's binary-trees, depth 16
 *   list-churn     10M short-lived list nodes beside a long-lived 100,000-node list
 *   array-structs  an array of 100,000 structs, each replaced 100 times (10M structs)
 *
 * Engines: awsm (`awsm compile -O2`, then the executable) and wasmtime (`wasmtime run -W
 * gc=y`). An engine that is missing, or that cannot compile a workload, is reported with its
 * one-line reason and no figure. Each program prints a checksum, which must be the same on every engine. Builds and
 * awsm's cache go to a temporary directory, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';

const AWSM = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const WORKLOADS = ['binary-trees', 'list-churn', 'array-structs'];
const TIME = '/usr/bin/time';

/** One engine: how to prepare a workload (a command to run, or why it cannot), its samples. */
interface Engine {
  name: string;
  /** The command that runs the workload, or the one-line reason it cannot run. */
  prepare: (wasm: string, name: string) => string[] | string;
}

/** One measured run: wall milliseconds, peak RSS in KiB, stdout. */
interface Sample {
  ms: number;
  kib: number;
  out: string;
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function measure(argv: readonly string[]): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', 'peak-rss-kib %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = r.stderr.trimEnd().split('\n');
  const kib = Number(/^peak-rss-kib (\d+)$/.exec(lines[lines.length - 1] ?? '')?.[1] ?? NaN);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: status ${r.status}: ${lines.slice(0, 3).join(' | ')}`);
  return { ms, kib, out: r.stdout };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`RUNS must be a positive integer, got '${process.argv[2]}'`);
  if (!existsSync(TIME)) throw new Error(`${TIME} (Debian package time) is needed to measure peak RSS`);
  const work = mkdtempSync(join(tmpdir(), 'awsm-bench-gc-'));
  try {
    const env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
    const engines: Engine[] = [
      {
        name: 'awsm',
        prepare: (wasm, name) => {
          const exe = join(work, name);
          const r = spawnSync(process.execPath, [AWSM, 'compile', '-q', '-O2', wasm, '-o', exe], { env, encoding: 'utf8' });
          return r.status === 0 ? [exe] : `awsm compile: ${firstLine(r.stderr)}`;
        },
      },
      {
        name: 'wasmtime',
        prepare: (wasm) =>
          spawnSync('wasmtime', ['--version']).status === 0
            ? ['wasmtime', 'run', '-W', 'gc=y', wasm]
            : 'wasmtime not found (scripts/setup.sh installs it)',
      },
    ];
    // [workload][engine]: the command or the reason, and the samples.
    const table = WORKLOADS.map((name) => {
      const wasm = join(work, `${name}.wasm`);
      const r = spawnSync('wasm-tools', ['parse', join(packageRoot, 'bench', 'gc', `${name}.wat`), '-o', wasm], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`wasm-tools parse ${name}.wat: ${firstLine(r.stderr)}`);
      return { name, cells: engines.map((e) => ({ engine: e.name, cmd: e.prepare(wasm, name), samples: [] as Sample[] })) };
    });
    for (let round = 0; round < runs; round++) {
      for (const w of table) {
        for (const c of w.cells) if (typeof c.cmd !== 'string') c.samples.push(measure(c.cmd));
        const outs = new Set(w.cells.flatMap((c) => c.samples.slice(-1).map((s) => s.out)));
        if (outs.size > 1) throw new Error(`${w.name}: the engines printed different checksums: ${[...outs].map((o) => o.trim()).join(', ')}`);
      }
    }
    console.log(`median of ${runs} runs: wall time (ms) and peak RSS (MiB)`);
    console.log(['workload'.padEnd(14), ...engines.map((e) => `${e.name} ms`.padStart(13) + `${e.name} MiB`.padStart(14))].join(' '));
    const missing: string[] = [];
    for (const w of table) {
      const cols = w.cells.map((c) => {
        if (typeof c.cmd === 'string') {
          missing.push(`${w.name} on ${c.engine}: ${c.cmd}`);
          return '-'.padStart(13) + '-'.padStart(14);
        }
        return median(c.samples.map((s) => s.ms)).toFixed(0).padStart(13) + (median(c.samples.map((s) => s.kib)) / 1024).toFixed(1).padStart(14);
      });
      console.log([w.name.padEnd(14), ...cols].join(' '));
    }
    for (const m of missing) console.log(`no figure: ${m}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
