/**
 * src/driver/tools.ts llvmMalloc: which allocator the LLVM tools run with (tcmalloc when
 * installed, `AWSM_LLVM_MALLOC=system` for the C library's, or a named library), and that the
 * choice changes nothing in what they write: a module compiled both ways gives the same object.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { compile } from '../../src/driver/compile.js';
import { LLVM_MALLOC_ENV, llvmMalloc } from '../../src/driver/tools.js';
import { AwsmError } from '../../src/errors.js';
import { requires, underCI, watBytes } from '../tools.js';

/** Where Debian's libtcmalloc-minimal4 installs the library on this (x86-64) machine. */
const TCMALLOC = '/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4';

/** `f` with AWSM_LLVM_MALLOC set to `value` (undefined: unset). */
async function withMalloc<T>(value: string | undefined, f: () => T | Promise<T>): Promise<T> {
  const old = process.env[LLVM_MALLOC_ENV];
  if (value === undefined) delete process.env[LLVM_MALLOC_ENV];
  else process.env[LLVM_MALLOC_ENV] = value;
  try {
    return await f();
  } finally {
    if (old === undefined) delete process.env[LLVM_MALLOC_ENV];
    else process.env[LLVM_MALLOC_ENV] = old;
  }
}

test('AWSM_LLVM_MALLOC: system, a library, a missing file', async () => {
  assert.equal(await withMalloc('system', llvmMalloc), null);
  const lib = process.execPath; // any existing file is taken as given
  assert.equal(await withMalloc(lib, llvmMalloc), lib);
  await assert.rejects(withMalloc('/nonexistent/libfoo.so', llvmMalloc), (e: unknown) =>
    e instanceof AwsmError && e.message === `${LLVM_MALLOC_ENV}=/nonexistent/libfoo.so: no such file (a malloc library to preload into the LLVM tools, or 'system')`);
});

test('by default, tcmalloc when installed (scripts/setup.sh installs libtcmalloc-minimal4)', async (t) => {
  if (process.arch !== 'x64') {
    t.skip(`the path checked is x86-64's; this machine is ${process.arch}`);
    return;
  }
  if (!existsSync(TCMALLOC)) {
    if (underCI()) assert.fail(`missing ${TCMALLOC} (Debian package libtcmalloc-minimal4): under CI a missing prerequisite is a failure`);
    assert.equal(await withMalloc(undefined, llvmMalloc), null);
    t.skip('libtcmalloc-minimal4 is not installed (bash scripts/setup.sh installs it)');
    return;
  }
  assert.equal(await withMalloc(undefined, llvmMalloc), TCMALLOC);
  assert.equal(await withMalloc('', llvmMalloc), TCMALLOC);
});

test('the allocator does not change the object clang writes', async (t) => {
  if (!requires(t, ['clang-16', 'wat2wasm'])) return;
  const wasm = watBytes(`(module
    (memory 1)
    (func $fib (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "run") (param i32) (result i32) (i32.store (local.get 0) (call $fib (local.get 0))) (i32.load (local.get 0))))`);
  const dir = mkdtempSync(join(tmpdir(), 'awsm-malloc-'));
  try {
    const objects: Buffer[] = [];
    for (const [i, malloc] of ['system', undefined].entries()) {
      for (const tier of ['quick', 'opt'] as const) {
        const output = join(dir, `m${i}-${tier}.o`);
        await withMalloc(malloc, () => compile(wasm, { emit: 'obj', tier, output, cache: false, name: 'm' }));
        objects.push(readFileSync(output));
      }
    }
    assert.ok(objects[0]!.equals(objects[2]!), 'quick tier: same object with and without the preloaded allocator');
    assert.ok(objects[1]!.equals(objects[3]!), 'opt tier: same object with and without the preloaded allocator');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
