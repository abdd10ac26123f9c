/* parser_stmt.c: statement rules of grammar.txt: the file, blocks, simple
 * and compound statements, function parameters.
 *
 * An expression statement is parsed once as star_expressions and then
 * re-read as an assignment, annotated assignment or augmented assignment
 * when '=', ':' or an operator like '+=' follows; targets are checked and
 * given Store context afterwards, with CPython's messages for what cannot
 * be assigned to. Compound statements report "expected ':'" and "expected
 * an indented block after ..." exactly where CPython's invalid_ rules do.
 */
#include "parser_impl.h"

#include <stdio.h>
#include <string.h>

static bool parse_statements(Parser *p, Vec *out);
static bool parse_simple_stmts(Parser *p, Vec *out);

/* ---- blocks ----------------------------------------------------------- */

/* block: NEWLINE INDENT statements DEDENT | simple_stmts. `what` names the
 * statement for "expected an indented block after ... on line N". */
static bool parse_block(Parser *p, StmtList *out, const char *what, int line) {
    Vec body = {0};
    if (parser_check(p, TK_NEWLINE)) {
        parser_advance(p);
        if (!parser_check(p, TK_INDENT)) {
            if (parser_peek(p)->kind != TK_ERROR)
                parser_err_last(p, PERR_INDENT, "expected an indented block after %s on line %d", what, line);
            return false;
        }
        parser_advance(p);
        if (!parse_statements(p, &body)) return false;
        if (!parser_accept(p, TK_DEDENT)) {
            parser_err_generic(p);
            return false;
        }
    } else {
        if (!parse_simple_stmts(p, &body)) return false;
    }
    *out = parser_vec_stmts(&body);
    return true;
}

/* A compound statement header's ':' when CPython's rule only special-cases
 * a missing colon at the end of the line. */
static bool header_colon(Parser *p) {
    if (parser_accept(p, TK_COLON)) return true;
    if (parser_check(p, TK_NEWLINE)) parser_err_last(p, PERR_SYNTAX, "expected ':'");
    else parser_err_generic(p);
    return false;
}

static bool parse_else_block(Parser *p, StmtList *out) {
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'else' */
    if (!parser_expect_forced(p, TK_COLON, ":")) return false;
    return parse_block(p, out, "'else' statement", line);
}

/* ---- simple statements ------------------------------------------------ */

static Expr *yield_or_star_expressions(Parser *p) {
    if (parser_check(p, TK_KW_YIELD)) return parse_yield_expr(p);
    return parse_star_expressions(p);
}

/* CPython's annotation-target hints apply only if an annotation follows. */
static bool annotation_follows(Parser *p) {
    Spec s;
    parser_spec_begin(p, &s, true);
    parser_advance(p); /* ':' */
    bool ok = parse_expression(p) != NULL;
    if (!ok && parser_spec_keep(p, &s)) return false;
    if (!parser_spec_rollback(p, &s)) return false;
    if (!ok) parser_err_generic(p);
    return ok;
}

static Stmt *parse_annassign(Parser *p, int start, Expr *e) {
    bool simple = false;
    if (e->kind != E_NAME && e->kind != E_ATTRIBUTE && e->kind != E_SUBSCRIPT && e->kind != E_STARRED &&
        !annotation_follows(p))
        return NULL;
    if (e->kind == E_NAME) {
        simple = p->pos == start + 1;
    } else if (e->kind == E_ATTRIBUTE || e->kind == E_SUBSCRIPT) {
        /* not simple */
    } else if (e->kind == E_TUPLE && e == p->unparen_tuple && e->u.seq.elts.len > 0) {
        parser_err_span(p, e->u.seq.elts.items[0]->span, "only single target (not tuple) can be annotated");
        return NULL;
    } else if (e->kind == E_TUPLE || e->kind == E_LIST) {
        parser_err_span(p, e->span, "only single target (not %s) can be annotated",
                        e->kind == E_TUPLE ? "tuple" : "list");
        return NULL;
    } else if (e->kind == E_STARRED) {
        parser_err_generic(p);
        return NULL;
    } else {
        parser_err_span(p, e->span, "illegal target for annotation");
        return NULL;
    }
    parser_advance(p); /* ':' */
    Expr *ann = parse_expression(p);
    if (!ann) return NULL;
    Expr *value = NULL;
    if (parser_accept(p, TK_EQUAL)) {
        value = yield_or_star_expressions(p);
        if (!value) return NULL;
    }
    parser_set_ctx(e, CTX_STORE);
    Stmt *s = parser_new_stmt(p, S_ANNASSIGN, parser_span_from(p, start));
    s->u.annassign.target = e;
    s->u.annassign.annotation = ann;
    s->u.annassign.value = value;
    s->u.annassign.simple = simple;
    return s;
}

/* CPython's invalid_assignment starts by reading the statement as
 * `star_named_expression ',' star_named_expressions*`, and each element's
 * named_expression rule names a misused '=' ("Maybe you meant '=='...").
 * Returns true if that raised an error. */
static bool named_hint_scan(Parser *p, int start) {
    Spec s;
    parser_spec_begin(p, &s, true);
    p->pos = start;
    Expr *x = parse_star_named_expression(p);
    if (x && parser_accept(p, TK_COMMA)) {
        for (;;) {
            int k = parser_peek(p)->kind;
            if (k != TK_STAR && !parser_can_start_expr(k)) break;
            if (!parse_star_named_expression(p)) break;
            parser_accept(p, TK_COMMA);
        }
    }
    if (parser_spec_keep(p, &s)) return true;
    parser_spec_rollback(p, &s);
    return false;
}

/* Reports the first target of `t1 = t2 = ... =` that cannot be assigned to,
 * with CPython's messages (after the scan above found nothing). */
