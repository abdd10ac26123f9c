/* contextvars.c: Context, ContextVar and Token (PEP 567).
 *
 * A Context owns a dict from ContextVar to value; copy_context() copies the
 * dict, so a copy never sees later changes of its source, which is all
 * CPython's immutable mapping guarantees observably. vm->context is the
 * current Context (VAL_NULL until a variable is first set). Each asyncio
 * task runs its steps inside the copy taken when it was created.
 */
#include <string.h>

#include "aio.h"
#include "dict.h"
#include "exception.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"

typedef struct {
    Obj obj;
    ObjDict *vars;
    bool entered;
} ObjContext;

typedef struct {
    Obj obj;
    Value name;
    Value deflt; /* VAL_NULL: no default */
} ObjContextVar;

typedef struct {
    Obj obj;
    Value var, old, ctx; /* old VAL_NULL: was unset */
    bool used;
} ObjToken;

static void context_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((ObjContext *)o)->vars); }
static void cvar_trace(GC *gc, Obj *o) {
    gc_mark_value(gc, ((ObjContextVar *)o)->name);
    gc_mark_value(gc, ((ObjContextVar *)o)->deflt);
}
static void token_trace(GC *gc, Obj *o) {
    ObjToken *t = (ObjToken *)o;
    gc_mark_value(gc, t->var);
    gc_mark_value(gc, t->old);
    gc_mark_value(gc, t->ctx);
}

static ObjContext *context_new(VM *vm, ObjDict *from) {
    ObjContext *c = (ObjContext *)gc_alloc(vm, sizeof(ObjContext), vm->t_context, OK_OTHER);
    c->vars = from ? dict_copy(vm, from) : dict_new(vm);
    return c;
}

static void ensure_types(VM *vm);

Value ctx_copy_current(VM *vm) {
    ensure_types(vm);
    if (IS_NULL(vm->context)) return MAKE_OBJ(context_new(vm, NULL));
    return MAKE_OBJ(context_new(vm, ((ObjContext *)AS_OBJ(vm->context))->vars));
}

static ObjContext *current(VM *vm) {
    ensure_types(vm);
    if (IS_NULL(vm->context)) vm->context = MAKE_OBJ(context_new(vm, NULL));
    return (ObjContext *)AS_OBJ(vm->context);
}

Value ctx_run(VM *vm, Value ctxv, Value fn, Value *args, int nargs) {
    if (!IS_OBJ(ctxv) || AS_OBJ(ctxv)->type != vm->t_context) return vm_call(vm, fn, args, nargs, NULL);
    ObjContext *c = (ObjContext *)AS_OBJ(ctxv);
    if (c->entered) {
        Value r = vm_repr(vm, ctxv);
        return vm_raise(vm, vm->exc_RuntimeError, "cannot enter context: %s is already entered",
                        IS_NULL(r) ? "<Context>" : AS_STR(r)->data);
    }
    Value saved = vm->context;
    c->entered = true;
    vm->context = ctxv;
    gc_push_root(vm, saved);
    Value r = vm_call(vm, fn, args, nargs, NULL);
    gc_pop_roots(vm, 1);
    vm->context = saved;
    c->entered = false;
    return r;
}

/* ---- Context ------------------------------------------------------------- */

static Value context_m_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 1 || (kw && kw->len)) return vm_raise(vm, vm->exc_TypeError, "Context() does not accept any arguments");
    return MAKE_OBJ(context_new(vm, NULL));
}
static Value context_m_run(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "run() missing 1 required positional argument");
    if (kw && kw->len) {
        ObjContext *c = (ObjContext *)AS_OBJ(args[0]);
        if (c->entered) {
            Value r = vm_repr(vm, args[0]);
            return vm_raise(vm, vm->exc_RuntimeError, "cannot enter context: %s is already entered",
                            IS_NULL(r) ? "<Context>" : AS_STR(r)->data);
        }
        Value saved = vm->context;
        c->entered = true;
        vm->context = args[0];
        Value r = vm_call(vm, args[1], args + 2, nargs - 2, kw);
        vm->context = saved;
        c->entered = false;
        return r;
    }
    return ctx_run(vm, args[0], args[1], args + 2, nargs - 2);
}
static Value context_m_copy(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_OBJ(context_new(vm, ((ObjContext *)AS_OBJ(args[0]))->vars));
}
static bool check_key(VM *vm, Value key) {
    if (IS_OBJ(key) && AS_OBJ(key)->type == vm->t_contextvar) return true;
    Value r = vm_repr(vm, key);
    if (IS_NULL(r)) return false;
    vm_raise(vm, vm->exc_TypeError, "a ContextVar key was expected, got %s", AS_STR(r)->data);
    return false;
}

