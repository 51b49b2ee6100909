/*
 * wasi_main.c — the descriptor pointer the compiler emits in executable mode, for linking a
 * hand-written module with runtime/main.c. MAIN_MODULE names the descriptor (default:
 * wasi_test_module).
 */
#include "awsm_abi.h"

#ifndef MAIN_MODULE
#define MAIN_MODULE wasi_test_module
#endif

extern const awsm_module_desc MAIN_MODULE;
const awsm_module_desc *const awsm_main_module = &MAIN_MODULE;
