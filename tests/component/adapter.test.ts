/**
 * Unit tests of the fused adapters (src/component/adapter*.ts) and their place in the runnable
 * plan (src/driver/component.ts): the canonical ABI's layout of every type; the UTF-8 and
 * UTF-16 validators against TextDecoder's fatal mode; hand-written compositions (component WAT: an
 * outer component instantiating a callee and a caller) whose adapter modules awsm's
 * validator and `wasm-tools validate` accept, placed after what they import and wired to the
 * caller; the utf8/utf16 transcoders against TextEncoder/TextDecoder; what adapters do not do
 * yet (resources) refused in one line; strings in every pair of encodings accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import type { Code } from '../../src/binary/encoder.js';
import { ModuleEncoder } from '../../src/binary/encoder.js';
import { alignment, sizeOf, utf16ValidatorBody, utf8ValidatorBody } from '../../src/component/adapter-abi.js';
import { utf16ToUtf8Body, utf8ToUtf16Body } from '../../src/component/adapter-transcode.js';
import { handleRefusal } from '../../src/component/adapter-resource.js';
import type { Resource, Val } from '../../src/component/types.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires } from '../tools.js';
import { parseWat, runnableOf, wasmToolsValid } from './tools.js';

const prim = (p: string): Val => ({ kind: 'prim', prim: p } as Val);

test('layout: sizes and alignments of the canonical ABI', () => {
  const cases: Array<[Val, number, number]> = [
    [prim('bool'), 1, 1], [prim('s16'), 2, 2], [prim('char'), 4, 4], [prim('f64'), 8, 8], [prim('string'), 8, 4],
    [{ kind: 'list', elem: prim('u64') }, 8, 4],
    [{ kind: 'record', fields: [['a', prim('u32')], ['b', prim('f64')]] }, 16, 8],
    [{ kind: 'tuple', types: [prim('u8'), prim('u16'), prim('u8')] }, 6, 2],
    [{ kind: 'option', type: prim('char') }, 8, 4],
    [{ kind: 'result', ok: prim('string'), err: prim('u8') }, 12, 4],
    [{ kind: 'result' }, 1, 1],
    [{ kind: 'variant', cases: [['a', prim('u64')], ['b', undefined]] }, 16, 8],
    [{ kind: 'enum', labels: Array.from({ length: 300 }, (_, i) => `e${i}`) }, 2, 2],
    [{ kind: 'flags', labels: ['a', 'b', 'c'] }, 1, 1],
    [{ kind: 'flags', labels: Array.from({ length: 9 }, (_, i) => `f${i}`) }, 2, 2],
    [{ kind: 'flags', labels: Array.from({ length: 17 }, (_, i) => `f${i}`) }, 4, 4],
  ];
  for (const [t, size, align] of cases) assert.deepEqual([sizeOf(t), alignment(t)], [size, align], JSON.stringify(t));
});

/**
 * Whether the adapters' validator written by `body` traps on exactly the strings `label`'s
 * fatal TextDecoder rejects: `cases` and 3,000 random strings of units from `pool`, each
 * placed at the end of memory (reading one unit too far traps as out of bounds).
 */
function validatorAgrees(body: (c: Code, mem: number) => void, label: string, unit: 1 | 2, cases: number[][], pool: readonly number[]): void {
  const enc = new ModuleEncoder();
  enc.importMemory('env', 'memory', 1);
  const v = enc.func({ params: ['i32', 'i32'], results: [] });
  body(v.code, 0);
  enc.export('validate', 'func', v.index);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(enc.encode()), { env: { memory } });
  const validate = instance.exports['validate'] as (p: number, n: number) => void;
  const decoder = new TextDecoder(label, { fatal: true });
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (let i = 0; i < 3000; i++) cases.push(Array.from({ length: 1 + rand(6) }, () => pool[rand(pool.length)]!));
  let valid = 0;
  for (const units of cases) {
    const bytes = unit === 1 ? new Uint8Array(units) : new Uint8Array(Uint16Array.from(units).buffer);
    const at = memory.buffer.byteLength - bytes.length;
    new Uint8Array(memory.buffer).set(bytes, at);
    let want = true;
    try {
      decoder.decode(bytes);
    } catch {
      want = false;
    }
    let got = true;
    try {
      validate(at, units.length);
    } catch (e) {
      assert.ok(e instanceof WebAssembly.RuntimeError && /unreachable/.test(e.message), `[${units.map((b) => b.toString(16))}]: ${String(e)}`);
      got = false;
    }
    assert.equal(got, want, `[${units.map((b) => b.toString(16)).join(' ')}]`);
    if (want) valid++;
  }
  assert.ok(valid > 100 && valid < cases.length - 100, `a mix of valid and invalid strings (${valid} valid)`);
}

