/**
 * Running a compiled executable: the `run()` API and `awsm run`.
 *
 * The program gets `args` as argv[1…] (argv[0] is the module's file name), its environment
 * and its preopened directories, and either inherits this process's stdio or has its output
 * captured. A program killed by a signal reports status 128 + the signal number, as shells do.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { constants } from 'node:os';
import { basename } from 'node:path';
import { AwsmError } from '../errors.js';
import { type Artifact, compile, readInput } from './compile.js';

/**
 * How preopened directories reach runtime/main.c: a variable in the executable's process
 * environment, entries separated by ':'; each entry is `HOST` or `HOST=GUEST` (the guest
 * path defaults to HOST). main.c removes it before handing the environment to the guest.
 */
export const DIRS_ENV = 'AWSM_DIRS';

/** Options of `run()`. */
export interface RunOptions {
  /** Arguments after argv[0] (default none). */
  args?: readonly string[];
  /** The program's environment (default: this process's environment). */
  env?: Readonly<Record<string, string>>;
  /**
   * Host directories the program may access (WASI preopens), as `HOST` or `HOST=GUEST`.
   * Nothing outside them is reachable. Default: none.
   */
  dirs?: readonly string[];
  /** 'inherit' (the default for the CLI) or 'pipe': capture stdout and stderr. Default 'pipe'. */
  stdio?: 'inherit' | 'pipe';
  /** Bytes for the program's standard input when stdio is 'pipe' (default: empty). */
  stdin?: string | Uint8Array;
  /** argv[0] as the program sees it (default: the base name of the path given, .wasm or not). */
  argv0?: string;
}

/** How a program run ended. */
export interface RunResult {
  /** Exit status; 128 + signal number if a signal killed it. */
  status: number;
  /** The signal that killed it, if one did. */
  signal?: NodeJS.Signals;
  /** Captured output (stdio 'pipe' only). */
  stdout?: string;
  stderr?: string;
}

function isWasmFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.equals(Buffer.from([0, 0x61, 0x73, 0x6d]));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Run a compiled executable: an Artifact from `compile()` (emit 'exe'), the path of an
 * executable, or the path of a .wasm module (compiled first, through the cache).
 */
export async function run(program: Artifact | string, options: RunOptions = {}): Promise<RunResult> {
  let path: string;
  let argv0: string;
  if (typeof program === 'string') {
    argv0 = basename(program);
    if (isWasmFile(program)) path = (await compile(program, { emit: 'exe' })).path;
    else {
      readInput(program); // the same "cannot read" message as everywhere else
      path = program;
    }
  } else {
    if (program.emit !== 'exe') throw new AwsmError('usage', `cannot run a '${program.emit}' artifact; compile with emit 'exe'`);
    path = program.path;
    argv0 = basename(path);
  }
  if (options.argv0 !== undefined) argv0 = options.argv0;

  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  delete env[DIRS_ENV];
  if (options.dirs !== undefined && options.dirs.length > 0) env[DIRS_ENV] = options.dirs.join(':');
  const stdio = options.stdio ?? 'pipe';

  return new Promise((resolve, reject) => {
    const child = spawn(path, [...(options.args ?? [])], {
      argv0,
      env,
      stdio: stdio === 'inherit' ? 'inherit' : ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.stdin?.on('error', () => {}); // the program may exit without reading its input
    child.stdin?.end(options.stdin ?? '');
    child.on('error', (e) => reject(new AwsmError('io', `cannot run ${path}: ${e.message}`)));
    child.on('close', (code, signal) => {
      const result: RunResult = {
        status: signal !== null ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1),
      };
      if (signal !== null) result.signal = signal;
      if (stdio === 'pipe') {
        result.stdout = Buffer.concat(out).toString('utf8');
        result.stderr = Buffer.concat(err).toString('utf8');
      }
      resolve(result);
    });
  });
}
