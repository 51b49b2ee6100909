;; The quick tier's peepholes (src/llvm/lean.ts with `lean`, src/llvm/narrow.ts): an i64
;; operation on zero-extended i32s wrapped back to i32 becomes the i32 operation; a block's
;; repeated zero-extension of an address and repeated wrap of an i64 are computed once; eqz and
;; i64.extend_i32_u look through zexts just made; constants are wrapped and extended at
;; compile time. Each case where a result would differ if the narrowing were wrong: carries
;; out of bit 31, borrows, products above 2^32, and values that live on across blocks.
;; Run at -O0 by tests/e2e/quick-tier.test.ts, in guard and explicit mode.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 65528) "\a1\a2\a3\a4\a5\a6\a7\a8")

  ;; wrap(op(extend_u x, c)): the carry out of bit 31 is dropped
  (func (export "add_c") (param i32) (result i32)
    (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 8))))
  (func (export "add_big_c") (param i32) (result i32)
    (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 0x1_0000_0003))))
  (func (export "sub_c") (param i32) (result i32)
    (i32.wrap_i64 (i64.sub (i64.extend_i32_u (local.get 0)) (i64.const 16))))
  (func (export "c_sub") (param i32) (result i32)
    (i32.wrap_i64 (i64.sub (i64.const 5) (i64.extend_i32_u (local.get 0)))))
  (func (export "mul_xx") (param i32 i32) (result i32)
    (i32.wrap_i64 (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))))
  (func (export "and_or_xor") (param i32 i32) (result i32)
    (i32.add
      (i32.wrap_i64 (i64.and (i64.extend_i32_u (local.get 0)) (i64.const -256)))
      (i32.add
        (i32.wrap_i64 (i64.or (i64.extend_i32_u (local.get 1)) (i64.const 0xf_0000_0001)))
        (i32.wrap_i64 (i64.xor (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))))))
  ;; not narrowable: a shift's low bits depend on the high bits of its operand
  (func (export "shr_wrapped") (param i32) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 1)) (i64.const 4))))
  ;; the extended value has another use (a tee): the i64 must stay
  (func (export "add_teed") (param i32) (result i64)
    (local i64)
    (i64.add
      (i64.extend_i32_u (i32.wrap_i64 (i64.add (local.tee 1 (i64.extend_i32_u (local.get 0))) (i64.const 1))))
      (local.get 1)))
  ;; an address computed the way Go does, then loaded
  (func (export "load_go") (param i32) (result i32)
    (i32.load8_u (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 3)))))

  ;; a constant wrapped and extended at compile time
  (func (export "load_const_wrapped") (result i32)
    (i32.load8_u (i32.wrap_i64 (i64.const 0x1_0000_0005))))
  (func (export "wrap_const") (result i32)
    (i32.wrap_i64 (i64.const 0x1_8000_0001)))

  ;; one i64 local wrapped for several accesses in a block, and again after a branch
  (func (export "wrap_repeated") (param i64) (result i32)
    (local i32)
    (local.set 1 (i32.add (i32.load8_u (i32.wrap_i64 (local.get 0)))
                          (i32.load8_u offset=1 (i32.wrap_i64 (local.get 0)))))
    (if (i32.eqz (local.get 1)) (then (return (i32.const -1))))
    (i32.add (local.get 1) (i32.load8_u offset=2 (i32.wrap_i64 (local.get 0)))))
  ;; one address for several accesses, in a loop whose blocks each extend it anew
  (func (export "sum_loop") (param i32 i32) (result i32)
    (local i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get 1)))
        (local.set 2 (i32.add (local.get 2)
          (i32.add (i32.load8_u (local.get 0)) (i32.load8_u offset=1 (local.get 0)))))
        (i32.store8 offset=16 (local.get 0) (local.get 2))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
        (br $next)))
    (i32.add (local.get 2) (i32.load8_u offset=16 (local.get 0))))

  ;; an address on the stack across an `if` whose arm accesses it too: the arm's zext does not
  ;; dominate the access after `end`, which must extend it anew
  (func (export "memo_after_if") (param i32 i32) (result i32)
    (local.get 0)
    (if (local.get 1) (then (drop (i32.load8_u offset=1 (local.get 0)))))
    (i32.load8_u))

  ;; eqz through zexts: a byte, a boolean widened twice (Go's `!b`), an extended i32
  (func (export "eqz_byte") (param i32) (result i32)
    (i64.eqz (i64.extend_i32_u (i32.load8_u (local.get 0)))))
  (func (export "not_not") (param i64) (result i32)
    (i32.eqz (i64.eqz (i64.extend_i32_u (i64.eqz (local.get 0))))))
  (func (export "eqz_ext") (param i32) (result i32)
    (i64.eqz (i64.extend_i32_u (local.get 0))))
  (func (export "bool_wide") (param i32) (result i64)
    (i64.add (i64.extend_i32_u (i32.eqz (local.get 0))) (i64.const 0x1_0000_0000)))
  (func (export "br_on_eqz_ext") (param i32) (result i32)
    (block $z
      (br_if $z (i64.eqz (i64.extend_i32_u (local.get 0))))
      (return (i32.const 1)))
    (i32.const 0))
)

