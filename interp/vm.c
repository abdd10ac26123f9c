/* vm.c: the dispatch loop and calls.
 *
 * One loop runs every Coil frame: a call from Coil code to a Coil function
 * (or a class whose __init__ is Coil code) pushes a heap frame and keeps
 * going in the same loop; only C code calling back into Coil (vm_call: sort
 * keys, __eq__ from a dict, __repr__ from print, type.__call__ for exotic
 * classes) starts a nested loop, bounded by vm->c_depth.
 *
 * Invariants inside the loop:
 *  - `frame` is vm->frame; ip/sp are its live registers (written back to
 *    the frame before anything that may look at them: calls, errors).
 *  - The collector scans each frame's whole slot array, so values popped
 *    into C locals stay alive until their slot is overwritten.
 *  - Every slow path that may allocate and also run Coil code is bracketed
 *    by NATIVE_BEGIN/NATIVE_END so its temporaries are rooted.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "compiler.h"
#include "dict.h"
#include "exception.h"
#include "func.h"
#include "gen.h"
#include "list.h"
#include "object_impl.h"
#include "ops.h"
#include "set.h"
#include "slice.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

/* Fast paths apply to the built-in types themselves, never to subclasses
 * (which may override the dunder the fast path skips). */
#define IS_EXACT(v, t) (IS_OBJ(v) && AS_OBJ(v)->type == (t))

/* LOAD_GLOBAL's cache, one entry per name of a code object (code->cache):
 * valid while both dicts keep their versions and no collection happened
 * (which could have freed the value's dict and reused its address). */
typedef struct {
    ObjDict *globals;
    uint64_t gver, bver;
    uint32_t epoch;
    Value value;
} GlobalCacheEntry;

/* Attribute caches for instances of plain classes, also one per name: what
 * type_lookup found for (type, name), classified, and whether the type
 * keeps object's __getattribute__/__setattr__. Valid for one type epoch
 * (object.c: any class change, new type or collection ends it). */
enum { AC_ABSENT, AC_FUNC, AC_PLAIN, AC_OTHER };
typedef struct {
    ObjType *type;
    uint32_t epoch;
    uint8_t kind;          /* AC_*: what the type has under the name */
    bool plain_get, plain_set;
    Value descr;
} AttrCacheEntry;

/* The code object's caches: nnames global entries, then two attribute
 * entries per name (code that sees instances of two classes, e.g. a loop
 * over a mixed list, keeps both), in one block. */
#define ATTR_WAYS 2

static void *code_cache(ObjCode *code) {
    if (!code->cache && code->nnames > 0)
        code->cache = calloc((size_t)code->nnames, sizeof(GlobalCacheEntry) + ATTR_WAYS * sizeof(AttrCacheEntry));
    return code->cache;
}

static AttrCacheEntry *attr_cache_fill(VM *vm, ObjCode *code, uint32_t a, ObjType *t);

static inline AttrCacheEntry *attr_cache(VM *vm, ObjCode *code, uint32_t a, ObjType *t) {
    if (code->cache) {
        AttrCacheEntry *e = (AttrCacheEntry *)((GlobalCacheEntry *)code->cache + code->nnames) + (size_t)a * ATTR_WAYS;
        if (e[0].type == t && e[0].epoch == vm->type_epoch) return &e[0];
        if (e[1].type == t && e[1].epoch == vm->type_epoch) return &e[1];
    }
    return attr_cache_fill(vm, code, a, t);
}

static AttrCacheEntry *attr_cache_fill(VM *vm, ObjCode *code, uint32_t a, ObjType *t) {
    void *c = code_cache(code);
    if (!c) return NULL;
    AttrCacheEntry *e = (AttrCacheEntry *)((GlobalCacheEntry *)c + code->nnames) + (size_t)a * ATTR_WAYS;
    e[1] = e[0]; /* the older entry gives way */
    Value d = type_lookup(vm, t, code->names[a]);
    uint8_t kind = AC_OTHER;
    if (IS_NULL(d)) kind = AC_ABSENT;
    else if (IS_FUNCTION(d)) kind = AC_FUNC;
    else if (!IS_OBJ(d)) kind = AC_PLAIN;
    else {
        uint8_t k = AS_OBJ(d)->kind;
        if (!(AS_OBJ(d)->type->tflags & TF_HEAPTYPE) && k != OK_PROPERTY && k != OK_GETSET && k != OK_NATIVE &&
            k != OK_STATICMETHOD && k != OK_CLASSMETHOD && k != OK_FUNCTION && k != OK_TYPE)
            kind = AC_PLAIN; /* an ordinary class attribute value (int, str, list ...) */
    }
    e->type = t;
    e->epoch = vm->type_epoch;
    e->kind = kind;
    e->descr = d;
    e->plain_get = IS_NATIVE(type_lookup(vm, t, vm->s___getattribute__));
    e->plain_set = IS_NATIVE(type_lookup(vm, t, vm->s___setattr__)) && t->dictoffset == offsetof(ObjInstance, dict) &&
                   !(t->tflags & TF_SLOTS);
    return e;
}

#define C_DEPTH_LIMIT 1200

/* ---- errors -------------------------------------------------------------- */

void vm_clear_exc(VM *vm) { vm->exc = VAL_NULL; }

Value vm_take_exc(VM *vm) {
    Value e = vm->exc;
    vm->exc = VAL_NULL;
    return e;
}

bool vm_exc_matches(VM *vm, ObjType *type) {
    if (IS_NULL(vm->exc)) return false;
    return vm_isinstance(vm, vm->exc, type);
}

static Value handled_exception(VM *vm) {
    for (ExcInfo *ei = vm->exc_info; ei; ei = ei->previous)
        if (!IS_NULL(ei->exc) && !IS_NONE(ei->exc)) return ei->exc;
    return VAL_NONE;
}

/* Sets __context__ to the exception being handled, as CPython does for
 * every raise, breaking cycles the same way. */
static void set_context(VM *vm, Value exc) {
    Value ctx = handled_exception(vm);
    if (IS_NONE(ctx) || val_is(ctx, exc) || !IS_EXCEPTION(exc)) return;
    Value o = ctx;
    while (IS_EXCEPTION(o)) {
        ObjException *oe = AS_EXCEPTION(o);
        if (val_is(oe->context, exc)) {
            oe->context = VAL_NONE;
            break;
        }
        o = oe->context;
    }
    AS_EXCEPTION(exc)->context = ctx;
}

Value vm_raise_value(VM *vm, Value exc) {
    if (IS_TYPE(exc) && (AS_TYPE(exc)->tflags & TF_EXCEPTION)) {
        Value inst = vm_call0(vm, exc);
        if (IS_NULL(inst)) return VAL_NULL;
        exc = inst;
    }
    if (!IS_EXCEPTION(exc)) {
        return vm_raise(vm, vm->exc_TypeError, "exceptions must derive from BaseException");
    }
    set_context(vm, exc);
    vm->exc = exc;
    return VAL_NULL;
}

Value vm_raise(VM *vm, ObjType *type, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n >= (int)sizeof buf) {
        char *big = malloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        Value msg = MAKE_OBJ(str_new(vm, big, (size_t)n));
        free(big);
        ObjException *e = exc_new(vm, type, &msg, 1);
        return vm_raise_value(vm, MAKE_OBJ(e));
    }
    Value msg = MAKE_OBJ(str_new(vm, buf, (size_t)n));
    ObjException *e = exc_new(vm, type, &msg, 1);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

Value vm_raise_no_memory(VM *vm) {
    ObjException *e = exc_new(vm, vm->exc_MemoryError, NULL, 0);
    vm->exc = MAKE_OBJ(e);
    return VAL_NULL;
}

void exc_add_traceback(VM *vm, Value exc, ObjCode *code, int line) {
    if (!IS_EXCEPTION(exc)) return;
    ObjException *e = AS_EXCEPTION(exc);
    if (e->tb_len == e->tb_cap) {
        int cap = e->tb_cap ? e->tb_cap * 2 : 4;
        e->tb = gc_realloc(vm, e->tb, (size_t)e->tb_cap * sizeof(TbEntry), (size_t)cap * sizeof(TbEntry));
        e->tb_cap = cap;
    }
    e->tb[e->tb_len].code = code;
    e->tb[e->tb_len].line = line;
    e->tb_len++;
}

static Value raise_recursion(VM *vm) {
    return vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded");
}

/* ---- frames and namespaces -------------------------------------------- */

Value vm_globals(VM *vm) {
    if (!vm->frame) return MAKE_OBJ(vm->builtins);
    return MAKE_OBJ(vm->frame->globals);
}

Value vm_locals(VM *vm) {
    Frame *f = vm->frame;
    if (!f) return MAKE_OBJ(vm->builtins);
    /* a function's locals() is one dict per frame, refreshed from the slots
     * on each call (as CPython's f_locals), so exec() can add names to it */
    bool snapshot = f->func && !(f->code->flags & (CO_CLASS | CO_MODULE));
    if (f->locals && !snapshot) return MAKE_OBJ(f->locals);
    ObjDict *d = f->locals ? f->locals : dict_new(vm);
    if (snapshot) f->locals = d;
    ObjCode *c = f->code;
    for (int i = 0; i < c->nlocals; i++) {
        if (!IS_NULL(f->slots[i])) dict_set_str(vm, d, c->varnames[i], f->slots[i]);
        else if (dict_del(vm, d, MAKE_OBJ(c->varnames[i])) < 0) vm_clear_exc(vm);
    }
    for (int i = 0; i < c->ncellvars + c->nfreevars; i++) {
        Value cell = f->slots[c->nlocals + i];
        if (IS_KIND(cell, OK_CELL) && !IS_NULL(AS_CELL(cell)->value))
            dict_set_str(vm, d, c->varnames[c->nlocals + i], AS_CELL(cell)->value);
    }
    return MAKE_OBJ(d);
}

/* Creates cells (copying cell parameters) and installs the closure. */
static void frame_setup_cells(VM *vm, Frame *f, ObjFunction *fn) {
    ObjCode *c = f->code;
    for (int i = 0; i < c->ncellvars; i++) {
        ObjCell *cell = (ObjCell *)gc_alloc(vm, sizeof(ObjCell), vm->t_cell, OK_CELL);
        int arg = c->cell2arg ? c->cell2arg[i] : -1;
        cell->value = arg >= 0 ? f->slots[arg] : VAL_NULL;
        f->slots[c->nlocals + i] = MAKE_OBJ(cell);
    }
    if (c->nfreevars && fn && fn->closure) {
        for (int i = 0; i < c->nfreevars && i < fn->closure->len; i++)
            f->slots[c->nlocals + c->ncellvars + i] = fn->closure->items[i];
    }
}

/* A frame for calling fn with the given arguments, or NULL with an error. */
static Frame *make_call_frame(VM *vm, ObjFunction *fn, Value *args, int nargs, ObjTuple *kwnames) {
    ObjCode *c = fn->code;
    Frame *f = frame_new(vm, c, fn, fn->globals);
    if (!f) return NULL;
    if (!kwnames && nargs == c->argcount && !(c->flags & (CO_VARARGS | CO_VARKEYWORDS)) && c->kwonlyargcount == 0) {
        for (int i = 0; i < nargs; i++) f->slots[i] = args[i];
    } else {
        /* the frame is not yet linked: root nothing, binding may allocate
         * but never runs Coil code */
        if (!func_bind_args(vm, fn, f, args, nargs, kwnames)) {
            frame_free(vm, f);
            return NULL;
        }
    }
    if (c->ncellvars || c->nfreevars) frame_setup_cells(vm, f, fn);
    return f;
}

