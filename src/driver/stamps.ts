/**
 * Content hashes memoised by file stamps, so that a cached `awsm run` reads neither awsm's
 * sources nor big files it has hashed before:
 *
 *   - trees: the compiler fingerprint (awsm's own compiled JavaScript under dist/src) and the
 *     runtime's source hash (runtime/), both part of every cache key;
 *   - single files: the module `awsm run` is given (its hash is part of the key) and the files
 *     of a cache entry (verified against their manifest before use, entry.ts).
 *
 * Trees: reading and hashing a tree costs more than the rest of a cached `awsm run`, so the
 * hash is kept in a small memo file with the size and modification time of every file it
 * covered (its stamps) and a salt (the version, the flags, the toolchain). A run stats the
 * files (one stat each, well under a millisecond for either tree) and re-hashes only when a
 * stamp or the salt differs: a file edited, added, removed, or copied without its timestamps.
 * The memo is written by `npm run build` for dist/src (this file run as a script) and
 * rewritten by any process that finds it stale; a directory it cannot be written to just
 * means hashing each time. What this leaves out: an edit that keeps a file's size and
 * modification time (to the millisecond) goes unnoticed, as it would by make.
 *
 * Single files (fileHash): the memo, MEMO_DIR/DEV-INO.json, records the file's device, inode,
 * size, and modification and status-change times in nanoseconds. The status-change time
 * (ctime) is what makes this safe: every write, truncation, rename or chmod sets it to the
 * current time and no system call sets it back, so an edit that restores size and mtime
 * (`touch -r`, `cp -p`, tar) still changes the stamp. What remains is the same-tick race that
 * git calls "racy clean": a file written again within one tick of the file-system clock after
 * it was hashed could keep its stamp, so a hash is memoised only for a file left alone for
 * SETTLED_NS (its mtime and ctime that much older than the hashing); a newer file is hashed
 * every time. The stamp is taken before the read and checked again after it, so a file that
 * changes while being read is not memoised either.
 *
 * Loads nothing but node's own modules: the cached path of `awsm run` must not load the
 * compiler to compute its key.
 */
import * as crypto from 'node:crypto';
import { type BigIntStats, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * The files under `root` whose paths (relative to `root`, '/' separators) `accept` takes,
 * sorted by path, with their stamps. A file `accept` refuses is not even stat'ed.
 */
export function stampsUnder(root: string, accept: (path: string) => boolean): Stamp[] {
  const out: Stamp[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      // Paths by concatenation: join()'s normalisation was most of a cached run's walk.
      entries = readdirSync(rel === '' ? root : `${root}/${rel}`, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (accept(path)) {
        const st = statSync(`${root}/${path}`);
        out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  walk('');
  return out;
}

/** sha256 (hex) of `salt` and the path and contents of every file in `files` under `root`. */
export function hashTree(root: string, files: readonly Stamp[], salt: string): string {
  const h = crypto.createHash('sha256');
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

/** Write `memo` as JSON to `memoPath` (temporary name, then rename); false if that fails (a read-only directory). */
function writeJson(memoPath: string, memo: object): boolean {
  const tmp = `${memoPath}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(memo) + '\n');
    renameSync(tmp, memoPath);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // ENOTDIR: the directory is under a regular file, so nothing was written
    }
    return false;
  }
}

/** Write a tree's memo; false if that fails. */
function writeMemo(memoPath: string, salt: string, hash: string, files: readonly Stamp[]): boolean {
  return writeJson(memoPath, { format: FORMAT, salt, hash, files });
}

/**
 * hashTree(root, the accepted files, salt), from the memo at `memoPath` when it is current,
 * else hashed and the memo rewritten.
 */
export function memoisedTreeHash(memoPath: string, root: string, accept: (path: string) => boolean, salt: string): string {
  const files = stampsUnder(root, accept);
  const known = fromMemo(memoPath, salt, files);
  if (known !== undefined) return known;
  const hash = hashTree(root, files, salt);
  writeMemo(memoPath, salt, hash, files);
  return hash;
}

/**
 * sha256 (hex) of `data`, in one call: crypto.hash (Node 20.12 and later) skips the stream
 * machinery that createHash loads on first use, a millisecond of a cached run.
 */
export function contentHash(data: Uint8Array | string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** The format of a single file's memo. */
const FILE_FORMAT = 'awsm-file-hash-1';

/** How long a file must have been left alone before its hash is memoised (see the overview). */
export const SETTLED_NS = 2_000_000_000n;

/** A file's size and content hash. */
export interface FileHash {
  size: number;
  /** sha256 of the contents, hex. */
  sha256: string;
}

/** The parts of a stat that make a single file's stamp, as decimal strings. */
function fileStamp(st: BigIntStats): string[] {
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].map(String);
}

/**
 * The size and sha256 of the file at `path`: from its memo in `memoDir` when the file's stamp
 * is the one recorded, else read and hashed, and memoised if the file has settled (see the
 * overview). `memoDir` undefined, or a file that is not a regular file (a pipe): no memo. Throws the file system's error if the file cannot
 * be read. `settledNs` is for tests.
 */
export function fileHash(path: string, memoDir: string | undefined, settledNs: bigint = SETTLED_NS): FileHash {
  const before = statSync(path, { bigint: true });
  const stamp = fileStamp(before);
  // Regular files only: a pipe's or a device's contents are not described by its stamp.
  const memoPath = memoDir === undefined || !before.isFile() ? undefined : join(memoDir, `${before.dev}-${before.ino}.json`);
  if (memoPath !== undefined) {
    try {
      const m = JSON.parse(readFileSync(memoPath, 'utf8')) as { format?: unknown; stamp?: unknown; sha256?: unknown };
      if (m.format === FILE_FORMAT && JSON.stringify(m.stamp) === JSON.stringify(stamp) && typeof m.sha256 === 'string') {
        return { size: Number(before.size), sha256: m.sha256 };
      }
    } catch {
      // no memo, or an unreadable one: hash the file
    }
  }
  const bytes = readFileSync(path);
  const hash = { size: bytes.length, sha256: contentHash(bytes) };
  // Date.now() is truncated to the millisecond, while a stamp has nanoseconds: the next
  // millisecond bounds the true time from above, so that a file stamped within the current
  // millisecond is not taken to lie in the future (settledNs 0 means at once).
  const now = BigInt(Date.now() + 1) * 1_000_000n;
  const latest = before.mtimeNs > before.ctimeNs ? before.mtimeNs : before.ctimeNs;
  if (memoPath !== undefined && now - latest >= settledNs && sameStamp(stamp, path)) {
    const memo = { format: FILE_FORMAT, stamp, sha256: hash.sha256 };
    if (!writeJson(memoPath, memo)) {
      try {
        mkdirSync(memoDir!); // one level: the cache directory itself exists or we give up
        writeJson(memoPath, memo);
      } catch {
        // a read-only or missing cache: hash each time
      }
    }
  }
  return hash;
}

/** Whether the file at `path` still has the stamp `stamp` (it did not change while being read). */
function sameStamp(stamp: readonly string[], path: string): boolean {
  try {
    return JSON.stringify(fileStamp(statSync(path, { bigint: true }))) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/** The compiled JavaScript files of a fingerprint. */
const isJs = (path: string): boolean => path.endsWith('.js');

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
