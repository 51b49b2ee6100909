/**
 * A suite's two lists (docs/spec-harness.md#required-files-and-reasons):
 *
 *   required list   `FILE`     every assertion of FILE must pass
 *                   `FILE N`   at least N assertions of FILE must pass (the rest fail today,
 *                              with a reason in the reasons list)
 *   reasons list    `PATTERN reason`       why the files matching PATTERN are not wholly required
 *                   `PATTERN:LINE reason`  the command at LINE is skipped, in every run
 *
 * FILE is a path relative to the suite directory (`i32.wast`, `proposals/threads/atomic.wast`);
 * PATTERN a path or a glob (`*` also matches `/`). Also: judging a run against the required
 * list, and rewriting the list from a run (--update-required), which refuses to lower a figure.
 *
 * A target's list (tests/spec/targets/ARCH-SUITE.txt, read with `--target`) says what differs on
 * that machine, on top of the suite's two lists:
 *
 *   `FILE MIN reason`       on this target FILE must pass at least MIN assertions (replacing its
 *                           required-list line) and its failures are expected, for this reason
 *   `PATTERN:LINE reason`   the command at LINE is skipped on this target
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export class ListError extends Error {}

/** One requirement: the whole file (`min` undefined) or at least `min` passed assertions. */
export interface Requirement {
  file: string;
  min?: number;
}

/** A reasons-list entry. */
export interface ReasonEntry {
  pattern: RegExp;
  /** The pattern as written. */
  text: string;
  /** A line of the script (the command there is skipped); undefined: the entry is about files. */
  line?: number;
  reason: string;
}

/** The per-file figures a requirement is judged on. */
export interface Counts {
  file: string;
  passed: number;
  failed: number;
}

