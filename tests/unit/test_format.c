/* test_format.c: the format-spec mini-language (int, float, str), str.format,
 * printf-style %, and bytes repr/construction, checked against outputs
 * printed by CPython 3.11. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"
#include "exception.h"
#include "format.h"
#include "int.h"
#include "str.h"
#include "vm.h"

static VM *vm;

static int setup(void **state) {
    (void)state;
    vm = vm_new();
    return vm ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vm_free(vm);
    return 0;
}

static ObjStr *S(const char *s) { return str_from_cstr(vm, s); }

static void assert_text(Value v, const char *want) {
    if (IS_NULL(v)) {
        Value e = vm_take_exc(vm);
        Value m = exc_str(vm, e);
        print_error("unexpected %s: %s\n", vm_type_name(vm, e), IS_NULL(m) ? "?" : AS_STR(m)->data);
        fail();
    }
    assert_true(IS_STR(v));
    assert_int_equal((size_t)AS_STR(v)->len, strlen(want));
    assert_memory_equal(AS_STR(v)->data, want, strlen(want));
}

/* v must have failed with an exception of `type` whose str is msg. */
static void assert_error(Value v, ObjType *type, const char *msg) {
    assert_true(IS_NULL(v));
    assert_true(vm_has_exc(vm));
    assert_true(vm_exc_matches(vm, type));
    Value e = vm_take_exc(vm);
    Value m = exc_str(vm, e);
    assert_false(IS_NULL(m));
    assert_string_equal(AS_STR(m)->data, msg);
}

static Value fint(int64_t i, const char *spec) { return format_int_spec(vm, MAKE_INT(i), S(spec)); }
static Value ffloat(double d, const char *spec) { return format_float_spec(vm, d, S(spec)); }
static Value fstr(const char *s, const char *spec) { return format_str_spec(vm, S(s), S(spec)); }

static void test_int_specs(void **state) {
    (void)state;
    assert_text(fint(42, ""), "42");
    assert_text(fint(42, "5"), "   42");
    assert_text(fint(42, "<5"), "42   ");
    assert_text(fint(42, "^6"), "  42  ");
    assert_text(fint(-42, "=+8"), "-     42");
    assert_text(fint(42, "+"), "+42");
    assert_text(fint(42, " "), " 42");
    assert_text(fint(-42, "08"), "-0000042");
    assert_text(fint(1234567, ","), "1,234,567");
    assert_text(fint(1234567, "_"), "1_234_567");
    assert_text(fint(1234, "09,"), "0,001,234");
    assert_text(fint(1234, "010,"), "00,001,234");
    assert_text(fint(255, "x"), "ff");
    assert_text(fint(255, "#X"), "0XFF");
    assert_text(fint(255, "#010b"), "0b11111111");
    assert_text(fint(12345678, "_x"), "bc_614e");
    assert_text(fint(8, "#o"), "0o10");
    assert_text(fint(65, "c"), "A");
    assert_text(fint(233, "^5c"), "  \xc3\xa9  ");
    assert_text(fint(5, "%"), "500.000000%");
    assert_text(fint(3, ".2f"), "3.00");
    assert_text(fint(7, "*>+6"), "****+7");
    assert_text(format_int_spec(vm, VAL_TRUE, S("")), "True");
    assert_text(format_int_spec(vm, VAL_TRUE, S("d")), "1");
    assert_text(format_int_spec(vm, VAL_FALSE, S(">3")), "  0");
    Value big = int_pow(vm, MAKE_INT(2), MAKE_INT(70));
    assert_text(format_int_spec(vm, big, S(",")), "1,180,591,620,717,411,303,424");
    assert_text(format_int_spec(vm, int_neg(vm, big), S("#x")), "-0x400000000000000000");
}

static void test_int_errors(void **state) {
    (void)state;
    assert_error(fint(1, ".2"), vm->exc_ValueError, "Precision not allowed in integer format specifier");
    assert_error(fint(1, "+c"), vm->exc_ValueError, "Sign not allowed with integer format specifier 'c'");
    assert_error(fint(1, "y"), vm->exc_ValueError, "Unknown format code 'y' for object of type 'int'");
    assert_error(fint(1, "abc"), vm->exc_ValueError, "Invalid format specifier 'abc' for object of type 'int'");
    assert_error(fint(1, ",_"), vm->exc_ValueError, "Cannot specify both ',' and '_'.");
    assert_error(fint(1, ",x"), vm->exc_ValueError, "Cannot specify ',' with 'x'.");
    assert_error(fint(1, "."), vm->exc_ValueError, "Format specifier missing precision");
    assert_error(fint(-1, "c"), vm->exc_OverflowError, "%c arg not in range(0x110000)");
    assert_error(format_int_spec(vm, VAL_TRUE, S("s")), vm->exc_ValueError,
                 "Unknown format code 's' for object of type 'bool'");
}

