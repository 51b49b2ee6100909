/**
 * What the translator compiles, checked once before translation: a valid module that uses a
 * Wasm 3.0 feature the translator does not handle yet is refused with an UnsupportedError
 * naming the feature and where (`unsupported: FEATURE (WHAT) at byte 0x… in function N`),
 * never a crash or wrong code further on.
 *
 * The decoder and validator know these features fully (so the spec harness's assert_invalid
 * and assert_malformed on them pass); supporting one in the translator means deleting its
 * check here. Every GC instruction (issue 17) is compiled now — gc.ts GC_LOWERED and
 * gc-cast.ts GC_CAST_LOWERED list them — so what an instruction's `feature` mark still refuses
 * is whatever a later proposal marks. (Targets refuse nothing: riscv64's tail calls, the last
 * refusal, go through a tail buffer, tail-buffer.ts.)
 */
import type { Instr, Module } from '../binary/module.js';
import { UnsupportedError } from '../errors.js';
import { GC_LOWERED } from './gc.js';
import { GC_CAST_LOWERED } from './gc-cast.js';

/** What the refusal of a GC construct says after its name. */
const NOT_YET = 'not compiled yet, issue 17';

/** The first use of a feature the translator does not support, or undefined. */
export function unsupportedFeature(m: Module): UnsupportedError | undefined {
  return gcConstExpr(m) ?? unsupportedInstruction(m);
}

/**
 * Whether the translator compiles instruction `ins`: it has no `feature` mark, or it is a GC
 * instruction that is lowered (gc.ts GC_LOWERED, gc-cast.ts GC_CAST_LOWERED).
 */
function compiled(ins: Instr): boolean {
  return ins.op.feature === undefined || GC_LOWERED.has(ins.op.name) || GC_CAST_LOWERED.has(ins.op.name);
}

/** The first instruction of a constant expression the translator does not compile, or undefined. */
function gcConstExpr(m: Module): UnsupportedError | undefined {
  const exprs = [...m.globals.map((g) => g.init), ...m.tables.flatMap((t) => (t.init === undefined ? [] : [t.init])), ...m.elems.flatMap((e) => e.init)];
  for (const expr of exprs) {
    const ins = expr.find((i) => !compiled(i));
    if (ins === undefined) continue;
    return new UnsupportedError(ins.op.feature!, `${ins.op.name} in a constant expression: ${NOT_YET}`, { offset: ins.pos });
  }
  return undefined;
}

/**
 * Instructions whose opcode row carries a `feature` the translator does not compile yet:
 * one property test per instruction, over every function body.
 */
function unsupportedInstruction(m: Module): UnsupportedError | undefined {
  // The common path allocates nothing per instruction (go-utf8: 1.5 million of them): the
  // location and the message are built only for the instruction refused.
  for (let i = 0; i < m.funcs.length; i++) {
    const body = m.funcs[i]!.body;
    for (let j = 0; j < body.length; j++) {
      const ins = body[j]!;
      if (ins.op.feature === undefined) continue;
      if (!compiled(ins)) return refusal(m, i, ins);
    }
  }
  return undefined;
}

/** The UnsupportedError for instruction `ins` of defined function `i`, which has a `feature` the translator does not compile. */
function refusal(m: Module, i: number, ins: Instr): UnsupportedError {
  const imported = m.imports.filter((imp) => imp.desc.kind === 'func').length;
  return new UnsupportedError(ins.op.feature!, `${ins.op.name}: ${NOT_YET}`, { offset: ins.pos, funcidx: imported + i });
}

/** Throw the UnsupportedError for the first feature of `m` the translator does not support. */
export function assertSupported(m: Module): void {
  const e = unsupportedFeature(m);
  if (e !== undefined) throw e;
}
