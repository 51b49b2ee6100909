/**
 * Checks on where compile() is told to write, made before anything is compiled: the output
 * must not be the input file, however it is spelled (docs/cli.md, `-o`).
 *
 * "The input" is the file itself, not its name: the same path in another spelling, a symlink
 * to it (followed to the end of its chain), a hard link to it (the same device and inode), or
 * a symlink whose target does not exist but whose textual resolution is the input's path
 * (`out -> missing/../prog.wasm`). awsm replaces the output by renaming a new file over it,
 * which would leave a hard-linked input intact; it refuses anyway, since naming the input as
 * the output is almost certainly a mistake, and a user expects no command to risk the input.
 */
import { lstatSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AwsmError } from '../errors.js';
import { reason, tempName } from './cache.js';

/** Symlinks followed before giving up, as Linux's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * Where the symlink chain starting at `path` ends when its last target does not exist: that
 * target as an absolute path, resolved textually. Undefined when `path` is not a symlink or
 * the chain cannot be followed.
 */
function danglingTarget(path: string): string | undefined {
  // Kept as the kernel sees it (`missing/..` fails there), normalised only for the answer.
  let p = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(p).isSymbolicLink();
    } catch (e) {
      return hops > 0 && (e as NodeJS.ErrnoException).code === 'ENOENT' ? resolve(p) : undefined;
    }
    if (!isLink) return undefined;
    try {
      const to = readlinkSync(p);
      p = isAbsolute(to) ? to : `${dirname(p)}/${to}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether `output` names the file `input` (see the overview). */
export function isSameFile(input: string, output: string): boolean {
  let inStat;
  try {
    inStat = statSync(input);
  } catch {
    return false; // no input to protect; reading it reports the problem
  }
  try {
    const outStat = statSync(output); // follows symlinks
    return outStat.dev === inStat.dev && outStat.ino === inStat.ino;
  } catch {
    // The output does not exist (yet), or cannot be reached: a dangling symlink may still
    // point at the input's path.
  }
  const target = danglingTarget(output);
  if (target === undefined) return false;
  let real = resolve(input);
  try {
    real = realpathSync(input);
  } catch {
    // keep the resolved spelling
  }
  return target === resolve(input) || target === real;
}

/** Throws a usage error when `output` names the file `input`. */
export function refuseInputAsOutput(input: string, output: string): void {
  if (isSameFile(input, output)) {
    throw new AwsmError('usage', `the output ${output} is the input file ${input}; name another output with -o`);
  }
}

/**
 * Replaces `output` whole: `write(tmp)` fills a temporary file beside it, which is renamed over
 * it, so a reader never sees a partial output. A failure is an io error naming `output`.
 */
export function writeOutput(output: string, write: (tmp: string) => void): void {
  const tmp = tempName(output);
  try {
    write(tmp);
    renameSync(tmp, output);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AwsmError('io', `cannot write ${output}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : reason(e)}`);
  }
}
