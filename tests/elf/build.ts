/**
 * Building the Linux AArch64 test programs of the ELF translator (docs/elf.md, "Tests"):
 * `aarch64-linux-gnu-gcc -static -O2` of a C file into a directory, as the unit tests (reader)
 * and the end-to-end tests need them (bench:elf builds its own: bench/ is self-contained). The tests that call these first check the
 * compiler with `requires(t, [ELF_CC, ...])` (tests/tools.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/**
 * One multi-call executable (busybox-style) of the programs `names` in `programsDir` (NAME.c
 * each, with its own `main`): `multi NAME ARGS...` runs NAME's main with argv[0] = NAME. One
 * translation instead of one per program, each of which holds a copy of glibc. Returns the path.
 */
export function buildMulti(programsDir: string, names: readonly string[], dir: string): string {
  const objs = names.map((n) => {
    const o = join(dir, `${n}.o`);
    mustRun(ELF_CC, ['-O2', '-c', `-Dmain=main_${n}`, join(programsDir, `${n}.c`), '-o', o]);
    return o;
  });
  const driver = join(dir, 'multi.c');
  writeFileSync(driver, [
    '#include <stdio.h>', '#include <string.h>',
    ...names.map((n) => `int main_${n}(int, char **);`),
    'int main(int argc, char **argv) {',
    ...names.map((n) => `  if (argc > 1 && strcmp(argv[1], "${n}") == 0) return main_${n}(argc - 1, argv + 1);`),
    '  fprintf(stderr, "multi: unknown program %s\\n", argc > 1 ? argv[1] : "(none)");', '  return 127;', '}', '',
  ].join('\n'));
  const out = join(dir, 'multi');
  mustRun(ELF_CC, ['-static', '-O2', driver, ...objs, '-o', out, '-lm']);
  return out;
}
