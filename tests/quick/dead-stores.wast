;; Dead stores into locals and branch slots (src/llvm/dead-stores.ts, the quick tier's IR):
;; a store goes only when no path from it reaches a load of its local before another store.
;; Each case keeps a store that one path needs: a loop's back edge to its header, one arm of
;; an `if`, the zero of a declared local read before it is written, a branch's result slot,
;; a value set before a `br_if` and read after the join, a multi-value result slot of a block.
;; Run at -O0 by tests/e2e/quick-tier.test.ts, in guard and explicit mode.
(module
  (memory 1)

  ;; the store at the end of the body is read at the loop header (the back edge only)
  (func (export "count") (param i32) (result i32)
    (local i32 i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 2))

  ;; stored in an `if` inside a loop, read at the header on the next iteration only: the
  ;; store reaches its load through the join block and the back edge (blocks emitted in order
  ;; header, then, join: the liveness needs the back edge's to reach the `then`)
  (func (export "loop_if") (param i32) (result i32)
    (local i32 i32)
    (loop $l
      (i32.store (i32.const 0) (local.get 1))
      (if (i32.and (local.get 2) (i32.const 1))
        (then (local.set 1 (i32.add (local.get 1) (local.get 2)))))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.le_u (local.get 2) (local.get 0))))
    (i32.load (i32.const 0)))

  ;; a store before the loop read on the first iteration, then overwritten
  (func (export "fib") (param i32) (result i64)
    (local i64 i64 i64)
    (local.set 1 (i64.const 0))
    (local.set 2 (i64.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 3 (i64.add (local.get 1) (local.get 2)))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 3))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))

  ;; stored in one arm only; the other arm keeps the earlier value
  (func (export "one_arm") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 10))
    (if (local.get 0) (then (local.set 1 (i32.const 20))))
    (local.get 1))

  ;; a declared local read before any write is its zero
  (func (export "zero_read") (param i32) (result i32)
    (local i32)
    (if (local.get 0) (then (local.set 1 (i32.const 7))))
    (i32.add (local.get 1) (i32.const 1)))

  ;; overwritten on every path before it is read: the first store is dead, the result is not
  (func (export "overwritten") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 99))
    (if (local.get 0)
      (then (local.set 1 (i32.const 1)))
      (else (local.set 1 (i32.const 2))))
    (local.get 1))

  ;; set before a br_if out of a block, read after the block's end (both paths join there)
  (func (export "br_if_join") (param i32) (result i32)
    (local i32)
    (block $b
      (local.set 1 (i32.const 3))
      (br_if $b (local.get 0))
      (local.set 1 (i32.const 4)))
    (local.get 1))

  ;; branch result slots: two values carried by br_table, to an inner block or out of both
  (func (export "slots") (param i32) (result i32)
    (block $b (result i32 i32)
      (block $c (result i32 i32)
        (br_table $c $b (i32.const 5) (i32.const 6) (local.get 0)))
      (i32.add (i32.const 100)))
    (i32.sub))

  ;; a tee'd value stored and read after a loop; the store inside the loop stays
  (func (export "tee_loop") (param i32) (result i32)
    (local i32)
    (loop $l
      (br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 3))) (local.get 0))))
    (local.get 1))

  ;; stores into memory are never dead: only locals are
  (func (export "mem") (param i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 16) (i32.add (local.get 0) (i32.const 1)))
    (i32.load (i32.const 16)))
)

(assert_return (invoke "count" (i32.const 0)) (i32.const 0))
(assert_return (invoke "count" (i32.const 1)) (i32.const 0))
(assert_return (invoke "count" (i32.const 5)) (i32.const 10))
(assert_return (invoke "count" (i32.const 100)) (i32.const 4950))
(assert_return (invoke "loop_if" (i32.const 0)) (i32.const 0))
(assert_return (invoke "loop_if" (i32.const 10)) (i32.const 25))
(assert_return (invoke "loop_if" (i32.const 12)) (i32.const 36))
(assert_return (invoke "fib" (i32.const 0)) (i64.const 0))
(assert_return (invoke "fib" (i32.const 1)) (i64.const 1))
(assert_return (invoke "fib" (i32.const 10)) (i64.const 55))
(assert_return (invoke "fib" (i32.const 90)) (i64.const 2880067194370816120))
(assert_return (invoke "one_arm" (i32.const 0)) (i32.const 10))
(assert_return (invoke "one_arm" (i32.const 1)) (i32.const 20))
(assert_return (invoke "zero_read" (i32.const 0)) (i32.const 1))
(assert_return (invoke "zero_read" (i32.const 1)) (i32.const 8))
(assert_return (invoke "overwritten" (i32.const 0)) (i32.const 2))
(assert_return (invoke "overwritten" (i32.const 1)) (i32.const 1))
(assert_return (invoke "br_if_join" (i32.const 0)) (i32.const 4))
(assert_return (invoke "br_if_join" (i32.const 1)) (i32.const 3))
(assert_return (invoke "slots" (i32.const 0)) (i32.const -101))
(assert_return (invoke "slots" (i32.const 1)) (i32.const -1))
(assert_return (invoke "slots" (i32.const 2)) (i32.const -1))
(assert_return (invoke "tee_loop" (i32.const 0)) (i32.const 3))
(assert_return (invoke "tee_loop" (i32.const 10)) (i32.const 12))
(assert_return (invoke "mem" (i32.const 41)) (i32.const 42))
