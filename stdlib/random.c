/* random.c: the random module, bit-for-bit compatible with CPython 3.11.
 *
 * The generator is MT19937 seeded exactly like _random.Random (int seeds
 * through init_by_array over the 32-bit little-endian chunks of abs(seed);
 * str/bytes seeds through Random.seed's version-2 scheme: the bytes plus
 * their SHA-512 digest read as a big-endian int). Every method reproduces
 * the draws of Lib/random.py (_randbelow_with_getrandbits, shuffle, sample's
 * set/pool switch, choices' bisect, gauss's cached second value, ...), so a
 * seeded program prints the same numbers as CPython.
 *
 * random.Random is a real subclassable type (OK_OTHER, RandomObj layout);
 * the module-level functions are bound methods of one hidden instance, as
 * in CPython.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "float.h"
#include "int.h"
#include "random.h"

#define MT_N 624
#define MT_M 397

typedef struct {
    Obj obj;
    int index;
    bool has_gauss;
    double gauss_next;
    uint32_t mt[MT_N];
} RandomObj;

/* ---- Mersenne Twister ------------------------------------------------------ */

static void init_genrand(RandomObj *r, uint32_t s) {
    r->mt[0] = s;
    for (int i = 1; i < MT_N; i++) r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->index = MT_N;
}

static void init_by_array(RandomObj *r, const uint32_t *key, size_t len) {
    init_genrand(r, 19650218u);
    size_t i = 1, j = 0;
    size_t k = MT_N > len ? MT_N : len;
    for (; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            r->mt[0] = r->mt[MT_N - 1];
            i = 1;
        }
        if (j >= len) j = 0;
    }
    for (k = MT_N - 1; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            r->mt[0] = r->mt[MT_N - 1];
            i = 1;
        }
    }
    r->mt[0] = 0x80000000u;
}

