/**
 * Content hashes of source trees, memoised by file stamps: the compiler fingerprint (awsm's
 * own compiled JavaScript under dist/src) and the runtime's source hash (runtime/), both part
 * of every cache key.
 *
 * Reading and hashing a tree costs more than the rest of a cached `awsm run`, so the hash is
 * kept in a small memo file with the size and modification time of every file it covered
 * (its stamps) and a salt (the version, the flags, the toolchain). A run stats the files (one
 * stat each, well under a millisecond for either tree) and re-hashes only when a stamp or the
 * salt differs: a file edited, added, removed, or copied without its timestamps. The memo is
 * written by `npm run build` for dist/src (this file run as a script) and rewritten by any
 * process that finds it stale; a directory it cannot be written to just means hashing each
 * time. What this leaves out: an edit that keeps a file's size and modification time (to the
 * millisecond) goes unnoticed, as it would by make.
 *
 * Loads nothing but node's own modules: the cached path of `awsm run` must not load the
 * compiler to compute its key.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The memo's format; a change of layout gets a new one. */
const FORMAT = 'awsm-stamps-1';

/** One file of a tree, as the memo records it. */
export interface Stamp {
  /** Path relative to the tree's root, with '/' separators. */
  path: string;
  size: number;
  mtimeMs: number;
}

/** The files under `root` whose names `accept` takes, sorted by path, with their stamps. */
export function stampsUnder(root: string, accept: (name: string) => boolean): Stamp[] {
  const out: Stamp[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (accept(e.name)) {
        const st = statSync(join(root, path));
        out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  walk('');
  return out;
}

/** sha256 (hex) of `salt` and the path and contents of every file in `files` under `root`. */
export function hashTree(root: string, files: readonly Stamp[], salt: string): string {
  const h = createHash('sha256');
  h.update(`${salt.length}:${salt}`);
  for (const f of files) {
    const bytes = readFileSync(join(root, f.path));
    h.update(`${f.path.length}:${f.path}${bytes.length}:`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** The memo's hash if it is of this format and salt and `files` match its stamps. */
function fromMemo(memoPath: string, salt: string, files: readonly Stamp[]): string | undefined {
  let memo: { format?: unknown; salt?: unknown; hash?: unknown; files?: unknown };
  try {
    memo = JSON.parse(readFileSync(memoPath, 'utf8')) as typeof memo;
  } catch {
    return undefined;
  }
  if (memo.format !== FORMAT || memo.salt !== salt || typeof memo.hash !== 'string') return undefined;
  return JSON.stringify(memo.files) === JSON.stringify(files) ? memo.hash : undefined;
}

/** Write a memo (temporary name, then rename); false if that fails (a read-only directory). */
function writeMemo(memoPath: string, salt: string, hash: string, files: readonly Stamp[]): boolean {
  const tmp = `${memoPath}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, salt, hash, files }) + '\n');
    renameSync(tmp, memoPath);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

/**
 * hashTree(root, the accepted files, salt), from the memo at `memoPath` when it is current,
 * else hashed and the memo rewritten.
 */
export function memoisedTreeHash(memoPath: string, root: string, accept: (name: string) => boolean, salt: string): string {
  const files = stampsUnder(root, accept);
  const known = fromMemo(memoPath, salt, files);
  if (known !== undefined) return known;
  const hash = hashTree(root, files, salt);
  writeMemo(memoPath, salt, hash, files);
  return hash;
}

/** The compiled JavaScript files of a fingerprint. */
const isJs = (name: string): boolean => name.endsWith('.js');

/** This process's fingerprints, per source directory. */
const fingerprints = new Map<string, string>();

/**
 * The compiler fingerprint of the awsm whose compiled code is `srcDir` (dist/src) at
 * `version`: `VERSION+HASH16`, memoised in srcDir/fingerprint.json.
 */
export function fingerprintOf(srcDir: string, version: string): string {
  let fp = fingerprints.get(srcDir);
  if (fp === undefined) {
    fp = `${version}+${memoisedTreeHash(join(srcDir, 'fingerprint.json'), srcDir, isJs, version).slice(0, 16)}`;
    fingerprints.set(srcDir, fp);
  }
  return fp;
}

/** `node dist/src/driver/stamps.js VERSION`: write dist/src/fingerprint.json at build time. */
function main(): void {
  const srcDir = dirname(dirname(fileURLToPath(import.meta.url)));
  const version = process.argv[2];
  if (version === undefined || version === '') {
    process.stderr.write('usage: node dist/src/driver/stamps.js VERSION\n');
    process.exitCode = 2;
    return;
  }
  const memo = join(srcDir, 'fingerprint.json');
  const files = stampsUnder(srcDir, isJs);
  if (!writeMemo(memo, version, hashTree(srcDir, files, version), files)) {
    process.stderr.write(`cannot write ${memo}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
