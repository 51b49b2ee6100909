target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%awsm_func_desc = type { ptr, ptr, ptr, ptr }
%awsm_table_desc = type { i32, i32, i64, i64, i32, i32 }
%awsm_memory_desc = type { i64, i64, i32, i32, i32, i32 }
%awsm_global_desc = type { i32, i32 }
%awsm_import_desc = type { ptr, ptr, i32, i32, i32, i32 }
%awsm_export_desc = type { ptr, i32, i32, i32, i32 }
%awsm_data_desc = type { ptr, i32, i32 }
%awsm_elem_desc = type { i32, i32 }
%awsm_tag_desc = type { ptr }
%awsm_module_desc = type { i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, ptr, i32, i32, ptr, ptr, ptr, i32, i32, ptr, i32, i32, ptr }

@memory_explicit_sig0 = private unnamed_addr constant [4 x i8] c"i:i\00"
@memory_explicit_sig1 = private unnamed_addr constant [4 x i8] c"ii:\00"
@memory_explicit_str0 = private unnamed_addr constant [5 x i8] c"load\00"
@memory_explicit_str1 = private unnamed_addr constant [5 x i8] c"copy\00"
@memory_explicit_str2 = private unnamed_addr constant [16 x i8] c"memory_explicit\00"
@memory_explicit_funcs = private unnamed_addr constant [2 x %awsm_func_desc] [
  %awsm_func_desc { ptr @memory_explicit_sig0, ptr @memory_explicit_f0, ptr @memory_explicit_tramp0, ptr @memory_explicit_str0 },
  %awsm_func_desc { ptr @memory_explicit_sig1, ptr @memory_explicit_f1, ptr @memory_explicit_tramp1, ptr @memory_explicit_str1 }
]
@memory_explicit_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 0, i32 0, i32 16, i32 0, i32 0 }
]
@memory_explicit_exports = private unnamed_addr constant [2 x %awsm_export_desc] [
  %awsm_export_desc { ptr @memory_explicit_str0, i32 4, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @memory_explicit_str1, i32 4, i32 0, i32 1, i32 0 }
]
@memory_explicit_module = constant %awsm_module_desc {
  i32 3, ; abi_version
  i32 1, ; flags
  ptr @memory_explicit_str2, ; name
  i32 2, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @memory_explicit_funcs, ; funcs
  i32 0, ; num_tables
  i32 0, ; num_imported_tables
  ptr null, ; tables
  i32 1, ; num_memories
  i32 0, ; num_imported_memories
  ptr @memory_explicit_memories, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 0, ; num_imports
  i32 2, ; num_exports
  ptr null, ; imports
  ptr @memory_explicit_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @memory_explicit_init, ; init
  i32 -1, ; start_funcidx
  i32 0, ; reserved
  ptr null, ; tails
  i32 0, ; num_tags
  i32 0, ; num_imported_tags
  ptr null ; tags
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold

; function 0 "load"
define internal i32 @memory_explicit_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = zext i32 %p0 to i64
  %t2 = add nuw i64 %t1, 4
  %t3 = add nuw i64 %t2, 4
  %t4 = getelementptr i8, ptr %ctx, i64 8
  %t5 = load ptr, ptr %t4, !tbaa !8, !invariant.load !0
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  %t7 = getelementptr i8, ptr %t6, i64 8
  %t8 = load i64, ptr %t7, !tbaa !8
  %t9 = icmp ugt i64 %t3, %t8
  br i1 %t9, label %trap.2.2, label %ok1, !prof !1
ok1:
  %t10 = load ptr, ptr %ctx, !tbaa !8
  %t11 = getelementptr i8, ptr %t10, i64 %t2
  %t12 = load i32, ptr %t11, align 1, !tbaa !6
  ret i32 %t12
trap.2.2:
  call void @awsm_trap(ptr %ctx, i32 2, i32 0)
  unreachable
}

; function 1 "copy"
define internal void @memory_explicit_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  %t2 = zext i32 %p0 to i64
  %t3 = add nuw i64 %t2, 8
  %t4 = getelementptr i8, ptr %ctx, i64 8
  %t5 = load ptr, ptr %t4, !tbaa !8, !invariant.load !0
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  %t7 = getelementptr i8, ptr %t6, i64 8
  %t8 = load i64, ptr %t7, !tbaa !8
  %t9 = icmp ugt i64 %t3, %t8
  br i1 %t9, label %trap.2.2, label %ok1, !prof !1
ok1:
  %t10 = load ptr, ptr %ctx, !tbaa !8
  %t11 = getelementptr i8, ptr %t10, i64 %t2
  %t12 = load i64, ptr %t11, align 1, !tbaa !6
  %t13 = zext i32 %p1 to i64
  %t14 = add nuw i64 %t13, 8
  %t15 = getelementptr i8, ptr %ctx, i64 8
  %t16 = load ptr, ptr %t15, !tbaa !8, !invariant.load !0
  %t17 = load ptr, ptr %t16, !tbaa !8, !invariant.load !0
  %t18 = getelementptr i8, ptr %t17, i64 8
  %t19 = load i64, ptr %t18, !tbaa !8
  %t20 = icmp ugt i64 %t14, %t19
  br i1 %t20, label %trap.2.2, label %ok3, !prof !1
ok3:
  %t21 = load ptr, ptr %ctx, !tbaa !8
  %t22 = getelementptr i8, ptr %t21, i64 %t13
  store i64 %t12, ptr %t22, align 1, !tbaa !6
  %t23 = zext i32 %p0 to i64
  %t24 = add nuw i64 %t23, 1
  %t25 = getelementptr i8, ptr %ctx, i64 8
  %t26 = load ptr, ptr %t25, !tbaa !8, !invariant.load !0
  %t27 = load ptr, ptr %t26, !tbaa !8, !invariant.load !0
  %t28 = getelementptr i8, ptr %t27, i64 8
  %t29 = load i64, ptr %t28, !tbaa !8
  %t30 = icmp ugt i64 %t24, %t29
  br i1 %t30, label %trap.2.2, label %ok4, !prof !1
ok4:
  %t31 = load ptr, ptr %ctx, !tbaa !8
  %t32 = getelementptr i8, ptr %t31, i64 %t23
  %t33 = load i8, ptr %t32, align 1, !tbaa !6
  %t34 = sext i8 %t33 to i32
  ret void
trap.2.2:
  call void @awsm_trap(ptr %ctx, i32 2, i32 1)
  unreachable
}

define internal void @memory_explicit_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i32 %code(ptr %ctx, i32 %t0)
  store i32 %t1, ptr %args
  ret void
}

define internal void @memory_explicit_tramp1(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  call void %code(ptr %ctx, i32 %t0, i32 %t2)
  ret void
}

define internal void @memory_explicit_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
  ret void
}


attributes #0 = { nounwind "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins" }

!0 = !{}
!1 = !{!"branch_weights", i32 1, i32 1048575}
!2 = !{!"branch_weights", i32 1048575, i32 1}
!3 = !{!"rsp"}
!4 = !{!"awsm tbaa"}
!5 = !{!"wasm memory", !4, i64 0}
!6 = !{!5, !5, i64 0}
!7 = !{!"awsm instance", !4, i64 0}
!8 = !{!7, !7, i64 0}
!9 = !{!"wasm global", !4, i64 0}
!10 = !{!9, !9, i64 0}
!11 = !{!"wasm table", !4, i64 0}
!12 = !{!11, !11, i64 0}