static Value context_m_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!IS_OBJ(args[1]) || AS_OBJ(args[1])->type != vm->t_context) return MAKE_OBJ(vm->not_implemented);
    ObjDict *a = ((ObjContext *)AS_OBJ(args[0]))->vars, *b = ((ObjContext *)AS_OBJ(args[1]))->vars;
    if (a->len != b->len) return VAL_FALSE;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(a, &pos, &k, &v)) {
        Value w = dict_get(vm, b, k);
        if (IS_NULL(w)) {
            if (vm_has_exc(vm)) return VAL_NULL;
            return VAL_FALSE;
        }
        int eq = vm_eq(vm, v, w);
        if (eq < 0) return VAL_NULL;
        if (!eq) return VAL_FALSE;
    }
    return VAL_TRUE;
}

static Value context_m_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "get", nargs, 2, 3)) return VAL_NULL;
    if (!check_key(vm, args[1])) return VAL_NULL;
    Value v = dict_get(vm, ((ObjContext *)AS_OBJ(args[0]))->vars, args[1]);
    if (IS_NULL(v)) return nargs > 2 ? args[2] : VAL_NONE;
    return v;
}
static Value context_m_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_key(vm, args[1])) return VAL_NULL;
    Value v = dict_get(vm, ((ObjContext *)AS_OBJ(args[0]))->vars, args[1]);
    if (IS_NULL(v)) return exc_raise_key_error(vm, args[1]);
    return v;
}
static Value context_m_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_key(vm, args[1])) return VAL_NULL;
    return MAKE_BOOL(!IS_NULL(dict_get(vm, ((ObjContext *)AS_OBJ(args[0]))->vars, args[1])));
}
static Value context_m_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_INT(((ObjContext *)AS_OBJ(args[0]))->vars->len);
}
static Value context_m_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_getiter(vm, MAKE_OBJ(((ObjContext *)AS_OBJ(args[0]))->vars));
}
static Value context_m_keys(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call_method(vm, MAKE_OBJ(((ObjContext *)AS_OBJ(args[0]))->vars), vm->s_keys, NULL, 0);
}
static Value context_m_items(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call_method(vm, MAKE_OBJ(((ObjContext *)AS_OBJ(args[0]))->vars), vm->s_items, NULL, 0);
}
static Value context_m_values(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call_method(vm, MAKE_OBJ(((ObjContext *)AS_OBJ(args[0]))->vars), str_intern_cstr(vm, "values"), NULL, 0);
}

