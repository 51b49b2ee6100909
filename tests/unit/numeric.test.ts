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
 * and -O2 and must report no mismatch. Modules are read with the project's decoder; the
 * scaffolding (tools, wast2json, clang, driver output) is shared with simd.test.ts in
 * lowering-harness.ts.
 *
 * Needs wast2json, clang-16 and the testsuite: a failure under CI=true when one is missing, a
 * skip with the reason elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import type { FuncType, Instr, Module, NumType, ValType } from '../../src/binary/module.js';
import { opByName, OPCODES } from '../../src/binary/opcodes.js';
import { FunctionBuilder, i32, i64, ModuleBuilder, type Value } from '../../src/llvm/builder.js';
import { llvmType, TrapKind } from '../../src/translate/abi.js';
import { emitNumeric, emitWide, type NumericEnv } from '../../src/translate/numeric.js';
import {
  clangBuild, convertScripts, DRIVER_PRELUDE, exportedFuncs, findSuite, moduleWithTrap, prerequisites,
  nanKind, runDrivers, trapIfVia, walkScript, withTempDir,
} from './lowering-harness.js';

const WAST_FILES = [
  'i32', 'i64', 'f32', 'f64', 'f32_cmp', 'f64_cmp', 'f32_bitwise', 'f64_bitwise',
  'conversions', 'int_exprs', 'float_misc', 'float_exprs', 'const', 'float_literals',
  'int_literals', 'traps',
];
/** Files where every assert_return / assert_trap must be covered (the others mix in memory, locals, …). */
const FULLY_COVERED = WAST_FILES.filter((w) => !['float_exprs', 'int_literals', 'traps'].includes(w));
const MAX_PARAMS = 4;

// ---- which functions the test translates ------------------------------------------------------

/** A straight-line expression body: `local.get`s, constants, `drop` and numeric instructions. */
interface ExprFunc {
  params: NumType[];
  results: NumType[];
  /** The body without its final `end`. */
  body: Instr[];
}

const isNum = (t: string): t is NumType => t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64';
const allNum = (ts: ValType[]): ts is NumType[] => ts.every(isNum);

/** `body` (decoded, ending with `end`) as an expression function, if it is one. */
function exprFunc({ params, results }: FuncType, locals: ValType[], body: Instr[]): ExprFunc | undefined {
  if (!allNum(params) || !allNum(results) || params.length > MAX_PARAMS || results.length > 1 || locals.length > 0) return undefined;
  const expr = body.slice(0, -1);
  let depth = 0;
  for (const { op } of expr) {
    if (op.name === 'local.get') depth++;
    else if (op.name === 'drop') depth--;
    else if (op.family === 'numeric' && op.sig !== undefined) depth += op.sig.results.length - op.sig.params.length;
    else return undefined;
  }
  return depth === results.length ? { params, results, body: expr } : undefined;
}

// ---- LLVM generation ---------------------------------------------------------------------------

const BIT_TYPES: Record<NumType, string> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };

