/**
 * `npm run bench:startup [-- RUNS] [--compare DIR]`: the start-up of `awsm run` from the cache
 * (issue 13), side by side in one run with what bounds it from below:
 *
 *   node -e 0              Node's own start-up, which every `awsm run` pays
 *   awsm run               the installed command (package.json "bin") with its run record:
 *                          the cached start-up path (src/cli/awsm.cts)
 *   awsm run, full path    the full CLI (dist/src/cli/main.js): what runs when there is no
 *                          usable record (the first cached run after any change)
 *   awsm run, DIR          with --compare: the command installed in DIR, another build of
 *                          awsm (e.g. a checkout of an older commit, built), for before/after
 *   executable             the cached executable, started directly
 *
 * for two modules: bench/startup/empty.c built for WASI (`main` returns 0, 13 KB), and the
 * same module with a 5 MiB custom section appended (the compiler ignores it, so the
 * executable is the same size; what grows is the input awsm must key). RUNS rounds (default
 * 40), each running every command once, interleaved so that a change of load hits all alike;
 * then the median and minimum wall time of each, its mean CPU time (user + system, from the
 * children's times in /proc/self/stat: steadier than wall time on a loaded machine, to about
 * a clock tick / sqrt(RUNS)), and awsm's own cost: `awsm run` minus `node -e 0` minus the
 * executable, in median wall time and in mean CPU time.
 *
 * Everything goes to a temporary directory and cache (AWSM_CACHE_DIR), removed afterwards.
 * One untimed `awsm run --tier=opt` per module fills the cache, `awsm run -v` checks that the
 * timed runs (default options: tier auto) take the optimised build from it, and after the two
 * seconds a run record needs (record.cts) one more run writes the record, which is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installedBin } from '../bin.js';
import { packageRoot } from '../../src/driver/cache.js';
import { lookup } from '../../src/driver/compile.js';
import { fastRunArgs, installRoot, recordKey, usableRecord } from '../../src/driver/record.cjs';

/** The command as installed by `npm run build`, and the full CLI behind it. */
const AWSM = installedBin(packageRoot);
const FULL_CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

/** Size of the custom section that makes the big module. */
const BIG_SECTION = 5 << 20;

/** A command to time: argv[0] is the program. */
interface Command {
  label: string;
  argv: string[];
}

/** Run `argv` with `env`; its status must be 0. Returns stderr. */
function mustRun(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`cannot run ${argv[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with status ${r.status}: ${r.stderr.trim()}`);
  return r.stderr;
}

/** Clock ticks per second, the unit of /proc/self/stat's times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU time (user + system, ms) of this process's waited-for children so far; undefined without /proc. */
function childrenCpuMs(): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Wall time and CPU time of one run of `argv`, in ms (cpu NaN without /proc). */
function timeOnce(argv: readonly string[], env: NodeJS.ProcessEnv): { wall: number; cpu: number } {
  const cpu0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { env, stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu1 = childrenCpuMs();
  if (r.error !== undefined || r.status !== 0) throw new Error(`${argv.join(' ')} failed (status ${r.status})`);
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? NaN : cpu1 - cpu0 };
}

