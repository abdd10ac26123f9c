/* math.c: the math module, following CPython 3.11's mathmodule.c rules:
 * arguments convert like PyFloat_AsDouble; libm results are checked for
 * NaN/inf/errno and reported as ValueError "math domain error" or
 * OverflowError "math range error"; integer functions (factorial, gcd,
 * comb, isqrt, ...) are exact on big ints via GMP; fsum is Shewchuk's exact
 * summation and hypot/dist use CPython 3.11's vector_norm so results match
 * bit for bit. gamma/lgamma/erf/erfc use libm for the general case (may
 * differ from CPython in the last place).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "float.h"
#include "int.h"

/* ---- error helpers --------------------------------------------------------- */

static Value domain_error(VM *vm) { return vm_raise(vm, vm->exc_ValueError, "math domain error"); }
static Value range_error(VM *vm) { return vm_raise(vm, vm->exc_OverflowError, "math range error"); }

/* CPython's is_error: errno is set; true (with an exception) unless it is
 * a harmless underflow. */
static bool is_error(VM *vm, double r) {
    if (errno == EDOM) {
        domain_error(vm);
        return true;
    }
    if (errno == ERANGE) {
        if (fabs(r) < 1.5) return false;
        range_error(vm);
        return true;
    }
    vm_raise(vm, vm->exc_ValueError, "math domain error");
    return true;
}

static Value one_arg(VM *vm, const char *name, int nargs) {
    return vm_raise(vm, vm->exc_TypeError, "math.%s() takes exactly one argument (%d given)", name, nargs);
}

static bool check_n(VM *vm, const char *name, int nargs, int n) {
    if (nargs == n) return true;
    vm_raise(vm, vm->exc_TypeError, "%s expected %d argument%s, got %d", name, n, n == 1 ? "" : "s", nargs);
    return false;
}

