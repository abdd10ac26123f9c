/* test_list.c: list growth and editing, the stable sort (keys, reverse,
 * errors, mutation during the sort), slice normalisation, tuple hashing and
 * range objects, checked against values printed by CPython 3.11. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "list.h"
#include "slice.h"
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

static void assert_raised(ObjType *type) {
    assert_true(vm_has_exc(vm));
    assert_true(vm_exc_matches(vm, type));
    vm_clear_exc(vm);
}

static ObjList *ints(const int64_t *v, int n) {
    ObjList *l = list_new(vm, 0);
    for (int i = 0; i < n; i++) assert_true(list_append(vm, l, MAKE_INT(v[i])));
    return l;
}

static void assert_ints(ObjList *l, const int64_t *want, int n) {
    assert_int_equal(l->len, n);
    for (int i = 0; i < n; i++) {
        assert_true(IS_INT(l->items[i]));
        assert_int_equal(AS_INT(l->items[i]), want[i]);
    }
}

static const char *repr_of(Value v) {
    Value r = vm_repr(vm, v);
    assert_false(IS_NULL(r));
    return AS_STR(r)->data;
}

static void test_append_insert_extend(void **state) {
    (void)state;
    ObjList *l = list_new(vm, 0);
    for (int64_t i = 0; i < 1000; i++) assert_true(list_append(vm, l, MAKE_INT(i)));
    assert_int_equal(l->len, 1000);
    assert_true(l->cap >= 1000);
    for (int64_t i = 0; i < 1000; i++) assert_int_equal(AS_INT(l->items[i]), i);

    ObjList *m = list_new(vm, 3);
    assert_int_equal(m->len, 3);
    assert_true(IS_NONE(m->items[2]));
    static const int64_t base[] = {1, 2, 3};
    m = ints(base, 3);
    assert_true(list_insert(vm, m, 0, MAKE_INT(0)));
    assert_true(list_insert(vm, m, -1, MAKE_INT(9)));
    assert_true(list_insert(vm, m, 100, MAKE_INT(7)));
    assert_true(list_insert(vm, m, -100, MAKE_INT(-1)));
    static const int64_t want[] = {-1, 0, 1, 2, 9, 3, 7};
    assert_ints(m, want, 7);

    /* extend with itself doubles it */
    ObjList *d = ints(base, 3);
    assert_true(list_extend(vm, d, MAKE_OBJ(d)));
    static const int64_t dd[] = {1, 2, 3, 1, 2, 3};
    assert_ints(d, dd, 6);
    Value tv[2] = {MAKE_INT(4), MAKE_INT(5)};
    assert_true(list_extend(vm, d, MAKE_OBJ(tuple_from(vm, tv, 2))));
    assert_int_equal(d->len, 8);
    assert_int_equal(AS_INT(d->items[7]), 5);

    ObjTuple *t = list_to_tuple(vm, d);
    assert_int_equal(t->len, 8);
    assert_ptr_equal(tuple_from_iterable(vm, MAKE_OBJ(t)), t);
    assert_string_equal(repr_of(MAKE_OBJ(t)), "(1, 2, 3, 1, 2, 3, 4, 5)");
    assert_string_equal(repr_of(MAKE_OBJ(d)), "[1, 2, 3, 1, 2, 3, 4, 5]");
    assert_string_equal(AS_STR(list_repr(vm, list_new(vm, 0)))->data, "[]");
}

static void test_empty_tuple(void **state) {
    (void)state;
    ObjTuple *e = tuple_new(vm, 0);
    assert_ptr_equal(e, vm->empty_tuple);
    assert_ptr_equal(tuple_from(vm, NULL, 0), e);
    assert_string_equal(repr_of(MAKE_OBJ(e)), "()");
    Value one = MAKE_INT(1);
    assert_string_equal(repr_of(MAKE_OBJ(tuple_from(vm, &one, 1))), "(1,)");
    ObjTuple *t = tuple_new(vm, 2);
    assert_true(IS_NONE(t->items[0]) && IS_NONE(t->items[1]));
}

