/* tuple.c: Python tuple: constructors (usable during VM bootstrap, before
 * tuple_init_type runs), the type's methods, CPython 3.11's xxHash-based
 * tuple hash, and the tuple_iterator type (vm->ptypes[8]).
 *
 * A tuple is one allocation: sizeof(ObjTuple) + len * sizeof(Value). The
 * empty tuple is a singleton (vm->empty_tuple), made on first use.
 *
 * Subclasses (class P(tuple)) keep their instance __dict__ pointer in a
 * spare slot after the items (negative dictoffset, see tuple_subclass_new).
 */
#include <string.h>

#include "int.h"
#include "list.h"
#include "slice.h"
#include "str.h"

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

/* slice.c / list.c */
int seq_key_index(VM *vm, Value key, int64_t *out);
int seq_item_eq(VM *vm, Value a, Value b);
int seq_repeat_count(VM *vm, Value n, int64_t *out, bool reflected);
bool seq_repeat_size(VM *vm, int64_t len, int64_t n, int64_t *total);
bool seq_index_bounds(VM *vm, Value *args, int nargs, int64_t len, int64_t *start, int64_t *stop);

/* ---- constructors ------------------------------------------------------ */

static ObjTuple *tuple_alloc(VM *vm, ObjType *cls, int64_t len) {
    ObjTuple *t = (ObjTuple *)gc_alloc(vm, sizeof(ObjTuple) + (size_t)len * sizeof(Value), cls, OK_TUPLE);
    t->len = len;
    for (int64_t i = 0; i < len; i++) t->items[i] = VAL_NONE;
    return t;
}

ObjTuple *tuple_new(VM *vm, int64_t len) {
    if (len <= 0) {
        if (!vm->empty_tuple) vm->empty_tuple = tuple_alloc(vm, vm->t_tuple, 0);
        return vm->empty_tuple;
    }
    return tuple_alloc(vm, vm->t_tuple, len);
}

ObjTuple *tuple_from(VM *vm, const Value *items, int64_t len) {
    ObjTuple *t = tuple_new(vm, len);
    if (len > 0) memcpy(t->items, items, (size_t)len * sizeof(Value));
    return t;
}

/* An instance of a tuple subclass holding items. The items are inline,
 * so the instance dict cannot sit at a fixed offset (class.c puts it where
 * items[0] is): the class is switched to a negative dictoffset ("counted
 * from the end of the block", see obj_dict_slot and the collector) and the
 * block gets a spare pointer after the items. */
static ObjTuple *tuple_subclass_new(VM *vm, ObjType *cls, const Value *items, int64_t len) {
    if (cls->dictoffset > 0) cls->dictoffset = -(int32_t)sizeof(ObjDict *);
    size_t size = sizeof(ObjTuple) + (size_t)len * sizeof(Value);
    if (cls->dictoffset < 0) size += sizeof(ObjDict *);
    ObjTuple *t = (ObjTuple *)gc_alloc(vm, size, cls, OK_TUPLE);
    t->len = len;
    if (len > 0) memcpy(t->items, items, (size_t)len * sizeof(Value));
    return t;
}

/* ---- iterator (ptypes[8]) ----------------------------------------------- */

typedef struct {
    Obj obj;
    ObjTuple *tuple; /* NULL once exhausted */
    int64_t index;
} TupleIter;

static void tupleiter_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((TupleIter *)o)->tuple); }

static Value tupleiter_next(VM *vm, Value self) {
    TupleIter *it = (TupleIter *)AS_OBJ(self);
    ObjTuple *t = it->tuple;
    if (t) {
        if (it->index < t->len) return t->items[it->index++];
        it->tuple = NULL;
    }
    return VAL_NULL;
}

static Value tupleiter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    TupleIter *it = (TupleIter *)AS_OBJ(args[0]);
    return MAKE_INT(it->tuple ? it->tuple->len - it->index : 0);
}

static const MethodDef tupleiter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", tupleiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- methods -------------------------------------------------------------- */

