/**
 * What differs between targets (docs/abi.md, "Targets"): the triple, data layout and stack
 * register of the IR, the store probe of guard mode where a straddling store may tear, RISC-V's
 * quieted rounding NaNs, 32-bit ARM's layout of the runtime's structures, its bounds checks and
 * what it refuses, and the driver's table of targets (src/driver/targets.ts). Running the code is tests/e2e/cross.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { nativePlan } from '../../src/driver/native.js';
import { cpuFlag, qemuCpuArgs, runCommand, targetOf } from '../../src/driver/targets.js';
import { runTool } from '../../src/driver/tools.js';
import type { ValType } from '../../src/binary/module.js';
import { tailSignature } from '../../src/translate/abi.js';
import { compile } from '../../src/index.js';
import type { BoundsMode } from '../../src/translate/context.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

/** Stores of every width, scalar and SIMD, and a load. */
const STORES = `(module (memory 1)
  (func (export "f") (param i32 i64 v128)
    (i64.store offset=3 (local.get 0) (local.get 1))
    (i32.store16 (local.get 0) (i32.const 1))
    (i32.store8 (local.get 0) (i32.const 1))
    (v128.store (local.get 0) (local.get 2))
    (v128.store32_lane 1 (local.get 0) (local.get 2))
    (drop (i64.load (local.get 0)))))`;

function ir(triple: string, bounds: BoundsMode): string {
  const m = decodeModule(watBytes(STORES));
  validateModule(m);
  return translateModule(m, { name: 'm', triple, bounds });
}

test('guard mode on aarch64 and riscv64 probes the last byte of every multi-byte store first; x86-64 and explicit mode do not', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  for (const triple of ['aarch64-linux-gnu', 'riscv64-linux-gnu']) {
    const text = ir(triple, 'guard');
    // i64 +7, i16 +1, v128 +15, a 32-bit lane +3; none for the byte store or the load.
    const probes = [...text.matchAll(/getelementptr i8, ptr %\w+, i64 (\d+)\n\s+%\w+ = load volatile i8/g)].map((m) => Number(m[1]));
    assert.deepEqual(probes, [7, 1, 15, 3], triple);
  }
  assert.doesNotMatch(ir('x86_64-linux-gnu', 'guard'), /volatile/);
  assert.doesNotMatch(ir('aarch64-linux-gnu', 'explicit'), /volatile/);
});

test('the IR names the triple, its data layout and its stack pointer', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const rv = ir('riscv64-linux-gnu', 'guard');
  assert.match(rv, /^target triple = "riscv64-linux-gnu"$/m);
  assert.match(rv, /^target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"$/m);
  const call = decodeModule(watBytes('(module (func $f (call $f)))'));
  for (const [triple, reg] of [['x86_64-linux-gnu', 'rsp'], ['aarch64-linux-gnu', 'sp'], ['riscv64-linux-gnu', 'sp']] as const) {
    assert.match(translateModule(call, { name: 'm', triple }), new RegExp(`= !\\{!"${reg}"\\}`), triple);
  }
});

