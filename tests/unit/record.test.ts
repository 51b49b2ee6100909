/**
 * Run records (src/driver/record.cts), the cached start-up path's index: the command lines
 * the fast path takes (and that it finds the same input and program arguments as the full
 * parser), and that a record is used only while everything it stamps is unchanged: the input,
 * a stamped file, a file or directory of a stamped tree, the options and the environment. A
 * damaged record is never used.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseArgs } from '../../src/cli/options.js';
import { type RunArgs, fastRunArgs, inputStamp, recordKey, usableRecord, worldOf, writeRecord } from '../../src/driver/record.cjs';

let work: string;

/** Now, in ns since the epoch (a lookup's start, for writeRecord). */
const now = (): bigint => BigInt(Date.now()) * 1_000_000n;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-record-test-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('fastRunArgs: the command lines the fast path takes', () => {
  const taken: string[][] = [
    ['run', 'p.wasm'],
    ['run', 'p.wasm', 'a', '-v', '--dir=x', '--', 'b'],
    ['run', '-v', '-q', '--inherit-env', '--env', 'A=1', '--env=B=2', 'p.wasm', 'x'],
    ['run', '--dir=.', '--dir', '/tmp::/t', 'p.wasm'],
    ['run', '-O1', '--tier=quick', '--bounds=explicit', '--cpu=native', '--name=m', 'p.wasm'],
  ];
  for (const argv of taken) {
    test(`${argv.join(' ')}: the input and program arguments the full parser finds`, () => {
      const fast = fastRunArgs(argv);
      assert.ok(fast !== undefined);
      const full = parseArgs(argv);
      assert.equal(fast.input, full.input);
      assert.deepEqual(fast.programArgs, full.programArgs);
      assert.equal(fast.verbose, full.values.verbose === true);
      assert.equal(fast.quiet, full.values.quiet === true);
      assert.equal(fast.inheritEnv, full.values.inheritEnv === true);
      assert.deepEqual(fast.env, full.values.env ?? []);
      assert.deepEqual(fast.dirs, full.values.dir ?? []);
    });
  }
  const declined: string[][] = [
    ['compile', 'p.wasm'],
    ['p.wasm'],
    ['run'],
    ['run', '--dir'],
    ['run', '--timeout=1', 'p.wasm'],
    ['run', '--no-cache', 'p.wasm'],
    ['run', '--tier', 'quick', 'p.wasm'],
    ['run', '-vq', 'p.wasm'],
    ['run', '-j2', 'p.wasm'],
    ['run', '--', 'p.wasm'],
    ['run', '-', 'x'],
    ['run', '--env'],
    ['run', '--help', 'p.wasm'],
  ];
  for (const argv of declined) {
    test(`${argv.join(' ')}: left to the full parser`, () => {
      assert.equal(fastRunArgs(argv), undefined);
    });
  }
});

