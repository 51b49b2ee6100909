;; Found by the loop-versioning fuzzer (tests/diff/loops.ts, seed 1000, module 1341), reduced: in
;; guard mode the diff driver died of SIGSEGV instead of trapping. The inner loop never meets
;; its exit test (p steps by 2 towards an odd distance) and really ends when a store faults.
;; facts.ts had emitted `p + 2` as `add nuw` (p was just accessed, so it is small), which is
;; true on every path that does not fault; but LLVM does not know accesses fault, so to it the
;; loop ran on until the add wrapped, and it concluded the exit test must be met first. From
;; that it rewrote the f64 store's address `b + (c << 4)`, c counting down, into a 64-bit
;; induction variable that went below the memory base instead of wrapping to 0xFFFFFFF8. Since
;; then guard mode emits no such `nuw` (docs/abi.md, "No-wrap address arithmetic").
(module
  (memory (export "mem") 1 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $f3 (export "f3") (result i64)
    (local $h i64)
    (local $ai i32)
    (local $al i64)
    (local $af f32)
    (local $ad f64)
    (local $c0 i32)
    (local $last0 i32)
    (local $cnt0 i32)
    (local $p0_1 i32)
    (local $p0_2 i32)
    (local $t0_2 i32)
    (local $n0 i32)
    (local $o1 i32)
    (local $c1 i32)
    (local $last1 i32)
    (local $cnt1 i32)
    (local $p1_0 i32)
    (local $p1_1 i32)
    (local $b1_2 i32)
    (local $b1_3 i32)
    (local $n1 i32)
    (loop $L0
      (br_if $L0 (i32.lt_s (local.get $c0) (local.get $n0)))
    )
    (loop $O2
      (local.set $c1 (i32.const 0))
      (local.set $p1_0 (i32.const 11770))
      (local.set $b1_3 (i32.add (i32.const 11768) (i32.mul (local.get $o1) (i32.const -48))))
      (local.set $n1 (i32.add (i32.const 11777) (i32.mul (local.get $o1) (i32.const 1))))
      (loop $L1
        (f64.store (i32.add (local.get $b1_3) (i32.shl (local.get $c1) (i32.const 4))) (f64.abs (f64.load offset=2 (local.get $p1_0))))
        (local.set $c1 (i32.add (local.get $c1) (i32.const -1)))
        (local.set $ai (i32.xor (local.get $ai) (i32.popcnt (i32.trunc_sat_f32_u (f32.demote_f64 (f64.convert_i32_s (local.get $c1)))))))
        (i64.store16 (local.tee $p1_0 (i32.add (local.get $p1_0) (i32.const 2))) (local.get $al))
        (br_if $L1 (i32.ne (local.get $p1_0) (local.get $n1)))
      )
      (br_if $O2 (i32.lt_u (local.tee $o1 (i32.add (local.get $o1) (i32.const 1))) (i32.const 4)))
    )
    (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (i64.add (i64.mul (local.get $h) (i64.const 1000003)) (i64.extend_i32_u (local.get $ai))) (i64.const 1000003)) (local.get $al)) (i64.const 1000003)) (i64.extend_i32_u (i32.reinterpret_f32 (local.get $af)))) (i64.const 1000003)) (i64.reinterpret_f64 (local.get $ad))) (i64.const 1000003)) (i64.extend_i32_u (local.get $last0))) (i64.const 1000003)) (i64.extend_i32_u (local.get $cnt0))) (i64.const 1000003)) (i64.extend_i32_u (local.get $last1))) (i64.const 1000003)) (i64.extend_i32_u (local.get $cnt1)))
  )
)
