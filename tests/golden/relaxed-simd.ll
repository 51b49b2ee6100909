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

@relaxed_simd_sig0 = private unnamed_addr constant [4 x i8] c"v:v\00"
@relaxed_simd_sig1 = private unnamed_addr constant [6 x i8] c"vvv:v\00"
@relaxed_simd_sig2 = private unnamed_addr constant [5 x i8] c"vv:v\00"
@relaxed_simd_str0 = private unnamed_addr constant [6 x i8] c"trunc\00"
@relaxed_simd_str1 = private unnamed_addr constant [5 x i8] c"madd\00"
@relaxed_simd_str2 = private unnamed_addr constant [7 x i8] c"select\00"
@relaxed_simd_str3 = private unnamed_addr constant [4 x i8] c"min\00"
@relaxed_simd_str4 = private unnamed_addr constant [4 x i8] c"dot\00"
@relaxed_simd_str5 = private unnamed_addr constant [13 x i8] c"relaxed_simd\00"
@relaxed_simd_funcs = private unnamed_addr constant [5 x %awsm_func_desc] [
  %awsm_func_desc { ptr @relaxed_simd_sig0, ptr @relaxed_simd_f0, ptr @relaxed_simd_tramp0, ptr null },
  %awsm_func_desc { ptr @relaxed_simd_sig1, ptr @relaxed_simd_f1, ptr @relaxed_simd_tramp1, ptr null },
  %awsm_func_desc { ptr @relaxed_simd_sig1, ptr @relaxed_simd_f2, ptr @relaxed_simd_tramp1, ptr null },
  %awsm_func_desc { ptr @relaxed_simd_sig2, ptr @relaxed_simd_f3, ptr @relaxed_simd_tramp2, ptr null },
  %awsm_func_desc { ptr @relaxed_simd_sig1, ptr @relaxed_simd_f4, ptr @relaxed_simd_tramp1, ptr null }
]
@relaxed_simd_exports = private unnamed_addr constant [5 x %awsm_export_desc] [
  %awsm_export_desc { ptr @relaxed_simd_str0, i32 5, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @relaxed_simd_str1, i32 4, i32 0, i32 1, i32 0 },
  %awsm_export_desc { ptr @relaxed_simd_str2, i32 6, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @relaxed_simd_str3, i32 3, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @relaxed_simd_str4, i32 3, i32 0, i32 4, i32 0 }
]
@relaxed_simd_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 0, ; flags
  ptr @relaxed_simd_str5, ; name
  i32 5, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @relaxed_simd_funcs, ; funcs
  i32 0, ; num_tables
  i32 0, ; num_imported_tables
  ptr null, ; tables
  i32 0, ; num_memories
  i32 0, ; num_imported_memories
  ptr null, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 0, ; num_imports
  i32 5, ; num_exports
  ptr null, ; imports
  ptr @relaxed_simd_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @relaxed_simd_init, ; init
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
declare <4 x i32> @llvm.x86.sse2.cvttps2dq(<4 x float>) nounwind
declare <4 x float> @llvm.x86.sse.min.ps(<4 x float>, <4 x float>) nounwind
declare <8 x i32> @llvm.smax.v8i32(<8 x i32>, <8 x i32>) nounwind
declare <8 x i32> @llvm.smin.v8i32(<8 x i32>, <8 x i32>) nounwind
declare <4 x i32> @llvm.x86.sse2.pmadd.wd(<8 x i16>, <8 x i16>) nounwind

; function 0
define internal <2 x i64> @relaxed_simd_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0) #0 {
entry:
  %l0 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  %0 = bitcast <2 x i64> %p0 to <4 x float>
  %1 = call <4 x i32> @llvm.x86.sse2.cvttps2dq(<4 x float> %0)
  %2 = bitcast <4 x i32> %1 to <2 x i64>
  ret <2 x i64> %2
}

; function 1
define internal <2 x i64> @relaxed_simd_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0, <2 x i64> %p1, <2 x i64> %p2) #0 {
entry:
  %l0 = alloca <2 x i64>
  %l1 = alloca <2 x i64>
  %l2 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  store <2 x i64> %p2, ptr %l2
  %0 = bitcast <2 x i64> %p0 to <4 x float>
  %1 = bitcast <2 x i64> %p1 to <4 x float>
  %2 = fmul <4 x float> %0, %1
  %3 = bitcast <2 x i64> %p2 to <4 x float>
  %4 = fadd <4 x float> %2, %3
  %5 = bitcast <4 x float> %4 to <2 x i64>
  ret <2 x i64> %5
}