static uint32_t genrand(RandomObj *r) {
    static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
    uint32_t y;
    if (r->index >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
            r->mt[kk] = r->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
            r->mt[kk] = r->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1];
        }
        y = (r->mt[MT_N - 1] & 0x80000000u) | (r->mt[0] & 0x7fffffffu);
        r->mt[MT_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1];
        r->index = 0;
    }
    y = r->mt[r->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

static double genrand_double(RandomObj *r) {
    uint32_t a = genrand(r) >> 5, b = genrand(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* getrandbits(k) for k <= 64 */
static uint64_t getrandbits_u64(RandomObj *r, int k) {
    if (k == 0) return 0;
    if (k <= 32) return genrand(r) >> (32 - k);
    uint64_t lo = genrand(r);
    uint64_t hi = genrand(r);
    if (k < 64) hi >>= (64 - k);
    return lo | (hi << 32);
}

/* getrandbits(k) as a Python int: words filled little-endian, the last
 * one keeping its top bits (CPython's _random_Random_getrandbits_impl). */
static Value getrandbits_value(VM *vm, RandomObj *r, uint64_t k) {
    if (k <= 63) return MAKE_INT((int64_t)getrandbits_u64(r, (int)k));
    uint64_t words = (k - 1) / 32 + 1;
    uint32_t *w = malloc(words * sizeof(uint32_t));
    if (!w) abort();
    int64_t left = (int64_t)k;
    for (uint64_t i = 0; i < words; i++, left -= 32) {
        uint32_t x = genrand(r);
        if (left < 32) x >>= (32 - left);
        w[i] = x;
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, w);
    free(w);
    return int_from_mpz(vm, z);
}

/* _randbelow_with_getrandbits(n) for an int n > 0 */
static Value randbelow(VM *vm, RandomObj *r, Value n) {
    if (!IS_BIGINT(n)) {
        uint64_t nn = (uint64_t)AS_INT(n);
        int k = (int)int_bit_length(n);
        uint64_t x;
        do x = getrandbits_u64(r, k);
        while (x >= nn);
        return MAKE_INT((int64_t)x);
    }
    uint64_t k = int_bit_length(n);
    for (;;) {
        Value x = getrandbits_value(vm, r, k);
        if (int_compare(x, n) < 0) return x;
    }
}

static int64_t randbelow_i64(RandomObj *r, int64_t n) {
    int k = (int)int_bit_length(MAKE_INT(n));
    uint64_t x;
    do x = getrandbits_u64(r, k);
    while (x >= (uint64_t)n);
    return (int64_t)x;
}

/* ---- SHA-512 (FIPS 180-4), for str/bytes seeds ------------------------------- */

static const uint64_t sha512_k[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL,
    0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
    0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL, 0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL, 0x983e5152ee66dfabULL,
    0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL,
    0x53380d139d95b3dfULL, 0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL, 0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
    0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL,
    0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL, 0xca273eceea26619cULL,
    0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
    0x113f9804bef90daeULL, 0x1b710b35131c471bULL, 0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

static inline uint64_t rotr64(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

static void sha512_block(uint64_t h[8], const uint8_t *p) {
    uint64_t w[80];
    for (int i = 0; i < 16; i++) {
        uint64_t v = 0;
        for (int b = 0; b < 8; b++) v = (v << 8) | p[i * 8 + b];
        w[i] = v;
    }
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 80; i++) {
        uint64_t S1 = rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41);
        uint64_t ch = (e & f) ^ (~e & g);
        uint64_t t1 = hh + S1 + ch + sha512_k[i] + w[i];
        uint64_t S0 = rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39);
        uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint64_t t2 = S0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

void random_sha512(const uint8_t *data, size_t len, uint8_t out[64]) {
    uint64_t h[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                     0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    size_t full = len / 128;
    for (size_t i = 0; i < full; i++) sha512_block(h, data + i * 128);
    uint8_t tail[256];
    size_t rem = len - full * 128;
    memcpy(tail, data + full * 128, rem);
    tail[rem] = 0x80;
    size_t total = rem + 17 <= 128 ? 128 : 256;
    memset(tail + rem + 1, 0, total - rem - 1);
    uint64_t bits = (uint64_t)len * 8;
    for (int b = 0; b < 8; b++) tail[total - 1 - b] = (uint8_t)(bits >> (8 * b));
    sha512_block(h, tail);
    if (total == 256) sha512_block(h, tail + 128);
    for (int i = 0; i < 8; i++)
        for (int b = 0; b < 8; b++) out[i * 8 + b] = (uint8_t)(h[i] >> (56 - 8 * b));
}

/* ---- seeding ----------------------------------------------------------------- */

static void seed_from_mpz(RandomObj *r, mpz_t n) {
    mpz_abs(n, n);
    size_t count = 0;
    size_t words = mpz_sgn(n) == 0 ? 1 : (mpz_sizeinbase(n, 2) - 1) / 32 + 1;
    uint32_t *key = calloc(words, sizeof(uint32_t));
    if (!key) abort();
    if (mpz_sgn(n) != 0) mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, n);
    init_by_array(r, key, words);
    free(key);
}

static void seed_urandom(RandomObj *r) {
    uint32_t key[MT_N];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom((char *)key + got, sizeof key - got, 0);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        got += (size_t)n;
    }
    if (got < sizeof key) {
        /* no entropy source: time and pid, as CPython's fallback */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint32_t k[4] = {(uint32_t)ts.tv_sec, (uint32_t)ts.tv_nsec, (uint32_t)getpid(), 0};
        init_by_array(r, k, 4);
        return;
    }
    init_by_array(r, key, MT_N);
}

static bool is_bytes_like(VM *vm, Value v) { return IS_BYTES(v) && (AS_OBJ(v)->type == vm->t_bytes || AS_OBJ(v)->type == vm->t_bytearray); }

/* Random.seed(a, version) */
static bool do_seed(VM *vm, RandomObj *r, Value a, int version) {
    r->has_gauss = false;
    if (IS_NULL(a) || IS_NONE(a)) {
        seed_urandom(r);
        return true;
    }
    mpz_t n;
    mpz_init(n);
    if (version == 1 && (IS_STR(a) || is_bytes_like(vm, a))) {
        /* the old algorithm on code points (str) or latin-1 bytes */
        const uint8_t *s = IS_STR(a) ? (const uint8_t *)AS_STR(a)->data : AS_BYTES(a)->data;
        int64_t len = IS_STR(a) ? AS_STR(a)->len : AS_BYTES(a)->len;
        uint64_t x = 0, count = 0;
        bool first = true;
        for (int64_t i = 0; i < len;) {
            uint32_t c = s[i++];
            if (IS_STR(a) && c >= 0x80) {
                int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
                c &= extra == 3 ? 0x07 : extra == 2 ? 0x0f : 0x1f;
                while (extra-- > 0 && i < len) c = (c << 6) | (s[i++] & 0x3f);
            }
            if (first) {
                x = (uint64_t)c << 7;
                first = false;
            }
            x = (1000003u * x) ^ c;
            count++;
        }
        x ^= count;
        /* x is an unsigned 64-bit value, never -1 */
        mpz_import(n, 1, 1, sizeof x, 0, 0, &x);
    } else if (version == 2 && (IS_STR(a) || is_bytes_like(vm, a))) {
        const uint8_t *s = IS_STR(a) ? (const uint8_t *)AS_STR(a)->data : AS_BYTES(a)->data;
        size_t len = (size_t)(IS_STR(a) ? AS_STR(a)->len : AS_BYTES(a)->len);
        uint8_t *buf = malloc(len + 64);
        if (!buf) abort();
        memcpy(buf, s, len);
        random_sha512(s, len, buf + len);
        mpz_import(n, len + 64, 1, 1, 0, 0, buf);
        free(buf);
    } else if (int_check(a)) {
        int_to_mpz(a, n);
    } else if (IS_FLOAT(a) || IS_STR(a) || is_bytes_like(vm, a)) {
        uint64_t h;
        if (!vm_hash(vm, a, &h)) {
            mpz_clear(n);
            return false;
        }
        int64_t hs = (int64_t)h;
        mpz_set_si(n, hs);
    } else {
        mpz_clear(n);
        vm_raise(vm, vm->exc_TypeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
        return false;
    }
    seed_from_mpz(r, n);
    mpz_clear(n);
    return true;
}

/* ---- the Random type ------------------------------------------------------------ */

static RandomObj *self_of(VM *vm, Value *args, int nargs, const char *name) {
    if (nargs >= 1 && IS_OBJ(args[0]) && type_is_subtype(AS_OBJ(args[0])->type, vm->t_random))
        return (RandomObj *)AS_OBJ(args[0]);
    vm_raise(vm, vm->exc_TypeError, "descriptor '%s' for 'Random' objects doesn't apply to a '%s' object", name,
             nargs >= 1 ? vm_type_name(vm, args[0]) : "NoneType");
    return NULL;
}

/* self.random(), honouring a subclass override as Lib/random.py does */
static bool next_random(VM *vm, Value self, RandomObj *r, double *out) {
    if (AS_OBJ(self)->type == vm->t_random) {
        *out = genrand_double(r);
        return true;
    }
    Value v = vm_call_method(vm, self, str_intern_cstr(vm, "random"), NULL, 0);
    if (IS_NULL(v)) return false;
    return float_as_double(vm, v, out);
}

/* Arithmetic on Coil values: fast for numbers, generic otherwise. */
static Value arith(VM *vm, int op, Value a, Value b) {
    if (int_check(a) && int_check(b)) return int_binary_op(vm, op, a, b);
    if ((IS_FLOAT(a) || int_check(a)) && (IS_FLOAT(b) || int_check(b))) return float_binary_op(vm, op, a, b);
    return vm_binary_op(vm, op, a, b);
}

static Value r_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    if (nargs < 1 || !IS_TYPE(args[0]) || !type_is_subtype(AS_TYPE(args[0]), vm->t_random))
        return vm_raise(vm, vm->exc_TypeError, "Random.__new__(X): X is not a subtype of Random");
    ObjType *cls = AS_TYPE(args[0]);
    RandomObj *r = (RandomObj *)gc_alloc(vm, cls->basicsize, cls, cls->kind);
    seed_urandom(r);
    return MAKE_OBJ(r);
}

static Value r_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "__init__");
    if (!r) return VAL_NULL;
    Value x = VAL_NULL;
    if (!vm_parse_args(vm, "Random", args + 1, nargs - 1, kwnames, "|x", &x)) return VAL_NULL;
    if (AS_OBJ(args[0])->type != vm->t_random) {
        Value a = IS_NULL(x) ? VAL_NONE : x;
        Value res = vm_call_method(vm, args[0], str_intern_cstr(vm, "seed"), &a, 1);
        return IS_NULL(res) ? VAL_NULL : VAL_NONE;
    }
    return do_seed(vm, r, x, 2) ? VAL_NONE : VAL_NULL;
}

static Value r_seed(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "seed");
    if (!r) return VAL_NULL;
    Value a = VAL_NULL, version = VAL_NULL;
    if (!vm_parse_args(vm, "seed", args + 1, nargs - 1, kwnames, "|a,version", &a, &version)) return VAL_NULL;
    int v = 2;
    if (!IS_NULL(version)) {
        if (!int_check(version)) v = 0;
        else v = IS_BIGINT(version) ? 0 : (int)AS_INT(version);
    }
    return do_seed(vm, r, a, v) ? VAL_NONE : VAL_NULL;
}

