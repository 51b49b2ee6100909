/**
 * Unit tests of the component descriptor generator (src/driver/component.ts): the plan made
 * runnable (wires, host functions with their options, run and its post-return), what cannot
 * run refused by name, and import names of any bytes written as C string literals that clang
 * accepts and that keep their bytes and lengths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

import { descriptorC } from '../../src/driver/component.js';
import { runtimeDir } from '../../src/driver/runtime.js';
import { UnsupportedError } from '../../src/errors.js';
import { mustRun, requires } from '../tools.js';
import { FIXTURES, inTemp, parseWat, runnableOf } from './tools.js';

/** A command component whose core module imports `name` from module "m" through a lowered host function. */
function command(importName: string, postReturn = false): string {
  // Every byte as a WAT \hh escape.
  const quoted = `"${[...Buffer.from(importName, 'utf8')].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}"`;
  return `(component
    (import "test:x/y@0.1.0" (instance $h (export "f" (func (param "a" u32)))))
    (alias export $h "f" (func $f))
    (core func $fl (canon lower (func $f)))
    (core module $m (import "m" ${quoted} (func (param i32)))
      (func (export "run") (result i32) i32.const 0) (func (export "pr") (param i32)))
    (core instance $i (instantiate $m (with "m" (instance (export ${quoted} (func $fl))))))
    (func $run (result (result)) (canon lift (core func $i "run")${postReturn ? ' (post-return (core func $i "pr"))' : ''}))
    (instance $e (export "run" (func $run)))
    (export "wasi:cli/run@0.2.3" (instance $e)))`;
}

test('a plan made runnable: the wire to the host function, run and its post-return', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const r = runnableOf(parseWat(command('f', true)));
  assert.deepEqual(r.hosts, [{ iface: 'test:x/y@0.1.0', name: 'f', encoding: 0 }]);
  assert.deepEqual(r.instances, [{ module: 0, wires: [{ module: 'm', name: 'f', host: 0 }] }]);
  assert.deepEqual(r.run, { instance: 0, name: 'run' });
  assert.deepEqual(r.postReturn, { instance: 0, name: 'pr' });
});

test('a lowered function that is not a function of an imported interface is refused by name', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const text = command('f').replace('(import "test:x/y@0.1.0" (instance $h (export "f" (func (param "a" u32)))))\n    (alias export $h "f" (func $f))', '(import "f" (func $f (param "a" u32)))');
  assert.throws(() => runnableOf(parseWat(text)), (e: unknown) =>
    e instanceof UnsupportedError && /import 'm' 'f' of core instance 0 is component import 'f', not a function of an imported interface/.test(e.message));
});

test('import names with quotes, backslashes, question marks, NUL and non-ASCII: C literals clang accepts, with their byte lengths', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const name = 'a"b\\c??=d\u0000e\u00e9f\n';
  const r = runnableOf(parseWat(command(name)));
  assert.equal(r.instances[0]!.wires[0]!.name, name);
  const c = descriptorC('t', r);
  const bytes = Buffer.from(name, 'utf8');
  assert.ok(c.includes(`"m", "a\\042b\\134c\\077\\077=d\\000e\\303\\251f\\012", 1u, ${bytes.length}u,`), c);
  inTemp((dir) => {
    // The descriptor compiles (the module descriptor it refers to is declared, not needed).
    writeFileSync(join(dir, 'd.c'), c);
    mustRun('clang-16', ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', `-I${join(runtimeDir, 'include')}`, join(dir, 'd.c')]);
  });
});

