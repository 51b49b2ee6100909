/**
 * SIMD instructions against the spec testsuite's own expectations, and the SIMD rows of the
 * opcode table against wabt's encoder.
 *
 * 1. Every simd_*.wast goes through wast2json. Each exported function whose body is
 *    straight-line code of `local.get/set/tee`, constants, `global.get` of a constant global,
 *    `drop`, full-width scalar loads/stores and SIMD instructions is translated with
 *    `emitSimd` into `void @fN(ptr %args, ptr %res, ptr %mem)` (parameters read from 16-byte
 *    slots of `args`, results written to slots of `res`, linear memory at `mem`; the SimdEnv's
 *    `address` is a GEP into it, its `trapIf` calls `void @trap(i32)`, which longjmps). A
 *    few cases per function are also emitted with the arguments as constants (`@kN`), to
 *    exercise LLVM's constant folder at -O2. The assert_return commands are written to a
 *    binary case file; a generated C driver replays them in script order (memory images
 *    reset at each module) and compares results: v128 lane by lane with nan:canonical /
 *    nan:arithmetic per lane. Built with clang-16 at -O0 and -O2; any mismatch fails.
 *    An AVX2 build (-O2 -march=x86-64-v3) is added when the CPU has AVX2.
 * 2. A .wat with one function per SIMD row (operands from the row's `sig`) goes through
 *    wat2wasm — which also type-checks the signatures — and each body must encode as the
 *    row says: 0xFD, the sub-opcode, then immediates of the row's kind (natural alignment =
 *    `memBytes`).
 *
 * Skips, with the reason printed, when wast2json / wat2wasm, clang-16 or the testsuite is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { Instr, ValType } from '../../src/binary/module.js';
import { lookupOp, lookupPrefixedOp, OPCODES, type OpInfo } from '../../src/binary/opcodes.js';
import { f32bits, f64bits, FunctionBuilder, i32, ModuleBuilder, type Value } from '../../src/llvm/builder.js';
import { llvmType, TrapKind } from '../../src/translate/abi.js';
import { emitSimd, type SimdEnv } from '../../src/translate/simd.js';

const run = promisify(execFile);
const MAX_ARGS = 4;
const MAX_RESULTS = 2;
/** Cases per function also emitted with constant arguments. */
const FOLDED_PER_FUNC = 4;

function findSuite(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.AWSM_TESTSUITE,
    resolve(here, '../../../../shared/wasm-testsuite'), // dist/tests/unit → repo/../shared
    '/work/shared/wasm-testsuite',
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(join(c, 'simd_lane.wast')));
}

function haveTool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

function missingTools(needSuite: boolean): string | undefined {
  if (needSuite && findSuite() === undefined) return 'spec testsuite not found (set AWSM_TESTSUITE)';
  if (!haveTool('wast2json', ['--version'])) return 'wast2json (wabt) not installed';
  if (!haveTool('wat2wasm', ['--version'])) return 'wat2wasm (wabt) not installed';
  if (!haveTool('clang-16', ['--version'])) return 'clang-16 not installed';
  return undefined;
}

// ---- a minimal reader for the parts of a .wasm the test needs ---------------------------------

const VALTYPES: Record<number, ValType> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const isData = (t: ValType): boolean => t !== 'funcref' && t !== 'externref';

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    const v = this.b[this.pos++];
    if (v === undefined) throw new Error('unexpected end');
    return v;
  }
  u32(): number {
    let r = 0, shift = 0, x: number;
    do { x = this.byte(); r += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80);
    return r;
  }
  sleb(bits: number): bigint {
    let r = 0n, shift = 0n, x: number;
    do { x = this.byte(); r |= BigInt(x & 0x7f) << shift; shift += 7n; } while (x & 0x80);
    if (x & 0x40) r -= 1n << shift;
    return BigInt.asIntN(bits, r);
  }
  bytes(n: number): Uint8Array { const s = this.b.subarray(this.pos, this.pos + n); this.pos += n; return s; }
  name(): string { return new TextDecoder().decode(this.bytes(this.u32())); }
  limits(): { min: number } { const flag = this.byte(); const min = this.u32(); if (flag & 1) this.u32(); return { min }; }
}

