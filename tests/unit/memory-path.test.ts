/**
 * One memory-access path (docs/architecture.md, "Inside the translator"): the fields that
 * locate linear memory — ctx->mem0_base and an awsm_memory's base and size — are read in
 * src/translate/memory.ts alone (memoryAddress, memoryBase, memorySize, invariantBase), so
 * that every access, including a versioned loop's fast copy, gets its bounds strategy there.
 * A second reader elsewhere would be a second path past the bounds checks.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';

/** Where the memory-locating offsets of abi.ts (AbiLayout) are named. */
const LOCATORS = /\b(?:ctx\.mem0Base|memObj\.(?:base|size))\b/;

test('linear memory is located in src/translate/memory.ts only', () => {
  const dir = join(packageRoot, 'src', 'translate');
  const readers = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && LOCATORS.test(readFileSync(join(dir, f), 'utf8')))
    .sort();
  assert.deepEqual(readers, ['memory.ts']);
});
