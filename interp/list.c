/* list.c: Python list: construction, growth, the type's methods, the
 * list_iterator / list_reverseiterator types, and the sequence helpers
 * shared with tuple.c and range.c (seq_item_eq, seq_repeat_count, ...).
 *
 * The items buffer is exactly cap * sizeof(Value) bytes from gc_malloc /
 * gc_realloc (gc.c frees it with that size). It grows like CPython's
 * list_resize (about 1.125x + 6), so append is amortised O(1). cap is -1
 * only while list_sort (listsort.c) has taken the items away: any mutation
 * during the sort resets it, which is how "list modified during sort" is
 * detected.
 *
 * Anything that may run Coil code (__eq__, __repr__, iteration) re-reads
 * len and items after every call, because the callee may mutate the list.
 */
#include <string.h>

#include "int.h"
#include "list.h"
#include "slice.h"
#include "str.h"

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

/* slice.c */
int seq_key_index(VM *vm, Value key, int64_t *out);
bool seq_clamp_index(VM *vm, Value v, int64_t *out, const char *msg);
int64_t seq_adjust_indices(int64_t len, int64_t *start, int64_t *stop, int64_t step);

/* Largest number of items a list/tuple may be asked to hold before we
 * report MemoryError instead of trying (and aborting in gc_malloc). */
#define SEQ_MAX_ITEMS ((int64_t)(gc_memory_limit() / sizeof(Value)))

/* ---- helpers shared with tuple.c and range.c -------------------------- */

/* PyObject_RichCompareBool(a, b, Py_EQ): identity first, then fast paths
 * for the common kinds, then the full protocol. 1, 0 or -1. */
int seq_item_eq(VM *vm, Value a, Value b) {
    if (val_is(a, b)) return 1;
    if (IS_INTLIKE(a) && IS_INTLIKE(b)) return AS_INT(a) == AS_INT(b);
    if (IS_FLOAT(a) && IS_FLOAT(b)) return AS_FLOAT(a) == AS_FLOAT(b);
    if (IS_STR(a) && IS_STR(b) && AS_OBJ(a)->type == vm->t_str && AS_OBJ(b)->type == vm->t_str)
        return str_equal(AS_STR(a), AS_STR(b));
    return vm_eq(vm, a, b);
}

/* The count of seq * n (ops.c tries the other operand's reflected method
 * before a built-in sequence's __mul__, so a bad operand is an error here,
 * as in CPython's sq_repeat). 1 = ok (*out >= 0), -1 = error. */
int seq_repeat_count(VM *vm, Value n, int64_t *out, bool reflected) {
    (void)reflected;
    if (IS_INTLIKE(n)) {
        *out = AS_INT(n) < 0 ? 0 : AS_INT(n);
        return 1;
    }
    Value r = n;
    if (!IS_BIGINT(n)) {
        if (!IS_OBJ(n) || IS_NULL(type_lookup(vm, vm_type_of(vm, n), vm->s___index__))) {
            vm_raise(vm, vm->exc_TypeError, "can't multiply sequence by non-int of type '%s'", vm_type_name(vm, n));
            return -1;
        }
        r = int_index(vm, n);
        if (IS_NULL(r)) return -1;
    }
    if (IS_BIGINT(r)) {
        if (int_sign(r) < 0) {
            *out = 0;
            return 1;
        }
        vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    *out = AS_INT(r) < 0 ? 0 : AS_INT(r);
    return 1;
}

/* PyNumber_AsSsize_t(v, OverflowError): ints and __index__ objects. */
bool seq_to_ssize(VM *vm, Value v, int64_t *out) {
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    Value r = int_index(vm, v);
    if (IS_NULL(r)) return false;
    if (IS_BIGINT(r)) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
        return false;
    }
    *out = AS_INT(r);
    return true;
}

/* Checks len * n items is allocatable; MemoryError otherwise. */
bool seq_repeat_size(VM *vm, int64_t len, int64_t n, int64_t *total) {
    if (len > 0 && n > SEQ_MAX_ITEMS / len) {
        vm_raise_no_memory(vm);
        return false;
    }
    *total = len * n;
    return true;
}

/* Arity errors in CPython's words. */
static Value err_exactly_one(VM *vm, const char *tname, const char *name, int given) {
    return vm_raise(vm, vm->exc_TypeError, "%s.%s() takes exactly one argument (%d given)", tname, name, given);
}
static Value err_no_args(VM *vm, const char *tname, const char *name, int given) {
    return vm_raise(vm, vm->exc_TypeError, "%s.%s() takes no arguments (%d given)", tname, name, given);
}
static Value err_slot_args(VM *vm, int want, int given) {
    return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", want, want == 1 ? "" : "s", given);
}

/* ---- construction and growth ------------------------------------------ */

