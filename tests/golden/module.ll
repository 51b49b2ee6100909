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

@module_sig0 = private unnamed_addr constant [2 x i8] c":\00"
@module_sig1 = private unnamed_addr constant [3 x i8] c":I\00"
@module_sig2 = private unnamed_addr constant [3 x i8] c"I:\00"
@module_sig3 = private unnamed_addr constant [3 x i8] c":f\00"
@module_sig4 = private unnamed_addr constant [5 x i8] c"ie:i\00"
@module_sig5 = private unnamed_addr constant [6 x i8] c"iii:i\00"
@module_elem3 = private unnamed_addr constant [16 x i32] [i32 1, i32 2, i32 1, i32 2, i32 1, i32 2, i32 1, i32 2, i32 1, i32 2, i32 1, i32 2, i32 1, i32 2, i32 1, i32 2]
@module_str0 = private unnamed_addr constant [4 x i8] c"odd\00"
@module_str1 = private unnamed_addr constant [4 x i8] c"get\00"
@module_str2 = private unnamed_addr constant [4 x i8] c"set\00"
@module_str3 = private unnamed_addr constant [9 x i8] c"read_imm\00"
@module_str4 = private unnamed_addr constant [7 x i8] c"tables\00"
@module_str5 = private unnamed_addr constant [7 x i8] c"select\00"
@module_str6 = private unnamed_addr constant [6 x i8] c"start\00"
@module_str7 = private unnamed_addr constant [9 x i8] c"spectest\00"
@module_str8 = private unnamed_addr constant [11 x i8] c"global_i32\00"
@module_str9 = private unnamed_addr constant [6 x i8] c"table\00"
@module_str10 = private unnamed_addr constant [7 x i8] c"memory\00"
@module_str11 = private unnamed_addr constant [16 x i8] c"\00odd \22name\22 \E2\82\AC\00"
@module_str12 = private unnamed_addr constant [3 x i8] c"f\01\00"
@module_str13 = private unnamed_addr constant [9 x i8] c"read-imm\00"
@module_str14 = private unnamed_addr constant [4 x i8] c"mem\00"
@module_str15 = private unnamed_addr constant [2 x i8] c"t\00"
@module_str16 = private unnamed_addr constant [2 x i8] c"g\00"
@module_str17 = private unnamed_addr constant [1 x i8] c"\00"
@module_data = private unnamed_addr constant [3 x i8] c"\00\01\02"
@module_str18 = private unnamed_addr constant [7 x i8] c"module\00"
@module_funcs = private unnamed_addr constant [7 x %awsm_func_desc] [
  %awsm_func_desc { ptr @module_sig0, ptr null, ptr null, ptr @module_str0 },
  %awsm_func_desc { ptr @module_sig1, ptr @module_f1, ptr @module_tramp1, ptr @module_str1 },
  %awsm_func_desc { ptr @module_sig2, ptr @module_f2, ptr @module_tramp2, ptr @module_str2 },
  %awsm_func_desc { ptr @module_sig3, ptr @module_f3, ptr @module_tramp3, ptr @module_str3 },
  %awsm_func_desc { ptr @module_sig4, ptr @module_f4, ptr @module_tramp4, ptr @module_str4 },
  %awsm_func_desc { ptr @module_sig5, ptr @module_f5, ptr @module_tramp5, ptr @module_str5 },
  %awsm_func_desc { ptr @module_sig0, ptr @module_f6, ptr @module_tramp0, ptr @module_str6 }
]
@module_tables = private unnamed_addr constant [3 x %awsm_table_desc] [
  %awsm_table_desc { i32 114, i32 1, i64 10, i64 20, i32 0, i32 0, ptr null },
  %awsm_table_desc { i32 114, i32 0, i64 2, i64 0, i32 0, i32 0, ptr null },
  %awsm_table_desc { i32 101, i32 0, i64 1, i64 0, i32 0, i32 0, ptr null }
]
@module_memories = private unnamed_addr constant [1 x %awsm_memory_desc] [
  %awsm_memory_desc { i64 1, i64 2, i32 1, i32 16, i32 0, i32 0 }
]
@module_globals = private unnamed_addr constant [7 x %awsm_global_desc] [
  %awsm_global_desc { i32 105, i32 0, ptr null },
  %awsm_global_desc { i32 73, i32 1, ptr null },
  %awsm_global_desc { i32 102, i32 0, ptr null },
  %awsm_global_desc { i32 70, i32 1, ptr null },
  %awsm_global_desc { i32 114, i32 0, ptr null },
  %awsm_global_desc { i32 101, i32 1, ptr null },
  %awsm_global_desc { i32 105, i32 0, ptr null }
]
@module_imports = private unnamed_addr constant [4 x %awsm_import_desc] [
  %awsm_import_desc { ptr @module_str7, ptr @module_str8, i32 8, i32 10, i32 3, i32 0 },
  %awsm_import_desc { ptr @module_str7, ptr @module_str9, i32 8, i32 5, i32 1, i32 0 },
  %awsm_import_desc { ptr @module_str7, ptr @module_str10, i32 8, i32 6, i32 2, i32 0 },
  %awsm_import_desc { ptr @module_str11, ptr @module_str12, i32 15, i32 2, i32 0, i32 0 }
]
@module_exports = private unnamed_addr constant [9 x %awsm_export_desc] [
  %awsm_export_desc { ptr @module_str1, i32 3, i32 0, i32 1, i32 0 },
  %awsm_export_desc { ptr @module_str2, i32 3, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @module_str13, i32 8, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @module_str4, i32 6, i32 0, i32 4, i32 0 },
  %awsm_export_desc { ptr @module_str5, i32 6, i32 0, i32 5, i32 0 },
  %awsm_export_desc { ptr @module_str14, i32 3, i32 2, i32 0, i32 0 },
  %awsm_export_desc { ptr @module_str15, i32 1, i32 1, i32 1, i32 0 },
  %awsm_export_desc { ptr @module_str16, i32 1, i32 3, i32 1, i32 0 },
  %awsm_export_desc { ptr @module_str17, i32 0, i32 0, i32 1, i32 0 }
]
@module_datas = private unnamed_addr constant [1 x %awsm_data_desc] [
  %awsm_data_desc { ptr @module_data, i32 3, i32 0 }
]
@module_elems = private unnamed_addr constant [4 x %awsm_elem_desc] [
  %awsm_elem_desc { i32 2, i32 114 },
  %awsm_elem_desc { i32 2, i32 114 },
  %awsm_elem_desc { i32 1, i32 114 },
  %awsm_elem_desc { i32 16, i32 114 }
]
@module_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 4, ; flags
  ptr @module_str18, ; name
  i32 7, ; num_funcs
  i32 1, ; num_imported_funcs
  ptr @module_funcs, ; funcs
  i32 3, ; num_tables
  i32 1, ; num_imported_tables
  ptr @module_tables, ; tables
  i32 1, ; num_memories
  i32 1, ; num_imported_memories
  ptr @module_memories, ; memories
  i32 7, ; num_globals
  i32 1, ; num_imported_globals
  ptr @module_globals, ; globals
  i32 4, ; num_imports
  i32 9, ; num_exports
  ptr @module_imports, ; imports
  ptr @module_exports, ; exports
  i32 1, ; num_datas
  i32 4, ; num_elems
  ptr @module_datas, ; datas
  ptr @module_elems, ; elems
  ptr @module_init, ; init
  i32 6, ; start_funcidx
  i32 0, ; reserved
  ptr null, ; tails
  i32 0, ; num_tags
  i32 0, ; num_imported_tags
  ptr null, ; tags
  i32 0, ; num_types
  i32 0, ; reserved2
  ptr null ; types
}
@awsm_main_module = constant ptr @module_module

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold
declare i32 @awsm_table_grow(ptr, i32, ptr, i32) nounwind
declare void @awsm_table_fill(ptr, i32, i32, ptr, i32, i32) nounwind
declare void @awsm_table_copy(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_table_init(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_elem_drop(ptr, i32) nounwind
declare void @awsm_memory_init(ptr, i32, i32, i32, i32, i32, i32) nounwind
declare void @awsm_data_drop(ptr, i32) nounwind

; function 1 "get"
define internal i64 @module_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %0 = getelementptr i8, ptr %ctx, i64 24
  %1 = load ptr, ptr %0, !tbaa !8, !invariant.load !0
  %2 = getelementptr ptr, ptr %1, i64 1
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = load i64, ptr %3, !tbaa !10
  ret i64 %4
}

; function 2 "set"
define internal void @module_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i64 %p0) #0 {
entry:
  %l0 = alloca i64
  store i64 %p0, ptr %l0
  %0 = getelementptr i8, ptr %ctx, i64 24
  %1 = load ptr, ptr %0, !tbaa !8, !invariant.load !0
  %2 = getelementptr ptr, ptr %1, i64 1
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  store i64 %p0, ptr %3, !tbaa !10
  ret void
}

