/**
 * Values carry their constants (src/llvm/builder.ts, `Value.k`): the constant constructors set
 * the bits, and the translator asks `k`, never the printed `ref` (numeric.ts recognises
 * identity operands and integer constants to reinterpret). Likewise a vector type's shape is
 * looked up (vectorShape), never parsed back out of its text.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

import { opByName } from '../../src/binary/opcodes.js';
import type { Instr } from '../../src/binary/module.js';
import {
  f32bits, f64bits, floatValue, fpLiteral, fzero, FunctionBuilder, i1, i32, i64, iconst, intrinsicSuffix,
  vectorBoolType, vectorElementType, vectorShape, vectorType, type Value,
} from '../../src/llvm/builder.js';
import { emitNumeric, type NumericEnv } from '../../src/translate/numeric.js';

test('constant constructors: integers unsigned in their width, floats by bit pattern', () => {
  assert.deepEqual([i32(-1).ref, i32(-1).k], ['-1', 0xffffffffn]);
  assert.deepEqual([i32(7).ref, i32(7).k], ['7', 7n]);
  assert.deepEqual([i64(-1n).ref, i64(-1n).k], ['-1', (1n << 64n) - 1n]);
  assert.deepEqual([i1(true).k, i1(false).k], [1n, 0n]);
  assert.deepEqual([iconst('i16', -1n).ref, iconst('i16', -1n).k], ['-1', 0xffffn]);
  assert.deepEqual([iconst('i8', 0x1ffn).ref, iconst('i8', 0x1ffn).k], ['-1', 0xffn]);
  assert.throws(() => iconst('float', 0n), /not an integer type/);
  // A NaN with a payload keeps it; so does -0.
  assert.equal(f32bits(0x7fa00001).k, 0x7fa00001n);
  assert.equal(f32bits(0xffc00000 | 0).k, 0xffc00000n);
  assert.equal(f64bits(0xfff0000000000001n).k, 0xfff0000000000001n);
  assert.equal(fpLiteral('float', -0).k, 0x80000000n);
  assert.equal(fpLiteral('double', 1).k, 0x3ff0000000000000n);
  assert.equal(fpLiteral('float', 1).ref, '0x3FF0000000000000'); // LLVM writes a float as its double
  assert.throws(() => fpLiteral('float', 0.1), /not an f32/);
  assert.deepEqual([fzero('double').ref, fzero('double').k], ['0.0', 0n]);
  assert.ok(Object.is(floatValue(f32bits(0x80000000 | 0)), -0));
  assert.equal(floatValue(f64bits(0xbff0000000000000n)), -1);
  assert.equal(floatValue(i32(1)), undefined); // not a float
  assert.equal(floatValue({ ty: 'float', ref: '%t1' }), undefined);
});

/** emitNumeric of `name` on `args` in a fresh function; the function's text. */
function emit(name: string, args: Value[]): string {
  const f = new FunctionBuilder('@t', 'void', []);
  const env: NumericEnv = { f, declare: () => {}, trapIf: () => {} };
  emitNumeric(env, { op: opByName(name), pos: 0 } as Instr, args);
  f.ret();
  return f.toString();
}

const x: Value = { ty: 'float', ref: '%x' };

test('an identity operand is recognised by its constant, not its text', () => {
  const quieted = /fcmp uno/;
  assert.match(emit('f32.sub', [x, fzero('float')]), quieted); // x - 0 → x in LLVM
  assert.match(emit('f32.add', [x, fpLiteral('float', -0)]), quieted); // x + -0
  assert.match(emit('f32.mul', [f32bits(0x3f800000), x]), quieted); // 1 * x
  assert.match(emit('f32.div', [x, fpLiteral('float', -1)]), quieted); // x / -1
  assert.doesNotMatch(emit('f32.add', [x, fzero('float')]), quieted); // x + 0 is not an identity (-0 + 0)
  assert.doesNotMatch(emit('f32.div', [fpLiteral('float', 1), x]), quieted); // 1 / x
  // The same text without `k` is an unknown value to the translator.
  assert.doesNotMatch(emit('f32.sub', [x, { ty: 'float', ref: '0.0' }]), quieted);
});

test('reinterpreting an integer constant that is a signalling NaN goes through asm', () => {
  const reinterpret = (v: Value): string => emit('f32.reinterpret_i32', [v]);
  assert.match(reinterpret(i32(0x7fa00000)), /call i32 asm "", "=r,0"\(i32 2141192192\)/);
  assert.doesNotMatch(reinterpret(i32(0x7fc00000)), /asm/); // a quiet NaN is a plain constant
  assert.match(reinterpret({ ty: 'i32', ref: '%n' }), /bitcast i32 %n to float/);
  assert.match(emit('f64.reinterpret_i64', [i64(0x7ff0000000000001n)]), /call i64 asm "", "=r,0"\(i64 9218868437227405313\)/);
});

test('vector types: their shape is looked up, not parsed', () => {
  assert.deepEqual(vectorShape('<16 x i8>'), { lanes: 16, el: 'i8' });
  assert.equal(intrinsicSuffix(vectorType('float', 4)), 'v4f32');
  assert.equal(intrinsicSuffix('double'), 'f64');
  assert.equal(vectorBoolType('<2 x double>'), '<2 x i1>');
  assert.equal(vectorElementType(vectorType('i16', 3)), 'i16'); // made by vectorType: known
  assert.equal(vectorShape('i32'), undefined);
  assert.equal(vectorShape('<3 x i7>'), undefined); // never made: not taken apart
  assert.throws(() => vectorElementType('<3 x i7>'), /not a vector type/);
});
