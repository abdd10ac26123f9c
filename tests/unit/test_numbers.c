/* test_numbers.c: int/bigint arithmetic, float repr and hashing, and the
 * random module's Mersenne Twister, checked against values printed by
 * CPython 3.11. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "float.h"
#include "int.h"
#include "random.h"
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

static Value big(const char *s) {
    Value v = int_from_string(vm, s, 10);
    assert_false(IS_NULL(v));
    return v;
}

static void assert_int_text(Value v, const char *want) {
    assert_false(IS_NULL(v));
    assert_true(int_check(v));
    char *s = int_to_cstr(vm, v, 10, NULL);
    assert_string_equal(s, want);
    free(s);
}

static void assert_float_text(Value v, const char *want) {
    assert_false(IS_NULL(v));
    assert_true(IS_FLOAT(v));
    char buf[64];
    float_repr_cstr(AS_FLOAT(v), buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void assert_raised(ObjType *type) {
    assert_true(vm_has_exc(vm));
    assert_true(vm_exc_matches(vm, type));
    vm_clear_exc(vm);
}

static void test_bigint_arith(void **state) {
    (void)state;
    Value a = int_pow(vm, MAKE_INT(3), MAKE_INT(200));
    Value b = int_pow(vm, MAKE_INT(7), MAKE_INT(150));
    Value c = int_lshift(vm, MAKE_INT(1), MAKE_INT(500));
    Value r = int_sub(vm, int_mul(vm, a, b), c);
    assert_int_text(r, "1545101257814748811286727736572536270706483327297185697793885263277354856379315696230377614"
                       "213757913986989136045957517541097978707906552089851734653433724148830666594647696883853566"
                       "838054274751241867921330035060930434557873");
    Value d = int_pow(vm, MAKE_INT(7), MAKE_INT(50));
    assert_int_text(int_floordiv(vm, a, d), "147689269781346654697366079240021362541982658661987020");
    assert_int_text(int_mod(vm, a, int_neg(vm, d)), "-755410807900735363553565675570880206995228");
    assert_int_text(int_floordiv(vm, int_neg(vm, a), d), "-147689269781346654697366079240021362541982658661987021");
}

static void test_normalisation(void **state) {
    (void)state;
    Value max = MAKE_INT(INT64_MAX);
    Value over = int_add(vm, max, MAKE_INT(1));
    assert_true(IS_BIGINT(over));
    assert_int_text(over, "9223372036854775808");
    Value back = int_sub(vm, over, MAKE_INT(1));
    assert_true(IS_INT(back));
    assert_int_equal(AS_INT(back), INT64_MAX);
    Value min = MAKE_INT(INT64_MIN);
    assert_true(IS_BIGINT(int_neg(vm, min)));
    assert_true(IS_BIGINT(int_floordiv(vm, min, MAKE_INT(-1))));
    assert_int_equal(AS_INT(int_mod(vm, min, MAKE_INT(-1))), 0);
    assert_int_equal(int_compare(over, max), 1);
    Value neg = int_neg(vm, over); /* -2**63 fits again */
    assert_true(IS_INT(neg) && AS_INT(neg) == INT64_MIN);
    assert_int_equal(int_compare(int_sub(vm, min, MAKE_INT(1)), min), -1);
}

static void test_int_errors(void **state) {
    (void)state;
    assert_true(IS_NULL(int_floordiv(vm, MAKE_INT(1), MAKE_INT(0))));
    assert_raised(vm->exc_ZeroDivisionError);
    assert_true(IS_NULL(int_lshift(vm, MAKE_INT(1), MAKE_INT(-1))));
    assert_raised(vm->exc_ValueError);
    assert_true(IS_NULL(int_pow_mod(vm, MAKE_INT(2), MAKE_INT(-1), MAKE_INT(4))));
    assert_raised(vm->exc_ValueError);
    assert_int_equal(AS_INT(int_pow_mod(vm, MAKE_INT(3), MAKE_INT(-1), MAKE_INT(7))), 5);
    assert_true(IS_NULL(int_from_string(vm, "12x", 10)));
    assert_raised(vm->exc_ValueError);
}

