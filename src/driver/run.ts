/**
 * Running a compiled executable: the `run()` API and `awsm run`. The caller says what it
 * passes, an executable or a module to compile (Program); the file's contents must agree.
 *
 * The program gets `args` as argv[1…] (argv[0] is the module's file name), its environment,
 * its preopened directories and listening sockets, and either inherits this process's stdio
 * or has its output captured. A program killed by a signal reports status 128 + the signal
 * number, as shells do.
 *
 * The executable (runtime/main.c) takes its settings from environment variables, which it
 * removes before the guest sees its environment (docs/wasi.md):
 *
 *   AWSM_DIRS                HOST[::GUEST] entries separated by ':'; '\' escapes ':' and '\'
 *   AWSM_TCPLISTEN           ADDRESS:PORT entries separated by ','
 *   AWSM_MAX_MEMORY          SIZE: bytes with K/M/G, or pages with p
 *   AWSM_MAX_TABLE_ELEMENTS  N
 *   AWSM_MAX_HEAP            the GC heap's limit in bytes
 *   AWSM_TIMEOUT             seconds
 *   AWSM_MAX_THREADS         N (wasi-threads)
 *   AWSM_INVOKE              a call of a component's export in WAVE (--invoke)
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { AwsmError } from '../errors.js';
import { type Artifact, type CompileOptions, compile, readInput } from './compile.js';
import { exec } from './cjs.js';
import type { RunResult } from './exec.cjs';
import { MAX_PAGES, PAGE_SIZE } from '../translate/abi.js';

// The constants and the spawn itself live in exec.cts, which the cached start-up path shares.
export type { RunResult } from './exec.cjs';
export const { CONTROL_ENV, DIRS_ENV, FORWARDED_SIGNALS } = exec;
const { dirEntry, notADirectory, splitDir, startProgram } = exec;

/** Exit status of a program stopped by `timeout` (as timeout(1) uses). */
export const TIMEOUT_STATUS = 124;

/** A preopened directory: `HOST` or `HOST::GUEST` (wasmtime's spelling), or an object. */
export type DirSpec = string | { host: string; guest?: string };

function usage(message: string): AwsmError {
  return new AwsmError('usage', message);
}

/** `HOST[::GUEST]` → host and guest paths (guest defaults to host). */
export function parseDir(d: DirSpec): { host: string; guest: string } {
  if (typeof d !== 'string') return { host: d.host, guest: d.guest ?? d.host };
  const r = splitDir(d);
  if (r === undefined) throw usage(`--dir needs a host directory, got '${d}'`);
  return r;
}

/** Bytes per size suffix of --max-memory and --max-heap (`p`, pages, only for memory). */
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, KiB: 1024, k: 1024, M: 1 << 20, MiB: 1 << 20, G: 1 << 30, GiB: 1 << 30, p: PAGE_SIZE };

/** `N` with a SIZE_UNITS suffix (`p` only when `pages`) in bytes, or undefined when malformed. */
function sizeInBytes(s: string, pages: boolean): number | undefined {
  const m = /^(\d+)([A-Za-z]*)$/.exec(s);
  const unit = m === null || (m[2] === 'p' && !pages) || !Object.hasOwn(SIZE_UNITS, m[2]!) ? undefined : SIZE_UNITS[m[2]!];
  return unit === undefined ? undefined : Number(m![1]) * unit;
}

/** Memory limit in 64 KiB pages from `64M`, `1G`, `65536`, `16p` (bytes are rounded down). */
export function parseMemorySize(v: string | number): number {
  const s = String(v);
  const bytes = sizeInBytes(s, true);
  if (bytes === undefined) throw usage(`invalid size '${s}' for --max-memory (bytes with an optional K, M or G suffix, or pages with p: 64M, 1G, 256p)`);
  const pages = Math.floor(bytes / PAGE_SIZE);
  if (pages < 1) throw usage(`--max-memory ${s} is less than one 64 KiB page`);
  return Math.min(pages, MAX_PAGES); // the runtime's own limit (awsm_abi.h)
}

/**
 * `--max-heap`: the GC heap's limit in bytes from `256M`, `2G`, `1048576` (docs/gc.md, "The
 * limit"); at least 64 KiB, at most 1 TiB.
 */
