/**
 * Differential runs against wasmtime on generated GC modules (issue 17): binaryen's fuzzer
 * (`wasm-opt -ttf --enable-gc --enable-reference-types`) turns seeded random bytes into a
 * valid module with struct and array types, allocation, casts, i31 and GC-typed locals,
 * globals and tables, which tests/diff/wasmtime.ts (`checkWasmtime`) then compares: awsm's
 * transcript of every export call as a .wast script that `wasmtime wast` checks.
 *
 *   node dist/tests/diff/gc.js [-n N] [--seed S] [--bounds guard|explicit|both] [-O N] [--keep]
 *   npm run diff:gc -- …
 *
 * The Debian binaryen (version 108) writes GC's pre-standard encodings, which neither
 * wasm-tools nor wasmtime read; binaryen 132, the npm package's Node build of wasm-opt (no
 * dependencies; scripts/setup.sh fetches it with `npm pack` into .cache/binaryen-132.0.0),
 * writes the standard ones: every module is checked with `wasm-tools validate` before the
 * comparison, so a generator bug is reported as such, not as awsm's.
 *
 * The comparison runs modules without imports (wasmtime's side is a .wast script), and
 * binaryen's import its fuzzing support (`log-*`, `call-export`, `call-ref`) and externref
 * globals: `defineImports` turns each into a definition — a function that does nothing and
 * returns zeros or nulls, a global of null or of `extern.convert_any (ref.i31 0)` for `(ref
 * extern)` — in place, so every index stays. The log calls no longer show in the transcripts;
 * the exports' results, traps and exported globals still do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import { Rng } from '../fuzz/rng.js';
import { runAsScript } from '../tools.js';
import { readGeneratedOptions, type GeneratedOptions } from './generated.js';
import { checkWasmtime, summaryLines, type WasmtimeReport } from './wasmtime.js';

/** binaryen's version whose wasm-opt writes standard GC encodings. */
export const BINARYEN_VERSION = '132.0.0';
/** Its wasm-opt (a Node script), where scripts/setup.sh unpacks it. */
export const GC_WASM_OPT = join(packageRoot, '.cache', `binaryen-${BINARYEN_VERSION}`, 'package', 'bin', 'wasm-opt');

/** What is missing to generate GC modules, or undefined (for tools.ts `requires`). */
export function gcGeneratorMissing(): string | undefined {
  return existsSync(GC_WASM_OPT) ? undefined : `binaryen ${BINARYEN_VERSION}'s wasm-opt ${GC_WASM_OPT} (npm binaryen@${BINARYEN_VERSION}: bash scripts/setup.sh)`;
}

/** A constant of value type `t` for a defined import, or undefined when there is none to make. */
function zeroOf(t: string): string | undefined {
  switch (t) {
    case 'i32': case 'i64': case 'f32': case 'f64': return `(${t}.const 0)`;
    case 'funcref': return '(ref.null func)';
    case 'externref': return '(ref.null extern)';
    case 'anyref': return '(ref.null any)';
    case '(ref extern)': return '(extern.convert_any (ref.i31 (i32.const 0)))';
  }
  return undefined;
}

/**
 * `text` (wasm-tools print) with every function and global import defined in place (see the
 * top), or undefined when an import is of another kind or type.
 *
 *   (import "fuzzing-support" "log-i32" (func (;0;) (type 8) (param i32)))  →  (func (;0;) (type 8) (param i32))
 *   (import "__fuzz_import" "extern$" (global (;0;) externref))            →  (global (;0;) externref (ref.null extern))
 */
export function defineImports(text: string): string | undefined {
  let ok = true;
  const out = text.replace(/^(\s*)\(import "[^"]*" "[^"]*" \((func|global) (\(;\d+;\) )(.*)\)\)$/gm, (_all, indent: string, kind: string, id: string, rest: string) => {
    if (kind === 'global') {
      const init = zeroOf(rest);
      if (init === undefined) ok = false;
      return `${indent}(global ${id}${rest} ${init})`;
    }
    const results = /\(result ([^)]*)\)/.exec(rest)?.[1]?.split(' ') ?? [];
    const body = results.map(zeroOf);
    if (body.some((b) => b === undefined)) ok = false;
    return `${indent}(func ${id}${rest} ${body.join(' ')})`;
  });
  return ok && !/^\s*\(import /m.test(out) ? out : undefined;
}

