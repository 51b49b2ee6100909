target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%awsm_func_desc = type { ptr, ptr, ptr, ptr }
%awsm_table_desc = type { i32, i32, i64, i64, i32, i32, ptr }
%awsm_memory_desc = type { i64, i64, i32, i32, i32, i32 }
%awsm_global_desc = type { i32, i32, ptr }
%awsm_import_desc = type { ptr, ptr, i32, i32, i32, i32 }
%awsm_export_desc = type { ptr, i32, i32, i32, i32 }
%awsm_data_desc = type { ptr, i32, i32 }
%awsm_elem_desc = type { i32, i32 }
%awsm_tag_desc = type { ptr }
%awsm_module_desc = type { i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, ptr, i32, i32, ptr, ptr, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr }

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
  i32 4, ; abi_version
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
  ptr null, ; tags
  i32 0, ; num_types
  i32 0, ; reserved2
  ptr null ; types
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold

; function 0 "load"
define internal i32 @memory_explicit_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = zext i32 %p0 to i64
  %1 = add nuw i64 %0, 4
  %2 = add nuw i64 %1, 4
  %3 = getelementptr i8, ptr %ctx, i64 8
  %4 = load ptr, ptr %3, !tbaa !8, !invariant.load !0
  %5 = load ptr, ptr %4, !tbaa !8, !invariant.load !0
  %6 = getelementptr i8, ptr %5, i64 8
  %7 = load i64, ptr %6, !tbaa !8
  %8 = icmp ugt i64 %2, %7
  br i1 %8, label %trap.2.2, label %ok1, !prof !1
ok1:
  %9 = load ptr, ptr %ctx, !tbaa !8
  %10 = getelementptr i8, ptr %9, i64 %1
  %11 = load i32, ptr %10, align 1, !tbaa !6
  ret i32 %11
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
  %0 = zext i32 %p0 to i64
  %1 = add nuw i64 %0, 8
  %2 = getelementptr i8, ptr %ctx, i64 8
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = load ptr, ptr %3, !tbaa !8, !invariant.load !0
  %5 = getelementptr i8, ptr %4, i64 8
  %6 = load i64, ptr %5, !tbaa !8
  %7 = icmp ugt i64 %1, %6
  br i1 %7, label %trap.2.2, label %ok1, !prof !1
ok1:
  %8 = load ptr, ptr %ctx, !tbaa !8
  %9 = getelementptr i8, ptr %8, i64 %0
  %10 = load i64, ptr %9, align 1, !tbaa !6
  %11 = zext i32 %p1 to i64
  %12 = add nuw i64 %11, 8
  %13 = getelementptr i8, ptr %ctx, i64 8
  %14 = load ptr, ptr %13, !tbaa !8, !invariant.load !0
  %15 = load ptr, ptr %14, !tbaa !8, !invariant.load !0
  %16 = getelementptr i8, ptr %15, i64 8
  %17 = load i64, ptr %16, !tbaa !8
  %18 = icmp ugt i64 %12, %17
  br i1 %18, label %trap.2.2, label %ok3, !prof !1
ok3:
  %19 = load ptr, ptr %ctx, !tbaa !8
  %20 = getelementptr i8, ptr %19, i64 %11
  store i64 %10, ptr %20, align 1, !tbaa !6
  %21 = zext i32 %p0 to i64
  %22 = add nuw i64 %21, 1
  %23 = getelementptr i8, ptr %ctx, i64 8
  %24 = load ptr, ptr %23, !tbaa !8, !invariant.load !0
  %25 = load ptr, ptr %24, !tbaa !8, !invariant.load !0
  %26 = getelementptr i8, ptr %25, i64 8
  %27 = load i64, ptr %26, !tbaa !8
  %28 = icmp ugt i64 %22, %27
  br i1 %28, label %trap.2.2, label %ok4, !prof !1
ok4:
  %29 = load ptr, ptr %ctx, !tbaa !8
  %30 = getelementptr i8, ptr %29, i64 %21
  %31 = load i8, ptr %30, align 1, !tbaa !6
  %32 = sext i8 %31 to i32
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
