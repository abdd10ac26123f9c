/* float.c: Python float: the type's methods, CPython-exact repr (shortest
 * round-trip digits laid out by float_repr_style 'short' rules), hash,
 * parsing, arithmetic with ints (exact comparisons, CPython's special
 * cases for %, //, divmod and **), and rounding.
 *
 * Floats are always unboxed doubles; the type is not subclassable. Every
 * error message is CPython 3.11's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "float.h"
#include "int.h"

/* format.h (strings helper) */
Value format_float_spec(VM *vm, double d, ObjStr *spec);

/* ---- repr ---------------------------------------------------------------- */

/* Digits (no '.') and decimal-point position of a %.Ne string. */
static int take_digits(const char *buf, char *digits, int *decpt) {
    int nd = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    int e = *p == 'e' ? atoi(p + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    *decpt = e + 1;
    return nd;
}

/* Tries the integer candidate c * 10^x; on a round trip fills digits. */
static bool try_candidate(double d, uint64_t c, int x, char *digits, int *nd, int *decpt) {
    char buf[48];
    snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)c, x);
    if (strtod(buf, NULL) != d) return false;
    int k = snprintf(buf, sizeof buf, "%llu", (unsigned long long)c);
    int n = k;
    while (n > 1 && buf[n - 1] == '0') n--;
    memcpy(digits, buf, (size_t)n);
    digits[n] = 0;
    *nd = n;
    *decpt = k + x;
    return true;
}

/* Shortest digit string that reads back as d (d finite, > 0): the
 * correctly rounded p-digit value for the smallest p that round-trips,
 * or its neighbour when d sits at a power of two whose rounding interval
 * is lopsided (what David Gay's mode 0 would find). */
static int shortest_digits(double d, char *digits, int *decpt) {
    char buf[48];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        if (p == 17 || strtod(buf, NULL) == d) return take_digits(buf, digits, decpt);
        uint64_t m = 0;
        const char *q = buf;
        for (; *q && *q != 'e'; q++)
            if (*q >= '0' && *q <= '9') m = m * 10 + (uint64_t)(*q - '0');
        int x = atoi(q + 1) - (p - 1);
        int nd;
        if (try_candidate(d, m + 1, x, digits, &nd, decpt)) return nd;
        if (m > 1 && try_candidate(d, m - 1, x, digits, &nd, decpt)) return nd;
    }
    return 0; /* not reached */
}

int float_repr_cstr(double d, char *buf, size_t n) {
    char out[48];
    int len;
    if (isnan(d)) len = snprintf(out, sizeof out, "nan");
    else if (isinf(d)) len = snprintf(out, sizeof out, d > 0 ? "inf" : "-inf");
    else if (d == 0.0) len = snprintf(out, sizeof out, signbit(d) ? "-0.0" : "0.0");
    else {
        char digits[24];
        int decpt;
        int nd = shortest_digits(fabs(d), digits, &decpt);
        char *p = out;
        if (d < 0) *p++ = '-';
        if (decpt <= -4 || decpt > 16) {
            *p++ = digits[0];
            if (nd > 1) {
                *p++ = '.';
                memcpy(p, digits + 1, (size_t)nd - 1);
                p += nd - 1;
            }
            int e = decpt - 1;
            p += sprintf(p, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
        } else if (decpt <= 0) {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -decpt; i++) *p++ = '0';
            memcpy(p, digits, (size_t)nd);
            p += nd;
        } else if (decpt >= nd) {
            memcpy(p, digits, (size_t)nd);
            p += nd;
            for (int i = nd; i < decpt; i++) *p++ = '0';
            *p++ = '.';
            *p++ = '0';
        } else {
            memcpy(p, digits, (size_t)decpt);
            p += decpt;
            *p++ = '.';
            memcpy(p, digits + decpt, (size_t)(nd - decpt));
            p += nd - decpt;
        }
        *p = 0;
        len = (int)(p - out);
    }
    if (n > 0) {
        size_t k = (size_t)len < n - 1 ? (size_t)len : n - 1;
        memcpy(buf, out, k);
        buf[k] = 0;
    }
    return len;
}

