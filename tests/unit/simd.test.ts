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
 *    An AVX2 build (-O2 -march=x86-64-v3) is added when the CPU has AVX2. AWSM_SIMD_GENERIC=1
 *    checks the target-independent lowering used for aarch64 (SimdEnv.generic) instead.
 * 2. A .wat with one function per SIMD row (operands from the row's `sig`) goes through
 *    wat2wasm — which also type-checks the signatures — and each body must encode as the
 *    row says: 0xFD, the sub-opcode, then immediates of the row's kind (natural alignment =
 *    `memBytes`). The project's decoder reads them by the row, so each decoded body must be
 *    exactly `local.get…`, that row with the immediates written in the .wat, `end`.
 *
 * Needs wast2json / wat2wasm, clang-16 and the testsuite: a failure under CI=true when one is
 * missing, a skip with the reason elsewhere.
 * Scaffolding shared with numeric.test.ts: lowering-harness.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodeModule } from '../../src/binary/decoder.js';
import type { FuncType, Instr, MemArg, Module, ValType } from '../../src/binary/module.js';
import { OPCODES, type OpInfo } from '../../src/binary/opcodes.js';
import { f32bits, f64bits, FunctionBuilder, i32, ModuleBuilder, type Value } from '../../src/llvm/builder.js';
import { llvmType } from '../../src/translate/abi.js';
import { emitSimd, type SimdEnv } from '../../src/translate/simd.js';
import {
  clangBuild, convertScripts, DRIVER_PRELUDE, exportedFuncs, findSuite, moduleWithTrap, prerequisites,
  nanKind, runDrivers, trapIfVia, walkScript, withTempDir, type JsonValue,
} from './lowering-harness.js';
import { wat2wasm } from '../tools.js';

const MAX_ARGS = 4;
const MAX_RESULTS = 2;
/** Declared locals per function (the testsuite's straight-line functions have a few). */
const MAX_LOCALS = 16;
/** Cases per function also emitted with constant arguments. */
const FOLDED_PER_FUNC = 4;
const TOOLS = ['wast2json', 'wat2wasm', 'clang-16'];

// ---- which functions the test translates ------------------------------------------------------

const isData = (t: ValType): boolean => t !== 'funcref' && t !== 'externref';

/**
 * A straight-line body: `local.get/set/tee`, `drop`, constants (`global.get` of a constant
 * global is replaced by its initialiser), SIMD instructions and full-width scalar loads/stores.
 */
interface Func {
  params: ValType[];
  results: ValType[];
  locals: ValType[];
  body: Instr[];
  usesMemory: boolean;
}

interface WasmModule {
  funcs: Map<string, Func>;
  /** Initial memory image (pages × 64 KiB), or undefined without a memory. */
  memory?: Uint8Array;
}

const isConst = (ins: Instr): boolean => /^(i32|i64|f32|f64|v128)\.const$/.test(ins.op.name);

/** Whether the test translates `ins` as an operation (rather than as a local access or `drop`). */
function isOp(ins: Instr): boolean {
  const { op } = ins;
  if (op.sig === undefined) return false;
  if (op.family === 'simd') return true;
  if (op.family === 'numeric') return isConst(ins);
  // Full-width scalar loads and stores (used around the SIMD ones in the memory tests).
  return op.family === 'memory' && /^(i32|i64|f32|f64)\.(load|store)$/.test(op.name);
}

