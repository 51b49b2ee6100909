/**
 * src/translate/versioning.ts: which loops get a fast copy, and what the fast copy looks like.
 * Whether both copies compute what V8 computes is tests/diff/regressions/loop-versioning.wat's
 * job (tests/e2e/diff.test.ts) and the loop fuzzer's (tests/diff/loops.ts).
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

import { decodeModule } from '../../src/binary/decoder.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';


/** Function name → its IR. */
function functionsIR(wat: string, opts: { bounds?: 'guard' | 'explicit'; versionLoops?: boolean } = {}): Map<string, string> {
  const m = decodeModule(watBytes(wat, ['--debug-names']));
  validateModule(m);
  const ir = translateModule(m, { name: 'v', ...opts });
  const out = new Map<string, string>();
  for (const chunk of ir.split('; function ').slice(1)) {
    const name = /^\d+ "([^"]+)"/.exec(chunk)?.[1];
    if (name !== undefined) out.set(name, chunk);
  }
  return out;
}

/** Versioned loops in a function's IR: one `fast` block each. */
/**
 * The first versioned loop's fast and slow copies in a function's text: the version check
 * branches `label %fastN, label %S`, the fast copy's blocks follow, and the slow copy starts
 * at block S (the first block of the slow loop, empty blocks between being threaded).
 */
function copies(ir: string): { fast: string; slow: string } {
  const slowLabel = /label %fast\d+, label %([\w.]+)/.exec(ir)?.[1];
  assert.ok(slowLabel !== undefined, 'no version check');
  const at = ir.indexOf(`\n${slowLabel}:`);
  return { fast: ir.slice(ir.indexOf('\nfast'), at), slow: ir.slice(at) };
}

const versioned = (ir: string): number => (ir.match(/^fast\d+:/gm) ?? []).length;

/** A loop body storing a[i] = a[i] + b[i] over i32 elements, with `extra` spliced in. */
const axpy = (name: string, extra = '', exit = '(i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))') => `
  (func $${name} (param $a i32) (param $b i32) (local $i i32) (local $t i32)
    (loop $l
      (i32.store (i32.add (local.get $a) (local.get $i))
        (i32.add (i32.load (i32.add (local.get $a) (local.get $i))) (i32.load (i32.add (local.get $b) (local.get $i)))))
      ${extra}
      (br_if $l ${exit})))`;

const WAT = `(module
  (memory 1)
  (func $callee)
  (global $g (mut i32) (i32.const 0))
  ${axpy('plain')}
  ${axpy('lt_u', '', '(i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))')}
  ${axpy('bound_on_left', '', '(i32.gt_s (i32.const 400) (local.tee $i (i32.add (local.get $i) (i32.const 4))))')}
  ${axpy('global_set', '(global.set $g (local.get $i))')}
  ${axpy('float_math', '(local.set $t (i32.trunc_sat_f32_s (f32.sqrt (f32.convert_i32_s (local.get $i)))))')}
  ${axpy('call_inside', '(call $callee)')}
  ${axpy('division_inside', '(local.set $t (i32.div_u (local.get $i) (local.get $a)))')}
  ${axpy('step_not_power_of_two', '', '(i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 12))) (i32.const 1200))')}
  ${axpy('both_sides_vary', '', '(i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $i))')}
  ${axpy('grow_inside', '(local.set $t (memory.grow (i32.const 0)))')}
  ${axpy('br_to_outside', '(br_if 1 (local.get $t))')}
  (func $varying_address (param $p i32) (local $i i32)
    (loop $l
      (i32.store (local.get $p) (local.get $i))
      (local.set $p (i32.load (local.get $p)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 9)))))
  (func $loads_only (param $p i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $p) (local.get $i)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))))
    (local.get $s))
  (func $with_result (param $p i32) (result i32) (local $i i32)
    (loop $l (result i32)
      (i32.store (i32.add (local.get $p) (local.get $i)) (local.get $i))
      (local.get $i)
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))
  (func $conditional_store (param $p i32) (local $i i32)
    (loop $l
      (if (i32.load (i32.add (local.get $p) (local.get $i)))
        (then (i32.store (i32.add (local.get $p) (local.get $i)) (i32.const 0))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))
  (func $if_else (param $p i32) (local $i i32)
    (loop $l
      (if (i32.load (i32.add (local.get $p) (local.get $i)))
        (then (i32.store (i32.add (local.get $p) (local.get $i)) (i32.const 0)))
        (else (i32.store (i32.add (local.get $p) (local.get $i)) (i32.const 1))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))
  (func $nested (param $p i32) (local $i i32) (local $j i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (i32.store (i32.add (local.get $p) (local.get $j)) (local.get $i))
        (br_if $inner (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 64))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $outer (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16)))))
)`;

