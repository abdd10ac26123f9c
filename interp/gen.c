/* gen.c: generator, coroutine and async generator objects (see gen.h).
 *
 * Invariants: g->frame is NULL exactly when the generator has finished;
 * g->running is true while its frame is linked into vm->frame; a running
 * generator's exc_info item is linked into vm->exc_info.
 */
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "exception.h"
#include "gen.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

static const char *kind_name(ObjGen *g) {
    switch (g->gkind) {
    case GEN_COROUTINE: return "coroutine";
    case GEN_ASYNC_GENERATOR: return "async generator";
    default: return "generator";
    }
}

static void gen_trace(GC *gc, Obj *o) {
    ObjGen *g = (ObjGen *)o;
    if (g->frame) frame_trace(gc, g->frame);
    gc_mark_obj(gc, (Obj *)g->name);
    gc_mark_obj(gc, (Obj *)g->qualname);
    gc_mark_obj(gc, (Obj *)g->code);
    gc_mark_value(gc, g->exc_info.exc);
    gc_mark_obj(gc, g->ag_loop);
}

static void warn_never_awaited(VM *vm, ObjGen *g, bool at_exit) {
    fflush(stdout);
    fflush(vm->out);
    /* a coroutine usually goes unawaited because a call lost its await and
     * CPython drops it at once, printing the location and the tracemalloc
     * hint; Coil only sees it when it is collected or at exit, and prints
     * the same lines then */
    (void)at_exit;
    fprintf(stderr, "%s:%d: RuntimeWarning: coroutine '%s' was never awaited\n",
            g->code && g->code->filename ? g->code->filename->data : "?", g->code ? g->code->firstlineno : 0,
            g->qualname ? g->qualname->data : "?");
    fprintf(stderr, "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
}

static void gen_free(VM *vm, Obj *o) {
    ObjGen *g = (ObjGen *)o;
    /* Outside a collection this is the VM's teardown (gc_free_all), where
     * the code object and names were already freed: the exit sentinel below
     * has warned about these coroutines while they were intact. */
    if (vm->gc.collecting && g->gkind == GEN_COROUTINE && !g->started && g->frame) warn_never_awaited(vm, g, false);
    if (g->frame) {
        frame_free(vm, g->frame);
        g->frame = NULL;
    }
}

/* The exit sentinel: one object allocated when the VM starts (so it is
 * older than every program object) and kept alive from a type's dict. At
 * teardown gc_free_all frees objects oldest first, so the sentinel's free
 * runs while every younger object is intact: it warns about coroutines that
 * were never awaited, as CPython does when it clears them at exit. */
static void exit_sentinel_free(VM *vm, Obj *o) {
    GC *gc = &vm->gc;
    if (gc->collecting) return;
    size_t i = 0;
    while (i < gc->nall && gc->all[i] != o) i++;
    for (i++; i < gc->nall; i++) {
        Obj *x = gc->all[i];
        if (x->kind != OK_GENERATOR) continue;
        ObjGen *g = (ObjGen *)x;
        if (g->gkind == GEN_COROUTINE && !g->started && g->frame) {
            warn_never_awaited(vm, g, true);
            g->started = true;
        }
    }
}

static ObjStr *asyncgens_name(VM *vm) { return str_intern_cstr(vm, "_asyncgens"); }

/* A finished async generator leaves its loop's registry (CPython keeps a
 * WeakSet; here the registry holds it only while it can still run code). */
static void ag_unregister(VM *vm, ObjGen *g) {
    Obj *loop = g->ag_loop;
    g->ag_loop = NULL;
    Value saved = vm->exc;
    vm->exc = VAL_NULL;
    Value d = vm_getattr_opt(vm, MAKE_OBJ(loop), asyncgens_name(vm));
    if (!IS_NULL(d) && IS_DICT(d)) dict_del(vm, AS_DICT(d), MAKE_OBJ(g));
    vm->exc = saved;
}

/* CPython's firstiter hook (set by the running loop): the first
 * __anext__/asend/athrow/aclose registers the generator with the loop. */
static void ag_init_hooks(VM *vm, ObjGen *g) {
    if (g->hooks_called) return;
    g->hooks_called = true;
    Value loop = vm->running_loop;
    if (!IS_OBJ(loop) || !g->frame) return;
    Value saved = vm->exc;
    vm->exc = VAL_NULL;
    Value d = vm_getattr_opt(vm, loop, asyncgens_name(vm));
    if (IS_NULL(d)) {
        d = MAKE_OBJ(dict_new(vm));
        if (!vm_setattr(vm, loop, asyncgens_name(vm), d)) d = VAL_NULL;
    }
    if (!IS_NULL(d) && IS_DICT(d) && dict_set(vm, AS_DICT(d), MAKE_OBJ(g), VAL_NONE)) g->ag_loop = AS_OBJ(loop);
    vm->exc = saved;
}

void gen_finish(VM *vm, ObjGen *g) {
    if (g->frame) {
        frame_free(vm, g->frame);
        g->frame = NULL;
    }
    if (g->ag_loop) ag_unregister(vm, g);
    g->running = false;
    g->exc_info.exc = VAL_NONE;
}

Value gen_new_from_frame(VM *vm, Frame *f, ObjFunction *fn) {
    ObjCode *c = f->code;
    ObjType *t = (c->flags & CO_COROUTINE) ? vm->t_coroutine
                 : (c->flags & CO_ASYNC_GENERATOR) ? vm->t_async_generator
                                                   : vm->t_generator;
    ObjGen *g = (ObjGen *)gc_alloc(vm, sizeof(ObjGen), t, OK_GENERATOR);
    g->frame = f;
    /* fn is NULL for a prompt input that awaits at top level */
    g->name = fn ? fn->name : c->name;
    g->qualname = fn ? fn->qualname : c->qualname;
    g->code = c;
    g->exc_info.exc = VAL_NONE;
    g->gkind = (c->flags & CO_COROUTINE) ? GEN_COROUTINE : (c->flags & CO_ASYNC_GENERATOR) ? GEN_ASYNC_GENERATOR : GEN_GENERATOR;
    f->owner = (Obj *)g;
    f->flags |= FRAME_OWNED;
    return MAKE_OBJ(g);
}

GenResult gen_resume(VM *vm, ObjGen *g, Value v, ResumeMode mode, Value *out) {
    Frame *f = g->frame;
    if (mode == RESUME_THROW) {
        vm->exc = v;
        f->flags |= FRAME_THROW;
    } else if (mode == RESUME_SEND && g->started) {
        *f->sp++ = v;
    }
    g->started = true;
    g->running = true;
    g->exc_info.previous = vm->exc_info;
    vm->exc_info = &g->exc_info;
    ExcInfo *saved = g->exc_info.previous;
    Value r = vm_run_frame(vm, f);
    vm->exc_info = saved;
    g->running = false;
    if (vm->yielded) {
        vm->yielded = false;
        *out = r;
        return GEN_YIELD;
    }
    if (IS_NULL(r)) return GEN_ERROR;
    *out = r;
    return GEN_RETURN;
}

/* StopAsyncIteration() with no arguments, as CPython raises it */
static Value raise_stop_async(VM *vm) {
    return vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_StopAsyncIteration, NULL, 0)));
}

