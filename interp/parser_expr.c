/* parser_expr.c: expression rules of grammar.txt, from star_expressions
 * down to atoms, plus comprehensions, call arguments, slices and targets.
 *
 * Precedence climbing is written out as one function per level, as in the
 * grammar. Left-associative chains are loops, so long `a + b + ...` or
 * `a.b.c...` chains use no C stack; only genuinely nested constructs
 * (brackets, unary operators, `not`, lambda, conditional expressions)
 * recurse, and parser_enter()/parser_leave() bound that depth.
 *
 * CPython's hints for invalid code ("Perhaps you forgot a comma?", "Maybe
 * you meant '=='...", "Missing parentheses in call to 'print'") are tried
 * only where the input is already known to be invalid: after a complete
 * expression that is directly followed by another one, or by '='.
 */
#include "parser_impl.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static Expr *parse_atom(Parser *p);
static bool backtrack(Parser *p, int to);
static Expr *parse_lambdef(Parser *p);
static Expr *parse_slices(Parser *p);
static Expr *named_expression_ex(Parser *p, bool eq_hint);

static Expr *name_expr(Parser *p, const Token *t, ExprCtx ctx) {
    Expr *e = parser_new_expr(p, E_NAME, parser_tok_span(t));
    e->u.name.id = parser_tok_str(p, t);
    e->u.name.ctx = ctx;
    return e;
}

static Expr *const_expr(Parser *p, ConstKind k, Span s) {
    Expr *e = parser_new_expr(p, E_CONST, s);
    e->u.constant.kind = k;
    return e;
}

/* Soft keywords of 3.11 (match statements): CPython's comma hint skips
 * them. CPython compares only the token's length of each keyword, so every
 * prefix of "match", "case" and "_" ("c", "ma"...) counts as well. */
static bool is_soft_keyword(const Token *t) {
    if (t->kind != TK_NAME) return false;
    static const char *const kws[] = {"_", "case", "match"};
    for (int i = 0; i < 3; i++)
        if ((size_t)t->len <= strlen(kws[i]) && memcmp(kws[i], t->start, (size_t)t->len) == 0) return true;
    return false;
}

static bool is_name(const Expr *e, const char *s) {
    return e->kind == E_NAME && strcmp(e->u.name.id, s) == 0;
}

/* An expression the bitwise_or rule alone could have produced. */
bool parser_is_bitwise_or_level(Parser *p, const Expr *e, int start) {
    const Token *t = &p->toks[start];
    if (e->span.line != t->line || e->span.col != t->col) return true; /* parenthesized */
    switch (e->kind) {
    case E_BOOLOP:
    case E_COMPARE:
    case E_IFEXP:
    case E_LAMBDA:
    case E_NAMEDEXPR:
    case E_YIELD:
    case E_YIELDFROM:
    case E_STARRED: return false;
    case E_UNARYOP: return e->u.unaryop.op != U_NOT;
    default: return true;
    }
}

/* ---- star_expressions ------------------------------------------------- */

Expr *parse_star_expressions(Parser *p) {
    int start = p->pos;
    Expr *e = parse_star_expression(p);
    if (!e) return NULL;
    if (!parser_check(p, TK_COMMA)) return e;
    Vec v = {0};
    parser_vec_push(p, &v, e);
    while (parser_accept(p, TK_COMMA)) {
        int k = parser_peek(p)->kind;
        if (k != TK_STAR && !parser_can_start_expr(k)) break;
        Expr *x = parse_star_expression(p);
        if (!x) return NULL;
        parser_vec_push(p, &v, x);
    }
    Expr *t = parser_new_expr(p, E_TUPLE, parser_span_from(p, start));
    t->u.seq.elts = parser_vec_exprs(&v);
    t->u.seq.ctx = CTX_LOAD;
    p->unparen_tuple = t;
    return t;
}

static Expr *starred(Parser *p, int start, Expr *v) {
    Expr *e = parser_new_expr(p, E_STARRED, parser_span_from(p, start));
    e->u.starred.value = v;
    e->u.starred.ctx = CTX_LOAD;
    return e;
}

Expr *parse_star_expression(Parser *p) {
    if (parser_check(p, TK_STAR)) {
        int start = p->pos;
        parser_advance(p);
        Expr *v = parse_bitwise_or(p);
        return v ? starred(p, start, v) : NULL;
    }
    return parse_expression(p);
}

Expr *parse_star_named_expression(Parser *p) {
    if (parser_check(p, TK_STAR)) {
        int start = p->pos;
        parser_advance(p);
        Expr *v = parse_bitwise_or(p);
        return v ? starred(p, start, v) : NULL;
    }
    return parse_named_expression(p);
}

/* ---- named_expression ------------------------------------------------- */

/* CPython's invalid_named_expression for `target = value` where only an
 * expression may stand. */
