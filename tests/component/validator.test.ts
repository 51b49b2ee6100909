/**
 * Unit tests of the component validator (src/component/validator.ts). Each case is component
 * text assembled by `wasm-tools parse` (which does not validate), with awsm's expected verdict:
 * valid, or the substring its one-line error must contain. Every verdict is also checked
 * against `wasm-tools validate`, the reference, so a case that wasm-tools judges otherwise
 * fails here too. Real components (a WIT world of every type constructor, a C WASI program
 * with the preview1 adapter) must validate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodeComponent } from '../../src/component/decoder.js';
import { validateComponent } from '../../src/component/validator.js';
import { ValidationError } from '../../src/errors.js';
import { requires } from '../tools.js';
import { FIXTURES, adapterMissing, inTemp, parseWat, wasiCComponent, wasmToolsValid, witComponent } from './tools.js';

/** A component text and awsm's verdict: true (valid) or a substring of the error. */
type Case = [string, true | string];

/** A core module exporting `f` of the given params/results, instantiated as $i, and a memory `m`. */
const core = (sig: string, extra = ''): string =>
  `(core module $m (memory (export "m") 1) (func (export "f") ${sig}) ${extra}) (core instance $i (instantiate $m)) (alias core export $i "m" (core memory $mem))`;

const REALLOC = '(func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)';

