/**
 * Whole programs through the lifter (src/elf/lift/program.ts): small static AArch64 programs
 * built with -nostdlib (no glibc: the test runtime of elf-lift-helpers.ts only writes and
 * exits), lifted, compiled for wasm32-wasi and run under wasmtime; their output and exit status
 * must be qemu-aarch64-static's. Each pins one part of the design: a loop and a call; gcc -O2
 * code with recursion, division, a call through a function pointer (the dispatcher); a switch
 * through a jump table (BR as a switch over the function's blocks); an interpreter threaded by
 * computed goto (BR to label addresses stored in data); every condition after a CMP on edge
 * values, 32 and 64 bits (the conditions answered from the compared operands); a jump table
 * whose bound check is far from it (DISTANT_BOUND); a longjmp-style non-local
 * return through several frames (the unwind to the dispatcher and the resume switch).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requires } from '../tools.js';
import { ELF_TOOLS, START, buildElf, runLifted, runQemu } from './elf-lift-helpers.js';

const LOOP_CALL = `  .text
  .global _start
_start:
  mov x19, #0
  mov x20, #1
1:
  add x19, x19, x20
  add x20, x20, #1
  cmp x20, #10
  b.le 1b
  mov x0, x19
  bl twice
  mov x19, x0
  adr x1, msg
  mov x0, #1
  mov x2, #6
  mov x8, #64
  svc #0
  mov x0, x19
  mov x8, #93
  svc #0
twice:
  add x0, x0, x0
  ret
msg: .ascii "hello\\n"
`;

const LONGJMP = `
  .text
  .global _start
_start:
  bl outer
  mov x8, #93
  svc #0
myset:              // x0 = buffer: saves x30, sp, x19, x29; returns 0
  mov x1, sp
  stp x30, x1, [x0]
  stp x19, x29, [x0, #16]
  mov x0, #0
  ret
mylong:             // x0 = buffer, x1 = value: returns it from myset's call
  ldp x30, x2, [x0]
  ldp x19, x29, [x0, #16]
  mov sp, x2
  mov x0, x1
  ret
outer:
  stp x29, x30, [sp, #-32]!
  adrp x0, buf
  add x0, x0, :lo12:buf
  bl myset
  cbnz x0, 1f
  mov x0, #5
  bl deep
  mov x0, #99       // not reached: deep longjmps
1:
  add x0, x0, #1
  ldp x29, x30, [sp], #32
  ret
deep:               // recurses x0 times, then longjmps with 41
  stp x29, x30, [sp, #-16]!
  sub x0, x0, #1
  cbz x0, 2f
  bl deep
  ldp x29, x30, [sp], #16
  ret
2:
  adrp x0, buf
  add x0, x0, :lo12:buf
  mov x1, #41
  bl mylong
  .data
  .balign 16
buf: .zero 32
`;

const MIXED_C = `long sys_write(int fd, const void *p, unsigned long n);
static char buf[64];
static void put(const char *s) { unsigned long n = 0; while (s[n]) n++; sys_write(1, s, n); }
static void putnum(long v) {
  char *p = buf + 63; *p = 0; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : v;
  do { *--p = '0' + u % 10; u /= 10; } while (u);
  if (neg) *--p = '-';
  put(p); put("\\n");
}
__attribute__((noinline)) int classify(int x) {
  switch (x) {
  case 0: return 11; case 1: return 22; case 2: return 35; case 3: return 47; case 4: return 51;
  case 5: return 68; case 6: return 73; case 7: return 89; case 9: return 101; default: return -1;
  }
}
__attribute__((noinline)) long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__attribute__((noinline)) unsigned long mix(unsigned long a, unsigned long b) {
  a ^= a >> 13; a *= 0x9e3779b97f4a7c15ul; a = (a << 7) | (a >> 57);
  return a + b / (b % 7 + 1) - (long)(int)b;
}
int (*volatile fp)(int) = classify;
int main(void) {
  long s = 0;
  for (int i = -2; i < 12; i++) s = s * 3 + fp(i);
  putnum(s);
  putnum(fib(20));
  unsigned long h = 1;
  for (int i = 0; i < 1000; i++) h = mix(h, i * 12345u);
  putnum((long)h);
  putnum(-1234567);
  return 7;
}
`;

const SWITCH_C = `long sys_write(int fd, const void *p, unsigned long n);
static void put(const char *s) { unsigned long n = 0; while (s[n]) n++; sys_write(1, s, n); }
__attribute__((noinline)) void a(void) { put("a"); }
__attribute__((noinline)) void b(void) { put("b"); }
__attribute__((noinline)) void c(int x) { put(x & 1 ? "C" : "c"); }
__attribute__((noinline)) int run(int x) {
  switch (x) {
  case 0: a(); break;
  case 1: b(); a(); break;
  case 2: c(x); break;
  case 3: put("3"); /* fallthrough */
  case 4: c(x); b(); break;
  case 5: return 50;
  case 6: a(); c(x); a(); break;
  case 8: put("8"); break;
  case 9: b(); b(); break;
  case 10: put("X"); a(); break;
  case 11: put("Y"); c(3); break;
  case 12: put("Z"); return 7;
  case 13: c(5); put("W"); break;
  case 14: put("V"); b(); c(1); break;
  default: put("-"); break;
  }
  return x * 2;
}
int main(void) {
  int s = 0;
  for (int i = -1; i < 17; i++) s += run(i);
  put("\\n");
  return s % 100;
}
`;

const GOTO_C = `long sys_write(int fd, const void *p, unsigned long n);
static void put(const char *s) { unsigned long n = 0; while (s[n]) n++; sys_write(1, s, n); }
/* A tiny bytecode interpreter threaded by computed goto (a table of label addresses). */
__attribute__((noinline)) long interp(const unsigned char *code) {
  static const void *const ops[] = { &&halt, &&inc, &&dbl, &&dec, &&out, &&jnz };
  long acc = 0, ctr = 0;
  const unsigned char *pc = code;
  goto *ops[*pc++];
inc: acc++; goto *ops[*pc++];
dbl: acc *= 2; goto *ops[*pc++];
dec: ctr--; goto *ops[*pc++];
out: put(acc & 1 ? "o" : "e"); ctr = acc; goto *ops[*pc++];
jnz: if (ctr > 0) pc -= *pc; else pc++; goto *ops[*pc++];
halt: return acc + ctr;
}
int main(void) {
  static const unsigned char prog[] = { 1, 2, 1, 4, 3, 1, 5, 3, 2, 2, 4, 0 };
  long r = interp(prog);
  put("\\n");
  return (int)(r % 100);
}
`;

const SWITCH_LOOP_C = `long sys_write(int fd, const void *p, unsigned long n);
/* A switch in an interpreter loop (bench/programs/vm.c's shape): gcc -O2 loads the table's
   address before the loop and puts the default block (a B out) between the bound's B.LS and the
   table's load, which the search back for the table must step over. */
