/**
 * The ELF reader (src/elf/reader.ts) on real static AArch64 executables built by the test, and
 * on corrupted copies of one: every refusal is one line naming what and where.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { ElfError, readElf } from '../../src/elf/reader.js';
import { ELF_CC, buildStatic, elfTempDir } from '../elf/build.js';
import { have, mustRun, requires } from '../tools.js';

const dir = elfTempDir();
let hello: Uint8Array | undefined;
before(() => {
  if (have(ELF_CC)) hello = new Uint8Array(readFileSync(buildStatic(join(packageRoot, 'tests', 'elf', 'programs', 'hello.c'), dir)));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** readElf's refusal of `bytes`: an ElfError on one line matching `re`. */
function refuses(bytes: Uint8Array, re: RegExp): void {
  assert.throws(() => readElf(bytes), (e: unknown) => {
    assert.ok(e instanceof ElfError, `not an ElfError: ${String(e)}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), `more than one line: ${e.message}`);
    return true;
  });
}

/** A copy of hello with `edit` applied to a DataView of it. */
function patched(edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = hello!.slice();
  edit(new DataView(b.buffer), b);
  return b;
}

/** File offset of program header `i` of hello. */
const phdrAt = (v: DataView, i: number): number => Number(v.getBigUint64(32, true)) + 56 * i;

test('a static executable: segments, entry, TLS, program headers and symbols', (t) => {
  if (!requires(t, [ELF_CC, 'objdump'])) return;
  const img = readElf(hello!);
  const v = new DataView(hello!.buffer, hello!.byteOffset);
  assert.equal(img.entry, v.getBigUint64(24, true));
  assert.ok(img.segments.length >= 2, 'text and data segments');
  for (let i = 1; i < img.segments.length; i++) assert.ok(img.segments[i - 1]!.vaddr + img.segments[i - 1]!.memsz <= img.segments[i]!.vaddr);
  const text = img.segments.find((s) => (s.flags & 1) !== 0)!;
  assert.ok(text.vaddr <= img.entry && img.entry < text.vaddr + text.memsz);
  // The bss of the data segment: memsz beyond the file bytes.
  assert.ok(img.segments.some((s) => s.memsz > BigInt(s.data.length)));
  assert.ok(img.tls !== undefined && img.tls.memsz >= img.tls.filesz, 'glibc has a PT_TLS segment');
  // No PT_PHDR in a static executable: the headers are found in the first segment.
  assert.equal(img.phdr.vaddr, text.vaddr + v.getBigUint64(32, true));
  assert.equal(img.phdr.entsize, 56);
  // The symbols agree with the cross toolchain's symbol table.
  const main = img.symbols.find((s) => s.name === 'main');
  assert.ok(main !== undefined && main.isFunc);
  const nm = mustRun('aarch64-linux-gnu-nm', [join(dir, 'hello')]);
  const line = nm.split('\n').find((l) => / T main$/.test(l));
  assert.equal(main.addr, BigInt(`0x${line!.split(' ')[0]}`));
  assert.ok(img.symbols.some((s) => !s.isFunc), 'data symbols too');
  for (let i = 1; i < img.symbols.length; i++) assert.ok(img.symbols[i - 1]!.addr <= img.symbols[i]!.addr, 'in address order');
  // The segment bytes are the file's: the instruction at the entry point.
  const off = Number(img.entry - text.vaddr);
  const dump = mustRun('aarch64-linux-gnu-objdump', ['-d', '--start-address', `0x${img.entry.toString(16)}`, '--stop-address', `0x${(img.entry + 4n).toString(16)}`, join(dir, 'hello')]);
  const word = new DataView(text.data.buffer, text.data.byteOffset).getUint32(off, true);
  assert.match(dump, new RegExp(`\\s${word.toString(16).padStart(8, '0')}\\s`));
});

test('a stripped executable has no symbols but loads', (t) => {
  if (!requires(t, [ELF_CC])) return;
  const stripped = buildStatic(join(packageRoot, 'tests', 'elf', 'programs', 'hello.c'), dir, ['-s'], 'hello-s');
  const img = readElf(new Uint8Array(readFileSync(stripped)));
  assert.deepEqual(img.symbols, []);
  assert.equal(img.entry, readElf(hello!).entry);
});

test('not an ELF, ELF32, big-endian, another machine', (t) => {
  if (!requires(t, [ELF_CC])) return;
  refuses(new TextEncoder().encode('#!/bin/sh\necho hi\n'), /^not an ELF file/);
  refuses(new Uint8Array([0x7f, 0x45]), /^not an ELF file/);
  refuses(patched((v) => v.setUint8(4, 1)), /^ELF32/);
  refuses(patched((v) => v.setUint8(5, 2)), /^big-endian/);
  refuses(patched((v) => v.setUint16(18, 62, true)), /^built for x86-64 \(e_machine 62\), not AArch64/);
  refuses(patched((v) => v.setUint16(18, 243, true)), /built for RISC-V/);
  refuses(patched((v) => v.setUint16(18, 9999, true)), /built for machine 9999/);
});

test('a real x86-64 executable names its machine', (t) => {
  if (!requires(t, ['clang-16'])) return;
  const exe = join(dir, 'x86');
  writeFileSync(`${exe}.c`, 'int main(void) { return 0; }\n');
  mustRun('clang-16', ['-static', `${exe}.c`, '-o', exe]);
  refuses(new Uint8Array(readFileSync(exe)), /^built for x86-64/);
});

test('dynamically linked and position-independent executables', (t) => {
  if (!requires(t, [ELF_CC])) return;
  const src = join(packageRoot, 'tests', 'elf', 'programs', 'hello.c');
  mustRun(ELF_CC, ['-O2', src, '-o', join(dir, 'dyn')]);
  refuses(new Uint8Array(readFileSync(join(dir, 'dyn'))), /^dynamically linked \(interpreter \/lib\/ld-linux-aarch64\.so\.1\): link with -static$/);
  mustRun(ELF_CC, ['-O2', '-static-pie', src, '-o', join(dir, 'spie')]);
  refuses(new Uint8Array(readFileSync(join(dir, 'spie'))), /^position-independent executable \(ET_DYN.*-no-pie$/);
  refuses(patched((v) => v.setUint16(16, 1, true)), /relocatable object/);
});

test('truncated files name the offset', (t) => {
  if (!requires(t, [ELF_CC])) return;
  refuses(hello!.slice(0, 40), /^truncated: the ELF header at file offset 0x0/);
  refuses(hello!.slice(0, 100), /^truncated: the program headers/);
  // Cut in the middle of the data segment's file bytes.
  const v = new DataView(hello!.buffer, hello!.byteOffset);
  const off1 = Number(v.getBigUint64(phdrAt(v, 1) + 8, true));
  refuses(hello!.slice(0, off1 + 16), /^truncated: segment 1 \(PT_LOAD at 0x[0-9a-f]+\) at file offset 0x[0-9a-f]+/);
  // The section headers are past the segments: cutting them off is a truncation too.
  refuses(hello!.slice(0, hello!.length - 64), /^truncated: the section headers/);
});

test('overlapping segments, beyond 4 GiB, entry outside code, bad sizes', (t) => {
  if (!requires(t, [ELF_CC])) return;
  // Move segment 1 onto segment 0.
  refuses(patched((v) => v.setBigUint64(phdrAt(v, 1) + 16, v.getBigUint64(phdrAt(v, 0) + 16, true) + 16n, true)), /^segments 0 and 1 overlap: \[0x/);
  refuses(patched((v) => v.setBigUint64(phdrAt(v, 1) + 16, 0xffff_f000n, true)), /^segment 1 \(PT_LOAD at 0xfffff000.*beyond the 4 GiB the sandbox maps/);
  refuses(patched((v) => v.setBigUint64(24, 0x10n, true)), /^the entry point 0x10 is in no executable segment/);
  refuses(patched((v) => v.setBigUint64(phdrAt(v, 0) + 40, 1n, true)), /^segment 0 .*file size 0x[0-9a-f]+ exceeds memory size 0x1$/);
  refuses(patched((v) => v.setUint16(54, 32, true)), /^bad program header size 32/);
});

test('a segment of .bss alone, whose file offset is past the end of the file (regression)', (t) => {
  if (!requires(t, [ELF_CC])) return;
  const exe = buildStatic(join(packageRoot, 'tests', 'elf', 'nolibc', 'nolibc.c'), dir, ['-nostdlib', '-ffreestanding', '-mgeneral-regs-only']);
  const bytes = new Uint8Array(readFileSync(exe));
  const img = readElf(bytes);
  const bss = img.segments.find((s) => s.data.length === 0);
  assert.ok(bss !== undefined && bss.memsz >= 100001n, 'the sieve array is a segment with no file bytes');
});