; function 3 "read_imm"
define internal float @module_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %0 = getelementptr i8, ptr %ctx, i64 24
  %1 = load ptr, ptr %0, !tbaa !8, !invariant.load !0
  %2 = getelementptr ptr, ptr %1, i64 2
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = load float, ptr %3, !tbaa !10, !invariant.load !0
  ret float %4
}

; function 4 "tables"
define internal i32 @module_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, ptr %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca ptr
  store i32 %p0, ptr %l0
  store ptr %p1, ptr %l1
  %0 = getelementptr i8, ptr %ctx, i64 16
  %1 = load ptr, ptr %0, !tbaa !8, !invariant.load !0
  %2 = getelementptr ptr, ptr %1, i64 2
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = getelementptr i8, ptr %3, i64 8
  %5 = load i32, ptr %4, !tbaa !8
  %6 = icmp uge i32 %p0, %5
  br i1 %6, label %trap.3.2, label %ok1, !prof !1
ok1:
  %7 = load ptr, ptr %3, !tbaa !8
  %8 = zext i32 %p0 to i64
  %9 = getelementptr ptr, ptr %7, i64 %8
  store ptr %p1, ptr %9, !tbaa !12
  %10 = getelementptr i8, ptr %ctx, i64 16
  %11 = load ptr, ptr %10, !tbaa !8, !invariant.load !0
  %12 = getelementptr ptr, ptr %11, i64 1
  %13 = load ptr, ptr %12, !tbaa !8, !invariant.load !0
  %14 = getelementptr i8, ptr %13, i64 8
  %15 = load i32, ptr %14, !tbaa !8
  %16 = icmp uge i32 %p0, %15
  br i1 %16, label %trap.3.2, label %ok3, !prof !1
