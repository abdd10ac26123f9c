/* test_dict.c: the dict and set cores through their C API: insertion,
 * lookup, deletion, resizing, order after deletes, numeric key equality
 * (1 == 1.0 == True), str keys (interned and not), many keys, and set
 * iteration orders / algebra checked against CPython 3.11. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dict.h"
#include "set.h"
#include "str.h"
#include "vm.h"

uint64_t set_frozen_hash(ObjSet *so); /* set.c */

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

static Value S(const char *s) { return MAKE_OBJ(str_from_cstr(vm, s)); }

static void assert_int_value(Value v, int64_t want) {
    assert_false(IS_NULL(v));
    assert_true(IS_INT(v));
    assert_int_equal(AS_INT(v), want);
}

static void assert_set_order(ObjSet *s, const int64_t *want, int n) {
    int64_t pos = 0;
    Value k;
    int i = 0;
    while (set_next(s, &pos, &k)) {
        assert_true(i < n);
        assert_true(IS_INT(k));
        assert_int_equal(AS_INT(k), want[i]);
        i++;
    }
    assert_int_equal(i, n);
    assert_int_equal(s->len, n);
}

static ObjSet *int_set(const int64_t *items, int n) {
    ObjSet *s = set_new(vm, vm->t_set);
    for (int i = 0; i < n; i++) assert_true(set_add(vm, s, MAKE_INT(items[i])));
    return s;
}

static void test_insert_lookup_delete(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    assert_int_equal(d->len, 0);
    assert_true(IS_NULL(dict_get(vm, d, MAKE_INT(1))));
    assert_false(vm_has_exc(vm));
    assert_true(dict_set(vm, d, MAKE_INT(1), MAKE_INT(10)));
    assert_true(dict_set(vm, d, S("a"), MAKE_INT(20)));
    assert_true(dict_set(vm, d, VAL_NONE, MAKE_INT(30)));
    assert_int_equal(d->len, 3);
    assert_int_value(dict_get(vm, d, MAKE_INT(1)), 10);
    assert_int_value(dict_get(vm, d, S("a")), 20);
    assert_int_value(dict_get(vm, d, VAL_NONE), 30);
    /* replace keeps the length */
    assert_true(dict_set(vm, d, S("a"), MAKE_INT(21)));
    assert_int_equal(d->len, 3);
    assert_int_value(dict_get(vm, d, S("a")), 21);
    assert_int_equal(dict_del(vm, d, S("a")), 1);
    assert_int_equal(dict_del(vm, d, S("a")), 0);
    assert_int_equal(d->len, 2);
    assert_true(IS_NULL(dict_get(vm, d, S("a"))));
    assert_false(vm_has_exc(vm));
    dict_clear(vm, d);
    assert_int_equal(d->len, 0);
    assert_true(IS_NULL(dict_get(vm, d, MAKE_INT(1))));
    assert_true(dict_set(vm, d, MAKE_INT(5), MAKE_INT(6)));
    assert_int_value(dict_get(vm, d, MAKE_INT(5)), 6);
}

static void test_numeric_keys(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    assert_true(dict_set(vm, d, MAKE_INT(1), S("int")));
    assert_true(dict_set(vm, d, MAKE_FLOAT(1.0), S("float")));
    assert_true(dict_set(vm, d, VAL_TRUE, S("bool")));
    assert_int_equal(d->len, 1);
    int64_t pos = 0;
    Value k, v;
    assert_true(dict_next(d, &pos, &k, &v));
    assert_true(IS_INT(k)); /* the first key object stays */
    assert_string_equal(AS_STR(v)->data, "bool");
    assert_false(dict_next(d, &pos, &k, &v));
    /* 0 == 0.0 == -0.0 == False */
    assert_true(dict_set(vm, d, MAKE_FLOAT(-0.0), MAKE_INT(0)));
    assert_int_value(dict_get(vm, d, MAKE_INT(0)), 0);
    assert_int_value(dict_get(vm, d, VAL_FALSE), 0);
    assert_int_equal(d->len, 2);
    /* 0.5 is not an int key; 2**53 + 1 is not 2.0**53 */
    assert_true(dict_set(vm, d, MAKE_FLOAT(0.5), MAKE_INT(7)));
    assert_true(IS_NULL(dict_get(vm, d, MAKE_INT(0))) == false);
    assert_int_value(dict_get(vm, d, MAKE_FLOAT(0.5)), 7);
    assert_true(dict_set(vm, d, MAKE_FLOAT(9007199254740992.0), MAKE_INT(1)));
    assert_true(IS_NULL(dict_get(vm, d, MAKE_INT(9007199254740993LL))));
    assert_int_value(dict_get(vm, d, MAKE_INT(9007199254740992LL)), 1);
    assert_false(vm_has_exc(vm));
}

