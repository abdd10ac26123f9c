/* parser.c: the parser's core: token access, speculation, error reporting
 * with CPython 3.11's positions and priorities, tree helpers, and
 * parse_module (ast.h).
 *
 * Error priority, as in CPython: a lexer error reached by the parser is
 * reported at once; after a parser error the rest of the input is still
 * tokenized, and a lexer error found there wins if CPython's tokenizer
 * raises it eagerly (bad strings, numbers, characters, brackets), or if a
 * bracket left open on an earlier line reaches the end of input. Error
 * columns are kept as byte offsets while parsing and converted to the
 * character offsets SyntaxError carries at the end.
 */
#include "parser_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens ----------------------------------------------------------- */

static void grow_tokens(Parser *p) {
    int ncap = p->cap ? p->cap * 2 : 256;
    Token *nt = realloc(p->toks, (size_t)ncap * sizeof(Token));
    uint8_t *nf = realloc(p->tflags, (size_t)ncap);
    if (!nt || !nf) {
        fputs("coil: out of memory while parsing\n", stderr);
        abort();
    }
    p->toks = nt;
    p->tflags = nf;
    p->cap = ncap;
}

/* A lexer error is raised the moment its token is fetched (CPython). */
static void lexer_error_reached(Parser *p) {
    if (p->failed && p->lex_failed) return;
    p->failed = true;
    p->lex_failed = true;
    p->err = p->lx.err;
    p->err_text[0] = '\0';
}

Token *parser_tok(Parser *p, int i) {
    while (p->ntoks <= i) {
        if (p->ntoks > 0) {
            int k = p->toks[p->ntoks - 1].kind;
            if (k == TK_ENDMARKER || k == TK_ERROR) return &p->toks[p->ntoks - 1];
        }
        if (p->ntoks == p->cap) grow_tokens(p);
        Token *t = &p->toks[p->ntoks];
        bool ok = lexer_next(&p->lx, t);
        p->tflags[p->ntoks] = 0;
        p->ntoks++;
        if (!ok) lexer_error_reached(p);
    }
    return &p->toks[i];
}

Token *parser_peek(Parser *p) {
    Token *t = parser_tok(p, p->pos);
    if (p->pos > p->maxpos && p->spec2 == 0) p->maxpos = p->pos;
    if (p->pos >= p->ntoks) return &p->toks[p->ntoks - 1];
    return t;
}

Token *parser_peek_quiet(Parser *p, int n) { return parser_tok(p, p->pos + n); }

Token *parser_peek_n(Parser *p, int n) {
    int i = p->pos + n;
    Token *t = parser_tok(p, i);
    if (i < p->ntoks && i > p->maxpos && p->spec2 == 0) p->maxpos = i;
    return t;
}

Token *parser_advance(Parser *p) {
    Token *t = parser_peek(p);
    if (p->pos < p->ntoks && t->kind != TK_ENDMARKER && t->kind != TK_ERROR) p->pos++;
    return t;
}

bool parser_check(Parser *p, int kind) { return parser_peek(p)->kind == kind; }

bool parser_accept(Parser *p, int kind) {
    if (parser_peek(p)->kind != kind) return false;
    parser_advance(p);
    return true;
}

Token *parser_prev_tok(Parser *p) { return &p->toks[p->pos > 0 ? p->pos - 1 : 0]; }

Span parser_tok_span(const Token *t) {
    Span s = {t->line, t->col, t->end_line, t->end_col};
    return s;
}

Span parser_span_to(Span a, Span b) {
    Span s = {a.line, a.col, b.end_line, b.end_col};
    return s;
}

/* CPython's EXTRA: from the rule's first token to the last one consumed,
 * skipping NEWLINE/INDENT/DEDENT at the end. */
Span parser_span_from(Parser *p, int start_tok) {
    int i = p->pos - 1;
    while (i > start_tok && (p->toks[i].kind == TK_NEWLINE || p->toks[i].kind == TK_INDENT ||
                             p->toks[i].kind == TK_DEDENT))
        i--;
    if (i < start_tok) i = start_tok;
    return parser_span_to(parser_tok_span(&p->toks[start_tok]), parser_tok_span(&p->toks[i]));
}

