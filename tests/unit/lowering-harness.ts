/**
 * Shared scaffolding of the lowering tests (numeric.test.ts, simd.test.ts), which check the
 * translator's instruction lowerings against the spec testsuite's own expectations:
 *
 * - finding the testsuite and the tools; when one is missing, a failure under CI=true and a
 *   skip with the reason elsewhere (tests/tools.ts's requires);
 * - wast2json: converting .wast scripts (the spec harness's cached conversions) and walking
 *   their commands, with each action's module instance; modules are read with the project's
 *   decoder;
 * - LLVM side: a module declaring `void @trap(i32)` and a `trapIf` that calls it;
 * - C side: a driver prelude (trap handler that longjmps, NaN class checks), building with
 *   clang-16, running the drivers and collecting their `SUMMARY` / `FAIL` / `FAILS` lines.
 *
 * Not a test file itself (node --test runs every file in dist/tests/unit/): it defines none.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';

import { decodeModule } from '../../src/binary/decoder.js';
import { funcType, type Func, type FuncType, type Module } from '../../src/binary/module.js';
import { FunctionBuilder, i32, ModuleBuilder, type Value } from '../../src/llvm/builder.js';
import type { TrapKind } from '../../src/translate/abi.js';
import { SUITES, suiteMissing } from '../spec/suites.js';
import { loadScript, specSuiteDir } from '../spec/wast.js';
import { requires } from '../tools.js';

export const run = promisify(execFile);

// ---- prerequisites -----------------------------------------------------------------------------

/** The spec testsuite directory (one holding `marker`, e.g. `i32.wast`), if there is one. */
export function findSuite(marker: string): string | undefined {
  const suite = specSuiteDir();
  return existsSync(join(suite, marker)) ? suite : undefined;
}

/**
 * Whether test `t` can run: `suite` found (when `needSuite`) and `tools` installed. Otherwise
 * a failure under CI=true, a counted skip with the reason elsewhere (tests/tools.ts's requires).
 */
export function prerequisites(t: TestContext, suite: string | undefined, needSuite: boolean, tools: readonly string[]): boolean {
  return requires(t, tools, needSuite && suite === undefined ? (suiteMissing(SUITES['2.0']) ?? `the 2.0 spec testsuite (${specSuiteDir()})`) : undefined);
}

/** Run `body` in a fresh temporary directory, removed afterwards unless AWSM_KEEP_TMP is set. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>, log = ''): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    if (process.env.AWSM_KEEP_TMP) console.log(`${log}kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// ---- wast2json scripts ---------------------------------------------------------------------------

export interface JsonValue { type: string; lane_type?: string; value?: string | string[] }
export interface Command {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  text?: string;
  action?: { type: string; module?: string; field: string; args: JsonValue[] };
  expected?: JsonValue[];
}

/** A converted script: its commands, and the directory holding the .wasm files they name. */
export interface Script {
  dir: string;
  commands: Command[];
}

/** `suite/<name>.wast` for each name, converted by wast2json (cached: tests/spec/wast.ts). */
export function convertScripts(suite: string, names: string[]): Promise<Script[]> {
  // wast2json writes `args` for every action, so the commands are Commands.
  return Promise.all(names.map(async (w) => {
    const script = await loadScript(join(suite, `${w}.wast`));
    return { dir: script.dir, commands: script.commands as Command[] };
  }));
}

/**
 * Walk a script: `instantiate` is called for each `module` command (its decoded module), and
 * `each` for each command of the given `types`, with the instance its action addresses (the
 * named one, else the latest; undefined if none).
 */
export function walkScript<I>(
  { dir, commands }: Script,
  types: string[],
  instantiate: (m: Module) => I,
  each: (cmd: Command, inst: I | undefined) => void,
): void {
  let current: I | undefined;
  const named = new Map<string, I>();
  for (const cmd of commands) {
    if (cmd.type === 'module') {
      current = instantiate(decodeModule(readFileSync(join(dir, cmd.filename!))));
      if (cmd.name !== undefined) named.set(cmd.name, current);
    } else if (types.includes(cmd.type)) {
      const module = cmd.action?.module;
      each(cmd, module ? named.get(module) : current);
    }
  }
}

