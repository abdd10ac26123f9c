/* bytes.c: the immutable bytes type (layout ObjBytes in object.h: length,
 * cached hash, inline NUL-terminated data) and its iterator.
 *
 * Methods follow CPython 3.11's bytes (Objects/bytesobject.c and
 * Objects/bytes_methods.c), messages included. bytearray shares the
 * layout; it gets the same read-only methods (results keep the type of
 * self) but no mutation, since the data is inline.
 *
 * A user subclass of bytes has its data inline too, so it cannot keep a
 * __dict__ at a fixed offset: like str.c, such classes get no instance
 * dict (dictoffset set negative) and the block gets a spare pointer.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "int.h"
#include "ops.h"
#include "slice.h"
#include "str.h"

#define NOTIMPL MAKE_OBJ(vm->not_implemented)
#define BITER_TYPE (vm->ptypes[40])

/* ====================================================================== */
/* construction                                                           */
/* ====================================================================== */

static ObjBytes *bytes_alloc(VM *vm, ObjType *type, size_t len) {
    size_t size = sizeof(ObjBytes) + len + 1;
    if (type != vm->t_bytes && type != vm->t_bytearray) {
        if (type->dictoffset > 0) type->dictoffset = -(int32_t)sizeof(ObjDict *);
        size = ((size + 7) & ~(size_t)7) + sizeof(ObjDict *);
    }
    ObjBytes *b = (ObjBytes *)gc_alloc(vm, size, type, OK_BYTES);
    b->len = (int64_t)len;
    b->data[len] = 0;
    return b;
}

ObjBytes *bytes_new(VM *vm, const uint8_t *data, size_t len) {
    ObjBytes *b = bytes_alloc(vm, vm->t_bytes, len);
    if (len) memcpy(b->data, data, len);
    return b;
}

/* A result of a method of self: bytearray stays bytearray, the rest
 * (bytes and subclasses of bytes) gives plain bytes. */
static ObjType *result_type(VM *vm, Value self) {
    ObjType *t = AS_OBJ(self)->type;
    return type_is_subtype(t, vm->t_bytearray) ? vm->t_bytearray : vm->t_bytes;
}

static Value new_like(VM *vm, Value self, const uint8_t *data, size_t len) {
    ObjBytes *b = bytes_alloc(vm, result_type(vm, self), len);
    if (len) memcpy(b->data, data, len);
    return MAKE_OBJ(b);
}

/* self itself when it is an exact bytes (CPython returns the same object
 * for no-op results), else a copy. */
static Value same_or_copy(VM *vm, Value self) {
    if (AS_OBJ(self)->type == vm->t_bytes) return self;
    return new_like(vm, self, AS_BYTES(self)->data, (size_t)AS_BYTES(self)->len);
}

/* ====================================================================== */
/* repr                                                                   */
/* ====================================================================== */

static void repr_into(StrBuf *sb, const uint8_t *d, int64_t n) {
    bool has_sq = false, has_dq = false;
    for (int64_t i = 0; i < n; i++) {
        if (d[i] == '\'') has_sq = true;
        else if (d[i] == '"') has_dq = true;
    }
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    strbuf_add_char(sb, 'b');
    strbuf_add_char(sb, quote);
    static const char hex[] = "0123456789abcdef";
    for (int64_t i = 0; i < n; i++) {
        uint8_t c = d[i];
        if (c == (uint8_t)quote || c == '\\') {
            strbuf_add_char(sb, '\\');
            strbuf_add_char(sb, (char)c);
        } else if (c == '\t') {
            strbuf_add(sb, "\\t", 2);
        } else if (c == '\n') {
            strbuf_add(sb, "\\n", 2);
        } else if (c == '\r') {
            strbuf_add(sb, "\\r", 2);
        } else if (c < ' ' || c >= 0x7f) {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            strbuf_add(sb, e, 4);
        } else {
            strbuf_add_char(sb, (char)c);
        }
    }
    strbuf_add_char(sb, quote);
}

Value bytes_repr(VM *vm, ObjBytes *b) {
    StrBuf sb;
    strbuf_init(&sb);
    bool ba = type_is_subtype(b->obj.type, vm->t_bytearray);
    if (ba) {
        strbuf_add_cstr(&sb, b->obj.type->name->data);
        strbuf_add_char(&sb, '(');
    }
    repr_into(&sb, b->data, b->len);
    if (ba) strbuf_add_char(&sb, ')');
    return MAKE_OBJ(strbuf_finish(vm, &sb));
}

/* ====================================================================== */
/* argument helpers                                                       */
/* ====================================================================== */

#define SELF AS_BYTES(args[0])

#define CHECK_SELF(name)                                                                                         \
    if (nargs < 1 || !IS_BYTES(args[0]))                                                                         \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'bytes' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));

/* A bytes-like argument (bytes or bytearray); TypeError otherwise. */
static ObjBytes *need_buffer(VM *vm, Value v) {
    if (IS_BYTES(v)) return AS_BYTES(v);
    vm_raise(vm, vm->exc_TypeError, "a bytes-like object is required, not '%s'", vm_type_name(vm, v));
    return NULL;
}

/* _PyEval_SliceIndex: None (or missing) keeps the default; ints clip. */
static bool slice_index(VM *vm, Value v, int64_t *out) {
    if (IS_NULL(v) || IS_NONE(v)) return true;
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    if (IS_BIGINT(v)) {
        *out = mpz_sgn(AS_BIGINT(v)->z) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
        return true;
    }
    Value i = VAL_NULL;
    bool found = false;
    i = vm_call_dunder(vm, v, vm->s___index__, NULL, 0, &found);
    if (!found) {
        vm_raise(vm, vm->exc_TypeError, "slice indices must be integers or None or have an __index__ method");
        return false;
    }
    if (IS_NULL(i)) return false;
    if (IS_BIGINT(i)) {
        *out = mpz_sgn(AS_BIGINT(i)->z) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
        return true;
    }
    if (!IS_INTLIKE(i)) {
        vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %s)", vm_type_name(vm, i));
        return false;
    }
    *out = AS_INT(i);
    return true;
}

static void adjust_indices(int64_t *start, int64_t *end, int64_t len) {
    if (*end > len) *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0) *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = 0;
    }
}

/* A byte value from an int-like (for find/count/in with an int). Returns
 * 1 with *out set, 0 when v is not an integer (no exception), -1 on error. */
