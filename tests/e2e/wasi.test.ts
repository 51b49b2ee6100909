/**
 * WASI preview1 end to end: the programs in tests/wasi/ (C, built here with clang-16
 * --target=wasm32-wasi; one Go program built with GOOS=wasip1) run through `awsm run`, each
 * compared with its expected standard output (NAME.stdout), standard error (NAME.stderr,
 * empty when absent) and exit status; then under Node's node:wasi, the second runtime, whose
 * output must be the same except for lines the program's header excuses (each with the
 * reason: node:wasi bugs and deliberate differences, see docs/wasi.md). Programs that touch
 * files get a fresh fixture:
 *
 *   ROOT/outside/secret.txt, ROOT/outside/dir/     never reachable: checked unchanged after
 *   ROOT/sandbox/ (preopened as /sandbox, fd 3)     hello.txt, sub/a.txt, sub/deeper/, and
 *        symlinks link_in -> hello.txt, link_out -> ../outside/secret.txt, link_abs -> the
 *        absolute path of secret.txt, dir_out -> ../outside, sub/up -> .., sub/upup -> ../..
 *
 * The header of each C program is a comment starting `wasi-test: {JSON}`: args, env, stdin,
 * status (default 0), dirs (use the fixture), tcplisten (descriptor 3 is a listening socket;
 * the harness connects), node ({"skip": why} or {regex of excused lines: why}; "$status": why
 * excuses the exit status).
 *
 * AWSM_RECORD=1 rewrites the .stdout/.stderr files from awsm's output (review the diff).
 * Needs clang-16 with wasi-libc, wat2wasm and Go 1.21 or newer (bash scripts/setup.sh); the Go
 * test fails under CI=true when `go` is missing, and is skipped with the reason elsewhere.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { cacheDir, compile } from '../../src/index.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires, wat2wasm } from '../tools.js';
import { type Header, fixture, parseHeader } from '../wasi/programs.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const NODE_RUNNER = join(packageRoot, 'dist', 'tests', 'wasi', 'node_wasi.js');
const SOURCES = join(packageRoot, 'tests', 'wasi');
const RECORD = process.env['AWSM_RECORD'] !== undefined;

let work: string;

interface Program {
  name: string;
  header: Header;
  wasm: string;
  exe: string;
}

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, feeding stdin; the status is 128 + N for signal N. */
function exec(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd ?? work, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const signals: Record<string, number> = { SIGTERM: 15, SIGKILL: 9, SIGABRT: 6, SIGSEGV: 11, SIGINT: 2 };
      resolve({
        status: signal !== null ? 128 + (signals[signal] ?? 0) : (code ?? -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Everything under `dir` (not following symlinks, not reading files): inode, mode, size, times, targets. */
function snapshot(dir: string, skip?: string): string[] {
  const out: string[] = [];
  const walk = (p: string, rel: string): void => {
    for (const name of readdirSync(p).sort()) {
      const full = join(p, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      if (r === skip) continue;
      const st = lstatSync(full);
      // No content is read: atime shows a read (relatime updates it on the first read after
      // a write), ctime any change of the inode, mtime and size any write.
      // (Directories: no atime, which this walk's own readdir changes.)
      let what = `${r} ino=${st.ino} mode=${st.mode.toString(8)} nlink=${st.nlink} size=${st.size} mtime=${st.mtimeMs} ctime=${st.ctimeMs}`;
      if (!st.isDirectory()) what += ` atime=${st.atimeMs}`;
      if (st.isSymbolicLink()) what += ` -> ${readlinkSync(full)}`;
      out.push(what);
      if (st.isDirectory()) walk(full, r);
    }
  };
  walk(dir, '');
  return out;
}

/** A free TCP port on 127.0.0.1 (closed again; the program binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

/** Lines of `text` minus those matching any of `patterns`. */
function without(text: string, patterns: RegExp[]): string {
  return text
    .split('\n')
    .filter((l) => !patterns.some((p) => p.test(l)))
    .join('\n');
}

/** Runs jobs with at most `n` at a time (2 cores: the compiles are what takes time). */
async function pool<T>(n: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

const programs = new Map<string, Program>();
const cNames = readdirSync(SOURCES)
  .filter((f) => f.endsWith('.c'))
  .map((f) => basename(f, '.c'))
  .sort();

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'awsm-wasi-'));
  // Build every program to Wasm, then to an executable through the cache, two at a time.
  await pool(
    2,
    cNames.map((name) => async () => {
      const source = readFileSync(join(SOURCES, `${name}.c`), 'utf8');
      const header = parseHeader(source, `${name}.c`);
      const wasm = join(work, `${name}.wasm`);
      const r = await exec(WASI_CC, [...WASI_FLAGS, '-O2', `-I${SOURCES}`, join(SOURCES, `${name}.c`), '-o', wasm]);
      assert.equal(r.status, 0, `clang-16 ${name}.c:\n${r.stderr}`);
      const exe = await compile(wasm, { emit: 'exe' });
      programs.set(name, { name, header, wasm, exe: exe.path });
    }),
  );
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** `awsm run` of a program in a fixture under `root`; connects to a --tcplisten socket when asked. */
async function runAwsm(p: Program, root: string): Promise<Result> {
  const args = ['run'];
  if (p.header.dirs === true) args.push('--dir', `${join(root, 'sandbox')}::/sandbox`);
  for (const [k, v] of Object.entries({ ...p.header.env, WASI_TEST_RUNTIME: 'awsm' })) args.push('--env', `${k}=${v}`);
  let port = 0;
  if (p.header.tcplisten === true) {
    port = await freePort();
    args.push('--tcplisten', `127.0.0.1:${port}`);
  }
  args.push(p.wasm, ...(p.header.args ?? []));
  if (p.header.tcplisten !== true) return exec(process.execPath, [CLI, ...args], { stdin: p.header.stdin ?? '' });
  return runWithClient(args, port);
}

/** Runs awsm with a listening socket: once the program prints "ready", connect, send
 * "ping\n", read to the end, close. Adds "client received: ..." to the result's stdout. */
function runWithClient(args: string[], port: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let received = '';
    let connected = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdin.end();
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (!connected && stdout.includes('ready\n')) {
        connected = true;
        const sock = connect(port, '127.0.0.1', () => sock.write('ping\n'));
        sock.on('data', (d: Buffer) => (received += d.toString()));
        sock.on('end', () => sock.end());
        sock.on('error', (e) => (received += `[client error: ${e.message}]`));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout: stdout + `client received: ${JSON.stringify(received)}\n`, stderr });
    });
  });
}

