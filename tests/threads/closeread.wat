;; wasi-threads and the WASI descriptor table: one thread blocks in fd_read on a pipe while
;; another closes (round 1) or renumbers over (round 2) that descriptor; in round 3 the
;; descriptor is closed before the reader starts (its read must be EBADF). fd 3 is a preopened
;; directory holding a FIFO named "fifo" (made by the test); fd 4 a preopen of the host's
;; /proc/self/fd (host descriptors are counted as in files.wat).
;;
;; Each round: _start opens the FIFO for reading and writing (a FIFO opened so never blocks),
;; spawns the reader, waits until it is about to read, sleeps 50 ms (it is then blocked in
;; the read), then fd_close(fd) (round 1) or fd_renumber(a new file, fd) (round 2), then opens
;; the FIFO again, writes "hello" into it and closes that. The reader's fd_read must end cleanly:
;; with the 5 bytes "hello" (it was blocked on the host descriptor, which stayed open for it) or
;; with EBADF / ENOTCAPABLE (it looked the number up after the close or renumber). stdout gets
;; one letter per round, 'd' (data) or 'e' (a clean error), then a newline; round 3 must be 'e'.
;;
;; Exit status: 0 good; 1 another result of the read (or data in round 3); 2 thread-spawn
;; failed; 3 the host descriptor count changed (the closed pipe's host descriptor was not
;; closed after the read, or closed twice); 4 a WASI call of _start failed; 5 fd_readdir failed.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 2 2 shared))
  ;; 0: phase (1: the reader is about to read); 4: the read's errno; 8: its byte count;
  ;; 12: the descriptor; 16: reader done; 20: readdir bufused; 24: an open's result;
  ;; 32: the reader's iovec (256, 64); 48: the writer's iovec (520, 5); 56: nwritten;
  ;; 64: the output letters; 256: the reader's buffer; 512: "fifo"; 520: "hello";
  ;; 528: "other"; 704: the sleep subscription (clock 1, 50 ms); 768: its event; 800: nevents;
  ;; 65536..131071: the fd_readdir buffer.
  ;; Passive segments, copied by _start (active ones would be written again by every thread's
  ;; instantiation: the same bytes, but a race all the same).
  (data $iovs "\00\01\00\00\40\00\00\00\00\00\00\00\00\00\00\00\08\02\00\00\05\00\00\00")
  (data $names "fifo\00\00\00\00hello\00\00\00other")
  (data $sleep "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\80\f0\fa\02\00\00\00\00")

  ;; path_open(3, follow, name, len, oflags, base rights, 0, 0): the fd, or exit 4.
  (func $open (param $name i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
    (if (call $path_open (i32.const 3) (i32.const 1) (local.get $name) (local.get $len)
          (local.get $oflags) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 24))
      (then (call $exit (i32.const 4))))
    (i32.load (i32.const 24)))

  (func $check (param $r i32) (if (local.get $r) (then (call $exit (i32.const 4)))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $fd i32)
    (local.set $fd (i32.load (i32.const 12)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store (i32.const 4) (call $fd_read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 8)))
    (i32.atomic.store (i32.const 16) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 16) (i32.const 1))))

  ;; The entries of the host's /proc/self/fd (fd 4).
  (func $host_fds (result i32)
    (local $p i32) (local $end i32) (local $n i32)
    (if (call $fd_readdir (i32.const 4) (i32.const 65536) (i32.const 65536) (i64.const 0) (i32.const 20))
      (then (call $exit (i32.const 5))))
    (if (i32.ge_u (i32.load (i32.const 20)) (i32.const 65536)) (then (call $exit (i32.const 5))))
    (local.set $end (i32.add (i32.const 65536) (i32.load (i32.const 20))))
    (local.set $p (i32.const 65536))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 24)) (local.get $end)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.add (i32.const 24) (i32.load offset=16 (local.get $p)))))
        (br $next)))
    (local.get $n))

  ;; Waits until the word at $addr is nonzero.
  (func $await (param $addr i32)
    (loop $w
      (if (i32.eqz (i32.atomic.load (local.get $addr)))
        (then (drop (memory.atomic.wait32 (local.get $addr) (i32.const 0) (i64.const -1))) (br $w)))))

  (func $round (param $mode i32)
    (local $fd i32) (local $w i32) (local $err i32)
    ;; FD_READ | FD_WRITE: O_RDWR
    (local.set $fd (call $open (i32.const 512) (i32.const 4) (i32.const 0) (i64.const 66)))
    (i32.store (i32.const 12) (local.get $fd))
    (if (i32.eq (local.get $mode) (i32.const 2)) (then (call $check (call $fd_close (local.get $fd)))))
    (i32.atomic.store (i32.const 0) (i32.const 0))
    (i32.atomic.store (i32.const 16) (i32.const 0))
    (if (i32.le_s (call $spawn (local.get $mode)) (i32.const 0)) (then (call $exit (i32.const 2))))
    (call $await (i32.const 0))
    (call $check (call $poll (i32.const 704) (i32.const 768) (i32.const 1) (i32.const 800)))
    (if (i32.eqz (local.get $mode))
      (then (call $check (call $fd_close (local.get $fd)))))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        ;; CREAT | TRUNC, FD_WRITE only: a read of it is ENOTCAPABLE
        (local.set $w (call $open (i32.const 528) (i32.const 5) (i32.const 9) (i64.const 64)))
        (call $check (call $fd_renumber (local.get $w) (local.get $fd)))))
    ;; FD_WRITE: O_WRONLY, which does not block while the reader's end is open (not in round 3,
    ;; where nothing is written)
    (if (i32.ne (local.get $mode) (i32.const 2)) (then
      (local.set $w (call $open (i32.const 512) (i32.const 4) (i32.const 0) (i64.const 64)))
      (call $check (call $fd_write (local.get $w) (i32.const 48) (i32.const 1) (i32.const 56)))
      (call $check (call $fd_close (local.get $w)))))
    (call $await (i32.const 16))
    (local.set $err (i32.load (i32.const 4)))
    (if (i32.and (i32.eqz (local.get $err))
          (i32.and (i32.eq (i32.load (i32.const 8)) (i32.const 5))
                   (i64.eq (i64.load (i32.const 256)) (i64.load (i32.const 520)))))
      (then
        (if (i32.eq (local.get $mode) (i32.const 2)) (then (call $exit (i32.const 1))))
        (i32.store8 offset=64 (local.get $mode) (i32.const 0x64)))
      (else
        (if (i32.or (i32.eq (local.get $err) (i32.const 8)) (i32.eq (local.get $err) (i32.const 76)))
          (then (i32.store8 offset=64 (local.get $mode) (i32.const 0x65)))
          (else (call $exit (i32.const 1))))))
    ;; round 2: the renumbered file now has the number
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (call $check (call $fd_close (local.get $fd))))))

  (func (export "_start")
    (local $before i32)
    (memory.init $iovs (i32.const 32) (i32.const 0) (i32.const 24))
    (memory.init $names (i32.const 512) (i32.const 0) (i32.const 21))
    (memory.init $sleep (i32.const 704) (i32.const 0) (i32.const 32))
    (local.set $before (call $host_fds))
    (call $round (i32.const 0))
    (call $round (i32.const 1))
    (call $round (i32.const 2))
    (if (i32.ne (call $host_fds) (local.get $before)) (then (call $exit (i32.const 3))))
    (i32.store8 (i32.const 67) (i32.const 0x0a))
    ;; the letters: iovec (64, 4) at 48
    (i32.store (i32.const 48) (i32.const 64))
    (i32.store (i32.const 52) (i32.const 4))
    (call $check (call $fd_write (i32.const 1) (i32.const 48) (i32.const 1) (i32.const 56)))
    (call $exit (i32.const 0))))