static int byte_value(VM *vm, Value v, int *out) {
    if (IS_BYTES(v) || IS_STR(v) || IS_FLOAT(v)) return 0;
    int64_t i;
    if (IS_INTLIKE(v)) i = AS_INT(v);
    else if (IS_BIGINT(v)) i = -1;
    else {
        bool found = false;
        ObjType *t = vm_type_of(vm, v);
        if (IS_NULL(type_lookup(vm, t, vm->s___index__))) return 0;
        Value r = vm_call_dunder(vm, v, vm->s___index__, NULL, 0, &found);
        if (IS_NULL(r)) return -1;
        if (!int_check(r)) {
            vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %s)", vm_type_name(vm, r));
            return -1;
        }
        i = IS_BIGINT(r) ? -1 : AS_INT(r);
    }
    if (i < 0 || i > 255) {
        vm_raise(vm, vm->exc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (int)i;
    return 1;
}

static bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static bool is_lower(uint8_t c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(uint8_t c) { return is_lower(c) || is_upper(c); }
static bool is_alnum(uint8_t c) { return is_alpha(c) || is_digit(c); }

/* ====================================================================== */
/* search primitives                                                      */
/* ====================================================================== */

static int64_t find_fwd(const uint8_t *h, int64_t hl, const uint8_t *n, int64_t nl, int64_t start, int64_t end) {
    if (start > hl) return -1;
    if (end - start < nl) return -1;
    if (nl == 0) return start;
    const uint8_t *p = memmem(h + start, (size_t)(end - start), n, (size_t)nl);
    return p ? (int64_t)(p - h) : -1;
}

static int64_t find_rev(const uint8_t *h, int64_t hl, const uint8_t *n, int64_t nl, int64_t start, int64_t end) {
    if (start > hl) return -1;
    if (end - start < nl) return -1;
    for (int64_t i = end - nl; i >= start; i--)
        if (memcmp(h + i, n, (size_t)nl) == 0) return i;
    return -1;
}

static int64_t count_sub(const uint8_t *h, int64_t hl, const uint8_t *n, int64_t nl, int64_t start, int64_t end,
                         int64_t maxcount) {
    if (start > hl) return 0;
    if (end < start) return 0;
    if (nl == 0) return (end - start + 1) < maxcount ? (end - start + 1) : maxcount;
    int64_t c = 0, i = start;
    while (c < maxcount) {
        int64_t f = find_fwd(h, hl, n, nl, i, end);
        if (f < 0) break;
        c++;
        i = f + nl;
    }
    return c;
}

/* Parses (sub[, start[, end]]) for find/rfind/index/rindex/count; sub is
 * bytes or an int. */
static bool parse_finds(VM *vm, const char *name, Value *args, int nargs, const uint8_t **sub, int64_t *sublen,
                        uint8_t *onebyte, int64_t *start, int64_t *end) {
    if (!vm_check_args(vm, name, nargs - 1, 1, 3)) return false;
    Value s = args[1];
    *start = 0;
    *end = INT64_MAX / 2;
    if (nargs > 2 && !slice_index(vm, args[2], start)) return false;
    if (nargs > 3 && !slice_index(vm, args[3], end)) return false;
    if (IS_BYTES(s)) {
        *sub = AS_BYTES(s)->data;
        *sublen = AS_BYTES(s)->len;
        return true;
    }
    int bv;
    int r = byte_value(vm, s, &bv);
    if (r < 0) return false;
    if (r == 0) {
        vm_raise(vm, vm->exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                 vm_type_name(vm, s));
        return false;
    }
    *onebyte = (uint8_t)bv;
    *sub = onebyte;
    *sublen = 1;
    return true;
}

static Value find_common(VM *vm, Value *args, int nargs, const char *name, bool rev, bool raise) {
    CHECK_SELF("find")
    const uint8_t *sub;
    int64_t sl, start, end;
    uint8_t one;
    if (!parse_finds(vm, name, args, nargs, &sub, &sl, &one, &start, &end)) return VAL_NULL;
    ObjBytes *b = SELF;
    adjust_indices(&start, &end, b->len);
    int64_t r = rev ? find_rev(b->data, b->len, sub, sl, start, end) : find_fwd(b->data, b->len, sub, sl, start, end);
    if (r < 0 && raise) return vm_raise(vm, vm->exc_ValueError, "subsection not found");
    return MAKE_INT(r);
}

static Value by_find(VM *vm, Value *args, int nargs, ObjTuple *kw) { return find_common(vm, args, nargs, "find", false, false); }
static Value by_rfind(VM *vm, Value *args, int nargs, ObjTuple *kw) { return find_common(vm, args, nargs, "rfind", true, false); }
static Value by_index(VM *vm, Value *args, int nargs, ObjTuple *kw) { return find_common(vm, args, nargs, "index", false, true); }
static Value by_rindex(VM *vm, Value *args, int nargs, ObjTuple *kw) { return find_common(vm, args, nargs, "rindex", true, true); }

static Value by_count(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("count")
    const uint8_t *sub;
    int64_t sl, start, end;
    uint8_t one;
    if (!parse_finds(vm, "count", args, nargs, &sub, &sl, &one, &start, &end)) return VAL_NULL;
    ObjBytes *b = SELF;
    adjust_indices(&start, &end, b->len);
    return MAKE_INT(count_sub(b->data, b->len, sub, sl, start, end, INT64_MAX));
}

/* startswith / endswith */
static int tailmatch(ObjBytes *b, ObjBytes *sub, int64_t start, int64_t end, bool ends) {
    int64_t len = b->len, slen = sub->len;
    adjust_indices(&start, &end, len);
    if (!ends) {
        if (start > len - slen) return 0;
    } else {
        if (end - start < slen || start > len) return 0;
        if (end - slen > start) start = end - slen;
    }
    if (end - start < slen) return 0;
    return memcmp(b->data + start, sub->data, (size_t)slen) == 0;
}

static Value xwith(VM *vm, Value *args, int nargs, const char *name, bool ends) {
    CHECK_SELF("startswith")
    if (!vm_check_args(vm, name, nargs - 1, 1, 3)) return VAL_NULL;
    int64_t start = 0, end = INT64_MAX / 2;
    if (nargs > 2 && !slice_index(vm, args[2], &start)) return VAL_NULL;
    if (nargs > 3 && !slice_index(vm, args[3], &end)) return VAL_NULL;
    Value x = args[1];
    if (IS_TUPLE(x)) {
        ObjTuple *t = AS_TUPLE(x);
        for (int64_t i = 0; i < t->len; i++) {
            if (!IS_BYTES(t->items[i]))
                return vm_raise(vm, vm->exc_TypeError, "a bytes-like object is required, not '%s'",
                                vm_type_name(vm, t->items[i]));
            if (tailmatch(SELF, AS_BYTES(t->items[i]), start, end, ends)) return VAL_TRUE;
        }
        return VAL_FALSE;
    }
    if (!IS_BYTES(x))
        return vm_raise(vm, vm->exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name,
                        vm_type_name(vm, x));
    return MAKE_BOOL(tailmatch(SELF, AS_BYTES(x), start, end, ends));
}

static Value by_startswith(VM *vm, Value *args, int nargs, ObjTuple *kw) { return xwith(vm, args, nargs, "startswith", false); }
static Value by_endswith(VM *vm, Value *args, int nargs, ObjTuple *kw) { return xwith(vm, args, nargs, "endswith", true); }

/* ====================================================================== */
/* __new__                                                                */
/* ====================================================================== */

static Value from_iterable(VM *vm, ObjType *cls, Value x) {
    Value it = vm_getiter(vm, x);
    if (IS_NULL(it)) {
        if (vm_exc_matches(vm, vm->exc_TypeError)) {
            vm_clear_exc(vm);
            return vm_raise(vm, vm->exc_TypeError, "cannot convert '%s' object to bytes", vm_type_name(vm, x));
        }
        return VAL_NULL;
    }
    size_t cap = 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) return vm_raise_no_memory(vm);
    for (;;) {
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) {
            if (vm_has_exc(vm)) {
                free(buf);
                return VAL_NULL;
            }
            break;
        }
        int64_t v;
        if (IS_BIGINT(item)) v = -1;
        else if (!vm_to_index(vm, item, &v)) {
            free(buf);
            return VAL_NULL;
        }
        if (v < 0 || v > 255) {
            free(buf);
            return vm_raise(vm, vm->exc_ValueError, "bytes must be in range(0, 256)");
        }
        if (n == cap) {
            cap *= 2;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return vm_raise_no_memory(vm);
            }
            buf = nb;
        }
        buf[n++] = (uint8_t)v;
    }
    ObjBytes *b = bytes_alloc(vm, cls, n);
    if (n) memcpy(b->data, buf, n);
    free(buf);
    return MAKE_OBJ(b);
}