static void list_set_cap(VM *vm, ObjList *l, int64_t newcap) {
    size_t old = l->cap > 0 ? (size_t)l->cap * sizeof(Value) : 0;
    l->items = gc_realloc(vm, l->items, old, (size_t)newcap * sizeof(Value));
    l->cap = newcap;
}

/* CPython's list_resize: sets len, reallocating with over-allocation when
 * the buffer is too small or far too big. New slots are not initialised. */
static bool list_resize(VM *vm, ObjList *l, int64_t newlen) {
    if (l->cap >= newlen && newlen >= (l->cap >> 1)) {
        l->len = newlen;
        return true;
    }
    if (newlen > SEQ_MAX_ITEMS) {
        vm_raise_no_memory(vm);
        return false;
    }
    int64_t newcap = (newlen + (newlen >> 3) + 6) & ~(int64_t)3;
    if (newlen - l->len > newcap - newlen) newcap = (newlen + 3) & ~(int64_t)3;
    if (newlen == 0) newcap = 0;
    list_set_cap(vm, l, newcap);
    l->len = newlen;
    return true;
}

ObjList *list_new(VM *vm, int64_t len) {
    ObjList *l = (ObjList *)gc_alloc(vm, sizeof(ObjList), vm->t_list, OK_LIST);
    if (len > 0) {
        l->items = gc_malloc(vm, (size_t)len * sizeof(Value));
        for (int64_t i = 0; i < len; i++) l->items[i] = VAL_NONE;
        l->cap = len;
        l->len = len;
    }
    return l;
}

static ObjList *list_from_items(VM *vm, const Value *items, int64_t n) {
    ObjList *l = list_new(vm, n);
    if (n > 0) memcpy(l->items, items, (size_t)n * sizeof(Value));
    return l;
}

bool list_append(VM *vm, ObjList *l, Value v) {
    if (l->len < l->cap) {
        l->items[l->len++] = v;
        return true;
    }
    int64_t n = l->len;
    if (!list_resize(vm, l, n + 1)) return false;
    l->items[n] = v;
    return true;
}

/* Makes room for n items at index i (0 <= i <= len); the gap is filled
 * with None. */
static bool list_open_gap(VM *vm, ObjList *l, int64_t i, int64_t n) {
    int64_t old = l->len;
    if (n <= 0) return true;
    if (n > SEQ_MAX_ITEMS - old) {
        vm_raise_no_memory(vm);
        return false;
    }
    if (!list_resize(vm, l, old + n)) return false;
    memmove(l->items + i + n, l->items + i, (size_t)(old - i) * sizeof(Value));
    for (int64_t k = 0; k < n; k++) l->items[i + k] = VAL_NONE;
    return true;
}

/* Removes items [lo, hi). */
static void list_remove_range(VM *vm, ObjList *l, int64_t lo, int64_t hi) {
    if (hi <= lo) return;
    memmove(l->items + lo, l->items + hi, (size_t)(l->len - hi) * sizeof(Value));
    list_resize(vm, l, l->len - (hi - lo)); /* shrinking cannot fail */
}

static void list_clear_items(VM *vm, ObjList *l) {
    if (l->cap > 0) gc_free(vm, l->items, (size_t)l->cap * sizeof(Value));
    l->items = NULL;
    l->cap = 0;
    l->len = 0;
}

bool list_insert(VM *vm, ObjList *l, int64_t where, Value v) {
    int64_t n = l->len;
    if (where < 0) {
        where += n;
        if (where < 0) where = 0;
    }
    if (where > n) where = n;
    if (!list_open_gap(vm, l, where, 1)) return false;
    l->items[where] = v;
    return true;
}

bool list_extend(VM *vm, ObjList *l, Value iterable) {
    if (IS_OBJ(iterable) && (AS_OBJ(iterable)->type == vm->t_list || AS_OBJ(iterable)->type == vm->t_tuple)) {
        int64_t n;
        Value *src;
        if (IS_LIST(iterable)) {
            n = AS_LIST(iterable)->len;
            src = AS_LIST(iterable)->items;
        } else {
            n = AS_TUPLE(iterable)->len;
            src = AS_TUPLE(iterable)->items;
        }
        if (n == 0) return true;
        int64_t old = l->len;
        if (n > SEQ_MAX_ITEMS - old) {
            vm_raise_no_memory(vm);
            return false;
        }
        if (!list_resize(vm, l, old + n)) return false;
        /* src may be l->items itself (l.extend(l)): re-read after resize */
        if (IS_LIST(iterable)) src = AS_LIST(iterable)->items;
        memmove(l->items + old, src, (size_t)n * sizeof(Value));
        return true;
    }
    size_t mark = gc_roots_mark(vm);
    gc_push_root(vm, iterable);
    Value it = vm_getiter(vm, iterable);
    bool ok = !IS_NULL(it);
    if (ok) {
        gc_push_root(vm, it);
        for (;;) {
            Value v = vm_iternext(vm, it);
            if (IS_NULL(v)) {
                ok = !vm_has_exc(vm);
                break;
            }
            if (!list_append(vm, l, v)) {
                ok = false;
                break;
            }
        }
    }
    gc_roots_reset(vm, mark);
    return ok;
}