/**
 * Module k of `seed` into `dir` (GC-SEED-K.wasm): 2-16 KiB of random bytes through
 * `wasm-opt -ttf`, validated by wasm-tools, its imports defined; its path, or undefined when an
 * import cannot be defined (counted as skipped).
 */
export function gcModule(seed: number, k: number, dir: string): string | undefined {
  const rng = new Rng(seed ^ 0x6c9, k);
  const bytes = new Uint8Array(rng.range(2048, 16384));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  const input = join(dir, `gc-${seed}-${k}.bin`);
  const out = join(dir, `gc-${seed}-${k}.wasm`);
  writeFileSync(input, bytes);
  const gen = spawnSync(process.execPath, [GC_WASM_OPT, input, '-ttf', '--enable-gc', '--enable-reference-types', '-o', out], { encoding: 'utf8', timeout: 120_000 });
  if (gen.status !== 0) throw new Error(`wasm-opt -ttf failed for module ${k} of seed ${seed}: ${gen.stderr.slice(0, 500)}`);
  const v = spawnSync('wasm-tools', ['validate', '--features', 'all', out], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`binaryen ${BINARYEN_VERSION} wrote an invalid module (${k} of seed ${seed}): ${v.stderr.slice(0, 500)}`);
  const text = spawnSync('wasm-tools', ['print', out], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const defined = defineImports(text);
  if (defined === undefined) return undefined;
  const p = spawnSync('wasm-tools', ['parse', '-', '-o', out], { input: defined, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`module ${k} of seed ${seed} with its imports defined does not assemble: ${p.stderr.slice(0, 500)}`);
  return out;
}

/** Generate and compare `n` GC modules of `seed` in each of `bounds`. */
export async function runGcDiff(
  seed: number, n: number, bounds: ReadonlyArray<'guard' | 'explicit'>, optLevel: 0 | 1 | 2 | 3, keep = false,
): Promise<{ reports: WasmtimeReport[]; skipped: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-gc-diff-'));
  try {
    const paths: string[] = [];
    for (let k = 0; k < n; k++) {
      const p = gcModule(seed, k, dir);
      if (p !== undefined) paths.push(p);
    }
    const reports: WasmtimeReport[] = [];
    for (const b of bounds) {
      const r = await checkWasmtime(paths, { bounds: b, optLevel, timeoutMs: 120_000, keep, strict: false });
      r.seed = seed;
      reports.push(r);
    }
    return { reports, skipped: n - paths.length };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The command line (usage above): exit status 1 on a divergence, 2 on a bad option or a missing generator. */
async function main(argv: readonly string[]): Promise<number> {
  let o: GeneratedOptions;
  try {
    o = readGeneratedOptions(argv);
    const missing = gcGeneratorMissing();
    if (missing !== undefined) throw new Error(`missing ${missing}`);
  } catch (e) {
    console.error(`gc-diff: error: ${(e as Error).message}`);
    return 2;
  }
  console.log(`gc-diff: seed ${o.seed}, ${o.n} modules`);
  let diverged = 0;
  const { reports, skipped } = await runGcDiff(o.seed, o.n, o.bounds, o.opt, o.keep);
  if (skipped > 0) console.log(`gc-diff: ${skipped} of ${o.n} modules skipped (an import of a kind or type defineImports cannot define)`);
  for (const r of reports) {
    for (const l of summaryLines(r)) console.log(l);
    diverged += r.divergences.length;
  }
  return diverged > 0 ? 1 : 0;
}

runAsScript(import.meta.url, 'gc-diff', main);