static Value raise_stop(VM *vm, ObjGen *g, Value r) {
    if (g->gkind == GEN_ASYNC_GENERATOR) return raise_stop_async(vm);
    return exc_raise_stop_iteration(vm, IS_NONE(r) ? VAL_NULL : r);
}

static bool check_runnable(VM *vm, ObjGen *g) {
    if (g->running) {
        vm_raise(vm, vm->exc_ValueError, "%s already executing", kind_name(g));
        return false;
    }
    return true;
}

Value gen_send(VM *vm, ObjGen *g, Value v, bool *returned) {
    *returned = false;
    if (!check_runnable(vm, g)) return VAL_NULL;
    if (!g->frame) {
        if (g->gkind == GEN_COROUTINE) return vm_raise(vm, vm->exc_RuntimeError, "cannot reuse already awaited coroutine");
        *returned = true;
        return raise_stop(vm, g, VAL_NONE);
    }
    if (!g->started && !IS_NONE(v))
        return vm_raise(vm, vm->exc_TypeError, "can't send non-None value to a just-started %s", kind_name(g));
    Value out;
    GenResult r = gen_resume(vm, g, v, RESUME_SEND, &out);
    if (r == GEN_YIELD) return out;
    if (r == GEN_ERROR) return VAL_NULL;
    *returned = true;
    return raise_stop(vm, g, out);
}

