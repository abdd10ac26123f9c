/* listsort.c: list.sort() — CPython's timsort (natural runs, binary
 * insertion up to minrun, the classic run-stack invariants, merges that
 * first trim both runs with a binary search), minus the galloping mode.
 * Stable; `reverse` keeps stability the way CPython does (reverse, sort,
 * reverse back). Keys are computed once per item.
 *
 * While sorting, the list is emptied (len 0, items NULL, cap -1) so Coil
 * code run by key functions or comparisons sees an empty list; if that
 * code mutates the list, cap is no longer -1 at the end and we raise
 * "ValueError: list modified during sort" (the sorted items are kept).
 *
 * Comparisons use "<" only (vm_compare_bool(.., CMP_LT)) with the same
 * operand order as CPython, plus fast paths when every key is a small int,
 * a float or an exact str. When Coil code can run (generic comparisons or
 * a key function), every item and key is kept reachable through a snapshot
 * tuple on the temp-root stack: sorting only permutes them.
 */
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "str.h"

enum { K_GENERIC, K_INT, K_FLOAT, K_STR };

typedef struct {
    int64_t base, len;
} Run;

typedef struct {
    VM *vm;
    int kind;
    Value *keys;
    Value *vals; /* NULL when the keys are the values */
    Value *tmpk, *tmpv;
    int64_t tmpcap;
    Run pending[90];
    int n;
} MergeState;

/* ---- comparison --------------------------------------------------------- */

static int generic_lt(VM *vm, Value a, Value b);

/* Exact-tuple "<" as tuple.__lt__ does it, with the element fast paths. */
static int tuple_lt(VM *vm, ObjTuple *a, ObjTuple *b) {
    int64_t n = a->len < b->len ? a->len : b->len, i;
    for (i = 0; i < n; i++) {
        Value x = a->items[i], y = b->items[i];
        int eq;
        if (val_is(x, y)) eq = 1;
        else if (IS_INTLIKE(x) && IS_INTLIKE(y)) eq = AS_INT(x) == AS_INT(y);
        else if (IS_FLOAT(x) && IS_FLOAT(y)) eq = AS_FLOAT(x) == AS_FLOAT(y);
        else if (IS_STR(x) && IS_STR(y) && AS_OBJ(x)->type == vm->t_str && AS_OBJ(y)->type == vm->t_str)
            eq = str_equal(AS_STR(x), AS_STR(y));
        else eq = vm_eq(vm, x, y);
        if (eq < 0) return -1;
        if (!eq) break;
    }
    if (i >= a->len || i >= b->len) return a->len < b->len;
    return generic_lt(vm, a->items[i], b->items[i]);
}

static int generic_lt(VM *vm, Value a, Value b) {
    if (IS_INTLIKE(a) && IS_INTLIKE(b)) return AS_INT(a) < AS_INT(b);
    if (IS_FLOAT(a) && IS_FLOAT(b)) return AS_FLOAT(a) < AS_FLOAT(b);
    if (IS_OBJ(a) && IS_OBJ(b)) {
        ObjType *ta = AS_OBJ(a)->type, *tb = AS_OBJ(b)->type;
        if (ta == vm->t_str && tb == vm->t_str) return str_compare(AS_STR(a), AS_STR(b)) < 0;
        if (ta == vm->t_tuple && tb == vm->t_tuple) return tuple_lt(vm, AS_TUPLE(a), AS_TUPLE(b));
    }
    return vm_compare_bool(vm, a, b, CMP_LT);
}

static inline int islt(MergeState *ms, Value a, Value b) {
    switch (ms->kind) {
    case K_INT: return AS_INT(a) < AS_INT(b);
    case K_FLOAT: return AS_FLOAT(a) < AS_FLOAT(b);
    case K_STR: return str_compare(AS_STR(a), AS_STR(b)) < 0;
    default: return generic_lt(ms->vm, a, b);
    }
}

/* ---- element moves (keys and, when separate, values in lockstep) -------- */

