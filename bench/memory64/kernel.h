/*
 * Shared by the memory64 bench kernels (bench/memory64/run.ts): built freestanding (no libc)
 * for wasm32 and wasm64 from the same source, and natively. Each kernel defines
 * `unsigned kernel(void)` returning a checksum; the program's exit status is its low 7 bits,
 * which the runner compares across every build.
 */
#ifndef BENCH_MEMORY64_KERNEL_H
#define BENCH_MEMORY64_KERNEL_H

typedef unsigned int u32;
typedef unsigned long long u64;

unsigned kernel(void);

/* A linear congruential generator: the same numbers on every build. */
static u32 bench_rng = 1;
static inline u32 bench_next(void) {
  bench_rng = bench_rng * 1103515245u + 12345u;
  return bench_rng >> 8;
}

#ifdef __wasm__
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_exit"))) _Noreturn void
proc_exit(int status);
void _start(void) { proc_exit((int)(kernel() & 0x7f)); }
#else
int main(void) { return (int)(kernel() & 0x7f); }
#endif

#endif
