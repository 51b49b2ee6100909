/**
 * Verified cache entries: a manifest per key, published after the files it describes.
 *
 * An entry KEY in directory DIR is the manifest DIR/KEY.json,
 *
 *   { "format": "awsm-cache-entry-1", "key": KEY, "files": [{ "name", "size", "sha256" }, …] }
 *
 * and the files it names, all under DIR with names starting `KEY.` (a build artifact is named
 * by its content, `KEY.<sha256 prefix>[.ext]`; the runtime's files live in a directory
 * `KEY.<unique id>/`). Files are complete before the manifest is renamed into place, so the
 * manifest's appearance is the commit point: no window in which a reader sees a half-made
 * entry, and replacing a bad entry never deletes a file another process may be using.
 *
 * An entry is used only if its manifest parses, is of this format, is for this key, names
 * only files inside DIR, and every file has the recorded size and sha256. Anything else is a
 * bad entry: one warning naming the manifest and what is wrong, then the caller rebuilds and
 * publishes over it. This catches damage (truncation, a disk error, an interrupted copy, a
 * stray or planted file), not someone who can write the cache directory and forge a
 * manifest: keep the cache private to its user. A file's hash is memoised by its stamp
 * (device, inode, size, mtime and ctime, stamps.ts), so damage that writes the file is caught
 * on the next lookup; damage that bypasses the file system (a bad sector returning other
 * bytes) is caught only when the memo does not apply.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsmError } from '../errors.js';
import { cacheDir, cacheSubdir, reason, statMemoDir, tempName, warn } from './cache.js';
import { contentHash as sha256Hex, fileHash } from './stamps.js';

/** The manifest format written and accepted; a change of layout gets a new one. */
const FORMAT = 'awsm-cache-entry-1';

/** One file of an entry, as the manifest records it. */
interface FileRecord {
  /** Path relative to the entry's directory. */
  name: string;
  size: number;
  sha256: string;
}

/** The manifest of the entry `key` in `dir`. */
export function manifestPath(dir: string, key: string): string {
  return join(dir, `${key}.json`);
}

/** Why `name` may not appear in the manifest of `key`, or undefined if it may. */
function badName(name: unknown, key: string): string | undefined {
  if (typeof name !== 'string' || !name.startsWith(`${key}.`)) return `it names a file outside the entry (${JSON.stringify(name)})`;
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return `it names a file outside the entry (${JSON.stringify(name)})`;
  return undefined;
}

/** The files of a parsed manifest, or why it is not a valid manifest of `key`. */
function parseManifest(text: string, key: string): FileRecord[] | string {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return text === '' ? 'the manifest is empty' : 'the manifest is not valid JSON';
  }
  const o = m as { format?: unknown; key?: unknown; files?: unknown };
  if (typeof o !== 'object' || o === null || o.format !== FORMAT) return `the manifest is not of format ${FORMAT}`;
  if (o.key !== key) return 'the manifest is for another key';
  if (!Array.isArray(o.files) || o.files.length === 0) return 'the manifest lists no files';
  for (const f of o.files as Array<Partial<FileRecord>>) {
    const bad = badName(f?.name, key);
    if (bad !== undefined) return bad;
    if (!Number.isSafeInteger(f.size) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
      return `the manifest's record of ${f.name} is malformed`;
    }
  }
  return o.files as FileRecord[];
}

/**
 * Why `dir/f.name` does not match its record, or undefined if it does. Its hash is memoised
 * by its stamp (stamps.ts, fileHash): a 16 MB executable is read and hashed once, not on every
 * run, and any write to it changes the stamp and brings the full check back.
 */
