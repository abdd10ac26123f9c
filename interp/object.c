/* object.c: the type system core: bootstrapping the built-in types, MRO
 * lookup, attribute access with descriptors (object.__getattribute__ and
 * type.__getattribute__ semantics), and the methods of object and type.
 *
 * Invariant: every type has a non-NULL dict and mro once vm_new returns;
 * ObjType.version changes whenever a type's dict (or a base's) changes, so
 * caches keyed on (type, version) stay valid.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "exception.h"
#include "func.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"

/* ---- type basics ------------------------------------------------------ */

ObjType *vm_type_of(VM *vm, Value v) {
    switch (v.tag) {
    case VT_INT: return vm->t_int;
    case VT_FLOAT: return vm->t_float;
    case VT_BOOL: return vm->t_bool;
    case VT_NONE: return vm->t_none;
    case VT_OBJ: return AS_OBJ(v)->type;
    default: return vm->t_none;
    }
}

const char *vm_type_name(VM *vm, Value v) {
    ObjType *t = vm_type_of(vm, v);
    return t->name ? t->name->data : "?";
}

bool type_is_subtype(ObjType *t, ObjType *base) {
    if (t == base) return true;
    if (t->mro) {
        for (int64_t i = 0; i < t->mro->len; i++)
            if (AS_OBJ(t->mro->items[i]) == (Obj *)base) return true;
        return false;
    }
    for (ObjType *b = t->base; b; b = b->base)
        if (b == base) return true;
    return false;
}

bool vm_isinstance(VM *vm, Value v, ObjType *t) { return type_is_subtype(vm_type_of(vm, v), t); }

#define TYPE_CACHE_SIZE 4096

static Value type_lookup_uncached(VM *vm, ObjType *type, ObjStr *name) {
    ObjTuple *mro = type->mro;
    if (!mro) {
        for (ObjType *t = type; t; t = t->base) {
            if (!t->dict) continue;
            Value v = dict_get_str(vm, t->dict, name);
            if (!IS_NULL(v)) return v;
        }
        return VAL_NULL;
    }
    for (int64_t i = 0; i < mro->len; i++) {
        ObjType *t = (ObjType *)AS_OBJ(mro->items[i]);
        Value v = dict_get_str(vm, t->dict, name);
        if (!IS_NULL(v)) return v;
    }
    return VAL_NULL;
}

/* Attribute lookups on types dominate method calls and instance attribute
 * loads, so they go through a global cache (CPython has the same). */
Value type_lookup(VM *vm, ObjType *type, ObjStr *name) {
    if (!(name->obj.flags & STR_INTERNED)) return type_lookup_uncached(vm, type, name);
    if (!vm->type_cache) {
        vm->type_cache = calloc(TYPE_CACHE_SIZE, sizeof *vm->type_cache);
        if (!vm->type_cache) return type_lookup_uncached(vm, type, name);
    }
    size_t h = (((uintptr_t)type >> 4) ^ ((uintptr_t)name >> 4) * 31u) & (TYPE_CACHE_SIZE - 1);
    struct TypeCacheEntry *e = &vm->type_cache[h];
    if (e->type == type && e->name == name && e->epoch == vm->type_epoch) return e->value;
    Value v = type_lookup_uncached(vm, type, name);
    e->type = type;
    e->name = name;
    e->value = v;
    e->epoch = vm->type_epoch;
    return v;
}

void type_modified(VM *vm, ObjType *t) {
    t->version = ++vm->next_type_version;
    /* Subclasses see a base's change through their MRO: invalidating the
     * whole cache is simplest, and classes are rarely patched once made. */
    vm->next_type_version++;
    vm->type_epoch++;
}

static void register_builtin_type(VM *vm, ObjType *t) {
    if (vm->nbuiltin_types == vm->builtin_types_cap) {
        int cap = vm->builtin_types_cap ? vm->builtin_types_cap * 2 : 64;
        ObjType **a = realloc(vm->builtin_types, (size_t)cap * sizeof(ObjType *));
        if (!a) abort();
        vm->builtin_types = a;
        vm->builtin_types_cap = cap;
    }
    vm->builtin_types[vm->nbuiltin_types++] = t;
}

/* Raw type allocation used during bootstrap before str/dict/tuple work. */
static ObjType *type_alloc_raw(VM *vm, ObjType *base, uint8_t kind, size_t basicsize,
                               uint32_t tflags) {
    ObjType *t = (ObjType *)gc_alloc(vm, sizeof(ObjType), vm->t_type, OK_TYPE);
    t->base = base;
    t->kind = kind;
    t->basicsize = (uint32_t)basicsize;
    t->tflags = tflags | TF_BUILTIN;
    t->version = ++vm->next_type_version;
    register_builtin_type(vm, t);
    return t;
}

/* Fills name, dict, bases and mro of a built-in type (single inheritance). */
static void type_finish_builtin(VM *vm, ObjType *t, const char *name) {
    t->name = str_intern_cstr(vm, name);
    t->qualname = t->name;
    t->module = str_intern_cstr(vm, "builtins");
    if (!t->dict) t->dict = dict_new(vm);
    int n = 0;
    for (ObjType *b = t; b; b = b->base) n++;
    ObjTuple *mro = tuple_new(vm, n);
    int i = 0;
    for (ObjType *b = t; b; b = b->base) mro->items[i++] = MAKE_OBJ(b);
    t->mro = mro;
    if (t->base) {
        ObjTuple *bases = tuple_new(vm, 1);
        bases->items[0] = MAKE_OBJ(t->base);
        t->bases = bases;
        if (!t->trace) t->trace = t->base->trace;
        if (!t->free) t->free = t->base->free;
        if (!t->iternext) t->iternext = t->base->iternext;
    } else {
        t->bases = tuple_new(vm, 0);
    }
}

