/**
 * End-to-end test of the WASI 0.2 host (runtime/src/wasi2, docs/wasi2.md) called by generated
 * code: tests/runtime/wasi2_guest.wat, a core module shaped like a component's (WASI 0.2
 * functions imported by interface and name with their flat core signatures, its memory and
 * cabi_realloc exported), is compiled by awsm and linked with tests/runtime/wasi2_host.c,
 * which binds every import through awsm_wasi2_lookup as a component runner does. The guest
 * prints its arguments, sleeps on a pollable, reads a file of its preopened directory through
 * descriptor.open-at (7 parameters) and descriptor.read, and exits. The host functions' own
 * tests are in C (tests/runtime/test_wasi2.c, run by tests/runtime/run.sh).
 *
 * Needs clang-16 and wat2wasm (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { buildRuntime, compile } from '../../src/index.js';
import { mustRun, wat2wasm } from '../tools.js';

const RT_TESTS = join(packageRoot, 'tests', 'runtime');

let work: string;
let exe: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'awsm-wasi2-'));
  const rt = await buildRuntime();
  const wasm = readFileSync(join(work, wat2wasm(join(RT_TESTS, 'wasi2_guest.wat'), 'guest.wasm', ['--debug-names'], { cwd: work })));
  const obj = await compile(wasm, { emit: 'obj', name: 'wasi2_guest', output: join(work, 'guest.o') });
  exe = join(work, 'wasi2_host');
  mustRun('clang-16', ['-O2', '-Wall', '-Wextra', '-Werror', `-I${join(packageRoot, 'runtime', 'include')}`,
    join(RT_TESTS, 'wasi2_host.c'), obj.path, ...rt.objects, '-lm', '-ldl', '-lpthread', '-o', exe], { cwd: work });
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs the host with a preopened directory holding msg.txt (when `msg` is given). */
function run(dir: string, msg: string | undefined, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const d = join(work, dir);
  mkdirSync(d, { recursive: true });
  if (msg !== undefined) writeFileSync(join(d, 'msg.txt'), msg);
  const r = spawnSync(exe, [d, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) assert.fail(`cannot run wasi2_host: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('WASI 0.2 host called from generated code', () => {
  test('arguments, a pollable, a file of the preopened directory, exit(ok)', () => {
    const r = run('ok', 'from the file\n', ['one', 'two words', 'h\u00e9llo']);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'one\ntwo words\nh\u00e9llo\nfrom the file\n');
    assert.equal(r.status, 0);
  });

  test('open-at of a missing file is an error-code the guest sees: exit(err)', () => {
    const r = run('missing', undefined, ['x']);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'x\n');
    assert.equal(r.status, 1);
  });
});
