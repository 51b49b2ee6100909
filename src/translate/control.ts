/**
 * Structured control: block, loop, if / else / end, br, br_if, br_on_null, br_on_non_null,
 * br_table, return, unreachable,
 * nop. (call and call_indirect are in call.ts.)
 *
 * Values flow to a label through the target frame's slots (allocas; function.ts): a branch
 * stores what it carries and jumps, the label loads. mem2reg turns slots into phis. A branch to
 * a loop goes to its header (carrying the loop parameters); to anything else, to its end
 * (carrying the results). A frame whose end no branch targets needs no slots and no block: its
 * fall-through results simply stay on the value stack.
 */
import { funcType, type BlockType, type Instr, type ValType } from '../binary/module.js';
import { i32, nullptr, type Value } from '../llvm/builder.js';
import { TrapKind } from './abi.js';
import type { FuncEnv } from './func-env.js';
import type { Frame } from './state.js';

/** The parameter and result types of a block type. */
export function blockSig(t: FuncEnv, bt: BlockType | undefined): { params: ValType[]; results: ValType[] } {
  if (bt === undefined || bt.kind === 'empty') return { params: [], results: [] };
  if (bt.kind === 'value') return { params: [], results: [bt.type] };
  const ft = funcType(t.cx.m, bt.typeidx);
  if (ft === undefined) throw new Error(`bad block type index ${bt.typeidx}`);
  return ft;
}

export function emitControl(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  switch (ins.op.name) {
    case 'nop':
      return;
    case 'unreachable':
      t.setUnreachable();
      return t.trap(TrapKind.Unreachable);
    case 'block': {
      const { params, results } = blockSig(t, ins.blockType);
      t.pushFrame('block', params, results);
      return;
    }
    case 'loop':
      return loop(t, ins);
    case 'if':
      return ifThen(t, ins);
    case 'else':
      return elseArm(t);
    case 'end':
      return endFrame(t);
    case 'br': {
      const frame = t.s.frameAt(ins.idx!);
      return branch(t, frame, frame.height);
    }
    case 'br_if': {
      // br i1 %c, label %target, label %contN   (carried values stored before)
      const c = condition(t, t.s.pop().v);
      const frame = t.s.frameAt(ins.idx!);
      t.branchTo(frame, t.s.peekn(t.s.labelTypes(frame).length));
      const cont = f.newBlock('cont');
      f.condBr(c, t.s.labelOf(frame), cont);
      f.setBlock(cont);
      return;
    }
    case 'br_on_null':
    case 'br_on_non_null':
      return brOnNull(t, ins.idx!, ins.op.name === 'br_on_null');
    case 'br_table':
      return brTable(t, ins);
    case 'return':
      return branch(t, t.s.ctrl[0]!, 0);
  }
  throw new Error(`emitControl: unexpected instruction ${ins.op.name}`);
}

/**
 * An unconditional branch; the operands it discards above `discardFrom` are kept alive.
 *
 *   store <carried values> into the target's slots
 *   br label %target
 * or, to the function frame (`return`, or `br` to the outermost label):
 *   ret <values>
 */
function branch(t: FuncEnv, frame: Frame, discardFrom: number): void {
  const n = t.s.labelTypes(frame).length;
  const carried = t.s.peekn(n);
  t.setUnreachable(discardFrom, n);
  if (frame.kind === 'function') return t.ret(carried);
  t.branchTo(frame, carried);
  t.f.br(t.s.labelOf(frame));
}

/**
 * br_on_null L / br_on_non_null L: br_if on the reference's nullness. br_on_null carries the
 * operands below the reference and keeps the reference (not null) on the stack when it goes
 * on; br_on_non_null carries them and the reference, and drops it when it goes on.
 *
 *   %c = icmp eq ptr %r, null              ; `ne` for br_on_non_null
 *   store <carried values> into the target's slots
 *   br i1 %c, label %target, label %contN
 * contN:
 */
function brOnNull(t: FuncEnv, label: number, onNull: boolean): void {
  const f = t.f;
  const r = t.s.pop();
  const c = f.icmp(onNull ? 'eq' : 'ne', r.v, nullptr);
  const frame = t.s.frameAt(label);
  const n = t.s.labelTypes(frame).length;
  t.branchTo(frame, onNull ? t.s.peekn(n) : [...t.s.peekn(n - 1), r]);
  const cont = f.newBlock('cont');
  f.condBr(c, t.s.labelOf(frame), cont);
  f.setBlock(cont);
  if (onNull) t.s.push(r.v, r.tainted);
}

/**
 *   store <params> into the loop's slots
 *   br label %loopN
 * loopN:
 *   %p = load <param slots>
 */
function loop(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const { params, results } = blockSig(t, ins.blockType);
  const frame = t.pushFrame('loop', params, results);
  // The back edge may bring other values for the locals the loop sets (local-values.ts).
  t.localValues.loopHeader(t.loopWrites.get(ins) ?? null);
  frame.headerLabel = f.newBlock('loop');
  if (params.length > 0) t.branchTo(frame, t.s.popn(params.length));
  f.setBlock(frame.headerLabel);
  t.loadSlots(frame);
}

