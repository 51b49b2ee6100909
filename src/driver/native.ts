/**
 * LLVM IR text → native artifacts, through clang-16 and lld-16.
 *
 *   llvm    the IR text itself
 *   bc      clang -c -emit-llvm -x ir - -O<n>           (optimised bitcode)
 *   obj     clang -c -x ir - -O<n> -fPIC                (relocatable object)
 *   shared  clang -shared -x ir - -O<n> -fPIC (lld)     (no runtime inside: the host provides it)
 *   exe     clang -x ir - <runtime main.o> libawsm_rt.a -lm -ldl -lpthread (lld)
 *
 * `-O<n>` stands for the pipeline pipeline.ts chooses: clang's own, or (large modules) opt-16
 * with a lean pass list first, its bitcode then fed to clang in place of the IR text.
 *
 * Code generation targets a CPU (NativeOptions.cpu, `awsm --cpu`; `-march=` or `-mcpu=` as
 * targets.ts says): by default x86-64-v2 for x86-64 (SSE4.2, POPCNT: roundss/roundps for float
 * rounding instead of libm calls, pshufb/pblendvb/pmovsx for SIMD instead of scalarised lanes),
 * else clang's default. Another architecture than the host's (NativeOptions.triple) links
 * against Debian's cross libc with the runtime cross-compiled for it (runtime.ts, targets.ts).
 *
 * The IR always goes in on standard input: no temporary .ll file to clean up. Why a shared
 * library carries no runtime: the process that dlopens it (the spec host, an embedder) already
 * has one, and two copies would disagree about traps and instances.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { AwsmError } from '../errors.js';
import { type Pipeline, irHasVersionedLoops, pipelineFor } from './pipeline.js';
import { RUNTIME_LIBS, buildRuntime, runtimeDir } from './runtime.js';
import { cpuFlag, crossCheck, targetOf } from './targets.js';
import { lldArgs, runTool } from './tools.js';

/** What `compile` writes. */
export type Emit = 'llvm' | 'bc' | 'obj' | 'shared' | 'exe';

/** All emit kinds, in the order --help lists them. */
export const EMITS: readonly Emit[] = ['llvm', 'bc', 'obj', 'shared', 'exe'];

/** LLVM optimisation levels. */
export type OptLevel = 0 | 1 | 2 | 3;

/** Options for the native step. */
export interface NativeOptions {
  optLevel: OptLevel;
  /** Target triple; the default is clang's (the host). */
  triple?: string;
  /** CPU to generate code for (clang `-march=`/`-mcpu=`: targets.ts, cpuFlag), e.g. `native`; default: defaultCpu(triple). */
  cpu?: string;
  /** Size of the wasm module in bytes, for the choice of pipeline (pipeline.ts); default 0. */
  moduleSize?: number;
}

/** What --cpu accepts: a clang CPU name or RISC-V ISA string (checked by clang itself). */
export const CPU_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** x86-64-v2's features as /proc/cpuinfo spells them. */
const X86_64_V2_FLAGS = ['cx16', 'lahf_lm', 'popcnt', 'pni', 'sse4_1', 'sse4_2', 'ssse3'];

let hostCpuInfo: string | undefined;
function cpuinfo(): string {
  if (hostCpuInfo === undefined) {
    try {
      hostCpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      hostCpuInfo = '';
    }
  }
  return hostCpuInfo;
}

/**
 * The CPU code is generated for when none is given: `x86-64-v2` when the target is x86-64
 * (the triple's architecture, or the host's without a triple), unless this host is an x86-64
 * machine that visibly lacks those features (then baseline `x86-64`, so that what we build
 * here runs here); undefined (clang's default) for other targets.
 */
export function defaultCpu(triple?: string): string | undefined {
  const x86 = triple === undefined ? arch() === 'x64' : /^x86_64-/.test(triple);
  if (!x86) return undefined;
  if (arch() === 'x64') {
    const flags = /^flags\s*:(.*)$/m.exec(cpuinfo())?.[1]?.split(/\s+/);
    if (flags !== undefined && !X86_64_V2_FLAGS.every((f) => flags.includes(f))) return 'x86-64';
  }
  return 'x86-64-v2';
}

/** The CPU in effect for `o`: the one given, else the default for its triple. */
export function resolveCpu(o: { cpu?: string; triple?: string }): string | undefined {
  return o.cpu ?? defaultCpu(o.triple);
}

/**
 * The CPU as part of a cache key: `native` stands for this machine's CPU, so it is expanded
 * to the host's model and feature flags (a cache copied to another machine must not hand out
 * code for the wrong CPU).
 */
