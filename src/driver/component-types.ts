/**
 * The exported functions of a component and their types as data for the runtime (issue 20,
 * docs/components.md "Calling exports"): the component function type of every function the
 * component exports, resolved by the validator (src/component/types.ts), becomes a compact
 * type table (awsm_ctype of runtime/include/awsm_component.h: kinds, fields, cases, element
 * types, flag counts, resource ids) that the host side of the canonical ABI walks
 * (runtime/src/canon.c), and each export its name, parameter and result types and the
 * canonical options of the `canon lift` it comes from. An own or borrow handle's resource id
 * is the resource's number in Plan.resources (the types this component defines, whose handle
 * tables the runtime keeps), or NO_RESOURCE for one it imports.
 */
import type { ComponentType, Extern, Func, Resource, Val } from '../component/types.js';
import type { Plan, ResourceMap } from '../component/plan.js';

/** The kinds of awsm_ctype_kind, in its order. */
const KINDS = [
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string',
  'list', 'record', 'tuple', 'variant', 'enum', 'option', 'result', 'flags', 'own', 'borrow',
] as const;

/** The resource id of a handle type whose resource the component does not define. */
export const NO_RESOURCE = 0xffffffff;

/** One entry of the type table. */
export interface CType {
  kind: (typeof KINDS)[number];
  /** Fields, cases, labels or members; the resource's id for own and borrow. */
  count: number;
  /** Member types (indices in the table; -1: a case or result without payload). */
  types: number[];
  labels: string[];
}

/** An exported function as the descriptor lists it; `lifted` indexes Plan.lifted. */
export interface CExport {
  /** `name`, or `iface#name` for a function of an exported instance. */
  name: string;
  params: Array<{ name: string; type: number }>;
  /** The result's type index, or undefined. */
  result?: number;
  lifted: number;
}

/** The type table and the exported functions of a component. */
export interface ExportTypes {
  types: CType[];
  exports: CExport[];
  /** Per resource of Plan.resources: the name it is exported under (`resource N` if none). */
  resourceNames: string[];
}

/** A builder of the type table: each resolved type (by identity) once. */
class Table {
  readonly types: CType[] = [];
  private readonly ids = new Map<Val, number>();
  /** The number of each resource definition (by its AST type: Resource.def). */
  private readonly resources: Map<object, number>;
  /** The runtime resource of each Resource the outer component's types name (Plan.outerResources). */
  private readonly outer: ResourceMap;

  constructor(plan: Plan) {
    this.resources = new Map(plan.resources.map((r, i) => [r.type, i]));
    this.outer = plan.outerResources;
  }

  /** The index of `t`, adding it (and its members first) when new. */
  add(t: Val): number {
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    const opt = (x: Val | undefined): number => (x === undefined ? -1 : this.add(x));
    let e: CType;
    switch (t.kind) {
      case 'prim': e = { kind: t.prim, count: 0, types: [], labels: [] }; break;
      case 'list': e = { kind: 'list', count: 1, types: [this.add(t.elem)], labels: [] }; break;
      case 'option': e = { kind: 'option', count: 1, types: [this.add(t.type)], labels: [] }; break;
      case 'result': e = { kind: 'result', count: 2, types: [opt(t.ok), opt(t.err)], labels: [] }; break;
      case 'record': e = { kind: 'record', count: t.fields.length, types: t.fields.map(([, f]) => this.add(f)), labels: t.fields.map(([l]) => l) }; break;
      case 'tuple': e = { kind: 'tuple', count: t.types.length, types: t.types.map((x) => this.add(x)), labels: [] }; break;
      case 'variant': e = { kind: 'variant', count: t.cases.length, types: t.cases.map(([, c]) => opt(c)), labels: t.cases.map(([l]) => l) }; break;
      case 'enum': case 'flags': e = { kind: t.kind, count: t.labels.length, types: [], labels: t.labels }; break;
      case 'own': case 'borrow': {
        const outer = this.outer.get(t.resource);
        const id = outer?.kind === 'defined' ? outer.id : t.resource.def === undefined ? undefined : this.resources.get(t.resource.def);
        e = { kind: t.kind, count: id ?? NO_RESOURCE, types: [], labels: [] };
        break;
      }
    }
    const i = this.types.length;
    this.types.push(e);
    this.ids.set(t, i);
    return i;
  }
}

/** The function type of export `path` in the component type, or undefined. */
function funcAt(type: ComponentType, path: readonly string[]): Func | undefined {
  let e: Extern | undefined = type.exports.get(path[0]!);
  for (const name of path.slice(1)) e = e?.kind === 'instance' ? e.type.exports.get(name) : undefined;
  return e?.kind === 'func' ? e.type : undefined;
}

/** The exported functions of `plan` that are lifted here, with their types from `type`. */
export function exportTypes(plan: Plan, type: ComponentType): ExportTypes {
  const table = new Table(plan);
  const exports: CExport[] = [];
  const resourceNames = plan.resources.map((r, i) => r.name ?? `resource ${i}`);
  for (const [name, e] of type.exports) {
    if (e.kind !== 'type' || e.type.kind !== 'resource' || e.type.resource.def === undefined) continue;
    const i = plan.resources.findIndex((r) => r.type === (e.type as { resource: Resource }).resource.def);
    if (i >= 0) resourceNames[i] = name;
  }
  for (const e of plan.exports) {
    const f = funcAt(type, e.path);
    if (f === undefined || e.func.kind !== 'lifted') continue;
    exports.push({
      name: e.path.join('#'),
      params: f.params.map(([name, t]) => ({ name, type: table.add(t) })),
      ...(f.result !== undefined ? { result: table.add(f.result) } : {}),
      lifted: e.func.lifted,
    });
  }
  return { types: table.types, exports, resourceNames };
}

/** The C of the type table (`types`), one array per member list. */
export function typeTableC(types: readonly CType[], lit: (s: string) => string): string[] {
  const lines: string[] = [];
  types.forEach((t, i) => {
    if (t.types.length > 0) lines.push(`static const uint32_t ct${i}[] = {${t.types.map((x) => (x < 0 ? 'AWSM_COMPONENT_NONE' : `${x}u`)).join(', ')}};`);
    if (t.labels.length > 0) lines.push(`static const char *const cl${i}[] = {${t.labels.map(lit).join(', ')}};`);
  });
  if (types.length > 0) {
    lines.push('static const awsm_ctype types[] = {');
    types.forEach((t, i) => lines.push(`  {${KINDS.indexOf(t.kind)}u, ${t.count}u, ${t.types.length > 0 ? `ct${i}` : 'NULL'}, ${t.labels.length > 0 ? `cl${i}` : 'NULL'}},`));
    lines.push('};');
  }
  return lines;
}
