/**
 * A core WebAssembly binary encoder: enough of the format to write the fused adapter modules
 * of components (issue 20 step 2, src/component/adapter*.ts): function types, imported
 * functions and memories (several: multi-memory), functions with locals, exports, function
 * names (the name section: traps name the function they happen in), and code
 * written through `Code`, an instruction writer with one method per instruction family
 * (control, calls, locals, loads and stores of every width with a memory index, memory.copy
 * between two memories, memory.fill, i32/i64 arithmetic and compares, conversions).
 *
 * It writes what the caller asks for and checks only the encoder's own invariants (imports
 * before functions, control frames closed); the output is checked by awsm's decoder and
 * validator like any input module (tests/component/adapter-encoder.test.ts also runs
 * `wasm-tools validate`).
 */
import type { ValType } from './module.js';

/** A number type: what adapters compute with. */
export type NumType = Extract<ValType, 'i32' | 'i64' | 'f32' | 'f64'>;

const VALTYPE: Record<NumType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** Block types: no value, or one result. */
export type BlockType = NumType | undefined;

/** The opcodes without immediates that adapters use, by the spec's names. */
export const OP = {
  unreachable: 0x00, nop: 0x01, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'i64.lt_s': 0x53, 'i64.lt_u': 0x54, 'i64.gt_s': 0x55, 'i64.gt_u': 0x56,
  'i64.le_s': 0x57, 'i64.le_u': 0x58, 'i64.ge_s': 0x59, 'i64.ge_u': 0x5a,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f64.eq': 0x61, 'f64.ne': 0x62,
  'i32.clz': 0x67, 'i32.ctz': 0x68, 'i32.popcnt': 0x69, 'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c,
  'i32.div_s': 0x6d, 'i32.div_u': 0x6e, 'i32.rem_s': 0x6f, 'i32.rem_u': 0x70, 'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73,
  'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76, 'i32.rotl': 0x77, 'i32.rotr': 0x78,
  'i64.clz': 0x79, 'i64.ctz': 0x7a, 'i64.popcnt': 0x7b, 'i64.add': 0x7c, 'i64.sub': 0x7d, 'i64.mul': 0x7e,
  'i64.div_s': 0x7f, 'i64.div_u': 0x80, 'i64.rem_s': 0x81, 'i64.rem_u': 0x82, 'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85,
  'i64.shl': 0x86, 'i64.shr_s': 0x87, 'i64.shr_u': 0x88, 'i64.rotl': 0x89, 'i64.rotr': 0x8a,
  'i32.wrap_i64': 0xa7, 'i64.extend_i32_s': 0xac, 'i64.extend_i32_u': 0xad,
  'i32.reinterpret_f32': 0xbc, 'i64.reinterpret_f64': 0xbd, 'f32.reinterpret_i32': 0xbe, 'f64.reinterpret_i64': 0xbf,
} as const;

export type SimpleOp = keyof typeof OP;

/** Loads and stores by the spec's names, with their opcode and natural alignment (log2). */
export const MEMOP = {
  'i32.load': [0x28, 2], 'i64.load': [0x29, 3], 'f32.load': [0x2a, 2], 'f64.load': [0x2b, 3],
  'i32.load8_s': [0x2c, 0], 'i32.load8_u': [0x2d, 0], 'i32.load16_s': [0x2e, 1], 'i32.load16_u': [0x2f, 1],
  'i64.load8_s': [0x30, 0], 'i64.load8_u': [0x31, 0], 'i64.load16_s': [0x32, 1], 'i64.load16_u': [0x33, 1],
  'i64.load32_s': [0x34, 2], 'i64.load32_u': [0x35, 2],
  'i32.store': [0x36, 2], 'i64.store': [0x37, 3], 'f32.store': [0x38, 2], 'f64.store': [0x39, 3],
  'i32.store8': [0x3a, 0], 'i32.store16': [0x3b, 1], 'i64.store8': [0x3c, 0], 'i64.store16': [0x3d, 1], 'i64.store32': [0x3e, 2],
} as const satisfies Record<string, readonly [number, number]>;

export type MemOp = keyof typeof MEMOP;

/** Append the unsigned LEB128 of `n` (a non-negative integer below 2^53). */
export function uleb(out: number[], n: number): void {
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
}