static void test_sort_ints(void **state) {
    (void)state;
    /* a permutation with runs, descents and duplicates, long enough for merges */
    enum { N = 2000 };
    ObjList *l = list_new(vm, 0);
    uint64_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t v = (int64_t)(x >> 40) % 500;
        if (i % 300 < 50) v = i;          /* ascending run */
        else if (i % 300 < 100) v = N - i; /* descending run */
        list_append(vm, l, MAKE_INT(v));
    }
    assert_true(list_sort(vm, l, VAL_NULL, false));
    for (int i = 1; i < N; i++) assert_true(AS_INT(l->items[i - 1]) <= AS_INT(l->items[i]));
    assert_true(list_sort(vm, l, VAL_NULL, true));
    for (int i = 1; i < N; i++) assert_true(AS_INT(l->items[i - 1]) >= AS_INT(l->items[i]));

    /* floats and strs */
    ObjList *f = list_new(vm, 0);
    double fv[] = {3.5, -1.0, 2.25, 0.0, 1e10, -7.5};
    for (int i = 0; i < 6; i++) list_append(vm, f, MAKE_FLOAT(fv[i]));
    assert_true(list_sort(vm, f, VAL_NULL, false));
    assert_string_equal(repr_of(MAKE_OBJ(f)), "[-7.5, -1.0, 0.0, 2.25, 3.5, 10000000000.0]");
    ObjList *s = list_new(vm, 0);
    const char *words[] = {"pear", "apple", "Banana", "fig", "apple"};
    for (int i = 0; i < 5; i++) list_append(vm, s, MAKE_OBJ(str_from_cstr(vm, words[i])));
    assert_true(list_sort(vm, s, VAL_NULL, false));
    assert_string_equal(repr_of(MAKE_OBJ(s)), "['Banana', 'apple', 'apple', 'fig', 'pear']");
}

/* key=lambda v: v // 10 */
static Value key_div10(VM *v, Value *args, int nargs, ObjTuple *kw) {
    (void)v;
    (void)kw;
    (void)nargs;
    int64_t i = AS_INT(args[0]);
    return MAKE_INT(i >= 0 ? i / 10 : -((-i + 9) / 10));
}

static void test_sort_key_stable(void **state) {
    (void)state;
    static const int64_t in[] = {35, 12, 31, 17, 10, 38, 14, 33, 11, 36};
    Value key = MAKE_OBJ(native_new(vm, "key", key_div10, 0));
    ObjList *l = ints(in, 10);
    assert_true(list_sort(vm, l, key, false));
    static const int64_t want[] = {12, 17, 10, 14, 11, 35, 31, 38, 33, 36};
    assert_ints(l, want, 10);
    l = ints(in, 10);
    assert_true(list_sort(vm, l, key, true));
    /* reverse keeps equal keys in their original order, like CPython */
    static const int64_t wantr[] = {35, 31, 38, 33, 36, 12, 17, 10, 14, 11};
    assert_ints(l, wantr, 10);

    /* a long list with few distinct keys stays stable through merges */
    ObjList *big = list_new(vm, 0);
    for (int64_t i = 0; i < 3000; i++) list_append(vm, big, MAKE_INT((i * 7919) % 3000));
    assert_true(list_sort(vm, big, key, false));
    for (int64_t i = 1; i < 3000; i++) {
        int64_t a = AS_INT(big->items[i - 1]), b = AS_INT(big->items[i]);
        assert_true(a / 10 <= b / 10);
    }
}

static void test_sort_errors(void **state) {
    (void)state;
    ObjList *l = list_new(vm, 0);
    list_append(vm, l, MAKE_INT(1));
    list_append(vm, l, MAKE_OBJ(str_from_cstr(vm, "a")));
    list_append(vm, l, MAKE_INT(2));
    assert_false(list_sort(vm, l, VAL_NULL, false));
    assert_raised(vm->exc_TypeError);
    /* every item is still there */
    assert_int_equal(l->len, 3);
    assert_int_equal(l->cap >= 3, 1);
}

static ObjList *mutated;
static Value key_mutates(VM *v, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    (void)nargs;
    list_append(v, mutated, MAKE_INT(99));
    return args[0];
}

static void test_sort_mutation(void **state) {
    (void)state;
    static const int64_t in[] = {3, 1, 2};
    mutated = ints(in, 3);
    Value key = MAKE_OBJ(native_new(vm, "key", key_mutates, 0));
    assert_false(list_sort(vm, mutated, key, false));
    assert_raised(vm->exc_ValueError);
    static const int64_t want[] = {1, 2, 3};
    assert_ints(mutated, want, 3);
    mutated = NULL;
}

static void check_slice(Value start, Value stop, Value step, int64_t len, int64_t ws, int64_t we, int64_t wst,
                        int64_t wn) {
    ObjSlice *s = slice_new(vm, start, stop, step);
    int64_t a, b, c, n;
    assert_true(slice_indices(vm, s, len, &a, &b, &c, &n));
    assert_int_equal(a, ws);
    assert_int_equal(b, we);
    assert_int_equal(c, wst);
    assert_int_equal(n, wn);
}

