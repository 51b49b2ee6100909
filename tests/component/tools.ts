/**
 * Inputs of the component tests: components assembled from component WAT by `wasm-tools
 * parse` (which does not validate, so invalid components can be written as text), made from a
 * WIT world by `wasm-tools component embed --dummy` and `component new`, or made of a WASI
 * preview1 program with the preview1 -> 0.2 adapter that scripts/setup.sh unpacks from the
 * npm package @bytecodealliance/jco.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkComponent } from '../../src/component/index.js';
import { planComponent } from '../../src/component/plan.js';
import { runnable } from '../../src/driver/component.js';
import { WASI_CC, WASI_FLAGS, mustRun } from '../tools.js';

/** The repository's root (this file is dist/tests/component/tools.js once built). */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The fixtures directory (sources, not built). */
export const FIXTURES = join(ROOT, 'tests', 'component', 'fixtures');

/** The preview1 -> 0.2 command adapter (bash scripts/setup.sh). */
export const ADAPTER = join(ROOT, '.cache', 'jco-1.35.0', 'package', 'lib', 'wasi_snapshot_preview1.command.wasm');

/** Why the adapter cannot be used, for requires(), or undefined when it is there. */
export function adapterMissing(): string | undefined {
  return existsSync(ADAPTER) ? undefined : `the WASI preview1 adapter ${ADAPTER} (npm @bytecodealliance/jco@1.35.0: bash scripts/setup.sh)`;
}

/** What a program run to completion gave. */
export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `cmd ARGS` in `cwd` to completion with `input` on standard input. The input comes from
 * a file, not a pipe: a program that exits without reading all of a pipe makes the writer's
 * side fail with EPIPE, at random under load.
 */
export function runIn(cwd: string, cmd: string, args: readonly string[], input?: string): Ran {
  const inputFile = `${cwd}.stdin`; // beside cwd: never in a directory a program lists
  writeFileSync(inputFile, input ?? '');
  const fd = openSync(inputFile, 'r');
  try {
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'], timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    closeSync(fd);
    rmSync(inputFile, { force: true });
  }
}

/** A temporary work directory for a test file: made before its tests, removed after. */
export function workDir(prefix: string): () => string {
  let dir: string | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => dir!;
}

/** Run `job` in a fresh temporary directory, removed afterwards. */
export function inTemp<T>(job: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-comp-'));
  try {
    return job(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runnable form of a component (src/driver/component.ts): checked, planned, made runnable. */
export function runnableOf(bytes: Uint8Array): ReturnType<typeof runnable> {
  const c = checkComponent(bytes);
  return runnable(planComponent(c.component), c.type);
}

/** Component (or module) WAT assembled by `wasm-tools parse`, without validation. */
export function parseWat(text: string): Uint8Array {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'c.wat'), text);
    mustRun('wasm-tools', ['parse', join(dir, 'c.wat'), '-o', join(dir, 'c.wasm')]);
    return new Uint8Array(readFileSync(join(dir, 'c.wasm')));
  });
}

/** The component of WIT world `wit` (a file or directory) with a dummy core module. */
export function witComponent(wit: string, world?: string): Uint8Array {
  return inTemp((dir) => {
    const w = world !== undefined ? ['--world', world] : [];
    mustRun('wasm-tools', ['component', 'embed', '--dummy', ...w, wit, '-o', join(dir, 'core.wasm')]);
    mustRun('wasm-tools', ['component', 'new', join(dir, 'core.wasm'), '-o', join(dir, 'c.wasm')]);
    return new Uint8Array(readFileSync(join(dir, 'c.wasm')));
  });
}

/** The WASI 0.2 command component of the C program `source`, in `dir` (returns its path). */
export function wasiCComponent(source: string, dir: string): string {
  const core = join(dir, 'core.wasm');
  const out = join(dir, 'component.wasm');
  mustRun(WASI_CC, [...WASI_FLAGS, '-O2', source, '-o', core]);
  mustRun('wasm-tools', ['component', 'new', core, '--adapt', `wasi_snapshot_preview1=${ADAPTER}`, '-o', out]);
  return out;
}

/** Whether wasm-tools accepts `bytes` as a valid component (the reference verdict). */
export function wasmToolsValid(bytes: Uint8Array): boolean {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'c.wasm'), bytes);
    return spawnSync('wasm-tools', ['validate', join(dir, 'c.wasm')], { stdio: 'ignore' }).status === 0;
  });
}

/**
 * The composed component of the component-to-component tests and benchmark, in `dir` (its
 * path): fixtures/pair-callee.c exporting test:pair/api (fixtures/pair.wit, no WASI) and
 * fixtures/pair-caller.c, a WASI program importing it, linked by `wasm-tools compose`: an
 * outer component instantiating both, the caller's import wired to the callee's export.
 */
export function pairComponent(dir: string): string {
  const wit = join(FIXTURES, 'pair.wit');
  const part = (name: string, world: string, extra: readonly string[], newArgs: readonly string[]): string => {
    const core = join(dir, `${name}.core.wasm`);
    mustRun(WASI_CC, [...WASI_FLAGS, '-O2', ...extra, join(FIXTURES, `pair-${name}.c`), '-o', core]);
    mustRun('wasm-tools', ['component', 'embed', wit, '--world', world, core, '-o', core]);
    mustRun('wasm-tools', ['component', 'new', core, ...newArgs, '-o', join(dir, `${name}.wasm`)]);
    return join(dir, `${name}.wasm`);
  };
  const callee = part('callee', 'callee', ['-mexec-model=reactor'], []);
  const caller = part('caller', 'caller', [], ['--adapt', `wasi_snapshot_preview1=${ADAPTER}`]);
  const out = join(dir, 'pair.wasm');
  mustRun('wasm-tools', ['compose', caller, '-d', callee, '-o', out]);
  return out;
}
