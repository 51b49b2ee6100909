/* The guest's memory management (docs/elf.md, "Memory"): brk over [brk_start, brk_start +
   BRK_LIMIT) and anonymous mmap over the area above it up to 4 GiB - 64 KiB, both in linear
   memory, which grows (memory.grow) as far as the highest byte in use. The mmap area is a
   bitmap of 4 KiB pages, first fit from the lowest free page; a page that was used before is
   zeroed when it is handed out again, fresh memory is zero already. File mappings are read in
   (a private copy); shared writable file mappings are refused with ENODEV. */
#include <string.h>

#include "elf_rt.h"

#define MMAP_TOP (0xffff0000u)
#define MAX_PAGES ((MMAP_TOP) / PAGE)

enum { PROT_WRITE = 2, MAP_SHARED = 1, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000 };
enum { MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MADV_DONTNEED = 4 };

static uint32_t brk_start, brk_cur, brk_max;
/* The mmap area: pages [mmap_first, MAX_PAGES) of linear memory. */
static uint32_t mmap_first;
/* Pages below this one have been handed out before (and may hold old bytes). */
static uint32_t mmap_used_below;
/* The lowest page that may be free. */
static uint32_t mmap_hint;
/* One bit per page of linear memory (only the mmap area's bits are used): 1 = mapped. */
static uint32_t bitmap[MAX_PAGES / 32];

int awsm_elf_reserve(uint64_t end) {
  uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * WASM_PAGE;
  if (end <= have) return 0;
  uint64_t pages = (end - have + WASM_PAGE - 1) / WASM_PAGE;
  return __builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1 ? -1 : 0;
}

void awsm_elf_mem_init(uint32_t base) {
  brk_start = brk_cur = (base + PAGE - 1) & ~(PAGE - 1);
  brk_max = brk_start + BRK_LIMIT;
  mmap_first = mmap_used_below = mmap_hint = brk_max / PAGE;
}

static int bit(uint32_t p) {
  return (bitmap[p / 32] >> (p % 32)) & 1;
}

static void set_bits(uint32_t p, uint32_t n, int on) {
  for (uint32_t i = p; i < p + n; i++) {
    if (on) bitmap[i / 32] |= 1u << (i % 32);
    else bitmap[i / 32] &= ~(1u << (i % 32));
  }
}

/* Whether pages [p, p + n) are all free and inside the mmap area. */
static int all_free(uint32_t p, uint32_t n) {
  if (p < mmap_first || n > MAX_PAGES - p) return 0;
  for (uint32_t i = p; i < p + n; i++)
    if (bit(i)) return 0;
  return 1;
}

/* Maps pages [p, p + n): marks them, grows memory, zeroes the ones used before. 0 or -ENOMEM. */
static int64_t take(uint32_t p, uint32_t n) {
  if (awsm_elf_reserve((uint64_t)(p + n) * PAGE) != 0) return -L_ENOMEM;
  set_bits(p, n, 1);
  if (p < mmap_used_below) {
    uint32_t dirty = (p + n < mmap_used_below ? p + n : mmap_used_below) - p;
    memset(guest((uint64_t)p * PAGE), 0, (size_t)dirty * PAGE);
  }
  if (p + n > mmap_used_below) mmap_used_below = p + n;
  return 0;
}

/* The first run of `n` free pages, or 0 when there is none. */
static uint32_t find_free(uint32_t n) {
  for (uint32_t p = mmap_hint; p + n <= MAX_PAGES;) {
    uint32_t run = 0;
    while (run < n && !bit(p + run)) run++;
    if (run == n) return p;
    p += run + 1;
  }
  return 0;
}

/* Unmaps pages [p, p + n) of the mmap area (pages outside it are left alone). */
static void give_back(uint32_t p, uint32_t n) {
  if (p < mmap_first) {
    if (p + n <= mmap_first) return;
    n -= mmap_first - p;
    p = mmap_first;
  }
  if (p >= MAX_PAGES) return;
  if (n > MAX_PAGES - p) n = MAX_PAGES - p;
  set_bits(p, n, 0);
  if (p < mmap_hint) mmap_hint = p;
}

int64_t sys_brk(struct a64_state *st) {
  uint64_t want = ARG(0);
  if (want < brk_start || want > brk_max) return brk_cur;
  if (awsm_elf_reserve(want) != 0) return brk_cur;
  /* Memory given back and taken again must read as zero, as Linux's does. */
  if (want < brk_cur) memset(guest(want), 0, brk_cur - want);
  brk_cur = (uint32_t)want;
  return brk_cur;
}