static bool bad_target(Parser *p, Vec *targets, Vec *starts) {
    for (int i = 0; i < targets->len; i++) {
        Expr *t = targets->items[i];
        int ts = (int)(intptr_t)starts->items[i];
        if ((t->kind == E_YIELD || t->kind == E_YIELDFROM) && p->toks[ts].kind == TK_KW_YIELD) {
            parser_err_span(p, t->span, "assignment to yield expression not possible");
            return true;
        }
        Expr *inv = parser_invalid_target(t, TARGETS_STAR);
        if (inv) {
            parser_err_span(p, inv->span, "cannot assign to %s", parser_expr_name(inv));
            return true;
        }
    }
    return false;
}

static bool has_bad_target(Parser *p, Vec *targets, Vec *starts) {
    for (int i = 0; i < targets->len; i++) {
        Expr *t = targets->items[i];
        int ts = (int)(intptr_t)starts->items[i];
        if ((t->kind == E_YIELD || t->kind == E_YIELDFROM) && p->toks[ts].kind == TK_KW_YIELD) return true;
        if (parser_invalid_target(t, TARGETS_STAR)) return true;
    }
    return false;
}

static Stmt *parse_assignment(Parser *p, int start, Expr *first) {
    Vec targets = {0}, starts = {0};
    parser_vec_push(p, &targets, first);
    parser_vec_push(p, &starts, (void *)(intptr_t)start);
    Expr *value;
    int vs;
    for (;;) {
        parser_advance(p); /* '=' */
        vs = p->pos;
        Expr *v = yield_or_star_expressions(p);
        if (!v) {
            /* CPython's second pass still looks at the targets */
            if (p->failed && p->err.generic && !p->lex_failed) {
                LexErr saved = p->err;
                p->failed = false;
                if (!named_hint_scan(p, start) && !bad_target(p, &targets, &starts)) {
                    p->failed = true;
                    p->err = saved;
                }
            }
            return NULL;
        }
        if (!parser_check(p, TK_EQUAL)) {
            value = v;
            break;
        }
        parser_vec_push(p, &targets, v);
        parser_vec_push(p, &starts, (void *)(intptr_t)vs);
    }
    if (has_bad_target(p, &targets, &starts)) {
        if (!named_hint_scan(p, start)) bad_target(p, &targets, &starts);
        return NULL;
    }
    for (int i = 0; i < targets.len; i++) parser_set_ctx(targets.items[i], CTX_STORE);
    Stmt *s = parser_new_stmt(p, S_ASSIGN, parser_span_from(p, start));
    s->u.assign.targets = parser_vec_exprs(&targets);
    s->u.assign.value = value;
    return s;
}

static int augassign_op(int kind) {
    switch (kind) {
    case TK_PLUSEQUAL: return BINOP_ADD;
    case TK_MINEQUAL: return BINOP_SUB;
    case TK_STAREQUAL: return BINOP_MUL;
    case TK_SLASHEQUAL: return BINOP_TRUEDIV;
    case TK_DSLASHEQUAL: return BINOP_FLOORDIV;
    case TK_PERCENTEQUAL: return BINOP_MOD;
    case TK_DSTAREQUAL: return BINOP_POW;
    case TK_ATEQUAL: return BINOP_MATMUL;
    case TK_LSHIFTEQUAL: return BINOP_LSHIFT;
    case TK_RSHIFTEQUAL: return BINOP_RSHIFT;
    case TK_AMPEREQUAL: return BINOP_AND;
    case TK_VBAREQUAL: return BINOP_OR;
    case TK_CIRCUMFLEXEQUAL: return BINOP_XOR;
    default: return -1;
    }
}

static Stmt *parse_expr_stmt(Parser *p) {
    int start = p->pos;
    Expr *e = yield_or_star_expressions(p);
    if (!e) return NULL;
    int k = parser_peek(p)->kind;
    if (k == TK_COLON) return parse_annassign(p, start, e);
    if (k == TK_EQUAL) return parse_assignment(p, start, e);
    int op = augassign_op(k);
    if (op >= 0) {
        if (e->kind != E_NAME && e->kind != E_ATTRIBUTE && e->kind != E_SUBSCRIPT) {
            parser_err_span(p, e->span, "'%s' is an illegal expression for augmented assignment",
                            parser_expr_name(e));
            return NULL;
        }
        parser_advance(p);
        Expr *v = yield_or_star_expressions(p);
        if (!v) return NULL;
        parser_set_ctx(e, CTX_STORE);
        Stmt *s = parser_new_stmt(p, S_AUGASSIGN, parser_span_from(p, start));
        s->u.augassign.target = e;
        s->u.augassign.op = op;
        s->u.augassign.value = v;
        return s;
    }
    if (k == TK_COLONEQUAL && !(e->kind == E_NAME && p->pos == start + 1) && e != p->unparen_tuple) {
        Spec sp;
        parser_spec_begin(p, &sp, true);
        p->no_invalid++;
        parser_advance(p);
        Expr *v = parse_expression(p);
        p->no_invalid--;
        if (!parser_spec_rollback(p, &sp)) return NULL;
        if (v) {
            parser_err_span(p, e->span, "cannot use assignment expressions with %s", parser_expr_name(e));
            return NULL;
        }
    }
    if (k != TK_NEWLINE && k != TK_SEMI && (k == TK_STAR || parser_can_start_expr(k)) &&
        named_hint_scan(p, start))
        return NULL;
    Stmt *s = parser_new_stmt(p, S_EXPR, parser_span_from(p, start));
    s->u.expr.value = e;
    return s;
}

