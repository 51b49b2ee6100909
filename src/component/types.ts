/**
 * The validator's view of component types: the decoded types (ast.ts) with every type index
 * resolved, so that types from different index spaces (an outer component, an instance's
 * exports, a component type's declarations) compare directly. Type indices only ever refer
 * to earlier definitions, so resolved types are finite trees (sharing subtrees).
 *
 * Resources are generative: each resource type definition, and each `(sub resource)` import
 * or export, makes a fresh `Resource` (compared by identity). Instantiating a component type
 * maps the resources it imports to the ones given (`Subst`) and makes its exported resources
 * fresh again.
 *
 * Subtyping follows Subtyping.md of the component model as wasm-tools implements it for the
 * MVP: value types match when equal, function types when their parameter and result types
 * match (names included), instance types when every export of the expected type is present
 * with a matching type, component types contravariantly in their imports.
 */
import type { FuncType as CoreFuncType, GlobalType, MemType, TableType, ValType as CoreValType } from '../binary/module.js';
import type { PrimValType } from './ast.js';

/** A resource type: identity is the type (a fresh object per definition or abstract import). */
export interface Resource {
  /** For messages: the name it was imported or exported under, or `resource`. */
  name: string;
  /** The core function index of its destructor, for resources this component defines. */
  dtor?: number;
  /** Whether this component defined it (`resource.new`/`rep` need that). */
  local: boolean;
  /** The definition's type (ast.ts), for resources defined here: what the plan numbers them by. */
  def?: object;
}

/** A resolved value type. */
export type Val =
  | { kind: 'prim'; prim: PrimValType }
  | { kind: 'record'; fields: Array<[string, Val]> }
  | { kind: 'variant'; cases: Array<[string, Val | undefined]> }
  | { kind: 'list'; elem: Val }
  | { kind: 'tuple'; types: Val[] }
  | { kind: 'flags'; labels: string[] }
  | { kind: 'enum'; labels: string[] }
  | { kind: 'option'; type: Val }
  | { kind: 'result'; ok?: Val; err?: Val }
  | { kind: 'own' | 'borrow'; resource: Resource };

/** A resolved component function type. */
export interface Func {
  params: Array<[string, Val]>;
  result?: Val;
}

/** What an index in a component's type space holds. */
export type TypeDef =
  | { kind: 'value'; val: Val }
  | { kind: 'func'; func: Func }
  | { kind: 'instance'; inst: InstanceType }
  | { kind: 'component'; comp: ComponentType }
  | { kind: 'resource'; resource: Resource };

/** A core extern: what a core import needs or a core export gives. */
export type CoreExtern =
  | { kind: 'func'; type: CoreFuncType }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemType }
  | { kind: 'global'; type: GlobalType }
  | { kind: 'tag'; type: CoreFuncType };

export interface ModuleType {
  imports: Array<{ module: string; name: string; type: CoreExtern }>;
  exports: Map<string, CoreExtern>;
}

/** A component-level extern: the type of an import, an export, an instance's export. */
export type Extern =
  | { kind: 'core module'; type: ModuleType }
  | { kind: 'func'; type: Func }
  | { kind: 'type'; type: TypeDef }
  | { kind: 'instance'; type: InstanceType }
  | { kind: 'component'; type: ComponentType };

export interface InstanceType {
  exports: Map<string, Extern>;
}

export interface ComponentType {
  imports: Map<string, Extern>;
  exports: Map<string, Extern>;
}

/** The sort an extern is of (for messages and index spaces). */
export function externSort(e: Extern): string {
  return e.kind;
}

// ---- matching -------------------------------------------------------------------------------

/** A mapping of the resources a component type imports to the resources its user gave. */
export type Subst = Map<Resource, Resource>;

function resourceMatches(a: Resource, b: Resource, s: Subst): boolean {
  return a === b || s.get(b) === a || s.get(a) === b;
}

/**
 * The pairs of value types already found to match under a substitution (bindings only grow,
 * so a match stays a match): with it, matching two equal types that share subtrees costs time
 * linear in their definitions, not in their trees.
 */
const MATCHED = new WeakMap<Subst, WeakMap<Val, WeakSet<Val>>>();