static inline void swap_vals(Value *a, int64_t i, int64_t j) {
    Value t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void reverse_range(MergeState *ms, int64_t lo, int64_t hi) {
    for (hi--; lo < hi; lo++, hi--) {
        swap_vals(ms->keys, lo, hi);
        if (ms->vals) swap_vals(ms->vals, lo, hi);
    }
}

static void ensure_tmp(MergeState *ms, int64_t need) {
    if (need <= ms->tmpcap) return;
    free(ms->tmpk);
    free(ms->tmpv);
    ms->tmpk = malloc((size_t)need * sizeof(Value));
    ms->tmpv = ms->vals ? malloc((size_t)need * sizeof(Value)) : NULL;
    if (!ms->tmpk || (ms->vals && !ms->tmpv)) {
        fputs("Fatal Python error: out of memory\n", stderr);
        abort();
    }
    ms->tmpcap = need;
}

/* ---- runs ---------------------------------------------------------------- */

/* binarysort: [lo, start) is sorted; insert the items of [start, hi). */
static bool binarysort(MergeState *ms, int64_t lo, int64_t hi, int64_t start) {
    Value *k = ms->keys, *v = ms->vals;
    if (lo == start) start++;
    for (; start < hi; start++) {
        int64_t l = lo, r = start;
        Value pivot = k[start];
        do {
            int64_t p = l + ((r - l) >> 1);
            int c = islt(ms, pivot, k[p]);
            if (c < 0) return false;
            if (c) r = p;
            else l = p + 1;
        } while (l < r);
        memmove(k + l + 1, k + l, (size_t)(start - l) * sizeof(Value));
        k[l] = pivot;
        if (v) {
            Value pv = v[start];
            memmove(v + l + 1, v + l, (size_t)(start - l) * sizeof(Value));
            v[l] = pv;
        }
    }
    return true;
}

/* Length of the run starting at lo (strictly descending runs are flagged);
 * -1 on error. */
static int64_t count_run(MergeState *ms, int64_t lo, int64_t hi, bool *descending) {
    Value *k = ms->keys;
    *descending = false;
    if (lo + 1 == hi) return 1;
    int64_t n = 2, i = lo + 2;
    int c = islt(ms, k[lo + 1], k[lo]);
    if (c < 0) return -1;
    if (c) {
        *descending = true;
        for (; i < hi; i++, n++) {
            c = islt(ms, k[i], k[i - 1]);
            if (c < 0) return -1;
            if (!c) break;
        }
    } else {
        for (; i < hi; i++, n++) {
            c = islt(ms, k[i], k[i - 1]);
            if (c < 0) return -1;
            if (c) break;
        }
    }
    return n;
}

static int64_t compute_minrun(int64_t n) {
    int64_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* First index k in a[0..n) with key < a[k] (everything before is <= key). */
static int64_t search_right(MergeState *ms, Value key, const Value *a, int64_t n) {
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t m = lo + ((hi - lo) >> 1);
        int c = islt(ms, key, a[m]);
        if (c < 0) return -1;
        if (c) hi = m;
        else lo = m + 1;
    }
    return lo;
}

/* First index k in a[0..n) with key <= a[k] (everything before is < key). */
static int64_t search_left(MergeState *ms, Value key, const Value *a, int64_t n) {
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t m = lo + ((hi - lo) >> 1);
        int c = islt(ms, a[m], key);
        if (c < 0) return -1;
        if (c) lo = m + 1;
        else hi = m;
    }
    return lo;
}

/* Merges [pa, pa+na) and [pb = pa+na, pb+nb) with na <= nb; a[0] > b[0]
 * and a[na-1] > b[nb-1] are known. */
static bool merge_lo(MergeState *ms, int64_t pa, int64_t na, int64_t pb, int64_t nb) {
    Value *k = ms->keys, *v = ms->vals;
    ensure_tmp(ms, na);
    memcpy(ms->tmpk, k + pa, (size_t)na * sizeof(Value));
    if (v) memcpy(ms->tmpv, v + pa, (size_t)na * sizeof(Value));
    int64_t dest = pa, ia = 0;
    bool ok = true;
    k[dest] = k[pb];
    if (v) v[dest] = v[pb];
    dest++;
    pb++;
    nb--;
    if (nb == 0) goto done;
    if (na == 1) goto copy_b;
    for (;;) {
        int c = islt(ms, k[pb], ms->tmpk[ia]);
        if (c < 0) {
            ok = false;
            goto done;
        }
        if (c) {
            k[dest] = k[pb];
            if (v) v[dest] = v[pb];
            dest++;
            pb++;
            if (--nb == 0) goto done;
        } else {
            k[dest] = ms->tmpk[ia];
            if (v) v[dest] = ms->tmpv[ia];
            dest++;
            ia++;
            if (--na == 1) goto copy_b;
        }
    }
copy_b:
    /* the last a item is greater than everything left in b */
    memmove(k + dest, k + pb, (size_t)nb * sizeof(Value));
    if (v) memmove(v + dest, v + pb, (size_t)nb * sizeof(Value));
    k[dest + nb] = ms->tmpk[ia];
    if (v) v[dest + nb] = ms->tmpv[ia];
    return true;
done:
    if (na) {
        memcpy(k + dest, ms->tmpk + ia, (size_t)na * sizeof(Value));
        if (v) memcpy(v + dest, ms->tmpv + ia, (size_t)na * sizeof(Value));
    }
    return ok;
}

