/**
 * Starting a compiled executable and waiting for it: the part of `run()` (run.ts) that the
 * cached start-up path (src/cli/awsm.cts) shares with it. CommonJS with only node: imports, so
 * that a cached `awsm run` loads it without the ES module loader or the compiler
 * (docs/cli.md, "Start-up from the cache"); run.ts imports it like any module.
 *
 * The executable (runtime/main.c) takes its settings from the CONTROL_ENV variables, which it
 * removes before the guest sees its environment (docs/wasi.md); a program killed by a signal
 * reports status 128 + the signal number, as shells do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants } from 'node:os';

/** The variable through which preopened directories reach runtime/main.c. */
export const DIRS_ENV = 'AWSM_DIRS';

/** Every variable runtime/main.c reads (and hides from the guest). */
export const CONTROL_ENV = [
  DIRS_ENV,
  'AWSM_TCPLISTEN',
  'AWSM_MAX_MEMORY',
  'AWSM_MAX_TABLE_ELEMENTS',
  'AWSM_MAX_HEAP',
  'AWSM_TIMEOUT',
  'AWSM_WASI_RESOLVER',
  'AWSM_GC_STRESS',
  'AWSM_MAX_THREADS',
  'AWSM_INVOKE',
] as const;

/**
 * The signals a program that inherits awsm's stdio gets passed on, so that `kill PID` of
 * `awsm run` stops the program too. A WASI program cannot catch signals, so the second SIGINT
 * a terminal's Ctrl-C gives it (it is in the same process group) changes nothing.
 */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** `HOST[::GUEST]` (wasmtime's spelling of --dir) → host and guest paths (guest defaults to host); undefined without a host. */
export function splitDir(d: string): { host: string; guest: string } | undefined {
  const i = d.indexOf('::');
  const host = i < 0 ? d : d.slice(0, i);
  const guest = i < 0 ? d : d.slice(i + 2);
  if (host === '') return undefined;
  return { host, guest: guest === '' ? host : guest };
}

/** Why `host` cannot be preopened ('no such directory', 'not a directory'), or undefined if it can. */
export function notADirectory(host: string): string | undefined {
  let isDir: boolean;
  try {
    isDir = statSync(host).isDirectory();
  } catch {
    return 'no such directory';
  }
  return isDir ? undefined : 'not a directory';
}

/** One AWSM_DIRS entry, `HOST::GUEST`, with '\' escaping ':' and '\' in each. */
export function dirEntry(d: { host: string; guest: string }): string {
  const esc = (p: string): string => p.replace(/[\\:]/g, (c) => '\\' + c);
  return `${esc(d.host)}::${esc(d.guest)}`;
}

/**
 * `awsm run`'s environment for the program, wasmtime's convention: empty unless `inherit`
 * (--inherit-env), then each `NAME=VALUE` of `pairs` (--env) added. The first malformed pair
 * is returned as `bad` (the CLI's usage error names it).
 */
export function programEnv(inherit: boolean, pairs: readonly string[], from: NodeJS.ProcessEnv = process.env): { env: Record<string, string> } | { bad: string } {
  const env: Record<string, string> = {};
  if (inherit) for (const [k, v] of Object.entries(from)) if (v !== undefined) env[k] = v;
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return { bad: kv };
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { env };
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

/** How to start the executable (see run.ts, RunOptions, for the meaning of each). */
export interface StartOptions {
  /** argv[0] as the program sees it. */
  argv0: string;
  /** Its whole environment, the control variables included (the caller removes the user's). */
  env: Readonly<Record<string, string | undefined>>;
  /** 'inherit': this process's stdio, and FORWARDED_SIGNALS passed on; 'pipe': output captured. */
  stdio: 'inherit' | 'pipe';
  /** Standard input with 'pipe' (default: empty). */
  stdin?: string | Uint8Array;
}

/**
 * Start the executable at `path` with `args` and wait for it. Rejects with the system's error
 * (the `error` event of child_process) if it cannot be started.
 */
export function startProgram(path: string, args: readonly string[], o: StartOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // The forwarding starts before the spawn: a signal that arrives while the program starts
    // (its handler runs from the event loop, after this function) reaches it too. Installed
    // after the spawn, a SIGTERM sent as soon as the program had printed something could find
    // awsm without a handler: awsm died and left the program running.
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals): void => {
      child?.kill(signal);
    };
    if (o.stdio === 'inherit') for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    const stopForwarding = (): void => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    };
    try {
      child = spawn(path, [...args], { argv0: o.argv0, env: o.env, stdio: o.stdio === 'inherit' ? 'inherit' : ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      stopForwarding();
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.stdin?.on('error', () => {}); // the program may exit without reading its input
    child.stdin?.end(o.stdin ?? '');
    child.on('error', (e) => {
      stopForwarding();
      reject(e);
    });
    child.on('close', (code, signal) => {
      stopForwarding();
      const result: RunResult = { status: signal !== null ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1) };
      if (signal !== null) result.signal = signal;
      if (o.stdio === 'pipe') {
        result.stdout = Buffer.concat(out).toString('utf8');
        result.stderr = Buffer.concat(err).toString('utf8');
      }
      resolve(result);
    });
  });
}
