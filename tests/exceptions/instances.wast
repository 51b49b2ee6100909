;; Exceptions across instances (docs/abi.md, "Exceptions"): thrown by one instance and caught by
;; another, through imported functions, with the tag imported (tag identity is the exporter's
;; object); two instances of one module have distinct tags; an exnref caught in one instance
;; is rethrown from another; traps are never caught; a return_call leaves the try_table.

(module $A
  (tag $e (export "e") (param i32))
  (tag $f (export "f") (param i64 f64))
  (func (export "throw_e") (param i32) (throw $e (local.get 0)))
  (func (export "throw_f") (param i64 f64) (throw $f (local.get 0) (local.get 1)))
  (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
(register "A" $A)

(module $B
  (import "A" "e" (tag $e (param i32)))
  (import "A" "f" (tag $f (param i64 f64)))
  (import "A" "throw_e" (func $throw_e (param i32)))
  (import "A" "throw_f" (func $throw_f (param i64 f64)))
  (import "A" "rethrow" (func $rethrow (param exnref)))
  (import "A" "div" (func $div (param i32 i32) (result i32)))
  (tag $own (param i32))
  ;; Caught by the imported tag: the payload crosses.
  (func (export "catch_e") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throw_e (local.get 0)))
      (i32.const -1)))
  ;; Two payload values, caught by tag; another tag's clause first does not match.
  (func (export "catch_f") (result f64)
    (local $i i64) (local $d f64)
    (block $h (result i64 f64)
      (block $o (result i32)
        (try_table (catch $own $o) (catch $f $h) (call $throw_f (i64.const 7) (f64.const 2.5)))
        (return (f64.const -1)))
      (return (f64.const -2)))
    (local.set $d) (local.set $i)
    (f64.add (f64.convert_i64_s (local.get $i)) (local.get $d)))
  ;; catch_ref in B, rethrown by A's function, caught again in B.
  (func (export "rethrow_across") (param i32) (result i32)
    (block $h2 (result i32)
      (try_table (catch $e $h2)
        (block $h1 (result i32 exnref)
          (try_table (catch_ref $e $h1) (call $throw_e (local.get 0)))
          (unreachable))
        (call $rethrow)
        (drop))
      (i32.const -1)))
  ;; A trap in the other instance is not caught by catch_all.
  (func (export "trap_not_caught") (result i32)
    (block $h
      (try_table (catch_all $h) (return (call $div (i32.const 1) (i32.const 0)))))
    (i32.const -1))
  ;; Not caught by a catch of B's own tag: it reaches the host.
  (func (export "uncaught") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $own $h) (call $throw_e (local.get 0)))
      (i32.const -1)))
  ;; A return_call inside a try_table: the callee's exception is not caught here.
  (func (export "tail_escapes") (param i32)
    (block $h (result i32)
      (try_table (catch $e $h) (return_call $throw_e (local.get 0)))
      (unreachable))
    (drop)))
(register "B" $B)

(assert_return (invoke $B "catch_e" (i32.const 42)) (i32.const 42))
(assert_return (invoke $B "rethrow_across" (i32.const 9)) (i32.const 9))
(assert_trap (invoke $B "trap_not_caught") "integer divide by zero")
(assert_exception (invoke $B "uncaught" (i32.const 1)))
(assert_exception (invoke $B "tail_escapes" (i32.const 1)))
(assert_exception (invoke $A "throw_e" (i32.const 5)))

;; Two instances of one module have distinct tags: $C2 catches its own tag's exceptions, not
;; those $C1 throws of the "same" tag; $D imports $C1's tag and catches them.
(assert_return (invoke $B "catch_f") (f64.const 9.5))

(module $X0 (func (export "thrower") (param i32)))
(register "X" $X0)
(module definition $Cdef
  (import "X" "thrower" (func $th (param i32)))
  (tag $t (export "t") (param i32))
  (func (export "thrower") (param i32) (throw $t (local.get 0)))
  (func (export "catch_import") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $t $h) (call $th (local.get 0)))
      (i32.const -1))))
(module instance $C1 $Cdef)
(register "X" $C1)
(module instance $C2 $Cdef)
(assert_return (invoke $C1 "catch_import" (i32.const 5)) (i32.const -1))
(assert_exception (invoke $C2 "catch_import" (i32.const 5)))
(module $D
  (import "X" "t" (tag $t (param i32)))
  (import "X" "thrower" (func $th (param i32)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $t $h) (call $th (local.get 0)))
      (i32.const -1))))
(assert_return (invoke $D "catch" (i32.const 6)) (i32.const 6))
;; An imported tag must have the exporter's type.
(assert_unlinkable
  (module (import "X" "t" (tag (param i64))))
  "incompatible import type")