static Value run(VM *vm, Frame *entry);

static bool is_generator_code(ObjCode *c) {
    return (c->flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)) != 0;
}

Value vm_run_frame(VM *vm, Frame *f) {
    if (vm->c_depth >= C_DEPTH_LIMIT || vm->depth >= vm->recursion_limit) {
        if (!(f->flags & FRAME_OWNED)) frame_free(vm, f);
        return raise_recursion(vm);
    }
    f->prev = vm->frame;
    f->flags |= FRAME_ENTRY;
    vm->frame = f;
    vm->depth++;
    vm->c_depth++;
    int saved_native = vm->native_depth;
    vm->native_depth = 0;
    Value r = run(vm, f);
    vm->native_depth = saved_native;
    vm->c_depth--;
    if (saved_native > 0 && !IS_NULL(r)) gc_push_root(vm, r);
    return r;
}

Value vm_run_class_body(VM *vm, ObjFunction *body, ObjDict *ns) {
    Frame *f = frame_new(vm, body->code, body, body->globals);
    if (!f) return VAL_NULL;
    f->locals = ns;
    frame_setup_cells(vm, f, body);
    return vm_run_frame(vm, f);
}

/* ---- calls from C -------------------------------------------------------- */

static Value call_native(VM *vm, ObjNative *n, Value *args, int nargs, ObjTuple *kwnames) {
    if (kwnames && kwnames->len > 0 && !(n->flags & METH_KW))
        return vm_raise(vm, vm->exc_TypeError, "%s() takes no keyword arguments", n->name);
    size_t mark = vm->gc.roots_count;
    int saved = vm->native_depth;
    vm->native_depth = saved + 1;
    Value r;
    if (!IS_NULL(n->bound) && !IS_MODULE(n->bound)) {
        /* a builtin bound to an object (e.g. a method taken from a type's
         * instance by C code): prepend it */
        int nkw = kwnames ? (int)kwnames->len : 0;
        Value *a = malloc(sizeof(Value) * (size_t)(nargs + nkw + 1));
        a[0] = n->bound;
        if (nargs + nkw > 0) memcpy(a + 1, args, sizeof(Value) * (size_t)(nargs + nkw));
        r = n->fn(vm, a, nargs + 1, kwnames);
        free(a);
    } else {
        r = n->fn(vm, args, nargs, kwnames);
    }
    vm->native_depth = saved;
    gc_roots_reset(vm, mark);
    if (saved > 0 && !IS_NULL(r)) gc_push_root(vm, r);
    if (IS_NULL(r) && !vm_has_exc(vm))
        return vm_raise(vm, vm->exc_SystemError, "%s() returned NULL without setting an exception", n->name);
    return r;
}

static Value call_with_self(VM *vm, Value func, Value self, Value *args, int nargs, ObjTuple *kwnames) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value stackbuf[8];
    Value *a = (nargs + nkw + 1 <= 8) ? stackbuf : malloc(sizeof(Value) * (size_t)(nargs + nkw + 1));
    a[0] = self;
    if (nargs + nkw > 0) memcpy(a + 1, args, sizeof(Value) * (size_t)(nargs + nkw));
    Value r = vm_call(vm, func, a, nargs + 1, kwnames);
    if (a != stackbuf) free(a);
    return r;
}

Value vm_call(VM *vm, Value callable, Value *args, int nargs, ObjTuple *kwnames) {
    if (kwnames && kwnames->len == 0) kwnames = NULL;
    if (!IS_OBJ(callable))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object is not callable", vm_type_name(vm, callable));
    Obj *o = AS_OBJ(callable);
    switch (o->kind) {
    case OK_FUNCTION: {
        ObjFunction *fn = (ObjFunction *)o;
        if (vm->depth >= vm->recursion_limit || vm->c_depth >= C_DEPTH_LIMIT) return raise_recursion(vm);
        Frame *f = make_call_frame(vm, fn, args, nargs, kwnames);
        if (!f) return VAL_NULL;
        if (is_generator_code(fn->code)) return gen_new_from_frame(vm, f, fn);
        return vm_run_frame(vm, f);
    }
    case OK_NATIVE: return call_native(vm, (ObjNative *)o, args, nargs, kwnames);
    case OK_BOUND_METHOD: {
        ObjBoundMethod *m = (ObjBoundMethod *)o;
        return call_with_self(vm, m->func, m->self, args, nargs, kwnames);
    }
    case OK_TYPE: {
        if (o->type != vm->t_type) {
            /* a metaclass may define __call__ (singletons, registries) */
            Value mc = type_lookup(vm, o->type, vm->s___call__);
            if (!IS_NULL(mc) && !(IS_NATIVE(mc) && AS_NATIVE(mc)->owner == vm->t_type))
                return call_with_self(vm, mc, MAKE_OBJ(o), args, nargs, kwnames);
        }
        if (vm->c_depth >= C_DEPTH_LIMIT) return raise_recursion(vm);
        size_t mark = vm->gc.roots_count;
        int saved = vm->native_depth;
        vm->native_depth = saved + 1;
        vm->c_depth++;
        Value r = type_call(vm, (ObjType *)o, args, nargs, kwnames);
        vm->c_depth--;
        vm->native_depth = saved;
        gc_roots_reset(vm, mark);
        if (saved > 0 && !IS_NULL(r)) gc_push_root(vm, r);
        return r;
    }
    default: {
        Value call = type_lookup(vm, o->type, vm->s___call__);
        if (IS_NULL(call))
            return vm_raise(vm, vm->exc_TypeError, "'%s' object is not callable", vm_type_name(vm, callable));
        if (vm->c_depth >= C_DEPTH_LIMIT) return raise_recursion(vm);
        vm->c_depth++;
        Value r = call_with_self(vm, call, callable, args, nargs, kwnames);
        vm->c_depth--;
        return r;
    }
    }
}

Value vm_call0(VM *vm, Value c) { return vm_call(vm, c, NULL, 0, NULL); }
Value vm_call1(VM *vm, Value c, Value a) { return vm_call(vm, c, &a, 1, NULL); }
Value vm_call2(VM *vm, Value c, Value a, Value b) {
    Value args[2] = {a, b};
    return vm_call(vm, c, args, 2, NULL);
}

Value vm_call_dunder(VM *vm, Value obj, ObjStr *name, Value *args, int nargs, bool *found) {
    Value f = type_lookup(vm, vm_type_of(vm, obj), name);
    if (IS_NULL(f)) {
        if (found) *found = false;
        return VAL_NULL;
    }
    if (found) *found = true;
    if (IS_NONE(f))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object is not callable", "NoneType");
    if (IS_OBJ(f)) {
        uint8_t k = AS_OBJ(f)->kind;
        if (k == OK_STATICMETHOD) return vm_call(vm, ((ObjStaticMethod *)AS_OBJ(f))->func, args, nargs, NULL);
        if (k == OK_CLASSMETHOD)
            return call_with_self(vm, ((ObjStaticMethod *)AS_OBJ(f))->func, MAKE_OBJ(vm_type_of(vm, obj)), args, nargs, NULL);
        if (k != OK_FUNCTION && k != OK_NATIVE) {
            Value bound = descr_get(vm, f, obj, vm_type_of(vm, obj));
            if (IS_NULL(bound)) return VAL_NULL;
            return vm_call(vm, bound, args, nargs, NULL);
        }
    }
    return call_with_self(vm, f, obj, args, nargs, NULL);
}

Value vm_call_method(VM *vm, Value obj, ObjStr *name, Value *args, int nargs) {
    Value m = vm_getattr(vm, obj, name);
    if (IS_NULL(m)) return VAL_NULL;
    return vm_call(vm, m, args, nargs, NULL);
}

/* ---- helpers for the loop ------------------------------------------------ */

/* CPython's _PyObject_FunctionStr: "module.qualname()" ("qualname()" for
 * builtins), naming the callee in call errors; a malloc'd string. */
static char *function_str(VM *vm, Value func) {
    if (IS_KIND(func, OK_BOUND_METHOD)) func = ((ObjBoundMethod *)AS_OBJ(func))->func;
    Value q = IS_OBJ(func) ? vm_getattr_opt(vm, func, vm->s___qualname__) : VAL_NULL;
    if (IS_NULL(q) || !IS_STR(q)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        Value s = vm_str(vm, func);
        if (IS_NULL(s)) {
            vm_clear_exc(vm);
            return strdup("function");
        }
        return strdup(AS_STR(s)->data);
    }
    Value m = vm_getattr_opt(vm, func, vm->s___module__);
    if (vm_has_exc(vm)) vm_clear_exc(vm);
    size_t n = (size_t)AS_STR(q)->len + 64 + (IS_STR(m) ? (size_t)AS_STR(m)->len : 0);
    char *out = malloc(n);
    if (!out) return strdup("function");
    if (IS_STR(m) && strcmp(AS_STR(m)->data, "builtins") != 0)
        snprintf(out, n, "%s.%s()", AS_STR(m)->data, AS_STR(q)->data);
    else
        snprintf(out, n, "%s()", AS_STR(q)->data);
    return out;
}

static Value name_error(VM *vm, ObjStr *name, ObjDict *globals) {
    Value r = vm_raise(vm, vm->exc_NameError, "name '%s' is not defined", name->data);
    if (IS_EXCEPTION(vm->exc)) {
        exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(name));
        /* where "Did you mean" looks when the traceback is printed */
        AS_EXCEPTION(vm->exc)->hint_globals = globals;
    }
    return r;
}

static Value unbound_local(VM *vm, ObjStr *name) {
    return vm_raise(vm, vm->exc_UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value",
                    name->data);
}

static Value unbound_free(VM *vm, ObjCode *c, int slot) {
    ObjStr *name = c->varnames[slot];
    if (slot < c->nlocals + c->ncellvars) return unbound_local(vm, name);
    return vm_raise(vm, vm->exc_NameError,
                    "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
                    name->data);
}

