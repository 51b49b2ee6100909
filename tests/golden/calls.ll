target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

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

@calls_sig0 = private unnamed_addr constant [5 x i8] c"ii:i\00"
@calls_sig1 = private unnamed_addr constant [4 x i8] c"I:f\00"
@calls_sig2 = private unnamed_addr constant [4 x i8] c"i:i\00"
@calls_sig3 = private unnamed_addr constant [6 x i8] c"iii:i\00"
@calls_sig4 = private unnamed_addr constant [2 x i8] c":\00"
@calls_str0 = private unnamed_addr constant [5 x i8] c"host\00"
@calls_str1 = private unnamed_addr constant [4 x i8] c"add\00"
@calls_str2 = private unnamed_addr constant [4 x i8] c"sub\00"
@calls_str3 = private unnamed_addr constant [7 x i8] c"direct\00"
@calls_str4 = private unnamed_addr constant [9 x i8] c"imported\00"
@calls_str5 = private unnamed_addr constant [9 x i8] c"indirect\00"
@calls_str6 = private unnamed_addr constant [8 x i8] c"recurse\00"
@calls_str7 = private unnamed_addr constant [4 x i8] c"env\00"
@calls_str8 = private unnamed_addr constant [6 x i8] c"calls\00"
@calls_funcs = private unnamed_addr constant [7 x %awsm_func_desc] [
  %awsm_func_desc { ptr @calls_sig1, ptr null, ptr null, ptr @calls_str0 },
  %awsm_func_desc { ptr @calls_sig0, ptr @calls_f1, ptr @calls_tramp0, ptr @calls_str1 },
  %awsm_func_desc { ptr @calls_sig0, ptr @calls_f2, ptr @calls_tramp0, ptr @calls_str2 },
  %awsm_func_desc { ptr @calls_sig2, ptr @calls_f3, ptr @calls_tramp2, ptr @calls_str3 },
  %awsm_func_desc { ptr @calls_sig1, ptr @calls_f4, ptr @calls_tramp1, ptr @calls_str4 },
  %awsm_func_desc { ptr @calls_sig3, ptr @calls_f5, ptr @calls_tramp3, ptr @calls_str5 },
  %awsm_func_desc { ptr @calls_sig4, ptr @calls_f6, ptr @calls_tramp4, ptr @calls_str6 }
]
@calls_tables = private unnamed_addr constant [1 x %awsm_table_desc] [
  %awsm_table_desc { i32 114, i32 0, i64 4, i64 0, i32 0, i32 0, ptr null }
]
@calls_imports = private unnamed_addr constant [1 x %awsm_import_desc] [
  %awsm_import_desc { ptr @calls_str7, ptr @calls_str0, i32 3, i32 4, i32 0, i32 0 }
]
@calls_exports = private unnamed_addr constant [4 x %awsm_export_desc] [
  %awsm_export_desc { ptr @calls_str3, i32 6, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @calls_str4, i32 8, i32 0, i32 4, i32 0 },
  %awsm_export_desc { ptr @calls_str5, i32 8, i32 0, i32 5, i32 0 },
  %awsm_export_desc { ptr @calls_str6, i32 7, i32 0, i32 6, i32 0 }
]
@calls_elems = private unnamed_addr constant [1 x %awsm_elem_desc] [
  %awsm_elem_desc { i32 2, i32 114 }
]
@calls_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 0, ; flags
  ptr @calls_str8, ; name
  i32 7, ; num_funcs
  i32 1, ; num_imported_funcs
  ptr @calls_funcs, ; funcs
  i32 1, ; num_tables
  i32 0, ; num_imported_tables
  ptr @calls_tables, ; tables
  i32 0, ; num_memories
  i32 0, ; num_imported_memories
  ptr null, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 1, ; num_imports
  i32 4, ; num_exports
  ptr @calls_imports, ; imports
  ptr @calls_exports, ; exports
  i32 0, ; num_datas
  i32 1, ; num_elems
  ptr null, ; datas
  ptr @calls_elems, ; elems
  ptr @calls_init, ; init
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
declare i64 @llvm.read_register.i64(metadata) nounwind
declare i32 @awsm_sig_sub(ptr, ptr) nounwind willreturn memory(read)
declare void @awsm_table_init(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_elem_drop(ptr, i32) nounwind

; function 1 "add"
define internal i32 @calls_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  %0 = add i32 %p0, %p1
  ret i32 %0
}

; function 2 "sub"
define internal i32 @calls_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  %0 = sub i32 %p0, %p1
  ret i32 %0
}

; function 3 "direct"
define internal i32 @calls_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  %4 = call i32 @calls_f1(ptr %ctx, i32 %p0, i32 1)
  ret i32 %4
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 3)
  unreachable
}

; function 4 "imported"
define internal float @calls_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i64 %p0) #1 {
entry:
  %l0 = alloca i64
  store i64 %p0, ptr %l0
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  %4 = getelementptr i8, ptr %ctx, i64 32
  %5 = load ptr, ptr %4, !tbaa !8, !invariant.load !0
  %6 = load ptr, ptr %5, !tbaa !8, !invariant.load !0
  %7 = getelementptr i8, ptr %6, i64 8
  %8 = load ptr, ptr %7, !tbaa !8, !invariant.load !0
  %9 = getelementptr i8, ptr %6, i64 16
  %10 = load ptr, ptr %9, !tbaa !8, !invariant.load !0
  %11 = call float %8(ptr %10, i64 %p0)
  ret float %11
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 4)
  unreachable
}