ObjTuple *list_to_tuple(VM *vm, ObjList *l) { return tuple_from(vm, l->items, l->len); }

ObjTuple *tuple_from_iterable(VM *vm, Value iterable) {
    if (IS_OBJ(iterable) && AS_OBJ(iterable)->type == vm->t_tuple) return AS_TUPLE(iterable);
    if (IS_OBJ(iterable) && AS_OBJ(iterable)->type == vm->t_list) return list_to_tuple(vm, AS_LIST(iterable));
    ObjList *tmp = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(tmp));
    size_t mark = gc_roots_mark(vm);
    bool ok = list_extend(vm, tmp, iterable);
    gc_roots_reset(vm, mark);
    gc_pop_roots(vm, 1);
    if (!ok) return NULL;
    return list_to_tuple(vm, tmp);
}

/* repr of a sequence of items between open/close ("[", "]"). */
static Value seq_repr_list(VM *vm, ObjList *l) {
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_char(&b, '[');
    for (int64_t i = 0; i < l->len; i++) {
        Value item = l->items[i];
        if (i) strbuf_add_cstr(&b, ", ");
        if (IS_STR(item) && AS_OBJ(item)->type == vm->t_str) {
            str_repr_into(&b, AS_STR(item), false);
            continue;
        }
        Value r = vm_repr(vm, item);
        if (IS_NULL(r)) {
            strbuf_free(&b);
            return VAL_NULL;
        }
        strbuf_add_str(&b, AS_STR(r));
    }
    strbuf_add_char(&b, ']');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

Value list_repr(VM *vm, ObjList *l) {
    if (l->len == 0) return MAKE_OBJ(str_intern_cstr(vm, "[]"));
    int rc = vm_repr_enter(vm, (Obj *)l);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) return MAKE_OBJ(str_intern_cstr(vm, "[...]"));
    Value r = seq_repr_list(vm, l);
    vm_repr_leave(vm, (Obj *)l);
    return r;
}

/* ---- iterators (ptypes[0] list_iterator, ptypes[1] list_reverseiterator) */

typedef struct {
    Obj obj;
    ObjList *list; /* NULL once exhausted */
    int64_t index;
} ListIter;

static void listiter_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((ListIter *)o)->list); }

static Value listiter_next(VM *vm, Value self) {
    ListIter *it = (ListIter *)AS_OBJ(self);
    ObjList *l = it->list;
    if (l) {
        if (it->index < l->len) return l->items[it->index++];
        it->list = NULL;
    }
    return VAL_NULL;
}

static Value listrev_next(VM *vm, Value self) {
    ListIter *it = (ListIter *)AS_OBJ(self);
    ObjList *l = it->list;
    if (l) {
        if (it->index >= 0 && it->index < l->len) return l->items[it->index--];
        it->list = NULL;
        it->index = -1;
    }
    return VAL_NULL;
}

static Value listiter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 1) return err_no_args(vm, "list_iterator", "__length_hint__", nargs - 1);
    ListIter *it = (ListIter *)AS_OBJ(args[0]);
    if (!it->list) return MAKE_INT(0);
    int64_t n = it->list->len - it->index;
    return MAKE_INT(n < 0 ? 0 : n);
}

static Value listrev_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 1) return err_no_args(vm, "list_reverseiterator", "__length_hint__", nargs - 1);
    ListIter *it = (ListIter *)AS_OBJ(args[0]);
    if (!it->list || it->index >= it->list->len) return MAKE_INT(0);
    return MAKE_INT(it->index + 1);
}

static const MethodDef listiter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", listiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef listrev_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", listrev_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- methods ---------------------------------------------------------- */

#define SELF_DUNDER(name)                                                                                     \
    if (nargs < 1 || !IS_LIST(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'list' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SELF_METHOD(name)                                                                                     \
    if (nargs < 1 || !IS_LIST(args[0]))                                                                       \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' for 'list' objects doesn't apply to a '%s' object", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
#define SLOT_ARGS(n)                                 \
    if (nargs != (n) + 1) return err_slot_args(vm, (n), nargs - 1);
/* CPython's wrappers for sq_repeat / mp_ass_subscript say " expected ..." */
#define SLOT_ARGS_SP(n)                                                                                       \
    if (nargs != (n) + 1)                                                                                     \
        return vm_raise(vm, vm->exc_TypeError, " expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", nargs - 1);

static Value l_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1) return vm_raise(vm, vm->exc_TypeError, "list.__new__(): not enough arguments");
    if (!IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "list.__new__(X): X is not a type object (%s)", vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_list))
        return vm_raise(vm, vm->exc_TypeError, "list.__new__(%s): %s is not a subtype of list", cls->name->data,
                        cls->name->data);
    if (cls == vm->t_list) return MAKE_OBJ(list_new(vm, 0));
    size_t size = cls->basicsize > sizeof(ObjList) ? cls->basicsize : sizeof(ObjList);
    return MAKE_OBJ(gc_alloc(vm, size, cls, OK_LIST));
}