/**
 * The i1 a branch on the i32 `v` tests: `icmp ne i32 v, 0`; in IR for -O0, when `v` is a
 * comparison's result just computed (`zext i1 %c`), `%c` itself (FunctionBuilder.truthy), so
 * that the branch takes 2 instructions (cmp, jcc) instead of 5 (set, and, movzx, cmp, jcc).
 * The optimising tier's InstCombine makes the same of either form.
 */
function condition(t: FuncEnv, v: Value): Value {
  return t.cx.opts.quick ? t.f.truthy(v) : t.f.icmp('ne', v, i32(0));
}

/**
 *   %c = icmp ne i32 %cond, 0
 *   br i1 %c, label %thenN, label %elseM
 * thenN:
 */
function ifThen(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const c = condition(t, t.s.pop().v);
  const { params, results } = blockSig(t, ins.blockType);
  const frame = t.pushFrame('if', params, results);
  frame.ifParams = t.s.peekn(params.length);
  frame.elseLabel = f.newBlock('else');
  const then = f.newBlock('then');
  f.condBr(c, then, frame.elseLabel);
  f.setBlock(then);
}

/** End of a reachable arm: its results go to the frame's end. */
function fallToEnd(t: FuncEnv, frame: Frame): void {
  t.branchTo(frame, t.s.popn(frame.results.length));
  t.f.br(frame.endLabel);
}

/**
 * `else`, reached (t.s.unreachable false) or not at the end of the then arm.
 *
 *   <then results stored>; br label %endN
 * elseM:                                  ; the if's parameters are pushed again
 */
export function elseArm(t: FuncEnv): void {
  const frame = t.s.top();
  if (frame.kind !== 'if' || frame.elseSeen) throw new Error('else without if');
  if (!t.s.unreachable) fallToEnd(t, frame);
  t.localValues.forget();
  frame.elseSeen = true;
  t.f.setBlock(frame.elseLabel!);
  t.s.resetTo(frame.height, frame.ifParams);
  t.s.unreachable = false;
}

/**
 * `end` of the innermost frame, reached (t.s.unreachable false) or not.
 *
 * An `if` without `else` gets its else arm here: the parameters pass through to the end. A
 * frame that something branched to continues at its end block, loading its slots; otherwise
 * the fall-through values stay on the stack (or, with no fall-through, the code after `end`
 * is unreachable too). The function frame returns.
 *
 *   <results stored>; br label %endN
 * endN:
 *   %r = load <result slots>
 */
export function endFrame(t: FuncEnv): void {
  const f = t.f;
  const frame = t.s.top();
  if (frame.kind === 'if' && !frame.elseSeen) {
    if (!t.s.unreachable) fallToEnd(t, frame);
    f.setBlock(frame.elseLabel!);
    t.branchTo(frame, frame.ifParams);
    f.br(frame.endLabel);
    t.s.unreachable = true;
  }
  t.s.closeFrame();
  // Paths merge after an `if` and after a block something branched to; a loop's end (and an
  // unbranched block's) is reached only by falling through, which keeps what it learnt.
  const joined = frame.kind !== 'loop' && frame.branched;
  if (frame.kind === 'if' || joined) t.localValues.forget();
  if (joined) {
    if (!t.s.unreachable) fallToEnd(t, frame);
    f.setBlock(frame.endLabel);
    t.s.resetTo(frame.height);
    t.loadSlots(frame);
    t.s.unreachable = false;
  } else if (t.s.unreachable) {
    t.s.resetTo(frame.height);
  }
  if (frame.kind === 'function' && !t.s.unreachable) t.ret(t.s.popn(frame.results.length));
}

/**
 *   <carried values stored into every distinct target's slots>
 *   switch i32 %i, label %default [ i32 0, label %a  i32 1, label %b … ]
 */
function brTable(t: FuncEnv, ins: Instr): void {
  const idx = t.s.pop().v;
  const dflt = t.s.frameAt(ins.idx!);
  const targets = (ins.labels ?? []).map((l) => t.s.frameAt(l));
  const n = t.s.labelTypes(dflt).length;
  const carried = t.s.peekn(n);
  for (const frame of new Set([dflt, ...targets])) t.branchTo(frame, carried);
  const dfltLabel = t.s.labelOf(dflt);
  const cases: Array<[number, string]> = [];
  targets.forEach((frame, i) => {
    const l = t.s.labelOf(frame);
    if (l !== dfltLabel) cases.push([i, l]);
  });
  // A loop, not Math.min(...spread): a table may have more labels than a call has arguments.
  let height = dflt.height;
  for (const fr of targets) height = Math.min(height, fr.height);
  t.setUnreachable(height, n);
  if (cases.length === 0) t.f.br(dfltLabel);
  else t.f.switch(idx, dfltLabel, cases);
}
