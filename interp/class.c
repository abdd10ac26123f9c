/* class.c: classes: the class statement (__build_class__), type(...)
 * creation with C3 linearisation, type's own methods, calling a type, and
 * super().
 *
 * A heap type takes its C layout (kind, basicsize) from its "solid base"
 * and adds a per-instance dict pointer after it when the base has none.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "exception.h"
#include "func.h"
#include "object_impl.h"
#include "union.h"
#include "str.h"
#include "vm.h"

/* ---- C3 MRO ------------------------------------------------------------ */

static bool seq_contains_tail(ObjTuple **seqs, int *heads, int n, Value cand) {
    for (int i = 0; i < n; i++) {
        ObjTuple *s = seqs[i];
        for (int64_t j = heads[i] + 1; j < s->len; j++)
            if (AS_OBJ(s->items[j]) == AS_OBJ(cand)) return true;
    }
    return false;
}

static ObjTuple *compute_mro(VM *vm, ObjType *t, ObjTuple *bases) {
    int n = (int)bases->len + 1;
    ObjTuple **seqs = malloc(sizeof(ObjTuple *) * (size_t)n);
    int *heads = calloc((size_t)n, sizeof(int));
    for (int64_t i = 0; i < bases->len; i++) seqs[i] = AS_TYPE(bases->items[i])->mro;
    seqs[n - 1] = bases;
    ObjList *out = list_new(vm, 0);
    list_append(vm, out, MAKE_OBJ(t));
    for (;;) {
        bool empty = true;
        Value cand = VAL_NULL;
        for (int i = 0; i < n; i++) {
            if (heads[i] >= seqs[i]->len) continue;
            empty = false;
            Value c = seqs[i]->items[heads[i]];
            if (!seq_contains_tail(seqs, heads, n, c)) {
                cand = c;
                break;
            }
        }
        if (empty) break;
        if (IS_NULL(cand)) {
            StrBuf b;
            strbuf_init(&b);
            strbuf_add_cstr(&b, "Cannot create a consistent method resolution\norder (MRO) for bases");
            /* CPython names the distinct heads the merge got stuck on */
            int shown = 0;
            for (int i = 0; i < n; i++) {
                if (heads[i] >= seqs[i]->len) continue;
                Value h = seqs[i]->items[heads[i]];
                bool dup = false;
                for (int j = 0; j < i; j++)
                    if (heads[j] < seqs[j]->len && AS_OBJ(seqs[j]->items[heads[j]]) == AS_OBJ(h)) dup = true;
                if (dup) continue;
                strbuf_add_cstr(&b, shown++ ? ", " : " ");
                strbuf_add_str(&b, AS_TYPE(h)->name);
            }
            ObjStr *msg = strbuf_finish(vm, &b);
            vm_raise(vm, vm->exc_TypeError, "%s", msg->data);
            free(seqs);
            free(heads);
            return NULL;
        }
        list_append(vm, out, cand);
        for (int i = 0; i < n; i++)
            if (heads[i] < seqs[i]->len && AS_OBJ(seqs[i]->items[heads[i]]) == AS_OBJ(cand)) heads[i]++;
    }
    free(seqs);
    free(heads);
    return tuple_from(vm, out->items, out->len);
}

/* The base whose C layout instances use. */
/* The base whose C layout t's instances have: heap types and built-in
 * types that add nothing to their base's layout (the exception classes)
 * share their base's, as in CPython. */
static ObjType *solid_base(ObjType *t) {
    while (t->base && ((t->tflags & TF_HEAPTYPE) ||
                       (t->basicsize == t->base->basicsize && t->kind == t->base->kind &&
                        t->dictoffset == t->base->dictoffset)))
        t = t->base;
    return t;
}

static bool layout_extends(ObjType *a, ObjType *b) {
    /* does layout a include layout b? */
    for (ObjType *t = a; t; t = t->base)
        if (t == b) return true;
    return false;
}

