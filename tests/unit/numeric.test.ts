/**
 * Numeric instructions against the spec testsuite's own expectations.
 *
 * For each .wast file below, wast2json gives the modules (.wasm) and the assert_return /
 * assert_trap commands. Every exported function whose body is a straight-line expression of
 * `local.get` (parameters), constants, `drop` and numeric instructions (i32.add, f64.min,
 * i64.trunc_f32_u, …) is translated with `emitNumeric` into an LLVM function
 *   i64 @fN(i64 %p0, …, i64 %p3)
 * taking and returning raw bits, so that NaN payloads cross the C boundary unchanged. The
 * same expression is also emitted once per test case with the arguments substituted as
 * constants (@kN), to exercise LLVM's constant folder at -O2. A generated C driver calls every
 * case, compares bits (nan:canonical / nan:arithmetic checked as such) and trap kinds (trapIf
 * calls `void @trap(i32)`, which longjmps back). The whole thing is built with clang-16 at -O0
 * and -O2 and must report no mismatch.
 *
 * Skips, with the reason printed, when wast2json, clang-16 or the testsuite is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { Instr, NumType } from '../../src/binary/module.js';
import { lookupOp, lookupPrefixedOp, opByName, OPCODES } from '../../src/binary/opcodes.js';
import { FunctionBuilder, i32, i64, ModuleBuilder, type Value } from '../../src/llvm/builder.js';
import { llvmType, TrapKind } from '../../src/translate/abi.js';
import { emitNumeric, type NumericEnv } from '../../src/translate/numeric.js';

const run = promisify(execFile);

const WAST_FILES = [
  'i32', 'i64', 'f32', 'f64', 'f32_cmp', 'f64_cmp', 'f32_bitwise', 'f64_bitwise',
  'conversions', 'int_exprs', 'float_misc', 'float_exprs', 'const', 'float_literals',
  'int_literals', 'traps',
];
/** Files where every assert_return / assert_trap must be covered (the others mix in memory, locals, …). */
const FULLY_COVERED = WAST_FILES.filter((w) => !['float_exprs', 'int_literals', 'traps'].includes(w));
const MAX_PARAMS = 4;

function findSuite(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.AWSM_TESTSUITE,
    resolve(here, '../../../../shared/wasm-testsuite'), // dist/tests/unit → repo/../shared
    '/work/shared/wasm-testsuite',
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(join(c, 'i32.wast')));
}

function haveTool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

// ---- a minimal reader for the parts of a .wasm the test needs ---------------------------------

/** A straight-line expression body: `local.get`s, constants, `drop` and numeric instructions. */
interface ExprFunc {
  params: NumType[];
  results: NumType[];
  body: Array<{ kind: 'get'; idx: number } | { kind: 'drop' } | { kind: 'op'; ins: Instr }>;
}

const VALTYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const isNum = (t: string): t is NumType => t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64';

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
  limits(): void { const flag = this.byte(); this.u32(); if (flag & 1) this.u32(); }
}

/** The exported functions of a module whose bodies are straight-line numeric expressions. */
function readExprFuncs(wasm: Uint8Array): Map<string, ExprFunc> {
  const r = new Reader(wasm);
  r.pos = 8;
  const types: Array<{ params: string[]; results: string[] }> = [];
  const funcTypes: number[] = [];
  let imported = 0;
  const exports = new Map<string, number>();
  const bodies: Uint8Array[] = [];
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        r.byte();
        const params = Array.from({ length: r.u32() }, () => VALTYPES[r.byte()] ?? '?');
        const results = Array.from({ length: r.u32() }, () => VALTYPES[r.byte()] ?? '?');
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name(); r.name();
        const kind = r.byte();
        if (kind === 0) { r.u32(); imported++; }
        else if (kind === 1) { r.byte(); r.limits(); }
        else if (kind === 2) r.limits();
        else { r.byte(); r.byte(); }
      }
    } else if (id === 3) {
      for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const idx = r.u32();
        if (kind === 0) exports.set(name, idx);
      }
    } else if (id === 10) {
      for (let n = r.u32(); n > 0; n--) { const sz = r.u32(); bodies.push(r.bytes(sz)); }
    }
    r.pos = end;
  }
  const out = new Map<string, ExprFunc>();
  for (const [name, idx] of exports) {
    const body = bodies[idx - imported];
    const ty = types[funcTypes[idx - imported] ?? -1];
    if (body === undefined || ty === undefined) continue;
    if (!ty.params.every(isNum) || !ty.results.every(isNum) || ty.params.length > MAX_PARAMS || ty.results.length > 1) continue;
    const fn = parseBody(body, ty.params as NumType[], ty.results as NumType[]);
    if (fn !== undefined) out.set(name, fn);
  }
  return out;
}

