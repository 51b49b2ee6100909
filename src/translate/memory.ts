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
 * out-of-bounds address must stay a real address that faults, not poison. A 64-bit memory
 * (memory64) has i64 addresses and u64 offsets, whose sum may wrap: its accesses are always
 * checked, overflow-safe, whatever the mode but none (memoryAddress64).
 *
 * Modes (TranslateOptions.bounds):
 *  - guard (default): no check. The runtime reserves 4 GiB + the largest offset + guard
 *    (8 GiB in all) per memory and only the live pages are accessible, so any ea + width
 *    lands in the reservation and an out-of-bounds access faults; the signal handler turns
 *    the fault into the "out of bounds memory access" trap. The base never moves: it is loaded
 *    once per function and memory (function.ts) as an invariant.
 *  - explicit: trap unless ea + width <= ctx->memories[N]->size. The size is reloaded at every
 *    access (memory.grow, also inside a callee, changes it; TBAA lets LLVM merge the reloads
 *    between calls) and so is the base (an explicit-mode runtime may move memory on growth).
 *  - none: no check and no guard assumption: UNSAFE, an out-of-bounds access is undefined
 *    behaviour. For measuring the cost of the checks only. The base is reloaded as in explicit.
 *
 * Memory N (Wasm 3.0 multiple memories; the memarg's or immediate's index) has its own object
 * ctx->memories[N] with its own base and size; memory 0's base is also cached in
 * ctx->mem0_base, so single-memory code is unchanged. A memory of 1-byte pages or 64-bit
 * addresses is checked as in explicit mode in guard mode too (env.ts, memoryOf).
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
import { i32, i64, type MemOpts, type Value } from '../llvm/builder.js';
import { llvmType, TrapKind } from './abi.js';
import { memoryOf, type AddrType } from './env.js';
import type { FuncEnv } from './func-env.js';
import { fieldPtr, memoryObj } from './instance.js';

