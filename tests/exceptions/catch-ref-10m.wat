;; Ten million exceptions caught by reference, as LLVM's Wasm EH for C++ catches: each thrown two
;; frames down, caught by catch_ref; every other one rethrown with throw_ref and caught again by
;; catch_all_ref; the exnref then dropped. Before exceptions were collected every exception an
;; exnref was made of stayed allocated (10 million, over 1 GB); tests/e2e/exceptions.test.ts
;; checks the peak RSS stays small. Prints the count and the payloads' sum; exits 0.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i32 i64))
  (global $out (mut i32) (i32.const 1024))
  (func $putc (param i32)
    (i32.store8 (global.get $out) (local.get 0))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))
  (func $putn (param i64)
    (if (i64.ge_u (local.get 0) (i64.const 10)) (then (call $putn (i64.div_u (local.get 0) (i64.const 10)))))
    (call $putc (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get 0) (i64.const 10))))))
  (func $flush
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.sub (global.get $out) (i32.const 1024)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $out (i32.const 1024)))
  (func $c (param $i i32) (result i32)
    (throw $e (local.get $i) (i64.extend_i32_u (local.get $i))))
  (func $b (param $i i32) (result i32) (i32.add (call $c (local.get $i)) (i32.const 1)))
  ;; The payload's i64 of exception number $i: caught by reference, maybe rethrown and caught again.
  (func $round (param $i i32) (result i64)
    (local $x exnref) (local $v i64)
    (block $h (result i32 i64 exnref)
      (try_table (catch_ref $e $h)
        (drop (call $b (local.get $i))))
      (unreachable))
    (local.set $x)
    (local.set $v)
    (drop)
    (if (i32.and (local.get $i) (i32.const 1))
      (then
        (block $h2 (result exnref)
          (try_table (catch_all_ref $h2)
            (throw_ref (local.get $x)))
          (unreachable))
        (local.set $x)))
    (local.get $v))
  (func (export "_start")
    (local $i i32) (local $sum i64)
    (loop $next
      (local.set $sum (i64.add (local.get $sum) (call $round (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10000000))))
    (call $putn (i64.extend_i32_u (local.get $i)))
    (call $putc (i32.const 32))
    (call $putn (local.get $sum))
    (call $putc (i32.const 10))
    (call $flush))
)
