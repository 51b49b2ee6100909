;; No effect after a trapping access may be visible (explicit mode only, like dead-loads.wast:
;; guard mode may reorder stores to globals and to other memory addresses with a faulting
;; load, docs/security.md). Found by the differential tests (seed 424242, module 133): a fuel
;; counter in an unexported global was decremented past the trapping load.

(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $fuel (mut i32) (i32.const 100))
  (func (export "store_global_after") (param $a i32) (result i32) (local $x i32)
    (local.set $x (i32.load (local.get $a)))
    (global.set $g (i32.const 1))
    (local.get $x))
  (func (export "store_memory_after") (param $a i32) (result i32) (local $x i32)
    (local.set $x (i32.load (local.get $a)))
    (i32.store (i32.const 16) (i32.const 7))
    (local.get $x))
  (func (export "loop_counter") (param $a i32) (result i32) (local $s i32)
    (loop $l
      (global.set $fuel (i32.sub (global.get $fuel) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $a))))
      (br_if $l (global.get $fuel)))
    (local.get $s))
  (func (export "g") (result i32) (global.get $g))
  (func (export "fuel") (result i32) (global.get $fuel))
  (func (export "mem16") (result i32) (i32.load (i32.const 16)))
)
(assert_trap (invoke "store_global_after" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 0))
(assert_trap (invoke "store_memory_after" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "mem16") (i32.const 0))
(assert_trap (invoke "loop_counter" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "fuel") (i32.const 99))
