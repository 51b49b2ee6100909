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

@exceptions_sig0 = private unnamed_addr constant [3 x i8] c"i:\00"
@exceptions_sig1 = private unnamed_addr constant [2 x i8] c":\00"
@exceptions_sig2 = private unnamed_addr constant [4 x i8] c"i:i\00"
@exceptions_sig3 = private unnamed_addr constant [3 x i8] c"x:\00"
@exceptions_str0 = private unnamed_addr constant [5 x i8] c"pure\00"
@exceptions_str1 = private unnamed_addr constant [8 x i8] c"thrower\00"
@exceptions_str2 = private unnamed_addr constant [6 x i8] c"catch\00"
@exceptions_str3 = private unnamed_addr constant [7 x i8] c"nested\00"
@exceptions_str4 = private unnamed_addr constant [8 x i8] c"rethrow\00"
@exceptions_str5 = private unnamed_addr constant [11 x i8] c"exceptions\00"
@exceptions_funcs = private unnamed_addr constant [5 x %awsm_func_desc] [
  %awsm_func_desc { ptr @exceptions_sig2, ptr @exceptions_f0, ptr @exceptions_tramp2, ptr @exceptions_str0 },
  %awsm_func_desc { ptr @exceptions_sig0, ptr @exceptions_f1, ptr @exceptions_tramp0, ptr @exceptions_str1 },
  %awsm_func_desc { ptr @exceptions_sig2, ptr @exceptions_f2, ptr @exceptions_tramp2, ptr null },
  %awsm_func_desc { ptr @exceptions_sig2, ptr @exceptions_f3, ptr @exceptions_tramp2, ptr null },
  %awsm_func_desc { ptr @exceptions_sig3, ptr @exceptions_f4, ptr @exceptions_tramp3, ptr null }
]
@exceptions_exports = private unnamed_addr constant [3 x %awsm_export_desc] [
  %awsm_export_desc { ptr @exceptions_str2, i32 5, i32 0, i32 2, i32 0 },
  %awsm_export_desc { ptr @exceptions_str3, i32 6, i32 0, i32 3, i32 0 },
  %awsm_export_desc { ptr @exceptions_str4, i32 7, i32 0, i32 4, i32 0 }
]
@exceptions_tags = private unnamed_addr constant [2 x %awsm_tag_desc] [
  %awsm_tag_desc { ptr @exceptions_sig0 },
  %awsm_tag_desc { ptr @exceptions_sig1 }
]
@exceptions_module = constant %awsm_module_desc {
  i32 3, ; abi_version
  i32 0, ; flags
  ptr @exceptions_str5, ; name
  i32 5, ; num_funcs
  i32 0, ; num_imported_funcs
  ptr @exceptions_funcs, ; funcs
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
  i32 3, ; num_exports
  ptr null, ; imports
  ptr @exceptions_exports, ; exports
  i32 0, ; num_datas
  i32 0, ; num_elems
  ptr null, ; datas
  ptr null, ; elems
  ptr @exceptions_init, ; init
  i32 -1, ; start_funcidx
  i32 0, ; reserved
  ptr null, ; tails
  i32 2, ; num_tags
  i32 0, ; num_imported_tags
  ptr @exceptions_tags ; tags
}

declare void @awsm_trap(ptr, i32, i32) noreturn nounwind cold
declare ptr @awsm_exn_new(ptr, ptr) nounwind
declare void @awsm_exn_throw(ptr) noreturn
declare i64 @llvm.read_register.i64(metadata) nounwind
declare i32 @__gcc_personality_v0(...)
declare void @awsm_exn_release(ptr) nounwind

; function 0 "pure"
define internal i32 @exceptions_f0(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #0 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = add i32 %p0, 1
  ret i32 %t1
}

; function 1 "thrower"
define internal void @exceptions_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = icmp ne i32 %p0, 0
  br i1 %t1, label %then3, label %end1
then3:
  %t2 = getelementptr i8, ptr %ctx, i64 80
  %t3 = load ptr, ptr %t2, !tbaa !8, !invariant.load !0
  %t4 = load ptr, ptr %t3, !tbaa !8, !invariant.load !0
  %t5 = call ptr @awsm_exn_new(ptr %ctx, ptr %t4)
  %t6 = getelementptr i8, ptr %t5, i64 48
  store i32 %p0, ptr %t6, align 8
  call void @awsm_exn_throw(ptr %t5)
  unreachable
end1:
  %t7 = getelementptr i8, ptr %ctx, i64 80
  %t8 = load ptr, ptr %t7, !tbaa !8, !invariant.load !0
  %t9 = getelementptr ptr, ptr %t8, i64 1
  %t10 = load ptr, ptr %t9, !tbaa !8, !invariant.load !0
  %t11 = call ptr @awsm_exn_new(ptr %ctx, ptr %t10)
  call void @awsm_exn_throw(ptr %t11)
  unreachable
}

