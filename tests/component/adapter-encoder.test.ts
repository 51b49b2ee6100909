/**
 * Unit tests of the core Wasm encoder (src/binary/encoder.ts) that writes fused adapters:
 * LEB128 against known bytes; a module using every instruction family adapters use (two
 * imported memories, loads and stores of every width, memory.copy between memories, block,
 * loop, if, br_table, calls) decodes with awsm's decoder, passes awsm's validator and
 * `wasm-tools validate`; code it writes computes what it should under V8.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import type { MemOp } from '../../src/binary/encoder.js';
import { MEMOP, ModuleEncoder, sleb, uleb } from '../../src/binary/encoder.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires } from '../tools.js';
import { wasmToolsValid } from './tools.js';

test('LEB128: unsigned and signed forms of edge values', () => {
  const u = (n: number): number[] => {
    const out: number[] = [];
    uleb(out, n);
    return out;
  };
  const s = (n: bigint): number[] => {
    const out: number[] = [];
    sleb(out, n);
    return out;
  };
  assert.deepEqual(u(0), [0]);
  assert.deepEqual(u(127), [0x7f]);
  assert.deepEqual(u(128), [0x80, 0x01]);
  assert.deepEqual(u(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(u(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(s(0n), [0]);
  assert.deepEqual(s(63n), [0x3f]);
  assert.deepEqual(s(64n), [0xc0, 0x00]);
  assert.deepEqual(s(-1n), [0x7f]);
  assert.deepEqual(s(-64n), [0x40]);
  assert.deepEqual(s(-65n), [0xbf, 0x7f]);
  assert.deepEqual(s(-123456n), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(s(-(2n ** 63n)), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
});

/** A module of two imported memories and one function using every load and store, memory.copy across, and control flow. */
function everyFamily(): Uint8Array {
  const enc = new ModuleEncoder();
  const ext = enc.importFunc('env', 'f', { params: ['i32', 'i64'], results: ['f64'] });
  const m0 = enc.importMemory('a', 'memory', 1);
  const m1 = enc.importMemory('b', 'memory');
  const { index, code: c } = enc.func({ params: ['i32', 'i32'], results: ['i32'] });
  const x = c.local('i64');
  const f = c.local('f32');
  const d = c.local('f64');
  for (const [name] of Object.entries(MEMOP) as Array<[MemOp, readonly [number, number]]>) {
    const store = name.includes('store');
    const type = name.slice(0, 3);
    c.get(0);
    if (store) {
      if (type === 'i32') c.get(1);
      else if (type === 'i64') c.get(x);
      else c.get(type === 'f32' ? f : d);
      c.mem(name, m1, 8);
    } else {
      c.mem(name, m0, 3);
      c.set(type === 'i32' ? 1 : type === 'i64' ? x : type === 'f32' ? f : d);
    }
  }
  c.get(0).get(1).i32(16).memoryCopy(m1, m0);
  c.get(0).i32(0).i32(4).memoryFill(m1);
  c.block().block().block().get(1).brTable([0, 1], 2).end().get(0).i64(-5n).call(ext).op('drop').end().end();
  c.block('i32').loop().get(1).i32(1).op('i32.sub').tee(1).brIf(0).end().get(1).end();
  c.get(1).if('i32').i32(1).else().memorySize(m1).end().op('i32.add');
  c.i32(-7).op('i32.add').get(x).op('i32.wrap_i64').op('i32.add');
  c.block().op('unreachable').end();
  enc.export('f', 'func', index);
  return enc.encode();
}

test('a module of every instruction family decodes, validates, and wasm-tools accepts it', (t) => {
  const bytes = everyFamily();
  const m = decodeModule(bytes);
  validateModule(m);
  assert.equal(m.imports.length, 3);
  assert.equal(m.imports.filter((i) => i.desc.kind === 'memory').length, 2);
  assert.equal(m.exports[0]?.name, 'f');
  if (!requires(t, ['wasm-tools'])) return;
  assert.ok(wasmToolsValid(bytes), 'wasm-tools validate');
});

test('imports after a defined function and unclosed blocks are refused by the encoder', () => {
  const enc = new ModuleEncoder();
  enc.func({ params: [], results: [] });
  assert.throws(() => enc.importFunc('m', 'f', { params: [], results: [] }), /imports must come before/);
  const enc2 = new ModuleEncoder();
  enc2.func({ params: [], results: [] }).code.block();
  assert.throws(() => enc2.encode(), /1 block\(s\) left open/);
});

test('written code computes under V8: a loop, br_table, i64 arithmetic, narrow loads and stores', () => {
  const enc = new ModuleEncoder();
  const mem = enc.importMemory('env', 'memory', 1);
  // sum(n): 1 + 2 + ... + n as i64, stored at 8 and returned; pick(k): br_table over 3 cases.
  const sum = enc.func({ params: ['i32'], results: ['i64'] });
  const acc = sum.code.local('i64');
  sum.code.block().loop().get(0).op('i32.eqz').brIf(1)
    .get(acc).get(0).op('i64.extend_i32_u').op('i64.add').set(acc)
    .get(0).i32(1).op('i32.sub').set(0).br(0).end().end()
    .i32(0).get(acc).mem('i64.store', mem, 8).i32(0).mem('i64.load', mem, 8);
  const pick = enc.func({ params: ['i32'], results: ['i32'] });
  pick.code.block().block().block().get(0).brTable([0, 1], 2).end().i32(100).op('return').end().i32(200).op('return').end().i32(-1);
  const bytes = enc.func({ params: ['i32'], results: ['i32'] });
  bytes.code.i32(0).get(0).mem('i32.store16', mem, 0).i32(0).mem('i32.load8_s', mem, 1);
  enc.export('sum', 'func', sum.index);
  enc.export('pick', 'func', pick.index);
  enc.export('bytes', 'func', bytes.index);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(enc.encode()), { env: { memory } });
  const e = instance.exports as { sum: (n: number) => bigint; pick: (k: number) => number; bytes: (v: number) => number };
  assert.equal(e.sum(100000), 5000050000n);
  assert.deepEqual([0, 1, 2, 3, -1].map(e.pick), [100, 200, -1, -1, -1]);
  assert.equal(e.bytes(0x8012), -128);
  assert.equal(e.bytes(0x7f34), 127);
});