static const MethodDef context_methods[] = {
    {"__new__", context_m_new, METH_STATIC | METH_KW, NULL},
    {"run", context_m_run, METH_KW, NULL},
    {"copy", context_m_copy, 0, NULL},
    {"get", context_m_get, 0, NULL},
    {"__getitem__", context_m_getitem, 0, NULL},
    {"__eq__", context_m_eq, 0, NULL},
    {"__contains__", context_m_contains, 0, NULL},
    {"__len__", context_m_len, 0, NULL},
    {"__iter__", context_m_iter, 0, NULL},
    {"keys", context_m_keys, 0, NULL},
    {"items", context_m_items, 0, NULL},
    {"values", context_m_values, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ContextVar ----------------------------------------------------------- */

static Value cvar_m_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value name = VAL_NULL, deflt = VAL_NULL;
    if (nargs - 1 > 1)
        return vm_raise(vm, vm->exc_TypeError, "ContextVar() takes at most 1 positional argument (%d given)", nargs - 1);
    if (!vm_parse_args(vm, "ContextVar", args + 1, nargs - 1, kw, "name|$default", &name, &deflt)) return VAL_NULL;
    if (!IS_STR(name)) return vm_raise(vm, vm->exc_TypeError, "context variable name must be a str");
    ObjContextVar *v = (ObjContextVar *)gc_alloc(vm, sizeof(ObjContextVar), vm->t_contextvar, OK_OTHER);
    v->name = name;
    v->deflt = deflt;
    return MAKE_OBJ(v);
}
static Value cvar_m_init(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }

static Value cvar_m_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "get", nargs, 1, 2)) return VAL_NULL;
    ObjContextVar *cv = (ObjContextVar *)AS_OBJ(args[0]);
    if (!IS_NULL(vm->context)) {
        Value v = dict_get(vm, ((ObjContext *)AS_OBJ(vm->context))->vars, args[0]);
        if (!IS_NULL(v)) return v;
        if (vm_has_exc(vm)) return VAL_NULL;
    }
    if (nargs > 1) return args[1];
    if (!IS_NULL(cv->deflt)) return cv->deflt;
    Value r = vm_repr(vm, args[0]);
    if (IS_NULL(r)) return VAL_NULL;
    ObjException *e = exc_new(vm, vm->exc_LookupError, &args[0], 1);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

static Value cvar_m_set(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "set", nargs, 2, 2)) return VAL_NULL;
    ObjContext *c = current(vm);
    ObjToken *t = (ObjToken *)gc_alloc(vm, sizeof(ObjToken), vm->t_token, OK_OTHER);
    t->var = args[0];
    t->old = dict_get(vm, c->vars, args[0]);
    t->ctx = MAKE_OBJ(c);
    if (!dict_set(vm, c->vars, args[0], args[1])) return VAL_NULL;
    return MAKE_OBJ(t);
}

static Value token_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjToken *t = (ObjToken *)AS_OBJ(args[0]);
    Value r = vm_repr(vm, t->var);
    if (IS_NULL(r)) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "<Token%s var=%s at %p>", t->used ? " used" : "", AS_STR(r)->data, (void *)t));
}

static Value cvar_m_reset(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "reset", nargs, 2, 2)) return VAL_NULL;
    if (!IS_OBJ(args[1]) || AS_OBJ(args[1])->type != vm->t_token) {
        Value r = vm_repr(vm, args[1]);
        if (IS_NULL(r)) return VAL_NULL;
        return vm_raise(vm, vm->exc_TypeError, "expected an instance of Token, got %s", AS_STR(r)->data);
    }
    ObjToken *t = (ObjToken *)AS_OBJ(args[1]);
    if (t->used) {
        Value r = token_m_repr(vm, &args[1], 1, NULL);
        if (IS_NULL(r)) return VAL_NULL;
        return vm_raise(vm, vm->exc_RuntimeError, "%s has already been used once", AS_STR(r)->data);
    }
    if (!val_is(t->var, args[0])) {
        Value r = vm_repr(vm, args[1]);
        return vm_raise(vm, vm->exc_ValueError, "%s was created by a different ContextVar", IS_NULL(r) ? "Token" : AS_STR(r)->data);
    }
    ObjContext *c = current(vm);
    if (!val_is(t->ctx, MAKE_OBJ(c))) {
        Value r = vm_repr(vm, args[1]);
        return vm_raise(vm, vm->exc_ValueError, "%s was created in a different Context", IS_NULL(r) ? "Token" : AS_STR(r)->data);
    }
    t->used = true;
    if (IS_NULL(t->old)) {
        if (dict_del(vm, c->vars, args[0]) < 0) return VAL_NULL;
    } else if (!dict_set(vm, c->vars, args[0], t->old)) {
        return VAL_NULL;
    }
    return VAL_NONE;
}

static Value cvar_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjContextVar *cv = (ObjContextVar *)AS_OBJ(args[0]);
    Value n = vm_repr(vm, cv->name);
    if (IS_NULL(n)) return VAL_NULL;
    if (IS_NULL(cv->deflt)) return MAKE_OBJ(str_printf(vm, "<ContextVar name=%s at %p>", AS_STR(n)->data, (void *)cv));
    Value d = vm_repr(vm, cv->deflt);
    if (IS_NULL(d)) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "<ContextVar name=%s default=%s at %p>", AS_STR(n)->data, AS_STR(d)->data, (void *)cv));
}
static Value cvar_get_name(VM *vm, Value self) { return ((ObjContextVar *)AS_OBJ(self))->name; }

