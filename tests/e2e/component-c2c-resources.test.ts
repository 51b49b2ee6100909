/**
 * End-to-end tests of resources, reentrance and may_leave between components (issue 20,
 * src/component/adapter-resource.ts, runtime/src/component_resource.c; docs/components.md
 * "Resources between components"). Each hand-written composition is compiled by awsm once and
 * its `test(N)` export called through the executable (AWSM_INVOKE) and through `wasmtime run
 * --invoke`: the same printed value, or a failure under both (awsm: a trap, exit 134, its
 * message naming the rule).
 *
 * - fixtures/pair-resources.wat: own handles moved between three components' tables (results,
 *   arguments, in a tuple and an option), borrows lent (the defining component gets the rep, a
 *   third one a borrow handle it drops, passes on, or keeps), a list of borrows, destructors run
 *   by whoever drops the last own handle; handle numbers as wasmtime gives them (one table per
 *   component instance, freed slots reused). Seven modes break a rule each and trap.
 * - The same composition through the TypeScript API: the host's handles lent to and moved into
 *   a component that does not define their resource (a borrow handle in its table, checked at
 *   the end of the call), beside the one that does.
 * - fixtures/pair-twice.wat: a child instantiated twice has two resource types and two tables.
 * - fixtures/pair-reenter.wat: a call back into an instance still on the stack (allowed, as in
 *   wasmtime 49) and a call through a lowering of the caller's own lifted function (a trap).
 * - fixtures/pair-leave.wat: a lowered import (another component's function, or a WASI one)
 *   called from a realloc the adapter (or the host's call, lowering its arguments) runs traps;
 *   from a post-return it does not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { ComponentCallError, instantiateComponent } from '../../src/index.js';
import { requires } from '../tools.js';
import { FIXTURES, type Ran, parseWat, runIn, workDir } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const workdir = workDir('awsm-e2e-c2c-res-');
const TOOLS = ['wasm-tools', 'wasmtime', 'clang-16'];

/** Each fixture's component and awsm executable, built once. */
const built = new Map<string, { wasm: string; exe: string }>();
function build(fixture: string): { wasm: string; exe: string } {
  let b = built.get(fixture);
  if (b !== undefined) return b;
  const wasm = join(workdir(), `${fixture}.wasm`);
  writeFileSync(wasm, parseWat(readFileSync(join(FIXTURES, `${fixture}.wat`), 'utf8')));
  const exe = join(workdir(), fixture);
  const r = runIn(workdir(), process.execPath, [CLI, 'compile', wasm, '-o', exe]);
  assert.equal(r.status, 0, `awsm compile ${fixture}: ${r.stderr}`);
  built.set(fixture, (b = { wasm, exe }));
  return b;
}

/** `call` made by awsm's executable and by wasmtime. */
function both(fixture: string, call: string): { awsm: Ran; wasmtime: Ran } {
  const { wasm, exe } = build(fixture);
  const a = spawnSync(exe, [], { cwd: workdir(), encoding: 'utf8', env: { ...process.env, AWSM_INVOKE: call }, timeout: 120_000 });
  return {
    awsm: { status: a.status, stdout: a.stdout, stderr: a.stderr },
    wasmtime: runIn(workdir(), 'wasmtime', ['run', '--invoke', call, wasm]),
  };
}

/** Both print `want` (and agree). */
function same(fixture: string, call: string, want: string): void {
  const r = both(fixture, call);
  assert.equal(r.wasmtime.status, 0, `wasmtime ${call}: ${r.wasmtime.stderr}`);
  assert.equal(r.awsm.stderr, '', `awsm ${call}`);
  assert.equal(r.awsm.status, 0);
  assert.equal(r.awsm.stdout, r.wasmtime.stdout, call);
  assert.equal(r.awsm.stdout, `${want}\n`, call);
}

/** Both fail; awsm traps with `message`. */
function traps(fixture: string, call: string, message: RegExp): void {
  const r = both(fixture, call);
  assert.notEqual(r.wasmtime.status, 0, `wasmtime did not fail on ${call}:\n${r.wasmtime.stdout}`);
  assert.equal(r.awsm.status, 134, `awsm ${call}: ${r.awsm.stdout}${r.awsm.stderr}`);
  assert.match(r.awsm.stderr, message, call);
  assert.equal(r.awsm.stdout, '');
}

