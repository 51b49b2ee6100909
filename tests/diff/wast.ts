/**
 * awsm's transcript of a module (tests/diff/driver.c with `exact`) as a .wast script that
 * `wasmtime wast` checks (the differential tests against wasmtime, wasmtime.ts): the module
 * as `(module $Mk binary …)`, then per transcript line, in order on that one instance,
 *
 *   call NAME + result …     (assert_return (invoke $Mk "NAME" zeros…) results…)
 *   call NAME + trap MSG     (assert_trap (invoke $Mk "NAME" zeros…) "MSG")
 *   call NAME + exception    (assert_exception (invoke $Mk "NAME" zeros…))
 *   global NAME T V          (assert_return (get $Mk "NAME") V)
 *   mem NAME PAGES HASH      (assert_return (invoke $Hk_j "pages") PAGES) and "hash": $Hk_j is
 *                            a helper module that imports the memory (the module is
 *                            registered as "Mk") and hashes it as driver.c does (FNV-1a)
 *
 * and before each call `(invoke $Fk "reset")` when the module exports smith's fuel (fuel.ts),
 * as driver.c does.
 *
 * Values are exact (f32/f64 by their bits, v128 by its four i32 lanes), except that a
 * canonical NaN of either sign is `nan:canonical` (the spec leaves its sign open). A failed
 * instantiation is `(assert_trap (module …) "MSG")`. After a stack overflow in awsm nothing
 * more of the module is checked (the engines' stack depths differ); a call awsm's transcript
 * ends in (awsm hung there) becomes `(assert_trap … "out of bounds memory access")`, which
 * wasmtime passes only when it traps there out of bounds (the shape of guard mode's dead-load
 * gap, diff.ts).
 */
import { funcTypes as allFuncTypes, memTypes, type MemType, type Module, type SubType, type ValType } from '../../src/binary/module.js';
import { isRef, topOf } from '../../src/binary/types.js';
import { FUEL, FUEL_EXPORT } from './fuel.js';
import { formatName } from './v8.js';

/** One module's part of a script: a directive per line, and for each line its transcript block (0: before the first call). */
export interface WastPart {
  lines: string[];
  blocks: number[];
  /** For each line: whether it expects an out-of-bounds memory trap. */
  oob: boolean[];
  /** Calls checked. */
  calls: number;
  /** awsm ran out of stack in a call: that call and the rest are not checked. */
  stackStop: boolean;
}

/** The wast text of a value given as driver.c prints it (`i32 0000002a`, `v128 l0 l1 l2 l3`, `funcref null`). */
export function wastValue(type: string, v: string): string {
  switch (type) {
    case 'i32':
    case 'i64':
      return `(${type}.const 0x${v})`;
    case 'f32':
      return `(f32.const ${floatLiteral(BigInt(`0x${v}`), 8, 23)})`;
    case 'f64':
      return `(f64.const ${floatLiteral(BigInt(`0x${v}`), 11, 52)})`;
    case 'v128':
      return `(v128.const i32x4 ${v.split(' ').map((l) => `0x${l}`).join(' ')})`;
    case 'funcref':
      return v === 'null' ? '(ref.null func)' : '(ref.func)';
    case 'externref':
      return v === 'null' ? '(ref.null extern)' : '(ref.extern)';
    case 'exnref':
      return v === 'null' ? '(ref.null exn)' : '(ref.exn)';
    case 'anyref':
      // driver.c: null, i31, struct, array or host (a host value as an anyref).
      return v === 'null' ? '(ref.null any)' : v === 'host' ? '(ref.any)' : `(ref.${v})`;
    default:
      throw new Error(`unknown value type '${type}' in a transcript`);
  }
}

/** An IEEE float's bits as an exact wast literal (hexadecimal significand; NaNs by payload). */
export function floatLiteral(bits: bigint, expBits: number, mantBits: number): string {
  const mantMask = (1n << BigInt(mantBits)) - 1n;
  const expMax = (1 << expBits) - 1;
  const sign = bits >> BigInt(expBits + mantBits) !== 0n ? '-' : '';
  const exp = Number((bits >> BigInt(mantBits)) & BigInt(expMax));
  const mant = bits & mantMask;
  if (exp === expMax) {
    if (mant === 0n) return `${sign}inf`;
    if (mant === 1n << BigInt(mantBits - 1)) return 'nan:canonical';
    return `${sign}nan:0x${mant.toString(16)}`;
  }
  // The significand's bits, padded to whole hex digits on the right.
  const digits = Math.ceil(mantBits / 4);
  const frac = (mant << BigInt(digits * 4 - mantBits)).toString(16).padStart(digits, '0');
  const bias = (1 << (expBits - 1)) - 1;
  return exp === 0 ? `${sign}0x0.${frac}p-${bias - 1}` : `${sign}0x1.${frac}p${exp - bias >= 0 ? '+' : ''}${exp - bias}`;
}

