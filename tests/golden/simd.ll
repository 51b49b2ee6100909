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

@simd_sig0 = private unnamed_addr constant [5 x i8] c"vv:v\00"
@simd_sig1 = private unnamed_addr constant [5 x i8] c"ii:i\00"
@simd_sig2 = private unnamed_addr constant [4 x i8] c"iv:\00"
@simd_sig3 = private unnamed_addr constant [3 x i8] c"i:\00"
@simd_sig4 = private unnamed_addr constant [5 x i8] c"iv:v\00"
@simd_sig5 = private unnamed_addr constant [5 x i8] c"v:vi\00"
@simd_sig6 = private unnamed_addr constant [4 x i8] c"v:v\00"
@simd_str0 = private unnamed_addr constant [4 x i8] c"add\00"
@simd_str1 = private unnamed_addr constant [4 x i8] c"dot\00"
@simd_str2 = private unnamed_addr constant [6 x i8] c"store\00"
@simd_str3 = private unnamed_addr constant [5 x i8] c"dead\00"
@simd_str4 = private unnamed_addr constant [5 x i8] c"pick\00"
@simd_str5 = private unnamed_addr constant [7 x i8] c"blocky\00"
@simd_str6 = private unnamed_addr constant [9 x i8] c"indirect\00"
@simd_str7 = private unnamed_addr constant [5 x i8] c"simd\00"
@simd_funcs = private unnamed_addr constant [7 x %awsm_func_desc] [
  %awsm_func_desc { ptr @simd_sig0, ptr @simd_f0, ptr @simd_tramp0, ptr @simd_str0 },
  %awsm_func_desc { ptr @simd_sig1, ptr @simd_f1, ptr @simd_tramp1, ptr @simd_str1 },
  %awsm_func_desc { ptr @simd_sig2, ptr @simd_f2, ptr @simd_tramp2, ptr @simd_str2 },
  %awsm_func_desc { ptr @simd_sig3, ptr @simd_f3, ptr @simd_tramp3, ptr @simd_str3 },
  %awsm_func_desc { ptr @simd_sig4, ptr @simd_f4, ptr @simd_tramp4, ptr @simd_str4 },
  %awsm_func_desc { ptr @simd_sig5, ptr @simd_f5, ptr @simd_tramp5, ptr @simd_str5 },
  %awsm_func_desc { ptr @simd_sig6, ptr @simd_f6, ptr @simd_tramp6, ptr @simd_str6 }
]
@simd_tables = private unnamed_addr constant [1 x %awsm_table_desc] [
  %awsm_table_desc { i32 114, i32 0, i64 1, i64 0, i32 0, i32 0, ptr null }
]
@simd_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 0, i32 0, i32 16, i32 0, i32 0 }
]
@simd_globals = private unnamed_addr constant [2 x %awsm_global_desc] [
  %awsm_global_desc { i32 118, i32 0, ptr null },
  %awsm_global_desc { i32 118, i32 1, ptr null }
]
@simd_exports = private unnamed_addr constant [7 x %awsm_export_desc] [
  %awsm_export_desc { ptr @simd_str0, i32 3, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @simd_str1, i32 3, i32 0, i32 1, i32 0 },
  %awsm_export_desc { ptr @simd_str2, i32 5, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @simd_str3, i32 4, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @simd_str4, i32 4, i32 0, i32 4, i32 0 },
  %awsm_export_desc { ptr @simd_str5, i32 6, i32 0, i32 5, i32 0 },
  %awsm_export_desc { ptr @simd_str6, i32 8, i32 0, i32 6, i32 0 }
]
@simd_elems = private unnamed_addr constant [1 x %awsm_elem_desc] [
  %awsm_elem_desc { i32 1, i32 114 }
]
@simd_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 0, ; flags
  ptr @simd_str7, ; name
  i32 7, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @simd_funcs, ; funcs
  i32 1, ; num_tables
  i32 0, ; num_imported_tables
  ptr @simd_tables, ; tables
  i32 1, ; num_memories
  i32 0, ; num_imported_memories
  ptr @simd_memories, ; memories
  i32 2, ; num_globals
  i32 0, ; num_imported_globals
  ptr @simd_globals, ; globals
  i32 0, ; num_imports
  i32 7, ; num_exports
  ptr null, ; imports
  ptr @simd_exports, ; exports
  i32 0, ; num_datas
  i32 1, ; num_elems
  ptr null, ; datas
  ptr @simd_elems, ; elems
  ptr @simd_init, ; init
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

