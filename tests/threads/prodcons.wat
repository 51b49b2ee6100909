;; wasi-threads: a mutex and a condition variable built from wait/notify; 2 producers put the
;; items 1..N (N = 1,000,000) into a ring of 256 slots, 2 consumers take them out and add up
;; their count and sum under the mutex. _start waits until the 4 threads are done and exits 0
;; when count = N and sum = N(N+1)/2 (nothing lost, nothing duplicated), 1 when not, 2 when a
;; thread could not be spawned.
;;
;; Mutex (Drepper, "Futexes are tricky", mutex 2): 0 unlocked, 1 locked, 2 locked with waiters.
;; Condition variable: a sequence number; wait reads it, unlocks, waits while it is unchanged,
;; locks again; signal and broadcast bump it and notify one or all.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (global $N i32 (i32.const 1000000))
  ;; 0 mutex; 4 cond "not full"; 8 cond "not empty"; 12 head (items put); 16 tail (items
  ;; taken); 20 threads done; 24 count; 32 sum (i64); 64.. the ring (256 × i32)
  (func $lock
    (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 0) (i32.const 1)))
    (if (i32.eqz (local.get $c)) (then (return)))
    (if (i32.ne (local.get $c) (i32.const 2))
      (then (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))))
    (block $got
      (loop $l
        (br_if $got (i32.eqz (local.get $c)))
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 2) (i64.const -1)))
        (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))
        (br $l))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 0) (i32.const 1)) (i32.const 1))
      (then
        (i32.atomic.store (i32.const 0) (i32.const 0))
        (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))))
  (func $cond_wait (param $cv i32)
    (local $seq i32)
    (local.set $seq (i32.atomic.load (local.get $cv)))
    (call $unlock)
    (drop (memory.atomic.wait32 (local.get $cv) (local.get $seq) (i64.const -1)))
    (call $lock))
  (func $cond_notify (param $cv i32) (param $n i32)
    (drop (i32.atomic.rmw.add (local.get $cv) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $cv) (local.get $n))))
  (func $slot (param $i i32) (result i32)
    (i32.add (i32.const 64) (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2))))
  ;; Producer p (0 or 1) puts p+1, p+3, p+5, … ≤ N.
  (func $produce (param $p i32)
    (local $item i32)
    (local.set $item (i32.add (local.get $p) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (local.get $item) (global.get $N)))
        (call $lock)
        (block $room
          (loop $full
            (br_if $room (i32.lt_u (i32.sub (i32.load (i32.const 12)) (i32.load (i32.const 16))) (i32.const 256)))
            (call $cond_wait (i32.const 4))
            (br $full)))
        (i32.store (call $slot (i32.load (i32.const 12))) (local.get $item))
        (i32.store (i32.const 12) (i32.add (i32.load (i32.const 12)) (i32.const 1)))
        (call $cond_notify (i32.const 8) (i32.const 1))
        (call $unlock)
        (local.set $item (i32.add (local.get $item) (i32.const 2)))
        (br $l))))
  ;; A consumer takes items until N have been taken; the one taking the last wakes the others.
  (func $consume
    (local $item i32)
    (block $done
      (loop $l
        (call $lock)
        (block $some
          (loop $empty
            (br_if $some (i32.ne (i32.load (i32.const 12)) (i32.load (i32.const 16))))
            (if (i32.ge_u (i32.load (i32.const 16)) (global.get $N)) (then (call $unlock) (br $done)))
            (call $cond_wait (i32.const 8))
            (br $empty)))
        (local.set $item (i32.load (call $slot (i32.load (i32.const 16)))))
        (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))
        (i32.store (i32.const 24) (i32.add (i32.load (i32.const 24)) (i32.const 1)))
        (i64.store (i32.const 32) (i64.add (i64.load (i32.const 32)) (i64.extend_i32_u (local.get $item))))
        (call $cond_notify (i32.const 4) (i32.const 1))
        (if (i32.ge_u (i32.load (i32.const 16)) (global.get $N))
          (then (call $cond_notify (i32.const 8) (i32.const -1))))
        (call $unlock)
        (br $l))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.lt_u (local.get $arg) (i32.const 2))
      (then (call $produce (local.get $arg)))
      (else (call $consume)))
    (drop (i32.atomic.rmw.add (i32.const 20) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 20) (i32.const 1))))
  (func (export "_start")
    (local $n i32) (local $d i32)
    (loop $s
      (if (i32.le_s (call $spawn (local.get $n)) (i32.const 0)) (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 4))))
    (loop $w
      (local.set $d (i32.atomic.load (i32.const 20)))
      (if (i32.lt_u (local.get $d) (i32.const 4))
        (then (drop (memory.atomic.wait32 (i32.const 20) (local.get $d) (i64.const -1))) (br $w))))
    (call $exit
      (i32.or
        (i32.ne (i32.load (i32.const 24)) (global.get $N))
        (i64.ne (i64.load (i32.const 32))
          (i64.div_u (i64.mul (i64.extend_i32_u (global.get $N)) (i64.add (i64.extend_i32_u (global.get $N)) (i64.const 1))) (i64.const 2)))))))