/** The program under node:wasi, with a fixture of its own. */
function runNode(p: Program, root: string): Promise<Result> {
  const config = {
    wasm: p.wasm,
    args: [basename(p.wasm), ...(p.header.args ?? [])],
    env: { ...p.header.env, WASI_TEST_RUNTIME: 'node' },
    preopens: p.header.dirs === true ? { '/sandbox': join(root, 'sandbox') } : {},
  };
  const file = join(work, `${p.name}.node.json`);
  writeFileSync(file, JSON.stringify(config));
  return exec(process.execPath, ['--no-warnings', NODE_RUNNER, file], { stdin: p.header.stdin ?? '' });
}

function expected(name: string, ext: 'stdout' | 'stderr'): string {
  const f = join(SOURCES, `${name}.${ext}`);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
}

/** Compares with the expected files (or records them). */
function check(name: string, r: Result, status: number): void {
  if (RECORD) {
    writeFileSync(join(SOURCES, `${name}.stdout`), r.stdout);
    if (r.stderr !== '') writeFileSync(join(SOURCES, `${name}.stderr`), r.stderr);
    else rmSync(join(SOURCES, `${name}.stderr`), { force: true });
  }
  assert.equal(r.stdout, expected(name, 'stdout'), `${name}: standard output (stderr: ${r.stderr})`);
  assert.equal(r.stderr, expected(name, 'stderr'), `${name}: standard error`);
  assert.equal(r.status, status, `${name}: exit status`);
}

/** The node:wasi run must match awsm's, but for the lines the header excuses. */
async function compareWithNode(p: Program, awsm: Result): Promise<void> {
  const excuses = p.header.node ?? {};
  if (excuses['skip'] !== undefined) return;
  const root = join(work, `${p.name}-node`);
  if (p.header.dirs === true) fixture(root);
  const r = await runNode(p, root);
  const patterns = Object.keys(excuses)
    .filter((k) => k !== '$status')
    .map((k) => new RegExp(k));
  assert.equal(without(r.stdout, patterns), without(awsm.stdout, patterns), `${p.name}: node:wasi's standard output differs (stderr: ${r.stderr})`);
  if (excuses['$status'] === undefined) assert.equal(r.status, awsm.status, `${p.name}: node:wasi's exit status`);
}

