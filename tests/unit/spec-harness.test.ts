/**
 * The spec harness's reading of converted scripts (tests/spec/): every command type and every
 * value form of the two converters' JSON, on small hand-written inputs.
 *
 *   - values.ts: arguments and expectations in each form (signed and unsigned integers, NaN
 *     patterns, v128 lanes, `either`, the reference forms), including mismatches;
 *   - lists.ts: the required list's two line forms, judging, and --update-required;
 *   - wast.ts: a script through `wasm-tools json-from-wast`, as the harness reads it;
 *   - script.ts: one hand-written script with every command type, run end to end (awsm, clang,
 *     the spec host), each command's outcome checked, failures included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Pool } from '../../src/driver/pool.js';
import { ListError, readReasons, readRequired, readTargetList, unmet, updateRequired, withTarget } from '../spec/lists.js';
import { judge, tally, unexpected } from '../spec/report.js';
import { runScript } from '../spec/script.js';
import { checkResults, encodeArg, type WastValue } from '../spec/values.js';
import { type WastCommand, loadScript } from '../spec/wast.js';
import { requires, wat2wasm } from '../tools.js';

const v = (type: string, value?: string | string[], lane_type?: string): WastValue => ({
  type, ...(value !== undefined ? { value } : {}), ...(lane_type !== undefined ? { lane_type } : {}),
});

/** Whether `got` (host results) matches `expected`. */
const ok = (expected: WastValue[], ...got: string[]): boolean => checkResults(expected, got) === undefined;

test('values: integers signed (wasm-tools) or unsigned (wast2json), floats as bits', () => {
  assert.equal(encodeArg(v('i32', '-1')), 'i32:ffffffff');
  assert.equal(encodeArg(v('i32', '4294967295')), 'i32:ffffffff');
  assert.equal(encodeArg(v('i64', '-9223372036854775808')), 'i64:8000000000000000');
  assert.equal(encodeArg(v('f32', '1065353216')), 'f32:3f800000');
  assert.equal(encodeArg(v('f64', '4607182418800017408')), 'f64:3ff0000000000000');
  assert.ok(ok([v('i32', '-2')], 'i32:fffffffe'));
  assert.ok(ok([v('i32', '4294967294')], 'i32:fffffffe'));
  assert.ok(!ok([v('i32', '-2')], 'i32:00000002'));
  assert.ok(!ok([v('i32', '1')], 'i64:0000000000000001'), 'the type must match');
  assert.ok(ok([v('f32', 'nan:canonical')], 'f32:7fc00000'));
  assert.ok(!ok([v('f32', 'nan:canonical')], 'f32:7fc00001'));
  assert.ok(ok([v('f64', 'nan:arithmetic')], 'f64:fff8000000000001'));
  assert.ok(!ok([v('f64', 'nan:arithmetic')], 'f64:7ff0000000000001'), 'a signalling NaN is not arithmetic');
  assert.ok(!ok([v('i32', '1'), v('i32', '2')], 'i32:00000001'), 'the arity must match');
});

test('values: v128 lanes, signed or unsigned, NaN per lane', () => {
  const lanes = v('v128', ['-1', '0', '1', '-32768', '0', '0', '0', '0'], 'i16');
  assert.equal(encodeArg(lanes), 'v128:0000000000000000800000010000ffff');
  assert.ok(ok([lanes], 'v128:0000000000000000800000010000ffff'));
  assert.ok(ok([v('v128', ['65535', '0', '1', '32768', '0', '0', '0', '0'], 'i16')], 'v128:0000000000000000800000010000ffff'));
  assert.ok(!ok([lanes], 'v128:0000000000000000800000010000fffe'));
  assert.ok(ok([v('v128', ['nan:canonical', '1065353216', '0', '0'], 'f32')], 'v128:00000000000000003f8000007fc00000'));
  assert.ok(!ok([v('v128', ['nan:canonical', '1065353216', '0', '0'], 'f32')], 'v128:00000000000000003f8000003f800000'));
});

