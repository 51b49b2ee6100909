/**
 * Unit tests of the TypeScript API (src/index.ts, the package's main export): what it
 * exports, compile() on bytes and paths with its defaults, artifacts and errors, run() with
 * arguments, environment and directories, and that the CLI goes through the same code.
 *
 * IR-only cases need no tools. The cases that build executables need clang-16 and lld-16 (and
 * wat2wasm for the test program); they use the normal compile cache.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as api from '../../src/index.js';
import { AwsmError, DecodeError, ValidationError, compile, moduleNameFromPath, run } from '../../src/index.js';
import type { Program } from '../../src/index.js';
import { packageRoot } from '../../src/driver/cache.js';
import { missingTools, requires, wat2wasm } from '../tools.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** (module (func (export "f") (result i32) i32.const 7)) */
const SMALL = new Uint8Array([
  ...HEADER,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
  0x03, 0x02, 0x01, 0x00, // function section
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b, // code: i32.const 7
]);
/** The same, but the body returns nothing: invalid. */
const INVALID = new Uint8Array([...SMALL.slice(0, SMALL.length - 8), 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b]);


let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-api-'));
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('exports', () => {
  test('the main entry points and the stages', () => {
    for (const name of [
      'compile', 'run', 'moduleNameFromPath', 'buildRuntime', 'decodeModule', 'validateModule', 'translateModule',
      'findTool', 'cacheDir',
    ]) {
      assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
    }
    assert.deepEqual([...api.EMITS], ['llvm', 'bc', 'obj', 'shared', 'exe']);
    assert.deepEqual([...api.BOUNDS_MODES], ['guard', 'explicit', 'none']);
    assert.match(api.version, /^\d+\.\d+\.\d+/);
    assert.ok(existsSync(join(api.runtimeDir, 'include', 'awsm.h')), 'runtimeDir holds the embedding header');
    assert.ok(api.RUNTIME_LIBS.includes('-lpthread'));
  });

  test('the error classes share AwsmError and carry a kind', () => {
    const d = new DecodeError('x', 3);
    assert.ok(d instanceof AwsmError && d.kind === 'decode');
    assert.ok(new ValidationError('y') instanceof AwsmError);
    assert.equal(new api.CompileError('z').kind, 'compile');
  });

  test('package.json points at this module', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { main: string; types: string };
    assert.equal(pkg.main, 'dist/src/index.js');
    assert.equal(pkg.types, 'dist/src/index.d.ts');
  });
});

