/* int.c: the methods of int and bool (bool is a subclass of int whose
 * values are VT_BOOL), int(x) / int(s, base) construction, and the
 * int-conversion protocols (__int__, __index__, __trunc__).
 *
 * The arithmetic itself lives in bigint.c; methods here only check
 * operand types (NotImplemented for anything that is not an int, so
 * float's reflected methods handle mixed operations, as in CPython) and
 * normalise bools to ints where CPython's int methods return plain ints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "float.h"
#include "int.h"

/* format.h (strings helper) */
Value format_int_spec(VM *vm, Value v, ObjStr *spec);

#define NOTIMPL MAKE_OBJ(vm->not_implemented)

/* bools become the equal plain int (int methods never return bools) */
static inline Value as_plain_int(Value v) { return IS_BOOL(v) ? MAKE_INT(AS_INT(v)) : v; }

/* ---- conversion protocols ---------------------------------------------- */

Value int_index(VM *vm, Value x) {
    if (int_check(x)) return as_plain_int(x);
    bool found = false;
    Value r = vm_call_dunder(vm, x, vm->s___index__, NULL, 0, &found);
    if (!found)
        return vm_raise(vm, vm->exc_TypeError, "'%.200s' object cannot be interpreted as an integer",
                        vm_type_name(vm, x));
    if (IS_NULL(r)) return VAL_NULL;
    if (!int_check(r))
        return vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %.200s)", vm_type_name(vm, r));
    return as_plain_int(r);
}

Value int_from_object(VM *vm, Value x) {
    if (int_check(x)) return as_plain_int(x);
    if (IS_FLOAT(x)) return int_from_double(vm, AS_FLOAT(x));
    bool found = false;
    Value r = vm_call_dunder(vm, x, vm->s___int__, NULL, 0, &found);
    if (found) {
        if (IS_NULL(r)) return VAL_NULL;
        if (!int_check(r))
            return vm_raise(vm, vm->exc_TypeError, "__int__ returned non-int (type %.200s)", vm_type_name(vm, r));
        return as_plain_int(r);
    }
    r = vm_call_dunder(vm, x, vm->s___index__, NULL, 0, &found);
    if (found) {
        if (IS_NULL(r)) return VAL_NULL;
        if (!int_check(r))
            return vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %.200s)", vm_type_name(vm, r));
        return as_plain_int(r);
    }
    r = vm_call_dunder(vm, x, vm->s___trunc__, NULL, 0, &found);
    if (found) {
        if (IS_NULL(r)) return VAL_NULL;
        if (int_check(r)) return as_plain_int(r);
        Value i = vm_call_dunder(vm, r, vm->s___index__, NULL, 0, &found);
        if (!found || (!IS_NULL(i) && !int_check(i))) {
            if (vm_has_exc(vm)) vm_clear_exc(vm);
            return vm_raise(vm, vm->exc_TypeError, "__trunc__ returned non-Integral (type %.200s)",
                            vm_type_name(vm, r));
        }
        return IS_NULL(i) ? VAL_NULL : as_plain_int(i);
    }
    if (IS_STR(x)) return int_parse(vm, AS_STR(x)->data, (size_t)AS_STR(x)->len, 10, x);
    if (IS_BYTES(x)) return int_parse(vm, (const char *)AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len, 10, x);
    return vm_raise(vm, vm->exc_TypeError,
                    "int() argument must be a string, a bytes-like object or a real number, not '%.200s'",
                    vm_type_name(vm, x));
}

/* ---- construction -------------------------------------------------------- */

