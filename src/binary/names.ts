/**
 * The custom "name" section (spec appendix 7.4): the module name, function names and local
 * names. Other subsections (labels, types, … from the extended-name-section proposal) are
 * skipped.
 *
 * Custom sections are not part of the module's semantics, so a malformed name section does not
 * make the module malformed: `parseNames` returns undefined and the names are simply absent.
 */
import { DecodeError } from '../errors.js';
import type { Names } from './module.js';
import { Reader } from './reader.js';

const MODULE_NAME = 0;
const FUNC_NAMES = 1;
const LOCAL_NAMES = 2;

/** Parse the contents bytes[start, end) of a "name" section; undefined if malformed. */
export function parseNames(bytes: Uint8Array, start: number, end: number): Names | undefined {
  const names: Names = { funcs: new Map(), locals: new Map() };
  const r = new Reader(bytes, start, end);
  try {
    let lastId = -1;
    while (!r.eof()) {
      const id = r.u8();
      // Each subsection occurs at most once, in increasing id order.
      if (id <= lastId) return undefined;
      lastId = id;
      const size = r.len();
      const subEnd = r.pos + size;
      if (subEnd > end) return undefined;
      const sub = new Reader(bytes, r.pos, subEnd);
      if (id === MODULE_NAME) names.module = sub.name();
      else if (id === FUNC_NAMES) nameMap(sub, names.funcs);
      else if (id === LOCAL_NAMES) {
        let last = -1;
        for (let n = sub.len(); n > 0; n--) {
          const funcidx = sub.u32();
          if (funcidx <= last) return undefined;
          last = funcidx;
          const locals = new Map<number, string>();
          nameMap(sub, locals);
          names.locals.set(funcidx, locals);
        }
      } else sub.pos = subEnd;
      if (sub.pos !== subEnd) return undefined;
      r.pos = subEnd;
    }
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
  return names;
}

/** A namemap: a vector of (index, name), indices strictly increasing. */
function nameMap(r: Reader, out: Map<number, string>): void {
  let last = -1;
  for (let n = r.len(); n > 0; n--) {
    const idx = r.u32();
    if (idx <= last) throw new DecodeError('name map indices out of order', r.pos);
    last = idx;
    out.set(idx, r.name());
  }
}
