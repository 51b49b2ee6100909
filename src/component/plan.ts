/**
 * The instantiation plan of a validated component (issue 20, docs/components.md): the core
 * module instances it creates, in order, with where each of their imports comes from; the
 * component imports it lowers into core functions (what the host must provide: for a WASI 0.2
 * command, its wasi:* functions), with their canonical options resolved to core exports; the
 * core functions it lifts; and its exported functions. This is what the component runner
 * executes (src/driver/component.ts writes it as C data for runtime/src/component.c), and what
 * `node dist/tests/component/info.js` prints.
 *
 * Nested components are inlined, as wasmtime's `inline` pass does: instantiating one walks its
 * definitions with its imports bound to the arguments given, so its core instances join the
 * outer plan's list (numbered in creation order) and its exports resolve to the functions they
 * come from. That is how wit-component exports `wasi:cli/run`: an instance of a small nested
 * component that imports the lifted function and exports it again.
 *
 * Core modules are numbered over the whole file in definition order (nested components'
 * modules included, each once however often it is instantiated): `Plan.modules`.
 *
 * Each lowered and lifted function carries its component function type (recorded by the
 * validator, `canonFuncTypes`): a lowered function that lifts another component's function
 * is called through a fused adapter generated from it (src/component/adapter.ts).
 */
import type { Module } from '../binary/module.js';
import type { CanonOpt, Component, Definition, StringEncoding } from './ast.js';
import type { Func, Resource } from './types.js';
import { canonFuncTypes, componentTypeSpaces } from './validator.js';

/** Where a core item (function, memory, table, global, tag) comes from. */
export type Origin =
  | { kind: 'core export'; /** Index in Plan.instances (always an instantiated module). */ instance: number; name: string }
  | { kind: 'lowered'; /** Index in Plan.lowered. */ lowered: number }
  | { kind: 'resource'; op: 'resource.new' | 'resource.drop' | 'resource.rep'; resource: ResourceOrigin; /** The component instance whose handle table it works on. */ instance: number }
  | { kind: 'opaque'; why: string };

/** Where a resource type comes from: an import (its path: interface, then name) or a definition here. */
export type ResourceOrigin = { kind: 'imported'; path: string[] } | { kind: 'defined'; /** Index in Plan.resources. */ id: number } | { kind: 'unknown' };

/** The runtime resource of each `Resource` a component instance's types name (built as it is walked). */
export type ResourceMap = Map<Resource, ResourceOrigin>;

/** Where a component function comes from. */
export type FuncOrigin =
  | { kind: 'import'; /** Import name, then export names inside it. */ path: string[] }
  | { kind: 'lifted'; /** Index in Plan.lifted. */ lifted: number }
  | { kind: 'opaque'; why: string };

export interface PlannedInstance {
  /** Index in Plan.instances (creation order). */
  index: number;
  /** The core module instantiated (index in Plan.modules), or undefined for a bundle of exports. */
  module?: number;
  /** Each import of the module (or each export of the bundle) and where it comes from. */
  wiring: Array<{ module: string; name: string; from: Origin }>;
}

/** Canonical options with their core indices resolved. */
export interface ResolvedOpts {
  memory?: Origin;
  realloc?: Origin;
  postReturn?: Origin;
  encoding: StringEncoding;
}

