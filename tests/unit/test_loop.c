/* test_loop.c: the event loop's timer heap and ready queue, driven through
 * the loop's own methods from C: timers run in deadline order (FIFO among
 * equal deadlines), cancelled timers never run, the ready queue is FIFO
 * across ring-buffer growth, callbacks scheduled while a batch runs wait
 * for the next iteration, and a loop with nothing left to run reports a
 * deadlock instead of hanging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aio.h"
#include "list.h"
#include "str.h"
#include "vm.h"

static VM *vm;
static Value loop;
static ObjList *log_list;

static int setup(void **state) {
    (void)state;
    vm = vm_new();
    if (!vm) return -1;
    Value m = vm_import(vm, str_intern_cstr(vm, "_asyncio"));
    if (IS_NULL(m)) return -1;
    Value f = vm_getattr(vm, m, str_intern_cstr(vm, "new_event_loop"));
    loop = vm_call0(vm, f);
    if (IS_NULL(loop)) return -1;
    gc_push_root(vm, loop);
    log_list = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(log_list));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    vm_free(vm);
    return 0;
}

/* record(x): appends x to log_list */
static Value record(VM *v, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    list_append(v, log_list, nargs > 0 ? args[0] : VAL_NONE);
    return VAL_NONE;
}

/* record_and_schedule(x): appends x, then schedules record(x + 1000) */
static Value record_and_schedule(VM *v, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    (void)nargs;
    list_append(v, log_list, args[0]);
    Value cb = MAKE_OBJ(native_new(v, "record", record, 0));
    Value a[2] = {cb, MAKE_INT(AS_INT(args[0]) + 1000)};
    Value r = vm_call_method(v, loop, str_intern_cstr(v, "call_soon"), a, 2);
    return IS_NULL(r) ? VAL_NULL : VAL_NONE;
}

static Value method(const char *name, Value *args, int nargs) {
    Value r = vm_call_method(vm, loop, str_intern_cstr(vm, name), args, nargs);
    if (IS_NULL(r)) vm_print_exception(vm, vm_take_exc(vm));
    assert_false(IS_NULL(r));
    return r;
}

static void run_forever(void) { method("run_forever", NULL, 0); }

static void test_timers_in_deadline_order(void **state) {
    (void)state;
    Value rec = MAKE_OBJ(native_new(vm, "record", record, 0));
    double now = AS_FLOAT(method("time", NULL, 0));
    uint32_t seed = 12345;
    double latest = now;
    ObjList *handles = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(handles));
    for (int i = 0; i < 300; i++) {
        seed = seed * 1103515245u + 12345u;
        /* few distinct deadlines, so many ties */
        double when = now + 0.001 * (double)((seed >> 16) % 20);
        if (when > latest) latest = when;
        Value a[3] = {MAKE_FLOAT(when), rec, MAKE_INT(i)};
        list_append(vm, handles, method("call_at", a, 3));
    }
    for (int i = 0; i < 300; i += 7)
        assert_false(IS_NULL(vm_call_method(vm, handles->items[i], str_intern_cstr(vm, "cancel"), NULL, 0)));
    Value stop = vm_getattr(vm, loop, str_intern_cstr(vm, "stop"));
    Value a[2] = {MAKE_FLOAT(latest + 0.002), stop};
    method("call_at", a, 2);
    run_forever();
    assert_int_equal(log_list->len, 300 - 43);
    double prev_when = 0;
    int64_t prev_i = -1;
    for (int64_t k = 0; k < log_list->len; k++) {
        int64_t i = AS_INT(log_list->items[k]);
        assert_true(i % 7 != 0);
        Value h = handles->items[i];
        double when = AS_FLOAT(vm_call_method(vm, h, str_intern_cstr(vm, "when"), NULL, 0));
        assert_true(when >= prev_when);
        if (when == prev_when) assert_true(i > prev_i);
        prev_when = when;
        prev_i = i;
    }
    gc_pop_roots(vm, 1);
}

static void test_ready_queue_fifo(void **state) {
    (void)state;
    Value rec = MAKE_OBJ(native_new(vm, "record", record, 0));
    for (int i = 0; i < 5000; i++) {
        Value a[2] = {rec, MAKE_INT(i)};
        method("call_soon", a, 2);
    }
    Value stop = vm_getattr(vm, loop, str_intern_cstr(vm, "stop"));
    method("call_soon", &stop, 1);
    run_forever();
    assert_int_equal(log_list->len, 5000);
    for (int i = 0; i < 5000; i++) assert_int_equal(AS_INT(log_list->items[i]), i);
}

static void test_next_iteration(void **state) {
    (void)state;
    Value rs = MAKE_OBJ(native_new(vm, "record_and_schedule", record_and_schedule, 0));
    for (int i = 0; i < 3; i++) {
        Value a[2] = {rs, MAKE_INT(i)};
        method("call_soon", a, 2);
    }
    Value stop = vm_getattr(vm, loop, str_intern_cstr(vm, "stop"));
    method("call_soon", &stop, 1);
    run_forever();
    /* the batch that was ready ran; what it scheduled waits for the next
     * iteration, which stop() prevents */
    assert_int_equal(log_list->len, 3);
    run_forever();
    assert_int_equal(log_list->len, 6);
    int want[6] = {0, 1, 2, 1000, 1001, 1002};
    for (int i = 0; i < 6; i++) assert_int_equal(AS_INT(log_list->items[i]), want[i]);
}

static void test_deadlock_reported(void **state) {
    (void)state;
    Value fut = method("create_future", NULL, 0);
    Value r = vm_call_method(vm, loop, str_intern_cstr(vm, "run_until_complete"), &fut, 1);
    assert_true(IS_NULL(r));
    assert_true(vm_exc_matches(vm, vm->exc_RuntimeError));
    Value s = vm_str(vm, vm_take_exc(vm));
    assert_non_null(strstr(AS_STR(s)->data, "deadlock"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_timers_in_deadline_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ready_queue_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_iteration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadlock_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