static void invalid_named_assign(Parser *p, int start, Expr *e) {
    bool bare_name = e->kind == E_NAME && p->pos == start + 1 && p->toks[start].kind == TK_NAME;
    bool bor = parser_is_bitwise_or_level(p, e, start) && !(p->tflags[start] & TOKF_EXCL_ATOM);
    if (!bare_name && !bor) return;
    Spec s;
    parser_spec_begin(p, &s, true);
    p->no_invalid++;
    parser_advance(p); /* '=' */
    Expr *b = parse_bitwise_or(p);
    int k = b && !p->failed ? parser_peek(p)->kind : -1;
    Span bs = b ? b->span : e->span;
    p->no_invalid--;
    if (!parser_spec_rollback(p, &s)) return;
    if (!b || k == TK_EQUAL || k == TK_COLONEQUAL || k < 0) return;
    if (bare_name)
        parser_err_range(p, e->span, bs, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    else
        parser_err_span(p, e->span, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                  parser_expr_name(e));
}

static Expr *named_expression_ex(Parser *p, bool eq_hint) {
    int start = p->pos;
    if (parser_peek(p)->kind == TK_NAME && parser_peek_n(p, 1)->kind == TK_COLONEQUAL) {
        Expr *target = name_expr(p, &p->toks[start], CTX_STORE);
        parser_advance(p);
        parser_advance(p);
        Expr *v = parse_expression(p);
        if (!v) return NULL;
        Expr *e = parser_new_expr(p, E_NAMEDEXPR, parser_span_from(p, start));
        e->u.namedexpr.target = target;
        e->u.namedexpr.value = v;
        return e;
    }
    Expr *e = parse_expression(p);
    if (!e) return NULL;
    int k = parser_peek(p)->kind;
    if (k == TK_COLONEQUAL && eq_hint && !p->no_invalid) {
        Spec s;
        parser_spec_begin(p, &s, true);
        p->no_invalid++;
        parser_advance(p);
        Expr *v = parse_expression(p);
        p->no_invalid--;
        if (!parser_spec_rollback(p, &s)) return NULL;
        if (v) {
            parser_err_span(p, e->span, "cannot use assignment expressions with %s", parser_expr_name(e));
            return NULL;
        }
    } else if (k == TK_EQUAL && eq_hint && !p->no_invalid) {
        invalid_named_assign(p, start, e);
        if (p->failed) return NULL;
    }
    return e;
}

Expr *parse_named_expression(Parser *p) { return named_expression_ex(p, true); }

/* ---- expression ------------------------------------------------------- */

/* The input is invalid here (an expression follows a complete one): look
 * for CPython's hints before the caller reports "invalid syntax":
 * invalid_expression ("Perhaps you forgot a comma?", inside brackets) and
 * invalid_legacy_expression (NAME followed by expressions; an error while
 * reading those is raised too, as CPython's second pass does). */
static void invalid_expression_hints(Parser *p, int start, Expr *a) {
    const Token *t0 = &p->toks[start];
    bool legacy = is_name(a, "print") || is_name(a, "exec");
    Spec s;
    if (!legacy && !(t0->kind == TK_NAME && parser_tok(p, start + 1)->kind == TK_STRING) &&
        !is_soft_keyword(t0)) {
        parser_spec_begin(p, &s, true);
        p->no_invalid++;
        Expr *b = parse_expression(p);
        int level = b && p->pos > 0 ? p->toks[p->pos - 1].level : 0;
        Span bs = b ? b->span : a->span;
        p->no_invalid--;
        if (!parser_spec_rollback(p, &s)) return;
        if (b && level > 0) {
            parser_err_range(p, a->span, bs, "invalid syntax. Perhaps you forgot a comma?");
            return;
        }
    }
    if (a->kind != E_NAME || p->pos != start + 1 || p->toks[start].kind != TK_NAME || p->in_legacy >= 2 ||
        parser_peek(p)->kind == TK_LPAR)
        return;
    parser_spec_begin(p, &s, true);
    p->in_legacy++;
    Expr *b = parse_star_expressions(p);
    Span bs = b ? b->span : a->span;
    p->in_legacy--;
    if (parser_spec_keep(p, &s)) return;
    if (!parser_spec_rollback(p, &s)) return;
    if (b && legacy)
        parser_err_range(p, a->span, bs, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                   a->u.name.id, a->u.name.id);
}

/* Second pass only: CPython's invalid_legacy_expression is tried before
 * anything else, so `print -x` (valid) is reported when the file has an
 * error further on. */
static void legacy_at_start(Parser *p) {
    Token *t = parser_peek(p);
    if (t->kind != TK_NAME || p->in_legacy || p->no_invalid ||
        !((t->len == 5 && memcmp(t->start, "print", 5) == 0) ||
          (t->len == 4 && memcmp(t->start, "exec", 4) == 0)))
        return;
    int k = parser_peek_quiet(p, 1)->kind;
    if (k == TK_LPAR || (k != TK_STAR && !parser_can_start_expr(k))) return;
    int start = p->pos;
    Token name = *t;
    Spec s;
    parser_spec_begin(p, &s, true);
    p->in_legacy++;
    parser_advance(p);
    Expr *b = parse_star_expressions(p);
    Span bs = b ? b->span : parser_tok_span(&name);
    p->in_legacy--;
    if (!parser_spec_rollback(p, &s)) return;
    if (b)
        parser_err_range(p, parser_tok_span(&p->toks[start]), bs,
                         "Missing parentheses in call to '%.*s'. Did you mean %.*s(...)?", name.len,
                         name.start, name.len, name.start);
}

static Expr *parse_expression_body(Parser *p) {
    if (parser_check(p, TK_KW_LAMBDA)) return parse_lambdef(p);
    if (p->second) {
        legacy_at_start(p);
        if (p->failed) return NULL;
    }
    int start = p->pos;
    Expr *a = parse_disjunction(p);
    if (!a) return NULL;
    int k = parser_peek(p)->kind;
    if (k == TK_KW_IF) {
        int iftok = p->pos;
        parser_advance(p);
        Expr *b = parse_disjunction(p);
        if (!b) return backtrack(p, iftok) ? a : NULL;
        if (!parser_check(p, TK_KW_ELSE)) {
            if (!parser_check(p, TK_COLON) && !p->no_invalid) {
                parser_err_range(p, a->span, b->span, "expected 'else' after 'if' expression");
                return NULL;
            }
            p->pos = iftok;
            return a;
        }
        parser_advance(p);
        Expr *c = parse_expression(p);
        if (!c) return backtrack(p, iftok) ? a : NULL;
        Expr *e = parser_new_expr(p, E_IFEXP, parser_span_from(p, start));
        e->u.ifexp.test = b;
        e->u.ifexp.body = a;
        e->u.ifexp.orelse = c;
        return e;
    }
    if (!p->no_invalid && parser_can_start_expr(k)) {
        invalid_expression_hints(p, start, a);
        if (p->failed) return NULL;
    }
    return a;
}

Expr *parse_expression(Parser *p) {
    if (!parser_enter(p)) return NULL;
    Expr *e = parse_expression_body(p);
    parser_leave(p);
    return e;
}

Expr *parse_yield_expr(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* 'yield' */
    if (parser_accept(p, TK_KW_FROM)) {
        Expr *v = parse_expression(p);
        if (!v) return NULL;
        Expr *e = parser_new_expr(p, E_YIELDFROM, parser_span_from(p, start));
        e->u.yield.value = v;
        return e;
    }
    Expr *v = NULL;
    int k = parser_peek(p)->kind;
    if (k == TK_STAR || parser_can_start_expr(k)) {
        v = parse_star_expressions(p);
        if (!v) return NULL;
    }
    Expr *e = parser_new_expr(p, E_YIELD, parser_span_from(p, start));
    e->u.yield.value = v;
    return e;
}

/* ---- boolean operators ------------------------------------------------ */

static Expr *parse_conjunction(Parser *p);
static Expr *parse_inversion(Parser *p);
static Expr *operand(Parser *p, Expr *(*fn)(Parser *), int op_tok, bool *stop);

static Expr *boolop(Parser *p, int start, BoolOpKind op, Vec *v) {
    Expr *e = parser_new_expr(p, E_BOOLOP, parser_span_from(p, start));
    e->u.boolop.op = op;
    e->u.boolop.values = parser_vec_exprs(v);
    return e;
}

Expr *parse_disjunction(Parser *p) {
    int start = p->pos;
    Expr *a = parse_conjunction(p);
    if (!a || !parser_check(p, TK_KW_OR)) return a;
    Vec v = {0};
    parser_vec_push(p, &v, a);
    while (parser_check(p, TK_KW_OR)) {
        int op = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_conjunction, op, &stop);
        if (stop) break;
        if (!b) return NULL;
        parser_vec_push(p, &v, b);
    }
    return boolop(p, start, BOOL_OR, &v);
}

