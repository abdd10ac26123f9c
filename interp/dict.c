/* dict.c: the compact, insertion-ordered dict (layout in object.h) and the
 * dict type: methods, views (dict_keys/dict_values/dict_items), their
 * iterators, and a small GenericAlias for dict[str, int] annotations.
 *
 * Layout (CPython 3.6+): `entries` is an append-only array of
 * (key, value, hash); `index` is an open-addressed table of int32 positions
 * into it (IX_EMPTY -1, IX_DUMMY -2) probed with CPython's perturbation
 * recurrence. A deleted entry keeps its slot with key VAL_NULL so order is
 * preserved; a resize (only when the entries array is full) compacts. The
 * index table is a power of two >= 8 and entries hold at most 2/3 of it.
 *
 * Bootstrap: dict_new, dict_get_str and dict_set_str run before
 * dict_init_type (and before the dunder names are interned), so they touch
 * nothing but the layout and str_hash/str_equal.
 *
 * Private types: vm->ptypes[16..25] (views, iterators, GenericAlias).
 */
#include <stdint.h>
#include <string.h>

#include "dict.h"
#include "exception.h"
#include "float.h"
#include "int.h"
#include "set.h"
#include "str.h"
#include "union.h"
#include "vm.h"

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define PERTURB_SHIFT 5
#define DICT_MINSIZE 8
#define USABLE(n) (((n) << 1) / 3)

#define LK_MISS (-1)
#define LK_ERROR (-2)

enum {
    PT_KEYS = 16,
    PT_VALUES,
    PT_ITEMS,
    PT_KEYITER,
    PT_VALUEITER,
    PT_ITEMITER,
    PT_RKEYITER,
    PT_RVALUEITER,
    PT_RITEMITER,
    PT_ALIAS,
};

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

/* ---- hashing and key equality (shared with set.c) ---------------------- */

uint64_t set_frozen_hash(ObjSet *so); /* set.c */

/* The hash every dict/set uses for a key: fast paths for the common
 * built-in kinds, vm_hash otherwise (TypeError for unhashable). */
bool dict_hash_key(VM *vm, Value k, uint64_t *h) {
    switch (k.tag) {
    case VT_INT:
    case VT_BOOL: *h = int_hash_small(AS_INT(k)); return true;
    case VT_FLOAT: *h = float_hash(AS_FLOAT(k)); return true;
    case VT_OBJ: {
        Obj *o = AS_OBJ(k);
        if (o->kind == OK_STR && o->type == vm->t_str) {
            *h = str_hash(vm, (ObjStr *)o);
            return true;
        }
        if (o->kind == OK_SET && o->type == vm->t_frozenset) {
            *h = set_frozen_hash((ObjSet *)o);
            return true;
        }
        break;
    }
    default: break;
    }
    return vm_hash(vm, k, h);
}

static bool int_float_eq(int64_t i, double f) {
    if (f != f) return false;
    if (f < -9223372036854775808.0 || f >= 9223372036854775808.0) return false;
    int64_t fi = (int64_t)f;
    return (double)fi == f && fi == i;
}

/* Equality of two keys without running Coil code: 1 equal, 0 different,
 * 2 when only vm_eq can tell. */
int dict_fast_eq(VM *vm, Value a, Value b) {
    if (val_is(a, b)) return 1;
    bool a_simple = a.tag != VT_OBJ || (AS_OBJ(a)->kind == OK_STR && AS_OBJ(a)->type == vm->t_str);
    bool b_simple = b.tag != VT_OBJ || (AS_OBJ(b)->kind == OK_STR && AS_OBJ(b)->type == vm->t_str);
    if (!a_simple || !b_simple || a.tag == VT_NULL || b.tag == VT_NULL) return 2;
    if (IS_INTLIKE(a)) {
        if (IS_INTLIKE(b)) return AS_INT(a) == AS_INT(b);
        if (IS_FLOAT(b)) return int_float_eq(AS_INT(a), AS_FLOAT(b));
        return 0;
    }
    if (IS_FLOAT(a)) {
        if (IS_FLOAT(b)) return AS_FLOAT(a) == AS_FLOAT(b);
        if (IS_INTLIKE(b)) return int_float_eq(AS_INT(b), AS_FLOAT(a));
        return 0;
    }
    if (IS_OBJ(a)) {
        if (IS_OBJ(b)) return str_equal(AS_STR(a), AS_STR(b));
        return 0;
    }
    return 0; /* None vs something else (None is None was caught above) */
}

/* Full key equality (identity, fast paths, then vm_eq): 1, 0, -1. */
static int key_eq(VM *vm, Value a, Value b) {
    int r = dict_fast_eq(vm, a, b);
    if (r != 2) return r;
    return vm_eq(vm, a, b);
}

/* ---- the table --------------------------------------------------------- */

ObjDict *dict_new_of_type(VM *vm, ObjType *cls) {
    size_t size = cls->basicsize >= sizeof(ObjDict) ? cls->basicsize : sizeof(ObjDict);
    return (ObjDict *)gc_alloc(vm, size, cls, OK_DICT);
}

ObjDict *dict_new(VM *vm) { return (ObjDict *)gc_alloc(vm, sizeof(ObjDict), vm->t_dict, OK_DICT); }

