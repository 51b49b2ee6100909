/**
 * Index spaces of the component validator. A Scope is one component being validated, or one
 * component or instance type being declared (its type declarations have index spaces of
 * their own, with outer aliases reaching the enclosing scopes). Index spaces grow as the
 * definitions are walked, so an index refers to an earlier definition only.
 *
 * Resolving the decoded forms (ast.ts) into the validator's types (types.ts) happens here:
 * value types, type definitions, extern descriptors and core module types.
 */
import type { FuncType as CoreFuncType, GlobalType, MemType, TableType } from '../binary/module.js';
import { ValidationError, UnsupportedError } from '../errors.js';
import type { CoreType, ExternDesc, PrimValType, Sort, Type, ValType } from './ast.js';
import type { Named } from './named.js';
import { checkLabels } from './names.js';
import type { CoreExtern, ComponentType, Extern, Func, InstanceType, ModuleType, Resource, TypeDef, Val } from './types.js';
import { MAX_TYPE_SIZE, hasBorrow, typeSize } from './types.js';

/** A core type space entry: a function type or a module type. */
export type CoreTypeDef = { kind: 'func'; type: CoreFuncType } | { kind: 'module'; type: ModuleType };

/** The most flags a flags type may have (one i32 of bits in the canonical ABI). */
export const MAX_FLAGS = 32;

export class Scope {
  /** The enclosing scope (component or type declaration), for outer aliases. */
  readonly parent: Scope | undefined;
  /** A component (with core definitions, canon, instances) or a type declaration scope. */
  readonly kind: 'component' | 'type';
  // Core index spaces.
  /** Core functions: their types. */
  readonly coreFuncs: CoreFuncType[] = [];
  readonly coreTables: TableType[] = [];
  readonly coreMems: MemType[] = [];
  readonly coreGlobals: GlobalType[] = [];
  /** Core tags: their function types. */
  readonly coreTags: CoreFuncType[] = [];
  readonly coreTypes: CoreTypeDef[] = [];
  readonly coreModules: ModuleType[] = [];
  /** Core instances: their exports. */
  readonly coreInstances: Array<Map<string, CoreExtern>> = [];
  // Component index spaces.
  readonly funcs: Func[] = [];
  readonly types: TypeDef[] = [];
  readonly components: ComponentType[] = [];
  readonly instances: InstanceType[] = [];
  /** Imports so far, by name, and their uniqueness keys (names.ts). */
  readonly imports = new Map<string, Extern>();
  readonly importKeys = new Set<string>();
  /** Exports so far, by name, and their uniqueness keys. */
  readonly exports = new Map<string, Extern>();
  readonly exportKeys = new Set<string>();
  /** The nominal types the imports and exports so far have named (named.ts). */
  readonly named: Named = { imports: new Set(), all: new Set() };
  /** Resource types imported or exported under a plain label, for [constructor] / [method] names. */
  readonly resourceNames = new Map<string, Resource>();
  /** Where the definition being checked starts (for messages). */
  offset = 0;

  constructor(kind: 'component' | 'type', parent?: Scope) {
    this.kind = kind;
    this.parent = parent;
  }

  fail(message: string): never {
    throw new ValidationError(message, { offset: this.offset });
  }

  /** Entry `idx` of `space`, or a validation error naming the index space. */
  get<T>(space: readonly T[], idx: number, what: string): T {
    const v = space[idx];
    if (v === undefined) this.fail(`unknown ${what} ${idx}: only ${space.length} defined`);
    return v;
  }

  // ---- value types and type definitions ----------------------------------------------------------

  /** The resolved value type `t` (a primitive or the index of a defined value type). */
  val(t: ValType): Val {
    if (typeof t !== 'number') return prim(t);
    const d = this.get(this.types, t, 'type');
    if (d.kind !== 'value') this.fail(`type ${t} is a ${d.kind} type, not a value type`);
    return d.val;
  }

  /** The resource type at index `idx` (the operand of own, borrow and the resource built-ins). */
  resource(idx: number): Resource {
    const d = this.get(this.types, idx, 'type');
    if (d.kind !== 'resource') this.fail(`type ${idx} is not a resource type`);
    return d.resource;
  }