Value gen_stop_value(VM *vm, Value exc) {
    if (!IS_EXCEPTION(exc)) return VAL_NONE;
    Value v = vm_getattr_opt(vm, exc, vm->s_value);
    if (IS_NULL(v)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        return VAL_NONE;
    }
    return v;
}

/* The object a suspended frame is delegating to (yield from / await), or
 * VAL_NULL. */
Value gen_delegate(ObjGen *g) {
    Frame *f = g->frame;
    if (!f || !g->started || f->ip <= f->code->code) return VAL_NULL;
    Instr prev = f->ip[-1];
    if (INSTR_OP(prev) == OP_YIELD_VALUE && INSTR_ARG(prev) == 1) return f->sp[-1];
    return VAL_NULL;
}

/* After a delegate finished with value r, resume the delegating frame at
 * the SEND's exit with r on the stack. */
static GenResult resume_after_delegate(VM *vm, ObjGen *g, Value r, Value *out) {
    Frame *f = g->frame;
    /* ip is at the JUMP back to SEND; the SEND's argument is the exit */
    Instr jump = *f->ip;
    Instr send = f->code->code[INSTR_ARG(jump)];
    f->sp[-1] = r;
    f->ip = f->code->code + INSTR_ARG(send);
    return gen_resume(vm, g, VAL_NONE, RESUME_NOPUSH, out);
}

static bool is_stop_iteration(VM *vm) { return vm_exc_matches(vm, vm->exc_StopIteration); }

GenResult gen_throw(VM *vm, ObjGen *g, Value exc, Value *out) {
    if (!check_runnable(vm, g)) return GEN_ERROR;
    if (!g->frame) {
        vm_raise_value(vm, exc);
        return GEN_ERROR;
    }
    if (!g->started) {
        /* the exception surfaces at the function's first line and the
         * generator is finished */
        ObjCode *c = g->code;
        gen_finish(vm, g);
        vm_raise_value(vm, exc);
        exc_add_traceback(vm, vm->exc, c, c->firstlineno);
        return GEN_ERROR;
    }
    Value sub = gen_delegate(g);
    if (!IS_NULL(sub)) {
        bool is_close = vm_isinstance(vm, exc, vm->exc_GeneratorExit);
        gc_push_root(vm, sub);
        if (IS_GEN(sub)) {
            ObjGen *sg = AS_GEN(sub);
            Value r;
            GenResult res;
            if (is_close) {
                /* close the delegate, then throw GeneratorExit here */
                Value cm = vm_call_method(vm, sub, vm->s_close, NULL, 0);
                gc_pop_roots(vm, 1);
                if (IS_NULL(cm)) return gen_resume(vm, g, vm_take_exc(vm), RESUME_THROW, out);
                return gen_resume(vm, g, exc, RESUME_THROW, out);
            }
            g->running = true;
            res = gen_throw(vm, sg, exc, &r);
            g->running = false;
            gc_pop_roots(vm, 1);
            if (res == GEN_YIELD) {
                *out = r;
                return GEN_YIELD;
            }
            if (res == GEN_RETURN) return resume_after_delegate(vm, g, r, out);
            if (is_stop_iteration(vm) && sg->gkind != GEN_GENERATOR) {
                /* not reachable for native coroutines: they return */
            }
            return gen_resume(vm, g, vm_take_exc(vm), RESUME_THROW, out);
        }
        ObjStr *mname = is_close ? vm->s_close : vm->s_throw;
        Value m = vm_getattr_opt(vm, sub, mname);
        if (IS_NULL(m)) {
            gc_pop_roots(vm, 1);
            if (vm_has_exc(vm)) return gen_resume(vm, g, vm_take_exc(vm), RESUME_THROW, out);
            return gen_resume(vm, g, exc, RESUME_THROW, out);
        }
        g->running = true;
        Value r = is_close ? vm_call0(vm, m) : vm_call1(vm, m, exc);
        g->running = false;
        gc_pop_roots(vm, 1);
        if (is_close) {
            if (IS_NULL(r)) return gen_resume(vm, g, vm_take_exc(vm), RESUME_THROW, out);
            return gen_resume(vm, g, exc, RESUME_THROW, out);
        }
        if (!IS_NULL(r)) {
            *out = r;
            return GEN_YIELD;
        }
        if (is_stop_iteration(vm)) {
            Value se = vm_take_exc(vm);
            return resume_after_delegate(vm, g, gen_stop_value(vm, se), out);
        }
        return gen_resume(vm, g, vm_take_exc(vm), RESUME_THROW, out);
    }
    return gen_resume(vm, g, exc, RESUME_THROW, out);
}

