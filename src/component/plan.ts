/**
 * The instantiation plan of a validated component (issue 20, docs/components.md "The plan for
 * the rest"): the core module instances it creates, in order, with where each of their
 * imports comes from; the component imports it lowers into core functions (what the host must
 * provide: for a WASI 0.2 command, its wasi:* functions); and the core functions it lifts into
 * its exports. This is what the runtime will execute; today a debug tool prints it
 * (tests/component/info.ts).
 *
 * The walk mirrors the validator's index spaces (scope.ts) but records only where each core
 * function, core instance and component function comes from. Nested components are not
 * inlined yet: their instances are listed by component index, and a function taken from one
 * is `from a nested component instance`.
 */
import type { CanonOpt, Component } from './ast.js';

/** Where a core function (or another core item) comes from. */
export type Origin =
  | { kind: 'core export'; instance: number; name: string }
  | { kind: 'lowered'; /** Index in Plan.lowered. */ lowered: number }
  | { kind: 'resource'; op: 'resource.new' | 'resource.drop' | 'resource.rep'; type: number }
  | { kind: 'opaque'; why: string };

/** Where a component function comes from. */
export type FuncOrigin =
  | { kind: 'import'; /** Import name, then export names inside it. */ path: string[] }
  | { kind: 'lifted'; core: Origin }
  | { kind: 'opaque'; why: string };

export interface PlannedInstance {
  /** Index in the core instance space. */
  index: number;
  /** The core module instantiated (index in the core module space), or undefined for a bundle of exports. */
  module?: number;
  /** Each import of the module (or each export of the bundle) and where it comes from. */
  wiring: Array<{ module: string; name: string; from: Origin }>;
}

export interface Plan {
  instances: PlannedInstance[];
  /** The component functions lowered into core functions, with their options. */
  lowered: Array<{ func: FuncOrigin; opts: CanonOpt[] }>;
  /**
   * Every lifted function: its index in the function space, the core function it lifts, and
   * the names it is exported under directly (wit-component exports interfaces through an
   * instance of a nested component instead: those are not followed yet).
   */
  lifted: Array<{ func: number; core: Origin; opts: CanonOpt[]; exports: string[] }>;
}