static Expr *parse_conjunction(Parser *p) {
    int start = p->pos;
    Expr *a = parse_inversion(p);
    if (!a || !parser_check(p, TK_KW_AND)) return a;
    Vec v = {0};
    parser_vec_push(p, &v, a);
    while (parser_check(p, TK_KW_AND)) {
        int op = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_inversion, op, &stop);
        if (stop) break;
        if (!b) return NULL;
        parser_vec_push(p, &v, b);
    }
    return boolop(p, start, BOOL_AND, &v);
}

static Expr *unary(Parser *p, int start, UnaryOpKind op, Expr *o) {
    Expr *e = parser_new_expr(p, E_UNARYOP, parser_span_from(p, start));
    e->u.unaryop.op = op;
    e->u.unaryop.operand = o;
    return e;
}

static Expr *parse_comparison(Parser *p);

static Expr *parse_inversion(Parser *p) {
    if (!parser_check(p, TK_KW_NOT)) return parse_comparison(p);
    if (!parser_enter(p)) return NULL;
    int start = p->pos;
    parser_advance(p);
    Expr *o = parse_inversion(p);
    parser_leave(p);
    return o ? unary(p, start, U_NOT, o) : NULL;
}

/* ---- comparisons and binary operators --------------------------------- */

static Expr *parse_comparison(Parser *p) {
    int start = p->pos;
    Expr *a = parse_bitwise_or(p);
    if (!a) return NULL;
    Vec ops = {0}, vals = {0};
    for (;;) {
        int k = parser_peek(p)->kind;
        CmpOpKind op;
        switch (k) {
        case TK_EQEQUAL: op = CMPX_EQ; break;
        case TK_NOTEQUAL: op = CMPX_NE; break;
        case TK_LESS: op = CMPX_LT; break;
        case TK_LESSEQUAL: op = CMPX_LE; break;
        case TK_GREATER: op = CMPX_GT; break;
        case TK_GREATEREQUAL: op = CMPX_GE; break;
        case TK_KW_IN: op = CMPX_IN; break;
        case TK_KW_IS: op = parser_peek_n(p, 1)->kind == TK_KW_NOT ? CMPX_ISNOT : CMPX_IS; break;
        case TK_KW_NOT:
            if (parser_peek_n(p, 1)->kind != TK_KW_IN) goto done;
            op = CMPX_NOTIN;
            break;
        default: goto done;
        }
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        if (op == CMPX_ISNOT || op == CMPX_NOTIN) parser_advance(p);
        Expr *b = operand(p, parse_bitwise_or, optok, &stop);
        if (stop) break;
        if (!b) return NULL;
        parser_vec_push(p, &ops, (void *)(intptr_t)op);
        parser_vec_push(p, &vals, b);
    }
done:
    if (ops.len == 0) return a;
    Expr *e = parser_new_expr(p, E_COMPARE, parser_span_from(p, start));
    e->u.compare.left = a;
    CmpOpKind *o = arena_alloc(p->arena, sizeof(CmpOpKind) * (size_t)ops.len);
    for (int i = 0; i < ops.len; i++) o[i] = (CmpOpKind)(intptr_t)ops.items[i];
    e->u.compare.ops = o;
    e->u.compare.comparators = parser_vec_exprs(&vals);
    return e;
}

/* A generic failure (not a lexer error, not a specific message) inside an
 * optional continuation can be undone: CPython's PEG parser backtracks and
 * leaves the continuation unconsumed, which decides what its hints see.
 * Only valid when nothing had failed before the continuation. */
static bool backtrack(Parser *p, int to) {
    if (!p->failed || !p->err.generic || p->lex_failed) return false;
    p->failed = false;
    p->pos = to;
    return true;
}

/* Right operand of a binary operator at token op_tok; *stop: the operand
 * failed and the operator was given back (see backtrack). */
static Expr *operand(Parser *p, Expr *(*fn)(Parser *), int op_tok, bool *stop) {
    Expr *b = fn(p);
    *stop = !b && backtrack(p, op_tok);
    return b;
}

static Expr *binop(Parser *p, int start, Expr *a, int op, Expr *b) {
    Expr *e = parser_new_expr(p, E_BINOP, parser_span_from(p, start));
    e->u.binop.left = a;
    e->u.binop.op = op;
    e->u.binop.right = b;
    return e;
}

static Expr *parse_bitwise_xor(Parser *p);
static Expr *parse_bitwise_and(Parser *p);
static Expr *parse_shift_expr(Parser *p);
static Expr *parse_sum(Parser *p);
static Expr *parse_term(Parser *p);
static Expr *parse_factor(Parser *p);

Expr *parse_bitwise_or(Parser *p) {
    int start = p->pos;
    Expr *a = parse_bitwise_xor(p);
    while (a && parser_check(p, TK_VBAR)) {
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_bitwise_xor, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, BINOP_OR, b) : NULL;
    }
    return a;
}

static Expr *parse_bitwise_xor(Parser *p) {
    int start = p->pos;
    Expr *a = parse_bitwise_and(p);
    while (a && parser_check(p, TK_CIRCUMFLEX)) {
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_bitwise_and, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, BINOP_XOR, b) : NULL;
    }
    return a;
}

static Expr *parse_bitwise_and(Parser *p) {
    int start = p->pos;
    Expr *a = parse_shift_expr(p);
    while (a && parser_check(p, TK_AMPER)) {
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_shift_expr, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, BINOP_AND, b) : NULL;
    }
    return a;
}

static Expr *parse_shift_expr(Parser *p) {
    int start = p->pos;
    Expr *a = parse_sum(p);
    for (;;) {
        if (!a) return NULL;
        int k = parser_peek(p)->kind;
        int op = k == TK_LSHIFT ? BINOP_LSHIFT : k == TK_RSHIFT ? BINOP_RSHIFT : -1;
        if (op < 0) return a;
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_sum, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, op, b) : NULL;
    }
}

