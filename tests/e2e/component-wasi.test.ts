/**
 * Every WASI test program of the project (tests/wasi/*.c, tests/e2e/wasi.test.ts) as a WASI 0.2
 * component (issue 20): built with clang-16, wrapped with the jco preview1 adapter by
 * `wasm-tools component new --adapt`, then run by `awsm run` and by `wasmtime run` with the
 * program's header (arguments, environment, standard input, the sandbox fixture preopened as
 * /sandbox). Both run the same adapter, so what differs is the host: standard output and exit
 * status must agree, except for the lines DIFFERENCES excuses, each with its reason (every one
 * counted in the test's diagnostics). Standard error is not compared (a trap is reported in
 * each engine's words), but awsm's must carry no stack trace.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires, WASI_CC, WASI_FLAGS, mustRun } from '../tools.js';
import { ADAPTER, type Ran, adapterMissing, runIn, workDir } from '../component/tools.js';
import { fixture, parseHeader } from '../wasi/programs.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const SOURCES = join(packageRoot, 'tests', 'wasi');

/**
 * Lines of standard output where awsm's WASI 0.2 host and wasmtime's answer differently
 * (dropped from both outputs before comparing), by program, with the reason.
 */
const DIFFERENCES: Record<string, Array<{ lines: RegExp; why: string }>> = {
  dirs: [
    { lines: /^link through symlink \(follow\): |^stat hard \(nofollow\): |^sandbox at the end: /, why: 'link-at with symlink-follow: awsm follows the link beneath the directory (as its preview1 path_link does), wasmtime refuses (INVAL)' },
  ],
  escape: [
    { lines: /^rmdir dir_out\/: |^unlink link_out\/: /, why: 'a trailing slash on a symlink to a directory outside: awsm NOTDIR, wasmtime PERM (both refuse)' },
    { lines: /^link \(follow\) |^open hard: /, why: 'link-at with symlink-follow: awsm follows inside the sandbox and refuses outside (PERM), wasmtime refuses every follow (INVAL)' },
  ],
  files: [
    { lines: /^read back: /, why: 'wasmtime returns AGAIN reading back a file opened for append and read; awsm reads it (as preview1 does)' },
    { lines: /^flags: /, why: 'wasmtime refuses the DSYNC, SYNC and RSYNC open flags (NOTSUP); awsm opens with them (as preview1 does)' },
  ],
};

const workdir = workDir('awsm-e2e-comp-wasi-');

/** Standard output without the lines `excused` matches. */
function kept(stdout: string, excused: ReadonlyArray<{ lines: RegExp }>): string {
  return stdout.split('\n').filter((l) => !excused.some((e) => e.lines.test(l))).join('\n');
}

const programs = readdirSync(SOURCES).filter((n) => n.endsWith('.c')).map((n) => n.slice(0, -2)).sort();

for (const name of programs) {
  test(`tests/wasi/${name}.c as a 0.2 component: awsm run agrees with wasmtime run`, (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'], adapterMissing())) return;
    const source = join(SOURCES, `${name}.c`);
    const header = parseHeader(readFileSync(source, 'utf8'), source);
    if (header.tcplisten === true) {
      const why = 'needs a listening socket and a client (tests/e2e/wasi.test.ts drives one); wasmtime run has no --tcplisten for components to compare with';
      t.diagnostic(`skipped: ${why}`);
      t.skip(why);
      return;
    }
    const dir = join(workdir(), name);
    mkdirSync(dir, { recursive: true });
    const core = join(dir, 'core.wasm');
    const component = join(dir, `${name}.wasm`);
    mustRun(WASI_CC, [...WASI_FLAGS, '-O2', `-I${SOURCES}`, '-Wno-unused-result', source, '-o', core]);
    mustRun('wasm-tools', ['component', 'new', core, '--adapt', `wasi_snapshot_preview1=${ADAPTER}`, '-o', component]);
    const env = Object.entries(header.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    const root = join(dir, 'fx');
    const dirs = header.dirs === true ? ['--dir', `${join(root, 'sandbox')}::/sandbox`] : [];
    const run = (cmd: string, args: readonly string[]): Ran => {
      if (header.dirs === true) fixture(root);
      return runIn(dir, cmd, args, header.stdin);
    };
    const a = run(process.execPath, [CLI, 'run', '-q', ...env, ...dirs, component, ...(header.args ?? [])]);
    const w = run('wasmtime', ['run', ...env, ...dirs, component, ...(header.args ?? [])]);
    const excused = DIFFERENCES[name] ?? [];
    for (const e of excused) t.diagnostic(`excused: ${e.lines.source}: ${e.why}`);
    assert.equal(kept(a.stdout, excused), kept(w.stdout, excused), `stdout; awsm's stderr:\n${a.stderr}`);
    assert.equal(a.status, w.status, `status; awsm's stderr:\n${a.stderr}`);
    assert.ok(a.stdout.length > 0 || a.status !== 0, 'the program printed something or failed (proc.c: the adapter traps on proc_raise)');
    assert.doesNotMatch(a.stderr, /^\s+at /m, 'no stack trace');
    // The excuses are still needed: each matches a line where the two outputs differ.
    for (const e of excused) {
      const ours = a.stdout.split('\n').filter((l) => e.lines.test(l));
      const theirs = w.stdout.split('\n').filter((l) => e.lines.test(l));
      assert.notDeepEqual(ours, theirs, `the excuse ${e.lines.source} (${e.why}) no longer applies: remove it`);
    }
  });
}
