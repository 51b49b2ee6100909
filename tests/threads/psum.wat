;; wasi-threads speed figure (docs/threads.md): a parallel sum of f(i) = mix(i) over
;; i < 2^30 (a multiply-xorshift hash, pure computation), split between T threads, T = 1 or 2
;; from the first argument ("1" or "2"; default 1). _start waits for them and exits with the low
;; 7 bits of the total, the same for every T (the sum is exact in 64 bits, mod 2^64).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: threads done; 4: T; 64 + 8k: thread k's partial sum; 256..: argv
  (global $N i64 (i64.const 1073741824))
  (func $sum (param $from i64) (param $to i64) (result i64)
    (local $s i64) (local $x i64)
    (block $done
      (loop $l
        (br_if $done (i64.ge_u (local.get $from) (local.get $to)))
        (local.set $x (i64.mul (i64.xor (local.get $from) (i64.shr_u (local.get $from) (i64.const 31))) (i64.const 0x9e3779b97f4a7c15)))
        (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 29))) (i64.const 0xbf58476d1ce4e5b9)))
        (local.set $s (i64.add (local.get $s) (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 32)))))
        (local.set $from (i64.add (local.get $from) (i64.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (local $part i64)
    (local.set $part (i64.div_u (global.get $N) (i64.extend_i32_u (i32.load (i32.const 4)))))
    (i64.store (i32.add (i32.const 64) (i32.shl (local.get $k) (i32.const 3)))
      (call $sum (i64.mul (local.get $part) (i64.extend_i32_u (local.get $k)))
                 (i64.mul (local.get $part) (i64.extend_i32_u (i32.add (local.get $k) (i32.const 1))))))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (local $t i32) (local $k i32) (local $d i32) (local $total i64)
    (local.set $t (i32.const 1))
    (drop (call $args_sizes (i32.const 256) (i32.const 260)))
    (if (i32.ge_u (i32.load (i32.const 256)) (i32.const 2)) (then
      (drop (call $args_get (i32.const 272) (i32.const 320)))
      (if (i32.eq (i32.load8_u (i32.load (i32.const 276))) (i32.const 0x32)) (then (local.set $t (i32.const 2))))))
    (i32.store (i32.const 4) (local.get $t))
    (loop $s
      (if (i32.le_s (call $spawn (local.get $k)) (i32.const 0)) (then (call $exit (i32.const 255))))
      (br_if $s (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $t))))
    (loop $w
      (local.set $d (i32.atomic.load (i32.const 0)))
      (if (i32.lt_u (local.get $d) (local.get $t))
        (then (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1))) (br $w))))
    (local.set $k (i32.const 0))
    (loop $add
      (local.set $total (i64.add (local.get $total) (i64.load (i32.add (i32.const 64) (i32.shl (local.get $k) (i32.const 3))))))
      (br_if $add (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $t))))
    (call $exit (i32.wrap_i64 (i64.and (local.get $total) (i64.const 127))))))
