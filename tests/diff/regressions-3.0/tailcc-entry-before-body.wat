;; Found by the differential tests against wasmtime (seed 1, module 20, guard mode): an
;; out-of-bounds load in a function that makes a tail call (so `tailcc`, with a C-convention
;; entry as its code pointer) killed the process with SIGSEGV instead of trapping, when that
;; function was the module's first: its body came before its entry in the code, below the
;; lowest code pointer, where the runtime's fault handler does not take a fault for a trap
;; (runtime/src/trap.c, probe_code). The entry now comes first (src/translate/module.ts,
;; defineFunction). The recursive call keeps LLVM from inlining the body into the entry.
(module
  (memory (export "mem") 0 1)
  (global $n (mut i32) (i32.const 0))
  (func $f (export "f") (result i32)
    (if (global.get $n) (then (global.set $n (call $f))))
    (global.set $n (i32.load (i32.const 0)))
    (return_call $h))
  (func $h (result i32) (global.get $n)))
