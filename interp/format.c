/* format.c: the format-spec mini-language (format(), str.format, f-strings)
 * and printf-style % formatting, as CPython 3.11 does them.
 *
 * The code follows CPython's Python/formatter_unicode.c (spec parsing,
 * number layout with grouping and zero padding), Python/pystrtod.c
 * (float to text: 'e' 'f' 'g' 'r' modes with the same padding rules),
 * Objects/stringlib/unicode_format.h (str.format) and PyUnicode_Format
 * (the % operator), so the outputs and error messages are the same.
 * Digits of floats come from glibc's correctly rounded printf (%.Ne,
 * %.Nf) and from float_repr_cstr for the shortest repr.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "bytes.h"
#include "float.h"
#include "int.h"
#include "str.h"

/* ====================================================================== */
/* small helpers                                                          */
/* ====================================================================== */

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static void add_fill(StrBuf *b, uint32_t fill, int64_t n) {
    if (n <= 0) return;
    if (fill < 0x80) {
        for (int64_t i = 0; i < n; i++) strbuf_add_char(b, (char)fill);
    } else {
        char enc[4];
        int k = utf8_encode(fill, enc);
        for (int64_t i = 0; i < n; i++) strbuf_add(b, enc, (size_t)k);
    }
}

static Value finish(VM *vm, StrBuf *b) { return MAKE_OBJ(strbuf_finish(vm, b)); }

/* ====================================================================== */
/* format spec parsing (parse_internal_render_format_spec)                */
/* ====================================================================== */

enum { LT_NONE = 0, LT_COMMA = ',', LT_UNDER = '_', LT_UNDER4 = 4 };

typedef struct {
    uint32_t fill;
    uint32_t align;
    uint32_t sign; /* 0, '+', '-', ' ' */
    bool no_neg_0;
    bool alternate;
    int64_t width;     /* -1: not given */
    int thousands;     /* LT_* */
    int64_t precision; /* -1: not given */
    uint32_t type;     /* 0: not given */
} FmtSpec;

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }
static bool is_sign(uint32_t c) { return c == ' ' || c == '+' || c == '-'; }

/* Reads decimal digits at cps[*pos]; returns the count or -1 (ValueError). */
static int64_t spec_integer(VM *vm, const uint32_t *cps, int64_t *pos, int64_t end, int64_t *result) {
    int64_t acc = 0, n = 0, p = *pos;
    for (; p < end; p++, n++) {
        uint32_t c = cps[p];
        if (c < '0' || c > '9') break;
        int64_t d = (int64_t)(c - '0');
        if (acc > (INT64_MAX - d) / 10) {
            vm_raise(vm, vm->exc_ValueError, "Too many decimal digits in format string");
            *pos = p;
            return -1;
        }
        acc = acc * 10 + d;
    }
    *pos = p;
    *result = acc;
    return n;
}

static void bad_sep_type(VM *vm, int sep, uint32_t type) {
    char spec = sep == LT_COMMA ? ',' : '_';
    if (type > 32 && type < 128)
        vm_raise(vm, vm->exc_ValueError, "Cannot specify '%c' with '%c'.", spec, (char)type);
    else
        vm_raise(vm, vm->exc_ValueError, "Cannot specify '%c' with '\\x%x'.", spec, (unsigned)type);
}

static bool parse_spec(VM *vm, ObjStr *spec, const char *tname, uint32_t default_type, uint32_t default_align,
                       FmtSpec *f) {
    int64_t n = spec->nchars;
    uint32_t small[64];
    uint32_t *cps = n <= 64 ? small : xmalloc((size_t)n * sizeof(uint32_t));
    {
        const char *s = spec->data;
        for (int64_t i = 0; i < n; i++) {
            int l;
            cps[i] = utf8_decode(s, &l);
            s += l;
        }
    }
    bool ok = false;
    int64_t pos = 0, end = n;
    bool align_given = false, fill_given = false;
    f->fill = ' ';
    f->align = default_align;
    f->sign = 0;
    f->no_neg_0 = false;
    f->alternate = false;
    f->width = -1;
    f->thousands = LT_NONE;
    f->precision = -1;
    f->type = default_type;

    if (end - pos >= 2 && is_align(cps[pos + 1])) {
        f->align = cps[pos + 1];
        f->fill = cps[pos];
        fill_given = align_given = true;
        pos += 2;
    } else if (end - pos >= 1 && is_align(cps[pos])) {
        f->align = cps[pos];
        align_given = true;
        pos++;
    }
    if (end - pos >= 1 && is_sign(cps[pos])) f->sign = cps[pos++];
    if (end - pos >= 1 && cps[pos] == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (end - pos >= 1 && cps[pos] == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && end - pos >= 1 && cps[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>') f->align = '=';
        pos++;
    }
    int64_t consumed = spec_integer(vm, cps, &pos, end, &f->width);
    if (consumed < 0) goto done;
    if (consumed == 0) f->width = -1;
    if (end - pos > 0 && cps[pos] == ',') {
        f->thousands = LT_COMMA;
        pos++;
    }
    if (end - pos > 0 && cps[pos] == '_') {
        if (f->thousands != LT_NONE) {
            vm_raise(vm, vm->exc_ValueError, "Cannot specify both ',' and '_'.");
            goto done;
        }
        f->thousands = LT_UNDER;
        pos++;
    }
    if (end - pos > 0 && cps[pos] == ',') {
        if (f->thousands == LT_UNDER) {
            vm_raise(vm, vm->exc_ValueError, "Cannot specify both ',' and '_'.");
            goto done;
        }
    }
    if (end - pos > 0 && cps[pos] == '.') {
        pos++;
        consumed = spec_integer(vm, cps, &pos, end, &f->precision);
        if (consumed < 0) goto done;
        if (consumed == 0) {
            vm_raise(vm, vm->exc_ValueError, "Format specifier missing precision");
            goto done;
        }
    }
    if (end - pos > 1) {
        vm_raise(vm, vm->exc_ValueError, "Invalid format specifier '%s' for object of type '%.200s'", spec->data,
                 tname);
        goto done;
    }
    if (end - pos == 1) f->type = cps[pos++];
    if (f->thousands) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->thousands == LT_UNDER) {
                f->thousands = LT_UNDER4;
                break;
            }
            /* fall through */
        default:
            bad_sep_type(vm, f->thousands, f->type);
            goto done;
        }
    }
    ok = true;
done:
    if (cps != small) free(cps);
    return ok;
}

static Value unknown_type(VM *vm, uint32_t type, const char *tname) {
    if (type > 32 && type < 128)
        return vm_raise(vm, vm->exc_ValueError, "Unknown format code '%c' for object of type '%.200s'", (char)type,
                        tname);
    return vm_raise(vm, vm->exc_ValueError, "Unknown format code '\\x%x' for object of type '%.200s'", (unsigned)type,
                    tname);
}

/* ====================================================================== */
/* number layout (calc_number_widths / fill_number)                       */
/* ====================================================================== */

