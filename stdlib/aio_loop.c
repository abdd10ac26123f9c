/* aio_loop.c: the event loop in C: a ring-buffer ready queue of handles, a
 * binary heap of timers keyed by (monotonic time, sequence), and epoll for
 * file-descriptor readiness, so waiting costs no CPU.
 *
 * One iteration (run_once), as CPython's BaseEventLoop._run_once: drop
 * cancelled timers at the heap top; wait in epoll for 0 if anything is
 * ready, else until the nearest timer, else forever; queue ready readers;
 * move due timers to the ready queue; run exactly the handles that were
 * ready at that point. When nothing is ready and nothing can ever become
 * ready while run_until_complete's future is pending, that is a deadlock:
 * the main task gets a RuntimeError listing every blocked task.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "aio.h"
#include "console.h"
#include "dict.h"
#include "exception.h"
#include "gen.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

#define LOOP(v) ((ObjLoop *)AS_OBJ(v))
#define HANDLE(v) ((ObjHandle *)AS_OBJ(v))

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- handles -------------------------------------------------------------- */

static void handle_trace(GC *gc, Obj *o) {
    ObjHandle *h = (ObjHandle *)o;
    gc_mark_value(gc, h->callback);
    gc_mark_obj(gc, (Obj *)h->args);
    gc_mark_value(gc, h->context);
    gc_mark_value(gc, h->loop);
}

static ObjHandle *handle_new(VM *vm, ObjLoop *loop, Value cb, Value *args, int nargs, Value context) {
    ObjHandle *h = (ObjHandle *)gc_alloc(vm, sizeof(ObjHandle), vm->t_handle, OK_OTHER);
    h->callback = cb;
    h->args = tuple_from(vm, args, nargs);
    h->context = context;
    h->loop = MAKE_OBJ(loop);
    h->heap_index = -1;
    return h;
}

static void ready_push(VM *vm, ObjLoop *l, Value h) {
    if (l->rlen == l->rcap) {
        int64_t ncap = l->rcap ? l->rcap * 2 : 64;
        Value *nr = gc_malloc(vm, (size_t)ncap * sizeof(Value));
        for (int64_t i = 0; i < l->rlen; i++) nr[i] = l->ready[(l->rhead + i) % l->rcap];
        gc_free(vm, l->ready, (size_t)l->rcap * sizeof(Value));
        l->ready = nr;
        l->rcap = ncap;
        l->rhead = 0;
    }
    l->ready[(l->rhead + l->rlen) % l->rcap] = h;
    l->rlen++;
}

static Value ready_pop(ObjLoop *l) {
    Value h = l->ready[l->rhead];
    l->rhead = (l->rhead + 1) % l->rcap;
    l->rlen--;
    return h;
}

ObjHandle *aio_call_soon(VM *vm, ObjLoop *loop, Value cb, Value *args, int nargs, Value context) {
    ObjHandle *h = handle_new(vm, loop, cb, args, nargs, context);
    ready_push(vm, loop, MAKE_OBJ(h));
    return h;
}

static bool timer_less(ObjHandle *a, ObjHandle *b) {
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void heap_swap(ObjLoop *l, int64_t i, int64_t j) {
    ObjHandle *t = l->heap[i];
    l->heap[i] = l->heap[j];
    l->heap[j] = t;
    l->heap[i]->heap_index = (int)i;
    l->heap[j]->heap_index = (int)j;
}

static void heap_up(ObjLoop *l, int64_t i) {
    while (i > 0) {
        int64_t p = (i - 1) / 2;
        if (!timer_less(l->heap[i], l->heap[p])) break;
        heap_swap(l, i, p);
        i = p;
    }
}

static void heap_down(ObjLoop *l, int64_t i) {
    for (;;) {
        int64_t a = 2 * i + 1, b = a + 1, m = i;
        if (a < l->hlen && timer_less(l->heap[a], l->heap[m])) m = a;
        if (b < l->hlen && timer_less(l->heap[b], l->heap[m])) m = b;
        if (m == i) break;
        heap_swap(l, i, m);
        i = m;
    }
}

static void heap_push(VM *vm, ObjLoop *l, ObjHandle *h) {
    if (l->hlen == l->hcap) {
        int64_t ncap = l->hcap ? l->hcap * 2 : 64;
        l->heap = gc_realloc(vm, l->heap, (size_t)l->hcap * sizeof(ObjHandle *), (size_t)ncap * sizeof(ObjHandle *));
        l->hcap = ncap;
    }
    l->heap[l->hlen] = h;
    h->heap_index = (int)l->hlen;
    l->hlen++;
    heap_up(l, l->hlen - 1);
}

static ObjHandle *heap_pop(ObjLoop *l) {
    ObjHandle *top = l->heap[0];
    l->hlen--;
    if (l->hlen > 0) {
        l->heap[0] = l->heap[l->hlen];
        l->heap[0]->heap_index = 0;
        heap_down(l, 0);
    }
    top->heap_index = -1;
    return top;
}

/* O(log n) removal of a cancelled timer (the DESIGN's cancel path). */
static void heap_remove(ObjLoop *l, ObjHandle *h) {
    int64_t i = h->heap_index;
    if (i < 0 || i >= l->hlen || l->heap[i] != h) return;
    l->hlen--;
    if (i != l->hlen) {
        l->heap[i] = l->heap[l->hlen];
        l->heap[i]->heap_index = (int)i;
        heap_down(l, i);
        heap_up(l, i);
    }
    h->heap_index = -1;
}

static ObjHandle *call_at(VM *vm, ObjLoop *loop, double when, Value cb, Value *args, int nargs, Value ctx) {
    ObjHandle *h = handle_new(vm, loop, cb, args, nargs, ctx);
    h->when = when;
    h->is_timer = true;
    h->seq = loop->seq++;
    heap_push(vm, loop, h);
    return h;
}

static Value handle_cancel(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjHandle *h = HANDLE(args[0]);
    if (!h->cancelled) {
        h->cancelled = true;
        if (h->is_timer && IS_OBJ(h->loop)) heap_remove(LOOP(h->loop), h);
        h->callback = VAL_NONE;
        h->args = vm->empty_tuple;
    }
    return VAL_NONE;
}
static Value handle_cancelled(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_BOOL(HANDLE(args[0])->cancelled); }
static Value handle_when(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_FLOAT(HANDLE(args[0])->when); }
static Value callback_source(VM *vm, ObjHandle *h);

static Value handle_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjHandle *h = HANDLE(args[0]);
    if (h->cancelled) return MAKE_OBJ(str_printf(vm, "<%s cancelled>", h->is_timer ? "TimerHandle" : "Handle"));
    Value r = callback_source(vm, h);
    if (IS_NULL(r) || !IS_STR(r)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        r = vm_repr(vm, h->callback);
    }
    if (IS_NULL(r)) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "<%s %s>", h->is_timer ? "TimerHandle" : "Handle", AS_STR(r)->data));
}

