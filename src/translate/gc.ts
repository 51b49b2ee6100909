/**
 * GC lowering (issue 17, docs/gc.md): allocation, struct fields, array elements and i31.
 * Every reference of the `any` hierarchy is a `ptr`: null 0, an i31 the word `(v << 1) | 1`,
 * else the address of an object of the instance's GC heap, whose header word is its RTT.
 *
 *   struct.new $t      %o = call ptr @awsm_gc_struct_new(ptr %ctx, ptr <ctx->rtts[$t]>, i32 f)
 *                      store <field i>, ptr <%o + offsets[i]>        (packed fields truncated)
 *   struct.get $t i    null check ("null structure reference"), load at offsets[i]
 *   array.new $t       %a = call ptr @awsm_gc_array_new(…, i32 %n, i32 f), then array_fill
 *   array.get $t       null check, `i u< len` ("out of bounds array access"), load at 16 + i*size
 *   ref.i31            inttoptr ((v << 1) | 1);  i31.get_s/u: ashr/lshr of the low 32 bits by 1
 *
 * Objects never move and the collector scans the native stack conservatively, so nothing is
 * needed around calls: an object stays alive while a pointer into it is in a register or the
 * frame, which getelementptr from the object keeps true. The offsets follow the runtime's rule
 * (awsm_rtt.offsets, gc_types.c): each field at its natural alignment after the 8-byte header.
 * Allocating constant expressions (constexpr.ts) use the same helpers through a GcSite.
 * Casts, ref.eq and the extern conversions are gc-cast.ts's.
 */
import type { FieldType, Instr, StorageType, SubType } from '../binary/module.js';
import { i32, i64, nullptr, type FunctionBuilder, type Value } from '../llvm/builder.js';
import { llvmType, sigChar, TrapKind } from './abi.js';
import type { ModuleContext } from './context.js';
import type { FuncEnv } from './func-env.js';
import { callRuntime, fieldPtr, rttObj } from './instance.js';

/** AWSM_GC_HEADER, AWSM_GC_ARRAY_LENGTH, AWSM_GC_ARRAY_DATA (awsm_abi.h). */
export const GC_LAYOUT = { header: 8, arrayLength: 8, arrayData: 16 } as const;

/** Bytes a field or element of storage type `s` takes (gc_storage_size in gc_types.c). */
export function storageSize(s: StorageType): number {
  switch (s) {
    case 'i8': return 1;
    case 'i16': return 2;
    case 'i32': case 'f32': return 4;
    case 'v128': return 16;
    default: return 8; // i64, f64 and references (8 on every target)
  }
}

/** The descriptor's character for storage type `s`: `b` (i8), `h` (i16) or the value type's sigChar. */
export function storageChar(s: StorageType, types: readonly SubType[]): string {
  return s === 'i8' ? 'b' : s === 'i16' ? 'h' : sigChar(s, types);
}

/** The LLVM type a field of storage type `s` is loaded and stored as. */
function storageTy(s: StorageType): string {
  return s === 'i8' || s === 'i16' ? s : llvmType(s);
}

/**
 * The LLVM type whose size is storage type `s`'s slot: storageTy, except for a reference on a
 * 32-bit target, whose 4-byte pointer sits in an 8-byte slot (the runtime's rule on every
 * target): i64 there, so that element strides and value buffers match the runtime's.
 */
function slotTy(cx: ModuleContext, s: StorageType): string {
  const ty = storageTy(s);
  return ty === 'ptr' && cx.abi.pointerSize === 4 ? 'i64' : ty;
}

/** A struct type's object layout: each field's byte offset and the object's size. */
export interface StructLayout {
  offsets: number[];
  size: number;
}

/** Layouts already computed, per field list (a struct type's, shared by every access to it). */
const LAYOUTS = new WeakMap<readonly FieldType[], StructLayout>();

/** The layout of a struct of `fields`: the runtime's rule (awsm_rtt.offsets, docs/gc.md "Layout"). */
export function structLayout(fields: readonly FieldType[]): StructLayout {
  const known = LAYOUTS.get(fields);
  if (known !== undefined) return known;
  let at = GC_LAYOUT.header;
  const offsets = fields.map((fld) => {
    const size = storageSize(fld.type);
    at = Math.ceil(at / size) * size;
    const offset = at;
    at += size;
    return offset;
  });
  const layout = { offsets, size: Math.ceil(at / 8) * 8 };
  LAYOUTS.set(fields, layout);
  return layout;
}

/** The fields of struct type `x`. */
function structFields(cx: ModuleContext, x: number): FieldType[] {
  const c = cx.m.types[x]!.comp;
  if (c.kind !== 'struct') throw new Error(`internal error: type ${x} is not a struct type`);
  return c.fields;
}

