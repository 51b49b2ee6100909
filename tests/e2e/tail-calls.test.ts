/**
 * Guaranteed tail calls (docs/abi.md, "Tail calls"): two functions of different signatures
 * (one with arguments on the native stack) call each other in tail position 100 million times,
 * by return_call, by return_call_indirect through a table and by return_call_ref through
 * typed references held in globals (Wasm 3.0), at -O0 and -O2, in guard and in
 * explicit mode, and once compiled in partitions. Any stack growth per call would exhaust the
 * runtime's stack limit long before the end (100 million frames of even 16 bytes are 1.6 GB);
 * the same program with ordinary calls traps "call stack exhausted", which shows the limit is
 * there to hit. tests/tail/*.wast (tail calls across instances, to imports and host
 * functions; cross.wast: 100 million mutual tail calls between two instances, through an
 * import and a table; results.wast: the same with four results, through a result buffer)
 * run through the 3.0 spec harness in both bounds modes at -O2, and at
 * -O0.
 *
 * On riscv64, whose LLVM 16 has no `tailcc`, tail calls go through a tail buffer (docs/abi.md,
 * "Tail calls on RISC-V"): the same program with a tenth of the calls (10 million chains still
 * need gigabytes of stack if any call keeps a frame) runs under qemu-riscv64 at -O0 and -O2,
 * and tests/tail/sizes.wast (a chain across instances whose modules need buffers of different
 * sizes) through the harness. The whole of tests/tail per target is scripts/cross.sh's.
 *
 * Needs wasm-tools and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { runCommand, targetOf } from '../../src/driver/targets.js';
import { requires, requiresTarget } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const CALLS = 100_000_000;
/** The cross target run under qemu here, and its calls (qemu is slower). */
const RISCV = targetOf('riscv64-linux-gnu');
const RISCV_CALLS = CALLS / 10;

/**
 * $a (i64, i32) -> i64 and $b (f64, i64, i32 × 6) -> i64 count `CALLS` down between them;
 * $ia and $ib do the same through the table, $ra and $rb through typed references to each
 * other in immutable globals (call_ref: no signature check, a null check). _start traps
 * (unreachable) on a wrong count. `tail` false: the same with ordinary calls.
 */
function program(tail: boolean, calls = CALLS): string {
  const call = tail ? 'return_call' : 'call';
  return `(module
  (type $ta (func (param i64 i32) (result i64)))
  (type $tb (func (param f64 i64 i32 i32 i32 i32 i32 i32) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $ia $ib)
  (global $gra (ref $ta) (ref.func $ra))
  (global $grb (ref $tb) (ref.func $rb))
  (func $a (type $ta)
    (if (i32.eqz (local.get 1)) (then (return (local.get 0))))
    (${call} $b (f64.convert_i32_u (local.get 1)) (i64.add (local.get 0) (i64.const 1))
      (i32.sub (local.get 1) (i32.const 1)) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)))
  (func $b (type $tb)
    (${call} $a (i64.add (local.get 1) (i64.trunc_f64_u (f64.sub (local.get 0) (local.get 0)))) (local.get 2)))
  (func $ia (type $ta)
    (if (i32.eqz (local.get 1)) (then (return (local.get 0))))
    (${call}_indirect (type $tb) (f64.convert_i32_u (local.get 1)) (i64.add (local.get 0) (i64.const 1))
      (i32.sub (local.get 1) (i32.const 1)) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
      (i32.const 1)))
  (func $ib (type $tb)
    (${call}_indirect (type $ta) (i64.add (local.get 1) (i64.trunc_f64_u (f64.sub (local.get 0) (local.get 0))))
      (local.get 2) (i32.const 0)))
  (func $ra (type $ta)
    (if (i32.eqz (local.get 1)) (then (return (local.get 0))))
    (${call}_ref $tb (f64.convert_i32_u (local.get 1)) (i64.add (local.get 0) (i64.const 1))
      (i32.sub (local.get 1) (i32.const 1)) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
      (global.get $grb)))
  (func $rb (type $tb)
    (${call}_ref $ta (i64.add (local.get 1) (i64.trunc_f64_u (f64.sub (local.get 0) (local.get 0))))
      (local.get 2) (global.get $gra)))
  (func (export "_start")
    (if (i64.ne (call $a (i64.const 0) (i32.const ${calls})) (i64.const ${calls})) (then unreachable))
    (if (i64.ne (call $ra (i64.const 0) (i32.const ${calls})) (i64.const ${calls})) (then unreachable))
    (if (i64.ne (call $ia (i64.const 0) (i32.const ${calls})) (i64.const ${calls})) (then unreachable))))
`;
}

