/**
 * End-to-end tests of the `awsm` command: help and errors, the aWsm-compatible form, every
 * --emit kind, C programs built with clang-16 --target=wasm32-wasi run through `awsm run` and
 * `awsm compile`, exit statuses, and one program per trap kind (docs/traps.md: message
 * "awsm: trap: <spec message> in function <name or #idx>", exit status 134).
 *
 * Needs clang-16 with wasi-libc and wat2wasm (bash scripts/setup.sh installs them). Uses the
 * normal compile cache (AWSM_CACHE_DIR, …): cache keys cover everything that matters.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot, version } from '../../src/driver/cache.js';
import { compile, run } from '../../src/index.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const TRAP_STATUS = 134;

let work: string;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `awsm ARGS` in the work directory. */
function awsm(...args: string[]): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Build `name.wasm` from WAT text with wat2wasm (extra flags e.g. --no-check). */
function wat(name: string, text: string, ...flags: string[]): string {
  return wat2wasm({ text }, `${name}.wasm`, flags, { cwd: work });
}

/** Build `name.wasm` from C source with clang-16 --target=wasm32-wasi. */
function cwasm(name: string, source: string): string {
  writeFileSync(join(work, `${name}.c`), source);
  mustRun(WASI_CC, [...WASI_FLAGS, '-O2', `${name}.c`, '-o', `${name}.wasm`], { cwd: work });
  return `${name}.wasm`;
}

/** A user error: the expected status, one line on stderr, no stack trace. */
function assertOneLineError(r: Result, status: number, prefix: string): void {
  assert.equal(r.status, status, `status; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line of stderr expected, got:\n${r.stderr}`);
  assert.ok(lines[0]!.startsWith(prefix), `stderr should start with ${JSON.stringify(prefix)}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-e2e-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('help, version and usage errors', () => {
  test('--help lists every form and option, and docs/cli.md documents each option', () => {
    const r = awsm('--help');
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    for (const form of ['awsm compile', 'awsm run', 'awsm [options] INPUT.wasm']) assert.ok(r.stdout.includes(form), form);
    const doc = readFileSync(join(packageRoot, 'docs', 'cli.md'), 'utf8');
    const options = [...r.stdout.matchAll(/^ {2}(-[^\s,]+(?:, --[^\s]+)?)/gm)].map((m) => m[1]!);
    assert.ok(options.length >= 10, `options found in --help: ${options.join(' ')}`);
    for (const label of options) assert.ok(doc.includes(`\`${label}\``), `docs/cli.md should document ${label}`);
    assert.equal(awsm('-h').stdout, r.stdout);
    assert.equal(awsm('compile', '--help').stdout, r.stdout);
  });

  test('--version prints the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = awsm(flag);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `awsm ${version}\n`);
    }
  });

  test('an unknown option exits 2 with one line and no stack trace', () => {
    assertOneLineError(awsm('--frobnicate', 'x.wasm'), 2, "awsm: error: unknown option '--frobnicate'");
    assertOneLineError(awsm('compile', '-Z', 'x.wasm'), 2, "awsm: error: unknown option '-Z'");
  });

  test('bad values and misplaced options are usage errors', () => {
    assertOneLineError(awsm('compile', '--emit=wat', 'x.wasm'), 2, "awsm: error: invalid value 'wat' for --emit");
    assertOneLineError(awsm('compile', '-O7', 'x.wasm'), 2, 'awsm: error: invalid value');
    assertOneLineError(awsm('compile', '--bounds', 'maybe', 'x.wasm'), 2, "awsm: error: invalid value 'maybe' for --bounds");
    assertOneLineError(awsm('run', '--emit=obj', 'x.wasm'), 2, 'awsm: error: option --emit is not accepted');
    assertOneLineError(awsm('compile'), 2, 'awsm: error: missing input file');
    assertOneLineError(awsm('compile', 'a.wasm', 'b.wasm'), 2, "awsm: error: unexpected argument 'b.wasm'");
    assertOneLineError(awsm('compile', '-o'), 2, 'awsm: error: option -o needs a value');
  });

  test('an unknown --cpu name is a usage error, for every output form', () => {
    const file = wat('cpu', '(module (func (export "f")))');
    for (const emit of ['exe', 'obj', 'shared']) {
      const r = awsm('compile', `--emit=${emit}`, '--no-cache', '--cpu=frobnicator', file, '-o', `cpu-${emit}.out`);
      assertOneLineError(r, 2, "awsm: error: unknown CPU 'frobnicator' for --cpu; valid names: ");
      assert.match(r.stderr, /valid names: [\w.-]+, [\w.-]+/);
    }
  });

  test('a missing input file exits 1', () => {
    assertOneLineError(awsm('compile', 'nope.wasm'), 1, 'awsm: error: cannot read nope.wasm: no such file');
    assertOneLineError(awsm('run', 'nope.wasm'), 1, 'awsm: error: cannot read nope.wasm');
  });
});

