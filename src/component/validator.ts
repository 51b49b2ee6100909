/**
 * The component validator: checks a decoded Component (ast.ts) against the component model's
 * validation rules (Binary.md, Explainer.md, CanonicalABI.md "Canonical Definitions"), walking
 * its definitions in order and building the index spaces (scope.ts) as it goes.
 *
 * What it checks: every index in range and of the right sort; core modules (by awsm's module
 * validator); core instantiation (each import of the module found in the argument instance of
 * that name, with a matching type); component instantiation (each import given, by name, with
 * a matching type; resource imports bound to the resources given); aliases (export names
 * present with the alias's sort, outer aliases in range, of type/module/component sort only and
 * never a resource across a component boundary); types (labels, at least one case/field, flags
 * at most 32, own/borrow of resources, no borrow in results, resources defined only in
 * components with an [i32] -> [] destructor); canon lift/lower (the core type is the
 * flattening of the component type, options not repeated or conflicting, memory a 32-bit
 * memory when strings or lists need it or the flat values overflow, realloc of type
 * [i32 i32 i32 i32] -> [i32] when the callee allocates, post-return only on lift with the
 * lifted function's results as parameters); resource.new/rep on this component's resources;
 * import and export names (names.ts) and their uniqueness; export type ascriptions.
 *
 * What it leaves out (docs/components.md): value definitions and `start` (a later proposal:
 * refused as unsupported); the rule that resources used in an export's type be exported or
 * imported first; fresh resource types per instantiation of the same component (two instances'
 * exported resources compare equal here).
 */
import type { FuncType as CoreFuncType, Module } from '../binary/module.js';
import { funcType, funcTypes, globalTypes, memTypes, tableTypes, tagTypes } from '../binary/module.js';
import { UnsupportedError } from '../errors.js';
import { validateModule } from '../validate/validator.js';
import type { Alias, Canon, CanonOpt, Component, ComponentDecl, CoreInstanceExpr, Definition, Export, Import, InstanceDecl, InstanceExpr, Type } from './ast.js';
import { checkNamed } from './named.js';
import { parseName } from './names.js';
import { Scope } from './scope.js';
import type { CoreExtern, ComponentType, Extern, Func, InstanceType, ModuleType, Subst, TypeDef } from './types.js';
import { coreExternMatches, coreFuncEqual, externMismatch, flatParams, flatResults, flattenFunc, usesMemory } from './types.js';
import { instantiateType } from './subst.js';
import { relocate } from './where.js';

/** Validate a component. Throws ValidationError (or UnsupportedError for later proposals). */
export function validateComponent(c: Component): ComponentType {
  return component(c, undefined);
}

/**
 * The type index space of each validated component definition, as the validator resolved it:
 * the plan (plan.ts) pairs it with the instances it walks, to know which runtime resource
 * each `Resource` of a lifted or lowered function type stands for in that instance.
 */
export const componentTypeSpaces = new WeakMap<Component, readonly TypeDef[]>();

function component(c: Component, parent: Scope | undefined): ComponentType {
  const s = new Scope('component', parent);
  componentTypeSpaces.set(c, s.types);
  let moduleIndex = 0;
  for (const d of c.defs) {
    s.offset = d.offset;
    definition(s, d, d.kind === 'core module' ? moduleIndex++ : -1);
  }
  return { imports: s.imports, exports: s.exports };
}

function definition(s: Scope, d: Definition, moduleIndex: number): void {
  switch (d.kind) {
    case 'core module': return void s.coreModules.push(coreModule(d.module, d.start, moduleIndex));
    case 'core instance': return void s.coreInstances.push(coreInstance(s, d.instance));
    case 'core type': return void s.coreTypes.push(s.coreTypeDef(d.type));
    case 'component': return void s.components.push(component(d.component, s));
    case 'instance': return void s.instances.push(instance(s, d.instance));
    case 'alias': return alias(s, d.alias);
    case 'type': return void s.types.push(typeDef(s, d.type));
    case 'canon': return canon(s, d.canon);
    case 'start': throw new UnsupportedError('component-model value definitions', 'start function', { offset: d.offset });
    case 'import': return importDef(s, d.import);
    case 'export': return exportDef(s, d.export);
  }
}

