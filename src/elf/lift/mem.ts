// Lifting loads and stores (decode-mem.ts kinds) through an A64Emitter: every addressing mode,
// the general and SIMD&FP register forms, pairs, exclusives (the monitor in st->excl: a
// single-threaded guest, so STXR succeeds exactly when its address is the one LDXR marked),
// CAS and the LSE read-modify-writes. Accesses are `align 1` little-endian loads and stores of
// linear memory at the guest address (docs/elf-lifting.md "Memory").

import { EXCL_OFFSET } from '../state.js';
import { extendReg, op } from './alu.js';
import type { MemInsn } from './decode-mem.js';
import type { A64Emitter } from './emit.js';

/** The address of a single or pair access, and the base register's new value if it writes back. */
function address(e: A64Emitter, d: MemInsn & { k: 'ldst' | 'pair' }, pc: bigint): { addr: string; wb?: string } {
  if (d.mode === 'lit') return { addr: BigInt.asIntN(64, pc + d.imm).toString() };
  const base = e.x(d.rn, true);
  if (d.mode === 'reg') return { addr: op(e, `add i64 ${base}, ${extendReg(e, d.rm, d.option, d.shift)}`) };
  const moved = d.imm === 0n ? base : op(e, `add i64 ${base}, ${d.imm}`);
  if (d.mode === 'off') return { addr: moved };
  return d.mode === 'pre' ? { addr: moved, wb: moved } : { addr: base, wb: moved };
}

/** Loads `size` bytes at guest address `a` into Rt (X or V). */
function loadInto(e: A64Emitter, a: string, d: { size: number; signed: boolean; to32?: boolean; fp: boolean }, rt: number): void {
  const t = `i${d.size * 8}`;
  const v = op(e, `load ${t}, ptr ${e.addr(a)}, align 1`);
  if (d.fp) {
    e.setV(rt, d.size === 16 ? v : op(e, `zext ${t} ${v} to i128`));
    return;
  }
  if (d.size === 8) e.setX(rt, v);
  else if (!d.signed) e.setX(rt, op(e, `zext ${t} ${v} to i64`));
  else if (d.to32) e.setX(rt, op(e, `zext i32 ${op(e, `sext ${t} ${v} to i32`)} to i64`));
  else e.setX(rt, op(e, `sext ${t} ${v} to i64`));
}

/** Rt's low `size` bytes (X or V register) as an i<size*8>. */
function valueOf(e: A64Emitter, size: number, fp: boolean, rt: number): string {
  const t = `i${size * 8}`;
  if (fp) {
    const v = e.v(rt);
    return size === 16 ? v : op(e, `trunc i128 ${v} to ${t}`);
  }
  const x = e.x(rt);
  return size === 8 || x === '0' ? x : op(e, `trunc i64 ${x} to ${t}`);
}

function store(e: A64Emitter, a: string, size: number, v: string): void {
  e.emit(`store i${size * 8} ${v}, ptr ${e.addr(a)}, align 1`);
}

/** A `ptr` to the exclusive monitor in the shared state. */
function monitor(e: A64Emitter): string {
  return op(e, `getelementptr inbounds i8, ptr ${e.state()}, i32 ${EXCL_OFFSET}`);
}

