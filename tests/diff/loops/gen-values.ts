/**
 * The loop fuzzer's generator of one function, the part below the loop nest: its knobs (P) and
 * near-miss kinds, the element families of an array (the loads and stores that fit each), the
 * arrays a loop walks (Arr), and FuncGen, the state of one function (its locals and labels)
 * with the builders of addresses, values and body statements (stores, reductions, `if` arms,
 * copies). gen-exit.ts builds a loop's exit and gen-nest.ts a whole nest with them.
 */
import type { Rng } from '../../fuzz/rng.js';
import { get, i32c, isPow2, op, set, widthOf, type Const32, type Expr, type Stmt, type VT } from './ast.js';
import { renderExpr } from './render.js';

/**
 * A store of a value loaded from the very same address is moved one element on: LLVM deletes
 * `store(p, load(p))`, and in guard mode the out-of-bounds fault with it, so a loop that should
 * end in that fault runs on (guard mode's dead-load gap, not what this test is about; a loop
 * then hangs, which costs a timeout and is excused only when diff.ts proves it that gap).
 */
function noSelfCopy(s: Stmt & { k: 'store' }, ew: number): Stmt {
  const v = s.value;
  if (v.k === 'load' && v.offset === s.offset && renderExpr(v.addr) === renderExpr(s.addr)) v.offset += ew;
  return s;
}

/** Element families of an array: the loads and stores that fit it. */
export type Fam = 'i32' | 'i64' | 'f32' | 'f64' | 'i8' | 'i16';
export const FAMS: readonly Fam[] = ['i32', 'i64', 'f32', 'f64', 'i8', 'i16'];
export const FAM_WIDTH: Record<Fam, number> = { i32: 4, i64: 8, f32: 4, f64: 8, i8: 1, i16: 2 };
const LOADS: Record<Fam, readonly string[]> = {
  i32: ['i32.load', 'i64.load32_s', 'i64.load32_u'],
  i64: ['i64.load'],
  f32: ['f32.load'],
  f64: ['f64.load'],
  i8: ['i32.load8_s', 'i32.load8_u', 'i64.load8_s', 'i64.load8_u'],
  i16: ['i32.load16_s', 'i32.load16_u', 'i64.load16_s', 'i64.load16_u'],
};
export const STORES: Record<Fam, readonly string[]> = {
  i32: ['i32.store', 'i64.store32'],
  i64: ['i64.store'],
  f32: ['f32.store'],
  f64: ['f64.store'],
  i8: ['i32.store8', 'i64.store8'],
  i16: ['i32.store16', 'i64.store16'],
};
const ALL_LOADS = Object.values(LOADS).flat();
const ALL_STORES = Object.values(STORES).flat();
export const resultType = (o: string): VT => o.slice(0, 3) as VT;

/** An array a loop walks: the addresses of a group of its accesses. */
export interface Arr {
  /** Indexed by the counter (base + c·scale + K), a pointer IV, or a fixed cell. */
  mode: 'idx' | 'ptr' | 'cell';
  /** The element family, and its width in bytes. */
  fam: Fam;
  ew: number;
  /** idx: bytes per unit of the counter (address = base + c·scale + K). */
  scale: number;
  /** idx with a local base, or ptr: the local. */
  local?: string;
  /** idx / cell: the base (the address for c = 0, minus K); ptr: the pointer's start value. */
  base: Const32;
  /** Change of `base` per outer iteration. */
  odelta: number;
  /** A large constant in every address, compensated in base (wrapping tests). */
  K: number;
  /** Intended address at iteration 0. */
  start: number;
  /** ptr: bytes per iteration. */
  pstep: number;
  /** Bytes the address moves per iteration. */
  astep: number;
  /** ptr: updated by a tee inside a store address. */
  teeUpdate: boolean;
  /** A temporary holding this array's address + tempK, set at the top of the body. */
  temp?: string;
  tempK: number;
  /**
   * Accesses of one width (ew), at whole elements from each other, and a step of whole
   * elements: what the analysis requires of a group (else 'accesses of a group overlap
   * partially'). False for the partialOverlap near miss: any width, offset and step.
   */
  aligned: boolean;
}

