// The instruction harness itself (tests/elf/insn-harness.ts): with toy lifters of known
// behaviour it must report a refused case as unlifted, a wrong one as a mismatch naming the
// field, and a right one as ok, so a passing lifter run means the lifted code agreed with qemu.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { A64Emitter } from '../../src/elf/lift/emit.js';
import { HARNESS_TOOLS, type Lift, runCases } from '../elf/insn-harness.js';
import { requires } from '../tools.js';

/** `fmov d0, d1` lifted by hand: V0 = the low 64 bits of V1. */
function fmovD0D1(e: A64Emitter): boolean {
  const low = e.fresh();
  e.emit(`${low} = and i128 ${e.v(1)}, 18446744073709551615`);
  e.setV(0, low);
  return true;
}

test('the instruction harness tells right, wrong and refused liftings apart', (t) => {
  if (!requires(t, HARNESS_TOOLS)) return;
  const cases = [{ asm: 'fmov d0, d1' }, { asm: 'fmov d0, d2' }, { asm: 'str q3, [x4]', mem: [4] }];
  const lift: Lift = (e, insn) => {
    if (insn === 0x1e604020) return fmovD0D1(e); // fmov d0, d1
    if (insn === 0x1e604040) return fmovD0D1(e); // fmov d0, d2 lifted as fmov d0, d1: wrong
    return false;
  };
  const results = runCases(cases, lift, { states: 8 });
  assert.deepEqual(results.map((r) => r.status), ['ok', 'mismatch', 'unlifted']);
  assert.match(results[1]!.detail ?? '', /^fmov d0, d2 \(0x1e604040\): state 0: V0 differs\n {2}input {2}V0=[0-9a-f]{32} V2=[0-9a-f]{32} NZCV=[01]{4}\n {2}qemu {3}[0-9a-f]{32}\n {2}lifted [0-9a-f]{32}$/);
  assert.match(results[2]!.detail ?? '', /str q3, \[x4\] \(0x3d800083\): not lifted/);
});