const EXPECTED: Record<string, number> = {
  plain: 1, lt_u: 1, bound_on_left: 1, global_set: 1, float_math: 1,
  call_inside: 0, division_inside: 0, step_not_power_of_two: 0, both_sides_vary: 0, grow_inside: 0,
  br_to_outside: 0, varying_address: 0, loads_only: 0, with_result: 0,
  // nested: the nest's fast copy, and in its slow copy the inner loop's own.
  conditional_store: 1, if_else: 0, nested: 2,
};

for (const bounds of ['guard', 'explicit'] as const) {
  test(`the loops that get a fast copy (${bounds})`, (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const fns = functionsIR(WAT, { bounds });
    const got = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, versioned(fns.get(k) ?? '')]));
    assert.deepEqual(got, EXPECTED);
  });
}

test('the fast copy: scopes declared per entry, affine in-bounds addresses, no checks, a counted latch', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const ir = functionsIR(WAT, { bounds: 'explicit' }).get('plain')!;
  const { fast, slow } = copies(ir);
  // One scope per group (a and b), declared at the fast loop's entry.
  assert.equal((fast.match(/call void @llvm\.experimental\.noalias\.scope\.decl/g) ?? []).length, 2);
  assert.match(fast, /getelementptr inbounds i8, ptr %\w+, i64 %\w+/);
  assert.equal((fast.match(/!alias\.scope/g) ?? []).length, 3);
  assert.equal((fast.match(/!noalias/g) ?? []).length, 3);
  // No per-access bounds check in the fast copy; the slow copy keeps all three.
  assert.doesNotMatch(fast, /trap\.2\./);
  assert.equal((slow.match(/label %trap\.2\./g) ?? []).length, 3);
  assert.match(fast, /icmp ult i64 %\w+, %\w+\n\s+br i1 %\w+, label %loop\d+, label %[\w.]+, !llvm\.loop/);
});