static Value with_type(VM *vm, ObjType *cls, Value v) {
    ObjBytes *src = AS_BYTES(v);
    if (src->obj.type == cls && cls == vm->t_bytes) return v;
    ObjBytes *b = bytes_alloc(vm, cls, (size_t)src->len);
    if (src->len) memcpy(b->data, src->data, (size_t)src->len);
    return MAKE_OBJ(b);
}

static Value by_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0])) return vm_raise(vm, vm->exc_TypeError, "bytes.__new__(X): X is not a type object");
    ObjType *cls = AS_TYPE(args[0]);
    bool ba = type_is_subtype(cls, vm->t_bytearray);
    const char *fname = ba ? "bytearray" : "bytes";
    Value x = VAL_NULL, enc = VAL_NULL, errs = VAL_NULL;
    if (!vm_parse_args(vm, fname, args + 1, nargs - 1, kwnames, "|source,encoding,errors", &x, &enc, &errs))
        return VAL_NULL;
    if (!IS_NULL(enc) && !IS_STR(enc))
        return vm_raise(vm, vm->exc_TypeError, "%s() argument 'encoding' must be str, not %s", fname,
                        vm_type_name(vm, enc));
    if (!IS_NULL(errs) && !IS_STR(errs))
        return vm_raise(vm, vm->exc_TypeError, "%s() argument 'errors' must be str, not %s", fname,
                        vm_type_name(vm, errs));
    if (IS_NULL(x)) {
        if (!IS_NULL(enc) || !IS_NULL(errs))
            return vm_raise(vm, vm->exc_TypeError, !IS_NULL(enc) ? "encoding without a string argument"
                                                                 : "errors without a string argument");
        return MAKE_OBJ(bytes_alloc(vm, cls, 0));
    }
    if (!IS_NULL(enc)) {
        if (!IS_STR(x)) return vm_raise(vm, vm->exc_TypeError, "encoding without a string argument");
        Value a[2] = {enc, errs};
        Value r = vm_call_method(vm, x, str_intern_cstr(vm, "encode"), a, IS_NULL(errs) ? 1 : 2);
        if (IS_NULL(r)) return VAL_NULL;
        if (!IS_BYTES(r))
            return vm_raise(vm, vm->exc_TypeError, "'%s' encoder returned '%s' instead of 'bytes'", AS_STR(enc)->data,
                            vm_type_name(vm, r));
        return with_type(vm, cls, r);
    }
    if (!IS_NULL(errs))
        return vm_raise(vm, vm->exc_TypeError,
                        IS_STR(x) ? "string argument without an encoding" : "errors without a string argument");
    if (!ba && !IS_BYTES(x)) {
        bool found = false;
        ObjType *t = vm_type_of(vm, x);
        if (!IS_NULL(type_lookup(vm, t, str_intern_cstr(vm, "__bytes__")))) {
            Value r = vm_call_dunder(vm, x, str_intern_cstr(vm, "__bytes__"), NULL, 0, &found);
            if (IS_NULL(r)) return VAL_NULL;
            if (!IS_BYTES(r))
                return vm_raise(vm, vm->exc_TypeError, "__bytes__ returned non-bytes (type %s)", vm_type_name(vm, r));
            return with_type(vm, cls, r);
        }
    }
    if (IS_STR(x)) return vm_raise(vm, vm->exc_TypeError, "string argument without an encoding");
    if (IS_BYTES(x)) return with_type(vm, cls, x);
    if (int_check(x) || (!IS_FLOAT(x) && IS_OBJ(x) && !IS_NULL(type_lookup(vm, vm_type_of(vm, x), vm->s___index__)))) {
        int64_t n;
        if (IS_BIGINT(x)) return vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        if (!vm_to_index(vm, x, &n)) return VAL_NULL;
        if (n < 0) return vm_raise(vm, vm->exc_ValueError, "negative count");
        if (n > ((int64_t)1 << 40)) return vm_raise_no_memory(vm);
        return MAKE_OBJ(bytes_alloc(vm, cls, (size_t)n));
    }
    return from_iterable(vm, cls, x);
}

/* ====================================================================== */
/* basic protocol                                                         */
/* ====================================================================== */

static Value by_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__repr__")
    return bytes_repr(vm, SELF);
}

static Value by_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__len__")
    return MAKE_INT(SELF->len);
}

static Value by_bytes(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__bytes__")
    if (AS_OBJ(args[0])->type == vm->t_bytes) return args[0];
    return MAKE_OBJ(bytes_new(vm, SELF->data, (size_t)SELF->len));
}

static Value by_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__getitem__")
    if (!vm_check_args(vm, "__getitem__", nargs - 1, 1, 1)) return VAL_NULL;
    ObjBytes *b = SELF;
    Value k = args[1];
    if (IS_SLICE(k)) {
        int64_t start, stop, step, n;
        if (!slice_indices(vm, AS_SLICE(k), b->len, &start, &stop, &step, &n)) return VAL_NULL;
        if (step == 1) {
            if (n == b->len && AS_OBJ(args[0])->type == vm->t_bytes) return args[0];
            return new_like(vm, args[0], b->data + start, (size_t)n);
        }
        ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)n);
        for (int64_t i = 0, j = start; i < n; i++, j += step) r->data[i] = b->data[j];
        return MAKE_OBJ(r);
    }
    bool isint = int_check(k);
    if (!isint && IS_OBJ(k) && !IS_NULL(type_lookup(vm, vm_type_of(vm, k), vm->s___index__))) isint = true;
    if (!isint)
        return vm_raise(vm, vm->exc_TypeError, "%s indices must be integers or slices, not %s",
                        type_is_subtype(AS_OBJ(args[0])->type, vm->t_bytearray) ? "bytearray" : "byte",
                        vm_type_name(vm, k));
    int64_t i;
    if (IS_BIGINT(k)) return vm_raise(vm, vm->exc_IndexError, "cannot fit 'int' into an index-sized integer");
    if (!vm_to_index(vm, k, &i)) return VAL_NULL;
    if (!seq_index(b->len, &i))
        return vm_raise(vm, vm->exc_IndexError, type_is_subtype(AS_OBJ(args[0])->type, vm->t_bytearray)
                                                    ? "bytearray index out of range"
                                                    : "index out of range");
    return MAKE_INT(b->data[i]);
}