/* Rebuilds with an index of at least `minsize` slots; compacts entries. */
static void dk_resize(VM *vm, ObjDict *d, int64_t minsize) {
    int64_t newsize = DICT_MINSIZE;
    while (newsize < minsize) newsize <<= 1;
    int64_t newcap = USABLE(newsize);
    DictEntry *ne = gc_malloc(vm, (size_t)newcap * sizeof(DictEntry));
    int32_t *ni = gc_malloc(vm, (size_t)newsize * sizeof(int32_t));
    memset(ni, 0xff, (size_t)newsize * sizeof(int32_t)); /* all IX_EMPTY */
    uint64_t mask = (uint64_t)newsize - 1;
    int64_t n = 0;
    for (int64_t j = 0; j < d->used; j++) {
        DictEntry *e = &d->entries[j];
        if (IS_NULL(e->key)) continue;
        ne[n] = *e;
        uint64_t perturb = e->hash, i = e->hash & mask;
        while (ni[i] != IX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
        ni[i] = (int32_t)n;
        n++;
    }
    gc_free(vm, d->entries, (size_t)d->cap * sizeof(DictEntry));
    gc_free(vm, d->index, (size_t)d->index_size * sizeof(int32_t));
    d->entries = ne;
    d->index = ni;
    d->cap = newcap;
    d->index_size = newsize;
    d->used = n;
    d->len = n;
}

/* Finds key: entry index (>= 0, *slot = its index-table slot), LK_MISS or
 * LK_ERROR. May run __eq__; restarts if the dict changes meanwhile. */
static int64_t dk_lookup(VM *vm, ObjDict *d, Value key, uint64_t hash, int64_t *slot) {
restart:
    if (!d->index) return LK_MISS;
    uint64_t mask = (uint64_t)d->index_size - 1;
    uint64_t i = hash & mask, perturb = hash;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == IX_EMPTY) return LK_MISS;
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (val_is(e->key, key)) {
                *slot = (int64_t)i;
                return ix;
            }
            if (e->hash == hash) {
                Value sk = e->key;
                int r = dict_fast_eq(vm, sk, key);
                if (r == 2) {
                    uint64_t ver = d->version;
                    DictEntry *ents = d->entries;
                    gc_push_root(vm, sk);
                    r = vm_eq(vm, sk, key);
                    gc_pop_roots(vm, 1);
                    if (r < 0) return LK_ERROR;
                    if (d->version != ver || d->entries != ents) goto restart;
                }
                if (r) {
                    *slot = (int64_t)i;
                    return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Lookup for an interned (or any exact) str key: never runs Coil code. */
static int64_t dk_lookup_str(VM *vm, ObjDict *d, ObjStr *key, uint64_t hash) {
    if (!d->index) return LK_MISS;
    uint64_t mask = (uint64_t)d->index_size - 1;
    uint64_t i = hash & mask, perturb = hash;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == IX_EMPTY) return LK_MISS;
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (IS_OBJ(e->key) && AS_OBJ(e->key) == (Obj *)key) return ix;
            if (e->hash == hash && IS_STR(e->key) && str_equal(AS_STR(e->key), key)) return ix;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Appends a key known to be absent. */
static void dk_append(VM *vm, ObjDict *d, Value key, uint64_t hash, Value v) {
    if (d->used >= d->cap) dk_resize(vm, d, d->len * 3);
    uint64_t mask = (uint64_t)d->index_size - 1;
    uint64_t i = hash & mask, perturb = hash;
    while (d->index[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    d->index[i] = (int32_t)d->used;
    DictEntry *e = &d->entries[d->used];
    e->key = key;
    e->value = v;
    e->hash = hash;
    d->used++;
    d->len++;
    d->version++;
}

static void dk_delete_at(ObjDict *d, int64_t slot, int64_t ix) {
    d->index[slot] = IX_DUMMY;
    d->entries[ix].key = VAL_NULL;
    d->entries[ix].value = VAL_NULL;
    d->len--;
    d->version++;
}

/* Insert or replace with a known hash (keeps the existing key object). */
static bool dk_insert(VM *vm, ObjDict *d, Value key, uint64_t hash, Value v) {
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, key, hash, &slot);
    if (ix == LK_ERROR) return false;
    if (ix >= 0) {
        d->entries[ix].value = v;
        d->version++;
        return true;
    }
    dk_append(vm, d, key, hash, v);
    return true;
}

Value dict_get(VM *vm, ObjDict *d, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return VAL_NULL;
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, key, h, &slot);
    if (ix < 0) return VAL_NULL;
    return d->entries[ix].value;
}

bool dict_set(VM *vm, ObjDict *d, Value key, Value v) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return false;
    return dk_insert(vm, d, key, h, v);
}

int dict_del(VM *vm, ObjDict *d, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return -1;
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, key, h, &slot);
    if (ix == LK_ERROR) return -1;
    if (ix < 0) return 0;
    dk_delete_at(d, slot, ix);
    return 1;
}

static inline uint64_t str_key_hash(VM *vm, ObjStr *key) {
    if (key->obj.flags & STR_HASHED) return key->hash;
    return str_hash(vm, key);
}

Value dict_get_str(VM *vm, ObjDict *d, ObjStr *key) {
    if (!d->index) return VAL_NULL;
    int64_t ix = dk_lookup_str(vm, d, key, str_key_hash(vm, key));
    if (ix < 0) return VAL_NULL;
    return d->entries[ix].value;
}

void dict_set_str(VM *vm, ObjDict *d, ObjStr *key, Value v) {
    uint64_t h = str_key_hash(vm, key);
    int64_t ix = dk_lookup_str(vm, d, key, h);
    if (ix >= 0) {
        d->entries[ix].value = v;
        d->version++;
        return;
    }
    dk_append(vm, d, MAKE_OBJ(key), h, v);
}

bool dict_next(ObjDict *d, int64_t *pos, Value *key, Value *value) {
    while (*pos < d->used) {
        DictEntry *e = &d->entries[*pos];
        (*pos)++;
        if (IS_NULL(e->key)) continue;
        if (key) *key = e->key;
        if (value) *value = e->value;
        return true;
    }
    return false;
}

/* Same as dict_next with the stored hash (set.c uses it). */
bool dict_next_hash(ObjDict *d, int64_t *pos, Value *key, Value *value, uint64_t *hash) {
    while (*pos < d->used) {
        DictEntry *e = &d->entries[*pos];
        (*pos)++;
        if (IS_NULL(e->key)) continue;
        if (key) *key = e->key;
        if (value) *value = e->value;
        if (hash) *hash = e->hash;
        return true;
    }
    return false;
}

/* Contains with a known hash (set.c's difference with a dict): 1/0/-1. */
int dict_contains_hash(VM *vm, ObjDict *d, Value key, uint64_t hash) {
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, key, hash, &slot);
    if (ix == LK_ERROR) return -1;
    return ix >= 0;
}

/* Insert with a known hash (set.c's dict.fromkeys-like paths). */
bool dict_set_hash(VM *vm, ObjDict *d, Value key, uint64_t hash, Value v) { return dk_insert(vm, d, key, hash, v); }

void dict_clear(VM *vm, ObjDict *d) {
    gc_free(vm, d->entries, (size_t)d->cap * sizeof(DictEntry));
    gc_free(vm, d->index, (size_t)d->index_size * sizeof(int32_t));
    d->entries = NULL;
    d->index = NULL;
    d->cap = 0;
    d->index_size = 0;
    d->used = 0;
    d->len = 0;
    d->version++;
}

ObjDict *dict_copy(VM *vm, ObjDict *d) {
    ObjDict *c = dict_new(vm);
    if (d->len == 0) return c;
    if (d->len == d->used) {
        /* no holes: clone both tables as they are */
        c->entries = gc_malloc(vm, (size_t)d->cap * sizeof(DictEntry));
        memcpy(c->entries, d->entries, (size_t)d->used * sizeof(DictEntry));
        c->index = gc_malloc(vm, (size_t)d->index_size * sizeof(int32_t));
        memcpy(c->index, d->index, (size_t)d->index_size * sizeof(int32_t));
        c->cap = d->cap;
        c->index_size = d->index_size;
        c->used = d->used;
        c->len = d->len;
        return c;
    }
    dk_resize(vm, c, d->len * 3 / 2 + 1);
    for (int64_t i = 0; i < d->used; i++) {
        DictEntry *e = &d->entries[i];
        if (!IS_NULL(e->key)) dk_append(vm, c, e->key, e->hash, e->value);
    }
    return c;
}

ObjList *dict_keys_list(VM *vm, ObjDict *d) {
    ObjList *l = list_new(vm, d->len);
    int64_t n = 0, pos = 0;
    Value k;
    while (n < d->len && dict_next(d, &pos, &k, NULL)) l->items[n++] = k;
    l->len = n;
    return l;
}

static ObjList *dict_values_list(VM *vm, ObjDict *d) {
    ObjList *l = list_new(vm, d->len);
    int64_t n = 0, pos = 0;
    Value v;
    while (n < d->len && dict_next(d, &pos, NULL, &v)) l->items[n++] = v;
    l->len = n;
    return l;
}

static Value pair(VM *vm, Value a, Value b) {
    ObjTuple *t = tuple_new(vm, 2);
    t->items[0] = a;
    t->items[1] = b;
    return MAKE_OBJ(t);
}

static ObjList *dict_items_list(VM *vm, ObjDict *d) {
    ObjList *l = list_new(vm, d->len);
    int64_t n = 0, pos = 0;
    Value k, v;
    while (n < d->len && dict_next(d, &pos, &k, &v)) l->items[n++] = pair(vm, k, v);
    l->len = n;
    return l;
}

/* ---- merging ----------------------------------------------------------- */

static Value dict_iter_method(VM *vm, Value *args, int nargs, ObjTuple *kw);

/* A dict (or subclass) whose __iter__ is dict's own: merge the entries. */
static bool iter_is_dicts(VM *vm, Value m) {
    if (!IS_DICT(m)) return false;
    if (AS_OBJ(m)->type == vm->t_dict) return true;
    Value it = type_lookup(vm, AS_OBJ(m)->type, vm->s___iter__);
    return IS_NATIVE(it) && AS_NATIVE(it)->fn == dict_iter_method;
}