function parseBody(bytes: Uint8Array, params: NumType[], results: NumType[]): ExprFunc | undefined {
  const r = new Reader(bytes);
  if (r.u32() !== 0) return undefined; // declares locals
  const body: ExprFunc['body'] = [];
  let depth = 0;
  while (r.pos < bytes.length) {
    const pos = r.pos;
    const code = r.byte();
    if (code === 0x0b) {
      if (r.pos !== bytes.length || depth !== results.length) return undefined;
      return { params, results, body };
    }
    if (code === 0x20) { body.push({ kind: 'get', idx: r.u32() }); depth++; continue; }
    if (code === 0x1a) { body.push({ kind: 'drop' }); depth--; continue; }
    const op = code === 0xfc ? lookupPrefixedOp(0xfc, r.u32()) : lookupOp(code);
    if (op === undefined || op.family !== 'numeric' || op.sig === undefined) return undefined;
    const ins: Instr = { op, pos };
    const view = (n: number): DataView => { const s = r.bytes(n); return new DataView(s.buffer, s.byteOffset, n); };
    if (op.imm === 'i32') ins.value = Number(r.sleb(32));
    else if (op.imm === 'i64') ins.value = r.sleb(64);
    else if (op.imm === 'f32') ins.bits = view(4).getUint32(0, true);
    else if (op.imm === 'f64') ins.bits = view(8).getBigUint64(0, true);
    body.push({ kind: 'op', ins });
    depth += op.sig.results.length - op.sig.params.length;
  }
  return undefined;
}

// ---- LLVM generation ---------------------------------------------------------------------------

const BIT_TYPES: Record<NumType, string> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };

function makeEnv(mod: ModuleBuilder, f: FunctionBuilder): NumericEnv {
  return {
    f,
    declare: (name, retTy, params) => mod.declare(name, retTy, params),
    trapIf(cond: Value, kind: TrapKind): void {
      const t = f.newBlock('trap');
      const c = f.newBlock('cont');
      f.condBr(cond, t, c);
      f.setBlock(t);
      f.call('void', '@trap', [i32(kind)]);
      f.unreachable();
      f.setBlock(c);
    },
  };
}

/** Emit `fn` into a new `i64 name(i64 × MAX_PARAMS)`; `consts` replaces the parameters. */
function emitFunc(mod: ModuleBuilder, name: string, fn: ExprFunc, consts?: bigint[]): void {
  const f = new FunctionBuilder(name, 'i64', Array.from({ length: consts ? 0 : MAX_PARAMS }, (_, i) => ({ ty: 'i64', name: `p${i}` })));
  const env = makeEnv(mod, f);
  const args: Value[] = fn.params.map((t, i) => {
    if (consts) {
      // As the translator would: through the `t.const` instruction.
      const c = consts[i]!;
      const ins: Instr = { op: opByName(`${t}.const`), pos: 0 };
      if (t === 'i32') ins.value = Number(BigInt.asIntN(32, c));
      else if (t === 'i64') ins.value = BigInt.asIntN(64, c);
      else ins.bits = t === 'f32' ? Number(c) : c;
      return emitNumeric(env, ins, []);
    }
    const p = f.param(i);
    const narrow = BIT_TYPES[t] === 'i32' ? f.trunc(p, 'i32') : p;
    return t === 'f32' || t === 'f64' ? f.bitcast(narrow, llvmType(t)) : narrow;
  });
  const stack: Value[] = [];
  for (const item of fn.body) {
    if (item.kind === 'get') stack.push(args[item.idx]!);
    else if (item.kind === 'drop') stack.pop();
    else {
      const n = item.ins.op.sig!.params.length;
      const operands = stack.splice(stack.length - n, n);
      stack.push(emitNumeric(env, item.ins, operands));
    }
  }
  const t = fn.results[0];
  if (t === undefined) f.ret(i64(0n));
  else {
    let v = stack.pop()!;
    if (t === 'f32' || t === 'f64') v = f.bitcast(v, BIT_TYPES[t]);
    if (v.ty === 'i32') v = f.zext(v, 'i64');
    f.ret(v);
  }
  mod.addFunction(f);
}

