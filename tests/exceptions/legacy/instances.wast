;; Legacy exceptions (try/catch/catch_all/delegate/rethrow, converted by wast2json) across
;; instances: thrown in one, caught in another, rethrown through a third's try; a trap passes
;; every catch_all.
(module $A
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
(register "A" $A)

(module $B
  (import "A" "e" (tag $e (param i32)))
  (import "A" "throw" (func $throw (param i32)))
  ;; catch $e in B, rethrow it: passes B's inner catch_all (delegated past), reaches the outer catch.
  (func (export "rethrow") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $throw (local.get 0)) (i32.const -1))
          (catch $e
            (drop)
            (try (result i32) (do (rethrow 1)) (delegate 1)))))
      (catch $e (i32.add (i32.const 100)))))
  (func (export "rethrow_escapes") (param i32)
    (try (do (call $throw (local.get 0))) (catch_all (rethrow 0)))))
(register "B" $B)

(module $C
  (import "A" "e" (tag $e (param i32)))
  (import "B" "rethrow_escapes" (func $esc (param i32)))
  (import "A" "div" (func $div (param i32 i32) (result i32)))
  (func (export "catch") (param i32) (result i32)
    (try (result i32) (do (call $esc (local.get 0)) (i32.const -1)) (catch $e)))
  (func (export "trap") (result i32)
    (try (result i32) (do (call $div (i32.const 1) (i32.const 0))) (catch_all (i32.const -1)))))

(assert_return (invoke $B "rethrow" (i32.const 5)) (i32.const 105))
(assert_exception (invoke $B "rethrow_escapes" (i32.const 1)))
(assert_return (invoke $C "catch" (i32.const 7)) (i32.const 7))
(assert_trap (invoke $C "trap") "integer divide by zero")