describe('WASI programs (C), under awsm and node:wasi', () => {
  for (const name of cNames) {
    test(name, { timeout: 120_000 }, async () => {
      const p = programs.get(name);
      assert.ok(p !== undefined, `${name} was not built`);
      const root = join(work, name);
      if (p.header.dirs === true) fixture(root);
      else mkdirSync(root, { recursive: true });
      const outsideBefore = p.header.dirs === true ? snapshot(root, 'sandbox') : [];
      const r = await runAwsm(p, root);
      check(name, r, p.header.status ?? 0);
      if (p.header.dirs === true) {
        assert.deepEqual(snapshot(root, 'sandbox'), outsideBefore, `${name}: something outside the sandbox changed`);
      }
      await compareWithNode(p, r);
    });
  }
});

describe('the sandbox', () => {
  test('escape attempts fail the same with the component-walk resolver (AWSM_WASI_RESOLVER=walk)', async () => {
    const p = programs.get('escape')!;
    const root = join(work, 'escape-walk');
    fixture(root);
    const before = snapshot(root, 'sandbox');
    // The executable itself, configured through its environment variables.
    const r = await exec(p.exe, [], {
      env: { AWSM_DIRS: `${join(root, 'sandbox')}::/sandbox`, AWSM_WASI_RESOLVER: 'walk', WASI_TEST_RUNTIME: 'awsm' },
    });
    check('escape', r, 0);
    assert.deepEqual(snapshot(root, 'sandbox'), before, 'something outside the sandbox changed');
    assert.doesNotMatch(r.stdout, /secret\|/, 'the secret was read');
  });

  test('a read outside would show: the file system updates atime on reads here', (t) => {
    const root = join(work, 'atime-probe');
    fixture(root);
    const file = join(root, 'outside', 'secret.txt');
    const before = lstatSync(file).atimeMs;
    readFileSync(file);
    if (lstatSync(file).atimeMs === before) t.skip('mounted noatime: reads outside the sandbox are not detectable by atime here');
  });

  test('nothing outside was read: no output shows the secret', async () => {
    const out = expected('escape', 'stdout');
    assert.doesNotMatch(out, /secret\|/);
    assert.match(out, /^open \.\.\/outside\/secret\.txt: NOTCAPABLE$/m);
  });
});

