/**
 * What the lifter's tests share: building AArch64 programs with the cross toolchain, a minimal
 * ELF64 reader (PT_LOAD segments, entry, function symbols: only what ElfImage needs; the real
 * reader is src/elf/reader.ts), and running a lifted program: the lifted IR + a tiny wasm32
 * test runtime (write, exit; the guest stack at 48 MiB) compiled by clang-16 for wasm32-wasi
 * and run under wasmtime, beside the same program under qemu-aarch64-static.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ElfImage, Segment, Symbol } from '../../src/elf/image.js';
import { liftProgram } from '../../src/elf/lift/program.js';
import { WASI_CC, WASI_FLAGS, mustRun } from '../tools.js';

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

/** The ElfImage of a static AArch64 ELF64 executable (enough of the format for the tests). */
export function readElf(path: string): ElfImage {
  const b = readFileSync(path);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u64 = (o: number): bigint => dv.getBigUint64(o, true);
  const phoff = Number(u64(0x20));
  const shoff = Number(u64(0x28));
  const phentsize = dv.getUint16(0x36, true);
  const phnum = dv.getUint16(0x38, true);
  const shentsize = dv.getUint16(0x3a, true);
  const shnum = dv.getUint16(0x3c, true);
  const segments: Segment[] = [];
  let phdrAddr = 0n;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const type = dv.getUint32(o, true);
    const off = Number(u64(o + 8));
    const vaddr = u64(o + 16);
    if (type === 1) {
      segments.push({ vaddr, memsz: u64(o + 40), data: new Uint8Array(b.subarray(off, off + Number(u64(o + 32)))), flags: dv.getUint32(o + 4, true) });
      if (BigInt(phoff) >= BigInt(off) && BigInt(phoff) < BigInt(off) + u64(o + 32)) phdrAddr = vaddr + BigInt(phoff - off);
    }
  }
  const symbols: Symbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    if (dv.getUint32(o + 4, true) !== 2) continue; // SHT_SYMTAB
    const off = Number(u64(o + 0x18));
    const size = Number(u64(o + 0x20));
    const strtab = shoff + dv.getUint32(o + 0x28, true) * shentsize;
    const stroff = Number(u64(strtab + 0x18));
    for (let s = off; s < off + size; s += 24) {
      const nameOff = dv.getUint32(s, true);
      let end = stroff + nameOff;
      while (b[end] !== 0) end++;
      const name = b.subarray(stroff + nameOff, end).toString();
      symbols.push({ name, addr: u64(s + 8), size: u64(s + 16), isFunc: (b[s + 4]! & 15) === 2 });
    }
  }
  symbols.sort((a, c) => (a.addr < c.addr ? -1 : a.addr > c.addr ? 1 : 0));
  return { entry: u64(0x18), segments, symbols, phdr: { vaddr: phdrAddr, count: phnum, entsize: phentsize } };
}

/** The test runtime: write and exit system calls, the segments copied to their addresses. */
function runtimeC(image: ElfImage): string {
  const segs = image.segments.map((s, i) => `static const unsigned char seg${i}[] = {${[...s.data].join(',')},0};`);
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
