/**
 * Unit tests for the validator on the part-1 features of Wasm 3.0 (issue 15): extended
 * constant expressions, multiple memories, memory64 and table64, custom page sizes, tail
 * calls, relaxed SIMD and wide arithmetic; and the support check (src/translate/support.ts)
 * that refuses, after validation, what the translator does not compile yet.
 *
 * Text modules are assembled by wat2wasm with --no-check and the feature's --enable flag
 * (a failure under CI=true when it is missing, a skip elsewhere); bytes where wabt 1.0.32
 * lacks the feature.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeModule } from '../../src/binary/decoder.js';
import type { Module } from '../../src/binary/module.js';
import { ValidationError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { requires, watBytes } from '../tools.js';

const ALL = ['--no-check', '--enable-all'];

/** Decode a text module assembled without wat2wasm's validation, with every feature on. */
function load(text: string): Module {
  return decodeModule(watBytes(text, ALL));
}

function valid(text: string): Module {
  const m = load(text);
  assert.doesNotThrow(() => validateModule(m), text);
  return m;
}

function invalid(text: string, message: string): void {
  const m = load(text);
  assert.throws(
    () => validateModule(m),
    (e: unknown) => e instanceof ValidationError && e.message.includes(message),
    `expected ValidationError "${message}" for ${text}`,
  );
}

test('extended constant expressions: i32/i64 add, sub, mul and global.get of earlier globals', (t) => {
  if (!requires(t, ['wat2wasm'])) return;
  const m = valid(`(module
    (global $a (import "m" "a") i32)
    (global $b i32 (i32.add (global.get $a) (i32.const 10)))
    (global $c i32 (i32.mul (global.get $b) (i32.sub (i32.const 5) (global.get $a))))
    (global $d i64 (i64.mul (i64.sub (i64.const 0) (i64.const 7)) (i64.add (i64.const 1) (i64.const 2))))
    (memory 1)
    (data (i32.add (global.get $c) (i32.const 1)) "*"))`);
  invalid('(module (global i32 (i32.add (i32.const 1) (i64.const 2))))', 'type mismatch');
  invalid('(module (global i32 (i32.add (i32.const 1))))', 'type mismatch');
  invalid('(module (global i64 (i32.add (i32.const 1) (i32.const 2))))', 'type mismatch');
  invalid('(module (global f32 (f32.add (f32.const 1) (f32.const 2))))', 'constant expression required');
  invalid('(module (global i32 (global.get 1)) (global i32 (i32.const 2)))', 'unknown global 1');
  // The translator evaluates them in the init function, in index order.
  const ir = translateModule(m, { name: 'ext' });
  const init = ir.slice(ir.indexOf('define internal void @ext_init'));
  assert.match(init, /= add i32 %t\d+, 10\n/);
  assert.match(init, /mul i32/);
  assert.match(init, /awsm_memory_init/);
});