export function cpuCacheKey(cpu: string | undefined): string {
  if (cpu !== 'native') return cpu ?? '';
  const info = cpuinfo();
  const model = /^model name\s*:(.*)$/m.exec(info)?.[1]?.trim() ?? '';
  const flags = /^(?:flags|Features)\s*:(.*)$/m.exec(info)?.[1]?.trim() ?? '';
  return `native:${arch()}:${model}:${flags}`;
}

/**
 * clang's code generation flags for `o`, after the optimisation flags `optFlags` (the
 * pipeline's clang flags; by default `-O<n>`).
 */
export function codegenFlags(o: NativeOptions, optFlags: readonly string[] = [`-O${o.optLevel}`]): string[] {
  // -Wno-override-module: the IR carries a triple; clang may restate it, which is not news.
  const flags = [...optFlags, '-Wno-override-module'];
  if (o.triple !== undefined) flags.push(`--target=${o.triple}`, ...targetOf(o.triple).clangFlags);
  const cpu = resolveCpu(o); // a name compile() has checked against CPU_NAME_RE
  if (cpu !== undefined) flags.push(cpuFlag(targetOf(o.triple), cpu));
  return flags;
}

/** `--target=TRIPLE` for a link that clang does for `triple`, nothing for the host's. */
function linkTarget(triple: string | undefined): string[] {
  return triple === undefined ? [] : [`--target=${triple}`];
}

/**
 * The AwsmError('usage') for clang's complaint about an unknown CPU in `message`, or undefined:
 * x86-64 lists the valid names itself; the others are listed by `clang --print-supported-cpus`.
 */
