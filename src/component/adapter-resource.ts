/**
 * Resources and call scopes in fused adapters (issue 20, docs/components.md "Resources between
 * components"): the runtime built-ins an adapter module imports for what lives in the
 * component instances' handle tables (runtime/src/component_resource.c), and the code that
 * calls them.
 *
 * - `enter(caller, callee)` opens the call's scope (traps when the caller may not leave: it is
 *   inside a realloc called while lowering); `exit()` closes it after the post-return: a borrow
 *   handle the callee still holds traps, and the caller's handles lent for the call are free
 *   again (CanonicalABI.md: `num_lends`, the borrow scope ending at the call's return).
 * - `own(h, from, to, rt)` moves an own handle of resource `rt` from component instance
 *   `from`'s table to `to`'s (lift_own then lower_own): unknown handle, wrong type, a borrow,
 *   or a handle lent out trap. `borrow(h, from, to, rt)` lends it for the call: the callee gets
 *   the rep when it defines `rt`, else a borrow handle in its table (lift_borrow, lower_borrow).
 * - `leave(instance, flag)` sets an instance's may_leave flag, cleared around a realloc the
 *   adapter calls while lowering, as wasmtime does: a lowered import called from there traps.
 *
 * Component instances and resources are numbered by the plan (plan.ts: Plan.resources, the
 * component instance of each canon); the adapter passes them as constants.
 */
import type { Code, FuncSig } from '../binary/encoder.js';
import type { ResourceMap } from './plan.js';
import type { Resource, Val } from './types.js';

/** The runtime built-ins an adapter module may import (AWSM_WIRE_CANON_* of awsm_component.h). */
export type CanonBuiltin = 'enter' | 'exit' | 'leave' | 'own' | 'borrow';

/** The core type of each built-in. */
export const CANON_BUILTINS: Readonly<Record<CanonBuiltin, FuncSig>> = {
  enter: { params: ['i32', 'i32'], results: [] },
  exit: { params: [], results: [] },
  leave: { params: ['i32', 'i32'], results: [] },
  own: { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] },
  borrow: { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] },
};

/** What moving handles needs: the built-ins' function indices and the resources of the type's owner. */
export interface HandleGen {
  /** The function index of built-in `b` in the adapter module (imported on first use). */
  builtin: (b: CanonBuiltin) => number;
  /** The plan's resource id of each Resource the adapted function type names. */
  resources: ResourceMap;
}

/** The plan's id of resource `r`, or undefined when it is not one the runtime's tables hold. */
function resourceId(map: ResourceMap, r: Resource): number | undefined {
  const o = map.get(r);
  return o?.kind === 'defined' ? o.id : undefined;
}

/** Why handles in type `t` cannot cross (one line), or undefined when they can (or there are none). */
export function handleRefusal(t: Val | undefined, map: ResourceMap): string | undefined {
  if (t === undefined) return undefined;
  switch (t.kind) {
    case 'own': case 'borrow':
      return resourceId(map, t.resource) === undefined
        ? `${t.kind === 'own' ? 'an own' : 'a borrow'} handle of resource ${t.resource.name}, which no component of this file defines (a host resource: not done yet)` : undefined;
    case 'list': return handleRefusal(t.elem, map);
    case 'option': return handleRefusal(t.type, map);
    case 'record': return firstOf(t.fields.map(([, f]) => f), map);
    case 'tuple': return firstOf(t.types, map);
    case 'variant': return firstOf(t.cases.map(([, c]) => c), map);
    case 'result': return firstOf([t.ok, t.err], map);
    default: return undefined;
  }
}

function firstOf(ts: ReadonlyArray<Val | undefined>, map: ResourceMap): string | undefined {
  for (const t of ts) {
    const why = handleRefusal(t, map);
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * The handle on the stack (an i32 of component instance `from`) moved to instance `to` as
 * `t` says: leaves the callee's handle (or, for a borrow of a resource `to` defines, its rep).
 */
export function moveHandle(c: Code, h: HandleGen, t: Val & { kind: 'own' | 'borrow' }, from: number, to: number): void {
  const rt = resourceId(h.resources, t.resource);
  if (rt === undefined) throw new Error(`adapter: resource ${t.resource.name} has no id (handleRefusal lets no such type through)`);
  c.i32(from).i32(to).i32(rt).call(h.builtin(t.kind));
}

/** Clear (`flag` 0) or set instance `instance`'s may_leave flag; the stack is left as it was. */
export function setMayLeave(c: Code, h: HandleGen, instance: number, flag: 0 | 1): void {
  c.i32(instance).i32(flag).call(h.builtin('leave'));
}

/** Whether type `t` holds handles (so the call needs the runtime's scope). */
export function hasHandles(t: Val | undefined): boolean {
  if (t === undefined) return false;
  switch (t.kind) {
    case 'own': case 'borrow': return true;
    case 'list': return hasHandles(t.elem);
    case 'option': return hasHandles(t.type);
    case 'record': return t.fields.some(([, f]) => hasHandles(f));
    case 'tuple': return t.types.some(hasHandles);
    case 'variant': return t.cases.some(([, c]) => hasHandles(c));
    case 'result': return hasHandles(t.ok) || hasHandles(t.err);
    default: return false;
  }
}