#define SELF_DUNDER(name)                                                                                      \
    if (nargs < 1 || !IS_TUPLE(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'tuple' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SELF_METHOD(name)                                                                                      \
    if (nargs < 1 || !IS_TUPLE(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError,                                                                 \
                        "descriptor '" name "' for 'tuple' objects doesn't apply to a '%s' object",            \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SLOT_ARGS(n)                                                                                         \
    if (nargs != (n) + 1)                                                                                    \
        return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", \
                        nargs - 1);

#define SLOT_ARGS_SP(n)                                                                                       \
    if (nargs != (n) + 1)                                                                                     \
        return vm_raise(vm, vm->exc_TypeError, " expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", nargs - 1);

static Value t_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1) return vm_raise(vm, vm->exc_TypeError, "tuple.__new__(): not enough arguments");
    if (!IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "tuple.__new__(X): X is not a type object (%s)",
                        vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_tuple))
        return vm_raise(vm, vm->exc_TypeError, "tuple.__new__(%s): %s is not a subtype of tuple", cls->name->data,
                        cls->name->data);
    if (kw && kw->len && cls == vm->t_tuple)
        return vm_raise(vm, vm->exc_TypeError, "tuple() takes no keyword arguments");
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "tuple expected at most 1 argument, got %d", nargs - 1);
    if (kw && kw->len) return vm_raise(vm, vm->exc_TypeError, "tuple() takes no keyword arguments");
    ObjTuple *t = nargs == 2 ? tuple_from_iterable(vm, args[1]) : tuple_new(vm, 0);
    if (!t) return VAL_NULL;
    if (cls == vm->t_tuple) return MAKE_OBJ(t);
    return MAKE_OBJ(tuple_subclass_new(vm, cls, t->items, t->len));
}

static Value t_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__repr__")
    SLOT_ARGS(0)
    ObjTuple *t = AS_TUPLE(args[0]);
    if (t->len == 0) return MAKE_OBJ(str_intern_cstr(vm, "()"));
    int rc = vm_repr_enter(vm, (Obj *)t);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) return MAKE_OBJ(str_intern_cstr(vm, "(...)"));
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_char(&b, '(');
    for (int64_t i = 0; i < t->len; i++) {
        Value item = t->items[i];
        if (i) strbuf_add_cstr(&b, ", ");
        if (IS_STR(item) && AS_OBJ(item)->type == vm->t_str) {
            str_repr_into(&b, AS_STR(item), false);
            continue;
        }
        Value r = vm_repr(vm, item);
        if (IS_NULL(r)) {
            strbuf_free(&b);
            vm_repr_leave(vm, (Obj *)t);
            return VAL_NULL;
        }
        strbuf_add_str(&b, AS_STR(r));
    }
    if (t->len == 1) strbuf_add_char(&b, ',');
    strbuf_add_char(&b, ')');
    vm_repr_leave(vm, (Obj *)t);
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value t_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__len__")
    SLOT_ARGS(0)
    return MAKE_INT(AS_TUPLE(args[0])->len);
}

static Value t_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__getitem__")
    SLOT_ARGS(1)
    ObjTuple *t = AS_TUPLE(args[0]);
    Value key = args[1];
    int64_t i;
    int rc = seq_key_index(vm, key, &i);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) {
        if (!seq_index(t->len, &i)) return vm_raise(vm, vm->exc_IndexError, "tuple index out of range");
        return t->items[i];
    }
    if (IS_SLICE(key)) {
        int64_t start, stop, step, n;
        if (!slice_indices(vm, AS_SLICE(key), t->len, &start, &stop, &step, &n)) return VAL_NULL;
        if (n == t->len && step == 1 && AS_OBJ(args[0])->type == vm->t_tuple) return args[0];
        if (step == 1) return MAKE_OBJ(tuple_from(vm, t->items + start, n));
        ObjTuple *r = tuple_new(vm, n);
        for (int64_t k = 0, j = start; k < n; k++, j += step) r->items[k] = t->items[j];
        return MAKE_OBJ(r);
    }
    return vm_raise(vm, vm->exc_TypeError, "tuple indices must be integers or slices, not %s", vm_type_name(vm, key));
}