static Value by_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__contains__")
    if (!vm_check_args(vm, "__contains__", nargs - 1, 1, 1)) return VAL_NULL;
    ObjBytes *b = SELF;
    int bv;
    int r = byte_value(vm, args[1], &bv);
    if (r < 0) return VAL_NULL;
    if (r == 1) return MAKE_BOOL(b->len > 0 && memchr(b->data, bv, (size_t)b->len) != NULL);
    ObjBytes *sub = need_buffer(vm, args[1]);
    if (!sub) return VAL_NULL;
    return MAKE_BOOL(find_fwd(b->data, b->len, sub->data, sub->len, 0, b->len) >= 0);
}

static int bytes_cmp(ObjBytes *a, ObjBytes *b) {
    int64_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->data, b->data, (size_t)n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

#define CMP_METHOD(fname, name, expr)                                       \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {      \
        CHECK_SELF(name)                                                    \
        if (!vm_check_args(vm, name, nargs - 1, 1, 1)) return VAL_NULL;     \
        if (!IS_BYTES(args[1])) return NOTIMPL;                             \
        ObjBytes *a = SELF, *b = AS_BYTES(args[1]);                         \
        (void)a;                                                            \
        (void)b;                                                            \
        return MAKE_BOOL(expr);                                             \
    }

CMP_METHOD(by_eq, "__eq__", a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0)
CMP_METHOD(by_ne, "__ne__", !(a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0))
CMP_METHOD(by_lt, "__lt__", bytes_cmp(a, b) < 0)
CMP_METHOD(by_le, "__le__", bytes_cmp(a, b) <= 0)
CMP_METHOD(by_gt, "__gt__", bytes_cmp(a, b) > 0)
CMP_METHOD(by_ge, "__ge__", bytes_cmp(a, b) >= 0)

static uint64_t hash_data(VM *vm, const uint8_t *d, int64_t n) {
    if (n == 0) return 0;
    uint64_t h = 0xcbf29ce484222325ULL ^ vm->hash_secret;
    for (int64_t i = 0; i < n; i++) {
        h ^= d[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    if (h == (uint64_t)-1) h = (uint64_t)-2;
    return h;
}

static Value by_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__hash__")
    ObjBytes *b = SELF;
    if (type_is_subtype(b->obj.type, vm->t_bytearray))
        return vm_raise(vm, vm->exc_TypeError, "unhashable type: '%s'", vm_type_name(vm, args[0]));
    if (!b->hashed) {
        b->hash = hash_data(vm, b->data, b->len);
        b->hashed = true;
    }
    return MAKE_INT((int64_t)b->hash);
}

static Value by_add(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__add__")
    if (!vm_check_args(vm, "__add__", nargs - 1, 1, 1)) return VAL_NULL;
    if (!IS_BYTES(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "can't concat %s to %s", vm_type_name(vm, args[1]),
                        vm_type_name(vm, args[0]));
    ObjBytes *a = SELF, *b = AS_BYTES(args[1]);
    if (b->len == 0 && a->obj.type == vm->t_bytes) return args[0];
    if (a->len == 0 && b->obj.type == vm->t_bytes && a->obj.type == vm->t_bytes) return args[1];
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)(a->len + b->len));
    memcpy(r->data, a->data, (size_t)a->len);
    memcpy(r->data + a->len, b->data, (size_t)b->len);
    return MAKE_OBJ(r);
}

static Value by_mul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__mul__")
    if (!vm_check_args(vm, "__mul__", nargs - 1, 1, 1)) return VAL_NULL;
    int64_t n;
    if (!ops_repeat_count(vm, args[1], &n)) return VAL_NULL;
    ObjBytes *a = SELF;
    if (n == 1 && a->obj.type == vm->t_bytes) return args[0];
    if (a->len && n > INT64_MAX / a->len) return vm_raise_no_memory(vm);
    int64_t total = a->len * n;
    if (total > ((int64_t)1 << 40)) return vm_raise_no_memory(vm);
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)total);
    if (a->len == 1) memset(r->data, a->data[0], (size_t)total);
    else
        for (int64_t i = 0; i < n; i++) memcpy(r->data + i * a->len, a->data, (size_t)a->len);
    return MAKE_OBJ(r);
}

/* format.c: printf-style formatting with a bytes template */
Value format_bytes_percent(VM *vm, ObjBytes *fmt, Value args);

static Value by_mod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__mod__")
    if (!vm_check_args(vm, "__mod__", nargs - 1, 1, 1)) return VAL_NULL;
    Value r = format_bytes_percent(vm, SELF, args[1]);
    if (IS_NULL(r) || result_type(vm, args[0]) == vm->t_bytes) return r;
    return new_like(vm, args[0], AS_BYTES(r)->data, (size_t)AS_BYTES(r)->len);
}

static Value by_rmod(VM *vm, Value *args, int nargs, ObjTuple *kw) { return NOTIMPL; }

/* ====================================================================== */
/* iterator (ptypes[40])                                                  */
/* ====================================================================== */

typedef struct {
    Obj obj;
    ObjBytes *b; /* NULL once exhausted */
    int64_t pos;
} BytesIter;

static void biter_trace(GC *gc, Obj *o) {
    BytesIter *it = (BytesIter *)o;
    if (it->b) gc_mark_obj(gc, (Obj *)it->b);
}

static Value biter_next(VM *vm, Value self) {
    BytesIter *it = (BytesIter *)AS_OBJ(self);
    if (!it->b) return VAL_NULL;
    if (it->pos < it->b->len) return MAKE_INT(it->b->data[it->pos++]);
    it->b = NULL;
    return VAL_NULL;
}

static Value biter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    BytesIter *it = (BytesIter *)AS_OBJ(args[0]);
    return MAKE_INT(it->b ? it->b->len - it->pos : 0);
}

static Value by_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__iter__")
    BytesIter *it = (BytesIter *)gc_alloc(vm, sizeof(BytesIter), BITER_TYPE, OK_OTHER);
    it->b = SELF;
    it->pos = 0;
    return MAKE_OBJ(it);
}

/* ====================================================================== */
/* methods                                                                */
/* ====================================================================== */

