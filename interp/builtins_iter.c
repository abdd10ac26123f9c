/* builtins_iter.c: the lazy iterator types of the builtins module:
 * enumerate, zip, map, filter, reversed, the callable iterator made by
 * iter(callable, sentinel) and the awaitable anext(it, default) returns.
 *
 * Each is a real type (vm->ptypes[44..50]) so isinstance() and subclassing
 * work; instances are allocated with cls->basicsize so a user subclass gets
 * its __dict__ slot. Slots hold iterators obtained with vm_getiter and are
 * driven with vm_iternext, so C iterators stay on their fast path.
 */
#include <string.h>

#include "exception.h"
#include "gen.h"
#include "int.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

enum {
    PT_ENUMERATE = 44,
    PT_ZIP = 45,
    PT_MAP = 46,
    PT_FILTER = 47,
    PT_REVERSED = 48,
    PT_CALLITER = 49,
    PT_ANEXT = 50,
};

/* Entry point used by builtins.c. */
void builtins_iter_init(VM *vm);
Value builtins_calliter_new(VM *vm, Value func, Value sentinel);
Value builtins_anext_awaitable_new(VM *vm, Value awaitable, Value deflt);

/* Runs a slot like a native: objects allocated and values returned by calls
 * into Coil are rooted until scope_leave (the slot may run Coil code several
 * times while holding earlier results). */
typedef struct {
    size_t mark;
    int saved;
} RootScope;

static void scope_enter(VM *vm, RootScope *s) {
    s->mark = gc_roots_mark(vm);
    s->saved = vm->native_depth;
    vm->native_depth = s->saved + 1;
}

static Value scope_leave(VM *vm, RootScope *s, Value r) {
    vm->native_depth = s->saved;
    gc_roots_reset(vm, s->mark);
    if (s->saved > 0 && !IS_NULL(r)) gc_push_root(vm, r);
    return r;
}

static Obj *alloc_instance(VM *vm, ObjType *cls, size_t size) {
    size_t n = cls->basicsize > size ? cls->basicsize : size;
    return gc_alloc(vm, n, cls, OK_OTHER);
}

static bool kw_is(ObjTuple *kwnames, int i, const char *name) {
    return strcmp(AS_STR(kwnames->items[i])->data, name) == 0;
}

static Value invalid_kw(VM *vm, ObjTuple *kwnames, int i, const char *fname) {
    return vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                    AS_STR(kwnames->items[i])->data, fname);
}

/* ---- enumerate ---------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value it;
    Value count; /* next index: small int, or a bigint past INT64_MAX */
} EnumObj;

static void enum_trace(GC *gc, Obj *o) {
    EnumObj *e = (EnumObj *)o;
    gc_mark_value(gc, e->it);
    gc_mark_value(gc, e->count);
}

static Value enum_make(VM *vm, ObjType *cls, Value iterable, Value start) {
    Value count = MAKE_INT(0);
    if (!IS_NULL(start)) {
        count = int_index(vm, start);
        if (IS_NULL(count)) return VAL_NULL;
        if (IS_BOOL(count)) count = MAKE_INT(AS_INT(count));
    }
    Value it = vm_getiter(vm, iterable);
    if (IS_NULL(it)) return VAL_NULL;
    EnumObj *e = (EnumObj *)alloc_instance(vm, cls, sizeof(EnumObj));
    e->it = it;
    e->count = count;
    return MAKE_OBJ(e);
}

/* enumerate(iterable, start=0), with the argument handling of CPython's
 * enum_vectorcall (its messages differ from the generic parser's). */
