/* str.c: the str type's core. UTF-8 helpers, the string builder, the
 * constructors (str_new, interning, str_printf), hashing (SipHash-1-3),
 * comparison, repr, code point indexing, the utf-8/ascii/latin-1 codecs,
 * argument checking shared with str_methods.c, the operator dunders,
 * str.__new__ and the str iterators.
 *
 * Strings are immutable UTF-8 (see object.h). len counts bytes, nchars code
 * points; STR_ASCII marks len == nchars so indexing is a byte access. Long
 * non-ASCII strings get an index of every 32nd code point's byte offset
 * (str_impl.h), so s[i] stays cheap there too.
 *
 * The empty string and the one-character ASCII strings are created lazily
 * and cached in the VM (vm->empty_str, vm->char_cache): they are needed
 * during object_bootstrap, long before str_init_type runs.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "exception.h"
#include "format.h"
#include "int.h"
#include "slice.h"
#include "str_impl.h"

/* ======================================================================
 * UTF-8
 * ====================================================================== */

int utf8_encode(uint32_t cp, char *out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

uint32_t utf8_decode(const char *s, int *len) {
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c < 0xE0) {
        *len = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (c < 0xF0) {
        *len = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) |
           (u[3] & 0x3F);
}

int64_t utf8_count(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    int64_t n = 0;
    size_t i = 0;
    /* eight bytes at a time while they are all ASCII */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (w & 0x8080808080808080ULL) break;
        i += 8;
        n += 8;
    }
    for (; i < len; i++)
        if ((u[i] & 0xC0) != 0x80) n++;
    return n;
}

/* CPython's UTF-8 decoder validity rules for the sequence at s (n bytes
 * available): 0 and *seq = its length when valid, else the reason with
 * *errlen = the bytes the error covers. */
enum { U8_OK, U8_START, U8_CONT, U8_END };
static int utf8_scan(const unsigned char *s, size_t n, size_t *seq, size_t *errlen) {
    unsigned char c = s[0];
    if (c < 0x80) {
        *seq = 1;
        return U8_OK;
    }
    if (c < 0xC2 || c > 0xF4) {
        *errlen = 1;
        return U8_START;
    }
#define CONT(x) (((x) & 0xC0) == 0x80)
    if (c < 0xE0) {
        if (n < 2) {
            *errlen = n;
            return U8_END;
        }
        if (!CONT(s[1])) {
            *errlen = 1;
            return U8_CONT;
        }
        *seq = 2;
        return U8_OK;
    }
    bool ok2;
    if (n >= 2) {
        unsigned char d = s[1];
        if (c < 0xF0)
            ok2 = CONT(d) && !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);
        else
            ok2 = CONT(d) && !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
    } else {
        ok2 = true;
    }
    size_t need = c < 0xF0 ? 3 : 4;
    if (n >= 2 && !ok2) {
        *errlen = 1;
        return U8_CONT;
    }
    if (n >= 3 && !CONT(s[2])) {
        *errlen = 2;
        return U8_CONT;
    }
    if (need == 4 && n >= 4 && !CONT(s[3])) {
        *errlen = 3;
        return U8_CONT;
    }
    if (n < need) {
        *errlen = n;
        return U8_END;
    }
#undef CONT
    *seq = need;
    return U8_OK;
}

size_t utf8_check(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t seq, err;
        if (utf8_scan(u + i, len - i, &seq, &err) != U8_OK) return i;
        i += seq;
    }
    return len;
}

/* ======================================================================
 * String builder
 * ====================================================================== */

void strbuf_init(StrBuf *b) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

