;; Two million exceptions caught by reference, each exnref stored in a new GC struct that the
;; next iteration drops (only the last stays, in a global): the dead structs' exnref fields must
;; not keep their exceptions. An exception collection collects the GC heap before it reads the
;; exnref fields of the objects left (runtime/src/gc_exnref.c); tests/e2e/exceptions.test.ts
;; checks the peak RSS stays small (reading every allocated object instead kept 150 MB). Prints
;; the count and the last payload; exits 0.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i64))
  (type $box (struct (field (mut exnref))))
  (global $b (mut (ref null $box)) (ref.null $box))
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
  (func (export "_start")
    (local $i i32)
    (loop $l
      (block $h (result i64 exnref)
        (try_table (catch_ref $e $h) (throw $e (i64.extend_i32_u (local.get $i))))
        (unreachable))
      (global.set $b (struct.new $box))
      (drop)
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 2000000))))
    (call $putn (i64.extend_i32_u (local.get $i)))
    (call $putc (i32.const 32))
    (call $putn
      (block $h (result i64)
        (try_table (catch $e $h) (throw_ref (struct.get $box 0 (global.get $b))))
        (unreachable)))
    (call $putc (i32.const 10))
    (call $flush))
)
