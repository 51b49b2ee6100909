/**
 * Unit tests for GC's types (issue 17): iso-recursive canonicalisation across modules
 * (src/validate/canon.ts), subtyping through declared supertypes and the abstract hierarchy
 * (src/validate/subtype.ts), the type section's validation (src/validate/typesec.ts), the
 * signature strings that carry a type's supertype display (src/translate/abi.ts), the GC
 * instructions' validation (src/validate/gc.ts) and their refusal by the translator
 * (src/translate/support.ts).
 *
 * Text modules are assembled by `wasm-tools parse` (no validation): a failure under CI=true
 * when it is missing, a skip elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { decodeModule } from '../../src/binary/decoder.js';
import { addFuncType, funcType, type Module, type SubType } from '../../src/binary/module.js';
import { UnsupportedError, ValidationError } from '../../src/errors.js';
import { sigString } from '../../src/translate/abi.js';
import { translateModule } from '../../src/translate/module.js';
import { display, typeId } from '../../src/validate/canon.js';
import { heapMatches, matches } from '../../src/validate/subtype.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires } from '../tools.js';

function load(text: string): Module {
  return decodeModule(new Uint8Array(execFileSync('wasm-tools', ['parse', '-'], { input: text })));
}

function rejects(text: string, message: string): void {
  assert.throws(() => validateModule(load(text)), (e: unknown) => e instanceof ValidationError && e.message.includes(message), `${message}: ${text}`);
}

test('canonicalisation: equal recursive groups are equal across modules, by position; unequal ones differ', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const a = load(`(module
    (type $x (struct))
    (rec (type $a0 (struct (field (ref null $a1)))) (type $a1 (struct (field (ref null $a0)) (field (ref $x)))))
    (rec (type $b0 (struct (field (ref null $b0)))))
    (rec (type (func)) (type (func))))`);
  // The same groups, other indices: $x comes later, and another struct type in front.
  const b = load(`(module
    (type $pad (struct (field i32)))
    (type $x (struct))
    (rec (type $a0 (struct (field (ref null $a1)))) (type $a1 (struct (field (ref null $a0)) (field (ref $x)))))
    (rec (type $b0 (struct (field (ref null $b0))))))`);
  validateModule(a);
  validateModule(b);
  assert.equal(typeId(a.types, 0), typeId(b.types, 1));
  assert.equal(typeId(a.types, 1), typeId(b.types, 2));
  assert.equal(typeId(a.types, 2), typeId(b.types, 3));
  assert.equal(typeId(a.types, 3), typeId(b.types, 4));
  // Different positions in one group, and a group of one against a group of two: different.
  assert.notEqual(typeId(a.types, 1), typeId(a.types, 2));
  assert.notEqual(typeId(a.types, 4), typeId(a.types, 5));
  assert.notEqual(typeId(a.types, 0), typeId(b.types, 0));
  // An external reference to an unequal type makes the groups unequal.
  const c = load(`(module
    (type $x (struct (field i64)))
    (rec (type $a0 (struct (field (ref null $a1)))) (type $a1 (struct (field (ref null $a0)) (field (ref $x))))))`);
  assert.notEqual(typeId(c.types, 1), typeId(a.types, 1));
  // A rec group's function type is not the plain one of the same structure.
  const plain = load('(module (type (func)))');
  assert.notEqual(typeId(a.types, 4), typeId(plain.types, 0));
});

test('identities of a long chain of references are computed without deep recursion', () => {
  // 200,000 function types, each taking a reference to the one before: a recursion per
  // reference would overflow the stack.
  const types: SubType[] = [];
  addFuncType(types, { params: [], results: [] });
  for (let i = 1; i < 200_000; i++) addFuncType(types, { params: [`(ref null ${i - 1})`], results: [] });
  const last = typeId(types, types.length - 1);
  assert.match(last, /^[0-9a-f]{32}$/);
  // The same chain one shorter at the front has other identities (the structure differs).
  assert.notEqual(typeId(types, 1), typeId(types, 0));
});

test('subtyping: declared chains, the abstract hierarchy, finality and structural checks', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const m = load(`(module
    (type $s (sub (struct (field i32))))
    (type $s2 (sub $s (struct (field i32) (field i64))))
    (type $s3 (sub final $s2 (struct (field i32) (field i64) (field f32))))
    (type $a (array i8))
    (type $f (func)))`);
  validateModule(m);
  assert.ok(heapMatches(m.types, 2, 0) && heapMatches(m.types, 1, 0) && !heapMatches(m.types, 0, 1));
  for (const [a, b] of [[2, 'struct'], [2, 'eq'], [2, 'any'], [3, 'array'], [3, 'eq'], ['i31', 'eq'], ['i31', 'any'], ['none', 2], ['none', 'i31'], [4, 'func'], ['nofunc', 4]] as const) {
    assert.ok(heapMatches(m.types, a, b), `${a} <= ${b}`);
  }
  for (const [a, b] of [[2, 'array'], [3, 'struct'], ['eq', 'i31'], ['any', 'eq'], [4, 'any'], ['none', 4], ['nofunc', 0], ['i31', 'struct'], ['none', 'func']] as const) {
    assert.ok(!heapMatches(m.types, a, b), `not ${a} <= ${b}`);
  }
  assert.ok(matches(m.types, '(ref 2)', 'structref') && !matches(m.types, '(ref null 2)', '(ref struct)'));
  rejects('(module (type $s (sub final (struct))) (type (sub $s (struct))))', 'final');
  rejects('(module (type $s (sub (struct (field i32)))) (type (sub $s (struct (field i64)))))', 'does not match super type');
  rejects('(module (type $s (sub (struct (field (mut i32))))) (type (sub $s (struct (field i32)))))', 'does not match super type');
  rejects('(module (type $s (sub (array i8))) (type (sub $s (array i16))))', 'does not match super type');
  rejects('(module (type $f (sub (func (param i32)))) (type (sub $f (func (param i64)))))', 'does not match super type');
  rejects('(module (type $s (sub (struct))) (type (sub $s (array i8))))', 'does not match super type');
  rejects('(module (type (struct (field (ref 1)))))', 'unknown type 1');
  // A chain 64 deep is over the limit; 63 is not.
  const chain = (n: number): string => `(module (type $t0 (sub (struct))) ${Array.from({ length: n }, (_, i) => `(type $t${i + 1} (sub $t${i} (struct)))`).join(' ')})`;
  validateModule(load(chain(63)));
  rejects(chain(64), 'subtyping depth');
});

test('signature strings: plain function types stay structural; others carry their supertype display', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const m = load(`(module
    (type $p (func (param i32)))
    (type $t1 (sub (func)))
    (type $t2 (sub $t1 (func)))
    (rec (type $r0 (func)) (type $r1 (func))))`);
  validateModule(m);
  const sig = (x: number): string => sigString(funcType(m, x)!, m.types, x);
  assert.equal(sig(0), 'i:');
  assert.equal(sig(1), `:|#${typeId(m.types, 1)}`);
  assert.equal(sig(2), `:|#${typeId(m.types, 1)},${typeId(m.types, 2)}`);
  assert.deepEqual(display(m.types, 2), [typeId(m.types, 1), typeId(m.types, 2)]);
  assert.notEqual(sig(3), sig(4));
  assert.ok(sig(2).startsWith(sig(1)), 'a subtype\'s display begins with its supertype\'s');
});

test('GC instructions validate (fields, packing, mutability, casts, constants) and compile', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const ok = `(module
    (type $s (struct (field i8) (field (mut i32)) (field (ref null $s))))
    (type $a (array (mut i16)))
    (type $f (array (mut f64)))
    (data "abcd")
    (global $g (ref $s) (struct.new $s (i32.const 1) (i32.const 2) (ref.null $s)))
    (global externref (extern.convert_any (ref.i31 (i32.const 7))))
    (func (param $x (ref null $s)) (param $y anyref) (result i32)
      (struct.set $s 1 (local.get $x) (struct.get_s $s 0 (local.get $x)))
      (drop (array.new_data $a 0 (i32.const 0) (i32.const 2)))
      (drop (ref.test (ref $s) (local.get $y)))
      (drop (block $l (result anyref) (br_on_cast $l anyref (ref $s) (local.get $y)) (drop) (ref.null none)))
      (ref.eq (ref.i31 (i32.const 1)) (ref.cast (ref null eq) (local.get $y)))))`;
  const m = load(ok);
  validateModule(m);
  rejects('(module (type $s (struct (field i8))) (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))', 'packed field');
  rejects('(module (type $s (struct (field i32))) (func (param (ref $s)) (struct.set $s 0 (local.get 0) (i32.const 1))))', 'immutable field');
  rejects('(module (type $s (struct (field i32))) (func (param (ref $s)) (result i32) (struct.get $s 1 (local.get 0))))', 'unknown field 1');
  rejects('(module (type $a (array (mut anyref))) (data "") (func (drop (array.new_data $a 0 (i32.const 0) (i32.const 0)))))', 'not numeric or vector');
  rejects('(module (type $a (array (ref any))) (func (drop (array.new_default $a (i32.const 1)))))', 'not defaultable');
  rejects('(module (func (param externref) (result i32) (ref.test (ref any) (local.get 0))))', 'type mismatch');
  rejects('(module (type $a (array i8)) (type $b (array (mut i8))) (func (param (ref $a) (ref $b)) (array.copy $a $b (local.get 0) (i32.const 0) (local.get 1) (i32.const 0) (i32.const 0))))', 'immutable field');
  rejects('(module (global i32 (array.len (array.new_fixed 0 0))) (type (array i8)))', 'constant expression required');
  // Valid and compiled, casts, ref.eq and the extern conversions included (gc-cast.ts).
  const ir = translateModule(m, { name: 'm' });
  assert.match(ir, /@awsm_gc_extern_convert_any/);
  assert.match(ir, /castdone/);
  // Allocation, fields and i31 are compiled (gc.ts).
  const body = load('(module (type $s (struct (field (mut i8)))) (func (result i32) (struct.set $s 0 (struct.new_default $s) (i32.const 1)) (i31.get_u (ref.i31 (i32.const 5)))))');
  validateModule(body);
  assert.match(translateModule(body, { name: 'm' }), /@awsm_gc_struct_new/);
});

test('GC objects compile on 32-bit targets, a reference element in an 8-byte slot (docs/gc.md, "Layout")', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const triple = 'armv7-linux-gnueabihf';
  const m = load('(module (type $s (struct)) (type $a (array (mut (ref null $s)))) (global (ref $s) (struct.new $s))' +
    ' (func (param (ref $a) i32) (result (ref null $s)) (array.get $a (local.get 0) (local.get 1)))' +
    ' (func (result (ref $a)) (array.new $a (global.get 0) (i32.const 3))))');
  validateModule(m);
  const ir = translateModule(m, { name: 'm', triple });
  assert.match(ir, /@awsm_gc_struct_new/);
  assert.match(ir, /getelementptr inbounds i64, ptr %\S+, i64 %/, 'array.get indexes 8-byte slots');
  assert.match(ir, /(%elt\d+) = alloca i64\n[^]*store i64 0, ptr \1\n/, "array.new's fill value is a pointer widened to its 8-byte slot");
});