export interface Plan {
  /** Every core module of the file, in definition order: where its bytes are. */
  modules: Array<{ start: number; size: number }>;
  instances: PlannedInstance[];
  /**
   * The component functions lowered into core functions, with their options, component
   * function type, the component instance that lowers them and its resources.
   */
  lowered: Array<{ func: FuncOrigin; opts: ResolvedOpts; raw: CanonOpt[]; type?: Func; instance: number; resources: ResourceMap }>;
  /** Every lifted function: the core function it lifts, with its options, component function type, instance and resources. */
  lifted: Array<{ core: Origin; opts: ResolvedOpts; raw: CanonOpt[]; type?: Func; instance: number; resources: ResourceMap }>;
  /** The outer component's exported functions, by path (`wasi:cli/run@0.2.3`, `run`), and what they are. */
  exports: Array<{ path: string[]; func: FuncOrigin }>;
  /**
   * The resource types the component makes, by id: one per walk of a resource definition
   * (a nested component instantiated twice makes two), with the definition's type, the
   * component instance that defines it (its `impl`) and its destructor.
   */
  resources: Array<{ type: object; instance: number; dtor?: Origin; /** A name it is imported or exported under, for messages. */ name?: string }>;
  /** The number of component instances (0: the component itself; each nested instantiation one more, in order). */
  componentInstances: number;
  /** The runtime resource of each Resource of the outer component's type space (its exports' types name them). */
  outerResources: ResourceMap;
}

/** A component-level value while walking: what an index of each component sort stands for. */
type Value =
  | { kind: 'func'; func: FuncOrigin }
  | { kind: 'instance'; get: (name: string) => Value | undefined; names: () => string[] }
  | { kind: 'component'; component: Component; outer: Env }
  | { kind: 'core module'; module: number }
  | { kind: 'type'; resource: ResourceOrigin }
  | { kind: 'import'; /** An import of the outer component, or an export inside one: any sort. */ path: string[] }
  | { kind: 'opaque'; why: string };

/** The index spaces of one component being walked (one per instantiation of a nested component). */
interface Env {
  parent: Env | undefined;
  /** The component instance this walk is (0 for the outer component). */
  ci: number;
  /** The runtime resource of each Resource of this instance's type space (filled at the end of the walk). */
  resources: ResourceMap;
  coreFuncs: Origin[];
  coreMems: Origin[];
  coreTables: Origin[];
  coreGlobals: Origin[];
  coreTags: Origin[];
  coreInstances: Array<(name: string) => Origin | undefined>;
  coreModules: number[];
  funcs: Value[];
  types: Value[];
  components: Value[];
  instances: Value[];
  exports: Map<string, Value>;
}

function newEnv(parent: Env | undefined, ci: number): Env {
  return {
    parent, ci, resources: new Map(), coreFuncs: [], coreMems: [], coreTables: [], coreGlobals: [], coreTags: [], coreInstances: [], coreModules: [],
    funcs: [], types: [], components: [], instances: [], exports: new Map(),
  };
}

/** The plan of component `c` (which must have validated). */
export function planComponent(c: Component): Plan {
  const plan: Plan = { modules: [], instances: [], lowered: [], lifted: [], exports: [], resources: [], componentInstances: 1, outerResources: new Map() };
  const moduleIds = new Map<Definition, number>();
  const modules: Module[] = [];
  const number = (x: Component): void => {
    for (const d of x.defs) {
      if (d.kind === 'core module') {
        moduleIds.set(d, plan.modules.length);
        plan.modules.push({ start: d.start, size: d.size });
        modules.push(d.module);
      } else if (d.kind === 'component') number(d.component);
    }
  };
  number(c);
  const walker = { plan, moduleIds, modules };
  const top = walk(walker, c, newEnv(undefined, 0), (name) => ({ kind: 'import', path: [name] }));
  plan.outerResources = top.resources;
  const list = (path: string[], v: Value): void => {
    if (v.kind === 'func') plan.exports.push({ path, func: v.func });
    else if (v.kind === 'instance') for (const n of v.names()) list([...path, n], v.get(n)!);
  };
  top.exports.forEach((v, name) => list([name], v));
  return plan;
}

/** `v` as a function origin. */
function asFunc(v: Value | undefined): FuncOrigin {
  if (v === undefined) return opaque('unknown function');
  if (v.kind === 'func') return v.func;
  if (v.kind === 'import') return { kind: 'import', path: v.path };
  return opaque(v.kind === 'opaque' ? v.why : `a ${v.kind}, not a function`);
}