/* gen.close() */
static Value gen_close_impl(VM *vm, ObjGen *g) {
    if (!g->frame) return VAL_NONE;
    if (!check_runnable(vm, g)) return VAL_NULL;
    if (!g->started) {
        gen_finish(vm, g);
        return VAL_NONE;
    }
    ObjException *ge = exc_new(vm, vm->exc_GeneratorExit, NULL, 0);
    Value out;
    GenResult r = gen_throw(vm, g, MAKE_OBJ(ge), &out);
    if (r == GEN_YIELD) {
        if (g->gkind == GEN_ASYNC_GENERATOR)
            return vm_raise(vm, vm->exc_RuntimeError, "async generator ignored GeneratorExit");
        return vm_raise(vm, vm->exc_RuntimeError, "%s ignored GeneratorExit", kind_name(g));
    }
    if (r == GEN_RETURN) return VAL_NONE;
    if (vm_exc_matches(vm, vm->exc_GeneratorExit) || vm_exc_matches(vm, vm->exc_StopIteration)) {
        vm_clear_exc(vm);
        return VAL_NONE;
    }
    return VAL_NULL;
}

/* Builds the exception for throw(type[, value[, tb]]) as CPython does. */
static Value make_throw_exc(VM *vm, Value *args, int nargs) {
    Value typ = args[0];
    Value val = nargs > 1 ? args[1] : VAL_NONE;
    if (nargs > 2 && !IS_NONE(args[2]) && strcmp(vm_type_name(vm, args[2]), "traceback") != 0)
        return vm_raise(vm, vm->exc_TypeError, "throw() third argument must be a traceback object");
    if (IS_TYPE(typ) && (AS_TYPE(typ)->tflags & TF_EXCEPTION)) {
        if (IS_EXCEPTION(val) && vm_isinstance(vm, val, AS_TYPE(typ))) return val;
        Value inst;
        if (IS_NONE(val)) inst = vm_call0(vm, typ);
        else if (IS_TUPLE(val)) inst = vm_call(vm, typ, AS_TUPLE(val)->items, (int)AS_TUPLE(val)->len, NULL);
        else inst = vm_call1(vm, typ, val);
        return inst;
    }
    if (IS_EXCEPTION(typ)) {
        if (!IS_NONE(val))
            return vm_raise(vm, vm->exc_TypeError, "instance exception may not have a separate value");
        return typ;
    }
    return vm_raise(vm, vm->exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s",
                    vm_type_name(vm, typ));
}

/* ---- generator methods ---------------------------------------------------- */

/* CPython's METH_O / METH_NOARGS arity messages: "generator.send() takes
 * exactly one argument (0 given)". args[0] is self. */
static bool check_one_arg(VM *vm, Value *args, int nargs, const char *meth) {
    if (nargs == 2) return true;
    vm_raise(vm, vm->exc_TypeError, "%s.%s() takes exactly one argument (%d given)", vm_type_name(vm, args[0]), meth,
             nargs - 1);
    return false;
}
static bool check_no_args(VM *vm, Value *args, int nargs, const char *meth) {
    if (nargs == 1) return true;
    vm_raise(vm, vm->exc_TypeError, "%s.%s() takes no arguments (%d given)", vm_type_name(vm, args[0]), meth, nargs - 1);
    return false;
}

/* The iterator slot (for loops, list(), ...): the end of the generator is
 * VAL_NULL with no exception, whatever it returned. */
static Value gen_iternext(VM *vm, Value self) {
    ObjGen *g = AS_GEN(self);
    if (!check_runnable(vm, g)) return VAL_NULL;
    if (!g->frame) return VAL_NULL;
    Value out;
    GenResult r = gen_resume(vm, g, VAL_NONE, RESUME_SEND, &out);
    if (r == GEN_YIELD) return out;
    return VAL_NULL;
}

