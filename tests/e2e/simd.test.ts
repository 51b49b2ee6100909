/**
 * SIMD end to end: tests/e2e/fixtures/simd_kernel.c (an int32 dot product, a saxpy and a
 * saturating byte add with a byte sum, over a few MB) is built twice with
 * `clang-16 --target=wasm32-wasi -O3`, plain and with -msimd128 (clang's vectorizer then emits
 * Wasm SIMD), and both run through `awsm run`: the outputs must be identical. On x86-64 the
 * SIMD build also runs with `--cpu=x86-64` (baseline SSE2: other lowerings of swizzles,
 * saturating conversions, rounding), and the awsm-compiled executable of the SIMD build must
 * contain packed SSE instructions for the kernels in the module's own code (objdump, module
 * symbols only, so the runtime does not count): pmulld/paddd (i32x4.mul/add), mulps/addps
 * (f32x4), paddusb (i8x16.add_sat_u).
 *
 * This is a correctness test; timing belongs in the benchmarks (bench/).
 *
 * Needs clang-16 with wasi-libc (bash scripts/setup.sh); the objdump check also needs binutils.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { packageRoot } from '../../src/driver/cache.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const KERNEL = join(packageRoot, 'tests', 'e2e', 'fixtures', 'simd_kernel.c');

let work: string;

/** Run a command that must succeed, in the work directory; returns its standard output. */
const must = (cmd: string, args: string[]): string => mustRun(cmd, args, { cwd: work });

const built = new Map<string, string>();

/** The kernel built as `name.wasm` with extra clang flags (once: both tests use the SIMD build). */
function build(name: string, ...flags: string[]): string {
  const key = [name, ...flags].join(' ');
  if (!built.has(key)) {
    must(WASI_CC, [...WASI_FLAGS, '-O3', ...flags, KERNEL, '-o', `${name}.wasm`]);
    built.set(key, `${name}.wasm`);
  }
  return built.get(key)!;
}

const awsm = (...args: string[]): string => must(process.execPath, [CLI, ...args]);

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-simd-e2e-'));
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('the kernel gives the same output with and without -msimd128', { timeout: 10 * 60_000 }, (t) => {
  if (!requires(t, ['clang-16'])) return;
  const plain = build('kernel_plain');
  const simd = build('kernel_simd', '-msimd128');
  const bytes = new Uint8Array(readFileSync(join(work, simd)));
  assert.ok(decodeModule(bytes).funcs.some((f) => f.body.some((i) => i.op.family === 'simd')), 'the -msimd128 build has no SIMD instructions');

  const expected = awsm('run', plain);
  assert.match(expected, /^rounds 4\ndot +[0-9a-f]{8}\nsaxpy +[0-9a-f]{8}\nbright +[0-9a-f]{8} [0-9a-f]{8}\n$/);
  assert.equal(awsm('run', simd), expected, 'SIMD build differs from the scalar build');
  if (arch() === 'x64') assert.equal(awsm('run', '--cpu=x86-64', simd), expected, 'SIMD build with --cpu=x86-64 differs');
});

test('the SIMD build compiles to packed SSE instructions', { timeout: 10 * 60_000 }, (t) => {
  if (arch() !== 'x64') return t.skip('x86-64 only');
  if (!requires(t, ['clang-16', 'objdump'])) return;
  const simd = build('kernel_simd', '-msimd128');
  awsm('compile', '--name=kernel', simd, '-o', 'kernel_simd');
  const asm = must('objdump', ['-d', '--no-show-raw-insn', 'kernel_simd']);
  // The module's functions are the symbols kernel_f<i>; everything else is the runtime or libc.
  const mnemonics = new Set<string>();
  let inModule = false;
  for (const line of asm.split('\n')) {
    const sym = /^[0-9a-f]+ <([^>]+)>:$/.exec(line);
    if (sym !== null) inModule = /^kernel_f\d+$/.test(sym[1]!);
    else if (inModule) {
      const m = /^\s+[0-9a-f]+:\s+([a-z0-9]+)/.exec(line);
      if (m !== null) mnemonics.add(m[1]!);
    }
  }
  assert.ok(mnemonics.size > 0, 'no kernel_f* functions in the executable (symbols stripped?)');
  const missing = ['pmulld', 'paddd', 'mulps', 'addps', 'paddusb'].filter((x) => !mnemonics.has(x));
  assert.deepEqual(missing, [], `packed instructions missing from the module's code: ${missing.join(' ')}`);
});
