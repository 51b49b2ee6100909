/**
 * Atomic instructions (threads proposal, prefix 0xFE): atomic loads, stores and
 * read-modify-writes of every width, cmpxchg, atomic.fence, memory.atomic.wait32/64 and
 * memory.atomic.notify.
 *
 * ╔═══════════════════════════════════════════════════════════════════════════════════════╗
 * ║ SAFETY-CRITICAL: every access goes through memory.ts's memoryAddress (the one path of  ║
 * ║ every linear-memory access, with its bounds modes); see the banner there.              ║
 * ╚═══════════════════════════════════════════════════════════════════════════════════════╝
 *
 * Memory model: the proposal's accesses are sequentially consistent; each maps to an LLVM
 * atomic of ordering seq_cst (`load atomic … seq_cst`, `store atomic … seq_cst`, `atomicrmw …
 * seq_cst`, `cmpxchg … seq_cst seq_cst`, `fence seq_cst`). The access's width is its natural
 * alignment (the validator requires it in the memarg, src/validate/atomic.ts) and the
 * effective address must be a multiple of it, else the instruction traps "unaligned atomic";
 * TranslateOptions.volatileAccesses (test tools) makes them volatile too, as memory.ts's;
 * as in the reference interpreter the alignment is checked before the bounds. A narrow access
 * (rmw8/16/32, load8/16/32, store8/16/32) truncates its operands to the width and
 * zero-extends its result, so a narrow cmpxchg compares with the expected value wrapped to
 * the width (as wasmtime and V8 do).
 *
 * The memory base is 64 KiB-aligned (a reservation start), so the effective address's
 * alignment is the pointer's: LLVM's `align N` on the access is a true statement once the
 * check passed. Bounds: as any access (guard pages fault in the atomic instruction itself;
 * explicit mode compares with the size, read with acquire ordering for a shared memory).
 *
 * wait and notify call the runtime (runtime/src/atomic_wait.c) with the checked pointer: the
 * wait queue is keyed by host address, which is the same for every instance sharing the
 * memory. The runtime reads the memory there (wait compares it), where a fault would not be a
 * Wasm trap: their bounds are checked explicitly in guard mode too. wait on an unshared memory traps "expected shared memory" (known at compile time,
 * after the alignment and bounds checks); notify on one finds no waiters and returns 0.
 */
import type { Instr, MemArg } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { i32, i64, type AtomicRmwOp, type Value } from '../llvm/builder.js';
import { TrapKind } from './abi.js';
import { memoryOf } from './env.js';
import type { FuncEnv } from './func-env.js';
import { memoryAddress } from './memory.js';

/** `i64.atomic.rmw16.cmpxchg_u` → width suffix '16', operation 'cmpxchg'. */
const RMW = /^i(?:32|64)\.atomic\.rmw(\d*)\.([a-z]+?)(?:_u)?$/;

export function emitAtomic(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const name = ins.op.name;
  if (name === 'atomic.fence') return f.fence();
  const sig = ins.op.sig;
  const width = ins.op.memBytes;
  const memarg = ins.memarg;
  if (sig === undefined || width === undefined || memarg === undefined) throw new CompileError(`atomic instruction ${name}: no access`);
  const ops = t.s.popn(sig.params.length).map((o) => o.v);
  // wait and notify hand the pointer to the runtime, which must not fault on it: their
  // bounds are checked explicitly in guard mode too.
  const p = atomicAddress(t, memarg, ops[0]!, width, name.startsWith('memory.atomic.'));
  const volatile = t.cx.opts.volatileAccesses;
  const o = { align: width, ordering: 'seq_cst' as const, md: `!tbaa ${t.cx.tbaa.memory}`, volatile };
  const ity = `i${width * 8}`;
  /** A value of the instruction's type narrowed to the access, and back. */
  const narrow = (v: Value): Value => (v.ty === ity ? v : f.trunc(v, ity));
  const widen = (v: Value): Value => (v.ty === sig.results[0] ? v : f.zext(v, sig.results[0]!));
  // An access's result is load-derived as a plain load's (memory.ts, dead loads): in guard mode
  // LLVM may drop an access whose result is unused (an idempotent rmw, `sub 0`, becomes a
  // fence on x86) and the fault with it.
  const loaded = (v: Value): void => t.s.push(widen(v), memoryOf(t.cx, memarg.memidx).bounds === 'guard');
  if (name.startsWith('memory.atomic.')) return t.s.push(waitOrNotify(t, ins, p, ops));
  if (name.includes('.atomic.load')) return loaded(f.load(ity, p, o));
  if (name.includes('.atomic.store')) return f.store(narrow(ops[1]!), p, o);
  const m = RMW.exec(name);
  if (m === null) throw new CompileError(`atomic instruction ${name} is not supported`);
  if (m[2] === 'cmpxchg') return loaded(f.cmpxchg(p, narrow(ops[1]!), narrow(ops[2]!), width, volatile));
  loaded(f.atomicrmw(m[2] as AtomicRmwOp, p, narrow(ops[1]!), width, volatile));
}

/**
 * The checked pointer of an atomic access of `width` bytes at `addr` + `offset`:
 *
 *   %lo  = and i32 %addr (+ offset mod width), <width - 1>    ; i64 for a 64-bit memory
 *   %bad = icmp ne i32 %lo, 0
 *   br i1 %bad, label %trap.17.N, label %okM, !prof !1
 *   …memoryAddress (bounds per mode; `checked`: explicit in guard mode too)
 */
function atomicAddress(t: FuncEnv, memarg: MemArg, addr: Value, width: number, checked: boolean): Value {
  const f = t.f;
  const { memidx, offset } = memarg;
  const mem = memoryOf(t.cx, memidx);
  if (width > 1) {
    const c = (n: number): Value => (addr.ty === 'i64' ? i64(n) : i32(n));
    // offset mod width decides with addr's low bits (an offset above 2^53, inexact as a
    // number, by its exact low bits: the alignment trap comes before the bounds one).
    const rem = (memarg.offsetLow ?? offset) % width;
    const ea = rem === 0 ? addr : f.add(addr, c(rem));
    t.trapIf(f.icmp('ne', f.and(ea, c(width - 1)), c(0)), TrapKind.UnalignedAtomic);
  }
  const kind = checked && mem.bounds === 'guard' ? 'explicit' : mem.bounds;
  return memoryAddress(t, { memidx, addrType: mem.addrType, bounds: { kind } }, addr, offset, width);
}

/**
 *   %r = call i32 @awsm_atomic_notify(ptr %ctx, ptr %p, i32 %count)
 *   %r = call i32 @awsm_atomic_wait32(ptr %ctx, ptr %p, i32 %expected, i64 %timeout_ns)   ; wait64: i64 %expected
 * and for wait on an unshared memory `br label %trap.18.N` (after the checks).
 */
function waitOrNotify(t: FuncEnv, ins: Instr, p: Value, ops: Value[]): Value {
  const name = ins.op.name;
  if (name === 'memory.atomic.notify') return t.callRuntime('@awsm_atomic_notify', 'i32', [p, ops[1]!])!;
  if (memoryOf(t.cx, ins.memarg!.memidx).shared !== true) {
    t.trapIf({ ty: 'i1', ref: 'true' }, TrapKind.ExpectedShared);
    return i32(0); // unreachable: the trap above is taken
  }
  const sym = name === 'memory.atomic.wait32' ? '@awsm_atomic_wait32' : '@awsm_atomic_wait64';
  return t.callRuntime(sym, 'i32', [p, ops[1]!, ops[2]!])!;
}