/* The mirror image for na > nb: b goes to the temp buffer, merge from the
 * right. */
static bool merge_hi(MergeState *ms, int64_t pa, int64_t na, int64_t pb, int64_t nb) {
    Value *k = ms->keys, *v = ms->vals;
    ensure_tmp(ms, nb);
    memcpy(ms->tmpk, k + pb, (size_t)nb * sizeof(Value));
    if (v) memcpy(ms->tmpv, v + pb, (size_t)nb * sizeof(Value));
    int64_t dest = pb + nb - 1, ia = pa + na - 1, ib = nb - 1;
    bool ok = true;
    k[dest] = k[ia];
    if (v) v[dest] = v[ia];
    dest--;
    ia--;
    na--;
    if (na == 0) goto done;
    if (nb == 1) goto copy_a;
    for (;;) {
        int c = islt(ms, ms->tmpk[ib], k[ia]);
        if (c < 0) {
            ok = false;
            goto done;
        }
        if (c) {
            k[dest] = k[ia];
            if (v) v[dest] = v[ia];
            dest--;
            ia--;
            if (--na == 0) goto done;
        } else {
            k[dest] = ms->tmpk[ib];
            if (v) v[dest] = ms->tmpv[ib];
            dest--;
            ib--;
            if (--nb == 1) goto copy_a;
        }
    }
copy_a:
    /* the first b item is smaller than everything left in a */
    dest -= na;
    ia -= na;
    memmove(k + dest + 1, k + ia + 1, (size_t)na * sizeof(Value));
    if (v) memmove(v + dest + 1, v + ia + 1, (size_t)na * sizeof(Value));
    k[dest] = ms->tmpk[ib];
    if (v) v[dest] = ms->tmpv[ib];
    return true;
done:
    if (nb) {
        memcpy(k + dest - (nb - 1), ms->tmpk, (size_t)nb * sizeof(Value));
        if (v) memcpy(v + dest - (nb - 1), ms->tmpv, (size_t)nb * sizeof(Value));
    }
    return ok;
}

static bool merge_at(MergeState *ms, int i) {
    int64_t pa = ms->pending[i].base, na = ms->pending[i].len;
    int64_t pb = ms->pending[i + 1].base, nb = ms->pending[i + 1].len;
    ms->pending[i].len = na + nb;
    if (i == ms->n - 3) ms->pending[i + 1] = ms->pending[i + 2];
    ms->n--;
    /* where does b[0] go in a? a's prefix before it is already in place */
    int64_t k = search_right(ms, ms->keys[pb], ms->keys + pa, na);
    if (k < 0) return false;
    pa += k;
    na -= k;
    if (na == 0) return true;
    /* where does a[last] go in b? b's suffix after it is already in place */
    nb = search_left(ms, ms->keys[pa + na - 1], ms->keys + pb, nb);
    if (nb < 0) return false;
    if (nb == 0) return true;
    return na <= nb ? merge_lo(ms, pa, na, pb, nb) : merge_hi(ms, pa, na, pb, nb);
}

static bool merge_collapse(MergeState *ms) {
    Run *p = ms->pending;
    while (ms->n > 1) {
        int n = ms->n - 2;
        if ((n > 0 && p[n - 1].len <= p[n].len + p[n + 1].len) ||
            (n > 1 && p[n - 2].len <= p[n - 1].len + p[n].len)) {
            if (p[n - 1].len < p[n + 1].len) n--;
            if (!merge_at(ms, n)) return false;
        } else if (p[n].len <= p[n + 1].len) {
            if (!merge_at(ms, n)) return false;
        } else {
            break;
        }
    }
    return true;
}

static bool merge_force_collapse(MergeState *ms) {
    Run *p = ms->pending;
    while (ms->n > 1) {
        int n = ms->n - 2;
        if (n > 0 && p[n - 1].len < p[n + 1].len) n--;
        if (!merge_at(ms, n)) return false;
    }
    return true;
}