; function 5 "indirect"
define internal i32 @calls_f5(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1, i32 %p2) #1 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 %p2, ptr %l2
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  %4 = getelementptr i8, ptr %ctx, i64 16
  %5 = load ptr, ptr %4, !tbaa !8, !invariant.load !0
  %6 = load ptr, ptr %5, !tbaa !8, !invariant.load !0
  %7 = getelementptr i8, ptr %6, i64 8
  %8 = load i32, ptr %7, !tbaa !8
  %9 = icmp uge i32 %p2, %8
  br i1 %9, label %trap.4.4, label %ok3, !prof !1
ok3:
  %10 = load ptr, ptr %6, !tbaa !8
  %11 = zext i32 %p2 to i64
  %12 = getelementptr ptr, ptr %10, i64 %11
  %13 = load ptr, ptr %12, !tbaa !12
  %14 = icmp eq ptr %13, null
  br i1 %14, label %trap.5.6, label %ok5, !prof !1
ok5:
  %15 = load ptr, ptr %13, !tbaa !8, !invariant.load !0
  %16 = icmp eq ptr %15, @calls_sig0
  br i1 %16, label %sigok7, label %sigslow8, !prof !2
sigslow8:
  %17 = call i32 @awsm_sig_sub(ptr %15, ptr @calls_sig0)
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %trap.6.10, label %sigok7, !prof !1
sigok7:
  %19 = getelementptr i8, ptr %13, i64 8
  %20 = load ptr, ptr %19, !tbaa !8, !invariant.load !0
  %21 = getelementptr i8, ptr %13, i64 16
  %22 = load ptr, ptr %21, !tbaa !8, !invariant.load !0
  %23 = call i32 %20(ptr %22, i32 %p0, i32 %p1)
  ret i32 %23
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 5)
  unreachable
trap.4.4:
  call void @awsm_trap(ptr %ctx, i32 4, i32 5)
  unreachable
trap.5.6:
  call void @awsm_trap(ptr %ctx, i32 5, i32 5)
  unreachable
trap.6.10:
  call void @awsm_trap(ptr %ctx, i32 6, i32 5)
  unreachable
}

; function 6 "recurse"
define internal void @calls_f6(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  call void @calls_f6(ptr %ctx)
  ret void
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 6)
  unreachable
}

define internal void @calls_tramp0(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  %t3 = call i32 %code(ptr %ctx, i32 %t0, i32 %t2)
  store i32 %t3, ptr %args
  ret void
}

define internal void @calls_tramp1(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i64, ptr %args
  %t1 = call float %code(ptr %ctx, i64 %t0)
  store float %t1, ptr %args
  ret void
}

define internal void @calls_tramp2(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i32 %code(ptr %ctx, i32 %t0)
  store i32 %t1, ptr %args
  ret void
}

define internal void @calls_tramp3(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  %t3 = getelementptr i8, ptr %args, i64 32
  %t4 = load i32, ptr %t3
  %t5 = call i32 %code(ptr %ctx, i32 %t0, i32 %t2, i32 %t4)
  store i32 %t5, ptr %args
  ret void
}

define internal void @calls_tramp4(ptr %code, ptr %ctx, ptr %args) {
entry:
  call void %code(ptr %ctx)
  ret void
}

define internal void @calls_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
  %t0 = getelementptr i8, ptr %ctx, i64 40
  %t1 = load ptr, ptr %t0, !tbaa !8, !invariant.load !0
  %t2 = load ptr, ptr %t1, !tbaa !8
  %t3 = getelementptr i8, ptr %ctx, i64 32
  %t4 = load ptr, ptr %t3, !tbaa !8, !invariant.load !0
  %t5 = getelementptr ptr, ptr %t4, i64 1
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  store ptr %t6, ptr %t2, !tbaa !12
  %t7 = getelementptr i8, ptr %ctx, i64 32
  %t8 = load ptr, ptr %t7, !tbaa !8, !invariant.load !0
  %t9 = getelementptr ptr, ptr %t8, i64 2
  %t10 = load ptr, ptr %t9, !tbaa !8, !invariant.load !0
  %t11 = getelementptr ptr, ptr %t2, i64 1
  store ptr %t10, ptr %t11, !tbaa !12
  call void @awsm_table_init(ptr %ctx, i32 0, i32 0, i32 0, i32 0, i32 2, i32 -1)
  call void @awsm_elem_drop(ptr %ctx, i32 0)
  ret void
}


attributes #0 = { nounwind "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins" }
attributes #1 = { "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins" }

!0 = !{}
!1 = !{!"branch_weights", i32 1, i32 1048575}
!2 = !{!"branch_weights", i32 1048575, i32 1}
!3 = !{!"sp"}
!4 = !{!"awsm tbaa"}
!5 = !{!"wasm memory", !4, i64 0}
!6 = !{!5, !5, i64 0}
!7 = !{!"awsm instance", !4, i64 0}
!8 = !{!7, !7, i64 0}
!9 = !{!"wasm global", !4, i64 0}
!10 = !{!9, !9, i64 0}
!11 = !{!"wasm table", !4, i64 0}
!12 = !{!11, !11, i64 0}
