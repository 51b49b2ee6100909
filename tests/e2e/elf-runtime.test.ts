/**
 * The ELF runtime (runtime/elf/) without the lifter: tests/elf/syscalls.c stands in for the
 * lifted code and the image, is linked with the runtime as elf2wasm links a program, and runs
 * under `awsm run`, `wasmtime run` and Node's WASI (docs/elf.md, "Tests"): the initial stack and auxv, file
 * system calls in a --dir (and nothing outside it), brk, mmap/munmap reuse, the rest.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WASI } from 'node:wasi';
import { packageRoot } from '../../src/driver/cache.js';
import { runTool } from '../../src/driver/tools.js';
import { WASM_CFLAGS, elfRuntime, elfRuntimeDir, linkElfWasm } from '../../src/elf/runtime.js';
import { have, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'awsm-elfrt-'));
const wasm = join(dir, 'syscalls.wasm');

before(async () => {
  if (!have('clang-16')) return;
  const obj = join(dir, 'syscalls.o');
  await runTool('clang', [...WASM_CFLAGS, '-Wall', '-Werror', `-I${elfRuntimeDir}`, '-c', join(packageRoot, 'tests', 'elf', 'syscalls.c'), '-o', obj]);
  // The stand-in image has one segment at 0x400000 of 0x2000 bytes: the runtime's data goes at 0x410000.
  await linkElfWasm([obj, await elfRuntime()], 0x410000, wasm);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** What syscalls.c prints, whichever WASI host runs it. */
const EXPECTED = [
  'sp aligned 1 pc 400000',
  'argc 2 argv0 syscalls.wasm argv1 /sandbox argv-end 0',
  'env GREETING=hello',
  'auxv 3 400000', 'auxv 4 38', 'auxv 5 1', 'auxv 6 1000', 'auxv 9 400000', 'platform aarch64', 'auxv 16 3', 'auxv 26 0',
  'random in stack 1',
  'segment segment bytes!! bss 0',
  'open for writing ok', 'writev 12', 'close 0', 'read 12: hello, file', 'fstat 0 size 12 mode 100644', 'lseek 7 pread 4',
  'ioctl TCGETS -25', 'newfstatat 0', 'open /etc/passwd -2',
  'OUTSIDE', // the path with .. out of the directory: an error, which the hosts name differently
  'readlink /proc/self/exe -2', 'mkdirat 0', 'getdents64 names 11 again 0', 'renameat 0', 'faccessat old -2 new 0',
  'unlinkat 0', 'rmdir 0',
  'brk grows 1 shrinks 1 regrown zero 1 huge fails 1',
  'mmap aligned 1 above brk 1 distinct 1', 'munmap 0', 'reused 1 zero 1', 'mremap in place 1', 'mmap 0 bytes -22',
  'clock_gettime 0 sane 1', 'getrandom 32', 'uname Linux aarch64', 'rseq -38 unknown -38', 'futex wait changed -11 wake 0',
];

/** What check() reads of a run. */
interface Run {
  error?: Error | undefined;
  status: number | null;
  stdout: string | Buffer;
  stderr: string | Buffer;
}

function check(r: Run, host: string, sandbox: string): void {
  assert.equal(r.error, undefined, `${host} did not start`);
  const lines = String(r.stdout).trimEnd().split('\n');
  const outside = lines.findIndex((l) => l.startsWith('open dir/../../etc/passwd '));
  assert.ok(outside >= 0, `${host}: no line for the path out of the sandbox:\n${String(r.stdout)}`);
  assert.match(lines[outside]!, /^open dir\/\.\.\/\.\.\/etc\/passwd -(1|13|2)$/, `${host}: EPERM, EACCES or ENOENT`);
  lines[outside] = 'OUTSIDE';
  assert.deepEqual(lines, EXPECTED, `${host}: stdout`);
  assert.equal(r.status, 7, `${host}: exit_group(7)\n${String(r.stderr)}`);
  assert.match(String(r.stderr), /^awsm: elf: syscall 999 \(\?\) unknown$/m, `${host}: --trace-syscalls line`);
  assert.deepEqual(readdirSync(sandbox), [], `${host}: the files made were removed`);
}

test('the runtime under awsm run', (t) => {
  if (!requires(t, ['clang-16'])) return;
  const sandbox = join(dir, 'awsm');
  mkdirSync(sandbox);
  const r = spawnSync(process.execPath, [CLI, 'run', '--tier=quick', '--dir', `${sandbox}::/sandbox`, '--env', 'GREETING=hello', wasm, '/sandbox'], { encoding: 'utf8' });
  check(r, 'awsm run', sandbox);
});

test('the runtime under wasmtime run', (t) => {
  if (!requires(t, ['clang-16', 'wasmtime'])) return;
  const sandbox = join(dir, 'wasmtime');
  mkdirSync(sandbox);
  const r = spawnSync('wasmtime', ['run', '--dir', `${sandbox}::/sandbox`, '--env', 'GREETING=hello', wasm, '/sandbox'], { encoding: 'utf8', cwd: dir });
  check(r, 'wasmtime', sandbox);
});

test("the runtime under Node's WASI", async (t) => {
  if (!requires(t, ['clang-16'])) return;
  const sandbox = join(dir, 'node');
  mkdirSync(sandbox);
  const out = openSync(join(dir, 'node.out'), 'w');
  const err = openSync(join(dir, 'node.err'), 'w');
  const wasi = new WASI({ version: 'preview1', args: ['syscalls.wasm', '/sandbox'], env: { GREETING: 'hello' }, preopens: { '/sandbox': sandbox }, stdout: out, stderr: err, returnOnExit: true });
  const inst = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(wasm)), wasi.getImportObject() as WebAssembly.Imports);
  const status = wasi.start(inst);
  closeSync(out);
  closeSync(err);
  check({ status, stdout: readFileSync(join(dir, 'node.out'), 'utf8'), stderr: readFileSync(join(dir, 'node.err'), 'utf8') }, 'node:wasi', sandbox);
});
