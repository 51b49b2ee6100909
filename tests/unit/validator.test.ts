/**
 * Unit tests for the validator: module-level rules, constant expressions and the typing of
 * function bodies (the spec's validation algorithm, polymorphic stacks included).
 *
 * Modules come from wat2wasm with its own checking off (`--no-check`), so that invalid modules
 * can be assembled; the few shapes wat2wasm cannot express are built as Module values directly.
 * Skips the text-based cases when wat2wasm is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import { addFuncType, emptyModule, type Instr, type Module } from '../../src/binary/module.js';
import { opByName, OPCODES } from '../../src/binary/opcodes.js';
import { ValidationError } from '../../src/errors.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';


/** Decode a text module assembled without wat2wasm's validation. */
function load(text: string): Module {
  return decodeModule(watBytes(text, ['--no-check']));
}

function valid(text: string): void {
  assert.doesNotThrow(() => validateModule(load(text)), text);
}

function invalid(text: string, message: string): ValidationError {
  const m = load(text);
  let err: unknown;
  try {
    validateModule(m);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ValidationError, `expected ValidationError "${message}" for ${text}, got ${String(err)}`);
  assert.ok(err.message.includes(message), `expected "${message}", got "${err.message}"`);
  return err;
}

// ---- function bodies ------------------------------------------------------------------------

test('operand typing', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (func (param i32) (result i64) (i64.extend_i32_u (local.get 0))))');
  invalid('(module (func (result i32) (i64.const 1)))', 'type mismatch');
  invalid('(module (func (result i32)))', 'type mismatch');
  invalid('(module (func (i32.const 1)))', 'type mismatch'); // value left over
  invalid('(module (func (drop)))', 'type mismatch'); // pop from empty
  invalid('(module (func (result i32) (i32.add (i32.const 1) (f32.const 2))))', 'type mismatch');
});

test('polymorphic stack after unreachable, br and return', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (func (result i32) (unreachable) (i32.add)))');
  valid('(module (func (result i32 i64) (unreachable)))');
  valid('(module (func (result f64) (block (br 0) (f64.add) (drop)) (f64.const 0)))');
  valid('(module (func (result i32) (return (i32.const 1)) (select)))');
  // Unknown operands still meet concrete types.
  invalid('(module (func (unreachable) (i64.const 0) (i32.add) (drop)))', 'type mismatch');
  invalid('(module (func (unreachable) (select (i32.const 0) (i64.const 0) (i32.const 1)) (drop)))', 'type mismatch');
});

test('blocks, labels and branches', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid(`(module (type $t (func (param i32) (result i32 i32)))
    (func (result i32 i32) (i32.const 1) (block (type $t) (i32.const 2))))`);
  valid('(module (func (result i32) (loop (result i32) (br_if 0 (i32.const 1)) (i32.const 2))))');
  valid('(module (func (block (br 1))))'); // label 1 is the function's own
  invalid('(module (func (block (br 2))))', 'unknown label');
  invalid('(module (func (block (result i32) (br 0))))', 'type mismatch');
  invalid('(module (func (result i32) (block (result i32) (i32.const 1) (br_if 0 (i64.const 1)))))', 'type mismatch');
  // `if` without `else` must map its parameters to its results.
  invalid('(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))', 'type mismatch');
  // block with type index 5 (wat2wasm cannot express an undefined one): 02 05 0b 0b
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
  const code = [0x03, 0x02, 0x01, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x02, 0x05, 0x0b, 0x0b];
  const m = decodeModule(new Uint8Array([...header, ...types, ...code]));
  assert.throws(() => validateModule(m), (e: unknown) => e instanceof ValidationError && /unknown type 5/.test(e.message));
});

test('br_table: consistent arities and types', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid(`(module (func (param i32) (result i32)
    (block (result i32) (block (result i32) (br_table 0 1 (i32.const 7) (local.get 0))))))`);
  invalid(`(module (func (param i32)
    (block (block (result i32) (br_table 0 1 (i32.const 7) (local.get 0))) (drop))))`, 'type mismatch');
  invalid(`(module (func (param i32) (result f32)
    (block (result f32) (block (result i32) (br_table 0 1 (i32.const 1) (local.get 0))) (drop) (f32.const 0))))`,
  'type mismatch');
  // With a polymorphic stack the operands are unknown and match every target (Wasm 2.0).
  valid(`(module (func (param i32) (result f32)
    (block (result f32) (block (result i32) (unreachable) (br_table 0 1 (local.get 0))) (drop) (f32.const 0))))`);
  invalid('(module (func (param i32) (block (br_table 0 2 (local.get 0)))))', 'unknown label');
});

