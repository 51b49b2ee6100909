;; A plugin compiled to a shared library (awsm compile --emit=shared --name=plugin) and loaded
;; at run time by the host.
(module
  (global $calls (mut i32) (i32.const 0))
  (func (export "transform") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.add (i32.mul (local.get 0) (i32.const 2)) (global.get $calls))))
