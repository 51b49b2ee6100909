/**
 * Run records: what lets a cached `awsm run` start its executable without loading the compiler
 * to recompute the cache key (docs/cli.md, "Start-up from the cache"; src/cli/awsm.cts).
 *
 * The cache key (compile.ts) depends on the module's bytes, the options, the environment
 * (AWSM_* variables, PATH), the compiler's code (dist/src), the runtime's sources, the LLVM
 * tools found and this machine's CPU. After a cached run has found its executable the full
 * way, main.ts writes CACHE/run/RK.json, where RK hashes what the command line and the
 * environment say (the options that choose the executable, spelled as given; the input as
 * given; every AWSM_* variable and PATH; this installation's directory; the record holds it
 * and is used only for exactly that). The record names the
 * executable and the stamps (device, inode, mode, size, modification and status-change times
 * in nanoseconds) of everything else the key was computed from:
 *
 *   - the input file, which must be a regular file;
 *   - `files`: the executable and its manifest, package.json, the LLVM tools found, and the
 *     directories searched for them (every PATH entry, AWSM_LLVM_DIR, /usr/lib/llvm-16), so
 *     that a tool installed, removed or replaced anywhere it could be found changes a stamp;
 *   - `trees`: every directory, JavaScript file and C source or header under dist/src and
 *     runtime/ (a superset of what the compiler fingerprint and the runtime hash cover);
 *   - the CPU's model and flags (the first `model name`, `flags` and `Features` lines of
 *     /proc/cpuinfo).
 *
 * A later run with the same RK uses the record only if every stamp is unchanged; anything
 * else (a missing, unreadable, damaged or stale record) falls back to the full path, which
 * writes a new one. As in stamps.ts, the status-change time is what makes a stamp safe (every
 * write sets it, nothing sets it back), and a record is written only when everything it
 * stamps was left alone for RECORD_SETTLED_NS before the lookup began, so that nothing can
 * have changed during the lookup, nor in the same clock tick as a stamp ("racy clean"). A check field catches a damaged record, not a forged one:
 * like the rest of the cache, the directory must be private to its user.
 *
 * What this leaves to its maintainers: a new input of the cache key outside the list above
 * (another environment variable that is not AWSM_*, a configuration file) must be added here,
 * or the fast path would miss its change.
 *
 * CommonJS with only node: imports, like exec.cts: the fast path loads it without the ES
 * module loader; cache.ts and main.ts import it like any module.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The record format; a change of layout or of what is stamped gets a new one. */
const FORMAT = 'awsm-run-record-1';

/** The directory awsm is installed in (holds package.json and dist/): this file is dist/src/driver/record.cjs. */
export const installRoot = resolve(__dirname, '..', '..', '..');

/** How long before the lookup everything a record stamps must have been left alone (stamps.ts's SETTLED_NS). */
export const RECORD_SETTLED_NS = 2_000_000_000n;

