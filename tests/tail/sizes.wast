;; Tail calls across instances whose modules need tail buffers of different sizes (docs/abi.md,
;; "Tail calls on RISC-V": on riscv64 a chain of tail calls runs in a buffer of slots that its
;; first caller allocates with its own module's size). $S's functions need 2 slots; $L's need
;; 12 ($wide's parameters). A chain started in $S (invoke "s") enters $L with $S's 2-slot
;; buffer: $L's $l finds it too small, calls itself again in a 12-slot buffer of its own (one
;; ordinary frame) and the chain goes on there, through $S and back, in constant stack: 10
;; million rounds of three tail calls, $S.s -> $L.l through $S's table, $L.l -> $L.wide
;; directly, $L.wide -> $S.s through $L's import. $wide checks its ten extra arguments, which
;; lie beyond $S's buffer, and the two results (rounds, and the sum of those checks) come back
;; through every buffer. Elsewhere (tailcc) the same chain must simply run in constant stack.

(module $S
  (type $t (func (param i64 i32) (result i64 i64)))
  (table (export "t") 1 funcref)
  (func $s (export "s") (type $t)
    (if (i32.eqz (local.get 1)) (then (return (local.get 0) (i64.const 0))))
    (return_call_indirect (type $t) (i64.add (local.get 0) (i64.const 1)) (i32.sub (local.get 1) (i32.const 1))
      (i32.const 0))))
(register "S" $S)

(module $L
  (type $t (func (param i64 i32) (result i64 i64)))
  (type $w (func (param i64 i32 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64 i64)))
  (import "S" "s" (func $s (type $t)))
  (import "S" "t" (table 1 funcref))
  (elem (table 0) (i32.const 0) func $l)
  (func $l (export "l") (type $t)
    (return_call $wide (local.get 0) (local.get 1)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
      (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10)))
  (func $wide (type $w)
    ;; Arguments 2..11 must be 1..10: a wrong one makes the count wrong.
    (return_call $s
      (i64.add (local.get 0)
        (i64.sub
          (i64.add (i64.add (i64.add (i64.add (local.get 2) (local.get 3)) (i64.add (local.get 4) (local.get 5)))
                            (i64.add (i64.add (local.get 6) (local.get 7)) (i64.add (local.get 8) (local.get 9))))
                   (i64.mul (local.get 10) (local.get 11)))
          (i64.const 126)))
      (local.get 1))))

;; Started in $S (a 2-slot buffer) and in $L (a 12-slot one).
(assert_return (invoke $S "s" (i64.const 0) (i32.const 10000000)) (i64.const 10000000) (i64.const 0))
(assert_return (invoke $L "l" (i64.const 0) (i32.const 10000000)) (i64.const 10000000) (i64.const 0))
(assert_return (invoke $S "s" (i64.const 7) (i32.const 3)) (i64.const 10) (i64.const 0))
(assert_return (invoke $S "s" (i64.const 7) (i32.const 0)) (i64.const 7) (i64.const 0))