/** Whether value type `a` (given) matches `b` (expected). */
export function valMatches(a: Val, b: Val, s: Subst): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  let memo = MATCHED.get(s);
  if (memo === undefined) MATCHED.set(s, (memo = new WeakMap()));
  const known = memo.get(a);
  if (known?.has(b) === true) return true;
  const r = valMatchesOnce(a, b, s);
  if (r) {
    if (known === undefined) memo.set(a, new WeakSet([b]));
    else known.add(b);
  }
  return r;
}

function valMatchesOnce(a: Val, b: Val, s: Subst): boolean {
  switch (a.kind) {
    case 'prim': return a.prim === (b as typeof a).prim;
    case 'record': {
      const bf = (b as typeof a).fields;
      return a.fields.length === bf.length && a.fields.every(([l, t], i) => l === bf[i]![0] && valMatches(t, bf[i]![1], s));
    }
    case 'variant': {
      const bc = (b as typeof a).cases;
      return a.cases.length === bc.length && a.cases.every(([l, t], i) => l === bc[i]![0] && optMatches(t, bc[i]![1], s));
    }
    case 'list': return valMatches(a.elem, (b as typeof a).elem, s);
    case 'tuple': {
      const bt = (b as typeof a).types;
      return a.types.length === bt.length && a.types.every((t, i) => valMatches(t, bt[i]!, s));
    }
    case 'flags':
    case 'enum': {
      const bl = (b as typeof a).labels;
      return a.labels.length === bl.length && a.labels.every((l, i) => l === bl[i]);
    }
    case 'option': return valMatches(a.type, (b as typeof a).type, s);
    case 'result': return optMatches(a.ok, (b as typeof a).ok, s) && optMatches(a.err, (b as typeof a).err, s);
    case 'own':
    case 'borrow': return resourceMatches(a.resource, (b as typeof a).resource, s);
  }
}

function optMatches(a: Val | undefined, b: Val | undefined, s: Subst): boolean {
  return a === undefined || b === undefined ? a === b : valMatches(a, b, s);
}

export function funcMatches(a: Func, b: Func, s: Subst): boolean {
  return (
    a.params.length === b.params.length &&
    a.params.every(([l, t], i) => l === b.params[i]![0] && valMatches(t, b.params[i]![1], s)) &&
    optMatches(a.result, b.result, s)
  );
}

function coreValsEqual(a: readonly CoreValType[], b: readonly CoreValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export function coreFuncEqual(a: CoreFuncType, b: CoreFuncType): boolean {
  return coreValsEqual(a.params, b.params) && coreValsEqual(a.results, b.results);
}

/** Whether core extern `a` (given) can satisfy an import of type `b` (limits as in core import matching). */
export function coreExternMatches(a: CoreExtern, b: CoreExtern): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'func':
    case 'tag': return coreFuncEqual(a.type, (b as typeof a).type);
    case 'global': return a.type.type === (b as typeof a).type.type && a.type.mutable === (b as typeof a).type.mutable;
    case 'table': {
      const bt = (b as typeof a).type;
      return a.type.elemType === bt.elemType && a.type.addrType === bt.addrType && limitsMatch(a.type.limits, bt.limits);
    }
    case 'memory': {
      const bm = (b as typeof a).type;
      return a.type.addrType === bm.addrType && a.type.pageSizeLog2 === bm.pageSizeLog2 && limitsMatch(a.type.limits, bm.limits);
    }
  }
}

function limitsMatch(a: { min: number; max?: number }, b: { min: number; max?: number }): boolean {
  if (a.min < b.min) return false;
  if (b.max === undefined) return true;
  return a.max !== undefined && a.max <= b.max;
}

/** Whether module type `a` (given) matches `b` (expected): fewer imports, more exports. */
export function moduleMatches(a: ModuleType, b: ModuleType): boolean {
  for (const imp of a.imports) {
    const want = b.imports.find((i) => i.module === imp.module && i.name === imp.name);
    if (want === undefined || !coreExternMatches(want.type, imp.type)) return false;
  }
  for (const [name, t] of b.exports) {
    const have = a.exports.get(name);
    if (have === undefined || !coreExternMatches(have, t)) return false;
  }
  return true;
}

/**
 * Why extern `a` (given) does not match `b` (expected), or undefined when it does. Resource
 * types `b` introduces with `(sub resource)` are bound in `s` to the ones `a` gives.
 */
