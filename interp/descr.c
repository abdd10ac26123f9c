/* descr.c: the methods of the callable and descriptor types: function,
 * bound method, builtin function, property, staticmethod, classmethod,
 * module and cell.
 */
#include <string.h>

#include "dict.h"
#include "func.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"

/* ---- function ---------------------------------------------------------- */

static Value func_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFunction *f = AS_FUNCTION(args[0]);
    return MAKE_OBJ(str_printf(vm, "<function %s at %p>", f->qualname->data, (void *)f));
}

static Value func_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "__get__(None, None) is invalid");
    if (IS_NONE(args[1])) return args[0];
    return method_new(vm, args[0], args[1]);
}

static Value func_call(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call(vm, args[0], args + 1, nargs - 1, kw);
}

static Value func_get_name(VM *vm, Value self) { return MAKE_OBJ(AS_FUNCTION(self)->name); }
static bool func_set_name(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "__name__ must be set to a string object");
        return false;
    }
    AS_FUNCTION(self)->name = AS_STR(v);
    return true;
}
static Value func_get_qualname(VM *vm, Value self) { return MAKE_OBJ(AS_FUNCTION(self)->qualname); }
static bool func_set_qualname(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "__qualname__ must be set to a string object");
        return false;
    }
    AS_FUNCTION(self)->qualname = AS_STR(v);
    return true;
}
static Value func_get_module(VM *vm, Value self) { return AS_FUNCTION(self)->module; }
static bool func_set_module(VM *vm, Value self, Value v) {
    AS_FUNCTION(self)->module = v;
    return true;
}
static Value func_get_doc(VM *vm, Value self) { return AS_FUNCTION(self)->doc; }
static bool func_set_doc(VM *vm, Value self, Value v) {
    AS_FUNCTION(self)->doc = v;
    return true;
}
static Value func_get_defaults(VM *vm, Value self) {
    ObjFunction *f = AS_FUNCTION(self);
    return f->defaults ? MAKE_OBJ(f->defaults) : VAL_NONE;
}
static bool func_set_defaults(VM *vm, Value self, Value v) {
    if (IS_NONE(v)) AS_FUNCTION(self)->defaults = NULL;
    else if (IS_TUPLE(v)) AS_FUNCTION(self)->defaults = AS_TUPLE(v);
    else {
        vm_raise(vm, vm->exc_TypeError, "__defaults__ must be set to a tuple object");
        return false;
    }
    return true;
}
static Value func_get_kwdefaults(VM *vm, Value self) {
    ObjFunction *f = AS_FUNCTION(self);
    return f->kwdefaults ? MAKE_OBJ(f->kwdefaults) : VAL_NONE;
}
static Value func_get_dict(VM *vm, Value self) {
    ObjFunction *f = AS_FUNCTION(self);
    if (!f->dict) f->dict = dict_new(vm);
    return MAKE_OBJ(f->dict);
}
static Value func_get_globals(VM *vm, Value self) { return MAKE_OBJ(AS_FUNCTION(self)->globals); }
static Value func_get_closure(VM *vm, Value self) {
    ObjFunction *f = AS_FUNCTION(self);
    return f->closure ? MAKE_OBJ(f->closure) : VAL_NONE;
}
static Value func_get_code(VM *vm, Value self) { return MAKE_OBJ(AS_FUNCTION(self)->code); }
/* The dict MAKE_FUNCTION stored, or an empty one made (and kept) now. */
static Value func_get_annotations(VM *vm, Value self) {
    ObjFunction *f = AS_FUNCTION(self);
    ObjStr *key = str_intern_cstr(vm, "__annotations__");
    if (!f->dict) f->dict = dict_new(vm);
    Value v = dict_get_str(vm, f->dict, key);
    if (IS_NULL(v)) {
        v = MAKE_OBJ(dict_new(vm));
        dict_set_str(vm, f->dict, key, v);
    }
    return v;
}

