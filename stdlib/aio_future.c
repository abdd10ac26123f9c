/* aio_future.c: asyncio.Future and asyncio.Task in C, with CPython 3.11's
 * semantics (state machine, callback scheduling, cancellation requests,
 * the Task step/wakeup protocol).
 *
 * A task step sends into its coroutine; the coroutine parks its frame when
 * it awaits a pending future (the future's iterator yields the future with
 * _asyncio_future_blocking set), and the step registers the task's wakeup
 * as a done-callback of that future. No C stack survives between steps.
 */
#include <string.h>

#include "aio.h"
#include "dict.h"
#include "exception.h"
#include "gen.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

#define FUT(v) ((ObjFuture *)AS_OBJ(v))

static void future_trace(GC *gc, Obj *o) {
    ObjFuture *f = (ObjFuture *)o;
    gc_mark_obj(gc, (Obj *)f->dict);
    gc_mark_value(gc, f->result);
    gc_mark_value(gc, f->exception);
    gc_mark_value(gc, f->loop);
    gc_mark_value(gc, f->cancel_msg);
    gc_mark_value(gc, f->cancelled_exc);
    gc_mark_obj(gc, (Obj *)f->callbacks);
    gc_mark_value(gc, f->coro);
    gc_mark_value(gc, f->fut_waiter);
    gc_mark_value(gc, f->context);
    gc_mark_value(gc, f->name);
    gc_mark_value(gc, f->step);
    gc_mark_value(gc, f->wakeup);
}

bool aio_is_future(VM *vm, Value v) { return IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, vm->t_future); }

static ObjLoop *loop_of(Value v) { return (ObjLoop *)AS_OBJ(v); }

static void future_setup(VM *vm, ObjFuture *f, Value loop) {
    f->state = FUT_PENDING;
    f->result = f->exception = f->cancel_msg = f->cancelled_exc = VAL_NONE;
    f->coro = f->fut_waiter = f->context = f->name = f->step = f->wakeup = VAL_NONE;
    f->loop = loop;
    f->callbacks = list_new(vm, 0);
}

Value aio_future_new(VM *vm, Value loop) {
    ObjFuture *f = (ObjFuture *)gc_alloc(vm, vm->t_future->basicsize, vm->t_future, OK_OTHER);
    future_setup(vm, f, loop);
    return MAKE_OBJ(f);
}

static bool get_loop_arg(VM *vm, Value given, Value *out) {
    if (!IS_NULL(given) && !IS_NONE(given)) {
        if (!IS_OBJ(given) || !type_is_subtype(AS_OBJ(given)->type, vm->t_loop)) {
            /* CPython asks the loop for get_debug() first */
            Value gd = vm_getattr(vm, given, str_intern_cstr(vm, "get_debug"));
            if (IS_NULL(gd)) return false;
            vm_raise(vm, vm->exc_TypeError, "loop must be an asyncio event loop, not %s", vm_type_name(vm, given));
            return false;
        }
        *out = given;
        return true;
    }
    Value l = aio_get_running_loop(vm);
    if (IS_NONE(l)) {
        /* get_event_loop() semantics: the module's current loop */
        Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
        if (IS_NULL(m)) return false;
        Value gel = vm_getattr(vm, m, str_intern_cstr(vm, "get_event_loop"));
        if (IS_NULL(gel)) return false;
        l = vm_call0(vm, gel);
        if (IS_NULL(l)) return false;
    }
    *out = l;
    return true;
}

static void schedule_callbacks(VM *vm, ObjFuture *f) {
    ObjList *cbs = f->callbacks;
    f->callbacks = list_new(vm, 0);
    ObjLoop *loop = loop_of(f->loop);
    Value self = MAKE_OBJ(f);
    for (int64_t i = 0; i + 1 < cbs->len; i += 2) aio_call_soon(vm, loop, cbs->items[i], &self, 1, cbs->items[i + 1]);
}

static Value invalid_state(VM *vm, const char *msg) { return vm_raise(vm, vm->exc_InvalidStateError, "%s", msg); }

static Value make_cancelled_error(VM *vm, ObjFuture *f) {
    if (!IS_NONE(f->cancelled_exc)) {
        Value e = f->cancelled_exc;
        f->cancelled_exc = VAL_NONE;
        return e;
    }
    ObjException *e = IS_NONE(f->cancel_msg) ? exc_new(vm, vm->exc_CancelledError, NULL, 0)
                                             : exc_new(vm, vm->exc_CancelledError, &f->cancel_msg, 1);
    return MAKE_OBJ(e);
}

bool aio_future_set_result(VM *vm, ObjFuture *f, Value v) {
    if (f->state != FUT_PENDING) {
        invalid_state(vm, "invalid state");
        return false;
    }
    f->result = v;
    f->state = FUT_FINISHED;
    schedule_callbacks(vm, f);
    return true;
}