Value float_repr(VM *vm, double d) {
    char buf[48];
    int n = float_repr_cstr(d, buf, sizeof buf);
    return MAKE_OBJ(str_new(vm, buf, (size_t)n));
}

/* ---- hash ---------------------------------------------------------------- */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

uint64_t float_hash(double v) {
    if (isinf(v)) return v > 0 ? 314159 : (uint64_t)-314159;
    if (isnan(v)) return 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    x = x * (uint64_t)(int64_t)sign;
    if (x == (uint64_t)-1) x = (uint64_t)-2;
    return x;
}

/* ---- parsing ------------------------------------------------------------- */

/* Copies digits (single underscores allowed between two digits) to out. */
static int scan_digits(const char **q, const char *end, char *out, size_t *n) {
    const char *p = *q;
    int count = 0;
    while (p < end) {
        if (*p >= '0' && *p <= '9') {
            out[(*n)++] = *p++;
            count++;
        } else if (*p == '_' && count > 0 && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
            p++;
        } else break;
    }
    *q = p;
    return count;
}

Value float_parse(VM *vm, const char *s, size_t len, Value orig) {
    const char *p = s, *end = s + len;
    int_strip_spaces(&p, &end, IS_BYTES(orig));
    const char *q = p;
    bool neg = false;
    if (q < end && (*q == '+' || *q == '-')) {
        neg = *q == '-';
        q++;
    }
    size_t rest = (size_t)(end - q);
    if ((rest == 3 && strncasecmp(q, "inf", 3) == 0) || (rest == 8 && strncasecmp(q, "infinity", 8) == 0))
        return MAKE_FLOAT(neg ? -INFINITY : INFINITY);
    if (rest == 3 && strncasecmp(q, "nan", 3) == 0) return MAKE_FLOAT(neg ? -NAN : NAN);
    char small[64];
    char *buf = rest + 2 <= sizeof small ? small : malloc(rest + 2);
    if (!buf) abort();
    size_t n = 0;
    if (neg) buf[n++] = '-';
    int int_digits = scan_digits(&q, end, buf, &n), frac_digits = 0;
    bool ok = true;
    if (q < end && *q == '.') {
        buf[n++] = *q++;
        frac_digits = scan_digits(&q, end, buf, &n);
    }
    if (int_digits + frac_digits == 0) ok = false;
    if (ok && q < end && (*q == 'e' || *q == 'E')) {
        buf[n++] = *q++;
        if (q < end && (*q == '+' || *q == '-')) buf[n++] = *q++;
        if (scan_digits(&q, end, buf, &n) == 0) ok = false;
    }
    if (q != end) ok = false;
    buf[n] = 0;
    double d = ok ? strtod(buf, NULL) : 0.0;
    if (buf != small) free(buf);
    if (ok) return MAKE_FLOAT(d);
    Value r = vm_repr(vm, orig);
    if (IS_NULL(r)) return VAL_NULL;
    return vm_raise(vm, vm->exc_ValueError, "could not convert string to float: %s", AS_STR(r)->data);
}

Value float_from_string(VM *vm, ObjStr *s) { return float_parse(vm, s->data, (size_t)s->len, MAKE_OBJ(s)); }

/* ---- conversions --------------------------------------------------------- */

/* Calls x.__float__ if its type has one: 1 done, 0 absent, -1 error. */
static int call_float_dunder(VM *vm, Value x, double *out) {
    bool found = false;
    Value r = vm_call_dunder(vm, x, vm->s___float__, NULL, 0, &found);
    if (!found) return 0;
    if (IS_NULL(r)) return -1;
    if (!IS_FLOAT(r)) {
        vm_raise(vm, vm->exc_TypeError, "%.50s.__float__ returned non-float (type %.50s)", vm_type_name(vm, x),
                 vm_type_name(vm, r));
        return -1;
    }
    *out = AS_FLOAT(r);
    return 1;
}