const CASES: Case[] = [
  // ---- names ----
  ['(component (import "a-b" (func)) (import "wasi:cli/stdout@0.2.3" (instance)) (import "B-C" (func)))', true],
  ['(component (import "Bad_Name" (func)))', "'Bad_Name' is not a valid import name"],
  ['(component (import "a" (func)) (import "A" (func)))', "import name 'A' conflicts with a previous name"],
  ['(component (import "f" (func $f)) (export "f" (func $f)) (export "F" (func $f)))', "export name 'F' conflicts"],
  ['(component (import "[method]r.f" (func)))', "refers to resource 'r', which is not imported or exported before it"],
  ['(component (import "r" (type $r (sub resource))) (import "[method]r.f" (func (param "x" u32))))', 'must take (param "self" (borrow r)) first'],
  ['(component (import "r" (type $r (sub resource))) (import "[constructor]r" (func)))', "constructor '[constructor]r' must return (own r)"],
  ['(component (import "r" (type $r (sub resource))) (import "[constructor]r" (func (result (own $r)))) (import "[method]r.m" (func (param "self" (borrow $r)))) (import "[static]r.s" (func)))', true],
  // ---- types ----
  ['(component (type (record)))', 'record type must have at least one field'],
  ['(component (type (record (field "a" u8) (field "A" u8))))', "record label 'A' conflicts"],
  ['(component (type (variant (case "a" u8) (case "b"))) (type (enum "x" "y")) (type (flags "r" "w")) (type (tuple u8 string)) (type (option u8)) (type (result u8 (error string))) (type (list char)))', true],
  [`(component (type (flags ${Array.from({ length: 33 }, (_, i) => `"f${i}"`).join(' ')})))`, 'flags type may have at most 32 flags'],
  ['(component (type (own 0)))', 'unknown type 0'],
  ['(component (type u8) (type (borrow 0)))', 'type 0 is not a resource type'],
  ['(component (type (resource (rep i32))) (type (borrow 0)) (type (func (result 1))))', 'function result type contains a borrow handle'],
  ['(component (type (instance (type (resource (rep i32))))))', 'resource types can only be defined in a component'],
  [`(component ${core('(param i32)')} (type (resource (rep i32) (dtor (core func $i "f")))))`, true],
  [`(component ${core('(param i64)')} (type (resource (rep i32) (dtor (core func $i "f")))))`, 'resource destructor (core func 0) must have type [i32] -> []'],
  // ---- canon ----
  [`(component ${core('(param i32)')} (func (canon lift (core func $i "f"))))`, 'core func 0 has type [i32] -> [], but lifting it as type 0 needs [] -> []'],
  [`(component ${core('(param i32 i32)')} (func (param "a" string) (canon lift (core func $i "f"))))`, 'the memory option is required'],
  [`(component ${core('(param i32 i32)')} (func (param "a" string) (canon lift (core func $i "f") (memory $mem))))`, 'the realloc option is required'],
  [`(component ${core('(param i32 i32)', REALLOC)} (alias core export $i "realloc" (core func $r)) (func (param "a" string) (canon lift (core func $i "f") (memory $mem) (realloc $r))))`, true],
  [`(component ${core('(param i32 i32)', REALLOC)} (alias core export $i "f" (core func $r)) (func (param "a" string) (canon lift (core func $i "f") (memory $mem) (realloc $r))))`, 'realloc (core func 0) has type [i32 i32] -> [], not [i32 i32 i32 i32] -> [i32]'],
  [`(component ${core('(result i32) i32.const 0', '(func (export "pr") (param i32))')} (alias core export $i "pr" (core func $pr)) (func (result string) (canon lift (core func $i "f") (memory $mem) (post-return $pr))))`, true],
  [`(component ${core('(result i32) i32.const 0', '(func (export "pr") (param i64))')} (alias core export $i "pr" (core func $pr)) (func (result string) (canon lift (core func $i "f") (memory $mem) (post-return $pr))))`, 'post-return (core func 0) has type [i64] -> [], not [i32] -> []'],
  ['(component (import "f" (func $f (result string))) (core func (canon lower (func $f))))', 'canon lower: the function\'s type passes strings, lists or spilled values through memory'],
  ['(component (import "f" (func $f)) (core func (canon lower (func $f) string-encoding=utf8 string-encoding=utf16)))', 'string encoding option given more than once'],
  // 17 u32 parameters flatten to one pointer: lifting needs memory and realloc.
  [`(component ${core('(param i32)')} (func (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (param "e" u32) (param "f" u32) (param "g" u32) (param "h" u32) (param "i" u32) (param "j" u32) (param "k" u32) (param "l" u32) (param "m" u32) (param "n" u32) (param "o" u32) (param "p" u32) (param "q" u32) (canon lift (core func $i "f") (memory $mem))))`, 'the realloc option is required'],
  ['(component (import "r" (type $r (sub resource))) (core func (canon resource.new $r)))', 'canon resource.new: type 0 is not a resource this component defines'],
  ['(component (import "r" (type $r (sub resource))) (core func (canon resource.drop $r)))', true],
  // ---- nominal types in imports and exports must be named by the interface (named.ts) ----
  ['(component (type $r (resource (rep i32))) (import "x" (func (result (own $r)))))', "import 'x' (a func): its resource type is not imported before it"],
  ['(component (type (component (export "x" (type $x (sub resource))) (import "f" (func (result (own $x)))))))', "import 'f' (a func): its resource type 'x' is not imported before it"],
  ['(component (type $r (resource (rep i32))) (core func $f (canon resource.drop $r)) (func (export "f") (param "x" (own $r)) (canon lift (core func $f))))', "export 'f' (a func): its resource type is not imported or exported before it"],
  ['(component (type $r\' (resource (rep i32))) (export $r "r" (type $r\')) (core func $f (canon resource.drop $r)) (func (export "f") (param "x" (own $r)) (canon lift (core func $f))))', true],
  ['(component (type $p (record (field "x" u8))) (import "f" (func (param "p" $p))))', "import 'f' (a func): its record type is not imported before it"],
  ['(component (type $p0 (record (field "x" u8))) (import "p" (type $p (eq $p0))) (import "f" (func (param "p" (list (option $p))))))', true],
  // ---- core instances ----
  ['(component (core module $m (import "x" "f" (func))) (core instance $i (instantiate $m)))', "imports from 'x', which is not an argument of its instantiation"],
  ['(component (core module $e (func (export "f") (param i32))) (core module $m (import "x" "f" (func))) (core instance $a (instantiate $e)) (core instance $i (instantiate $m (with "x" (instance $a)))))', "imports 'x' 'f' with another type (func [] -> []) than the instance exports (func [i32] -> [])"],
  ['(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (alias core export $i "g" (core func)))', "core instance 0 has no export 'g'"],
  // ---- components, instances, aliases ----
  ['(component (component $c (import "f" (func))) (instance (instantiate $c)))', "component 0 imports 'f', which its instantiation does not give"],
  ['(component (component $c (import "f" (func))) (import "g" (func $g (param "a" u8))) (instance (instantiate $c (with "f" (func $g)))))', "instantiation argument 'f' does not match the import of component 0: function types do not match"],
  ['(component (import "i" (instance $i)) (alias export $i "f" (func)))', "instance 0 has no export 'f'"],
  ['(component (type $t (resource (rep i32))) (component (alias outer 1 $t (type))))', 'a resource type cannot be aliased from outside the component'],
  ['(component (type $x (resource (rep i32))) (component $c (import "x" (type $t (sub resource))) (export "y" (type $t))) (instance $c (instantiate $c (with "x" (type $x)))) (alias export $c "y" (type $x2)) (core func (canon resource.rep $x2)))', true],
  ['(component (component $C (type $R (resource (rep i32))) (export "R" (type $R))) (instance $c (instantiate $C)) (alias export $c "R" (type $R)) (core func (canon resource.rep $R)))', 'is not a resource this component defines'],
  ['(component (import "x" (type $x (sub resource))) (import "y" (type $y (sub resource))) (import "z" (func $z (param "x" (own $x)) (param "y" (own $y)))) (component $c (import "x" (type $x (sub resource))) (import "z" (func (param "x" (own $x)) (param "y" (own $x))))) (instance (instantiate $c (with "x" (type $x)) (with "z" (func $z)))))', "argument 'z' does not match"],
  ['(component (component $c (import "x1" (type $x1 (sub resource))) (import "x2" (type $x2 (eq $x1)))) (type $x1 (resource (rep i32))) (type $x2 (resource (rep i32))) (instance (instantiate $c (with "x1" (type $x1)) (with "x2" (type $x2)))))', 'resource types differ'],
  ['(component (component $c (import "x" (type (sub resource)))) (type $x u32) (instance (instantiate $c (with "x" (type $x)))))', 'expected a resource type'],
  ['(component (import "C1" (component $C1 (import "T" (type $T (sub resource))) (export "foo" (func (param "t" (own $T)))))) (import "C2" (component $C2 (import "T" (type $T (sub resource))) (import "foo" (func (param "t" (own $T)))))) (type $R (resource (rep i32))) (instance $c1 (instantiate $C1 (with "T" (type $R)))) (instance $c2 (instantiate $C2 (with "T" (type $R)) (with "foo" (func $c1 "foo")))))', true],
];

