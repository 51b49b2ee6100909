// The ELF reader (docs/elf.md, "What is accepted"): bytes of a statically linked Linux AArch64
// executable → ElfImage (image.ts). Accepted: ELF64, little-endian, EM_AARCH64, ET_EXEC, no
// PT_INTERP and no PT_DYNAMIC (so neither a dynamically linked program nor a static-pie one,
// which would need relocating), PT_LOAD segments that do not overlap and lie below 4 GiB (the
// wasm32 linear memory the guest lives in, guest address = linear address). Everything else is
// an ElfError: one line naming what is wrong and where (a file offset, a segment's index).

import { AwsmError } from '../errors.js';
import type { ElfImage, Segment, Symbol } from './image.js';

/** A file that is not an executable this translator accepts; the message is one line. */
export class ElfError extends AwsmError {
  constructor(message: string) {
    super('decode', message);
    this.name = 'ElfError';
  }
}

/** The guest address space: wasm32 linear memory, 4 GiB. */
export const ADDRESS_LIMIT = 1n << 32n;

const EM_AARCH64 = 183;
/** e_machine values worth naming in "built for X" errors (from the System V ABI registry). */
const MACHINES: Record<number, string> = {
  2: 'SPARC', 3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 22: 'S/390', 40: 'ARM (32-bit)',
  43: 'SPARC V9', 50: 'IA-64', 62: 'x86-64', 243: 'RISC-V', 258: 'LoongArch',
};
const ET_NAMES: Record<number, string> = { 0: 'no file type (ET_NONE)', 1: 'a relocatable object (ET_REL): link it with -static', 4: 'a core dump (ET_CORE)' };

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PT_PHDR = 6;
const PT_TLS = 7;
const SHT_SYMTAB = 2;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

