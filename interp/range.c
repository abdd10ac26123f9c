/* range.c: Python range with int64 bounds (a bound outside int64 raises
 * OverflowError "Python int too large to convert to C ssize_t"), and the
 * range_iterator type (vm->ptypes[12]) used both for iter() and
 * reversed(), as in CPython.
 *
 * ObjRange caches len. Arithmetic that may leave int64 on the way (length,
 * item i of a huge range, slicing) is done in 128 bits.
 */
#include <string.h>

#include "int.h"
#include "list.h"
#include "slice.h"
#include "str.h"

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

typedef __int128 i128;

/* list.c */
int seq_item_eq(VM *vm, Value a, Value b);
bool seq_to_ssize(VM *vm, Value v, int64_t *out);

static int64_t range_len_of(int64_t start, int64_t stop, int64_t step, bool *overflow) {
    i128 n = 0;
    if (step > 0 && start < stop) n = ((i128)stop - start - 1) / step + 1;
    else if (step < 0 && start > stop) n = ((i128)start - stop - 1) / -(i128)step + 1;
    *overflow = n > INT64_MAX;
    return (int64_t)n;
}

static ObjRange *range_make(VM *vm, int64_t start, int64_t stop, int64_t step) {
    bool ovf;
    int64_t len = range_len_of(start, stop, step, &ovf);
    if (ovf) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
        return NULL;
    }
    ObjRange *r = (ObjRange *)gc_alloc(vm, sizeof(ObjRange), vm->t_range, OK_RANGE);
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = len;
    return r;
}

static inline int64_t range_item(ObjRange *r, int64_t i) { return (int64_t)((i128)r->start + (i128)i * r->step); }

/* ---- iterator (ptypes[12]) --------------------------------------------- */

typedef struct {
    Obj obj;
    int64_t next, step, remaining;
} RangeIter;

static Value rangeiter_next(VM *vm, Value self) {
    RangeIter *it = (RangeIter *)AS_OBJ(self);
    if (it->remaining <= 0) return VAL_NULL;
    int64_t v = it->next;
    it->next = (int64_t)((uint64_t)it->next + (uint64_t)it->step); /* wraps only past the end */
    it->remaining--;
    return MAKE_INT(v);
}

static Value rangeiter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    RangeIter *it = (RangeIter *)AS_OBJ(args[0]);
    return MAKE_INT(it->remaining > 0 ? it->remaining : 0);
}

static const MethodDef rangeiter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", rangeiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value rangeiter_new(VM *vm, int64_t start, int64_t step, int64_t n) {
    RangeIter *it = (RangeIter *)gc_alloc(vm, sizeof(RangeIter), vm->ptypes[12], OK_OTHER);
    it->next = start;
    it->step = step;
    it->remaining = n;
    return MAKE_OBJ(it);
}

/* ---- methods -------------------------------------------------------------- */