typedef struct { unsigned char op, a, b; int imm; } Insn;
__attribute__((noinline)) unsigned run(const Insn *code, unsigned *r, unsigned *mem) {
  int pc = 0;
  for (;;) {
    const Insn *i = &code[pc++];
    switch (i->op) {
    case 0: r[i->a] = (unsigned)i->imm; break;
    case 1: r[i->a] = r[i->b]; break;
    case 2: r[i->a] += r[i->b]; break;
    case 3: r[i->a] -= r[i->b]; break;
    case 4: r[i->a] = r[i->a] * r[i->b] + 1; break;
    case 5: r[i->a] ^= r[i->b]; break;
    case 6: r[i->a] <<= r[i->b] & 31; break;
    case 7: r[i->a] = mem[(r[i->b] + (unsigned)i->imm) & 63]; break;
    case 8: mem[(r[i->b] + (unsigned)i->imm) & 63] = r[i->a]; break;
    case 9: if (--r[i->a]) pc = i->imm; break;
    case 10: return r[1] ^ r[2];
    default: { /* long enough to put the conditional branch into the table 32 instructions back */
      unsigned s = 0;
      for (int k = 0; k < 16; k++) s = s * 31 + r[k];
      for (int k = 0; k < 64; k++) s ^= mem[k] << (k & 7);
      return s;
    }
    }
  }
}
int main(void) {
  static const Insn code[] = {{0, 1, 0, 5}, {0, 3, 0, 10}, {2, 1, 3, 0}, {6, 2, 3, 0}, {8, 2, 1, 3},
                              {7, 4, 1, 3}, {5, 1, 4, 0}, {9, 3, 0, 2}, {10, 0, 0, 0}};
  static unsigned r[16] = {7}, mem[64] = {1}; /* in .data: a bss-only segment trips the reader (see COMPARE_C) */
  char out[12], *p = out + 11;
  unsigned v = run(code, r, mem);
  *p = '\\n';
  do *--p = (char)('0' + v % 10); while ((v /= 10) != 0);
  sys_write(1, p, (unsigned long)(out + 12 - p));
  return 0;
}
`;

const COMPARE_C = `long sys_write(int fd, const void *p, unsigned long n);
static char line[64] = "x"; /* in .data: a bss-only segment trips the reader (reported) */
/* Every comparison gcc turns into CMP + CSET/CSEL/B.cond, on 64- and 32-bit edge values. */
__attribute__((noinline)) void cmp64(long a, long b, char *o) {
  unsigned long ua = a, ub = b;
  o[0] = '0' + (a == b); o[1] = '0' + (a != b); o[2] = '0' + (a < b); o[3] = '0' + (a <= b);
  o[4] = '0' + (a > b); o[5] = '0' + (a >= b); o[6] = '0' + (ua < ub); o[7] = '0' + (ua <= ub);
  o[8] = '0' + (ua > ub); o[9] = '0' + (ua >= ub);
  if (a - b < 0) o[10] = 'n'; else o[10] = 'p';
  if (a < b) o[11] = 'L'; else o[11] = 'G';
}
__attribute__((noinline)) void cmp32(int a, int b, char *o) {
  unsigned ua = a, ub = b;
  o[0] = '0' + (a == b); o[1] = '0' + (a != b); o[2] = '0' + (a < b); o[3] = '0' + (a <= b);
  o[4] = '0' + (a > b); o[5] = '0' + (a >= b); o[6] = '0' + (ua < ub); o[7] = '0' + (ua <= ub);
  o[8] = '0' + (ua > ub); o[9] = '0' + (ua >= ub);
  if (ua > 7 && a < 100) o[10] = 'x'; else o[10] = 'y';
  if (a == 5 || b == -1) o[11] = 'E'; else o[11] = 'F';
}
int main(void) {
  static const long v[] = { 0, 1, -1, 5, 7, 100, 0x7fffffffffffffffL, -0x7fffffffffffffffL - 1, 0x7fffffff, -0x80000000L, 0xffffffffL, 0x100000000L };
  const int n = sizeof v / sizeof v[0];
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      cmp64(v[i], v[j], line);
      cmp32((int)v[i], (int)v[j], line + 12);
      line[24] = '\\n';
      sys_write(1, line, 25);
    }
  }
  return 0;
}
`;

/**
 * A jump table whose bound check is far from it, with a nearer compare of the same register
 * that guards another table (glibc's __sysconf: the nearest `cmp w19, #0x12` said 19 entries
 * for a table of 46, and the missing targets ended in the dispatcher). Index 4 reaches
 * `mov x0, #14`: the exit status.
 */
