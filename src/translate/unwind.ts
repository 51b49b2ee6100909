/**
 * Which functions may unwind (exception handling, docs/abi.md "Exceptions"). Exceptions are
 * thrown with the system unwinder, so a function an exception may pass through must not be
 * `nounwind` and needs unwind tables; every other function keeps `nounwind` and is
 * translated exactly as before (no change to modules that do not use exceptions).
 *
 * A module *may unwind* when it has a tag or an exception instruction, imports a function
 * from anywhere but WASI (another module's or a host function may throw), or imports or
 * exports a table (a function that throws may end up in it). In such a module, a function
 * may throw when it contains `throw`, `throw_ref` or `rethrow`, calls a non-WASI import, makes an
 * indirect call, or calls a function that may throw (to a fixpoint). In any other module no
 * function may throw: WASI functions never do.
 */
import type { Module } from '../binary/module.js';

/** Import modules whose functions never throw (the runtime's WASI). */
const NEVER_THROW = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

/** Memoised per module: every partition's context asks. */
const MAY_THROW = new WeakMap<Module, ReadonlySet<number>>();

/** The module may unwind (see the top of this file). */
export function moduleMayUnwind(m: Module): boolean {
  if (m.tags.length > 0) return true;
  for (const imp of m.imports) {
    if (imp.desc.kind === 'tag' || imp.desc.kind === 'table') return true;
    if (imp.desc.kind === 'func' && !NEVER_THROW.has(imp.module)) return true;
  }
  if (m.exports.some((e) => e.kind === 'table')) return true;
  return m.funcs.some((fn) => fn.body.some((ins) => ins.op.family === 'exception'));
}

/** The functions (funcidx) that may throw, imports included. */
export function mayThrowFunctions(m: Module): ReadonlySet<number> {
  const known = MAY_THROW.get(m);
  if (known !== undefined) return known;
  const out = new Set<number>();
  if (moduleMayUnwind(m)) {
    let funcidx = 0;
    for (const imp of m.imports) {
      if (imp.desc.kind !== 'func') continue;
      if (!NEVER_THROW.has(imp.module)) out.add(funcidx);
      funcidx++;
    }
    const imported = funcidx;
    // Per defined function: it throws by itself, or the functions it calls directly.
    const callees: number[][] = m.funcs.map(() => []);
    m.funcs.forEach((fn, i) => {
      for (const ins of fn.body) {
        const name = ins.op.name;
        if (name === 'throw' || name === 'throw_ref' || name === 'rethrow' || name === 'call_indirect' || name === 'return_call_indirect' || name === 'call_ref' || name === 'return_call_ref') {
          out.add(imported + i);
        }
        else if (name === 'call' || name === 'return_call') callees[i]!.push(ins.idx!);
      }
    });
    for (let changed = true; changed;) {
      changed = false;
      callees.forEach((cs, i) => {
        if (!out.has(imported + i) && cs.some((c) => out.has(c))) {
          out.add(imported + i);
          changed = true;
        }
      });
    }
  }
  MAY_THROW.set(m, out);
  return out;
}
