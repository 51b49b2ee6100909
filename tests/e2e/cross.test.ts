/**
 * Other targets under qemu (docs/cli.md, "Targets"): for aarch64-linux-gnu, riscv64-linux-gnu
 * and armv7-linux-gnueabihf, `awsm compile --target` builds executables, objects and shared libraries
 * for that machine, and the executables run under qemu-user (qemu-TARGET-static -L /usr/GNU,
 * never binfmt): the C hello world, a trap's exit status and message, and every WASI test
 * program of tests/wasi (C) with its expected output, as on the host (tests/e2e/wasi.test.ts).
 * Also: `--cpu` per target, an unknown CPU as one usage line, an unsupported triple, and the
 * one-line error naming the Debian packages a cross build lacks.
 *
 * Needs qemu-user-static and the cross packages of scripts/setup.sh; without them each test is
 * skipped with the reason (a failure under CI=true).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { RUNTIME_LIBS, buildRuntime, runtimeDir } from '../../src/driver/runtime.js';
import { lldArgs, runTool } from '../../src/driver/tools.js';
import { encodeDirs } from '../../src/driver/run.js';
import { type TargetInfo, crossCheck, missingCrossPackages, runCommand, targetOf } from '../../src/driver/targets.js';
import { compile } from '../../src/index.js';
import { AwsmError } from '../../src/errors.js';
import { WASI_CC, WASI_FLAGS, mustRun, requiresTarget, watBytes } from '../tools.js';
import { fixture, parseHeader } from '../wasi/programs.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const SOURCES = join(packageRoot, 'tests', 'wasi');
/** The targets run under qemu here. */
const CROSS = ['aarch64-linux-gnu', 'riscv64-linux-gnu', 'armv7-linux-gnueabihf'].map((t) => targetOf(t));
/** ELF e_machine of each target's objects. */
const MACHINE: Record<string, number> = { aarch64: 183, riscv64: 243, armv7: 40 };

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-cross-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `exe` for `target` under qemu with exactly `env`, feeding `stdin`. */
function runUnder(target: TargetInfo, exe: string, args: readonly string[], env: NodeJS.ProcessEnv, stdin = '', cwd = work): Promise<Result> {
  const { cmd, args: argv } = runCommand(target, exe, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: signal !== null ? 128 : (code ?? -1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A C program built for wasm32-wasi. */
function wasiWasm(source: string, name: string): string {
  const wasm = join(work, `${name}.wasm`);
  mustRun(WASI_CC, [...WASI_FLAGS, '-O2', `-I${SOURCES}`, source, '-o', wasm]);
  return wasm;
}

function awsm(...args: string[]): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

for (const target of CROSS) {
  describe(`${target.triple} under ${target.qemu}`, () => {
    test('the C hello world: an executable for the target that runs under qemu', async (t) => {
      if (!requiresTarget(t, target, [WASI_CC])) return;
      const wasm = wasiWasm(join(packageRoot, 'examples', 'hello', 'hello.c'), 'hello');
      const exe = join(work, `hello-${target.arch}`);
      const r0 = awsm('compile', `--target=${target.triple}`, wasm, '-o', exe);
      assert.equal(r0.status, 0, r0.stderr);
      assert.equal(readFileSync(exe).readUInt16LE(18), MACHINE[target.arch], 'ELF machine');
      const r = await runUnder(target, exe, ['arm', 'risc'], {});
      assert.deepEqual(r, { status: 0, stdout: 'hello, arm\nhello, risc\n', stderr: '' });
    });

    test('a trap: exit status 134 and the message, from the fault handler (guard pages, on 64-bit targets) and from an explicit check', async (t) => {
      if (!requiresTarget(t, target, ['wat2wasm'])) return;
      const wasm = watBytes('(module (memory 1) (func $store (export "_start") (i32.store (i32.const 65534) (i32.const 7))))', ['--debug-names']);
      for (const bounds of target.guardPages ? ['guard', 'explicit'] as const : ['explicit'] as const) {
        const exe = await compile(wasm, { target: target.triple, bounds, name: 'trap' });
        const r = await runUnder(target, exe.path, [], {});
        assert.deepEqual(r, { status: 134, stdout: '', stderr: 'awsm: trap: out of bounds memory access in function store\n' }, bounds);
      }
    });

    test('objects and shared libraries for the target', async (t) => {
      if (!requiresTarget(t, target, ['wat2wasm'])) return;
      const wasm = watBytes('(module (func (export "f") (result i32) i32.const 1))');
      for (const emit of ['obj', 'shared'] as const) {
        const a = await compile(wasm, { target: target.triple, emit });
        assert.equal(readFileSync(a.path).readUInt16LE(18), MACHINE[target.arch], `${emit}: ELF machine`);
      }
    });

    test(`--cpu=${target.cpuExamples[0]!} is accepted; an unknown CPU is one usage line`, (t) => {
      if (!requiresTarget(t, target, ['wat2wasm'])) return;
      const wasm = join(work, 'one.wasm');
      writeFileSync(wasm, watBytes('(module (func (export "f")))'));
      const ok = awsm('compile', `--target=${target.triple}`, `--cpu=${target.cpuExamples[0]!}`, '--emit=obj', wasm, '-o', join(work, 'one.o'));
      assert.equal(ok.status, 0, ok.stderr);
      const bad = awsm('compile', `--target=${target.triple}`, '--cpu=no-such-cpu', '--emit=obj', wasm, '-o', join(work, 'bad.o'));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, new RegExp(`^awsm: error: unknown CPU 'no-such-cpu' for --cpu on ${target.triple} \\(e\\.g\\. ${target.cpuExamples[0]!}`));
      assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    });

    test('an i32 argument reaches a C host function sign-extended (RISC-V psABI), whatever the Wasm value was made from', async (t) => {
      if (!requiresTarget(t, target, ['wat2wasm'])) return;
      // run's i64 0xFFFFFFFF wraps to the i32 -1 without an instruction: the register's upper half is 0.
      const wasm = watBytes(`(module (import "env" "take" (func $take (param i32)))
        (func (export "run") (param i64) (call $take (i32.wrap_i64 (local.get 0)))))`);
      const obj = await compile(wasm, { target: target.triple, emit: 'obj', name: 'sx' });
      const rt = await buildRuntime(target.triple);
      const exe = join(work, `signext-${target.arch}`);
      await runTool('clang', [`--target=${target.triple}`, ...lldArgs(), '-O2', `-I${join(runtimeDir, 'include')}`,
        join(packageRoot, 'tests', 'e2e', 'fixtures', 'signext-host.c'), obj.path, rt.archive, ...RUNTIME_LIBS, '-o', exe]);
      assert.deepEqual(await runUnder(target, exe, [], {}), { status: 0, stdout: '-1\n', stderr: '' });
    });

    describe('the WASI test programs (C) under qemu', () => {
      const names = readdirSync(SOURCES).filter((f) => f.endsWith('.c')).map((f) => basename(f, '.c')).sort();
      for (const name of names) {
        test(name, { timeout: 240_000 }, async (t) => {
          if (!requiresTarget(t, target, [WASI_CC])) return;
          const source = join(SOURCES, `${name}.c`);
          const header = parseHeader(readFileSync(source, 'utf8'), `${name}.c`);
          if (header.tcplisten === true) {
            // The socket test needs a client that connects once the program is ready; the
            // host's run covers it (wasi.test.ts), and nothing in it is target-specific.
            t.skip('needs a TCP client (tests/e2e/wasi.test.ts runs it on the host)');
            return;
          }
          const exe = await compile(wasiWasm(source, `${name}-${target.arch}`), { target: target.triple });
          const root = join(work, `${name}-${target.arch}`);
          if (header.dirs === true) fixture(root);
          else mkdirSync(root, { recursive: true });
          // What `awsm run` sets (src/driver/run.ts): an empty environment, --env, AWSM_DIRS.
          const env: NodeJS.ProcessEnv = { ...header.env, WASI_TEST_RUNTIME: 'awsm' };
          if (header.dirs === true) env['AWSM_DIRS'] = encodeDirs([{ host: join(root, 'sandbox'), guest: '/sandbox' }]);
          // argv[0] as `awsm run` gives it: the module's file name.
          const link = join(root, `${name}.wasm`);
          symlinkSync(exe.path, link);
          const r = await runUnder(target, link, header.args ?? [], env, header.stdin ?? '', root);
          const expected = (ext: string): string => (existsSync(join(SOURCES, `${name}.${ext}`)) ? readFileSync(join(SOURCES, `${name}.${ext}`), 'utf8') : '');
          assert.equal(r.stdout, expected('stdout'), `${name}: standard output (stderr: ${r.stderr})`);
          assert.equal(r.stderr, expected('stderr'), `${name}: standard error`);
          assert.equal(r.status, header.status ?? 0, `${name}: exit status`);
        });
      }
    });
  });
}

describe('armv7-linux-gnueabihf specifics', () => {
  const arm = targetOf('armv7-linux-gnueabihf');
  test('--bounds=guard is one usage line; memory grows (and may move) with explicit checks', async (t) => {
    if (!requiresTarget(t, arm, ['wat2wasm'])) return;
    const wasm = join(work, 'grow.wasm');
    // Grows memory 0 a page at a time to 64 MiB, writing the last word of each new page and
    // then reading every one back: a moved base that some code did not see reads wrong values.
    writeFileSync(wasm, watBytes(`(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory 1)
      (func (export "_start") (local $p i32) (local $sum i32)
        (loop $grow
          (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then (call $exit (i32.const 3))))
          (local.set $p (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
          (i32.store (local.get $p) (memory.size))
          (br_if $grow (i32.lt_u (memory.size) (i32.const 1024))))
        (local.set $p (i32.const 2))
        (loop $check
          (local.set $sum (i32.add (local.get $sum)
            (i32.sub (i32.load (i32.sub (i32.mul (local.get $p) (i32.const 65536)) (i32.const 4))) (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $check (i32.le_u (local.get $p) (i32.const 1024))))
        (call $exit (i32.ne (local.get $sum) (i32.const 0)))))`));
    const guard = awsm('compile', `--target=${arm.triple}`, '--bounds=guard', wasm, '-o', join(work, 'grow-guard'));
    assert.equal(guard.status, 2);
    assert.match(guard.stderr, /^awsm: error: --bounds=guard needs a 64-bit target: armv7-linux-gnueabihf has no room for an 8 GiB reservation per memory/);
    assert.equal(guard.stderr.trim().split('\n').length, 1, guard.stderr);
    const exe = join(work, 'grow-arm');
    const ok = awsm('compile', `--target=${arm.triple}`, wasm, '-o', exe);
    assert.equal(ok.status, 0, ok.stderr);
    const r = await runUnder(arm, exe, [], {});
    assert.deepEqual(r, { status: 0, stdout: '', stderr: '' });
  });
});

describe('targets', () => {
  test('an unsupported triple is a usage error naming the supported ones', () => {
    assert.throws(() => targetOf('mips64-linux-gnu'), (e: unknown) => e instanceof AwsmError && e.kind === 'usage' && /aarch64-linux-gnu, riscv64-linux-gnu/.test(e.message));
    assert.throws(() => targetOf('aarch64-linux-musl'), /unsupported target 'aarch64-linux-musl'/);
    assert.throws(() => targetOf('armv7-linux-gnueabi'), /hard-float ABI only/);
    assert.equal(targetOf('arm64-unknown-linux-gnu').triple, 'aarch64-linux-gnu');
    assert.equal(targetOf('x86_64-pc-linux-gnu').triple, 'x86_64-linux-gnu');
  });

  test('a missing cross package is one line naming the Debian packages', () => {
    const absent: TargetInfo = { ...targetOf('aarch64-linux-gnu'), gnu: 'no-such-linux-gnu', nodeArch: 'none', packages: ['libc6-dev-nothing-cross', 'libgcc-12-dev-nothing-cross'] };
    assert.deepEqual(missingCrossPackages(absent), ['libc6-dev-nothing-cross', 'libgcc-12-dev-nothing-cross']);
    assert.throws(() => crossCheck(absent), (e: unknown) =>
      e instanceof AwsmError && e.kind === 'tool' && !e.message.includes('\n') &&
      e.message === 'building for aarch64-linux-gnu needs the Debian packages libc6-dev-nothing-cross libgcc-12-dev-nothing-cross: apt-get install libc6-dev-nothing-cross libgcc-12-dev-nothing-cross');
  });
});
