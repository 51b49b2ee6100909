/**
 * End-to-end tests of the output forms and the C embedding API (docs/embedding.md):
 *
 *   - symbols: an object or shared library defines one global symbol, `<name>_module`, from
 *     --name alone (never from the module's own names), and a bad name is refused;
 *   - tests/embed/test_embed.c: the embedding API against modules compiled here through the
 *     TypeScript API — two separately compiled copies of one module linked into one program,
 *     a shared library loaded with awsm_module_open, host functions, linking instances,
 *     limits, the memory pool, interrupts and deadlines, threads;
 *   - the same program under AddressSanitizer/LeakSanitizer with 10,000 instantiate/destroy
 *     cycles, and under valgrind (no-signal subset, fewer cycles);
 *   - tests/runtime/host_fault.c with tests/embed/fault.wat: a fault in a host function called
 *     from Wasm kills the process with SIGSEGV, even on the guard pages of the caller's memory,
 *     while Wasm's own out-of-bounds access and memory.fill there trap;
 *   - examples/embed: built with its Makefile and run, output checked.
 *
 * Needs clang-16, llvm-ar-16, wat2wasm and make (bash scripts/setup.sh); valgrind is optional.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { AwsmError, buildRuntime, compile } from '../../src/index.js';
import type { RuntimeBuild } from '../../src/index.js';
import { mustRun, requires, wat2wasm } from '../tools.js';

const EMBED = join(packageRoot, 'tests', 'embed');
const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const INCLUDE = `-I${join(packageRoot, 'runtime', 'include')}`;
const LIBS = ['-lm', '-ldl', '-lpthread'];

let work: string;
let rt: RuntimeBuild;
/** The module objects test_embed links, and the shared library it loads. */
let objects: string[];
let sharedLib: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): Run {
  const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error !== undefined) assert.fail(`cannot run ${cmd} (${r.error.message}); run bash scripts/setup.sh`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run a tool that must succeed, in the work directory. */
function tool(cmd: string, ...args: string[]): string {
  return mustRun(cmd, args, { cwd: work });
}

/** tests/embed/NAME.wat → work/NAME.wasm, with function names (for trap messages). */
function wasm(name: string): Uint8Array {
  const flags = ['--debug-names', '--enable-multi-memory', '--enable-memory64'];
  return readFileSync(join(work, wat2wasm(join(EMBED, `${name}.wat`), `${name}.wasm`, flags, { cwd: work })));
}

let testEmbed: string | undefined;

/** tests/embed/test_embed.c linked with the module objects and the runtime at -O2, once (by the first test that needs it). */
function buildTestEmbed(): string {
  if (testEmbed === undefined) {
    const exe = join(work, 'test_embed');
    tool('clang-16', '-O2', '-rdynamic', INCLUDE, join(EMBED, 'test_embed.c'), ...objects, ...rt.objects, ...LIBS, '-o', exe);
    testEmbed = exe;
  }
  return testEmbed;
}

/** The global symbols a file defines (llvm-nm). */
function definedSymbols(path: string): string[] {
  return tool('llvm-nm-16', '--defined-only', '--extern-only', '--format=just-symbols', path)
    .split('\n')
    .filter((s) => s !== '');
}

/** Checks a test program's "N passed, M failed" line: M must be 0. */
function assertPassed(r: Run, what: string): void {
  const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout);
  assert.ok(m !== null, `${what}: no summary line\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  assert.equal(m[2], '0', `${what}: failures\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.status, 0, `${what}: status ${r.status}\n${r.stdout}\n${r.stderr}`);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'awsm-embed-'));
  rt = await buildRuntime();
  const calc = wasm('calc');
  objects = [];
  for (const name of ['calc', 'calc_a', 'calc_b']) {
    objects.push((await compile(calc, { emit: 'obj', name, output: join(work, `${name}.o`) })).path);
  }
  for (const name of ['lib', 'app', 'limits', 'multimem']) {
    objects.push((await compile(wasm(name), { emit: 'obj', name, output: join(work, `${name}.o`) })).path);
  }
  sharedLib = (await compile(calc, { emit: 'shared', name: 'calc_so', output: join(work, 'calc_so.so') })).path;
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('output forms', () => {
  // Import, export and name-section names that are not C identifiers (or are runtime symbols).
  const WEIRD = `(module
    (import "env\\00x" "awsm_trap" (func $awsm_trap (param i32)))
    (func $main (export "main") (export "my-export!") (export "x_module") (export "\\e2\\82\\ac") (param i32)
      (call $awsm_trap (local.get 0)))
    (memory (export "memory") 1))`;

  let weird: Uint8Array;
  before(() => {
    weird = readFileSync(join(work, wat2wasm({ text: WEIRD }, 'weird.wasm', ['--debug-names'], { cwd: work })));
  });

  test('an object defines only NAME_module, whatever the Wasm names are', async () => {
    const o = await compile(weird, { emit: 'obj', name: 'sandbox_7', output: join(work, 'weird.o') });
    assert.deepEqual(definedSymbols(o.path), ['sandbox_7_module']);
  });

  test('a shared library defines only NAME_module', async () => {
    const so = await compile(weird, { emit: 'shared', name: 'plug', output: join(work, 'weird.so') });
    assert.deepEqual(definedSymbols(so.path), ['plug_module']);
  });

  test('a name that is not a C identifier is refused, by the API and the CLI', async () => {
    for (const name of ['1abc', 'a-b', 'a b', '', 'ünï']) {
      await assert.rejects(compile(weird, { emit: 'obj', name }), (e: unknown) => e instanceof AwsmError && e.kind === 'usage', name);
    }
    const r = sh(process.execPath, [CLI, 'compile', '--emit=obj', '--name=x.y', 'weird.wasm']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^awsm: error: module name 'x\.y' must match/);
  });

  test('two copies of a module compiled under two names link into one program', () => {
    // test_embed links calc.o, calc_a.o and calc_b.o (the same module) plus three others; the
    // link itself is the check, the calls are in test_embed's test_two_copies.
    buildTestEmbed();
  });
});