ObjType *type_new_builtin(VM *vm, const char *name, ObjType *base, uint8_t kind, size_t basicsize,
                          TraceFn trace, FreeFn free, uint32_t tflags) {
    if (!base) base = vm->t_object;
    ObjType *t = type_alloc_raw(vm, base, kind, basicsize, tflags);
    t->trace = trace;
    t->free = free;
    t->dictoffset = 0;
    type_finish_builtin(vm, t, name);
    vm->type_epoch++;
    return t;
}

void type_set_attr(VM *vm, ObjType *type, const char *name, Value v) {
    dict_set_str(vm, type->dict, str_intern_cstr(vm, name), v);
    type_modified(vm, type);
}

ObjNative *native_new(VM *vm, const char *name, NativeFn fn, int flags) {
    ObjNative *n = (ObjNative *)gc_alloc(vm, sizeof(ObjNative), vm->t_builtin_function, OK_NATIVE);
    n->name = name;
    n->fn = fn;
    n->flags = flags;
    n->bound = VAL_NULL;
    return n;
}

void type_add_methods(VM *vm, ObjType *type, const MethodDef *defs) {
    for (; defs->name; defs++) {
        ObjNative *n = native_new(vm, defs->name, defs->fn, defs->flags);
        n->owner = type;
        n->doc = defs->doc;
        Value v = MAKE_OBJ(n);
        if (defs->flags & METH_STATIC) {
            ObjStaticMethod *sm = (ObjStaticMethod *)gc_alloc(vm, sizeof(ObjStaticMethod),
                                                              vm->t_staticmethod, OK_STATICMETHOD);
            sm->func = v;
            v = MAKE_OBJ(sm);
        } else if (defs->flags & METH_CLASS) {
            ObjStaticMethod *cm = (ObjStaticMethod *)gc_alloc(vm, sizeof(ObjStaticMethod),
                                                              vm->t_classmethod, OK_CLASSMETHOD);
            cm->func = v;
            v = MAKE_OBJ(cm);
        }
        dict_set_str(vm, type->dict, str_intern_cstr(vm, defs->name), v);
        vm->type_epoch++;
    }
    type_modified(vm, type);
}

void type_add_getsets(VM *vm, ObjType *type, const GetSetDef *defs) {
    for (; defs->name; defs++) {
        ObjGetSet *g = (ObjGetSet *)gc_alloc(vm, sizeof(ObjGetSet), vm->t_getset, OK_GETSET);
        g->def = defs;
        g->owner = type;
        dict_set_str(vm, type->dict, str_intern_cstr(vm, defs->name), MAKE_OBJ(g));
        vm->type_epoch++;
    }
    type_modified(vm, type);
}

/* ---- slot adapters ---------------------------------------------------- */

Value type_slot_next(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "expected 0 arguments, got %d", nargs - 1);
    ObjType *t = vm_type_of(vm, args[0]);
    if (!t->iternext) return vm_raise(vm, vm->exc_TypeError, "'%s' object is not an iterator", t->name->data);
    Value v = t->iternext(vm, args[0]);
    if (IS_NULL(v) && !vm_has_exc(vm)) return exc_raise_stop_iteration(vm, VAL_NULL);
    return v;
}

Value type_slot_iter_self(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "expected 0 arguments, got %d", nargs - 1);
    return args[0];
}

/* ---- instance dicts ---------------------------------------------------- */

ObjDict **obj_dict_slot(VM *vm, Value v) {
    if (!IS_OBJ(v)) return NULL;
    Obj *o = AS_OBJ(v);
    switch (o->kind) {
    case OK_INSTANCE: return o->type == vm->t_object ? NULL : &((ObjInstance *)o)->dict;
    case OK_EXCEPTION: return &((ObjException *)o)->dict;
    case OK_FUNCTION: return &((ObjFunction *)o)->dict;
    case OK_MODULE: return &((ObjModule *)o)->dict;
    case OK_TYPE: return NULL;
    default: break;
    }
    if (o->type->dictoffset > 0) return (ObjDict **)((char *)o + o->type->dictoffset);
    /* variable-size layouts (str, bytes subclasses) keep the dict pointer
     * at the end of their block */
    if (o->type->dictoffset < 0 && o->gc_size != UINT32_MAX)
        return (ObjDict **)((char *)o + o->gc_size + o->type->dictoffset);
    return NULL;
}

ObjDict *obj_get_dict(VM *vm, Value v, bool create) {
    ObjDict **slot = obj_dict_slot(vm, v);
    if (!slot) return NULL;
    if (!*slot && create) *slot = dict_new(vm);
    return *slot;
}

/* ---- descriptors ------------------------------------------------------- */

static bool is_data_descriptor(VM *vm, Value d) {
    if (!IS_OBJ(d)) return false;
    uint8_t k = AS_OBJ(d)->kind;
    if (k == OK_PROPERTY || k == OK_GETSET) return true;
    if (k == OK_FUNCTION || k == OK_NATIVE || k == OK_STATICMETHOD || k == OK_CLASSMETHOD) return false;
    ObjType *t = AS_OBJ(d)->type;
    if (!(t->tflags & TF_HEAPTYPE)) return false;
    return !IS_NULL(type_lookup(vm, t, vm->s___set__)) || !IS_NULL(type_lookup(vm, t, vm->s___delete__));
}

Value method_new(VM *vm, Value func, Value self) {
    ObjBoundMethod *m = (ObjBoundMethod *)gc_alloc(vm, sizeof(ObjBoundMethod), vm->t_method, OK_BOUND_METHOD);
    m->func = func;
    m->self = self;
    return MAKE_OBJ(m);
}

/* descr.__get__(obj, type) for the built-in descriptor kinds, and the
 * __get__ protocol for user objects. obj VAL_NULL means class access. */