/** The kinds of near miss a nest may get, one picked at random (partialOverlap twice as often). */
export const NEAR_MISSES = [
  'call', 'brEarly', 'continue', 'exitStep', 'varAddr', 'div', 'trunc', 'simd', 'ifElse', 'nestedIf', 'blockType',
  'noStore', 'dirMismatch', 'bothVary', 'gsetArm', 'memInBody', 'leExit', 'eqzExit', 'xorExit', 'selectExit',
  'ivInArm', 'xorIv', 'scaleIv', 'stepZero', 'partialOverlap', 'partialOverlap', 'bigStep', 'unreachableArm', 'wrapAddr',
] as const;
export type NearMiss = (typeof NEAR_MISSES)[number];
/** The near misses that make the nest's first array a pointer with an unusual update (and keep it out of the exit). */
export const POINTER_NEAR_MISSES: ReadonlySet<NearMiss> = new Set(['ivInArm', 'xorIv', 'scaleIv', 'stepZero', 'bigStep']);

/** The generator's knobs (defaults tuned so that roughly half the entries take the fast path). */
export const P = {
  /** Chances that a nest gets a near miss, an outer loop, a block around its loop; that a function first grows the memory. */
  nearMiss: 0.3,
  outer: 0.3,
  block: 0.15,
  grow: 0.3,
  /** Exported functions per module, nests per function (ranges). */
  funcs: [4, 7] as const,
  nests: [1, 2] as const,
  /** Interpreter budget: loop iterations per function. */
  cap: 150_000,
  /** Bytes of random data at address 0. */
  dataBytes: 16384,
};

/** What the builders of one loop's body share. */
export interface BodyCtx {
  /** The loop's arrays. */
  arrs: Arr[];
  /** The counter, the `last` local set in `if` arms, and the counter of taken arms. */
  c: string;
  last: string;
  cnt: string;
  /** The noStore near miss: no store anywhere in the body. */
  noStore: boolean;
  /** Building an `if` arm (storeTo may then tee `last`). */
  inArm: boolean;
}

/** The generator of one exported function: its locals, labels and the builders of a loop's body. */
export class FuncGen {
  /** The function's locals and their types, in declaration order. */
  readonly locals = new Map<string, VT>();
  /** Labels made so far (the next label's number). */
  private labels = 0;

  constructor(
    /** The module's random stream. */
    readonly r: Rng,
    /** The memory's size in bytes where the nest being built runs. */
    readonly memBytes: () => number,
  ) {
    for (const [l, t] of [['$h', 'i64'], ['$ai', 'i32'], ['$al', 'i64'], ['$af', 'f32'], ['$ad', 'f64']] as const) this.locals.set(l, t);
  }

  local(name: string, t: VT = 'i32'): string {
    this.locals.set(name, t);
    return name;
  }

  label(prefix: '$L' | '$B' | '$O'): string {
    return `${prefix}${this.labels++}`;
  }

  /** `e + c`, as an add or a sub of the negated constant. */
  plus(e: Expr, c: number): Expr {
    c |= 0;
    if (c === 0) return e;
    if (this.r.chance(0.3) && c !== -(2 ** 31)) return op('i32.sub', e, i32c(-c));
    return this.r.chance(0.2) ? op('i32.add', i32c(c), e) : op('i32.add', e, i32c(c));
  }

  /** `c · scale` (shl, mul, or a negated form for negative scales); neg: subtract it. */
  scaled(c: string, scale: number): { e: Expr; neg: boolean } {
    const r = this.r;
    const mag = Math.abs(scale);
    if (scale < 0 && r.chance(0.5)) return { e: this.scaled(c, mag).e, neg: true };
    if (scale === 1) return { e: get(c), neg: false };
    if (isPow2(mag) && scale > 0 && r.chance(0.6)) return { e: op('i32.shl', get(c), i32c(Math.log2(mag))), neg: false };
    return { e: r.chance(0.7) ? op('i32.mul', get(c), i32c(scale)) : op('i32.mul', i32c(scale), get(c)), neg: false };
  }

  /** h = h · 31 + l */
  mix(l: string): Stmt {
    return set('$h', op('i64.add', op('i64.mul', get('$h'), { k: 'const', t: 'i64', text: '31' }), op('i64.extend_i32_u', get(l))));
  }