static void sb_reserve(StrBuf *b, size_t extra) {
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fprintf(stderr, "coil: out of memory\n");
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void strbuf_add(StrBuf *b, const char *s, size_t n) {
    if (n == 0) return;
    sb_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void strbuf_add_cstr(StrBuf *b, const char *cstr) { strbuf_add(b, cstr, strlen(cstr)); }

void strbuf_add_char(StrBuf *b, char c) {
    sb_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void strbuf_add_cp(StrBuf *b, uint32_t cp) {
    sb_reserve(b, 4);
    b->len += (size_t)utf8_encode(cp, b->data + b->len);
    b->data[b->len] = 0;
}

void strbuf_add_str(StrBuf *b, ObjStr *s) { strbuf_add(b, s->data, (size_t)s->len); }

void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        strbuf_add(b, small, (size_t)n);
        return;
    }
    sb_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void strbuf_printf(StrBuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

ObjStr *strbuf_finish(VM *vm, StrBuf *b) {
    ObjStr *s = str_new(vm, b->data ? b->data : "", b->len);
    strbuf_free(b);
    return s;
}

void strbuf_free(StrBuf *b) {
    free(b->data);
    strbuf_init(b);
}

/* ======================================================================
 * Allocation
 * ====================================================================== */

static size_t idx_offset(size_t len) { return (sizeof(ObjStr) + len + 1 + 3) & ~(size_t)3; }

static bool wants_index(size_t len, int64_t nchars) {
    return (int64_t)len != nchars && nchars >= 2 * STR_IDX_STEP && len <= UINT32_MAX;
}

ObjStr *stri_alloc(VM *vm, ObjType *type, size_t len, int64_t nchars) {
    size_t size = sizeof(ObjStr) + len + 1;
    if (wants_index(len, nchars)) size = idx_offset(len) + (size_t)((nchars >> STR_IDX_SHIFT) + 1) * sizeof(uint32_t);
    if (type != vm->t_str) {
        /* instance __dict__ slot of a subclass: last pointer of the block */
        size = ((size + 7) & ~(size_t)7) + sizeof(ObjDict *);
    }
    ObjStr *s = (ObjStr *)gc_alloc(vm, size, type, OK_STR);
    s->len = (int64_t)len;
    s->nchars = nchars;
    s->data[len] = 0;
    return s;
}

ObjStr *stri_finish(ObjStr *s) {
    if (s->len == s->nchars) {
        s->obj.flags |= STR_ASCII;
        return s;
    }
    if (!wants_index((size_t)s->len, s->nchars)) return s;
    uint32_t *idx = (uint32_t *)((char *)s + idx_offset((size_t)s->len));
    const unsigned char *u = (const unsigned char *)s->data;
    int64_t ci = 0;
    size_t bi = 0, len = (size_t)s->len;
    while (bi < len) {
        if ((ci & (STR_IDX_STEP - 1)) == 0) idx[ci >> STR_IDX_SHIFT] = (uint32_t)bi;
        bi += (size_t)stri_seqlen(u[bi]);
        ci++;
    }
    s->obj.flags |= STR_INDEXED;
    return s;
}

static ObjStr *make_cached(VM *vm, const char *utf8, size_t len) {
    if (len == 0) {
        if (!vm->empty_str) {
            ObjStr *s = stri_alloc(vm, vm->t_str, 0, 0);
            vm->empty_str = stri_finish(s);
        }
        return vm->empty_str;
    }
    unsigned char c = (unsigned char)utf8[0];
    if (!vm->char_cache[c]) {
        ObjStr *s = stri_alloc(vm, vm->t_str, 1, 1);
        s->data[0] = (char)c;
        vm->char_cache[c] = stri_finish(s);
    }
    return vm->char_cache[c];
}

ObjStr *stri_new_n(VM *vm, const char *utf8, size_t len, int64_t nchars) {
    if (len == 0 || (len == 1 && (unsigned char)utf8[0] < 0x80)) return make_cached(vm, utf8, len);
    ObjStr *s = stri_alloc(vm, vm->t_str, len, nchars);
    memcpy(s->data, utf8, len);
    return stri_finish(s);
}

ObjStr *str_new(VM *vm, const char *utf8, size_t len) {
    if (len == 0 || (len == 1 && (unsigned char)utf8[0] < 0x80)) return make_cached(vm, utf8, len);
    return stri_new_n(vm, utf8, len, utf8_count(utf8, len));
}

ObjStr *str_from_cstr(VM *vm, const char *s) { return str_new(vm, s, strlen(s)); }

ObjStr *str_printf(VM *vm, const char *fmt, ...) {
    StrBuf b;
    strbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    return strbuf_finish(vm, &b);
}

ObjStr *stri_exact(VM *vm, ObjStr *s) {
    if (s->obj.type == vm->t_str) return s;
    return stri_new_n(vm, s->data, (size_t)s->len, s->nchars);
}

/* An instance of a user subclass of str holding a copy of src. The
 * instance dict slot is the last pointer of the block (stri_alloc): a fixed
 * dictoffset cannot name it because the characters are stored inline, and
 * class.c gives str subclasses dictoffset == sizeof(ObjStr), which lies in
 * the character data. Such a class is switched to dictoffset -8 ("counted
 * from the end of the object", which obj_dict_slot and the collector
 * follow through gc_size) before its first instance exists. */
static ObjStr *str_subtype_new(VM *vm, ObjType *cls, ObjStr *src) {
    if (cls->dictoffset > 0) cls->dictoffset = -(int32_t)sizeof(ObjDict *);
    ObjStr *s = stri_alloc(vm, cls, (size_t)src->len, src->nchars);
    memcpy(s->data, src->data, (size_t)src->len);
    return stri_finish(s);
}

/* ======================================================================
 * Hashing (SipHash-1-3 keyed with vm->hash_secret)
 * ====================================================================== */

#define ROTL64(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                     \
    do {                                                                                             \
        v0 += v1; v1 = ROTL64(v1, 13); v1 ^= v0; v0 = ROTL64(v0, 32);                               \
        v2 += v3; v3 = ROTL64(v3, 16); v3 ^= v2;                                                     \
        v0 += v3; v3 = ROTL64(v3, 21); v3 ^= v0;                                                     \
        v2 += v1; v1 = ROTL64(v1, 17); v1 ^= v2; v2 = ROTL64(v2, 32);                               \
    } while (0)

static uint64_t siphash13(uint64_t k0, uint64_t k1, const unsigned char *src, size_t len) {
    uint64_t b = (uint64_t)len << 56;
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
    uint64_t v3 = k1 ^ 0x7465646279746573ULL;
    while (len >= 8) {
        uint64_t mi;
        memcpy(&mi, src, 8);
        v3 ^= mi;
        SIPROUND;
        v0 ^= mi;
        src += 8;
        len -= 8;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < len; i++) t |= (uint64_t)src[i] << (8 * i);
    b |= t;
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t hash_bytes(VM *vm, const char *s, size_t len) {
    if (len == 0) return 0; /* hash('') == 0 as in CPython */
    uint64_t h = siphash13(vm->hash_secret, vm->hash_secret ^ 0x9E3779B97F4A7C15ULL, (const unsigned char *)s, len);
    if (h == (uint64_t)-1) h = (uint64_t)-2; /* -1 is CPython's error value */
    return h;
}

uint64_t str_hash(VM *vm, ObjStr *s) {
    if (s->obj.flags & STR_HASHED) return s->hash;
    s->hash = hash_bytes(vm, s->data, (size_t)s->len);
    s->obj.flags |= STR_HASHED;
    return s->hash;
}

bool str_equal(ObjStr *a, ObjStr *b) {
    if (a == b) return true;
    if (a->len != b->len) return false;
    if ((a->obj.flags & b->obj.flags & STR_HASHED) && a->hash != b->hash) return false;
    if ((a->obj.flags & b->obj.flags & STR_INTERNED) && a->obj.type == b->obj.type) return false;
    return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

/* UTF-8 byte order is code point order. */
int str_compare(ObjStr *a, ObjStr *b) {
    if (a == b) return 0;
    size_t n = (size_t)(a->len < b->len ? a->len : b->len);
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

/* ======================================================================
 * Interning: a weak open-addressed set (linear probing)
 * ====================================================================== */

static void intern_insert(ObjStr **tab, size_t cap, ObjStr *s) {
    size_t mask = cap - 1;
    size_t i = (size_t)s->hash & mask;
    while (tab[i]) i = (i + 1) & mask;
    tab[i] = s;
}

static void intern_resize(VM *vm, size_t cap) {
    ObjStr **tab = calloc(cap, sizeof(ObjStr *));
    if (!tab) {
        fprintf(stderr, "coil: out of memory\n");
        abort();
    }
    for (size_t i = 0; i < vm->interned_cap; i++)
        if (vm->interned[i]) intern_insert(tab, cap, vm->interned[i]);
    free(vm->interned);
    vm->interned = tab;
    vm->interned_cap = cap;
}

ObjStr *str_intern(VM *vm, const char *utf8, size_t len) {
    uint64_t h = hash_bytes(vm, utf8, len);
    if (vm->interned_cap) {
        size_t mask = vm->interned_cap - 1;
        for (size_t i = (size_t)h & mask; vm->interned[i]; i = (i + 1) & mask) {
            ObjStr *e = vm->interned[i];
            if (e->hash == h && (size_t)e->len == len && memcmp(e->data, utf8, len) == 0) return e;
        }
    }
    ObjStr *s = str_new(vm, utf8, len);
    s->hash = h;
    s->obj.flags |= STR_HASHED | STR_INTERNED;
    if ((vm->interned_count + 1) * 2 > vm->interned_cap) intern_resize(vm, vm->interned_cap ? vm->interned_cap * 2 : 1024);
    intern_insert(vm->interned, vm->interned_cap, s);
    vm->interned_count++;
    return s;
}

ObjStr *str_intern_cstr(VM *vm, const char *s) { return str_intern(vm, s, strlen(s)); }

void str_interned_sweep(VM *vm) {
    if (!vm->interned) return;
    size_t live = 0;
    for (size_t i = 0; i < vm->interned_cap; i++) {
        ObjStr *s = vm->interned[i];
        if (!s) continue;
        if (s->obj.marked) live++;
        else vm->interned[i] = NULL;
    }
    /* Rebuild: probe chains broken by the removals are closed again. */
    size_t cap = 1024;
    while (cap < live * 4) cap *= 2;
    ObjStr **old = vm->interned;
    size_t oldcap = vm->interned_cap;
    ObjStr **tab = calloc(cap, sizeof(ObjStr *));
    if (!tab) {
        fprintf(stderr, "coil: out of memory\n");
        abort();
    }
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) intern_insert(tab, cap, old[i]);
    free(old);
    vm->interned = tab;
    vm->interned_cap = cap;
    vm->interned_count = live;
}

/* ======================================================================
 * Code point indexing
 * ====================================================================== */

int64_t str_byte_offset(ObjStr *s, int64_t i) {
    if (s->obj.flags & STR_ASCII) return i;
    if (i <= 0) return 0;
    if (i >= s->nchars) return s->len;
    const unsigned char *u = (const unsigned char *)s->data;
    int64_t off, k;
    if (s->obj.flags & STR_INDEXED) {
        const uint32_t *idx = (const uint32_t *)((const char *)s + idx_offset((size_t)s->len));
        off = idx[i >> STR_IDX_SHIFT];
        k = i & (STR_IDX_STEP - 1);
    } else if (i > s->nchars / 2) {
        /* walk back from the end */
        off = s->len;
        for (k = s->nchars - i; k > 0; k--) {
            off--;
            while ((u[off] & 0xC0) == 0x80) off--;
        }
        return off;
    } else {
        off = 0;
        k = i;
    }
    for (; k > 0; k--) off += stri_seqlen(u[off]);
    return off;
}

uint32_t str_char_at(ObjStr *s, int64_t i) {
    if (s->obj.flags & STR_ASCII) return (unsigned char)s->data[i];
    int n;
    return utf8_decode(s->data + str_byte_offset(s, i), &n);
}

ObjStr *str_from_codepoint(VM *vm, uint32_t cp) {
    char buf[4];
    int n = utf8_encode(cp, buf);
    return stri_new_n(vm, buf, (size_t)n, 1);
}

ObjStr *str_substr(VM *vm, ObjStr *s, int64_t start, int64_t end) {
    if (start < 0) start = 0;
    if (end > s->nchars) end = s->nchars;
    if (end <= start) return make_cached(vm, "", 0);
    if (start == 0 && end == s->nchars && s->obj.type == vm->t_str) return s;
    int64_t b0 = str_byte_offset(s, start);
    int64_t b1 = (s->obj.flags & STR_ASCII) ? end : b0;
    if (!(s->obj.flags & STR_ASCII)) {
        if (end == s->nchars) b1 = s->len;
        else if (end - start < STR_IDX_STEP * 2) {
            const unsigned char *u = (const unsigned char *)s->data;
            for (int64_t k = end - start; k > 0; k--) b1 += stri_seqlen(u[b1]);
        } else b1 = str_byte_offset(s, end);
    }
    return stri_new_n(vm, s->data + b0, (size_t)(b1 - b0), end - start);
}

ObjStr *str_concat(VM *vm, ObjStr *a, ObjStr *b) {
    if (b->len == 0 && a->obj.type == vm->t_str) return a;
    if (a->len == 0 && b->obj.type == vm->t_str) return b;
    size_t len = (size_t)a->len + (size_t)b->len;
    ObjStr *s = stri_alloc(vm, vm->t_str, len, a->nchars + b->nchars);
    memcpy(s->data, a->data, (size_t)a->len);
    memcpy(s->data + a->len, b->data, (size_t)b->len);
    return stri_finish(s);
}

/* ======================================================================
 * repr
 * ====================================================================== */

void str_repr_into(StrBuf *b, ObjStr *s, bool ascii_only) {
    const char *p = s->data;
    size_t len = (size_t)s->len;
    bool sq = memchr(p, '\'', len) != NULL, dq = memchr(p, '"', len) != NULL;
    char quote = (sq && !dq) ? '"' : '\'';
    sb_reserve(b, len + 2);
    strbuf_add_char(b, quote);
    size_t i = 0, run = 0;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != (unsigned char)quote) {
            i++;
            continue;
        }
        if (i > run) strbuf_add(b, p + run, i - run);
        if (c < 0x80) {
            switch (c) {
            case '\\': strbuf_add(b, "\\\\", 2); break;
            case '\t': strbuf_add(b, "\\t", 2); break;
            case '\n': strbuf_add(b, "\\n", 2); break;
            case '\r': strbuf_add(b, "\\r", 2); break;
            default:
                if (c == (unsigned char)quote) {
                    strbuf_add_char(b, '\\');
                    strbuf_add_char(b, (char)c);
                } else {
                    strbuf_printf(b, "\\x%02x", c);
                }
            }
            i++;
        } else {
            int n;
            uint32_t cp = utf8_decode(p + i, &n);
            if (!ascii_only && uc_isprintable(cp)) strbuf_add(b, p + i, (size_t)n);
            else if (cp <= 0xFF) strbuf_printf(b, "\\x%02x", cp);
            else if (cp <= 0xFFFF) strbuf_printf(b, "\\u%04x", cp);
            else strbuf_printf(b, "\\U%08x", cp);
            i += (size_t)n;
        }
        run = i;
    }
    if (i > run) strbuf_add(b, p + run, i - run);
    strbuf_add_char(b, quote);
}

ObjStr *str_repr(VM *vm, ObjStr *s) {
    StrBuf b;
    strbuf_init(&b);
    str_repr_into(&b, s, false);
    return strbuf_finish(vm, &b);
}

/* ======================================================================
 * Codecs: utf-8, ascii, latin-1
 * ====================================================================== */

/* CPython's encodings.normalize_encoding plus the aliases of our codecs. */
const char *stri_codec(const char *name) {
    char norm[64];
    size_t n = 0;
    bool pend = false;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.') {
            if (pend && n > 0 && n < sizeof norm - 1) norm[n++] = '_';
            pend = false;
            if (n < sizeof norm - 1) norm[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        } else {
            pend = true;
        }
        if (n >= sizeof norm - 2) return NULL;
    }
    norm[n] = 0;
    static const char *const utf8[] = {"utf_8", "utf8", "u8", "utf", "cp65001", "utf8_ucs2", "utf8_ucs4", NULL};
    static const char *const ascii[] = {"ascii", "us_ascii", "646", "us", "ansi_x3.4_1968", "ansi_x3_4_1968",
                                        "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us",
                                        "iso_646.irv_1991", "iso_ir_6", NULL};
    static const char *const latin1[] = {"latin_1", "latin1", "latin", "l1", "iso8859_1", "iso_8859_1", "8859",
                                         "cp819", "iso_ir_100", "csisolatin1", "ibm819", "iso_8859_1_1987", NULL};
    for (int i = 0; utf8[i]; i++)
        if (strcmp(norm, utf8[i]) == 0) return "utf-8";
    for (int i = 0; ascii[i]; i++)
        if (strcmp(norm, ascii[i]) == 0) return "ascii";
    for (int i = 0; latin1[i]; i++)
        if (strcmp(norm, latin1[i]) == 0) return "latin-1";
    return NULL;
}

enum { EH_STRICT, EH_IGNORE, EH_REPLACE, EH_BACKSLASH, EH_XMLCHARREF, EH_SURROGATEESCAPE, EH_SURROGATEPASS, EH_UNKNOWN };

static int error_handler(const char *errors) {
    if (!errors || strcmp(errors, "strict") == 0) return EH_STRICT;
    if (strcmp(errors, "ignore") == 0) return EH_IGNORE;
    if (strcmp(errors, "replace") == 0) return EH_REPLACE;
    if (strcmp(errors, "backslashreplace") == 0) return EH_BACKSLASH;
    if (strcmp(errors, "xmlcharrefreplace") == 0) return EH_XMLCHARREF;
    if (strcmp(errors, "surrogateescape") == 0) return EH_SURROGATEESCAPE;
    if (strcmp(errors, "surrogatepass") == 0) return EH_SURROGATEPASS;
    return EH_UNKNOWN;
}

static void unknown_handler(VM *vm, const char *errors) {
    vm_raise(vm, vm->exc_LookupError, "unknown error handler name '%s'", errors);
}

/* Raises a UnicodeDecodeError/UnicodeEncodeError built as CPython builds
 * it: args (encoding, object, start, end, reason); exception.c formats
 * the message from those. */
static void raise_unicode_error(VM *vm, ObjType *type, const char *encoding, Value object, int64_t start, int64_t end,
                                const char *reason) {
    Value a[5] = {MAKE_OBJ(str_from_cstr(vm, encoding)), object, MAKE_INT(start), MAKE_INT(end),
                  MAKE_OBJ(str_from_cstr(vm, reason))};
    vm_raise_value(vm, MAKE_OBJ(exc_new(vm, type, a, 5)));
}

static void decode_error(VM *vm, const char *encoding, const char *data, size_t len, size_t pos, size_t errlen,
                         const char *reason) {
    raise_unicode_error(vm, vm->exc_UnicodeDecodeError, encoding, MAKE_OBJ(bytes_new(vm, (const uint8_t *)data, len)),
                        (int64_t)pos, (int64_t)(pos + errlen), reason);
}

/* Applies a decode error handler to bytes [pos, pos+errlen); false with an
 * exception when it is strict or unknown. */
static bool decode_handle(VM *vm, StrBuf *b, int eh, const char *errors, const char *encoding, const char *data,
                          size_t len, size_t pos, size_t errlen, const char *reason) {
    switch (eh) {
    case EH_IGNORE: return true;
    case EH_REPLACE: strbuf_add_cp(b, 0xFFFD); return true;
    case EH_BACKSLASH:
        for (size_t k = 0; k < errlen; k++) strbuf_printf(b, "\\x%02x", (unsigned char)data[pos + k]);
        return true;
    case EH_SURROGATEESCAPE: {
        for (size_t k = 0; k < errlen; k++) {
            unsigned char c = (unsigned char)data[pos + k];
            if (c < 128) {
                decode_error(vm, encoding, data, len, pos, errlen, reason);
                return false;
            }
            strbuf_add_cp(b, 0xDC00 + c);
        }
        return true;
    }
    case EH_STRICT:
    case EH_XMLCHARREF:
    case EH_SURROGATEPASS:
        decode_error(vm, encoding, data, len, pos, errlen, reason);
        return false;
    default: unknown_handler(vm, errors); return false;
    }
}

ObjStr *stri_decode(VM *vm, const char *data, size_t len, const char *encoding, const char *errors) {
    const char *codec = stri_codec(encoding);
    if (!codec) {
        vm_raise(vm, vm->exc_LookupError, "unknown encoding: %s", encoding);
        return NULL;
    }
    if (strcmp(codec, "utf-8") == 0) return str_decode_utf8(vm, data, len, errors);
    const unsigned char *u = (const unsigned char *)data;
    StrBuf b;
    strbuf_init(&b);
    sb_reserve(&b, len);
    if (strcmp(codec, "latin-1") == 0) {
        for (size_t i = 0; i < len; i++) strbuf_add_cp(&b, u[i]);
        return strbuf_finish(vm, &b);
    }
    int eh = error_handler(errors);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (u[i] < 0x80) continue;
        strbuf_add(&b, data + run, i - run);
        run = i + 1;
        if (!decode_handle(vm, &b, eh, errors, "ascii", data, len, i, 1, "ordinal not in range(128)")) {
            strbuf_free(&b);
            return NULL;
        }
    }
    strbuf_add(&b, data + run, len - run);
    return strbuf_finish(vm, &b);
}

ObjStr *str_decode_utf8(VM *vm, const char *s, size_t len, const char *errors) {
    size_t ok = utf8_check(s, len);
    if (ok == len) return str_new(vm, s, len);
    const unsigned char *u = (const unsigned char *)s;
    int eh = error_handler(errors);
    StrBuf b;
    strbuf_init(&b);
    sb_reserve(&b, len);
    size_t i = 0, run = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t seq = 0, errlen = 0;
        int r = utf8_scan(u + i, len - i, &seq, &errlen);
        if (r == U8_OK) {
            i += seq;
            continue;
        }
        strbuf_add(&b, s + run, i - run);
        const char *reason = r == U8_START ? "invalid start byte" : r == U8_CONT ? "invalid continuation byte"
                                                                                 : "unexpected end of data";
        if (!decode_handle(vm, &b, eh, errors, "utf-8", s, len, i, errlen, reason)) {
            strbuf_free(&b);
            return NULL;
        }
        i += errlen;
        run = i;
    }
    strbuf_add(&b, s + run, len - run);
    return strbuf_finish(vm, &b);
}