static Expr *parse_sum(Parser *p) {
    int start = p->pos;
    Expr *a = parse_term(p);
    for (;;) {
        if (!a) return NULL;
        int k = parser_peek(p)->kind;
        int op = k == TK_PLUS ? BINOP_ADD : k == TK_MINUS ? BINOP_SUB : -1;
        if (op < 0) return a;
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_term, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, op, b) : NULL;
    }
}

static Expr *parse_term(Parser *p) {
    int start = p->pos;
    Expr *a = parse_factor(p);
    for (;;) {
        if (!a) return NULL;
        int op;
        switch (parser_peek(p)->kind) {
        case TK_STAR: op = BINOP_MUL; break;
        case TK_SLASH: op = BINOP_TRUEDIV; break;
        case TK_DSLASH: op = BINOP_FLOORDIV; break;
        case TK_PERCENT: op = BINOP_MOD; break;
        case TK_AT: op = BINOP_MATMUL; break;
        default: return a;
        }
        int optok = p->pos;
        bool stop;
        parser_advance(p);
        Expr *b = operand(p, parse_factor, optok, &stop);
        if (stop) return a;
        a = b ? binop(p, start, a, op, b) : NULL;
    }
}

static Expr *parse_power(Parser *p);

static Expr *parse_factor(Parser *p) {
    int k = parser_peek(p)->kind;
    UnaryOpKind op;
    if (k == TK_PLUS) op = U_POS;
    else if (k == TK_MINUS) op = U_NEG;
    else if (k == TK_TILDE) op = U_INVERT;
    else return parse_power(p);
    if (!parser_enter(p)) return NULL;
    int start = p->pos;
    parser_advance(p);
    Expr *o = parse_factor(p);
    parser_leave(p);
    return o ? unary(p, start, op, o) : NULL;
}

static Expr *parse_power(Parser *p) {
    int start = p->pos;
    Expr *a;
    if (parser_check(p, TK_KW_AWAIT)) {
        parser_advance(p);
        Expr *v = parse_primary(p);
        if (!v) return NULL;
        a = parser_new_expr(p, E_AWAIT, parser_span_from(p, start));
        a->u.await_.value = v;
    } else {
        a = parse_primary(p);
        if (!a) return NULL;
    }
    if (!parser_check(p, TK_DSTAR)) return a;
    int optok = p->pos;
    bool stop;
    if (!parser_enter(p)) return NULL;
    parser_advance(p);
    Expr *b = operand(p, parse_factor, optok, &stop);
    parser_leave(p);
    if (stop) return a;
    return b ? binop(p, start, a, BINOP_POW, b) : NULL;
}

/* ---- primary: atoms and trailers --------------------------------------- */

Expr *parse_primary(Parser *p) {
    int start = p->pos;
    Expr *e = parse_atom(p);
    while (e) {
        int k = parser_peek(p)->kind;
        int tr = p->pos;
        if (k == TK_DOT) {
            parser_advance(p);
            if (!parser_check(p, TK_NAME)) {
                p->pos = tr;
                return e;
            }
            Token *n = parser_advance(p);
            Expr *a = parser_new_expr(p, E_ATTRIBUTE, parser_span_from(p, start));
            a->u.attribute.value = e;
            a->u.attribute.attr = parser_tok_str(p, n);
            a->u.attribute.ctx = CTX_LOAD;
            e = a;
        } else if (k == TK_LPAR) {
            int open = p->pos;
            parser_advance(p);
            Expr *c = parser_new_expr(p, E_CALL, e->span);
            c->u.call.func = e;
            if (!parse_call_args(p, &c->u.call.args, &c->u.call.keywords, &c->u.call.nkeywords, open,
                                 true) ||
                !parser_expect(p, TK_RPAR))
                return backtrack(p, tr) ? e : NULL;
            c->span = parser_span_from(p, start);
            e = c;
        } else if (k == TK_LSQB) {
            parser_advance(p);
            Expr *s = parse_slices(p);
            if (!s || !parser_expect(p, TK_RSQB)) return backtrack(p, tr) ? e : NULL;
            Expr *a = parser_new_expr(p, E_SUBSCRIPT, parser_span_from(p, start));
            a->u.subscript.value = e;
            a->u.subscript.slice = s;
            a->u.subscript.ctx = CTX_LOAD;
            e = a;
        } else {
            break;
        }
    }
    return e;
}

/* ---- slices ----------------------------------------------------------- */

static bool unparenthesized_walrus(Parser *p, const Expr *e, int start) {
    return e->kind == E_NAMEDEXPR && e->span.line == p->toks[start].line && e->span.col == p->toks[start].col;
}

static Expr *parse_slice(Parser *p) {
    int start = p->pos;
    if (parser_check(p, TK_STAR)) {
        parser_advance(p);
        Expr *v = parse_expression(p);
        return v ? starred(p, start, v) : NULL;
    }
    Expr *lower = NULL;
    if (!parser_check(p, TK_COLON)) {
        lower = parse_named_expression(p);
        if (!lower || !parser_check(p, TK_COLON)) return lower;
        if (unparenthesized_walrus(p, lower, start)) {
            parser_err_generic(p); /* a slice bound is an expression, not a named one */
            return NULL;
        }
    }
    parser_advance(p); /* ':' */
    Expr *upper = NULL, *step = NULL;
    if (parser_can_start_expr(parser_peek(p)->kind)) {
        upper = parse_expression(p);
        if (!upper) return NULL;
    }
    if (parser_accept(p, TK_COLON)) {
        if (parser_can_start_expr(parser_peek(p)->kind)) {
            step = parse_expression(p);
            if (!step) return NULL;
        }
    }
    Expr *e = parser_new_expr(p, E_SLICE, parser_span_from(p, start));
    e->u.slice.lower = lower;
    e->u.slice.upper = upper;
    e->u.slice.step = step;
    return e;
}

static Expr *parse_slices(Parser *p) {
    int start = p->pos;
    Expr *a = parse_slice(p);
    if (!a) return NULL;
    if (!parser_check(p, TK_COMMA) && a->kind != E_STARRED) return a;
    Vec v = {0};
    parser_vec_push(p, &v, a);
    while (parser_accept(p, TK_COMMA)) {
        int k = parser_peek(p)->kind;
        if (k != TK_STAR && k != TK_COLON && !parser_can_start_expr(k)) break;
        Expr *x = parse_slice(p);
        if (!x) return NULL;
        parser_vec_push(p, &v, x);
    }
    Expr *t = parser_new_expr(p, E_TUPLE, parser_span_from(p, start));
    t->u.seq.elts = parser_vec_exprs(&v);
    t->u.seq.ctx = CTX_LOAD;
    return t;
}