static Value l_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__init__")
    if (kw && kw->len) return vm_raise(vm, vm->exc_TypeError, "list() takes no keyword arguments");
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "list expected at most 1 argument, got %d", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    if (l->len || l->cap > 0) list_clear_items(vm, l);
    if (nargs == 2 && !list_extend(vm, l, args[1])) return VAL_NULL;
    return VAL_NONE;
}

static Value l_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__repr__")
    SLOT_ARGS(0)
    return list_repr(vm, AS_LIST(args[0]));
}

static Value l_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__len__")
    SLOT_ARGS(0)
    return MAKE_INT(AS_LIST(args[0])->len);
}

static Value l_slice(VM *vm, ObjList *l, ObjSlice *s) {
    int64_t start, stop, step, n;
    if (!slice_indices(vm, s, l->len, &start, &stop, &step, &n)) return VAL_NULL;
    if (step == 1) return MAKE_OBJ(list_from_items(vm, l->items + start, n));
    ObjList *r = list_new(vm, n);
    for (int64_t i = 0, j = start; i < n; i++, j += step) r->items[i] = l->items[j];
    return MAKE_OBJ(r);
}

static Value l_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__getitem__")
    if (nargs != 2) return err_exactly_one(vm, "list", "__getitem__", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    Value key = args[1];
    int64_t i;
    int rc = seq_key_index(vm, key, &i);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) {
        if (!seq_index(l->len, &i)) return vm_raise(vm, vm->exc_IndexError, "list index out of range");
        return l->items[i];
    }
    if (IS_SLICE(key)) return l_slice(vm, l, AS_SLICE(key));
    return vm_raise(vm, vm->exc_TypeError, "list indices must be integers or slices, not %s", vm_type_name(vm, key));
}

/* Items of v as a C array for slice assignment: list/tuple directly (a
 * copy when it is the target list itself), anything else collected into a
 * fresh list. NULL with an exception on failure. */
static ObjList *seq_fast(VM *vm, ObjList *target, Value v, const char *msg, Value **items, int64_t *n) {
    if (IS_TUPLE(v)) {
        *items = AS_TUPLE(v)->items;
        *n = AS_TUPLE(v)->len;
        return target;
    }
    if (IS_LIST(v) && AS_LIST(v) != target && AS_OBJ(v)->type == vm->t_list) {
        *items = AS_LIST(v)->items;
        *n = AS_LIST(v)->len;
        return target;
    }
    if (IS_LIST(v) && AS_OBJ(v)->type == vm->t_list) {
        ObjList *c = list_from_items(vm, AS_LIST(v)->items, AS_LIST(v)->len);
        *items = c->items;
        *n = c->len;
        return c;
    }
    Value it = vm_getiter(vm, v);
    if (IS_NULL(it)) {
        if (vm_exc_matches(vm, vm->exc_TypeError)) {
            vm_clear_exc(vm);
            vm_raise(vm, vm->exc_TypeError, "%s", msg);
        }
        return NULL;
    }
    ObjList *c = list_new(vm, 0);
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) {
            if (vm_has_exc(vm)) return NULL;
            break;
        }
        if (!list_append(vm, c, x)) return NULL;
    }
    *items = c->items;
    *n = c->len;
    return c;
}

/* l[lo:hi] = items (step 1, indices already clamped, hi may be < lo). */
static bool list_ass_slice(VM *vm, ObjList *l, int64_t lo, int64_t hi, Value *items, int64_t n) {
    if (hi < lo) hi = lo;
    int64_t d = n - (hi - lo);
    if (d < 0) {
        memmove(l->items + hi + d, l->items + hi, (size_t)(l->len - hi) * sizeof(Value));
        list_resize(vm, l, l->len + d);
    } else if (d > 0) {
        int64_t old = l->len;
        if (d > SEQ_MAX_ITEMS - old) {
            vm_raise_no_memory(vm);
            return false;
        }
        if (!list_resize(vm, l, old + d)) return false;
        memmove(l->items + hi + d, l->items + hi, (size_t)(old - hi) * sizeof(Value));
    }
    if (n) memmove(l->items + lo, items, (size_t)n * sizeof(Value));
    return true;
}