type Item =
  | { kind: 'get' | 'set' | 'tee'; idx: number }
  | { kind: 'drop' }
  | { kind: 'global'; idx: number }
  | { kind: 'op'; ins: Instr };

interface Func {
  params: ValType[];
  results: ValType[];
  locals: ValType[];
  body: Item[];
  usesMemory: boolean;
}

interface WasmModule {
  funcs: Map<string, Func>;
  /** Initial memory image (pages × 64 KiB), or undefined without a memory. */
  memory?: Uint8Array;
}

/** Read one instruction with the opcode table; undefined if the test does not handle it. */
function readInstr(r: Reader): Item | 'end' | undefined {
  const pos = r.pos;
  const code = r.byte();
  if (code === 0x0b) return 'end';
  if (code === 0x1a) return { kind: 'drop' };
  if (code === 0x01) return readInstr(r); // nop
  if (code >= 0x20 && code <= 0x22) return { kind: (['get', 'set', 'tee'] as const)[code - 0x20]!, idx: r.u32() };
  if (code === 0x23) return { kind: 'global', idx: r.u32() };
  const op = code === 0xfd || code === 0xfc ? lookupPrefixedOp(code, r.u32()) : lookupOp(code);
  if (op === undefined || op.sig === undefined) return undefined;
  const ins: Instr = { op, pos };
  const fixed = (n: number): Uint8Array => Uint8Array.from(r.bytes(n));
  switch (op.imm) {
    case 'none': break;
    case 'i32': ins.value = Number(r.sleb(32)); break;
    case 'i64': ins.value = r.sleb(64); break;
    case 'f32': ins.bits = new DataView(fixed(4).buffer).getUint32(0, true); break;
    case 'f64': ins.bits = new DataView(fixed(8).buffer).getBigUint64(0, true); break;
    case 'v128': case 'shuffle': ins.bytes = fixed(16); break;
    case 'lane': ins.lane = r.byte(); break;
    case 'memarg': ins.memarg = { align: r.u32(), offset: r.u32() }; break;
    case 'memarg_lane': ins.memarg = { align: r.u32(), offset: r.u32() }; ins.lane = r.byte(); break;
    default: return undefined;
  }
  if (op.family === 'simd') return { kind: 'op', ins };
  if (op.family === 'numeric' && /\.const$/.test(op.name)) return { kind: 'op', ins };
  // Full-width scalar loads and stores (used around the SIMD ones in the memory tests).
  if (op.family === 'memory' && op.imm === 'memarg' && /^(i32|i64|f32|f64)\.(load|store)$/.test(op.name)) return { kind: 'op', ins };
  return undefined;
}

function readModule(wasm: Uint8Array): WasmModule {
  const r = new Reader(wasm);
  r.pos = 8;
  const types: Array<{ params: ValType[]; results: ValType[] }> = [];
  const funcTypes: number[] = [];
  let imported = 0;
  const exports = new Map<string, number>();
  const bodies: Uint8Array[] = [];
  const globals: Array<Item | undefined> = [];
  let mutableGlobals = new Set<number>();
  let memory: Uint8Array | undefined;
  let codeHasGlobalSet = false;
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        r.byte();
        const params = Array.from({ length: r.u32() }, () => VALTYPES[r.byte()]!);
        const results = Array.from({ length: r.u32() }, () => VALTYPES[r.byte()]!);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name(); r.name();
        const kind = r.byte();
        if (kind === 0) { r.u32(); imported++; }
        else if (kind === 1) { r.byte(); r.limits(); }
        else if (kind === 2) r.limits();
        else { r.byte(); r.byte(); globals.push(undefined); }
      }
    } else if (id === 3) {
      for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
    } else if (id === 5) {
      if (r.u32() > 0) memory = new Uint8Array(r.limits().min * 65536);
    } else if (id === 6) {
      for (let n = r.u32(); n > 0; n--) {
        r.byte();
        if (r.byte() === 1) mutableGlobals.add(globals.length);
        const init = readInstr(r);
        globals.push(readInstr(r) === 'end' && typeof init === 'object' ? init : undefined);
      }
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const idx = r.u32();
        if (kind === 0) exports.set(name, idx);
      }
    } else if (id === 10) {
      for (let n = r.u32(); n > 0; n--) {
        const body = r.bytes(r.u32());
        bodies.push(body);
        if (body.includes(0x24)) codeHasGlobalSet = true; // conservative: any 0x24 byte
      }
    } else if (id === 11) {
      for (let n = r.u32(); n > 0; n--) {
        const flags = r.u32();
        if (flags === 1) { r.bytes(r.u32()); continue; }
        if (flags === 2) r.u32();
        const off = readInstr(r);
        r.byte(); // end
        const data = r.bytes(r.u32());
        if (memory && typeof off === 'object' && off.kind === 'op') memory.set(data, Number(off.ins.value));
      }
    }
    r.pos = end;
  }
  if (!codeHasGlobalSet) mutableGlobals = new Set();
  const funcs = new Map<string, Func>();
  for (const [name, idx] of exports) {
    const body = bodies[idx - imported];
    const ty = types[funcTypes[idx - imported] ?? -1];
    if (body === undefined || ty === undefined) continue;
    if (!ty.params.every(isData) || !ty.results.every(isData)) continue;
    if (ty.params.length > MAX_ARGS || ty.results.length > MAX_RESULTS) continue;
    const fn = parseBody(body, ty.params, ty.results, (g) => (mutableGlobals.has(g) ? undefined : globals[g]));
    if (fn !== undefined) funcs.set(name, fn);
  }
  return { funcs, memory };
}