/* math_1: one double in, one double out, with libm error mapping. */
static Value math_1(VM *vm, Value *args, int nargs, const char *name, double (*fn)(double), bool can_overflow) {
    if (nargs != 1) return one_arg(vm, name, nargs);
    double x, r;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    errno = 0;
    r = fn(x);
    if (isnan(r) && !isnan(x)) return domain_error(vm);
    if (isinf(r) && isfinite(x)) return can_overflow ? range_error(vm) : domain_error(vm);
    if (isfinite(r) && errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

/* math_1a: the function sets errno itself. */
static Value math_1a(VM *vm, Value *args, int nargs, const char *name, double (*fn)(double)) {
    if (nargs != 1) return one_arg(vm, name, nargs);
    double x, r;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    errno = 0;
    r = fn(x);
    if (errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

static Value math_2(VM *vm, Value *args, int nargs, const char *name, double (*fn)(double, double)) {
    if (!check_n(vm, name, nargs, 2)) return VAL_NULL;
    double x, y, r;
    if (!float_as_double(vm, args[0], &x) || !float_as_double(vm, args[1], &y)) return VAL_NULL;
    errno = 0;
    r = fn(x, y);
    if (isnan(r)) errno = (!isnan(x) && !isnan(y)) ? EDOM : 0;
    else if (isinf(r)) errno = (isfinite(x) && isfinite(y)) ? ERANGE : 0;
    if (errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

/* ---- special-case wrappers ------------------------------------------------- */

static double d_log1p(double x) { return x == 0.0 ? x : log1p(x); }

/* CPython's own Lanczos gamma (g = 6.0246..., N = 13), kept so results
 * match CPython to the last bit rather than libm's tgamma/lgamma. */
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408};
/* denominator is x*(x+1)*...*(x+LANCZOS_N-2) */
static const double lanczos_den_coeffs[LANCZOS_N] = {0.0,       39916800.0, 120543840.0, 150917976.0, 105258076.0,
                                                     45995730.0, 13339535.0, 2637558.0,   357423.0,    32670.0,
                                                     1925.0,    66.0,       1.0};
static const double logpi = 1.144729885849400174143427351353058711647;

static double lanczos_sum(double x) {
    double num = 0.0, den = 0.0;
    /* for large x, evaluate as a rational function in 1/x to avoid overflow */
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

/* sin(pi * x), exact at integers and half-integers */
static double sinpi(double x) {
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(M_PI * y); break;
    case 1: r = cos(M_PI * (y - 0.5)); break;
    case 2: r = sin(M_PI * (1.0 - y)); break; /* not -sin(pi*(y-1)): keeps +0.0 */
    case 3: r = -cos(M_PI * (y - 1.5)); break;
    default: r = sin(M_PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

static double d_gamma(double x) {
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0) return x;
        errno = EDOM;
        return NAN;
    }
    if (x == 0.0) {
        errno = EDOM;
        return copysign(HUGE_VAL, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            errno = EDOM;
            return NAN;
        }
        if (x <= 23.0) {
            double f = 1.0; /* (x-1)!, exact in a double up to 22! */
            for (int i = 2; i < (int)x; i++) f *= i;
            return f;
        }
    }
    double absx = fabs(x);
    if (absx < 1e-20) {
        double r = 1.0 / x;
        if (isinf(r)) errno = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0) return 0.0 / sinpi(x);
        errno = ERANGE;
        return HUGE_VAL;
    }
    double y = absx + lanczos_g_minus_half, z, r;
    /* error of the sum above, folded in as a correction factor */
    if (absx > lanczos_g_minus_half) {
        double q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        double q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -M_PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r)) errno = ERANGE;
    return r;
}

static double d_lgamma(double x) {
    if (!isfinite(x)) return isnan(x) ? x : HUGE_VAL;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            errno = EDOM;
            return HUGE_VAL;
        }
        return 0.0;
    }
    double absx = fabs(x);
    if (absx < 1e-20) return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0) r = logpi - log(fabs(sinpi(absx))) - log(absx) - r; /* reflection */
    if (isinf(r)) errno = ERANGE;
    return r;
}

static double d_log(double x) {
    if (isfinite(x)) {
        if (x > 0.0) return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

static double d_log2(double x) {
    if (isfinite(x)) {
        if (x > 0.0) return log2(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

static double d_log10(double x) {
    if (isfinite(x)) {
        if (x > 0.0) return log10(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

/* ---- one-argument functions ------------------------------------------------ */

#define FUNC1(name, fn, ovf)                                                   \
    static Value m_##name(VM *vm, Value *args, int nargs, ObjTuple *kw) {     \
        (void)kw;                                                              \
        return math_1(vm, args, nargs, #name, fn, ovf);                        \
    }
#define FUNC1A(name, fn)                                                       \
    static Value m_##name(VM *vm, Value *args, int nargs, ObjTuple *kw) {     \
        (void)kw;                                                              \
        return math_1a(vm, args, nargs, #name, fn);                            \
    }

FUNC1(acos, acos, false)
FUNC1(acosh, acosh, false)
FUNC1(asin, asin, false)
FUNC1(asinh, asinh, false)
FUNC1(atan, atan, false)
FUNC1(atanh, atanh, false)
FUNC1(cbrt, cbrt, false)
FUNC1(cos, cos, false)
FUNC1(cosh, cosh, true)
FUNC1A(erf, erf)
FUNC1A(erfc, erfc)
FUNC1(exp, exp, true)
FUNC1(exp2, exp2, true)
FUNC1(expm1, expm1, true)
FUNC1(fabs, fabs, false)
FUNC1A(gamma, d_gamma)
FUNC1A(lgamma, d_lgamma)
FUNC1(log1p, d_log1p, false)
FUNC1(sin, sin, false)
FUNC1(sinh, sinh, true)
FUNC1(sqrt, sqrt, false)
FUNC1(tan, tan, false)
FUNC1(tanh, tanh, false)

#define SCALE1(name, factor)                                                   \
    static Value m_##name(VM *vm, Value *args, int nargs, ObjTuple *kw) {     \
        (void)kw;                                                              \
        if (nargs != 1) return one_arg(vm, #name, nargs);                      \
        double x;                                                              \
        if (!float_as_double(vm, args[0], &x)) return VAL_NULL;                \
        return MAKE_FLOAT(x * (factor));                                       \
    }

SCALE1(degrees, 180.0 / M_PI)
SCALE1(radians, M_PI / 180.0)

#define PRED1(name, expr)                                                      \
    static Value m_##name(VM *vm, Value *args, int nargs, ObjTuple *kw) {     \
        (void)kw;                                                              \
        if (nargs != 1) return one_arg(vm, #name, nargs);                      \
        double x;                                                              \
        if (!float_as_double(vm, args[0], &x)) return VAL_NULL;                \
        return MAKE_BOOL(expr);                                                \
    }

PRED1(isnan, isnan(x))
PRED1(isinf, isinf(x))
PRED1(isfinite, isfinite(x))

static Value m_ulp(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "ulp", nargs);
    double x;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    if (isnan(x)) return MAKE_FLOAT(x);
    x = fabs(x);
    if (isinf(x)) return MAKE_FLOAT(x);
    double x2 = nextafter(x, HUGE_VAL);
    if (isinf(x2)) return MAKE_FLOAT(x - nextafter(x, -HUGE_VAL));
    return MAKE_FLOAT(x2 - x);
}

/* ---- rounding to int ------------------------------------------------------- */

static Value round_to_int(VM *vm, Value *args, int nargs, const char *name, ObjStr *dunder, double (*fn)(double)) {
    if (nargs != 1) return one_arg(vm, name, nargs);
    Value x = args[0];
    if (IS_FLOAT(x)) return int_from_double(vm, fn(AS_FLOAT(x)));
    if (int_check(x)) return IS_BOOL(x) ? MAKE_INT(AS_INT(x)) : x;
    bool found = false;
    Value r = vm_call_dunder(vm, x, dunder, NULL, 0, &found);
    if (found) return r;
    double d;
    if (!float_as_double(vm, x, &d)) return VAL_NULL;
    return int_from_double(vm, fn(d));
}

static Value m_floor(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return round_to_int(vm, args, nargs, "floor", vm->s___floor__, floor);
}

static Value m_ceil(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return round_to_int(vm, args, nargs, "ceil", vm->s___ceil__, ceil);
}

static Value m_trunc(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "trunc", nargs);
    Value x = args[0];
    if (IS_FLOAT(x)) return int_from_double(vm, AS_FLOAT(x));
    if (int_check(x)) return IS_BOOL(x) ? MAKE_INT(AS_INT(x)) : x;
    bool found = false;
    Value r = vm_call_dunder(vm, x, vm->s___trunc__, NULL, 0, &found);
    if (found) return r;
    return vm_raise(vm, vm->exc_TypeError, "type %.100s doesn't define __trunc__ method", vm_type_name(vm, x));
}

/* ---- two-argument functions -------------------------------------------- */

static Value m_atan2(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return math_2(vm, args, nargs, "atan2", atan2);
}

static Value m_copysign(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return math_2(vm, args, nargs, "copysign", copysign);
}

static Value m_remainder(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return math_2(vm, args, nargs, "remainder", remainder);
}

static Value m_nextafter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "nextafter", nargs, 2)) return VAL_NULL;
    double x, y;
    if (!float_as_double(vm, args[0], &x) || !float_as_double(vm, args[1], &y)) return VAL_NULL;
    return MAKE_FLOAT(nextafter(x, y));
}

static Value m_fmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "fmod", nargs, 2)) return VAL_NULL;
    double x, y;
    if (!float_as_double(vm, args[0], &x) || !float_as_double(vm, args[1], &y)) return VAL_NULL;
    if (isinf(y) && isfinite(x)) return MAKE_FLOAT(x);
    errno = 0;
    double r = fmod(x, y);
    if (isnan(r)) errno = (!isnan(x) && !isnan(y)) ? EDOM : 0;
    if (errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

static Value m_pow(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "pow", nargs, 2)) return VAL_NULL;
    double x, y, r = 0.0;
    if (!float_as_double(vm, args[0], &x) || !float_as_double(vm, args[1], &y)) return VAL_NULL;
    if (!isfinite(x) || !isfinite(y)) {
        errno = 0;
        if (isnan(x)) r = y == 0.0 ? 1.0 : x;
        else if (isnan(y)) r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0) r = odd_y ? x : fabs(x);
            else if (y == 0.0) r = 1.0;
            else r = odd_y ? copysign(0.0, x) : 0.0;
        } else {
            if (fabs(x) == 1.0) r = 1.0;
            else if (y > 0.0 && fabs(x) > 1.0) r = y;
            else if (y < 0.0 && fabs(x) < 1.0) r = -y;
            else r = 0.0;
        }
    } else {
        errno = 0;
        r = pow(x, y);
        if (!isfinite(r)) {
            if (isnan(r)) errno = EDOM;
            else errno = x == 0.0 ? EDOM : ERANGE;
        }
    }
    if (errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

static Value m_ldexp(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "ldexp", nargs, 2)) return VAL_NULL;
    double x, r;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    if (!int_check(args[1])) return vm_raise(vm, vm->exc_TypeError, "Expected an int as second argument to ldexp.");
    int64_t e = IS_BIGINT(args[1]) ? (int_sign(args[1]) > 0 ? INT64_MAX : INT64_MIN) : AS_INT(args[1]);
    if (x == 0.0 || !isfinite(x)) {
        r = x;
        errno = 0;
    } else if (e > INT_MAX) {
        r = copysign(HUGE_VAL, x);
        errno = ERANGE;
    } else if (e < INT_MIN) {
        r = copysign(0.0, x);
        errno = 0;
    } else {
        errno = 0;
        r = ldexp(x, (int)e);
        if (isinf(r)) errno = ERANGE;
    }
    if (errno && is_error(vm, r)) return VAL_NULL;
    return MAKE_FLOAT(r);
}