static bool l_setslice(VM *vm, ObjList *l, ObjSlice *s, Value v) {
    int64_t start, stop, step, n;
    if (!slice_indices(vm, s, l->len, &start, &stop, &step, &n)) return false;
    Value *items;
    int64_t m;
    if (step == 1) {
        ObjList *holder = seq_fast(vm, l, v, "can only assign an iterable", &items, &m);
        if (!holder) return false;
        /* iteration may have run Coil code that changed l: clamp again */
        if (!slice_indices(vm, s, l->len, &start, &stop, &step, &n)) return false;
        return list_ass_slice(vm, l, start, stop, items, m);
    }
    ObjList *holder = seq_fast(vm, l, v, "must assign iterable to extended slice", &items, &m);
    if (!holder) return false;
    if (!slice_indices(vm, s, l->len, &start, &stop, &step, &n)) return false;
    if (m != n)
        return !IS_NULL(vm_raise(vm, vm->exc_ValueError,
                                 "attempt to assign sequence of size %lld to extended slice of size %lld",
                                 (long long)m, (long long)n));
    for (int64_t i = 0, j = start; i < n; i++, j += step) l->items[j] = items[i];
    return true;
}

static bool l_delslice(VM *vm, ObjList *l, ObjSlice *s) {
    int64_t start, stop, step, n;
    if (!slice_indices(vm, s, l->len, &start, &stop, &step, &n)) return false;
    if (step == 1) {
        if (n > 0) list_remove_range(vm, l, start, stop);
        return true;
    }
    if (n <= 0) return true;
    if (step < 0) {
        /* same items as the positive-step slice ending at start */
        start = start + step * (n - 1);
        step = -step;
    }
    /* compact: keep everything not on the arithmetic progression */
    int64_t w = start, next = start, removed = 0;
    for (int64_t r = start; r < l->len; r++) {
        if (removed < n && r == next) {
            removed++;
            next += step;
            continue;
        }
        l->items[w++] = l->items[r];
    }
    list_resize(vm, l, w);
    return true;
}

static Value l_setitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__setitem__")
    SLOT_ARGS_SP(2)
    ObjList *l = AS_LIST(args[0]);
    Value key = args[1];
    int64_t i;
    int rc = seq_key_index(vm, key, &i);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) {
        if (!seq_index(l->len, &i)) return vm_raise(vm, vm->exc_IndexError, "list assignment index out of range");
        l->items[i] = args[2];
        return VAL_NONE;
    }
    if (IS_SLICE(key)) return l_setslice(vm, l, AS_SLICE(key), args[2]) ? VAL_NONE : VAL_NULL;
    return vm_raise(vm, vm->exc_TypeError, "list indices must be integers or slices, not %s", vm_type_name(vm, key));
}

static Value l_delitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__delitem__")
    SLOT_ARGS(1)
    ObjList *l = AS_LIST(args[0]);
    Value key = args[1];
    int64_t i;
    int rc = seq_key_index(vm, key, &i);
    if (rc < 0) return VAL_NULL;
    if (rc > 0) {
        if (!seq_index(l->len, &i)) return vm_raise(vm, vm->exc_IndexError, "list assignment index out of range");
        list_remove_range(vm, l, i, i + 1);
        return VAL_NONE;
    }
    if (IS_SLICE(key)) return l_delslice(vm, l, AS_SLICE(key)) ? VAL_NONE : VAL_NULL;
    return vm_raise(vm, vm->exc_TypeError, "list indices must be integers or slices, not %s", vm_type_name(vm, key));
}

static Value l_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__contains__")
    SLOT_ARGS(1)
    ObjList *l = AS_LIST(args[0]);
    for (int64_t i = 0; i < l->len; i++) {
        int r = seq_item_eq(vm, l->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) return VAL_TRUE;
    }
    return VAL_FALSE;
}

static Value l_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__iter__")
    SLOT_ARGS(0)
    ListIter *it = (ListIter *)gc_alloc(vm, sizeof(ListIter), vm->ptypes[0], OK_OTHER);
    it->list = AS_LIST(args[0]);
    it->index = 0;
    return MAKE_OBJ(it);
}

static Value l_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("__reversed__")
    if (nargs != 1) return err_no_args(vm, "list", "__reversed__", nargs - 1);
    ListIter *it = (ListIter *)gc_alloc(vm, sizeof(ListIter), vm->ptypes[1], OK_OTHER);
    it->list = AS_LIST(args[0]);
    it->index = it->list->len - 1;
    return MAKE_OBJ(it);
}

/* Lexicographic comparison of two lists or two tuples (CPython's
 * list_richcompare / tuplerichcompare), re-reading both after every element
 * comparison since a user __eq__ may mutate a list. tuple.c uses it too. */
