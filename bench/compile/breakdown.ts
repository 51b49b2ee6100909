/**
 * The phase breakdown of one -O2 compile for bench/compile/run.ts: awsm's pipeline
 * (src/driver/compile.ts, native.ts) taken apart and each step run and measured on its own,
 * with the same flags:
 *
 *   front     node dist/bench/compile/phases.js: decode+validate, IR emission (IR to a file)
 *   parse     llvm-as-16 IR.ll: the cost of reading the IR text alone (tools: the clang awsm
 *             finds, and llvm-as / llvm-extract beside it)
 *   opt       clang-16 -c -emit-llvm -O2 -fPIC -march=CPU -x ir IR.ll -ftime-report (parse included)
 *   codegen   clang-16 -c -O2 -fPIC -march=CPU -Xclang -disable-llvm-optzns -x ir OPT.bc -ftime-report
 *   link      clang-16 -fPIC -fuse-ld=lld OBJ main.o libawsm_rt.a -lm -ldl -lpthread
 *
 * Optional: the `top` functions with the most IR text extracted with llvm-extract-16 and
 * compiled alone (do a few huge functions dominate?), and the IR without loop versioning
 * compiled in one clang run (what does versioning cost?).
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleNameFromPath } from '../../src/driver/compile.js';
import { defaultCpu } from '../../src/driver/native.js';
import { RUNTIME_LIBS, buildRuntime } from '../../src/driver/runtime.js';
import { findTool, lldArgs } from '../../src/driver/tools.js';
import { type Measured, type PassTime, measure, parseTimeReport, topPasses } from './measure.js';
import type { PhaseReport } from './phases.js';

const PHASES = join(dirname(fileURLToPath(import.meta.url)), 'phases.js');
/** An LLVM tool beside `clang`: llvm-as-16 next to clang-16, llvm-as next to clang. */
function llvmTool(clang: string, name: string): string {
  return join(dirname(clang), basename(clang).replace(/^clang/, name));
}
/** How many passes the report names per step. */
const PASSES_SHOWN = 6;

/** The breakdown of one module. */
export interface Breakdown {
  /** phases.js's report, null if it failed (then `frontProc` says why). */
  front: PhaseReport | null;
  /** The phases.js process: its peak RSS is node's for the front end. */
  frontProc: Measured;
  parse: Measured | null;
  opt: Measured | null;
  codegen: Measured | null;
  link: Measured | null;
  /** decode+validate + IR emission + opt + codegen + link, CPU s. */
  sumCpuS: number;
  optPasses: PassTime[];
  codegenPasses: PassTime[];
  top: { count: number; irShare: number; largestBytes: number; compile: Measured } | null;
  unversioned: { irBytes: number; compile: Measured } | null;
}

/** Options of a breakdown. */
export interface BreakdownOptions {
  top: number;
  versioning: boolean;
  timeoutS: number;
  env: NodeJS.ProcessEnv;
}

/** clang's code generation flags as src/driver/native.ts builds them for an executable at -O2. */
function codegenFlags(): string[] {
  const cpu = defaultCpu();
  return ['-O2', '-Wno-override-module', ...(cpu !== undefined ? [`-march=${cpu}`] : []), '-fPIC'];
}

function frontEnd(wasm: string, ll: string, name: string, extra: readonly string[], o: BreakdownOptions): [PhaseReport | null, Measured] {
  const p = measure(process.execPath, [PHASES, wasm, ll, name, ...extra], o.timeoutS, o.env);
  if (p.failure !== null) return [null, p];
  try {
    return [JSON.parse(p.stdout) as PhaseReport, p];
  } catch {
    return [null, { ...p, failure: 'phases.js printed no report' }];
  }
}

/**
 * Measure each step of `wasm`'s -O2 compile, writing into `work`. Throws AwsmError('tool')
 * when clang cannot be found.
 */
export async function breakdown(wasm: string, work: string, label: string, o: BreakdownOptions): Promise<Breakdown> {
  // The clang awsm itself runs (AWSM_LLVM_DIR, else clang-16 on PATH, else /usr/lib/llvm-16).
  const clang = findTool('clang');
  const name = moduleNameFromPath(wasm);
  const ll = join(work, 'module.ll');
  const [front, frontProc] = frontEnd(wasm, ll, name, ['--top', String(Math.max(o.top, 1))], o);
  const b: Breakdown = {
    front, frontProc, parse: null, opt: null, codegen: null, link: null, sumCpuS: NaN,
    optPasses: [], codegenPasses: [], top: null, unversioned: null,
  };
  if (front === null) {
    process.stderr.write(`${label}: front end failed: ${frontProc.failure}\n`);
    return b;
  }
  const flags = codegenFlags();
  const log = (step: string, s: Measured): Measured => {
    process.stderr.write(`${label}:   ${step}: ${s.failure ?? `${s.cpuS.toFixed(1)} CPU s, ${s.rssMB.toFixed(0)} MB`}\n`);
    return s;
  };
  b.parse = log('IR parse', measure(llvmTool(clang, 'llvm-as'), [ll, '-o', '/dev/null'], o.timeoutS));
  const bc = join(work, 'module.opt.bc');
  b.opt = log('LLVM opt', measure(clang, ['-c', '-emit-llvm', ...flags, '-ftime-report', '-x', 'ir', ll, '-o', bc], o.timeoutS));
  b.optPasses = topPasses(parseTimeReport(b.opt.stderr), PASSES_SHOWN);
  const obj = join(work, 'module.o');
  if (b.opt.failure === null) {
    b.codegen = log('codegen', measure(clang, ['-c', ...flags, '-Xclang', '-disable-llvm-optzns', '-ftime-report', '-x', 'ir', bc, '-o', obj], o.timeoutS));
    b.codegenPasses = topPasses(parseTimeReport(b.codegen.stderr), PASSES_SHOWN);
  }
  if (b.codegen?.failure === null) {
    const rt = await buildRuntime();
    b.link = log('link', measure(clang, [...flags, ...lldArgs(), obj, rt.mainObject, rt.archive, ...RUNTIME_LIBS, '-o', join(work, 'exe-split')], o.timeoutS));
  }
  const steps = [b.opt, b.codegen, b.link];
  b.sumCpuS = front.decodeValidate.cpuS + front.translate.cpuS + steps.reduce((s, x) => s + (x === null || x.failure !== null ? NaN : x.cpuS), 0);

  if (o.top > 0 && front.top.length > 0) {
    const topBc = join(work, 'top.bc');
    const ex = measure(llvmTool(clang, 'llvm-extract'), [...front.top.map((f) => `--func=${f.symbol}`), ll, '-o', topBc], o.timeoutS);
    const compile = ex.failure !== null ? ex : log(`largest ${front.top.length}`, measure(clang, ['-c', ...flags, '-x', 'ir', topBc, '-o', join(work, 'top.o')], o.timeoutS));
    b.top = { count: front.top.length, irShare: front.topShare, largestBytes: front.top[0]!.irBytes, compile };
  }
  if (o.versioning) {
    const unv = join(work, 'module.unversioned.ll');
    const [f2, p2] = frontEnd(wasm, unv, name, ['--no-versioning', '--top', '1'], o);
    const compile = f2 === null ? p2 : log('unversioned', measure(clang, ['-c', ...flags, '-x', 'ir', unv, '-o', join(work, 'unversioned.o')], o.timeoutS));
    b.unversioned = { irBytes: f2?.irBytes ?? NaN, compile };
  }
  return b;
}