let work: string;
let env: NodeJS.ProcessEnv;

/** Compile `wasm` to an executable with `flags` and run it (under qemu for a `--target` among them). */
function compileAndRun(wasm: string, flags: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string } {
  const exe = join(work, `p${Math.random().toString(36).slice(2)}`);
  const c = spawnSync(process.execPath, [CLI, 'compile', '-q', '--no-cache', ...flags, wasm, '-o', exe], {
    env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 300_000,
  });
  assert.equal(c.status, 0, `awsm compile ${flags.join(' ')}: ${c.stderr}`);
  const triple = flags.find((f) => f.startsWith('--target='))?.slice('--target='.length);
  const { cmd, args } = runCommand(targetOf(triple), exe);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stderr: r.stderr };
}

/** The 3.0 harness on tests/tail's `files` with `flags`: every assertion passes, at least `min` of them. */
function tailWast(files: readonly string[], flags: readonly string[], min: number): void {
  const json = join(work, `tail${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [HARNESS, '--suite=3.0', ...files, ...flags, '--json', json], {
    env: { ...env, AWSM_SPEC3_DIR: join(packageRoot, 'tests', 'tail') }, encoding: 'utf8', timeout: 600_000,
  });
  assert.equal(r.status, 0, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
  assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
  assert.ok(totals.passed >= min, `only ${totals.passed} assertions ran`);
}

describe('tail calls', () => {
  let tailWasm: string;
  let plainWasm: string;
  let riscvWasm: string | undefined;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-tail-'));
    env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  /** Assemble `text` (typed references: wabt 1.0.32 lacks them, so wasm-tools) into `name`. */
  const assemble = (text: string, name: string): string => {
    const out = join(work, name);
    const r = spawnSync('wasm-tools', ['parse', '-', '-o', out], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, `wasm-tools parse: ${r.stderr}`);
    return out;
  };
  const wasms = (): boolean => {
    tailWasm ??= assemble(program(true), 'tail.wasm');
    plainWasm ??= assemble(program(false), 'plain.wasm');
    return true;
  };

  for (const opt of ['-O0', '-O2'] as const) {
    for (const bounds of ['guard', 'explicit'] as const) {
      test(`${CALLS} mutual tail calls, direct, indirect and through references, ${opt} --bounds=${bounds}: constant stack`, (t) => {
        if (!requires(t, ['wasm-tools', 'clang-16']) || !wasms()) return;
        const r = compileAndRun(tailWasm, [opt, `--bounds=${bounds}`]);
        assert.equal(r.status, 0, r.stderr);
      });
    }
  }

  test('in partitions (one function each), -O2', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16']) || !wasms()) return;
    const r = compileAndRun(tailWasm, ['-O2'], { AWSM_PARTITION_SIZE: '1' });
    assert.equal(r.status, 0, r.stderr);
  });

  for (const [opt, bounds] of [['-O2', 'guard'], ['-O2', 'explicit'], ['-O0', 'guard']] as const) {
    test(`tests/tail/*.wast (instances, imports, host functions) ${opt} --bounds=${bounds}`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16'])) return;
      tailWast(['*'], [opt, `--bounds=${bounds}`], 19);
    });
  }

  /** qemu-riscv64 and the riscv64 cross packages, or the test is skipped (failed under CI). */
  const riscv = (t: TestContext): boolean => requiresTarget(t, RISCV, ['wasm-tools', 'clang-16']);
  for (const [opt, bounds] of [['-O0', 'guard'], ['-O2', 'explicit']] as const) {
    test(`riscv64 under qemu (tail buffers): ${RISCV_CALLS} chains of tail calls between signatures, direct, indirect and through references, ${opt} --bounds=${bounds}`, (t) => {
      if (!riscv(t)) return;
      riscvWasm ??= assemble(program(true, RISCV_CALLS), 'tail-riscv.wasm');
      const r = compileAndRun(riscvWasm, [opt, `--bounds=${bounds}`, `--target=${RISCV.triple}`]);
      assert.equal(r.status, 0, r.stderr);
    });
  }

  test('riscv64 under qemu: tests/tail/sizes.wast, a chain across instances into a module that needs a larger tail buffer, -O2', (t) => {
    if (!riscv(t)) return;
    tailWast(['sizes'], ['-O2', `--target=${RISCV.triple}`], 4);
  });

  test('the same recursion with ordinary calls exhausts the stack', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16']) || !wasms()) return;
    const r = compileAndRun(plainWasm, ['-O2']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /call stack exhausted/);
  });
});
