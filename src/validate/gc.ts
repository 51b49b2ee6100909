/**
 * Validation of garbage collection's instructions (Wasm 3.0, issue 17): the 0xfb-prefixed
 * struct, array, i31, cast and conversion instructions and `ref.eq`. func.ts hands them here
 * with the few stack operations they need (GcOps); validator.ts uses the same checks for the
 * GC instructions allowed in constant expressions (CONST_GC).
 *
 *   struct.new x          [t*] -> [(ref x)]              t* the fields, unpacked
 *   struct.new_default x  [] -> [(ref x)]                every field defaultable
 *   struct.get(_s|_u) x i [(ref null x)] -> [t]          _s/_u exactly for packed fields
 *   struct.set x i        [(ref null x) t] -> []         field i mutable
 *   array.new x           [t i32] -> [(ref x)]           array.new_default x: [i32], defaultable
 *   array.new_fixed x n   [t^n] -> [(ref x)]
 *   array.new_data x d    [i32 i32] -> [(ref x)]         numeric or vector element
 *   array.new_elem x e    [i32 i32] -> [(ref x)]         segment e's type matches the element
 *   array.get(_s|_u) x    [(ref null x) i32] -> [t]      array.set x: [(ref null x) i32 t] -> []
 *   array.len             [(ref null array)] -> [i32]
 *   array.fill x          [(ref null x) i32 t i32] -> []
 *   array.copy x y        [(ref null x) i32 (ref null y) i32 i32] -> []   y's element ≤ x's
 *   array.init_data x d / array.init_elem x e   [(ref null x) i32 i32 i32] -> []
 *   ref.i31               [i32] -> [(ref i31)]           i31.get_s/u: [i31ref] -> [i32]
 *   ref.test rt           [(ref null top(rt))] -> [i32]  ref.cast rt: ... -> [rt]
 *   br_on_cast l rt1 rt2  [t* rt1] -> [t* (rt1 \ rt2)]   rt2 ≤ rt1, label [t* rt] with rt2 ≤ rt
 *   br_on_cast_fail l rt1 rt2  [t* rt1] -> [t* rt2]      label [t* rt] with rt1 \ rt2 ≤ rt
 *   any.convert_extern    [(ref null? extern)] -> [(ref null? any)]; extern.convert_any back
 *   ref.eq                [eqref eqref] -> [i32]
 *
 * Array and struct instructions that write need a mutable field or element; the data
 * instructions need the data count section (decoder.ts), as memory.init does.
 */
import type { FieldType, Instr, RefType, StorageType, SubType, ValType } from '../binary/module.js';
import { isRef, refInfo, refType, topRef } from '../binary/types.js';
import { defaultable, matches, storageMatches } from './subtype.js';

/** The validator's operations the GC instructions use (func.ts, and validator.ts for constants). */
export interface GcOps {
  /** The module's type section. */
  readonly types: readonly SubType[];
  /** The element type of each element segment. */
  readonly elems: readonly RefType[];
  /** The number of data segments. */
  readonly datas: number;
  fail(message: string): never;
  /** Pop an operand matching `t`. */
  popExpect(t: ValType): void;
  /** Pop a reference operand: its type, `unknown` (polymorphic stack) or `botref`. */
  popRef(): RefType | 'unknown' | 'botref';
  push(t: ValType | 'botref'): void;
  popAll(ts: readonly ValType[]): void;
  pushAll(ts: readonly ValType[]): void;
  /** The types a branch to label `l` carries ("unknown label" when there is none). */
  labelTypes(l: number): ValType[];
  /** A value type must name known types ("unknown type"). */
  checkValType(t: ValType): void;
}

/**
 * The most operands array.new_fixed takes (an implementation limit, V8's and wasm-tools'):
 * its count is a u32, and a few bytes must not make the validator build a list of 2^32 types.
 */
export const MAX_ARRAY_NEW_FIXED = 10_000;

/** The value type a field's storage type reads as: packed fields are i32. */
export function unpacked(s: StorageType): ValType {
  return s === 'i8' || s === 'i16' ? 'i32' : s;
}

function isPacked(s: StorageType): boolean {
  return s === 'i8' || s === 'i16';
}

