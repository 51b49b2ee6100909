// Input states for the instruction harness (tests/elf/insn-harness.ts): a seeded generator
// (the same seed gives the same states, so a reported failure reproduces) and the special
// values each lane type mixes into its random ones: zeros of both signs, infinities, quiet and
// signalling NaNs with payloads, subnormals, the edges of the integer ranges, ties for rounding.

import { FPCR_OFFSET, STATE_SIZE, vOffset, xOffset } from '../../src/elf/state.js';

/** What a case's registers hold: lanes of one FP or integer type. */
export type LaneType = 'f16' | 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'i64';

/** Bytes of the memory window each record carries (tests/elf/insn-driver.c MEM_SIZE). */
export const MEM_SIZE = 256;
/** Guest address of the memory window (tests/elf/insn-driver.c MEM_BASE). */
export const MEM_BASE = 0x40000000n;

/** A small seeded generator (mulberry32): deterministic across runs and platforms. */
export class Rng {
  /** The generator's 32-bit state. */
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return this.u32() % n;
  }

  /** `bits` uniform random bits (1..64). */
  bits(bits: number): bigint {
    const v = (BigInt(this.u32()) << 32n) | BigInt(this.u32());
    return bits === 64 ? v : v & ((1n << BigInt(bits)) - 1n);
  }

  /** One element of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
}

/** NaNs of each FP width: quiet and signalling, both signs, with payloads. */
const NANS: Record<16 | 32 | 64, bigint[]> = {
  16: [0x7e00n, 0xfe01n, 0x7c01n, 0xfd55n, 0x7e2an],
  32: [0x7fc00000n, 0xffc00123n, 0x7f800001n, 0xffa5a5a5n, 0x7fd0000fn],
  64: [0x7ff8000000000000n, 0xfff8000000000123n, 0x7ff0000000000001n, 0xfff4a5a5a5a5a5a5n, 0x7ffc00000000beefn],
};

/** Other special FP values, as bits: ±0, ±inf, subnormals, extremes, ties, integer edges. */
const FP_SPECIALS: Record<16 | 32 | 64, bigint[]> = {
  16: [0n, 0x8000n, 0x7c00n, 0xfc00n, 1n, 0x83ffn, 0x0400n, 0x7bffn, 0xfbffn, 0x3c00n, 0xbe00n, 0x3800n, 0x4100n, 0xc100n, 0x3e00n],
  32: [0n, 0x80000000n, 0x7f800000n, 0xff800000n, 1n, 0x807fffffn, 0x00800000n, 0x7f7fffffn, 0xff7fffffn, 0x3f800000n, 0xbfc00000n, 0x3f000000n,
    0x40200000n, 0xc0200000n, 0x4f000000n, 0xcf000000n, 0x4f800000n, 0x5f000000n, 0xdf000000n, 0x5f800000n, 0x3fc00000n, 0xbf000000n],
  64: [0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 1n, 0x800fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn,
    0xffefffffffffffffn, 0x3ff0000000000000n, 0xbff8000000000000n, 0x3fe0000000000000n, 0x4004000000000000n, 0xc004000000000000n,
    0x41e0000000000000n, 0xc1e0000000000000n, 0x41f0000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n, 0x43f0000000000000n,
    0x41dfffffffc00000n, 0xbfe0000000000000n, 0x3ff8000000000000n],
};

/** Bits of a moderate FP number: an integer, a half, or a value of random magnitude. */
function moderate(rng: Rng, width: 16 | 32 | 64): bigint {
  const kind = rng.below(3);
  const n = rng.below(2001) - 1000;
  const x = kind === 0 ? n : kind === 1 ? n + 0.5 : (rng.u32() / 2 ** 32 - 0.5) * 2 ** (rng.below(80) - 10);
  if (width === 64) return new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  if (width === 32) return BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
  return rng.bits(16); // f16: random bits cover the whole range well enough
}

/** Integer specials of a width: 0, ±1, the signed and unsigned extremes, a sign bit. */
function intSpecials(width: number): bigint[] {
  const all = (1n << BigInt(width)) - 1n;
  const sign = 1n << BigInt(width - 1);
  return [0n, 1n, all, sign - 1n, sign, 0x80n & all, 0x7fn, 2n, all - 1n];
}

/** How a state's lanes are chosen: all NaNs, all specials, or a mix with random values. */
export type Theme = 'nan' | 'special' | 'mixed';

/** One lane of `type` under `theme`. */
export function lane(rng: Rng, type: LaneType, theme: Theme): bigint {
  if (type[0] === 'f') {
    const width = Number(type.slice(1)) as 16 | 32 | 64;
    if (theme === 'nan' && rng.below(4) !== 0) return rng.pick(NANS[width]);
    const r = rng.below(4);
    if (theme === 'special' || r === 0) return rng.pick([...FP_SPECIALS[width], ...NANS[width]]);
    return r === 3 ? rng.bits(width) : moderate(rng, width);
  }
  const width = Number(type.slice(1));
  if (theme !== 'mixed' || rng.below(3) === 0) return rng.pick(intSpecials(width));
  return rng.below(3) === 0 ? BigInt(rng.below(200)) : rng.bits(width);
}

/** Writes `value` (`bytes` little-endian bytes) at `offset`. */
function put(buf: Uint8Array, offset: number, value: bigint, bytes: number): void {
  for (let i = 0; i < bytes; i++) buf[offset + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

/** Options of one generated state. */
export interface StateOptions {
  /** The lane type of the V registers. */
  lanes: LaneType;
  /** X registers that hold addresses into the memory window (at a small random offset). */
  mem: readonly number[];
  /** Which kind of state (see Theme). */
  theme: Theme;
  /** FPCR: 0, or with DN (default-NaN mode) set. */
  fpcr: bigint;
}

/** A random struct a64_state (X, NZCV, V, FPCR as given; FPSR zero) and memory window. */
export function randomState(rng: Rng, opts: StateOptions): { state: Uint8Array; mem: Uint8Array } {
  const state = new Uint8Array(STATE_SIZE);
  for (let n = 0; n < 31; n++) {
    const x = opts.mem.includes(n) ? MEM_BASE + BigInt(rng.below(64)) : rng.below(2) === 0 ? lane(rng, 'i64', opts.theme) : lane(rng, 'i32', opts.theme);
    put(state, xOffset(n), x, 8);
  }
  for (let f = 0; f < 4; f++) state[264 + f] = rng.below(2);
  put(state, FPCR_OFFSET, opts.fpcr, 8);
  const width = Number(opts.lanes.slice(1)) / 8;
  for (let n = 0; n < 32; n++) {
    for (let i = 0; i < 16; i += width) put(state, vOffset(n) + i, lane(rng, opts.lanes, opts.theme), width);
  }
  const mem = new Uint8Array(MEM_SIZE);
  for (let i = 0; i < MEM_SIZE; i++) mem[i] = rng.below(256);
  return { state, mem };
}