static void encode_error(VM *vm, const char *encoding, ObjStr *s, int64_t start, int64_t end, const char *reason) {
    raise_unicode_error(vm, vm->exc_UnicodeEncodeError, encoding, MAKE_OBJ(s), start, end, reason);
}

Value stri_encode(VM *vm, ObjStr *s, const char *encoding, const char *errors) {
    const char *codec = stri_codec(encoding);
    if (!codec) return vm_raise(vm, vm->exc_LookupError, "unknown encoding: %s", encoding);
    bool utf8 = strcmp(codec, "utf-8") == 0;
    uint32_t limit = utf8 ? 0x110000 : strcmp(codec, "ascii") == 0 ? 0x80 : 0x100;
    if (s->obj.flags & STR_ASCII) return MAKE_OBJ(bytes_new(vm, (const uint8_t *)s->data, (size_t)s->len));
    const char *reason = utf8 ? "surrogates not allowed" : limit == 0x80 ? "ordinal not in range(128)"
                                                                         : "ordinal not in range(256)";
    int eh = -1;
    StrBuf b;
    strbuf_init(&b);
    sb_reserve(&b, (size_t)s->len);
    const char *p = s->data;
    size_t i = 0, len = (size_t)s->len;
    int64_t ci = 0;
    while (i < len) {
        int n;
        uint32_t cp = utf8_decode(p + i, &n);
        bool bad = utf8 ? (cp >= 0xD800 && cp <= 0xDFFF) : cp >= limit;
        if (!bad) {
            if (utf8 || cp < 0x80) strbuf_add(&b, p + i, (size_t)n);
            else strbuf_add_char(&b, (char)cp);
            i += (size_t)n;
            ci++;
            continue;
        }
        /* the run of unencodable characters */
        int64_t cstart = ci;
        size_t bstart = i;
        while (i < len) {
            int m;
            uint32_t c2 = utf8_decode(p + i, &m);
            if (!(utf8 ? (c2 >= 0xD800 && c2 <= 0xDFFF) : c2 >= limit)) break;
            i += (size_t)m;
            ci++;
        }
        if (eh < 0) eh = error_handler(errors);
        for (size_t j = bstart; j < i;) {
            int m;
            uint32_t c2 = utf8_decode(p + j, &m);
            switch (eh) {
            case EH_IGNORE: break;
            case EH_REPLACE: strbuf_add_char(&b, '?'); break;
            case EH_BACKSLASH:
                if (c2 <= 0xFF) strbuf_printf(&b, "\\x%02x", c2);
                else if (c2 <= 0xFFFF) strbuf_printf(&b, "\\u%04x", c2);
                else strbuf_printf(&b, "\\U%08x", c2);
                break;
            case EH_XMLCHARREF: strbuf_printf(&b, "&#%u;", c2); break;
            case EH_SURROGATEPASS:
                if (utf8) {
                    strbuf_add(&b, p + j, (size_t)m);
                    break;
                }
                encode_error(vm, codec, s, cstart, ci, reason);
                strbuf_free(&b);
                return VAL_NULL;
            case EH_SURROGATEESCAPE:
                if (c2 >= 0xDC80 && c2 <= 0xDCFF) {
                    strbuf_add_char(&b, (char)(c2 - 0xDC00));
                    break;
                }
                encode_error(vm, codec, s, cstart, ci, reason);
                strbuf_free(&b);
                return VAL_NULL;
            case EH_STRICT:
                encode_error(vm, codec, s, cstart, ci, reason);
                strbuf_free(&b);
                return VAL_NULL;
            default:
                unknown_handler(vm, errors);
                strbuf_free(&b);
                return VAL_NULL;
            }
            j += (size_t)m;
        }
    }
    Value r = MAKE_OBJ(bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len));
    strbuf_free(&b);
    return r;
}

