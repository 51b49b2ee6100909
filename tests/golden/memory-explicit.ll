target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%awsm_func_desc = type { ptr, ptr, ptr, ptr }
%awsm_table_desc = type { i32, i32, i32, i32 }
%awsm_memory_desc = type { i32, i32, i32, i32 }
%awsm_global_desc = type { i32, i32 }
%awsm_import_desc = type { ptr, ptr, i32, i32, i32, i32 }
%awsm_export_desc = type { ptr, i32, i32, i32, i32 }
%awsm_data_desc = type { ptr, i32, i32 }
%awsm_elem_desc = type { i32, i32 }
%awsm_module_desc = type { i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, ptr, i32, i32, ptr, ptr, ptr, i32, i32 }

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
  %awsm_memory_desc { i32 1, i32 0, i32 0, i32 0 }
]
@memory_explicit_exports = private unnamed_addr constant [2 x %awsm_export_desc] [
  %awsm_export_desc { ptr @memory_explicit_str0, i32 4, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @memory_explicit_str1, i32 4, i32 0, i32 1, i32 0 }
]
@memory_explicit_module = constant %awsm_module_desc {
  i32 1, ; abi_version
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
  i32 0 ; reserved
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold

; function 0 "load"
define internal i32 @memory_explicit_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = load i32, ptr %l0
  %t2 = zext i32 %t1 to i64
  %t3 = add nuw i64 %t2, 4
  %t4 = add nuw i64 %t3, 4
  %t5 = getelementptr i8, ptr %ctx, i64 8
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  %t7 = load ptr, ptr %t6, !tbaa !8, !invariant.load !0
  %t8 = getelementptr i8, ptr %t7, i64 8
  %t9 = load i64, ptr %t8, !tbaa !8
  %t10 = icmp ugt i64 %t4, %t9
  br i1 %t10, label %trap.2.2, label %ok1, !prof !1
ok1:
  %t11 = load ptr, ptr %ctx, !tbaa !8
  %t12 = getelementptr i8, ptr %t11, i64 %t3
  %t13 = load i32, ptr %t12, align 1, !tbaa !6
  ret i32 %t13
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
  %t2 = load i32, ptr %l1
  %t3 = load i32, ptr %l0
  %t4 = zext i32 %t3 to i64
  %t5 = add nuw i64 %t4, 8
  %t6 = getelementptr i8, ptr %ctx, i64 8
  %t7 = load ptr, ptr %t6, !tbaa !8, !invariant.load !0
  %t8 = load ptr, ptr %t7, !tbaa !8, !invariant.load !0
  %t9 = getelementptr i8, ptr %t8, i64 8
  %t10 = load i64, ptr %t9, !tbaa !8
  %t11 = icmp ugt i64 %t5, %t10
  br i1 %t11, label %trap.2.2, label %ok1, !prof !1
ok1:
  %t12 = load ptr, ptr %ctx, !tbaa !8
  %t13 = getelementptr i8, ptr %t12, i64 %t4
  %t14 = load i64, ptr %t13, align 1, !tbaa !6
  %t15 = zext i32 %t2 to i64
  %t16 = add nuw i64 %t15, 8
  %t17 = getelementptr i8, ptr %ctx, i64 8
  %t18 = load ptr, ptr %t17, !tbaa !8, !invariant.load !0
  %t19 = load ptr, ptr %t18, !tbaa !8, !invariant.load !0
  %t20 = getelementptr i8, ptr %t19, i64 8
  %t21 = load i64, ptr %t20, !tbaa !8
  %t22 = icmp ugt i64 %t16, %t21
  br i1 %t22, label %trap.2.2, label %ok3, !prof !1
ok3:
  %t23 = load ptr, ptr %ctx, !tbaa !8
  %t24 = getelementptr i8, ptr %t23, i64 %t15
  store i64 %t14, ptr %t24, align 1, !tbaa !6
  %t25 = load i32, ptr %l0
  %t26 = zext i32 %t25 to i64
  %t27 = add nuw i64 %t26, 1
  %t28 = getelementptr i8, ptr %ctx, i64 8
  %t29 = load ptr, ptr %t28, !tbaa !8, !invariant.load !0
  %t30 = load ptr, ptr %t29, !tbaa !8, !invariant.load !0
  %t31 = getelementptr i8, ptr %t30, i64 8
  %t32 = load i64, ptr %t31, !tbaa !8
  %t33 = icmp ugt i64 %t27, %t32
  br i1 %t33, label %trap.2.2, label %ok4, !prof !1
ok4:
  %t34 = load ptr, ptr %ctx, !tbaa !8
  %t35 = getelementptr i8, ptr %t34, i64 %t26
  %t36 = load i8, ptr %t35, align 1, !tbaa !6
  %t37 = sext i8 %t36 to i32
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


attributes #0 = { nounwind "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" }

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
