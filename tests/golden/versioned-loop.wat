;; Loop versioning (src/translate/versioning.ts; docs/abi.md, "Loop versioning") of an
;; innermost loop running downwards: a[n + 12] = b[n] + b[n + 4] for n = N, N - 4, ..., 4.
;; At the entry: the trip count and the checks (each group's byte range within the memory, the
;; stored group disjoint from the loaded one), then the fast copy: an i64 counter, addresses
;; from each group's lowest address B = G + kMin (for a: G + 12, so no pointer below the
;; memory base even where a + n goes below 0), the constant in a GEP of its own (b's 4),
;; one alias scope per group, no bounds checks; and the slow copy as always.
(module
  (memory 1)
  (func $down (export "down") (param $a i32) (param $b i32) (param $n i32)
    (loop $l
      (i32.store (i32.add (i32.add (local.get $a) (local.get $n)) (i32.const 12))
        (i32.add
          (i32.load (i32.add (local.get $b) (local.get $n)))
          (i32.load offset=4 (i32.add (local.get $b) (local.get $n)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 4)))))))