/* ======================================================================
 * Argument checking
 * ====================================================================== */

bool sa_self(VM *vm, Value *args, int nargs, const char *name) {
    if (nargs < 1) {
        vm_raise(vm, vm->exc_TypeError, "unbound method str.%s() needs an argument", name);
        return false;
    }
    if (!IS_STR(args[0])) {
        if (name[0] == '_' && name[1] == '_')
            vm_raise(vm, vm->exc_TypeError, "descriptor '%s' requires a 'str' object but received a '%s'", name,
                     vm_type_name(vm, args[0]));
        else
            vm_raise(vm, vm->exc_TypeError, "descriptor '%s' for 'str' objects doesn't apply to a '%s' object", name,
                     vm_type_name(vm, args[0]));
        return false;
    }
    return true;
}

bool sa_noargs(VM *vm, Value *args, int nargs, const char *name) {
    if (!sa_self(vm, args, nargs, name)) return false;
    if (nargs != 1) {
        vm_raise(vm, vm->exc_TypeError, "str.%s() takes no arguments (%d given)", name, nargs - 1);
        return false;
    }
    return true;
}

bool sa_one(VM *vm, Value *args, int nargs, const char *name) {
    if (!sa_self(vm, args, nargs, name)) return false;
    if (nargs != 2) {
        vm_raise(vm, vm->exc_TypeError, "str.%s() takes exactly one argument (%d given)", name, nargs - 1);
        return false;
    }
    return true;
}

