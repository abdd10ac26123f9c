/* parser_str.c: string literals: escape decoding, implicit concatenation,
 * bytes, and f-strings (JoinedStr / FormattedValue), following CPython
 * 3.11's string parser (Parser/string_parser.c) in behaviour and messages.
 *
 * f-strings are scanned here, not by the lexer (as in 3.11): the text
 * between braces is located with CPython's rules (quotes, brackets, '!',
 * ':', '=' and '}' at depth 0) and then parsed by a sub-parser over the
 * same source buffer, so nodes inside an f-string carry real positions.
 * Decoded text is UTF-8; a lone surrogate from "\ud800" is encoded as the
 * 3-byte sequence UTF-8 would use for it (WTF-8), since str may hold one.
 */
#include "parser_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable byte buffer (plain malloc; freed on every path) --------- */

typedef struct {
    char *buf;
    size_t len, cap;
} SBuf;

static void sb_reserve(SBuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra + 1) ncap *= 2;
    char *n = realloc(b->buf, ncap);
    if (!n) {
        fputs("coil: out of memory while parsing\n", stderr);
        abort();
    }
    b->buf = n;
    b->cap = ncap;
}

static void sb_add(SBuf *b, const char *s, size_t n) {
    if (!n) return;
    sb_reserve(b, n);
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void sb_addc(SBuf *b, int c) {
    sb_reserve(b, 1);
    b->buf[b->len++] = (char)c;
}

static void sb_add_cp(SBuf *b, uint32_t cp) {
    char u[4];
    int n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_add(b, u, (size_t)n);
}

static void sb_free(SBuf *b) {
    free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
}

/* ---- \N{...} names ---------------------------------------------------- */

static bool lookup_name(const char *s, size_t n, uint32_t *cp) {
    char up[96];
    if (n >= sizeof up) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        up[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    up[n] = '\0';
    return parser_unicode_lookup(up, n, cp);
}

/* ---- escapes ---------------------------------------------------------- */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int utf8_len(unsigned char c) { return c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Decodes the body of a non-raw str literal into out. On a bad escape it
 * writes CPython's message to msg and returns false. Error positions count
 * each non-ASCII character as 10 bytes, as CPython's decoder sees them
 * (it first rewrites them as \UXXXXXXXX escapes). */
static bool decode_str(const char *s, size_t n, SBuf *out, char *msg, size_t msgsz) {
    size_t i = 0;
    long vpos = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c != '\\') {
            if (c < 0x80) {
                sb_addc(out, c);
                i++;
                vpos++;
            } else {
                size_t l = (size_t)utf8_len(c);
                if (l > n - i) l = n - i;
                sb_add(out, s + i, l);
                i += l;
                vpos += 10;
            }
            continue;
        }
        long start = vpos;
        if (i + 1 >= n || (unsigned char)s[i + 1] >= 0x80) {
            sb_addc(out, '\\'); /* CPython turns it into \u005c */
            i++;
            vpos += 6;
            continue;
        }
        int e = (unsigned char)s[i + 1];
        i += 2;
        vpos += 2;
        const char *message = NULL;
        switch (e) {
        case '\n': break;
        case '\\':
        case '\'':
        case '"': sb_addc(out, e); break;
        case 'a': sb_addc(out, 7); break;
        case 'b': sb_addc(out, 8); break;
        case 'f': sb_addc(out, 12); break;
        case 'n': sb_addc(out, 10); break;
        case 'r': sb_addc(out, 13); break;
        case 't': sb_addc(out, 9); break;
        case 'v': sb_addc(out, 11); break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7': {
            uint32_t v = (uint32_t)(e - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++) {
                v = (v << 3) + (uint32_t)(s[i] - '0');
                i++;
                vpos++;
            }
            sb_add_cp(out, v);
            break;
        }
        case 'x':
        case 'u':
        case 'U': {
            int count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            uint32_t v = 0;
            for (; count; count--) {
                if (i >= n) {
                    message = e == 'x' ? "truncated \\xXX escape"
                              : e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
                    break;
                }
                int h = hexval((unsigned char)s[i]);
                if (h < 0) {
                    message = e == 'x' ? "truncated \\xXX escape"
                              : e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
                    break;
                }
                v = (v << 4) | (uint32_t)h;
                i++;
                vpos++;
            }
            if (!message && v > 0x10FFFF) message = "illegal Unicode character";
            if (!message) sb_add_cp(out, v);
            break;
        }
        case 'N': {
            message = "malformed \\N character escape";
            if (i >= n || s[i] != '{') break;
            i++;
            vpos++;
            size_t name = i;
            while (i < n && s[i] != '}') {
                vpos += ((unsigned char)s[i] < 0x80) ? 1 : 10;
                i += ((unsigned char)s[i] < 0x80) ? 1 : (size_t)utf8_len((unsigned char)s[i]);
            }
            if (i >= n || i == name) break;
            uint32_t cp;
            size_t nlen = i - name;
            i++;
            vpos++;
            if (lookup_name(s + name, nlen, &cp)) {
                sb_add_cp(out, cp);
                message = NULL;
            } else {
                message = "unknown Unicode character name";
            }
            break;
        }
        default:
            sb_addc(out, '\\');
            sb_addc(out, e);
            break;
        }
        if (message) {
            snprintf(msg, msgsz,
                     "(unicode error) 'unicodeescape' codec can't decode bytes in position %ld-%ld: %s",
                     start, vpos - 1, message);
            return false;
        }
    }
    return true;
}

