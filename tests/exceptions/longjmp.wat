;; setjmp/longjmp the way LLVM lowers them to Wasm exceptions: longjmp throws a tag carrying
;; the jmp_buf's identity and the value; each function that calls setjmp catches it with
;; catch_ref, and when the jmp_buf is not its own, rethrows it (throw_ref) to the setjmp
;; further up. 3000 non-local exits from recursion depths 0..49, one in three through an
;; inner setjmp to the outer one. Prints the sum of the values setjmp returned; exits 0.
;; tests/e2e/exceptions.test.ts compares the output with wasmtime's.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $longjmp (param i32 i32))          ;; jmp_buf id, value
  (global $out (mut i32) (i32.const 1024))
  (global $passed (mut i32) (i32.const 0)) ;; exits that went through an inner setjmp
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

  (func $longjmp (param $env i32) (param $val i32)
    ;; longjmp(env, 0) makes setjmp return 1
    (throw $longjmp (local.get $env) (select (local.get $val) (i32.const 1) (local.get $val))))

  ;; Recurse to `target`, then longjmp to `env` with depth * 7 + 1.
  (func $recurse (param $depth i32) (param $env i32) (param $target i32) (result i32)
    (if (i32.eq (local.get $depth) (local.get $target))
      (then (call $longjmp (local.get $env) (i32.add (i32.mul (local.get $depth) (i32.const 7)) (i32.const 1)))))
    (i32.add (call $recurse (i32.add (local.get $depth) (i32.const 1)) (local.get $env) (local.get $target)) (i32.const 1)))

;; if ((r = setjmp(env)) == 0) { recurse(0, jump_to, target); return -1; } return r;
  ;; a longjmp to another jmp_buf goes on up (throw_ref).
  (func $with_setjmp (param $env i32) (param $jump_to i32) (param $target i32) (result i32)
    (local $exn exnref) (local $val i32) (local $to i32)
    (block $jumped (result i32 i32 exnref)
      (try_table (catch_ref $longjmp $jumped)
        (drop (call $recurse (i32.const 0) (local.get $jump_to) (local.get $target))))
      (return (i32.const -1)))
    (local.set $exn)
    (local.set $val)
    (local.set $to)
    (if (i32.ne (local.get $to) (local.get $env))
      (then
        (global.set $passed (i32.add (global.get $passed) (i32.const 1)))
        (throw_ref (local.get $exn))))
    (local.get $val))

  ;; setjmp(env 1), then an inner setjmp(env 2) whose callee longjmps to env 2, or (via) to env 1.
  (func $outer (param $target i32) (param $via i32) (result i32)
    (local $exn exnref) (local $val i32) (local $to i32)
    (block $jumped (result i32 i32 exnref)
      (try_table (catch_ref $longjmp $jumped)
        (return (call $with_setjmp (i32.const 2) (select (i32.const 1) (i32.const 2) (local.get $via)) (local.get $target))))
      (unreachable))
    (local.set $exn)
    (local.set $val)
    (local.set $to)
    (if (i32.ne (local.get $to) (i32.const 1)) (then (throw_ref (local.get $exn))))
    (i32.add (local.get $val) (i32.const 1000)))

  (func (export "_start")
    (local $k i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum)
        (call $outer (i32.rem_u (local.get $k) (i32.const 50)) (i32.eqz (i32.rem_u (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $k) (i32.const 3000))))
    (call $putn (local.get $sum))
    (call $putc (i32.const 32))
    (call $putn (global.get $passed))
    (call $putc (i32.const 10))
    (call $flush))
)
