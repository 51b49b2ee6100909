/**
 * The whole pipeline behind `awsm compile` and the `compile()` API: read → decode → validate
 * → translate → clang/lld, with a content-addressed cache in front.
 *
 * Cache key: sha256 of the input's sha256, the normalised options (with the CPU in effect), the
 * compiler fingerprint (version + hash of awsm's own code), the toolchain identity and, for
 * executables, the runtime hash. A hit (an entry whose manifest and artifact verify, entry.ts)
 * skips every stage, decoding included; a bad entry is reported once and rebuilt. The artifact
 * is then copied to the requested output (atomically: temp name + rename, so a running program
 * at that path is never overwritten in place).
 *
 * A module of more than the partition size (partitions.ts, AWSM_PARTITION_SIZE) compiled to an
 * object, shared library or executable is translated and compiled in partitions, in parallel
 * (`jobs`), each partition's object cached on its own (partitions.ts). LLVM IR text and
 * bitcode are always one module.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AwsmError } from '../errors.js';
import { isComponent } from '../component/detect.js';
import type { BoundsMode } from '../translate/context.js';
import { cacheDir, compilerFingerprint, sha256, statMemoDir } from './cache.js';
import { cachedFile, lookupEntry } from './entry.js';
import { buildPartitioned, defaultJobs, partitionSize, type PartitionCounts } from './partitions.js';
import { CPU_NAME_RE, type Emit, type NativeOptions, type OptLevel, cpuCacheKey, emitExtension, emitFromIR, resolveCpu } from './native.js';
import { leanCandidate } from './pipeline.js';
import { runtimeHash } from './runtime.js';
import { targetOf } from './targets.js';
import { contentHash, fileHash, type FileHash } from './stamps.js';
import { toolchainId } from './tools.js';

/** How linear-memory accesses are bounds-checked (docs/abi.md). */
export type { BoundsMode };

/** All bounds modes, in the order --help lists them. */
export const BOUNDS_MODES: readonly BoundsMode[] = ['guard', 'explicit', 'none'];

/**
 * The two tiers of code (docs/cli.md, "Tiers"): 'opt', the optimising tier (loop versioning,
 * LLVM at the optLevel asked for), and 'quick', for a fast compile (no loop versioning, LLVM
 * -O0, which selects instructions with FastISel, whatever optLevel says).
 */
export type Tier = 'quick' | 'opt';

/** All tiers, in the order --help lists them. */
export const TIERS: readonly Tier[] = ['quick', 'opt'];

/**
 * The LLVM level of the quick tier. Measured on a 7.4 MB Go module (docs/cli.md, "Tiers"):
 * -O0 took 23 CPU s; -O1, even with FastISel, over 100: its middle end is most of -O2's cost.
 */
export const QUICK_OPT_LEVEL: OptLevel = 0;

/**
 * The translator's symbol-name pattern (SYMBOL_NAME_RE in translate/module.ts), repeated here
 * so that a cache hit need not load the translator to check a name.
 */
