;; wasi-threads and the WASI descriptor table: 8 threads open, write and close files in the
;; preopened directory (fd 3) at once. Thread K (0..7) makes 20 files named K-R (K: 'a'+K, R:
;; 'A'+R), each with path_open(CREAT | TRUNC), 100 fd_writes of one 4-byte line
;; ('a'+K, 'A'+R, '0'+I%10, '\n') and fd_close.
;; The test (tests/e2e/threads.test.ts) checks every file's content exactly.
;;
;; Leaks: fd 4 is a preopen of the host's /proc/self/fd. _start counts its entries
;; (fd_readdir) before spawning and after all threads are done: the same count, or no host
;; descriptor leaked. Then a new path_open must get fd 5 (the lowest free number): no guest
;; descriptor leaked either.
;;
;; Exit status (each check its own): 0 all good; 1 a thread saw a WASI error (a failed open
;; ends its work); 2 thread-spawn failed; 3 the host
;; descriptor count changed; 4 the new descriptor is not 5; 5 fd_readdir failed or its buffer
;; was too small.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "env" "memory" (memory 2 2 shared))
  ;; 0: threads done; 4: error flag; 8: readdir bufused; 16: fd of the final open;
  ;; 32: the final file's name "final"; 1024 + K*64: thread K's block (iovec @0, line @16,
  ;; name @32, nwritten @40, new fd @44); 65536..131071: the fd_readdir buffer.
  ;; Passive, copied by _start: an active segment would be written again by every thread's
  ;; instantiation (the same bytes, but a race all the same).
  (data $final "final")

  (func $fail (i32.atomic.store (i32.const 4) (i32.const 1)))

  ;; path_open(3, follow, name, len, CREAT|TRUNC, FD_WRITE, 0, 0, out): the fd or -1.
  (func $create (param $name i32) (param $len i32) (param $out i32) (result i32)
    (if (call $path_open (i32.const 3) (i32.const 1) (local.get $name) (local.get $len)
          (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (local.get $out))
      (then (return (i32.const -1))))
    (i32.load (local.get $out)))

  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (local $b i32) (local $r i32) (local $i i32) (local $fd i32)
    (local.set $b (i32.add (i32.const 1024) (i32.mul (local.get $k) (i32.const 64))))
    ;; the iovec: one 4-byte line at b+16
    (i32.store (local.get $b) (i32.add (local.get $b) (i32.const 16)))
    (i32.store offset=4 (local.get $b) (i32.const 4))
    (i32.store8 offset=16 (local.get $b) (i32.add (i32.const 0x61) (local.get $k)))
    (i32.store8 offset=19 (local.get $b) (i32.const 0x0a))
    (i32.store8 offset=32 (local.get $b) (i32.add (i32.const 0x61) (local.get $k)))
    (i32.store8 offset=33 (local.get $b) (i32.const 0x2d))
    (block $out (loop $files
      (i32.store8 offset=34 (local.get $b) (i32.add (i32.const 0x41) (local.get $r)))
      (i32.store8 offset=17 (local.get $b) (i32.add (i32.const 0x41) (local.get $r)))
      (local.set $fd (call $create (i32.add (local.get $b) (i32.const 32)) (i32.const 3)
                       (i32.add (local.get $b) (i32.const 44))))
      (if (i32.lt_s (local.get $fd) (i32.const 0)) (then (call $fail) (br $out)))
      (local.set $i (i32.const 0))
      (loop $lines
        (i32.store8 offset=18 (local.get $b) (i32.add (i32.const 0x30) (i32.rem_u (local.get $i) (i32.const 10))))
        (if (i32.or
              (call $fd_write (local.get $fd) (local.get $b) (i32.const 1) (i32.add (local.get $b) (i32.const 40)))
              (i32.ne (i32.load offset=40 (local.get $b)) (i32.const 4)))
          (then (call $fail)))
        (br_if $lines (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))
      (if (call $fd_close (local.get $fd)) (then (call $fail)))
      (br_if $files (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 20)))))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))

  ;; The entries of the host's /proc/self/fd (fd 4), "." and ".." included.
  (func $host_fds (result i32)
    (local $p i32) (local $end i32) (local $n i32)
    (if (call $fd_readdir (i32.const 4) (i32.const 65536) (i32.const 65536) (i64.const 0) (i32.const 8))
      (then (call $exit (i32.const 5))))
    (local.set $end (i32.add (i32.const 65536) (i32.load (i32.const 8))))
    (if (i32.ge_u (i32.load (i32.const 8)) (i32.const 65536)) (then (call $exit (i32.const 5))))
    (local.set $p (i32.const 65536))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 24)) (local.get $end)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.add (i32.const 24) (i32.load offset=16 (local.get $p)))))
        (br $next)))
    (local.get $n))

  (func (export "_start")
    (local $k i32) (local $d i32) (local $before i32) (local $fd i32)
    (memory.init $final (i32.const 32) (i32.const 0) (i32.const 5))
    (local.set $before (call $host_fds))
    (loop $s
      (if (i32.le_s (call $spawn (local.get $k)) (i32.const 0)) (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 8))))
    (loop $w
      (local.set $d (i32.atomic.load (i32.const 0)))
      (if (i32.lt_u (local.get $d) (i32.const 8))
        (then (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1))) (br $w))))
    (if (i32.atomic.load (i32.const 4)) (then (call $exit (i32.const 1))))
    (if (i32.ne (call $host_fds) (local.get $before)) (then (call $exit (i32.const 3))))
    (local.set $fd (call $create (i32.const 32) (i32.const 5) (i32.const 16)))
    (if (i32.ne (local.get $fd) (i32.const 5)) (then (call $exit (i32.const 4))))
    (drop (call $fd_close (local.get $fd)))
    (call $exit (i32.const 0))))
