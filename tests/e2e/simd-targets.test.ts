/**
 * v128 code per target (docs/abi.md, "Targets", the SIMD row): a SIMD kernel compiled for each
 * target and CPU and disassembled with llvm-objdump-16. AArch64 uses NEON (`fadd v1.4s`);
 * riscv64's default rv64gc has no vector unit, so v128 is scalar there (`fadd.s`), and
 * `--cpu=rv64gcv` gives RVV (`vfadd.vv`); armv7's default (Debian armhf: VFPv3-D16, no NEON)
 * is scalar VFP on `s` registers, and `--cpu=cortex-a7` gives NEON on `q` registers. That the
 * code is also right is the SIMD spec files under qemu on each (docs/spec-harness.md, "Other
 * targets"; `--cpu` there).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { compile } from '../../src/index.js';
import { requires, watBytes } from '../tools.js';

/** f32x4 multiply-add and i32x4 add over memory, in a loop. */
const KERNEL = `(module (memory 1)
  (func (export "saxpy") (param $n i32) (param $a f32) (local $i i32)
    (loop $l
      (v128.store (local.get $i)
        (f32x4.add (v128.load (local.get $i))
          (f32x4.mul (f32x4.splat (local.get $a)) (v128.load offset=4096 (local.get $i)))))
      (v128.store offset=8192 (local.get $i)
        (i32x4.add (v128.load offset=8192 (local.get $i)) (v128.load offset=12288 (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;

/** The mnemonic and operands of each instruction of `obj`'s code. */
async function disassemble(triple: string, cpu?: string): Promise<string[]> {
  const obj = await compile(watBytes(KERNEL), { target: triple, emit: 'obj', optLevel: 2, name: 'k', ...(cpu !== undefined ? { cpu } : {}) });
  const r = spawnSync('llvm-objdump-16', ['-d', '--no-show-raw-insn', obj.path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').map((l) => /^\s+[0-9a-f]+:\s+(.*)$/.exec(l)?.[1]?.replace(/\s+/g, ' ').trim()).filter((l): l is string => l !== undefined);
}

const has = (code: readonly string[], re: RegExp): boolean => code.some((l) => re.test(l));

test('aarch64: v128 is NEON (fmul/fadd on .4s lanes, add .4s)', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  const code = await disassemble('aarch64-linux-gnu');
  assert.ok(has(code, /^fmul v\d+\.4s, v\d+\.4s, v\d+\.(4s|s\[\d\])$/), code.join('\n'));
  assert.ok(has(code, /^fadd v\d+\.4s, v\d+\.4s, v\d+\.4s$/), code.join('\n'));
  assert.ok(has(code, /^add v\d+\.4s, v\d+\.4s, v\d+\.4s$/), code.join('\n'));
});

test('riscv64: scalar on rv64gc (the default), RVV with --cpu=rv64gcv', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  const scalar = await disassemble('riscv64-linux-gnu');
  assert.ok(has(scalar, /^fmul\.s /) && has(scalar, /^fadd\.s /), scalar.join('\n'));
  assert.ok(!has(scalar, /^v/), `no vector instruction on rv64gc:\n${scalar.join('\n')}`);
  const rvv = await disassemble('riscv64-linux-gnu', 'rv64gcv');
  assert.ok(has(rvv, /^vfadd\.vv /) && has(rvv, /^vadd\.vv /) && has(rvv, /^vfmul\.v[vf] /), rvv.join('\n'));
  assert.ok(!has(rvv, /^fadd\.s /), rvv.join('\n'));
});

test('armv7: scalar VFP by default (no NEON in Debian armhf), NEON with --cpu=cortex-a7', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  const vfp = await disassemble('armv7-linux-gnueabihf');
  assert.ok(has(vfp, /^v(mla|mul|add)\.f32 s\d+, s\d+, s\d+$/), vfp.join('\n'));
  assert.ok(!has(vfp, /\bq\d+\b/), `no NEON (q register) without it:\n${vfp.join('\n')}`);
  const neon = await disassemble('armv7-linux-gnueabihf', 'cortex-a7');
  assert.ok(has(neon, /^vmul\.f32 q\d+, q\d+, (q\d+|d\d+\[\d\])$/), neon.join('\n'));
  assert.ok(has(neon, /^vadd\.f32 q\d+, q\d+, q\d+$/) && has(neon, /^vadd\.i32 q\d+, q\d+, q\d+$/), neon.join('\n'));
});
