;; Exnrefs that are still reachable survive exception collections (runtime/src/exception_gc.c):
;; exnrefs kept in a global, a table, a GC struct field, a GC array element, another exception's
;; payload, a local across many throws and a parameter in a caller's frame; in between, thousands
;; of exceptions are caught by reference and dropped, so that collections run (the registry's
;; first threshold is 1024; tests/e2e/exceptions.test.ts also runs this file with
;; AWSM_EXN_GC_STRESS=1: a collection at every throw). A kept exception freed by mistake is
;; reused by the next one, whose payload is -1: the payload checks fail.
(module
  (tag $e (param i64))
  (tag $w (param exnref))
  (type $box (struct (field (mut exnref))))
  (type $arr (array (mut exnref)))
  (global $g (mut exnref) (ref.null exn))
  (global $b (mut (ref null $box)) (ref.null $box))
  (global $a (mut (ref null $arr)) (ref.null $arr))
  (global $wrapped (mut exnref) (ref.null exn))
  (table $t 2 exnref)

  ;; An exnref to a new exception of $e with payload v.
  (func $make (param $v i64) (result exnref)
    (local $x exnref)
    (block $h (result i64 exnref)
      (try_table (catch_ref $e $h) (throw $e (local.get $v)))
      (unreachable))
    (local.set $x)
    (drop)
    (local.get $x))

  ;; An exnref to a new exception of $w whose payload is x.
  (func $wrap (param $x exnref) (result exnref)
    (local $y exnref)
    (block $h (result exnref exnref)
      (try_table (catch_ref $w $h) (throw $w (local.get $x)))
      (unreachable))
    (local.set $y)
    (drop)
    (local.get $y))

  ;; The payload of exnref x (a $e).
  (func $payload (param $x exnref) (result i64)
    (block $h (result i64)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable)))

  ;; The exnref in the payload of x (a $w).
  (func $unwrap (param $x exnref) (result exnref)
    (block $h (result exnref)
      (try_table (catch $w $h) (throw_ref (local.get $x)))
      (unreachable)))

  ;; n exceptions caught by reference and dropped.
  (func $churn (export "churn") (param $n i32)
    (loop $l
      (drop (call $make (i64.const -1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  (func (export "store")
    (global.set $g (call $make (i64.const 1)))
    (table.set $t (i32.const 1) (call $make (i64.const 2)))
    (global.set $b (struct.new $box (call $make (i64.const 3))))
    (global.set $a (array.new_fixed $arr 3 (ref.null exn) (call $make (i64.const 40)) (call $make (i64.const 41))))
    (global.set $wrapped (call $wrap (call $make (i64.const 5)))))

  (func (export "get") (param $k i32) (result i64)
    (block $d
      (block $5 (block $4 (block $3 (block $2 (block $1
        (br_table $d $1 $2 $3 $4 $5 $d (local.get $k)))
        (return (call $payload (global.get $g))))
        (return (call $payload (table.get $t (i32.const 1)))))
        (return (call $payload (struct.get $box 0 (global.get $b)))))
        (return (i64.add (i64.mul (call $payload (array.get $arr (global.get $a) (i32.const 1))) (i64.const 100))
                         (call $payload (array.get $arr (global.get $a) (i32.const 2))))))
        (return (call $payload (call $unwrap (global.get $wrapped)))))
    (unreachable))

  ;; Drops the global's exnref: nothing refers to that exception any more.
  (func (export "clear") (global.set $g (ref.null exn)))

  ;; An exnref in a local across n throws, and one in a caller's frame (a parameter).
  (func (export "local") (param $n i32) (result i64)
    (local $x exnref)
    (local.set $x (call $make (i64.const 6)))
    (call $churn (local.get $n))
    (call $payload (local.get $x)))
  (func $deeper (param $x exnref) (param $n i32) (result i64)
    (call $churn (local.get $n))
    (call $payload (local.get $x)))
  (func (export "deep") (param $n i32) (result i64)
    (i64.add (call $deeper (call $make (i64.const 7)) (local.get $n)) (i64.const 0)))
)
(invoke "store")
(invoke "churn" (i32.const 5000))
(assert_return (invoke "get" (i32.const 1)) (i64.const 1))
(assert_return (invoke "get" (i32.const 2)) (i64.const 2))
(assert_return (invoke "get" (i32.const 3)) (i64.const 3))
(assert_return (invoke "get" (i32.const 4)) (i64.const 4041))
(assert_return (invoke "get" (i32.const 5)) (i64.const 5))
(assert_return (invoke "local" (i32.const 5000)) (i64.const 6))
(assert_return (invoke "deep" (i32.const 5000)) (i64.const 7))
(invoke "clear")
(invoke "churn" (i32.const 5000))
(assert_return (invoke "get" (i32.const 2)) (i64.const 2))
(assert_return (invoke "get" (i32.const 3)) (i64.const 3))
(assert_return (invoke "get" (i32.const 4)) (i64.const 4041))
(assert_return (invoke "get" (i32.const 5)) (i64.const 5))