/* ---- comprehensions --------------------------------------------------- */

static bool at_for(Parser *p) {
    int k = parser_peek(p)->kind;
    return k == TK_KW_FOR || (k == TK_KW_ASYNC && parser_peek_n(p, 1)->kind == TK_KW_FOR);
}

/* same, where only CPython's second pass looks for a comprehension */
static bool at_for_hint(Parser *p) {
    int k = parser_peek(p)->kind;
    return k == TK_KW_FOR || (k == TK_KW_ASYNC && parser_peek_quiet(p, 1)->kind == TK_KW_FOR);
}

Expr *parse_star_target(Parser *p) {
    if (parser_check(p, TK_STAR)) {
        int start = p->pos;
        parser_advance(p);
        if (parser_check(p, TK_STAR)) {
            parser_err_generic(p);
            return NULL;
        }
        Expr *v = parse_star_target(p);
        return v ? starred(p, start, v) : NULL;
    }
    /* CPython's targets are primaries (t_primary chains and atoms) */
    return parse_primary(p);
}

Expr *parse_star_targets(Parser *p) {
    int start = p->pos;
    Expr *e = parse_star_target(p);
    if (!e || !parser_check(p, TK_COMMA)) return e;
    Vec v = {0};
    parser_vec_push(p, &v, e);
    while (parser_accept(p, TK_COMMA)) {
        int k = parser_peek(p)->kind;
        if (k != TK_STAR && !parser_can_start_expr(k)) break;
        Expr *x = parse_star_target(p);
        if (!x) return NULL;
        parser_vec_push(p, &v, x);
    }
    Expr *t = parser_new_expr(p, E_TUPLE, parser_span_from(p, start));
    t->u.seq.elts = parser_vec_exprs(&v);
    t->u.seq.ctx = CTX_LOAD;
    return t;
}

/* The target of `for ... in` (statement or comprehension), with CPython's
 * invalid_for_target: when no valid target list is followed by 'in', the
 * text is re-read as expressions to name what cannot be assigned to. */
Expr *parse_for_target(Parser *p) {
    Spec s;
    parser_spec_begin(p, &s, false);
    Expr *t = parse_star_targets(p);
    if (t && !p->failed && parser_check(p, TK_KW_IN)) {
        parser_spec_commit(p, &s);
        Expr *inv = parser_invalid_target(t, TARGETS_FOR);
        if (inv) {
            parser_err_span(p, inv->span, "cannot assign to %s", parser_expr_name(inv));
            return NULL;
        }
        parser_set_ctx(t, CTX_STORE);
        return t;
    }
    if (!parser_spec_rollback(p, &s)) return NULL;
    Spec s2;
    parser_spec_begin(p, &s2, true);
    Expr *e = parse_star_expressions(p);
    Expr *inv = e && !p->failed ? parser_invalid_target(e, TARGETS_FOR) : NULL;
    if (parser_spec_keep(p, &s2)) return NULL;
    if (!parser_spec_rollback(p, &s2)) return NULL;
    if (inv) {
        parser_err_span(p, inv->span, "cannot assign to %s", parser_expr_name(inv));
        return NULL;
    }
    t = parse_star_targets(p);
    if (t) parser_err_generic(p);
    return NULL;
}

bool parse_for_if_clauses(Parser *p, Comprehension **out, int *n) {
    Vec v = {0};
    while (at_for(p)) {
        Comprehension *c = arena_alloc(p->arena, sizeof(Comprehension));
        c->is_async = parser_accept(p, TK_KW_ASYNC);
        parser_advance(p); /* 'for' */
        c->target = parse_for_target(p);
        if (!c->target) return false;
        parser_advance(p); /* 'in' */
        c->iter = parse_disjunction(p);
        if (!c->iter) return false;
        Vec ifs = {0};
        while (parser_accept(p, TK_KW_IF)) {
            Expr *x = parse_disjunction(p);
            if (!x) return false;
            parser_vec_push(p, &ifs, x);
        }
        c->ifs = parser_vec_exprs(&ifs);
        parser_vec_push(p, &v, c);
    }
    Comprehension *arr = arena_alloc(p->arena, sizeof(Comprehension) * (size_t)(v.len ? v.len : 1));
    for (int i = 0; i < v.len; i++) arr[i] = *(Comprehension *)v.items[i];
    *out = arr;
    *n = v.len;
    return true;
}

static Span last_comp_item(Comprehension *g, int n);

/* CPython's comprehension hints need `for_if_clauses` (and sometimes a
 * closing token) to parse. Returns 1 if they do (*last: the last item),
 * 0 if not, -1 if that parse raised an error of its own (which stands). */
static int comp_follows(Parser *p, int close, Span *last) {
    Spec s;
    parser_spec_begin(p, &s, true);
    Comprehension *g;
    int n;
    bool ok = parse_for_if_clauses(p, &g, &n) && n > 0 && (close < 0 || parser_check(p, close));
    if (ok) *last = last_comp_item(g, n);
    if (!ok && parser_spec_keep(p, &s)) return -1;
    if (!parser_spec_rollback(p, &s)) return -1;
    return ok ? 1 : 0;
}

static Span last_comp_item(Comprehension *g, int n) {
    Comprehension *c = &g[n - 1];
    if (c->ifs.len) return c->ifs.items[c->ifs.len - 1]->span;
    return c->iter->span;
}

static Expr *comprehension(Parser *p, ExprKind kind, int start, Expr *elt, Expr *value, int close) {
    Comprehension *gens;
    int n;
    if (!parse_for_if_clauses(p, &gens, &n)) return NULL;
    if (!parser_expect(p, close)) return NULL;
    Expr *e = parser_new_expr(p, kind, parser_span_from(p, start));
    e->u.comp.elt = elt;
    e->u.comp.value = value;
    e->u.comp.generators = gens;
    e->u.comp.ngenerators = n;
    return e;
}

/* ---- displays --------------------------------------------------------- */

/* Body of '(' ... ')' (and of an f-string expression, which CPython parses
 * as if parenthesized): group, tuple or generator expression. `start` is the
 * '(' token, or the first token when there is no parenthesis. */
