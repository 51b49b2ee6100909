/* The guest CPU state of a translated AArch64 program (docs/elf.md), shared by the lifted code
   (src/elf/lift/) and the system-call layer. One layout with src/elf/state.ts, checked by
   tests/unit/elf-state.test.ts. Compiled for wasm32: pointers are 4 bytes, guest addresses
   8 bytes (the low 32 bits are the linear-memory address). */
#ifndef AWSM_ELF_STATE_H
#define AWSM_ELF_STATE_H

#include <stdint.h>

struct a64_state {
  uint64_t x[31];       /* X0..X30 */
  uint64_t sp;          /* SP */
  uint64_t pc;          /* where to continue when control passes through the dispatcher */
  uint8_t n, z, c, v;   /* the NZCV flags, one byte each, 0 or 1 */
  uint32_t pad0;        /* unused, zero */
  uint64_t tpidr;       /* TPIDR_EL0 */
  uint64_t fpcr;        /* FPCR, the architecture's bits */
  uint64_t fpsr;        /* FPSR, the architecture's bits */
  uint64_t excl;        /* exclusive monitor: address marked by LDXR/LDAXR, or ~0 when clear */
  uint8_t vreg[32][16]  /* V0..V31, little-endian lanes */
      __attribute__((aligned(16)));
};

_Static_assert(sizeof(struct a64_state) == 816, "a64_state size (src/elf/state.ts STATE_SIZE)");
_Static_assert(__builtin_offsetof(struct a64_state, sp) == 248, "sp offset");
_Static_assert(__builtin_offsetof(struct a64_state, pc) == 256, "pc offset");
_Static_assert(__builtin_offsetof(struct a64_state, n) == 264, "n offset");
_Static_assert(__builtin_offsetof(struct a64_state, tpidr) == 272, "tpidr offset");
_Static_assert(__builtin_offsetof(struct a64_state, fpcr) == 280, "fpcr offset");
_Static_assert(__builtin_offsetof(struct a64_state, fpsr) == 288, "fpsr offset");
_Static_assert(__builtin_offsetof(struct a64_state, excl) == 296, "excl offset");
_Static_assert(__builtin_offsetof(struct a64_state, vreg) == 304, "vreg offset");

/* Defined by the lifted code: runs the guest from st->pc until it exits (never returns). */
void awsm_elf_run(struct a64_state *st);

/* Defined by the system-call layer: performs the system call numbered st->x[8] with arguments
   st->x[0..5] and leaves the result (or -errno) in st->x[0]. exit/exit_group do not return. */
void awsm_elf_syscall(struct a64_state *st);

/* Defined by the system-call layer: reports an instruction the lifter does not know, reached at
   run time ("awsm: elf: unknown instruction 0x%08x at 0x%llx"), and exits with status 134. */
__attribute__((noreturn)) void awsm_elf_unknown(uint64_t pc, uint32_t insn);

#endif