test('--cpu reaches clang as -march= or -mcpu= by target', () => {
  assert.equal(cpuFlag(targetOf('x86_64-linux-gnu'), 'x86-64-v3'), '-march=x86-64-v3');
  assert.equal(cpuFlag(targetOf('aarch64-linux-gnu'), 'cortex-a72'), '-mcpu=cortex-a72');
  assert.equal(cpuFlag(targetOf('riscv64-linux-gnu'), 'rv64gcv'), '-march=rv64gcv');
  assert.equal(cpuFlag(targetOf('riscv64-linux-gnu'), 'sifive-u74'), '-mcpu=sifive-u74');
  assert.equal(cpuFlag(targetOf('armv7-linux-gnueabihf'), 'cortex-a7'), '-mcpu=cortex-a7');
  assert.equal(cpuFlag(targetOf('armv7-linux-gnueabihf'), 'armv7-a+neon'), '-march=armv7-a+neon');
  assert.throws(() => cpuFlag(targetOf('aarch64-linux-gnu'), 'native'), /--cpu=native names this machine's CPU, not one of aarch64-linux-gnu/);
});

test('armv7: clang runs without the SLP vectoriser and neonfp (NEON flushes f32 subnormals), after the optimisation flags; other targets get neither', () => {
  for (const plan of [nativePlan('', { triple: 'armv7-linux-gnueabihf', optLevel: 2, cpu: 'cortex-a7' }), nativePlan('', { triple: 'armv7-linux-gnueabihf', optLevel: 3 })]) {
    // -O2/-O3 after -fno-slp-vectorize would turn the vectoriser back on.
    assert.ok(plan.flags.indexOf('-fno-slp-vectorize') > plan.flags.findIndex((f) => /^-O\d$/.test(f)), plan.flags.join(' '));
    assert.equal(plan.flags.join(' ').includes('-Xclang -target-feature -Xclang -neonfp'), true, plan.flags.join(' '));
  }
  for (const triple of ['x86_64-linux-gnu', 'aarch64-linux-gnu', 'riscv64-linux-gnu']) {
    const flags = nativePlan('', { triple, optLevel: 2 }).flags.join(' ');
    assert.ok(!flags.includes('slp') && !flags.includes('neonfp'), `${triple}: ${flags}`);
  }
});

test('qemu runs RISC-V V code on a CPU with RVV 1.0 (VLEN 128); the default CPU otherwise', () => {
  const rv = targetOf('riscv64-linux-gnu');
  const rvv = ['-cpu', 'rv64,v=true,vlen=128,vext_spec=v1.0'];
  assert.deepEqual(qemuCpuArgs(rv, 'rv64gcv'), rvv);
  assert.deepEqual(qemuCpuArgs(rv, 'rv64imafdcv_zba'), rvv);
  assert.deepEqual(qemuCpuArgs(rv, 'rv64gc'), []);
  assert.deepEqual(qemuCpuArgs(rv, 'rv64gc_zvl128b'), [], 'a V-less ISA string: V only among the single letters');
  assert.deepEqual(qemuCpuArgs(rv, 'sifive-u74'), []);
  assert.deepEqual(qemuCpuArgs(rv, undefined), []);
  assert.deepEqual(qemuCpuArgs(targetOf('armv7-linux-gnueabihf'), 'cortex-a7'), [], "qemu-arm's default CPU has NEON");
  assert.deepEqual(runCommand(rv, '/x', ['a'], 'rv64gcv').args, [...rvv, '-L', '/usr/riscv64-linux-gnu', '/x', 'a']);
});

test('riscv64 quiets the NaN of ceil/floor/trunc/nearest, scalar and SIMD (it keeps a signalling NaN); the others need not', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module
    (func (export "f") (param f32) (result f32) (f32.floor (local.get 0)))
    (func (export "v") (param v128) (result v128) (f64x2.nearest (local.get 0))))`));
  validateModule(m);
  const quieted = (triple: string): number => (translateModule(m, { name: 'm', triple }).match(/= fcmp uno float|= fcmp uno <2 x double>/g) ?? []).length;
  assert.equal(quieted('riscv64-linux-gnu'), 2);
  assert.equal(quieted('aarch64-linux-gnu'), 0);
  assert.equal(quieted('x86_64-linux-gnu'), 0);
});

test('riscv64 tail calls go through a tail buffer (LLVM 16 has no tailcc there): C-convention void (ptr ctx, ptr tb), musttail sibling calls at -O0 and -O2', async (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  // $a (2 params) and $b (3 params, 3 results) make tail calls; $c tail-calls type $v (5 params): 5 slots.
  const m = decodeModule(watBytes(`(module (table 1 funcref)
    (type $v (func (param i32 i32 i32 i32 i32) (result i32 i64 f64)))
    (func $a (param i64 i32) (result i32 i64 f64)
      (if (i32.eqz (local.get 1)) (then (return (i32.const 1) (local.get 0) (f64.const 2))))
      (return_call $b (local.get 1) (f32.const 1) (local.get 0)))
    (func $b (param i32 f32 i64) (result i32 i64 f64)
      (return_call $a (local.get 2) (i32.sub (local.get 0) (i32.const 1))))
    (func $c (export "c") (param i32) (result i32 i64 f64)
      (return_call_indirect (type $v) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (i32.const 0)))
    (func (export "d") (result i64) (call $a (i64.const 5) (i32.const 3)) (drop) (return)))`, ['--enable-tail-call']));
  validateModule(m);
  const ir = translateModule(m, { name: 'm', triple: 'riscv64-linux-gnu' });
  assert.doesNotMatch(ir, /tailcc/);
  for (const f of [0, 1, 2]) assert.match(ir, new RegExp(`define internal void @m_f${f}\\(ptr [^,]*%ctx, ptr %tb\\)`));
  assert.match(ir, /musttail call void @m_f1\(ptr %ctx, ptr %tb\)\n  ret void/);
  assert.match(ir, /musttail call void %\w+\(ptr %\w+, ptr %tb\)\n  ret void/);
  // The capacity check at entry (6 slots: 5 parameters, plus the capacity), and the buffers
  // of the C-convention entries and of the ordinary call.
  assert.equal((ir.match(/= icmp ult i64 %\w+, 5\n/g) ?? []).length, 3);
  assert.equal((ir.match(/= alloca \[6 x <2 x i64>\]\n  store i64 5, ptr %\w+, align 8/g) ?? []).length, 4);
  // Elsewhere tailcc, as before.
  assert.match(translateModule(m, { name: 'm', triple: 'aarch64-linux-gnu' }), /musttail call tailcc/);
  // LLVM makes each musttail a jump (`tail` direct, `jr` indirect) at -O0 and -O2, "disable-tail-calls" or not
  // (at -O2 $a is inlined into $b, whose tail call then jumps to itself).
  for (const opt of ['-O0', '-O2']) {
    const asm = (await runTool('clang', ['--target=riscv64-linux-gnu', opt, '-S', '-x', 'ir', '-', '-o', '-'], ir)).stdout.toString();
    const body = (name: string): string => asm.slice(asm.indexOf(`${name}:`), asm.indexOf(`.Lfunc_end`, asm.indexOf(`${name}:`)));
    for (const f of ['m_f1', 'm_f2']) assert.match(body(f), /\t(tail\tm_f\d|jr\t\w+)\n/, `${opt}:\n${body(f)}`);
  }
});

test('armv7 tail calls: every Wasm argument on the stack, whose size is a multiple of 16, so that LLVM 16 pops what it pushed', async (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  const i32 = 'i32';
  const fillers = [i32, i32, i32, ...Array<string>(16).fill('float')];
  const sig = (params: ValType[], results: ValType[] = []): string[] => tailSignature({ params, results }, 4).params;
  // i32 (4) + 3 pads; i64 at 8 after an i32 (16): none; f64 + v128 (8 + 16) + 2 pads; 3 results: the buffer pointer.
  assert.deepEqual(sig(['i32']), [...fillers, 'i32', 'i32', 'i32', 'i32']);
  assert.deepEqual(sig(['i32', 'i64']), [...fillers, 'i32', 'i64']);
  assert.deepEqual(sig(['f64', 'v128']), [...fillers, 'double', '<2 x i64>', 'i32', 'i32']);
  assert.deepEqual(sig([], ['i32', 'i32', 'i32']), [...fillers, 'ptr', 'i32', 'i32', 'i32']);
  assert.deepEqual(tailSignature({ params: ['i32'], results: [] }, 8), { ret: 'void', params: ['i32'], first: 0 });
  // What LLVM makes of it at -O2: after each ordinary call of a tailcc function the caller
  // re-grows exactly what the callee popped (LLVM 16 re-grows the size rounded to 16).
  const wasm = watBytes(`(module (table 1 funcref) (type $v (func (param f64 v128) (result f32)))
    (func $a (export "a") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $b (i32.wrap_i64 (local.get 0)) (f32.const 1) (local.get 1)))))
    (func $b (param i32 f32 i64) (result i64)
      (return_call $a (i64.extend_i32_u (i32.sub (local.get 0) (i32.const 1))) (local.get 2)))
    (func $c (export "c") (param f64 v128) (result f32)
      (return_call_indirect (type $v) (local.get 0) (local.get 1) (i32.const 0)))
    (func (export "d") (result i64) (call $b (i32.const 3) (f32.const 2) (i64.const 5))))`, ['--enable-tail-call']);
  const m = decodeModule(wasm);
  validateModule(m);
  const ir = translateModule(m, { name: 'm', triple: 'armv7-linux-gnueabihf' });
  const asm = (await runTool('clang', ['--target=armv7-linux-gnueabihf', '-O2', '-S', '-x', 'ir', '-', '-o', '-'], ir)).stdout.toString();
  const pops = new Map<string, number>();
  for (const fn of asm.split(/\n(?=\w+:\n)/)) {
    const name = /^(\w+):/.exec(fn)?.[1];
    const pop = /add\w*\s+sp, sp, #(\d+)\n\s+bx\w*\s+lr/.exec(fn);
    if (name !== undefined && pop !== null) pops.set(name, Number(pop[1]));
  }
  const calls = [...asm.matchAll(/\tbl\t(m_f\d+)\n\tsub\tsp, sp, #(\d+)/g)];
  assert.ok(calls.length > 0, `ordinary calls of tailcc functions:\n${asm}`);
  for (const [, callee, regrow] of calls) assert.equal(Number(regrow), pops.get(callee!), `${callee} pops ${pops.get(callee!)}, its caller re-grows ${regrow}`);
  // At -O0 (the quick tier) the driver turns ARM's FastISel off, which stops on tailcc calls.
  const quick = await compile(wasm, { target: 'armv7-linux-gnueabihf', emit: 'obj', tier: 'quick', name: 'q' });
  assert.ok(quick.path.endsWith('.o'));
});

test('armv7: 32-bit pointers in the runtime structures, explicit bounds by default, guard mode refused, exceptions after the EHABI control block', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module (memory 1) (table 2 funcref) (type $t (func))
    (func $f (export "f") (param i32) (result i32)
      (call_indirect (type $t) (local.get 0))
      (call $f (i32.load (local.get 0)))))`));
  validateModule(m);
  const arm = translateModule(m, { name: 'm', triple: 'armv7-linux-gnueabihf' });
  assert.match(arm, /^target datalayout = "e-m:e-p:32:32-Fi8-i64:64-v128:64:128-a:0:32-n32-S64"$/m);
  // The stack check reads a 32-bit sp and ctx->stack_limit at 9 * 4 bytes.
  assert.match(arm, /call i32 @llvm\.read_register\.i32/);
  assert.match(arm, /getelementptr i8, ptr %ctx, i64 36\n\s+%\w+ = load i32/);
  assert.match(arm, /dereferenceable\(40\)/);
  // Explicit checks against the memory's size, and the base from the memory object (it may move), not ctx->mem0_base.
  assert.match(arm, /icmp ugt i64/);
  assert.doesNotMatch(arm, /load ptr, ptr %ctx,/);
  // The table's size at offset 4 (after a 4-byte elems pointer), not 8.
  assert.match(arm, /getelementptr i8, ptr %\w+, i64 4\n\s+%\w+ = load i32/);
  const x86 = translateModule(m, { name: 'm', triple: 'x86_64-linux-gnu' });
  assert.match(x86, /getelementptr i8, ptr %ctx, i64 72\n\s+%\w+ = load i64/);
  assert.doesNotMatch(x86, /icmp ugt i64/);
  assert.throws(() => translateModule(m, { name: 'm', triple: 'armv7-linux-gnueabihf', bounds: 'guard' }),
    /guard-page bounds checks need a 64-bit target, not 'armv7-linux-gnueabihf': use explicit bounds/);
  // Exceptions: the EHABI control block (88 bytes) before the tag, so the payload at 104.
  const exn = decodeModule(watBytes(`(module (tag $e (param i32)) (func (export "f") (result i32)
    (try (result i32) (do (throw $e (i32.const 7))) (catch $e))))`, ['--enable-exceptions']));
  validateModule(exn);
  const armExn = translateModule(exn, { name: 'm', triple: 'armv7-linux-gnueabihf' });
  assert.match(armExn, /personality ptr @__gcc_personality_v0/);
  assert.match(armExn, /getelementptr i8, ptr %\w+, i64 88\n\s+%\w+ = load ptr/, 'the tag after the control block');
  assert.match(armExn, /getelementptr i8, ptr %\w+, i64 104\n/, 'the payload');
  assert.match(translateModule(exn, { name: 'm', triple: 'aarch64-linux-gnu' }), /getelementptr i8, ptr %\w+, i64 48\n/);
});