static bool merge_dict(VM *vm, ObjDict *d, ObjDict *src) {
    if (src == d || src->len == 0) return true;
    /* size once for the whole source (as CPython) */
    if (d->cap - d->used < src->len) dk_resize(vm, d, (d->len + src->len) * 3 / 2 + 1);
    for (int64_t i = 0; i < src->used; i++) {
        DictEntry e = src->entries[i];
        if (IS_NULL(e.key)) continue;
        if (!dk_insert(vm, d, e.key, e.hash, e.value)) return false;
    }
    return true;
}

/* Generic mapping: for k in m.keys(): d[k] = m[k] (keys_fn: bound m.keys) */
static bool merge_mapping(VM *vm, ObjDict *d, Value m, Value keys_fn) {
    Value keys = vm_call0(vm, keys_fn);
    if (IS_NULL(keys)) return false;
    Value it = vm_getiter(vm, keys);
    if (IS_NULL(it)) return false;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) return !vm_has_exc(vm);
        Value v = vm_getitem(vm, m, k);
        if (IS_NULL(v)) return false;
        if (!dict_set(vm, d, k, v)) return false;
    }
}

static bool merge_seq2(VM *vm, ObjDict *d, Value seq) {
    Value it = vm_getiter(vm, seq);
    if (IS_NULL(it)) return false;
    for (int64_t n = 0;; n++) {
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) return !vm_has_exc(vm);
        Value k, v;
        int64_t len;
        const Value *items;
        if (IS_TUPLE(item)) {
            len = AS_TUPLE(item)->len;
            items = AS_TUPLE(item)->items;
        } else if (IS_LIST(item)) {
            len = AS_LIST(item)->len;
            items = AS_LIST(item)->items;
        } else {
            Value it2 = vm_getiter(vm, item);
            if (IS_NULL(it2)) {
                if (vm_exc_matches(vm, vm->exc_TypeError)) {
                    vm_clear_exc(vm);
                    vm_raise(vm, vm->exc_TypeError,
                             "cannot convert dictionary update sequence element #%lld to a sequence", (long long)n);
                }
                return false;
            }
            ObjList *l = list_new(vm, 0);
            for (;;) {
                Value x = vm_iternext(vm, it2);
                if (IS_NULL(x)) {
                    if (vm_has_exc(vm)) return false;
                    break;
                }
                list_append(vm, l, x);
            }
            len = l->len;
            items = l->items;
        }
        if (len != 2) {
            vm_raise(vm, vm->exc_ValueError, "dictionary update sequence element #%lld has length %lld; 2 is required",
                     (long long)n, (long long)len);
            return false;
        }
        k = items[0];
        v = items[1];
        if (!dict_set(vm, d, k, v)) return false;
    }
}

bool dict_update(VM *vm, ObjDict *d, Value m) {
    if (iter_is_dicts(vm, m)) return merge_dict(vm, d, AS_DICT(m));
    Value keys_fn = vm_getattr_opt(vm, m, vm->s_keys);
    if (IS_NULL(keys_fn)) {
        if (vm_has_exc(vm)) return false;
        return merge_seq2(vm, d, m);
    }
    return merge_mapping(vm, d, m, keys_fn);
}

/* ---- argument helpers -------------------------------------------------- */

static Value bad_self(VM *vm, const char *name, const char *tname, int nargs, Value got) {
    if (nargs < 1) {
        if (name[0] == '_' && name[1] == '_')
            return vm_raise(vm, vm->exc_TypeError, "descriptor '%s' of '%s' object needs an argument", name, tname);
        return vm_raise(vm, vm->exc_TypeError, "unbound method %s.%s() needs an argument", tname, name);
    }
    if (name[0] == '_' && name[1] == '_')
        return vm_raise(vm, vm->exc_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'", name, tname,
                        vm_type_name(vm, got));
    return vm_raise(vm, vm->exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name,
                    tname, vm_type_name(vm, got));
}

#define DICT_SELF(name) \
    if (nargs < 1 || !IS_DICT(args[0])) return bad_self(vm, name, "dict", nargs, nargs ? args[0] : VAL_NONE)

/* METH_NOARGS */
#define NOARGS(qual) \
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, qual "() takes no arguments (%d given)", nargs - 1)
/* METH_O */
#define ONEARG(qual) \
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, qual "() takes exactly one argument (%d given)", nargs - 1)
/* slot wrappers */
#define SLOTARGS(n)                                                                                          \
    if (nargs != (n) + 1)                                                                                    \
    return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", nargs - 1)

/* Argument-clinic style positional range check. */
static bool check_range(VM *vm, const char *name, int got, int min, int max) {
    if (got < min) {
        vm_raise(vm, vm->exc_TypeError, "%s expected at least %d argument%s, got %d", name, min, min == 1 ? "" : "s",
                 got);
        return false;
    }
    if (got > max) {
        vm_raise(vm, vm->exc_TypeError, "%s expected at most %d argument%s, got %d", name, max, max == 1 ? "" : "s",
                 got);
        return false;
    }
    return true;
}

/* ---- dict methods ------------------------------------------------------ */

static Value d_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1) return vm_raise(vm, vm->exc_TypeError, "dict.__new__(): not enough arguments");
    if (!IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "dict.__new__(X): X is not a type object (%s)",
                        vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_dict))
        return vm_raise(vm, vm->exc_TypeError, "dict.__new__(%s): %s is not a subtype of dict", cls->name->data,
                        cls->name->data);
    return MAKE_OBJ(dict_new_of_type(vm, cls));
}

/* dict(...) / d.update(...) body: positional (at most one) then keywords */
static bool update_common(VM *vm, ObjDict *d, Value *args, int nargs, ObjTuple *kw, const char *name) {
    if (!check_range(vm, name, nargs - 1, 0, 1)) return false;
    if (nargs == 2 && !dict_update(vm, d, args[1])) return false;
    if (kw) {
        for (int64_t i = 0; i < kw->len; i++)
            if (!dict_set(vm, d, kw->items[i], args[nargs + i])) return false;
    }
    return true;
}

static Value d_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__init__");
    if (!update_common(vm, AS_DICT(args[0]), args, nargs, kw, "dict")) return VAL_NULL;
    return VAL_NONE;
}

static Value d_update(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("update");
    if (!update_common(vm, AS_DICT(args[0]), args, nargs, kw, "update")) return VAL_NULL;
    return VAL_NONE;
}

static Value d_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__repr__");
    SLOTARGS(0);
    ObjDict *d = AS_DICT(args[0]);
    int r = vm_repr_enter(vm, (Obj *)d);
    if (r < 0) return VAL_NULL;
    if (r > 0) return MAKE_OBJ(str_from_cstr(vm, "{...}"));
    if (d->len == 0) {
        vm_repr_leave(vm, (Obj *)d);
        return MAKE_OBJ(str_from_cstr(vm, "{}"));
    }
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_char(&b, '{');
    size_t mark = gc_roots_mark(vm);
    bool first = true;
    for (int64_t i = 0; i < d->used; i++) {
        Value k = d->entries[i].key, v = d->entries[i].value;
        if (IS_NULL(k)) continue;
        gc_push_root(vm, k);
        gc_push_root(vm, v);
        if (!first) strbuf_add(&b, ", ", 2);
        first = false;
        Value s = vm_repr(vm, k);
        if (IS_NULL(s)) goto fail;
        strbuf_add_str(&b, AS_STR(s));
        strbuf_add(&b, ": ", 2);
        s = vm_repr(vm, v);
        if (IS_NULL(s)) goto fail;
        strbuf_add_str(&b, AS_STR(s));
        gc_roots_reset(vm, mark);
    }
    strbuf_add_char(&b, '}');
    vm_repr_leave(vm, (Obj *)d);
    return MAKE_OBJ(strbuf_finish(vm, &b));