// ---- core modules and instances ---------------------------------------------------------------

/** Validate a core module (errors moved into the file) and give its module type. */
function coreModule(m: Module, start: number, index: number): ModuleType {
  try {
    validateModule(m);
  } catch (e) {
    throw relocate(e, start, `core module ${index}`);
  }
  const fts = funcTypes(m);
  const types = { func: fts, table: tableTypes(m), memory: memTypes(m), global: globalTypes(m), tag: tagTypes(m) };
  const externOf = (kind: string, idx: number): CoreExtern => {
    switch (kind) {
      case 'func': return { kind: 'func', type: fts[idx] as CoreFuncType };
      case 'table': return { kind: 'table', type: types.table[idx]! };
      case 'memory': return { kind: 'memory', type: types.memory[idx]! };
      case 'global': return { kind: 'global', type: types.global[idx]! };
      default: return { kind: 'tag', type: funcType(m, types.tag[idx]!.typeidx) as CoreFuncType };
    }
  };
  const mt: ModuleType = { imports: [], exports: new Map() };
  const counts = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  for (const imp of m.imports) mt.imports.push({ module: imp.module, name: imp.name, type: externOf(imp.desc.kind, counts[imp.desc.kind]++) });
  for (const exp of m.exports) mt.exports.set(exp.name, externOf(exp.kind, exp.index));
  return mt;
}

function coreInstance(s: Scope, e: CoreInstanceExpr): Map<string, CoreExtern> {
  if (e.kind === 'exports') {
    const out = new Map<string, CoreExtern>();
    for (const x of e.exports) {
      if (out.has(x.name)) s.fail(`duplicate export '${x.name}' in a core instance`);
      out.set(x.name, s.coreExternOf(x.sort, x.idx));
    }
    return out;
  }
  const mt = s.get(s.coreModules, e.module, 'core module');
  const args = new Map<string, Map<string, CoreExtern>>();
  for (const a of e.args) {
    if (args.has(a.name)) s.fail(`duplicate core instantiation argument '${a.name}'`);
    args.set(a.name, s.get(s.coreInstances, a.instance, 'core instance'));
  }
  for (const imp of mt.imports) {
    const inst = args.get(imp.module);
    if (inst === undefined) s.fail(`core module ${e.module} imports from '${imp.module}', which is not an argument of its instantiation`);
    const given = inst.get(imp.name);
    if (given === undefined) s.fail(`core module ${e.module} imports '${imp.module}' '${imp.name}' (${imp.type.kind}), which instance '${imp.module}' does not export`);
    if (!coreExternMatches(given, imp.type)) s.fail(`core module ${e.module} imports '${imp.module}' '${imp.name}' with another type (${describeCore(imp.type)}) than the instance exports (${describeCore(given)})`);
  }
  return mt.exports;
}

function describeCore(e: CoreExtern): string {
  return e.kind === 'func' || e.kind === 'tag' ? `${e.kind} [${e.type.params.join(' ')}] -> [${e.type.results.join(' ')}]` : e.kind;
}

// ---- component instances and aliases ----------------------------------------------------------