static Value r_random(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "random");
    if (!r) return VAL_NULL;
    if (nargs != 1) return vm_raise(vm, vm->exc_TypeError, "random() takes no arguments (%d given)", nargs - 1);
    return MAKE_FLOAT(genrand_double(r));
}

static Value r_getrandbits(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "getrandbits");
    if (!r) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "getrandbits() takes exactly one argument (%d given)", nargs - 1);
    Value k = int_index(vm, args[1]);
    if (IS_NULL(k)) return VAL_NULL;
    if (int_sign(k) < 0) return vm_raise(vm, vm->exc_ValueError, "number of bits must be non-negative");
    if (IS_BIGINT(k) || AS_INT(k) > 0x7fffffff)
        return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
    return getrandbits_value(vm, r, (uint64_t)AS_INT(k));
}

/* Lib/random.py's `_index(x)` with the float fallback of randrange:
 * VAL_NULL on error, with `msg` as the ValueError for non-integral values. */
static Value randrange_arg(VM *vm, Value v, const char *msg) {
    if (int_check(v)) return IS_BOOL(v) ? MAKE_INT(AS_INT(v)) : v;
    Value i = int_index(vm, v);
    if (!IS_NULL(i)) return i;
    if (!vm_exc_matches(vm, vm->exc_TypeError)) return VAL_NULL;
    vm_clear_exc(vm);
    i = int_from_object(vm, v);
    if (IS_NULL(i)) return VAL_NULL;
    int eq = vm_eq(vm, i, v);
    if (eq < 0) return VAL_NULL;
    if (!eq) return vm_raise(vm, vm->exc_ValueError, "%s", msg);
    return i;
}

static Value randrange(VM *vm, RandomObj *r, Value start, Value stop, Value step) {
    Value istart = randrange_arg(vm, start, "non-integer arg 1 for randrange()");
    if (IS_NULL(istart)) return VAL_NULL;
    bool step_is_one = IS_NULL(step) || (IS_INT(step) && AS_INT(step) == 1);
    if (IS_NULL(stop) || IS_NONE(stop)) {
        if (!step_is_one) return vm_raise(vm, vm->exc_TypeError, "Missing a non-None stop argument");
        if (int_sign(istart) > 0) return randbelow(vm, r, istart);
        return vm_raise(vm, vm->exc_ValueError, "empty range for randrange()");
    }
    Value istop = randrange_arg(vm, stop, "non-integer stop for randrange()");
    if (IS_NULL(istop)) return VAL_NULL;
    Value width = int_sub(vm, istop, istart);
    if (IS_NULL(width)) return VAL_NULL;
    Value istep = IS_NULL(step) ? MAKE_INT(1) : randrange_arg(vm, step, "non-integer step for randrange()");
    if (IS_NULL(istep)) return VAL_NULL;
    if (IS_INT(istep) && AS_INT(istep) == 1) {
        if (int_sign(width) > 0) {
            Value b = randbelow(vm, r, width);
            return IS_NULL(b) ? VAL_NULL : int_add(vm, istart, b);
        }
        Value s1 = int_repr(vm, istart), s2 = int_repr(vm, istop), s3 = int_repr(vm, width);
        if (IS_NULL(s1) || IS_NULL(s2) || IS_NULL(s3)) return VAL_NULL;
        return vm_raise(vm, vm->exc_ValueError, "empty range for randrange() (%s, %s, %s)", AS_STR(s1)->data,
                        AS_STR(s2)->data, AS_STR(s3)->data);
    }
    Value n;
    int ss = int_sign(istep);
    if (ss == 0) return vm_raise(vm, vm->exc_ValueError, "zero step for randrange()");
    Value t = int_add(vm, width, istep);
    if (IS_NULL(t)) return VAL_NULL;
    t = int_add(vm, t, MAKE_INT(ss > 0 ? -1 : 1));
    if (IS_NULL(t)) return VAL_NULL;
    n = int_floordiv(vm, t, istep);
    if (IS_NULL(n)) return VAL_NULL;
    if (int_sign(n) <= 0) return vm_raise(vm, vm->exc_ValueError, "empty range for randrange()");
    Value b = randbelow(vm, r, n);
    if (IS_NULL(b)) return VAL_NULL;
    b = int_mul(vm, istep, b);
    return IS_NULL(b) ? VAL_NULL : int_add(vm, istart, b);
}

static Value r_randrange(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "randrange");
    if (!r) return VAL_NULL;
    Value start, stop, step;
    if (!vm_parse_args(vm, "randrange", args + 1, nargs - 1, kwnames, "start|stop,step", &start, &stop, &step))
        return VAL_NULL;
    return randrange(vm, r, start, stop, step);
}

static Value r_randint(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "randint");
    if (!r) return VAL_NULL;
    Value a, b;
    if (!vm_parse_args(vm, "randint", args + 1, nargs - 1, kwnames, "a,b", &a, &b)) return VAL_NULL;
    Value b1 = arith(vm, BINOP_ADD, b, MAKE_INT(1));
    if (IS_NULL(b1)) return VAL_NULL;
    return randrange(vm, r, a, b1, VAL_NULL);
}

static Value item_at(VM *vm, Value seq, int64_t i) {
    if (IS_LIST(seq) && i < AS_LIST(seq)->len) return AS_LIST(seq)->items[i];
    if (IS_TUPLE(seq)) return AS_TUPLE(seq)->items[i];
    return vm_getitem(vm, seq, MAKE_INT(i));
}

static Value r_choice(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "choice");
    if (!r) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "choice() takes 2 positional arguments but %d were given", nargs);
    int64_t n = vm_len(vm, args[1]);
    if (n < 0) return VAL_NULL;
    if (n == 0) return vm_raise(vm, vm->exc_IndexError, "Cannot choose from an empty sequence");
    return item_at(vm, args[1], randbelow_i64(r, n));
}

