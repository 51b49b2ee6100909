/**
 * Unit tests for the decoder on Wasm 3.0 modules: every 3.0 encoding decodes into the Module
 * (part 1, issue 15; typed references and exceptions, 16; GC's types and instructions, 17),
 * and the encodings that 3.0 calls malformed (threads among them) stay DecodeErrors.
 *
 * Inputs are hand-written bytes where the exact encoding matters, else text assembled by
 * wat2wasm with its --enable-… flags (a failure under CI=true when missing, a skip elsewhere).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import { funcType } from '../../src/binary/module.js';
import { DecodeError } from '../../src/errors.js';
import { requires, watBytes } from '../tools.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module from raw section bytes (each already including id and size). */
export function bin(...bytes: number[]): Uint8Array {
  return new Uint8Array([...HEADER, ...bytes]);
}

/** A section: id, size, contents. */
export function sec(id: number, ...contents: number[]): number[] {
  return [id, contents.length, ...contents];
}

/** A module with one [] -> [] function whose body (locals + code) is `body`, and `extra` sections before the code. */
export function withBody(body: number[], ...extra: number[][]): Uint8Array {
  return bin(...sec(1, 0x01, 0x60, 0x00, 0x00), ...sec(3, 0x01, 0x00), ...extra.flat(), ...sec(10, 0x01, body.length, ...body));
}

function malformed(bytes: Uint8Array, text: string): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => e instanceof DecodeError && e.message.includes(text),
    `expected DecodeError containing "${text}"`,
  );
}

// ---- features of later issues: unsupported, named ---------------------------------------------

test('exception handling: the tag section, tag imports and exports, throw, throw_ref, try_table and the legacy instructions decode', () => {
  const tags = decodeModule(bin(...sec(1, 0x01, 0x60, 0x01, 0x7f, 0x00), ...sec(13, 0x01, 0x00, 0x00)));
  assert.deepEqual(tags.tags, [{ typeidx: 0 }]);
  const imp = decodeModule(bin(...sec(2, 0x01, 0x01, 0x6d, 0x01, 0x74, 0x04, 0x00, 0x00)));
  assert.deepEqual(imp.imports[0]!.desc, { kind: 'tag', tag: { typeidx: 0 } });
  const exp = decodeModule(bin(...sec(7, 0x01, 0x01, 0x74, 0x04, 0x00)));
  assert.deepEqual(exp.exports[0], { name: 't', kind: 'tag', index: 0 });
  // try_table (empty block type; catch 0 0, catch_all_ref 1) … end
  const body = decodeModule(withBody([0x00, 0x1f, 0x40, 0x02, 0x00, 0x00, 0x00, 0x03, 0x01, 0x0b, 0x0b])).funcs[0]!.body;
  assert.equal(body[0]!.op.name, 'try_table');
  assert.deepEqual(body[0]!.catches, [{ kind: 'catch', tag: 0, label: 0 }, { kind: 'catch_all_ref', label: 1 }]);
  assert.equal(decodeModule(withBody([0x00, 0x0a, 0x0b])).funcs[0]!.body[0]!.op.name, 'throw_ref');
  malformed(withBody([0x00, 0x1f, 0x40, 0x01, 0x04, 0x00, 0x0b, 0x0b]), 'malformed catch clause');
  // The tag section sits between memory and global: after a global section it is out of order.
  malformed(bin(...sec(6, 0x00), ...sec(13, 0x00)), 'unexpected content after last section');
  malformed(bin(...sec(13, 0x00), ...sec(5, 0x00)), 'unexpected content after last section');
  // Legacy: try … catch 0 … catch_all … end, and try … delegate 0 (which ends its try).
  const legacy = decodeModule(withBody([0x00, 0x06, 0x40, 0x07, 0x00, 0x19, 0x09, 0x00, 0x0b, 0x06, 0x40, 0x18, 0x00, 0x0b]));
  assert.deepEqual(legacy.funcs[0]!.body.map((i) => i.op.name), ['try', 'catch', 'catch_all', 'rethrow', 'end', 'try', 'delegate', 'end']);
  // ref.null noexn (0x74): exception handling's bottom type decodes as nullexnref.
  assert.equal(decodeModule(withBody([0x00, 0xd0, 0x74, 0x1a, 0x0b])).funcs[0]!.body[0]!.refType, 'nullexnref');
  // A malformed tag section is malformed (binary.wast: "\0d\00").
  malformed(bin(0x0d, 0x00), 'unexpected end');
  malformed(bin(...sec(2, 0x01, 0x00, 0x00, 0x04)), 'unexpected end');
});