function instance(s: Scope, e: InstanceExpr): InstanceType {
  if (e.kind === 'exports') {
    const keys = new Set<string>();
    const exports = new Map<string, Extern>();
    for (const x of e.exports) {
      uniqueName(s, x.name, false, keys);
      exports.set(x.name, s.externOf(x.sort, x.idx));
    }
    return { exports };
  }
  const ct = s.get(s.components, e.component, 'component');
  const args = new Map<string, Extern>();
  for (const a of e.args) {
    if (args.has(a.name)) s.fail(`duplicate instantiation argument '${a.name}'`);
    args.set(a.name, s.externOf(a.sort, a.idx));
  }
  const subst: Subst = new Map();
  for (const [name, want] of ct.imports) {
    const given = args.get(name);
    if (given === undefined) s.fail(`component ${e.component} imports '${name}', which its instantiation does not give`);
    const why = externMismatch(given, want, subst);
    if (why !== undefined) s.fail(`instantiation argument '${name}' does not match the import of component ${e.component}: ${why}`);
  }
  return instantiateType(ct, subst);
}

function alias(s: Scope, a: Alias): void {
  const t = a.target;
  switch (t.kind) {
    case 'export': {
      const inst = s.get(s.instances, t.instance, 'instance');
      const e = inst.exports.get(t.name);
      if (e === undefined) s.fail(`instance ${t.instance} has no export '${t.name}'`);
      if (e.kind !== a.sort) s.fail(`export '${t.name}' of instance ${t.instance} is a ${e.kind}, not a ${a.sort}`);
      return s.add(e);
    }
    case 'core export': {
      const inst = s.get(s.coreInstances, t.instance, 'core instance');
      const e = inst.get(t.name);
      if (e === undefined) s.fail(`core instance ${t.instance} has no export '${t.name}'`);
      if (`core ${e.kind}` !== a.sort) s.fail(`export '${t.name}' of core instance ${t.instance} is a core ${e.kind}, not a ${a.sort}`);
      return s.addCore(e);
    }
    case 'outer': {
      let target: Scope | undefined = s;
      let crossesComponent = false;
      for (let i = 0; i < t.count && target !== undefined; i++) {
        crossesComponent ||= target.kind === 'component';
        target = target.parent;
      }
      if (target === undefined) s.fail(`outer alias count ${t.count} exceeds the ${depth(s)} enclosing scopes`);
      switch (a.sort) {
        case 'type': {
          const d = s.get(target.types, t.idx, 'outer type');
          if (d.kind === 'resource' && crossesComponent) s.fail('a resource type cannot be aliased from outside the component');
          return void s.types.push(d);
        }
        case 'core type': return void s.coreTypes.push(s.get(target.coreTypes, t.idx, 'outer core type'));
        case 'core module': return void s.coreModules.push(s.get(target.coreModules, t.idx, 'outer core module'));
        case 'component': return void s.components.push(s.get(target.components, t.idx, 'outer component'));
      }
      return s.fail(`an outer alias must be of a type, core type, core module or component, not a ${a.sort}`);
    }
  }
}

function depth(s: Scope): number {
  let n = 0;
  for (let p = s.parent; p !== undefined; p = p.parent) n++;
  return n;
}

// ---- types -----------------------------------------------------------------------------------

function typeDef(s: Scope, t: Type): TypeDef {
  return s.typeDef(t, (kind, decl) => {
    const inner = new Scope('type', s);
    for (const d of decl.decls as ComponentDecl[]) {
      inner.offset = d.offset;
      declaration(inner, d);
    }
    return kind === 'component'
      ? { kind: 'component', comp: { imports: inner.imports, exports: inner.exports } }
      : { kind: 'instance', inst: { exports: inner.exports } };
  });
}

/** One declaration of a component or instance type, in its own scope `s`. */
function declaration(s: Scope, d: ComponentDecl | InstanceDecl): void {
  switch (d.kind) {
    case 'core type': return void s.coreTypes.push(s.coreTypeDef(d.type));
    case 'type': return void s.types.push(typeDef(s, d.type));
    case 'alias':
      if (d.alias.target.kind === 'core export') s.fail('a type declaration cannot alias a core export');
      if (d.alias.target.kind === 'outer' && d.alias.sort !== 'type' && d.alias.sort !== 'core type') s.fail('a type declaration may only alias types from outer scopes');
      return alias(s, d.alias);
    case 'import': return importDef(s, { name: d.name, desc: d.desc });
    case 'export': {
      const e = s.externOfDesc(d.desc, d.name);
      declareName(s, d.name, false, e);
      s.exports.set(d.name, e);
      return s.add(e);
    }
  }
}

