/**
 * The bench programs (bench/programs/NAME.c) as test programs of the ELF translator (docs/elf.md,
 * "Tests"): each with the sizes it gets in the tests, as `-D` definitions of the size macros the
 * program guards with #ifndef. The benchmark's sizes run 0.5–3 s natively; these a few
 * milliseconds, so that every program runs under qemu and `awsm run` in npm test, well under a
 * second each.
 */
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import type { MultiProgram } from './build.js';

/** bench/programs. */
export const BENCH_PROGRAMS_DIR = join(packageRoot, 'bench', 'programs');

/** Each bench program: its name and the small sizes (NAME=VALUE) it is built with. */
export const BENCH_SIZES: Readonly<Record<string, readonly string[]>> = {
  avltree: ['OPS=20000', 'KEYSPACE=8000'],
  bfs: ['NODES=20000', 'SOURCES=2'],
  bsearch: ['KEYS=40000', 'QUERIES=30000'],
  cholesky: ['N=60', 'SYSTEMS=2'],
  crc32: ['BUF=65536', 'PASSES=4'],
  dijkstra: ['NODES=5000', 'SOURCES=2'],
  editdist: ['LEN=600', 'PAIRS=2'],
  exprparse: ['STATEMENTS=1000', 'PASSES=2'],
  floyd: ['N=80'],
  gemm: ['N=96', 'REPS=2'],
  hashmap: ['CAPBITS=16', 'OPS=40000'],
  huffman: ['INPUT=65536', 'ROUNDS=2'],
  jacobi2d: ['W=64', 'H=48', 'STEPS=20'],
  json: ['DOCS=30', 'PASSES=1'],
  knapsack: ['ITEMS=200', 'CAP=5000'],
  linkedlist: ['NODES=5000', 'ROUNDS=2'],
  lu: ['N=60', 'SYSTEMS=2'],
  lz77: ['INPUT=65536', 'ROUNDS=1'],
  mandelbrot: ['W=160', 'H=120', 'MAXIT=100'],
  minidb: ['ROWS=4000', 'ORDERS=8000', 'QUERIES=4000'],
  nbody: ['BODIES=32', 'STEPS=100'],
  nqueens: ['LASTN=10'],
  raytrace: ['W=48', 'H=32', 'SS=2'],
  regex: ['LINES=2000'],
  seidel2d: ['W=64', 'H=64', 'STEPS=10'],
  sha256: ['BIGBUF=65536', 'BIGPASSES=4', 'CHAIN=5000'],
  sort: ['COUNT=20000', 'ROUNDS=2'],
  spectralnorm: ['N=200', 'ITERS=5'],
  sudoku: ['PUZZLES=10'],
  vm: ['PROGRAMS=2', 'OUTER=20', 'INNER=50'],
  wordfreq: ['TEXTLEN=262144'],
};

/** The command of bench program `name` in a multi-call executable: bench-NAME (tests/elf/programs has its own `sort`). */
export function benchCommand(name: string): string {
  return `bench-${name}`;
}

/** Every bench program as a program of a multi-call executable (tests/elf/build.ts buildMulti). */
export function benchMultiPrograms(): MultiProgram[] {
  return Object.entries(BENCH_SIZES).map(([name, defines]) => ({ name: benchCommand(name), source: join(BENCH_PROGRAMS_DIR, `${name}.c`), defines }));
}