static bool timsort(MergeState *ms, int64_t nitems) {
    int64_t lo = 0, remaining = nitems;
    int64_t minrun = compute_minrun(nitems);
    while (remaining > 0) {
        bool desc;
        int64_t n = count_run(ms, lo, lo + remaining, &desc);
        if (n < 0) return false;
        if (desc) reverse_range(ms, lo, lo + n);
        if (n < minrun) {
            int64_t force = remaining <= minrun ? remaining : minrun;
            if (!binarysort(ms, lo, lo + force, lo + n)) return false;
            n = force;
        }
        ms->pending[ms->n].base = lo;
        ms->pending[ms->n].len = n;
        ms->n++;
        if (!merge_collapse(ms)) return false;
        lo += n;
        remaining -= n;
    }
    return merge_force_collapse(ms);
}

/* ---- list.sort ----------------------------------------------------------- */

static int keys_kind(VM *vm, const Value *k, int64_t n) {
    if (n == 0) return K_GENERIC;
    if (IS_INTLIKE(k[0])) {
        for (int64_t i = 1; i < n; i++)
            if (!IS_INTLIKE(k[i])) return K_GENERIC;
        return K_INT;
    }
    if (IS_FLOAT(k[0])) {
        for (int64_t i = 1; i < n; i++)
            if (!IS_FLOAT(k[i])) return K_GENERIC;
        return K_FLOAT;
    }
    if (IS_OBJ(k[0]) && AS_OBJ(k[0])->type == vm->t_str) {
        for (int64_t i = 1; i < n; i++)
            if (!IS_OBJ(k[i]) || AS_OBJ(k[i])->type != vm->t_str) return K_GENERIC;
        return K_STR;
    }
    return K_GENERIC;
}

static void reverse_values(Value *a, int64_t n) {
    for (int64_t i = 0, j = n - 1; i < j; i++, j--) swap_vals(a, i, j);
}

bool list_sort(VM *vm, ObjList *l, Value key, bool reverse) {
    int64_t n = l->len;
    Value *items = l->items;
    int64_t cap = l->cap;
    bool has_key = !IS_NULL(key) && !IS_NONE(key);
    if (n < 2 && !has_key) return true;

    size_t mark = gc_roots_mark(vm);
    /* Snapshot every item (and later key) in a tuple the collector sees. */
    ObjTuple *snap = NULL;
    int kind = has_key ? K_GENERIC : keys_kind(vm, items, n);
    if (has_key || kind == K_GENERIC) {
        snap = tuple_new(vm, has_key ? 2 * n : n);
        if (n) memcpy(snap->items, items, (size_t)n * sizeof(Value));
        gc_push_root(vm, MAKE_OBJ(snap));
    }

    /* empty the list while we sort */
    l->items = NULL;
    l->len = 0;
    l->cap = -1;

    MergeState ms;
    memset(&ms, 0, sizeof ms);
    ms.vm = vm;
    bool ok = true;
    Value *keys = items;
    if (has_key) {
        keys = malloc((size_t)(n ? n : 1) * sizeof(Value));
        if (!keys) {
            fputs("Fatal Python error: out of memory\n", stderr);
            abort();
        }
        for (int64_t i = 0; i < n; i++) {
            Value kv = vm_call1(vm, key, items[i]);
            if (IS_NULL(kv)) {
                ok = false;
                break;
            }
            keys[i] = kv;
            snap->items[n + i] = kv;
        }
        if (!ok) {
            free(keys);
            keys = NULL;
            goto restore;
        }
        kind = keys_kind(vm, keys, n);
    }
    ms.kind = kind;
    ms.keys = keys;
    ms.vals = has_key ? items : NULL;

    if (n > 1) {
        if (reverse) {
            reverse_values(keys, n);
            if (has_key) reverse_values(items, n);
        }
        ok = timsort(&ms, n);
    }
    if (ok && l->cap != -1) {
        vm_raise(vm, vm->exc_ValueError, "list modified during sort");
        ok = false;
    }
    if (reverse && n > 1) reverse_values(items, n);
    free(ms.tmpk);
    free(ms.tmpv);
    if (has_key) free(keys);

restore:
    /* drop whatever Coil code put in the list meanwhile; put ours back */
    if (l->cap > 0) gc_free(vm, l->items, (size_t)l->cap * sizeof(Value));
    l->items = items;
    l->len = n;
    l->cap = cap;
    gc_roots_reset(vm, mark);
    return ok;
}
