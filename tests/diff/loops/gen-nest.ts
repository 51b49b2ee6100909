/**
 * One loop nest of a generated function: a loop, optionally inside an outer loop that runs it
 * 2–6 times with bases, start values and bounds changing with the outer counter (or with the
 * pointers carried over from the previous run), optionally inside a block; after each run of
 * the inner loop its induction variables and the locals its `if` arm sets are mixed into the
 * checksum. The innermost loop has a counter and 1–4 arrays (indexed, pointer IVs or fixed
 * cells) placed disjoint, overlapping, at or past the end of memory, descending past 0 or
 * wrapping around 2^32 (place), a body of stores, reductions and an `if` arm (gen-values.ts),
 * an exit (gen-exit.ts), and in about a third of the nests one near miss that must stop the
 * versioning.
 */
import { get, i32c, newMeta, op, set, u32, type Const32, type Expr, type LoopStmt, type Stmt } from './ast.js';
import { fixExit, planExit } from './gen-exit.js';
import { FAM_WIDTH, FAMS, NEAR_MISSES, P, POINTER_NEAR_MISSES, STORES, type Arr, type BodyCtx, type FuncGen, type NearMiss } from './gen-values.js';

/** A loop nest: statements for the function body (prologues, the loop(s), the mixing). */
export function nest(g: FuncGen, L: number): Stmt[] {
  const r = g.r;
  const memBytes = g.memBytes();
  const near: NearMiss | undefined = r.chance(P.nearMiss) ? r.pick(NEAR_MISSES) : undefined;
  const outer = r.chance(P.outer);
  const o = outer ? g.local(`$o${L}`) : undefined;
  const K = outer ? r.range(2, 6) : 1;
  const carry = outer && r.chance(0.25);
  const c = g.local(`$c${L}`);
  const last = g.local(`$last${L}`);
  const cnt = g.local(`$cnt${L}`);

  // The counter and the target trip count.
  let sc = r.pick([1, 1, 1, 1, 2, 4, 8, -1, -1, -1, -2, -4, -8]);
  if (near === 'exitStep') sc = r.pick([3, 5, 6, 7, 12, -3, -5, -6, 24]);
  let T = [() => 1, () => 2, () => r.range(3, 8), () => r.range(9, 64), () => r.range(65, 600), () => r.range(601, 3000)][r.weighted([6, 6, 20, 30, 28, 10])]!();
  const c0node = i32c([
    () => 0, () => r.range(1, 100), () => -r.range(1, 100), () => 0x7fffff00 + r.range(0, 255), () => 0xffffff00 + r.range(0, 255), () => r.u32(),
  ][r.weighted([35, 20, 15, 8, 8, 6])]!());
  const c0delta = outer && r.chance(0.3) ? r.pick([1, sc, -sc, 3]) : 0;

  // The arrays.
  const aligned = near !== 'partialOverlap';
  const nArr = r.range(1, 4);
  const arrs: Arr[] = [];
  for (let j = 0; j < nArr; j++) {
    const fam = r.pick(FAMS);
    const ew = FAM_WIDTH[fam];
    const mode = r.weighted([55, 35, 10]);
    const a: Arr = {
      mode: (['idx', 'ptr', 'cell'] as const)[mode]!, fam, ew, scale: 0, base: i32c(0), odelta: 0, K: 0, start: 0, pstep: 0,
      astep: 0, teeUpdate: false, tempK: 0, aligned,
    };
    if (a.mode === 'idx') {
      a.scale = aligned ? r.pick([ew, ew, ew, 2 * ew, 3 * ew, 4 * ew, -ew, -2 * ew]) : r.pick([ew, 1, 2, 4, 8, 12, 16, -ew, -4, 3]);
      a.astep = Math.imul(a.scale, sc);
      if (r.chance(0.75)) a.local = g.local(`$b${L}_${j}`);
    } else if (a.mode === 'ptr') {
      a.local = g.local(`$p${L}_${j}`);
      a.pstep = aligned
        ? r.pick([ew, ew, ew, -ew, 2 * ew, 3 * ew, -2 * ew, ew * Math.abs(sc), -ew * Math.abs(sc)])
        : r.pick([ew, 1, 2, 4, 8, 16, 12, 24, -4, -8, 3, -6]);
      if (near === 'bigStep' && j === 0) a.pstep = r.pick([0x200000, -0x200000, 0x100008]);
      a.astep = a.pstep;
      a.teeUpdate = r.chance(0.2);
    }
    if (j === 0 && near !== undefined && POINTER_NEAR_MISSES.has(near) && a.mode !== 'ptr') {
      a.mode = 'ptr';
      a.scale = 0;
      a.local = g.local(`$p${L}_${j}`);
      a.pstep = near === 'bigStep' ? r.pick([0x200000, -0x200000, 0x100008]) : r.pick([ew, -ew, 2 * ew]);
      a.astep = a.pstep;
    }
    if (a.mode === 'cell' && r.chance(0.5)) a.local = g.local(`$b${L}_${j}`);
    if (near === 'noStore') a.teeUpdate = false;
    arrs.push(a);
  }
  // Most loops fit in memory: the trip count is capped so that every array's range fits in
  // 90% of it (10% are left to run off the end, and bigStep has its own way).
  const widest = Math.max(1, ...arrs.map((a) => (Math.abs(a.astep) < 0x100000 ? Math.abs(a.astep) : 1)));
  if (r.chance(0.9)) T = Math.max(1, Math.min(T, Math.floor((memBytes * 0.9) / widest)));
  for (const [j, a] of arrs.entries()) {
    place(g, a, arrs.slice(0, j), T, memBytes);
    if (outer && a.mode !== 'cell' && a.local !== undefined && r.chance(0.6)) {
      a.odelta = r.pick([a.ew, -a.ew, 2 * a.ew, a.astep * T, -a.astep * T, r.range(-64, 64), 4096]);
    }
  }
  // Arrays with an inline constant base and the same scale are one group to the analysis
  // (same terms): in aligned loops, only one of them keeps its inline base.
  if (aligned) {
    const inline = new Set<string>();
    for (const [j, a] of arrs.entries()) {
      if (a.local !== undefined || a.mode === 'ptr') continue;
      const key = a.mode === 'cell' ? 'cell' : `idx ${a.scale}`;
      if (inline.has(key)) a.local = g.local(`$b${L}_${j}`);
      inline.add(key);
    }
  }
  const ptrs = arrs.filter((a) => a.mode === 'ptr');

  // The body: temporaries (an address computed at the top and used by later accesses),
  // actions, then the induction variables' updates at random places.
  const body: Stmt[] = [];
  const ctx: BodyCtx = { arrs, c, last, cnt, noStore: near === 'noStore', inArm: false };
  for (const [j, a] of arrs.entries()) {
    if (a.mode === 'cell' || !r.chance(0.2)) continue;
    a.tempK = r.pick([0, 0, a.ew, -a.ew]);
    const e = g.addrExprRaw(ctx, a, a.tempK);
    a.temp = g.local(`$t${L}_${j}`);
    body.push(set(a.temp, e));
  }
  const nTemps = body.length;
  const nAct = r.range(1, 6);
  let stores = 0;
  for (let i = 0; i < nAct; i++) {
    const s = g.action(ctx, r.weighted([40, 20, 14, 8, 4, 14]));
    if (s.k === 'store') stores++;
    body.push(s);
  }
  if (stores === 0 && !ctx.noStore) body.push(g.storeTo(ctx, r.pick(arrs)));
  // Mostly, an unconditional store through a moving address: a loop that runs away (its exit
  // never reached) then ends in that store's fault in guard mode too. Without one, LLVM may
  // delete the accesses whose values only matter after the (unreachable) exit, and the loop
  // hangs in guard mode (the dead-load gap: excused only when proven, and a timeout each).
  const moving = arrs.filter((a) => a.astep !== 0);
  if (!ctx.noStore && moving.length > 0 && r.chance(0.9) && !body.some((s) => s.k === 'store' && moving.includes(g.storeArr.get(s)!))) {
    body.push(g.storeTo(ctx, r.pick(moving)));
  }

  // Statements go anywhere after the temporaries (their uses must follow their sets); the
  // plain IV updates (anywhere: true) may also go above them.
  const insert = (s: Stmt, anywhere = false): void => {
    body.splice(r.range(anywhere ? 0 : nTemps, body.length), 0, s);
  };
  // Pointer updates.
  for (const a of ptrs) {
    const p = a.local!;
    if (near === 'ivInArm' && a === ptrs[0]) {
      insert({ k: 'if', cond: g.dataCond(ctx), then: [g.storeTo(ctx, a), set(p, op('i32.add', get(p), i32c(a.pstep)))] });
      continue;
    }
    if (near === 'xorIv' && a === ptrs[0]) {
      insert(set(p, op('i32.xor', get(p), i32c(r.pick([4, 8, 64])))));
      insert(g.storeTo(ctx, a));
      continue;
    }
    if (near === 'scaleIv' && a === ptrs[0]) {
      insert(set(p, op('i32.add', op('i32.add', get(p), get(p)), i32c(a.pstep))));
      insert(g.storeTo(ctx, a));
      continue;
    }
    if (near === 'stepZero' && a === ptrs[0]) {
      insert(set(p, op('i32.add', get(p), i32c(0))));
      insert(g.storeTo(ctx, a));
      continue;
    }
    if (near === 'bigStep' && a === ptrs[0]) insert(g.storeTo(ctx, a));
    if (a.teeUpdate) {
      const k = r.pick([0, 0, -a.pstep, a.ew]);
      const so = r.pick(STORES[a.fam]);
      insert({ k: 'store', op: so, addr: g.plus({ k: 'tee', l: p, e: op('i32.add', get(p), i32c(a.pstep)) }, a.K + k), offset: 0, value: g.valueFor(ctx, so) });
      continue;
    }
    g.update(p, a.pstep, insert, a.aligned && a.pstep % a.ew === 0 ? a.ew : 1);
  }

  // The exit.
  const exit = planExit(g, L, near, ctx, sc, ptrs, insert);
  if (exit.updateC) g.update(c, sc, insert);
  const pre: Stmt[] = [];
  const prologue: Array<{ l: string; node: Const32; odelta: number; carry: boolean }> = [];
  prologue.push({ l: c, node: c0node, odelta: c0delta, carry: false });
  if (exit.second !== undefined) prologue.push({ l: exit.second.l, node: exit.second.node, odelta: 0, carry: false });

  // Near misses that change the body.
  let wrapBlock: string | undefined;
  let applied = true;
  switch (near) {
    case 'call':
      insert(r.chance(0.5)
        ? { k: 'drop', e: { k: 'call', f: '$mix', args: [get(c)] } }
        : { k: 'exec', e: { k: 'call', f: '$poke', args: [g.addrExpr(ctx, r.pick(arrs), 0), get(c)] } });
      break;
    case 'brEarly':
      wrapBlock = g.label('$B');
      insert({ k: 'brif', label: wrapBlock, cond: r.chance(0.5) ? op('i32.eqz', op('i32.and', g.load(ctx, r.pick(arrs), 'i32'), i32c(63))) : op('i32.eq', get(c), i32c(u32(c0node.v + sc * r.range(0, T))) ) });
      break;
    case 'continue': {
      // After the counter's update, so that it cannot loop forever.
      const at = body.findIndex((s) => s.k === 'set' && s.l === c);
      if (at >= 0) body.splice(at + 1, 0, { k: 'brif', label: '$L?', cond: op('i32.eq', op('i32.and', get(c), i32c(3)), i32c(1)) });
      else applied = false;
      break;
    }
    case 'varAddr':
      insert(r.chance(0.5)
        ? { k: 'store', op: 'i32.store', addr: op('i32.and', g.load(ctx, r.pick(arrs), 'i32'), i32c(0x3ffc)), offset: 0, value: get(c) }
        : set('$ai', op('i32.add', get('$ai'), { k: 'load', op: 'i32.load8_u', addr: op('i32.and', op('i32.mul', get(c), get(c)), i32c(0x3fff)), offset: 0 })));
      break;
    case 'wrapAddr': {
      const a = r.pick(arrs.filter((x) => x.mode === 'idx').concat(arrs[0]!));
      const so = r.pick(STORES[a.fam]);
      insert({ k: 'store', op: so, addr: op('i32.wrap_i64', op('i64.extend_i32_u', g.addrExpr(ctx, a, 0))), offset: 0, value: g.valueFor(ctx, so) });
      break;
    }
    case 'div':
      insert(set('$ai', op('i32.add', get('$ai'), op(r.pick(['i32.div_u', 'i32.rem_u', 'i32.div_s', 'i32.rem_s']), g.val(ctx, 'i32', 1), op('i32.or', g.val(ctx, 'i32', 1), i32c(1))))));
      break;
    case 'trunc':
      insert(set('$ai', op('i32.add', get('$ai'), op('i32.trunc_f64_s', op('f64.convert_i32_s', g.val(ctx, 'i32', 1))))));
      break;
    case 'simd': {
      const a = r.pick(arrs);
      const b = r.pick(arrs);
      insert(r.chance(0.5)
        ? { k: 'store', op: 'v128.store', addr: g.addrExpr(ctx, a, 0), offset: 0, value: { k: 'load', op: 'v128.load', addr: g.addrExpr(ctx, b, 0), offset: 0 } }
        : set('$ai', op('i32.add', get('$ai'), op('i32x4.extract_lane 1', { k: 'load', op: 'v128.load', addr: g.addrExpr(ctx, b, 0), offset: 0 }))));
      break;
    }
    case 'ifElse':
      insert({ k: 'if', cond: g.dataCond(ctx), then: [g.storeTo(ctx, r.pick(arrs))], else: [set(last, get(c))] });
      break;
    case 'nestedIf':
      insert({ k: 'if', cond: g.dataCond(ctx), then: [{ k: 'if', cond: op('i32.and', get(c), i32c(1)), then: [g.storeTo(ctx, r.pick(arrs))] }] });
      break;
    case 'gsetArm':
      insert({ k: 'if', cond: g.dataCond(ctx), then: [{ k: 'gset', e: get(c) }] });
      break;
    case 'memInBody':
      insert({ k: 'drop', e: r.chance(0.5) ? op('memory.size') : op('memory.grow', i32c(0)) });
      break;
    case 'unreachableArm':
      insert({ k: 'if', cond: op('i32.eq', get(c), i32c(u32(c0node.v + sc * r.range(0, 2 * T)))), then: [{ k: 'unreachable' }] });
      break;
    default:
      break;
  }

  const label = g.label('$L');
  for (const s of body) if (s.k === 'brif' && s.label === '$L?') s.label = label;
  const intent = exit.near ?? (near !== undefined && applied ? near : 'versionable');
  const what = `${intent}: c step ${sc}, target ${T} iterations, ${arrs.map((a) => `${a.mode}/${a.fam}${a.mode === 'ptr' ? ` step ${a.pstep}` : a.mode === 'idx' ? ` scale ${a.scale}` : ''} @${u32(a.start)}${a.K ? ` K=${u32(a.K)}` : ''}`).join(', ')}; exit ${exit.what}`;
  const loop: LoopStmt = { k: 'loop', label, body, cond: exit.cond, meta: newMeta(intent, what), ...(near === 'blockType' ? { result: true } : {}) };

  // Fix the adjustable constant of the exit from a dry run with the constant at 0.
  for (const a of arrs) {
    if (a.local !== undefined) prologue.push({ l: a.local, node: a.base, odelta: a.odelta, carry: carry && a.mode === 'ptr' });
  }
  const boundLocal = exit.boundLocal;
  if (boundLocal !== undefined) prologue.push({ l: boundLocal.l, node: exit.A, odelta: boundLocal.odelta, carry: false });
  finalizeBases(arrs, c0node);
  if (exit.kind === 'cmp') {
    const v = exit.varArr;
    exit.shift = v === undefined
      ? (d: number): void => {
          c0node.v = (c0node.v + d) | 0;
        }
      : (d: number): void => {
          v.start = u32(v.start + d);
          finalizeBases(arrs, c0node);
        };
  }
  if (!fixExit(g, exit, loop, prologue, T, c0node)) return [];
  finalizeBases(arrs, c0node);

  // Assemble: prologue, optional merge point (facts forgotten), loop, optional block, mixing.
  // (The constant nodes are shared with the arrays and the exit: fix-ups show in the text.)
  // In half the nests the values go through $zero, so that LLVM cannot fold the entry checks
  // and the trip count: the fast copy is then compiled for an unknown n (vector remainder
  // loops, runtime checks), as in real code.
  // $zero is read into a local once, before the outer loop if there is one: opaque to LLVM,
  // but an invariant local to the analysis, so that such nests can be versioned as nests.
  const z = r.chance(0.5) ? g.local(`$z${L}`) : undefined;
  const setOf = (e: (typeof prologue)[number]): Stmt => {
    const v: Expr = z !== undefined ? op('i32.add', e.node, get(z)) : e.node;
    return set(e.l, o !== undefined && e.odelta !== 0 ? op('i32.add', v, op('i32.mul', get(o), i32c(e.odelta))) : v);
  };
  const inner: Stmt[] = [];
  if (z !== undefined && o === undefined) inner.push(set(z, { k: 'zero' }));
  for (const e of prologue) if (!e.carry) inner.push(setOf(e));
  if (r.chance(0.2)) inner.push({ k: 'if', cond: { k: 'gget' }, then: [{ k: 'nop' }] });
  let loopStmt: Stmt = wrapBlock !== undefined || r.chance(P.block) ? { k: 'block', label: wrapBlock ?? g.label('$B'), body: [loop] } : loop;
  if (r.chance(0.1)) loopStmt = { k: 'carry', l: r.pick([c, ...ptrs.map((a) => a.local!)]), body: [loopStmt] };
  inner.push(loopStmt);
  for (const l of [c, last, cnt, ...ptrs.map((a) => a.local!), ...(exit.second ? [exit.second.l] : [])]) inner.push(g.mix(l));
  if (o === undefined) return inner;
  if (z !== undefined) pre.push(set(z, { k: 'zero' }));
  for (const e of prologue) if (e.carry) pre.push(setOf(e));
  pre.push(set(o, i32c(0)));
  const olabel = g.label('$O');
  const outerLoop: LoopStmt = {
    k: 'loop', label: olabel, body: inner,
    cond: op('i32.lt_u', { k: 'tee', l: o, e: op('i32.add', get(o), i32c(1)) }, i32c(K)),
    meta: newMeta('outer', `outer loop, ${K} runs${carry ? ', pointers carried over' : ''}`),
  };
  return [...pre, outerLoop];
}