static bool future_set_exception(VM *vm, ObjFuture *f, Value exc) {
    if (f->state != FUT_PENDING) {
        invalid_state(vm, "invalid state");
        return false;
    }
    if (IS_TYPE(exc) && (AS_TYPE(exc)->tflags & TF_EXCEPTION)) {
        exc = vm_call0(vm, exc);
        if (IS_NULL(exc)) return false;
    }
    if (!IS_EXCEPTION(exc)) {
        vm_raise(vm, vm->exc_TypeError, "invalid exception object");
        return false;
    }
    if (vm_isinstance(vm, exc, vm->exc_StopIteration)) {
        vm_raise(vm, vm->exc_TypeError,
                 "StopIteration interacts badly with generators and cannot be raised into a Future");
        return false;
    }
    f->exception = exc;
    f->state = FUT_FINISHED;
    f->log_tb = true;
    if (IS_OBJ(f->loop)) {
        /* reported at loop.close() unless result()/exception() is called:
         * CPython logs it when the future is collected */
        ObjLoop *loop = loop_of(f->loop);
        if (loop->unretrieved) list_append(vm, loop->unretrieved, MAKE_OBJ(f));
    }
    schedule_callbacks(vm, f);
    return true;
}

static bool future_cancel(VM *vm, ObjFuture *f, Value msg) {
    f->log_tb = false;
    if (f->state != FUT_PENDING) return false;
    f->state = FUT_CANCELLED;
    f->cancel_msg = msg;
    schedule_callbacks(vm, f);
    return true;
}

static Value future_result(VM *vm, ObjFuture *f) {
    if (f->state == FUT_CANCELLED) return vm_raise_value(vm, make_cancelled_error(vm, f));
    if (f->state != FUT_FINISHED) return invalid_state(vm, "Result is not set.");
    f->log_tb = false;
    if (!IS_NONE(f->exception)) return vm_raise_value(vm, f->exception);
    return f->result;
}

/* ---- Future methods ---------------------------------------------------- */

static Value fut_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjType *cls = AS_TYPE(args[0]);
    ObjFuture *f = (ObjFuture *)gc_alloc(vm, cls->basicsize, cls, OK_OTHER);
    future_setup(vm, f, VAL_NONE);
    return MAKE_OBJ(f);
}

static Value fut_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value loop = VAL_NULL;
    if (!vm_parse_args(vm, "Future", args + 1, nargs - 1, kw, "|$loop", &loop)) return VAL_NULL;
    Value l;
    if (!get_loop_arg(vm, loop, &l)) return VAL_NULL;
    FUT(args[0])->loop = l;
    return VAL_NONE;
}

static Value fut_result(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "result", nargs, 1, 1)) return VAL_NULL;
    return future_result(vm, FUT(args[0]));
}

static Value fut_exception(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFuture *f = FUT(args[0]);
    if (f->state == FUT_CANCELLED) return vm_raise_value(vm, make_cancelled_error(vm, f));
    if (f->state != FUT_FINISHED) return invalid_state(vm, "Exception is not set.");
    f->log_tb = false;
    return f->exception;
}

static Value fut_set_result(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "set_result", nargs, 2, 2)) return VAL_NULL;
    ObjFuture *f = FUT(args[0]);
    if (f->is_task) return vm_raise(vm, vm->exc_RuntimeError, "Task does not support set_result operation");
    if (f->state != FUT_PENDING) {
        if (f->state == FUT_CANCELLED) return invalid_state(vm, "invalid state");
        return invalid_state(vm, "invalid state");
    }
    return aio_future_set_result(vm, f, args[1]) ? VAL_NONE : VAL_NULL;
}

static Value fut_set_exception(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "set_exception", nargs, 2, 2)) return VAL_NULL;
    if (FUT(args[0])->is_task) return vm_raise(vm, vm->exc_RuntimeError, "Task does not support set_exception operation");
    return future_set_exception(vm, FUT(args[0]), args[1]) ? VAL_NONE : VAL_NULL;
}

static Value fut_done(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_BOOL(FUT(args[0])->state != FUT_PENDING);
}

static Value fut_cancelled(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_BOOL(FUT(args[0])->state == FUT_CANCELLED);
}

static Value fut_cancel(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value msg = VAL_NULL;
    if (!vm_parse_args(vm, "cancel", args + 1, nargs - 1, kw, "|msg", &msg)) return VAL_NULL;
    return MAKE_BOOL(future_cancel(vm, FUT(args[0]), IS_NULL(msg) ? VAL_NONE : msg));
}

static Value fut_add_done_callback(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value fn = VAL_NULL, ctx = VAL_NULL;
    if (!vm_parse_args(vm, "add_done_callback", args + 1, nargs - 1, kw, "fn|$context", &fn, &ctx)) return VAL_NULL;
    ObjFuture *f = FUT(args[0]);
    if (IS_NULL(ctx) || IS_NONE(ctx)) ctx = ctx_copy_current(vm);
    if (f->state != FUT_PENDING) {
        aio_call_soon(vm, loop_of(f->loop), fn, &args[0], 1, ctx);
    } else {
        list_append(vm, f->callbacks, fn);
        list_append(vm, f->callbacks, ctx);
    }
    return VAL_NONE;
}

