;; The translator's GC lowering (src/translate/gc.ts), run by tests/e2e/gc-lowering.test.ts
;; through the 3.0 spec harness in both bounds modes, at -O0 and -O2, and with a collection
;; before every allocation (AWSM_GC_STRESS=1). Results are numbers only: what the lowering
;; computes, not how the harness shows references.

(module
  (type $box (struct (field (mut i32))))
  ;; Packed fields before a reference: offsets 8, 10, 16 (the runtime's rule, docs/gc.md).
  (type $mix (struct (field (mut i8)) (field (mut i16)) (field (mut (ref null $box))) (field f64) (field (mut i64))))
  (type $bytes (array (mut i8)))
  (type $halves (array (mut i16)))
  (type $boxes (array (mut (ref null $box))))
  (type $longs (array (mut i64)))
  (data $d "\01\02\03\04\05\06\07\08")
  (elem $e (ref null $box) (item (struct.new $box (i32.const 11))) (item (ref.null $box)))

  (global $g (mut (ref null $mix)) (ref.null $mix))
  ;; Allocating constant expressions, nested.
  (global $cg (ref $mix) (struct.new $mix (i32.const -1) (i32.const 0x18001) (struct.new $box (i32.const 77)) (f64.const 2.5) (i64.const -9)))
  (global $ca (ref $longs) (array.new_fixed $longs 3 (i64.const 5) (i64.const 6) (i64.const 7)))
  (global $ci i31ref (ref.i31 (i32.const -3)))

  (func $box (param i32) (result (ref $box)) (struct.new $box (local.get 0)))

  ;; A struct whose reference field is the only path to a box, then allocation churn: under
  ;; stress a box the collector does not see through the field would be freed and reused.
  (func (export "field-root") (result i32)
    (local $m (ref null $mix)) (local $i i32)
    (local.set $m (struct.new $mix (i32.const 1) (i32.const 2) (call $box (i32.const 42)) (f64.const 0) (i64.const 0)))
    (loop $l
      (drop (call $box (local.get $i)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))
    (struct.get $box 0 (struct.get $mix 2 (local.get $m))))

  (func (export "packed") (param i32) (result i32 i32 i32 i32)
    (local $m (ref $mix))
    (local.set $m (struct.new $mix (local.get 0) (local.get 0) (ref.null $box) (f64.const 1) (i64.const 3)))
    (struct.get_s $mix 0 (local.get $m))
    (struct.get_u $mix 0 (local.get $m))
    (struct.get_s $mix 1 (local.get $m))
    (struct.get_u $mix 1 (local.get $m)))

  (func (export "set-get") (result i64 f64)
    (global.set $g (struct.new_default $mix))
    (struct.set $mix 4 (global.get $g) (i64.const 0x1122334455667788))
    (struct.set $mix 0 (global.get $g) (i32.const 0x1ff))
    (struct.get $mix 4 (global.get $g))
    (f64.add (struct.get $mix 3 (global.get $g)) (f64.convert_i32_u (struct.get_u $mix 0 (global.get $g)))))

  (func (export "const-exprs") (result i32 i32 i64 f64 i32 i64 i32)
    (struct.get_s $mix 0 (global.get $cg))
    (struct.get_u $mix 1 (global.get $cg))
    (struct.get $mix 4 (global.get $cg))
    (struct.get $mix 3 (global.get $cg))
    (struct.get $box 0 (struct.get $mix 2 (global.get $cg)))
    (i64.add (array.get $longs (global.get $ca) (i32.const 0)) (array.get $longs (global.get $ca) (i32.const 2)))
    (i31.get_s (global.get $ci)))

  (func (export "i31") (param i32) (result i32 i32)
    (i31.get_s (ref.i31 (local.get 0)))
    (i31.get_u (ref.i31 (local.get 0))))

  (func (export "null-i31") (result i32) (i31.get_u (ref.null i31)))
  (func (export "null-struct-get") (result i32) (struct.get $box 0 (ref.null $box)))
  (func (export "null-struct-set") (struct.set $box 0 (ref.null $box) (i32.const 1)))
  (func (export "null-array-len") (result i32) (array.len (ref.null array)))
  (func (export "null-array-get") (result i32) (array.get_u $bytes (ref.null $bytes) (i32.const 0)))

  ;; Element i of a fresh array of n bytes (each 7), after setting element i to 9.
  (func (export "bytes-set-get") (param $n i32) (param $i i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new $bytes (i32.const 7) (local.get $n)))
    (array.set $bytes (local.get $a) (local.get $i) (i32.const 9))
    (array.get_u $bytes (local.get $a) (local.get $i)))
  (func (export "bytes-get") (param $n i32) (param $i i32) (result i32)
    (array.get_s $bytes (array.new $bytes (i32.const -1) (local.get $n)) (local.get $i)))

  (func (export "arrays") (result i32 i32 i32 i64 i32)
    (local $h (ref $halves)) (local $b (ref $boxes)) (local $l (ref $longs))
    (local.set $h (array.new_fixed $halves 3 (i32.const -2) (i32.const 0x12345) (i32.const 3)))
    (local.set $b (array.new_default $boxes (i32.const 4)))
    (array.fill $boxes (local.get $b) (i32.const 1) (call $box (i32.const 5)) (i32.const 2))
    (array.set $boxes (local.get $b) (i32.const 3) (call $box (i32.const 6)))
    (local.set $l (array.new_data $longs $d (i32.const 0) (i32.const 1)))
    (array.get_s $halves (local.get $h) (i32.const 0))
    (array.get_u $halves (local.get $h) (i32.const 1))
    (i32.add (array.len (local.get $b))
      (i32.add (struct.get $box 0 (array.get $boxes (local.get $b) (i32.const 2)))
               (struct.get $box 0 (array.get $boxes (local.get $b) (i32.const 3)))))
    (array.get $longs (local.get $l) (i32.const 0))
    (ref.is_null (array.get $boxes (local.get $b) (i32.const 0))))

  (func (export "copy-init") (result i32 i32 i32)
    (local $a (ref $bytes)) (local $b (ref $boxes))
    (local.set $a (array.new_default $bytes (i32.const 8)))
    (array.init_data $bytes $d (local.get $a) (i32.const 2) (i32.const 4) (i32.const 3))
    (array.copy $bytes $bytes (local.get $a) (i32.const 0) (local.get $a) (i32.const 3) (i32.const 2))
    (local.set $b (array.new_elem $boxes $e (i32.const 0) (i32.const 2)))
    (array.init_elem $boxes $e (local.get $b) (i32.const 1) (i32.const 0) (i32.const 1))
    (array.get_u $bytes (local.get $a) (i32.const 0))
    (array.get_u $bytes (local.get $a) (i32.const 4))
    (struct.get $box 0 (array.get $boxes (local.get $b) (i32.const 1))))
)

(assert_return (invoke "field-root") (i32.const 42))
(assert_return (invoke "packed" (i32.const 0x1ff80)) (i32.const -128) (i32.const 128) (i32.const -128) (i32.const 0xff80))
(assert_return (invoke "set-get") (i64.const 0x1122334455667788) (f64.const 255))
(assert_return (invoke "const-exprs") (i32.const -1) (i32.const 0x8001) (i64.const -9) (f64.const 2.5) (i32.const 77) (i64.const 12) (i32.const -3))
(assert_return (invoke "i31" (i32.const 0x40000000)) (i32.const -0x40000000) (i32.const 0x40000000))
(assert_return (invoke "i31" (i32.const -1)) (i32.const -1) (i32.const 0x7fffffff))
(assert_return (invoke "i31" (i32.const 0x3fffffff)) (i32.const 0x3fffffff) (i32.const 0x3fffffff))
(assert_trap (invoke "null-i31") "null i31 reference")
(assert_trap (invoke "null-struct-get") "null structure reference")
(assert_trap (invoke "null-struct-set") "null structure reference")
(assert_trap (invoke "null-array-len") "null array reference")
(assert_trap (invoke "null-array-get") "null array reference")
(assert_return (invoke "bytes-set-get" (i32.const 5) (i32.const 4)) (i32.const 9))
(assert_return (invoke "bytes-set-get" (i32.const 5) (i32.const 0)) (i32.const 9))
(assert_trap (invoke "bytes-set-get" (i32.const 5) (i32.const 5)) "out of bounds array access")
(assert_trap (invoke "bytes-set-get" (i32.const 0) (i32.const 0)) "out of bounds array access")
(assert_trap (invoke "bytes-set-get" (i32.const 5) (i32.const -1)) "out of bounds array access")
(assert_return (invoke "bytes-get" (i32.const 3) (i32.const 2)) (i32.const -1))
(assert_trap (invoke "bytes-get" (i32.const 3) (i32.const 3)) "out of bounds array access")
(assert_return (invoke "arrays") (i32.const -2) (i32.const 0x2345) (i32.const 15) (i64.const 0x0807060504030201) (i32.const 1))
(assert_return (invoke "copy-init") (i32.const 6) (i32.const 7) (i32.const 11))

;; Too large an array traps "out of memory"; the instance works afterwards.
(module
  (type $big (array (mut i64)))
  (func (export "huge") (result i32) (array.len (array.new_default $big (i32.const -1))))
  (func (export "small") (result i32) (array.len (array.new_default $big (i32.const 3)))))
(assert_trap (invoke "huge") "out of memory")
(assert_return (invoke "small") (i32.const 3))
