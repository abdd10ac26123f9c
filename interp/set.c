/* set.c: set and frozenset (layout in object.h).
 *
 * This follows CPython 3.11's setobject.c closely, because iteration order
 * is visible: the table starts at 8 slots, lookups probe LINEAR_PROBES
 * neighbours before jumping with the perturbation recurrence, a deleted key
 * leaves a dummy slot, and an insertion that brings fill*5 >= mask*3
 * resizes to the smallest power of two > used*4 (used*2 above 50000).
 * Merging a set into an empty one copies its layout the way set_merge does.
 *
 * Empty slot: key VAL_NULL and !dummy. Dummy: key VAL_NULL, dummy, hash -1.
 * For mutable sets `hash` (the frozenset hash cache otherwise) holds pop()'s
 * search finger.
 *
 * Private type: vm->ptypes[28] (set_iterator).
 */
#include <stdint.h>
#include <string.h>

#include "dict.h"
#include "exception.h"
#include "set.h"
#include "str.h"
#include "vm.h"

/* Shared with dict.c (defined there): the container hash/equality every
 * dict and set uses, dict iteration with stored hashes, GenericAlias. */
bool dict_hash_key(VM *vm, Value k, uint64_t *h);
int dict_fast_eq(VM *vm, Value a, Value b);
bool dict_next_hash(ObjDict *d, int64_t *pos, Value *key, Value *value, uint64_t *hash);
int dict_contains_hash(VM *vm, ObjDict *d, Value key, uint64_t hash);
Value dict_generic_alias(VM *vm, Value origin, Value args);

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define DUMMY_HASH ((uint64_t)-1)
#define PT_SETITER 28

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

/* ---- table ------------------------------------------------------------- */

static SetEntry *table_alloc(VM *vm, int64_t size) {
    SetEntry *t = gc_malloc(vm, (size_t)size * sizeof(SetEntry));
    memset(t, 0, (size_t)size * sizeof(SetEntry)); /* key VAL_NULL (tag 0), not dummy */
    return t;
}

static ObjSet *set_alloc(VM *vm, ObjType *type) {
    size_t size = type->basicsize >= sizeof(ObjSet) ? type->basicsize : sizeof(ObjSet);
    ObjSet *s = (ObjSet *)gc_alloc(vm, size, type, OK_SET);
    s->table = table_alloc(vm, SET_MINSIZE);
    s->mask = SET_MINSIZE - 1;
    return s;
}

ObjSet *set_new(VM *vm, ObjType *type) { return set_alloc(vm, type); }

static inline void ensure_table(VM *vm, ObjSet *s) {
    if (!s->table) {
        s->table = table_alloc(vm, SET_MINSIZE);
        s->mask = SET_MINSIZE - 1;
        s->fill = s->len = 0;
    }
}

static bool is_frozen(VM *vm, ObjSet *s) { return type_is_subtype(s->obj.type, vm->t_frozenset); }