function parseBody(bytes: Uint8Array, params: ValType[], results: ValType[], global: (g: number) => Item | undefined): Func | undefined {
  const r = new Reader(bytes);
  const locals: ValType[] = [];
  for (let n = r.u32(); n > 0; n--) {
    const count = r.u32();
    const t = VALTYPES[r.byte()];
    if (t === undefined || !isData(t) || count > 16) return undefined;
    for (let i = 0; i < count; i++) locals.push(t);
  }
  const body: Item[] = [];
  const all = [...params, ...locals];
  let depth = 0;
  let usesMemory = false;
  for (;;) {
    const item = readInstr(r);
    if (item === undefined) return undefined;
    if (item === 'end') {
      if (r.pos !== bytes.length || depth !== results.length) return undefined;
      return { params, results, locals, body, usesMemory };
    }
    switch (item.kind) {
      case 'get': case 'tee': case 'set':
        if (item.idx >= all.length) return undefined;
        depth += item.kind === 'get' ? 1 : item.kind === 'set' ? -1 : 0;
        break;
      case 'drop': depth--; break;
      case 'global': {
        const g = global(item.idx);
        if (g === undefined || g.kind !== 'op') return undefined;
        body.push(g);
        depth++;
        continue;
      }
      case 'op': {
        const sig = item.ins.op.sig!;
        if (item.ins.memarg !== undefined) usesMemory = true;
        depth += sig.results.length - sig.params.length;
        break;
      }
    }
    if (depth < 0) return undefined;
    body.push(item);
  }
}

// ---- LLVM generation ---------------------------------------------------------------------------

function zeroOf(t: ValType): Value {
  switch (t) {
    case 'i32': return i32(0);
    case 'i64': return { ty: 'i64', ref: '0' };
    case 'f32': return f32bits(0);
    case 'f64': return f64bits(0n);
    default: return { ty: llvmType(t), ref: 'zeroinitializer' };
  }
}

/** An LLVM constant of type `t` from 16 little-endian bytes. */
function constOf(t: ValType, b: Uint8Array): Value {
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  switch (t) {
    case 'i32': return i32(dv.getInt32(0, true));
    case 'i64': return { ty: 'i64', ref: dv.getBigInt64(0, true).toString() };
    case 'f32': return f32bits(dv.getUint32(0, true));
    case 'f64': return f64bits(dv.getBigUint64(0, true));
    default: return { ty: '<2 x i64>', ref: `<i64 ${dv.getBigInt64(0, true)}, i64 ${dv.getBigInt64(8, true)}>` };
  }
}

