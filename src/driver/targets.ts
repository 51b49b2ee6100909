/**
 * The targets awsm compiles for, in one table: x86-64 (the host this project runs on), AArch64,
 * RISC-V 64 and 32-bit ARM (ARMv7-A, hard-float), all Linux with glibc (docs/cli.md, "Targets").
 * Other 32-bit machines are refused with the reason (docs/abi.md, "Targets").
 *
 * For each: the triples `--target` accepts, the Debian cross packages that linking for it needs
 * (the cross libc and GCC's crt files and libgcc, which clang finds under /usr/TRIPLE and
 * /usr/lib/gcc-cross/TRIPLE), the qemu-user binary that runs its executables on another machine,
 * how `--cpu` reaches clang (`-march=` for x86-64 and RISC-V ISA strings, `-mcpu=` for CPU
 * models). A target other than the host's is "cross": the runtime
 * is cross-compiled for it (runtime.ts), and a missing package is one line naming it
 * (crossCheck).
 */
import { existsSync, readdirSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { AwsmError } from '../errors.js';

/** A CPU architecture awsm generates code for. */
export type Arch = 'x86_64' | 'aarch64' | 'riscv64' | 'armv7';

/** One supported target. */
export interface TargetInfo {
  arch: Arch;
  /** The canonical triple (what the docs name, and what clang is given). */
  triple: string;
  /** Debian's multiarch name: the cross libc lives in /usr/GNU and GCC's files in /usr/lib/gcc-cross/GNU. */
  gnu: string;
  /** Debian packages that cross-linking for this target needs (on an x86-64 Debian host). */
  packages: readonly string[];
  /** The qemu-user binary that runs this target's executables elsewhere (Debian's qemu-user-static). */
  qemu: string;
  /** node's os.arch() on a machine of this architecture (then it is the host). */
  nodeArch: string;
  /** Example CPU names for the docs and errors. */
  cpuExamples: readonly string[];
  /**
   * Whether guard-page bounds checks fit: they reserve 8 GiB of address space per memory,
   * which a 32-bit machine does not have. Without them explicit checks are the default and
   * `--bounds=guard` is refused.
   */
  guardPages: boolean;
  /**
   * clang flags for every compile for this target, after the optimisation flags (native.ts,
   * codegenFlags). armv7: `-fno-slp-vectorize`, because LLVM 16's SLP vectoriser does not heed
   * that ARMv7's Advanced SIMD (NEON) flushes single-precision subnormals to zero: with a NEON
   * `--cpu` it joins adjacent scalar f32 operations (and the lanes of f32x4 operations that the
   * translator computes one by one: translate/simd-util.ts, SimdEnv.scalarF32) into NEON ones;
   * its loop vectoriser does heed it (ARM's isFPVectorizationPotentiallyUnsafe). And the
   * target feature `-neonfp`, which two CPUs clang accepts (`swift`, `cyclone`) turn on: it puts
   * scalar f32 arithmetic itself on NEON. Without NEON (the default CPU) neither changes the
   * code (docs/abi.md, "32-bit ARM: NEON").
   */
  clangFlags: readonly string[];
}

/** The package that runs foreign executables: qemu-aarch64-static, qemu-riscv64-static, qemu-arm-static. */
export const QEMU_PACKAGE = 'qemu-user-static';

/** Every target, host first. */
export const TARGETS: readonly TargetInfo[] = [
  {
    arch: 'x86_64', triple: 'x86_64-linux-gnu', gnu: 'x86_64-linux-gnu', packages: ['libc6-dev-amd64-cross', 'libgcc-12-dev-amd64-cross'],
    qemu: 'qemu-x86_64-static', nodeArch: 'x64', cpuExamples: ['x86-64-v2', 'x86-64-v3', 'skylake', 'native'], guardPages: true, clangFlags: [],
  },
  {
    arch: 'aarch64', triple: 'aarch64-linux-gnu', gnu: 'aarch64-linux-gnu', packages: ['libc6-dev-arm64-cross', 'libgcc-12-dev-arm64-cross'],
    qemu: 'qemu-aarch64-static', nodeArch: 'arm64', cpuExamples: ['cortex-a72', 'neoverse-n1', 'apple-m1'], guardPages: true, clangFlags: [],
  },
  {
    arch: 'riscv64', triple: 'riscv64-linux-gnu', gnu: 'riscv64-linux-gnu', packages: ['libc6-dev-riscv64-cross', 'libgcc-12-dev-riscv64-cross'],
    qemu: 'qemu-riscv64-static', nodeArch: 'riscv64', cpuExamples: ['rv64gc', 'rv64gcv', 'sifive-u74'], guardPages: true, clangFlags: [],
  },
  {
    // Debian's armhf: ARMv7-A, VFPv3-D16, hard-float calling convention, no NEON assumed.
    arch: 'armv7', triple: 'armv7-linux-gnueabihf', gnu: 'arm-linux-gnueabihf', packages: ['libc6-dev-armhf-cross', 'libgcc-12-dev-armhf-cross'],
    qemu: 'qemu-arm-static', nodeArch: 'arm', cpuExamples: ['cortex-a7', 'cortex-a15', 'cortex-a53'], guardPages: false,
    clangFlags: ['-fno-slp-vectorize', '-Xclang', '-target-feature', '-Xclang', '-neonfp'],
  },
];

/** A triple's architecture: its first component, with the spellings clang accepts for the same thing. */
function archOf(triple: string): Arch | undefined {
  const a = triple.split('-')[0]!;
  if (a === 'x86_64' || a === 'amd64') return 'x86_64';
  if (a === 'aarch64' || a === 'arm64') return 'aarch64';
  if (a === 'riscv64') return 'riscv64';
  if (a === 'armv7' || a === 'armv7a' || a === 'armv7l') return 'armv7';
  return undefined;
}

/** Other 32-bit targets: recognised, to say why they are refused. */
const ILP32_RE = /^(arm|armv[4-6]\w*|armv8\w*|armeb|thumb\w*|i[3-6]86|riscv32)-/;

/** The supported triples, for messages. */
export const TARGET_TRIPLES: readonly string[] = TARGETS.map((t) => t.triple);

/** The host's target (this machine), or undefined on another architecture. */
export function hostTarget(): TargetInfo | undefined {
  return TARGETS.find((t) => t.nodeArch === arch());
}

/**
 * The target of `triple` (default: the host's). Linux/glibc only: a triple naming another OS
 * or ABI (`-windows`, `-musl`, `-none-eabi`) is a usage error, as is an unknown architecture
 * and, for 32-bit ARM, a soft-float ABI.
 */
export function targetOf(triple?: string): TargetInfo {
  if (triple === undefined) {
    const host = hostTarget();
    if (host === undefined) throw new AwsmError('usage', `awsm does not support this machine's architecture (${arch()}); targets: ${TARGET_TRIPLES.join(', ')}`);
    return host;
  }
  if (ILP32_RE.test(triple)) {
    throw new AwsmError('usage', `unsupported target '${triple}': of the 32-bit machines awsm supports ARMv7-A only, as armv7-linux-gnueabihf (docs/abi.md, "Targets"); awsm compiles for ${TARGET_TRIPLES.join(', ')}`);
  }
  const a = archOf(triple);
  const t = TARGETS.find((x) => x.arch === a);
  const parts = triple.split('-');
  // 32-bit ARM: the hard-float ABI only (Debian's armhf); soft-float `gnueabi` is another ABI.
  const linux = parts.includes('linux') && parts[parts.length - 1] === (a === 'armv7' ? 'gnueabihf' : 'gnu');
  if (a === 'armv7' && parts[parts.length - 1] === 'gnueabi') {
    throw new AwsmError('usage', `unsupported target '${triple}': 32-bit ARM is supported with the hard-float ABI only, as armv7-linux-gnueabihf`);
  }
  if (t === undefined || !linux) {
    throw new AwsmError('usage', `unsupported target '${triple}'; awsm compiles for ${TARGET_TRIPLES.join(', ')}`);
  }
  return t;
}

/** Whether `t` is another architecture than this machine's (its programs run under qemu here). */
export function isCross(t: TargetInfo): boolean {
  return t.nodeArch !== arch();
}

/** Where Debian's cross packages put `t`'s libc and GCC's crt files and libgcc. */
function crossFiles(t: TargetInfo): Array<{ file: string; pkg: string }> {
  const gccRoot = join('/usr/lib/gcc-cross', t.gnu);
  const versions = existsSync(gccRoot) ? readdirSync(gccRoot) : [];
  const crtbegin = versions.map((v) => join(gccRoot, v, 'crtbeginS.o')).find((f) => existsSync(f)) ?? join(gccRoot, '12', 'crtbeginS.o');
  return [
    { file: join('/usr', t.gnu, 'lib', 'Scrt1.o'), pkg: t.packages[0]! },
    { file: join('/usr', t.gnu, 'include', 'stdio.h'), pkg: t.packages[0]! },
    { file: crtbegin, pkg: t.packages[1]! },
  ];
}

/** The packages `t` still lacks for cross-linking (none for the host's target). */
export function missingCrossPackages(t: TargetInfo): string[] {
  if (!isCross(t)) return [];
  return [...new Set(crossFiles(t).filter((f) => !existsSync(f.file)).map((f) => f.pkg))];
}

/**
 * Throws AwsmError('tool'), one line naming the Debian packages, when cross-compiling for `t`
 * lacks one. Nothing to check for the host.
 */
export function crossCheck(t: TargetInfo): void {
  const missing = missingCrossPackages(t);
  if (missing.length === 0) return;
  throw new AwsmError('tool', `building for ${t.triple} needs the Debian package${missing.length > 1 ? 's' : ''} ${missing.join(' ')}: apt-get install ${missing.join(' ')}`);
}

/** The clang flag that selects `cpu` on `t`: `-march=` (x86-64, RISC-V ISA strings such as rv64gc, ARM architectures such as armv7ve) or `-mcpu=` (a CPU model). */
export function cpuFlag(t: TargetInfo, cpu: string): string {
  if (cpu === 'native' && isCross(t)) {
    throw new AwsmError('usage', `--cpu=native names this machine's CPU, not one of ${t.triple}; name one (e.g. ${t.cpuExamples.join(', ')})`);
  }
  if (t.arch === 'x86_64') return `-march=${cpu}`;
  if (t.arch === 'riscv64' && /^rv64/.test(cpu)) return `-march=${cpu}`;
  if (t.arch === 'armv7' && /^armv7/.test(cpu)) return `-march=${cpu}`;
  return `-mcpu=${cpu}`;
}

/**
 * The qemu-user CPU that runs code built with `--cpu=cpu` for `t`, as qemu arguments; none
 * when qemu's default CPU runs it. qemu-riscv64's default has no vector unit, so an ISA string
 * with V (`rv64gcv`: a `v` among its single-letter extensions) gets RVV 1.0 with 128-bit
 * registers, the smallest VLEN that `v` (Zvl128b) promises. qemu-arm's and qemu-aarch64's
 * default (`any`) has NEON and every optional feature already.
 */
export function qemuCpuArgs(t: TargetInfo, cpu: string | undefined): string[] {
  if (t.arch !== 'riscv64' || cpu === undefined) return [];
  const letters = /^rv64([a-z]*)/.exec(cpu)?.[1] ?? '';
  return letters.includes('v') ? ['-cpu', 'rv64,v=true,vlen=128,vext_spec=v1.0'] : [];
}

/**
 * How to run `t`'s executable `exe` with `args` on this machine: directly on its own
 * architecture, else under qemu-user with the cross libc as its root (-L), never through binfmt,
 * on a CPU that runs code built for `cpu` (qemuCpuArgs).
 */
export function runCommand(t: TargetInfo, exe: string, args: readonly string[] = [], cpu?: string): { cmd: string; args: string[] } {
  if (!isCross(t)) return { cmd: exe, args: [...args] };
  return { cmd: t.qemu, args: [...qemuCpuArgs(t, cpu), '-L', join('/usr', t.gnu), exe, ...args] };
}