static void test_str_keys(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    ObjStr *name = str_intern_cstr(vm, "spam");
    dict_set_str(vm, d, name, MAKE_INT(1));
    /* a non-interned equal str finds it, both ways */
    Value other = S("spam");
    assert_ptr_not_equal(AS_OBJ(other), (Obj *)name);
    assert_int_value(dict_get(vm, d, other), 1);
    assert_true(dict_set(vm, d, other, MAKE_INT(2)));
    assert_int_equal(d->len, 1);
    assert_int_value(dict_get_str(vm, d, name), 2);
    ObjDict *e = dict_new(vm);
    assert_true(dict_set(vm, e, S("eggs"), MAKE_INT(3)));
    assert_int_value(dict_get_str(vm, e, str_intern_cstr(vm, "eggs")), 3);
    assert_true(IS_NULL(dict_get_str(vm, e, str_intern_cstr(vm, "ham"))));
    /* non-str keys with *_str */
    assert_true(dict_set(vm, e, MAKE_INT(1), MAKE_INT(4)));
    dict_set_str(vm, e, str_intern_cstr(vm, "ham"), MAKE_INT(5));
    assert_int_equal(e->len, 3);
    assert_int_value(dict_get(vm, e, S("ham")), 5);
    /* unicode key */
    assert_true(dict_set(vm, e, S("h\xc3\xa9llo"), MAKE_INT(6)));
    assert_int_value(dict_get(vm, e, S("h\xc3\xa9llo")), 6);
}

static void test_order_after_deletes(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    const char *word = "python";
    for (int i = 0; word[i]; i++) {
        char k[2] = {word[i], 0};
        assert_true(dict_set(vm, d, S(k), MAKE_INT(i)));
    }
    assert_int_equal(dict_del(vm, d, S("y")), 1);
    assert_int_equal(dict_del(vm, d, S("h")), 1);
    assert_true(dict_set(vm, d, S("y"), MAKE_INT(99)));
    assert_true(dict_set(vm, d, S("p"), MAKE_INT(100))); /* in place */
    const char *want = "ptony";
    int64_t pos = 0;
    Value k, v;
    int n = 0;
    while (dict_next(d, &pos, &k, &v)) {
        assert_true(IS_STR(k));
        assert_int_equal(AS_STR(k)->data[0], want[n]);
        n++;
    }
    assert_int_equal(n, 5);
    ObjList *keys = dict_keys_list(vm, d);
    assert_int_equal(keys->len, 5);
    assert_string_equal(AS_STR(keys->items[4])->data, "y");
    ObjDict *c = dict_copy(vm, d);
    assert_int_equal(c->len, 5);
    pos = 0;
    n = 0;
    while (dict_next(c, &pos, &k, &v)) assert_int_equal(AS_STR(k)->data[0], want[n++]);
    assert_int_value(dict_get(vm, c, S("p")), 100);
}

static void test_resize_many_keys(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    const int N = 20000;
    for (int i = 0; i < N; i++) assert_true(dict_set(vm, d, MAKE_INT(i * 7), MAKE_INT(i)));
    assert_int_equal(d->len, N);
    assert_true(d->index_size >= d->cap);
    assert_true(d->cap * 3 <= d->index_size * 2);
    for (int i = 0; i < N; i++) assert_int_value(dict_get(vm, d, MAKE_INT(i * 7)), i);
    /* delete the odd ones, then insert new keys: order = survivors then new */
    for (int i = 1; i < N; i += 2) assert_int_equal(dict_del(vm, d, MAKE_INT(i * 7)), 1);
    assert_int_equal(d->len, N / 2);
    for (int i = 0; i < N; i++) assert_true(dict_set(vm, d, MAKE_INT(-1 - i), MAKE_INT(i)));
    int64_t pos = 0;
    Value k, v;
    int n = 0;
    while (dict_next(d, &pos, &k, &v)) {
        if (n < N / 2) assert_int_equal(AS_INT(k), (int64_t)n * 2 * 7);
        else assert_int_equal(AS_INT(k), -1 - (n - N / 2));
        n++;
    }
    assert_int_equal(n, N / 2 + N);
    /* string keys */
    ObjDict *s = dict_new(vm);
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "key%d", i);
        assert_true(dict_set(vm, s, S(buf), MAKE_INT(i)));
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "key%d", i);
        assert_int_value(dict_get_str(vm, s, str_intern_cstr(vm, buf)), i);
    }
    assert_int_equal(s->len, 5000);
}