static void insert_clean(SetEntry *table, uint64_t mask, Value key, uint64_t hash) {
    uint64_t perturb = hash, i = hash & mask;
    SetEntry *e;
    for (;;) {
        e = &table[i];
        if (IS_NULL(e->key)) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (IS_NULL(e->key)) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found:
    e->key = key;
    e->hash = hash;
    e->dummy = false;
}

static void table_resize(VM *vm, ObjSet *so, int64_t minused) {
    int64_t newsize = SET_MINSIZE;
    while (newsize <= minused) newsize <<= 1;
    SetEntry *old = so->table;
    int64_t oldmask = so->mask;
    SetEntry *nt = table_alloc(vm, newsize);
    uint64_t newmask = (uint64_t)newsize - 1;
    for (int64_t i = 0; i <= oldmask; i++)
        if (!IS_NULL(old[i].key)) insert_clean(nt, newmask, old[i].key, old[i].hash);
    gc_free(vm, old, (size_t)(oldmask + 1) * sizeof(SetEntry));
    so->table = nt;
    so->mask = (int64_t)newmask;
    so->fill = so->len;
    so->version++;
}

/* Slot index of key, -1 when absent, -2 on error. */
static int64_t lookkey(VM *vm, ObjSet *so, Value key, uint64_t hash) {
restart:;
    SetEntry *table = so->table;
    uint64_t mask = (uint64_t)so->mask;
    uint64_t perturb = hash, i = hash & mask;
    for (;;) {
        SetEntry *e = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (IS_NULL(e->key)) {
                if (!e->dummy) return -1;
            } else if (e->hash == hash) {
                Value sk = e->key;
                int r = dict_fast_eq(vm, sk, key);
                if (r == 2) {
                    uint64_t ver = so->version;
                    gc_push_root(vm, sk);
                    r = vm_eq(vm, sk, key);
                    gc_pop_roots(vm, 1);
                    if (r < 0) return -2;
                    if (so->table != table || so->version != ver) goto restart;
                }
                if (r) return e - table;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* 0 ok (added or present), -1 error */
static int add_entry(VM *vm, ObjSet *so, Value key, uint64_t hash) {
    ensure_table(vm, so);
restart:;
    SetEntry *table = so->table;
    uint64_t mask = (uint64_t)so->mask;
    uint64_t perturb = hash, i = hash & mask;
    SetEntry *freeslot = NULL, *e;
    for (;;) {
        e = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (IS_NULL(e->key)) {
                if (!e->dummy) goto found_unused_or_dummy;
                freeslot = e; /* CPython keeps the last dummy seen */
            } else if (e->hash == hash) {
                Value sk = e->key;
                int r = dict_fast_eq(vm, sk, key);
                if (r == 2) {
                    uint64_t ver = so->version;
                    gc_push_root(vm, sk);
                    r = vm_eq(vm, sk, key);
                    gc_pop_roots(vm, 1);
                    if (r < 0) return -1;
                    if (r > 0) return 0;
                    if (so->table != table || so->version != ver) goto restart;
                }
                if (r) return 0;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        freeslot->key = key;
        freeslot->hash = hash;
        freeslot->dummy = false;
        so->len++;
        so->version++;
        return 0;
    }
    e->key = key;
    e->hash = hash;
    e->dummy = false;
    so->fill++;
    so->len++;
    so->version++;
    if ((uint64_t)so->fill * 5 < mask * 3) return 0;
    table_resize(vm, so, so->len > 50000 ? so->len * 2 : so->len * 4);
    return 0;
}

static int add_key(VM *vm, ObjSet *so, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return -1;
    return add_entry(vm, so, key, h);
}

/* 1, 0, -1 */
static int contains_entry(VM *vm, ObjSet *so, Value key, uint64_t hash) {
    ensure_table(vm, so);
    int64_t ix = lookkey(vm, so, key, hash);
    if (ix == -2) return -1;
    return ix >= 0;
}

static int contains_key(VM *vm, ObjSet *so, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return -1;
    return contains_entry(vm, so, key, h);
}

/* 1 removed, 0 absent, -1 error */
static int discard_entry(VM *vm, ObjSet *so, Value key, uint64_t hash) {
    ensure_table(vm, so);
    int64_t ix = lookkey(vm, so, key, hash);
    if (ix == -2) return -1;
    if (ix < 0) return 0;
    SetEntry *e = &so->table[ix];
    e->key = VAL_NULL;
    e->hash = DUMMY_HASH;
    e->dummy = true;
    so->len--;
    so->version++;
    return 1;
}

static int discard_key(VM *vm, ObjSet *so, Value key) {
    uint64_t h;
    if (!dict_hash_key(vm, key, &h)) return -1;
    return discard_entry(vm, so, key, h);
}

static void clear_internal(VM *vm, ObjSet *so) {
    if (so->table) gc_free(vm, so->table, (size_t)(so->mask + 1) * sizeof(SetEntry));
    so->table = table_alloc(vm, SET_MINSIZE);
    so->mask = SET_MINSIZE - 1;
    so->fill = 0;
    so->len = 0;
    so->version++;
}

/* Next live slot from *pos; returns its index or -1 at the end. */
static int64_t next_entry(ObjSet *so, int64_t *pos) {
    if (!so->table) return -1;
    while (*pos <= so->mask) {
        int64_t i = (*pos)++;
        if (!IS_NULL(so->table[i].key)) return i;
    }
    return -1;
}

bool set_next(ObjSet *s, int64_t *pos, Value *key) {
    int64_t i = next_entry(s, pos);
    if (i < 0) return false;
    *key = s->table[i].key;
    return true;
}

static bool set_merge(VM *vm, ObjSet *so, ObjSet *other) {
    ensure_table(vm, so);
    if (other == so || other->len == 0 || !other->table) return true;
    if ((so->fill + other->len) * 5 >= so->mask * 3) table_resize(vm, so, (so->len + other->len) * 2);
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->len) {
        for (int64_t i = 0; i <= other->mask; i++)
            if (!IS_NULL(other->table[i].key)) so->table[i] = other->table[i];
        so->fill = other->fill;
        so->len = other->len;
        so->version++;
        return true;
    }
    if (so->fill == 0) {
        uint64_t mask = (uint64_t)so->mask;
        for (int64_t i = 0; i <= other->mask; i++)
            if (!IS_NULL(other->table[i].key)) insert_clean(so->table, mask, other->table[i].key, other->table[i].hash);
        so->fill = other->len;
        so->len = other->len;
        so->version++;
        return true;
    }
    for (int64_t i = 0; i <= other->mask; i++) {
        SetEntry e = other->table[i];
        if (IS_NULL(e.key)) continue;
        if (add_entry(vm, so, e.key, e.hash) < 0) return false;
    }
    return true;
}

bool set_update(VM *vm, ObjSet *so, Value other) {
    ensure_table(vm, so);
    if (IS_SET(other)) return set_merge(vm, so, AS_SET(other));
    if (IS_DICT(other) && AS_OBJ(other)->type == vm->t_dict) {
        ObjDict *d = AS_DICT(other);
        if ((so->fill + d->len) * 5 >= so->mask * 3) table_resize(vm, so, (so->len + d->len) * 2);
        int64_t pos = 0;
        Value k;
        uint64_t h;
        while (dict_next_hash(d, &pos, &k, NULL, &h))
            if (add_entry(vm, so, k, h) < 0) return false;
        return true;
    }
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return false;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) return !vm_has_exc(vm);
        if (add_key(vm, so, k) < 0) return false;
    }
}

bool set_add(VM *vm, ObjSet *s, Value key) { return add_key(vm, s, key) == 0; }

int set_discard(VM *vm, ObjSet *s, Value key) { return discard_key(vm, s, key); }

static ObjSet *make_new_set(VM *vm, ObjType *type, Value iterable) {
    ObjSet *s = set_alloc(vm, type);
    if (!IS_NULL(iterable) && !set_update(vm, s, iterable)) return NULL;
    return s;
}

/* set for set subclasses, frozenset for frozenset ones */
static ObjType *basetype(VM *vm, ObjType *t) {
    if (t == vm->t_set || t == vm->t_frozenset) return t;
    return type_is_subtype(t, vm->t_set) ? vm->t_set : vm->t_frozenset;
}

static ObjSet *make_new_set_basetype(VM *vm, ObjType *type, Value iterable) {
    return make_new_set(vm, basetype(vm, type), iterable);
}

static ObjSet *set_copy(VM *vm, ObjSet *so) { return make_new_set_basetype(vm, so->obj.type, MAKE_OBJ(so)); }

/* A set key is looked up as a frozenset (set.__contains__/remove/discard). */
static bool retry_as_frozen(VM *vm, Value key) {
    if (!IS_SET(key) || !type_is_subtype(AS_OBJ(key)->type, vm->t_set)) return false;
    if (!vm_exc_matches(vm, vm->exc_TypeError)) return false;
    vm_clear_exc(vm);
    return true;
}

int set_contains(VM *vm, ObjSet *s, Value key) {
    int r = contains_key(vm, s, key);
    if (r < 0 && retry_as_frozen(vm, key)) {
        ObjSet *tmp = make_new_set(vm, vm->t_frozenset, key);
        if (!tmp) return -1;
        r = contains_key(vm, s, MAKE_OBJ(tmp));
    }
    return r;
}

uint64_t set_frozen_hash(ObjSet *so) {
    if (so->hash) return so->hash;
    uint64_t hash = 0;
    for (int64_t i = 0; so->table && i <= so->mask; i++) {
        if (IS_NULL(so->table[i].key)) continue;
        uint64_t h = so->table[i].hash;
        hash ^= ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
    }
    hash ^= ((uint64_t)so->len + 1) * 1927868237ULL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923ULL;
    if (hash == (uint64_t)-1) hash = 590923713ULL;
    so->hash = hash;
    return hash;
}

/* ---- algebra (CPython's algorithms, same visiting orders) -------------- */

static ObjSet *set_intersection(VM *vm, ObjSet *so, Value other) {
    if (IS_OBJ(other) && AS_OBJ(other) == (Obj *)so) return set_copy(vm, so);
    ObjSet *result = make_new_set_basetype(vm, so->obj.type, VAL_NULL);
    if (IS_SET(other)) {
        ObjSet *a = so, *b = AS_SET(other);
        if (b->len > a->len) {
            ObjSet *t = a;
            a = b;
            b = t;
        }
        int64_t pos = 0, i;
        while ((i = next_entry(b, &pos)) >= 0) {
            SetEntry e = b->table[i];
            int r = contains_entry(vm, a, e.key, e.hash);
            if (r < 0) return NULL;
            if (r && add_entry(vm, result, e.key, e.hash) < 0) return NULL;
        }
        return result;
    }
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return NULL;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) return vm_has_exc(vm) ? NULL : result;
        uint64_t h;
        if (!dict_hash_key(vm, k, &h)) return NULL;
        int r = contains_entry(vm, so, k, h);
        if (r < 0) return NULL;
        if (r && add_entry(vm, result, k, h) < 0) return NULL;
    }
}

