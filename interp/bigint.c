/* bigint.c: the arithmetic core of Python int: small-int fast paths with
 * overflow checks, GMP for everything past int64, conversions to and from
 * double and text, and hashing.
 *
 * Invariants: results are normalised (int64 range -> VT_INT, see int.h);
 * an ObjBigInt's mpz is never mutated after creation, so its limb memory
 * (counted into the collector's budget at creation) stays constant until
 * bigint_free. Messages match CPython 3.11 exactly.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "float.h"
#include "int.h"

_Static_assert(sizeof(long) == 8, "Coil's GMP glue assumes LP64 (long == int64)");

/* Shifts/powers producing more bits than this raise MemoryError instead of
 * trying (CPython would try and fail the same way, just later). */
#define INT_MAX_BITS ((uint64_t)1 << 36)

/* ---- representation ---------------------------------------------------- */

static Value bigint_new(VM *vm, mpz_t z) {
    ObjBigInt *b = (ObjBigInt *)gc_alloc(vm, sizeof(ObjBigInt), vm->t_int, OK_BIGINT);
    b->z[0] = z[0]; /* moves the limbs: z must not be cleared by the caller */
    vm->gc.bytes_allocated += (size_t)b->z->_mp_alloc * sizeof(mp_limb_t);
    return MAKE_OBJ(b);
}

void bigint_free(VM *vm, Obj *o) {
    ObjBigInt *b = (ObjBigInt *)o;
    vm->gc.bytes_allocated -= (size_t)b->z->_mp_alloc * sizeof(mp_limb_t);
    mpz_clear(b->z);
}

Value int_from_mpz(VM *vm, mpz_t z) {
    if (mpz_fits_slong_p(z)) {
        int64_t i = mpz_get_si(z);
        mpz_clear(z);
        return MAKE_INT(i);
    }
    return bigint_new(vm, z);
}

Value int_from_int64(VM *vm, int64_t i) {
    (void)vm;
    return MAKE_INT(i);
}

void int_to_mpz(Value v, mpz_t out) {
    if (IS_BIGINT(v)) mpz_set(out, AS_BIGINT(v)->z);
    else mpz_set_si(out, AS_INT(v));
}

/* A read-only mpz view of an int-like value: borrows a bigint's mpz,
 * materialises a small int in `tmp`. */
typedef struct {
    mpz_t tmp;
    mpz_srcptr p;
} ZArg;

static void zarg(ZArg *a, Value v) {
    if (IS_BIGINT(v)) {
        a->p = AS_BIGINT(v)->z;
    } else {
        mpz_init_set_si(a->tmp, AS_INT(v));
        a->p = a->tmp;
    }
}

static void zfree(ZArg *a) {
    if (a->p == a->tmp) mpz_clear(a->tmp);
}

int int_sign(Value a) {
    if (IS_BIGINT(a)) return mpz_sgn(AS_BIGINT(a)->z);
    return AS_INT(a) > 0 ? 1 : AS_INT(a) < 0 ? -1 : 0;
}

int int_compare(Value a, Value b) {
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) return AS_INT(a) < AS_INT(b) ? -1 : AS_INT(a) > AS_INT(b);
    /* a normalised bigint lies outside int64, so its sign decides */
    if (!IS_BIGINT(b)) return mpz_sgn(AS_BIGINT(a)->z);
    if (!IS_BIGINT(a)) return -mpz_sgn(AS_BIGINT(b)->z);
    int c = mpz_cmp(AS_BIGINT(a)->z, AS_BIGINT(b)->z);
    return c < 0 ? -1 : c > 0;
}

uint64_t int_bit_length(Value a) {
    if (IS_BIGINT(a)) return mpz_sizeinbase(AS_BIGINT(a)->z, 2);
    int64_t i = AS_INT(a);
    uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    return u ? 64 - (uint64_t)__builtin_clzll(u) : 0;
}

/* Applies a GMP binary operation to two int-likes. */
typedef void (*MpzBin)(mpz_ptr, mpz_srcptr, mpz_srcptr);

static Value big_binop(VM *vm, MpzBin fn, Value a, Value b) {
    ZArg x, y;
    mpz_t r;
    zarg(&x, a);
    zarg(&y, b);
    mpz_init(r);
    fn(r, x.p, y.p);
    zfree(&x);
    zfree(&y);
    return int_from_mpz(vm, r);
}

