/**
 * Validation of exception handling (Wasm 3.0): tags (their types have no results) and the
 * typing of throw, throw_ref and try_table. func.ts hands the instructions here with the few
 * stack operations they need (ExceptionOps); validator.ts calls tagContext for the module.
 *
 *   throw x          [t1* (the tag's params)] -> [t2*]   (stack-polymorphic)
 *   throw_ref        [exnref] -> [t*]                     (stack-polymorphic)
 *   try_table bt c*  a block of type bt; each clause's values must match its label's types:
 *     catch x l       the tag's params       catch_ref x l      the tag's params, exnref
 *     catch_all l     nothing                catch_all_ref l    exnref
 *
 * Legacy exceptions: `try bt` opens a block; `catch x` / `catch_all` close the previous arm
 * (as `else` does) and open a handler arm, the tag's values on its stack; `delegate l` closes
 * the try (a try, not a handler) and names a label outside it; `rethrow l` names a handler
 * arm (catch or catch_all) and is stack-polymorphic.
 */
import type { FuncType, Instr, Module, SubType, ValType } from '../binary/module.js';
import { funcType, tagTypes } from '../binary/module.js';
import { invalid } from './context.js';
import { allMatch } from './subtype.js';

/** The validator's stack operations the exception instructions use (func.ts implements them). */
export interface ExceptionOps {
  /** The tag types of the module (the tag index space). */
  readonly tags: readonly FuncType[];
  /** The module's types, for subtyping (a clause's values must match its label's types). */
  readonly types: readonly SubType[];
  fail(message: string): never;
  popExpect(t: ValType): void;
  popAll(ts: ValType[]): void;
  /** The rest of the block is unreachable (stack-polymorphic). */
  setUnreachable(): void;
  /** The types a branch to label `l` carries ("unknown label" when there is none). */
  labelTypes(l: number): ValType[];
  /** The parameter and result types of a block type. */
  blockSig(ins: Instr): FuncType;
  /** Pop the block's parameters and open a block frame. */
  openBlock(sig: FuncType): void;
  /** Legacy frames: open one (pushing `start`), close the innermost (checking its results). */
  openLegacy(kind: LegacyKind, start: ValType[], end: ValType[]): void;
  closeFrame(): { kind: LegacyKind | 'other'; end: ValType[] };
  /** The kind of the frame label `l` targets ("unknown label" when there is none). */
  labelKind(l: number): LegacyKind | 'other';
  pushAll(ts: ValType[]): void;
}

/** The frames of legacy exceptions: a try's body, a catch arm, a catch_all arm. */
export type LegacyKind = 'try' | 'catch' | 'catch_all';

/** The types of the tag index space, each checked: a known type with no results. */
export function tagContext(m: Module): FuncType[] {
  return tagTypes(m).map((tag) => {
    const ft = funcType(m, tag.typeidx);
    if (ft === undefined) invalid(m.types[tag.typeidx] === undefined ? `unknown type ${tag.typeidx}` : `type mismatch: tag type ${tag.typeidx} is not a function type`);
    if (ft.results.length !== 0) invalid('non-empty tag result type');
    return ft;
  });
}

function tagOf(ops: ExceptionOps, x: number | undefined): FuncType {
  const t = x === undefined ? undefined : ops.tags[x];
  if (t === undefined) ops.fail(`unknown tag ${x}`);
  return t;
}


export function validateException(ops: ExceptionOps, ins: Instr): void {
  switch (ins.op.name) {
    case 'throw':
      ops.popAll(tagOf(ops, ins.idx).params);
      return ops.setUnreachable();
    case 'throw_ref':
      ops.popExpect('exnref');
      return ops.setUnreachable();
    case 'try_table': {
      const sig = ops.blockSig(ins);
      for (const c of ins.catches ?? []) {
        const carried: ValType[] = c.tag === undefined ? [] : [...tagOf(ops, c.tag).params];
        // The exception a *_ref clause hands over is never null: (ref exn).
        if (c.kind === 'catch_ref' || c.kind === 'catch_all_ref') carried.push('(ref exn)');
        const label = ops.labelTypes(c.label);
        if (!allMatch(ops.types, carried, label)) ops.fail('type mismatch');
      }
      return ops.openBlock(sig);
    }
    case 'try': {
      const sig = ops.blockSig(ins);
      ops.popAll(sig.params);
      return ops.openLegacy('try', sig.params, sig.results);
    }
    case 'catch':
    case 'catch_all': {
      const frame = ops.closeFrame();
      if (frame.kind !== 'try' && frame.kind !== 'catch') ops.fail(`${ins.op.name} without try`);
      const params = ins.op.name === 'catch' ? tagOf(ops, ins.idx).params : [];
      return ops.openLegacy(ins.op.name, params, frame.end);
    }
    case 'delegate': {
      const frame = ops.closeFrame();
      if (frame.kind !== 'try') ops.fail('delegate without try');
      ops.labelTypes(ins.idx!);
      return ops.pushAll(frame.end);
    }
    case 'rethrow': {
      const kind = ops.labelKind(ins.idx!);
      if (kind !== 'catch' && kind !== 'catch_all') ops.fail('invalid rethrow label');
      return ops.setUnreachable();
    }
  }
  ops.fail(`unsupported instruction ${ins.op.name}`);
}
