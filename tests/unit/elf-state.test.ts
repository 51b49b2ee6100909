/**
 * The guest state layout is one layout: runtime/elf/state.h compiled for wasm32-wasi (its
 * _Static_asserts must hold) prints every field's offset, and each must equal the constant in
 * src/elf/state.ts that the lifter uses.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WASI } from 'node:wasi';
import { packageRoot } from '../../src/driver/cache.js';
import * as S from '../../src/elf/state.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires } from '../tools.js';

/** Field of struct a64_state → its offset in state.ts. */
const EXPECTED: Record<string, number> = {
  'x[0]': S.xOffset(0), 'x[8]': S.xOffset(8), 'x[30]': S.xOffset(30), sp: S.SP_OFFSET, pc: S.PC_OFFSET,
  n: S.N_OFFSET, z: S.Z_OFFSET, c: S.C_OFFSET, v: S.V_OFFSET, tpidr: S.TPIDR_OFFSET, fpcr: S.FPCR_OFFSET,
  fpsr: S.FPSR_OFFSET, excl: S.EXCL_OFFSET, 'vreg[0]': S.vOffset(0), 'vreg[31]': S.vOffset(31),
};

test('runtime/elf/state.h and src/elf/state.ts agree on wasm32', async (t) => {
  if (!requires(t, [WASI_CC])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-elf-state-'));
  try {
    const lines = Object.keys(EXPECTED).map((f) => `  printf("%s %u\\n", "${f}", (unsigned)__builtin_offsetof(struct a64_state, ${f}));`);
    writeFileSync(join(dir, 's.c'), ['#include <stdio.h>', '#include "state.h"', 'int main(void) {', ...lines,
      '  printf("size %u\\n", (unsigned)sizeof(struct a64_state));', '  printf("align %u\\n", (unsigned)_Alignof(struct a64_state));', '  return 0;', '}', ''].join('\n'));
    mustRun(WASI_CC, [...WASI_FLAGS, '-O1', `-I${join(packageRoot, 'runtime', 'elf')}`, join(dir, 's.c'), '-o', join(dir, 's.wasm')]);
    const outFile = join(dir, 'out.txt');
    const fd = openSync(outFile, 'w');
    const wasi = new WASI({ version: 'preview1', args: ['s'], stdout: fd, returnOnExit: true });
    const mod = await WebAssembly.compile(readFileSync(join(dir, 's.wasm')));
    const inst = await WebAssembly.instantiate(mod, wasi.getImportObject() as WebAssembly.Imports);
    assert.equal(wasi.start(inst), 0);
    closeSync(fd);
    const got = Object.fromEntries(readFileSync(outFile, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k!, Number(v)]));
    for (const [f, off] of Object.entries(EXPECTED)) assert.equal(got[f], off, `offset of ${f}`);
    assert.equal(got['size'], S.STATE_SIZE);
    assert.equal(got['align'], 16, 'V registers are 16-byte aligned');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
