;; Loop nests (src/translate/versioning.ts, analyseNest): one set of checks at the outer loop's
;; entry for both loops, the inner loop unrolled fully when its trip count is a small constant.
;; Each function is compared with V8 by result and memory in both bounds modes; they take no
;; parameters and run in order. The comments say which copy the checks should choose; the
;; comparison holds whichever runs.
(module
  (memory (export "memory") 1 2)
  ;; Addresses LLVM cannot see through (a mutable global is loaded at run time).
  (global $base (mut i32) (i32.const 24584))

  ;; Fill A (8x8 f64 at 0) and B (at 512) with small integers, C (at 1024) with zeros.
  (func $fill (local $i i32)
    (loop $l
      (f64.store (i32.shl (local.get $i) (i32.const 3))
        (f64.convert_i32_s (i32.sub (i32.rem_u (i32.mul (local.get $i) (i32.const 7)) (i32.const 11)) (i32.const 5))))
      (f64.store offset=512 (i32.shl (local.get $i) (i32.const 3))
        (f64.convert_i32_s (i32.sub (i32.rem_u (i32.mul (local.get $i) (i32.const 5)) (i32.const 13)) (i32.const 6))))
      (f64.store offset=1024 (i32.shl (local.get $i) (i32.const 3)) (f64.const 0))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64)))))

  ;; C += A·B in the i-k-j order clang emits for gemm: the k loop and its j loop are a nest
  ;; (fast, the j loop unrolled fully); the A load is in the outer body.
  (func (export "gemm_8x8") (result i32) (local $i i32) (local $k i32) (local $j i32) (local $a f64) (local $brow i32) (local $crow i32)
    (call $fill)
    (loop $li
      (local.set $crow (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 6))))
      (local.set $k (i32.const 0))
      (loop $lk
        (local.set $a (f64.load (i32.shl (i32.add (i32.shl (local.get $i) (i32.const 3)) (local.get $k)) (i32.const 3))))
        (local.set $brow (i32.add (i32.const 512) (i32.shl (local.get $k) (i32.const 6))))
        (local.set $j (i32.const 0))
        (loop $lj
          (f64.store (i32.add (local.get $crow) (local.get $j))
            (f64.add (f64.load (i32.add (local.get $crow) (local.get $j)))
              (f64.mul (local.get $a) (f64.load (i32.add (local.get $brow) (local.get $j))))))
          (f64.store offset=8 (i32.add (local.get $crow) (local.get $j))
            (f64.add (f64.load offset=8 (i32.add (local.get $crow) (local.get $j)))
              (f64.mul (local.get $a) (f64.load offset=8 (i32.add (local.get $brow) (local.get $j))))))
          (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16))) (i32.const 64))))
        (br_if $lk (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 8))))
      (br_if $li (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 8))))
    (i32.trunc_f64_s (f64.add (f64.load (i32.const 1024)) (f64.load (i32.const 1528)))))

  ;; Each row is the previous row plus one: what the outer loop writes in one iteration it reads
  ;; in the next. Reads and writes are one group (the same array, exact distances for LLVM), so
  ;; the nest is fast, and unrolling and keeping values in registers must respect the distance.
  (func (export "rows_from_previous_row") (result i32) (local $r i32) (local $j i32) (local $src i32)
    (loop $lr
      (local.set $src (i32.add (i32.const 4096) (i32.shl (local.get $r) (i32.const 5))))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store offset=32 (i32.add (local.get $src) (local.get $j))
          (i32.add (i32.load (i32.add (local.get $src) (local.get $j))) (i32.add (local.get $j) (i32.const 1))))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 32))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 10))))
    (i32.load (i32.const 4412)))

  ;; The last row runs past the memory's end: the nest's checks fail and the slow copy traps
  ;; in its last outer iteration, after the rows before it were written.
  (func (export "last_row_out_of_bounds") (result i32) (local $r i32) (local $j i32) (local $row i32)
    (loop $lr
      (local.set $row (i32.add (i32.const 65024) (i32.shl (local.get $r) (i32.const 7))))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store (i32.add (local.get $row) (local.get $j)) (i32.add (local.get $r) (local.get $j)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 128))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 5))))
    (local.get $r))

;; Overlapping 128-byte rows 112 bytes apart: every row starts in bounds, the last runs 64
  ;; bytes past the end. Only the inner loop's span shows it: the slow copy traps half-way
  ;; through the last row.
  (func (export "last_row_runs_past_the_end") (result i32) (local $r i32) (local $j i32) (local $row i32)
    (loop $lr
      (local.set $row (i32.add (i32.const 65024) (i32.mul (local.get $r) (i32.const 112))))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store (i32.add (local.get $row) (local.get $j)) (i32.add (i32.mul (local.get $r) (i32.const 3)) (local.get $j)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 128))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 5))))
    (local.get $r))