(assert_return (invoke "add_c" (i32.const 1)) (i32.const 9))
(assert_return (invoke "add_c" (i32.const -1)) (i32.const 7))
(assert_return (invoke "add_big_c" (i32.const -1)) (i32.const 2))
(assert_return (invoke "sub_c" (i32.const 3)) (i32.const -13))
(assert_return (invoke "sub_c" (i32.const 20)) (i32.const 4))
(assert_return (invoke "c_sub" (i32.const 7)) (i32.const -2))
(assert_return (invoke "mul_xx" (i32.const 0x10000) (i32.const 0x10001)) (i32.const 0x10000))
(assert_return (invoke "mul_xx" (i32.const -1) (i32.const -1)) (i32.const 1))
(assert_return (invoke "and_or_xor" (i32.const 0x1234) (i32.const 0x10)) (i32.const 0x2435))
(assert_return (invoke "shr_wrapped" (i32.const -1)) (i32.const 0x10000000))
(assert_return (invoke "add_teed" (i32.const -1)) (i64.const 0xffffffff))
(assert_return (invoke "add_teed" (i32.const 2)) (i64.const 5))
(assert_return (invoke "load_go" (i32.const 1)) (i32.const 5))
(assert_trap (invoke "load_go" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load_const_wrapped") (i32.const 6))
(assert_return (invoke "wrap_const") (i32.const 0x80000001))
(assert_return (invoke "wrap_repeated" (i64.const 0x7_0000_0002)) (i32.const 12))
(assert_return (invoke "wrap_repeated" (i64.const 0x1_0000_0010)) (i32.const -1))
(assert_trap (invoke "wrap_repeated" (i64.const 0x1_0000_fffe)) "out of bounds memory access")
(assert_return (invoke "sum_loop" (i32.const 0) (i32.const 3)) (i32.const 15))
(assert_return (invoke "sum_loop" (i32.const 2) (i32.const 0)) (i32.const 15))
(assert_trap (invoke "sum_loop" (i32.const 65535) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "memo_after_if" (i32.const 5) (i32.const 0)) (i32.const 6))
(assert_return (invoke "memo_after_if" (i32.const 6) (i32.const 1)) (i32.const 7))
(assert_return (invoke "eqz_byte" (i32.const 0)) (i32.const 0))
(assert_return (invoke "eqz_byte" (i32.const 30)) (i32.const 1))
(assert_return (invoke "not_not" (i64.const 0)) (i32.const 1))
(assert_return (invoke "not_not" (i64.const 0x1_0000_0000)) (i32.const 0))
(assert_return (invoke "eqz_ext" (i32.const 0)) (i32.const 1))
(assert_return (invoke "eqz_ext" (i32.const -2147483648)) (i32.const 0))
(assert_return (invoke "bool_wide" (i32.const 0)) (i64.const 0x1_0000_0001))
(assert_return (invoke "bool_wide" (i32.const 9)) (i64.const 0x1_0000_0000))
(assert_return (invoke "br_on_eqz_ext" (i32.const 0)) (i32.const 0))
(assert_return (invoke "br_on_eqz_ext" (i32.const 256)) (i32.const 1))