Value type_create(VM *vm, ObjType *meta, ObjStr *name, ObjTuple *bases, ObjDict *ns, ObjTuple *kwnames,
                  Value *kwvalues) {
    if (bases->len == 0) {
        bases = tuple_new(vm, 1);
        bases->items[0] = MAKE_OBJ(vm->t_object);
    }
    ObjType *best = NULL;
    for (int64_t i = 0; i < bases->len; i++) {
        Value b = bases->items[i];
        if (!IS_TYPE(b)) {
            return vm_raise(vm, vm->exc_TypeError, "bases must be types");
        }
        ObjType *bt = AS_TYPE(b);
        if (!(bt->tflags & TF_BASETYPE) && !(bt->tflags & TF_HEAPTYPE))
            return vm_raise(vm, vm->exc_TypeError, "type '%s' is not an acceptable base type", bt->name->data);
        for (int64_t j = 0; j < i; j++)
            if (AS_OBJ(bases->items[j]) == AS_OBJ(b))
                return vm_raise(vm, vm->exc_TypeError, "duplicate base class %s", bt->name->data);
        ObjType *sb = solid_base(bt);
        if (!best) best = bt;
        else {
            ObjType *cur = solid_base(best);
            if (layout_extends(sb, cur)) best = bt;
            else if (!layout_extends(cur, sb))
                return vm_raise(vm, vm->exc_TypeError, "multiple bases have instance lay-out conflict");
        }
    }
    ObjType *t = (ObjType *)gc_alloc(vm, sizeof(ObjType), meta, OK_TYPE);
    t->name = name;
    t->qualname = name;
    t->bases = bases;
    t->base = best;
    t->tflags = TF_HEAPTYPE | TF_BASETYPE | (best->tflags & TF_EXCEPTION);
    t->kind = best->kind;
    t->basicsize = best->basicsize;
    t->dictoffset = best->dictoffset;
    t->trace = best->trace;
    t->free = best->free;
    t->iternext = NULL;
    for (int64_t i = 0; i < bases->len; i++) {
        ObjType *bt = AS_TYPE(bases->items[i]);
        if (bt->iternext && !t->iternext) t->iternext = bt->iternext;
    }
    if (t->kind == OK_INSTANCE) {
        t->basicsize = sizeof(ObjInstance);
        t->dictoffset = offsetof(ObjInstance, dict);
    } else if (t->dictoffset == 0) {
        t->dictoffset = (int32_t)((t->basicsize + 7) & ~7u);
        t->basicsize = (uint32_t)t->dictoffset + sizeof(ObjDict *);
    }
    t->version = ++vm->next_type_version;
    t->dict = dict_copy(vm, ns);
    t->mro = compute_mro(vm, t, bases);
    if (!t->mro) return VAL_NULL;
    /* an iterator written in Coil should not inherit a C next slot */
    if (!IS_NULL(type_lookup(vm, t, vm->s___next__)) &&
        !IS_NATIVE(type_lookup(vm, t, vm->s___next__)))
        t->iternext = NULL;

    Value mod = dict_get_str(vm, t->dict, vm->s___module__);
    if (IS_NULL(mod)) {
        Value g = vm_globals(vm);
        if (IS_DICT(g)) {
            Value mn = dict_get_str(vm, AS_DICT(g), vm->s___name__);
            if (!IS_NULL(mn)) dict_set_str(vm, t->dict, vm->s___module__, mn);
        }
        mod = dict_get_str(vm, t->dict, vm->s___module__);
    }
    t->module = (!IS_NULL(mod) && IS_STR(mod)) ? AS_STR(mod) : str_intern_cstr(vm, "builtins");
    Value qn = dict_get_str(vm, t->dict, vm->s___qualname__);
    if (!IS_NULL(qn)) {
        if (!IS_STR(qn))
            return vm_raise(vm, vm->exc_TypeError, "type __qualname__ must be a str, not %s", vm_type_name(vm, qn));
        t->qualname = AS_STR(qn);
        dict_del(vm, t->dict, MAKE_OBJ(vm->s___qualname__));
    }
    if (IS_NULL(dict_get_str(vm, t->dict, vm->s___doc__))) dict_set_str(vm, t->dict, vm->s___doc__, VAL_NONE);
    /* __new__ is an implicit staticmethod, __init_subclass__ and
     * __class_getitem__ implicit classmethods. */
    Value nw = dict_get_str(vm, t->dict, vm->s___new__);
    if (!IS_NULL(nw) && IS_FUNCTION(nw)) {
        ObjStaticMethod *sm = (ObjStaticMethod *)gc_alloc(vm, sizeof(ObjStaticMethod), vm->t_staticmethod, OK_STATICMETHOD);
        sm->func = nw;
        dict_set_str(vm, t->dict, vm->s___new__, MAKE_OBJ(sm));
    }
    ObjStr *cm_names[2] = {vm->s___init_subclass__, vm->s___class_getitem__};
    for (int i = 0; i < 2; i++) {
        Value f = dict_get_str(vm, t->dict, cm_names[i]);
        if (!IS_NULL(f) && IS_FUNCTION(f)) {
            ObjStaticMethod *cm = (ObjStaticMethod *)gc_alloc(vm, sizeof(ObjStaticMethod), vm->t_classmethod, OK_CLASSMETHOD);
            cm->func = f;
            dict_set_str(vm, t->dict, cm_names[i], MAKE_OBJ(cm));
        }
    }
    /* Defining __eq__ without __hash__ makes instances unhashable. */
    if (!IS_NULL(dict_get_str(vm, t->dict, vm->s___eq__)) && IS_NULL(dict_get_str(vm, t->dict, vm->s___hash__)))
        dict_set_str(vm, t->dict, vm->s___hash__, VAL_NONE);
    if (t->kind == OK_INSTANCE && IS_NULL(type_lookup(vm, t, vm->s___dict__)))
        instance_dict_getset_install(vm, t);
    else if (t->kind != OK_INSTANCE && IS_NULL(dict_get_str(vm, t->dict, vm->s___dict__)))
        instance_dict_getset_install(vm, t);
    Value cell = dict_get_str(vm, t->dict, vm->s___classcell__);
    if (!IS_NULL(cell)) {
        if (IS_KIND(cell, OK_CELL)) AS_CELL(cell)->value = MAKE_OBJ(t);
        dict_del(vm, t->dict, MAKE_OBJ(vm->s___classcell__));
    }
    /* __slots__: instances keep a dict internally, but only the slot names
     * may be set (CPython's layout has no dict at all) */
    {
        Value sl = dict_get_str(vm, t->dict, vm->s___slots__);
        bool slots = !IS_NULL(sl);
        if (slots && IS_STR(sl) && strcmp(AS_STR(sl)->data, "__dict__") == 0) slots = false;
        if (slots && (IS_TUPLE(sl) || IS_LIST(sl))) {
            int64_t n = IS_TUPLE(sl) ? AS_TUPLE(sl)->len : AS_LIST(sl)->len;
            Value *it = IS_TUPLE(sl) ? AS_TUPLE(sl)->items : AS_LIST(sl)->items;
            for (int64_t i = 0; i < n; i++)
                if (IS_STR(it[i]) && strcmp(AS_STR(it[i])->data, "__dict__") == 0) slots = false;
        }
        for (int64_t i = 1; slots && i < t->mro->len; i++) {
            ObjType *b = AS_TYPE(t->mro->items[i]);
            if (b != vm->t_object && !(b->tflags & TF_SLOTS)) slots = false;
        }
        if (slots) t->tflags |= TF_SLOTS;
    }
    /* the dict was filled in above without type_modified */
    vm->type_epoch++;
    /* __set_name__ on attributes */
    int64_t pos = 0;
    Value k, v;
    ObjList *setnames = NULL;
    while (dict_next(t->dict, &pos, &k, &v)) {
        /* property's __set_name__: it learns its name for error messages */
        if (IS_KIND(v, OK_PROPERTY) && IS_NULL(((ObjProperty *)AS_OBJ(v))->name)) ((ObjProperty *)AS_OBJ(v))->name = k;
        if (!IS_OBJ(v) || !(AS_OBJ(v)->type->tflags & TF_HEAPTYPE)) continue;
        Value sn = type_lookup(vm, AS_OBJ(v)->type, vm->s___set_name__);
        if (IS_NULL(sn)) continue;
        if (!setnames) setnames = list_new(vm, 0);
        list_append(vm, setnames, sn);
        list_append(vm, setnames, v);
        list_append(vm, setnames, k);
    }
    gc_push_root(vm, MAKE_OBJ(t));
    if (setnames) {
        gc_push_root(vm, MAKE_OBJ(setnames));
        for (int64_t i = 0; i < setnames->len; i += 3) {
            Value args[3] = {setnames->items[i + 1], MAKE_OBJ(t), setnames->items[i + 2]};
            if (IS_NULL(vm_call(vm, setnames->items[i], args, 3, NULL))) {
                gc_pop_roots(vm, 2);
                return VAL_NULL;
            }
        }
        gc_pop_roots(vm, 1);
    }
    /* super().__init_subclass__(**kwds) on the parent */
    ObjType *parent = AS_TYPE(t->mro->items[1]);
    Value isc = type_getattr(vm, parent, vm->s___init_subclass__);
    if (!IS_NULL(isc)) {
        Value bound;
        if (IS_KIND(isc, OK_BOUND_METHOD)) bound = method_new(vm, AS_OBJ(isc) ? ((ObjBoundMethod *)AS_OBJ(isc))->func : isc, MAKE_OBJ(t));
        else bound = method_new(vm, isc, MAKE_OBJ(t));
        int nkw = kwnames ? (int)kwnames->len : 0;
        /* keywords only: kwvalues holds the values kwnames names */
        Value r = vm_call(vm, bound, kwvalues, 0, nkw ? kwnames : NULL);
        if (IS_NULL(r)) {
            gc_pop_roots(vm, 1);
            return VAL_NULL;
        }
    }
    gc_pop_roots(vm, 1);
    return MAKE_OBJ(t);
}