/* Calls x.__index__ and converts to double: 1 done, 0 absent, -1 error. */
static int call_index_as_double(VM *vm, Value x, double *out) {
    bool found = false;
    Value r = vm_call_dunder(vm, x, vm->s___index__, NULL, 0, &found);
    if (!found) return 0;
    if (IS_NULL(r)) return -1;
    if (!int_check(r)) {
        vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %.200s)", vm_type_name(vm, r));
        return -1;
    }
    return int_to_double(vm, r, out) ? 1 : -1;
}

bool float_as_double(VM *vm, Value v, double *out) {
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return true;
    }
    if (int_check(v)) return int_to_double(vm, v, out);
    int r = call_float_dunder(vm, v, out);
    if (r) return r > 0;
    r = call_index_as_double(vm, v, out);
    if (r) return r > 0;
    vm_raise(vm, vm->exc_TypeError, "must be real number, not %.50s", vm_type_name(vm, v));
    return false;
}

Value float_from_object(VM *vm, Value x) {
    double d;
    if (IS_FLOAT(x)) return x;
    if (int_check(x)) return int_to_double(vm, x, &d) ? MAKE_FLOAT(d) : VAL_NULL;
    if (IS_STR(x)) return float_from_string(vm, AS_STR(x));
    if (IS_BYTES(x)) return float_parse(vm, (const char *)AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len, x);
    int r = call_float_dunder(vm, x, &d);
    if (r) return r > 0 ? MAKE_FLOAT(d) : VAL_NULL;
    r = call_index_as_double(vm, x, &d);
    if (r) return r > 0 ? MAKE_FLOAT(d) : VAL_NULL;
    return vm_raise(vm, vm->exc_TypeError, "float() argument must be a string or a real number, not '%.200s'",
                    vm_type_name(vm, x));
}

/* ---- arithmetic ---------------------------------------------------------- */

/* Operand conversion of CPython's CONVERT_TO_DOUBLE: 1 ok, 0 not a
 * number (NotImplemented), -1 error (int too large). */
static int operand(VM *vm, Value v, double *out) {
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return 1;
    }
    if (int_check(v)) return int_to_double(vm, v, out) ? 1 : -1;
    return 0;
}

static bool is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

Value float_pow(VM *vm, double iv, double iw) {
    if (iw == 0) return MAKE_FLOAT(1.0);
    if (isnan(iv)) return MAKE_FLOAT(iv);
    if (isnan(iw)) return MAKE_FLOAT(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0) return MAKE_FLOAT(1.0);
        if ((iw > 0.0) == (iv > 1.0)) return MAKE_FLOAT(fabs(iw));
        return MAKE_FLOAT(0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0) return MAKE_FLOAT(odd ? iv : fabs(iv));
        return MAKE_FLOAT(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool odd = is_odd_integer(iw);
        if (iw < 0.0)
            return vm_raise(vm, vm->exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return MAKE_FLOAT(odd ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        /* CPython returns a complex here; Coil has no complex type */
        if (iw != floor(iw))
            return vm_raise(vm, vm->exc_ValueError, "negative number cannot be raised to a fractional power");
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) return MAKE_FLOAT(negate ? -1.0 : 1.0);
    errno = 0;
    double ix = pow(iv, iw);
    if (errno == 0 && isinf(ix)) errno = ERANGE;
    else if (errno == ERANGE && ix == 0.0) errno = 0;
    if (negate) ix = -ix;
    if (errno == ERANGE) return vm_raise(vm, vm->exc_OverflowError, "(34, 'Numerical result out of range')");
    if (errno) return vm_raise(vm, vm->exc_ValueError, "(33, 'Numerical argument out of domain')");
    return MAKE_FLOAT(ix);
}

/* CPython's float_divmod core (the divisor is non-zero). */
static void fdivmod(double vx, double wx, double *floordiv, double *modp) {
    double mod = fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod) {
        if ((wx < 0) != (mod < 0)) {
            mod += wx;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, wx);
    }
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5) fd += 1.0;
    } else {
        fd = copysign(0.0, vx / wx);
    }
    *floordiv = fd;
    *modp = mod;
}

