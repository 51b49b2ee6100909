;; Loop versioning's check that a `ne` exit is ever met (mutation ne-step-multiple-check-removed,
;; tests/mutation/mutations.ts): i steps by 4 from 0 and the loop runs while i + 4 != 402, which
;; never fails, so the loop stores until it runs off the memory and traps, as in V8. A trip
;; count computed anyway (398 / 4 rounded) would stop the fast copy after 100 iterations.
(module
  (memory (export "memory") 1)
  (func (export "ne_bound_stepped_over") (result i32) (local $i i32)
    (loop $l
      (i32.store offset=4096 (local.get $i) (local.get $i))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 402))))
    (local.get $i))
)