/** The zero argument of a parameter type of a module of type section `types`, as driver.c passes it (references: their hierarchy's null). */
function zeroArg(t: ValType, types: readonly SubType[]): string {
  if (isRef(t)) return `(ref.null ${topOf(t, types)})`;
  return t === 'v128' ? '(v128.const i64x2 0 0)' : `(${t}.const 0)`;
}

/** A transcript name (printable ASCII, other bytes as %XX) as a wast string. */
export function wastString(name: string): string {
  return `"${name.replace(/%([0-9a-f]{2})|["\\]/g, (c, hex: string | undefined) => `\\${hex ?? c.charCodeAt(0).toString(16)}`)}"`;
}

/** The bytes as a wast string. */
function bytesString(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) s += `\\${b.toString(16).padStart(2, '0')}`;
  return `${s}"`;
}

/**
 * The text an assert_trap expects for awsm's trap message `msg`: the message itself, but for
 * traps whose wording the spec does not fix, the part both engines' messages contain
 * (awsm "expected shared memory", the reference interpreter's; wasmtime "atomic wait on
 * non-shared memory").
 */
export function wastTrapText(msg: string): string {
  return msg.startsWith('expected shared memory') ? 'shared memory' : msg;
}

/** A module that imports memory `name` of `mod` with type `mt` and exports "pages" and "hash" (driver.c's FNV-1a). */
function helperModule(id: string, mod: string, name: string, mt: MemType): string {
  const a = mt.addrType;
  const page = mt.pageSizeLog2 === 16 ? '' : ` (pagesize ${2 ** mt.pageSizeLog2})`;
  // A shared memory is imported as shared, with its own maximum (sharedness must match).
  const shared = mt.shared === true ? ` ${mt.limits.max} shared` : '';
  return (
    `(module ${id} (import "${mod}" ${name} (memory ${a} 0${shared}${page})) ` +
    `(func (export "pages") (result ${a}) (memory.size)) ` +
    `(func (export "hash") (result i32) (local $i ${a}) (local $n ${a}) (local $h i32) ` +
    `(local.set $h (i32.const 0x811c9dc5)) (local.set $n (${a}.mul (memory.size) (${a}.const ${2 ** mt.pageSizeLog2}))) ` +
    `(block (loop (br_if 1 (${a}.ge_u (local.get $i) (local.get $n))) ` +
    `(local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $i))) (i32.const 16777619))) ` +
    `(local.set $i (${a}.add (local.get $i) (${a}.const 1))) (br 0))) (local.get $h)))`
  );
}

/**
 * Module `k`'s part of a script, from its bytes, decoded module and awsm's transcript; `hung`:
 * the transcript is unfinished, awsm hung in its last call.
 */
