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
 * is whatever a later proposal marks; `targetRefusals` adds what a target cannot compile.
 */
import type { Instr, Module } from '../binary/module.js';
import { UnsupportedError } from '../errors.js';
import { GC_LOWERED } from './gc.js';
import { GC_CAST_LOWERED } from './gc-cast.js';

/** What the refusal of a GC construct says after its name. */
const NOT_YET = 'not compiled yet, issue 17';

/**
 * Instructions a target cannot compile yet, each with what its refusal says: none today (tail
 * calls on RISC-V, whose LLVM 16 backend has no `tailcc`, go through a tail buffer:
 * tail-buffer.ts). The hook stays for the next target.
 */
export function targetRefusals(_triple: string): Map<string, string> {
  return new Map<string, string>();
}

/**
 * The first use of a feature the translator does not support, or undefined; `refused`
 * (targetRefusals) adds the instructions the target cannot compile, met in the same walk.
 */
export function unsupportedFeature(m: Module, refused: ReadonlyMap<string, string> = new Map()): UnsupportedError | undefined {
  return gcConstExpr(m, refused) ?? unsupportedInstruction(m, refused);
}

/**
 * Whether the translator compiles instruction `ins`: it has no `feature` mark, or it is a GC
 * instruction that is lowered (gc.ts GC_LOWERED, gc-cast.ts GC_CAST_LOWERED).
 */
function compiled(ins: Instr): boolean {
  return ins.op.feature === undefined || GC_LOWERED.has(ins.op.name) || GC_CAST_LOWERED.has(ins.op.name);
}

/** The first instruction of a constant expression the translator (or the target: `refused`) does not compile, or undefined. */
function gcConstExpr(m: Module, refused: ReadonlyMap<string, string>): UnsupportedError | undefined {
  const exprs = [...m.globals.map((g) => g.init), ...m.tables.flatMap((t) => (t.init === undefined ? [] : [t.init])), ...m.elems.flatMap((e) => e.init)];
  for (const expr of exprs) {
    const ins = expr.find((i) => !compiled(i) || refused.has(i.op.name));
    if (ins === undefined) continue;
    const onTarget = refused.get(ins.op.name);
    if (onTarget !== undefined) return new UnsupportedError(onTarget, `${ins.op.name} in a constant expression`, { offset: ins.pos });
    return new UnsupportedError(ins.op.feature!, `${ins.op.name} in a constant expression: ${NOT_YET}`, { offset: ins.pos });
  }
  return undefined;
}

/**
 * Instructions whose opcode row carries a `feature` the translator does not compile yet:
 * one property test per instruction, over every function body.
 */
function unsupportedInstruction(m: Module, refused: ReadonlyMap<string, string>): UnsupportedError | undefined {
  // The common path allocates nothing per instruction (go-utf8: 1.5 million of them): the
  // location and the message are built only for the instruction refused.
  const anyRefused = refused.size > 0;
  for (let i = 0; i < m.funcs.length; i++) {
    const body = m.funcs[i]!.body;
    for (let j = 0; j < body.length; j++) {
      const ins = body[j]!;
      if (ins.op.feature === undefined && !anyRefused) continue;
      if (!compiled(ins)) return refusal(m, i, ins, ins.op.feature!, `${ins.op.name}: ${NOT_YET}`);
      const onTarget = anyRefused ? refused.get(ins.op.name) : undefined;
      if (onTarget !== undefined) return refusal(m, i, ins, onTarget, ins.op.name);
    }
  }
  return undefined;
}

/** The UnsupportedError for instruction `ins` of defined function `i`. */
function refusal(m: Module, i: number, ins: Instr, feature: string, what: string): UnsupportedError {
  const imported = m.imports.filter((imp) => imp.desc.kind === 'func').length;
  return new UnsupportedError(feature, what, { offset: ins.pos, funcidx: imported + i });
}

/** Throw the UnsupportedError for the first feature of `m` the translator does not support (for a target: targetRefusals). */
export function assertSupported(m: Module, refused?: ReadonlyMap<string, string>): void {
  const e = unsupportedFeature(m, refused);
  if (e !== undefined) throw e;
}
