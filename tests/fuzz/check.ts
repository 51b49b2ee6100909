/**
 * The fuzzer's oracle for one input (tests/fuzz/fuzz.ts runs it in worker threads).
 *
 * Rules, each a finding when broken:
 *
 * - decodeModule either returns a Module or throws DecodeError, whose offset lies within the
 *   input, or UnsupportedError (a well-formed Wasm 3.0 construct of a later issue: verdict
 *   `unsupported`, not compared with V8, which lacks several of them); validateModule either returns or throws ValidationError; translateModule of a
 *   valid module either returns IR text or throws CompileError. Any other exception is a
 *   `crash` (with the stage that threw).
 * - With `v8`, awsm's verdict (valid or not) agrees with V8's `WebAssembly.validate`, except
 *   where V8 implements more than Wasm 2.0 (exceptions, threads), lacks instructions awsm
 *   compiles (relaxed SIMD, wide arithmetic) or where either side has a
 *   documented implementation limit: `v8-accepts` (awsm rejects a module V8 takes) or
 *   `v8-rejects` (awsm accepts a module V8 refuses: the serious one).
 * - With `verify`, the IR of a translated module passes `opt-16 -passes=verify`.
 *
 * Hangs and running out of memory are detected around this by the worker's supervisor.
 */
import { spawnSync } from 'node:child_process';
import { decodeModule } from '../../src/binary/decoder.js';
import { BOUNDS_MODES, type BoundsMode } from '../../src/driver/compile.js';
import type { Module } from '../../src/binary/module.js';
import { CompileError, DecodeError, UnsupportedError, ValidationError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { unsupportedFeature } from '../../src/translate/support.js';
import { validateModule } from '../../src/validate/validator.js';

// Node 20's V8 accepts tail calls by default, as awsm's validator does (Wasm 3.0). Exceptions
// and threads cannot be switched off; whyAwsmMayReject allows for them.

export type Verdict = 'malformed' | 'invalid' | 'unsupported' | 'accepted';
export type Bounds = BoundsMode;

/** The bounds mode input `i` of a run is translated in (the modes take turns). */
export function boundsFor(i: number): Bounds {
  return BOUNDS_MODES[i % BOUNDS_MODES.length]!;
}

export interface Finding {
  kind: 'crash' | 'bad-offset' | 'v8-accepts' | 'v8-rejects' | 'bad-ir' | 'hang' | 'oom' | 'harness';
  stage: 'decode' | 'validate' | 'translate' | 'verify' | 'v8' | 'input';
  message: string;
  stack?: string;
}

export interface CheckOptions {
  translate: boolean;
  bounds: Bounds;
  v8: boolean;
  verify: boolean;
}

export interface CheckResult {
  verdict: Verdict;
  finding?: Finding;
  /** V8 disagreed in a way the rules allow (reason), if it did. */
  allowed?: string;
}

function describe(e: unknown): { message: string; stack?: string } {
  if (e instanceof Error) return e.stack !== undefined ? { message: `${e.name}: ${e.message}`, stack: e.stack } : { message: `${e.name}: ${e.message}` };
  return { message: `non-Error thrown: ${String(e)}` };
}

/** Opcodes and sections of proposals that Node 20's V8 enables by default and awsm does not implement. */
const BEYOND_2_0_OPCODES = /illegal opcode 0x(06|07|08|09|18|19|fe)\b/;

/** Why awsm may reject a module that V8 accepts, or undefined if nothing explains it. */
function whyAwsmMayReject(bytes: Uint8Array, e: DecodeError | ValidationError): string | undefined {
  const msg = e.message;
  if (/implementation limit/.test(msg)) return 'awsm implementation limit';
  if (BEYOND_2_0_OPCODES.test(msg)) return 'exceptions/threads opcode (V8 extension)';
  // The threads proposal (wasm-tools, wasmtime, the reference interpreter) requires an atomic
  // access's alignment to equal its width; Node 20's V8 accepts any alignment up to it.
  if (/atomic alignment must be natural/.test(msg)) return 'atomic alignment below natural (V8 is lax; wasm-tools and wasmtime reject)';
  if (e instanceof DecodeError) {
    const b = bytes[e.offset];
    if (/malformed section id/.test(msg) && b === 13) return 'tag section (exceptions, V8 extension)';
    if (/integer too large/.test(msg) && (b === 2 || b === 3)) return 'shared-memory limits flag (threads, V8 extension)';
    if (/malformed import kind|malformed export kind/.test(msg) && b === 4) return 'tag import/export (exceptions, V8 extension)';
  }
  return undefined;
}

/** Why V8 may reject a module awsm accepts (V8's implementation limits). */
function whyV8MayReject(v8message: string): string | undefined {
  if (/implementation limit|exceeds the maximum|is larger than maximum|larger than implementation limit|max br_table size/i.test(v8message)) {
    return 'V8 implementation limit';
  }
  // Wasm 3.0 rules Node 20's V8 does not have: extended constant expressions, memory indices
  // (LEB128, not a zero byte), u64 offsets and limits, multiple memories.
  if (/non-imported globals cannot be used in constant expressions|opcode .* is not allowed in constant expressions/i.test(v8message)) {
    return 'Wasm 3.0 constant expression (V8 of Node 20 has 2.0 rules)';
  }
  if (/expected memory index|expected offset|memory count of \d+ exceeds|At most one memory is supported|expected (initial|maximum) size|invalid memory limits flags|expected .*memory.* size/i.test(v8message)) {
    return 'Wasm 3.0 memory encoding (V8 of Node 20 has 2.0 rules)';
  }
  // Instructions awsm compiles that Node 20's V8 lacks by default: relaxed SIMD (behind a flag)
  // and wide arithmetic (0xFC 19–22).
  if (/enable with --experimental-relaxed-simd/.test(v8message)) return 'relaxed SIMD (V8 of Node 20: behind a flag)';
  if (/invalid numeric opcode: 0xfc1[3-6]\b/.test(v8message)) return 'wide arithmetic (not in V8 of Node 20)';
  // Typed function references: Node 20's V8 has them behind a flag, and reads 0x63/0x64 as
  // stringref types, 0x72/0x73 (nullexternref, nullfuncref) as unknown.
  if (/experimental-wasm-typed-funcref|enable with --experimental-wasm-stringref|invalid value type 0x7[23]\b/.test(v8message)) {
    return 'typed function references (V8 of Node 20: behind a flag)';
  }
  return undefined;
}

function v8Message(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return '(V8 compiled it)';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Check one input. Never throws (anything thrown is turned into a finding). */
export function checkInput(bytes: Uint8Array, o: CheckOptions): CheckResult {
  let m: Module;
  let verdict: Verdict;
  let rejection: DecodeError | ValidationError | undefined;
  try {
    m = decodeModule(bytes);
  } catch (e) {
    if (e instanceof UnsupportedError) return { verdict: 'unsupported' };
    if (!(e instanceof DecodeError)) return { verdict: 'malformed', finding: { kind: 'crash', stage: 'decode', ...describe(e) } };
    if (!(e.offset >= 0 && e.offset <= bytes.length)) {
      return { verdict: 'malformed', finding: { kind: 'bad-offset', stage: 'decode', message: `offset ${e.offset} outside the input (${bytes.length} bytes): ${e.message}` } };
    }
    return v8Agrees(bytes, 'malformed', e, o);
  }
  try {
    validateModule(m);
  } catch (e) {
    if (!(e instanceof ValidationError)) return { verdict: 'invalid', finding: { kind: 'crash', stage: 'validate', ...describe(e) } };
    rejection = e;
  }
  if (rejection !== undefined) return v8Agrees(bytes, 'invalid', rejection, o);
  verdict = 'accepted';
  // A valid module using a 3.0 feature the translator refuses (memory64, multiple memories…):
  // V8 of Node 20 lacks most of them, so its verdict is not compared.
  if (unsupportedFeature(m) !== undefined) return { verdict: 'unsupported' };
  const agreed = v8Agrees(bytes, verdict, undefined, o);
  if (agreed.finding !== undefined || !o.translate) return agreed;
  let ir: string;
  try {
    ir = translateModule(m, { name: 'fuzz', bounds: o.bounds });
  } catch (e) {
    if (e instanceof CompileError || e instanceof UnsupportedError) return { ...agreed, verdict: 'unsupported' };
    return { ...agreed, finding: { kind: 'crash', stage: 'translate', ...describe(e) } };
  }
  if (o.verify) {
    const r = spawnSync('opt-16', ['-passes=verify', '-disable-output', '-'], { input: ir, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.error !== undefined) return { ...agreed, finding: { kind: 'harness', stage: 'verify', message: `cannot run opt-16: ${r.error.message}` } };
    if (r.status !== 0) {
      return { ...agreed, finding: { kind: 'bad-ir', stage: 'verify', message: r.stderr.trim().split('\n').slice(0, 4).join(' | ') } };
    }
  }
  return agreed;
}

function v8Agrees(bytes: Uint8Array, verdict: Verdict, rejection: DecodeError | ValidationError | undefined, o: CheckOptions): CheckResult {
  if (!o.v8) return { verdict };
  let v8ok: boolean;
  try {
    v8ok = WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    return { verdict, finding: { kind: 'harness', stage: 'v8', ...describe(e) } };
  }
  const awsmOk = rejection === undefined;
  if (v8ok === awsmOk) return { verdict };
  if (awsmOk) {
    const msg = v8Message(bytes);
    const why = whyV8MayReject(msg);
    if (why !== undefined) return { verdict, allowed: why };
    return { verdict, finding: { kind: 'v8-rejects', stage: 'v8', message: `awsm accepts, V8 rejects: ${msg}` } };
  }
  const why = whyAwsmMayReject(bytes, rejection!);
  if (why !== undefined) return { verdict, allowed: why };
  return { verdict, finding: { kind: 'v8-accepts', stage: verdict === 'malformed' ? 'decode' : 'validate', message: `V8 accepts, awsm rejects: ${rejection!.message}` } };
}