  /** `l += step`, as one set, two halves or a sub, inserted at random places. */
  update(l: string, step: number, insert: (s: Stmt, anywhere?: boolean) => void, unit = 1): void {
    const r = this.r;
    if (Math.abs(step) >= 2 * unit && r.chance(0.2)) {
      // Two halves, each a multiple of unit (an aligned pointer stays on whole elements).
      const a = r.range(1, Math.abs(step) / unit - 1) * unit * Math.sign(step);
      insert(set(l, op('i32.add', get(l), i32c(a))), true);
      insert(set(l, op('i32.add', get(l), i32c(step - a))), true);
      return;
    }
    const forms: Array<() => Expr> = [
      () => op('i32.add', get(l), i32c(step)),
      () => op('i32.sub', get(l), i32c(-step)),
      () => op('i32.add', i32c(step), get(l)),
      // Affine but unusual: 2l + step - l, and (l + a) + (step - a).
      () => op('i32.sub', op('i32.add', op('i32.shl', get(l), i32c(1)), i32c(step)), get(l)),
      () => op('i32.add', op('i32.add', get(l), i32c(7)), i32c(step - 7)),
    ];
    insert(set(l, forms[r.weighted([50, 20, 10, 10, 10])]!()), true);
  }

  // ---- addresses, values, statements ----------------------------------------------------------

  /** The address of array `a` plus k, not through its temporary. */
  addrExprRaw(ctx: BodyCtx, a: Arr, k: number): Expr {
    const r = this.r;
    if (a.mode === 'ptr') return this.plus(get(a.local!), a.K + k);
    const base: Expr = a.local !== undefined ? get(a.local) : a.base;
    if (a.mode === 'cell') return this.plus(base, a.K + k);
    const s = this.scaled(ctx.c, a.scale);
    const sum = s.neg ? op('i32.sub', base, s.e) : r.chance(0.5) ? op('i32.add', base, s.e) : op('i32.add', s.e, base);
    return this.plus(sum, a.K + k);
  }

  addrExpr(ctx: BodyCtx, a: Arr, k: number): Expr {
    if (a.temp !== undefined && this.r.chance(0.5)) return this.plus(get(a.temp), k - a.tempK);
    return this.addrExprRaw(ctx, a, k);
  }

  /** A relative element position and a memarg offset for an access to `a`. */
  where(a: Arr): { k: number; offset: number } {
    const r = this.r;
    const e = a.aligned ? a.ew : 1;
    const k = [0, 0, 0, 0, a.ew, -a.ew, 2 * a.ew, a.astep, -a.astep, e * r.range(-8, 8)][r.int(10)]!;
    const offset = [0, a.ew, e * r.range(1, 32), 65536, 0xfffffff0][r.weighted([780, 100, 118, 1, 1])]!;
    return { k, offset };
  }

  load(ctx: BodyCtx, a: Arr, t: VT): Expr {
    const r = this.r;
    const { k, offset } = this.where(a);
    const at = (o: string): Expr => ({ k: 'load', op: o, addr: this.addrExpr(ctx, a, k), offset, ...(r.chance(0.1) ? { align: 1 } : {}) });
    if (!a.aligned) {
      let ops = LOADS[a.fam].filter((o) => resultType(o) === t);
      if (ops.length === 0 || r.chance(0.1)) ops = ALL_LOADS.filter((o) => resultType(o) === t);
      return at(r.pick(ops));
    }
    // The array's width: its family's loads, other types' of the same width (punning), or an
    // integer load of that width converted (floats by reinterpretation: raw bits, which the
    // callers only copy).
    const same = ALL_LOADS.filter((o) => resultType(o) === t && widthOf(o) === a.ew);
    const own = same.filter((o) => LOADS[a.fam].includes(o));
    if (own.length > 0 && r.chance(0.9)) return at(r.pick(own));
    if (same.length > 0) return at(r.pick(same));
    const int = r.pick(ALL_LOADS.filter((o) => o.startsWith('i') && widthOf(o) === a.ew));
    const v = at(int);
    const it = resultType(int);
    switch (t) {
      case 'i32': return it === 'i32' ? v : op('i32.wrap_i64', v);
      case 'i64': return it === 'i64' ? v : op('i64.extend_i32_u', v);
      case 'f32': return op('f32.reinterpret_i32', it === 'i32' ? v : op('i32.wrap_i64', v));
      case 'f64': return op('f64.reinterpret_i64', it === 'i64' ? v : op('i64.extend_i32_u', v));
    }
  }