;; a[j] = a[j-2] + r, repeated by an outer loop, through two locals p and q = p - 8 (p from a
  ;; global, so that LLVM cannot fold the addresses and the checks): two groups
  ;; whose ranges overlap only over the inner loop's span (the slow copy). The recurrence
  ;; breaks if the fast copy runs with its alias claims.
  (func (export "recurrence_overlaps_by_inner_span") (result i32) (local $r i32) (local $j i32) (local $p i32) (local $q i32)
    (local.set $p (global.get $base))
    (local.set $q (i32.sub (local.get $p) (i32.const 8)))
    (i32.store (i32.const 24576) (i32.const 1))
    (i32.store (i32.const 24580) (i32.const 2))
    (loop $lr
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store (i32.add (local.get $p) (local.get $j))
          (i32.add (i32.load (i32.add (local.get $q) (local.get $j))) (local.get $r)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 128))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 3))))
    (i32.add (i32.load (i32.const 24700)) (i32.load (i32.const 24704))))

  ;; The same with four rows: the last row ends exactly at the memory's end (fast).
  (func (export "rows_end_at_memory_end") (result i32) (local $r i32) (local $j i32) (local $row i32)
    (loop $lr
      (local.set $row (i32.add (i32.const 65024) (i32.shl (local.get $r) (i32.const 7))))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store (i32.add (local.get $row) (local.get $j)) (i32.sub (local.get $j) (local.get $r)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 128))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))
    (i32.load (i32.const 65532)))

  ;; A triangle: the inner trip count grows with the outer counter, so no nest (the inner
  ;; loop alone is versioned).
  (func (export "triangle") (result i32) (local $r i32) (local $j i32) (local $s i32)
    (loop $lr
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store offset=8192 (i32.add (i32.shl (local.get $r) (i32.const 6)) (local.get $j)) (local.get $j))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 16))))
    (loop $ls
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31)) (i32.load offset=8192 (local.get $j))))
      (br_if $ls (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 1024))))
    (local.get $s))

  ;; An outer loop counting down (gt_s), an inner one counting up (lt_u) over a column, row
  ;; sums stored by the outer body after the inner loop (fast).
  (func (export "column_sums_countdown") (result i32) (local $r i32) (local $j i32) (local $s i32)
    (local.set $r (i32.const 15))
    (loop $lr
      (local.set $s (i32.const 0))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store16 offset=12288 (i32.add (i32.shl (local.get $j) (i32.const 5)) (i32.shl (local.get $r) (i32.const 1)))
          (i32.add (local.get $r) (local.get $j)))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 12))))
      (i32.store offset=13000 (i32.shl (local.get $r) (i32.const 2)) (i32.load16_u offset=12288 (i32.shl (local.get $r) (i32.const 1))))
      (br_if $lr (i32.gt_s (local.tee $r (i32.sub (local.get $r) (i32.const 1))) (i32.const -1))))
    (i32.add (i32.load (i32.const 13000)) (i32.load (i32.const 13060))))

  ;; The outer body stores into the inner loop's row: same array, other steps, a separate
  ;; group whose range overlaps (the slow copy); the inner loop reads what it stored.
  (func (export "outer_store_inner_reads") (result i32) (local $r i32) (local $j i32) (local $row i32) (local $s i32)
    (loop $lr
      (local.set $row (i32.add (i32.const 16384) (i32.shl (local.get $r) (i32.const 6))))
      (i32.store offset=28 (local.get $row) (i32.mul (local.get $r) (i32.const 1000)))
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store offset=64 (i32.add (local.get $row) (local.get $j))
          (i32.add (i32.load (i32.add (local.get $row) (local.get $j))) (local.get $j)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 64))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 6))))
    (loop $ls
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 33)) (i32.load offset=16384 (local.get $j))))
      (br_if $ls (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 512))))
    (local.get $s))

  ;; Rows walked downwards through address 0: in the last outer iteration the row's address
  ;; wraps to the top of the address space, which traps (the checks see lo < 0: slow).
  (func (export "rows_wrap_below_zero") (result i32) (local $row i32) (local $n i32) (local $j i32)
    (local.set $row (i32.const 96))
    (local.set $n (i32.const 5))
    (loop $lr
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store (i32.add (local.get $row) (local.get $j)) (i32.add (local.get $n) (local.get $j)))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 32))))
      (local.set $row (i32.sub (local.get $row) (i32.const 32)))
      (br_if $lr (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))

  ;; The inner loop's pointer is not reset by the outer body: it runs on from where the last
  ;; inner loop stopped, so no nest (the inner loop alone is versioned).
  (func (export "pointer_carried_across_rows") (result i32) (local $p i32) (local $n i32) (local $r i32)
    (local.set $p (i32.const 20480))
    (loop $lr
      (local.set $n (i32.const 8))
      (loop $lj
        (i32.store (local.get $p) (i32.mul (local.get $r) (local.get $n)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $lj (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 7))))
    (i32.add (local.get $p) (i32.load (i32.const 20700))))

  ;; A long inner loop (1000 iterations, not unrolled) inside a short outer one (fast).
  (func (export "long_rows") (result i32) (local $r i32) (local $j i32)
    (loop $lr
      (local.set $j (i32.const 0))
      (loop $lj
        (i32.store8 offset=24576 (i32.add (i32.mul (local.get $r) (i32.const 1000)) (local.get $j))
          (i32.add (local.get $r) (i32.load8_u offset=24576 (i32.add (i32.mul (local.get $r) (i32.const 1000)) (local.get $j)))))
        (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 1000))))
      (br_if $lr (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 3))))
    (i32.add (i32.load8_u (i32.const 26576)) (i32.load8_u (i32.const 24576))))
)