/** Non-comment, non-empty lines of a list file (none when it does not exist). */
function listLines(path: string): Array<{ text: string; lineno: number }> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l, i) => ({ text: l.replace(/#.*$/, '').trim(), lineno: i + 1 }))
    .filter((l) => l.text !== '');
}

/** A glob as a regular expression over relative paths; `.wast` may be left out. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}(\\.wast)?$`);
}

export function readRequired(path: string): Requirement[] {
  return listLines(path).map(({ text, lineno }) => {
    const m = /^(\S+)(?:\s+(\d+))?$/.exec(text);
    if (m === null) throw new ListError(`${path}:${lineno}: expected 'FILE' or 'FILE MIN-PASSED'`);
    return m[2] === undefined ? { file: m[1]! } : { file: m[1]!, min: Number(m[2]) };
  });
}

export function readReasons(path: string): ReasonEntry[] {
  return listLines(path).map(({ text, lineno }) => {
    const m = /^(\S+?)(?::(\d+))?\s+(.+)$/.exec(text);
    if (m === null) throw new ListError(`${path}:${lineno}: expected 'FILE[:LINE] reason'`);
    const entry: ReasonEntry = { pattern: globToRegExp(m[1]!), text: m[1]!, reason: m[3]! };
    if (m[2] !== undefined) entry.line = Number(m[2]);
    return entry;
  });
}

/** The reason the reasons list gives for a file not being wholly required, if any. */
export function fileReason(reasons: readonly ReasonEntry[], file: string): string | undefined {
  return reasons.find((r) => r.line === undefined && r.pattern.test(file))?.reason;
}

/**
 * Files of the suite that the lists do not account for: neither wholly required nor given a
 * reason (a partly required file needs one too, for its failures).
 */
export function unaccounted(all: readonly string[], required: readonly Requirement[], reasons: readonly ReasonEntry[]): string[] {
  const whole = new Set(required.filter((r) => r.min === undefined).map((r) => r.file));
  return all.filter((f) => !whole.has(f) && fileReason(reasons, f) === undefined);
}

/** Why a file's figures break its requirement; undefined when they meet it. */
export function unmet(req: Requirement, c: Counts): string | undefined {
  if (req.min === undefined) return c.failed === 0 ? undefined : `${c.failed} failed; the file is required to pass completely`;
  return c.passed >= req.min ? undefined : `${c.passed} passed; at least ${req.min} are required`;
}

/** The requirement a run's figures support: the whole file, N passed, or none (nothing passed). */
function earned(c: Counts): Requirement | undefined {
  if (c.failed === 0) return { file: c.file };
  return c.passed > 0 ? { file: c.file, min: c.passed } : undefined;
}

/** A requirement ordered by strength: the whole file beats any count. */
function strength(r: Requirement | undefined): number {
  return r === undefined ? 0 : r.min === undefined ? Infinity : r.min;
}

function format(r: Requirement): string {
  return r.min === undefined ? r.file : `${r.file} ${r.min}`;
}

/**
 * Rewrite the required list at `path` from a run's figures (files not run keep their line).
 * Refuses, writing nothing, if any file would be required less than now: that is a
 * regression to fix, or a deliberate edit by hand. Returns the changes, one line each.
 */
export function updateRequired(path: string, results: readonly Counts[]): { changes: string[]; regressions: string[] } {
  const old = new Map(readRequired(path).map((r) => [r.file, r]));
  const next = new Map(old);
  const changes: string[] = [];
  const regressions: string[] = [];
  for (const c of results) {
    const before = old.get(c.file);
    const now = earned(c);
    if (strength(now) < strength(before)) {
      regressions.push(`${c.file}: required '${format(before!)}', this run: ${c.passed} passed, ${c.failed} failed`);
    } else if (now !== undefined && strength(now) > strength(before)) {
      next.set(c.file, now);
      changes.push(`${before === undefined ? 'added' : 'raised'}: ${format(now)}${before === undefined ? '' : ` (was '${format(before)}')`}`);
    }
  }
  if (regressions.length > 0 || changes.length === 0) return { changes, regressions };
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = text.split('\n');
  const firstEntry = lines.findIndex((l) => !l.startsWith('#'));
  const header = firstEntry < 0 ? lines : lines.slice(0, firstEntry); // the leading comment block
  const body = [...next.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map(format);
  writeFileSync(path, [...header, ...body].join('\n') + '\n');
  return { changes, regressions };
}

/** A target list's entries (none when the file does not exist): its requirements and reasons. */
export interface TargetList {
  /** Requirements that replace the suite's for these files on the target. */
  required: Requirement[];
  /** Reasons of the files above, and the target's skipped lines. */
  reasons: ReasonEntry[];
}

export function readTargetList(path: string): TargetList {
  const out: TargetList = { required: [], reasons: [] };
  for (const { text, lineno } of listLines(path)) {
    const file = /^(\S+)\s+(\d+)\s+(\S.*)$/.exec(text);
    const line = /^(\S+?):(\d+)\s+(\S.*)$/.exec(text);
    if (file !== null && !file[1]!.includes('*')) {
      out.required.push({ file: file[1]!, min: Number(file[2]) });
      out.reasons.push({ pattern: globToRegExp(file[1]!), text: file[1]!, reason: file[3]! });
    } else if (line !== null) {
      out.reasons.push({ pattern: globToRegExp(line[1]!), text: line[1]!, line: Number(line[2]), reason: line[3]! });
    } else {
      throw new ListError(`${path}:${lineno}: expected 'FILE MIN-PASSED reason' or 'FILE:LINE reason'`);
    }
  }
  return out;
}

/**
 * The suite's lists with a target's on top: its requirements replace the suite's for the same
 * files, and its reasons come first (the first matching reason is a file's).
 */
export function withTarget(required: readonly Requirement[], reasons: readonly ReasonEntry[], target: TargetList): { required: Requirement[]; reasons: ReasonEntry[] } {
  const over = new Map(target.required.map((r) => [r.file, r]));
  const kept = required.filter((r) => !over.has(r.file));
  return { required: [...kept, ...target.required], reasons: [...target.reasons, ...reasons] };
}