static const MethodDef function_methods[] = {
    {"__repr__", func_repr, 0, NULL},
    {"__get__", func_get, 0, NULL},
    {"__call__", func_call, METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef function_getsets[] = {
    {"__name__", func_get_name, func_set_name},
    {"__qualname__", func_get_qualname, func_set_qualname},
    {"__module__", func_get_module, func_set_module},
    {"__doc__", func_get_doc, func_set_doc},
    {"__defaults__", func_get_defaults, func_set_defaults},
    {"__kwdefaults__", func_get_kwdefaults, NULL},
    {"__dict__", func_get_dict, NULL},
    {"__globals__", func_get_globals, NULL},
    {"__closure__", func_get_closure, NULL},
    {"__code__", func_get_code, NULL},
    {"__annotations__", func_get_annotations, NULL},
    {NULL, NULL, NULL},
};

/* ---- code (just enough to look at) ------------------------------------- */

static Value code_get_name(VM *vm, Value self) { return MAKE_OBJ(AS_CODE(self)->name); }
static Value code_get_filename(VM *vm, Value self) { return MAKE_OBJ(AS_CODE(self)->filename); }
static Value code_get_firstlineno(VM *vm, Value self) { return MAKE_INT(AS_CODE(self)->firstlineno); }
static Value code_get_argcount(VM *vm, Value self) { return MAKE_INT(AS_CODE(self)->argcount); }
static Value code_get_varnames(VM *vm, Value self) {
    ObjCode *c = AS_CODE(self);
    ObjTuple *t = tuple_new(vm, c->nlocals);
    for (int i = 0; i < c->nlocals; i++) t->items[i] = MAKE_OBJ(c->varnames[i]);
    return MAKE_OBJ(t);
}
static const GetSetDef code_getsets[] = {
    {"co_name", code_get_name, NULL},
    {"co_filename", code_get_filename, NULL},
    {"co_firstlineno", code_get_firstlineno, NULL},
    {"co_argcount", code_get_argcount, NULL},
    {"co_varnames", code_get_varnames, NULL},
    {NULL, NULL, NULL},
};

/* ---- bound method ------------------------------------------------------ */

static ObjBoundMethod *as_method(Value v) { return (ObjBoundMethod *)AS_OBJ(v); }

static Value qualname_of(VM *vm, Value func) {
    Value q = vm_getattr_opt(vm, func, vm->s___qualname__);
    if (IS_NULL(q) || !IS_STR(q)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        q = vm_getattr_opt(vm, func, vm->s___name__);
        if (IS_NULL(q) || !IS_STR(q)) {
            if (vm_has_exc(vm)) vm_clear_exc(vm);
            return MAKE_OBJ(str_intern_cstr(vm, "?"));
        }
    }
    return q;
}

static Value method_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjBoundMethod *m = as_method(args[0]);
    if (IS_NATIVE(m->func)) {
        ObjNative *n = AS_NATIVE(m->func);
        if (IS_TYPE(m->self))
            return MAKE_OBJ(str_printf(vm, "<built-in method %s of type object at %p>", n->name, (void *)AS_OBJ(m->self)));
        return MAKE_OBJ(str_printf(vm, "<built-in method %s of %s object at %p>", n->name, vm_type_name(vm, m->self),
                                   IS_OBJ(m->self) ? (void *)AS_OBJ(m->self) : NULL));
    }
    Value q = qualname_of(vm, m->func);
    Value r = vm_repr(vm, m->self);
    if (IS_NULL(r)) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "<bound method %s of %s>", AS_STR(q)->data, AS_STR(r)->data));
}

static Value method_call(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call(vm, args[0], args + 1, nargs - 1, kw);
}

static Value method_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__eq__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_KIND(args[1], OK_BOUND_METHOD)) return MAKE_OBJ(vm->not_implemented);
    ObjBoundMethod *a = as_method(args[0]), *b = as_method(args[1]);
    return MAKE_BOOL(val_is(a->func, b->func) && val_is(a->self, b->self));
}

