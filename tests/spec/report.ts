/**
 * The spec harness's report (docs/spec-harness.md#output): per-file figures judged against the
 * suite's lists (failures expected or not), the table of files, the per-group table of the
 * 3.0 suite, the failures, the expected failures by reason, the JSON summary.
 */
import { type ReasonEntry, type Requirement, fileReason, unmet } from './lists.js';
import type { Outcome } from './script.js';
import { GROUP_ORDER } from './suites.js';

/** Failures listed per file without -v. */
const FAILURES_SHOWN = 10;
/** Files named in the "ahead of the required list" line. */
const AHEAD_SHOWN = 12;

export interface FileResult {
  /** Path relative to the suite directory. */
  file: string;
  /** The 3.0 feature group (suites.ts), undefined for the 2.0 suite. */
  group?: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Outcome[];
  /** Why the file's figures break its requirement (a required-list line). */
  unmet?: string;
  /** The reasons list's reason for the file's failures, when they are expected. */
  expectedBecause?: string;
  /** Passes more than the required list asks (whole file, or a higher count). */
  ahead: boolean;
}

/** Count a script's outcomes; assertions only, plus any other command that failed. */
export function tally(file: string, group: string | undefined, outcomes: readonly Outcome[]): FileResult {
  const r: FileResult = { file, passed: 0, failed: 0, skipped: 0, failures: [], ahead: false };
  if (group !== undefined) r.group = group;
  for (const o of outcomes) {
    if (o.assertion === false && o.status !== 'failed') continue;
    r[o.status]++;
    if (o.status === 'failed') r.failures.push(o);
  }
  return r;
}

/**
 * Judge a file's figures against the lists: its requirement (if any) must hold, and its
 * failures are expected only when the reasons list gives the file a reason (and a requirement
 * does not say the whole file).
 */
export function judge(r: FileResult, req: Requirement | undefined, reasons: readonly ReasonEntry[]): void {
  if (req !== undefined) {
    const why = unmet(req, r);
    if (why !== undefined) r.unmet = why;
    r.ahead = req.min !== undefined && (r.failed === 0 || r.passed > req.min);
  } else {
    r.ahead = r.passed > 0;
  }
  // A wholly required file that failed is unmet, so its failures are never expected.
  const reason = fileReason(reasons, r.file);
  if (r.failed > 0 && r.unmet === undefined && reason !== undefined) r.expectedBecause = reason;
}

/** Whether the file has a failure nothing explains (or breaks its requirement). */
export function unexpected(r: FileResult): boolean {
  return r.unmet !== undefined || (r.failed > 0 && r.expectedBecause === undefined);
}

/** A failure message on one line (tool output can span many), shortened unless verbose. */
function oneLine(message: string, verbose: boolean): string {
  const flat = message.replace(/\s*\n\s*/g, ' | ');
  return verbose || flat.length <= 400 ? flat : flat.slice(0, 400) + ' …';
}

interface Totals {
  files: number;
  complete: number;
  passed: number;
  failed: number;
  skipped: number;
}

function sum(results: readonly FileResult[]): Totals {
  const t: Totals = { files: 0, complete: 0, passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    t.files++;
    if (r.failed === 0) t.complete++;
    t.passed += r.passed;
    t.failed += r.failed;
    t.skipped += r.skipped;
  }
  return t;
}

/** Per-group totals in GROUP_ORDER (3.0 runs; empty for 2.0). */
function groupTotals(results: readonly FileResult[]): Array<{ group: string } & Totals> {
  return GROUP_ORDER.map((group) => ({ group, ...sum(results.filter((r) => r.group === group)) })).filter((g) => g.files > 0);
}

function printFailures(r: FileResult, verbose: boolean, out: string[]): void {
  const shown = verbose ? r.failures : r.failures.slice(0, FAILURES_SHOWN);
  for (const o of shown) out.push(`  ${r.file}:${o.line}: ${oneLine(o.message ?? '', verbose)}`);
  if (shown.length < r.failures.length) out.push(`  ${r.file}: … and ${r.failures.length - shown.length} more (-v lists all)`);
}

/** The report's text (standard output) for results in file order. */
export function formatReport(results: readonly FileResult[], opts: { verbose: boolean; requiredList: string; updateCommand: string }): string {
  const out: string[] = [];
  const totals = sum(results);
  const width = Math.max(24, ...results.map((r) => r.file.length)) + 2;
  const row = (name: string, p: number | string, f: number | string, s: number | string): string =>
    `${name.padEnd(width)}${String(p).padStart(8)}${String(f).padStart(8)}${String(s).padStart(9)}`;
  out.push(row('file', 'passed', 'failed', 'skipped'));
  for (const r of results) out.push(row(r.file, r.passed, r.failed, r.skipped));
  out.push(row('total', totals.passed, totals.failed, totals.skipped));

  const groups = groupTotals(results);
  if (groups.length > 0) {
    const gw = Math.max(...groups.map((g) => g.group.length), 5) + 2;
    const grow = (g: string, ...cols: Array<number | string>): string => g.padEnd(gw) + cols.map((c) => String(c).padStart(9)).join('');
    out.push('', grow('group', 'files', 'complete', 'passed', 'failed', 'skipped'));
    for (const g of groups) out.push(grow(g.group, g.files, g.complete, g.passed, g.failed, g.skipped));
    out.push(grow('total', totals.files, totals.complete, totals.passed, totals.failed, totals.skipped));
  }

  const bad = results.filter(unexpected);
  if (bad.length > 0) {
    out.push('', 'Failures:');
    for (const r of bad) {
      if (r.unmet !== undefined) out.push(`  ${r.file}: below ${opts.requiredList}: ${r.unmet}`);
      printFailures(r, opts.verbose, out);
    }
  }
  const expected = results.filter((r) => r.expectedBecause !== undefined);
  if (expected.length > 0) {
    out.push('', 'Expected failures (a reason in the reasons list):');
    const byReason = new Map<string, FileResult[]>();
    for (const r of expected) byReason.set(r.expectedBecause!, [...(byReason.get(r.expectedBecause!) ?? []), r]);
    for (const [reason, rs] of byReason) {
      const failed = rs.reduce((n, r) => n + r.failed, 0);
      out.push(`  ${reason}: ${rs.length} file${rs.length === 1 ? '' : 's'}, ${failed} failed`);
      if (opts.verbose) for (const r of rs) printFailures(r, true, out);
    }
  }
  const ahead = results.filter((r) => r.ahead);
  if (ahead.length > 0) {
    const named = ahead.slice(0, AHEAD_SHOWN).map((r) => `${r.file} ${r.passed}${r.failed === 0 ? ' (complete)' : ''}`);
    if (ahead.length > AHEAD_SHOWN) named.push(`… and ${ahead.length - AHEAD_SHOWN} more`);
    out.push('', `Ahead of ${opts.requiredList} (${opts.updateCommand} raises it): ${named.join(', ')}`);
  }
  return out.join('\n');
}

/** The --json summary. */
export function jsonReport(results: readonly FileResult[]): unknown {
  const totals = sum(results);
  const json: Record<string, unknown> = {
    files: results.map((r) => ({ file: r.file, ...(r.group !== undefined ? { group: r.group } : {}), passed: r.passed, failed: r.failed, skipped: r.skipped })),
    totals: { passed: totals.passed, failed: totals.failed, skipped: totals.skipped },
  };
  const groups = groupTotals(results);
  if (groups.length > 0) json['groups'] = groups;
  return json;
}
