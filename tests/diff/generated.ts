/**
 * The common part of the differential runs on modules generated here rather than by smith
 * (tests/diff/typed-refs.ts, tests/diff/atomics.ts): module k of a seed as text, assembled by
 * `wasm-tools parse`, compared with wasmtime by tests/diff/wasmtime.ts (`checkWasmtime`) in
 * each bounds mode, and the command line of such a run:
 *
 *   node dist/tests/diff/TOOL.js [-n N] [--seed S] [--bounds guard|explicit|both] [-O N] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionReader } from '../tools.js';
import { checkWasmtime, summaryLines, type WasmtimeReport } from './wasmtime.js';

/** Module k of `seed`, as text. */
export type ModuleText = (seed: number, k: number) => string;

/** Generate `n` modules of `seed` into `dir` as PREFIX-SEED-K.wasm (wasm-tools parse); their paths. */
export function writeModules(prefix: string, make: ModuleText, seed: number, n: number, dir: string): string[] {
  const paths: string[] = [];
  for (let k = 0; k < n; k++) {
    const text = make(seed, k);
    const out = join(dir, `${prefix}-${seed}-${k}.wasm`);
    const r = spawnSync('wasm-tools', ['parse', '-', '-o', out], { input: text, encoding: 'utf8' });
    if (r.status !== 0) {
      writeFileSync(join(dir, `${prefix}-${seed}-${k}.wat`), text);
      throw new Error(`wasm-tools parse failed for module ${k} of seed ${seed}: ${r.stderr}`);
    }
    paths.push(out);
  }
  return paths;
}

/** Generate and compare `n` modules in each of `bounds`. */
export async function runGeneratedDiff(
  prefix: string, make: ModuleText, seed: number, n: number, bounds: ReadonlyArray<'guard' | 'explicit'>,
  optLevel: 0 | 1 | 2 | 3, keep = false,
): Promise<WasmtimeReport[]> {
  const dir = mkdtempSync(join(tmpdir(), `awsm-${prefix}-`));
  try {
    const paths = writeModules(prefix, make, seed, n, dir);
    const reports: WasmtimeReport[] = [];
    for (const b of bounds) {
      const r = await checkWasmtime(paths, { bounds: b, optLevel, timeoutMs: 120_000, keep, strict: false });
      r.seed = seed;
      reports.push(r);
    }
    return reports;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The options of a generated run's command line (usage above). */
export interface GeneratedOptions {
  n: number;
  seed: number;
  bounds: Array<'guard' | 'explicit'>;
  opt: 0 | 1 | 2 | 3;
  keep: boolean;
}

/** Read the options of a generated run (usage above); throws on a bad one. */
export function readGeneratedOptions(argv: readonly string[]): GeneratedOptions {
  const r: GeneratedOptions = { n: 50, seed: Date.now() % 1_000_000, bounds: ['guard', 'explicit'], opt: 2, keep: false };
  for (const o = new OptionReader(argv); o.next(); ) {
    switch (o.name) {
      case '-n': r.n = o.num(1, 100_000); break;
      case '--seed': r.seed = o.num(0, 2 ** 32 - 1); break;
      case '--bounds': { const b = o.value(); r.bounds = b === 'both' ? ['guard', 'explicit'] : [b as 'guard' | 'explicit']; break; }
      case '-O': r.opt = o.num(0, 3) as 0 | 1 | 2 | 3; break;
      case '--keep': r.keep = true; break;
      default: throw new Error(`unknown option '${o.arg}'`);
    }
  }
  return r;
}

/** The command line of a generated run (usage above): exit status 1 on a divergence, 2 on a bad option. */
export async function generatedMain(tool: string, prefix: string, make: ModuleText, argv: readonly string[]): Promise<number> {
  let o: GeneratedOptions;
  try {
    o = readGeneratedOptions(argv);
  } catch (e) {
    console.error(`${tool}: error: ${(e as Error).message}`);
    return 2;
  }
  let diverged = 0;
  for (const r of await runGeneratedDiff(prefix, make, o.seed, o.n, o.bounds, o.opt, o.keep)) {
    for (const l of summaryLines(r)) console.log(l);
    diverged += r.divergences.length;
  }
  return diverged > 0 ? 1 : 0;
}