static const char *parse_dotted_name(Parser *p, Span *sp) {
    if (!parser_check(p, TK_NAME)) {
        parser_err_generic(p);
        return NULL;
    }
    Token *t = parser_advance(p);
    Span s = parser_tok_span(t);
    const char *first = t->start;
    const char *last_end = t->start + t->len;
    bool simple = true;
    while (parser_check(p, TK_DOT)) {
        parser_advance(p);
        if (!parser_check(p, TK_NAME)) {
            parser_err_generic(p);
            return NULL;
        }
        t = parser_advance(p);
        s = parser_span_to(s, parser_tok_span(t));
        last_end = t->start + t->len;
        simple = false;
    }
    *sp = s;
    if (simple) return parser_ident_str(p, first, (size_t)(last_end - first));
    /* rebuild without the whitespace or continuations between parts */
    char *buf = arena_alloc(p->arena, (size_t)(last_end - first) + 1);
    size_t n = 0;
    for (const char *c = first; c < last_end; c++) {
        if (*c == '#') {
            while (c < last_end && *c != '\n') c++;
            continue;
        }
        if (*c != ' ' && *c != '\t' && *c != '\f' && *c != '\\' && *c != '\n') buf[n++] = *c;
    }
    buf[n] = '\0';
    return parser_ident_str(p, buf, n);
}

static Alias *alias_at(Parser *p, Vec *v, const char *name, Span s) {
    Alias *a = arena_alloc(p->arena, sizeof(Alias));
    a->name = name;
    a->span = s;
    parser_vec_push(p, v, a);
    return a;
}

static bool maybe_asname(Parser *p, Alias *a) {
    if (!parser_accept(p, TK_KW_AS)) return true;
    if (!parser_check(p, TK_NAME)) {
        parser_err_generic(p);
        return false;
    }
    Token *t = parser_advance(p);
    a->asname = parser_tok_str(p, t);
    a->span = parser_span_to(a->span, parser_tok_span(t));
    return true;
}

static Alias *alias_array(Parser *p, Vec *v) {
    Alias *arr = arena_alloc(p->arena, sizeof(Alias) * (size_t)(v->len ? v->len : 1));
    for (int i = 0; i < v->len; i++) arr[i] = *(Alias *)v->items[i];
    return arr;
}

static Stmt *parse_import_name(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* 'import' */
    Vec names = {0};
    do {
        Span s;
        const char *n = parse_dotted_name(p, &s);
        if (!n) return NULL;
        Alias *a = alias_at(p, &names, n, s);
        if (!maybe_asname(p, a)) return NULL;
    } while (parser_accept(p, TK_COMMA));
    Stmt *st = parser_new_stmt(p, S_IMPORT, parser_span_from(p, start));
    st->u.import.names = alias_array(p, &names);
    st->u.import.nnames = names.len;
    return st;
}

static bool parse_import_from_as_names(Parser *p, Vec *names) {
    for (;;) {
        if (!parser_check(p, TK_NAME)) {
            parser_err_generic(p);
            return false;
        }
        Token *t = parser_advance(p);
        Alias *a = alias_at(p, names, parser_tok_str(p, t), parser_tok_span(t));
        if (!maybe_asname(p, a)) return false;
        if (!parser_check(p, TK_COMMA)) return true;
        if (parser_peek_n(p, 1)->kind != TK_NAME) return true; /* trailing comma: caller decides */
        parser_advance(p);
    }
}

static Stmt *parse_import_from(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* 'from' */
    int level = 0;
    for (;;) {
        if (parser_accept(p, TK_DOT)) level++;
        else if (parser_accept(p, TK_ELLIPSIS)) level += 3;
        else break;
    }
    const char *module = NULL;
    if (parser_check(p, TK_NAME) || level == 0) {
        Span s;
        module = parse_dotted_name(p, &s);
        if (!module) return NULL;
    }
    if (!parser_expect(p, TK_KW_IMPORT)) return NULL;
    Vec names = {0};
    if (parser_check(p, TK_STAR)) {
        Token *t = parser_advance(p);
        alias_at(p, &names, "*", parser_tok_span(t));
    } else if (parser_accept(p, TK_LPAR)) {
        if (!parse_import_from_as_names(p, &names)) return NULL;
        parser_accept(p, TK_COMMA);
        if (!parser_expect(p, TK_RPAR)) return NULL;
    } else {
        if (!parse_import_from_as_names(p, &names)) return NULL;
        if (parser_check(p, TK_COMMA)) {
            parser_advance(p);
            if (parser_check(p, TK_NEWLINE))
                parser_err_last(p, PERR_SYNTAX, "trailing comma not allowed without surrounding parentheses");
            else parser_err_generic(p);
            return NULL;
        }
    }
    Stmt *st = parser_new_stmt(p, S_IMPORTFROM, parser_span_from(p, start));
    st->u.importfrom.module = module;
    st->u.importfrom.names = alias_array(p, &names);
    st->u.importfrom.nnames = names.len;
    st->u.importfrom.level = level;
    return st;
}

static Stmt *parse_global_stmt(Parser *p, StmtKind kind) {
    int start = p->pos;
    parser_advance(p);
    Vec names = {0};
    do {
        if (!parser_check(p, TK_NAME)) {
            parser_err_generic(p);
            return NULL;
        }
        parser_vec_push(p, &names, (void *)parser_tok_str(p, parser_advance(p)));
    } while (parser_accept(p, TK_COMMA));
    Stmt *s = parser_new_stmt(p, kind, parser_span_from(p, start));
    s->u.global.names = (const char **)names.items;
    s->u.global.nnames = names.len;
    return s;
}

