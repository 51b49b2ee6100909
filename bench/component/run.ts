/**
 * `npm run bench:component [-- RUNS [CALLS]]`: the cost of a component-to-component call
 * through a fused adapter (issue 20, docs/components.md "Component-to-component calls"),
 * awsm beside wasmtime, RUNS rounds (default 5) interleaved, median wall times.
 *
 * The program is the composed component of the tests (tests/component/tools.ts
 * pairComponent): in `bench N` mode the caller (fixtures/pair-caller.c) calls test:pair/api
 * `bench` N times, each call passing a 1 KB string and a list of 1,000 records { a: u32, b:
 * f64 } (16 KB) that the adapter copies into the callee's memory (the records one by one: f64
 * NaNs are canonicalised), and prints a checksum that must agree between the engines. The
 * per-call figure is (time of N calls - time of 0 calls) / N: start-up and instantiation
 * subtracted. Wall and CPU (user + system, GNU time) times are both shown: on a loaded
 * machine the CPU figure is the steadier one. Builds and awsm's cache go to a temporary
 * directory, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import { median, timedRun as run } from '../timing.js';
import { pairComponent } from '../../tests/component/tools.js';

const AWSM = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

const runs = Number(process.argv[2] ?? 5);
const calls = Number(process.argv[3] ?? 200_000);
const work = mkdtempSync(join(tmpdir(), 'awsm-bench-comp-'));
try {
  const env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  const wasm = pairComponent(work);
  const exe = join(work, 'pair');
  const c = spawnSync(process.execPath, [AWSM, 'compile', '-q', '-O2', wasm, '-o', exe], { env, encoding: 'utf8' });
  if (c.status !== 0) throw new Error(`awsm compile: ${c.stderr}`);
    const haveWasmtime = spawnSync('wasmtime', ['--version']).status === 0;
  const engines = haveWasmtime ? (['awsm', 'wasmtime'] as const) : (['awsm'] as const);
  /** Per engine, per call count (0, calls): the wall and CPU times of each round. */
  const times = new Map(engines.map((e) => [e, [0, calls].map(() => ({ wall: [] as number[], cpu: [] as number[] }))]));
  for (let round = 0; round < runs; round++) {
    [0, calls].forEach((n, k) => {
      let first: string | undefined;
      for (const e of engines) {
        const r = run(e === 'awsm' ? [exe, 'bench', `${n}`] : ['wasmtime', 'run', wasm, 'bench', `${n}`]);
        if (first !== undefined && r.out !== first) throw new Error(`bench ${n}: awsm printed ${first.trim()}, ${e} ${r.out.trim()}`);
        first ??= r.out;
        times.get(e)![k]!.wall.push(r.ms);
        times.get(e)![k]!.cpu.push(r.cpuMs);
      }
    });
  }
  console.log(`median of ${runs} runs; ${calls} calls, each passing a 1 KB string and 1,000 records { u32, f64 }; per call: (N calls - 0 calls) / N`);
  console.log(['engine'.padEnd(9), '0 calls wall/CPU ms'.padStart(20), `N calls wall/CPU ms`.padStart(20), 'per call wall'.padStart(14), 'per call CPU'.padStart(13), 'calls/s (CPU)'.padStart(14)].join(' '));
  for (const e of engines) {
    const [z, n] = times.get(e)!.map((t) => ({ wall: median(t.wall), cpu: median(t.cpu) })) as [{ wall: number; cpu: number }, { wall: number; cpu: number }];
    const perWall = (n.wall - z.wall) / calls;
    const perCpu = (n.cpu - z.cpu) / calls;
    console.log([
      e.padEnd(9), `${z.wall.toFixed(0)} / ${z.cpu.toFixed(0)}`.padStart(20), `${n.wall.toFixed(0)} / ${n.cpu.toFixed(0)}`.padStart(20),
      `${(perWall * 1000).toFixed(2)} µs`.padStart(14), `${(perCpu * 1000).toFixed(2)} µs`.padStart(13), (1000 / perCpu).toFixed(0).padStart(14),
    ].join(' '));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