export function externMismatch(a: Extern, b: Extern, s: Subst): string | undefined {
  if (a.kind !== b.kind) return `expected a ${b.kind}, found a ${a.kind}`;
  switch (a.kind) {
    case 'core module': return moduleMatches(a.type, (b as typeof a).type) ? undefined : 'module types do not match';
    case 'func': return funcMatches(a.type, (b as typeof a).type, s) ? undefined : 'function types do not match';
    case 'type': return typeMismatch(a.type, (b as typeof a).type, s);
    case 'instance': return instanceMismatch(a.type, (b as typeof a).type, s);
    case 'component': {
      const bc = (b as typeof a).type;
      // Contravariant in imports: every import of `a` must be given by `b`'s imports.
      for (const [name, t] of a.type.imports) {
        const have = bc.imports.get(name);
        if (have === undefined) return `import '${name}' is not in the expected component type`;
        const why = externMismatch(have, t, s);
        if (why !== undefined) return `import '${name}': ${why}`;
      }
      return instanceMismatch({ exports: a.type.exports }, { exports: bc.exports }, s);
    }
  }
}

function instanceMismatch(a: InstanceType, b: InstanceType, s: Subst): string | undefined {
  for (const [name, t] of b.exports) {
    const have = a.exports.get(name);
    if (have === undefined) return `missing export '${name}'`;
    const why = externMismatch(have, t, s);
    if (why !== undefined) return `export '${name}': ${why}`;
  }
  return undefined;
}

function typeMismatch(a: TypeDef, b: TypeDef, s: Subst): string | undefined {
  if (b.kind === 'resource') {
    if (a.kind !== 'resource') return 'expected a resource type';
    const bound = s.get(b.resource);
    if (bound === undefined && !b.resource.local) {
      s.set(b.resource, a.resource);
      return undefined;
    }
    return resourceMatches(a.resource, b.resource, s) ? undefined : 'resource types differ';
  }
  if (a.kind !== b.kind) return `expected a ${b.kind} type, found a ${a.kind} type`;
  switch (a.kind) {
    case 'value': return valMatches(a.val, (b as typeof a).val, s) ? undefined : 'value types differ';
    case 'func': return funcMatches(a.func, (b as typeof a).func, s) ? undefined : 'function types differ';
    case 'instance': return instanceMismatch(a.inst, (b as typeof a).inst, s);
    case 'component': return externMismatch({ kind: 'component', type: a.comp }, { kind: 'component', type: (b as typeof a).comp }, s);
  }
}

// ---- the canonical ABI's flattening (CanonicalABI.md, "Flattening") -------------------------

/** The limits on flat parameters and results before they go through memory. */
export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_RESULTS = 1;

type Flat = 'i32' | 'i64' | 'f32' | 'f64';

/**
 * The core types a value of type `t` flattens to, or undefined when there are more than
 * `limit`. The limit keeps flattening linear in the type's definitions: a type that nests
 * `(tuple t t)` sixty times has 2^60 flat values, and callers only need to know "more than 16".
 */
export function flattenVal(t: Val, limit: number): Flat[] | undefined {
  const out: Flat[] = [];
  return flattenInto(t, out, limit) ? out : undefined;
}

/** Append the flattening of `t` to `out`; false once `out` would exceed `limit`. */
function flattenInto(t: Val, out: Flat[], limit: number): boolean {
  const push = (f: Flat): boolean => out.push(f) <= limit;
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 's64': case 'u64': return push('i64');
        case 'f32': return push('f32');
        case 'f64': return push('f64');
        case 'string': return push('i32') && push('i32');
        default: return push('i32');
      }
    case 'list': return push('i32') && push('i32');
    case 'record': return t.fields.every(([, f]) => flattenInto(f, out, limit));
    case 'tuple': return t.types.every((x) => flattenInto(x, out, limit));
    case 'flags': return t.labels.length === 0 || push('i32');
    case 'enum': case 'own': case 'borrow': return push('i32');
    case 'variant': return flattenVariant(t.cases.map(([, c]) => c), out, limit);
    case 'option': return flattenVariant([undefined, t.type], out, limit);
    case 'result': return flattenVariant([t.ok, t.err], out, limit);
  }
}

