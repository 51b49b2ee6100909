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

test('a small component: its plan, line by line, the options resolved to core exports', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const plan = planComponent(checkComponent(parseWat(SEED_TEXTS['strings']!)).component);
  assert.equal(
    showPlan(plan),
    [
      'core instance 0: instantiate core module 0',
      'host functions (canon lower of imports): 1',
      "  0: 'log' (memory: core instance 0 export 'm', realloc: core instance 0 export 'realloc')",
      'lifted functions: 1',
      "  0 <- core instance 0 export 'echo' (memory: core instance 0 export 'm', realloc: core instance 0 export 'realloc', post-return: core instance 0 export 'free')",
      'exported functions: 1',
      "  'echo' <- lifted core instance 0 export 'echo'",
      '',
    ].join('\n'),
  );
});

test('nested components are inlined: their core instances join the plan, their exports resolve through the arguments', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const text = `(component
    (import "host" (instance $h (export "f" (func (param "x" u32)))))
    (alias export $h "f" (func $f))
    (component $inner
      (import "g" (func $g (param "x" u32)))
      (core func $gl (canon lower (func $g)))
      (core module $m (import "i" "g" (func (param i32))) (func (export "run") (result i32) i32.const 7 call 0 i32.const 0))
      (core instance $ci (instantiate $m (with "i" (instance (export "g" (func $gl))))))
      (func $run (result (result)) (canon lift (core func $ci "run")))
      (component $shim (import "import-func-run" (func $r (result (result)))) (export "run" (func $r)))
      (instance $s (instantiate $shim (with "import-func-run" (func $run))))
      (export "api" (instance $s)))
    (instance $a (instantiate $inner (with "g" (func $f))))
    (instance $b (instantiate $inner (with "g" (func $f))))
    (alias export $a "api" (instance $api))
    (export "first" (instance $api))
    (alias export $b "api" (instance $api2))
    (export "second" (instance $api2)))`;
  const plan = planComponent(checkComponent(parseWat(text)).component);
  assert.equal(
    showPlan(plan),
    [
      'core instance 0: instantiate core module 0',
      "  'i' 'g' <- lowered 'host' 'f'",
      'core instance 1: instantiate core module 0',
      "  'i' 'g' <- lowered 'host' 'f'",
      'host functions (canon lower of imports): 2',
      "  0: 'host' 'f'",
      "  1: 'host' 'f'",
      'lifted functions: 2',
      "  0 <- core instance 0 export 'run'",
      "  1 <- core instance 1 export 'run'",
      'exported functions: 2',
      "  'first' 'run' <- lifted core instance 0 export 'run'",
      "  'second' 'run' <- lifted core instance 1 export 'run'",
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
    // The one lifted function is the adapter's run export, exported through wit-component's
    // nested shim component as wasi:cli/run's `run`.
    assert.equal(plan.lifted.length, 1);
    assert.match(showOrigin(plan.lifted[0]!.core, plan), /^core instance \d+ export 'wasi:cli\/run@0\.2\.\d+#run'$/);
    assert.equal(plan.exports.length, 1);
    assert.match(plan.exports[0]!.path.join(' '), /^wasi:cli\/run@0\.2\.\d+ run$/);
    assert.deepEqual(plan.exports[0]!.func, { kind: 'lifted', lifted: 0 });
    // Four core instances, each of a module, with no import left unresolved.
    assert.deepEqual(plan.instances.map((i) => i.module), [2, 0, 1, 3]);
    const unresolved = plan.instances.flatMap((i) => i.wiring.filter((w) => w.from.kind === 'opaque').map((w) => `${i.index}: ${w.module} ${w.name}`));
    assert.deepEqual(unresolved, []);
    // The lowered imports' options point at the program's memory and the adapter's realloc.
    const args = plan.lowered.find((l) => /get-arguments/.test(showOrigin(l.func, plan)));
    assert.match(showOrigin(args!.opts.memory!, plan), /^core instance 1 export 'memory'$/);
    assert.match(showOrigin(args!.opts.realloc!, plan), /^core instance 2 export 'cabi_import_realloc'$/);
    // resource.drop of imported resources names the resource's interface and name.
    const drops = plan.instances.flatMap((i) => i.wiring.map((w) => w.from)).filter((o) => o.kind === 'resource');
    assert.ok(drops.length > 0 && drops.every((o) => o.kind === 'resource' && o.op === 'resource.drop' && o.resource.kind === 'imported'));
  });
});