static Value pair(VM *vm, Value a, Value b) {
    Value items[2] = {a, b};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value m_modf(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "modf", nargs);
    double x, y;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    if (isinf(x)) return pair(vm, MAKE_FLOAT(copysign(0.0, x)), MAKE_FLOAT(x));
    if (isnan(x)) return pair(vm, MAKE_FLOAT(x), MAKE_FLOAT(x));
    x = modf(x, &y);
    return pair(vm, MAKE_FLOAT(x), MAKE_FLOAT(y));
}

static Value m_frexp(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "frexp", nargs);
    double x;
    int e = 0;
    if (!float_as_double(vm, args[0], &x)) return VAL_NULL;
    if (!(isnan(x) || isinf(x) || x == 0.0)) x = frexp(x, &e);
    return pair(vm, MAKE_FLOAT(x), MAKE_INT(e));
}

/* ---- logarithms ------------------------------------------------------------ */

/* An int as x * 2**e with x in [0.5, 1) correctly rounded (CPython's
 * _PyLong_Frexp), for logs of ints too large for a double. */
static double int_frexp(Value v, int64_t *e) {
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    mpz_abs(z, z);
    int64_t bits = (int64_t)mpz_sizeinbase(z, 2);
    int64_t shift = bits - (DBL_MANT_DIG + 2);
    bool sticky = false;
    uint64_t top;
    if (shift <= 0) {
        top = (uint64_t)mpz_getlimbn(z, 0) << -shift;
    } else {
        sticky = mpz_scan1(z, 0) < (mp_bitcnt_t)shift;
        mpz_fdiv_q_2exp(z, z, (mp_bitcnt_t)shift);
        top = (uint64_t)mpz_getlimbn(z, 0);
    }
    mpz_clear(z);
    uint64_t low2 = top & 3;
    top >>= 2;
    if (low2 > 2 || (low2 == 2 && (sticky || (top & 1)))) top++;
    *e = bits;
    return ldexp((double)top, -DBL_MANT_DIG);
}