; function 0 "add"
define internal <2 x i64> @simd_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0, <2 x i64> %p1) #0 {
entry:
  %l0 = alloca <2 x i64>
  %l1 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  %0 = bitcast <2 x i64> %p0 to <4 x i32>
  %1 = bitcast <2 x i64> %p1 to <4 x i32>
  %2 = add <4 x i32> %0, %1
  %3 = bitcast <4 x i32> %2 to <2 x i64>
  ret <2 x i64> %3
}

; function 1 "dot"
define internal i32 @simd_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca <2 x i64>
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store <2 x i64> zeroinitializer, ptr %l2
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = zext i32 %p0 to i64
  %2 = getelementptr i8, ptr %0, i64 %1
  %3 = load <2 x i64>, ptr %2, align 1, !tbaa !6
  %4 = zext i32 %p1 to i64
  %5 = add nuw i64 %4, 16
  %6 = getelementptr i8, ptr %0, i64 %5
  %7 = load <2 x i64>, ptr %6, align 1, !tbaa !6
  %8 = bitcast <2 x i64> %3 to <4 x i32>
  %9 = bitcast <2 x i64> %7 to <4 x i32>
  %10 = mul <4 x i32> %8, %9
  %11 = bitcast <4 x i32> %10 to <2 x i64>
  store <2 x i64> %11, ptr %l2
  %12 = bitcast <2 x i64> %11 to <4 x i32>
  %13 = extractelement <4 x i32> %12, i32 0
  %14 = bitcast <2 x i64> %11 to <4 x i32>
  %15 = extractelement <4 x i32> %14, i32 1
  %16 = add i32 %13, %15
  %17 = bitcast <2 x i64> %11 to <4 x i32>
  %18 = extractelement <4 x i32> %17, i32 2
  %19 = bitcast <2 x i64> %11 to <4 x i32>
  %20 = extractelement <4 x i32> %19, i32 3
  %21 = add i32 %18, %20
  %22 = add i32 %16, %21
  ret i32 %22
}

; function 2 "store"
define internal void @simd_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, <2 x i64> %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca <2 x i64>
  store i32 %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = getelementptr i8, ptr %ctx, i64 24
  %2 = load ptr, ptr %1, !tbaa !8, !invariant.load !0
  %3 = getelementptr ptr, ptr %2, i64 1
  %4 = load ptr, ptr %3, !tbaa !8, !invariant.load !0
  %5 = load <2 x i64>, ptr %4, align 8, !tbaa !10
  %6 = bitcast <2 x i64> %p1 to <4 x float>
  %7 = bitcast <2 x i64> %5 to <4 x float>
  %8 = fmul <4 x float> %6, %7
  %9 = bitcast <4 x float> %8 to <2 x i64>
  %10 = zext i32 %p0 to i64
  %11 = add nuw i64 %10, 32
  %12 = getelementptr i8, ptr %0, i64 %11
  store <2 x i64> %9, ptr %12, align 1, !tbaa !6
  %13 = bitcast <2 x i64> %p1 to <16 x i8>
  %14 = extractelement <16 x i8> %13, i32 15
  %15 = zext i32 %p0 to i64
  %16 = getelementptr i8, ptr %0, i64 %15
  store i8 %14, ptr %16, align 1, !tbaa !6
  %17 = getelementptr i8, ptr %ctx, i64 24
  %18 = load ptr, ptr %17, !tbaa !8, !invariant.load !0
  %19 = getelementptr ptr, ptr %18, i64 1
  %20 = load ptr, ptr %19, !tbaa !8, !invariant.load !0
  store <2 x i64> %p1, ptr %20, align 8, !tbaa !10
  ret void
}