/** The GC instructions allowed in constant expressions (Wasm 3.0). */
export const CONST_GC: ReadonlySet<string> = new Set([
  'struct.new', 'struct.new_default', 'array.new', 'array.new_default', 'array.new_fixed',
  'ref.i31', 'any.convert_extern', 'extern.convert_any',
]);

function structType(ops: GcOps, x: number | undefined): FieldType[] {
  const t = x === undefined ? undefined : ops.types[x];
  if (t === undefined) ops.fail(`unknown type ${x}`);
  if (t.comp.kind !== 'struct') ops.fail(`type mismatch: type ${x} is not a struct type`);
  return t.comp.fields;
}

function arrayType(ops: GcOps, x: number | undefined): FieldType {
  const t = x === undefined ? undefined : ops.types[x];
  if (t === undefined) ops.fail(`unknown type ${x}`);
  if (t.comp.kind !== 'array') ops.fail(`type mismatch: type ${x} is not an array type`);
  return t.comp.elem;
}

function field(ops: GcOps, ins: Instr): FieldType {
  const f = structType(ops, ins.idx)[ins.idx2 as number];
  if (f === undefined) ops.fail(`unknown field ${ins.idx2}`);
  return f;
}

/** A read of a field or element: `get` of an unpacked one, `get_s`/`get_u` of a packed one. */
function checkRead(ops: GcOps, name: string, f: FieldType): void {
  if (isPacked(f.type) !== (name.endsWith('_s') || name.endsWith('_u'))) {
    ops.fail(isPacked(f.type) ? 'type mismatch: a packed field needs get_s or get_u' : 'type mismatch: get_s and get_u need a packed field');
  }
}

function mutable(ops: GcOps, f: FieldType): void {
  if (!f.mutable) ops.fail('immutable field');
}

function data(ops: GcOps, d: number | undefined, elem: FieldType): void {
  if (d === undefined || d >= ops.datas) ops.fail(`unknown data segment ${d}`);
  if (isRef(unpacked(elem.type))) ops.fail('array type is not numeric or vector');
}

function elemSeg(ops: GcOps, e: number | undefined, elem: FieldType): void {
  const t = e === undefined ? undefined : ops.elems[e];
  if (t === undefined) ops.fail(`unknown elem segment ${e}`);
  if (!storageMatches(ops.types, t, elem.type)) ops.fail('type mismatch');
}

/** rt1 \ rt2: rt1, not nullable when rt2 takes the null. */
function diff(rt1: RefType, rt2: RefType): RefType {
  const a = refInfo(rt1);
  return refType(a.nullable && !refInfo(rt2).nullable, a.heap);
}

/** The conversions keep nullability; from an unknown operand, the non-null result. */
function convert(ops: GcOps, from: RefType, to: 'any' | 'extern'): void {
  const t = ops.popRef();
  if (t !== 'unknown' && t !== 'botref' && !matches(ops.types, t, from)) ops.fail('type mismatch');
  const nullable = t !== 'unknown' && t !== 'botref' && refInfo(t).nullable;
  ops.push(refType(nullable, to));
}