static Value loghelper(VM *vm, Value arg, double (*fn)(double), const char *name) {
    if (int_check(arg)) {
        if (int_sign(arg) <= 0) return domain_error(vm);
        double x;
        if (!IS_BIGINT(arg)) return MAKE_FLOAT(fn((double)AS_INT(arg)));
        if (int_mpz_to_double(AS_BIGINT(arg)->z, &x)) return MAKE_FLOAT(fn(x));
        int64_t e;
        x = int_frexp(arg, &e);
        return MAKE_FLOAT(fn(x) + fn(2.0) * (double)e);
    }
    return math_1(vm, &arg, 1, name, fn, false);
}

static Value m_log(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs < 1 || nargs > 2) return vm_raise(vm, vm->exc_TypeError, "math.log requires 1 to 2 arguments");
    Value num = loghelper(vm, args[0], d_log, "log");
    if (IS_NULL(num) || nargs == 1) return num;
    Value den = loghelper(vm, args[1], d_log, "log");
    if (IS_NULL(den)) return VAL_NULL;
    if (AS_FLOAT(den) == 0.0) return vm_raise(vm, vm->exc_ZeroDivisionError, "float division by zero");
    return MAKE_FLOAT(AS_FLOAT(num) / AS_FLOAT(den));
}

static Value m_log2f(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "log2", nargs);
    return loghelper(vm, args[0], d_log2, "log2");
}

