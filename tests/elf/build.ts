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
/** objcopy of the cross binutils (Debian package binutils-aarch64-linux-gnu, a dependency of gcc-aarch64-linux-gnu). */
export const ELF_OBJCOPY = 'aarch64-linux-gnu-objcopy';

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

/** One program of a multi-call executable: the command that selects it, its C file (with its own `main`) and its `-D` definitions (NAME=VALUE). */
export interface MultiProgram {
  name: string;
  source: string;
  defines?: readonly string[];
}

/** The symbol program `name`'s `main` becomes in a multi-call executable: main_NAME, with every character C does not allow in a name as `_`. */
export function multiMain(name: string): string {
  return `main_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * One multi-call executable (busybox-style) of `programs`: `multi NAME ARGS...` runs NAME's
 * main with argv[0] = NAME. One translation instead of one per program, each of which would
 * hold a copy of glibc. Each program is compiled on its own (`-Dmain=main_NAME` and its
 * defines) and then every global symbol of its object but main_NAME is made local
 * (`objcopy --keep-global-symbol`), so that programs written apart may define the same
 * global names. Returns the path.
 */
export function buildMulti(programs: readonly MultiProgram[], dir: string): string {
  const objs = programs.map((p) => {
    const o = join(dir, `${multiMain(p.name)}.o`);
    mustRun(ELF_CC, ['-O2', '-c', `-Dmain=${multiMain(p.name)}`, ...(p.defines ?? []).map((d) => `-D${d}`), p.source, '-o', o]);
    mustRun(ELF_OBJCOPY, [`--keep-global-symbol=${multiMain(p.name)}`, o]);
    return o;
  });
  const driver = join(dir, 'multi.c');
  writeFileSync(driver, [
    '#include <stdio.h>', '#include <string.h>',
    ...programs.map((p) => `int ${multiMain(p.name)}(int, char **);`),
    'int main(int argc, char **argv) {',
    ...programs.map((p) => `  if (argc > 1 && strcmp(argv[1], "${p.name}") == 0) return ${multiMain(p.name)}(argc - 1, argv + 1);`),
    '  fprintf(stderr, "multi: unknown program %s\\n", argc > 1 ? argv[1] : "(none)");', '  return 127;', '}', '',
  ].join('\n'));
  const out = join(dir, 'multi');
  mustRun(ELF_CC, ['-static', '-O2', driver, ...objs, '-o', out, '-lm']);
  return out;
}
