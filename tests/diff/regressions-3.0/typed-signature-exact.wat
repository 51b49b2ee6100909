;; Signature strings must tell typed references apart (docs/abi.md, "Typed function
;; references"). With (ref $t) written as a plain funcref, call_indirect of $g through the type
;; that takes a funcref passed its check, and $g's call_ref then called whatever function it
;; was given with $t's signature: here $k, which takes an i64 — undefined behaviour instead of
;; "indirect call type mismatch". Pins the exact check, with the calls that must still pass.
(module
  (type $t (func (result i32)))
  (type $u (func (param i64) (result i32)))
  (type $takes_ref (func (param (ref $t)) (result i32)))
  (type $takes_funcref (func (param funcref) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $g $h $k)
  (elem declare func $f $k)
  (func $g (type $takes_ref) (call_ref $t (local.get 0)))
  (func $h (type $takes_funcref) (if (result i32) (ref.is_null (local.get 0)) (then (i32.const 5)) (else (i32.const 6))))
  (func $f (type $t) (i32.const 42))
  (func $k (type $u) (i32.wrap_i64 (local.get 0)))
  (func (export "exact") (result i32) (call_indirect (type $takes_ref) (ref.func $f) (i32.const 0)))
  (func (export "ref-as-funcref") (result i32) (call_indirect (type $takes_funcref) (ref.func $k) (i32.const 0)))
  (func (export "funcref") (result i32) (call_indirect (type $takes_funcref) (ref.func $k) (i32.const 1)))
)