/* ---- + - * ------------------------------------------------------------- */

Value int_add(VM *vm, Value a, Value b) {
    int64_t r;
    if (!IS_BIGINT(a) && !IS_BIGINT(b) && !__builtin_add_overflow(AS_INT(a), AS_INT(b), &r)) return MAKE_INT(r);
    return big_binop(vm, mpz_add, a, b);
}

Value int_sub(VM *vm, Value a, Value b) {
    int64_t r;
    if (!IS_BIGINT(a) && !IS_BIGINT(b) && !__builtin_sub_overflow(AS_INT(a), AS_INT(b), &r)) return MAKE_INT(r);
    return big_binop(vm, mpz_sub, a, b);
}

Value int_mul(VM *vm, Value a, Value b) {
    int64_t r;
    if (!IS_BIGINT(a) && !IS_BIGINT(b) && !__builtin_mul_overflow(AS_INT(a), AS_INT(b), &r)) return MAKE_INT(r);
    return big_binop(vm, mpz_mul, a, b);
}

Value int_neg(VM *vm, Value a) {
    if (!IS_BIGINT(a) && AS_INT(a) != INT64_MIN) return MAKE_INT(-AS_INT(a));
    mpz_t r;
    mpz_init(r);
    if (IS_BIGINT(a)) mpz_neg(r, AS_BIGINT(a)->z);
    else {
        mpz_set_si(r, AS_INT(a));
        mpz_neg(r, r);
    }
    return int_from_mpz(vm, r);
}

Value int_abs(VM *vm, Value a) {
    if (int_sign(a) < 0) return int_neg(vm, a);
    if (IS_BOOL(a)) return MAKE_INT(AS_INT(a));
    return a;
}

Value int_invert(VM *vm, Value a) {
    if (!IS_BIGINT(a)) return MAKE_INT(~AS_INT(a)); /* never overflows */
    mpz_t r;
    mpz_init(r);
    mpz_com(r, AS_BIGINT(a)->z);
    return int_from_mpz(vm, r);
}

/* ---- division ------------------------------------------------------------ */

static Value zero_div(VM *vm, const char *msg) { return vm_raise(vm, vm->exc_ZeroDivisionError, "%s", msg); }

Value int_floordiv(VM *vm, Value a, Value b) {
    if (int_sign(b) == 0) return zero_div(vm, "integer division or modulo by zero");
    if (!IS_BIGINT(a) && !IS_BIGINT(b) && !(AS_INT(a) == INT64_MIN && AS_INT(b) == -1)) {
        int64_t x = AS_INT(a), y = AS_INT(b), q = x / y;
        if (x % y != 0 && ((x < 0) != (y < 0))) q--;
        return MAKE_INT(q);
    }
    return big_binop(vm, mpz_fdiv_q, a, b);
}

Value int_mod(VM *vm, Value a, Value b) {
    if (int_sign(b) == 0) return zero_div(vm, "integer modulo by zero");
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) {
        int64_t x = AS_INT(a), y = AS_INT(b);
        if (y == -1) return MAKE_INT(0);
        int64_t r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        return MAKE_INT(r);
    }
    return big_binop(vm, mpz_fdiv_r, a, b);
}