Expr *parse_group_body(Parser *p, int start, int close) {
    int k = parser_peek(p)->kind;
    if (k == close) {
        if (close != TK_RPAR) {
            parser_err_generic(p);
            return NULL;
        }
        parser_advance(p);
        p->tflags[start] |= TOKF_EXCL_ATOM;
        Expr *t = parser_new_expr(p, E_TUPLE, parser_span_from(p, start));
        t->u.seq.ctx = CTX_LOAD;
        return t;
    }
    if (k == TK_KW_YIELD) {
        Expr *y = parse_yield_expr(p);
        if (!y || !parser_expect(p, close)) return NULL;
        return y;
    }
    if (k == TK_DSTAR) {
        int dstar = p->pos;
        Spec s;
        parser_spec_begin(p, &s, true);
        p->no_invalid++;
        parser_advance(p);
        Expr *v = parse_expression(p);
        bool closed = v && parser_check(p, close);
        p->no_invalid--;
        if (!parser_spec_rollback(p, &s)) return NULL;
        if (closed) parser_err_tok(p, &p->toks[dstar], "cannot use double starred expression here");
        else parser_err_generic(p);
        return NULL;
    }
    Expr *first = parse_star_named_expression(p);
    if (!first) return NULL;
    if (at_for(p)) {
        if (first->kind == E_STARRED) {
            Span last;
            int r = comp_follows(p, -1, &last);
            if (r > 0) parser_err_span(p, first->span, "iterable unpacking cannot be used in comprehension");
            else if (r == 0) parser_err_generic(p);
            return NULL;
        }
        p->tflags[start] |= TOKF_EXCL_ATOM;
        Expr *g = comprehension(p, E_GENEXP, start, first, NULL, close);
        if (g && close == TK_ENDMARKER) g->span = p->fexpr_parens;
        return g;
    }
    if (parser_check(p, close)) {
        if (first->kind == E_STARRED) {
            parser_err_span(p, first->span, "cannot use starred expression here");
            return NULL;
        }
        parser_advance(p);
        return first;
    }
    if (!parser_check(p, TK_COMMA)) {
        parser_err_generic(p);
        return NULL;
    }
    Vec v = {0};
    parser_vec_push(p, &v, first);
    while (parser_accept(p, TK_COMMA)) {
        int k2 = parser_peek(p)->kind;
        if (k2 != TK_STAR && !parser_can_start_expr(k2)) break;
        Expr *x = parse_star_named_expression(p);
        if (!x) return NULL;
        parser_vec_push(p, &v, x);
    }
    if (!parser_expect(p, close)) return NULL;
    p->tflags[start] |= TOKF_EXCL_ATOM;
    Expr *t =
        parser_new_expr(p, E_TUPLE, close == TK_ENDMARKER ? p->fexpr_parens : parser_span_from(p, start));
    t->u.seq.elts = parser_vec_exprs(&v);
    t->u.seq.ctx = CTX_LOAD;
    return t;
}

/* `[a, b for ...]`: CPython's hint for a comprehension target list. */
static void comp_target_hint(Parser *p, Vec *v, int comma_tok) {
    Expr *a = v->items[0];
    Span last;
    int r = comp_follows(p, -1, &last);
    if (r < 0) return;
    if (r == 0) {
        parser_err_generic(p);
        return;
    }
    if (v->len >= 2)
        parser_err_range(p, a->span, ((Expr *)v->items[v->len - 1])->span,
                   "did you forget parentheses around the comprehension target?");
    else
        parser_err_range(p, a->span, parser_tok_span(&p->toks[comma_tok]),
                   "did you forget parentheses around the comprehension target?");
}

/* Elements after the first of a list or set display; stops at `close`. */
static bool display_rest(Parser *p, Vec *v, int close) {
    int last_comma = -1;
    while (parser_check(p, TK_COMMA)) {
        last_comma = p->pos;
        parser_advance(p);
        int k = parser_peek(p)->kind;
        if (k != TK_STAR && !parser_can_start_expr(k)) break;
        Expr *x = parse_star_named_expression(p);
        if (!x) return false;
        parser_vec_push(p, v, x);
    }
    if (last_comma >= 0 && at_for_hint(p)) {
        comp_target_hint(p, v, last_comma);
        return false;
    }
    return parser_expect(p, close);
}

static Expr *parse_list_display(Parser *p) {
    int start = p->pos;
    parser_advance(p);
    Vec v = {0};
    if (!parser_check(p, TK_RSQB)) {
        Expr *first = parse_star_named_expression(p);
        if (!first) return NULL;
        if (at_for(p)) {
            if (first->kind == E_STARRED) {
                Span last;
                int r = comp_follows(p, -1, &last);
                if (r > 0)
                    parser_err_span(p, first->span, "iterable unpacking cannot be used in comprehension");
                else if (r == 0) parser_err_generic(p);
                return NULL;
            }
            return comprehension(p, E_LISTCOMP, start, first, NULL, TK_RSQB);
        }
        parser_vec_push(p, &v, first);
        if (!display_rest(p, &v, TK_RSQB)) return NULL;
    } else {
        parser_advance(p);
    }
    p->tflags[start] |= TOKF_EXCL_ATOM;
    Expr *e = parser_new_expr(p, E_LIST, parser_span_from(p, start));
    e->u.seq.elts = parser_vec_exprs(&v);
    e->u.seq.ctx = CTX_LOAD;
    return e;
}

/* value after "key:" in a dict display, with CPython's invalid_kvpair hints */
static Expr *dict_value(Parser *p, int colon) {
    int k = parser_peek(p)->kind;
    if (k == TK_STAR) {
        int st = p->pos;
        Spec s;
        parser_spec_begin(p, &s, true);
        parser_advance(p);
        Expr *v = parse_bitwise_or(p);
        Token *last = &p->toks[p->ntoks - 1];
        int eline = last->end_line, ecol = last->end_col;
        if (!parser_spec_rollback(p, &s)) return NULL;
        /* CPython: from the '*' to where its tokenizer stands */
        if (v)
            parser_err_at(p, PERR_SYNTAX, p->toks[st].line, p->toks[st].col + 1, eline, ecol,
                    "cannot use a starred expression in a dictionary value");
        else parser_err_generic(p);
        return NULL;
    }
    if (k == TK_RBRACE || k == TK_COMMA) {
        parser_err_tok(p, &p->toks[colon], "expression expected after dictionary key and ':'");
        return NULL;
    }
    return parse_expression(p);
}

