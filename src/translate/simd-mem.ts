/**
 * SIMD loads and stores (see simd.ts). Addresses come from `env.address`, which does the
 * bounds handling; accesses are `align 1` because Wasm alignment is only a hint.
 */
import type { Instr } from '../binary/module.js';
import { i32, zeroinit, type Value } from '../llvm/builder.js';
import { V128, as, out, splat, vecTy, type SimdEnv } from './simd-util.js';

/** v128.<op>: every memory instruction of the SIMD family. */
export function emitSimdMem(env: SimdEnv, ins: Instr, op: string, args: Value[]): Value | undefined {
  const { f } = env;
  const memarg = ins.memarg!;
  const addr = args[0]!;
  const ptr = (bytes: number, store = false): Value => env.address(addr, memarg, bytes, store);
  const mo = { align: 1, md: env.memMd, volatile: env.volatileAccesses ?? false };
  const load = (ty: string, bytes: number): Value => f.load(ty, ptr(bytes), mo);

  switch (op) {
    case 'load':
      return load(V128, 16);
    case 'store':
      f.store(args[1]!, ptr(16, true), mo);
      return undefined;
    case 'load32_zero':
      return out(f, f.insertelement(zeroinit('<4 x i32>'), load('i32', 4), i32(0)));
    case 'load64_zero':
      return f.insertelement(zeroinit(V128), load('i64', 8), i32(0));
  }

  // v128.loadMxN_s/u: N lanes of M bits, extended to 2M bits.
  let m = /^load(\d+)x(\d+)_([su])$/.exec(op);
  if (m !== null) {
    const bits = Number(m[1]);
    const lanes = Number(m[2]);
    const v = load(vecTy(`i${bits}`, lanes), 8);
    const wide = vecTy(`i${bits * 2}`, lanes);
    return out(f, m[3] === 's' ? f.sext(v, wide) : f.zext(v, wide));
  }
  m = /^load(\d+)_splat$/.exec(op);
  if (m !== null) {
    const bits = Number(m[1]);
    return out(f, splat(f, load(`i${bits}`, bits / 8), 128 / bits));
  }
  m = /^(load|store)(\d+)_lane$/.exec(op);
  if (m !== null) {
    const bits = Number(m[2]);
    const ty = vecTy(`i${bits}`, 128 / bits);
    const lane: Value = i32(ins.lane!);
    const v = as(f, args[1]!, ty);
    if (m[1] === 'load') return out(f, f.insertelement(v, load(`i${bits}`, bits / 8), lane));
    f.store(f.extractelement(v, lane), ptr(bits / 8, true), mo);
    return undefined;
  }
  throw new Error(`unknown SIMD instruction v128.${op}`);
}
