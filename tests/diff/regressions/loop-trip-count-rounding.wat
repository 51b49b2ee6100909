;; Loop versioning's trip count for lt/gt exits whose distance is not a whole number of steps
;; (mutation trip-count-rounded-down, tests/mutation/mutations.ts): the loop runs
;; ceil(gap / step) + 1 times, the last iteration being the one whose counter passes the bound.
;; A count rounded down skips the last iteration's store, and the counter ends one step short.
(module
  (memory (export "memory") 1)

  ;; i = 0, 4, ..., 400 (i + 4 < 402 fails at i = 400): 101 stores, returns 404.
  (func (export "lt_u_gap_not_whole_steps") (result i32) (local $i i32)
    (loop $l
      (i32.store offset=2048 (local.get $i) (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 402))))
    (local.get $i))

  ;; Counting down: i = 403, 395, ..., 3 (i - 8 >s -2 fails at i = 3): 51 stores of 8 bytes.
  (func (export "gt_s_gap_not_whole_steps") (result i32) (local $i i32)
    (local.set $i (i32.const 403))
    (loop $l
      (i64.store offset=8192 (local.get $i) (i64.extend_i32_s (local.get $i)))
      (br_if $l (i32.gt_s (local.tee $i (i32.sub (local.get $i) (i32.const 8))) (i32.const -2))))
    (local.get $i))
)