static Value int_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    Value x = VAL_NULL, base = VAL_NULL;
    int npos = nargs - 1;
    if (npos > 2 || (npos + (kwnames ? (int)kwnames->len : 0)) > 2)
        return vm_raise(vm, vm->exc_TypeError, "int() takes at most 2 arguments (%d given)",
                        npos + (kwnames ? (int)kwnames->len : 0));
    if (npos >= 1) x = args[1];
    if (npos >= 2) base = args[2];
    if (kwnames) {
        for (int64_t i = 0; i < kwnames->len; i++) {
            ObjStr *k = AS_STR(kwnames->items[i]);
            if (strcmp(k->data, "base") != 0 || npos >= 2) {
                if (strcmp(k->data, "base") == 0)
                    return vm_raise(vm, vm->exc_TypeError, "argument for int() given by name ('base') and position (2)");
                return vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for int()", k->data);
            }
            base = args[nargs + i];
        }
    }
    if (IS_NULL(base)) return IS_NULL(x) ? MAKE_INT(0) : int_from_object(vm, x);
    if (IS_NULL(x)) return vm_raise(vm, vm->exc_TypeError, "int() missing string argument");
    Value b = int_index(vm, base);
    if (IS_NULL(b)) return VAL_NULL;
    if (IS_BIGINT(b) || (AS_INT(b) != 0 && (AS_INT(b) < 2 || AS_INT(b) > 36)))
        return vm_raise(vm, vm->exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    if (IS_STR(x)) return int_parse(vm, AS_STR(x)->data, (size_t)AS_STR(x)->len, (int)AS_INT(b), x);
    if (IS_BYTES(x))
        return int_parse(vm, (const char *)AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len, (int)AS_INT(b), x);
    return vm_raise(vm, vm->exc_TypeError, "int() can't convert non-string with explicit base");
}

/* ---- method helpers ------------------------------------------------------ */

static Value arity(VM *vm, int got, int want) {
    return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", want, want == 1 ? "" : "s", got);
}

#define CHECK_SELF(name)                                                                                       \
    if (nargs < 1 || !int_check(args[0]))                                                                      \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'int' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));

#define BINOP_METHOD(fname, name, op, reflected)                                        \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {                  \
        (void)kw;                                                                       \
        CHECK_SELF(name)                                                                \
        if (nargs != 2) return arity(vm, nargs - 1, 1);                                 \
        if (!int_check(args[1])) return NOTIMPL;                                        \
        Value a = as_plain_int(args[0]), b = as_plain_int(args[1]);                     \
        return reflected ? int_binary_op(vm, op, b, a) : int_binary_op(vm, op, a, b);   \
    }

BINOP_METHOD(i_add, "__add__", BINOP_ADD, 0)
BINOP_METHOD(i_radd, "__radd__", BINOP_ADD, 1)
BINOP_METHOD(i_sub, "__sub__", BINOP_SUB, 0)
BINOP_METHOD(i_rsub, "__rsub__", BINOP_SUB, 1)
BINOP_METHOD(i_mul, "__mul__", BINOP_MUL, 0)
BINOP_METHOD(i_rmul, "__rmul__", BINOP_MUL, 1)
BINOP_METHOD(i_truediv, "__truediv__", BINOP_TRUEDIV, 0)
BINOP_METHOD(i_rtruediv, "__rtruediv__", BINOP_TRUEDIV, 1)
BINOP_METHOD(i_floordiv, "__floordiv__", BINOP_FLOORDIV, 0)
BINOP_METHOD(i_rfloordiv, "__rfloordiv__", BINOP_FLOORDIV, 1)
BINOP_METHOD(i_mod, "__mod__", BINOP_MOD, 0)
BINOP_METHOD(i_rmod, "__rmod__", BINOP_MOD, 1)
BINOP_METHOD(i_lshift, "__lshift__", BINOP_LSHIFT, 0)
BINOP_METHOD(i_rlshift, "__rlshift__", BINOP_LSHIFT, 1)
BINOP_METHOD(i_rshift, "__rshift__", BINOP_RSHIFT, 0)
BINOP_METHOD(i_rrshift, "__rrshift__", BINOP_RSHIFT, 1)
BINOP_METHOD(i_and, "__and__", BINOP_AND, 0)
BINOP_METHOD(i_rand, "__rand__", BINOP_AND, 1)
BINOP_METHOD(i_or, "__or__", BINOP_OR, 0)
BINOP_METHOD(i_ror, "__ror__", BINOP_OR, 1)
BINOP_METHOD(i_xor, "__xor__", BINOP_XOR, 0)
BINOP_METHOD(i_rxor, "__rxor__", BINOP_XOR, 1)

static Value i_divmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__divmod__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    if (!int_check(args[1])) return NOTIMPL;
    return int_divmod(vm, args[0], args[1]);
}

static Value i_rdivmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__rdivmod__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    if (!int_check(args[1])) return NOTIMPL;
    return int_divmod(vm, args[1], args[0]);
}

