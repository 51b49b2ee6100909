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

@control_sig0 = private unnamed_addr constant [4 x i8] c"i:i\00"
@control_sig1 = private unnamed_addr constant [5 x i8] c"iI:I\00"
@control_sig2 = private unnamed_addr constant [4 x i8] c"I:I\00"
@control_sig3 = private unnamed_addr constant [4 x i8] c":ii\00"
@control_sig4 = private unnamed_addr constant [6 x i8] c"ii:ii\00"
@control_sig5 = private unnamed_addr constant [3 x i8] c":i\00"
@control_sig6 = private unnamed_addr constant [4 x i8] c":iI\00"
@control_sig7 = private unnamed_addr constant [3 x i8] c":I\00"
@control_str0 = private unnamed_addr constant [8 x i8] c"if_else\00"
@control_str1 = private unnamed_addr constant [10 x i8] c"if_params\00"
@control_str2 = private unnamed_addr constant [4 x i8] c"sum\00"
@control_str3 = private unnamed_addr constant [12 x i8] c"loop_params\00"
@control_str4 = private unnamed_addr constant [6 x i8] c"table\00"
@control_str5 = private unnamed_addr constant [10 x i8] c"dead_code\00"
@control_str6 = private unnamed_addr constant [6 x i8] c"multi\00"
@control_str7 = private unnamed_addr constant [11 x i8] c"call_multi\00"
@control_str8 = private unnamed_addr constant [8 x i8] c"if-else\00"
@control_str9 = private unnamed_addr constant [10 x i8] c"if-params\00"
@control_str10 = private unnamed_addr constant [12 x i8] c"loop-params\00"
@control_str11 = private unnamed_addr constant [9 x i8] c"br-table\00"
@control_str12 = private unnamed_addr constant [10 x i8] c"dead-code\00"
@control_str13 = private unnamed_addr constant [11 x i8] c"call-multi\00"
@control_str14 = private unnamed_addr constant [8 x i8] c"control\00"
@control_funcs = private unnamed_addr constant [8 x %awsm_func_desc] [
  %awsm_func_desc { ptr @control_sig0, ptr @control_f0, ptr @control_tramp0, ptr @control_str0 },
  %awsm_func_desc { ptr @control_sig1, ptr @control_f1, ptr @control_tramp1, ptr @control_str1 },
  %awsm_func_desc { ptr @control_sig0, ptr @control_f2, ptr @control_tramp0, ptr @control_str2 },
  %awsm_func_desc { ptr @control_sig3, ptr @control_f3, ptr @control_tramp3, ptr @control_str3 },
  %awsm_func_desc { ptr @control_sig0, ptr @control_f4, ptr @control_tramp0, ptr @control_str4 },
  %awsm_func_desc { ptr @control_sig5, ptr @control_f5, ptr @control_tramp5, ptr @control_str5 },
  %awsm_func_desc { ptr @control_sig6, ptr @control_f6, ptr @control_tramp6, ptr @control_str6 },
  %awsm_func_desc { ptr @control_sig7, ptr @control_f7, ptr @control_tramp7, ptr @control_str7 }
]
@control_exports = private unnamed_addr constant [8 x %awsm_export_desc] [
  %awsm_export_desc { ptr @control_str8, i32 7, i32 0, i32 0, i32 0 },
  %awsm_export_desc { ptr @control_str9, i32 9, i32 0, i32 1, i32 0 },
  %awsm_export_desc { ptr @control_str2, i32 3, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @control_str10, i32 11, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @control_str11, i32 8, i32 0, i32 4, i32 0 },
  %awsm_export_desc { ptr @control_str12, i32 9, i32 0, i32 5, i32 0 },
  %awsm_export_desc { ptr @control_str6, i32 5, i32 0, i32 6, i32 0 },
  %awsm_export_desc { ptr @control_str13, i32 10, i32 0, i32 7, i32 0 }
]
@control_module = constant %awsm_module_desc {
  i32 4, ; abi_version
  i32 0, ; flags
  ptr @control_str14, ; name
  i32 8, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @control_funcs, ; funcs
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
  i32 8, ; num_exports
  ptr null, ; imports
  ptr @control_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @control_init, ; init
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

; function 0 "if_else"
define internal i32 @control_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  %s1 = alloca i32
  store i32 %p0, ptr %l0
  %0 = icmp ne i32 %p0, 0
  br i1 %0, label %then3, label %else2
then3:
  store i32 1, ptr %s1
  br label %end1
else2:
  store i32 2, ptr %s1
  br label %end1
end1:
  %1 = load i32, ptr %s1
  ret i32 %1
}

; function 1 "if_params"
define internal i64 @control_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0, i64 %p1) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i64
  %s2 = alloca i64
  store i32 %p0, ptr %l0
  store i64 %p1, ptr %l1
  %0 = icmp ne i32 %p0, 0
  br i1 %0, label %then3, label %else2