static inline int64_t seq_len(Value v) { return IS_LIST(v) ? AS_LIST(v)->len : AS_TUPLE(v)->len; }
static inline Value seq_at(Value v, int64_t i) { return IS_LIST(v) ? AS_LIST(v)->items[i] : AS_TUPLE(v)->items[i]; }

Value seq_richcompare(VM *vm, Value a, Value b, CmpOp op) {
    if (seq_len(a) != seq_len(b) && (op == CMP_EQ || op == CMP_NE)) return MAKE_BOOL(op == CMP_NE);
    int64_t i;
    for (i = 0; i < seq_len(a) && i < seq_len(b); i++) {
        int r = seq_item_eq(vm, seq_at(a, i), seq_at(b, i));
        if (r < 0) return VAL_NULL;
        if (!r) break;
    }
    if (i >= seq_len(a) || i >= seq_len(b)) {
        int64_t x = seq_len(a), y = seq_len(b);
        bool res;
        switch (op) {
        case CMP_LT: res = x < y; break;
        case CMP_LE: res = x <= y; break;
        case CMP_EQ: res = x == y; break;
        case CMP_NE: res = x != y; break;
        case CMP_GT: res = x > y; break;
        default: res = x >= y; break;
        }
        return MAKE_BOOL(res);
    }
    if (op == CMP_EQ) return VAL_FALSE;
    if (op == CMP_NE) return VAL_TRUE;
    return vm_compare(vm, seq_at(a, i), seq_at(b, i), op);
}

static Value l_compare(VM *vm, Value *args, int nargs, CmpOp op) {
    if (nargs != 2) return err_slot_args(vm, 1, nargs - 1);
    if (!IS_LIST(args[0]) || !IS_LIST(args[1])) return NOTIMPL;
    return seq_richcompare(vm, args[0], args[1], op);
}

static Value l_eq(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_EQ); }
static Value l_ne(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_NE); }
static Value l_lt(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_LT); }
static Value l_le(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_LE); }
static Value l_gt(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_GT); }
static Value l_ge(VM *vm, Value *a, int n, ObjTuple *k) { return l_compare(vm, a, n, CMP_GE); }

static Value l_add(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__add__")
    SLOT_ARGS(1)
    Value o = args[1];
    if (!IS_LIST(o))
        return vm_raise(vm, vm->exc_TypeError, "can only concatenate list (not \"%s\") to list", vm_type_name(vm, o));
    ObjList *a = AS_LIST(args[0]), *b = AS_LIST(o);
    if (a->len + b->len > SEQ_MAX_ITEMS) return vm_raise_no_memory(vm);
    ObjList *r = list_new(vm, a->len + b->len);
    if (a->len) memcpy(r->items, a->items, (size_t)a->len * sizeof(Value));
    if (b->len) memcpy(r->items + a->len, b->items, (size_t)b->len * sizeof(Value));
    return MAKE_OBJ(r);
}

static Value l_iadd(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__iadd__")
    SLOT_ARGS(1)
    if (!list_extend(vm, AS_LIST(args[0]), args[1])) return VAL_NULL;
    return args[0];
}

static Value list_repeat(VM *vm, ObjList *l, int64_t n) {
    int64_t total;
    if (!seq_repeat_size(vm, l->len, n, &total)) return VAL_NULL;
    ObjList *r = list_new(vm, total);
    int64_t len = l->len;
    if (len == 1) {
        Value v = l->items[0];
        for (int64_t i = 0; i < total; i++) r->items[i] = v;
    } else if (total > 0) {
        memcpy(r->items, l->items, (size_t)len * sizeof(Value));
        int64_t done = len;
        while (done < total) {
            int64_t c = done <= total - done ? done : total - done;
            memcpy(r->items + done, r->items, (size_t)c * sizeof(Value));
            done += c;
        }
    }
    return MAKE_OBJ(r);
}

static Value l_mul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__mul__")
    SLOT_ARGS_SP(1)
    int64_t n;
    int rc = seq_repeat_count(vm, args[1], &n, false);
    if (rc < 0) return VAL_NULL;
    if (rc == 0) return NOTIMPL;
    return list_repeat(vm, AS_LIST(args[0]), n);
}

static Value l_rmul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__rmul__")
    SLOT_ARGS_SP(1)
    int64_t n;
    int rc = seq_repeat_count(vm, args[1], &n, true);
    if (rc < 0) return VAL_NULL;
    if (rc == 0) return NOTIMPL;
    return list_repeat(vm, AS_LIST(args[0]), n);
}