test('GC types decode: recursive groups, sub/sub final, struct and array types, packed fields, the GC heap types', () => {
  // (rec (type (sub (struct (field i8) (field (mut i16)) (field (ref null 1))))) (type (sub final 0 (array (mut anyref))))) (type (func (param eqref nullref)))
  const m = decodeModule(bin(...sec(1, 0x02,
    0x4e, 0x02,
    0x50, 0x00, 0x5f, 0x03, 0x78, 0x00, 0x77, 0x01, 0x63, 0x01, 0x00,
    0x4f, 0x01, 0x00, 0x5e, 0x6e, 0x01,
    0x60, 0x02, 0x6d, 0x71, 0x00)));
  assert.deepEqual(m.types.map((t) => [t.comp.kind, t.final, t.supers, t.group, t.groupSize]), [
    ['struct', false, [], 0, 2], ['array', true, [0], 0, 2], ['func', true, [], 2, 1],
  ]);
  assert.deepEqual(m.types[0]!.comp, { kind: 'struct', fields: [{ type: 'i8', mutable: false }, { type: 'i16', mutable: true }, { type: '(ref null 1)', mutable: false }] });
  assert.deepEqual(m.types[1]!.comp, { kind: 'array', elem: { type: 'anyref', mutable: true } });
  assert.deepEqual(funcType(m, 2)!.params, ['eqref', 'nullref']);
  assert.equal(funcType(m, 0), undefined);
  // Malformed: one clear line with the offset.
  malformed(bin(...sec(1, 0x01, 0x5e, 0x78, 0x02)), 'malformed mutability (at byte offset 0xd)');
  malformed(bin(...sec(1, 0x01, 0x5d, 0x00)), 'malformed function type (at byte offset 0xb)');
  malformed(bin(...sec(1, 0x01, 0x4e, 0x01, 0x50, 0x00, 0x5f, 0x01, 0x76, 0x00)), 'malformed value type (at byte offset 0x11)');
  malformed(bin(...sec(1, 0x01, 0x4e, 0x02, 0x60, 0x00, 0x00)), 'unexpected end');
  // GC instructions decode: struct.new 0, ref.test (ref null 0), br_on_cast 0 anyref (ref 0), ref.eq.
  const body = decodeModule(withBody([0x00, 0xfb, 0x00, 0x00, 0xfb, 0x15, 0x00, 0xfb, 0x18, 0x01, 0x00, 0x6e, 0x00, 0xd3, 0x0b])).funcs[0]!.body;
  assert.deepEqual(body.map((i) => i.op.name), ['struct.new', 'ref.test', 'br_on_cast', 'ref.eq', 'end']);
  assert.equal(body[1]!.refType, '(ref null 0)');
  assert.deepEqual(body[2]!.types, ['anyref', '(ref 0)']);
  malformed(withBody([0x00, 0xfb, 0x18, 0x04, 0x00, 0x6e, 0x00, 0x0b]), 'malformed br_on_cast flags');
  malformed(withBody([0x00, 0xfb, 0x1f, 0x0b]), 'illegal opcode 0xfb 31');
});

test('typed function references decode: (ref null? ht), table initialisers, ref.null of a type index, the new opcodes', () => {
  // (type (func (param (ref null 0) (ref func) nullfuncref nullexternref)))
  const types = decodeModule(bin(...sec(1, 0x01, 0x60, 0x04, 0x63, 0x00, 0x64, 0x70, 0x73, 0x72, 0x00)));
  assert.deepEqual(funcType(types, 0)!.params, ['(ref null 0)', '(ref func)', 'nullfuncref', 'nullexternref']);
  // (table 1 (ref func) (ref.null func)) — the 0x40 0x00 form with an initialiser.
  const table = decodeModule(bin(...sec(4, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd0, 0x70, 0x0b)));
  assert.equal(table.tables[0]!.elemType, '(ref func)');
  assert.deepEqual(table.tables[0]!.init!.map((i) => i.op.name), ['ref.null']);
  malformed(bin(...sec(4, 0x01, 0x40, 0x01, 0x70, 0x00, 0x01, 0xd0, 0x70, 0x0b)), 'malformed table');
  // ref.null 0 (a type index); call_ref 0, return_call_ref 0, ref.as_non_null, br_on_null 0, br_on_non_null 0.
  const body = decodeModule(withBody([0x00, 0xd0, 0x00, 0x14, 0x00, 0x15, 0x00, 0xd4, 0xd5, 0x00, 0xd6, 0x00, 0x0b])).funcs[0]!.body;
  assert.equal(body[0]!.refType, '(ref null 0)');
  assert.deepEqual(body.map((i) => i.op.name), ['ref.null', 'call_ref', 'return_call_ref', 'ref.as_non_null', 'br_on_null', 'br_on_non_null', 'end']);
  malformed(withBody([0x00, 0xd0, 0x7f, 0x1a, 0x0b]), 'malformed reference type');
});

