/**
 * The translator's GC lowering (src/translate/gc.ts, docs/gc.md):
 *
 *   - tests/gc-lowering/*.wast through the 3.0 spec harness at -O0 and -O2 in both bounds
 *     modes, each with a collection before every allocation (AWSM_GC_STRESS=1: a reference
 *     the collector cannot see, a field it does not trace, fails at once), and once without:
 *     struct fields (packed, signed and unsigned), arrays (bounds, fill, copy, data and element
 *     segments), i31, null traps, allocating constant expressions, out of memory;
 *   - the struct layout the translator computes (gc.ts structLayout) against the runtime's
 *     own (awsm_rtt.offsets and size, read by a C host from objects the module allocated).
 *
 * The mutation checks gc-array-bounds-off-by-one, gc-field-offset-unaligned and
 * gc-i31-sign-lost (tests/mutation/mutations.ts) are caught here.
 * Needs wasm-tools and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeModule } from '../../src/binary/decoder.js';
import { packageRoot } from '../../src/driver/cache.js';
import { buildRuntime, compile } from '../../src/index.js';
import { structLayout } from '../../src/translate/gc.js';
import { mustRun, requires } from '../tools.js';

const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const INCLUDE = `-I${join(packageRoot, 'runtime', 'include')}`;

let work: string;

describe('GC lowering', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-gc-lowering-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const runs: Array<[string, string, boolean]> = [
    ['-O2', 'guard', true], ['-O2', 'explicit', true], ['-O0', 'guard', true], ['-O0', 'explicit', true], ['-O2', 'guard', false],
  ];
  for (const [opt, bounds, stress] of runs) {
    test(`tests/gc-lowering/*.wast ${opt} --bounds=${bounds}${stress ? ' AWSM_GC_STRESS=1' : ''}`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16'])) return;
      const json = join(work, `gc${opt}-${bounds}-${stress}.json`);
      const env = { ...process.env, AWSM_SPEC3_DIR: join(packageRoot, 'tests', 'gc-lowering'), AWSM_GC_STRESS: stress ? '1' : '' };
      const r = spawnSync(process.execPath, [HARNESS, '--suite=3.0', '*', opt, `--bounds=${bounds}`, '--json', json], { env, encoding: 'utf8', timeout: 300_000 });
      assert.equal(r.status, 0, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
      const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
      assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
      assert.ok(totals.passed >= 28, `only ${totals.passed} assertions ran`);
    });
  }

  test('struct offsets and sizes: the translator and the runtime agree', async (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16'])) return;
    // One exported global per struct type, each holding an object of it.
    const shapes = [
      'i8,i16,anyref,f64', 'i8', 'i16,i8,i16', 'i32,i8,i64', 'v128,i8', 'i8,v128,i16', 'f32,f32,f32', 'i8,i8,i8,i8,i8,i8,i8,i8,i8',
      'i64,i8,(ref null 0),i16,externref,i32', '',
    ];
    const types = shapes.map((s) => `(type (struct ${s.split(',').filter((f) => f !== '').map((f) => `(field ${f})`).join(' ')}))`).join('\n');
    const globals = shapes.map((_, i) => `(global (export "g${i}") (ref ${i}) (struct.new_default ${i}))`).join('\n');
    writeFileSync(join(work, 'layout.wat'), `(module\n${types}\n${globals})`);
    mustRun('wasm-tools', ['parse', join(work, 'layout.wat'), '-o', join(work, 'layout.wasm')]);
    const bytes = readFileSync(join(work, 'layout.wasm'));
    const obj = (await compile(bytes, { emit: 'obj', name: 'layout', output: join(work, 'layout.o') })).path;
    writeFileSync(join(work, 'layout.c'), `#include <stdio.h>
#include "awsm.h"
AWSM_MODULE(layout);
int main(void) {
  awsm_error err;
  awsm_options opts = {0};
  awsm_instance *inst = awsm_instantiate(&layout_module, &opts, &err);
  if (inst == NULL) { fprintf(stderr, "instantiate: %s\\n", err.message); return 1; }
  for (int i = 0; i < ${shapes.length}; i++) {
    char name[8];
    snprintf(name, sizeof name, "g%d", i);
    uint32_t type, mut;
    awsm_value *v = awsm_instance_export_global(inst, name, &type, &mut);
    const awsm_rtt *rtt = awsm_gc_rtt_of(v->ref);
    printf("%u", rtt->size);
    for (uint32_t f = 0; f < rtt->num_fields; f++) printf(" %u", rtt->offsets[f]);
    printf("\\n");
  }
  awsm_instance_free(inst);
  return 0;
}
`);
    const rt = await buildRuntime();
    const exe = join(work, 'layout');
    mustRun('clang-16', ['-O1', INCLUDE, join(work, 'layout.c'), obj, ...rt.objects, '-lm', '-ldl', '-lpthread', '-o', exe]);
    const lines = mustRun(exe, []).trim().split('\n');
    const m = decodeModule(bytes);
    const ours = m.types.map((st) => {
      if (st.comp.kind !== 'struct') throw new Error('a struct type expected');
      const { offsets, size } = structLayout(st.comp.fields);
      return [size, ...offsets].join(' ');
    });
    assert.deepEqual(ours, lines);
    // The rule of docs/gc.md, "Layout": (struct i8 i16 anyref f64) at 8, 10, 16, 24; size 32.
    assert.equal(ours[0], '32 8 10 16 24');
  });
});
