/**
 * `npm run bench:instantiate [-- N [BATCHES [LIVE]]]`: the instantiation benchmark.
 *
 * Builds module.wat with wat2wasm, compiles it with awsm (the TypeScript API, emit 'obj',
 * name `bench_inst`), links driver.c with it and the runtime (with LLVM 16's clang, found the
 * way awsm finds it), and runs the driver, which prints the median time of an
 * instantiate+destroy cycle over batches of N (default 9 x 10,000) and the memory an idle
 * instance costs; its last line is
 *
 *   instantiate+destroy: <N> us per instance
 *
 * Everything is built in a temporary directory, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import { RUNTIME_LIBS, runtimeDir } from '../../src/driver/runtime.js';
import { runTool } from '../../src/driver/tools.js';
import { buildRuntime, compile } from '../../src/index.js';

const here = join(packageRoot, 'bench', 'instantiate');

function run(cmd: string, args: readonly string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error !== undefined) throw new Error(`cannot run ${cmd}: ${r.error.message} (run bash scripts/setup.sh)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with status ${r.status}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((a) => !/^[0-9]+$/.test(a)) || args.length > 3) {
    process.stderr.write('usage: npm run bench:instantiate [-- N [BATCHES [LIVE]]]\n');
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'awsm-bench-inst-'));
  try {
    run('wat2wasm', [join(here, 'module.wat'), '-o', 'module.wasm'], work);
    const obj = await compile(readFileSync(join(work, 'module.wasm')), { emit: 'obj', name: 'bench_inst', output: join(work, 'module.o') });
    const rt = await buildRuntime();
    await runTool('clang', ['-O2', `-I${join(runtimeDir, 'include')}`, join(here, 'driver.c'), obj.path, rt.archive,
      ...RUNTIME_LIBS, '-o', join(work, 'driver')]);
    run(join(work, 'driver'), args, work);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`bench:instantiate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