static Value fut_remove_done_callback(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "remove_done_callback", nargs, 2, 2)) return VAL_NULL;
    ObjFuture *f = FUT(args[0]);
    ObjList *keep = list_new(vm, 0);
    int64_t removed = 0;
    for (int64_t i = 0; i + 1 < f->callbacks->len; i += 2) {
        int eq = vm_eq(vm, f->callbacks->items[i], args[1]);
        if (eq < 0) return VAL_NULL;
        if (eq) {
            removed++;
            continue;
        }
        list_append(vm, keep, f->callbacks->items[i]);
        list_append(vm, keep, f->callbacks->items[i + 1]);
    }
    f->callbacks = keep;
    return MAKE_INT(removed);
}

static Value fut_get_loop(VM *vm, Value *args, int nargs, ObjTuple *kw) { return FUT(args[0])->loop; }

static Value fut_make_cancelled_error(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return make_cancelled_error(vm, FUT(args[0]));
}

static Value fut_await(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFuture *it = (ObjFuture *)gc_alloc(vm, sizeof(ObjFuture), vm->t_future_iter, OK_OTHER);
    future_setup(vm, it, VAL_NONE);
    it->result = args[0]; /* the future being awaited */
    return MAKE_OBJ(it);
}

static Value state_name(VM *vm, ObjFuture *f) {
    return MAKE_OBJ(str_intern_cstr(vm, f->state == FUT_PENDING ? "PENDING" : f->state == FUT_CANCELLED ? "CANCELLED" : "FINISHED"));
}

static Value fut_repr(VM *vm, Value *args, int nargs, ObjTuple *kw);

static Value fut_get_blocking(VM *vm, Value self) { return MAKE_BOOL(FUT(self)->blocking); }
static bool fut_set_blocking(VM *vm, Value self, Value v) {
    int t = vm_truthy(vm, v);
    if (t < 0) return false;
    if (t) {
        vm_raise(vm, vm->exc_ValueError, "_asyncio_future_blocking can only be set to False");
        return false;
    }
    FUT(self)->blocking = false;
    return true;
}
static Value fut_get_cancel_message(VM *vm, Value self) { return FUT(self)->cancel_msg; }
static bool fut_set_cancel_message(VM *vm, Value self, Value v) {
    FUT(self)->cancel_msg = v;
    return true;
}
static Value fut_get_state(VM *vm, Value self) { return state_name(vm, FUT(self)); }
static Value fut_get_loop_attr(VM *vm, Value self) { return FUT(self)->loop; }
static Value fut_get_log_tb(VM *vm, Value self) { return MAKE_BOOL(FUT(self)->log_tb); }
static bool fut_set_log_tb(VM *vm, Value self, Value v) {
    FUT(self)->log_tb = vm_truthy(vm, v) > 0;
    return true;
}

/* ---- the future iterator (what `await fut` drives) ---------------------- */

static Value futiter_next_impl(VM *vm, ObjFuture *it) {
    ObjFuture *f = FUT(it->result);
    if (f->state == FUT_PENDING) {
        if (it->state == 0) {
            it->state = 1;
            f->blocking = true;
            return it->result;
        }
        return vm_raise(vm, vm->exc_RuntimeError, "await wasn't used with future");
    }
    Value r = future_result(vm, f);
    if (IS_NULL(r)) return VAL_NULL;
    return exc_raise_stop_iteration(vm, IS_NONE(r) ? VAL_NULL : r);
}

static Value futiter_iternext(VM *vm, Value self) { return futiter_next_impl(vm, FUT(self)); }

static Value futiter_send(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "send", nargs, 2, 2)) return VAL_NULL;
    return futiter_next_impl(vm, FUT(args[0]));
}

static Value futiter_throw(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument, got 0");
    Value e = args[1];
    if (IS_TYPE(e)) {
        e = nargs > 2 && !IS_NONE(args[2]) ? vm_call1(vm, e, args[2]) : vm_call0(vm, e);
        if (IS_NULL(e)) return VAL_NULL;
    }
    return vm_raise_value(vm, e);
}

static Value futiter_close(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }

static void futiter_trace(GC *gc, Obj *o) { gc_mark_value(gc, ((ObjFuture *)o)->result); future_trace(gc, o); }

/* ---- Task --------------------------------------------------------------- */

static bool task_step(VM *vm, ObjFuture *t, Value exc);

static Value task_step_native(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    /* bound to the task: args[0] = task, args[1] = optional exception */
    Value exc = nargs > 1 ? args[1] : VAL_NONE;
    if (!task_step(vm, FUT(args[0]), exc)) return VAL_NULL;
    return VAL_NONE;
}

static Value task_wakeup_native(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFuture *t = FUT(args[0]);
    Value fut = nargs > 1 ? args[1] : VAL_NONE;
    Value exc = VAL_NONE;
    if (aio_is_future(vm, fut)) {
        ObjFuture *f = FUT(fut);
        if (f->state == FUT_CANCELLED) exc = make_cancelled_error(vm, f);
        else if (!IS_NONE(f->exception)) {
            f->log_tb = false;
            exc = f->exception;
        }
    } else {
        Value r = vm_call_method(vm, fut, str_intern_cstr(vm, "result"), NULL, 0);
        if (IS_NULL(r)) exc = vm_take_exc(vm);
    }
    if (!task_step(vm, t, exc)) return VAL_NULL;
    return VAL_NONE;
}

