/*
 * trap.c — traps, protected calls, the signal handlers and stack limits.
 *
 * Every entry from the host into Wasm (awsm_call, instantiation's init and start) pushes a
 * frame (rt_frame, internal.h) holding a sigjmp_buf on a thread-local chain. awsm_trap
 * (explicit checks in generated code and in runtime helpers), awsm_trap_host/exit/error (host
 * functions) and the signal handlers record what happened in thread-local state and
 * siglongjmp to the innermost frame, which pops itself and turns the record into an
 * awsm_error. Wasm frames need no unwinding: they own no resources.
 *
 * Fault handler (SIGSEGV/SIGBUS, SA_ONSTACK|SA_SIGINFO, installed once per process): a fault
 * is a trap only if a frame is active on the faulting thread AND the faulting PC is inside a
 * module's generated code (in_generated_code, the test the interrupt handler uses too). Then
 * a fault address inside a memory reservation of the running instance group is "out of
 * bounds memory access"; one near the thread's stack end (or the interrupted stack pointer)
 * is "call stack exhausted". Anything else is not ours: it goes to the previously installed
 * handler, or the default action (a crash). In particular a fault in a host function, the
 * runtime or libc is a crash even when its address is in a guest's reservation: unwinding
 * from there could leave a lock held, and it is a host bug, not a guest trap. No runtime
 * helper relies on guard pages (memory.init/copy/fill check their ranges before touching
 * memory, WASI goes through the bounds-checked accessors), so generated code is the only
 * code that may fault into a trap. Generated code never hands guest memory to libc: Wasm
 * functions carry "no-builtins", so LLVM forms no memset/memcpy calls from loops (one formed
 * from a loop that runs off the end would fault inside libc and be a crash; regression
 * tests/diff/regressions/guard-loop-idiom-libc-fault.wat). The Wasm function is found by PC
 * (greatest function start <= PC in the group's modules).
 *
 * Interrupt handler (awsm_interrupt_signal(), sent by awsm_instance_interrupt and the
 * deadline watchdog of interrupt.c to the thread running a frame marked `interrupted`):
 *   - PC inside a module's generated code (in_generated_code): unwind at once with
 *     AWSM_TRAP_INTERRUPTED. Generated code holds no locks and owns nothing, so leaving it at
 *     any instruction is safe, exactly as for a fault.
 *   - PC anywhere else (a host function, the runtime, libc): never unwound from there, which
 *     could leave a lock held. Instead the stack limits of the groups on the chain become
 *     UINTPTR_MAX ("poisoned"), so the next prologue check of a Wasm function that makes
 *     calls traps, and awsm_trap reports that trap as AWSM_TRAP_INTERRUPTED; a nested entry
 *     (rt_call_protected) fails at once; and the watchdog repeats the signal until the frame
 *     ends, which catches loops without calls once control is back in generated code.
 * Limits are restored when a frame ends while poisoned (and poisoned again if an outer frame
 * is still interrupted).
 *
 * Stack limit: generated functions that make calls compare the stack pointer with
 * ctx->stack_limit and trap "call stack exhausted" below it. The limit is the thread stack's
 * low end (pthread_getattr_np; the main thread's reflects RLIMIT_STACK, capped at 8 MiB when
 * unlimited) plus a margin (256 KiB, at most a quarter of the stack) that leaves room for the
 * trap path, leaf functions and host functions. It is set group-wide at instantiation and at
 * each entry whose instance holds another thread's limit.
 *
 * Thread safety: all trap state is per thread (t_state); the handlers and the alternate
 * signal stack key are set up once (pthread_once). An instance's `runner` (the frame of the
 * call that entered through it) is the only field another thread touches, atomically.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "internal.h"

#define STACK_MARGIN ((uintptr_t)256 << 10)
#define MAIN_STACK_CAP ((uintptr_t)8 << 20)
/* Faults this far below the stack's low end (guard pages, the kernel's stack guard gap, a
 * large frame stepping over them) or around the interrupted SP count as stack exhaustion. */
#define STACK_FAULT_SLACK ((uintptr_t)1 << 20)
#define ALTSTACK_SIZE ((size_t)64 << 10)
#define RUNNER_BUSY ((uintptr_t)1)

/* Thread-local trap state (the only per-thread global), and process-wide signal state. */
static __thread rt_thread t_state;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static struct sigaction g_old_segv, g_old_bus;
static pthread_key_t g_altstack_key;
static size_t g_altstack_size;

