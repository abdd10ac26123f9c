/* builtins.c: the builtins module: the names every module sees (types,
 * exception classes, constants) and the built-in functions, with CPython
 * 3.11's argument handling and error messages.
 *
 * The lazy iterator types (enumerate, zip, map, filter, reversed) live in
 * builtins_iter.c, print/input/open in builtins_io.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "dict.h"
#include "exception.h"
#include "float.h"
#include "int.h"
#include "list.h"
#include "object_impl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

/* builtins_iter.c */
void builtins_iter_init(VM *vm);
Value builtins_calliter_new(VM *vm, Value func, Value sentinel);
Value builtins_anext_awaitable_new(VM *vm, Value awaitable, Value deflt);
/* builtins_io.c */
void builtins_io_init(VM *vm, ObjModule *m);

enum { PT_QUITTER = 51 };

/* ---- argument checking with CPython's messages --------------------------- */

/* Arity checks with CPython's messages (args.c): "len() takes exactly one
 * argument (0 given)", "divmod expected 2 arguments, got 1". */
static bool check_one(VM *vm, const char *name, int nargs) { return vm_check_args(vm, name, nargs, 1, 1); }
static bool check_pos(VM *vm, const char *name, int nargs, int min, int max) {
    return vm_check_args(vm, name, nargs, min, max);
}

static bool check_no_kw(VM *vm, const char *name, ObjTuple *kwnames) {
    if (!kwnames || kwnames->len == 0) return true;
    vm_raise(vm, vm->exc_TypeError, "%s() takes no keyword arguments", name);
    return false;
}

static Value find_kw(ObjTuple *kwnames, Value *kwvalues, const char *name) {
    if (!kwnames) return VAL_NULL;
    for (int64_t i = 0; i < kwnames->len; i++)
        if (strcmp(AS_STR(kwnames->items[i])->data, name) == 0) return kwvalues[i];
    return VAL_NULL;
}

/* Argument Clinic's _PyArg_UnpackKeywords for a fixed parameter list (like
 * vm_parse_args, plus positional-only parameters, which sum() needs):
 * names[0..posonly) are positional-only, the first `minpos` parameters are
 * required, at most `maxpos` may be given by position. out[] gets VAL_NULL
 * for parameters not given. */
static bool parse_args(VM *vm, const char *fname, Value *args, int nargs, ObjTuple *kwnames, const char *const *names,
                       int total, int posonly, int minpos, int maxpos, Value *out) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value *kwvalues = args + nargs;
    for (int i = 0; i < total; i++) out[i] = VAL_NULL;
    if (nkw == 0 && nargs >= minpos && nargs <= maxpos) {
        for (int i = 0; i < nargs; i++) out[i] = args[i];
        return true;
    }
    int minposonly = posonly < minpos ? posonly : minpos;
    if (nargs + nkw > total) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes at most %d %sargument%s (%d given)", fname, total,
                 nargs == 0 ? "keyword " : "", total == 1 ? "" : "s", nargs + nkw);
        return false;
    }
    if (nargs > maxpos) {
        if (maxpos == 0) vm_raise(vm, vm->exc_TypeError, "%s() takes no positional arguments", fname);
        else
            vm_raise(vm, vm->exc_TypeError, "%s() takes %s %d positional argument%s (%d given)", fname,
                     minpos < maxpos ? "at most" : "exactly", maxpos, maxpos == 1 ? "" : "s", nargs);
        return false;
    }
    if (nargs < minposonly) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes %s %d positional argument%s (%d given)", fname,
                 minposonly < maxpos ? "at least" : "exactly", minposonly, minposonly == 1 ? "" : "s", nargs);
        return false;
    }
    for (int i = 0; i < nargs; i++) out[i] = args[i];
    int left = nkw;
    for (int i = nargs > posonly ? nargs : posonly; i < total; i++) {
        Value cur = VAL_NULL;
        if (left) cur = find_kw(kwnames, kwvalues, names[i]);
        else if (i >= minpos) break;
        out[i] = cur;
        if (!IS_NULL(cur)) left--;
        else if (i < minpos) {
            vm_raise(vm, vm->exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname, names[i], i + 1);
            return false;
        }
    }
    if (left > 0) {
        for (int i = posonly; i < nargs; i++) {
            if (!IS_NULL(find_kw(kwnames, kwvalues, names[i]))) {
                vm_raise(vm, vm->exc_TypeError, "argument for %s() given by name ('%s') and position (%d)", fname,
                         names[i], i + 1);
                return false;
            }
        }
        for (int k = 0; k < nkw; k++) {
            const char *kn = AS_STR(kwnames->items[k])->data;
            bool known = false;
            for (int i = posonly; i < total; i++)
                if (strcmp(names[i], kn) == 0) known = true;
            if (!known) {
                vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn, fname);
                return false;
            }
        }
    }
    return true;
}

/* Keyword-only options of a *args function (print, min, max): unknown
 * names raise CPython's message. */
static bool parse_kwonly(VM *vm, const char *fname, Value *kwvalues, ObjTuple *kwnames, const char *const *names,
                         int n, Value *out) {
    for (int i = 0; i < n; i++) out[i] = VAL_NULL;
    if (!kwnames) return true;
    for (int64_t k = 0; k < kwnames->len; k++) {
        const char *kn = AS_STR(kwnames->items[k])->data;
        int i = 0;
        while (i < n && strcmp(names[i], kn) != 0) i++;
        if (i == n) {
            vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn, fname);
            return false;
        }
        out[i] = kwvalues[k];
    }
    return true;
}

static ObjStr *intern_name(VM *vm, Value name) {
    return str_intern(vm, AS_STR(name)->data, (size_t)AS_STR(name)->len);
}

static bool check_attr_name(VM *vm, Value name) {
    if (IS_STR(name)) return true;
    vm_raise(vm, vm->exc_TypeError, "attribute name must be string, not '%s'", vm_type_name(vm, name));
    return false;
}

/* ---- simple functions ------------------------------------------------------ */

static Value bi_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "len", nargs)) return VAL_NULL;
    int64_t n = vm_len(vm, args[0]);
    if (n < 0) return VAL_NULL;
    return MAKE_INT(n);
}

static Value bi_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "repr", nargs)) return VAL_NULL;
    return vm_repr(vm, args[0]);
}

