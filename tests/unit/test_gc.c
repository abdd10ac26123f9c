/* test_gc.c: the collector frees unreachable cycles, keeps everything
 * reachable from the roots (globals, frames, temp roots), sweeps the
 * interned-string table, and survives a collection at every step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dict.h"
#include "gc.h"
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

static size_t count_objects(void) {
    return vm->gc.nall;
}

static ObjModule *run(const char *src) {
    ObjModule *m = vm_run_source(vm, src, strlen(src), "<test>", "__main__");
    if (!m) vm_print_exception(vm, vm_take_exc(vm));
    assert_non_null(m);
    return m;
}

static Value global(ObjModule *m, const char *name) {
    return dict_get_str(vm, m->dict, str_intern_cstr(vm, name));
}

static void test_cycles_are_freed(void **state) {
    (void)state;
    run("pass");
    gc_collect(vm);
    size_t before = count_objects();
    run("for i in range(200):\n"
        "    a = [i]\n"
        "    b = {'a': a}\n"
        "    a.append(b)\n"
        "    class C: pass\n"
        "    c = C(); c.me = c; c.other = a\n"
        "del a, b, c, C, i\n");
    gc_collect(vm);
    size_t after = count_objects();
    /* the 200 rounds made over a thousand objects; what is left is the new
     * module's own state, not the cycles */
    assert_true(after < before + 100);
}

static void test_reachable_survive(void **state) {
    (void)state;
    ObjModule *m = run("keep = [list(range(i)) for i in range(50)]\n"
                       "d = {str(i): (i, [i] * 3) for i in range(100)}\n"
                       "s = 'x' * 1000\n");
    for (int i = 0; i < 5; i++) gc_collect(vm);
    Value keep = global(m, "keep");
    assert_true(IS_LIST(keep));
    assert_int_equal(AS_LIST(keep)->len, 50);
    Value row = AS_LIST(keep)->items[49];
    assert_true(IS_LIST(row));
    assert_int_equal(AS_LIST(row)->len, 49);
    assert_true(IS_INT(AS_LIST(row)->items[48]));
    assert_int_equal(AS_INT(AS_LIST(row)->items[48]), 48);
    Value d = global(m, "d");
    assert_true(IS_DICT(d));
    assert_int_equal(AS_DICT(d)->len, 100);
    Value s = global(m, "s");
    assert_true(IS_STR(s));
    assert_int_equal(AS_STR(s)->len, 1000);
}

static void test_temp_roots(void **state) {
    (void)state;
    ObjList *l = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(l));
    for (int i = 0; i < 100; i++) list_append(vm, l, MAKE_OBJ(str_printf(vm, "item %d", i)));
    gc_collect(vm);
    assert_int_equal(l->len, 100);
    assert_string_equal(AS_STR(l->items[99])->data, "item 99");
    gc_pop_roots(vm, 1);
}

static void test_interned_sweep(void **state) {
    (void)state;
    ObjStr *a = str_intern_cstr(vm, "an_interned_name_nobody_keeps");
    assert_true(a == str_intern_cstr(vm, "an_interned_name_nobody_keeps"));
    size_t before = vm->interned_count;
    gc_collect(vm);
    /* unreferenced interned strings leave the table */
    assert_true(vm->interned_count < before);
    ObjStr *b = str_intern_cstr(vm, "an_interned_name_nobody_keeps");
    assert_string_equal(b->data, "an_interned_name_nobody_keeps");
}

static void test_many_collections_during_run(void **state) {
    (void)state;
    /* frames, generators and closures live across collections (the
     * GC-stress build collects at every safe point here) */
    size_t before = vm->gc.collections;
    ObjModule *m = run("def make(n):\n"
                       "    def add(x):\n"
                       "        return x + n\n"
                       "    return add\n"
                       "def gen(k):\n"
                       "    for i in range(k):\n"
                       "        yield make(i)(i)\n"
                       "total = 0\n"
                       "for j in range(300):\n"
                       "    total += sum(gen(10))\n"
                       "    junk = [str(x) for x in range(20)]\n");
    gc_collect(vm);
    Value total = global(m, "total");
    assert_true(IS_INT(total));
    assert_int_equal(AS_INT(total), 300 * 90);
    assert_true(vm->gc.collections > before);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cycles_are_freed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reachable_survive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_temp_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interned_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_collections_during_run, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