/** Lifts a load or store; false for kinds that are not. */
export function liftMem(e: A64Emitter, d: MemInsn, pc: bigint): boolean {
  switch (d.k) {
    case 'prfm':
      return true;
    case 'ldst': {
      const { addr, wb } = address(e, d, pc);
      if (d.load) loadInto(e, addr, d, d.rt);
      else store(e, addr, d.size, valueOf(e, d.size, d.fp, d.rt));
      if (wb !== undefined) e.setX(d.rn, wb, true);
      return true;
    }
    case 'pair': {
      const { addr, wb } = address(e, d, pc);
      const second = op(e, `add i64 ${addr}, ${d.size}`);
      if (d.load) {
        loadInto(e, addr, d, d.rt);
        loadInto(e, second, d, d.rt2);
      } else {
        const v1 = valueOf(e, d.size, d.fp, d.rt);
        const v2 = valueOf(e, d.size, d.fp, d.rt2);
        store(e, addr, d.size, v1);
        store(e, second, d.size, v2);
      }
      if (wb !== undefined) e.setX(d.rn, wb, true);
      return true;
    }
    case 'excl':
      return exclusive(e, d);
    case 'cas': {
      const t = `i${d.size * 8}`;
      const a = e.addr(e.x(d.rn, true));
      const old = op(e, `load ${t}, ptr ${a}, align 1`);
      const eq = op(e, `icmp eq ${t} ${old}, ${valueOf(e, d.size, false, d.rs)}`);
      const nv = op(e, `select i1 ${eq}, ${t} ${valueOf(e, d.size, false, d.rt)}, ${t} ${old}`);
      e.emit(`store ${t} ${nv}, ptr ${a}, align 1`);
      e.setX(d.rs, d.size === 8 ? old : op(e, `zext ${t} ${old} to i64`));
      return true;
    }
    case 'atomic': {
      const t = `i${d.size * 8}`;
      const a = e.addr(e.x(d.rn, true));
      const old = op(e, `load ${t}, ptr ${a}, align 1`);
      const s = valueOf(e, d.size, false, d.rs);
      const nv = rmw(e, d.op, t, old, s);
      e.emit(`store ${t} ${nv}, ptr ${a}, align 1`);
      e.setX(d.rt, d.size === 8 ? old : op(e, `zext ${t} ${old} to i64`));
      return true;
    }
  }
}

/** The new memory value of an LSE atomic. */
function rmw(e: A64Emitter, o: string, t: string, old: string, s: string): string {
  switch (o) {
    case 'swp':
      return s;
    case 'add':
      return op(e, `add ${t} ${old}, ${s}`);
    case 'clr':
      return op(e, `and ${t} ${old}, ${op(e, `xor ${t} ${s}, -1`)}`);
    case 'eor':
      return op(e, `xor ${t} ${old}, ${s}`);
    case 'set':
      return op(e, `or ${t} ${old}, ${s}`);
    default: {
      const pred = { smax: 'sgt', smin: 'slt', umax: 'ugt', umin: 'ult' }[o]!;
      return op(e, `select i1 ${op(e, `icmp ${pred} ${t} ${old}, ${s}`)}, ${t} ${old}, ${t} ${s}`);
    }
  }
}

function exclusive(e: A64Emitter, d: MemInsn & { k: 'excl' }): boolean {
  const base = e.x(d.rn, true);
  const second = d.pair ? op(e, `add i64 ${base}, ${d.size}`) : '';
  const plain = { size: d.size, signed: false, fp: false };
  if (d.op === 'ldar' || d.op === 'ldx') {
    if (d.op === 'ldx') e.emit(`store i64 ${base}, ptr ${monitor(e)}, align 8`);
    loadInto(e, base, plain, d.rt);
    if (d.pair) loadInto(e, second, plain, d.rt2);
    return true;
  }
  if (d.op === 'stlr') {
    store(e, base, d.size, valueOf(e, d.size, false, d.rt));
    return true;
  }
  // STXR: store only if the monitor holds this address; status 0 on success, 1 on failure.
  const mon = monitor(e);
  const marked = op(e, `load i64, ptr ${mon}, align 8`);
  const ok = op(e, `icmp eq i64 ${marked}, ${base}`);
  const t = `i${d.size * 8}`;
  const put = (a: string, rt: number): void => {
    const p = e.addr(a);
    const old = op(e, `load ${t}, ptr ${p}, align 1`);
    e.emit(`store ${t} ${op(e, `select i1 ${ok}, ${t} ${valueOf(e, d.size, false, rt)}, ${t} ${old}`)}, ptr ${p}, align 1`);
  };
  put(base, d.rt);
  if (d.pair) put(second, d.rt2);
  e.emit(`store i64 -1, ptr ${mon}, align 8`);
  e.setX(d.rs, op(e, `zext i1 ${op(e, `xor i1 ${ok}, true`)} to i64`));
  return true;
}
