/*
 * component_api.c — tests of the component API with typed values (awsm_component.h):
 * linked with the compiled tests/component/fixtures/api-types.wat (its core modules and its
 * generated descriptor, awsm_main_component) by tests/e2e/component-api.test.ts.
 *
 * Calls every export through awsm_component_call, with values built by hand and with WAVE
 * (awsm_wave_parse_call / awsm_wave_print); checks post-return, arguments of the wrong kind
 * or number, the canonical ABI's traps in lifting results (each on a fresh instance: a trap
 * leaves the instance unusable, which is checked too), and WAVE syntax errors. Prints
 * "N passed, N failed"; exits 1 on a failure. Run under valgrind by the test when present.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm.h"
#include "awsm_component.h"
#include "../check.h"

extern const awsm_component_desc *const awsm_main_component;

static awsm_wasi *wasi;

static awsm_component *instance(void) {
  awsm_error err;
  awsm_component *c = awsm_component_instantiate(awsm_main_component, wasi, NULL, &err);
  if (c == NULL) {
    printf("FAIL: cannot instantiate: %s\n", err.message);
    exit(1);
  }
  return c;
}

/* Calls `call` (WAVE) on c; the result in WAVE (malloc'd) or NULL with *err set. */
static char *wave_call(awsm_component *c, const char *call, awsm_error *err) {
  const awsm_component_export *f;
  awsm_cval *args, result;
  size_t n;
  if (awsm_wave_parse_call(awsm_main_component, call, &f, &args, &n, err) != 0) return NULL;
  int rc = awsm_component_call(c, f->name, args, n, &result, err);
  for (size_t i = 0; i < n; i++) awsm_cval_free(&args[i]);
  free(args);
  if (rc != 0) return NULL;
  char *s = awsm_wave_print(awsm_main_component, f->result, &result);
  awsm_cval_free(&result);
  return s;
}

static void expect(awsm_component *c, const char *call, const char *want) {
  awsm_error err;
  char *got = wave_call(c, call, &err);
  CHECK(got != NULL && strcmp(got, want) == 0, "%s: want %s, got %s", call, want, got != NULL ? got : err.message);
  free(got);
}

/* A call that fails with error kind `kind` and a message containing `msg`. */
static void expect_error(awsm_component *c, const char *call, awsm_error_kind kind, const char *msg) {
  awsm_error err;
  char *got = wave_call(c, call, &err);
  CHECK(got == NULL && err.kind == kind && strstr(err.message, msg) != NULL, "%s: want error %d '%s', got %s (%d: %s)", call,
        (int)kind, msg, got != NULL ? got : "an error", (int)err.kind, err.message);
  free(got);
}

static awsm_cval s32v(int32_t x) {
  awsm_cval v = {.kind = AWSM_CT_S32};
  v.u.s = x;
  return v;
}