/* gen.__next__(): the return value travels in StopIteration. */
static Value gen_m_next(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "expected 0 arguments, got %d", nargs - 1);
    ObjGen *g = AS_GEN(args[0]);
    if (!check_runnable(vm, g)) return VAL_NULL;
    if (!g->frame) return exc_raise_stop_iteration(vm, VAL_NULL);
    Value out;
    GenResult r = gen_resume(vm, g, VAL_NONE, RESUME_SEND, &out);
    if (r == GEN_YIELD) return out;
    if (r == GEN_ERROR) return VAL_NULL;
    return exc_raise_stop_iteration(vm, IS_NONE(out) ? VAL_NULL : out);
}

static Value gen_m_send(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one_arg(vm, args, nargs, "send")) return VAL_NULL;
    bool returned;
    return gen_send(vm, AS_GEN(args[0]), args[1], &returned);
}

static Value gen_m_throw(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2 || nargs > 4)
        return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument, got %d", nargs - 1);
    Value exc = make_throw_exc(vm, args + 1, nargs - 1);
    if (IS_NULL(exc)) return VAL_NULL;
    ObjGen *g = AS_GEN(args[0]);
    Value out;
    GenResult r = gen_throw(vm, g, exc, &out);
    if (r == GEN_YIELD) return out;
    if (r == GEN_ERROR) return VAL_NULL;
    return raise_stop(vm, g, out);
}

static Value gen_m_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_no_args(vm, args, nargs, "close")) return VAL_NULL;
    return gen_close_impl(vm, AS_GEN(args[0]));
}

static Value gen_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjGen *g = AS_GEN(args[0]);
    const char *k = g->gkind == GEN_COROUTINE ? "coroutine" : g->gkind == GEN_ASYNC_GENERATOR ? "async_generator" : "generator";
    return MAKE_OBJ(str_printf(vm, "<%s object %s at %p>", k, g->qualname->data, (void *)g));
}

static Value gen_get_name(VM *vm, Value self) { return MAKE_OBJ(AS_GEN(self)->name); }
static bool gen_set_name(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "__name__ must be set to a string object");
        return false;
    }
    AS_GEN(self)->name = AS_STR(v);
    return true;
}
static Value gen_get_qualname(VM *vm, Value self) { return MAKE_OBJ(AS_GEN(self)->qualname); }
static bool gen_set_qualname(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "__qualname__ must be set to a string object");
        return false;
    }
    AS_GEN(self)->qualname = AS_STR(v);
    return true;
}
static Value gen_get_running(VM *vm, Value self) { return MAKE_BOOL(AS_GEN(self)->running); }
static Value gen_get_code(VM *vm, Value self) { return MAKE_OBJ(AS_GEN(self)->code); }
static Value gen_get_frame(VM *vm, Value self) { return AS_GEN(self)->frame ? VAL_TRUE : VAL_NONE; }
static Value gen_get_suspended(VM *vm, Value self) {
    ObjGen *g = AS_GEN(self);
    return MAKE_BOOL(g->frame && g->started && !g->running);
}
static Value gen_get_await(VM *vm, Value self) {
    Value d = gen_delegate(AS_GEN(self));
    return IS_NULL(d) ? VAL_NONE : d;
}

