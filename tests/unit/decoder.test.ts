/**
 * Unit tests for the byte reader (LEB128, UTF-8) and the binary decoder.
 *
 * Inputs are small hand-written byte arrays (for malformed cases, where the exact bytes
 * matter) or text modules assembled with wat2wasm at test time (when it is missing: a failure
 * under CI=true, a skip elsewhere).
 * The full spec testsuite runs elsewhere (tests/spec); these pin down individual rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import { isValidUtf8, Reader } from '../../src/binary/reader.js';
import { funcType, type Instr, type Module } from '../../src/binary/module.js';
import { DecodeError, UnsupportedError, ValidationError } from '../../src/errors.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

// ---- helpers ----------------------------------------------------------------------------------


/** Assemble a text module with wat2wasm (and `flags`). */
const wat = (text: string, ...flags: string[]): Uint8Array => watBytes(text, flags);

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module from raw section bytes (each already including id and size). */
function bin(...bytes: number[]): Uint8Array {
  return new Uint8Array([...HEADER, ...bytes]);
}

/** A section: id, size, contents. */
function sec(id: number, ...contents: number[]): number[] {
  return [id, contents.length, ...contents];
}

const TYPE_VOID = sec(1, 0x01, 0x60, 0x00, 0x00); // one type: [] -> []
const FUNC_ONE = sec(3, 0x01, 0x00); // one function of type 0

/** A module with one [] -> [] function whose body (locals + code) is `body`. */
function withBody(...body: number[]): Uint8Array {
  return bin(...TYPE_VOID, ...FUNC_ONE, ...sec(10, 0x01, body.length, ...body));
}

function malformed(bytes: Uint8Array, text: string): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => e instanceof DecodeError && e.message.includes(text),
    `expected DecodeError containing "${text}"`,
  );
}

function names(body: Instr[]): string[] {
  return body.map((i) => i.op.name);
}

// ---- reader -----------------------------------------------------------------------------------

test('u32: minimal, non-minimal, too long, too large', () => {
  const u32 = (...b: number[]): number => new Reader(new Uint8Array(b)).u32();
  assert.equal(u32(0x00), 0);
  assert.equal(u32(0xe5, 0x8e, 0x26), 624485);
  assert.equal(u32(0x82, 0x80, 0x80, 0x80, 0x00), 2); // overlong but within 5 bytes
  assert.equal(u32(0xff, 0xff, 0xff, 0xff, 0x0f), 0xffffffff);
  assert.throws(() => u32(0x82, 0x80, 0x80, 0x80, 0x80, 0x00), /integer representation too long/);
  assert.throws(() => u32(0x82, 0x80, 0x80, 0x80, 0x10), /integer too large/);
  assert.throws(() => u32(0x80), /unexpected end/);
});

test('s32: sign extension and unused bits', () => {
  const s32 = (...b: number[]): number => new Reader(new Uint8Array(b)).s32();
  assert.equal(s32(0x7f), -1);
  assert.equal(s32(0x3f), 63);
  assert.equal(s32(0x40), -64);
  assert.equal(s32(0xff, 0x7f), -1);
  assert.equal(s32(0x80, 0x80, 0x80, 0x80, 0x78), -2147483648);
  assert.equal(s32(0xff, 0xff, 0xff, 0xff, 0x07), 2147483647);
  assert.throws(() => s32(0xff, 0xff, 0xff, 0xff, 0x0f), /integer too large/); // -1 with unused bits unset
  assert.throws(() => s32(0x80, 0x80, 0x80, 0x80, 0x70), /integer too large/);
  assert.throws(() => s32(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), /integer representation too long/);
});

test('s33: block type indices', () => {
  const s33 = (...b: number[]): number => new Reader(new Uint8Array(b)).s33();
  assert.equal(s33(0x05), 5);
  assert.equal(s33(0x40), -64);
  assert.equal(s33(0xff, 0xff, 0xff, 0xff, 0x0f), 0xffffffff);
  assert.equal(s33(0x80, 0x80, 0x80, 0x80, 0x70), -(2 ** 32));
  assert.throws(() => s33(0x80, 0x80, 0x80, 0x80, 0x20), /integer too large/);
});