Value int_divmod(VM *vm, Value a, Value b) {
    if (int_sign(b) == 0) return zero_div(vm, "integer division or modulo by zero");
    Value q = int_floordiv(vm, a, b);
    if (IS_NULL(q)) return VAL_NULL;
    Value r = int_mod(vm, a, b);
    if (IS_NULL(r)) return VAL_NULL;
    Value items[2] = {q, r};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

/* True division correctly rounded (round-half-even), as CPython's
 * long_true_divide: scale so the quotient keeps DBL_MANT_DIG + 2 or 3 bits,
 * fold the remainder into a sticky bit, round once, then ldexp. */
Value int_truediv(VM *vm, Value a, Value b) {
    if (int_sign(b) == 0) return zero_div(vm, "division by zero");
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) {
        int64_t x = AS_INT(a), y = AS_INT(b);
        const int64_t lim = (int64_t)1 << DBL_MANT_DIG;
        if (x > -lim && x < lim && y > -lim && y < lim) return MAKE_FLOAT((double)x / (double)y);
    }
    bool negate = (int_sign(a) < 0) != (int_sign(b) < 0);
    if (int_sign(a) == 0) return MAKE_FLOAT(negate ? -0.0 : 0.0);
    ZArg za, zb;
    zarg(&za, a);
    zarg(&zb, b);
    mpz_t x, y, rem;
    mpz_init(x);
    mpz_init(y);
    mpz_init(rem);
    mpz_abs(x, za.p);
    mpz_abs(y, zb.p);
    zfree(&za);
    zfree(&zb);
    int64_t a_bits = (int64_t)mpz_sizeinbase(x, 2), b_bits = (int64_t)mpz_sizeinbase(y, 2);
    int64_t diff = a_bits - b_bits;
    Value result = VAL_NULL;
    if (diff > DBL_MAX_EXP) goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) {
        result = MAKE_FLOAT(negate ? -0.0 : 0.0);
        goto done;
    }
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    bool inexact = false;
    if (shift <= 0) {
        mpz_mul_2exp(x, x, (mp_bitcnt_t)-shift);
    } else {
        if (mpz_scan1(x, 0) < (mp_bitcnt_t)shift) inexact = true;
        mpz_fdiv_q_2exp(x, x, (mp_bitcnt_t)shift);
    }
    mpz_fdiv_qr(x, rem, x, y);
    if (mpz_sgn(rem) != 0) inexact = true;
    int64_t x_bits = (int64_t)mpz_sizeinbase(x, 2);
    int64_t extra = (x_bits > DBL_MIN_EXP - shift ? x_bits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    /* round half to even using the low `extra` bits plus the sticky bit */
    mp_limb_t mask = (mp_limb_t)1 << (extra - 1);
    mp_limb_t low = mpz_getlimbn(x, 0) | (inexact ? 1 : 0);
    mpz_fdiv_q_2exp(x, x, (mp_bitcnt_t)extra);
    if ((low & mask) && (low & (3 * mask - 1))) mpz_add_ui(x, x, 1);
    mpz_mul_2exp(x, x, (mp_bitcnt_t)extra);
    double dx = mpz_get_d(x); /* exact: at most DBL_MANT_DIG significant bits */
    if (shift + x_bits >= DBL_MAX_EXP &&
        (shift + x_bits > DBL_MAX_EXP || dx == ldexp(1.0, (int)x_bits)))
        goto overflow;
    double r = ldexp(dx, (int)shift);
    result = MAKE_FLOAT(negate ? -r : r);
    goto done;
overflow:
    vm_raise(vm, vm->exc_OverflowError, "integer division result too large for a float");
done:
    mpz_clear(x);
    mpz_clear(y);
    mpz_clear(rem);
    return result;
}

/* ---- powers -------------------------------------------------------------- */

Value int_pow(VM *vm, Value a, Value b) {
    if (int_sign(b) < 0) {
        double x, y;
        if (!int_to_double(vm, a, &x) || !int_to_double(vm, b, &y)) return VAL_NULL;
        return float_pow(vm, x, y);
    }
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) {
        int64_t base = AS_INT(a), e = AS_INT(b), r = 1;
        bool ok = true;
        while (e > 0) {
            if (e & 1) {
                if (__builtin_mul_overflow(r, base, &r)) { ok = false; break; }
            }
            e >>= 1;
            if (e && __builtin_mul_overflow(base, base, &base)) { ok = false; break; }
        }
        if (ok) return MAKE_INT(r);
    }
    /* |a| <= 1 gives small results for any exponent */
    if (!IS_BIGINT(a) && (AS_INT(a) == 0 || AS_INT(a) == 1)) return MAKE_INT(AS_INT(a));
    if (!IS_BIGINT(a) && AS_INT(a) == -1) {
        bool odd = IS_BIGINT(b) ? mpz_odd_p(AS_BIGINT(b)->z) : (AS_INT(b) & 1);
        return MAKE_INT(odd ? -1 : 1);
    }
    if (IS_BIGINT(b)) return vm_raise_no_memory(vm);
    uint64_t e = (uint64_t)AS_INT(b);
    uint64_t result_bits;
    if (__builtin_mul_overflow(int_bit_length(a) - 1, e, &result_bits) || result_bits > INT_MAX_BITS)
        return vm_raise_no_memory(vm);
    ZArg x;
    zarg(&x, a);
    mpz_t r;
    mpz_init(r);
    mpz_pow_ui(r, x.p, (unsigned long)e);
    zfree(&x);
    return int_from_mpz(vm, r);
}

