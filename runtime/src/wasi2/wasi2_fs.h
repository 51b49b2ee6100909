/*
 * wasi2_fs.h — what the two wasi:filesystem files share (wasi2_fs.c: preopens and the
 * descriptor methods without a path; wasi2_fs_path.c: the *-at methods).
 */
#ifndef AWSM_WASI2_FS_H
#define AWSM_WASI2_FS_H

#include <sys/stat.h>
#include <time.h>

#include "wasi2_internal.h"

/* The error-code (enum of wasi:filesystem/types) of a preview1 errno. */
uint8_t wasi2_fs_code(uint32_t p1);
/* Stores result<T, error-code> at r: ok (disc 0; the caller stores T) when p1 is
 * WASI_ESUCCESS, else err with the code at r + payload (T's alignment: 1, 4 or 8). */
void wasi2_fs_result(uint8_t *r, uint32_t payload, uint32_t p1);
/* descriptor-type of a host stat mode. */
uint8_t wasi2_fs_type_of_mode(unsigned mode);
/* The descriptor of handle h (traps when it is not one). */
wasi2_file *wasi2_fs_file(const awsm_canon_opts *o, uint32_t h);
/* A new descriptor handle owning host descriptor fd (closed if this traps). */
uint32_t wasi2_fs_new_descriptor(const awsm_canon_opts *o, int fd, uint8_t flags);
/* The stat of host descriptor fd as result<descriptor-stat, error-code> (stat or code @8,
 * 104 bytes) at r, or with `hash` as result<metadata-hash-value, error-code> (24 bytes). */
void wasi2_fs_stat_result(uint8_t *r, int fd, int hash);
/* A lifted new-timestamp (disc: no-change, now, timestamp; traps past 2) as utimensat's. */
void wasi2_fs_times(uint32_t disc, uint64_t sec, uint32_t ns, struct timespec *ts);

#endif /* AWSM_WASI2_FS_H */