function readModule(m: Module): WasmModule {
  let memory: Uint8Array | undefined;
  const mem = m.mems[0];
  if (mem !== undefined) {
    memory = new Uint8Array(mem.limits.min * 65536);
    for (const d of m.datas) {
      const off = d.mode.kind === 'active' && d.mode.offset.length === 1 ? d.mode.offset[0]! : undefined;
      if (off?.op.name === 'i32.const') memory.set(d.init, Number(off.value));
    }
  }
  // Globals whose value is known: defined, initialised with a constant, and never set.
  const importedGlobals = m.imports.filter((i) => i.desc.kind === 'global').length;
  const setGlobals = new Set(m.funcs.flatMap((f) => f.body.filter((ins) => ins.op.name === 'global.set').map((ins) => ins.idx)));
  const global = (g: number): Instr | undefined => {
    const def = m.globals[g - importedGlobals];
    if (def === undefined || def.init.length !== 1 || (def.type.mutable && setGlobals.has(g))) return undefined;
    const init = def.init[0]!;
    return isConst(init) ? init : undefined;
  };
  const funcs = new Map<string, Func>();
  for (const { name, type, func } of exportedFuncs(m)) {
    const fn = straightLine(type, func.locals, func.body, global);
    if (fn !== undefined) funcs.set(name, fn);
  }
  return { funcs, memory };
}

