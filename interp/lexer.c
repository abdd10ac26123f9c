/* lexer.c: Python 3.11 tokens from UTF-8 source (API and conventions in
 * lexer.h).
 *
 * The scanner follows CPython's tokenizer closely because its error
 * behaviour is part of what Coil must reproduce: which error wins, its
 * message and the column it reports all fall out of how far the tokenizer
 * has read when it gives up. In particular:
 *   - `pos` is CPython's tok->cur; an error "at the current position"
 *     reports col = pos - line_start (a 1-based offset of the last byte read);
 *   - the line number advances when the first byte of a new line is read,
 *     not when a '\n' is consumed (CPython fetches lines lazily), so an error
 *     at the end of input belongs to the last line;
 *   - numbers are checked for what follows them ("invalid decimal literal"),
 *     except before the keywords CPython tolerates (`1if x else y`).
 * Invariant: src[len] is never read; nextc() returns EOFC there.
 */
#include "lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EOFC (-1)
#define ERRC (-2)
#define TABSIZE 8

static const char *const kind_names[] = {
#define TK_NAME_STR(n) #n,
    TOKEN_KINDS(TK_NAME_STR)
#undef TK_NAME_STR
};

/* Names the token kind, for test output and debugging dumps. */
const char *lexer_kind_name(int kind) {
    if (kind < 0 || kind >= TK__COUNT) return "?";
    return kind_names[kind];
}

/* ---- Unicode helpers ------------------------------------------------- */

/* Returns the length of the valid UTF-8 sequence at s, or 0 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid, as in CPython). */
static int utf8_valid_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;
        if (c == 0xED && s[1] >= 0xA0) return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;
        if (c == 0xF4 && s[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

/* Decodes one code point of (already validated) UTF-8. */
uint32_t lexer_utf8_decode(const char *str, size_t n, int *len) {
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) {
        *len = 0;
        return 0;
    }
    if (s[0] < 0x80 || n < 2) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0 || n < 4) {
        if (n < 3) {
            *len = 1;
            return s[0];
        }
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

typedef struct {
    uint32_t lo, hi;
} Range;

static bool in_ranges(uint32_t cp, const Range *r, size_t n) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo) hi = mid;
        else if (cp > r[mid].hi) lo = mid + 1;
        else return true;
    }
    return false;
}

/* Not printable (Python's str.isprintable): controls, format characters,
 * separators other than ' ', private use. Sorted. */
static const Range nonprintable[] = {
    {0x80, 0xA0},     {0xAD, 0xAD},     {0x600, 0x605},   {0x61C, 0x61C},   {0x6DD, 0x6DD},
    {0x70F, 0x70F},   {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F},
    {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000}, {0xD800, 0xF8FF}, {0xFEFF, 0xFEFF},
    {0xFFF9, 0xFFFB}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF},
};

/* Printable but never part of an identifier: punctuation and symbols.
 * Sorted; a pragmatic subset of Unicode's non-XID characters. */