static Value bi_ascii(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "ascii", nargs)) return VAL_NULL;
    return vm_ascii(vm, args[0]);
}

static Value bi_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "hash", nargs)) return VAL_NULL;
    uint64_t h;
    if (!vm_hash(vm, args[0], &h)) return VAL_NULL;
    return MAKE_INT((int64_t)h);
}

/* id(): the address of a heap object; values stored unboxed get an id
 * derived from (tag, payload), above every address. */
static Value bi_id(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "id", nargs)) return VAL_NULL;
    Value v = args[0];
    if (IS_OBJ(v)) return MAKE_INT((int64_t)(uintptr_t)AS_OBJ(v));
    mpz_t z;
    mpz_init_set_ui(z, (unsigned long)v.tag);
    mpz_mul_2exp(z, z, 64);
    mpz_t p;
    mpz_init(p);
    uint64_t bits = (uint64_t)v.as.i;
    mpz_set_ui(p, (unsigned long)(bits >> 32));
    mpz_mul_2exp(p, p, 32);
    mpz_add_ui(p, p, (unsigned long)(bits & 0xffffffffu));
    mpz_add(z, z, p);
    mpz_clear(p);
    return int_from_mpz(vm, z);
}

static bool is_callable(VM *vm, Value v) {
    if (!IS_OBJ(v)) return false;
    switch (AS_OBJ(v)->kind) {
    case OK_FUNCTION:
    case OK_NATIVE:
    case OK_BOUND_METHOD:
    case OK_TYPE: return true;
    default: break;
    }
    return !IS_NULL(type_lookup(vm, AS_OBJ(v)->type, vm->s___call__));
}

static Value bi_callable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "callable", nargs)) return VAL_NULL;
    return MAKE_BOOL(is_callable(vm, args[0]));
}

static Value bi_format(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "format", nargs, 1, 2)) return VAL_NULL;
    Value spec = nargs > 1 ? args[1] : MAKE_OBJ(vm->empty_str ? vm->empty_str : str_new(vm, "", 0));
    if (!IS_STR(spec))
        return vm_raise(vm, vm->exc_TypeError, "format() argument 2 must be str, not %s", vm_type_name(vm, spec));
    return vm_format(vm, args[0], spec);
}

/* ---- numbers ----------------------------------------------------------------- */

static Value bi_abs(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "abs", nargs)) return VAL_NULL;
    Value v = args[0];
    if (int_check(v)) return int_abs(vm, v);
    if (IS_FLOAT(v)) return MAKE_FLOAT(fabs(AS_FLOAT(v)));
    bool found;
    Value r = vm_call_dunder(vm, v, vm->s___abs__, NULL, 0, &found);
    if (!found) return vm_raise(vm, vm->exc_TypeError, "bad operand type for abs(): '%s'", vm_type_name(vm, v));
    return r;
}

static bool is_notimpl(VM *vm, Value v) { return IS_OBJ(v) && AS_OBJ(v) == vm->not_implemented; }

/* Calls type(obj).name(other) if defined; VAL_NULL with no exception (and
 * *tried false) when the type lacks it. */
static Value try_dunder(VM *vm, Value obj, ObjStr *name, Value other, bool *tried) {
    Value f = type_lookup(vm, vm_type_of(vm, obj), name);
    if (IS_NULL(f) || IS_NONE(f)) {
        *tried = false;
        return VAL_NULL;
    }
    *tried = true;
    return vm_call_dunder(vm, obj, name, &other, 1, NULL);
}

static Value bi_divmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "divmod", nargs, 2, 2)) return VAL_NULL;
    Value a = args[0], b = args[1];
    if (int_check(a) && int_check(b)) return int_divmod(vm, a, b);
    if ((IS_FLOAT(a) || int_check(a)) && (IS_FLOAT(b) || int_check(b))) {
        Value r = float_divmod(vm, a, b);
        if (IS_NULL(r) || !is_notimpl(vm, r)) return r;
    }
    ObjType *ta = vm_type_of(vm, a), *tb = vm_type_of(vm, b);
    bool tried;
    bool rfirst = ta != tb && type_is_subtype(tb, ta) && !IS_NULL(type_lookup(vm, tb, vm->s___rdivmod__)) &&
                  (tb->tflags & TF_HEAPTYPE);
    if (rfirst) {
        Value r = try_dunder(vm, b, vm->s___rdivmod__, a, &tried);
        if (tried && (IS_NULL(r) || !is_notimpl(vm, r))) return r;
    }
    Value r = try_dunder(vm, a, vm->s___divmod__, b, &tried);
    if (tried && (IS_NULL(r) || !is_notimpl(vm, r))) return r;
    if (ta != tb && !rfirst) {
        r = try_dunder(vm, b, vm->s___rdivmod__, a, &tried);
        if (tried && (IS_NULL(r) || !is_notimpl(vm, r))) return r;
    }
    return vm_raise(vm, vm->exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'", ta->name->data,
                    tb->name->data);
}

static Value bi_pow(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"base", "exp", "mod"};
    Value a[3];
    if (!parse_args(vm, "pow", args, nargs, kwnames, names, 3, 0, 2, 3, a)) return VAL_NULL;
    Value base = a[0], exp = a[1], mod = a[2];
    if (IS_NULL(mod) || IS_NONE(mod)) return vm_binary_op(vm, BINOP_POW, base, exp);
    if (int_check(base) && int_check(exp) && int_check(mod)) return int_pow_mod(vm, base, exp, mod);
    bool numeric = (int_check(base) || IS_FLOAT(base)) && (int_check(exp) || IS_FLOAT(exp)) &&
                   (int_check(mod) || IS_FLOAT(mod));
    if (numeric)
        return vm_raise(vm, vm->exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    ObjType *tb = vm_type_of(vm, base);
    if (tb->tflags & TF_HEAPTYPE) {
        Value f = type_lookup(vm, tb, vm->s___pow__);
        if (!IS_NULL(f) && !IS_NONE(f)) {
            Value pa[2] = {exp, mod};
            Value r = vm_call_dunder(vm, base, vm->s___pow__, pa, 2, NULL);
            if (IS_NULL(r) || !is_notimpl(vm, r)) return r;
        }
    }
    if (IS_FLOAT(base) || IS_FLOAT(exp) || IS_FLOAT(mod))
        return vm_raise(vm, vm->exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    return vm_raise(vm, vm->exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                    vm_type_name(vm, base), vm_type_name(vm, exp), vm_type_name(vm, mod));
}

static Value bi_round(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"number", "ndigits"};
    Value a[2];
    if (!parse_args(vm, "round", args, nargs, kwnames, names, 2, 0, 1, 2, a)) return VAL_NULL;
    Value num = a[0], nd = a[1];
    if (!IS_NULL(nd) && IS_NONE(nd)) nd = VAL_NULL;
    if (IS_FLOAT(num)) return float_round(vm, AS_FLOAT(num), nd);
    if (IS_INTLIKE(num) && IS_NULL(nd)) return MAKE_INT(AS_INT(num));
    ObjType *t = vm_type_of(vm, num);
    Value m = type_lookup(vm, t, vm->s___round__);
    if (IS_NULL(m) || IS_NONE(m))
        return vm_raise(vm, vm->exc_TypeError, "type %s doesn't define __round__ method", t->name->data);
    return vm_call_dunder(vm, num, vm->s___round__, IS_NULL(nd) ? NULL : &nd, IS_NULL(nd) ? 0 : 1, NULL);
}

