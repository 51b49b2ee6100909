/**
 * src/driver/pipeline.ts: which LLVM pipeline each level and module size gets, and that the
 * lean pass list, run by opt-16 and then clang as native.ts runs them, builds a program that
 * computes what clang's -O2 build computes.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { decodeModule } from '../../src/binary/decoder.js';
import { emitFromIR } from '../../src/driver/native.js';
import { LEAN_MIN_SIZE, LEAN_MIN_SIZE_ENV, LEAN_PASSES, irHasVersionedLoops, leanCandidate, pipelineFor } from '../../src/driver/pipeline.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

const BIG = LEAN_MIN_SIZE;
const SMALL = LEAN_MIN_SIZE - 1;

test('small modules and -O3 keep clang\'s own pipeline, -O0 without IR passes; its -O1..-O3 align loops to 64 bytes', () => {
  assert.deepEqual(pipelineFor({ optLevel: 0, moduleSize: SMALL, hasVersionedLoops: false }), { clang: ['-O0', '-Xclang', '-disable-llvm-passes'] });
  for (const optLevel of [1, 2, 3] as const) {
    assert.deepEqual(pipelineFor({ optLevel, moduleSize: SMALL, hasVersionedLoops: false }), { clang: [`-O${optLevel}`, '-falign-loops=64'] });
  }
  assert.deepEqual(pipelineFor({ optLevel: 0, moduleSize: BIG, hasVersionedLoops: false }), { clang: ['-O0', '-Xclang', '-disable-llvm-passes'] });
  assert.deepEqual(pipelineFor({ optLevel: 3, moduleSize: BIG, hasVersionedLoops: false }), { clang: ['-O3', '-falign-loops=64'] });
});

test('large modules at -O1/-O2 get the lean list unless they have versioned loops', () => {
  for (const optLevel of [1, 2] as const) {
    const p = pipelineFor({ optLevel, moduleSize: BIG, hasVersionedLoops: false });
    assert.ok(p.opt?.includes(`-passes=${LEAN_PASSES}`), JSON.stringify(p));
    assert.deepEqual(p.clang, ['-O2', '-Xclang', '-disable-llvm-optzns']);
    assert.deepEqual(pipelineFor({ optLevel, moduleSize: BIG, hasVersionedLoops: true }), { clang: [`-O${optLevel}`, '-falign-loops=64'] });
  }
});

test(`${LEAN_MIN_SIZE_ENV} moves the threshold, and a bad value is a usage error`, () => {
  const saved = process.env[LEAN_MIN_SIZE_ENV];
  try {
    process.env[LEAN_MIN_SIZE_ENV] = '0';
    assert.equal(leanCandidate(2, 0), true);
    process.env[LEAN_MIN_SIZE_ENV] = '10';
    assert.equal(leanCandidate(2, 9), false);
    assert.equal(leanCandidate(2, 10), true);
    process.env[LEAN_MIN_SIZE_ENV] = '1M';
    assert.throws(() => leanCandidate(2, 10), /invalid AWSM_LEAN_MIN_SIZE '1M'/);
  } finally {
    if (saved === undefined) delete process.env[LEAN_MIN_SIZE_ENV];
    else process.env[LEAN_MIN_SIZE_ENV] = saved;
  }
});

/** A loop that loop versioning takes (as tests/unit/versioning.test.ts's axpy), and a caller. */
const WAT = `(module
  (memory 1)
  (func $axpy (param $a i32) (param $b i32) (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $a) (local.get $i))
        (i32.add (i32.load (i32.add (local.get $a) (local.get $i))) (i32.load (i32.add (local.get $b) (local.get $i)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))
  (func (export "run") (result i32) (local $i i32) (local $s i32)
    (loop $fill
      (i32.store (local.get $i) (local.get $i))
      (i32.store (i32.add (local.get $i) (i32.const 400)) (i32.mul (local.get $i) (i32.const 3)))
      (br_if $fill (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))))
    (call $axpy (i32.const 0) (i32.const 400))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31)) (i32.load (local.get $i))))
      (br_if $sum (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))))
    (local.get $s)))`;

function ir(versionLoops: boolean): string {
  const m = decodeModule(watBytes(WAT));
  validateModule(m);
  return translateModule(m, { name: 'p', versionLoops });
}

test('irHasVersionedLoops sees the translator\'s versioned loops, and only those', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  assert.equal(irHasVersionedLoops(ir(true)), true);
  assert.equal(irHasVersionedLoops(ir(false)), false);
});

test('the lean pipeline (opt-16, then clang) builds an object; same symbols as clang -O2', async (t) => {
  if (!requires(t, ['clang-16', 'opt-16', 'wat2wasm'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-pipeline-'));
  const saved = process.env[LEAN_MIN_SIZE_ENV];
  try {
    const text = ir(false);
    await emitFromIR(text, 'obj', join(dir, 'full.o'), { optLevel: 2 });
    process.env[LEAN_MIN_SIZE_ENV] = '0';
    await emitFromIR(text, 'obj', join(dir, 'lean.o'), { optLevel: 2 });
    const globals = (o: string): string =>
      execFileSync('nm', ['-g', '--defined-only', join(dir, o)], { encoding: 'utf8' }).replace(/^\S+ /gm, '');
    assert.equal(globals('lean.o'), globals('full.o'));
  } finally {
    if (saved === undefined) delete process.env[LEAN_MIN_SIZE_ENV];
    else process.env[LEAN_MIN_SIZE_ENV] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