fail:
    gc_roots_reset(vm, mark);
    strbuf_free(&b);
    vm_repr_leave(vm, (Obj *)d);
    return VAL_NULL;
}

static Value d_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__len__");
    SLOTARGS(0);
    return MAKE_INT(AS_DICT(args[0])->len);
}

static Value d_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__getitem__");
    ONEARG("dict.__getitem__");
    ObjDict *d = AS_DICT(args[0]);
    Value v = dict_get(vm, d, args[1]);
    if (!IS_NULL(v)) return v;
    if (vm_has_exc(vm)) return VAL_NULL;
    if (d->obj.type != vm->t_dict) {
        bool found = false;
        Value r = vm_call_dunder(vm, args[0], vm->s___missing__, &args[1], 1, &found);
        if (found || !IS_NULL(r) || vm_has_exc(vm)) return r;
    }
    return exc_raise_key_error(vm, args[1]);
}

static Value d_setitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__setitem__");
    /* CPython's wrap_objobjargproc message starts with a space */
    if (nargs != 3) return vm_raise(vm, vm->exc_TypeError, " expected 2 arguments, got %d", nargs - 1);
    if (!dict_set(vm, AS_DICT(args[0]), args[1], args[2])) return VAL_NULL;
    return VAL_NONE;
}

static Value d_delitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__delitem__");
    SLOTARGS(1);
    int r = dict_del(vm, AS_DICT(args[0]), args[1]);
    if (r < 0) return VAL_NULL;
    if (r == 0) return exc_raise_key_error(vm, args[1]);
    return VAL_NONE;
}

static int dict_has(VM *vm, ObjDict *d, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return -1;
    return dict_contains_hash(vm, d, key, h);
}

static Value d_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__contains__");
    ONEARG("dict.__contains__");
    int r = dict_has(vm, AS_DICT(args[0]), args[1]);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

/* ---- iterators ------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjDict *dict; /* NULL once exhausted */
    int64_t pos;
    int64_t used; /* len at creation; -1 after a size error (sticky) */
    int64_t len;  /* items left */
} DictIter;

typedef struct {
    Obj obj;
    ObjDict *dict;
} DictView;

static void diter_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((DictIter *)o)->dict); }
static void dview_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((DictView *)o)->dict); }

static Value diter_new(VM *vm, ObjDict *d, int pt, bool reversed) {
    DictIter *it = (DictIter *)gc_alloc(vm, sizeof(DictIter), vm->ptypes[pt], OK_OTHER);
    it->dict = d;
    it->used = d->len;
    it->len = d->len;
    it->pos = reversed ? (d->len > 0 ? d->used - 1 : -1) : 0;
    return MAKE_OBJ(it);
}

static Value diter_item(VM *vm, DictEntry *e, int kind) {
    if (kind == 0) return e->key;
    if (kind == 1) return e->value;
    return pair(vm, e->key, e->value);
}

static Value diter_next(VM *vm, Value self, int kind) {
    DictIter *it = (DictIter *)AS_OBJ(self);
    ObjDict *d = it->dict;
    if (!d) return VAL_NULL;
    if (it->used != d->len) {
        it->used = -1;
        return vm_raise(vm, vm->exc_RuntimeError, "dictionary changed size during iteration");
    }
    int64_t i = it->pos;
    while (i < d->used && IS_NULL(d->entries[i].key)) i++;
    if (i >= d->used) {
        it->dict = NULL;
        return VAL_NULL;
    }
    if (it->len == 0) {
        it->dict = NULL;
        return vm_raise(vm, vm->exc_RuntimeError, "dictionary keys changed during iteration");
    }
    it->pos = i + 1;
    it->len--;
    return diter_item(vm, &d->entries[i], kind);
}

static Value drev_next(VM *vm, Value self, int kind) {
    DictIter *it = (DictIter *)AS_OBJ(self);
    ObjDict *d = it->dict;
    if (!d) return VAL_NULL;
    if (it->used != d->len) {
        it->used = -1;
        return vm_raise(vm, vm->exc_RuntimeError, "dictionary changed size during iteration");
    }
    int64_t i = it->pos;
    if (i >= d->used) i = d->used - 1;
    while (i >= 0 && IS_NULL(d->entries[i].key)) i--;
    if (i < 0) {
        it->dict = NULL;
        return VAL_NULL;
    }
    it->pos = i - 1;
    it->len--;
    return diter_item(vm, &d->entries[i], kind);
}

static Value keyiter_next(VM *vm, Value self) { return diter_next(vm, self, 0); }
static Value valueiter_next(VM *vm, Value self) { return diter_next(vm, self, 1); }
static Value itemiter_next(VM *vm, Value self) { return diter_next(vm, self, 2); }
static Value rkeyiter_next(VM *vm, Value self) { return drev_next(vm, self, 0); }
static Value rvalueiter_next(VM *vm, Value self) { return drev_next(vm, self, 1); }
static Value ritemiter_next(VM *vm, Value self) { return drev_next(vm, self, 2); }

static Value diter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DictIter *it = (DictIter *)AS_OBJ(args[0]);
    if (it->dict && it->used == it->dict->len) return MAKE_INT(it->len);
    return MAKE_INT(0);
}

static const MethodDef diter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", diter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value dict_iter_method(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__iter__");
    SLOTARGS(0);
    return diter_new(vm, AS_DICT(args[0]), PT_KEYITER, false);
}

static Value d_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__reversed__");
    NOARGS("dict.__reversed__");
    return diter_new(vm, AS_DICT(args[0]), PT_RKEYITER, true);
}

/* ---- equality and | -------------------------------------------------- */

/* 1, 0, -1 */
static int dict_equal(VM *vm, ObjDict *a, ObjDict *b) {
    if (a->len != b->len) return 0;
    size_t mark = gc_roots_mark(vm);
    for (int64_t i = 0; i < a->used; i++) {
        DictEntry e = a->entries[i];
        if (IS_NULL(e.key)) continue;
        gc_push_root(vm, e.key);
        gc_push_root(vm, e.value);
        int64_t slot;
        int64_t ix = dk_lookup(vm, b, e.key, e.hash, &slot);
        if (ix == LK_ERROR) {
            gc_roots_reset(vm, mark);
            return -1;
        }
        if (ix < 0) {
            gc_roots_reset(vm, mark);
            return 0;
        }
        Value bv = b->entries[ix].value;
        gc_push_root(vm, bv);
        int r = key_eq(vm, e.value, bv);
        gc_roots_reset(vm, mark);
        if (r <= 0) return r;
    }
    return 1;
}

static Value d_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__eq__");
    SLOTARGS(1);
    if (!IS_DICT(args[1])) return NOTIMPL;
    int r = dict_equal(vm, AS_DICT(args[0]), AS_DICT(args[1]));
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

static Value d_ne(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__ne__");
    SLOTARGS(1);
    if (!IS_DICT(args[1])) return NOTIMPL;
    int r = dict_equal(vm, AS_DICT(args[0]), AS_DICT(args[1]));
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(!r);
}

static Value dict_or(VM *vm, Value a, Value b) {
    if (!IS_DICT(a) || !IS_DICT(b)) return NOTIMPL;
    ObjDict *n = dict_copy(vm, AS_DICT(a));
    if (!dict_update(vm, n, b)) return VAL_NULL;
    return MAKE_OBJ(n);
}