static const MethodDef gen_methods[] = {
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", gen_m_next, 0, NULL},
    {"send", gen_m_send, 0, NULL},
    {"throw", gen_m_throw, 0, NULL},
    {"close", gen_m_close, 0, NULL},
    {"__repr__", gen_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef gen_getsets[] = {
    {"__name__", gen_get_name, gen_set_name},
    {"__qualname__", gen_get_qualname, gen_set_qualname},
    {"gi_running", gen_get_running, NULL},
    {"gi_code", gen_get_code, NULL},
    {"gi_frame", gen_get_frame, NULL},
    {"gi_suspended", gen_get_suspended, NULL},
    {"gi_yieldfrom", gen_get_await, NULL},
    {NULL, NULL, NULL},
};

/* ---- coroutines --------------------------------------------------------- */

/* coro.__await__() returns a wrapper iterator driving the coroutine. */
typedef struct {
    Obj obj;
    Value coro;
} ObjCoroWrapper;

static void wrapper_trace(GC *gc, Obj *o) { gc_mark_value(gc, ((ObjCoroWrapper *)o)->coro); }

static Value coro_m_await(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_no_args(vm, args, nargs, "__await__")) return VAL_NULL;
    ObjCoroWrapper *w = (ObjCoroWrapper *)gc_alloc(vm, sizeof(ObjCoroWrapper), vm->t_coro_wrapper, OK_OTHER);
    w->coro = args[0];
    return MAKE_OBJ(w);
}

static Value wrapper_iternext(VM *vm, Value self) {
    Value coro = ((ObjCoroWrapper *)AS_OBJ(self))->coro;
    bool returned;
    Value r = gen_send(vm, AS_GEN(coro), VAL_NONE, &returned);
    return r;
}
static Value wrapper_send(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one_arg(vm, args, nargs, "send")) return VAL_NULL;
    bool returned;
    return gen_send(vm, AS_GEN(((ObjCoroWrapper *)AS_OBJ(args[0]))->coro), args[1], &returned);
}
static Value wrapper_throw(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value a[4];
    if (nargs < 2 || nargs > 4) return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument, got %d", nargs - 1);
    a[0] = ((ObjCoroWrapper *)AS_OBJ(args[0]))->coro;
    for (int i = 1; i < nargs; i++) a[i] = args[i];
    return gen_m_throw(vm, a, nargs, NULL);
}
static Value wrapper_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_no_args(vm, args, nargs, "close")) return VAL_NULL;
    return gen_close_impl(vm, AS_GEN(((ObjCoroWrapper *)AS_OBJ(args[0]))->coro));
}

