/**
 * Building the Linux AArch64 test programs of the ELF translator (docs/elf.md, "Tests"):
 * `aarch64-linux-gnu-gcc -static -O2` of a C file into a directory, as the unit tests (reader),
 * the end-to-end tests and the benchmarks need them. The tests that call these first check the
 * compiler with `requires(t, ELF_TOOLS)` (tests/tools.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mustRun } from '../tools.js';

/** The cross compiler and the reference emulator. */
export const ELF_CC = 'aarch64-linux-gnu-gcc';
export const QEMU = 'qemu-aarch64-static';

/** A fresh temporary directory for one test file's builds. */
export function elfTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'awsm-elf-'));
}

/** `aarch64-linux-gnu-gcc -static -O2 source [extra] -o dir/NAME -lm` (NAME: default the source's base name without .c); returns the path. */
export function buildStatic(source: string, dir: string, extra: readonly string[] = [], name?: string): string {
  const out = join(dir, name ?? basename(source).replace(/\.c$/, ''));
  mustRun(ELF_CC, ['-static', '-O2', ...extra, source, '-o', out, '-lm']);
  return out;
}