/* _PyUnicode_InsertThousandsGrouping: groups n digits from the right
 * (group 0 = no grouping), padding with zeros up to min_width. Returns a
 * malloc'd string. */
static char *group_digits(const char *digits, int64_t n, int64_t min_width, int group, char sep, int64_t *out_len) {
    if (min_width < 0) min_width = 0;
    size_t cap = (size_t)(n + min_width) * 2 + 16;
    char *tmp = xmalloc(cap);
    int64_t pos = 0, remaining = n;
    const char *dp = digits + n;
    bool use_sep = false, broken = false;
    int64_t len, nz, nc;
    if (group > 0) {
        for (;;) {
            len = min64(group, max64(max64(remaining, min_width), 1));
            nz = max64(0, len - remaining);
            nc = max64(0, min64(remaining, len));
            if (use_sep) tmp[pos++] = sep;
            for (int64_t i = 0; i < nc; i++) tmp[pos++] = *--dp;
            for (int64_t i = 0; i < nz; i++) tmp[pos++] = '0';
            use_sep = true;
            remaining -= nc;
            min_width -= len;
            if (remaining <= 0 && min_width <= 0) {
                broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if (!broken) {
        len = max64(max64(remaining, min_width), 1);
        nz = max64(0, len - remaining);
        nc = max64(0, min64(remaining, len));
        if (use_sep) tmp[pos++] = sep;
        for (int64_t i = 0; i < nc; i++) tmp[pos++] = *--dp;
        for (int64_t i = 0; i < nz; i++) tmp[pos++] = '0';
    }
    for (int64_t i = 0, j = pos - 1; i < j; i++, j--) {
        char c = tmp[i];
        tmp[i] = tmp[j];
        tmp[j] = c;
    }
    tmp[pos] = 0;
    *out_len = pos;
    return tmp;
}

/* Lays out [lpad][sign][prefix][spad][grouped digits][decimal][remainder][rpad].
 * remainder is UTF-8 of rem_chars code points. */
static void fill_number(StrBuf *b, const FmtSpec *f, int locale, char sign_char, const char *prefix, int64_t n_prefix,
                        const char *digits, int64_t n_digits, bool has_decimal, const char *rem, int64_t rem_bytes,
                        int64_t rem_chars, bool toupper) {
    int group = 0;
    char sep = 0;
    if (locale == LT_COMMA) group = 3, sep = ',';
    else if (locale == LT_UNDER) group = 3, sep = '_';
    else if (locale == LT_UNDER4) group = 4, sep = '_';
    char sign = 0;
    int64_t n_sign = 0;
    switch (f->sign) {
    case '+':
        n_sign = 1;
        sign = sign_char == '-' ? '-' : '+';
        break;
    case ' ':
        n_sign = 1;
        sign = sign_char == '-' ? '-' : ' ';
        break;
    default:
        if (sign_char == '-') {
            n_sign = 1;
            sign = '-';
        }
    }
    int64_t n_decimal = has_decimal ? 1 : 0;
    int64_t non_digit = n_sign + n_prefix + n_decimal + rem_chars;
    int64_t min_width = (f->fill == '0' && f->align == '=') ? f->width - non_digit : 0;
    char *grouped = NULL;
    int64_t n_grouped = 0;
    if (n_digits > 0) grouped = group_digits(digits, n_digits, min_width, group, sep, &n_grouped);
    int64_t lpad = 0, spad = 0, rpad = 0;
    int64_t padding = f->width - (non_digit + n_grouped);
    if (padding > 0) {
        switch (f->align) {
        case '<': rpad = padding; break;
        case '^':
            lpad = padding / 2;
            rpad = padding - lpad;
            break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    add_fill(b, f->fill, lpad);
    if (n_sign) strbuf_add_char(b, sign);
    for (int64_t i = 0; i < n_prefix; i++) {
        char c = prefix[i];
        if (toupper && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        strbuf_add_char(b, c);
    }
    add_fill(b, f->fill, spad);
    if (grouped) {
        if (toupper)
            for (int64_t i = 0; i < n_grouped; i++)
                if (grouped[i] >= 'a' && grouped[i] <= 'z') grouped[i] = (char)(grouped[i] - 'a' + 'A');
        strbuf_add(b, grouped, (size_t)n_grouped);
        free(grouped);
    }
    if (n_decimal) strbuf_add_char(b, '.');
    if (rem_bytes) strbuf_add(b, rem, (size_t)rem_bytes);
    add_fill(b, f->fill, rpad);
}

/* ====================================================================== */
/* float to text (PyOS_double_to_string / format_float_short)             */
/* ====================================================================== */

enum { DTSF_SIGN = 1, DTSF_ADD_DOT_0 = 2, DTSF_ALT = 4, DTSF_NO_NEG_0 = 8 };

/* Digits of |d| (finite) as dtoa would give them: no leading/trailing
 * zeros (zero is "0" with decpt 1); value = 0.DIGITS * 10^decpt.
 * mode 0: shortest repr; 2: ndigits significant; 3: ndigits after the
 * point. Returns a malloc'd string. */
static char *dtoa_digits(double d, int mode, int ndigits, int64_t *decpt) {
    d = fabs(d);
    char *raw;
    int64_t intlen; /* digits before the point in raw (or 1 for the e form) */
    int64_t exp10 = 0;
    if (mode == 0) {
        raw = xmalloc(40);
        float_repr_cstr(d, raw, 40);
    } else if (mode == 2) {
        size_t cap = (size_t)ndigits + 32;
        raw = xmalloc(cap);
        snprintf(raw, cap, "%.*e", ndigits - 1, d);
    } else {
        int need = snprintf(NULL, 0, "%.*f", ndigits, d);
        raw = xmalloc((size_t)need + 1);
        snprintf(raw, (size_t)need + 1, "%.*f", ndigits, d);
    }
    /* collect mantissa digits and exponent */
    size_t rl = strlen(raw);
    char *digits = xmalloc(rl + 2);
    int64_t nd = 0;
    intlen = -1;
    const char *p = raw;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') intlen = nd;
        else if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    }
    if (intlen < 0) intlen = nd;
    if (*p == 'e' || *p == 'E') exp10 = strtol(p + 1, NULL, 10);
    free(raw);
    /* strip leading zeros */
    int64_t lz = 0;
    while (lz < nd && digits[lz] == '0') lz++;
    if (lz == nd) {
        digits[0] = '0';
        digits[1] = 0;
        *decpt = 1;
        return digits;
    }
    memmove(digits, digits + lz, (size_t)(nd - lz));
    nd -= lz;
    *decpt = intlen - lz + exp10;
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    return digits;
}

/* Returns a malloc'd ASCII string; precision semantics as CPython. */
static char *double_to_string(double val, char code, int precision, int flags) {
    bool upper = false;
    int mode = 0;
    switch (code) {
    case 'E': upper = true; code = 'e'; /* fall through */
    case 'e':
        mode = 2;
        precision++;
        break;
    case 'F': upper = true; code = 'f'; /* fall through */
    case 'f': mode = 3; break;
    case 'G': upper = true; code = 'g'; /* fall through */
    case 'g':
        mode = 2;
        if (precision == 0) precision = 1;
        break;
    case 'r':
        mode = 0;
        precision = 0;
        break;
    default: break;
    }
    bool always_sign = flags & DTSF_SIGN;
    bool add_dot_0 = flags & DTSF_ADD_DOT_0;
    bool alt = flags & DTSF_ALT;
    bool no_neg_0 = flags & DTSF_NO_NEG_0;
    bool neg = signbit(val) != 0;
    if (isnan(val) || isinf(val)) {
        char *out = xmalloc(8);
        char *q = out;
        if (isinf(val)) {
            if (neg) *q++ = '-';
            else if (always_sign) *q++ = '+';
            memcpy(q, upper ? "INF" : "inf", 3);
        } else {
            memcpy(q, upper ? "NAN" : "nan", 3);
        }
        q[3] = 0;
        return out;
    }
    int64_t decpt;
    char *digits = dtoa_digits(val, mode, precision, &decpt);
    int64_t dlen = (int64_t)strlen(digits);
    if (no_neg_0 && neg && dlen == 1 && digits[0] == '0') neg = false;

    bool use_exp = false;
    int64_t vend = dlen;
    int64_t exp = 0;
    switch (code) {
    case 'e':
        use_exp = true;
        vend = precision;
        break;
    case 'f': vend = decpt + precision; break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
        if (alt) vend = precision;
        break;
    case 'r':
        if (decpt <= -4 || decpt > 16) use_exp = true;
        break;
    default: break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int64_t vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0) vend = vend > decpt ? vend : decpt + 1;
    else vend = vend > decpt ? vend : decpt;

    size_t cap = (size_t)(vend - vstart) + (size_t)dlen + 32;
    char *out = xmalloc(cap);
    char *q = out;
    if (neg) *q++ = '-';
    else if (always_sign) *q++ = '+';
    if (decpt <= 0) {
        memset(q, '0', (size_t)(decpt - vstart));
        q += decpt - vstart;
        *q++ = '.';
        memset(q, '0', (size_t)(0 - decpt));
        q += 0 - decpt;
    } else {
        memset(q, '0', (size_t)(0 - vstart));
        q += 0 - vstart;
    }
    if (0 < decpt && decpt <= dlen) {
        memcpy(q, digits, (size_t)decpt);
        q += decpt;
        *q++ = '.';
        memcpy(q, digits + decpt, (size_t)(dlen - decpt));
        q += dlen - decpt;
    } else {
        memcpy(q, digits, (size_t)dlen);
        q += dlen;
    }
    if (dlen < decpt) {
        memset(q, '0', (size_t)(decpt - dlen));
        q += decpt - dlen;
        *q++ = '.';
        memset(q, '0', (size_t)(vend - decpt));
        q += vend - decpt;
    } else {
        memset(q, '0', (size_t)(vend - dlen));
        q += vend - dlen;
    }
    if (q[-1] == '.' && !alt) q--;
    if (use_exp) {
        *q++ = upper ? 'E' : 'e';
        q += sprintf(q, "%+.02d", (int)exp);
    }
    *q = 0;
    free(digits);
    return out;
}

/* ====================================================================== */
/* format(float, spec)                                                    */
/* ====================================================================== */

static Value format_float_internal(VM *vm, double val, const FmtSpec *f) {
    if (f->precision > INT_MAX) return vm_raise(vm, vm->exc_ValueError, "precision too big");
    int precision = (int)f->precision;
    int default_precision = 6;
    uint32_t type = f->type;
    int flags = 0;
    bool add_pct = false;
    if (f->alternate) flags |= DTSF_ALT;
    if (f->no_neg_0) flags |= DTSF_NO_NEG_0;
    if (type == 0) {
        flags |= DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n') type = 'g';
    if (type == '%') {
        type = 'f';
        val *= 100;
        add_pct = true;
    }
    if (precision < 0) precision = default_precision;
    else if (type == 'r') type = 'g';
    char *buf = double_to_string(val, (char)type, precision, flags);
    size_t n = strlen(buf);
    if (add_pct) {
        buf = realloc(buf, n + 2);
        if (!buf) abort();
        buf[n++] = '%';
        buf[n] = 0;
    }
    StrBuf b;
    strbuf_init(&b);
    if (f->sign != '+' && f->sign != ' ' && f->width == -1 && f->type != 'n' && !f->thousands) {
        strbuf_add(&b, buf, n);
        free(buf);
        return finish(vm, &b);
    }
    char sign_char = 0;
    const char *p = buf;
    if (*p == '-') {
        sign_char = '-';
        p++;
    }
    const char *end = buf + n;
    const char *dq = p;
    while (dq < end && *dq >= '0' && *dq <= '9') dq++;
    bool has_decimal = dq < end && *dq == '.';
    const char *rem = has_decimal ? dq + 1 : dq;
    int locale = f->type == 'n' ? LT_NONE : f->thousands;
    fill_number(&b, f, locale, sign_char, NULL, 0, p, dq - p, has_decimal, rem, end - rem, end - rem, false);
    free(buf);
    return finish(vm, &b);
}

Value format_float_spec(VM *vm, double d, ObjStr *spec) {
    if (spec->len == 0) return float_repr(vm, d);
    FmtSpec f;
    if (!parse_spec(vm, spec, "float", 0, '>', &f)) return VAL_NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return format_float_internal(vm, d, &f);
    default: return unknown_type(vm, f.type, "float");
    }
}

/* ====================================================================== */
/* format(int, spec)                                                      */
/* ====================================================================== */

static bool int_digit_limit(VM *vm, Value v, size_t ndigits) {
    int limit = vm->int_max_str_digits;
    if (limit > 0 && ndigits > (size_t)limit) {
        vm_raise(vm, vm->exc_ValueError,
                 "Exceeds the limit (%d digits) for integer string conversion; "
                 "use sys.set_int_max_str_digits() to increase the limit",
                 limit);
        return false;
    }
    return true;
}

static Value format_long_internal(VM *vm, Value v, const FmtSpec *f) {
    if (f->precision != -1)
        return vm_raise(vm, vm->exc_ValueError, "Precision not allowed in integer format specifier");
    if (f->no_neg_0)
        return vm_raise(vm, vm->exc_ValueError, "Negative zero coercion (z) not allowed in integer format specifier");
    StrBuf b;
    if (f->type == 'c') {
        if (f->sign != 0)
            return vm_raise(vm, vm->exc_ValueError, "Sign not allowed with integer format specifier 'c'");
        if (f->alternate)
            return vm_raise(vm, vm->exc_ValueError, "Alternate form (#) not allowed with integer format specifier 'c'");
        if (IS_BIGINT(v))
            return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C long");
        if (AS_INT(v) < 0 || AS_INT(v) > 0x10ffff)
            return vm_raise(vm, vm->exc_OverflowError, "%%c arg not in range(0x110000)");
        char enc[4];
        int k = utf8_encode((uint32_t)AS_INT(v), enc);
        strbuf_init(&b);
        fill_number(&b, f, f->thousands, 0, NULL, 0, NULL, 0, false, enc, k, 1, false);
        return finish(vm, &b);
    }
    int base = 10;
    const char *prefix = "";
    switch (f->type) {
    case 'b': base = 2; prefix = "0b"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'x': case 'X': base = 16; prefix = "0x"; break;
    default: break;
    }
    size_t len;
    if (base == 10 && IS_BIGINT(v) && vm->int_max_str_digits > 0 &&
        mpz_sizeinbase(AS_BIGINT(v)->z, 10) - 1 > (size_t)vm->int_max_str_digits)
    {
        int_digit_limit(vm, v, SIZE_MAX);
        return VAL_NULL;
    }
    char *s = int_to_cstr(vm, v, base, &len);
    char sign_char = 0;
    const char *digits = s;
    if (*digits == '-') {
        sign_char = '-';
        digits++;
    }
    size_t nd = len - (size_t)(digits - s);
    if (base == 10 && !int_digit_limit(vm, v, nd)) {
        free(s);
        return VAL_NULL;
    }
    strbuf_init(&b);
    int locale = f->type == 'n' ? LT_NONE : f->thousands;
    fill_number(&b, f, locale, sign_char, prefix, (f->alternate && base != 10) ? 2 : 0, digits, (int64_t)nd, false, NULL, 0, 0,
                f->type == 'X');
    free(s);
    return finish(vm, &b);
}

Value format_int_spec(VM *vm, Value v, ObjStr *spec) {
    if (spec->len == 0) {
        if (IS_BOOL(v)) return MAKE_OBJ(str_from_cstr(vm, AS_INT(v) ? "True" : "False"));
        return int_repr(vm, v);
    }
    const char *tname = vm_type_name(vm, v);
    FmtSpec f;
    if (!parse_spec(vm, spec, tname, 'd', '>', &f)) return VAL_NULL;
    switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_long_internal(vm, v, &f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d;
        if (!int_to_double(vm, v, &d)) return VAL_NULL;
        return format_float_internal(vm, d, &f);
    }
    default: return unknown_type(vm, f.type, tname);
    }
}

/* ====================================================================== */
/* format(str, spec)                                                      */
/* ====================================================================== */

Value format_str_spec(VM *vm, ObjStr *s, ObjStr *spec) {
    if (spec->len == 0) {
        if (s->obj.type == vm->t_str) return MAKE_OBJ(s);
        return MAKE_OBJ(str_new(vm, s->data, (size_t)s->len));
    }
    const char *tname = vm_type_name(vm, MAKE_OBJ(s));
    FmtSpec f;
    if (!parse_spec(vm, spec, tname, 's', '<', &f)) return VAL_NULL;
    if (f.type != 's') return unknown_type(vm, f.type, tname);
    if (f.sign != 0) {
        if (f.sign == ' ') return vm_raise(vm, vm->exc_ValueError, "Space not allowed in string format specifier");
        return vm_raise(vm, vm->exc_ValueError, "Sign not allowed in string format specifier");
    }
    if (f.no_neg_0)
        return vm_raise(vm, vm->exc_ValueError, "Negative zero coercion (z) not allowed in string format specifier");
    if (f.alternate)
        return vm_raise(vm, vm->exc_ValueError, "Alternate form (#) not allowed in string format specifier");
    if (f.align == '=')
        return vm_raise(vm, vm->exc_ValueError, "'=' alignment not allowed in string format specifier");
    int64_t len = s->nchars;
    if ((f.width == -1 || f.width <= len) && (f.precision == -1 || f.precision >= len)) {
        if (s->obj.type == vm->t_str) return MAKE_OBJ(s);
        return MAKE_OBJ(str_new(vm, s->data, (size_t)s->len));
    }
    if (f.precision >= 0 && len >= f.precision) len = f.precision;
    int64_t total = f.width >= 0 && f.width > len ? f.width : len;
    int64_t lpad = 0;
    if (f.align == '>') lpad = total - len;
    else if (f.align == '^') lpad = (total - len) / 2;
    int64_t rpad = total - len - lpad;
    StrBuf b;
    strbuf_init(&b);
    add_fill(&b, f.fill, lpad);
    strbuf_add(&b, s->data, (size_t)str_byte_offset(s, len));
    add_fill(&b, f.fill, rpad);
    return finish(vm, &b);
}

/* ====================================================================== */
/* str.format                                                             */
/* ====================================================================== */

typedef struct {
    VM *vm;
    Value *args;
    int nargs;
    ObjTuple *kwnames;
    int an_state; /* 0 init, 1 auto, 2 manual */
    int64_t an_next;
} FmtCtx;

/* All the syntax characters are ASCII, so str.format scans bytes. */
typedef struct {
    const char *s;
    int64_t start, end; /* byte offsets */
} Sub;

static ObjStr *sub_str(VM *vm, Sub *x) { return str_new(vm, x->s + x->start, (size_t)(x->end - x->start)); }

/* Decimal value of the whole substring, -1 if it is not all digits;
 * -2 with ValueError on overflow. */
static int64_t sub_integer(VM *vm, const Sub *x) {
    if (x->start >= x->end) return -1;
    int64_t acc = 0;
    for (int64_t i = x->start; i < x->end; i++) {
        char c = x->s[i];
        if (c < '0' || c > '9') return -1;
        int64_t d = c - '0';
        if (acc > (INT64_MAX - d) / 10) {
            vm_raise(vm, vm->exc_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        acc = acc * 10 + d;
    }
    return acc;
}

static Value kw_lookup(FmtCtx *c, ObjStr *key) {
    VM *vm = c->vm;
    if (c->kwnames) {
        for (int64_t i = 0; i < c->kwnames->len; i++)
            if (str_equal(AS_STR(c->kwnames->items[i]), key)) return c->args[c->nargs + i];
    }
    Value k = MAKE_OBJ(key);
    ObjException *e = exc_new(vm, vm->exc_KeyError, &k, 1);
    if (!e) return VAL_NULL;
    return vm_raise_value(vm, MAKE_OBJ(e));
}

static Value get_field_object(FmtCtx *c, Sub *field) {
    VM *vm = c->vm;
    /* split off the first part */
    int64_t i = field->start;
    while (i < field->end && field->s[i] != '[' && field->s[i] != '.') i++;
    Sub first = {field->s, field->start, i};
    Sub rest = {field->s, i, field->end};
    int64_t idx = sub_integer(vm, &first);
    if (idx == -2) return VAL_NULL;
    bool empty = first.start >= first.end;
    bool numeric = empty || idx != -1;
    if (c->an_state == 0 && numeric) c->an_state = empty ? 1 : 2;
    if (numeric) {
        if (c->an_state == 2 && empty)
            return vm_raise(vm, vm->exc_ValueError,
                            "cannot switch from manual field specification to automatic field numbering");
        if (c->an_state == 1 && !empty)
            return vm_raise(vm, vm->exc_ValueError,
                            "cannot switch from automatic field numbering to manual field specification");
    }
    if (empty) idx = c->an_next++;
    Value obj;
    if (idx == -1) {
        obj = kw_lookup(c, sub_str(vm, &first));
        if (IS_NULL(obj)) return VAL_NULL;
    } else {
        if (idx >= c->nargs)
            return vm_raise(vm, vm->exc_IndexError, "Replacement index %lld out of range for positional args tuple",
                            (long long)idx);
        obj = c->args[idx];
    }
    /* the rest: .attr and [key] */
    while (rest.start < rest.end) {
        char ch = rest.s[rest.start++];
        Sub name;
        bool is_attr;
        if (ch == '.') {
            is_attr = true;
            name.s = rest.s;
            name.start = rest.start;
            while (rest.start < rest.end && rest.s[rest.start] != '[' && rest.s[rest.start] != '.') rest.start++;
            name.end = rest.start;
        } else if (ch == '[') {
            is_attr = false;
            name.s = rest.s;
            name.start = rest.start;
            bool seen = false;
            while (rest.start < rest.end) {
                if (rest.s[rest.start++] == ']') {
                    seen = true;
                    break;
                }
            }
            if (!seen) return vm_raise(vm, vm->exc_ValueError, "Missing ']' in format string");
            name.end = rest.start - 1;
        } else {
            return vm_raise(vm, vm->exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
        }
        int64_t nidx = -1;
        if (!is_attr) {
            nidx = sub_integer(vm, &name);
            if (nidx == -2) return VAL_NULL;
        }
        if (name.start == name.end) return vm_raise(vm, vm->exc_ValueError, "Empty attribute in format string");
        Value next;
        if (is_attr) {
            ObjStr *n = str_intern(vm, name.s + name.start, (size_t)(name.end - name.start));
            next = vm_getattr(vm, obj, n);
        } else if (nidx == -1) {
            next = vm_getitem(vm, obj, MAKE_OBJ(sub_str(vm, &name)));
        } else {
            next = vm_getitem(vm, obj, MAKE_INT(nidx));
        }
        if (IS_NULL(next)) return VAL_NULL;
        obj = next;
    }
    return obj;
}

static bool build_string(FmtCtx *c, StrBuf *out, Sub *str, int depth);

static bool output_markup(FmtCtx *c, StrBuf *out, Sub *field, Sub *spec, bool expand, char conversion, int depth) {
    VM *vm = c->vm;
    Value obj = get_field_object(c, field);
    if (IS_NULL(obj)) return false;
    if (conversion) {
        switch (conversion) {
        case 'r': obj = vm_repr(vm, obj); break;
        case 's': obj = vm_str(vm, obj); break;
        case 'a': obj = vm_ascii(vm, obj); break;
        default:
            if (conversion > 32 && conversion < 127)
                vm_raise(vm, vm->exc_ValueError, "Unknown conversion specifier %c", conversion);
            else
                vm_raise(vm, vm->exc_ValueError, "Unknown conversion specifier \\x%x",
                         (unsigned)(unsigned char)conversion);
            return false;
        }
        if (IS_NULL(obj)) return false;
    }
    Value specv;
    if (expand) {
        StrBuf sb;
        strbuf_init(&sb);
        if (!build_string(c, &sb, spec, depth - 1)) {
            strbuf_free(&sb);
            return false;
        }
        specv = finish(vm, &sb);
    } else {
        specv = MAKE_OBJ(sub_str(vm, spec));
    }
    Value r = vm_format(vm, obj, specv);
    if (IS_NULL(r)) return false;
    if (!IS_STR(r)) {
        vm_raise(vm, vm->exc_TypeError, "__format__ must return a str, not %s", vm_type_name(vm, r));
        return false;
    }
    strbuf_add_str(out, AS_STR(r));
    return true;
}

static bool build_string(FmtCtx *c, StrBuf *out, Sub *str, int depth) {
    VM *vm = c->vm;
    if (depth <= 0) {
        vm_raise(vm, vm->exc_ValueError, "Max string recursion exceeded");
        return false;
    }
    const char *s = str->s;
    int64_t pos = str->start, end = str->end;
    while (pos < end) {
        int64_t start = pos;
        char ch = 0;
        bool markup = false;
        while (pos < end) {
            ch = s[pos++];
            if (ch == '{' || ch == '}') {
                markup = true;
                break;
            }
        }
        bool at_end = pos >= end;
        int64_t len = pos - start;
        if (markup && ch == '}' && (at_end || s[pos] != '}')) {
            vm_raise(vm, vm->exc_ValueError, "Single '}' encountered in format string");
            return false;
        }
        if (markup && at_end && ch == '{') {
            vm_raise(vm, vm->exc_ValueError, "Single '{' encountered in format string");
            return false;
        }
        if (markup && !at_end) {
            if (s[pos] == ch) {
                pos++;
                markup = false;
            } else {
                len--;
            }
        }
        strbuf_add(out, s + start, (size_t)len);
        if (!markup) continue;
        /* parse_field */
        Sub field = {s, pos, pos};
        Sub spec = {s, 0, 0};
        char conversion = 0;
        bool expand = false;
        char c2 = 0;
        while (pos < end) {
            c2 = s[pos++];
            if (c2 == '{') {
                vm_raise(vm, vm->exc_ValueError, "unexpected '{' in field name");
                return false;
            }
            if (c2 == '[') {
                for (; pos < end; pos++)
                    if (s[pos] == ']') break;
                continue;
            }
            if (c2 == '}' || c2 == ':' || c2 == '!') break;
        }
        field.end = pos - 1;
        if (c2 == '!' || c2 == ':') {
            bool done = false;
            if (c2 == '!') {
                if (pos >= end) {
                    vm_raise(vm, vm->exc_ValueError, "end of string while looking for conversion specifier");
                    return false;
                }
                /* the conversion is one code point */
                int l = 1;
                uint32_t cp = (unsigned char)s[pos];
                if (cp >= 0x80) cp = utf8_decode(s + pos, &l);
                pos += l;
                conversion = cp < 0x80 ? (char)cp : 0;
                if (cp >= 0x80) {
                    vm_raise(vm, vm->exc_ValueError, "Unknown conversion specifier \\x%x", (unsigned)cp);
                    /* CPython reports it only when the field is rendered; close enough */
                    return false;
                }
                if (pos < end) {
                    char c3 = s[pos++];
                    if (c3 == '}') {
                        spec.s = s;
                        spec.start = spec.end = pos;
                        done = true;
                    } else if (c3 != ':') {
                        vm_raise(vm, vm->exc_ValueError, "expected ':' after conversion specifier");
                        return false;
                    }
                }
            }
            if (!done) {
                spec.s = s;
                spec.start = pos;
                int count = 1;
                bool closed = false;
                while (pos < end) {
                    char c3 = s[pos++];
                    if (c3 == '{') {
                        expand = true;
                        count++;
                    } else if (c3 == '}') {
                        count--;
                        if (count == 0) {
                            spec.end = pos - 1;
                            closed = true;
                            break;
                        }
                    }
                }
                if (!closed) {
                    vm_raise(vm, vm->exc_ValueError, "unmatched '{' in format spec");
                    return false;
                }
            }
        } else if (c2 != '}') {
            vm_raise(vm, vm->exc_ValueError, "expected '}' before end of string");
            return false;
        }
        if (!output_markup(c, out, &field, &spec, expand, conversion, depth)) return false;
    }
    return true;
}

Value format_str_method(VM *vm, ObjStr *fmt, Value *args, int nargs, ObjTuple *kwnames) {
    FmtCtx c = {vm, args, nargs, kwnames, 0, 0};
    StrBuf b;
    strbuf_init(&b);
    Sub all = {fmt->data, 0, fmt->len};
    if (!build_string(&c, &b, &all, 2)) {
        strbuf_free(&b);
        return VAL_NULL;
    }
    return finish(vm, &b);
}

/* ====================================================================== */
/* printf-style % (PyUnicode_Format)                                      */
/* ====================================================================== */

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

typedef struct {
    VM *vm;
    const char *data;
    int64_t len;
    int64_t pos, cnt; /* byte position, bytes left (CPython's fmtpos/fmtcnt) */
    Value args;       /* current args (the tuple, the single value, or a dict item) */
    int64_t arglen, argidx;
    Value dict;       /* VAL_NULL when args is not a mapping */
    bool as_bytes;    /* bytes % args: the format and the result are bytes */
} PctCtx;

typedef struct {
    unsigned char ch;
    int flags;
    int64_t width;
    int64_t prec;
    bool sign;
} PctArg;

static Value pct_nextarg(PctCtx *c) {
    int64_t i = c->argidx;
    if (i < c->arglen) {
        c->argidx++;
        if (c->arglen < 0) return c->args;
        return AS_TUPLE(c->args)->items[i];
    }
    return vm_raise(c->vm, c->vm->exc_TypeError, "not enough arguments for format string");
}

#define PCT_READ(c) ((unsigned char)(c)->data[(c)->pos])

static bool pct_star(PctCtx *c, int64_t *out, bool is_prec) {
    VM *vm = c->vm;
    Value v = pct_nextarg(c);
    if (IS_NULL(v)) return false;
    if (!int_check(v)) {
        vm_raise(vm, vm->exc_TypeError, "* wants int");
        return false;
    }
    if (IS_BIGINT(v)) {
        vm_raise(vm, vm->exc_OverflowError, is_prec ? "Python int too large to convert to C int"
                                                     : "Python int too large to convert to C ssize_t");
        return false;
    }
    int64_t x = AS_INT(v);
    if (is_prec && (x > INT_MAX || x < INT_MIN)) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
        return false;
    }
    *out = x;
    return true;
}

static bool pct_parse(PctCtx *c, PctArg *a) {
    VM *vm = c->vm;
    if (c->cnt > 0 && PCT_READ(c) == '(') {
        if (IS_NULL(c->dict)) {
            vm_raise(vm, vm->exc_TypeError, "format requires a mapping");
            return false;
        }
        c->pos++;
        c->cnt--;
        int64_t keystart = c->pos;
        int pcount = 1;
        while (pcount > 0 && --c->cnt >= 0) {
            a->ch = PCT_READ(c);
            if (a->ch == ')') pcount--;
            else if (a->ch == '(') pcount++;
            c->pos++;
        }
        int64_t keylen = c->pos - keystart - 1;
        if (c->cnt < 0 || pcount > 0) {
            vm_raise(vm, vm->exc_ValueError, "incomplete format key");
            return false;
        }
        Value key = c->as_bytes ? MAKE_OBJ(bytes_new(vm, (const uint8_t *)c->data + keystart, (size_t)keylen))
                                : MAKE_OBJ(str_new(vm, c->data + keystart, (size_t)keylen));
        Value v = vm_getitem(vm, c->dict, key);
        if (IS_NULL(v)) return false;
        c->args = v;
        c->arglen = -1;
        c->argidx = -2;
    }
    while (--c->cnt >= 0) {
        a->ch = PCT_READ(c);
        c->pos++;
        switch (a->ch) {
        case '-': a->flags |= F_LJUST; continue;
        case '+': a->flags |= F_SIGN; continue;
        case ' ': a->flags |= F_BLANK; continue;
        case '#': a->flags |= F_ALT; continue;
        case '0': a->flags |= F_ZERO; continue;
        default: break;
        }
        break;
    }
    if (a->ch == '*') {
        if (!pct_star(c, &a->width, false)) return false;
        if (a->width < 0) {
            a->flags |= F_LJUST;
            a->width = -a->width;
        }
        if (--c->cnt >= 0) {
            a->ch = PCT_READ(c);
            c->pos++;
        }
    } else if (a->ch >= '0' && a->ch <= '9') {
        a->width = a->ch - '0';
        while (--c->cnt >= 0) {
            a->ch = PCT_READ(c);
            c->pos++;
            if (a->ch < '0' || a->ch > '9') break;
            if (a->width > (INT64_MAX - (a->ch - '0')) / 10) {
                vm_raise(vm, vm->exc_ValueError, "width too big");
                return false;
            }
            a->width = a->width * 10 + (a->ch - '0');
        }
    }
    if (a->ch == '.') {
        a->prec = 0;
        if (--c->cnt >= 0) {
            a->ch = PCT_READ(c);
            c->pos++;
        }
        if (a->ch == '*') {
            if (!pct_star(c, &a->prec, true)) return false;
            if (a->prec < 0) a->prec = 0;
            if (--c->cnt >= 0) {
                a->ch = PCT_READ(c);
                c->pos++;
            }
        } else if (a->ch >= '0' && a->ch <= '9') {
            a->prec = a->ch - '0';
            while (--c->cnt >= 0) {
                a->ch = PCT_READ(c);
                c->pos++;
                if (a->ch < '0' || a->ch > '9') break;
                if (a->prec > (INT_MAX - (a->ch - '0')) / 10) {
                    vm_raise(vm, vm->exc_ValueError, "precision too big");
                    return false;
                }
                a->prec = a->prec * 10 + (a->ch - '0');
            }
        }
    }
    if (c->cnt >= 0) {
        if (a->ch == 'h' || a->ch == 'l' || a->ch == 'L') {
            if (--c->cnt >= 0) {
                a->ch = PCT_READ(c);
                c->pos++;
            }
        }
    }
    if (c->cnt < 0) {
        vm_raise(vm, vm->exc_ValueError, "incomplete format");
        return false;
    }
    return true;
}

/* PyNumber_Check: int, float, or something with __index__/__int__/__float__. */
static bool number_check(VM *vm, Value v) {
    if (int_check(v) || IS_FLOAT(v)) return true;
    ObjType *t = vm_type_of(vm, v);
    return !IS_NULL(type_lookup(vm, t, vm->s___index__)) || !IS_NULL(type_lookup(vm, t, vm->s___int__)) ||
           !IS_NULL(type_lookup(vm, t, vm->s___float__));
}

/* mainformatlong + _PyUnicode_FormatLong: the text of an integer
 * conversion (sign, 0x prefix when '#', zeros up to the precision). */
static ObjStr *pct_format_long(VM *vm, Value v, PctArg *a) {
    char type = (char)a->ch;
    Value iobj = v;
    if (!number_check(vm, v)) goto wrongtype;
    if (!int_check(v)) {
        if (type == 'o' || type == 'x' || type == 'X') iobj = int_index(vm, v);
        else iobj = int_from_object(vm, v);
        if (IS_NULL(iobj)) {
            if (vm_exc_matches(vm, vm->exc_TypeError)) {
                vm_clear_exc(vm);
                goto wrongtype;
            }
            return NULL;
        }
    }
    {
        int base = type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
        if (a->prec > INT_MAX - 3) {
            vm_raise(vm, vm->exc_OverflowError, "precision too large");
            return NULL;
        }
        if (base == 10 && IS_BIGINT(iobj) && vm->int_max_str_digits > 0 &&
            mpz_sizeinbase(AS_BIGINT(iobj)->z, 10) - 1 > (size_t)vm->int_max_str_digits) {
            int_digit_limit(vm, iobj, SIZE_MAX);
            return NULL;
        }
        size_t len;
        char *s = int_to_cstr(vm, iobj, base, &len);
        bool neg = s[0] == '-';
        const char *digits = s + neg;
        int64_t nd = (int64_t)len - neg;
        if (base == 10 && !int_digit_limit(vm, iobj, (size_t)nd)) {
            free(s);
            return NULL;
        }
        StrBuf b;
        strbuf_init(&b);
        if (neg) strbuf_add_char(&b, '-');
        if ((a->flags & F_ALT) && base != 10) {
            strbuf_add_char(&b, '0');
            strbuf_add_char(&b, type == 'o' ? 'o' : type);
        }
        for (int64_t i = nd; i < a->prec; i++) strbuf_add_char(&b, '0');
        for (int64_t i = 0; i < nd; i++) {
            char ch = digits[i];
            if (type == 'X' && ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
            strbuf_add_char(&b, ch);
        }
        free(s);
        return strbuf_finish(vm, &b);
    }
wrongtype:
    if (type == 'o' || type == 'x' || type == 'X')
        vm_raise(vm, vm->exc_TypeError, "%%%c format: an integer is required, not %.200s", type, vm_type_name(vm, v));
    else
        vm_raise(vm, vm->exc_TypeError, "%%%c format: a real number is required, not %.200s", type,
                 vm_type_name(vm, v));
    return NULL;
}

static bool pct_formatchar(VM *vm, Value v, uint32_t *out) {
    if (IS_STR(v)) {
        if (AS_STR(v)->nchars == 1) {
            *out = str_char_at(AS_STR(v), 0);
            return true;
        }
        goto bad;
    }
    Value i = int_index(vm, v);
    if (IS_NULL(i)) {
        if (vm_exc_matches(vm, vm->exc_TypeError)) {
            vm_clear_exc(vm);
            goto bad;
        }
        return false;
    }
    if (IS_BIGINT(i) || AS_INT(i) < 0 || AS_INT(i) > 0x10ffff) {
        vm_raise(vm, vm->exc_OverflowError, "%%c arg not in range(0x110000)");
        return false;
    }
    *out = (uint32_t)AS_INT(i);
    return true;
bad:
    vm_raise(vm, vm->exc_TypeError, "%%c requires int or char");
    return false;
}

/* One converted argument: UTF-8 text of a str (s set) or raw bytes. */
typedef struct {
    const char *p;
    int64_t nbytes, nchars;
    ObjStr *s; /* for code point offsets; NULL: byte offsets */
} Piece;

static int64_t piece_offset(const Piece *pc, int64_t i) {
    if (!pc->s || pc->nbytes == pc->nchars) return i;
    return str_byte_offset(pc->s, i);
}

static Piece piece_str(ObjStr *s) {
    Piece pc = {s->data, s->len, s->nchars, s};
    return pc;
}

/* unicode_format_arg_output */
static void pct_output(StrBuf *out, PctArg *a, const Piece *pc) {
    uint32_t fill = (a->sign && (a->flags & F_ZERO)) ? '0' : ' ';
    int64_t len = pc->nchars;
    if ((a->width == -1 || a->width <= len) && (a->prec == -1 || a->prec >= len) &&
        !(a->flags & (F_SIGN | F_BLANK))) {
        strbuf_add(out, pc->p, (size_t)pc->nbytes);
        return;
    }
    if (a->ch == 's' || a->ch == 'r' || a->ch == 'a' || a->ch == 'b') {
        if (a->prec >= 0 && len > a->prec) len = a->prec;
    }
    int64_t pindex = 0; /* in code points; numeric text is ASCII */
    char signchar = 0;
    if (a->sign) {
        char ch = pc->nbytes > 0 ? pc->p[0] : 0;
        if (ch == '-' || ch == '+') {
            signchar = ch;
            len--;
            pindex++;
        } else if (a->flags & F_SIGN) {
            signchar = '+';
        } else if (a->flags & F_BLANK) {
            signchar = ' ';
        } else {
            a->sign = false;
        }
    }
    if (a->width < len) a->width = len;
    if (a->sign) {
        if (fill != ' ') strbuf_add_char(out, signchar);
        if (a->width > len) a->width--;
    }
    bool altpfx = (a->flags & F_ALT) && (a->ch == 'x' || a->ch == 'X' || a->ch == 'o');
    if (altpfx) {
        if (fill != ' ') {
            strbuf_add_char(out, '0');
            strbuf_add_char(out, (char)a->ch);
            pindex += 2;
        }
        a->width -= 2;
        if (a->width < 0) a->width = 0;
        len -= 2;
    }
    if (a->width > len && !(a->flags & F_LJUST)) {
        add_fill(out, fill, a->width - len);
        a->width = len;
    }
    if (fill == ' ') {
        if (a->sign) strbuf_add_char(out, signchar);
        if (altpfx) {
            strbuf_add_char(out, '0');
            strbuf_add_char(out, (char)a->ch);
            pindex += 2;
        }
    }
    if (len > 0) {
        int64_t b0 = piece_offset(pc, pindex);
        int64_t b1 = piece_offset(pc, pindex + len);
        strbuf_add(out, pc->p + b0, (size_t)(b1 - b0));
    }
    if (a->width > len) add_fill(out, ' ', a->width - len);
}

/* PyMapping_Check minus tuple and str (and bytes for bytes %) */
static bool is_mapping(VM *vm, Value v) {
    if (IS_TUPLE(v) || IS_STR(v) || IS_BYTES(v)) return false;
    if (IS_DICT(v) || IS_LIST(v)) return true;
    if (!IS_OBJ(v)) return false;
    return !IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___getitem__));
}

/* %s / %b of bytes %: a bytes-like object or one with __bytes__. */
static bool pct_bytes_arg(VM *vm, Value v, Piece *pc) {
    if (!IS_BYTES(v)) {
        ObjStr *name = str_intern_cstr(vm, "__bytes__");
        if (!IS_STR(v) && !IS_NULL(type_lookup(vm, vm_type_of(vm, v), name))) {
            bool found = false;
            Value r = vm_call_dunder(vm, v, name, NULL, 0, &found);
            if (IS_NULL(r)) return false;
            if (!IS_BYTES(r)) {
                vm_raise(vm, vm->exc_TypeError, "__bytes__ returned non-bytes (type %.200s)", vm_type_name(vm, r));
                return false;
            }
            v = r;
        } else {
            vm_raise(vm, vm->exc_TypeError,
                     "%%b requires a bytes-like object, or an object that implements __bytes__, not '%.100s'",
                     vm_type_name(vm, v));
            return false;
        }
    }
    ObjBytes *b = AS_BYTES(v);
    pc->p = (const char *)b->data;
    pc->nbytes = pc->nchars = b->len;
    pc->s = NULL;
    return true;
}

static bool pct_arg(PctCtx *c, StrBuf *out) {
    VM *vm = c->vm;
    PctArg a;
    a.ch = c->cnt > 0 ? PCT_READ(c) : 0;
    if (a.ch == '%') {
        c->pos++;
        c->cnt--;
        strbuf_add_char(out, '%');
        return true;
    }
    a.flags = 0;
    a.width = -1;
    a.prec = -1;
    a.sign = false;
    if (!pct_parse(c, &a)) return false;
    Value v = pct_nextarg(c);
    if (IS_NULL(v)) return false;
    ObjStr *str = NULL;
    Piece pc;
    uint8_t onebyte;
    switch (a.ch) {
    case 'b':
        if (!c->as_bytes) goto unsupported;
        /* fall through */
    case 's':
        if (c->as_bytes) {
            if (!pct_bytes_arg(vm, v, &pc)) return false;
            break;
        }
        /* fall through */
    case 'r':
    case 'a': {
        Value s;
        if (a.ch == 's') s = IS_STR(v) && AS_OBJ(v)->type == vm->t_str ? v : vm_str(vm, v);
        else if (a.ch == 'r' && !c->as_bytes) s = vm_repr(vm, v);
        else s = vm_ascii(vm, v);
        if (IS_NULL(s)) return false;
        str = AS_STR(s);
        pc = piece_str(str);
        break;
    }
    case 'i':
    case 'd':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        str = pct_format_long(vm, v, &a);
        if (!str) return false;
        pc = piece_str(str);
        a.sign = true;
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
        double x;
        if (!float_as_double(vm, v, &x)) return false;
        int prec = a.prec < 0 ? 6 : (int)a.prec;
        char *buf = double_to_string(x, (char)a.ch, prec, (a.flags & F_ALT) ? DTSF_ALT : 0);
        str = str_new(vm, buf, strlen(buf));
        free(buf);
        pc = piece_str(str);
        a.sign = true;
        break;
    }
    case 'c': {
        if (c->as_bytes) {
            if (IS_BYTES(v) && AS_BYTES(v)->len == 1) {
                onebyte = AS_BYTES(v)->data[0];
            } else {
                Value i = int_check(v) ? v : VAL_NULL;
                if (IS_NULL(i) && !IS_BYTES(v) && !IS_STR(v) && !IS_FLOAT(v)) {
                    i = int_index(vm, v);
                    if (IS_NULL(i)) {
                        if (!vm_exc_matches(vm, vm->exc_TypeError)) return false;
                        vm_clear_exc(vm);
                    }
                }
                if (IS_NULL(i)) {
                    vm_raise(vm, vm->exc_TypeError, "%%c requires an integer in range(256) or a single byte");
                    return false;
                }
                if (IS_BIGINT(i) || AS_INT(i) < 0 || AS_INT(i) > 255) {
                    vm_raise(vm, vm->exc_OverflowError, "%%c arg not in range(256)");
                    return false;
                }
                onebyte = (uint8_t)AS_INT(i);
            }
            pc.p = (const char *)&onebyte;
            pc.nbytes = pc.nchars = 1;
            pc.s = NULL;
            break;
        }
        uint32_t cp;
        if (!pct_formatchar(vm, v, &cp)) return false;
        str = str_from_codepoint(vm, cp);
        pc = piece_str(str);
        break;
    }
    default:
    unsupported: {
        int64_t at = c->pos - 1;
        uint32_t cp = a.ch;
        if (cp >= 0x80 && !c->as_bytes) {
            int l;
            cp = utf8_decode(c->data + at, &l);
        }
        vm_raise(vm, vm->exc_ValueError, "unsupported format character '%c' (0x%x) at index %lld",
                 (cp >= 31 && cp <= 126) ? (char)cp : '?', (unsigned)cp,
                 (long long)(c->as_bytes ? at : utf8_count(c->data, (size_t)at)));
        return false;
    }
    }
    pct_output(out, &a, &pc);
    if (!IS_NULL(c->dict) && c->argidx < c->arglen) {
        vm_raise(vm, vm->exc_TypeError, "not all arguments converted during %s formatting",
                 c->as_bytes ? "bytes" : "string");
        return false;
    }
    return true;
}

static bool pct_run(VM *vm, const char *data, int64_t len, Value args, bool as_bytes, StrBuf *b) {
    PctCtx c;
    c.vm = vm;
    c.data = data;
    c.len = len;
    c.pos = 0;
    c.cnt = len;
    c.as_bytes = as_bytes;
    if (IS_TUPLE(args)) {
        c.arglen = AS_TUPLE(args)->len;
        c.argidx = 0;
    } else {
        c.arglen = -1;
        c.argidx = -2;
    }
    c.dict = is_mapping(vm, args) ? args : VAL_NULL;
    c.args = args;
    while (c.cnt > 0) {
        if (c.data[c.pos] != '%') {
            int64_t start = c.pos;
            while (c.cnt > 0 && c.data[c.pos] != '%') {
                c.pos++;
                c.cnt--;
            }
            strbuf_add(b, c.data + start, (size_t)(c.pos - start));
        } else {
            c.pos++;
            c.cnt--;
            if (!pct_arg(&c, b)) return false;
        }
    }
    if (c.argidx < c.arglen && IS_NULL(c.dict)) {
        vm_raise(vm, vm->exc_TypeError, "not all arguments converted during %s formatting",
                 as_bytes ? "bytes" : "string");
        return false;
    }
    return true;
}

Value format_percent(VM *vm, ObjStr *fmt, Value args) {
    StrBuf b;
    strbuf_init(&b);
    if (!pct_run(vm, fmt->data, fmt->len, args, false, &b)) {
        strbuf_free(&b);
        return VAL_NULL;
    }
    return finish(vm, &b);
}

/* bytes % args (not in format.h: bytes.c declares it). */
Value format_bytes_percent(VM *vm, ObjBytes *fmt, Value args) {
    StrBuf b;
    strbuf_init(&b);
    if (!pct_run(vm, (const char *)fmt->data, fmt->len, args, true, &b)) {
        strbuf_free(&b);
        return VAL_NULL;
    }
    ObjBytes *r = bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    strbuf_free(&b);
    return MAKE_OBJ(r);
}