static void swap_bodies(ObjSet *a, ObjSet *b) {
    SetEntry *t = a->table;
    a->table = b->table;
    b->table = t;
    int64_t x = a->mask;
    a->mask = b->mask;
    b->mask = x;
    x = a->fill;
    a->fill = b->fill;
    b->fill = x;
    x = a->len;
    a->len = b->len;
    b->len = x;
    a->version++;
    b->version++;
}

static bool difference_update_internal(VM *vm, ObjSet *so, Value other) {
    if (IS_OBJ(other) && AS_OBJ(other) == (Obj *)so) {
        clear_internal(vm, so);
        return true;
    }
    if (IS_SET(other)) {
        ObjSet *o = AS_SET(other);
        if ((o->len >> 3) > so->len) {
            o = set_intersection(vm, so, other);
            if (!o) return false;
        }
        int64_t pos = 0, i;
        while ((i = next_entry(o, &pos)) >= 0) {
            SetEntry e = o->table[i];
            if (discard_entry(vm, so, e.key, e.hash) < 0) return false;
        }
    } else {
        Value it = vm_getiter(vm, other);
        if (IS_NULL(it)) return false;
        for (;;) {
            Value k = vm_iternext(vm, it);
            if (IS_NULL(k)) {
                if (vm_has_exc(vm)) return false;
                break;
            }
            if (discard_key(vm, so, k) < 0) return false;
        }
    }
    if ((uint64_t)(so->fill - so->len) <= (uint64_t)so->mask / 4) return true;
    table_resize(vm, so, so->len > 50000 ? so->len * 2 : so->len * 4);
    return true;
}