test('s64: bigint results, both paths', () => {
  const s64 = (...b: number[]): bigint => new Reader(new Uint8Array(b)).s64();
  assert.equal(s64(0x7f), -1n);
  assert.equal(s64(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), -1n);
  assert.equal(s64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f), -(2n ** 63n));
  assert.equal(s64(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00), 2n ** 63n - 1n);
  assert.equal(s64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 2n ** 49n);
  assert.throws(() => s64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e), /integer too large/);
  assert.throws(() => s64(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), /integer too large/);
  assert.throws(
    () => s64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00),
    /integer representation too long/,
  );
});

test('UTF-8 validation', () => {
  const ok = (...b: number[]): boolean => isValidUtf8(new Uint8Array(b), 0, b.length);
  assert.ok(ok(0x61, 0xc3, 0xa9, 0xe2, 0x8c, 0xa3, 0xf0, 0x9f, 0x98, 0x80));
  assert.ok(ok(0xef, 0xbb, 0xbf)); // BOM is an ordinary character
  assert.ok(!ok(0xc0, 0x80)); // overlong NUL
  assert.ok(!ok(0xe0, 0x80, 0x80)); // overlong
  assert.ok(!ok(0xed, 0xa0, 0x80)); // surrogate U+D800
  assert.ok(!ok(0xf4, 0x90, 0x80, 0x80)); // above U+10FFFF
  assert.ok(!ok(0x80)); // stray continuation
  assert.ok(!ok(0xe2, 0x8c)); // truncated
  assert.ok(!ok(0xf8, 0x88, 0x80, 0x80, 0x80));
});

// ---- module structure -------------------------------------------------------------------------

test('header: magic and version', () => {
  malformed(new Uint8Array([]), 'unexpected end');
  malformed(new Uint8Array([0x00, 0x61, 0x73]), 'unexpected end');
  malformed(new Uint8Array([0x01, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0]), 'magic header not detected');
  malformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0]), 'unexpected end');
  malformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0]), 'unknown binary version');
  assert.deepEqual(decodeModule(bin()).types, []);
});

test('sections: ids, order, sizes', () => {
  malformed(bin(0x0e, 0x00), 'malformed section id');
  malformed(bin(...FUNC_ONE, ...TYPE_VOID), 'unexpected content after last section');
  malformed(bin(...sec(8, 0x00), ...sec(8, 0x00)), 'unexpected content after last section');
  malformed(bin(0x01, 0x05, 0x01, 0x60, 0x00, 0x00), 'section size mismatch');
  malformed(bin(0x01, 0x09, 0x01, 0x60, 0x00, 0x00), 'length out of bounds');
  // The data count section goes between element and code sections.
  const m = decodeModule(bin(...TYPE_VOID, ...FUNC_ONE, ...sec(12, 0x00), ...sec(10, 0x01, 0x02, 0x00, 0x0b)));
  assert.equal(m.dataCount, 0);
  malformed(bin(...TYPE_VOID, ...FUNC_ONE, ...sec(10, 0x01, 0x02, 0x00, 0x0b), ...sec(12, 0x00)), 'unexpected content');
});

test('custom sections anywhere; their names must be UTF-8', () => {
  const custom = sec(0, 0x03, 0x61, 0x62, 0x63, 0x01, 0x02);
  const m = decodeModule(bin(...custom, ...TYPE_VOID, ...custom));
  assert.equal(m.customs.length, 2);
  assert.equal(m.customs[0]!.name, 'abc');
  assert.deepEqual([...m.customs[0]!.data], [1, 2]);
  malformed(bin(...sec(0, 0x02, 0xc0, 0x80)), 'malformed UTF-8 encoding');
  malformed(bin(0x00, 0x05, 0x03, 0x61), 'length out of bounds');
});

test('function and code section counts must agree', () => {
  malformed(bin(...TYPE_VOID, ...FUNC_ONE), 'function and code section have inconsistent lengths');
  malformed(bin(...sec(10, 0x01, 0x02, 0x00, 0x0b)), 'function and code section have inconsistent lengths');
  decodeModule(bin(...sec(3, 0x00)));
});

test('data count must match the data section; data indices need it', () => {
  malformed(bin(...sec(12, 0x02), ...sec(11, 0x01, 0x01, 0x00)), 'data count and data section have inconsistent lengths');
  const dataDrop = sec(10, 0x01, 0x05, 0x00, 0xfc, 0x09, 0x00, 0x0b); // data.drop 0
  malformed(bin(...TYPE_VOID, ...FUNC_ONE, ...dataDrop, ...sec(11, 0x01, 0x01, 0x00)), 'data count section required');
  const ok = decodeModule(bin(...TYPE_VOID, ...FUNC_ONE, ...sec(12, 0x01), ...dataDrop, ...sec(11, 0x01, 0x01, 0x00)));
  assert.equal(ok.funcs[0]!.body[0]!.op.name, 'data.drop');
});