export function parseHeapSize(v: string | number): number {
  const s = String(v);
  const bytes = sizeInBytes(s, false);
  if (bytes === undefined) throw usage(`invalid size '${s}' for --max-heap (bytes with an optional K, M or G suffix: 256M, 2G)`);
  if (bytes < PAGE_SIZE) throw usage(`--max-heap ${s} is less than 64 KiB`);
  return Math.min(bytes, 2 ** 40);
}

/** `--max-table-elements`: 1 … 2^32 - 1. */
export function parseTableElements(v: string | number): number {
  const s = String(v);
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 0xffffffff) throw usage(`invalid count '${s}' for --max-table-elements (1 to 4294967295)`);
  return Number(s);
}

/** `--max-threads`: 0 … 100000 (runtime/main.c checks the same range). */
export function parseMaxThreads(v: string | number): number {
  const s = String(v);
  if (!/^\d+$/.test(s) || Number(s) > 100000) throw usage(`invalid count '${s}' for --max-threads (0 to 100000)`);
  return Number(s);
}

/** `--timeout`: seconds, > 0. */
export function parseTimeout(v: string | number): number {
  const s = String(v);
  const n = Number(s);
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(s) || !(n > 0) || n > 1e8) throw usage(`invalid number of seconds '${s}' for --timeout`);
  return n;
}

/** `--tcplisten ADDRESS:PORT`: 127.0.0.1:8080, [::1]:8080, localhost:0. */
export function parseListenAddress(s: string): string {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):(\d{1,5})$/.exec(s);
  if (m === null || Number(m[2]) > 65535) throw usage(`invalid address '${s}' for --tcplisten (expected ADDRESS:PORT, e.g. 127.0.0.1:8080)`);
  return s;
}

/** AWSM_DIRS for these directories; also checks that each exists. */
export function encodeDirs(dirs: readonly DirSpec[]): string {
  return dirs
    .map((d) => {
      const dir = parseDir(d);
      const why = notADirectory(dir.host);
      if (why !== undefined) throw new AwsmError('io', `cannot preopen directory '${dir.host}': ${why}`);
      return dirEntry(dir);
    })
    .join(':');
}

/** Options of `run()`. */
export interface RunOptions {
  /** Arguments after argv[0] (default none). */
  args?: readonly string[];
  /** The program's environment (default: this process's environment). */
  env?: Readonly<Record<string, string>>;
  /**
   * Host directories the program may access (WASI preopens, descriptors 3, 4, …), as `HOST`,
   * `HOST::GUEST` or `{ host, guest }`. Nothing outside them is reachable. Default: none.
   */
  dirs?: readonly DirSpec[];
  /** TCP addresses (`ADDRESS:PORT`) to listen on; the sockets follow the directories. */
  tcplisten?: readonly string[];
  /** Memory limit: bytes (number), or a size string as `--max-memory` takes (`64M`, `16p`). */
  maxMemory?: string | number;
  /** Table size limit, in elements. */
  maxTableElements?: number;
  /** GC heap limit: bytes (number), or a size string as `--max-heap` takes (`256M`, `2G`). */
  maxHeap?: string | number;
  /** Wall-clock limit in seconds: then the program stops with status 124 (TIMEOUT_STATUS). */
  timeout?: number;
  /** wasi-threads: threads spawned and alive at once, at most (default 64; docs/threads.md). */
  maxThreads?: number;
  /**
   * Components: instead of wasi:cli/run, make this call of an export in WAVE (`add(1, 2)`) and
   * print its result in WAVE on stdout (docs/components.md "Calling exports").
   */
  invoke?: string;
  /**
   * 'inherit' (the default for the CLI) or 'pipe': capture stdout and stderr. Default 'pipe'.
   * With 'inherit', the FORWARDED_SIGNALS this process gets go to the program while it runs.
   */
  stdio?: 'inherit' | 'pipe';
  /** Bytes for the program's standard input when stdio is 'pipe' (default: empty). */
  stdin?: string | Uint8Array;
  /** argv[0] as the program sees it (default: the base name of the path given, .wasm or not; NAME.wasm for bytes). */
  argv0?: string;
}

/**
 * What run() runs, said explicitly (the file's contents are checked against it, never used to
 * choose): an Artifact from compile() with emit 'exe', `{ executable: PATH }` (an ELF file,
 * e.g. from `awsm compile`), or `{ wasm: PATH | BYTES }`, a WebAssembly module compiled to an
 * executable first (through the cache, with `compile`'s options).
 */