static const MethodDef coro_methods[] = {
    {"send", gen_m_send, 0, NULL},
    {"throw", gen_m_throw, 0, NULL},
    {"close", gen_m_close, 0, NULL},
    {"__await__", coro_m_await, 0, NULL},
    {"__repr__", gen_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef coro_getsets[] = {
    {"__name__", gen_get_name, gen_set_name},
    {"__qualname__", gen_get_qualname, gen_set_qualname},
    {"cr_running", gen_get_running, NULL},
    {"cr_code", gen_get_code, NULL},
    {"cr_frame", gen_get_frame, NULL},
    {"cr_await", gen_get_await, NULL},
    {"cr_suspended", gen_get_suspended, NULL},
    {NULL, NULL, NULL},
};
static const MethodDef wrapper_methods[] = {
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"send", wrapper_send, 0, NULL},
    {"throw", wrapper_throw, 0, NULL},
    {"close", wrapper_close, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- async generators ---------------------------------------------------
 * Values yielded by the body are wrapped (ASYNC_GEN_WRAP) so that the
 * awaitable returned by __anext__/asend can tell them from the event-loop
 * yields of awaits inside the body: a wrapped value ends the awaitable with
 * StopIteration(value); anything else passes through to the awaiting task. */

typedef struct {
    Obj obj;
    Value value;
} ObjAGWrapped;

typedef struct {
    Obj obj;
    Value gen;
    Value sendval;   /* asend value or athrow exception */
    int mode;        /* 0 asend, 1 athrow, 2 aclose */
    int state;       /* 0 init, 1 iterating, 2 closed */
} ObjAGAwait;

static void agwrapped_trace(GC *gc, Obj *o) { gc_mark_value(gc, ((ObjAGWrapped *)o)->value); }
static void agawait_trace(GC *gc, Obj *o) {
    gc_mark_value(gc, ((ObjAGAwait *)o)->gen);
    gc_mark_value(gc, ((ObjAGAwait *)o)->sendval);
}

Value gen_async_wrap(VM *vm, Value v) {
    ObjAGWrapped *w = (ObjAGWrapped *)gc_alloc(vm, sizeof(ObjAGWrapped), vm->t_ag_wrapped, OK_OTHER);
    w->value = v;
    return MAKE_OBJ(w);
}

static bool is_wrapped(VM *vm, Value v) { return IS_OBJ(v) && AS_OBJ(v)->type == vm->t_ag_wrapped; }

/* Interprets one step result of the async generator for an awaitable. */
static Value ag_unwrap(VM *vm, ObjAGAwait *a, GenResult r, Value out) {
    ObjGen *g = AS_GEN(a->gen);
    if (r == GEN_YIELD) {
        if (is_wrapped(vm, out)) {
            a->state = 2;
            g->ag_running = 0;
            if (a->mode == 2) return vm_raise(vm, vm->exc_RuntimeError, "async generator ignored GeneratorExit");
            return exc_raise_stop_iteration(vm, ((ObjAGWrapped *)AS_OBJ(out))->value);
        }
        return out;
    }
    a->state = 2;
    g->ag_running = 0;
    if (r == GEN_RETURN) {
        if (a->mode == 2) return exc_raise_stop_iteration(vm, VAL_NULL);
        return raise_stop_async(vm);
    }
    if (vm_exc_matches(vm, vm->exc_StopIteration)) {
        /* PEP 479 inside the body already converted; keep it */
    }
    if (a->mode == 2 && (vm_exc_matches(vm, vm->exc_StopAsyncIteration) || vm_exc_matches(vm, vm->exc_GeneratorExit))) {
        vm_clear_exc(vm);
        return exc_raise_stop_iteration(vm, VAL_NULL);
    }
    return VAL_NULL;
}

static Value agawait_send_impl(VM *vm, ObjAGAwait *a, Value v) {
    ObjGen *g = AS_GEN(a->gen);
    if (a->state == 2) return vm_raise(vm, vm->exc_RuntimeError, "cannot reuse already awaited __anext__()/asend()");
    Value out;
    GenResult r;
    if (a->state == 0) {
        if (g->ag_running) return vm_raise(vm, vm->exc_RuntimeError, "anext(): asynchronous generator is already running");
        if (!g->frame || g->closed_async) {
            a->state = 2;
            if (a->mode == 2) return exc_raise_stop_iteration(vm, VAL_NULL);
            if (a->mode == 1 && g->started == false && g->frame == NULL) return vm_raise_value(vm, a->sendval);
            return raise_stop_async(vm);
        }
        g->ag_running = 1;
        a->state = 1;
        if (a->mode == 0) {
            if (!g->started && !IS_NONE(a->sendval)) {
                a->state = 2;
                g->ag_running = 0;
                return vm_raise(vm, vm->exc_TypeError, "can't send non-None value to a just-started async generator");
            }
            r = gen_resume(vm, g, a->sendval, RESUME_SEND, &out);
        } else {
            Value exc = a->mode == 2 ? MAKE_OBJ(exc_new(vm, vm->exc_GeneratorExit, NULL, 0)) : a->sendval;
            if (!g->started) {
                gen_finish(vm, g);
                g->closed_async = true;
                a->state = 2;
                g->ag_running = 0;
                if (a->mode == 2) return exc_raise_stop_iteration(vm, VAL_NULL);
                return vm_raise_value(vm, exc);
            }
            r = gen_throw(vm, g, exc, &out);
        }
    } else {
        r = gen_resume(vm, g, v, RESUME_SEND, &out);
    }
    return ag_unwrap(vm, a, r, out);
}

static Value agawait_iternext(VM *vm, Value self) {
    Value r = agawait_send_impl(vm, (ObjAGAwait *)AS_OBJ(self), VAL_NONE);
    return r;
}
static Value agawait_send(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one_arg(vm, args, nargs, "send")) return VAL_NULL;
    return agawait_send_impl(vm, (ObjAGAwait *)AS_OBJ(args[0]), args[1]);
}
static Value agawait_throw(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjAGAwait *a = (ObjAGAwait *)AS_OBJ(args[0]);
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument, got 0");
    Value exc = make_throw_exc(vm, args + 1, nargs - 1);
    if (IS_NULL(exc)) return VAL_NULL;
    ObjGen *g = AS_GEN(a->gen);
    if (a->state != 1 || !g->frame) {
        a->state = 2;
        return vm_raise_value(vm, exc);
    }
    Value out;
    GenResult r = gen_throw(vm, g, exc, &out);
    return ag_unwrap(vm, a, r, out);
}
static Value agawait_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjAGAwait *a = (ObjAGAwait *)AS_OBJ(args[0]);
    if (a->state == 1) AS_GEN(a->gen)->ag_running = 0;
    a->state = 2;
    return VAL_NONE;
}

static Value make_agawait(VM *vm, Value gen, Value v, int mode) {
    ag_init_hooks(vm, AS_GEN(gen));
    ObjAGAwait *a = (ObjAGAwait *)gc_alloc(vm, sizeof(ObjAGAwait), vm->t_ag_await, OK_OTHER);
    a->gen = gen;
    a->sendval = v;
    a->mode = mode;
    return MAKE_OBJ(a);
}

static Value ag_m_anext(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "expected 0 arguments, got %d", nargs - 1);
    return make_agawait(vm, args[0], VAL_NONE, 0);
}
static Value ag_m_asend(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one_arg(vm, args, nargs, "asend")) return VAL_NULL;
    return make_agawait(vm, args[0], args[1], 0);
}
static Value ag_m_athrow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "athrow expected at least 1 argument, got 0");
    Value exc = make_throw_exc(vm, args + 1, nargs - 1);
    if (IS_NULL(exc)) return VAL_NULL;
    return make_agawait(vm, args[0], exc, 1);
}
static Value ag_m_aclose(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_no_args(vm, args, nargs, "aclose")) return VAL_NULL;
    return make_agawait(vm, args[0], VAL_NONE, 2);
}