static Value bound_native(VM *vm, const char *name, NativeFn fn, Value self) {
    ObjNative *n = native_new(vm, name, fn, 0);
    n->bound = self;
    return MAKE_OBJ(n);
}

Value aio_task_new(VM *vm, Value coro, Value loop, Value name, Value context) {
    ObjFuture *t = (ObjFuture *)gc_alloc(vm, vm->t_task->basicsize, vm->t_task, OK_OTHER);
    future_setup(vm, t, loop);
    t->is_task = true;
    t->coro = coro;
    vm->task_counter++;
    t->name = (IS_NULL(name) || IS_NONE(name)) ? MAKE_OBJ(str_printf(vm, "Task-%llu", (unsigned long long)vm->task_counter))
                                                : name;
    if (!IS_NULL(name) && !IS_NONE(name) && !IS_STR(name)) {
        Value s = vm_str(vm, name);
        if (IS_NULL(s)) return VAL_NULL;
        t->name = s;
    }
    t->context = (IS_NULL(context) || IS_NONE(context)) ? ctx_copy_current(vm) : context;
    t->step = bound_native(vm, "__step", task_step_native, MAKE_OBJ(t));
    t->wakeup = bound_native(vm, "Task.task_wakeup", task_wakeup_native, MAKE_OBJ(t));
    ObjLoop *l = loop_of(loop);
    aio_call_soon(vm, l, t->step, NULL, 0, t->context);
    dict_set(vm, l->tasks, MAKE_OBJ(t), VAL_NONE);
    return MAKE_OBJ(t);
}

static bool is_coroutine(VM *vm, Value v) {
    if (IS_GEN(v) && AS_GEN(v)->gkind == GEN_COROUTINE) return true;
    return false;
}

static Value task_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjType *cls = AS_TYPE(args[0]);
    ObjFuture *t = (ObjFuture *)gc_alloc(vm, cls->basicsize, cls, OK_OTHER);
    future_setup(vm, t, VAL_NONE);
    t->is_task = true;
    return MAKE_OBJ(t);
}

static Value task_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value coro = VAL_NULL, loop = VAL_NULL, name = VAL_NULL, context = VAL_NULL;
    if (!vm_parse_args(vm, "Task", args + 1, nargs - 1, kw, "coro|$loop,name,context", &coro, &loop, &name, &context))
        return VAL_NULL;
    if (!is_coroutine(vm, coro)) {
        Value r = vm_repr(vm, coro);
        if (IS_NULL(r)) return VAL_NULL;
        return vm_raise(vm, vm->exc_TypeError, "a coroutine was expected, got %s", AS_STR(r)->data);
    }
    Value l;
    if (!get_loop_arg(vm, loop, &l)) return VAL_NULL;
    ObjFuture *t = FUT(args[0]);
    t->loop = l;
    t->coro = coro;
    vm->task_counter++;
    if (IS_NULL(name) || IS_NONE(name)) t->name = MAKE_OBJ(str_printf(vm, "Task-%llu", (unsigned long long)vm->task_counter));
    else {
        Value s = vm_str(vm, name);
        if (IS_NULL(s)) return VAL_NULL;
        t->name = s;
    }
    t->context = (IS_NULL(context) || IS_NONE(context)) ? ctx_copy_current(vm) : context;
    t->step = bound_native(vm, "__step", task_step_native, args[0]);
    t->wakeup = bound_native(vm, "Task.task_wakeup", task_wakeup_native, args[0]);
    ObjLoop *lp = loop_of(l);
    aio_call_soon(vm, lp, t->step, NULL, 0, t->context);
    dict_set(vm, lp->tasks, args[0], VAL_NONE);
    return VAL_NONE;
}

static void task_unregister(VM *vm, ObjFuture *t) {
    if (IS_OBJ(t->loop)) dict_del(vm, loop_of(t->loop)->tasks, MAKE_OBJ(t));
}

/* One step of a task, exactly as CPython's Task.__step. Returns false only
 * for KeyboardInterrupt/SystemExit, which must stop the loop. */
