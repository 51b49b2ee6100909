/**
 * Compiling a component to one executable (issue 20, docs/components.md "Running components").
 *
 * The component is decoded, validated and planned (src/component/plan.ts); each core module
 * an instance uses is compiled by awsm's own pipeline to an object with its own symbol prefix
 * (NAME_mK, descriptor NAME_mK_module), cached by content like any module; the plan becomes a
 * generated C file, the component descriptor of runtime/include/awsm_component.h (core
 * instances in order, each import wired to a core export or a host function with its
 * canonical options, the lifted `wasi:cli/run` `run` when there is one, every exported
 * function with its type and options: component-types.ts); and the objects, the descriptor,
 * the runtime's main.o and library are linked into one executable. runtime/main.c starts it
 * through `awsm_main_component`.
 *
 * A function one inner component lifts and another lowers is called through a fused adapter
 * (src/component/adapter.ts): a generated core module compiled like the others, whose
 * instance placeAdapters puts in the instance order. The built-ins of resources the component
 * defines are wired to the runtime's handle tables (runtime/src/component_resource.c).
 *
 * What cannot run yet is refused here in one line: a component that exports no function,
 * resource.new/rep of an imported resource, lowered imports that are not functions of an
 * imported interface, and what the adapters do not do yet (adapter-abi.ts). Whether the WASI 0.2 host
 * provides each imported function is checked when the executable starts (component.c), in
 * one line naming the interface and function.
 */
import { AwsmError, UnsupportedError } from '../errors.js';
import { checkComponent } from '../component/index.js';
import type { AdapterModule, AdapterSpec } from '../component/adapter.js';
import { buildAdapters } from '../component/adapter.js';
import type { CanonBuiltin } from '../component/adapter-resource.js';
import type { Origin, Plan, ResolvedOpts } from '../component/plan.js';
import { planComponent, showOrigin } from '../component/plan.js';
import type { ComponentType } from '../component/types.js';
import { type CExport, type CType, exportTypes, typeTableC } from './component-types.js';
import type { Artifact, CompileOptions } from './compile.js';
import { type NativeOptions, asLinkError, codegenFlags, runtimeInputs } from './native.js';
import { runtimeCFlags } from './runtime.js';
import { targetOf } from './targets.js';
import { lldArgs, runTool } from './tools.js';

/** How the core modules are compiled: compile() with these options (emit 'obj'). */
export type CompileModule = (bytes: Uint8Array, options: CompileOptions) => Promise<Artifact>;

/** What buildComponent needs besides the component's bytes. */
export interface ComponentBuild {
  /** The component's name: the prefix of its modules' symbols (NAME_mK). */
  name: string;
  /** The options each core module is compiled with (emit, name and output are set here). */
  moduleOptions: CompileOptions;
  /** The native options of the final link (target, CPU). */
  native: NativeOptions;
  /** compile() itself, passed in so that this file and compile.ts do not import each other. */
  compileModule: CompileModule;
  /** More C sources or objects to link (tests: a host of their own). */
  extraInputs?: readonly string[];
  /** Whether to link the runtime's main.o (default true); false when extraInputs bring a main of their own. */
  main?: boolean;
}

/** The runnable form of a plan: what the generated descriptor says. */
interface Runnable {
  /**
   * Per core instance: its module (Plan.modules, then `adapters`) and wires (a core export, a
   * host function, a built-in of a resource defined here with the component instance whose
   * table it uses, or a built-in of the runtime an adapter calls).
   */
  instances: Array<{ module: number; wires: Array<{ module: string; name: string } & ({ from: Ref } | { host: number } | { builtin: ResourceOp; resource: number; instance: number } | { canon: CanonBuiltin })> }>;
  /** The resources the component makes (Plan.resources): name, the component instance defining it, destructor. */
  resources: Array<{ name: string; instance: number; dtor?: Ref }>;
  /** The number of component instances (Plan.componentInstances): one handle table each. */
  componentInstances: number;
  hosts: Array<{ iface: string; name: string; memory?: Ref; realloc?: Ref; encoding: number }>;
  /** The core function lifted as wasi:cli/run's run, when the component exports it. */
  run?: Ref;
  postReturn?: Ref;
  /** The generated adapter modules (src/component/adapter.ts), numbered after Plan.modules. */
  adapters: Uint8Array[];
  /** The type table of the exported functions (component-types.ts). */
  types: CType[];
  /** Every exported function lifted here, with its type and canonical options. */
  exports: Array<{ name: string; params: CExport['params']; result?: number; core: Ref; memory?: Ref; realloc?: Ref; postReturn?: Ref; encoding: number; instance: number }>;
}