  /** A value of type t: integers anything; floats only from integers (never NaN). */
  val(ctx: BodyCtx, t: VT, depth: number): Expr {
    const r = this.r;
    const leaf = depth <= 0 || r.chance(0.35);
    const arr = (): Arr => r.pick(ctx.arrs);
    switch (t) {
      case 'i32':
        if (leaf) {
          switch (r.weighted([45, 15, 10, 10, 8, 6, 6])) {
            case 0: return this.load(ctx, arr(), 'i32');
            case 1: return get(ctx.c);
            case 2: return get('$ai');
            case 3: return i32c(r.pick([0, 1, -1, 7, 255, 0x7fffffff, r.u32()]));
            case 4: return get(ctx.last);
            case 5: return op('i32.reinterpret_f32', this.load(ctx, arr(), 'f32'));
            default: return op('i32.trunc_sat_f64_s', this.val(ctx, 'f64', 0));
          }
        }
        switch (r.weighted([50, 15, 10, 8, 8, 9])) {
          case 0: return op(r.pick(['i32.add', 'i32.sub', 'i32.mul', 'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_u', 'i32.shr_s', 'i32.rotl', 'i32.rotr']), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          case 1: return op(r.pick(['i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.eqz', 'i32.extend8_s', 'i32.extend16_s']), this.val(ctx, 'i32', depth - 1));
          case 2: return op(r.pick(['i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.ge_u', 'i32.gt_s']), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          case 3: return op('i32.wrap_i64', this.val(ctx, 'i64', depth - 1));
          case 4: return op('select', this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          default: return op(r.pick(['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u']), this.val(ctx, 'f32', depth - 1));
        }
      case 'i64':
        if (leaf) {
          switch (r.weighted([45, 25, 10, 10, 10])) {
            case 0: return this.load(ctx, arr(), 'i64');
            case 1: return op(r.pick(['i64.extend_i32_s', 'i64.extend_i32_u']), this.val(ctx, 'i32', 0));
            case 2: return get('$al');
            case 3: return { k: 'const', t: 'i64', text: r.pick(['0', '1', '-1', '0x7fffffffffffffff', String(r.u32() * 65536 + r.int(65536))]) };
            default: return op('i64.reinterpret_f64', this.load(ctx, arr(), 'f64'));
          }
        }
        switch (r.weighted([60, 20, 20])) {
          case 0: return op(r.pick(['i64.add', 'i64.sub', 'i64.mul', 'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_u', 'i64.rotl']), this.val(ctx, 'i64', depth - 1), this.val(ctx, 'i64', depth - 1));
          case 1: return op(r.pick(['i64.popcnt', 'i64.clz', 'i64.extend32_s', 'i64.extend16_s']), this.val(ctx, 'i64', depth - 1));
          default: return op(r.pick(['i64.extend_i32_s', 'i64.extend_i32_u']), this.val(ctx, 'i32', depth - 1));
        }
      case 'f32':
      case 'f64': {
        // Finite values only: conversions of integers, small constants, the accumulators, one
        // level of add/sub/min/max and multiplication by small constants (no overflow to inf).
        const safeLeaf = (): Expr => {
          switch (r.weighted([55, 15, 15, 15])) {
            case 0: return op(`${t}.convert_i32_${r.pick(['s', 'u'])}`, this.val(ctx, 'i32', 1));
            case 1: return op(`${t}.convert_i64_s`, this.val(ctx, 'i64', 0));
            case 2: return { k: 'const', t, text: r.pick(['0', '1.5', '-2', '0.25', '1000000']) };
            default: return t === 'f32' ? op('f32.demote_f64', op('f64.convert_i32_s', get(ctx.c))) : op('f64.promote_f32', get('$af'));
          }
        };
        if (leaf) return safeLeaf();
        switch (r.weighted([50, 20, 15, 15])) {
          case 0: return op(r.pick([`${t}.add`, `${t}.sub`, `${t}.min`, `${t}.max`]), safeLeaf(), safeLeaf());
          case 1: return op(`${t}.mul`, safeLeaf(), { k: 'const', t, text: r.pick(['2', '0.5', '-3', '4']) });
          case 2: return op(r.pick([`${t}.neg`, `${t}.abs`, `${t}.floor`, `${t}.nearest`]), safeLeaf());
          default: return op(`${t}.copysign`, safeLeaf(), safeLeaf());
        }
      }
    }
  }

  /** A value for store op `o`: floats may also be raw loads (copied bits), neg/abs'ed. */
  valueFor(ctx: BodyCtx, o: string): Expr {
    const r = this.r;
    const t = resultType(o);
    if ((t === 'f32' || t === 'f64') && r.chance(0.4)) {
      const raw = this.load(ctx, r.pick(ctx.arrs), t);
      return r.chance(0.6) ? raw : op(`${t}.${r.pick(['neg', 'abs'])}`, raw);
    }
    if (r.chance(0.25)) return this.load(ctx, r.pick(ctx.arrs), t);
    return this.val(ctx, t, r.range(0, 2));
  }

  /** The array each store made by storeTo writes to. */
  readonly storeArr = new WeakMap<Stmt, Arr>();

  storeTo(ctx: BodyCtx, a: Arr): Stmt {
    const r = this.r;
    const o = r.chance(0.9) ? r.pick(STORES[a.fam]) : r.pick(a.aligned ? ALL_STORES.filter((x) => widthOf(x) === a.ew) : ALL_STORES);
    const { k, offset } = this.where(a);
    const addr = this.addrExpr(ctx, a, k);
    // Sometimes the arm's `last` is teed from the stored value.
    let value = this.valueFor(ctx, o);
    if (ctx.inArm && resultType(o) === 'i32' && r.chance(0.3)) value = { k: 'tee', l: ctx.last, e: value };
    const st = noSelfCopy({ k: 'store', op: o, addr, offset, value, ...(r.chance(0.1) ? { align: 1 } : {}) }, a.ew);
    this.storeArr.set(st, a);
    return st;
  }

  dataCond(ctx: BodyCtx): Expr {
    const r = this.r;
    const a = r.pick(ctx.arrs);
    switch (r.int(6)) {
      case 0: return op('i32.and', this.load(ctx, a, 'i32'), i32c(1));
      case 1: return op('i32.lt_s', this.load(ctx, a, 'i32'), i32c(0));
      case 2: return op('i32.gt_u', this.load(ctx, a, 'i32'), i32c(r.range(0, 255)));
      case 3: return op('i32.ne', this.load(ctx, a, 'i32'), this.load(ctx, r.pick(ctx.arrs), 'i32'));
      case 4: return op('f64.gt', this.val(ctx, 'f64', 1), { k: 'const', t: 'f64', text: '0' });
      default: return this.load(ctx, a, 'i32');
    }
  }

  /** One statement of the body (w: store, reduction, if, copy-through-global, drop, copy). */
  action(ctx: BodyCtx, w: number): Stmt {
    const r = this.r;
    if (ctx.noStore && (w === 0 || w === 5)) w = 1;
    switch (w) {
      case 0:
        return this.storeTo(ctx, r.pick(ctx.arrs));
      case 1:
        return this.reduction(ctx);
      case 2: {
        ctx.inArm = true;
        const then: Stmt[] = [];
        const n = r.range(1, 3);
        for (let i = 0; i < n; i++) {
          switch (r.weighted([ctx.noStore ? 0 : 45, 20, 20, 15])) {
            case 0: then.push(this.storeTo(ctx, r.pick(ctx.arrs))); break;
            case 1: then.push(this.reduction(ctx)); break;
            case 2: then.push(set(ctx.last, r.chance(0.5) ? get(ctx.c) : this.val(ctx, 'i32', 1))); break;
            default: then.push(set(ctx.cnt, op('i32.add', get(ctx.cnt), i32c(1))));
          }
        }
        ctx.inArm = false;
        const cond = r.chance(0.7)
          ? this.dataCond(ctx)
          : r.chance(0.5) ? op('i32.and', get(ctx.c), i32c(r.pick([1, 3, 4]))) : op('i32.gt_u', get(ctx.c), i32c(r.u32()));
        return { k: 'if', cond, then };
      }
      case 3:
        return { k: 'gset', e: op('i32.add', { k: 'gget' }, this.val(ctx, 'i32', 1)) };
      case 4:
        return { k: 'drop', e: this.val(ctx, r.pick(['i32', 'i64', 'f64'] as const), 1) };
      default: {
        // A plain copy between two arrays, same type.
        const a = r.pick(ctx.arrs);
        const o = r.pick(STORES[a.fam]);
        const { k, offset } = this.where(a);
        const addr = this.addrExpr(ctx, a, k);
        return noSelfCopy({ k: 'store', op: o, addr, offset, value: this.load(ctx, r.pick(ctx.arrs), resultType(o)) }, a.ew);
      }
    }
  }

  reduction(ctx: BodyCtx): Stmt {
    const r = this.r;
    switch (r.weighted([40, 25, 15, 20])) {
      case 0: return set('$ai', op(r.pick(['i32.add', 'i32.xor', 'i32.sub']), get('$ai'), this.val(ctx, 'i32', r.range(0, 2))));
      case 1: return set('$al', op(r.pick(['i64.add', 'i64.xor']), get('$al'), this.val(ctx, 'i64', r.range(0, 2))));
      case 2: return set('$af', op('f32.add', get('$af'), this.val(ctx, 'f32', r.range(0, 1))));
      default: return set('$ad', op(r.pick(['f64.add', 'f64.sub']), get('$ad'), this.val(ctx, 'f64', r.range(0, 1))));
    }
  }
}
