/**
 * Finding and running the LLVM 16 tools (clang, ld.lld, llvm-ar, opt).
 *
 * Lookup order for a tool `T`:
 *   1. `$AWSM_LLVM_DIR/bin/T` or `$AWSM_LLVM_DIR/T` when AWSM_LLVM_DIR is set (and nothing else:
 *      an explicit choice that does not work is an error, not a reason to fall back);
 *   2. `T-16` on PATH (Debian/Ubuntu's versioned names: clang-16, ld.lld-16, llvm-ar-16, opt-16);
 *   3. `/usr/lib/llvm-16/bin/T`.
 * A missing tool is an AwsmError('tool') that names it and says how to install it. A tool that
 * fails is an AwsmError('tool') carrying its standard error.
 *
 * The tools run with tcmalloc (Debian's libtcmalloc-minimal4) preloaded when it is installed
 * (llvmMalloc): LLVM allocates and frees small objects at a high rate, and glibc's malloc
 * costs it about a tenth of clang -O0's time. Measured on go-utf8's quick-tier IR (55 MB),
 * clang -O0 alone, 5 alternating runs, quiet machine: glibc 2.47 CPU s, jemalloc 2.37,
 * mimalloc 2.26, tcmalloc 2.25 (the objects byte-identical); whole compiles: the quick tier
 * 5.54 → 5.35 CPU s, the optimising tier 26.7 → 25.7 (docs/benchmarks.md, "round 11").
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AwsmError } from '../errors.js';
import { hostTarget } from './targets.js';

/** The LLVM major version whose textual IR the translator writes. */
export const LLVM_MAJOR = 16;

/** The tools awsm runs. */
export type ToolName = 'clang' | 'ld.lld' | 'llvm-ar' | 'opt';

const DEFAULT_LLVM_DIR = `/usr/lib/llvm-${LLVM_MAJOR}`;
const INSTALL_HINT =
  `install LLVM ${LLVM_MAJOR} with: apt-get install clang-${LLVM_MAJOR} lld-${LLVM_MAJOR} llvm-${LLVM_MAJOR} ` +
  `(or set AWSM_LLVM_DIR to an LLVM ${LLVM_MAJOR} installation prefix)`;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

const found = new Map<ToolName, string>();

/** The absolute path of an LLVM tool; throws AwsmError('tool') when it cannot be found. */
export function findTool(tool: ToolName): string {
  const cached = found.get(tool);
  if (cached !== undefined) return cached;
  let path: string | undefined;
  const dir = process.env['AWSM_LLVM_DIR'];
  if (dir !== undefined && dir !== '') {
    path = [join(dir, 'bin', tool), join(dir, tool)].find(isExecutable);
    if (path === undefined) {
      throw new AwsmError('tool', `${tool} not found in AWSM_LLVM_DIR=${dir} (looked in ${join(dir, 'bin')} and ${dir})`);
    }
  } else {
    path = onPath(`${tool}-${LLVM_MAJOR}`);
    if (path === undefined && isExecutable(join(DEFAULT_LLVM_DIR, 'bin', tool))) path = join(DEFAULT_LLVM_DIR, 'bin', tool);
    if (path === undefined) {
      throw new AwsmError('tool', `${tool}-${LLVM_MAJOR} not found (looked on PATH and in ${DEFAULT_LLVM_DIR}/bin); ${INSTALL_HINT}`);
    }
  }
  found.set(tool, path);
  return path;
}

/**
 * A string that changes when the toolchain changes (path and modification time of clang,
 * ld.lld and, when installed, opt), for cache keys. Cheaper than running `clang --version` on
 * every compile. opt is optional here: only large modules need it (pipeline.ts), and a
 * missing opt is reported when one does.
 */
export function toolchainId(): string {
  const id = (t: ToolName): string => {
    const p = findTool(t);
    return `${p}@${statSync(p).mtimeMs}`;
  };
  let opt: string;
  try {
    opt = id('opt');
  } catch {
    opt = 'no opt';
  }
  return [id('clang'), id('ld.lld'), opt].join(';');
}

/** Arguments that make clang link with LLVM 16's lld (whichever lld findTool chose). */
export function lldArgs(): string[] {
  return ['-fuse-ld=lld', `--ld-path=${findTool('ld.lld')}`];
}

/** The variable that chooses the LLVM tools' allocator (llvmMalloc). */
export const LLVM_MALLOC_ENV = 'AWSM_LLVM_MALLOC';

/**
 * The allocator library preloaded into the LLVM tools, or null for the C library's own:
 * `AWSM_LLVM_MALLOC` unset or empty, tcmalloc when installed; `system`, none; a path, that
 * library (which must exist). The choice changes how fast the tools run, not what they write.
 */
export function llvmMalloc(): string | null {
  const v = process.env[LLVM_MALLOC_ENV];
  if (v === 'system') return null;
  if (v !== undefined && v !== '') {
    if (!existsSync(v)) throw new AwsmError('usage', `${LLVM_MALLOC_ENV}=${v}: no such file (a malloc library to preload into the LLVM tools, or 'system')`);
    return v;
  }
  // Where Debian's libtcmalloc-minimal4 puts it: this machine's multiarch directory.
  const dir = hostTarget()?.gnu;
  const tcmalloc = dir === undefined ? undefined : `/usr/lib/${dir}/libtcmalloc_minimal.so.4`;
  return tcmalloc !== undefined && existsSync(tcmalloc) ? tcmalloc : null;
}

/** The environment the LLVM tools run in: this process's, with llvmMalloc's library preloaded. */
function toolEnv(): NodeJS.ProcessEnv | undefined {
  const lib = llvmMalloc();
  if (lib === null) return undefined;
  const preload = process.env['LD_PRELOAD'];
  return { ...process.env, LD_PRELOAD: preload === undefined || preload === '' ? lib : `${lib}:${preload}` };
}

/** What a finished tool run produced. */
export interface ToolResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Run an LLVM tool, optionally feeding `input` to its standard input (`onInputWritten` is
 * called when all of it is written or the tool is gone, perhaps more than once). Resolves with its output when it
 * exits 0; otherwise rejects with AwsmError('tool') carrying its stderr.
 */
export function runTool(tool: ToolName, args: readonly string[], input?: string | Uint8Array, onInputWritten?: () => void): Promise<ToolResult> {
  const path = findTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'], env: toolEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // EPIPE when the tool exits before reading all input: the exit status tells the story.
    child.stdin.on('error', () => onInputWritten?.());
    child.on('error', (e) => reject(new AwsmError('tool', `cannot run ${path}: ${e.message}`)));
    child.on('close', (code, signal) => {
      onInputWritten?.();
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) {
        resolve({ stdout: Buffer.concat(out), stderr });
        return;
      }
      const status = signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
      const detail = stderr.trim();
      reject(new AwsmError('tool', `${tool} ${status}${detail === '' ? '' : `:\n${detail}`}`));
    });
    child.stdin.end(input ?? '', onInputWritten);
  });
}