static void test_slice_indices(void **state) {
    (void)state;
    Value N = VAL_NONE;
    check_slice(N, N, N, 10, 0, 10, 1, 10);
    check_slice(N, N, MAKE_INT(-1), 5, 4, -1, -1, 5);
    check_slice(MAKE_INT(-100), MAKE_INT(100), N, 5, 0, 5, 1, 5);
    check_slice(MAKE_INT(1), MAKE_INT(2), MAKE_INT(3), 10, 1, 2, 3, 1);
    check_slice(MAKE_INT(8), MAKE_INT(1), MAKE_INT(-3), 10, 8, 1, -3, 3);
    check_slice(MAKE_INT(-1), N, MAKE_INT(-2), 6, 5, -1, -2, 3);
    check_slice(MAKE_INT(5), MAKE_INT(2), N, 10, 5, 2, 1, 0);
    check_slice(N, N, MAKE_INT(2), 0, 0, 0, 2, 0);
    check_slice(MAKE_BOOL(true), N, N, 3, 1, 3, 1, 2);
    Value big = int_from_string(vm, "100000000000000000000000", 10);
    check_slice(MAKE_INT(0), big, N, 4, 0, 4, 1, 4);

    ObjSlice *z = slice_new(vm, N, N, MAKE_INT(0));
    int64_t a, b, c, n;
    assert_false(slice_indices(vm, z, 3, &a, &b, &c, &n));
    assert_raised(vm->exc_ValueError);
    ObjSlice *bad = slice_new(vm, MAKE_FLOAT(1.0), N, N);
    assert_false(slice_indices(vm, bad, 3, &a, &b, &c, &n));
    assert_raised(vm->exc_TypeError);
    assert_string_equal(repr_of(MAKE_OBJ(slice_new(vm, MAKE_INT(1), MAKE_INT(2), N))), "slice(1, 2, None)");
}

static void test_tuple_hash(void **state) {
    (void)state;
    uint64_t h;
    Value two[2] = {MAKE_INT(1), MAKE_INT(2)};
    assert_true(vm_hash(vm, MAKE_OBJ(tuple_from(vm, two, 2)), &h));
    assert_int_equal((int64_t)h, -3550055125485641917LL);
    assert_true(vm_hash(vm, MAKE_OBJ(tuple_new(vm, 0)), &h));
    assert_int_equal((int64_t)h, 5740354900026072187LL);
    Value one = MAKE_INT(1);
    assert_true(vm_hash(vm, MAKE_OBJ(tuple_from(vm, &one, 1)), &h));
    assert_int_equal((int64_t)h, -6644214454873602895LL);
    Value mixed[2] = {MAKE_FLOAT(1.5), MAKE_INT(-1)};
    assert_true(vm_hash(vm, MAKE_OBJ(tuple_from(vm, mixed, 2)), &h));
    assert_int_equal((int64_t)h, -9002791676578425913LL);
    Value nested[2] = {MAKE_INT(1), MAKE_OBJ(list_new(vm, 0))};
    assert_false(vm_hash(vm, MAKE_OBJ(tuple_from(vm, nested, 2)), &h));
    assert_raised(vm->exc_TypeError);
}

static void test_range(void **state) {
    (void)state;
    Value args[3] = {MAKE_INT(0), MAKE_INT(10), MAKE_INT(3)};
    Value r = vm_call(vm, MAKE_OBJ(vm->t_range), args, 3, NULL);
    assert_false(IS_NULL(r));
    assert_int_equal(vm_len(vm, r), 4);
    assert_string_equal(repr_of(r), "range(0, 10, 3)");
    assert_int_equal(vm_contains(vm, r, MAKE_INT(9)), 1);
    assert_int_equal(vm_contains(vm, r, MAKE_INT(8)), 0);
    Value it = vm_getiter(vm, r);
    int64_t want[] = {0, 3, 6, 9}, got = 0;
    for (;;) {
        Value v = vm_iternext(vm, it);
        if (IS_NULL(v)) break;
        assert_int_equal(AS_INT(v), want[got++]);
    }
    assert_false(vm_has_exc(vm));
    assert_int_equal(got, 4);
    Value item = vm_getitem(vm, r, MAKE_INT(-1));
    assert_int_equal(AS_INT(item), 9);
    Value rev = vm_getitem(vm, r, MAKE_OBJ(slice_new(vm, VAL_NONE, VAL_NONE, MAKE_INT(-1))));
    assert_string_equal(repr_of(rev), "range(9, -3, -3)");
    assert_true(IS_NULL(vm_getitem(vm, r, MAKE_INT(4))));
    assert_raised(vm->exc_IndexError);
    Value zero[3] = {MAKE_INT(0), MAKE_INT(1), MAKE_INT(0)};
    assert_true(IS_NULL(vm_call(vm, MAKE_OBJ(vm->t_range), zero, 3, NULL)));
    assert_raised(vm->exc_ValueError);
    Value neg = MAKE_INT(-5);
    Value empty = vm_call(vm, MAKE_OBJ(vm->t_range), &neg, 1, NULL);
    assert_int_equal(vm_len(vm, empty), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_insert_extend), cmocka_unit_test(test_empty_tuple),
        cmocka_unit_test(test_sort_ints),            cmocka_unit_test(test_sort_key_stable),
        cmocka_unit_test(test_sort_errors),          cmocka_unit_test(test_sort_mutation),
        cmocka_unit_test(test_slice_indices),        cmocka_unit_test(test_tuple_hash),
        cmocka_unit_test(test_range),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