Value float_binary_op(VM *vm, int op, Value a, Value b) {
    if (!IS_FLOAT(a) && !IS_FLOAT(b)) return MAKE_OBJ(vm->not_implemented);
    double x, y;
    int r = operand(vm, a, &x);
    if (r <= 0) return r < 0 ? VAL_NULL : MAKE_OBJ(vm->not_implemented);
    r = operand(vm, b, &y);
    if (r <= 0) return r < 0 ? VAL_NULL : MAKE_OBJ(vm->not_implemented);
    switch (op) {
    case BINOP_ADD: return MAKE_FLOAT(x + y);
    case BINOP_SUB: return MAKE_FLOAT(x - y);
    case BINOP_MUL: return MAKE_FLOAT(x * y);
    case BINOP_TRUEDIV:
        if (y == 0.0) return vm_raise(vm, vm->exc_ZeroDivisionError, "float division by zero");
        return MAKE_FLOAT(x / y);
    case BINOP_FLOORDIV: {
        if (y == 0.0) return vm_raise(vm, vm->exc_ZeroDivisionError, "float floor division by zero");
        double q, m;
        fdivmod(x, y, &q, &m);
        return MAKE_FLOAT(q);
    }
    case BINOP_MOD: {
        if (y == 0.0) return vm_raise(vm, vm->exc_ZeroDivisionError, "float modulo");
        double mod = fmod(x, y);
        if (mod) {
            if ((y < 0) != (mod < 0)) mod += y;
        } else {
            mod = copysign(0.0, y);
        }
        return MAKE_FLOAT(mod);
    }
    case BINOP_POW: return float_pow(vm, x, y);
    default: return MAKE_OBJ(vm->not_implemented);
    }
}