/** Little-endian reads with a bounds check that names what was being read. */
class Bytes {
  private readonly view: DataView;
  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  /** Throws "truncated" unless [offset, offset + size) is inside the file. */
  need(offset: bigint, size: bigint, what: string): number {
    if (offset < 0n || offset + size > BigInt(this.data.length)) {
      throw new ElfError(`truncated: ${what} at file offset 0x${offset.toString(16)} (${size} bytes) runs past the end of the file (${this.data.length} bytes)`);
    }
    return Number(offset);
  }
  u8(o: number): number {
    return this.view.getUint8(o);
  }
  u16(o: number): number {
    return this.view.getUint16(o, true);
  }
  u32(o: number): number {
    return this.view.getUint32(o, true);
  }
  u64(o: number): bigint {
    return this.view.getBigUint64(o, true);
  }
  /** The NUL-terminated string at `o` (bounded by `end`). */
  cstr(o: number, end: number): string {
    let e = o;
    while (e < end && this.data[e] !== 0) e++;
    return new TextDecoder().decode(this.data.subarray(o, e));
  }
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** One program header as read. */
interface Phdr {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}

/** Checks the ELF identification and header fields; returns the header values used later. */
function readHeader(b: Bytes): { entry: bigint; phoff: bigint; phnum: number; phentsize: number; shoff: bigint; shnum: number; shentsize: number; type: number } {
  const d = b.data;
  if (d.length < 4 || d[0] !== 0x7f || d[1] !== 0x45 || d[2] !== 0x4c || d[3] !== 0x46) throw new ElfError('not an ELF file (no \\x7fELF magic at offset 0)');
  b.need(0n, BigInt(EHDR_SIZE), 'the ELF header');
  if (d[4] === 1) throw new ElfError('ELF32 (32-bit) file: only 64-bit AArch64 executables are translated');
  if (d[4] !== 2) throw new ElfError(`bad ELF class ${d[4]} at offset 4`);
  if (d[5] === 2) throw new ElfError('big-endian ELF file: only little-endian AArch64 executables are translated');
  if (d[5] !== 1) throw new ElfError(`bad ELF data encoding ${d[5]} at offset 5`);
  const machine = b.u16(18);
  if (machine !== EM_AARCH64) {
    const name = MACHINES[machine] ?? `machine ${machine}`;
    throw new ElfError(`built for ${name} (e_machine ${machine}), not AArch64: only Linux AArch64 executables are translated`);
  }
  const phentsize = b.u16(54);
  const shentsize = b.u16(58);
  if (phentsize !== PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize} (e_phentsize at offset 54; expected ${PHDR_SIZE})`);
  const shnum = b.u16(60);
  if (shnum !== 0 && shentsize !== SHDR_SIZE) throw new ElfError(`bad section header size ${shentsize} (e_shentsize at offset 58; expected ${SHDR_SIZE})`);
  return { type: b.u16(16), entry: b.u64(24), phoff: b.u64(32), shoff: b.u64(40), phentsize, phnum: b.u16(56), shentsize, shnum };
}

function readPhdrs(b: Bytes, phoff: bigint, phnum: number): Phdr[] {
  b.need(phoff, BigInt(phnum * PHDR_SIZE), `the program headers (${phnum})`);
  const out: Phdr[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = Number(phoff) + i * PHDR_SIZE;
    out.push({ type: b.u32(o), flags: b.u32(o + 4), offset: b.u64(o + 8), vaddr: b.u64(o + 16), filesz: b.u64(o + 32), memsz: b.u64(o + 40), align: b.u64(o + 48) });
  }
  return out;
}

/** Refuses what needs a dynamic loader: PT_INTERP (names the interpreter), PT_DYNAMIC, ET_DYN. */
function refuseDynamic(b: Bytes, type: number, phdrs: readonly Phdr[]): void {
  const interp = phdrs.find((p) => p.type === PT_INTERP);
  if (interp !== undefined) {
    const o = b.need(interp.offset, interp.filesz, 'the PT_INTERP string');
    throw new ElfError(`dynamically linked (interpreter ${b.cstr(o, o + Number(interp.filesz))}): link with -static`);
  }
  if (type === 3) throw new ElfError('position-independent executable (ET_DYN, static-pie or a shared object): link with -static -no-pie');
  if (type !== 2) throw new ElfError(`${ET_NAMES[type] ?? `file type ${type}`}, not an executable (ET_EXEC)`);
  if (phdrs.some((p) => p.type === PT_DYNAMIC)) throw new ElfError('has a PT_DYNAMIC segment (dynamic relocations): link with -static');
}

/** The PT_LOAD segments, checked (in the file, below 4 GiB, no overlap) and in address order. */
function readSegments(b: Bytes, phdrs: readonly Phdr[]): Segment[] {
  const loads = phdrs.map((p, i) => ({ p, i })).filter(({ p }) => p.type === PT_LOAD && p.memsz > 0n);
  if (loads.length === 0) throw new ElfError('no PT_LOAD segment: nothing to load');
  for (const { p, i } of loads) {
    if (p.filesz > p.memsz) throw new ElfError(`segment ${i} (PT_LOAD at ${hex(p.vaddr)}): file size ${hex(p.filesz)} exceeds memory size ${hex(p.memsz)}`);
    // A segment of .bss alone has no file bytes, and its offset may lie past the file's end.
    if (p.filesz > 0n) b.need(p.offset, p.filesz, `segment ${i} (PT_LOAD at ${hex(p.vaddr)})`);
    if (p.vaddr + p.memsz > ADDRESS_LIMIT) {
      throw new ElfError(`segment ${i} (PT_LOAD at ${hex(p.vaddr)}, ${hex(p.memsz)} bytes) ends beyond the 4 GiB the sandbox maps (wasm32 linear memory)`);
    }
  }
  loads.sort((a, b2) => (a.p.vaddr < b2.p.vaddr ? -1 : a.p.vaddr > b2.p.vaddr ? 1 : 0));
  for (let k = 1; k < loads.length; k++) {
    const prev = loads[k - 1]!;
    const cur = loads[k]!;
    if (prev.p.vaddr + prev.p.memsz > cur.p.vaddr) {
      throw new ElfError(`segments ${prev.i} and ${cur.i} overlap: [${hex(prev.p.vaddr)}, ${hex(prev.p.vaddr + prev.p.memsz)}) and [${hex(cur.p.vaddr)}, ${hex(cur.p.vaddr + cur.p.memsz)})`);
    }
  }
  return loads.map(({ p }) => ({ vaddr: p.vaddr, memsz: p.memsz, data: p.filesz > 0n ? b.data.slice(Number(p.offset), Number(p.offset + p.filesz)) : new Uint8Array(0), flags: p.flags }));
}

/**
 * Where the program headers are in memory (AT_PHDR; glibc's static start-up finds PT_TLS
 * through it): PT_PHDR's address, or else the loaded segment whose file bytes hold them.
 */
function phdrAddress(phdrs: readonly Phdr[], phoff: bigint, phnum: number): bigint {
  const pt = phdrs.find((p) => p.type === PT_PHDR);
  if (pt !== undefined) return pt.vaddr;
  const end = phoff + BigInt(phnum * PHDR_SIZE);
  const seg = phdrs.find((p) => p.type === PT_LOAD && p.offset <= phoff && end <= p.offset + p.filesz);
  if (seg === undefined) throw new ElfError(`the program headers (file offset ${hex(phoff)}) are in no loaded segment, so AT_PHDR has nothing to point at`);
  return seg.vaddr + (phoff - seg.offset);
}

/** The defined function and object symbols of .symtab, in address order (empty if stripped). */
function readSymbols(b: Bytes, shoff: bigint, shnum: number): Symbol[] {
  if (shnum === 0 || shoff === 0n) return [];
  b.need(shoff, BigInt(shnum * SHDR_SIZE), `the section headers (${shnum})`);
  const out: Symbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const sh = Number(shoff) + i * SHDR_SIZE;
    if (b.u32(sh + 4) !== SHT_SYMTAB) continue;
    const off = b.u64(sh + 24);
    const size = b.u64(sh + 32);
    const link = b.u32(sh + 40);
    if (link >= shnum) throw new ElfError(`section ${i} (.symtab): string table index ${link} is out of range (${shnum} sections)`);
    const strsh = Number(shoff) + link * SHDR_SIZE;
    const stroff = b.need(b.u64(strsh + 24), b.u64(strsh + 32), `section ${link} (the symbol names)`);
    const strend = stroff + Number(b.u64(strsh + 32));
    const base = b.need(off, size, `section ${i} (.symtab)`);
    for (let o = base; o + SYM_SIZE <= base + Number(size); o += SYM_SIZE) {
      const type = b.u8(o + 4) & 0xf;
      if ((type !== STT_FUNC && type !== STT_OBJECT && type !== STT_GNU_IFUNC) || b.u16(o + 6) === 0) continue;
      const nameOff = stroff + b.u32(o);
      const name = nameOff < strend ? b.cstr(nameOff, strend) : '';
      out.push({ name, addr: b.u64(o + 8), size: b.u64(o + 16), isFunc: type !== STT_OBJECT });
    }
  }
  return out.sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** Reads a statically linked Linux AArch64 executable; throws ElfError for anything else. */
export function readElf(data: Uint8Array): ElfImage {
  const b = new Bytes(data);
  const h = readHeader(b);
  const phdrs = readPhdrs(b, h.phoff, h.phnum);
  refuseDynamic(b, h.type, phdrs);
  const segments = readSegments(b, phdrs);
  const inCode = segments.some((s) => (s.flags & 1) !== 0 && s.vaddr <= h.entry && h.entry < s.vaddr + s.memsz);
  if (!inCode) throw new ElfError(`the entry point ${hex(h.entry)} is in no executable segment`);
  const image: ElfImage = {
    entry: h.entry,
    segments,
    symbols: readSymbols(b, h.shoff, h.shnum),
    phdr: { vaddr: phdrAddress(phdrs, h.phoff, h.phnum), count: h.phnum, entsize: h.phentsize },
  };
  const tls = phdrs.find((p) => p.type === PT_TLS);
  if (tls !== undefined) image.tls = { vaddr: tls.vaddr, filesz: tls.filesz, memsz: tls.memsz, align: tls.align };
  return image;
}