  /** Resolve type definition `t` (inner type declarations are validated by `declare`). */
  typeDef(t: Type, declare: (kind: 'component' | 'instance', decls: Type & { kind: 'component' | 'instance' }) => TypeDef): TypeDef {
    const labels = (ls: readonly string[], what: string): void => {
      if (ls.length === 0) this.fail(`${what} type must have at least one ${what === 'record' ? 'field' : 'case'}`);
      const why = checkLabels(ls, what);
      if (why !== undefined) this.fail(why);
    };
    const value = (val: Val): TypeDef => {
      const size = typeSize(val);
      if (size > MAX_TYPE_SIZE) this.fail(`type is too large: ${size} nodes (the limit is ${MAX_TYPE_SIZE})`);
      return { kind: 'value', val };
    };
    switch (t.kind) {
      case 'prim': return value(prim(t.prim));
      case 'record':
        labels(t.fields.map((f) => f.label), 'record');
        return value({ kind: 'record', fields: t.fields.map((f) => [f.label, this.val(f.type)]) });
      case 'variant':
        labels(t.cases.map((c) => c.label), 'variant');
        return value({ kind: 'variant', cases: t.cases.map((c) => [c.label, c.type === undefined ? undefined : this.val(c.type)]) });
      case 'list': return value({ kind: 'list', elem: this.val(t.elem) });
      case 'tuple':
        if (t.types.length === 0) this.fail('tuple type must have at least one type');
        return value({ kind: 'tuple', types: t.types.map((x) => this.val(x)) });
      case 'flags':
        labels(t.labels, 'flags');
        if (t.labels.length > MAX_FLAGS) this.fail(`flags type may have at most ${MAX_FLAGS} flags, not ${t.labels.length}`);
        return value({ kind: 'flags', labels: t.labels });
      case 'enum':
        labels(t.labels, 'enum');
        return value({ kind: 'enum', labels: t.labels });
      case 'option': return value({ kind: 'option', type: this.val(t.type) });
      case 'result': {
        const r: Val = { kind: 'result' };
        if (t.ok !== undefined) r.ok = this.val(t.ok);
        if (t.err !== undefined) r.err = this.val(t.err);
        return value(r);
      }
      case 'own':
      case 'borrow': return value({ kind: t.kind, resource: this.resource(t.resource) });
      case 'func': {
        const why = checkLabels(t.func.params.map((p) => p.label), 'parameter');
        if (why !== undefined) this.fail(why);
        const func: Func = { params: t.func.params.map((p) => [p.label, this.val(p.type)]) };
        if (t.func.result !== undefined) func.result = this.val(t.func.result);
        if (hasBorrow(func.result)) this.fail('function result type contains a borrow handle');
        const size = func.params.reduce((n, [, p]) => n + typeSize(p), 1 + typeSize(func.result));
        if (size > MAX_TYPE_SIZE) this.fail(`type is too large: ${size} nodes (the limit is ${MAX_TYPE_SIZE})`);
        return { kind: 'func', func };
      }
      case 'component':
      case 'instance': return declare(t.kind, t);
      case 'resource': {
        if (this.kind !== 'component') this.fail('resource types can only be defined in a component, not in a type declaration');
        const resource: Resource = { name: 'resource', local: true, def: t };
        if (t.dtor !== undefined) {
          const f = this.get(this.coreFuncs, t.dtor, 'core func');
          if (f.params.length !== 1 || f.params[0] !== 'i32' || f.results.length !== 0) this.fail(`resource destructor (core func ${t.dtor}) must have type [i32] -> []`);
          resource.dtor = t.dtor;
        }
        return { kind: 'resource', resource };
      }
    }
  }

  /** The extern an import or export descriptor describes; `name` names a fresh resource. */
  externOfDesc(d: ExternDesc, name: string): Extern {
    switch (d.kind) {
      case 'core module': {
        const t = this.get(this.coreTypes, d.type, 'core type');
        if (t.kind !== 'module') this.fail(`core type ${d.type} is not a module type`);
        return { kind: 'core module', type: t.type };
      }
      case 'func': {
        const t = this.get(this.types, d.type, 'type');
        if (t.kind !== 'func') this.fail(`type ${d.type} is not a function type`);
        return { kind: 'func', type: t.func };
      }
      case 'value': throw new UnsupportedError('component-model value definitions', 'value import or export', { offset: this.offset });
      case 'type':
        if (d.bound.kind === 'eq') return { kind: 'type', type: this.get(this.types, d.bound.type, 'type') };
        return { kind: 'type', type: { kind: 'resource', resource: { name, local: false } } };
      case 'component': {
        const t = this.get(this.types, d.type, 'type');
        if (t.kind !== 'component') this.fail(`type ${d.type} is not a component type`);
        return { kind: 'component', type: t.comp };
      }
      case 'instance': {
        const t = this.get(this.types, d.type, 'type');
        if (t.kind !== 'instance') this.fail(`type ${d.type} is not an instance type`);
        return { kind: 'instance', type: t.inst };
      }
    }
  }

