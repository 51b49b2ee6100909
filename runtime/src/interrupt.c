/*
 * interrupt.c — interrupting running Wasm: the interrupt signal, deadlines and the watchdog.
 *
 * awsm_instance_interrupt (trap.c) finds the frame of the call that entered through the
 * instance and calls rt_interrupt_frame: the frame is marked interrupted, its thread gets the
 * interrupt signal at once, and the frame's watch is linked into the watchdog so that the
 * signal is repeated (1 ms, then doubling up to 16 ms) until the frame ends: a signal that
 * arrives while the thread is in host code or the runtime cannot unwind (trap.c explains),
 * and a later one will find it back in generated code.
 *
 * awsm_call_with_deadline links its frame's watch with the deadline as its first due time.
 *
 * The watchdog is one thread, started on first use, sleeping on a condition variable
 * (CLOCK_MONOTONIC) until the earliest due time. Its list is guarded by one lock; a frame
 * unlinks itself before it ends (frame_end), so the watchdog only ever signals threads that
 * are inside a frame. The watchdog blocks every signal. After fork() the child starts with an
 * empty list and starts its own watchdog when it needs one (pthread_atfork).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define RESEND_FIRST_NS 1000000ull   /* 1 ms */
#define RESEND_MAX_NS 16000000ull    /* 16 ms */

static int g_signal; /* 0 until resolved */
static int g_fixed;  /* the handlers use it: it can no longer change (guarded by g_sig_lock) */
static pthread_mutex_t g_sig_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond;
static rt_watch *g_head;
static pthread_once_t g_init_once = PTHREAD_ONCE_INIT;
static int g_started; /* 1 running, -1 failed to start, 0 not yet (guarded by g_lock) */

uint64_t awsm_monotonic_ns(void) { return rt_clock_ns(CLOCK_MONOTONIC); }

/* ---- the signal ---- */

int rt_interrupt_signal(void) {
  int s = __atomic_load_n(&g_signal, __ATOMIC_ACQUIRE);
  return s != 0 ? s : rt_interrupt_signal_fix();
}

int rt_interrupt_signal_fix(void) {
  pthread_mutex_lock(&g_sig_lock);
  if (g_signal == 0) __atomic_store_n(&g_signal, SIGRTMIN + 3, __ATOMIC_RELEASE);
  g_fixed = 1;
  int s = g_signal;
  pthread_mutex_unlock(&g_sig_lock);
  return s;
}

int awsm_interrupt_signal(void) { return rt_interrupt_signal(); }

int awsm_set_interrupt_signal(int sig) {
  if (sig <= 0 || sig > SIGRTMAX || sig == SIGSEGV || sig == SIGBUS || sig == SIGKILL || sig == SIGSTOP) return -1;
  pthread_mutex_lock(&g_sig_lock);
  int rc = -1;
  if (!g_fixed) {
    __atomic_store_n(&g_signal, sig, __ATOMIC_RELEASE);
    rc = 0;
  }
  pthread_mutex_unlock(&g_sig_lock);
  return rc;
}

/* ---- the watchdog ---- */

static void *watchdog_main(void *arg) {
  (void)arg;
  int sig = rt_interrupt_signal();
  pthread_mutex_lock(&g_lock);
  for (;;) {
    uint64_t now = rt_clock_ns(CLOCK_MONOTONIC);
    uint64_t next = UINT64_MAX;
    for (rt_watch *w = g_head; w != NULL; w = w->next) {
      if (w->due <= now) {
        __atomic_store_n(&w->frame->interrupted, 1, __ATOMIC_RELEASE);
        pthread_kill(w->thread, sig);
        w->resend = w->resend == 0 ? RESEND_FIRST_NS : w->resend * 2;
        if (w->resend > RESEND_MAX_NS) w->resend = RESEND_MAX_NS;
        w->due = now + w->resend;
      }
      if (w->due < next) next = w->due;
    }
    if (next == UINT64_MAX) {
      pthread_cond_wait(&g_cond, &g_lock);
    } else {
      struct timespec ts = {(time_t)(next / 1000000000ull), (long)(next % 1000000000ull)};
      pthread_cond_timedwait(&g_cond, &g_lock, &ts);
    }
  }
  return NULL;
}

/* fork: the child has no watchdog thread and none of the parent's frames. */
static void atfork_prepare(void) { pthread_mutex_lock(&g_lock); }
static void atfork_parent(void) { pthread_mutex_unlock(&g_lock); }
static void atfork_child(void) {
  g_head = NULL;
  g_started = 0;
  pthread_mutex_unlock(&g_lock);
}

static void init_once(void) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&g_cond, &ca);
  pthread_condattr_destroy(&ca);
  pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

/* Starts the watchdog thread unless it runs (in this process); 1 if it runs. g_lock held. */
static int ensure_watchdog_locked(void) {
  if (g_started != 0) return g_started == 1;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old); /* inherited by the new thread */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 << 10);
  pthread_t th;
  g_started = pthread_create(&th, &attr, watchdog_main, NULL) == 0 ? 1 : -1;
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return g_started == 1;
}

/* Links w under g_lock; the caller holds it. */
static void link_locked(rt_watch *w) {
  w->prev = NULL;
  w->next = g_head;
  if (g_head != NULL) g_head->prev = w;
  g_head = w;
  w->linked = 1;
  pthread_cond_signal(&g_cond);
}

/* Links f's watch (due at `due`, then repeating every `resend`, 0 for none yet) into the
 * watchdog, or brings a linked one forward to `due` (with `resend` unless 0); 0, or -1 if the
 * watchdog cannot run. */
static int watch_arm(rt_frame *f, uint64_t due, uint64_t resend) {
  pthread_once(&g_init_once, init_once);
  rt_watch *w = &f->watch;
  pthread_mutex_lock(&g_lock);
  int ok = ensure_watchdog_locked();
  if (ok && !w->linked) {
    w->frame = f;
    w->thread = f->thread->self;
    w->resend = resend;
    w->due = due;
    link_locked(w);
  } else if (ok && due < w->due) {
    if (resend != 0) w->resend = resend; /* a deadline brought forward keeps its interval */
    w->due = due;
    pthread_cond_signal(&g_cond);
  }
  pthread_mutex_unlock(&g_lock);
  return ok ? 0 : -1;
}

int rt_watch_link(rt_frame *f, uint64_t due) { return watch_arm(f, due, 0); }

void rt_watch_unlink(rt_frame *f) {
  rt_watch *w = &f->watch;
  pthread_mutex_lock(&g_lock);
  if (w->linked) {
    if (w->prev != NULL)
      w->prev->next = w->next;
    else
      g_head = w->next;
    if (w->next != NULL) w->next->prev = w->prev;
    w->linked = 0;
  }
  pthread_mutex_unlock(&g_lock);
}

void rt_interrupt_frame(rt_frame *f) {
  __atomic_store_n(&f->interrupted, 1, __ATOMIC_RELEASE);
  pthread_kill(f->thread->self, rt_interrupt_signal());
  /* Repeat until the frame ends. Without a watchdog, the single signal and the poisoned
   * limits are all there is. */
  watch_arm(f, rt_clock_ns(CLOCK_MONOTONIC) + RESEND_FIRST_NS, RESEND_FIRST_NS);
}
