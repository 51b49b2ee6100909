/**
 * The mutation list (tests/mutation/mutations.ts) still fits the code: every anchor occurs
 * exactly once in its file, so a refactor of the checks shows here at once, not only when the
 * mutation runner (tests/e2e/mutation.test.ts) runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { MUTATIONS } from '../mutation/mutations.js';
import { checkAnchors } from '../mutation/run.js';

test('every mutation anchor occurs exactly once in its file', () => {
  assert.deepEqual(checkAnchors(packageRoot, MUTATIONS), []);
});

test('mutation names are unique, and each has a check and changes its anchor', () => {
  assert.equal(new Set(MUTATIONS.map((m) => m.name)).size, MUTATIONS.length);
  for (const m of MUTATIONS) {
    assert.ok(m.checks.length > 0, `${m.name}: no check`);
    assert.notEqual(m.find, m.replace, `${m.name}: replaces its anchor with itself`);
  }
});
