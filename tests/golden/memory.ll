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

@memory_sig0 = private unnamed_addr constant [4 x i8] c"i:I\00"
@memory_sig1 = private unnamed_addr constant [4 x i8] c"if:\00"
@memory_sig2 = private unnamed_addr constant [3 x i8] c"i:\00"
@memory_sig3 = private unnamed_addr constant [4 x i8] c"i:i\00"
@memory_sig4 = private unnamed_addr constant [5 x i8] c"iii:\00"
@memory_active_data = private unnamed_addr constant [12 x i8] c"\00\00\00\00\00\00\00\00\10\00\00\00", align 4
@memory_str0 = private unnamed_addr constant [5 x i8] c"load\00"
@memory_str1 = private unnamed_addr constant [6 x i8] c"store\00"
@memory_str2 = private unnamed_addr constant [11 x i8] c"dead_loads\00"
@memory_str3 = private unnamed_addr constant [5 x i8] c"grow\00"
@memory_str4 = private unnamed_addr constant [5 x i8] c"bulk\00"
@memory_str5 = private unnamed_addr constant [11 x i8] c"dead-loads\00"
@memory_data = private unnamed_addr constant [11 x i8] c"hi\00\FFpassive"
@memory_str6 = private unnamed_addr constant [7 x i8] c"memory\00"
@memory_funcs = private unnamed_addr constant [5 x %awsm_func_desc] [
  %awsm_func_desc { ptr @memory_sig0, ptr @memory_f0, ptr @memory_tramp0, ptr @memory_str0 },
  %awsm_func_desc { ptr @memory_sig1, ptr @memory_f1, ptr @memory_tramp1, ptr @memory_str1 },
  %awsm_func_desc { ptr @memory_sig2, ptr @memory_f2, ptr @memory_tramp2, ptr @memory_str2 },
  %awsm_func_desc { ptr @memory_sig3, ptr @memory_f3, ptr @memory_tramp3, ptr @memory_str3 },
  %awsm_func_desc { ptr @memory_sig4, ptr @memory_f4, ptr @memory_tramp4, ptr @memory_str4 }
]
@memory_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 2, i32 1, i32 16, i32 0, i32 0 }
]
@memory_exports = private unnamed_addr constant [5 x %awsm_export_desc] [
  %awsm_export_desc { ptr @memory_str0, i32 4, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @memory_str1, i32 5, i32 0, i32 1, i32 0 },
  %awsm_export_desc { ptr @memory_str5, i32 10, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @memory_str3, i32 4, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @memory_str4, i32 4, i32 0, i32 4, i32 0 }
]
@memory_datas = private unnamed_addr constant [2 x %awsm_data_desc] [
  %awsm_data_desc { ptr @memory_data, i32 4, i32 0 },
  %awsm_data_desc { ptr null, i32 7, i32 0 }
]
@memory_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 4, ; flags
  ptr @memory_str6, ; name
  i32 5, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @memory_funcs, ; funcs
  i32 0, ; num_tables
  i32 0, ; num_imported_tables
  ptr null, ; tables
  i32 1, ; num_memories
  i32 0, ; num_imported_memories
  ptr @memory_memories, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 0, ; num_imports
  i32 5, ; num_exports
  ptr null, ; imports
  ptr @memory_exports, ; exports
  i32 2, ; num_datas
  i32 0, ; num_elems
  ptr @memory_datas, ; datas
  ptr null, ; elems
  ptr @memory_init, ; init
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
declare i32 @awsm_memory_grow(ptr, i32, i32) nounwind
declare void @awsm_memory_copy(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_memory_fill(ptr, i32, i32, i32, i32, i32) nounwind
declare void @awsm_memory_init(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_data_drop(ptr, i32) nounwind
declare void @awsm_data_apply(ptr, ptr, i32) nounwind

; function 0 "load"
define internal i64 @memory_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = zext i32 %p0 to i64
  %2 = add nuw i64 %1, 4
  %3 = getelementptr i8, ptr %0, i64 %2
  %4 = load i16, ptr %3, align 1, !tbaa !6
  %5 = sext i16 %4 to i64
  ret i64 %5
}

; function 1 "store"
define internal void @memory_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, float %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca float
  store i32 %p0, ptr %l0
  store float %p1, ptr %l1
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = zext i32 %p0 to i64
  %2 = add nuw i64 %1, 8
  %3 = getelementptr i8, ptr %0, i64 %2
  store float %p1, ptr %3, align 1, !tbaa !6
  %4 = zext i32 %p0 to i64
  %5 = getelementptr i8, ptr %0, i64 %4
  %6 = trunc i32 300 to i8
  store i8 %6, ptr %5, align 1, !tbaa !6
  ret void
}