describe('a Go program (GOOS=wasip1)', () => {
  test('builds with Go and runs through awsm run with the expected output', { timeout: 600_000 }, async (t) => {
    if (!requires(t, ['go'])) return;
    // The Wasm is kept in awsm's cache directory, keyed by the sources and the Go version, so
    // later runs need neither Go's build (minutes with a cold Go cache) nor a recompile by
    // awsm. -trimpath and no VCS stamp: the same bytes every time.
    const goDir = join(SOURCES, 'go');
    const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout;
    const key = createHash('sha256')
      .update(goVersion)
      .update(readFileSync(join(goDir, 'go.mod')))
      .update(readFileSync(join(goDir, 'main.go')))
      .digest('hex')
      .slice(0, 24);
    const wasm = join(cacheDir(), 'wasi-test-go', `${key}.wasm`);
    if (!existsSync(wasm)) {
      mkdirSync(dirname(wasm), { recursive: true });
      const tmp = `${wasm}.${process.pid}.tmp`;
      mustRun('go', ['build', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], { cwd: goDir, env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' } });
      renameSync(tmp, wasm);
    }
    const root = join(work, 'go');
    fixture(root);
    const before = snapshot(root, 'sandbox');
    // -O0: the Go runtime is 3 MB of Wasm; LLVM's optimiser would take minutes on it.
    const args = ['run', '-O0', '--dir', `${join(root, 'sandbox')}::/sandbox`, '--env', 'GREETING=hi', wasm, 'a', 'b c'];
    const r = await exec(process.execPath, [CLI, ...args], { stdin: 'go stdin\n', timeoutMs: 600_000 });
    assert.equal(r.stdout, readFileSync(join(SOURCES, 'go', 'expected.stdout'), 'utf8'), `stderr: ${r.stderr}`);
    assert.equal(r.stderr, readFileSync(join(SOURCES, 'go', 'expected.stderr'), 'utf8'));
    assert.equal(r.status, 3);
    assert.deepEqual(snapshot(root, 'sandbox'), before, 'something outside the sandbox changed');

    // node:wasi runs the same program; it is not a sandbox, so it reads dir_out/secret.txt.
    const nodeRoot = join(work, 'go-node');
    fixture(nodeRoot);
    const config = { wasm, args: ['gotest.wasm', 'a', 'b c'], env: { GREETING: 'hi' }, preopens: { '/sandbox': join(nodeRoot, 'sandbox') } };
    writeFileSync(join(work, 'go.node.json'), JSON.stringify(config));
    const n = await exec(process.execPath, ['--no-warnings', NODE_RUNNER, join(work, 'go.node.json')], { stdin: 'go stdin\n' });
    const excused = [/^read dir_out\/secret\.txt fails: /];
    assert.equal(without(n.stdout, excused), without(r.stdout, excused), `node:wasi differs; stderr: ${n.stderr}`);
    assert.equal(n.status, 3);
  });
});

describe('awsm run options', () => {
  /** `awsm ARGS` (synchronous), with extra environment. */
  function awsm(args: string[], env: NodeJS.ProcessEnv = {}): Result {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function wat(name: string, text: string): string {
    return join(work, wat2wasm({ text }, `${name}.wasm`, [], { cwd: work }));
  }
  function oneLine(r: Result, status: number, line: string | RegExp): void {
    assert.equal(r.status, status, `status; stderr: ${r.stderr}`);
    if (typeof line === 'string') assert.equal(r.stderr, `${line}\n`);
    else assert.match(r.stderr, line);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
  }
  const EXIT = '(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))';

  test('--max-memory: memory.grow returns -1 past the limit; a larger initial memory is refused', () => {
    const grow = wat(
      'grow',
      `(module ${EXIT} (memory 1)
         (func (export "_start") (local $n i32)
           (block $done (loop $l
             (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
             (local.set $n (i32.add (local.get $n) (i32.const 1)))
             (br_if $l (i32.lt_u (local.get $n) (i32.const 100)))))
           (call $exit (local.get $n))))`,
    );
    assert.equal(awsm(['run', grow]).status, 100, 'no limit');
    assert.equal(awsm(['run', '--max-memory=4p', grow]).status, 3);
    assert.equal(awsm(['run', '--max-memory', '256K', grow]).status, 3);
    assert.equal(awsm(['run', '--max-memory=327680', grow]).status, 4, 'bytes, 5 pages');
    assert.equal(awsm(['run', '--max-memory=1M', grow]).status, 15);
    const big = wat('bigmem', `(module (memory 10) (func (export "_start")))`);
    oneLine(awsm(['run', '--max-memory=4p', big]), 1, 'awsm: memory of 10 pages exceeds the limit of 4 pages (--max-memory / AWSM_MAX_MEMORY)');
    oneLine(awsm(['run', '--max-memory=12X', big]), 2, /^awsm: error: invalid size '12X' for --max-memory/);
    oneLine(awsm(['run', '--max-memory=1K', big]), 2, /^awsm: error: --max-memory 1K is less than one 64 KiB page/);
  });

  test('--max-heap: a size in bytes reaches the runtime; bad sizes are refused before compiling', () => {
    // The GC heap's limit itself is tested in tests/runtime/test_gc.c (awsm does not compile GC
    // instructions yet); here: the option's parsing and its way to the executable.
    const prog = wat('noheap', `(module ${EXIT} (func (export "_start") (call $exit (i32.const 5))))`);
    assert.equal(awsm(['run', '--max-heap=256M', prog]).status, 5);
    assert.equal(awsm(['run', '--max-heap', '64K', prog]).status, 5);
    oneLine(awsm(['run', '--max-heap=12X', prog]), 2, /^awsm: error: invalid size '12X' for --max-heap/);
    oneLine(awsm(['run', '--max-heap=16p', prog]), 2, /^awsm: error: invalid size '16p' for --max-heap/);
    oneLine(awsm(['run', '--max-heap=1K', prog]), 2, /^awsm: error: --max-heap 1K is less than 64 KiB/);
  });

  test('--max-table-elements: table.grow returns -1 past the limit; a larger initial table is refused', () => {
    const grow = wat(
      'tgrow',
      `(module ${EXIT} (table 1 funcref)
         (func (export "_start") (local $n i32)
           (block $done (loop $l
             (br_if $done (i32.eq (table.grow 0 (ref.null func) (i32.const 1)) (i32.const -1)))
             (local.set $n (i32.add (local.get $n) (i32.const 1)))
             (br_if $l (i32.lt_u (local.get $n) (i32.const 100)))))
           (call $exit (local.get $n))))`,
    );
    assert.equal(awsm(['run', grow]).status, 100);
    assert.equal(awsm(['run', '--max-table-elements=5', grow]).status, 4);
    const big = wat('bigtable', `(module (table 10 funcref) (func (export "_start")))`);
    oneLine(
      awsm(['run', '--max-table-elements=5', big]),
      1,
      'awsm: table of 10 elements exceeds the limit of 5 elements (--max-table-elements / AWSM_MAX_TABLE_ELEMENTS)',
    );
    oneLine(awsm(['run', '--max-table-elements=0', big]), 2, /^awsm: error: invalid count '0' for --max-table-elements/);
  });

  test('--timeout stops a busy loop and a sleeping program with status 124', async () => {
    const spin = wat('spin', '(module (func (export "_start") (loop $l (br $l))))');
    const sleep = wat(
      'sleep',
      `(module (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
         (memory 1)
         (func (export "_start")
           (i32.store (i32.const 16) (i32.const 1))
           (i64.store (i32.const 24) (i64.const 60000000000))
           (drop (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))))`,
    );
    for (const file of [spin, sleep]) {
      const t0 = Date.now();
      const r = await exec(process.execPath, [CLI, 'run', '--timeout', '0.5', file]);
      oneLine(r, 124, 'awsm: timeout: the program ran longer than 0.5 s');
      assert.ok(Date.now() - t0 < 30_000, 'stopped in time');
    }
    oneLine(awsm(['run', '--timeout=-1', spin]), 2, /^awsm: error: invalid number of seconds '-1' for --timeout/);
  });

  test('the environment is empty unless --inherit-env; --env adds; awsm\'s own variables stay hidden', () => {
    const p = programs.get('args_env')!;
    const inherited = { AWSM_E2E_INHERITED: 'yes', AWSM_DIRS: '/', AWSM_TIMEOUT: '0.001' };
    const envLines = (r: Result): string[] => r.stdout.split('\n').filter((l) => l.startsWith('env: '));
    let r = awsm(['run', '--env', 'A=1', p.wasm], inherited);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(envLines(r), ['env: [A=1]']);
    r = awsm(['run', '--inherit-env', '--env', 'A=2', p.wasm], inherited);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(envLines(r).includes('env: [AWSM_E2E_INHERITED=yes]'), r.stdout);
    assert.ok(envLines(r).includes('env: [A=2]'), r.stdout);
    assert.ok(!envLines(r).some((l) => /AWSM_(DIRS|TIMEOUT)=/.test(l)), 'control variables are not the guest\'s');
  });

  test('a module importing a WASI function with the wrong signature: one line naming both signatures', () => {
    const bad = wat('badsig', `(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32) (result i32))) (memory 1) (func (export "_start")))`);
    oneLine(
      awsm(['run', bad]),
      1,
      'awsm: incompatible import type "wasi_snapshot_preview1"."fd_write": the module expects (i32, i32, i32) -> i32, WASI provides (i32, i32, i32, i32) -> i32',
    );
    const unknown = wat('unknownwasi', `(module (import "wasi_snapshot_preview1" "fd_frobnicate" (func)) (func (export "_start")))`);
    oneLine(awsm(['run', unknown]), 1, 'awsm: unknown import "wasi_snapshot_preview1"."fd_frobnicate"');
  });

  test('a 64-bit memory 0: preview1 signatures work, pointers checked; i64 pointers refused in one line', () => {
    const mem64 = (name: string, text: string): string => join(work, wat2wasm({ text }, `${name}.wasm`, ['--enable-memory64'], { cwd: work }));
    const write = (ptr: number, sig: string, args: string): string => `(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param ${sig}) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") i64 1)
      (data (i64.const 16) "hi\\0a")
      (func (export "_start")
        (i32.store (i64.const 0) (i32.const 16)) (i32.store (i64.const 4) (i32.const 3))
        (call $exit (call $w ${args.replace('PTR', String(ptr))}))))`;
    const ok = awsm(['run', mem64('w64ok', write(0, 'i32 i32 i32 i32', '(i32.const 1) (i32.const PTR) (i32.const 1) (i32.const 8)'))]);
    assert.deepEqual([ok.status, ok.stdout], [0, 'hi\n'], ok.stderr);
    // An iovec array 4 bytes before the end of the 64 KiB memory: EFAULT (21), nothing written.
    const bad = awsm(['run', mem64('w64efault', write(65532, 'i32 i32 i32 i32', '(i32.const 1) (i32.const PTR) (i32.const 1) (i32.const 8)'))]);
    assert.deepEqual([bad.status, bad.stdout], [21, ''], bad.stderr);
    oneLine(
      awsm(['run', mem64('w64sig', write(0, 'i32 i64 i32 i64', '(i32.const 1) (i64.const PTR) (i32.const 1) (i64.const 8)'))]),
      1,
      'awsm: incompatible import type "wasi_snapshot_preview1"."fd_write": the module expects (i32, i64, i32, i64) -> i32, WASI provides (i32, i32, i32, i32) -> i32',
    );
  });

  test('usage errors: a missing --dir directory, an unknown option, bad --tcplisten', () => {
    const p = programs.get('args_env')!;
    oneLine(awsm(['run', '--dir', join(work, 'no-such-dir'), p.wasm]), 1, `awsm: error: cannot preopen directory '${join(work, 'no-such-dir')}': no such directory`);
    oneLine(awsm(['run', '--dir', `${p.wasm}::/x`, p.wasm]), 1, `awsm: error: cannot preopen directory '${p.wasm}': not a directory`);
    oneLine(awsm(['run', '--dirr', '/tmp', p.wasm]), 2, "awsm: error: unknown option '--dirr' (see awsm --help)");
    oneLine(awsm(['run', '--tcplisten', 'localhost', p.wasm]), 2, /^awsm: error: invalid address 'localhost' for --tcplisten/);
  });

  test('executables take the same settings from AWSM_* variables; paths may contain ":"', async () => {
    const p = programs.get('dirs')!;
    const root = join(work, 'odd:name');
    fixture(root);
    // AWSM_DIRS by hand: '\:' is a colon inside a path, '::' separates host and guest.
    const sandbox = join(root, 'sandbox').replace(/[\\:]/g, (c) => '\\' + c);
    let r = await exec(p.exe, [], { env: { AWSM_DIRS: `${sandbox}::/sandbox`, WASI_TEST_RUNTIME: 'awsm' } });
    check('dirs', r, 0);
    fixture(root);
    r = await exec(process.execPath, [CLI, 'run', '--dir', `${join(root, 'sandbox')}::/sandbox`, '--env', 'WASI_TEST_RUNTIME=awsm', p.wasm]);
    check('dirs', r, 0);
    r = await exec(p.exe, [], { env: { AWSM_DIRS: join(work, 'missing') } });
    oneLine(r, 1, `awsm: cannot preopen directory '${join(work, 'missing')}': no such directory`);
    r = await exec(p.exe, [], { env: { AWSM_TIMEOUT: 'soon' } });
    oneLine(r, 1, "awsm: AWSM_TIMEOUT: invalid number of seconds 'soon'");
    r = await exec(p.exe, [], { env: { AWSM_MAX_MEMORY: '1K' } });
    oneLine(r, 1, "awsm: AWSM_MAX_MEMORY: '1K' is less than one 64 KiB page");
    r = await exec(p.exe, [], { env: { AWSM_MAX_HEAP: '1K' } });
    oneLine(r, 1, "awsm: AWSM_MAX_HEAP: '1K' is less than 64 KiB");
    r = await exec(p.exe, [], { env: { AWSM_MAX_HEAP: '2p' } });
    oneLine(r, 1, "awsm: AWSM_MAX_HEAP: invalid size '2p' (a number of bytes with K, M or G)");
    r = await exec(p.exe, [], { env: { AWSM_TCPLISTEN: '127.0.0.1:notaport' } });
    oneLine(r, 1, /^awsm: cannot listen on '127\.0\.0\.1:notaport': /);
  });
});
