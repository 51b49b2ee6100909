/**
 * Timing helpers the run-time benchmarks share: one timed run of a program that must succeed
 * (wall time, and user + system CPU time by GNU time, which a loaded machine inflates less),
 * and the median of several runs.
 */
import { spawnSync } from 'node:child_process';

/** GNU time (scripts/setup.sh installs it). */
const TIME = '/usr/bin/time';

/** Run `argv` to completion: its wall and CPU time in ms and its standard output; throws when it fails. */
export function timedRun(argv: readonly string[]): { ms: number; cpuMs: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', 'cpu-s %U %S', ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = r.stderr.trimEnd().split('\n');
  if (r.error !== undefined) throw new Error(`cannot run ${TIME} (${r.error.message}): bash scripts/setup.sh installs GNU time`);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: status ${r.status}: ${lines.slice(0, 4).join(' | ')}`);
  const cpu = /^cpu-s ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1] ?? '');
  return { ms, cpuMs: cpu === null ? NaN : (Number(cpu[1]) + Number(cpu[2])) * 1000, out: r.stdout };
}

/** The median of `xs` (not empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
