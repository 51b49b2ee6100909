/**
 * The loop-versioning analysis (src/translate/loop-plan.ts) on its own, on small function
 * bodies: the plan it makes (levels, exit conditions, groups, accesses) or the reason it gives
 * for leaving a loop alone. No IR is built. What the fast copy looks like is
 * tests/unit/versioning.test.ts's; whether it computes what V8 does, tests/e2e/diff.test.ts's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { funcType, type Instr } from '../../src/binary/module.js';
import { planOrReason, type LoopPlan } from '../../src/translate/loop-plan.js';
import { preScan } from '../../src/translate/prescan.js';
import { requires, watBytes } from '../tools.js';

/**
 * The plan (or reason) for the first loop of `func`, a function in a module with one memory
 * (`memories`: which; a `(memory i64 …)` is 64-bit).
 */
function plan(func: string, smallAddresses = [true], memories = '(memory 1)'): LoopPlan | string {
  const m = decodeModule(watBytes(`(module ${memories} ${func})`, ['--enable-multi-memory', '--enable-memory64']));
  const fn = m.funcs[0]!;
  const body: Instr[] = fn.body;
  const ft = funcType(m, fn.typeidx)!;
  const memory64 = [...memories.matchAll(/\(memory( i64)?/g)].map((x) => x[1] !== undefined);
  const env = { funcidx: 0, localTypes: [...ft.params, ...fn.locals], loopWrites: preScan(body).loopWrites, smallAddresses, memory64 };
  return planOrReason(env, body, body.findIndex((i) => i.op.name === 'loop'));
}

/** A plan, or a failure naming the reason. */
function mustPlan(func: string): LoopPlan {
  const p = plan(func);
  if (typeof p === 'string') assert.fail(`not versioned: ${p}`);
  return p;
}

const COPY = `(func (param $d i32) (param $s i32) (local $i i32)
  (loop $l
    (i32.store (i32.add (local.get $d) (local.get $i)) (i32.load offset=8 (i32.add (local.get $s) (local.get $i))))
    (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))`;

/** COPY for a 64-bit memory: i64 addresses and an i64 induction variable. */
const COPY64 = `(func (param $d i64) (param $s i64) (local $i i64)
  (loop $l
    (i64.store (i64.add (local.get $d) (local.get $i)) (i64.load offset=8 (i64.add (local.get $s) (local.get $i))))
    (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 8))) (i64.const 800)))))`;

test('loop plan: a copy loop has one level, an lt_u exit stepping by 4, and two groups', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const p = mustPlan(COPY);
  assert.equal(p.levels.length, 1);
  const exit = p.levels[0]!.exit;
  assert.equal(exit.op, 'lt_u');
  assert.equal(exit.step, 4);
  assert.equal(p.accesses.size, 2);
  assert.equal(p.groups.length, 2);
  const stores = p.groups.filter((g) => g.store);
  assert.equal(stores.length, 1, 'one group is stored to');
  // The load's group: base $s (local 1), k 0, ending at offset 8 + 4 bytes; stepping 4 bytes.
  const load = p.groups.find((g) => !g.store)!;
  assert.deepEqual([...load.terms], [[1, 1], [2, 1]]);
  assert.deepEqual(load.steps, [4]);
  assert.equal(load.kMin, 0);
  assert.equal(load.endMax, 12);
});

test('loop plan: only memory 0, of 64-bit addresses or of 32-bit ones and 64 KiB pages, is versioned', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  // Memory 0 of 1-byte pages (MemoryInfo.smallAddresses false, 32-bit).
  const only0 = /versioning handles memory 0 only, of 64-bit addresses, or of 32-bit ones and 64 KiB pages/;
  assert.match(String(plan(COPY, [false])), only0);
  // A 64-bit memory 0 is (its checks are computed in 128 bits), but not a 64-bit memory 1.
  assert.equal((plan(COPY64, [false], '(memory i64 1)') as LoopPlan).addrWidth, 64);
  assert.match(String(plan(COPY64.replace('(i64.store ', '(i64.store 1 '), [false, false], '(memory i64 1) (memory i64 1)')), only0);
  // The same loop storing to memory 1: not versioned (the checks cover memory 0 alone).
  assert.match(String(plan(COPY.replace('(i32.store ', '(i32.store 1 '), [true, true], '(memory 1) (memory 1)')), only0);
  assert.equal(typeof plan(COPY, [true, true], '(memory 1) (memory 1)'), 'object');
});