test('own and borrow handles cross between three components, in tuples, options and lists, as under wasmtime', (t) => {
  if (!requires(t, TOOLS)) return;
  // h1 = 1, get = 7, inspect (a borrow handle in $mid, passed on) = 107, h2 = 2, consumed: 5,
  // h3 = 2 (the slot reused), take ($mid's handle 1) = 1209, an s handle = 2 (one table for
  // every resource type), make-two = (3, some(4)), sum of borrows 20 + 21 + 7 = 48, both = 41,
  // and the destructor's record: 5, 9, 21, 20, 7 dropped in that order.
  same('pair-resources', 'test(0)', '[1, 7, 107, 2, 5, 2, 1209, 2, 3, 1, 4, 48, 41, 61307]');
});

const RESOURCE_TRAPS: Array<[number, string, RegExp]> = [
  [1, 'a handle used after it moved to the callee', /^awsm: trap: canonical ABI: borrow: unknown handle 1 of resource r\n/],
  [2, 'a handle that was never made', /^awsm: trap: canonical ABI: borrow: unknown handle 42 of resource r\n/],
  [3, 'a handle of s lent as r', /^awsm: trap: canonical ABI: borrow: handle 2 used with the wrong type \(resource s, not r\)\n/],
  [4, 'one handle lent and moved in one call', /^awsm: trap: canonical ABI: cannot move own handle 1 of resource r while it is borrowed\n/],
  [5, 'a borrow the callee does not drop', /^awsm: trap: canonical ABI: borrow handles still remain at the end of the call \(1\)\n/],
  [6, 'a handle dropped twice', /^awsm: trap: canonical ABI: resource\.drop: unknown handle 1 of resource r\n/],
  [7, 'a handle of s moved as r', /^awsm: trap: canonical ABI: own: handle 2 used with the wrong type \(resource s, not r\)\n/],
];

for (const [mode, what, message] of RESOURCE_TRAPS) {
  test(`${what} traps (mode ${mode}), as under wasmtime`, (t) => {
    if (!requires(t, TOOLS)) return;
    traps('pair-resources', `test(${mode})`, message);
  });
}

test('the host lends and gives handles to a component that does not define their resource (the TypeScript API)', async (t) => {
  if (!requires(t, TOOLS)) return;
  const inst = await instantiateComponent(new Uint8Array(readFileSync(build('pair-resources').wasm)));
  assert.equal(await inst.call('make(7)'), '1');
  assert.equal(await inst.call('make(8)'), '2');
  // $mid gets a borrow handle of the host's 1, passes it on to $prov (the rep, 7) and drops it.
  assert.equal(await inst.call('inspect(1, false)'), '107');
  // $mid gets the own handle (its 1), reads 8 through $prov and drops it: the destructor runs.
  assert.equal(await inst.call('take(2)'), '1208');
  assert.equal(await inst.call('count()'), '8');
  await inst.drop(1);
  assert.equal(await inst.call('count()'), '87');
  assert.equal(await inst.call('make(9)'), '1');
  await assert.rejects(inst.call('inspect(1, true)'), (e: unknown) =>
    e instanceof ComponentCallError && e.kind === 'trap' && /borrow handles still remain at the end of the call/.test(e.message));
  await inst.close();
});

test('a child instantiated twice: two resource types, a handle table each, as under wasmtime', (t) => {
  if (!requires(t, TOOLS)) return;
  // a and b are the caller's handles 1 and 2; inside each instance resource.new starts at 1
  // again (shared tables would give b's peek 2 and 3).
  same('pair-twice', 'test(0)', '[1, 2, 10, 20, 1, 1, 2]');
  traps('pair-twice', 'test(1)', /^awsm: trap: canonical ABI: borrow: handle 1 used with the wrong type \(resource ra, not rb\)\n/);
});

test('reentrance: back into an instance on the stack runs, into the caller itself traps, as under wasmtime', (t) => {
  if (!requires(t, TOOLS)) return;
  for (const [n, want] of [[0, 15], [1, 26], [2, 37]] as const) same('pair-reenter', `test(${n})`, `${want}`);
  traps('pair-reenter', 'test(99)', /^awsm: trap: unreachable in function canon: cannot enter component instance\n/);
});

test('may_leave: a lowered import called from realloc traps, from post-return runs, as under wasmtime', (t) => {
  if (!requires(t, TOOLS)) return;
  same('pair-leave', 'test(0)', '6');
  traps('pair-leave', 'test(1)', /^awsm: trap: canonical ABI: cannot leave component instance\n/);
  same('pair-leave', 'test(2)', '6');
  // A WASI 0.2 function called from the realloc an adapter runs.
  traps('pair-leave', 'test(3)', /^awsm: trap: canonical ABI: a WASI function was called from inside realloc \(may_leave is false\)\n/);
  // The host's own call: its realloc (lowering a 5-byte string) calls the import.
  same('pair-leave', 'f("abc")', '6');
  traps('pair-leave', 'f("hello")', /^awsm: trap: canonical ABI: cannot leave component instance\n/);
});