test('locals: run-length groups, too many locals', () => {
  const m = decodeModule(withBody(0x02, 0x02, 0x7f, 0x01, 0x7e, 0x0b));
  assert.deepEqual(m.funcs[0]!.locals, ['i32', 'i32', 'i64']);
  malformed(withBody(0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b), 'too many locals');
  // Within the spec's 2^32-1, but beyond the implementation limit: still a clean DecodeError.
  malformed(withBody(0x01, 0xff, 0xff, 0xff, 0xff, 0x07, 0x7f, 0x0b), 'too many locals');
});

test('instruction stream errors', () => {
  malformed(withBody(0x00, 0x41, 0x01, 0x1a), 'unexpected end'); // no final end
  malformed(withBody(0x00, 0x05, 0x0b), 'END opcode expected'); // else outside if
  malformed(withBody(0x00, 0x17, 0x0b), 'illegal opcode');
  malformed(withBody(0x00, 0xfc, 0x7f, 0x0b), 'illegal opcode');
  // Since multiple memories (3.0) memory.size takes a memory index: any u32, LEB128 zero too.
  assert.equal(decodeModule(withBody(0x00, 0x3f, 0x01, 0x1a, 0x0b)).funcs[0]!.body[0]!.idx, 1);
  assert.equal(decodeModule(withBody(0x00, 0x3f, 0x80, 0x00, 0x1a, 0x0b)).funcs[0]!.body[0]!.idx, 0);
  malformed(withBody(0x00, 0xd0, 0x7f, 0x1a, 0x0b), 'malformed reference type');
  malformed(withBody(0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, 0x0b), 'integer too large');
});

