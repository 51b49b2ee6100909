/**
 * Active data segments at scale, against V8 (issue 13: Go modules have tens of thousands,
 * which the init function applies in runs through awsm_data_apply over a constant table,
 * src/translate/init.ts; segments whose offset is a global.get keep their own calls).
 *
 * A generated module of 10,000 active segments (random bytes at random, heavily overlapping
 * offsets, so the order they are applied in shows in memory), with global.get offsets and
 * passive segments sprinkled between them, writes into an imported memory. In one variant the
 * segment in the middle does not fit: instantiation traps "out of bounds memory access" after
 * the earlier segments were applied, and none of the later ones is. V8 (node's WebAssembly)
 * instantiates the same bytes; awsm runs a generated .wast through the spec harness, in guard
 * and explicit mode, that checks the trap and then the memory, 1 KiB at a time, against hashes
 * of V8's memory.
 *
 * Needs wat2wasm and wast2json (wabt) and LLVM 16.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { Rng } from '../fuzz/rng.js';
import { requires, watBytes } from '../tools.js';

const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
/** Active segments in the module (passive ones come on top). */
const SEGMENTS = 10_000;
/** The index among the active segments of the one that does not fit (trapping variant). */
const OUT_OF_BOUNDS_AT = 6_000;
/** Constant offsets fall in [0, SPAN): a byte there is written 2.6 times on average. */
const SPAN = 32768;
/** The values of the imported globals "M" "g1" and "M" "g2" (global.get offsets). */
const G1 = 100;
const G2 = 30000;
const PAGE = 65536;
/** The memory is compared in chunks of this many bytes. */
const CHUNK = 1024;

let work: string;

/** FNV-1a, 64-bit, of bytes: the same function as the script's "hash" export. */
function fnv1a(bytes: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h;
}

/** The exporter of the memory and globals, with a hash over a range of memory. */
const EXPORTER = `(module $M
  (memory (export "mem") 1)
  (global (export "g1") i32 (i32.const ${G1}))
  (global (export "g2") i32 (i32.const ${G2}))
  (func (export "hash") (param $p i32) (param $n i32) (result i64) (local $h i64)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $p))) (i64.const 0x100000001b3)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $h)))`;

/** Bytes as a WAT string body. */
const watString = (bytes: Uint8Array): string => [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

/**
 * The importing module: SEGMENTS active segments (every 997th at global.get g1 or g2, the rest
 * at constant offsets below SPAN), a passive one after every 1,009th; with `outOfBounds`, the
 * one at OUT_OF_BOUNDS_AT reaches past the end of the page.
 */
function importer(outOfBounds: boolean): string {
  const rng = new Rng(13, outOfBounds ? 1 : 0);
  const lines: string[] = [];
  for (let k = 0; k < SEGMENTS; k++) {
    const bytes = new Uint8Array(rng.range(1, 16)).map(() => rng.int(256));
    let offset = `(i32.const ${rng.int(SPAN - 16)})`;
    if (k % 997 === 500) offset = `(global.get ${k % 2 === 0 ? '$g1' : '$g2'})`;
    if (outOfBounds && k === OUT_OF_BOUNDS_AT) offset = `(i32.const ${PAGE - bytes.length + 1})`;
    lines.push(`  (data ${offset} "${watString(bytes)}")`);
    if (k % 1009 === 0) lines.push(`  (data "passive ${k}")`);
  }
  return `(module
  (import "M" "mem" (memory 1))
  (import "M" "g1" (global $g1 i32))
  (import "M" "g2" (global $g2 i32))
${lines.join('\n')})`;
}

/** Memory after V8 instantiates `module` against a fresh exporter, and whether it trapped. */
async function v8Memory(module: string): Promise<{ memory: Uint8Array; trap?: string }> {
  const mem = new WebAssembly.Memory({ initial: 1 });
  const imports = {
    M: { mem, g1: new WebAssembly.Global({ value: 'i32' }, G1), g2: new WebAssembly.Global({ value: 'i32' }, G2) },
  };
  try {
    await WebAssembly.instantiate(watBytes(module), imports);
    return { memory: new Uint8Array(mem.buffer).slice() };
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    return { memory: new Uint8Array(mem.buffer).slice(), trap: e.message };
  }
}

/** The script: the module (its trap asserted if it traps), then every chunk's hash. */
function script(module: string, v8: { memory: Uint8Array; trap?: string }): string {
  const out = [EXPORTER, '(register "M" $M)'];
  out.push(v8.trap !== undefined ? `(assert_trap ${module} "out of bounds memory access")` : module);
  for (let at = 0; at < PAGE; at += CHUNK) {
    const h = fnv1a(v8.memory.subarray(at, at + CHUNK));
    out.push(`(assert_return (invoke $M "hash" (i32.const ${at}) (i32.const ${CHUNK})) (i64.const 0x${h.toString(16)}))`);
  }
  return out.join('\n') + '\n';
}

/** Run the harness on one script; every check must pass. Returns the number that ran. */
function runScript(file: string, bounds: string): number {
  const json = join(work, `result-${bounds}-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [HARNESS, file, '--json', json, `--bounds=${bounds}`], { encoding: 'utf8', timeout: 600_000 });
  assert.ok(r.status === 0 || r.status === 1, `the harness failed (status ${r.status}): ${r.stderr.slice(-2000)}`);
  const t = JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } };
  assert.equal(t.totals.failed, 0, r.stdout.slice(r.stdout.indexOf('Failures:')));
  assert.equal(t.totals.skipped, 0);
  return t.totals.passed;
}

describe('10,000 active data segments, against V8', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-datas-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const outOfBounds of [false, true]) {
    const what = outOfBounds ? `segment ${OUT_OF_BOUNDS_AT} out of bounds: the earlier ones applied, the later ones not` : 'all applied, in order';
    test(what, async (t) => {
      if (!requires(t, ['wat2wasm', 'wast2json'])) return;
      const module = importer(outOfBounds);
      const v8 = await v8Memory(module);
      // The generated module does what the test is about, in V8: it traps (or not) as intended,
      // and segments beyond the out-of-bounds one would have changed memory.
      assert.equal(v8.trap !== undefined, outOfBounds, `V8: ${v8.trap}`);
      if (outOfBounds) {
        assert.match(v8.trap!, /out of bounds/);
        // The same module with the bad offset moved in bounds: the segments after it change memory.
        const fixed = await v8Memory(module.replace(/\(i32\.const 655\d\d\)/, '(i32.const 0)'));
        assert.equal(fixed.trap, undefined);
        assert.notDeepEqual(fixed.memory, v8.memory, 'the segments after the trapping one write to memory');
      }
      assert.ok(v8.memory.subarray(0, SPAN).some((b) => b !== 0));
      const file = join(work, `datas-${outOfBounds ? 'trap' : 'ok'}.wast`);
      writeFileSync(file, script(module, v8));
      for (const bounds of ['guard', 'explicit']) {
        const passed = runScript(file, bounds);
        assert.equal(passed, PAGE / CHUNK + (outOfBounds ? 1 : 0), `${bounds}: checks that ran`);
        t.diagnostic(`${bounds}: ${passed} checks passed`);
      }
    });
  }
});
