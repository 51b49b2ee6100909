/**
 * Sandbox-escape tests (docs/security.md): the scripts in tests/sandbox/ run through the spec
 * harness (tests/spec/run.ts, which checks exact results and trap messages) in guard and in
 * explicit mode, the Wasm 3.0 scripts in tests/sandbox/3.0/ (converted by wasm-tools) in both,
 * the explicit-only scripts in tests/sandbox/explicit/ in explicit mode, the
 * generated huge-frame script at -O0 in both modes, and the resource limits of `awsm run`
 * (tests/sandbox/limits.ts).
 *
 * Needs wast2json and wat2wasm (wabt) and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { framesScript } from '../sandbox/frames.js';
import '../sandbox/limits.js';
import { requires } from '../tools.js';

const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const SANDBOX = join(packageRoot, 'tests', 'sandbox');

let work: string;

interface Totals {
  files: Array<{ file: string; passed: number; failed: number; skipped: number }>;
  totals: { passed: number; failed: number; skipped: number };
}

/** Run the harness on `files`; every file must pass completely. */
function runScripts(files: readonly string[], args: readonly string[]): Totals {
  const json = join(work, `result-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [HARNESS, ...files, '--json', json, ...args], { encoding: 'utf8', timeout: 600_000 });
  assert.ok(r.status === 0 || r.status === 1, `the harness failed (status ${r.status}): ${r.stderr.slice(-2000)}`);
  const t = JSON.parse(readFileSync(json, 'utf8')) as Totals;
  const failures = r.stdout.slice(r.stdout.indexOf('Failures:'));
  for (const f of t.files) {
    assert.equal(f.failed, 0, `${f.file} (${args.join(' ')}): ${f.failed} failed\n${failures}`);
    assert.equal(f.skipped, 0, `${f.file} (${args.join(' ')}): ${f.skipped} skipped`);
    assert.ok(f.passed > 0, `${f.file}: nothing ran`);
  }
  return t;
}

const scripts = (dir: string): string[] =>
  readdirSync(dir).filter((n) => n.endsWith('.wast')).sort().map((n) => join(dir, n));

describe('sandbox scripts', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-sandbox-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const bounds of ['guard', 'explicit'] as const) {
    test(`tests/sandbox/*.wast in ${bounds} mode`, (t) => {
      if (!requires(t, ['wast2json'])) return;
      const r = runScripts(scripts(SANDBOX), [`--bounds=${bounds}`]);
      assert.ok(r.totals.passed >= 190, `only ${r.totals.passed} checks ran`);
    });
  }

  for (const bounds of ['guard', 'explicit'] as const) {
    test(`tests/sandbox/3.0/*.wast (Wasm 3.0 features) in ${bounds} mode`, (t) => {
      if (!requires(t, ['wasm-tools'])) return;
      runScripts(scripts(join(SANDBOX, '3.0')), ['--suite=3.0', `--bounds=${bounds}`]);
    });
  }

  test('tests/sandbox/explicit/*.wast in explicit mode (unused out-of-bounds loads trap)', (t) => {
    if (!requires(t, ['wast2json'])) return;
    runScripts(scripts(join(SANDBOX, 'explicit')), ['--bounds=explicit']);
  });

  for (const bounds of ['guard', 'explicit'] as const) {
    test(`a leaf frame larger than the stack margin (-O0, ${bounds} mode)`, (t) => {
      if (!requires(t, ['wast2json'])) return;
      const file = join(work, 'frames.wast');
      writeFileSync(file, framesScript());
      runScripts([file], [`--bounds=${bounds}`, '-O', '0']);
    });
  }
});