/** The configured cache directory (absolute), or why there is none (cache.ts uses it too). */
export function configuredCacheDir(): { dir: string } | { none: string } {
  const explicit = process.env['AWSM_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return { dir: resolve(explicit) };
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return { dir: join(xdg, 'awsm') };
  // HOME="" must not mean "the current directory": os.homedir() would return it as is.
  let home = process.env['HOME'];
  if (home === undefined) {
    try {
      home = homedir(); // from the password database
    } catch {
      home = '';
    }
  }
  if (isAbsolute(home)) return { dir: join(home, '.cache', 'awsm') };
  return { none: `no cache directory: HOME is ${home === '' ? 'empty' : `not an absolute path ('${home}')`} and neither AWSM_CACHE_DIR nor XDG_CACHE_HOME is set` };
}

/**
 * A 64-bit FNV-1a hash of `text` (two 32-bit halves), in hex: for the record's file name and
 * its check field. Not node:crypto, whose loading alone costs a cached run several
 * milliseconds; nothing here needs resistance to forgery: a record's file name only finds it
 * (the record holds what it is for and is compared in full), and the check catches damage.
 */
function fnv64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** An `awsm run` command line in the subset the fast path takes. */
export interface RunArgs {
  /** The options that choose the executable (-O, --tier, --bounds, --cpu, --name), as spelled. */
  keyOptions: string[];
  /** The module, as given. */
  input: string;
  /** What follows the module: the program's arguments. */
  programArgs: string[];
  /** -v / --verbose and -q / --quiet. */
  verbose: boolean;
  quiet: boolean;
  /** --inherit-env. */
  inheritEnv: boolean;
  /** The values of --env, in order. */
  env: string[];
  /** The values of --dir, in order. */
  dirs: string[];
}

/** Long options that choose the executable, taken only in their `--name=VALUE` form. */
const KEY_OPTIONS = ['--tier=', '--bounds=', '--cpu=', '--name='];

/**
 * `argv` (after `awsm`) as RunArgs, or undefined if it is anything else: another command, an
 * option outside the subset (--no-cache, -j, --timeout, combined short options, a value given as
 * the next argument for a key option, `--`, …), no input. The full parser (options.ts) takes
 * every command line; this one only has to find the same input and options in the commonest.
 */
export function fastRunArgs(argv: readonly string[]): RunArgs | undefined {
  if (argv[0] !== 'run') return undefined;
  const r: RunArgs = { keyOptions: [], input: '', programArgs: [], verbose: false, quiet: false, inheritEnv: false, env: [], dirs: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-v' || a === '--verbose') r.verbose = true;
    else if (a === '-q' || a === '--quiet') r.quiet = true;
    else if (a === '--inherit-env') r.inheritEnv = true;
    else if (a === '--env' || a === '--dir') {
      const v = argv[++i];
      if (v === undefined) return undefined;
      (a === '--env' ? r.env : r.dirs).push(v);
    } else if (a.startsWith('--env=')) r.env.push(a.slice('--env='.length));
    else if (a.startsWith('--dir=')) r.dirs.push(a.slice('--dir='.length));
    else if (/^-O[0-3]$/.test(a) || KEY_OPTIONS.some((o) => a.startsWith(o))) r.keyOptions.push(a);
    else if (a.startsWith('-')) return undefined;
    else {
      r.input = a;
      r.programArgs = argv.slice(i + 1);
      return r;
    }
  }
  return undefined;
}

/** Where the record for `args` goes in the cache directory `cache`, and what it must be for (its `for` field). */
export function recordKey(cache: string, root: string, args: RunArgs): { path: string; for: string } {
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('AWSM_') || k === 'PATH')
    .sort()
    .map((k) => [k, process.env[k]]);
  const what = JSON.stringify([root, args.keyOptions, args.input, env]);
  return { path: join(cache, 'run', `${fnv64(what)}.json`), for: what };
}