static Value method_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjBoundMethod *m = as_method(args[0]);
    uint64_t h1 = 0, h2 = 0;
    if (!vm_hash(vm, m->func, &h1)) return VAL_NULL;
    if (IS_OBJ(m->self)) h2 = (uint64_t)(uintptr_t)AS_OBJ(m->self) >> 4;
    else if (!vm_hash(vm, m->self, &h2)) return VAL_NULL;
    return MAKE_INT((int64_t)((h1 ^ h2) & INT64_MAX));
}

static Value method_getattribute(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__getattribute__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_STR(args[1])) return vm_raise(vm, vm->exc_TypeError, "attribute name must be string");
    ObjStr *name = str_intern(vm, AS_STR(args[1])->data, (size_t)AS_STR(args[1])->len);
    Value v = generic_getattr(vm, args[0], name);
    if (!IS_NULL(v) || vm_has_exc(vm)) return v;
    /* unknown attributes come from the function (m.__name__, m.__doc__) */
    return vm_getattr(vm, as_method(args[0])->func, name);
}

static Value method_get_func(VM *vm, Value self) { return as_method(self)->func; }
static Value method_get_self(VM *vm, Value self) { return as_method(self)->self; }
static Value method_get_name(VM *vm, Value self) { return vm_getattr(vm, as_method(self)->func, vm->s___name__); }
static Value method_get_qualname(VM *vm, Value self) {
    return vm_getattr(vm, as_method(self)->func, vm->s___qualname__);
}
static Value method_get_doc(VM *vm, Value self) { return vm_getattr(vm, as_method(self)->func, vm->s___doc__); }

static const MethodDef method_methods[] = {
    {"__repr__", method_repr, 0, NULL},
    {"__call__", method_call, METH_KW, NULL},
    {"__eq__", method_eq, 0, NULL},
    {"__hash__", method_hash, 0, NULL},
    {"__getattribute__", method_getattribute, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef method_getsets[] = {
    {"__func__", method_get_func, NULL},
    {"__self__", method_get_self, NULL},
    {"__name__", method_get_name, NULL},
    {"__qualname__", method_get_qualname, NULL},
    {"__doc__", method_get_doc, NULL},
    {NULL, NULL, NULL},
};

/* ---- builtin function -------------------------------------------------- */

static Value native_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjNative *n = AS_NATIVE(args[0]);
    if (n->owner)
        return MAKE_OBJ(str_printf(vm, "<method '%s' of '%s' objects>", n->name, n->owner->name->data));
    if (!IS_NULL(n->bound) && !IS_MODULE(n->bound))
        return MAKE_OBJ(str_printf(vm, "<built-in method %s of %s object at %p>", n->name, vm_type_name(vm, n->bound),
                                   IS_OBJ(n->bound) ? (void *)AS_OBJ(n->bound) : NULL));
    return MAKE_OBJ(str_printf(vm, "<built-in function %s>", n->name));
}

static Value native_call(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_call(vm, args[0], args + 1, nargs - 1, kw);
}

static Value native_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2 || IS_NONE(args[1]) || !AS_NATIVE(args[0])->owner) return args[0];
    return method_new(vm, args[0], args[1]);
}

static Value native_get_name(VM *vm, Value self) { return MAKE_OBJ(str_from_cstr(vm, AS_NATIVE(self)->name)); }
static Value native_get_qualname(VM *vm, Value self) {
    ObjNative *n = AS_NATIVE(self);
    if (n->owner) return MAKE_OBJ(str_printf(vm, "%s.%s", n->owner->name->data, n->name));
    return MAKE_OBJ(str_from_cstr(vm, n->name));
}
static Value native_get_doc(VM *vm, Value self) {
    ObjNative *n = AS_NATIVE(self);
    return n->doc ? MAKE_OBJ(str_from_cstr(vm, n->doc)) : VAL_NONE;
}
static Value native_get_self(VM *vm, Value self) {
    ObjNative *n = AS_NATIVE(self);
    return IS_NULL(n->bound) ? VAL_NONE : n->bound;
}
static Value native_get_module(VM *vm, Value self) {
    ObjNative *n = AS_NATIVE(self);
    if (IS_MODULE(n->bound)) return MAKE_OBJ(AS_MODULE(n->bound)->name);
    if (!n->owner) return MAKE_OBJ(str_intern_cstr(vm, "builtins"));
    return VAL_NONE;
}