test('component validation rules, each case agreeing with wasm-tools', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  for (const [text, verdict] of CASES) {
    const bytes = parseWat(text);
    assert.equal(wasmToolsValid(bytes), verdict === true, `wasm-tools disagrees with the expected verdict of ${text}`);
    const c = decodeComponent(bytes);
    if (verdict === true) {
      assert.doesNotThrow(() => validateComponent(c), `expected valid: ${text}`);
    } else {
      assert.throws(() => validateComponent(c), (e: unknown) => {
        assert.ok(e instanceof ValidationError, `${text}: expected a ValidationError, got ${String(e)}`);
        assert.ok(e.message.includes(verdict), `${text}:\n  expected "${verdict}"\n  got      "${e.message}"`);
        assert.ok(!e.message.includes('\n'), 'one line');
        assert.match(e.message, /\(in byte offset 0x[0-9a-f]+\)$/);
        return true;
      });
    }
  }
});

test('an invalid core module inside a component: the module validator\'s error, moved into the file', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const bytes = parseWat('(component (core module (func (result i32) i64.const 0)))');
  assert.throws(() => validateComponent(decodeComponent(bytes)), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.match(e.message, /^type mismatch.* in core module 0 \(in function 0, at byte offset 0x[0-9a-f]+\)$/);
    // At the function's end (where the module validator sees the mismatch), in the file.
    assert.ok(e.offset !== undefined && e.offset > 16 && e.offset < bytes.length && bytes[e.offset] === 0x0b, `offset ${e.offset}`);
    return true;
  });
});

