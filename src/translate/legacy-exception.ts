/**
 * Legacy exception handling (try, catch, catch_all, delegate, rethrow: what LLVM before 19
 * emits by default), lowered to exception.ts's machinery: a `try` is a handler like a
 * try_table's (its body's calls unwind to its landing pad), whose dispatch is emitted arm by
 * arm as the catch clauses come, each arm's code following its tag test:
 *
 *   try bt … catch $a <arm a> catch_all <arm> end
 *
 *   <body: invoke … unwind label %lpad>; <results stored>; br label %end
 * lpad:  landingpad; store %e0, %exnslot; br label %catch
 * catch: %e = load %exnslot
 *        br i1 (icmp eq ptr <e+32>, ctx->tags[a]), label %match, label %next
 * match: <payload pushed; store i32 1, ptr <e+44>>  <arm a>; <results stored>; br label %end
 * next:  <arm of catch_all>; br label %end         (without catch_all: on to the enclosing
 *                                                   handler, or resume)
 *
 * Calls in the arms unwind to the enclosing handler (the try covers only its body). An arm's
 * exception stays in the try's slot for `rethrow` (nothing else writes the slot while an arm
 * runs), and is marked as handed out, so it is never freed under it (no catch frees it, and an
 * exception collection finds it in the slot: runtime/src/exception_gc.c). `delegate l` ends the
 * try: its body's exceptions go to the handler the label's block is in: the label's own try
 * when that is a try whose body encloses us, else the next handler outwards; to the caller
 * when the label is the function's.
 */
import type { Instr } from '../binary/module.js';
import { endFrame } from './control.js';
import { endArm, expose, handlerOf, leaveBody, openHandler, payload, propagate, raise, tagIs, type Handler } from './exception.js';
import type { FuncEnv } from './func-env.js';

/** The legacy instructions, dispatched here by function.ts. */
export const LEGACY = new Set(['try', 'catch', 'catch_all', 'delegate', 'rethrow']);

export function emitLegacy(t: FuncEnv, ins: Instr): void {
  switch (ins.op.name) {
    case 'try':
      return void openHandler(t, ins, true);
    case 'catch':
    case 'catch_all':
      return arm(t, ins);
    case 'delegate':
      return delegate(t, ins.idx!);
    case 'rethrow':
      return rethrow(t, ins.idx!);
  }
  throw new Error(`emitLegacy: unexpected instruction ${ins.op.name}`);
}

/** The innermost frame's handler, a legacy try's. */
function legacyTry(t: FuncEnv): Handler {
  const h = handlerOf(t.s.top());
  if (h?.legacy === undefined) throw new Error('legacy exception instruction outside a try');
  return h;
}

/**
 * `catch $x` / `catch_all`: end the body (the landing pad, the dispatch) or the previous arm,
 * continue at the previous tag test's "no match" block, test this clause's tag, and translate
 * its arm with the payload on the stack.
 */
function arm(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const h = legacyTry(t);
  const state = h.legacy!;
  const frame = t.s.top();
  let e;
  if (state.state === 'body') {
    e = leaveBody(t, h);
  } else {
    endArm(t, frame);
    if (state.noMatch === undefined) throw new Error('a catch after catch_all');
    t.localValues.forget();
    f.setBlock(state.noMatch);
    e = f.load('ptr', h.slot);
  }
  t.s.resetTo(frame.height);
  t.s.unreachable = false;
  expose(t, e);
  if (ins.op.name === 'catch_all') {
    state.state = 'catch_all';
    state.noMatch = undefined;
    return;
  }
  const match = f.newBlock('match');
  const next = f.newBlock('next');
  f.condBr(tagIs(t, e, ins.idx!), match, next);
  f.setBlock(match);
  for (const o of payload(t, e, ins.idx!)) t.s.push(o.v);
  state.state = 'catch';
  state.noMatch = next;
}

/**
 * `end` of a legacy try (the innermost frame), before control.ts's endFrame: without a
 * handler arm, the body's exceptions go on to the enclosing handler; after catch arms, those
 * no arm matched do.
 */
export function endLegacy(t: FuncEnv): void {
  const h = legacyTry(t);
  const state = h.legacy!;
  if (state.state === 'body') {
    propagate(t, h.outer, leaveBody(t, h));
    return;
  }
  endArm(t, t.s.top());
  if (state.noMatch !== undefined) {
    t.f.setBlock(state.noMatch);
    propagate(t, h.outer, t.f.load('ptr', h.slot));
  }
}

/**
 * `delegate l`: the try's end; its body's exceptions go to the handler label l's block is in
 * (l counts from outside the try): the label's own try when it is a legacy try still in its
 * body or a try_table, else the next such frame outwards; none (the function's label): out.
 */
function delegate(t: FuncEnv, l: number): void {
  const h = legacyTry(t);
  const e = leaveBody(t, h);
  let to: Handler | undefined;
  for (let depth = l + 1; depth < t.s.ctrl.length; depth++) {
    const target = handlerOf(t.s.frameAt(depth));
    if (target !== undefined && (target.legacy === undefined || target.legacy.state === 'body')) {
      to = target;
      break;
    }
  }
  propagate(t, to, e);
  endFrame(t);
}

/** `rethrow l`: raise again the exception of the handler arm at label l. */
function rethrow(t: FuncEnv, l: number): void {
  const h = handlerOf(t.s.frameAt(l));
  if (h?.legacy === undefined || h.legacy.state === 'body') throw new Error(`rethrow ${l}: not a catch arm`);
  t.setUnreachable();
  raise(t, t.f.load('ptr', h.slot));
}
