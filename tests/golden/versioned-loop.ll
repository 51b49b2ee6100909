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
  i32 3, ; abi_version
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
  ptr null ; tags
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold
declare void @llvm.experimental.noalias.scope.decl(metadata) nounwind

; function 0 "down"
define internal void @versioned_loop_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1, i32 %p2) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  %i40 = alloca i64
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 %p2, ptr %l2
  %t3 = load ptr, ptr %ctx, !tbaa !8, !invariant.load !0
  %t4 = add i32 %p2, -4
  %t5 = zext i32 %t4 to i64
  %t6 = and i64 %t5, 3
  %t7 = icmp eq i64 %t6, 0
  %t8 = lshr i64 %t5, 2
  %t9 = add nuw nsw i64 %t8, 1
  %t10 = getelementptr i8, ptr %ctx, i64 8
  %t11 = load ptr, ptr %t10, !tbaa !8, !invariant.load !0
  %t12 = load ptr, ptr %t11, !tbaa !8, !invariant.load !0
  %t13 = getelementptr i8, ptr %t12, i64 8
  %t14 = load i64, ptr %t13, !tbaa !8
  %t15 = sub nuw nsw i64 %t9, 1
  %t16 = add i32 %p1, %p2
  %t17 = zext i32 %t16 to i64
  %t18 = add nsw i64 %t17, 0
  %t19 = add nsw i64 %t17, 8
  %t20 = mul nsw i64 %t15, -4
  %t21 = add nsw i64 %t18, %t20
  %t22 = icmp sge i64 %t21, 0
  %t23 = icmp sle i64 %t19, %t14
  %t24 = and i1 %t22, %t23
  %t25 = and i1 %t7, %t24
  %t26 = add i32 %p0, %p2
  %t27 = zext i32 %t26 to i64
  %t28 = add nsw i64 %t27, 12
  %t29 = add nsw i64 %t27, 16
  %t30 = mul nsw i64 %t15, -4
  %t31 = add nsw i64 %t28, %t30
  %t32 = icmp sge i64 %t31, 0
  %t33 = icmp sle i64 %t29, %t14
  %t34 = and i1 %t32, %t33
  %t35 = and i1 %t25, %t34
  %t36 = icmp sle i64 %t19, %t31
  %t37 = icmp sle i64 %t29, %t21
  %t38 = or i1 %t36, %t37
  %t39 = and i1 %t35, %t38
  br i1 %t39, label %fast1, label %loop8, !prof !2
fast1:
  call void @llvm.experimental.noalias.scope.decl(metadata !16)
  call void @llvm.experimental.noalias.scope.decl(metadata !17)
  store i64 0, ptr %i40
  br label %loop5
loop5:
  %t41 = load i64, ptr %i40
  %t42 = load i32, ptr %l2
  %t43 = add i32 %p0, %t42
  %t44 = add i32 %t43, 12
  %t45 = add i32 %p1, %t42
  %t46 = mul nsw i64 %t41, -4
  %t47 = add nsw i64 %t18, %t46
  %t48 = getelementptr inbounds i8, ptr %t3, i64 %t47
  %t49 = load i32, ptr %t48, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %t50 = add i32 %p1, %t42
  %t51 = mul nsw i64 %t41, -4
  %t52 = add nsw i64 %t18, %t51
  %t53 = getelementptr inbounds i8, ptr %t3, i64 %t52
  %t54 = getelementptr inbounds i8, ptr %t53, i64 4
  %t55 = load i32, ptr %t54, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %t56 = add i32 %t49, %t55
  %t57 = mul nsw i64 %t41, -4
  %t58 = add nsw i64 %t28, %t57
  %t59 = getelementptr inbounds i8, ptr %t3, i64 %t58
  store i32 %t56, ptr %t59, align 1, !tbaa !6, !alias.scope !17, !noalias !19
  %t60 = sub i32 %t42, 4
  store i32 %t60, ptr %l2
  %t61 = add nuw nsw i64 %t41, 1
  store i64 %t61, ptr %i40
  %t62 = icmp ult i64 %t61, %t9
  br i1 %t62, label %loop5, label %join3, !llvm.loop !21
loop8:
  %t63 = load i32, ptr %l0
  %t64 = load i32, ptr %l2
  %t65 = add i32 %t63, %t64
  %t66 = add i32 %t65, 12
  %t67 = load i32, ptr %l1
  %t68 = add i32 %t67, %t64
  %t69 = zext i32 %t68 to i64
  %t70 = getelementptr i8, ptr %t3, i64 %t69
  %t71 = load i32, ptr %t70, align 1, !tbaa !6
  %t72 = add i32 %t67, %t64
  %t73 = zext i32 %t72 to i64
  %t74 = add nuw i64 %t73, 4
  %t75 = getelementptr i8, ptr %t3, i64 %t74
  %t76 = load i32, ptr %t75, align 1, !tbaa !6
  %t77 = add i32 %t71, %t76
  %t78 = zext i32 %t66 to i64
  %t79 = getelementptr i8, ptr %t3, i64 %t78
  store i32 %t77, ptr %t79, align 1, !tbaa !6
  %t80 = sub i32 %t64, 4
  store i32 %t80, ptr %l2
  %t81 = icmp ne i32 %t80, 0
  br i1 %t81, label %loop8, label %join3
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