static Stmt *parse_del_stmt(Parser *p) {
    int start = p->pos;
    parser_advance(p); /* 'del' */
    int after = p->pos;
    Vec targets = {0};
    bool ok = true;
    for (;;) {
        Expr *e = parser_check(p, TK_STAR) ? NULL : parse_primary(p);
        if (!e) {
            if (!p->failed) parser_err_generic(p);
            ok = false;
            break;
        }
        parser_vec_push(p, &targets, e);
        if (!parser_check(p, TK_COMMA)) break;
        parser_advance(p);
        int k = parser_peek(p)->kind;
        if (k != TK_STAR && !parser_can_start_expr(k)) break;
    }
    if (ok) {
        int k = parser_peek(p)->kind;
        ok = k == TK_SEMI || k == TK_NEWLINE;
        for (int i = 0; ok && i < targets.len; i++)
            if (parser_invalid_target(targets.items[i], TARGETS_DEL)) ok = false;
    }
    if (ok) {
        for (int i = 0; i < targets.len; i++) parser_set_ctx(targets.items[i], CTX_DEL);
        Stmt *s = parser_new_stmt(p, S_DELETE, parser_span_from(p, start));
        s->u.del.targets = parser_vec_exprs(&targets);
        return s;
    }
    /* CPython's invalid_del_stmt: 'del' star_expressions, naming the bad target */
    if (p->lex_failed) return NULL;
    LexErr saved = p->err;
    bool had = p->failed;
    p->failed = false;
    Spec sp;
    parser_spec_begin(p, &sp, true);
    p->pos = after;
    Expr *e = parse_star_expressions(p);
    Expr *inv = e ? parser_invalid_target(e, TARGETS_DEL) : NULL;
    if (!e && parser_spec_keep(p, &sp)) return NULL;
    if (!parser_spec_rollback(p, &sp)) return NULL;
    if (inv) {
        parser_err_span(p, inv->span, "cannot delete %s", parser_expr_name(inv));
        return NULL;
    }
    if (had) {
        p->failed = true;
        p->err = saved;
    } else {
        parser_err_generic(p);
    }
    return NULL;
}

static Stmt *parse_simple_stmt(Parser *p) {
    int start = p->pos;
    int k = parser_peek(p)->kind;
    Stmt *s;
    switch (k) {
    case TK_KW_RETURN: {
        parser_advance(p);
        Expr *v = NULL;
        int k2 = parser_peek(p)->kind;
        if (k2 == TK_STAR || parser_can_start_expr(k2)) {
            v = parse_star_expressions(p);
            if (!v) return NULL;
        }
        s = parser_new_stmt(p, S_RETURN, parser_span_from(p, start));
        s->u.ret.value = v;
        return s;
    }
    case TK_KW_IMPORT: return parse_import_name(p);
    case TK_KW_FROM: return parse_import_from(p);
    case TK_KW_RAISE: {
        parser_advance(p);
        Expr *exc = NULL, *cause = NULL;
        if (parser_can_start_expr(parser_peek(p)->kind)) {
            exc = parse_expression(p);
            if (!exc) return NULL;
            if (parser_accept(p, TK_KW_FROM)) {
                cause = parse_expression(p);
                if (!cause) return NULL;
            }
        }
        s = parser_new_stmt(p, S_RAISE, parser_span_from(p, start));
        s->u.raise.exc = exc;
        s->u.raise.cause = cause;
        return s;
    }
    case TK_KW_PASS:
    case TK_KW_BREAK:
    case TK_KW_CONTINUE:
        parser_advance(p);
        return parser_new_stmt(p, k == TK_KW_PASS ? S_PASS : k == TK_KW_BREAK ? S_BREAK : S_CONTINUE,
                        parser_span_from(p, start));
    case TK_KW_DEL: return parse_del_stmt(p);
    case TK_KW_ASSERT: {
        parser_advance(p);
        Expr *test = parse_expression(p);
        if (!test) return NULL;
        Expr *msg = NULL;
        if (parser_accept(p, TK_COMMA)) {
            msg = parse_expression(p);
            if (!msg) return NULL;
        }
        s = parser_new_stmt(p, S_ASSERT, parser_span_from(p, start));
        s->u.assert_.test = test;
        s->u.assert_.msg = msg;
        return s;
    }
    case TK_KW_GLOBAL: return parse_global_stmt(p, S_GLOBAL);
    case TK_KW_NONLOCAL: return parse_global_stmt(p, S_NONLOCAL);
    default: return parse_expr_stmt(p);
    }
}

static bool parse_simple_stmts(Parser *p, Vec *out) {
    for (;;) {
        Stmt *s = parse_simple_stmt(p);
        if (!s) return false;
        parser_vec_push(p, out, s);
        if (!parser_accept(p, TK_SEMI)) break;
        if (parser_check(p, TK_NEWLINE)) break;
    }
    return parser_expect(p, TK_NEWLINE);
}

/* ---- function parameters ---------------------------------------------- */

static Arg *parse_param(Parser *p, bool lambda, bool star_annotation) {
    int start = p->pos;
    Token *t = parser_advance(p); /* NAME */
    Arg *a = arena_alloc(p->arena, sizeof(Arg));
    a->name = parser_tok_str(p, t);
    a->span = parser_tok_span(t);
    if (!lambda && parser_accept(p, TK_COLON)) {
        a->annotation = star_annotation ? parse_star_expression(p) : parse_expression(p);
        if (!a->annotation) return NULL;
        a->span = parser_span_from(p, start);
    }
    return a;
}

/* `(a, b)` in a parameter list: CPython names the mistake. */
static void parenthesized_params(Parser *p, bool lambda) {
    int open = p->pos;
    Spec s;
    parser_spec_begin(p, &s, true);
    p->no_invalid++;
    parser_advance(p);
    bool ok = false;
    int rpar = -1;
    while (parser_check(p, TK_NAME)) {
        if (!parse_param(p, lambda, false) || p->failed) break;
        if (parser_accept(p, TK_COMMA)) continue;
        break;
    }
    if (!p->failed && parser_check(p, TK_RPAR) && p->pos > open + 1) {
        rpar = p->pos;
        ok = true;
    }
    p->no_invalid--;
    if (!parser_spec_rollback(p, &s)) return;
    if (ok)
        parser_err_range(p, parser_tok_span(&p->toks[open]), parser_tok_span(&p->toks[rpar]),
                   lambda ? "Lambda expression parameters cannot be parenthesized"
                          : "Function parameters cannot be parenthesized");
    else parser_err_generic(p);
}

static Arg *arg_array(Parser *p, Vec *v) {
    Arg *arr = arena_alloc(p->arena, sizeof(Arg) * (size_t)(v->len ? v->len : 1));
    for (int i = 0; i < v->len; i++) arr[i] = *(Arg *)v->items[i];
    return arr;
}

