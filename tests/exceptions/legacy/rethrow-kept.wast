;; A legacy catch arm's exception survives exception collections while the arm runs
;; (runtime/src/exception_gc.c): the arm throws and catches thousands of exceptions (legacy arms
;; expose them all: collections run, the registry's first threshold being 1024), then rethrows its own, whose
;; payload the outer catch returns. A freed one is reused by the next exception (payload -1).
(module
  (tag $e (param i64))
  ;; n exceptions caught by legacy catch arms (each exposed: an arm may rethrow it).
  (func $churn (param $n i32)
    (loop $l
      (try (do (throw $e (i64.const -1))) (catch $e (drop)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "rethrow-kept") (param $n i32) (result i64)
    (try (result i64)
      (do
        (try
          (do (throw $e (i64.const 8)))
          (catch $e
            (drop)
            (call $churn (local.get $n))
            (rethrow 0)))
        (i64.const -2))
      (catch $e)))
  ;; catch_all arm, rethrown from a nested try's arm
  (func (export "rethrow-all") (param $n i32) (result i64)
    (try (result i64)
      (do
        (try
          (do (throw $e (i64.const 9)))
          (catch_all
            (try
              (do (call $churn (local.get $n)))
              (catch_all))
            (call $churn (local.get $n))
            (rethrow 0)))
        (i64.const -2))
      (catch $e)))
)
(assert_return (invoke "rethrow-kept" (i32.const 3000)) (i64.const 8))
(assert_return (invoke "rethrow-all" (i32.const 3000)) (i64.const 9))
(assert_return (invoke "rethrow-kept" (i32.const 3000)) (i64.const 8))