/* ---- calling a type ---------------------------------------------------- */

Value type_call(VM *vm, ObjType *cls, Value *args, int nargs, ObjTuple *kwnames) {
    if (cls == vm->t_type && nargs == 1 && (!kwnames || kwnames->len == 0))
        return MAKE_OBJ(vm_type_of(vm, args[0]));
    Value nw = type_lookup(vm, cls, vm->s___new__);
    if (IS_NULL(nw)) return vm_raise(vm, vm->exc_TypeError, "cannot create '%s' instances", cls->name->data);
    if (IS_KIND(nw, OK_STATICMETHOD)) nw = ((ObjStaticMethod *)AS_OBJ(nw))->func;
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value *full = malloc(sizeof(Value) * (size_t)(nargs + nkw + 1));
    full[0] = MAKE_OBJ(cls);
    if (nargs + nkw > 0) memcpy(full + 1, args, sizeof(Value) * (size_t)(nargs + nkw));
    Value obj = vm_call(vm, nw, full, nargs + 1, kwnames);
    if (IS_NULL(obj)) {
        free(full);
        return VAL_NULL;
    }
    if (cls == vm->t_type && nargs == 1) {
        free(full);
        return obj;
    }
    if (!vm_isinstance(vm, obj, cls)) {
        free(full);
        return obj;
    }
    Value init = type_lookup(vm, vm_type_of(vm, obj), vm->s___init__);
    if (!IS_NULL(init)) {
        gc_push_root(vm, obj);
        full[0] = obj;
        Value r = vm_call(vm, init, full, nargs + 1, kwnames);
        gc_pop_roots(vm, 1);
        if (IS_NULL(r)) {
            free(full);
            return VAL_NULL;
        }
        if (!IS_NONE(r)) {
            free(full);
            return vm_raise(vm, vm->exc_TypeError, "__init__() should return None, not '%s'", vm_type_name(vm, r));
        }
    }
    free(full);
    return obj;
}