/* ---- contextvars glue ------------------------------------------------------ */

static Value run_handle(VM *vm, ObjHandle *h) {
    Value cb = h->callback;
    ObjTuple *a = h->args;
    if (IS_NULL(h->context) || IS_NONE(h->context)) return vm_call(vm, cb, a->items, (int)a->len, NULL);
    return ctx_run(vm, h->context, cb, a->items, (int)a->len);
}

/* ---- the loop object -------------------------------------------------------- */

static void loop_trace(GC *gc, Obj *o) {
    ObjLoop *l = (ObjLoop *)o;
    gc_mark_obj(gc, (Obj *)l->dict);
    for (int64_t i = 0; i < l->rlen; i++) gc_mark_value(gc, l->ready[(l->rhead + i) % l->rcap]);
    for (int64_t i = 0; i < l->hlen; i++) gc_mark_obj(gc, (Obj *)l->heap[i]);
    gc_mark_obj(gc, (Obj *)l->readers);
    gc_mark_obj(gc, (Obj *)l->writers);
    gc_mark_obj(gc, (Obj *)l->always_ready);
    gc_mark_obj(gc, (Obj *)l->tasks);
    gc_mark_value(gc, l->current_task);
    gc_mark_value(gc, l->main_task);
    gc_mark_obj(gc, (Obj *)l->unretrieved);
    gc_mark_value(gc, l->exception_handler);
}

static void loop_free(VM *vm, Obj *o) {
    ObjLoop *l = (ObjLoop *)o;
    gc_free(vm, l->ready, (size_t)l->rcap * sizeof(Value));
    gc_free(vm, l->heap, (size_t)l->hcap * sizeof(ObjHandle *));
    if (l->epfd >= 0) close(l->epfd);
    l->epfd = -1;
}

static Value loop_alloc(VM *vm, ObjType *cls) {
    ObjLoop *l = (ObjLoop *)gc_alloc(vm, cls->basicsize, cls, OK_OTHER);
    l->epfd = -1;
    l->readers = dict_new(vm);
    l->writers = dict_new(vm);
    l->always_ready = dict_new(vm);
    l->tasks = dict_new(vm);
    l->current_task = VAL_NONE;
    l->main_task = VAL_NONE;
    l->unretrieved = list_new(vm, 0);
    l->exception_handler = VAL_NONE;
    return MAKE_OBJ(l);
}

static Value loop_new(VM *vm, Value *args, int nargs, ObjTuple *kw) { return loop_alloc(vm, AS_TYPE(args[0])); }
static Value loop_init(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }

Value aio_get_running_loop(VM *vm) { return vm->running_loop; }

static bool check_closed(VM *vm, ObjLoop *l) {
    if (l->closed) {
        vm_raise(vm, vm->exc_RuntimeError, "Event loop is closed");
        return false;
    }
    return true;
}

static Value m_call_soon(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    int nkw = kw ? (int)kw->len : 0;
    Value ctx = VAL_NONE;
    for (int i = 0; i < nkw; i++) {
        if (strcmp(AS_STR(kw->items[i])->data, "context") == 0) ctx = args[nargs + i];
        else return vm_raise(vm, vm->exc_TypeError, "call_soon() got an unexpected keyword argument '%s'", AS_STR(kw->items[i])->data);
    }
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "call_soon() missing 1 required positional argument: 'callback'");
    ObjLoop *l = LOOP(args[0]);
    if (!check_closed(vm, l)) return VAL_NULL;
    if (IS_NONE(ctx)) ctx = ctx_copy_current(vm);
    return MAKE_OBJ(aio_call_soon(vm, l, args[1], args + 2, nargs - 2, ctx));
}

static bool get_number(VM *vm, Value v, double *out, const char *what) {
    if (IS_INT(v) || IS_BOOL(v)) *out = (double)AS_INT(v);
    else if (IS_FLOAT(v)) *out = AS_FLOAT(v);
    else {
        vm_raise(vm, vm->exc_TypeError, "'%s' must be a number, not %s", what, vm_type_name(vm, v));
        return false;
    }
    return true;
}

