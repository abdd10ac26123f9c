/* str_impl.h: private interface between str.c (core: UTF-8, builder,
 * constructors, interning, hashing, repr, indexing, codecs, operators) and
 * str_methods.c (Unicode tables and the named str methods). Nothing outside
 * these two files includes it.
 *
 * Memory layout of a str object (kind OK_STR):
 *
 *   +------------+-----+--------+------+----------------+-------------+------------+
 *   | Obj header | len | nchars | hash | data[len] NUL  | (pad) index | (dict ptr) |
 *   +------------+-----+--------+------+----------------+-------------+------------+
 *
 * The optional index (flag STR_INDEXED) holds the byte offset of every
 * STR_IDX_STEP-th code point of a long non-ASCII string as uint32, so
 * indexing by code point is O(STR_IDX_STEP) instead of O(n). Instances of a
 * user subclass of str carry an extra pointer-sized slot at the very end of
 * the allocation for their instance __dict__ (see str_subtype_alloc). */
#ifndef COIL_STR_IMPL_H
#define COIL_STR_IMPL_H

#include <string.h>

#include "str.h"

enum { STR_INDEXED = 0x100 }; /* private ObjStr flag: index after the data */
#define STR_IDX_SHIFT 5
#define STR_IDX_STEP (1 << STR_IDX_SHIFT)

/* ---- allocation (str.c) ---- */
/* A str of len bytes / nchars code points with uninitialised data (NUL at
 * data[len]); fill data then call stri_finish. type may be a subclass. */
ObjStr *stri_alloc(VM *vm, ObjType *type, size_t len, int64_t nchars);
/* Sets flags (ASCII) and builds the index; returns s. */
ObjStr *stri_finish(ObjStr *s);
/* A new exact str from UTF-8 bytes whose code point count is known. */
ObjStr *stri_new_n(VM *vm, const char *utf8, size_t len, int64_t nchars);
/* Byte length of the UTF-8 sequence starting with lead byte c. */
static inline int stri_seqlen(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }
/* Returns self when it is an exact str, else an exact copy. */
ObjStr *stri_exact(VM *vm, ObjStr *s);

/* ---- argument checking (str.c): CPython's several message styles ---- */
/* self check: "descriptor 'NAME' for 'str' objects doesn't apply to ..." */
bool sa_self(VM *vm, Value *args, int nargs, const char *name);
/* "str.NAME() takes no arguments (N given)" */
bool sa_noargs(VM *vm, Value *args, int nargs, const char *name);
/* "str.NAME() takes exactly one argument (N given)" */
bool sa_one(VM *vm, Value *args, int nargs, const char *name);
/* "NAME() takes at least/at most N argument(s) (N given)" */
bool sa_old(VM *vm, Value *args, int nargs, const char *name, int min, int max);
/* "NAME expected at least/at most N argument(s), got N" */
bool sa_pos(VM *vm, Value *args, int nargs, const char *name, int min, int max);
/* slot wrappers: "expected N argument(s), got N" */
bool sa_wrap(VM *vm, Value *args, int nargs, const char *name, int n);
/* Type name for argument-clinic messages: "None" for None. */
const char *sa_argtype(VM *vm, Value v);
/* Keyword-capable parsing of the arguments after self: names[i] receives
 * out[i] (VAL_NULL when not given). */
bool sa_kw(VM *vm, const char *fname, Value *args, int nargs, ObjTuple *kwnames,
           const char *const *names, int nnames, Value *out);
/* An index argument (int or __index__): "'str' object cannot be
 * interpreted as an integer". */
bool sa_index(VM *vm, Value v, int64_t *out);
/* A slice bound for find/count/...: None keeps *out; big ints clamp. */
bool sa_slice_index(VM *vm, Value v, int64_t *out);

/* ---- codecs (str.c) ---- */
/* Canonical codec name ("utf-8", "ascii", "latin-1") or NULL. */
const char *stri_codec(const char *name);
Value stri_encode(VM *vm, ObjStr *s, const char *encoding, const char *errors);
ObjStr *stri_decode(VM *vm, const char *data, size_t len, const char *encoding, const char *errors);

/* ---- Unicode character database (str_methods.c) ---- */
enum {
    UC_ALPHA = 1,
    UC_DECIMAL = 2,
    UC_DIGIT = 4,
    UC_NUMERIC = 8,
    UC_SPACE = 16,
    UC_UPPER = 32,
    UC_LOWER = 64,
    UC_TITLE = 128,
    UC_CASE_IGNORABLE = 256,
    UC_PRINTABLE = 512,     /* str.isprintable(), repr() keeps it */
    UC_XID_START = 1024,    /* may start an identifier (with '_') */
    UC_XID_CONTINUE = 2048, /* may continue an identifier */
};
unsigned uc_flags(uint32_t cp);
static inline bool uc_isspace(uint32_t cp) {
    if (cp < 128) return cp == ' ' || (cp >= 9 && cp <= 13) || (cp >= 28 && cp <= 31);
    return (uc_flags(cp) & UC_SPACE) != 0;
}
static inline bool uc_isprintable(uint32_t cp) {
    if (cp < 128) return cp >= 0x20 && cp < 0x7F;
    return (uc_flags(cp) & UC_PRINTABLE) != 0;
}
/* Full case mappings: write up to 3 code points to out, return the count. */
int uc_to_upper(uint32_t cp, uint32_t *out);
int uc_to_lower(uint32_t cp, uint32_t *out);
int uc_to_title(uint32_t cp, uint32_t *out);
int uc_to_fold(uint32_t cp, uint32_t *out);

/* ---- str_methods.c ---- */
void str_methods_init(VM *vm);

#endif