/** Choose where array `a` starts (and its base), given the earlier arrays. */
function place(g: FuncGen, a: Arr, earlier: readonly Arr[], T: number, memBytes: number): void {
  const r = g.r;
  const ext = Math.abs(a.astep) * Math.max(0, T - 1) + 16;
  const fresh = (): number => {
    const limit = r.chance(0.7) && ext < P.dataBytes ? P.dataBytes : memBytes;
    let s: number;
    if (a.astep >= 0) s = r.range(0, Math.max(0, limit - ext));
    else s = r.range(Math.min(ext, limit - 16), Math.max(ext, limit - 16));
    return r.chance(0.85) ? s - (s % a.ew) : s;
  };
  const kind = r.weighted([50, earlier.length > 0 ? 30 : 0, 5, 3, 6, 1, 1]);
  switch (kind) {
    case 0:
      a.start = fresh();
      break;
    case 1: {
      const b = r.pick(earlier);
      a.start = b.start + r.pick([0, 0, 1, -1, 2, -2, a.ew, -a.ew, 2 * a.ew, -2 * a.ew, b.astep, -b.astep, Math.trunc((b.astep * T) / 2), 16, -16]);
      break;
    }
    case 2: {
      const e = r.pick([0, 0, 0, 1, 2, a.ew, -a.ew, -1, a.astep]);
      a.start = a.astep > 0 ? memBytes - (T - 1) * a.astep - a.ew + e : memBytes - a.ew + e;
      break;
    }
    case 3: {
      const e = r.pick([0, 0, -1, -a.ew, 1]);
      a.start = a.astep < 0 ? (T - 1) * -a.astep + e : Math.max(0, e);
      break;
    }
    case 4:
      a.start = fresh();
      a.K = r.pick([0x80000000, 0x7ffffff0, 0xffffff00, 0xfffffffc, 0x10000, 0xffff0000]) | 0;
      break;
    case 5:
      a.start = memBytes + r.range(0, 64);
      break;
    default:
      a.start = r.u32();
  }
  a.start = u32(a.start);
}

/** Bases from starts, now that the counter's start is known: base = start - c0·scale - K. */
function finalizeBases(arrs: readonly Arr[], c0: Const32): void {
  for (const a of arrs) {
    if (a.mode === 'idx') a.base.v = (a.start - Math.imul(c0.v, a.scale) - a.K) | 0;
    else a.base.v = (a.start - a.K) | 0;
  }
}