#define SELF_DUNDER(name)                                                                                      \
    if (nargs < 1 || !IS_RANGE(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'range' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SELF_METHOD(name)                                                                                      \
    if (nargs < 1 || !IS_RANGE(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError,                                                                 \
                        "descriptor '" name "' for 'range' objects doesn't apply to a '%s' object",            \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SLOT_ARGS(n)                                                                                         \
    if (nargs != (n) + 1)                                                                                    \
        return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", \
                        nargs - 1);

static Value r_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (kw && kw->len) return vm_raise(vm, vm->exc_TypeError, "range() takes no keyword arguments");
    int n = nargs - 1;
    if (n < 1) return vm_raise(vm, vm->exc_TypeError, "range expected at least 1 argument, got %d", n < 0 ? 0 : n);
    if (n > 3) return vm_raise(vm, vm->exc_TypeError, "range expected at most 3 arguments, got %d", n);
    int64_t start = 0, stop, step = 1;
    if (n == 1) {
        if (!seq_to_ssize(vm, args[1], &stop)) return VAL_NULL;
    } else {
        if (!seq_to_ssize(vm, args[1], &start)) return VAL_NULL;
        if (!seq_to_ssize(vm, args[2], &stop)) return VAL_NULL;
        if (n == 3) {
            if (!seq_to_ssize(vm, args[3], &step)) return VAL_NULL;
            if (step == 0) return vm_raise(vm, vm->exc_ValueError, "range() arg 3 must not be zero");
        }
    }
    ObjRange *r = range_make(vm, start, stop, step);
    return r ? MAKE_OBJ(r) : VAL_NULL;
}

static Value r_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__repr__")
    SLOT_ARGS(0)
    ObjRange *r = AS_RANGE(args[0]);
    if (r->step == 1) return MAKE_OBJ(str_printf(vm, "range(%lld, %lld)", (long long)r->start, (long long)r->stop));
    return MAKE_OBJ(str_printf(vm, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                               (long long)r->step));
}

static Value r_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__len__")
    SLOT_ARGS(0)
    return MAKE_INT(AS_RANGE(args[0])->len);
}

static Value r_bool(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__bool__")
    SLOT_ARGS(0)
    return MAKE_BOOL(AS_RANGE(args[0])->len != 0);
}

static Value r_slice(VM *vm, ObjRange *r, ObjSlice *s) {
    int64_t start, stop, step, n;
    if (!slice_indices(vm, s, r->len, &start, &stop, &step, &n)) return VAL_NULL;
    i128 nstart = (i128)r->start + (i128)start * r->step;
    i128 nstop = (i128)r->start + (i128)stop * r->step;
    i128 nstep = (i128)r->step * step;
    if (nstart < INT64_MIN || nstart > INT64_MAX || nstop < INT64_MIN || nstop > INT64_MAX || nstep < INT64_MIN ||
        nstep > INT64_MAX)
        return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
    ObjRange *res = range_make(vm, (int64_t)nstart, (int64_t)nstop, (int64_t)nstep);
    return res ? MAKE_OBJ(res) : VAL_NULL;
}

static Value r_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__getitem__")
    SLOT_ARGS(1)
    ObjRange *r = AS_RANGE(args[0]);
    Value key = args[1];
    if (IS_SLICE(key)) return r_slice(vm, r, AS_SLICE(key));
    Value iv = key;
    if (!IS_INTLIKE(key) && !IS_BIGINT(key)) {
        if (!IS_OBJ(key) || IS_NULL(type_lookup(vm, vm_type_of(vm, key), vm->s___index__)))
            return vm_raise(vm, vm->exc_TypeError, "range indices must be integers or slices, not %s",
                            vm_type_name(vm, key));
        iv = int_index(vm, key);
        if (IS_NULL(iv)) return VAL_NULL;
    }
    if (IS_BIGINT(iv)) return vm_raise(vm, vm->exc_IndexError, "range object index out of range");
    int64_t i = AS_INT(iv);
    if (!seq_index(r->len, &i)) return vm_raise(vm, vm->exc_IndexError, "range object index out of range");
    return MAKE_INT(range_item(r, i));
}

/* Position of the int v in r, or -1. */
static int64_t range_find_int(ObjRange *r, int64_t v) {
    if (r->len == 0) return -1;
    if (r->step > 0) {
        if (v < r->start || v >= r->stop) return -1;
    } else {
        if (v > r->start || v <= r->stop) return -1;
    }
    i128 d = (i128)v - r->start;
    if (d % r->step != 0) return -1;
    return (int64_t)(d / r->step);
}

/* 1/0 for a plain int or bool (bigints are never inside an int64 range),
 * 2 when v is not an int (the caller falls back to comparing items). */
static int range_contains_int(VM *vm, ObjRange *r, Value v, int64_t *pos) {
    if (IS_INTLIKE(v)) {
        *pos = range_find_int(r, AS_INT(v));
        return *pos >= 0;
    }
    if (IS_BIGINT(v) && AS_OBJ(v)->type == vm->t_int) return 0;
    return 2;
}

static Value r_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__contains__")
    SLOT_ARGS(1)
    ObjRange *r = AS_RANGE(args[0]);
    int64_t pos;
    int c = range_contains_int(vm, r, args[1], &pos);
    if (c != 2) return MAKE_BOOL(c);
    for (int64_t i = 0; i < r->len; i++) {
        int e = seq_item_eq(vm, MAKE_INT(range_item(r, i)), args[1]);
        if (e < 0) return VAL_NULL;
        if (e) return VAL_TRUE;
    }
    return VAL_FALSE;
}

static Value r_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__iter__")
    SLOT_ARGS(0)
    ObjRange *r = AS_RANGE(args[0]);
    return rangeiter_new(vm, r->start, r->step, r->len);
}

static Value r_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("__reversed__")
    if (nargs != 1)
        return vm_raise(vm, vm->exc_TypeError, "range.__reversed__() takes no arguments (%d given)", nargs - 1);
    ObjRange *r = AS_RANGE(args[0]);
    if (r->len == 0) return rangeiter_new(vm, r->start, r->step, 0);
    int64_t last = range_item(r, r->len - 1);
    return rangeiter_new(vm, last, (int64_t)(0 - (uint64_t)r->step), r->len);
}

static bool range_equal(ObjRange *a, ObjRange *b) {
    if (a == b) return true;
    if (a->len != b->len) return false;
    if (a->len == 0) return true;
    if (a->start != b->start) return false;
    if (a->len == 1) return true;
    return a->step == b->step;
}