Value descr_get(VM *vm, Value descr, Value obj, ObjType *type) {
    if (!IS_OBJ(descr)) return descr;
    Obj *d = AS_OBJ(descr);
    switch (d->kind) {
    case OK_FUNCTION:
        if (IS_NULL(obj)) return descr;
        return method_new(vm, descr, obj);
    case OK_NATIVE:
        if (IS_NULL(obj) || ((ObjNative *)d)->owner == NULL) return descr;
        return method_new(vm, descr, obj);
    case OK_STATICMETHOD: return ((ObjStaticMethod *)d)->func;
    case OK_CLASSMETHOD: return method_new(vm, ((ObjStaticMethod *)d)->func, MAKE_OBJ(type));
    case OK_PROPERTY: {
        if (IS_NULL(obj)) return descr;
        ObjProperty *p = (ObjProperty *)d;
        if (IS_NULL(p->fget) || IS_NONE(p->fget)) {
            if (IS_STR(p->name))
                return vm_raise(vm, vm->exc_AttributeError, "property '%s' of '%s' object has no getter",
                                AS_STR(p->name)->data, vm_type_of(vm, obj)->qualname->data);
            return vm_raise(vm, vm->exc_AttributeError, "unreadable attribute");
        }
        return vm_call1(vm, p->fget, obj);
    }
    case OK_GETSET: {
        if (IS_NULL(obj)) return descr;
        ObjGetSet *g = (ObjGetSet *)d;
        return g->def->get(vm, obj);
    }
    default: break;
    }
    ObjType *dt = d->type;
    if (!(dt->tflags & TF_HEAPTYPE)) return descr;
    Value get = type_lookup(vm, dt, vm->s___get__);
    if (IS_NULL(get)) return descr;
    Value args[3] = {descr, IS_NULL(obj) ? VAL_NONE : obj, MAKE_OBJ(type)};
    return vm_call(vm, get, args, 3, NULL);
}

static bool has_descr_get(Value d) {
    if (!IS_OBJ(d)) return false;
    uint8_t k = AS_OBJ(d)->kind;
    return k == OK_FUNCTION || k == OK_NATIVE || k == OK_STATICMETHOD || k == OK_CLASSMETHOD ||
           k == OK_PROPERTY || k == OK_GETSET || (AS_OBJ(d)->type->tflags & TF_HEAPTYPE);
}

Value attr_error(VM *vm, Value obj, ObjStr *name) {
    if (IS_TYPE(obj))
        vm_raise(vm, vm->exc_AttributeError, "type object '%s' has no attribute '%s'", AS_TYPE(obj)->name->data,
                 name->data);
    else if (IS_MODULE(obj))
        vm_raise(vm, vm->exc_AttributeError, "module '%s' has no attribute '%s'", AS_MODULE(obj)->name->data,
                 name->data);
    else
        vm_raise(vm, vm->exc_AttributeError, "'%s' object has no attribute '%s'", vm_type_name(vm, obj), name->data);
    if (IS_EXCEPTION(vm->exc)) {
        /* name and obj feed "Did you mean" when the traceback is printed */
        exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(name));
        exc_set_attr(vm, AS_EXCEPTION(vm->exc), "obj", obj);
    }
    return VAL_NULL;
}

/* object.__getattribute__ without the __getattr__ fallback; VAL_NULL with no
 * exception when simply missing (so callers can try __getattr__ cheaply). */
Value generic_getattr(VM *vm, Value obj, ObjStr *name) {
    ObjType *t = vm_type_of(vm, obj);
    Value descr = type_lookup(vm, t, name);
    if (!IS_NULL(descr) && is_data_descriptor(vm, descr)) return descr_get(vm, descr, obj, t);
    ObjDict *d = obj_get_dict(vm, obj, false);
    if (d) {
        Value v = dict_get_str(vm, d, name);
        if (!IS_NULL(v)) return v;
    }
    if (!IS_NULL(descr)) {
        if (has_descr_get(descr)) return descr_get(vm, descr, obj, t);
        return descr;
    }
    return VAL_NULL;
}

/* type.__getattribute__ without raising when missing. */
Value type_getattr(VM *vm, ObjType *type, ObjStr *name) {
    ObjType *meta = type->obj.type;
    Value mdescr = type_lookup(vm, meta, name);
    if (!IS_NULL(mdescr) && is_data_descriptor(vm, mdescr)) return descr_get(vm, mdescr, MAKE_OBJ(type), meta);
    Value v = type_lookup(vm, type, name);
    if (!IS_NULL(v)) {
        if (IS_OBJ(v)) {
            uint8_t k = AS_OBJ(v)->kind;
            if (k == OK_STATICMETHOD) return ((ObjStaticMethod *)AS_OBJ(v))->func;
            if (k == OK_CLASSMETHOD) return method_new(vm, ((ObjStaticMethod *)AS_OBJ(v))->func, MAKE_OBJ(type));
            if (k == OK_FUNCTION || k == OK_NATIVE || k == OK_PROPERTY || k == OK_GETSET) return v;
            if (AS_OBJ(v)->type->tflags & TF_HEAPTYPE) return descr_get(vm, v, VAL_NULL, type);
        }
        return v;
    }
    if (!IS_NULL(mdescr)) {
        if (has_descr_get(mdescr)) return descr_get(vm, mdescr, MAKE_OBJ(type), meta);
        return mdescr;
    }
    return VAL_NULL;
}

/* True when the type overrides __getattribute__ in Coil code. */
static Value user_getattribute(VM *vm, ObjType *t) {
    if (!(t->tflags & TF_HEAPTYPE)) return VAL_NULL;
    Value ga = type_lookup(vm, t, vm->s___getattribute__);
    if (IS_NULL(ga) || IS_NATIVE(ga)) return VAL_NULL;
    return ga;
}

