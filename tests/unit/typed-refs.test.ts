/**
 * Unit tests for typed function references (issue 16): the subtyping relation of
 * src/validate/subtype.ts (heap types, nullability, type identity across modules), the
 * canonical reference-type strings of src/binary/types.ts, local_init's rules (a
 * non-defaultable local must be set before use; the set state ends with its block), and the
 * exact signature strings the runtime compares.
 *
 * Text modules are assembled by `wasm-tools parse` (wabt 1.0.32 lacks typed references): a
 * failure under CI=true when it is missing, a skip elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { decodeModule } from '../../src/binary/decoder.js';
import { addFuncType, type FuncType, type Module, type RefType, type SubType, type ValType } from '../../src/binary/module.js';
import { refInfo, refType, topRef } from '../../src/binary/types.js';
import { ValidationError } from '../../src/errors.js';
import { sigString } from '../../src/translate/abi.js';
import { defaultable, matches, refKey, typeId } from '../../src/validate/subtype.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires } from '../tools.js';

/** A text module, assembled without validation. */
function load(text: string): Module {
  return decodeModule(new Uint8Array(execFileSync('wasm-tools', ['parse', '-'], { input: text })));
}

function rejects(text: string, message: string): void {
  assert.throws(() => validateModule(load(text)), (e: unknown) => e instanceof ValidationError && e.message.includes(message), `${message}: ${text}`);
}

function accepts(text: string): void {
  assert.doesNotThrow(() => validateModule(load(text)), text);
}

// Types: 0 = [] -> [], 1 = [] -> [] (equal to 0), 2 = [i32] -> [], 3 = [(ref 0)] -> [],
// 4 = [(ref 1)] -> [] (equal to 3: its reference is to an equal type), 5 = [(ref 5)] -> [] (itself).
const TYPES = plainTypes([
  { params: [], results: [] },
  { params: [], results: [] },
  { params: ['i32'], results: [] },
  { params: ['(ref 0)'], results: [] },
  { params: ['(ref 1)'], results: [] },
  { params: ['(ref 5)'], results: [] },
]);

/** Function types, each a type of its own (the 2.0 form). */
function plainTypes(fts: FuncType[]): SubType[] {
  const types: SubType[] = [];
  for (const ft of fts) addFuncType(types, ft);
  return types;
}

test('reference types: canonical strings, the 2.0 spellings, taking them apart', () => {
  assert.equal(refType(true, 'func'), 'funcref');
  assert.equal(refType(true, 'extern'), 'externref');
  assert.equal(refType(true, 'nofunc'), 'nullfuncref');
  assert.equal(refType(false, 'func'), '(ref func)');
  assert.equal(refType(true, 7), '(ref null 7)');
  assert.equal(refType(false, 7), '(ref 7)');
  for (const t of ['funcref', 'nullexternref', '(ref extern)', '(ref null 12)', '(ref 3)'] as RefType[]) {
    const { nullable, heap } = refInfo(t);
    assert.equal(refType(nullable, heap), t);
  }
  assert.equal(topRef('(ref 3)'), 'funcref');
  assert.equal(topRef('nullexternref'), 'externref');
});

test('subtyping: heap types, nullability, bottoms', () => {
  const yes: Array<[ValType, ValType]> = [
    ['(ref 0)', 'funcref'], ['(ref 0)', '(ref func)'], ['(ref 0)', '(ref null 0)'], ['(ref null 0)', 'funcref'],
    ['nullfuncref', '(ref null 0)'], ['nullfuncref', 'funcref'], ['(ref nofunc)', '(ref 2)'], ['(ref func)', 'funcref'],
    ['nullexternref', 'externref'], ['(ref noextern)', '(ref extern)'], ['i32', 'i32'],
  ];
  const no: Array<[ValType, ValType]> = [
    ['funcref', '(ref 0)'], ['funcref', '(ref func)'], ['(ref null 0)', '(ref 0)'], ['(ref 0)', '(ref 2)'],
    ['(ref func)', '(ref 0)'], ['externref', 'funcref'], ['(ref 0)', 'externref'], ['nullfuncref', 'externref'],
    ['nullexternref', '(ref null 0)'], ['funcref', 'nullfuncref'], ['i32', 'i64'], ['i32', 'funcref'],
  ];
  for (const [a, b] of yes) assert.ok(matches(TYPES, a, b), `${a} <= ${b}`);
  for (const [a, b] of no) assert.ok(!matches(TYPES, a, b), `not ${a} <= ${b}`);
  assert.ok(defaultable('funcref') && defaultable('(ref null 3)') && defaultable('i32'));
  assert.ok(!defaultable('(ref func)') && !defaultable('(ref 3)'));
});

test('type identity: structural, through references, across modules, with self references', () => {
  assert.equal(typeId(TYPES, 0), typeId(TYPES, 1));
  assert.notEqual(typeId(TYPES, 0), typeId(TYPES, 2));
  assert.equal(typeId(TYPES, 3), typeId(TYPES, 4)); // (ref 0) and (ref 1): equal targets
  assert.ok(matches(TYPES, '(ref 3)', '(ref 4)') && matches(TYPES, '(ref 0)', '(ref 1)'));
  // Another module, its types in another order: the identities agree.
  const other = plainTypes([{ params: ['i32'], results: [] }, { params: [], results: [] }, { params: ['(ref 1)'], results: [] }]);
  assert.equal(typeId(other, 0), typeId(TYPES, 2));
  assert.equal(typeId(other, 2), typeId(TYPES, 3));
  assert.equal(refKey(other, '(ref null 2)'), refKey(TYPES, '(ref null 4)'));
  assert.equal(refKey(TYPES, 'funcref'), 'Nfunc');
  assert.equal(refKey(TYPES, '(ref noextern)'), 'Rnoextern');
  // A self-referential type is not the type it refers to a level down.
  assert.notEqual(typeId(TYPES, 5), typeId(TYPES, 3));
});