static Value l_imul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_DUNDER("__imul__")
    SLOT_ARGS_SP(1)
    ObjList *l = AS_LIST(args[0]);
    Value c = int_index(vm, args[1]);
    if (IS_NULL(c)) return VAL_NULL;
    int64_t n;
    if (IS_BIGINT(c)) {
        if (int_sign(c) > 0 && l->len > 0)
            return vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        n = int_sign(c) > 0 ? 1 : 0;
    } else {
        n = AS_INT(c);
    }
    if (n <= 0 || l->len == 0) {
        list_clear_items(vm, l);
        return args[0];
    }
    if (n == 1) return args[0];
    int64_t len = l->len, total;
    if (!seq_repeat_size(vm, len, n, &total)) return VAL_NULL;
    if (!list_resize(vm, l, total)) return VAL_NULL;
    for (int64_t done = len; done < total;) {
        int64_t c2 = done <= total - done ? done : total - done;
        memcpy(l->items + done, l->items, (size_t)c2 * sizeof(Value));
        done += c2;
    }
    return args[0];
}

static Value l_append(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("append")
    if (nargs != 2) return err_exactly_one(vm, "list", "append", nargs - 1);
    if (!list_append(vm, AS_LIST(args[0]), args[1])) return VAL_NULL;
    return VAL_NONE;
}

static Value l_extend(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("extend")
    if (nargs != 2) return err_exactly_one(vm, "list", "extend", nargs - 1);
    if (!list_extend(vm, AS_LIST(args[0]), args[1])) return VAL_NULL;
    return VAL_NONE;
}

static Value l_insert(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("insert")
    if (nargs != 3) return vm_raise(vm, vm->exc_TypeError, "insert expected 2 arguments, got %d", nargs - 1);
    int64_t i;
    if (!seq_to_ssize(vm, args[1], &i)) return VAL_NULL;
    if (!list_insert(vm, AS_LIST(args[0]), i, args[2])) return VAL_NULL;
    return VAL_NONE;
}

static Value l_pop(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("pop")
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "pop expected at most 1 argument, got %d", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    int64_t i = -1;
    if (nargs == 2 && !seq_to_ssize(vm, args[1], &i)) return VAL_NULL;
    if (l->len == 0) return vm_raise(vm, vm->exc_IndexError, "pop from empty list");
    if (!seq_index(l->len, &i)) return vm_raise(vm, vm->exc_IndexError, "pop index out of range");
    Value v = l->items[i];
    if (i == l->len - 1) list_resize(vm, l, l->len - 1);
    else list_remove_range(vm, l, i, i + 1);
    return v;
}

static Value l_remove(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("remove")
    if (nargs != 2) return err_exactly_one(vm, "list", "remove", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    for (int64_t i = 0; i < l->len; i++) {
        int r = seq_item_eq(vm, l->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) {
            if (i < l->len) list_remove_range(vm, l, i, i + 1);
            return VAL_NONE;
        }
    }
    return vm_raise(vm, vm->exc_ValueError, "list.remove(x): x not in list");
}

/* start/stop of index(): clamped like list.index (negative from the end). */
bool seq_index_bounds(VM *vm, Value *args, int nargs, int64_t len, int64_t *start, int64_t *stop) {
    static const char msg[] = "slice indices must be integers or have an __index__ method";
    *start = 0;
    *stop = INT64_MAX;
    if (nargs > 2 && !seq_clamp_index(vm, args[2], start, msg)) return false;
    if (nargs > 3 && !seq_clamp_index(vm, args[3], stop, msg)) return false;
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = 0;
    }
    if (*stop < 0) {
        *stop += len;
        if (*stop < 0) *stop = 0;
    }
    return true;
}

