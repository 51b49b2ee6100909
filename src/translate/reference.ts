/**
 * Reference instructions. funcref and externref are both `ptr` in IR: a funcref points to an
 * `awsm_func`, an externref is the host's opaque pointer; null is `null`. A typed reference is
 * its top's (a `(ref $t)` is a funcref: docs/abi.md).
 */
import type { Instr } from '../binary/module.js';
import { nullptr } from '../llvm/builder.js';
import { TrapKind } from './abi.js';
import { calleeOf } from './env.js';
import type { FuncEnv } from './func-env.js';
import { funcObj } from './instance.js';

export function emitReference(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  switch (ins.op.name) {
    // null
    case 'ref.null':
      return t.s.push(nullptr);
    // %c = icmp eq ptr %r, null; %r = zext i1 %c to i32
    case 'ref.is_null': {
      const o = t.s.pop();
      return t.s.push(f.zext(f.icmp('eq', o.v, nullptr), 'i32'), o.tainted);
    }
    // %c = icmp eq ptr %r, null → trap "null reference"; %r stays on the stack
    case 'ref.as_non_null': {
      const o = t.s.pop();
      t.trapIf(f.icmp('eq', o.v, nullptr), TrapKind.NullRef);
      return t.s.push(o.v, o.tainted);
    }
    // ctx->funcs[i], the function object (env.ts; invariant loads)
    case 'ref.func':
      return t.s.push(funcObj(t.cx, f, t.ctx, calleeOf(t.cx, ins.idx!).obj));
  }
  throw new Error(`emitReference: unexpected instruction ${ins.op.name}`);
}
