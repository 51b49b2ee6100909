/**
 * What the translator compiles, checked once before translation: a valid module that uses a
 * Wasm 3.0 feature the translator does not handle yet is refused with an UnsupportedError
 * naming the feature and where (`unsupported: FEATURE (WHAT) at byte 0x… in function N`),
 * never a crash or wrong code further on.
 *
 * The decoder and validator know these features fully (so the spec harness's assert_invalid
 * and assert_malformed on them pass); supporting one in the translator means deleting its
 * check here. Today that is garbage collection (issue 17): its types and instructions decode
 * and validate, but objects, i31 references and casts need the collector's run-time
 * representation, so a module is refused when it has a value of the `any` hierarchy (anyref,
 * eqref, i31ref, structref, arrayref, nullref, a reference to a struct or array type) in the
 * type of a function or tag, a local, global, table, element segment, or an instruction's type
 * (block, select, ref.null, call_indirect, call_ref), or uses an instruction marked in the
 * opcode table (OpInfo.feature: the 0xfb instructions and ref.eq). Type definitions alone
 * (recursive groups, subtypes, struct and array types) compile.
 */
import { funcType, globalTypes, tableTypes, type FuncType, type Instr, type Module, type SubType, type ValType } from '../binary/module.js';
import { isRef, topOf } from '../binary/types.js';
import { UnsupportedError } from '../errors.js';
import { GC } from '../binary/unsupported.js';

/** What the refusal of a GC construct says after its name. */
const NOT_YET = 'not compiled yet, issue 17';

/**
 * Instructions a target cannot compile yet, each with what its refusal says: tail calls on
 * RISC-V, whose LLVM 16 backend has no `tailcc` ("LLVM ERROR: Unsupported calling convention";
 * docs/abi.md, "Targets").
 */
export function targetRefusals(triple: string): Map<string, string> {
  const out = new Map<string, string>();
  if (triple.startsWith('riscv64')) {
    for (const op of ['return_call', 'return_call_indirect', 'return_call_ref']) out.set(op, 'tail calls on riscv64 (LLVM 16 has no tailcc for RISC-V)');
  }
  return out;
}

/**
 * The first use of a feature the translator does not support, or undefined; `refused`
 * (targetRefusals) adds the instructions the target cannot compile, met in the same walk.
 */
export function unsupportedFeature(m: Module, refused: ReadonlyMap<string, string> = new Map()): UnsupportedError | undefined {
  return gcType(m) ?? unsupportedInstruction(m, refused);
}

/** Whether `t` is a reference of the GC (`any`) hierarchy in a module of type section `types`. */
function isGc(types: readonly SubType[], t: ValType): boolean {
  return isRef(t) && topOf(t, types) === 'any';
}

/** The first value of the `any` hierarchy outside function bodies, or undefined. */
function gcType(m: Module): UnsupportedError | undefined {
  const refuse = (t: ValType, what: string, offset?: number): UnsupportedError =>
    new UnsupportedError(GC, `type ${t} in ${what}: ${NOT_YET}`, offset === undefined ? {} : { offset });
  const sigs = [...m.imports.flatMap((imp) => (imp.desc.kind === 'func' || imp.desc.kind === 'tag' ? [imp.desc.kind === 'func' ? imp.desc.typeidx : imp.desc.tag.typeidx] : [])), ...m.funcs.map((f) => f.typeidx), ...m.tags.map((t) => t.typeidx)];
  for (const x of sigs) {
    const t = gcInFuncType(m, x);
    if (t !== undefined) return refuse(t, `function type ${x}`, m.types[x]?.pos);
  }
  const imported = m.imports.filter((imp) => imp.desc.kind === 'func').length;
  for (let i = 0; i < m.funcs.length; i++) {
    const f = m.funcs[i]!;
    const t = f.locals.find((v) => isGc(m.types, v));
    if (t !== undefined) return new UnsupportedError(GC, `local of type ${t}: ${NOT_YET}`, { offset: f.pos, funcidx: imported + i });
  }
  for (const g of globalTypes(m)) if (isGc(m.types, g.type)) return refuse(g.type, 'a global');
  for (const t of tableTypes(m)) if (isGc(m.types, t.elemType)) return refuse(t.elemType, 'a table');
  for (const e of m.elems) if (isGc(m.types, e.type)) return refuse(e.type, 'an element segment');
  // GC instructions in constant expressions (extern.convert_any makes an externref of an i31).
  const exprs = [...m.globals.map((g) => g.init), ...m.tables.flatMap((t) => (t.init === undefined ? [] : [t.init])), ...m.elems.flatMap((e) => e.init)];
  for (const expr of exprs) {
    const ins = expr.find((i) => i.op.feature !== undefined);
    if (ins !== undefined) return new UnsupportedError(ins.op.feature!, `${ins.op.name} in a constant expression: ${NOT_YET}`, { offset: ins.pos });
  }
  return undefined;
}

/** The first GC value type of function type `ft` in a module of type section `types`, if any. */
export function gcValueOf(types: readonly SubType[], ft: FuncType): ValType | undefined {
  return [...ft.params, ...ft.results].find((v) => isGc(types, v));
}

/** The first GC value type of function type `x` of `m`, if any. */
function gcInFuncType(m: Module, x: number): ValType | undefined {
  const ft = funcType(m, x);
  return ft === undefined ? undefined : gcValueOf(m.types, ft);
}

/**
 * The types an instruction names in its immediates: block, ref.null and select types, and the
 * function types of call_indirect, call_ref and their tail forms.
 */
function immediateTypes(m: Module, ins: Instr): readonly ValType[] {
  if (ins.refType !== undefined) return [ins.refType];
  if (ins.types !== undefined) return ins.types;
  const bt = ins.blockType;
  if (bt?.kind === 'value') return [bt.type];
  const x = bt?.kind === 'typeidx' ? bt.typeidx : ins.op.imm === 'call_indirect' || ins.op.name.endsWith('call_ref') ? ins.idx : undefined;
  const t = x === undefined ? undefined : gcInFuncType(m, x);
  return t === undefined ? [] : [t];
}

/**
 * Instructions whose opcode row carries a `feature`, or whose immediates name a GC type:
 * one property test per instruction, over every function body.
 */
function unsupportedInstruction(m: Module, refused: ReadonlyMap<string, string>): UnsupportedError | undefined {
  const imported = m.imports.filter((imp) => imp.desc.kind === 'func').length;
  for (let i = 0; i < m.funcs.length; i++) {
    for (const ins of m.funcs[i]!.body) {
      const where = { offset: ins.pos, funcidx: imported + i };
      const feature = ins.op.feature;
      if (feature !== undefined) return new UnsupportedError(feature, `${ins.op.name}: ${NOT_YET}`, where);
      const t = immediateTypes(m, ins).find((v) => isGc(m.types, v));
      if (t !== undefined) return new UnsupportedError(GC, `${ins.op.name} of type ${t}: ${NOT_YET}`, where);
      const onTarget = refused.get(ins.op.name);
      if (onTarget !== undefined) return new UnsupportedError(onTarget, ins.op.name, where);
    }
  }
  return undefined;
}

/** Throw the UnsupportedError for the first feature of `m` the translator does not support (for a target: targetRefusals). */
export function assertSupported(m: Module, refused?: ReadonlyMap<string, string>): void {
  const e = unsupportedFeature(m, refused);
  if (e !== undefined) throw e;
}
