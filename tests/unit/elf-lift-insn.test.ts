/**
 * The integer lifter (src/elf/lift/insn.ts liftInstruction) against qemu-aarch64-static, one
 * instruction at a time, through the instruction harness (tests/elf/insn-harness.ts): every
 * integer case (tests/elf/insn-int-cases.ts) must match the reference on every random state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liftInstruction } from '../../src/elf/lift/insn.js';
import { INT_CASES } from '../elf/insn-int-cases.js';
import { HARNESS_TOOLS, runCases } from '../elf/insn-harness.js';
import { requires } from '../tools.js';

test('integer, load/store and system instructions match qemu-aarch64-static', (t) => {
  if (!requires(t, HARNESS_TOOLS)) return;
  const results = runCases(INT_CASES, liftInstruction);
  const bad = results.filter((r) => r.status !== 'ok');
  assert.equal(bad.length, 0, `${bad.length} of ${results.length} cases differ from qemu:\n${bad.map((r) => `${r.asm}: ${r.status} ${r.detail ?? ''}`).join('\n')}`);
});
