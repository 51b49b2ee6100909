/**
 * `awsm elf2wasm` end to end (docs/elf.md, "Tests"): the programs of tests/elf/programs and the
 * 31 bench programs (bench/programs, at the small sizes of tests/elf/bench-programs.ts), built
 * with aarch64-linux-gnu-gcc -static -O2 into one multi-call executable (one translation, not
 * one per program: each would hold its own glibc), translated, and run under `awsm run`; each
 * case compares stdout, the files written and the exit status with qemu-aarch64-static running
 * the same executable (the two at the same time). Files go through --dir (the directory preopened as ".", so the same
 * relative paths work under both). Also the sandbox (no file outside the --dir) and the
 * one-line refusals of bad inputs.
 *
 * While the lifter does not yet know an instruction a program reaches, the run stops with
 * "awsm: elf: unknown instruction ..."; such a case is reported as a todo naming it (counted
 * in the summary), any other difference fails.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/driver/cache.js';
import { BENCH_PROGRAMS_DIR, BENCH_SIZES, benchCommand, benchMultiPrograms } from '../elf/bench-programs.js';
import { ELF_CC, ELF_OBJCOPY, QEMU, buildMulti, buildStatic, elfTempDir } from '../elf/build.js';
import { have, mustRun, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const PROGRAMS = join(packageRoot, 'tests', 'elf', 'programs');
const NAMES = ['hello', 'sieve', 'doubles', 'wc', 'sort', 'copy', 'args', 'sandbox'] as const;
const dir = elfTempDir();
const multi = join(dir, 'multi');
const wasm = join(dir, 'multi.wasm');
/** Why the translation could not be made (then every run case fails with it). */
let notTranslated: string | undefined;