static ObjSet *copy_and_difference(VM *vm, ObjSet *so, Value other) {
    ObjSet *r = set_copy(vm, so);
    if (!r || !difference_update_internal(vm, r, other)) return NULL;
    return r;
}

static ObjSet *set_difference(VM *vm, ObjSet *so, Value other) {
    int64_t other_size;
    bool other_dict = IS_DICT(other) && AS_OBJ(other)->type == vm->t_dict;
    if (IS_SET(other)) other_size = AS_SET(other)->len;
    else if (other_dict) other_size = AS_DICT(other)->len;
    else return copy_and_difference(vm, so, other);
    if ((so->len >> 2) > other_size) return copy_and_difference(vm, so, other);
    ObjSet *result = make_new_set_basetype(vm, so->obj.type, VAL_NULL);
    int64_t pos = 0, i;
    while ((i = next_entry(so, &pos)) >= 0) {
        SetEntry e = so->table[i];
        int r = other_dict ? dict_contains_hash(vm, AS_DICT(other), e.key, e.hash)
                           : contains_entry(vm, AS_SET(other), e.key, e.hash);
        if (r < 0) return NULL;
        if (!r && add_entry(vm, result, e.key, e.hash) < 0) return NULL;
    }
    return result;
}

static bool symmetric_difference_update(VM *vm, ObjSet *so, Value other) {
    if (IS_OBJ(other) && AS_OBJ(other) == (Obj *)so) {
        clear_internal(vm, so);
        return true;
    }
    if (IS_DICT(other) && AS_OBJ(other)->type == vm->t_dict) {
        ObjDict *d = AS_DICT(other);
        int64_t pos = 0;
        Value k;
        uint64_t h;
        while (dict_next_hash(d, &pos, &k, NULL, &h)) {
            int r = discard_entry(vm, so, k, h);
            if (r < 0) return false;
            if (r == 0 && add_entry(vm, so, k, h) < 0) return false;
        }
        return true;
    }
    ObjSet *o;
    if (IS_SET(other)) o = AS_SET(other);
    else {
        o = make_new_set_basetype(vm, so->obj.type, other);
        if (!o) return false;
    }
    int64_t pos = 0, i;
    while ((i = next_entry(o, &pos)) >= 0) {
        SetEntry e = o->table[i];
        int r = discard_entry(vm, so, e.key, e.hash);
        if (r < 0) return false;
        if (r == 0 && add_entry(vm, so, e.key, e.hash) < 0) return false;
    }
    return true;
}

static ObjSet *set_symmetric_difference(VM *vm, ObjSet *so, Value other) {
    ObjSet *o = make_new_set_basetype(vm, so->obj.type, other);
    if (!o) return NULL;
    if (!symmetric_difference_update(vm, o, MAKE_OBJ(so))) return NULL;
    return o;
}

/* 1, 0, -1 */
static int set_issubset(VM *vm, ObjSet *so, Value other) {
    if (!IS_SET(other)) {
        ObjSet *tmp = set_intersection(vm, so, other);
        if (!tmp) return -1;
        return tmp->len == so->len;
    }
    ObjSet *o = AS_SET(other);
    if (so->len > o->len) return 0;
    int64_t pos = 0, i;
    while ((i = next_entry(so, &pos)) >= 0) {
        SetEntry e = so->table[i];
        int r = contains_entry(vm, o, e.key, e.hash);
        if (r <= 0) return r;
    }
    return 1;
}

static int set_issuperset(VM *vm, ObjSet *so, Value other) {
    if (IS_SET(other)) return set_issubset(vm, AS_SET(other), MAKE_OBJ(so));
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return -1;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) return vm_has_exc(vm) ? -1 : 1;
        int r = contains_key(vm, so, k);
        if (r <= 0) return r;
    }
}

static int set_isdisjoint(VM *vm, ObjSet *so, Value other) {
    if (IS_OBJ(other) && AS_OBJ(other) == (Obj *)so) return so->len == 0;
    if (IS_SET(other) && (AS_OBJ(other)->type == vm->t_set || AS_OBJ(other)->type == vm->t_frozenset)) {
        ObjSet *a = so, *b = AS_SET(other);
        if (b->len > a->len) {
            ObjSet *t = a;
            a = b;
            b = t;
        }
        int64_t pos = 0, i;
        while ((i = next_entry(b, &pos)) >= 0) {
            SetEntry e = b->table[i];
            int r = contains_entry(vm, a, e.key, e.hash);
            if (r < 0) return -1;
            if (r) return 0;
        }
        return 1;
    }
    Value it = vm_getiter(vm, other);
    if (IS_NULL(it)) return -1;
    for (;;) {
        Value k = vm_iternext(vm, it);
        if (IS_NULL(k)) return vm_has_exc(vm) ? -1 : 1;
        int r = contains_key(vm, so, k);
        if (r < 0) return -1;
        if (r) return 0;
    }
}

/* ---- argument helpers -------------------------------------------------- */

