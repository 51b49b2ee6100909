/**
 * Unit tests for the validator on the part-1 features of Wasm 3.0 (issue 15): extended
 * constant expressions, multiple memories, memory64 and table64, custom page sizes, tail
 * calls, relaxed SIMD and wide arithmetic; and the support check (src/translate/support.ts)
 * that refuses, after validation, what the translator does not compile yet.
 *
 * Text modules are assembled by wat2wasm with --no-check and the feature's --enable flag
 * (a failure under CI=true when it is missing, a skip elsewhere); bytes where wabt 1.0.32
 * lacks the feature.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import type { Module } from '../../src/binary/module.js';
import { UnsupportedError, ValidationError } from '../../src/errors.js';
import { assertSupported } from '../../src/translate/support.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

const ALL = ['--no-check', '--enable-all'];

/** A module from sections, each given as [id, size, ...contents]. */
function fromSections(...sections: number[][]): Module {
  return decodeModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()]));
}

/** The type section of one [] -> [] type. */
const TYPE_VOID = [1, 4, 1, 0x60, 0, 0];

/** Validating `m` throws a ValidationError containing `message`. */
function rejects(m: Module, message: string): void {
  assert.throws(() => validateModule(m), (e: unknown) => e instanceof ValidationError && e.message.includes(message), message);
}

/** Decode a text module assembled without wat2wasm's validation, with every feature on. */
function load(text: string): Module {
  return decodeModule(watBytes(text, ALL));
}

function valid(text: string): Module {
  const m = load(text);
  assert.doesNotThrow(() => validateModule(m), text);
  return m;
}

function invalid(text: string, message: string): void {
  const m = load(text);
  assert.throws(
    () => validateModule(m),
    (e: unknown) => e instanceof ValidationError && e.message.includes(message),
    `expected ValidationError "${message}" for ${text}`,
  );
}

test('extended constant expressions: i32/i64 add, sub, mul and global.get of earlier globals', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = valid(`(module
    (global $a (import "m" "a") i32)
    (global $b i32 (i32.add (global.get $a) (i32.const 10)))
    (global $c i32 (i32.mul (global.get $b) (i32.sub (i32.const 5) (global.get $a))))
    (global $d i64 (i64.mul (i64.sub (i64.const 0) (i64.const 7)) (i64.add (i64.const 1) (i64.const 2))))
    (memory 1)
    (data (i32.add (global.get $c) (i32.const 1)) "*"))`);
  invalid('(module (global i32 (i32.add (i32.const 1) (i64.const 2))))', 'type mismatch');
  invalid('(module (global i32 (i32.add (i32.const 1))))', 'type mismatch');
  invalid('(module (global i64 (i32.add (i32.const 1) (i32.const 2))))', 'type mismatch');
  invalid('(module (global f32 (f32.add (f32.const 1) (f32.const 2))))', 'constant expression required');
  invalid('(module (global i32 (global.get 1)) (global i32 (i32.const 2)))', 'unknown global 1');
  // The translator evaluates them in the init function, in index order.
  const ir = translateModule(m, { name: 'ext' });
  const init = ir.slice(ir.indexOf('define internal void @ext_init'));
  assert.match(init, /= add i32 %t\d+, 10\n/);
  assert.match(init, /mul i32/);
  assert.match(init, /awsm_memory_init/);
});

test('multiple memories: indices on every memory instruction and data segment', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid(`(module (memory (import "m" "m") 1) (memory $b 1) (data $d "x") (data (memory $b) (i32.const 0) "y")
    (func (drop (i32.load $b (i32.const 0))) (i64.store $b (i32.const 0) (i64.const 0))
      (memory.copy 0 $b (i32.const 0) (i32.const 0) (i32.const 0))
      (memory.init $b $d (i32.const 0) (i32.const 0) (i32.const 0))
      (drop (v128.load $b (i32.const 0)))))`);
  invalid('(module (memory 1) (func (drop (i32.load 1 (i32.const 0)))))', 'unknown memory 1');
  invalid('(module (memory 1) (func (drop (memory.size 1))))', 'unknown memory 1');
  invalid('(module (memory 1) (func (memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))', 'unknown memory 1');
  invalid('(module (memory 1) (data (memory 1) (i32.const 0) ""))', 'unknown memory 1');
  // Alignment and offset bounds hold for every memory; offsets of 32-bit memories are u32.
  invalid('(module (memory 1) (memory 1) (func (drop (i32.load 1 align=8 (i32.const 0)))))', 'alignment must not be larger than natural');
  // i32.const 0; i32.load align=4 offset=2^32 (a u64 in the binary format); drop
  const far = fromSections(TYPE_VOID, [3, 2, 1, 0], [5, 3, 1, 0, 1], [10, 14, 1, 12, 0, 0x41, 0, 0x28, 2, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, 0x0b]);
  rejects(far, 'offset out of range');
});

