/**
 * The "explicit in" rule of component imports and exports (Explainer.md, "Import and Export
 * Definitions"; wasm-tools' type-export-restrictions): the nominal types an import's or an
 * export's type uses — records, variants, enums, flags, and the resources of own/borrow
 * handles — must each be named by the component's interface, i.e. have been imported (for
 * imports) or imported or exported (for exports) before, or be exported by the same instance
 * type. Lists, tuples, options, results and primitives are structural and need no name.
 *
 * So that embedders and bindings generators can give every such type a name: WIT's
 * `record point` is the exported type `point`, not an anonymous structure.
 */
import type { Extern, Resource, Val } from './types.js';

/** The nominal types named so far by a scope's imports, and by its imports and exports. */
export interface Named {
  /** Named by imports (what later imports may use). */
  imports: Set<Val | Resource>;
  /** Named by imports or exports (what later exports may use). */
  all: Set<Val | Resource>;
}

/** The types `e` names itself: a type import/export, and an instance type's type exports. */
function namedBy(e: Extern, into: Set<Val | Resource>): void {
  if (e.kind === 'type') {
    if (e.type.kind === 'value') into.add(e.type.val);
    else if (e.type.kind === 'resource') into.add(e.type.resource);
  } else if (e.kind === 'instance') {
    e.type.exports.forEach((x) => namedBy(x, into));
  }
}

/**
 * Check the import (`isImport`) or export `e` against the names so far, then record the types
 * it names. Returns a reason when a nominal type in it is unnamed.
 */
export function checkNamed(named: Named, e: Extern, isImport: boolean): string | undefined {
  const own = new Set<Val | Resource>();
  namedBy(e, own);
  const known = isImport ? named.imports : named.all;
  const ok = (x: Val | Resource): boolean => known.has(x) || own.has(x);
  const seen = new Set<Val>();
  let why: string | undefined;
  const val = (v: Val | undefined): void => {
    if (v === undefined || why !== undefined || seen.has(v)) return;
    seen.add(v);
    switch (v.kind) {
      case 'record': case 'variant': case 'enum': case 'flags':
        if (!ok(v)) why = `its ${v.kind} type is not ${isImport ? 'imported' : 'imported or exported'} before it`;
        return;
      case 'own': case 'borrow':
        if (!ok(v.resource)) why = `its resource type ${v.resource.name === 'resource' ? '' : `'${v.resource.name}' `}is not ${isImport ? 'imported' : 'imported or exported'} before it`;
        return;
      default: return children(v);
    }
  };
  const children = (v: Val): void => {
    switch (v.kind) {
      case 'record': return v.fields.forEach(([, f]) => val(f));
      case 'variant': return v.cases.forEach(([, c]) => val(c));
      case 'list': return val(v.elem);
      case 'tuple': return v.types.forEach(val);
      case 'option': return val(v.type);
      case 'result': val(v.ok); return val(v.err);
      default: return;
    }
  };
  const walk = (x: Extern): void => {
    switch (x.kind) {
      case 'func':
        x.type.params.forEach(([, t]) => val(t));
        return val(x.type.result);
      case 'type':
        // A type being named: what it is built of must be named already.
        if (x.type.kind === 'value') children(x.type.val);
        else if (x.type.kind === 'func') x.type.func.params.forEach(([, t]) => val(t)), val(x.type.func.result);
        return;
      case 'instance': return x.type.exports.forEach(walk);
      // A component type's or module type's own declarations were checked in their scope.
      default: return;
    }
  };
  walk(e);
  if (why !== undefined) return why;
  own.forEach((x) => {
    named.all.add(x);
    if (isImport) named.imports.add(x);
  });
  return undefined;
}