function emitFunc(mod: ModuleBuilder, name: string, fn: Func, consts?: Uint8Array[]): void {
  const f = new FunctionBuilder(name, 'void', [
    { ty: 'ptr', name: 'args' }, { ty: 'ptr', name: 'res' }, { ty: 'ptr', name: 'mem' },
  ]);
  const slot = (base: Value, i: number): Value => (i === 0 ? base : f.gep('i8', base, [{ ty: 'i64', ref: String(16 * i) }]));
  const env: SimdEnv = {
    f,
    declare: (n, retTy, params) => mod.declare(n, retTy, params),
    trapIf(cond: Value, kind: TrapKind): void {
      const t = f.newBlock('trap');
      const c = f.newBlock('cont');
      f.condBr(cond, t, c);
      f.setBlock(t);
      f.call('void', '@trap', [i32(kind)]);
      f.unreachable();
      f.setBlock(c);
    },
    address(addr: Value, offset: number, _bytes: number): Value {
      const ea = f.add(f.zext(addr, 'i64'), { ty: 'i64', ref: String(offset) });
      return f.gep('i8', f.param(2), [ea]);
    },
  };
  const vars: Value[] = [
    ...fn.params.map((t, i) => (consts ? constOf(t, consts[i]!) : f.load(llvmType(t), slot(f.param(0), i), { align: 1 }))),
    ...fn.locals.map(zeroOf),
  ];
  const stack: Value[] = [];
  for (const item of fn.body) {
    switch (item.kind) {
      case 'get': stack.push(vars[item.idx]!); break;
      case 'set': vars[item.idx] = stack.pop()!; break;
      case 'tee': vars[item.idx] = stack[stack.length - 1]!; break;
      case 'drop': stack.pop(); break;
      case 'global': throw new Error('global.get is resolved when reading');
      case 'op': {
        const { ins } = item;
        const n = ins.op.sig!.params.length;
        const operands = stack.splice(stack.length - n, n);
        if (ins.op.family === 'simd') {
          const r = emitSimd(env, ins, operands);
          if (ins.op.sig!.results.length > 0) {
            assert.ok(r !== undefined, `${ins.op.name} returned nothing`);
            const want = llvmType(ins.op.sig!.results[0]!);
            assert.equal(r.ty, want, `${ins.op.name} result type`);
            stack.push(r);
          } else assert.equal(r, undefined, `${ins.op.name} is a store`);
        } else if (ins.op.imm === 'i32' || ins.op.imm === 'i64') {
          stack.push({ ty: ins.op.imm, ref: String(ins.value) });
        } else if (ins.op.imm === 'f32') {
          stack.push(f32bits(Number(ins.bits)));
        } else if (ins.op.imm === 'f64') {
          stack.push(f64bits(BigInt(ins.bits!)));
        } else {
          const t = llvmType((ins.op.name.startsWith('i32') ? 'i32' : ins.op.name.slice(0, 3)) as ValType);
          const p = env.address(operands[0]!, ins.memarg!.offset, ins.op.memBytes!);
          if (ins.op.name.endsWith('load')) stack.push(f.load(t, p, { align: 1 }));
          else f.store(operands[1]!, p, { align: 1 });
        }
        break;
      }
    }
  }
  fn.results.forEach((_, i) => f.store(stack[i]!, slot(f.param(1), i), { align: 1 }));
  f.ret();
  mod.addFunction(f);
}

// ---- expectations ------------------------------------------------------------------------------

interface JsonValue { type: string; lane_type?: string; value?: string | string[] }
interface Command {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  action?: { type: string; module?: string; field: string; args: JsonValue[] };
  expected?: JsonValue[];
}