// ---- imports and exports -----------------------------------------------------------------------

function importDef(s: Scope, imp: Import): void {
  const e = s.externOfDesc(imp.desc, imp.name);
  declareName(s, imp.name, true, e);
  s.imports.set(imp.name, e);
  s.add(e);
}

function exportDef(s: Scope, exp: Export): void {
  if (exp.target.sort.startsWith('core ') && exp.target.sort !== 'core module') s.fail(`a ${exp.target.sort} cannot be exported from a component`);
  let e = s.externOf(exp.target.sort, exp.target.idx);
  if (exp.desc !== undefined) {
    const ascribed = s.externOfDesc(exp.desc, exp.name);
    const why = externMismatch(e, ascribed, new Map());
    if (why !== undefined) s.fail(`export '${exp.name}' does not match its ascribed type: ${why}`);
    e = ascribed;
  }
  declareName(s, exp.name, false, e);
  s.exports.set(exp.name, e);
  s.add(e);
}

/** Check a name's form and uniqueness among the imports or the exports of `s`. */
function uniqueName(s: Scope, name: string, isImport: boolean, keys: Set<string>): ReturnType<typeof parseName> & object {
  const n = parseName(name, isImport);
  if (typeof n === 'string') s.fail(n);
  if (keys.has(n.key)) s.fail(`${isImport ? 'import' : 'export'} name '${name}' conflicts with a previous name`);
  keys.add(n.key);
  return n;
}

/** Check an import or export name of `s` for extern `e`: form, uniqueness, resource annotations. */
function declareName(s: Scope, name: string, isImport: boolean, e: Extern): void {
  const n = uniqueName(s, name, isImport, isImport ? s.importKeys : s.exportKeys);
  const unnamed = checkNamed(s.named, e, isImport);
  if (unnamed !== undefined) s.fail(`${isImport ? 'import' : 'export'} '${name}' (a ${e.kind}): ${unnamed}`);
  if (n.kind === 'label' && e.kind === 'type' && e.type.kind === 'resource') s.resourceNames.set(n.key, e.type.resource);
  if (n.resource === undefined) return;
  if (e.kind !== 'func') s.fail(`'${name}' names a function, but it is a ${e.kind}`);
  const r = s.resourceNames.get(n.resource.toLowerCase());
  if (r === undefined) s.fail(`'${name}' refers to resource '${n.resource}', which is not imported or exported before it`);
  const ft: Func = e.type;
  if (n.kind === 'constructor') {
    const res = ft.result;
    const ownsR = (v: typeof res): boolean => v?.kind === 'own' && v.resource === r;
    if (!(ownsR(res) || (res?.kind === 'result' && ownsR(res.ok)))) s.fail(`constructor '${name}' must return (own ${n.resource})`);
  } else if (n.kind === 'method') {
    const self = ft.params[0];
    if (self === undefined || self[0] !== 'self' || self[1].kind !== 'borrow' || self[1].resource !== r) s.fail(`method '${name}' must take (param "self" (borrow ${n.resource})) first`);
  }
}

// ---- canonical definitions ----------------------------------------------------------------------

const REALLOC: CoreFuncType = { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] };

/** The component function type of each canon lift and lower validated: what plan.ts gives the fused adapters. */
export const canonFuncTypes = new WeakMap<Canon, Func>();