/** The exported functions defined (not imported) by a module, with their types. */
export function exportedFuncs(m: Module): Array<{ name: string; type: FuncType; func: Func }> {
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  const out: Array<{ name: string; type: FuncType; func: Func }> = [];
  for (const e of m.exports) {
    const func = e.kind === 'func' ? m.funcs[e.index - imported] : undefined;
    const type = func === undefined ? undefined : funcType(m, func.typeidx);
    if (func !== undefined && type !== undefined) out.push({ name: e.name, type, func });
  }
  return out;
}

/** A NaN expectation: 1 for nan:canonical, 2 for nan:arithmetic, 0 for a plain value. */
export function nanKind(value: string): number {
  return value === 'nan:canonical' ? 1 : value === 'nan:arithmetic' ? 2 : 0;
}

// ---- LLVM side -------------------------------------------------------------------------------------

/** A module declaring the driver's `void @trap(i32)`. */
export function moduleWithTrap(): ModuleBuilder {
  const m = new ModuleBuilder();
  m.declare('@trap', 'void', ['i32'], 'noreturn nounwind');
  return m;
}

/** An environment's `trapIf` for `f`: branch to a call of `@trap(kind)` when `cond` holds. */
export function trapIfVia(f: FunctionBuilder): (cond: Value, kind: TrapKind) => void {
  return (cond, kind) => {
    const t = f.newBlock('trap');
    const c = f.newBlock('cont');
    f.condBr(cond, t, c);
    f.setBlock(t);
    f.call('void', '@trap', [i32(kind)]);
    f.unreachable();
    f.setBlock(c);
  };
}

// ---- C side --------------------------------------------------------------------------------------

/**
 * The start of a driver: `trap` records the kind and longjmps to `jb`; `nan_ok` checks a
 * `width`-byte float against NaN class `kind` (1 canonical, 2 arithmetic).
 */
export const DRIVER_PRELUDE = String.raw`
#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
`;

/**
 * Compile `srcs` (in `dir`; .ll and .c) with clang-16 and `flags`, the C ones also with
 * `-DOPT="<label>"` and `cflags`, and link them into `dir/driver-<label>`.
 */
export async function clangBuild(dir: string, label: string, flags: string[], srcs: string[], cflags: string[] = []): Promise<string> {
  const objs = srcs.map(async (src) => {
    const out = join(dir, `${src}.${label}.o`);
    const extra = src.endsWith('.c') ? [`-DOPT="${label}"`, ...cflags, '-w'] : ['-Wno-override-module'];
    await run('clang-16', [...flags, ...extra, '-c', join(dir, src), '-o', out], { maxBuffer: 1 << 26 });
    return out;
  });
  const exe = join(dir, `driver-${label}`);
  await run('clang-16', [...(await Promise.all(objs)), '-lm', '-o', exe]);
  return exe;
}

/**
 * Run each driver with `args`. Drivers print `FAIL …` lines, `SUMMARY <what> <file> <checked>
 * <passed>` per file and run, and `FAILS <n>` when they finish (asserted). `show` is called
 * for each summary with cases. Returns the number of failed cases and the FAIL lines.
 */
export function runDrivers(
  exes: string[],
  args: string[],
  show: (what: string, file: string, passed: number, checked: number) => void,
): { failures: number; report: string[] } {
  let failures = 0;
  const report: string[] = [];
  for (const exe of exes) {
    const r = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.error, undefined, String(r.error));
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith('FAIL ')) report.push(line);
      const m = /^SUMMARY (\S+) (\S+) (\d+) (\d+)$/.exec(line);
      if (m) {
        const [, what, file, checked, passed] = m;
        if (Number(checked) > 0) show(what!, file!, Number(passed), Number(checked));
        failures += Number(checked) - Number(passed);
      }
    }
    assert.ok(/^FAILS \d+$/m.test(r.stdout), `driver did not finish (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  }
  return { failures, report };
}