describe('compile()', () => {
  test('bytes to LLVM IR: the default name "module", an artifact in the cache', async () => {
    const a = await compile(SMALL, { emit: 'llvm' });
    assert.equal(a.emit, 'llvm');
    assert.equal(a.name, 'module');
    assert.match(a.key, /^[0-9a-f]{64}$/);
    assert.equal(typeof a.cached, 'boolean');
    const ir = readFileSync(a.path, 'utf8');
    assert.match(ir, /^@module_module = constant %awsm_module_desc/m);
    const again = await compile(SMALL, { emit: 'llvm' });
    assert.equal(again.key, a.key);
    assert.equal(again.cached, true, 'the second compile is a cache hit');
  });

  test('a path: the name comes from the file name; output writes the file', async () => {
    const input = join(work, '9-lives.wasm');
    writeFileSync(input, SMALL);
    const out = join(work, 'out.ll');
    const a = await compile(input, { emit: 'llvm', output: out });
    assert.equal(a.name, '_9_lives');
    assert.equal(a.path, out);
    assert.match(readFileSync(out, 'utf8'), /@_9_lives_module = constant/);
    assert.equal(moduleNameFromPath('/x/my-prog.wasm'), 'my_prog');
  });

  test('--name sets every symbol prefix; options change the cache key', async () => {
    const a = await compile(SMALL, { emit: 'llvm', name: 'sandbox' });
    const ir = readFileSync(a.path, 'utf8');
    assert.match(ir, /^@sandbox_module = constant/m);
    assert.doesNotMatch(ir, /@module_/);
    const b = await compile(SMALL, { emit: 'llvm', name: 'sandbox', bounds: 'explicit' });
    assert.notEqual(a.key, b.key);
  });

  test('errors: bad name, malformed, invalid, missing file', async () => {
    await assert.rejects(compile(SMALL, { emit: 'llvm', name: 'no-dashes' }), (e: unknown) => e instanceof AwsmError && e.kind === 'usage');
    await assert.rejects(compile(new Uint8Array([0, 0x61, 0x73]), { emit: 'llvm' }), DecodeError);
    await assert.rejects(compile(INVALID, { emit: 'llvm', cache: false }), ValidationError);
    await assert.rejects(compile(join(work, 'nope.wasm'), { emit: 'llvm' }), (e: unknown) => {
      return e instanceof AwsmError && e.kind === 'io' && /cannot read .*nope\.wasm: no such file/.test(e.message);
    });
  });

  test('the output is never the input: same path, symlink, hard link, dangling symlink', async () => {
    const input = join(work, 'keep.wasm');
    writeFileSync(input, SMALL);
    symlinkSync('keep.wasm', join(work, 'keep-link'));
    linkSync(input, join(work, 'keep-hard'));
    symlinkSync('missing-dir/../keep.wasm', join(work, 'keep-dangling'));
    for (const output of [input, join(work, '.', 'keep.wasm'), join(work, 'keep-link'), join(work, 'keep-hard'), join(work, 'keep-dangling')]) {
      await assert.rejects(compile(input, { emit: 'llvm', output }), (e: unknown) =>
        e instanceof AwsmError && e.kind === 'usage' && e.message === `the output ${output} is the input file ${input}; name another output with -o`, output);
      assert.deepEqual(new Uint8Array(readFileSync(input)), SMALL, `${output}: the input is unchanged`);
    }
    // A symlink to another file, and bytes as input, are fine.
    symlinkSync('elsewhere.ll', join(work, 'other-link'));
    assert.equal((await compile(input, { emit: 'llvm', output: join(work, 'other-link') })).path, join(work, 'other-link'));
    const fromBytes = join(work, 'from-bytes.wasm');
    writeFileSync(fromBytes, SMALL);
    await compile(SMALL, { emit: 'llvm', output: fromBytes });
    assert.match(readFileSync(fromBytes, 'utf8'), /^define /m, 'bytes have no input file to protect');
  });

  test('the CLI writes what compile() writes', async () => {
    const input = join(work, 'same.wasm');
    writeFileSync(input, SMALL);
    const cliOut = join(work, 'cli.ll');
    const r = spawnSync(process.execPath, [join(packageRoot, 'dist', 'src', 'cli', 'main.js'), 'compile', '--emit=llvm', '--name=same',
      input, '-o', cliOut], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const a = await compile(input, { emit: 'llvm', name: 'same' });
    assert.equal(readFileSync(cliOut, 'utf8'), readFileSync(a.path, 'utf8'));
  });
});

describe('run()', () => {
  // _start exits with argc * 10 + environ count.
  const WAT = `(module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start")
      (drop (call $args (i32.const 0) (i32.const 4)))
      (drop (call $env (i32.const 8) (i32.const 12)))
      (call $exit (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 10)) (i32.load (i32.const 8))))))`;
  let wasm: string;
  const TOOLS = ['wat2wasm', 'clang-16'];
  before(() => {
    if (missingTools(TOOLS).length === 0) wasm = wat2wasm({ text: WAT }, join(work, 'count.wasm'));
  });

  test('an exe artifact with args and env', async (t) => {
    if (!requires(t, TOOLS)) return;
    const exe = await compile(wasm, { emit: 'exe' });
    assert.equal(exe.emit, 'exe');
    const r = await run(exe, { args: ['a', 'b'], env: { X: '1', Y: '2' } });
    assert.equal(r.status, 32, r.stderr);
    assert.equal(r.stdout, '');
  });

  test('{ wasm } is compiled first, from a path or bytes; dirs are accepted', async (t) => {
    if (!requires(t, TOOLS)) return;
    const dir = join(work, 'data');
    mkdirSync(dir, { recursive: true });
    const r = await run({ wasm }, { args: ['x'], env: {}, dirs: [dir] });
    assert.equal(r.status, 20, r.stderr);
    const fromBytes = await run({ wasm: readFileSync(wasm), compile: { optLevel: 1 } }, { args: ['x', 'y', 'z'], env: {} });
    assert.equal(fromBytes.status, 40, fromBytes.stderr);
  });

  test('{ executable } runs an executable as it is', async (t) => {
    if (!requires(t, TOOLS)) return;
    const exe = await compile(wasm, { emit: 'exe', output: join(work, 'count-exe') });
    const r = await run({ executable: exe.path }, { args: ['a'], env: { X: '1' } });
    assert.equal(r.status, 21, r.stderr);
  });

  test('the file must be what it is passed as, whatever its name', async (t) => {
    if (!requires(t, TOOLS)) return;
    // An ELF executable named .wasm, passed as a module: not run natively.
    const elf = join(work, 'native.wasm');
    copyFileSync((await compile(wasm, { emit: 'exe' })).path, elf);
    await assert.rejects(run({ wasm: elf }), (e: unknown) =>
      e instanceof AwsmError && e.kind === 'usage' && e.message === `${elf} is an ELF file, not a WebAssembly module: run it as { executable: ... }`);
    await assert.rejects(run({ wasm: readFileSync(elf) }), (e: unknown) => e instanceof AwsmError && e.kind === 'usage' && /is an ELF file/.test(e.message));
    // A module without .wasm in its name, passed as an executable: not compiled.
    const module = join(work, 'count-module');
    copyFileSync(wasm, module);
    await assert.rejects(run({ executable: module }), (e: unknown) =>
      e instanceof AwsmError && e.kind === 'usage' && e.message === `${module} is a WebAssembly module, not an executable: run it as { wasm: ... }`);
    // Neither: a text file as an executable; a missing file either way.
    const text = join(work, 'script.sh');
    writeFileSync(text, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    await assert.rejects(run({ executable: text }), (e: unknown) => e instanceof AwsmError && e.kind === 'usage' && /not an executable \(no ELF header\)/.test(e.message));
    const missing = join(work, 'missing');
    await assert.rejects(run({ executable: missing }), (e: unknown) => e instanceof AwsmError && e.kind === 'io' && e.message === `cannot read ${missing}: no such file`);
    await assert.rejects(run({ wasm: missing }), (e: unknown) => e instanceof AwsmError && e.kind === 'io' && e.message === `cannot read ${missing}: no such file`);
    // A bare path says nothing about what it is: refused (for callers without the types).
    await assert.rejects(run(wasm as unknown as Program), (e: unknown) => e instanceof AwsmError && e.kind === 'usage' && /run\(\) takes an Artifact/.test(e.message));
  });

  test('only executables run; an artifact whose file is not one is an io error', async (t) => {
    if (!requires(t, TOOLS)) return;
    const obj = await compile(wasm, { emit: 'llvm' });
    await assert.rejects(run(obj), (e: unknown) => e instanceof AwsmError && e.kind === 'usage');
    const exe = await compile(wasm, { emit: 'exe' });
    const damaged = join(work, 'damaged-exe');
    writeFileSync(damaged, readFileSync(exe.path).subarray(0, 3));
    await assert.rejects(run({ ...exe, path: damaged }), (e: unknown) =>
      e instanceof AwsmError && e.kind === 'io' && e.message === `cannot run ${damaged}: not an ELF executable`);
  });
});