export function wastPart(k: number, bytes: Uint8Array, m: Module, transcript: string, hung = false): WastPart {
  const part: WastPart = { lines: [], blocks: [], oob: [], calls: 0, stackStop: false };
  const M = `$M${k}`;
  let block = 0;
  const emit = (line: string): void => {
    part.lines.push(line);
    part.blocks.push(block);
    part.oob.push(line.endsWith(' "out of bounds memory access")'));
  };
  const lines = transcript.split('\n').filter((l) => l !== '' && !/^(module|end) \d+$/.test(l));
  const moduleText = `(module ${M} binary ${bytesString(bytes)})`;
  const head = lines[0] ?? '';
  if (head === 'unlinkable') return emit(`(assert_unlinkable ${moduleText.replace(` ${M}`, '')} "")`), part;
  if (head.startsWith('trap ')) return emit(`(assert_trap ${moduleText.replace(` ${M}`, '')} ${JSON.stringify(head.slice(5))})`), part;
  if (head.startsWith('error ') || head === 'missing') throw new Error(`module ${k}: awsm could not instantiate it: ${head}`);
  emit(moduleText);

  // Export types by transcript name; a helper module per exported memory.
  const funcTypes = allFuncTypes(m).map((ft) => ft!);
  const mems = memTypes(m);
  const params = new Map<string, ValType[]>();
  const helpers = new Map<string, string>();
  // A shared memory's helper is made, and its last state checked, after every call: wasmtime 49
  // panics (store.rs, `fault.is_none()`) on an out-of-bounds access to a shared memory once
  // another module imports it, so no call may follow the import.
  const sharedLast = new Map<string, { mt: MemType; line?: string }>();
  const register = (): void => {
    if (!registered) emit(`(register "M${k}" ${M})`);
    registered = true;
  };
  let registered = false;
  let fuel: string | undefined;
  for (const e of m.exports) {
    const name = formatName(e.name);
    if (e.kind === 'global' && e.name === FUEL_EXPORT) {
      register();
      fuel = `$F${k}`;
      emit(`(module ${fuel} (import "M${k}" "${FUEL_EXPORT}" (global $f (mut i32))) (func (export "reset") (global.set $f (i32.const ${FUEL}))))`);
    }
    if (e.kind === 'func') params.set(name, funcTypes[e.index]!.params);
    if (e.kind === 'memory' && mems[e.index]!.shared === true) {
      register();
      sharedLast.set(name, { mt: mems[e.index]! });
    } else if (e.kind === 'memory') {
      register();
      const id = `$H${k}_${helpers.size}`;
      emit(helperModule(id, `M${k}`, wastString(name), mems[e.index]!));
      helpers.set(name, id);
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const [tag, name = '', ...rest] = lines[i]!.split(' ');
    switch (tag) {
      case 'call': {
        block++;
        const types = params.get(name);
        if (types === undefined) throw new Error(`module ${k}: call of '${name}', not an exported function`);
        if (fuel !== undefined) emit(`(invoke ${fuel} "reset")`);
        const invoke = `(invoke ${M} ${wastString(name)}${types.map((t) => ` ${zeroArg(t, m.types)}`).join('')})`;
        const results: string[] = [];
        while (lines[i + 1]?.startsWith('result ')) {
          const [, type = '', ...v] = lines[++i]!.split(' ');
          results.push(wastValue(type, v.join(' ')));
        }
        const next = lines[i + 1];
        if (next?.startsWith('trap ')) {
          i++;
          const msg = next.slice(5);
          if (msg === 'call stack exhausted') {
            part.stackStop = true;
            return part;
          }
          emit(`(assert_trap ${invoke} ${JSON.stringify(wastTrapText(msg))})`);
        } else if (next === 'exception') {
          i++;
          emit(`(assert_exception ${invoke})`);
        } else if (hung && next === undefined && results.length === 0) {
          emit(`(assert_trap ${invoke} "out of bounds memory access")`); // awsm hung in this call
        } else {
          emit(`(assert_return ${invoke}${results.map((r) => ` ${r}`).join('')})`);
        }
        part.calls++;
        break;
      }
      case 'mem': {
        const shared = sharedLast.get(name);
        if (shared !== undefined) {
          shared.line = lines[i];
          break;
        }
        const id = helpers.get(name)!;
        const [pages = '', hash = ''] = rest;
        const at = memTypes(m)[m.exports.find((e) => e.kind === 'memory' && formatName(e.name) === name)!.index]!.addrType;
        emit(`(assert_return (invoke ${id} "pages") (${at}.const ${pages}))`);
        if (hash !== 'big') emit(`(assert_return (invoke ${id} "hash") (i32.const 0x${hash}))`);
        break;
      }
      case 'skip': // an export the driver does not call (an exnref parameter or result)
        break;
      case 'global': {
        const [type = '', ...v] = rest;
        emit(`(assert_return (get ${M} ${wastString(name)}) ${wastValue(type, v.join(' '))})`);
        break;
      }
      default:
        throw new Error(`module ${k}: unexpected transcript line '${lines[i]}'`);
    }
  }
  for (const [name, { mt, line }] of sharedLast) {
    const id = `$H${k}_${helpers.size}`;
    helpers.set(name, id);
    emit(helperModule(id, `M${k}`, wastString(name), mt));
    const [, , pages = '', hash = ''] = (line ?? '').split(' ');
    if (line === undefined) continue;
    emit(`(assert_return (invoke ${id} "pages") (${mt.addrType}.const ${pages}))`);
    if (hash !== 'big') emit(`(assert_return (invoke ${id} "hash") (i32.const 0x${hash}))`);
  }
  return part;
}