test('a 64-bit memory: checks in i128, then a fast copy without the per-access checks', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module (memory i64 1)
    (func $copy64 (param $a i64) (param $b i64) (local $i i64)
      (loop $l
        (i32.store (i64.add (local.get $a) (local.get $i)) (i32.load (i64.add (local.get $b) (local.get $i))))
        (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 4))) (i64.const 400))))))`, ['--debug-names', '--enable-memory64']));
  validateModule(m);
  // Guard mode: a 64-bit memory is checked explicitly there too, so the slow copy has the checks.
  const ir = translateModule(m, { name: 'v' });
  const { fast, slow } = copies(ir);
  // The entry checks: the trip count and the ranges in 128 bits, the counter capped at 2^62.
  const entry = ir.slice(0, ir.indexOf('\nfast'));
  assert.match(entry, /zext i64 %\w+ to i128/);
  assert.match(entry, /icmp sle i128 %\w+, %\w+/, 'a range ends at or below the size');
  assert.match(entry, /icmp sge i128 %\w+, 0/, 'a range starts at or above 0');
  assert.match(entry, /icmp ule i128 %\w+, 4611686018427387904/, 'the trip count fits the i64 counter');
  assert.match(entry, /trunc i128 %\w+ to i64/);
  assert.doesNotMatch(fast, /trap\.2\.|uadd\.with\.overflow/);
  assert.match(fast, /getelementptr inbounds i8, ptr %\w+, i64 %\w+/);
  assert.equal((slow.match(/@llvm\.uadd\.with\.overflow\.i64/g) ?? []).length, 2, 'the slow copy checks both accesses');
});

test('flattened if: the conditional store stores the old value back', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const ir = functionsIR(WAT).get('conditional_store')!;
  const { fast } = copies(ir);
  assert.doesNotMatch(fast, /^then\d+:/m);
  assert.match(fast, /select i1 %\w+, i32 0, i32 %\w+/);
});

test('an unrolled body leaves vectorising to SLP', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const wat = `(module (memory 1)
    (func $unrolled (param $p i32) (local $i i32)
      (loop $l
        (f64.store (i32.add (local.get $p) (local.get $i)) (f64.const 1))
        (f64.store offset=8 (i32.add (local.get $p) (local.get $i)) (f64.const 2))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 1600))))))`;
  const ir = translateModule(validated(wat), { name: 'v' });
  assert.match(ir, /!"llvm\.loop\.vectorize\.enable", i1 false/);
  const single = translateModule(validated(WAT), { name: 'v' });
  assert.doesNotMatch(single, /llvm\.loop\.vectorize\.enable/);
});

/** A k-j nest: C[j] += B[k][j+1] over rows of 512 bytes, the inner loop running to `innerEnd`. */
const nest = (name: string, innerEnd: string, extraOuter = ''): string => `
  (func $${name} (param $c i32) (param $b i32) (local $k i32) (local $j i32) (local $brow i32)
    (loop $lk
      (local.set $brow (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 9))))
      (local.set $j (i32.const 0))
      ${extraOuter}
      (loop $lj
        (f64.store (i32.add (local.get $c) (local.get $j))
          (f64.add (f64.load (i32.add (local.get $c) (local.get $j))) (f64.load offset=8 (i32.add (local.get $brow) (local.get $j)))))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 8))) ${innerEnd})))
      (br_if $lk (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 64)))))`;

const NESTS = `(module (memory 1)
  ${nest('short', '(i32.const 256)')}
  ${nest('long', '(i32.const 4096)')}
  ${nest('moving_bound', '(i32.shl (local.get $k) (i32.const 3))')}
  ${nest('two_inner', '(i32.const 256)', '(loop $x (br_if $x (i32.const 0)))')}
)`;

test('a nest: one set of checks for both loops, a short inner loop unrolled fully', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const fns = functionsIR(NESTS);
  const short = fns.get('short')!;
  const nestFast = copies(short).fast;
  // The first fast block is the nest's: both loops' latches, no checks between them, and
  // LLVM asked to unroll the 32-iteration inner loop fully.
  assert.equal((nestFast.match(/!llvm\.loop/g) ?? []).length, 2);
  assert.doesNotMatch(nestFast, /label %fast\d+, label %/);
  // (Only `short` gets the hint; loop metadata is module-level.)
  const module = translateModule(validated(NESTS), { name: 'v' });
  assert.equal((module.match(/!"llvm\.loop\.unroll\.full"/g) ?? []).length, 1);
  // The group's varying part, then the access's constant (B's offset=8) in a GEP of its own.
  assert.match(nestFast, /(%\w+) = getelementptr inbounds i8, ptr %\w+, i64 %\w+\n\s+%\w+ = getelementptr inbounds i8, ptr \1, i64 8\n/);
  // 512 inner iterations: a nest, but not unrolled.
  assert.equal(versioned(fns.get('long')!), 2);
  // An inner trip count that changes with k, or a second inner loop: no nest, but the inner
  // loop is still versioned on its own.
  assert.equal(versioned(fns.get('moving_bound')!), 1);
  assert.equal(versioned(fns.get('two_inner')!), 1);
});

test('no versioning when switched off (-O0)', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  for (const ir of functionsIR(WAT, { versionLoops: false }).values()) assert.equal(versioned(ir), 0);
});

function validated(wat: string) {
  const m = decodeModule(watBytes(wat, ['--debug-names']));
  validateModule(m);
  return m;
}