test('riscv64: i32 arguments of calls to C code (host functions through function objects, runtime helpers) are signext; elsewhere not', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module (import "env" "take" (func $take (param i32 i64)))
    (memory 1) (func (export "run") (param i64) (call $take (i32.wrap_i64 (local.get 0)) (local.get 0)) (drop (memory.grow (i32.const 1)))))`));
  validateModule(m);
  const rv = translateModule(m, { name: 'm', triple: 'riscv64-linux-gnu' });
  assert.match(rv, /call void %\w+\(ptr %\w+, i32 signext %\w+, i64 %\w+\)/);
  assert.match(rv, /declare i32 @awsm_memory_grow\(ptr, i32 signext, i32 signext\)/);
  assert.match(rv, /declare void @awsm_trap\(ptr, i32 signext, i32 signext\)/);
  for (const triple of ['x86_64-linux-gnu', 'aarch64-linux-gnu', 'armv7-linux-gnueabihf']) {
    assert.doesNotMatch(translateModule(m, { name: 'm', triple }), /signext/, triple);
  }
});

test('targetOf: armv7 spellings, the soft-float ABI and other 32-bit machines', () => {
  assert.equal(targetOf('armv7-unknown-linux-gnueabihf').triple, 'armv7-linux-gnueabihf');
  assert.equal(targetOf('armv7-linux-gnueabihf').guardPages, false);
  assert.equal(targetOf('aarch64-linux-gnu').guardPages, true);
  assert.throws(() => targetOf('armv7-linux-gnueabi'), /hard-float ABI only, as armv7-linux-gnueabihf/);
  assert.throws(() => targetOf('i686-linux-gnu'), /of the 32-bit machines awsm supports ARMv7-A only/);
  assert.throws(() => targetOf('arm-linux-gnueabihf'), /of the 32-bit machines awsm supports ARMv7-A only/);
});
