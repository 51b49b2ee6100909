;; A select left on the operand stack below a return_call's arguments: the translator's select
;; sinking (src/llvm/sink.ts) moved it down to the block's end, between the `musttail` call and
;; its `ret`, which LLVM rejects ("musttail call must precede a ret"): clang failed on awsm's
;; IR at -O1 and above. Found by the wasmtime differential run (seed 20261207, module 258).
(module
  (func $g (export "g") (param i32) (result f32)
    (select (f32.convert_i32_s (local.get 0)) (f32.const 2) (local.get 0))
    (return_call $h (local.get 0)))
  ;; $h makes a tail call too, so it is `tailcc` and $g's return_call is a musttail call.
  (func $h (param i32) (result f32)
    (if (result f32) (i32.gt_u (local.get 0) (i32.const 100))
      (then (f32.convert_i32_u (local.get 0)))
      (else (return_call $h (i32.add (local.get 0) (i32.const 7)))))))