test('types: value types including v128, limits, mutability, import kinds', () => {
  const m = decodeModule(bin(...sec(1, 0x01, 0x60, 0x07, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x00)));
  assert.deepEqual(funcType(m, 0)!.params, ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref']);
  malformed(bin(...sec(1, 0x01, 0x60, 0x01, 0x7a, 0x00)), 'malformed value type');
  malformed(bin(...sec(1, 0x01, 0xe0, 0x7f, 0x00, 0x00)), 'integer representation too long');
  malformed(bin(...sec(4, 0x01, 0x70, 0x02, 0x00)), 'malformed limits flags'); // a shared table
  malformed(bin(...sec(6, 0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b)), 'malformed mutability');
  malformed(bin(...sec(2, 0x01, 0x00, 0x00, 0x05)), 'malformed import kind');
  const mem = decodeModule(bin(...sec(5, 0x01, 0x01, 0x01, 0x82, 0x00)));
  assert.deepEqual(mem.mems, [{ addrType: 'i32', limits: { min: 1, max: 2 }, pageSizeLog2: 16 }]);
});

// ---- segments ---------------------------------------------------------------------------------

test('element segments: all eight encodings', () => {
  const off = [0x41, 0x00, 0x0b]; // i32.const 0; end
  const segs = [
    [0x00, ...off, 0x01, 0x00], // active table 0, funcidx
    [0x01, 0x00, 0x01, 0x00], // passive, elemkind, funcidx
    [0x02, 0x00, ...off, 0x00, 0x01, 0x00], // active table x, elemkind, funcidx
    [0x03, 0x00, 0x01, 0x00], // declarative, elemkind, funcidx
    [0x04, ...off, 0x01, 0xd2, 0x00, 0x0b], // active table 0, exprs
    [0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b], // passive, reftype, exprs
    [0x06, 0x00, ...off, 0x70, 0x01, 0xd2, 0x00, 0x0b], // active table x, reftype, exprs
    [0x07, 0x6f, 0x01, 0xd0, 0x6f, 0x0b], // declarative, reftype, exprs
  ].flat();
  const m = decodeModule(
    bin(...TYPE_VOID, ...FUNC_ONE, ...sec(4, 0x01, 0x70, 0x00, 0x01), ...sec(9, 0x08, ...segs), ...sec(10, 0x01, 0x02, 0x00, 0x0b)),
  );
  assert.deepEqual(m.elems.map((e) => e.mode.kind), ['active', 'passive', 'active', 'declarative', 'active', 'passive', 'active', 'declarative']);
  // Function indices make `(ref func)` segments (3.0); expressions without a type, `funcref`.
  assert.deepEqual(m.elems.map((e) => e.type), ['(ref func)', '(ref func)', '(ref func)', '(ref func)', 'funcref', 'funcref', 'funcref', 'externref']);
  for (const e of m.elems) assert.equal(e.init.length, 1);
  assert.deepEqual(names(m.elems[0]!.init[0]!), ['ref.func']);
  assert.equal(m.elems[0]!.init[0]![0]!.idx, 0);
  assert.deepEqual(names(m.elems[5]!.init[0]!), ['ref.null']);
  const active = m.elems[0]!.mode;
  assert.ok(active.kind === 'active' && names(active.offset).join() === 'i32.const'); // no `end`
  assert.doesNotThrow(() => validateModule(m));
  malformed(bin(...sec(9, 0x01, 0x01, 0x01, 0x00)), 'malformed element kind');
  malformed(bin(...sec(9, 0x01, 0x05, 0x7f, 0x00)), 'malformed reference type');
  malformed(bin(...sec(9, 0x01, 0x08)), 'malformed elements segment kind');
});

test('data segments: flags 0–2', () => {
  const m = decodeModule(
    bin(
      ...sec(5, 0x01, 0x00, 0x01),
      ...sec(11, 0x03, 0x00, 0x41, 0x08, 0x0b, 0x02, 0x61, 0x62, 0x01, 0x01, 0x63, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x00),
    ),
  );
  assert.equal(m.datas.length, 3);
  const [a, b, c] = m.datas;
  assert.ok(a!.mode.kind === 'active' && a!.mode.memidx === 0 && a!.mode.offset[0]!.value === 8);
  assert.deepEqual([...a!.init], [0x61, 0x62]);
  assert.equal(b!.mode.kind, 'passive');
  assert.ok(c!.mode.kind === 'active' && c!.init.length === 0);
  malformed(bin(...sec(11, 0x01, 0x03)), 'malformed data segment kind');
  malformed(bin(...sec(5, 0x01, 0x00, 0x01), ...sec(11, 0x01, 0x01, 0x02, 0x61)), 'unexpected end');
});

// ---- instructions (via wat2wasm) -------------------------------------------------------------

test('instruction immediates', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(
    wat(`(module
      (type $t (func (param i32) (result i32)))
      (memory 1) (table $t0 2 funcref) (table $t1 1 externref)
      (elem $e funcref (ref.func $f)) (data $d "x")
      (func $f (param i32) (result i32)
        (drop (i32.const -5)) (drop (i64.const -9223372036854775808))
        (drop (f32.const nan:0x200001)) (drop (f64.const -nan:0x8000000000001))
        (block $o (result i32)
          (block $b (result i32)
            (br_table $b $o $b (i32.const 7) (local.get 0))))
        (drop)
        (drop (call_indirect $t0 (type $t) (i32.const 1) (i32.const 0)))
        (drop (i64.load16_u offset=12 align=1 (i32.const 0)))
        (drop (select (result externref) (ref.null extern) (ref.null extern) (i32.const 1)))
        (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))
        (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))
        (table.init $t0 $e (i32.const 0) (i32.const 0) (i32.const 0))
        (table.copy $t0 $t0 (i32.const 0) (i32.const 0) (i32.const 0))
        (drop (memory.grow (i32.const 0)))
        (local.get 0)))`),
  );
  const body = m.funcs[0]!.body;
  const find = (name: string, nth = 0): Instr => body.filter((i) => i.op.name === name)[nth]!;
  assert.equal(find('i32.const').value, -5);
  assert.equal(find('i64.const').value, -(2n ** 63n));
  assert.equal(find('f32.const').bits, 0x7fa00001);
  assert.equal(find('f64.const').bits, 0xfff8000000000001n);
  assert.deepEqual(find('br_table').labels, [0, 1]);
  assert.equal(find('br_table').idx, 0);
  assert.equal(find('call_indirect').idx, 0);
  assert.equal(find('call_indirect').idx2, 0);
  assert.deepEqual(find('i64.load16_u').memarg, { memidx: 0, align: 0, offset: 12 });
  assert.deepEqual(find('select').types, ['externref']);
  assert.equal(find('ref.null').refType, 'externref');
  assert.deepEqual([find('memory.init').idx, find('memory.init').idx2], [0, 0]);
  assert.deepEqual([find('table.init').idx, find('table.init').idx2], [0, 0]);
  assert.equal(find('memory.grow').idx, 0);
  assert.deepEqual(find('block').blockType, { kind: 'value', type: 'i32' });
  // Bodies keep the function's final `end`; offsets point at the opcodes.
  assert.equal(body[body.length - 1]!.op.name, 'end');
  assert.ok(body.every((ins, i) => i === 0 || ins.pos > body[i - 1]!.pos));
  assert.doesNotThrow(() => validateModule(m));
});

