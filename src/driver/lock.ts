/**
 * PID lock files: "this process is building that entry", so that `awsm run` does not pile up
 * background compiles of one module (tiers.ts, background.ts).
 *
 * A lock is a file created exclusively (O_EXCL) holding the decimal PID of its owner, which
 * may hand it to another process (`awsm run` takes it, then hands it to the background
 * compile it starts: no window in which a second run sees no lock). It is held while that
 * process lives: a lock whose PID is dead (the owner was killed) is stale and
 * may be replaced. What this leaves out: a PID reused by an unrelated process keeps a stale
 * lock alive until that process exits (one skipped background compile, no wrong result); and
 * two processes replacing the same stale lock at once may both go ahead (two builds of the
 * same entry, which the cache publishes safely: the last manifest wins, both are whole).
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';

/** True if a process with this PID exists (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID in the lock `path` if that process is alive, else undefined (no lock, or a stale one). */
export function lockHolder(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/**
 * Take the lock `path` for this process: true if taken, false if a live process holds it or
 * it cannot be created (a read-only cache: then nobody builds in the background).
 */
export function takeLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      if (lockHolder(path) !== undefined) return false;
      rmSync(path, { force: true }); // stale (or empty: its owner died between open and write)
    }
  }
  return false;
}

/**
 * Hand the lock `path`, which this process holds, to the process `pid` (written under a
 * temporary name and renamed: readers see one PID or the other, both alive).
 */
export function handOverLock(path: string, pid: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${pid}\n`);
  renameSync(tmp, path);
}

/** Remove the lock `path` if this process holds it. */
export function releaseLock(path: string): void {
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
  } catch {
    // gone already
  }
}