/** `v` as a resource type's origin. */
function asResource(v: Value | undefined): ResourceOrigin {
  if (v?.kind === 'type') return v.resource;
  if (v?.kind === 'import') return { kind: 'imported', path: v.path };
  return { kind: 'unknown' };
}

/** What every walk of a nested component shares. */
interface Walker {
  plan: Plan;
  /** The number of each core module definition (Plan.modules). */
  moduleIds: Map<Definition, number>;
  /** The decoded core modules, by number. */
  modules: Module[];
}

/** Walk the definitions of `c` in `env`, its imports given by `arg`; returns the filled env. */
function walk(w: Walker, c: Component, env: Env, arg: (name: string) => Value | undefined): Env {
  const { plan } = w;
  const resolveOpts = (opts: readonly CanonOpt[]): ResolvedOpts => {
    const r: ResolvedOpts = { encoding: 'utf8' };
    for (const o of opts) {
      if (o.kind === 'string-encoding') r.encoding = o.encoding;
      else if (o.kind === 'memory') r.memory = env.coreMems[o.idx] ?? opaque('unknown core memory');
      else if (o.kind === 'realloc') r.realloc = env.coreFuncs[o.idx] ?? opaque('unknown core func');
      else r.postReturn = env.coreFuncs[o.idx] ?? opaque('unknown core func');
    }
    return r;
  };
  for (const d of c.defs) {
    switch (d.kind) {
      case 'core module':
        env.coreModules.push(w.moduleIds.get(d)!);
        break;
      case 'core instance': {
        const index = plan.instances.length;
        const e = d.instance;
        if (e.kind === 'instantiate') {
          const module = env.coreModules[e.module];
          const def = module === undefined ? undefined : w.modules[module];
          const args = new Map(e.args.map((a) => [a.name, env.coreInstances[a.instance]]));
          const wiring = (def?.imports ?? []).map((imp) => {
            const from = args.get(imp.module);
            return { module: imp.module, name: imp.name, from: from === undefined ? opaque('no such argument') : from(imp.name) ?? opaque(`no export ${imp.name}`) };
          });
          plan.instances.push({ index, ...(module !== undefined && module >= 0 ? { module } : {}), wiring });
          env.coreInstances.push((name) => ({ kind: 'core export', instance: index, name }));
        } else {
          const items = new Map<string, Origin>();
          for (const x of e.exports) items.set(x.name, coreSpace(env, x.sort)?.[x.idx] ?? opaque(`a core ${x.sort}`));
          // A bundle creates nothing: its items are resolved where they are used.
          env.coreInstances.push((name) => items.get(name));
        }
        break;
      }
      case 'core type': break;
      case 'component':
        env.components.push({ kind: 'component', component: d.component, outer: env });
        break;
      case 'alias': {
        const a = d.alias;
        const t = a.target;
        if (t.kind === 'core export') {
          const space = coreSpace(env, a.sort.slice(5));
          space?.push(env.coreInstances[t.instance]?.(t.name) ?? opaque(`no export ${t.name}`));
        } else if (t.kind === 'export') {
          const v = instanceGet(env.instances[t.instance], t.name);
          push(env, a.sort, v);
        } else {
          let outer: Env | undefined = env;
          for (let i = 0; i < t.count && outer !== undefined; i++) outer = outer.parent;
          if (a.sort === 'core module') env.coreModules.push(outer?.coreModules[t.idx] ?? -1);
          else if (a.sort === 'component') env.components.push(outer?.components[t.idx] ?? opaque('outer component'));
          else if (a.sort === 'type') env.types.push(outer?.types[t.idx] ?? opaque('outer type'));
        }
        break;
      }
      case 'type':
        if (d.type.kind === 'resource') {
          // Resource types are generative: each instantiation of the definition makes one.
          const id = plan.resources.length;
          plan.resources.push({ type: d.type, instance: env.ci });
          if (d.type.dtor !== undefined) plan.resources[id]!.dtor = env.coreFuncs[d.type.dtor] ?? opaque('unknown core func');
          env.types.push({ kind: 'type', resource: { kind: 'defined', id } });
        } else env.types.push(opaque('a type'));
        break;
      case 'import': {
        const v = arg(d.import.name) ?? opaque(`import ${d.import.name} not given`);
        push(env, d.import.desc.kind, v);
        break;
      }
      case 'instance': {
        const e = d.instance;
        if (e.kind === 'exports') {
          const items = new Map(e.exports.map((x) => [x.name, space(env, x.sort)?.[x.idx] ?? opaque(`a ${x.sort}`)]));
          env.instances.push({ kind: 'instance', get: (n) => items.get(n), names: () => [...items.keys()] });
        } else {
          const comp = env.components[e.component];
          if (comp?.kind !== 'component') {
            env.instances.push(opaque(`component ${e.component}`));
            break;
          }
          const args = new Map(e.args.map((a) => [a.name, space(env, a.sort)?.[a.idx] ?? opaque(`a ${a.sort}`)]));
          const inner = walk(w, comp.component, newEnv(comp.outer, plan.componentInstances++), (n) => args.get(n));
          env.instances.push({ kind: 'instance', get: (n) => inner.exports.get(n), names: () => [...inner.exports.keys()] });
        }
        break;
      }
      case 'canon': {
        const k = d.canon;
        if (k.kind === 'lift') {
          const lifted = plan.lifted.length;
          const type = canonFuncTypes.get(k);
          plan.lifted.push({
            core: env.coreFuncs[k.coreFunc] ?? opaque('unknown core func'), opts: resolveOpts(k.opts), raw: k.opts, ...(type !== undefined ? { type } : {}),
            instance: env.ci, resources: env.resources,
          });
          env.funcs.push({ kind: 'func', func: { kind: 'lifted', lifted } });
        } else if (k.kind === 'lower') {
          env.coreFuncs.push({ kind: 'lowered', lowered: plan.lowered.length });
          const type = canonFuncTypes.get(k);
          plan.lowered.push({ func: asFunc(env.funcs[k.func]), opts: resolveOpts(k.opts), raw: k.opts, ...(type !== undefined ? { type } : {}), instance: env.ci, resources: env.resources });
        } else env.coreFuncs.push({ kind: 'resource', op: k.kind, resource: asResource(env.types[k.resource]), instance: env.ci });
        break;
      }
      case 'start': break;
      case 'export': {
        const x = d.export;
        const v = space(env, x.target.sort)?.[x.target.idx] ?? opaque(`a ${x.target.sort}`);
        env.exports.set(x.name, v);
        push(env, x.target.sort, v);
        break;
      }
    }
  }
  // Pair the validator's type space with the walked one: which runtime resource each Resource is here.
  const typeSpace = componentTypeSpaces.get(c);
  if (typeSpace !== undefined && typeSpace.length === env.types.length) {
    typeSpace.forEach((t, i) => {
      const v = env.types[i];
      if (t.kind !== 'resource' || v?.kind !== 'type') return;
      env.resources.set(t.resource, v.resource);
      // The first name a resource is imported or exported under names it in messages.
      if (v.resource.kind === 'defined' && t.resource.name !== 'resource') w.plan.resources[v.resource.id]!.name ??= t.resource.name;
    });
  }
  return env;
}