static Value d_or(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__or__");
    SLOTARGS(1);
    return dict_or(vm, args[0], args[1]);
}

static Value d_ror(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__ror__");
    SLOTARGS(1);
    return dict_or(vm, args[1], args[0]);
}

static Value d_ior(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("__ior__");
    SLOTARGS(1);
    if (!dict_update(vm, AS_DICT(args[0]), args[1])) return VAL_NULL;
    return args[0];
}

/* ---- named methods ------------------------------------------------------ */

static Value d_get(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("get");
    if (!check_range(vm, "get", nargs - 1, 1, 2)) return VAL_NULL;
    Value v = dict_get(vm, AS_DICT(args[0]), args[1]);
    if (!IS_NULL(v)) return v;
    if (vm_has_exc(vm)) return VAL_NULL;
    return nargs == 3 ? args[2] : VAL_NONE;
}

static Value d_setdefault(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("setdefault");
    if (!check_range(vm, "setdefault", nargs - 1, 1, 2)) return VAL_NULL;
    ObjDict *d = AS_DICT(args[0]);
    Value dflt = nargs == 3 ? args[2] : VAL_NONE;
    uint64_t h;
    if (!dict_hash_key(vm, args[1], &h)) return VAL_NULL;
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, args[1], h, &slot);
    if (ix == LK_ERROR) return VAL_NULL;
    if (ix >= 0) return d->entries[ix].value;
    dk_append(vm, d, args[1], h, dflt);
    return dflt;
}

static Value d_pop(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("pop");
    if (!check_range(vm, "pop", nargs - 1, 1, 2)) return VAL_NULL;
    ObjDict *d = AS_DICT(args[0]);
    if (d->len == 0) {
        if (nargs == 3) return args[2];
        return exc_raise_key_error(vm, args[1]);
    }
    uint64_t h;
    if (!dict_hash_key(vm, args[1], &h)) return VAL_NULL;
    int64_t slot;
    int64_t ix = dk_lookup(vm, d, args[1], h, &slot);
    if (ix == LK_ERROR) return VAL_NULL;
    if (ix < 0) {
        if (nargs == 3) return args[2];
        return exc_raise_key_error(vm, args[1]);
    }
    Value v = d->entries[ix].value;
    dk_delete_at(d, slot, ix);
    return v;
}

static Value d_popitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("popitem");
    NOARGS("dict.popitem");
    ObjDict *d = AS_DICT(args[0]);
    if (d->len == 0) return vm_raise(vm, vm->exc_KeyError, "popitem(): dictionary is empty");
    int64_t i = d->used - 1;
    while (i >= 0 && IS_NULL(d->entries[i].key)) i--;
    DictEntry e = d->entries[i];
    /* find its index slot */
    uint64_t mask = (uint64_t)d->index_size - 1;
    uint64_t s = e.hash & mask, perturb = e.hash;
    while (d->index[s] != (int32_t)i) {
        perturb >>= PERTURB_SHIFT;
        s = (s * 5 + perturb + 1) & mask;
    }
    dk_delete_at(d, (int64_t)s, i);
    d->used = i;
    return pair(vm, e.key, e.value);
}

static Value d_clear(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("clear");
    NOARGS("dict.clear");
    dict_clear(vm, AS_DICT(args[0]));
    return VAL_NONE;
}

static Value d_copy(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("copy");
    NOARGS("dict.copy");
    return MAKE_OBJ(dict_copy(vm, AS_DICT(args[0])));
}

static Value view_new(VM *vm, ObjDict *d, int pt) {
    DictView *v = (DictView *)gc_alloc(vm, sizeof(DictView), vm->ptypes[pt], OK_OTHER);
    v->dict = d;
    return MAKE_OBJ(v);
}

static Value d_keys(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("keys");
    NOARGS("dict.keys");
    return view_new(vm, AS_DICT(args[0]), PT_KEYS);
}

static Value d_values(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("values");
    NOARGS("dict.values");
    return view_new(vm, AS_DICT(args[0]), PT_VALUES);
}

static Value d_items(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    DICT_SELF("items");
    NOARGS("dict.items");
    return view_new(vm, AS_DICT(args[0]), PT_ITEMS);
}

static Value d_fromkeys(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_range(vm, "fromkeys", nargs - 1, 1, 2)) return VAL_NULL;
    Value cls = args[0];
    Value value = nargs == 3 ? args[2] : VAL_NONE;
    Value iterable = args[1];
    Value dv = vm_call0(vm, cls);
    if (IS_NULL(dv)) return VAL_NULL;
    bool exact = IS_DICT(dv) && AS_OBJ(dv)->type == vm->t_dict;
    if (exact) {
        ObjDict *d = AS_DICT(dv);
        if (IS_DICT(iterable) && AS_OBJ(iterable)->type == vm->t_dict) {
            ObjDict *src = AS_DICT(iterable);
            int64_t pos = 0;
            Value k;
            uint64_t h;
            while (dict_next_hash(src, &pos, &k, NULL, &h))
                if (!dk_insert(vm, d, k, h, value)) return VAL_NULL;
            return dv;
        }
        if (IS_SET(iterable) && (AS_OBJ(iterable)->type == vm->t_set || AS_OBJ(iterable)->type == vm->t_frozenset)) {
            ObjSet *s = AS_SET(iterable);
            for (int64_t i = 0; s->table && i <= s->mask; i++) {
                SetEntry *e = &s->table[i];
                if (IS_NULL(e->key) || e->dummy) continue;
                if (!dk_insert(vm, d, e->key, e->hash, value)) return VAL_NULL;
            }
            return dv;
        }
    }
    Value it = vm_getiter(vm, iterable);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) {
            if (vm_has_exc(vm)) return VAL_NULL;
            return dv;
        }
        bool ok = exact ? dict_set(vm, AS_DICT(dv), k, value) : vm_setitem(vm, dv, k, value);
        if (!ok) return VAL_NULL;
    }
}

/* ---- GenericAlias (dict[str, int]) -------------------------------------- */

typedef struct {
    Obj obj;
    Value origin;
    Value args; /* tuple */
} GenericAlias;

static void alias_trace(GC *gc, Obj *o) {
    GenericAlias *a = (GenericAlias *)o;
    gc_mark_value(gc, a->origin);
    gc_mark_value(gc, a->args);
}

static bool alias_repr_item(VM *vm, StrBuf *b, Value v) {
    if (IS_OBJ(v) && AS_OBJ(v) == vm->ellipsis) {
        strbuf_add_cstr(b, "...");
        return true;
    }
    if (IS_TYPE(v)) {
        ObjType *t = AS_TYPE(v);
        if (t->module && strcmp(t->module->data, "builtins") != 0) {
            strbuf_add_str(b, t->module);
            strbuf_add_char(b, '.');
        }
        strbuf_add_str(b, t->qualname ? t->qualname : t->name);
        return true;
    }
    Value s = vm_repr(vm, v);
    if (IS_NULL(s)) return false;
    strbuf_add_str(b, AS_STR(s));
    return true;
}

static Value alias_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    GenericAlias *a = (GenericAlias *)AS_OBJ(args[0]);
    StrBuf b;
    strbuf_init(&b);
    if (!alias_repr_item(vm, &b, a->origin)) goto fail;
    strbuf_add_char(&b, '[');
    ObjTuple *t = AS_TUPLE(a->args);
    if (t->len == 0) strbuf_add_cstr(&b, "()");
    for (int64_t i = 0; i < t->len; i++) {
        if (i) strbuf_add(&b, ", ", 2);
        if (!alias_repr_item(vm, &b, t->items[i])) goto fail;
    }
    strbuf_add_char(&b, ']');
    return MAKE_OBJ(strbuf_finish(vm, &b));