/** The element of array type `x`. */
function arrayElem(cx: ModuleContext, x: number): FieldType {
  const c = cx.m.types[x]!.comp;
  if (c.kind !== 'array') throw new Error(`internal error: type ${x} is not an array type`);
  return c.elem;
}

/** Store value `v` (i32 for a packed type) as storage type `s` at `p`, a field or element (`md`: its TBAA tag, none for a stack slot). */
function storeField(f: FunctionBuilder, s: StorageType, v: Value, p: Value, md?: string): void {
  f.store(s === 'i8' || s === 'i16' ? f.trunc(v, s) : v, p, { align: storageSize(s), ...(md === undefined ? {} : { md }) });
}

/** `!tbaa` of struct fields and array elements. */
function fieldMd(cx: ModuleContext): string {
  return `!tbaa ${cx.tbaaGc.field}`;
}

/** Load storage type `s` at `p`, a field or element, as its value type (packed: sign- or zero-extended to i32). */
function loadField(cx: ModuleContext, f: FunctionBuilder, s: StorageType, p: Value, signed: boolean): Value {
  const v = f.load(storageTy(s), p, { align: storageSize(s), md: fieldMd(cx) });
  if (s !== 'i8' && s !== 'i16') return v;
  return signed ? f.sext(v, 'i32') : f.zext(v, 'i32');
}

/** Where an allocation is emitted: a function body, or the init function (funcidx 0xFFFFFFFF). */
export interface GcSite {
  cx: ModuleContext;
  f: FunctionBuilder;
  /** `%ctx`, the instance. */
  ctx: Value;
  /** The Wasm function, for trap messages (out of memory). */
  funcidx: number;
}

/** Call allocating runtime function `sym` (awsm_abi.h, "GC") with ctx, `args` and the funcidx. */
function allocCall(site: GcSite, sym: string, args: Value[]): Value {
  return callRuntime(site.cx, site.f, site.ctx, sym, 'ptr', [...args, i32(site.funcidx)])!;
}

/** struct.new $x with the field values `values` (unpacked), or struct.new_default without. */
export function structNew(site: GcSite, x: number, values?: readonly Value[]): Value {
  const { cx, f } = site;
  const o = allocCall(site, '@awsm_gc_struct_new', [rttObj(cx, f, site.ctx, x)]);
  if (values !== undefined) {
    const fields = structFields(cx, x);
    const { offsets } = structLayout(fields);
    fields.forEach((fld, i) => storeField(f, fld.type, values[i]!, f.gep('i8', o, [i64(offsets[i]!)], true), fieldMd(cx)));
  }
  return o;
}

/** Whether `v` is a constant zero of its type (the value a fresh object already holds). */
function isZero(v: Value): boolean {
  return v.ref === 'null' || v.ref === 'zeroinitializer' || v.ref === '0.0' || (v.k === 0n && !v.ty.startsWith('<'));
}

/**
 * A stack slot holding `v` as an element of storage type `s` (what array_fill reads).
 *
 *   %buf = alloca i16 ; store i16 <trunc v>, ptr %buf
 */
function valueBuffer(cx: ModuleContext, f: FunctionBuilder, s: StorageType, v: Value): Value {
  const slot = slotTy(cx, s);
  const buf = f.alloca(slot, 'elt');
  if (slot !== storageTy(s)) f.store(i64(0), buf); // a 32-bit target's pointer in 8 bytes
  storeField(f, s, v, buf);
  return buf;
}

/** array.new $x of `n` elements `v`, or array.new_default without `v` (objects are zeroed). */
export function arrayNew(site: GcSite, x: number, n: Value, v?: Value): Value {
  const { cx, f } = site;
  const a = allocCall(site, '@awsm_gc_array_new', [rttObj(cx, f, site.ctx, x), n]);
  if (v !== undefined && !isZero(v)) {
    const buf = valueBuffer(cx, f, arrayElem(cx, x).type, v);
    callRuntime(cx, f, site.ctx, '@awsm_gc_array_fill', 'void', [a, i32(0), buf, n, i32(site.funcidx)]);
  }
  return a;
}

/** The address of element `i` of array `a` of element type `s` (no check). */
function elementAt(cx: ModuleContext, f: FunctionBuilder, a: Value, s: StorageType, i: Value): Value {
  const data = f.gep('i8', a, [i64(GC_LAYOUT.arrayData)], true);
  return f.gep(slotTy(cx, s), data, [f.zext(i, 'i64')], true);
}

