target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

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
  %awsm_table_desc { i32 114, i32 0, i64 4, i64 0, i32 0, i32 0 }
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
  i32 3, ; abi_version
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
  ptr null ; tags
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold
declare i64 @llvm.read_register.i64(metadata) nounwind
declare i32 @awsm_sig_eq(ptr, ptr) nounwind willreturn memory(read)
declare void @awsm_table_init(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_elem_drop(ptr, i32) nounwind

; function 1 "add"
define internal i32 @calls_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  %t2 = add i32 %p0, %p1
  ret i32 %t2
}

; function 2 "sub"
define internal i32 @calls_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  %t2 = sub i32 %p0, %p1
  ret i32 %t2
}

; function 3 "direct"
define internal i32 @calls_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = call i64 @llvm.read_register.i64(metadata !3)
  %t2 = getelementptr i8, ptr %ctx, i64 72
  %t3 = load i64, ptr %t2, !tbaa !8
  %t4 = icmp ult i64 %t1, %t3
  br i1 %t4, label %trap.10.1, label %ok0, !prof !1
ok0:
  %t5 = call i32 @calls_f1(ptr %ctx, i32 %p0, i32 1)
  ret i32 %t5
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 3)
  unreachable
}

; function 4 "imported"
define internal float @calls_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i64 %p0) #1 {
entry:
  %l0 = alloca i64
  store i64 %p0, ptr %l0
  %t1 = call i64 @llvm.read_register.i64(metadata !3)
  %t2 = getelementptr i8, ptr %ctx, i64 72
  %t3 = load i64, ptr %t2, !tbaa !8
  %t4 = icmp ult i64 %t1, %t3
  br i1 %t4, label %trap.10.1, label %ok0, !prof !1
ok0:
  %t5 = getelementptr i8, ptr %ctx, i64 32
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  %t7 = load ptr, ptr %t6, !tbaa !8, !invariant.load !0
  %t8 = getelementptr i8, ptr %t7, i64 8
  %t9 = load ptr, ptr %t8, !tbaa !8, !invariant.load !0
  %t10 = getelementptr i8, ptr %t7, i64 16
  %t11 = load ptr, ptr %t10, !tbaa !8, !invariant.load !0
  %t12 = call float %t9(ptr %t11, i64 %p0)
  ret float %t12
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
  %t3 = call i64 @llvm.read_register.i64(metadata !3)
  %t4 = getelementptr i8, ptr %ctx, i64 72
  %t5 = load i64, ptr %t4, !tbaa !8
  %t6 = icmp ult i64 %t3, %t5
  br i1 %t6, label %trap.10.1, label %ok0, !prof !1
ok0:
  %t7 = getelementptr i8, ptr %ctx, i64 16
  %t8 = load ptr, ptr %t7, !tbaa !8, !invariant.load !0
  %t9 = load ptr, ptr %t8, !tbaa !8, !invariant.load !0
  %t10 = getelementptr i8, ptr %t9, i64 8
  %t11 = load i32, ptr %t10, !tbaa !8
  %t12 = icmp uge i32 %p2, %t11
  br i1 %t12, label %trap.4.4, label %ok3, !prof !1
ok3:
  %t13 = load ptr, ptr %t9, !tbaa !8
  %t14 = zext i32 %p2 to i64
  %t15 = getelementptr ptr, ptr %t13, i64 %t14
  %t16 = load ptr, ptr %t15, !tbaa !12
  %t17 = icmp eq ptr %t16, null
  br i1 %t17, label %trap.5.6, label %ok5, !prof !1
ok5:
  %t18 = load ptr, ptr %t16, !tbaa !8, !invariant.load !0
  %t19 = icmp eq ptr %t18, @calls_sig0
  br i1 %t19, label %sigok7, label %sigslow8, !prof !2
sigslow8:
  %t20 = call i32 @awsm_sig_eq(ptr %t18, ptr @calls_sig0)
  %t21 = icmp eq i32 %t20, 0
  br i1 %t21, label %trap.6.10, label %sigok7, !prof !1
sigok7:
  %t22 = getelementptr i8, ptr %t16, i64 8
  %t23 = load ptr, ptr %t22, !tbaa !8, !invariant.load !0
  %t24 = getelementptr i8, ptr %t16, i64 16
  %t25 = load ptr, ptr %t24, !tbaa !8, !invariant.load !0
  %t26 = call i32 %t23(ptr %t25, i32 %p0, i32 %p1)
  ret i32 %t26
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
  %t0 = call i64 @llvm.read_register.i64(metadata !3)
  %t1 = getelementptr i8, ptr %ctx, i64 72
  %t2 = load i64, ptr %t1, !tbaa !8
  %t3 = icmp ult i64 %t0, %t2
  br i1 %t3, label %trap.10.1, label %ok0, !prof !1
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
