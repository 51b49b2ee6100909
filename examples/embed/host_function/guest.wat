;; A module that imports three host functions: print (reads a string from this module's
;; memory), next_random (host state) and hypot (floating point arguments and result).
(module
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "next_random" (func $next_random (param i32) (result i32)))
  (import "env" "hypot" (func $hypot (param f64 f64) (result f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from the sandbox")
  ;; Prints the greeting, then returns the length of a random walk of n steps in a 100x100
  ;; grid: hypot of the summed x and y steps.
  (func (export "walk") (param $n i32) (result f64) (local $x i32) (local $y i32)
    (call $print (i32.const 0) (i32.const 22))
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i32.add (local.get $x) (i32.sub (call $next_random (i32.const 3)) (i32.const 1))))
        (local.set $y (i32.add (local.get $y) (i32.sub (call $next_random (i32.const 3)) (i32.const 1))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $step)))
    (call $hypot (f64.convert_i32_s (local.get $x)) (f64.convert_i32_s (local.get $y)))))
