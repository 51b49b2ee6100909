/**
 * Exception handling (Wasm 3.0): throw, throw_ref and try_table (docs/abi.md, "Exceptions").
 *
 * An exception is an `awsm_exn` (awsm_abi.h) made by the runtime (awsm_exn_new), its payload
 * stored by generated code, and raised with the system unwinder (awsm_exn_throw: a forced
 * unwind, runtime/src/exception.c). An exnref is a pointer to it. Inside a try_table the
 * builder emits every call as an `invoke` whose unwind edge goes to the try_table's landing
 * pad (FunctionBuilder.unwind); a call outside any try_table stays a plain call, so a call
 * that does not throw costs nothing. The landing pad compares the exception's tag with each
 * catch clause's, in order, and branches to the first match with the payload (and the
 * exnref); with no match it goes on to the enclosing try_table's dispatch in the same
 * function, or `resume`s unwinding. Traps never reach a landing pad: they leave by
 * siglongjmp (trap.c), which runs no landing pads.
 *
 * A try_table is translated as a `block` frame (state.ts) plus what is here, keyed by the
 * frame. A `return_call` inside a try_table is not covered by it (its frame is gone when the
 * callee runs): function.ts clears FunctionBuilder.unwind around tail calls.
 */
import type { Catch, Instr } from '../binary/module.js';
import { i32, nullptr, poison, type Value } from '../llvm/builder.js';
import { ExnObj, llvmType, TrapKind, VALUE_SIZE } from './abi.js';
import { blockSig } from './control.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, tagObj } from './instance.js';
import type { Frame, Operand } from './state.js';

/** The personality routine of functions with landing pads (libgcc's C one: cleanups only). */
export const PERSONALITY = '@__gcc_personality_v0';

/** What a try_table frame adds to its block frame. */
interface TryTable {
  catches: Catch[];
  /** The landing pad block every call in the body unwinds to. */
  pad: string;
  /** The dispatch block: matches the exception in `slot` against the catch clauses. */
  dispatch: string;
  /** Holds the exception (a pointer) between the pads and the dispatch. */
  slot: Value;
  /** FunctionBuilder.unwind outside this try_table (the enclosing one's pad), restored at `end`. */
  outerUnwind: string | undefined;
  /** The enclosing try_table of the same function, if any. */
  outer: TryTable | undefined;
}

/** The open try_table frames of the functions being translated, by frame. */
const TRY_TABLES = new WeakMap<Frame, TryTable>();
/** The innermost open try_table per function builder. */
const INNERMOST = new WeakMap<object, TryTable>();

/** The body uses exception instructions (function.ts then skips passes that do not know them). */
export function usesExceptions(body: readonly Instr[]): boolean {
  return body.some((ins) => ins.op.family === 'exception');
}

/** The frame is a try_table's: its `end` goes through endTryTable first. */
export function isTryTable(frame: Frame): boolean {
  return TRY_TABLES.has(frame);
}

export function emitException(t: FuncEnv, ins: Instr): void {
  switch (ins.op.name) {
    case 'throw':
      return throwTag(t, ins.idx!);
    case 'throw_ref':
      return throwRef(t);
    case 'try_table':
      return tryTable(t, ins);
  }
  throw new Error(`emitException: unexpected instruction ${ins.op.name}`);
}

/**
 * Raise exception `e` (a call that never returns; an `invoke` inside a try_table):
 *   call void @awsm_exn_throw(ptr %e)
 *   unreachable
 */
function raise(t: FuncEnv, e: Value): void {
  t.cx.declare('@awsm_exn_throw', 'void', ['ptr'], 'noreturn');
  t.f.call('void', '@awsm_exn_throw', [e]);
  t.f.unreachable();
}

/** Address of payload value i of exception `e`. */
function valuePtr(t: FuncEnv, e: Value, i: number): Value {
  return fieldPtr(t.f, e, ExnObj.values + VALUE_SIZE * i);
}

/**
 * throw $t: a new exception of the tag with the operands as its payload.
 *   %tag = ctx->tags[t]
 *   %e = call ptr @awsm_exn_new(ptr %ctx, ptr %tag)
 *   store i32 %a, ptr <e+48>  …                     ; value i at e + 48 + 16*i
 *   call void @awsm_exn_throw(ptr %e)
 */
function throwTag(t: FuncEnv, tagidx: number): void {
  const f = t.f;
  const ft = t.cx.tagType(tagidx);
  const args = t.s.popn(ft.params.length);
  t.setUnreachable();
  const tag = tagObj(t.cx, f, t.ctx, tagidx);
  t.cx.declare('@awsm_exn_new', 'ptr', ['ptr', 'ptr'], 'nounwind');
  const e = f.call('ptr', '@awsm_exn_new', [t.ctx, tag])!;
  args.forEach((o, i) => f.store(o.v, valuePtr(t, e, i), { align: 8 }));
  raise(t, e);
}

/**
 * throw_ref: raise the exception again; a null exnref traps.
 *   br i1 (icmp eq ptr %e, null), label %trap.14, label %ok
 *   call void @awsm_exn_throw(ptr %e)
 */
