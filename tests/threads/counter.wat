;; wasi-threads: 8 threads each add 1 to one counter 100,000 times with i32.atomic.rmw.add;
;; _start waits (memory.atomic.wait32 on the done count) until all 8 are done and exits 0 when
;; the counter is exactly 800,000, 1 otherwise, 2 when a thread could not be spawned.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: the counter; 4: threads done
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100000))))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))
  (func (export "_start")
    (local $n i32) (local $d i32)
    (loop $s
      (if (i32.le_s (call $spawn (local.get $n)) (i32.const 0)) (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 8))))
    (loop $w
      (local.set $d (i32.atomic.load (i32.const 4)))
      (if (i32.lt_u (local.get $d) (i32.const 8))
        (then (drop (memory.atomic.wait32 (i32.const 4) (local.get $d) (i64.const -1))) (br $w))))
    (call $exit (i32.ne (i32.atomic.load (i32.const 0)) (i32.const 800000)))))