static Value type_m_call(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0])) return vm_raise(vm, vm->exc_TypeError, "descriptor '__call__' requires a 'type' object");
    return type_call(vm, AS_TYPE(args[0]), args + 1, nargs - 1, kwnames);
}

static Value type_m_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    /* type.__new__(meta, name, bases, ns, **kw) */
    if (nargs == 2 && (!kwnames || kwnames->len == 0)) return MAKE_OBJ(vm_type_of(vm, args[1]));
    if (nargs != 4)
        return vm_raise(vm, vm->exc_TypeError, "type() takes 1 or 3 arguments");
    if (!IS_TYPE(args[0])) return vm_raise(vm, vm->exc_TypeError, "type.__new__(X): X is not a type object");
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "type.__new__() argument 1 must be str, not %s", vm_type_name(vm, args[1]));
    if (!IS_TUPLE(args[2]))
        return vm_raise(vm, vm->exc_TypeError, "type.__new__() argument 2 must be tuple, not %s", vm_type_name(vm, args[2]));
    if (!IS_DICT(args[3]))
        return vm_raise(vm, vm->exc_TypeError, "type.__new__() argument 3 must be dict, not %s", vm_type_name(vm, args[3]));
    ObjStr *name = str_intern(vm, AS_STR(args[1])->data, (size_t)AS_STR(args[1])->len);
    return type_create(vm, AS_TYPE(args[0]), name, AS_TUPLE(args[2]), AS_DICT(args[3]), kwnames, args + nargs);
}