/** The plan of component `c` (which must have validated). */
export function planComponent(c: Component): Plan {
  const plan: Plan = { instances: [], lowered: [], lifted: [] };
  const coreFuncs: Origin[] = [];
  /** Per core instance: its module's import list resolver, or its bundle of origins. */
  const coreInstances: Array<(name: string) => Origin> = [];
  const modules: Array<Array<{ module: string; name: string }>> = [];
  const funcs: FuncOrigin[] = [];
  /** Per component instance: how to find the origin of an exported function. */
  const instances: Array<(name: string) => FuncOrigin> = [];
  for (const d of c.defs) {
    switch (d.kind) {
      case 'core module':
        modules.push(d.module.imports.map((i) => ({ module: i.module, name: i.name })));
        break;
      case 'core instance': {
        const index = coreInstances.length;
        const e = d.instance;
        if (e.kind === 'instantiate') {
          const args = new Map(e.args.map((a) => [a.name, a.instance]));
          const wiring = (modules[e.module] ?? []).map((imp) => {
            const from = coreInstances[args.get(imp.module) ?? -1];
            return { ...imp, from: from === undefined ? opaque('no such argument') : from(imp.name) };
          });
          plan.instances.push({ index, module: e.module, wiring });
          coreInstances.push((name) => ({ kind: 'core export', instance: index, name }));
        } else {
          const items = new Map<string, Origin>();
          for (const x of e.exports) items.set(x.name, x.sort === 'func' ? coreFuncs[x.idx] ?? opaque('unknown core func') : opaque(`a core ${x.sort}`));
          plan.instances.push({ index, wiring: [...items].map(([name, from]) => ({ module: '', name, from })) });
          coreInstances.push((name) => items.get(name) ?? opaque(`no export ${name}`));
        }
        break;
      }
      case 'alias': {
        const a = d.alias;
        const t = a.target;
        if (a.sort === 'core func') coreFuncs.push(t.kind === 'core export' ? coreInstances[t.instance]?.(t.name) ?? opaque('unknown core instance') : opaque('outer alias'));
        else if (a.sort === 'func') funcs.push(t.kind === 'export' ? instances[t.instance]?.(t.name) ?? opaque('unknown instance') : opaque('outer alias'));
        else if (a.sort === 'instance' && t.kind === 'export') {
          const outer = instances[t.instance];
          instances.push((name) => {
            const f = outer?.(t.name);
            return f?.kind === 'import' ? { kind: 'import', path: [...f.path, name] } : opaque('nested instance');
          });
        }
        break;
      }
      case 'import': {
        const name = d.import.name;
        if (d.import.desc.kind === 'func') funcs.push({ kind: 'import', path: [name] });
        else if (d.import.desc.kind === 'instance') instances.push((n) => ({ kind: 'import', path: [name, n] }));
        break;
      }
      case 'instance': {
        const e = d.instance;
        if (e.kind === 'exports') {
          const items = new Map(e.exports.filter((x) => x.sort === 'func').map((x) => [x.name, funcs[x.idx] ?? opaque('unknown func')]));
          instances.push((n) => items.get(n) ?? opaque(`no export ${n}`));
        } else instances.push(() => opaque(`an instance of nested component ${e.component}`));
        break;
      }
      case 'canon': {
        const k = d.canon;
        if (k.kind === 'lift') {
          const core = coreFuncs[k.coreFunc] ?? opaque('unknown core func');
          plan.lifted.push({ func: funcs.length, core, opts: k.opts, exports: [] });
          funcs.push({ kind: 'lifted', core });
        } else if (k.kind === 'lower') {
          coreFuncs.push({ kind: 'lowered', lowered: plan.lowered.length });
          plan.lowered.push({ func: funcs[k.func] ?? opaque('unknown func'), opts: k.opts });
        } else coreFuncs.push({ kind: 'resource', op: k.kind, type: k.resource });
        break;
      }
      case 'export': {
        const x = d.export;
        if (x.target.sort === 'func') {
          plan.lifted.find((l) => l.func === x.target.idx)?.exports.push(x.name);
          funcs.push(funcs[x.target.idx] ?? opaque('unknown func'));
        } else if (x.target.sort === 'instance') {
          instances.push(instances[x.target.idx] ?? (() => opaque('unknown instance')));
        }
        break;
      }
      default: break;
    }
  }
  return plan;
}

function opaque(why: string): Origin & FuncOrigin {
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
    case 'resource': return `${o.op} of type ${o.type}`;
    case 'import': return o.path.map((p) => `'${p}'`).join(' ');
    case 'lifted': return `lifted ${showOrigin(o.core, plan)}`;
    case 'opaque': return `(${o.why})`;
  }
}

/** The plan as text, one line per wire. */
export function showPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const i of plan.instances) {
    lines.push(i.module === undefined ? `core instance ${i.index}: exports` : `core instance ${i.index}: instantiate core module ${i.module}`);
    for (const w of i.wiring) lines.push(`  ${w.module === '' ? '' : `'${w.module}' `}'${w.name}' <- ${showOrigin(w.from, plan)}`);
  }
  lines.push(`host functions (canon lower of imports): ${plan.lowered.filter((l) => l.func.kind === 'import').length}`);
  plan.lowered.forEach((l, i) => {
    if (l.func.kind === 'import') lines.push(`  ${i}: ${showOrigin(l.func, plan)}${l.opts.length > 0 ? ` (${l.opts.map((o) => ('encoding' in o ? o.encoding : `${o.kind} ${o.idx}`)).join(', ')})` : ''}`);
  });
  lines.push(`lifted functions: ${plan.lifted.length}`);
  for (const l of plan.lifted) {
    const as = l.exports.length > 0 ? `, exported as ${l.exports.map((n) => `'${n}'`).join(', ')}` : '';
    lines.push(`  func ${l.func} <- ${showOrigin(l.core, plan)}${as}`);
  }
  return lines.join('\n') + '\n';
}