static Value r_shuffle(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "shuffle");
    if (!r) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "shuffle() takes 2 positional arguments but %d were given", nargs);
    Value x = args[1];
    int64_t n = vm_len(vm, x);
    if (n < 0) return VAL_NULL;
    for (int64_t i = n - 1; i >= 1; i--) {
        int64_t j = randbelow_i64(r, i + 1);
        if (IS_LIST(x) && AS_LIST(x)->len == n) {
            ObjList *l = AS_LIST(x);
            Value t = l->items[i];
            OBJ_STORE(vm, l, l->items[i], l->items[j]);
            OBJ_STORE(vm, l, l->items[j], t);
            continue;
        }
        Value xj = vm_getitem(vm, x, MAKE_INT(j));
        if (IS_NULL(xj)) return VAL_NULL;
        Value xi = vm_getitem(vm, x, MAKE_INT(i));
        if (IS_NULL(xi)) return VAL_NULL;
        if (!vm_setitem(vm, x, MAKE_INT(i), xj) || !vm_setitem(vm, x, MAKE_INT(j), xi)) return VAL_NULL;
    }
    return VAL_NONE;
}

/* bisect.bisect_right(a, x, lo, hi) over a list of numbers */
static int64_t bisect_right(VM *vm, ObjList *a, Value x, int64_t lo, int64_t hi, bool *err) {
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        Value m = a->items[mid];
        int lt;
        if (int_check(x) && int_check(m)) lt = int_compare(x, m) < 0;
        else lt = vm_compare_bool(vm, x, m, CMP_LT);
        if (lt < 0) {
            *err = true;
            return 0;
        }
        if (lt) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* list(itertools.accumulate(iterable)) */
static ObjList *accumulate(VM *vm, Value iterable) {
    ObjList *src = vm_list_from_iterable(vm, iterable);
    if (!src) return NULL;
    ObjList *out = list_new(vm, 0);
    Value acc = VAL_NULL;
    for (int64_t i = 0; i < src->len; i++) {
        acc = IS_NULL(acc) ? src->items[i] : arith(vm, BINOP_ADD, acc, src->items[i]);
        if (IS_NULL(acc) || !list_append(vm, out, acc)) return NULL;
    }
    return out;
}

/* Population[i] for sample(); `range_n` >= 0 means the population is
 * range(range_n) (the counts= path). */
static Value pop_item(VM *vm, Value pop, int64_t i) {
    if (IS_NULL(pop)) return MAKE_INT(i);
    return item_at(vm, pop, i);
}

static Value sample_core(VM *vm, RandomObj *r, Value pop, int64_t n, int64_t k) {
    if (k < 0 || k > n) return vm_raise(vm, vm->exc_ValueError, "Sample larger than population or is negative");
    ObjList *result = list_new(vm, k);
    int64_t setsize = 21;
    if (k > 5) setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    if (n <= setsize) {
        ObjList *pool;
        if (IS_NULL(pop)) {
            pool = list_new(vm, n);
            for (int64_t i = 0; i < n; i++) pool->items[i] = MAKE_INT(i);
        } else if (IS_LIST(pop) || IS_TUPLE(pop)) {
            /* a private copy: the pool is shuffled in place */
            pool = list_new(vm, n);
            Value *src = IS_LIST(pop) ? AS_LIST(pop)->items : AS_TUPLE(pop)->items;
            for (int64_t i = 0; i < n; i++) pool->items[i] = src[i];
        } else {
            pool = vm_list_from_iterable(vm, pop);
            if (!pool) return VAL_NULL;
            if (pool->len != n) return vm_raise(vm, vm->exc_RuntimeError, "population changed size during sampling");
        }
        for (int64_t i = 0; i < k; i++) {
            int64_t j = randbelow_i64(r, n - i);
            OBJ_STORE(vm, result, result->items[i], pool->items[j]);
            OBJ_STORE(vm, pool, pool->items[j], pool->items[n - i - 1]);
        }
        return MAKE_OBJ(result);
    }
    /* set of selected indices: open addressing over int64 */
    int64_t cap = 16;
    while (cap < 2 * k + 2) cap *= 2;
    int64_t *table = malloc((size_t)cap * sizeof(int64_t));
    if (!table) abort();
    for (int64_t i = 0; i < cap; i++) table[i] = -1;
    for (int64_t i = 0; i < k; i++) {
        int64_t j;
        for (;;) {
            j = randbelow_i64(r, n);
            uint64_t h = ((uint64_t)j * 0x9E3779B97F4A7C15ULL) & (uint64_t)(cap - 1);
            bool seen = false;
            while (table[h] != -1) {
                if (table[h] == j) {
                    seen = true;
                    break;
                }
                h = (h + 1) & (uint64_t)(cap - 1);
            }
            if (!seen) {
                table[h] = j;
                break;
            }
        }
        Value v = pop_item(vm, pop, j);
        if (IS_NULL(v)) {
            free(table);
            return VAL_NULL;
        }
        OBJ_STORE(vm, result, result->items[i], v);
    }
    free(table);
    return MAKE_OBJ(result);
}

static bool is_sequence(VM *vm, Value v) {
    return IS_LIST(v) || IS_TUPLE(v) || IS_STR(v) || IS_RANGE(v) || is_bytes_like(vm, v);
}

static Value r_sample(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "sample");
    if (!r) return VAL_NULL;
    Value pop, kv, counts;
    if (!vm_parse_args(vm, "sample", args + 1, nargs - 1, kwnames, "population,k|$counts", &pop, &kv, &counts))
        return VAL_NULL;
    if (!is_sequence(vm, pop))
        return vm_raise(vm, vm->exc_TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
    int64_t n = vm_len(vm, pop);
    if (n < 0) return VAL_NULL;
    Value k = int_index(vm, kv);
    if (IS_NULL(k)) return VAL_NULL;
    int64_t kk = IS_BIGINT(k) ? (int_sign(k) < 0 ? -1 : INT64_MAX) : AS_INT(k);
    if (!IS_NULL(counts) && !IS_NONE(counts)) {
        ObjList *cum = accumulate(vm, counts);
        if (!cum) return VAL_NULL;
        if (cum->len != n) return vm_raise(vm, vm->exc_ValueError, "The number of counts does not match the population");
        Value total = cum->items[--cum->len];
        if (!int_check(total)) return vm_raise(vm, vm->exc_TypeError, "Counts must be integers");
        if (int_sign(total) <= 0) return vm_raise(vm, vm->exc_ValueError, "Total of counts must be greater than zero");
        if (IS_BIGINT(total)) return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C ssize_t");
        Value sel = sample_core(vm, r, VAL_NULL, AS_INT(total), kk);
        if (IS_NULL(sel)) return VAL_NULL;
        ObjList *sl = AS_LIST(sel);
        for (int64_t i = 0; i < sl->len; i++) {
            bool err = false;
            int64_t idx = bisect_right(vm, cum, sl->items[i], 0, cum->len, &err);
            if (err) return VAL_NULL;
            Value v = item_at(vm, pop, idx);
            if (IS_NULL(v)) return VAL_NULL;
            OBJ_STORE(vm, sl, sl->items[i], v);
        }
        return sel;
    }
    return sample_core(vm, r, pop, n, kk);
}

static Value r_choices(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    RandomObj *r = self_of(vm, args, nargs, "choices");
    if (!r) return VAL_NULL;
    Value self = args[0];
    Value pop, weights, cum_weights, kv;
    if (!vm_parse_args(vm, "choices", args + 1, nargs - 1, kwnames, "population|weights,$cum_weights,k", &pop,
                       &weights, &cum_weights, &kv))
        return VAL_NULL;
    int64_t n = vm_len(vm, pop);
    if (n < 0) return VAL_NULL;
    int64_t k = 1;
    if (!IS_NULL(kv)) {
        Value kk = int_index(vm, kv);
        if (IS_NULL(kk)) return VAL_NULL;
        k = IS_BIGINT(kk) ? INT64_MAX : AS_INT(kk);
        if (k < 0) k = 0;
    }
    bool no_w = IS_NULL(weights) || IS_NONE(weights);
    bool no_cw = IS_NULL(cum_weights) || IS_NONE(cum_weights);
    ObjList *out = list_new(vm, 0);
    if (no_cw) {
        if (no_w) {
            double dn = (double)n;
            for (int64_t i = 0; i < k; i++) {
                double u;
                if (!next_random(vm, self, r, &u)) return VAL_NULL;
                Value idx = int_from_double(vm, floor(u * dn));
                if (IS_NULL(idx)) return VAL_NULL;
                Value v = IS_BIGINT(idx) ? vm_getitem(vm, pop, idx) : item_at(vm, pop, AS_INT(idx));
                if (IS_NULL(v) || !list_append(vm, out, v)) return VAL_NULL;
            }
            return MAKE_OBJ(out);
        }
        ObjList *cw = accumulate(vm, weights);
        if (!cw) {
            if (int_check(weights) && vm_exc_matches(vm, vm->exc_TypeError)) {
                vm_clear_exc(vm);
                Value s = int_repr(vm, weights);
                if (IS_NULL(s)) return VAL_NULL;
                return vm_raise(vm, vm->exc_TypeError, "The number of choices must be a keyword argument: k=%s",
                                AS_STR(s)->data);
            }
            return VAL_NULL;
        }
        cum_weights = MAKE_OBJ(cw);
    } else if (!no_w) {
        return vm_raise(vm, vm->exc_TypeError, "Cannot specify both weights and cumulative weights");
    } else {
        ObjList *cw = vm_list_from_iterable(vm, cum_weights);
        if (!cw) return VAL_NULL;
        cum_weights = MAKE_OBJ(cw);
    }
    ObjList *cw = AS_LIST(cum_weights);
    if (cw->len != n) return vm_raise(vm, vm->exc_ValueError, "The number of weights does not match the population");
    if (n == 0) return vm_raise(vm, vm->exc_IndexError, "list index out of range");
    Value tv = arith(vm, BINOP_ADD, cw->items[n - 1], MAKE_FLOAT(0.0));
    if (IS_NULL(tv)) return VAL_NULL;
    double total;
    if (!float_as_double(vm, tv, &total)) return VAL_NULL;
    if (total <= 0.0) return vm_raise(vm, vm->exc_ValueError, "Total of weights must be greater than zero");
    if (!isfinite(total)) return vm_raise(vm, vm->exc_ValueError, "Total of weights must be finite");
    for (int64_t i = 0; i < k; i++) {
        double u;
        if (!next_random(vm, self, r, &u)) return VAL_NULL;
        bool err = false;
        int64_t idx = bisect_right(vm, cw, MAKE_FLOAT(u * total), 0, n - 1, &err);
        if (err) return VAL_NULL;
        Value v = item_at(vm, pop, idx);
        if (IS_NULL(v) || !list_append(vm, out, v)) return VAL_NULL;
    }
    return MAKE_OBJ(out);
}

/* ---- real-valued distributions ------------------------------------------------ */

#define GET_SELF(name)                               \
    RandomObj *r = self_of(vm, args, nargs, name);   \
    if (!r) return VAL_NULL;                         \
    Value self = args[0];

static Value r_uniform(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("uniform")
    Value a, b;
    if (!vm_parse_args(vm, "uniform", args + 1, nargs - 1, kwnames, "a,b", &a, &b)) return VAL_NULL;
    double u;
    if (!next_random(vm, self, r, &u)) return VAL_NULL;
    Value d = arith(vm, BINOP_SUB, b, a);
    if (IS_NULL(d)) return VAL_NULL;
    d = arith(vm, BINOP_MUL, d, MAKE_FLOAT(u));
    if (IS_NULL(d)) return VAL_NULL;
    return arith(vm, BINOP_ADD, a, d);
}

static Value r_triangular(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("triangular")
    Value low = VAL_NULL, high = VAL_NULL, mode = VAL_NULL;
    if (!vm_parse_args(vm, "triangular", args + 1, nargs - 1, kwnames, "|low,high,mode", &low, &high, &mode))
        return VAL_NULL;
    if (IS_NULL(low)) low = MAKE_FLOAT(0.0);
    if (IS_NULL(high)) high = MAKE_FLOAT(1.0);
    double u;
    if (!next_random(vm, self, r, &u)) return VAL_NULL;
    Value c;
    if (IS_NULL(mode) || IS_NONE(mode)) {
        c = MAKE_FLOAT(0.5);
    } else {
        Value num = arith(vm, BINOP_SUB, mode, low);
        if (IS_NULL(num)) return VAL_NULL;
        Value den = arith(vm, BINOP_SUB, high, low);
        if (IS_NULL(den)) return VAL_NULL;
        c = arith(vm, BINOP_TRUEDIV, num, den);
        if (IS_NULL(c)) {
            if (vm_exc_matches(vm, vm->exc_ZeroDivisionError)) {
                vm_clear_exc(vm);
                return low;
            }
            return VAL_NULL;
        }
    }
    double cd;
    if (!float_as_double(vm, c, &cd)) return VAL_NULL;
    Value uu = MAKE_FLOAT(u);
    int gt = vm_compare_bool(vm, uu, c, CMP_GT);
    if (gt < 0) return VAL_NULL;
    if (gt) {
        u = 1.0 - u;
        Value c2 = arith(vm, BINOP_SUB, MAKE_FLOAT(1.0), c);
        if (IS_NULL(c2)) return VAL_NULL;
        c = c2;
        Value t = low;
        low = high;
        high = t;
    }
    Value uc = arith(vm, BINOP_MUL, MAKE_FLOAT(u), c);
    if (IS_NULL(uc)) return VAL_NULL;
    double ucd;
    if (!float_as_double(vm, uc, &ucd)) return VAL_NULL;
    if (ucd < 0) return vm_raise(vm, vm->exc_ValueError, "math domain error");
    Value span = arith(vm, BINOP_SUB, high, low);
    if (IS_NULL(span)) return VAL_NULL;
    span = arith(vm, BINOP_MUL, span, MAKE_FLOAT(sqrt(ucd)));
    if (IS_NULL(span)) return VAL_NULL;
    return arith(vm, BINOP_ADD, low, span);
}

/* mu + z * sigma with Python arithmetic */
static Value affine(VM *vm, Value mu, double z, Value sigma) {
    Value t = arith(vm, BINOP_MUL, MAKE_FLOAT(z), sigma);
    if (IS_NULL(t)) return VAL_NULL;
    return arith(vm, BINOP_ADD, mu, t);
}

static bool normal_z(VM *vm, Value self, RandomObj *r, double *z) {
    const double nv_magicconst = 4 * exp(-0.5) / sqrt(2.0);
    for (;;) {
        double u1, u2;
        if (!next_random(vm, self, r, &u1) || !next_random(vm, self, r, &u2)) return false;
        u2 = 1.0 - u2;
        *z = nv_magicconst * (u1 - 0.5) / u2;
        double zz = *z * *z / 4.0;
        if (zz <= -log(u2)) return true;
    }
}

static Value r_normalvariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("normalvariate")
    Value mu = VAL_NULL, sigma = VAL_NULL;
    if (!vm_parse_args(vm, "normalvariate", args + 1, nargs - 1, kwnames, "|mu,sigma", &mu, &sigma)) return VAL_NULL;
    double z;
    if (!normal_z(vm, self, r, &z)) return VAL_NULL;
    return affine(vm, IS_NULL(mu) ? MAKE_FLOAT(0.0) : mu, z, IS_NULL(sigma) ? MAKE_FLOAT(1.0) : sigma);
}