static Value bi_sum(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"", "start"};
    Value a[2];
    if (!parse_args(vm, "sum", args, nargs, kwnames, names, 2, 1, 1, 2, a)) return VAL_NULL;
    Value result = IS_NULL(a[1]) ? MAKE_INT(0) : a[1];
    if (IS_STR(result)) return vm_raise(vm, vm->exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (IS_BYTES(result)) {
        if (type_is_subtype(vm_type_of(vm, result), vm->t_bytearray))
            return vm_raise(vm, vm->exc_TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]");
        return vm_raise(vm, vm->exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    }
    Value it = vm_getiter(vm, a[0]);
    if (IS_NULL(it)) return VAL_NULL;
    size_t mark = gc_roots_mark(vm);
    if (IS_INT(result)) {
        int64_t acc = AS_INT(result);
        for (;;) {
            gc_roots_reset(vm, mark);
            Value item = vm_iternext(vm, it);
            if (IS_NULL(item)) return vm_has_exc(vm) ? VAL_NULL : MAKE_INT(acc);
            if (IS_INTLIKE(item)) {
                int64_t s;
                if (!__builtin_add_overflow(acc, AS_INT(item), &s)) {
                    acc = s;
                    continue;
                }
            }
            gc_push_root(vm, item);
            result = vm_binary_op(vm, BINOP_ADD, MAKE_INT(acc), item);
            if (IS_NULL(result)) return VAL_NULL;
            break;
        }
    }
    if (IS_FLOAT(result)) {
        double f = AS_FLOAT(result);
        for (;;) {
            gc_roots_reset(vm, mark);
            Value item = vm_iternext(vm, it);
            if (IS_NULL(item)) return vm_has_exc(vm) ? VAL_NULL : MAKE_FLOAT(f);
            if (IS_FLOAT(item)) {
                f += AS_FLOAT(item);
                continue;
            }
            if (IS_INTLIKE(item)) {
                f += (double)AS_INT(item);
                continue;
            }
            gc_push_root(vm, item);
            result = vm_binary_op(vm, BINOP_ADD, MAKE_FLOAT(f), item);
            if (IS_NULL(result)) return VAL_NULL;
            break;
        }
    }
    for (;;) {
        gc_roots_reset(vm, mark);
        gc_push_root(vm, result);
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) return vm_has_exc(vm) ? VAL_NULL : result;
        gc_push_root(vm, item);
        result = vm_binary_op(vm, BINOP_ADD, result, item);
        if (IS_NULL(result)) return VAL_NULL;
    }
}

static Value int_base_repr(VM *vm, Value x, int base, const char *prefix) {
    Value v = int_index(vm, x);
    if (IS_NULL(v)) return VAL_NULL;
    size_t len;
    char *s = int_to_cstr(vm, v, base, &len);
    if (!s) return vm_raise_no_memory(vm);
    StrBuf b;
    strbuf_init(&b);
    const char *digits = s;
    if (*digits == '-') {
        strbuf_add_char(&b, '-');
        digits++;
    }
    strbuf_add_cstr(&b, prefix);
    strbuf_add_cstr(&b, digits);
    free(s);
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value bi_bin(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "bin", nargs)) return VAL_NULL;
    return int_base_repr(vm, args[0], 2, "0b");
}

static Value bi_oct(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "oct", nargs)) return VAL_NULL;
    return int_base_repr(vm, args[0], 8, "0o");
}

static Value bi_hex(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "hex", nargs)) return VAL_NULL;
    return int_base_repr(vm, args[0], 16, "0x");
}

static Value bi_chr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "chr", nargs)) return VAL_NULL;
    Value v = int_index(vm, args[0]);
    if (IS_NULL(v)) return VAL_NULL;
    if (!IS_INTLIKE(v) || AS_INT(v) > INT32_MAX || AS_INT(v) < INT32_MIN)
        return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
    int64_t cp = AS_INT(v);
    if (cp < 0 || cp > 0x10FFFF) return vm_raise(vm, vm->exc_ValueError, "chr() arg not in range(0x110000)");
    return MAKE_OBJ(str_from_codepoint(vm, (uint32_t)cp));
}

static Value bi_ord(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "ord", nargs)) return VAL_NULL;
    Value v = args[0];
    if (IS_STR(v)) {
        ObjStr *s = AS_STR(v);
        if (s->nchars == 1) return MAKE_INT(str_char_at(s, 0));
        return vm_raise(vm, vm->exc_TypeError, "ord() expected a character, but string of length %lld found",
                        (long long)s->nchars);
    }
    if (IS_BYTES(v)) {
        ObjBytes *b = AS_BYTES(v);
        if (b->len == 1) return MAKE_INT(b->data[0]);
        return vm_raise(vm, vm->exc_TypeError, "ord() expected a character, but string of length %lld found",
                        (long long)b->len);
    }
    return vm_raise(vm, vm->exc_TypeError, "ord() expected string of length 1, but %s found", vm_type_name(vm, v));
}

/* ---- iteration-driven functions ------------------------------------------------ */