describe('embedding API (tests/embed/test_embed.c)', () => {
  test('all tests pass', () => {
    assertPassed(sh(buildTestEmbed(), [sharedLib], { timeout: 120_000 }), 'test_embed');
  });

  test('AddressSanitizer and LeakSanitizer: all tests and 10,000 instantiate/destroy cycles', () => {
    // The runtime is compiled from source here, instrumented.
    const src = readdirRuntime();
    const exe = join(work, 'test_embed_asan');
    tool('clang-16', '-O1', '-g', '-fsanitize=address', '-fno-omit-frame-pointer', '-std=gnu11', '-D_GNU_SOURCE', '-rdynamic', INCLUDE,
      join(EMBED, 'test_embed.c'), ...src, ...objects, ...LIBS, '-o', exe);
    const r = sh(exe, [sharedLib, '--cycles', '10000'], {
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0' },
      timeout: 300_000,
    });
    assert.doesNotMatch(r.stderr, /Sanitizer/, r.stderr);
    assertPassed(r, 'test_embed under ASan');
  });

  test('valgrind: no leaks, no errors (the no-signal subset, 2,000 cycles)', (t) => {
    if (!requires(t, ['valgrind'])) return;
    const exe = join(work, 'test_embed_vg');
    tool('clang-16', '-O2', '-gdwarf-4', '-rdynamic', INCLUDE, join(EMBED, 'test_embed.c'), ...objects, ...rt.objects, ...LIBS, '-o', exe);
    const r = sh('valgrind', ['-q', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect',
      exe, sharedLib, '--no-signals', '--cycles', '2000'], { timeout: 600_000 });
    assertPassed(r, 'test_embed under valgrind');
  });
});

/** runtime/src/*.c and runtime/src/wasi2/*.c (the runtime's sources, as src/driver/runtime.ts has them) */
function readdirRuntime(): string[] {
  const cFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.c')).sort().map((n) => join(dir, n));
  const dir = join(packageRoot, 'runtime', 'src');
  return [...cFiles(dir), ...cFiles(join(dir, 'wasi2'))];
}

