/**
 * The pre-scan: one pass over a function body before it is translated, collecting what the
 * translation needs to know ahead of the instruction it is at: which locals are ever read
 * (a dead load stored into one never read must be kept alive), whether the function calls
 * (stack-limit check) and which memories it touches (their bases are loaded once in the entry block), and per
 * `loop` the locals set inside it (local-values.ts and no-wrap.ts forget their values at the loop header).
 *
 * Emits no IR.
 */
import type { Instr } from '../binary/module.js';

/** Whole-function facts gathered before translation. */
export interface PreScan {
  /** Locals read by some `local.get`. */
  readLocals: Set<number>;
  /** The function contains call, call_indirect or call_ref (needs the stack-limit check). */
  hasCall: boolean;
  /** The memories the function's loads and stores access (each needs its base), in first-use order. */
  memories: Set<number>;
  /** Per `loop` instruction: the locals set inside it (local-values.ts), null when there are many. */
  loopWrites: Map<Instr, Set<number> | null>;
}

/** Beyond this many locals set inside a loop, the translator just forgets every local's value at its header. */
const MAX_LOOP_WRITES = 64;

/** Scan `body` (a flat instruction list, as decoded) once. */
export function preScan(body: readonly Instr[]): PreScan {
  const s: PreScan = { readLocals: new Set(), hasCall: false, memories: new Set(), loopWrites: new Map() };
  // The open constructs, innermost last: for a loop, the locals set in it so far (null when
  // too many); for a block or if, undefined. `loops` holds the open loops alone.
  type LoopRec = { ins: Instr; writes: Set<number> | null };
  const open: Array<LoopRec | undefined> = [];
  const loops: LoopRec[] = [];
  const addWrite = (to: LoopRec, l: number): void => {
    if (to.writes === null) return;
    to.writes.add(l);
    if (to.writes.size > MAX_LOOP_WRITES) to.writes = null;
  };
  for (const ins of body) {
    const name = ins.op.name;
    if (name === 'local.get') s.readLocals.add(ins.idx!);
    else if (name === 'call' || name === 'call_indirect' || name === 'call_ref') s.hasCall = true;
    else if (ins.op.imm === 'memarg' || ins.op.imm === 'memarg_lane') s.memories.add(ins.memarg!.memidx);
    else if (name === 'block' || name === 'if' || name === 'try_table' || name === 'try') open.push(undefined);
    else if (name === 'loop') {
      const rec: LoopRec = { ins, writes: new Set() };
      open.push(rec);
      loops.push(rec);
    } else if (name === 'local.set' || name === 'local.tee') {
      const inner = loops[loops.length - 1];
      if (inner !== undefined) addWrite(inner, ins.idx!);
    } else if ((name === 'end' || name === 'delegate') && open.length > 0) {
      const done = open.pop();
      if (done === undefined) continue;
      // What a loop sets is set in the loop around it too.
      loops.pop();
      s.loopWrites.set(done.ins, done.writes);
      const outer = loops[loops.length - 1];
      if (outer === undefined) continue;
      if (done.writes === null) outer.writes = null;
      else for (const l of done.writes) addWrite(outer, l);
    }
  }
  return s;
}