static const char *tname_of(VM *vm, Value v) {
    return IS_SET(v) && is_frozen(vm, AS_SET(v)) ? "frozenset" : "set";
}

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

/* any set or frozenset */
#define ANY_SELF(name)                                                                        \
    if (nargs < 1 || !IS_SET(args[0])) return bad_self(vm, name, "set", nargs, nargs ? args[0] : VAL_NONE); \
    ObjSet *so = AS_SET(args[0]);                                                             \
    ensure_table(vm, so)

/* mutable set only */
#define SET_SELF(name)                                                                        \
    if (nargs < 1 || !IS_SET(args[0]) || !type_is_subtype(AS_OBJ(args[0])->type, vm->t_set)) \
        return bad_self(vm, name, "set", nargs, nargs ? args[0] : VAL_NONE);                 \
    ObjSet *so = AS_SET(args[0]);                                                             \
    ensure_table(vm, so)

#define NOARGS(mname)                                                                                        \
    if (nargs != 1)                                                                                          \
    return vm_raise(vm, vm->exc_TypeError, "%s." mname "() takes no arguments (%d given)", tname_of(vm, args[0]), \
                    nargs - 1)
#define ONEARG(mname)                                                                                        \
    if (nargs != 2)                                                                                          \
    return vm_raise(vm, vm->exc_TypeError, "%s." mname "() takes exactly one argument (%d given)",          \
                    tname_of(vm, args[0]), nargs - 1)
#define SLOTARGS(n)                                                                                          \
    if (nargs != (n) + 1)                                                                                    \
    return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", (n), (n) == 1 ? "" : "s", nargs - 1)

#define RET_SET(expr)                  \
    do {                               \
        ObjSet *r_ = (expr);           \
        if (!r_) return VAL_NULL;      \
        return MAKE_OBJ(r_);           \
    } while (0)

#define RET_BOOL(expr)                 \
    do {                               \
        int r_ = (expr);               \
        if (r_ < 0) return VAL_NULL;   \
        return MAKE_BOOL(r_);          \
    } while (0)

/* ---- construction ------------------------------------------------------ */

static Value s_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "set.__new__(X): X is not a type object (%s)",
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_set))
        return vm_raise(vm, vm->exc_TypeError, "set.__new__(%s): %s is not a subtype of set", cls->name->data,
                        cls->name->data);
    if (cls == vm->t_set && kw && kw->len > 0)
        return vm_raise(vm, vm->exc_TypeError, "set() takes no keyword arguments");
    return MAKE_OBJ(set_alloc(vm, cls));
}

static Value s_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("__init__");
    if (kw && kw->len > 0) return vm_raise(vm, vm->exc_TypeError, "set() takes no keyword arguments");
    if (nargs > 2)
        return vm_raise(vm, vm->exc_TypeError, "%s expected at most 1 argument, got %d", vm_type_name(vm, args[0]),
                        nargs - 1);
    if (so->fill) clear_internal(vm, so);
    if (nargs == 2 && !set_update(vm, so, args[1])) return VAL_NULL;
    return VAL_NONE;
}

static Value f_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "frozenset.__new__(X): X is not a type object (%s)",
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_frozenset))
        return vm_raise(vm, vm->exc_TypeError, "frozenset.__new__(%s): %s is not a subtype of frozenset",
                        cls->name->data, cls->name->data);
    if (kw && kw->len > 0) {
        Value init = type_lookup(vm, cls, vm->s___init__);
        if (cls == vm->t_frozenset || (IS_NATIVE(init) && AS_NATIVE(init)->owner == vm->t_object))
            return vm_raise(vm, vm->exc_TypeError, "frozenset() takes no keyword arguments");
    }
    if (nargs > 2)
        return vm_raise(vm, vm->exc_TypeError, "%s expected at most 1 argument, got %d", cls->name->data, nargs - 1);
    if (nargs < 2) return MAKE_OBJ(set_alloc(vm, cls));
    Value it = args[1];
    if (cls == vm->t_frozenset && IS_SET(it) && AS_OBJ(it)->type == vm->t_frozenset) return it;
    RET_SET(make_new_set(vm, cls, it));
}

/* ---- dunders ----------------------------------------------------------- */

static Value s_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("__repr__");
    SLOTARGS(0);
    ObjType *t = so->obj.type;
    int r = vm_repr_enter(vm, (Obj *)so);
    if (r < 0) return VAL_NULL;
    if (r > 0) return MAKE_OBJ(str_printf(vm, "%s(...)", t->name->data));
    if (so->len == 0) {
        vm_repr_leave(vm, (Obj *)so);
        return MAKE_OBJ(str_printf(vm, "%s()", t->name->data));
    }
    /* snapshot the keys: repr() may run code that mutates the set */
    ObjList *keys = list_new(vm, 0);
    int64_t pos = 0, i;
    while ((i = next_entry(so, &pos)) >= 0) list_append(vm, keys, so->table[i].key);
    StrBuf b;
    strbuf_init(&b);
    bool exact = t == vm->t_set;
    if (!exact) {
        strbuf_add_str(&b, t->name);
        strbuf_add_char(&b, '(');
    }
    strbuf_add_char(&b, '{');
    for (int64_t j = 0; j < keys->len; j++) {
        if (j) strbuf_add(&b, ", ", 2);
        Value s = vm_repr(vm, keys->items[j]);
        if (IS_NULL(s)) {
            strbuf_free(&b);
            vm_repr_leave(vm, (Obj *)so);
            return VAL_NULL;
        }
        strbuf_add_str(&b, AS_STR(s));
    }
    strbuf_add_char(&b, '}');
    if (!exact) strbuf_add_char(&b, ')');
    vm_repr_leave(vm, (Obj *)so);
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value s_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("__len__");
    SLOTARGS(0);
    return MAKE_INT(so->len);
}

