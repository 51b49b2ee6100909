/**
 * The loop fuzzer's report: what it generated (functions, loops by intent), what the
 * translator did with the loops (versioned or why not, near misses versioned anyway, the
 * mirror of the analysis disagreeing), how the entries of versioned loops split between the
 * fast and the slow path by the replayed checks, and what the comparison with V8 found
 * (module runs and calls compared, excused modules per reason, divergences); account() adds
 * a module to it, printReport() prints it.
 */
import { addCounts, excuseLines } from '../diff.js';
import type { GeneratedModule } from './module.js';

/** A module on which awsm and V8 disagree, or whose IR the LLVM verifier rejects. */
export interface LoopDivergence {
  /** The module's index, and the bounds mode that diverged. */
  k: number;
  bounds: 'guard' | 'explicit';
  /** diff.ts's kind of divergence ('invalid-ir' for the verifier), and what differs. */
  kind: string;
  detail: string;
  /** The .wat, when saved. */
  saved?: string;
}

export interface LoopDiffReport {
  /** The run's seed; the modules and their exported functions accounted for. */
  seed: number;
  modules: number;
  functions: number;
  /** Functions generated again because the interpreter could not bound them. */
  retries: number;
  /** Functions that trap (so that the loops after the trap do not run). */
  trapping: number;
  /** Every generated `loop`, innermost ones, and the translator's verdicts on the latter. */
  loops: number;
  innermost: number;
  versioned: number;
  notVersioned: number;
  /** Outer loops, and those versioned as a nest with their inner loop. */
  outer: number;
  nests: number;
  /** Innermost loops by the generator's intent ('versionable' or a near-miss kind). */
  byIntent: Record<string, { loops: number; versioned: number }>;
  /** Why intended-versionable loops were not versioned (the translator's reason). */
  missedWhy: Record<string, number>;
  /** Near misses the translator versioned anyway (suspicious), with the loop's description. */
  unexpected: string[];
  /** Loops where the mirror of the analysis and the translator disagree. */
  modelDisagreements: string[];
  /** Executions (entries) of versioned loops, by the replayed entry checks. */
  entries: { total: number; fast: number; slow: number; unpredicted: number; trapped: number; slowWhy: Record<string, number> };
  /** Versioned loops with at least one fast / slow entry, and never entered. */
  loopsWithFast: number;
  loopsWithSlow: number;
  loopsNeverRun: number;
  /** A fast prediction whose trip count the interpreter disagrees with. */
  inconsistencies: string[];
  /** Modules compared (per bounds mode) and export calls compared. */
  compared: number;
  calls: number;
  /** Differences the comparison rules allow, by reason (diff.ts). */
  allowed: Record<string, number>;
  /** Guard-mode differences proven to be the dead-load gap, by reason, and the modules (diff.ts's runBatch). */
  excused: Record<string, number>;
  excusedModules: number[];
  divergences: LoopDivergence[];
  /** Generator or tool failures (not divergences, but the run is not clean). */
  errors: string[];
  /** Wall-clock time of the run so far. */
  seconds: number;
}

/** The report of a run that has not accounted for any module yet. */
export function emptyReport(seed: number): LoopDiffReport {
  return {
    seed, modules: 0, functions: 0, retries: 0, trapping: 0, loops: 0, innermost: 0, versioned: 0, notVersioned: 0, outer: 0, nests: 0, byIntent: {}, missedWhy: {},
    unexpected: [], modelDisagreements: [], entries: { total: 0, fast: 0, slow: 0, unpredicted: 0, trapped: 0, slowWhy: {} },
    loopsWithFast: 0, loopsWithSlow: 0, loopsNeverRun: 0, inconsistencies: [], compared: 0, calls: 0, allowed: {}, excused: {}, excusedModules: [],
    divergences: [], errors: [], seconds: 0,
  };
}

/** Count one more `k` in `o`. */
const bump = (o: Record<string, number>, k: string): void => {
  o[k] = (o[k] ?? 0) + 1;
};

