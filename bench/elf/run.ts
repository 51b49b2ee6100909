/**
 * The ELF translation benchmark (docs/elf.md, "Speed"):
 *
 *   npm run bench:elf [-- NAME...] [--runs N] [--json FILE]
 *
 * For each bench program (bench/programs/NAME.c; default: those listed in DEFAULT): builds it
 * with aarch64-linux-gnu-gcc -static -O2, translates it with `awsm elf2wasm`, and builds the
 * same source natively for x86-64 with clang-16 -O2; then runs the translated program under
 * `awsm run` (compiled once before timing: the cache), the AArch64 executable under
 * qemu-aarch64-static, and the native one, interleaved, N times each (default 3). awsm run's
 * output must equal qemu's (the checksums the programs print); native's may differ in the last
 * digits of floating-point results (gcc contracts a*b+c into FMADD on AArch64, clang does not
 * on x86-64), which the table notes. Prints a Markdown table of the
 * medians of CPU seconds (user + system, from GNU time: less disturbed than wall-clock time on
 * a shared machine; `awsm run` includes its start-up and loading the cached executable),
 * awsm/qemu and awsm/native per program and their geometric means, with the date and the
 * machine's load; --json writes the raw times.
 *
 * Also `nolibc` (tests/elf/nolibc/nolibc.c, no C library: a sieve repeated 3000 times), which
 * runs while the lifter lacks the SIMD instructions of glibc's string routines; it talks to the
 * kernel with SVC, so it has no native x86-64 build: its output is checked against qemu's.
 *
 * Self-contained, as bench/run.ts: it drives the awsm CLI as a separate process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../timing.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PROGRAMS = join(ROOT, 'bench', 'programs');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const DEFAULT = ['nolibc', 'sha256', 'nbody', 'json', 'huffman', 'lz77', 'sort', 'crc32', 'mandelbrot', 'dijkstra', 'regex'];
/** qemu first: its output (the AArch64 program's) is what awsm run must print. */
const ENGINES = ['qemu', 'awsm', 'native'] as const;
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

/** Where GNU time (Debian package time) writes each run's figures. */
const TIME_OUT = join(tmpdir(), `awsm-bench-elf-time-${process.pid}`);

/** One run under GNU time: CPU seconds (user + system, the process and its children), wall seconds, stdout. */
function timed(cmd: string, args: readonly string[]): { s: number; wall: number; out: string; status: number | null; err: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', TIME_OUT, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, user, sys] = readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { s: user! + sys!, wall: wall!, out: r.stdout, status: r.status, err: r.stderr };
}

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
  // A directory of this run's own (another run at the same time must not overwrite its files;
  // the translations themselves are cached by awsm, keyed by the executable's bytes).
  const work = mkdtempSync(join(tmpdir(), 'awsm-bench-elf-'));
  process.on('exit', () => {
    rmSync(work, { recursive: true, force: true });
    rmSync(TIME_OUT, { force: true });
  });
  const rows: { name: string; times: Record<Engine, number[]>; ok: boolean; why?: string; note?: string }[] = [];
  for (const name of names.length > 0 ? names : DEFAULT) {
    const nolibc = name === 'nolibc';
    const src = nolibc ? join(ROOT, 'tests', 'elf', 'nolibc', 'nolibc.c') : join(PROGRAMS, `${name}.c`);
    const elf = join(work, name);
    const native = join(work, `${name}.native`);
    const wasm = join(work, `${name}.wasm`);
    const args = nolibc ? ['repeat=3000'] : [];
    must('aarch64-linux-gnu-gcc', ['-static', '-O2', ...(nolibc ? ['-nostdlib', '-ffreestanding', '-mgeneral-regs-only'] : []), src, '-o', elf, '-lm']);
    if (!nolibc) must('clang-16', ['-O2', src, '-o', native, '-lm']);
    process.stderr.write(`bench:elf: ${name}: translating\n`);
    must(process.execPath, [CLI, 'elf2wasm', elf, '-o', wasm]);
    const cmd: Record<Engine, [string, string[]]> = {
      awsm: [process.execPath, [CLI, 'run', '-q', '--tier=opt', wasm, ...args]],
      qemu: ['qemu-aarch64-static', [elf, ...args]],
      native: [native, args],
    };
    const engines = ENGINES.filter((e) => !(nolibc && e === 'native'));
    timed(...cmd.awsm); // compiles into the cache
    const times: Record<Engine, number[]> = { awsm: [], qemu: [], native: [] };
    let expected: string | undefined;
    let why: string | undefined;
    let note: string | undefined;
    for (let r = 0; r < runs && why === undefined; r++) {
      for (const e of engines) {
        const t = timed(...cmd[e]);
        times[e].push(t.s);
        if (e === 'qemu') expected ??= t.out;
        if (t.status !== 0) why ??= `${e} exited with ${t.status}: ${t.err.trim().split('\n')[0] ?? ''}`;
        else if (e === 'native' && t.out !== expected) note = "native's floating-point output differs in the last digits";
        else if (t.out !== expected) why ??= `${e}'s output differs from qemu's`;
      }
    }
    rows.push({ name, times, ok: why === undefined, ...(why !== undefined ? { why } : {}), ...(note !== undefined ? { note } : {}) });
    process.stderr.write(`bench:elf: ${name}: ${engines.map((e) => `${e} ${median(times[e]).toFixed(3)} s`).join(', ')}${why !== undefined ? ` (${why})` : ''}\n`);
  }
  const good = rows.filter((r) => r.ok);
  const lines = [
    `ELF translation, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${runs} runs, CPU seconds (user + system)`,
    '',
    '| program | awsm run | qemu-aarch64 | native x86-64 | awsm/qemu | awsm/native |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const m = (e: Engine): number => median(r.times[e]);
      const hasNative = r.times.native.length > 0;
      return r.ok
        ? `| ${r.name}${r.note !== undefined ? ` (${r.note})` : ''} | ${m('awsm').toFixed(3)} | ${m('qemu').toFixed(3)} | ${hasNative ? m('native').toFixed(3) : '–'} | ${(m('awsm') / m('qemu')).toFixed(2)} | ${hasNative ? (m('awsm') / m('native')).toFixed(2) : '–'} |`
        : `| ${r.name} | failed: ${r.why} | | | | |`;
    }),
  ];
  if (good.length > 0) {
    const gm = (a: Engine, b: Engine): string => {
      const with_ = good.filter((r) => r.times[b].length > 0);
      return with_.length === 0 ? '–' : `${geomean(with_.map((r) => median(r.times[a]) / median(r.times[b]))).toFixed(2)} (${with_.length})`;
    };
    lines.push(`| geomean | | | | ${gm('awsm', 'qemu')} | ${gm('awsm', 'native')} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (json !== undefined) writeFileSync(json, JSON.stringify(rows, null, 2));
  if (good.length < rows.length) process.exitCode = 1;
}

main(process.argv.slice(2));
