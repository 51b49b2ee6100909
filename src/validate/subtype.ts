/**
 * Subtyping and type equality of Wasm 3.0's reference types (spec 3.3 "Matching"), in one
 * place: the validator and the module-level checks call `matches`.
 *
 * Heap types form one hierarchy per top: `nofunc ≤ $f ≤ func` for every function type `$f`;
 * `none ≤ $s ≤ struct ≤ eq ≤ any` for struct types (`array` likewise), `none ≤ i31 ≤ eq`;
 * `noextern ≤ extern`, `noexn ≤ exn`. Between concrete types, `$a ≤ $b` when they are the same
 * type (canon.ts: iso-recursive identity) or `$b` lies on `$a`'s chain of declared
 * supertypes. `(ref null? a) ≤ (ref null? b)` when `a ≤ b` and the left is nullable only if
 * the right is.
 */
import type { HeapType, RefType, StorageType, SubType, ValType } from '../binary/module.js';
import { absHeap, isRef, refInfo, refType, type AbsHeapType } from '../binary/types.js';
import { display, typeId } from './canon.js';

export { typeId } from './canon.js';

/**
 * A reference type in the module-independent form the runtime compares (import matching,
 * signature strings; docs/abi.md): `N` (nullable) or `R`, then the abstract heap type's name,
 * or for a concrete type `$`, its kind (`f` function, `s` struct, `a` array) and its supertype
 * display, the identities from its root supertype down to itself separated by `/`: `Nfunc`,
 * `R$f3f…`, `N$s3f…/9a…`. The runtime decides `$a ≤ $b` by a prefix test of the displays and
 * places a concrete type in its hierarchy by its kind, without the module (awsm_ref_matches).
 */
export function refKey(types: readonly SubType[], t: RefType): string {
  const { nullable, heap } = refInfo(t);
  const kind = typeof heap === 'number' ? KIND_CHAR[kindHeap(types, heap) as 'func' | 'struct' | 'array'] : '';
  return (nullable ? 'N' : 'R') + (typeof heap === 'number' ? `$${kind}${display(types, heap).join('/')}` : heap);
}

/** The kind letter of a concrete type in refKey's strings. */
const KIND_CHAR = { func: 'f', struct: 's', array: 'a' } as const;

/** The abstract heap type directly above concrete type `x`: `func`, `struct` or `array`. */
export function kindHeap(types: readonly SubType[], x: number): AbsHeapType {
  return (types[x] as SubType).comp.kind;
}

/** Whether abstract `a` matches `b`: `a` is `b`, reaches it through its parents, or is its bottom. */
function absBelow(a: AbsHeapType, b: AbsHeapType): boolean {
  const info = absHeap(a);
  if (info.bottom === a) return absHeap(b).top === info.top;
  for (let x: AbsHeapType | undefined = a; x !== undefined; x = absHeap(x).parent) if (x === b) return true;
  return false;
}

/** Whether heap type `a` matches (is a subtype of) heap type `b`, both of module `types`. */
export function heapMatches(types: readonly SubType[], a: HeapType, b: HeapType): boolean {
  if (a === b) return true;
  if (typeof a === 'number') {
    if (typeof b !== 'number') return absBelow(kindHeap(types, a), b);
    const want = typeId(types, b);
    // Up the declared chain (validated: acyclic, at most MAX_SUBTYPE_DEPTH long).
    for (let x: number | undefined = a; x !== undefined; x = (types[x] as SubType).supers[0]) {
      if (typeId(types, x) === want) return true;
    }
    return false;
  }
  if (typeof b === 'number') return absHeap(a).bottom === a && absHeap(a).top === absHeap(kindHeap(types, b)).top;
  return absBelow(a, b);
}

/** Whether value type `a` matches `b` (`a ≤ b`) in a module whose type section is `types`. */
export function matches(types: readonly SubType[], a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRef(a) || !isRef(b)) return false;
  const ra = refInfo(a);
  const rb = refInfo(b);
  if (ra.nullable && !rb.nullable) return false;
  return heapMatches(types, ra.heap, rb.heap);
}

/** Whether every type of `a` matches the one at the same position of `b`. */
export function allMatch(types: readonly SubType[], a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!matches(types, a[i] as ValType, b[i] as ValType)) return false;
  return true;
}

/** Whether a value of type `t` has a default value (null, zero): non-nullable references do not. */
export function defaultable(t: ValType): boolean {
  return !isRef(t) || refInfo(t).nullable;
}

/** The type of `ref.as_non_null`'s result, and of br_on_null's operand that continues. */
export function nonNull(t: RefType): RefType {
  return refType(false, refInfo(t).heap);
}

/** Whether storage type `a` matches `b`: packed types only themselves. */
export function storageMatches(types: readonly SubType[], a: StorageType, b: StorageType): boolean {
  if (a === 'i8' || a === 'i16' || b === 'i8' || b === 'i16') return a === b;
  return matches(types, a, b);
}

/** Whether value types `a` and `b` are the same type (each matches the other). */
export function sameType(types: readonly SubType[], a: StorageType, b: StorageType): boolean {
  return storageMatches(types, a, b) && storageMatches(types, b, a);
}