static Value all_any(VM *vm, Value *args, int nargs, const char *name, bool want) {
    if (!check_one(vm, name, nargs)) return VAL_NULL;
    Value it = vm_getiter(vm, args[0]);
    if (IS_NULL(it)) return VAL_NULL;
    size_t mark = gc_roots_mark(vm);
    for (;;) {
        gc_roots_reset(vm, mark);
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) return vm_has_exc(vm) ? VAL_NULL : MAKE_BOOL(!want);
        int t = vm_truthy(vm, item);
        if (t < 0) return VAL_NULL;
        if ((t != 0) == want) return MAKE_BOOL(want);
    }
}

static Value bi_all(VM *vm, Value *args, int nargs, ObjTuple *kw) { return all_any(vm, args, nargs, "all", false); }
static Value bi_any(VM *vm, Value *args, int nargs, ObjTuple *kw) { return all_any(vm, args, nargs, "any", true); }

static Value min_max(VM *vm, Value *args, int nargs, ObjTuple *kwnames, CmpOp op, const char *name) {
    static const char *const names[] = {"key", "default"};
    Value kw[2];
    if (!parse_kwonly(vm, name, args + nargs, kwnames, names, 2, kw)) return VAL_NULL;
    Value key = kw[0], deflt = kw[1];
    if (nargs == 0) return vm_raise(vm, vm->exc_TypeError, "%s expected at least 1 argument, got 0", name);
    if (nargs > 1 && !IS_NULL(deflt))
        return vm_raise(vm, vm->exc_TypeError, "Cannot specify a default for %s() with multiple positional arguments",
                        name);
    if (!IS_NULL(key) && IS_NONE(key)) key = VAL_NULL;
    Value it = VAL_NULL;
    if (nargs == 1) {
        it = vm_getiter(vm, args[0]);
        if (IS_NULL(it)) return VAL_NULL;
    }
    size_t mark = gc_roots_mark(vm);
    Value best = VAL_NULL, bestkey = VAL_NULL;
    for (int i = 0;; i++) {
        Value item;
        if (nargs == 1) {
            item = vm_iternext(vm, it);
            if (IS_NULL(item)) {
                if (vm_has_exc(vm)) return VAL_NULL;
                break;
            }
        } else {
            if (i >= nargs) break;
            item = args[i];
        }
        gc_push_root(vm, item);
        Value k = item;
        if (!IS_NULL(key)) {
            k = vm_call1(vm, key, item);
            if (IS_NULL(k)) return VAL_NULL;
            gc_push_root(vm, k);
        }
        if (IS_NULL(best)) {
            best = item;
            bestkey = k;
        } else {
            int c = vm_compare_bool(vm, k, bestkey, op);
            if (c < 0) return VAL_NULL;
            if (c > 0) {
                best = item;
                bestkey = k;
            }
        }
        /* keep only the current best rooted */
        gc_roots_reset(vm, mark);
        gc_push_root(vm, best);
        gc_push_root(vm, bestkey);
    }
    if (IS_NULL(best)) {
        if (!IS_NULL(deflt)) return deflt;
        return vm_raise(vm, vm->exc_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
}

static Value bi_min(VM *vm, Value *args, int nargs, ObjTuple *kw) { return min_max(vm, args, nargs, kw, CMP_LT, "min"); }
static Value bi_max(VM *vm, Value *args, int nargs, ObjTuple *kw) { return min_max(vm, args, nargs, kw, CMP_GT, "max"); }

static Value bi_sorted(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "sorted expected 1 argument, got %d", nargs);
    ObjList *l = vm_list_from_iterable(vm, args[0]);
    if (!l) return VAL_NULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (nkw == 0) {
        if (!list_sort(vm, l, VAL_NULL, false)) return VAL_NULL;
        return MAKE_OBJ(l);
    }
    /* keywords go to list.sort exactly as CPython passes them on */
    Value sort = dict_get_str(vm, vm->t_list->dict, str_intern_cstr(vm, "sort"));
    if (IS_NULL(sort)) return vm_raise(vm, vm->exc_SystemError, "list.sort is missing");
    Value *a = malloc(sizeof(Value) * (size_t)(nkw + 1));
    a[0] = MAKE_OBJ(l);
    memcpy(a + 1, args + 1, sizeof(Value) * (size_t)nkw);
    Value r = vm_call(vm, sort, a, 1, kwnames);
    free(a);
    if (IS_NULL(r)) return VAL_NULL;
    return MAKE_OBJ(l);
}

/* ---- isinstance / issubclass -------------------------------------------------- */

#define MAX_CHECK_DEPTH 200

/* CPython's check_class: anything with a tuple __bases__ counts as a class. */
static int has_bases(VM *vm, Value cls) {
    if (IS_TYPE(cls)) return 1;
    Value b = vm_getattr_opt(vm, cls, vm->s___bases__);
    if (IS_NULL(b)) return vm_has_exc(vm) ? -1 : 0;
    return IS_TUPLE(b) ? 1 : 0;
}

static int abstract_issubclass(VM *vm, Value derived, Value cls, int depth) {
    for (;;) {
        if (val_is(derived, cls)) return 1;
        if (depth > MAX_CHECK_DEPTH) {
            vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded in __subclasscheck__");
            return -1;
        }
        Value b = IS_TYPE(derived) ? MAKE_OBJ(AS_TYPE(derived)->bases) : vm_getattr_opt(vm, derived, vm->s___bases__);
        if (IS_NULL(b)) return vm_has_exc(vm) ? -1 : 0;
        if (!IS_TUPLE(b) || AS_TUPLE(b)->len == 0) return 0;
        ObjTuple *bases = AS_TUPLE(b);
        if (bases->len == 1) {
            derived = bases->items[0];
            depth++;
            continue;
        }
        gc_push_root(vm, b);
        for (int64_t i = 0; i < bases->len; i++) {
            int r = abstract_issubclass(vm, bases->items[i], cls, depth + 1);
            if (r != 0) return r;
        }
        return 0;
    }
}

static int recursive_isinstance(VM *vm, Value inst, Value cls) {
    ObjType *t = vm_type_of(vm, inst);
    if (IS_TYPE(cls)) {
        if (type_is_subtype(t, AS_TYPE(cls))) return 1;
        /* a class may lie about its __class__ (a property, a class attribute) */
        Value d = (t->tflags & TF_HEAPTYPE) ? type_lookup(vm, t, vm->s___class__) : VAL_NULL;
        if (!IS_NULL(d) && !(IS_KIND(d, OK_GETSET) && ((ObjGetSet *)AS_OBJ(d))->owner == vm->t_object)) {
            Value c = vm_getattr_opt(vm, inst, vm->s___class__);
            if (IS_NULL(c)) return vm_has_exc(vm) ? -1 : 0;
            if (IS_TYPE(c) && AS_TYPE(c) != t) return type_is_subtype(AS_TYPE(c), AS_TYPE(cls));
        }
        return 0;
    }
    int hb = has_bases(vm, cls);
    if (hb < 0) return -1;
    if (!hb) {
        vm_raise(vm, vm->exc_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
        return -1;
    }
    Value c = vm_getattr_opt(vm, inst, vm->s___class__);
    if (IS_NULL(c)) return vm_has_exc(vm) ? -1 : 0;
    gc_push_root(vm, c);
    return abstract_issubclass(vm, c, cls, 0);
}

static int object_isinstance(VM *vm, Value inst, Value cls, int depth) {
    if (IS_TYPE(cls) && vm_type_of(vm, inst) == AS_TYPE(cls)) return 1;
    if (IS_TYPE(cls) && AS_OBJ(cls)->type == vm->t_type) return recursive_isinstance(vm, inst, cls);
    if (IS_TUPLE(cls)) {
        if (depth > MAX_CHECK_DEPTH) {
            vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded in __instancecheck__");
            return -1;
        }
        ObjTuple *t = AS_TUPLE(cls);
        for (int64_t i = 0; i < t->len; i++) {
            int r = object_isinstance(vm, inst, t->items[i], depth + 1);
            if (r != 0) return r;
        }
        return 0;
    }
    Value chk = type_lookup(vm, vm_type_of(vm, cls), vm->s___instancecheck__);
    if (!IS_NULL(chk) && !(IS_NATIVE(chk) && AS_NATIVE(chk)->owner == vm->t_type)) {
        Value r = vm_call_dunder(vm, cls, vm->s___instancecheck__, &inst, 1, NULL);
        if (IS_NULL(r)) return -1;
        return vm_truthy(vm, r);
    }
    return recursive_isinstance(vm, inst, cls);
}

static int recursive_issubclass(VM *vm, Value derived, Value cls) {
    if (IS_TYPE(cls) && IS_TYPE(derived)) return type_is_subtype(AS_TYPE(derived), AS_TYPE(cls));
    int hb = has_bases(vm, derived);
    if (hb < 0) return -1;
    if (!hb) {
        vm_raise(vm, vm->exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    hb = has_bases(vm, cls);
    if (hb < 0) return -1;
    if (!hb) {
        vm_raise(vm, vm->exc_TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    return abstract_issubclass(vm, derived, cls, 0);
}

static int object_issubclass(VM *vm, Value derived, Value cls, int depth) {
    if (IS_TYPE(cls) && AS_OBJ(cls)->type == vm->t_type) {
        if (val_is(derived, cls)) return 1;
        return recursive_issubclass(vm, derived, cls);
    }
    if (IS_TUPLE(cls)) {
        if (depth > MAX_CHECK_DEPTH) {
            vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded in __subclasscheck__");
            return -1;
        }
        ObjTuple *t = AS_TUPLE(cls);
        for (int64_t i = 0; i < t->len; i++) {
            int r = object_issubclass(vm, derived, t->items[i], depth + 1);
            if (r != 0) return r;
        }
        return 0;
    }
    Value chk = type_lookup(vm, vm_type_of(vm, cls), vm->s___subclasscheck__);
    if (!IS_NULL(chk) && !(IS_NATIVE(chk) && AS_NATIVE(chk)->owner == vm->t_type)) {
        Value r = vm_call_dunder(vm, cls, vm->s___subclasscheck__, &derived, 1, NULL);
        if (IS_NULL(r)) return -1;
        return vm_truthy(vm, r);
    }
    return recursive_issubclass(vm, derived, cls);
}

static Value bi_isinstance(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "isinstance", nargs, 2, 2)) return VAL_NULL;
    int r = object_isinstance(vm, args[0], args[1], 0);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

static Value bi_issubclass(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "issubclass", nargs, 2, 2)) return VAL_NULL;
    int r = object_issubclass(vm, args[0], args[1], 0);
    if (r < 0) return VAL_NULL;
    return MAKE_BOOL(r);
}

/* ---- attributes ----------------------------------------------------------------- */

static Value bi_getattr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "getattr", nargs, 2, 3)) return VAL_NULL;
    if (!check_attr_name(vm, args[1])) return VAL_NULL;
    ObjStr *name = intern_name(vm, args[1]);
    if (nargs == 2) return vm_getattr(vm, args[0], name);
    Value v = vm_getattr_opt(vm, args[0], name);
    if (IS_NULL(v) && !vm_has_exc(vm)) return args[2];
    return v;
}

