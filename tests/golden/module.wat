;; options: {"exe": true}
;; Module level: globals, tables and references, element and data segments, the init
;; function, the descriptor (imports, exports, names), the start function and the `exe` alias.
(module
  (import "spectest" "global_i32" (global $g_imp i32))
  (import "spectest" "table" (table $t_imp 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (import "\00odd \"name\" \e2\82\ac" "f\01" (func $odd))

  (global $g_mut (mut i64) (i64.const -1))
  (global $g_f32 f32 (f32.const 1.5))
  (global $g_f64 (mut f64) (f64.const -0.0))
  (global $g_ref funcref (ref.func $get))
  (global $g_ext (mut externref) (ref.null extern))
  (global $g_copy i32 (global.get $g_imp))

  (table $t 2 funcref)
  (table $ext 1 externref)

  (func $get (export "get") (result i64) (global.get $g_mut))
  (func $set (export "set") (param i64) (global.set $g_mut (local.get 0)))
  (func $read_imm (export "read-imm") (result f32) (global.get $g_f32))
  (func $tables (export "tables") (param i32 externref) (result i32)
    (table.set $ext (local.get 0) (local.get 1))
    (drop (table.get $t (local.get 0)))
    (drop (table.grow $t (ref.func $get) (i32.const 1)))
    (table.fill $t (i32.const 0) (ref.null func) (i32.const 1))
    (table.copy $t $t_imp (i32.const 0) (i32.const 1) (i32.const 1))
    (table.init $t $passive (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $passive)
    (i32.add (table.size $t) (ref.is_null (local.get 1))))
  (func $select (export "select") (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func $start (nop))
  (start $start)

  (elem (table $t_imp) (global.get $g_imp) func $get $set)
  (elem $passive funcref (ref.func $get) (ref.null func))
  (elem declare func $read_imm)
  ;; Long enough for the loop over a constant table of function indices.
  (elem (table $t_imp) (i32.const 0) func
    $get $set $get $set $get $set $get $set $get $set $get $set $get $set $get $set)
  (data (global.get $g_imp) "\00\01\02")

  (export "mem" (memory 0))
  (export "t" (table $t))
  (export "g" (global $g_mut))
  (export "" (func $get))
)