static void test_unhashable(void **state) {
    (void)state;
    ObjDict *d = dict_new(vm);
    ObjList *l = list_new(vm, 0);
    assert_false(dict_set(vm, d, MAKE_OBJ(l), MAKE_INT(1)));
    assert_true(vm_exc_matches(vm, vm->exc_TypeError));
    vm_clear_exc(vm);
    assert_true(IS_NULL(dict_get(vm, d, MAKE_OBJ(dict_new(vm)))));
    assert_true(vm_has_exc(vm));
    vm_clear_exc(vm);
    ObjSet *s = set_new(vm, vm->t_set);
    assert_false(set_add(vm, s, MAKE_OBJ(l)));
    assert_true(vm_exc_matches(vm, vm->exc_TypeError));
    vm_clear_exc(vm);
}

static void test_update(void **state) {
    (void)state;
    ObjDict *a = dict_new(vm), *b = dict_new(vm);
    assert_true(dict_set(vm, a, S("x"), MAKE_INT(1)));
    assert_true(dict_set(vm, b, S("y"), MAKE_INT(2)));
    assert_true(dict_set(vm, b, S("x"), MAKE_INT(3)));
    assert_true(dict_update(vm, a, MAKE_OBJ(b)));
    assert_int_equal(a->len, 2);
    assert_int_value(dict_get(vm, a, S("x")), 3);
    /* iterable of pairs */
    ObjList *pairs = list_new(vm, 0);
    Value items[2] = {S("z"), MAKE_INT(4)};
    list_append(vm, pairs, MAKE_OBJ(tuple_from(vm, items, 2)));
    assert_true(dict_update(vm, a, MAKE_OBJ(pairs)));
    assert_int_value(dict_get(vm, a, S("z")), 4);
    ObjList *bad = list_new(vm, 0);
    list_append(vm, bad, MAKE_OBJ(tuple_from(vm, items, 1)));
    assert_false(dict_update(vm, a, MAKE_OBJ(bad)));
    assert_true(vm_exc_matches(vm, vm->exc_ValueError));
    vm_clear_exc(vm);
}

static void test_set_order(void **state) {
    (void)state;
    int64_t three[] = {3, 1, 2};
    int64_t three_want[] = {1, 2, 3};
    assert_set_order(int_set(three, 3), three_want, 3);

    int64_t items[] = {100, 37, 5, 64, 8, 1000, 17, 33, 2, 9, -1, -2, 1099511627776LL, 16, 24};
    int64_t want[] = {64, 33, 2, 1099511627776LL, 100, 5, 37, 8, 1000, 9, 16, 17, -2, 24, -1};
    ObjSet *s = int_set(items, 15);
    assert_set_order(s, want, 15);
    assert_int_equal(set_discard(vm, s, MAKE_INT(64)), 1);
    assert_int_equal(set_discard(vm, s, MAKE_INT(5)), 1);
    assert_int_equal(set_discard(vm, s, MAKE_INT(5)), 0);
    assert_true(set_add(vm, s, MAKE_INT(72)));
    assert_true(set_add(vm, s, MAKE_INT(5)));
    int64_t want2[] = {33, 2, 1099511627776LL, 100, 5, 37, 8, 1000, 9, 72, 16, 17, -2, 24, -1};
    assert_set_order(s, want2, 15);

    ObjSet *t = set_new(vm, vm->t_set);
    for (int i = 50; i > 0; i -= 3) assert_true(set_add(vm, t, MAKE_INT(i)));
    int64_t want3[] = {32, 2, 35, 5, 38, 8, 41, 11, 44, 14, 47, 17, 50, 20, 23, 26, 29};
    assert_set_order(t, want3, 17);
}