static Value bi_setattr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "setattr", nargs, 3, 3)) return VAL_NULL;
    if (!check_attr_name(vm, args[1])) return VAL_NULL;
    if (!vm_setattr(vm, args[0], intern_name(vm, args[1]), args[2])) return VAL_NULL;
    return VAL_NONE;
}

static Value bi_delattr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "delattr", nargs, 2, 2)) return VAL_NULL;
    if (!check_attr_name(vm, args[1])) return VAL_NULL;
    if (!vm_delattr(vm, args[0], intern_name(vm, args[1]))) return VAL_NULL;
    return VAL_NONE;
}

static Value bi_hasattr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "hasattr", nargs, 2, 2)) return VAL_NULL;
    if (!check_attr_name(vm, args[1])) return VAL_NULL;
    Value v = vm_getattr_opt(vm, args[0], intern_name(vm, args[1]));
    if (IS_NULL(v)) return vm_has_exc(vm) ? VAL_NULL : VAL_FALSE;
    return VAL_TRUE;
}

/* ---- iteration -------------------------------------------------------------------- */

static Value bi_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "iter", nargs, 1, 2)) return VAL_NULL;
    if (nargs == 1) return vm_getiter(vm, args[0]);
    if (!is_callable(vm, args[0])) return vm_raise(vm, vm->exc_TypeError, "iter(v, w): v must be callable");
    return builtins_calliter_new(vm, args[0], args[1]);
}