describe('host faults (tests/runtime/host_fault.c, tests/embed/fault.wat)', () => {
  let exe: string;
  before(async () => {
    const obj = await compile(wasm('fault'), { emit: 'obj', name: 'fault', output: join(work, 'fault.o') });
    exe = join(work, 'host_fault');
    tool('clang-16', '-O2', INCLUDE, '-DFAULT_MODULE=fault_module', join(packageRoot, 'tests', 'runtime', 'host_fault.c'), obj.path,
      ...rt.objects, ...LIBS, '-o', exe);
  });

  /** host_fault MODE, with its status and the signal that ended it. */
  function hostFault(mode: string): Run & { signal: NodeJS.Signals | null } {
    const r = spawnSync(exe, [mode], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    if (r.error !== undefined) assert.fail(`cannot run host_fault: ${r.error.message}`);
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  }

  for (const [mode, fn, what] of [
    ['trap-load', 'load', 'a load by generated code on a guard page traps'],
    ['trap-fill', 'fill', 'memory.fill across the end traps (the runtime helper checks its range)'],
  ] as const) {
    test(`${mode}: ${what}`, () => {
      const r = hostFault(mode);
      assert.equal(r.status, 0, `${r.signal ?? ''} ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, `trap 2: out of bounds memory access in function ${fn}\nafter: ok 5\n`);
    });
  }

  for (const mode of ['host-write', 'host-read', 'host-null', 'host-stack']) {
    test(`${mode}: a fault in a host function called from Wasm is a crash (SIGSEGV), not a trap`, () => {
      const r = hostFault(mode);
      assert.equal(r.signal, 'SIGSEGV', `status ${r.status}, stdout: ${r.stdout}, stderr: ${r.stderr}`);
      assert.equal(r.stdout, '');
    });
  }
});

describe('examples/embed', () => {
  let build: string;
  before(() => {
    build = join(work, 'examples');
    const r = sh('make', ['-C', join(packageRoot, 'examples', 'embed'), `BUILD=${build}`, `AWSM=${process.execPath} ${CLI}`, '-j2'], {
      timeout: 300_000,
    });
    assert.equal(r.status, 0, `make failed:\n${r.stdout}\n${r.stderr}`);
  });

  function example(name: string, ...args: string[]): string {
    const r = sh(join(build, name), args);
    assert.equal(r.status, 0, `${name}: status ${r.status}\n${r.stderr}`);
    assert.equal(r.stderr, '');
    return r.stdout;
  }

  test('two_modules: two sandboxes that talk through the host', () => {
    assert.equal(
      example('two_modules'),
      'producer sent "the quick brown fox"; consumer counted 4 words: "THE QUICK BROWN FOX"\n' +
        'producer sent "jumps over the lazy dog"; consumer counted 5 words: "JUMPS OVER THE LAZY DOG"\n' +
        'producer sent "sandboxes share nothing"; consumer counted 3 words: "SANDBOXES SHARE NOTHING"\n' +
        'total: 12 words\n',
    );
  });

  test('host_function: host functions imported by a module', () => {
    assert.equal(example('host_function'), 'guest says: hello from the sandbox\nrandom walk of 1000 steps ended 16.553 from the start\n');
  });

  test('trap: traps caught and reported by the host', () => {
    assert.equal(
      example('trap'),
      'divide(84, 2)  -> 42\n' +
        'divide(1, 0)   -> trap 7: integer divide by zero in function divide\n' +
        'peek(70000)    -> trap 2: out of bounds memory access in function peek\n' +
        'crash()        -> trap 1: unreachable in function crash\n' +
        'deep(0)        -> trap 10: call stack exhausted in function deep\n' +
        'forever()      -> trap 13: interrupted in function forever\n' +
        'divide(10, 5)  -> 2\n',
    );
  });

  test('plugin: a shared library loaded at run time', () => {
    assert.equal(
      example('plugin', join(build, 'plugin.so'), 'plugin'),
      'a.transform(10) = 21, b.transform(11) = 23\n' +
        'a.transform(20) = 42, b.transform(21) = 44\n' +
        'a.transform(30) = 63, b.transform(31) = 65\n' +
        'close while instances live: -1\n' +
        'close: 0\n',
    );
  });
});