  /** Add `e` to the index space of its sort (imports, exports and aliases all do this). */
  add(e: Extern): void {
    switch (e.kind) {
      case 'core module': this.coreModules.push(e.type); break;
      case 'func': this.funcs.push(e.type); break;
      case 'type': this.types.push(e.type); break;
      case 'instance': this.instances.push(e.type); break;
      case 'component': this.components.push(e.type); break;
    }
  }

  /** The extern that `sort idx` refers to, for component sorts (core module included). */
  externOf(sort: Sort, idx: number): Extern {
    switch (sort) {
      case 'core module': return { kind: 'core module', type: this.get(this.coreModules, idx, 'core module') };
      case 'func': return { kind: 'func', type: this.get(this.funcs, idx, 'func') };
      case 'type': return { kind: 'type', type: this.get(this.types, idx, 'type') };
      case 'instance': return { kind: 'instance', type: this.get(this.instances, idx, 'instance') };
      case 'component': return { kind: 'component', type: this.get(this.components, idx, 'component') };
      case 'value': throw new UnsupportedError('component-model value definitions', 'value sort', { offset: this.offset });
      default: return this.fail(`a ${sort} cannot be imported, exported or passed to a component`);
    }
  }

  /** The core extern that core `sort idx` refers to (functions, tables, memories, globals, tags). */
  coreExternOf(sort: string, idx: number): CoreExtern {
    switch (sort) {
      case 'func': return { kind: 'func', type: this.get(this.coreFuncs, idx, 'core func') };
      case 'table': return { kind: 'table', type: this.get(this.coreTables, idx, 'core table') };
      case 'memory': return { kind: 'memory', type: this.get(this.coreMems, idx, 'core memory') };
      case 'global': return { kind: 'global', type: this.get(this.coreGlobals, idx, 'core global') };
      case 'tag': return { kind: 'tag', type: this.get(this.coreTags, idx, 'core tag') };
      default: return this.fail(`a core ${sort} cannot be exported from a core instance`);
    }
  }

  /** Add core extern `e` to its index space. */
  addCore(e: CoreExtern): void {
    switch (e.kind) {
      case 'func': this.coreFuncs.push(e.type); break;
      case 'table': this.coreTables.push(e.type); break;
      case 'memory': this.coreMems.push(e.type); break;
      case 'global': this.coreGlobals.push(e.type); break;
      case 'tag': this.coreTags.push(e.type); break;
    }
  }

  /** Resolve core type `t` (a module type's declarations get a type space of their own). */
  coreTypeDef(t: CoreType): CoreTypeDef {
    if (t.kind === 'func') return t;
    const types: CoreFuncType[] = [];
    const mt: ModuleType = { imports: [], exports: new Map() };
    const funcType = (idx: number): CoreFuncType => this.get(types, idx, 'core type (in a module type)');
    const desc = (d: import('../binary/module.js').ImportDesc): CoreExtern => {
      switch (d.kind) {
        case 'func': return { kind: 'func', type: funcType(d.typeidx) };
        case 'table': return { kind: 'table', type: d.table };
        case 'memory': return { kind: 'memory', type: d.mem };
        case 'global': return { kind: 'global', type: d.global };
        case 'tag': return { kind: 'tag', type: funcType(d.tag.typeidx) };
      }
    };
    for (const d of t.decls) {
      switch (d.kind) {
        case 'type':
          if (d.type.kind === 'module') this.fail('a module type cannot declare a module type');
          types.push(d.type.type);
          break;
        case 'alias': {
          if (d.sort !== 'type' || d.count !== 1) this.fail('a module type may only alias types of the enclosing scope (outer 1)');
          const outer = this.get(this.coreTypes, d.idx, 'core type');
          if (outer.kind !== 'func') this.fail('a module type cannot alias a module type');
          types.push(outer.type);
          break;
        }
        case 'import':
          if (mt.imports.some((i) => i.module === d.module && i.name === d.name)) this.fail(`duplicate import '${d.module}' '${d.name}' in a module type`);
          mt.imports.push({ module: d.module, name: d.name, type: desc(d.desc) });
          break;
        case 'export':
          if (mt.exports.has(d.name)) this.fail(`duplicate export '${d.name}' in a module type`);
          mt.exports.set(d.name, desc(d.desc));
          break;
      }
    }
    return { kind: 'module', type: mt };
  }
}

/** One shared Val per primitive type. */
const PRIMS = new Map<PrimValType, Val>();
function prim(p: PrimValType): Val {
  let v = PRIMS.get(p);
  if (v === undefined) PRIMS.set(p, (v = { kind: 'prim', prim: p }));
  return v;
}