const SYMBOL_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Options of `compile()`. Every field has a default. */
export interface CompileOptions {
  /** What to produce (default 'exe'). */
  emit?: Emit;
  /**
   * Where to write it (default: a file in the cache, returned as `path`). Never the input
   * file, by any path, symlink or hard link: a usage error (output.ts).
   */
  output?: string;
  /** LLVM optimisation level of the 'opt' tier (default 2). */
  optLevel?: OptLevel;
  /** The tier (default 'opt'); 'quick' ignores optLevel. */
  tier?: Tier;
  /**
   * Module name: the prefix of the module's symbols and its descriptor `<name>_module`. Must
   * match [A-Za-z_][A-Za-z0-9_]*. Default: derived from the input file name, else "module".
   */
  name?: string;
  /** Bounds-check strategy (default: the translator's, 'guard' on 64-bit targets, 'explicit' on armv7, which refuses 'guard'). */
  bounds?: BoundsMode;
  /**
   * Target triple (default: the host's): x86_64-linux-gnu, aarch64-linux-gnu,
   * riscv64-linux-gnu or armv7-linux-gnueabihf, or another spelling of one (targets.ts);
   * others are a usage error.
   */
  target?: string;
  /**
   * CPU to generate code for, passed to clang as `-march=NAME` (`native`: this machine's).
   * Default: `x86-64-v2` for x86-64 targets (SSE4.2), clang's default for others.
   */
  cpu?: string;
  /**
   * Also define `@awsm_main_module`, the descriptor runtime/main.c starts, so the output can
   * be linked into an executable later (default: true for 'exe' only).
   */
  mainModule?: boolean;
  /** Use and fill the compile cache (default true); false also recompiles every partition. */
  cache?: boolean;
  /**
   * clang processes at once for a partitioned module (default: the cores available,
   * os.availableParallelism()). The artifact does not depend on it.
   */
  jobs?: number;
  /**
   * Called as a compile (not a cache hit) enters each phase, and with 'done' at its end: for
   * a progress display (src/cli/progress.ts). `functions`: the module's defined functions,
   * known from 'validate' on. For a module compiled in partitions, 'llvm' is reported again
   * each time a partition is done, and 'done' ends it, with the `partitions` counts so far.
   */
  onPhase?: (phase: Phase, functions?: number, partitions?: PartitionCounts) => void;
}

/**
 * The phases of a compile: decoding, validating, translating to LLVM IR, then LLVM (clang's
 * optimisation and code generation, and lld's link, in one process), then done.
 */
export type Phase = 'decode' | 'validate' | 'translate' | 'llvm' | 'done';

/** A compiled artifact. */
export interface Artifact {
  /** The file written (the requested output, or the cache entry). */
  path: string;
  emit: Emit;
  /** The module name used for symbols. */
  name: string;
  /** True when the artifact came from the cache without compiling. */
  cached: boolean;
  /** The cache key (hex sha256). */
  key: string;
}

/**
 * The module name for a file: its base name without `.wasm`, with every character outside
 * [A-Za-z0-9_] replaced by `_`, and `_` in front if it would start with a digit.
 */
export function moduleNameFromPath(path: string): string {
  let n = basename(path).replace(/\.wasm$/i, '').replace(/[^A-Za-z0-9_]/g, '_');
  if (n === '') n = 'module';
  if (/^[0-9]/.test(n)) n = '_' + n;
  return n;
}

/** Read an input file, turning the usual failures into AwsmError('io'). */
export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file'
      : err.code === 'EISDIR' ? 'is a directory'
      : err.code === 'EACCES' ? 'permission denied'
      : err.message;
    throw new AwsmError('io', `cannot read ${path}: ${why}`);
  }
}

/**
 * sha256 of the file at `path`, memoised by its stamp (stamps.ts): a cached run of a big
 * module does not read it. Failures are readInput's.
 */
function inputFileHash(path: string): FileHash {
  try {
    return fileHash(path, statMemoDir());
  } catch {
    return bytesHash(readInput(path)); // throws readInput's message, or the file came back
  }
}

/** The size and sha256 of a module given as bytes. */
function bytesHash(bytes: Uint8Array): FileHash {
  return { size: bytes.length, sha256: contentHash(bytes) };
}

/** What compile() builds for a given input and options, and its cache key. */
interface Plan {
  key: string;
  emit: Emit;
  name: string;
  mainModule: boolean;
  /** Loop versioning: a second copy of each loop for LLVM's vectorisers. */
  versionLoops: boolean;
  /** IR for LLVM -O0 (TranslateOptions.quick): the quick tier, and -O0. */
  quick: boolean;
  native: NativeOptions;
  /** Partition size in Wasm instructions, or undefined when the output is one LLVM module (llvm, bc). */
  partitionSize: number | undefined;
}

/**
 * Check the options, resolve their defaults and compute the cache key from `input`, the size
 * and sha256 of the module's bytes (`path`: its path, or the bytes themselves) (nothing here loads the translator).
 */