test('loop plan: the reasons a loop is left alone', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const reason = (f: string): string => {
    const p = plan(f);
    assert.equal(typeof p, 'string', 'expected no plan');
    return p as string;
  };
  // A call inside the body.
  assert.match(reason(`(func $g (local $i i32)
    (loop $l (call $g) (i32.store (local.get $i) (i32.const 0))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))`), /call/);
  // An address that is not affine in the loop's locals (loaded from memory).
  assert.match(reason(`(func (local $i i32)
    (loop $l (i32.store (i32.load (local.get $i)) (i32.const 0))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400)))))`), /not affine/);
  // No store: nothing for the vectorisers to gain.
  assert.equal(typeof plan(`(func (result i32) (local $i i32) (local $s i32)
    (loop $l (local.set $s (i32.add (local.get $s) (i32.load (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 400))))
    (local.get $s))`), 'string');
});

test('loop plan: a nest whose inner trip count is fixed is planned as two levels', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const p = mustPlan(`(func (param $a i32) (local $r i32) (local $j i32)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (i32.store (i32.add (local.get $a) (i32.add (local.get $r) (local.get $j))) (i32.const 1))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 64))))
      (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 64))) (i32.const 4096)))))`);
  assert.equal(p.levels.length, 2);
  assert.deepEqual(p.levels.map((l) => l.exit.step), [64, 4]);
  assert.equal(p.groups.length, 1);
  assert.deepEqual(p.groups[0]!.steps, [64, 4], 'the group steps 64 bytes per row and 4 per column');
});

test('loop plan: a 64-bit memory\'s copy loop is planned in i64 terms', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const p = plan(COPY64, [false], '(memory i64 1)');
  if (typeof p === 'string') return assert.fail(`not versioned: ${p}`);
  assert.equal(p.addrWidth, 64);
  const exit = p.levels[0]!.exit;
  assert.deepEqual([exit.op, exit.step, exit.x.w, exit.y.w, exit.y.k], ['lt_u', 8, 64, 64, 800]);
  assert.equal(p.groups.length, 2);
  const load = p.groups.find((g) => !g.store)!;
  assert.deepEqual([...load.terms], [[1, 1], [2, 1]]);
  assert.deepEqual([load.steps, load.kMin, load.endMax], [[8], 0, 16]);
  // An i32 counter may drive 64-bit addresses (an i64 pointer stepping beside it).
  const mixed = plan(`(func (param $p i64) (local $n i32)
    (loop $l
      (i64.store (local.get $p) (i64.const 0))
      (local.set $p (i64.add (local.get $p) (i64.const 8)))
      (br_if $l (i32.ne (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 100)))))`, [false], '(memory i64 1)');
  if (typeof mixed === 'string') return assert.fail(`not versioned: ${mixed}`);
  assert.deepEqual([mixed.addrWidth, mixed.levels[0]!.exit.x.w, mixed.groups[0]!.steps[0]], [64, 32, 8]);
  // A nest's short constant inner i64 loop is unrolled fully (its trip count computed in 64 bits).
  const nest = plan(`(func (param $a i64) (local $r i64) (local $j i64)
    (loop $rows
      (local.set $j (i64.const 0))
      (loop $cols
        (i64.store (i64.add (local.get $a) (i64.add (local.get $r) (local.get $j))) (i64.const 1))
        (br_if $cols (i64.ne (local.tee $j (i64.add (local.get $j) (i64.const 8))) (i64.const 64))))
      (br_if $rows (i64.lt_u (local.tee $r (i64.add (local.get $r) (i64.const 64))) (i64.const 4096)))))`, [false], '(memory i64 1)');
  if (typeof nest === 'string') return assert.fail(`not versioned: ${nest}`);
  assert.deepEqual(nest.levels.map((l) => [l.exit.step, l.unrollFully]), [[64, false], [8, true]]);
});

test('loop plan: i64 values beyond 2^32 in magnitude are not affine', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const reason = (addr: string): string => {
    const p = plan(`(func (param $d i64) (local $i i64)
      (loop $l
        (i64.store ${addr} (i64.const 0))
        (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 8))) (i64.const 800)))))`, [false], '(memory i64 1)');
    return typeof p === 'string' ? p : 'planned';
  };
  assert.equal(reason('(i64.add (local.get $d) (i64.add (local.get $i) (i64.const 0x100000000)))'), 'planned', '2^32 itself is exact');
  assert.match(reason('(i64.add (local.get $d) (i64.add (local.get $i) (i64.const 0x100000001)))'), /not affine/);
  assert.match(reason('(i64.add (local.get $d) (i64.mul (local.get $i) (i64.const 0x100000001)))'), /not affine/);
  assert.match(reason('(i64.add (local.get $d) (i64.shl (local.get $i) (i64.const 33)))'), /not affine/);
  // Scaling a sum: every coefficient of it grows past the limit.
  assert.match(reason('(i64.shl (i64.add (local.get $d) (local.get $i)) (i64.const 40))'), /not affine/);
});