static Value timer_common(VM *vm, Value *args, int nargs, ObjTuple *kw, bool absolute) {
    int nkw = kw ? (int)kw->len : 0;
    Value ctx = VAL_NONE;
    for (int i = 0; i < nkw; i++) {
        if (strcmp(AS_STR(kw->items[i])->data, "context") == 0) ctx = args[nargs + i];
        else return vm_raise(vm, vm->exc_TypeError, "unexpected keyword argument '%s'", AS_STR(kw->items[i])->data);
    }
    if (nargs < 3) return vm_raise(vm, vm->exc_TypeError, "%s() missing required arguments", absolute ? "call_at" : "call_later");
    ObjLoop *l = LOOP(args[0]);
    if (!check_closed(vm, l)) return VAL_NULL;
    double t;
    if (!get_number(vm, args[1], &t, absolute ? "when" : "delay")) return VAL_NULL;
    if (!absolute) t += mono_now();
    if (IS_NONE(ctx)) ctx = ctx_copy_current(vm);
    return MAKE_OBJ(call_at(vm, l, t, args[2], args + 3, nargs - 3, ctx));
}
static Value m_call_later(VM *vm, Value *args, int nargs, ObjTuple *kw) { return timer_common(vm, args, nargs, kw, false); }
static Value m_call_at(VM *vm, Value *args, int nargs, ObjTuple *kw) { return timer_common(vm, args, nargs, kw, true); }
static Value m_time(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_FLOAT(mono_now()); }

static Value m_create_future(VM *vm, Value *args, int nargs, ObjTuple *kw) { return aio_future_new(vm, args[0]); }

static Value m_create_task(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value coro = VAL_NULL, name = VAL_NULL, context = VAL_NULL;
    if (!vm_parse_args(vm, "create_task", args + 1, nargs - 1, kw, "coro|$name,context", &coro, &name, &context))
        return VAL_NULL;
    ObjLoop *l = LOOP(args[0]);
    if (!check_closed(vm, l)) return VAL_NULL;
    if (!(IS_GEN(coro) && AS_GEN(coro)->gkind == GEN_COROUTINE)) {
        Value r = vm_repr(vm, coro);
        if (IS_NULL(r)) return VAL_NULL;
        return vm_raise(vm, vm->exc_TypeError, "a coroutine was expected, got %s", AS_STR(r)->data);
    }
    return aio_task_new(vm, coro, args[0], name, context);
}

static Value m_is_running(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_BOOL(LOOP(args[0])->running); }
static Value m_is_closed(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_BOOL(LOOP(args[0])->closed); }
static Value m_stop(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    LOOP(args[0])->stopping = true;
    return VAL_NONE;
}
static Value m_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjLoop *l = LOOP(args[0]);
    if (l->running) return vm_raise(vm, vm->exc_RuntimeError, "Cannot close a running event loop");
    if (l->closed) return VAL_NONE;
    aio_report_unretrieved(vm, l);
    l->closed = true;
    l->rlen = 0;
    l->hlen = 0;
    if (l->epfd >= 0) close(l->epfd);
    l->epfd = -1;
    return VAL_NONE;
}

/* ---- I/O readiness -------------------------------------------------------- */

static bool ensure_epoll(VM *vm, ObjLoop *l) {
    if (l->epfd >= 0) return true;
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (l->epfd < 0) {
        vm_raise(vm, vm->exc_OSError, "[Errno %d] %s", errno, strerror(errno));
        return false;
    }
    return true;
}

static bool update_fd(VM *vm, ObjLoop *l, int fd) {
    Value key = MAKE_INT(fd);
    bool r = !IS_NULL(dict_get(vm, l->readers, key)), w = !IS_NULL(dict_get(vm, l->writers, key));
    if (!ensure_epoll(vm, l)) return false;
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = (r ? EPOLLIN : 0) | (w ? EPOLLOUT : 0);
    ev.data.fd = fd;
    if (!r && !w) {
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, &ev);
        return dict_del(vm, l->always_ready, key) >= 0;
    }
    if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0) {
        if (errno == ENOENT) {
            if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
                vm_raise(vm, vm->exc_OSError, "[Errno %d] %s", errno, strerror(errno));
                return false;
            }
        } else if (errno == EPERM) {
            /* regular files are always ready: epoll refuses them, so
             * run_once reports them ready on every iteration */
            return dict_set(vm, l->always_ready, key, VAL_NONE);
        } else {
            vm_raise(vm, vm->exc_OSError, "[Errno %d] %s", errno, strerror(errno));
            return false;
        }
    }
    return true;
}

static bool fd_arg(VM *vm, Value v, int *fd) {
    if (IS_INT(v)) {
        *fd = (int)AS_INT(v);
        return true;
    }
    Value f = vm_call_method(vm, v, str_intern_cstr(vm, "fileno"), NULL, 0);
    if (IS_NULL(f)) return false;
    if (!IS_INT(f)) {
        vm_raise(vm, vm->exc_TypeError, "fileno() returned a non-integer");
        return false;
    }
    *fd = (int)AS_INT(f);
    return true;
}

