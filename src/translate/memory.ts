/**
 * Memory instructions: loads, stores, memory.size / memory.grow, and the bulk-memory ones
 * (memory.init / copy / fill, data.drop), which call runtime helpers.
 *
 * ╔═══════════════════════════════════════════════════════════════════════════════════════╗
 * ║ SAFETY-CRITICAL: this file decides whether a Wasm program can touch memory outside its ║
 * ║ sandbox. Changes need extra review: the address arithmetic, the bounds-check modes,    ║
 * ║ and the dead-load keep-alive below. docs/abi.md ("Memory") has the full argument.      ║
 * ╚═══════════════════════════════════════════════════════════════════════════════════════╝
 *
 * Effective address: ea = zext(i32 addr) + memarg.offset, computed in 64 bits, so it never
 * wraps (at most 2^33 - 2); pointer = getelementptr i8, base, ea. Never `inbounds`: an
 * out-of-bounds address must stay a real address that faults, not poison.
 *
 * Modes (TranslateOptions.bounds):
 *  - guard (default): no check. The runtime reserves 4 GiB + the largest offset + guard
 *    (8 GiB in all) per memory and only the live pages are accessible, so any ea + width
 *    lands in the reservation and an out-of-bounds access faults; the signal handler turns
 *    the fault into the "out of bounds memory access" trap. The base never moves: it is loaded
 *    once per function (function.ts) as an invariant.
 *  - explicit: trap unless ea + width <= ctx->memories[0]->size. The size is reloaded at every
 *    access (memory.grow, also inside a callee, changes it; TBAA lets LLVM merge the reloads
 *    between calls) and so is the base (an explicit-mode runtime may move memory on growth).
 *  - none: no check and no guard assumption: UNSAFE, an out-of-bounds access is undefined
 *    behaviour. For measuring the cost of the checks only. The base is reloaded as in explicit.
 *
 * Dead loads (guard mode): LLVM deletes a load whose value is unused, and the trap it should
 * raise goes with it (`(drop (i32.load (i32.const -1)))` must trap). Every loaded value is
 * pushed "tainted"; the taint follows the value through any instruction that consumes it, and
 * where a tainted value dies unused (drop, a local.set into a never-read local, operands
 * discarded by a branch) `call void asm sideeffect "", "r"(v)` keeps the load. Remaining gap,
 * documented in docs/abi.md: LLVM may still sink a load into the only path that uses it, or
 * fold it away arithmetically (`x * 0`). Explicit mode has no such gap: its check does not
 * depend on the loaded value. TranslateOptions.volatileAccesses (test tools only) makes every
 * access here and in simd-mem.ts, and global.set, volatile, which closes the gap (no access is
 * deleted, moved or reordered against a store): tests/diff/diff.ts excuses a guard-mode
 * difference from V8 only when that build (and explicit mode) agrees with V8.
 */
import type { Instr, NumType } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { i32, i64, type Value } from '../llvm/builder.js';
import { Ctx, llvmType, MemObj, TrapKind } from './abi.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, memoryObj } from './instance.js';

