/**
 * Fused adapters (issue 20 step 2, docs/components.md "Component-to-component calls"): for
 * every function one component lifts and another lowers, one core Wasm function that the
 * caller imports in place of the lowered function. It takes the caller's flat arguments (or
 * a pointer to them in the caller's memory), moves each argument into the callee's form with
 * the canonical ABI's checks (adapter-abi.ts: allocating in the callee's memory through its
 * realloc), calls the callee's core function, moves the result back the same way (through
 * the caller's realloc and return pointer) and calls the callee's post-return. The call runs
 * in a scope of the runtime (adapter-resource.ts: `enter` before, `exit` after the
 * post-return) that checks the caller may leave, moves own and borrow handles between the two
 * component instances' tables and checks the borrows at the end. A function lowered by the
 * component instance that lifts it traps when called ("cannot enter component instance"), as
 * under wasmtime.
 *
 * All adapters of a component go into one core module (src/binary/encoder.ts) that imports
 * what they use: each callee's core function and post-return, the memories (multi-memory)
 * and reallocs of both sides, and the runtime's built-ins. awsm compiles it like any core module (sandboxed, cached by
 * content); src/driver/component.ts places its instance after everything it imports and
 * before the first instance that imports one of its functions.
 */
import type { FuncSig } from '../binary/encoder.js';
import { ModuleEncoder } from '../binary/encoder.js';
import type { Gen, Side, Slot, Src } from './adapter-abi.js';
import { alignment, sizeOf, translate } from './adapter-abi.js';
import { allocate, checkAlign } from './adapter-check.js';
import { adapterHelpers } from './adapter-helpers.js';
import type { CanonBuiltin } from './adapter-resource.js';
import { CANON_BUILTINS, handleRefusal, hasHandles } from './adapter-resource.js';
import type { Origin, Plan } from './plan.js';
import type { Func, Val } from './types.js';
import { flatParams, flatResults, flattenFunc } from './types.js';

/** One call to adapt: lowered function `lowered` of the plan, which lifts `lifted`. */
export interface AdapterSpec {
  lowered: number;
  lifted: number;
}

/** What an adapter module's import is wired to: a core item of the plan, or a built-in of the runtime. */
export type AdapterImport = Origin | { kind: 'canon'; builtin: CanonBuiltin };

/** The adapter module of a plan: its bytes, where its imports come from, the export of each adapter. */
export interface AdapterModule {
  bytes: Uint8Array;
  /** Each import ('' module) and what it must be wired to. */
  imports: Array<{ module: string; name: string; from: AdapterImport }>;
  /** The export name of each adapted lowered function, by its index in Plan.lowered. */
  exports: Map<number, string>;
}

const REALLOC: FuncSig = { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] };

/** A key identifying a core origin, so that each is imported once. */
function originKey(o: AdapterImport): string {
  return o.kind === 'core export' ? `${o.instance}\0${o.name}` : JSON.stringify(o);
}

/**
 * The adapter module for `specs`, or throws the one-line reason (`refuse`) why one of them
 * cannot be adapted yet.
 */
export function buildAdapters(plan: Plan, specs: readonly AdapterSpec[], refuse: (why: string) => never): AdapterModule {
  const enc = new ModuleEncoder();
  const imports: AdapterModule['imports'] = [];
  const seen = new Map<string, number>();
  const importOnce = (o: AdapterImport, kind: 'func' | 'memory', sig?: FuncSig): number => {
    const key = `${kind}\0${originKey(o)}`;
    let i = seen.get(key);
    if (i === undefined) {
      const name = `${kind === 'func' ? 'f' : 'm'}${imports.length}`;
      i = kind === 'func' ? enc.importFunc('', name, sig!) : enc.importMemory('', name);
      imports.push({ module: '', name, from: o });
      seen.set(key, i);
    }
    return i;
  };
  // Imports first (the encoder numbers defined functions after them).
  const prepared = specs.map((sp) => {
    const low = plan.lowered[sp.lowered]!;
    const lift = plan.lifted[sp.lifted]!;
    const type = low.type ?? lift.type;
    if (type === undefined) refuse(`lowered function ${sp.lowered} has no known type`);
    const caller: Side = { encoding: low.opts.encoding, instance: low.instance };
    const callee: Side = { encoding: lift.opts.encoding, instance: lift.instance };
    // The handles' resources are those of the side whose view of the type is used.
    const resources = low.type !== undefined ? low.resources : lift.resources;
    const vals = [...type.params.map(([, t]) => t), type.result];
    const why = vals.map((t) => handleRefusal(t, resources)).find((w) => w !== undefined);
    if (why !== undefined) refuse(`a call between components passes ${why}`);
    if (low.opts.memory !== undefined) caller.mem = importOnce(low.opts.memory, 'memory');
    if (low.opts.realloc !== undefined) caller.realloc = importOnce(low.opts.realloc, 'func', REALLOC);
    if (lift.opts.memory !== undefined) callee.mem = importOnce(lift.opts.memory, 'memory');
    if (lift.opts.realloc !== undefined) callee.realloc = importOnce(lift.opts.realloc, 'func', REALLOC);
    const liftSig = flattenFunc(type, 'lift') as FuncSig;
    const core = importOnce(lift.core, 'func', liftSig);
    const post = lift.opts.postReturn === undefined ? undefined : importOnce(lift.opts.postReturn, 'func', { params: liftSig.results, results: [] });
    return { sp, type, caller, callee, core, post, resources };
  });
  const builtin = (b: CanonBuiltin): number => importOnce({ kind: 'canon', builtin: b }, 'func', CANON_BUILTINS[b]);
  // The built-ins every adapter calls, imported before the first function is defined.
  for (const b of ['enter', 'exit', 'leave'] as const) builtin(b);
  if (prepared.some((p) => [...p.type.params.map(([, t]) => t), p.type.result].some(hasHandles))) for (const b of ['own', 'borrow'] as const) builtin(b);
  // The helper functions adapters call (validators, transcoders, traps), each made on first use.
  const helpers = adapterHelpers(enc);
  const exports = new Map<number, string>();
  for (const p of prepared) {
    const name = `adapter${p.sp.lowered}`;
    const index = adaptOne(enc, p.type, p.caller, p.callee, p.core, p.post, { ...helpers, handles: { builtin, resources: p.resources } });
    enc.export(name, 'func', index);
    enc.nameFunc(index, name);
    exports.set(p.sp.lowered, name);
  }
  return { bytes: enc.encode(), imports, exports };
}