static bool task_step(VM *vm, ObjFuture *t, Value exc) {
    if (t->state != FUT_PENDING) {
        vm_raise(vm, vm->exc_InvalidStateError, "_step(): already done: %s", "task");
        return false;
    }
    if (t->must_cancel) {
        if (!IS_EXCEPTION(exc) || !vm_isinstance(vm, exc, vm->exc_CancelledError)) exc = make_cancelled_error(vm, t);
        t->must_cancel = false;
    }
    t->fut_waiter = VAL_NONE;
    ObjLoop *loop = loop_of(t->loop);
    Value prev_task = loop->current_task;
    loop->current_task = MAKE_OBJ(t);
    Value saved_ctx = vm->context;
    vm->context = t->context;
    Value result;
    bool returned = false;
    gc_push_root(vm, MAKE_OBJ(t));
    if (IS_GEN(t->coro)) {
        ObjGen *g = AS_GEN(t->coro);
        if (IS_NONE(exc)) {
            result = gen_send(vm, g, VAL_NONE, &returned);
        } else {
            Value out;
            GenResult r = gen_throw(vm, g, exc, &out);
            if (r == GEN_YIELD) result = out;
            else if (r == GEN_RETURN) {
                result = exc_raise_stop_iteration(vm, IS_NONE(out) ? VAL_NULL : out);
            } else result = VAL_NULL;
        }
    } else {
        Value arg = IS_NONE(exc) ? VAL_NONE : exc;
        result = vm_call_method(vm, t->coro, IS_NONE(exc) ? vm->s_send : vm->s_throw, &arg, 1);
    }
    vm->context = saved_ctx;
    loop->current_task = prev_task;
    bool ok = true;
    if (IS_NULL(result)) {
        if (vm_exc_matches(vm, vm->exc_StopIteration)) {
            Value se = vm_take_exc(vm);
            Value v = gen_stop_value(vm, se);
            task_unregister(vm, t);
            if (t->must_cancel) {
                t->must_cancel = false;
                future_cancel(vm, t, t->cancel_msg);
            } else {
                aio_future_set_result(vm, t, v);
            }
        } else if (vm_exc_matches(vm, vm->exc_CancelledError)) {
            t->cancelled_exc = vm_take_exc(vm);
            task_unregister(vm, t);
            future_cancel(vm, t, VAL_NONE);
        } else if (vm_exc_matches(vm, vm->exc_KeyboardInterrupt) || vm_exc_matches(vm, vm->exc_SystemExit)) {
            Value e = vm_take_exc(vm);
            task_unregister(vm, t);
            future_set_exception(vm, t, e);
            t->log_tb = false;
            vm->exc = e;
            ok = false;
        } else {
            Value e = vm_take_exc(vm);
            task_unregister(vm, t);
            future_set_exception(vm, t, e);
        }
    } else if (aio_is_future(vm, result) || (IS_OBJ(result) && !IS_NULL(vm_getattr_opt(vm, result, str_intern_cstr(vm, "_asyncio_future_blocking"))))) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        bool blocking;
        if (aio_is_future(vm, result)) blocking = FUT(result)->blocking;
        else {
            Value b = vm_getattr_opt(vm, result, str_intern_cstr(vm, "_asyncio_future_blocking"));
            blocking = !IS_NULL(b) && vm_truthy(vm, b) > 0;
        }
        Value rloop = aio_is_future(vm, result) ? FUT(result)->loop : vm_call_method(vm, result, str_intern_cstr(vm, "get_loop"), NULL, 0);
        if (IS_NULL(rloop)) {
            vm_clear_exc(vm);
            rloop = t->loop;
        }
        if (!val_is(rloop, t->loop)) {
            Value r1 = vm_repr(vm, MAKE_OBJ(t)), r2 = vm_repr(vm, result);
            vm_raise(vm, vm->exc_RuntimeError, "Task %s got Future %s attached to a different loop",
                     IS_NULL(r1) ? "?" : AS_STR(r1)->data, IS_NULL(r2) ? "?" : AS_STR(r2)->data);
            Value e = vm_take_exc(vm);
            aio_call_soon(vm, loop, t->step, &e, 1, t->context);
        } else if (blocking) {
            if (AS_OBJ(result) == (Obj *)t) {
                Value r1 = vm_repr(vm, MAKE_OBJ(t));
                vm_raise(vm, vm->exc_RuntimeError, "Task cannot await on itself: %s", IS_NULL(r1) ? "?" : AS_STR(r1)->data);
                Value e = vm_take_exc(vm);
                aio_call_soon(vm, loop, t->step, &e, 1, t->context);
            } else {
                if (aio_is_future(vm, result)) {
                    ObjFuture *f = FUT(result);
                    f->blocking = false;
                    if (f->state != FUT_PENDING) aio_call_soon(vm, loop, t->wakeup, &result, 1, t->context);
                    else {
                        list_append(vm, f->callbacks, t->wakeup);
                        list_append(vm, f->callbacks, t->context);
                    }
                } else {
                    vm_setattr(vm, result, str_intern_cstr(vm, "_asyncio_future_blocking"), VAL_FALSE);
                    Value m = vm_getattr(vm, result, str_intern_cstr(vm, "add_done_callback"));
                    if (!IS_NULL(m)) vm_call1(vm, m, t->wakeup);
                    if (vm_has_exc(vm)) vm_clear_exc(vm);
                }
                t->fut_waiter = result;
                if (t->must_cancel) {
                    bool c;
                    if (AS_OBJ(result)->type == vm->t_future) {
                        c = future_cancel(vm, FUT(result), t->cancel_msg);
                    } else {
                        Value cm = vm_call_method(vm, result, str_intern_cstr(vm, "cancel"), &t->cancel_msg, 1);
                        c = !IS_NULL(cm) && vm_truthy(vm, cm) > 0;
                        if (vm_has_exc(vm)) vm_clear_exc(vm);
                    }
                    if (c) t->must_cancel = false;
                }
            }
        } else {
            Value r1 = vm_repr(vm, MAKE_OBJ(t)), r2 = vm_repr(vm, result);
            vm_raise(vm, vm->exc_RuntimeError, "yield was used instead of yield from in task %s with %s",
                     IS_NULL(r1) ? "?" : AS_STR(r1)->data, IS_NULL(r2) ? "?" : AS_STR(r2)->data);
            Value e = vm_take_exc(vm);
            aio_call_soon(vm, loop, t->step, &e, 1, t->context);
        }
    } else if (IS_NONE(result)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        aio_call_soon(vm, loop, t->step, NULL, 0, t->context);
    } else {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        Value r2 = vm_repr(vm, result);
        if (IS_GEN(result) && AS_GEN(result)->gkind == GEN_GENERATOR)
            vm_raise(vm, vm->exc_RuntimeError, "yield was used instead of yield from for generator in task %s with %s", "task",
                     IS_NULL(r2) ? "?" : AS_STR(r2)->data);
        else
            vm_raise(vm, vm->exc_RuntimeError, "Task got bad yield: %s", IS_NULL(r2) ? "?" : AS_STR(r2)->data);
        Value e = vm_take_exc(vm);
        aio_call_soon(vm, loop, t->step, &e, 1, t->context);
    }
    gc_pop_roots(vm, 1);
    return ok;
}