/** An export of a core instance. */
interface Ref {
  instance: number;
  name: string;
}

const ENCODINGS = { utf8: 0, utf16: 1, 'latin1+utf16': 2 } as const;

/** A resource built-in, and its wire kind (AWSM_WIRE_RESOURCE_* of awsm_component.h). */
type ResourceOp = 'resource.new' | 'resource.rep' | 'resource.drop';
const BUILTIN_WIRES: Readonly<Record<ResourceOp, string>> = {
  'resource.new': 'AWSM_WIRE_RESOURCE_NEW', 'resource.rep': 'AWSM_WIRE_RESOURCE_REP', 'resource.drop': 'AWSM_WIRE_RESOURCE_DROP',
};

/** The wire kind of each runtime built-in a fused adapter imports (src/component/adapter-resource.ts). */
const CANON_WIRES: Readonly<Record<CanonBuiltin, string>> = {
  enter: 'AWSM_WIRE_CANON_ENTER', exit: 'AWSM_WIRE_CANON_EXIT', leave: 'AWSM_WIRE_CANON_LEAVE', own: 'AWSM_WIRE_CANON_OWN', borrow: 'AWSM_WIRE_CANON_BORROW',
};

/** `(instance, name)` of a core export origin, or the one-line refusal of what it is instead. */
function refOf(o: Origin, what: string, at: (instance: number) => number = (i) => i): Ref {
  if (o.kind === 'core export') return { instance: at(o.instance), name: o.name };
  throw new UnsupportedError('components', `${what} is ${o.kind === 'opaque' ? o.why : `a ${o.kind === 'lowered' ? 'lowered function' : o.op}`}, which awsm cannot run yet`);
}

/** A fused adapter module and the plan's core instance its instance goes before. */
interface Placed {
  module: AdapterModule;
  position: number;
}

/**
 * The adapter modules for the lowered functions of `plan` that lift a function of another
 * component (fused adapters), each placed after every instance it imports from: one module
 * per position, so that an adapter a component's main module imports directly (no canonical
 * options: created before it) and those its shim's fixup imports (which need its memory)
 * are both possible. Refused when an adapter is imported before what it needs exists.
 */
function placeAdapters(plan: Plan): Placed[] {
  const refuse = (why: string): never => {
    throw new UnsupportedError('component-to-component calls', why);
  };
  const groups = new Map<number, AdapterSpec[]>();
  const done = new Set<number>();
  for (const inst of plan.instances) {
    for (const w of inst.wiring) {
      if (w.from.kind !== 'lowered' || done.has(w.from.lowered)) continue;
      const low = plan.lowered[w.from.lowered]!;
      if (low.func.kind !== 'lifted') continue;
      done.add(w.from.lowered);
      const lift = plan.lifted[low.func.lifted]!;
      let position = 0;
      for (const o of [lift.core, lift.opts.memory, lift.opts.realloc, lift.opts.postReturn, low.opts.memory, low.opts.realloc]) {
        if (o === undefined) continue;
        if (o.kind !== 'core export') return refuse(`a fused adapter would import ${showOrigin(o, plan)}, which is not a core export`);
        position = Math.max(position, o.instance + 1);
      }
      if (position > inst.index) refuse(`core instance ${inst.index} imports a fused adapter that needs core instance ${position - 1}, created after it`);
      groups.set(position, [...(groups.get(position) ?? []), { lowered: w.from.lowered, lifted: low.func.lifted }]);
    }
  }
  return [...groups].sort(([a], [b]) => a - b).map(([position, specs]) => ({ module: buildAdapters(plan, specs, refuse), position }));
}