/** A path's stamp, `-` if it cannot be stat'ed; `newest` is raised to its latest time. */
function stampOf(path: string, newest: { ns: bigint }): string {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (st === undefined) return '-';
  const latest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
  if (latest > newest.ns) newest.ns = latest;
  return `${st.dev}:${st.ino}:${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/**
 * The files of a tree that are stamped: code (the compiled JavaScript the compiler
 * fingerprint covers, the runtime's C sources and headers that its hash covers). Every
 * directory is stamped too, so adding or removing any file changes a stamp.
 */
const STAMPED = /\.(?:c?js|[ch])$/;

/** Stamp lines of `dir` and the directories and STAMPED files under it, in name order. */
function treeLines(dir: string, out: string[], newest: { ns: bigint }): void {
  out.push(`${dir} ${stampOf(dir, newest)}`);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) treeLines(path, out, newest);
    else if (STAMPED.test(e.name)) out.push(`${path} ${stampOf(path, newest)}`);
  }
}

/**
 * The `model name`, `flags` and `Features` lines of the first processor in /proc/cpuinfo (its
 * first block: the kernel writes the file per processor, so only the start is read).
 */
function cpuLine(): string {
  let text = '';
  try {
    const fd = openSync('/proc/cpuinfo', 'r');
    try {
      const buf = Buffer.alloc(8192);
      text = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, null));
    } finally {
      closeSync(fd);
    }
  } catch {
    // no /proc: the architecture alone
  }
  const end = text.indexOf('\n\n');
  const wanted = /^(?:model name|flags|Features)\s*:/;
  const lines = (end < 0 ? text : text.slice(0, end)).split('\n').filter((l) => wanted.test(l));
  return `cpu ${process.arch} ${lines.join(' ')}`;
}

/** The stamps a record keeps, in a fixed order, and the latest time among them. */
export interface World {
  lines: string[];
  newest: bigint;
}

/** The stamps of `files`, then of everything under `trees`, then the CPU line. */
export function worldOf(files: readonly string[], trees: readonly string[]): World {
  const newest = { ns: 0n };
  const lines = files.map((f) => `${f} ${stampOf(f, newest)}`);
  for (const t of trees) treeLines(t, lines, newest);
  lines.push(cpuLine());
  return { lines, newest: newest.ns };
}

/** A record as written. */
interface RunRecord {
  format: string;
  /** What the record is for: recordKey()'s `for`, compared in full. */
  for: string;
  /** The tier of the executable (for -v). */
  tier: string;
  /** The executable. */
  executable: string;
  /** The input's stamp. */
  input: string;
  /** Stamped paths and trees (see the overview); the executable and its manifest are among the files. */
  files: string[];
  trees: string[];
  /** worldOf(files, trees).lines, joined by newlines (so checked against the files themselves). */
  world: string;
  /** fnv64 of the fields the world does not check: tier, executable and input. */
  check: string;
}

/** The input's stamp if it is a regular file, else undefined. */
export function inputStamp(path: string): { stamp: string; newest: bigint } | undefined {
  const newest = { ns: 0n };
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile()) return undefined;
  return { stamp: stampOf(path, newest), newest: newest.ns };
}

/**
 * The executable and tier the record `key` gives for the module at `input`, if the record is
 * intact, for this key, and every stamp in it is unchanged; undefined otherwise (never throws).
 */
export function usableRecord(key: { path: string; for: string }, input: string): { executable: string; tier: string } | undefined {
  try {
    const r = JSON.parse(readFileSync(key.path, 'utf8')) as RunRecord;
    if (r.format !== FORMAT || r.for !== key.for) return undefined;
    // The executable is stamped as the last file but one (its manifest is the last).
    if (r.check !== fnv64(JSON.stringify([r.tier, r.executable, r.input])) || r.files[r.files.length - 2] !== r.executable) return undefined;
    if (inputStamp(input)?.stamp !== r.input) return undefined;
    if (worldOf(r.files, r.trees).lines.join('\n') !== r.world) return undefined;
    return { executable: r.executable, tier: r.tier };
  } catch {
    return undefined;
  }
}

/**
 * Write the record `key`: `world` (worldOf(files, trees)) and the input's stamp, taken after
 * the lookup that found `executable` (the last of `files` but one, before its manifest) began
 * at `lookupStart` (ns since the epoch). Written only if every stamp predates that start by
 * `settledNs`: then nothing changed during the lookup (a change sets a status-change time
 * later than that), so the executable is the one the lookup verified for exactly these
 * stamps, and no write in the same tick of the file system's clock can hide behind them.
 * A failure to write is ignored (the next run takes the full path again). Returns whether
 * the record is in place.
 */
export function writeRecord(
  key: { path: string; for: string },
  r: { tier: string; executable: string; input: { stamp: string; newest: bigint }; files: string[]; trees: string[]; world: World },
  lookupStart: bigint,
  settledNs = RECORD_SETTLED_NS,
): boolean {
  if (lookupStart - r.world.newest < settledNs || lookupStart - r.input.newest < settledNs) return false;
  if (r.files[r.files.length - 2] !== r.executable) throw new Error('writeRecord: the executable must be the last file but one');
  const record: RunRecord = {
    format: FORMAT, for: key.for, tier: r.tier, executable: r.executable, input: r.input.stamp, files: r.files, trees: r.trees,
    world: r.world.lines.join('\n'), check: fnv64(JSON.stringify([r.tier, r.executable, r.input.stamp])),
  };
  const text = JSON.stringify(record) + '\n';
  try {
    if (readFileSync(key.path, 'utf8') === text) return true;
  } catch {
    // no record yet
  }
  const tmp = `${key.path}.tmp-${process.pid}`;
  try {
    try {
      mkdirSync(join(key.path, '..')); // one level: the cache directory exists (the executable is in it)
    } catch {
      // EEXIST; anything else fails the write below
    }
    writeFileSync(tmp, text);
    renameSync(tmp, key.path);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