/** `body` (decoded, ending with `end`) as a straight-line function, if it is one. */
function straightLine({ params, results }: FuncType, locals: ValType[], body: Instr[], global: (g: number) => Instr | undefined): Func | undefined {
  if (!params.every(isData) || !results.every(isData) || params.length > MAX_ARGS || results.length > MAX_RESULTS) return undefined;
  if (!locals.every(isData) || locals.length > MAX_LOCALS) return undefined;
  const out: Instr[] = [];
  const nvars = params.length + locals.length;
  let depth = 0;
  let usesMemory = false;
  for (const ins of body.slice(0, -1)) {
    switch (ins.op.name) {
      case 'nop': continue;
      case 'local.get': case 'local.set': case 'local.tee':
        if (ins.idx! >= nvars) return undefined;
        depth += ins.op.name === 'local.get' ? 1 : ins.op.name === 'local.set' ? -1 : 0;
        out.push(ins);
        break;
      case 'drop': depth--; out.push(ins); break;
      case 'global.get': {
        const g = global(ins.idx!);
        if (g === undefined) return undefined;
        depth++;
        out.push(g);
        break;
      }
      default: {
        if (!isOp(ins)) return undefined;
        const sig = ins.op.sig!;
        if (ins.memarg !== undefined) usesMemory = true;
        depth += sig.results.length - sig.params.length;
        out.push(ins);
      }
    }
    if (depth < 0) return undefined;
  }
  return depth === results.length ? { params, results, locals, body: out, usesMemory } : undefined;
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
    generic: process.env.AWSM_SIMD_GENERIC === '1',
    trapIf: trapIfVia(f),
    address(addr: Value, memarg: MemArg, _bytes: number): Value {
      const ea = f.add(f.zext(addr, 'i64'), { ty: 'i64', ref: String(memarg.offset) });
      return f.gep('i8', f.param(2), [ea]);
    },
  };
  const vars: Value[] = [
    ...fn.params.map((t, i) => (consts ? constOf(t, consts[i]!) : f.load(llvmType(t), slot(f.param(0), i), { align: 1 }))),
    ...fn.locals.map(zeroOf),
  ];
  const stack: Value[] = [];
  for (const ins of fn.body) {
    switch (ins.op.name) {
      case 'local.get': stack.push(vars[ins.idx!]!); break;
      case 'local.set': vars[ins.idx!] = stack.pop()!; break;
      case 'local.tee': vars[ins.idx!] = stack[stack.length - 1]!; break;
      case 'drop': stack.pop(); break;
      default: {
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
          const p = env.address(operands[0]!, ins.memarg!, ins.op.memBytes!);
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
    nan[i] = nanKind(s);
    if (nan[i] === 0) {
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

const DRIVER = DRIVER_PRELUDE + String.raw`
typedef void (*fn_t)(const void *args, void *res, uint8_t *mem);
struct exp { int32_t type, lane; uint8_t bits[16], nan[16]; };
struct rec { int32_t file, line, fn, kfn, mem, reset, nres, pad; uint8_t args[4][16]; struct exp res[2]; };
_Static_assert(sizeof(struct rec) == 176, "record layout");

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
  const suite = findSuite('simd_lane.wast');
  if (!prerequisites(t, suite, true, TOOLS) || suite === undefined) return;
  const files = readdirSync(suite).filter((n) => /^simd_.*\.wast$/.test(n)).map((n) => n.slice(0, -5)).sort();
  await withTempDir('awsm-simd-', async (dir) => {
    const scripts = await convertScripts(suite, files);

    const mod = moduleWithTrap();
    const kmod = moduleWithTrap();
    const funcs: Func[] = [];
    const images: Uint8Array[] = [];
    const cases: Case[] = [];
    let kfns = 0;
    const skipped: Record<string, number> = {};
    const opsSeen = new Set<string>();

    files.forEach((w, fileIdx) => {
      type Inst = { funcs: Map<string, number>; mem: number; fresh: boolean; folded: Map<number, number> };
      const instantiate = (decoded: Module): Inst => {
        const m = readModule(decoded);
        const inst: Inst = { funcs: new Map(), mem: -1, fresh: true, folded: new Map() };
        if (m.memory) { inst.mem = images.length; images.push(m.memory); }
        for (const [name, fn] of m.funcs) {
          inst.funcs.set(name, funcs.length);
          funcs.push(fn);
        }
        return inst;
      };
      walkScript(scripts[fileIdx]!, ['assert_return', 'action'], instantiate, (cmd, inst) => {
        const act = cmd.action!;
        const fnIdx = act.type === 'invoke' ? inst?.funcs.get(act.field) : undefined;
        const fn = fnIdx === undefined ? undefined : funcs[fnIdx];
        if (inst === undefined || fnIdx === undefined || fn === undefined) {
          skipped[w] = (skipped[w] ?? 0) + 1;
          return;
        }
        const expected = cmd.type === 'action' ? [] : cmd.expected ?? [];
        for (const ins of fn.body) if (ins.op.family === 'simd') opsSeen.add(ins.op.name);
        let kfn = -1;
        const nfolded = inst.folded.get(fnIdx) ?? 0;
        if (!fn.usesMemory && nfolded < FOLDED_PER_FUNC) {
          inst.folded.set(fnIdx, nfolded + 1);
          kfn = kfns++;
          emitFunc(kmod, `@k${kfn}`, fn, act.args.map((a) => encode(a).bytes));
        }
        cases.push({ file: fileIdx, line: cmd.line, fn: fnIdx, kfn, mem: inst.mem, reset: inst.fresh, args: act.args, expected });
        inst.fresh = false;
      });
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
    const exes = await Promise.all(builds.map(({ label, flags }) => clangBuild(dir, label, flags, ['simd.ll', 'folded.ll', 'driver.c'])));
    const { failures, report } = runDrivers(exes, [join(dir, 'cases.bin'), join(dir, 'mem.bin')], (what, file, passed, checked) => {
      if (!what.includes('-')) console.log(`# ${what} ${file}.wast: ${passed}/${checked} passed`);
    });
    // The Wasm 2.0 rows (relaxed SIMD has its own test, simd-relaxed.test.ts).
    const allSimd = OPCODES.filter((o) => o.family === 'simd' && !o.name.includes('.relaxed_')).map((o) => o.name);
    const untested = allSimd.filter((n) => !opsSeen.has(n));
    console.log(`# ${funcs.length} functions, ${cases.length} cases per build (${kfns} also constant-folded); ` +
      `${opsSeen.size}/${allSimd.length} SIMD instructions exercised${untested.length ? ` (not: ${untested.join(' ')})` : ''}`);
    console.log(`# not applicable (unsupported function body or command): ${JSON.stringify(skipped)}`);
    assert.equal(failures, 0, `mismatches:\n${report.join('\n')}`);
  }, '# ');
});

/** The 16 bytes written as the immediate of a `v128` / `shuffle` row. */
const watBytes = (op: OpInfo): number[] => Array.from({ length: 16 }, (_, i) => (op.imm === 'shuffle' ? (i * 3) % 32 : i));