test('block types: empty, value, type index', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(
    wat(`(module (type $p (func (param i32) (result i32 i32)))
      (func (result i32 i32)
        (block (nop)) (loop (result i32) (i32.const 1)) (drop)
        (i32.const 1) (i32.const 0) (if (type $p) (then (i32.const 2)) (else (i32.const 3)))))`),
  );
  const bts = m.funcs[0]!.body.filter((i) => i.blockType !== undefined).map((i) => i.blockType);
  assert.deepEqual(bts, [{ kind: 'empty' }, { kind: 'value', type: 'i32' }, { kind: 'typeidx', typeidx: 0 }]);
  assert.deepEqual(names(m.funcs[0]!.body), [
    'block', 'nop', 'end', 'loop', 'i32.const', 'end', 'drop',
    'i32.const', 'i32.const', 'if', 'i32.const', 'else', 'i32.const', 'end', 'end',
  ]);
});

// ---- the name section ------------------------------------------------------------------------

test('name section: module, function and local names', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = decodeModule(wat('(module $mod (func $first (param $x i32) (local $y i64)) (func $second))', '--debug-names'));
  assert.equal(m.names.module, 'mod');
  assert.equal(m.names.funcs.get(0), 'first');
  assert.equal(m.names.funcs.get(1), 'second');
  assert.equal(m.names.locals.get(0)?.get(0), 'x');
  assert.equal(m.names.locals.get(0)?.get(1), 'y');
});

test('a malformed name section is ignored, not an error', () => {
  const nameSec = (...contents: number[]): number[] => sec(0, 0x04, 0x6e, 0x61, 0x6d, 0x65, ...contents);
  // Function names subsection whose name is truncated.
  const m = decodeModule(bin(...nameSec(0x01, 0x05, 0x01, 0x00, 0x05, 0x61, 0x62)));
  assert.equal(m.names.funcs.size, 0);
  assert.equal(m.customs[0]!.name, 'name');
  // Bad UTF-8 in a function name; subsections out of order.
  decodeModule(bin(...nameSec(0x01, 0x04, 0x01, 0x00, 0x01, 0xff)));
  decodeModule(bin(...nameSec(0x01, 0x01, 0x00, 0x00, 0x01, 0x00)));
  // A good one for comparison.
  const ok = decodeModule(bin(...nameSec(0x00, 0x02, 0x01, 0x6d, 0x01, 0x04, 0x01, 0x03, 0x01, 0x66)));
  assert.equal(ok.names.module, 'm');
  assert.equal(ok.names.funcs.get(3), 'f');
});

// ---- robustness -------------------------------------------------------------------------------

test('mutated inputs only ever raise DecodeError, UnsupportedError or ValidationError', () => {
  const seeds: Uint8Array[] = [
    withBody(0x01, 0x01, 0x7f, 0x02, 0x40, 0x41, 0x01, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b, 0x0b),
    bin(...TYPE_VOID, ...FUNC_ONE, ...sec(4, 0x01, 0x70, 0x00, 0x01), ...sec(9, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00), ...sec(10, 0x01, 0x02, 0x00, 0x0b)),
    bin(...sec(5, 0x01, 0x00, 0x01), ...sec(11, 0x01, 0x00, 0x41, 0x08, 0x0b, 0x02, 0x61, 0x62)),
  ];
  let state = 0x2545f491;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  let decoded = 0;
  for (let i = 0; i < 5000; i++) {
    const b = seeds[rand(seeds.length)]!.slice();
    for (let k = rand(3); k >= 0; k--) b[rand(b.length)] = rand(256);
    const input = rand(8) === 0 ? b.subarray(0, rand(b.length)) : b;
    let m: Module;
    try {
      m = decodeModule(input);
      decoded++;
    } catch (e) {
      assert.ok(e instanceof DecodeError || e instanceof UnsupportedError, `unexpected ${String(e)}`);
      continue;
    }
    try {
      validateModule(m);
    } catch (e) {
      assert.ok(e instanceof ValidationError, `unexpected ${String(e)}`);
    }
  }
  assert.ok(decoded > 0);
});