static Value pow_common(VM *vm, Value *args, int nargs, bool reflected) {
    if (nargs < 2 || nargs > 3) return vm_raise(vm, vm->exc_TypeError, "expected 1 or 2 arguments, got %d", nargs - 1);
    if (!int_check(args[1])) return NOTIMPL;
    Value a = reflected ? args[1] : args[0], b = reflected ? args[0] : args[1];
    if (nargs == 3 && !IS_NONE(args[2])) {
        if (!int_check(args[2])) return NOTIMPL;
        return int_pow_mod(vm, a, b, args[2]);
    }
    return int_pow(vm, a, b);
}

static Value i_pow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__pow__")
    return pow_common(vm, args, nargs, false);
}

static Value i_rpow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__rpow__")
    return pow_common(vm, args, nargs, true);
}

#define CMP_METHOD(fname, name, op)                                    \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) { \
        (void)kw;                                                      \
        CHECK_SELF(name)                                               \
        if (nargs != 2) return arity(vm, nargs - 1, 1);                \
        return int_richcompare(vm, args[0], args[1], op);              \
    }

CMP_METHOD(i_eq, "__eq__", CMP_EQ)
CMP_METHOD(i_ne, "__ne__", CMP_NE)
CMP_METHOD(i_lt, "__lt__", CMP_LT)
CMP_METHOD(i_le, "__le__", CMP_LE)
CMP_METHOD(i_gt, "__gt__", CMP_GT)
CMP_METHOD(i_ge, "__ge__", CMP_GE)

#define UNARY_METHOD(fname, name, expr)                                \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) { \
        (void)kw;                                                      \
        CHECK_SELF(name)                                               \
        if (nargs != 1) return arity(vm, nargs - 1, 0);                \
        Value x = as_plain_int(args[0]);                               \
        return expr;                                                   \
    }

static Value to_float(VM *vm, Value x) {
    double d;
    return int_to_double(vm, x, &d) ? MAKE_FLOAT(d) : VAL_NULL;
}

static Value bit_count(VM *vm, Value x) {
    if (!IS_BIGINT(x)) {
        int64_t i = AS_INT(x);
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        return MAKE_INT(__builtin_popcountll(u));
    }
    mpz_t t;
    mpz_init(t);
    mpz_abs(t, AS_BIGINT(x)->z);
    int64_t n = (int64_t)mpz_popcount(t);
    mpz_clear(t);
    (void)vm;
    return MAKE_INT(n);
}

static Value as_ratio(VM *vm, Value x) {
    Value items[2] = {x, MAKE_INT(1)};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

UNARY_METHOD(i_neg, "__neg__", int_neg(vm, x))
UNARY_METHOD(i_pos, "__pos__", x)
UNARY_METHOD(i_abs, "__abs__", int_abs(vm, x))
UNARY_METHOD(i_invert, "__invert__", int_invert(vm, x))
UNARY_METHOD(i_bool, "__bool__", MAKE_BOOL(int_sign(x) != 0))
UNARY_METHOD(i_int, "__int__", x)
UNARY_METHOD(i_index, "__index__", x)
UNARY_METHOD(i_trunc, "__trunc__", x)
UNARY_METHOD(i_floor, "__floor__", x)
UNARY_METHOD(i_ceil, "__ceil__", x)
UNARY_METHOD(i_conjugate, "conjugate", x)
UNARY_METHOD(i_float, "__float__", to_float(vm, x))
UNARY_METHOD(i_repr, "__repr__", int_repr(vm, x))
UNARY_METHOD(i_hash, "__hash__", MAKE_INT((int64_t)int_hash(x)))
UNARY_METHOD(i_bit_length, "bit_length", MAKE_INT((int64_t)int_bit_length(x)))
UNARY_METHOD(i_bit_count, "bit_count", bit_count(vm, x))
UNARY_METHOD(i_as_integer_ratio, "as_integer_ratio", as_ratio(vm, x))

/* round(x, -k): nearest multiple of 10**k, ties to even. */
static Value i_round(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__round__")
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "__round__ expected at most 1 argument, got %d", nargs - 1);
    Value x = as_plain_int(args[0]);
    if (nargs < 2 || IS_NONE(args[1])) return x;
    Value nd = int_index(vm, args[1]);
    if (IS_NULL(nd)) return VAL_NULL;
    if (int_sign(nd) >= 0) return x;
    if (IS_BIGINT(nd)) return MAKE_INT(0);
    uint64_t k = (uint64_t)0 - (uint64_t)AS_INT(nd);
    mpz_t a, b, q, r;
    mpz_init(a);
    int_to_mpz(x, a);
    if (k > mpz_sizeinbase(a, 10)) {
        mpz_clear(a);
        return MAKE_INT(0);
    }
    mpz_init(b);
    mpz_init(q);
    mpz_init(r);
    mpz_ui_pow_ui(b, 10, (unsigned long)k);
    mpz_fdiv_qr(q, r, a, b);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, b);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, b);
    mpz_clear(a);
    mpz_clear(b);
    mpz_clear(r);
    return int_from_mpz(vm, q);
}

