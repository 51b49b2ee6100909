/**
 * The whole LLVM module as text (ModuleBuilder: header, types, globals, declarations,
 * functions, attributes, metadata), the size limits on IR text, and byte strings as LLVM
 * writes them. builder.ts re-exports all of it; FunctionBuilder builds the functions.
 */
import { CompileError } from '../errors.js';
import type { Ty } from './values.js';

/**
 * Implementation limit on the IR text of one function, in characters: `base + perByte` for
 * each byte of the Wasm function body, and never more than `max`. Ordinary code needs well
 * under 200 characters per body byte; a hostile module can ask for far more (every branch to
 * a block of 1,000 results moves 1,000 values), and without a limit it would exhaust memory
 * or JavaScript's string length (docs/security.md). Exceeding it is a CompileError.
 */
export const IR_LIMIT = { base: 4 << 20, perByte: 1024, max: 1 << 28 } as const;

/** The IR size limit (characters) for a function whose Wasm body has `bodyBytes` bytes. */
export function irCharLimit(bodyBytes: number): number {
  return Math.min(IR_LIMIT.max, IR_LIMIT.base + IR_LIMIT.perByte * bodyBytes);
}

/** The IR of a whole module must stay below JavaScript's maximum string length. */
const MAX_MODULE_CHARS = (1 << 29) - (1 << 20);

export function tooLarge(what: string, limit: number): never {
  throw new CompileError(`${what}: its LLVM IR would exceed ${Math.floor(limit / (1 << 20))} MiB (implementation limit)`);
}

/** Hex digits of `\XX` escapes, upper case as LLVM prints them. */
const HEX = '0123456789ABCDEF';

/**
 * Bytes as an LLVM string body: printable ASCII kept, everything else as \XX. Written into a
 * byte buffer and decoded once: a Go module's data is a megabyte or more, and one string
 * concatenation per byte made this the translator's slowest function.
 */
export function escapeBytes(bytes: Uint8Array): string {
  if (bytes.length > MAX_MODULE_CHARS / 3) tooLarge(`a string of ${bytes.length} bytes`, MAX_MODULE_CHARS);
  const out = Buffer.allocUnsafe(bytes.length * 3);
  let n = 0;
  // An index loop: `for (const b of bytes)` allocated an iterator result per byte.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out[n++] = b;
    else {
      out[n++] = 0x5c;
      out[n++] = HEX.charCodeAt(b >> 4);
      out[n++] = HEX.charCodeAt(b & 15);
    }
  }
  return out.toString('latin1', 0, n);
}

/** A whole LLVM module: header, type definitions, globals, declarations, functions, metadata. */
export class ModuleBuilder {
  private readonly header: string[] = [];
  private readonly types: string[] = [];
  private readonly globals: string[] = [];
  private readonly decls = new Map<string, string>();
  private readonly funcs: string[] = [];
  private readonly metadata: string[] = [];
  private readonly attrGroups: string[] = [];
  private mdCounter = 0;
  /** Characters of function text so far (see MAX_MODULE_CHARS). */
  private funcChars = 0;

  constructor(triple?: string, dataLayout?: string) {
    if (dataLayout) this.header.push(`target datalayout = "${dataLayout}"`);
    if (triple) this.header.push(`target triple = "${triple}"`);
  }

  /** `%name = type …` */
  typeDef(name: string, body: string): void {
    this.types.push(`${name} = type ${body}`);
  }

  /** A global definition line, e.g. `@x = internal constant [3 x i8] c"abc"`. */
  global(line: string): void {
    this.globals.push(line);
  }

  /** Declare an external function once: `declare retTy @name(params) attrs`. */
  declare(name: string, retTy: Ty, params: Ty[], attrs = ''): void {
    if (!this.decls.has(name)) this.decls.set(name, `declare ${retTy} ${name}(${params.join(', ')})${attrs ? ' ' + attrs : ''}`);
  }

  addFunction(f: { toString(): string } | string): void {
    const text = f.toString();
    this.funcChars += text.length + 1;
    if (this.funcChars > MAX_MODULE_CHARS) tooLarge('the module is too large to compile', MAX_MODULE_CHARS);
    this.funcs.push(text);
  }

  /** Add a metadata node and return its name (`!N`). */
  md(body: string): string {
    const name = `!${this.mdCounter++}`;
    this.metadata.push(`${name} = ${body}`);
    return name;
  }

  /** A distinct node that refers to itself first: `!N = distinct !{!N, rest}` (scopes, loop ids). */
  mdDistinct(rest: string): string {
    const name = `!${this.mdCounter++}`;
    this.metadata.push(`${name} = distinct !{${name}, ${rest}}`);
    return name;
  }

  /** Add a named attribute group: `attributes #N = { … }`. */
  attributes(id: number, body: string): void {
    this.attrGroups.push(`attributes #${id} = { ${body} }`);
  }

  toString(): string {
    // Data segments and descriptor tables (globals) count too.
    let total = this.funcChars;
    for (const list of [this.header, this.types, this.globals, this.attrGroups, this.metadata]) {
      for (const line of list) total += line.length + 1;
    }
    if (total > MAX_MODULE_CHARS) tooLarge('the module is too large to compile', MAX_MODULE_CHARS);
    // Every line of every part in one array, joined once (the functions' text, most of the
    // module, is copied once): parts are separated by a blank line (an empty element), and
    // the last element, empty, ends the text with a newline.
    const all: string[] = [];
    for (const part of [this.header, this.types, this.globals, [...this.decls.values()], this.funcs, this.attrGroups, this.metadata]) {
      if (part.length === 0 || (part.length === 1 && part[0] === '')) continue;
      if (all.length > 0) all.push('');
      for (const line of part) all.push(line);
    }
    if (all.length === 0) all.push('');
    all.push('');
    return all.join('\n');
  }
}