/* ---- frames ---- */

static int frames_interrupted(const rt_thread *t) {
  for (const rt_frame *f = t->top; f != NULL; f = f->prev)
    if (__atomic_load_n(&f->interrupted, __ATOMIC_ACQUIRE)) return 1;
  return 0;
}

/* Calls fn(r, arg) for every instance of the groups of `from` and the frames outside it until
 * fn returns nonzero (then 1). No allocation, no locks: the signal handlers use it. */
static int chain_walk(rt_frame *from, int (*fn)(rt_instance *r, void *arg), void *arg) {
  for (rt_frame *f = from; f != NULL; f = f->prev)
    if (f->inst != NULL && rt_group_walk(rt_of(f->inst), fn, arg)) return 1;
  return 0;
}

static int set_limit(rt_instance *r, void *arg) {
  r->pub.stack_limit = *(const uintptr_t *)arg;
  return 0;
}

/* Every group on the chain traps at its next prologue check. */
static void poison_limits(rt_thread *t) {
  uintptr_t max = UINTPTR_MAX;
  t->poisoned = 1;
  chain_walk(t->top, set_limit, &max);
}

/* After a frame ended (already popped: ended->prev is t->top) while the limits were
 * poisoned: this thread's real limit for the ended frame's group and every group still on
 * the chain, then poisoned again if an outer frame is still interrupted. */
static void restore_limits(rt_thread *t, rt_frame *ended) {
  t->poisoned = 0;
  chain_walk(ended, set_limit, &t->limit);
  if (frames_interrupted(t)) poison_limits(t);
}

/* ---- where generated code is ---- */

typedef struct code_probe {
  uintptr_t pc;
} code_probe;

/*
 * 1 if pc lies inside r's module's generated code. A module is one object file whose .text
 * holds, in order, its Wasm functions, trampolines and init function (the translator emits
 * them in that order and nothing else in between), so [lowest start, highest start) covers
 * every function but the one placed last (init, normally, which makes no access to linear
 * memory and no calls but to runtime helpers). The bound is conservative: code LLVM appended
 * after init is not recognised. That takes a function specialised by IPSCCP at -O3 on a
 * constant pointer argument, which the translator's calls never pass (they pass ctx and Wasm
 * values); if it happened, an interrupt there would be handled as in host code (poisoned
 * limits, repeated signals) and a guard-page fault there would be a crash, never a trap that
 * host code could have caused.
 */
static int probe_code(rt_instance *r, void *arg) {
  uintptr_t pc = ((code_probe *)arg)->pc;
  const awsm_module_desc *d = r->pub.module;
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (uint32_t i = d->num_imported_funcs; i < d->num_funcs; i++) {
    uintptr_t c = (uintptr_t)d->funcs[i].code, t = (uintptr_t)d->funcs[i].tramp;
    if (c != 0 && c < lo) lo = c;
    if (c > hi) hi = c;
    if (t != 0 && t < lo) lo = t;
    if (t > hi) hi = t;
  }
  uintptr_t init = (uintptr_t)d->init;
  if (init != 0 && init < lo) lo = init;
  if (init > hi) hi = init;
  return lo < hi && pc >= lo && pc < hi;
}

/* 1 if pc is in the generated code of a module of a group on t's call chain. The one test of
 * both signal handlers for "may unwind from here". */
static int in_generated_code(rt_thread *t, uintptr_t pc) {
  code_probe p = {pc};
  return chain_walk(t->top, probe_code, &p);
}

/* ---- the signal handlers ---- */

typedef struct fault_probe {
  uintptr_t addr;
} fault_probe;

static int probe_memories(rt_instance *r, void *arg) {
  uintptr_t addr = ((fault_probe *)arg)->addr;
  const awsm_module_desc *d = r->pub.module;
  for (uint32_t i = 0; i < d->num_memories; i++) {
    awsm_memory *m = r->pub.memories[i];
    if (m != NULL && m->base != NULL && addr >= (uintptr_t)m->base && addr - (uintptr_t)m->base < m->reserved)
      return 1;
  }
  return 0;
}