static Value s_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("__contains__");
    ONEARG("__contains__");
    RET_BOOL(set_contains(vm, so, args[1]));
}

static Value s_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("__hash__");
    SLOTARGS(0);
    if (!is_frozen(vm, so)) return vm_raise(vm, vm->exc_TypeError, "unhashable type: '%s'", vm_type_name(vm, args[0]));
    return MAKE_INT((int64_t)set_frozen_hash(so));
}

/* ---- iterator ---------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjSet *set; /* NULL once exhausted */
    int64_t pos;
    int64_t used; /* len at creation; -1 after a size error (sticky) */
    int64_t len;
} SetIter;

static void setiter_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((SetIter *)o)->set); }

static Value setiter_next(VM *vm, Value self) {
    SetIter *si = (SetIter *)AS_OBJ(self);
    ObjSet *so = si->set;
    if (!so) return VAL_NULL;
    if (si->used != so->len) {
        si->used = -1;
        return vm_raise(vm, vm->exc_RuntimeError, "Set changed size during iteration");
    }
    int64_t pos = si->pos;
    int64_t i = next_entry(so, &pos);
    if (i < 0) {
        si->pos = so->mask + 2;
        si->set = NULL;
        return VAL_NULL;
    }
    si->pos = i + 1;
    si->len--;
    return so->table[i].key;
}

static Value setiter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SetIter *si = (SetIter *)AS_OBJ(args[0]);
    if (si->set && si->used == si->set->len) return MAKE_INT(si->len);
    return MAKE_INT(0);
}

static const MethodDef setiter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", setiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value s_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("__iter__");
    SLOTARGS(0);
    SetIter *si = (SetIter *)gc_alloc(vm, sizeof(SetIter), vm->ptypes[PT_SETITER], OK_OTHER);
    si->set = so;
    si->used = so->len;
    si->len = so->len;
    si->pos = 0;
    return MAKE_OBJ(si);
}

/* ---- comparisons -------------------------------------------------------- */

static Value richcompare(VM *vm, ObjSet *v, Value w, CmpOp op) {
    if (!IS_SET(w)) return NOTIMPL;
    ObjSet *ws = AS_SET(w);
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (v->len != ws->len) r = 0;
        else if (is_frozen(vm, v) && is_frozen(vm, ws) && v->hash && ws->hash && v->hash != ws->hash) r = 0;
        else r = set_issubset(vm, v, w);
        if (r < 0) return VAL_NULL;
        return MAKE_BOOL(op == CMP_EQ ? r : !r);
    case CMP_LE: r = set_issubset(vm, v, w); break;
    case CMP_GE: r = set_issuperset(vm, v, w); break;
    case CMP_LT: r = v->len >= ws->len ? 0 : set_issubset(vm, v, w); break;
    case CMP_GT: r = v->len <= ws->len ? 0 : set_issuperset(vm, v, w); break;
    default: return NOTIMPL;
    }
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

#define CMP_METHOD(fname, name, op)                                      \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {   \
        ANY_SELF(name);                                                  \
        SLOTARGS(1);                                                     \
        return richcompare(vm, so, args[1], op);                         \
    }
CMP_METHOD(s_eq, "__eq__", CMP_EQ)
CMP_METHOD(s_ne, "__ne__", CMP_NE)
CMP_METHOD(s_lt, "__lt__", CMP_LT)
CMP_METHOD(s_le, "__le__", CMP_LE)
CMP_METHOD(s_gt, "__gt__", CMP_GT)
CMP_METHOD(s_ge, "__ge__", CMP_GE)

/* ---- operators ---------------------------------------------------------- */

static Value op_or(VM *vm, Value a, Value b) {
    if (!IS_SET(a) || !IS_SET(b)) return NOTIMPL;
    ObjSet *r = set_copy(vm, AS_SET(a));
    if (!r) return VAL_NULL;
    if (AS_OBJ(a) == AS_OBJ(b)) return MAKE_OBJ(r);
    if (!set_update(vm, r, b)) return VAL_NULL;
    return MAKE_OBJ(r);
}

static Value op_and(VM *vm, Value a, Value b) {
    if (!IS_SET(a) || !IS_SET(b)) return NOTIMPL;
    RET_SET(set_intersection(vm, AS_SET(a), b));
}

static Value op_sub(VM *vm, Value a, Value b) {
    if (!IS_SET(a) || !IS_SET(b)) return NOTIMPL;
    RET_SET(set_difference(vm, AS_SET(a), b));
}

