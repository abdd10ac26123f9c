/* str.h: str objects (UTF-8, code-point indexed), the string builder, and
 * UTF-8 helpers. The constructors every file uses (str_new, str_intern...)
 * are declared in vm.h. */
#ifndef COIL_STR_H
#define COIL_STR_H

#include <stdarg.h>
#include "vm.h"

/* ---- UTF-8 ---- */
/* Encodes cp (<= 0x10FFFF) into out, returns the byte count (1..4). */
int utf8_encode(uint32_t cp, char *out);
/* Decodes one code point from valid UTF-8 at s, stores its byte length. */
uint32_t utf8_decode(const char *s, int *len);
/* Number of code points in valid UTF-8. */
int64_t utf8_count(const char *s, size_t len);
/* Length of the longest valid UTF-8 prefix of s (== len when all valid). */
size_t utf8_check(const char *s, size_t len);

/* ---- string builder (plain malloc; strbuf_finish makes the str) ---- */
typedef struct {
    char *data;
    size_t len, cap;
} StrBuf;

void strbuf_init(StrBuf *b);
void strbuf_add(StrBuf *b, const char *s, size_t n);
void strbuf_add_cstr(StrBuf *b, const char *cstr);
void strbuf_add_char(StrBuf *b, char c);
void strbuf_add_cp(StrBuf *b, uint32_t cp);       /* one code point as UTF-8 */
void strbuf_add_str(StrBuf *b, ObjStr *s);
void strbuf_printf(StrBuf *b, const char *fmt, ...);
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap);
/* Makes a str from the buffer (must be valid UTF-8) and frees the buffer. */
ObjStr *strbuf_finish(VM *vm, StrBuf *b);
void strbuf_free(StrBuf *b);

/* ---- str operations the runtime needs ---- */
ObjStr *str_concat(VM *vm, ObjStr *a, ObjStr *b);
/* Python repr of a str: quotes chosen as CPython does, escapes. */
ObjStr *str_repr(VM *vm, ObjStr *s);
/* Appends repr(s) to b (used by container reprs without a temp str). */
void str_repr_into(StrBuf *b, ObjStr *s, bool ascii_only);
/* One code point as a str (cached for ASCII). */
ObjStr *str_from_codepoint(VM *vm, uint32_t cp);
/* Code point at index i (0 <= i < nchars). */
uint32_t str_char_at(ObjStr *s, int64_t i);
/* Byte offset of code point index i (0 <= i <= nchars); O(1) for ASCII. */
int64_t str_byte_offset(ObjStr *s, int64_t i);
/* Substring by code point indexes [start, end). */
ObjStr *str_substr(VM *vm, ObjStr *s, int64_t start, int64_t end);
int str_compare(ObjStr *a, ObjStr *b); /* <0, 0, >0 by code points */
/* Called by the collector after marking: drops unmarked interned strings. */
void str_interned_sweep(VM *vm);
/* Creates from bytes that may be invalid UTF-8 (raises UnicodeDecodeError
 * with CPython's message when errors is "strict"; "replace" and "ignore"). */
ObjStr *str_decode_utf8(VM *vm, const char *s, size_t len, const char *errors);

#endif
