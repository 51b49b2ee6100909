/**
 * The translation state (src/translate/state.ts) on its own: the value-stack verbs, frame
 * heights, branch targets and label types, and the internal errors on underflow and bad
 * labels. No IR is built: the values are placeholders.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../src/llvm/builder.js';
import { TranslationState } from '../../src/translate/state.js';

const v = (ref: string): Value => ({ ty: 'i32', ref });

test('value stack: push, pop, popn and peekn bottom first, resetTo', () => {
  const s = new TranslationState(2, 'function 7');
  s.push(v('%a'));
  s.push(v('%b'), true);
  s.push(v('%c'));
  assert.deepEqual(s.peekn(2).map((o) => o.v.ref), ['%b', '%c']);
  assert.equal(s.height, 3, 'peekn leaves the operands');
  assert.deepEqual(s.popn(2).map((o) => [o.v.ref, o.tainted]), [['%b', true], ['%c', false]]);
  assert.equal(s.pop().v.ref, '%a');
  assert.throws(() => s.pop(), /value stack underflow in function 7/);
  assert.throws(() => s.popn(1), /underflow/);
  assert.throws(() => s.peekn(1), /underflow/);
  s.push(v('%x'));
  s.push(v('%y'));
  s.resetTo(1, [{ v: v('%p'), tainted: true }]);
  assert.deepEqual(s.peekn(s.height).map((o) => o.v.ref), ['%x', '%p']);
  assert.equal(s.at(1).v.ref, '%p');
  assert.throws(() => s.at(2), /no operand 2/, 'entries above the height are stale');
  assert.equal(s.pop().v.ref, '%p');
  s.push(v('%q'));
  assert.deepEqual(s.peekn(2).map((o) => o.v.ref), ['%x', '%q'], 'a push after a pop overwrites the stale entry');
  assert.deepEqual(s.localTaint, [false, false]);
});

test('control stack: heights below the parameters, label types and targets by depth', () => {
  const s = new TranslationState(0, 'function 0');
  const fn = s.openFrame('function', [], ['i32'], 'return1');
  assert.equal(fn.height, 0);
  s.push(v('%a'));
  s.push(v('%b'));
  const loop = s.openFrame('loop', ['i32'], ['i64'], 'end2');
  loop.headerLabel = 'loop3';
  assert.equal(loop.height, 1, "a loop's height is below its one parameter");
  const block = s.openFrame('block', [], ['f32'], 'end4');
  assert.equal(block.height, 2);
  assert.equal(s.top(), block);
  assert.equal(s.frameAt(1), loop);
  assert.equal(s.frameAt(2), fn);
  assert.throws(() => s.frameAt(3), /bad label 3 in function 0/);
  // A branch to a loop carries its parameters to its header; to anything else, results to its end.
  assert.deepEqual(s.labelTypes(loop), ['i32']);
  assert.equal(s.labelOf(loop), 'loop3');
  assert.deepEqual(s.labelTypes(block), ['f32']);
  assert.equal(s.labelOf(block), 'end4');
  assert.equal(s.closeFrame(), block);
  assert.equal(s.top(), loop);
});