static Value type_m_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) { return VAL_NONE; }

static Value type_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *t = AS_TYPE(args[0]);
    if (t->module && strcmp(t->module->data, "builtins") != 0)
        return MAKE_OBJ(str_printf(vm, "<class '%s.%s'>", t->module->data, t->qualname->data));
    return MAKE_OBJ(str_printf(vm, "<class '%s'>", t->qualname->data));
}

static Value type_m_mro(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *t = AS_TYPE(args[0]);
    ObjList *l = list_new(vm, 0);
    for (int64_t i = 0; i < t->mro->len; i++) list_append(vm, l, t->mro->items[i]);
    return MAKE_OBJ(l);
}

static Value type_m_subclasses(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *t = AS_TYPE(args[0]);
    ObjList *l = list_new(vm, 0);
    /* the collector's array is oldest first, CPython's order; list_append
     * may grow the array, so index it afresh each time */
    size_t n = vm->gc.nall;
    for (size_t k = 0; k < n; k++) {
        Obj *o = vm->gc.all[k];
        if (o->kind != OK_TYPE) continue;
        ObjType *s = (ObjType *)o;
        if (!s->bases) continue;
        for (int64_t i = 0; i < s->bases->len; i++)
            if (AS_OBJ(s->bases->items[i]) == (Obj *)t) list_append(vm, l, MAKE_OBJ(s));
    }
    return MAKE_OBJ(l);
}

static Value type_m_instancecheck(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (!vm_check_args(vm, "__instancecheck__", nargs, 2, 2)) return VAL_NULL;
    return MAKE_BOOL(vm_isinstance(vm, args[1], AS_TYPE(args[0])));
}

static Value type_m_subclasscheck(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (!vm_check_args(vm, "__subclasscheck__", nargs, 2, 2)) return VAL_NULL;
    if (!IS_TYPE(args[1])) return vm_raise(vm, vm->exc_TypeError, "issubclass() arg 1 must be a class");
    return MAKE_BOOL(type_is_subtype(AS_TYPE(args[1]), AS_TYPE(args[0])));
}

static Value type_m_dir(VM *vm, Value *args, int nargs, ObjTuple *kwnames) { return object_dir_list(vm, args[0]); }