static uint32_t classify_fault(rt_thread *t, uintptr_t addr, uintptr_t sp) {
  fault_probe probe = {addr};
  if (chain_walk(t->top, probe_memories, &probe)) return AWSM_TRAP_MEMORY_OOB;
  if (addr < t->stack_hi && addr + STACK_FAULT_SLACK >= t->stack_lo) return AWSM_TRAP_STACK_EXHAUSTED;
  if (addr + STACK_FAULT_SLACK >= sp && addr < sp + STACK_FAULT_SLACK) return AWSM_TRAP_STACK_EXHAUSTED;
  return AWSM_TRAP_NONE;
}

static void chain_fault(int sig, siginfo_t *si, void *uc) {
  struct sigaction *old = sig == SIGBUS ? &g_old_bus : &g_old_segv;
  if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction != NULL) {
    old->sa_sigaction(sig, si, uc);
    return;
  }
  if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
    old->sa_handler(sig);
    return;
  }
  /* Default action: reinstall it and return; the faulting instruction faults again and the
   * process dies as it would have without us. A signal sent by kill() is raised again. */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  if (si->si_code <= 0) raise(sig);
}

/* Records the pending trap (plain stores only: the signal handlers use it). */
static void pending(rt_thread *t, uint32_t kind, uint32_t funcidx, awsm_instance *ctx, uintptr_t pc) {
  t->kind = kind;
  t->funcidx = funcidx;
  t->ctx = ctx;
  t->pc = pc;
  t->has_msg = 0;
  t->msg_complete = 0;
}

/* Leaves a handler for the innermost frame. The jump does not go through sigreturn: unblock
 * the signals the handler blocked ourselves (the jump buffer does not save the mask, which
 * keeps awsm_call free of syscalls). */
static __attribute__((noreturn)) void handler_unwind(rt_thread *t, uint32_t kind, uintptr_t pc) {
  pending(t, kind, UINT32_MAX, NULL, pc);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGSEGV);
  sigaddset(&s, SIGBUS);
  sigaddset(&s, rt_interrupt_signal());
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  siglongjmp(t->top->jb, 1);
}

/* A fault is a trap only in generated code (see the top of this file); during a group walk
 * the PC is the runtime's, and the walk's marks must not be reused. */
static void on_fault(int sig, siginfo_t *si, void *uc) {
  rt_thread *t = &t_state;
  if (t->ready && t->top != NULL && !t->walking) {
    uintptr_t pc, sp;
    rt_context_pc_sp(uc, &pc, &sp);
    if (in_generated_code(t, pc)) {
      uint32_t kind = classify_fault(t, (uintptr_t)si->si_addr, sp);
      if (kind != AWSM_TRAP_NONE) handler_unwind(t, kind, pc);
    }
  }
  chain_fault(sig, si, uc);
}

static void on_interrupt(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  int saved_errno = errno;
  rt_thread *t = &t_state;
  /* A late signal (the frame has ended), or a group walk in progress (the watchdog will
   * signal again): nothing to do now. */
  if (t->ready && t->top != NULL && !t->walking && frames_interrupted(t)) {
    uintptr_t pc, sp;
    rt_context_pc_sp(uc, &pc, &sp);
    if (in_generated_code(t, pc)) handler_unwind(t, AWSM_TRAP_INTERRUPTED, pc);
    poison_limits(t);
  }
  errno = saved_errno;
}

static void free_altstack(void *mem) {
  if (mem == NULL) return;
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  munmap(mem, g_altstack_size);
}

static void install_handlers(void) {
  long min = sysconf(_SC_SIGSTKSZ);
  g_altstack_size = ALTSTACK_SIZE;
  if (min > 0 && (size_t)min * 4 > g_altstack_size) g_altstack_size = (size_t)min * 4;
  pthread_key_create(&g_altstack_key, free_altstack);
  int isig = rt_interrupt_signal_fix();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, isig); /* no interrupt on top of a fault */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, &g_old_segv);
  sigaction(SIGBUS, &sa, &g_old_bus);
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigaction(isig, &sa, NULL);
}

/* ---- per-thread setup ---- */

/* Threads that have ever been prepared for Wasm (thread_init): each instance is made or run
 * on one of them. Never decremented. */
static size_t g_threads_entered;