test('memory64 and table64: i64 addresses and sizes, the narrower type for copy lengths', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid(`(module (memory $m i64 1) (memory $n 1) (data (memory $m) (i64.const 8) "x")
    (func (result i64)
      (drop (i64.load offset=0xffffffff (i64.const 0))) (v128.store (i64.const 0) (v128.const i64x2 0 0))
      (memory.fill $m (i64.const 0) (i32.const 0) (i64.const 1))
      (memory.copy $m $n (i64.const 0) (i32.const 0) (i32.const 0))
      (i64.add (memory.grow $m (i64.const 1)) (memory.size $m))))`);
  // wabt 1.0.32 has no table64: (table i64 1 funcref) and `table.size 0` in a [] -> [i64] / [i32] function.
  const table64 = (result: number): Module =>
    fromSections([1, 5, 1, 0x60, 0, 1, result], [3, 2, 1, 0], [4, 4, 1, 0x70, 0x04, 1], [10, 7, 1, 5, 0, 0xfc, 16, 0, 0x0b]);
  validateModule(table64(0x7e));
  rejects(table64(0x7f), 'type mismatch');
  invalid('(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))', 'type mismatch');
  invalid('(module (memory i64 1) (func (result i32) (memory.size)))', 'type mismatch');
  invalid('(module (memory i64 1) (data (i32.const 0) ""))', 'type mismatch');
  invalid('(module (memory $m i64 1) (memory $n 1) (func (memory.copy $m $n (i64.const 0) (i32.const 0) (i64.const 0))))', 'type mismatch');
  // call_indirect through a table64 with an i32 index: i32.const 0; call_indirect type 0 table 0
  rejects(fromSections(TYPE_VOID, [3, 2, 1, 0], [4, 4, 1, 0x70, 0x04, 1], [10, 9, 1, 7, 0, 0x41, 0, 0x11, 0, 0, 0x0b]), 'type mismatch');
  // An active element segment of a table64 with an i32 offset (flags 2: table index, elemkind).
  rejects(fromSections([4, 4, 1, 0x70, 0x04, 1], [9, 8, 1, 2, 0, 0x41, 0, 0x0b, 0, 0]), 'type mismatch');
});

test('limits: 2^16 pages of 64 KiB or 2^48 with memory64; page sizes 1 and 65536 only', () => {
  const mem = (...limits: number[]): Module => fromSections([5, limits.length + 1, 1, ...limits]);
  validateModule(mem(0x00, 0x80, 0x80, 0x04)); // 65536 pages
  rejects(mem(0x00, 0x81, 0x80, 0x04), 'memory size must be at most 65536 pages'); // 65537 pages
  validateModule(mem(0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40)); // i64, 2^48 pages
  rejects(mem(0x04, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40), 'memory size must be at most'); // 2^48 + 1
  validateModule(mem(0x08, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00)); // 2^32-1 byte pages
  rejects(mem(0x08, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00), 'memory size must be at most'); // 2^32 byte pages
  rejects(mem(0x08, 0x00, 0x02), 'invalid custom page size'); // 4-byte pages
  rejects(mem(0x01, 0x02, 0x01), 'size minimum must not be greater than maximum');
  // table64 bounds above 2^53 round as numbers (2^53 + 1 → 2^53): min <= max is decided exactly.
  const t64 = (min: number[], max: number[]): Module => fromSections([4, 3 + min.length + max.length, 1, 0x70, 0x05, ...min, ...max]);
  rejects(t64([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]), 'size minimum must not be greater than maximum'); // 2^53 + 1, 2^53
  validateModule(t64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10], [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10])); // 2^53, 2^53 + 1
  const table = decodeModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 4, 8, 1, 0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]));
  rejects(table, 'table size must be at most 2^32-1');
});

