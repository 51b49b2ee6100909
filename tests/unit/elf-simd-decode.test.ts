// The FP and SIMD lifter's decoding on random encodings of its groups (the harness tests the
// forms it knows; this tests everything else): liftSimdFp never throws, emits nothing when it
// refuses, emits IR that llvm-as-16 accepts when it lifts, and lifts only what
// aarch64-linux-gnu-objdump calls an instruction (no unallocated or reserved encoding); and a
// sample of the random encodings it lifts gives qemu's results in the instruction harness.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StateEmitter } from '../../src/elf/lift/emit.js';
import { liftSimdFp } from '../../src/elf/lift/simd.js';
import { isSimdFp } from '../elf/insn-coverage.js';
import { type LaneType, Rng } from '../elf/insn-values.js';
import { HARNESS_TOOLS, type InsnCase, runCases } from '../elf/insn-harness.js';
import { mustRun, requires } from '../tools.js';
import { liftInstruction } from '../../src/elf/lift/insn.js';

/** `count` random encodings that the integer lifter routes to liftSimdFp. */
function randomEncodings(count: number): number[] {
  const rng = new Rng(2109);
  const out: number[] = [];
  while (out.length < count) {
    const insn = rng.u32();
    if (isSimdFp(insn)) out.push(insn);
  }
  return out;
}

test('liftSimdFp on random FP/SIMD encodings: refuses cleanly, lifts valid IR, only real instructions', (t) => {
  if (!requires(t, ['llvm-as-16', 'aarch64-linux-gnu-objdump'])) return;
  const lifted: number[] = [];
  const fns: string[] = [];
  const decls = new Set<string>();
  for (const insn of randomEncodings(20000)) {
    const e = new StateEmitter({ state: '%st', pointerBits: 64 });
    const ok = liftSimdFp(e, insn, 0n);
    if (!ok) {
      assert.deepEqual(e.lines, [], `0x${insn.toString(16)} refused after emitting IR`);
      continue;
    }
    lifted.push(insn);
    e.decls.forEach((d) => decls.add(d));
    fns.push(`define void @insn_${insn.toString(16).padStart(8, '0')}(ptr %st) {\n${e.lines.join('\n')}\n  ret void\n}`);
  }
  // About 9% of random encodings in these groups are forms the lifter knows; far fewer means it lost some.
  assert.ok(lifted.length > 1000, `only ${lifted.length} of 20000 random encodings lifted`);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-simd-decode-'));
  try {
    writeFileSync(join(dir, 'm.ll'), [...decls, ...fns].join('\n'));
    mustRun('llvm-as-16', [join(dir, 'm.ll'), '-o', join(dir, 'm.bc')]);
    const bin = Buffer.alloc(4 * lifted.length);
    lifted.forEach((insn, i) => bin.writeUInt32LE(insn, 4 * i));
    writeFileSync(join(dir, 'm.bin'), bin);
    const text = mustRun('aarch64-linux-gnu-objdump', ['-D', '-b', 'binary', '-m', 'aarch64', join(dir, 'm.bin')]);
    const bad = [...text.matchAll(/^\s*[0-9a-f]+:\t([0-9a-f]{8})\s+(\.inst|undefined).*$/gm)].map((m) => `0x${m[1]}`);
    assert.deepEqual(bad, [], 'lifted encodings that are not instructions');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('random FP/SIMD encodings the lifter knows match qemu-aarch64-static', (t) => {
  if (!requires(t, HARNESS_TOOLS)) return;
  const rng = new Rng(2110);
  const types: LaneType[] = ['f32', 'f64', 'i8', 'i16', 'i32', 'i64'];
  const cases: InsnCase[] = [];
  for (const insn of randomEncodings(40000)) {
    const rn = (insn >>> 5) & 31;
    const memory = (insn & 0xbe000000) === 0x0c000000;
    if (memory && rn === 31) continue; // SP holds the state pointer in the reference program
    if (!liftSimdFp(new StateEmitter({ state: '%st', pointerBits: 64 }), insn, 0n)) continue;
    cases.push({ asm: `.inst 0x${insn.toString(16).padStart(8, '0')}`, lanes: rng.pick(types), mem: memory ? [rn] : [] });
    if (cases.length === 300) break;
  }
  const bad = runCases(cases, liftInstruction, { states: 16, seed: 2111 }).filter((r) => r.status !== 'ok');
  assert.equal(bad.length, 0, `${bad.length} of ${cases.length} random encodings differ from qemu:\n${bad.map((r) => r.detail).join('\n')}`);
});