static Value enum_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    args++;
    nargs--;
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (nargs + nkw == 2) {
        if (nkw == 1) {
            if (!kw_is(kwnames, 0, "start")) return invalid_kw(vm, kwnames, 0, "enumerate");
        } else if (nkw == 2) {
            if (kw_is(kwnames, 0, "start")) {
                if (!kw_is(kwnames, 1, "iterable")) return invalid_kw(vm, kwnames, 1, "enumerate");
                return enum_make(vm, cls, args[1], args[0]);
            }
            if (!kw_is(kwnames, 0, "iterable")) return invalid_kw(vm, kwnames, 0, "enumerate");
            if (!kw_is(kwnames, 1, "start")) return invalid_kw(vm, kwnames, 1, "enumerate");
        }
        return enum_make(vm, cls, args[0], args[1]);
    }
    if (nargs + nkw == 1) {
        if (nkw == 1 && !kw_is(kwnames, 0, "iterable")) return invalid_kw(vm, kwnames, 0, "enumerate");
        return enum_make(vm, cls, args[0], VAL_NULL);
    }
    if (nargs == 0 && nkw == 0)
        return vm_raise(vm, vm->exc_TypeError, "enumerate() missing required argument 'iterable'");
    return vm_raise(vm, vm->exc_TypeError, "enumerate() takes at most 2 arguments (%d given)", nargs + nkw);
}

static Value enum_next(VM *vm, Value self) {
    EnumObj *e = (EnumObj *)AS_OBJ(self);
    Value item = vm_iternext(vm, e->it);
    if (IS_NULL(item)) return VAL_NULL;
    Value idx = e->count;
    if (IS_INT(idx) && AS_INT(idx) < INT64_MAX) {
        e->count = MAKE_INT(AS_INT(idx) + 1);
    } else {
        Value n = int_add(vm, idx, MAKE_INT(1));
        if (IS_NULL(n)) return VAL_NULL;
        e->count = n;
    }
    ObjTuple *t = tuple_new(vm, 2);
    t->items[0] = idx;
    t->items[1] = item;
    return MAKE_OBJ(t);
}

static const MethodDef enum_methods[] = {
    {"__new__", enum_new, METH_STATIC | METH_KW, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- zip ------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    ObjTuple *its;
    bool strict;
} ZipObj;

static void zip_trace(GC *gc, Obj *o) {
    ZipObj *z = (ZipObj *)o;
    if (z->its) gc_mark_obj(gc, (Obj *)z->its);
}

static Value zip_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    bool strict = false;
    int nkw = kwnames ? (int)kwnames->len : 0;
    for (int i = 0; i < nkw; i++) {
        if (!kw_is(kwnames, i, "strict")) return invalid_kw(vm, kwnames, i, "zip");
        int t = vm_truthy(vm, args[nargs + i]);
        if (t < 0) return VAL_NULL;
        strict = t != 0;
    }
    ObjTuple *its = tuple_new(vm, nargs - 1);
    for (int i = 1; i < nargs; i++) {
        Value it = vm_getiter(vm, args[i]);
        if (IS_NULL(it)) return VAL_NULL;
        its->items[i - 1] = it;
    }
    ZipObj *z = (ZipObj *)alloc_instance(vm, cls, sizeof(ZipObj));
    z->its = its;
    z->strict = strict;
    return MAKE_OBJ(z);
}

/* zip(strict=True): the first iterator ran out at index i. */
static Value zip_strict_end(VM *vm, ZipObj *z, int64_t i) {
    if (i > 0) {
        if (i == 1) return vm_raise(vm, vm->exc_ValueError, "zip() argument 2 is shorter than argument 1");
        return vm_raise(vm, vm->exc_ValueError, "zip() argument %lld is shorter than arguments 1-%lld",
                        (long long)(i + 1), (long long)i);
    }
    for (i = 1; i < z->its->len; i++) {
        Value item = vm_iternext(vm, z->its->items[i]);
        if (!IS_NULL(item)) {
            if (i == 1) return vm_raise(vm, vm->exc_ValueError, "zip() argument 2 is longer than argument 1");
            return vm_raise(vm, vm->exc_ValueError, "zip() argument %lld is longer than arguments 1-%lld",
                            (long long)(i + 1), (long long)i);
        }
        if (vm_has_exc(vm)) {
            if (!vm_exc_matches(vm, vm->exc_StopIteration)) return VAL_NULL;
            vm_clear_exc(vm);
        }
    }
    return VAL_NULL;
}

