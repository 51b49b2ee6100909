/**
 * The IR of src/translate/no-wrap.ts's plan: `i32.add p, c` becomes `add nuw` exactly where an access at `p` has
 * completed on every path (so p <= 2^32 - 2^16 - 1) and 0 <= c <= 65536; never across a merge,
 * before the access, or into a loop that may change the local. In explicit mode only.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

import { decodeModule } from '../../src/binary/decoder.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';


/** Function name → number of `add nuw i32` in its IR. */
function nuwAdds(wat: string, bounds: 'guard' | 'explicit'): Map<string, number> {
  const m = decodeModule(watBytes(wat, ['--debug-names']));
  validateModule(m);
  const ir = translateModule(m, { name: 'facts', bounds });
  const counts = new Map<string, number>();
  for (const chunk of ir.split('; function ').slice(1)) {
    const name = /^\d+ "([^"]+)"/.exec(chunk)?.[1];
    if (name !== undefined) counts.set(name, (chunk.match(/= add nuw i32 /g) ?? []).length);
  }
  return counts;
}

const WAT = `(module
  (memory 1)
  (func $after_access (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 8)))))
  (func $commuted (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (i32.add (i32.const 8) (local.get 0)))))
  (func $through_tee (param i32) (result i32) (local i32)
    (i32.store (local.tee 1 (i32.add (local.get 0) (local.get 0))) (i32.const 1))
    (i32.load (i32.add (local.get 1) (i32.const 4))))
  (func $store_then_pointer_bump (param i32) (result i32)
    (i32.store16 offset=100 (local.get 0) (i32.const 1))
    (i32.add (local.get 0) (i32.const 65536)))
  (func $before_access (param i32) (result i32)
    (i32.add (i32.load (i32.add (local.get 0) (i32.const 8))) (i32.load (local.get 0))))
  (func $negative_constant (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const -8)))))
  (func $constant_too_large (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 65537)))))
  (func $sum_of_two_addresses (param i32 i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load (local.get 1)))
    (i32.load (i32.add (local.get 0) (local.get 1)))
    (i32.add))
  (func $inside_then (param i32 i32) (result i32)
    (if (result i32) (local.get 1)
      (then (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 8)))))
      (else (i32.const 0))))
  (func $after_if (param i32 i32) (result i32)
    (if (local.get 1) (then (drop (i32.load (local.get 0)))))
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  (func $else_arm (param i32 i32) (result i32)
    (if (result i32) (local.get 1)
      (then (i32.load (local.get 0)))
      (else (i32.load (i32.add (local.get 0) (i32.const 8))))))
  (func $after_plain_block (param i32) (result i32)
    (block (drop (i32.load (local.get 0))))
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  (func $after_branched_block (param i32 i32) (result i32)
    (block (br_if 0 (local.get 1)) (drop (i32.load (local.get 0))))
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  (func $after_set_in_block (param i32 i32) (result i32)
    (drop (i32.load (local.get 0)))
    (block (local.set 0 (local.get 1)))
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  ;; p accessed before the loop, but reassigned in it: the add at the top of the body is not
  ;; covered; the bump after the access in the body is.
  (func $loop (param i32 i32) (result i32) (local i32)
    (drop (i32.load (local.get 0)))
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.load (i32.add (local.get 0) (i32.const 8)))))
      (local.set 2 (i32.add (local.get 2) (i32.load (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  ;; an SSA value (the parameter, never reassigned) accessed before a loop stays covered in it
  (func $invariant_in_loop (param i32 i32) (result i32) (local i32)
    (drop (i32.load (local.get 0)))
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.load (i32.add (local.get 0) (i32.const 8)))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
)`;

const EXPECTED: Record<string, number> = {
  after_access: 1, commuted: 1, through_tee: 1, store_then_pointer_bump: 1,
  before_access: 0, negative_constant: 0, constant_too_large: 0, sum_of_two_addresses: 0,
  inside_then: 1, after_if: 0, else_arm: 0, after_plain_block: 1, after_branched_block: 0,
  after_set_in_block: 0, loop: 1, invariant_in_loop: 1,
};

for (const bounds of ['guard', 'explicit'] as const) {
  // Guard mode: none at all. Its accesses "complete" by faulting, which LLVM does not model,
  // and LLVM drew false conclusions about loops from such a `nuw` (no-wrap.ts, and
  // tests/diff/regressions/guard-nuw-loop-escape.wat).
  const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, n]) => [k, bounds === 'explicit' ? n : 0]));
  test(`no-wrap address adds exactly where an access dominates (${bounds})`, (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const got = nuwAdds(WAT, bounds);
    assert.deepEqual(Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, got.get(k)])), expected);
  });
}