static Value by_decode(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("decode")
    Value enc = VAL_NULL, errs = VAL_NULL;
    if (!vm_parse_args(vm, "decode", args + 1, nargs - 1, kwnames, "|encoding,errors", &enc, &errs)) return VAL_NULL;
    if (!IS_NULL(enc) && !IS_STR(enc))
        return vm_raise(vm, vm->exc_TypeError, "decode() argument 'encoding' must be str, not %s",
                        vm_type_name(vm, enc));
    if (!IS_NULL(errs) && !IS_STR(errs))
        return vm_raise(vm, vm->exc_TypeError, "decode() argument 'errors' must be str, not %s",
                        vm_type_name(vm, errs));
    ObjBytes *b = SELF;
    const char *e = IS_NULL(errs) ? "strict" : AS_STR(errs)->data;
    if (IS_NULL(enc)) {
        ObjStr *s = str_decode_utf8(vm, (const char *)b->data, (size_t)b->len, e);
        return s ? MAKE_OBJ(s) : VAL_NULL;
    }
    /* str(b, encoding, errors) knows every codec Coil has */
    Value a[3] = {MAKE_OBJ(b), enc, IS_NULL(errs) ? MAKE_OBJ(str_intern_cstr(vm, "strict")) : errs};
    if (b->obj.type != vm->t_bytes) a[0] = MAKE_OBJ(bytes_new(vm, b->data, (size_t)b->len));
    return vm_call(vm, MAKE_OBJ(vm->t_str), a, 3, NULL);
}

static Value by_hex(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("hex")
    Value sep = VAL_NULL, bps = VAL_NULL;
    if (!vm_parse_args(vm, "hex", args + 1, nargs - 1, kwnames, "|sep,bytes_per_sep", &sep, &bps)) return VAL_NULL;
    ObjBytes *b = SELF;
    char sepc = 0;
    int64_t per = 1;
    if (!IS_NULL(sep)) {
        if (IS_STR(sep)) {
            if (AS_STR(sep)->nchars != 1) return vm_raise(vm, vm->exc_ValueError, "sep must be length 1.");
            if (!(AS_STR(sep)->obj.flags & STR_ASCII) && (unsigned char)AS_STR(sep)->data[0] >= 0x80)
                return vm_raise(vm, vm->exc_ValueError, "sep must be ASCII.");
            sepc = AS_STR(sep)->data[0];
        } else if (IS_BYTES(sep)) {
            if (AS_BYTES(sep)->len != 1) return vm_raise(vm, vm->exc_ValueError, "sep must be length 1.");
            sepc = (char)AS_BYTES(sep)->data[0];
            if ((unsigned char)sepc >= 0x80) return vm_raise(vm, vm->exc_ValueError, "sep must be ASCII.");
        } else {
            return vm_raise(vm, vm->exc_TypeError, "sep must be str or bytes.");
        }
        if (!IS_NULL(bps)) {
            if (!int_check(bps))
                return vm_raise(vm, vm->exc_TypeError, "'%s' object cannot be interpreted as an integer",
                                vm_type_name(vm, bps));
            if (IS_BIGINT(bps))
                return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
            per = AS_INT(bps);
        }
    }
    static const char hx[] = "0123456789abcdef";
    StrBuf sb;
    strbuf_init(&sb);
    int64_t n = b->len;
    int64_t g = per < 0 ? -per : per;
    for (int64_t i = 0; i < n; i++) {
        if (sepc && g > 0 && i > 0) {
            bool brk;
            if (per > 0) brk = (n - i) % g == 0;
            else brk = i % g == 0;
            if (brk) strbuf_add_char(&sb, sepc);
        }
        strbuf_add_char(&sb, hx[b->data[i] >> 4]);
        strbuf_add_char(&sb, hx[b->data[i] & 15]);
    }
    return MAKE_OBJ(strbuf_finish(vm, &sb));
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static Value by_fromhex(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "fromhex", nargs - 1, 1, 1)) return VAL_NULL;
    ObjType *cls = IS_TYPE(args[0]) ? AS_TYPE(args[0]) : vm->t_bytes;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "fromhex() argument must be str, not %s", vm_type_name(vm, args[1]));
    ObjStr *s = AS_STR(args[1]);
    uint8_t *buf = malloc((size_t)s->len / 2 + 1);
    if (!buf) return vm_raise_no_memory(vm);
    size_t n = 0;
    int64_t i = 0, len = s->len;
    const char *d = s->data;
    while (i < len) {
        if (is_space((uint8_t)d[i])) {
            i++;
            continue;
        }
        int hi = hexval(d[i]);
        if (hi < 0 || i + 1 >= len || hexval(d[i + 1]) < 0) {
            int64_t at = hi < 0 ? i : i + 1;
            free(buf);
            return vm_raise(vm, vm->exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %lld",
                            (long long)utf8_count(d, (size_t)at));
        }
        buf[n++] = (uint8_t)(hi * 16 + hexval(d[i + 1]));
        i += 2;
    }
    ObjType *rt = type_is_subtype(cls, vm->t_bytearray) ? vm->t_bytearray : vm->t_bytes;
    ObjBytes *r = bytes_alloc(vm, rt, n);
    if (n) memcpy(r->data, buf, n);
    free(buf);
    if (cls != rt) return vm_call1(vm, MAKE_OBJ(cls), MAKE_OBJ(r));
    return MAKE_OBJ(r);
}

static Value by_join(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("join")
    if (!vm_check_args(vm, "join", nargs - 1, 1, 1)) return VAL_NULL;
    ObjList *items = vm_list_from_iterable(vm, args[1]);
    if (!items) return VAL_NULL;
    ObjBytes *sep = SELF;
    int64_t total = 0;
    for (int64_t i = 0; i < items->len; i++) {
        Value it = items->items[i];
        if (!IS_BYTES(it))
            return vm_raise(vm, vm->exc_TypeError, "sequence item %lld: expected a bytes-like object, %s found",
                            (long long)i, vm_type_name(vm, it));
        total += AS_BYTES(it)->len;
        if (i) total += sep->len;
    }
    if (items->len == 1 && AS_OBJ(items->items[0])->type == vm->t_bytes && sep->obj.type == vm->t_bytes)
        return items->items[0];
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)total);
    uint8_t *p = r->data;
    for (int64_t i = 0; i < items->len; i++) {
        if (i && sep->len) {
            memcpy(p, sep->data, (size_t)sep->len);
            p += sep->len;
        }
        ObjBytes *x = AS_BYTES(items->items[i]);
        if (x->len) memcpy(p, x->data, (size_t)x->len);
        p += x->len;
    }
    return MAKE_OBJ(r);
}

/* ---- split family ---- */

static bool parse_split(VM *vm, const char *name, Value *args, int nargs, ObjTuple *kwnames, ObjBytes **sep,
                        int64_t *maxsplit) {
    Value s = VAL_NULL, m = VAL_NULL;
    if (!vm_parse_args(vm, name, args + 1, nargs - 1, kwnames, "|sep,maxsplit", &s, &m)) return false;
    *sep = NULL;
    *maxsplit = -1;
    if (!IS_NULL(s) && !IS_NONE(s)) {
        *sep = need_buffer(vm, s);
        if (!*sep) return false;
        if ((*sep)->len == 0) {
            vm_raise(vm, vm->exc_ValueError, "empty separator");
            return false;
        }
    }
    if (!IS_NULL(m)) {
        if (IS_FLOAT(m)) {
            vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
            return false;
        }
        if (IS_BIGINT(m)) {
            vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
            return false;
        }
        if (!vm_to_index(vm, m, maxsplit)) return false;
    }
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return true;
}