test('calls', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (func $f (param i32) (result i32) (call $f (local.get 0))))');
  invalid('(module (func (call 3)))', 'unknown function 3');
  invalid('(module (func $f (param i64)) (func (call $f (i32.const 0))))', 'type mismatch');
  valid('(module (type $t (func)) (table 1 funcref) (func (call_indirect (type $t) (i32.const 0))))');
  invalid('(module (type $t (func)) (func (call_indirect (type $t) (i32.const 0))))', 'unknown table');
  invalid('(module (type $t (func)) (table 1 externref) (func (call_indirect (type $t) (i32.const 0))))', 'type mismatch');
  invalid('(module (table 1 funcref) (func (call_indirect (type 9) (i32.const 0))))', 'unknown type');
});

test('select: untyped only for numbers and vectors', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (func (result i64) (select (i64.const 1) (i64.const 2) (i32.const 0))))');
  invalid('(module (func (param externref) (drop (select (local.get 0) (local.get 0) (i32.const 1)))))', 'type mismatch');
  valid('(module (func (param externref) (drop (select (result externref) (local.get 0) (local.get 0) (i32.const 1)))))');
});

test('typed select must have exactly one type', () => {
  // wat2wasm encodes `select (result)` as untyped select, so build the body directly.
  const m = emptyModule();
  addFuncType(m.types, { params: [], results: [] });
  const sel = OPCODES.find((o) => o.name === 'select' && o.imm === 'select_t')!;
  const ins = (name: string, extra: Partial<Instr> = {}): Instr => ({ op: opByName(name), pos: 0, ...extra });
  m.funcs.push({
    typeidx: 0,
    locals: [],
    pos: 0,
    body: [ins('i32.const', { value: 1 }), ins('i32.const', { value: 1 }), ins('i32.const', { value: 1 }), { op: sel, pos: 9, types: [] }, ins('end')],
  });
  assert.throws(() => validateModule(m), /invalid result arity/);
});

test('locals and globals', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  invalid('(module (func (local i32) (drop (local.get 1))))', 'unknown local 1');
  invalid('(module (func (param i32) (local.set 0 (f32.const 0))))', 'type mismatch');
  invalid('(module (func (drop (global.get 0))))', 'unknown global 0');
  invalid('(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))', 'global is immutable');
  valid('(module (global (mut i32) (i32.const 0)) (func (global.set 0 (i32.const 1))))');
});

test('memory instructions', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (memory 1) (func (drop (i64.load32_s align=4 (i32.const 0)))))');
  invalid('(module (memory 1) (func (drop (i64.load32_s align=8 (i32.const 0)))))', 'alignment must not be larger than natural');
  invalid('(module (func (drop (i32.load (i32.const 0)))))', 'unknown memory');
  invalid('(module (func (drop (memory.size))))', 'unknown memory');
  invalid('(module (memory 1) (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))', 'unknown data segment 0');
  invalid('(module (memory 1) (data "") (func (data.drop 1)))', 'unknown data segment 1');
  valid('(module (memory 1) (data "ab") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 2)) (data.drop 0)))');
});

test('table and reference instructions', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid(`(module (table $t 1 externref) (func (param externref) (result i32)
    (table.set $t (i32.const 0) (local.get 0))
    (drop (table.grow $t (ref.null extern) (i32.const 1)))
    (table.fill $t (i32.const 0) (ref.null extern) (i32.const 1))
    (ref.is_null (table.get $t (i32.const 0)))))`);
  invalid('(module (func (drop (table.size 0))))', 'unknown table 0');
  invalid('(module (table 1 funcref) (func (table.set 0 (i32.const 0) (ref.null extern))))', 'type mismatch');
  invalid(`(module (table $a 1 funcref) (table $b 1 externref)
    (func (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))))`, 'type mismatch');
  invalid(`(module (table 1 externref) (elem funcref (ref.null func))
    (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))`, 'type mismatch');
  invalid('(module (func (elem.drop 0)))', 'unknown elem segment 0');
  invalid('(module (func (drop (ref.is_null (i32.const 0)))))', 'type mismatch');
});