before(() => {
  if (!have(ELF_CC) || !have(QEMU) || !have(ELF_OBJCOPY)) return;
  buildMulti([...NAMES.map((n) => ({ name: n, source: join(PROGRAMS, `${n}.c`) })), ...benchMultiPrograms()], dir);
  const r = spawnSync(process.execPath, [CLI, 'elf2wasm', multi, '-o', wasm], { encoding: 'utf8' });
  if (r.status !== 0) notTranslated = `awsm elf2wasm failed (status ${r.status}): ${r.stderr}`;
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The files of the run's directory afterwards: name → contents. */
  files: Map<string, string>;
}

/** The files of `d` (flat), by name. */
function filesOf(d: string): Map<string, string> {
  return new Map(readdirSync(d).sort().map((n) => [n, readFileSync(join(d, n), 'latin1')]));
}

const execFileP = promisify(execFile);

/** `cmd args` to its end: exit status (null when killed by a signal, as by the timeout), stdout and stderr. */
async function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; timeout: number }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 1 << 28 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: unknown; signal?: unknown; stdout?: string; stderr?: string };
    if (typeof x.code !== 'number' && typeof x.signal !== 'string') throw e;
    return { status: typeof x.code === 'number' ? x.code : null, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/**
 * Runs program `name` with `args` under qemu and under awsm run, at the same time, each in a
 * fresh copy of the files `setup` makes (its working directory, and the --dir "." of awsm run),
 * with `env`.
 */
async function both(name: string, args: readonly string[], setup: (d: string) => void = () => {}, env: Record<string, string> = {}, prog: { elf: string; wasm: string } = { elf: multi, wasm }): Promise<{ qemu: Outcome; awsm: Outcome }> {
  const base = join(dir, `case-${name}-${Math.random().toString(36).slice(2, 8)}`);
  const q = join(base, 'qemu');
  const a = join(base, 'awsm');
  mkdirSync(q, { recursive: true });
  setup(q);
  cpSync(q, a, { recursive: true });
  const progArgs = prog.elf === multi ? [name, ...args] : args;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const [rq, ra] = await Promise.all([
    run(QEMU, [prog.elf, ...progArgs], { cwd: q, env, timeout: 120_000 }),
    run(process.execPath, [CLI, 'run', '--dir', `${a}::.`, ...envArgs, prog.wasm, ...progArgs], { timeout: 300_000 }),
  ]);
  return {
    qemu: { status: rq.status, stdout: rq.stdout, stderr: rq.stderr, files: filesOf(q) },
    awsm: { status: ra.status, stdout: ra.stdout, stderr: ra.stderr, files: filesOf(a) },
  };
}

/** False (and a todo naming it) when the awsm run stopped at an instruction the lifter lacks. */
function lifted(t: TestContext, o: Outcome): boolean {
  const m = /awsm: elf: unknown instruction (0x[0-9a-f]+) at (0x[0-9a-f]+)/.exec(o.stderr);
  if (m === null) return true;
  t.todo(`the lifter does not know instruction ${m[1]} (reached at ${m[2]})`);
  return false;
}

/** The common checks: the same stdout, files and exit status as under qemu. */
async function same(t: TestContext, name: string, args: readonly string[], setup?: (d: string) => void, env?: Record<string, string>): Promise<Outcome | undefined> {
  if (!requires(t, [ELF_CC, ELF_OBJCOPY, QEMU])) return undefined;
  assert.equal(notTranslated, undefined, notTranslated);
  const r = await both(name, args, setup, env);
  if (!lifted(t, r.awsm)) return undefined;
  assert.equal(r.awsm.stdout, r.qemu.stdout, `${name}: stdout (awsm stderr: ${r.awsm.stderr})`);
  assert.deepEqual(r.awsm.files, r.qemu.files, `${name}: files`);
  assert.equal(r.awsm.status, r.qemu.status, `${name}: exit status (awsm stderr: ${r.awsm.stderr})`);
  return r.awsm;
}

const TEXT = 'the quick brown fox\njumps over\n\nthe lazy dog  \n  zebra\napple pie\n' + 'lorem ipsum dolor sit amet\n'.repeat(200);

describe('translated programs behave as under qemu', () => {
  test('hello world', async (t) => {
    const r = await same(t, 'hello', []);
    if (r !== undefined) assert.equal(r.stdout, 'hello, world\n');
  });
  test('a prime sieve', async (t) => {
    const r = await same(t, 'sieve', []);
    if (r !== undefined) assert.match(r.stdout, /^primes below 2000000: 148933,/);
  });
  test('floating point and printf of doubles', async (t) => {
    await same(t, 'doubles', []);
  });
  test('wc of files in the --dir', async (t) => {
    await same(t, 'wc', ['a.txt', 'b.txt', 'missing.txt'], (d) => {
      writeFileSync(join(d, 'a.txt'), TEXT);
      writeFileSync(join(d, 'b.txt'), 'one two three');
    });
  });
  test('sort of a file into another file', async (t) => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${(i * 7919) % 3001} ${'x'.repeat(i % 13)}\n`).join('');
    await same(t, 'sort', ['in.txt', 'out.txt'], (d) => writeFileSync(join(d, 'in.txt'), lines));
  });
  test('a file copy', async (t) => {
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    await same(t, 'copy', ['from.bin', 'to.bin'], (d) => writeFileSync(join(d, 'from.bin'), bytes));
  });
  test('arguments, environment and exit status', async (t) => {
    const r = await same(t, 'args', ['42', 'two words', ''], undefined, { GREETING: 'hello there' });
    if (r !== undefined) {
      assert.equal(r.status, 42);
      assert.match(r.stderr, /^to stderr$/m);
    }
  });
  test('nothing outside the --dir: /etc/passwd and .. out of it', async (t) => {
    if (!requires(t, [ELF_CC, ELF_OBJCOPY, QEMU])) return;
    assert.equal(notTranslated, undefined, notTranslated);
    const r = await both('sandbox', ['.'], (d) => writeFileSync(join(d, 'inside.txt'), 'x'));
    if (!lifted(t, r.awsm)) return;
    assert.equal(r.awsm.stdout, '/etc/passwd: refused\n./../../../../../etc/passwd: refused\n./inside.txt: opened\n');
    assert.equal(r.awsm.status, 0);
    assert.match(r.qemu.stdout, /^\/etc\/passwd: opened$/m, 'qemu (no sandbox) opens it: the test would see a leak');
  });
});

describe('the bench programs, small, behave as under qemu', () => {
  test('every bench program is here, and guards each size it is given', () => {
    const all = readdirSync(BENCH_PROGRAMS_DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
    assert.deepEqual(Object.keys(BENCH_SIZES).sort(), all, 'tests/elf/bench-programs.ts lists every bench/programs/NAME.c');
    for (const [name, sizes] of Object.entries(BENCH_SIZES)) {
      const source = readFileSync(join(BENCH_PROGRAMS_DIR, `${name}.c`), 'utf8');
      // Unguarded, the program's own #define would replace the -D value (gcc only warns).
      for (const d of sizes) assert.match(source, new RegExp(`^#ifndef ${d.split('=')[0]}\n#define ${d.split('=')[0]} `, 'm'), `${name}.c guards ${d}`);
    }
  });
  for (const [name, sizes] of Object.entries(BENCH_SIZES)) {
    test(`${name} (${sizes.join(' ')})`, async (t) => {
      const r = await same(t, benchCommand(name), []);
      if (r === undefined) return;
      // Each prints its name and a checksum last; its own checks (round trips, cross-checked sorts, residuals) must hold.
      const last = r.stdout.trimEnd().split('\n').pop() ?? '';
      assert.match(last, new RegExp(`^${name} .*=`), r.stdout);
      assert.doesNotMatch(last, /\b(ok|roundtrip|errok)=0\b|mismatches=[1-9]/, r.stdout);
      assert.equal(r.status, 0);
    });
  }
});