describe('a record is used only while nothing it stamps has changed', () => {
  /** A fake installation (a tree), a tool, an input and an executable, and a record of them. */
  function fixture(name: string): { root: string; args: RunArgs; cache: string; files: string[]; trees: string[]; input: string; tool: string; tree: string; write: () => boolean } {
    const dir = join(work, name);
    const tree = join(dir, 'dist');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'a.js'), 'code');
    writeFileSync(join(tree, 'sub', 'b.c'), 'int x;');
    writeFileSync(join(tree, 'notes.txt'), 'not stamped');
    const tool = join(dir, 'clang');
    writeFileSync(tool, 'tool');
    const input = join(dir, 'p.wasm');
    writeFileSync(input, 'module');
    const exe = join(dir, 'p.exe');
    writeFileSync(exe, 'exe');
    const manifest = join(dir, 'p.json');
    writeFileSync(manifest, '{}');
    const cache = join(dir, 'cache');
    mkdirSync(cache);
    const args = fastRunArgs(['run', '-O1', input])!;
    const files = [tool, exe, manifest];
    const trees = [tree];
    const write = (): boolean =>
      writeRecord(recordKey(cache, dir, args), { tier: 'opt', executable: exe, input: inputStamp(input)!, files, trees, world: worldOf(files, trees) }, now() + 1_000_000_000n, 0n);
    return { root: dir, args, cache, files, trees, input, tool, tree, write };
  }
  const use = (f: ReturnType<typeof fixture>, args = f.args): ReturnType<typeof usableRecord> => usableRecord(recordKey(f.cache, f.root, args), f.input);
  /**
   * Wait for the file-system clock to move on: a change within the tick of the record's
   * stamps is what the settling time guards against, and these records are written with none.
   */
  const nextTick = (): void => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
  };

  test('unchanged: the record gives its executable and tier', () => {
    const f = fixture('same');
    assert.equal(f.write(), true);
    assert.deepEqual(use(f), { executable: f.files[1], tier: 'opt' });
  });

  test('not written while what it stamps is newer than the lookup\'s start minus the settling time (racy clean)', () => {
    const f = fixture('fresh');
    const key = recordKey(f.cache, f.root, f.args);
    assert.equal(writeRecord(key, { tier: 'opt', executable: f.files[1]!, input: inputStamp(f.input)!, files: f.files, trees: f.trees, world: worldOf(f.files, f.trees) }, now()), false);
    assert.equal(use(f), undefined);
  });

  const changes: Array<[string, (f: ReturnType<typeof fixture>) => void]> = [
    ['the input rewritten with the same size', (f) => writeFileSync(f.input, 'MODULE')],
    ['a stamped file (a tool) rewritten', (f) => writeFileSync(f.tool, 'TOOL')],
    ['a JavaScript file of a tree edited', (f) => appendFileSync(join(f.tree, 'a.js'), '\n')],
    ['a C file in a subdirectory of a tree edited', (f) => writeFileSync(join(f.tree, 'sub', 'b.c'), 'int y;')],
    ['any file added to a tree', (f) => writeFileSync(join(f.tree, 'sub', 'new.txt'), '')],
    ['the executable replaced', (f) => writeFileSync(f.files[1]!, 'exe')],
    ['the manifest rewritten', (f) => writeFileSync(f.files[2]!, '{ }')],
  ];
  for (const [what, change] of changes) {
    test(`${what}: not used`, () => {
      const f = fixture(what.replace(/[^a-z]/g, '-'));
      assert.equal(f.write(), true);
      nextTick();
      change(f);
      assert.equal(use(f), undefined);
    });
  }

  test('another key option, or another AWSM_ variable: another record', () => {
    const f = fixture('options');
    assert.equal(f.write(), true);
    assert.equal(use(f, fastRunArgs(['run', '-O2', f.input])), undefined);
    process.env['AWSM_RECORD_TEST'] = '1';
    try {
      assert.equal(use(f), undefined);
    } finally {
      delete process.env['AWSM_RECORD_TEST'];
    }
    assert.notEqual(use(f), undefined);
    // Run-time options (-v, --env) do not choose the executable: the same record.
    assert.notEqual(use(f, fastRunArgs(['run', '-O1', '-v', '--env=A=1', f.input, 'arg'])), undefined);
  });

  test('a damaged record (truncated, not JSON, another executable, another tier) is not used', () => {
    const f = fixture('damaged');
    assert.equal(f.write(), true);
    const key = recordKey(f.cache, f.root, f.args);
    const good = readFileSync(key.path, 'utf8');
    const damaged = [
      good.slice(0, good.length >> 1),
      'garbage',
      '',
      good.replace(`"executable":${JSON.stringify(f.files[1])}`, `"executable":${JSON.stringify(f.tool)}`),
      good.replace('"tier":"opt"', '"tier":"quick"'),
    ];
    for (const text of damaged) {
      assert.notEqual(text, good);
      writeFileSync(key.path, text);
      assert.equal(usableRecord(key, f.input), undefined, text.slice(0, 80));
    }
    writeFileSync(key.path, good);
    assert.notEqual(usableRecord(key, f.input), undefined);
  });
});
