;; The quick tier's dead stores (src/llvm/dead-stores.ts): a store into a local overwritten
;; in its block before any read, and every store into a local nothing reads, are left out.
;; Each case is one where leaving out a store that is needed changes a result or loses a
;; trap: a value that reaches the next block, a loop-carried local, a local read only on some
;; paths, a branch's slot, and a value loaded from linear memory whose load must still trap
;; in guard mode although the local it was stored into is overwritten unread.
;; Run at -O0 by tests/e2e/quick-tier.test.ts, in guard and explicit mode.
(module
  (memory 1)
  (data (i32.const 0) "\2a\00\00\00")

  ;; the 7 is stored in the entry block and read in the join block after the `if`
  (func (export "if_keep") (param $c i32) (result i32) (local $x i32)
    (local.set $x (i32.const 7))
    (if (local.get $c) (then (local.set $x (i32.const 9))))
    (local.get $x))

  ;; the 100 is overwritten unread (dropped); the 0 reaches the loop
  (func (export "loop_sum") (param $n i32) (result i32) (local $s i32) (local $i i32)
    (local.set $s (i32.const 100))
    (local.set $s (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; $x is read only when $c is set; the store of 5 must stay for that path
  (func (export "some_paths") (param $c i32) (result i32) (local $x i32) (local $y i32)
    (local.set $x (i32.const 5))
    (local.set $y (i32.const 1))
    (if (local.get $c) (then (local.set $y (i32.add (local.get $x) (local.get $y)))))
    (local.get $y))

  ;; a branch carries a value to its block's end through a slot
  (func (export "slot") (param $c i32) (result i32)
    (block $b (result i32)
      (br_if $b (i32.const 11) (local.get $c))
      (drop)
      (i32.const 22)))

  ;; a loaded value stored into $x, then overwritten unread: the load must still trap
  (func (export "set_twice") (param $a i32) (result i32) (local $x i32)
    (local.set $x (i32.load (local.get $a)))
    (local.set $x (i32.const 3))
    (local.get $x))

  ;; a loaded value stored into a local nothing reads: the load must still trap
  (func (export "set_unread") (param $a i32) (local $x i32)
    (local.set $x (i32.load (local.get $a)))
    (if (i32.const 0) (then (drop (local.get $x)))))
)

(assert_return (invoke "if_keep" (i32.const 0)) (i32.const 7))
(assert_return (invoke "if_keep" (i32.const 1)) (i32.const 9))
(assert_return (invoke "loop_sum" (i32.const 0)) (i32.const 0))
(assert_return (invoke "loop_sum" (i32.const 10)) (i32.const 45))
(assert_return (invoke "some_paths" (i32.const 0)) (i32.const 1))
(assert_return (invoke "some_paths" (i32.const 1)) (i32.const 6))
(assert_return (invoke "slot" (i32.const 0)) (i32.const 22))
(assert_return (invoke "slot" (i32.const 1)) (i32.const 11))
(assert_return (invoke "set_twice" (i32.const 0)) (i32.const 3))
(assert_trap (invoke "set_twice" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "set_unread" (i32.const 0)))
(assert_trap (invoke "set_unread" (i32.const 65533)) "out of bounds memory access")