bool sa_old(VM *vm, Value *args, int nargs, const char *name, int min, int max) {
    if (!sa_self(vm, args, nargs, name)) return false;
    int n = nargs - 1;
    if (n < min) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes at least %d argument%s (%d given)", name, min, min == 1 ? "" : "s",
                 n);
        return false;
    }
    if (n > max) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes at most %d argument%s (%d given)", name, max, max == 1 ? "" : "s",
                 n);
        return false;
    }
    return true;
}

bool sa_pos(VM *vm, Value *args, int nargs, const char *name, int min, int max) {
    if (!sa_self(vm, args, nargs, name)) return false;
    int n = nargs - 1;
    if (n < min) {
        vm_raise(vm, vm->exc_TypeError, "%s expected at least %d argument%s, got %d", name, min, min == 1 ? "" : "s", n);
        return false;
    }
    if (n > max) {
        vm_raise(vm, vm->exc_TypeError, "%s expected at most %d argument%s, got %d", name, max, max == 1 ? "" : "s", n);
        return false;
    }
    return true;
}

bool sa_wrap(VM *vm, Value *args, int nargs, const char *name, int n) {
    if (nargs < 1) {
        vm_raise(vm, vm->exc_TypeError, "descriptor '%s' of 'str' object needs an argument", name);
        return false;
    }
    if (!IS_STR(args[0])) {
        vm_raise(vm, vm->exc_TypeError, "descriptor '%s' requires a 'str' object but received a '%s'", name,
                 vm_type_name(vm, args[0]));
        return false;
    }
    if (nargs - 1 != n) {
        vm_raise(vm, vm->exc_TypeError, "expected %d argument%s, got %d", n, n == 1 ? "" : "s", nargs - 1);
        return false;
    }
    return true;
}