; function 3 "dead"
define internal void @simd_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = zext i32 %p0 to i64
  %2 = getelementptr i8, ptr %0, i64 %1
  %3 = load <2 x i64>, ptr %2, align 1, !tbaa !6
  %4 = extractelement <2 x i64> %3, i32 0
  %5 = extractelement <2 x i64> %3, i32 1
  call void asm sideeffect "", "r,r"(i64 %4, i64 %5)
  ret void
}

; function 4 "pick"
define internal <2 x i64> @simd_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, <2 x i64> %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca <2 x i64>
  store i32 %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  %0 = getelementptr i8, ptr %ctx, i64 24
  %1 = load ptr, ptr %0, !tbaa !8, !invariant.load !0
  %2 = load ptr, ptr %1, !tbaa !8, !invariant.load !0
  %3 = load <2 x i64>, ptr %2, align 8, !tbaa !10, !invariant.load !0
  %4 = icmp ne i32 %p0, 0
  %t2 = select i1 %4, <2 x i64> %p1, <2 x i64> %3
  ret <2 x i64> %t2
}

; function 5 "blocky"
define internal { <2 x i64>, i32 } @simd_f5(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0) #0 {
entry:
  %l0 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  %0 = bitcast <2 x i64> %p0 to <16 x i8>
  %1 = bitcast <2 x i64> <i64 -1, i64 0> to <16 x i8>
  %2 = shufflevector <16 x i8> %0, <16 x i8> %1, <16 x i32> <i32 0, i32 17, i32 2, i32 19, i32 4, i32 21, i32 6, i32 23, i32 8, i32 25, i32 10, i32 27, i32 12, i32 29, i32 14, i32 31>
  %3 = bitcast <16 x i8> %2 to <2 x i64>
  %4 = bitcast <2 x i64> %p0 to i128
  %5 = icmp ne i128 %4, 0
  %6 = zext i1 %5 to i32
  %7 = insertvalue { <2 x i64>, i32 } poison, <2 x i64> %3, 0
  %8 = insertvalue { <2 x i64>, i32 } %7, i32 %6, 1
  ret { <2 x i64>, i32 } %8
}

; function 6 "indirect"
define internal <2 x i64> @simd_f6(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0) #0 {
entry:
  %l0 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  %4 = insertelement <2 x double> poison, double bitcast (i64 4612811918334230528 to double), i64 0
  %5 = shufflevector <2 x double> %4, <2 x double> poison, <2 x i32> <i32 0, i32 0>
  %6 = bitcast <2 x double> %5 to <2 x i64>
  %7 = getelementptr i8, ptr %ctx, i64 16
  %8 = load ptr, ptr %7, !tbaa !8, !invariant.load !0
  %9 = load ptr, ptr %8, !tbaa !8, !invariant.load !0
  %10 = getelementptr i8, ptr %9, i64 8
  %11 = load i32, ptr %10, !tbaa !8
  %12 = icmp uge i32 0, %11
  br i1 %12, label %trap.4.4, label %ok3, !prof !1
ok3:
  %13 = load ptr, ptr %9, !tbaa !8
  %14 = zext i32 0 to i64
  %15 = getelementptr ptr, ptr %13, i64 %14
  %16 = load ptr, ptr %15, !tbaa !12
  %17 = icmp eq ptr %16, null
  br i1 %17, label %trap.5.6, label %ok5, !prof !1
ok5:
  %18 = load ptr, ptr %16, !tbaa !8, !invariant.load !0
  %19 = icmp eq ptr %18, @simd_sig0
  br i1 %19, label %sigok7, label %sigslow8, !prof !2
sigslow8:
  %20 = call i32 @awsm_sig_sub(ptr %18, ptr @simd_sig0)
  %21 = icmp eq i32 %20, 0
  br i1 %21, label %trap.6.10, label %sigok7, !prof !1
