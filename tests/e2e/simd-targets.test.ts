/**
 * v128 code per target (docs/abi.md, "Targets", the SIMD row): a SIMD kernel compiled for each
 * target and CPU and disassembled with llvm-objdump-16. AArch64 uses NEON (`fadd v1.4s`);
 * riscv64's default rv64gc has no vector unit, so v128 is scalar there (`fadd.s`), and
 * `--cpu=rv64gcv` gives RVV (`vfadd.vv`); armv7's default (Debian armhf: VFPv3-D16, no NEON)
 * is scalar VFP on `s` registers, and `--cpu=cortex-a7` gives NEON on `q` registers for integer
 * lanes, while the f32x4 operations that NEON would compute with subnormals flushed to zero
 * stay on VFP, lane by lane (docs/abi.md, "32-bit ARM: NEON"), as does scalar f32 code. That
 * the code is also right is the SIMD spec files under qemu on each (docs/spec-harness.md,
 * "Other targets"; `--cpu` there) and, for subnormals on armv7, tests/e2e/armv7-neon.test.ts.
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
async function disassemble(triple: string, cpu?: string, wat = KERNEL, optLevel: 2 | 3 = 2): Promise<string[]> {
  const obj = await compile(watBytes(wat, ['--enable-relaxed-simd']), { target: triple, emit: 'obj', optLevel, name: 'k', ...(cpu !== undefined ? { cpu } : {}) });
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

/**
 * Advanced SIMD instructions that flush single-precision subnormals to zero (arithmetic,
 * multiply-accumulate, min/max, comparisons; ARMv8's VRINT and VMAXNM/VMINNM in AArch32 state),
 * on d or q registers. Not vabs/vneg (sign bit only) or vcvt (no subnormal result).
 */
const NEON_F32 = /^v(add|sub|mul|mla|mls|fma|fms|max|min|maxnm|minnm|pmax|pmin|padd|abd|ceq|cge|cgt|cle|clt|acge|acgt|recps|rsqrts|rint[anmpxz])\.f32 [dq]\d+/;

/** Every f32x4 operation NEON would flush, and f32.add on lanes of two vectors (simd-float.ts, FLUSHED). */
const F32X4_OPS = `(module (memory 1)
  ${['add', 'sub', 'mul', 'min', 'max', 'pmin', 'pmax', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'relaxed_min', 'relaxed_max']
    .map((op) => `(func (export "${op}") (param v128 v128) (result v128) (f32x4.${op} (local.get 0) (local.get 1)))`).join('\n  ')}
  ${['ceil', 'floor', 'trunc', 'nearest'].map((op) => `(func (export "${op}") (param v128) (result v128) (f32x4.${op} (local.get 0)))`).join('\n  ')}
  (func (export "madd") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd") (param v128 v128 v128) (result v128) (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "lanes") (param v128 v128) (result f32) (f32.add (f32x4.extract_lane 1 (local.get 0)) (f32x4.extract_lane 1 (local.get 1))))
  (func (export "iadd") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1))))`;

test('armv7: scalar VFP by default (no NEON in Debian armhf); with --cpu=cortex-a7 NEON for integers, VFP for f32x4', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  const vfp = await disassemble('armv7-linux-gnueabihf');
  assert.ok(has(vfp, /^v(mla|mul|add)\.f32 s\d+, s\d+, s\d+$/), vfp.join('\n'));
  assert.ok(!has(vfp, /\bq\d+\b/), `no NEON (q register) without it:\n${vfp.join('\n')}`);
  const neon = await disassemble('armv7-linux-gnueabihf', 'cortex-a7');
  assert.ok(has(neon, /^vadd\.i32 q\d+, q\d+, q\d+$/), `i32x4.add on NEON:\n${neon.join('\n')}`);
  assert.ok(has(neon, /^v(mla|mul)\.f32 s\d+, s\d+, s\d+$/) && has(neon, /^vadd\.f32 s\d+, s\d+, s\d+$/), neon.join('\n'));
  assert.ok(!has(neon, NEON_F32), `no flushing NEON f32 instruction:\n${neon.join('\n')}`);
});

test('armv7: every f32x4 operation NEON would flush stays on VFP (cortex-a7, cortex-a53; -O2 and -O3)', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  for (const cpu of ['cortex-a7', 'cortex-a53']) {
    for (const optLevel of [2, 3] as const) {
      const code = await disassemble('armv7-linux-gnueabihf', cpu, F32X4_OPS, optLevel);
      const flushing = code.filter((l) => NEON_F32.test(l));
      assert.deepEqual(flushing, [], `${cpu} -O${optLevel}`);
      assert.ok(has(code, /^vadd\.i32 q\d+, q\d+, q\d+$/), `${cpu} -O${optLevel}: i32x4.add on NEON`);
      assert.ok(has(code, /^vcmp\.f32 s\d+, s\d+$/), `${cpu} -O${optLevel}: comparisons on VFP`);
    }
  }
});

test('armv7: scalar f32 stays on VFP: no SLP-vectorised NEON for adjacent f32 adds, no NEON for f32 on swift (neonfp)', async (t) => {
  if (!requires(t, ['wat2wasm', 'llvm-objdump-16'])) return;
  const adjacent = `(module (memory 1)
    (func (export "f") (param $n i32) (local $i i32)
      (loop $l
        ${[0, 4, 8, 12].map((o) => `(f32.store offset=${o} (local.get $i) (f32.add (f32.load offset=${o} (local.get $i)) (f32.load offset=${4096 + o} (local.get $i))))`).join('\n        ')}
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;
  for (const cpu of ['cortex-a7', 'swift']) {
    const code = await disassemble('armv7-linux-gnueabihf', cpu, adjacent);
    assert.ok(has(code, /^vadd\.f32 s\d+, s\d+, s\d+$/), `${cpu}:\n${code.join('\n')}`);
    assert.deepEqual(code.filter((l) => NEON_F32.test(l)), [], cpu);
  }
});
