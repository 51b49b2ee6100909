// How an instruction's lifting emits LLVM IR: the A64Emitter interface that the integer lifter
// (src/elf/lift/) and the FP/SIMD lifter (src/elf/lift/simd*.ts) both write through, and
// StateEmitter, its plain implementation over a pointer to a struct a64_state
// (src/elf/state.ts). The lifter points it at a local copy of the state that SROA promotes to
// SSA values; the instruction tests point it at the real state.

import { C_OFFSET, FPCR_OFFSET, FPSR_OFFSET, N_OFFSET, SP_OFFSET, V_OFFSET, Z_OFFSET, vOffset, xOffset } from '../state.js';

/** What an instruction lifter may read, write and emit. Values are LLVM SSA names or constants. */
export interface A64Emitter {
  /** A fresh SSA name, e.g. `%t12`. */
  fresh(): string;
  /** Appends one line of LLVM IR (an instruction) to the current block. */
  emit(line: string): void;
  /** Adds a module-level declaration once (`declare double @llvm.fma.f64(double, double, double)`). */
  declare(decl: string): void;
  /** Xn as an i64. n = 31 is XZR (reads 0) unless `sp`, then SP. */
  x(n: number, sp?: boolean): string;
  /** Sets Xn to an i64. n = 31 discards the value unless `sp`, then sets SP. */
  setX(n: number, value: string, sp?: boolean): void;
  /** Vn's 128 bits as an i128 (lane 0 in the low bits). */
  v(n: number): string;
  /** Sets all 128 bits of Vn from an i128 (scalar writes zero the upper bits themselves). */
  setV(n: number, value: string): void;
  /** Condition `cond` (0..15, the A64 encoding: EQ NE CS CC MI PL VS VC HI LS GE LT GT LE AL NV) as an i1. */
  cond(cond: number): string;
  /** Sets N, Z, C, V from four i1 values. */
  setNZCV(n: string, z: string, c: string, v: string): void;
  /** Optional: the flags setNZCV just set are those of `a - b` (both of LLVM type `type`), so an
      emitter may answer cond() with one comparison of a and b. Added by h-elfl. */
  compared?(a: string, b: string, type: string): void;
  /** FPCR or FPSR as an i64. */
  fpReg(which: 'fpcr' | 'fpsr'): string;
  /** Sets FPCR or FPSR from an i64. */
  setFpReg(which: 'fpcr' | 'fpsr', value: string): void;
  /** A `ptr` to guest memory at a guest address given as an i64. Accesses use `align 1`. */
  addr(guest: string): string;
  /** The `ptr` to the shared struct a64_state, for the fields no method above covers
      (TPIDR_EL0, the exclusive monitor, PC). Added by h-elfl. */
  state(): string;
}

/**
 * The A64 condition `cond` (0..15) as an i1 computed from the flags, each read by `flag` as an
 * i1 (N 0, Z 1, C 2, V 3), through `e`: the one table of the conditions' meanings that both
 * emitters' cond() use.
 */
export function flagCondition(e: A64Emitter, cond: number, flag: (f: number) => string): string {
  const op = (text: string): string => {
    const r = e.fresh();
    e.emit(`${r} = ${text}`);
    return r;
  };
  const not = (a: string): string => op(`xor i1 ${a}, true`);
  const base = cond >> 1;
  if (base === 7) return 'true'; // AL and NV both mean always
  let v: string;
  if (base === 0) v = flag(1); // EQ: Z
  else if (base === 1) v = flag(2); // CS: C
  else if (base === 2) v = flag(0); // MI: N
  else if (base === 3) v = flag(3); // VS: V
  else if (base === 4) v = op(`and i1 ${flag(2)}, ${not(flag(1))}`); // HI: C and not Z
  else if (base === 5) v = op(`icmp eq i1 ${flag(0)}, ${flag(3)}`); // GE: N == V
  else v = op(`and i1 ${not(flag(1))}, ${op(`icmp eq i1 ${flag(0)}, ${flag(3)}`)}`); // GT: not Z and N == V
  return (cond & 1) === 1 ? not(v) : v;
}

