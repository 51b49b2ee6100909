/**
 * The quick tier's code (LLVM -O0, TranslateOptions.quick: what `--tier=quick` compiles) through
 * the spec harness in guard and explicit mode: tests/quick/*.wast, which aims at the quick
 * tier's own lowerings (memory.ts, leanAddress: a memarg offset as a GEP index; the builder's
 * `lean` peepholes, narrow.wast), and the spec
 * scripts of addressing, memory traps and br_table. `npm test` runs the spec suite at -O2 only; this file is the quick tier's check.
 *
 * Needs wast2json (wabt), LLVM 16 and the spec testsuite (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires } from '../tools.js';

const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const QUICK = join(packageRoot, 'tests', 'quick');
/** Spec scripts whose code the quick tier lowers its own way, or that trap at the edges of memory. */
const SPEC = ['address', 'memory_trap', 'load', 'store', 'br_table', 'memory_grow'];

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-quick-'));
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Totals {
  files: Array<{ file: string; passed: number; failed: number; skipped: number }>;
}

/** Run the harness at -O0 on `files`; every file must pass completely. */
function runQuick(files: readonly string[], bounds: string): void {
  const json = join(work, `result-${bounds}-${files.length}.json`);
  const r = spawnSync(process.execPath, [HARNESS, ...files, '--json', json, '-O', '0', `--bounds=${bounds}`], { encoding: 'utf8', timeout: 600_000 });
  assert.ok(r.status === 0 || r.status === 1, `the harness failed (status ${r.status}): ${r.stderr.slice(-2000)}`);
  const t = JSON.parse(readFileSync(json, 'utf8')) as Totals;
  assert.equal(t.files.length, files.length, 'a script did not run');
  const failures = r.stdout.slice(r.stdout.indexOf('Failures:'));
  for (const f of t.files) {
    assert.equal(f.failed, 0, `${f.file} (-O0, ${bounds}): ${f.failed} failed\n${failures}`);
    assert.ok(f.passed > 0, `${f.file}: nothing ran`);
  }
}

for (const bounds of ['guard', 'explicit']) {
  test(`tests/quick/*.wast and the spec's addressing and br_table scripts at -O0, ${bounds} mode`, (t) => {
    if (!requires(t, ['wast2json'])) return;
    const own = readdirSync(QUICK).filter((n) => n.endsWith('.wast')).sort().map((n) => join(QUICK, n));
    assert.ok(own.length > 0, `no scripts in ${QUICK}`);
    runQuick([...own, ...SPEC], bounds);
  });
}
