/**
 * The on-disk cache: where it lives, making its directories, the temporary fallback when it
 * cannot be used, content-hash keys, and atomic publication of directories.
 *
 * Layout under the cache directory (`AWSM_CACHE_DIR`, else `$XDG_CACHE_HOME/awsm`, else
 * `$HOME/.cache/awsm`):
 *
 *   runtime/<hash>.json, runtime/<hash>.<id>/   the runtime library built from runtime/ (runtime.ts)
 *   build/<kk>/<key>.json, <key>.<sha>[.ext]    compiled artifacts, keyed by input, options and compiler
 *   part/<kk>/<key>.json, <key>.<sha>.o         objects of a partitioned module's partitions, keyed by IR text (partitions.ts)
 *   spec/…                                      the spec harness's converted scripts, objects and host
 *   stat/<dev>-<ino>.json                       a file's sha256, memoised by its stamp (stamps.ts)
 *   run/<hash>.json                             a cached `awsm run`'s executable and the stamps it depends on (record.cts)
 *
 * Entries of runtime/, build/ and part/ are verified before use (entry.ts): a manifest, published
 * last, gives the size and sha256 of every file. Every file or directory is written under a
 * temporary name and renamed into place, so a concurrent process sees either nothing or the
 * whole thing; two processes that race just build the same content twice.
 *
 * When the cache directory cannot be created or written (a path under a regular file, a
 * read-only file system, /proc, no permission) or none is configured (HOME empty or relative,
 * and neither AWSM_CACHE_DIR nor XDG_CACHE_HOME set), awsm warns once and uses a temporary
 * directory for the rest of the process, deleted when the process exits. Nothing in the cache
 * is ever deleted by awsm: `rm -rf` the directory to reclaim space.
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsmError } from '../errors.js';
import { record } from './cjs.js';
import { contentHash, fingerprintOf } from './stamps.js';

/** Print `awsm: warning: MESSAGE` on stderr, at most once per message and process. */
const warned = new Set<string>();
export function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`awsm: warning: ${message}\n`);
}

/** The short reason in a Node file-system error: "not a directory" from "ENOTDIR: not a directory, mkdir '…'". */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const m = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? '');
  return m !== null ? m[1]! : String(err.message ?? e);
}

const { configuredCacheDir } = record;

/** The temporary directory used instead of the cache, and the configured directory it replaces ('' for none). */
let fallback: { dir: string; replaces: string } | undefined;
/** Every fallback this process made (one per unusable configured directory), deleted on exit. */
const fallbacks: string[] = [];

/** Switch to (or keep using) the temporary fallback for the configured directory `replaces`, warning once. */
function useFallback(replaces: string, why: string): string {
  if (fallback !== undefined && fallback.replaces === replaces) return fallback.dir;
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'awsm-cache-'));
  } catch (e) {
    throw new AwsmError('io', `${why}, and cannot create a temporary directory in ${tmpdir()}: ${reason(e)}`);
  }
  if (fallbacks.length === 0) process.once('exit', () => fallbacks.forEach((d) => rmSync(d, { recursive: true, force: true })));
  fallbacks.push(dir);
  fallback = { dir, replaces };
  warn(`${why}; compiling in a temporary directory (deleted on exit)`);
  return dir;
}

/**
 * The cache directory in use: the configured one, or this process's temporary fallback when
 * none is configured or the configured one proved unusable (see cacheSubdir). Not created
 * here: readers just find nothing in a directory that does not exist.
 */
export function cacheDir(): string {
  const c = configuredCacheDir();
  const replaces = 'dir' in c ? c.dir : '';
  if (fallback !== undefined && fallback.replaces === replaces) return fallback.dir;
  return 'dir' in c ? c.dir : useFallback('', c.none);
}

/** True once this process has switched to a temporary fallback, which is deleted on exit. */
export function usingFallback(): boolean {
  return fallback !== undefined;
}

/**
 * `mkdir -p path`, one level at a time. Not `mkdirSync(path, { recursive: true })`: Node's
 * recursive mkdir retries forever when mkdir says ENOENT while the parent exists, which is
 * what /proc answers (`AWSM_CACHE_DIR=/proc/x` spun at 100% CPU). Here a second ENOENT, after
 * the parent was made or found, is final.
 */
export function makeDirs(path: string): void {
  try {
    mkdirSync(path);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return mustBeDir(path, e);
    if (code !== 'ENOENT' || dirname(path) === path) throw e;
  }
  makeDirs(dirname(path));
  try {
    mkdirSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return mustBeDir(path, e);
    throw e;
  }
}

function mustBeDir(path: string, e: unknown): void {
  if (!statSync(path).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path, cause: e });
}

/**
 * The directory `parts` under the cache directory, created and checked writable, for a
 * writer to publish into. If that fails, the rest of the process uses the temporary fallback
 * (one warning naming the directory and the reason); only a failure there is an error.
 */
export function cacheSubdir(...parts: string[]): string {
  const root = cacheDir();
  const dir = join(root, ...parts);
  try {
    makeDirs(dir);
    accessSync(dir, constants.W_OK); // a read-only file system stops root too
    return dir;
  } catch (e) {
    if (fallback !== undefined && fallback.dir === root) throw new AwsmError('io', `cannot create ${dir}: ${reason(e)}`);
    const at = (e as NodeJS.ErrnoException).path;
    const where = at === undefined || at === root ? '' : ` (${at})`;
    const fb = join(useFallback(root, `cannot use the cache directory ${root}: ${reason(e)}${where}`), ...parts);
    try {
      makeDirs(fb);
    } catch (e2) {
      throw new AwsmError('io', `cannot create ${fb}: ${reason(e2)}`);
    }
    return fb;
  }
}

/**
 * Where file hashes are memoised by their stamps (stamps.ts, fileHash): CACHE/stat. Made on
 * first use; undefined when the cache is the temporary fallback, which dies with the process.
 */
export function statMemoDir(): string | undefined {
  const dir = cacheDir();
  return fallback !== undefined && fallback.dir === dir ? undefined : join(dir, 'stat');
}

/** Hex sha256 of the parts, each length-prefixed so that ("ab","c") ≠ ("a","bc"). */
export function sha256(...parts: Array<string | Uint8Array>): string {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    chunks.push(Buffer.from(`${bytes.length}:`), bytes);
  }
  return contentHash(Buffer.concat(chunks));
}

/** `PID-RANDOM`: unique among the names one directory's writers make. */
export function uniqueId(): string {
  return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A unique temporary name next to `path` (same directory, so rename is atomic). */
export function tempName(path: string): string {
  return `${path}.tmp-${uniqueId()}`;
}

/**
 * Publish a fully built temporary directory as `path`. If another process published `path`
 * first (rename fails because the target exists and is not empty), keep theirs and drop ours.
 */
export function publishDir(tmp: string, path: string): void {
  try {
    renameSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(path)) {
      rmSync(tmp, { recursive: true, force: true });
      return;
    }
    throw e;
  }
}

/** The package's root directory (holds package.json, runtime/, dist/), and awsm's version from its package.json. */
export const { root: packageRoot, version } = findPackage();

function findPackage(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown; version?: unknown };
        if (json.name === 'awsm') return { root: dir, version: String(json.version) };
      } catch {
        // not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('awsm: cannot find the package root (package.json named "awsm") above ' + import.meta.url);
    dir = up;
  }
}

/**
 * The identity of this build of the compiler, for cache keys: the version plus a hash of the
 * compiled JavaScript under dist/src, memoised at build time (stamps.ts).
 */
export function compilerFingerprint(): string {
  return fingerprintOf(join(packageRoot, 'dist', 'src'), version);
}
