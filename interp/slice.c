/* slice.c: slice objects, CPython's slice-index normalisation
 * (PySlice_Unpack + PySlice_AdjustIndices), and the index-conversion helpers
 * the sequence types (list.c, tuple.c, range.c) share.
 *
 * Slice bounds may be None, ints (small or big: big ones clamp to the int64
 * range the way CPython clamps to Py_ssize_t) or objects with __index__.
 */
#include <string.h>

#include "int.h"
#include "slice.h"
#include "str.h"

/* ---- helpers shared with list.c / tuple.c / range.c (declared there) --- */

/* An index for a[i]: 1 = integer-like (out set), 0 = not an integer (no
 * exception: the caller tries slices or raises its own TypeError), -1 =
 * error (IndexError "cannot fit 'int' into an index-sized integer", or an
 * error raised by __index__). */
int seq_key_index(VM *vm, Value key, int64_t *out) {
    if (IS_INTLIKE(key)) {
        *out = AS_INT(key);
        return 1;
    }
    if (IS_BIGINT(key)) {
        vm_raise(vm, vm->exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (!IS_OBJ(key) || IS_SLICE(key) || IS_FLOAT(key)) return 0;
    if (IS_NULL(type_lookup(vm, vm_type_of(vm, key), vm->s___index__))) return 0;
    Value r = int_index(vm, key);
    if (IS_NULL(r)) return -1;
    if (IS_BIGINT(r)) {
        vm_raise(vm, vm->exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    *out = AS_INT(r);
    return 1;
}

/* _PyEval_SliceIndex without None: ints and __index__ objects, clamped to
 * the int64 range. `msg` is the TypeError text for anything else. */
bool seq_clamp_index(VM *vm, Value v, int64_t *out, const char *msg) {
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    Value r = v;
    if (!IS_BIGINT(v)) {
        if (!IS_OBJ(v) || IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___index__))) {
            vm_raise(vm, vm->exc_TypeError, "%s", msg);
            return false;
        }
        r = int_index(vm, v);
        if (IS_NULL(r)) return false;
    }
    if (IS_BIGINT(r)) *out = int_sign(r) < 0 ? INT64_MIN : INT64_MAX;
    else *out = AS_INT(r);
    return true;
}

/* PySlice_AdjustIndices: clamps start/stop to a sequence of `len` items and
 * returns the number of items selected. */
int64_t seq_adjust_indices(int64_t len, int64_t *start, int64_t *stop, int64_t step) {
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = step < 0 ? -1 : 0;
    } else if (*start >= len) {
        *start = step < 0 ? len - 1 : len;
    }
    if (*stop < 0) {
        *stop += len;
        if (*stop < 0) *stop = step < 0 ? -1 : 0;
    } else if (*stop >= len) {
        *stop = step < 0 ? len - 1 : len;
    }
    if (step < 0) {
        if (*stop < *start) return (int64_t)(((uint64_t)*start - (uint64_t)*stop - 1) / (uint64_t)(-step) + 1);
    } else if (*start < *stop) {
        return (int64_t)(((uint64_t)*stop - (uint64_t)*start - 1) / (uint64_t)step + 1);
    }
    return 0;
}

static const char SLICE_IDX_MSG[] = "slice indices must be integers or None or have an __index__ method";

/* PySlice_Unpack: start/stop/step as int64 (None filled in, clamped). */
static bool slice_unpack(VM *vm, ObjSlice *s, int64_t *start, int64_t *stop, int64_t *step) {
    if (IS_NONE(s->step)) {
        *step = 1;
    } else {
        if (!seq_clamp_index(vm, s->step, step, SLICE_IDX_MSG)) return false;
        if (*step == 0) {
            vm_raise(vm, vm->exc_ValueError, "slice step cannot be zero");
            return false;
        }
        if (*step < -INT64_MAX) *step = -INT64_MAX;
    }
    if (IS_NONE(s->start)) *start = *step < 0 ? INT64_MAX : 0;
    else if (!seq_clamp_index(vm, s->start, start, SLICE_IDX_MSG)) return false;
    if (IS_NONE(s->stop)) *stop = *step < 0 ? INT64_MIN : INT64_MAX;
    else if (!seq_clamp_index(vm, s->stop, stop, SLICE_IDX_MSG)) return false;
    return true;
}

/* ---- public API ------------------------------------------------------- */

ObjSlice *slice_new(VM *vm, Value start, Value stop, Value step) {
    ObjSlice *s = (ObjSlice *)gc_alloc(vm, sizeof(ObjSlice), vm->t_slice, OK_SLICE);
    s->start = IS_NULL(start) ? VAL_NONE : start;
    s->stop = IS_NULL(stop) ? VAL_NONE : stop;
    s->step = IS_NULL(step) ? VAL_NONE : step;
    return s;
}

bool slice_indices(VM *vm, ObjSlice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                   int64_t *slicelen) {
    int64_t a, b, c;
    if (!slice_unpack(vm, s, &a, &b, &c)) return false;
    int64_t n = seq_adjust_indices(len, &a, &b, c);
    *start = a;
    *stop = b;
    *step = c;
    if (slicelen) *slicelen = n;
    return true;
}

/* ---- the slice type --------------------------------------------------- */

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

static Value sl_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (kwnames && kwnames->len) return vm_raise(vm, vm->exc_TypeError, "slice() takes no keyword arguments");
    int n = nargs - 1;
    if (n < 1) return vm_raise(vm, vm->exc_TypeError, "slice expected at least 1 argument, got %d", n);
    if (n > 3) return vm_raise(vm, vm->exc_TypeError, "slice expected at most 3 arguments, got %d", n);
    if (n == 1) return MAKE_OBJ(slice_new(vm, VAL_NONE, args[1], VAL_NONE));
    return MAKE_OBJ(slice_new(vm, args[1], args[2], n == 3 ? args[3] : VAL_NONE));
}

