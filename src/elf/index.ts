// `awsm elf2wasm`: a statically linked Linux AArch64 executable → a WASI preview1 module
// (docs/elf.md). Reads the ELF (reader.ts), lifts its code to LLVM IR (lift/program.ts),
// compiles that and the image (image-ir.ts) with clang-16 for wasm32-wasi, and links them with
// the runtime (runtime.ts: start-up, system calls on WASI) and wasi-libc through wasm-ld. The
// result is cached (CACHE/elf2wasm/KEY.wasm, KEY: the input, the options, this build of awsm
// and of the runtime), so translating a program again costs a hash.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElfImage } from './image.js';
import { globalBaseOf, imageIR } from './image-ir.js';
import { liftProgram } from './lift/program.js';
import { readElf } from './reader.js';
import { WASM_CFLAGS, checkWasiLibc, elfRuntime, elfRuntimeHash, linkElfWasm } from './runtime.js';
import { compilerFingerprint, reason, sha256 } from '../driver/cache.js';
import { cachedFile } from '../driver/entry.js';
import { refuseInputAsOutput, writeOutput } from '../driver/output.js';
import { runTool } from '../driver/tools.js';
import { AwsmError } from '../errors.js';

/** Options of elf2wasm. */
export interface Elf2WasmOptions {
  /** Log unknown system calls at run time (compiled in). */
  traceSyscalls?: boolean;
  /** Report the steps and the lifter's figures through `log`. */
  verbose?: boolean;
  /** Where verbose lines and warnings go (default: standard error). */
  log?: (line: string) => void;
  /** Use and fill the cache (default true). */
  cache?: boolean;
}

/** Where `opts` sends verbose lines and warnings. */
function logOf(opts: Elf2WasmOptions): (line: string) => void {
  return opts.log ?? ((l) => process.stderr.write(`${l}\n`));
}

/** Translates the executable `bytes` into a WASI preview1 module (through the cache). */
export async function elf2wasm(bytes: Uint8Array, opts: Elf2WasmOptions = {}): Promise<Uint8Array> {
  const image = readElf(bytes); // a bad input is refused before anything else
  checkWasiLibc(); // and missing tools before the lifting
  if (opts.cache === false) return translate(image, opts);
  const key = sha256(bytes, `trace=${opts.traceSyscalls === true}`, compilerFingerprint(), elfRuntimeHash()).slice(0, 32);
  let out: Uint8Array | undefined;
  const { path } = await cachedFile(['elf2wasm'], key, '.wasm', () => async (tmp) => {
    out = await translate(image, opts);
    writeFileSync(tmp, out);
  });
  if (out === undefined && opts.verbose === true) logOf(opts)('awsm: elf2wasm: from the cache');
  return out ?? new Uint8Array(readFileSync(path));
}

/** The translation itself (the caller has checked the tools). */
async function translate(image: ElfImage, opts: Elf2WasmOptions): Promise<Uint8Array> {
  const log = logOf(opts);
  const verbose = (l: string): void => {
    if (opts.verbose === true) log(`awsm: elf2wasm: ${l}`);
  };
  const globalBase = globalBaseOf(image);
  const runtime = elfRuntime();
  runtime.catch(() => {}); // awaited below; a failure is reported there
  const t0 = performance.now();
  const lifted = liftProgram(image);
  verbose(`lifted ${lifted.stats.functions} functions, ${lifted.stats.instructions} instructions, ${lifted.unknown.length} unknown in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (lifted.unknown.length > 0) {
    const first = lifted.unknown.slice(0, 5).map((u) => `0x${u.insn.toString(16).padStart(8, '0')} at 0x${u.addr.toString(16)}`);
    log(`awsm: elf2wasm: warning: ${lifted.unknown.length} instruction(s) not known to the lifter (${first.join(', ')}${lifted.unknown.length > 5 ? ', ...' : ''}); each stops the program with a message if reached`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'awsm-elf2wasm-'));
  try {
    writeFileSync(join(dir, 'lifted.ll'), lifted.ir);
    writeFileSync(join(dir, 'image.ll'), imageIR(image, opts.traceSyscalls === true ? { traceSyscalls: true } : {}));
    const t1 = performance.now();
    await Promise.all(['lifted', 'image'].map((n) => runTool('clang', [...WASM_CFLAGS, '-c', join(dir, `${n}.ll`), '-o', join(dir, `${n}.o`)])));
    verbose(`compiled the IR (${(lifted.ir.length / 1e6).toFixed(1)} MB) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    await linkElfWasm([join(dir, 'lifted.o'), join(dir, 'image.o'), await runtime], globalBase, join(dir, 'out.wasm'));
    return new Uint8Array(readFileSync(join(dir, 'out.wasm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `awsm elf2wasm INPUT -o OUTPUT`: translates the file `input` into `output` (written under a
 * temporary name and renamed; never the input). A file that cannot be read is an io error.
 */
export async function elf2wasmFile(input: string, output: string, opts: Elf2WasmOptions = {}): Promise<void> {
  refuseInputAsOutput(input, output);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(input));
  } catch (e) {
    throw new AwsmError('io', `cannot read ${input}: ${reason(e)}`);
  }
  const wasm = await elf2wasm(bytes, opts);
  writeOutput(output, (tmp) => writeFileSync(tmp, wasm));
}