fail:
    strbuf_free(&b);
    return VAL_NULL;
}

static Value alias_call(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    GenericAlias *a = (GenericAlias *)AS_OBJ(args[0]);
    return vm_call(vm, a->origin, args + 1, nargs - 1, kw);
}

static Value alias_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SLOTARGS(1);
    if (!IS_OBJ(args[1]) || AS_OBJ(args[1])->type != vm->ptypes[PT_ALIAS]) return NOTIMPL;
    GenericAlias *a = (GenericAlias *)AS_OBJ(args[0]), *b = (GenericAlias *)AS_OBJ(args[1]);
    int r = key_eq(vm, a->origin, b->origin);
    if (r <= 0) return r < 0 ? VAL_NULL : VAL_FALSE;
    r = key_eq(vm, a->args, b->args);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

static Value alias_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    GenericAlias *a = (GenericAlias *)AS_OBJ(args[0]);
    uint64_t h1, h2;
    if (!dict_hash_key(vm, a->origin, &h1) || !dict_hash_key(vm, a->args, &h2)) return VAL_NULL;
    int64_t h = (int64_t)(h1 ^ h2);
    if (h == -1) h = -2;
    return MAKE_INT(h);
}

static Value alias_mro_entries(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    GenericAlias *a = (GenericAlias *)AS_OBJ(args[0]);
    return MAKE_OBJ(tuple_from(vm, &a->origin, 1));
}

static Value alias_get_origin(VM *vm, Value self) { return ((GenericAlias *)AS_OBJ(self))->origin; }
static Value alias_get_args(VM *vm, Value self) { return ((GenericAlias *)AS_OBJ(self))->args; }

static Value alias_or(VM *vm, Value *args, int nargs, ObjTuple *kw) { return union_or(vm, args[0], args[1]); }
static Value alias_ror(VM *vm, Value *args, int nargs, ObjTuple *kw) { return union_or(vm, args[1], args[0]); }

static const MethodDef alias_methods[] = {
    {"__repr__", alias_repr, 0, NULL},
    {"__or__", alias_or, 0, NULL},
    {"__ror__", alias_ror, 0, NULL},
    {"__call__", alias_call, METH_KW, NULL},
    {"__eq__", alias_eq, 0, NULL},
    {"__hash__", alias_hash, 0, NULL},
    {"__mro_entries__", alias_mro_entries, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef alias_getsets[] = {
    {"__origin__", alias_get_origin, NULL},
    {"__args__", alias_get_args, NULL},
    {NULL, NULL, NULL},
};

static void alias_type_ready(VM *vm) {
    if (vm->ptypes[PT_ALIAS]) return;
    ObjType *t = type_new_builtin(vm, "GenericAlias", NULL, OK_OTHER, sizeof(GenericAlias), alias_trace, NULL, 0);
    t->module = str_intern_cstr(vm, "types");
    type_add_methods(vm, t, alias_methods);
    type_add_getsets(vm, t, alias_getsets);
    vm->ptypes[PT_ALIAS] = t;
}

/* origin[args] as types.GenericAlias (set.c uses it too). */
Value dict_generic_alias(VM *vm, Value origin, Value args) {
    alias_type_ready(vm);
    GenericAlias *a = (GenericAlias *)gc_alloc(vm, sizeof(GenericAlias), vm->ptypes[PT_ALIAS], OK_OTHER);
    a->origin = origin;
    a->args = IS_TUPLE(args) ? args : MAKE_OBJ(tuple_from(vm, &args, 1));
    return MAKE_OBJ(a);
}

static Value d_class_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "dict.__class_getitem__() takes exactly one argument (%d given)",
                        nargs - 1);
    return dict_generic_alias(vm, args[0], args[1]);
}

static const MethodDef dict_methods[] = {
    {"__new__", d_new, METH_STATIC | METH_KW, NULL},
    {"__init__", d_init, METH_KW, NULL},
    {"__repr__", d_repr, 0, NULL},
    {"__len__", d_len, 0, NULL},
    {"__getitem__", d_getitem, 0, NULL},
    {"__setitem__", d_setitem, 0, NULL},
    {"__delitem__", d_delitem, 0, NULL},
    {"__contains__", d_contains, 0, NULL},
    {"__iter__", dict_iter_method, 0, NULL},
    {"__reversed__", d_reversed, 0, NULL},
    {"__eq__", d_eq, 0, NULL},
    {"__ne__", d_ne, 0, NULL},
    {"__or__", d_or, 0, NULL},
    {"__ror__", d_ror, 0, NULL},
    {"__ior__", d_ior, 0, NULL},
    {"__class_getitem__", d_class_getitem, METH_CLASS, NULL},
    {"get", d_get, 0, NULL},
    {"setdefault", d_setdefault, 0, NULL},
    {"pop", d_pop, 0, NULL},
    {"popitem", d_popitem, 0, NULL},
    {"keys", d_keys, 0, NULL},
    {"values", d_values, 0, NULL},
    {"items", d_items, 0, NULL},
    {"update", d_update, METH_KW, NULL},
    {"clear", d_clear, 0, NULL},
    {"copy", d_copy, 0, NULL},
    {"fromkeys", d_fromkeys, METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- views ------------------------------------------------------------ */

static bool is_view_of(VM *vm, Value v, int pt) { return IS_OBJ(v) && AS_OBJ(v)->type == vm->ptypes[pt]; }
/* dict_keys or dict_items: the set-like views */
static bool is_setview(VM *vm, Value v) { return is_view_of(vm, v, PT_KEYS) || is_view_of(vm, v, PT_ITEMS); }

static const char *view_tname(int pt) {
    return pt == PT_KEYS ? "dict_keys" : pt == PT_VALUES ? "dict_values" : "dict_items";
}

#define VIEW_SELF(pt, name)                                                                                 \
    if (nargs < 1 || !is_view_of(vm, args[0], pt))                                                          \
        return bad_self(vm, name, view_tname(pt), nargs, nargs ? args[0] : VAL_NONE);                      \
    ObjDict *d = ((DictView *)AS_OBJ(args[0]))->dict;                                                       \
    (void)d

#define SETVIEW_SELF(name)                                                                                  \
    if (nargs < 1 || !is_setview(vm, args[0]))                                                              \
        return bad_self(vm, name, "dict_keys", nargs, nargs ? args[0] : VAL_NONE);                         \
    ObjDict *d = ((DictView *)AS_OBJ(args[0]))->dict;                                                       \
    bool is_items = is_view_of(vm, args[0], PT_ITEMS);                                                      \
    (void)d;                                                                                                \
    (void)is_items

static Value view_len_any(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_OBJ(args[0]) ||
        !(is_setview(vm, args[0]) || is_view_of(vm, args[0], PT_VALUES)))
        return bad_self(vm, "__len__", "dict_keys", nargs, nargs ? args[0] : VAL_NONE);
    SLOTARGS(0);
    return MAKE_INT(((DictView *)AS_OBJ(args[0]))->dict->len);
}

static Value keys_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_KEYS, "__iter__");
    SLOTARGS(0);
    return diter_new(vm, d, PT_KEYITER, false);
}
static Value values_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_VALUES, "__iter__");
    SLOTARGS(0);
    return diter_new(vm, d, PT_VALUEITER, false);
}
static Value items_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_ITEMS, "__iter__");
    SLOTARGS(0);
    return diter_new(vm, d, PT_ITEMITER, false);
}
static Value keys_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_KEYS, "__reversed__");
    NOARGS("dict_keys.__reversed__");
    return diter_new(vm, d, PT_RKEYITER, true);
}
static Value values_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_VALUES, "__reversed__");
    NOARGS("dict_values.__reversed__");
    return diter_new(vm, d, PT_RVALUEITER, true);
}
static Value items_reversed(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_ITEMS, "__reversed__");
    NOARGS("dict_items.__reversed__");
    return diter_new(vm, d, PT_RITEMITER, true);
}