Value float_divmod(VM *vm, Value a, Value b) {
    if (!IS_FLOAT(a) && !IS_FLOAT(b)) return MAKE_OBJ(vm->not_implemented);
    double x, y, q, m;
    int r = operand(vm, a, &x);
    if (r <= 0) return r < 0 ? VAL_NULL : MAKE_OBJ(vm->not_implemented);
    r = operand(vm, b, &y);
    if (r <= 0) return r < 0 ? VAL_NULL : MAKE_OBJ(vm->not_implemented);
    if (y == 0.0) return vm_raise(vm, vm->exc_ZeroDivisionError, "float divmod()");
    fdivmod(x, y, &q, &m);
    Value items[2] = {MAKE_FLOAT(q), MAKE_FLOAT(m)};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

/* Exact three-way comparison of a finite or infinite double with an int. */
static int cmp_double_int(double d, Value i) {
    if (isinf(d)) return d > 0 ? 1 : -1;
    if (!IS_BIGINT(i)) {
        int64_t n = AS_INT(i);
        if (n > -((int64_t)1 << 53) && n < ((int64_t)1 << 53)) {
            double y = (double)n;
            return d < y ? -1 : d > y;
        }
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(i, z);
    int c = mpz_cmp_d(z, d);
    mpz_clear(z);
    return c < 0 ? 1 : c > 0 ? -1 : 0;
}

static Value cmp_result(int c, CmpOp op) {
    switch (op) {
    case CMP_LT: return MAKE_BOOL(c < 0);
    case CMP_LE: return MAKE_BOOL(c <= 0);
    case CMP_EQ: return MAKE_BOOL(c == 0);
    case CMP_NE: return MAKE_BOOL(c != 0);
    case CMP_GT: return MAKE_BOOL(c > 0);
    case CMP_GE: return MAKE_BOOL(c >= 0);
    }
    return MAKE_BOOL(false);
}

Value float_richcompare(VM *vm, Value a, Value b, CmpOp op) {
    if (!IS_FLOAT(a)) {
        if (!IS_FLOAT(b) || !int_check(a)) return MAKE_OBJ(vm->not_implemented);
        /* reflected: int op float == float (swapped op) int */
        static const CmpOp swapped[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
        return float_richcompare(vm, b, a, swapped[op]);
    }
    double x = AS_FLOAT(a);
    if (IS_FLOAT(b)) {
        double y = AS_FLOAT(b);
        switch (op) {
        case CMP_LT: return MAKE_BOOL(x < y);
        case CMP_LE: return MAKE_BOOL(x <= y);
        case CMP_EQ: return MAKE_BOOL(x == y);
        case CMP_NE: return MAKE_BOOL(x != y);
        case CMP_GT: return MAKE_BOOL(x > y);
        case CMP_GE: return MAKE_BOOL(x >= y);
        }
    }
    if (!int_check(b)) return MAKE_OBJ(vm->not_implemented);
    if (isnan(x)) return MAKE_BOOL(op == CMP_NE);
    return cmp_result(cmp_double_int(x, b), op);
}

/* ---- rounding ------------------------------------------------------------ */

/* round(|x|, -k) exactly: x = M * 2^E, so x / 10^k = N / D with integers,
 * rounded half to even, then scaled back. false on overflow. */
static bool round_negative_digits(double ax, int k, double *out) {
    int e;
    double m = frexp(ax, &e);
    mpz_t num, den, q, r;
    mpz_init_set_d(num, ldexp(m, DBL_MANT_DIG));
    e -= DBL_MANT_DIG;
    mpz_init(den);
    mpz_ui_pow_ui(den, 10, (unsigned long)k);
    mpz_init(q);
    mpz_init(r);
    if (e >= 0) mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    mpz_t p10;
    mpz_init_set(p10, den);
    if (e < 0) mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    mpz_fdiv_qr(q, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p10);
    bool ok = int_mpz_to_double(q, out);
    mpz_clear(num);
    mpz_clear(den);
    mpz_clear(q);
    mpz_clear(r);
    mpz_clear(p10);
    return ok;
}

Value float_round(VM *vm, double x, Value ndigits) {
    if (IS_NULL(ndigits) || IS_NONE(ndigits)) {
        double r = round(x);
        if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);
        return int_from_double(vm, r);
    }
    Value nv = int_index(vm, ndigits);
    if (IS_NULL(nv)) return VAL_NULL;
    /* ndigits is clamped like PyNumber_AsSsize_t(o, NULL) */
    const int ndigits_max = (int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
    const int ndigits_min = -(int)((DBL_MAX_EXP + 1) * 0.30103);
    int64_t n = IS_BIGINT(nv) ? (int_sign(nv) < 0 ? INT64_MIN : INT64_MAX) : AS_INT(nv);
    if (!isfinite(x)) return MAKE_FLOAT(x);
    if (n > ndigits_max) return MAKE_FLOAT(x);
    if (n < ndigits_min) return MAKE_FLOAT(0.0 * x);
    if (x == 0.0) return MAKE_FLOAT(x);
    double r;
    if (n >= 0) {
        char buf[720];
        snprintf(buf, sizeof buf, "%.*f", (int)n, x);
        r = strtod(buf, NULL);
    } else {
        if (!round_negative_digits(fabs(x), (int)-n, &r))
            return vm_raise(vm, vm->exc_OverflowError, "rounded value too large to represent");
        r = copysign(r, x);
    }
    return MAKE_FLOAT(r);
}

/* ---- methods ------------------------------------------------------------- */

#define SELF AS_FLOAT(args[0])

static Value arity(VM *vm, int nargs, int want) {
    return vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", want, want == 1 ? "" : "s", nargs);
}

#define CHECK_SELF(name)                                                                                    \
    if (nargs < 1 || !IS_FLOAT(args[0]))                                                                    \
        return vm_raise(vm, vm->exc_TypeError, "descriptor '" name "' requires a 'float' object but received a '%s'", \
                        nargs < 1 ? "NoneType" : vm_type_name(vm, args[0]));

#define BINOP_METHOD(fname, name, op, reflected)                                      \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) {                \
        (void)kw;                                                                     \
        CHECK_SELF(name)                                                              \
        if (nargs != 2) return arity(vm, nargs - 1, 1);                               \
        return reflected ? float_binary_op(vm, op, args[1], args[0])                  \
                         : float_binary_op(vm, op, args[0], args[1]);                 \
    }

BINOP_METHOD(fl_add, "__add__", BINOP_ADD, 0)
BINOP_METHOD(fl_radd, "__radd__", BINOP_ADD, 1)
BINOP_METHOD(fl_sub, "__sub__", BINOP_SUB, 0)
BINOP_METHOD(fl_rsub, "__rsub__", BINOP_SUB, 1)
BINOP_METHOD(fl_mul, "__mul__", BINOP_MUL, 0)
BINOP_METHOD(fl_rmul, "__rmul__", BINOP_MUL, 1)
BINOP_METHOD(fl_truediv, "__truediv__", BINOP_TRUEDIV, 0)
BINOP_METHOD(fl_rtruediv, "__rtruediv__", BINOP_TRUEDIV, 1)
BINOP_METHOD(fl_floordiv, "__floordiv__", BINOP_FLOORDIV, 0)
BINOP_METHOD(fl_rfloordiv, "__rfloordiv__", BINOP_FLOORDIV, 1)
BINOP_METHOD(fl_mod, "__mod__", BINOP_MOD, 0)
BINOP_METHOD(fl_rmod, "__rmod__", BINOP_MOD, 1)

static Value fl_divmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__divmod__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    return float_divmod(vm, args[0], args[1]);
}

static Value fl_rdivmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__rdivmod__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    return float_divmod(vm, args[1], args[0]);
}