/** Options of a StateEmitter. */
export interface StateEmitterOptions {
  /** The SSA name of the `ptr` to the struct a64_state (or a local copy of it). */
  state: string;
  /** Pointer width of the target: 32 for wasm32 (guest addresses truncated), 64 for native tests. */
  pointerBits: 32 | 64;
}

/** An A64Emitter that keeps every register in the struct a64_state its `state` points to. */
export class StateEmitter implements A64Emitter {
  /** The IR lines emitted, in order. */
  readonly lines: string[] = [];
  /** Module-level declarations, each once. */
  readonly decls = new Set<string>();
  /** Counter behind fresh(). */
  private next = 0;

  constructor(private readonly opts: StateEmitterOptions, private readonly prefix = 't') {}

  fresh(): string {
    return `%${this.prefix}${this.next++}`;
  }

  emit(line: string): void {
    this.lines.push(`  ${line}`);
  }

  declare(decl: string): void {
    this.decls.add(decl);
  }

  /** A `ptr` to the byte at `offset` in the state. */
  private field(offset: number): string {
    const p = this.fresh();
    this.emit(`${p} = getelementptr inbounds i8, ptr ${this.opts.state}, i32 ${offset}`);
    return p;
  }

  private load(type: string, offset: number, align: number): string {
    const p = this.field(offset);
    const v = this.fresh();
    this.emit(`${v} = load ${type}, ptr ${p}, align ${align}`);
    return v;
  }

  private store(type: string, value: string, offset: number, align: number): void {
    const p = this.field(offset);
    this.emit(`store ${type} ${value}, ptr ${p}, align ${align}`);
  }

  x(n: number, sp = false): string {
    if (n === 31) return sp ? this.load('i64', SP_OFFSET, 8) : '0';
    return this.load('i64', xOffset(n), 8);
  }

  setX(n: number, value: string, sp = false): void {
    if (n === 31) {
      if (sp) this.store('i64', value, SP_OFFSET, 8);
      return;
    }
    this.store('i64', value, xOffset(n), 8);
  }

  v(n: number): string {
    return this.load('i128', vOffset(n), 16);
  }

  setV(n: number, value: string): void {
    this.store('i128', value, vOffset(n), 16);
  }

  /** One flag as an i1. */
  private flag(offset: number): string {
    const b = this.load('i8', offset, 1);
    const f = this.fresh();
    this.emit(`${f} = trunc i8 ${b} to i1`);
    return f;
  }

  cond(cond: number): string {
    return flagCondition(this, cond, (f) => this.flag([N_OFFSET, Z_OFFSET, C_OFFSET, V_OFFSET][f]!));
  }

  setNZCV(n: string, z: string, c: string, v: string): void {
    const offsets = [N_OFFSET, Z_OFFSET, C_OFFSET, V_OFFSET];
    [n, z, c, v].forEach((bit, i) => {
      const b = this.fresh();
      this.emit(`${b} = zext i1 ${bit} to i8`);
      this.store('i8', b, offsets[i]!, 1);
    });
  }

  fpReg(which: 'fpcr' | 'fpsr'): string {
    return this.load('i64', which === 'fpcr' ? FPCR_OFFSET : FPSR_OFFSET, 8);
  }

  setFpReg(which: 'fpcr' | 'fpsr', value: string): void {
    this.store('i64', value, which === 'fpcr' ? FPCR_OFFSET : FPSR_OFFSET, 8);
  }

  state(): string {
    return this.opts.state;
  }

  addr(guest: string): string {
    const p = this.fresh();
    if (this.opts.pointerBits === 64) {
      this.emit(`${p} = inttoptr i64 ${guest} to ptr`);
    } else {
      const a = this.fresh();
      this.emit(`${a} = trunc i64 ${guest} to i32`);
      this.emit(`${p} = inttoptr i32 ${a} to ptr`);
    }
    return p;
  }
}
