/**
 * The ELF translation benchmark (docs/elf.md, "Speed"):
 *
 *   npm run bench:elf [-- NAME...] [--runs N] [--json FILE]
 *
 * For each bench program (bench/programs/NAME.c; default: those listed in DEFAULT): builds it
 * with aarch64-linux-gnu-gcc -static -O2, translates it with `awsm elf2wasm`, and builds the
 * same source natively for x86-64 with clang-16 -O2; then runs the translated program under
 * `awsm run` (compiled once before timing: the cache), the AArch64 executable under
 * qemu-aarch64-static, and the native one, interleaved, N times each (default 3). Every output
 * must equal the native one (the checksums the programs print). Prints a Markdown table of the
 * medians (wall-clock seconds), awsm/qemu and awsm/native per program and their geometric
 * means, with the date and the machine's load; --json writes the raw times.
 *
 * Self-contained, as bench/run.ts: it drives the awsm CLI as a separate process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PROGRAMS = join(ROOT, 'bench', 'programs');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const DEFAULT = ['sha256', 'nbody', 'json', 'huffman', 'lz77', 'sort', 'crc32', 'mandelbrot', 'dijkstra', 'regex'];
/** Native first: its output is what the others must print. */
const ENGINES = ['native', 'awsm', 'qemu'] as const;
type Engine = (typeof ENGINES)[number];

/** Runs a build step that must succeed; exits with its stderr otherwise. */
function must(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    process.stderr.write(`bench:elf: ${cmd} ${args.join(' ')} failed (status ${r.status}):\n${r.error?.message ?? r.stderr}\n`);
    process.exit(1);
  }
  return r.stdout;
}

/** One timed run: wall seconds and stdout. */
function timed(cmd: string, args: readonly string[]): { s: number; out: string; status: number | null; err: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, out: r.stdout, status: r.status, err: r.stderr };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const geomean = (xs: readonly number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

function main(argv: readonly string[]): void {
  let runs = 3;
  let json: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--json') json = argv[++i];
    else if (a.startsWith('-')) {
      process.stderr.write(`bench:elf: unknown option ${a} (usage: npm run bench:elf [-- NAME...] [--runs N] [--json FILE])\n`);
      process.exit(2);
    } else names.push(a);
  }
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('bench:elf: --runs expects a positive number\n');
    process.exit(2);
  }
  const work = join(tmpdir(), 'awsm-bench-elf');
  mkdirSync(work, { recursive: true });
  const rows: { name: string; times: Record<Engine, number[]>; ok: boolean; why?: string }[] = [];
  for (const name of names.length > 0 ? names : DEFAULT) {
    const src = join(PROGRAMS, `${name}.c`);
    const elf = join(work, name);
    const native = join(work, `${name}.native`);
    const wasm = join(work, `${name}.wasm`);
    must('aarch64-linux-gnu-gcc', ['-static', '-O2', src, '-o', elf, '-lm']);
    must('clang-16', ['-O2', src, '-o', native, '-lm']);
    process.stderr.write(`bench:elf: ${name}: translating\n`);
    must(process.execPath, [CLI, 'elf2wasm', elf, '-o', wasm]);
    const cmd: Record<Engine, [string, string[]]> = {
      awsm: [process.execPath, [CLI, 'run', '-q', '--tier=opt', wasm]],
      qemu: ['qemu-aarch64-static', [elf]],
      native: [native, []],
    };
    timed(...cmd.awsm); // compiles into the cache
    const times: Record<Engine, number[]> = { awsm: [], qemu: [], native: [] };
    let expected: string | undefined;
    let why: string | undefined;
    for (let r = 0; r < runs && why === undefined; r++) {
      for (const e of ENGINES) {
        const t = timed(...cmd[e]);
        times[e].push(t.s);
        if (e === 'native') expected ??= t.out;
        if (t.status !== 0) why ??= `${e} exited with ${t.status}: ${t.err.trim().split('\n')[0] ?? ''}`;
        else if (expected !== undefined && t.out !== expected) why ??= `${e}'s output differs from native's`;
      }
    }
    rows.push({ name, times, ok: why === undefined, ...(why !== undefined ? { why } : {}) });
    process.stderr.write(`bench:elf: ${name}: ${ENGINES.map((e) => `${e} ${median(times[e]).toFixed(3)} s`).join(', ')}${why !== undefined ? ` (${why})` : ''}\n`);
  }
  const good = rows.filter((r) => r.ok);
  const lines = [
    `ELF translation, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${runs} runs, wall seconds`,
    '',
    '| program | awsm run | qemu-aarch64 | native x86-64 | awsm/qemu | awsm/native |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const m = (e: Engine): number => median(r.times[e]);
      return r.ok
        ? `| ${r.name} | ${m('awsm').toFixed(3)} | ${m('qemu').toFixed(3)} | ${m('native').toFixed(3)} | ${(m('awsm') / m('qemu')).toFixed(2)} | ${(m('awsm') / m('native')).toFixed(2)} |`
        : `| ${r.name} | failed: ${r.why} | | | | |`;
    }),
  ];
  if (good.length > 0) {
    const gm = (a: Engine, b: Engine): string => geomean(good.map((r) => median(r.times[a]) / median(r.times[b]))).toFixed(2);
    lines.push(`| geomean (${good.length}) | | | | ${gm('awsm', 'qemu')} | ${gm('awsm', 'native')} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (json !== undefined) writeFileSync(json, JSON.stringify(rows, null, 2));
  if (good.length < rows.length) process.exitCode = 1;
}

main(process.argv.slice(2));