static void check_duplicates(Parser *p, Arguments *a) {
    if (p->has_deferred) return;
    const Arg *all[1024];
    int n = 0;
#define ADD(x) \
    do { if (n < 1024) all[n++] = (x); } while (0)
    for (int i = 0; i < a->nposonly; i++) ADD(&a->posonly[i]);
    for (int i = 0; i < a->nargs; i++) ADD(&a->args[i]);
    if (a->vararg) ADD(a->vararg);
    for (int i = 0; i < a->nkwonly; i++) ADD(&a->kwonly[i]);
    if (a->kwarg) ADD(a->kwarg);
#undef ADD
    for (int i = 1; i < n; i++) {
        for (int j = 0; j < i; j++) {
            if (strcmp(all[i]->name, all[j]->name) == 0) {
                LexErr *e = &p->deferred;
                memset(e, 0, sizeof *e);
                e->kind = PERR_SYNTAX;
                e->line = all[i]->span.line;
                e->col = all[i]->span.col + 1;
                e->end_line = all[i]->span.end_line;
                e->end_col = all[i]->span.end_col + 1;
                snprintf(e->msg, sizeof e->msg, "duplicate argument '%s' in function definition",
                         all[i]->name);
                p->has_deferred = true;
                return;
            }
        }
    }
}

Arguments *parse_params(Parser *p, bool lambda, int close) {
    Vec pos = {0}, defaults = {0}, kwonly = {0}, kwdefaults = {0};
    int nposonly = 0;
    bool seen_slash = false, seen_star = false, seen_default = false;
    Arg *vararg = NULL, *kwarg = NULL;
    for (;;) {
        Token t = *parser_peek(p);
        if (t.kind == close) break;
        if (kwarg) {
            if (t.kind == TK_NAME || t.kind == TK_STAR || t.kind == TK_DSTAR || t.kind == TK_SLASH)
                parser_err_tok(p, &t, "arguments cannot follow var-keyword argument");
            else parser_err_generic(p);
            return NULL;
        }
        if (t.kind == TK_SLASH) {
            /* CPython's first pass only looks past a '/' that follows parameters */
            int nk = pos.len ? parser_peek_n(p, 1)->kind : parser_peek_quiet(p, 1)->kind;
            if (pos.len == 0 && !seen_slash && !seen_star) {
                if (nk == TK_COMMA) parser_err_tok(p, &t, "at least one argument must precede /");
                else parser_err_generic(p);
                return NULL;
            }
            if (seen_slash) {
                parser_err_tok(p, &t, "/ may appear only once");
                return NULL;
            }
            if (seen_star) {
                parser_err_tok(p, &t, "/ must be ahead of *");
                return NULL;
            }
            if (nk != TK_COMMA && nk != close) {
                parser_advance(p);
                parser_err_generic(p);
                return NULL;
            }
            parser_advance(p);
            seen_slash = true;
            nposonly = pos.len;
        } else if (t.kind == TK_STAR) {
            int nk = seen_star ? parser_peek_quiet(p, 1)->kind : parser_peek_n(p, 1)->kind;
            if (seen_star) {
                if (nk == TK_NAME || nk == TK_COMMA) parser_err_tok(p, &t, "* argument may appear only once");
                else parser_err_generic(p);
                return NULL;
            }
            if (nk == close || (nk == TK_COMMA && (parser_peek_n(p, 2)->kind == close ||
                                                   parser_peek_n(p, 2)->kind == TK_DSTAR))) {
                parser_err_tok(p, &t, "named arguments must follow bare *");
                return NULL;
            }
            parser_advance(p);
            seen_star = true;
            if (parser_check(p, TK_NAME)) {
                vararg = parse_param(p, lambda, true);
                if (!vararg) return NULL;
                if (parser_check(p, TK_EQUAL)) {
                    parser_err_tok(p, parser_peek(p), "var-positional argument cannot have default value");
                    return NULL;
                }
            } else if (!parser_check(p, TK_COMMA)) {
                parser_err_generic(p);
                return NULL;
            }
        } else if (t.kind == TK_DSTAR) {
            parser_advance(p);
            if (!parser_check(p, TK_NAME)) {
                parser_err_generic(p);
                return NULL;
            }
            kwarg = parse_param(p, lambda, false);
            if (!kwarg) return NULL;
            if (parser_check(p, TK_EQUAL)) {
                parser_err_tok(p, parser_peek(p), "var-keyword argument cannot have default value");
                return NULL;
            }
        } else if (t.kind == TK_NAME) {
            Arg *a = parse_param(p, lambda, false);
            if (!a) return NULL;
            Expr *def = NULL;
            if (parser_check(p, TK_EQUAL)) {
                Token eq = *parser_peek(p);
                parser_advance(p);
                int nk = parser_peek(p)->kind;
                if (nk == TK_COMMA || nk == close) {
                    parser_err_tok(p, &eq, "expected default value expression");
                    return NULL;
                }
                def = parse_expression(p);
                if (!def) return NULL;
            }
            if (seen_star) {
                parser_vec_push(p, &kwonly, a);
                parser_vec_push(p, &kwdefaults, def);
            } else {
                if (def) {
                    seen_default = true;
                    parser_vec_push(p, &defaults, def);
                } else if (seen_default) {
                    parser_err_span(p, a->span, "non-default argument follows default argument");
                    return NULL;
                }
                parser_vec_push(p, &pos, a);
            }
        } else if (t.kind == TK_LPAR) {
            parenthesized_params(p, lambda);
            return NULL;
        } else {
            parser_err_generic(p);
            return NULL;
        }
        if (!parser_accept(p, TK_COMMA)) break;
    }
    Arguments *a = arena_alloc(p->arena, sizeof(Arguments));
    Arg *all = arg_array(p, &pos);
    a->posonly = all;
    a->nposonly = nposonly;
    a->args = all + nposonly;
    a->nargs = pos.len - nposonly;
    a->vararg = vararg;
    a->kwonly = arg_array(p, &kwonly);
    a->nkwonly = kwonly.len;
    a->kw_defaults = (Expr **)arena_alloc(p->arena, sizeof(Expr *) * (size_t)(kwonly.len ? kwonly.len : 1));
    for (int i = 0; i < kwdefaults.len; i++) a->kw_defaults[i] = kwdefaults.items[i];
    a->kwarg = kwarg;
    a->defaults = (Expr **)defaults.items;
    a->ndefaults = defaults.len;
    check_duplicates(p, a);
    return a;
}