ok3:
  %17 = load ptr, ptr %13, !tbaa !8
  %18 = zext i32 %p0 to i64
  %19 = getelementptr ptr, ptr %17, i64 %18
  %20 = load ptr, ptr %19, !tbaa !12
  %21 = getelementptr i8, ptr %ctx, i64 32
  %22 = load ptr, ptr %21, !tbaa !8, !invariant.load !0
  %23 = getelementptr ptr, ptr %22, i64 1
  %24 = load ptr, ptr %23, !tbaa !8, !invariant.load !0
  %25 = call i32 @awsm_table_grow(ptr %ctx, i32 1, ptr %24, i32 1)
  call void @awsm_table_fill(ptr %ctx, i32 1, i32 0, ptr null, i32 1, i32 4)
  call void @awsm_table_copy(ptr %ctx, i32 1, i32 0, i32 0, i32 1, i32 1, i32 4)
  call void @awsm_table_init(ptr %ctx, i32 1, i32 1, i32 0, i32 0, i32 1, i32 4)
  call void @awsm_elem_drop(ptr %ctx, i32 1)
  %26 = getelementptr i8, ptr %ctx, i64 16
  %27 = load ptr, ptr %26, !tbaa !8, !invariant.load !0
  %28 = getelementptr ptr, ptr %27, i64 1
  %29 = load ptr, ptr %28, !tbaa !8, !invariant.load !0
  %30 = getelementptr i8, ptr %29, i64 8
  %31 = load i32, ptr %30, !tbaa !8
  %32 = icmp eq ptr %p1, null
  %33 = zext i1 %32 to i32
  %34 = add i32 %31, %33
  ret i32 %34
trap.3.2:
  call void @awsm_trap(ptr %ctx, i32 3, i32 4)
  unreachable
}

; function 5 "select"
define internal i32 @module_f5(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i32 %p1, i32 %p2) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  %l2 = alloca i32
  store i32 %p0, ptr %l0
  store i32 %p1, ptr %l1
  store i32 %p2, ptr %l2
  %0 = icmp ne i32 %p2, 0
  %t3 = select i1 %0, i32 %p0, i32 %p1
  ret i32 %t3
}

; function 6 "start"
define internal void @module_f6(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  ret void
}

define internal void @module_tramp0(ptr %code, ptr %ctx, ptr %args) {
entry:
  call void %code(ptr %ctx)
  ret void
}