test('the support check refuses, after validation, what the translator does not compile', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const refused = (text: string, message: string): void => {
    const m = valid(text);
    assert.throws(() => translateModule(m, { name: 'm' }), (e: unknown) => e instanceof UnsupportedError && e.message === message);
  };
  assert.doesNotThrow(() => assertSupported(valid('(module (memory 1) (memory 1))')));
  assertSupported(valid('(module (memory (import "m" "m") i64 1))'));
  const table64 = fromSections([4, 7, 2, 0x70, 0, 1, 0x70, 0x04, 1]);
  validateModule(table64);
  assertSupported(table64); // table64 is compiled (tests/e2e/table64.test.ts)
  const pages = fromSections([5, 4, 1, 0x08, 0x00, 0x00]);
  validateModule(pages);
  assertSupported(pages);
});

test('tail calls: the callee results must be the caller results', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = valid(`(module (type $ii (func (param i32) (result i32))) (table 1 funcref)
    (func $f (param i32) (result i32) (return_call $g (i64.extend_i32_u (local.get 0))))
    (func $g (param i64) (result i32) (return_call_indirect (type $ii) (i32.wrap_i64 (local.get 0)) (i32.const 0)))
    (func (result i32) (i32.const 1) (return_call $f (i32.const 2)) (i32.add)))`);
  invalid('(module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))', 'type mismatch');
  invalid('(module (func $f (result i32) (i32.const 0)) (func (return_call $f)))', 'type mismatch');
  invalid('(module (func $f (param i32)) (func (return_call $f (i64.const 0))))', 'type mismatch');
  invalid('(module (func (return_call 5)))', 'unknown function 5');
  invalid('(module (type $v (func)) (table 1 externref) (func (return_call_indirect (type $v) (i32.const 0))))', 'type mismatch');
  invalid('(module (type $r (func (result i32))) (table 1 funcref) (func (return_call_indirect (type $r) (i32.const 0))))', 'type mismatch');
  // Translated (docs/abi.md, "Tail calls"): tailcc functions, guaranteed tail calls, C entries.
  const ir = translateModule(m, { name: 'm' });
  assert.match(ir, /define internal tailcc i32 @m_f0\(/);
  assert.match(ir, /musttail call tailcc i32 @m_f1\(ptr %ctx, i64 /);
  assert.match(ir, /musttail call tailcc i32 %\w+\(ptr %\w+, i32 /); // through the function object: its ctx
  assert.match(ir, /define internal i32 @m_c0\(ptr %ctx, i32 %p0\)/);
});

test('relaxed SIMD and wide arithmetic: typed by their opcode rows', () => {
  // [] -> [v128]: three v128.const zero, f32x4.relaxed_madd (0xfd 0x105).
  const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  const madd = (count: number): Module => {
    const body = [0x00, ...Array.from({ length: count }, () => zero).flat(), 0xfd, 0x85, 0x02, 0x0b];
    return fromSections([1, 5, 1, 0x60, 0, 1, 0x7b], [3, 2, 1, 0], [10, body.length + 2, 1, body.length, ...body]);
  };
  validateModule(madd(3));
  rejects(madd(2), 'type mismatch');
  assertSupported(madd(3)); // the translator compiles relaxed SIMD (simd-relaxed.ts)
  // [i64 i64] -> [i64 i64]: local.get 0, local.get 1, i64.mul_wide_u (0xfc 22); with one result type: a mismatch.
  const wide = (results: number[]): Module => {
    const body = [0x00, 0x20, 0, 0x20, 1, 0xfc, 22, 0x0b];
    const type = [0x60, 2, 0x7e, 0x7e, results.length, ...results];
    return fromSections([1, type.length + 1, 1, ...type], [3, 2, 1, 0], [10, body.length + 2, 1, body.length, ...body]);
  };
  validateModule(wide([0x7e, 0x7e]));
  rejects(wide([0x7e]), 'type mismatch');
  assertSupported(wide([0x7e, 0x7e])); // the translator compiles wide arithmetic (numeric.ts, emitWide)
});