static const MethodDef ag_methods[] = {
    {"__aiter__", type_slot_iter_self, 0, NULL},
    {"__anext__", ag_m_anext, 0, NULL},
    {"asend", ag_m_asend, 0, NULL},
    {"athrow", ag_m_athrow, 0, NULL},
    {"aclose", ag_m_aclose, 0, NULL},
    {"__repr__", gen_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef ag_getsets[] = {
    {"__name__", gen_get_name, gen_set_name},
    {"__qualname__", gen_get_qualname, gen_set_qualname},
    {"ag_running", gen_get_running, NULL},
    {"ag_code", gen_get_code, NULL},
    {"ag_frame", gen_get_frame, NULL},
    {"ag_await", gen_get_await, NULL},
    {NULL, NULL, NULL},
};
static const MethodDef agawait_methods[] = {
    {"__await__", type_slot_iter_self, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"send", agawait_send, 0, NULL},
    {"throw", agawait_throw, 0, NULL},
    {"close", agawait_close, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void gen_init_types(VM *vm) {
    ObjType *sentinel_t = type_new_builtin(vm, "coroutine_exit_sentinel", NULL, OK_OTHER, sizeof(Obj), NULL,
                                           exit_sentinel_free, 0);
    ObjType *types[3] = {vm->t_generator, vm->t_coroutine, vm->t_async_generator};
    for (int i = 0; i < 3; i++) {
        types[i]->trace = gen_trace;
        types[i]->free = gen_free;
        types[i]->basicsize = sizeof(ObjGen);
    }
    vm->t_generator->iternext = gen_iternext;
    type_add_methods(vm, vm->t_generator, gen_methods);
    type_add_getsets(vm, vm->t_generator, gen_getsets);
    type_add_methods(vm, vm->t_coroutine, coro_methods);
    type_add_getsets(vm, vm->t_coroutine, coro_getsets);
    type_add_methods(vm, vm->t_async_generator, ag_methods);
    type_add_getsets(vm, vm->t_async_generator, ag_getsets);
    vm->t_coro_wrapper = type_new_builtin(vm, "coroutine_wrapper", NULL, OK_OTHER, sizeof(ObjCoroWrapper), wrapper_trace,
                                          NULL, 0);
    vm->t_coro_wrapper->iternext = wrapper_iternext;
    /* rooted through the wrapper type's dict (types are always marked) */
    type_set_attr(vm, vm->t_coro_wrapper, "_exit_sentinel", MAKE_OBJ(gc_alloc(vm, sizeof(Obj), sentinel_t, OK_OTHER)));
    type_add_methods(vm, vm->t_coro_wrapper, wrapper_methods);
    vm->t_ag_wrapped = type_new_builtin(vm, "async_generator_wrapped_value", NULL, OK_OTHER, sizeof(ObjAGWrapped),
                                        agwrapped_trace, NULL, 0);
    vm->t_ag_await = type_new_builtin(vm, "async_generator_asend", NULL, OK_OTHER, sizeof(ObjAGAwait), agawait_trace,
                                      NULL, 0);
    vm->t_ag_await->iternext = agawait_iternext;
    type_add_methods(vm, vm->t_ag_await, agawait_methods);
}