static Value add_watch(VM *vm, Value *args, int nargs, bool writer) {
    if (nargs < 3) return vm_raise(vm, vm->exc_TypeError, "add_%s() missing arguments", writer ? "writer" : "reader");
    ObjLoop *l = LOOP(args[0]);
    if (!check_closed(vm, l)) return VAL_NULL;
    int fd;
    if (!fd_arg(vm, args[1], &fd)) return VAL_NULL;
    ObjHandle *h = handle_new(vm, l, args[2], args + 3, nargs - 3, ctx_copy_current(vm));
    dict_set(vm, writer ? l->writers : l->readers, MAKE_INT(fd), MAKE_OBJ(h));
    if (!update_fd(vm, l, fd)) return VAL_NULL;
    return VAL_NONE;
}
static Value remove_watch(VM *vm, Value *args, int nargs, bool writer) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "remove_%s() missing arguments", writer ? "writer" : "reader");
    ObjLoop *l = LOOP(args[0]);
    int fd;
    if (!fd_arg(vm, args[1], &fd)) return VAL_NULL;
    int r = dict_del(vm, writer ? l->writers : l->readers, MAKE_INT(fd));
    if (r < 0) return VAL_NULL;
    if (r > 0 && !update_fd(vm, l, fd)) return VAL_NULL;
    return MAKE_BOOL(r > 0);
}
bool aio_add_reader(VM *vm, ObjLoop *l, int fd, Value cb) {
    if (!check_closed(vm, l)) return false;
    ObjHandle *h = handle_new(vm, l, cb, NULL, 0, ctx_copy_current(vm));
    if (!dict_set(vm, l->readers, MAKE_INT(fd), MAKE_OBJ(h))) return false;
    return update_fd(vm, l, fd);
}

bool aio_remove_reader(VM *vm, ObjLoop *l, int fd) {
    int r = dict_del(vm, l->readers, MAKE_INT(fd));
    if (r <= 0) {
        if (r < 0) vm_clear_exc(vm);
        return false;
    }
    if (!update_fd(vm, l, fd)) vm_clear_exc(vm);
    return true;
}

static Value m_add_reader(VM *vm, Value *args, int nargs, ObjTuple *kw) { return add_watch(vm, args, nargs, false); }
static Value m_add_writer(VM *vm, Value *args, int nargs, ObjTuple *kw) { return add_watch(vm, args, nargs, true); }
static Value m_remove_reader(VM *vm, Value *args, int nargs, ObjTuple *kw) { return remove_watch(vm, args, nargs, false); }
static Value m_remove_writer(VM *vm, Value *args, int nargs, ObjTuple *kw) { return remove_watch(vm, args, nargs, true); }

/* ---- running ---------------------------------------------------------------- */

/* "func(args) at file:line" as asyncio formats callbacks, or NULL. */
static Value callback_source(VM *vm, ObjHandle *h) {
    Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
    if (IS_NULL(m)) return VAL_NULL;
    Value fmt = vm_getattr(vm, m, str_intern_cstr(vm, "_format_callback_source"));
    if (IS_NULL(fmt)) return VAL_NULL;
    return vm_call2(vm, fmt, h->callback, MAKE_OBJ(h->args ? h->args : vm->empty_tuple));
}

/* A callback raised: hand it to the loop's exception handler as CPython
 * does ("Exception in callback f(1) at prog.py:3", the handle, the
 * traceback), or print it directly when that is not possible. */
static void report_callback_error(VM *vm, ObjLoop *l, ObjHandle *h) {
    Value exc = vm_take_exc(vm);
    gc_push_root(vm, exc);
    Value handler = vm_getattr_opt(vm, MAKE_OBJ(l), str_intern_cstr(vm, "call_exception_handler"));
    if (!IS_NULL(handler)) {
        Value src = callback_source(vm, h);
        if (!IS_NULL(src) && IS_STR(src)) {
            ObjDict *ctx = dict_new(vm);
            dict_set_str(vm, ctx, str_intern_cstr(vm, "message"),
                         MAKE_OBJ(str_printf(vm, "Exception in callback %s", AS_STR(src)->data)));
            dict_set_str(vm, ctx, str_intern_cstr(vm, "exception"), exc);
            dict_set_str(vm, ctx, str_intern_cstr(vm, "handle"), MAKE_OBJ(h));
            Value r = vm_call1(vm, handler, MAKE_OBJ(ctx));
            if (!IS_NULL(r)) {
                gc_pop_roots(vm, 1);
                return;
            }
        }
    }
    if (vm_has_exc(vm)) vm_clear_exc(vm);
    fflush(vm->out);
    Value r = vm_repr(vm, h->callback);
    if (IS_NULL(r)) vm_clear_exc(vm);
    fprintf(stderr, "Exception in callback %s\n", IS_NULL(r) ? "?" : AS_STR(r)->data);
    traceback_print(vm, exc, stderr);
    gc_pop_roots(vm, 1);
}

static Value silence_abandoned(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 0 && aio_is_future(vm, args[0])) ((ObjFuture *)AS_OBJ(args[0]))->log_tb = false;
    return VAL_NONE;
}

