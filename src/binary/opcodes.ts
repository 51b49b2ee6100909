/**
 * The opcode table: the single source of truth for WebAssembly instructions.
 *
 * Every row gives the instruction's text name, its encoding, the kind of immediates that
 * follow it, and — for instructions whose typing is a fixed signature — that signature. The
 * decoder reads immediates by `imm`, the validator checks `sig` generically (and handles the
 * rows without `sig` by hand), and the translator dispatches on `family` and `name`.
 * Nothing else in the project lists opcodes.
 *
 * Encoding: `code` is the opcode byte; for prefixed instructions `prefix` is 0xFC (0xFD for
 * SIMD, 0xFE for the threads proposal's atomics) and `code` is the u32 sub-opcode that follows
 * it.
 */
import type { ValType } from './types.js';
import { GC } from './unsupported.js';

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
  | 'shuffle'
  | 'try_table'
  | 'casttype'
  | 'br_on_cast'
  | 'zero';

/** Instruction families; the translator has one file per family. */
export type Family =
  | 'control'
  | 'parametric'
  | 'variable'
  | 'table'
  | 'memory'
  | 'numeric'
  | 'reference'
  | 'simd'
  | 'exception'
  | 'atomic';

export interface OpInfo {
  /** Text-format name, e.g. `i32.add`. */
  name: string;
  /** 0 for single-byte opcodes, else 0xFC / 0xFD / 0xFE. */
  prefix: number;
  /** The opcode byte, or the sub-opcode after the prefix. */
  code: number;
  imm: Imm;
  family: Family;
  /** Fixed typing `params → results`, when the instruction has one. */
  sig?: { params: ValType[]; results: ValType[] };
  /** Loads and stores: bytes accessed in memory (alignment must be ≤ log2 of it). */
  memBytes?: number;
  /**
   * The Wasm 3.0 feature of an instruction the translator does not compile yet;
   * src/translate/support.ts refuses a module using it (no row is marked today: tail calls,
   * relaxed SIMD and wide arithmetic are compiled).
   * Supporting the feature in the translator means dropping the mark here.
   */
  feature?: string;
  /**
   * SIMD instructions with a lane immediate (`lane`, `memarg_lane`): the number of lanes, so
   * the lane index must be < lanes. For `i8x16.shuffle` it is 32: each of its 16 lane indices
   * selects from the concatenation of both operands.
   */
  lanes?: number;
  /** ref.test and ref.cast: whether the reference type they name is nullable (the `null` forms). */
  nullable?: boolean;
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
// Tail calls (Wasm 3.0).
op('return_call', 0x12, 'idx', 'control');
op('return_call_indirect', 0x13, 'call_indirect', 'control');
// Typed function references (Wasm 3.0): call_ref and return_call_ref take a type index.
op('call_ref', 0x14, 'idx', 'control');
op('return_call_ref', 0x15, 'idx', 'control');
op('br_on_null', 0xd5, 'idx', 'control');
op('br_on_non_null', 0xd6, 'idx', 'control');
// Exception handling (Wasm 3.0): src/binary/tags.ts, src/validate/exceptions.ts,
// src/translate/exception.ts.
op('throw', 0x08, 'idx', 'exception');
op('throw_ref', 0x0a, 'none', 'exception');
op('try_table', 0x1f, 'try_table', 'exception');
// Legacy exception handling (try … catch … end, delegate, rethrow): lowered to the same machinery.
op('try', 0x06, 'block', 'exception');
op('catch', 0x07, 'idx', 'exception');
op('catch_all', 0x19, 'none', 'exception');
op('delegate', 0x18, 'idx', 'exception');
op('rethrow', 0x09, 'idx', 'exception');

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
op('ref.as_non_null', 0xd4, 'none', 'reference');

// ---- garbage collection (Wasm 3.0, issue 17): ref.eq and the 0xFB prefix ----------------------
// Decoded and validated (src/validate/gc.ts); the `feature` mark makes support.ts refuse them
// until the translator compiles them. Immediates: `idx` a type index; `idx_idx` a type index
// and a field index (struct.get/set), a count (array.new_fixed), a data or element segment,
// or a second type (array.copy); `casttype` a heap type (the row says whether nullable);
// `br_on_cast` flags, a label and two heap types (Instr.types: the operand and cast types).
const FB = 0xfb;
function gc(name: string, code: number, imm: Imm, prefix = FB): OpInfo {
  const row = op(name, code, imm, 'reference', prefix);
  row.feature = GC;
  return row;
}
gc('ref.eq', 0xd3, 'none', 0);
gc('struct.new', 0, 'idx');
gc('struct.new_default', 1, 'idx');
gc('struct.get', 2, 'idx_idx');
gc('struct.get_s', 3, 'idx_idx');
gc('struct.get_u', 4, 'idx_idx');
gc('struct.set', 5, 'idx_idx');
gc('array.new', 6, 'idx');
gc('array.new_default', 7, 'idx');
gc('array.new_fixed', 8, 'idx_idx');
gc('array.new_data', 9, 'idx_idx');
gc('array.new_elem', 10, 'idx_idx');
gc('array.get', 11, 'idx');
gc('array.get_s', 12, 'idx');
gc('array.get_u', 13, 'idx');
gc('array.set', 14, 'idx');
gc('array.len', 15, 'none');
gc('array.fill', 16, 'idx');
gc('array.copy', 17, 'idx_idx');
gc('array.init_data', 18, 'idx_idx');
gc('array.init_elem', 19, 'idx_idx');
gc('ref.test', 20, 'casttype');
gc('ref.test', 21, 'casttype').nullable = true;
gc('ref.cast', 22, 'casttype');
gc('ref.cast', 23, 'casttype').nullable = true;
gc('br_on_cast', 24, 'br_on_cast');
gc('br_on_cast_fail', 25, 'br_on_cast');
gc('any.convert_extern', 26, 'none');
gc('extern.convert_any', 27, 'none');
gc('ref.i31', 28, 'none');
gc('i31.get_s', 29, 'none');
gc('i31.get_u', 30, 'none');

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
// Wide arithmetic (proposal, phase 3; wasmtime has it): 128-bit add/sub on (low, high) pairs
// and 64×64→128 multiplication.
for (const [name, code, params] of [
  ['i64.add128', 19, [I64, I64, I64, I64]], ['i64.sub128', 20, [I64, I64, I64, I64]],
  ['i64.mul_wide_s', 21, [I64, I64]], ['i64.mul_wide_u', 22, [I64, I64]],
] as const) {
  op(name, code, 'none', 'numeric', FC).sig = { params: [...params], results: [I64, I64] };
}

// ---- 0xFD prefix: SIMD (Wasm 2.0 fixed-width vector instructions) --------------------------
// Sub-opcodes from the spec's binary format (§5.4.8); gaps are unassigned. Relaxed SIMD (3.0)
// follows the table. Loads/stores carry `memBytes` (the bytes accessed, which
// bounds the alignment), lane-immediate rows carry `lanes` (the lane index bound).
const FD = 0xfd;
const V128: ValType = 'v128';

function simd(name: string, code: number, imm: Imm, params: ValType[], results: ValType[]): OpInfo {
  const row = op(name, code, imm, 'simd', FD);
  row.sig = { params, results };
  return row;
}
/** Rows for `names[i]` at `first + i`, one signature; `null` skips an unassigned code. */
function vrun(first: number, names: Array<string | null>, params: ValType[], results: ValType[]): void {
  names.forEach((n, i) => {
    if (n !== null) simd(n, first + i, 'none', params, results);
  });
}
const vun = (code: number, name: string): void => vrun(code, [name], [V128], [V128]);
const vbin = (code: number, name: string): void => vrun(code, [name], [V128, V128], [V128]);
const vtest = (code: number, name: string): void => vrun(code, [name], [V128], [I32]);
function vload(name: string, code: number, bytes: number): void {
  simd(name, code, 'memarg', [I32], [V128]).memBytes = bytes;
}
function vlane(name: string, code: number, load: boolean, bytes: number): void {
  const row = simd(name, code, 'memarg_lane', [I32, V128], load ? [V128] : []);
  row.memBytes = bytes;
  row.lanes = 16 / bytes;
}
function vextract(name: string, code: number, lanes: number, scalar: ValType): void {
  simd(name, code, 'lane', [V128], [scalar]).lanes = lanes;
}
function vreplace(name: string, code: number, lanes: number, scalar: ValType): void {
  simd(name, code, 'lane', [V128, scalar], [V128]).lanes = lanes;
}
const shaped = (shape: string, names: string[]): string[] => names.map((n) => `${shape}.${n}`);

// memory
vload('v128.load', 0x00, 16);
vload('v128.load8x8_s', 0x01, 8);
vload('v128.load8x8_u', 0x02, 8);
vload('v128.load16x4_s', 0x03, 8);
vload('v128.load16x4_u', 0x04, 8);
vload('v128.load32x2_s', 0x05, 8);
vload('v128.load32x2_u', 0x06, 8);
vload('v128.load8_splat', 0x07, 1);
vload('v128.load16_splat', 0x08, 2);
vload('v128.load32_splat', 0x09, 4);
vload('v128.load64_splat', 0x0a, 8);
simd('v128.store', 0x0b, 'memarg', [I32, V128], []).memBytes = 16;
// constant, shuffles, splats, lanes
simd('v128.const', 0x0c, 'v128', [], [V128]);
simd('i8x16.shuffle', 0x0d, 'shuffle', [V128, V128], [V128]).lanes = 32;
vbin(0x0e, 'i8x16.swizzle');
vrun(0x0f, ['i8x16.splat', 'i16x8.splat', 'i32x4.splat'], [I32], [V128]);
vrun(0x12, ['i64x2.splat'], [I64], [V128]);
vrun(0x13, ['f32x4.splat'], [F32], [V128]);
vrun(0x14, ['f64x2.splat'], [F64], [V128]);
vextract('i8x16.extract_lane_s', 0x15, 16, I32);
vextract('i8x16.extract_lane_u', 0x16, 16, I32);
vreplace('i8x16.replace_lane', 0x17, 16, I32);
vextract('i16x8.extract_lane_s', 0x18, 8, I32);
vextract('i16x8.extract_lane_u', 0x19, 8, I32);
vreplace('i16x8.replace_lane', 0x1a, 8, I32);
vextract('i32x4.extract_lane', 0x1b, 4, I32);
vreplace('i32x4.replace_lane', 0x1c, 4, I32);
vextract('i64x2.extract_lane', 0x1d, 2, I64);
vreplace('i64x2.replace_lane', 0x1e, 2, I64);
vextract('f32x4.extract_lane', 0x1f, 4, F32);
vreplace('f32x4.replace_lane', 0x20, 4, F32);
vextract('f64x2.extract_lane', 0x21, 2, F64);
vreplace('f64x2.replace_lane', 0x22, 2, F64);
// comparisons
vrun(0x23, shaped('i8x16', icmp), [V128, V128], [V128]);
vrun(0x2d, shaped('i16x8', icmp), [V128, V128], [V128]);
vrun(0x37, shaped('i32x4', icmp), [V128, V128], [V128]);
vrun(0x41, shaped('f32x4', fcmp), [V128, V128], [V128]);
vrun(0x47, shaped('f64x2', fcmp), [V128, V128], [V128]);
// bitwise
vun(0x4d, 'v128.not');
vrun(0x4e, ['v128.and', 'v128.andnot', 'v128.or', 'v128.xor'], [V128, V128], [V128]);
simd('v128.bitselect', 0x52, 'none', [V128, V128, V128], [V128]);
vtest(0x53, 'v128.any_true');
// lane loads and stores, zero-extending loads
vlane('v128.load8_lane', 0x54, true, 1);
vlane('v128.load16_lane', 0x55, true, 2);
vlane('v128.load32_lane', 0x56, true, 4);
vlane('v128.load64_lane', 0x57, true, 8);
vlane('v128.store8_lane', 0x58, false, 1);
vlane('v128.store16_lane', 0x59, false, 2);
vlane('v128.store32_lane', 0x5a, false, 4);
vlane('v128.store64_lane', 0x5b, false, 8);
vload('v128.load32_zero', 0x5c, 4);
vload('v128.load64_zero', 0x5d, 8);
vun(0x5e, 'f32x4.demote_f64x2_zero');
vun(0x5f, 'f64x2.promote_low_f32x4');
// i8x16 (interleaved with some f32x4/f64x2 rounding ops)
vrun(0x60, ['i8x16.abs', 'i8x16.neg', 'i8x16.popcnt'], [V128], [V128]);
vtest(0x63, 'i8x16.all_true');
vtest(0x64, 'i8x16.bitmask');
vrun(0x65, ['i8x16.narrow_i16x8_s', 'i8x16.narrow_i16x8_u'], [V128, V128], [V128]);
vrun(0x67, shaped('f32x4', ['ceil', 'floor', 'trunc', 'nearest']), [V128], [V128]);
vrun(0x6b, shaped('i8x16', ['shl', 'shr_s', 'shr_u']), [V128, I32], [V128]);
vrun(0x6e, shaped('i8x16', ['add', 'add_sat_s', 'add_sat_u', 'sub', 'sub_sat_s', 'sub_sat_u']), [V128, V128], [V128]);
vrun(0x74, ['f64x2.ceil', 'f64x2.floor'], [V128], [V128]);
vrun(0x76, shaped('i8x16', ['min_s', 'min_u', 'max_s', 'max_u']), [V128, V128], [V128]);
vun(0x7a, 'f64x2.trunc');
vbin(0x7b, 'i8x16.avgr_u');
vrun(0x7c, ['i16x8.extadd_pairwise_i8x16_s', 'i16x8.extadd_pairwise_i8x16_u'], [V128], [V128]);
vrun(0x7e, ['i32x4.extadd_pairwise_i16x8_s', 'i32x4.extadd_pairwise_i16x8_u'], [V128], [V128]);
// i16x8
vrun(0x80, ['i16x8.abs', 'i16x8.neg'], [V128], [V128]);
vbin(0x82, 'i16x8.q15mulr_sat_s');
vtest(0x83, 'i16x8.all_true');
vtest(0x84, 'i16x8.bitmask');
vrun(0x85, ['i16x8.narrow_i32x4_s', 'i16x8.narrow_i32x4_u'], [V128, V128], [V128]);
vrun(0x87, shaped('i16x8', ['extend_low_i8x16_s', 'extend_high_i8x16_s', 'extend_low_i8x16_u', 'extend_high_i8x16_u']), [V128], [V128]);
vrun(0x8b, shaped('i16x8', ['shl', 'shr_s', 'shr_u']), [V128, I32], [V128]);
vrun(0x8e, shaped('i16x8', ['add', 'add_sat_s', 'add_sat_u', 'sub', 'sub_sat_s', 'sub_sat_u']), [V128, V128], [V128]);
vun(0x94, 'f64x2.nearest');
vrun(0x95, shaped('i16x8', ['mul', 'min_s', 'min_u', 'max_s', 'max_u']), [V128, V128], [V128]);
vbin(0x9b, 'i16x8.avgr_u');
vrun(0x9c, shaped('i16x8', ['extmul_low_i8x16_s', 'extmul_high_i8x16_s', 'extmul_low_i8x16_u', 'extmul_high_i8x16_u']), [V128, V128], [V128]);
// i32x4
vrun(0xa0, ['i32x4.abs', 'i32x4.neg'], [V128], [V128]);
vtest(0xa3, 'i32x4.all_true');
vtest(0xa4, 'i32x4.bitmask');
vrun(0xa7, shaped('i32x4', ['extend_low_i16x8_s', 'extend_high_i16x8_s', 'extend_low_i16x8_u', 'extend_high_i16x8_u']), [V128], [V128]);
vrun(0xab, shaped('i32x4', ['shl', 'shr_s', 'shr_u']), [V128, I32], [V128]);
vbin(0xae, 'i32x4.add');
vbin(0xb1, 'i32x4.sub');
vrun(0xb5, shaped('i32x4', ['mul', 'min_s', 'min_u', 'max_s', 'max_u', 'dot_i16x8_s']), [V128, V128], [V128]);
vrun(0xbc, shaped('i32x4', ['extmul_low_i16x8_s', 'extmul_high_i16x8_s', 'extmul_low_i16x8_u', 'extmul_high_i16x8_u']), [V128, V128], [V128]);
// i64x2
vrun(0xc0, ['i64x2.abs', 'i64x2.neg'], [V128], [V128]);
vtest(0xc3, 'i64x2.all_true');
vtest(0xc4, 'i64x2.bitmask');
vrun(0xc7, shaped('i64x2', ['extend_low_i32x4_s', 'extend_high_i32x4_s', 'extend_low_i32x4_u', 'extend_high_i32x4_u']), [V128], [V128]);
vrun(0xcb, shaped('i64x2', ['shl', 'shr_s', 'shr_u']), [V128, I32], [V128]);
vbin(0xce, 'i64x2.add');
vbin(0xd1, 'i64x2.sub');
vbin(0xd5, 'i64x2.mul');
vrun(0xd6, shaped('i64x2', ['eq', 'ne', 'lt_s', 'gt_s', 'le_s', 'ge_s']), [V128, V128], [V128]);
vrun(0xdc, shaped('i64x2', ['extmul_low_i32x4_s', 'extmul_high_i32x4_s', 'extmul_low_i32x4_u', 'extmul_high_i32x4_u']), [V128, V128], [V128]);
// f32x4, f64x2
vrun(0xe0, ['f32x4.abs', 'f32x4.neg', null, 'f32x4.sqrt'], [V128], [V128]);
vrun(0xe4, shaped('f32x4', ['add', 'sub', 'mul', 'div', 'min', 'max', 'pmin', 'pmax']), [V128, V128], [V128]);
vrun(0xec, ['f64x2.abs', 'f64x2.neg', null, 'f64x2.sqrt'], [V128], [V128]);
vrun(0xf0, shaped('f64x2', ['add', 'sub', 'mul', 'div', 'min', 'max', 'pmin', 'pmax']), [V128, V128], [V128]);
// conversions
vrun(0xf8, [
  'i32x4.trunc_sat_f32x4_s', 'i32x4.trunc_sat_f32x4_u', 'f32x4.convert_i32x4_s', 'f32x4.convert_i32x4_u',
  'i32x4.trunc_sat_f64x2_s_zero', 'i32x4.trunc_sat_f64x2_u_zero', 'f64x2.convert_low_i32x4_s', 'f64x2.convert_low_i32x4_u',
], [V128], [V128]);

// Relaxed SIMD (Wasm 3.0): results the spec leaves implementation-defined within a set
// (awsm's choices: src/translate/simd-relaxed.ts).
const relaxed = (names: string[], first: number, params: ValType[]): void =>
  names.forEach((n, i) => simd(n, first + i, 'none', params, [V128]));
relaxed(['i8x16.relaxed_swizzle'], 0x100, [V128, V128]);
relaxed(['i32x4.relaxed_trunc_f32x4_s', 'i32x4.relaxed_trunc_f32x4_u', 'i32x4.relaxed_trunc_f64x2_s_zero', 'i32x4.relaxed_trunc_f64x2_u_zero'], 0x101, [V128]);
relaxed(['f32x4.relaxed_madd', 'f32x4.relaxed_nmadd', 'f64x2.relaxed_madd', 'f64x2.relaxed_nmadd'], 0x105, [V128, V128, V128]);
relaxed(['i8x16.relaxed_laneselect', 'i16x8.relaxed_laneselect', 'i32x4.relaxed_laneselect', 'i64x2.relaxed_laneselect'], 0x109, [V128, V128, V128]);
relaxed(['f32x4.relaxed_min', 'f32x4.relaxed_max', 'f64x2.relaxed_min', 'f64x2.relaxed_max', 'i16x8.relaxed_q15mulr_s', 'i16x8.relaxed_dot_i8x16_i7x16_s'], 0x10d, [V128, V128]);
relaxed(['i32x4.relaxed_dot_i8x16_i7x16_add_s'], 0x113, [V128, V128, V128]);

// ---- atomics (threads proposal, prefix 0xFE) ----------------------------------------------
// Accesses whose alignment must equal their width (src/validate/atomic.ts) and that trap on an
// unaligned effective address ("unaligned atomic"); translated by src/translate/atomic.ts.
const FE = 0xfe;
function atomic(name: string, code: number, params: ValType[], results: ValType[], bytes: number): void {
  const row = op(name, code, 'memarg', 'atomic', FE);
  row.sig = { params, results };
  row.memBytes = bytes;
}
atomic('memory.atomic.notify', 0x00, [I32, I32], [I32], 4);
atomic('memory.atomic.wait32', 0x01, [I32, I32, I64], [I32], 4);
atomic('memory.atomic.wait64', 0x02, [I32, I64, I64], [I32], 8);
// atomic.fence: one reserved zero byte (a memory ordering, only seq_cst exists).
op('atomic.fence', 0x03, 'zero', 'atomic', FE).sig = { params: [], results: [] };
/** The seven widths of an atomic load, store or read-modify-write, in encoding order. */
const ATOMIC_SHAPES: Array<[ValType, string, number]> = [
  [I32, '', 4], [I64, '', 8], [I32, '8', 1], [I32, '16', 2], [I64, '8', 1], [I64, '16', 2], [I64, '32', 4],
];
ATOMIC_SHAPES.forEach(([t, w, bytes], i) => atomic(`${t}.atomic.load${w}${w ? '_u' : ''}`, 0x10 + i, [I32], [t], bytes));
ATOMIC_SHAPES.forEach(([t, w, bytes], i) => atomic(`${t}.atomic.store${w}`, 0x17 + i, [I32, t], [], bytes));
['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'].forEach((rmw, j) =>
  ATOMIC_SHAPES.forEach(([t, w, bytes], i) => {
    const params = rmw === 'cmpxchg' ? [I32, t, t] : [I32, t];
    atomic(`${t}.atomic.rmw${w}.${rmw}${w ? '_u' : ''}`, 0x1e + 7 * j + i, params, [t], bytes);
  }),
);

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

/** The row for a prefixed opcode (prefix 0xFC / 0xFD / 0xFE, then a u32 sub-opcode), or undefined. */
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