const DISTANT_BOUND = `  .text
  .global _start
_start:
  mov x19, #4
  bl sel
  mov x8, #93
  svc #0
sel:
  cmp w19, #5
  b.ls 2f
  mov x0, #99
  ret
  cmp w19, #1
  b.ls 3f
  mov x0, #98
  ret
3:
  adrp x0, tab1
  add x0, x0, :lo12:tab1
  ldrb w0, [x0, w19, uxtw]
  adr x1, 4f
  add x0, x1, w0, sxtb #2
  br x0
2:
  adrp x0, tab2
  add x0, x0, :lo12:tab2
  ldrb w0, [x0, w19, uxtw]
  adr x1, 4f
  add x0, x1, w0, sxtb #2
  br x0
4:
  mov x0, #10
  ret
  mov x0, #11
  ret
  mov x0, #12
  ret
  mov x0, #13
  ret
  mov x0, #14
  ret
  mov x0, #15
  ret
  .section .rodata
tab1: .byte 0, 2
tab2: .byte 0, 2, 4, 6, 8, 10
`;

const PROGRAMS: { name: string; files: Record<string, string>; flags: string[]; pins: string }[] = [
  { name: 'loop-call', files: { 'p.s': LOOP_CALL }, flags: ['-nostdlib'], pins: 'a loop, BL/RET, SVC write and exit' },
  { name: 'mixed', files: { 'start.s': START, 'c.c': MIXED_C }, flags: ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin'], pins: 'gcc -O2 code: recursion, division, BLR through the dispatcher' },
  { name: 'switch', files: { 'start.s': START, 'sw.c': SWITCH_C }, flags: ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin'], pins: 'a jump table' },
  { name: 'distant-bound', files: { 'd.s': DISTANT_BOUND }, flags: ['-nostdlib'], pins: "a jump table's bound from the branch into its block, not the nearest compare" },
  { name: 'switch-loop', files: { 'start.s': START, 'vm.c': SWITCH_LOOP_C }, flags: ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin'], pins: "a jump table whose address is loaded before the default block between the bound's branch and the table's load" },
  { name: 'computed-goto', files: { 'start.s': START, 'vm.c': GOTO_C }, flags: ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin'], pins: 'BR to label addresses stored in data (a computed goto)' },
  { name: 'compare', files: { 'start.s': START, 'cmp.c': COMPARE_C }, flags: ['-O2', '-nostdlib', '-ffreestanding', '-fno-builtin'], pins: 'every condition after CMP, as flags and as the direct comparison' },
  { name: 'longjmp', files: { 'j.s': LONGJMP }, flags: ['-nostdlib'], pins: 'a non-local return: unwinding to the dispatcher, resuming at a return point' },
];

for (const p of PROGRAMS) {
  test(`lifted ${p.name} runs as under qemu (${p.pins})`, (t) => {
    if (!requires(t, ELF_TOOLS)) return;
    const dir = mkdtempSync(join(tmpdir(), `awsm-elf-lift-${p.name}-`));
    try {
      const elf = buildElf(dir, p.name, p.files, p.flags);
      const want = runQemu(elf);
      const got = runLifted(dir, elf);
      assert.equal(got.unknown, 0, 'every instruction is known');
      assert.deepEqual({ stdout: got.stdout, status: got.status }, want);
      if (['switch', 'switch-loop', 'computed-goto', 'distant-bound'].includes(p.name)) assert.match(got.ir, /switch i64 %t\d+, label %j_/, 'the BR became a switch over the blocks');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