/** array.new_fixed $x with `values`: one allocation, then a store per element. */
export function arrayNewFixed(site: GcSite, x: number, values: readonly Value[]): Value {
  const { cx, f } = site;
  const a = allocCall(site, '@awsm_gc_array_new', [rttObj(cx, f, site.ctx, x), i32(values.length)]);
  const s = arrayElem(cx, x).type;
  values.forEach((v, k) => {
    if (!isZero(v)) storeField(f, s, v, f.gep('i8', a, [i64(GC_LAYOUT.arrayData + k * storageSize(s))], true), fieldMd(cx));
  });
  return a;
}

/**
 * ref.i31: the word `((v & 0x7fffffff) << 1) | 1` (zero-extended, as awsm_gc_i31 makes it).
 *
 *   %s = shl i32 %v, 1 ; %o = or i32 %s, 1 ; %w = zext i32 %o to i64 ; %r = inttoptr i64 %w to ptr
 */
export function i31New(cx: ModuleContext, f: FunctionBuilder, v: Value): Value {
  const word = f.or(f.shl(v, i32(1)), i32(1));
  const w = cx.abi.intptr === 'i64' ? f.zext(word, 'i64') : word;
  return f.inttoptr(w, 'ptr');
}

/** i31.get_s / i31.get_u of a non-null i31 `r`: the low 32 bits shifted right by 1. */
function i31Get(cx: ModuleContext, f: FunctionBuilder, r: Value, signed: boolean): Value {
  const w = f.ptrtoint(r, cx.abi.intptr);
  const low = cx.abi.intptr === 'i64' ? f.trunc(w, 'i32') : w;
  return signed ? f.ashr(low, i32(1)) : f.lshr(low, i32(1));
}

/** Pop a reference and trap `kind` when it is null; the reference. */
function popNonNull(t: FuncEnv, kind: TrapKind): Value {
  const r = t.s.pop().v;
  t.trapIf(t.f.icmp('eq', r, nullptr), kind);
  return r;
}

/** The length of non-null array `a`: `load i32, ptr <a + 8>, !tbaa <gc array length>`. */
function arrayLength(cx: ModuleContext, f: FunctionBuilder, a: Value): Value {
  return f.load('i32', f.gep('i8', a, [i64(GC_LAYOUT.arrayLength)], true), { align: 4, md: `!tbaa ${cx.tbaaGc.length}` });
}

/**
 * Pop an array reference and an index (below it: nothing else popped), check both, and return
 * the element's address: null check, then `i u< len`.
 *
 *   %len = load i32, ptr <a + 8> ; %oob = icmp uge i32 %i, %len → trap "out of bounds array access"
 */
function checkedElement(t: FuncEnv, a: Value, i: Value, s: StorageType): Value {
  const f = t.f;
  t.trapIf(f.icmp('eq', a, nullptr), TrapKind.NullArrayRef);
  const len = arrayLength(t.cx, f, a);
  t.trapIf(f.icmp('uge', i, len), TrapKind.ArrayOutOfBounds);
  return elementAt(t.cx, f, a, s, i);
}

/** The GC instructions this file lowers (support.ts lets them through; function.ts dispatches them here). */
export const GC_LOWERED: ReadonlySet<string> = new Set([
  'ref.i31', 'i31.get_s', 'i31.get_u',
  'struct.new', 'struct.new_default', 'struct.get', 'struct.get_s', 'struct.get_u', 'struct.set',
  'array.new', 'array.new_default', 'array.new_fixed', 'array.new_data', 'array.new_elem',
  'array.get', 'array.get_s', 'array.get_u', 'array.set', 'array.len', 'array.fill', 'array.copy',
  'array.init_data', 'array.init_elem',
]);

/**
 * The operands popped and results pushed by GC instruction `ins` of a module of type section
 * `types`, for the analyses that walk the value stack (no-wrap.ts); undefined for the
 * branching ones (br_on_cast, br_on_cast_fail) and any other instruction.
 */
export function gcEffect(types: readonly SubType[], ins: Instr): [number, number] | undefined {
  switch (ins.op.name) {
    case 'struct.new': {
      const c = types[ins.idx!]!.comp;
      return [c.kind === 'struct' ? c.fields.length : 0, 1];
    }
    case 'struct.new_default': return [0, 1];
    case 'struct.set': return [2, 0];
    case 'array.new': case 'array.new_data': case 'array.new_elem':
    case 'array.get': case 'array.get_s': case 'array.get_u': case 'ref.eq':
      return [2, 1];
    case 'array.new_fixed': return [ins.idx2!, 1];
    case 'array.set': return [3, 0];
    case 'array.fill': case 'array.init_data': case 'array.init_elem': return [4, 0];
    case 'array.copy': return [5, 0];
    case 'ref.i31': case 'i31.get_s': case 'i31.get_u': case 'struct.get': case 'struct.get_s': case 'struct.get_u':
    case 'array.new_default': case 'array.len': case 'ref.test': case 'ref.cast': case 'any.convert_extern': case 'extern.convert_any':
      return [1, 1];
  }
  return undefined;
}

