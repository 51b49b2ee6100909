/**
 * `npm run bench:exceptions [-- RUNS]`: what exception handling costs (docs/abi.md,
 * "Exceptions"), awsm beside wasmtime (`wasmtime run -W all-proposals=y`), RUNS rounds
 * (default 5) interleaved, median wall times:
 *
 *   calls          200M calls of a function that may throw (call_indirect, so it is not inlined), no try_table
 *   calls in try   the same loop inside one try_table (every call site an invoke)
 *   try per call   a try_table entered and left around each of the 200M calls
 *   throw/catch    1M exceptions thrown one frame below the try_table that catches them
 *   empty          the program with no work (start-up, subtracted from the others' per-op figures)
 *
 * Each program prints a checksum, which must agree between awsm and wasmtime. The .wat is
 * generated here; builds and awsm's cache go to a temporary directory, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import { median, timedRun as run } from '../timing.js';

const AWSM = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const CALLS = 200_000_000;
const THROWS = 1_000_000;

/** One workload: its loop body around `call $f` (the may-throw callee), and its iteration count. */
interface Workload {
  name: string;
  n: number;
  /** The loop, given the call expression. */
  loop: (call: string) => string;
}

const LOOP = (body: string): string => `(loop $next ${body}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))`;

const WORKLOADS: Workload[] = [
  { name: 'calls', n: CALLS, loop: (call) => LOOP(`(local.set $s (i32.add (local.get $s) ${call}))`) },
  {
    name: 'calls in try', n: CALLS,
    loop: (call) => `(block $h (try_table (catch_all $h) ${LOOP(`(local.set $s (i32.add (local.get $s) ${call}))`)}))`,
  },
  {
    name: 'try per call', n: CALLS,
    loop: (call) => LOOP(`(block $h (try_table (catch_all $h) (local.set $s (i32.add (local.get $s) ${call}))))`),
  },
  {
    name: 'throw/catch', n: THROWS,
    loop: () => LOOP(`(block $h (result i32) (try_table (catch $e $h) (call $thrower (local.get $i))) (i32.const 0))
      (local.set $s (i32.add (local.get $s)))`),
  },
  { name: 'empty', n: 0, loop: (call) => LOOP(`(local.set $s (i32.add (local.get $s) ${call}))`) },
];

function program(w: Workload): string {
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i32))
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $f)
  ;; may throw (never does for i < 2^31): the call sites in a try_table keep their landing pad
  (func $f (type $t)
    (if (i32.lt_s (local.get 0) (i32.const 0)) (then (throw $e (local.get 0))))
    (i32.and (local.get 0) (i32.const 7)))
  (func $thrower (param i32) (throw $e (i32.and (local.get 0) (i32.const 7))))
  (func $print (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 1040))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $d (local.get $v)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 1041) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $i i32) (local $n i32) (local $s i32)
    (local.set $n (i32.const ${w.n}))
    (if (local.get $n) (then
      ${w.loop('(call_indirect (type $t) (local.get $i) (i32.const 0))')}))
    (call $print (local.get $s))))
`;
}

const runs = Number(process.argv[2] ?? 5);
const work = mkdtempSync(join(tmpdir(), 'awsm-bench-exn-'));
try {
  const env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  const haveWasmtime = spawnSync('wasmtime', ['--version']).status === 0;
  const progs = WORKLOADS.map((w, k) => {
    const wat = join(work, `w${k}.wat`);
    const wasm = join(work, `w${k}.wasm`);
    const exe = join(work, `w${k}`);
    writeFileSync(wat, program(w));
    let r = spawnSync('wasm-tools', ['parse', wat, '-o', wasm], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wasm-tools: ${r.stderr}`);
    r = spawnSync(process.execPath, [AWSM, 'compile', '-q', '-O2', wasm, '-o', exe], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`awsm compile: ${r.stderr}`);
    return { w, wasm, exe, awsm: [] as number[], wasmtime: [] as number[] };
  });
  for (let round = 0; round < runs; round++) {
    for (const p of progs) {
      const a = run([p.exe]);
      p.awsm.push(a.ms);
      if (haveWasmtime) {
        const b = run(['wasmtime', 'run', '-W', 'all-proposals=y', p.wasm]);
        if (b.out !== a.out) throw new Error(`${p.w.name}: awsm printed ${a.out.trim()}, wasmtime ${b.out.trim()}`);
        p.wasmtime.push(b.ms);
      }
    }
  }
  const base = progs.find((p) => p.w.n === 0)!;
  const perOp = (ms: number, baseMs: number, n: number): string => (n === 0 ? '' : `${(((ms - baseMs) * 1e6) / n).toFixed(2)} ns`);
  console.log(`median of ${runs} runs (ms); per operation after subtracting 'empty'`);
  console.log(['workload'.padEnd(14), 'awsm ms'.padStart(9), 'per op'.padStart(11), 'wasmtime ms'.padStart(12), 'per op'.padStart(11)].join(' '));
  for (const p of progs) {
    const a = median(p.awsm);
    const b = haveWasmtime ? median(p.wasmtime) : NaN;
    console.log([
      p.w.name.padEnd(14), a.toFixed(0).padStart(9), perOp(a, median(base.awsm), p.w.n).padStart(11),
      (haveWasmtime ? b.toFixed(0) : '-').padStart(12), (haveWasmtime ? perOp(b, median(base.wasmtime), p.w.n) : '').padStart(11),
    ].join(' '));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