static Value m_log10f(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "log10", nargs);
    return loghelper(vm, args[0], d_log10, "log10");
}

/* ---- vector norms ---------------------------------------------------------- */

/* CPython 3.11's vector_norm: Veltkamp-Dekker squaring, compensated
 * summation from 1.0, one differential correction of the square root.
 * vec holds absolute values, max is their maximum. */
static double vector_norm(int64_t n, double *vec, double max, bool found_nan) {
    const double T27 = 134217729.0; /* 2**27 + 1 */
    double x, scale, oldcsum, csum = 1.0, frac1 = 0.0, frac2 = 0.0, frac3 = 0.0, t, hi, lo, h;
    int max_e;
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0.0 || n <= 1) return max;
    frexp(max, &max_e);
    if (max_e < -1023) {
        /* subnormal max: ldexp(1.0, -max_e) would overflow; divide instead */
        for (int64_t i = 0; i < n; i++) {
            x = vec[i] / max;
            x = x * x;
            oldcsum = csum;
            csum += x;
            frac1 += (oldcsum - csum) + x;
        }
        return max * sqrt(csum - 1.0 + frac1);
    }
    scale = ldexp(1.0, -max_e);
    for (int64_t i = 0; i < n; i++) {
        x = vec[i] * scale;
        t = x * T27;
        hi = t - (t - x);
        lo = x - hi;
        x = hi * hi;
        oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;
        x = 2.0 * hi * lo;
        oldcsum = csum;
        csum += x;
        frac2 += (oldcsum - csum) + x;
        frac3 += lo * lo;
    }
    h = sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
    x = h;
    t = x * T27;
    hi = t - (t - x);
    lo = x - hi;
    x = -hi * hi;
    oldcsum = csum;
    csum += x;
    frac1 += (oldcsum - csum) + x;
    x = -2.0 * hi * lo;
    oldcsum = csum;
    csum += x;
    frac2 += (oldcsum - csum) + x;
    x = -lo * lo;
    oldcsum = csum;
    csum += x;
    frac3 += (oldcsum - csum) + x;
    x = csum - 1.0 + (frac1 + frac2 + frac3);
    return (h + x / (2.0 * h)) / scale;
}

static Value m_hypot(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    double stack[16], *v = nargs <= 16 ? stack : malloc((size_t)nargs * sizeof(double));
    if (!v) abort();
    double max = 0.0;
    bool found_nan = false;
    for (int i = 0; i < nargs; i++) {
        double x;
        if (!float_as_double(vm, args[i], &x)) {
            if (v != stack) free(v);
            return VAL_NULL;
        }
        x = fabs(x);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    double r = vector_norm(nargs, v, max, found_nan);
    if (v != stack) free(v);
    return MAKE_FLOAT(r);
}

/* Items of a tuple, or of any iterable collected into a list. */
static bool sequence_items(VM *vm, Value v, Value **items, int64_t *n) {
    if (IS_TUPLE(v)) {
        *items = AS_TUPLE(v)->items;
        *n = AS_TUPLE(v)->len;
        return true;
    }
    ObjList *l = vm_list_from_iterable(vm, v);
    if (!l) return false;
    *items = l->items;
    *n = l->len;
    return true;
}

static Value m_dist(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "dist", nargs, 2)) return VAL_NULL;
    Value *p, *q;
    int64_t m, n;
    if (!sequence_items(vm, args[0], &p, &m) || !sequence_items(vm, args[1], &q, &n)) return VAL_NULL;
    if (m != n) return vm_raise(vm, vm->exc_ValueError, "both points must have the same number of dimensions");
    double *v = malloc((size_t)(n ? n : 1) * sizeof(double));
    if (!v) abort();
    double max = 0.0;
    bool found_nan = false;
    for (int64_t i = 0; i < n; i++) {
        double px, qx;
        if (!float_as_double(vm, p[i], &px) || !float_as_double(vm, q[i], &qx)) {
            free(v);
            return VAL_NULL;
        }
        double x = fabs(px - qx);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    double r = vector_norm(n, v, max, found_nan);
    free(v);
    return MAKE_FLOAT(r);
}

