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

@versioned_loop_sig0 = private unnamed_addr constant [5 x i8] c"iii:\00"
@versioned_loop_str0 = private unnamed_addr constant [5 x i8] c"down\00"
@versioned_loop_str1 = private unnamed_addr constant [15 x i8] c"versioned_loop\00"
@versioned_loop_funcs = private unnamed_addr constant [1 x %awsm_func_desc] [
  %awsm_func_desc { ptr @versioned_loop_sig0, ptr @versioned_loop_f0, ptr @versioned_loop_tramp0, ptr @versioned_loop_str0 }
]
@versioned_loop_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 0, i32 0, i32 16, i32 0, i32 0 }
]
@versioned_loop_exports = private unnamed_addr constant [1 x %awsm_export_desc] [
  %awsm_export_desc { ptr @versioned_loop_str0, i32 4, i32 0, i32 0, i32 0 }
]
@versioned_loop_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 0, ; flags
  ptr @versioned_loop_str1, ; name
  i32 1, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @versioned_loop_funcs, ; funcs
  i32 0, ; num_tables
  i32 0, ; num_imported_tables
  ptr null, ; tables
  i32 1, ; num_memories
  i32 0, ; num_imported_memories
  ptr @versioned_loop_memories, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 0, ; num_imports
  i32 1, ; num_exports
  ptr null, ; imports
  ptr @versioned_loop_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @versioned_loop_init, ; init
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
declare void @llvm.experimental.noalias.scope.decl(metadata) nounwind

; function 0 "down"
define internal void @versioned_loop_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1, i32 %p2) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  %i3 = alloca i64
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 %p2, ptr %l2
  %0 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %1 = add i32 %p2, -4
  %2 = zext i32 %1 to i64
  %3 = and i64 %2, 3
  %4 = icmp eq i64 %3, 0
  %5 = lshr i64 %2, 2
  %6 = add nuw nsw i64 %5, 1
  %7 = getelementptr i8, ptr %ctx, i64 8
  %8 = load ptr, ptr %7, !tbaa !8, !invariant.load !0
  %9 = load ptr, ptr %8, !tbaa !8, !invariant.load !0
  %10 = getelementptr i8, ptr %9, i64 8
  %11 = load i64, ptr %10, !tbaa !8
  %12 = sub nuw nsw i64 %6, 1
  %13 = add i32 %p1, %p2
  %14 = zext i32 %13 to i64
  %15 = add nsw i64 %14, 0
  %16 = add nsw i64 %14, 8
  %17 = mul nsw i64 %12, -4
  %18 = add nsw i64 %15, %17
  %19 = icmp sge i64 %18, 0
  %20 = icmp sle i64 %16, %11
  %21 = and i1 %19, %20
  %22 = and i1 %4, %21
  %23 = add i32 %p0, %p2
  %24 = zext i32 %23 to i64
  %25 = add nsw i64 %24, 12
  %26 = add nsw i64 %24, 16
  %27 = mul nsw i64 %12, -4
  %28 = add nsw i64 %25, %27
  %29 = icmp sge i64 %28, 0
  %30 = icmp sle i64 %26, %11
  %31 = and i1 %29, %30
  %32 = and i1 %22, %31
  %33 = icmp sle i64 %16, %28
  %34 = icmp sle i64 %26, %18
  %35 = or i1 %33, %34
  %36 = and i1 %32, %35
  br i1 %36, label %fast1, label %loop8, !prof !2
fast1:
  call void @llvm.experimental.noalias.scope.decl(metadata !16)
  call void @llvm.experimental.noalias.scope.decl(metadata !17)
  store i64 0, ptr %i3
  br label %loop5
loop5:
  %37 = load i64, ptr %i3
  %38 = load i32, ptr %l2
  %39 = add i32 %p0, %38
  %40 = add i32 %39, 12
  %41 = add i32 %p1, %38
  %42 = mul nsw i64 %37, -4
  %43 = add nsw i64 %15, %42
  %44 = getelementptr inbounds i8, ptr %0, i64 %43
  %45 = load i32, ptr %44, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %46 = add i32 %p1, %38
  %47 = mul nsw i64 %37, -4
  %48 = add nsw i64 %15, %47
  %49 = getelementptr inbounds i8, ptr %0, i64 %48
  %50 = getelementptr inbounds i8, ptr %49, i64 4
  %51 = load i32, ptr %50, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %52 = add i32 %45, %51
  %53 = mul nsw i64 %37, -4
  %54 = add nsw i64 %25, %53
  %55 = getelementptr inbounds i8, ptr %0, i64 %54
  store i32 %52, ptr %55, align 1, !tbaa !6, !alias.scope !17, !noalias !19
  %56 = sub i32 %38, 4
  store i32 %56, ptr %l2
  %57 = add nuw nsw i64 %37, 1
  store i64 %57, ptr %i3
  %58 = icmp ult i64 %57, %6
  br i1 %58, label %loop5, label %join3, !llvm.loop !21
loop8:
  %59 = load i32, ptr %l0
  %60 = load i32, ptr %l2
  %61 = add i32 %59, %60
  %62 = add i32 %61, 12
  %63 = load i32, ptr %l1
  %64 = add i32 %63, %60
  %65 = zext i32 %64 to i64
  %66 = getelementptr i8, ptr %0, i64 %65
  %67 = load i32, ptr %66, align 1, !tbaa !6
  %68 = add i32 %63, %60
  %69 = zext i32 %68 to i64
  %70 = add nuw i64 %69, 4
  %71 = getelementptr i8, ptr %0, i64 %70
  %72 = load i32, ptr %71, align 1, !tbaa !6
  %73 = add i32 %67, %72
  %74 = zext i32 %62 to i64
  %75 = getelementptr i8, ptr %0, i64 %74
  store i32 %73, ptr %75, align 1, !tbaa !6
  %76 = sub i32 %60, 4
  store i32 %76, ptr %l2
  %77 = icmp ne i32 %76, 0
  br i1 %77, label %loop8, label %join3
join3:
  ret void
}

define internal void @versioned_loop_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  %t3 = getelementptr i8, ptr %args, i64 32
  %t4 = load i32, ptr %t3
  call void %code(ptr %ctx, i32 %t0, i32 %t2, i32 %t4)
  ret void
}

define internal void @versioned_loop_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
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
!13 = distinct !{!13, !"awsm loop"}
!14 = distinct !{!14, !13}
!15 = distinct !{!15, !13}
!16 = !{!14}
!17 = !{!15}
!18 = !{!15}
!19 = !{!14}
!20 = !{!"llvm.loop.mustprogress"}
!21 = distinct !{!21, !20}