/* Decodes the body of a non-raw bytes literal (ASCII already checked). */
static bool decode_bytes(const char *s, size_t n, SBuf *out, char *msg, size_t msgsz) {
    size_t i = 0;
    while (i < n) {
        char c = s[i++];
        if (c != '\\' || i >= n) {
            sb_addc(out, c);
            continue;
        }
        int e = (unsigned char)s[i++];
        switch (e) {
        case '\n': break;
        case '\\':
        case '\'':
        case '"': sb_addc(out, e); break;
        case 'a': sb_addc(out, 7); break;
        case 'b': sb_addc(out, 8); break;
        case 'f': sb_addc(out, 12); break;
        case 'n': sb_addc(out, 10); break;
        case 'r': sb_addc(out, 13); break;
        case 't': sb_addc(out, 9); break;
        case 'v': sb_addc(out, 11); break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(e - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++)
                v = (v << 3) + (unsigned)(s[i++] - '0');
            sb_addc(out, (int)(v & 0xFF));
            break;
        }
        case 'x':
            if (i + 1 < n + 0 && hexval((unsigned char)s[i]) >= 0 && hexval((unsigned char)s[i + 1]) >= 0) {
                sb_addc(out, hexval((unsigned char)s[i]) * 16 + hexval((unsigned char)s[i + 1]));
                i += 2;
                break;
            }
            snprintf(msg, msgsz, "(value error) invalid \\x escape at position %zu", i - 2);
            return false;
        default:
            sb_addc(out, '\\');
            i--;
            break;
        }
    }
    return true;
}

/* ---- f-strings -------------------------------------------------------- */

typedef struct {
    SBuf last;
    bool has_last;
    Vec values;
    bool fmode;
} FBuild;

typedef struct {
    Parser *p;
    Span whole;    /* all the string tokens of the atom */
    const char *src;
} FCtx;

static void fb_add_str(FBuild *fb, const char *s, size_t n) {
    if (!n) return;
    sb_add(&fb->last, s, n);
    fb->has_last = true;
}

static Expr *str_const(Parser *p, Span s, const char *text, size_t n) {
    Expr *e = parser_new_expr(p, E_CONST, s);
    e->u.constant.kind = C_STR;
    e->u.constant.bytes = arena_strndup(p->arena, text ? text : "", n);
    e->u.constant.len = n;
    return e;
}

static void fb_flush(FCtx *c, FBuild *fb, Span s) {
    if (!fb->has_last) return;
    parser_vec_push(c->p, &fb->values, str_const(c->p, s, fb->last.buf, fb->last.len));
    fb->last.len = 0;
    fb->has_last = false;
}

static Expr *fb_finish(FCtx *c, FBuild *fb, Span js) {
    if (!fb->fmode) {
        Expr *e = str_const(c->p, js, fb->last.buf, fb->last.len);
        sb_free(&fb->last);
        return e;
    }
    fb_flush(c, fb, js); /* CPython gives this last piece the JoinedStr's span */
    sb_free(&fb->last);
    Expr *e = parser_new_expr(c->p, E_JOINEDSTR, js);
    e->u.joinedstr.values = parser_vec_exprs(&fb->values);
    return e;
}