/** Add a module's loop statistics (after coverage()) to the report. */
export function account(r: LoopDiffReport, gm: GeneratedModule): void {
  r.modules++;
  r.functions += gm.functions;
  r.retries += gm.retries;
  r.trapping += gm.trapping;
  gm.loops.forEach((metas, fi) => {
    metas.forEach((m, j) => {
      r.loops++;
      if (m.intent === 'outer') {
        r.outer++;
        if (m.actual?.startsWith('versioned nest')) r.nests++;
        return;
      }
      r.innermost++;
      const where = `module ${gm.k} f${fi} loop ${j}`;
      const versioned = m.actual?.startsWith('versioned') ?? false;
      const bi = (r.byIntent[m.intent] ??= { loops: 0, versioned: 0 });
      bi.loops++;
      if (versioned) {
        bi.versioned++;
        r.versioned++;
      } else r.notVersioned++;
      if (m.intent === 'versionable' && !versioned) bump(r.missedWhy, (m.actual ?? '?').replace(/ at \d+/g, '').replace(/-?\d+/g, 'N'));
      if (m.intent !== 'versionable' && versioned) r.unexpected.push(`${where}: ${m.what} — ${m.actual}`);
      const modelSays = typeof m.model !== 'string';
      if (modelSays !== versioned && r.modelDisagreements.length < 50) {
        r.modelDisagreements.push(`${where}: model ${modelSays ? 'versions' : `refuses (${m.model as string})`}, translator: ${m.actual}`);
      }
      if (!versioned) return;
      r.entries.total += m.entries;
      r.entries.fast += m.fast;
      r.entries.slow += m.slow;
      r.entries.unpredicted += m.unpredicted + (modelSays ? 0 : m.entries);
      r.entries.trapped += m.trapped;
      addCounts(r.entries.slowWhy, m.slowWhy);
      if (m.fast > 0) r.loopsWithFast++;
      if (m.slow > 0) r.loopsWithSlow++;
      if (m.entries === 0) r.loopsNeverRun++;
      for (const i of m.inconsistencies) r.inconsistencies.push(`${where}: ${i} (${m.what})`);
    });
  });
}

/** a as a percentage of b, to one decimal ('-' when b is 0). */
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

/** The report as the command line prints it: the first 10 of each list of suspicious loops unless verbose. */
export function printReport(r: LoopDiffReport, verbose: boolean): void {
  const lim = <T>(xs: T[]): T[] => (verbose ? xs : xs.slice(0, 10));
  console.log(`loops: seed ${r.seed}: ${r.modules} modules, ${r.functions} functions (${r.retries} regenerated, ${r.trapping} trap), ${r.seconds.toFixed(0)} s`);
  console.log(`loops: ${r.loops} loops, ${r.innermost} innermost: ${r.versioned} versioned (${pct(r.versioned, r.innermost)}), ${r.notVersioned} not`);
  console.log(`loops: ${r.outer} outer loops: ${r.nests} versioned as a nest with their inner loop (${pct(r.nests, r.outer)})`);
  const intents = Object.entries(r.byIntent).sort((a, b) => b[1].loops - a[1].loops);
  console.log(`loops: by intent (versioned/loops): ${intents.map(([k, v]) => `${k} ${v.versioned}/${v.loops}`).join(', ')}`);
  const missed = Object.entries(r.missedWhy).sort((a, b) => b[1] - a[1]);
  if (missed.length > 0) console.log(`loops: intended-versionable loops not versioned: ${missed.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  const e = r.entries;
  console.log(
    `loops: entries of versioned loops: ${e.total}; by the replayed checks fast ${e.fast} (${pct(e.fast, e.total)}), slow ${e.slow} (${pct(e.slow, e.total)}), ` +
      `unpredicted ${e.unpredicted}; ${e.trapped} trapped; versioned loops with a fast entry ${r.loopsWithFast}, with a slow entry ${r.loopsWithSlow}, never run ${r.loopsNeverRun}`,
  );
  const why = Object.entries(e.slowWhy).sort((a, b) => b[1] - a[1]);
  if (why.length > 0) console.log(`loops: slow because: ${why.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  console.log(`loops: compared ${r.compared} module runs, ${r.calls} export calls, ${r.excusedModules.length} excused, ${r.divergences.length} divergences`);
  for (const l of excuseLines('loops', r)) console.log(l);
  if (r.excusedModules.length > 0) console.log(`loops: excused modules: ${r.excusedModules.join(', ')}`);
  if (r.unexpected.length > 0) {
    console.log(`loops: ${r.unexpected.length} near misses were versioned (suspicious):`);
    for (const u of lim(r.unexpected)) console.log(`  ${u}`);
  }
  if (r.inconsistencies.length > 0) {
    console.log(`loops: ${r.inconsistencies.length} fast predictions disagree with the interpreter:`);
    for (const u of lim(r.inconsistencies)) console.log(`  ${u}`);
  }
  if (r.modelDisagreements.length > 0) {
    console.log(`loops: ${r.modelDisagreements.length}${r.modelDisagreements.length >= 50 ? '+' : ''} loops where the analysis mirror and the translator disagree:`);
    for (const u of lim(r.modelDisagreements)) console.log(`  ${u}`);
  }
  if (r.errors.length > 0) {
    console.log(`loops: ${r.errors.length} errors:`);
    for (const u of lim(r.errors)) console.log(`  ${u}`);
  }
  for (const d of r.divergences) {
    console.log(`  DIVERGENCE module ${d.k} [${d.kind}, ${d.bounds}]${d.saved ? ` → ${d.saved}` : ''}\n      ${d.detail.slice(0, 500)}`);
  }
}