define internal void @module_tramp1(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = call i64 %code(ptr %ctx)
  store i64 %t0, ptr %args
  ret void
}

define internal void @module_tramp2(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i64, ptr %args
  call void %code(ptr %ctx, i64 %t0)
  ret void
}

define internal void @module_tramp3(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = call float %code(ptr %ctx)
  store float %t0, ptr %args
  ret void
}

define internal void @module_tramp4(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load ptr, ptr %t1
  %t3 = call i32 %code(ptr %ctx, i32 %t0, ptr %t2)
  store i32 %t3, ptr %args
  ret void
}

define internal void @module_tramp5(ptr %code, ptr %ctx, ptr %args) {
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

define internal void @module_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
  %j67 = alloca i64
  %t0 = getelementptr i8, ptr %ctx, i64 24
  %t1 = load ptr, ptr %t0, !tbaa !8, !invariant.load !0
  %t2 = getelementptr ptr, ptr %t1, i64 1
  %t3 = load ptr, ptr %t2, !tbaa !8, !invariant.load !0
  store i64 -1, ptr %t3, !tbaa !10
  %t4 = getelementptr i8, ptr %ctx, i64 24
  %t5 = load ptr, ptr %t4, !tbaa !8, !invariant.load !0
  %t6 = getelementptr ptr, ptr %t5, i64 2
  %t7 = load ptr, ptr %t6, !tbaa !8, !invariant.load !0
  store float bitcast (i32 1069547520 to float), ptr %t7, !tbaa !10
  %t8 = getelementptr i8, ptr %ctx, i64 24
  %t9 = load ptr, ptr %t8, !tbaa !8, !invariant.load !0
  %t10 = getelementptr ptr, ptr %t9, i64 3
  %t11 = load ptr, ptr %t10, !tbaa !8, !invariant.load !0
  store double bitcast (i64 -9223372036854775808 to double), ptr %t11, !tbaa !10
  %t12 = getelementptr i8, ptr %ctx, i64 32
  %t13 = load ptr, ptr %t12, !tbaa !8, !invariant.load !0
  %t14 = getelementptr ptr, ptr %t13, i64 1
  %t15 = load ptr, ptr %t14, !tbaa !8, !invariant.load !0
  %t16 = getelementptr i8, ptr %ctx, i64 24
  %t17 = load ptr, ptr %t16, !tbaa !8, !invariant.load !0
  %t18 = getelementptr ptr, ptr %t17, i64 4
  %t19 = load ptr, ptr %t18, !tbaa !8, !invariant.load !0
  store ptr %t15, ptr %t19, !tbaa !10
  %t20 = getelementptr i8, ptr %ctx, i64 24
  %t21 = load ptr, ptr %t20, !tbaa !8, !invariant.load !0
  %t22 = getelementptr ptr, ptr %t21, i64 5
  %t23 = load ptr, ptr %t22, !tbaa !8, !invariant.load !0
  store ptr null, ptr %t23, !tbaa !10
  %t24 = getelementptr i8, ptr %ctx, i64 24
  %t25 = load ptr, ptr %t24, !tbaa !8, !invariant.load !0
  %t26 = load ptr, ptr %t25, !tbaa !8, !invariant.load !0
  %t27 = load i32, ptr %t26, !tbaa !10
  %t28 = getelementptr i8, ptr %ctx, i64 24
  %t29 = load ptr, ptr %t28, !tbaa !8, !invariant.load !0
  %t30 = getelementptr ptr, ptr %t29, i64 6
  %t31 = load ptr, ptr %t30, !tbaa !8, !invariant.load !0
  store i32 %t27, ptr %t31, !tbaa !10
  %t32 = getelementptr i8, ptr %ctx, i64 40
  %t33 = load ptr, ptr %t32, !tbaa !8, !invariant.load !0
  %t34 = load ptr, ptr %t33, !tbaa !8
  %t35 = getelementptr i8, ptr %ctx, i64 32
  %t36 = load ptr, ptr %t35, !tbaa !8, !invariant.load !0
  %t37 = getelementptr ptr, ptr %t36, i64 1
  %t38 = load ptr, ptr %t37, !tbaa !8, !invariant.load !0
  store ptr %t38, ptr %t34, !tbaa !12
  %t39 = getelementptr i8, ptr %ctx, i64 32
  %t40 = load ptr, ptr %t39, !tbaa !8, !invariant.load !0
  %t41 = getelementptr ptr, ptr %t40, i64 2
  %t42 = load ptr, ptr %t41, !tbaa !8, !invariant.load !0
  %t43 = getelementptr ptr, ptr %t34, i64 1
  store ptr %t42, ptr %t43, !tbaa !12
  %t44 = getelementptr i8, ptr %ctx, i64 40
  %t45 = load ptr, ptr %t44, !tbaa !8, !invariant.load !0
  %t46 = getelementptr i8, ptr %t45, i64 16
  %t47 = load ptr, ptr %t46, !tbaa !8
  %t48 = getelementptr i8, ptr %ctx, i64 32
  %t49 = load ptr, ptr %t48, !tbaa !8, !invariant.load !0
  %t50 = getelementptr ptr, ptr %t49, i64 1
  %t51 = load ptr, ptr %t50, !tbaa !8, !invariant.load !0
  store ptr %t51, ptr %t47, !tbaa !12
  %t52 = getelementptr ptr, ptr %t47, i64 1
  store ptr null, ptr %t52, !tbaa !12
  %t53 = getelementptr i8, ptr %ctx, i64 40
  %t54 = load ptr, ptr %t53, !tbaa !8, !invariant.load !0
  %t55 = getelementptr i8, ptr %t54, i64 32
  %t56 = load ptr, ptr %t55, !tbaa !8
  %t57 = getelementptr i8, ptr %ctx, i64 32
  %t58 = load ptr, ptr %t57, !tbaa !8, !invariant.load !0
  %t59 = getelementptr ptr, ptr %t58, i64 3
  %t60 = load ptr, ptr %t59, !tbaa !8, !invariant.load !0
  store ptr %t60, ptr %t56, !tbaa !12
  %t61 = getelementptr i8, ptr %ctx, i64 40
  %t62 = load ptr, ptr %t61, !tbaa !8, !invariant.load !0
  %t63 = getelementptr i8, ptr %t62, i64 48
  %t64 = load ptr, ptr %t63, !tbaa !8
  %t65 = getelementptr i8, ptr %ctx, i64 32
  %t66 = load ptr, ptr %t65, !tbaa !8, !invariant.load !0
  store i64 0, ptr %j67
  br label %loop0
loop0:
  %t68 = load i64, ptr %j67
  %t69 = getelementptr i32, ptr @module_elem3, i64 %t68
  %t70 = load i32, ptr %t69
  %t71 = zext i32 %t70 to i64
  %t72 = getelementptr ptr, ptr %t66, i64 %t71
  %t73 = load ptr, ptr %t72, !tbaa !8, !invariant.load !0
  %t74 = getelementptr ptr, ptr %t64, i64 %t68
  store ptr %t73, ptr %t74, !tbaa !12
  %t75 = add nuw i64 %t68, 1
  store i64 %t75, ptr %j67
  %t76 = icmp eq i64 %t75, 16
  br i1 %t76, label %done1, label %loop0
done1:
  %t77 = getelementptr i8, ptr %ctx, i64 24
  %t78 = load ptr, ptr %t77, !tbaa !8, !invariant.load !0
  %t79 = load ptr, ptr %t78, !tbaa !8, !invariant.load !0
  %t80 = load i32, ptr %t79, !tbaa !10
  call void @awsm_table_init(ptr %ctx, i32 0, i32 0, i32 %t80, i32 0, i32 2, i32 -1)
  call void @awsm_elem_drop(ptr %ctx, i32 0)
  call void @awsm_elem_drop(ptr %ctx, i32 2)
  call void @awsm_table_init(ptr %ctx, i32 0, i32 3, i32 0, i32 0, i32 16, i32 -1)
  call void @awsm_elem_drop(ptr %ctx, i32 3)
  %t81 = getelementptr i8, ptr %ctx, i64 24
  %t82 = load ptr, ptr %t81, !tbaa !8, !invariant.load !0
  %t83 = load ptr, ptr %t82, !tbaa !8, !invariant.load !0
  %t84 = load i32, ptr %t83, !tbaa !10
  call void @awsm_memory_init(ptr %ctx, i32 0, i32 0, i32 %t84, i32 0, i32 3, i32 -1)
  call void @awsm_data_drop(ptr %ctx, i32 0)
  ret void
}


attributes #0 = { nounwind "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins" }
attributes #1 = { "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins" }

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