static bool decode_literal(FCtx *c, const char *s, size_t n, bool raw, FBuild *fb) {
    if (raw) {
        fb_add_str(fb, s, n);
        return true;
    }
    SBuf b = {0};
    char msg[256];
    if (!decode_str(s, n, &b, msg, sizeof msg)) {
        sb_free(&b);
        parser_err_last(c->p, PERR_SYNTAX, "%s", msg);
        return false;
    }
    fb_add_str(fb, b.buf, b.len);
    sb_free(&b);
    return true;
}

static bool parse_fstring(FCtx *c, FBuild *fb, size_t *pos, size_t end, bool raw, int lvl, const Token *t);

static bool is_py_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\x0b' || ch == '\x0c';
}

/* One replacement field, *pos at its '{'. */
static bool parse_replacement_field(FCtx *c, FBuild *fb, size_t *pos, size_t end, bool raw, int lvl,
                                    const Token *t) {
    Parser *p = c->p;
    const char *src = c->src;
    if (lvl >= 2) {
        parser_err_last(p, PERR_SYNTAX, "f-string: expressions nested too deeply");
        return false;
    }
    size_t s = *pos + 1;
    size_t expr_start = s;
    char quote = 0;
    int stype = 0, depth = 0;
    char stack[LEX_MAX_LEVEL];
    for (; s < end; s++) {
        char ch = src[s];
        if (ch == '\\') {
            parser_err_last(p, PERR_SYNTAX, "f-string expression part cannot include a backslash");
            return false;
        }
        if (quote) {
            if (ch == quote) {
                if (stype == 3) {
                    if (s + 2 < end && src[s + 1] == ch && src[s + 2] == ch) {
                        s += 2;
                        stype = 0;
                        quote = 0;
                    }
                } else {
                    stype = 0;
                    quote = 0;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            if (s + 2 < end && src[s + 1] == ch && src[s + 2] == ch) {
                stype = 3;
                s += 2;
            } else {
                stype = 1;
            }
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= LEX_MAX_LEVEL) {
                parser_err_last(p, PERR_SYNTAX, "f-string: too many nested parenthesis");
                return false;
            }
            stack[depth++] = ch;
        } else if (ch == '#') {
            parser_err_last(p, PERR_SYNTAX, "f-string expression part cannot include '#'");
            return false;
        } else if (depth == 0 &&
                   (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (s + 1 < end) {
                char next = src[s + 1];
                if ((ch == '!' && next == '=') || (ch == '=' && next == '=') || (ch == '<' && next == '=') ||
                    (ch == '>' && next == '=')) {
                    s++;
                    continue;
                }
            }
            if (ch == '>' || ch == '<') continue;
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!depth) {
                parser_err_last(p, PERR_SYNTAX, "f-string: unmatched '%c'", ch);
                return false;
            }
            int open = stack[--depth];
            if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') || (open == '{' && ch == '}'))) {
                parser_err_last(p, PERR_SYNTAX,
                                "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'",
                                ch, open);
                return false;
            }
        }
    }
    size_t expr_end = s;
    if (quote) {
        parser_err_last(p, PERR_SYNTAX, "f-string: unterminated string");
        return false;
    }
    if (depth) {
        parser_err_last(p, PERR_SYNTAX, "f-string: unmatched '%c'", stack[depth - 1]);
        return false;
    }
    if (s >= end) goto expecting;
    {
        size_t k = expr_start;
        while (k < expr_end && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\f')) k++;
        if (k == expr_end) {
            char ch = src[expr_end];
            if (ch == '!' || ch == ':' || ch == '=')
                parser_err_last(p, PERR_SYNTAX, "f-string: expression required before '%c'", ch);
            else
                parser_err_last(p, PERR_SYNTAX, "f-string: empty expression not allowed");
            return false;
        }
    }
    /* locate expr_start in the source for real node positions */
    int line = t->line;
    size_t tok_off = (size_t)(t->start - src);
    size_t line_start = tok_off - (size_t)t->col;
    for (size_t k = tok_off; k < expr_start; k++) {
        if (src[k] == '\n') {
            line++;
            line_start = k + 1;
        }
    }
    Expr *value = parse_fstring_expr(p, expr_start, expr_end, line, line_start);
    if (!value) return false;
    size_t text_end = 0;
    if (src[s] == '=') {
        s++;
        while (s < end && is_py_space(src[s])) s++;
        if (s >= end) goto expecting;
        text_end = s;
    }
    int conversion = -1;
    if (src[s] == '!') {
        s++;
        if (s >= end) goto expecting;
        conversion = (unsigned char)src[s];
        s++;
        if (conversion != 's' && conversion != 'r' && conversion != 'a') {
            parser_err_last(p, PERR_SYNTAX,
                            "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return false;
        }
    }
    Expr *spec = NULL;
    if (s >= end) goto expecting;
    if (src[s] == ':') {
        s++;
        if (s >= end) goto expecting;
        FBuild sub = {0};
        if (!parse_fstring(c, &sub, &s, end, raw, lvl + 1, t)) {
            sb_free(&sub.last);
            return false;
        }
        spec = fb_finish(c, &sub, parser_tok_span(t));
    }
    if (s >= end || src[s] != '}') goto expecting;
    s++;
    if (text_end && !spec && conversion == -1) conversion = 'r';
    if (text_end) fb_add_str(fb, src + expr_start, text_end - expr_start);
    fb_flush(c, fb, c->whole);
    {
        Expr *fv = parser_new_expr(p, E_FORMATTED, c->whole);
        fv->u.formatted.value = value;
        fv->u.formatted.conversion = conversion;
        fv->u.formatted.format_spec = spec;
        parser_vec_push(p, &fb->values, fv);
    }
    *pos = s;
    return true;
expecting:
    parser_err_last(p, PERR_SYNTAX, "f-string: expecting '}'");
    return false;
}

/* Literal text and replacement fields from *pos up to end (top level) or
 * up to the '}' closing a format spec (lvl > 0). */
static bool parse_fstring(FCtx *c, FBuild *fb, size_t *pos, size_t end, bool raw, int lvl, const Token *t) {
    const char *src = c->src;
    fb->fmode = true;
    for (;;) {
        size_t lit_start = *pos, s = *pos, lit_end;
        bool doubled = false;
        while (s < end) {
            char ch = src[s++];
            if (!raw && ch == '\\' && s < end) {
                ch = src[s++];
                if (ch == 'N') {
                    if (s < end && src[s++] == '{') {
                        while (s < end && src[s++] != '}') {
                        }
                    }
                    continue;
                }
            }
            if (ch == '{' || ch == '}') {
                if (lvl == 0) {
                    if (s < end && src[s] == ch) {
                        doubled = true;
                        break;
                    }
                    if (ch == '}') {
                        parser_err_last(c->p, PERR_SYNTAX, "f-string: single '}' is not allowed");
                        return false;
                    }
                }
                s--;
                break;
            }
        }
        lit_end = s;
        *pos = doubled ? s + 1 : s;
        if (lit_end > lit_start && !decode_literal(c, src + lit_start, lit_end - lit_start, raw, fb))
            return false;
        if (doubled) continue;
        if (*pos >= end || src[*pos] == '}') break;
        if (!parse_replacement_field(c, fb, pos, end, raw, lvl, t)) return false;
    }
    if (lvl != 0 && (*pos >= end || src[*pos] != '}')) {
        parser_err_last(c->p, PERR_SYNTAX, "f-string: expecting '}'");
        return false;
    }
    return true;
}

/* ---- the strings atom ------------------------------------------------- */

Expr *parse_strings(Parser *p) {
    int start = p->pos;
    while (parser_check(p, TK_STRING)) parser_advance(p);
    int last = p->pos - 1;
    FCtx c = {p, parser_span_from(p, start), p->src};
    FBuild fb = {0};
    SBuf bytes = {0};
    bool bytesmode = false;
    char msg[256];
    for (int i = start; i <= last; i++) {
        Token t = p->toks[i];
        bool tb = t.sflags & STRF_BYTES, raw = t.sflags & STRF_RAW, f = t.sflags & STRF_F;
        const char *body = t.start + t.prefix + t.quote;
        size_t blen = (size_t)(t.len - t.prefix - 2 * t.quote);
        SBuf dec = {0};
        if (tb) {
            for (size_t k = 0; k < blen; k++) {
                if ((unsigned char)body[k] >= 0x80) {
                    parser_err_tok(p, &t, "bytes can only contain ASCII literal characters");
                    goto fail;
                }
            }
            if (raw) sb_add(&dec, body, blen);
            else if (!decode_bytes(body, blen, &dec, msg, sizeof msg)) {
                parser_err_last(p, PERR_SYNTAX, "%s", msg);
                sb_free(&dec);
                goto fail;
            }
        } else if (!f) {
            if (raw) sb_add(&dec, body, blen);
            else if (!decode_str(body, blen, &dec, msg, sizeof msg)) {
                parser_err_last(p, PERR_SYNTAX, "%s", msg);
                sb_free(&dec);
                goto fail;
            }
        }
        if (i != start && bytesmode != tb) {
            parser_err_last(p, PERR_SYNTAX, "cannot mix bytes and nonbytes literals");
            sb_free(&dec);
            goto fail;
        }
        bytesmode = tb;
        if (f) {
            size_t pos = (size_t)(body - p->src);
            if (!parse_fstring(&c, &fb, &pos, pos + blen, raw, 0, &t)) goto fail;
        } else if (tb) {
            sb_add(&bytes, dec.buf, dec.len);
        } else {
            fb_add_str(&fb, dec.buf, dec.len);
        }
        sb_free(&dec);
    }
    if (bytesmode) {
        Expr *e = parser_new_expr(p, E_CONST, c.whole);
        e->u.constant.kind = C_BYTES;
        e->u.constant.bytes = arena_strndup(p->arena, bytes.buf ? bytes.buf : "", bytes.len);
        e->u.constant.len = bytes.len;
        sb_free(&bytes);
        sb_free(&fb.last);
        return e;
    }
    return fb_finish(&c, &fb, c.whole);
fail:
    sb_free(&bytes);
    sb_free(&fb.last);
    parser_err_first_pass(p); /* CPython's string action runs in its first pass */
    return NULL;
}

/* ---- f-string expression sub-parser ----------------------------------- */

static int rel_col(int col, size_t offset) {
    if (col <= 0) return col;
    return col - (int)offset + 1;
}

Expr *parse_fstring_expr(Parser *p, size_t start, size_t end, int line, size_t line_start) {
    Parser sub;
    memset(&sub, 0, sizeof sub);
    sub.arena = p->arena;
    sub.filename = p->filename;
    sub.src = p->src;
    sub.src_len = p->src_len;
    sub.depth = p->depth;
    sub.parent = p;
    lexer_init_fexpr(&sub.lx, p->src, start, end, line, line_start);
    {
        /* CPython parses "(" expr ")", the parentheses standing on the
         * braces: a bare tuple or generator expression spans them */
        int eline = line;
        size_t els = line_start;
        for (size_t k = start; k < end; k++)
            if (p->src[k] == '\n') {
                eline++;
                els = k + 1;
            }
        Span ps = {line, (int)(start - line_start) - 1, eline, (int)(end - els) + 1};
        sub.fexpr_parens = ps;
    }
    Expr *e = NULL;
    if (parser_enter(&sub)) {
        parser_peek(&sub);
        if (!sub.failed) e = parse_group_body(&sub, 0, TK_ENDMARKER);
        parser_leave(&sub);
    }
    if (sub.failed) {
        e = NULL;
        LexErr err = sub.err;
        if (!sub.lex_failed) {
            char m[sizeof err.msg];
            size_t ml = strlen(err.msg);
            if (ml > sizeof m - 11) ml = sizeof m - 11;
            memcpy(m, "f-string: ", 10);
            memcpy(m + 10, err.msg, ml);
            m[10 + ml] = '\0';
            memcpy(err.msg, m, sizeof err.msg);
        }
        size_t off = start - line_start;
        if (err.line == line) err.col = rel_col(err.col, off);
        if (err.end_line == line) err.end_col = rel_col(err.end_col, off);
        err.eof = false;
        err.chars = false;
        if (!p->failed) {
            p->failed = true;
            p->lex_failed = false;
            p->err = err;
            size_t n = end - start;
            if (n > sizeof p->err_text - 3) n = sizeof p->err_text - 3;
            p->err_text[0] = '(';
            memcpy(p->err_text + 1, p->src + start, n);
            p->err_text[n + 1] = ')';
            p->err_text[n + 2] = '\0';
        }
    } else if (sub.has_deferred && !p->has_deferred) {
        p->has_deferred = true;
        p->deferred = sub.deferred;
    }
    free(sub.toks);
    free(sub.tflags);
    return e;
}