/* (k, v) in d.items() */
static int items_contains(VM *vm, ObjDict *d, Value obj) {
    if (!IS_TUPLE(obj) || AS_TUPLE(obj)->len != 2) return 0;
    Value k = AS_TUPLE(obj)->items[0], v = AS_TUPLE(obj)->items[1];
    Value found = dict_get(vm, d, k);
    if (IS_NULL(found)) return vm_has_exc(vm) ? -1 : 0;
    gc_push_root(vm, found);
    int r = key_eq(vm, found, v);
    gc_pop_roots(vm, 1);
    return r;
}

/* contains for a set-like view value */
static int setview_contains(VM *vm, Value view, Value x) {
    ObjDict *d = ((DictView *)AS_OBJ(view))->dict;
    if (is_view_of(vm, view, PT_ITEMS)) return items_contains(vm, d, x);
    return dict_has(vm, d, x);
}

static Value keys_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_KEYS, "__contains__");
    SLOTARGS(1);
    int r = dict_has(vm, d, args[1]);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

static Value items_contains_m(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_ITEMS, "__contains__");
    SLOTARGS(1);
    int r = items_contains(vm, d, args[1]);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

static Value values_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_VALUES, "__contains__");
    SLOTARGS(1);
    Value it = diter_new(vm, d, PT_VALUEITER, false);
    for (;;) {
        Value v = valueiter_next(vm, it);
        if (IS_NULL(v)) return vm_has_exc(vm) ? VAL_NULL : VAL_FALSE;
        gc_push_root(vm, v);
        int r = key_eq(vm, v, args[1]);
        gc_pop_roots(vm, 1);
        if (r < 0) return VAL_NULL;
        if (r) return VAL_TRUE;
    }
}

static Value view_repr_common(VM *vm, Value self, int pt) {
    ObjDict *d = ((DictView *)AS_OBJ(self))->dict;
    int r = vm_repr_enter(vm, AS_OBJ(self));
    if (r < 0) return VAL_NULL;
    if (r > 0) return MAKE_OBJ(str_from_cstr(vm, "..."));
    ObjList *l = pt == PT_KEYS ? dict_keys_list(vm, d) : pt == PT_VALUES ? dict_values_list(vm, d)
                                                                          : dict_items_list(vm, d);
    Value s = vm_repr(vm, MAKE_OBJ(l));
    vm_repr_leave(vm, AS_OBJ(self));
    if (IS_NULL(s)) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "%s(%s)", view_tname(pt), AS_STR(s)->data));
}

static Value keys_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_KEYS, "__repr__");
    return view_repr_common(vm, args[0], PT_KEYS);
}
static Value values_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_VALUES, "__repr__");
    return view_repr_common(vm, args[0], PT_VALUES);
}
static Value items_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    VIEW_SELF(PT_ITEMS, "__repr__");
    return view_repr_common(vm, args[0], PT_ITEMS);
}

/* every item of a is in b: 1, 0, -1 */
static int all_contained_in(VM *vm, Value a, Value b) {
    Value it = vm_getiter(vm, a);
    if (IS_NULL(it)) return -1;
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) return vm_has_exc(vm) ? -1 : 1;
        int r = vm_contains(vm, b, x);
        if (r <= 0) return r;
    }
}

/* len() of a set or set-like view without a call */
static int64_t setlike_len(VM *vm, Value v) {
    if (IS_SET(v)) return AS_SET(v)->len;
    if (is_setview(vm, v)) return ((DictView *)AS_OBJ(v))->dict->len;
    return vm_len(vm, v);
}

static Value view_richcompare(VM *vm, Value self, Value other, CmpOp op) {
    if (!IS_SET(other) && !is_setview(vm, other)) return NOTIMPL;
    int64_t ls = setlike_len(vm, self);
    int64_t lo = setlike_len(vm, other);
    int ok = 0;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (ls == lo) ok = all_contained_in(vm, self, other);
        if (op == CMP_NE && ok >= 0) ok = !ok;
        break;
    case CMP_LT:
        if (ls < lo) ok = all_contained_in(vm, self, other);
        break;
    case CMP_LE:
        if (ls <= lo) ok = all_contained_in(vm, self, other);
        break;
    case CMP_GT:
        if (ls > lo) ok = all_contained_in(vm, other, self);
        break;
    case CMP_GE:
        if (ls >= lo) ok = all_contained_in(vm, other, self);
        break;
    }
    if (ok < 0) return VAL_NULL;
    return MAKE_BOOL(ok);
}

#define VIEW_CMP(fname, name, op)                                        \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {   \
        SETVIEW_SELF(name);                                              \
        SLOTARGS(1);                                                     \
        return view_richcompare(vm, args[0], args[1], op);               \
    }
VIEW_CMP(view_eq, "__eq__", CMP_EQ)
VIEW_CMP(view_ne, "__ne__", CMP_NE)
VIEW_CMP(view_lt, "__lt__", CMP_LT)
VIEW_CMP(view_le, "__le__", CMP_LE)
VIEW_CMP(view_gt, "__gt__", CMP_GT)
VIEW_CMP(view_ge, "__ge__", CMP_GE)

/* set(x), with the dict fast path for keys views of exact dicts */
static ObjSet *view_to_set(VM *vm, Value x) {
    ObjSet *s = set_new(vm, vm->t_set);
    Value src = x;
    if (is_view_of(vm, x, PT_KEYS)) {
        ObjDict *d = ((DictView *)AS_OBJ(x))->dict;
        if (d->obj.type == vm->t_dict) src = MAKE_OBJ(d);
    }
    if (!set_update(vm, s, src)) return NULL;
    return s;
}

static Value call_set_method(VM *vm, ObjSet *s, const char *name, Value arg) {
    return vm_call_method(vm, MAKE_OBJ(s), str_intern_cstr(vm, name), &arg, 1);
}

static Value views_sub(VM *vm, Value a, Value b) {
    ObjSet *s = view_to_set(vm, a);
    if (!s) return VAL_NULL;
    if (IS_NULL(call_set_method(vm, s, "difference_update", b))) return VAL_NULL;
    return MAKE_OBJ(s);
}

static Value views_or(VM *vm, Value a, Value b) {
    ObjSet *s = view_to_set(vm, a);
    if (!s) return VAL_NULL;
    if (!set_update(vm, s, b)) return VAL_NULL;
    return MAKE_OBJ(s);
}

static Value views_and(VM *vm, Value self, Value other) {
    if (!is_setview(vm, self)) {
        Value t = self;
        self = other;
        other = t;
    }
    int64_t len_self = ((DictView *)AS_OBJ(self))->dict->len;
    if (IS_SET(other) && AS_OBJ(other)->type == vm->t_set) {
        int64_t lo = AS_SET(other)->len;
        if (len_self <= lo) return call_set_method(vm, AS_SET(other), "intersection", self);
    }
    if (is_setview(vm, other)) {
        int64_t lo = ((DictView *)AS_OBJ(other))->dict->len;
        if (lo > len_self) {
            Value t = self;
            self = other;
            other = t;
        }
    }
    ObjSet *result = set_new(vm, vm->t_set);
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) return vm_has_exc(vm) ? VAL_NULL : MAKE_OBJ(result);
        int r = setview_contains(vm, self, x);
        if (r < 0) return VAL_NULL;
        if (r && !set_add(vm, result, x)) return VAL_NULL;
    }
}