function unknownCpu(message: string, o: NativeOptions): AwsmError | undefined {
  const x86 = /unknown target CPU '([^']*)'\s*\n\s*note: valid target CPU values are: (.*)/.exec(message);
  if (x86 !== null) return new AwsmError('usage', `unknown CPU '${x86[1]}' for --cpu; valid names: ${x86[2]!.trim()}`);
  const other = /unsupported argument '([^']*)' to option '-m(?:cpu|arch)='|invalid arch name '([^']*)'/.exec(message);
  if (other === null) return undefined;
  const t = targetOf(o.triple);
  return new AwsmError('usage', `unknown CPU '${other[1] ?? other[2]}' for --cpu on ${t.triple} (e.g. ${t.cpuExamples.join(', ')}; clang-16 --target=${t.triple} --print-supported-cpus lists the CPU models)`);
}

/**
 * Write `ir` as `emit` to `out`. Native outputs are produced by clang writing to `out`
 * directly, so callers that need atomicity pass a temporary path and rename.
 */
export async function emitFromIR(ir: string, emit: Emit, out: string, o: NativeOptions): Promise<void> {
  await emitWithClang(ir, emit, out, o).catch((e: unknown) => {
    // An unknown --cpu name is the user's mistake, whichever clang step notices it.
    throw (e instanceof Error ? unknownCpu(e.message, o) : undefined) ?? e;
  });
}

/** How one IR text is compiled: the pipeline pipeline.ts chooses for it, and clang's flags. */
export interface NativePlan {
  pipeline: Pipeline;
  /** clang's flags: the pipeline's optimisation flags, then target and CPU (codegenFlags). */
  flags: string[];
}

/**
 * The plan for `text` under `o` (decided once per text: it scans the text for versioned loops,
 * except at -O0, whose pipeline does not depend on them and whose IR has none).
 */
export function nativePlan(text: string, o: NativeOptions): NativePlan {
  const versioned = o.optLevel !== 0 && irHasVersionedLoops(text);
  const pipeline = pipelineFor({ optLevel: o.optLevel, moduleSize: o.moduleSize ?? 0, hasVersionedLoops: versioned });
  const flags = codegenFlags(o, pipeline.clang);
  // 32-bit ARM's FastISel (-O0) stops on a `tailcc` call ("LLVM ERROR: Unsupported calling
  // convention"); SelectionDAG compiles it (docs/abi.md, "32-bit ARM: tail calls").
  if (pipeline.clang.includes('-O0') && o.triple !== undefined && targetOf(o.triple).arch === 'armv7' && text.includes(' tailcc ')) flags.push('-mllvm', '-fast-isel=false');
  return { pipeline, flags };
}

/** Every argument the plan gives the tools, for a cache key (partition objects). */
export function planFlags(plan: NativePlan): string[] {
  return [...(plan.pipeline.opt ?? []), '|', ...plan.flags];
}

/**
 * What clang reads for `text` under `plan`: the text itself, or, when the plan runs opt-16
 * first, opt's bitcode. `onInputWritten` is handed to opt when it runs (it reads the text);
 * `optRan` says whether it did, so that the caller hands it to clang otherwise.
 */
async function prepare(text: string | Uint8Array, plan: NativePlan, onInputWritten?: () => void): Promise<{ ir: string | Uint8Array; optRan: boolean }> {
  const opt = plan.pipeline.opt;
  if (opt === undefined) return { ir: text, optRan: false };
  return { ir: (await runTool('opt', [...opt, '-', '-o', '-'], text, onInputWritten)).stdout, optRan: true };
}

async function emitWithClang(text: string, emit: Emit, out: string, o: NativeOptions): Promise<void> {
  if (emit === 'llvm') return writeFileSync(out, text);
  const plan = nativePlan(text, o);
  if (emit === 'obj') return compileObject(text, out, plan);
  const { ir } = await prepare(text, plan);
  const flags = plan.flags;
  switch (emit) {
    case 'bc':
      await runTool('clang', ['-c', '-emit-llvm', ...flags, '-x', 'ir', '-', '-o', out], ir);
      return;
    case 'shared':
      crossCheckFor(o.triple);
      await runTool('clang', ['-shared', '-fPIC', ...flags, ...lldArgs(), '-x', 'ir', '-', '-o', out], ir);
      return;
    case 'exe':
      await runTool('clang', [...flags, '-fPIC', ...lldArgs(), '-x', 'ir', '-', '-x', 'none', ...(await runtimeInputs(o.triple)), '-o', out], ir)
        .catch(asLinkError('linking the executable failed'));
      return;
  }
}

/** Throws the one-line error naming the missing Debian packages when linking for `triple` lacks one. */
function crossCheckFor(triple: string | undefined): void {
  if (triple !== undefined) crossCheck(targetOf(triple));
}

/** What an executable for `triple` links besides the module: the runtime's main.o and library, and libc's. */
export async function runtimeInputs(triple: string | undefined): Promise<string[]> {
  const rt = await buildRuntime(triple);
  if (!existsSync(rt.mainObject)) throw new AwsmError('io', `cannot build an executable: ${runtimeDir}/main.c is missing`);
  return [rt.mainObject, rt.archive, ...RUNTIME_LIBS];
}

/**
 * Compile IR text (or its UTF-8 bytes) to a relocatable object `out` (clang -c -fPIC).
 * `onInputWritten` is called once clang has the whole text (partitions.ts translates the next
 * partition only then: the translator holds node's event loop, which feeds clang's standard
 * input).
 */
export async function compileObject(text: string | Uint8Array, out: string, plan: NativePlan, onInputWritten?: () => void): Promise<void> {
  const { ir, optRan } = await prepare(text, plan, onInputWritten);
  await runTool('clang', ['-c', '-fPIC', ...plan.flags, '-x', 'ir', '-', '-o', out], ir, optRan ? undefined : onInputWritten);
}

/**
 * Link the objects of a partitioned module (partitions.ts) into `emit`: an executable with
 * the runtime, a shared library (linkShared), or one relocatable object (`ld.lld -r`).
 */
export async function linkObjects(objects: readonly string[], emit: 'obj' | 'shared' | 'exe', out: string, o: NativeOptions): Promise<void> {
  switch (emit) {
    case 'obj':
      await runTool('ld.lld', ['-r', ...objects, '-o', out]).catch(asLinkError(`linking ${out} failed`));
      return;
    case 'shared':
      return linkShared(objects, out, o.triple);
    case 'exe':
      await runTool('clang', [...codegenFlags(o), '-fPIC', ...lldArgs(), ...objects, ...(await runtimeInputs(o.triple)), '-o', out])
        .catch(asLinkError('linking the executable failed'));
      return;
  }
}

/**
 * Link objects into one shared library for `triple` (default: the host). Undefined runtime
 * symbols stay undefined: the process that loads the library provides the runtime.
 */
export async function linkShared(objects: readonly string[], out: string, triple?: string): Promise<void> {
  crossCheckFor(triple);
  await runTool('clang', ['-shared', ...linkTarget(triple), ...lldArgs(), ...objects, '-o', out]).catch(asLinkError(`linking ${out} failed`));
}

/** A catch handler: a tool failure while linking becomes a 'link' error saying `what`. */
export function asLinkError(what: string): (e: unknown) => never {
  return (e) => {
    throw e instanceof AwsmError ? new AwsmError('link', `${what}: ${e.message}`) : e;
  };
}

/** The usual file extension for an emit kind ('' for executables). */
export function emitExtension(emit: Emit): string {
  switch (emit) {
    case 'llvm': return '.ll';
    case 'bc': return '.bc';
    case 'obj': return '.o';
    case 'shared': return '.so';
    case 'exe': return '';
  }
}