static const MethodDef native_methods[] = {
    {"__repr__", native_repr, 0, NULL},
    {"__call__", native_call, METH_KW, NULL},
    {"__get__", native_get, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef native_getsets[] = {
    {"__name__", native_get_name, NULL},
    {"__qualname__", native_get_qualname, NULL},
    {"__doc__", native_get_doc, NULL},
    {"__self__", native_get_self, NULL},
    {"__module__", native_get_module, NULL},
    {NULL, NULL, NULL},
};

/* ---- property ---------------------------------------------------------- */

static ObjProperty *as_prop(Value v) { return (ObjProperty *)AS_OBJ(v); }

static Value property_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjType *cls = AS_TYPE(args[0]);
    ObjProperty *p = (ObjProperty *)gc_alloc(vm, cls->basicsize ? cls->basicsize : sizeof(ObjProperty), cls, OK_PROPERTY);
    p->fget = p->fset = p->fdel = p->doc = VAL_NONE;
    return MAKE_OBJ(p);
}

static Value property_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value fget = VAL_NULL, fset = VAL_NULL, fdel = VAL_NULL, doc = VAL_NULL;
    if (!vm_parse_args(vm, "property", args + 1, nargs - 1, kw, "|fget,fset,fdel,doc", &fget, &fset, &fdel, &doc))
        return VAL_NULL;
    ObjProperty *p = as_prop(args[0]);
    p->fget = IS_NULL(fget) ? VAL_NONE : fget;
    p->fset = IS_NULL(fset) ? VAL_NONE : fset;
    p->fdel = IS_NULL(fdel) ? VAL_NONE : fdel;
    if (IS_NULL(doc) || IS_NONE(doc)) {
        doc = VAL_NONE;
        if (!IS_NONE(p->fget)) {
            Value d = vm_getattr_opt(vm, p->fget, vm->s___doc__);
            if (!IS_NULL(d)) doc = d;
            else if (vm_has_exc(vm)) vm_clear_exc(vm);
        }
    }
    p->doc = doc;
    return VAL_NONE;
}

static Value property_copy(VM *vm, Value self, Value fget, Value fset, Value fdel) {
    ObjProperty *old = as_prop(self);
    ObjType *cls = AS_OBJ(self)->type;
    ObjProperty *p = (ObjProperty *)gc_alloc(vm, cls->basicsize ? cls->basicsize : sizeof(ObjProperty), cls, OK_PROPERTY);
    p->fget = IS_NULL(fget) ? old->fget : fget;
    p->fset = IS_NULL(fset) ? old->fset : fset;
    p->fdel = IS_NULL(fdel) ? old->fdel : fdel;
    p->doc = old->doc;
    return MAKE_OBJ(p);
}

static Value property_getter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "getter", nargs, 2, 2)) return VAL_NULL;
    return property_copy(vm, args[0], args[1], VAL_NULL, VAL_NULL);
}
static Value property_setter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "setter", nargs, 2, 2)) return VAL_NULL;
    return property_copy(vm, args[0], VAL_NULL, args[1], VAL_NULL);
}
static Value property_deleter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "deleter", nargs, 2, 2)) return VAL_NULL;
    return property_copy(vm, args[0], VAL_NULL, VAL_NULL, args[1]);
}
static Value property_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2 || IS_NONE(args[1])) return args[0];
    return descr_get(vm, args[0], args[1], vm_type_of(vm, args[1]));
}
static Value property_set(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__set__", nargs, 3, 3)) return VAL_NULL;
    ObjProperty *p = as_prop(args[0]);
    if (IS_NONE(p->fset)) return vm_raise(vm, vm->exc_AttributeError, "can't set attribute");
    return IS_NULL(vm_call2(vm, p->fset, args[1], args[2])) ? VAL_NULL : VAL_NONE;
}
static Value property_delete(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__delete__", nargs, 2, 2)) return VAL_NULL;
    ObjProperty *p = as_prop(args[0]);
    if (IS_NONE(p->fdel)) return vm_raise(vm, vm->exc_AttributeError, "can't delete attribute");
    return IS_NULL(vm_call1(vm, p->fdel, args[1])) ? VAL_NULL : VAL_NONE;
}
static Value property_get_fget(VM *vm, Value self) { return as_prop(self)->fget; }
static Value property_get_fset(VM *vm, Value self) { return as_prop(self)->fset; }
static Value property_get_fdel(VM *vm, Value self) { return as_prop(self)->fdel; }
static Value property_get_doc(VM *vm, Value self) { return as_prop(self)->doc; }
static bool property_set_doc(VM *vm, Value self, Value v) {
    as_prop(self)->doc = v;
    return true;
}