/* ---- compound statements ---------------------------------------------- */

static Stmt *parse_function_def(Parser *p, int start, ExprList decorators) {
    bool is_async = parser_accept(p, TK_KW_ASYNC);
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'def' */
    if (!parser_check(p, TK_NAME)) {
        parser_err_generic(p);
        return NULL;
    }
    const char *name = parser_tok_str(p, parser_advance(p));
    if (!parser_expect_forced(p, TK_LPAR, "(")) return NULL;
    Arguments *args;
    if (parser_check(p, TK_RPAR)) {
        args = arena_alloc(p->arena, sizeof(Arguments));
    } else {
        args = parse_params(p, false, TK_RPAR);
        if (!args) return NULL;
    }
    if (!parser_expect(p, TK_RPAR)) return NULL;
    Expr *returns = NULL;
    if (parser_check(p, TK_RARROW)) {
        int arrow = p->pos;
        parser_advance(p);
        returns = parse_expression(p);
        if (!returns) {
            /* PEG: a failed `'->' expression` is left unconsumed */
            if (!p->failed || !p->err.generic || p->lex_failed) return NULL;
            p->failed = false;
            p->pos = arrow;
        }
    }
    if (!parser_expect_forced(p, TK_COLON, ":")) return NULL;
    StmtList body;
    if (!parse_block(p, &body, "function definition", line)) return NULL;
    Stmt *s = parser_new_stmt(p, S_FUNCTIONDEF, parser_span_from(p, start));
    s->u.funcdef.name = name;
    s->u.funcdef.args = args;
    s->u.funcdef.body = body;
    s->u.funcdef.decorators = decorators;
    s->u.funcdef.returns = returns;
    s->u.funcdef.is_async = is_async;
    return s;
}

static Stmt *parse_class_def(Parser *p, int start, ExprList decorators) {
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'class' */
    if (!parser_check(p, TK_NAME)) {
        parser_err_generic(p);
        return NULL;
    }
    const char *name = parser_tok_str(p, parser_advance(p));
    ExprList bases = {0};
    Keyword *kws = NULL;
    int nkws = 0;
    if (parser_check(p, TK_LPAR)) {
        int open = p->pos;
        parser_advance(p);
        if (!parse_call_args(p, &bases, &kws, &nkws, open, false)) return NULL;
        if (!parser_expect(p, TK_RPAR)) return NULL;
    }
    if (!header_colon(p)) return NULL;
    StmtList body;
    if (!parse_block(p, &body, "class definition", line)) return NULL;
    Stmt *s = parser_new_stmt(p, S_CLASSDEF, parser_span_from(p, start));
    s->u.classdef.name = name;
    s->u.classdef.bases = bases;
    s->u.classdef.keywords = kws;
    s->u.classdef.nkeywords = nkws;
    s->u.classdef.body = body;
    s->u.classdef.decorators = decorators;
    return s;
}

static Stmt *parse_decorated(Parser *p) {
    Vec decs = {0};
    while (parser_accept(p, TK_AT)) {
        Expr *d = parse_named_expression(p);
        if (!d || !parser_expect(p, TK_NEWLINE)) return NULL;
        parser_vec_push(p, &decs, d);
    }
    int start = p->pos;
    int k = parser_peek(p)->kind;
    if (k == TK_KW_DEF || (k == TK_KW_ASYNC && parser_peek_n(p, 1)->kind == TK_KW_DEF))
        return parse_function_def(p, start, parser_vec_exprs(&decs));
    if (k == TK_KW_CLASS) return parse_class_def(p, start, parser_vec_exprs(&decs));
    parser_err_generic(p);
    return NULL;
}

static Stmt *parse_if_stmt(Parser *p) {
    /* if/elif chains are built iteratively: no recursion per elif */
    typedef struct {
        int start;
        Expr *test;
        StmtList body;
    } Clause;
    Vec clauses = {0};
    StmtList orelse = {0};
    for (;;) {
        int start = p->pos;
        Token kw = *parser_peek(p);
        parser_advance(p);
        Expr *test = parse_named_expression(p);
        if (!test || !header_colon(p)) return NULL;
        Clause *c = arena_alloc(p->arena, sizeof(Clause));
        c->start = start;
        c->test = test;
        if (!parse_block(p, &c->body, kw.kind == TK_KW_IF ? "'if' statement" : "'elif' statement", kw.line))
            return NULL;
        parser_vec_push(p, &clauses, c);
        if (parser_check(p, TK_KW_ELIF)) continue;
        if (parser_check(p, TK_KW_ELSE) && !parse_else_block(p, &orelse)) return NULL;
        break;
    }
    Stmt *next = NULL;
    for (int i = clauses.len - 1; i >= 0; i--) {
        Clause *c = clauses.items[i];
        StmtList tail = orelse;
        if (next) {
            Stmt **one = arena_alloc(p->arena, sizeof(Stmt *));
            one[0] = next;
            tail.items = one;
            tail.len = 1;
        }
        Stmt *s = parser_new_stmt(p, S_IF, parser_span_from(p, c->start)); /* all end where the chain ends */
        s->u.if_.test = c->test;
        s->u.if_.body = c->body;
        s->u.if_.orelse = tail;
        next = s;
    }
    return next;
}

