;; Casts, ref.eq and the extern conversions (src/translate/gc-cast.ts), run by
;; tests/e2e/gc-cast.test.ts through the 3.0 spec harness. Each target kind of the cast table
;; of docs/gc.md: abstract heap types on the word (i31 bit, RTT kind), concrete struct and array
;; types by the display check at every depth (the exact type, a supertype, a sibling, a deeper
;; subtype), function types by their signature strings, nulls by nullability.
(module
  (type $a (sub (struct (field i32))))
  (type $b (sub $a (struct (field i32) (field i64))))
  (type $c (sub $b (struct (field i32) (field i64) (field f32))))
  (type $b2 (sub $a (struct (field i32) (field f64))))
  (type $arr (sub (array i8)))
  (type $arr2 (sub $arr (array i8)))
  (type $f (sub (func (result i32))))
  (type $g (sub $f (func (result i32))))

  (global $ga (ref $a) (struct.new $a (i32.const 1)))
  (global $ext externref (extern.convert_any (ref.i31 (i32.const 10))))
  (global $back anyref (any.convert_extern (global.get $ext)))

  (func $fa (type $f) (i32.const 1))
  (func $fg (type $g) (i32.const 2))
  (elem declare func $fa $fg)

  ;; 0 null, 1 i31 6 (even: bit 1 of its word clear), 2 $a, 3 $b, 4 $c, 5 $b2, 6 $arr, 7 $arr2, 8 a host value
  (table $t 9 anyref)
  (func (export "init") (param $h externref)
    (table.set $t (i32.const 1) (ref.i31 (i32.const 6)))
    (table.set $t (i32.const 2) (struct.new $a (i32.const 2)))
    (table.set $t (i32.const 3) (struct.new_default $b))
    (table.set $t (i32.const 4) (struct.new_default $c))
    (table.set $t (i32.const 5) (struct.new_default $b2))
    (table.set $t (i32.const 6) (array.new_default $arr (i32.const 3)))
    (table.set $t (i32.const 7) (array.new_default $arr2 (i32.const 0)))
    (table.set $t (i32.const 8) (any.convert_extern (local.get $h))))

  ;; ref.test of each entry against each target, as a bit mask (bit k for entry k).
  (func $mask (param $k i32) (result i32)
    (local $i i32) (local $m i32)
    (loop $l
      (if (call $test (local.get $k) (table.get $t (local.get $i)))
        (then (local.set $m (i32.or (local.get $m) (i32.shl (i32.const 1) (local.get $i))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 9))))
    (local.get $m))
  (func $test (param $k i32) (param $r anyref) (result i32)
    (block $d (block $12 (block $11 (block $10 (block $9 (block $8 (block $7 (block $6 (block $5 (block $4 (block $3 (block $2 (block $1 (block $0
      (br_table $0 $1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11 $12 $d (local.get $k)))
      (return (ref.test (ref any) (local.get $r))))
      (return (ref.test (ref eq) (local.get $r))))
      (return (ref.test (ref i31) (local.get $r))))
      (return (ref.test (ref struct) (local.get $r))))
      (return (ref.test (ref array) (local.get $r))))
      (return (ref.test (ref none) (local.get $r))))
      (return (ref.test (ref $a) (local.get $r))))
      (return (ref.test (ref $b) (local.get $r))))
      (return (ref.test (ref $c) (local.get $r))))
      (return (ref.test (ref $b2) (local.get $r))))
      (return (ref.test (ref $arr) (local.get $r))))
      (return (ref.test (ref $arr2) (local.get $r))))
      (return (ref.test (ref null $b) (local.get $r))))
    (unreachable))
  (func (export "mask") (param i32) (result i32) (call $mask (local.get 0)))

  (func (export "cast-b") (param i32) (result i32)
    (struct.get $b 0 (ref.cast (ref $b) (table.get $t (local.get 0)))))
  (func (export "cast-null-b") (param i32) (result i32)
    (ref.is_null (ref.cast (ref null $b) (table.get $t (local.get 0)))))
  (func (export "cast-i31") (param i32) (result i32)
    (i31.get_u (ref.cast (ref i31) (table.get $t (local.get 0)))))
  (func (export "cast-global") (result i32)
    (struct.get $a 0 (ref.cast (ref $a) (global.get $ga))))

  ;; br_on_cast to $b: 1 when taken, with the reference still usable; br_on_cast_fail: 1 when taken.
  (func (export "br-b") (param i32) (result i32)
    (block $l (result (ref $b))
      (drop (br_on_cast $l anyref (ref $b) (table.get $t (local.get 0))))
      (return (i32.const 0)))
    (drop (struct.get $b 1))
    (i32.const 1))
  (func (export "br-fail-i31") (param i32) (result i32)
    (block $l (result anyref)
      (return (i31.get_s (br_on_cast_fail $l anyref (ref i31) (table.get $t (local.get 0))))))
    (drop)
    (i32.const -1))
  (func (export "br-null") (param i32) (result i32)
    (block $l (result (ref null $a))
      (drop (br_on_cast $l anyref (ref null $a) (table.get $t (local.get 0))))
      (return (i32.const 0)))
    (drop)
    (i32.const 1))

  ;; Function references: a cast to $f accepts $g (a declared subtype), a cast to $g not $fa.
  (func (export "func-test") (param i32) (result i32)
    (local $r funcref)
    (local.set $r (select (result funcref) (ref.func $fa) (ref.func $fg) (local.get 0)))
    (i32.add
      (ref.test (ref $f) (local.get $r))
      (i32.shl (ref.test (ref $g) (local.get $r)) (i32.const 1))))
  (func (export "func-cast-g") (result i32)
    (call_ref $g (ref.cast (ref $g) (ref.func $fa))))
  (func (export "func-null") (result i32)
    (i32.add (ref.test (ref null $g) (ref.null func)) (ref.test (ref $g) (ref.null func))))

  ;; ref.eq: identity of objects, i31s by value, nulls.
  (func (export "eq") (param i32 i32) (result i32)
    (ref.eq (ref.cast (ref null eq) (table.get $t (local.get 0))) (ref.cast (ref null eq) (table.get $t (local.get 1)))))
  (func (export "eq-i31") (param i32 i32) (result i32)
    (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
  (func (export "eq-new") (result i32)
    (ref.eq (struct.new_default $a) (struct.new_default $a)))

  ;; Conversions: round trips keep identity; constant expressions convert too.
  (func (export "roundtrip") (param i32) (result i32)
    (ref.eq
      (ref.cast (ref null eq) (any.convert_extern (extern.convert_any (table.get $t (local.get 0)))))
      (ref.cast (ref null eq) (table.get $t (local.get 0)))))
  (func (export "const-back") (result i32)
    (i31.get_u (ref.cast (ref i31) (global.get $back))))
  (func (export "host-is-eq") (result i32) (ref.test (ref eq) (table.get $t (i32.const 8))))
  (func (export "externalize") (param i32) (result externref) (extern.convert_any (table.get $t (local.get 0))))
  (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
)

(invoke "init" (ref.extern 7))
;; entries:           8 host, 7 arr2, 6 arr, 5 b2, 4 c, 3 b, 2 a, 1 i31, 0 null
(assert_return (invoke "mask" (i32.const 0)) (i32.const 0x1fe))  ;; any
(assert_return (invoke "mask" (i32.const 1)) (i32.const 0x0fe))  ;; eq
(assert_return (invoke "mask" (i32.const 2)) (i32.const 0x002))  ;; i31
(assert_return (invoke "mask" (i32.const 3)) (i32.const 0x03c))  ;; struct
(assert_return (invoke "mask" (i32.const 4)) (i32.const 0x0c0))  ;; array
(assert_return (invoke "mask" (i32.const 5)) (i32.const 0x000))  ;; none
(assert_return (invoke "mask" (i32.const 6)) (i32.const 0x03c))  ;; $a: a, b, c, b2
(assert_return (invoke "mask" (i32.const 7)) (i32.const 0x018))  ;; $b: b, c
(assert_return (invoke "mask" (i32.const 8)) (i32.const 0x010))  ;; $c: c only
(assert_return (invoke "mask" (i32.const 9)) (i32.const 0x020))  ;; $b2: b2 only
(assert_return (invoke "mask" (i32.const 10)) (i32.const 0x0c0)) ;; $arr: arr, arr2
(assert_return (invoke "mask" (i32.const 11)) (i32.const 0x080)) ;; $arr2: arr2 only
(assert_return (invoke "mask" (i32.const 12)) (i32.const 0x019)) ;; (ref null $b): null, b, c

(assert_return (invoke "cast-b" (i32.const 3)) (i32.const 0))
(assert_return (invoke "cast-b" (i32.const 4)) (i32.const 0))
(assert_trap (invoke "cast-b" (i32.const 2)) "cast failure")
(assert_trap (invoke "cast-b" (i32.const 5)) "cast failure")
(assert_trap (invoke "cast-b" (i32.const 1)) "cast failure")
(assert_trap (invoke "cast-b" (i32.const 0)) "cast failure")
(assert_trap (invoke "cast-b" (i32.const 8)) "cast failure")
(assert_return (invoke "cast-null-b" (i32.const 0)) (i32.const 1))
(assert_return (invoke "cast-null-b" (i32.const 4)) (i32.const 0))
(assert_trap (invoke "cast-null-b" (i32.const 6)) "cast failure")
(assert_return (invoke "cast-i31" (i32.const 1)) (i32.const 6))
(assert_trap (invoke "cast-i31" (i32.const 2)) "cast failure")
(assert_trap (invoke "cast-i31" (i32.const 6)) "cast failure")
(assert_return (invoke "cast-global") (i32.const 1))

(assert_return (invoke "br-b" (i32.const 3)) (i32.const 1))
(assert_return (invoke "br-b" (i32.const 4)) (i32.const 1))
(assert_return (invoke "br-b" (i32.const 2)) (i32.const 0))
(assert_return (invoke "br-b" (i32.const 5)) (i32.const 0))
(assert_return (invoke "br-b" (i32.const 0)) (i32.const 0))
(assert_return (invoke "br-fail-i31" (i32.const 1)) (i32.const 6))
(assert_return (invoke "br-fail-i31" (i32.const 2)) (i32.const -1))
(assert_return (invoke "br-fail-i31" (i32.const 0)) (i32.const -1))
(assert_return (invoke "br-null" (i32.const 0)) (i32.const 1))
(assert_return (invoke "br-null" (i32.const 4)) (i32.const 1))
(assert_return (invoke "br-null" (i32.const 6)) (i32.const 0))

(assert_return (invoke "func-test" (i32.const 1)) (i32.const 1))
(assert_return (invoke "func-test" (i32.const 0)) (i32.const 3))
(assert_trap (invoke "func-cast-g") "cast failure")
(assert_return (invoke "func-null") (i32.const 1))

(assert_return (invoke "eq" (i32.const 0) (i32.const 0)) (i32.const 1))
(assert_return (invoke "eq" (i32.const 1) (i32.const 1)) (i32.const 1))
(assert_return (invoke "eq" (i32.const 3) (i32.const 3)) (i32.const 1))
(assert_return (invoke "eq" (i32.const 3) (i32.const 5)) (i32.const 0))
(assert_return (invoke "eq" (i32.const 0) (i32.const 1)) (i32.const 0))
(assert_return (invoke "eq-i31" (i32.const 7) (i32.const 7)) (i32.const 1))
(assert_return (invoke "eq-i31" (i32.const 7) (i32.const 0x80000007)) (i32.const 1))
(assert_return (invoke "eq-i31" (i32.const 7) (i32.const 8)) (i32.const 0))
(assert_return (invoke "eq-new") (i32.const 0))

(assert_return (invoke "roundtrip" (i32.const 0)) (i32.const 1))
(assert_return (invoke "roundtrip" (i32.const 1)) (i32.const 1))
(assert_return (invoke "roundtrip" (i32.const 4)) (i32.const 1))
(assert_return (invoke "roundtrip" (i32.const 7)) (i32.const 1))
(assert_return (invoke "const-back") (i32.const 10))
(assert_return (invoke "host-is-eq") (i32.const 0))
(assert_return (invoke "externalize" (i32.const 8)) (ref.extern 7))
(assert_return (invoke "externalize" (i32.const 0)) (ref.null extern))
(assert_return (invoke "externalize" (i32.const 4)) (ref.extern))
(assert_return (invoke "internalize" (ref.extern 3)) (ref.host 3))
(assert_return (invoke "internalize" (ref.null extern)) (ref.null any))