static Value zip_next(VM *vm, Value self) {
    ZipObj *z = (ZipObj *)AS_OBJ(self);
    int64_t n = z->its->len;
    if (n == 0) return VAL_NULL;
    RootScope sc;
    scope_enter(vm, &sc);
    ObjTuple *t = tuple_new(vm, n);
    for (int64_t i = 0; i < n; i++) {
        Value item = vm_iternext(vm, z->its->items[i]);
        if (IS_NULL(item)) {
            if (!vm_has_exc(vm) && z->strict) zip_strict_end(vm, z, i);
            return scope_leave(vm, &sc, VAL_NULL);
        }
        t->items[i] = item;
    }
    return scope_leave(vm, &sc, MAKE_OBJ(t));
}

static const MethodDef zip_methods[] = {
    {"__new__", zip_new, METH_STATIC | METH_KW, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- map ------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    Value func;
    ObjTuple *its;
} MapObj;

static void map_trace(GC *gc, Obj *o) {
    MapObj *m = (MapObj *)o;
    gc_mark_value(gc, m->func);
    if (m->its) gc_mark_obj(gc, (Obj *)m->its);
}

static Value map_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    if (kwnames && kwnames->len > 0 && cls == vm->ptypes[PT_MAP])
        return vm_raise(vm, vm->exc_TypeError, "map() takes no keyword arguments");
    if (nargs < 3) return vm_raise(vm, vm->exc_TypeError, "map() must have at least two arguments.");
    ObjTuple *its = tuple_new(vm, nargs - 2);
    for (int i = 2; i < nargs; i++) {
        Value it = vm_getiter(vm, args[i]);
        if (IS_NULL(it)) return VAL_NULL;
        its->items[i - 2] = it;
    }
    MapObj *m = (MapObj *)alloc_instance(vm, cls, sizeof(MapObj));
    m->func = args[1];
    m->its = its;
    return MAKE_OBJ(m);
}

static Value map_next(VM *vm, Value self) {
    MapObj *m = (MapObj *)AS_OBJ(self);
    int64_t n = m->its->len;
    RootScope sc;
    scope_enter(vm, &sc);
    Value small[4];
    Value *items = small;
    ObjTuple *holder = NULL;
    if (n > 4) {
        holder = tuple_new(vm, n); /* rooted storage for many arguments */
        items = holder->items;
    }
    for (int64_t i = 0; i < n; i++) {
        Value item = vm_iternext(vm, m->its->items[i]);
        if (IS_NULL(item)) return scope_leave(vm, &sc, VAL_NULL);
        if (!holder) gc_push_root(vm, item);
        items[i] = item;
    }
    Value r = vm_call(vm, m->func, items, (int)n, NULL);
    return scope_leave(vm, &sc, r);
}

static const MethodDef map_methods[] = {
    {"__new__", map_new, METH_STATIC | METH_KW, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- filter --------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value func; /* None: keep truthy items */
    Value it;
} FilterObj;

static void filter_trace(GC *gc, Obj *o) {
    FilterObj *f = (FilterObj *)o;
    gc_mark_value(gc, f->func);
    gc_mark_value(gc, f->it);
}

static Value filter_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    if (kwnames && kwnames->len > 0 && cls == vm->ptypes[PT_FILTER])
        return vm_raise(vm, vm->exc_TypeError, "filter() takes no keyword arguments");
    if (nargs != 3) return vm_raise(vm, vm->exc_TypeError, "filter expected 2 arguments, got %d", nargs - 1);
    Value it = vm_getiter(vm, args[2]);
    if (IS_NULL(it)) return VAL_NULL;
    FilterObj *f = (FilterObj *)alloc_instance(vm, cls, sizeof(FilterObj));
    f->func = args[1];
    f->it = it;
    return MAKE_OBJ(f);
}

static Value filter_next(VM *vm, Value self) {
    FilterObj *f = (FilterObj *)AS_OBJ(self);
    RootScope sc;
    scope_enter(vm, &sc);
    size_t mark = gc_roots_mark(vm);
    bool plain = IS_NONE(f->func) || (IS_TYPE(f->func) && AS_TYPE(f->func) == vm->t_bool);
    for (;;) {
        gc_roots_reset(vm, mark);
        Value item = vm_iternext(vm, f->it);
        if (IS_NULL(item)) return scope_leave(vm, &sc, VAL_NULL);
        gc_push_root(vm, item);
        int ok;
        if (plain) {
            ok = vm_truthy(vm, item);
        } else {
            Value r = vm_call1(vm, f->func, item);
            if (IS_NULL(r)) return scope_leave(vm, &sc, VAL_NULL);
            ok = vm_truthy(vm, r);
        }
        if (ok < 0) return scope_leave(vm, &sc, VAL_NULL);
        if (ok) return scope_leave(vm, &sc, item);
    }
}