static bool unpack_iterable(VM *vm, Value seq, int before, int after, bool star, Value *out) {
    /* out receives the items in order: before..., [star list], after... */
    int n = before + after;
    if (!star && (IS_EXACT(seq, vm->t_tuple) || IS_EXACT(seq, vm->t_list))) {
        int64_t len = IS_TUPLE(seq) ? AS_TUPLE(seq)->len : AS_LIST(seq)->len;
        Value *items = IS_TUPLE(seq) ? AS_TUPLE(seq)->items : AS_LIST(seq)->items;
        if (len != n) {
            if (len < n) vm_raise(vm, vm->exc_ValueError, "not enough values to unpack (expected %d, got %lld)", n, (long long)len);
            else vm_raise(vm, vm->exc_ValueError, "too many values to unpack (expected %d)", n);
            return false;
        }
        if (n > 0) memcpy(out, items, sizeof(Value) * (size_t)n);
        return true;
    }
    Value it = vm_getiter(vm, seq);
    if (IS_NULL(it)) {
        if (vm_exc_matches(vm, vm->exc_TypeError) && IS_NULL(type_lookup(vm, vm_type_of(vm, seq), vm->s___iter__)) &&
            IS_NULL(type_lookup(vm, vm_type_of(vm, seq), vm->s___getitem__))) {
            vm_clear_exc(vm);
            vm_raise(vm, vm->exc_TypeError, "cannot unpack non-iterable %s object", vm_type_name(vm, seq));
        }
        return false;
    }
    gc_push_root(vm, it);
    for (int i = 0; i < before; i++) {
        Value v = vm_iternext(vm, it);
        if (IS_NULL(v)) {
            if (!vm_has_exc(vm)) {
                if (star)
                    vm_raise(vm, vm->exc_ValueError, "not enough values to unpack (expected at least %d, got %d)", n, i);
                else
                    vm_raise(vm, vm->exc_ValueError, "not enough values to unpack (expected %d, got %d)", n, i);
            }
            return false;
        }
        out[i] = v;
        gc_push_root(vm, v);
    }
    if (!star) {
        Value extra = vm_iternext(vm, it);
        if (!IS_NULL(extra)) {
            vm_raise(vm, vm->exc_ValueError, "too many values to unpack (expected %d)", n);
            return false;
        }
        return !vm_has_exc(vm);
    }
    ObjList *rest = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(rest));
    for (;;) {
        Value v = vm_iternext(vm, it);
        if (IS_NULL(v)) {
            if (vm_has_exc(vm)) return false;
            break;
        }
        list_append(vm, rest, v);
    }
    if (rest->len < after) {
        vm_raise(vm, vm->exc_ValueError, "not enough values to unpack (expected at least %d, got %lld)", n,
                 (long long)(before + rest->len));
        return false;
    }
    for (int i = 0; i < after; i++) out[before + 1 + i] = rest->items[rest->len - after + i];
    rest->len -= after;
    out[before] = MAKE_OBJ(rest);
    return true;
}