test('a program without a C library: the whole pipeline, under awsm run, wasmtime and qemu', async (t) => {
  if (!requires(t, [ELF_CC, QEMU, 'wasmtime'])) return;
  const elf = buildStatic(join(packageRoot, 'tests', 'elf', 'nolibc', 'nolibc.c'), dir, ['-nostdlib', '-ffreestanding', '-mgeneral-regs-only']);
  const out = join(dir, 'nolibc.wasm');
  mustRun(process.execPath, [CLI, 'elf2wasm', elf, '-o', out]);
  const r = await both('nolibc', ['one', 'two words'], () => {}, { GREETING: 'hi' }, { elf, wasm: out });
  const expected = (passwd: number): string =>
    ['arg: one', 'arg: two words', 'GREETING=hi', 'page size 4096', 'primes up to 100000: 9592', 'write 18', 'read back 18: written by nolibc', `open /etc/passwd: ${passwd}`, ''].join('\n');
  assert.equal(r.qemu.stdout, expected(1), 'qemu (no sandbox)');
  assert.equal(r.awsm.stdout, expected(0), `awsm run (stderr: ${r.awsm.stderr})`);
  assert.deepEqual(r.awsm.files, r.qemu.files);
  assert.equal(r.awsm.files.get('out.txt'), 'written by nolibc\n');
  assert.equal(r.qemu.status, 3);
  assert.equal(r.awsm.status, 3);
  // An ordinary WASI module: wasmtime runs it the same.
  const w = join(dir, 'nolibc-wasmtime');
  mkdirSync(w);
  const rw = spawnSync('wasmtime', ['run', '--dir', `${w}::.`, '--env', 'GREETING=hi', out, 'one', 'two words'], { encoding: 'utf8' });
  assert.equal(rw.stdout.replace(/^arg: nolibc.wasm\n/, ''), expected(0));
  assert.equal(rw.status, 3, rw.stderr);
});

describe('bad inputs get one line', () => {
  /** awsm elf2wasm of `file`: exit 1, one line on stderr matching `re`, no output file. */
  function refused(file: string, re: RegExp): void {
    const out = `${file}.wasm`;
    const r = spawnSync(process.execPath, [CLI, 'elf2wasm', file, '-o', out], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.throws(() => readFileSync(out), /ENOENT/);
  }

  test('not an ELF, dynamically linked, x86-64, truncated, missing', (t) => {
    if (!requires(t, [ELF_CC, 'clang-16'])) return;
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'script'), '#!/bin/sh\necho hi\n');
    refused(join(bad, 'script'), /^awsm: decode error: .*script: not an ELF file/);
    mustRun(ELF_CC, ['-O2', join(PROGRAMS, 'hello.c'), '-o', join(bad, 'dynamic')]);
    refused(join(bad, 'dynamic'), /dynamically linked \(interpreter \/lib\/ld-linux-aarch64\.so\.1\): link with -static$/m);
    writeFileSync(join(bad, 'x.c'), 'int main(void) { return 0; }\n');
    mustRun('clang-16', ['-static', join(bad, 'x.c'), '-o', join(bad, 'x86')]);
    refused(join(bad, 'x86'), /built for x86-64 \(e_machine 62\), not AArch64/);
    const hello = readFileSync(buildStatic(join(PROGRAMS, 'hello.c'), bad));
    writeFileSync(join(bad, 'truncated'), hello.subarray(0, 30_000));
    refused(join(bad, 'truncated'), /truncated: .* at file offset 0x[0-9a-f]+/);
    const r = spawnSync(process.execPath, [CLI, 'elf2wasm', join(bad, 'nonexistent')], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^awsm: error: cannot read .*nonexistent: /);
  });
});