test("the exports' types as a table: kinds, members, labels, payload-less cases, options of each lift; C that compiles", (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const r = runnableOf(parseWat(`(component
    (core module $m (memory (export "mem") 1) (func (export "re") (param i32 i32 i32 i32) (result i32) i32.const 0)
      (func (export "f") (param i32 i32 i32 i32) (result i32) i32.const 0) (func (export "pr") (param i32)))
    (core instance $i (instantiate $m))
    (alias core export $i "mem" (core memory $mem))
    (type $p (record (field "x" u8) (field "tag" string)))
    (export $p' "p" (type $p))
    (func (export "f") (param "a" (list $p')) (param "b" (option u32)) (result (result $p' (error string)))
      (canon lift (core func $i "f") (memory $mem) (realloc (core func $i "re")) (post-return (core func $i "pr")) string-encoding=utf16)))`));
  assert.deepEqual(r.types, [
    { kind: 'u8', count: 0, types: [], labels: [] },
    { kind: 'string', count: 0, types: [], labels: [] },
    { kind: 'record', count: 2, types: [0, 1], labels: ['x', 'tag'] },
    { kind: 'list', count: 1, types: [2], labels: [] },
    { kind: 'u32', count: 0, types: [], labels: [] },
    { kind: 'option', count: 1, types: [4], labels: [] },
    { kind: 'result', count: 2, types: [2, 1], labels: [] },
  ]);
  assert.deepEqual(r.exports, [{
    name: 'f', params: [{ name: 'a', type: 3 }, { name: 'b', type: 5 }], result: 6, core: { instance: 0, name: 'f' },
    memory: { instance: 0, name: 'mem' }, realloc: { instance: 0, name: 're' }, postReturn: { instance: 0, name: 'pr' }, encoding: 1, instance: 0,
  }]);
  assert.equal(r.run, undefined);
  const c = descriptorC('t', r);
  assert.ok(c.includes('static const char *const cl2[] = {"x", "tag"};'), c);
  assert.ok(c.includes('{19u, 2u, ct6, NULL},'), c); // result: kind 19, {ok, err}
  inTemp((dir) => {
    writeFileSync(join(dir, 'd.c'), c);
    mustRun('clang-16', ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', `-I${join(runtimeDir, 'include')}`, join(dir, 'd.c')]);
  });
});

test('a resource the component defines: its built-ins wired to its handle table, its destructor, own/borrow ids in the type table', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const r = runnableOf(parseWat(readFileSync(join(FIXTURES, 'api-resources.wat'), 'utf8')));
  assert.deepEqual(r.resources, [{ name: 'counter', instance: 0, dtor: { instance: 0, name: 'dtor' } }]);
  assert.equal(r.componentInstances, 1);
  assert.deepEqual(r.instances[1]!.wires.filter((w) => 'builtin' in w), [
    { module: 'r', name: 'new', builtin: 'resource.new', resource: 0, instance: 0 },
    { module: 'r', name: 'rep', builtin: 'resource.rep', resource: 0, instance: 0 },
    { module: 'r', name: 'drop', builtin: 'resource.drop', resource: 0, instance: 0 },
  ]);
  const ctor = r.exports.find((e) => e.name === '[constructor]counter')!;
  const get = r.exports.find((e) => e.name === '[method]counter.get')!;
  assert.deepEqual(r.types[ctor.result!], { kind: 'own', count: 0, types: [], labels: [] });
  assert.deepEqual(r.types[get.params[0]!.type], { kind: 'borrow', count: 0, types: [], labels: [] });
  const c = descriptorC('t', r);
  assert.ok(c.includes('{"r", "new", 1u, 3u, AWSM_WIRE_RESOURCE_NEW, 0u,'), c);
  inTemp((dir) => {
    writeFileSync(join(dir, 'd.c'), c);
    mustRun('clang-16', ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', `-I${join(runtimeDir, 'include')}`, join(dir, 'd.c')]);
  });
});

test('a child instantiated twice: a resource type and a component instance each, its built-ins wired to its own table', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const r = runnableOf(parseWat(readFileSync(join(FIXTURES, 'pair-twice.wat'), 'utf8')));
  // Component instances: 0 the outer one, 1 and 2 the two children, 3 the user.
  assert.equal(r.componentInstances, 4);
  assert.deepEqual(r.resources.map((x) => [x.name, x.instance]), [['ra', 1], ['rb', 2]]);
  const news = r.instances.flatMap((i) => i.wires.filter((w) => 'builtin' in w));
  assert.deepEqual(news, [
    { module: '', name: 'new', builtin: 'resource.new', resource: 0, instance: 1 },
    { module: '', name: 'new', builtin: 'resource.new', resource: 1, instance: 2 },
  ]);
  const c = descriptorC('t', r);
  assert.ok(c.includes(', 4u};\n'), 'num_cinstances in the descriptor');
});
