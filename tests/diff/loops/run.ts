/**
 * A run of the loop fuzzer: modules generated in batches (module.ts), each checked for the
 * translator's verdicts and valid IR (coverage.ts), accounted for (report.ts), then compared
 * with V8 by tests/diff/diff.ts's checkFiles in guard and explicit mode, -O2 by default, one
 * shared library a batch, batches in parallel with -j. A guard-mode difference or hang is
 * excused only when checkFiles proves it to be guard mode's documented dead-load gap; excused
 * modules are counted apart, per reason, and saved as excused-*.wat. Divergences are saved
 * (the .wat, both transcripts and the command that checks them again) under `out`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OptLevel } from '../../../src/driver/native.js';
import { wat2wasm } from '../../tools.js';
import { addCounts, checkFiles, EXCUSES, type Divergence } from '../diff.js';
import { coverage } from './coverage.js';
import { generateLoopModule, type GeneratedModule } from './module.js';
import { account, emptyReport, type LoopDiffReport, type LoopDivergence } from './report.js';

/** A run: which modules, how they are compared, where findings go. */
export interface LoopDiffOptions {
  /** How many modules, and the run's seed (module k is a function of (seed, k)). */
  modules: number;
  seed: number;
  /** Default 'both': every module in guard mode and in explicit mode. */
  bounds?: 'guard' | 'explicit' | 'both';
  /** Index of the first module (default 0). */
  first?: number;
  /** Default 2. */
  optLevel?: OptLevel;
  /** Modules per shared library (default 20). */
  batch?: number;
  /** Batches in parallel (default 1). */
  jobs?: number;
  /** Per batch in the driver, per module in V8 (default 60000 ms). */
  timeoutMs?: number;
  /** Where divergences are saved (nothing is saved when undefined). */
  out?: string;
  /** Keep the temporary directory (modules, IR, libraries). */
  keep?: boolean;
  /** Called after each batch with the report so far. */
  onProgress?: (r: LoopDiffReport) => void;
}

/** Write `text` to dir/name (making dir) and return the path. */
function save(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Generate, compare and account for modules [from, to). */
async function runBatch(o: LoopDiffOptions, from: number, to: number, dir: string, report: LoopDiffReport): Promise<void> {
  const files: string[] = [];
  const mods: GeneratedModule[] = [];
  for (let k = from; k < to; k++) {
    let gm: GeneratedModule;
    try {
      gm = generateLoopModule(o.seed, k);
    } catch (e) {
      report.errors.push(`module ${k}: generator: ${(e as Error).message}`);
      continue;
    }
    const wasm = join(dir, `loop${k}-denan.wasm`);
    try {
      wat2wasm({ text: gm.wat }, wasm);
      for (const v of coverage(gm, new Uint8Array(readFileSync(wasm)))) {
        const div: LoopDivergence = { k, bounds: v.startsWith('guard') ? 'guard' : 'explicit', kind: 'invalid-ir', detail: `the LLVM verifier rejects awsm's IR: ${v}` };
        if (o.out !== undefined) div.saved = save(o.out, `loop-${o.seed}-${k}-invalid-ir.wat`, gm.wat);
        report.divergences.push(div);
      }
    } catch (e) {
      report.errors.push(`module ${k}: ${(e as Error).message.split('\n').slice(0, 4).join(' | ')}`);
      save(o.out ?? dir, `error-${k}.wat`, gm.wat);
      continue;
    }
    account(report, gm);
    files.push(wasm);
    mods.push(gm);
  }
  const modes: Array<'guard' | 'explicit'> = (o.bounds ?? 'both') === 'both' ? ['guard', 'explicit'] : [o.bounds as 'guard' | 'explicit'];
  const found: Array<{ bounds: 'guard' | 'explicit'; d: Divergence }> = [];
  for (const bounds of modes) {
    if (files.length === 0) break;
    const r = await checkFiles(files, { bounds, optLevel: o.optLevel ?? 2, timeoutMs: o.timeoutMs ?? 60_000, keep: o.keep ?? false });
    report.compared += r.compared;
    report.calls += r.calls;
    addCounts(report.allowed, r.allowed);
    addCounts(report.excused, r.excused);
    const settled = r.compared + r.divergences.length + r.excusedModules.filter((e) => e.reason === EXCUSES.timeout).length;
    if (settled < files.length) report.errors.push(`${bounds}: only ${r.compared} of ${files.length} modules compared in batch ${from}–${to - 1}`);
    for (const e of r.excusedModules) {
      report.excusedModules.push(mods[e.k]!.k);
      if (o.out !== undefined) save(o.out, `excused-${o.seed}-${mods[e.k]!.k}.wat`, `;; excused: ${e.reason}\n;; guard mode: ${e.detail}\n${mods[e.k]!.wat}`);
    }
    for (const d of r.divergences) found.push({ bounds, d });
  }
  for (const { bounds, d } of found) {
    const gm = mods[d.k]!;
    const div: LoopDivergence = { k: gm.k, bounds, kind: d.kind, detail: d.detail };
    if (o.out !== undefined) {
      const name = `loop-${o.seed}-${gm.k}-${bounds}`;
      const base = join(o.out, name);
      div.saved = save(o.out, `${name}.wat`, gm.wat);
      save(
        o.out,
        `${name}.txt`,
        `seed ${o.seed} module ${gm.k}, bounds ${bounds}\n${d.kind}: ${d.detail}\n\n--- awsm\n${d.awsm ?? '(none)'}\n--- V8\n${d.v8 ?? '(none)'}\n` +
          `check: wat2wasm ${base}.wat -o ${base}-denan.wasm && node dist/tests/diff/diff.js --check ${base}-denan.wasm --bounds ${bounds}\n`,
      );
    }
    report.divergences.push(div);
  }
  if (!o.keep) for (const f of files) rmSync(f, { force: true }), rmSync(f.replace(/\.wasm$/, '.wat'), { force: true });
}

/** Generate `modules` loop modules from `seed` and compare each with V8 (tests/diff/loops.ts has the overview). */
export async function runLoopDiff(o: LoopDiffOptions): Promise<LoopDiffReport> {
  const started = Date.now();
  const report = emptyReport(o.seed);
  delete process.env['AWSM_DEBUG_VERSIONING'];
  const dir = mkdtempSync(join(tmpdir(), 'awsm-loops-'));
  const first = o.first ?? 0;
  const batch = Math.max(1, o.batch ?? 20);
  const batches: Array<[number, number]> = [];
  for (let k = first; k < first + o.modules; k += batch) batches.push([k, Math.min(first + o.modules, k + batch)]);
  try {
    const worker = async (): Promise<void> => {
      for (let b = batches.shift(); b !== undefined; b = batches.shift()) {
        await runBatch(o, b[0], b[1], dir, report);
        report.seconds = (Date.now() - started) / 1000;
        o.onProgress?.(report);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs ?? 1) }, worker));
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`loops: kept ${dir}`);
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