export type Program =
  | Artifact
  | { executable: string }
  | { wasm: string | Uint8Array; compile?: Omit<CompileOptions, 'emit' | 'output'> };

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The first `n` bytes of a file (fewer if it is shorter), or undefined when it cannot be read. */
export function fileHead(path: string, n: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(n);
    return head.subarray(0, readSync(fd, head, 0, n, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The first 4 bytes of a file (fewer if it is shorter); "cannot read" as everywhere else. */
function magicOf(path: string): Buffer {
  const magic = fileHead(path, 4);
  if (magic !== undefined) return magic;
  readInput(path); // throws the same message as every other read of a file
  throw new AwsmError('io', `cannot read ${path}`);
}

/** The executable to start and its default argv[0], after checking `program` is what it says. */
async function executableOf(program: Program): Promise<{ path: string; argv0: string }> {
  if (typeof program !== 'object' || program === null || program instanceof Uint8Array) {
    throw usage('run() takes an Artifact, { executable: PATH } or { wasm: PATH or bytes }');
  }
  if ('wasm' in program) {
    const w = program.wasm;
    const magic = typeof w === 'string' ? magicOf(w) : Buffer.from(w.subarray(0, 4));
    const what = typeof w === 'string' ? w : 'the bytes given';
    if (magic.equals(ELF_MAGIC)) throw usage(`${what} is an ELF file, not a WebAssembly module: run it as { executable: ... }`);
    const exe = await compile(w, { ...program.compile, emit: 'exe' });
    return { path: exe.path, argv0: typeof w === 'string' ? basename(w) : `${exe.name}.wasm` };
  }
  if ('executable' in program) {
    const path = program.executable;
    const magic = magicOf(path);
    if (magic.equals(WASM_MAGIC)) throw usage(`${path} is a WebAssembly module, not an executable: run it as { wasm: ... }`);
    if (!magic.equals(ELF_MAGIC)) throw usage(`${path} is not an executable (no ELF header)`);
    return { path, argv0: basename(path) };
  }
  if (program.emit !== 'exe') throw usage(`cannot run a '${program.emit}' artifact; compile with emit 'exe'`);
  // An artifact's file is compile()'s own: if it is not an executable, the file was damaged.
  if (!magicOf(program.path).equals(ELF_MAGIC)) throw new AwsmError('io', `cannot run ${program.path}: not an ELF executable`);
  return { path: program.path, argv0: basename(program.path) };
}

/**
 * Run `program` (see Program): a compiled executable, or a WebAssembly module compiled first.
 * A program that is not what it is passed as (an ELF file as `wasm`, a module as `executable`)
 * is a usage error, whatever its file name.
 */
export async function run(program: Program, options: RunOptions = {}): Promise<RunResult> {
  const exe = await executableOf(program);
  const path = exe.path;
  let argv0 = exe.argv0;
  if (options.argv0 !== undefined) argv0 = options.argv0;

  const env = programEnv(options);
  const stdio = options.stdio ?? 'pipe';

  try {
    return await startProgram(path, options.args ?? [], { argv0, env, stdio, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  } catch (e) {
    throw new AwsmError('io', `cannot run ${path}: ${(e as Error).message}`);
  }
}

/** The environment of a program run with `options`: the guest's, and the runtime's settings (CONTROL_ENV). */
export function programEnv(options: RunOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  for (const name of CONTROL_ENV) delete env[name];
  if (options.dirs !== undefined && options.dirs.length > 0) env[DIRS_ENV] = encodeDirs(options.dirs);
  if (options.tcplisten !== undefined && options.tcplisten.length > 0)
    env['AWSM_TCPLISTEN'] = options.tcplisten.map(parseListenAddress).join(',');
  if (options.maxMemory !== undefined) env['AWSM_MAX_MEMORY'] = `${parseMemorySize(options.maxMemory)}p`;
  if (options.maxTableElements !== undefined) env['AWSM_MAX_TABLE_ELEMENTS'] = String(parseTableElements(options.maxTableElements));
  if (options.maxHeap !== undefined) env['AWSM_MAX_HEAP'] = String(parseHeapSize(options.maxHeap));
  if (options.timeout !== undefined) env['AWSM_TIMEOUT'] = String(parseTimeout(options.timeout));
  if (options.maxThreads !== undefined) env['AWSM_MAX_THREADS'] = String(parseMaxThreads(options.maxThreads));
  if (options.invoke !== undefined) env['AWSM_INVOKE'] = options.invoke;
  return env;
}
