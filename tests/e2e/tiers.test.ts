/**
 * End-to-end tests of `awsm run`'s tiers (docs/cli.md, "Tiers"): --tier=quick and opt, and
 * auto — the first run starts on the quick tier and a detached process compiles the
 * optimising tier into the cache, which the next run uses; a run during that compile starts
 * no second one; killing the background compile (its whole process group, clang included)
 * leaves the optimised entry absent or valid, and the next run is correct and starts it again.
 * `-v` names the tier each run used; the cache's manifests are checked directly too.
 *
 * One private cache (AWSM_CACHE_DIR) for the file; AWSM_TIER_MIN_SIZE=0 so that small test
 * modules tier as big ones do. Needs wat2wasm and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../../src/driver/cache.js';
import { findTool } from '../../src/driver/tools.js';
import { requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
/** The longest a background compile of the test modules may take (a loaded machine). */
const BACKGROUND_MS = 300_000;

let work: string;
let cache: string;
let env: NodeJS.ProcessEnv;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function awsm(...args: string[]): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, env, encoding: 'utf8', timeout: BACKGROUND_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A module whose _start prints `text`; `loops` extra functions with a loop each make its optimised compile slow. */
function program(name: string, text: string, loops = 0): string {
  const bytes = [...Buffer.from(text)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  const fns: string[] = [];
  const calls: string[] = [];
  for (let i = 0; i < loops; i++) {
    fns.push(`(func $f${i} (param $n i32) (result i32) (local $i i32) (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s) (i32.mul (i32.load offset=256 (i32.shl (local.get $i) (i32.const 2))) (i32.const ${i + 3}))))
        (i32.store offset=4096 (i32.shl (local.get $i) (i32.const 2)) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $s))`);
    calls.push(`(drop (call $f${i} (i32.const 100)))`);
  }
  const text_ = `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "${bytes}")
    ${fns.join('\n')}
    (func (export "_start") ${calls.join(' ')}
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const ${text.length}))
      (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;
  return wat2wasm({ text: text_ }, join(work, `${name}.wasm`));
}

/** The -v line of a run: tier, and the background compile it reports. */
function tierLine(r: Result): { tier: string; cached: boolean; pid?: number; started?: boolean } {
  const m = /^awsm: running tier (quick|opt) \((from the cache|compiled in [\d.]+ s)\)(?:; (compiling|tier opt is being compiled) (?:tier opt )?in the background \(pid (\d+)\))?$/m.exec(r.stderr);
  assert.ok(m !== null, `no tier line in:\n${r.stderr}`);
  const line = { tier: m[1]!, cached: m[2] === 'from the cache' };
  return m[4] === undefined ? line : { ...line, pid: Number(m[4]), started: m[3] === 'compiling' };
}

/** The lock files (KEY.lock) under the cache's build directory. */
function locks(): string[] {
  const build = join(cache, 'build');
  if (!existsSync(build)) return [];
  return readdirSync(build).flatMap((d) => readdirSync(join(build, d)).filter((n) => n.endsWith('.lock')).map((n) => join(build, d, n)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Wait until process `pid` has exited. */
async function waitExit(pid: number): Promise<void> {
  const deadline = Date.now() + BACKGROUND_MS;
  while (alive(pid)) {
    assert.ok(Date.now() < deadline, `background compile ${pid} still running after ${BACKGROUND_MS} ms`);
    await sleep(100);
  }
}

/** The entry KEY in the build cache: absent, or valid (every file its manifest lists has the recorded size and sha256). */
function entryState(key: string): 'absent' | 'valid' {
  const dir = join(cache, 'build', key.slice(0, 2));
  const manifest = join(dir, `${key}.json`);
  if (!existsSync(manifest)) return 'absent';
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { key: string; files: Array<{ name: string; size: number; sha256: string }> };
  assert.equal(m.key, key);
  for (const f of m.files) {
    const bytes = readFileSync(join(dir, f.name));
    assert.equal(bytes.length, f.size, `${f.name}: size`);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, `${f.name}: sha256`);
  }
  return 'valid';
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-tiers-test-'));
  cache = join(work, 'cache');
  env = { ...process.env, AWSM_CACHE_DIR: cache, AWSM_TIER_MIN_SIZE: '0' };
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('--tier=quick, --tier=opt and -O run the tier asked for, compiled once then from the cache', () => {
  const p = program('explicit', 'explicit\n');
  for (const tier of ['quick', 'opt']) {
    const first = awsm('run', '-v', `--tier=${tier}`, p);
    assert.equal(first.stdout, 'explicit\n', first.stderr);
    assert.deepEqual(tierLine(first), { tier, cached: false });
    const second = awsm('run', '-v', `--tier=${tier}`, p);
    assert.equal(second.stdout, 'explicit\n', second.stderr);
    assert.deepEqual(tierLine(second), { tier, cached: true });
  }
  // An explicit -O asks for the optimising tier.
  const o1 = awsm('run', '-v', '-O1', p);
  assert.equal(o1.stdout, 'explicit\n', o1.stderr);
  assert.deepEqual(tierLine(o1), { tier: 'opt', cached: false });
  assert.deepEqual(locks(), [], 'explicit tiers start no background compile');
  // awsm compile takes quick and opt; auto is for run.
  const c = awsm('compile', '--tier=quick', p, '-o', join(work, 'explicit-quick'));
  assert.equal(c.status, 0, c.stderr);
  assert.equal(spawnSync(join(work, 'explicit-quick'), { encoding: 'utf8' }).stdout, 'explicit\n');
  const bad = awsm('compile', '--tier=auto', p);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'awsm: error: --tier=auto is for awsm run; awsm compile takes quick or opt\n');
});

test('auto: the first run starts on the quick tier, the background compile fills the cache, the next run is optimised', async () => {
  const p = program('auto', 'auto\n');
  const first = awsm('run', '-v', p);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, 'auto\n');
  const t = tierLine(first);
  assert.equal(t.tier, 'quick');
  assert.equal(t.cached, false);
  assert.equal(t.started, true, 'the first run starts the background compile');
  await waitExit(t.pid!);
  assert.deepEqual(locks(), [], 'the background compile removed its lock');
  const next = awsm('run', '-v', p);
  assert.equal(next.stdout, 'auto\n');
  assert.deepEqual(tierLine(next), { tier: 'opt', cached: true });
});

test('auto: killing the background compile mid-way leaves no bad entry; the next run is correct and starts it again, once', async (tc) => {
  if (!requires(tc, ['pgrep'])) return;
  const p = program('killed', 'killed\n', 300);
  const first = awsm('run', '-v', p);
  assert.equal(first.stdout, 'killed\n', first.stderr);
  const t = tierLine(first);
  assert.equal(t.started, true);
  // awsm run took the lock and handed it to the background compile before exiting.
  const deadline = Date.now() + 60_000;
  const [lock] = locks();
  assert.ok(lock !== undefined, 'the background compile holds a lock');
  const key = lock.slice(lock.lastIndexOf('/') + 1, -'.lock'.length);
  // Mid-way: its clang is running (the group has more than the node process).
  while (spawnSync('pgrep', ['-g', String(t.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').length < 2 && Date.now() < deadline) await sleep(50);
  process.kill(-t.pid!, 'SIGKILL');
  await waitExit(t.pid!);
  // Killed while clang ran, so before the manifest: no entry (valid, if clang finished in
  // the instant between the check and the kill; never a bad one: entryState checks).
  if (entryState(key) === 'valid') {
    assert.deepEqual(tierLine(awsm('run', '-v', p)), { tier: 'opt', cached: true });
    return;
  }
  // The next run: correct output from the cached quick tier; the lock is stale, so a new
  // background compile starts; a run during it starts no other.
  const second = awsm('run', '-v', p);
  assert.equal(second.stdout, 'killed\n', second.stderr);
  const t2 = tierLine(second);
  assert.deepEqual({ tier: t2.tier, cached: t2.cached, started: t2.started }, { tier: 'quick', cached: true, started: true });
  assert.notEqual(t2.pid, t.pid);
  const third = awsm('run', '-v', p);
  assert.equal(third.stdout, 'killed\n');
  const t3 = tierLine(third);
  if (t3.tier === 'quick') assert.deepEqual({ pid: t3.pid, started: t3.started }, { pid: t2.pid, started: false }, 'no pile-up');
  await waitExit(t2.pid!);
  assert.equal(entryState(key), 'valid');
  const last = awsm('run', '-v', p);
  assert.equal(last.stdout, 'killed\n');
  assert.deepEqual(tierLine(last), { tier: 'opt', cached: true });
});

test('auto: modules under AWSM_TIER_MIN_SIZE compile the optimising tier at once', () => {
  const p = program('small', 'small\n');
  const r = spawnSync(process.execPath, [CLI, 'run', '-v', p], { cwd: work, env: { ...env, AWSM_TIER_MIN_SIZE: '1000000' }, encoding: 'utf8' });
  assert.equal(r.stdout, 'small\n', r.stderr);
  assert.deepEqual(tierLine(r), { tier: 'opt', cached: false }, 'no background compile either');
  const bad = spawnSync(process.execPath, [CLI, 'run', p], { cwd: work, env: { ...env, AWSM_TIER_MIN_SIZE: 'big' }, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, "awsm: error: invalid AWSM_TIER_MIN_SIZE 'big' (a size in bytes)\n");
});

test('auto: a background compile that fails leaves KEY.failed, and later runs start no other', async () => {
  // An LLVM whose clang fails on IR at -O2 (the optimising tier) and works otherwise.
  const llvm = join(work, 'llvm');
  mkdirSync(join(llvm, 'bin'), { recursive: true });
  const clang = join(llvm, 'bin', 'clang');
  writeFileSync(clang, `#!/bin/sh\ncase " $* " in *" -O2 "*" ir "*) echo "clang: simulated failure" >&2; exit 1;; esac\nexec ${findTool('clang')} "$@"\n`);
  chmodSync(clang, 0o755);
  for (const t of ['ld.lld', 'llvm-ar'] as const) symlinkSync(findTool(t), join(llvm, 'bin', t));
  const failing = { ...env, AWSM_LLVM_DIR: llvm };
  const run = (): Result => {
    const r = spawnSync(process.execPath, [CLI, 'run', '-v', p], { cwd: work, env: failing, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const p = program('failing', 'failing\n');
  const first = run();
  assert.equal(first.stdout, 'failing\n', first.stderr);
  const t = tierLine(first);
  assert.equal(t.started, true);
  await waitExit(t.pid!);
  const failed = readdirSync(join(cache, 'build'), { recursive: true }).map(String).filter((n) => n.endsWith('.failed'));
  assert.equal(failed.length, 1, 'one failure record');
  assert.match(readFileSync(join(cache, 'build', failed[0]!), 'utf8'), /simulated failure/);
  const second = run();
  assert.equal(second.stdout, 'failing\n');
  assert.match(second.stderr, /^awsm: running tier quick \(from the cache\); tier opt failed in the background earlier \(\S+\.failed\); --tier=opt compiles it here and shows why$/m);
  assert.deepEqual(locks(), [], 'no background compile started');
});