Value int_pow_mod(VM *vm, Value a, Value b, Value m) {
    int msign = int_sign(m);
    if (msign == 0) return vm_raise(vm, vm->exc_ValueError, "pow() 3rd argument cannot be 0");
    ZArg za, zb, zm;
    zarg(&za, a);
    zarg(&zb, b);
    zarg(&zm, m);
    mpz_t base, e, mod, r;
    mpz_init_set(base, za.p);
    mpz_init(e);
    mpz_init(mod);
    mpz_init(r);
    mpz_abs(mod, zm.p);
    mpz_abs(e, zb.p);
    bool ok = true;
    if (mpz_cmp_ui(mod, 1) == 0) {
        mpz_set_ui(r, 0);
    } else {
        if (int_sign(b) < 0 && !mpz_invert(base, base, mod)) ok = false;
        if (ok) {
            mpz_powm(r, base, e, mod);
            if (msign < 0 && mpz_sgn(r) != 0) mpz_sub(r, r, mod);
        }
    }
    zfree(&za);
    zfree(&zb);
    zfree(&zm);
    mpz_clear(base);
    mpz_clear(e);
    mpz_clear(mod);
    if (!ok) {
        mpz_clear(r);
        return vm_raise(vm, vm->exc_ValueError, "base is not invertible for the given modulus");
    }
    return int_from_mpz(vm, r);
}

/* ---- shifts and bitwise ops -------------------------------------------- */

Value int_lshift(VM *vm, Value a, Value b) {
    if (int_sign(b) < 0) return vm_raise(vm, vm->exc_ValueError, "negative shift count");
    if (int_sign(a) == 0) return MAKE_INT(0);
    if (IS_BIGINT(b)) return vm_raise(vm, vm->exc_OverflowError, "too many digits in integer");
    int64_t s = AS_INT(b);
    if (!IS_BIGINT(a) && s < 64) {
        __int128 r = (__int128)AS_INT(a) * ((__int128)1 << s);
        if (r >= INT64_MIN && r <= INT64_MAX) return MAKE_INT((int64_t)r);
    }
    if ((uint64_t)s > INT_MAX_BITS) return vm_raise_no_memory(vm);
    ZArg x;
    zarg(&x, a);
    mpz_t r;
    mpz_init(r);
    mpz_mul_2exp(r, x.p, (mp_bitcnt_t)s);
    zfree(&x);
    return int_from_mpz(vm, r);
}

Value int_rshift(VM *vm, Value a, Value b) {
    if (int_sign(b) < 0) return vm_raise(vm, vm->exc_ValueError, "negative shift count");
    if (IS_BIGINT(b)) return MAKE_INT(int_sign(a) < 0 ? -1 : 0);
    int64_t s = AS_INT(b);
    if (!IS_BIGINT(a)) {
        int64_t x = AS_INT(a);
        if (s >= 64) return MAKE_INT(x < 0 ? -1 : 0);
        return MAKE_INT(x >> s); /* arithmetic shift on gcc/clang */
    }
    mpz_t r;
    mpz_init(r);
    mpz_fdiv_q_2exp(r, AS_BIGINT(a)->z, (mp_bitcnt_t)s);
    return int_from_mpz(vm, r);
}

Value int_and(VM *vm, Value a, Value b) {
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) return MAKE_INT(AS_INT(a) & AS_INT(b));
    return big_binop(vm, mpz_and, a, b);
}

Value int_or(VM *vm, Value a, Value b) {
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) return MAKE_INT(AS_INT(a) | AS_INT(b));
    return big_binop(vm, mpz_ior, a, b);
}

Value int_xor(VM *vm, Value a, Value b) {
    if (!IS_BIGINT(a) && !IS_BIGINT(b)) return MAKE_INT(AS_INT(a) ^ AS_INT(b));
    return big_binop(vm, mpz_xor, a, b);
}

