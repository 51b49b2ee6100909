/**
 * Process measurement for bench/compile/run.ts: CPU seconds (user+system of the whole process
 * tree), wall seconds and peak RSS of one command through GNU time, and the parsing of LLVM's
 * `-ftime-report` tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const TIMEOUT = '/usr/bin/timeout';
const TIME_FILE = join(tmpdir(), `awsm-bench-compile-time-${process.pid}.txt`);

/** One measured process. */
export interface Measured {
  /** user+system CPU seconds of the process and every child it waited for. */
  cpuS: number;
  wallS: number;
  /**
   * Peak RSS in MB: GNU time's %M, the largest resident set of any single process of the tree
   * (getrusage RUSAGE_CHILDREN ru_maxrss), not the sum of processes alive at once.
   */
  rssMB: number;
  stdout: string;
  stderr: string;
  /** null on exit status 0, else a one-line reason. */
  failure: string | null;
}

/** True if GNU time is there (every measurement needs it). */
export function haveGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

function firstLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith('Command exited')) ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Run `cmd args` under GNU time (and coreutils timeout when present). */
export function measure(cmd: string, args: readonly string[], timeoutS: number, env?: NodeJS.ProcessEnv): Measured {
  const limit = existsSync(TIMEOUT) ? [TIMEOUT, '-s', 'KILL', String(timeoutS)] : [];
  rmSync(TIME_FILE, { force: true });
  const r = spawnSync(GNU_TIME, ['-f', '%U %S %e %M', '-o', TIME_FILE, ...limit, cmd, ...args], {
    encoding: 'utf8', maxBuffer: 256 << 20, timeout: (timeoutS + 30) * 1000, killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env,
  });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  const fields = existsSync(TIME_FILE) ? (readFileSync(TIME_FILE, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
  const [u, s, e, m] = fields;
  let failure: string | null = null;
  if (r.error !== undefined) failure = r.error.message;
  else if (r.status === 128 + 9 && e !== undefined && e >= timeoutS) failure = `timed out after ${timeoutS} s`;
  else if (r.status !== 0) failure = `exit status ${r.status}${firstLine(stderr) ? `: ${firstLine(stderr)}` : ''}`;
  if (u === undefined || s === undefined || e === undefined || m === undefined || !Number.isFinite(u + s + e + m)) {
    failure ??= `cannot read ${GNU_TIME}'s figures`;
    return { cpuS: NaN, wallS: NaN, rssMB: NaN, stdout, stderr, failure };
  }
  return { cpuS: u + s, wallS: e, rssMB: m / 1024, stdout, stderr, failure };
}

/** One row of a `-ftime-report` table. */
export interface PassTime {
  /** The report's title, e.g. "Pass execution timing report". */
  group: string;
  name: string;
  /** User+System seconds (User seconds when the table has no such column). */
  cpuS: number;
}

/**
 * The rows of every timing table in LLVM's `-ftime-report` output (stderr), without the
 * Total rows. The same name in one group (several runs of a pass) is summed.
 */
export function parseTimeReport(text: string): PassTime[] {
  const rows = new Map<string, PassTime>();
  const lines = text.split('\n');
  let group = '';
  let column = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A title sits between two ruler lines: ===---...---===, title, ===---...---===.
    if (line.startsWith('===---') && lines[i + 2]?.startsWith('===---') === true) {
      group = lines[i + 1]!.trim();
      i += 2;
      continue;
    }
    if (/---\s*Name\s*---/.test(line)) {
      // "   ---User Time---   --System Time--   --User+System--   ---Wall Time---  --- Name ---"
      const header = line.trim().split(/\s{2,}/).map((h) => h.replace(/^-+\s*|\s*-+$/g, ''));
      const us = header.indexOf('User+System');
      column = us >= 0 ? us : Math.max(0, header.indexOf('User Time'));
      continue;
    }
    const m = /^\s*((?:[\d.]+\s+\(\s*[\d.]+%\)\s+)+)(.+)$/.exec(line);
    if (m === null) continue;
    const name = m[2]!.trim().replace(/ #\d+$/, ''); // "Greedy Register Allocator #2"
    if (name === 'Total') continue;
    const nums = [...m[1]!.matchAll(/([\d.]+)\s+\(/g)].map((x) => Number(x[1]));
    const cpuS = nums[column] ?? nums[0] ?? 0;
    const key = `${group}\u0000${name}`;
    const row = rows.get(key);
    if (row !== undefined) row.cpuS += cpuS;
    else rows.set(key, { group, name, cpuS });
  }
  return [...rows.values()];
}

/**
 * The `n` most expensive passes and analyses (LLVM times them exclusively of each other),
 * most expensive first.
 */
export function topPasses(rows: readonly PassTime[], n: number): PassTime[] {
  return rows
    .filter((r) => /^(Pass|Analysis) execution timing report/.test(r.group))
    .sort((a, b) => b.cpuS - a.cpuS)
    .slice(0, n);
}