test("the adapters' UTF-8 validator traps exactly where TextDecoder's fatal mode throws", () => {
  validatorAgrees(utf8ValidatorBody, 'utf-8', 1, [
    [], [0x41], [0xc3, 0xa9], [0xc3], [0xc0, 0xaf], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0x9f, 0xbf], [0xe0, 0xa0, 0x80],
    [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0x80], [0xe2, 0x82], [0xe2, 0x82, 0xac], [0xe2, 0x02, 0xac], [0xf0, 0x9f, 0x98, 0x00],
  ], [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff]);
});

test("the adapters' UTF-16 validator traps exactly on lone surrogates, as TextDecoder's fatal mode", () => {
  validatorAgrees(utf16ValidatorBody, 'utf-16le', 2, [
    [], [0x41], [0xd800], [0xdc00], [0xd800, 0xdc00], [0xdbff, 0xdfff], [0xdc00, 0xd800], [0xd800, 0x41], [0x41, 0xdfff], [0xd7ff, 0xe000, 0xffff],
  ], [0x0000, 0x0041, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff]);
});

/**
 * An outer component instantiating a callee (lifting `f` of type FTYPE from its core module
 * CALLEE, with CALLEE_OPTS) and a caller (a core module importing the lowered `f`, with
 * CALLER_OPTS, that exports wasi:cli/run's run).
 */
function pair(ftype: string, calleeCore: string, calleeOpts: string, callerCore: string, callerOpts: string): string {
  return `(component
  (component $callee
    (core module $m
      (memory (export "mem") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
      ${calleeCore})
    (core instance $i (instantiate $m))
    (type $ft ${ftype})
    (func (export "f") (type $ft) (canon lift (core func $i "f") ${calleeOpts})))
  (component $caller
    (type $ft ${ftype})
    (import "f" (func $f (type $ft)))
    (core module $mem (memory (export "mem") 1) (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 128))
    (core instance $mi (instantiate $mem))
    (core func $low (canon lower (func $f) ${callerOpts}))
    (core module $main
      ${callerCore}
      (func (export "run") (result i32) i32.const 0))
    (core instance $c (instantiate $main (with "x" (instance (export "f" (func $low))))))
    (func $run (result (result)) (canon lift (core func $c "run")))
    (instance $x (export "run" (func $run)))
    (export "wasi:cli/run@0.2.3" (instance $x)))
  (instance $e (instantiate $callee))
  (instance $r (instantiate $caller (with "f" (func $e "f"))))
  (export "wasi:cli/run@0.2.3" (instance $r "wasi:cli/run@0.2.3")))`;
}

/** `pair` with a string passed in and out, the encodings given. */
function stringPair(calleeEncoding: string, callerEncoding: string): string {
  return pair('(func (param "s" string) (result string))',
    '(func (export "f") (param i32 i32) (result i32) i32.const 0)',
    `(memory (core memory $i "mem")) (realloc (core func $i "realloc")) string-encoding=${calleeEncoding}`,
    '(import "x" "f" (func (param i32 i32 i32)))',
    `(memory (core memory $mi "mem")) (realloc (core func $mi "realloc")) string-encoding=${callerEncoding}`);
}

test('a composed component: the adapter module validates, comes after what it imports, and the caller imports it', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const bytes = parseWat(stringPair('utf8', 'utf8'));
  assert.ok(wasmToolsValid(bytes), 'the composition is valid');
  const r = runnableOf(bytes);
  assert.equal(r.adapters.length, 1);
  const m = decodeModule(r.adapters[0]!);
  validateModule(m);
  assert.ok(wasmToolsValid(r.adapters[0]!), 'wasm-tools validate of the adapter module');
  // Plan instances: 0 callee, 1 caller's memory, 2 caller main; the adapter goes before main.
  assert.deepEqual(r.instances.map((i) => i.module), [0, 1, 3, 2]);
  const adapter = r.instances[2]!;
  const wired = adapter.wires.map((w) => ('from' in w ? `${w.name} <- ${w.from.instance}.${w.from.name}` : 'canon' in w ? `${w.name} <- runtime ${w.canon}` : w.name));
  // The runtime's built-ins every adapter calls: the call's scope and the may_leave flag (no handles: no own/borrow).
  assert.deepEqual(wired.sort(), ['f4 <- 0.f', 'f1 <- 1.realloc', 'f3 <- 0.realloc', 'm0 <- 1.mem', 'm2 <- 0.mem',
    'f5 <- runtime enter', 'f6 <- runtime exit', 'f7 <- runtime leave'].sort());
  assert.deepEqual(r.instances[3]!.wires, [{ module: 'x', name: 'f', from: { instance: 2, name: 'adapter0' } }]);
  assert.equal(m.imports.filter((i) => i.desc.kind === 'memory').length, 2, 'both memories imported');
});

