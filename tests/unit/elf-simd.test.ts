// The FP and Advanced SIMD lifter (src/elf/lift/simd*.ts) against qemu-aarch64-static, one
// instruction at a time, through the integer lifter's liftInstruction (which routes them to
// liftSimdFp) and the instruction harness (tests/elf/insn-harness.ts): every
// case must match the reference on every random input state.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liftInstruction } from '../../src/elf/lift/insn.js';
import { FP_CASES } from '../elf/insn-cases-fp.js';
import { SIMD_CASES } from '../elf/insn-cases-simd.js';
import { HARNESS_TOOLS, type InsnCase, runCases } from '../elf/insn-harness.js';
import { requires } from '../tools.js';

/** Runs `cases` and fails with the first difference of each failing case. */
function check(cases: readonly InsnCase[]): void {
  const results = runCases(cases, liftInstruction);
  const bad = results.filter((r) => r.status !== 'ok');
  assert.equal(bad.length, 0, `${bad.length} of ${results.length} cases differ from qemu:\n${bad.map((r) => r.detail).join('\n')}`);
}

test('scalar FP instructions match qemu-aarch64-static', (t) => {
  if (!requires(t, HARNESS_TOOLS)) return;
  check(FP_CASES);
});

test('Advanced SIMD instructions match qemu-aarch64-static', (t) => {
  if (!requires(t, HARNESS_TOOLS)) return;
  check(SIMD_CASES);
});