static Value i_format(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__format__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "__format__() argument must be str, not %s", vm_type_name(vm, args[1]));
    return format_int_spec(vm, args[0], AS_STR(args[1]));
}

/* byteorder argument of to_bytes/from_bytes: 1 little, 0 big, -1 error */
static int parse_byteorder(VM *vm, Value v) {
    if (IS_NULL(v)) return 0;
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "to_bytes() argument 'byteorder' must be str, not %s", vm_type_name(vm, v));
        return -1;
    }
    if (strcmp(AS_STR(v)->data, "little") == 0) return 1;
    if (strcmp(AS_STR(v)->data, "big") == 0) return 0;
    vm_raise(vm, vm->exc_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static ObjBytes *bytes_alloc(VM *vm, size_t n) {
    ObjBytes *b = (ObjBytes *)gc_alloc(vm, sizeof(ObjBytes) + n + 1, vm->t_bytes, OK_BYTES);
    b->len = (int64_t)n;
    return b;
}

static Value i_to_bytes(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    CHECK_SELF("to_bytes")
    Value length = VAL_NULL, order = VAL_NULL, sgn = VAL_NULL;
    if (!vm_parse_args(vm, "to_bytes", args + 1, nargs - 1, kwnames, "|length,byteorder,$signed", &length, &order,
                       &sgn))
        return VAL_NULL;
    int64_t n = 1;
    if (!IS_NULL(length)) {
        Value lv = int_index(vm, length);
        if (IS_NULL(lv)) return VAL_NULL;
        if (int_sign(lv) < 0) return vm_raise(vm, vm->exc_ValueError, "length argument must be non-negative");
        if (IS_BIGINT(lv) || AS_INT(lv) > ((int64_t)1 << 40)) return vm_raise_no_memory(vm);
        n = AS_INT(lv);
    }
    int little = parse_byteorder(vm, order);
    if (little < 0) return VAL_NULL;
    int is_signed = 0;
    if (!IS_NULL(sgn)) {
        is_signed = vm_truthy(vm, sgn);
        if (is_signed < 0) return VAL_NULL;
    }
    Value x = args[0];
    if (!is_signed && int_sign(x) < 0)
        return vm_raise(vm, vm->exc_OverflowError, "can't convert negative int to unsigned");
    mpz_t z;
    mpz_init(z);
    int_to_mpz(x, z);
    size_t bits = mpz_sgn(z) == 0 ? 0 : mpz_sizeinbase(z, 2);
    bool fits;
    if (!is_signed) {
        fits = bits <= (uint64_t)n * 8;
    } else if (mpz_sgn(z) >= 0) {
        fits = bits == 0 || bits < (uint64_t)n * 8;
    } else {
        /* -2**(8n-1) <= z: |z| - 1 must have fewer than 8n bits */
        mpz_t t;
        mpz_init(t);
        mpz_neg(t, z);
        mpz_sub_ui(t, t, 1);
        size_t tb = mpz_sgn(t) == 0 ? 0 : mpz_sizeinbase(t, 2);
        fits = n > 0 && tb < (uint64_t)n * 8;
        mpz_clear(t);
    }
    if (!fits) {
        mpz_clear(z);
        return vm_raise(vm, vm->exc_OverflowError, "int too big to convert");
    }
    if (mpz_sgn(z) < 0) {
        mpz_t t;
        mpz_init(t);
        mpz_ui_pow_ui(t, 2, 8 * (unsigned long)n);
        mpz_add(z, z, t);
        mpz_clear(t);
    }
    ObjBytes *b = bytes_alloc(vm, (size_t)n);
    size_t count = 0;
    if (n > 0 && mpz_sgn(z) != 0) {
        size_t need = (mpz_sizeinbase(z, 2) + 7) / 8;
        uint8_t *tmp = malloc(need);
        if (!tmp) abort();
        mpz_export(tmp, &count, -1, 1, 0, 0, z); /* little-endian bytes */
        for (size_t i = 0; i < count; i++) {
            size_t pos = little ? i : (size_t)n - 1 - i;
            b->data[pos] = tmp[i];
        }
        free(tmp);
    }
    mpz_clear(z);
    return MAKE_OBJ(b);
}

static Value i_from_bytes(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    Value data = VAL_NULL, order = VAL_NULL, sgn = VAL_NULL;
    if (!vm_parse_args(vm, "from_bytes", args + 1, nargs - 1, kwnames, "bytes|byteorder,$signed", &data, &order,
                       &sgn))
        return VAL_NULL;
    int little = parse_byteorder(vm, order);
    if (little < 0) return VAL_NULL;
    int is_signed = 0;
    if (!IS_NULL(sgn)) {
        is_signed = vm_truthy(vm, sgn);
        if (is_signed < 0) return VAL_NULL;
    }
    if (IS_BYTES(data))
        return int_from_bytes_raw(vm, AS_BYTES(data)->data, (size_t)AS_BYTES(data)->len, little, is_signed);
    if (IS_STR(data) || int_check(data) || IS_FLOAT(data) || IS_NONE(data))
        return vm_raise(vm, vm->exc_TypeError, "cannot convert '%.200s' object to bytes", vm_type_name(vm, data));
    ObjList *l = vm_list_from_iterable(vm, data);
    if (!l) return VAL_NULL;
    uint8_t *buf = malloc((size_t)l->len + 1);
    if (!buf) abort();
    for (int64_t i = 0; i < l->len; i++) {
        Value v = int_index(vm, l->items[i]);
        if (IS_NULL(v)) {
            free(buf);
            return VAL_NULL;
        }
        if (IS_BIGINT(v) || AS_INT(v) < 0 || AS_INT(v) > 255) {
            free(buf);
            return vm_raise(vm, vm->exc_ValueError, "bytes must be in range(0, 256)");
        }
        buf[i] = (uint8_t)AS_INT(v);
    }
    Value r = int_from_bytes_raw(vm, buf, (size_t)l->len, little, is_signed);
    free(buf);
    return r;
}

static Value get_self_int(VM *vm, Value self) {
    (void)vm;
    return as_plain_int(self);
}

static Value get_zero(VM *vm, Value self) {
    (void)vm;
    (void)self;
    return MAKE_INT(0);
}

static Value get_one(VM *vm, Value self) {
    (void)vm;
    (void)self;
    return MAKE_INT(1);
}

static const MethodDef int_methods[] = {
    {"__new__", int_new, METH_STATIC | METH_KW, NULL},
    {"__repr__", i_repr, 0, NULL},
    {"__hash__", i_hash, 0, NULL},
    {"__bool__", i_bool, 0, NULL},
    {"__eq__", i_eq, 0, NULL},
    {"__ne__", i_ne, 0, NULL},
    {"__lt__", i_lt, 0, NULL},
    {"__le__", i_le, 0, NULL},
    {"__gt__", i_gt, 0, NULL},
    {"__ge__", i_ge, 0, NULL},
    {"__add__", i_add, 0, NULL},
    {"__radd__", i_radd, 0, NULL},
    {"__sub__", i_sub, 0, NULL},
    {"__rsub__", i_rsub, 0, NULL},
    {"__mul__", i_mul, 0, NULL},
    {"__rmul__", i_rmul, 0, NULL},
    {"__truediv__", i_truediv, 0, NULL},
    {"__rtruediv__", i_rtruediv, 0, NULL},
    {"__floordiv__", i_floordiv, 0, NULL},
    {"__rfloordiv__", i_rfloordiv, 0, NULL},
    {"__mod__", i_mod, 0, NULL},
    {"__rmod__", i_rmod, 0, NULL},
    {"__divmod__", i_divmod, 0, NULL},
    {"__rdivmod__", i_rdivmod, 0, NULL},
    {"__pow__", i_pow, 0, NULL},
    {"__rpow__", i_rpow, 0, NULL},
    {"__lshift__", i_lshift, 0, NULL},
    {"__rlshift__", i_rlshift, 0, NULL},
    {"__rshift__", i_rshift, 0, NULL},
    {"__rrshift__", i_rrshift, 0, NULL},
    {"__and__", i_and, 0, NULL},
    {"__rand__", i_rand, 0, NULL},
    {"__or__", i_or, 0, NULL},
    {"__ror__", i_ror, 0, NULL},
    {"__xor__", i_xor, 0, NULL},
    {"__rxor__", i_rxor, 0, NULL},
    {"__neg__", i_neg, 0, NULL},
    {"__pos__", i_pos, 0, NULL},
    {"__abs__", i_abs, 0, NULL},
    {"__invert__", i_invert, 0, NULL},
    {"__index__", i_index, 0, NULL},
    {"__int__", i_int, 0, NULL},
    {"__float__", i_float, 0, NULL},
    {"__round__", i_round, 0, NULL},
    {"__trunc__", i_trunc, 0, NULL},
    {"__floor__", i_floor, 0, NULL},
    {"__ceil__", i_ceil, 0, NULL},
    {"__format__", i_format, 0, NULL},
    {"bit_length", i_bit_length, 0, NULL},
    {"bit_count", i_bit_count, 0, NULL},
    {"to_bytes", i_to_bytes, METH_KW, NULL},
    {"from_bytes", i_from_bytes, METH_CLASS | METH_KW, NULL},
    {"conjugate", i_conjugate, 0, NULL},
    {"as_integer_ratio", i_as_integer_ratio, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef int_getsets[] = {
    {"real", get_self_int, NULL},
    {"imag", get_zero, NULL},
    {"numerator", get_self_int, NULL},
    {"denominator", get_one, NULL},
    {NULL, NULL, NULL},
};

/* ---- bool ---------------------------------------------------------------- */

static Value b_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "bool expected at most 1 argument, got %d", nargs - 1);
    if (nargs < 2) return VAL_FALSE;
    int t = vm_truthy(vm, args[1]);
    if (t < 0) return VAL_NULL;
    return MAKE_BOOL(t);
}

static Value b_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1 || !IS_BOOL(args[0])) return i_repr(vm, args, nargs, kw);
    return MAKE_OBJ(str_from_cstr(vm, AS_INT(args[0]) ? "True" : "False"));
}