// ---- the test ---------------------------------------------------------------------------------

interface JsonValue { type: string; value?: string }
interface Command {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  text?: string;
  action?: { type: string; module?: string; field: string; args: JsonValue[] };
  expected?: JsonValue[];
}

const TRAP_TEXT: Record<string, TrapKind> = {
  'integer divide by zero': TrapKind.IntegerDivideByZero,
  'integer overflow': TrapKind.IntegerOverflow,
  'invalid conversion to integer': TrapKind.InvalidConversion,
};

interface Case { file: number; line: number; fn: number; args: bigint[]; trap: number; rty: NumType | 'none'; nan: number; expect: bigint }

const RTY: Record<NumType | 'none', number> = { none: 0, i32: 1, i64: 2, f32: 3, f64: 4 };

const DRIVER_HEAD = String.raw`
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t (*fn_t)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*kfn_t)(void);
struct tc { int file, line, fn, trap, rty, nan; uint64_t a[4]; uint64_t expect; };

static jmp_buf jb;
static volatile int trapped;
void trap(int32_t kind) { trapped = kind; longjmp(jb, 1); }

static int check(const struct tc *c, int kind, uint64_t r) {
  if (c->trap) return kind == c->trap;
  if (kind) return 0;
  switch (c->rty) {
  case 0: return 1;
  case 1: return (uint32_t)r == (uint32_t)c->expect;
  case 2: return r == c->expect;
  case 3: {
    uint32_t x = (uint32_t)r;
    if (c->nan == 1) return (x & 0x7fffffffu) == 0x7fc00000u;
    if (c->nan == 2) return (x & 0x7fc00000u) == 0x7fc00000u;
    return x == (uint32_t)c->expect;
  }
  default:
    if (c->nan == 1) return (r & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    if (c->nan == 2) return (r & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
    return r == c->expect;
  }
}
`;

const DRIVER_MAIN = String.raw`
static int run(const char *what, int folded) {
  int checked[NFILES] = {0}, passed[NFILES] = {0}, fails = 0;
  for (int i = 0; i < NCASES; i++) {
    const struct tc *c = &cases[i];
    volatile uint64_t r = 0;
    volatile int kind = 0;
    trapped = 0;
    if (setjmp(jb) == 0) {
#ifdef FOLDED
      if (folded) r = kfns[i](); else
#endif
      r = fns[c->fn](c->a[0], c->a[1], c->a[2], c->a[3]);
    } else {
      kind = trapped;
    }
    checked[c->file]++;
    if (check(c, kind, r)) passed[c->file]++;
    else if (fails++ < 40)
      printf("FAIL %s %s.wast:%d got %s%" PRIx64 " (trap %d), want trap %d / %" PRIx64 " nan %d\n", what,
             files[c->file], c->line, kind ? "trap " : "", (uint64_t)r, kind, c->trap, c->expect, c->nan);
  }
  for (int f = 0; f < NFILES; f++) printf("SUMMARY %s %s %d %d\n", what, files[f], checked[f], passed[f]);
  return fails;
}

int main(void) {
  int fails = run(OPT, 0);
#ifdef FOLDED
  fails += run(OPT "-folded", 1);
#endif
  printf("FAILS %d\n", fails);
  return fails != 0;
}
`;

