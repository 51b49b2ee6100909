;; options: {"bounds": "explicit"}
;; Loop versioning of a two-level nest (docs/abi.md, "Nests"), in explicit bounds mode:
;; c[j] += b[k][j] over 64 rows of 16 f64. One set of checks at the outer entry covers both
;; loops (the inner trip count is the same on every outer iteration; each group's range is
;; taken over the box 64 x 16); the fast copy holds both loops on their own i64 counters, the
;; memory base loaded once before them, the inner loop marked llvm.loop.unroll.full (16
;; iterations), and no checks at the inner entry. The slow copy is the original nest, whose
;; inner loop is versioned on its own.
(module
  (memory 1)
  (func $rows (export "rows") (param $c i32) (param $b i32) (local $k i32) (local $j i32) (local $brow i32)
    (loop $lk
      (local.set $brow (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 7))))
      (local.set $j (i32.const 0))
      (loop $lj
        (f64.store (i32.add (local.get $c) (local.get $j))
          (f64.add
            (f64.load (i32.add (local.get $c) (local.get $j)))
            (f64.load (i32.add (local.get $brow) (local.get $j)))))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 8))) (i32.const 128))))
      (br_if $lk (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 64))))))