export function emitMemory(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const name = ins.op.name;
  if (ins.op.imm === 'memarg') return name.includes('.load') ? load(t, ins) : store(t, ins);
  const fidx = i32(t.funcidx);
  switch (name) {
    // %m = ctx->memories[0]; %pages = load i64, ptr <m+16>; %r = trunc i64 %pages to i32
    case 'memory.size': {
      const pages = f.load('i64', fieldPtr(f, memoryObj(t.cx, f, t.ctx, ins.idx ?? 0), MemObj.pages), {
        md: `!tbaa ${t.cx.tbaa.ctx}`,
      });
      return t.s.push(f.trunc(pages, 'i32'));
    }
    // %r = call i32 @awsm_memory_grow(ptr %ctx, i32 0, i32 %delta)
    case 'memory.grow':
      return t.s.push(t.callRuntime('@awsm_memory_grow', 'i32', [i32(ins.idx ?? 0), t.s.pop().v])!);
    // call void @awsm_memory_init(ptr %ctx, i32 mem, i32 data, i32 %d, i32 %s, i32 %n, i32 funcidx)
    case 'memory.init': {
      const [d, s, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      t.callRuntime('@awsm_memory_init', 'void', [i32(ins.idx2!), i32(ins.idx!), d, s, n, fidx]);
      return;
    }
    case 'data.drop':
      t.callRuntime('@awsm_data_drop', 'void', [i32(ins.idx!)]);
      return;
    // call void @awsm_memory_copy(ptr %ctx, i32 dst, i32 src, i32 %d, i32 %s, i32 %n, i32 funcidx)
    case 'memory.copy': {
      const [d, s, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      t.callRuntime('@awsm_memory_copy', 'void', [i32(ins.idx!), i32(ins.idx2!), d, s, n, fidx]);
      return;
    }
    // call void @awsm_memory_fill(ptr %ctx, i32 mem, i32 %d, i32 %val, i32 %n, i32 funcidx)
    case 'memory.fill': {
      const [d, v, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      t.callRuntime('@awsm_memory_fill', 'void', [i32(ins.idx ?? 0), d, v, n, fidx]);
      return;
    }
  }
  throw new CompileError(`memory instruction ${name} is not supported`);
}

/**
 * The address of an access of `width` bytes at `addr` + `offset`.
 *
 *   %ea  = zext i32 %addr to i64
 *   %ea2 = add nuw i64 %ea, <offset>               ; when offset ≠ 0
 * explicit mode only:
 *   %end = add nuw i64 %ea2, <width>
 *   %m   = ctx->memories[0]                        ; invariant loads
 *   %sz  = load i64, ptr <m+8>, !tbaa !ctx         ; not invariant: memory grows
 *   %oob = icmp ugt i64 %end, %sz
 *   br i1 %oob, label %trap.2.N, label %okM, !prof !1
 * then:
 *   %p   = getelementptr i8, ptr %base, i64 %ea2   ; never inbounds
 */
export function memoryAddress(t: FuncEnv, addr: Value, offset: number, width: number): Value {
  const f = t.f;
  let ea = f.zext(addr, 'i64');
  if (offset !== 0) ea = f.add(ea, i64(offset), 'nuw');
  const mode = t.cx.opts.bounds;
  if (mode === 'explicit') {
    const end = f.add(ea, i64(width), 'nuw');
    const mem = memoryObj(t.cx, f, t.ctx, 0);
    const size = f.load('i64', fieldPtr(f, mem, MemObj.size), { md: `!tbaa ${t.cx.tbaa.ctx}` });
    t.trapIf(f.icmp('ugt', end, size), TrapKind.MemoryOutOfBounds);
  }
  const base =
    t.memBase ?? f.load('ptr', fieldPtr(f, t.ctx, Ctx.mem0Base), { md: `!tbaa ${t.cx.tbaa.ctx}` });
  // The caller emits the access right after this: code after it may rely on `addr` being
  // small (facts.ts).
  t.facts.noteAccess(addr);
  return f.gep('i8', base, [ea]);
}

/** Bytes and signedness of a load or store name: `i64.load16_s` → 2, signed. */
function accessOf(ins: Instr): { width: number; signed: boolean; type: NumType } {
  const width = ins.op.memBytes;
  if (width === undefined) throw new Error(`${ins.op.name}: no access width`);
  return { width, signed: ins.op.name.endsWith('_s'), type: ins.op.name.slice(0, 3) as NumType };
}

/**
 *   %v = load i16, ptr %p, align 1, !tbaa !memory
 *   %r = sext i16 %v to i64                        ; narrow loads only
 */
function load(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const { width, signed, type } = accessOf(ins);
  const ty = llvmType(type);
  const full = (type === 'i32' || type === 'f32' ? 4 : 8) === width;
  const { p, md } = accessAddress(t, ins, t.s.pop().v, width);
  let v = f.load(full ? ty : `i${width * 8}`, p, { align: 1, md, volatile: t.cx.opts.volatileAccesses });
  if (!full) v = signed ? f.sext(v, ty) : f.zext(v, ty);
  // In a versioned loop's fast copy the access is proven in bounds: it cannot trap.
  t.s.push(v, t.cx.opts.bounds === 'guard' && t.proven === undefined);
}

/**
 *   %w = trunc i64 %v to i16                       ; narrow stores only
 *   store i16 %w, ptr %p, align 1, !tbaa !memory
 */
function store(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const { width } = accessOf(ins);
  const v = t.s.pop().v;
  const { p, md } = accessAddress(t, ins, t.s.pop().v, width);
  const narrow = (v.ty === 'i32' || v.ty === 'float' ? 4 : 8) !== width;
  let w = narrow ? f.trunc(v, `i${width * 8}`) : v;
  // In a flattened `if` arm of a versioned loop's fast copy: store the old value back unless
  // the arm's condition holds (versioning.ts, fastSpecial).
  const pred = t.proven?.pred;
  if (pred !== undefined) w = f.select(pred, w, f.load(w.ty, p, { align: 1, md, volatile: t.cx.opts.volatileAccesses }));
  f.store(w, p, { align: 1, md, volatile: t.cx.opts.volatileAccesses });
}

/**
 * The pointer and metadata of scalar access `ins` at `addr`: memoryAddress's, or in the fast
 * copy of a versioned loop the 64-bit affine address the loop's checks proved in bounds, with
 * the access group's alias scopes (versioning.ts).
 */
function accessAddress(t: FuncEnv, ins: Instr, addr: Value, width: number): { p: Value; md: string } {
  const tbaa = `!tbaa ${t.cx.tbaa.memory}`;
  const fast = t.proven?.address(ins);
  if (fast !== undefined) return { p: fast.ptr, md: `${tbaa}, ${fast.md}` };
  return { p: memoryAddress(t, addr, ins.memarg!.offset, width), md: tbaa };
}