then3:
  %1 = add i64 %p1, 1
  store i64 %1, ptr %s2
  br label %end1
else2:
  store i64 %p1, ptr %s2
  br label %end1
end1:
  %2 = load i64, ptr %s2
  ret i64 %2
}

; function 2 "sum"
define internal i32 @control_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  %l1 = alloca i32
  store i32 %p0, ptr %l0
  store i32 0, ptr %l1
  br label %loop3
loop3:
  %0 = load i32, ptr %l0
  %1 = icmp eq i32 %0, 0
  %2 = zext i1 %1 to i32
  %3 = icmp ne i32 %2, 0
  br i1 %3, label %end1, label %cont4
cont4:
  %4 = load i32, ptr %l1
  %5 = add i32 %4, %0
  store i32 %5, ptr %l1
  %6 = sub i32 %0, 1
  store i32 %6, ptr %l0
  br label %loop3
end1:
  %7 = load i32, ptr %l1
  ret i32 %7
}

; function 3 "loop_params"
define internal { i32, i32 } @control_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %s0 = alloca i32
  %s1 = alloca i32
  store i32 1, ptr %s0
  store i32 2, ptr %s1
  br label %loop2
loop2:
  %0 = load i32, ptr %s0
  %1 = load i32, ptr %s1
  %2 = insertvalue { i32, i32 } poison, i32 %0, 0
  %3 = insertvalue { i32, i32 } %2, i32 %1, 1
  ret { i32, i32 } %3
}

; function 4 "table"
define internal i32 @control_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  %s1 = alloca i32
  %s2 = alloca i32
  %s3 = alloca i32
  %s4 = alloca i32
  store i32 %p0, ptr %l0
  store i32 7, ptr %s1
  store i32 7, ptr %s2
  store i32 7, ptr %s3
  switch i32 %p0, label %end1 [
    i32 1, label %end2
    i32 2, label %end3
  ]
end3:
  %0 = load i32, ptr %s3
  store i32 %0, ptr %s2
  br label %end2
end2:
  %1 = load i32, ptr %s2
  %2 = add i32 %1, 10
  store i32 %2, ptr %s1
  br label %end1
end1:
  %3 = load i32, ptr %s1
  %4 = load i32, ptr %l0
  %5 = icmp ne i32 %4, 0
  store i32 5, ptr %s4
  br i1 %5, label %return0, label %cont4
cont4:
  ret i32 3
return0:
  %6 = load i32, ptr %s4
  ret i32 %6
}

; function 5 "dead_code"
define internal i32 @control_f5(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  br label %trap.1.2
trap.1.2:
  call void @awsm_trap(ptr %ctx, i32 1, i32 5)
  unreachable
}

; function 6 "multi"
define internal { i32, i64 } @control_f6(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %0 = insertvalue { i32, i64 } poison, i32 1, 0
  %1 = insertvalue { i32, i64 } %0, i64 2, 1
  ret { i32, i64 } %1
}

; function 7 "call_multi"
define internal i64 @control_f7(ptr noundef nonnull align 8 dereferenceable(80) %ctx) #0 {
entry:
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  %4 = call { i32, i64 } @control_f6(ptr %ctx)
  %5 = extractvalue { i32, i64 } %4, 0
  %6 = extractvalue { i32, i64 } %4, 1
  ret i64 3
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 7)
  unreachable
}

define internal void @control_tramp0(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i32 %code(ptr %ctx, i32 %t0)
  store i32 %t1, ptr %args
  ret void
}

define internal void @control_tramp1(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = load i32, ptr %args
  %t1 = getelementptr i8, ptr %args, i64 16
  %t2 = load i64, ptr %t1
  %t3 = call i64 %code(ptr %ctx, i32 %t0, i64 %t2)
  store i64 %t3, ptr %args
  ret void
}

define internal void @control_tramp3(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = call { i32, i32 } %code(ptr %ctx)
  %t1 = extractvalue { i32, i32 } %t0, 0
  store i32 %t1, ptr %args
  %t2 = extractvalue { i32, i32 } %t0, 1
  %t3 = getelementptr i8, ptr %args, i64 16
  store i32 %t2, ptr %t3
  ret void
}

define internal void @control_tramp5(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = call i32 %code(ptr %ctx)
  store i32 %t0, ptr %args
  ret void
}

define internal void @control_tramp6(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = call { i32, i64 } %code(ptr %ctx)
  %t1 = extractvalue { i32, i64 } %t0, 0
  store i32 %t1, ptr %args
  %t2 = extractvalue { i32, i64 } %t0, 1
  %t3 = getelementptr i8, ptr %args, i64 16
  store i64 %t2, ptr %t3
  ret void
}

define internal void @control_tramp7(ptr %code, ptr %ctx, ptr %args) nounwind {
entry:
  %t0 = call i64 %code(ptr %ctx)
  store i64 %t0, ptr %args
  ret void
}

define internal void @control_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
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