function plan(path: Uint8Array | string, input: FileHash, options: CompileOptions): Plan {
  const emit = options.emit ?? 'exe';
  const tier = options.tier ?? 'opt';
  const optLevel = tier === 'quick' ? QUICK_OPT_LEVEL : (options.optLevel ?? 2);
  const name = options.name ?? (typeof path === 'string' ? moduleNameFromPath(path) : 'module');
  if (!SYMBOL_NAME_RE.test(name)) throw new AwsmError('usage', `module name '${name}' must match [A-Za-z_][A-Za-z0-9_]*`);
  const mainModule = options.mainModule ?? emit === 'exe';
  if (options.cpu !== undefined && !CPU_NAME_RE.test(options.cpu)) {
    throw new AwsmError('usage', `invalid CPU name '${options.cpu}' (a clang -march name, e.g. x86-64-v3 or native)`);
  }
  // The canonical triple: spellings of one target share the cache and the translator's choices.
  const targetInfo = options.target === undefined ? undefined : targetOf(options.target);
  const target = targetInfo?.triple;
  if (options.bounds === 'guard' && targetInfo !== undefined && !targetInfo.guardPages) {
    throw new AwsmError('usage', `--bounds=guard needs a 64-bit target: ${target} has no room for an 8 GiB reservation per memory (docs/abi.md, "Targets"); its default is --bounds=explicit`);
  }
  const native: NativeOptions = {
    optLevel,
    moduleSize: input.size,
    ...(target !== undefined ? { triple: target } : {}),
    ...(options.cpu !== undefined ? { cpu: options.cpu } : {}),
  };
  // The second copy of a loop is for LLVM's vectorisers, which -O0 does not run and the quick
  // tier has no time for.
  const versionLoops = tier === 'opt' && optLevel !== 0;
  // The CPU in effect (defaults resolved, `native` expanded to this machine's) is part of the
  // key; IR text does not depend on it.
  const cpu = emit === 'llvm' ? null : cpuCacheKey(resolveCpu(native));
  // The partitions change the code (what is inlined where), not its behaviour.
  const quick = optLevel === 0;
  const size = emit === 'llvm' || emit === 'bc' ? undefined : partitionSize(quick);
  // lean: whether pipeline.ts may choose its lean pass list (the rest of that choice follows from the IR).
  const lean = emit !== 'llvm' && leanCandidate(optLevel, input.size);
  const normalised = {
    emit, tier, optLevel, name, bounds: options.bounds ?? null, target: target ?? null, mainModule, cpu, partitionSize: size ?? null, lean,
  };
  // IR text needs no LLVM tools, so it does not depend on (or require) them.
  const key = sha256(
    input.sha256,
    JSON.stringify(normalised),
    compilerFingerprint(),
    emit === 'llvm' ? '' : toolchainId(),
    emit === 'exe' ? runtimeHash(target) : '',
  );
  return { key, emit, name, mainModule, versionLoops, quick, native, partitionSize: size };
}

/** The cache directory (relative parts) of build entries with this key. */
function buildParts(key: string): string[] {
  return ['build', key.slice(0, 2)];
}

/**
 * The cache key compile() would use for `input` and `options`, and the artifact it would
 * return from the cache (`hit`), if the cache holds a valid one (a bad entry is reported, as
 * compile() would). Never compiles, and loads nothing of the compiler.
 */
export function lookup(input: Uint8Array | string, options: CompileOptions = {}): { key: string; hit?: Artifact } {
  const p = plan(input, typeof input === 'string' ? inputFileHash(input) : bytesHash(input), options);
  const dir = join(cacheDir(), ...buildParts(p.key));
  const names = lookupEntry(dir, p.key);
  if (names === undefined) return { key: p.key };
  return { key: p.key, hit: { path: join(dir, names[0]!), emit: p.emit, name: p.name, cached: true, key: p.key } };
}