static void test_set_numeric_and_contains(void **state) {
    (void)state;
    ObjSet *s = set_new(vm, vm->t_set);
    assert_true(set_add(vm, s, VAL_TRUE));
    assert_true(set_add(vm, s, MAKE_INT(1)));
    assert_true(set_add(vm, s, MAKE_FLOAT(1.0)));
    assert_true(set_add(vm, s, MAKE_INT(0)));
    assert_true(set_add(vm, s, VAL_FALSE));
    assert_int_equal(s->len, 2);
    assert_int_equal(set_contains(vm, s, MAKE_FLOAT(0.0)), 1);
    assert_int_equal(set_contains(vm, s, MAKE_INT(2)), 0);
    assert_true(set_add(vm, s, S("abc")));
    assert_int_equal(set_contains(vm, s, S("abc")), 1);
    assert_int_equal(set_contains(vm, s, S("abd")), 0);
}

static void test_set_update_and_algebra(void **state) {
    (void)state;
    int64_t ai[] = {1, 2, 3, 4, 40, 80}, bi[] = {3, 4, 5, 6, 99};
    ObjSet *a = int_set(ai, 6), *b = int_set(bi, 5);
    /* a | b through set_update on a copy */
    ObjSet *u = set_new(vm, vm->t_set);
    assert_true(set_update(vm, u, MAKE_OBJ(a)));
    assert_true(set_update(vm, u, MAKE_OBJ(b)));
    int64_t uw[] = {1, 2, 3, 4, 99, 5, 6, 40, 80};
    assert_set_order(u, uw, 9);
    /* from a dict's keys */
    ObjDict *d = dict_new(vm);
    for (int i = 0; i < 10; i++) assert_true(dict_set(vm, d, MAKE_INT(i * i), VAL_NONE));
    ObjSet *fromd = set_new(vm, vm->t_set);
    assert_true(set_update(vm, fromd, MAKE_OBJ(d)));
    assert_int_equal(fromd->len, 10);
    for (int i = 0; i < 10; i++) assert_int_equal(set_contains(vm, fromd, MAKE_INT(i * i)), 1);
    /* many keys with deletes and re-adds */
    ObjSet *m = set_new(vm, vm->t_set);
    for (int i = 0; i < 10000; i++) assert_true(set_add(vm, m, MAKE_INT(i)));
    for (int i = 0; i < 10000; i += 2) assert_int_equal(set_discard(vm, m, MAKE_INT(i)), 1);
    assert_int_equal(m->len, 5000);
    for (int i = 0; i < 10000; i++) assert_int_equal(set_contains(vm, m, MAKE_INT(i)), i % 2);
    int64_t pos = 0;
    Value k;
    int64_t n = 0, sum = 0;
    while (set_next(m, &pos, &k)) {
        n++;
        sum += AS_INT(k);
    }
    assert_int_equal(n, 5000);
    assert_int_equal(sum, 25000000);
}

static void test_frozenset_hash(void **state) {
    (void)state;
    ObjSet *f = set_new(vm, vm->t_frozenset);
    for (int i = 1; i <= 3; i++) assert_true(set_add(vm, f, MAKE_INT(i)));
    assert_int_equal((int64_t)set_frozen_hash(f), -272375401224217160LL);
    ObjSet *e = set_new(vm, vm->t_frozenset);
    assert_int_equal((int64_t)set_frozen_hash(e), 133146708735736LL);
    ObjSet *z = set_new(vm, vm->t_frozenset);
    assert_true(set_add(vm, z, MAKE_INT(0)));
    assert_int_equal((int64_t)set_frozen_hash(z), -2704248722033767810LL);
    /* usable as a dict key; an equal frozenset built differently finds it */
    ObjDict *d = dict_new(vm);
    assert_true(dict_set(vm, d, MAKE_OBJ(f), MAKE_INT(1)));
    ObjSet *g = set_new(vm, vm->t_frozenset);
    for (int i = 3; i >= 1; i--) assert_true(set_add(vm, g, MAKE_INT(i)));
    assert_int_value(dict_get(vm, d, MAKE_OBJ(g)), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_lookup_delete),
        cmocka_unit_test(test_numeric_keys),
        cmocka_unit_test(test_str_keys),
        cmocka_unit_test(test_order_after_deletes),
        cmocka_unit_test(test_resize_many_keys),
        cmocka_unit_test(test_unhashable),
        cmocka_unit_test(test_update),
        cmocka_unit_test(test_set_order),
        cmocka_unit_test(test_set_numeric_and_contains),
        cmocka_unit_test(test_set_update_and_algebra),
        cmocka_unit_test(test_frozenset_hash),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