const char *sa_argtype(VM *vm, Value v) { return IS_NONE(v) ? "None" : vm_type_name(vm, v); }

bool sa_kw(VM *vm, const char *fname, Value *args, int nargs, ObjTuple *kwnames, const char *const *names, int nnames,
           Value *out) {
    for (int i = 0; i < nnames; i++) out[i] = VAL_NULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (nargs + nkw > nnames) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes at most %d %sargument%s (%d given)", fname, nnames,
                 nargs == 0 ? "keyword " : "", nnames == 1 ? "" : "s", nargs + nkw);
        return false;
    }
    for (int i = 0; i < nargs; i++) out[i] = args[i];
    for (int k = 0; k < nkw; k++) {
        ObjStr *kn = AS_STR(kwnames->items[k]);
        int j = 0;
        while (j < nnames && strcmp(kn->data, names[j]) != 0) j++;
        if (j == nnames) {
            vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn->data, fname);
            return false;
        }
        if (!IS_NULL(out[j])) {
            vm_raise(vm, vm->exc_TypeError, "argument for %s() given by name ('%s') and position (%d)", fname,
                     kn->data, j + 1);
            return false;
        }
        out[j] = args[nargs + k];
    }
    return true;
}

static bool has_index(VM *vm, Value v) {
    return IS_OBJ(v) && !IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___index__));
}

bool sa_index(VM *vm, Value v, int64_t *out) {
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    if (IS_BIGINT(v)) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
        return false;
    }
    if (!has_index(vm, v)) {
        vm_raise(vm, vm->exc_TypeError, "'%s' object cannot be interpreted as an integer", vm_type_name(vm, v));
        return false;
    }
    return vm_to_index(vm, v, out);
}

bool sa_slice_index(VM *vm, Value v, int64_t *out) {
    if (IS_NULL(v) || IS_NONE(v)) return true;
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    if (IS_BIGINT(v)) {
        *out = mpz_sgn(AS_BIGINT(v)->z) > 0 ? INT64_MAX : INT64_MIN;
        return true;
    }
    if (!has_index(vm, v)) {
        vm_raise(vm, vm->exc_TypeError, "slice indices must be integers or None or have an __index__ method");
        return false;
    }
    if (!vm_to_index(vm, v, out)) {
        if (!vm_exc_matches(vm, vm->exc_OverflowError)) return false;
        vm_clear_exc(vm);
        *out = INT64_MAX;
    }
    return true;
}

/* ======================================================================
 * Operator dunders
 * ====================================================================== */

#define SELF AS_STR(args[0])
#define NOT_IMPL MAKE_OBJ(vm->not_implemented)

static Value str_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__repr__", 0)) return VAL_NULL;
    return MAKE_OBJ(str_repr(vm, SELF));
}

static Value str_m_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__str__", 0)) return VAL_NULL;
    return MAKE_OBJ(stri_exact(vm, SELF));
}

static Value str_m_hash(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__hash__", 0)) return VAL_NULL;
    return MAKE_INT((int64_t)str_hash(vm, SELF));
}

static Value str_m_len(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__len__", 0)) return VAL_NULL;
    return MAKE_INT(SELF->nchars);
}

static Value richcmp(VM *vm, Value *args, int nargs, int op) {
    static const char *const opnames[] = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"};
    if (!sa_wrap(vm, args, nargs, opnames[op], 1)) return VAL_NULL;
    if (!IS_STR(args[1])) return NOT_IMPL;
    ObjStr *a = SELF, *b = AS_STR(args[1]);
    if (op == 0) return MAKE_BOOL(str_equal(a, b));
    if (op == 1) return MAKE_BOOL(!str_equal(a, b));
    int c = str_compare(a, b);
    switch (op) {
    case 2: return MAKE_BOOL(c < 0);
    case 3: return MAKE_BOOL(c <= 0);
    case 4: return MAKE_BOOL(c > 0);
    default: return MAKE_BOOL(c >= 0);
    }
}
static Value str_m_eq(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 0); }
static Value str_m_ne(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 1); }
static Value str_m_lt(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 2); }
static Value str_m_le(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 3); }
static Value str_m_gt(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 4); }
static Value str_m_ge(VM *vm, Value *args, int nargs, ObjTuple *kw) { return richcmp(vm, args, nargs, 5); }

/* Slice with a step other than 1 (slicelen > 0). */
static ObjStr *slice_step(VM *vm, ObjStr *s, int64_t start, int64_t step, int64_t slicelen) {
    if (s->obj.flags & STR_ASCII) {
        ObjStr *r = stri_alloc(vm, vm->t_str, (size_t)slicelen, slicelen);
        for (int64_t i = 0, j = start; i < slicelen; i++, j += step) r->data[i] = s->data[j];
        return stri_finish(r);
    }
    /* byte offset of every code point, then gather */
    int64_t *off = malloc(sizeof(int64_t) * (size_t)(s->nchars + 1));
    if (!off) {
        vm_raise_no_memory(vm);
        return NULL;
    }
    const unsigned char *u = (const unsigned char *)s->data;
    int64_t bi = 0;
    for (int64_t ci = 0; ci < s->nchars; ci++) {
        off[ci] = bi;
        bi += stri_seqlen(u[bi]);
    }
    off[s->nchars] = s->len;
    size_t total = 0;
    for (int64_t i = 0, j = start; i < slicelen; i++, j += step) total += (size_t)(off[j + 1] - off[j]);
    ObjStr *r = stri_alloc(vm, vm->t_str, total, slicelen);
    size_t pos = 0;
    for (int64_t i = 0, j = start; i < slicelen; i++, j += step) {
        size_t n = (size_t)(off[j + 1] - off[j]);
        memcpy(r->data + pos, s->data + off[j], n);
        pos += n;
    }
    free(off);
    return stri_finish(r);
}