static Value type_get_name(VM *vm, Value self) { return MAKE_OBJ(AS_TYPE(self)->name); }
static bool type_set_name(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "can only assign string to %s.__name__, not '%s'", AS_TYPE(self)->name->data,
                 vm_type_name(vm, v));
        return false;
    }
    AS_TYPE(self)->name = AS_STR(v);
    return true;
}
static Value type_get_qualname(VM *vm, Value self) { return MAKE_OBJ(AS_TYPE(self)->qualname); }
static bool type_set_qualname(VM *vm, Value self, Value v) {
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "can only assign string to %s.__qualname__, not '%s'",
                 AS_TYPE(self)->name->data, vm_type_name(vm, v));
        return false;
    }
    AS_TYPE(self)->qualname = AS_STR(v);
    return true;
}
static Value type_get_module(VM *vm, Value self) {
    ObjType *t = AS_TYPE(self);
    if (t->tflags & TF_HEAPTYPE) {
        Value m = dict_get_str(vm, t->dict, vm->s___module__);
        if (!IS_NULL(m)) return m;
    }
    return MAKE_OBJ(t->module);
}
static bool type_set_module(VM *vm, Value self, Value v) {
    ObjType *t = AS_TYPE(self);
    if (!(t->tflags & TF_HEAPTYPE)) {
        vm_raise(vm, vm->exc_TypeError, "cannot set '__module__' attribute of immutable type '%s'", t->name->data);
        return false;
    }
    if (IS_NULL(v)) {
        vm_raise(vm, vm->exc_TypeError, "cannot delete '__module__' attribute of immutable type '%s'", t->name->data);
        return false;
    }
    dict_set_str(vm, t->dict, vm->s___module__, v);
    if (IS_STR(v)) t->module = AS_STR(v);
    type_modified(vm, t);
    return true;
}
static Value type_get_bases(VM *vm, Value self) { return MAKE_OBJ(AS_TYPE(self)->bases); }
static Value type_get_base(VM *vm, Value self) {
    ObjType *t = AS_TYPE(self);
    return t->base ? MAKE_OBJ(t->base) : VAL_NONE;
}
static Value type_get_mro(VM *vm, Value self) { return MAKE_OBJ(AS_TYPE(self)->mro); }
static Value type_get_dict(VM *vm, Value self) { return MAKE_OBJ(dict_copy(vm, AS_TYPE(self)->dict)); }
static Value type_get_doc(VM *vm, Value self) {
    Value d = dict_get_str(vm, AS_TYPE(self)->dict, vm->s___doc__);
    if (IS_NULL(d)) return VAL_NONE;
    if (IS_OBJ(d) && AS_OBJ(d)->type->tflags & TF_HEAPTYPE) return descr_get(vm, d, VAL_NULL, AS_TYPE(self));
    return d;
}

static Value type_m_or(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "expected 1 argument, got %d", nargs - 1);
    return union_or(vm, args[0], args[1]);
}
static Value type_m_ror(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "expected 1 argument, got %d", nargs - 1);
    return union_or(vm, args[1], args[0]);
}

