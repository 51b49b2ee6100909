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
  i32 4, ; abi_version
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
  ptr @exceptions_tags, ; tags
  i32 0, ; num_types
  i32 0, ; reserved2
  ptr null ; types
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
  %0 = add i32 %p0, 1
  ret i32 %0
}

; function 1 "thrower"
define internal void @exceptions_f1(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 {
entry:
  %l0 = alloca i32
  store i32 %p0, ptr %l0
  %0 = icmp ne i32 %p0, 0
  br i1 %0, label %then3, label %end1
then3:
  %1 = getelementptr i8, ptr %ctx, i64 80
  %2 = load ptr, ptr %1, !tbaa !8, !invariant.load !0
  %3 = load ptr, ptr %2, !tbaa !8, !invariant.load !0
  %4 = call ptr @awsm_exn_new(ptr %ctx, ptr %3)
  %5 = getelementptr i8, ptr %4, i64 48
  store i32 %p0, ptr %5, align 8
  call void @awsm_exn_throw(ptr %4)
  unreachable
end1:
  %6 = getelementptr i8, ptr %ctx, i64 80
  %7 = load ptr, ptr %6, !tbaa !8, !invariant.load !0
  %8 = getelementptr ptr, ptr %7, i64 1
  %9 = load ptr, ptr %8, !tbaa !8, !invariant.load !0
  %10 = call ptr @awsm_exn_new(ptr %ctx, ptr %9)
  call void @awsm_exn_throw(ptr %10)
  unreachable
}

; function 2
define internal i32 @exceptions_f2(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 personality ptr @__gcc_personality_v0 {
entry:
  %l0 = alloca i32
  %exn1 = alloca ptr
  %s2 = alloca i32
  store i32 %p0, ptr %l0
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  invoke void @exceptions_f1(ptr %ctx, i32 %p0) to label %end4 unwind label %lpad5
lpad5:
  %4 = landingpad { ptr, i32 } cleanup
  %5 = extractvalue { ptr, i32 } %4, 0
  store ptr %5, ptr %exn1
  br label %catch6
catch6:
  %6 = load ptr, ptr %exn1
  %7 = getelementptr i8, ptr %6, i64 32
  %8 = load ptr, ptr %7
  %9 = getelementptr i8, ptr %ctx, i64 80
  %10 = load ptr, ptr %9, !tbaa !8, !invariant.load !0
  %11 = load ptr, ptr %10, !tbaa !8, !invariant.load !0
  %12 = icmp eq ptr %8, %11
  br i1 %12, label %match8, label %next9
match8:
  %13 = getelementptr i8, ptr %6, i64 48
  %14 = load i32, ptr %13, align 8
  call void @awsm_exn_release(ptr %6)
  store i32 %14, ptr %s2
  br label %end3
next9:
  %15 = insertvalue { ptr, i32 } poison, ptr %6, 0
  %16 = insertvalue { ptr, i32 } %15, i32 0, 1
  resume { ptr, i32 } %16
end4:
  store i32 0, ptr %s2
  br label %end3
end3:
  %17 = load i32, ptr %s2
  ret i32 %17
trap.10.1:
  call void @awsm_trap(ptr %ctx, i32 10, i32 2)
  unreachable
}

; function 3
define internal i32 @exceptions_f3(ptr noundef nonnull align 8 dereferenceable(80) %ctx, i32 %p0) #1 personality ptr @__gcc_personality_v0 {
entry:
  %l0 = alloca i32
  %l1 = alloca ptr
  %exn2 = alloca ptr
  %exn3 = alloca ptr
  %s4 = alloca i32
  store i32 %p0, ptr %l0
  store ptr null, ptr %l1
  %0 = call i64 @llvm.read_register.i64(metadata !3)
  %1 = getelementptr i8, ptr %ctx, i64 72
  %2 = load i64, ptr %1, !tbaa !8
  %3 = icmp ult i64 %0, %2
  br i1 %3, label %trap.10.1, label %ok0, !prof !1
ok0:
  invoke void @exceptions_f1(ptr %ctx, i32 %p0) to label %end5 unwind label %lpad9
lpad9:
  %4 = landingpad { ptr, i32 } cleanup
  %5 = extractvalue { ptr, i32 } %4, 0
  store ptr %5, ptr %exn3
  br label %catch10
catch10:
  %6 = load ptr, ptr %exn3
  %7 = getelementptr i8, ptr %6, i64 32
  %8 = load ptr, ptr %7
  %9 = getelementptr i8, ptr %ctx, i64 80
  %10 = load ptr, ptr %9, !tbaa !8, !invariant.load !0
  %11 = load ptr, ptr %10, !tbaa !8, !invariant.load !0
  %12 = icmp eq ptr %8, %11
  br i1 %12, label %match12, label %next13
match12:
  %13 = getelementptr i8, ptr %6, i64 48
  %14 = load i32, ptr %13, align 8
  invoke void @awsm_exn_release(ptr %6) to label %cont14 unwind label %lpad6
cont14:
  store i32 %14, ptr %s4
  br label %end4
next13:
  store ptr %6, ptr %exn2
  br label %catch7
lpad6:
  %15 = landingpad { ptr, i32 } cleanup
  %16 = extractvalue { ptr, i32 } %15, 0
  store ptr %16, ptr %exn2
  br label %catch7
catch7:
  %17 = load ptr, ptr %exn2
  call void @awsm_exn_release(ptr %17)
  br label %end3
end5:
  ret i32 0
end4:
  %18 = load i32, ptr %s4
  ret i32 %18
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
  %0 = icmp eq ptr %p0, null
  br i1 %0, label %trap.16.2, label %ok1, !prof !1
ok1:
  call void @awsm_exn_throw(ptr %p0)
  unreachable
trap.16.2:
  call void @awsm_trap(ptr %ctx, i32 16, i32 4)
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
