/**
 * Unit tests of the component decoder (src/component/decoder.ts): real components (a C WASI
 * program wrapped with the preview1 adapter; a WIT world using every type constructor) decode
 * into the expected definitions; malformed bytes get one DecodeError naming the section and
 * the byte offset in the whole file, also inside a nested core module; every truncation of a
 * real component is a clean DecodeError; later proposals are refused by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Component, ComponentDecl, Type } from '../../src/component/ast.js';
import { decodeComponent } from '../../src/component/decoder.js';
import { isComponent, layerOf } from '../../src/component/detect.js';
import { MAX_NESTING } from '../../src/component/read-types.js';
import { DecodeError, UnsupportedError } from '../../src/errors.js';
import { uleb } from '../fuzz/wasm-bytes.js';
import { requires } from '../tools.js';
import { ADAPTER, FIXTURES, adapterMissing, inTemp, wasiCComponent, witComponent } from './tools.js';

const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** A section: id, size, contents. */
function sec(id: number, ...contents: number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

/** A component of these section bytes. */
function comp(...sections: number[][]): Uint8Array {
  return new Uint8Array([...PREAMBLE, ...sections.flat()]);
}

/** A name: length and ASCII bytes. */
function str(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** Decoding `bytes` throws a DecodeError whose message is exactly `message`. */
function malformed(bytes: Uint8Array, message: string): void {
  assert.throws(() => decodeComponent(bytes), (e: unknown) => {
    assert.ok(e instanceof DecodeError, `expected a DecodeError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

function unsupported(bytes: Uint8Array, message: string): void {
  assert.throws(() => decodeComponent(bytes), (e: unknown) => {
    assert.ok(e instanceof UnsupportedError, `expected an UnsupportedError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

/** The kinds of every type definition in `c`, nested declarations included. */
function typeKinds(c: Component): Set<string> {
  const kinds = new Set<string>();
  const visit = (t: Type): void => {
    kinds.add(t.kind === 'prim' ? `prim ${t.prim}` : t.kind);
    if (t.kind === 'component' || t.kind === 'instance') for (const d of t.decls as ComponentDecl[]) if (d.kind === 'type') visit(d.type);
    if (t.kind === 'func') for (const p of t.func.params) if (typeof p.type === 'string') kinds.add(`prim ${p.type}`);
  };
  const walk = (c: Component): void => {
    for (const d of c.defs) {
      if (d.kind === 'type') visit(d.type);
      if (d.kind === 'component') walk(d.component);
    }
  };
  walk(c);
  return kinds;
}

test('layer detection: a core module is layer 0, a component layer 1, anything else neither', () => {
  assert.equal(layerOf(comp()), 1);
  assert.equal(isComponent(comp()), true);
  assert.equal(layerOf(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])), 0);
  assert.equal(layerOf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])), undefined);
  assert.equal(isComponent(new Uint8Array(PREAMBLE.slice(0, 7))), false);
});

test('the empty component decodes to no definitions', () => {
  const c = decodeComponent(comp());
  assert.deepEqual(c.defs, []);
});

test('a WIT world using every type constructor decodes them all', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const c = decodeComponent(witComponent(join(FIXTURES, 'all-types.wit')));
  const kinds = typeKinds(c);
  for (const k of ['record', 'variant', 'list', 'tuple', 'flags', 'enum', 'option', 'result', 'own', 'borrow', 'resource', 'func', 'instance']) {
    assert.ok(kinds.has(k), `no ${k} type decoded (got ${[...kinds].join(', ')})`);
  }
  for (const p of ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string']) {
    assert.ok(kinds.has(`prim ${p}`), `primitive ${p} not decoded`);
  }
  const canons = new Set<string>(c.defs.flatMap((d) => (d.kind === 'canon' ? [d.canon.kind] : [])));
  for (const k of ['lift', 'lower', 'resource.new', 'resource.rep', 'resource.drop']) assert.ok(canons.has(k), `no canon ${k}`);
  const imports = c.defs.flatMap((d) => (d.kind === 'import' ? [d.import.name] : []));
  assert.deepEqual(imports.sort(), ['awsm:all-types/types', 'log']);
});