test('threads: shared memory limits and 0xfe atomics decode; a shared table and a fence byte ≠ 0 are malformed', () => {
  const mem = decodeModule(bin(...sec(5, 0x01, 0x03, 0x01, 0x02))).mems[0]!;
  assert.deepEqual(mem, { addrType: 'i32', limits: { min: 1, max: 2 }, pageSizeLog2: 16, shared: true });
  assert.equal(decodeModule(bin(...sec(5, 0x01, 0x01, 0x01, 0x02))).mems[0]!.shared, undefined);
  malformed(bin(...sec(4, 0x01, 0x70, 0x03, 0x00, 0x01)), 'malformed limits flags');
  // atomic.fence, i64.atomic.rmw32.cmpxchg_u (0x4e, align 2, offset 8), memory.atomic.notify (0x00)
  const body = decodeModule(withBody([0x00, 0xfe, 0x03, 0x00, 0xfe, 0x4e, 0x02, 0x08, 0xfe, 0x00, 0x02, 0x00, 0x0b])).funcs[0]!.body;
  assert.deepEqual(body.map((i) => i.op.name), ['atomic.fence', 'i64.atomic.rmw32.cmpxchg_u', 'memory.atomic.notify', 'end']);
  assert.deepEqual(body[1]!.memarg, { memidx: 0, align: 2, offset: 8 });
  malformed(withBody([0x00, 0xfe, 0x03, 0x01, 0x0b]), 'malformed atomic.fence');
  malformed(withBody([0x00, 0xfe, 0x4f, 0x0b]), 'illegal opcode 0xfe 79');
  // Unknown bits stay plain malformed flags (3.0's binary.wast), read as one byte.
  malformed(bin(...sec(5, 0x01, 0x10, 0x00)), 'malformed limits flags');
  malformed(bin(...sec(5, 0x01, 0x81, 0x00)), 'malformed limits flags');
  malformed(bin(...sec(4, 0x01, 0x70, 0x08, 0x00)), 'malformed limits flags'); // no page size for tables
});

// ---- part 1: multiple memories, memory64, table64, custom page sizes --------------------------

test('limits: address type, u64 bounds, custom page sizes', () => {
  const m = decodeModule(bin(...sec(5, 0x03,
    0x05, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, // i64, min 2, max 2^48
    0x08, 0x00, 0x00, // i32, page size 2^0
    0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, // i32, max 2^32 (u64 bounds: invalid, not malformed)
  )));
  assert.deepEqual(m.mems, [
    { addrType: 'i64', limits: { min: 2, max: 2 ** 48 }, pageSizeLog2: 16 },
    { addrType: 'i32', limits: { min: 0 }, pageSizeLog2: 0 },
    { addrType: 'i32', limits: { min: 0, max: 2 ** 32 }, pageSizeLog2: 16 },
  ]);
  const t = decodeModule(bin(...sec(4, 0x01, 0x70, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)));
  assert.deepEqual(t.tables, [{ addrType: 'i64', elemType: 'funcref', limits: { min: 0, max: 2 ** 64 } }]);
  malformed(bin(...sec(5, 0x01, 0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03)), 'integer too large');
  malformed(bin(...sec(5, 0x01, 0x08, 0x00, 0x41)), 'invalid custom page size'); // 2^65
});

test('memarg: memory index in flag bit 6, u64 offset; memory indices on bulk instructions', (t) => {
  // i32.load with flags 0x41 (align 1, memory index follows), memory 2, offset 2^40.
  const load = decodeModule(withBody([0x00, 0x41, 0x00, 0x28, 0x41, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x1a, 0x0b]));
  assert.deepEqual(load.funcs[0]!.body[1]!.memarg, { memidx: 2, align: 1, offset: 2 ** 40 });
  malformed(withBody([0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1a, 0x0b]), 'malformed memop flags');
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(watBytes(`(module (memory $a 1) (memory $b i64 2 3) (data $d "x")
    (func (drop (i32.load $b offset=4 (i64.const 0)))
      (memory.copy $a $b (i32.const 0) (i64.const 0) (i32.const 0))
      (memory.init $b $d (i64.const 0) (i32.const 0) (i32.const 0))
      (memory.fill $b (i64.const 0) (i32.const 0) (i64.const 0))
      (drop (memory.grow $b (i64.const 1)))))`, ['--enable-all']));
  const body = m.funcs[0]!.body;
  const find = (name: string): { idx?: number; idx2?: number; memarg?: unknown } => body.find((i) => i.op.name === name)!;
  assert.deepEqual(find('i32.load').memarg, { memidx: 1, align: 2, offset: 4 });
  assert.deepEqual([find('memory.copy').idx, find('memory.copy').idx2], [0, 1]);
  assert.deepEqual([find('memory.init').idx, find('memory.init').idx2], [0, 1]);
  assert.equal(find('memory.fill').idx, 1);
  assert.equal(find('memory.grow').idx, 1);
});
