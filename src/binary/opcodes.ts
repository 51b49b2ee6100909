/**
 * The opcode table: the single source of truth for WebAssembly instructions.
 *
 * Every row gives the instruction's text name, its encoding, the kind of immediates that
 * follow it, and — for instructions whose typing is a fixed signature — that signature. The
 * decoder reads immediates by `imm`, the validator checks `sig` generically (and handles the
 * rows without `sig` by hand), and the translator dispatches on `family` and `name`.
 * Nothing else in the project lists opcodes.
 *
 * Encoding: `code` is the opcode byte; for prefixed instructions `prefix` is 0xFC (or 0xFD for
 * SIMD) and `code` is the u32 sub-opcode that follows it.
 */
import type { ValType } from './module.js';

/** Which immediates follow the opcode (see `Instr` in module.ts for the fields they fill). */
export type Imm =
  | 'none'
  | 'block'
  | 'idx'
  | 'br_table'
  | 'call_indirect'
  | 'memarg'
  | 'mem'
  | 'i32'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'select_t'
  | 'reftype'
  | 'idx_idx'
  | 'v128'
  | 'memarg_lane'
  | 'lane'
  | 'shuffle';

/** Instruction families; the translator has one file per family. */
export type Family =
  | 'control'
  | 'parametric'
  | 'variable'
  | 'table'
  | 'memory'
  | 'numeric'
  | 'reference'
  | 'simd';

export interface OpInfo {
  /** Text-format name, e.g. `i32.add`. */
  name: string;
  /** 0 for single-byte opcodes, else 0xFC / 0xFD. */
  prefix: number;
  /** The opcode byte, or the sub-opcode after the prefix. */
  code: number;
  imm: Imm;
  family: Family;
  /** Fixed typing `params → results`, when the instruction has one. */
  sig?: { params: ValType[]; results: ValType[] };
  /** Loads and stores: bytes accessed in memory (alignment must be ≤ log2 of it). */
  memBytes?: number;
}

const I32: ValType = 'i32';
const I64: ValType = 'i64';
const F32: ValType = 'f32';
const F64: ValType = 'f64';

export const OPCODES: OpInfo[] = [];

function op(name: string, code: number, imm: Imm, family: Family, prefix = 0): OpInfo {
  const row: OpInfo = { name, prefix, code, imm, family };
  OPCODES.push(row);
  return row;
}

function sigop(name: string, code: number, params: ValType[], results: ValType[], prefix = 0): void {
  op(name, code, 'none', 'numeric', prefix).sig = { params, results };
}

// ---- control (0x00–0x11) ------------------------------------------------------------------
op('unreachable', 0x00, 'none', 'control');
op('nop', 0x01, 'none', 'control');
op('block', 0x02, 'block', 'control');
op('loop', 0x03, 'block', 'control');
op('if', 0x04, 'block', 'control');
op('else', 0x05, 'none', 'control');
op('end', 0x0b, 'none', 'control');
op('br', 0x0c, 'idx', 'control');
op('br_if', 0x0d, 'idx', 'control');
op('br_table', 0x0e, 'br_table', 'control');
op('return', 0x0f, 'none', 'control');
op('call', 0x10, 'idx', 'control');
op('call_indirect', 0x11, 'call_indirect', 'control');

// ---- parametric ---------------------------------------------------------------------------
op('drop', 0x1a, 'none', 'parametric');
op('select', 0x1b, 'none', 'parametric');
op('select', 0x1c, 'select_t', 'parametric');

// ---- variables ----------------------------------------------------------------------------
op('local.get', 0x20, 'idx', 'variable');
op('local.set', 0x21, 'idx', 'variable');
op('local.tee', 0x22, 'idx', 'variable');
op('global.get', 0x23, 'idx', 'variable');
op('global.set', 0x24, 'idx', 'variable');

// ---- tables -------------------------------------------------------------------------------
op('table.get', 0x25, 'idx', 'table');
op('table.set', 0x26, 'idx', 'table');