static Value getattr_impl(VM *vm, Value obj, ObjStr *name, bool raise) {
    ObjType *t = vm_type_of(vm, obj);
    Value v;
    Value ga = user_getattribute(vm, t);
    if (!IS_NULL(ga)) {
        Value args[2] = {obj, MAKE_OBJ(name)};
        v = vm_call(vm, ga, args, 2, NULL);
        if (!IS_NULL(v)) return v;
        if (!vm_exc_matches(vm, vm->exc_AttributeError)) return VAL_NULL;
        Value gattr = type_lookup(vm, t, vm->s___getattr__);
        if (IS_NULL(gattr)) {
            if (!raise) vm_clear_exc(vm);
            return VAL_NULL;
        }
        vm_clear_exc(vm);
        return vm_call(vm, gattr, args, 2, NULL);
    }
    if (IS_TYPE(obj)) v = type_getattr(vm, AS_TYPE(obj), name);
    else if (IS_MODULE(obj) && AS_MODULE(obj)->dict) {
        v = dict_get_str(vm, AS_MODULE(obj)->dict, name);
        if (IS_NULL(v)) v = generic_getattr(vm, obj, name);
    } else if (IS_KIND(obj, OK_SUPER)) {
        v = super_getattr(vm, obj, name);
    } else v = generic_getattr(vm, obj, name);
    if (!IS_NULL(v) || vm_has_exc(vm)) {
        if (IS_NULL(v) && vm_exc_matches(vm, vm->exc_AttributeError) && (t->tflags & TF_HEAPTYPE)) {
            Value gattr = type_lookup(vm, t, vm->s___getattr__);
            if (!IS_NULL(gattr)) {
                vm_clear_exc(vm);
                Value args[2] = {obj, MAKE_OBJ(name)};
                return vm_call(vm, gattr, args, 2, NULL);
            }
        }
        return v;
    }
    if (t->tflags & TF_HEAPTYPE) {
        Value gattr = type_lookup(vm, t, vm->s___getattr__);
        if (!IS_NULL(gattr)) {
            Value args[2] = {obj, MAKE_OBJ(name)};
            v = vm_call(vm, gattr, args, 2, NULL);
            if (IS_NULL(v) && !raise && vm_exc_matches(vm, vm->exc_AttributeError)) vm_clear_exc(vm);
            return v;
        }
    }
    if (IS_MODULE(obj) && AS_MODULE(obj)->dict) {
        Value mga = dict_get_str(vm, AS_MODULE(obj)->dict, vm->s___getattr__);
        if (!IS_NULL(mga)) {
            v = vm_call1(vm, mga, MAKE_OBJ(name));
            if (IS_NULL(v) && !raise && vm_exc_matches(vm, vm->exc_AttributeError)) vm_clear_exc(vm);
            return v;
        }
    }
    if (raise) return attr_error(vm, obj, name);
    return VAL_NULL;
}

Value vm_getattr(VM *vm, Value obj, ObjStr *name) { return getattr_impl(vm, obj, name, true); }

Value vm_getattr_opt(VM *vm, Value obj, ObjStr *name) {
    Value v = getattr_impl(vm, obj, name, false);
    if (IS_NULL(v) && vm_exc_matches(vm, vm->exc_AttributeError)) vm_clear_exc(vm);
    return v;
}

static bool descr_set(VM *vm, Value descr, Value obj, Value v, ObjStr *name, ObjType *t) {
    Obj *d = AS_OBJ(descr);
    if (d->kind == OK_PROPERTY) {
        ObjProperty *p = (ObjProperty *)d;
        Value fn = IS_NULL(v) ? p->fdel : p->fset;
        if (IS_NULL(fn) || IS_NONE(fn)) {
            vm_raise(vm, vm->exc_AttributeError, IS_NULL(v) ? "property '%s' of '%s' object has no deleter"
                                                            : "property '%s' of '%s' object has no setter",
                     name->data, t->name->data);
            return false;
        }
        Value r = IS_NULL(v) ? vm_call1(vm, fn, obj) : vm_call2(vm, fn, obj, v);
        return !IS_NULL(r);
    }
    if (d->kind == OK_GETSET) {
        ObjGetSet *g = (ObjGetSet *)d;
        if (!g->def->set) {
            vm_raise(vm, vm->exc_AttributeError, "attribute '%s' of '%s' objects is not writable", name->data,
                     g->owner->name->data);
            return false;
        }
        if (IS_NULL(v)) {
            vm_raise(vm, vm->exc_TypeError, "cannot delete attribute '%s'", name->data);
            return false;
        }
        return g->def->set(vm, obj, v);
    }
    ObjStr *mname = IS_NULL(v) ? vm->s___delete__ : vm->s___set__;
    Value m = type_lookup(vm, d->type, mname);
    if (IS_NULL(m)) {
        vm_raise(vm, vm->exc_AttributeError, IS_NULL(v) ? "__delete__" : "__set__");
        return false;
    }
    Value args[3] = {descr, obj, v};
    return !IS_NULL(vm_call(vm, m, args, IS_NULL(v) ? 2 : 3, NULL));
}

/* object.__setattr__ (v VAL_NULL = delete). */
static bool slot_allowed(VM *vm, ObjType *t, ObjStr *name) {
    for (int64_t i = 0; i < t->mro->len; i++) {
        ObjType *b = AS_TYPE(t->mro->items[i]);
        if (!(b->tflags & TF_SLOTS)) continue;
        Value sl = dict_get_str(vm, b->dict, vm->s___slots__);
        if (IS_STR(sl) && str_equal(AS_STR(sl), name)) return true;
        if (IS_TUPLE(sl) || IS_LIST(sl)) {
            int64_t n = IS_TUPLE(sl) ? AS_TUPLE(sl)->len : AS_LIST(sl)->len;
            Value *it = IS_TUPLE(sl) ? AS_TUPLE(sl)->items : AS_LIST(sl)->items;
            for (int64_t j = 0; j < n; j++)
                if (IS_STR(it[j]) && str_equal(AS_STR(it[j]), name)) return true;
        }
    }
    return false;
}

