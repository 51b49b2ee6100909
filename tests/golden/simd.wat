;; 128-bit SIMD: v128 as <2 x i64> in parameters, results, locals (zeroinitializer), block
;; results, select and globals (16-byte cells, align 8), loads and stores through the guard-mode
;; address path with the keep-alive of an unused v128 load (both halves), a few lane shapes,
;; and call_indirect and the trampoline of a v128 signature (slots 16 bytes apart, align 8).
(module
  (type $vv (func (param v128 v128) (result v128)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $add)
  (global $k v128 (v128.const i32x4 1 2 3 4))
  (global $acc (mut v128) (v128.const f32x4 0.5 -0.5 1e10 -0))

  (func $add (export "add") (type $vv)
    (i32x4.add (local.get 0) (local.get 1)))

  ;; dot product of 4-lane i32 vectors in memory: loads, mul, horizontal lanes, a local.
  (func $dot (export "dot") (param $p i32) (param $q i32) (result i32) (local $v v128)
    (local.set $v (i32x4.mul (v128.load (local.get $p)) (v128.load offset=16 align=4 (local.get $q))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  (func $store (export "store") (param $p i32) (param $x v128)
    (v128.store offset=32 (local.get $p) (f32x4.mul (local.get $x) (global.get $acc)))
    (v128.store8_lane 15 (local.get $p) (local.get $x))
    (global.set $acc (local.get $x)))

  ;; must trap when out of bounds although the loaded vector is unused.
  (func $dead (export "dead") (param $p i32)
    (drop (v128.load (local.get $p))))

  (func $pick (export "pick") (param $c i32) (param $a v128) (result v128)
    (select (local.get $a) (global.get $k) (local.get $c)))

  (func $blocky (export "blocky") (param $a v128) (result v128 i32)
    (block (result v128) (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get $a) (v128.const i64x2 -1 0)))
    (v128.any_true (local.get $a)))

  (func $indirect (export "indirect") (param $a v128) (result v128)
    (call_indirect (type $vv) (local.get $a) (f64x2.splat (f64.const 2.5)) (i32.const 0))))