// ---- memory: loads and stores ---------------------------------------------------------------
function load(name: string, code: number, result: ValType, bytes: number): void {
  const row = op(name, code, 'memarg', 'memory');
  row.sig = { params: [I32], results: [result] };
  row.memBytes = bytes;
}
function store(name: string, code: number, value: ValType, bytes: number): void {
  const row = op(name, code, 'memarg', 'memory');
  row.sig = { params: [I32, value], results: [] };
  row.memBytes = bytes;
}
load('i32.load', 0x28, I32, 4);
load('i64.load', 0x29, I64, 8);
load('f32.load', 0x2a, F32, 4);
load('f64.load', 0x2b, F64, 8);
load('i32.load8_s', 0x2c, I32, 1);
load('i32.load8_u', 0x2d, I32, 1);
load('i32.load16_s', 0x2e, I32, 2);
load('i32.load16_u', 0x2f, I32, 2);
load('i64.load8_s', 0x30, I64, 1);
load('i64.load8_u', 0x31, I64, 1);
load('i64.load16_s', 0x32, I64, 2);
load('i64.load16_u', 0x33, I64, 2);
load('i64.load32_s', 0x34, I64, 4);
load('i64.load32_u', 0x35, I64, 4);
store('i32.store', 0x36, I32, 4);
store('i64.store', 0x37, I64, 8);
store('f32.store', 0x38, F32, 4);
store('f64.store', 0x39, F64, 8);
store('i32.store8', 0x3a, I32, 1);
store('i32.store16', 0x3b, I32, 2);
store('i64.store8', 0x3c, I64, 1);
store('i64.store16', 0x3d, I64, 2);
store('i64.store32', 0x3e, I64, 4);
op('memory.size', 0x3f, 'mem', 'memory').sig = { params: [], results: [I32] };
op('memory.grow', 0x40, 'mem', 'memory').sig = { params: [I32], results: [I32] };

// ---- constants ----------------------------------------------------------------------------
op('i32.const', 0x41, 'i32', 'numeric').sig = { params: [], results: [I32] };
op('i64.const', 0x42, 'i64', 'numeric').sig = { params: [], results: [I64] };
op('f32.const', 0x43, 'f32', 'numeric').sig = { params: [], results: [F32] };
op('f64.const', 0x44, 'f64', 'numeric').sig = { params: [], results: [F64] };

// ---- numeric: comparisons, arithmetic, conversions (0x45–0xC4) ------------------------------
/** Rows for a run of consecutive opcodes sharing one signature. */
function run(type: string, first: number, names: string[], params: ValType[], results: ValType[]): void {
  names.forEach((n, i) => sigop(`${type}.${n}`, first + i, params, results));
}
const icmp = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const fcmp = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
const iunop = ['clz', 'ctz', 'popcnt'];
const ibinop = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const funop = ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'];
const fbinop = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];

sigop('i32.eqz', 0x45, [I32], [I32]);
run('i32', 0x46, icmp, [I32, I32], [I32]);
sigop('i64.eqz', 0x50, [I64], [I32]);
run('i64', 0x51, icmp, [I64, I64], [I32]);
run('f32', 0x5b, fcmp, [F32, F32], [I32]);
run('f64', 0x61, fcmp, [F64, F64], [I32]);
run('i32', 0x67, iunop, [I32], [I32]);
run('i32', 0x6a, ibinop, [I32, I32], [I32]);
run('i64', 0x79, iunop, [I64], [I64]);
run('i64', 0x7c, ibinop, [I64, I64], [I64]);
run('f32', 0x8b, funop, [F32], [F32]);
run('f32', 0x92, fbinop, [F32, F32], [F32]);
run('f64', 0x99, funop, [F64], [F64]);
run('f64', 0xa0, fbinop, [F64, F64], [F64]);

sigop('i32.wrap_i64', 0xa7, [I64], [I32]);
sigop('i32.trunc_f32_s', 0xa8, [F32], [I32]);
sigop('i32.trunc_f32_u', 0xa9, [F32], [I32]);
sigop('i32.trunc_f64_s', 0xaa, [F64], [I32]);
sigop('i32.trunc_f64_u', 0xab, [F64], [I32]);
sigop('i64.extend_i32_s', 0xac, [I32], [I64]);
sigop('i64.extend_i32_u', 0xad, [I32], [I64]);
sigop('i64.trunc_f32_s', 0xae, [F32], [I64]);
sigop('i64.trunc_f32_u', 0xaf, [F32], [I64]);
sigop('i64.trunc_f64_s', 0xb0, [F64], [I64]);
sigop('i64.trunc_f64_u', 0xb1, [F64], [I64]);
sigop('f32.convert_i32_s', 0xb2, [I32], [F32]);
sigop('f32.convert_i32_u', 0xb3, [I32], [F32]);
sigop('f32.convert_i64_s', 0xb4, [I64], [F32]);
sigop('f32.convert_i64_u', 0xb5, [I64], [F32]);
sigop('f32.demote_f64', 0xb6, [F64], [F32]);
sigop('f64.convert_i32_s', 0xb7, [I32], [F64]);
sigop('f64.convert_i32_u', 0xb8, [I32], [F64]);
sigop('f64.convert_i64_s', 0xb9, [I64], [F64]);
sigop('f64.convert_i64_u', 0xba, [I64], [F64]);
sigop('f64.promote_f32', 0xbb, [F32], [F64]);
sigop('i32.reinterpret_f32', 0xbc, [F32], [I32]);
sigop('i64.reinterpret_f64', 0xbd, [F64], [I64]);
sigop('f32.reinterpret_i32', 0xbe, [I32], [F32]);
sigop('f64.reinterpret_i64', 0xbf, [I64], [F64]);
sigop('i32.extend8_s', 0xc0, [I32], [I32]);
sigop('i32.extend16_s', 0xc1, [I32], [I32]);
sigop('i64.extend8_s', 0xc2, [I64], [I64]);
sigop('i64.extend16_s', 0xc3, [I64], [I64]);
sigop('i64.extend32_s', 0xc4, [I64], [I64]);