static Value bi_next(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "next", nargs, 1, 2)) return VAL_NULL;
    Value it = args[0];
    ObjType *t = vm_type_of(vm, it);
    if (t->iternext && AS_OBJ(it)->kind != OK_GENERATOR) {
        Value v = t->iternext(vm, it);
        if (!IS_NULL(v)) return v;
        if (vm_has_exc(vm)) {
            if (nargs == 2 && vm_exc_matches(vm, vm->exc_StopIteration)) {
                vm_clear_exc(vm);
                return args[1];
            }
            return VAL_NULL;
        }
        if (nargs == 2) return args[1];
        return exc_raise_stop_iteration(vm, VAL_NULL);
    }
    Value m = type_lookup(vm, t, vm->s___next__);
    if (IS_NULL(m) || IS_NONE(m))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object is not an iterator", t->name->data);
    Value v = vm_call_dunder(vm, it, vm->s___next__, NULL, 0, NULL);
    if (IS_NULL(v) && nargs == 2 && vm_exc_matches(vm, vm->exc_StopIteration)) {
        vm_clear_exc(vm);
        return args[1];
    }
    return v;
}

static Value bi_aiter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_one(vm, "aiter", nargs)) return VAL_NULL;
    ObjType *t = vm_type_of(vm, args[0]);
    Value m = type_lookup(vm, t, vm->s___aiter__);
    if (IS_NULL(m) || IS_NONE(m))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object is not an async iterable", t->name->data);
    Value it = vm_call_dunder(vm, args[0], vm->s___aiter__, NULL, 0, NULL);
    if (IS_NULL(it)) return VAL_NULL;
    ObjType *it_t = vm_type_of(vm, it);
    if (IS_NULL(type_lookup(vm, it_t, vm->s___anext__)))
        return vm_raise(vm, vm->exc_TypeError, "aiter() returned not an async iterator of type '%s'", it_t->name->data);
    return it;
}

static Value bi_anext(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "anext", nargs, 1, 2)) return VAL_NULL;
    ObjType *t = vm_type_of(vm, args[0]);
    Value m = type_lookup(vm, t, vm->s___anext__);
    if (IS_NULL(m) || IS_NONE(m))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object is not an async iterator", t->name->data);
    Value aw = vm_call_dunder(vm, args[0], vm->s___anext__, NULL, 0, NULL);
    if (IS_NULL(aw) || nargs == 1) return aw;
    return builtins_anext_awaitable_new(vm, aw, args[1]);
}

/* ---- namespaces --------------------------------------------------------------------- */

static Value bi_globals(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 0) return vm_raise(vm, vm->exc_TypeError, "globals() takes no arguments (%d given)", nargs);
    return vm_globals(vm);
}

static Value bi_locals(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 0) return vm_raise(vm, vm->exc_TypeError, "locals() takes no arguments (%d given)", nargs);
    return vm_locals(vm);
}

static Value bi_vars(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "vars", nargs, 0, 1)) return VAL_NULL;
    if (nargs == 0) return vm_locals(vm);
    Value d = vm_getattr_opt(vm, args[0], vm->s___dict__);
    if (IS_NULL(d) && !vm_has_exc(vm))
        return vm_raise(vm, vm->exc_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

static Value bi_dir(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!check_pos(vm, "dir", nargs, 0, 1)) return VAL_NULL;
    ObjList *l;
    if (nargs == 0) {
        Value loc = vm_locals(vm);
        if (IS_NULL(loc)) return VAL_NULL;
        if (IS_DICT(loc)) {
            l = dict_keys_list(vm, AS_DICT(loc));
        } else {
            Value keys = vm_call_method(vm, loc, vm->s_keys, NULL, 0);
            if (IS_NULL(keys)) return VAL_NULL;
            l = vm_list_from_iterable(vm, keys);
        }
    } else {
        bool found;
        Value r = vm_call_dunder(vm, args[0], vm->s___dir__, NULL, 0, &found);
        if (!found) return vm_raise(vm, vm->exc_TypeError, "object does not provide __dir__");
        if (IS_NULL(r)) return VAL_NULL;
        l = vm_list_from_iterable(vm, r);
    }
    if (!l) return VAL_NULL;
    if (!list_sort(vm, l, VAL_NULL, false)) return VAL_NULL;
    return MAKE_OBJ(l);
}

/* ---- exec / eval / compile --------------------------------------------------------------- */

static bool is_mapping(VM *vm, Value v) {
    return IS_DICT(v) || !IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___getitem__));
}

/* Source text of a str/bytes argument; false (no exception) for other types. */
static bool source_text(Value src, const char **text, size_t *len) {
    if (IS_STR(src)) {
        *text = AS_STR(src)->data;
        *len = (size_t)AS_STR(src)->len;
        return true;
    }
    if (IS_BYTES(src)) {
        *text = (const char *)AS_BYTES(src)->data;
        *len = (size_t)AS_BYTES(src)->len;
        return true;
    }
    return false;
}

static ObjCode *compile_text(VM *vm, const char *text, size_t len, const char *filename, CompileMode mode) {
    if (memchr(text, 0, len)) {
        vm_raise(vm, vm->exc_SyntaxError, "source code string cannot contain null bytes");
        return NULL;
    }
    if (utf8_check(text, len) != len) {
        /* bytes source that is not UTF-8: let the decoder report it */
        ObjStr *s = str_decode_utf8(vm, text, len, "strict");
        if (!s) return NULL;
        return compile_source(vm, s->data, (size_t)s->len, filename, mode, NULL);
    }
    return compile_source(vm, text, len, filename, mode, NULL);
}

static Value run_code_in(VM *vm, ObjCode *code, Value globals, Value locals) {
    if (IS_NONE(globals)) {
        globals = vm_globals(vm);
        if (IS_NONE(locals)) locals = vm_locals(vm);
    } else if (IS_NONE(locals)) {
        locals = globals;
    }
    if (!IS_DICT(globals)) return vm_raise(vm, vm->exc_TypeError, "globals must be a dict");
    if (!IS_DICT(locals))
        return vm_raise(vm, vm->exc_TypeError, "locals must be a dict in Coil, not %s", vm_type_name(vm, locals));
    return vm_exec_code(vm, code, AS_DICT(globals), AS_DICT(locals));
}