static Value r_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SLOT_ARGS(1)
    if (!IS_RANGE(args[0]) || !IS_RANGE(args[1])) return NOTIMPL;
    return MAKE_BOOL(range_equal(AS_RANGE(args[0]), AS_RANGE(args[1])));
}

static Value r_ne(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SLOT_ARGS(1)
    if (!IS_RANGE(args[0]) || !IS_RANGE(args[1])) return NOTIMPL;
    return MAKE_BOOL(!range_equal(AS_RANGE(args[0]), AS_RANGE(args[1])));
}

static Value r_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__hash__")
    SLOT_ARGS(0)
    ObjRange *r = AS_RANGE(args[0]);
    Value items[3] = {MAKE_INT(r->len), VAL_NONE, VAL_NONE};
    if (r->len != 0) {
        items[1] = MAKE_INT(r->start);
        if (r->len != 1) items[2] = MAKE_INT(r->step);
    }
    uint64_t h;
    if (!vm_hash(vm, MAKE_OBJ(tuple_from(vm, items, 3)), &h)) return VAL_NULL;
    return MAKE_INT((int64_t)h);
}

static Value r_count(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("count")
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "range.count() takes exactly one argument (%d given)", nargs - 1);
    ObjRange *r = AS_RANGE(args[0]);
    int64_t pos;
    int c = range_contains_int(vm, r, args[1], &pos);
    if (c != 2) return MAKE_INT(c);
    int64_t n = 0;
    for (int64_t i = 0; i < r->len; i++) {
        int e = seq_item_eq(vm, MAKE_INT(range_item(r, i)), args[1]);
        if (e < 0) return VAL_NULL;
        n += e;
    }
    return MAKE_INT(n);
}

static Value r_index(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("index")
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "range.index() takes exactly one argument (%d given)", nargs - 1);
    ObjRange *r = AS_RANGE(args[0]);
    int64_t pos;
    int c = range_contains_int(vm, r, args[1], &pos);
    if (c == 1) return MAKE_INT(pos);
    if (c == 0) {
        Value rep = vm_repr(vm, args[1]);
        if (IS_NULL(rep)) return VAL_NULL;
        return vm_raise(vm, vm->exc_ValueError, "%s is not in range", AS_STR(rep)->data);
    }
    for (int64_t i = 0; i < r->len; i++) {
        int e = seq_item_eq(vm, MAKE_INT(range_item(r, i)), args[1]);
        if (e < 0) return VAL_NULL;
        if (e) return MAKE_INT(i);
    }
    return vm_raise(vm, vm->exc_ValueError, "sequence.index(x): x not in sequence");
}

static Value r_reduce(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("__reduce__")
    ObjRange *r = AS_RANGE(args[0]);
    Value a[3] = {MAKE_INT(r->start), MAKE_INT(r->stop), MAKE_INT(r->step)};
    Value items[2] = {MAKE_OBJ(vm->t_range), MAKE_OBJ(tuple_from(vm, a, 3))};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value get_start(VM *vm, Value self) { return MAKE_INT(AS_RANGE(self)->start); }
static Value get_stop(VM *vm, Value self) { return MAKE_INT(AS_RANGE(self)->stop); }
static Value get_step(VM *vm, Value self) { return MAKE_INT(AS_RANGE(self)->step); }

static const MethodDef range_methods[] = {
    {"__new__", r_new, METH_STATIC | METH_KW, NULL},
    {"__repr__", r_repr, 0, NULL},
    {"__len__", r_len, 0, NULL},
    {"__bool__", r_bool, 0, NULL},
    {"__getitem__", r_getitem, 0, NULL},
    {"__contains__", r_contains, 0, NULL},
    {"__iter__", r_iter, 0, NULL},
    {"__reversed__", r_reversed, 0, NULL},
    {"__eq__", r_eq, 0, NULL},
    {"__ne__", r_ne, 0, NULL},
    {"__hash__", r_hash, 0, NULL},
    {"__reduce__", r_reduce, 0, NULL},
    {"count", r_count, 0, NULL},
    {"index", r_index, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef range_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

void range_init_type(VM *vm) {
    type_add_methods(vm, vm->t_range, range_methods);
    type_add_getsets(vm, vm->t_range, range_getsets);
    vm->ptypes[12] = type_new_builtin(vm, "range_iterator", NULL, OK_OTHER, sizeof(RangeIter), NULL, NULL, TF_BUILTIN);
    vm->ptypes[12]->iternext = rangeiter_next;
    type_add_methods(vm, vm->ptypes[12], rangeiter_methods);
}