test('values: either accepts any one of its alternatives and nothing else', () => {
  const either: WastValue = { type: 'either', values: [v('v128', ['1', '1', '1', '1'], 'i32'), v('v128', ['-1', '-1', '-1', '-1'], 'i32')] };
  assert.ok(ok([either], 'v128:00000001000000010000000100000001'));
  assert.ok(ok([either], 'v128:ffffffffffffffffffffffffffffffff'));
  assert.ok(!ok([either], 'v128:00000000000000000000000000000000'));
  assert.match(checkResults([either], ['v128:00000000000000000000000000000000']) ?? '', /either\(v128:.* \| v128:.*\)/);
  assert.ok(ok([{ type: 'either', values: [v('i32', '1'), v('i32', '2')] }], 'i32:00000002'));
});

test('values: references: null by hierarchy, values and non-null by type', () => {
  // (ref.null) without a heap type: any null.
  assert.ok(ok([v('refnull')], 'funcref:null'));
  assert.ok(ok([v('refnull')], 'externref:null'));
  assert.ok(!ok([v('refnull')], 'funcref:nonnull'));
  // The null of one hierarchy.
  assert.ok(ok([v('nullfuncref')], 'funcref:null'));
  assert.ok(!ok([v('nullfuncref')], 'externref:null'));
  assert.ok(ok([v('nullexternref')], 'externref:null'));
  assert.ok(ok([v('nullref')], 'anyref:null'));
  assert.ok(!ok([v('nullref')], 'funcref:null'));
  assert.ok(ok([v('funcref', 'null')], 'funcref:null'));
  assert.ok(ok([v('exnref', 'null')], 'exnref:null'));
  // Host values and non-null references.
  assert.ok(ok([v('externref', '3')], 'externref:3'));
  assert.ok(!ok([v('externref', '3')], 'externref:4'));
  assert.ok(!ok([v('externref', '3')], 'externref:null'));
  assert.ok(ok([v('funcref')], 'funcref:nonnull'));
  assert.ok(!ok([v('funcref')], 'funcref:null'));
  assert.ok(!ok([v('structref')], 'anyref:nonnull'), 'a non-null reference is judged by its exact type');
  assert.ok(!ok([v('i32', '0')], 'funcref:null'));
  // Arguments.
  assert.equal(encodeArg(v('funcref', 'null')), 'funcref:null');
  assert.equal(encodeArg(v('externref', '7')), 'externref:7');
  assert.equal(encodeArg(v('nullexternref')), 'nullexternref:null');
  assert.equal(encodeArg(v('anyref', '2')), 'anyref:2');
  assert.throws(() => encodeArg(v('stringref', '1')), /unsupported argument type stringref/);
});

test('values: GC results match the abstract types they lie below (i31, struct, array ≤ eq ≤ any)', () => {
  // The host prints what a GC reference is: i31ref:V, structref:nonnull, arrayref:nonnull, anyref:N (a host value).
  assert.ok(ok([v('i31ref')], 'i31ref:7'));
  assert.ok(ok([v('eqref')], 'i31ref:7'), '(ref.eq) accepts an i31');
  assert.ok(ok([v('eqref')], 'structref:nonnull'));
  assert.ok(ok([v('eqref')], 'arrayref:nonnull'));
  assert.ok(ok([v('anyref')], 'arrayref:nonnull'));
  assert.ok(ok([v('anyref')], 'anyref:3'), '(ref.any) accepts a host value');
  assert.ok(!ok([v('eqref')], 'anyref:3'), 'a host value is not an eqref');
  assert.ok(!ok([v('structref')], 'arrayref:nonnull'));
  assert.ok(!ok([v('arrayref')], 'i31ref:1'));
  assert.ok(!ok([v('i31ref')], 'anyref:null'), 'a null is not (ref.i31)');
  assert.ok(!ok([v('anyref')], 'externref:3'), 'nor is another hierarchy');
  // (ref.host N): a host value by value; nulls of the any hierarchy.
  assert.ok(ok([v('anyref', '1')], 'anyref:1'));
  assert.ok(!ok([v('anyref', '1')], 'anyref:2'));
  assert.ok(!ok([v('anyref', '1')], 'i31ref:1'));
  assert.ok(ok([v('anyref', 'null')], 'anyref:null'));
  assert.ok(ok([v('nullref')], 'anyref:null'));
  assert.ok(!ok([v('anyref', 'null')], 'externref:null'));
  assert.ok(ok([v('refnull')], 'anyref:null'));
  // Arguments: a host value as an anyref, nulls by type.
  assert.equal(encodeArg(v('anyref', '2')), 'anyref:2');
  assert.equal(encodeArg(v('anyref', 'null')), 'anyref:null');
  assert.equal(encodeArg(v('nullref')), 'nullref:null');
});