test('a resource handle is refused in one line; strings in every pair of encodings are not', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  // Strings are transcoded between any two encodings: no refusal.
  for (const [callee, caller] of [['latin1+utf16', 'utf8'], ['utf16', 'latin1+utf16'], ['latin1+utf16', 'latin1+utf16'], ['utf16', 'utf8']] as const) {
    const r = runnableOf(parseWat(stringPair(callee, caller)));
    assert.equal(r.adapters.length, 1);
    validateModule(decodeModule(r.adapters[0]!));
    assert.ok(wasmToolsValid(r.adapters[0]!), `wasm-tools validate of the ${caller} -> ${callee} adapter module`);
  }
  const r: Resource = { name: 'thing', local: false };
  const known = new Map([[r, { kind: 'defined' as const, id: 0 }]]);
  // Handles cross when the plan knows their resource; a resource only the host has is refused.
  assert.equal(handleRefusal({ kind: 'list', elem: { kind: 'own', resource: r } }, known), undefined);
  assert.match(handleRefusal({ kind: 'list', elem: { kind: 'own', resource: r } }, new Map()) ?? '', /^an own handle of resource thing, which no component of this file defines \(a host resource: not done yet\)$/);
  assert.equal(handleRefusal({ kind: 'option', type: { kind: 'borrow', resource: r } }, new Map([[r, { kind: 'defined', id: 0 }]])), undefined);
  assert.equal(handleRefusal({ kind: 'record', fields: [['a', prim('string')], ['b', { kind: 'option', type: prim('char') }]] }, new Map()), undefined);
});

test('two lowerings of one lifted function, imported by two core instances: one adapter module with an adapter each', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const text = pair('(func (param "s" string))', '(func (export "f") (param i32 i32))', '(memory (core memory $i "mem")) (realloc (core func $i "realloc"))',
    '(import "x" "f" (func (param i32 i32)))', '(memory (core memory $mi "mem"))')
    .replace('(core instance $c (instantiate $main (with "x" (instance (export "f" (func $low))))))',
      '(core instance $c (instantiate $main (with "x" (instance (export "f" (func $low))))))\n    (core instance $d (instantiate $main (with "x" (instance (export "f" (func $low2))))))')
    .replace('(core func $low (canon lower (func $f) (memory (core memory $mi "mem"))))', '(core func $low (canon lower (func $f) (memory (core memory $mi "mem"))))\n    (core func $low2 (canon lower (func $f) (memory (core memory $mi "mem"))))');
  const bytes = parseWat(text);
  assert.ok(wasmToolsValid(bytes), 'the composition is valid');
  const r = runnableOf(bytes);
  assert.equal(r.adapters.length, 1);
  assert.equal(decodeModule(r.adapters[0]!).exports.length, 2);
  const importers = r.instances.flatMap((inst, k) => inst.wires.flatMap((w) => ('from' in w && w.from.name.startsWith('adapter') ? [`${k}: ${w.from.instance}.${w.from.name}`] : [])));
  assert.deepEqual(importers, ['3: 2.adapter0', '4: 2.adapter1']);
});

test("the adapters' transcoders agree with TextEncoder/TextDecoder: utf8 to utf16 and back, every sequence length", () => {
  const enc = new ModuleEncoder();
  enc.importMemory('env', 'memory', 1);
  const to16 = enc.func({ params: ['i32', 'i32', 'i32'], results: ['i32'] });
  utf8ToUtf16Body(to16.code, 0, 0);
  const to8 = enc.func({ params: ['i32', 'i32', 'i32'], results: ['i32'] });
  utf16ToUtf8Body(to8.code, 0, 0);
  enc.export('to16', 'func', to16.index);
  enc.export('to8', 'func', to8.index);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const e = new WebAssembly.Instance(new WebAssembly.Module(enc.encode()), { env: { memory } }).exports as Record<'to16' | 'to8', (s: number, n: number, d: number) => number>;
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  // Code points of every UTF-8 length and both sides of every boundary.
  const pool = [0x0, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x1f600, 0x10ffff];
  for (let i = 0; i < 500; i++) {
    const text = String.fromCodePoint(...Array.from({ length: rand(12) }, () => pool[rand(pool.length)]!));
    const utf8 = new TextEncoder().encode(text);
    const bytes = new Uint8Array(memory.buffer);
    bytes.set(utf8, 0);
    const units = e.to16(0, utf8.length, 4096);
    assert.equal(units, text.length, JSON.stringify(text));
    assert.equal(String.fromCharCode(...new Uint16Array(memory.buffer, 4096, units)), text);
    const back = e.to8(4096, units, 16384);
    assert.equal(back, utf8.length);
    assert.deepEqual(new Uint8Array(memory.buffer, 16384, back), utf8);
  }
});
