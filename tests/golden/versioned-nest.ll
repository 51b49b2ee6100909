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

@versioned_nest_sig0 = private unnamed_addr constant [4 x i8] c"ii:\00"
@versioned_nest_str0 = private unnamed_addr constant [5 x i8] c"rows\00"
@versioned_nest_str1 = private unnamed_addr constant [15 x i8] c"versioned_nest\00"
@versioned_nest_funcs = private unnamed_addr constant [1 x %awsm_func_desc] [
  %awsm_func_desc { ptr @versioned_nest_sig0, ptr @versioned_nest_f0, ptr @versioned_nest_tramp0, ptr @versioned_nest_str0 }
]
@versioned_nest_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 0, i32 0, i32 16, i32 0, i32 0 }
]
@versioned_nest_exports = private unnamed_addr constant [1 x %awsm_export_desc] [
  %awsm_export_desc { ptr @versioned_nest_str0, i32 4, i32 0, i32 0, i32 0 }
]
@versioned_nest_module = constant %awsm_module_desc {
  i32 3, ; abi_version
  i32 1, ; flags
  ptr @versioned_nest_str1, ; name
  i32 1, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @versioned_nest_funcs, ; funcs
  i32 0, ; num_tables
  i32 0, ; num_imported_tables
  ptr null, ; tables
  i32 1, ; num_memories
  i32 0, ; num_imported_memories
  ptr @versioned_nest_memories, ; memories
  i32 0, ; num_globals
  i32 0, ; num_imported_globals
  ptr null, ; globals
  i32 0, ; num_imports
  i32 1, ; num_exports
  ptr null, ; imports
  ptr @versioned_nest_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @versioned_nest_init, ; init
  i32 -1, ; start_funcidx
  i32 0, ; reserved
  ptr null, ; tails
  i32 0, ; num_tags
  i32 0, ; num_imported_tags
  ptr null ; tags
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold
declare void @llvm.experimental.noalias.scope.decl(metadata) nounwind

; function 0 "rows"
define internal void @versioned_nest_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  %l3 = alloca i32
  %l4 = alloca i32
  %i53 = alloca i64
  %i54 = alloca i64
  %i133 = alloca i64
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 0, ptr %l2
  store i32 0, ptr %l3
  store i32 0, ptr %l4
  %t5 = add i32 0, -63
  %t6 = sub i32 0, %t5
  %t7 = zext i32 %t6 to i64
  %t8 = and i64 %t7, 0
  %t9 = icmp eq i64 %t8, 0
  %t10 = lshr i64 %t7, 0
  %t11 = add nuw nsw i64 %t10, 1
  %t12 = sub i32 0, -120
  %t13 = zext i32 %t12 to i64
  %t14 = and i64 %t13, 7
  %t15 = icmp eq i64 %t14, 0
  %t16 = lshr i64 %t13, 3
  %t17 = add nuw nsw i64 %t16, 1
  %t18 = and i1 %t9, %t15
  %t19 = getelementptr i8, ptr %ctx, i64 8
  %t20 = load ptr, ptr %t19, !tbaa !8, !invariant.load !0
  %t21 = load ptr, ptr %t20, !tbaa !8, !invariant.load !0
  %t22 = getelementptr i8, ptr %t21, i64 8
  %t23 = load i64, ptr %t22, !tbaa !8
  %t24 = sub nuw nsw i64 %t11, 1
  %t25 = sub nuw nsw i64 %t17, 1
  %t26 = zext i32 %p0 to i64
  %t27 = add nsw i64 %t26, 0
  %t28 = add nsw i64 %t26, 8
  %t29 = mul nsw i64 %t25, 8
  %t30 = add nsw i64 %t28, %t29
  %t31 = icmp sge i64 %t27, 0
  %t32 = icmp sle i64 %t30, %t23
  %t33 = and i1 %t31, %t32
  %t34 = and i1 %t18, %t33
  %t35 = mul i32 0, 128
  %t36 = add i32 %p1, %t35
  %t37 = zext i32 %t36 to i64
  %t38 = add nsw i64 %t37, 0
  %t39 = add nsw i64 %t37, 8
  %t40 = mul nsw i64 %t24, 128
  %t41 = add nsw i64 %t39, %t40
  %t42 = mul nsw i64 %t25, 8
  %t43 = add nsw i64 %t41, %t42
  %t44 = icmp sge i64 %t38, 0
  %t45 = icmp sle i64 %t43, %t23
  %t46 = and i1 %t44, %t45
  %t47 = and i1 %t34, %t46
  %t48 = icmp sle i64 %t30, %t38
  %t49 = icmp sle i64 %t43, %t27
  %t50 = or i1 %t48, %t49
  %t51 = and i1 %t47, %t50
  br i1 %t51, label %fast1, label %loop11, !prof !2
fast1:
  call void @llvm.experimental.noalias.scope.decl(metadata !16)
  call void @llvm.experimental.noalias.scope.decl(metadata !17)
  %t52 = load ptr, ptr %ctx, !tbaa !8
  store i64 0, ptr %i53
  br label %loop5
loop5:
  %t55 = load i64, ptr %i53
  %t56 = load i32, ptr %l2
  %t57 = and i32 7, 31
  %t58 = shl i32 %t56, %t57
  %t59 = add i32 %p1, %t58
  store i32 %t59, ptr %l4
  store i32 0, ptr %l3
  store i64 0, ptr %i54
  br label %loop7
loop7:
  %t60 = load i64, ptr %i54
  %t61 = load i32, ptr %l3
  %t62 = add i32 %p0, %t61
  %t63 = add i32 %p0, %t61
  %t64 = mul nsw i64 %t60, 8
  %t65 = add nsw i64 %t27, %t64
  %t66 = getelementptr inbounds i8, ptr %t52, i64 %t65
  %t67 = load double, ptr %t66, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %t68 = add i32 %t59, %t61
  %t69 = mul nsw i64 %t55, 128
  %t70 = add nsw i64 %t38, %t69
  %t71 = mul nsw i64 %t60, 8
  %t72 = add nsw i64 %t70, %t71
  %t73 = getelementptr inbounds i8, ptr %t52, i64 %t72
  %t74 = load double, ptr %t73, align 1, !tbaa !6, !alias.scope !17, !noalias !19
  %t75 = fadd double %t67, %t74
  %t76 = mul nsw i64 %t60, 8
  %t77 = add nsw i64 %t27, %t76
  %t78 = getelementptr inbounds i8, ptr %t52, i64 %t77
  store double %t75, ptr %t78, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %t79 = add i32 %t61, 8
  store i32 %t79, ptr %l3
  %t80 = icmp ne i32 %t79, 128
  %t81 = zext i1 %t80 to i32
  %t82 = add nuw nsw i64 %t60, 1
  store i64 %t82, ptr %i54
  %t83 = icmp ult i64 %t82, %t17
  br i1 %t83, label %loop7, label %cont8, !llvm.loop !24
cont8:
  %t84 = add i32 %t56, 1
  store i32 %t84, ptr %l2
  %t85 = icmp ne i32 %t84, 64
  %t86 = zext i1 %t85 to i32
  %t87 = add nuw nsw i64 %t55, 1
  store i64 %t87, ptr %i53
  %t88 = icmp ult i64 %t87, %t11
  br i1 %t88, label %loop5, label %join3, !llvm.loop !21
loop11:
  %t89 = load i32, ptr %l1
  %t90 = load i32, ptr %l2
  %t91 = and i32 7, 31
  %t92 = shl i32 %t90, %t91
  %t93 = add i32 %t89, %t92
  store i32 %t93, ptr %l4
  store i32 0, ptr %l3
  %t94 = add i32 0, -120
  %t95 = sub i32 0, %t94
  %t96 = zext i32 %t95 to i64
  %t97 = and i64 %t96, 7
  %t98 = icmp eq i64 %t97, 0
  %t99 = lshr i64 %t96, 3
  %t100 = add nuw nsw i64 %t99, 1
  %t101 = getelementptr i8, ptr %ctx, i64 8
  %t102 = load ptr, ptr %t101, !tbaa !8, !invariant.load !0
  %t103 = load ptr, ptr %t102, !tbaa !8, !invariant.load !0
  %t104 = getelementptr i8, ptr %t103, i64 8
  %t105 = load i64, ptr %t104, !tbaa !8
  %t106 = sub nuw nsw i64 %t100, 1
  %t107 = load i32, ptr %l0
  %t108 = add i32 %t107, 0
  %t109 = zext i32 %t108 to i64
  %t110 = add nsw i64 %t109, 0
  %t111 = add nsw i64 %t109, 8
  %t112 = mul nsw i64 %t106, 8
  %t113 = add nsw i64 %t111, %t112
  %t114 = icmp sge i64 %t110, 0
  %t115 = icmp sle i64 %t113, %t105
  %t116 = and i1 %t114, %t115
  %t117 = and i1 %t98, %t116
  %t118 = add i32 %t93, 0
  %t119 = zext i32 %t118 to i64
  %t120 = add nsw i64 %t119, 0
  %t121 = add nsw i64 %t119, 8
  %t122 = mul nsw i64 %t106, 8
  %t123 = add nsw i64 %t121, %t122
  %t124 = icmp sge i64 %t120, 0
  %t125 = icmp sle i64 %t123, %t105
  %t126 = and i1 %t124, %t125
  %t127 = and i1 %t117, %t126
  %t128 = icmp sle i64 %t113, %t120
  %t129 = icmp sle i64 %t123, %t110
  %t130 = or i1 %t128, %t129
  %t131 = and i1 %t127, %t130
  br i1 %t131, label %fast12, label %loop19, !prof !2
fast12:
  call void @llvm.experimental.noalias.scope.decl(metadata !28)
  call void @llvm.experimental.noalias.scope.decl(metadata !29)
  %t132 = load ptr, ptr %ctx, !tbaa !8
  store i64 0, ptr %i133
  br label %loop16
loop16:
  %t134 = load i64, ptr %i133
  %t135 = load i32, ptr %l0
  %t136 = load i32, ptr %l3
  %t137 = add i32 %t135, %t136
  %t138 = add i32 %t135, %t136
  %t139 = mul nsw i64 %t134, 8
  %t140 = add nsw i64 %t110, %t139
  %t141 = getelementptr inbounds i8, ptr %t132, i64 %t140
  %t142 = load double, ptr %t141, align 1, !tbaa !6, !alias.scope !28, !noalias !30
  %t143 = add i32 %t93, %t136
  %t144 = mul nsw i64 %t134, 8
  %t145 = add nsw i64 %t120, %t144
  %t146 = getelementptr inbounds i8, ptr %t132, i64 %t145
  %t147 = load double, ptr %t146, align 1, !tbaa !6, !alias.scope !29, !noalias !31
  %t148 = fadd double %t142, %t147
  %t149 = mul nsw i64 %t134, 8
  %t150 = add nsw i64 %t110, %t149
  %t151 = getelementptr inbounds i8, ptr %t132, i64 %t150
  store double %t148, ptr %t151, align 1, !tbaa !6, !alias.scope !28, !noalias !30
  %t152 = add i32 %t136, 8
  store i32 %t152, ptr %l3
  %t153 = icmp ne i32 %t152, 128
  %t154 = zext i1 %t153 to i32
  %t155 = add nuw nsw i64 %t134, 1
  store i64 %t155, ptr %i133
  %t156 = icmp ult i64 %t155, %t100
  br i1 %t156, label %loop16, label %join14, !llvm.loop !33
loop19:
  %t157 = load i32, ptr %l0
  %t158 = load i32, ptr %l3
  %t159 = add i32 %t157, %t158
  %t160 = add i32 %t157, %t158
  %t161 = zext i32 %t160 to i64
  %t162 = add nuw i64 %t161, 8
  %t163 = getelementptr i8, ptr %ctx, i64 8
  %t164 = load ptr, ptr %t163, !tbaa !8, !invariant.load !0
  %t165 = load ptr, ptr %t164, !tbaa !8, !invariant.load !0
  %t166 = getelementptr i8, ptr %t165, i64 8
  %t167 = load i64, ptr %t166, !tbaa !8
  %t168 = icmp ugt i64 %t162, %t167
  br i1 %t168, label %trap.2.21, label %ok20, !prof !1
ok20:
  %t169 = load ptr, ptr %ctx, !tbaa !8
  %t170 = getelementptr i8, ptr %t169, i64 %t161
  %t171 = load double, ptr %t170, align 1, !tbaa !6
  %t172 = load i32, ptr %l4
  %t173 = add i32 %t172, %t158
  %t174 = zext i32 %t173 to i64
  %t175 = add nuw i64 %t174, 8
  %t176 = getelementptr i8, ptr %ctx, i64 8
  %t177 = load ptr, ptr %t176, !tbaa !8, !invariant.load !0
  %t178 = load ptr, ptr %t177, !tbaa !8, !invariant.load !0
  %t179 = getelementptr i8, ptr %t178, i64 8
  %t180 = load i64, ptr %t179, !tbaa !8
  %t181 = icmp ugt i64 %t175, %t180
  br i1 %t181, label %trap.2.21, label %ok22, !prof !1
ok22:
  %t182 = load ptr, ptr %ctx, !tbaa !8
  %t183 = getelementptr i8, ptr %t182, i64 %t174
  %t184 = load double, ptr %t183, align 1, !tbaa !6
  %t185 = fadd double %t171, %t184
  %t186 = zext i32 %t159 to i64
  %t187 = add nuw i64 %t186, 8
  %t188 = getelementptr i8, ptr %ctx, i64 8
  %t189 = load ptr, ptr %t188, !tbaa !8, !invariant.load !0
  %t190 = load ptr, ptr %t189, !tbaa !8, !invariant.load !0
  %t191 = getelementptr i8, ptr %t190, i64 8
  %t192 = load i64, ptr %t191, !tbaa !8
  %t193 = icmp ugt i64 %t187, %t192
  br i1 %t193, label %trap.2.21, label %ok23, !prof !1
ok23:
  %t194 = load ptr, ptr %ctx, !tbaa !8
  %t195 = getelementptr i8, ptr %t194, i64 %t186
  store double %t185, ptr %t195, align 1, !tbaa !6
  %t196 = add i32 %t158, 8
  store i32 %t196, ptr %l3
  %t197 = icmp ne i32 %t196, 128
  %t198 = zext i1 %t197 to i32
  %t199 = icmp ne i32 %t198, 0
  br i1 %t199, label %loop19, label %join14
join14:
  %t200 = load i32, ptr %l2
  %t201 = add i32 %t200, 1
  store i32 %t201, ptr %l2
  %t202 = icmp ne i32 %t201, 64
  %t203 = zext i1 %t202 to i32
  %t204 = icmp ne i32 %t203, 0
  br i1 %t204, label %loop11, label %join3
join3:
  ret void
trap.2.21:
  call void @awsm_trap(ptr %ctx, i32 2, i32 0)
  unreachable
}

define internal void @versioned_nest_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i32, ptr %t1
  call void %code(ptr %ctx, i32 %t0, i32 %t2)
  ret void
}

define internal void @versioned_nest_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
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
!22 = !{!"llvm.loop.mustprogress"}
!23 = !{!"llvm.loop.unroll.full"}
!24 = distinct !{!24, !22, !23}
!25 = distinct !{!25, !"awsm loop"}
!26 = distinct !{!26, !25}
!27 = distinct !{!27, !25}
!28 = !{!26}
!29 = !{!27}
!30 = !{!27}
!31 = !{!26}
!32 = !{!"llvm.loop.mustprogress"}
!33 = distinct !{!33, !32}
