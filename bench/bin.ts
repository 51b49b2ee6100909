/**
 * The `awsm` command the benchmarks run: the one `npm install` puts on PATH, package.json's
 * "bin" (dist/src/cli/awsm.cjs, with the cached start-up path of `awsm run` in front of the
 * full CLI), so that what is timed is what users run, not dist/src/cli/main.js directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The command installed from the package at `root`: its package.json's "bin". */
export function installedBin(root: string): string {
  const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: { awsm?: string } }).bin?.awsm;
  if (bin === undefined) throw new Error(`${root}/package.json has no bin.awsm`);
  return join(root, bin);
}
