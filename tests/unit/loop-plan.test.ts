/**
 * The loop-versioning analysis (src/translate/loop-plan.ts) on its own, on small function
 * bodies: the plan it makes (levels, exit conditions, groups, accesses) or the reason it gives
 * for leaving a loop alone. No IR is built. What the fast copy looks like is
 * tests/unit/versioning.test.ts's; whether it computes what V8 does, tests/e2e/diff.test.ts's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import type { Instr } from '../../src/binary/module.js';
import { planOrReason, type LoopPlan } from '../../src/translate/loop-plan.js';
import { preScan } from '../../src/translate/prescan.js';
import { requires, watBytes } from '../tools.js';

/** The plan (or reason) for the first loop of `func`, a function in a module with one memory. */
function plan(func: string, smallAddresses = [true], memories = '(memory 1)'): LoopPlan | string {
  const m = decodeModule(watBytes(`(module ${memories} ${func})`, ['--enable-multi-memory']));
  const fn = m.funcs[0]!;
  const body: Instr[] = fn.body;
  const ft = m.types[fn.typeidx]!;
  const env = { funcidx: 0, localTypes: [...ft.params, ...fn.locals], loopWrites: preScan(body).loopWrites, smallAddresses };
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

test('loop plan: only memory 0, of 32-bit addresses and 64 KiB pages, is versioned', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  // Memory 0 of 1-byte pages or 64-bit addresses (MemoryInfo.smallAddresses false).
  const only0 = /versioning handles memory 0 of 32-bit addresses and 64 KiB pages only/;
  assert.match(String(plan(COPY, [false])), only0);
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
