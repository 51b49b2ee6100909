/**
 * End-to-end tests of partitioned compilation (src/driver/partitions.ts): a module of several
 * functions compiled whole and with AWSM_PARTITION_SIZE=1 (one function per partition) gives
 * executables with the same output, calls through a table into other partitions included,
 * and the same trap message and status for a trap in a function of another partition; `-o`
 * objects and shared libraries link. Then the incremental path: after a change of one
 * constant in one function, a recompile compiles exactly one partition (the `-v` summary
 * counts them) and the program prints the new value.
 *
 * One private cache (AWSM_CACHE_DIR) for the file. Needs wat2wasm and LLVM 16.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const TIMEOUT_MS = 300_000;

let work: string;
let env: NodeJS.ProcessEnv;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(cmd, args, { cwd: work, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `awsm compile -v` with the partition size `size` (undefined: the default), which must succeed. */
function compile(wasm: string, out: string, size: number | undefined, ...flags: string[]): Result {
  const r = run(process.execPath, [CLI, 'compile', '-v', '-j', '2', ...flags, '-o', out, wasm], size === undefined ? {} : { AWSM_PARTITION_SIZE: String(size) });
  assert.equal(r.status, 0, `awsm compile failed:\n${r.stderr}`);
  return r;
}

/** The `N partitions, M compiled` of a -v summary, or undefined when the module was compiled whole. */
function partitions(r: Result): { total: number; compiled: number } | undefined {
  const m = /; (\d+) partitions, (\d+) compiled, translated in [\d.]+ s during LLVM$/m.exec(r.stderr);
  return m === null ? undefined : { total: Number(m[1]), compiled: Number(m[2]) };
}

/**
 * The test program: prints one number per line, computed by functions that call each other
 * directly and through a table; `scale` multiplies by `factor`; with `trap`, _start ends by
 * dividing by zero in $div.
 */
function program(name: string, factor: number, trap: boolean): string {
  const text = `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
    (type $t (func (param i32) (result i32)))
    (memory (export "memory") 1)
    (table 4 funcref)
    (elem (i32.const 0) $double $inc $scale)
    (func $print (param $v i32) (local $p i32)
      (local.set $p (i32.const 200))
      (i32.store8 (local.get $p) (i32.const 10))
      (loop $l
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
        (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
        (br_if $l (local.get $v)))
      (i32.store (i32.const 0) (local.get $p))
      (i32.store (i32.const 4) (i32.sub (i32.const 201) (local.get $p)))
      (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
    (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
    (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
    (func $scale (type $t) (i32.mul (local.get 0) (i32.const ${factor})))
    (func $apply (param $f i32) (param $x i32) (result i32)
      (call_indirect (type $t) (local.get $x) (local.get $f)))
    (func $sum (param $n i32) (result i32) (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s) (call $apply (i32.rem_u (local.get $n) (i32.const 3)) (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $l (local.get $n)))
      (local.get $s))
    (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "_start")
      (call $print (call $apply (i32.const 0) (i32.const 21)))
      (call $print (call $apply (i32.const 1) (i32.const 41)))
      (call $print (call $apply (i32.const 2) (i32.const 3)))
      (call $print (call $sum (i32.const 10)))
      (call $print (call $div (i32.const 84) (i32.const 2)))
      ${trap ? '(call $print (call $div (i32.const 1) (i32.const 0)))' : ''}))`;
  return wat2wasm({ text }, join(work, `${name}.wasm`));
}

/** What the program prints (before a trap) with `scale` multiplying by `factor`. */
function expected(factor: number): string {
  // sum(10) = Σ apply(n % 3, n) over n = 10…1: double, inc, scale by n % 3.
  return ['42', '42', String(3 * factor), String(62 + 15 * factor), '42', ''].join('\n');
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-partition-'));
  env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  delete env['AWSM_PARTITION_SIZE'];
});
after(() => rmSync(work, { recursive: true, force: true }));

test('one function per partition: same output, calls through the table across partitions, same trap', (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  for (const trap of [false, true]) {
    const wasm = program(trap ? 'trap' : 'ok', 7, trap);
    const whole = compile(wasm, join(work, 'whole'), undefined);
    assert.equal(partitions(whole), undefined, 'a small module is compiled whole by default');
    const split = compile(wasm, join(work, 'split'), 1);
    assert.deepEqual(partitions(split), { total: 9, compiled: 9 }, `8 functions and the module partition:\n${split.stderr}`);
    const a = run(join(work, 'whole'), []);
    const b = run(join(work, 'split'), []);
    assert.equal(a.stdout, expected(7));
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.status, a.status);
    assert.equal(b.stderr, a.stderr);
    if (trap) {
      assert.notEqual(a.status, 0);
      assert.match(a.stderr, /divide by zero/);
    } else assert.equal(a.status, 0, a.stderr);
  }
});

test('objects and shared libraries of a partitioned module link; only runtime symbols stay undefined', (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  const wasm = program('lib', 7, false);
  compile(wasm, join(work, 'lib.o'), 1, '--emit=obj');
  const undef = run('nm', ['-u', join(work, 'lib.o')]);
  assert.equal(undef.status, 0, undef.stderr);
  const names = undef.stdout.split('\n').map((l) => l.trim().split(/\s+/).pop()!).filter((n) => n !== '');
  assert.ok(names.length > 0 && names.every((n) => n.startsWith('awsm_')), `undefined symbols: ${names.join(', ')}`);
  const defined = run('nm', ['--defined-only', join(work, 'lib.o')]).stdout;
  assert.match(defined, / [DR] lib_module$/m, 'the descriptor is defined and global');
  compile(wasm, join(work, 'lib.so'), 1, '--emit=shared');
});

test('after a change of one constant, a recompile compiles one partition and prints the new value', (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  const exe = join(work, 'inc');
  const first = compile(program('inc', 7, false), exe, 1);
  assert.deepEqual(partitions(first), { total: 9, compiled: 9 });
  assert.equal(run(exe, []).stdout, expected(7));
  const again = compile(program('inc', 7, false), exe, 1, '--no-cache');
  assert.deepEqual(partitions(again), { total: 9, compiled: 9 }, '--no-cache compiles every partition');
  const changed = compile(program('inc', 9, false), exe, 1);
  assert.deepEqual(partitions(changed), { total: 9, compiled: 1 }, `only $scale's partition:\n${changed.stderr}`);
  assert.equal(run(exe, []).stdout, expected(9));
});

test('a bad -j or AWSM_PARTITION_SIZE is a usage error: one line, exit 2', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const wasm = program('usage', 7, false);
  const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [['-j', '0'], {}, /^awsm: error: -j expects a positive number of processes, got '0'\n$/],
    [['-j', 'x'], {}, /^awsm: error: -j expects a positive number of processes, got 'x'\n$/],
    [[], { AWSM_PARTITION_SIZE: '-3' }, /^awsm: error: AWSM_PARTITION_SIZE must be a positive number of instructions, not '-3'\n$/],
  ];
  for (const [flags, extra, message] of cases) {
    const r = run(process.execPath, [CLI, 'compile', ...flags, '-o', join(work, 'usage'), wasm], extra);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
  }
});