Value int_binary_op(VM *vm, int op, Value a, Value b) {
    if (!int_check(a) || !int_check(b)) return MAKE_OBJ(vm->not_implemented);
    switch (op) {
    case BINOP_ADD: return int_add(vm, a, b);
    case BINOP_SUB: return int_sub(vm, a, b);
    case BINOP_MUL: return int_mul(vm, a, b);
    case BINOP_TRUEDIV: return int_truediv(vm, a, b);
    case BINOP_FLOORDIV: return int_floordiv(vm, a, b);
    case BINOP_MOD: return int_mod(vm, a, b);
    case BINOP_POW: return int_pow(vm, a, b);
    case BINOP_LSHIFT: return int_lshift(vm, a, b);
    case BINOP_RSHIFT: return int_rshift(vm, a, b);
    case BINOP_AND:
        if (IS_BOOL(a) && IS_BOOL(b)) return MAKE_BOOL(AS_INT(a) & AS_INT(b));
        return int_and(vm, a, b);
    case BINOP_OR:
        if (IS_BOOL(a) && IS_BOOL(b)) return MAKE_BOOL(AS_INT(a) | AS_INT(b));
        return int_or(vm, a, b);
    case BINOP_XOR:
        if (IS_BOOL(a) && IS_BOOL(b)) return MAKE_BOOL(AS_INT(a) ^ AS_INT(b));
        return int_xor(vm, a, b);
    default: return MAKE_OBJ(vm->not_implemented);
    }
}

Value int_richcompare(VM *vm, Value a, Value b, CmpOp op) {
    if (!int_check(a) || !int_check(b)) return MAKE_OBJ(vm->not_implemented);
    int c = int_compare(a, b);
    switch (op) {
    case CMP_LT: return MAKE_BOOL(c < 0);
    case CMP_LE: return MAKE_BOOL(c <= 0);
    case CMP_EQ: return MAKE_BOOL(c == 0);
    case CMP_NE: return MAKE_BOOL(c != 0);
    case CMP_GT: return MAKE_BOOL(c > 0);
    case CMP_GE: return MAKE_BOOL(c >= 0);
    }
    return MAKE_OBJ(vm->not_implemented);
}

/* ---- hashing ------------------------------------------------------------- */

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

uint64_t int_hash_small(int64_t i) {
    uint64_t mag = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    int64_t h = (int64_t)(mag % HASH_MODULUS);
    if (i < 0) h = -h;
    if (h == -1) h = -2;
    return (uint64_t)h;
}

uint64_t int_hash(Value v) {
    if (!IS_BIGINT(v)) return int_hash_small(AS_INT(v));
    mpz_srcptr z = AS_BIGINT(v)->z;
    int64_t h = (int64_t)mpz_tdiv_ui(z, HASH_MODULUS);
    if (mpz_sgn(z) < 0) h = -h;
    if (h == -1) h = -2;
    return (uint64_t)h;
}

/* ---- doubles ------------------------------------------------------------- */

Value int_from_double(VM *vm, double d) {
    if (isnan(d)) return vm_raise(vm, vm->exc_ValueError, "cannot convert float NaN to integer");
    if (isinf(d)) return vm_raise(vm, vm->exc_OverflowError, "cannot convert float infinity to integer");
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return MAKE_INT((int64_t)d);
    mpz_t z;
    mpz_init_set_d(z, d); /* truncates; exact for these magnitudes */
    return int_from_mpz(vm, z);
}

bool int_mpz_to_double(mpz_srcptr z, double *out) {
    size_t bits = mpz_sizeinbase(z, 2);
    if (bits <= DBL_MANT_DIG) {
        *out = mpz_get_d(z); /* exact */
        return true;
    }
    if (bits > DBL_MAX_EXP) return false;
    /* keep 55 bits, fold the rest into a sticky bit, round half to even */
    int64_t shift = (int64_t)bits - (DBL_MANT_DIG + 2);
    bool sticky = false;
    uint64_t top;
    int sign = mpz_sgn(z);
    if (shift <= 0) {
        top = (uint64_t)mpz_getlimbn(z, 0) << -shift;
    } else {
        sticky = mpz_scan1(z, 0) < (mp_bitcnt_t)shift;
        mpz_t q;
        mpz_init(q);
        mpz_tdiv_q_2exp(q, z, (mp_bitcnt_t)shift);
        top = (uint64_t)mpz_getlimbn(q, 0);
        mpz_clear(q);
    }
    uint64_t low2 = top & 3;
    top >>= 2;
    if (low2 > 2 || (low2 == 2 && (sticky || (top & 1)))) top++;
    double d = ldexp((double)top, (int)shift + 2);
    if (isinf(d)) return false;
    *out = sign < 0 ? -d : d;
    return true;
}