static void test_parse(void **state) {
    (void)state;
    assert_int_text(big("-123456789012345678901234567890"), "-123456789012345678901234567890");
    assert_int_text(int_from_string(vm, "1_000_000", 10), "1000000");
    assert_int_text(int_from_string(vm, "ff", 16), "255");
    assert_int_text(int_from_string(vm, "0x_1f", 0), "31");
    char *s = int_to_cstr(vm, big("-255"), 16, NULL);
    assert_string_equal(s, "-ff");
    free(s);
}

static void test_truediv(void **state) {
    (void)state;
    assert_float_text(int_truediv(vm, int_pow(vm, MAKE_INT(10), MAKE_INT(30)), MAKE_INT(3)), "3.333333333333333e+29");
    Value p999 = int_lshift(vm, MAKE_INT(1), MAKE_INT(999));
    Value p1000 = int_add(vm, int_lshift(vm, MAKE_INT(1), MAKE_INT(1000)), MAKE_INT(1));
    assert_float_text(int_truediv(vm, p1000, p999), "2.0");
    assert_float_text(int_truediv(vm, MAKE_INT(1), MAKE_INT(3)), "0.3333333333333333");
    assert_float_text(int_truediv(vm, MAKE_INT(0), MAKE_INT(-5)), "-0.0");
    Value huge = int_pow(vm, MAKE_INT(10), MAKE_INT(400));
    assert_true(IS_NULL(int_truediv(vm, huge, MAKE_INT(3))));
    assert_raised(vm->exc_OverflowError);
}

static void test_int_double(void **state) {
    (void)state;
    double d;
    assert_false(int_to_double(vm, int_lshift(vm, MAKE_INT(1), MAKE_INT(1024)), &d));
    assert_raised(vm->exc_OverflowError);
    Value p1024 = int_lshift(vm, MAKE_INT(1), MAKE_INT(1024));
    Value half = int_sub(vm, p1024, int_lshift(vm, MAKE_INT(1), MAKE_INT(970)));
    assert_false(int_to_double(vm, half, &d)); /* halfway to 2**1024: ties to even, overflows */
    assert_raised(vm->exc_OverflowError);
    Value max = int_sub(vm, p1024, int_lshift(vm, MAKE_INT(1), MAKE_INT(971)));
    assert_true(int_to_double(vm, max, &d));
    assert_true(d == 1.7976931348623157e308);
    assert_true(int_to_double(vm, big("9007199254740993"), &d)); /* 2**53 + 1: ties to even */
    assert_true(d == 9007199254740992.0);
    assert_int_text(int_from_double(vm, 1e20), "100000000000000000000");
    assert_true(IS_NULL(int_from_double(vm, NAN)));
    assert_raised(vm->exc_ValueError);
}