bool generic_setattr(VM *vm, Value obj, ObjStr *name, Value v) {
    ObjType *t = vm_type_of(vm, obj);
    Value descr = type_lookup(vm, t, name);
    if (!IS_NULL(descr) && is_data_descriptor(vm, descr)) return descr_set(vm, descr, obj, v, name, t);
    if ((t->tflags & TF_SLOTS) && !slot_allowed(vm, t, name)) {
        if (IS_NULL(descr))
            vm_raise(vm, vm->exc_AttributeError, "'%s' object has no attribute '%s'", t->name->data, name->data);
        else
            vm_raise(vm, vm->exc_AttributeError, "'%s' object attribute '%s' is read-only", t->name->data,
                     name->data);
        return false;
    }
    ObjDict **slot = obj_dict_slot(vm, obj);
    if (!slot) {
        if (IS_NULL(descr))
            vm_raise(vm, vm->exc_AttributeError, "'%s' object has no attribute '%s'", t->name->data, name->data);
        else
            vm_raise(vm, vm->exc_AttributeError, "'%s' object attribute '%s' is read-only", t->name->data,
                     name->data);
        return false;
    }
    if (!*slot) *slot = dict_new(vm);
    if (IS_NULL(v)) {
        int r = dict_del(vm, *slot, MAKE_OBJ(name));
        if (r < 0) return false;
        if (r == 0) {
            attr_error(vm, obj, name);
            return false;
        }
        return true;
    }
    dict_set_str(vm, *slot, name, v);
    return true;
}

static bool type_setattr(VM *vm, ObjType *type, ObjStr *name, Value v) {
    ObjType *meta = type->obj.type;
    Value mdescr = type_lookup(vm, meta, name);
    if (!IS_NULL(mdescr) && is_data_descriptor(vm, mdescr)) return descr_set(vm, mdescr, MAKE_OBJ(type), v, name, meta);
    if (type->tflags & TF_BUILTIN) {
        vm_raise(vm, vm->exc_TypeError, "cannot set '%s' attribute of immutable type '%s'", name->data,
                 type->name->data);
        return false;
    }
    if (IS_NULL(v)) {
        int r = dict_del(vm, type->dict, MAKE_OBJ(name));
        if (r <= 0) {
            if (r == 0) vm_raise(vm, vm->exc_AttributeError, "type object '%s' has no attribute '%s'",
                                 type->name->data, name->data);
            return false;
        }
    } else {
        dict_set_str(vm, type->dict, name, v);
    }
    type_modified(vm, type);
    return true;
}

static bool setattr_impl(VM *vm, Value obj, ObjStr *name, Value v) {
    ObjType *t = vm_type_of(vm, obj);
    if (t->tflags & TF_HEAPTYPE) {
        Value sa = type_lookup(vm, t, IS_NULL(v) ? vm->s___delattr__ : vm->s___setattr__);
        if (!IS_NULL(sa) && !IS_NATIVE(sa)) {
            Value args[3] = {obj, MAKE_OBJ(name), v};
            return !IS_NULL(vm_call(vm, sa, args, IS_NULL(v) ? 2 : 3, NULL));
        }
    }
    if (IS_TYPE(obj)) return type_setattr(vm, AS_TYPE(obj), name, v);
    return generic_setattr(vm, obj, name, v);
}

bool vm_setattr(VM *vm, Value obj, ObjStr *name, Value v) { return setattr_impl(vm, obj, name, v); }
bool vm_delattr(VM *vm, Value obj, ObjStr *name) { return setattr_impl(vm, obj, name, VAL_NULL); }

/* ---- object's methods -------------------------------------------------- */

static bool type_overrides(VM *vm, ObjType *t, ObjStr *name, ObjType *owner) {
    Value v = type_lookup(vm, t, name);
    if (IS_NULL(v)) return false;
    if (IS_KIND(v, OK_STATICMETHOD)) v = ((ObjStaticMethod *)AS_OBJ(v))->func;
    return !(IS_NATIVE(v) && AS_NATIVE(v)->owner == owner);
}

static bool excess_args(int nargs, ObjTuple *kwnames) {
    return nargs > 1 || (kwnames && kwnames->len > 0);
}

Value object_alloc(VM *vm, ObjType *cls) {
    uint8_t kind = cls->kind;
    size_t size = cls->basicsize ? cls->basicsize : sizeof(ObjInstance);
    Obj *o = gc_alloc(vm, size, cls, kind);
    return MAKE_OBJ(o);
}

static Value object_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "object.__new__(X): X is not a type object");
    ObjType *cls = AS_TYPE(args[0]);
    if (excess_args(nargs, kwnames)) {
        if (type_overrides(vm, cls, vm->s___new__, vm->t_object))
            return vm_raise(vm, vm->exc_TypeError, "object.__new__() takes exactly one argument (the type to instantiate)");
        if (!type_overrides(vm, cls, vm->s___init__, vm->t_object))
            return vm_raise(vm, vm->exc_TypeError, "%s() takes no arguments", cls->name->data);
    }
    if (cls->kind != OK_INSTANCE && cls->kind != OK_OTHER)
        return vm_raise(vm, vm->exc_TypeError, "object.__new__(%s) is not safe, use %s.__new__()", cls->name->data,
                        cls->name->data);
    if (cls->tflags & TF_BUILTIN && cls != vm->t_object)
        return vm_raise(vm, vm->exc_TypeError, "cannot create '%s' instances", cls->name->data);
    return object_alloc(vm, cls);
}

static Value object_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (excess_args(nargs, kwnames)) {
        ObjType *cls = vm_type_of(vm, args[0]);
        if (type_overrides(vm, cls, vm->s___init__, vm->t_object))
            return vm_raise(vm, vm->exc_TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
        if (!type_overrides(vm, cls, vm->s___new__, vm->t_object))
            return vm_raise(vm, vm->exc_TypeError, "%s() takes no arguments", cls->name->data);
    }
    return VAL_NONE;
}

