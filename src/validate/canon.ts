/**
 * Type identity of Wasm 3.0: iso-recursive canonicalisation of recursive groups (spec 3.1.3,
 * "Type equivalence"), the same across modules.
 *
 * Two defined types are the same type exactly when their recursive groups are structurally
 * identical — references to a type of the same group compared by their position in the group,
 * references outside it by the identity of their target — and they sit at the same position.
 * `typeId` names each type by a hash of its group's canonical text plus its position, so
 * identities compare with `===` within a module and across modules (import matching and the
 * run-time checks of call_indirect, docs/abi.md "Type identity").
 *
 * The canonical text of a group is `(rec S0 S1 …)`, each subtype written as
 * `(sub final? (supers) COMP)` with COMP `(func P* -> R*)`, `(struct F*)` or `(array F)`, a
 * field `mut T` or `T`, and each concrete type reference `@k` (the group's k-th type) or
 * `$ID` (an earlier group's type, by its identity).
 */
import { createHash } from 'node:crypto';
import type { CompType, FieldType, StorageType, SubType } from '../binary/module.js';
import { isRef, refInfo } from '../binary/types.js';

/** Per type section: the identity of each type index (filled on first use). */
const IDS = new WeakMap<readonly SubType[], string[]>();

/**
 * The identity of type `idx` of `types`, the same in every module: equal ⇔ the same type.
 * It is a SHA-256 (128 bits, hex) of its group's canonical text, then `.` and its position
 * in the group (omitted for a group of one). `idx` must be valid and its group's references
 * valid (the validator's type-section check guarantees it before asking).
 */
export function typeId(types: readonly SubType[], idx: number): string {
  let ids = IDS.get(types);
  if (ids === undefined) IDS.set(types, (ids = []));
  const known = ids[idx];
  if (known !== undefined) return known;
  // Groups in index order, from the first without identities up to idx's: a group refers
  // outside itself only to earlier groups, so their identities are known when its text is
  // written (a loop, not a recursion as deep as the chain of references).
  for (let g = ids.length; g <= idx; ) {
    const t = types[g] as SubType;
    const hash = createHash('sha256').update(groupText(types, t.group)).digest('hex').slice(0, 32);
    for (let k = 0; k < t.groupSize; k++) ids[t.group + k] = t.groupSize === 1 ? hash : `${hash}.${k}`;
    g = t.group + t.groupSize;
  }
  return ids[idx] as string;
}

/** The canonical text of the recursive group starting at type `group` (earlier groups' identities known). */
export function groupText(types: readonly SubType[], group: number): string {
  const size = (types[group] as SubType).groupSize;
  const ref = (x: number): string => (x >= group && x < group + size ? `@${x - group}` : `$${typeId(types, x)}`);
  const storage = (s: StorageType): string => {
    if (s === 'i8' || s === 'i16' || !isRef(s)) return s;
    const { nullable, heap } = refInfo(s);
    if (typeof heap !== 'number') return s;
    return nullable ? `(ref null ${ref(heap)})` : `(ref ${ref(heap)})`;
  };
  const field = (f: FieldType): string => (f.mutable ? `(mut ${storage(f.type)})` : storage(f.type));
  const comp = (c: CompType): string => {
    switch (c.kind) {
      case 'func': return `(func ${c.params.map(storage).join(' ')} -> ${c.results.map(storage).join(' ')})`;
      case 'struct': return `(struct ${c.fields.map(field).join(' ')})`;
      case 'array': return `(array ${field(c.elem)})`;
    }
  };
  const parts: string[] = [];
  for (let k = 0; k < size; k++) {
    const s = types[group + k] as SubType;
    parts.push(`(sub${s.final ? ' final' : ''} (${s.supers.map(ref).join(' ')}) ${comp(s.comp)})`);
  }
  return `(rec ${parts.join(' ')})`;
}

/**
 * Whether type `idx` is a plain function type of the 2.0 kind: final, without supertype,
 * alone in its group. Its identity is then its structure alone, which the signature strings
 * (src/translate/abi.ts) already spell out.
 */
export function isPlain(types: readonly SubType[], idx: number): boolean {
  const t = types[idx] as SubType;
  return t.final && t.supers.length === 0 && t.groupSize === 1;
}

/**
 * The chain of identities from the root of type `idx`'s declared supertypes down to `idx`
 * itself: its supertype display (entry d is its supertype at depth d). Type A is a subtype of
 * type B exactly when display(A)[depth(B)] is B's identity.
 */
export function display(types: readonly SubType[], idx: number): string[] {
  const chain: string[] = [];
  for (let x: number | undefined = idx; x !== undefined; x = (types[x] as SubType).supers[0]) chain.push(typeId(types, x));
  return chain.reverse();
}