static void thread_init(rt_thread *t) {
  pthread_once(&g_once, install_handlers);

  uintptr_t lo = 0, hi = 0;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void *addr = NULL;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
      lo = (uintptr_t)addr;
      hi = lo + size;
    }
    pthread_attr_destroy(&attr);
  }
  if (hi == 0) {
    /* Unknown bounds: assume 1 MiB below the current frame. */
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    hi = here + 4096;
    lo = here - ((uintptr_t)1 << 20);
  }
  if (getpid() == (pid_t)syscall(SYS_gettid)) {
    /* The main thread: pthread_getattr_np derives the size from RLIMIT_STACK; when that is
     * unlimited the "size" is the gap to the next mapping, so use a fixed budget instead. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY && hi - lo > MAIN_STACK_CAP)
      lo = hi - MAIN_STACK_CAP;
  }
  uintptr_t margin = STACK_MARGIN;
  if ((hi - lo) / 4 < margin) margin = (hi - lo) / 4;
  t->stack_lo = lo;
  t->stack_hi = hi;
  t->limit = lo + margin;
  t->self = pthread_self();

  /* An alternate signal stack, unless the thread already has one. */
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_DISABLE)) {
    void *mem = mmap(NULL, g_altstack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem != MAP_FAILED) {
      stack_t ss;
      memset(&ss, 0, sizeof ss);
      ss.ss_sp = mem;
      ss.ss_size = g_altstack_size;
      if (sigaltstack(&ss, NULL) == 0)
        pthread_setspecific(g_altstack_key, mem);
      else
        munmap(mem, g_altstack_size);
    }
  }
  /* Interrupts must reach threads that run Wasm. */
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, rt_interrupt_signal());
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  t->ready = 1;
  __atomic_add_fetch(&g_threads_entered, 1, __ATOMIC_ACQ_REL);
}

size_t rt_threads_entered(void) { return __atomic_load_n(&g_threads_entered, __ATOMIC_ACQUIRE); }

uintptr_t rt_thread_enter(void) {
  rt_thread *t = &t_state;
  if (!t->ready) thread_init(t);
  return t->limit;
}

uint64_t rt_walk_begin(const void **thread) {
  rt_thread *t = &t_state;
  *thread = t;
  t->walking++;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  return ++t->walk_epoch;
}

void rt_walk_end(void) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  t_state.walking--;
}

/* ---- raising traps ---- */

static __attribute__((noreturn)) void unwind(rt_thread *t) {
  if (t->top == NULL) {
    /* No awsm_call on this thread: a helper was called outside Wasm. Nothing to return to. */
    fprintf(stderr, "awsm: trap outside of a Wasm call: %s\n",
            t->has_msg ? t->msg : awsm_trap_message((awsm_trap_kind)t->kind));
    abort();
  }
  siglongjmp(t->top->jb, 1);
}

void awsm_trap(awsm_instance *ctx, uint32_t kind, uint32_t funcidx) {
  rt_thread *t = &t_state;
  if (kind >= AWSM_TRAP_KIND_COUNT) kind = AWSM_TRAP_UNREACHABLE;
  /* A prologue check that failed because an interrupt poisoned the limits. */
  if (kind == AWSM_TRAP_STACK_EXHAUSTED && frames_interrupted(t)) kind = AWSM_TRAP_INTERRUPTED;
  pending(t, kind, funcidx, ctx, 0);
  unwind(t);
}

void awsm_trap_host(awsm_instance *ctx, const char *fmt, ...) {
  rt_thread *t = &t_state;
  pending(t, AWSM_TRAP_HOST, UINT32_MAX, ctx, 0);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(t->msg, sizeof t->msg, fmt, ap);
  va_end(ap);
  t->has_msg = 1;
  unwind(t);
}

void awsm_trap_exit(awsm_instance *ctx, int32_t status) {
  rt_thread *t = &t_state;
  pending(t, AWSM_TRAP_EXIT, UINT32_MAX, ctx, 0);
  t->status = status;
  unwind(t);
}

/* exception.c: weak, so that a program that never sees an exception does not link the
 * unwinder; an error of kind AWSM_ERR_EXCEPTION means exception.c made the exception. */
__attribute__((weak, noreturn)) void awsm_throw(awsm_exn *e);

void awsm_trap_error(awsm_instance *ctx, const awsm_error *err) {
  if (err->kind == AWSM_ERR_EXIT) awsm_trap_exit(ctx, err->exit_status);
  if (err->kind == AWSM_ERR_EXCEPTION && err->exception != NULL) awsm_throw(err->exception);
  rt_thread *t = &t_state;
  pending(t, err->kind == AWSM_ERR_TRAP ? (uint32_t)err->trap : AWSM_TRAP_HOST, UINT32_MAX, ctx, 0);
  snprintf(t->msg, sizeof t->msg, "%s", err->message);
  t->has_msg = 1;
  t->msg_complete = 1;
  unwind(t);
}

