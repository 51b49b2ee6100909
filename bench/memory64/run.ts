/**
 * `npm run bench:memory64 [-- RUNS]`: what a 64-bit memory costs (issue 15, docs/abi.md
 * "64-bit memories"). Guard pages cannot cover a 64-bit address space, so awsm checks every
 * access to a memory64 memory explicitly; 32-bit memories keep guard pages. This runs the same
 * freestanding C kernels (bench/memory64/*.c, no libc: clang-16 --target=wasm32 and
 * --target=wasm64) side by side, interleaved, RUNS rounds (default 5):
 *
 *   native          clang-16 -O2 for the host
 *   awsm w32        the wasm32 build, awsm -O2, guard pages (the default)
 *   awsm w32 expl   the wasm32 build, awsm -O2 --bounds=explicit
 *   awsm w64        the wasm64 build, awsm -O2 (explicit checks: the only strategy for memory64)
 *   wasmtime w32/w64, when a wasmtime CLI is on PATH (its memory64 strategy, for comparison)
 *
 * and prints median wall times and the ratios w64/w32 and w64/w32-explicit per kernel with
 * their geometric means. Every build must exit with the same status (the kernel's checksum,
 * low 7 bits), or the run fails. The ratio is not all bounds checks: pointers are 8 bytes on
 * wasm64, so pointer-heavy data (list.c) is larger there (native x86-64 pays that too).
 *
 * Builds go to bench/build/memory64 (rebuilt when the source is newer); awsm's cache is a
 * temporary directory, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';

const SRC = join(packageRoot, 'bench', 'memory64');
const BUILD = join(packageRoot, 'bench', 'build', 'memory64');
const AWSM = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const CLANG = 'clang-16';

/** One way of running a kernel: its label and, per kernel, the command (or why it cannot run). */
interface Column {
  label: string;
  argv: (kernel: string) => string[] | string;
}

/** Run to completion; returns status and stderr. */
function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error !== undefined) throw new Error(`cannot run ${argv[0]}: ${r.error.message}`);
  return { status: r.status, stderr: r.stderr };
}