static Expr *parse_dict_or_set(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* '{' */
    if (parser_accept(p, TK_RBRACE)) return parser_new_expr(p, E_DICT, parser_span_from(p, start));
    Vec keys = {0}, vals = {0};
    Expr *first;
    if (parser_check(p, TK_DSTAR)) {
        int ds = p->pos;
        parser_advance(p);
        Expr *v = parse_bitwise_or(p);
        if (!v) return NULL;
        if (at_for(p)) {
            Span last;
            int r = comp_follows(p, TK_RBRACE, &last);
            if (r > 0) parser_err_tok(p, &p->toks[ds], "dict unpacking cannot be used in dict comprehension");
            else if (r == 0) parser_err_generic(p);
            return NULL;
        }
        parser_vec_push(p, &keys, NULL);
        parser_vec_push(p, &vals, v);
    } else {
        first = parse_star_named_expression(p);
        if (!first) return NULL;
        if (parser_check(p, TK_COLON) && unparenthesized_walrus(p, first, start + 1)) {
            parser_err_generic(p); /* a key is an expression, not a named one */
            return NULL;
        }
        if (parser_check(p, TK_COLON) && first->kind != E_STARRED) {
            int colon = p->pos;
            parser_advance(p);
            Expr *v = dict_value(p, colon);
            if (!v) return NULL;
            if (at_for(p)) return comprehension(p, E_DICTCOMP, start, first, v, TK_RBRACE);
            parser_vec_push(p, &keys, first);
            parser_vec_push(p, &vals, v);
        } else {
            /* a set */
            if (at_for(p)) {
                if (first->kind == E_STARRED) {
                    Span last;
                    int r = comp_follows(p, -1, &last);
                    if (r > 0)
                        parser_err_span(p, first->span, "iterable unpacking cannot be used in comprehension");
                    else if (r == 0) parser_err_generic(p);
                    return NULL;
                }
                return comprehension(p, E_SETCOMP, start, first, NULL, TK_RBRACE);
            }
            Vec v = {0};
            parser_vec_push(p, &v, first);
            if (!display_rest(p, &v, TK_RBRACE)) return NULL;
            Expr *e = parser_new_expr(p, E_SET, parser_span_from(p, start));
            e->u.set.elts = parser_vec_exprs(&v);
            return e;
        }
    }
    while (parser_accept(p, TK_COMMA)) {
        if (parser_check(p, TK_RBRACE)) break;
        if (parser_check(p, TK_DSTAR)) {
            parser_advance(p);
            Expr *v = parse_bitwise_or(p);
            if (!v) return NULL;
            parser_vec_push(p, &keys, NULL);
            parser_vec_push(p, &vals, v);
            continue;
        }
        /* CPython's invalid_kvpair reads the key without hints */
        p->no_invalid++;
        Expr *key = parse_expression(p);
        p->no_invalid--;
        if (!key) return NULL;
        if (!parser_check(p, TK_COLON)) {
            parser_err_at(p, PERR_SYNTAX, key->span.line, key->span.end_col, key->span.end_line, 0,
                    "':' expected after dictionary key");
            return NULL;
        }
        int colon = p->pos;
        parser_advance(p);
        Expr *v = dict_value(p, colon);
        if (!v) return NULL;
        parser_vec_push(p, &keys, key);
        parser_vec_push(p, &vals, v);
    }
    if (!parser_expect(p, TK_RBRACE)) return NULL;
    Expr *e = parser_new_expr(p, E_DICT, parser_span_from(p, start));
    e->u.dict.keys = parser_vec_exprs(&keys);
    e->u.dict.values = parser_vec_exprs(&vals);
    return e;
}

/* ---- numbers ---------------------------------------------------------- */

static double to_double(const char *digits) {
    /* literals always use '.', whatever LC_NUMERIC says */
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && !(dp[0] == '.' && dp[1] == '\0')) {
        char buf[512];
        size_t n = strlen(digits);
        char *tmp = n < sizeof buf - 8 ? buf : malloc(n + 8);
        if (!tmp) return 0.0;
        size_t j = 0, dl = strlen(dp);
        for (size_t i = 0; i < n; i++) {
            if (digits[i] == '.') {
                memcpy(tmp + j, dp, dl);
                j += dl;
            } else {
                tmp[j++] = digits[i];
            }
        }
        tmp[j] = '\0';
        double d = strtod(tmp, NULL);
        if (tmp != buf) free(tmp);
        return d;
    }
    return strtod(digits, NULL);
}

Expr *parse_number(Parser *p, const Token *t) {
    Span s = parser_tok_span(t);
    char *text = arena_alloc(p->arena, (size_t)t->len + 1);
    int n = 0;
    for (int i = 0; i < t->len; i++)
        if (t->start[i] != '_') text[n++] = t->start[i];
    text[n] = '\0';
    Expr *e = const_expr(p, C_INT, s);
    if (n >= 2 && text[0] == '0' && strchr("xXoObB", text[1])) {
        int base = (text[1] == 'x' || text[1] == 'X') ? 16 : (text[1] == 'o' || text[1] == 'O') ? 8 : 2;
        const char *d = text + 2;
        while (d[0] == '0' && d[1]) d++;
        e->u.constant.text = d;
        e->u.constant.int_base = base;
        return e;
    }
    char last = text[n - 1];
    if (last == 'j' || last == 'J') {
        text[n - 1] = '\0';
        e->u.constant.kind = C_IMAG;
        e->u.constant.f = to_double(text);
        e->u.constant.text = text;
        return e;
    }
    if (strpbrk(text, ".eE")) {
        e->u.constant.kind = C_FLOAT;
        e->u.constant.f = to_double(text);
        e->u.constant.text = text;
        return e;
    }
    const char *d = text;
    while (d[0] == '0' && d[1]) d++;
    if (strlen(d) > 4300) {
        parser_err_tok(p, t,
                 "Exceeds the limit (4300 digits) for integer string conversion: value has %zu "
                 "digits; use sys.set_int_max_str_digits() to increase the limit - Consider "
                 "hexadecimal for large integer literals to avoid the int max str digits limitation",
                 strlen(d));
        return NULL;
    }
    e->u.constant.text = d;
    e->u.constant.int_base = 10;
    return e;
}

/* ---- atoms ------------------------------------------------------------ */