static void typed_values(void) {
  awsm_component *c = instance();
  awsm_error err;
  awsm_cval r;
  /* A list of two records, built by hand. */
  awsm_cval fields[2][2] = {{s32v(1), s32v(-2)}, {s32v(3), s32v(-4)}};
  awsm_cval points[2] = {{.kind = AWSM_CT_RECORD}, {.kind = AWSM_CT_RECORD}};
  for (int i = 0; i < 2; i++) points[i].u.list.items = fields[i], points[i].u.list.len = 2;
  awsm_cval list = {.kind = AWSM_CT_LIST};
  list.u.list.items = points;
  list.u.list.len = 2;
  int rc = awsm_component_call(c, "echo-points", &list, 1, &r, &err);
  CHECK(rc == 0 && r.kind == AWSM_CT_LIST && r.u.list.len == 2 && r.u.list.items[1].kind == AWSM_CT_RECORD &&
            r.u.list.items[1].u.list.items[1].u.s == -4 && r.u.list.items[0].u.list.items[0].u.s == 1,
        "echo-points: %s", rc == 0 ? "wrong result" : err.message);
  awsm_cval_free(&r);
  CHECK(r.kind == AWSM_CT_UNIT, "awsm_cval_free leaves a unit");

  /* A string: post-return runs once per call. */
  awsm_cval posts0, posts1, s = {.kind = AWSM_CT_STRING};
  s.u.str.ptr = "h\xc3\xa9llo";
  s.u.str.len = 6;
  CHECK(awsm_component_call(c, "posts", NULL, 0, &posts0, &err) == 0 && posts0.kind == AWSM_CT_U32, "posts: %s", err.message);
  rc = awsm_component_call(c, "echo-string", &s, 1, &r, &err);
  CHECK(rc == 0 && r.kind == AWSM_CT_STRING && r.u.str.len == 6 && strcmp(r.u.str.ptr, "h\xc3\xa9llo") == 0, "echo-string: %s",
        rc == 0 ? r.u.str.ptr : err.message);
  awsm_cval_free(&r);
  CHECK(awsm_component_call(c, "posts", NULL, 0, &posts1, &err) == 0 && posts1.u.u == posts0.u.u + 1,
        "post-return ran once: %llu then %llu", (unsigned long long)posts0.u.u, (unsigned long long)posts1.u.u);

  /* A variant with a payload, an option without, flags past their labels ignored. */
  awsm_cval f = {.kind = AWSM_CT_F32}, shape = {.kind = AWSM_CT_VARIANT}, none = {.kind = AWSM_CT_OPTION}, perms = {.kind = AWSM_CT_FLAGS};
  f.u.f32 = 2.5f;
  shape.u.var.disc = 0;
  shape.u.var.payload = &f;
  rc = awsm_component_call(c, "echo-shape", &shape, 1, &r, &err);
  CHECK(rc == 0 && r.u.var.disc == 0 && r.u.var.payload != NULL && r.u.var.payload->u.f32 == 2.5f, "echo-shape: %s", err.message);
  awsm_cval_free(&r);
  rc = awsm_component_call(c, "echo-option", &none, 1, &r, &err);
  CHECK(rc == 0 && r.kind == AWSM_CT_OPTION && r.u.var.disc == 0 && r.u.var.payload == NULL, "echo-option(none): %s", err.message);
  awsm_cval_free(&r);
  perms.u.flags = 0xFFu;
  rc = awsm_component_call(c, "echo-perms", &perms, 1, &r, &err);
  CHECK(rc == 0 && r.u.flags == 7u, "echo-perms keeps the 3 labelled bits: %x", rc == 0 ? r.u.flags : 0u);
  awsm_cval_free(&r);

  /* Arguments of the wrong number, kind or shape: AWSM_ERR_INVALID, the instance still usable. */
  CHECK(awsm_component_call(c, "add", &s, 1, &r, &err) != 0 && err.kind == AWSM_ERR_INVALID && strstr(err.message, "takes 2 arguments") != NULL,
        "add with 1 argument: %s", err.message);
  awsm_cval two[2] = {s, s};
  CHECK(awsm_component_call(c, "add", two, 2, &r, &err) != 0 && err.kind == AWSM_ERR_INVALID &&
            strstr(err.message, "expected a value of type u32, got a string") != NULL,
        "add with strings: %s", err.message);
  awsm_cval bad = {.kind = AWSM_CT_STRING};
  bad.u.str.ptr = "\xff";
  bad.u.str.len = 1;
  CHECK(awsm_component_call(c, "echo-string", &bad, 1, &r, &err) != 0 && err.kind == AWSM_ERR_INVALID && strstr(err.message, "not valid UTF-8") != NULL,
        "invalid UTF-8 argument: %s", err.message);
  shape.u.var.disc = 2; /* dot takes no payload */
  CHECK(awsm_component_call(c, "echo-shape", &shape, 1, &r, &err) != 0 && err.kind == AWSM_ERR_INVALID && strstr(err.message, "takes no payload") != NULL,
        "a payload for a case without one: %s", err.message);
  CHECK(awsm_component_call(c, "nope", NULL, 0, &r, &err) != 0 && err.kind == AWSM_ERR_INVALID && strstr(err.message, "no function 'nope'") != NULL,
        "unknown export: %s", err.message);
  expect(c, "add(40, 2)", "42");
  awsm_component_free(c);
}

