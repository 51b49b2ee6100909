/**
 * Validation of the type section (Wasm 3.0, spec 3.2.x "Recursive types", "Subtypes"):
 *
 * - every concrete reference of a recursive group names a type defined before the group's end
 *   (a group's types may refer to each other and to earlier groups);
 * - a subtype declares at most one supertype, defined before it, not `final`, of the same
 *   kind, and its composite type matches the supertype's (function types: parameters
 *   contravariant, results covariant; structs: a prefix of its fields, each an immutable
 *   subtype or the same mutable type; arrays: the element likewise);
 * - the chains of declared supertypes are at most MAX_SUBTYPE_DEPTH deep (an implementation
 *   limit, the JS API's and wasm-tools'), so that the run-time supertype displays stay short.
 */
import type { CompType, FieldType, StorageType, SubType } from '../binary/module.js';
import { isRef, refInfo } from '../binary/types.js';
import { invalid } from './context.js';
import { allMatch, sameType, storageMatches } from './subtype.js';

/** The deepest chain of declared supertypes awsm accepts (depth 0: no supertype). */
export const MAX_SUBTYPE_DEPTH = 63;

/** Check every type of `types`; throws ValidationError naming the offending type's offset. */
export function checkTypeSection(types: readonly SubType[]): void {
  const depth: number[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i] as SubType;
    // A group's references are checked all at once, before its first type's subtyping
    // (which may follow references to the group's later types).
    if (t.group === i) {
      const end = i + t.groupSize;
      for (let k = i; k < end; k++) checkRefs(types[k] as SubType, end);
    }
    if (t.supers.length > 1) invalid('multiple supertypes', t.pos);
    const s = t.supers[0];
    if (s === undefined) {
      depth.push(0);
      continue;
    }
    if (s >= i) invalid(`unknown type ${s}: a supertype must be defined before its subtype`, t.pos);
    const sup = types[s] as SubType;
    if (sup.final) invalid(`sub type ${i} does not match super type ${s}: type ${s} is final`, t.pos);
    if (!compMatches(types, t.comp, sup.comp)) invalid(`sub type ${i} does not match super type ${s}`, t.pos);
    const d = (depth[s] as number) + 1;
    if (d > MAX_SUBTYPE_DEPTH) invalid(`subtyping depth is too large (implementation limit: ${MAX_SUBTYPE_DEPTH})`, t.pos);
    depth.push(d);
  }
}

/** Every concrete reference of `t` (and its supertype index) must be below `end`. */
function checkRefs(t: SubType, end: number): void {
  const check = (s: StorageType): void => {
    if (s === 'i8' || s === 'i16' || !isRef(s)) return;
    const heap = refInfo(s).heap;
    if (typeof heap === 'number' && heap >= end) invalid(`unknown type ${heap}`, t.pos);
  };
  const c = t.comp;
  if (c.kind === 'func') {
    c.params.forEach(check);
    c.results.forEach(check);
  } else if (c.kind === 'struct') c.fields.forEach((f) => check(f.type));
  else check(c.elem.type);
  for (const s of t.supers) if (s >= end) invalid(`unknown type ${s}`, t.pos);
}

/** Whether composite type `a` matches `b` (spec: "Composite types"). */
export function compMatches(types: readonly SubType[], a: CompType, b: CompType): boolean {
  if (a.kind === 'func' && b.kind === 'func') return allMatch(types, b.params, a.params) && allMatch(types, a.results, b.results);
  if (a.kind === 'struct' && b.kind === 'struct') {
    if (a.fields.length < b.fields.length) return false;
    return b.fields.every((f, i) => fieldMatches(types, a.fields[i] as FieldType, f));
  }
  if (a.kind === 'array' && b.kind === 'array') return fieldMatches(types, a.elem, b.elem);
  return false;
}

/** A field matches another of the same mutability: covariantly if immutable, exactly if mutable. */
function fieldMatches(types: readonly SubType[], a: FieldType, b: FieldType): boolean {
  if (a.mutable !== b.mutable) return false;
  return a.mutable ? sameType(types, a.type, b.type) : storageMatches(types, a.type, b.type);
}
