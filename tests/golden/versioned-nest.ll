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
  i32 4, ; abi_version
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
  ptr null, ; tags
  i32 0, ; num_types
  i32 0, ; reserved2
  ptr null ; types
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
  %i5 = alloca i64
  %i6 = alloca i64
  %i7 = alloca i64
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 0, ptr %l2
  store i32 0, ptr %l3
  store i32 0, ptr %l4
  %0 = add i32 0, -63
  %1 = sub i32 0, %0
  %2 = zext i32 %1 to i64
  %3 = and i64 %2, 0
  %4 = icmp eq i64 %3, 0
  %5 = lshr i64 %2, 0
  %6 = add nuw nsw i64 %5, 1
  %7 = sub i32 0, -120
  %8 = zext i32 %7 to i64
  %9 = and i64 %8, 7
  %10 = icmp eq i64 %9, 0
  %11 = lshr i64 %8, 3
  %12 = add nuw nsw i64 %11, 1
  %13 = and i1 %4, %10
  %14 = getelementptr i8, ptr %ctx, i64 8
  %15 = load ptr, ptr %14, !tbaa !8, !invariant.load !0
  %16 = load ptr, ptr %15, !tbaa !8, !invariant.load !0
  %17 = getelementptr i8, ptr %16, i64 8
  %18 = load i64, ptr %17, !tbaa !8
  %19 = sub nuw nsw i64 %6, 1
  %20 = sub nuw nsw i64 %12, 1
  %21 = zext i32 %p0 to i64
  %22 = add nsw i64 %21, 0
  %23 = add nsw i64 %21, 8
  %24 = mul nsw i64 %20, 8
  %25 = add nsw i64 %23, %24
  %26 = icmp sge i64 %22, 0
  %27 = icmp sle i64 %25, %18
  %28 = and i1 %26, %27
  %29 = and i1 %13, %28
  %30 = mul i32 0, 128
  %31 = add i32 %p1, %30
  %32 = zext i32 %31 to i64
  %33 = add nsw i64 %32, 0
  %34 = add nsw i64 %32, 8
  %35 = mul nsw i64 %19, 128
  %36 = add nsw i64 %34, %35
  %37 = mul nsw i64 %20, 8
  %38 = add nsw i64 %36, %37
  %39 = icmp sge i64 %33, 0
  %40 = icmp sle i64 %38, %18
  %41 = and i1 %39, %40
  %42 = and i1 %29, %41
  %43 = icmp sle i64 %25, %33
  %44 = icmp sle i64 %38, %22
  %45 = or i1 %43, %44
  %46 = and i1 %42, %45
  br i1 %46, label %fast1, label %loop11, !prof !2
fast1:
  call void @llvm.experimental.noalias.scope.decl(metadata !16)
  call void @llvm.experimental.noalias.scope.decl(metadata !17)
  %47 = load ptr, ptr %ctx, !tbaa !8
  store i64 0, ptr %i5
  br label %loop5
loop5:
  %48 = load i64, ptr %i5
  %49 = load i32, ptr %l2
  %50 = and i32 7, 31
  %51 = shl i32 %49, %50
  %52 = add i32 %p1, %51
  store i32 %52, ptr %l4
  store i32 0, ptr %l3
  store i64 0, ptr %i6
  br label %loop7
loop7:
  %53 = load i64, ptr %i6
  %54 = load i32, ptr %l3
  %55 = add i32 %p0, %54
  %56 = add i32 %p0, %54
  %57 = mul nsw i64 %53, 8
  %58 = add nsw i64 %22, %57
  %59 = getelementptr inbounds i8, ptr %47, i64 %58
  %60 = load double, ptr %59, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %61 = add i32 %52, %54
  %62 = mul nsw i64 %48, 128
  %63 = add nsw i64 %33, %62
  %64 = mul nsw i64 %53, 8
  %65 = add nsw i64 %63, %64
  %66 = getelementptr inbounds i8, ptr %47, i64 %65
  %67 = load double, ptr %66, align 1, !tbaa !6, !alias.scope !17, !noalias !19
  %68 = fadd double %60, %67
  %69 = mul nsw i64 %53, 8
  %70 = add nsw i64 %22, %69
  %71 = getelementptr inbounds i8, ptr %47, i64 %70
  store double %68, ptr %71, align 1, !tbaa !6, !alias.scope !16, !noalias !18
  %72 = add i32 %54, 8
  store i32 %72, ptr %l3
  %73 = icmp ne i32 %72, 128
  %74 = zext i1 %73 to i32
  %75 = add nuw nsw i64 %53, 1
  store i64 %75, ptr %i6
  %76 = icmp ult i64 %75, %12
  br i1 %76, label %loop7, label %cont8, !llvm.loop !24
