/*
 * platform.h — everything in the runtime that depends on the CPU architecture, in one place.
 *
 * Supported: Linux/glibc on x86-64, AArch64, RISC-V 64 and 32-bit ARM (ARMv7-A, hard-float)
 * (docs/abi.md, "Targets"). Per architecture:
 *   - rt_context_pc_sp: the interrupted PC and stack pointer from a signal's ucontext (the
 *     fault and interrupt handlers of trap.c);
 *   - RT_GEN_INT_REGS: the integer argument registers left after ctx in the C calling
 *     convention, which the generic host trampoline and the interrupt-checking host wrappers
 *     forward (imports.c); floating-point arguments use 8 registers on all three;
 *   - RT_GUARD_PAGES: whether memories live in guard reservations of RT_GUARD_RESERVATION bytes
 *     (memory.c, pool.c): on 64-bit hosts; 32-bit ones have no room for 8 GiB per memory, so
 *     their memories are plain mappings that may move on growth, for explicit-check code only.
 * Stack bounds (pthread_getattr_np), guard pages (mmap PROT_NONE) and signals (SIGSEGV and
 * SIGBUS with SA_SIGINFO on an alternate stack) are the same Linux interfaces everywhere.
 *
 * The ABI's structures (awsm_abi.h) have natural layouts: on 32-bit ARM pointers are 4 bytes
 * and the translator lays them out so (src/translate/abi.ts, abiLayout; abi_check.c).
 */
#ifndef AWSM_PLATFORM_H
#define AWSM_PLATFORM_H

#include <stdint.h>
#include <ucontext.h>

#include "awsm_abi.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the awsm runtime assumes a little-endian host (Wasm memory is little-endian)"
#endif

#if defined(__x86_64__)
#define RT_ARCH "x86_64"
/* SysV: rdi (ctx), rsi, rdx, rcx, r8, r9 | xmm0-xmm7. */
#define RT_GEN_INT_REGS 5
static inline void rt_context_pc_sp(const ucontext_t *uc, uintptr_t *pc, uintptr_t *sp) {
  *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  *sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
}
#elif defined(__aarch64__)
#define RT_ARCH "aarch64"
/* AAPCS64: x0 (ctx), x1-x7 | v0-v7. */
#define RT_GEN_INT_REGS 7
static inline void rt_context_pc_sp(const ucontext_t *uc, uintptr_t *pc, uintptr_t *sp) {
  *pc = (uintptr_t)uc->uc_mcontext.pc;
  *sp = (uintptr_t)uc->uc_mcontext.sp;
}
#elif defined(__riscv) && __riscv_xlen == 64 && defined(__riscv_float_abi_double)
#define RT_ARCH "riscv64"
/* LP64D: a0 (ctx), a1-a7 | fa0-fa7. An f32 in an FP register is NaN-boxed (upper 32 bits all
 * ones), and an i32 in an integer register is sign-extended: imports.c passes both so. */
#define RT_GEN_INT_REGS 7
static inline void rt_context_pc_sp(const ucontext_t *uc, uintptr_t *pc, uintptr_t *sp) {
  *pc = (uintptr_t)uc->uc_mcontext.__gregs[REG_PC];
  *sp = (uintptr_t)uc->uc_mcontext.__gregs[REG_SP];
}
#elif defined(__arm__) && defined(__ARM_ARCH_7A__) && defined(__ARM_PCS_VFP)
#define RT_ARCH "armv7"
/* AAPCS-VFP: r0 (ctx), r1-r3, an i64 in an even-odd pair | s0-s15/d0-d7. The pairs make the
 * generic trampoline's register forwarding wrong for mixed i32/i64 arguments: none here
 * (imports.c then needs a trampoline per signature, as awsm_host_trampoline says). */
#define RT_GEN_INT_REGS 0
static inline void rt_context_pc_sp(const ucontext_t *uc, uintptr_t *pc, uintptr_t *sp) {
  *pc = (uintptr_t)uc->uc_mcontext.arm_pc;
  *sp = (uintptr_t)uc->uc_mcontext.arm_sp;
}
#else
#error "the awsm runtime supports x86-64, AArch64, RISC-V 64 (LP64D) and ARMv7-A hard-float hosts (docs/abi.md, Targets)"
#endif

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
#define RT_GUARD_PAGES 1
#else
#define RT_GUARD_PAGES 0
#endif

/* Bytes reserved per linear memory in guard mode: every zext(i32) + u32 offset + access
 * width (at most 16) stays inside, so an out-of-bounds access always faults on PROT_NONE
 * pages that belong to this memory. (Not used without RT_GUARD_PAGES.) */
#define RT_GUARD_RESERVATION (((uint64_t)8 << 30) + (uint64_t)AWSM_PAGE_SIZE)

#endif
