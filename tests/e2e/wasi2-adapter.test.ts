/**
 * The project's WASI test programs (tests/wasi/*.c) as WASI 0.2 components, on the awsm WASI
 * 0.2 host and on wasmtime: each preview1 program is wrapped with the jco adapter
 * (`wasm-tools component new --adapt`), and its standard output and exit status under awsm
 * must be wasmtime's, but for the lines listed in DIFFERENCES with their reasons.
 *
 * Until awsm runs components (the component runner, issue 20), the component's two core
 * modules (`wasm-tools component unbundle`) are compiled by awsm and wired by hand by
 * tests/runtime/wasi2_adapted.c, whose WASI 0.2 imports go through awsm_wasi2_lookup exactly
 * as a component's lowered imports will; docs/wasi2.md. sock.c is left out: it needs a
 * listening socket given as a preview1 descriptor, which WASI 0.2 (and so the adapter) has no
 * way to receive.
 *
 * Needs clang-16 with wasi-libc, wasm-tools, wasmtime and the jco adapter (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { buildRuntime, compile } from '../../src/index.js';
import type { RuntimeBuild } from '../../src/index.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires } from '../tools.js';
import { type Header, fixture, parseHeader } from '../wasi/programs.js';

const SOURCES = join(packageRoot, 'tests', 'wasi');
const ADAPTER = join(packageRoot, '.cache', 'jco-1.35.0', 'package', 'lib', 'wasi_snapshot_preview1.command.wasm');
const RUNNER = join(packageRoot, 'tests', 'runtime', 'wasi2_adapted.c');

/** Programs left out, with the reason. */
const LEFT_OUT: Record<string, string> = {
  sock: 'needs a listening socket as a preview1 descriptor (--tcplisten), which WASI 0.2 cannot hand to a component',
};

/**
 * Lines (regular expressions) where awsm and wasmtime differ by design, per program, with the
 * reason. awsm keeps its preview1 behaviour where wasmtime's 0.2 host refuses or defers.
 */
const DIFFERENCES: Record<string, Record<string, string>> = {
  dirs: {
    '^link through symlink \\(follow\\)|^stat hard \\(nofollow\\)|^sandbox at the end':
      'link-at with symlink-follow: wasmtime refuses it (invalid); awsm follows the link beneath the directory, as its preview1 path_link does',
  },
  escape: {
    '^link \\(follow\\)|^open hard': 'link-at with symlink-follow, as in dirs (both refuse the escapes: awsm not-permitted, wasmtime invalid)',
    '^rmdir dir_out/:|^unlink link_out/:':
      'a trailing slash after a symlink leading out: awsm not-directory (the kernel on the link itself, never followed), wasmtime not-permitted; both refuse',
  },
  files: {
    '^read back:': 'after fd_fdstat_set_flags(NONBLOCK) the adapter reads a file through a non-blocking input-stream: wasmtime reads nothing the first time (would-block), awsm reads at once',
    '^flags: (open (DSYNC|SYNC|RSYNC)|set_flags 0 after)':
      'open-at with the sync descriptor-flags: wasmtime refuses them (unsupported); awsm opens with O_DSYNC, O_SYNC, O_RSYNC, as its preview1 path_open does',
  },
};

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

let work: string;
let rt: RuntimeBuild;
let ready = false;

/** Runs a command to completion with stdin from a file holding `stdin` (a pipe would fail
 * with EPIPE when the program exits without reading it all). */