static Expr *parse_atom(Parser *p) {
    int start = p->pos;
    Token t = *parser_peek(p);
    switch (t.kind) {
    case TK_NAME:
        parser_advance(p);
        return name_expr(p, &t, CTX_LOAD);
    case TK_KW_TRUE:
    case TK_KW_FALSE:
    case TK_KW_NONE:
        parser_advance(p);
        p->tflags[start] |= TOKF_EXCL_ATOM;
        return const_expr(p, t.kind == TK_KW_TRUE ? C_TRUE : t.kind == TK_KW_FALSE ? C_FALSE : C_NONE,
                          parser_tok_span(&t));
    case TK_ELLIPSIS:
        parser_advance(p);
        return const_expr(p, C_ELLIPSIS, parser_tok_span(&t));
    case TK_NUMBER:
        parser_advance(p);
        return parse_number(p, &t);
    case TK_STRING: return parse_strings(p);
    case TK_LPAR:
        parser_advance(p);
        return parse_group_body(p, start, TK_RPAR);
    case TK_LSQB: return parse_list_display(p);
    case TK_LBRACE: return parse_dict_or_set(p);
    default:
        parser_err_generic(p);
        return NULL;
    }
}

/* ---- lambda ----------------------------------------------------------- */

static Expr *parse_lambdef(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* 'lambda' */
    Arguments *args;
    if (parser_check(p, TK_COLON)) {
        args = arena_alloc(p->arena, sizeof(Arguments));
    } else {
        args = parse_params(p, true, TK_COLON);
        if (!args) return NULL;
    }
    if (!parser_expect(p, TK_COLON)) return NULL;
    Expr *body = parse_expression(p);
    if (!body) return NULL;
    Expr *e = parser_new_expr(p, E_LAMBDA, parser_span_from(p, start));
    e->u.lambda.args = args;
    e->u.lambda.body = body;
    return e;
}

/* ---- call arguments --------------------------------------------------- */

bool parse_call_args(Parser *p, ExprList *out_args, Keyword **out_kws, int *out_n, int open,
                     bool allow_genexp) {
    Vec args = {0}, kws = {0};
    bool seen_kw = false, seen_unpack = false;
    int bad_positional = 0; /* 1: after keyword, 2: after keyword unpacking */
    while (!parser_check(p, TK_RPAR)) {
        int st = p->pos;
        Token t = *parser_peek(p);
        if (t.kind == TK_STAR) {
            if (seen_unpack) {
                parser_err_tok(p, &t, "iterable argument unpacking follows keyword argument unpacking");
                return false;
            }
            parser_advance(p);
            Expr *v = parse_expression(p);
            if (!v) return false;
            Expr *sv = starred(p, st, v);
            parser_vec_push(p, &args, sv);
            if (at_for_hint(p)) {
                Span last;
                int r = comp_follows(p, -1, &last);
                if (r > 0 && args.len > 1)
                    parser_err_range(p, sv->span, last, "Generator expression must be parenthesized");
                else if (r >= 0) parser_err_generic(p);
                return false;
            }
        } else if (t.kind == TK_DSTAR) {
            parser_advance(p);
            Expr *v = parse_expression(p);
            if (!v) return false;
            Keyword *kw = arena_alloc(p->arena, sizeof(Keyword));
            kw->value = v;
            kw->span = parser_span_from(p, st);
            parser_vec_push(p, &kws, kw);
            seen_unpack = true;
        } else if (t.kind == TK_NAME && parser_peek_n(p, 1)->kind == TK_EQUAL) {
            Token eq = *parser_peek_n(p, 1);
            parser_advance(p);
            parser_advance(p);
            Expr *v = parse_expression(p);
            if (!v) return false;
            if (at_for_hint(p)) {
                Span last;
                int r = comp_follows(p, -1, &last);
                if (r > 0)
                    parser_err_range(p, parser_tok_span(&t), parser_tok_span(&eq),
                               "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                else if (r == 0) parser_err_generic(p);
                return false;
            }
            Keyword *kw = arena_alloc(p->arena, sizeof(Keyword));
            kw->arg = parser_tok_str(p, &t);
            kw->value = v;
            kw->span = parser_span_from(p, st);
            parser_vec_push(p, &kws, kw);
            seen_kw = true;
        } else if ((t.kind == TK_KW_TRUE || t.kind == TK_KW_FALSE || t.kind == TK_KW_NONE) &&
                   parser_peek_n(p, 1)->kind == TK_EQUAL) {
            parser_err_range(p, parser_tok_span(&t), parser_tok_span(parser_peek_n(p, 1)),
                             "cannot assign to %.*s", t.len, t.start);
            return false;
        } else {
            Expr *e = named_expression_ex(p, false);
            if (!e) return false;
            if (parser_check(p, TK_EQUAL)) {
                parser_err_range(p, e->span, parser_tok_span(parser_peek(p)),
                           "expression cannot contain assignment, perhaps you meant \"==\"?");
                return false;
            }
            if (allow_genexp && args.len == 0 && kws.len == 0 && at_for(p)) {
                /* f(x for x in y): the generator is the call's argument */
                Comprehension *gens;
                int n;
                if (!parse_for_if_clauses(p, &gens, &n)) return false;
                if (parser_check(p, TK_RPAR)) {
                    Expr *g = parser_new_expr(
                        p, E_GENEXP,
                        parser_span_to(parser_tok_span(&p->toks[open]), parser_tok_span(parser_peek(p))));
                    g->u.comp.elt = e;
                    g->u.comp.generators = gens;
                    g->u.comp.ngenerators = n;
                    parser_vec_push(p, &args, g);
                    break;
                }
                if (parser_check(p, TK_COMMA))
                    parser_err_range(p, e->span, last_comp_item(gens, n),
                                     "Generator expression must be parenthesized");
                else parser_err_generic(p);
                return false;
            }
            if (at_for_hint(p)) {
                Span last;
                int r = comp_follows(p, -1, &last);
                if (r > 0 && (args.len > 0 || kws.len > 0))
                    parser_err_range(p, e->span, last, "Generator expression must be parenthesized");
                else if (r >= 0) parser_err_generic(p);
                return false;
            }
            if ((seen_kw || seen_unpack) && !bad_positional) bad_positional = seen_unpack ? 2 : 1;
            parser_vec_push(p, &args, e);
        }
        if (!parser_accept(p, TK_COMMA)) break;
    }
    if (bad_positional) {
        parser_peek(p);
        parser_err_last(p, PERR_SYNTAX,
                  bad_positional == 2 ? "positional argument follows keyword argument unpacking"
                                      : "positional argument follows keyword argument");
        return false;
    }
    *out_args = parser_vec_exprs(&args);
    Keyword *arr = arena_alloc(p->arena, sizeof(Keyword) * (size_t)(kws.len ? kws.len : 1));
    for (int i = 0; i < kws.len; i++) arr[i] = *(Keyword *)kws.items[i];
    *out_kws = kws.len ? arr : NULL;
    *out_n = kws.len;
    return true;
}