test('emitNumeric handles every numeric opcode and types its result', () => {
  const mod = new ModuleBuilder();
  const f = new FunctionBuilder('@all', 'void', []);
  const env = makeEnv(mod, f);
  const sample: Record<NumType, Value> = { i32: i32(7), i64: i64(7n), f32: { ty: 'float', ref: '1.5' }, f64: { ty: 'double', ref: '1.5' } };
  let n = 0;
  for (const op of OPCODES) {
    if (op.family !== 'numeric') continue;
    const ins: Instr = { op, pos: 0 };
    if (op.imm === 'i32' || op.imm === 'i64') ins.value = op.imm === 'i32' ? -1 : -1n;
    if (op.imm === 'f32' || op.imm === 'f64') ins.bits = op.imm === 'f32' ? 0x7fa00000 : 0x7ff4000000000000n;
    const sig = op.sig!;
    const r = emitNumeric(env, ins, sig.params.map((t) => sample[t as NumType]));
    assert.equal(r.ty, llvmType(sig.results[0]!), op.name);
    n++;
  }
  assert.equal(n, 4 + (0xc4 - 0x45 + 1) + 8, 'constants, 0x45–0xC4, trunc_sat');
});

test('numeric instructions match the spec testsuite (clang-16 -O0 and -O2)', async (t) => {
  const suite = findSuite();
  const reason =
    suite === undefined ? 'spec testsuite not found (set AWSM_TESTSUITE)'
    : !haveTool('wast2json', ['--version']) ? 'wast2json not installed'
    : !haveTool('clang-16', ['--version']) ? 'clang-16 not installed'
    : undefined;
  if (reason !== undefined || suite === undefined) {
    console.log(`numeric.test: skipped: ${reason}`);
    t.skip(reason);
    return;
  }

  const dir = mkdtempSync(join(tmpdir(), 'awsm-numeric-'));
  try {
    const mod = new ModuleBuilder();
    mod.declare('@trap', 'void', ['i32'], 'noreturn nounwind');
    // The constant-argument functions, split for parallel compilation (they dominate build time).
    const kmods = Array.from({ length: Math.min(8, Math.max(1, availableParallelism())) }, () => {
      const m = new ModuleBuilder();
      m.declare('@trap', 'void', ['i32'], 'noreturn nounwind');
      return m;
    });
    const funcs: ExprFunc[] = [];
    const cases: Case[] = [];
    const skipped: Record<string, number> = {};

    await Promise.all(WAST_FILES.map((w) => run('wast2json', [join(suite, `${w}.wast`), '-o', join(dir, `${w}.json`)])));

    WAST_FILES.forEach((w, fileIdx) => {
      const json = JSON.parse(readFileSync(join(dir, `${w}.json`), 'utf8')) as { commands: Command[] };
      let current: Map<string, number> | undefined;
      const named = new Map<string, Map<string, number>>();
      for (const cmd of json.commands) {
        if (cmd.type === 'module') {
          const exprs = readExprFuncs(readFileSync(join(dir, cmd.filename!)));
          current = new Map();
          for (const [name, fn] of exprs) {
            current.set(name, funcs.length);
            funcs.push(fn);
          }
          if (cmd.name !== undefined) named.set(cmd.name, current);
          continue;
        }
        if (cmd.type !== 'assert_return' && cmd.type !== 'assert_trap') continue;
        const act = cmd.action!;
        const fnIdx = act.type === 'invoke' ? (act.module ? named.get(act.module) : current)?.get(act.field) : undefined;
        const fn = fnIdx === undefined ? undefined : funcs[fnIdx];
        const exp = cmd.expected ?? [];
        if (fnIdx === undefined || fn === undefined || !act.args.every((a) => isNum(a.type)) || exp.length > 1) {
          skipped[w] = (skipped[w] ?? 0) + 1;
          continue;
        }
        const args = act.args.map((a) => BigInt(a.value!));
        const c: Case = { file: fileIdx, line: cmd.line, fn: fnIdx, args, trap: 0, rty: fn.results[0] ?? 'none', nan: 0, expect: 0n };
        if (cmd.type === 'assert_trap') {
          const kind = TRAP_TEXT[cmd.text!];
          assert.ok(kind !== undefined, `unknown trap text ${cmd.text}`);
          c.trap = kind;
        } else if (exp[0] !== undefined) {
          const v = exp[0].value!;
          if (v === 'nan:canonical') c.nan = 1;
          else if (v === 'nan:arithmetic') c.nan = 2;
          else c.expect = BigInt(v);
        }
        cases.push(c);
        emitFunc(kmods[(cases.length - 1) % kmods.length]!, `@k${cases.length - 1}`, fn, args);
      }
    });
    for (const w of FULLY_COVERED) assert.equal(skipped[w], undefined, `${w}.wast: ${skipped[w]} commands not translatable`);
    funcs.forEach((fn, i) => emitFunc(mod, `@f${i}`, fn));

    writeFileSync(join(dir, 'numeric.ll'), mod.toString());
    const folded = kmods.map((m, i) => {
      writeFileSync(join(dir, `folded${i}.ll`), m.toString());
      return `folded${i}.ll`;
    });
    const hex = (x: bigint): string => `0x${BigInt.asUintN(64, x).toString(16)}ull`;
    const c = [
      DRIVER_HEAD,
      `#define NFILES ${WAST_FILES.length}`,
      `#define NCASES ${cases.length}`,
      `static const char *files[] = { ${WAST_FILES.map((w) => `"${w}"`).join(', ')} };`,
      ...funcs.map((_, i) => `uint64_t f${i}(uint64_t, uint64_t, uint64_t, uint64_t);`),
      `static const fn_t fns[] = { ${funcs.map((_, i) => `f${i}`).join(', ')} };`,
      '#ifdef FOLDED',
      ...cases.map((_, i) => `uint64_t k${i}(void);`),
      `static const kfn_t kfns[] = { ${cases.map((_, i) => `k${i}`).join(', ')} };`,
      '#endif',
      'static const struct tc cases[] = {',
      ...cases.map((k) => {
        const a = [0, 1, 2, 3].map((i) => hex(k.args[i] ?? 0n)).join(', ');
        return `  { ${k.file}, ${k.line}, ${k.fn}, ${k.trap}, ${RTY[k.rty]}, ${k.nan}, { ${a} }, ${hex(k.expect)} },`;
      }),
      '};',
      DRIVER_MAIN,
    ].join('\n');
    writeFileSync(join(dir, 'driver.c'), c);

    // -O0: the runtime-argument functions. -O2: those, and the constant-argument ones (at -O0
    // LLVM folds nothing, so they would only repeat the first run).
    const build = async (opt: string, withFolded: boolean): Promise<string> => {
      const srcs = ['numeric.ll', 'driver.c', ...(withFolded ? folded : [])];
      const objs = srcs.map(async (src) => {
        const out = join(dir, `${src}.${opt}.o`);
        const extra = src.endsWith('.c') ? [`-DOPT="${opt}"`, ...(withFolded ? ['-DFOLDED'] : []), '-w'] : ['-Wno-override-module'];
        await run('clang-16', [`-${opt}`, ...extra, '-c', join(dir, src), '-o', out], { maxBuffer: 1 << 26 });
        return out;
      });
      const exe = join(dir, `driver-${opt}`);
      await run('clang-16', [...(await Promise.all(objs)), '-lm', '-o', exe]);
      return exe;
    };
    const exes = await Promise.all([build('O0', false), build('O2', true)]);

    let failures = 0;
    const report: string[] = [];
    for (const exe of exes) {
      const r = spawnSync(exe, { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(r.error, undefined, String(r.error));
      for (const line of r.stdout.split('\n')) {
        if (line.startsWith('FAIL ')) report.push(line);
        const m = /^SUMMARY (\S+) (\S+) (\d+) (\d+)$/.exec(line);
        if (m) {
          const [, what, file, checked, passed] = m;
          if (Number(checked) > 0) console.log(`${what} ${file}.wast: ${passed}/${checked} passed`);
          failures += Number(checked) - Number(passed);
        }
      }
      assert.ok(/^FAILS \d+$/m.test(r.stdout), `driver did not finish (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
    }
    console.log(`${funcs.length} functions, ${cases.length} cases per build; not applicable: ${JSON.stringify(skipped)}`);
    assert.equal(failures, 0, `mismatches:\n${report.join('\n')}`);
  } finally {
    if (process.env.AWSM_KEEP_TMP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
