/**
 * The on-disk cache: where it lives, content-hash keys, and atomic publication.
 *
 * Layout under the cache directory (`AWSM_CACHE_DIR`, else `$XDG_CACHE_HOME/awsm`, else
 * `~/.cache/awsm`):
 *
 *   runtime/<hash>/     the runtime library built from runtime/ (see runtime.ts)
 *   build/<key>.<ext>   compiled artifacts, keyed by input, options and compiler identity
 *   spec/…              the spec harness's converted scripts, objects and host
 *
 * Every file or directory is written under a temporary name and renamed into place, so a
 * concurrent process sees either nothing or the whole thing; two processes that race just
 * build the same content twice. Nothing is ever deleted by awsm: `rm -rf` the directory to
 * reclaim space.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cache directory (created on demand by the writers, not here). */
export function cacheDir(): string {
  const explicit = process.env['AWSM_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'awsm');
  return join(homedir(), '.cache', 'awsm');
}

/** Hex sha256 of the parts, each length-prefixed so that ("ab","c") ≠ ("a","bc"). */
export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${bytes.length}:`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** A unique temporary name next to `path` (same directory, so rename is atomic). */
export function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
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

let fingerprint: string | undefined;

/**
 * The identity of this build of the compiler, for cache keys: the version plus a hash of the
 * compiled JavaScript under dist/src. Why not the version alone: during development the
 * version stays put while the translator changes, and a stale cached object would then hide
 * the change. Hashing ~100 small files once per process costs a few milliseconds.
 */
export function compilerFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const h = createHash('sha256');
  h.update(version);
  const srcDir = join(packageRoot, 'dist', 'src');
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.js')) {
        h.update(p.slice(srcDir.length));
        h.update(readFileSync(p));
      }
    }
  };
  walk(srcDir);
  fingerprint = `${version}+${h.digest('hex').slice(0, 16)}`;
  return fingerprint;
}