test('a C WASI program wrapped with the preview1 adapter decodes, its core modules by the module decoder', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'], adapterMissing())) return;
  inTemp((dir) => {
    const bytes = readFileSync(wasiCComponent(join(FIXTURES, 'hello.c'), dir));
    const c = decodeComponent(bytes);
    const modules = c.defs.flatMap((d) => (d.kind === 'core module' ? [d] : []));
    // The program, the adapter, and wit-component's shim and fixup modules.
    assert.equal(modules.length, 4);
    const adapter = new Uint8Array(readFileSync(ADAPTER));
    assert.ok(modules.some((m) => m.module.imports.some((i) => i.module === 'wasi_snapshot_preview1' && i.name === 'fd_write')), 'the program imports fd_write');
    assert.ok(modules.every((m) => m.start > 0 && m.start + m.size <= bytes.length));
    assert.ok(adapter.length > 0);
    const imports = c.defs.flatMap((d) => (d.kind === 'import' ? [d.import.name] : []));
    assert.ok(imports.some((n) => /^wasi:cli\/stdout@0\.2\.\d+$/.test(n)), `imports: ${imports.join(', ')}`);
    const exports = c.defs.flatMap((d) => (d.kind === 'export' ? [d.export.name] : []));
    assert.ok(exports.some((n) => /^wasi:cli\/run@0\.2\.\d+$/.test(n)), `exports: ${exports.join(', ')}`);
  });
});

test('every truncation of a real component is one DecodeError (or a shorter valid component), never a crash', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const bytes = witComponent(join(FIXTURES, 'all-types.wit'));
  let malformedCount = 0;
  let total = 0;
  for (let n = 0; n < bytes.length; n += n < 64 ? 1 : 37) {
    total++;
    try {
      decodeComponent(bytes.subarray(0, n));
    } catch (e) {
      assert.ok(e instanceof DecodeError, `prefix of ${n} bytes: ${String(e)}`);
      malformedCount++;
    }
  }
  // Only prefixes that end exactly between two sections are whole components.
  assert.ok(malformedCount > total - 10, `${malformedCount} of ${total} prefixes malformed`);
});

test('malformed preambles and sections name the problem, the section and the offset', () => {
  malformed(new Uint8Array(PREAMBLE.slice(0, 6)), 'unexpected end of the preamble (at byte offset 0x6)');
  malformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00]), 'unsupported component binary version 0xc (awsm reads 0xd, the version of wasm-tools 1.2xx) (at byte offset 0x4)');
  malformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), 'a core module where a component was expected (at byte offset 0x6)');
  malformed(comp(sec(13)), 'malformed section id 13 (at byte offset 0x8)');
  malformed(comp([7, 5, 0x01]), 'length out of bounds (at byte offset 0x9)');
  // A type section declaring one bool type, with a byte to spare.
  malformed(comp(sec(7, 0x01, 0x7f, 0x00)), 'section size mismatch in the type section (at byte offset 0xc)');
  // Alias of sort 0x07 (no such sort).
  malformed(comp(sec(6, 0x01, 0x07, 0x00, 0x00, ...str('f'))), 'malformed sort in the alias section (at byte offset 0xb)');
  malformed(comp(sec(8, 0x01, 0x30)), 'malformed canonical function 0x30 in the canon section (at byte offset 0xb)');
  malformed(comp(sec(7, 0x01, 0x55)), 'malformed type: unknown type constructor 0x55 in the type section (at byte offset 0xb)');
  malformed(comp(sec(10, 0x01, 0x00, ...str('f'), 0x09)), 'malformed extern descriptor in the import section (at byte offset 0xe)');
});

test('an error inside a core module names the module and the offset in the whole file', () => {
  // Core module 0 is fine; core module 1 has an unknown section id 14 at its byte 8.
  const ok = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const bad = [...ok, 14, 0];
  const bytes = comp(sec(1, ...ok), sec(1, ...bad));
  const at = PREAMBLE.length + 2 + ok.length + 2 + 8;
  malformed(bytes, `malformed section id in core module 1 (at byte offset 0x${at.toString(16)})`);
});

test('nesting deeper than the limit is refused, not a stack overflow', () => {
  // Instance types nested in instance types: 0x42 (instance), one declaration, 0x01 (type) …
  const depth = MAX_NESTING + 5;
  const body: number[] = [];
  for (let i = 0; i < depth; i++) body.push(0x42, 0x01, 0x01);
  body.push(0x7f);
  const bytes = comp([7, ...uleb(body.length + 1), 0x01, ...body]);
  assert.throws(() => decodeComponent(bytes), (e: unknown) => e instanceof DecodeError && /nesting too deep \(implementation limit: 100 levels\) in the type section/.test(e.message));
});

test('encodings of later proposals are refused by name', () => {
  unsupported(comp(sec(8, 0x01, 0x09)), 'unsupported: component-model async (canon task.return, in the canon section) at byte 0xb');
  unsupported(comp(sec(7, 0x01, 0x66, 0x00)), 'unsupported: component-model async (stream type, in the type section) at byte 0xb');
  unsupported(comp(sec(12, 0x00)), 'unsupported: component-model value definitions (value section, in the value section) at byte 0xa');
});