static Value r_lognormvariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("lognormvariate")
    Value mu, sigma;
    if (!vm_parse_args(vm, "lognormvariate", args + 1, nargs - 1, kwnames, "mu,sigma", &mu, &sigma)) return VAL_NULL;
    double z;
    if (!normal_z(vm, self, r, &z)) return VAL_NULL;
    Value v = affine(vm, mu, z, sigma);
    if (IS_NULL(v)) return VAL_NULL;
    double d;
    if (!float_as_double(vm, v, &d)) return VAL_NULL;
    double e = exp(d);
    if (isinf(e) && isfinite(d)) return vm_raise(vm, vm->exc_OverflowError, "math range error");
    return MAKE_FLOAT(e);
}

static Value r_gauss(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("gauss")
    Value mu = VAL_NULL, sigma = VAL_NULL;
    if (!vm_parse_args(vm, "gauss", args + 1, nargs - 1, kwnames, "|mu,sigma", &mu, &sigma)) return VAL_NULL;
    double z;
    if (r->has_gauss) {
        z = r->gauss_next;
        r->has_gauss = false;
    } else {
        double u1, u2;
        if (!next_random(vm, self, r, &u1) || !next_random(vm, self, r, &u2)) return VAL_NULL;
        double x2pi = u1 * (2.0 * M_PI);
        double g2rad = sqrt(-2.0 * log(1.0 - u2));
        z = cos(x2pi) * g2rad;
        r->gauss_next = sin(x2pi) * g2rad;
        r->has_gauss = true;
    }
    return affine(vm, IS_NULL(mu) ? MAKE_FLOAT(0.0) : mu, z, IS_NULL(sigma) ? MAKE_FLOAT(1.0) : sigma);
}

