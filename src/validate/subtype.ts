/**
 * Subtyping and type equality of Wasm 3.0's reference types (spec 3.3 "Matching"), in one
 * place: the validator and the module-level checks call `matches`.
 *
 * Heap types form one hierarchy per top: `nofunc ≤ $t ≤ func` for every function type `$t`,
 * `noextern ≤ extern`. `(ref null? a) ≤ (ref null? b)` when `a ≤ b` and the left is nullable
 * only if the right is.
 *
 * Concrete type indices are compared by type identity: without recursive groups (GC, issue 17)
 * each type is its own group, so two function types are the same type exactly when they are
 * structurally equal, with their own concrete references compared the same way (a type may
 * refer to itself: iso-recursive equality then compares the self reference as such).
 * `typeId` names each type by a hash of its structure, so that types of two modules (imports,
 * checked by the runtime) compare the same way.
 */
import { createHash } from 'node:crypto';
import type { FuncType, HeapType, RefType, ValType } from '../binary/module.js';
import { absHeap, isRef, refInfo, refType } from '../binary/types.js';

/** Per type section: the identity hash of each type index (filled on first use). */
const IDS = new WeakMap<readonly FuncType[], string[]>();

/**
 * The identity of type `idx` of `types`, the same in every module: equal ⇔ the same type.
 * It is a SHA-256 (128 bits, hex) of the type's structure, with each concrete reference
 * written as the identity of its target (so the text stays short however deep the types
 * nest) or `self`. `idx` must be valid, its references pointing at itself or earlier types
 * (the validator's type-section check guarantees it before asking).
 */
export function typeId(types: readonly FuncType[], idx: number): string {
  let ids = IDS.get(types);
  if (ids === undefined) IDS.set(types, (ids = []));
  const known = ids[idx];
  if (known !== undefined) return known;
  const t = types[idx] as FuncType;
  const one = (v: ValType): string => {
    if (!isRef(v)) return v;
    const { nullable, heap } = refInfo(v);
    if (typeof heap !== 'number') return v;
    const target = heap === idx ? 'self' : `$${typeId(types, heap)}`;
    return nullable ? `(ref null ${target})` : `(ref ${target})`;
  };
  const key = `(func ${t.params.map(one).join(' ')} -> ${t.results.map(one).join(' ')})`;
  const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
  ids[idx] = id;
  return id;
}

/**
 * A reference type in the module-independent form the runtime compares (import matching,
 * signature strings; docs/abi.md): `N` (nullable) or `R`, then the abstract heap type's
 * name or `$` and the concrete type's identity: `Nfunc`, `R$3f…`.
 */
export function refKey(types: readonly FuncType[], t: RefType): string {
  const { nullable, heap } = refInfo(t);
  return (nullable ? 'N' : 'R') + (typeof heap === 'number' ? `$${typeId(types, heap)}` : heap);
}

/** Whether heap type `a` matches (is a subtype of) heap type `b`, both of module `types`. */
export function heapMatches(types: readonly FuncType[], a: HeapType, b: HeapType): boolean {
  if (a === b) return true;
  if (typeof a === 'number') {
    if (typeof b === 'number') return typeId(types, a) === typeId(types, b);
    return b === 'func';
  }
  // An abstract `a`: only a bottom matches anything but itself, within its hierarchy.
  const info = absHeap(a);
  if (info.bottom !== a) return false;
  return typeof b === 'number' ? info.top === 'func' : absHeap(b).top === info.top;
}

/** Whether value type `a` matches `b` (`a ≤ b`) in a module whose type section is `types`. */
export function matches(types: readonly FuncType[], a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRef(a) || !isRef(b)) return false;
  const ra = refInfo(a);
  const rb = refInfo(b);
  if (ra.nullable && !rb.nullable) return false;
  return heapMatches(types, ra.heap, rb.heap);
}

/** Whether every type of `a` matches the one at the same position of `b`. */
export function allMatch(types: readonly FuncType[], a: readonly ValType[], b: readonly ValType[]): boolean {
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