/** The plan as the runner needs it (`type`: the component's), or an UnsupportedError naming what cannot run yet. */
export function runnable(plan: Plan, type: ComponentType): Runnable {
  const hosts: Runnable['hosts'] = [];
  const host = (iface: string, name: string, opts?: ResolvedOpts): number => {
    const i = hosts.length;
    hosts.push({
      iface, name, encoding: ENCODINGS[opts?.encoding ?? 'utf8'],
      ...(opts?.memory !== undefined ? { memory: refOf(opts.memory, `the memory of ${iface} '${name}'`, at) } : {}),
      ...(opts?.realloc !== undefined ? { realloc: refOf(opts.realloc, `the realloc of ${iface} '${name}'`, at) } : {}),
    });
    return i;
  };
  const lowered = new Map<number, number>();
  const drops = new Map<string, number>();
  const fused = placeAdapters(plan);
  /** The index of the plan's core instance `i` once the adapters' instances are inserted. */
  const at = (i: number): number => i + fused.filter((f) => f.position <= i).length;
  const adapterOf = (lowered: number): Ref | undefined => {
    for (const [k, f] of fused.entries()) {
      const name = f.module.exports.get(lowered);
      if (name !== undefined) return { instance: f.position + k, name };
    }
    return undefined;
  };
  const instances: Runnable['instances'] = plan.instances.map((inst) => {
    if (inst.module === undefined) throw new UnsupportedError('components', `core instance ${inst.index} instantiates no module awsm can find`);
    const wires = inst.wiring.map((w) => {
      const what = `import '${w.module}' '${w.name}' of core instance ${inst.index}`;
      const o = w.from;
      if (o.kind === 'core export') return { module: w.module, name: w.name, from: { instance: at(o.instance), name: o.name } };
      if (o.kind === 'lowered') {
        const adapter = adapterOf(o.lowered);
        if (adapter !== undefined) return { module: w.module, name: w.name, from: adapter };
        let h = lowered.get(o.lowered);
        if (h === undefined) {
          const l = plan.lowered[o.lowered]!;
          if (l.func.kind !== 'import' || l.func.path.length !== 2) {
            throw new UnsupportedError('components', `${what} is component import ${l.func.kind === 'import' ? `'${l.func.path.join("' '")}'` : `(${l.func.kind === 'opaque' ? l.func.why : 'a lifted function'})`}, not a function of an imported interface such as wasi:cli/environment@0.2.3`);
          }
          h = host(l.func.path[0]!, l.func.path[1]!, l.opts);
          lowered.set(o.lowered, h);
        }
        return { module: w.module, name: w.name, host: h };
      }
      if (o.kind === 'resource' && o.op === 'resource.drop' && o.resource.kind === 'imported' && o.resource.path.length === 2) {
        const [iface, res] = o.resource.path as [string, string];
        const key = `${iface}\0${res}`;
        let h = drops.get(key);
        if (h === undefined) drops.set(key, (h = host(iface, `[resource-drop]${res}`)));
        return { module: w.module, name: w.name, host: h };
      }
      if (o.kind === 'resource' && o.resource.kind === 'defined') return { module: w.module, name: w.name, builtin: o.op, resource: o.resource.id, instance: o.instance };
      if (o.kind === 'resource') throw new UnsupportedError('component resources', `${what} is ${o.op} of ${o.resource.kind === 'imported' ? `the imported resource '${o.resource.path.join("' '")}'` : 'an unknown resource'}, which awsm cannot run yet`);
      return { module: w.module, name: w.name, from: refOf(o, what, at) };
    });
    return { module: inst.module, wires };
  });
  fused.forEach((f, k) => {
    const wires = f.module.imports.map((i) => (i.from.kind === 'canon' ? { module: i.module, name: i.name, canon: i.from.builtin }
      : { module: i.module, name: i.name, from: refOf(i.from, `adapter import '${i.name}'`, at) }));
    instances.splice(f.position + k, 0, { module: plan.modules.length + k, wires });
  });
  const adapters = fused.map((f) => f.module.bytes);
  const { types, exports: typed, resourceNames } = exportTypes(plan, type);
  const resources = plan.resources.map((r, i) => ({
    name: resourceNames[i]!, instance: r.instance, ...(r.dtor !== undefined ? { dtor: refOf(r.dtor, `the destructor of resource ${resourceNames[i]}`, at) } : {}),
  }));
  const exports = typed.map((e) => {
    const l = plan.lifted[e.lifted]!;
    const what = `export '${e.name}'`;
    const opt = (o: Origin | undefined, name: string): { [k: string]: Ref } => (o === undefined ? {} : { [name]: refOf(o, `the ${name} option of ${what}`, at) });
    return {
      name: e.name, params: e.params, ...(e.result !== undefined ? { result: e.result } : {}), core: refOf(l.core, what, at),
      ...opt(l.opts.memory, 'memory'), ...opt(l.opts.realloc, 'realloc'), ...opt(l.opts.postReturn, 'postReturn'), encoding: ENCODINGS[l.opts.encoding],
      instance: l.instance,
    };
  });
  if (exports.length === 0) {
    const exported = plan.exports.map((e) => e.path.map((p) => `'${p}'`).join(' '));
    throw new UnsupportedError('components', `awsm runs components that export functions (wasi:cli/run@0.2.x 'run', or any called with --invoke); this one exports ${exported.length === 0 ? 'no function' : `${exported.join(', ')}, none lifted by it`}`);
  }
  const run = plan.exports.find((e) => e.path.length === 2 && /^wasi:cli\/run@0\.2\.\d+$/.test(e.path[0]!) && e.path[1] === 'run' && e.func.kind === 'lifted');
  const componentInstances = plan.componentInstances;
  if (run === undefined || run.func.kind !== 'lifted') return { instances, hosts, adapters, types, exports, resources, componentInstances };
  const lifted = plan.lifted[run.func.lifted]!;
  return {
    instances, hosts, run: refOf(lifted.core, "wasi:cli/run's run", at), adapters, types, exports, resources, componentInstances,
    ...(lifted.opts.postReturn !== undefined ? { postReturn: refOf(lifted.opts.postReturn, "the post-return of wasi:cli/run's run", at) } : {}),
  };
}

