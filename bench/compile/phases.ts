/**
 * The in-process half of the compile-time breakdown (docs/benchmarks.md, "Compile time"), run
 * by bench/compile/run.ts as a child process so that its peak RSS is node's alone:
 *
 *   node dist/bench/compile/phases.js INPUT.wasm OUT.ll NAME [--no-versioning] [--top N]
 *
 * Times awsm's own front end exactly as src/driver/compile.ts calls it (decodeModule +
 * validateModule, then translateModule with the same options as `awsm compile` at -O1..-O3),
 * writes the IR text to OUT.ll, and prints one JSON object (PhaseReport) on stdout: CPU and
 * wall seconds and the peak RSS after each phase, the IR size, the function count, the largest
 * function and the N functions with the most IR text (their symbols, for llvm-extract).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeModule } from '../../src/binary/decoder.js';
import { validateModule } from '../../src/validate/validator.js';
import { translateModule } from '../../src/translate/module.js';

/** One timed phase. */
export interface PhaseTime {
  cpuS: number;
  wallS: number;
  /** Peak RSS of this process at the end of the phase (MB): it only grows. */
  peakRssMB: number;
}

/** A function and the size of its IR text. */
export interface FuncSize {
  symbol: string;
  irBytes: number;
}

/** What phases.js prints. */
export interface PhaseReport {
  decodeValidate: PhaseTime;
  translate: PhaseTime;
  irBytes: number;
  functions: number;
  /** Wasm instructions of the largest function and its index among the defined functions. */
  largestInstrs: number;
  largestIndex: number;
  totalInstrs: number;
  /** The functions with the most IR text, largest first. */
  top: FuncSize[];
  /** Share of the IR text (0..1) that the `top` functions hold. */
  topShare: number;
}

function timed<T>(f: () => T): [T, PhaseTime] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, {
    cpuS: (c.user + c.system) / 1e6,
    wallS: Number(process.hrtime.bigint() - t0) / 1e9,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }];
}

/** The `top` largest function definitions of the IR text, by bytes of text. */
function largestDefinitions(ir: string, top: number): FuncSize[] {
  const sizes: FuncSize[] = [];
  const re = /^define [^@\n]*(@[A-Za-z0-9_.$]+)\(/gm;
  let prev: { symbol: string; at: number } | null = null;
  for (let m = re.exec(ir); m !== null; m = re.exec(ir)) {
    if (prev !== null) sizes.push({ symbol: prev.symbol, irBytes: m.index - prev.at });
    prev = { symbol: m[1]!.slice(1), at: m.index };
  }
  if (prev !== null) sizes.push({ symbol: prev.symbol, irBytes: ir.indexOf('\n}\n', prev.at) + 3 - prev.at });
  return sizes.sort((a, b) => b.irBytes - a.irBytes).slice(0, top);
}

function main(argv: readonly string[]): void {
  const [input, out, name] = argv;
  if (input === undefined || out === undefined || name === undefined) {
    process.stderr.write('usage: phases.js INPUT.wasm OUT.ll NAME [--no-versioning] [--top N]\n');
    process.exit(2);
  }
  const versionLoops = !argv.includes('--no-versioning');
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1] ?? 0) : 10;
  const bytes = new Uint8Array(readFileSync(input));
  const [module, decodeValidate] = timed(() => {
    const m = decodeModule(bytes);
    validateModule(m);
    return m;
  });
  // The options src/driver/compile.ts passes for an executable at -O1..-O3.
  const [ir, translate] = timed(() => translateModule(module, { name, exe: true, versionLoops }));
  writeFileSync(out, ir);
  let largestInstrs = 0;
  let largestIndex = -1;
  let totalInstrs = 0;
  module.funcs.forEach((f, i) => {
    totalInstrs += f.body.length;
    if (f.body.length > largestInstrs) [largestInstrs, largestIndex] = [f.body.length, i];
  });
  const topFuncs = largestDefinitions(ir, top);
  const report: PhaseReport = {
    decodeValidate, translate, irBytes: Buffer.byteLength(ir), functions: module.funcs.length,
    largestInstrs, largestIndex, totalInstrs, top: topFuncs,
    topShare: topFuncs.reduce((s, f) => s + f.irBytes, 0) / Math.max(1, ir.length),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main(process.argv.slice(2));
