;; Loop versioning's analysis of `if` arms (mutation if-arm-sets-not-merged,
;; tests/mutation/mutations.ts): a local set in an arm has an unknown value after the arm (the
;; paths merge there), so a pointer bumped only when the condition holds is no induction
;; variable and the loop keeps its single copy. Taken for one, p + 4 on every iteration, the
;; fast copy would store to other addresses.
(module
  (memory (export "memory") 1)
  (func (export "pointer_bumped_in_if_arm") (result i32) (local $i i32) (local $p i32)
    (local.set $p (i32.const 8192))
    (loop $l
      (i32.store (local.get $p) (i32.add (local.get $i) (i32.const 1)))
      (if (i32.and (local.get $i) (i32.const 1))
        (then (local.set $p (i32.add (local.get $p) (i32.const 4)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))
    (local.get $p))
)
