// The loaded image as an LLVM IR module for wasm32 (docs/elf.md, "Memory layout"): the bytes
// of every PT_LOAD segment and the `awsm_elf_image` descriptor (runtime/elf/elf_rt.h) that the
// runtime's start-up copies into place and reads the auxiliary vector from. Also where the
// runtime's data may start: past the last segment.

import type { ElfImage } from './image.js';
import { ElfError } from './reader.js';
import { RUNTIME_STACK } from './runtime.js';

/** Wasm pages are 64 KiB: the runtime's data starts on one, past the program's segments. */
const WASM_PAGE = 0x10000n;

/** Options that the image compiles in. */
export interface ImageOptions {
  /** Log unknown system calls to standard error (awsm elf2wasm --trace-syscalls). */
  traceSyscalls?: boolean;
}

/** `bytes` as an LLVM string constant body: printable ASCII as is, the rest as \XX. */
function irString(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, '0').toUpperCase()}`);
  return parts.join('');
}

/**
 * The address the runtime's data (wasm-ld --global-base) starts at: the first 64 KiB boundary
 * past the last segment. Refuses an image whose first segment is inside the runtime's stack.
 */
export function globalBaseOf(image: ElfImage): number {
  const first = image.segments[0]!;
  if (first.vaddr < BigInt(RUNTIME_STACK)) {
    throw new ElfError(`segment at 0x${first.vaddr.toString(16)} is below 0x${RUNTIME_STACK.toString(16)}, where the translated program keeps the runtime's stack: link at a higher address (the default -Ttext-segment 0x400000 is fine)`);
  }
  const last = image.segments[image.segments.length - 1]!;
  const base = (last.vaddr + last.memsz + WASM_PAGE - 1n) & ~(WASM_PAGE - 1n);
  if (base + 16n * 1024n * 1024n >= 1n << 32n) throw new ElfError('the segments end too close to 4 GiB to leave room for the runtime, the stack and the heap');
  return Number(base);
}

/** The IR module defining @awsm_elf_image and the segments' bytes. */
export function imageIR(image: ElfImage, opts: ImageOptions = {}): string {
  const lines = ['; The loaded image of a Linux AArch64 executable (awsm elf2wasm)', 'target triple = "wasm32-unknown-wasi"', ''];
  const entries: string[] = [];
  image.segments.forEach((s, i) => {
    lines.push(`@seg${i} = private unnamed_addr constant [${s.data.length} x i8] c"${irString(s.data)}", align 16`);
    entries.push(`{ i32, i32, i32, ptr } { i32 ${s.vaddr}, i32 ${s.data.length}, i32 ${s.memsz}, ptr @seg${i} }`);
  });
  const n = image.segments.length;
  lines.push(`@segs = private unnamed_addr constant [${n} x { i32, i32, i32, ptr }] [${entries.join(', ')}], align 4`);
  lines.push(
    `@awsm_elf_image = constant { i64, i32, i32, i32, i32, ptr, i32 } { i64 ${image.entry}, i32 ${image.phdr.vaddr}, i32 ${image.phdr.count}, ` +
      `i32 ${image.phdr.entsize}, i32 ${n}, ptr @segs, i32 ${opts.traceSyscalls === true ? 1 : 0} }, align 8`,
  );
  return lines.join('\n') + '\n';
}