; function 2
define internal <2 x i64> @relaxed_simd_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0, <2 x i64> %p1, <2 x i64> %p2) #0 {
entry:
  %l0 = alloca <2 x i64>
  %l1 = alloca <2 x i64>
  %l2 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  store <2 x i64> %p2, ptr %l2
  %0 = bitcast <2 x i64> %p2 to <8 x i16>
  %1 = icmp slt <8 x i16> %0, zeroinitializer
  %2 = bitcast <2 x i64> %p0 to <8 x i16>
  %3 = bitcast <2 x i64> %p1 to <8 x i16>
  %t3 = select <8 x i1> %1, <8 x i16> %2, <8 x i16> %3
  %4 = bitcast <8 x i16> %t3 to <2 x i64>
  ret <2 x i64> %4
}

; function 3
define internal <2 x i64> @relaxed_simd_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0, <2 x i64> %p1) #0 {
entry:
  %l0 = alloca <2 x i64>
  %l1 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  %0 = bitcast <2 x i64> %p0 to <4 x float>
  %1 = bitcast <2 x i64> %p1 to <4 x float>
  %2 = call <4 x float> @llvm.x86.sse.min.ps(<4 x float> %0, <4 x float> %1)
  %3 = bitcast <4 x float> %2 to <2 x i64>
  ret <2 x i64> %3
}

; function 4
define internal <2 x i64> @relaxed_simd_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, <2 x i64> %p0, <2 x i64> %p1, <2 x i64> %p2) #0 {
entry:
  %l0 = alloca <2 x i64>
  %l1 = alloca <2 x i64>
  %l2 = alloca <2 x i64>
  store <2 x i64> %p0, ptr %l0
  store <2 x i64> %p1, ptr %l1
  store <2 x i64> %p2, ptr %l2
  %0 = bitcast <2 x i64> %p0 to <16 x i8>
  %1 = bitcast <2 x i64> %p1 to <16 x i8>
  %2 = shufflevector <16 x i8> %0, <16 x i8> poison, <8 x i32> <i32 0, i32 2, i32 4, i32 6, i32 8, i32 10, i32 12, i32 14>
  %3 = sext <8 x i8> %2 to <8 x i32>
  %4 = shufflevector <16 x i8> %1, <16 x i8> poison, <8 x i32> <i32 0, i32 2, i32 4, i32 6, i32 8, i32 10, i32 12, i32 14>
  %5 = zext <8 x i8> %4 to <8 x i32>
  %6 = mul <8 x i32> %3, %5
  %7 = shufflevector <16 x i8> %0, <16 x i8> poison, <8 x i32> <i32 1, i32 3, i32 5, i32 7, i32 9, i32 11, i32 13, i32 15>
  %8 = sext <8 x i8> %7 to <8 x i32>
  %9 = shufflevector <16 x i8> %1, <16 x i8> poison, <8 x i32> <i32 1, i32 3, i32 5, i32 7, i32 9, i32 11, i32 13, i32 15>
  %10 = zext <8 x i8> %9 to <8 x i32>
  %11 = mul <8 x i32> %8, %10
  %12 = add <8 x i32> %6, %11
  %13 = call <8 x i32> @llvm.smax.v8i32(<8 x i32> %12, <8 x i32> <i32 -32768, i32 -32768, i32 -32768, i32 -32768, i32 -32768, i32 -32768, i32 -32768, i32 -32768>)
  %14 = call <8 x i32> @llvm.smin.v8i32(<8 x i32> %13, <8 x i32> <i32 32767, i32 32767, i32 32767, i32 32767, i32 32767, i32 32767, i32 32767, i32 32767>)
  %15 = trunc <8 x i32> %14 to <8 x i16>
  %16 = call <4 x i32> @llvm.x86.sse2.pmadd.wd(<8 x i16> %15, <8 x i16> <i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1, i16 1>)
  %17 = bitcast <2 x i64> %p2 to <4 x i32>
  %18 = add <4 x i32> %16, %17
  %19 = bitcast <4 x i32> %18 to <2 x i64>
  ret <2 x i64> %19
}

define internal void @relaxed_simd_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = call <2 x i64> %code(ptr %ctx, <2 x i64> %t0)
  store <2 x i64> %t1, ptr %args, align 8
  ret void
}

define internal void @relaxed_simd_tramp1(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load <2 x i64>, ptr %t1, align 8
  %t3 = getelementptr i8, ptr %args, i64 32
  %t4 = load <2 x i64>, ptr %t3, align 8
  %t5 = call <2 x i64> %code(ptr %ctx, <2 x i64> %t0, <2 x i64> %t2, <2 x i64> %t4)
  store <2 x i64> %t5, ptr %args, align 8
  ret void
}

define internal void @relaxed_simd_tramp2(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load <2 x i64>, ptr %args, align 8
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load <2 x i64>, ptr %t1, align 8
  %t3 = call <2 x i64> %code(ptr %ctx, <2 x i64> %t0, <2 x i64> %t2)
  store <2 x i64> %t3, ptr %args, align 8
  ret void
}

define internal void @relaxed_simd_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
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