cont8:
  %77 = add i32 %49, 1
  store i32 %77, ptr %l2
  %78 = icmp ne i32 %77, 64
  %79 = zext i1 %78 to i32
  %80 = add nuw nsw i64 %48, 1
  store i64 %80, ptr %i5
  %81 = icmp ult i64 %80, %6
  br i1 %81, label %loop5, label %join3, !llvm.loop !21
loop11:
  %82 = load i32, ptr %l1
  %83 = load i32, ptr %l2
  %84 = and i32 7, 31
  %85 = shl i32 %83, %84
  %86 = add i32 %82, %85
  store i32 %86, ptr %l4
  store i32 0, ptr %l3
  %87 = add i32 0, -120
  %88 = sub i32 0, %87
  %89 = zext i32 %88 to i64
  %90 = and i64 %89, 7
  %91 = icmp eq i64 %90, 0
  %92 = lshr i64 %89, 3
  %93 = add nuw nsw i64 %92, 1
  %94 = getelementptr i8, ptr %ctx, i64 8
  %95 = load ptr, ptr %94, !tbaa !8, !invariant.load !0
  %96 = load ptr, ptr %95, !tbaa !8, !invariant.load !0
  %97 = getelementptr i8, ptr %96, i64 8
  %98 = load i64, ptr %97, !tbaa !8
  %99 = sub nuw nsw i64 %93, 1
  %100 = load i32, ptr %l0
  %101 = add i32 %100, 0
  %102 = zext i32 %101 to i64
  %103 = add nsw i64 %102, 0
  %104 = add nsw i64 %102, 8
  %105 = mul nsw i64 %99, 8
  %106 = add nsw i64 %104, %105
  %107 = icmp sge i64 %103, 0
  %108 = icmp sle i64 %106, %98
  %109 = and i1 %107, %108
  %110 = and i1 %91, %109
  %111 = add i32 %86, 0
  %112 = zext i32 %111 to i64
  %113 = add nsw i64 %112, 0
  %114 = add nsw i64 %112, 8
  %115 = mul nsw i64 %99, 8
  %116 = add nsw i64 %114, %115
  %117 = icmp sge i64 %113, 0
  %118 = icmp sle i64 %116, %98
  %119 = and i1 %117, %118
  %120 = and i1 %110, %119
  %121 = icmp sle i64 %106, %113
  %122 = icmp sle i64 %116, %103
  %123 = or i1 %121, %122
  %124 = and i1 %120, %123
  br i1 %124, label %fast12, label %loop19, !prof !2
fast12:
  call void @llvm.experimental.noalias.scope.decl(metadata !28)
  call void @llvm.experimental.noalias.scope.decl(metadata !29)
  %125 = load ptr, ptr %ctx, !tbaa !8
  store i64 0, ptr %i7
  br label %loop16