Value object_default_repr(VM *vm, Value self) {
    ObjType *t = vm_type_of(vm, self);
    const void *addr = IS_OBJ(self) ? (void *)AS_OBJ(self) : (void *)(uintptr_t)self.as.i;
    if (t->module && strcmp(t->module->data, "builtins") != 0)
        return MAKE_OBJ(str_printf(vm, "<%s.%s object at %p>", t->module->data, t->qualname->data, addr));
    return MAKE_OBJ(str_printf(vm, "<%s object at %p>", t->qualname->data, addr));
}

static Value object_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__repr__", nargs, 1, 1)) return VAL_NULL;
    return object_default_repr(vm, args[0]);
}

static Value object_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__str__", nargs, 1, 1)) return VAL_NULL;
    return vm_repr(vm, args[0]);
}

static Value object_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__eq__", nargs, 2, 2)) return VAL_NULL;
    if (val_is(args[0], args[1])) return VAL_TRUE;
    return MAKE_OBJ(vm->not_implemented);
}

static Value object_ne(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__ne__", nargs, 2, 2)) return VAL_NULL;
    bool found;
    Value r = vm_call_dunder(vm, args[0], vm->s___eq__, &args[1], 1, &found);
    if (IS_NULL(r)) return found ? VAL_NULL : MAKE_OBJ(vm->not_implemented);
    if (IS_OBJ(r) && AS_OBJ(r) == vm->not_implemented) return r;
    int t = vm_truthy(vm, r);
    if (t < 0) return VAL_NULL;
    return MAKE_BOOL(!t);
}

static Value object_notimpl(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_OBJ(vm->not_implemented);
}

static Value object_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__hash__", nargs, 1, 1)) return VAL_NULL;
    uintptr_t p = IS_OBJ(args[0]) ? (uintptr_t)AS_OBJ(args[0]) : (uintptr_t)args[0].as.i;
    return MAKE_INT((int64_t)((p >> 4) | (p << 60)) & INT64_MAX);
}

static Value object_getattribute(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__getattribute__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "attribute name must be string, not '%s'", vm_type_name(vm, args[1]));
    ObjStr *name = str_intern(vm, AS_STR(args[1])->data, (size_t)AS_STR(args[1])->len);
    Value v = IS_TYPE(args[0]) ? type_getattr(vm, AS_TYPE(args[0]), name) : generic_getattr(vm, args[0], name);
    if (IS_NULL(v) && !vm_has_exc(vm)) return attr_error(vm, args[0], name);
    return v;
}

static Value object_setattr_m(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__setattr__", nargs, 3, 3)) return VAL_NULL;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "attribute name must be string, not '%s'", vm_type_name(vm, args[1]));
    ObjStr *name = str_intern(vm, AS_STR(args[1])->data, (size_t)AS_STR(args[1])->len);
    bool ok = IS_TYPE(args[0]) ? type_setattr(vm, AS_TYPE(args[0]), name, args[2])
                               : generic_setattr(vm, args[0], name, args[2]);
    return ok ? VAL_NONE : VAL_NULL;
}

static Value object_delattr_m(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__delattr__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "attribute name must be string, not '%s'", vm_type_name(vm, args[1]));
    ObjStr *name = str_intern(vm, AS_STR(args[1])->data, (size_t)AS_STR(args[1])->len);
    bool ok = IS_TYPE(args[0]) ? type_setattr(vm, AS_TYPE(args[0]), name, VAL_NULL)
                               : generic_setattr(vm, args[0], name, VAL_NULL);
    return ok ? VAL_NONE : VAL_NULL;
}

static Value object_format(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__format__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "__format__() argument must be str, not %s", vm_type_name(vm, args[1]));
    if (AS_STR(args[1])->len > 0)
        return vm_raise(vm, vm->exc_TypeError, "unsupported format string passed to %s.__format__",
                        vm_type_name(vm, args[0]));
    return vm_str(vm, args[0]);
}

static Value object_init_subclass(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 1 || (kw && kw->len))
        return vm_raise(vm, vm->exc_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                        nargs ? AS_TYPE(args[0])->name->data : "object");
    return VAL_NONE;
}

static int cmp_str_values(const void *a, const void *b) {
    const Value *x = a, *y = b;
    return strcmp(AS_STR(*x)->data, AS_STR(*y)->data);
}

static void add_keys(VM *vm, ObjDict *into, ObjDict *from) {
    if (!from) return;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(from, &pos, &k, &v)) dict_set(vm, into, k, VAL_NONE);
}

/* dir() list: sorted keys of the instance dict and the type's MRO. */
Value object_dir_list(VM *vm, Value obj) {
    ObjDict *keys = dict_new(vm);
    if (IS_MODULE(obj)) {
        add_keys(vm, keys, AS_MODULE(obj)->dict);
    } else {
        add_keys(vm, keys, obj_get_dict(vm, obj, false));
        ObjType *t = IS_TYPE(obj) ? AS_TYPE(obj) : vm_type_of(vm, obj);
        for (int64_t i = 0; i < t->mro->len; i++) add_keys(vm, keys, AS_TYPE(t->mro->items[i])->dict);
    }
    ObjList *l = list_new(vm, 0);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(keys, &pos, &k, &v))
        if (IS_STR(k)) list_append(vm, l, k);
    qsort(l->items, (size_t)l->len, sizeof(Value), cmp_str_values);
    return MAKE_OBJ(l);
}

static Value object_dir(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__dir__", nargs, 1, 1)) return VAL_NULL;
    return object_dir_list(vm, args[0]);
}

static Value object_reduce_ex(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return vm_raise(vm, vm->exc_TypeError, "cannot pickle '%s' object", vm_type_name(vm, args[0]));
}

static Value object_get_class(VM *vm, Value self) { return MAKE_OBJ(vm_type_of(vm, self)); }

