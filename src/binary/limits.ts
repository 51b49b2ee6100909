/**
 * Limits of memories and tables in the binary format (Wasm 3.0, plus the custom-page-sizes
 * proposal): the flags byte, u64 bounds, the page size. Split from decoder.ts, which calls
 * memType and tableLimits.
 */
import type { Limits, MemType, RefType, TableType } from './module.js';
import type { Reader } from './reader.js';

// Bits of the limits flags byte (Wasm 3.0, plus custom page sizes).
const LIMITS_MAX = 0x01;
const LIMITS_SHARED = 0x02;
const LIMITS_I64 = 0x04;
const LIMITS_PAGE_SIZE = 0x08;

/**
 * Limits with their flags byte: bit 0 a maximum follows, bit 1 shared (threads proposal,
 * memories only; the validator requires a maximum), bit 2 64-bit addresses (u64 bounds), bit 3 (memories only, the
 * custom-page-sizes proposal) a page size follows. Returns the flags for the caller.
 */
function limits(r: Reader, memory: boolean): { limits: Limits; flags: number } {
  const at = r.pos;
  const flags = r.u8();
  if (flags & ~(LIMITS_MAX | LIMITS_SHARED | LIMITS_I64 | (memory ? LIMITS_PAGE_SIZE : 0))) r.fail('malformed limits flags', at);
  // Shared (threads proposal): memories only; tables have no shared form.
  if (flags & LIMITS_SHARED && !memory) r.fail('malformed limits flags', at);
  // Bounds are u64 in the binary format whatever the address type (3.0's memory.wast: an
  // i32 memory of 2^32 pages is invalid, not malformed); the validator checks the range.
  const minAt = r.pos;
  const min = r.u64();
  if (!(flags & LIMITS_MAX)) return { limits: { min }, flags };
  const maxAt = r.pos;
  const max = r.u64();
  const l: Limits = { min, max };
  // Numbers are exact only up to 2^53: compare such bounds by their exact values.
  if (max > Number.MAX_SAFE_INTEGER && r.u64At(minAt) > r.u64At(maxAt)) l.minAboveMax = true;
  return { limits: l, flags };
}


export function tableLimits(r: Reader, elemType: RefType): TableType {
  const { limits: l, flags } = limits(r, false);
  return { addrType: flags & LIMITS_I64 ? 'i64' : 'i32', elemType, limits: l };
}

export function memType(r: Reader): MemType {
  const { limits: l, flags } = limits(r, true);
  let pageSizeLog2 = 16;
  if (flags & LIMITS_PAGE_SIZE) {
    const at = r.pos;
    pageSizeLog2 = r.u32();
    // A page size of 2^64 or more is not even a u64 (custom-page-sizes-invalid.wast); the
    // validator allows only 2^0 and 2^16.
    if (pageSizeLog2 > 63) r.fail('invalid custom page size', at);
  }
  const mt: MemType = { addrType: flags & LIMITS_I64 ? 'i64' : 'i32', limits: l, pageSizeLog2 };
  if (flags & LIMITS_SHARED) mt.shared = true;
  return mt;
}
