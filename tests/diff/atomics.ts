/**
 * Differential runs against wasmtime on generated modules of atomic instructions (threads
 * proposal, issue 18), single-threaded: every 0xFE instruction of every width on aligned,
 * unaligned, near-the-end and out-of-bounds addresses, with memarg offsets, on a shared memory
 * (sometimes a 64-bit one) or an unshared one. `wasm-tools smith --threads-enabled` (the
 * `threads` entry of wasmtime.ts's GATED) makes atomics rarely and never on chosen addresses,
 * so the modules are made here, as text assembled by `wasm-tools parse`, and compared by
 * tests/diff/wasmtime.ts (`checkWasmtime`: awsm's transcript of every export call as a .wast
 * script that `wasmtime wast -W all-proposals=y` checks: results, traps and memory).
 *
 *   node dist/tests/diff/atomics.js [-n N] [--seed S] [--bounds guard|explicit|both] [-O N] [--keep]
 *
 * Module k of seed S: 8 exported functions `() -> i64`, each a sequence of 12 statements; a
 * statement is one atomic instruction (or a plain load or store, to mix with them) whose result
 * is folded into an accumulator (acc = rotl(acc, 7) + result), the function returns it.
 * `memory.atomic.wait32/64` always has a timeout of 0 to 1,000 ns (so it returns 1 or 2 and
 * never blocks: a single thread has nobody to wake it); on an unshared memory it traps.
 * `notify` finds no waiters (0). The memory is filled with a pattern by an active data
 * segment so loads see more than zeros, and exported, so its contents are compared too.
 */
import { Rng } from '../fuzz/rng.js';
import { runAsScript } from '../tools.js';
import { generatedMain, runGeneratedDiff } from './generated.js';
import type { WasmtimeReport } from './wasmtime.js';

/** [type, width suffix, bytes] of the seven access shapes, as in the opcode table. */
const SHAPES: ReadonlyArray<readonly ['i32' | 'i64', string, number]> = [
  ['i32', '', 4], ['i64', '', 8], ['i32', '8', 1], ['i32', '16', 2], ['i64', '8', 1], ['i64', '16', 2], ['i64', '32', 4],
];
const RMW = ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'] as const;

/** Generation state of one module. */
interface Gen {
  rng: Rng;
  /** The memory's address type. */
  a: 'i32' | 'i64';
  /** The memory is shared (else wait traps "expected shared memory"). */
  shared: boolean;
}

function pick<T>(g: Gen, xs: readonly T[]): T {
  return xs[g.rng.int(xs.length)]!;
}

/** A constant of type t: small, a bit pattern, or an extreme. */
function value(g: Gen, t: 'i32' | 'i64'): string {
  const r = g.rng.int(4);
  if (r === 0) return `(${t}.const ${g.rng.int(16)})`;
  if (r === 1) return `(${t}.const -1)`;
  const hex = Array.from({ length: t === 'i32' ? 8 : 16 }, () => '0123456789abcdef'[g.rng.int(16)]).join('');
  return `(${t}.const 0x${hex})`;
}

/**
 * An address for an access of `bytes` and its memarg offset: mostly aligned inside the first
 * 512 bytes, else unaligned, at the end of the 64 KiB page (in bounds or straddling it), or
 * far out of bounds.
 */
function address(g: Gen, bytes: number): { addr: string; offset: number } {
  const r = g.rng.int(10);
  const offset = pick(g, [0, 0, 0, bytes, 8, 3, 65536]);
  let ea: number;
  if (r < 6) ea = bytes * g.rng.int(512 / bytes);
  else if (r < 8) ea = g.rng.int(512);
  else if (r < 9) ea = 65536 - bytes * (g.rng.int(3) - 1) - (g.rng.int(4) === 0 ? 1 : 0);
  else ea = pick(g, [0x10000, 0x7fff_fff8, 0xffff_fff8]);
  const addr = Math.max(0, ea - offset);
  return { addr: `(${g.a}.const ${addr})`, offset };
}

function memarg(offset: number): string {
  return offset === 0 ? '' : ` offset=${offset}`;
}

