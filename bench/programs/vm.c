/* vm: a register-based bytecode interpreter running generated programs (loops, calls, memory). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define NREGS 16
#define MEMWORDS 4096
#ifndef PROGRAMS
#define PROGRAMS 12
#endif
#define BODY 24
/* iterations of each program's outer and inner loops */
#ifndef OUTER
#define OUTER 2000
#endif
#ifndef INNER
#define INNER 800
#endif

enum { OP_LI, OP_MOV, OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_AND, OP_OR, OP_SHL, OP_SHR, OP_ADDI, OP_LD, OP_ST,
       OP_JNZ, OP_DECJNZ, OP_CALL, OP_RET, OP_CMPLT, OP_SEL, OP_HALT, NOPS };

typedef struct { uint8_t op, a, b, c; int32_t imm; } Insn;

static uint64_t rng_state = 0x38D01377BE5466CFull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static int emit_alu(Insn *code, int n) {
  uint64_t r = rng();
  Insn in;
  in.a = (uint8_t)((r >> 8) % 13); /* r13..r15 are loop counters */
  in.b = (uint8_t)((r >> 12) % 13);
  in.c = (uint8_t)((r >> 16) % 13);
  in.imm = (int32_t)((r >> 20) % 1000) - 500;
  switch ((r >> 32) % 12) {
  case 0: in.op = OP_ADD; break; case 1: in.op = OP_SUB; break; case 2: in.op = OP_MUL; break;
  case 3: in.op = OP_XOR; break; case 4: in.op = OP_AND; break; case 5: in.op = OP_OR; break;
  case 6: in.op = OP_SHL; break; case 7: in.op = OP_SHR; break; case 8: in.op = OP_ADDI; break;
  case 9: in.op = OP_LD; break; case 10: in.op = OP_ST; break; default: in.op = OP_CMPLT; break;
  }
  code[n++] = in;
  if (((r >> 40) & 7) == 0) { Insn s = {OP_SEL, in.a, in.b, in.c, 0}; code[n++] = s; }
  return n;
}

/* main: r15 = outer; loop { call f; r14 = inner; loop { body } } halt.   f: body; ret */
static int generate(Insn *code, int outer, int inner) {
  int n = 0;
  Insn li15 = {OP_LI, 15, 0, 0, outer};
  code[n++] = li15;
  int outer_top = n;
  Insn call = {OP_CALL, 0, 0, 0, 0};
  int call_at = n;
  code[n++] = call;
  Insn li14 = {OP_LI, 14, 0, 0, inner};
  code[n++] = li14;
  int inner_top = n;
  for (int k = 0; k < BODY; k++) n = emit_alu(code, n);
  Insn dj14 = {OP_DECJNZ, 14, 0, 0, inner_top};
  code[n++] = dj14;
  Insn dj15 = {OP_DECJNZ, 15, 0, 0, outer_top};
  code[n++] = dj15;
  Insn halt = {OP_HALT, 0, 0, 0, 0};
  code[n++] = halt;
  code[call_at].imm = n;
  for (int k = 0; k < BODY / 2; k++) n = emit_alu(code, n);
  Insn ret = {OP_RET, 0, 0, 0, 0};
  code[n++] = ret;
  return n;
}

static uint32_t run(const Insn *code, uint32_t *mem, uint32_t *regs, uint64_t *steps) {
  int32_t stack[64];
  int sp = 0, pc = 0;
  uint64_t count = 0;
  for (;;) {
    const Insn *i = &code[pc++];
    count++;
    switch (i->op) {
    case OP_LI: regs[i->a] = (uint32_t)i->imm; break;
    case OP_MOV: regs[i->a] = regs[i->b]; break;
    case OP_ADD: regs[i->a] = regs[i->b] + regs[i->c]; break;
    case OP_SUB: regs[i->a] = regs[i->b] - regs[i->c]; break;
    case OP_MUL: regs[i->a] = regs[i->b] * regs[i->c] + 1; break;
    case OP_XOR: regs[i->a] = regs[i->b] ^ regs[i->c]; break;
    case OP_AND: regs[i->a] = regs[i->b] & (regs[i->c] | 0x0F0F0F0Fu); break;
    case OP_OR: regs[i->a] = regs[i->b] | (regs[i->c] & 0xF0F0F0F0u); break;
    case OP_SHL: regs[i->a] = regs[i->b] << (regs[i->c] & 31); break;
    case OP_SHR: regs[i->a] = regs[i->b] >> (regs[i->c] & 31); break;
    case OP_ADDI: regs[i->a] = regs[i->b] + (uint32_t)i->imm; break;
    case OP_LD: regs[i->a] = mem[(regs[i->b] + (uint32_t)i->imm) & (MEMWORDS - 1)]; break;
    case OP_ST: mem[(regs[i->b] + (uint32_t)i->imm) & (MEMWORDS - 1)] = regs[i->a]; break;
    case OP_JNZ: if (regs[i->a]) pc = i->imm; break;
    case OP_DECJNZ: if (--regs[i->a]) pc = i->imm; break;
    case OP_CALL: stack[sp++] = pc; pc = i->imm; break;
    case OP_RET: pc = stack[--sp]; break;
    case OP_CMPLT: regs[i->a] = regs[i->b] < regs[i->c]; break;
    case OP_SEL: regs[i->a] = regs[0] & 1 ? regs[i->b] : regs[i->c]; break;
    case OP_HALT: *steps += count; return regs[1] ^ regs[2] ^ regs[3];
    default: return 0xFFFFFFFFu;
    }
  }
}

int main(void) {
  static Insn code[1024];
  static uint32_t mem[MEMWORDS];
  uint64_t steps = 0;
  uint32_t check = 0;
  for (int p = 0; p < PROGRAMS; p++) {
    generate(code, OUTER, INNER);
    uint32_t regs[NREGS];
    for (int r = 0; r < NREGS; r++) regs[r] = (uint32_t)(r * 0x9E3779B9u + (uint32_t)p);
    for (int m = 0; m < MEMWORDS; m++) mem[m] = (uint32_t)m * 2654435761u;
    uint32_t res = run(code, mem, regs, &steps);
    uint32_t msum = 0;
    for (int m = 0; m < MEMWORDS; m++) msum = msum * 31 + mem[m];
    printf("program %d: result=%08x mem=%08x\n", p, res, msum);
    check = check * 16777619u ^ res ^ msum;
  }
  printf("vm programs=%d steps=%llu check=%08x\n", PROGRAMS, (unsigned long long)steps, check);
  return 0;
}