static bool deliver_deadlock(VM *vm, ObjLoop *l) {
    if (!aio_is_future(vm, l->main_task)) return false;
    ObjFuture *main = (ObjFuture *)AS_OBJ(l->main_task);
    if (main->state != FUT_PENDING) return false;
    ObjStr *msg = aio_describe_waiters(vm, l);
    Value m = MAKE_OBJ(msg);
    ObjException *e = exc_new(vm, vm->exc_RuntimeError, &m, 1);
    if (main->is_task) {
        /* throw into the main task at its await */
        Value ev = MAKE_OBJ(e);
        if (!IS_NONE(main->fut_waiter) && aio_is_future(vm, main->fut_waiter)) {
            ObjFuture *w = (ObjFuture *)AS_OBJ(main->fut_waiter);
            /* detach the wakeup so the abandoned future cannot resume it */
            ObjList *keep = list_new(vm, 0);
            for (int64_t i = 0; i + 1 < w->callbacks->len; i += 2) {
                if (val_is(w->callbacks->items[i], main->wakeup)) continue;
                list_append(vm, keep, w->callbacks->items[i]);
                list_append(vm, keep, w->callbacks->items[i + 1]);
            }
            w->callbacks = keep;
            /* nobody will look at that future again: read its outcome when
             * it ends so it is not reported as never retrieved */
            Value silence = MAKE_OBJ(native_new(vm, "_silence_abandoned", silence_abandoned, 0));
            Value r = vm_call_method(vm, main->fut_waiter, str_intern_cstr(vm, "add_done_callback"), &silence, 1);
            if (IS_NULL(r)) vm_clear_exc(vm);
        }
        main->fut_waiter = VAL_NONE;
        aio_call_soon(vm, l, main->step, &ev, 1, main->context);
    } else {
        Value ev = MAKE_OBJ(e);
        Value sx = vm_call_method(vm, l->main_task, str_intern_cstr(vm, "set_exception"), &ev, 1);
        if (IS_NULL(sx)) vm_clear_exc(vm);
    }
    return true;
}

static bool sigint_to_main(VM *vm, ObjLoop *l) {
    /* first Ctrl-C cancels the main task (asyncio.run's behaviour) */
    if (!aio_is_future(vm, l->main_task)) return false;
    ObjFuture *main = (ObjFuture *)AS_OBJ(l->main_task);
    if (main->state != FUT_PENDING || !main->is_task) return false;
    Value r = vm_call_method(vm, l->main_task, str_intern_cstr(vm, "cancel"), NULL, 0);
    if (IS_NULL(r)) vm_clear_exc(vm);
    return true;
}

/* One loop iteration; false with an exception pending to stop the loop. */
static bool run_once(VM *vm, ObjLoop *l) {
    while (l->hlen > 0 && l->heap[0]->cancelled) heap_pop(l);
    int timeout_ms;
    int nfds = (int)(l->readers->len + l->writers->len);
    if (l->rlen > 0 || l->stopping || l->always_ready->len > 0) timeout_ms = 0;
    else if (l->hlen > 0) {
        double d = l->heap[0]->when - mono_now();
        timeout_ms = d <= 0 ? 0 : (int)ceil(d * 1000.0);
        if (timeout_ms > 86400000) timeout_ms = 86400000;
    } else if (nfds > 0) {
        timeout_ms = -1;
    } else {
        /* nothing can ever run again */
        if (deliver_deadlock(vm, l)) return true;
        l->stopping = true;
        return true;
    }
    if (vm->sigint_pending) {
        vm->sigint_pending = 0;
        vm->sigint_count++;
        if (vm->sigint_count > 1 || !sigint_to_main(vm, l)) {
            vm_raise(vm, vm->exc_KeyboardInterrupt, "");
            if (IS_EXCEPTION(vm->exc)) AS_EXCEPTION(vm->exc)->args = vm->empty_tuple;
            return false;
        }
        timeout_ms = 0;
    }
    if (nfds > 0 || timeout_ms != 0) {
        struct epoll_event evs[64];
        int n = 0;
        if (nfds > 0 && ensure_epoll(vm, l)) {
            n = epoll_wait(l->epfd, evs, 64, timeout_ms);
        } else if (timeout_ms > 0) {
            struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        } else if (timeout_ms < 0) {
            pause();
        }
        if (n < 0) n = 0;
        for (int i = 0; i < n; i++) {
            Value key = MAKE_INT(evs[i].data.fd);
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                Value h = dict_get(vm, l->readers, key);
                if (!IS_NULL(h) && !HANDLE(h)->cancelled) ready_push(vm, l, h);
            }
            if (evs[i].events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
                Value h = dict_get(vm, l->writers, key);
                if (!IS_NULL(h) && !HANDLE(h)->cancelled) ready_push(vm, l, h);
            }
        }
        if (vm->sigint_pending) return run_once(vm, l);
    }
    if (l->always_ready->len > 0) {
        int64_t pos = 0;
        Value key, unused;
        while (dict_next(l->always_ready, &pos, &key, &unused)) {
            Value h = dict_get(vm, l->readers, key);
            if (!IS_NULL(h) && !HANDLE(h)->cancelled) ready_push(vm, l, h);
            h = dict_get(vm, l->writers, key);
            if (!IS_NULL(h) && !HANDLE(h)->cancelled) ready_push(vm, l, h);
        }
    }
    double end = mono_now() + 1e-9;
    while (l->hlen > 0) {
        ObjHandle *h = l->heap[0];
        if (h->cancelled) {
            heap_pop(l);
            continue;
        }
        if (h->when >= end) break;
        heap_pop(l);
        ready_push(vm, l, MAKE_OBJ(h));
    }
    int64_t ntodo = l->rlen;
    for (int64_t i = 0; i < ntodo; i++) {
        Value hv = ready_pop(l);
        ObjHandle *h = HANDLE(hv);
        if (h->cancelled) continue;
        gc_push_root(vm, hv);
        Value r = run_handle(vm, h);
        gc_pop_roots(vm, 1);
        if (IS_NULL(r)) {
            if (vm_exc_matches(vm, vm->exc_KeyboardInterrupt) || vm_exc_matches(vm, vm->exc_SystemExit)) return false;
            report_callback_error(vm, l, h);
        }
        gc_maybe_collect(vm);
    }
    return true;
}