describe('bad modules', () => {
  test('a malformed module names the byte offset and exits 1', () => {
    // A type section that claims 5 bytes but ends after 1.
    writeFileSync(join(work, 'bad.wasm'), Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1]));
    const r = awsm('compile', 'bad.wasm', '-o', 'bad');
    assertOneLineError(r, 1, 'awsm: decode error: bad.wasm: ');
    assert.match(r.stderr, /byte offset 0x[0-9a-f]+/);
    assertOneLineError(awsm('compile', '--emit=obj', 'not-wasm.c'), 1, 'awsm: error: cannot read');
    writeFileSync(join(work, 'text.wasm'), '(module)');
    assertOneLineError(awsm('compile', 'text.wasm'), 1, 'awsm: decode error: text.wasm: ');
  });

  test('an invalid module exits 1 with a validation message', () => {
    const file = wat('invalid', '(module (func (result i32) (i64.const 1)))', '--no-check');
    assertOneLineError(awsm('compile', file), 1, 'awsm: validate error: invalid.wasm: ');
  });
});

describe('compiling', () => {
  test('--emit writes IR text, bitcode, an object and a shared library', () => {
    const file = wat('add', '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))');
    assert.equal(awsm('compile', '--emit=llvm', file).status, 0);
    const ir = readFileSync(join(work, 'add.ll'), 'utf8');
    assert.match(ir, /^define /m);
    assert.match(ir, /@add_module\b/, 'descriptor named after the file');
    assert.equal(awsm('compile', '--emit=llvm', '--name', 'calc', file, '-o', 'calc.ll').status, 0);
    assert.match(readFileSync(join(work, 'calc.ll'), 'utf8'), /@calc_module\b/);

    const magic = (f: string, n: number): string => readFileSync(join(work, f)).subarray(0, n).toString('hex');
    assert.equal(awsm('compile', '--emit=bc', '-O0', file).status, 0);
    assert.equal(magic('add.bc', 4), '4243c0de');
    assert.equal(awsm('compile', '--emit', 'obj', file).status, 0);
    assert.equal(magic('add.o', 4), '7f454c46');
    assert.equal(awsm('compile', '--emit=shared', '-O3', file, '-o', 'libadd.so').status, 0);
    assert.equal(magic('libadd.so', 4), '7f454c46');
  });

  test('the aWsm-compatible form writes bitcode and accepts aWsm flags', () => {
    const file = wat('awsmform', '(module (global (export "g") i32 (i32.const 7)) (func (export "_start")))');
    assert.equal(awsm('-i', '-u', '--runtime-globals', '--target', 'x86_64-pc-linux-gnu', '-o', 'x.bc', file).status, 0);
    assert.equal(readFileSync(join(work, 'x.bc')).subarray(0, 4).toString('hex'), '4243c0de');
    assert.equal(awsm('-iu', '--layout=e-m:e', file).status, 0);
    assert.equal(readFileSync(join(work, 'output.bc')).subarray(0, 4).toString('hex'), '4243c0de');
  });
});