/** Rows wabt 1.0.32 still knows by their names of before the relaxed SIMD proposal settled. */
const WABT_NAME: Record<string, string> = {
  'i16x8.relaxed_dot_i8x16_i7x16_s': 'i16x8.dot_i8x16_i7x16_s',
  'i32x4.relaxed_dot_i8x16_i7x16_add_s': 'i32x4.dot_i8x16_i7x16_add_s',
};

/** The text-format immediates for one row. */
function watImmediate(op: OpInfo): string {
  switch (op.imm) {
    case 'lane': case 'memarg_lane': return ` ${op.lanes! - 1}`;
    case 'shuffle': return ' ' + watBytes(op).join(' ');
    case 'v128': return ' i8x16 ' + watBytes(op).join(' ');
    default: return '';
  }
}

test('SIMD opcode rows match wabt encodings', async (t) => {
  if (!prerequisites(t, undefined, false, TOOLS)) return;
  const rows = OPCODES.filter((o) => o.family === 'simd');
  assert.equal(rows.length, 236 + 20, 'Wasm 2.0 has 236 SIMD instructions, relaxed SIMD 20 more');
  assert.equal(new Set(rows.map((o) => o.code)).size, rows.length, 'sub-opcodes are unique');
  for (const o of rows) {
    assert.equal(o.prefix, 0xfd);
    assert.ok(o.sig !== undefined, `${o.name} has a signature`);
    if (o.imm === 'memarg' || o.imm === 'memarg_lane') assert.ok(o.memBytes !== undefined, `${o.name} has memBytes`);
    if (o.imm === 'lane' || o.imm === 'memarg_lane' || o.imm === 'shuffle') assert.ok(o.lanes !== undefined, `${o.name} has lanes`);
  }
  await withTempDir('awsm-simd-ops-', async (dir) => {
    const fns = rows.map((o) => {
      const sig = o.sig!;
      const gets = sig.params.map((_, i) => `local.get ${i}`).join(' ');
      return `(func (param ${sig.params.join(' ')}) (result ${sig.results.join(' ')}) ${gets} ${WABT_NAME[o.name] ?? o.name}${watImmediate(o)})`;
    });
    const wasm = readFileSync(wat2wasm({ text: `(module (memory 1)\n${fns.join('\n')}\n)\n` }, join(dir, 'ops.wasm'), ['--enable-relaxed-simd']));
    // The decoder finds each row by (0xFD, sub-opcode) and reads the immediates the row's
    // `imm` says; the body being exactly `local.get…, <row>, end` checks both against wabt.
    const { funcs } = decodeModule(wasm);
    assert.equal(funcs.length, rows.length);
    rows.forEach((o, k) => {
      const { locals, body } = funcs[k]!;
      const n = o.sig!.params.length;
      assert.equal(locals.length, 0, 'no locals');
      body.slice(0, n).forEach((ins, i) => { assert.equal(ins.op.name, 'local.get'); assert.equal(ins.idx, i); });
      const ins = body[n]!;
      assert.equal(wasm[ins.pos], 0xfd, `${o.name}: prefix`);
      assert.equal(ins.op.name, o.name, `${o.name}: sub-opcode`);
      if (o.imm === 'memarg' || o.imm === 'memarg_lane') {
        assert.equal(2 ** ins.memarg!.align, o.memBytes, `${o.name}: natural alignment = memBytes`);
        assert.equal(ins.memarg!.offset, 0, 'offset');
      }
      if (o.imm === 'lane' || o.imm === 'memarg_lane') assert.equal(ins.lane, o.lanes! - 1, `${o.name}: lane`);
      if (o.imm === 'v128' || o.imm === 'shuffle') assert.deepEqual(Array.from(ins.bytes!), watBytes(o), `${o.name}: bytes`);
      assert.equal(body[n + 1]?.op.name, 'end', `${o.name}: immediates end where the row says`);
      assert.equal(body.length, n + 2);
    });
    console.log(`# ${rows.length} SIMD rows match wat2wasm's encoding`);
  });
});