static Stmt *parse_while_stmt(Parser *p) {
    int start = p->pos;
    int line = parser_peek(p)->line;
    parser_advance(p);
    Expr *test = parse_named_expression(p);
    if (!test || !header_colon(p)) return NULL;
    StmtList body, orelse = {0};
    if (!parse_block(p, &body, "'while' statement", line)) return NULL;
    if (parser_check(p, TK_KW_ELSE) && !parse_else_block(p, &orelse)) return NULL;
    Stmt *s = parser_new_stmt(p, S_WHILE, parser_span_from(p, start));
    s->u.while_.test = test;
    s->u.while_.body = body;
    s->u.while_.orelse = orelse;
    return s;
}

static Stmt *parse_for_stmt(Parser *p, int start) {
    bool is_async = parser_accept(p, TK_KW_ASYNC);
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'for' */
    Expr *target = parse_for_target(p);
    if (!target) return NULL;
    parser_advance(p); /* 'in' */
    Expr *iter = parse_star_expressions(p);
    if (!iter || !header_colon(p)) return NULL;
    StmtList body, orelse = {0};
    if (!parse_block(p, &body, "'for' statement", line)) return NULL;
    if (parser_check(p, TK_KW_ELSE) && !parse_else_block(p, &orelse)) return NULL;
    Stmt *s = parser_new_stmt(p, S_FOR, parser_span_from(p, start));
    s->u.for_.target = target;
    s->u.for_.iter = iter;
    s->u.for_.body = body;
    s->u.for_.orelse = orelse;
    s->u.for_.is_async = is_async;
    return s;
}

enum { WITH_OK, WITH_FAIL, WITH_BAD_TARGET };

static int parse_with_item(Parser *p, Vec *items) {
    Expr *e = parse_expression(p);
    if (!e) return WITH_FAIL;
    WithItem *w = arena_alloc(p->arena, sizeof(WithItem));
    w->context_expr = e;
    if (parser_accept(p, TK_KW_AS)) {
        Expr *t = parse_star_target(p);
        if (!t) return WITH_FAIL;
        int k = parser_peek(p)->kind;
        if (k != TK_COMMA && k != TK_RPAR && k != TK_COLON) {
            if (k == TK_NEWLINE) parser_err_last(p, PERR_SYNTAX, "expected ':'");
            else parser_err_generic(p);
            return WITH_FAIL;
        }
        Expr *inv = parser_invalid_target(t, TARGETS_STAR);
        if (inv) {
            parser_err_span(p, inv->span, "cannot assign to %s", parser_expr_name(inv));
            return WITH_BAD_TARGET;
        }
        parser_set_ctx(t, CTX_STORE);
        w->optional_vars = t;
    }
    parser_vec_push(p, items, w);
    return WITH_OK;
}

static Stmt *parse_with_stmt(Parser *p, int start) {
    bool is_async = parser_accept(p, TK_KW_ASYNC);
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'with' */
    Vec items = {0};
    bool done = false;
    if (parser_check(p, TK_LPAR)) {
        Spec s;
        parser_spec_begin(p, &s, false);
        parser_advance(p);
        int r = WITH_OK;
        for (;;) {
            r = parse_with_item(p, &items);
            if (r != WITH_OK) break;
            if (!parser_accept(p, TK_COMMA)) break;
            if (parser_check(p, TK_RPAR)) break;
        }
        if (r == WITH_BAD_TARGET) {
            parser_spec_commit(p, &s);
            return NULL;
        }
        if (r == WITH_OK && parser_accept(p, TK_RPAR) && parser_check(p, TK_COLON)) {
            parser_spec_commit(p, &s);
            done = true;
        } else {
            if (!parser_spec_rollback(p, &s)) return NULL;
            items.len = 0;
        }
    }
    if (!done) {
        do {
            if (parse_with_item(p, &items) != WITH_OK) return NULL;
        } while (parser_accept(p, TK_COMMA));
    }
    if (!header_colon(p)) return NULL;
    StmtList body;
    if (!parse_block(p, &body, "'with' statement", line)) return NULL;
    Stmt *s = parser_new_stmt(p, S_WITH, parser_span_from(p, start));
    WithItem *arr = arena_alloc(p->arena, sizeof(WithItem) * (size_t)items.len);
    for (int i = 0; i < items.len; i++) arr[i] = *(WithItem *)items.items[i];
    s->u.with.items = arr;
    s->u.with.nitems = items.len;
    s->u.with.body = body;
    s->u.with.is_async = is_async;
    return s;
}