bool int_to_double(VM *vm, Value v, double *out) {
    if (!IS_BIGINT(v)) {
        *out = (double)AS_INT(v);
        return true;
    }
    if (int_mpz_to_double(AS_BIGINT(v)->z, out)) return true;
    vm_raise(vm, vm->exc_OverflowError, "int too large to convert to float");
    return false;
}

/* ---- text ---------------------------------------------------------------- */

char *int_to_cstr(VM *vm, Value v, int base, size_t *len) {
    (void)vm;
    char *buf;
    if (!IS_BIGINT(v)) {
        int64_t i = AS_INT(v);
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        char tmp[72];
        int n = 0;
        static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        do {
            tmp[n++] = digits[u % (uint64_t)base];
            u /= (uint64_t)base;
        } while (u);
        if (i < 0) tmp[n++] = '-';
        buf = malloc((size_t)n + 1);
        if (!buf) abort();
        for (int k = 0; k < n; k++) buf[k] = tmp[n - 1 - k];
        buf[n] = 0;
        if (len) *len = (size_t)n;
        return buf;
    }
    mpz_srcptr z = AS_BIGINT(v)->z;
    size_t cap = mpz_sizeinbase(z, base) + 2;
    buf = malloc(cap);
    if (!buf) abort();
    mpz_get_str(buf, base, z);
    if (len) *len = strlen(buf);
    return buf;
}

Value int_repr(VM *vm, Value v) {
    if (IS_BOOL(v)) return MAKE_OBJ(str_from_cstr(vm, AS_INT(v) ? "True" : "False"));
    if (!IS_BIGINT(v)) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%lld", (long long)AS_INT(v));
        return MAKE_OBJ(str_new(vm, buf, (size_t)n));
    }
    int limit = vm->int_max_str_digits;
    mpz_srcptr z = AS_BIGINT(v)->z;
    if (limit > 0 && mpz_sizeinbase(z, 10) - 1 > (size_t)limit) goto too_long;
    size_t len;
    char *s = int_to_cstr(vm, v, 10, &len);
    if (limit > 0 && len - (s[0] == '-') > (size_t)limit) {
        free(s);
        goto too_long;
    }
    ObjStr *r = str_new(vm, s, len);
    free(s);
    return MAKE_OBJ(r);
too_long:
    return vm_raise(vm, vm->exc_ValueError,
                    "Exceeds the limit (%d digits) for integer string conversion; "
                    "use sys.set_int_max_str_digits() to increase the limit",
                    limit);
}

/* Length in bytes of a whitespace character at s (ASCII, or the Unicode
 * spaces str.isspace() accepts, in UTF-8), 0 if none. */
static size_t space_at(const char *s, const char *end, bool ascii_only) {
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (ascii_only) return 0;
    if (c >= 0x1c && c <= 0x1f) return 1;
    if (c == 0xc2 && s + 1 < end && ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0xa0)) return 2;
    if (s + 2 < end) {
        unsigned char c1 = (unsigned char)s[1], c2 = (unsigned char)s[2];
        uint32_t cp = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(c1 & 0x3f) << 6) | (c2 & 0x3f);
        if ((c & 0xf0) == 0xe0 && (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
                                   cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000))
            return 3;
    }
    return 0;
}

/* The Unicode space ending at `end` (for trailing strip), 0 if none. */
static size_t space_before(const char *start, const char *end, bool ascii_only) {
    if (end > start) {
        size_t n = space_at(end - 1, end, ascii_only);
        if (n == 1) return 1;
    }
    if (ascii_only) return 0;
    if (end - start >= 2 && space_at(end - 2, end, false) == 2) return 2;
    if (end - start >= 3 && space_at(end - 3, end, false) == 3) return 3;
    return 0;
}