static Value pow_common(VM *vm, Value *args, int nargs, bool reflected) {
    if (nargs < 2 || nargs > 3) return vm_raise(vm, vm->exc_TypeError, "expected 1 or 2 arguments, got %d", nargs - 1);
    if (nargs == 3 && !IS_NONE(args[2]))
        return vm_raise(vm, vm->exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    return reflected ? float_binary_op(vm, BINOP_POW, args[1], args[0])
                     : float_binary_op(vm, BINOP_POW, args[0], args[1]);
}

static Value fl_pow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__pow__")
    return pow_common(vm, args, nargs, false);
}

static Value fl_rpow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__rpow__")
    return pow_common(vm, args, nargs, true);
}

#define CMP_METHOD(fname, name, op)                                    \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) { \
        (void)kw;                                                      \
        CHECK_SELF(name)                                               \
        if (nargs != 2) return arity(vm, nargs - 1, 1);                \
        return float_richcompare(vm, args[0], args[1], op);            \
    }

CMP_METHOD(fl_eq, "__eq__", CMP_EQ)
CMP_METHOD(fl_ne, "__ne__", CMP_NE)
CMP_METHOD(fl_lt, "__lt__", CMP_LT)
CMP_METHOD(fl_le, "__le__", CMP_LE)
CMP_METHOD(fl_gt, "__gt__", CMP_GT)
CMP_METHOD(fl_ge, "__ge__", CMP_GE)

#define UNARY_METHOD(fname, name, expr)                                \
    static Value fname(VM *vm, Value *args, int nargs, ObjTuple *kw) { \
        (void)kw;                                                      \
        CHECK_SELF(name)                                               \
        if (nargs != 1) return arity(vm, nargs - 1, 0);                \
        double x = SELF;                                               \
        (void)x;                                                       \
        return expr;                                                   \
    }

UNARY_METHOD(fl_neg, "__neg__", MAKE_FLOAT(-x))
UNARY_METHOD(fl_pos, "__pos__", MAKE_FLOAT(x))
UNARY_METHOD(fl_abs, "__abs__", MAKE_FLOAT(fabs(x)))
UNARY_METHOD(fl_bool, "__bool__", MAKE_BOOL(x != 0.0))
UNARY_METHOD(fl_int, "__int__", int_from_double(vm, x))
UNARY_METHOD(fl_trunc, "__trunc__", int_from_double(vm, x))
UNARY_METHOD(fl_floor, "__floor__", int_from_double(vm, floor(x)))
UNARY_METHOD(fl_ceil, "__ceil__", int_from_double(vm, ceil(x)))
UNARY_METHOD(fl_float, "__float__", MAKE_FLOAT(x))
UNARY_METHOD(fl_conjugate, "conjugate", MAKE_FLOAT(x))
UNARY_METHOD(fl_repr, "__repr__", float_repr(vm, x))
UNARY_METHOD(fl_hash, "__hash__", MAKE_INT((int64_t)float_hash(x)))
UNARY_METHOD(fl_is_integer, "is_integer", MAKE_BOOL(isfinite(x) && floor(x) == x))

