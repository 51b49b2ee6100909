/**
 * The fuel of `wasm-tools smith --ensure-termination` made visible to the differential tests
 * against wasmtime: smith adds a mutable i32 global (the last one, `i32.const FUEL`) that every
 * loop iteration and function entry decrements, trapping at 0, and does not export it. The
 * first export call that loops forever then uses it all up, and every later call traps at its
 * first instruction, so most of a module was never run. exportFuel adds an export of that
 * global named FUEL_EXPORT; driver.c (with `exact`) and the .wast script (wast.ts, through a
 * helper module that imports it) set it back to FUEL before each call.
 */
import { decodeModule } from '../../src/binary/decoder.js';

/** The name of the added export (driver.c knows it too). */
export const FUEL_EXPORT = 'awsm-fuel';

/** The fuel given to smith (--fuel) and restored before each call (driver.c's FUEL too). */
export const FUEL = 8000;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function readLeb(bytes: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return { value, next: pos };
  }
}

/** Sections that come after the export section in a module (start, element, data count, code, data). */
const AFTER_EXPORTS = new Set([8, 9, 12, 10, 11]);

/**
 * The module with its fuel global exported as FUEL_EXPORT; the bytes unchanged when it has no
 * fuel global (the last global is not a mutable i32 initialised to FUEL) or already has an
 * export of that name.
 */
export function exportFuel(bytes: Uint8Array): Uint8Array {
  const m = decodeModule(bytes);
  const last = m.globals[m.globals.length - 1];
  const init = last?.init[0];
  if (last === undefined || !last.type.mutable || last.type.type !== 'i32' || init?.op.name !== 'i32.const' || init.value !== FUEL) return bytes;
  if (m.exports.some((e) => e.name === FUEL_EXPORT)) return bytes;
  const imported = m.imports.filter((i) => i.desc.kind === 'global').length;
  const name = new TextEncoder().encode(FUEL_EXPORT);
  const entry = [...leb(name.length), ...name, 0x03, ...leb(imported + m.globals.length - 1)];
  const pieces: Uint8Array[] = [bytes.subarray(0, 8)];
  const section = (body: readonly number[] | Uint8Array, more: readonly number[]): Uint8Array =>
    new Uint8Array([7, ...leb(body.length + more.length), ...body, ...more]);
  let pos = 8;
  let done = false;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const { value: size, next } = readLeb(bytes, pos + 1);
    const end = next + size;
    if (!done && id === 7) {
      // The export section with one more entry.
      const { value: count, next: first } = readLeb(bytes, next);
      pieces.push(section([...leb(count + 1), ...bytes.subarray(first, end)], entry));
      done = true;
    } else {
      // No export section: a new one before the first section that follows it.
      if (!done && AFTER_EXPORTS.has(id)) {
        pieces.push(section(leb(1), entry));
        done = true;
      }
      pieces.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  if (!done) pieces.push(section(leb(1), entry));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