static Value op_xor(VM *vm, Value a, Value b) {
    if (!IS_SET(a) || !IS_SET(b)) return NOTIMPL;
    RET_SET(set_symmetric_difference(vm, AS_SET(a), b));
}

#define BIN_METHOD(fname, name, impl, reflected)                                                \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {                          \
        ANY_SELF(name);                                                                         \
        (void)so;                                                                               \
        SLOTARGS(1);                                                                            \
        return reflected ? impl(vm, args[1], args[0]) : impl(vm, args[0], args[1]);             \
    }
BIN_METHOD(s_or, "__or__", op_or, 0)
BIN_METHOD(s_ror, "__ror__", op_or, 1)
BIN_METHOD(s_and, "__and__", op_and, 0)
BIN_METHOD(s_rand, "__rand__", op_and, 1)
BIN_METHOD(s_sub, "__sub__", op_sub, 0)
BIN_METHOD(s_rsub, "__rsub__", op_sub, 1)
BIN_METHOD(s_xor, "__xor__", op_xor, 0)
BIN_METHOD(s_rxor, "__rxor__", op_xor, 1)

static Value s_ior(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("__ior__");
    SLOTARGS(1);
    if (!IS_SET(args[1])) return NOTIMPL;
    if (!set_update(vm, so, args[1])) return VAL_NULL;
    return args[0];
}

static Value s_iand(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("__iand__");
    SLOTARGS(1);
    if (!IS_SET(args[1])) return NOTIMPL;
    ObjSet *tmp = set_intersection(vm, so, args[1]);
    if (!tmp) return VAL_NULL;
    swap_bodies(so, tmp);
    return args[0];
}

static Value s_isub(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("__isub__");
    SLOTARGS(1);
    if (!IS_SET(args[1])) return NOTIMPL;
    if (!difference_update_internal(vm, so, args[1])) return VAL_NULL;
    return args[0];
}

static Value s_ixor(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("__ixor__");
    SLOTARGS(1);
    if (!IS_SET(args[1])) return NOTIMPL;
    if (!symmetric_difference_update(vm, so, args[1])) return VAL_NULL;
    return args[0];
}

/* ---- named methods ------------------------------------------------------ */