static bool push_piece(VM *vm, ObjList *l, Value self, int64_t a, int64_t b) {
    ObjBytes *s = AS_BYTES(self);
    Value v;
    if (a == 0 && b == s->len && s->obj.type == vm->t_bytes) v = self;
    else v = new_like(vm, self, s->data + a, (size_t)(b - a));
    return list_append(vm, l, v);
}

static Value by_split(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("split")
    ObjBytes *sep;
    int64_t maxs;
    if (!parse_split(vm, "split", args, nargs, kwnames, &sep, &maxs)) return VAL_NULL;
    ObjBytes *b = SELF;
    const uint8_t *d = b->data;
    int64_t n = b->len;
    ObjList *l = list_new(vm, 0);
    if (!sep) {
        int64_t i = 0;
        while (maxs-- > 0) {
            while (i < n && is_space(d[i])) i++;
            if (i == n) break;
            int64_t j = i;
            while (j < n && !is_space(d[j])) j++;
            push_piece(vm, l, args[0], i, j);
            i = j;
        }
        if (i < n) {
            while (i < n && is_space(d[i])) i++;
            if (i != n) push_piece(vm, l, args[0], i, n);
        }
        return MAKE_OBJ(l);
    }
    int64_t i = 0;
    while (maxs-- > 0) {
        int64_t f = find_fwd(d, n, sep->data, sep->len, i, n);
        if (f < 0) break;
        push_piece(vm, l, args[0], i, f);
        i = f + sep->len;
    }
    push_piece(vm, l, args[0], i, n);
    return MAKE_OBJ(l);
}

static void list_reverse_inplace(ObjList *l) {
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
}

static Value by_rsplit(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("rsplit")
    ObjBytes *sep;
    int64_t maxs;
    if (!parse_split(vm, "rsplit", args, nargs, kwnames, &sep, &maxs)) return VAL_NULL;
    ObjBytes *b = SELF;
    const uint8_t *d = b->data;
    int64_t n = b->len;
    ObjList *l = list_new(vm, 0);
    if (!sep) {
        int64_t i = n;
        while (maxs-- > 0) {
            while (i > 0 && is_space(d[i - 1])) i--;
            if (i == 0) break;
            int64_t j = i;
            while (j > 0 && !is_space(d[j - 1])) j--;
            push_piece(vm, l, args[0], j, i);
            i = j;
        }
        if (i > 0) {
            while (i > 0 && is_space(d[i - 1])) i--;
            if (i != 0) push_piece(vm, l, args[0], 0, i);
        }
        list_reverse_inplace(l);
        return MAKE_OBJ(l);
    }
    int64_t i = n;
    while (maxs-- > 0) {
        int64_t f = find_rev(d, n, sep->data, sep->len, 0, i);
        if (f < 0) break;
        push_piece(vm, l, args[0], f + sep->len, i);
        i = f;
    }
    push_piece(vm, l, args[0], 0, i);
    list_reverse_inplace(l);
    return MAKE_OBJ(l);
}

static Value by_splitlines(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("splitlines")
    Value ke = VAL_NULL;
    if (!vm_parse_args(vm, "splitlines", args + 1, nargs - 1, kwnames, "|keepends", &ke)) return VAL_NULL;
    int keep = 0;
    if (!IS_NULL(ke)) {
        keep = vm_truthy(vm, ke);
        if (keep < 0) return VAL_NULL;
    }
    ObjBytes *b = SELF;
    const uint8_t *d = b->data;
    int64_t n = b->len, i = 0;
    ObjList *l = list_new(vm, 0);
    while (i < n) {
        int64_t j = i;
        while (j < n && d[j] != '\n' && d[j] != '\r') j++;
        int64_t eol = j;
        if (j < n) {
            if (d[j] == '\r' && j + 1 < n && d[j + 1] == '\n') j += 2;
            else j++;
            if (keep) eol = j;
        }
        push_piece(vm, l, args[0], i, eol);
        i = j;
    }
    return MAKE_OBJ(l);
}

static Value partition_common(VM *vm, Value *args, int nargs, bool rev) {
    CHECK_SELF("partition")
    if (!vm_check_args(vm, rev ? "rpartition" : "partition", nargs - 1, 1, 1)) return VAL_NULL;
    ObjBytes *sep = need_buffer(vm, args[1]);
    if (!sep) return VAL_NULL;
    if (sep->len == 0) return vm_raise(vm, vm->exc_ValueError, "empty separator");
    ObjBytes *b = SELF;
    int64_t f = rev ? find_rev(b->data, b->len, sep->data, sep->len, 0, b->len)
                    : find_fwd(b->data, b->len, sep->data, sep->len, 0, b->len);
    ObjTuple *t = tuple_new(vm, 3);
    Value empty = new_like(vm, args[0], NULL, 0);
    if (f < 0) {
        Value whole = same_or_copy(vm, args[0]);
        t->items[0] = rev ? empty : whole;
        t->items[1] = new_like(vm, args[0], NULL, 0);
        t->items[2] = rev ? whole : new_like(vm, args[0], NULL, 0);
        return MAKE_OBJ(t);
    }
    t->items[0] = new_like(vm, args[0], b->data, (size_t)f);
    t->items[1] = sep->obj.type == vm->t_bytes && result_type(vm, args[0]) == vm->t_bytes
                      ? args[1]
                      : new_like(vm, args[0], sep->data, (size_t)sep->len);
    t->items[2] = new_like(vm, args[0], b->data + f + sep->len, (size_t)(b->len - f - sep->len));
    return MAKE_OBJ(t);
}

static Value by_partition(VM *vm, Value *args, int nargs, ObjTuple *kw) { return partition_common(vm, args, nargs, false); }
static Value by_rpartition(VM *vm, Value *args, int nargs, ObjTuple *kw) { return partition_common(vm, args, nargs, true); }

/* ---- strip family ---- */

static Value strip_common(VM *vm, Value *args, int nargs, const char *name, bool left, bool right) {
    CHECK_SELF("strip")
    if (!vm_check_args(vm, name, nargs - 1, 0, 1)) return VAL_NULL;
    ObjBytes *b = SELF;
    const uint8_t *chars = NULL;
    int64_t nchars = 0;
    if (nargs > 1 && !IS_NONE(args[1])) {
        ObjBytes *c = need_buffer(vm, args[1]);
        if (!c) return VAL_NULL;
        chars = c->data;
        nchars = c->len;
    }
    int64_t i = 0, j = b->len;
#define STRIPPED(ch) (chars ? (nchars > 0 && memchr(chars, (ch), (size_t)nchars) != NULL) : is_space(ch))
    if (left)
        while (i < j && STRIPPED(b->data[i])) i++;
    if (right)
        while (j > i && STRIPPED(b->data[j - 1])) j--;
#undef STRIPPED
    if (i == 0 && j == b->len) return same_or_copy(vm, args[0]);
    return new_like(vm, args[0], b->data + i, (size_t)(j - i));
}