/** Lower GC instruction `ins` of a function body (dispatched from function.ts). */
export function emitGc(t: FuncEnv, ins: Instr): void {
  const { f, cx, s } = t;
  const site: GcSite = { cx, f, ctx: t.ctx, funcidx: t.funcidx };
  const name = ins.op.name;
  const x = ins.idx!;
  const values = (n: number): Value[] => s.popn(n).map((o) => o.v);
  const call = (sym: string, retTy: string, args: Value[]): Value | undefined => t.callRuntime(sym, retTy, [...args, i32(t.funcidx)]);
  switch (name) {
    case 'ref.i31':
      return s.push(i31New(cx, f, s.pop().v));
    case 'i31.get_s':
    case 'i31.get_u':
      return s.push(i31Get(cx, f, popNonNull(t, TrapKind.NullI31Ref), name === 'i31.get_s'));
    case 'struct.new':
      return s.push(structNew(site, x, values(structFields(cx, x).length)));
    case 'struct.new_default':
      return s.push(structNew(site, x));
    case 'struct.get':
    case 'struct.get_s':
    case 'struct.get_u': {
      const fields = structFields(cx, x);
      const o = popNonNull(t, TrapKind.NullStructRef);
      const p = f.gep('i8', o, [i64(structLayout(fields).offsets[ins.idx2!]!)], true);
      return s.push(loadField(cx, f, fields[ins.idx2!]!.type, p, name === 'struct.get_s'));
    }
    case 'struct.set': {
      const fields = structFields(cx, x);
      const v = s.pop().v;
      const o = popNonNull(t, TrapKind.NullStructRef);
      return storeField(f, fields[ins.idx2!]!.type, v, f.gep('i8', o, [i64(structLayout(fields).offsets[ins.idx2!]!)], true), fieldMd(cx));
    }
    case 'array.new': {
      const [v, n] = values(2);
      return s.push(arrayNew(site, x, n!, v));
    }
    case 'array.new_default':
      return s.push(arrayNew(site, x, s.pop().v));
    case 'array.new_fixed':
      return s.push(arrayNewFixed(site, x, values(ins.idx2!)));
    case 'array.new_data':
    case 'array.new_elem': {
      const [from, n] = values(2);
      const sym = name === 'array.new_data' ? '@awsm_gc_array_new_data' : '@awsm_gc_array_new_elem';
      return s.push(call(sym, 'ptr', [rttObj(cx, f, t.ctx, x), i32(ins.idx2!), from!, n!])!);
    }
    case 'array.get':
    case 'array.get_s':
    case 'array.get_u': {
      const [a, i] = values(2);
      const elem = arrayElem(cx, x).type;
      return s.push(loadField(cx, f, elem, checkedElement(t, a!, i!, elem), name === 'array.get_s'));
    }
    case 'array.set': {
      const [a, i, v] = values(3);
      const elem = arrayElem(cx, x).type;
      return storeField(f, elem, v!, checkedElement(t, a!, i!, elem), fieldMd(cx));
    }
    case 'array.len': {
      const a = popNonNull(t, TrapKind.NullArrayRef);
      return s.push(arrayLength(cx, f, a));
    }
    case 'array.fill': {
      const [a, d, v, n] = values(4);
      return void call('@awsm_gc_array_fill', 'void', [a!, d!, valueBuffer(cx, f, arrayElem(cx, x).type, v!), n!]);
    }
    case 'array.copy':
      return void call('@awsm_gc_array_copy', 'void', values(5));
    case 'array.init_data':
    case 'array.init_elem': {
      const [a, d, from, n] = values(4);
      const sym = name === 'array.init_data' ? '@awsm_gc_array_init_data' : '@awsm_gc_array_init_elem';
      return void call(sym, 'void', [a!, d!, i32(ins.idx2!), from!, n!]);
    }
  }
  throw new Error(`emitGc: unexpected instruction ${name}`);
}

/**
 * Whether a module's descriptor lists its type section (and so gets a heap and ctx->rtts):
 * when it defines a struct or array type. Other modules keep num_types 0, their IR unchanged.
 */
export function hasGcTypes(types: readonly SubType[]): boolean {
  return types.some((t) => t.comp.kind !== 'func');
}
