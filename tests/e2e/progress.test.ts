/**
 * End-to-end tests of compile progress on standard error (docs/cli.md, "Progress"): not a
 * terminal — nothing by default, one summary line with -v, nothing with -v -q, nothing for a
 * cache hit; a terminal (through script(1), when it is installed) — a status line redrawn in
 * place once the compile has taken a second, erased at the end, and nothing with -q; for a
 * module compiled in partitions, the line counts the partitions done.
 *
 * A private cache (AWSM_CACHE_DIR); --no-cache where a compile must happen. Needs wat2wasm and
 * LLVM 16 (bash scripts/setup.sh); the terminal test needs script(1) (util-linux).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

let work: string;
let env: NodeJS.ProcessEnv;
/** A module that does nothing, and one whose optimised compile takes seconds (300 loops). */
let small: string;
let slow: string;

function awsm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SUMMARY = /^awsm: compiled (\S+) \(tier (quick|opt)(, -O\d)?, (\d+) functions?\) in [\d.]+ s: decode [\d.]+ s, validate [\d.]+ s, translate [\d.]+ s, LLVM [\d.]+ s$/;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-progress-test-'));
  env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  small = wat2wasm({ text: '(module (func (export "_start")))' }, join(work, 'small.wasm'));
  const fns = Array.from({ length: 300 }, (_, i) =>
    `(func (param $n i32) (result i32) (local $i i32) (local $s i32)
      (loop $l (local.set $s (i32.add (local.get $s) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
        (i32.store offset=4096 (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $s) (i32.const ${i + 3})))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $s))`);
  slow = wat2wasm({ text: `(module (memory 1) ${fns.join('\n')} (func (export "_start")))` }, join(work, 'slow.wasm'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('not a terminal: silent by default, one summary line with -v, none with -v -q or for a cache hit', () => {
  const quiet = awsm('compile', '--no-cache', small, '-o', join(work, 'a'));
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  const v = awsm('compile', '-v', '--no-cache', small, '-o', join(work, 'b'));
  assert.equal(v.status, 0, v.stderr);
  const lines = v.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, v.stderr);
  const m = SUMMARY.exec(lines[0]!);
  assert.ok(m !== null, lines[0]);
  assert.deepEqual([m[1], m[2], m[3], m[4]], ['small.wasm', 'opt', ', -O2', '1']);
  const q = awsm('compile', '-v', '-q', '--no-cache', '--tier=quick', small, '-o', join(work, 'c'));
  assert.equal(q.status, 0, q.stderr);
  assert.equal(q.stderr, '');
  const hit = awsm('compile', '-v', small, '-o', join(work, 'd'));
  assert.equal(hit.stderr, '', 'a cache hit compiles nothing');
  // awsm run -v: the summary of the compile, then the tier line.
  const r = awsm('run', '-v', '--no-cache', '--tier=quick', small);
  assert.equal(r.status, 0, r.stderr);
  const rl = r.stderr.trimEnd().split('\n');
  assert.equal(rl.length, 2, r.stderr);
  assert.deepEqual(SUMMARY.exec(rl[0]!)?.slice(1, 4), ['small.wasm', 'quick', undefined]);
  assert.match(rl[1]!, /^awsm: running tier quick \(compiled in [\d.]+ s\)$/);
});

test('a terminal: a status line redrawn in place after a second and erased; nothing with -q', (t) => {
  if (!requires(t, ['script'])) return;
  const inTerminal = (...args: string[]): string => inTerminalWith({}, ...args);
  const inTerminalWith = (extra: NodeJS.ProcessEnv, ...args: string[]): string => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', `${command} 2>&1`, '/dev/null'], { cwd: work, env: { ...env, ...extra }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  };
  const out = inTerminal('compile', '--no-cache', slow, '-o', join(work, 'e'));
  const draws = out.split('\r\x1b[K').filter((s) => s !== '');
  assert.ok(draws.length >= 1, `no status line in ${JSON.stringify(out)}`);
  for (const d of draws) assert.match(d, /^awsm: compiling slow\.wasm \(tier opt, -O2\): (decode|validate|translate|LLVM), 301 functions, [\d.]+ s$/);
  assert.ok(out.endsWith('\r\x1b[K'), 'the line is erased at the end');
  assert.equal(inTerminal('compile', '-q', '--no-cache', slow, '-o', join(work, 'f')), '');
  // In partitions (about 20 here), the line counts those done.
  const split = inTerminalWith({ AWSM_PARTITION_SIZE: '300' }, 'compile', '-j', '2', '--no-cache', slow, '-o', join(work, 'g'));
  const splitDraws = split.split('\r\x1b[K').filter((s) => s !== '');
  assert.ok(splitDraws.length >= 1, `no status line in ${JSON.stringify(split)}`);
  for (const d of splitDraws) {
    assert.match(d, /^awsm: compiling slow\.wasm \(tier opt, -O2\): (decode|validate|translate|LLVM), 301 functions(, partitions \d+\/\d+)?, [\d.]+ s$/);
  }
  assert.ok(splitDraws.some((d) => /, partitions \d+\/\d+, /.test(d)), `no partition count in ${JSON.stringify(split)}`);
});