static Value t_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__contains__")
    SLOT_ARGS(1)
    ObjTuple *t = AS_TUPLE(args[0]);
    for (int64_t i = 0; i < t->len; i++) {
        int r = seq_item_eq(vm, t->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) return VAL_TRUE;
    }
    return VAL_FALSE;
}

static Value t_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__iter__")
    SLOT_ARGS(0)
    TupleIter *it = (TupleIter *)gc_alloc(vm, sizeof(TupleIter), vm->ptypes[8], OK_OTHER);
    it->tuple = AS_TUPLE(args[0]);
    it->index = 0;
    return MAKE_OBJ(it);
}

/* CPython 3.11 tuplehash (xxHash-derived, 64-bit constants). */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

static Value t_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__hash__")
    SLOT_ARGS(0)
    ObjTuple *t = AS_TUPLE(args[0]);
    uint64_t acc = XXPRIME_5;
    for (int64_t i = 0; i < t->len; i++) {
        uint64_t lane;
        if (!vm_hash(vm, t->items[i], &lane)) return VAL_NULL;
        acc += lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)t->len ^ (XXPRIME_5 ^ 3527539ULL);
    if (acc == (uint64_t)-1) return MAKE_INT(1546275796);
    return MAKE_INT((int64_t)acc);
}

Value seq_richcompare(VM *vm, Value a, Value b, CmpOp op);

static Value t_compare(VM *vm, Value *args, int nargs, CmpOp op) {
    SLOT_ARGS(1)
    if (!IS_TUPLE(args[0]) || !IS_TUPLE(args[1])) return NOTIMPL;
    return seq_richcompare(vm, args[0], args[1], op);
}

static Value t_eq(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_EQ); }
static Value t_ne(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_NE); }
static Value t_lt(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_LT); }
static Value t_le(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_LE); }
static Value t_gt(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_GT); }
static Value t_ge(VM *vm, Value *a, int n, ObjTuple *k) { return t_compare(vm, a, n, CMP_GE); }

static Value t_add(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__add__")
    SLOT_ARGS(1)
    Value o = args[1];
    if (!IS_TUPLE(o))
        return vm_raise(vm, vm->exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple", vm_type_name(vm, o));
    ObjTuple *a = AS_TUPLE(args[0]), *b = AS_TUPLE(o);
    if (b->len == 0 && AS_OBJ(args[0])->type == vm->t_tuple) return args[0];
    if (a->len == 0 && AS_OBJ(o)->type == vm->t_tuple) return o;
    int64_t total;
    if (!seq_repeat_size(vm, a->len + b->len, 1, &total)) return VAL_NULL;
    ObjTuple *r = tuple_new(vm, total);
    memcpy(r->items, a->items, (size_t)a->len * sizeof(Value));
    memcpy(r->items + a->len, b->items, (size_t)b->len * sizeof(Value));
    return MAKE_OBJ(r);
}

static Value tuple_repeat(VM *vm, Value self, int64_t n) {
    ObjTuple *t = AS_TUPLE(self);
    bool exact = AS_OBJ(self)->type == vm->t_tuple;
    if (exact && (n == 1 || t->len == 0)) return self;
    if (n <= 0 || t->len == 0) return MAKE_OBJ(tuple_new(vm, 0));
    int64_t total;
    if (!seq_repeat_size(vm, t->len, n, &total)) return VAL_NULL;
    ObjTuple *r = tuple_new(vm, total);
    memcpy(r->items, t->items, (size_t)t->len * sizeof(Value));
    for (int64_t done = t->len; done < total;) {
        int64_t c = done <= total - done ? done : total - done;
        memcpy(r->items + done, r->items, (size_t)c * sizeof(Value));
        done += c;
    }
    return MAKE_OBJ(r);
}

static Value t_mul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__mul__")
    SLOT_ARGS_SP(1)
    int64_t n;
    int rc = seq_repeat_count(vm, args[1], &n, false);
    if (rc < 0) return VAL_NULL;
    if (rc == 0) return NOTIMPL;
    return tuple_repeat(vm, args[0], n);
}