static const Range symbols[] = {
    {0xA1, 0xA9},     {0xAB, 0xB4},     {0xB6, 0xB6},     {0xB8, 0xB9},     {0xBB, 0xBF},
    {0xD7, 0xD7},     {0xF7, 0xF7},     {0x2C2, 0x2C5},   {0x2D2, 0x2DF},   {0x2E5, 0x2EB},
    {0x2ED, 0x2ED},   {0x2EF, 0x2FF},   {0x375, 0x375},   {0x37E, 0x37E},   {0x384, 0x385},
    {0x387, 0x387},   {0x3F6, 0x3F6},   {0x482, 0x482},   {0x55A, 0x55F},   {0x589, 0x58A},
    {0x58D, 0x58F},   {0x5BE, 0x5BE},   {0x5C0, 0x5C0},   {0x5C3, 0x5C3},   {0x5C6, 0x5C6},
    {0x5F3, 0x5F4},   {0x606, 0x60F},   {0x61B, 0x61B},   {0x61D, 0x61F},   {0x66A, 0x66D},
    {0x6D4, 0x6D4},   {0x6DE, 0x6DE},   {0x6E9, 0x6E9},   {0x6FD, 0x6FE},   {0x700, 0x70D},
    {0x964, 0x965},   {0x970, 0x970},   {0xE3F, 0xE3F},   {0xE4F, 0xE4F},   {0xE5A, 0xE5B},
    {0x2010, 0x2027}, {0x2030, 0x203E}, {0x2041, 0x2053}, {0x2055, 0x205E}, {0x2070, 0x2070},
    {0x2074, 0x207E}, {0x2080, 0x208E}, {0x20A0, 0x20CF}, {0x2100, 0x2101}, {0x2103, 0x2106},
    {0x2108, 0x2109}, {0x2114, 0x2114}, {0x2116, 0x2118}, {0x211E, 0x2123}, {0x2125, 0x2125},
    {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B}, {0x2140, 0x2144},
    {0x214A, 0x214D}, {0x214F, 0x215F}, {0x2189, 0x23FF}, {0x2400, 0x24FF}, {0x2500, 0x2BFF},
    {0x2CE5, 0x2CEA}, {0x2CF9, 0x2CFF}, {0x2E00, 0x2E7F}, {0x2E80, 0x2FFF}, {0x3001, 0x3004},
    {0x3008, 0x3020}, {0x3030, 0x3030}, {0x3036, 0x3037}, {0x303D, 0x303F}, {0x309B, 0x309C},
    {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0x3190, 0x319F}, {0x31C0, 0x31EF}, {0x3200, 0x33FF},
    {0x4DC0, 0x4DFF}, {0xA490, 0xA4CF}, {0xA4FE, 0xA4FF}, {0xA60D, 0xA60F}, {0xA673, 0xA673},
    {0xA67E, 0xA67E}, {0xA6F2, 0xA6F7}, {0xA700, 0xA716}, {0xA720, 0xA721}, {0xA789, 0xA78A},
    {0xA828, 0xA82B}, {0xA830, 0xA839}, {0xA874, 0xA877}, {0xA8CE, 0xA8CF}, {0xA8F8, 0xA8FA},
    {0xA8FC, 0xA8FC}, {0xA92E, 0xA92F}, {0xA95F, 0xA95F}, {0xA9C1, 0xA9CD}, {0xA9DE, 0xA9DF},
    {0xAA5C, 0xAA5F}, {0xAA77, 0xAA79}, {0xAADE, 0xAADF}, {0xAAF0, 0xAAF1}, {0xAB5B, 0xAB5B},
    {0xAB6A, 0xAB6B}, {0xABEB, 0xABEB}, {0xFB29, 0xFB29}, {0xFBB2, 0xFBC1}, {0xFD3E, 0xFD4F},
    {0xFDCF, 0xFDCF}, {0xFDFC, 0xFDFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE32}, {0xFE35, 0xFE4C},
    {0xFE50, 0xFE6B}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF3E}, {0xFF40, 0xFF40},
    {0xFF5B, 0xFF65}, {0xFFE0, 0xFFEE}, {0xFFFC, 0xFFFD}, {0x10100, 0x1013F}, {0x1D000, 0x1D24F},
    {0x1D6C1, 0x1D6C1}, {0x1D6DB, 0x1D6DB}, {0x1D6FB, 0x1D6FB}, {0x1D715, 0x1D715},
    {0x1D735, 0x1D735}, {0x1D74F, 0x1D74F}, {0x1D76F, 0x1D76F}, {0x1D789, 0x1D789},
    {0x1D7A9, 0x1D7A9}, {0x1D7C3, 0x1D7C3}, {0x1EEF0, 0x1EEF1}, {0x1F000, 0x1FBFF},
};

/* Continue-only characters: combining marks, digits and joiners that may
 * not start an identifier. Sorted; subset. */
static const Range continue_only[] = {
    {0xB7, 0xB7},     {0x300, 0x36F},   {0x483, 0x487},   {0x591, 0x5BD},   {0x5BF, 0x5BF},
    {0x5C1, 0x5C2},   {0x5C4, 0x5C5},   {0x5C7, 0x5C7},   {0x610, 0x61A},   {0x64B, 0x669},
    {0x670, 0x670},   {0x6D6, 0x6DC},   {0x6DF, 0x6E4},   {0x6E7, 0x6E8},   {0x6EA, 0x6ED},
    {0x6F0, 0x6F9},   {0x900, 0x903},   {0x93A, 0x93C},   {0x93E, 0x94F},   {0x951, 0x957},
    {0x962, 0x963},   {0x966, 0x96F},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200C, 0x200D},
    {0x203F, 0x2040}, {0x2054, 0x2054}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFE33, 0xFE34}, {0xFE4D, 0xFE4F}, {0xFF10, 0xFF19}, {0xFF3F, 0xFF3F}, {0x1D7CE, 0x1D7FF},
    {0xE0100, 0xE01EF},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Whether cp may be shown as itself in "invalid character '%c'". */
bool lexer_is_printable(uint32_t cp) {
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    return !in_ranges(cp, nonprintable, NELEM(nonprintable));
}

/* Identifier start: ASCII letters and '_', and code points >= 128 that are
 * neither symbols, invisible characters nor continue-only marks. */
bool lexer_is_id_start(uint32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    if (cp == 0x200C || cp == 0x200D) return false;
    return lexer_is_printable(cp) && !in_ranges(cp, symbols, NELEM(symbols)) &&
           !in_ranges(cp, continue_only, NELEM(continue_only));
}

bool lexer_is_id_continue(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
               (cp >= '0' && cp <= '9');
    if (in_ranges(cp, continue_only, NELEM(continue_only))) return true;
    return lexer_is_printable(cp) && !in_ranges(cp, symbols, NELEM(symbols));
}

