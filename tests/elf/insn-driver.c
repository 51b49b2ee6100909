/* The driver of the instruction harness (tests/elf/insn-harness.ts), built twice: for aarch64
   with the cases as assembly (run under qemu-aarch64-static) and for the host with the cases as
   lifted LLVM IR. Both read records from stdin and write them back to stdout, after running
   one case on each:

     record = u32 case index, u32 zero, struct a64_state (816 bytes), memory window (256 bytes)

   The memory window lives at the same fixed address (MEM_BASE) in both programs, so a guest
   address in an X register means the same bytes under qemu and natively. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define STATE_SIZE 816
#define MEM_BASE 0x40000000UL
#define MEM_SIZE 256

typedef void case_fn(void *state);
/* Defined by the generated cases: one function per case, in case order. */
extern case_fn *const insn_cases[];
extern const uint32_t insn_case_count;

int main(void) {
  unsigned char *mem = mmap((void *)MEM_BASE, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (mem != (void *)MEM_BASE) {
    fprintf(stderr, "insn-driver: cannot map the memory window at 0x%lx\n", MEM_BASE);
    return 2;
  }
  static _Alignas(16) unsigned char state[STATE_SIZE];
  uint32_t head[2];
  while (fread(head, sizeof head, 1, stdin) == 1) {
    if (fread(state, STATE_SIZE, 1, stdin) != 1 || fread(mem, MEM_SIZE, 1, stdin) != 1 || head[0] >= insn_case_count) {
      fprintf(stderr, "insn-driver: truncated or bad record\n");
      return 2;
    }
    insn_cases[head[0]](state);
    fwrite(head, sizeof head, 1, stdout);
    fwrite(state, STATE_SIZE, 1, stdout);
    fwrite(mem, MEM_SIZE, 1, stdout);
  }
  return 0;
}