/* bool & bool stays a bool; with any other int it is int's operator */
#define BOOL_BITOP(fname, name, op, reflected)                             \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {     \
        (void)kw;                                                          \
        CHECK_SELF(name)                                                   \
        if (nargs != 2) return arity(vm, nargs - 1, 1);                    \
        if (!int_check(args[1])) return NOTIMPL;                           \
        return reflected ? int_binary_op(vm, op, args[1], args[0])         \
                         : int_binary_op(vm, op, args[0], args[1]);        \
    }

BOOL_BITOP(b_and, "__and__", BINOP_AND, 0)
BOOL_BITOP(b_rand, "__rand__", BINOP_AND, 1)
BOOL_BITOP(b_or, "__or__", BINOP_OR, 0)
BOOL_BITOP(b_ror, "__ror__", BINOP_OR, 1)
BOOL_BITOP(b_xor, "__xor__", BINOP_XOR, 0)
BOOL_BITOP(b_rxor, "__rxor__", BINOP_XOR, 1)

static const MethodDef bool_methods[] = {
    {"__new__", b_new, METH_STATIC, NULL},
    {"__repr__", b_repr, 0, NULL},
    {"__and__", b_and, 0, NULL},
    {"__rand__", b_rand, 0, NULL},
    {"__or__", b_or, 0, NULL},
    {"__ror__", b_ror, 0, NULL},
    {"__xor__", b_xor, 0, NULL},
    {"__rxor__", b_rxor, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void int_init_type(VM *vm) {
    if (vm->int_max_str_digits == 0) vm->int_max_str_digits = 4300;
    type_add_methods(vm, vm->t_int, int_methods);
    type_add_getsets(vm, vm->t_int, int_getsets);
    type_add_methods(vm, vm->t_bool, bool_methods);
}
