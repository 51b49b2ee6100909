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
import { llvmType, TrapKind, VALUE_SIZE } from './abi.js';
import { blockSig } from './control.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, tagObj } from './instance.js';
import type { Frame, Operand } from './state.js';

/** The personality routine of functions with landing pads (libgcc's C one: cleanups only). */
export const PERSONALITY = '@__gcc_personality_v0';

/**
 * What a try_table (or a legacy try, legacy-exception.ts) adds to its block frame: a handler
 * of the exceptions its body's calls raise.
 */
export interface Handler {
  /** try_table: its catch clauses. */
  catches: Catch[];
  /** The landing pad block every call in the body unwinds to. */
  pad: string;
  /** The dispatch block: matches the exception in `slot` against the clauses. */
  dispatch: string;
  /** Holds the exception (a pointer) between the pads and the dispatch (and, legacy, the arms). */
  slot: Value;
  /** FunctionBuilder.unwind outside this handler (the enclosing one's pad), restored after the body. */
  outerUnwind: string | undefined;
  /** The enclosing handler of the same function, if any: unmatched exceptions go there. */
  outer: Handler | undefined;
  /** Legacy try: 'body' until its first catch / catch_all, then the arm being translated. */
  legacy?: { state: 'body' | 'catch' | 'catch_all'; noMatch?: string };
}

/** The open handlers of the functions being translated, by frame. */
const HANDLERS = new WeakMap<Frame, Handler>();
/** The innermost handler whose body is being translated, per function builder. */
const INNERMOST = new WeakMap<object, Handler>();

/** The body uses exception instructions (function.ts then skips passes that do not know them). */
export function usesExceptions(body: readonly Instr[]): boolean {
  return body.some((ins) => ins.op.family === 'exception');
}

/** The handler of a try_table or legacy try frame (its `end` goes through endHandler first). */
export function handlerOf(frame: Frame): Handler | undefined {
  return HANDLERS.get(frame);
}

/**
 * Open a block frame whose body's calls unwind to a new handler:
 *   %exnslot = alloca ptr                             ; entry block
 *   …body: invoke … unwind label %lpad
 */
export function openHandler(t: FuncEnv, ins: Instr, legacy: boolean): Handler {
  const f = t.f;
  const { params, results } = blockSig(t, ins.blockType);
  const frame = t.pushFrame('block', params, results);
  const h: Handler = {
    catches: ins.catches ?? [],
    pad: f.newBlock('lpad'),
    dispatch: f.newBlock('catch'),
    slot: f.alloca('ptr', 'exn'),
    outerUnwind: f.unwind,
    outer: INNERMOST.get(f),
  };
  if (legacy) h.legacy = { state: 'body' };
  HANDLERS.set(frame, h);
  INNERMOST.set(f, h);
  f.unwind = h.pad;
  f.personality = PERSONALITY;
  t.cx.declare(PERSONALITY, 'i32', ['...'], '');
  return h;
}

/**
 * The end of handler `h`'s body (the innermost frame): the fall-through goes to the frame's
 * end, calls unwind to the enclosing handler again, and the landing pad and the start of the
 * dispatch are emitted; returns the exception (in the dispatch block).
 *
 *   <results stored>; br label %endN                 ; the body's fall-through
 * lpad:
 *   %lp = landingpad { ptr, i32 } cleanup
 *   store ptr <extractvalue %lp, 0>, ptr %exnslot
 *   br label %catch
 * catch:
 *   %e = load ptr, ptr %exnslot
 */
export function leaveBody(t: FuncEnv, h: Handler): Value {
  const f = t.f;
  const frame = t.s.top();
  f.unwind = h.outerUnwind;
  if (h.outer === undefined) INNERMOST.delete(f);
  else INNERMOST.set(f, h.outer);
  endArm(t, frame);
  // The pad and the dispatch are reached from any call of the body: what local.get knew of
  // the locals on the fall-through path does not hold there.
  t.localValues.forget();
  f.setBlock(h.pad);
  const lp = f.landingpad();
  f.store(f.extractvalue(lp, 0, 'ptr'), h.slot);
  f.br(h.dispatch);
  f.setBlock(h.dispatch);
  return f.load('ptr', h.slot);
}

/** The end of a reachable body or arm: its results to the frame's end. Leaves a terminated block. */
export function endArm(t: FuncEnv, frame: Frame): void {
  if (!t.s.unreachable) {
    // At a valid end only the results are above the frame: nothing is discarded (no keep-alive).
    t.branchTo(frame, t.s.popn(frame.results.length));
    t.f.br(frame.endLabel);
    t.s.unreachable = true;
    t.s.skipDepth = 0;
  } else if (!t.f.isTerminated) {
    t.f.unreachable();
  }
}