static Value l_index(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("index")
    if (nargs < 2) return vm_raise(vm, vm->exc_TypeError, "index expected at least 1 argument, got %d", nargs - 1);
    if (nargs > 4) return vm_raise(vm, vm->exc_TypeError, "index expected at most 3 arguments, got %d", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    int64_t start, stop;
    if (!seq_index_bounds(vm, args, nargs, l->len, &start, &stop)) return VAL_NULL;
    for (int64_t i = start; i < stop && i < l->len; i++) {
        int r = seq_item_eq(vm, l->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) return MAKE_INT(i);
    }
    Value rep = vm_repr(vm, args[1]);
    if (IS_NULL(rep)) return VAL_NULL;
    return vm_raise(vm, vm->exc_ValueError, "%s is not in list", AS_STR(rep)->data);
}

static Value l_count(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("count")
    if (nargs != 2) return err_exactly_one(vm, "list", "count", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    int64_t c = 0;
    for (int64_t i = 0; i < l->len; i++) {
        int r = seq_item_eq(vm, l->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        c += r;
    }
    return MAKE_INT(c);
}

static Value l_reverse(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("reverse")
    if (nargs != 1) return err_no_args(vm, "list", "reverse", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
    return VAL_NONE;
}

static Value l_clear(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("clear")
    if (nargs != 1) return err_no_args(vm, "list", "clear", nargs - 1);
    list_clear_items(vm, AS_LIST(args[0]));
    return VAL_NONE;
}

static Value l_copy(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("copy")
    if (nargs != 1) return err_no_args(vm, "list", "copy", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    return MAKE_OBJ(list_from_items(vm, l->items, l->len));
}

static Value l_sort(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("sort")
    if (nargs > 1) return vm_raise(vm, vm->exc_TypeError, "sort() takes no positional arguments");
    Value key = VAL_NULL;
    bool reverse = false;
    if (kw && kw->len) {
        if (kw->len > 2)
            return vm_raise(vm, vm->exc_TypeError, "sort() takes at most 2 keyword arguments (%d given)", (int)kw->len);
        for (int64_t i = 0; i < kw->len; i++) {
            ObjStr *k = AS_STR(kw->items[i]);
            Value v = args[nargs + i];
            if (strcmp(k->data, "key") == 0) {
                key = IS_NONE(v) ? VAL_NULL : v;
            } else if (strcmp(k->data, "reverse") == 0) {
                Value r = int_index(vm, v);
                if (IS_NULL(r)) return VAL_NULL;
                if (IS_BIGINT(r))
                    return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
                reverse = AS_INT(r) != 0;
            } else {
                return vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for sort()", k->data);
            }
        }
    }
    if (!list_sort(vm, AS_LIST(args[0]), key, reverse)) return VAL_NULL;
    return VAL_NONE;
}

static Value l_sizeof(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SELF_METHOD("__sizeof__")
    if (nargs != 1) return err_no_args(vm, "list", "__sizeof__", nargs - 1);
    ObjList *l = AS_LIST(args[0]);
    return MAKE_INT(40 + 8 * (l->cap > 0 ? l->cap : 0));
}

Value dict_generic_alias(VM *vm, Value origin, Value args);

static Value l_class_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2) return err_exactly_one(vm, "list", "__class_getitem__", nargs - 1);
    return dict_generic_alias(vm, args[0], args[1]);
}

static const MethodDef list_methods[] = {
    {"__new__", l_new, METH_STATIC | METH_KW, NULL},
    {"__init__", l_init, METH_KW, NULL},
    {"__repr__", l_repr, 0, NULL},
    {"__len__", l_len, 0, NULL},
    {"__getitem__", l_getitem, 0, NULL},
    {"__setitem__", l_setitem, 0, NULL},
    {"__delitem__", l_delitem, 0, NULL},
    {"__contains__", l_contains, 0, NULL},
    {"__iter__", l_iter, 0, NULL},
    {"__reversed__", l_reversed, 0, NULL},
    {"__eq__", l_eq, 0, NULL},
    {"__ne__", l_ne, 0, NULL},
    {"__lt__", l_lt, 0, NULL},
    {"__le__", l_le, 0, NULL},
    {"__gt__", l_gt, 0, NULL},
    {"__ge__", l_ge, 0, NULL},
    {"__add__", l_add, 0, NULL},
    {"__iadd__", l_iadd, 0, NULL},
    {"__mul__", l_mul, 0, NULL},
    {"__rmul__", l_rmul, 0, NULL},
    {"__imul__", l_imul, 0, NULL},
    {"__sizeof__", l_sizeof, 0, NULL},
    {"__class_getitem__", l_class_getitem, METH_CLASS, NULL},
    {"append", l_append, 0, NULL},
    {"extend", l_extend, 0, NULL},
    {"insert", l_insert, 0, NULL},
    {"pop", l_pop, 0, NULL},
    {"remove", l_remove, 0, NULL},
    {"index", l_index, 0, NULL},
    {"count", l_count, 0, NULL},
    {"reverse", l_reverse, 0, NULL},
    {"sort", l_sort, METH_KW, NULL},
    {"clear", l_clear, 0, NULL},
    {"copy", l_copy, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void list_init_type(VM *vm) {
    type_add_methods(vm, vm->t_list, list_methods);
    type_set_attr(vm, vm->t_list, "__hash__", VAL_NONE);
    vm->ptypes[0] = type_new_builtin(vm, "list_iterator", NULL, OK_OTHER, sizeof(ListIter), listiter_trace, NULL,
                                     TF_BUILTIN);
    vm->ptypes[0]->iternext = listiter_next;
    type_add_methods(vm, vm->ptypes[0], listiter_methods);
    vm->ptypes[1] = type_new_builtin(vm, "list_reverseiterator", NULL, OK_OTHER, sizeof(ListIter), listiter_trace,
                                     NULL, TF_BUILTIN);
    vm->ptypes[1]->iternext = listrev_next;
    type_add_methods(vm, vm->ptypes[1], listrev_methods);
}