static Value str_m_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__getitem__", 1)) return VAL_NULL;
    ObjStr *s = SELF;
    Value k = args[1];
    int64_t i;
    if (IS_INTLIKE(k)) {
        i = AS_INT(k);
    } else if (IS_SLICE(k)) {
        int64_t start, stop, step, slicelen;
        if (!slice_indices(vm, AS_SLICE(k), s->nchars, &start, &stop, &step, &slicelen)) return VAL_NULL;
        if (slicelen <= 0) return MAKE_OBJ(make_cached(vm, "", 0));
        if (step == 1) return MAKE_OBJ(str_substr(vm, s, start, start + slicelen));
        ObjStr *r = slice_step(vm, s, start, step, slicelen);
        return r ? MAKE_OBJ(r) : VAL_NULL;
    } else if (IS_BIGINT(k)) {
        return vm_raise(vm, vm->exc_IndexError, "cannot fit 'int' into an index-sized integer");
    } else if (has_index(vm, k)) {
        if (!vm_to_index(vm, k, &i)) return VAL_NULL;
    } else {
        return vm_raise(vm, vm->exc_TypeError, "string indices must be integers, not '%s'", vm_type_name(vm, k));
    }
    if (!seq_index(s->nchars, &i)) return vm_raise(vm, vm->exc_IndexError, "string index out of range");
    if (s->obj.flags & STR_ASCII) return MAKE_OBJ(make_cached(vm, s->data + i, 1));
    int64_t off = str_byte_offset(s, i);
    int n = stri_seqlen((unsigned char)s->data[off]);
    return MAKE_OBJ(stri_new_n(vm, s->data + off, (size_t)n, 1));
}

static Value str_m_contains(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__contains__", 1)) return VAL_NULL;
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "'in <string>' requires string as left operand, not %s",
                        vm_type_name(vm, args[1]));
    ObjStr *s = SELF, *sub = AS_STR(args[1]);
    if (sub->len == 0) return VAL_TRUE;
    return MAKE_BOOL(memmem(s->data, (size_t)s->len, sub->data, (size_t)sub->len) != NULL);
}

/* Does v's (user) type define the reflected operator `name`? Then str's
 * forward operator steps aside (NotImplemented) so the VM can try it. */
static bool user_reflected(VM *vm, Value v, ObjStr *name) {
    if (!IS_OBJ(v)) return false;
    ObjType *t = vm_type_of(vm, v);
    if (!(t->tflags & TF_HEAPTYPE)) return false;
    return !IS_NULL(type_lookup(vm, t, name));
}

static Value str_m_add(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__add__", 1)) return VAL_NULL;
    if (!IS_STR(args[1])) {
        if (user_reflected(vm, args[1], vm->s___radd__)) return NOT_IMPL;
        return vm_raise(vm, vm->exc_TypeError, "can only concatenate str (not \"%s\") to str",
                        vm_type_name(vm, args[1]));
    }
    ObjStr *a = SELF, *b = AS_STR(args[1]);
    if ((int64_t)(a->len + b->len) < 0) return vm_raise_no_memory(vm);
    return MAKE_OBJ(str_concat(vm, stri_exact(vm, a), stri_exact(vm, b)));
}

static Value repeat(VM *vm, ObjStr *s, Value nv, bool reflected_ok) {
    int64_t n;
    if (IS_INTLIKE(nv)) {
        n = AS_INT(nv);
    } else if (IS_BIGINT(nv)) {
        if (mpz_sgn(AS_BIGINT(nv)->z) < 0) return MAKE_OBJ(make_cached(vm, "", 0));
        return vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    } else if (has_index(vm, nv)) {
        if (!vm_to_index(vm, nv, &n)) return VAL_NULL;
    } else {
        if (reflected_ok && user_reflected(vm, nv, vm->s___rmul__)) return NOT_IMPL;
        return vm_raise(vm, vm->exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                        vm_type_name(vm, nv));
    }
    if (n <= 0 || s->len == 0) return MAKE_OBJ(make_cached(vm, "", 0));
    if (n == 1) return MAKE_OBJ(stri_exact(vm, s));
    if (s->len > (INT64_MAX / 2) / n) return vm_raise_no_memory(vm);
    size_t total = (size_t)(s->len * n);
    if (total >= gc_memory_limit()) return vm_raise_no_memory(vm);
    ObjStr *r = stri_alloc(vm, vm->t_str, total, s->nchars * n);
    if (s->len == 1) {
        memset(r->data, s->data[0], total);
    } else {
        memcpy(r->data, s->data, (size_t)s->len);
        size_t done = (size_t)s->len;
        while (done < total) {
            size_t chunk = done <= total - done ? done : total - done;
            memcpy(r->data + done, r->data, chunk);
            done += chunk;
        }
    }
    return MAKE_OBJ(stri_finish(r));
}

static Value str_m_mul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__mul__", 1)) return VAL_NULL;
    return repeat(vm, SELF, args[1], true);
}

static Value str_m_rmul(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__rmul__", 1)) return VAL_NULL;
    return repeat(vm, SELF, args[1], false);
}

static Value str_m_mod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__mod__", 1)) return VAL_NULL;
    return format_percent(vm, SELF, args[1]);
}

static Value str_m_rmod(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__rmod__", 1)) return VAL_NULL;
    return NOT_IMPL;
}

static Value str_m_format(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_self(vm, args, nargs, "__format__")) return VAL_NULL;
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "str.__format__() takes exactly one argument (%d given)", nargs - 1);
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "__format__() argument must be str, not %s", sa_argtype(vm, args[1]));
    if (AS_STR(args[1])->len == 0) {
        /* format(x, "") is str(x): a subclass's __str__ counts */
        if (SELF->obj.type != vm->t_str) return vm_str(vm, args[0]);
        return MAKE_OBJ(stri_exact(vm, SELF));
    }
    return format_str_spec(vm, SELF, AS_STR(args[1]));
}

static Value str_m_getnewargs(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_noargs(vm, args, nargs, "__getnewargs__")) return VAL_NULL;
    Value v = MAKE_OBJ(stri_new_n(vm, SELF->data, (size_t)SELF->len, SELF->nchars));
    return MAKE_OBJ(tuple_from(vm, &v, 1));
}