/* ---- source preparation ---------------------------------------------- */

static void lexerr_set(LexErr *e, ParseErrorKind kind, int line, int col, int end_line,
                       int end_col, const char *fmt, va_list ap) {
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->line = line;
    e->col = col;
    e->end_line = end_line;
    e->end_col = end_col;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

static void lexerr_setf(LexErr *e, ParseErrorKind kind, int line, int col, int end_line,
                        int end_col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    lexerr_set(e, kind, line, col, end_line, end_col, fmt, ap);
    va_end(ap);
}

/* Normalizes newlines, drops a BOM, appends a final newline, and finds the
 * first line CPython's file reader would reject. */
void lexer_prepare(Arena *a, const char *src, size_t len, const char *filename, LexSource *out) {
    memset(out, 0, sizeof *out);
    /* CPython's file reader drops a BOM; source given as a string (-c,
     * exec, eval, compile: filename "<string>") keeps it, and it is then an
     * invalid character */
    bool from_string = filename && strcmp(filename, "<string>") == 0;
    if (!from_string && len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        src += 3;
        len -= 3;
    }
    char *buf = arena_alloc(a, len + 2);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '\r') {
            buf[n++] = '\n';
            if (i + 1 < len && src[i + 1] == '\n') i++;
        } else {
            buf[n++] = c;
        }
    }
    if (n > 0 && buf[n - 1] != '\n') buf[n++] = '\n';
    buf[n] = '\0';
    out->text = buf;
    out->len = n;
    out->lex_len = n;

    const unsigned char *u = (const unsigned char *)buf;
    size_t line_start = 0;
    int line = 1;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c == 0) {
            out->trunc = true;
            out->lex_len = line_start;
            lexerr_setf(&out->trunc_err, PERR_SYNTAX, line, 0, line, 0,
                        "source code cannot contain null bytes");
            return;
        }
        if (c < 0x80) {
            if (c == '\n') {
                line++;
                line_start = i + 1;
            }
            i++;
            continue;
        }
        int l = utf8_valid_len(u + i, n - i);
        if (l == 0) {
            out->trunc = true;
            out->lex_len = line_start;
            /* CPython raises this one without a location */
            lexerr_setf(&out->trunc_err, PERR_SYNTAX, 0, 0, 0, 0,
                        "Non-UTF-8 code starting with '\\x%.2x' in file %s on line %d, "
                        "but no encoding declared; see https://peps.python.org/pep-0263/ "
                        "for details",
                        c, filename ? filename : "<string>", line);
            return;
        }
        i += (size_t)l;
    }
}

/* ---- lexer state ------------------------------------------------------ */

void lexer_init(Lexer *lx, const LexSource *s) {
    memset(lx, 0, sizeof *lx);
    lx->src = s->text;
    lx->len = s->lex_len;
    lx->line = 1;
    lx->atbol = true;
    lx->trunc = s->trunc;
    if (s->trunc) lx->trunc_err = s->trunc_err;
}

void lexer_init_fexpr(Lexer *lx, const char *src, size_t start, size_t end, int line,
                      size_t line_start) {
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->pos = start;
    lx->len = end;
    lx->line = line;
    lx->line_start = line_start;
    lx->fexpr = true;
    /* CPython parses "(" + expression + ")": tokens sit at depth 1 */
    lx->level = 1;
    lx->parenstack[0] = '(';
    lx->parenline[0] = line;
    lx->parencol[0] = (int)(start - line_start);
}

static int nextc(Lexer *lx) {
    if (lx->pos >= lx->len) return EOFC;
    if (lx->pos > lx->line_start && lx->src[lx->pos - 1] == '\n') {
        lx->line++;
        lx->line_start = lx->pos;
    }
    return (unsigned char)lx->src[lx->pos++];
}

static void backup(Lexer *lx, int c) {
    if (c != EOFC) lx->pos--;
}

