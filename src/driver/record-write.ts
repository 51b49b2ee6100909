/**
 * Writing run records (record.cts) on the full path of `awsm run`: main.ts notes when the
 * lookup of the executable begins (beginRecord) and writes the record after it
 * (finishRecord), if everything the record stamps had been left alone for two seconds by
 * then. The fast path (src/cli/awsm.cts) then starts the executable without this code.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { packageRoot, usingFallback } from './cache.js';
import { record } from './cjs.js';
import { manifestPath } from './entry.js';
import type { RunArgs } from './record.cjs';
import type { TieredBuild } from './tiers.js';
import { LLVM_MAJOR, type ToolName, findTool } from './tools.js';

const { configuredCacheDir, inputStamp, installRoot, recordKey, worldOf, writeRecord } = record;

/** What a record is begun with, before the lookup. */
export interface RecordStart {
  /** Where the record goes and what it is for (record.cts, recordKey). */
  key: { path: string; for: string };
  /** The module as given. */
  input: string;
  /** Stamped files and directories besides the executable and its manifest (record.cts). */
  files: string[];
  /** Stamped trees: dist/src and runtime/. */
  trees: string[];
  /** When the lookup began, in ns since the epoch. */
  lookupStart: bigint;
}

/** The tools toolchainId() (tools.ts) identifies; a missing one is left out, as there. */
const TOOLS: readonly ToolName[] = ['clang', 'ld.lld', 'opt'];

/**
 * The start of a record of `args`, or undefined when none can be kept: no configured cache
 * directory, a relative PATH entry or AWSM_LLVM_DIR (what they find depends on the current
 * directory, which the record's key leaves out).
 */
export function beginRecord(args: RunArgs): RecordStart | undefined {
  const lookupStart = BigInt(Date.now()) * 1_000_000n;
  const cache = configuredCacheDir();
  if (!('dir' in cache) || packageRoot !== installRoot) return undefined;
  const llvmDir = process.env['AWSM_LLVM_DIR'] ?? '';
  const dirs = (process.env['PATH'] ?? '').split(':').filter((d) => d !== '');
  if (llvmDir !== '') dirs.push(llvmDir, join(llvmDir, 'bin'));
  dirs.push(`/usr/lib/llvm-${LLVM_MAJOR}`, `/usr/lib/llvm-${LLVM_MAJOR}/bin`);
  if (!dirs.every(isAbsolute)) return undefined;
  const tools: string[] = [];
  for (const t of TOOLS) {
    try {
      tools.push(findTool(t));
    } catch {
      // not installed: the directories where it would appear are stamped
    }
  }
  const files = [...new Set([join(packageRoot, 'package.json'), ...tools, ...tools.map(dirname), ...dirs])];
  const trees = [join(packageRoot, 'dist', 'src'), join(packageRoot, 'runtime')];
  return { key: recordKey(cache.dir, installRoot, args), input: args.input, files, trees, lookupStart };
}

/**
 * Write the record for `build` if it came from the cache as it is (no background compile
 * pending, the cache not a temporary fallback) and everything the record stamps predates the
 * lookup by two seconds (record.cts, writeRecord). Returns whether a record is in place.
 */
export function finishRecord(start: RecordStart, build: TieredBuild): boolean {
  const a = build.artifact;
  if (!a.cached || build.background !== undefined || usingFallback()) return false;
  const input = inputStamp(start.input);
  if (input === undefined) return false; // not a regular file: no stamp says what it holds
  const files = [...start.files, a.path, manifestPath(dirname(a.path), a.key)];
  return writeRecord(start.key, { tier: build.tier, executable: a.path, input, files, trees: start.trees, world: worldOf(files, start.trees) }, start.lookupStart);
}

