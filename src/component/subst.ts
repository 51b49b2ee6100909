/**
 * Resource substitution, for instantiation: the exports of a component instance are the
 * component type's exports with each imported resource replaced by the resource given for it,
 * and each resource the component itself makes (defined or exported abstractly) replaced by
 * a fresh one, so that two instances of one component export distinct resource types
 * (Explainer.md, "Resource types are generative").
 *
 * Types are immutable trees, so a substitution rebuilds only the paths that change and shares
 * the rest; a memo keeps shared subtrees shared.
 */
import type { ComponentType, Extern, Func, InstanceType, Resource, Subst, TypeDef, Val } from './types.js';

/** Every resource type that appears in `e`. */
export function resourcesOf(e: Extern, into: Set<Resource>, seen = new Set<object>()): Set<Resource> {
  const val = (v: Val | undefined): void => {
    if (v === undefined || seen.has(v)) return;
    seen.add(v);
    switch (v.kind) {
      case 'own': case 'borrow': into.add(v.resource); break;
      case 'record': v.fields.forEach(([, f]) => val(f)); break;
      case 'variant': v.cases.forEach(([, c]) => val(c)); break;
      case 'list': val(v.elem); break;
      case 'tuple': v.types.forEach(val); break;
      case 'option': val(v.type); break;
      case 'result': val(v.ok); val(v.err); break;
      default: break;
    }
  };
  const func = (f: Func): void => {
    f.params.forEach(([, t]) => val(t));
    val(f.result);
  };
  const externs = (m: Map<string, Extern>): void => m.forEach((x) => resourcesOf(x, into, seen));
  switch (e.kind) {
    case 'func': func(e.type); break;
    case 'type': {
      const t = e.type;
      if (t.kind === 'resource') into.add(t.resource);
      else if (t.kind === 'value') val(t.val);
      else if (t.kind === 'func') func(t.func);
      else if (t.kind === 'instance') externs(t.inst.exports);
      else externs(t.comp.imports), externs(t.comp.exports);
      break;
    }
    case 'instance': externs(e.type.exports); break;
    case 'component': externs(e.type.imports); externs(e.type.exports); break;
    case 'core module': break;
  }
  return into;
}

/**
 * The instance type of instantiating `ct` with its imported resources bound in `s`: exports
 * substituted, and the resources only the exports mention made fresh.
 */
export function instantiateType(ct: ComponentType, s: Subst): InstanceType {
  const imported = new Set<Resource>();
  ct.imports.forEach((e) => resourcesOf(e, imported));
  const exported = new Set<Resource>();
  ct.exports.forEach((e) => resourcesOf(e, exported));
  const map: Subst = new Map(s);
  for (const r of exported) if (!imported.has(r) && !map.has(r)) map.set(r, { name: r.name, local: false });
  if (map.size === 0) return { exports: ct.exports };
  const memo = new Map<object, object>();
  const exports = new Map<string, Extern>();
  ct.exports.forEach((e, name) => exports.set(name, substExtern(e, map, memo)));
  return { exports };
}

function substExtern(e: Extern, s: Subst, memo: Map<object, object>): Extern {
  switch (e.kind) {
    case 'func': return { kind: 'func', type: substFunc(e.type, s, memo) };
    case 'type': return { kind: 'type', type: substTypeDef(e.type, s, memo) };
    case 'instance': return { kind: 'instance', type: { exports: substMap(e.type.exports, s, memo) } };
    case 'component': return { kind: 'component', type: { imports: substMap(e.type.imports, s, memo), exports: substMap(e.type.exports, s, memo) } };
    case 'core module': return e;
  }
}

function substMap(m: Map<string, Extern>, s: Subst, memo: Map<object, object>): Map<string, Extern> {
  const out = new Map<string, Extern>();
  m.forEach((e, name) => out.set(name, substExtern(e, s, memo)));
  return out;
}

function substTypeDef(t: TypeDef, s: Subst, memo: Map<object, object>): TypeDef {
  switch (t.kind) {
    case 'resource': return { kind: 'resource', resource: s.get(t.resource) ?? t.resource };
    case 'value': return { kind: 'value', val: substVal(t.val, s, memo) };
    case 'func': return { kind: 'func', func: substFunc(t.func, s, memo) };
    case 'instance': return { kind: 'instance', inst: { exports: substMap(t.inst.exports, s, memo) } };
    case 'component': return { kind: 'component', comp: { imports: substMap(t.comp.imports, s, memo), exports: substMap(t.comp.exports, s, memo) } };
  }
}

function substFunc(f: Func, s: Subst, memo: Map<object, object>): Func {
  const out: Func = { params: f.params.map(([l, t]) => [l, substVal(t, s, memo)]) };
  if (f.result !== undefined) out.result = substVal(f.result, s, memo);
  return out;
}

function substVal(v: Val, s: Subst, memo: Map<object, object>): Val {
  const done = memo.get(v) as Val | undefined;
  if (done !== undefined) return done;
  const opt = (x: Val | undefined): Val | undefined => (x === undefined ? undefined : substVal(x, s, memo));
  let out: Val;
  switch (v.kind) {
    case 'own': case 'borrow': out = { kind: v.kind, resource: s.get(v.resource) ?? v.resource }; break;
    case 'record': out = { kind: 'record', fields: v.fields.map(([l, f]) => [l, substVal(f, s, memo)]) }; break;
    case 'variant': out = { kind: 'variant', cases: v.cases.map(([l, c]) => [l, opt(c)]) }; break;
    case 'list': out = { kind: 'list', elem: substVal(v.elem, s, memo) }; break;
    case 'tuple': out = { kind: 'tuple', types: v.types.map((t) => substVal(t, s, memo)) }; break;
    case 'option': out = { kind: 'option', type: substVal(v.type, s, memo) }; break;
    case 'result': {
      const r: Val = { kind: 'result' };
      const ok = opt(v.ok);
      const err = opt(v.err);
      if (ok !== undefined) r.ok = ok;
      if (err !== undefined) r.err = err;
      out = r;
      break;
    }
    default: out = v;
  }
  memo.set(v, out);
  return out;
}