static Value r_expovariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("expovariate")
    Value lambd;
    if (!vm_parse_args(vm, "expovariate", args + 1, nargs - 1, kwnames, "lambd", &lambd)) return VAL_NULL;
    double u;
    if (!next_random(vm, self, r, &u)) return VAL_NULL;
    return arith(vm, BINOP_TRUEDIV, MAKE_FLOAT(-log(1.0 - u)), lambd);
}

static Value r_vonmisesvariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("vonmisesvariate")
    Value vmu, vkappa;
    if (!vm_parse_args(vm, "vonmisesvariate", args + 1, nargs - 1, kwnames, "mu,kappa", &vmu, &vkappa)) return VAL_NULL;
    double mu, kappa, u1, u2, u3, z, d;
    if (!float_as_double(vm, vmu, &mu) || !float_as_double(vm, vkappa, &kappa)) return VAL_NULL;
    const double twopi = 2.0 * M_PI;
    if (kappa <= 1e-6) {
        if (!next_random(vm, self, r, &u1)) return VAL_NULL;
        return MAKE_FLOAT(twopi * u1);
    }
    double s = 0.5 / kappa;
    double rr = s + sqrt(1.0 + s * s);
    for (;;) {
        if (!next_random(vm, self, r, &u1)) return VAL_NULL;
        z = cos(M_PI * u1);
        d = z / (rr + z);
        if (!next_random(vm, self, r, &u2)) return VAL_NULL;
        if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * exp(d)) break;
    }
    double q = 1.0 / rr;
    double f = (q + z) / (1.0 + q * z);
    if (!next_random(vm, self, r, &u3)) return VAL_NULL;
    if (f > 1.0 || f < -1.0) return vm_raise(vm, vm->exc_ValueError, "math domain error");
    Value num = MAKE_FLOAT(u3 > 0.5 ? mu + acos(f) : mu - acos(f));
    return float_binary_op(vm, BINOP_MOD, num, MAKE_FLOAT(twopi));
}

