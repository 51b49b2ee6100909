/**
 * The mutation checks (docs/security.md, "Mutation checks"): bugs planted on purpose in the
 * safety-critical parts of the translator, each of which `npm test` must catch. The runner
 * (run.ts) applies one at a time to a private copy of the tree and runs the checks listed
 * with it; a mutation no check catches has SURVIVED, and the runner fails.
 *
 * A mutation is an exact text replacement. Its anchor (`find`) must occur exactly once in its
 * file: a refactor that moves or rewords the code makes the runner fail loudly, naming the
 * mutation, instead of silently testing nothing. Anchors avoid the address form of the fast
 * copy's accesses (fastAccess), which changes independently; they sit on the checks, the trip
 * counts, the ranges and the analysis.
 *
 * `checks` lists the tests that should catch the mutation, the one that does first; the runner
 * stops at the first that fails (`--all` runs them all).
 */

/**
 * A test that should fail with the mutation applied: `node --test` on a test file
 * (tests/…/x.test.ts), only the tests whose names match `pattern` when given.
 */
export interface Check {
  file: string;
  pattern?: string;
}

export interface Mutation {
  name: string;
  /** What the mutation breaks, in one line. */
  what: string;
  /** A source file relative to the package root: TypeScript under src/, or C under runtime/
   * (the checks that compile rebuild the runtime from the mutated file). */
  file: string;
  /** The anchor: exact text that must occur exactly once in `file`. */
  find: string;
  replace: string;
  checks: readonly Check[];
}

/** The differential run on generated typed-reference modules (tests/diff/typed-refs.ts). */
const TYPED_REFS_DIFF: Check = { file: 'tests/e2e/diff-wasmtime.test.ts', pattern: 'typed function references' };

/** The GC lowering's spec scripts (with AWSM_GC_STRESS=1) and the struct layout against the runtime's. */
const GC_LOWERING: Check = { file: 'tests/e2e/gc-lowering.test.ts' };
/** The cast scripts (with AWSM_GC_STRESS=1, -O2 and -O0) and wasmtime's agreement with them. */
const GC_CAST: Check = { file: 'tests/e2e/gc-cast.test.ts', pattern: 'gc-cast' };

/** The emission of a versioned loop's checks and fast copy, and the analysis that plans it. */
const VERSIONING = 'src/translate/versioning.ts';
const LOOP_PLAN = 'src/translate/loop-plan.ts';
/** The regression modules against V8, both bounds modes (tests/diff/regressions/*.wat). */
const REGRESSIONS: Check = { file: 'tests/e2e/diff.test.ts', pattern: 'regressions' };
/** The Wasm 3.0 regression modules against wasmtime, both bounds modes (tests/diff/regressions-3.0/*.wat). */
const WASMTIME_REGRESSIONS: Check = { file: 'tests/e2e/diff-wasmtime.test.ts', pattern: 'regressions' };
/** The quick tier's code (-O0) on tests/quick and spec scripts, both bounds modes. */
const QUICK_TIER: Check = { file: 'tests/e2e/quick-tier.test.ts' };
/** Which loops are versioned, and the fast copy's shape. */
const UNIT: Check = { file: 'tests/unit/versioning.test.ts' };

