;; options: {"triple": "aarch64-unknown-linux-gnu"}
;; Relaxed SIMD on the generic (aarch64) target: the same results as on x86-64 in target-independent
;; IR: fptosi.sat with INT32_MIN outside the range, a compare-and-select for relaxed_min, the
;; dot product's i16 pairs added by shuffles instead of pmaddwd.
(module
  (func (export "trunc") (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  ;; wabt 1.0.32 spells i32x4.relaxed_dot_i8x16_i7x16_add_s by its older name.
  (func (export "dot") (param v128 v128 v128) (result v128)
    (i32x4.dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2))))