function checkFile(dir: string, key: string, f: FileRecord): string | undefined {
  const what = `file KEY.${f.name.slice(key.length + 1)}`;
  let file;
  try {
    file = fileHash(join(dir, f.name), statMemoDir());
  } catch (e) {
    return `${what} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read: ${reason(e)}`}`;
  }
  if (file.size !== f.size) return `${what} is ${file.size} bytes, the manifest says ${f.size}`;
  if (file.sha256 !== f.sha256) return `${what} does not match its sha256 in the manifest`;
  return undefined;
}

/** Result of looking up an entry: the files' names (relative to its directory) when verified. */
export type Lookup = { names: string[] } | { miss: true } | { bad: string };

/**
 * Look up and verify the entry `key` in `dir` (no warning: see lookupEntry). No manifest, or
 * a directory that does not exist or is not one, is a plain miss.
 */
export function checkEntry(dir: string, key: string): Lookup {
  let text: string;
  try {
    text = readFileSync(manifestPath(dir, key), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { miss: true };
    return { bad: `cannot read the manifest: ${reason(e)}` };
  }
  const files = parseManifest(text, key);
  if (typeof files === 'string') return { bad: files };
  for (const f of files) {
    const bad = checkFile(dir, key, f);
    if (bad !== undefined) return { bad };
  }
  return { names: files.map((f) => f.name) };
}

/** Warn (once) that the entry `key` in `dir` is bad and will be rebuilt. */
export function warnBadEntry(dir: string, key: string, why: string): void {
  warn(`bad cache entry ${manifestPath(dir, key)}: ${why}; rebuilding it`);
}

/**
 * The verified files of the entry `key` in `dir` (names relative to `dir`), or undefined on a
 * miss or a bad entry; a bad entry is reported with one warning.
 */
export function lookupEntry(dir: string, key: string): string[] | undefined {
  const r = checkEntry(dir, key);
  if ('names' in r) return r.names;
  if ('bad' in r) warnBadEntry(dir, key, r.bad);
  return undefined;
}

/**
 * Publish the entry `key` in `dir`: record the size and sha256 of `names` (relative to
 * `dir`, complete and in place) in a manifest written under a temporary name and renamed over
 * any previous one.
 */
export function publishEntry(dir: string, key: string, names: readonly string[]): void {
  const files: FileRecord[] = names.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return { name, size: bytes.length, sha256: sha256Hex(bytes) };
  });
  const path = manifestPath(dir, key);
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, key, files }) + '\n');
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AwsmError('io', `cannot write the cache manifest ${path}: ${reason(e)}`);
  }
}

/**
 * Build one file with `build(tmp)` and publish it as the entry `key` in `dir`, named by its
 * content (`KEY.<sha256 prefix><ext>`): concurrent builds of the same content end in the same
 * file, and a damaged file of that name is replaced whole by the rename. Returns its path.
 */
export async function publishFile(dir: string, key: string, ext: string, build: (tmp: string) => Promise<void>): Promise<string> {
  const tmp = tempName(join(dir, key + ext));
  try {
    await build(tmp);
    const name = `${key}.${sha256Hex(readFileSync(tmp)).slice(0, 16)}${ext}`;
    try {
      renameSync(tmp, join(dir, name));
    } catch (e) {
      throw new AwsmError('io', `cannot write the cache entry ${join(dir, name)}: ${reason(e)}`);
    }
    publishEntry(dir, key, [name]);
    return join(dir, name);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The one-file entry `key` in CACHE/`parts`: verified from the cache (unless `reuse` is
 * false), else made and published (publishFile) in that directory, or in the temporary
 * fallback when the cache directory is unusable (cacheSubdir). `make` does the work that can
 * fail on bad input (decoding, translating) before any directory is touched, and returns the
 * writer of the file.
 */
export async function cachedFile(
  parts: readonly string[],
  key: string,
  ext: string,
  make: () => ((tmp: string) => Promise<void>) | Promise<(tmp: string) => Promise<void>>,
  reuse = true,
): Promise<{ path: string; cached: boolean }> {
  if (reuse) {
    const hit = lookupEntry(join(cacheDir(), ...parts), key);
    if (hit !== undefined) return { path: join(cacheDir(), ...parts, hit[0]!), cached: true };
  }
  const write = await make();
  return { path: await publishFile(cacheSubdir(...parts), key, ext, write), cached: false };
}