describe('the output (-o)', () => {
  const MODULE = '(module (func (export "f") (result i32) (i32.const 7)))';

  /** A spawn whose stdout is kept as bytes. */
  function awsmBytes(...args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  }

  test('awsm refuses to write over the input: same path, symlink, hard link, dangling symlink', () => {
    const file = wat('same', MODULE);
    const original = readFileSync(join(work, file));
    symlinkSync(file, join(work, 'same-link'));
    linkSync(join(work, file), join(work, 'same-hard'));
    symlinkSync('no-such-dir/../same.wasm', join(work, 'same-dangling'));
    const outputs = [file, `./${file}`, join(work, file), 'same-link', 'same-hard', 'same-dangling'];
    for (const out of outputs) {
      for (const args of [['compile', file, '-o', out], ['compile', '--emit=llvm', `--output=${out}`, file], ['-o', out, file]]) {
        const r = awsm(...args);
        assertOneLineError(r, 2, `awsm: error: the output ${out} is the input file ${file}; name another output with -o`);
        assert.deepEqual(readFileSync(join(work, file)), original, `awsm ${args.join(' ')}: the input is unchanged`);
      }
    }
    assert.ok(lstatSync(join(work, 'same-link')).isSymbolicLink(), 'the symlink is left alone');
    // The default name of an input without .wasm is the input itself.
    copyFileSync(join(work, file), join(work, 'noext'));
    assertOneLineError(awsm('compile', 'noext'), 2, 'awsm: error: the default output noext would overwrite the input');
    // Another file through a symlink is written.
    symlinkSync('elsewhere', join(work, 'other-link'));
    assert.equal(awsm('compile', '--emit=llvm', file, '-o', 'other-link').status, 0);
    assert.match(readFileSync(join(work, 'other-link'), 'utf8'), /^define /m);
  });

  test('-o - writes IR text and bitcode to standard output, and no file named -', () => {
    const file = wat('tostdout', MODULE);
    const ll = awsm('compile', '--emit=llvm', '-o', '-', file);
    assert.equal(ll.status, 0, ll.stderr);
    assert.equal(ll.stderr, '');
    assert.match(ll.stdout, /^@tostdout_module = constant/m);
    assert.equal(awsm('compile', '--emit=llvm', file, '-o', 'tostdout.ll').status, 0);
    assert.equal(ll.stdout, readFileSync(join(work, 'tostdout.ll'), 'utf8'), 'the IR a file gets');
    for (const args of [['compile', '--emit=bc', '-o', '-', file], ['-o', '-', file], ['--output=-', file]]) {
      const bc = awsmBytes(...args);
      assert.equal(bc.status, 0, bc.stderr);
      assert.equal(bc.stdout.subarray(0, 4).toString('hex'), '4243c0de', `awsm ${args.join(' ')}: bitcode on stdout`);
    }
    assert.ok(!existsSync(join(work, '-')), 'no file named -');
  });

  test('-o - into a pipe whose reader has gone: one line, exit 1', async () => {
    // IR well over a pipe's buffer, so that writing it must fail.
    const funcs = Array.from({ length: 3000 }, (_, i) => `(func (export "f${i}") (result i32) (i32.const ${i}))`);
    const file = wat('bigir', `(module ${funcs.join(' ')})`);
    const child = spawn(process.execPath, [CLI, 'compile', '--emit=llvm', '-o', '-', file], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader goes away before awsm writes
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assertOneLineError({ status, stdout: '', stderr }, 1, 'awsm: error: cannot write to standard output: the reader closed it');
  });

  test('-o - is a usage error for executables, objects and shared libraries', () => {
    const file = wat('nostdout', MODULE);
    for (const emit of ['exe', 'obj', 'shared']) {
      const r = awsm('compile', `--emit=${emit}`, '-o', '-', file);
      assertOneLineError(r, 2, `awsm: error: -o - (standard output) is for --emit=llvm or --emit=bc only; name an output file for --emit=${emit}`);
      assert.equal(r.stdout, '');
    }
    assertOneLineError(awsm('compile', '-o', '-', file), 2, 'awsm: error: -o - (standard output) is for');
    assert.ok(!existsSync(join(work, '-')), 'no file named -');
  });
});

describe('running C programs', () => {
  let hello: string;
  before(() => {
    hello = 'hello.wasm';
    mustRun(WASI_CC, [...WASI_FLAGS, '-O2', join(packageRoot, 'examples', 'hello', 'hello.c'), '-o', hello], { cwd: work });
  });

  test('awsm run hello.wasm prints hello and exits 0', () => {
    const r = awsm('run', hello);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'hello\n');
    assert.equal(r.status, 0);
  });

  test('everything after the module goes to the program, options included', () => {
    const r = awsm('run', '-O1', hello, 'world', '--help', '-o');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'hello, world\nhello, --help\nhello, -o\n');
  });

  test('awsm compile writes an executable that runs on its own', () => {
    const r = awsm('compile', hello, '-o', 'hello-native');
    assert.equal(r.status, 0, r.stderr);
    const p = spawnSync(join(work, 'hello-native'), [], { encoding: 'utf8' });
    assert.equal(p.stdout, 'hello\n');
    assert.equal(p.status, 0);
    // The default output name is the input's, without .wasm.
    assert.equal(awsm('compile', hello).status, 0);
    assert.equal(spawnSync(join(work, 'hello'), [], { encoding: 'utf8' }).stdout, 'hello\n');
  });

  test('--env sets a variable in the program environment', () => {
    const file = cwasm(
      'getenv',
      '#include <stdio.h>\n#include <stdlib.h>\n' +
        'int main(void) { const char *v = getenv("AWSM_E2E"); puts(v ? v : "(unset)"); return 0; }\n',
    );
    assert.equal(awsm('run', '--env', 'AWSM_E2E=set by --env', file).stdout, 'set by --env\n');
    assertOneLineError(awsm('run', '--env', 'NOEQUALS', file), 2, "awsm: error: --env expects NAME=VALUE, got 'NOEQUALS'");
  });

  test('a C program that returns 7 from main exits 7', () => {
    const file = cwasm('seven', 'int main(void) { return 7; }\n');
    assert.equal(awsm('run', file).status, 7);
  });

  test('a module read from a pipe is read once, at every tier, cached or not', () => {
    // awsm run <(cat prog.wasm): the lookup must not consume what the compile then reads.
    const file = cwasm('seven_pipe', 'int main(void) { return 7; }\n');
    for (const flags of [[], ['--tier=opt'], ['--tier=quick'], ['--no-cache'], [], ['--tier=quick']]) {
      const cmd = `exec "$0" "$1" run ${flags.join(' ')} <(cat "$2")`;
      const r = spawnSync('bash', ['-c', cmd, process.execPath, CLI, file], { cwd: work, encoding: 'utf8' });
      assert.equal(r.status, 7, `awsm run ${flags.join(' ')} <(cat ${file}): ${r.stderr}`);
    }
  });

  test('the TypeScript API compiles bytes and runs the result', async () => {
    const bytes = readFileSync(join(work, hello));
    const exe = await compile(bytes, { emit: 'exe' });
    assert.equal(exe.emit, 'exe');
    const r = await run(exe, { args: ['api'] });
    assert.deepEqual({ status: r.status, stdout: r.stdout }, { status: 0, stdout: 'hello, api\n' });
    const again = await compile(bytes, { emit: 'exe' });
    assert.equal(again.cached, true, 'the second compile comes from the cache');
    assert.equal(again.path, exe.path);
  });
});