static Stmt *parse_try_stmt(Parser *p) {
    int start = p->pos;
    int line = parser_peek(p)->line;
    parser_advance(p); /* 'try' */
    if (!parser_expect_forced(p, TK_COLON, ":")) return NULL;
    StmtList body, orelse = {0}, finalbody = {0};
    if (!parse_block(p, &body, "'try' statement", line)) return NULL;
    Vec handlers = {0};
    int star = -1; /* -1 unknown, 0 except, 1 except* */
    while (parser_check(p, TK_KW_EXCEPT)) {
        Token kw = *parser_peek(p);
        int hstart = p->pos;
        parser_advance(p);
        bool is_star = false;
        if (parser_check(p, TK_STAR)) {
            parser_advance(p);
            is_star = true;
            int k = parser_peek(p)->kind;
            if (k == TK_COLON || k == TK_NEWLINE) {
                parser_err_last(p, PERR_SYNTAX, "expected one or more exception types");
                return NULL;
            }
        }
        if (star >= 0 && star != (int)is_star) {
            parser_err_tok(p, &kw, "cannot have both 'except' and 'except*' on the same 'try'");
            return NULL;
        }
        star = is_star;
        ExceptHandler *h = arena_alloc(p->arena, sizeof(ExceptHandler));
        if (!parser_check(p, TK_COLON)) {
            if (parser_check(p, TK_NEWLINE)) {
                parser_err_last(p, PERR_SYNTAX, "expected ':'");
                return NULL;
            }
            h->type = parse_expression(p);
            if (!h->type) return NULL;
            if (parser_check(p, TK_COMMA)) {
                Span a = h->type->span;
                Spec sp;
                parser_spec_begin(p, &sp, true);
                p->no_invalid++;
                bool ok = true;
                while (ok && parser_accept(p, TK_COMMA)) ok = parse_expression(p) != NULL;
                if (ok && parser_accept(p, TK_KW_AS)) ok = parser_accept(p, TK_NAME);
                ok = ok && parser_check(p, TK_COLON);
                Token *last = &p->toks[p->ntoks - 1];
                int eline = last->end_line, ecol = last->end_col;
                p->no_invalid--;
                if (!parser_spec_rollback(p, &sp)) return NULL;
                if (ok)
                    parser_err_at(p, PERR_SYNTAX, a.line, a.col + 1, eline, ecol,
                            "multiple exception types must be parenthesized");
                else parser_err_generic(p);
                return NULL;
            }
            if (parser_accept(p, TK_KW_AS)) {
                if (!parser_check(p, TK_NAME)) {
                    parser_err_generic(p);
                    return NULL;
                }
                h->name = parser_tok_str(p, parser_advance(p));
            }
        }
        if (!header_colon(p)) return NULL;
        if (!parse_block(p, &h->body, is_star ? "'except*' statement" : "'except' statement", kw.line))
            return NULL;
        h->span = parser_span_from(p, hstart);
        parser_vec_push(p, &handlers, h);
    }
    if (handlers.len > 0 && parser_check(p, TK_KW_ELSE) && !parse_else_block(p, &orelse)) return NULL;
    if (parser_check(p, TK_KW_FINALLY)) {
        int fline = parser_peek(p)->line;
        parser_advance(p);
        if (!parser_expect_forced(p, TK_COLON, ":")) return NULL;
        if (!parse_block(p, &finalbody, "'finally' statement", fline)) return NULL;
    }
    if (handlers.len == 0 && finalbody.len == 0) {
        parser_peek(p);
        parser_err_last(p, PERR_SYNTAX, "expected 'except' or 'finally' block");
        return NULL;
    }
    Stmt *s = parser_new_stmt(p, S_TRY, parser_span_from(p, start));
    s->u.try_.body = body;
    ExceptHandler *arr =
        arena_alloc(p->arena, sizeof(ExceptHandler) * (size_t)(handlers.len ? handlers.len : 1));
    for (int i = 0; i < handlers.len; i++) arr[i] = *(ExceptHandler *)handlers.items[i];
    s->u.try_.handlers = arr;
    s->u.try_.nhandlers = handlers.len;
    s->u.try_.orelse = orelse;
    s->u.try_.finalbody = finalbody;
    s->u.try_.is_star = star == 1;
    return s;
}

/* ---- statements -------------------------------------------------------- */

static bool parse_statement(Parser *p, Vec *out) {
    int start = p->pos;
    Stmt *s;
    if (!parser_enter(p)) return false;
    switch (parser_peek(p)->kind) {
    case TK_KW_DEF: s = parse_function_def(p, start, (ExprList){0}); break;
    case TK_AT: s = parse_decorated(p); break;
    case TK_KW_CLASS: s = parse_class_def(p, start, (ExprList){0}); break;
    case TK_KW_IF: s = parse_if_stmt(p); break;
    case TK_KW_WHILE: s = parse_while_stmt(p); break;
    case TK_KW_FOR: s = parse_for_stmt(p, start); break;
    case TK_KW_TRY: s = parse_try_stmt(p); break;
    case TK_KW_WITH: s = parse_with_stmt(p, start); break;
    case TK_KW_ASYNC: {
        int k = parser_peek_n(p, 1)->kind;
        if (k == TK_KW_DEF) s = parse_function_def(p, start, (ExprList){0});
        else if (k == TK_KW_FOR) s = parse_for_stmt(p, start);
        else if (k == TK_KW_WITH) s = parse_with_stmt(p, start);
        else {
            parser_advance(p);
            parser_err_generic(p);
            s = NULL;
        }
        break;
    }
    default: {
        bool ok = parse_simple_stmts(p, out);
        parser_leave(p);
        return ok;
    }
    }
    parser_leave(p);
    if (!s) return false;
    parser_vec_push(p, out, s);
    return true;
}

static bool starts_statement(int k) {
    if (parser_can_start_expr(k)) return true;
    switch (k) {
    case TK_STAR:
    case TK_AT:
    case TK_KW_DEF:
    case TK_KW_CLASS:
    case TK_KW_IF:
    case TK_KW_WHILE:
    case TK_KW_FOR:
    case TK_KW_TRY:
    case TK_KW_WITH:
    case TK_KW_ASYNC:
    case TK_KW_RETURN:
    case TK_KW_IMPORT:
    case TK_KW_FROM:
    case TK_KW_RAISE:
    case TK_KW_PASS:
    case TK_KW_BREAK:
    case TK_KW_CONTINUE:
    case TK_KW_DEL:
    case TK_KW_YIELD:
    case TK_KW_ASSERT:
    case TK_KW_GLOBAL:
    case TK_KW_NONLOCAL: return true;
    default: return false;
    }
}

static bool parse_statements(Parser *p, Vec *out) {
    do {
        if (!parse_statement(p, out)) return false;
    } while (starts_statement(parser_peek(p)->kind));
    return true;
}

Module *parse_file(Parser *p) {
    Vec body = {0};
    if (!parser_check(p, TK_ENDMARKER) && !p->failed) {
        if (!starts_statement(parser_peek(p)->kind)) {
            parser_err_generic(p);
            return NULL;
        }
        if (!parse_statements(p, &body)) return NULL;
    }
    if (p->failed) return NULL;
    if (!parser_check(p, TK_ENDMARKER)) {
        parser_err_generic(p);
        return NULL;
    }
    Module *m = arena_alloc(p->arena, sizeof(Module));
    m->body = parser_vec_stmts(&body);
    return m;
}