/** Append the signed LEB128 of `n`. */
export function sleb(out: number[], n: bigint): void {
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Append a name: its UTF-8 length, then its bytes. */
function name(out: number[], s: string): void {
  const b = Buffer.from(s, 'utf8');
  uleb(out, b.length);
  for (const x of b) out.push(x);
}

/** The body of one function being written: its locals and instructions. */
export class Code {
  /** The instruction bytes so far. */
  readonly bytes: number[] = [];
  /** The types of the locals declared after the parameters. */
  readonly locals: NumType[] = [];
  /** How many control frames (block, loop, if) are open. */
  private depth = 0;

  /** @param numParams the function's parameter count (locals are numbered after them) */
  constructor(private readonly numParams: number) {}

  /** A new local of type `t`: its index. */
  local(t: NumType): number {
    this.locals.push(t);
    return this.numParams + this.locals.length - 1;
  }

  op(o: SimpleOp): this {
    this.bytes.push(OP[o]);
    return this;
  }

  /** Open a block, loop or if with block type `bt`. */
  private open(code: number, bt: BlockType): this {
    this.bytes.push(code, bt === undefined ? 0x40 : VALTYPE[bt]);
    this.depth++;
    return this;
  }

  block(bt?: BlockType): this { return this.open(0x02, bt); }
  loop(bt?: BlockType): this { return this.open(0x03, bt); }
  if(bt?: BlockType): this { return this.open(0x04, bt); }
  else(): this {
    this.bytes.push(0x05);
    return this;
  }

  end(): this {
    if (this.depth === 0) throw new Error('encoder: end without an open block');
    this.depth--;
    this.bytes.push(0x0b);
    return this;
  }

  br(label: number): this { return this.imm(0x0c, label); }
  brIf(label: number): this { return this.imm(0x0d, label); }

  brTable(labels: readonly number[], dflt: number): this {
    this.bytes.push(0x0e);
    uleb(this.bytes, labels.length);
    for (const l of labels) uleb(this.bytes, l);
    uleb(this.bytes, dflt);
    return this;
  }

  call(func: number): this { return this.imm(0x10, func); }
  get(local: number): this { return this.imm(0x20, local); }
  set(local: number): this { return this.imm(0x21, local); }
  tee(local: number): this { return this.imm(0x22, local); }

  i32(v: number): this {
    this.bytes.push(0x41);
    sleb(this.bytes, BigInt(v | 0));
    return this;
  }

  i64(v: bigint): this {
    this.bytes.push(0x42);
    sleb(this.bytes, BigInt.asIntN(64, v));
    return this;
  }

  /** A load or store on memory `mem`, `offset` bytes past the address, at natural alignment. */
  mem(o: MemOp, mem: number, offset = 0): this {
    const [code, align] = MEMOP[o];
    this.bytes.push(code);
    if (mem === 0) uleb(this.bytes, align);
    else {
      uleb(this.bytes, align | 0x40); // bit 6: a memory index follows (multi-memory)
      uleb(this.bytes, mem);
    }
    uleb(this.bytes, offset);
    return this;
  }

  /** memory.copy from memory `src` to memory `dst` (operands: dest address, source address, length). */
  memoryCopy(dst: number, src: number): this {
    this.bytes.push(0xfc);
    uleb(this.bytes, 10);
    uleb(this.bytes, dst);
    uleb(this.bytes, src);
    return this;
  }

  /** memory.fill of memory `mem` (operands: address, byte, length). */
  memoryFill(mem: number): this {
    this.bytes.push(0xfc);
    uleb(this.bytes, 11);
    uleb(this.bytes, mem);
    return this;
  }

  memorySize(mem: number): this { return this.imm(0x3f, mem); }

  private imm(code: number, n: number): this {
    this.bytes.push(code);
    uleb(this.bytes, n);
    return this;
  }

  /** The function body: locals (one run per local, unmerged), the instructions and `end`. */
  finish(): number[] {
    if (this.depth !== 0) throw new Error(`encoder: ${this.depth} block(s) left open`);
    const out: number[] = [];
    uleb(out, this.locals.length);
    for (const t of this.locals) out.push(1, VALTYPE[t]);
    for (const x of this.bytes) out.push(x);
    out.push(0x0b);
    return out;
  }
}

/** A function type. */
export interface FuncSig {
  params: readonly NumType[];
  results: readonly NumType[];
}

/** A module being written. Imports come first: a function defined before an import is refused. */
export class ModuleEncoder {
  /** The function types, deduplicated. */
  private readonly types: FuncSig[] = [];
  /** The imports in order. */
  private readonly imports: Array<{ module: string; name: string } & ({ kind: 'func'; type: number } | { kind: 'memory'; min: number })> = [];
  /** The defined functions: their type index and body writer. */
  private readonly funcs: Array<{ type: number; code: Code }> = [];
  /** Function names for the name section (traps name the function they happen in). */
  private readonly names = new Map<number, string>();
  /** The exports in order. */
  private readonly exports: Array<{ name: string; kind: 'func' | 'memory'; index: number }> = [];
  /** Counts of imported functions and memories (the first indices of their spaces). */
  private importedFuncs = 0;
  private importedMems = 0;

  /** The index of the function type `sig`. */
  typeIndex(sig: FuncSig): number {
    const key = (s: FuncSig): string => `${s.params.join(',')}>${s.results.join(',')}`;
    const k = key(sig);
    const i = this.types.findIndex((t) => key(t) === k);
    if (i >= 0) return i;
    this.types.push({ params: [...sig.params], results: [...sig.results] });
    return this.types.length - 1;
  }

  private noDefsYet(): void {
    if (this.funcs.length > 0) throw new Error('encoder: imports must come before defined functions');
  }

  /** Import a function: its function index. */
  importFunc(module: string, field: string, sig: FuncSig): number {
    this.noDefsYet();
    this.imports.push({ module, name: field, kind: 'func', type: this.typeIndex(sig) });
    return this.importedFuncs++;
  }

  /** Import a 32-bit memory of at least `min` pages, no maximum: its memory index. */
  importMemory(module: string, field: string, min = 0): number {
    this.imports.push({ module, name: field, kind: 'memory', min });
    return this.importedMems++;
  }

  /** A new function of type `sig`: its index and the writer of its body (written before encode()). */
  func(sig: FuncSig): { index: number; code: Code } {
    const code = new Code(sig.params.length);
    this.funcs.push({ type: this.typeIndex(sig), code });
    return { index: this.importedFuncs + this.funcs.length - 1, code };
  }

  /** Name function `index` in the name section. */
  nameFunc(index: number, field: string): void {
    this.names.set(index, field);
  }

  export(field: string, kind: 'func' | 'memory', index: number): void {
    this.exports.push({ name: field, kind, index });
  }

  /** The module's bytes. */
  encode(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, write: (b: number[]) => void): void => {
      const b: number[] = [];
      write(b);
      out.push(id);
      uleb(out, b.length);
      for (const x of b) out.push(x);
    };
    const vec = <T>(b: number[], xs: readonly T[], each: (x: T) => void): void => {
      uleb(b, xs.length);
      xs.forEach(each);
    };
    const bodies = this.funcs.map((f) => f.code.finish());
    if (this.types.length > 0) {
      section(1, (b) => vec(b, this.types, (t) => {
        b.push(0x60);
        vec(b, t.params, (p) => b.push(VALTYPE[p]));
        vec(b, t.results, (r) => b.push(VALTYPE[r]));
      }));
    }
    if (this.imports.length > 0) {
      section(2, (b) => vec(b, this.imports, (i) => {
        name(b, i.module);
        name(b, i.name);
        if (i.kind === 'func') {
          b.push(0x00);
          uleb(b, i.type);
        } else {
          b.push(0x02, 0x00);
          uleb(b, i.min);
        }
      }));
    }
    if (this.funcs.length > 0) section(3, (b) => vec(b, this.funcs, (f) => uleb(b, f.type)));
    if (this.exports.length > 0) {
      section(7, (b) => vec(b, this.exports, (e) => {
        name(b, e.name);
        b.push(e.kind === 'func' ? 0x00 : 0x02);
        uleb(b, e.index);
      }));
    }
    if (this.funcs.length > 0) {
      section(10, (b) => vec(b, bodies, (body) => {
        uleb(b, body.length);
        for (const x of body) b.push(x);
      }));
    }
    if (this.names.size > 0) {
      // The name section: custom section "name", subsection 1 (function names, by index).
      section(0, (b) => {
        name(b, 'name');
        const sub: number[] = [];
        vec(sub, [...this.names].sort(([x], [y]) => x - y), ([i, n]) => {
          uleb(sub, i);
          name(sub, n);
        });
        b.push(1);
        uleb(b, sub.length);
        for (const x of sub) b.push(x);
      });
    }
    return Uint8Array.from(out);
  }
}