function throwRef(t: FuncEnv): void {
  const e = t.s.pop().v;
  t.setUnreachable();
  t.trapIf(t.f.icmp('eq', e, nullptr), TrapKind.NullExnRef);
  raise(t, e);
}

/**
 * try_table: a block whose calls unwind to its landing pad.
 *   %exnslot = alloca ptr                             ; entry block
 *   …body: invoke … unwind label %lpad
 */
function tryTable(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const { params, results } = blockSig(t, ins.blockType);
  const frame = t.pushFrame('block', params, results);
  const outer = INNERMOST.get(f);
  const info: TryTable = {
    catches: ins.catches ?? [],
    pad: f.newBlock('lpad'),
    dispatch: f.newBlock('catch'),
    slot: f.alloca('ptr', 'exn'),
    outerUnwind: f.unwind,
    outer,
  };
  TRY_TABLES.set(frame, info);
  INNERMOST.set(f, info);
  f.unwind = info.pad;
  f.personality = PERSONALITY;
  t.cx.declare(PERSONALITY, 'i32', ['...'], '');
}

/**
 * The `end` of a try_table (the innermost frame), before control.ts's endFrame closes it as a
 * block: the fall-through goes to the end, then the landing pad and the dispatch.
 *
 *   <results stored>; br label %endN                 ; the body's fall-through
 * lpad:
 *   %lp = landingpad { ptr, i32 } cleanup
 *   %e0 = extractvalue { ptr, i32 } %lp, 0
 *   store ptr %e0, ptr %exnslot
 *   br label %catch
 * catch:
 *   %e = load ptr, ptr %exnslot
 *   %tag = load ptr, ptr <e+32>
 *   br i1 (icmp eq ptr %tag, <ctx->tags[t]>), label %match, label %next   ; per clause
 * match:                                             ; catch $t L / catch_ref $t L
 *   %v = load i32, ptr <e+48> …; [catch_ref: store i32 1, ptr <e+44>; push %e]
 *   [catch: call void @awsm_exn_release(ptr %e)]     ; no exnref escaped: freed
 *   <stored into L's slots>; br label %L
 * next:  …                                           ; no clause matched:
 *   store ptr %e, ptr <outer exnslot>; br label %<outer catch>    (an enclosing try_table)
 *   resume { ptr, i32 } { %e, 0 }                                 (otherwise)
 */
export function endTryTable(t: FuncEnv): void {
  const f = t.f;
  const frame = t.s.top();
  const info = TRY_TABLES.get(frame)!;
  f.unwind = info.outerUnwind;
  if (info.outer === undefined) INNERMOST.delete(f);
  else INNERMOST.set(f, info.outer);
  if (!t.s.unreachable) {
    t.branchTo(frame, t.s.popn(frame.results.length));
    f.br(frame.endLabel);
    t.setUnreachable();
  } else if (!f.isTerminated) {
    f.unreachable();
  }
  // The pad and the dispatch are reached from any call of the body: what local.get knew of
  // the locals on the fall-through path does not hold there.
  t.localValues.forget();
  f.setBlock(info.pad);
  const lp = f.landingpad();
  f.store(f.extractvalue(lp, 0, 'ptr'), info.slot);
  f.br(info.dispatch);
  f.setBlock(info.dispatch);
  const e = f.load('ptr', info.slot);
  const tag = info.catches.some((c) => c.tag !== undefined) ? f.load('ptr', fieldPtr(f, e, ExnObj.tag)) : undefined;
  for (const c of info.catches) {
    const target = t.s.frameAt(c.label + 1);
    if (c.tag === undefined) {
      catchTo(t, c, target, e);
      break;
    }
    const match = f.newBlock('match');
    const next = f.newBlock('next');
    f.condBr(f.icmp('eq', tag!, tagObj(t.cx, f, t.ctx, c.tag)), match, next);
    f.setBlock(match);
    catchTo(t, c, target, e);
    f.setBlock(next);
  }
  if (!f.isTerminated) {
    if (info.outer !== undefined) {
      f.store(e, info.outer.slot);
      f.br(info.outer.dispatch);
    } else {
      const agg = f.insertvalue(f.insertvalue(poison('{ ptr, i32 }'), e, 0), i32(0), 1);
      f.resume(agg);
    }
  }
}

/** A matching clause: its values (payload, exnref) to its label. */
function catchTo(t: FuncEnv, c: Catch, target: Frame, e: Value): void {
  const f = t.f;
  const values: Operand[] = [];
  if (c.tag !== undefined) {
    t.cx.tagType(c.tag).params.forEach((ty, i) => values.push({ v: f.load(llvmType(ty), valuePtr(t, e, i), { align: 8 }), tainted: false }));
  }
  if (c.kind === 'catch_ref' || c.kind === 'catch_all_ref') {
    f.store(i32(1), fieldPtr(f, e, ExnObj.flags));
    values.push({ v: e, tainted: false });
  } else {
    t.cx.declare('@awsm_exn_release', 'void', ['ptr'], 'nounwind');
    f.call('void', '@awsm_exn_release', [e]);
  }
  if (target.kind === 'function') return t.ret(values);
  t.branchTo(target, values);
  f.br(t.s.labelOf(target));
}