/** Build `out` with `argv` unless it is newer than every source. */
function build(out: string, argv: string[], sources: string[]): void {
  if (existsSync(out) && sources.every((s) => statSync(s).mtimeMs <= statSync(out).mtimeMs)) return;
  const r = run(argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr.trim()}`);
}

/** awsm compile of `wasm` to `exe` with `flags`; the error line when awsm refuses it. */
function awsmCompile(wasm: string, exe: string, flags: string[], env: NodeJS.ProcessEnv): string | undefined {
  const r = run([process.execPath, AWSM, 'compile', '-q', ...flags, '-o', exe, wasm], env);
  return r.status === 0 ? undefined : r.stderr.trim().split('\n')[0];
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

function main(): number {
  const args = process.argv.slice(2);
  if (args.length > 1 || (args.length === 1 && !/^[1-9][0-9]*$/.test(args[0]!))) {
    process.stderr.write('usage: npm run bench:memory64 [-- RUNS]\n');
    return 2;
  }
  const runs = Number(args[0] ?? 5);
  mkdirSync(BUILD, { recursive: true });
  const kernels = readdirSync(SRC).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
  const header = join(SRC, 'kernel.h');
  const work = mkdtempSync(join(tmpdir(), 'awsm-bench-memory64-'));
  const env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  try {
    // Builds: native, wasm32, wasm64 (-mbulk-memory: clang lowers memset to memory.fill, no libc).
    const path = (k: string, kind: string): string => join(BUILD, `${k}.${kind}`);
    for (const k of kernels) {
      const sources = [join(SRC, `${k}.c`), header];
      build(path(k, 'native'), [CLANG, '-O2', '-o', path(k, 'native'), sources[0]!], sources);
      for (const t of ['wasm32', 'wasm64']) {
        const out = path(k, `${t}.wasm`);
        build(out, [CLANG, `--target=${t}`, '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry', '-Wl,--export=_start', '-o', out, sources[0]!], sources);
      }
    }
    // awsm executables (compiled here, outside the timed runs).
    const refused = new Map<string, string>();
    const awsmExe = (k: string, t: string, flags: string[], tag: string): string[] | string => {
      const exe = join(work, `${k}.${tag}`);
      const key = `${k}.${tag}`;
      if (!refused.has(key) && !existsSync(exe)) {
        const err = awsmCompile(path(k, `${t}.wasm`), exe, flags, env);
        if (err !== undefined) refused.set(key, err);
      }
      return refused.get(key) ?? [exe];
    };
    const columns: Column[] = [
      { label: 'native', argv: (k) => [path(k, 'native')] },
      { label: 'awsm w32', argv: (k) => awsmExe(k, 'wasm32', ['-O2'], 'w32') },
      { label: 'awsm w32 expl', argv: (k) => awsmExe(k, 'wasm32', ['-O2', '--bounds=explicit'], 'w32e') },
      { label: 'awsm w64', argv: (k) => awsmExe(k, 'wasm64', ['-O2'], 'w64') },
    ];
    if (have('wasmtime')) {
      columns.push({ label: 'wasmtime w32', argv: (k) => ['wasmtime', 'run', path(k, 'wasm32.wasm')] });
      columns.push({ label: 'wasmtime w64', argv: (k) => ['wasmtime', 'run', '-W', 'memory64=y', path(k, 'wasm64.wasm')] });
    }
    const plan = kernels.map((k) => columns.map((c) => c.argv(k)));

    process.stderr.write(`${runs} rounds, ${kernels.length} kernels × ${columns.length} builds (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})...\n`);
    const times = plan.map((row) => row.map(() => [] as number[]));
    const status = plan.map((row) => row.map(() => undefined as number | null | undefined));
    for (let r = 0; r < runs; r++) {
      plan.forEach((row, i) => row.forEach((argv, j) => {
        if (typeof argv === 'string') return;
        const start = process.hrtime.bigint();
        const res = run(argv, env);
        times[i]![j]!.push(Number(process.hrtime.bigint() - start) / 1e9);
        if (status[i]![j] !== undefined && status[i]![j] !== res.status) throw new Error(`${argv.join(' ')}: status ${res.status}, before ${status[i]![j]}`);
        status[i]![j] = res.status;
      }));
    }
    // Every build of a kernel must agree with the native checksum.
    plan.forEach((row, i) => row.forEach((argv, j) => {
      if (typeof argv !== 'string' && status[i]![j] !== status[i]![0]) {
        throw new Error(`${kernels[i]}: ${columns[j]!.label} exits ${status[i]![j]}, native ${status[i]![0]}`);
      }
    }));

    const col = (label: string): number => columns.findIndex((c) => c.label === label);
    const [w32, w32e, w64, t32, t64] = ['awsm w32', 'awsm w32 expl', 'awsm w64', 'wasmtime w32', 'wasmtime w64'].map(col);
    const med = (i: number, j: number): number | undefined => (j < 0 || times[i]![j]!.length === 0 ? undefined : median(times[i]![j]!));
    const ratio = (i: number, a: number, b: number): number | undefined => {
      const x = med(i, a);
      const y = med(i, b);
      return x === undefined || y === undefined ? undefined : x / y;
    };
    const ratioCols: Array<[string, number, number]> = [['w64/w32', w64!, w32!], ['w64/w32 expl', w64!, w32e!], ['wasmtime w64/w32', t64!, t32!]];
    const shown = ratioCols.filter(([, a, b]) => a >= 0 && b >= 0);
    const lines = [
      `| kernel | ${columns.map((c) => `${c.label} (s)`).join(' | ')} | ${shown.map(([l]) => l).join(' | ')} |`,
      `|---|${columns.map(() => '---:').join('|')}|${shown.map(() => '---:').join('|')}|`,
    ];
    const fmt = (x: number | undefined, d: number): string => (x === undefined ? '—' : x.toFixed(d));
    kernels.forEach((k, i) => {
      lines.push(`| ${k} | ${columns.map((_, j) => fmt(med(i, j), 3)).join(' | ')} | ${shown.map(([, a, b]) => fmt(ratio(i, a, b), 2)).join(' | ')} |`);
    });
    const geo = shown.map(([, a, b]) => {
      const rs = kernels.map((_, i) => ratio(i, a, b)).filter((x): x is number => x !== undefined);
      return rs.length === kernels.length ? geomean(rs) : undefined;
    });
    lines.push(`| geomean | ${columns.map(() => '').join(' | ')} | ${geo.map((g) => fmt(g, 2)).join(' | ')} |`);
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const [key, err] of refused) process.stdout.write(`awsm refused ${key}: ${err}\n`);
    process.stderr.write(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
    return refused.size === 0 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