function makeEnv(mod: ModuleBuilder, f: FunctionBuilder): NumericEnv {
  return { f, declare: (name, retTy, params) => mod.declare(name, retTy, params), trapIf: trapIfVia(f) };
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
  for (const ins of fn.body) {
    if (ins.op.name === 'local.get') stack.push(args[ins.idx!]!);
    else if (ins.op.name === 'drop') stack.pop();
    else {
      const n = ins.op.sig!.params.length;
      const operands = stack.splice(stack.length - n, n);
      stack.push(emitNumeric(env, ins, operands));
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

const TRAP_TEXT: Record<string, TrapKind> = {
  'integer divide by zero': TrapKind.IntegerDivideByZero,
  'integer overflow': TrapKind.IntegerOverflow,
  'invalid conversion to integer': TrapKind.InvalidConversion,
};

interface Case { file: number; line: number; fn: number; args: bigint[]; trap: number; rty: NumType | 'none'; nan: number; expect: bigint }

const RTY: Record<NumType | 'none', number> = { none: 0, i32: 1, i64: 2, f32: 3, f64: 4 };

const DRIVER_HEAD = DRIVER_PRELUDE + String.raw`
typedef uint64_t (*fn_t)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*kfn_t)(void);
struct tc { int file, line, fn, trap, rty, nan; uint64_t a[4]; uint64_t expect; };

static int check(const struct tc *c, int kind, uint64_t r) {
  if (c->trap) return kind == c->trap;
  if (kind) return 0;
  switch (c->rty) {
  case 0: return 1;
  case 1: return (uint32_t)r == (uint32_t)c->expect;
  case 2: return r == c->expect;
  case 3: return c->nan ? nan_ok(r, 4, c->nan) : (uint32_t)r == (uint32_t)c->expect;
  default: return c->nan ? nan_ok(r, 8, c->nan) : r == c->expect;
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
    const args = sig.params.map((t) => sample[t as NumType]);
    // Wide arithmetic has two results (emitWide); emitNumeric refuses it.
    const rs = sig.results.length === 2 ? emitWide(env, ins, args) : [emitNumeric(env, ins, args)];
    assert.deepEqual(rs.map((r) => r.ty), sig.results.map(llvmType), op.name);
    n++;
  }
  assert.equal(n, 4 + (0xc4 - 0x45 + 1) + 8 + 4, 'constants, 0x45–0xC4, trunc_sat, wide arithmetic');
  assert.throws(() => emitNumeric(env, { op: opByName('i64.add128'), pos: 0 }, [i64(1n), i64(2n), i64(3n), i64(4n)]), /unsupported instruction i64.add128/);
  assert.throws(() => emitWide(env, { op: opByName('i64.add'), pos: 0 }, [i64(1n), i64(2n)]), /not a wide-arithmetic instruction/);
});

/**
 * Wide arithmetic against BigInt: each instruction in a function `void @w(ptr %in, ptr %out)`,
 * built at -O0 and -O2, on edge operands (0, ±1, the i64 extremes, carries across the halves)
 * and pseudo-random ones; the two results must be the 128-bit result's low and high halves.
 */
test('wide arithmetic matches 128-bit BigInt arithmetic (clang-16 -O0 and -O2)', async (t) => {
  if (!prerequisites(t, undefined, false, ['clang-16'])) return;
  const M64 = (1n << 64n) - 1n;
  const edges = [0n, 1n, 2n, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn, 1n << 32n];
  let seed = 0x2545f4914f6cdd1dn;
  const rand = (): bigint => ((seed = (seed * 6364136223846793005n + 1442695040888963407n) & M64), seed);
  const ops = ['i64.add128', 'i64.sub128', 'i64.mul_wide_s', 'i64.mul_wide_u'];
  const cases: Array<{ op: number; args: bigint[] }> = [];
  ops.forEach((name, op) => {
    const n = opByName(name).sig!.params.length;
    for (let k = 0; k < 200; k++) {
      const pick = (i: number): bigint => (k < 100 ? edges[(k * (i + 3) + i) % edges.length]! : rand());
      cases.push({ op, args: Array.from({ length: 4 }, (_, i) => (i < n ? pick(i) : 0n)) });
    }
  });
  const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
  const want = ({ op, args: [a, b, c, d] }: { op: number; args: bigint[] }): bigint => {
    const pair = (lo: bigint, hi: bigint): bigint => (hi << 64n) | lo;
    switch (ops[op]) {
      case 'i64.add128': return pair(a!, b!) + pair(c!, d!);
      case 'i64.sub128': return pair(a!, b!) - pair(c!, d!);
      case 'i64.mul_wide_s': return s64(a!) * s64(b!);
      default: return a! * b!;
    }
  };
  const mod = new ModuleBuilder();
  ops.forEach((name, op) => {
    const f = new FunctionBuilder(`@w${op}`, 'void', [{ ty: 'ptr', name: 'in' }, { ty: 'ptr', name: 'out' }]);
    const slot = (p: Value, i: number): Value => f.gep('i64', p, [i64(BigInt(i))]);
    const ins: Instr = { op: opByName(name), pos: 0 };
    const args = ins.op.sig!.params.map((_, i) => f.load('i64', slot(f.param(0), i)));
    emitWide(makeEnv(mod, f), ins, args).forEach((r, i) => f.store(r, slot(f.param(1), i)));
    f.ret();
    mod.addFunction(f);
  });
  const u = (x: bigint): string => `${BigInt.asUintN(64, x)}ull`;
  const driver = `#include <stdio.h>
#include <stdint.h>
${ops.map((_, i) => `void w${i}(const uint64_t *, uint64_t *);`).join('\n')}
static void (*const fns[])(const uint64_t *, uint64_t *) = { ${ops.map((_, i) => `w${i}`).join(', ')} };
static const struct { int op; uint64_t in[4], lo, hi; } cases[] = {
${cases.map((c) => { const r = want(c); return `  { ${c.op}, { ${c.args.map(u).join(', ')} }, ${u(r)}, ${u(r >> 64n)} },`; }).join('\n')}
};
int main(void) {
  int fails = 0;
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint64_t out[2];
    fns[cases[i].op](cases[i].in, out);
    if (out[0] != cases[i].lo || out[1] != cases[i].hi) {
      if (fails++ < 10) printf("FAIL case %u op %d: got %016llx %016llx\\n", i, cases[i].op, (unsigned long long)out[1], (unsigned long long)out[0]);
    }
  }
  printf("CHECKED %u FAILS %d\\n", (unsigned)(sizeof cases / sizeof cases[0]), fails);
  return fails != 0;
}
`;
  await withTempDir('awsm-wide-', async (dir) => {
    writeFileSync(join(dir, 'wide.ll'), mod.toString());
    writeFileSync(join(dir, 'driver.c'), driver);
    for (const opt of ['-O0', '-O2']) {
      const exe = await clangBuild(dir, opt.slice(1), [opt], ['wide.ll', 'driver.c']);
      const r = spawnSync(exe, [], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${opt}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`CHECKED ${cases.length} FAILS 0`));
    }
  });
});

test('numeric instructions match the spec testsuite (clang-16 -O0 and -O2)', async (t) => {
  const suite = findSuite('i32.wast');
  if (!prerequisites(t, suite, true, ['wast2json', 'clang-16']) || suite === undefined) return;

  await withTempDir('awsm-numeric-', async (dir) => {
    const mod = moduleWithTrap();
    // The constant-argument functions, split for parallel compilation (they dominate build time).
    const kmods = Array.from({ length: Math.min(8, Math.max(1, availableParallelism())) }, moduleWithTrap);
    const funcs: ExprFunc[] = [];
    const cases: Case[] = [];
    const skipped: Record<string, number> = {};

    const scripts = await convertScripts(suite, WAST_FILES);
    WAST_FILES.forEach((w, fileIdx) => {
      const instantiate = (m: Module): Map<string, number> => {
        const inst = new Map<string, number>();
        for (const { name, type, func } of exportedFuncs(m)) {
          const fn = exprFunc(type, func.locals, func.body);
          if (fn === undefined) continue;
          inst.set(name, funcs.length);
          funcs.push(fn);
        }
        return inst;
      };
      walkScript(scripts[fileIdx]!, ['assert_return', 'assert_trap'], instantiate, (cmd, inst) => {
        const act = cmd.action!;
        const fnIdx = act.type === 'invoke' ? inst?.get(act.field) : undefined;
        const fn = fnIdx === undefined ? undefined : funcs[fnIdx];
        const exp = cmd.expected ?? [];
        if (fnIdx === undefined || fn === undefined || !act.args.every((a) => isNum(a.type)) || exp.length > 1) {
          skipped[w] = (skipped[w] ?? 0) + 1;
          return;
        }
        const args = act.args.map((a) => BigInt(a.value as string));
        const c: Case = { file: fileIdx, line: cmd.line, fn: fnIdx, args, trap: 0, rty: fn.results[0] ?? 'none', nan: 0, expect: 0n };
        if (cmd.type === 'assert_trap') {
          const kind = TRAP_TEXT[cmd.text!];
          assert.ok(kind !== undefined, `unknown trap text ${cmd.text}`);
          c.trap = kind;
        } else if (exp[0] !== undefined) {
          const v = exp[0].value as string;
          c.nan = nanKind(v);
          if (c.nan === 0) c.expect = BigInt(v);
        }
        cases.push(c);
        emitFunc(kmods[(cases.length - 1) % kmods.length]!, `@k${cases.length - 1}`, fn, args);
      });
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
    const exes = await Promise.all([
      clangBuild(dir, 'O0', ['-O0'], ['numeric.ll', 'driver.c']),
      clangBuild(dir, 'O2', ['-O2'], ['numeric.ll', 'driver.c', ...folded], ['-DFOLDED']),
    ]);
    const { failures, report } = runDrivers(exes, [], (what, file, passed, checked) =>
      console.log(`${what} ${file}.wast: ${passed}/${checked} passed`));
    console.log(`${funcs.length} functions, ${cases.length} cases per build; not applicable: ${JSON.stringify(skipped)}`);
    assert.equal(failures, 0, `mismatches:\n${report.join('\n')}`);
  });
});