static bool gamma_draw(VM *vm, Value self, RandomObj *r, double alpha, double beta, double *out) {
    if (alpha <= 0.0 || beta <= 0.0) {
        vm_raise(vm, vm->exc_ValueError, "gammavariate: alpha and beta must be > 0.0");
        return false;
    }
    const double log4 = log(4.0), sg_magicconst = 1.0 + log(4.5);
    double u, u1, u2;
    if (alpha > 1.0) {
        double ainv = sqrt(2.0 * alpha - 1.0), bbb = alpha - log4, ccc = alpha + ainv;
        for (;;) {
            if (!next_random(vm, self, r, &u1)) return false;
            if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
            if (!next_random(vm, self, r, &u2)) return false;
            u2 = 1.0 - u2;
            double v = log(u1 / (1.0 - u1)) / ainv;
            double x = alpha * exp(v);
            double z = u1 * u1 * u2;
            double rr = bbb + ccc * v - x;
            if (rr + sg_magicconst - 4.5 * z >= 0.0 || rr >= log(z)) {
                *out = x * beta;
                return true;
            }
        }
    }
    if (alpha == 1.0) {
        if (!next_random(vm, self, r, &u)) return false;
        *out = -log(1.0 - u) * beta;
        return true;
    }
    double x;
    for (;;) {
        if (!next_random(vm, self, r, &u)) return false;
        double b = (M_E + alpha) / M_E;
        double p = b * u;
        if (p <= 1.0) x = pow(p, 1.0 / alpha);
        else x = -log((b - p) / alpha);
        if (!next_random(vm, self, r, &u1)) return false;
        if (p > 1.0) {
            if (u1 <= pow(x, alpha - 1.0)) break;
        } else if (u1 <= exp(-x)) {
            break;
        }
    }
    *out = x * beta;
    return true;
}

static Value r_gammavariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("gammavariate")
    Value va, vb;
    if (!vm_parse_args(vm, "gammavariate", args + 1, nargs - 1, kwnames, "alpha,beta", &va, &vb)) return VAL_NULL;
    double alpha, beta, x;
    if (!float_as_double(vm, va, &alpha) || !float_as_double(vm, vb, &beta)) return VAL_NULL;
    if (!gamma_draw(vm, self, r, alpha, beta, &x)) return VAL_NULL;
    return MAKE_FLOAT(x);
}

static Value r_betavariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("betavariate")
    Value va, vb;
    if (!vm_parse_args(vm, "betavariate", args + 1, nargs - 1, kwnames, "alpha,beta", &va, &vb)) return VAL_NULL;
    double alpha, beta, y, y2;
    if (!float_as_double(vm, va, &alpha) || !float_as_double(vm, vb, &beta)) return VAL_NULL;
    if (!gamma_draw(vm, self, r, alpha, 1.0, &y)) return VAL_NULL;
    if (y == 0.0) return MAKE_FLOAT(0.0);
    if (!gamma_draw(vm, self, r, beta, 1.0, &y2)) return VAL_NULL;
    return MAKE_FLOAT(y / (y + y2));
}

static Value r_paretovariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("paretovariate")
    Value va;
    if (!vm_parse_args(vm, "paretovariate", args + 1, nargs - 1, kwnames, "alpha", &va)) return VAL_NULL;
    double u;
    if (!next_random(vm, self, r, &u)) return VAL_NULL;
    Value e = arith(vm, BINOP_TRUEDIV, MAKE_FLOAT(-1.0), va);
    if (IS_NULL(e)) return VAL_NULL;
    return arith(vm, BINOP_POW, MAKE_FLOAT(1.0 - u), e);
}

static Value r_weibullvariate(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    GET_SELF("weibullvariate")
    Value va, vb;
    if (!vm_parse_args(vm, "weibullvariate", args + 1, nargs - 1, kwnames, "alpha,beta", &va, &vb)) return VAL_NULL;
    double u;
    if (!next_random(vm, self, r, &u)) return VAL_NULL;
    u = 1.0 - u;
    Value e = arith(vm, BINOP_TRUEDIV, MAKE_FLOAT(1.0), vb);
    if (IS_NULL(e)) return VAL_NULL;
    Value p = arith(vm, BINOP_POW, MAKE_FLOAT(-log(u)), e);
    if (IS_NULL(p)) return VAL_NULL;
    return arith(vm, BINOP_MUL, va, p);
}

/* ---- state --------------------------------------------------------------------- */

static Value r_randbytes(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "randbytes");
    if (!r) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "randbytes() takes 2 positional arguments but %d were given", nargs);
    Value nv = int_index(vm, args[1]);
    if (IS_NULL(nv)) return VAL_NULL;
    if (int_sign(nv) < 0) return vm_raise(vm, vm->exc_ValueError, "number of bits must be non-negative");
    if (IS_BIGINT(nv) || AS_INT(nv) > 0x0fffffff) return vm_raise_no_memory(vm);
    int64_t n = AS_INT(nv);
    ObjBytes *b = (ObjBytes *)gc_alloc(vm, sizeof(ObjBytes) + (size_t)n + 1, vm->t_bytes, OK_BYTES);
    b->len = n;
    /* getrandbits(8n).to_bytes(n, 'little'): 32-bit words little-endian,
     * a partial last word keeps its top bits */
    int64_t bits = n * 8, pos = 0;
    while (bits > 0) {
        uint32_t w = genrand(r);
        if (bits < 32) w >>= (32 - bits);
        for (int i = 0; i < 4 && pos < n; i++) b->data[pos++] = (uint8_t)(w >> (8 * i));
        bits -= 32;
    }
    return MAKE_OBJ(b);
}

static Value r_getstate(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "getstate");
    if (!r) return VAL_NULL;
    ObjTuple *st = tuple_new(vm, MT_N + 1);
    for (int i = 0; i < MT_N; i++) st->items[i] = MAKE_INT(r->mt[i]);
    st->items[MT_N] = MAKE_INT(r->index);
    Value items[3] = {MAKE_INT(3), MAKE_OBJ(st), r->has_gauss ? MAKE_FLOAT(r->gauss_next) : VAL_NONE};
    return MAKE_OBJ(tuple_from(vm, items, 3));
}