export function emitMemory(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const name = ins.op.name;
  if (ins.op.imm === 'memarg') return name.includes('.load') ? load(t, ins) : store(t, ins);
  const fidx = i32(t.funcidx);
  const is64 = (memidx: number): boolean => memoryOf(t.cx, memidx).addrType === 'i64';
  // A 64-bit memory's bulk operations call the helpers' 64-bit variants, every address and
  // length operand widened (an i32 one, of a 32-bit memory on the other side, zero-extended).
  const wide = (v: Value): Value => (v.ty === 'i64' ? v : f.zext(v, 'i64'));
  switch (name) {
    // %m = ctx->memories[N]; %pages = load i64, ptr <m+16>; %r = trunc i64 %pages to i32 (32-bit memories)
    // (a shared memory: load atomic i64, ptr <m+16> acquire, align 8)
    case 'memory.size': {
      const memidx = ins.idx ?? 0;
      const pages = f.load('i64', fieldPtr(f, memoryObj(t.cx, f, t.ctx, memidx), t.cx.abi.memObj.pages), sizeLoad(t, memidx));
      return t.s.push(is64(memidx) ? pages : f.trunc(pages, 'i32'));
    }
    // %r = call i32 @awsm_memory_grow(ptr %ctx, i32 N, i32 %delta)     ; i64 and @awsm_memory_grow64 when 64-bit
    case 'memory.grow': {
      const memidx = ins.idx ?? 0;
      const [sym, ty] = is64(memidx) ? ['@awsm_memory_grow64', 'i64'] : ['@awsm_memory_grow', 'i32'];
      return t.s.push(t.callRuntime(sym, ty, [i32(memidx), t.s.pop().v])!);
    }
    // call void @awsm_memory_init(ptr %ctx, i32 mem, i32 data, i32 %d, i32 %s, i32 %n, i32 funcidx)
    case 'memory.init': {
      const [d, s, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      const sym = is64(ins.idx2!) ? '@awsm_memory_init64' : '@awsm_memory_init';
      t.callRuntime(sym, 'void', [i32(ins.idx2!), i32(ins.idx!), d, s, n, fidx]);
      return;
    }
    case 'data.drop':
      t.callRuntime('@awsm_data_drop', 'void', [i32(ins.idx!)]);
      return;
    // call void @awsm_memory_copy(ptr %ctx, i32 dst, i32 src, i32 %d, i32 %s, i32 %n, i32 funcidx)
    case 'memory.copy': {
      const [d, s, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      if (is64(ins.idx!) || is64(ins.idx2!)) {
        t.callRuntime('@awsm_memory_copy64', 'void', [i32(ins.idx!), i32(ins.idx2!), wide(d), wide(s), wide(n), fidx]);
      } else {
        t.callRuntime('@awsm_memory_copy', 'void', [i32(ins.idx!), i32(ins.idx2!), d, s, n, fidx]);
      }
      return;
    }
    // call void @awsm_memory_fill(ptr %ctx, i32 mem, i32 %d, i32 %val, i32 %n, i32 funcidx)
    case 'memory.fill': {
      const [d, v, n] = t.s.popn(3).map((o) => o.v) as [Value, Value, Value];
      const sym = is64(ins.idx ?? 0) ? '@awsm_memory_fill64' : '@awsm_memory_fill';
      t.callRuntime(sym, 'void', [i32(ins.idx ?? 0), d, v, n, fidx]);
      return;
    }
  }
  throw new CompileError(`memory instruction ${name} is not supported`);
}

/**
 * How an access is kept inside its memory:
 *  - guard, explicit, none: the module's bounds mode (TranslateOptions.bounds; header above);
 *  - proven: checks before the code ran proved the access in bounds (the fast copy of a
 *    versioned loop, versioning.ts): `ptr` is its address, `md` its alias-scope metadata,
 *    `pred` (in a flattened `if` arm) the condition under which a store takes effect.
 */
export type BoundsStrategy =
  | { kind: 'guard' | 'explicit' | 'none' }
  | { kind: 'proven'; ptr: Value; md: string; pred?: Value };

/**
 * One linear-memory access, as memoryAddress takes it: which memory, how its addresses are
 * typed (i32; i64 with memory64), and the bounds strategy. Multi-memory and memory64 enter
 * through the environment (env.ts, memoryOf), not through the families: they all address
 * memory through this one path.
 */
export interface MemAccess {
  /** The memory index (0 in Wasm 2.0). */
  memidx: number;
  addrType: AddrType;
  bounds: BoundsStrategy;
}

/**
 * The access of memory `memidx` (0 in Wasm 2.0) at a Wasm address, with its bounds mode, or
 * (load or store `ins` in a versioned loop's fast copy) the address the loop's checks proved
 * in bounds.
 */
export function accessOf(t: FuncEnv, ins?: Instr, memidx = 0): MemAccess {
  const mem = memoryOf(t.cx, memidx);
  const fast = ins === undefined ? undefined : t.proven?.address(ins);
  const bounds: BoundsStrategy = fast === undefined ? { kind: mem.bounds } : { kind: 'proven', ...fast };
  return { memidx, addrType: mem.addrType, bounds };
}

/**
 * memidx's current size in bytes (explicit mode, and a versioned loop's checks).
 *
 *   %m   = ctx->memories[memidx]                   ; invariant loads
 *   %sz  = load i64, ptr <m+8>, !tbaa !ctx         ; not invariant: memory grows
 *   %sz  = load atomic i64, ptr <m+8> acquire, align 8, !tbaa !ctx    ; a shared memory
 */
export function memorySize(t: FuncEnv, memidx: number): Value {
  const f = t.f;
  const mem = memoryObj(t.cx, f, t.ctx, memidx);
  return f.load('i64', fieldPtr(f, mem, t.cx.abi.memObj.size), sizeLoad(t, memidx));
}

/**
 * How a memory's size or page count is loaded: a shared memory's with acquire ordering, which
 * pairs with the runtime's release store after growing (runtime/src/memory.c), so a thread
 * that sees the new size also sees the new pages accessible.
 */
function sizeLoad(t: FuncEnv, memidx: number): MemOpts {
  const md = t.cx.tbaaMd.ctx;
  return memoryOf(t.cx, memidx).shared ? { md, align: 8, ordering: 'acquire' } : { md };
}

/**
 * Memory `memidx`'s base as an invariant load, once in the entry block of a function that
 * accesses it in guard mode, where the base never moves (function.ts keeps it in
 * FuncEnv.memBases). Memory 0's is cached in the context; another's is in its object.
 *
 *   %base = load ptr, ptr %ctx, !invariant.load !0             ; ctx->mem0_base
 *   %m    = ctx->memories[N]                                   ; N > 0: invariant loads
 *   %base = load ptr, ptr %m, !invariant.load !0               ;        m->base
 */
export function invariantBase(t: Pick<FuncEnv, 'f' | 'ctx' | 'cx'>, memidx: number): Value {
  return loadBase(t, memidx, t.cx.invariantCtx);
}

/**
 * Memory memidx's base, loaded with metadata `md` (invariant, or TBAA when memory may move).
 * Memory 0's comes from ctx->mem0_base, except on 32-bit targets, where growth may move a
 * memory that other instances share (runtime/src/memory.c): there every base is its object's.
 */
function loadBase(t: Pick<FuncEnv, 'f' | 'ctx' | 'cx'>, memidx: number, md: string): Value {
  const inCtx = memidx === 0 && t.cx.abi.pointerSize === 8;
  const obj = inCtx ? fieldPtr(t.f, t.ctx, t.cx.abi.ctx.mem0Base) : fieldPtr(t.f, memoryObj(t.cx, t.f, t.ctx, memidx), t.cx.abi.memObj.base);
  return t.f.load('ptr', obj, { md });
}

/**
 * memidx's base: in guard mode the function's invariant load (function.ts), otherwise
 * reloaded (an explicit-mode runtime may move memory on growth).
 *
 *   %base = load ptr, ptr %ctx, !tbaa !ctx          ; ctx->mem0_base (memory N > 0: m->base)
 */
export function memoryBase(t: FuncEnv, memidx: number): Value {
  const mem = memoryOf(t.cx, memidx);
  const fixed = mem.fixedBase ? t.memBases.get(memidx) : undefined;
  return fixed ?? loadBase(t, memidx, t.cx.tbaaMd.ctx);
}

/**
 * The one path of every linear-memory access (scalar, SIMD, and a versioned loop's fast
 * copy): the pointer for `width` bytes at `addr` + `offset` under `access`'s bounds strategy.
 *
 * proven: the given pointer, nothing emitted. Otherwise:
 *   %ea  = zext i32 %addr to i64
 *   %ea2 = add nuw i64 %ea, <offset>               ; when offset ≠ 0
 * explicit mode only:
 *   %end = add nuw i64 %ea2, <width>
 *   %sz  = memorySize
 *   %oob = icmp ugt i64 %end, %sz
 *   br i1 %oob, label %trap.2.N, label %okM, !prof !1
 * then:
 *   %p   = getelementptr i8, ptr %base, i64 %ea2   ; never inbounds
 * and for a `store` of width > 1 in guard mode on a target where stores may tear
 * (storesMayTear: not x86-64):
 *   %q   = getelementptr i8, ptr %p, i64 <width - 1>
 *   %x   = load volatile i8, ptr %q, align 1, !tbaa !memory   ; faults first if it straddles the end
 */
export function memoryAddress(t: FuncEnv, access: MemAccess, addr: Value, offset: number, width: number, store = false): Value {
  const { bounds, memidx } = access;
  if (bounds.kind === 'proven') return bounds.ptr;
  if (access.addrType === 'i64') return memoryAddress64(t, access, addr, offset, width);
  const lean = t.cx.opts.quick && bounds.kind !== 'explicit' && !(store && storesMayTear(t.cx.opts.triple));
  const f = t.f;
  if (lean) return leanAddress(t, memidx, addr, offset);
  let ea = f.zext(addr, 'i64');
  if (offset !== 0) ea = f.add(ea, i64(offset), 'nuw');
  if (bounds.kind === 'explicit') {
    const end = f.add(ea, i64(width), 'nuw');
    t.trapIf(f.icmp('ugt', end, memorySize(t, memidx)), TrapKind.MemoryOutOfBounds);
  }
  // The caller emits the access right after this: code after it may rely on `addr` being
  // small (no-wrap.ts predicts where).
  const p = f.gep('i8', memoryBase(t, memidx), [ea]);
  if (store && bounds.kind === 'guard' && width > 1 && storesMayTear(t.cx.opts.triple)) {
    // Its last byte first: a store straddling the end then faults before writing anything.
    f.load('i8', f.gep('i8', p, [i64(width - 1)]), { align: 1, volatile: true, md: `!tbaa ${t.cx.tbaa.memory}` });
  }
  return p;
}

/**
 * memoryAddress in the quick tier's IR (LLVM -O0) for a 32-bit memory in guard or none mode:
 * the offset as a second GEP index, not an `add` of its own (one line less for clang to parse).
 *
 *   %ea = zext i32 %addr to i64
 *   %p  = getelementptr [1 x i8], ptr %base, i64 %ea, i64 <offset>   ; never inbounds
 *
 * The GEP's second index counts elements of [1 x i8] beyond its one: base + ea + offset,
 * which x86 instruction selection folds into the access's addressing mode.
 */
function leanAddress(t: FuncEnv, memidx: number, addr: Value, offset: number): Value {
  const f = t.f;
  const ea = f.zextOnce(addr);
  const base = memoryBase(t, memidx);
  return offset === 0 ? f.gep('i8', base, [ea]) : f.gep('[1 x i8]', base, [ea, i64(offset)]);
}

/**
 * Whether a store that straddles the end of a guard-mode memory may write its in-bounds bytes
 * before it faults on the guard page: implementation-defined on AArch64 (a misaligned store
 * may be split) and RISC-V (a misaligned store may be emulated byte by byte by the kernel),
 * never on x86-64. The spec allows no partial write, so on those targets memoryAddress probes
 * the store's last byte with a volatile load first (docs/abi.md, "Targets").
 */
function storesMayTear(triple: string): boolean {
  return !triple.startsWith('x86_64');
}

/** The largest u64, which bounds every memarg offset (a number, inexact above 2^53). */
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * memoryAddress for a 64-bit memory (memory64): `addr` is an i64, `ea = addr + offset` may
 * overflow 64 bits, and no guard region can cover the address space, so the access is
 * checked whatever the bounds mode but `none` (env.ts makes guard mode explicit for it):
 *
 *   %r   = call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %addr, i64 <offset + width>)
 *   %end = extractvalue { i64, i1 } %r, 0
 *   %ov  = extractvalue { i64, i1 } %r, 1             ; ea + width wrapped: out of bounds
 *   %big = icmp ugt i64 %end, %sz                     ; %sz = memorySize
 *   %oob = or i1 %ov, %big
 *   br i1 %oob, label %trap.2.N, label %okM, !prof !1
 *   %ea  = add nuw i64 %addr, <offset>                ; cannot wrap once the check passed
 *   %p   = getelementptr i8, ptr %base, i64 %ea       ; never inbounds
 *
 * `offset + width` is clamped to 2^64 - 1: an offset that large (or inexact, above 2^53) is
 * beyond any memory the host allows (at most 4 GiB), and with the clamp the check still fails
 * for every address. The ea add then only runs with an exact offset.
 */
function memoryAddress64(t: FuncEnv, access: MemAccess, addr: Value, offset: number, width: number): Value {
  const f = t.f;
  if (access.bounds.kind === 'none') return f.gep('i8', memoryBase(t, access.memidx), [f.add(addr, i64(offset))]);
  const reach = BigInt(offset) + BigInt(width);
  t.cx.declare('@llvm.uadd.with.overflow.i64', '{ i64, i1 }', ['i64', 'i64']);
  const r = f.call('{ i64, i1 }', '@llvm.uadd.with.overflow.i64', [addr, i64(reach > U64_MAX ? U64_MAX : reach)])!;
  const end = f.extractvalue(r, 0, 'i64');
  const wrapped = f.extractvalue(r, 1, 'i1');
  t.trapIf(f.or(wrapped, f.icmp('ugt', end, memorySize(t, access.memidx))), TrapKind.MemoryOutOfBounds);
  const ea = offset === 0 ? addr : f.add(addr, i64(offset), 'nuw');
  return f.gep('i8', memoryBase(t, access.memidx), [ea]);
}

/** Bytes and signedness of a load or store name: `i64.load16_s` → 2, signed. */
function accessShape(ins: Instr): { width: number; signed: boolean; type: NumType } {
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
  const { width, signed, type } = accessShape(ins);
  const ty = llvmType(type);
  const full = (type === 'i32' || type === 'f32' ? 4 : 8) === width;
  const access = accessOf(t, ins, ins.memarg!.memidx);
  const { p, o } = scalarAccess(t, ins, access, t.s.pop().v, width);
  let v = f.load(full ? ty : `i${width * 8}`, p, o);
  if (!full) v = signed ? f.sext(v, ty) : f.zext(v, ty);
  // Only a guard-mode load can fault unseen (a proven one cannot trap): keep it alive.
  t.s.push(v, access.bounds.kind === 'guard');
}

/**
 *   %w = trunc i64 %v to i16                       ; narrow stores only
 *   store i16 %w, ptr %p, align 1, !tbaa !memory
 */
function store(t: FuncEnv, ins: Instr): void {
  const f = t.f;
  const { width } = accessShape(ins);
  const v = t.s.pop().v;
  const access = accessOf(t, ins, ins.memarg!.memidx);
  const { p, o } = scalarAccess(t, ins, access, t.s.pop().v, width, true);
  const narrow = (v.ty === 'i32' || v.ty === 'float' ? 4 : 8) !== width;
  let w = narrow ? f.trunc(v, `i${width * 8}`) : v;
  // In a flattened `if` arm of a versioned loop's fast copy: store the old value back unless
  // the arm's condition holds (versioning.ts, fastSpecial).
  const pred = access.bounds.kind === 'proven' ? access.bounds.pred : undefined;
  if (pred !== undefined) w = f.select(pred, w, f.load(w.ty, p, o));
  f.store(w, p, o);
}

/**
 * The pointer of scalar access `ins` at `addr` and the options of its loads and stores: align 1,
 * TBAA plus a proven access's alias scopes, volatile when TranslateOptions.volatileAccesses.
 */
function scalarAccess(t: FuncEnv, ins: Instr, access: MemAccess, addr: Value, width: number, store = false): { p: Value; o: MemOpts } {
  const tbaa = t.cx.tbaaMd.memory;
  const p = memoryAddress(t, access, addr, ins.memarg!.offset, width, store);
  const md = access.bounds.kind === 'proven' ? `${tbaa}, ${access.bounds.md}` : tbaa;
  return { p, o: { align: 1, md, volatile: t.cx.opts.volatileAccesses } };
}