static const MethodDef cvar_methods[] = {
    {"__new__", cvar_m_new, METH_STATIC | METH_KW, NULL},
    {"__init__", cvar_m_init, METH_KW, NULL},
    {"get", cvar_m_get, 0, NULL},
    {"set", cvar_m_set, 0, NULL},
    {"reset", cvar_m_reset, 0, NULL},
    {"__repr__", cvar_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef cvar_getsets[] = {
    {"name", cvar_get_name, NULL},
    {NULL, NULL, NULL},
};

static Value token_get_var(VM *vm, Value self) { return ((ObjToken *)AS_OBJ(self))->var; }
static Value token_get_old(VM *vm, Value self) {
    ObjToken *t = (ObjToken *)AS_OBJ(self);
    if (IS_NULL(t->old)) {
        Value m = vm_import(vm, str_intern_cstr(vm, "contextvars"));
        if (IS_NULL(m)) return VAL_NULL;
        Value tok = vm_getattr(vm, m, str_intern_cstr(vm, "Token"));
        if (IS_NULL(tok)) return VAL_NULL;
        return vm_getattr(vm, tok, str_intern_cstr(vm, "MISSING"));
    }
    return t->old;
}
static const MethodDef token_methods[] = {
    {"__repr__", token_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef token_getsets[] = {
    {"var", token_get_var, NULL},
    {"old_value", token_get_old, NULL},
    {NULL, NULL, NULL},
};

static Value cv_copy_context(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "copy_context", nargs, 0, 0)) return VAL_NULL;
    return ctx_copy_current(vm);
}

static const MethodDef cv_functions[] = {
    {"copy_context", cv_copy_context, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value missing_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_OBJ(str_intern_cstr(vm, "<Token.MISSING>"));
}
static const MethodDef missing_methods[] = {
    {"__repr__", missing_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static void ensure_types(VM *vm) {
    if (vm->t_context) return;
    vm->t_context = type_new_builtin(vm, "Context", NULL, OK_OTHER, sizeof(ObjContext), context_trace, NULL, 0);
    type_add_methods(vm, vm->t_context, context_methods);
    type_set_attr(vm, vm->t_context, "__hash__", VAL_NONE);
    vm->t_contextvar = type_new_builtin(vm, "ContextVar", NULL, OK_OTHER, sizeof(ObjContextVar), cvar_trace, NULL, 0);
    type_add_methods(vm, vm->t_contextvar, cvar_methods);
    type_add_getsets(vm, vm->t_contextvar, cvar_getsets);
    vm->t_token = type_new_builtin(vm, "Token", NULL, OK_OTHER, sizeof(ObjToken), token_trace, NULL, 0);
    type_add_methods(vm, vm->t_token, token_methods);
    type_add_getsets(vm, vm->t_token, token_getsets);
    ObjType *missing_t = type_new_builtin(vm, "Token.MISSING", NULL, OK_OTHER, sizeof(Obj), NULL, NULL, 0);
    type_add_methods(vm, missing_t, missing_methods);
    Obj *missing = gc_alloc(vm, sizeof(Obj), missing_t, OK_OTHER);
    type_set_attr(vm, vm->t_token, "MISSING", MAKE_OBJ(missing));
    vm->t_context->module = vm->t_contextvar->module = vm->t_token->module = str_intern_cstr(vm, "_contextvars");
}

ObjModule *contextvars_module_init(VM *vm) {
    ensure_types(vm);
    ObjModule *m = module_new(vm, "contextvars");
    module_add_functions(vm, m, cv_functions);
    module_set(vm, m, "Context", MAKE_OBJ(vm->t_context));
    module_set(vm, m, "ContextVar", MAKE_OBJ(vm->t_contextvar));
    module_set(vm, m, "Token", MAKE_OBJ(vm->t_token));
    return m;
}
