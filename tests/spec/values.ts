/**
 * Wasm values between the converters' JSON and the host's line protocol
 * (docs/spec-harness.md): encoding arguments as `TYPE:PAYLOAD` and checking results against
 * expectations, including `nan:canonical` / `nan:arithmetic` (also per lane of a v128), `either`
 * (any one of several results) and the reference forms.
 *
 * Integers come as decimal strings, unsigned from wast2json ("4294967295"), signed from
 * wasm-tools ("-1"): both are read as bits of the width. Floats are the decimal of their bits
 * (f32 "2143289344"); a v128 is a lane type plus one such string per lane.
 *
 * References: `{type, value}` with value "null", a host value "N" (`ref.extern N`, `ref.host
 * N`), or no value. Without a value, `refnull` is any null reference (`(ref.null)`), a type
 * `null…ref` (`nullref`, `nullfuncref`, `nullexternref`, `nullexnref`) the null of that
 * hierarchy, and any other reference type a non-null reference of that type (`(ref.func)`,
 * `(ref.struct)`). A null is judged by hierarchy (the host prints a result's static type);
 * anything else by its type: funcref, externref and exnref exactly; a GC reference (the host
 * prints what it is: `i31ref:V`, `structref:nonnull`, `arrayref:nonnull`, a host value
 * `anyref:N`) matches an abstract type it lies below (`i31ref`, `structref`, `arrayref` ≤
 * `eqref` ≤ `anyref`), so `(ref.eq)` accepts an i31 and `(ref.any)` a host value.
 */

/** A value or expectation as a converter writes it. */
export interface WastValue {
  type: string;
  /** Absent for the reference forms above. */
  value?: string | string[];
  lane_type?: string;
  /** `either`: the results any one of which is right (relaxed SIMD). */
  values?: WastValue[];
}

/** The hierarchy (func, extern, any, exn) of a reference type, undefined for other types. */
function hierarchy(type: string): string | undefined {
  switch (type) {
    case 'funcref':
    case 'nullfuncref':
      return 'func';
    case 'externref':
    case 'nullexternref':
      return 'extern';
    case 'anyref':
    case 'eqref':
    case 'i31ref':
    case 'structref':
    case 'arrayref':
    case 'nullref':
      return 'any';
    case 'exnref':
    case 'nullexnref':
      return 'exn';
    default:
      return undefined;
  }
}

/** The abstract GC types the host prints, each with the one directly above it. */
const ANY_PARENT: Readonly<Record<string, string>> = { i31ref: 'eqref', structref: 'eqref', arrayref: 'eqref', eqref: 'anyref' };

/** Whether a result of type `got` (as the host prints it) lies at or below abstract type `want`. */
function below(got: string, want: string): boolean {
  for (let t: string | undefined = got; t !== undefined; t = ANY_PARENT[t]) if (t === want) return true;
  return false;
}

/** Whether an expectation without a value stands for a null (`refnull`, `null…ref`). */
function isNullForm(v: WastValue): boolean {
  return v.value === undefined && (v.type === 'refnull' || v.type.startsWith('null'));
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
    default:
      if (hierarchy(v.type) === undefined) throw new Error(`unsupported argument type ${v.type}`);
      // Null of any hierarchy, a host externref, or a host value as an anyref (`(ref.host N)`).
      return `${v.type}:${isNullForm(v) ? 'null' : scalar(v)}`;
  }
}

/** An expectation as text, for failure messages. */
export function formatExpected(v: WastValue): string {
  if (v.type === 'either') return `either(${(v.values ?? []).map(formatExpected).join(' | ')})`;
  if (v.type === 'v128' && Array.isArray(v.value)) {
    if (v.value.some((l) => l.startsWith('nan:'))) return `v128:${v.lane_type}[${v.value.join(' ')}]`;
    return encodeArg(v);
  }
  if (v.value === undefined) return isNullForm(v) ? `${v.type}:null` : `${v.type}:nonnull`;
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

/** A reference result `TYPE:PAYLOAD` against a reference expectation (see the top). */
function refMatches(expected: WastValue, type: string, payload: string): boolean {
  const h = hierarchy(type);
  if (h === undefined) return false;
  if (isNullForm(expected)) return payload === 'null' && (expected.type === 'refnull' || hierarchy(expected.type) === h);
  if (expected.value === 'null') return payload === 'null' && hierarchy(expected.type) === h;
  if (payload === 'null') return false;
  if (expected.value === undefined) return h === 'any' ? below(type, expected.type) : type === expected.type;
  return type === expected.type && payload === scalar(expected);
}

/** Check one result `TYPE:PAYLOAD` from the host against an expectation. */
function matches(expected: WastValue, got: string): boolean {
  if (expected.type === 'either') return (expected.values ?? []).some((alt) => matches(alt, got));
  const colon = got.indexOf(':');
  if (colon < 0) return false;
  const type = got.slice(0, colon);
  const payload = got.slice(colon + 1).toLowerCase();
  if (expected.type === 'refnull' || hierarchy(expected.type) !== undefined) return refMatches(expected, type, payload);
  if (type !== expected.type) return false;
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