static bool isdig(int c) { return c >= '0' && c <= '9'; }
static bool isxdig(int c) {
    return isdig(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_id_start_byte(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}
static bool is_id_byte(int c) { return is_id_start_byte(c) || isdig(c); }

static int cur_col(const Lexer *lx) { return (int)(lx->pos - lx->line_start); }

/* Turns *t into the error token and records the error. */
static bool fail_token(Lexer *lx, Token *t) {
    lx->failed = true;
    lx->done = true;
    memset(t, 0, sizeof *t);
    t->kind = TK_ERROR;
    t->line = t->end_line = lx->line;
    t->col = t->end_col = -1;
    t->ucol = cur_col(lx);
    t->level = (uint8_t)lx->level;
    t->start = lx->src + lx->pos;
    t->at_eof = lx->pos >= lx->len;
    return false;
}

static bool fail(Lexer *lx, Token *t, LexErrClass cls, ParseErrorKind kind, int line, int col,
                 int end_line, int end_col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    lexerr_set(&lx->err, kind, line, col, end_line, end_col, fmt, ap);
    va_end(ap);
    lx->errclass = cls;
    lx->err_level = lx->level;
    return fail_token(lx, t);
}

/* CPython's syntaxerror(): the error sits at the current position, counted
 * in characters. */
static bool raise_here(Lexer *lx, Token *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    lexerr_set(&lx->err, PERR_SYNTAX, lx->line, cur_col(lx), lx->line, cur_col(lx), fmt, ap);
    va_end(ap);
    lx->err.chars = true;
    lx->errclass = LEXE_RAISE;
    lx->err_level = lx->level;
    return fail_token(lx, t);
}
#define RAISE_HERE raise_here

static bool trunc_fail(Lexer *lx, Token *t) {
    lx->err = lx->trunc_err;
    lx->errclass = LEXE_RAISE;
    lx->err_level = lx->level;
    return fail_token(lx, t);
}

/* "'(' was never closed" for the innermost open bracket. */
static bool unclosed_fail(Lexer *lx, Token *t) {
    int i = lx->level - 1;
    fail(lx, t, LEXE_QUIET, PERR_SYNTAX, lx->parenline[i], lx->parencol[i] + 1, lx->parenline[i], 0,
         "'%c' was never closed", lx->parenstack[i]);
    lx->err.eof = true;
    return false;
}

/* After a backslash: the next character must end the line. */
static bool continuation_line(Lexer *lx, Token *t) {
    int c = nextc(lx);
    if (c != '\n') {
        if (c == EOFC && lx->trunc) return trunc_fail(lx, t);
        return fail(lx, t, LEXE_QUIET, PERR_SYNTAX, lx->line, cur_col(lx), lx->line, 0,
                    "unexpected character after line continuation character");
    }
    c = nextc(lx);
    if (c == EOFC) {
        if (lx->trunc) return trunc_fail(lx, t);
        if (lx->level > 0) return unclosed_fail(lx, t);
        fail(lx, t, LEXE_QUIET, PERR_SYNTAX, lx->line, cur_col(lx), lx->line, -1,
             "unexpected EOF while parsing");
        lx->err.eof = true;
        return false;
    }
    backup(lx, c);
    return true;
}

static bool tab_error(Lexer *lx, Token *t) {
    fail(lx, t, LEXE_QUIET, PERR_TAB, lx->line, 1, lx->line, 0,
         "inconsistent use of tabs and spaces in indentation");
    return false;
}

static void set_token(Lexer *lx, Token *t, int kind, size_t start, int line, size_t line_start) {
    t->kind = (uint8_t)kind;
    t->line = line;
    t->col = (int)(start - line_start);
    t->end_line = lx->line;
    t->end_col = cur_col(lx);
    t->start = lx->src + start;
    t->len = (int)(lx->pos - start);
    t->level = (uint8_t)lx->level;
}

/* ---- numbers ---------------------------------------------------------- */

static bool lookahead(Lexer *lx, const char *s) {
    size_t save = lx->pos;
    int save_line = lx->line;
    size_t save_ls = lx->line_start;
    bool ok = true;
    for (; *s; s++) {
        if (nextc(lx) != (unsigned char)*s) {
            ok = false;
            break;
        }
    }
    lx->pos = save;
    lx->line = save_line;
    lx->line_start = save_ls;
    return ok;
}

/* A number may not run into a name, except into the keywords that can
 * legally follow it (CPython only warns there). */
static bool verify_end(Lexer *lx, Token *t, int c, const char *kind) {
    bool r = false;
    if (c == 'a') r = lookahead(lx, "nd");
    else if (c == 'e') r = lookahead(lx, "lse");
    else if (c == 'f') r = lookahead(lx, "or");
    else if (c == 'i') {
        int c2 = nextc(lx);
        r = c2 == 'f' || c2 == 'n' || c2 == 's';
        backup(lx, c2);
    } else if (c == 'o') r = lookahead(lx, "r");
    else if (c == 'n') r = lookahead(lx, "ot");
    if (r) return true;
    if (is_id_byte(c)) {
        backup(lx, c);
        return RAISE_HERE(lx, t, "invalid %s literal", kind);
    }
    return true;
}

static int decimal_tail(Lexer *lx, Token *t) {
    int c;
    for (;;) {
        do {
            c = nextc(lx);
        } while (isdig(c));
        if (c != '_') break;
        c = nextc(lx);
        if (!isdig(c)) {
            backup(lx, c);
            RAISE_HERE(lx, t, "invalid decimal literal");
            return ERRC;
        }
    }
    return c;
}

/* Radix literal after "0x"/"0o"/"0b"; c is the character after the letter. */
static bool radix_digits(Lexer *lx, Token *t, int c, int base, const char *kind) {
    for (;;) {
        if (c == '_') c = nextc(lx);
        bool ok = base == 16 ? isxdig(c) : (c >= '0' && c < '0' + base);
        if (!ok) {
            if (base != 16 && isdig(c))
                return RAISE_HERE(lx, t, "invalid digit '%c' in %s literal", c, kind);
            backup(lx, c);
            return RAISE_HERE(lx, t, "invalid %s literal", kind);
        }
        do {
            c = nextc(lx);
        } while (base == 16 ? isxdig(c) : (c >= '0' && c < '0' + base));
        if (c != '_') break;
    }
    if (base != 16 && isdig(c)) return RAISE_HERE(lx, t, "invalid digit '%c' in %s literal", c, kind);
    if (!verify_end(lx, t, c, kind)) return false;
    backup(lx, c);
    return true;
}

enum { NUM_INT, NUM_FRACTION, NUM_EXPONENT, NUM_IMAG };

/* Scans the rest of a number. `c` is the first digit (state NUM_INT), or the
 * character after a leading '.' (state NUM_FRACTION). */
static bool lex_number(Lexer *lx, Token *t, int c, int state, size_t start) {
    if (state == NUM_INT && c == '0') {
        c = nextc(lx);
        if (c == 'x' || c == 'X') return radix_digits(lx, t, nextc(lx), 16, "hexadecimal");
        if (c == 'o' || c == 'O') return radix_digits(lx, t, nextc(lx), 8, "octal");
        if (c == 'b' || c == 'B') return radix_digits(lx, t, nextc(lx), 2, "binary");
        bool nonzero = false;
        for (;;) {
            if (c == '_') {
                c = nextc(lx);
                if (!isdig(c)) {
                    backup(lx, c);
                    return RAISE_HERE(lx, t, "invalid decimal literal");
                }
            }
            if (c != '0') break;
            c = nextc(lx);
        }
        size_t zeros_end = lx->pos;
        if (isdig(c)) {
            nonzero = true;
            c = decimal_tail(lx, t);
            if (c == ERRC) return false;
        }
        if (c == '.') {
            c = nextc(lx);
            state = NUM_FRACTION;
        } else if (c == 'e' || c == 'E') {
            state = NUM_EXPONENT;
        } else if (c == 'j' || c == 'J') {
            state = NUM_IMAG;
        } else if (nonzero) {
            backup(lx, c);
            fail(lx, t, LEXE_RAISE, PERR_SYNTAX, lx->line, (int)(start - lx->line_start) + 1, lx->line,
                 (int)(zeros_end - lx->line_start),
                 "leading zeros in decimal integer literals are not permitted; "
                 "use an 0o prefix for octal integers");
            return false;
        } else {
            if (!verify_end(lx, t, c, "decimal")) return false;
            backup(lx, c);
            return true;
        }
    } else if (state == NUM_INT) {
        c = decimal_tail(lx, t);
        if (c == ERRC) return false;
        if (c == '.') {
            c = nextc(lx);
            state = NUM_FRACTION;
        } else if (c == 'e' || c == 'E') {
            state = NUM_EXPONENT;
        } else if (c == 'j' || c == 'J') {
            state = NUM_IMAG;
        }
    }
    if (state == NUM_FRACTION) {
        if (isdig(c)) {
            c = decimal_tail(lx, t);
            if (c == ERRC) return false;
        }
        if (c == 'e' || c == 'E') state = NUM_EXPONENT;
        else if (c == 'j' || c == 'J') state = NUM_IMAG;
    }
    if (state == NUM_EXPONENT) {
        int e = c;
        c = nextc(lx);
        if (c == '+' || c == '-') {
            c = nextc(lx);
            if (!isdig(c)) {
                backup(lx, c);
                return RAISE_HERE(lx, t, "invalid decimal literal");
            }
        } else if (!isdig(c)) {
            backup(lx, c);
            if (!verify_end(lx, t, e, "decimal")) return false;
            backup(lx, e);
            return true;
        }
        c = decimal_tail(lx, t);
        if (c == ERRC) return false;
        if (c == 'j' || c == 'J') state = NUM_IMAG;
    }
    if (state == NUM_IMAG) {
        c = nextc(lx);
        if (!verify_end(lx, t, c, "imaginary")) return false;
    } else if (!verify_end(lx, t, c, "decimal")) {
        return false;
    }
    backup(lx, c);
    return true;
}

/* ---- identifiers ------------------------------------------------------ */

static const struct {
    const char *s;
    int kind;
} keywords[] = {
    {"False", TK_KW_FALSE},       {"None", TK_KW_NONE},       {"True", TK_KW_TRUE},
    {"and", TK_KW_AND},           {"as", TK_KW_AS},           {"assert", TK_KW_ASSERT},
    {"async", TK_KW_ASYNC},       {"await", TK_KW_AWAIT},     {"break", TK_KW_BREAK},
    {"class", TK_KW_CLASS},       {"continue", TK_KW_CONTINUE}, {"def", TK_KW_DEF},
    {"del", TK_KW_DEL},           {"elif", TK_KW_ELIF},       {"else", TK_KW_ELSE},
    {"except", TK_KW_EXCEPT},     {"finally", TK_KW_FINALLY}, {"for", TK_KW_FOR},
    {"from", TK_KW_FROM},         {"global", TK_KW_GLOBAL},   {"if", TK_KW_IF},
    {"import", TK_KW_IMPORT},     {"in", TK_KW_IN},           {"is", TK_KW_IS},
    {"lambda", TK_KW_LAMBDA},     {"nonlocal", TK_KW_NONLOCAL}, {"not", TK_KW_NOT},
    {"or", TK_KW_OR},             {"pass", TK_KW_PASS},       {"raise", TK_KW_RAISE},
    {"return", TK_KW_RETURN},     {"try", TK_KW_TRY},         {"while", TK_KW_WHILE},
    {"with", TK_KW_WITH},         {"yield", TK_KW_YIELD},
};

static int keyword_kind(const char *s, size_t n) {
    if (n < 2 || n > 8) return TK_NAME;
    for (size_t i = 0; i < NELEM(keywords); i++)
        if (strlen(keywords[i].s) == n && memcmp(keywords[i].s, s, n) == 0) return keywords[i].kind;
    return TK_NAME;
}

/* Checks a name containing non-ASCII bytes, as CPython's verify_identifier:
 * the error points just past the first character that is not allowed. */
static bool verify_identifier(Lexer *lx, Token *t, size_t start) {
    size_t i = start;
    bool first = true;
    while (i < lx->pos) {
        int l;
        uint32_t cp = lexer_utf8_decode(lx->src + i, lx->pos - i, &l);
        bool ok = first ? lexer_is_id_start(cp) : lexer_is_id_continue(cp);
        if (!ok) {
            lx->pos = i + (size_t)l;
            if (lexer_is_printable(cp))
                return RAISE_HERE(lx, t, "invalid character '%.*s' (U+%04X)", l, lx->src + i, cp);
            return RAISE_HERE(lx, t, "invalid non-printable character U+%04X", cp);
        }
        first = false;
        i += (size_t)l;
    }
    return true;
}

/* ---- strings ---------------------------------------------------------- */

static bool lex_string(Lexer *lx, Token *t, int quote, size_t start, int line, size_t line_start,
                       int sflags) {
    size_t qpos = lx->pos - 1;
    int qsize = 1, endq = 0;
    int c = nextc(lx);
    if (c == quote) {
        c = nextc(lx);
        if (c == quote) qsize = 3;
        else endq = 1;
    }
    if (c != quote) backup(lx, c);
    while (endq != qsize) {
        c = nextc(lx);
        if (c == EOFC || (qsize == 1 && c == '\n')) {
            if (c == EOFC && lx->trunc) return trunc_fail(lx, t);
            int detected = lx->line;
            int col = (int)(start - line_start) + 1;
            fail(lx, t, LEXE_RAISE, PERR_SYNTAX, line, col, line, col,
                 qsize == 3 ? "unterminated triple-quoted string literal (detected at line %d)"
                            : "unterminated string literal (detected at line %d)",
                 detected);
            lx->err.eof = c == EOFC;
            lx->err.chars = true;
            return false;
        }
        if (c == quote) {
            endq++;
        } else {
            endq = 0;
            if (c == '\\') nextc(lx);
        }
    }
    set_token(lx, t, TK_STRING, start, line, line_start);
    t->sflags = (uint8_t)sflags;
    t->quote = (uint8_t)qsize;
    t->prefix = (uint8_t)(qpos - start);
    return true;
}

/* ---- the scanner ------------------------------------------------------ */

static int two_chars(int c1, int c2) {
    switch (c1) {
    case '!': return c2 == '=' ? TK_NOTEQUAL : -1;
    case '%': return c2 == '=' ? TK_PERCENTEQUAL : -1;
    case '&': return c2 == '=' ? TK_AMPEREQUAL : -1;
    case '*': return c2 == '*' ? TK_DSTAR : c2 == '=' ? TK_STAREQUAL : -1;
    case '+': return c2 == '=' ? TK_PLUSEQUAL : -1;
    case '-': return c2 == '=' ? TK_MINEQUAL : c2 == '>' ? TK_RARROW : -1;
    case '/': return c2 == '/' ? TK_DSLASH : c2 == '=' ? TK_SLASHEQUAL : -1;
    case ':': return c2 == '=' ? TK_COLONEQUAL : -1;
    case '<': return c2 == '<' ? TK_LSHIFT : c2 == '=' ? TK_LESSEQUAL : c2 == '>' ? TK_OP : -1;
    case '=': return c2 == '=' ? TK_EQEQUAL : -1;
    case '>': return c2 == '=' ? TK_GREATEREQUAL : c2 == '>' ? TK_RSHIFT : -1;
    case '@': return c2 == '=' ? TK_ATEQUAL : -1;
    case '^': return c2 == '=' ? TK_CIRCUMFLEXEQUAL : -1;
    case '|': return c2 == '=' ? TK_VBAREQUAL : -1;
    default: return -1;
    }
}

static int three_chars(int c1, int c2, int c3) {
    if (c3 != '=') return -1;
    if (c1 == '*' && c2 == '*') return TK_DSTAREQUAL;
    if (c1 == '/' && c2 == '/') return TK_DSLASHEQUAL;
    if (c1 == '<' && c2 == '<') return TK_LSHIFTEQUAL;
    if (c1 == '>' && c2 == '>') return TK_RSHIFTEQUAL;
    return -1;
}

static int one_char(int c) {
    switch (c) {
    case '(': return TK_LPAR;
    case ')': return TK_RPAR;
    case '[': return TK_LSQB;
    case ']': return TK_RSQB;
    case '{': return TK_LBRACE;
    case '}': return TK_RBRACE;
    case ':': return TK_COLON;
    case ',': return TK_COMMA;
    case ';': return TK_SEMI;
    case '+': return TK_PLUS;
    case '-': return TK_MINUS;
    case '*': return TK_STAR;
    case '/': return TK_SLASH;
    case '|': return TK_VBAR;
    case '&': return TK_AMPER;
    case '<': return TK_LESS;
    case '>': return TK_GREATER;
    case '=': return TK_EQUAL;
    case '.': return TK_DOT;
    case '%': return TK_PERCENT;
    case '~': return TK_TILDE;
    case '^': return TK_CIRCUMFLEX;
    case '@': return TK_AT;
    default: return TK_OP;
    }
}

static void pos_token(Lexer *lx, Token *t, int kind) {
    memset(t, 0, sizeof *t);
    t->kind = (uint8_t)kind;
    t->line = t->end_line = lx->line;
    t->col = t->end_col = -1;
    t->ucol = cur_col(lx);
    t->level = (uint8_t)lx->level;
    t->start = lx->src + lx->pos;
    t->at_eof = lx->pos >= lx->len;
}

/* Produces the next token (see lexer.h). */
bool lexer_next(Lexer *lx, Token *t) {
    memset(t, 0, sizeof *t);
    if (lx->failed) return fail_token(lx, t);
    if (lx->done) {
        pos_token(lx, t, TK_ENDMARKER);
        t->at_eof = true;
        return true;
    }
    int c;
    bool blankline;
nextline:
    blankline = false;
    if (lx->atbol && !lx->fexpr) {
        int col = 0, altcol = 0, cont_line_col = 0;
        lx->atbol = false;
        for (;;) {
            c = nextc(lx);
            if (c == ' ') {
                col++;
                altcol++;
            } else if (c == '\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol++;
            } else if (c == '\f') {
                col = altcol = 0;
            } else if (c == '\\') {
                cont_line_col = cont_line_col ? cont_line_col : col;
                if (!continuation_line(lx, t)) return false;
            } else {
                break;
            }
        }
        backup(lx, c);
        if (c == EOFC && lx->trunc) return trunc_fail(lx, t);
        if (c == '#' || c == '\n') blankline = true;
        if (!blankline && lx->level == 0) {
            if (cont_line_col) col = altcol = cont_line_col;
            if (col == lx->indstack[lx->indent]) {
                if (altcol != lx->altstack[lx->indent]) return tab_error(lx, t);
            } else if (col > lx->indstack[lx->indent]) {
                if (lx->indent + 1 >= LEX_MAX_INDENT) {
                    fail(lx, t, LEXE_QUIET, PERR_INDENT, lx->line, 1, lx->line, 0,
                         "too many levels of indentation");
                    return false;
                }
                if (altcol <= lx->altstack[lx->indent]) return tab_error(lx, t);
                lx->pendin++;
                lx->indent++;
                lx->indstack[lx->indent] = col;
                lx->altstack[lx->indent] = altcol;
            } else {
                while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
                    lx->pendin--;
                    lx->indent--;
                }
                if (col != lx->indstack[lx->indent]) {
                    /* CPython jumps to the end of the line first */
                    size_t e = lx->pos;
                    while (e < lx->len && lx->src[e] != '\n') e++;
                    if (e < lx->len) e++;
                    int ecol = (int)(e - lx->line_start);
                    return fail(lx, t, LEXE_QUIET, PERR_INDENT, lx->line, ecol, lx->line, -1,
                                "unindent does not match any outer indentation level");
                }
                if (altcol != lx->altstack[lx->indent]) return tab_error(lx, t);
            }
        }
    }
    if (lx->pendin != 0) {
        if (lx->pendin < 0) {
            lx->pendin++;
            pos_token(lx, t, TK_DEDENT);
        } else {
            lx->pendin--;
            pos_token(lx, t, TK_INDENT);
            t->at_eof = false;
        }
        return true;
    }

again:
    do {
        c = nextc(lx);
    } while (c == ' ' || c == '\t' || c == '\f');
    size_t start = c == EOFC ? lx->pos : lx->pos - 1;
    int line = lx->line;
    size_t line_start = lx->line_start;

    if (c == '#') {
        while (c != EOFC && c != '\n') c = nextc(lx);
    }

    if (c == EOFC) {
        if (lx->trunc) return trunc_fail(lx, t);
        if (lx->fexpr) {
            /* stands for the ')' CPython wraps the expression in */
            pos_token(lx, t, TK_ENDMARKER);
            t->col = cur_col(lx);
            t->end_col = t->col + 1;
            lx->done = true;
            return true;
        }
        if (lx->level > 0) return unclosed_fail(lx, t);
        pos_token(lx, t, TK_ENDMARKER);
        t->at_eof = true;
        lx->done = true;
        return true;
    }

    if (is_id_start_byte(c)) {
        bool saw_b = false, saw_r = false, saw_u = false, saw_f = false;
        for (;;) {
            if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B')) saw_b = true;
            else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U')) saw_u = true;
            else if (!(saw_r || saw_u) && (c == 'r' || c == 'R')) saw_r = true;
            else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F')) saw_f = true;
            else break;
            c = nextc(lx);
            if (c == '"' || c == '\'') {
                int fl = (saw_b ? STRF_BYTES : 0) | (saw_r ? STRF_RAW : 0) | (saw_u ? STRF_U : 0) |
                         (saw_f ? STRF_F : 0);
                return lex_string(lx, t, c, start, line, line_start, fl);
            }
        }
        bool nonascii = false;
        while (is_id_byte(c)) {
            if (c >= 128) nonascii = true;
            c = nextc(lx);
        }
        backup(lx, c);
        if (nonascii && !verify_identifier(lx, t, start)) return false;
        set_token(lx, t, keyword_kind(lx->src + start, lx->pos - start), start, line, line_start);
        return true;
    }

    if (c == '\n') {
        lx->atbol = true;
        if (blankline || lx->level > 0 || lx->fexpr) goto nextline;
        set_token(lx, t, TK_NEWLINE, start, line, line_start);
        t->end_col = (int)(lx->pos - 1 - lx->line_start);
        t->len = (int)(lx->pos - 1 - start);
        lx->cont_line = false;
        return true;
    }

    if (c == '.') {
        c = nextc(lx);
        if (isdig(c)) {
            if (!lex_number(lx, t, c, NUM_FRACTION, start)) return false;
            set_token(lx, t, TK_NUMBER, start, line, line_start);
            return true;
        }
        if (c == '.') {
            int c3 = nextc(lx);
            if (c3 == '.') {
                set_token(lx, t, TK_ELLIPSIS, start, line, line_start);
                return true;
            }
            backup(lx, c3);
        }
        backup(lx, c);
        set_token(lx, t, TK_DOT, start, line, line_start);
        return true;
    }

    if (isdig(c)) {
        if (!lex_number(lx, t, c, NUM_INT, start)) return false;
        set_token(lx, t, TK_NUMBER, start, line, line_start);
        return true;
    }

    if (c == '\'' || c == '"') return lex_string(lx, t, c, start, line, line_start, 0);

    if (c == '\\') {
        if (!continuation_line(lx, t)) return false;
        lx->cont_line = true;
        goto again;
    }

    {
        int c2 = nextc(lx);
        int k = two_chars(c, c2);
        if (k >= 0) {
            int c3 = nextc(lx);
            int k3 = three_chars(c, c2, c3);
            if (k3 >= 0) k = k3;
            else backup(lx, c3);
            set_token(lx, t, k, start, line, line_start);
            return true;
        }
        backup(lx, c2);
    }

    switch (c) {
    case '(':
    case '[':
    case '{':
        if (lx->level >= LEX_MAX_LEVEL) return RAISE_HERE(lx, t, "too many nested parentheses");
        lx->parenstack[lx->level] = (char)c;
        lx->parenline[lx->level] = lx->line;
        lx->parencol[lx->level] = (int)(start - lx->line_start);
        lx->level++;
        break;
    case ')':
    case ']':
    case '}': {
        if (lx->level == 0) return RAISE_HERE(lx, t, "unmatched '%c'", c);
        lx->level--;
        int open = lx->parenstack[lx->level];
        if (!((open == '(' && c == ')') || (open == '[' && c == ']') || (open == '{' && c == '}'))) {
            if (lx->parenline[lx->level] != lx->line)
                return RAISE_HERE(lx, t,
                                  "closing parenthesis '%c' does not match opening parenthesis "
                                  "'%c' on line %d",
                                  c, open, lx->parenline[lx->level]);
            return RAISE_HERE(lx, t,
                              "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                              open);
        }
        break;
    }
    default:
        break;
    }

    if (c < 0x20 || c == 0x7F) return RAISE_HERE(lx, t, "invalid non-printable character U+%04X", c);

    set_token(lx, t, one_char(c), start, line, line_start);
    return true;
}