static Value task_cancel(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value msg = VAL_NULL;
    if (!vm_parse_args(vm, "cancel", args + 1, nargs - 1, kw, "|msg", &msg)) return VAL_NULL;
    if (IS_NULL(msg)) msg = VAL_NONE;
    ObjFuture *t = FUT(args[0]);
    t->log_tb = false;
    if (t->state != FUT_PENDING) return VAL_FALSE;
    t->num_cancels++;
    if (!IS_NONE(t->fut_waiter)) {
        /* tasks awaiting each other in a cycle would cancel each other
         * forever: CPython ends that with RecursionError, so do we */
        if (vm->c_depth >= 1000)
            return vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded while calling a Python object");
        vm->c_depth++;
        Value r = vm_call_method(vm, t->fut_waiter, str_intern_cstr(vm, "cancel"), &msg, 1);
        vm->c_depth--;
        if (IS_NULL(r)) return VAL_NULL;
        int c = vm_truthy(vm, r);
        if (c < 0) return VAL_NULL;
        if (c) return VAL_TRUE;
    }
    t->must_cancel = true;
    t->cancel_msg = msg;
    return VAL_TRUE;
}

static Value task_cancelling(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_INT(FUT(args[0])->num_cancels); }
static Value task_uncancel(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFuture *t = FUT(args[0]);
    if (t->num_cancels > 0) t->num_cancels--;
    return MAKE_INT(t->num_cancels);
}
static Value task_get_name(VM *vm, Value *args, int nargs, ObjTuple *kw) { return FUT(args[0])->name; }
static Value task_set_name(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "set_name", nargs, 2, 2)) return VAL_NULL;
    Value s = vm_str(vm, args[1]);
    if (IS_NULL(s)) return VAL_NULL;
    FUT(args[0])->name = s;
    return VAL_NONE;
}
static Value task_get_coro(VM *vm, Value *args, int nargs, ObjTuple *kw) { return FUT(args[0])->coro; }
static Value task_get_context(VM *vm, Value *args, int nargs, ObjTuple *kw) { return FUT(args[0])->context; }

/* "file:line" where a coroutine chain is parked, following awaits. */
/* Where a task's coroutine is suspended: the task's own frame (the line of
 * its await, in the user's code) and, when that await is delegating into
 * further coroutines, the innermost one's name, e.g.
 * "prog.py:8 in waiter (inside Event.wait)". */
static ObjStr *where_waiting(VM *vm, Value coro) {
    Value c = coro;
    ObjStr *outer = NULL;
    ObjGen *inner = NULL;
    for (int depth = 0; depth < 100 && IS_GEN(c); depth++) {
        ObjGen *g = AS_GEN(c);
        if (!g->frame) break;
        if (!outer) {
            Frame *f = g->frame;
            int pc = (int)(f->ip - f->code->code) - 1;
            if (pc < 0) pc = 0;
            outer = str_printf(vm, "%s:%d in %s", f->code->filename->data, code_line_for_pc(f->code, pc),
                               g->qualname->data);
        } else {
            inner = g;
        }
        Value d = gen_delegate(g);
        if (IS_NULL(d)) break;
        c = d;
    }
    if (outer && inner) return str_printf(vm, "%s (inside %s)", outer->data, inner->qualname->data);
    return outer;
}

/* ---- reprs: CPython's base_futures/base_tasks _repr_info ------------------ */

/* asyncio.<name>(arg) from stdlib/asyncio.py (reprlib, callback formatting);
 * NULL without an exception when unavailable. */
