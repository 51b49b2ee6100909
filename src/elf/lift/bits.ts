// Bit-field helpers of the A64 decoders (decode.ts, decode-mem.ts).

/** `insn` bits hi..lo as an unsigned number. */
export function bits(insn: number, hi: number, lo: number): number {
  return (insn >>> lo) & ((2 ** (hi - lo + 1)) - 1);
}

/** The low `width` bits of `v` sign-extended, as a bigint. */
export function sext(v: number, width: number): bigint {
  const b = BigInt(v) & ((1n << BigInt(width)) - 1n);
  return b >= 1n << BigInt(width - 1) ? b - (1n << BigInt(width)) : b;
}
