/**
 * Variable instructions (local.get/set/tee, global.get/set) and the parametric ones (drop,
 * select, typed select).
 *
 * Locals are allocas (function.ts); mem2reg/SROA turn them into SSA values. A global is a
 * 16-byte cell (awsm_value) reached through ctx->globals[i]; its value is loaded and stored
 * with its own LLVM type. Immutable globals never change once the init function has run, so
 * their loads in function bodies are invariant.
 *
 * `drop`, and a `local.set` into a local nothing reads, are where a load-derived (tainted)
 * value dies: they keep it alive (memory.ts explains why).
 */
import type { Instr } from '../binary/module.js';
import { i32 } from '../llvm/builder.js';
import { cellAlign, llvmType } from './abi.js';
import type { FuncEnv } from './func-env.js';
import type { Operand } from './state.js';
import { globalCell } from './instance.js';

export function emitVariable(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const idx = ins.idx!;
  switch (ins.op.name) {
    // %v = load i32, ptr %l3
    // (or the value last stored, when no merge has intervened: local-values.ts)
    case 'local.get': {
      let v = t.localValues.get(idx);
      if (v === undefined) t.localValues.set(idx, (v = f.load(llvmType(t.localTypes[idx]!), t.locals[idx]!)));
      return t.s.push(v, t.s.localTaint[idx]);
    }
    // store i32 %v, ptr %l3   (+ keep-alive of a tainted value when the local is never read)
    case 'local.set':
    case 'local.tee': {
      const o = ins.op.name === 'local.set' ? t.s.pop() : t.s.peekn(1)[0]!;
      // A load-derived value's store stays (the quick tier drops unread stores: dead-stores.ts).
      f.storeLocal(o.v, t.locals[idx]!, !o.tainted);
      t.localValues.set(idx, o.v);
      if (o.tainted) {
        t.s.localTaint[idx] = true;
        // A tee'd value stays on the stack with its taint; whoever consumes it decides.
        if (ins.op.name === 'local.set' && !t.readLocals.has(idx)) t.keepAlive(o);
      }
      return;
    }
    // %cell = ctx->globals[i]; %v = load i32, ptr %cell, !tbaa !global [, !invariant.load !0]
    case 'global.get': {
      const g = t.cx.globals[idx]!;
      const cell = globalCell(t.cx, f, t.ctx, idx);
      const md = g.mutable ? t.cx.tbaaMd.global : `${t.cx.tbaaMd.global}, !invariant.load ${t.cx.mdEmpty}`;
      return t.s.push(f.load(llvmType(g.type), cell, { md, align: cellAlign(g.type) }));
    }
    // store i32 %v, ptr %cell, !tbaa !global
    case 'global.set': {
      const o = t.s.pop();
      const align = cellAlign(t.cx.globals[idx]!.type);
      f.store(o.v, globalCell(t.cx, f, t.ctx, idx), { md: t.cx.tbaaMd.global, align, volatile: t.cx.opts.volatileAccesses });
      return;
    }
    case 'drop':
      return t.keepAlive(t.s.pop());
    // %c = icmp ne i32 %cond, 0;  %r = select i1 %c, i32 %a, i32 %b
    case 'select': {
      const [a, b, c] = t.s.popn(3) as [Operand, Operand, Operand];
      return t.s.push(f.select(f.icmp('ne', c.v, i32(0)), a.v, b.v), a.tainted || b.tainted || c.tainted);
    }
  }
  throw new Error(`emitVariable: unexpected instruction ${ins.op.name}`);
}