static Value r_setstate(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    (void)kw;
    RandomObj *r = self_of(vm, args, nargs, "setstate");
    if (!r) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "setstate() takes 2 positional arguments but %d were given", nargs);
    Value state = args[1];
    Value version = vm_getitem(vm, state, MAKE_INT(0));
    if (IS_NULL(version)) return VAL_NULL;
    if (!(IS_INT(version) && AS_INT(version) == 3)) {
        Value s = vm_str(vm, version);
        if (IS_NULL(s)) return VAL_NULL;
        return vm_raise(vm, vm->exc_ValueError, "state with version %s passed to Random.setstate() of version 3",
                        AS_STR(s)->data);
    }
    if (!IS_TUPLE(state) || AS_TUPLE(state)->len != 3)
        return vm_raise(vm, vm->exc_ValueError, "not enough values to unpack (expected 3)");
    Value internal = AS_TUPLE(state)->items[1], gauss = AS_TUPLE(state)->items[2];
    if (!IS_TUPLE(internal)) return vm_raise(vm, vm->exc_TypeError, "state vector must be a tuple");
    ObjTuple *t = AS_TUPLE(internal);
    if (t->len != MT_N + 1) return vm_raise(vm, vm->exc_ValueError, "state vector is the wrong size");
    uint32_t mt[MT_N];
    for (int i = 0; i < MT_N; i++) {
        Value v = t->items[i];
        if (!int_check(v) || IS_BIGINT(v) || AS_INT(v) < 0 || AS_INT(v) > 0xffffffffLL)
            return vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C unsigned long");
        mt[i] = (uint32_t)AS_INT(v);
    }
    Value iv = t->items[MT_N];
    if (!int_check(iv) || IS_BIGINT(iv) || AS_INT(iv) < 0 || AS_INT(iv) > MT_N)
        return vm_raise(vm, vm->exc_ValueError, "invalid state");
    double g = 0.0;
    if (!IS_NONE(gauss) && !float_as_double(vm, gauss, &g)) return VAL_NULL;
    memcpy(r->mt, mt, sizeof mt);
    r->index = (int)AS_INT(iv);
    r->has_gauss = !IS_NONE(gauss);
    r->gauss_next = g;
    return VAL_NONE;
}

static Value r_get_gauss_next(VM *vm, Value self) {
    (void)vm;
    RandomObj *r = (RandomObj *)AS_OBJ(self);
    return r->has_gauss ? MAKE_FLOAT(r->gauss_next) : VAL_NONE;
}

static bool r_set_gauss_next(VM *vm, Value self, Value v) {
    RandomObj *r = (RandomObj *)AS_OBJ(self);
    if (IS_NONE(v)) {
        r->has_gauss = false;
        return true;
    }
    double d;
    if (!float_as_double(vm, v, &d)) return false;
    r->has_gauss = true;
    r->gauss_next = d;
    return true;
}

static const MethodDef random_methods[] = {
    {"__new__", r_new, METH_STATIC | METH_KW, NULL},
    {"__init__", r_init, METH_KW, NULL},
    {"seed", r_seed, METH_KW, NULL},
    {"random", r_random, 0, NULL},
    {"getrandbits", r_getrandbits, 0, NULL},
    {"randrange", r_randrange, METH_KW, NULL},
    {"randint", r_randint, METH_KW, NULL},
    {"choice", r_choice, 0, NULL},
    {"shuffle", r_shuffle, 0, NULL},
    {"sample", r_sample, METH_KW, NULL},
    {"choices", r_choices, METH_KW, NULL},
    {"uniform", r_uniform, METH_KW, NULL},
    {"triangular", r_triangular, METH_KW, NULL},
    {"normalvariate", r_normalvariate, METH_KW, NULL},
    {"lognormvariate", r_lognormvariate, METH_KW, NULL},
    {"gauss", r_gauss, METH_KW, NULL},
    {"expovariate", r_expovariate, METH_KW, NULL},
    {"vonmisesvariate", r_vonmisesvariate, METH_KW, NULL},
    {"gammavariate", r_gammavariate, METH_KW, NULL},
    {"betavariate", r_betavariate, METH_KW, NULL},
    {"paretovariate", r_paretovariate, METH_KW, NULL},
    {"weibullvariate", r_weibullvariate, METH_KW, NULL},
    {"randbytes", r_randbytes, 0, NULL},
    {"getstate", r_getstate, 0, NULL},
    {"setstate", r_setstate, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef random_getsets[] = {
    {"gauss_next", r_get_gauss_next, r_set_gauss_next},
    {NULL, NULL, NULL},
};

/* Module functions re-exported from the hidden instance (random.random = _inst.random). */
static const char *const exported[] = {
    "seed", "random", "uniform", "triangular", "randint", "choice", "randrange", "sample", "shuffle",
    "choices", "normalvariate", "lognormvariate", "expovariate", "vonmisesvariate", "gammavariate", "gauss",
    "betavariate", "paretovariate", "weibullvariate", "getstate", "setstate", "getrandbits", "randbytes", NULL,
};

/* Creates the random module: the Random type and the bound methods of a
 * hidden instance seeded from the OS, as CPython's Lib/random.py does. */
ObjModule *random_module_init(VM *vm) {
    if (!vm->t_random) {
        vm->t_random = type_new_builtin(vm, "Random", NULL, OK_OTHER, sizeof(RandomObj), NULL, NULL, TF_BASETYPE);
        vm->t_random->module = str_intern_cstr(vm, "random");
        type_add_methods(vm, vm->t_random, random_methods);
        type_add_getsets(vm, vm->t_random, random_getsets);
    }
    ObjModule *m = module_new(vm, "random");
    module_set(vm, m, "Random", MAKE_OBJ(vm->t_random));
    RandomObj *inst = (RandomObj *)gc_alloc(vm, sizeof(RandomObj), vm->t_random, OK_OTHER);
    seed_urandom(inst);
    module_set(vm, m, "_inst", MAKE_OBJ(inst));
    for (const char *const *name = exported; *name; name++) {
        Value bound = vm_getattr(vm, MAKE_OBJ(inst), str_intern_cstr(vm, *name));
        if (IS_NULL(bound)) return NULL;
        module_set(vm, m, *name, bound);
    }
    return m;
}

/* ---- C-level access for unit tests ------------------------------------------------ */

void random_test_mt(VM *vm, Value seed, uint32_t *out, int n) {
    RandomObj *r = calloc(1, sizeof(RandomObj));
    if (!r) abort();
    do_seed(vm, r, seed, 2);
    for (int i = 0; i < n; i++) out[i] = genrand(r);
    free(r);
}