/** One statement: an instruction whose result (as i64) goes into the accumulator, or a store. */
function statement(g: Gen): string {
  const fold = (v: string, t: 'i32' | 'i64'): string =>
    `(local.set $acc (i64.add (i64.rotl (local.get $acc) (i64.const 7)) ${t === 'i32' ? `(i64.extend_i32_u ${v})` : v}))`;
  const [t, w, bytes] = pick(g, SHAPES);
  const { addr, offset } = address(g, bytes);
  const m = memarg(offset);
  const u = w === '' ? '' : '_u';
  switch (g.rng.int(9)) {
    case 0:
      return fold(`(${t}.atomic.load${w}${u}${m} ${addr})`, t);
    case 1:
      return `(${t}.atomic.store${w}${m} ${addr} ${value(g, t)})`;
    case 2: {
      // The plain forms, to interleave with the atomic ones.
      const plain = w === '' ? `${t}.load` : `${t}.load${w}_u`;
      return g.rng.int(2) === 0 ? fold(`(${plain}${m} ${addr})`, t) : `(${t}.store${w}${m} ${addr} ${value(g, t)})`;
    }
    case 3: {
      // cmpxchg whose expected value is often the current one (read plainly first).
      const expected = g.rng.int(2) === 0 ? `(${w === '' ? `${t}.load` : `${t}.load${w}_u`}${m} ${addr})` : value(g, t);
      return fold(`(${t}.atomic.rmw${w}.cmpxchg${u}${m} ${addr} ${expected} ${value(g, t)})`, t);
    }
    case 4:
    case 5:
    case 6:
      return fold(`(${t}.atomic.rmw${w}.${pick(g, RMW.slice(0, 6))}${u}${m} ${addr} ${value(g, t)})`, t);
    case 7: {
      const wide = g.rng.int(2) === 0;
      const at = address(g, wide ? 8 : 4);
      const vt = wide ? 'i64' : 'i32';
      const expected = g.rng.int(2) === 0 ? `(${vt}.load${memarg(at.offset)} ${at.addr})` : value(g, vt);
      const timeout = `(i64.const ${pick(g, [0, 0, 1, 1000])})`;
      return fold(`(memory.atomic.wait${wide ? 64 : 32}${memarg(at.offset)} ${at.addr} ${expected} ${timeout})`, 'i32');
    }
    default: {
      if (g.rng.int(3) === 0) return 'atomic.fence';
      const at = address(g, 4);
      return fold(`(memory.atomic.notify${memarg(at.offset)} ${at.addr} ${value(g, 'i32')})`, 'i32');
    }
  }
}

/** Module k of `seed`, as text. */
export function atomicsModule(seed: number, k: number): string {
  const rng = new Rng(seed * 1000003 + k);
  const kind = rng.int(4);
  const g: Gen = { rng, a: kind === 3 ? 'i64' : 'i32', shared: kind !== 2 };
  const pattern = Array.from({ length: 64 }, (_, i) => `\\${((i * 37 + k) & 255).toString(16).padStart(2, '0')}`).join('');
  // The memory is exported: wasmtime.ts compares its size and hash (a shared one after the
  // last call: wast.ts).
  const lines = [`(module`, `  (memory (export "mem") ${g.a} 1 1${g.shared ? ' shared' : ''})`, `  (data (${g.a}.const 0) "${pattern}")`];
  for (let f = 0; f < 8; f++) {
    const body = Array.from({ length: 12 }, () => statement(g)).join('\n    ');
    lines.push(`  (func (export "f${f}") (result i64) (local $acc i64)\n    ${body}\n    (local.get $acc))`);
  }
  lines.push(')');
  return lines.join('\n');
}

/** Generate and compare `n` modules in each of `bounds`. */
export function runAtomicsDiff(
  seed: number, n: number, bounds: ReadonlyArray<'guard' | 'explicit'>, optLevel: 0 | 1 | 2 | 3, keep = false,
): Promise<WasmtimeReport[]> {
  return runGeneratedDiff('atomics', atomicsModule, seed, n, bounds, optLevel, keep);
}

runAsScript(import.meta.url, 'atomics-diff', (argv) => generatedMain('atomics-diff', 'atomics', atomicsModule, argv));