static const MethodDef filter_methods[] = {
    {"__new__", filter_new, METH_STATIC | METH_KW, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- reversed ------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value seq; /* VAL_NONE once exhausted */
    int64_t index;
} RevObj;

static void rev_trace(GC *gc, Obj *o) { gc_mark_value(gc, ((RevObj *)o)->seq); }

static bool is_sequence(VM *vm, Value v) {
    if (IS_DICT(v)) return false;
    if (IS_TUPLE(v) || IS_LIST(v) || IS_STR(v)) return true;
    return !IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___getitem__));
}

static Value rev_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    if (kwnames && kwnames->len > 0 && cls == vm->ptypes[PT_REVERSED])
        return vm_raise(vm, vm->exc_TypeError, "reversed() takes no keyword arguments");
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "reversed expected 1 argument, got %d", nargs - 1);
    Value seq = args[1];
    ObjType *t = vm_type_of(vm, seq);
    Value meth = type_lookup(vm, t, vm->s___reversed__);
    if (!IS_NULL(meth)) {
        if (IS_NONE(meth)) return vm_raise(vm, vm->exc_TypeError, "'%s' object is not reversible", t->name->data);
        return vm_call_dunder(vm, seq, vm->s___reversed__, NULL, 0, NULL);
    }
    if (!is_sequence(vm, seq)) return vm_raise(vm, vm->exc_TypeError, "'%s' object is not reversible", t->name->data);
    int64_t n = vm_len(vm, seq);
    if (n < 0) return VAL_NULL;
    RevObj *r = (RevObj *)alloc_instance(vm, cls, sizeof(RevObj));
    r->seq = seq;
    r->index = n - 1;
    return MAKE_OBJ(r);
}

static Value rev_next(VM *vm, Value self) {
    RevObj *r = (RevObj *)AS_OBJ(self);
    if (r->index >= 0 && !IS_NONE(r->seq)) {
        Value seq = r->seq;
        Value item;
        if (IS_TUPLE(seq) && vm_type_of(vm, seq) == vm->t_tuple) {
            item = r->index < AS_TUPLE(seq)->len ? AS_TUPLE(seq)->items[r->index] : VAL_NULL;
        } else if (IS_LIST(seq) && vm_type_of(vm, seq) == vm->t_list) {
            item = r->index < AS_LIST(seq)->len ? AS_LIST(seq)->items[r->index] : VAL_NULL;
        } else {
            item = vm_getitem(vm, seq, MAKE_INT(r->index));
            if (IS_NULL(item)) {
                if (!vm_exc_matches(vm, vm->exc_IndexError) && !vm_exc_matches(vm, vm->exc_StopIteration))
                    return VAL_NULL;
                vm_clear_exc(vm);
            }
        }
        if (!IS_NULL(item)) {
            r->index--;
            return item;
        }
    }
    r->index = -1;
    r->seq = VAL_NONE;
    return VAL_NULL;
}

static Value rev_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RevObj *r = (RevObj *)AS_OBJ(args[0]);
    if (IS_NONE(r->seq)) return MAKE_INT(0);
    int64_t n = vm_len(vm, r->seq);
    if (n < 0) return VAL_NULL;
    int64_t pos = r->index + 1;
    return MAKE_INT(n < pos ? 0 : pos);
}