function run(cmd: string, args: readonly string[], stdin: string): Result {
  const file = join(work, `stdin-${process.pid}-${runs++}`);
  writeFileSync(file, stdin);
  const fd = openSync(file, 'r');
  try {
    const r = spawnSync(cmd, args, { cwd: work, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    if (r.error !== undefined) assert.fail(`cannot run ${cmd}: ${r.error.message}`);
    return { status: r.status ?? 128 + 9, stdout: r.stdout, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}
let runs = 0;

function without(text: string, patterns: readonly RegExp[]): string {
  return text
    .split('\n')
    .filter((l) => !patterns.some((p) => p.test(l)))
    .join('\n');
}

const names = readdirSync(SOURCES)
  .filter((f) => f.endsWith('.c'))
  .map((f) => basename(f, '.c'))
  .sort();

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'awsm-wasi2-adapter-'));
  if (existsSync(ADAPTER)) {
    rt = await buildRuntime();
    ready = true;
  }
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** NAME.c → the component, its two core modules compiled by awsm, linked with the runner. */
async function build(name: string): Promise<{ component: string; runner: string }> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const wasm = join(dir, `${name}.wasm`);
  const component = join(dir, `${name}.component.wasm`);
  mustRun(WASI_CC, [...WASI_FLAGS, '-O2', `-I${SOURCES}`, join(SOURCES, `${name}.c`), '-o', wasm]);
  mustRun('wasm-tools', ['component', 'new', wasm, '--adapt', `wasi_snapshot_preview1=${ADAPTER}`, '-o', component]);
  const modules = join(dir, 'modules');
  mkdirSync(modules, { recursive: true });
  mustRun('wasm-tools', ['component', 'unbundle', component, '--module-dir', modules, '-o', join(dir, 'unbundled.wasm')]);
  const main = await compile(readFileSync(join(modules, 'unbundled-module0.wasm')), { emit: 'obj', name: 'adapted_main', output: join(dir, 'main.o') });
  const adapter = await compile(readFileSync(join(modules, 'unbundled-module1.wasm')), { emit: 'obj', name: 'adapted_adapter', output: join(dir, 'adapter.o') });
  const runner = join(dir, 'run');
  mustRun('clang-16', ['-O2', '-Wall', '-Wextra', '-Werror', `-I${join(packageRoot, 'runtime', 'include')}`, RUNNER, main.path, adapter.path, ...rt.objects,
    '-lm', '-ldl', '-lpthread', '-o', runner]);
  return { component, runner };
}

describe('WASI programs (C) as 0.2 components: the awsm WASI 0.2 host beside wasmtime', () => {
  for (const name of names) {
    test(name, { timeout: 300_000 }, async (t) => {
      if (LEFT_OUT[name] !== undefined) {
        t.diagnostic(`left out: ${LEFT_OUT[name]}`);
        t.skip(LEFT_OUT[name]);
        return;
      }
      if (!requires(t, ['wasm-tools', 'wasmtime', WASI_CC], ready ? undefined : `the jco adapter (${ADAPTER})`)) return;
      const header: Header = parseHeader(readFileSync(join(SOURCES, `${name}.c`), 'utf8'), `${name}.c`);
      const { component, runner } = await build(name);
      const env = { ...header.env, WASI_TEST_RUNTIME: 'awsm' };
      const args = header.args ?? [];
      const stdin = header.stdin ?? '';
      const awsmRoot = join(work, name, 'awsm-root');
      const wasmtimeRoot = join(work, name, 'wasmtime-root');
      const awsmArgs: string[] = [];
      const wasmtimeArgs = ['run'];
      for (const [k, v] of Object.entries(env)) {
        awsmArgs.push('-e', `${k}=${v}`);
        wasmtimeArgs.push('--env', `${k}=${v}`);
      }
      if (header.dirs === true) {
        fixture(awsmRoot);
        fixture(wasmtimeRoot);
        awsmArgs.push('-d', `${join(awsmRoot, 'sandbox')}::/sandbox`);
        wasmtimeArgs.push('--dir', `${join(wasmtimeRoot, 'sandbox')}::/sandbox`);
      }
      // argv[0]: the same name under both.
      const a = run(runner, [...awsmArgs, '--', `${name}.wasm`, ...args], stdin);
      const w = run('wasmtime', [...wasmtimeArgs, '--argv0', `${name}.wasm`, component, ...args], stdin);
      const patterns = Object.keys(DIFFERENCES[name] ?? {}).map((k) => new RegExp(k));
      assert.equal(without(a.stdout, patterns), without(w.stdout, patterns), `${name}: standard output (awsm stderr: ${a.stderr}; wasmtime stderr: ${w.stderr})`);
      assert.equal(a.status, w.status, `${name}: exit status (awsm stderr: ${a.stderr}; wasmtime stderr: ${w.stderr})`);
      // Every excused pattern must still be needed: a difference that went away is noticed.
      for (const p of patterns) {
        assert.notEqual(a.stdout.split('\n').filter((l) => p.test(l)).join('\n'), w.stdout.split('\n').filter((l) => p.test(l)).join('\n'),
          `${name}: the lines ${p} no longer differ: remove the entry from DIFFERENCES`);
      }
    });
  }
});