void int_strip_spaces(const char **s, const char **end, bool ascii_only) {
    size_t n;
    while (*s < *end && (n = space_at(*s, *end, ascii_only)) > 0) *s += n;
    while (*end > *s && (n = space_before(*s, *end, ascii_only)) > 0) *end -= n;
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* repr(orig) cut to 200 code points, as CPython's "%.200R". */
static Value invalid_literal(VM *vm, int base, Value orig, const char *s, size_t len) {
    if (IS_NULL(orig)) orig = MAKE_OBJ(str_new(vm, s, len));
    Value r = vm_repr(vm, orig);
    if (IS_NULL(r)) return VAL_NULL;
    ObjStr *rs = AS_STR(r);
    int64_t cut = rs->len, count = 0;
    for (int64_t i = 0; i < rs->len; i++) {
        if (((unsigned char)rs->data[i] & 0xc0) != 0x80) {
            if (count == 200) {
                cut = i;
                break;
            }
            count++;
        }
    }
    return vm_raise(vm, vm->exc_ValueError, "invalid literal for int() with base %d: %.*s", base, (int)cut,
                    rs->data);
}

Value int_parse(VM *vm, const char *s, size_t len, int base, Value orig) {
    const char *p = s, *end = s + len;
    int base_arg = base;
    int_strip_spaces(&p, &end, IS_NULL(orig) ? false : IS_BYTES(orig));
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) {
        neg = *p == '-';
        p++;
    }
    bool prefixed = false;
    if (end - p >= 2 && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            p += 2;
            prefixed = true;
        }
    }
    bool decimal_zero_check = false;
    if (base == 0) {
        base = 10;
        decimal_zero_check = true;
    }
    /* digits with single underscores between them; one may follow a prefix */
    bool last_us = false;
    if (prefixed && p < end && *p == '_') {
        p++;
        last_us = true;
    }
    const char *digits_start = p;
    size_t ndigits = 0;
    bool ok = true, nonzero = false;
    for (; p < end; p++) {
        if (*p == '_') {
            if (last_us || ndigits == 0) {
                ok = false;
                break;
            }
            last_us = true;
            continue;
        }
        if (digit_value(*p) >= base) break;
        if (*p != '0') nonzero = true;
        last_us = false;
        ndigits++;
    }
    if (p != end || ndigits == 0 || last_us) ok = false;
    if ((base & (base - 1)) != 0 && vm->int_max_str_digits > 0 && ndigits > (size_t)vm->int_max_str_digits)
        return vm_raise(vm, vm->exc_ValueError,
                        "Exceeds the limit (%d digits) for integer string conversion: value has %zu digits; "
                        "use sys.set_int_max_str_digits() to increase the limit",
                        vm->int_max_str_digits, ndigits);
    if (ok && decimal_zero_check && digits_start[0] == '0' && nonzero) ok = false;
    if (!ok) return invalid_literal(vm, base_arg, orig, s, len);
    if ((base <= 10 && ndigits <= 18) || ndigits <= 12) {
        int64_t v = 0;
        for (const char *q = digits_start; q < end; q++)
            if (*q != '_') v = v * base + digit_value(*q);
        return MAKE_INT(neg ? -v : v);
    }
    char *buf = malloc(ndigits + 2);
    if (!buf) abort();
    size_t n = 0;
    if (neg) buf[n++] = '-';
    for (const char *q = digits_start; q < end; q++)
        if (*q != '_') buf[n++] = *q;
    buf[n] = 0;
    mpz_t z;
    mpz_init(z);
    mpz_set_str(z, buf, base);
    free(buf);
    return int_from_mpz(vm, z);
}

Value int_from_string(VM *vm, const char *s, int base) {
    return int_parse(vm, s, strlen(s), base, VAL_NULL);
}

Value int_from_bytes_raw(VM *vm, const uint8_t *buf, size_t n, bool little, bool is_signed) {
    mpz_t z;
    mpz_init(z);
    if (n) mpz_import(z, n, little ? -1 : 1, 1, 0, 0, buf);
    if (is_signed && n && (buf[little ? n - 1 : 0] & 0x80)) {
        mpz_t t;
        mpz_init(t);
        mpz_ui_pow_ui(t, 2, 8 * (unsigned long)n);
        mpz_sub(z, z, t);
        mpz_clear(t);
    }
    return int_from_mpz(vm, z);
}