static void test_float_specs(void **state) {
    (void)state;
    assert_text(ffloat(1e16, ""), "1e+16");
    assert_text(ffloat(0.1, ".3"), "0.1");
    assert_text(ffloat(123.0, ".3"), "1.23e+02");
    assert_text(ffloat(1.0, ".3"), "1.0");
    assert_text(ffloat(1e22, ".30"), "10000000000000000000000.0");
    assert_text(ffloat(3.14159, ".2f"), "3.14");
    assert_text(ffloat(2.5, ".0f"), "2");
    assert_text(ffloat(3.5, ".0f"), "4");
    assert_text(ffloat(12345.678, "e"), "1.234568e+04");
    assert_text(ffloat(0.000123, ".3E"), "1.230E-04");
    assert_text(ffloat(0.0001, "g"), "0.0001");
    assert_text(ffloat(1e20, "G"), "1E+20");
    assert_text(ffloat(2.0, "#g"), "2.00000");
    assert_text(ffloat(1.5, "#.0"), "2.e+00");
    assert_text(ffloat(0.5, ".0%"), "50%");
    assert_text(ffloat(1234.5, "012,.1f"), "00,001,234.5");
    assert_text(ffloat(-0.0, "z"), "0.0");
    assert_text(ffloat(-0.0, ""), "-0.0");
    assert_text(ffloat(-0.0001, "z.2f"), "0.00");
    assert_text(ffloat(-INFINITY, "010"), "-000000inf");
    assert_text(ffloat(INFINITY, "=+10"), "+      inf");
    assert_text(ffloat(NAN, "+"), "+nan");
    assert_text(ffloat(NAN, "F"), "NAN");
    assert_text(ffloat(1e-5, ""), "1e-05");
    assert_text(ffloat(1234.5, "n"), "1234.5");
    assert_text(ffloat(-1.5, "^9.2f"), "  -1.50  ");
    assert_error(ffloat(1.5, "d"), vm->exc_ValueError, "Unknown format code 'd' for object of type 'float'");
    assert_error(ffloat(1.5, "xx"), vm->exc_ValueError, "Invalid format specifier 'xx' for object of type 'float'");
    assert_error(ffloat(1.5, ",n"), vm->exc_ValueError, "Cannot specify ',' with 'n'.");
}