test('refKey: a concrete type is its kind and supertype display, for the runtime to match without the module', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const m = load(`(module (type $s1 (sub (struct))) (type $s2 (sub $s1 (struct (field i32)))) (type $a (array i8))
    (type $f (sub (func))) (type $g (sub $f (func))))`);
  const id = (x: number): string => typeId(m.types, x);
  assert.equal(refKey(m.types, '(ref 0)'), `R$s${id(0)}`);
  assert.equal(refKey(m.types, '(ref null 1)'), `N$s${id(0)}/${id(1)}`);
  assert.equal(refKey(m.types, '(ref 2)'), `R$a${id(2)}`);
  assert.equal(refKey(m.types, '(ref 4)'), `R$f${id(3)}/${id(4)}`);
  // A subtype's string begins with its supertype's: awsm_ref_matches's prefix test (tests/runtime/test_gc.c).
  assert.ok(refKey(m.types, '(ref 1)').startsWith(refKey(m.types, '(ref 0)') + '/'));
});

test('signature strings: exact for typed references, unchanged for 2.0 types', () => {
  assert.equal(sigString({ params: ['i32', 'funcref'], results: ['externref'] }, TYPES), 'ir:e');
  const typed = sigString({ params: ['(ref 0)'], results: [] }, TYPES);
  assert.match(typed, /^r:\|R\$f[0-9a-f]{32}$/);
  assert.notEqual(typed, sigString({ params: ['funcref'], results: [] }, TYPES));
  assert.notEqual(typed, sigString({ params: ['(ref 2)'], results: [] }, TYPES));
  assert.equal(typed, sigString({ params: ['(ref 1)'], results: [] }, TYPES));
});

test('validator: ref.func is (ref $t), call_ref takes its type, br_on_null / br_on_non_null', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  accepts(`(module (type $t (func (result i32))) (func $f (type $t) (i32.const 1)) (elem declare func $f)
    (func (result i32) (call_ref $t (ref.func $f)))
    (func (param (ref null $t)) (result i32) (call_ref $t (local.get 0)))
    (func (param (ref $t)) (result funcref) (local.get 0))
    (func (param funcref) (result (ref func)) (block (result (ref func)) (br_on_non_null 0 (local.get 0)) (unreachable)))
    (func (param (ref null $t)) (result (ref $t)) (block (br_on_null 0 (local.get 0)) (return)) (unreachable)))`);
  rejects(`(module (type $t (func)) (type $u (func (param i32)))
    (func (param (ref $u)) (call_ref $t (local.get 0))))`, 'type mismatch');
  rejects(`(module (type $t (func)) (func (param funcref) (call_ref $t (local.get 0))))`, 'type mismatch');
  rejects(`(module (func (param funcref) (result (ref func)) (local.get 0)))`, 'type mismatch');
  rejects(`(module (func (param i32) (drop (ref.as_non_null (local.get 0)))))`, 'type mismatch');
  // br_on_non_null needs a label whose last type is a reference.
  rejects(`(module (func (param funcref) (block (result i32) (br_on_non_null 0 (local.get 0)) (i32.const 0))))`, 'type mismatch');
  rejects(`(module (func (param (ref null 5))))`, 'unknown type');
});

test('local_init: a non-nullable local is set before use, and only to the end of its block', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const mod = (body: string): string => `(module (type $t (func)) (func $f) (elem declare func $f) (func (local $x (ref $t)) ${body}))`;
  rejects(mod('(drop (local.get $x))'), 'uninitialized local');
  accepts(mod('(local.set $x (ref.func $f)) (drop (local.get $x))'));
  accepts(mod('(drop (local.tee $x (ref.func $f))) (drop (local.get $x))'));
  // Set inside a block: unset again after its end, but still set inside.
  accepts(mod('(block (local.set $x (ref.func $f)) (drop (local.get $x)))'));
  rejects(mod('(block (local.set $x (ref.func $f))) (drop (local.get $x))'), 'uninitialized local');
  // An if's then arm does not set it for the else arm.
  rejects(mod('(if (i32.const 1) (then (local.set $x (ref.func $f))) (else (drop (local.get $x))))'), 'uninitialized local');
  // Set before the block: set inside it and after.
  accepts(mod('(local.set $x (ref.func $f)) (block (drop (local.get $x))) (drop (local.get $x))'));
  // Nullable and numeric locals need no set; parameters are set.
  accepts('(module (func (param (ref func)) (local funcref i32) (drop (local.get 0)) (drop (local.get 1)) (drop (local.get 2))))');
});

test('module rules: table initialisers, non-nullable tables, typed globals, element types', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  accepts('(module (type $t (func)) (func $f) (table 2 (ref $t) (ref.func $f)))');
  rejects('(module (type $t (func)) (table 2 (ref $t)))', 'type mismatch');
  rejects('(module (type $t (func)) (type $u (func (param i32))) (func $f (type $u)) (table 2 (ref $t) (ref.func $f)))', 'type mismatch');
  accepts('(module (type $t (func)) (func $f) (global (ref $t) (ref.func $f)) (global funcref (global.get 0)))');
  rejects('(module (type $t (func)) (global (ref $t) (ref.null $t)))', 'type mismatch');
  // An element segment of (ref func) fits a funcref table, not the reverse.
  accepts('(module (func $f) (table 1 funcref) (elem (table 0) (i32.const 0) (ref func) (ref.func $f)))');
  rejects('(module (func $f) (table 1 (ref func) (ref.func $f)) (elem (table 0) (i32.const 0) funcref (ref.null func)))', 'type mismatch');
});