static Value s_add(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("add");
    ONEARG("add");
    if (add_key(vm, so, args[1]) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value s_remove(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("remove");
    ONEARG("remove");
    Value key = args[1];
    int r = discard_key(vm, so, key);
    if (r < 0 && retry_as_frozen(vm, key)) {
        ObjSet *tmp = make_new_set(vm, vm->t_frozenset, key);
        if (!tmp) return VAL_NULL;
        r = discard_key(vm, so, MAKE_OBJ(tmp));
    }
    if (r < 0) return VAL_NULL;
    if (r == 0) return exc_raise_key_error(vm, key);
    return VAL_NONE;
}

static Value s_discard(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("discard");
    ONEARG("discard");
    Value key = args[1];
    int r = discard_key(vm, so, key);
    if (r < 0 && retry_as_frozen(vm, key)) {
        ObjSet *tmp = make_new_set(vm, vm->t_frozenset, key);
        if (!tmp) return VAL_NULL;
        r = discard_key(vm, so, MAKE_OBJ(tmp));
    }
    if (r < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value s_pop(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("pop");
    NOARGS("pop");
    if (so->len == 0) return vm_raise(vm, vm->exc_KeyError, "pop from an empty set");
    uint64_t mask = (uint64_t)so->mask;
    uint64_t i = so->hash & mask; /* the search finger */
    while (IS_NULL(so->table[i].key)) {
        i++;
        if (i > mask) i = 0;
    }
    SetEntry *e = &so->table[i];
    Value key = e->key;
    e->key = VAL_NULL;
    e->hash = DUMMY_HASH;
    e->dummy = true;
    so->len--;
    so->version++;
    so->hash = i + 1;
    return key;
}

static Value s_clear(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("clear");
    NOARGS("clear");
    clear_internal(vm, so);
    return VAL_NONE;
}

static Value s_copy(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("copy");
    NOARGS("copy");
    if (so->obj.type == vm->t_frozenset) return args[0];
    RET_SET(set_copy(vm, so));
}

static Value s_union(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("union");
    ObjSet *r = set_copy(vm, so);
    if (!r) return VAL_NULL;
    for (int i = 1; i < nargs; i++) {
        if (IS_OBJ(args[i]) && AS_OBJ(args[i]) == (Obj *)so) continue;
        if (!set_update(vm, r, args[i])) return VAL_NULL;
    }
    return MAKE_OBJ(r);
}

static Value s_update(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("update");
    for (int i = 1; i < nargs; i++)
        if (!set_update(vm, so, args[i])) return VAL_NULL;
    return VAL_NONE;
}

static ObjSet *intersection_multi(VM *vm, ObjSet *so, Value *others, int n) {
    if (n == 0) return set_copy(vm, so);
    ObjSet *result = so;
    for (int i = 0; i < n; i++) {
        result = set_intersection(vm, result, others[i]);
        if (!result) return NULL;
    }
    return result;
}

static Value s_intersection(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("intersection");
    RET_SET(intersection_multi(vm, so, args + 1, nargs - 1));
}

static Value s_intersection_update(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("intersection_update");
    ObjSet *tmp = intersection_multi(vm, so, args + 1, nargs - 1);
    if (!tmp) return VAL_NULL;
    swap_bodies(so, tmp);
    return VAL_NONE;
}

static Value s_difference(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("difference");
    if (nargs == 1) RET_SET(set_copy(vm, so));
    ObjSet *r = set_difference(vm, so, args[1]);
    if (!r) return VAL_NULL;
    for (int i = 2; i < nargs; i++)
        if (!difference_update_internal(vm, r, args[i])) return VAL_NULL;
    return MAKE_OBJ(r);
}

static Value s_difference_update(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("difference_update");
    for (int i = 1; i < nargs; i++)
        if (!difference_update_internal(vm, so, args[i])) return VAL_NULL;
    return VAL_NONE;
}

static Value s_symmetric_difference(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("symmetric_difference");
    ONEARG("symmetric_difference");
    RET_SET(set_symmetric_difference(vm, so, args[1]));
}

static Value s_symmetric_difference_update(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    SET_SELF("symmetric_difference_update");
    ONEARG("symmetric_difference_update");
    if (!symmetric_difference_update(vm, so, args[1])) return VAL_NULL;
    return VAL_NONE;
}

static Value s_issubset(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("issubset");
    ONEARG("issubset");
    RET_BOOL(set_issubset(vm, so, args[1]));
}

static Value s_issuperset(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("issuperset");
    ONEARG("issuperset");
    RET_BOOL(set_issuperset(vm, so, args[1]));
}

static Value s_isdisjoint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ANY_SELF("isdisjoint");
    ONEARG("isdisjoint");
    RET_BOOL(set_isdisjoint(vm, so, args[1]));
}

static Value s_class_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "__class_getitem__() takes exactly one argument (%d given)", nargs - 1);
    return dict_generic_alias(vm, args[0], args[1]);
}

#define COMMON_METHODS                                                \
    {"__repr__", s_repr, 0, NULL},                                    \
    {"__len__", s_len, 0, NULL},                                      \
    {"__contains__", s_contains, 0, NULL},                            \
    {"__iter__", s_iter, 0, NULL},                                    \
    {"__eq__", s_eq, 0, NULL},                                        \
    {"__ne__", s_ne, 0, NULL},                                        \
    {"__lt__", s_lt, 0, NULL},                                        \
    {"__le__", s_le, 0, NULL},                                        \
    {"__gt__", s_gt, 0, NULL},                                        \
    {"__ge__", s_ge, 0, NULL},                                        \
    {"__or__", s_or, 0, NULL},                                        \
    {"__ror__", s_ror, 0, NULL},                                      \
    {"__and__", s_and, 0, NULL},                                      \
    {"__rand__", s_rand, 0, NULL},                                    \
    {"__sub__", s_sub, 0, NULL},                                      \
    {"__rsub__", s_rsub, 0, NULL},                                    \
    {"__xor__", s_xor, 0, NULL},                                      \
    {"__rxor__", s_rxor, 0, NULL},                                    \
    {"__class_getitem__", s_class_getitem, METH_CLASS, NULL},         \
    {"copy", s_copy, 0, NULL},                                        \
    {"union", s_union, 0, NULL},                                      \
    {"intersection", s_intersection, 0, NULL},                        \
    {"difference", s_difference, 0, NULL},                            \
    {"symmetric_difference", s_symmetric_difference, 0, NULL},        \
    {"issubset", s_issubset, 0, NULL},                                \
    {"issuperset", s_issuperset, 0, NULL},                            \
    {"isdisjoint", s_isdisjoint, 0, NULL}

static const MethodDef set_methods[] = {
    COMMON_METHODS,
    {"__new__", s_new, METH_STATIC | METH_KW, NULL},
    {"__init__", s_init, METH_KW, NULL},
    {"__ior__", s_ior, 0, NULL},
    {"__iand__", s_iand, 0, NULL},
    {"__isub__", s_isub, 0, NULL},
    {"__ixor__", s_ixor, 0, NULL},
    {"add", s_add, 0, NULL},
    {"remove", s_remove, 0, NULL},
    {"discard", s_discard, 0, NULL},
    {"pop", s_pop, 0, NULL},
    {"clear", s_clear, 0, NULL},
    {"update", s_update, 0, NULL},
    {"intersection_update", s_intersection_update, 0, NULL},
    {"difference_update", s_difference_update, 0, NULL},
    {"symmetric_difference_update", s_symmetric_difference_update, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef frozenset_methods[] = {
    COMMON_METHODS,
    {"__new__", f_new, METH_STATIC | METH_KW, NULL},
    {"__hash__", s_hash, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void set_init_type(VM *vm) {
    type_add_methods(vm, vm->t_set, set_methods);
    type_set_attr(vm, vm->t_set, "__hash__", VAL_NONE);
    type_add_methods(vm, vm->t_frozenset, frozenset_methods);
    ObjType *t = type_new_builtin(vm, "set_iterator", NULL, OK_OTHER, sizeof(SetIter), setiter_trace, NULL, 0);
    t->iternext = setiter_next;
    type_add_methods(vm, t, setiter_methods);
    vm->ptypes[PT_SETITER] = t;
}