/* ---- fsum ------------------------------------------------------------------- */

/* Shewchuk's exact summation with CPython's handling of specials,
 * intermediate overflow and the final half-even correction. */
static Value m_fsum(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "fsum", nargs);
    Value it = vm_getiter(vm, args[0]);
    if (IS_NULL(it)) return VAL_NULL;
    size_t m = 32, n = 0;
    double *p = malloc(m * sizeof(double));
    if (!p) abort();
    double special_sum = 0.0, inf_sum = 0.0, x, y, t, hi, yr, lo = 0.0;
    Value result = VAL_NULL;
    for (;;) {
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) {
            if (vm_has_exc(vm)) goto done;
            break;
        }
        if (!float_as_double(vm, item, &x)) goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            y = p[j];
            if (fabs(x) < fabs(y)) {
                t = x;
                x = y;
                y = t;
            }
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                if (isfinite(xsave)) {
                    vm_raise(vm, vm->exc_OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else {
                if (n >= m) {
                    m *= 2;
                    p = realloc(p, m * sizeof(double));
                    if (!p) abort();
                }
                p[n++] = x;
            }
        }
    }
    if (special_sum != 0.0) {
        if (isnan(inf_sum)) vm_raise(vm, vm->exc_ValueError, "-inf + inf in fsum");
        else result = MAKE_FLOAT(special_sum);
        goto done;
    }
    hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        while (n > 0) {
            x = hi;
            y = p[--n];
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            y = lo * 2.0;
            x = hi + y;
            yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    result = MAKE_FLOAT(hi);
done:
    free(p);
    return result;
}

/* ---- integer functions ---------------------------------------------------- */

static Value m_factorial(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "factorial", nargs);
    Value n = int_index(vm, args[0]);
    if (IS_NULL(n)) return VAL_NULL;
    if (IS_BIGINT(n)) {
        if (int_sign(n) < 0) return vm_raise(vm, vm->exc_ValueError, "factorial() not defined for negative values");
        return vm_raise(vm, vm->exc_OverflowError, "factorial() argument should not exceed %ld", LONG_MAX);
    }
    if (AS_INT(n) < 0) return vm_raise(vm, vm->exc_ValueError, "factorial() not defined for negative values");
    mpz_t r;
    mpz_init(r);
    mpz_fac_ui(r, (unsigned long)AS_INT(n));
    return int_from_mpz(vm, r);
}

static Value gcd_lcm(VM *vm, Value *args, int nargs, bool lcm) {
    mpz_t acc, t;
    mpz_init_set_ui(acc, lcm ? 1 : 0);
    mpz_init(t);
    for (int i = 0; i < nargs; i++) {
        Value v = int_index(vm, args[i]);
        if (IS_NULL(v)) {
            mpz_clear(acc);
            mpz_clear(t);
            return VAL_NULL;
        }
        int_to_mpz(v, t);
        if (lcm) mpz_lcm(acc, acc, t);
        else mpz_gcd(acc, acc, t);
    }
    mpz_clear(t);
    if (nargs == 1) mpz_abs(acc, acc);
    return int_from_mpz(vm, acc);
}

static Value m_gcd(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return gcd_lcm(vm, args, nargs, false);
}

static Value m_lcm(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    return gcd_lcm(vm, args, nargs, true);
}

static Value m_isqrt(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs != 1) return one_arg(vm, "isqrt", nargs);
    Value n = int_index(vm, args[0]);
    if (IS_NULL(n)) return VAL_NULL;
    if (int_sign(n) < 0) return vm_raise(vm, vm->exc_ValueError, "isqrt() argument must be nonnegative");
    mpz_t z;
    mpz_init(z);
    int_to_mpz(n, z);
    mpz_sqrt(z, z);
    return int_from_mpz(vm, z);
}