static const MethodDef property_methods[] = {
    {"__new__", property_new, METH_STATIC | METH_KW, NULL},
    {"__init__", property_init, METH_KW, NULL},
    {"getter", property_getter, 0, NULL},
    {"setter", property_setter, 0, NULL},
    {"deleter", property_deleter, 0, NULL},
    {"__get__", property_get, 0, NULL},
    {"__set__", property_set, 0, NULL},
    {"__delete__", property_delete, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef property_getsets[] = {
    {"fget", property_get_fget, NULL},
    {"fset", property_get_fset, NULL},
    {"fdel", property_get_fdel, NULL},
    {"__doc__", property_get_doc, property_set_doc},
    {NULL, NULL, NULL},
};

/* ---- staticmethod / classmethod ---------------------------------------- */

static Value sm_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjType *cls = AS_TYPE(args[0]);
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "%s expected 1 argument, got %d", cls->name->data, nargs - 1);
    uint8_t kind = type_is_subtype(cls, vm->t_classmethod) ? OK_CLASSMETHOD : OK_STATICMETHOD;
    ObjStaticMethod *sm = (ObjStaticMethod *)gc_alloc(vm, cls->basicsize ? cls->basicsize : sizeof(ObjStaticMethod), cls, kind);
    sm->func = args[1];
    return MAKE_OBJ(sm);
}
static Value sm_init(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }
static Value sm_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStaticMethod *sm = (ObjStaticMethod *)AS_OBJ(args[0]);
    if (AS_OBJ(args[0])->kind == OK_STATICMETHOD) return sm->func;
    Value owner = nargs > 2 && !IS_NONE(args[2]) ? args[2] : MAKE_OBJ(vm_type_of(vm, args[1]));
    return method_new(vm, sm->func, owner);
}
static Value sm_call(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStaticMethod *sm = (ObjStaticMethod *)AS_OBJ(args[0]);
    return vm_call(vm, sm->func, args + 1, nargs - 1, kw);
}
static Value sm_get_func(VM *vm, Value self) { return ((ObjStaticMethod *)AS_OBJ(self))->func; }
static Value sm_get_doc(VM *vm, Value self) {
    return vm_getattr(vm, ((ObjStaticMethod *)AS_OBJ(self))->func, vm->s___doc__);
}

