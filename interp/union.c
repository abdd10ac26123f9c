/* union.c: `X | Y` on classes (types.UnionType), so annotations such as
 * `name: str | None = None` evaluate and isinstance(x, int | str) works. */
#include <string.h>

#include "object_impl.h"
#include "str.h"
#include "union.h"
#include "vm.h"

#define UNION_TYPE_SLOT 59 /* vm->ptypes index (ops.c's range 56-59) */

typedef struct {
    Obj obj;
    ObjTuple *args;
} ObjUnion;

static void union_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((ObjUnion *)o)->args); }

static bool is_union(VM *vm, Value v) { return IS_OBJ(v) && AS_OBJ(v)->type == vm->ptypes[UNION_TYPE_SLOT]; }

/* A member of a union: a class, None (as NoneType), a union or a generic
 * alias (anything with __origin__). */
static bool unionable(VM *vm, Value v) {
    if (IS_NONE(v) || IS_TYPE(v) || is_union(vm, v)) return true;
    if (IS_OBJ(v)) {
        Value o = vm_getattr_opt(vm, v, str_intern_cstr(vm, "__origin__"));
        if (IS_NULL(o)) {
            vm_clear_exc(vm);
            return false;
        }
        return true;
    }
    return false;
}

static void add_arg(VM *vm, ObjList *l, Value v) {
    if (IS_NONE(v)) v = MAKE_OBJ(vm->t_none);
    if (is_union(vm, v)) {
        ObjTuple *a = ((ObjUnion *)AS_OBJ(v))->args;
        for (int64_t i = 0; i < a->len; i++) add_arg(vm, l, a->items[i]);
        return;
    }
    for (int64_t i = 0; i < l->len; i++)
        if (val_is(l->items[i], v)) return;
    list_append(vm, l, v);
}

Value union_or(VM *vm, Value a, Value b) {
    if (!unionable(vm, a) || !unionable(vm, b)) return MAKE_OBJ(vm->not_implemented);
    ObjList *l = list_new(vm, 0);
    add_arg(vm, l, a);
    add_arg(vm, l, b);
    if (l->len == 1) return l->items[0];
    ObjUnion *u = (ObjUnion *)gc_alloc(vm, sizeof(ObjUnion), vm->ptypes[UNION_TYPE_SLOT], OK_OTHER);
    u->args = tuple_from(vm, l->items, l->len);
    return MAKE_OBJ(u);
}

static Value u_or(VM *vm, Value *args, int nargs, ObjTuple *kw) { return union_or(vm, args[0], args[1]); }
static Value u_ror(VM *vm, Value *args, int nargs, ObjTuple *kw) { return union_or(vm, args[1], args[0]); }

static Value u_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjTuple *a = ((ObjUnion *)AS_OBJ(args[0]))->args;
    StrBuf b;
    strbuf_init(&b);
    for (int64_t i = 0; i < a->len; i++) {
        if (i) strbuf_add_cstr(&b, " | ");
        Value v = a->items[i];
        if (IS_TYPE(v) && AS_TYPE(v) == vm->t_none) {
            strbuf_add_cstr(&b, "None");
        } else if (IS_TYPE(v)) {
            ObjType *t = AS_TYPE(v);
            if (t->module && strcmp(t->module->data, "builtins") != 0) {
                strbuf_add_str(&b, t->module);
                strbuf_add_char(&b, '.');
            }
            strbuf_add_str(&b, t->qualname ? t->qualname : t->name);
        } else {
            Value r = vm_repr(vm, v);
            if (IS_NULL(r)) {
                strbuf_free(&b);
                return VAL_NULL;
            }
            strbuf_add_str(&b, AS_STR(r));
        }
    }
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value u_args(VM *vm, Value self) { return MAKE_OBJ(((ObjUnion *)AS_OBJ(self))->args); }

static bool contains_arg(ObjTuple *t, Value v) {
    for (int64_t i = 0; i < t->len; i++)
        if (val_is(t->items[i], v)) return true;
    return false;
}

static Value u_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!is_union(vm, args[1])) return MAKE_OBJ(vm->not_implemented);
    ObjTuple *a = ((ObjUnion *)AS_OBJ(args[0]))->args, *b = ((ObjUnion *)AS_OBJ(args[1]))->args;
    if (a->len != b->len) return VAL_FALSE;
    for (int64_t i = 0; i < a->len; i++)
        if (!contains_arg(b, a->items[i])) return VAL_FALSE;
    return VAL_TRUE;
}

static Value u_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    /* order-independent, as hash(frozenset(args)) */
    ObjTuple *a = ((ObjUnion *)AS_OBJ(args[0]))->args;
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int64_t i = 0; i < a->len; i++) {
        uint64_t x;
        if (!vm_hash(vm, a->items[i], &x)) return VAL_NULL;
        h ^= x * 0xff51afd7ed558ccdull;
    }
    return MAKE_INT((int64_t)(h >> 2));
}

/* isinstance(x, A | B) / issubclass(C, A | B): any member matches. */
static Value u_check(VM *vm, Value *args, int nargs, bool sub) {
    ObjTuple *a = ((ObjUnion *)AS_OBJ(args[0]))->args;
    Value fn = dict_get_str(vm, vm->builtins, str_intern_cstr(vm, sub ? "issubclass" : "isinstance"));
    if (IS_NULL(fn)) return VAL_FALSE;
    for (int64_t i = 0; i < a->len; i++) {
        if (!IS_TYPE(a->items[i]))
            return vm_raise(vm, vm->exc_TypeError, "%s() argument 2 cannot be a parameterized generic",
                            sub ? "issubclass" : "isinstance");
    }
    Value r = vm_call2(vm, fn, args[1], MAKE_OBJ(a));
    return r;
}
static Value u_instancecheck(VM *vm, Value *args, int nargs, ObjTuple *kw) { return u_check(vm, args, nargs, false); }
static Value u_subclasscheck(VM *vm, Value *args, int nargs, ObjTuple *kw) { return u_check(vm, args, nargs, true); }

static const MethodDef union_methods[] = {
    {"__or__", u_or, 0, NULL},
    {"__ror__", u_ror, 0, NULL},
    {"__repr__", u_repr, 0, NULL},
    {"__eq__", u_eq, 0, NULL},
    {"__hash__", u_hash, 0, NULL},
    {"__instancecheck__", u_instancecheck, 0, NULL},
    {"__subclasscheck__", u_subclasscheck, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef union_getsets[] = {
    {"__args__", u_args, NULL},
    {NULL, NULL, NULL},
};

void union_init_type(VM *vm) {
    ObjType *t = type_new_builtin(vm, "UnionType", NULL, OK_OTHER, sizeof(ObjUnion), union_trace, NULL, TF_BUILTIN);
    t->module = str_intern_cstr(vm, "types");
    type_add_methods(vm, t, union_methods);
    type_add_getsets(vm, t, union_getsets);
    vm->ptypes[UNION_TYPE_SLOT] = t;
}