static int exc_match(VM *vm, Value exc, Value type) {
    if (IS_TUPLE(type)) {
        /* every entry must be an exception class, matching or not */
        ObjTuple *t = AS_TUPLE(type);
        for (int64_t i = 0; i < t->len; i++) {
            Value x = t->items[i];
            if (!IS_TUPLE(x) && (!IS_TYPE(x) || !(AS_TYPE(x)->tflags & TF_EXCEPTION))) {
                vm_raise(vm, vm->exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
                return -1;
            }
        }
        for (int64_t i = 0; i < t->len; i++) {
            int r = exc_match(vm, exc, t->items[i]);
            if (r != 0) return r;
        }
        return 0;
    }
    if (!IS_TYPE(type) || !(AS_TYPE(type)->tflags & TF_EXCEPTION)) {
        vm_raise(vm, vm->exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        return -1;
    }
    return vm_isinstance(vm, exc, AS_TYPE(type)) ? 1 : 0;
}

/* The argument tuple/dict of CALL_FUNCTION_EX flattened into an array and
 * kwnames; *buf must be freed by the caller. */
static bool flatten_ex_args(VM *vm, Value posargs, Value kwargs, Value **buf, int *nargs, ObjTuple **kwnames) {
    ObjTuple *pt = AS_TUPLE(posargs);
    int np = (int)pt->len, nk = 0;
    ObjDict *kd = IS_NULL(kwargs) ? NULL : AS_DICT(kwargs);
    if (kd) nk = (int)kd->len;
    Value *a = malloc(sizeof(Value) * (size_t)(np + nk + 1));
    if (np > 0) memcpy(a, pt->items, sizeof(Value) * (size_t)np);
    ObjTuple *kn = NULL;
    if (nk) {
        kn = tuple_new(vm, nk);
        int64_t pos = 0;
        Value k, v;
        int i = 0;
        while (dict_next(kd, &pos, &k, &v)) {
            if (!IS_STR(k)) {
                free(a);
                vm_raise(vm, vm->exc_TypeError, "keywords must be strings");
                return false;
            }
            kn->items[i] = MAKE_OBJ(str_intern(vm, AS_STR(k)->data, (size_t)AS_STR(k)->len));
            a[np + i] = v;
            i++;
        }
    }
    *buf = a;
    *nargs = np;
    *kwnames = kn;
    return true;
}

static Value import_from(VM *vm, Value mod, ObjStr *name) {
    Value v = vm_getattr_opt(vm, mod, name);
    if (!IS_NULL(v) || vm_has_exc(vm)) return v;
    if (IS_MODULE(mod)) {
        /* a submodule being imported (circular imports in a package) */
        ObjStr *sub = str_printf(vm, "%s.%s", AS_MODULE(mod)->name->data, name->data);
        v = dict_get(vm, vm->modules, MAKE_OBJ(sub));
        if (!IS_NULL(v)) return v;
    }
    const char *mname = IS_MODULE(mod) ? AS_MODULE(mod)->name->data : "?";
    Value file = IS_MODULE(mod) ? dict_get_str(vm, AS_MODULE(mod)->dict, vm->s___file__) : VAL_NULL;
    if (!IS_NULL(file) && IS_STR(file))
        return vm_raise(vm, vm->exc_ImportError, "cannot import name '%s' from '%s' (%s)", name->data, mname,
                        AS_STR(file)->data);
    return vm_raise(vm, vm->exc_ImportError, "cannot import name '%s' from '%s' (unknown location)", name->data, mname);
}

static bool import_star(VM *vm, Value mod, ObjDict *locals) {
    if (!IS_MODULE(mod)) {
        vm_raise(vm, vm->exc_TypeError, "import * requires a module");
        return false;
    }
    ObjDict *md = AS_MODULE(mod)->dict;
    Value all = dict_get_str(vm, md, vm->s___all__);
    if (!IS_NULL(all)) {
        ObjList *names = vm_list_from_iterable(vm, all);
        if (!names) return false;
        for (int64_t i = 0; i < names->len; i++) {
            Value n = names->items[i];
            if (!IS_STR(n)) {
                vm_raise(vm, vm->exc_TypeError, "Item in %s.__all__ must be str, not %s", AS_MODULE(mod)->name->data,
                         vm_type_name(vm, n));
                return false;
            }
            ObjStr *in = str_intern(vm, AS_STR(n)->data, (size_t)AS_STR(n)->len);
            Value v = vm_getattr(vm, mod, in);
            if (IS_NULL(v)) return false;
            dict_set_str(vm, locals, in, v);
        }
        return true;
    }
    int64_t pos = 0;
    Value k, v;
    while (dict_next(md, &pos, &k, &v)) {
        if (!IS_STR(k) || AS_STR(k)->data[0] == '_') continue;
        dict_set(vm, locals, k, v);
    }
    return true;
}

static Value build_string(VM *vm, Value *items, int n) {
    StrBuf b;
    strbuf_init(&b);
    for (int i = 0; i < n; i++) strbuf_add_str(&b, AS_STR(items[i]));
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value format_value(VM *vm, Value v, int conv, Value spec) {
    switch (conv) {
    case 1: v = vm_str(vm, v); break;
    case 2: v = vm_repr(vm, v); break;
    case 3: v = vm_ascii(vm, v); break;
    default: break;
    }
    if (IS_NULL(v)) return VAL_NULL;
    if (IS_NULL(spec) && IS_STR(v) && AS_OBJ(v)->type == vm->t_str) return v;
    return vm_format(vm, v, IS_NULL(spec) ? MAKE_OBJ(vm->empty_str) : spec);
}

/* Looks up obj.name for a method call without allocating a bound method
 * when the attribute is a plain function on the type. */
static bool load_method(VM *vm, Value obj, ObjStr *name, Value *meth, Value *self) {
    ObjType *t = vm_type_of(vm, obj);
    if (!IS_TYPE(obj) && !IS_MODULE(obj) && !IS_KIND(obj, OK_SUPER)) {
        Value ga = (t->tflags & TF_HEAPTYPE) ? type_lookup(vm, t, vm->s___getattribute__) : VAL_NULL;
        if (IS_NULL(ga) || IS_NATIVE(ga)) {
            Value d = type_lookup(vm, t, name);
            if (!IS_NULL(d) && IS_OBJ(d) &&
                (AS_OBJ(d)->kind == OK_FUNCTION || (AS_OBJ(d)->kind == OK_NATIVE && AS_NATIVE(d)->owner))) {
                ObjDict *dict = obj_get_dict(vm, obj, false);
                if (!dict || IS_NULL(dict_get_str(vm, dict, name))) {
                    *meth = d;
                    *self = obj;
                    return true;
                }
            }
        }
    }
    Value v = vm_getattr(vm, obj, name);
    if (IS_NULL(v)) return false;
    *meth = v;
    *self = VAL_NULL;
    return true;
}

/* PEP 479: StopIteration escaping a generator body becomes RuntimeError. */
static void pep479(VM *vm, ObjGen *g) {
    bool stop = vm_exc_matches(vm, vm->exc_StopIteration);
    bool astop = g->gkind == GEN_ASYNC_GENERATOR && vm_exc_matches(vm, vm->exc_StopAsyncIteration);
    if (!stop && !astop) return;
    Value orig = vm_take_exc(vm);
    const char *what = g->gkind == GEN_COROUTINE ? "coroutine" : g->gkind == GEN_ASYNC_GENERATOR ? "async generator" : "generator";
    vm_raise(vm, vm->exc_RuntimeError, "%s raised %s", what, stop ? "StopIteration" : "StopAsyncIteration");
    if (IS_EXCEPTION(vm->exc)) {
        AS_EXCEPTION(vm->exc)->cause = orig;
        AS_EXCEPTION(vm->exc)->context = orig;
        AS_EXCEPTION(vm->exc)->suppress_context = true;
        ObjException *oe = AS_EXCEPTION(orig);
        for (int i = 0; i < oe->tb_len; i++) exc_add_traceback(vm, vm->exc, oe->tb[i].code, oe->tb[i].line);
    }
}

/* The iterator `await v` drives: a coroutine itself, or __await__(). */
Value vm_get_awaitable(VM *vm, Value v) {
    if (IS_GEN(v)) {
        ObjGen *g = AS_GEN(v);
        if (g->gkind == GEN_COROUTINE) {
            /* (a running coroutine awaiting itself fails in SEND with
             * CPython's "coroutine already executing") */
            if (g->started && g->frame && !g->running && !IS_NULL(gen_delegate(g)))
                return vm_raise(vm, vm->exc_RuntimeError, "coroutine is being awaited already");
            return v;
        }
    }
    ObjType *t = vm_type_of(vm, v);
    Value m = type_lookup(vm, t, vm->s___await__);
    if (IS_NULL(m) || IS_NONE(m))
        return vm_raise(vm, vm->exc_TypeError, "object %s can't be used in 'await' expression", t->name->data);
    Value it = vm_call_dunder(vm, v, vm->s___await__, NULL, 0, NULL);
    if (IS_NULL(it)) return VAL_NULL;
    if (IS_GEN(it) && AS_GEN(it)->gkind == GEN_COROUTINE)
        return vm_raise(vm, vm->exc_TypeError, "__await__() returned a coroutine");
    ObjType *it_t = vm_type_of(vm, it);
    if (!it_t->iternext && IS_NULL(type_lookup(vm, it_t, vm->s___next__)))
        return vm_raise(vm, vm->exc_TypeError, "__await__() returned non-iterator of type '%s'", it_t->name->data);
    return it;
}

/* ---- the dispatch loop --------------------------------------------------- */

#define NATIVE_BEGIN()                          \
    size_t native_mark_ = vm->gc.roots_count;   \
    vm->native_depth++
#define NATIVE_END()           \
    vm->native_depth--;        \
    gc_roots_reset(vm, native_mark_)

static Value run(VM *vm, Frame *entry) {
    Frame *frame = vm->frame;
    ObjCode *code;
    Instr *ip;
    Value *sp;
    Value *slots;
    Value *consts;
    ObjStr **names;
    Instr instr;
    Value retval;
    ObjTuple *call_kwnames = NULL; /* CALL_KW hands its names to CALL's body */

#define LOAD_REGS()               \
    do {                          \
        code = frame->code;       \
        ip = frame->ip;           \
        sp = frame->sp;           \
        slots = frame->slots;     \
        consts = code->consts;    \
        names = code->names;      \
    } while (0)
#define SAVE_REGS()       \
    do {                  \
        frame->ip = ip;   \
        frame->sp = sp;   \
    } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define PEEK(n) (sp[-(n)])
#define ARG() INSTR_ARG(instr)
#define STACK_BASE() (slots + code->nlocals + code->ncellvars + code->nfreevars)
#define CHECK(cond)           \
    do {                      \
        if (!(cond)) goto error; \
    } while (0)

#ifdef COIL_SWITCH_DISPATCH
#define TARGET(op) case OP_##op:
#define DISPATCH() goto dispatch
#else
#define TARGET(op) L_##op:
#define DISPATCH()                          \
    do {                                    \
        instr = *ip++;                      \
        goto *labels[INSTR_OP(instr)];      \
    } while (0)
    static void *labels[OP__COUNT] = {
#define X(name, effect) &&L_##name,
        COIL_OPCODES(X)
#undef X
    };
#endif

    LOAD_REGS();
    if (frame->flags & FRAME_THROW) {
        frame->flags &= ~FRAME_THROW;
        goto error;
    }

#ifdef COIL_SWITCH_DISPATCH
dispatch:
    instr = *ip++;
    switch (INSTR_OP(instr)) {
#else
    DISPATCH();
#endif

    TARGET(NOP) { DISPATCH(); }
    TARGET(POP_TOP) {
        sp--;
        DISPATCH();
    }
    TARGET(PUSH_NULL) {
        PUSH(VAL_NULL);
        DISPATCH();
    }
    TARGET(COPY) {
        Value v = PEEK((int)ARG());
        PUSH(v);
        DISPATCH();
    }
    TARGET(SWAP) {
        int n = (int)ARG();
        Value t = TOP();
        TOP() = PEEK(n);
        PEEK(n) = t;
        DISPATCH();
    }
    TARGET(LOAD_CONST) {
        PUSH(consts[ARG()]);
        DISPATCH();
    }
    TARGET(LOAD_SMALL_INT) {
        PUSH(MAKE_INT((int64_t)ARG() - SMALL_INT_BIAS));
        DISPATCH();
    }
    TARGET(LOAD_NONE) {
        PUSH(VAL_NONE);
        DISPATCH();
    }
    TARGET(LOAD_TRUE) {
        PUSH(VAL_TRUE);
        DISPATCH();
    }
    TARGET(LOAD_FALSE) {
        PUSH(VAL_FALSE);
        DISPATCH();
    }
    TARGET(LOAD_FAST) {
        Value v = slots[ARG()];
        if (IS_NULL(v)) {
            unbound_local(vm, code->varnames[ARG()]);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_FAST) {
        slots[ARG()] = POP();
        DISPATCH();
    }
    TARGET(DELETE_FAST) {
        if (IS_NULL(slots[ARG()])) {
            unbound_local(vm, code->varnames[ARG()]);
            goto error;
        }
        slots[ARG()] = VAL_NULL;
        DISPATCH();
    }
    TARGET(LOAD_DEREF) {
        Value v = AS_CELL(slots[ARG()])->value;
        if (IS_NULL(v)) {
            unbound_free(vm, code, (int)ARG());
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_DEREF) {
        AS_CELL(slots[ARG()])->value = POP();
        DISPATCH();
    }
    TARGET(DELETE_DEREF) {
        ObjCell *c = AS_CELL(slots[ARG()]);
        if (IS_NULL(c->value)) {
            unbound_free(vm, code, (int)ARG());
            goto error;
        }
        c->value = VAL_NULL;
        DISPATCH();
    }
    TARGET(LOAD_CLOSURE) {
        PUSH(slots[ARG()]);
        DISPATCH();
    }
    TARGET(LOAD_CLASSDEREF) {
        ObjStr *name = code->varnames[ARG()];
        Value v = frame->locals ? dict_get_str(vm, frame->locals, name) : VAL_NULL;
        if (IS_NULL(v)) {
            v = AS_CELL(slots[ARG()])->value;
            if (IS_NULL(v)) {
                unbound_free(vm, code, (int)ARG());
                goto error;
            }
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_GLOBAL) {
        uint32_t a = ARG();
        GlobalCacheEntry *ce = code->cache ? &((GlobalCacheEntry *)code->cache)[a] : NULL;
        if (ce && ce->globals == frame->globals && ce->gver == frame->globals->version &&
            ce->bver == frame->builtins->version && ce->epoch == vm->type_epoch) {
            PUSH(ce->value);
            DISPATCH();
        }
        ObjStr *name = names[a];
        Value v = dict_get_str(vm, frame->globals, name);
        if (IS_NULL(v)) {
            v = dict_get_str(vm, frame->builtins, name);
            if (IS_NULL(v)) {
                name_error(vm, name, frame->globals);
                goto error;
            }
        }
        if (code_cache(code)) {
            ce = &((GlobalCacheEntry *)code->cache)[a];
            ce->globals = frame->globals;
            ce->gver = frame->globals->version;
            ce->bver = frame->builtins->version;
            ce->epoch = vm->type_epoch;
            ce->value = v;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_GLOBAL) {
        dict_set_str(vm, frame->globals, names[ARG()], POP());
        DISPATCH();
    }
    TARGET(DELETE_GLOBAL) {
        SAVE_REGS();
        int r = dict_del(vm, frame->globals, MAKE_OBJ(names[ARG()]));
        if (r <= 0) {
            if (r == 0) name_error(vm, names[ARG()], frame->globals);
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_NAME) {
        ObjStr *name = names[ARG()];
        Value v = VAL_NULL;
        if (frame->locals) v = dict_get_str(vm, frame->locals, name);
        if (IS_NULL(v)) v = dict_get_str(vm, frame->globals, name);
        if (IS_NULL(v)) v = dict_get_str(vm, frame->builtins, name);
        if (IS_NULL(v)) {
            name_error(vm, name, frame->globals);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_NAME) {
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        dict_set_str(vm, d, names[ARG()], POP());
        DISPATCH();
    }
    TARGET(DELETE_NAME) {
        SAVE_REGS();
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        int r = dict_del(vm, d, MAKE_OBJ(names[ARG()]));
        if (r <= 0) {
            if (r == 0) name_error(vm, names[ARG()], frame->globals);
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_ATTR) {
        SAVE_REGS();
        Value obj = TOP();
        Value v;
        if (IS_KIND(obj, OK_INSTANCE)) {
            /* an instance of a plain class: its dict, else a function or a
             * plain value of its class, without the generic lookup */
            ObjInstance *in = (ObjInstance *)AS_OBJ(obj);
            AttrCacheEntry *e = attr_cache(vm, code, ARG(), in->obj.type);
            if (e && e->plain_get && e->kind != AC_OTHER) {
                if (in->dict) {
                    v = dict_get_str(vm, in->dict, names[ARG()]);
                    if (!IS_NULL(v)) {
                        TOP() = v;
                        DISPATCH();
                    }
                }
                if (e->kind == AC_PLAIN) {
                    TOP() = e->descr;
                    DISPATCH();
                }
                if (e->kind == AC_FUNC) {
                    TOP() = method_new(vm, e->descr, obj);
                    DISPATCH();
                }
            }
        }
        NATIVE_BEGIN();
        v = vm_getattr(vm, obj, names[ARG()]);
        NATIVE_END();
        CHECK(!IS_NULL(v));
        TOP() = v;
        DISPATCH();
    }
    TARGET(STORE_ATTR) {
        SAVE_REGS();
        Value obj = POP();
        Value v = POP();
        if (IS_KIND(obj, OK_INSTANCE)) {
            ObjInstance *in = (ObjInstance *)AS_OBJ(obj);
            AttrCacheEntry *e = attr_cache(vm, code, ARG(), in->obj.type);
            if (e && e->plain_set && e->kind != AC_OTHER) {
                if (!in->dict) in->dict = dict_new(vm);
                dict_set_str(vm, in->dict, names[ARG()], v);
                DISPATCH();
            }
        }
        NATIVE_BEGIN();
        bool ok = vm_setattr(vm, obj, names[ARG()], v);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(DELETE_ATTR) {
        SAVE_REGS();
        Value obj = POP();
        NATIVE_BEGIN();
        bool ok = vm_delattr(vm, obj, names[ARG()]);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(LOAD_METHOD) {
        SAVE_REGS();
        Value obj = TOP();
        Value meth, self;
        if (IS_KIND(obj, OK_INSTANCE)) {
            ObjInstance *in = (ObjInstance *)AS_OBJ(obj);
            AttrCacheEntry *e = attr_cache(vm, code, ARG(), in->obj.type);
            if (e && e->plain_get && e->kind == AC_FUNC &&
                (!in->dict || IS_NULL(dict_get_str(vm, in->dict, names[ARG()])))) {
                TOP() = e->descr;
                PUSH(obj);
                DISPATCH();
            }
        }
        NATIVE_BEGIN();
        bool ok = load_method(vm, obj, names[ARG()], &meth, &self);
        NATIVE_END();
        CHECK(ok);
        TOP() = meth;
        PUSH(self);
        DISPATCH();
    }
    TARGET(BINARY_SUBSCR) {
        Value key = POP();
        Value obj = TOP();
        if (IS_EXACT(obj, vm->t_list) && IS_INT(key)) {
            ObjList *l = AS_LIST(obj);
            int64_t i = AS_INT(key);
            if (i < 0) i += l->len;
            if (i >= 0 && i < l->len) {
                TOP() = l->items[i];
                DISPATCH();
            }
        } else if (IS_EXACT(obj, vm->t_tuple) && IS_INT(key)) {
            ObjTuple *t = AS_TUPLE(obj);
            int64_t i = AS_INT(key);
            if (i < 0) i += t->len;
            if (i >= 0 && i < t->len) {
                TOP() = t->items[i];
                DISPATCH();
            }
        } else if (IS_DICT(obj) && AS_OBJ(obj)->type == vm->t_dict && IS_STR(key)) {
            SAVE_REGS();
            Value v = dict_get(vm, AS_DICT(obj), key);
            if (!IS_NULL(v)) {
                TOP() = v;
                DISPATCH();
            }
            CHECK(!vm_has_exc(vm));
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        Value v = vm_getitem(vm, obj, key);
        NATIVE_END();
        CHECK(!IS_NULL(v));
        TOP() = v;
        DISPATCH();
    }
    TARGET(STORE_SUBSCR) {
        Value key = POP();
        Value obj = POP();
        Value v = POP();
        if (IS_EXACT(obj, vm->t_list) && IS_INT(key)) {
            ObjList *l = AS_LIST(obj);
            int64_t i = AS_INT(key);
            if (i < 0) i += l->len;
            if (i >= 0 && i < l->len) {
                l->items[i] = v;
                DISPATCH();
            }
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = vm_setitem(vm, obj, key, v);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(DELETE_SUBSCR) {
        Value key = POP();
        Value obj = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = vm_delitem(vm, obj, key);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(BUILD_SLICE) {
        Value step = ARG() == 3 ? POP() : VAL_NONE;
        Value stop = POP();
        Value start = TOP();
        TOP() = MAKE_OBJ(slice_new(vm, start, stop, step));
        DISPATCH();
    }
    TARGET(BINARY_OP) {
        Value b = POP();
        Value a = TOP();
        int op = (int)ARG();
        if (IS_INT(a) && IS_INT(b)) {
            int64_t x = AS_INT(a), y = AS_INT(b), r;
            switch (op & ~BINOP_INPLACE) {
            case BINOP_ADD:
                if (!__builtin_add_overflow(x, y, &r)) {
                    TOP() = MAKE_INT(r);
                    DISPATCH();
                }
                break;
            case BINOP_SUB:
                if (!__builtin_sub_overflow(x, y, &r)) {
                    TOP() = MAKE_INT(r);
                    DISPATCH();
                }
                break;
            case BINOP_MUL:
                if (!__builtin_mul_overflow(x, y, &r)) {
                    TOP() = MAKE_INT(r);
                    DISPATCH();
                }
                break;
            case BINOP_FLOORDIV:
                if (y > 0 || (y < 0 && !(x == INT64_MIN && y == -1))) {
                    int64_t q = x / y;
                    if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
                    TOP() = MAKE_INT(q);
                    DISPATCH();
                }
                break;
            case BINOP_MOD:
                if (y != 0 && !(x == INT64_MIN && y == -1)) {
                    int64_t m = x % y;
                    if (m != 0 && ((m < 0) != (y < 0))) m += y;
                    TOP() = MAKE_INT(m);
                    DISPATCH();
                }
                break;
            case BINOP_AND: TOP() = MAKE_INT(x & y); DISPATCH();
            case BINOP_OR: TOP() = MAKE_INT(x | y); DISPATCH();
            case BINOP_XOR: TOP() = MAKE_INT(x ^ y); DISPATCH();
            default: break;
            }
        } else if (IS_FLOAT(a) && IS_FLOAT(b)) {
            double x = AS_FLOAT(a), y = AS_FLOAT(b);
            switch (op & ~BINOP_INPLACE) {
            case BINOP_ADD: TOP() = MAKE_FLOAT(x + y); DISPATCH();
            case BINOP_SUB: TOP() = MAKE_FLOAT(x - y); DISPATCH();
            case BINOP_MUL: TOP() = MAKE_FLOAT(x * y); DISPATCH();
            case BINOP_TRUEDIV:
                if (y != 0.0) {
                    TOP() = MAKE_FLOAT(x / y);
                    DISPATCH();
                }
                break;
            default: break;
            }
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = vm_binary_op(vm, op, a, b);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_NEGATIVE) {
        Value a = TOP();
        if (IS_INT(a) && AS_INT(a) != INT64_MIN) {
            TOP() = MAKE_INT(-AS_INT(a));
            DISPATCH();
        }
        if (IS_FLOAT(a)) {
            TOP() = MAKE_FLOAT(-AS_FLOAT(a));
            DISPATCH();
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = vm_unary_op(vm, U_NEG, a);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_POSITIVE) {
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = vm_unary_op(vm, U_POS, TOP());
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_INVERT) {
        Value a = TOP();
        if (IS_INT(a)) {
            TOP() = MAKE_INT(~AS_INT(a));
            DISPATCH();
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = vm_unary_op(vm, U_INVERT, a);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_NOT) {
        Value a = TOP();
        int t;
        if (IS_BOOL(a)) t = AS_BOOL(a);
        else if (IS_NONE(a)) t = 0;
        else {
            SAVE_REGS();
            NATIVE_BEGIN();
            t = vm_truthy(vm, a);
            NATIVE_END();
            CHECK(t >= 0);
        }
        TOP() = MAKE_BOOL(!t);
        DISPATCH();
    }
    TARGET(COMPARE_OP) {
        Value b = POP();
        Value a = TOP();
        CmpOp op = (CmpOp)ARG();
        if (IS_INT(a) && IS_INT(b)) {
            int64_t x = AS_INT(a), y = AS_INT(b);
            bool r;
            switch (op) {
            case CMP_LT: r = x < y; break;
            case CMP_LE: r = x <= y; break;
            case CMP_EQ: r = x == y; break;
            case CMP_NE: r = x != y; break;
            case CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            TOP() = MAKE_BOOL(r);
            DISPATCH();
        }
        if (IS_FLOAT(a) && IS_FLOAT(b)) {
            double x = AS_FLOAT(a), y = AS_FLOAT(b);
            bool r;
            switch (op) {
            case CMP_LT: r = x < y; break;
            case CMP_LE: r = x <= y; break;
            case CMP_EQ: r = x == y; break;
            case CMP_NE: r = x != y; break;
            case CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            TOP() = MAKE_BOOL(r);
            DISPATCH();
        }
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = vm_compare(vm, a, b, op);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(IS_OP) {
        Value b = POP();
        Value a = TOP();
        bool r = val_is(a, b);
        TOP() = MAKE_BOOL(ARG() ? !r : r);
        DISPATCH();
    }
    TARGET(CONTAINS_OP) {
        Value container = POP();
        Value item = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        int r = vm_contains(vm, container, item);
        NATIVE_END();
        CHECK(r >= 0);
        TOP() = MAKE_BOOL(ARG() ? !r : r);
        DISPATCH();
    }
    TARGET(JUMP) {
        Instr *target = code->code + ARG();
        if (target <= ip) {
            /* backward jump: a safe point */
            if (vm->sigint_pending) goto sigint;
            SAVE_REGS();
            ip = target;
            frame->ip = ip;
            gc_maybe_collect(vm);
        }
        ip = target;
        DISPATCH();
    }
#define TRUTH_OF(v, out)                          \
    do {                                          \
        Value tv_ = (v);                          \
        if (IS_BOOL(tv_)) out = AS_BOOL(tv_);     \
        else if (IS_NONE(tv_)) out = 0;           \
        else if (IS_INT(tv_)) out = AS_INT(tv_) != 0; \
        else {                                    \
            SAVE_REGS();                          \
            NATIVE_BEGIN();                       \
            out = vm_truthy(vm, tv_);             \
            NATIVE_END();                         \
            CHECK(out >= 0);                      \
        }                                         \
    } while (0)
    TARGET(POP_JUMP_IF_FALSE) {
        Value v = POP();
        int t;
        TRUTH_OF(v, t);
        if (!t) ip = code->code + ARG();
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_TRUE) {
        Value v = POP();
        int t;
        TRUTH_OF(v, t);
        if (t) ip = code->code + ARG();
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NONE) {
        Value v = POP();
        if (IS_NONE(v)) ip = code->code + ARG();
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NOT_NONE) {
        Value v = POP();
        if (!IS_NONE(v)) ip = code->code + ARG();
        DISPATCH();
    }
    TARGET(JUMP_IF_FALSE_OR_POP) {
        int t;
        TRUTH_OF(TOP(), t);
        if (!t) ip = code->code + ARG();
        else sp--;
        DISPATCH();
    }
    TARGET(JUMP_IF_TRUE_OR_POP) {
        int t;
        TRUTH_OF(TOP(), t);
        if (t) ip = code->code + ARG();
        else sp--;
        DISPATCH();
    }
    TARGET(GET_ITER) {
        Value obj = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        Value it = vm_getiter(vm, obj);
        NATIVE_END();
        CHECK(!IS_NULL(it));
        TOP() = it;
        DISPATCH();
    }
    TARGET(FOR_ITER) {
        Value it = TOP();
        Value v;
        if (IS_OBJ(it) && AS_OBJ(it)->type->iternext) {
            SAVE_REGS();
            ObjType *itt = AS_OBJ(it)->type;
            if (itt->tflags & TF_BUILTIN) {
                NATIVE_BEGIN();
                v = itt->iternext(vm, it);
                NATIVE_END();
            } else {
                NATIVE_BEGIN();
                v = vm_iternext(vm, it);
                NATIVE_END();
            }
        } else {
            SAVE_REGS();
            NATIVE_BEGIN();
            v = vm_iternext(vm, it);
            NATIVE_END();
        }
        if (IS_NULL(v)) {
            CHECK(!vm_has_exc(vm));
            sp--;
            ip = code->code + ARG();
            DISPATCH();
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(RETURN_VALUE) {
        retval = POP();
        goto do_return;
    }
    TARGET(BUILD_TUPLE) {
        int n = (int)ARG();
        ObjTuple *t = tuple_from(vm, sp - n, n);
        sp -= n;
        PUSH(MAKE_OBJ(t));
        DISPATCH();
    }
    TARGET(BUILD_LIST) {
        int n = (int)ARG();
        ObjList *l = list_new(vm, n);
        for (int i = 0; i < n; i++) l->items[i] = sp[i - n];
        sp -= n;
        PUSH(MAKE_OBJ(l));
        DISPATCH();
    }
    TARGET(BUILD_SET) {
        int n = (int)ARG();
        SAVE_REGS();
        ObjSet *s = set_new(vm, vm->t_set);
        Value *base = sp - n;
        PUSH(MAKE_OBJ(s));
        NATIVE_BEGIN();
        bool ok = true;
        for (int i = 0; i < n && ok; i++) ok = set_add(vm, s, base[i]);
        NATIVE_END();
        CHECK(ok);
        sp = base;
        PUSH(MAKE_OBJ(s));
        DISPATCH();
    }
    TARGET(BUILD_MAP) {
        int n = (int)ARG();
        SAVE_REGS();
        ObjDict *d = dict_new(vm);
        Value *base = sp - 2 * n;
        PUSH(MAKE_OBJ(d));
        NATIVE_BEGIN();
        bool ok = true;
        for (int i = 0; i < n && ok; i++) ok = dict_set(vm, d, base[2 * i], base[2 * i + 1]);
        NATIVE_END();
        CHECK(ok);
        sp = base;
        PUSH(MAKE_OBJ(d));
        DISPATCH();
    }
    TARGET(BUILD_CONST_KEY_MAP) {
        int n = (int)ARG();
        SAVE_REGS();
        ObjTuple *keys = AS_TUPLE(TOP());
        ObjDict *d = dict_new(vm);
        Value *base = sp - 1 - n;
        PUSH(MAKE_OBJ(d));
        NATIVE_BEGIN();
        bool ok = true;
        for (int i = 0; i < n && ok; i++) ok = dict_set(vm, d, keys->items[i], base[i]);
        NATIVE_END();
        CHECK(ok);
        sp = base;
        PUSH(MAKE_OBJ(d));
        DISPATCH();
    }
    TARGET(BUILD_STRING) {
        int n = (int)ARG();
        Value s = build_string(vm, sp - n, n);
        sp -= n;
        PUSH(s);
        DISPATCH();
    }
    TARGET(LIST_APPEND) {
        Value v = POP();
        list_append(vm, AS_LIST(PEEK((int)ARG())), v);
        DISPATCH();
    }
    TARGET(SET_ADD) {
        Value v = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = set_add(vm, AS_SET(PEEK((int)ARG())), v);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(MAP_ADD) {
        Value v = POP();
        Value k = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = dict_set(vm, AS_DICT(PEEK((int)ARG())), k, v);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(LIST_EXTEND) {
        Value it = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = list_extend(vm, AS_LIST(PEEK((int)ARG())), it);
        NATIVE_END();
        if (!ok && vm_exc_matches(vm, vm->exc_TypeError) && IS_NULL(type_lookup(vm, vm_type_of(vm, it), vm->s___iter__)) &&
            IS_NULL(type_lookup(vm, vm_type_of(vm, it), vm->s___getitem__))) {
            vm_clear_exc(vm);
            vm_raise(vm, vm->exc_TypeError, "Value after * must be an iterable, not %s", vm_type_name(vm, it));
        }
        CHECK(ok);
        DISPATCH();
    }
    TARGET(SET_UPDATE) {
        Value it = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = set_update(vm, AS_SET(PEEK((int)ARG())), it);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(DICT_UPDATE) {
        Value m = POP();
        SAVE_REGS();
        if (!IS_DICT(m) && IS_NULL(type_lookup(vm, vm_type_of(vm, m), vm->s_keys))) {
            vm_raise(vm, vm->exc_TypeError, "'%s' object is not a mapping", vm_type_name(vm, m));
            goto error;
        }
        NATIVE_BEGIN();
        bool ok = dict_update(vm, AS_DICT(PEEK((int)ARG())), m);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(DICT_MERGE) {
        Value m = POP();
        SAVE_REGS();
        ObjDict *d = AS_DICT(PEEK((int)ARG()));
        Value func = PEEK((int)ARG() + 3);
        if (!IS_DICT(m) && IS_NULL(type_lookup(vm, vm_type_of(vm, m), vm->s_keys))) {
            char *fs = function_str(vm, func);
            vm_raise(vm, vm->exc_TypeError, "%s argument after ** must be a mapping, not %s", fs, vm_type_name(vm, m));
            free(fs);
            goto error;
        }
        NATIVE_BEGIN();
        ObjDict *src = IS_DICT(m) ? AS_DICT(m) : NULL;
        if (!src) {
            src = dict_new(vm);
            if (!dict_update(vm, src, m)) {
                NATIVE_END();
                goto error;
            }
        }
        int64_t pos = 0;
        Value k, v;
        bool ok = true;
        while (ok && dict_next(src, &pos, &k, &v)) {
            if (!IS_STR(k)) {
                vm_raise(vm, vm->exc_TypeError, "keywords must be strings");
                ok = false;
                break;
            }
            if (!IS_NULL(dict_get(vm, d, k))) {
                char *fs = function_str(vm, func);
                vm_raise(vm, vm->exc_TypeError, "%s got multiple values for keyword argument '%s'", fs, AS_STR(k)->data);
                free(fs);
                ok = false;
                break;
            }
            ok = dict_set(vm, d, k, v);
        }
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(LIST_TO_TUPLE) {
        ObjList *l = AS_LIST(TOP());
        TOP() = MAKE_OBJ(tuple_from(vm, l->items, l->len));
        DISPATCH();
    }
    TARGET(UNPACK_SEQUENCE) {
        int n = (int)ARG();
        Value seq = TOP();
        if (IS_EXACT(seq, vm->t_tuple) && AS_TUPLE(seq)->len == n) {
            sp--;
            for (int i = n - 1; i >= 0; i--) PUSH(AS_TUPLE(seq)->items[i]);
            DISPATCH();
        }
        if (IS_EXACT(seq, vm->t_list) && AS_LIST(seq)->len == n) {
            sp--;
            for (int i = n - 1; i >= 0; i--) PUSH(AS_LIST(seq)->items[i]);
            DISPATCH();
        }
        SAVE_REGS();
        Value *out = malloc(sizeof(Value) * (size_t)(n + 1));
        NATIVE_BEGIN();
        bool ok = unpack_iterable(vm, seq, n, 0, false, out);
        NATIVE_END();
        if (!ok) {
            free(out);
            goto error;
        }
        sp--;
        for (int i = n - 1; i >= 0; i--) PUSH(out[i]);
        free(out);
        DISPATCH();
    }
    TARGET(UNPACK_EX) {
        int before = (int)(ARG() & 0xff), after = (int)(ARG() >> 8);
        Value seq = TOP();
        SAVE_REGS();
        Value *out = malloc(sizeof(Value) * (size_t)(before + after + 1));
        NATIVE_BEGIN();
        bool ok = unpack_iterable(vm, seq, before, after, true, out);
        NATIVE_END();
        if (!ok) {
            free(out);
            goto error;
        }
        sp--;
        for (int i = before + after; i >= 0; i--) PUSH(out[i]);
        free(out);
        DISPATCH();
    }
    TARGET(FORMAT_VALUE) {
        int a = (int)ARG();
        Value spec = (a & 4) ? POP() : VAL_NULL;
        Value v = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = format_value(vm, v, a & 3, spec);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(MAKE_FUNCTION) {
        int a = (int)ARG();
        ObjCode *c = AS_CODE(POP());
        ObjFunction *fn = func_new(vm, c, frame->globals);
        if (a & MF_CLOSURE) fn->closure = AS_TUPLE(POP());
        if (a & MF_ANNOTATIONS) {
            fn->dict = dict_new(vm);
            dict_set_str(vm, fn->dict, str_intern_cstr(vm, "__annotations__"), POP());
        }
        if (a & MF_KWDEFAULTS) fn->kwdefaults = AS_DICT(POP());
        if (a & MF_DEFAULTS) fn->defaults = AS_TUPLE(POP());
        PUSH(MAKE_OBJ(fn));
        DISPATCH();
    }
    TARGET(CALL_KW) {
        /* the keyword names are a constant tuple on top: the rest is CALL */
        call_kwnames = AS_TUPLE(POP());
        goto call_common;
    }
    TARGET(CALL) {
        call_kwnames = NULL;
    call_common:;
        int n = (int)ARG();
        ObjTuple *kwnames = call_kwnames;
        Value *callp;
        int nargs;
        int nkw;
        nkw = kwnames ? (int)kwnames->len : 0;
        callp = sp - n - 2;
        nargs = n - nkw;
        {
            Value callable = callp[0];
            Value *args;
            if (!IS_NULL(callp[1])) {
                args = callp + 1;
                nargs++;
            } else {
                args = callp + 2;
            }
            if (vm->sigint_pending) goto sigint;
            SAVE_REGS();
        call_again:
            if (IS_OBJ(callable)) {
                Obj *co = AS_OBJ(callable);
                switch (co->kind) {
                case OK_FUNCTION: {
                    ObjFunction *fn = (ObjFunction *)co;
                    if (vm->depth >= vm->recursion_limit) {
                        raise_recursion(vm);
                        goto error;
                    }
                    NATIVE_BEGIN();
                    Frame *nf = make_call_frame(vm, fn, args, nargs, kwnames);
                    NATIVE_END();
                    if (!nf) goto error;
                    if (is_generator_code(fn->code)) {
                        NATIVE_BEGIN();
                        Value g = gen_new_from_frame(vm, nf, fn);
                        NATIVE_END();
                        CHECK(!IS_NULL(g));
                        sp = callp;
                        PUSH(g);
                        DISPATCH();
                    }
                    frame->sp = callp;
                    nf->prev = frame;
                    vm->frame = frame = nf;
                    vm->depth++;
                    LOAD_REGS();
                    gc_maybe_collect(vm);
                    DISPATCH();
                }
                case OK_NATIVE: {
                    ObjNative *nat = (ObjNative *)co;
                    Value r;
                    if (kwnames && !(nat->flags & METH_KW)) {
                        vm_raise(vm, vm->exc_TypeError, "%s() takes no keyword arguments", nat->name);
                        goto error;
                    }
                    if (IS_NULL(nat->bound) || IS_MODULE(nat->bound)) {
                        NATIVE_BEGIN();
                        r = nat->fn(vm, args, nargs, kwnames);
                        NATIVE_END();
                        if (IS_NULL(r) && !vm_has_exc(vm))
                            vm_raise(vm, vm->exc_SystemError, "%s() returned NULL without setting an exception", nat->name);
                    } else {
                        NATIVE_BEGIN();
                        r = call_native(vm, nat, args, nargs, kwnames);
                        NATIVE_END();
                    }
                    CHECK(!IS_NULL(r));
                    sp = callp;
                    PUSH(r);
                    if (vm->gc.allocs_since_gc) {
                        SAVE_REGS();
                        gc_maybe_collect(vm);
                    }
                    DISPATCH();
                }
                case OK_BOUND_METHOD: {
                    ObjBoundMethod *m = (ObjBoundMethod *)co;
                    if (args == callp + 2) {
                        /* put self into the NULL slot */
                        callp[1] = m->self;
                        callp[0] = m->func;
                        args = callp + 1;
                        nargs++;
                        callable = m->func;
                        goto call_again;
                    }
                    break;
                }
                case OK_TYPE: {
                    ObjType *cls = (ObjType *)co;
                    if (args == callp + 2 && cls->kind == OK_INSTANCE && cls->obj.type == vm->t_type &&
                        (cls->tflags & TF_HEAPTYPE)) {
                        Value nw = type_lookup(vm, cls, vm->s___new__);
                        if (IS_KIND(nw, OK_STATICMETHOD)) nw = ((ObjStaticMethod *)AS_OBJ(nw))->func;
                        Value init = type_lookup(vm, cls, vm->s___init__);
                        if (IS_NATIVE(nw) && AS_NATIVE(nw)->owner == vm->t_object && IS_FUNCTION(init)) {
                            ObjFunction *fn = AS_FUNCTION(init);
                            if (vm->depth >= vm->recursion_limit) {
                                raise_recursion(vm);
                                goto error;
                            }
                            Value inst = object_alloc(vm, cls);
                            callp[1] = inst;
                            args = callp + 1;
                            nargs++;
                            NATIVE_BEGIN();
                            Frame *nf = make_call_frame(vm, fn, args, nargs, kwnames);
                            NATIVE_END();
                            if (!nf) goto error;
                            if (is_generator_code(fn->code)) {
                                frame_free(vm, nf);
                                vm_raise(vm, vm->exc_TypeError, "__init__() should return None, not 'generator'");
                                goto error;
                            }
                            nf->flags |= FRAME_INIT;
                            frame->sp = callp;
                            nf->prev = frame;
                            vm->frame = frame = nf;
                            vm->depth++;
                            LOAD_REGS();
                            gc_maybe_collect(vm);
                            DISPATCH();
                        }
                    }
                    break;
                }
                default: break;
                }
            }
            /* everything else: the generic call from C */
            NATIVE_BEGIN();
            Value r = vm_call(vm, callable, args, nargs, kwnames);
            NATIVE_END();
            CHECK(!IS_NULL(r));
            sp = callp;
            PUSH(r);
            gc_maybe_collect(vm);
            DISPATCH();
        }
    }
    TARGET(CALL_FUNCTION_EX) {
        Value kwargs = (ARG() & 1) ? POP() : VAL_NULL;
        Value posargs = POP();
        Value self = POP();
        Value callable = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        if (!IS_TUPLE(posargs)) {
            ObjList *l = vm_list_from_iterable(vm, posargs);
            if (!l) {
                /* only "not iterable" is reworded, not a TypeError raised
                 * while iterating */
                ObjType *pt = vm_type_of(vm, posargs);
                if (vm_exc_matches(vm, vm->exc_TypeError) && IS_NULL(type_lookup(vm, pt, vm->s___iter__)) &&
                    IS_NULL(type_lookup(vm, pt, vm->s___getitem__))) {
                    vm_clear_exc(vm);
                    char *fs = function_str(vm, callable);
                    vm_raise(vm, vm->exc_TypeError, "%s argument after * must be an iterable, not %s", fs,
                             vm_type_name(vm, posargs));
                    free(fs);
                }
                NATIVE_END();
                goto error;
            }
            posargs = MAKE_OBJ(tuple_from(vm, l->items, l->len));
        }
        if (!IS_NULL(self)) {
            ObjTuple *pt = AS_TUPLE(posargs);
            ObjTuple *nt = tuple_new(vm, pt->len + 1);
            nt->items[0] = self;
            for (int64_t i = 0; i < pt->len; i++) nt->items[i + 1] = pt->items[i];
            posargs = MAKE_OBJ(nt);
        }
        Value *buf;
        int nargs;
        ObjTuple *kwnames;
        if (!flatten_ex_args(vm, posargs, kwargs, &buf, &nargs, &kwnames)) {
            NATIVE_END();
            goto error;
        }
        Value r;
        if (IS_FUNCTION(callable) && !is_generator_code(AS_FUNCTION(callable)->code) &&
            vm->depth < vm->recursion_limit) {
            ObjFunction *fn = AS_FUNCTION(callable);
            Frame *nf = make_call_frame(vm, fn, buf, nargs, kwnames);
            free(buf);
            NATIVE_END();
            if (!nf) goto error;
            frame->sp = sp - 1;
            nf->prev = frame;
            vm->frame = frame = nf;
            vm->depth++;
            LOAD_REGS();
            gc_maybe_collect(vm);
            DISPATCH();
        }
        r = vm_call(vm, callable, buf, nargs, kwnames);
        free(buf);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(LOAD_BUILD_CLASS) {
        Value bc = dict_get_str(vm, frame->builtins, vm->s___build_class__);
        if (IS_NULL(bc)) {
            vm_raise(vm, vm->exc_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(bc);
        DISPATCH();
    }
    TARGET(SETUP_ANNOTATIONS) {
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        ObjStr *ann = str_intern_cstr(vm, "__annotations__");
        if (IS_NULL(dict_get_str(vm, d, ann))) dict_set_str(vm, d, ann, MAKE_OBJ(dict_new(vm)));
        DISPATCH();
    }
    TARGET(PRINT_EXPR) {
        Value v = POP();
        SAVE_REGS();
        if (!IS_NONE(v)) {
            NATIVE_BEGIN();
            dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "_"), VAL_NONE);
            Value r = vm_repr(vm, v);
            bool ok = !IS_NULL(r);
            if (ok) {
                ObjStr *line = str_concat(vm, AS_STR(r), str_intern_cstr(vm, "\n"));
                ok = sys_write(vm, false, line);
            }
            if (ok) dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "_"), v);
            NATIVE_END();
            CHECK(ok);
        }
        DISPATCH();
    }
    TARGET(IMPORT_NAME) {
        ObjStr *name = names[ARG()];
        SAVE_REGS();
        Value fromlist = TOP();
        NATIVE_BEGIN();
        Value m = import_name(vm, name, fromlist, frame->globals);
        NATIVE_END();
        CHECK(!IS_NULL(m));
        TOP() = m;
        DISPATCH();
    }
    TARGET(IMPORT_FROM) {
        SAVE_REGS();
        NATIVE_BEGIN();
        Value v = import_from(vm, TOP(), names[ARG()]);
        NATIVE_END();
        CHECK(!IS_NULL(v));
        PUSH(v);
        DISPATCH();
    }
    TARGET(IMPORT_STAR) {
        Value m = POP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool ok = import_star(vm, m, frame->locals ? frame->locals : frame->globals);
        NATIVE_END();
        CHECK(ok);
        DISPATCH();
    }
    TARGET(RAISE_VARARGS) {
        int a = (int)ARG();
        SAVE_REGS();
        if (a == 0) {
            Value e = handled_exception(vm);
            if (IS_NONE(e)) {
                vm_raise(vm, vm->exc_RuntimeError, "No active exception to reraise");
                goto error;
            }
            vm->exc = e;
            goto exception_unwind;
        }
        Value cause = a == 2 ? POP() : VAL_NULL;
        Value exc = POP();
        NATIVE_BEGIN();
        if (IS_TYPE(exc) && (AS_TYPE(exc)->tflags & TF_EXCEPTION)) {
            Value inst = vm_call0(vm, exc);
            if (IS_NULL(inst)) {
                NATIVE_END();
                goto error;
            }
            if (!IS_EXCEPTION(inst)) {
                vm_raise(vm, vm->exc_TypeError, "calling %s should have returned an instance of BaseException, not %s",
                         AS_TYPE(exc)->name->data, vm_type_name(vm, inst));
                NATIVE_END();
                goto error;
            }
            exc = inst;
        } else if (!IS_EXCEPTION(exc)) {
            vm_raise(vm, vm->exc_TypeError, "exceptions must derive from BaseException");
            NATIVE_END();
            goto error;
        }
        if (!IS_NULL(cause)) {
            if (IS_TYPE(cause) && (AS_TYPE(cause)->tflags & TF_EXCEPTION)) {
                Value ci = vm_call0(vm, cause);
                if (IS_NULL(ci)) {
                    NATIVE_END();
                    goto error;
                }
                cause = ci;
            } else if (!IS_EXCEPTION(cause) && !IS_NONE(cause)) {
                vm_raise(vm, vm->exc_TypeError, "exception causes must derive from BaseException");
                NATIVE_END();
                goto error;
            }
            AS_EXCEPTION(exc)->cause = cause;
            AS_EXCEPTION(exc)->suppress_context = true;
        }
        NATIVE_END();
        vm_raise_value(vm, exc);
        goto error;
    }
    TARGET(RERAISE) {
        Value exc = POP();
        SAVE_REGS();
        vm->exc = exc;
        goto exception_unwind;
    }
    TARGET(PUSH_EXC_INFO) {
        Value exc = TOP();
        Value prev = vm->exc_info->exc;
        TOP() = IS_NULL(prev) ? VAL_NONE : prev;
        PUSH(exc);
        vm->exc_info->exc = exc;
        DISPATCH();
    }
    TARGET(POP_EXCEPT) {
        Value prev = POP();
        vm->exc_info->exc = prev;
        DISPATCH();
    }
    TARGET(CHECK_EXC_MATCH) {
        Value type = TOP();
        Value exc = PEEK(2);
        SAVE_REGS();
        int r = exc_match(vm, exc, type);
        CHECK(r >= 0);
        TOP() = MAKE_BOOL(r);
        DISPATCH();
    }
    TARGET(CHECK_EG_MATCH) {
        Value type = TOP();
        Value exc = PEEK(2);
        SAVE_REGS();
        Value rest;
        NATIVE_BEGIN();
        Value match = excgroup_match(vm, exc, type, &rest);
        NATIVE_END();
        CHECK(!IS_NULL(match));
        PEEK(2) = rest;
        TOP() = match;
        /* inside the clause, the matched group is "the exception being handled" */
        if (!IS_NONE(match)) vm->exc_info->exc = match;
        DISPATCH();
    }
    TARGET(PREP_RERAISE_STAR) {
        Value list = POP();
        Value orig = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        Value r = excgroup_prep_reraise(vm, orig, AS_LIST(list));
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(LOAD_ASSERTION_ERROR) {
        PUSH(MAKE_OBJ(vm->exc_AssertionError));
        DISPATCH();
    }
    TARGET(BEFORE_WITH) {
        Value mgr = TOP();
        SAVE_REGS();
        ObjType *t = vm_type_of(vm, mgr);
        Value enter = type_lookup(vm, t, vm->s___enter__);
        Value exitf = type_lookup(vm, t, vm->s___exit__);
        if (IS_NULL(enter) || IS_NULL(exitf)) {
            if (IS_NULL(enter))
                vm_raise(vm, vm->exc_TypeError, "'%s' object does not support the context manager protocol", t->name->data);
            else
                vm_raise(vm, vm->exc_TypeError,
                         "'%s' object does not support the context manager protocol (missed __exit__ method)",
                         t->name->data);
            goto error;
        }
        NATIVE_BEGIN();
        Value bound_exit = descr_get(vm, exitf, mgr, t);
        if (IS_NULL(bound_exit)) {
            NATIVE_END();
            goto error;
        }
        TOP() = bound_exit;
        PUSH(mgr); /* keep mgr alive during __enter__ */
        Value r = vm_call_dunder(vm, mgr, vm->s___enter__, NULL, 0, NULL);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(WITH_EXCEPT_START) {
        Value exc = TOP();
        Value exitf = PEEK(3);
        SAVE_REGS();
        Value args[3] = {MAKE_OBJ(vm_type_of(vm, exc)), exc, VAL_NONE};
        NATIVE_BEGIN();
        {
            Value tb = vm_getattr_opt(vm, exc, str_intern_cstr(vm, "__traceback__"));
            if (IS_NULL(tb)) vm_clear_exc(vm);
            else args[2] = tb;
        }
        Value r = vm_call(vm, exitf, args, 3, NULL);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        PUSH(r);
        DISPATCH();
    }
    TARGET(YIELD_VALUE) {
        Value v = POP();
        SAVE_REGS();
        ObjGen *g = (ObjGen *)frame->owner;
        Frame *caller = frame->prev;
        vm->frame = caller;
        vm->depth--;
        g->running = false;
        vm->exc_info = g->exc_info.previous;
        frame->prev = NULL;
        if (frame->flags & FRAME_ENTRY) {
            frame->flags &= ~FRAME_ENTRY;
            vm->yielded = true;
            return v;
        }
        /* pushed by a delegating SEND: hand the value to the delegator,
         * parked right after its SEND with the sub-iterator on top */
        frame = caller;
        LOAD_REGS();
        PUSH(v);
        DISPATCH();
    }
    TARGET(SEND) {
        Value v = POP();
        Value sub = TOP();
        SAVE_REGS();
        if (IS_GEN(sub) && AS_GEN(sub)->gkind != GEN_ASYNC_GENERATOR && AS_GEN(sub)->frame && !AS_GEN(sub)->running) {
            ObjGen *g = AS_GEN(sub);
            Frame *gf = g->frame;
            if (!g->started && !IS_NONE(v)) {
                vm_raise(vm, vm->exc_TypeError, "can't send non-None value to a just-started %s",
                         g->gkind == GEN_COROUTINE ? "coroutine" : "generator");
                goto error;
            }
            if (vm->depth >= vm->recursion_limit) {
                raise_recursion(vm);
                goto error;
            }
            if (g->started) *gf->sp++ = v;
            g->started = true;
            g->running = true;
            g->exc_info.previous = vm->exc_info;
            vm->exc_info = &g->exc_info;
            gf->prev = frame;
            vm->frame = frame = gf;
            vm->depth++;
            LOAD_REGS();
            DISPATCH();
        }
        Value r;
        NATIVE_BEGIN();
        if (IS_GEN(sub)) {
            bool returned;
            r = gen_send(vm, AS_GEN(sub), v, &returned);
        } else if (IS_NONE(v) && IS_OBJ(sub) && AS_OBJ(sub)->type->iternext) {
            r = AS_OBJ(sub)->type->iternext(vm, sub);
        } else if (IS_NONE(v)) {
            bool found;
            r = vm_call_dunder(vm, sub, vm->s___next__, NULL, 0, &found);
            if (!found) vm_raise(vm, vm->exc_TypeError, "'%s' object is not an iterator", vm_type_name(vm, sub));
        } else {
            r = vm_call_method(vm, sub, vm->s_send, &v, 1);
        }
        NATIVE_END();
        if (!IS_NULL(r)) {
            PUSH(r);
            DISPATCH();
        }
        if (vm_has_exc(vm) && !vm_exc_matches(vm, vm->exc_StopIteration)) goto error;
        {
            Value res = VAL_NONE;
            if (vm_has_exc(vm)) {
                Value se = vm_take_exc(vm);
                res = gen_stop_value(vm, se);
            }
            TOP() = res;
            ip = code->code + ARG();
        }
        DISPATCH();
    }
    TARGET(GET_YIELD_FROM_ITER) {
        Value v = TOP();
        if (IS_GEN(v) && AS_GEN(v)->gkind == GEN_COROUTINE) {
            if (!(code->flags & CO_COROUTINE)) {
                vm_raise(vm, vm->exc_TypeError, "cannot 'yield from' a coroutine object in a non-coroutine generator");
                goto error;
            }
            DISPATCH();
        }
        if (IS_GEN(v) && AS_GEN(v)->gkind == GEN_GENERATOR) DISPATCH();
        SAVE_REGS();
        NATIVE_BEGIN();
        Value it = vm_getiter(vm, v);
        NATIVE_END();
        CHECK(!IS_NULL(it));
        TOP() = it;
        DISPATCH();
    }
    TARGET(GET_AWAITABLE) {
        Value v = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        Value aw = vm_get_awaitable(vm, v);
        if (IS_NULL(aw) && ARG() != 0 && vm_exc_matches(vm, vm->exc_TypeError) && !IS_GEN(v) &&
            IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___await__))) {
            /* arg 1: the result of __aenter__, 2: of __aexit__ */
            vm_clear_exc(vm);
            vm_raise(vm, vm->exc_TypeError, "'async with' received an object from %s that does not implement __await__: %s",
                     ARG() == 1 ? "__aenter__" : "__aexit__", vm_type_name(vm, v));
        }
        NATIVE_END();
        CHECK(!IS_NULL(aw));
        TOP() = aw;
        DISPATCH();
    }
    TARGET(GET_AITER) {
        Value v = TOP();
        SAVE_REGS();
        ObjType *t = vm_type_of(vm, v);
        Value m = type_lookup(vm, t, vm->s___aiter__);
        if (IS_NULL(m)) {
            vm_raise(vm, vm->exc_TypeError, "'async for' requires an object with __aiter__ method, got %s", t->name->data);
            goto error;
        }
        NATIVE_BEGIN();
        Value it = vm_call_dunder(vm, v, vm->s___aiter__, NULL, 0, NULL);
        NATIVE_END();
        CHECK(!IS_NULL(it));
        if (IS_NULL(type_lookup(vm, vm_type_of(vm, it), vm->s___anext__))) {
            vm_raise(vm, vm->exc_TypeError,
                     "'async for' received an object from __aiter__ that does not implement __anext__: %s",
                     vm_type_name(vm, it));
            goto error;
        }
        TOP() = it;
        DISPATCH();
    }
    TARGET(GET_ANEXT) {
        Value it = TOP();
        SAVE_REGS();
        NATIVE_BEGIN();
        bool found;
        Value aw = vm_call_dunder(vm, it, vm->s___anext__, NULL, 0, &found);
        if (!found)
            vm_raise(vm, vm->exc_TypeError, "'async for' requires an iterator with __anext__ method, got %s",
                     vm_type_name(vm, it));
        if (!IS_NULL(aw) && !(IS_OBJ(aw) && AS_OBJ(aw)->type == vm->t_ag_await)) {
            Value a2 = vm_get_awaitable(vm, aw);
            if (IS_NULL(a2) && vm_exc_matches(vm, vm->exc_TypeError)) {
                vm_clear_exc(vm);
                vm_raise(vm, vm->exc_TypeError, "'async for' received an invalid object from __anext__: %s",
                         vm_type_name(vm, aw));
            }
            aw = a2;
        }
        NATIVE_END();
        CHECK(!IS_NULL(aw));
        PUSH(aw);
        DISPATCH();
    }
    TARGET(END_ASYNC_FOR) {
        Value exc = POP();
        if (vm_isinstance(vm, exc, vm->exc_StopAsyncIteration)) {
            sp--;
            DISPATCH();
        }
        SAVE_REGS();
        vm->exc = exc;
        goto exception_unwind;
    }
    TARGET(BEFORE_ASYNC_WITH) {
        Value mgr = TOP();
        SAVE_REGS();
        ObjType *t = vm_type_of(vm, mgr);
        Value enter = type_lookup(vm, t, vm->s___aenter__);
        Value exitf = type_lookup(vm, t, vm->s___aexit__);
        if (IS_NULL(enter) || IS_NULL(exitf)) {
            if (IS_NULL(enter))
                vm_raise(vm, vm->exc_TypeError, "'%s' object does not support the asynchronous context manager protocol",
                         t->name->data);
            else
                vm_raise(vm, vm->exc_TypeError,
                         "'%s' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                         t->name->data);
            goto error;
        }
        NATIVE_BEGIN();
        Value bound_exit = descr_get(vm, exitf, mgr, t);
        if (IS_NULL(bound_exit)) {
            NATIVE_END();
            goto error;
        }
        TOP() = bound_exit;
        PUSH(mgr);
        Value r = vm_call_dunder(vm, mgr, vm->s___aenter__, NULL, 0, NULL);
        NATIVE_END();
        CHECK(!IS_NULL(r));
        TOP() = r;
        DISPATCH();
    }
    TARGET(ASYNC_GEN_WRAP) {
        TOP() = gen_async_wrap(vm, TOP());
        DISPATCH();
    }
    TARGET(RETURN_GENERATOR)
    TARGET(CLEANUP_THROW) {
        SAVE_REGS();
        vm_raise(vm, vm->exc_SystemError, "opcode %s is not emitted by the Coil compiler",
                 opcode_names[INSTR_OP(ip[-1])]);
        goto error;
    }
#ifdef COIL_SWITCH_DISPATCH
    default:
        SAVE_REGS();
        vm_raise(vm, vm->exc_SystemError, "unknown opcode %d", (int)INSTR_OP(instr));
        goto error;
    }
#endif

do_return: {
    Frame *done = frame;
    if (done->flags & FRAME_INIT) {
        if (!IS_NONE(retval)) {
            vm_raise(vm, vm->exc_TypeError, "__init__() should return None, not '%s'", vm_type_name(vm, retval));
            SAVE_REGS();
            goto error;
        }
    }
    Frame *caller = done->prev;
    vm->frame = caller;
    vm->depth--;
    int dflags = done->flags;
    if (dflags & FRAME_OWNED) {
        ObjGen *g = (ObjGen *)done->owner;
        vm->exc_info = g->exc_info.previous;
        gen_finish(vm, g);
        if (dflags & FRAME_ENTRY) return retval;
        /* a delegated generator finished: the delegator's SEND completes */
        frame = caller;
        LOAD_REGS();
        TOP() = retval;
        ip = code->code + INSTR_ARG(ip[-1]);
        DISPATCH();
    }
    frame_free(vm, done);
    if (dflags & FRAME_ENTRY) return retval;
    frame = caller;
    LOAD_REGS();
    if (dflags & FRAME_INIT) retval = sp[1];
    *sp++ = retval;
    if (vm->gc.allocs_since_gc) {
        SAVE_REGS();
        gc_maybe_collect(vm);
    }
    DISPATCH();
}

sigint:
    vm->sigint_pending = 0;
    SAVE_REGS();
    vm_raise(vm, vm->exc_KeyboardInterrupt, "");
    if (IS_EXCEPTION(vm->exc)) AS_EXCEPTION(vm->exc)->args = vm->empty_tuple;
    goto error;

error:
    /* ip points after the failing instruction */
    frame->ip = ip;
    if (IS_NULL(vm->exc)) vm_raise(vm, vm->exc_SystemError, "error return without exception set");
    exc_add_traceback(vm, vm->exc, code, code_line_for_pc(code, (int)(ip - code->code) - 1));
exception_unwind:
    for (;;) {
        const ExcEntry *h = code_find_handler(code, (int)(ip - code->code) - 1);
        if (h) {
            sp = STACK_BASE() + h->depth;
            PUSH(vm->exc);
            vm->exc = VAL_NULL;
            ip = code->code + h->handler;
            DISPATCH();
        }
        Frame *done = frame;
        Frame *caller = done->prev;
        vm->frame = caller;
        vm->depth--;
        bool was_entry = (done->flags & FRAME_ENTRY) != 0;
        if (done->flags & FRAME_OWNED) {
            ObjGen *g = (ObjGen *)done->owner;
            vm->exc_info = g->exc_info.previous;
            gen_finish(vm, g);
            pep479(vm, g);
        } else {
            frame_free(vm, done);
        }
        if (was_entry) return VAL_NULL;
        frame = caller;
        LOAD_REGS();
        exc_add_traceback(vm, vm->exc, code, code_line_for_pc(code, (int)(ip - code->code) - 1));
    }
    (void)entry;
}

/* ---- running modules ------------------------------------------------------ */

Value vm_exec_code(VM *vm, ObjCode *code, ObjDict *globals, ObjDict *locals) {
    if (IS_NULL(dict_get_str(vm, globals, vm->s___builtins__)))
        dict_set_str(vm, globals, vm->s___builtins__, MAKE_OBJ(vm->builtins_module));
    Frame *f = frame_new(vm, code, NULL, globals);
    if (!f) return VAL_NULL;
    f->locals = locals ? locals : globals;
    frame_setup_cells(vm, f, NULL);
    return vm_run_frame(vm, f);
}

ObjModule *vm_run_source(VM *vm, const char *src, size_t len, const char *filename, const char *modname) {
    ObjModule *m = module_new(vm, modname);
    gc_push_root(vm, MAKE_OBJ(m));
    dict_set_str(vm, m->dict, vm->s___file__, MAKE_OBJ(str_from_cstr(vm, filename)));
    dict_set(vm, vm->modules, MAKE_OBJ(m->name), MAKE_OBJ(m));
    ObjCode *code = compile_source(vm, src, len, filename, COMPILE_EXEC, NULL);
    if (!code) {
        gc_pop_roots(vm, 1);
        return NULL;
    }
    gc_push_root(vm, MAKE_OBJ(code));
    Value r = vm_exec_code(vm, code, m->dict, NULL);
    gc_pop_roots(vm, 2);
    if (IS_NULL(r)) return NULL;
    return m;
}