static bool run_forever_impl(VM *vm, ObjLoop *l) {
    if (!check_closed(vm, l)) return false;
    if (l->running) {
        vm_raise(vm, vm->exc_RuntimeError, "This event loop is already running");
        return false;
    }
    if (!IS_NONE(vm->running_loop)) {
        vm_raise(vm, vm->exc_RuntimeError, "Cannot run the event loop while another loop is running");
        return false;
    }
    l->running = true;
    vm->running_loop = MAKE_OBJ(l);
    vm->loop = l;
    bool ok = true;
    gc_push_root(vm, MAKE_OBJ(l));
    for (;;) {
        if (!run_once(vm, l)) {
            ok = false;
            break;
        }
        if (l->stopping) break;
    }
    gc_pop_roots(vm, 1);
    l->stopping = false;
    l->running = false;
    vm->running_loop = VAL_NONE;
    return ok;
}

static Value m_run_forever(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return run_forever_impl(vm, LOOP(args[0])) ? VAL_NONE : VAL_NULL;
}

static Value stop_cb(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    /* bound to the loop; args[1] is the finished future */
    LOOP(args[0])->stopping = true;
    return VAL_NONE;
}

static Value m_run_until_complete(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "run_until_complete", nargs, 2, 2)) return VAL_NULL;
    ObjLoop *l = LOOP(args[0]);
    if (!check_closed(vm, l)) return VAL_NULL;
    /* CPython's order: closed, already running, then wrap the argument */
    if (l->running) return vm_raise(vm, vm->exc_RuntimeError, "This event loop is already running");
    if (!IS_NONE(vm->running_loop))
        return vm_raise(vm, vm->exc_RuntimeError, "Cannot run the event loop while another loop is running");
    Value fut = args[1];
    if (!aio_is_future(vm, fut)) {
        if (IS_GEN(fut) && AS_GEN(fut)->gkind == GEN_COROUTINE) {
            fut = aio_task_new(vm, fut, args[0], VAL_NONE, VAL_NONE);
            if (IS_NULL(fut)) return VAL_NULL;
        } else {
            /* any awaitable: asyncio.ensure_future(fut, loop=self) */
            Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
            if (IS_NULL(m)) return VAL_NULL;
            Value ef = vm_getattr(vm, m, str_intern_cstr(vm, "ensure_future"));
            if (IS_NULL(ef)) return VAL_NULL;
            ObjTuple *kwn = tuple_new(vm, 1);
            kwn->items[0] = MAKE_OBJ(str_intern_cstr(vm, "loop"));
            Value cargs[2] = {fut, args[0]};
            fut = vm_call(vm, ef, cargs, 1, kwn);
            if (IS_NULL(fut)) return VAL_NULL;
            if (!aio_is_future(vm, fut))
                return vm_raise(vm, vm->exc_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
        }
    }
    gc_push_root(vm, fut);
    ObjNative *cb = native_new(vm, "_run_until_complete_cb", stop_cb, 0);
    cb->bound = args[0];
    Value cbv = MAKE_OBJ(cb);
    Value r = vm_call_method(vm, fut, str_intern_cstr(vm, "add_done_callback"), &cbv, 1);
    if (IS_NULL(r)) {
        gc_pop_roots(vm, 1);
        return VAL_NULL;
    }
    Value saved_main = l->main_task;
    l->main_task = fut;
    int saved_count = vm->sigint_count;
    vm->sigint_count = 0;
    bool ok = run_forever_impl(vm, l);
    int count = vm->sigint_count;
    vm->sigint_count = saved_count;
    l->main_task = saved_main;
    {
        /* a future that completes later must not stop a later run */
        Value pending = vm_take_exc(vm);
        Value rm = vm_call_method(vm, fut, str_intern_cstr(vm, "remove_done_callback"), &cbv, 1);
        if (IS_NULL(rm)) vm_clear_exc(vm);
        vm->exc = pending;
    }
    gc_pop_roots(vm, 1);
    if (!ok) return VAL_NULL;
    ObjFuture *f = (ObjFuture *)AS_OBJ(fut);
    if (f->state == FUT_PENDING) return vm_raise(vm, vm->exc_RuntimeError, "Event loop stopped before Future completed.");
    if (count > 0 && f->state == FUT_CANCELLED) {
        vm_raise(vm, vm->exc_KeyboardInterrupt, "");
        if (IS_EXCEPTION(vm->exc)) AS_EXCEPTION(vm->exc)->args = vm->empty_tuple;
        return VAL_NULL;
    }
    return vm_call_method(vm, fut, str_intern_cstr(vm, "result"), NULL, 0);
}

static Value m_default_exception_handler(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }
static Value m_get_debug(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_FALSE; }
static Value m_set_debug(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }
static Value m_tasks(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjLoop *l = LOOP(args[0]);
    ObjList *out = list_new(vm, 0);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(l->tasks, &pos, &k, &v)) list_append(vm, out, k);
    return MAKE_OBJ(out);
}
static Value m_current_task(VM *vm, Value *args, int nargs, ObjTuple *kw) { return LOOP(args[0])->current_task; }
static Value m_report_unretrieved(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    aio_report_unretrieved(vm, LOOP(args[0]));
    return VAL_NONE;
}