function instanceGet(v: Value | undefined, name: string): Value {
  if (v === undefined) return opaque('unknown instance');
  if (v.kind === 'import') return { kind: 'import', path: [...v.path, name] };
  if (v.kind !== 'instance') return opaque(`a ${v.kind}, not an instance`);
  return v.get(name) ?? opaque(`no export ${name}`);
}

/** The core index space of `sort` ('func', 'memory', ...), or undefined for the others. */
function coreSpace(env: Env, sort: string): Origin[] | undefined {
  switch (sort) {
    case 'func': return env.coreFuncs;
    case 'memory': return env.coreMems;
    case 'table': return env.coreTables;
    case 'global': return env.coreGlobals;
    case 'tag': return env.coreTags;
    default: return undefined;
  }
}

/** The component index space of `sort`, or undefined for core and value sorts. */
function space(env: Env, sort: string): Value[] | undefined {
  switch (sort) {
    case 'func': return env.funcs;
    case 'type': return env.types;
    case 'component': return env.components;
    case 'instance': return env.instances;
    default: return undefined;
  }
}

/** Add `v` to the index space of `sort` (a core module value to the core module space). */
function push(env: Env, sort: string, v: Value): void {
  if (sort === 'core module') env.coreModules.push(v.kind === 'core module' ? v.module : -1);
  else if (sort === 'func') env.funcs.push(v.kind === 'func' ? v : { kind: 'func', func: asFunc(v) });
  else if (sort === 'type') env.types.push(v.kind === 'type' ? v : { kind: 'type', resource: asResource(v) });
  else space(env, sort)?.push(v);
}