; function 2 "dead_loads"
define internal void @memory_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca double
  store i32 %p0, ptr %l0
  store i32 0, ptr %l1
  store double 0.0, ptr %l2
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = zext i32 %p0 to i64
  %2 = getelementptr i8, ptr %0, i64 %1
  %3 = load i32, ptr %2, align 1, !tbaa !6
  call void asm sideeffect "", "r"(i32 %3)
  %4 = zext i32 %p0 to i64
  %5 = getelementptr i8, ptr %0, i64 %4
  %6 = load i8, ptr %5, align 1, !tbaa !6
  %7 = zext i8 %6 to i32
  %8 = add i32 %7, 1
  store i32 %8, ptr %l1
  call void asm sideeffect "", "r"(i32 %8)
  %9 = zext i32 %p0 to i64
  %10 = getelementptr i8, ptr %0, i64 %9
  %11 = load double, ptr %10, align 1, !tbaa !6
  store double %11, ptr %l2
  call void asm sideeffect "", "r"(double %11)
  %12 = zext i32 %p0 to i64
  %13 = getelementptr i8, ptr %0, i64 %12
  %14 = load i64, ptr %13, align 1, !tbaa !6
  call void asm sideeffect "", "r"(i64 %14)
  br label %end1
end1:
  ret void
}

; function 3 "grow"
define internal i32 @memory_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = call i32 @awsm_memory_grow(ptr %ctx, i32 0, i32 %p0)
  %1 = getelementptr i8, ptr %ctx, i64 8
  %2 = load ptr, ptr %1, !tbaa !8, !invariant.load !0
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = getelementptr i8, ptr %3, i64 16
  %5 = load i64, ptr %4, !tbaa !8
  %6 = trunc i64 %5 to i32
  ret i32 %6
}

; function 4 "bulk"
define internal void @memory_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1, i32 %p2) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 %p2, ptr %l2
  call void @awsm_memory_copy(ptr %ctx, i32 0, i32 0, i32 %p0, i32 %p1, i32 %p2, i32 4)
  call void @awsm_memory_fill(ptr %ctx, i32 0, i32 %p0, i32 %p1, i32 %p2, i32 4)
  call void @awsm_memory_init(ptr %ctx, i32 0, i32 1, i32 %p0, i32 %p1, i32 %p2, i32 4)
  call void @awsm_data_drop(ptr %ctx, i32 1)
  ret void
}

define internal void @memory_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i64 %code(ptr %ctx, i32 %t0)
  store i64 %t1, ptr %args
  ret void
}

define internal void @memory_tramp1(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load float, ptr %t1
  call void %code(ptr %ctx, i32 %t0, float %t2)
  ret void
}

define internal void @memory_tramp2(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  call void %code(ptr %ctx, i32 %t0)
  ret void
}

define internal void @memory_tramp3(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i32 %code(ptr %ctx, i32 %t0)
  store i32 %t1, ptr %args
  ret void
}

define internal void @memory_tramp4(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  %t3 = getelementptr i8, ptr %args, i64 32
  %t4 = load i32, ptr %t3
  call void %code(ptr %ctx, i32 %t0, i32 %t2, i32 %t4)
  ret void
}

define internal void @memory_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
  call void @awsm_data_apply(ptr %ctx, ptr @memory_active_data, i32 1)
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