/* ---- speculation ------------------------------------------------------ */

void parser_spec_begin(Parser *p, Spec *s, bool second_pass) {
    s->second = second_pass;
    s->pos = p->pos;
    s->maxpos = p->maxpos;
    s->depth = p->depth;
    s->failed = p->failed;
    s->lex_failed = p->lex_failed;
    s->err = p->err;
    memcpy(s->err_text, p->err_text, sizeof s->err_text);
    if (second_pass) p->spec2++;
}

bool parser_spec_rollback(Parser *p, Spec *s) {
    if (s->second) p->spec2--;
    if (p->lex_failed && !s->lex_failed) return false;
    p->pos = s->pos;
    if (s->second) p->maxpos = s->maxpos;
    p->depth = s->depth;
    p->failed = s->failed;
    p->lex_failed = s->lex_failed;
    p->err = s->err;
    memcpy(p->err_text, s->err_text, sizeof p->err_text);
    return true;
}

bool parser_spec_keep(Parser *p, Spec *s) {
    if (p->failed && !s->failed && !p->err.generic) {
        parser_spec_commit(p, s);
        return true;
    }
    return false;
}

void parser_spec_commit(Parser *p, Spec *s) {
    if (s->second) p->spec2--;
}

/* ---- errors ----------------------------------------------------------- */

static void set_err(Parser *p, ParseErrorKind kind, bool eof, int line, int col, int end_line,
                    int end_col, const char *fmt, va_list ap) {
    if (p->failed) return;
    p->failed = true;
    memset(&p->err, 0, sizeof p->err);
    p->err.kind = kind;
    p->err.eof = eof;
    p->err.line = line;
    p->err.col = col;
    p->err.end_line = end_line;
    p->err.end_col = end_col;
    p->err_text[0] = '\0';
    vsnprintf(p->err.msg, sizeof p->err.msg, fmt, ap);
}

void parser_err_at(Parser *p, ParseErrorKind kind, int line, int col, int end_line, int end_col,
             const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_err(p, kind, false, line, col, end_line, end_col, fmt, ap);
    va_end(ap);
}

static void vperr_tok(Parser *p, ParseErrorKind kind, const Token *t, const char *fmt, va_list ap) {
    int col = t->col >= 0 ? t->col + 1 : 0;
    int end = t->end_col >= 0 ? t->end_col + 1 : 0;
    set_err(p, kind, t->at_eof, t->line, col, t->end_line, end, fmt, ap);
}

void parser_err_tok(Parser *p, const Token *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vperr_tok(p, PERR_SYNTAX, t, fmt, ap);
    va_end(ap);
}

static void vperr_last(Parser *p, ParseErrorKind kind, const Token *t, const char *fmt, va_list ap) {
    if (t->col < 0) set_err(p, kind, t->at_eof, t->line, t->ucol, t->end_line, -1, fmt, ap);
    else set_err(p, kind, t->at_eof, t->line, t->col + 1, t->end_line, t->end_col + 1, fmt, ap);
}

void parser_err_last(Parser *p, ParseErrorKind kind, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vperr_last(p, kind, &p->toks[p->ntoks - 1], fmt, ap);
    va_end(ap);
}

void parser_err_span(Parser *p, Span s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_err(p, PERR_SYNTAX, false, s.line, s.col + 1, s.end_line, s.end_col + 1, fmt, ap);
    va_end(ap);
}

void parser_err_range(Parser *p, Span a, Span b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_err(p, PERR_SYNTAX, false, a.line, a.col + 1, b.end_line, b.end_col + 1, fmt, ap);
    va_end(ap);
}

