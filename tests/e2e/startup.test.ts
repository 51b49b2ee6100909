/**
 * The cached start-up path of `awsm run` (src/cli/awsm.cts, docs/cli.md "Start-up from the
 * cache"), end to end through the installed command (package.json "bin"): once a cached run
 * has written its run record, the next run starts the executable without loading the full CLI
 * (main.js), and behaves exactly as the full path does: arguments, argv[0], environment
 * (--env, --inherit-env, the runtime's control variables hidden), preopened directories,
 * stdout, stderr, -v, exit status and a signal passed on to the program. A damaged record falls back to the full path
 * and still runs; a changed module is never run from a stale record.
 *
 * Records are written only for files left alone for two seconds (record.cts), so the setup
 * waits that long once. Needs clang-16 with wasi-libc (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires } from '../tools.js';

/** The command as installed, and the full CLI it falls back to. */
const BIN = join(packageRoot, JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).bin.awsm as string);
const FULL = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

/**
 * Prints its arguments and environment and the first line of each file named by cat=PATH,
 * writes a line to stderr, exits with status=N; `sleep` waits to be killed.
 */
const PROGRAM = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "sleep") == 0) { printf("ready\\n"); fflush(stdout); sleep(60); return 0; }
  int status = 0;
  for (int i = 0; i < argc; i++) {
    printf("arg %s\\n", argv[i]);
    if (strncmp(argv[i], "status=", 7) == 0) status = atoi(argv[i] + 7);
    if (strncmp(argv[i], "cat=", 4) == 0) {
      FILE *f = fopen(argv[i] + 4, "r");
      char line[100];
      if (f == NULL || fgets(line, sizeof line, f) == NULL) return 9;
      printf("read %s", line);
      fclose(f);
    }
  }
  for (char **e = environ; *e; e++) printf("env %s\\n", *e);
  fprintf(stderr, "MESSAGE\\n");
  return status;
}
`;

let work: string;
let prog: string;
let env: NodeJS.ProcessEnv;
/** A loader hook that names every file module loaded, so a test can see whether main.js was. */
let hook: string;
let skip = false;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether the full CLI (main.js) was loaded. */
  full: boolean;
}

/** `awsm ARGS` through `cli` (BIN or FULL), in the work directory, with `extraEnv`. */
function awsm(cli: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(process.execPath, ['--import', hook, cli, ...args], { cwd: work, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
  const loaded = /^LOADED (.*)$/gm;
  const full = [...r.stderr.matchAll(loaded)].some((m) => m[1]!.endsWith('/cli/main.js'));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(loaded, '').replace(/^\n/gm, ''), full };
}

/** The run records in the cache. */
function records(): string[] {
  try {
    return readdirSync(join(env['AWSM_CACHE_DIR']!, 'run')).filter((n) => n.endsWith('.json')).map((n) => join(env['AWSM_CACHE_DIR']!, 'run', n));
  } catch {
    return [];
  }
}

function build(source: string, out: string): void {
  writeFileSync(`${out}.c`, source);
  mustRun(WASI_CC, [...WASI_FLAGS, '-O1', `${out}.c`, '-o', out]);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'awsm-startup-test-'));
  // The program is over AWSM_TIER_MIN_SIZE's default: tier auto is to compile the optimised
  // build at once, not start on the quick tier with a background compile (no record then).
  env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache'), AWSM_TIER_MIN_SIZE: String(1 << 30) };
  hook = join(work, 'hook.mjs');
  writeFileSync(join(work, 'hooks.mjs'), "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write(`LOADED ${r.url}\\n`); return r; }\n");
  writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(work, 'hooks.mjs')).href)});\n`);
  writeFileSync(join(work, 'hello.txt'), 'hello from a preopened directory\n');
  mkdirSync(join(work, 'sub'));
  writeFileSync(join(work, 'sub', 'x.txt'), 'x\n');
  prog = join(work, 'prog.wasm');
  try {
    build(PROGRAM, prog);
  } catch {
    skip = true;
    return;
  }
  assert.equal(awsm(BIN, ['run', 'prog.wasm']).status, 0); // compiles
  // Everything a record stamps must have been left alone for 2 s (record.cts).
  await new Promise((r) => setTimeout(r, 2_100));
  const first = awsm(BIN, ['run', 'prog.wasm']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.full, true, 'no record yet: the full path');
  assert.equal(records().length, 1, 'the full path wrote a run record');
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('awsm run from its run record', () => {
  test('starts without loading the full CLI', (t) => {
    if (!requires(t, [WASI_CC]) || skip) return;
    const r = awsm(BIN, ['run', 'prog.wasm']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.full, false, 'main.js was loaded');
    assert.match(r.stdout, /^arg prog\.wasm$/m);
  });

  const cases: Array<{ what: string; args: string[]; env?: NodeJS.ProcessEnv }> = [
    { what: 'arguments and an exit status', args: ['run', 'prog.wasm', 'a b', '-v', '--', 'status=3'] },
    { what: '--env, and an empty environment otherwise', args: ['run', '--env=X=1', '--env', 'Y=a=b', 'prog.wasm'] },
    { what: '--inherit-env, the control variables hidden', args: ['run', '--inherit-env', '--env=X=2', 'prog.wasm'], env: { AWSM_DIRS: '/', AWSM_TIMEOUT: '1', FOO: 'bar' } },
    { what: '-v', args: ['run', '-v', 'prog.wasm', 'status=1'] },
    { what: '--dir, in both spellings', args: ['run', '--dir=.::/data', '--dir', 'sub', 'prog.wasm', 'cat=/data/hello.txt', 'cat=sub/x.txt'] },
    { what: '-v -q', args: ['run', '-v', '-q', 'prog.wasm'] },
  ];
  for (const c of cases) {
    test(`${c.what}: as the full path`, (t) => {
      if (!requires(t, [WASI_CC]) || skip) return;
      // The full path first: it writes the record for this environment (AWSM_* variables are part of its key).
      const full = awsm(FULL, c.args, c.env);
      const fast = awsm(BIN, c.args, c.env);
      assert.equal(fast.full, false, 'the fast path was taken');
      assert.equal(full.full, true);
      assert.deepEqual({ ...fast, full: true }, full);
      assert.ok(fast.stdout.includes('arg prog.wasm'));
      if (c.args.includes('--dir')) {
        assert.match(fast.stdout, /^read hello from a preopened directory$/m);
        assert.match(fast.stdout, /^read x$/m);
      }
    });
  }

  /** Start `cli run prog.wasm sleep`, wait for it to print ready, send SIGTERM to awsm: its status. */
  async function terminated(cli: string): Promise<number | null> {
    const child: ChildProcess = spawn(process.execPath, [cli, 'run', 'prog.wasm', 'sleep'], { cwd: work, env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve()));
    child.kill('SIGTERM');
    return new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  test('SIGTERM to awsm stops the program: status 128 + 15, as the full path', async (t) => {
    if (!requires(t, [WASI_CC]) || skip) return;
    assert.equal(await terminated(BIN), 143);
    assert.equal(await terminated(FULL), 143);
  });

  test('a damaged record: the full path runs the program and writes it again', (t) => {
    if (!requires(t, [WASI_CC]) || skip) return;
    // Every record (the cases above wrote one per environment) damaged.
    const good = new Map(records().map((f) => [f, readFileSync(f, 'utf8')]));
    assert.ok(good.size >= 1);
    for (const [f, text] of good) writeFileSync(f, text.slice(0, 100));
    const r = awsm(BIN, ['run', 'prog.wasm', 'status=4']);
    assert.equal(r.status, 4, r.stderr);
    assert.equal(r.full, true);
    assert.equal(r.stderr, 'MESSAGE\n');
    const rewritten = [...good].filter(([f, text]) => readFileSync(f, 'utf8') === text);
    assert.equal(rewritten.length, 1, 'the record of this command and environment is rewritten');
    assert.equal(awsm(BIN, ['run', 'prog.wasm']).full, false);
  });

  test('a module changed in place is compiled and run, not the recorded executable', (t) => {
    if (!requires(t, [WASI_CC]) || skip) return;
    build(PROGRAM.replace('MESSAGE', 'CHANGED'), prog);
    const r = awsm(BIN, ['run', 'prog.wasm']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.full, true);
    assert.equal(r.stderr, 'CHANGED\n');
  });
});
