/**
 * The no-wrap analysis (src/translate/no-wrap.ts) on its own, on small function bodies: which
 * `i32.add`s it lets carry `nuw`, in the ordinary translation and in a versioned loop's fast
 * copy. No IR is built; tests/unit/no-wrap-ir.test.ts checks the `add nuw` the translator then
 * emits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { funcType, funcTypes, type FuncType, type Instr } from '../../src/binary/module.js';
import { planLoop } from '../../src/translate/loop-plan.js';
import { planNoWrap, type NoWrapPlan } from '../../src/translate/no-wrap.js';
import { preScan } from '../../src/translate/prescan.js';
import { requires, watBytes } from '../tools.js';

/** The plan for the only function of a module with one memory, and that function's i32.adds in order. */
function analyse(func: string, versionLoops = true): { plan: NoWrapPlan; adds: Instr[]; loop: Instr | undefined } {
  const m = decodeModule(watBytes(`(module (memory 1) ${func})`));
  const fn = m.funcs[0]!;
  const type = funcType(m, fn.typeidx)!;
  const body = fn.body;
  const localTypes = [...type.params, ...fn.locals];
  const loopWrites = preScan(body).loopWrites;
  const plan = planNoWrap({
    type, localTypes, loopWrites, types: m.types, funcTypes: funcTypes(m).map((ft) => ft as FuncType),
    smallAddresses: [true],
    loopPlan: (at) => (versionLoops ? planLoop({ funcidx: 0, localTypes, loopWrites, smallAddresses: [true], memory64: [false] }, body, at) : undefined),
  }, body);
  return { plan, adds: body.filter((i) => i.op.name === 'i32.add'), loop: body.find((i) => i.op.name === 'loop') };
}

/** Per i32.add in order: may it carry nuw in the ordinary translation? */
function ordinary(func: string): boolean[] {
  const { plan, adds } = analyse(func);
  return adds.map((a) => plan.cannotWrap(a, null));
}

test('no-wrap: an add is covered after an access at its operand, with a constant in [0, 2^16]', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  assert.deepEqual(ordinary(`(func (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 8)))))`), [true, false]);
  // Before the access, a negative constant, one too large, the largest allowed, commuted.
  assert.deepEqual(ordinary(`(func (param i32)
    (drop (i32.add (local.get 0) (i32.const 4)))
    (drop (i32.load (local.get 0)))
    (drop (i32.add (local.get 0) (i32.const -8)))
    (drop (i32.add (local.get 0) (i32.const 65537)))
    (drop (i32.add (local.get 0) (i32.const 65536)))
    (drop (i32.add (i32.const 3) (local.get 0))))`), [false, false, false, true, true]);
});

test('no-wrap: values follow locals until paths merge', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  // Through a tee into another local; a store's address counts like a load's.
  assert.deepEqual(ordinary(`(func (param i32) (local i32)
    (i32.store (local.tee 1 (i32.mul (local.get 0) (local.get 0))) (i32.const 1))
    (drop (i32.add (local.get 1) (i32.const 4))))`), [true]);
  // Learnt in a then arm: holds in it, not in the else arm, not after the if.
  assert.deepEqual(ordinary(`(func (param i32 i32)
    (if (local.get 1)
      (then (drop (i32.load (local.get 0))) (drop (i32.add (local.get 0) (i32.const 1))))
      (else (drop (i32.add (local.get 0) (i32.const 2)))))
    (drop (i32.add (local.get 0) (i32.const 3))))`), [true, false, false]);
  // A block nothing branches to keeps what it learnt; one something branches to does not.
  assert.deepEqual(ordinary(`(func (param i32 i32)
    (block (drop (i32.load (local.get 0))))
    (drop (i32.add (local.get 0) (i32.const 1)))
    (block (br_if 0 (local.get 1)) (drop (i32.load (local.get 1))))
    (drop (i32.add (local.get 1) (i32.const 1))))`), [true, false]);
  // A loop that sets the local forgets its value at the header; one that does not keeps it.
  assert.deepEqual(ordinary(`(func (param i32 i32)
    (drop (i32.load (local.get 0)))
    (loop (drop (i32.add (local.get 0) (i32.const 1))) (br_if 0 (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (loop (drop (i32.add (local.get 0) (i32.const 1))) (local.set 0 (local.get 1)) (br_if 0 (local.get 1))))`), [true, false]);
});

test('no-wrap: unreachable code is skipped, and a declared i32 local starts as the constant 0', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  // p + local 1 (0); the dead add; after the block its branch makes a merge: p is loaded anew.
  assert.deepEqual(ordinary(`(func (param i32) (local i32)
    (drop (i32.load (local.get 0)))
    (drop (i32.add (local.get 0) (local.get 1)))
    (block (br 0) (drop (i32.add (local.get 0) (i32.const 1))))
    (drop (i32.add (local.get 0) (i32.const 2))))`), [true, false, false]);
});

// A copy loop that loop-plan.ts versions: $s is accessed before it, $p inside it.
const VERSIONED = `(func (param $d i32) (param $s i32) (local $i i32) (local $p i32)
  (drop (i32.load (local.get $s)))
  (loop $l
    (local.set $p (i32.add (local.get $d) (local.get $i)))
    (i32.store (local.get $p) (i32.load (i32.add (local.get $s) (i32.const 4))))
    (i32.store (i32.add (local.get $p) (i32.const 8)) (i32.const 0))
    (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 400)))))`;

test('no-wrap: a versioned loop is answered per copy', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const { plan, adds, loop } = analyse(VERSIONED);
  // adds: d + i, s + 4, p + 8, i + 16. s + 4: $s was accessed before the loop, and the fast
  // copy reuses its value; the slow copy starts after the fast one, a merge, and loads it
  // anew. p + 8 follows the store at p: covered in the slow copy; in the fast copy that store
  // is proven by the entry checks and records nothing.
  assert.deepEqual(adds.map((a) => plan.cannotWrap(a, null)), [false, false, true, false]);
  assert.deepEqual(adds.map((a) => plan.cannotWrap(a, loop!)), [false, true, false, false]);
  // Not versioned: only the ordinary translation.
  const plain = analyse(VERSIONED, false);
  assert.deepEqual(plain.adds.map((a) => plain.plan.cannotWrap(a, null)), [false, true, true, false]);
  assert.equal(plain.plan.size, 2);
});
