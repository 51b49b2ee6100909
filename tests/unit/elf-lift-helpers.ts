/**
 * What the lifter's tests share: building AArch64 programs with the cross toolchain, and
 * running a lifted program: the lifted IR + a tiny wasm32
 * test runtime (write, exit; the guest stack at 48 MiB) compiled by clang-16 for wasm32-wasi
 * and run under wasmtime, beside the same program under qemu-aarch64-static. Images come from
 * the ELF reader (src/elf/reader.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ElfImage } from '../../src/elf/image.js';
import { readElf as parseElf } from '../../src/elf/reader.js';
import { liftProgram } from '../../src/elf/lift/program.js';
import { WASI_CC, WASI_FLAGS, mustRun } from '../tools.js';

/** The start of the -nostdlib C test programs: _start calls main and exits with its result; sys_write. */
export const START = `  .text
  .global _start
_start:
  bl main
  mov x8, #93
  svc #0
  .global sys_write
sys_write:
  mov x8, #64
  svc #0
  ret
`;

/** The tools these tests need. */
export const ELF_TOOLS = ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-as', 'qemu-aarch64-static', WASI_CC, 'wasmtime'];

/** Assembles `source` (GNU as syntax) in `dir` to the object file it returns. */
export function assemble(dir: string, name: string, source: string): string {
  const s = join(dir, `${name}.s`);
  writeFileSync(s, source);
  mustRun('aarch64-linux-gnu-as', [s, '-o', join(dir, `${name}.o`)]);
  return join(dir, `${name}.o`);
}

/** Builds a static AArch64 executable from C and assembly files with `flags`. */
export function buildElf(dir: string, name: string, files: Record<string, string>, flags: readonly string[]): string {
  const paths = Object.entries(files).map(([file, text]) => {
    const p = join(dir, file);
    writeFileSync(p, text);
    return p;
  });
  const out = join(dir, name);
  mustRun('aarch64-linux-gnu-gcc', ['-static', ...flags, ...paths, '-o', out]);
  return out;
}

/** The ElfImage of an executable, by the ELF reader. */
export function readElf(path: string): ElfImage {
  return parseElf(readFileSync(path));
}

/** The test runtime: write and exit system calls, the segments copied to their addresses. */
function runtimeC(image: ElfImage): string {
  // A trailing 0 keeps the array non-empty for a segment with no file bytes (bss only).
  const segs = image.segments.map((s, i) => `static const unsigned char seg${i}[] = {${[...s.data, 0].join(',')}};`);
  const copies = image.segments.map((s, i) =>
    `  memcpy((void *)(uintptr_t)${s.vaddr}ull, seg${i}, ${s.data.length}); memset((char *)(uintptr_t)${s.vaddr}ull + ${s.data.length}, 0, ${s.memsz - BigInt(s.data.length)});`);
  return `#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "state.h"
${segs.join('\n')}
static struct a64_state st;
void awsm_elf_syscall(struct a64_state *s) {
  switch (s->x[8]) {
  case 64: s->x[0] = (uint64_t)(int64_t)write((int)s->x[0], (const void *)(uintptr_t)s->x[1], (size_t)s->x[2]); break;
  case 93: case 94: _Exit((int)s->x[0]);
  default: s->x[0] = (uint64_t)-38;
  }
}
void awsm_elf_unknown(uint64_t pc, uint32_t insn) {
  fprintf(stderr, "awsm: elf: unknown instruction 0x%08x at 0x%llx\\n", insn, (unsigned long long)pc);
  exit(134);
}
int main(void) {
${copies.join('\n')}
  st.sp = 0x3000000; st.pc = ${image.entry}ull; st.excl = ~0ull;
  awsm_elf_run(&st);
  return 0;
}
`;
}

/** What a program did: its standard output and exit status. */
export interface Outcome {
  stdout: string;
  status: number | null;
}

/** Runs the ELF under qemu. */
export function runQemu(elf: string): Outcome {
  const r = spawnSync('qemu-aarch64-static', [elf], { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

/** Lifts the ELF, builds it with the test runtime for wasm32-wasi and runs it under wasmtime. */
export function runLifted(dir: string, elf: string): Outcome & { ir: string; unknown: number } {
  const image = readElf(elf);
  const lifted = liftProgram(image);
  const ll = `${elf}.ll`;
  writeFileSync(ll, lifted.ir);
  writeFileSync(`${elf}.rt.c`, runtimeC(image));
  const wasm = `${elf}.wasm`;
  const stateDir = resolve(import.meta.dirname, '../../../runtime/elf');
  mustRun(WASI_CC, [...WASI_FLAGS, '-O2', '-Wno-override-module', `-I${stateDir}`, ll, `${elf}.rt.c`, '-Wl,--initial-memory=67108864', '-o', wasm], { cwd: dir });
  const r = spawnSync('wasmtime', ['run', wasm], { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status, ir: lifted.ir, unknown: lifted.unknown.length };
}