static Value fl_round(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__round__")
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "__round__ expected at most 1 argument, got %d", nargs - 1);
    return float_round(vm, SELF, nargs == 2 ? args[1] : VAL_NULL);
}

static Value fl_format(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("__format__")
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "__format__() argument must be str, not %s", vm_type_name(vm, args[1]));
    return format_float_spec(vm, SELF, AS_STR(args[1]));
}

static Value fl_as_integer_ratio(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("as_integer_ratio")
    if (nargs != 1) return arity(vm, nargs - 1, 0);
    double x = SELF;
    if (isinf(x)) return vm_raise(vm, vm->exc_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(x)) return vm_raise(vm, vm->exc_ValueError, "cannot convert NaN to integer ratio");
    int e;
    double f = frexp(x, &e);
    for (int i = 0; i < 300 && f != floor(f); i++) {
        f *= 2.0;
        e--;
    }
    mpz_t num, den;
    mpz_init_set_d(num, f);
    mpz_init_set_ui(den, 1);
    if (e > 0) mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    Value items[2];
    items[0] = int_from_mpz(vm, num);
    items[1] = int_from_mpz(vm, den);
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value fl_hex(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    CHECK_SELF("hex")
    if (nargs != 1) return arity(vm, nargs - 1, 0);
    double x = SELF;
    if (isnan(x) || isinf(x)) return float_repr(vm, x);
    if (x == 0.0) return MAKE_OBJ(str_from_cstr(vm, signbit(x) ? "-0x0.0p+0" : "0x0.0p+0"));
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char digits[32];
    int n = 0;
    static const char hexd[] = "0123456789abcdef";
    digits[n++] = hexd[(int)m];
    m -= (int)m;
    digits[n++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG + 3 - (DBL_MANT_DIG + 2) % 4 - 1) / 4; i++) {
        m *= 16.0;
        digits[n++] = hexd[(int)m];
        m -= (int)m;
    }
    digits[n] = 0;
    return MAKE_OBJ(str_printf(vm, "%s0x%sp%c%d", x < 0 ? "-" : "", digits, e < 0 ? '-' : '+', e < 0 ? -e : e));
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* float.fromhex: validates CPython's grammar, then lets strtod (exact,
 * round-half-even) do the conversion of the normalised "0x...p..." text. */
static Value fl_fromhex(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 2) return arity(vm, nargs - 1, 1);
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "fromhex() argument must be str, not %s", vm_type_name(vm, args[1]));
    ObjStr *s = AS_STR(args[1]);
    const char *p = s->data, *end = s->data + s->len;
    int_strip_spaces(&p, &end, false);
    const char *q = p;
    bool neg = false;
    if (q < end && (*q == '+' || *q == '-')) {
        neg = *q == '-';
        q++;
    }
    size_t rest = (size_t)(end - q);
    if ((rest == 3 && strncasecmp(q, "inf", 3) == 0) || (rest == 8 && strncasecmp(q, "infinity", 8) == 0))
        return MAKE_FLOAT(neg ? -INFINITY : INFINITY);
    if (rest == 3 && strncasecmp(q, "nan", 3) == 0) return MAKE_FLOAT(neg ? -NAN : NAN);
    if (end - q >= 2 && q[0] == '0' && (q[1] | 0x20) == 'x') q += 2;
    char *buf = malloc((size_t)(end - q) + 8);
    if (!buf) abort();
    size_t n = 0;
    buf[n++] = '0';
    buf[n++] = 'x';
    int ndig = 0;
    while (q < end && hexval(*q) >= 0) buf[n++] = *q++, ndig++;
    if (q < end && *q == '.') {
        buf[n++] = *q++;
        while (q < end && hexval(*q) >= 0) buf[n++] = *q++, ndig++;
    }
    bool ok = ndig > 0;
    if (ok && q < end && (*q == 'p' || *q == 'P')) {
        buf[n++] = *q++;
        if (q < end && (*q == '+' || *q == '-')) buf[n++] = *q++;
        int ed = 0;
        while (q < end && *q >= '0' && *q <= '9') buf[n++] = *q++, ed++;
        if (!ed) ok = false;
    }
    if (q != end) ok = false;
    buf[n] = 0;
    double d = 0.0;
    if (ok) {
        errno = 0;
        d = strtod(buf, NULL);
        if (isinf(d)) {
            free(buf);
            return vm_raise(vm, vm->exc_OverflowError, "hexadecimal value too large to represent as a float");
        }
    }
    free(buf);
    if (!ok) return vm_raise(vm, vm->exc_ValueError, "invalid hexadecimal floating-point string");
    return MAKE_FLOAT(neg ? -d : d);
}

