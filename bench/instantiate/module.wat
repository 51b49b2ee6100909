;; The module bench/instantiate measures: what a small sandboxed function typically has.
;; One page of memory with a data segment, a small funcref table filled by an element
;; segment, a mutable global, and a few functions. Compiled with
;;   awsm compile --emit=obj --name=bench_inst module.wasm
(module
  (memory (export "memory") 1 16)
  (table (export "table") 8 64 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (data (i32.const 64) "sandboxed hello, 32 bytes long!!")
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1)))
  (func $mul (param i32 i32) (result i32)
    (i32.mul (local.get 0) (local.get 1)))
  (elem (i32.const 0) $add $sub $mul)
  (type $bin (func (param i32 i32) (result i32)))
  (func (export "apply") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (local.get $s)))