static ObjStr *asyncio_helper_str(VM *vm, const char *name, Value arg) {
    Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
    if (IS_NULL(m)) {
        vm_clear_exc(vm);
        return NULL;
    }
    Value fn = vm_getattr_opt(vm, m, str_intern_cstr(vm, name));
    if (IS_NULL(fn)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        return NULL;
    }
    Value r = vm_call1(vm, fn, arg);
    if (IS_NULL(r) || !IS_STR(r)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        return NULL;
    }
    return AS_STR(r);
}

static bool add_repr(VM *vm, StrBuf *b, Value v) {
    Value r = vm_repr(vm, v);
    if (IS_NULL(r)) return false;
    strbuf_add_str(b, AS_STR(r));
    return true;
}

/* "work() running at prog.py:3" / "work() done, defined at prog.py:2" */
static bool add_coro_info(VM *vm, StrBuf *b, Value coro) {
    if (!IS_GEN(coro)) return add_repr(vm, b, coro);
    ObjGen *g = AS_GEN(coro);
    strbuf_add_str(b, g->qualname);
    strbuf_add_cstr(b, "()");
    const char *file = g->code->filename ? g->code->filename->data : "<empty co_filename>";
    if (g->frame) {
        int line = g->code->firstlineno;
        if (g->started) {
            int pc = (int)(g->frame->ip - g->code->code) - 1;
            if (pc < 0) pc = 0;
            line = code_line_for_pc(g->code, pc);
        }
        strbuf_printf(b, " running at %s:%d", file, line);
    } else {
        strbuf_printf(b, " done, defined at %s:%d", file, g->code->firstlineno);
    }
    return true;
}

static Value future_repr_common(VM *vm, Value self, bool is_task) {
    ObjFuture *f = FUT(self);
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_char(&b, '<');
    strbuf_add_cstr(&b, vm_type_name(vm, self));
    strbuf_add_char(&b, ' ');
    if (is_task && f->state == FUT_PENDING && f->must_cancel) strbuf_add_cstr(&b, "cancelling");
    else strbuf_add_cstr(&b, f->state == FUT_PENDING ? "pending" : f->state == FUT_CANCELLED ? "cancelled" : "finished");
    bool ok = true;
    if (is_task) {
        strbuf_add_cstr(&b, " name=");
        ok = add_repr(vm, &b, f->name);
        if (ok) {
            strbuf_add_cstr(&b, " coro=<");
            ok = add_coro_info(vm, &b, f->coro);
            strbuf_add_char(&b, '>');
        }
        if (ok && !IS_NONE(f->fut_waiter)) {
            strbuf_add_cstr(&b, " wait_for=");
            ok = add_repr(vm, &b, f->fut_waiter);
        }
    }
    if (ok && f->state == FUT_FINISHED) {
        if (!IS_NONE(f->exception)) {
            strbuf_add_cstr(&b, " exception=");
            ok = add_repr(vm, &b, f->exception);
        } else {
            strbuf_add_cstr(&b, " result=");
            ObjStr *r = asyncio_helper_str(vm, "_reprlib_repr", f->result);
            if (r) strbuf_add_str(&b, r);
            else ok = add_repr(vm, &b, f->result);
        }
    }
    if (ok && f->callbacks->len > 0) {
        ObjList *fns = list_new(vm, 0);
        for (int64_t i = 0; i + 1 < f->callbacks->len; i += 2) list_append(vm, fns, f->callbacks->items[i]);
        ObjStr *cb = asyncio_helper_str(vm, "_format_callbacks", MAKE_OBJ(fns));
        if (cb) {
            strbuf_add_char(&b, ' ');
            strbuf_add_str(&b, cb);
        }
    }
    strbuf_add_char(&b, '>');
    ObjStr *out = strbuf_finish(vm, &b);
    return ok ? MAKE_OBJ(out) : VAL_NULL;
}

static Value fut_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) { return future_repr_common(vm, args[0], false); }
static Value task_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) { return future_repr_common(vm, args[0], true); }

ObjStr *aio_describe_waiters(VM *vm, ObjLoop *loop) {
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "deadlock: no task can make progress (nothing is ready, no timers, no I/O)");
    int64_t pos = 0;
    Value k, v;
    while (dict_next(loop->tasks, &pos, &k, &v)) {
        ObjFuture *t = FUT(k);
        strbuf_add_cstr(&b, "\n  task '");
        if (IS_STR(t->name)) strbuf_add_str(&b, AS_STR(t->name));
        strbuf_add_cstr(&b, "' waits at ");
        ObjStr *w = where_waiting(vm, t->coro);
        if (w) strbuf_add_str(&b, w);
        else strbuf_add_cstr(&b, "<not started>");
    }
    return strbuf_finish(vm, &b);
}