static Value items_xor(VM *vm, Value self, Value other) {
    ObjDict *d1 = ((DictView *)AS_OBJ(self))->dict, *d2 = ((DictView *)AS_OBJ(other))->dict;
    ObjDict *tmp = dict_copy(vm, d1);
    ObjSet *result = set_new(vm, vm->t_set);
    for (int64_t i = 0; i < d2->used; i++) {
        DictEntry e = d2->entries[i];
        if (IS_NULL(e.key)) continue;
        int64_t slot;
        int64_t ix = dk_lookup(vm, tmp, e.key, e.hash, &slot);
        if (ix == LK_ERROR) return VAL_NULL;
        int to_delete = 0;
        if (ix >= 0) {
            to_delete = key_eq(vm, tmp->entries[ix].value, e.value);
            if (to_delete < 0) return VAL_NULL;
        }
        if (to_delete) {
            ix = dk_lookup(vm, tmp, e.key, e.hash, &slot);
            if (ix == LK_ERROR) return VAL_NULL;
            if (ix >= 0) dk_delete_at(tmp, slot, ix);
        } else if (!set_add(vm, result, pair(vm, e.key, e.value))) {
            return VAL_NULL;
        }
    }
    if (!set_update(vm, result, view_new(vm, tmp, PT_ITEMS))) return VAL_NULL;
    return MAKE_OBJ(result);
}

static Value views_xor(VM *vm, Value a, Value b) {
    if (is_view_of(vm, a, PT_ITEMS) && is_view_of(vm, b, PT_ITEMS)) return items_xor(vm, a, b);
    ObjSet *s = view_to_set(vm, a);
    if (!s) return VAL_NULL;
    if (IS_NULL(call_set_method(vm, s, "symmetric_difference_update", b))) return VAL_NULL;
    return MAKE_OBJ(s);
}

#define VIEW_BIN(fname, name, impl, reflected)                                                  \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {                          \
        SETVIEW_SELF(name);                                                                     \
        SLOTARGS(1);                                                                            \
        return reflected ? impl(vm, args[1], args[0]) : impl(vm, args[0], args[1]);             \
    }
VIEW_BIN(view_sub, "__sub__", views_sub, 0)
VIEW_BIN(view_rsub, "__rsub__", views_sub, 1)
VIEW_BIN(view_or, "__or__", views_or, 0)
VIEW_BIN(view_ror, "__ror__", views_or, 1)
VIEW_BIN(view_and, "__and__", views_and, 0)
VIEW_BIN(view_rand, "__rand__", views_and, 1)
VIEW_BIN(view_xor, "__xor__", views_xor, 0)
VIEW_BIN(view_rxor, "__rxor__", views_xor, 1)

static Value view_isdisjoint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SETVIEW_SELF("isdisjoint");
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "%s.isdisjoint() takes exactly one argument (%d given)",
                        is_items ? "dict_items" : "dict_keys", nargs - 1);
    Value self = args[0], other = args[1];
    if (val_is(self, other)) return MAKE_BOOL(d->len == 0);
    if (IS_SET(other) || is_setview(vm, other)) {
        int64_t ls = d->len;
        int64_t lo = setlike_len(vm, other);
        if (lo > ls) {
            Value t = self;
            self = other;
            other = t;
        }
    }
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) return vm_has_exc(vm) ? VAL_NULL : VAL_TRUE;
        int r = vm_contains(vm, self, x);
        if (r < 0) return VAL_NULL;
        if (r) return VAL_FALSE;
    }
}

#define SETVIEW_COMMON                                          \
    {"__len__", view_len_any, 0, NULL},                         \
    {"__eq__", view_eq, 0, NULL},                               \
    {"__ne__", view_ne, 0, NULL},                               \
    {"__lt__", view_lt, 0, NULL},                               \
    {"__le__", view_le, 0, NULL},                               \
    {"__gt__", view_gt, 0, NULL},                               \
    {"__ge__", view_ge, 0, NULL},                               \
    {"__sub__", view_sub, 0, NULL},                             \
    {"__rsub__", view_rsub, 0, NULL},                           \
    {"__or__", view_or, 0, NULL},                               \
    {"__ror__", view_ror, 0, NULL},                             \
    {"__and__", view_and, 0, NULL},                             \
    {"__rand__", view_rand, 0, NULL},                           \
    {"__xor__", view_xor, 0, NULL},                             \
    {"__rxor__", view_rxor, 0, NULL},                           \
    {"isdisjoint", view_isdisjoint, 0, NULL}

static const MethodDef keys_methods[] = {
    SETVIEW_COMMON,
    {"__iter__", keys_iter, 0, NULL},
    {"__reversed__", keys_reversed, 0, NULL},
    {"__contains__", keys_contains, 0, NULL},
    {"__repr__", keys_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef items_methods[] = {
    SETVIEW_COMMON,
    {"__iter__", items_iter, 0, NULL},
    {"__reversed__", items_reversed, 0, NULL},
    {"__contains__", items_contains_m, 0, NULL},
    {"__repr__", items_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef values_methods[] = {
    {"__len__", view_len_any, 0, NULL},
    {"__iter__", values_iter, 0, NULL},
    {"__reversed__", values_reversed, 0, NULL},
    {"__contains__", values_contains, 0, NULL},
    {"__repr__", values_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value view_get_mapping(VM *vm, Value self) { return MAKE_OBJ(((DictView *)AS_OBJ(self))->dict); }

static const GetSetDef view_getsets[] = {
    {"mapping", view_get_mapping, NULL},
    {NULL, NULL, NULL},
};

/* ---- type setup ------------------------------------------------------- */

static ObjType *make_iter_type(VM *vm, const char *name, Value (*next)(VM *, Value)) {
    ObjType *t = type_new_builtin(vm, name, NULL, OK_OTHER, sizeof(DictIter), diter_trace, NULL, 0);
    t->iternext = next;
    type_add_methods(vm, t, diter_methods);
    return t;
}

static ObjType *make_view_type(VM *vm, const char *name, const MethodDef *methods, bool hashable) {
    ObjType *t = type_new_builtin(vm, name, NULL, OK_OTHER, sizeof(DictView), dview_trace, NULL, 0);
    type_add_methods(vm, t, methods);
    type_add_getsets(vm, t, view_getsets);
    if (!hashable) type_set_attr(vm, t, "__hash__", VAL_NONE);
    return t;
}

void dict_init_type(VM *vm) {
    type_add_methods(vm, vm->t_dict, dict_methods);
    type_set_attr(vm, vm->t_dict, "__hash__", VAL_NONE);
    vm->ptypes[PT_KEYS] = make_view_type(vm, "dict_keys", keys_methods, false);
    vm->ptypes[PT_VALUES] = make_view_type(vm, "dict_values", values_methods, true);
    vm->ptypes[PT_ITEMS] = make_view_type(vm, "dict_items", items_methods, false);
    vm->ptypes[PT_KEYITER] = make_iter_type(vm, "dict_keyiterator", keyiter_next);
    vm->ptypes[PT_VALUEITER] = make_iter_type(vm, "dict_valueiterator", valueiter_next);
    vm->ptypes[PT_ITEMITER] = make_iter_type(vm, "dict_itemiterator", itemiter_next);
    vm->ptypes[PT_RKEYITER] = make_iter_type(vm, "dict_reversekeyiterator", rkeyiter_next);
    vm->ptypes[PT_RVALUEITER] = make_iter_type(vm, "dict_reversevalueiterator", rvalueiter_next);
    vm->ptypes[PT_RITEMITER] = make_iter_type(vm, "dict_reverseitemiterator", ritemiter_next);
    alias_type_ready(vm);
}
