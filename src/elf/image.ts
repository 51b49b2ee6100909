// What the ELF reader hands the lifter: a statically linked Linux AArch64 executable's loadable
// segments, entry point and symbols (docs/elf.md). The reader (src/elf/reader.ts) builds it;
// the lifter (src/elf/lift/) reads code and data through it; nothing here knows ELF's layout.

/** One PT_LOAD segment. */
export interface Segment {
  /** Guest virtual address of the first byte. */
  vaddr: bigint;
  /** Size in memory (memsz); bytes past `data.length` are zero (.bss). */
  memsz: bigint;
  /** The file's bytes of the segment (filesz of them). */
  data: Uint8Array;
  /** PF_X = 1, PF_W = 2, PF_R = 4, as in the program header. */
  flags: number;
}

/** One symbol of the symbol table (.symtab), when the executable keeps it. */
export interface Symbol {
  name: string;
  /** Guest address. */
  addr: bigint;
  /** Size in bytes (0 when unknown). */
  size: bigint;
  /** STT_FUNC (a function's entry) rather than data. */
  isFunc: boolean;
}

/** A loaded executable. */
export interface ElfImage {
  /** e_entry: where the program starts (glibc's _start). */
  entry: bigint;
  /** The PT_LOAD segments, in address order. */
  segments: Segment[];
  /** Function and object symbols, in address order; empty when stripped. */
  symbols: Symbol[];
  /** PT_TLS: the initial TLS image's address, file size, memory size and alignment, if any. */
  tls?: { vaddr: bigint; filesz: bigint; memsz: bigint; align: bigint };
  /** Address of the program headers in memory (for AT_PHDR), their count and entry size. */
  phdr: { vaddr: bigint; count: number; entsize: number };
}