static Value t_rmul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__rmul__")
    SLOT_ARGS_SP(1)
    int64_t n;
    int rc = seq_repeat_count(vm, args[1], &n, true);
    if (rc < 0) return VAL_NULL;
    if (rc == 0) return NOTIMPL;
    return tuple_repeat(vm, args[0], n);
}

static Value t_count(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("count")
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "tuple.count() takes exactly one argument (%d given)", nargs - 1);
    ObjTuple *t = AS_TUPLE(args[0]);
    int64_t c = 0;
    for (int64_t i = 0; i < t->len; i++) {
        int r = seq_item_eq(vm, t->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        c += r;
    }
    return MAKE_INT(c);
}

static Value t_index(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("index")
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "index expected at least 1 argument, got %d", nargs - 1);
    if (nargs > 4) return vm_raise(vm, vm->exc_TypeError, "index expected at most 3 arguments, got %d", nargs - 1);
    ObjTuple *t = AS_TUPLE(args[0]);
    int64_t start, stop;
    if (!seq_index_bounds(vm, args, nargs, t->len, &start, &stop)) return VAL_NULL;
    for (int64_t i = start; i < stop && i < t->len; i++) {
        int r = seq_item_eq(vm, t->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) return MAKE_INT(i);
    }
    return vm_raise(vm, vm->exc_ValueError, "tuple.index(x): x not in tuple");
}

static Value t_getnewargs(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("__getnewargs__")
    if (nargs != 1)
        return vm_raise(vm, vm->exc_TypeError, "tuple.__getnewargs__() takes no arguments (%d given)", nargs - 1);
    ObjTuple *t = AS_TUPLE(args[0]);
    Value copy = MAKE_OBJ(tuple_from(vm, t->items, t->len));
    return MAKE_OBJ(tuple_from(vm, &copy, 1));
}

Value dict_generic_alias(VM *vm, Value origin, Value args);

static Value t_class_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "expected 1 argument, got %d", nargs - 1);
    return dict_generic_alias(vm, args[0], args[1]);
}

static const MethodDef tuple_methods[] = {
    {"__new__", t_new, METH_STATIC | METH_KW, NULL},
    {"__repr__", t_repr, 0, NULL},
    {"__len__", t_len, 0, NULL},
    {"__getitem__", t_getitem, 0, NULL},
    {"__contains__", t_contains, 0, NULL},
    {"__iter__", t_iter, 0, NULL},
    {"__hash__", t_hash, 0, NULL},
    {"__eq__", t_eq, 0, NULL},
    {"__ne__", t_ne, 0, NULL},
    {"__lt__", t_lt, 0, NULL},
    {"__le__", t_le, 0, NULL},
    {"__gt__", t_gt, 0, NULL},
    {"__ge__", t_ge, 0, NULL},
    {"__add__", t_add, 0, NULL},
    {"__mul__", t_mul, 0, NULL},
    {"__rmul__", t_rmul, 0, NULL},
    {"__getnewargs__", t_getnewargs, 0, NULL},
    {"__class_getitem__", t_class_getitem, METH_CLASS, NULL},
    {"count", t_count, 0, NULL},
    {"index", t_index, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void tuple_init_type(VM *vm) {
    if (!vm->empty_tuple) vm->empty_tuple = tuple_alloc(vm, vm->t_tuple, 0);
    type_add_methods(vm, vm->t_tuple, tuple_methods);
    vm->ptypes[8] = type_new_builtin(vm, "tuple_iterator", NULL, OK_OTHER, sizeof(TupleIter), tupleiter_trace, NULL,
                                     TF_BUILTIN);
    vm->ptypes[8]->iternext = tupleiter_next;
    type_add_methods(vm, vm->ptypes[8], tupleiter_methods);
}