static Value m_comb(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (!check_n(vm, "comb", nargs, 2)) return VAL_NULL;
    Value n = int_index(vm, args[0]);
    if (IS_NULL(n)) return VAL_NULL;
    Value k = int_index(vm, args[1]);
    if (IS_NULL(k)) return VAL_NULL;
    if (int_sign(n) < 0) return vm_raise(vm, vm->exc_ValueError, "n must be a non-negative integer");
    if (int_sign(k) < 0) return vm_raise(vm, vm->exc_ValueError, "k must be a non-negative integer");
    if (int_compare(k, n) > 0) return MAKE_INT(0);
    /* use min(k, n - k) */
    Value nk = int_sub(vm, n, k);
    if (IS_NULL(nk)) return VAL_NULL;
    if (int_compare(nk, k) < 0) k = nk;
    if (IS_BIGINT(k))
        return vm_raise(vm, vm->exc_OverflowError, "min(n - k, k) must not exceed %lld", (long long)INT64_MAX);
    mpz_t z;
    mpz_init(z);
    int_to_mpz(n, z);
    mpz_bin_ui(z, z, (unsigned long)AS_INT(k));
    return int_from_mpz(vm, z);
}

static Value m_perm(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs < 1 || nargs > 2)
        return vm_raise(vm, vm->exc_TypeError, "perm expected at most 2 arguments, got %d", nargs);
    Value n = int_index(vm, args[0]);
    if (IS_NULL(n)) return VAL_NULL;
    if (nargs == 1 || IS_NONE(args[1])) {
        if (int_sign(n) < 0) return vm_raise(vm, vm->exc_ValueError, "n must be a non-negative integer");
        return m_factorial(vm, &n, 1, NULL);
    }
    Value k = int_index(vm, args[1]);
    if (IS_NULL(k)) return VAL_NULL;
    if (int_sign(n) < 0) return vm_raise(vm, vm->exc_ValueError, "n must be a non-negative integer");
    if (int_sign(k) < 0) return vm_raise(vm, vm->exc_ValueError, "k must be a non-negative integer");
    if (int_compare(k, n) > 0) return MAKE_INT(0);
    if (IS_BIGINT(k)) return vm_raise(vm, vm->exc_OverflowError, "k must not exceed %lld", (long long)INT64_MAX);
    mpz_t acc, t;
    mpz_init_set_ui(acc, 1);
    mpz_init(t);
    int_to_mpz(n, t);
    for (int64_t i = 0; i < AS_INT(k); i++) {
        mpz_mul(acc, acc, t);
        mpz_sub_ui(t, t, 1);
    }
    mpz_clear(t);
    return int_from_mpz(vm, acc);
}

/* ---- generic reductions ------------------------------------------------------ */

static Value m_prod(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    Value iterable = VAL_NULL, start = VAL_NULL;
    if (nargs > 1)
        return vm_raise(vm, vm->exc_TypeError, "prod() takes exactly 1 positional argument (%d given)", nargs);
    if (!vm_parse_args(vm, "prod", args, nargs, kwnames, "iterable|$start", &iterable, &start)) return VAL_NULL;
    Value acc = IS_NULL(start) ? MAKE_INT(1) : start;
    Value it = vm_getiter(vm, iterable);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value item = vm_iternext(vm, it);
        if (IS_NULL(item)) return vm_has_exc(vm) ? VAL_NULL : acc;
        if (int_check(acc) && int_check(item)) acc = int_mul(vm, acc, item);
        else acc = vm_binary_op(vm, BINOP_MUL, acc, item);
        if (IS_NULL(acc)) return VAL_NULL;
    }
}