static void wave_calls(void) {
  awsm_component *c = instance();
  static const char *const cases[][2] = {
      {"add(4294967295, 2)", "1"},
      {"echo-bool(true)", "true"},
      {"echo-s8(-128)", "-128"},
      {"echo-u16(65535)", "65535"},
      {"echo-s32(-2147483648)", "-2147483648"},
      {"echo-u64(18446744073709551615)", "18446744073709551615"},
      {"echo-f32(0.1)", "0.1"},
      {"echo-f32(-0)", "-0"},
      {"echo-f64(1e21)", "1000000000000000000000"},
      {"echo-f64(-0.000123)", "-0.000123"},
      {"echo-f64(nan)", "nan"},
      {"echo-char('\\u{1f600}')", "'\xf0\x9f\x98\x80'"},
      {"echo-char('\\'')", "'\\''"},
      {"ints(-1, 255, -32768, 65535, -5, 4000000000, -9223372036854775808, 18446744073709551615)",
       "(-1, 255, -32768, 65535, -5, 4000000000, -9223372036854775808, 18446744073709551615)"},
      {"floats(1.5, -2.25)", "(1.5, -2.25)"},
      {"echo-string(\"tab\\tquote\\\" nul\\u{0}\")", "\"tab\\tquote\\\" nul\\u{0}\""},
      {"echo-utf16(\"a\\u{1f600}\\u{e9}\")", "\"a\xf0\x9f\x98\x80\xc3\xa9\""},
      {"echo-latin1(\"caf\\u{e9}\")", "\"caf\xc3\xa9\""},
      {"echo-latin1(\"\\u{20ac}uro\")", "\"\xe2\x82\xac" "uro\""},
      {"echo-list([])", "[]"},
      {"echo-list([0, 65535, 7,])", "[0, 65535, 7]"},
      {"echo-strings([\"a\", \"\", \"b\"])", "[\"a\", \"\", \"b\"]"},
      {"echo-nested([(1, \"one\"), (255, \"two\")])", "[(1, \"one\"), (255, \"two\")]"},
      {"echo-point({y: 2, x: -1})", "{x: -1, y: 2}"},
      {"echo-tuple((0, -7))", "(0, -7)"},
      {"echo-color(blue)", "blue"},
      {"echo-shape(rect((3, 4)))", "rect((3, 4))"},
      {"echo-shape(dot)", "dot"},
      {"echo-num(int(-9000000000))", "int(-9000000000)"},
      {"echo-num(float(2.5))", "float(2.5)"},
      {"echo-option(7)", "some(7)"},
      {"echo-option-f64(some(-0.5))", "some(-0.5)"},
      {"echo-option-string(some(\"x\"))", "some(\"x\")"},
      {"echo-result(err(404))", "err(404)"},
      {"echo-result(ok(\"fine\"))", "ok(\"fine\")"},
      {"echo-result-empty(err)", "err"},
      {"echo-orec({a: 1, b: none})", "{a: 1}"},
      {"echo-orec({b: some(2), a: 1})", "{a: 1, b: some(2)}"},
      {"echo-perms({exec, read})", "{read, exec}"},
      {"echo-many({f19, f0})", "{f0, f19}"},
      {"sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)", "153"},
      {"add-twice(20, 22)", "42"},
      {"test:api/math@0.1.0#add-twice(1, 1)", "2"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) expect(c, cases[i][0], cases[i][1]);
  /* WAVE that does not parse or does not fit the types: the instance stays usable. */
  expect_error(c, "add(1", AWSM_ERR_INVALID, "expected ','");
  expect_error(c, "add(1, x)", AWSM_ERR_INVALID, "expected a u32");
  expect_error(c, "echo-u16(65536)", AWSM_ERR_INVALID, "out of range for u16");
  expect_error(c, "echo-color(purple)", AWSM_ERR_INVALID, "no case 'purple'");
  expect_error(c, "echo-point({x: 1})", AWSM_ERR_INVALID, "field 'y' is missing");
  expect_error(c, "echo-char('ab')", AWSM_ERR_INVALID, "after one character");
  expect_error(c, "add(1, 2) x", AWSM_ERR_INVALID, "unexpected text");
  expect_error(c, "nope()", AWSM_ERR_INVALID, "no function 'nope'");
  expect(c, "add(1, 2)", "3");
  awsm_component_free(c);
}

/* Each trap on a fresh instance; after it, the instance refuses calls. */
static void traps(void) {
  static const char *const cases[][2] = {
      {"bad-utf8()", "invalid UTF-8"},
      {"bad-ptr()", "outside the memory"},
      {"bad-align()", "not aligned to 4"},
      {"bad-option()", "discriminant 2 out of range [0..2)"},
      {"bad-disc()", "discriminant 7 out of range [0..3)"},
      {"bad-char()", "not a Unicode scalar value"},
      {"trap()", "unreachable"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    awsm_component *c = instance();
    expect_error(c, cases[i][0], AWSM_ERR_TRAP, cases[i][1]);
    expect_error(c, "add(1, 2)", AWSM_ERR_INVALID, "cannot be entered again");
    awsm_component_free(c);
  }
}

int main(int argc, char **argv) {
  wasi = awsm_wasi_new(argc, (const char *const *)argv, 0, NULL);
  if (wasi == NULL) return 1;
  typed_values();
  wave_calls();
  traps();
  awsm_wasi_free(wasi);
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
