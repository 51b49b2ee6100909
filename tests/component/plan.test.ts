/**
 * Unit tests of the instantiation plan (src/component/plan.ts): where each import of each core
 * instance comes from, which component imports are lowered (the host functions a WASI 0.2
 * command needs), which core functions are lifted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkComponent } from '../../src/component/index.js';
import { planComponent, showOrigin, showPlan } from '../../src/component/plan.js';
import { requires } from '../tools.js';
import { SEED_TEXTS } from './seeds.js';
import { FIXTURES, adapterMissing, inTemp, parseWat, wasiCComponent } from './tools.js';

test('a small component: its plan, line by line', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const plan = planComponent(checkComponent(parseWat(SEED_TEXTS['strings']!)).component);
  assert.equal(
    showPlan(plan),
    [
      'core instance 0: instantiate core module 0',
      'host functions (canon lower of imports): 1',
      "  0: 'log' (memory 0, realloc 0)",
      'lifted functions: 1',
      "  func 0 <- core instance 0 export 'echo', exported as 'echo'",
      '',
    ].join('\n'),
  );
});

test('a C WASI program as a 0.2 component: the program wired to the adapter, the wasi:* host functions it needs', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'], adapterMissing())) return;
  inTemp((dir) => {
    const checked = checkComponent(new Uint8Array(readFileSync(wasiCComponent(join(FIXTURES, 'hello.c'), dir))));
    const plan = planComponent(checked.component);
    const hosts = plan.lowered.map((l) => showOrigin(l.func, plan));
    const needed = [
      /^'wasi:cli\/stdout@0\.2\.\d+' 'get-stdout'$/,
      /^'wasi:io\/streams@0\.2\.\d+' '\[method\]output-stream\.blocking-write-and-flush'$/,
      /^'wasi:cli\/exit@0\.2\.\d+' 'exit'$/,
      /^'wasi:cli\/environment@0\.2\.\d+' 'get-arguments'$/,
    ];
    for (const re of needed) assert.ok(hosts.some((h) => re.test(h)), `${re} not among the host functions:\n${hosts.join('\n')}`);
    // The program (core module 0) imports fd_write from the preview1 adapter's shim instance.
    const program = plan.instances.find((i) => i.module === 0);
    const fdWrite = program?.wiring.find((w) => w.module === 'wasi_snapshot_preview1' && w.name === 'fd_write');
    assert.equal(fdWrite?.from.kind, 'core export');
    // The one lifted function is the adapter's run export.
    assert.equal(plan.lifted.length, 1);
    assert.match(showOrigin(plan.lifted[0]!.core, plan), /^core instance \d+ export 'wasi:cli\/run@0\.2\.\d+#run'$/);
  });
});
