/**
 * The translator as a whole (src/translate/module.ts):
 *  - what it refuses, with CompileError and the message users see (a bad prefix or target),
 *    and a smoke test of SIMD;
 *  - every module of the spec testsuite files (wast2json → .wasm → decode → validate)
 *    translates without throwing (in every bounds mode for the memory-related files, in guard
 *    mode for the rest), and the IR passes `opt-16 -passes=verify`. Running the modules is the spec harness's job (tests/spec).
 *    With AWSM_TRANSLATE_COMPILE=1 each IR is also compiled by `clang-16 -c -O0` and `-O2`.
 *
 * The sweep needs wast2json, opt-16 and the testsuite: a failure under CI=true when one is
 * missing, a skip with the reason elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { decodeModule } from '../../src/binary/decoder.js';
import { addFuncType, emptyModule, type Instr, type Module } from '../../src/binary/module.js';
import { opByName } from '../../src/binary/opcodes.js';
import { CompileError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { SUITES, suiteMissing } from '../spec/suites.js';
import { loadScript, specSuiteDir } from '../spec/wast.js';
import { requires } from '../tools.js';

function ins(name: string, pos: number, extra: Partial<Instr> = {}): Instr {
  return { op: opByName(name), pos, ...extra };
}

/** A module with one function `() -> ()` whose body is `body` followed by `end`. */
function oneFunc(body: Instr[]): Module {
  const m = emptyModule();
  addFuncType(m.types, { params: [], results: [] });
  m.funcs.push({ typeidx: 0, locals: [], body: [...body, ins('end', 100)], pos: 0 });
  return m;
}

test('SIMD instructions translate (v128 locals, constants, lane operations)', () => {
  const m = oneFunc([ins('v128.const', 0x2a, { bytes: new Uint8Array(16).fill(1) }), ins('i32x4.extract_lane', 0x3c, { lane: 2 }), ins('drop', 0x3e)]);
  const ir = translateModule(m, { name: 'm' });
  assert.match(ir, /extractelement <4 x i32> .*, i32 2/);
});

test('a v128 global is initialised from v128.const in its 16-byte cell', () => {
  const m = emptyModule();
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
  m.globals.push({ type: { type: 'v128', mutable: false }, init: [ins('v128.const', 0x11, { bytes })] });
  const ir = translateModule(m, { name: 'm' });
  assert.match(ir, /store <2 x i64> <i64 506097522914230528, i64 1084818905618843912>, ptr %\w+, align 8/);
});

test('a bad symbol prefix or target is a CompileError', () => {
  assert.throws(() => translateModule(emptyModule(), { name: '1abc' }), CompileError);
  assert.throws(() => translateModule(emptyModule(), { name: 'm', triple: 'mips64-unknown-linux-gnu' }), CompileError);
});

test('an empty module translates to a descriptor with no arrays', () => {
  const ir = translateModule(emptyModule(), { name: 'empty', exe: true });
  assert.match(ir, /^@empty_module = constant %awsm_module_desc \{$/m);
  assert.match(ir, /^@awsm_main_module = constant ptr @empty_module$/m);
  assert.match(ir, /^define internal void @empty_init\(/m);
});

// ---- the spec testsuite sweep ---------------------------------------------------------------

function findSuite(): string | undefined {
  const suite = specSuiteDir();
  return existsSync(join(suite, 'i32.wast')) ? suite : undefined;
}

/** Run `cmd args` with `input` on stdin; resolves to stderr on failure, undefined on success. */
function runTool(cmd: string, args: string[], input: string): Promise<string | undefined> {
  return new Promise((done) => {
    const child = execFile(cmd, args, { maxBuffer: 64 << 20 }, (err, _out, stderr) => done(err ? `${err.message}\n${stderr}` : undefined));
    child.stdin?.end(input);
  });
}

/**
 * The binary modules of a .wast that must be valid (module, assert_unlinkable,
 * assert_uninstantiable): `name` as `<wast>.<n>.wasm` (for messages) and the converted file
 * (tests/spec/wast.ts caches the conversion).
 */
async function wastModules(suite: string, wast: string): Promise<Array<{ name: string; path: string }>> {
  const script = await loadScript(join(suite, `${wast}.wast`));
  return script.commands
    .filter((c) => ['module', 'assert_unlinkable', 'assert_uninstantiable'].includes(c.type))
    .filter((c) => c.filename !== undefined && (c.module_type ?? 'binary') === 'binary')
    .map((c) => ({ name: c.filename!.replace(/^script\./, `${wast}.`), path: join(script.dir, c.filename!) }));
}

/** Files whose modules are also swept in the explicit and none bounds modes (the rest: guard only, to keep the test quick). */
const MEMORY_FILES = /memory|load|store|address|align|endianness|bulk|data|traps/;

const suite = findSuite();

test('every spec module translates to IR that verifies', { timeout: 30 * 60_000 }, async (t) => {
  if (!requires(t, ['wast2json', 'opt-16'], suite === undefined ? suiteMissing(SUITES['2.0'], 'i32.wast') : undefined)) return;
  const compile = process.env['AWSM_TRANSLATE_COMPILE'] === '1';
  const wasts = readdirSync(suite!)
    .filter((f) => f.endsWith('.wast'))
    .map((f) => f.slice(0, -'.wast'.length))
    .sort();
  const jobs: Array<() => Promise<string | undefined>> = [];
  let modules = 0;
  for (const wast of wasts) {
    for (const file of await wastModules(suite!, wast)) {
      const m = decodeModule(new Uint8Array(readFileSync(file.path)));
      validateModule(m);
      modules++;
      const modes = MEMORY_FILES.test(wast) ? (['guard', 'explicit', 'none'] as const) : (['guard'] as const);
      for (const bounds of modes) {
        const ir = translateModule(m, { name: 'm', bounds });
        const where = `${file.name} (bounds=${bounds})`;
        jobs.push(async () => {
          const verify = await runTool('opt-16', ['-passes=verify', '-disable-output'], ir);
          if (verify !== undefined) return `${where}: does not verify: ${verify}`;
          if (!compile) return undefined;
          for (const o of ['-O0', '-O2']) {
            const err = await runTool('clang-16', ['-c', '-x', 'ir', o, '-fPIC', '-', '-o', '/dev/null'], ir);
            if (err !== undefined) return `${where}: clang-16 ${o} failed: ${err}`;
          }
          return undefined;
        });
      }
    }
  }
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const failure = await jobs[next++]!();
      if (failure !== undefined) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
  assert.ok(modules > 1000, `expected over 1000 modules from ${wasts.length} files, found ${modules}`);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${jobs.length} translations failed`);
});