static Value by_strip(VM *vm, Value *args, int nargs, ObjTuple *kw) { return strip_common(vm, args, nargs, "strip", true, true); }
static Value by_lstrip(VM *vm, Value *args, int nargs, ObjTuple *kw) { return strip_common(vm, args, nargs, "lstrip", true, false); }
static Value by_rstrip(VM *vm, Value *args, int nargs, ObjTuple *kw) { return strip_common(vm, args, nargs, "rstrip", false, true); }

static Value prefix_common(VM *vm, Value *args, int nargs, bool suffix) {
    CHECK_SELF("removeprefix")
    if (!vm_check_args(vm, suffix ? "removesuffix" : "removeprefix", nargs - 1, 1, 1)) return VAL_NULL;
    ObjBytes *p = need_buffer(vm, args[1]);
    if (!p) return VAL_NULL;
    ObjBytes *b = SELF;
    if (p->len > 0 && p->len <= b->len) {
        if (!suffix && memcmp(b->data, p->data, (size_t)p->len) == 0)
            return new_like(vm, args[0], b->data + p->len, (size_t)(b->len - p->len));
        if (suffix && memcmp(b->data + b->len - p->len, p->data, (size_t)p->len) == 0)
            return new_like(vm, args[0], b->data, (size_t)(b->len - p->len));
    }
    return same_or_copy(vm, args[0]);
}

static Value by_removeprefix(VM *vm, Value *args, int nargs, ObjTuple *kw) { return prefix_common(vm, args, nargs, false); }
static Value by_removesuffix(VM *vm, Value *args, int nargs, ObjTuple *kw) { return prefix_common(vm, args, nargs, true); }

static Value by_replace(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("replace")
    if (!vm_check_args(vm, "replace", nargs - 1, 2, 3)) return VAL_NULL;
    ObjBytes *old = need_buffer(vm, args[1]);
    if (!old) return VAL_NULL;
    ObjBytes *new = need_buffer(vm, args[2]);
    if (!new) return VAL_NULL;
    int64_t count = -1;
    if (nargs > 3) {
        if (IS_FLOAT(args[3]))
            return vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
        if (IS_BIGINT(args[3])) count = mpz_sgn(AS_BIGINT(args[3])->z) < 0 ? -1 : INT64_MAX;
        else if (!vm_to_index(vm, args[3], &count)) return VAL_NULL;
    }
    if (count < 0) count = INT64_MAX;
    ObjBytes *b = SELF;
    int64_t n = count_sub(b->data, b->len, old->data, old->len, 0, b->len, count);
    if (n == 0) return same_or_copy(vm, args[0]);
    int64_t total = b->len + n * (new->len - old->len);
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)total);
    uint8_t *p = r->data;
    int64_t i = 0;
    if (old->len == 0) {
        for (int64_t k = 0; k < n; k++) {
            memcpy(p, new->data, (size_t)new->len);
            p += new->len;
            if (i < b->len) *p++ = b->data[i++];
        }
        memcpy(p, b->data + i, (size_t)(b->len - i));
        return MAKE_OBJ(r);
    }
    for (int64_t k = 0; k < n; k++) {
        int64_t f = find_fwd(b->data, b->len, old->data, old->len, i, b->len);
        memcpy(p, b->data + i, (size_t)(f - i));
        p += f - i;
        memcpy(p, new->data, (size_t)new->len);
        p += new->len;
        i = f + old->len;
    }
    memcpy(p, b->data + i, (size_t)(b->len - i));
    return MAKE_OBJ(r);
}

/* ---- case and predicates ---- */

enum { C_UPPER, C_LOWER, C_SWAP, C_CAP, C_TITLE };

static Value case_common(VM *vm, Value *args, int nargs, const char *name, int mode) {
    CHECK_SELF("upper")
    if (!vm_check_args(vm, name, nargs - 1, 0, 0)) return VAL_NULL;
    ObjBytes *b = SELF;
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)b->len);
    bool prev_cased = false;
    for (int64_t i = 0; i < b->len; i++) {
        uint8_t c = b->data[i];
        switch (mode) {
        case C_UPPER:
            if (is_lower(c)) c = (uint8_t)(c - 32);
            break;
        case C_LOWER:
            if (is_upper(c)) c = (uint8_t)(c + 32);
            break;
        case C_SWAP:
            if (is_lower(c)) c = (uint8_t)(c - 32);
            else if (is_upper(c)) c = (uint8_t)(c + 32);
            break;
        case C_CAP:
            if (i == 0 && is_lower(c)) c = (uint8_t)(c - 32);
            else if (i > 0 && is_upper(c)) c = (uint8_t)(c + 32);
            break;
        default: /* title */
            if (is_alpha(c)) {
                if (prev_cased && is_upper(c)) c = (uint8_t)(c + 32);
                else if (!prev_cased && is_lower(c)) c = (uint8_t)(c - 32);
                prev_cased = true;
            } else {
                prev_cased = false;
            }
        }
        r->data[i] = c;
    }
    return MAKE_OBJ(r);
}

static Value by_upper(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_common(vm, args, nargs, "upper", C_UPPER); }
static Value by_lower(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_common(vm, args, nargs, "lower", C_LOWER); }
static Value by_swapcase(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_common(vm, args, nargs, "swapcase", C_SWAP); }
static Value by_capitalize(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_common(vm, args, nargs, "capitalize", C_CAP); }
static Value by_title(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_common(vm, args, nargs, "title", C_TITLE); }

#define PRED_METHOD(fname, name, test)                                      \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {      \
        CHECK_SELF(name)                                                    \
        if (!vm_check_args(vm, name, nargs - 1, 0, 0)) return VAL_NULL;     \
        ObjBytes *b = SELF;                                                 \
        if (b->len == 0) return VAL_FALSE;                                  \
        for (int64_t i = 0; i < b->len; i++)                                \
            if (!test(b->data[i])) return VAL_FALSE;                        \
        return VAL_TRUE;                                                    \
    }

PRED_METHOD(by_isdigit, "isdigit", is_digit)
PRED_METHOD(by_isalpha, "isalpha", is_alpha)
PRED_METHOD(by_isalnum, "isalnum", is_alnum)
PRED_METHOD(by_isspace, "isspace", is_space)

static Value by_isascii(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("isascii")
    if (!vm_check_args(vm, "isascii", nargs - 1, 0, 0)) return VAL_NULL;
    for (int64_t i = 0; i < SELF->len; i++)
        if (SELF->data[i] >= 0x80) return VAL_FALSE;
    return VAL_TRUE;
}

static Value case_pred(VM *vm, Value *args, int nargs, const char *name, bool upper) {
    CHECK_SELF("isupper")
    if (!vm_check_args(vm, name, nargs - 1, 0, 0)) return VAL_NULL;
    bool cased = false;
    for (int64_t i = 0; i < SELF->len; i++) {
        uint8_t c = SELF->data[i];
        if (upper ? is_lower(c) : is_upper(c)) return VAL_FALSE;
        if (upper ? is_upper(c) : is_lower(c)) cased = true;
    }
    return MAKE_BOOL(cased);
}

static Value by_isupper(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_pred(vm, args, nargs, "isupper", true); }
static Value by_islower(VM *vm, Value *args, int nargs, ObjTuple *kw) { return case_pred(vm, args, nargs, "islower", false); }

