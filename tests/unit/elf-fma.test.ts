// The lifter's fused multiply-add (src/elf/lift/simd-fma.ts) against the C library's fma and
// fmaf (correctly rounded) on millions of operand triples (tests/elf/fma-values.ts: random
// ones and constructed hard ones: ties, cancellation, the fast path's limits, subnormals,
// specials), in every shape the lifter emits it for: the helpers' IR compiled natively with
// clang-16 (IEEE double and float arithmetic, as on wasm32) and run by tests/elf/fma-driver.c.
// Every lane must equal the library's result bit for bit (a NaN: any NaN; the instruction
// harness checks the NaN rules against qemu).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StateEmitter } from '../../src/elf/lift/emit.js';
import { fusedMulAdd } from '../../src/elf/lift/simd-fma.js';
import { type Shape, fpType } from '../../src/elf/lift/simd-ir.js';
import { fmaTriples } from '../elf/fma-values.js';
import { requires } from '../tools.js';

const DRIVER = fileURLToPath(new URL('../../../tests/elf/fma-driver.c', import.meta.url));

/** The shapes (tests/elf/fma-driver.c's table) and how many triples each is tested on. */
const SHAPES: ReadonlyArray<{ name: string; shape: Shape; count: number }> = [
  { name: 'f64', shape: { bits: 64, lanes: 1 }, count: 1_000_000 },
  { name: 'v2f64', shape: { bits: 64, lanes: 2 }, count: 400_000 },
  { name: 'f32', shape: { bits: 32, lanes: 1 }, count: 1_000_000 },
  { name: 'v2f32', shape: { bits: 32, lanes: 2 }, count: 200_000 },
  { name: 'v4f32', shape: { bits: 32, lanes: 4 }, count: 400_000 },
];

/** `void @lifted_<name>(ptr %in, ptr %out, ptr %st)`: out = a + n * m, the lanes of n, m, a one after the other at %in. */
function wrapper(name: string, s: Shape, decls: Set<string>): string {
  const e = new StateEmitter({ state: '%st', pointerBits: 64 });
  const ft = fpType(s);
  const size = (s.bits / 8) * s.lanes;
  const [n, m, a] = [0, 1, 2].map((i) => {
    const p = e.fresh();
    e.emit(`${p} = getelementptr i8, ptr %in, i64 ${i * size}`);
    const v = e.fresh();
    e.emit(`${v} = load ${ft}, ptr ${p}, align 1`);
    return v;
  }) as [string, string, string];
  const r = fusedMulAdd(e, s, a, n, m);
  e.emit(`store ${ft} ${r}, ptr %out, align 1`);
  e.decls.forEach((d) => decls.add(d));
  return [`define void @lifted_${name}(ptr %in, ptr %out, ptr %st) {`, 'entry:', ...e.lines, '  ret void', '}'].join('\n');
}

/** Runs `cmd`; fails the test with its standard error when it does not succeed. */
function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

test('the fused multiply-add equals the C library fma on random and hard operands, every shape', (t) => {
  if (!requires(t, ['clang-16'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-fma-'));
  try {
    const decls = new Set<string>();
    const fns = SHAPES.map(({ name, shape }) => wrapper(name, shape, decls));
    writeFileSync(join(dir, 'lifted.ll'), [...decls, ...fns, ''].join('\n'));
    const exe = join(dir, 'fma');
    run('clang-16', ['-O2', '-w', '-o', exe, DRIVER, join(dir, 'lifted.ll'), '-lm']);
    SHAPES.forEach(({ name, shape, count }, i) => {
      const file = join(dir, `${name}.bin`);
      const triples = fmaTriples(2100 + i, shape.bits as 32 | 64, count);
      writeFileSync(file, new Uint8Array(triples.buffer));
      const out = run(exe, [name, file]);
      assert.match(out, new RegExp(`^checked ${count} mismatches 0\\n`), `${name}: the lifted fma differs from the C library's:\n${out}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