/**
 * An exception no clause of this handler matched: to handler `to`'s dispatch (an enclosing
 * handler of this function), or out of the function.
 *   store ptr %e, ptr <to's exnslot>; br label %<to's catch>
 *   resume { ptr, i32 } { %e, 0 }                     (no handler)
 */
export function propagate(t: FuncEnv, to: Handler | undefined, e: Value): void {
  const f = t.f;
  if (to !== undefined) {
    f.store(e, to.slot);
    f.br(to.dispatch);
  } else {
    f.resume(f.insertvalue(f.insertvalue(poison('{ ptr, i32 }'), e, 0), i32(0), 1));
  }
}

/** Whether exception `e`'s tag is tag `tagidx`: `icmp eq (load <e+32>), ctx->tags[tagidx]`. */
export function tagIs(t: FuncEnv, e: Value, tagidx: number): Value {
  const f = t.f;
  return f.icmp('eq', f.load('ptr', fieldPtr(f, e, t.cx.abi.exnObj.tag)), tagObj(t.cx, f, t.ctx, tagidx));
}

/** The payload of exception `e` of tag `tagidx`, loaded. */
export function payload(t: FuncEnv, e: Value, tagidx: number): Operand[] {
  return t.cx.tagType(tagidx).params.map((ty, i) => ({ v: t.f.load(llvmType(ty), valuePtr(t, e, i), { align: 8 }), tainted: false }));
}

/** An exnref to `e` is handed out (catch_ref, legacy catch arms): no catch frees it; an exception
 * collection does once nothing refers to it (runtime/src/exception_gc.c). */
export function expose(t: FuncEnv, e: Value): void {
  t.f.store(i32(1), fieldPtr(t.f, e, t.cx.abi.exnObj.flags));
}

export function emitException(t: FuncEnv, ins: Instr): void {
  switch (ins.op.name) {
    case 'throw':
      return throwTag(t, ins.idx!);
    case 'throw_ref':
      return throwRef(t);
    case 'try_table':
      return void openHandler(t, ins, false);
  }
  throw new Error(`emitException: unexpected instruction ${ins.op.name}`);
}

/**
 * Raise exception `e` (a call that never returns; an `invoke` inside a try_table):
 *   call void @awsm_exn_throw(ptr %e)
 *   unreachable
 */
export function raise(t: FuncEnv, e: Value): void {
  t.cx.declare('@awsm_exn_throw', 'void', ['ptr'], 'noreturn');
  t.f.call('void', '@awsm_exn_throw', [e]);
  t.f.unreachable();
}

/** Address of payload value i of exception `e`. */
function valuePtr(t: FuncEnv, e: Value, i: number): Value {
  return fieldPtr(t.f, e, t.cx.abi.exnObj.values + VALUE_SIZE * i);
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
 * The `end` of a try_table (the innermost frame), before control.ts's endFrame closes it as a
 * block: the fall-through, the landing pad (leaveBody), then the clauses in order.
 *
 * catch:
 *   br i1 (icmp eq ptr <e+32>, <ctx->tags[t]>), label %match, label %next   ; per clause
 * match:                                             ; catch $t L / catch_ref $t L
 *   %v = load i32, ptr <e+48> …; [catch_ref: store i32 1, ptr <e+44>; push %e]
 *   [catch: call void @awsm_exn_release(ptr %e)]     ; no exnref escaped: freed
 *   <stored into L's slots>; br label %L
 * next:  …                                           ; no clause matched: propagate
 */
export function endHandler(t: FuncEnv): void {
  const h = HANDLERS.get(t.s.top())!;
  if (h.legacy !== undefined) throw new Error('endHandler: a legacy try (legacy-exception.ts)');
  const f = t.f;
  const e = leaveBody(t, h);
  for (const c of h.catches) {
    const target = t.s.frameAt(c.label + 1);
    if (c.tag === undefined) {
      catchTo(t, c, target, e);
      break;
    }
    const match = f.newBlock('match');
    const next = f.newBlock('next');
    f.condBr(tagIs(t, e, c.tag), match, next);
    f.setBlock(match);
    catchTo(t, c, target, e);
    f.setBlock(next);
  }
  if (!f.isTerminated) propagate(t, h.outer, e);
}

/** A matching clause: its values (payload, exnref) to its label. */
function catchTo(t: FuncEnv, c: Catch, target: Frame, e: Value): void {
  const f = t.f;
  const values = c.tag === undefined ? [] : payload(t, e, c.tag);
  if (c.kind === 'catch_ref' || c.kind === 'catch_all_ref') {
    expose(t, e);
    values.push({ v: e, tainted: false });
  } else {
    t.cx.declare('@awsm_exn_release', 'void', ['ptr'], 'nounwind');
    f.call('void', '@awsm_exn_release', [e]);
  }
  if (target.kind === 'function') return t.ret(values);
  t.branchTo(target, values);
  f.br(t.s.labelOf(target));
}
