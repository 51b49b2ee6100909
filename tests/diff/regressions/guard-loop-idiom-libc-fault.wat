;; A byte loop whose trip count and addresses are constants (after inlining) runs off the end
;; of memory. LLVM's loop-idiom pass turned the loop into a call to libc's memset, which
;; faulted outside generated code: after the fault handler learnt to classify by PC (a fault in
;; host code is a crash), the program died of SIGSEGV instead of trapping. Wasm functions now
;; carry "no-builtins", so generated code never hands guest memory to libc. Explicit mode
;; writes every byte before the end, as V8 does; guard mode may not (LLVM vectorises the loop
;; and the vector store that straddles the end faults whole): guard mode's known gap of
;; accesses around a fault, excused only when the module compiled with volatile accesses
;; agrees with V8 (tests/diff/diff.ts).
(module
  (memory (export "memory") 1)
  (func $fill (param $p i32) (param $n i32)
    (local $i i32)
    (block (loop
      (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.const 7))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))))
  (func $copy (param $d i32) (param $s i32) (param $n i32)
    (local $i i32)
    (block (loop
      (i32.store8 (i32.add (local.get $d) (local.get $i)) (i32.load8_u (i32.add (local.get $s) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))))
  (func (export "fill_past_end") (call $fill (i32.const 65000) (i32.const 1000)))
  (func (export "copy_past_end") (call $copy (i32.const 65100) (i32.const 1000) (i32.const 1000)))
  (func (export "tail") (result i32)
    (i32.add (i32.load8_u (i32.const 65535)) (i32.mul (i32.load8_u (i32.const 65520)) (i32.const 256)))))