static const MethodDef rev_methods[] = {
    {"__new__", rev_new, METH_STATIC | METH_KW, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"__length_hint__", rev_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- callable_iterator: iter(callable, sentinel) --------------------------- */

typedef struct {
    Obj obj;
    Value func; /* VAL_NULL once exhausted */
    Value sentinel;
} CallIterObj;

static void calliter_trace(GC *gc, Obj *o) {
    CallIterObj *c = (CallIterObj *)o;
    gc_mark_value(gc, c->func);
    gc_mark_value(gc, c->sentinel);
}

Value builtins_calliter_new(VM *vm, Value func, Value sentinel) {
    CallIterObj *c = (CallIterObj *)gc_alloc(vm, sizeof(CallIterObj), vm->ptypes[PT_CALLITER], OK_OTHER);
    c->func = func;
    c->sentinel = sentinel;
    return MAKE_OBJ(c);
}

static Value calliter_next(VM *vm, Value self) {
    CallIterObj *c = (CallIterObj *)AS_OBJ(self);
    if (IS_NULL(c->func)) return VAL_NULL;
    RootScope sc;
    scope_enter(vm, &sc);
    Value r = vm_call0(vm, c->func);
    if (IS_NULL(r)) {
        if (vm_exc_matches(vm, vm->exc_StopIteration)) {
            vm_clear_exc(vm);
            c->func = VAL_NULL;
            c->sentinel = VAL_NULL;
        }
        return scope_leave(vm, &sc, VAL_NULL);
    }
    int eq = vm_eq(vm, c->sentinel, r);
    if (eq < 0) return scope_leave(vm, &sc, VAL_NULL);
    if (eq > 0) {
        c->func = VAL_NULL;
        c->sentinel = VAL_NULL;
        return scope_leave(vm, &sc, VAL_NULL);
    }
    return scope_leave(vm, &sc, r);
}

static const MethodDef calliter_methods[] = {
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- anext_awaitable: anext(aiterator, default) ---------------------------- */

typedef struct {
    Obj obj;
    Value wrapped; /* what __anext__() returned */
    Value deflt;
    Value it;      /* the iterator of `await wrapped`, VAL_NULL until first used */
} AnextObj;

static void anext_trace(GC *gc, Obj *o) {
    AnextObj *a = (AnextObj *)o;
    gc_mark_value(gc, a->wrapped);
    gc_mark_value(gc, a->deflt);
    gc_mark_value(gc, a->it);
}

Value builtins_anext_awaitable_new(VM *vm, Value awaitable, Value deflt) {
    AnextObj *a = (AnextObj *)gc_alloc(vm, sizeof(AnextObj), vm->ptypes[PT_ANEXT], OK_OTHER);
    a->wrapped = awaitable;
    a->deflt = deflt;
    a->it = VAL_NULL;
    return MAKE_OBJ(a);
}

static bool anext_get_iter(VM *vm, AnextObj *a) {
    if (!IS_NULL(a->it)) return true;
    Value it = vm_get_awaitable(vm, a->wrapped);
    if (IS_NULL(it)) return false;
    a->it = it;
    return true;
}

/* StopAsyncIteration from the wrapped awaitable becomes StopIteration(default). */
static Value anext_result(VM *vm, AnextObj *a, Value r) {
    if (IS_NULL(r) && vm_exc_matches(vm, vm->exc_StopAsyncIteration)) {
        vm_clear_exc(vm);
        return exc_raise_stop_iteration(vm, a->deflt);
    }
    return r;
}

static Value anext_send_value(VM *vm, AnextObj *a, Value v) {
    if (!anext_get_iter(vm, a)) return VAL_NULL;
    Value it = a->it;
    Value r;
    if (IS_GEN(it)) {
        bool returned;
        r = gen_send(vm, AS_GEN(it), v, &returned);
    } else if (IS_NONE(v) && vm_type_of(vm, it)->iternext) {
        r = vm_type_of(vm, it)->iternext(vm, it);
        if (IS_NULL(r) && !vm_has_exc(vm)) exc_raise_stop_iteration(vm, VAL_NULL);
    } else if (IS_NONE(v)) {
        bool found;
        r = vm_call_dunder(vm, it, vm->s___next__, NULL, 0, &found);
        if (!found) vm_raise(vm, vm->exc_TypeError, "'%s' object is not an iterator", vm_type_name(vm, it));
    } else {
        r = vm_call_method(vm, it, vm->s_send, &v, 1);
    }
    return anext_result(vm, a, r);
}

static Value anext_iternext(VM *vm, Value self) {
    RootScope sc;
    scope_enter(vm, &sc);
    Value r = anext_send_value(vm, (AnextObj *)AS_OBJ(self), VAL_NONE);
    return scope_leave(vm, &sc, r);
}

static Value anext_m_send(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "send() takes exactly one argument (%d given)", nargs - 1);
    return anext_send_value(vm, (AnextObj *)AS_OBJ(args[0]), args[1]);
}

static Value anext_m_throw(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 2 || nargs > 4)
        return vm_raise(vm, vm->exc_TypeError, "throw expected at least 1 argument, got %d", nargs - 1);
    AnextObj *a = (AnextObj *)AS_OBJ(args[0]);
    if (!anext_get_iter(vm, a)) return VAL_NULL;
    Value r;
    if (IS_GEN(a->it) && nargs == 2) {
        Value out = VAL_NULL;
        GenResult g = gen_throw(vm, AS_GEN(a->it), args[1], &out);
        if (g == GEN_YIELD) r = out;
        else if (g == GEN_RETURN) r = exc_raise_stop_iteration(vm, IS_NULL(out) ? VAL_NONE : out);
        else r = VAL_NULL;
    } else {
        Value m = vm_getattr(vm, a->it, vm->s_throw);
        if (IS_NULL(m)) return VAL_NULL;
        r = vm_call(vm, m, args + 1, nargs - 1, NULL);
    }
    return anext_result(vm, a, r);
}

static Value anext_m_close(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    AnextObj *a = (AnextObj *)AS_OBJ(args[0]);
    if (IS_NULL(a->it)) return VAL_NONE;
    Value m = vm_getattr_opt(vm, a->it, vm->s_close);
    if (IS_NULL(m)) return vm_has_exc(vm) ? VAL_NULL : VAL_NONE;
    return vm_call0(vm, m);
}

static Value anext_m_await(VM *vm, Value *args, int nargs, ObjTuple *kwnames) { return args[0]; }

static const MethodDef anext_methods[] = {
    {"__await__", anext_m_await, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"send", anext_m_send, 0, NULL},
    {"throw", anext_m_throw, 0, NULL},
    {"close", anext_m_close, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- registration ---------------------------------------------------------- */

static ObjType *make_type(VM *vm, int slot, const char *name, size_t size, TraceFn trace,
                          Value (*next)(VM *, Value), const MethodDef *methods, uint32_t flags) {
    ObjType *t = type_new_builtin(vm, name, NULL, OK_OTHER, size, trace, NULL, TF_BUILTIN | flags);
    t->iternext = next;
    type_add_methods(vm, t, methods);
    vm->ptypes[slot] = t;
    return t;
}

void builtins_iter_init(VM *vm) {
    make_type(vm, PT_ENUMERATE, "enumerate", sizeof(EnumObj), enum_trace, enum_next, enum_methods, TF_BASETYPE);
    make_type(vm, PT_ZIP, "zip", sizeof(ZipObj), zip_trace, zip_next, zip_methods, TF_BASETYPE);
    make_type(vm, PT_MAP, "map", sizeof(MapObj), map_trace, map_next, map_methods, TF_BASETYPE);
    make_type(vm, PT_FILTER, "filter", sizeof(FilterObj), filter_trace, filter_next, filter_methods, TF_BASETYPE);
    make_type(vm, PT_REVERSED, "reversed", sizeof(RevObj), rev_trace, rev_next, rev_methods, TF_BASETYPE);
    make_type(vm, PT_CALLITER, "callable_iterator", sizeof(CallIterObj), calliter_trace, calliter_next,
              calliter_methods, 0);
    make_type(vm, PT_ANEXT, "anext_awaitable", sizeof(AnextObj), anext_trace, anext_iternext, anext_methods, 0);
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "enumerate"), MAKE_OBJ(vm->ptypes[PT_ENUMERATE]));
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "zip"), MAKE_OBJ(vm->ptypes[PT_ZIP]));
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "map"), MAKE_OBJ(vm->ptypes[PT_MAP]));
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "filter"), MAKE_OBJ(vm->ptypes[PT_FILTER]));
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "reversed"), MAKE_OBJ(vm->ptypes[PT_REVERSED]));
}