describe('exit statuses and traps', () => {
  test('proc_exit(3) exits with status 3', () => {
    const file = wat(
      'exit3',
      `(module
         (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
         (memory (export "memory") 1)
         (func (export "_start") (call $exit (i32.const 3))))`,
    );
    const r = awsm('run', file);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 3);
  });

  // One program per trap kind: [trap message, module body]. Each exports _start; values
  // come from mutable globals so that LLVM cannot fold the trapping operation away.
  const traps: Array<[string, string, string]> = [
    ['unreachable', 'unreachable', '(func (export "_start") (unreachable))'],
    [
      'memory-oob',
      'out of bounds memory access',
      `(memory 1) (global $r (mut i32) (i32.const 0))
       (func (export "_start") (global.set $r (i32.load (i32.const 65534))))`,
    ],
    [
      'div-zero',
      'integer divide by zero',
      `(global $zero (mut i32) (i32.const 0))
       (func (export "_start") (global.set $zero (i32.div_u (i32.const 1) (global.get $zero))))`,
    ],
    [
      'overflow',
      'integer overflow',
      `(global $m1 (mut i32) (i32.const -1))
       (func (export "_start") (global.set $m1 (i32.div_s (i32.const 0x80000000) (global.get $m1))))`,
    ],
    [
      'conversion',
      'invalid conversion to integer',
      `(global $nan (mut f32) (f32.const nan)) (global $r (mut i32) (i32.const 0))
       (func (export "_start") (global.set $r (i32.trunc_f32_s (global.get $nan))))`,
    ],
    [
      'undefined-element',
      'undefined element',
      `(type $v (func)) (table 2 funcref) (global $i (mut i32) (i32.const 5))
       (func (export "_start") (call_indirect (type $v) (global.get $i)))`,
    ],
    [
      'uninitialized-element',
      'uninitialized element',
      `(type $v (func)) (table 2 funcref) (global $i (mut i32) (i32.const 1))
       (func (export "_start") (call_indirect (type $v) (global.get $i)))`,
    ],
    [
      'indirect-type',
      'indirect call type mismatch',
      `(type $v (func)) (table funcref (elem $takes_i32)) (global $i (mut i32) (i32.const 0))
       (func $takes_i32 (param i32))
       (func (export "_start") (call_indirect (type $v) (global.get $i)))`,
    ],
    [
      'stack-exhausted',
      'call stack exhausted',
      `(global $depth (mut i32) (i32.const 0))
       (func $recurse (global.set $depth (i32.add (global.get $depth) (i32.const 1))) (call $recurse))
       (func (export "_start") (call $recurse))`,
    ],
    [
      'table-oob',
      'out of bounds table access',
      `(table 1 funcref) (global $r (mut funcref) (ref.null func)) (global $i (mut i32) (i32.const 10))
       (func (export "_start") (global.set $r (table.get 0 (global.get $i))))`,
    ],
  ];

  for (const [name, message, body] of traps) {
    test(`trap: ${message}`, () => {
      const file = wat(`trap-${name}`, `(module ${body})`);
      const r = awsm('run', file);
      assert.equal(r.status, TRAP_STATUS, `exit status; stderr: ${r.stderr}`);
      const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(r.stderr, new RegExp(`^awsm: trap: ${escaped} in function \\S+`, 'm'));
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    });
  }
});

describe('signals', () => {
  test('SIGTERM to awsm run reaches the program: it stops, and awsm exits 128 + 15', async (t) => {
    if (!requires(t, ['pgrep'])) return;
    const file = wat('spin-forever', '(module (func (export "_start") (loop $l (br $l))))');
    // Into the cache first, so that awsm's only child is the program, not clang.
    assert.equal(awsm('compile', file, '-o', 'spin-forever').status, 0);
    const child = spawn(process.execPath, [CLI, 'run', file], { cwd: work, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until the program runs (awsm's child process exists), then signal awsm only.
    const deadline = Date.now() + 120_000;
    let program = '';
    while (program === '' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      program = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.trim();
    }
    assert.notEqual(program, '', 'the program started');
    child.kill('SIGTERM');
    assert.equal(await exited, 128 + 15);
    assert.equal(spawnSync('kill', ['-0', program]).status, 1, 'the program is gone');
  });
});