static void test_float_repr(void **state) {
    (void)state;
    static const struct {
        double d;
        const char *s;
    } cases[] = {
        {0.1, "0.1"},
        {1e16, "1e+16"},
        {1e15, "1000000000000000.0"},
        {1e-5, "1e-05"},
        {0.0001, "0.0001"},
        {123456789012345680.0, "1.2345678901234568e+17"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {-0.0, "-0.0"},
        {0.0, "0.0"},
        {2.0 / 3.0, "0.6666666666666666"},
        {1e22, "1e+22"},
        {1e23, "1e+23"},
        {-1.5, "-1.5"},
        {100.0, "100.0"},
        {9007199254740993.0, "9007199254740992.0"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float_repr_cstr(cases[i].d, buf, sizeof buf);
        assert_string_equal(buf, cases[i].s);
    }
    float_repr_cstr(INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "inf");
    float_repr_cstr(-INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "-inf");
    float_repr_cstr(NAN, buf, sizeof buf);
    assert_string_equal(buf, "nan");
}

static void test_hashes(void **state) {
    (void)state;
    assert_int_equal((int64_t)int_hash_small(-1), -2);
    assert_int_equal((int64_t)int_hash_small(((int64_t)1 << 61) - 1), 0);
    assert_int_equal((int64_t)int_hash_small(INT64_MAX), 3);
    assert_int_equal((int64_t)int_hash_small(INT64_MIN), -4);
    assert_int_equal((int64_t)int_hash(int_lshift(vm, MAKE_INT(1), MAKE_INT(64))), 8);
    assert_int_equal((int64_t)int_hash(int_add(vm, int_neg(vm, int_lshift(vm, MAKE_INT(1), MAKE_INT(64))), MAKE_INT(5))), -3);
    assert_int_equal((int64_t)float_hash(0.5), 1152921504606846976LL);
    assert_int_equal((int64_t)float_hash(-0.5), -1152921504606846976LL);
    assert_int_equal((int64_t)float_hash(1e300), 1224995262755759164LL);
    assert_int_equal((int64_t)float_hash(INFINITY), 314159);
    assert_int_equal(float_hash(2.0), int_hash_small(2));
    assert_int_equal(float_hash(-1.0), int_hash_small(-1));
}

static void test_float_ops(void **state) {
    (void)state;
    assert_float_text(float_binary_op(vm, BINOP_FLOORDIV, MAKE_FLOAT(7.5), MAKE_INT(-2)), "-4.0");
    assert_float_text(float_binary_op(vm, BINOP_MOD, MAKE_FLOAT(-7.5), MAKE_INT(2)), "0.5");
    assert_true(IS_NULL(float_binary_op(vm, BINOP_TRUEDIV, MAKE_FLOAT(1.0), MAKE_INT(0))));
    assert_raised(vm->exc_ZeroDivisionError);
    assert_true(IS_NULL(float_pow(vm, 0.0, -1.0)));
    assert_raised(vm->exc_ZeroDivisionError);
    Value r = float_richcompare(vm, MAKE_FLOAT(9007199254740992.0), big("9007199254740993"), CMP_LT);
    assert_true(IS_BOOL(r) && AS_BOOL(r));
    assert_int_text(float_round(vm, 2.5, VAL_NULL), "2");
    assert_float_text(float_round(vm, 2.675, MAKE_INT(2)), "2.67");
    assert_float_text(float_round(vm, 25.0, MAKE_INT(-1)), "20.0");
}

static void test_mersenne_twister(void **state) {
    (void)state;
    uint32_t out[5];
    static const uint32_t want42[5] = {2746317213u, 478163327u, 107420369u, 3184935163u, 1181241943u};
    random_test_mt(vm, MAKE_INT(42), out, 5);
    assert_memory_equal(out, want42, sizeof want42);
    static const uint32_t want0[5] = {3626764237u, 1654615998u, 3255389356u, 3823568514u, 1806341205u};
    random_test_mt(vm, MAKE_INT(0), out, 5);
    assert_memory_equal(out, want0, sizeof want0);
    static const uint32_t want_big[5] = {3258412053u, 345648520u, 969030735u, 352340553u, 4209360913u};
    random_test_mt(vm, int_lshift(vm, MAKE_INT(1), MAKE_INT(100)), out, 5);
    assert_memory_equal(out, want_big, sizeof want_big);
    static const uint32_t want_neg[5] = {1390851128u, 4071050724u, 647892279u, 1695753998u, 2795742288u};
    random_test_mt(vm, MAKE_INT(-7), out, 5);
    assert_memory_equal(out, want_neg, sizeof want_neg);
    static const uint32_t want_str[3] = {1519453933u, 3618488475u, 2848416207u};
    random_test_mt(vm, MAKE_OBJ(str_from_cstr(vm, "hello")), out, 3);
    assert_memory_equal(out, want_str, sizeof want_str);
}

static void test_sha512(void **state) {
    (void)state;
    uint8_t d[64];
    char hex[129];
    random_sha512((const uint8_t *)"abc", 3, d);
    for (int i = 0; i < 64; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_string_equal(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                             "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    uint8_t a200[200];
    memset(a200, 'a', sizeof a200);
    random_sha512(a200, sizeof a200, d);
    for (int i = 0; i < 64; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_string_equal(hex, "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789"
                             "f31e7668394592da7bef827cddca88c4e6f86e4df7ed1ae6cba71f3e98faee9f");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bigint_arith), cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_int_errors),   cmocka_unit_test(test_parse),
        cmocka_unit_test(test_truediv),      cmocka_unit_test(test_int_double),
        cmocka_unit_test(test_float_repr),   cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_float_ops),    cmocka_unit_test(test_mersenne_twister),
        cmocka_unit_test(test_sha512),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