/** A C string literal of `s`'s UTF-8 bytes (octal escapes outside printable ASCII) and its length. */
function cString(s: string): { lit: string; len: number } {
  const bytes = Buffer.from(s, 'utf8');
  let lit = '"';
  for (const b of bytes) lit += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c && b !== 0x3f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  return { lit: `${lit}"`, len: bytes.length };
}

function cRef(r: Ref | undefined): string {
  if (r === undefined) return '{AWSM_COMPONENT_NONE, 0, NULL}';
  const n = cString(r.name);
  return `{${r.instance}u, ${n.len}u, ${n.lit}}`;
}

/** The generated C of the component descriptor (awsm_component.h) for `r`. */
export function descriptorC(name: string, r: Runnable): string {
  const lines = [
    `/* The component descriptor of ${name}, generated by awsm (src/driver/component.ts). */`,
    '#include "awsm_component.h"',
    '#include "awsm_wasi2.h"',
    '',
  ];
  const used = [...new Set(r.instances.map((i) => i.module))].sort((a, b) => a - b);
  for (const m of used) lines.push(`extern const awsm_module_desc ${name}_m${m}_module;`);
  r.instances.forEach((inst, i) => {
    if (inst.wires.length === 0) return;
    lines.push(`static const awsm_component_wire wires${i}[] = {`);
    for (const w of inst.wires) {
      const m = cString(w.module);
      const n = cString(w.name);
      const tail = 'host' in w ? `AWSM_WIRE_HOST, ${w.host}u, ${cRef(undefined)}, 0u`
        : 'builtin' in w ? `${BUILTIN_WIRES[w.builtin]}, ${w.resource}u, ${cRef(undefined)}, ${w.instance}u`
          : 'canon' in w ? `${CANON_WIRES[w.canon]}, 0u, ${cRef(undefined)}, 0u` : `AWSM_WIRE_EXPORT, 0u, ${cRef(w.from)}, 0u`;
      lines.push(`  {${m.lit}, ${n.lit}, ${m.len}u, ${n.len}u, ${tail}},`);
    }
    lines.push('};');
  });
  lines.push('static const awsm_component_instance instances[] = {');
  r.instances.forEach((inst, i) => lines.push(`  {&${name}_m${inst.module}_module, ${inst.wires.length === 0 ? 'NULL' : `wires${i}`}, ${inst.wires.length}u},`));
  lines.push('};');
  if (r.hosts.length > 0) {
    lines.push('static const awsm_component_host hosts[] = {');
    for (const h of r.hosts) lines.push(`  {${cString(h.iface).lit}, ${cString(h.name).lit}, ${cRef(h.memory)}, ${cRef(h.realloc)}, ${h.encoding}u},`);
    lines.push('};');
  }
  lines.push(...typeTableC(r.types, (l) => cString(l).lit));
  r.exports.forEach((e, i) => {
    if (e.params.length === 0) return;
    lines.push(`static const uint32_t ep${i}[] = {${e.params.map((p) => `${p.type}u`).join(', ')}};`);
    lines.push(`static const char *const en${i}[] = {${e.params.map((p) => cString(p.name).lit).join(', ')}};`);
  });
  lines.push('static const awsm_component_export exports[] = {');
  r.exports.forEach((e, i) => {
    const params = e.params.length > 0 ? `ep${i}, en${i}` : 'NULL, NULL';
    lines.push(`  {${cString(e.name).lit}, ${e.params.length}u, ${params}, ${e.result === undefined ? 'AWSM_COMPONENT_NONE' : `${e.result}u`},`);
    lines.push(`   ${cRef(e.core)}, ${cRef(e.memory)}, ${cRef(e.realloc)}, ${cRef(e.postReturn)}, ${e.encoding}u, ${e.instance}u},`);
  });
  lines.push('};');
  if (r.resources.length > 0) {
    lines.push('static const awsm_component_resource resources[] = {');
    for (const x of r.resources) lines.push(`  {${cString(x.name).lit}, ${cRef(x.dtor)}, ${x.instance}u},`);
    lines.push('};');
  }
  lines.push(
    `static const awsm_component_desc component = {${cString(name).lit}, instances, ${r.instances.length}u, ${r.hosts.length}u, ${r.hosts.length > 0 ? 'hosts' : 'NULL'},`,
    `  ${cRef(r.run)}, ${cRef(r.postReturn)}, awsm_component_run, ${r.types.length > 0 ? 'types' : 'NULL'}, ${r.types.length}u, ${r.exports.length}u, exports,`,
    `  ${r.resources.length}u, ${r.resources.length > 0 ? 'resources' : 'NULL'}, ${r.componentInstances}u};`,
    'const awsm_component_desc *const awsm_main_component = &component;',
    '/* Strong references that pull the WASI 0.2 host into the executable (component.c has weak ones). */',
    '__attribute__((used)) static void *const wasi2_host[] = {(void *)awsm_wasi2_new, (void *)awsm_wasi2_free, (void *)awsm_wasi2_lookup};',
    '',
  );
  return lines.join('\n');
}

