#!/usr/bin/env node
/**
 * The `awsm` command as installed (package.json "bin"): the cached start-up path of `awsm run`,
 * then the full CLI (main.ts) for everything else.
 *
 * A cached `awsm run` spends most of its time loading code, not working (docs/benchmarks.md,
 * "Start-up of `awsm run`"). So this file is CommonJS and loads only node: modules and two
 * small CommonJS modules of the driver: a command line in the subset fastRunArgs takes, whose
 * run record (record.cts) is intact and whose stamps are all unchanged, starts the recorded
 * executable at once (exec.cts, as run() would: same environment, argv[0], stdio, signals
 * and exit status). Anything else, including a program that cannot be started, goes to
 * main.ts, which does the full lookup (and writes the record for next time), compiles,
 * reports errors, and so on. The behaviour is the same either way; only the time differs.
 */
import { basename } from 'node:path';
import { CONTROL_ENV, DIRS_ENV, dirEntry, notADirectory, programEnv, splitDir, startProgram } from '../driver/exec.cjs';
import { configuredCacheDir, fastRunArgs, installRoot, recordKey, usableRecord } from '../driver/record.cjs';

/** Exit status for an internal error (EX_SOFTWARE in sysexits.h), as main.ts. */
const EXIT_INTERNAL = 70;

/**
 * `awsm run` of `argv` from its run record: resolves to the program's exit status, or to
 * undefined when the fast path does not apply (then nothing has been started, and nothing
 * printed but, in one case, the -v line: see below).
 */
async function cachedRun(argv: readonly string[]): Promise<number | undefined> {
  const args = fastRunArgs(argv);
  if (args === undefined) return undefined;
  const cache = configuredCacheDir();
  if (!('dir' in cache)) return undefined;
  const hit = usableRecord(recordKey(cache.dir, installRoot, args), args.input);
  if (hit === undefined) return undefined;
  const e = programEnv(args.inheritEnv, args.env);
  if ('bad' in e) return undefined; // main.ts reports it
  for (const name of CONTROL_ENV) delete e.env[name];
  if (args.dirs.length > 0) {
    const dirs = args.dirs.map(splitDir);
    // A malformed --dir or a missing directory: main.ts reports it.
    if (dirs.some((d) => d === undefined || notADirectory(d.host) !== undefined)) return undefined;
    e.env[DIRS_ENV] = dirs.map((d) => dirEntry(d!)).join(':');
  }
  // As main.ts says it: after the lookup, before the program starts. (If it then cannot be
  // started, main.ts says it again before its error: a repeated line, in that case only.)
  if (args.verbose && !args.quiet) process.stderr.write(`awsm: running tier ${hit.tier} (from the cache)\n`);
  try {
    return (await startProgram(hit.executable, args.programArgs, { argv0: basename(args.input), env: e.env, stdio: 'inherit' })).status;
  } catch {
    return undefined; // not started (spawn's error event): main.ts tries and says why
  }
}

async function awsm(argv: readonly string[]): Promise<number> {
  const status = await cachedRun(argv);
  if (status !== undefined) return status;
  const { main } = await import('./main.js');
  return main(argv);
}

awsm(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  () => {
    process.exitCode = EXIT_INTERNAL;
  },
);