// ---- references ---------------------------------------------------------------------------
op('ref.null', 0xd0, 'reftype', 'reference');
op('ref.is_null', 0xd1, 'none', 'reference');
op('ref.func', 0xd2, 'idx', 'reference');

// ---- 0xFC prefix: saturating truncation, bulk memory, table instructions --------------------
const FC = 0xfc;
sigop('i32.trunc_sat_f32_s', 0, [F32], [I32], FC);
sigop('i32.trunc_sat_f32_u', 1, [F32], [I32], FC);
sigop('i32.trunc_sat_f64_s', 2, [F64], [I32], FC);
sigop('i32.trunc_sat_f64_u', 3, [F64], [I32], FC);
sigop('i64.trunc_sat_f32_s', 4, [F32], [I64], FC);
sigop('i64.trunc_sat_f32_u', 5, [F32], [I64], FC);
sigop('i64.trunc_sat_f64_s', 6, [F64], [I64], FC);
sigop('i64.trunc_sat_f64_u', 7, [F64], [I64], FC);
op('memory.init', 8, 'idx_idx', 'memory', FC).sig = { params: [I32, I32, I32], results: [] };
op('data.drop', 9, 'idx', 'memory', FC).sig = { params: [], results: [] };
op('memory.copy', 10, 'idx_idx', 'memory', FC).sig = { params: [I32, I32, I32], results: [] };
op('memory.fill', 11, 'mem', 'memory', FC).sig = { params: [I32, I32, I32], results: [] };
op('table.init', 12, 'idx_idx', 'table', FC).sig = { params: [I32, I32, I32], results: [] };
op('elem.drop', 13, 'idx', 'table', FC).sig = { params: [], results: [] };
op('table.copy', 14, 'idx_idx', 'table', FC).sig = { params: [I32, I32, I32], results: [] };
op('table.grow', 15, 'idx', 'table', FC);
op('table.size', 16, 'idx', 'table', FC).sig = { params: [], results: [I32] };
op('table.fill', 17, 'idx', 'table', FC);

// ---- lookup -------------------------------------------------------------------------------
const single = new Map<number, OpInfo>();
const prefixed = new Map<number, Map<number, OpInfo>>();
for (const row of OPCODES) {
  if (row.prefix === 0) single.set(row.code, row);
  else {
    let m = prefixed.get(row.prefix);
    if (m === undefined) prefixed.set(row.prefix, (m = new Map()));
    m.set(row.code, row);
  }
}

/** The row for a single-byte opcode, or undefined. */
export function lookupOp(code: number): OpInfo | undefined {
  return single.get(code);
}

/** The row for a prefixed opcode (prefix 0xFC / 0xFD, then a u32 sub-opcode), or undefined. */
export function lookupPrefixedOp(prefix: number, code: number): OpInfo | undefined {
  return prefixed.get(prefix)?.get(code);
}

/** True for opcode bytes that introduce a prefixed instruction. */
export function isPrefix(byte: number): boolean {
  return prefixed.has(byte);
}

const byName = new Map<string, OpInfo>();
for (const row of OPCODES) if (!byName.has(row.name)) byName.set(row.name, row);

/** The row for a text name (for tests and tools); `select` gives the untyped form. */
export function opByName(name: string): OpInfo {
  const row = byName.get(name);
  if (row === undefined) throw new Error(`no such instruction: ${name}`);
  return row;
}
