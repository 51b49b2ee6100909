;; wasi-threads: thread 0 grows the shared memory one page at a time from 1 to 64 pages while
;; threads 1 and 2 read memory.size again and again and write and read back a word in the last
;; 64 bytes of the size they saw (near the end as it was before the growth that follows): a
;; thread never sees a size larger than what it may access, so none of them traps. _start
;; waits for the 3 threads and exits 0; 3 when a word read back differs; 4 when a grow failed;
;; 2 when a thread could not be spawned. A trap would end the process with status 134.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 65 shared))
  ;; 0: threads done; 4: growth finished; 8: failure code
  (func $grower
    (local $i i32)
    (loop $l
      (if (i32.lt_s (memory.grow (i32.const 1)) (i32.const 0)) (then (i32.atomic.store (i32.const 8) (i32.const 4))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 63))))
    (i32.atomic.store (i32.const 4) (i32.const 1)))
  (func $accessor (param $k i32)
    (local $addr i32) (local $v i64) (local $n i64)
    (loop $l
      (local.set $n (i64.add (local.get $n) (i64.const 1)))
      (local.set $v (i64.or (i64.shl (i64.extend_i32_u (local.get $k)) (i64.const 48)) (local.get $n)))
      (local.set $addr (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.shl (local.get $k) (i32.const 4))))
      (i64.store (local.get $addr) (local.get $v))
      (if (i64.ne (i64.load (local.get $addr)) (local.get $v)) (then (i32.atomic.store (i32.const 8) (i32.const 3))))
      (br_if $l (i32.eqz (i32.atomic.load (i32.const 4))))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.eqz (local.get $arg)) (then (call $grower)) (else (call $accessor (local.get $arg))))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (local $d i32)
    ;; the accessors first, so that they run while the memory grows
    (if (i32.le_s (call $spawn (i32.const 1)) (i32.const 0)) (then (call $exit (i32.const 2))))
    (if (i32.le_s (call $spawn (i32.const 2)) (i32.const 0)) (then (call $exit (i32.const 2))))
    (if (i32.le_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 2))))
    (loop $w
      (local.set $d (i32.atomic.load (i32.const 0)))
      (if (i32.lt_u (local.get $d) (i32.const 3))
        (then (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1))) (br $w))))
    (if (i32.ne (memory.size) (i32.const 64)) (then (call $exit (i32.const 5))))
    (call $exit (i32.atomic.load (i32.const 8)))))