static Value bi_eval(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (!check_no_kw(vm, "eval", kwnames)) return VAL_NULL;
    if (!check_pos(vm, "eval", nargs, 1, 3)) return VAL_NULL;
    Value src = args[0];
    Value globals = nargs > 1 ? args[1] : VAL_NONE;
    Value locals = nargs > 2 ? args[2] : VAL_NONE;
    if (!IS_NONE(locals) && !is_mapping(vm, locals))
        return vm_raise(vm, vm->exc_TypeError, "locals must be a mapping");
    if (!IS_NONE(globals) && !IS_DICT(globals)) {
        if (is_mapping(vm, globals))
            return vm_raise(vm, vm->exc_TypeError, "globals must be a real dict; try eval(expr, {}, mapping)");
        return vm_raise(vm, vm->exc_TypeError, "globals must be a dict");
    }
    ObjCode *code;
    const char *text;
    size_t len;
    if (IS_CODE(src)) {
        code = (ObjCode *)AS_OBJ(src);
    } else if (source_text(src, &text, &len)) {
        while (len > 0 && (*text == ' ' || *text == '\t')) {
            text++;
            len--;
        }
        code = compile_text(vm, text, len, "<string>", COMPILE_EVAL);
        if (!code) return VAL_NULL;
    } else {
        return vm_raise(vm, vm->exc_TypeError, "eval() arg 1 must be a string, bytes or code object");
    }
    return run_code_in(vm, code, globals, locals);
}

static Value bi_exec(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const kwn[] = {"closure"};
    Value kw[1];
    if (!parse_kwonly(vm, "exec", args + nargs, kwnames, kwn, 1, kw)) return VAL_NULL;
    if (!check_pos(vm, "exec", nargs, 1, 3)) return VAL_NULL;
    Value src = args[0];
    Value globals = nargs > 1 ? args[1] : VAL_NONE;
    Value locals = nargs > 2 ? args[2] : VAL_NONE;
    if (!IS_NONE(globals) && !IS_DICT(globals))
        return vm_raise(vm, vm->exc_TypeError, "exec() globals must be a dict, not %s", vm_type_name(vm, globals));
    if (!IS_NONE(locals) && !is_mapping(vm, locals))
        return vm_raise(vm, vm->exc_TypeError, "locals must be a mapping or None, not %s", vm_type_name(vm, locals));
    if (!IS_NULL(kw[0]) && !IS_NONE(kw[0]) && !IS_CODE(src))
        return vm_raise(vm, vm->exc_TypeError, "closure can only be used when source is a code object");
    ObjCode *code;
    const char *text;
    size_t len;
    if (IS_CODE(src)) {
        code = (ObjCode *)AS_OBJ(src);
    } else if (source_text(src, &text, &len)) {
        code = compile_text(vm, text, len, "<string>", COMPILE_EXEC);
        if (!code) return VAL_NULL;
    } else {
        return vm_raise(vm, vm->exc_TypeError, "exec() arg 1 must be a string, bytes or code object");
    }
    Value r = run_code_in(vm, code, globals, locals);
    if (IS_NULL(r)) return VAL_NULL;
    return VAL_NONE;
}

static Value bi_compile(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"source", "filename", "mode", "flags", "dont_inherit", "optimize",
                                        "_feature_version"};
    Value a[7];
    if (!parse_args(vm, "compile", args, nargs, kwnames, names, 7, 0, 3, 6, a)) return VAL_NULL;
    const char *text;
    size_t len;
    if (!source_text(a[0], &text, &len))
        return vm_raise(vm, vm->exc_TypeError, "compile() arg 1 must be a string, bytes or AST object");
    const char *filename;
    if (IS_STR(a[1])) filename = AS_STR(a[1])->data;
    else if (IS_BYTES(a[1])) filename = (const char *)AS_BYTES(a[1])->data;
    else
        return vm_raise(vm, vm->exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                        vm_type_name(vm, a[1]));
    if (!IS_STR(a[2]))
        return vm_raise(vm, vm->exc_TypeError, "compile() argument 'mode' must be str, not %s", vm_type_name(vm, a[2]));
    const char *m = AS_STR(a[2])->data;
    CompileMode mode;
    if (strcmp(m, "exec") == 0) mode = COMPILE_EXEC;
    else if (strcmp(m, "eval") == 0) mode = COMPILE_EVAL;
    else if (strcmp(m, "single") == 0) mode = COMPILE_SINGLE;
    else return vm_raise(vm, vm->exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
    ObjCode *code = compile_text(vm, text, len, filename, mode);
    if (!code) return VAL_NULL;
    return MAKE_OBJ(code);
}

/* ---- __import__ ------------------------------------------------------------------------ */

static Value bi_import(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level"};
    Value a[5];
    if (!parse_args(vm, "__import__", args, nargs, kwnames, names, 5, 0, 1, 5, a)) return VAL_NULL;
    if (!IS_STR(a[0]))
        return vm_raise(vm, vm->exc_TypeError, "__import__() argument 1 must be str, not %s", vm_type_name(vm, a[0]));
    if (!IS_NULL(a[4])) {
        int64_t level;
        if (!vm_to_index(vm, a[4], &level)) return VAL_NULL;
        if (level < 0) return vm_raise(vm, vm->exc_ValueError, "level must be >= 0");
        if (level > 0)
            return vm_raise(vm, vm->exc_ImportError, "attempted relative import with no known parent package");
    }
    if (AS_STR(a[0])->len == 0) return vm_raise(vm, vm->exc_ValueError, "Empty module name");
    return vm_import(vm, intern_name(vm, a[0]));
}