test('a WIT world of every type constructor validates; its interface is the one WIT gives', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const ct = validateComponent(decodeComponent(witComponent(join(FIXTURES, 'all-types.wit'))));
  assert.deepEqual([...ct.imports.keys()].sort(), ['awsm:all-types/types', 'log']);
  assert.deepEqual([...ct.exports.keys()].sort(), ['awsm:all-types/types', 'run']);
  const types = ct.exports.get('awsm:all-types/types');
  assert.equal(types?.kind, 'instance');
  if (types?.kind !== 'instance') return;
  assert.ok(types.type.exports.has('[method]counter.inc'));
  const counter = types.type.exports.get('counter');
  assert.ok(counter?.kind === 'type' && counter.type.kind === 'resource', 'counter is a resource');
});

test('a C WASI program wrapped with the preview1 adapter validates', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'], adapterMissing())) return;
  inTemp((dir) => {
    const ct = validateComponent(decodeComponent(readFileSync(wasiCComponent(join(FIXTURES, 'hello.c'), dir))));
    assert.ok([...ct.imports.keys()].some((n) => n.startsWith('wasi:cli/stdout@0.2.')));
    assert.ok([...ct.exports.keys()].some((n) => n.startsWith('wasi:cli/run@0.2.')));
  });
});

/**
 * A component whose type `$tK` nests (tuple $t(K-1) $t(K-1)) K times over (tuple u8 string):
 * 2^(K+2)-1 nodes as a tree from K+1 definitions; imported as a function's parameter and
 * result, lowered, and passed to a nested component that imports it by an outer alias.
 */
function doublingTypes(k: number): string {
  const types = ['(type $t0 (tuple u8 string))'];
  for (let i = 1; i <= k; i++) types.push(`(type $t${i} (tuple $t${i - 1} $t${i - 1}))`);
  return `(component $O ${types.join(' ')}
    (import "f" (func $f (param "x" $t${k}) (result $t${k})))
    (core module $m (memory (export "m") 1) (func (export "r") (param i32 i32 i32 i32) (result i32) i32.const 0))
    (core instance $i (instantiate $m))
    (alias core export $i "m" (core memory $mem)) (alias core export $i "r" (core func $r))
    (core func (canon lower (func $f) (memory $mem) (realloc $r)))
    (component $c (alias outer $O $t${k} (type $T)) (import "f" (func (param "x" $T) (result $T))))
    (instance (instantiate $c (with "f" (func $f)))))`;
}

test('regression: types that double at every level cost time linear in their definitions, and the type size limit agrees with wasm-tools', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  // Before the fix, flattening, matching and the memory checks walked the 2^62-node tree: a hang.
  const huge = parseWat(doublingTypes(60));
  const started = performance.now();
  assert.throws(() => validateComponent(decodeComponent(huge)), /type is too large: \d+ nodes \(the limit is 1000000\)/);
  // The largest that fits (a function of 2 × 524,287 + 1 nodes would not): valid, quickly.
  const big = parseWat(doublingTypes(16));
  assert.equal(wasmToolsValid(big), true);
  validateComponent(decodeComponent(big));
  const tooBig = parseWat(doublingTypes(17));
  assert.equal(wasmToolsValid(tooBig), false);
  assert.throws(() => validateComponent(decodeComponent(tooBig)), /type is too large: 1048575 nodes/);
  const ms = performance.now() - started;
  assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
});