/** A unsigned LEB128. */
function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** `wasm` with a custom section named "padding" of `size` bytes appended. */
function withCustomSection(wasm: Uint8Array, size: number): Uint8Array {
  const name = Buffer.from('padding');
  const body = [...leb128(name.length), ...name];
  const header = Buffer.from([0, ...leb128(body.length + size), ...body]);
  return Buffer.concat([wasm, header, Buffer.alloc(size, 0xa5)]);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function main(): number {
  const args = process.argv.slice(2);
  let compare: string | undefined;
  const at = args.indexOf('--compare');
  if (at >= 0) {
    compare = args[at + 1];
    args.splice(at, 2);
  }
  if (args.length > 1 || (args.length === 1 && !/^[1-9][0-9]*$/.test(args[0]!)) || (at >= 0 && compare === undefined)) {
    process.stderr.write('usage: npm run bench:startup [-- RUNS] [--compare DIR]\n');
    return 2;
  }
  const runs = Number(args[0] ?? 40);
  const other = compare === undefined ? undefined : installedBin(resolve(compare));
  const work = mkdtempSync(join(tmpdir(), 'awsm-bench-startup-'));
  process.env['AWSM_CACHE_DIR'] = join(work, 'cache'); // for lookup() here and every command
  const env = process.env;
  try {
    const small = join(work, 'empty.wasm');
    mustRun(['clang-16', '--target=wasm32-wasi', '--sysroot=/usr', '-O2', join(packageRoot, 'bench', 'startup', 'empty.c'), '-o', small], env);
    const big = join(work, 'big.wasm');
    writeFileSync(big, withCustomSection(readFileSync(small), BIG_SECTION));

    const commands: Command[] = [{ label: 'node -e 0', argv: [process.execPath, '-e', '0'] }];
    const modules = [
      { name: 'empty.wasm', path: small },
      { name: `big.wasm (+${BIG_SECTION >> 20} MiB custom section)`, path: big },
    ];
    const sizes = new Map<string, number>();
    /** Per module: the indices in `commands` of its awsm rows and of its executable. */
    const groups: Array<{ awsm: number[]; exe: number }> = [];
    for (const m of modules) {
      // --tier=opt: the big module would start on the quick tier and compile opt in the background.
      mustRun([process.execPath, AWSM, 'run', '--tier=opt', m.path], env);
      // The executable awsm run starts: what it looked up (tier opt, its name from the path).
      const hit = lookup(m.path, { emit: 'exe', tier: 'opt' }).hit;
      if (hit === undefined) throw new Error(`${m.path}: not in the cache after awsm run`);
      const again = mustRun([process.execPath, AWSM, 'run', '-v', m.path], env);
      if (!again.includes('running tier opt (from the cache)')) throw new Error(`awsm run -v ${m.path} did not hit the cache: ${again.trim()}`);
      sizes.set(m.name, readFileSync(m.path).length);
      const first = commands.length;
      commands.push({ label: `awsm run ${m.name}`, argv: [process.execPath, AWSM, 'run', m.path] });
      commands.push({ label: `awsm run ${m.name}, full path`, argv: [process.execPath, FULL_CLI, 'run', m.path] });
      if (other !== undefined) {
        mustRun([process.execPath, other, 'run', '--tier=opt', m.path], env);
        commands.push({ label: `awsm run ${m.name}, ${compare}`, argv: [process.execPath, other, 'run', m.path] });
      }
      commands.push({ label: `executable of ${m.name}`, argv: [hit.path] });
      groups.push({ awsm: [...Array(commands.length - 1 - first).keys()].map((k) => first + k), exe: commands.length - 1 });
    }
    // A run record is written only for files left alone for 2 s (record.cts); then one run writes it.
    spawnSync('sleep', ['2.1']);
    for (const m of modules) {
      mustRun([process.execPath, AWSM, 'run', m.path], env);
      const fast = fastRunArgs(['run', m.path])!;
      if (usableRecord(recordKey(join(work, 'cache'), installRoot, fast), m.path) === undefined) throw new Error(`awsm run ${m.path} wrote no usable run record`);
    }

    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    process.stderr.write(`${runs} rounds of ${commands.length} commands (load average ${load})...\n`);
    for (const c of commands) timeOnce(c.argv, env); // warm the page cache
    const times = commands.map(() => [] as number[]);
    const cpu = commands.map(() => 0);
    for (let i = 0; i < runs; i++) {
      commands.forEach((c, j) => {
        const t = timeOnce(c.argv, env);
        times[j]!.push(t.wall);
        cpu[j]! += t.cpu / runs;
      });
    }

    const med = times.map(median);
    const rows = commands.map((c, j) => [c.label, med[j]!.toFixed(1), Math.min(...times[j]!).toFixed(1), cpu[j]!.toFixed(1)]);
    const width = Math.max(...rows.map((r) => r[0]!.length));
    let out = `\n${'start-up, ms'.padEnd(width)}  wall median  wall min  CPU mean\n`;
    for (const r of rows) out += `${r[0]!.padEnd(width)}  ${r[1]!.padStart(11)}  ${r[2]!.padStart(8)}  ${r[3]!.padStart(8)}\n`;
    out += "\nawsm's own cost (awsm run - node -e 0 - executable), ms wall (medians) / ms CPU (means):\n";
    modules.forEach((m, k) => {
      const r = groups[k]!;
      for (const j of r.awsm) {
        const own = (xs: readonly number[]): string => (xs[j]! - xs[0]! - xs[r.exe]!).toFixed(1);
        out += `  ${commands[j]!.label} (${(sizes.get(m.name)! / 1024).toFixed(0)} KiB): ${own(med)} / ${own(cpu)}\n`;
      }
    });
    out += `load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`;
    process.stdout.write(out);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`bench:startup: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