test('ref.func needs a declared function', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  invalid('(module (func $f (drop (ref.func $f))))', 'undeclared function reference');
  invalid('(module (func $f) (start $f) (func (drop (ref.func $f))))', 'undeclared function reference');
  valid('(module (func $f (drop (ref.func $f))) (elem declare func $f))');
  valid('(module (func $f (drop (ref.func $f))) (export "f" (func $f)))');
  valid('(module (func $f (drop (ref.func $f))) (global funcref (ref.func $f)))');
  invalid('(module (func (drop (ref.func 4))))', 'unknown function 4');
});

// ---- module-level rules ------------------------------------------------------------------------

test('constant expressions', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  valid('(module (global (import "m" "g") i32) (global i32 (global.get 0)))');
  // Wasm 3.0: a global defined earlier is visible, a later one (or itself) is not.
  valid('(module (global i32 (i32.const 0)) (global i32 (global.get 0)))');
  invalid('(module (global i32 (global.get 1)) (global i32 (i32.const 0)))', 'unknown global 1');
  invalid('(module (global i32 (global.get 0)))', 'unknown global 0');
  invalid('(module (global (import "m" "g") (mut i32)) (global i32 (global.get 0)))', 'constant expression required');
  invalid('(module (global i32 (i32.div_s (i32.const 1) (i32.const 2))))', 'constant expression required');
  invalid('(module (global i32 (i64.const 0)))', 'type mismatch');
  invalid('(module (global i32 (i32.const 0) (i32.const 0)))', 'type mismatch');
  valid('(module (memory 1) (global i32 (i32.const 0)) (data (global.get 0) ""))');
  invalid('(module (memory 1) (global (mut i32) (i32.const 0)) (data (global.get 0) ""))', 'constant expression required');
  invalid('(module (memory 1) (data (i64.const 0) ""))', 'type mismatch');
  valid('(module (global funcref (ref.null func)) (global externref (ref.null extern)) (func $f) (global funcref (ref.func $f)))');
});

test('memories, tables and limits', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  // Multiple memories are valid since Wasm 3.0 (validator3.test.ts).
  invalid('(module (memory 65537))', 'memory size must be at most 65536 pages (4GiB)');
  invalid('(module (memory 1 65537))', 'memory size must be at most 65536 pages (4GiB)');
  invalid('(module (memory 2 1))', 'size minimum must not be greater than maximum');
  invalid('(module (table 2 1 funcref))', 'size minimum must not be greater than maximum');
  valid('(module (memory 0 65536) (table 0xffffffff funcref) (table 0 externref))');
});

test('exports and start', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  invalid('(module (func) (export "a" (func 0)) (export "a" (func 0)))', 'duplicate export name');
  invalid('(module (export "a" (func 0)))', 'unknown function 0');
  invalid('(module (export "a" (global 0)))', 'unknown global 0');
  invalid('(module (export "a" (memory 0)))', 'unknown memory 0');
  invalid('(module (export "a" (table 0)))', 'unknown table 0');
  invalid('(module (func (param i32)) (start 0))', 'start function');
  invalid('(module (func (result i32) (i32.const 0)) (start 0))', 'start function');
  invalid('(module (start 1))', 'unknown function 1');
  invalid('(module (import "m" "f" (func (type 3))))', 'unknown type 3');
});

test('element and data segments', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  invalid('(module (func $f) (elem (i32.const 0) $f))', 'unknown table 0');
  invalid('(module (table 1 externref) (func $f) (elem (table 0) (i32.const 0) func $f))', 'type mismatch');
  invalid('(module (table 1 funcref) (elem (i32.const 0) funcref (ref.null extern)))', 'type mismatch');
  invalid('(module (data (i32.const 0) "x"))', 'unknown memory 0');
});

test('errors carry the function index and the instruction offset', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const err = invalid('(module (func) (func (i64.const 0) (drop) (i32.add)))', 'type mismatch');
  assert.equal(err.funcidx, 1);
  assert.ok(err.offset !== undefined && err.offset > 0);
  const m = load('(module (func) (func (i64.const 0) (drop) (i32.add)))');
  const add = m.funcs[1]!.body.find((i) => i.op.name === 'i32.add')!;
  assert.equal(err.offset, add.pos);
});