static const MethodDef loop_methods[] = {
    {"__new__", loop_new, METH_STATIC | METH_KW, NULL},
    {"__init__", loop_init, METH_KW, NULL},
    {"call_soon", m_call_soon, METH_KW, NULL},
    {"call_soon_threadsafe", m_call_soon, METH_KW, NULL},
    {"call_later", m_call_later, METH_KW, NULL},
    {"call_at", m_call_at, METH_KW, NULL},
    {"time", m_time, 0, NULL},
    {"create_future", m_create_future, 0, NULL},
    {"create_task", m_create_task, METH_KW, NULL},
    {"run_forever", m_run_forever, 0, NULL},
    {"run_until_complete", m_run_until_complete, 0, NULL},
    {"stop", m_stop, 0, NULL},
    {"close", m_close, 0, NULL},
    {"is_running", m_is_running, 0, NULL},
    {"is_closed", m_is_closed, 0, NULL},
    {"add_reader", m_add_reader, 0, NULL},
    {"remove_reader", m_remove_reader, 0, NULL},
    {"add_writer", m_add_writer, 0, NULL},
    {"remove_writer", m_remove_writer, 0, NULL},
    {"default_exception_handler", m_default_exception_handler, 0, NULL},
    {"get_debug", m_get_debug, 0, NULL},
    {"set_debug", m_set_debug, 0, NULL},
    {"_tasks", m_tasks, 0, NULL},
    {"_current_task", m_current_task, 0, NULL},
    {"_report_unretrieved", m_report_unretrieved, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef handle_methods[] = {
    {"cancel", handle_cancel, 0, NULL},
    {"cancelled", handle_cancelled, 0, NULL},
    {"when", handle_when, 0, NULL},
    {"__repr__", handle_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- sleep ---------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value fut;     /* NONE for sleep(0) */
    Value handle;
    Value result;
    int state;     /* 0 not started, 1 waiting, 2 done */
} ObjSleep;

static void sleep_trace(GC *gc, Obj *o) {
    ObjSleep *s = (ObjSleep *)o;
    gc_mark_value(gc, s->fut);
    gc_mark_value(gc, s->handle);
    gc_mark_value(gc, s->result);
}

static Value set_result_unless_cancelled(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFuture *f = (ObjFuture *)AS_OBJ(args[0]);
    if (f->state != FUT_PENDING) return VAL_NONE;
    aio_future_set_result(vm, f, args[1]);
    return VAL_NONE;
}

static Value sleep_step(VM *vm, ObjSleep *s) {
    if (s->state == 2) return vm_raise(vm, vm->exc_RuntimeError, "cannot reuse already awaited coroutine");
    if (IS_NONE(s->fut)) {
        if (s->state == 0) {
            s->state = 1;
            return VAL_NONE; /* a bare yield: one loop iteration */
        }
        s->state = 2;
        return exc_raise_stop_iteration(vm, IS_NONE(s->result) ? VAL_NULL : s->result);
    }
    ObjFuture *f = (ObjFuture *)AS_OBJ(s->fut);
    if (s->state == 0) {
        s->state = 1;
        f->blocking = true;
        return s->fut;
    }
    s->state = 2;
    if (IS_OBJ(s->handle)) {
        Value h = s->handle;
        handle_cancel(vm, &h, 1, NULL);
    }
    if (f->state == FUT_CANCELLED) {
        ObjException *e = IS_NONE(f->cancel_msg) ? exc_new(vm, vm->exc_CancelledError, NULL, 0)
                                                 : exc_new(vm, vm->exc_CancelledError, &f->cancel_msg, 1);
        return vm_raise_value(vm, MAKE_OBJ(e));
    }
    if (f->state == FUT_PENDING) return vm_raise(vm, vm->exc_RuntimeError, "await wasn't used with future");
    return exc_raise_stop_iteration(vm, IS_NONE(s->result) ? VAL_NULL : s->result);
}

static Value sleep_iternext(VM *vm, Value self) { return sleep_step(vm, (ObjSleep *)AS_OBJ(self)); }
static Value sleep_send(VM *vm, Value *args, int nargs, ObjTuple *kw) { return sleep_step(vm, (ObjSleep *)AS_OBJ(args[0])); }
static Value sleep_throw(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjSleep *s = (ObjSleep *)AS_OBJ(args[0]);
    s->state = 2;
    if (IS_OBJ(s->handle)) {
        Value h = s->handle;
        handle_cancel(vm, &h, 1, NULL);
    }
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument");
    Value e = args[1];
    if (IS_TYPE(e)) {
        e = vm_call0(vm, e);
        if (IS_NULL(e)) return VAL_NULL;
    }
    return vm_raise_value(vm, e);
}
static Value sleep_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjSleep *s = (ObjSleep *)AS_OBJ(args[0]);
    s->state = 2;
    if (IS_OBJ(s->handle)) {
        Value h = s->handle;
        handle_cancel(vm, &h, 1, NULL);
    }
    return VAL_NONE;
}

static Value aio_sleep(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value delay = VAL_NULL, result = VAL_NULL;
    if (!vm_parse_args(vm, "sleep", args, nargs, kw, "delay|result", &delay, &result)) return VAL_NULL;
    double d;
    if (!get_number(vm, delay, &d, "delay")) return VAL_NULL;
    ObjSleep *s = (ObjSleep *)gc_alloc(vm, sizeof(ObjSleep), vm->t_sleep, OK_OTHER);
    s->result = IS_NULL(result) ? VAL_NONE : result;
    s->fut = VAL_NONE;
    s->handle = VAL_NONE;
    if (d > 0 || isnan(d)) {
        Value lv = vm->running_loop;
        if (IS_NONE(lv)) return vm_raise(vm, vm->exc_RuntimeError, "no running event loop");
        ObjLoop *l = LOOP(lv);
        s->fut = aio_future_new(vm, lv);
        Value cbargs[2] = {s->fut, s->result};
        ObjNative *cb = native_new(vm, "_set_result_unless_cancelled", set_result_unless_cancelled, 0);
        s->handle = MAKE_OBJ(call_at(vm, l, mono_now() + d, MAKE_OBJ(cb), cbargs, 2, VAL_NONE));
    }
    return MAKE_OBJ(s);
}

static const MethodDef sleep_methods[] = {
    {"__await__", type_slot_iter_self, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"send", sleep_send, 0, NULL},
    {"throw", sleep_throw, 0, NULL},
    {"close", sleep_close, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions --------------------------------------------------- */

static Value aio_get_running_loop_fn(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (IS_NONE(vm->running_loop)) {
        /* at the prompt, statements run between turns of its loop */
        if (!IS_NONE(vm->prompt_loop)) return vm->prompt_loop;
        return vm_raise(vm, vm->exc_RuntimeError, "no running event loop");
    }
    return vm->running_loop;
}

Value aio_default_loop(VM *vm) {
    Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
    if (IS_NULL(m)) return VAL_NULL;
    Value f = vm_getattr(vm, m, str_intern_cstr(vm, "get_event_loop"));
    if (IS_NULL(f)) return VAL_NULL;
    return vm_call0(vm, f);
}
static Value aio_private_running_loop(VM *vm, Value *args, int nargs, ObjTuple *kw) { return vm->running_loop; }
static Value aio_new_event_loop(VM *vm, Value *args, int nargs, ObjTuple *kw) { return loop_alloc(vm, vm->t_loop); }

static Value aio_current_task(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value loop = nargs > 0 && !IS_NONE(args[0]) ? args[0] : vm->running_loop;
    if (IS_NONE(loop)) return vm_raise(vm, vm->exc_RuntimeError, "no running event loop");
    return LOOP(loop)->current_task;
}

static Value aio_all_tasks(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value loop = nargs > 0 && !IS_NONE(args[0]) ? args[0] : vm->running_loop;
    if (IS_NONE(loop)) return vm_raise(vm, vm->exc_RuntimeError, "no running event loop");
    ObjSet *s = set_new(vm, vm->t_set);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(LOOP(loop)->tasks, &pos, &k, &v))
        if (!set_add(vm, s, k)) return VAL_NULL;
    return MAKE_OBJ(s);
}

static Value aio_iscoroutine(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "iscoroutine", nargs, 1, 1)) return VAL_NULL;
    return MAKE_BOOL(IS_GEN(args[0]) && AS_GEN(args[0])->gkind == GEN_COROUTINE);
}

static Value aio_iscoroutinefunction(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "iscoroutinefunction", nargs, 1, 1)) return VAL_NULL;
    Value f = args[0];
    if (IS_KIND(f, OK_BOUND_METHOD)) f = ((ObjBoundMethod *)AS_OBJ(f))->func;
    return MAKE_BOOL(IS_FUNCTION(f) && (((ObjFunction *)AS_OBJ(f))->code->flags & CO_COROUTINE));
}