static const MethodDef type_methods[] = {
    {"__call__", type_m_call, METH_KW, NULL},
    {"__or__", type_m_or, 0, NULL},
    {"__ror__", type_m_ror, 0, NULL},
    {"__new__", type_m_new, METH_STATIC | METH_KW, NULL},
    {"__init__", type_m_init, METH_KW, NULL},
    {"__repr__", type_m_repr, 0, NULL},
    {"mro", type_m_mro, 0, NULL},
    {"__subclasses__", type_m_subclasses, 0, NULL},
    {"__instancecheck__", type_m_instancecheck, 0, NULL},
    {"__subclasscheck__", type_m_subclasscheck, 0, NULL},
    {"__dir__", type_m_dir, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef type_getsets[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__module__", type_get_module, type_set_module},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__mro__", type_get_mro, NULL},
    {"__dict__", type_get_dict, NULL},
    {"__doc__", type_get_doc, NULL},
    {NULL, NULL, NULL},
};

/* ---- __build_class__ --------------------------------------------------- */

Value builtin_build_class(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "__build_class__: not enough arguments");
    if (!IS_FUNCTION(args[0])) return vm_raise(vm, vm->exc_TypeError, "__build_class__: func must be a function");
    if (!IS_STR(args[1])) return vm_raise(vm, vm->exc_TypeError, "__build_class__: name is not a string");
    ObjFunction *body = AS_FUNCTION(args[0]);
    ObjStr *name = AS_STR(args[1]);
    ObjTuple *bases = tuple_from(vm, args + 2, nargs - 2);
    /* keywords: metaclass= is taken out, the rest go to __init_subclass__ */
    Value meta = VAL_NULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    ObjList *kwn = list_new(vm, 0), *kwv = list_new(vm, 0);
    for (int i = 0; i < nkw; i++) {
        ObjStr *k = AS_STR(kwnames->items[i]);
        if (strcmp(k->data, "metaclass") == 0) meta = args[nargs + i];
        else {
            list_append(vm, kwn, MAKE_OBJ(k));
            list_append(vm, kwv, args[nargs + i]);
        }
    }
    ObjType *metatype;
    if (IS_NULL(meta)) {
        metatype = bases->len ? vm_type_of(vm, bases->items[0]) : vm->t_type;
    } else if (IS_TYPE(meta)) {
        metatype = AS_TYPE(meta);
    } else {
        metatype = NULL;
    }
    if (metatype) {
        /* most derived metaclass */
        for (int64_t i = 0; i < bases->len; i++) {
            ObjType *bt = vm_type_of(vm, bases->items[i]);
            if (type_is_subtype(metatype, bt)) continue;
            if (type_is_subtype(bt, metatype)) {
                metatype = bt;
                continue;
            }
            return vm_raise(vm, vm->exc_TypeError,
                            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of "
                            "the metaclasses of all its bases");
        }
        meta = MAKE_OBJ(metatype);
    }
    ObjDict *ns = NULL;
    Value prep = vm_getattr_opt(vm, meta, str_intern_cstr(vm, "__prepare__"));
    if (!IS_NULL(prep)) {
        Value pargs[2] = {MAKE_OBJ(name), MAKE_OBJ(bases)};
        Value r = vm_call(vm, prep, pargs, 2, NULL);
        if (IS_NULL(r)) return VAL_NULL;
        if (!IS_DICT(r)) return vm_raise(vm, vm->exc_TypeError, "__prepare__() must return a mapping");
        ns = AS_DICT(r);
    } else if (vm_has_exc(vm)) {
        return VAL_NULL;
    } else {
        ns = dict_new(vm);
    }
    Value cell = vm_run_class_body(vm, body, ns);
    if (IS_NULL(cell)) return VAL_NULL;
    Value *cargs = malloc(sizeof(Value) * (size_t)(3 + kwv->len));
    cargs[0] = MAKE_OBJ(name);
    cargs[1] = MAKE_OBJ(bases);
    cargs[2] = MAKE_OBJ(ns);
    for (int64_t i = 0; i < kwv->len; i++) cargs[3 + i] = kwv->items[i];
    ObjTuple *kwt = kwn->len ? tuple_from(vm, kwn->items, kwn->len) : NULL;
    Value cls = vm_call(vm, meta, cargs, 3, kwt);
    free(cargs);
    if (IS_NULL(cls)) return VAL_NULL;
    if (IS_KIND(cell, OK_CELL) && IS_TYPE(cls) && IS_NULL(AS_CELL(cell)->value)) AS_CELL(cell)->value = cls;
    return cls;
}

/* ---- super ------------------------------------------------------------- */

static Value super_m_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjType *cls = AS_TYPE(args[0]);
    ObjSuper *s = (ObjSuper *)gc_alloc(vm, cls->basicsize ? cls->basicsize : sizeof(ObjSuper), cls, OK_SUPER);
    s->self = VAL_NONE;
    return MAKE_OBJ(s);
}

