/**
 * Error locations inside a component. A component's errors name the byte offset in the whole
 * file and the part of the component (`in the canon section`, `in core module 2`), like the
 * module decoder's. Core modules inside a component are decoded and validated by awsm's module
 * decoder and validator on their own bytes, so their offsets are relative to the module: this
 * file moves them to the file (`base` is where the module's preamble starts) and adds the
 * module's name in the component.
 */
import { DecodeError, UnsupportedError, ValidationError } from '../errors.js';

/** The decoder's suffix (errors.ts, DecodeError): stripped to rebuild the message elsewhere. */
const AT_OFFSET = / \(at byte offset 0x[0-9a-f]+\)$/;
/** The validator's suffix (errors.ts, locate): `(in function 3, at byte offset 0x1f)`. */
const IN_WHERE = / \(in ([^()]*)\)$/;
/** An UnsupportedError's message (errors.ts): `unsupported: FEATURE (WHAT) at byte 0x1f in function 3`. */
const UNSUPPORTED = /^unsupported: .*? \((.*)\)(?: at byte 0x[0-9a-f]+)?(?: in function (\d+))?$/;

/**
 * `e`, an error thrown while reading or checking bytes that start at `base` in the file, with
 * its offset made absolute and `where` added to its message. Other exceptions pass unchanged.
 */
export function relocate(e: unknown, base: number, where: string): unknown {
  if (e instanceof DecodeError) {
    return new DecodeError(`${e.message.replace(AT_OFFSET, '')} in ${where}`, e.offset + base);
  }
  if (e instanceof ValidationError) {
    const bare = e.message.replace(IN_WHERE, '');
    const fn = e.funcidx !== undefined ? { funcidx: e.funcidx } : {};
    return new ValidationError(`${bare} in ${where}`, { ...fn, ...(e.offset !== undefined ? { offset: e.offset + base } : {}) });
  }
  if (e instanceof UnsupportedError) {
    const m = UNSUPPORTED.exec(e.message);
    const what = m?.[1] ?? e.feature;
    const fn = m?.[2] !== undefined ? { funcidx: Number(m[2]) } : {};
    return new UnsupportedError(e.feature, `${what}, in ${where}`, { ...fn, ...(e.offset !== undefined ? { offset: e.offset + base } : {}) });
  }
  return e;
}