function canon(s: Scope, c: Canon): void {
  switch (c.kind) {
    case 'lift': {
      const core = s.get(s.coreFuncs, c.coreFunc, 'core func');
      const t = s.get(s.types, c.type, 'type');
      if (t.kind !== 'func') s.fail(`canon lift: type ${c.type} is not a function type`);
      const want = flattenFunc(t.func, 'lift');
      if (!coreFuncEqual(core, want)) s.fail(`canon lift: core func ${c.coreFunc} has type ${show(core)}, but lifting it as type ${c.type} needs ${show(want)}`);
      options(s, c.opts, t.func, 'lift', core);
      canonFuncTypes.set(c, t.func);
      return void s.funcs.push(t.func);
    }
    case 'lower': {
      const ft = s.get(s.funcs, c.func, 'func');
      options(s, c.opts, ft, 'lower', undefined);
      canonFuncTypes.set(c, ft);
      return void s.coreFuncs.push(flattenFunc(ft, 'lower'));
    }
    case 'resource.new':
    case 'resource.rep': {
      const r = s.resource(c.resource);
      if (!r.local) s.fail(`canon ${c.kind}: type ${c.resource} is not a resource this component defines`);
      return void s.coreFuncs.push({ params: ['i32'], results: ['i32'] });
    }
    case 'resource.drop':
      s.resource(c.resource);
      return void s.coreFuncs.push({ params: ['i32'], results: [] });
  }
}

function show(t: CoreFuncType): string {
  return `[${t.params.join(' ')}] -> [${t.results.join(' ')}]`;
}

/** The option rules of canon lift and lower (CanonicalABI.md, "canon lift" / "canon lower"). */
function options(s: Scope, opts: readonly CanonOpt[], ft: Func, context: 'lift' | 'lower', core: CoreFuncType | undefined): void {
  const seen = new Set<string>();
  let memory: number | undefined;
  let realloc: number | undefined;
  for (const o of opts) {
    if (seen.has(o.kind)) s.fail(`canon ${context}: ${o.kind === 'string-encoding' ? 'string encoding' : o.kind} option given more than once`);
    seen.add(o.kind);
    switch (o.kind) {
      case 'memory': {
        const m = s.get(s.coreMems, o.idx, 'core memory');
        if (m.addrType !== 'i32') s.fail(`canon ${context}: memory ${o.idx} is a 64-bit memory; the canonical ABI needs a 32-bit one`);
        memory = o.idx;
        break;
      }
      case 'realloc': {
        const f = s.get(s.coreFuncs, o.idx, 'core func');
        if (!coreFuncEqual(f, REALLOC)) s.fail(`canon ${context}: realloc (core func ${o.idx}) has type ${show(f)}, not ${show(REALLOC)}`);
        realloc = o.idx;
        break;
      }
      case 'post-return': {
        if (context === 'lower') s.fail('canon lower: post-return is only allowed on canon lift');
        const f = s.get(s.coreFuncs, o.idx, 'core func');
        const want: CoreFuncType = { params: core?.results ?? [], results: [] };
        if (!coreFuncEqual(f, want)) s.fail(`canon lift: post-return (core func ${o.idx}) has type ${show(f)}, not ${show(want)}`);
        break;
      }
      case 'string-encoding': break;
    }
  }
  const paramsInMemory = ft.params.some(([, t]) => usesMemory(t)) || flatParams(ft) === undefined;
  const resultInMemory = usesMemory(ft.result) || flatResults(ft) === undefined;
  if ((paramsInMemory || resultInMemory) && memory === undefined) {
    s.fail(`canon ${context}: the function's type passes strings, lists or spilled values through memory, so the memory option is required`);
  }
  // The side that receives values it must make room for allocates with realloc: the callee
  // (lift) for its parameters, the caller (lower) for the strings and lists of its result; a
  // spilled result of lower goes to a buffer the caller passes instead.
  const allocates = context === 'lift' ? paramsInMemory : usesMemory(ft.result);
  if (allocates && realloc === undefined) {
    s.fail(`canon ${context}: the function's type needs allocation in this component's memory, so the realloc option is required`);
  }
}
