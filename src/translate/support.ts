/**
 * What the translator compiles, checked once before translation: a valid module that uses a
 * Wasm 3.0 feature the translator does not handle yet is refused with an UnsupportedError
 * naming the feature and where (`unsupported: FEATURE (INSTRUCTION) at byte 0x…`), never a crash or wrong
 * code further on.
 *
 * The decoder and validator know these features fully (so the spec harness's assert_invalid
 * and assert_malformed on them pass); supporting one in the translator means deleting its
 * check here. Features of later issues (GC) never get
 * this far: the decoder refuses them (src/binary/unsupported.ts). Instructions are marked in
 * the opcode table (OpInfo.feature). Every memory and table type of part 1 compiles (multiple
 * memories, memory64, table64, custom page sizes), so nothing of part 1 is refused here.
 */
import type { Module } from '../binary/module.js';
import { UnsupportedError } from '../errors.js';

/** The first use of a feature the translator does not support, or undefined. */
export function unsupportedFeature(m: Module): UnsupportedError | undefined {
  return unsupportedInstruction(m);
}

/**
 * Instructions whose opcode row carries a `feature` (none today): one property test per
 * instruction, over every function body.
 */
function unsupportedInstruction(m: Module): UnsupportedError | undefined {
  const imported = m.imports.filter((imp) => imp.desc.kind === 'func').length;
  for (let i = 0; i < m.funcs.length; i++) {
    for (const ins of m.funcs[i]!.body) {
      const feature = ins.op.feature;
      if (feature !== undefined) return new UnsupportedError(feature, ins.op.name, { offset: ins.pos, funcidx: imported + i });
    }
  }
  return undefined;
}

/** Throw the UnsupportedError for the first feature of `m` the translator does not support. */
export function assertSupported(m: Module): void {
  const e = unsupportedFeature(m);
  if (e !== undefined) throw e;
}