static void test_str_specs(void **state) {
    (void)state;
    assert_text(fstr("abc", ""), "abc");
    assert_text(fstr("abc", "5"), "abc  ");
    assert_text(fstr("abc", ">5"), "  abc");
    assert_text(fstr("abc", "*^7"), "**abc**");
    assert_text(fstr("abcdef", ".3"), "abc");
    assert_text(fstr("h\xc3\xa9llo", "\xc3\xa9<7.2"), "h\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    assert_error(fstr("s", "+"), vm->exc_ValueError, "Sign not allowed in string format specifier");
    assert_error(fstr("s", " "), vm->exc_ValueError, "Space not allowed in string format specifier");
    assert_error(fstr("s", "#"), vm->exc_ValueError, "Alternate form (#) not allowed in string format specifier");
    assert_error(fstr("s", "="), vm->exc_ValueError, "'=' alignment not allowed in string format specifier");
    assert_error(fstr("s", ","), vm->exc_ValueError, "Cannot specify ',' with 's'.");
    assert_error(fstr("s", "d"), vm->exc_ValueError, "Unknown format code 'd' for object of type 'str'");
}

static Value pct(const char *fmt, Value args) { return format_percent(vm, S(fmt), args); }

static Value tup(int n, ...) {
    va_list ap;
    va_start(ap, n);
    ObjTuple *t = tuple_new(vm, n);
    for (int i = 0; i < n; i++) t->items[i] = va_arg(ap, Value);
    va_end(ap);
    return MAKE_OBJ(t);
}

static void test_percent(void **state) {
    (void)state;
    assert_text(pct("%d %i %s", tup(3, MAKE_INT(42), MAKE_INT(7), MAKE_OBJ(S("str")))), "42 7 str");
    assert_text(pct("%5d|%-5d|%05d|%+d", tup(4, MAKE_INT(42), MAKE_INT(42), MAKE_INT(42), MAKE_INT(42))),
                "   42|42   |00042|+42");
    assert_text(pct("%f %.2f %10.3f", tup(3, MAKE_FLOAT(3.14159), MAKE_FLOAT(3.14159), MAKE_FLOAT(3.14159))),
                "3.141590 3.14      3.142");
    assert_text(pct("%x %X %o %#x %#o", tup(5, MAKE_INT(255), MAKE_INT(255), MAKE_INT(8), MAKE_INT(255), MAKE_INT(8))),
                "ff FF 10 0xff 0o10");
    assert_text(pct("%#08x|%-05d|% 08.2f", tup(3, MAKE_INT(255), MAKE_INT(-3), MAKE_FLOAT(-1.5))),
                "0x0000ff|-3   |-0001.50");
    assert_text(pct("%c%c", tup(2, MAKE_INT(72), MAKE_OBJ(S("i")))), "Hi");
    assert_text(pct("100%% sure", tup(0)), "100% sure");
    assert_text(pct("%*d|%.*f", tup(4, MAKE_INT(5), MAKE_INT(1), MAKE_INT(2), MAKE_FLOAT(1.2345))), "    1|1.23");
    assert_text(pct("%s", MAKE_INT(5)), "5");
    assert_text(pct("%.3s|%5s|", tup(2, MAKE_OBJ(S("abcdef")), MAKE_OBJ(S("ab")))), "abc|   ab|");
    assert_text(pct("%d", MAKE_FLOAT(3.99)), "3");
    assert_text(pct("%e", MAKE_FLOAT(12345.678)), "1.234568e+04");
    ObjDict *d = dict_new(vm);
    dict_set(vm, d, MAKE_OBJ(S("name")), MAKE_OBJ(S("Bo")));
    dict_set(vm, d, MAKE_OBJ(S("age")), MAKE_INT(3));
    assert_text(pct("%(name)s is %(age)d", MAKE_OBJ(d)), "Bo is 3");

    assert_error(pct("%d %d", tup(1, MAKE_INT(1))), vm->exc_TypeError, "not enough arguments for format string");
    assert_error(pct("%s", tup(2, MAKE_INT(1), MAKE_INT(2))), vm->exc_TypeError,
                 "not all arguments converted during string formatting");
    assert_error(pct("%d", MAKE_OBJ(S("x"))), vm->exc_TypeError, "%d format: a real number is required, not str");
    assert_error(pct("%x", MAKE_FLOAT(1.5)), vm->exc_TypeError, "%x format: an integer is required, not float");
    assert_error(pct("x %y", MAKE_INT(1)), vm->exc_ValueError, "unsupported format character 'y' (0x79) at index 3");
    assert_error(pct("%(a)s", MAKE_INT(1)), vm->exc_TypeError, "format requires a mapping");
    assert_error(pct("%c", MAKE_FLOAT(1.5)), vm->exc_TypeError, "%c requires int or char");
    assert_error(pct("%", MAKE_INT(1)), vm->exc_ValueError, "incomplete format");
    assert_error(pct("%(a", MAKE_OBJ(d)), vm->exc_ValueError, "incomplete format key");
}

static Value fm(const char *fmt, Value *args, int nargs, ObjTuple *kw) {
    return format_str_method(vm, S(fmt), args, nargs, kw);
}

static void test_str_format(void **state) {
    (void)state;
    Value a[4] = {MAKE_INT(1), MAKE_OBJ(S("two")), MAKE_FLOAT(3.5), MAKE_INT(10)};
    assert_text(fm("{} {} {}", a, 3, NULL), "1 two 3.5");
    assert_text(fm("{2} {0} {1}", a, 3, NULL), "3.5 1 two");
    assert_text(fm("{{}} {0!r} {1!r}", a, 2, NULL), "{} 1 'two'");
    assert_text(fm("{0:>{1}}|", (Value[]){MAKE_OBJ(S("x")), MAKE_INT(4)}, 2, NULL), "   x|");
    assert_text(fm("{:{}.{}f}", (Value[]){MAKE_FLOAT(3.14159), MAKE_INT(8), MAKE_INT(2)}, 3, NULL), "    3.14");
    ObjTuple *kw = tuple_new(vm, 1);
    kw->items[0] = MAKE_OBJ(str_intern_cstr(vm, "name"));
    Value ka[2] = {MAKE_INT(5), MAKE_OBJ(S("Bo"))};
    assert_text(fm("{name}-{0:03d}", ka, 1, kw), "Bo-005");
    ObjList *l = list_new(vm, 2);
    l->items[0] = MAKE_INT(7);
    l->items[1] = MAKE_INT(8);
    Value la[1] = {MAKE_OBJ(l)};
    assert_text(fm("{0[1]}{0[0]}", la, 1, NULL), "87");

    assert_error(fm("}", a, 0, NULL), vm->exc_ValueError, "Single '}' encountered in format string");
    assert_error(fm("{", a, 0, NULL), vm->exc_ValueError, "Single '{' encountered in format string");
    assert_error(fm("{} {1}", a, 2, NULL), vm->exc_ValueError,
                 "cannot switch from automatic field numbering to manual field specification");
    assert_error(fm("{1} {}", a, 2, NULL), vm->exc_ValueError,
                 "cannot switch from manual field specification to automatic field numbering");
    assert_error(fm("{1}", a, 1, NULL), vm->exc_IndexError,
                 "Replacement index 1 out of range for positional args tuple");
    assert_error(fm("{missing}", a, 1, NULL), vm->exc_KeyError, "'missing'");
    assert_error(fm("{0!x}", a, 1, NULL), vm->exc_ValueError, "Unknown conversion specifier x");
    assert_error(fm("{0:{1:{2}}}", a, 3, NULL), vm->exc_ValueError, "Max string recursion exceeded");
}

static void test_bytes(void **state) {
    (void)state;
    ObjBytes *b = bytes_new(vm, (const uint8_t *)"a'b\x00\xff\t\n\r\\", 9);
    assert_int_equal(b->len, 9);
    assert_text(bytes_repr(vm, b), "b\"a'b\\x00\\xff\\t\\n\\r\\\\\"");
    assert_text(bytes_repr(vm, bytes_new(vm, (const uint8_t *)"q\"'", 3)), "b'q\"\\''");
    assert_text(bytes_repr(vm, bytes_new(vm, NULL, 0)), "b''");
    Value h1, h2;
    Value r1 = vm_call_method(vm, MAKE_OBJ(bytes_new(vm, (const uint8_t *)"xyz", 3)), vm->s___hash__, NULL, 0);
    Value r2 = vm_call_method(vm, MAKE_OBJ(bytes_new(vm, (const uint8_t *)"xyz", 3)), vm->s___hash__, NULL, 0);
    h1 = r1;
    h2 = r2;
    assert_false(IS_NULL(h1));
    assert_true(val_is(h1, h2));
    Value arg = MAKE_OBJ(S("ab"));
    Value err = vm_call(vm, MAKE_OBJ(vm->t_bytes), &arg, 1, NULL);
    assert_error(err, vm->exc_TypeError, "string argument without an encoding");
    ObjList *l = list_new(vm, 2);
    l->items[0] = MAKE_INT(65);
    l->items[1] = MAKE_INT(256);
    arg = MAKE_OBJ(l);
    assert_error(vm_call(vm, MAKE_OBJ(vm->t_bytes), &arg, 1, NULL), vm->exc_ValueError,
                 "bytes must be in range(0, 256)");
    l->items[1] = MAKE_INT(66);
    Value ok = vm_call(vm, MAKE_OBJ(vm->t_bytes), &arg, 1, NULL);
    assert_true(IS_BYTES(ok));
    assert_text(bytes_repr(vm, AS_BYTES(ok)), "b'AB'");
    Value hx = vm_call_method(vm, ok, str_intern_cstr(vm, "hex"), NULL, 0);
    assert_text(hx, "4142");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_specs),  cmocka_unit_test(test_int_errors), cmocka_unit_test(test_float_specs),
        cmocka_unit_test(test_str_specs),  cmocka_unit_test(test_percent),    cmocka_unit_test(test_str_format),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