sigok7:
  %22 = getelementptr i8, ptr %16, i64 8
  %23 = load ptr, ptr %22, !tbaa !8, !invariant.load !0
  %24 = getelementptr i8, ptr %16, i64 16
  %25 = load ptr, ptr %24, !tbaa !8, !invariant.load !0
  %26 = call <2 x i64> %23(ptr %25, <2 x i64> %p0, <2 x i64> %6)
  ret <2 x i64> %26
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 6)
  unreachable
trap.4.4:
  call void @awsm_trap(ptr %ctx, i32 4, i32 6)
  unreachable
trap.5.6:
  call void @awsm_trap(ptr %ctx, i32 5, i32 6)
  unreachable
trap.6.10:
  call void @awsm_trap(ptr %ctx, i32 6, i32 6)
  unreachable
}

define internal void @simd_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load <2 x i64>, ptr %t1, align 8
  %t3 = call <2 x i64> %code(ptr %ctx, <2 x i64> %t0, <2 x i64> %t2)
  store <2 x i64> %t3, ptr %args, align 8
  ret void
}

define internal void @simd_tramp1(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  %t3 = call i32 %code(ptr %ctx, i32 %t0, i32 %t2)
  store i32 %t3, ptr %args
  ret void
}

define internal void @simd_tramp2(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load <2 x i64>, ptr %t1, align 8
  call void %code(ptr %ctx, i32 %t0, <2 x i64> %t2)
  ret void
}

define internal void @simd_tramp3(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  call void %code(ptr %ctx, i32 %t0)
  ret void
}

define internal void @simd_tramp4(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load <2 x i64>, ptr %t1, align 8
  %t3 = call <2 x i64> %code(ptr %ctx, i32 %t0, <2 x i64> %t2)
  store <2 x i64> %t3, ptr %args, align 8
  ret void
}

define internal void @simd_tramp5(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = call { <2 x i64>, i32 } %code(ptr %ctx, <2 x i64> %t0)
  %t2 = extractvalue { <2 x i64>, i32 } %t1, 0
  store <2 x i64> %t2, ptr %args, align 8
  %t3 = extractvalue { <2 x i64>, i32 } %t1, 1
  %t4 = getelementptr i8, ptr %args, i64 16
  store i32 %t3, ptr %t4
  ret void
}

define internal void @simd_tramp6(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = call <2 x i64> %code(ptr %ctx, <2 x i64> %t0)
  store <2 x i64> %t1, ptr %args, align 8
  ret void
}

define internal void @simd_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
  %t0 = getelementptr i8, ptr %ctx, i64 24
  %t1 = load ptr, ptr %t0, !tbaa !8, !invariant.load !0
  %t2 = load ptr, ptr %t1, !tbaa !8, !invariant.load !0
  store <2 x i64> <i64 8589934593, i64 17179869187>, ptr %t2, align 8, !tbaa !10
  %t3 = getelementptr i8, ptr %ctx, i64 24
  %t4 = load ptr, ptr %t3, !tbaa !8, !invariant.load !0
  %t5 = getelementptr ptr, ptr %t4, i64 1
  %t6 = load ptr, ptr %t5, !tbaa !8, !invariant.load !0
  store <2 x i64> <i64 -4683743611408351232, i64 -9223372035511221511>, ptr %t6, align 8, !tbaa !10
  %t7 = getelementptr i8, ptr %ctx, i64 40
  %t8 = load ptr, ptr %t7, !tbaa !8, !invariant.load !0
  %t9 = load ptr, ptr %t8, !tbaa !8
  %t10 = getelementptr i8, ptr %ctx, i64 32
  %t11 = load ptr, ptr %t10, !tbaa !8, !invariant.load !0
  %t12 = load ptr, ptr %t11, !tbaa !8, !invariant.load !0
  store ptr %t12, ptr %t9, !tbaa !12
  call void @awsm_table_init(ptr %ctx, i32 0, i32 0, i32 0, i32 0, i32 1, i32 -1)
  call void @awsm_elem_drop(ptr %ctx, i32 0)
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