function opaque(why: string): Origin & FuncOrigin & Value {
  return { kind: 'opaque', why };
}

/** A readable form of an origin. */
export function showOrigin(o: Origin | FuncOrigin, plan: Plan): string {
  switch (o.kind) {
    case 'core export': return `core instance ${o.instance} export '${o.name}'`;
    case 'lowered': {
      const l = plan.lowered[o.lowered];
      return `lowered ${l === undefined ? '?' : showOrigin(l.func, plan)}`;
    }
    case 'resource': return `${o.op} of ${showResource(o.resource)}`;
    case 'import': return o.path.map((p) => `'${p}'`).join(' ');
    case 'lifted': {
      const l = plan.lifted[o.lifted];
      return `lifted ${l === undefined ? '?' : showOrigin(l.core, plan)}`;
    }
    case 'opaque': return `(${o.why})`;
  }
}

function showResource(r: ResourceOrigin): string {
  return r.kind === 'imported' ? `imported ${r.path.map((p) => `'${p}'`).join(' ')}` : r.kind === 'defined' ? `resource ${r.id}` : 'an unknown resource';
}

function showOpts(o: ResolvedOpts, plan: Plan): string {
  const parts: string[] = [];
  if (o.memory !== undefined) parts.push(`memory: ${showOrigin(o.memory, plan)}`);
  if (o.realloc !== undefined) parts.push(`realloc: ${showOrigin(o.realloc, plan)}`);
  if (o.postReturn !== undefined) parts.push(`post-return: ${showOrigin(o.postReturn, plan)}`);
  if (parts.length > 0 && o.encoding !== 'utf8') parts.push(o.encoding);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The plan as text, one line per wire. */
export function showPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const i of plan.instances) {
    lines.push(`core instance ${i.index}: instantiate core module ${i.module ?? '?'}`);
    for (const w of i.wiring) lines.push(`  '${w.module}' '${w.name}' <- ${showOrigin(w.from, plan)}`);
  }
  lines.push(`host functions (canon lower of imports): ${plan.lowered.filter((l) => l.func.kind === 'import').length}`);
  plan.lowered.forEach((l, i) => {
    if (l.func.kind === 'import') lines.push(`  ${i}: ${showOrigin(l.func, plan)}${showOpts(l.opts, plan)}`);
  });
  lines.push(`lifted functions: ${plan.lifted.length}`);
  plan.lifted.forEach((l, i) => lines.push(`  ${i} <- ${showOrigin(l.core, plan)}${showOpts(l.opts, plan)}`));
  lines.push(`exported functions: ${plan.exports.length}`);
  for (const e of plan.exports) lines.push(`  ${e.path.map((p) => `'${p}'`).join(' ')} <- ${showOrigin(e.func, plan)}`);
  return lines.join('\n') + '\n';
}
