/**
 * src/llvm/sink.ts: selects move down to their first use within their block, with their
 * stores into the function's own allocas, and never past a use, a terminator, a label,
 * another select or an instruction that touches such a store's alloca.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { FunctionBuilder, i32 } from '../../src/llvm/builder.js';
import { sinkSelects, type Line } from '../../src/llvm/sink.js';

/**
 * A test line as the builder would record it. Test-only reading of the text: every `%name`
 * but the defined one is a use; the builder records uses from the values it is given.
 */
function line(text: string): Line {
  if (!text.startsWith('  ')) return { text, kind: 'label', uses: [] };
  const def = /^ {2}(%[\w.$]+) = /.exec(text)?.[1];
  const uses = [...text.matchAll(/%[\w.$]+/g)].map((m) => m[0]).filter((n) => n !== def).map((ref) => ({ ty: '', ref }));
  if (/^ {2}(?:br|ret|switch|unreachable)\b/.test(text)) return { text, kind: 'terminator', uses };
  if (def !== undefined) return { text, kind: text.includes(' = select ') ? 'select' : 'other', uses, def };
  const st = /^ {2}store (?:.+) (%[\w.$]+), ptr (%[\w.$]+)$/.exec(text);
  if (st !== null) return { text, kind: 'store', uses: [{ ty: '', ref: st[1]! }, { ty: '', ref: st[2]! }] };
  return { text, kind: 'other', uses };
}

function sink(lines: string[], allocas: string[] = ['%l0', '%l2', '%l10']): string[] {
  const copy = lines.map(line);
  sinkSelects(copy, new Set(allocas));
  return copy.map((l) => l.text);
}

test('binary search: the two selects on one condition end up adjacent', () => {
  const out = sink([
    '  %t1 = select i1 %c, i32 %a, i32 %b',
    '  store i32 %t1, ptr %l0',
    '  %t2 = load i32, ptr %l10',
    '  %t3 = add i32 %t2, 1',
    '  %t4 = select i1 %c, i32 %t3, i32 %b',
    '  store i32 %t4, ptr %l2',
    '  %t5 = icmp ugt i32 %t1, %t4',
    '  br i1 %t5, label %a, label %b',
  ]);
  assert.deepEqual(out, [
    '  %t2 = load i32, ptr %l10',
    '  %t3 = add i32 %t2, 1',
    '  %t1 = select i1 %c, i32 %a, i32 %b',
    '  store i32 %t1, ptr %l0',
    '  %t4 = select i1 %c, i32 %t3, i32 %b',
    '  store i32 %t4, ptr %l2',
    '  %t5 = icmp ugt i32 %t1, %t4',
    '  br i1 %t5, label %a, label %b',
  ]);
});

test('stops at a use, a terminator or a label; names are matched whole', () => {
  const a = [
    '  %t1 = select i1 %c, i32 %a, i32 %b',
    '  %t12 = add i32 %x, 1',
    '  %t13 = add i32 %t1, 1',
  ];
  assert.deepEqual(sink(a), [a[1], a[0], a[2]]);
  const b = ['  %t1 = select i1 %c, i32 %a, i32 %b', '  %t2 = add i32 %x, 1', '  br label %n', 'n:', '  %t3 = add i32 %t1, 1'];
  assert.deepEqual(sink(b), [b[1], b[0], b[2], b[3], b[4]]);
});

test('a store into an alloca moves only past code that does not touch that alloca', () => {
  const a = [
    '  %t1 = select i1 %c, i32 %a, i32 %b',
    '  store i32 %t1, ptr %l0',
    '  %t2 = add i32 %x, 1',
    '  %t3 = load i32, ptr %l0',
    '  %t4 = add i32 %t1, %t3',
  ];
  assert.deepEqual(sink(a), [a[2], a[0], a[1], a[3], a[4]]);
  // a store into linear memory (not an alloca of the function) is a use: the select stops
  const b = [
    '  %t1 = select i1 %c, i32 %a, i32 %b',
    '  %t2 = add i32 %x, 1',
    '  store i32 %t1, ptr %p, align 1, !tbaa !6',
  ];
  assert.deepEqual(sink(b), [b[1], b[0], b[2]]);
  // nothing to move past: unchanged
  const c = ['  %t1 = select i1 %c, i32 %a, i32 %b', '  store i32 %t1, ptr %l0', '  ret i32 %t1'];
  assert.deepEqual(sink(c), c);
});

test('the builder records what sinking needs: a select moves past unrelated code to its use', () => {
  const f = new FunctionBuilder('@f', 'i32', [{ ty: 'i1', name: 'c' }, { ty: 'i32', name: 'a' }]);
  const slot = f.alloca('i32');
  const s = f.select(f.param(0), f.param(1), i32(0));
  f.store(s, slot);
  const x = f.add(f.param(1), i32(1));
  const mem = f.alloca('ptr');
  f.store(x, mem, { align: 4 });
  f.ret(f.add(s, x));
  f.sinkSelects();
  const body = f.toString().split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
  // The select moved below the add and the aligned store (neither uses it), with its store
  // into the alloca; the aligned store into memory stayed where it was.
  assert.deepEqual(body, [
    '%l0 = alloca i32',
    '%l3 = alloca ptr',
    '%t2 = add i32 %a, 1',
    'store i32 %t2, ptr %l3, align 4',
    '%t1 = select i1 %c, i32 %a, i32 0',
    'store i32 %t1, ptr %l0',
    '%t4 = add i32 %t1, %t2',
    'ret i32 %t4',
  ]);
});

test('a select never moves past a musttail call (only ret may follow one)', () => {
  // Wasm: a select left on the stack below a return_call's arguments
  // (tests/diff/regressions-3.0/select-before-musttail.wat). It used to sink to the block's
  // end, between the musttail call and its ret: IR that LLVM rejects.
  const f = new FunctionBuilder('@f', 'i32', [{ ty: 'i1', name: 'c' }, { ty: 'i32', name: 'a' }]);
  f.select(f.param(0), f.param(1), i32(0)); // dead
  const r = f.call('i32', '@g', [f.param(1)], '', 'musttail', 'tailcc')!;
  f.ret(r);
  f.sinkSelects();
  const body = f.toString().split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
  const call = body.findIndex((l) => l.includes('musttail call'));
  assert.ok(call >= 0, body.join('\n'));
  assert.match(body[call + 1]!, /^ret i32 /, `after the musttail call:\n${body.join('\n')}`);
});