static Value fl_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "float expected at most 1 argument, got %d", nargs - 1);
    if (nargs < 2) return MAKE_FLOAT(0.0);
    return float_from_object(vm, args[1]);
}

static Value fl_get_real(VM *vm, Value self) {
    (void)vm;
    return self;
}

static Value fl_get_imag(VM *vm, Value self) {
    (void)vm;
    (void)self;
    return MAKE_FLOAT(0.0);
}

static const MethodDef float_methods[] = {
    {"__new__", fl_new, METH_STATIC, NULL},
    {"__repr__", fl_repr, 0, NULL},
    {"__hash__", fl_hash, 0, NULL},
    {"__bool__", fl_bool, 0, NULL},
    {"__eq__", fl_eq, 0, NULL},
    {"__ne__", fl_ne, 0, NULL},
    {"__lt__", fl_lt, 0, NULL},
    {"__le__", fl_le, 0, NULL},
    {"__gt__", fl_gt, 0, NULL},
    {"__ge__", fl_ge, 0, NULL},
    {"__add__", fl_add, 0, NULL},
    {"__radd__", fl_radd, 0, NULL},
    {"__sub__", fl_sub, 0, NULL},
    {"__rsub__", fl_rsub, 0, NULL},
    {"__mul__", fl_mul, 0, NULL},
    {"__rmul__", fl_rmul, 0, NULL},
    {"__truediv__", fl_truediv, 0, NULL},
    {"__rtruediv__", fl_rtruediv, 0, NULL},
    {"__floordiv__", fl_floordiv, 0, NULL},
    {"__rfloordiv__", fl_rfloordiv, 0, NULL},
    {"__mod__", fl_mod, 0, NULL},
    {"__rmod__", fl_rmod, 0, NULL},
    {"__divmod__", fl_divmod, 0, NULL},
    {"__rdivmod__", fl_rdivmod, 0, NULL},
    {"__pow__", fl_pow, 0, NULL},
    {"__rpow__", fl_rpow, 0, NULL},
    {"__neg__", fl_neg, 0, NULL},
    {"__pos__", fl_pos, 0, NULL},
    {"__abs__", fl_abs, 0, NULL},
    {"__int__", fl_int, 0, NULL},
    {"__float__", fl_float, 0, NULL},
    {"__trunc__", fl_trunc, 0, NULL},
    {"__floor__", fl_floor, 0, NULL},
    {"__ceil__", fl_ceil, 0, NULL},
    {"__round__", fl_round, 0, NULL},
    {"__format__", fl_format, 0, NULL},
    {"is_integer", fl_is_integer, 0, NULL},
    {"as_integer_ratio", fl_as_integer_ratio, 0, NULL},
    {"conjugate", fl_conjugate, 0, NULL},
    {"hex", fl_hex, 0, NULL},
    {"fromhex", fl_fromhex, METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef float_getsets[] = {
    {"real", fl_get_real, NULL},
    {"imag", fl_get_imag, NULL},
    {NULL, NULL, NULL},
};

void float_init_type(VM *vm) {
    type_add_methods(vm, vm->t_float, float_methods);
    type_add_getsets(vm, vm->t_float, float_getsets);
}