static Value m_isclose(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    Value va, vb, vrel, vabs;
    if (!vm_parse_args(vm, "isclose", args, nargs, kwnames, "a,b|$rel_tol,abs_tol", &va, &vb, &vrel, &vabs))
        return VAL_NULL;
    double a, b, rel_tol = 1e-09, abs_tol = 0.0;
    if (!float_as_double(vm, va, &a) || !float_as_double(vm, vb, &b)) return VAL_NULL;
    if (!IS_NULL(vrel) && !float_as_double(vm, vrel, &rel_tol)) return VAL_NULL;
    if (!IS_NULL(vabs) && !float_as_double(vm, vabs, &abs_tol)) return VAL_NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0) return vm_raise(vm, vm->exc_ValueError, "tolerances must be non-negative");
    if (a == b) return VAL_TRUE;
    if (isinf(a) || isinf(b)) return VAL_FALSE;
    double diff = fabs(b - a);
    return MAKE_BOOL((diff <= fabs(rel_tol * b)) || (diff <= fabs(rel_tol * a)) || (diff <= abs_tol));
}

static const MethodDef math_functions[] = {
    {"acos", m_acos, 0, NULL},
    {"acosh", m_acosh, 0, NULL},
    {"asin", m_asin, 0, NULL},
    {"asinh", m_asinh, 0, NULL},
    {"atan", m_atan, 0, NULL},
    {"atan2", m_atan2, 0, NULL},
    {"atanh", m_atanh, 0, NULL},
    {"cbrt", m_cbrt, 0, NULL},
    {"ceil", m_ceil, 0, NULL},
    {"comb", m_comb, 0, NULL},
    {"copysign", m_copysign, 0, NULL},
    {"cos", m_cos, 0, NULL},
    {"cosh", m_cosh, 0, NULL},
    {"degrees", m_degrees, 0, NULL},
    {"dist", m_dist, 0, NULL},
    {"erf", m_erf, 0, NULL},
    {"erfc", m_erfc, 0, NULL},
    {"exp", m_exp, 0, NULL},
    {"exp2", m_exp2, 0, NULL},
    {"expm1", m_expm1, 0, NULL},
    {"fabs", m_fabs, 0, NULL},
    {"factorial", m_factorial, 0, NULL},
    {"floor", m_floor, 0, NULL},
    {"fmod", m_fmod, 0, NULL},
    {"frexp", m_frexp, 0, NULL},
    {"fsum", m_fsum, 0, NULL},
    {"gamma", m_gamma, 0, NULL},
    {"gcd", m_gcd, 0, NULL},
    {"hypot", m_hypot, 0, NULL},
    {"isclose", m_isclose, METH_KW, NULL},
    {"isfinite", m_isfinite, 0, NULL},
    {"isinf", m_isinf, 0, NULL},
    {"isnan", m_isnan, 0, NULL},
    {"isqrt", m_isqrt, 0, NULL},
    {"lcm", m_lcm, 0, NULL},
    {"ldexp", m_ldexp, 0, NULL},
    {"lgamma", m_lgamma, 0, NULL},
    {"log", m_log, 0, NULL},
    {"log10", m_log10f, 0, NULL},
    {"log1p", m_log1p, 0, NULL},
    {"log2", m_log2f, 0, NULL},
    {"modf", m_modf, 0, NULL},
    {"nextafter", m_nextafter, 0, NULL},
    {"perm", m_perm, 0, NULL},
    {"pow", m_pow, 0, NULL},
    {"prod", m_prod, METH_KW, NULL},
    {"radians", m_radians, 0, NULL},
    {"remainder", m_remainder, 0, NULL},
    {"sin", m_sin, 0, NULL},
    {"sinh", m_sinh, 0, NULL},
    {"sqrt", m_sqrt, 0, NULL},
    {"tan", m_tan, 0, NULL},
    {"tanh", m_tanh, 0, NULL},
    {"trunc", m_trunc, 0, NULL},
    {"ulp", m_ulp, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* Creates the math module (called by import.c's builtin-module table). */
ObjModule *math_module_init(VM *vm) {
    ObjModule *m = module_new(vm, "math");
    module_add_functions(vm, m, math_functions);
    module_set(vm, m, "pi", MAKE_FLOAT(M_PI));
    module_set(vm, m, "e", MAKE_FLOAT(M_E));
    module_set(vm, m, "tau", MAKE_FLOAT(2.0 * M_PI));
    module_set(vm, m, "inf", MAKE_FLOAT(INFINITY));
    module_set(vm, m, "nan", MAKE_FLOAT(NAN));
    return m;
}