/** The lock file of a background compile of the entry `key` (tiers.ts). */
export function buildLockPath(key: string): string {
  return join(cacheDir(), ...buildParts(key), `${key}.lock`);
}

/** Where a failed background compile of the entry `key` leaves its error message (tiers.ts). */
export function buildFailurePath(key: string): string {
  return join(cacheDir(), ...buildParts(key), `${key}.failed`);
}

/**
 * Compile a WebAssembly module (bytes, or the path of a .wasm file) to `options.emit`.
 * Throws DecodeError, ValidationError, CompileError, or AwsmError ('io', 'tool', 'link',
 * 'usage') for everything a user can cause.
 */
export async function compile(input: Uint8Array | string, options: CompileOptions = {}): Promise<Artifact> {
  if (typeof input === 'string' && options.output !== undefined) (await import('./output.js')).refuseInputAsOutput(input, options.output);
  const bytes = typeof input === 'string' ? readInput(input) : input;
  const component = isComponent(bytes);
  if (component && (options.emit ?? 'exe') !== 'exe') (await import('./component.js')).refuseComponentEmit(options.emit!);
  const p = plan(input, bytesHash(bytes), options);
  const { path: entry, cached } = await cachedFile(
    buildParts(p.key),
    p.key,
    emitExtension(p.emit),
    async () => {
      // A component: its core modules compiled by compile() itself, linked with the runner.
      if (component) {
        const { buildComponent } = await import('./component.js');
        const { output: _o, onPhase: _p, emit: _e, name: _n, ...moduleOptions } = options;
        return async (tmp: string) => {
          options.onPhase?.('decode');
          await buildComponent(bytes, tmp, { name: p.name, moduleOptions, native: p.native, compileModule: compile });
          options.onPhase?.('done');
        };
      }
      // Loaded here, on a miss only: a cached run starts without the compiler.
      const [{ decodeModule }, { validateModule }, { translateModule, translatePartition }, { planPartitions }] = await Promise.all([
        import('../binary/decoder.js'),
        import('../validate/validator.js'),
        import('../translate/module.js'),
        import('../translate/partition.js'),
      ]);
      const phase = options.onPhase ?? ((): void => {});
      phase('decode');
      const module = decodeModule(bytes);
      phase('validate', module.funcs.length);
      validateModule(module);
      phase('translate', module.funcs.length);
      const topts = {
        name: p.name,
        exe: p.mainModule,
        versionLoops: p.versionLoops,
        quick: p.quick,
        ...(options.bounds !== undefined ? { bounds: options.bounds } : {}),
        ...(p.native.triple !== undefined ? { triple: p.native.triple } : {}),
      };
      const parts = p.partitionSize === undefined ? [] : planPartitions(module, p.partitionSize);
      if (parts.length > 1) {
        // Translated partition by partition as clang slots free up (partitions.ts).
        const emit = p.emit as 'obj' | 'shared' | 'exe';
        return async (tmp: string) => {
          phase('llvm', module.funcs.length);
          const counts = await buildPartitioned({
            count: parts.length + 1,
            translate: (k) => translatePartition(module, topts, parts, k),
            native: p.native,
            jobs: options.jobs ?? defaultJobs(),
            reuse: options.cache ?? true,
            onProgress: (counts) => phase('llvm', module.funcs.length, counts),
          }, emit, tmp);
          phase('done', module.funcs.length, counts);
        };
      }
      const ir = translateModule(module, topts);
      return async (tmp: string) => {
        phase('llvm', module.funcs.length);
        await emitFromIR(ir, p.emit, tmp, p.native);
        phase('done', module.funcs.length);
      };
    },
    options.cache ?? true,
  );
  const artifact = { emit: p.emit, name: p.name, cached, key: p.key };
  if (options.output === undefined) return { path: entry, ...artifact };
  (await import('./output.js')).writeOutput(options.output, (tmp) => copyFileSync(entry, tmp));
  return { path: options.output, ...artifact };
}