/* ---- padding ---- */

static Value pad_common(VM *vm, Value *args, int nargs, const char *name, int mode) {
    CHECK_SELF("center")
    if (!vm_check_args(vm, name, nargs - 1, 1, 2)) return VAL_NULL;
    int64_t width;
    if (IS_FLOAT(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
    if (!vm_to_index(vm, args[1], &width)) return VAL_NULL;
    uint8_t fill = ' ';
    if (nargs > 2) {
        if (!IS_BYTES(args[2]) || AS_BYTES(args[2])->len != 1)
            return vm_raise(vm, vm->exc_TypeError,
                            "%s() argument 2 must be a byte string of length 1, not %s", name,
                            vm_type_name(vm, args[2]));
        fill = AS_BYTES(args[2])->data[0];
    }
    ObjBytes *b = SELF;
    if (width <= b->len) return same_or_copy(vm, args[0]);
    int64_t pad = width - b->len, left;
    if (mode == 0) left = pad / 2 + (pad & width & 1); /* center, as CPython */
    else if (mode == 1) left = 0;                       /* ljust */
    else left = pad;                                    /* rjust */
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)width);
    memset(r->data, fill, (size_t)left);
    memcpy(r->data + left, b->data, (size_t)b->len);
    memset(r->data + left + b->len, fill, (size_t)(pad - left));
    return MAKE_OBJ(r);
}

static Value by_center(VM *vm, Value *args, int nargs, ObjTuple *kw) { return pad_common(vm, args, nargs, "center", 0); }
static Value by_ljust(VM *vm, Value *args, int nargs, ObjTuple *kw) { return pad_common(vm, args, nargs, "ljust", 1); }
static Value by_rjust(VM *vm, Value *args, int nargs, ObjTuple *kw) { return pad_common(vm, args, nargs, "rjust", 2); }

static Value by_zfill(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("zfill")
    if (!vm_check_args(vm, "zfill", nargs - 1, 1, 1)) return VAL_NULL;
    int64_t width;
    if (IS_FLOAT(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
    if (!vm_to_index(vm, args[1], &width)) return VAL_NULL;
    ObjBytes *b = SELF;
    if (width <= b->len) return same_or_copy(vm, args[0]);
    int64_t fill = width - b->len;
    ObjBytes *r = bytes_alloc(vm, result_type(vm, args[0]), (size_t)width);
    memset(r->data, '0', (size_t)fill);
    memcpy(r->data + fill, b->data, (size_t)b->len);
    if (b->len > 0 && (b->data[0] == '+' || b->data[0] == '-')) {
        r->data[0] = b->data[0];
        r->data[fill] = '0';
    }
    return MAKE_OBJ(r);
}

static Value by_getnewargs(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    CHECK_SELF("__getnewargs__")
    Value v = MAKE_OBJ(bytes_new(vm, SELF->data, (size_t)SELF->len));
    return MAKE_OBJ(tuple_from(vm, &v, 1));
}

/* ====================================================================== */
/* type setup                                                             */
/* ====================================================================== */

static const MethodDef bytes_methods[] = {
    {"__new__", by_new, METH_STATIC | METH_KW, NULL},
    {"__repr__", by_repr, 0, NULL},
    {"__str__", by_repr, 0, NULL},
    {"__len__", by_len, 0, NULL},
    {"__getitem__", by_getitem, 0, NULL},
    {"__iter__", by_iter, 0, NULL},
    {"__contains__", by_contains, 0, NULL},
    {"__eq__", by_eq, 0, NULL},
    {"__ne__", by_ne, 0, NULL},
    {"__lt__", by_lt, 0, NULL},
    {"__le__", by_le, 0, NULL},
    {"__gt__", by_gt, 0, NULL},
    {"__ge__", by_ge, 0, NULL},
    {"__hash__", by_hash, 0, NULL},
    {"__add__", by_add, 0, NULL},
    {"__mul__", by_mul, 0, NULL},
    {"__rmul__", by_mul, 0, NULL},
    {"__mod__", by_mod, 0, NULL},
    {"__rmod__", by_rmod, 0, NULL},
    {"__getnewargs__", by_getnewargs, 0, NULL},
    {"decode", by_decode, METH_KW, NULL},
    {"hex", by_hex, METH_KW, NULL},
    {"fromhex", by_fromhex, METH_CLASS, NULL},
    {"join", by_join, 0, NULL},
    {"split", by_split, METH_KW, NULL},
    {"rsplit", by_rsplit, METH_KW, NULL},
    {"splitlines", by_splitlines, METH_KW, NULL},
    {"strip", by_strip, 0, NULL},
    {"lstrip", by_lstrip, 0, NULL},
    {"rstrip", by_rstrip, 0, NULL},
    {"removeprefix", by_removeprefix, 0, NULL},
    {"removesuffix", by_removesuffix, 0, NULL},
    {"startswith", by_startswith, 0, NULL},
    {"endswith", by_endswith, 0, NULL},
    {"find", by_find, 0, NULL},
    {"rfind", by_rfind, 0, NULL},
    {"index", by_index, 0, NULL},
    {"rindex", by_rindex, 0, NULL},
    {"count", by_count, 0, NULL},
    {"replace", by_replace, 0, NULL},
    {"partition", by_partition, 0, NULL},
    {"rpartition", by_rpartition, 0, NULL},
    {"upper", by_upper, 0, NULL},
    {"lower", by_lower, 0, NULL},
    {"swapcase", by_swapcase, 0, NULL},
    {"capitalize", by_capitalize, 0, NULL},
    {"title", by_title, 0, NULL},
    {"isdigit", by_isdigit, 0, NULL},
    {"isalpha", by_isalpha, 0, NULL},
    {"isalnum", by_isalnum, 0, NULL},
    {"isspace", by_isspace, 0, NULL},
    {"isascii", by_isascii, 0, NULL},
    {"isupper", by_isupper, 0, NULL},
    {"islower", by_islower, 0, NULL},
    {"center", by_center, 0, NULL},
    {"ljust", by_ljust, 0, NULL},
    {"rjust", by_rjust, 0, NULL},
    {"zfill", by_zfill, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef biter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", biter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void bytes_init_type(VM *vm) {
    type_add_methods(vm, vm->t_bytes, bytes_methods);
    /* __bytes__ is bytes-only (bytearray has none) */
    static const MethodDef extra[] = {{"__bytes__", by_bytes, 0, NULL}, {NULL, NULL, 0, NULL}};
    type_add_methods(vm, vm->t_bytes, extra);
    if (vm->t_bytearray) {
        type_add_methods(vm, vm->t_bytearray, bytes_methods);
        /* bytearray is unhashable */
        type_set_attr(vm, vm->t_bytearray, "__hash__", VAL_NONE);
    }
    ObjType *it = type_new_builtin(vm, "bytes_iterator", NULL, OK_OTHER, sizeof(BytesIter), biter_trace, NULL,
                                   TF_BUILTIN);
    it->iternext = biter_next;
    type_add_methods(vm, it, biter_methods);
    vm->ptypes[40] = it;
}