loop16:
  %126 = load i64, ptr %i7
  %127 = load i32, ptr %l0
  %128 = load i32, ptr %l3
  %129 = add i32 %127, %128
  %130 = add i32 %127, %128
  %131 = mul nsw i64 %126, 8
  %132 = add nsw i64 %103, %131
  %133 = getelementptr inbounds i8, ptr %125, i64 %132
  %134 = load double, ptr %133, align 1, !tbaa !6, !alias.scope !28, !noalias !30
  %135 = add i32 %86, %128
  %136 = mul nsw i64 %126, 8
  %137 = add nsw i64 %113, %136
  %138 = getelementptr inbounds i8, ptr %125, i64 %137
  %139 = load double, ptr %138, align 1, !tbaa !6, !alias.scope !29, !noalias !31
  %140 = fadd double %134, %139
  %141 = mul nsw i64 %126, 8
  %142 = add nsw i64 %103, %141
  %143 = getelementptr inbounds i8, ptr %125, i64 %142
  store double %140, ptr %143, align 1, !tbaa !6, !alias.scope !28, !noalias !30
  %144 = add i32 %128, 8
  store i32 %144, ptr %l3
  %145 = icmp ne i32 %144, 128
  %146 = zext i1 %145 to i32
  %147 = add nuw nsw i64 %126, 1
  store i64 %147, ptr %i7
  %148 = icmp ult i64 %147, %93
  br i1 %148, label %loop16, label %join14, !llvm.loop !33
loop19:
  %149 = load i32, ptr %l0
  %150 = load i32, ptr %l3
  %151 = add i32 %149, %150
  %152 = add i32 %149, %150
  %153 = zext i32 %152 to i64
  %154 = add nuw i64 %153, 8
  %155 = getelementptr i8, ptr %ctx, i64 8
  %156 = load ptr, ptr %155, !tbaa !8, !invariant.load !0
  %157 = load ptr, ptr %156, !tbaa !8, !invariant.load !0
  %158 = getelementptr i8, ptr %157, i64 8
  %159 = load i64, ptr %158, !tbaa !8
  %160 = icmp ugt i64 %154, %159
  br i1 %160, label %trap.2.21, label %ok20, !prof !1
ok20:
  %161 = load ptr, ptr %ctx, !tbaa !8
  %162 = getelementptr i8, ptr %161, i64 %153
  %163 = load double, ptr %162, align 1, !tbaa !6
  %164 = load i32, ptr %l4
  %165 = add i32 %164, %150
  %166 = zext i32 %165 to i64
  %167 = add nuw i64 %166, 8
  %168 = getelementptr i8, ptr %ctx, i64 8
  %169 = load ptr, ptr %168, !tbaa !8, !invariant.load !0
  %170 = load ptr, ptr %169, !tbaa !8, !invariant.load !0
  %171 = getelementptr i8, ptr %170, i64 8
  %172 = load i64, ptr %171, !tbaa !8
  %173 = icmp ugt i64 %167, %172
  br i1 %173, label %trap.2.21, label %ok22, !prof !1
ok22:
  %174 = load ptr, ptr %ctx, !tbaa !8
  %175 = getelementptr i8, ptr %174, i64 %166
  %176 = load double, ptr %175, align 1, !tbaa !6
  %177 = fadd double %163, %176
  %178 = zext i32 %151 to i64
  %179 = add nuw i64 %178, 8
  %180 = getelementptr i8, ptr %ctx, i64 8
  %181 = load ptr, ptr %180, !tbaa !8, !invariant.load !0
  %182 = load ptr, ptr %181, !tbaa !8, !invariant.load !0
  %183 = getelementptr i8, ptr %182, i64 8
  %184 = load i64, ptr %183, !tbaa !8
  %185 = icmp ugt i64 %179, %184
  br i1 %185, label %trap.2.21, label %ok23, !prof !1
ok23:
  %186 = load ptr, ptr %ctx, !tbaa !8
  %187 = getelementptr i8, ptr %186, i64 %178
  store double %177, ptr %187, align 1, !tbaa !6
  %188 = add i32 %150, 8
  store i32 %188, ptr %l3
  %189 = icmp ne i32 %188, 128
  %190 = zext i1 %189 to i32
  %191 = icmp ne i32 %190, 0
  br i1 %191, label %loop19, label %join14
join14:
  %192 = load i32, ptr %l2
  %193 = add i32 %192, 1
  store i32 %193, ptr %l2
  %194 = icmp ne i32 %193, 64
  %195 = zext i1 %194 to i32
  %196 = icmp ne i32 %195, 0
  br i1 %196, label %loop11, label %join3
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