const TYPE_CODE: Record<string, number> = { i32: 1, i64: 2, f32: 3, f64: 4, v128: 5 };
const LANE_CODE: Record<string, number> = { i8: 1, i16: 2, i32: 3, i64: 4, f32: 5, f64: 6 };
const LANE_BYTES: Record<string, number> = { i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

/** A value's 16-byte slot and per-lane NaN expectations (1 canonical, 2 arithmetic). */
function encode(v: JsonValue): { bytes: Uint8Array; nan: Uint8Array; lane: number } {
  const bytes = new Uint8Array(16);
  const nan = new Uint8Array(16);
  const dv = new DataView(bytes.buffer);
  const laneType = v.type === 'v128' ? v.lane_type! : v.type;
  const width = LANE_BYTES[laneType]!;
  const values = Array.isArray(v.value) ? v.value : [v.value!];
  values.forEach((s, i) => {
    if (s === 'nan:canonical') nan[i] = 1;
    else if (s === 'nan:arithmetic') nan[i] = 2;
    else {
      const x = BigInt.asUintN(width * 8, BigInt(s));
      for (let k = 0; k < width; k++) dv.setUint8(i * width + k, Number((x >> BigInt(8 * k)) & 0xffn));
    }
  });
  return { bytes, nan, lane: v.type === 'v128' ? LANE_CODE[laneType]! : 0 };
}

/** Binary case record, mirrored by `struct rec` in the driver (176 bytes). */
const REC = 176;
interface Case { file: number; line: number; fn: number; kfn: number; mem: number; reset: boolean; args: JsonValue[]; expected: JsonValue[] }

function writeCase(buf: DataView, at: number, c: Case): void {
  const ints = [c.file, c.line, c.fn, c.kfn, c.mem, c.reset ? 1 : 0, c.expected.length, 0];
  ints.forEach((x, i) => buf.setInt32(at + 4 * i, x, true));
  c.args.forEach((a, i) => new Uint8Array(buf.buffer, at + 32 + 16 * i, 16).set(encode(a).bytes));
  c.expected.forEach((e, i) => {
    const base = at + 96 + 40 * i;
    const { bytes, nan, lane } = encode(e);
    buf.setInt32(base, TYPE_CODE[e.type]!, true);
    buf.setInt32(base + 4, lane, true);
    new Uint8Array(buf.buffer, base + 8, 16).set(bytes);
    new Uint8Array(buf.buffer, base + 24, 16).set(nan);
  });
}

const DRIVER = String.raw`
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*fn_t)(const void *args, void *res, uint8_t *mem);
struct exp { int32_t type, lane; uint8_t bits[16], nan[16]; };
struct rec { int32_t file, line, fn, kfn, mem, reset, nres, pad; uint8_t args[4][16]; struct exp res[2]; };
_Static_assert(sizeof(struct rec) == 176, "record layout");

static jmp_buf jb;
static volatile int trapped;
void trap(int32_t kind) { trapped = kind; longjmp(jb, 1); }

static int nan_ok(uint64_t x, int width, int kind) {
  if (width == 4) {
    uint32_t v = (uint32_t)x;
    return kind == 1 ? (v & 0x7fffffffu) == 0x7fc00000u : (v & 0x7fc00000u) == 0x7fc00000u;
  }
  return kind == 1 ? (x & 0x7fffffffffffffffull) == 0x7ff8000000000000ull
                   : (x & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

static int check(const uint8_t *got, const struct exp *e) {
  static const int tw[] = {0, 4, 8, 4, 8, 16}, lw[] = {0, 1, 2, 4, 8, 4, 8};
  int width = e->type == 5 ? lw[e->lane] : tw[e->type];
  int lanes = e->type == 5 ? 16 / width : 1;
  for (int l = 0; l < lanes; l++) {
    if (e->nan[l]) {
      uint64_t x = 0;
      memcpy(&x, got + l * width, width);
      if (!nan_ok(x, width, e->nan[l])) return 0;
    } else if (memcmp(got + l * width, e->bits + l * width, width) != 0) return 0;
  }
  return 1;
}

static void hex(const uint8_t *b, char *out) {
  for (int i = 15; i >= 0; i--) out += sprintf(out, "%02x", b[i]);
}

static void *slurp(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *p = malloc(*size ? *size : 1);
  if (fread(p, 1, *size, f) != (size_t)*size) { perror(path); exit(2); }
  fclose(f);
  return p;
}

int main(int argc, char **argv) {
  long ncb, nmb;
  const struct rec *cases = slurp(argv[1], &ncb);
  const uint8_t *images = slurp(argv[2], &nmb);
  long ncases = ncb / (long)sizeof(struct rec);
  uint8_t *mem = calloc(MAX_MEM + 65536, 1);
  int fails = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char *what = pass ? OPT "-folded" : OPT;
    int checked[NFILES] = {0}, passed[NFILES] = {0};
    for (long i = 0; i < ncases; i++) {
      const struct rec *c = &cases[i];
      if (c->reset) {
        memset(mem, 0, MAX_MEM + 65536);
        if (c->mem >= 0) memcpy(mem, images + mem_off[c->mem], mem_size[c->mem]);
      }
      uint8_t res[2][16];
      memset(res, 0, sizeof res);
      trapped = 0;
      if (setjmp(jb) == 0) {
        fn_t fn = pass && c->kfn >= 0 ? kfns[c->kfn] : fns[c->fn];
        fn(c->args, res, mem);
      }
      int ok = !trapped;
      for (int r = 0; ok && r < c->nres; r++) ok = check(res[r], &c->res[r]);
      checked[c->file]++;
      if (ok) passed[c->file]++;
      else if (fails++ < 40) {
        char g[40], w[40];
        hex(res[0], g);
        hex(c->res[0].bits, w);
        printf("FAIL %s %s.wast:%d trap %d got %s want %s (nan lanes %d%d%d%d)\n", what, files[c->file], c->line,
               trapped, g, w, c->res[0].nan[0], c->res[0].nan[1], c->res[0].nan[2], c->res[0].nan[3]);
      }
    }
    for (int f = 0; f < NFILES; f++) printf("SUMMARY %s %s %d %d\n", what, files[f], checked[f], passed[f]);
  }
  printf("FAILS %d\n", fails);
  return fails != 0;
}
`;

// ---- the tests ---------------------------------------------------------------------------------

test('SIMD instructions match the spec testsuite (clang-16 -O0, -O2, -O2 AVX2)', async (t) => {
  const reason = missingTools(true);
  const suite = findSuite();
  if (reason !== undefined || suite === undefined) {
    console.log(`# simd.test: skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  const files = readdirSync(suite).filter((n) => /^simd_.*\.wast$/.test(n)).map((n) => n.slice(0, -5)).sort();
  const dir = mkdtempSync(join(tmpdir(), 'awsm-simd-'));
  try {
    await Promise.all(files.map((w) => run('wast2json', [join(suite, `${w}.wast`), '-o', join(dir, `${w}.json`)])));

    const mod = new ModuleBuilder();
    mod.declare('@trap', 'void', ['i32'], 'noreturn nounwind');
    const kmod = new ModuleBuilder();
    kmod.declare('@trap', 'void', ['i32'], 'noreturn nounwind');
    const funcs: Func[] = [];
    const images: Uint8Array[] = [];
    const cases: Case[] = [];
    let kfns = 0;
    const skipped: Record<string, number> = {};
    const opsSeen = new Set<string>();

    files.forEach((w, fileIdx) => {
      const json = JSON.parse(readFileSync(join(dir, `${w}.json`), 'utf8')) as { commands: Command[] };
      type Inst = { funcs: Map<string, number>; mem: number; fresh: boolean; folded: Map<number, number> };
      let current: Inst | undefined;
      const named = new Map<string, Inst>();
      for (const cmd of json.commands) {
        if (cmd.type === 'module') {
          const m = readModule(readFileSync(join(dir, cmd.filename!)));
          current = { funcs: new Map(), mem: -1, fresh: true, folded: new Map() };
          if (m.memory) { current.mem = images.length; images.push(m.memory); }
          for (const [name, fn] of m.funcs) {
            current.funcs.set(name, funcs.length);
            funcs.push(fn);
          }
          if (cmd.name !== undefined) named.set(cmd.name, current);
          continue;
        }
        if (cmd.type !== 'assert_return' && cmd.type !== 'action') continue;
        const act = cmd.action!;
        const inst = act.module !== undefined ? named.get(act.module) : current;
        const fnIdx = act.type === 'invoke' ? inst?.funcs.get(act.field) : undefined;
        const fn = fnIdx === undefined ? undefined : funcs[fnIdx];
        if (inst === undefined || fnIdx === undefined || fn === undefined) {
          skipped[w] = (skipped[w] ?? 0) + 1;
          continue;
        }
        const expected = cmd.type === 'action' ? [] : cmd.expected ?? [];
        for (const item of fn.body) if (item.kind === 'op' && item.ins.op.family === 'simd') opsSeen.add(item.ins.op.name);
        let kfn = -1;
        const nfolded = inst.folded.get(fnIdx) ?? 0;
        if (!fn.usesMemory && nfolded < FOLDED_PER_FUNC) {
          inst.folded.set(fnIdx, nfolded + 1);
          kfn = kfns++;
          emitFunc(kmod, `@k${kfn}`, fn, act.args.map((a) => encode(a).bytes));
        }
        cases.push({ file: fileIdx, line: cmd.line, fn: fnIdx, kfn, mem: inst.mem, reset: inst.fresh, args: act.args, expected });
        inst.fresh = false;
      }
    });
    funcs.forEach((fn, i) => emitFunc(mod, `@f${i}`, fn));

    const caseBuf = new DataView(new ArrayBuffer(cases.length * REC));
    cases.forEach((c, i) => writeCase(caseBuf, i * REC, c));
    writeFileSync(join(dir, 'cases.bin'), new Uint8Array(caseBuf.buffer));
    const memOff: number[] = [];
    let off = 0;
    for (const m of images) { memOff.push(off); off += m.length; }
    writeFileSync(join(dir, 'mem.bin'), Buffer.concat(images));
    const maxMem = Math.max(65536, ...images.map((m) => m.length));

    writeFileSync(join(dir, 'simd.ll'), mod.toString());
    writeFileSync(join(dir, 'folded.ll'), kmod.toString());
    const decl = (p: string, n: number): string[] => Array.from({ length: n }, (_, i) => `void ${p}${i}(const void *, void *, uint8_t *);`);
    const driver = [
      `#include <stdint.h>`,
      `#define NFILES ${files.length}`,
      `#define MAX_MEM ${maxMem}`,
      ...decl('f', funcs.length),
      ...decl('k', kfns),
      `static void (*const fns[])(const void *, void *, uint8_t *) = { ${funcs.map((_, i) => `f${i}`).join(', ')} };`,
      `static void (*const kfns[])(const void *, void *, uint8_t *) = { ${Array.from({ length: kfns }, (_, i) => `k${i}`).join(', ') || '0'} };`,
      `static const char *files[] = { ${files.map((w) => `"${w}"`).join(', ')} };`,
      `static const long mem_off[] = { ${memOff.join(', ') || '0'} };`,
      `static const long mem_size[] = { ${images.map((m) => m.length).join(', ') || '0'} };`,
      DRIVER,
    ].join('\n');
    writeFileSync(join(dir, 'driver.c'), driver);

    // Baseline x86-64 (SSE2) at -O0 and -O2, plus AVX2 (x86-64-v3) at -O2 when this CPU has
    // it: the lowerings select different instructions (pshufb, blendv, pminud…) there.
    const builds: Array<{ label: string; flags: string[] }> = [
      { label: 'O0', flags: ['-O0'] },
      { label: 'O2', flags: ['-O2'] },
    ];
    if (/^flags\s*:.*\bavx2\b/m.test(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')) {
      builds.push({ label: 'O2v3', flags: ['-O2', '-march=x86-64-v3'] });
    }
    const build = async ({ label, flags }: { label: string; flags: string[] }): Promise<string> => {
      const objs = ['simd.ll', 'folded.ll', 'driver.c'].map(async (src) => {
        const out = join(dir, `${src}.${label}.o`);
        const extra = src.endsWith('.c') ? [`-DOPT="${label}"`, '-w'] : ['-Wno-override-module'];
        await run('clang-16', [...flags, ...extra, '-c', join(dir, src), '-o', out], { maxBuffer: 1 << 26 });
        return out;
      });
      const exe = join(dir, `driver-${label}`);
      await run('clang-16', [...(await Promise.all(objs)), '-lm', '-o', exe]);
      return exe;
    };
    const exes = await Promise.all(builds.map(build));

    let failures = 0;
    const report: string[] = [];
    for (const exe of exes) {
      const r = spawnSync(exe, [join(dir, 'cases.bin'), join(dir, 'mem.bin')], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(r.error, undefined, String(r.error));
      for (const line of r.stdout.split('\n')) {
        if (line.startsWith('FAIL ')) report.push(line);
        const m = /^SUMMARY (\S+) (\S+) (\d+) (\d+)$/.exec(line);
        if (m) {
          const [, what, file, checked, passed] = m;
          if (Number(checked) > 0 && what!.indexOf('-') < 0) console.log(`# ${what} ${file}.wast: ${passed}/${checked} passed`);
          failures += Number(checked) - Number(passed);
        }
      }
      assert.ok(/^FAILS \d+$/m.test(r.stdout), `driver did not finish (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
    }
    const allSimd = OPCODES.filter((o) => o.family === 'simd').map((o) => o.name);
    const untested = allSimd.filter((n) => !opsSeen.has(n));
    console.log(`# ${funcs.length} functions, ${cases.length} cases per build (${kfns} also constant-folded); ` +
      `${opsSeen.size}/${allSimd.length} SIMD instructions exercised${untested.length ? ` (not: ${untested.join(' ')})` : ''}`);
    console.log(`# not applicable (unsupported function body or command): ${JSON.stringify(skipped)}`);
    assert.equal(failures, 0, `mismatches:\n${report.join('\n')}`);
  } finally {
    if (process.env.AWSM_KEEP_TMP) console.log(`# kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});

/** The text-format immediates for one row, and its expected immediate bytes check. */
function watImmediate(op: OpInfo): string {
  switch (op.imm) {
    case 'lane': case 'memarg_lane': return ` ${op.lanes! - 1}`;
    case 'shuffle': return ' ' + Array.from({ length: 16 }, (_, i) => (i * 3) % 32).join(' ');
    case 'v128': return ' i8x16 ' + Array.from({ length: 16 }, (_, i) => i).join(' ');
    default: return '';
  }
}

test('SIMD opcode rows match wabt encodings', async (t) => {
  const reason = missingTools(false);
  if (reason !== undefined) {
    console.log(`# simd.test: skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  const rows = OPCODES.filter((o) => o.family === 'simd');
  assert.equal(rows.length, 236, 'Wasm 2.0 has 236 SIMD instructions');
  assert.equal(new Set(rows.map((o) => o.code)).size, rows.length, 'sub-opcodes are unique');
  for (const o of rows) {
    assert.equal(o.prefix, 0xfd);
    assert.ok(o.sig !== undefined, `${o.name} has a signature`);
    if (o.imm === 'memarg' || o.imm === 'memarg_lane') assert.ok(o.memBytes !== undefined, `${o.name} has memBytes`);
    if (o.imm === 'lane' || o.imm === 'memarg_lane' || o.imm === 'shuffle') assert.ok(o.lanes !== undefined, `${o.name} has lanes`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'awsm-simd-ops-'));
  try {
    const fns = rows.map((o) => {
      const sig = o.sig!;
      const gets = sig.params.map((_, i) => `local.get ${i}`).join(' ');
      return `(func (param ${sig.params.join(' ')}) (result ${sig.results.join(' ')}) ${gets} ${o.name}${watImmediate(o)})`;
    });
    writeFileSync(join(dir, 'ops.wat'), `(module (memory 1)\n${fns.join('\n')}\n)\n`);
    await run('wat2wasm', [join(dir, 'ops.wat'), '-o', join(dir, 'ops.wasm')]);
    const wasm = readFileSync(join(dir, 'ops.wasm'));
    const r = new Reader(wasm);
    r.pos = 8;
    const bodies: Uint8Array[] = [];
    while (r.pos < wasm.length) {
      const id = r.byte();
      const end = r.u32() + r.pos;
      if (id === 10) for (let n = r.u32(); n > 0; n--) bodies.push(r.bytes(r.u32()));
      r.pos = end;
    }
    assert.equal(bodies.length, rows.length);
    rows.forEach((o, k) => {
      const b = new Reader(bodies[k]!);
      assert.equal(b.u32(), 0, 'no locals');
      o.sig!.params.forEach((_, i) => { assert.equal(b.byte(), 0x20); assert.equal(b.u32(), i); });
      assert.equal(b.byte(), 0xfd, o.name);
      assert.equal(b.u32(), o.code, `${o.name}: sub-opcode`);
      if (o.imm === 'memarg' || o.imm === 'memarg_lane') {
        assert.equal(2 ** b.u32(), o.memBytes, `${o.name}: natural alignment = memBytes`);
        assert.equal(b.u32(), 0, 'offset');
      }
      if (o.imm === 'lane' || o.imm === 'memarg_lane') assert.equal(b.byte(), o.lanes! - 1, `${o.name}: lane`);
      if (o.imm === 'v128' || o.imm === 'shuffle') b.bytes(16);
      assert.equal(b.byte(), 0x0b, `${o.name}: immediates end where the row says`);
      assert.equal(b.pos, bodies[k]!.length);
    });
    console.log(`# ${rows.length} SIMD rows match wat2wasm's encoding`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