static Value super_m_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjSuper *s = (ObjSuper *)AS_OBJ(args[0]);
    Value type, obj;
    if (nargs == 1) {
        /* zero-argument form: the calling frame's first argument and its
         * __class__ cell */
        Frame *f = vm->frame;
        if (!f || !f->code || f->code->argcount + f->code->kwonlyargcount +
                                   ((f->code->flags & CO_VARARGS) ? 1 : 0) == 0)
            return vm_raise(vm, vm->exc_RuntimeError, "super(): no arguments");
        obj = f->slots[0];
        ObjCode *c = f->code;
        if (c->cell2arg) {
            for (int i = 0; i < c->ncellvars; i++)
                if (c->cell2arg[i] == 0) obj = AS_CELL(f->slots[c->nlocals + i])->value;
        }
        if (IS_NULL(obj)) return vm_raise(vm, vm->exc_RuntimeError, "super(): arg[0] deleted");
        type = VAL_NULL;
        for (int i = 0; i < c->nfreevars; i++) {
            ObjStr *nm = c->varnames[c->nlocals + c->ncellvars + i];
            if (strcmp(nm->data, "__class__") == 0) {
                Value cellv = f->slots[c->nlocals + c->ncellvars + i];
                if (IS_KIND(cellv, OK_CELL)) type = AS_CELL(cellv)->value;
                if (IS_NULL(type)) return vm_raise(vm, vm->exc_RuntimeError, "super(): empty __class__ cell");
                break;
            }
        }
        if (IS_NULL(type)) return vm_raise(vm, vm->exc_RuntimeError, "super(): __class__ cell not found");
    } else if (nargs == 2 || nargs == 3) {
        type = args[1];
        obj = nargs == 3 ? args[2] : VAL_NULL;
    } else {
        return vm_raise(vm, vm->exc_TypeError, "super() expected at most 2 arguments, got %d", nargs - 1);
    }
    if (!IS_TYPE(type))
        return vm_raise(vm, vm->exc_TypeError, "super() argument 1 must be a type, not %s", vm_type_name(vm, type));
    s->type = AS_TYPE(type);
    if (IS_NULL(obj)) {
        s->self = VAL_NONE;
        s->self_type = NULL;
        return VAL_NONE;
    }
    if (IS_TYPE(obj) && type_is_subtype(AS_TYPE(obj), AS_TYPE(type))) {
        s->self_type = AS_TYPE(obj);
    } else if (vm_isinstance(vm, obj, AS_TYPE(type))) {
        s->self_type = vm_type_of(vm, obj);
    } else {
        return vm_raise(vm, vm->exc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    }
    s->self = obj;
    return VAL_NONE;
}

Value super_getattr(VM *vm, Value sup, ObjStr *name) {
    ObjSuper *s = (ObjSuper *)AS_OBJ(sup);
    if (s->self_type && name != vm->s___class__) {
        ObjTuple *mro = s->self_type->mro;
        int64_t i = 0;
        while (i < mro->len && AS_OBJ(mro->items[i]) != (Obj *)s->type) i++;
        for (i++; i < mro->len; i++) {
            ObjType *t = AS_TYPE(mro->items[i]);
            Value v = dict_get_str(vm, t->dict, name);
            if (IS_NULL(v)) continue;
            Value obj = (IS_TYPE(s->self) && AS_TYPE(s->self) == s->self_type) ? VAL_NULL : s->self;
            if (IS_KIND(v, OK_CLASSMETHOD)) return method_new(vm, ((ObjStaticMethod *)AS_OBJ(v))->func, MAKE_OBJ(s->self_type));
            return descr_get(vm, v, obj, s->self_type);
        }
    }
    Value v = generic_getattr(vm, sup, name);
    if (IS_NULL(v) && !vm_has_exc(vm))
        return vm_raise(vm, vm->exc_AttributeError, "'super' object has no attribute '%s'", name->data);
    return v;
}

static Value super_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjSuper *s = (ObjSuper *)AS_OBJ(args[0]);
    if (s->self_type)
        return MAKE_OBJ(str_printf(vm, "<super: <class '%s'>, <%s object>>", s->type ? s->type->name->data : "NULL",
                                   s->self_type->name->data));
    return MAKE_OBJ(str_printf(vm, "<super: <class '%s'>, NULL>", s->type ? s->type->name->data : "NULL"));
}

static const MethodDef super_methods[] = {
    {"__new__", super_m_new, METH_STATIC | METH_KW, NULL},
    {"__init__", super_m_init, 0, NULL},
    {"__repr__", super_m_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value super_get_thisclass(VM *vm, Value self) {
    ObjSuper *s = (ObjSuper *)AS_OBJ(self);
    return s->type ? MAKE_OBJ(s->type) : VAL_NONE;
}
static Value super_get_self(VM *vm, Value self) { return ((ObjSuper *)AS_OBJ(self))->self; }

static const GetSetDef super_getsets[] = {
    {"__thisclass__", super_get_thisclass, NULL},
    {"__self__", super_get_self, NULL},
    {NULL, NULL, NULL},
};

void class_init_types(VM *vm) {
    type_add_methods(vm, vm->t_type, type_methods);
    type_add_getsets(vm, vm->t_type, type_getsets);
    type_add_methods(vm, vm->t_super, super_methods);
    type_add_getsets(vm, vm->t_super, super_getsets);
    union_init_type(vm);
}
