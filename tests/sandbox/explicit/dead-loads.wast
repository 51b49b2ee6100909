;; Out-of-bounds loads whose value is never used must still trap. Explicit mode always gets
;; this right; guard mode relies on LLVM keeping the load and has a known gap here (docs/abi.md,
;; "What remains"): LLVM deletes or sinks loads whose value does not matter. This file runs in
;; explicit mode only (tests/e2e/sandbox.test.ts); docs/security.md lists which cases guard mode
;; misses. The first case was found by the differential tests (tests/diff/regressions/).

(module
  (memory 1)
  (func $ignore (param i32) (result i32) (i32.const 7))
  ;; The loaded value goes into a local that is overwritten before it is read.
  (func (export "overwritten") (param $a i32) (result i32) (local $x i32)
    (local.set $x (i32.load (local.get $a)))
    (local.set $x (i32.const 1))
    (local.get $x))
  ;; The loaded value is multiplied by zero.
  (func (export "times_zero") (param $a i32) (result i32)
    (i32.mul (i32.load (local.get $a)) (i32.const 0)))
  ;; The loaded value is passed to a function that ignores it (and is inlined).
  (func (export "ignored_arg") (param $a i32) (result i32)
    (call $ignore (i32.load (local.get $a))))
  ;; The loaded value is compared with itself.
  (func (export "self_eq") (param $a i32) (result i32)
    (i32.eq (i32.load (local.get $a)) (i32.load (local.get $a))))
  ;; The loaded value is only used on a path not taken.
  (func (export "unused_path") (param $a i32) (param $c i32) (result i32) (local $x i32)
    (local.set $x (i64.load (local.get $a)) (i32.wrap_i64))
    (if (result i32) (local.get $c) (then (local.get $x)) (else (i32.const 3))))
  ;; Only the low bytes of a wide load are used: the backend may narrow the load, and the
  ;; narrower access at the same address is in bounds.
  (func (export "narrowed") (param $a i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get $a))))
  (func (export "narrowed8") (param $a i32) (result i32)
    (i32.and (i32.load (local.get $a)) (i32.const 0xff)))
  ;; Dropped (guard mode keeps these alive explicitly).
  (func (export "dropped") (param $a i32) (drop (i32.load (local.get $a))))
  (func (export "select_const") (param $a i32) (result i32)
    (select (i32.const 5) (i32.load (local.get $a)) (i32.const 1)))
)
(assert_trap (invoke "overwritten" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "times_zero" (i32.const 65534)) "out of bounds memory access")
(assert_trap (invoke "ignored_arg" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "self_eq" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "unused_path" (i32.const 65530) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "narrowed" (i32.const 65530)) "out of bounds memory access")
(assert_trap (invoke "narrowed8" (i32.const 65534)) "out of bounds memory access")
(assert_trap (invoke "dropped" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "select_const" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "overwritten" (i32.const 0)) (i32.const 1))
(assert_return (invoke "unused_path" (i32.const 0) (i32.const 0)) (i32.const 3))