/* Reads `len` bytes of `fd` at `off` into the new mapping at `addr` (a private file mapping). */
static int64_t read_in(uint32_t addr, uint64_t len, uint32_t fd, uint64_t off) {
  while (len > 0) {
    __wasi_iovec_t iov = {guest(addr), (size_t)len};
    __wasi_size_t n;
    __wasi_errno_t e = __wasi_fd_pread(fd, &iov, 1, off, &n);
    if (e != 0) return awsm_elf_errno(e);
    if (n == 0) break; /* past the end of the file: the rest stays zero */
    addr += n;
    off += n;
    len -= n;
  }
  return 0;
}

int64_t sys_mmap(struct a64_state *st) {
  uint64_t addr = ARG(0), len = ARG(1), off = ARG(5);
  uint32_t prot = (uint32_t)ARG(2), flags = (uint32_t)ARG(3);
  int32_t fd = (int32_t)ARG(4);
  if (len == 0 || len > MMAP_TOP || (addr & (PAGE - 1)) != 0 || (off & (PAGE - 1)) != 0) return -L_EINVAL;
  int file = !(flags & MAP_ANONYMOUS) && fd >= 0;
  if (file && (flags & MAP_SHARED) && (prot & PROT_WRITE)) return -L_ENODEV;
  uint32_t n = (uint32_t)((len + PAGE - 1) / PAGE);
  uint32_t p;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    p = (uint32_t)(addr / PAGE);
    if (p < mmap_first || n > MAX_PAGES - p) return -L_ENOMEM;
    if (!all_free(p, n)) {
      if (flags & MAP_FIXED_NOREPLACE) return -L_EEXIST;
      give_back(p, n); /* MAP_FIXED replaces what was there */
    }
  } else {
    p = find_free(n);
    if (p == 0) return -L_ENOMEM;
  }
  int64_t r = take(p, n);
  if (r != 0) return r;
  if (p == mmap_hint) mmap_hint = p + n;
  if (file && (r = read_in(p * PAGE, len, (uint32_t)fd, off)) != 0) {
    give_back(p, n);
    return r;
  }
  return (int64_t)p * PAGE;
}

int64_t sys_munmap(struct a64_state *st) {
  uint64_t addr = ARG(0), len = ARG(1);
  if ((addr & (PAGE - 1)) != 0 || len == 0) return -L_EINVAL;
  give_back((uint32_t)(addr / PAGE), (uint32_t)((len + PAGE - 1) / PAGE));
  return 0;
}

int64_t sys_mremap(struct a64_state *st) {
  uint64_t addr = ARG(0), old_len = ARG(1), new_len = ARG(2);
  uint32_t flags = (uint32_t)ARG(3);
  if ((addr & (PAGE - 1)) != 0 || new_len == 0 || (flags & MREMAP_FIXED)) return -L_EINVAL;
  uint32_t p = (uint32_t)(addr / PAGE);
  uint32_t on = (uint32_t)((old_len + PAGE - 1) / PAGE), nn = (uint32_t)((new_len + PAGE - 1) / PAGE);
  if (p < mmap_first || on > MAX_PAGES - p) return -L_EFAULT;
  if (nn <= on) {
    give_back(p + nn, on - nn);
    return (int64_t)addr;
  }
  if (all_free(p + on, nn - on)) {
    int64_t r = take(p + on, nn - on);
    return r != 0 ? r : (int64_t)addr;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -L_ENOMEM;
  uint32_t q = find_free(nn);
  if (q == 0 || take(q, nn) != 0) return -L_ENOMEM;
  memcpy(guest((uint64_t)q * PAGE), guest(addr), (size_t)on * PAGE);
  give_back(p, on);
  return (int64_t)q * PAGE;
}

int64_t sys_madvise(struct a64_state *st) {
  uint64_t addr = ARG(0), len = ARG(1);
  /* MADV_DONTNEED on private anonymous memory: the next read sees zeros. */
  if (ARG(2) == MADV_DONTNEED && addr >= brk_start && addr + len <= MMAP_TOP && len <= MMAP_TOP) {
    uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * WASM_PAGE;
    if (addr < have) memset(guest(addr), 0, (size_t)((addr + len < have ? addr + len : have) - addr));
  }
  return 0;
}