static const MethodDef sm_methods[] = {
    {"__new__", sm_new, METH_STATIC | METH_KW, NULL},
    {"__init__", sm_init, METH_KW, NULL},
    {"__get__", sm_get, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef sm_call_methods[] = {
    {"__call__", sm_call, METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef sm_getsets[] = {
    {"__func__", sm_get_func, NULL},
    {"__wrapped__", sm_get_func, NULL},
    {"__doc__", sm_get_doc, NULL},
    {NULL, NULL, NULL},
};

/* ---- module ------------------------------------------------------------ */

ObjModule *module_new(VM *vm, const char *name) {
    ObjModule *m = (ObjModule *)gc_alloc(vm, sizeof(ObjModule), vm->t_module, OK_MODULE);
    m->name = str_intern_cstr(vm, name);
    m->dict = dict_new(vm);
    dict_set_str(vm, m->dict, vm->s___name__, MAKE_OBJ(m->name));
    dict_set_str(vm, m->dict, vm->s___doc__, VAL_NONE);
    return m;
}

void module_add_functions(VM *vm, ObjModule *m, const MethodDef *defs) {
    for (; defs->name; defs++) {
        ObjNative *n = native_new(vm, defs->name, defs->fn, defs->flags);
        n->bound = MAKE_OBJ(m);
        n->doc = defs->doc;
        dict_set_str(vm, m->dict, str_intern_cstr(vm, defs->name), MAKE_OBJ(n));
    }
}

void module_set(VM *vm, ObjModule *m, const char *name, Value v) {
    dict_set_str(vm, m->dict, str_intern_cstr(vm, name), v);
}

static Value module_m_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2 || !IS_STR(args[1])) return vm_raise(vm, vm->exc_TypeError, "module() argument 'name' must be str");
    ObjModule *m = module_new(vm, AS_STR(args[1])->data);
    if (nargs > 2) dict_set_str(vm, m->dict, vm->s___doc__, args[2]);
    return MAKE_OBJ(m);
}
static Value module_m_init(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_NONE; }

static Value module_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjModule *m = AS_MODULE(args[0]);
    Value file = dict_get_str(vm, m->dict, vm->s___file__);
    if (!IS_NULL(file) && IS_STR(file))
        return MAKE_OBJ(str_printf(vm, "<module '%s' from '%s'>", m->name->data, AS_STR(file)->data));
    return MAKE_OBJ(str_printf(vm, "<module '%s' (built-in)>", m->name->data));
}

static Value module_dir(VM *vm, Value *args, int nargs, ObjTuple *kw) { return object_dir_list(vm, args[0]); }

static Value module_get_dict(VM *vm, Value self) { return MAKE_OBJ(AS_MODULE(self)->dict); }

static const MethodDef module_methods[] = {
    {"__new__", module_m_new, METH_STATIC | METH_KW, NULL},
    {"__init__", module_m_init, METH_KW, NULL},
    {"__repr__", module_repr, 0, NULL},
    {"__dir__", module_dir, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const GetSetDef module_getsets[] = {
    {"__dict__", module_get_dict, NULL},
    {NULL, NULL, NULL},
};

/* ---- cell -------------------------------------------------------------- */

static Value cell_get_contents(VM *vm, Value self) {
    Value v = AS_CELL(self)->value;
    if (IS_NULL(v)) return vm_raise(vm, vm->exc_ValueError, "Cell is empty");
    return v;
}
static bool cell_set_contents(VM *vm, Value self, Value v) {
    AS_CELL(self)->value = v;
    return true;
}
static const GetSetDef cell_getsets[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {NULL, NULL, NULL},
};

void descr_init_types(VM *vm) {
    type_add_methods(vm, vm->t_function, function_methods);
    type_add_getsets(vm, vm->t_function, function_getsets);
    type_add_getsets(vm, vm->t_code, code_getsets);
    type_add_methods(vm, vm->t_method, method_methods);
    type_add_getsets(vm, vm->t_method, method_getsets);
    type_add_methods(vm, vm->t_builtin_function, native_methods);
    type_add_getsets(vm, vm->t_builtin_function, native_getsets);
    type_add_methods(vm, vm->t_property, property_methods);
    type_add_getsets(vm, vm->t_property, property_getsets);
    type_add_methods(vm, vm->t_staticmethod, sm_methods);
    type_add_methods(vm, vm->t_staticmethod, sm_call_methods);
    type_add_getsets(vm, vm->t_staticmethod, sm_getsets);
    type_add_methods(vm, vm->t_classmethod, sm_methods);
    type_add_getsets(vm, vm->t_classmethod, sm_getsets);
    type_add_methods(vm, vm->t_module, module_methods);
    type_add_getsets(vm, vm->t_module, module_getsets);
    type_add_getsets(vm, vm->t_cell, cell_getsets);
    instance_dict_getset_install(vm, vm->exc_BaseException);
}