/* ---- exceptions (exception.c) ---- */

uintptr_t rt_exn_entry(void) { return (uintptr_t)t_state.top; }

void rt_unwind_exception(awsm_exn *e, const char *msg) {
  rt_thread *t = &t_state;
  pending(t, RT_PENDING_EXCEPTION, UINT32_MAX, NULL, 0);
  t->exn = e;
  t->has_msg = 1;
  snprintf(t->msg, sizeof t->msg, "%s", msg);
  unwind(t);
}

int rt_interrupt_pending(void) {
  rt_thread *t = &t_state;
  return t->top != NULL && frames_interrupted(t);
}

void rt_check_interrupt(void) {
  if (rt_interrupt_pending()) awsm_trap(NULL, AWSM_TRAP_INTERRUPTED, UINT32_MAX);
}

/* ---- protected calls ---- */

typedef struct pc_probe {
  uintptr_t pc, best;
  const awsm_module_desc *mod;
  uint32_t idx;
} pc_probe;

static int probe_pc(rt_instance *r, void *arg) {
  pc_probe *p = arg;
  const awsm_module_desc *d = r->pub.module;
  for (uint32_t i = d->num_imported_funcs; i < d->num_funcs; i++) {
    uintptr_t c = (uintptr_t)d->funcs[i].code;
    if (c != 0 && c <= p->pc && c > p->best) {
      p->best = c;
      p->mod = d;
      p->idx = i;
    }
  }
  return 0;
}

static void fill_error(rt_thread *t, rt_frame *fr, awsm_error *err) {
  if (t->kind == AWSM_TRAP_EXIT) {
    err->kind = AWSM_ERR_EXIT;
    err->exit_status = t->status;
    snprintf(err->message, sizeof err->message, "exit with status %d", (int)t->status);
    return;
  }
  if (t->kind == RT_PENDING_EXCEPTION) {
    err->kind = AWSM_ERR_EXCEPTION;
    err->exception = t->exn;
    snprintf(err->message, sizeof err->message, "%s", t->msg);
    return;
  }
  err->kind = AWSM_ERR_TRAP;
  err->trap = (awsm_trap_kind)t->kind;
  size_t pos = 0;
  err->message[0] = '\0';
  rt_append(err->message, sizeof err->message, &pos, "%s",
            t->has_msg ? t->msg : awsm_trap_message((awsm_trap_kind)t->kind));
  if (t->msg_complete) return;

  const awsm_module_desc *mod = NULL;
  uint32_t idx = UINT32_MAX;
  if (t->ctx != NULL && t->funcidx != UINT32_MAX) {
    mod = t->ctx->module;
    idx = t->funcidx;
  } else if (t->pc != 0) {
    /* A signal: the function with the greatest start address <= PC among the modules of the
     * innermost group on the call chain that has a candidate (so not chain_walk, which would
     * go on to the outer groups). A linear scan, paid only when such a trap happens. */
    pc_probe p = {t->pc, 0, NULL, UINT32_MAX};
    for (rt_frame *f = fr; f != NULL && p.mod == NULL; f = f->prev)
      if (f->inst != NULL) rt_group_walk(rt_of(f->inst), probe_pc, &p);
    mod = p.mod;
    idx = p.idx;
  }
  if (mod != NULL && idx < mod->num_funcs) {
    const char *name = mod->funcs[idx].name;
    if (name != NULL && name[0] != '\0')
      rt_append(err->message, sizeof err->message, &pos, " in function %s", name);
    else
      rt_append(err->message, sizeof err->message, &pos, " in function #%u", idx);
  }
}

/* Leaves a frame: no longer the instance's runner (waiting while an interrupter looks at
 * it), off the watchdog, limits restored if an interrupt poisoned them. */