/** A variant: its discriminant, then the cases' flat values joined position by position. */
function flattenVariant(cases: Array<Val | undefined>, out: Flat[], limit: number): boolean {
  const flat: Flat[] = [];
  for (const c of cases) {
    if (c === undefined) continue;
    const f = flattenVal(c, limit);
    if (f === undefined) return false;
    f.forEach((ft, i) => {
      if (i < flat.length) flat[i] = join(flat[i]!, ft);
      else flat.push(ft);
    });
  }
  out.push('i32', ...flat);
  return out.length <= limit;
}

function join(a: Flat, b: Flat): Flat {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

/** The flat parameters of `ft`, or undefined when there are more than MAX_FLAT_PARAMS (they spill). */
export function flatParams(ft: Func): Flat[] | undefined {
  const out: Flat[] = [];
  return ft.params.every(([, t]) => flattenInto(t, out, MAX_FLAT_PARAMS)) ? out : undefined;
}

/** The flat results of `ft`, or undefined when there are more than MAX_FLAT_RESULTS (they spill). */
export function flatResults(ft: Func): Flat[] | undefined {
  return ft.result === undefined ? [] : flattenVal(ft.result, MAX_FLAT_RESULTS);
}

/** The core function type of a lifted (`lift`) or lowered (`lower`) function of type `ft`. */
export function flattenFunc(ft: Func, context: 'lift' | 'lower'): CoreFuncType {
  let params: Flat[] = flatParams(ft) ?? ['i32'];
  let results = flatResults(ft);
  if (results === undefined) {
    if (context === 'lift') results = ['i32'];
    else {
      params = [...params, 'i32'];
      results = [];
    }
  }
  return { params, results };
}

/**
 * A property of value types that holds when it holds for one part (`self`), memoized per
 * type so that checking a type costs time linear in its definitions, not in its tree.
 */
function anyPart(self: (t: Val) => boolean): (t: Val | undefined) => boolean {
  const memo = new WeakMap<Val, boolean>();
  const has = (t: Val | undefined): boolean => {
    if (t === undefined) return false;
    let r = memo.get(t);
    if (r !== undefined) return r;
    switch (t.kind) {
      case 'list': r = self(t) || has(t.elem); break;
      case 'record': r = t.fields.some(([, f]) => has(f)); break;
      case 'tuple': r = t.types.some(has); break;
      case 'variant': r = t.cases.some(([, c]) => has(c)); break;
      case 'option': r = has(t.type); break;
      case 'result': r = has(t.ok) || has(t.err); break;
      default: r = self(t);
    }
    memo.set(t, r);
    return r;
  };
  return has;
}

/** Whether a value of type `t` lives partly in linear memory (a string or a list inside). */
export const usesMemory = anyPart((t) => t.kind === 'list' || (t.kind === 'prim' && t.prim === 'string'));

/** Whether `t` contains a borrow handle (not allowed in results and exported value types). */
export const hasBorrow = anyPart((t) => t.kind === 'borrow');

/**
 * The size of a value type: its number of nodes as a tree (memoized per type). Validation
 * refuses types larger than MAX_TYPE_SIZE, as wasm-tools does, so that every walk over a
 * type's tree (matching, substitution, the canonical ABI later) stays bounded.
 */
export function typeSize(t: Val | undefined): number {
  if (t === undefined) return 0;
  let n = SIZES.get(t);
  if (n !== undefined) return n;
  switch (t.kind) {
    case 'list': n = 1 + typeSize(t.elem); break;
    case 'record': n = t.fields.reduce((k, [, f]) => k + typeSize(f), 1); break;
    case 'tuple': n = t.types.reduce((k, x) => k + typeSize(x), 1); break;
    case 'variant': n = t.cases.reduce((k, [, c]) => k + typeSize(c), 1); break;
    case 'option': n = 1 + typeSize(t.type); break;
    case 'result': n = 1 + typeSize(t.ok) + typeSize(t.err); break;
    default: n = 1;
  }
  SIZES.set(t, n);
  return n;
}

const SIZES = new WeakMap<Val, number>();

/** The largest value type validation accepts, in nodes (wasm-tools' limit too). */
export const MAX_TYPE_SIZE = 1_000_000;