static bool object_set_class(VM *vm, Value self, Value v) {
    if (!IS_TYPE(v)) {
        vm_raise(vm, vm->exc_TypeError, "__class__ must be set to a class, not '%s' object", vm_type_name(vm, v));
        return false;
    }
    ObjType *nt = AS_TYPE(v), *ot = vm_type_of(vm, self);
    if (!IS_OBJ(self) || !(nt->tflags & TF_HEAPTYPE) || !(ot->tflags & TF_HEAPTYPE) || nt->kind != ot->kind ||
        nt->basicsize != ot->basicsize) {
        vm_raise(vm, vm->exc_TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return false;
    }
    AS_OBJ(self)->type = nt;
    return true;
}

static Value object_get_dict(VM *vm, Value self) {
    /* instances of __slots__ classes keep their slots in a hidden dict */
    ObjDict *d = (vm_type_of(vm, self)->tflags & TF_SLOTS) ? NULL : obj_get_dict(vm, self, true);
    if (!d)
        return vm_raise(vm, vm->exc_AttributeError, "'%s' object has no attribute '__dict__'", vm_type_name(vm, self));
    return MAKE_OBJ(d);
}

static bool object_set_dict(VM *vm, Value self, Value v) {
    ObjDict **slot = obj_dict_slot(vm, self);
    if (!slot) {
        vm_raise(vm, vm->exc_AttributeError, "'%s' object has no attribute '__dict__'", vm_type_name(vm, self));
        return false;
    }
    if (!IS_DICT(v)) {
        vm_raise(vm, vm->exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'", vm_type_name(vm, v));
        return false;
    }
    *slot = AS_DICT(v);
    return true;
}

static const MethodDef object_methods[] = {
    {"__new__", object_new, METH_STATIC | METH_KW, NULL},
    {"__init__", object_init, METH_KW, NULL},
    {"__repr__", object_repr, 0, NULL},
    {"__str__", object_str, 0, NULL},
    {"__eq__", object_eq, 0, NULL},
    {"__ne__", object_ne, 0, NULL},
    {"__lt__", object_notimpl, 0, NULL},
    {"__le__", object_notimpl, 0, NULL},
    {"__gt__", object_notimpl, 0, NULL},
    {"__ge__", object_notimpl, 0, NULL},
    {"__hash__", object_hash, 0, NULL},
    {"__getattribute__", object_getattribute, 0, NULL},
    {"__setattr__", object_setattr_m, 0, NULL},
    {"__delattr__", object_delattr_m, 0, NULL},
    {"__format__", object_format, 0, NULL},
    {"__dir__", object_dir, 0, NULL},
    {"__init_subclass__", object_init_subclass, METH_CLASS | METH_KW, NULL},
    {"__reduce_ex__", object_reduce_ex, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef object_getsets[] = {
    {"__class__", object_get_class, object_set_class},
    {NULL, NULL, NULL},
};

static const GetSetDef instance_dict_getsets[] = {
    {"__dict__", object_get_dict, object_set_dict},
    {NULL, NULL, NULL},
};

/* ---- None, NotImplemented, Ellipsis ------------------------------------ */

static Value none_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) { return MAKE_OBJ(str_intern_cstr(vm, "None")); }
static Value none_bool(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_FALSE; }
static Value none_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 1 || (kw && kw->len)) return vm_raise(vm, vm->exc_TypeError, "NoneType takes no arguments");
    return VAL_NONE;
}
static Value notimpl_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_OBJ(str_intern_cstr(vm, "NotImplemented"));
}
static Value ellipsis_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return MAKE_OBJ(str_intern_cstr(vm, "Ellipsis"));
}
static Value notimpl_bool(VM *vm, Value *args, int nargs, ObjTuple *kw) { return VAL_TRUE; }