static const MethodDef aio_functions[] = {
    {"get_running_loop", aio_get_running_loop_fn, 0, NULL},
    {"_get_running_loop", aio_private_running_loop, 0, NULL},
    {"new_event_loop", aio_new_event_loop, 0, NULL},
    {"current_task", aio_current_task, 0, NULL},
    {"all_tasks", aio_all_tasks, 0, NULL},
    {"sleep", aio_sleep, METH_KW, NULL},
    {"iscoroutine", aio_iscoroutine, 0, NULL},
    {"iscoroutinefunction", aio_iscoroutinefunction, 0, NULL},
    {NULL, NULL, 0, NULL},
};

ObjModule *aio_module_init(VM *vm) {
    ObjModule *m = module_new(vm, "_asyncio");
    if (!vm->t_loop) {
        vm->t_loop = type_new_builtin(vm, "EventLoop", NULL, OK_OTHER, sizeof(ObjLoop), loop_trace, loop_free, TF_BASETYPE);
        vm->t_loop->dictoffset = offsetof(ObjLoop, dict);
        vm->t_loop->module = str_intern_cstr(vm, "asyncio");
        type_add_methods(vm, vm->t_loop, loop_methods);
        vm->t_handle = type_new_builtin(vm, "Handle", NULL, OK_OTHER, sizeof(ObjHandle), handle_trace, NULL, 0);
        vm->t_handle->module = str_intern_cstr(vm, "asyncio.events");
        type_add_methods(vm, vm->t_handle, handle_methods);
        vm->t_sleep = type_new_builtin(vm, "sleep", NULL, OK_OTHER, sizeof(ObjSleep), sleep_trace, NULL, 0);
        vm->t_sleep->iternext = sleep_iternext;
        type_add_methods(vm, vm->t_sleep, sleep_methods);
    }
    aio_future_init(vm, m);
    module_add_functions(vm, m, aio_functions);
    console_add_functions(vm, m);
    module_set(vm, m, "EventLoop", MAKE_OBJ(vm->t_loop));
    module_set(vm, m, "Handle", MAKE_OBJ(vm->t_handle));
    return m;
}
