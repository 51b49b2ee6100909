/**
 * Golden IR tests: every tests/golden/<name>.wat is built with wat2wasm, decoded, validated and
 * translated, and the unoptimised IR must equal tests/golden/<name>.ll byte for byte. The IR is
 * also run through `opt-16 -passes=verify`.
 *
 * Translation options come from an optional first line of the .wat:
 *   ;; options: {"bounds": "explicit", "exe": true, "triple": "aarch64-unknown-linux-gnu"}
 * The symbol prefix is the file name with non-identifier characters replaced by `_`. A .wat
 * with a line `;; assembler: wasm-tools` is assembled by `wasm-tools parse` instead (Wasm 3.0
 * syntax wabt 1.0.32 does not read: try_table, exnref).
 *
 * After an intended change to the generated code, re-record with
 *   npm run build && AWSM_RECORD=1 node --test dist/tests/unit/golden.test.js
 * and review the diff of tests/golden/*.ll like any other change.
 *
 * Needs wat2wasm and opt-16: a failure under CI=true when one is missing, a skip with the
 * reason elsewhere (tests/tools.ts's requires).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { decodeModule } from '../../src/binary/decoder.js';
import { validateModule } from '../../src/validate/validator.js';
import { translateModule, type TranslateOptions } from '../../src/translate/module.js';
import { mustRun, requires, wat2wasm } from '../tools.js';

const RECORD_COMMAND = 'npm run build && AWSM_RECORD=1 node --test dist/tests/unit/golden.test.js';

/** tests/golden in the source tree (this file runs from dist/tests/unit), else under the cwd. */
function goldenDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [resolve(here, '../../../tests/golden'), resolve('tests/golden')]) {
    if (existsSync(c)) return c;
  }
  throw new Error(`tests/golden not found from ${here}`);
}

/** The options line of a .wat, if any. */
function optionsOf(wat: string, name: string): TranslateOptions {
  const m = /^;; options: (.*)$/m.exec(wat.split('\n')[0] ?? '');
  const extra = m === null ? {} : (JSON.parse(m[1]!) as Partial<TranslateOptions>);
  return { name: name.replace(/[^A-Za-z0-9_]/g, '_'), ...extra };
}

/** The first differing line of two texts, for the failure message. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}:\n  expected: ${e[i] ?? '<end of file>'}\n  actual:   ${a[i] ?? '<end of file>'}`;
  }
  return 'no line differs';
}

const dir = goldenDir();
const record = process.env['AWSM_RECORD'] === '1';
const cases = readdirSync(dir).filter((f) => f.endsWith('.wat')).sort();

test('golden IR cases exist', () => {
  assert.ok(cases.length > 0, `no .wat files in ${dir}`);
});

for (const file of cases) {
  const name = file.slice(0, -'.wat'.length);
  test(`golden IR: ${name}`, (t) => {
    const watPath = join(dir, file);
    const wat = readFileSync(watPath, 'utf8');
    const wasmTools = /^;; assembler: wasm-tools$/m.test(wat);
    if (!requires(t, [wasmTools ? 'wasm-tools' : 'wat2wasm', 'opt-16'])) return;
    const llPath = join(dir, `${name}.ll`);
    const tmp = mkdtempSync(join(tmpdir(), 'awsm-golden-'));
    try {
      const out = join(tmp, `${name}.wasm`);
      const wasmPath = wasmTools
        ? (mustRun('wasm-tools', ['parse', watPath, '-o', out]), out)
        : wat2wasm(watPath, out, ['--debug-names', '--enable-relaxed-simd']);
      const m = decodeModule(new Uint8Array(readFileSync(wasmPath)));
      validateModule(m);
      const ir = translateModule(m, optionsOf(wat, name));

      const v = spawnSync('opt-16', ['-passes=verify', '-disable-output'], { input: ir, encoding: 'utf8' });
      assert.equal(v.status, 0, `the IR of ${file} does not verify:\n${v.stderr}`);
      if (record || !existsSync(llPath)) {
        writeFileSync(llPath, ir);
        if (!record) assert.fail(`${llPath} did not exist; recorded it now (check it in). To re-record: ${RECORD_COMMAND}`);
        return;
      }
      const expected = readFileSync(llPath, 'utf8');
      if (ir !== expected) {
        assert.fail(
          `the IR of tests/golden/${file} differs from tests/golden/${name}.ll at ${firstDifference(expected, ir)}\n` +
            `If the change is intended, re-record with:\n  ${RECORD_COMMAND}`,
        );
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}