#define SELF_CHECK(name)                                                                                      \
    if (nargs < 1 || !IS_SLICE(args[0]))                                                                      \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'slice' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));

static Value sl_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_CHECK("__repr__")
    ObjSlice *s = AS_SLICE(args[0]);
    Value parts[3] = {s->start, s->stop, s->step};
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "slice(");
    for (int i = 0; i < 3; i++) {
        Value r = vm_repr(vm, parts[i]);
        if (IS_NULL(r)) {
            strbuf_free(&b);
            return VAL_NULL;
        }
        if (i) strbuf_add_cstr(&b, ", ");
        strbuf_add_str(&b, AS_STR(r));
    }
    strbuf_add_char(&b, ')');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value sl_indices(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_CHECK("indices")
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "slice.indices() takes exactly one argument (%d given)", nargs - 1);
    ObjSlice *s = AS_SLICE(args[0]);
    Value lv = int_index(vm, args[1]);
    if (IS_NULL(lv)) return VAL_NULL;
    if (int_sign(lv) < 0) return vm_raise(vm, vm->exc_ValueError, "length should not be negative");
    if (IS_BIGINT(lv)) return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
    int64_t start, stop, step;
    if (!slice_indices(vm, s, AS_INT(lv), &start, &stop, &step, NULL)) return VAL_NULL;
    Value items[3] = {MAKE_INT(start), MAKE_INT(stop), MAKE_INT(step)};
    /* a huge step keeps its exact value (only its sign matters above) */
    if (!IS_NONE(s->step)) {
        Value st = int_index(vm, s->step);
        if (IS_NULL(st)) return VAL_NULL;
        items[2] = st;
    }
    return MAKE_OBJ(tuple_from(vm, items, 3));
}

static ObjTuple *sl_as_tuple(VM *vm, ObjSlice *s) {
    Value items[3] = {s->start, s->stop, s->step};
    return tuple_from(vm, items, 3);
}

static Value sl_compare(VM *vm, Value *args, int nargs, CmpOp op) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "expected 1 argument, got %d", nargs - 1);
    if (!IS_SLICE(args[0]) || !IS_SLICE(args[1])) return NOTIMPL;
    if (AS_OBJ(args[0]) == AS_OBJ(args[1])) {
        if (op == CMP_EQ || op == CMP_LE || op == CMP_GE) return VAL_TRUE;
        if (op == CMP_NE || op == CMP_LT || op == CMP_GT) return VAL_FALSE;
    }
    ObjTuple *a = sl_as_tuple(vm, AS_SLICE(args[0]));
    ObjTuple *b = sl_as_tuple(vm, AS_SLICE(args[1]));
    return vm_compare(vm, MAKE_OBJ(a), MAKE_OBJ(b), op);
}

static Value sl_eq(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_EQ); }
static Value sl_ne(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_NE); }
static Value sl_lt(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_LT); }
static Value sl_le(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_LE); }
static Value sl_gt(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_GT); }
static Value sl_ge(VM *vm, Value *a, int n, ObjTuple *k) { return sl_compare(vm, a, n, CMP_GE); }

static Value sl_reduce(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_CHECK("__reduce__")
    if (nargs != 1)
        return vm_raise(vm, vm->exc_TypeError, "slice.__reduce__() takes no arguments (%d given)", nargs - 1);
    Value items[2] = {MAKE_OBJ(vm->t_slice), MAKE_OBJ(sl_as_tuple(vm, AS_SLICE(args[0])))};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value get_start(VM *vm, Value self) { return AS_SLICE(self)->start; }
static Value get_stop(VM *vm, Value self) { return AS_SLICE(self)->stop; }
static Value get_step(VM *vm, Value self) { return AS_SLICE(self)->step; }

static const MethodDef slice_methods[] = {
    {"__new__", sl_new, METH_STATIC | METH_KW, NULL},
    {"__repr__", sl_repr, 0, NULL},
    {"__eq__", sl_eq, 0, NULL},
    {"__ne__", sl_ne, 0, NULL},
    {"__lt__", sl_lt, 0, NULL},
    {"__le__", sl_le, 0, NULL},
    {"__gt__", sl_gt, 0, NULL},
    {"__ge__", sl_ge, 0, NULL},
    {"__reduce__", sl_reduce, 0, NULL},
    {"indices", sl_indices, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef slice_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

void slice_init_type(VM *vm) {
    type_add_methods(vm, vm->t_slice, slice_methods);
    type_add_getsets(vm, vm->t_slice, slice_getsets);
    type_set_attr(vm, vm->t_slice, "__hash__", VAL_NONE);
}
