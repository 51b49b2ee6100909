/**
 * Decoding of exception handling (Wasm 3.0): tag types (the tag section, id 13, and tag
 * imports and exports) and the immediates of `try_table`. The decoder (decoder.ts) calls in
 * here; typing is src/validate/exceptions.ts's, emission src/translate/exception.ts's.
 *
 *   tagtype   ::= 0x00 typeidx                       (attribute 0: exception)
 *   try_table ::= 0x1f blocktype vec(catch)
 *   catch     ::= 0x00 tagidx labelidx  (catch)      0x01 tagidx labelidx  (catch_ref)
 *               | 0x02 labelidx         (catch_all)  0x03 labelidx         (catch_all_ref)
 */
import type { Catch, Tag } from './module.js';
import type { Reader } from './reader.js';

/** A tag type: attribute 0 (exception), then the index of its function type. */
export function tagType(r: Reader): Tag {
  r.expect(0x00, 'malformed tag attribute');
  return { typeidx: r.u32() };
}

const CATCH_KINDS = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'] as const;

/** The handlers of a `try_table` (after its block type). */
export function catchList(r: Reader): Catch[] {
  const n = r.len();
  const out: Catch[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = CATCH_KINDS[r.u8()];
    if (kind === undefined) r.fail('malformed catch clause', at);
    if (kind === 'catch' || kind === 'catch_ref') {
      const tag = r.u32();
      out.push({ kind, tag, label: r.u32() });
    } else {
      out.push({ kind, label: r.u32() });
    }
  }
  return out;
}