; function 2
define internal i32 @exceptions_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 personality ptr @__gcc_personality_v0 {
entry:
  %l0 = alloca i32
  %exn5 = alloca ptr
  %s17 = alloca i32
  store i32 %p0, ptr %l0
  %t1 = call i64 @llvm.read_register.i64(metadata !3)
  %t2 = getelementptr i8, ptr %ctx, i64 72
  %t3 = load i64, ptr %t2, !tbaa !8
  %t4 = icmp ult i64 %t1, %t3
  br i1 %t4, label %trap.10.1, label %ok0, !prof !1
ok0:
  invoke void @exceptions_f1(ptr %ctx, i32 %p0) to label %end4 unwind label %lpad5
lpad5:
  %t6 = landingpad { ptr, i32 } cleanup
  %t7 = extractvalue { ptr, i32 } %t6, 0
  store ptr %t7, ptr %exn5
  br label %catch6
catch6:
  %t8 = load ptr, ptr %exn5
  %t9 = getelementptr i8, ptr %t8, i64 32
  %t10 = load ptr, ptr %t9
  %t11 = getelementptr i8, ptr %ctx, i64 80
  %t12 = load ptr, ptr %t11, !tbaa !8, !invariant.load !0
  %t13 = load ptr, ptr %t12, !tbaa !8, !invariant.load !0
  %t14 = icmp eq ptr %t10, %t13
  br i1 %t14, label %match8, label %next9
match8:
  %t15 = getelementptr i8, ptr %t8, i64 48
  %t16 = load i32, ptr %t15, align 8
  call void @awsm_exn_release(ptr %t8)
  store i32 %t16, ptr %s17
  br label %end3
next9:
  %t18 = insertvalue { ptr, i32 } poison, ptr %t8, 0
  %t19 = insertvalue { ptr, i32 } %t18, i32 0, 1
  resume { ptr, i32 } %t19
end4:
  store i32 0, ptr %s17
  br label %end3
end3:
  %t20 = load i32, ptr %s17
  ret i32 %t20
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 2)
  unreachable
}

; function 3
define internal i32 @exceptions_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 personality ptr @__gcc_personality_v0 {
entry:
  %l0 = alloca i32
  %l1 = alloca ptr
  %exn6 = alloca ptr
  %exn7 = alloca ptr
  %s19 = alloca i32
  store i32 %p0, ptr %l0
  store ptr null, ptr %l1
  %t2 = call i64 @llvm.read_register.i64(metadata !3)
  %t3 = getelementptr i8, ptr %ctx, i64 72
  %t4 = load i64, ptr %t3, !tbaa !8
  %t5 = icmp ult i64 %t2, %t4
  br i1 %t5, label %trap.10.1, label %ok0, !prof !1
ok0:
  invoke void @exceptions_f1(ptr %ctx, i32 %p0) to label %end5 unwind label %lpad9
lpad9:
  %t8 = landingpad { ptr, i32 } cleanup
  %t9 = extractvalue { ptr, i32 } %t8, 0
  store ptr %t9, ptr %exn7
  br label %catch10
catch10:
  %t10 = load ptr, ptr %exn7
  %t11 = getelementptr i8, ptr %t10, i64 32
  %t12 = load ptr, ptr %t11
  %t13 = getelementptr i8, ptr %ctx, i64 80
  %t14 = load ptr, ptr %t13, !tbaa !8, !invariant.load !0
  %t15 = load ptr, ptr %t14, !tbaa !8, !invariant.load !0
  %t16 = icmp eq ptr %t12, %t15
  br i1 %t16, label %match12, label %next13
match12:
  %t17 = getelementptr i8, ptr %t10, i64 48
  %t18 = load i32, ptr %t17, align 8
  invoke void @awsm_exn_release(ptr %t10) to label %cont14 unwind label %lpad6
cont14:
  store i32 %t18, ptr %s19
  br label %end4
next13:
  store ptr %t10, ptr %exn6
  br label %catch7
lpad6:
  %t20 = landingpad { ptr, i32 } cleanup
  %t21 = extractvalue { ptr, i32 } %t20, 0
  store ptr %t21, ptr %exn6
  br label %catch7
catch7:
  %t22 = load ptr, ptr %exn6
  call void @awsm_exn_release(ptr %t22)
  br label %end3
end5:
  ret i32 0
end4:
  %t23 = load i32, ptr %s19
  ret i32 %t23
end3:
  ret i32 2
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 3)
  unreachable
}

; function 4
define internal void @exceptions_f4(ptr noundef nonnull align 8 dereferenceable(80) %ctx, ptr %p0) #1 {
entry:
  %l0 = alloca ptr
  store ptr %p0, ptr %l0
  %t1 = icmp eq ptr %p0, null
  br i1 %t1, label %trap.14.2, label %ok1, !prof !1
ok1:
  call void @awsm_exn_throw(ptr %p0)
  unreachable
trap.14.2:
  call void @awsm_trap(ptr %ctx, i32 14, i32 4)
  unreachable
}

define internal void @exceptions_tramp0(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  call void %code(ptr %ctx, i32 %t0)
  ret void
}

define internal void @exceptions_tramp2(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load i32, ptr %args
  %t1 = call i32 %code(ptr %ctx, i32 %t0)
  store i32 %t1, ptr %args
  ret void
}

define internal void @exceptions_tramp3(ptr %code, ptr %ctx, ptr %args) {
entry:
  %t0 = load ptr, ptr %args
  call void %code(ptr %ctx, ptr %t0)
  ret void
}

define internal void @exceptions_init(ptr noundef nonnull align 8 dereferenceable(80) %ctx) nounwind {
entry:
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
