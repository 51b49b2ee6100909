;; Exceptions the way a C++ compiler uses them (LLVM's Wasm EH lowering): a throw 10 frames
;; deep, each frame owning an object whose destructor runs during unwinding through
;; catch_all_ref + throw_ref (a cleanup landing pad), the exception caught by type (tag) at
;; the top. Repeated with the throw at each depth 0..10, then once without a throw. Prints the
;; destructor log and the payloads; exits 0. tests/e2e/exceptions.test.ts runs it under awsm
;; and wasmtime and compares.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $cpp_exception (param i32))       ;; the thrown object's address, as __cxa_throw's
  (global $live (mut i32) (i32.const 0)) ;; objects constructed and not yet destroyed
  (global $out (mut i32) (i32.const 1024))

  ;; Output buffer from 1024; iovec at 0.
  (func $putc (param i32)
    (i32.store8 (global.get $out) (local.get 0))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))
  (func $putn (param i32)
    (if (i32.ge_u (local.get 0) (i32.const 10)) (then (call $putn (i32.div_u (local.get 0) (i32.const 10)))))
    (call $putc (i32.add (i32.const 48) (i32.rem_u (local.get 0) (i32.const 10)))))
  (func $flush
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.sub (global.get $out) (i32.const 1024)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $out (i32.const 1024)))

  (func $construct (param $id i32)
    (global.set $live (i32.add (global.get $live) (i32.const 1))))
  (func $destruct (param $id i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (call $putc (i32.const 126)) ;; '~'
    (call $putn (local.get $id))
    (call $putc (i32.const 32)))

  ;; frame(depth, throw_at): constructs object `depth`, calls frame(depth + 1) up to 10, throws
  ;; at depth == throw_at; the object's destructor runs on the normal path and on unwinding.
  (func $frame (param $depth i32) (param $throw_at i32) (result i32)
    (local $r i32)
    (call $construct (local.get $depth))
    (block $cleanup (result exnref)
      (try_table (catch_all_ref $cleanup)
        (if (i32.eq (local.get $depth) (local.get $throw_at))
          (then (throw $cpp_exception (i32.add (i32.const 100) (local.get $depth)))))
        (local.set $r
          (if (result i32) (i32.lt_u (local.get $depth) (i32.const 10))
            (then (call $frame (i32.add (local.get $depth) (i32.const 1)) (local.get $throw_at)))
            (else (i32.const 0)))))
      (call $destruct (local.get $depth))
      (return (i32.add (local.get $r) (i32.const 1))))
    ;; the landing pad: destroy, then resume unwinding
    (call $destruct (local.get $depth))
    (throw_ref))

  (func (export "_start")
    (local $t i32) (local $payload i32)
    (loop $each
      (block $caught (result i32)
        (try_table (catch $cpp_exception $caught)
          (call $putn (call $frame (i32.const 0) (local.get $t)))
          (call $putc (i32.const 10)))
        (unreachable)) ;; every depth 0..10 throws
      ;; caught: payload, then the objects still alive (must be 0)
      (local.set $payload)
      (call $putc (i32.const 99)) (call $putc (i32.const 32))
      (call $putn (local.get $payload))
      (call $putc (i32.const 32))
      (call $putn (global.get $live))
      (call $putc (i32.const 10))
      (call $flush)
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $each (i32.le_u (local.get $t) (i32.const 10))))
    ;; no throw at all (throw_at 11): every frame returns normally
    (call $putn (call $frame (i32.const 0) (i32.const 11)))
    (call $putc (i32.const 10))
    (call $flush))
)
