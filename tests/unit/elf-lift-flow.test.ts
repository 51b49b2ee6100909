/**
 * The register traffic between a lifted function and the state, and IFUNC calls
 * (docs/elf-lifting.md "Functions", "IFUNC calls"): small `-nostdlib` AArch64 programs lifted
 * (src/elf/lift/), compiled for wasm32-wasi with the test runtime of elf-lift-helpers.ts and
 * run under wasmtime, against qemu-aarch64-static.
 *
 * - ifunc: two IFUNCs called through their PLT stubs and through a function pointer; the
 *   program's own start-up fills the GOT slots from `.rela.iplt`, as static glibc does. One
 *   resolver returns one of its two ADRP+ADD constants (the stub becomes a switch over both, each
 *   a direct call); the other returns a pointer loaded from data, which the lifter cannot
 *   foresee (the switch's default: the unwinding way through the dispatcher).
 * - may-write: a callee that writes X9 only on some paths (through a callee of its own) while
 *   the caller holds X9 in its alloca: the caller must store X9 before the call, or the state
 *   would hand back a stale X9 after it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requires } from '../tools.js';
import { ELF_TOOLS, START, buildElf, readElf, runLifted, runQemu } from './elf-lift-helpers.js';

const IFUNC_C = `long sys_write(int fd, const void *p, unsigned long n);
static char buf[32];
static void putnum(long v) {
  char *p = buf + 31; *p = 0; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : v;
  *--p = '\\n';
  do { *--p = '0' + u % 10; u /= 10; } while (u);
  if (neg) *--p = '-';
  sys_write(1, p, buf + 31 - p);
}
/* What static glibc's start-up does: fill each IRELATIVE slot with its resolver's choice. */
typedef struct { unsigned long off, info; long addend; } rela;
extern const rela __rela_iplt_start[] __attribute__((weak)), __rela_iplt_end[] __attribute__((weak));
static void apply_irel(void) {
  for (const rela *r = __rela_iplt_start; r < __rela_iplt_end; r++) *(void **)r->off = ((void *(*)(unsigned long))r->addend)(0);
}
volatile unsigned long hwcap_bits = 3, pick_loaded = 0;
__attribute__((noinline)) long mix_generic(long a, long b) { return a * 3 + b; }
__attribute__((noinline)) long mix_fancy(long a, long b) { return a * 3 + b + 1000; }
static void *resolve_mix(unsigned long hw) { return (hwcap_bits & (1ul << 40)) != 0 ? (void *)mix_fancy : (void *)mix_generic; }
long mix(long, long) __attribute__((ifunc("resolve_mix")));
__attribute__((noinline)) long sum_plain(long a, long b) { return a + b; }
__attribute__((noinline)) long sum_other(long a, long b) { return a + b + 7; }
long (*volatile sum_table[1])(long, long) = { sum_other };
static void *resolve_sum(unsigned long hw) { return pick_loaded != 0 ? (void *)sum_plain : (void *)sum_table[0]; }
long sum(long, long) __attribute__((ifunc("resolve_sum")));
__attribute__((noinline)) static long chain(long n) {
  long kept = n * 5, acc = 0;
  for (long i = 0; i < n; i++) acc = mix(acc, i) ^ sum(i, kept);
  return acc + kept;
}
int main(void) {
  apply_irel();
  putnum(mix(4, 5));
  putnum(sum(4, 5));
  putnum(chain(10));
  long (*fp)(long, long) = mix;
  putnum(fp(7, 8));
  return (int)(chain(3) & 63);
}
`;

const MAY_WRITE = `  .text
  .global _start
_start:
  mov x9, #5
  mov x0, #0
  bl maybe
  mov x0, x9
  mov x8, #93
  svc #0
maybe:              // calls setter (which writes X9) only when X0 is not 0
  stp x29, x30, [sp, #-16]!
  cbz x0, 1f
  bl setter
1:
  ldp x29, x30, [sp], #16
  ret
setter:
  mov x9, #7
  ret
`;

/** Builds, runs under qemu and lifted; the lifted run must equal qemu's. Returns the IR and the image. */
function same(t: import('node:test').TestContext, name: string, files: Record<string, string>, flags: string[]): { ir: string; elf: string } | undefined {
  if (!requires(t, ELF_TOOLS)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `awsm-elf-flow-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const elf = buildElf(dir, name, files, flags);
  const want = runQemu(elf);
  const got = runLifted(dir, elf);
  assert.equal(got.unknown, 0, 'every instruction is known');
  assert.deepEqual({ stdout: got.stdout, status: got.status }, want);
  return { ir: got.ir, elf };
}

test('IFUNC calls: a switch over the resolver\'s constants, the unforeseen choice by the unwinding way; as under qemu', (t) => {
  const r = same(t, 'ifunc', { 'start.s': START, 'i.c': IFUNC_C }, ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin']);
  if (r === undefined) return;
  const addr = (name: string): string => {
    const s = readElf(r.elf).symbols.find((x) => x.name === name);
    assert.ok(s !== undefined, `symbol ${name}`);
    return s.addr.toString(16);
  };
  const stubs = r.ir.split('\ndefine ').filter((f) => /switch i64 %t\d+, label %i_/.test(f));
  assert.equal(stubs.length, 2, 'both PLT stubs became switches over their choices');
  const mix = stubs.find((f) => f.includes(`@f_${addr('mix_generic')}(`));
  assert.ok(mix !== undefined && mix.includes(`@f_${addr('mix_fancy')}(`), "mix's stub calls either of its resolver's constants directly");
  const sum = stubs.find((f) => f.includes(`@f_${addr('sum_plain')}(`));
  assert.ok(sum !== undefined && !sum.includes(`@f_${addr('sum_other')}(`), "sum's stub knows only sum_plain: sum_other is reached by the unwinding way");
  assert.ok(!/define internal void @f_[0-9a-f]+\(ptr %st, i64 %at\) \{[^}]*call void @awsm_elf_dispatch/.test(stubs.join('\n')), 'no stub calls the dispatcher');
});

test('a register a callee writes on some paths only is stored before the call (the may-write set); as under qemu', (t) => {
  same(t, 'may-write', { 'm.s': MAY_WRITE }, ['-nostdlib']);
});