export function validateGc(ops: GcOps, ins: Instr): void {
  const name = ins.op.name;
  const x = ins.idx;
  const self = (nullable: boolean): RefType => refType(nullable, x as number);
  switch (name) {
    case 'struct.new':
      ops.popAll(structType(ops, x).map((f) => unpacked(f.type)));
      return ops.push(self(false));
    case 'struct.new_default':
      if (!structType(ops, x).every((f) => defaultable(unpacked(f.type)))) ops.fail('type mismatch: a field is not defaultable');
      return ops.push(self(false));
    case 'struct.get':
    case 'struct.get_s':
    case 'struct.get_u': {
      const f = field(ops, ins);
      checkRead(ops, name, f);
      ops.popExpect(self(true));
      return ops.push(unpacked(f.type));
    }
    case 'struct.set': {
      const f = field(ops, ins);
      mutable(ops, f);
      ops.popExpect(unpacked(f.type));
      return ops.popExpect(self(true));
    }
    case 'array.new':
      ops.popExpect('i32');
      ops.popExpect(unpacked(arrayType(ops, x).type));
      return ops.push(self(false));
    case 'array.new_default':
      if (!defaultable(unpacked(arrayType(ops, x).type))) ops.fail('type mismatch: the element is not defaultable');
      ops.popExpect('i32');
      return ops.push(self(false));
    case 'array.new_fixed': {
      const t = unpacked(arrayType(ops, x).type);
      const n = ins.idx2 as number;
      if (n > MAX_ARRAY_NEW_FIXED) ops.fail(`array.new_fixed of ${n} operands (implementation limit: ${MAX_ARRAY_NEW_FIXED})`);
      ops.popAll(new Array<ValType>(n).fill(t));
      return ops.push(self(false));
    }
    case 'array.new_data':
    case 'array.new_elem': {
      const elem = arrayType(ops, x);
      if (name === 'array.new_data') data(ops, ins.idx2, elem);
      else elemSeg(ops, ins.idx2, elem);
      ops.popAll(['i32', 'i32']);
      return ops.push(self(false));
    }
    case 'array.get':
    case 'array.get_s':
    case 'array.get_u': {
      const elem = arrayType(ops, x);
      checkRead(ops, name, elem);
      ops.popAll([self(true), 'i32']);
      return ops.push(unpacked(elem.type));
    }
    case 'array.set': {
      const elem = arrayType(ops, x);
      mutable(ops, elem);
      return ops.popAll([self(true), 'i32', unpacked(elem.type)]);
    }
    case 'array.len':
      ops.popExpect('arrayref');
      return ops.push('i32');
    case 'array.fill': {
      const elem = arrayType(ops, x);
      mutable(ops, elem);
      return ops.popAll([self(true), 'i32', unpacked(elem.type), 'i32']);
    }
    case 'array.copy': {
      const dst = arrayType(ops, x);
      const src = arrayType(ops, ins.idx2);
      mutable(ops, dst);
      if (!storageMatches(ops.types, src.type, dst.type)) ops.fail('array types do not match');
      return ops.popAll([self(true), 'i32', refType(true, ins.idx2 as number), 'i32', 'i32']);
    }
    case 'array.init_data':
    case 'array.init_elem': {
      const elem = arrayType(ops, x);
      mutable(ops, elem);
      if (name === 'array.init_data') data(ops, ins.idx2, elem);
      else elemSeg(ops, ins.idx2, elem);
      return ops.popAll([self(true), 'i32', 'i32', 'i32']);
    }
    case 'ref.i31':
      ops.popExpect('i32');
      return ops.push('(ref i31)');
    case 'i31.get_s':
    case 'i31.get_u':
      ops.popExpect('i31ref');
      return ops.push('i32');
    case 'ref.test':
    case 'ref.cast': {
      const rt = ins.refType as RefType;
      ops.checkValType(rt);
      ops.popExpect(topRef(rt, ops.types));
      return ops.push(name === 'ref.test' ? 'i32' : rt);
    }
    case 'br_on_cast':
    case 'br_on_cast_fail': {
      const [rt1, rt2] = ins.types as [RefType, RefType];
      ops.checkValType(rt1);
      ops.checkValType(rt2);
      if (!matches(ops.types, rt2, rt1)) ops.fail('type mismatch: the cast type must match the operand type');
      const label = ops.labelTypes(ins.idx as number);
      const last = label[label.length - 1];
      const taken = name === 'br_on_cast' ? rt2 : diff(rt1, rt2);
      if (last === undefined || !matches(ops.types, taken, last)) ops.fail('type mismatch');
      ops.popExpect(rt1);
      const below = label.slice(0, -1);
      ops.popAll(below);
      ops.pushAll(below);
      return ops.push(name === 'br_on_cast' ? diff(rt1, rt2) : rt2);
    }
    case 'any.convert_extern':
      return convert(ops, 'externref', 'any');
    case 'extern.convert_any':
      return convert(ops, 'anyref', 'extern');
    case 'ref.eq':
      ops.popAll(['eqref', 'eqref']);
      return ops.push('i32');
  }
  ops.fail(`unsupported instruction ${name}`);
}