/**
 * Compile the component `bytes` to the executable `out`: its core modules through
 * `b.compileModule` (each cached), its descriptor generated, all linked with the runtime.
 */
export async function buildComponent(bytes: Uint8Array, out: string, b: ComponentBuild): Promise<void> {
  const checked = checkComponent(bytes);
  const plan = planComponent(checked.component);
  const r = runnable(plan, checked.type);
  const used = [...new Set(r.instances.map((i) => i.module))];
  const moduleBytes = (m: number): Uint8Array => {
    const p = plan.modules[m];
    return p !== undefined ? bytes.subarray(p.start, p.start + p.size) : r.adapters[m - plan.modules.length]!;
  };
  const objects = await Promise.all(used.map(async (m) => {
    const options: CompileOptions = { ...b.moduleOptions, emit: 'obj', name: `${b.name}_m${m}`, mainModule: false };
    delete options.output;
    delete options.onPhase;
    return (await b.compileModule(moduleBytes(m), options)).path;
  }));
  const target = b.native.triple === undefined ? undefined : targetOf(b.native.triple);
  const cflags = runtimeCFlags(target).filter((f) => !f.startsWith('--target='));
  await runTool('clang', [
    ...codegenFlags(b.native), ...cflags, ...lldArgs(), '-x', 'c', '-', '-x', 'none', ...objects, ...(b.extraInputs ?? []),
    ...(await runtimeInputs(b.native.triple)).slice(b.main === false ? 1 : 0), '-o', out,
  ], descriptorC(b.name, r)).catch(asLinkError('linking the component failed'));
}

/** The one-line refusal of an emit kind other than an executable for a component. */
export function refuseComponentEmit(emit: string): never {
  throw new AwsmError('usage', `a component compiles to an executable only (--emit=exe), not --emit=${emit}: its core modules are linked with the component runner`);
}