test('lists: required lines, judging, --update-required raises and never lowers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-lists-'));
  try {
    const list = join(dir, 'required.txt');
    writeFileSync(list, '# header\n# more\na.wast\nb.wast 10  # a comment\n');
    assert.deepEqual(readRequired(list), [{ file: 'a.wast' }, { file: 'b.wast', min: 10 }]);
    assert.equal(unmet({ file: 'a.wast' }, { file: 'a.wast', passed: 5, failed: 0 }), undefined);
    assert.match(unmet({ file: 'a.wast' }, { file: 'a.wast', passed: 5, failed: 1 }) ?? '', /1 failed; the file is required to pass completely/);
    assert.equal(unmet({ file: 'b.wast', min: 10 }, { file: 'b.wast', passed: 10, failed: 7 }), undefined);
    assert.match(unmet({ file: 'b.wast', min: 10 }, { file: 'b.wast', passed: 9, failed: 8 }) ?? '', /9 passed; at least 10/);

    // b rises to 12, c (new) passes completely, d passes nothing: not added.
    let r = updateRequired(list, [
      { file: 'b.wast', passed: 12, failed: 5 },
      { file: 'c/d.wast', passed: 3, failed: 0 },
      { file: 'd.wast', passed: 0, failed: 4 },
    ]);
    assert.deepEqual(r.regressions, []);
    assert.equal(r.changes.length, 2);
    assert.deepEqual(readRequired(list), [{ file: 'a.wast' }, { file: 'b.wast', min: 12 }, { file: 'c/d.wast' }]);
    // A lower figure anywhere: nothing written.
    r = updateRequired(list, [{ file: 'b.wast', passed: 20, failed: 0 }, { file: 'a.wast', passed: 4, failed: 1 }]);
    assert.equal(r.regressions.length, 1);
    assert.match(r.regressions[0]!, /^a\.wast: required 'a\.wast'/);
    assert.deepEqual(readRequired(list), [{ file: 'a.wast' }, { file: 'b.wast', min: 12 }, { file: 'c/d.wast' }]);

    writeFileSync(list, 'a.wast ten\n');
    assert.throws(() => readRequired(list), ListError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lists: a target list lowers the requirement of a file with its reason, skips lines, and is judged exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-lists-'));
  try {
    const req = join(dir, 'required.txt');
    const why = join(dir, 'expected.txt');
    const tgt = join(dir, 'riscv64-3.0.txt');
    writeFileSync(req, 'a.wast\nb.wast 10\ng.wast 4\n');
    writeFileSync(why, 'g.wast   GC: issue 17\n');
    writeFileSync(tgt, '# what differs\na.wast 7   tail calls refused on this target\ng.wast 2 GC and tail calls\nc.wast:12 too slow under qemu\n');
    const t = readTargetList(tgt);
    assert.deepEqual(t.required, [{ file: 'a.wast', min: 7 }, { file: 'g.wast', min: 2 }]);
    assert.deepEqual(t.reasons.map((r) => [r.text, r.line, r.reason]), [
      ['a.wast', undefined, 'tail calls refused on this target'], ['g.wast', undefined, 'GC and tail calls'], ['c.wast', 12, 'too slow under qemu'],
    ]);
    const { required, reasons } = withTarget(readRequired(req), readReasons(why), t);
    assert.deepEqual(required, [{ file: 'b.wast', min: 10 }, { file: 'a.wast', min: 7 }, { file: 'g.wast', min: 2 }]);
    const run = (file: string, passed: number, failed: number): boolean => {
      const r = tally(file, undefined, [
        ...Array.from({ length: passed }, (_, i) => ({ line: i + 1, status: 'passed' as const })),
        ...Array.from({ length: failed }, (_, i) => ({ line: 100 + i, status: 'failed' as const, message: 'refused' })),
      ]);
      judge(r, required.find((q) => q.file === file), reasons);
      return unexpected(r);
    };
    // a.wast fails 3 on the target: expected, as long as 7 still pass; 6 is a regression.
    assert.equal(run('a.wast', 7, 3), false);
    assert.equal(run('a.wast', 6, 4), true);
    // g.wast: the target's reason comes first, and its lower count holds.
    assert.equal(run('g.wast', 2, 5), false);
    assert.equal(run('g.wast', 1, 6), true);
    // b.wast keeps the suite's requirement.
    assert.equal(run('b.wast', 9, 1), true);
    writeFileSync(tgt, 'a.wast tail calls, no count\n');
    assert.throws(() => readTargetList(tgt), ListError);
    assert.deepEqual(readTargetList(join(dir, 'none.txt')), { required: [], reasons: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wast: wasm-tools JSON as the harness reads it', async (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-wast-'));
  try {
    const wast = join(dir, 'forms.wast');
    writeFileSync(wast, [
      '(module definition $M (func (export "f") (result i32) (i32.const -1)))',
      '(module instance $I $M)',
      '(assert_return (invoke $I "f") (i32.const -1))',
      '(module quote "(func (export \\"g\\") (result i32) (i32.const 1))")',
      '(assert_return (invoke "g") (either (i32.const 1) (i32.const 2)))',
      '(assert_malformed (module quote "(func") "unexpected token")',
      '(module (func (export "r") (result funcref) (ref.null func)))',
      '(assert_return (invoke "r") (ref.null))',
      '(assert_trap (invoke "r") "unreachable")',
    ].join('\n'));
    const script = await loadScript(wast, 'wasm-tools', 'sub/forms.wast');
    const by = (type: string): WastCommand[] => script.commands.filter((c) => c.type === type);
    assert.equal(by('module_definition')[0]?.name, 'M');
    assert.deepEqual({ ...by('module_instance')[0], line: 0 }, { type: 'module_instance', line: 0, instance: 'I', module: 'M' });
    const [ret1, ret2, ret3] = by('assert_return');
    assert.deepEqual(ret1?.action, { type: 'invoke', module: 'I', field: 'f', args: [] });
    assert.deepEqual(ret1?.expected, [{ type: 'i32', value: '-1' }]);
    assert.deepEqual(ret2?.expected, [{ type: 'either', values: [{ type: 'i32', value: '1' }, { type: 'i32', value: '2' }] }]);
    assert.deepEqual(ret3?.expected, [{ type: 'refnull' }]);
    // A `module quote` that parses is read as its binary; malformed text stays text.
    const quoted = by('module')[0]!;
    assert.equal(quoted.module_type, 'binary');
    assert.match(quoted.filename ?? '', /\.wasm$/);
    assert.equal(by('assert_malformed')[0]?.module_type, 'text');
    assert.equal(by('assert_trap')[0]?.expected, undefined);
    assert.match(script.dir, /sub_forms-[0-9a-f]{16}$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A module with a custom section that is not a well-formed branch-hint section. */
function badCustomSection(): Uint8Array {
  const name = Buffer.from('metadata.code.branch_hint');
  const payload = [name.length, ...name, 0xff, 0xff];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, payload.length, ...payload]);
}

test('script: every command type, end to end', async (t) => {
  if (!requires(t, ['wat2wasm', 'clang-16'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-script-'));
  try {
    const wat = (name: string, text: string, flags: string[] = []): string => {
      wat2wasm({ text }, join(dir, name), flags);
      return name;
    };
    const main = wat('main.wasm', `(module
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
      (func (export "trap") unreachable)
      (func $rec (export "rec") (call $rec))
      (func (export "null") (result funcref) (ref.null func))
      (func (export "ext") (param externref) (result externref) (local.get 0))
      (func (export "splat") (param i32) (result v128) (i32x4.splat (local.get 0)))
      (global (export "g") i32 (i32.const 7)))`);
    const counter = wat('counter.wasm', `(module (global $n (mut i32) (i32.const 0))
      (func (export "inc") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))`);
    const unlinkable = wat('unlinkable.wasm', '(module (import "nowhere" "f" (func)))');
    const start = wat('start.wasm', '(module (func $s unreachable) (start $s))');
    const invalid = wat('invalid.wasm', '(module (func (result i32)))', ['--no-check']);
    writeFileSync(join(dir, 'malformed.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x0e, 0]));
    writeFileSync(join(dir, 'custom.wasm'), badCustomSection());

    const i32 = (value: string): WastValue => v('i32', value);
    const invoke = (field: string, args: WastValue[] = [], module?: string) => ({ type: 'invoke' as const, field, args, ...(module ? { module } : {}) });
    const cmds: Array<[WastCommand, 'passed' | 'failed' | 'skipped']> = [
      [{ type: 'module', line: 1, name: 'M', filename: main, module_type: 'binary' }, 'passed'],
      [{ type: 'assert_return', line: 2, action: invoke('add', [i32('-2147483648'), i32('-1')]), expected: [i32('2147483647')] }, 'passed'],
      [{ type: 'assert_return', line: 3, action: invoke('add', [i32('4294967295'), i32('1')]), expected: [i32('0')] }, 'passed'],
      [{ type: 'assert_return', line: 4, action: invoke('add', [i32('1'), i32('1')]), expected: [i32('3')] }, 'failed'],
      [{ type: 'assert_return', line: 5, action: invoke('neg', [v('i64', '-1')]), expected: [v('i64', '1')] }, 'passed'],
      [{ type: 'assert_trap', line: 6, action: invoke('trap'), text: 'unreachable' }, 'passed'],
      [{ type: 'assert_trap', line: 7, action: invoke('add', [i32('0'), i32('0')]), text: 'unreachable' }, 'failed'],
      [{ type: 'assert_exhaustion', line: 8, action: invoke('rec'), text: 'call stack exhausted' }, 'passed'],
      [{ type: 'assert_return', line: 9, action: invoke('null'), expected: [v('refnull')] }, 'passed'],
      [{ type: 'assert_return', line: 10, action: invoke('null'), expected: [v('nullfuncref')] }, 'passed'],
      [{ type: 'assert_return', line: 11, action: invoke('ext', [v('externref', '5')]), expected: [v('externref', '5')] }, 'passed'],
      [{ type: 'assert_return', line: 12, action: invoke('ext', [v('externref', 'null')]), expected: [v('nullexternref')] }, 'passed'],
      [{ type: 'assert_return', line: 13, action: invoke('splat', [i32('-1')]), expected: [{ type: 'either', values: [v('v128', ['1', '1', '1', '1'], 'i32'), v('v128', ['-1', '-1', '-1', '-1'], 'i32')] }] }, 'passed'],
      [{ type: 'assert_return', line: 14, action: invoke('splat', [i32('2')]), expected: [{ type: 'either', values: [v('v128', ['1', '1', '1', '1'], 'i32')] }] }, 'failed'],
      [{ type: 'action', line: 15, action: { type: 'get', field: 'g' } }, 'passed'],
      [{ type: 'assert_return', line: 16, action: { type: 'get', field: 'g', module: 'M' }, expected: [i32('7')] }, 'passed'],
      [{ type: 'register', line: 17, name: 'M', as: 'M' }, 'passed'],
      [{ type: 'module_definition', line: 18, name: 'D', filename: counter, module_type: 'binary' }, 'passed'],
      [{ type: 'module_instance', line: 19, instance: 'I1', module: 'D' }, 'passed'],
      [{ type: 'module_instance', line: 20, instance: 'I2', module: 'D' }, 'passed'],
      [{ type: 'assert_return', line: 21, action: invoke('inc', [], 'I1'), expected: [i32('1')] }, 'passed'],
      [{ type: 'assert_return', line: 22, action: invoke('inc', [], 'I1'), expected: [i32('2')] }, 'passed'],
      // A second instance of the definition has its own state; the latest instance is current.
      [{ type: 'assert_return', line: 23, action: invoke('inc'), expected: [i32('1')] }, 'passed'],
      [{ type: 'module_instance', line: 24, instance: 'I3', module: 'nosuch' }, 'failed'],
      [{ type: 'assert_malformed', line: 25, filename: 'malformed.wasm', module_type: 'binary', text: 'malformed section id' }, 'passed'],
      [{ type: 'assert_invalid', line: 26, filename: 'malformed.wasm', module_type: 'binary', text: 'type mismatch' }, 'failed'],
      [{ type: 'assert_invalid', line: 27, filename: invalid, module_type: 'binary', text: 'type mismatch' }, 'passed'],
      [{ type: 'assert_malformed', line: 28, filename: invalid, module_type: 'binary', text: 'type mismatch' }, 'failed'],
      [{ type: 'assert_malformed', line: 29, filename: 'x.wat', module_type: 'text', text: 'unexpected token' }, 'skipped'],
      [{ type: 'assert_malformed_custom', line: 30, filename: 'custom.wasm', module_type: 'binary', text: 'bad hint' }, 'passed'],
      [{ type: 'assert_invalid_custom', line: 31, filename: 'malformed.wasm', module_type: 'binary', text: 'bad hint' }, 'failed'],
      [{ type: 'assert_malformed_custom', line: 32, filename: 'x.wat', module_type: 'text', text: 'bad hint' }, 'skipped'],
      [{ type: 'assert_unlinkable', line: 33, filename: unlinkable, module_type: 'binary', text: 'unknown import' }, 'passed'],
      [{ type: 'assert_uninstantiable', line: 34, filename: start, module_type: 'binary', text: 'unreachable' }, 'passed'],
      [{ type: 'assert_unlinkable', line: 35, filename: start, module_type: 'binary', text: 'unknown import' }, 'failed'],
      [{ type: 'assert_exception', line: 36, action: invoke('trap', [], 'M') }, 'failed'],
      [{ type: 'assert_frobnicate', line: 37 }, 'failed'],
    ];
    const pool = new Pool(2);
    const outcomes = await runScript(
      { file: 'all.wast', dir, commands: cmds.map(([c]) => c) },
      { pool, optLevel: 0, timeoutMs: 60_000, skipLines: new Map() },
    );
    assert.equal(outcomes.length, cmds.length);
    const wrong = outcomes
      .map((o, i) => ({ o, want: cmds[i]![1] }))
      .filter(({ o, want }) => o.status !== want)
      .map(({ o, want }) => `line ${o.line}: ${o.status}, expected ${want}${o.message ? ` (${o.message})` : ''}`);
    assert.deepEqual(wrong, []);
    const byLine = new Map(outcomes.map((o) => [o.line, o]));
    assert.match(byLine.get(14)?.message ?? '', /either\(/);
    assert.match(byLine.get(36)?.message ?? '', /expected an uncaught exception/);
    assert.match(byLine.get(37)?.message ?? '', /command assert_frobnicate is not supported/);
    assert.equal(byLine.get(1)?.assertion, false);
    assert.equal(byLine.get(2)?.assertion, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
