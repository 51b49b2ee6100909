/**
 * The mutation checks (tests/mutation/, docs/security.md "Mutation checks"): every bug planted
 * by tests/mutation/mutations.ts must make a test fail. About a minute on 2 cores. When a check
 * cannot run here (wabt or binaryen missing, so the differential tests skip), this test is
 * skipped with the runner's reason; under CI=true that is a failure.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { CANNOT_RUN } from '../mutation/run.js';

test('every mutation in tests/mutation/mutations.ts is caught', { timeout: 900_000 }, async (t) => {
  const runner = join(packageRoot, 'dist', 'tests', 'mutation', 'run.js');
  const { status, output } = await new Promise<{ status: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [runner], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ status: code, output }));
  });
  if (status === CANNOT_RUN && process.env['CI'] !== 'true') {
    const why = output.split('\n').filter((l) => l.startsWith('baseline: ') && !/: passes \(/.test(l));
    t.skip(why.length > 0 ? why.join('; ') : 'a check cannot run here');
    return;
  }
  assert.equal(status, 0, `the mutation runner failed (status ${status}):\n${output}`);
  assert.match(output, /^mutation: (\d+) of \1 caught, 0 survived/m);
});
