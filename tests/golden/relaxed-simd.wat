;; Relaxed SIMD (docs/abi.md, "Relaxed SIMD"): one fixed result per instruction. x86-64 IR:
;; cvttps2dq for signed truncation, unfused madd (fmul, fadd), a select on the mask's sign for
;; laneselect, minps for relaxed_min, the pmaddubsw pattern then pmaddwd for the dot product.
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