export const MUTATIONS: readonly Mutation[] = [
  // ---- the entry checks of a versioned loop (emitVersionChecks) ----
  {
    name: 'overlap-check-removed',
    what: 'the store groups are not checked disjoint from the other groups',
    file: VERSIONING,
    find: "      ok = and1(t, ok, f.or(f.icmp('sle', A.hi, B.lo), f.icmp('sle', B.hi, A.lo)));",
    replace: "      f.or(f.icmp('sle', A.hi, B.lo), f.icmp('sle', B.hi, A.lo));",
    checks: [REGRESSIONS],
  },
  {
    name: 'range-end-one-byte-short',
    what: "a group's byte range ends one byte early (bounds and overlap checks)",
    file: VERSIONING,
    find: "let hi = f.add(base, c(g.endMax), 'nsw');",
    replace: "let hi = f.add(base, c(g.endMax - 1), 'nsw');",
    checks: [REGRESSIONS, WASMTIME_REGRESSIONS],
  },
  {
    name: 'range-one-iteration-short',
    what: "a group's range covers n - 1 iterations, not n",
    file: VERSIONING,
    find: "const lasts = ns.map((n) => widen(f.sub(n, i64(1), 'nuw nsw')));",
    replace: "const lasts = ns.map((n) => widen(f.sub(n, i64(2), 'nsw')));",
    checks: [REGRESSIONS],
  },
  {
    name: 'bounds-check-one-past-end',
    what: 'a range ending one byte past the memory passes the bounds check',
    file: VERSIONING,
    find: "f.icmp('sle', hi, size)",
    replace: "f.icmp('sle', hi, f.add(size, c(1)))",
    checks: [REGRESSIONS, WASMTIME_REGRESSIONS],
  },
  {
    name: 'low-wrap-check-removed',
    what: 'a range starting below address 0 (an address that wraps; i32 or i64) passes',
    file: VERSIONING,
    find: "f.icmp('sge', lo, c(0))",
    replace: "f.icmp('sge', lo, c(-(2 ** 32)))",
    checks: [REGRESSIONS, WASMTIME_REGRESSIONS],
  },
  {
    name: 'nest-outer-span-dropped',
    what: "a nest's ranges leave out the outer loop's iterations",
    file: VERSIONING,
    find: '      if (step === 0) return;',
    replace: '      if (step === 0 || (l === 0 && plan.levels.length > 1)) return;',
    checks: [REGRESSIONS],
  },
  {
    name: 'nest-inner-span-dropped',
    what: "a nest's ranges leave out the inner loop's iterations",
    file: VERSIONING,
    find: '      if (step === 0) return;',
    replace: '      if (step === 0 || l === 1) return;',
    checks: [REGRESSIONS],
  },
  // ---- trip counts (tripCount, fastLatch) ----
  {
    name: 'trip-count-ne-plus-one',
    what: 'a loop exiting on `ne` runs n + 1 times in the fast copy',
    file: VERSIONING,
    find: "n: f.add(f.lshr(d, shift), c(1), 'nuw nsw')",
    replace: "n: f.add(f.lshr(d, shift), c(2), 'nuw nsw')",
    checks: [REGRESSIONS, WASMTIME_REGRESSIONS],
  },
  {
    name: 'trip-count-lt-minus-one',
    what: 'a loop exiting on lt/gt runs n - 1 times in the fast copy',
    file: VERSIONING,
    find: 'const count = f.add(f.lshr(f.add(gap, c(s - 1)), shift), c(1));',
    replace: 'const count = f.add(f.lshr(f.add(gap, c(s - 1)), shift), c(0));',
    checks: [REGRESSIONS, WASMTIME_REGRESSIONS],
  },
  {
    name: 'trip-count-rounded-down',
    what: 'an lt/gt trip count rounds the distance down, not up, to whole steps',
    file: VERSIONING,
    find: 'const count = f.add(f.lshr(f.add(gap, c(s - 1)), shift), c(1));',
    replace: 'const count = f.add(f.lshr(gap, shift), c(1));',
    checks: [REGRESSIONS],
  },
  {
    name: 'fast-latch-one-more',
    what: "the fast copy's counter runs one iteration more than the trip count",
    file: VERSIONING,
    find: "f.condBr(f.icmp('ult', next, fl.n)",
    replace: "f.condBr(f.icmp('ule', next, fl.n)",
    checks: [REGRESSIONS],
  },
  {
    name: 'ne-step-multiple-check-removed',
    what: 'a `ne` exit the counter steps over (never meets exactly) is given a trip count',
    file: VERSIONING,
    find: "ok: f.icmp('eq', f.and(d, c(s - 1)), c(0))",
    replace: "ok: f.icmp('eq', f.and(d, c(0)), c(0))",
    checks: [REGRESSIONS],
  },
  {
    name: 'lt-wrap-check-removed',
    what: 'an lt exit whose counter wraps past 2^32 (2^31) before reaching the bound passes',
    file: VERSIONING,
    find: "ok = f.icmp('sle', Y, c(top - BigInt(s)));",
    replace: "ok = f.icmp('sle', Y, c(top));",
    checks: [REGRESSIONS],
  },
  {
    name: 'gt-wrap-check-removed',
    what: 'a gt exit whose counter wraps below 0 (-2^31) before reaching the bound passes',
    file: VERSIONING,
    find: "ok = f.icmp('sge', Y, c(bottom + BigInt(s)));",
    replace: "ok = f.icmp('sge', Y, c(bottom));",
    checks: [REGRESSIONS],
  },
  // ---- the analysis ----
  {
    name: 'memory64-bound-one-past-end',
    what: "a 64-bit memory's versioned range ending one byte past the memory passes the bounds check",
    file: VERSIONING,
    find: 'const size = widen(memorySize(t, 0));',
    replace: "const size = ty === 'i64' ? memorySize(t, 0) : f.add(widen(memorySize(t, 0)), c(1));",
    checks: [WASMTIME_REGRESSIONS],
  },
  {
    name: 'nest-moving-inner-bound-accepted',
    what: "a nest whose inner trip count changes with the outer loop is versioned",
    file: LOOP_PLAN,
    find: 'if (x === null || y === null || stepOf(x, steps) !== 0 || stepOf(y, steps) !== 0) return',
    replace: 'if (x === null || y === null) return',
    checks: [UNIT, REGRESSIONS],
  },
  {
    name: 'partial-overlap-accepted',
    what: 'a group whose accesses overlap partially is versioned (LLVM 16 miscompiles it)',
    file: LOOP_PLAN,
    find: "    else if (seen.width !== w || seen.mod !== mod) return 'accesses of a group overlap partially';\n",
    replace: '',
    checks: [REGRESSIONS],
  },
  {
    name: 'if-arm-sets-not-merged',
    what: 'a local set in an `if` arm counts as set on every iteration (an induction variable)',
    file: LOOP_PLAN,
    find: '        for (const l of armSets!) sets.set(l, null);\n',
    replace: '',
    checks: [REGRESSIONS],
  },
  // ---- bounds checks outside versioning ----
  {
    name: 'explicit-bounds-end-one-short',
    what: "explicit mode's bounds check lets an access end one byte past the memory",
    file: 'src/translate/memory.ts',
    find: "const end = f.add(ea, i64(width), 'nuw');",
    replace: "const end = f.add(ea, i64(width - 1), 'nuw');",
    checks: [REGRESSIONS, { file: 'tests/e2e/sandbox.test.ts', pattern: 'wast in explicit mode' }],
  },
  {
    name: 'dead-load-keep-alive-removed',
    what: 'guard mode no longer keeps an unused load alive, so its trap can vanish',
    file: 'src/translate/function.ts',
    find: "if (!o.tainted || this.cx.opts.bounds !== 'guard') return;",
    replace: "if (o.tainted || this.cx.opts.bounds !== 'guard') return;",
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: 'wast in guard mode' }],
  },
  // ---- multiple memories: each access uses its own memory's base and size ----
  {
    name: 'memory-base-always-memory-0',
    what: "every memory's accesses go through memory 0's base (ctx->mem0_base)",
    file: 'src/translate/memory.ts',
    find: 'const inCtx = memidx === 0 && ',
    replace: 'const inCtx = memidx >= 0 && ',
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: '3.0' }],
  },
  {
    name: 'explicit-bounds-memory-0-size',
    what: "explicit mode checks every memory's accesses against memory 0's size",
    file: 'src/translate/memory.ts',
    find: "t.trapIf(f.icmp('ugt', end, memorySize(t, memidx))",
    replace: "t.trapIf(f.icmp('ugt', end, memorySize(t, 0))",
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: '3.0.*explicit' }],
  },
  {
    name: 'byte-pages-on-guard-pages',
    what: 'guard mode leaves a memory of 1-byte pages to guard pages, which fault only past whole host pages',
    file: 'src/translate/env.ts',
    find: "const bounds = mode === 'guard' && !smallAddresses ? 'explicit' : mode;",
    replace: "const bounds = mode === 'guard' && addrType === 'i64' ? 'explicit' : mode;",
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: '3.0.*guard' }],
  },
  // ---- memory64: explicit checks of 64-bit addresses ----
  {
    name: 'memory64-ea-overflow-unchecked',
    what: 'a 64-bit memory access whose addr + offset + width overflows 64 bits is not trapped',
    file: 'src/translate/memory.ts',
    find: "t.trapIf(f.or(wrapped, f.icmp('ugt', end, memorySize(t, access.memidx))), TrapKind.MemoryOutOfBounds);",
    replace: "t.trapIf(f.icmp('ugt', end, memorySize(t, access.memidx)), TrapKind.MemoryOutOfBounds);",
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: '3.0.*guard' }],
  },
  {
    name: 'memory64-reach-wraps',
    what: 'offset + width of a 64-bit memory access wraps to a small number instead of saturating',
    file: 'src/translate/memory.ts',
    find: 'i64(reach > U64_MAX ? U64_MAX : reach)',
    replace: 'i64(BigInt.asUintN(64, reach))',
    checks: [{ file: 'tests/e2e/sandbox.test.ts', pattern: '3.0.*explicit' }],
  },
  {
    name: 'versioning-any-memory',
    what: "loop versioning plans accesses to any memory (or a 64-bit or 1-byte-page memory 0) under memory 0's 32-bit checks",
    file: LOOP_PLAN,
    find: 'if (ins.memarg!.memidx !== 0 || (t.smallAddresses[0] !== true && t.memory64[0] !== true)) {',
    replace: 'if (ins.memarg!.memidx < 0) {',
    checks: [{ file: 'tests/unit/loop-plan.test.ts', pattern: 'only memory 0' }],
  },
  // ---- tail calls (docs/abi.md, "Tail calls") ----
  {
    name: 'tail-call-not-musttail',
    what: 'return_call to a tailcc function is an ordinary call, so the stack grows with each',
    file: 'src/translate/call.ts',
    find: "[ctx, ...tailArgs(sig, buf === undefined ? args : [...args, buf])], '', 'musttail', 'tailcc'",
    replace: "[ctx, ...tailArgs(sig, buf === undefined ? args : [...args, buf])], '', '', 'tailcc'",
    checks: [{ file: 'tests/e2e/tail-calls.test.ts', pattern: 'mutual tail calls' }],
  },
  {
    name: 'tail-entry-null-check-dropped',
    what: 'a tail call through a function object without a tail entry (a host function) calls null',
    file: 'src/translate/call.ts',
    find: "f.condBr(f.icmp('ne', code, nullptr), tail, slow);",
    replace: "f.condBr(f.icmp('eq', code, code), tail, slow);",
    checks: [{ file: 'tests/e2e/tail-calls.test.ts', pattern: 'host functions\\) -O2 --bounds=guard' }],
  },
  {
    name: 'tail-funcobj-not-musttail',
    what: 'a tail call through a function object (import, table) is an ordinary call: the stack grows across instances',
    file: 'src/translate/call.ts',
    find: '  musttail(t, code.ref, fctx, ft, args);',
    replace: "  t.retResult(f.call(t.cx.tailSignature(ft).ret, code.ref, [fctx, ...args], '', '', 'tailcc'));",
    checks: [{ file: 'tests/e2e/tail-calls.test.ts', pattern: 'host functions\\) -O2 --bounds=guard' }],
  },
  {
    name: 'tail-result-buffer-not-passed-on',
    what: 'a tail call between functions with more than two results is an ordinary call that copies the results',
    file: 'src/translate/call.ts',
    find: "  if (callee.kind === 'defined' && t.cx.tailcc.has(funcidx)) {",
    replace: "  if (callee.kind === 'defined' && t.cx.tailcc.has(funcidx) && t.resultBuffer === undefined) {",
    checks: [{ file: 'tests/e2e/tail-calls.test.ts', pattern: 'host functions\\) -O2 --bounds=guard' }],
  },
  {
    name: 'tail-buffer-capacity-unchecked',
    what: 'on riscv64 a function reached with a smaller tail buffer (of another module) stores the arguments of its tail calls past its end',
    file: 'src/translate/tail-buffer.ts',
    find: "f.icmp('ult', cap, i64(cx.tailSlots!))",
    replace: "f.icmp('ult', cap, i64(0))",
    checks: [{ file: 'tests/e2e/tail-calls.test.ts', pattern: 'riscv64 under qemu: tests/tail/sizes.wast' }],
  },
  // ---- 64-bit tables ----
  {
    name: 'table64-index-truncated',
    what: 'an i64 table index is truncated to 32 bits before its bounds check (2^32 + 1 becomes 1)',
    file: 'src/translate/table.ts',
    find: '  const wide = isTable64(t, tableidx);\n',
    replace: "  const wide = isTable64(t, tableidx);\n  if (wide) i = f.zext(f.trunc(i, 'i32'), 'i64');\n",
    checks: [{ file: 'tests/e2e/table64.test.ts', pattern: 'O2 --bounds=guard' }],
  },
  {
    name: 'tail-call-args-reversed',
    what: 'return_call passes its arguments in reverse order',
    file: 'src/translate/call.ts',
    find: 'const args = t.s.popn(callee.type.params.length).map((o) => o.v);\n  t.setUnreachable();',
    replace: 'const args = t.s.popn(callee.type.params.length).map((o) => o.v).reverse();\n  t.setUnreachable();',
    checks: [WASMTIME_REGRESSIONS],
  },
  // ---- wide arithmetic (numeric.ts, emitWide) ----
  {
    name: 'wide-add-carry-dropped',
    what: "i64.add128 adds the halves apart: the low half's carry never reaches the high half",
    file: 'src/translate/numeric.ts',
    find: "case 'i64.add128': r = f.add(pair(args[0]!, args[1]!), pair(args[2]!, args[3]!)); break;",
    replace: "case 'i64.add128': r = pair(f.add(args[0]!, args[2]!), f.add(args[1]!, args[3]!)); break;",
    checks: [WASMTIME_REGRESSIONS],
  },
  // ---- typed function references (call.ts, reference.ts, abi.ts) ----
  {
    name: 'call-ref-null-check-dropped',
    what: 'call_ref of a null reference loads a code pointer through null instead of trapping',
    file: 'src/translate/call.ts',
    find: "  t.trapIf(t.f.icmp('eq', fo, nullptr), TrapKind.NullFuncRef);",
    replace: '',
    checks: [TYPED_REFS_DIFF],
  },
  {
    name: 'ref-as-non-null-no-trap',
    what: 'ref.as_non_null lets null through: a non-nullable reference holds null',
    file: 'src/translate/reference.ts',
    find: "t.trapIf(f.icmp('eq', o.v, nullptr), TrapKind.NullRef);",
    replace: '',
    checks: [TYPED_REFS_DIFF],
  },
  {
    name: 'typed-signature-collapsed',
    what: "signature strings drop typed references' exact types: call_indirect takes a (ref $t) function for a funcref one",
    file: 'src/translate/abi.ts',
    find: '  if (plain && refs.every((t) => t === topRef(t, types))) return base;',
    replace: '  if (refs.length >= 0) return base;',
    checks: [{ file: 'tests/unit/typed-refs.test.ts', pattern: 'signature strings' }, WASMTIME_REGRESSIONS],
  },
  {
    name: 'supertype-display-off-by-one',
    what: "a function type's supertype display stops one above itself: call_indirect compares at depth-1 and takes a sibling subtype (or a type of the same rec group) for the expected one",
    file: 'src/translate/abi.ts',
    find: "  return plain ? exact : `${exact}#${display(types, idx).join(',')}`;",
    replace: "  return plain ? exact : `${exact}#${display(types, idx).slice(0, -1).join(',')}`;",
    checks: [{ file: 'tests/unit/gc-types.test.ts', pattern: 'signature strings' }],
  },
  {
    name: 'rec-group-position-ignored',
    what: 'type identity ignores the position in the recursive group: the types of `(rec (type (func)) (type (func)))` become one type',
    file: 'src/validate/canon.ts',
    find: '    for (let k = 0; k < t.groupSize; k++) ids[t.group + k] = t.groupSize === 1 ? hash : `${hash}.${k}`;',
    replace: '    for (let k = 0; k < t.groupSize; k++) ids[t.group + k] = hash;',
    checks: [{ file: 'tests/unit/gc-types.test.ts', pattern: 'canonicalisation' }],
  },
  // ---- the quick tier's address form (memory.ts, leanAddress) ----
  {
    name: 'quick-address-offset-dropped',
    what: "the quick tier's GEP leaves out a load's or store's memarg offset",
    file: 'src/translate/memory.ts',
    find: "f.gep('[1 x i8]', base, [ea, i64(offset)])",
    replace: "f.gep('[1 x i8]', base, [ea, i64(0)])",
    checks: [QUICK_TIER],
  },
  // ---- GC lowering (gc.ts): tests/e2e/gc-lowering.test.ts ----
  {
    name: 'gc-array-bounds-off-by-one',
    what: 'array.get/array.set accept the index equal to the length (one element past the end)',
    file: 'src/translate/gc.ts',
    find: "  t.trapIf(f.icmp('uge', i, len), TrapKind.ArrayOutOfBounds);",
    replace: "  t.trapIf(f.icmp('ugt', i, len), TrapKind.ArrayOutOfBounds);",
    checks: [GC_LOWERING],
  },
  {
    name: 'gc-field-offset-unaligned',
    what: "struct fields are packed without alignment: the translator's offsets differ from the runtime's, which traces other words",
    file: 'src/translate/gc.ts',
    find: '    at = Math.ceil(at / size) * size;',
    replace: '    at = Math.ceil(at / 1) * 1;',
    checks: [GC_LOWERING],
  },
  {
    name: 'gc-i31-sign-lost',
    what: 'i31.get_s zero-extends like i31.get_u',
    file: 'src/translate/gc.ts',
    find: '  return signed ? f.ashr(low, i32(1)) : f.lshr(low, i32(1));',
    replace: '  return f.lshr(low, i32(1));',
    checks: [GC_LOWERING],
  },
  // ---- GC casts (gc-cast.ts): tests/e2e/gc-cast.test.ts ----
  {
    name: 'gc-cast-display-depth',
    what: "a concrete cast requires the object's type strictly deeper than the target's (casts to an object's own type fail)",
    file: 'src/translate/gc-cast.ts',
    find: "  f.condBr(f.icmp('uge', depth, i32(d)), deep, done);",
    replace: "  f.condBr(f.icmp('ugt', depth, i32(d)), deep, done);",
    checks: [GC_CAST],
  },
  {
    name: 'gc-cast-i31-bit',
    what: 'a cast takes i31s for objects (tests bit 1 of the word instead of bit 0)',
    file: 'src/translate/gc-cast.ts',
    find: '  return f.icmp(\'ne\', f.and(w, iconst(cx.abi.intptr, 1n)), iconst(cx.abi.intptr, 0n));',
    replace: '  return f.icmp(\'ne\', f.and(w, iconst(cx.abi.intptr, 2n)), iconst(cx.abi.intptr, 0n));',
    checks: [GC_CAST],
  },
  // ---- the quick tier's peepholes (src/llvm/builder.ts with `lean`, src/llvm/narrow.ts) ----
  {
    name: 'quick-narrow-op-as-add',
    what: 'an i64 sub, mul, and, or or xor of zero-extended i32s, wrapped, is narrowed to an i32 add',
    file: 'src/llvm/narrow.ts',
    find: '  return { drop, op: m[2]!, a, b };',
    replace: "  return { drop, op: 'add', a, b };",
    checks: [QUICK_TIER],
  },
  {
    name: 'quick-zext-reused-across-blocks',
    what: "a block reuses another block's zero-extension of an address, which may not dominate it",
    file: 'src/llvm/lean.ts',
    find: '    let z = this.memoBlock.get(v.ref) === this.block ? this.blockZexts.get(v.ref) : undefined;',
    replace: '    let z = this.blockZexts.get(v.ref);',
    checks: [QUICK_TIER],
  },
  {
    name: 'quick-eqz-on-wrong-operand',
    what: "eqz looking through a zext compares the zext's source with 1 instead of 0",
    file: 'src/llvm/builder.ts',
    find: "    return this.icmp('eq', x, iconst(x.ty, 0n));",
    replace: "    return this.icmp('eq', x, x === v ? iconst(x.ty, 0n) : iconst(x.ty, 1n));",
    checks: [QUICK_TIER],
  },
  // ---- the ABI the translator assumes (abi.ts against awsm_abi.h) ----
  {
    name: 'ctx-stack-limit-offset-wrong',
    what: 'generated code reads ctx->stack_limit at the wrong offset (abi.ts out of step with awsm_abi.h)',
    file: 'src/translate/abi.ts',
    find: "'host', 'stackLimit', 'tags'",
    replace: "'stackLimit', 'host', 'tags'",
    checks: [{ file: 'tests/unit/abi.test.ts' }],
  },
  // ---- fused adapters between components (src/component/adapter-abi.ts) ----
  {
    name: 'adapter-string-copy-short',
    what: 'the adapter copies one byte less than a list holds into the other memory',
    file: 'src/component/adapter-abi.ts',
    find: "c.get(dptr).get(ptr).get(bytes).op('i32.wrap_i64').memoryCopy(to.mem!, from.mem!);",
    replace: "c.get(dptr).get(ptr).get(bytes).op('i32.wrap_i64').i32(1).op('i32.sub').memoryCopy(to.mem!, from.mem!);",
    checks: [{ file: 'tests/e2e/component-c2c.test.ts', pattern: 'every type' }],
  },
  {
    name: 'adapter-discriminant-unchecked',
    what: 'the adapter passes a variant, enum or option discriminant out of range on instead of trapping',
    file: 'src/component/adapter-abi.ts',
    find: "  c.tee(v).i32(n).op('i32.ge_u');\n  trapIf(c, g.trap('disc'));",
    replace: "  c.tee(v).i32(n).op('i32.ge_u').op('drop');",
    checks: [{ file: 'tests/e2e/component-c2c.test.ts', pattern: 'discriminant|enum value' }],
  },
  // ---- strings between encodings in fused adapters (src/component/adapter-string.ts) ----
  {
    name: 'adapter-latin1-tag-dropped',
    what: 'a string stored into latin1+utf16 as utf16 loses the UTF16_TAG bit of its length word',
    file: 'src/component/adapter-string.ts',
    find: "  c.get(l.dlen).i32(UTF16_TAG).op('i32.or').set(l.dlen);\n",
    replace: '',
    checks: [{ file: 'tests/component/adapter-transcode.test.ts' }],
  },
  {
    name: 'adapter-latin1-widen-short',
    what: 'growing a latin1 prefix into utf16 widens one byte less than was written',
    file: 'src/component/adapter-string.ts',
    find: "c.get(l.dptr).get(written).get(l.dptr).call(g.transcoder('latin1-utf16', to.mem!, to.mem!));",
    replace: "c.get(l.dptr).get(written).i32(1).op('i32.sub').get(l.dptr).call(g.transcoder('latin1-utf16', to.mem!, to.mem!));",
    checks: [{ file: 'tests/component/adapter-transcode.test.ts' }],
  },
  // ---- resources between components in fused adapters (src/component/adapter-resource.ts) ----
  {
    name: 'adapter-handle-unmoved',
    what: 'the adapter passes own and borrow handles on as plain integers instead of moving them between the instances\' tables',
    file: 'src/component/adapter-abi.ts',
    find: '    moveHandle(c, g.handles, t, from.instance, to.instance);\n',
    replace: '',
    checks: [{ file: 'tests/e2e/component-c2c-resources.test.ts', pattern: 'own and borrow handles cross' }],
  },
  {
    name: 'adapter-scope-unclosed',
    what: 'the adapter never closes its call\'s scope: borrows the callee keeps are not caught, lent handles stay lent',
    file: 'src/component/adapter.ts',
    find: "  c.call(g.handles.builtin('exit'));\n",
    replace: '',
    checks: [{ file: 'tests/e2e/component-c2c-resources.test.ts', pattern: 'does not drop' }],
  },
  // ---- the ELF lifter's register traffic around calls (src/elf/lift/liveness.ts) ----
  {
    name: 'elf-spill-may-write-left-out',
    what: 'before a call the lifter stores only the dirty registers the callee may read, not those it may write on some paths only: the state hands back a stale value after it',
    file: 'src/elf/lift/liveness.ts',
    find: "if (h.kind === 'spill') return eff[i]!.reads | eff[i]!.writes;",
    replace: "if (h.kind === 'spill') return eff[i]!.reads;",
    checks: [{ file: 'tests/unit/elf-lift-flow.test.ts', pattern: 'may-write' }],
  },
  // ---- the ELF lifter's fused multiply-add (src/elf/lift/simd-fma.ts) ----
  {
    name: 'fma-midpoint-check-removed',
    what: "the double fast path's result is used where RN(tl + ul) lands th + v on a midpoint: rounded twice, a tie goes the wrong way",
    file: 'src/elf/lift/simd-fma.ts',
    find: '[nearMidpoint, notFinite, underflow]',
    replace: '[notFinite, underflow]',
    checks: [{ file: 'tests/unit/elf-fma.test.ts' }, { file: 'tests/unit/elf-simd.test.ts', pattern: 'scalar FP' }],
  },
  {
    name: 'fma-round-to-odd-removed',
    what: "the single-precision slow path rounds p + a to nearest in double instead of to odd: the float midpoints it exists for round twice",
    file: 'src/elf/lift/simd-fma.ts',
    find: 'select ${bt} ${inexact}, ${it} ${odd}, ${it} ${bits}',
    replace: 'select ${bt} ${inexact}, ${it} ${bits}, ${it} ${bits}',
    checks: [{ file: 'tests/unit/elf-fma.test.ts' }, { file: 'tests/unit/elf-simd.test.ts', pattern: 'scalar FP' }],
  },
  {
    name: 'fma-underflow-check-removed',
    what: 'the double fast path runs for products below 2^-900, where the product error term is not representable',
    file: 'src/elf/lift/simd-fma.ts',
    find: '[nearMidpoint, notFinite, underflow]',
    replace: '[nearMidpoint, notFinite]',
    checks: [{ file: 'tests/unit/elf-fma.test.ts' }],
  },
  // ---- f32x4 on armv7 with NEON (src/translate/simd-float.ts) ----
  {
    name: 'armv7-f32x4-add-on-neon',
    what: 'f32x4.add is left a <4 x float> fadd on armv7: with a NEON --cpu it runs on NEON, which flushes subnormal inputs and results to zero',
    file: 'src/translate/simd-float.ts',
    find: "const FLUSHED = new Set(['add', ",
    replace: 'const FLUSHED = new Set([',
    checks: [{ file: 'tests/e2e/armv7-neon.test.ts' }, { file: 'tests/e2e/simd-targets.test.ts', pattern: 'armv7' }],
  },
  // ---- exception collection's roots (runtime/src/gc_exnref.c) ----
  {
    name: 'exn-gc-global-root-removed',
    what: "an exception collection does not read instances' exnref globals, tables and element segments: an exnref kept only in a global is freed and its memory reused",
    file: 'runtime/src/gc_exnref.c',
    find: '    rt_visit_instance_slots(r, is_exnref_code, fn, cx);',
    replace: '    (void)is_exnref_code;',
    checks: [{ file: 'tests/e2e/exceptions.test.ts', pattern: 'exnref-roots.wast and legacy' }],
  },
  // ---- the quick tier's dead stores (src/llvm/dead-stores.ts) ----
  {
    name: 'quick-dse-load-keeps-pending',
    what: 'a load of a local does not clear its pending store, so the store before the load is dropped when the next store comes',
    file: 'src/llvm/dead-stores.ts',
    find: '    this.read.add(ref);\n    this.pending.delete(ref);',
    replace: '    this.read.add(ref);',
    checks: [{ file: 'tests/unit/dead-stores.test.ts' }, QUICK_TIER],
  },
  {
    name: 'quick-dse-across-blocks',
    what: "a store is dropped as overwritten by a store in a later block, which a branch between them may read",
    file: 'src/llvm/dead-stores.ts',
    find: 'before !== undefined && before > this.blockStart ? before : -1',
    replace: 'before !== undefined ? before : -1',
    checks: [QUICK_TIER, { file: 'tests/unit/dead-stores.test.ts' }],
  },
  {
    name: 'quick-dse-drops-loaded-value',
    what: 'local.set of a value loaded from linear memory is a droppable store: overwritten unread, the load goes with it and no longer traps (guard mode)',
    file: 'src/translate/variable.ts',
    find: '      f.storeLocal(o.v, t.locals[idx]!, !o.tainted);',
    replace: '      f.storeLocal(o.v, t.locals[idx]!, true);',
    checks: [QUICK_TIER],
  },
];