static const MethodDef none_methods[] = {
    {"__repr__", none_repr, 0, NULL},
    {"__bool__", none_bool, 0, NULL},
    {"__new__", none_new, METH_STATIC | METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef notimpl_methods[] = {
    {"__repr__", notimpl_repr, 0, NULL},
    {"__bool__", notimpl_bool, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef ellipsis_methods[] = {
    {"__repr__", ellipsis_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- bootstrap --------------------------------------------------------- */

void object_bootstrap(VM *vm) {
    /* type and object first: every other object points at a type. */
    ObjType *type_t = (ObjType *)gc_alloc(vm, sizeof(ObjType), NULL, OK_TYPE);
    type_t->obj.type = type_t;
    vm->t_type = type_t;
    register_builtin_type(vm, type_t);
    type_t->kind = OK_TYPE;
    type_t->basicsize = sizeof(ObjType);
    type_t->tflags = TF_BUILTIN | TF_BASETYPE;
    vm->t_object = type_alloc_raw(vm, NULL, OK_INSTANCE, sizeof(ObjInstance), TF_BASETYPE);
    type_t->base = vm->t_object;
    vm->t_str = type_alloc_raw(vm, vm->t_object, OK_STR, sizeof(ObjStr), TF_BASETYPE);
    vm->t_dict = type_alloc_raw(vm, vm->t_object, OK_DICT, sizeof(ObjDict), TF_BASETYPE);
    vm->t_tuple = type_alloc_raw(vm, vm->t_object, OK_TUPLE, sizeof(ObjTuple), TF_BASETYPE);
    vm->t_builtin_function = type_alloc_raw(vm, vm->t_object, OK_NATIVE, sizeof(ObjNative), 0);
    vm->t_staticmethod = type_alloc_raw(vm, vm->t_object, OK_STATICMETHOD, sizeof(ObjStaticMethod), TF_BASETYPE);
    vm->t_classmethod = type_alloc_raw(vm, vm->t_object, OK_CLASSMETHOD, sizeof(ObjStaticMethod), TF_BASETYPE);
    vm->t_getset = type_alloc_raw(vm, vm->t_object, OK_GETSET, sizeof(ObjGetSet), 0);
    /* Now strings, dicts and tuples can be made. */
    type_finish_builtin(vm, vm->t_object, "object");
    type_finish_builtin(vm, type_t, "type");
    type_finish_builtin(vm, vm->t_str, "str");
    type_finish_builtin(vm, vm->t_dict, "dict");
    type_finish_builtin(vm, vm->t_tuple, "tuple");
    type_finish_builtin(vm, vm->t_builtin_function, "builtin_function_or_method");
    type_finish_builtin(vm, vm->t_staticmethod, "staticmethod");
    type_finish_builtin(vm, vm->t_classmethod, "classmethod");
    type_finish_builtin(vm, vm->t_getset, "getset_descriptor");
    type_t->dictoffset = 0;

#define X(name) vm->s_##name = str_intern_cstr(vm, #name);
    COIL_NAMES(X)
#undef X

    vm->t_none = type_new_builtin(vm, "NoneType", NULL, OK_OTHER, sizeof(Obj), NULL, NULL, 0);
    vm->t_int = type_new_builtin(vm, "int", NULL, OK_BIGINT, 0, NULL, NULL, 0);
    vm->t_bool = type_new_builtin(vm, "bool", vm->t_int, OK_BIGINT, 0, NULL, NULL, 0);
    vm->t_float = type_new_builtin(vm, "float", NULL, OK_OTHER, 0, NULL, NULL, 0);
    vm->t_bytes = type_new_builtin(vm, "bytes", NULL, OK_BYTES, sizeof(ObjBytes), NULL, NULL, TF_BASETYPE);
    vm->t_bytearray = type_new_builtin(vm, "bytearray", NULL, OK_BYTES, sizeof(ObjBytes), NULL, NULL, 0);
    vm->t_list = type_new_builtin(vm, "list", NULL, OK_LIST, sizeof(ObjList), NULL, NULL, TF_BASETYPE);
    vm->t_set = type_new_builtin(vm, "set", NULL, OK_SET, sizeof(ObjSet), NULL, NULL, TF_BASETYPE);
    vm->t_frozenset = type_new_builtin(vm, "frozenset", NULL, OK_SET, sizeof(ObjSet), NULL, NULL, TF_BASETYPE);
    vm->t_range = type_new_builtin(vm, "range", NULL, OK_RANGE, sizeof(ObjRange), NULL, NULL, 0);
    vm->t_slice = type_new_builtin(vm, "slice", NULL, OK_SLICE, sizeof(ObjSlice), NULL, NULL, 0);
    vm->t_function = type_new_builtin(vm, "function", NULL, OK_FUNCTION, sizeof(ObjFunction), NULL, NULL, 0);
    vm->t_function->dictoffset = offsetof(ObjFunction, dict);
    vm->t_method = type_new_builtin(vm, "method", NULL, OK_BOUND_METHOD, sizeof(ObjBoundMethod), NULL, NULL, 0);
    vm->t_cell = type_new_builtin(vm, "cell", NULL, OK_CELL, sizeof(ObjCell), NULL, NULL, 0);
    vm->t_code = type_new_builtin(vm, "code", NULL, OK_CODE, sizeof(ObjCode), NULL, NULL, 0);
    vm->t_module = type_new_builtin(vm, "module", NULL, OK_MODULE, sizeof(ObjModule), NULL, NULL, TF_BASETYPE);
    vm->t_module->dictoffset = offsetof(ObjModule, dict);
    vm->t_property = type_new_builtin(vm, "property", NULL, OK_PROPERTY, sizeof(ObjProperty), NULL, NULL, TF_BASETYPE);
    vm->t_super = type_new_builtin(vm, "super", NULL, OK_SUPER, sizeof(ObjSuper), NULL, NULL, TF_BASETYPE);
    vm->t_generator = type_new_builtin(vm, "generator", NULL, OK_GENERATOR, 0, NULL, NULL, 0);
    vm->t_coroutine = type_new_builtin(vm, "coroutine", NULL, OK_GENERATOR, 0, NULL, NULL, 0);
    vm->t_async_generator = type_new_builtin(vm, "async_generator", NULL, OK_GENERATOR, 0, NULL, NULL, 0);
    vm->t_notimplemented = type_new_builtin(vm, "NotImplementedType", NULL, OK_OTHER, sizeof(Obj), NULL, NULL, 0);
    vm->t_ellipsis = type_new_builtin(vm, "ellipsis", NULL, OK_OTHER, sizeof(Obj), NULL, NULL, 0);
    vm->not_implemented = gc_alloc(vm, sizeof(Obj), vm->t_notimplemented, OK_OTHER);
    vm->ellipsis = gc_alloc(vm, sizeof(Obj), vm->t_ellipsis, OK_OTHER);

    exc_types_create(vm);

    type_add_methods(vm, vm->t_object, object_methods);
    type_add_getsets(vm, vm->t_object, object_getsets);
    type_add_methods(vm, vm->t_none, none_methods);
    type_add_methods(vm, vm->t_notimplemented, notimpl_methods);
    type_add_methods(vm, vm->t_ellipsis, ellipsis_methods);
    instance_dict_getset_install(vm, NULL);
}

/* Exception types from COIL_EXCEPTIONS: bases come first in that list. */
static ObjType *find_exc_type(VM *vm, const char *name) {
    for (int i = vm->nbuiltin_types - 1; i >= 0; i--) {
        ObjType *t = vm->builtin_types[i];
        if ((t->tflags & TF_EXCEPTION) && strcmp(t->name->data, name) == 0) return t;
    }
    return NULL;
}

void exc_types_create(VM *vm) {
#define X(name, base)                                                                               \
    vm->exc_##name = type_new_builtin(vm, #name, strcmp(#base, "NULL") == 0 ? vm->t_object : find_exc_type(vm, #base), \
                                      OK_EXCEPTION, sizeof(ObjException), NULL, NULL, TF_BASETYPE | TF_EXCEPTION); \
    vm->exc_##name->dictoffset = offsetof(ObjException, dict);
    COIL_EXCEPTIONS(X)
#undef X
}

/* Heap types whose instances carry a dict expose __dict__. */
void instance_dict_getset_install(VM *vm, ObjType *t) {
    if (!t) return;
    type_add_getsets(vm, t, instance_dict_getsets);
}