/* ---- exit() / quit() ---------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjStr *name;
} QuitterObj;

static void quitter_trace(GC *gc, Obj *o) {
    QuitterObj *q = (QuitterObj *)o;
    if (q->name) gc_mark_obj(gc, (Obj *)q->name);
}

static Value quitter_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    QuitterObj *q = (QuitterObj *)AS_OBJ(args[0]);
    return MAKE_OBJ(str_printf(vm, "Use %s() or Ctrl-D (i.e. EOF) to exit", q->name->data));
}

static Value quitter_call(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value code = nargs > 1 ? args[1] : VAL_NONE;
    if (nargs > 2)
        return vm_raise(vm, vm->exc_TypeError,
                        "Quitter.__call__() takes from 1 to 2 positional arguments but %d were given", nargs);
    for (int i = 0; i < nkw; i++) {
        const char *kn = AS_STR(kwnames->items[i])->data;
        if (strcmp(kn, "code") != 0)
            return vm_raise(vm, vm->exc_TypeError, "Quitter.__call__() got an unexpected keyword argument '%s'", kn);
        if (nargs > 1)
            return vm_raise(vm, vm->exc_TypeError, "Quitter.__call__() got multiple values for argument 'code'");
        code = args[nargs + i];
    }
    ObjException *e = exc_new(vm, vm->exc_SystemExit, &code, 1);
    if (!e) return VAL_NULL;
    return vm_raise_value(vm, MAKE_OBJ(e));
}

static const MethodDef quitter_methods[] = {
    {"__repr__", quitter_repr, 0, NULL},
    {"__call__", quitter_call, METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- registration ------------------------------------------------------------------------- */

static const MethodDef builtin_functions[] = {
    {"abs", bi_abs, 0, NULL},
    {"all", bi_all, 0, NULL},
    {"any", bi_any, 0, NULL},
    {"ascii", bi_ascii, 0, NULL},
    {"bin", bi_bin, 0, NULL},
    {"callable", bi_callable, 0, NULL},
    {"chr", bi_chr, 0, NULL},
    {"compile", bi_compile, METH_KW, NULL},
    {"delattr", bi_delattr, 0, NULL},
    {"dir", bi_dir, 0, NULL},
    {"divmod", bi_divmod, 0, NULL},
    {"eval", bi_eval, METH_KW, NULL},
    {"exec", bi_exec, METH_KW, NULL},
    {"format", bi_format, 0, NULL},
    {"getattr", bi_getattr, 0, NULL},
    {"globals", bi_globals, 0, NULL},
    {"hasattr", bi_hasattr, 0, NULL},
    {"hash", bi_hash, 0, NULL},
    {"hex", bi_hex, 0, NULL},
    {"id", bi_id, 0, NULL},
    {"isinstance", bi_isinstance, 0, NULL},
    {"issubclass", bi_issubclass, 0, NULL},
    {"iter", bi_iter, 0, NULL},
    {"aiter", bi_aiter, 0, NULL},
    {"len", bi_len, 0, NULL},
    {"locals", bi_locals, 0, NULL},
    {"max", bi_max, METH_KW, NULL},
    {"min", bi_min, METH_KW, NULL},
    {"next", bi_next, 0, NULL},
    {"anext", bi_anext, 0, NULL},
    {"oct", bi_oct, 0, NULL},
    {"ord", bi_ord, 0, NULL},
    {"pow", bi_pow, METH_KW, NULL},
    {"repr", bi_repr, 0, NULL},
    {"round", bi_round, METH_KW, NULL},
    {"setattr", bi_setattr, 0, NULL},
    {"sorted", bi_sorted, METH_KW, NULL},
    {"sum", bi_sum, METH_KW, NULL},
    {"vars", bi_vars, 0, NULL},
    {"__import__", bi_import, METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};

static void set_name(VM *vm, const char *name, Value v) { dict_set_str(vm, vm->builtins, str_intern_cstr(vm, name), v); }

void builtins_init(VM *vm) {
    ObjModule *m = vm->builtins_module;
    struct {
        const char *name;
        ObjType *type;
    } types[] = {
        {"object", vm->t_object},       {"type", vm->t_type},
        {"int", vm->t_int},             {"bool", vm->t_bool},
        {"float", vm->t_float},         {"str", vm->t_str},
        {"bytes", vm->t_bytes},         {"bytearray", vm->t_bytearray},
        {"list", vm->t_list},           {"tuple", vm->t_tuple},
        {"dict", vm->t_dict},           {"set", vm->t_set},
        {"frozenset", vm->t_frozenset}, {"range", vm->t_range},
        {"slice", vm->t_slice},         {"property", vm->t_property},
        {"staticmethod", vm->t_staticmethod}, {"classmethod", vm->t_classmethod},
        {"super", vm->t_super},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type) set_name(vm, types[i].name, MAKE_OBJ(types[i].type));
#define X(name, base) set_name(vm, #name, MAKE_OBJ(vm->exc_##name));
    COIL_EXCEPTIONS(X)
#undef X
    set_name(vm, "EnvironmentError", MAKE_OBJ(vm->exc_OSError));
    set_name(vm, "IOError", MAKE_OBJ(vm->exc_OSError));
    ObjType *ew = type_new_builtin(vm, "EncodingWarning", vm->exc_Warning, OK_EXCEPTION, sizeof(ObjException), NULL,
                                   NULL, TF_BASETYPE | TF_EXCEPTION);
    ew->dictoffset = vm->exc_Warning->dictoffset;
    set_name(vm, "EncodingWarning", MAKE_OBJ(ew));
    set_name(vm, "None", VAL_NONE);
    set_name(vm, "True", VAL_TRUE);
    set_name(vm, "False", VAL_FALSE);
    set_name(vm, "__package__", MAKE_OBJ(str_new(vm, "", 0)));
    set_name(vm, "__loader__", VAL_NONE);
    set_name(vm, "__spec__", VAL_NONE);
    set_name(vm, "NotImplemented", MAKE_OBJ(vm->not_implemented));
    set_name(vm, "Ellipsis", MAKE_OBJ(vm->ellipsis));
    set_name(vm, "__debug__", VAL_TRUE);
    set_name(vm, "__name__", MAKE_OBJ(str_intern_cstr(vm, "builtins")));

    module_add_functions(vm, m, builtin_functions);
    builtins_iter_init(vm);
    builtins_io_init(vm, m);

    ObjType *qt = type_new_builtin(vm, "Quitter", NULL, OK_OTHER, sizeof(QuitterObj), quitter_trace, NULL, 0);
    qt->module = str_intern_cstr(vm, "_sitebuiltins");
    type_add_methods(vm, qt, quitter_methods);
    vm->ptypes[PT_QUITTER] = qt;
    const char *quit_names[] = {"exit", "quit"};
    for (int i = 0; i < 2; i++) {
        QuitterObj *q = (QuitterObj *)gc_alloc(vm, sizeof(QuitterObj), qt, OK_OTHER);
        q->name = str_intern_cstr(vm, quit_names[i]);
        set_name(vm, quit_names[i], MAKE_OBJ(q));
    }
}