static Value str_m_sizeof(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_noargs(vm, args, nargs, "__sizeof__")) return VAL_NULL;
    /* CPython's compact layout, so sys.getsizeof() agrees with it */
    ObjStr *s = SELF;
    if (s->obj.flags & STR_ASCII) return MAKE_INT(48 + s->nchars + 1);
    uint32_t maxcp = 0;
    for (int64_t i = 0; i < s->len;) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, &n);
        if (cp > maxcp) maxcp = cp;
        i += n;
    }
    int width = maxcp < 0x100 ? 1 : maxcp < 0x10000 ? 2 : 4;
    return MAKE_INT(72 + (s->nchars + 1) * width);
}

/* str(object='') / str(object=b'', encoding='utf-8', errors='strict') */
static Value str_m_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1) return vm_raise(vm, vm->exc_TypeError, "str.__new__(): not enough arguments");
    if (!IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "str.__new__(X): X is not a type object (%s)", vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->t_str))
        return vm_raise(vm, vm->exc_TypeError, "str.__new__(%s): %s is not a subtype of str", cls->name->data,
                        cls->name->data);
    static const char *const names[] = {"object", "encoding", "errors"};
    Value a[3];
    if (!sa_kw(vm, "str", args + 1, nargs - 1, kwnames, names, 3, a)) return VAL_NULL;
    if (!IS_NULL(a[1]) && !IS_STR(a[1]))
        return vm_raise(vm, vm->exc_TypeError, "str() argument 'encoding' must be str, not %s", sa_argtype(vm, a[1]));
    if (!IS_NULL(a[2]) && !IS_STR(a[2]))
        return vm_raise(vm, vm->exc_TypeError, "str() argument 'errors' must be str, not %s", sa_argtype(vm, a[2]));
    ObjStr *r;
    if (IS_NULL(a[0])) {
        r = make_cached(vm, "", 0);
    } else if (!IS_NULL(a[1]) || !IS_NULL(a[2])) {
        if (IS_STR(a[0])) return vm_raise(vm, vm->exc_TypeError, "decoding str is not supported");
        if (!IS_BYTES(a[0]))
            return vm_raise(vm, vm->exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                            vm_type_name(vm, a[0]));
        ObjBytes *b = AS_BYTES(a[0]);
        r = stri_decode(vm, (const char *)b->data, (size_t)b->len, IS_NULL(a[1]) ? "utf-8" : AS_STR(a[1])->data,
                        IS_NULL(a[2]) ? "strict" : AS_STR(a[2])->data);
        if (!r) return VAL_NULL;
    } else {
        Value v = vm_str(vm, a[0]);
        if (IS_NULL(v)) return VAL_NULL;
        if (cls == vm->t_str) return v;
        r = AS_STR(v);
    }
    if (cls == vm->t_str) return MAKE_OBJ(r);
    return MAKE_OBJ(str_subtype_new(vm, cls, r));
}

/* ======================================================================
 * Iterators: str_ascii_iterator (ptypes[32]) and str_iterator (ptypes[33])
 * ====================================================================== */

typedef struct {
    Obj obj;
    ObjStr *s;   /* NULL once exhausted */
    int64_t pos; /* byte offset */
    int64_t idx; /* code point index */
} StrIter;

static void str_iter_trace(GC *gc, Obj *o) { gc_mark_obj(gc, (Obj *)((StrIter *)o)->s); }

static Value str_iter_next(VM *vm, Value self) {
    StrIter *it = (StrIter *)AS_OBJ(self);
    ObjStr *s = it->s;
    if (!s) return VAL_NULL;
    if (it->pos >= s->len) {
        it->s = NULL;
        return VAL_NULL;
    }
    const char *p = s->data + it->pos;
    int n = stri_seqlen((unsigned char)*p);
    it->pos += n;
    it->idx++;
    if (n == 1) return MAKE_OBJ(make_cached(vm, p, 1));
    return MAKE_OBJ(stri_new_n(vm, p, (size_t)n, 1));
}

static Value str_iter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "expected 0 arguments, got %d", nargs - 1);
    StrIter *it = (StrIter *)AS_OBJ(args[0]);
    return MAKE_INT(it->s ? it->s->nchars - it->idx : 0);
}

static const MethodDef str_iter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", str_iter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value str_m_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!sa_wrap(vm, args, nargs, "__iter__", 0)) return VAL_NULL;
    ObjStr *s = SELF;
    ObjType *t = vm->ptypes[(s->obj.flags & STR_ASCII) ? 32 : 33];
    StrIter *it = (StrIter *)gc_alloc(vm, sizeof(StrIter), t, OK_OTHER);
    it->s = s;
    return MAKE_OBJ(it);
}

/* ======================================================================
 * Type setup
 * ====================================================================== */

static const MethodDef str_core_methods[] = {
    {"__new__", str_m_new, METH_STATIC | METH_KW, "Create a new string object."},
    {"__repr__", str_m_repr, 0, NULL},
    {"__str__", str_m_str, 0, NULL},
    {"__hash__", str_m_hash, 0, NULL},
    {"__eq__", str_m_eq, 0, NULL},
    {"__ne__", str_m_ne, 0, NULL},
    {"__lt__", str_m_lt, 0, NULL},
    {"__le__", str_m_le, 0, NULL},
    {"__gt__", str_m_gt, 0, NULL},
    {"__ge__", str_m_ge, 0, NULL},
    {"__len__", str_m_len, 0, NULL},
    {"__getitem__", str_m_getitem, 0, NULL},
    {"__contains__", str_m_contains, 0, NULL},
    {"__add__", str_m_add, 0, NULL},
    {"__mul__", str_m_mul, 0, NULL},
    {"__rmul__", str_m_rmul, 0, NULL},
    {"__mod__", str_m_mod, 0, NULL},
    {"__rmod__", str_m_rmod, 0, NULL},
    {"__iter__", str_m_iter, 0, NULL},
    {"__format__", str_m_format, 0, NULL},
    {"__getnewargs__", str_m_getnewargs, 0, NULL},
    {"__sizeof__", str_m_sizeof, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void str_init_type(VM *vm) {
    make_cached(vm, "", 0);
    type_add_methods(vm, vm->t_str, str_core_methods);
    str_methods_init(vm);
    vm->ptypes[32] = type_new_builtin(vm, "str_ascii_iterator", NULL, OK_OTHER, sizeof(StrIter), str_iter_trace, NULL,
                                      TF_BUILTIN);
    vm->ptypes[33] =
        type_new_builtin(vm, "str_iterator", NULL, OK_OTHER, sizeof(StrIter), str_iter_trace, NULL, TF_BUILTIN);
    for (int i = 32; i <= 33; i++) {
        vm->ptypes[i]->iternext = str_iter_next;
        type_add_methods(vm, vm->ptypes[i], str_iter_methods);
    }
}