static void generic_at(Parser *p, const Token *t, ...) {
    if (p->failed) return;
    va_list ap;
    va_start(ap, t);
    if (t->kind == TK_INDENT) vperr_last(p, PERR_INDENT, t, "unexpected indent", ap);
    else if (t->kind == TK_DEDENT) vperr_last(p, PERR_INDENT, t, "unexpected unindent", ap);
    else vperr_tok(p, PERR_SYNTAX, t, "invalid syntax", ap);
    va_end(ap);
    p->err.generic = true;
}

void parser_err_generic(Parser *p) {
    if (p->failed) return;
    int i = p->maxpos < p->ntoks ? p->maxpos : p->ntoks - 1;
    if (i < 0) i = 0;
    generic_at(p, parser_tok(p, i));
}

void parser_err_first_pass(Parser *p) {
    if (p->failed && !p->lex_failed) p->err.first_pass = true;
}

bool parser_expect_forced(Parser *p, int kind, const char *what) {
    Token *t = parser_peek(p);
    if (t->kind == kind) {
        parser_advance(p);
        return true;
    }
    if (t->kind != TK_ERROR && !p->failed) {
        parser_err_tok(p, t, "expected '%s'", what);
        parser_err_first_pass(p);
    }
    return false;
}

bool parser_expect(Parser *p, int kind) {
    if (parser_accept(p, kind)) return true;
    parser_err_generic(p);
    return false;
}

bool parser_enter(Parser *p) {
    if (p->failed) return false;
    if (++p->depth > MAX_DEPTH) {
        Token *t = parser_peek(p);
        parser_err_tok(p, t, "too complex");
        parser_err_first_pass(p);
        return false;
    }
    return true;
}

void parser_leave(Parser *p) { p->depth--; }

/* ---- tree helpers ----------------------------------------------------- */

Expr *parser_new_expr(Parser *p, ExprKind kind, Span s) {
    Expr *e = arena_alloc(p->arena, sizeof(Expr));
    e->kind = kind;
    e->span = s;
    return e;
}

Stmt *parser_new_stmt(Parser *p, StmtKind kind, Span s) {
    Stmt *st = arena_alloc(p->arena, sizeof(Stmt));
    st->kind = kind;
    st->span = s;
    return st;
}

/* Identifiers are NFKC-normalized, as CPython does ("\uff41" is "a"); only
 * the compatibility blocks in parser_unicode.c are mapped. */
const char *parser_ident_str(Parser *p, const char *s, size_t n) {
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i == n) return arena_strndup(p->arena, s, n);
    char *out = arena_alloc(p->arena, n * 4 + 1); /* a mapping is at most 3 bytes per byte */
    size_t o = 0;
    for (i = 0; i < n;) {
        int l;
        uint32_t cp = lexer_utf8_decode(s + i, n - i, &l);
        const char *m = cp >= 0x80 ? parser_unicode_nfkc(cp) : NULL;
        if (m) {
            size_t ml = strlen(m);
            memcpy(out + o, m, ml);
            o += ml;
        } else {
            memcpy(out + o, s + i, (size_t)l);
            o += (size_t)l;
        }
        i += (size_t)l;
    }
    out[o] = '\0';
    return out;
}

const char *parser_tok_str(Parser *p, const Token *t) {
    return parser_ident_str(p, t->start, (size_t)t->len);
}

void parser_vec_push(Parser *p, Vec *v, void *x) {
    if (v->len == v->cap) {
        int ncap = v->cap ? v->cap * 2 : 4;
        void **n = arena_alloc(p->arena, (size_t)ncap * sizeof(void *));
        if (v->len) memcpy(n, v->items, (size_t)v->len * sizeof(void *));
        v->items = n;
        v->cap = ncap;
    }
    v->items[v->len++] = x;
}

ExprList parser_vec_exprs(Vec *v) {
    ExprList l = {(Expr **)v->items, v->len};
    return l;
}

StmtList parser_vec_stmts(Vec *v) {
    StmtList l = {(Stmt **)v->items, v->len};
    return l;
}