void aio_report_unretrieved(VM *vm, ObjLoop *loop) {
    if (!loop->unretrieved) return;
    for (int64_t i = 0; i < loop->unretrieved->len; i++) {
        ObjFuture *t = FUT(loop->unretrieved->items[i]);
        if (!t->log_tb || IS_NONE(t->exception)) continue;
        t->log_tb = false;
        Value rep = future_repr_common(vm, MAKE_OBJ(t), t->is_task);
        fflush(vm->out);
        fputs(t->is_task ? "Task exception was never retrieved\n" : "Future exception was never retrieved\n", stderr);
        if (!IS_NULL(rep)) fprintf(stderr, "future: %s\n", AS_STR(rep)->data);
        else vm_clear_exc(vm);
        traceback_print(vm, t->exception, stderr);
    }
    loop->unretrieved->len = 0;
}

static const MethodDef future_methods[] = {
    {"__new__", fut_new, METH_STATIC | METH_KW, NULL},
    {"__init__", fut_init, METH_KW, NULL},
    {"result", fut_result, 0, NULL},
    {"exception", fut_exception, 0, NULL},
    {"set_result", fut_set_result, 0, NULL},
    {"set_exception", fut_set_exception, 0, NULL},
    {"done", fut_done, 0, NULL},
    {"cancelled", fut_cancelled, 0, NULL},
    {"cancel", fut_cancel, METH_KW, NULL},
    {"add_done_callback", fut_add_done_callback, METH_KW, NULL},
    {"remove_done_callback", fut_remove_done_callback, 0, NULL},
    {"get_loop", fut_get_loop, 0, NULL},
    {"_make_cancelled_error", fut_make_cancelled_error, 0, NULL},
    {"__await__", fut_await, 0, NULL},
    {"__iter__", fut_await, 0, NULL},
    {"__repr__", fut_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef future_getsets[] = {
    {"_asyncio_future_blocking", fut_get_blocking, fut_set_blocking},
    {"_state", fut_get_state, NULL},
    {"_cancel_message", fut_get_cancel_message, fut_set_cancel_message},
    {"_loop", fut_get_loop_attr, NULL},
    {"_log_traceback", fut_get_log_tb, fut_set_log_tb},
    {NULL, NULL, NULL},
};
static const MethodDef task_methods[] = {
    {"__new__", task_new, METH_STATIC | METH_KW, NULL},
    {"__init__", task_init, METH_KW, NULL},
    {"cancel", task_cancel, METH_KW, NULL},
    {"cancelling", task_cancelling, 0, NULL},
    {"uncancel", task_uncancel, 0, NULL},
    {"get_name", task_get_name, 0, NULL},
    {"set_name", task_set_name, 0, NULL},
    {"get_coro", task_get_coro, 0, NULL},
    {"get_context", task_get_context, 0, NULL},
    {"__repr__", task_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef futiter_methods[] = {
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"send", futiter_send, 0, NULL},
    {"throw", futiter_throw, 0, NULL},
    {"close", futiter_close, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void aio_future_init(VM *vm, ObjModule *m) {
    if (!vm->t_future) {
        vm->t_future = type_new_builtin(vm, "Future", NULL, OK_OTHER, sizeof(ObjFuture), future_trace, NULL, TF_BASETYPE);
        vm->t_future->dictoffset = offsetof(ObjFuture, dict);
        vm->t_future->module = str_intern_cstr(vm, "_asyncio");
        type_add_methods(vm, vm->t_future, future_methods);
        type_add_getsets(vm, vm->t_future, future_getsets);
        vm->t_task = type_new_builtin(vm, "Task", vm->t_future, OK_OTHER, sizeof(ObjFuture), future_trace, NULL, TF_BASETYPE);
        vm->t_task->dictoffset = offsetof(ObjFuture, dict);
        vm->t_task->module = str_intern_cstr(vm, "_asyncio");
        type_add_methods(vm, vm->t_task, task_methods);
        vm->t_future_iter = type_new_builtin(vm, "FutureIter", NULL, OK_OTHER, sizeof(ObjFuture), futiter_trace, NULL, 0);
        vm->t_future_iter->iternext = futiter_iternext;
        type_add_methods(vm, vm->t_future_iter, futiter_methods);
        vm->exc_CancelledError = type_new_builtin(vm, "CancelledError", vm->exc_BaseException, OK_EXCEPTION,
                                                  sizeof(ObjException), NULL, NULL, TF_BASETYPE | TF_EXCEPTION);
        vm->exc_CancelledError->dictoffset = offsetof(ObjException, dict);
        vm->exc_CancelledError->module = str_intern_cstr(vm, "asyncio.exceptions");
        vm->exc_InvalidStateError = type_new_builtin(vm, "InvalidStateError", vm->exc_Exception, OK_EXCEPTION,
                                                     sizeof(ObjException), NULL, NULL, TF_BASETYPE | TF_EXCEPTION);
        vm->exc_InvalidStateError->dictoffset = offsetof(ObjException, dict);
        vm->exc_InvalidStateError->module = str_intern_cstr(vm, "asyncio.exceptions");
    }
    module_set(vm, m, "Future", MAKE_OBJ(vm->t_future));
    module_set(vm, m, "Task", MAKE_OBJ(vm->t_task));
    module_set(vm, m, "CancelledError", MAKE_OBJ(vm->exc_CancelledError));
    module_set(vm, m, "InvalidStateError", MAKE_OBJ(vm->exc_InvalidStateError));
}