static void frame_end(rt_thread *t, rt_frame *fr) {
  if (fr->registered) {
    rt_instance *r = rt_of(fr->inst);
    for (;;) {
      uintptr_t expect = (uintptr_t)fr;
      if (__atomic_compare_exchange_n(&r->runner, &expect, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) break;
      sched_yield(); /* an interrupter holds it for a moment */
    }
  }
  if (fr->watch.linked) rt_watch_unlink(fr);
  if (t->poisoned) restore_limits(t, fr);
}

int rt_call_protected(awsm_instance *inst, void (*fn)(void *), void *data, uint64_t deadline, awsm_error *err) {
  rt_thread *const t = &t_state;
  rt_error_clear(err);
  rt_thread_enter();
  if (t->top != NULL && frames_interrupted(t)) {
    /* A host function calling back into Wasm while its caller is being interrupted. */
    err->kind = AWSM_ERR_TRAP;
    err->trap = AWSM_TRAP_INTERRUPTED;
    snprintf(err->message, sizeof err->message, "%s", awsm_trap_message(AWSM_TRAP_INTERRUPTED));
    return -1;
  }
  if (inst != NULL && inst->stack_limit != t->limit) rt_group_set_stack_limit(rt_of(inst), t->limit);
  rt_frame fr;
  fr.prev = t->top;
  fr.inst = inst;
  fr.thread = t;
  fr.interrupted = 0;
  fr.registered = 0;
  memset(&fr.watch, 0, sizeof fr.watch);
  if (inst != NULL) {
    uintptr_t expect = 0;
    /* Fails when a call through inst is already running (a nested one on this thread): the
     * outer frame stays the one interrupts target. */
    fr.registered = __atomic_compare_exchange_n(&rt_of(inst)->runner, &expect, (uintptr_t)&fr, 0, __ATOMIC_ACQ_REL,
                                                __ATOMIC_ACQUIRE);
  }
  if (deadline != 0 && rt_watch_link(&fr, deadline) != 0) {
    frame_end(t, &fr);
    rt_error_set(err, AWSM_ERR_RESOURCE, "cannot start the deadline watchdog thread");
    return -1;
  }
  if (sigsetjmp(fr.jb, 0) == 0) {
    t->top = &fr;
    fn(data);
    t->top = fr.prev;
    frame_end(t, &fr);
    return 0;
  }
  t->top = fr.prev;
  frame_end(t, &fr);
  fill_error(t, &fr, err);
  return -1;
}

/* ---- awsm_call ---- */

typedef struct call_data {
  const awsm_func *f;
  awsm_value *args;
} call_data;

static void call_thunk(void *p) {
  call_data *c = p;
  if (c->f->tramp == rt_generic_trampoline)
    rt_generic_call(c->f->sig, c->f->code, c->f->ctx, c->args);
  else
    c->f->tramp(c->f->code, c->f->ctx, c->args);
}

static int call_deadline(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, uint64_t deadline,
                         awsm_error *err) {
  if (f == NULL || f->tramp == NULL) {
    rt_error_clear(err);
    rt_error_set(err, AWSM_ERR_INVALID, "awsm_call: not a callable function object");
    return -1;
  }
  /* A Wasm function object (funcidx set) carries its instance: use it when the caller gave
   * none, so that its group gets this thread's stack limit. */
  if (inst == NULL && f->funcidx != UINT32_MAX) inst = f->ctx;
  call_data c = {f, args_results};
  return rt_call_protected(inst, call_thunk, &c, deadline, err);
}

int awsm_call(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, awsm_error *err) {
  return call_deadline(inst, f, args_results, 0, err);
}

int awsm_call_with_deadline(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, uint64_t deadline_ns,
                            awsm_error *err) {
  return call_deadline(inst, f, args_results, deadline_ns, err);
}

/* ---- interrupts ---- */

int awsm_instance_interrupt(awsm_instance *inst) {
  if (inst == NULL) return 0;
  rt_instance *r = rt_of(inst);
  uintptr_t cur;
  for (;;) {
    cur = __atomic_load_n(&r->runner, __ATOMIC_ACQUIRE);
    if (cur == 0) return 0;
    if (cur & RUNNER_BUSY) {
      sched_yield();
      continue;
    }
    /* While the busy bit is set the frame cannot end (frame_end waits), so it and its thread
     * stay valid while we signal. */
    if (__atomic_compare_exchange_n(&r->runner, &cur, cur | RUNNER_BUSY, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      break;
  }
  rt_interrupt_frame((rt_frame *)cur);
  __atomic_store_n(&r->runner, cur, __ATOMIC_RELEASE);
  return 1;
}