/** Generate the adapter function for one call of type `type`: its function index. */
function adaptOne(enc: ModuleEncoder, type: Func, caller: Side, callee: Side, core: number, post: number | undefined,
  helpers: Omit<Gen, 'code'>): number {
  const sig = flattenFunc(type, 'lower') as FuncSig;
  const liftSig = flattenFunc(type, 'lift') as FuncSig;
  const { index, code: c } = enc.func(sig);
  const g: Gen = { code: c, ...helpers };
  if (caller.instance === callee.instance) {
    // Lowered by the instance that lifts it: entering it again is refused (wasmtime traps too).
    c.call(g.trap('enter')).op('unreachable');
    return index;
  }
  c.i32(caller.instance).i32(callee.instance).call(g.handles.builtin('enter'));
  const params: Val = { kind: 'tuple', types: type.params.map(([, t]) => t) };
  // Arguments: flat in the caller's parameters, or spilled to a tuple in its memory.
  const flatIn = flatParams(type);
  let src: Src;
  if (flatIn !== undefined) src = { kind: 'flat', slots: flatIn.map((t, i) => ({ local: i, stored: t, want: t })) };
  else {
    checkAlign(g, 0, alignment(params));
    src = { kind: 'mem', addr: 0, offset: 0 };
  }
  let args: number[];
  if (flatIn !== undefined) {
    const slots: Slot[] = flatIn.map((t) => ({ local: c.local(t), stored: t, want: t }));
    translate(g, params, src, { kind: 'flat', slots: [...slots] }, caller, callee);
    args = slots.map((s) => s.local);
  } else {
    const dptr = c.local('i32');
    const size = sizeOf(params);
    allocate(g, callee, alignment(params), { size }, dptr);
    translate(g, params, src, { kind: 'mem', addr: dptr, offset: 0 }, caller, callee);
    args = [dptr];
  }
  for (const a of args) c.get(a);
  c.call(core);
  // The result: one flat value, or a pointer to it in the callee's memory.
  const results = liftSig.results.map((t) => c.local(t));
  for (const r of [...results].reverse()) c.set(r);
  let out: number | undefined;
  if (type.result !== undefined) {
    const flatOut = flatResults(type);
    if (flatOut !== undefined) {
      const t = flatOut[0]!;
      out = c.local(t);
      translate(g, type.result, { kind: 'flat', slots: [{ local: results[0]!, stored: t, want: t }] }, { kind: 'flat', slots: [{ local: out, stored: t, want: t }] }, callee, caller);
    } else {
      const r = results[0]!;
      const retptr = sig.params.length - 1;
      const a = alignment(type.result);
      checkAlign(g, r, a);
      checkAlign(g, retptr, a);
      translate(g, type.result, { kind: 'mem', addr: r, offset: 0 }, { kind: 'mem', addr: retptr, offset: 0 }, callee, caller);
    }
  }
  if (post !== undefined) {
    for (const r of results) c.get(r);
    c.call(post);
  }
  c.call(g.handles.builtin('exit'));
  if (out !== undefined) c.get(out);
  return index;
}