const char *parser_expr_name(const Expr *e) {
    switch (e->kind) {
    case E_ATTRIBUTE: return "attribute";
    case E_SUBSCRIPT: return "subscript";
    case E_STARRED: return "starred";
    case E_NAME: return "name";
    case E_LIST: return "list";
    case E_TUPLE: return "tuple";
    case E_LAMBDA: return "lambda";
    case E_CALL: return "function call";
    case E_BOOLOP:
    case E_BINOP:
    case E_UNARYOP: return "expression";
    case E_GENEXP: return "generator expression";
    case E_YIELD:
    case E_YIELDFROM: return "yield expression";
    case E_AWAIT: return "await expression";
    case E_LISTCOMP: return "list comprehension";
    case E_SETCOMP: return "set comprehension";
    case E_DICTCOMP: return "dict comprehension";
    case E_DICT: return "dict literal";
    case E_SET: return "set display";
    case E_JOINEDSTR:
    case E_FORMATTED: return "f-string expression";
    case E_CONST:
        switch (e->u.constant.kind) {
        case C_NONE: return "None";
        case C_FALSE: return "False";
        case C_TRUE: return "True";
        case C_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case E_COMPARE: return "comparison";
    case E_IFEXP: return "conditional expression";
    case E_NAMEDEXPR: return "named expression";
    case E_SLICE: return "slice";
    }
    return "expression";
}

Expr *parser_invalid_target(Expr *e, TargetsType type) {
    switch (e->kind) {
    case E_LIST:
    case E_TUPLE:
        for (int i = 0; i < e->u.seq.elts.len; i++) {
            Expr *c = parser_invalid_target(e->u.seq.elts.items[i], type);
            if (c) return c;
        }
        return NULL;
    case E_STARRED:
        if (type == TARGETS_DEL) return e;
        return parser_invalid_target(e->u.starred.value, type);
    case E_COMPARE:
        if (type == TARGETS_FOR) {
            if (e->u.compare.ops[0] == CMPX_IN) return parser_invalid_target(e->u.compare.left, type);
            return NULL;
        }
        return e;
    case E_NAME:
    case E_SUBSCRIPT:
    case E_ATTRIBUTE: return NULL;
    default: return e;
    }
}

void parser_set_ctx(Expr *e, ExprCtx ctx) {
    switch (e->kind) {
    case E_NAME: e->u.name.ctx = ctx; break;
    case E_ATTRIBUTE: e->u.attribute.ctx = ctx; break;
    case E_SUBSCRIPT: e->u.subscript.ctx = ctx; break;
    case E_STARRED:
        e->u.starred.ctx = ctx;
        parser_set_ctx(e->u.starred.value, ctx);
        break;
    case E_LIST:
    case E_TUPLE:
        e->u.seq.ctx = ctx;
        for (int i = 0; i < e->u.seq.elts.len; i++) parser_set_ctx(e->u.seq.elts.items[i], ctx);
        break;
    default: break;
    }
}

bool parser_can_start_expr(int kind) {
    switch (kind) {
    case TK_NAME:
    case TK_NUMBER:
    case TK_STRING:
    case TK_LPAR:
    case TK_LSQB:
    case TK_LBRACE:
    case TK_MINUS:
    case TK_PLUS:
    case TK_TILDE:
    case TK_ELLIPSIS:
    case TK_KW_NOT:
    case TK_KW_LAMBDA:
    case TK_KW_AWAIT:
    case TK_KW_NONE:
    case TK_KW_TRUE:
    case TK_KW_FALSE: return true;
    default: return false;
    }
}

/* ---- finishing -------------------------------------------------------- */

/* After a parser error, CPython tokenizes the rest of the input; some lexer
 * errors found there replace the parser's error. */
static void full_source_check(Parser *p) {
    if (p->ntoks == 0) return;
    /* CPython reports an unexpected (un)indent without looking further */
    if (p->err.generic && p->err.kind == PERR_INDENT) return;
    int k = p->toks[p->ntoks - 1].kind;
    if (k == TK_ENDMARKER || k == TK_ERROR) return;
    int err_line = p->toks[p->ntoks - 1].line;
    Token t;
    for (;;) {
        if (lexer_next(&p->lx, &t)) {
            if (t.kind == TK_ENDMARKER) return;
            continue;
        }
        Lexer *lx = &p->lx;
        if (lx->err_level > 0 && lx->level > 0 && err_line > lx->parenline[lx->level - 1]) {
            int i = lx->level - 1;
            memset(&p->err, 0, sizeof p->err);
            p->err.kind = PERR_SYNTAX;
            p->err.eof = true;
            p->err.line = p->err.end_line = lx->parenline[i];
            p->err.col = lx->parencol[i] + 1;
            p->err.end_col = 0;
            snprintf(p->err.msg, sizeof p->err.msg, "'%c' was never closed", lx->parenstack[i]);
            p->err_text[0] = '\0';
        } else if (lx->errclass == LEXE_RAISE) {
            p->err = lx->err;
            p->err_text[0] = '\0';
        }
        return;
    }
}

/* Converts a CPython byte offset (1-based) within line `line` to characters. */
static int to_chars(const Parser *p, int line, int off) {
    if (line <= 0 || off <= 0) return off;
    const char *s = p->src;
    size_t n = p->src_len, i = 0;
    for (int l = 1; l < line && i < n; i++)
        if (s[i] == '\n') l++;
    size_t start = i;
    while (i < n && s[i] != '\n') i++;
    if (i < n) i++; /* the newline is part of the line */
    size_t len = i - start;
    size_t lim = (size_t)off < len ? (size_t)off : len;
    int chars = 0;
    for (size_t j = 0; j < lim; j++)
        if (((unsigned char)s[start + j] & 0xC0) != 0x80) chars++;
    if ((size_t)off > len) chars += 1; /* CPython clamps to len + 1 */
    return chars;
}

static void finish_error(Parser *p, ParseError *out) {
    LexErr *e = &p->err;
    memset(out, 0, sizeof *out);
    out->kind = e->eof ? PERR_EOF : e->kind;
    out->eof_kind = e->kind;
    snprintf(out->msg, sizeof out->msg, "%s", e->msg);
    out->line = e->line;
    out->end_line = e->end_line;
    if (e->chars && !p->err_text[0]) {
        out->col = to_chars(p, e->line, e->col);
        out->end_col = e->end_col > 0 ? to_chars(p, e->line, e->end_col) : e->end_col;
    } else {
        /* CPython leaves parser errors in bytes (no coding declaration) */
        out->col = e->col;
        out->end_col = e->end_col;
    }
    snprintf(out->text, sizeof out->text, "%s", p->err_text);
}

/* Parses a whole module (see ast.h). */
Module *parse_module(Arena *arena, const char *src, size_t len, const char *filename, ParseError *err) {
    Parser p;
    memset(&p, 0, sizeof p);
    memset(err, 0, sizeof *err);
    p.arena = arena;
    p.filename = filename;
    LexSource s;
    lexer_prepare(arena, src ? src : "", src ? len : 0, filename, &s);
    p.src = s.text;
    p.src_len = s.len;
    lexer_init(&p.lx, &s);
    Module *m = parse_file(&p);
    if (p.failed && !p.lex_failed && !p.err.first_pass) {
        /* CPython's second pass parses again from the start; the only hint
         * it can raise on code the first pass accepted is the print one */
        LexErr first = p.err;
        p.failed = false;
        p.pos = 0;
        p.depth = 0;
        p.second = true;
        parse_file(&p);
        p.second = false;
        if (!(p.failed && !p.lex_failed && strncmp(p.err.msg, "Missing parentheses", 19) == 0)) {
            if (!p.lex_failed) p.err = first;
            p.failed = true;
        }
    }
    if (!p.failed && p.has_deferred) {
        p.failed = true;
        p.err = p.deferred;
    }
    if (p.failed) {
        if (!p.lex_failed) full_source_check(&p);
        finish_error(&p, err);
        m = NULL;
    }
    free(p.toks);
    free(p.tflags);
    return m;
}
