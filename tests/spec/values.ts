/**
 * Wasm values between wast2json's JSON and the host's line protocol (docs/spec-harness.md):
 * encoding arguments as `TYPE:PAYLOAD` and checking results against expectations, including
 * `nan:canonical` / `nan:arithmetic` (also per lane of a v128).
 *
 * wast2json writes numbers as unsigned decimal strings of their bits: i32 "4294967295",
 * f32 "2143289344"; v128 as a lane type plus one such string per lane.
 */

/** A value or expectation as wast2json writes it. */
export interface WastValue {
  type: string;
  /** Absent in assert_trap's expected types, and for "any non-null funcref". */
  value?: string | string[];
  lane_type?: string;
}

const LANE_BITS: Readonly<Record<string, number>> = { i8: 8, i16: 16, i32: 32, f32: 32, i64: 64, f64: 64 };

function hex(v: bigint, bits: number): string {
  return BigInt.asUintN(bits, v).toString(16).padStart(bits / 4, '0');
}

/** The 16 bytes of a v128 from its lanes (little-endian lanes, lane 0 first). */
function v128Bytes(laneType: string, lanes: readonly string[]): Uint8Array {
  const bits = LANE_BITS[laneType];
  if (bits === undefined) throw new Error(`unknown v128 lane type ${laneType}`);
  const bytes = new Uint8Array(16);
  const width = bits / 8;
  lanes.forEach((lane, i) => {
    let v = BigInt.asUintN(bits, BigInt(lane));
    for (let b = 0; b < width; b++) {
      bytes[i * width + b] = Number(v & 0xffn);
      v >>= 8n;
    }
  });
  return bytes;
}

/** Protocol payload of a v128: 32 hex digits, byte 15 first. */
function v128Payload(bytes: Uint8Array): string {
  let s = '';
  for (let i = 15; i >= 0; i--) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

function scalar(v: WastValue): string {
  if (typeof v.value !== 'string') throw new Error(`${v.type} value missing`);
  return v.value;
}

/** Encode an argument for an `invoke` request. */
export function encodeArg(v: WastValue): string {
  switch (v.type) {
    case 'i32':
    case 'f32':
      return `${v.type}:${hex(BigInt(scalar(v)), 32)}`;
    case 'i64':
    case 'f64':
      return `${v.type}:${hex(BigInt(scalar(v)), 64)}`;
    case 'v128':
      if (!Array.isArray(v.value) || v.lane_type === undefined) throw new Error('v128 lanes missing');
      return `v128:${v128Payload(v128Bytes(v.lane_type, v.value))}`;
    case 'funcref':
    case 'externref':
      return `${v.type}:${scalar(v)}`;
    default:
      throw new Error(`unsupported argument type ${v.type}`);
  }
}

/** An expectation as text, for failure messages. */
export function formatExpected(v: WastValue): string {
  if (v.type === 'v128' && Array.isArray(v.value)) {
    if (v.value.some((l) => l.startsWith('nan:'))) return `v128:${v.lane_type}[${v.value.join(' ')}]`;
    return encodeArg(v);
  }
  if (v.value === undefined) return v.type === 'funcref' ? 'funcref:nonnull' : v.type;
  const s = scalar(v);
  return s.startsWith('nan:') ? `${v.type}:${s}` : encodeArg(v);
}

/** Does a float's bits (width 32 or 64) match `nan:canonical` / `nan:arithmetic`? */
function nanMatches(kind: string, bits: bigint, width: 32 | 64): boolean {
  const mantissa = width === 32 ? 23n : 52n;
  const expAll = ((1n << (width === 32 ? 8n : 11n)) - 1n) << mantissa;
  const quiet = 1n << (mantissa - 1n);
  const abs = bits & ((1n << BigInt(width - 1)) - 1n);
  if (kind === 'nan:canonical') return abs === (expAll | quiet);
  if (kind === 'nan:arithmetic') return (abs & expAll) === expAll && (abs & quiet) !== 0n;
  throw new Error(`unknown NaN pattern ${kind}`);
}

/** Check one result `TYPE:PAYLOAD` from the host against an expectation. */
function matches(expected: WastValue, got: string): boolean {
  const colon = got.indexOf(':');
  if (colon < 0 || got.slice(0, colon) !== expected.type) return false;
  const payload = got.slice(colon + 1).toLowerCase();
  switch (expected.type) {
    case 'i32':
    case 'i64':
      return payload === encodeArg(expected).slice(4);
    case 'f32':
    case 'f64': {
      const want = scalar(expected);
      const width = expected.type === 'f32' ? 32 : 64;
      if (!/^[0-9a-f]+$/.test(payload) || payload.length !== width / 4) return false;
      if (want.startsWith('nan:')) return nanMatches(want, BigInt('0x' + payload), width);
      return payload === hex(BigInt(want), width);
    }
    case 'v128': {
      if (!Array.isArray(expected.value) || expected.lane_type === undefined) return false;
      if (!/^[0-9a-f]{32}$/.test(payload)) return false;
      const gotBytes = new Uint8Array(16);
      for (let i = 0; i < 16; i++) gotBytes[15 - i] = parseInt(payload.slice(2 * i, 2 * i + 2), 16);
      const bits = LANE_BITS[expected.lane_type]!;
      const width = bits / 8;
      return expected.value.every((lane, i) => {
        let v = 0n;
        for (let b = width - 1; b >= 0; b--) v = (v << 8n) | BigInt(gotBytes[i * width + b]!);
        if (lane.startsWith('nan:')) return nanMatches(lane, v, bits as 32 | 64);
        return v === BigInt.asUintN(bits, BigInt(lane));
      });
    }
    case 'funcref':
      // No value: `(ref.func)`, any non-null function reference.
      return expected.value === undefined ? payload !== 'null' : payload === scalar(expected);
    case 'externref':
      return expected.value === undefined ? payload !== 'null' : payload === scalar(expected);
    default:
      return false;
  }
}

/**
 * Compare the results of an `ok` reply with the expectations; undefined when they match,
 * else a message.
 */
export function checkResults(expected: readonly WastValue[], got: readonly string[]): string | undefined {
  const ok = expected.length === got.length && expected.every((e, i) => matches(e, got[i]!));
  if (ok) return undefined;
  return `expected (${expected.map(formatExpected).join(' ')}), got (${got.join(' ')})`;
}
