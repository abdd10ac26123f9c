/* parser_impl.h: state and helpers shared by parser.c, parser_expr.c,
 * parser_stmt.c and parser_str.c (private to the front end).
 *
 * The parser is recursive descent over a lazily filled token array, one
 * parse_<rule> function per rule of grammar.txt. Every parse function
 * returns NULL (or false) on failure with p->failed set; the first error
 * recorded wins. CPython's specific error messages (its "invalid_" rules)
 * are produced at the point where parsing cannot continue, and the generic
 * "invalid syntax" points at the furthest token examined, as CPython's first
 * pass does. Speculative parses (Spec) try an alternative and roll back.
 */
#ifndef COIL_PARSER_IMPL_H
#define COIL_PARSER_IMPL_H

#include "ast.h"
#include "lexer.h"
#include "opcodes.h"

#include <stdarg.h>

/* Token.pflags is not in Token: parser-side flags live in a parallel array. */
#define TOKF_EXCL_ATOM 1 /* a list/tuple/genexp/True/None/False atom starts here */

#define MAX_DEPTH 1500 /* nesting of expressions/statements before "too complex" */

typedef struct Parser Parser;

struct Parser {
    Arena *arena;
    const char *filename;
    const char *src;    /* prepared source (lexer.h) */
    size_t src_len;
    Lexer lx;
    Token *toks;        /* malloc'ed; grows as tokens are needed */
    uint8_t *tflags;    /* TOKF_* per token */
    int ntoks, cap;
    int pos;            /* current token */
    int maxpos;         /* furthest token examined outside speculation */
    bool failed;
    bool lex_failed;    /* the error is the lexer's (an error token was reached) */
    LexErr err;         /* first error (byte-based columns until finished) */
    char err_text[160]; /* error line override (f-string expressions) */
    int depth;
    int spec2;          /* > 0 while speculating for a hint (CPython's second pass) */
    int no_invalid;     /* > 0: skip the comma / print hints (expression_without_invalid) */
    int in_legacy;      /* > 0: inside the print-statement hint's look-ahead parse */
    bool second;        /* re-parse after a failure (CPython's second pass) */
    /* f-string expression sub-parser */
    Parser *parent;
    Span fexpr_parens;  /* f-string sub-parser: where CPython's virtual "(...)" sit */
    Expr *unparen_tuple; /* last tuple star_expressions built without parentheses */
    bool has_deferred;  /* an error CPython reports after parsing (duplicate argument) */
    LexErr deferred;
};

/* ---- tokens ---- */
Token *parser_tok(Parser *p, int i); /* token i, lexing as needed */
Token *parser_peek(Parser *p);               /* current token; records it as examined */
Token *parser_peek_n(Parser *p, int n);      /* n tokens ahead of the current one */
Token *parser_peek_quiet(Parser *p, int n);  /* same, for error hints: not "examined" */
Token *parser_advance(Parser *p);            /* consumes and returns the current token */
bool parser_check(Parser *p, int kind);
bool parser_accept(Parser *p, int kind);     /* consumes the token if it is `kind` */
Token *parser_prev_tok(Parser *p);           /* last consumed token */
Span parser_tok_span(const Token *t);
Span parser_span_to(Span a, Span b);         /* from a's start to b's end */
Span parser_span_from(Parser *p, int start_tok); /* from token start_tok to the last consumed */

/* ---- speculation ---- */
typedef struct {
    int pos, maxpos, depth;
    bool second, failed, lex_failed;
    LexErr err;
    char err_text[160];
} Spec;
/* second_pass: a hint-only parse (CPython's second pass) that must not move
 * the furthest-token mark used by the generic error. */
void parser_spec_begin(Parser *p, Spec *s, bool second_pass);
/* Rolls back to the mark unless a lexer error was hit (that error stands,
 * as in CPython). Returns true if the parse state was restored. */
bool parser_spec_rollback(Parser *p, Spec *s);
/* Keeps the speculative result: only leaves speculation mode. */
void parser_spec_commit(Parser *p, Spec *s);
/* After a hint speculation failed: keep its error if it is one CPython's
 * second pass would raise (specific, not "invalid syntax"). */
bool parser_spec_keep(Parser *p, Spec *s);

/* ---- errors (all record the first error only) ---- */
void parser_err_at(Parser *p, ParseErrorKind kind, int line, int col, int end_line, int end_col,
             const char *fmt, ...);
/* CPython's RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token) */
void parser_err_tok(Parser *p, const Token *t, const char *fmt, ...);
/* CPython's RAISE_SYNTAX_ERROR(msg): at the last token fetched */
void parser_err_last(Parser *p, ParseErrorKind kind, const char *fmt, ...);
/* KNOWN_LOCATION(node) and KNOWN_RANGE(a, b) */
void parser_err_span(Parser *p, Span s, const char *fmt, ...);
void parser_err_range(Parser *p, Span a, Span b, const char *fmt, ...);
/* "invalid syntax" at the furthest token examined (or unexpected indent) */
void parser_err_generic(Parser *p);
/* forced token (CPython's &&'x'): "expected 'x'" at the current token */
bool parser_expect_forced(Parser *p, int kind, const char *what);
/* consumes `kind` or fails with the generic error */
bool parser_expect(Parser *p, int kind);
/* marks the recorded error as one CPython raises in its first pass */
void parser_err_first_pass(Parser *p);
bool parser_enter(Parser *p); /* depth guard: false (and error) when too deep */
void parser_leave(Parser *p);

/* ---- AST helpers ---- */
Expr *parser_new_expr(Parser *p, ExprKind kind, Span s);
Stmt *parser_new_stmt(Parser *p, StmtKind kind, Span s);
const char *parser_tok_str(Parser *p, const Token *t);           /* a NAME, NFKC-normalized */
const char *parser_ident_str(Parser *p, const char *s, size_t n);

typedef struct {
    void **items;
    int len, cap;
} Vec;
void parser_vec_push(Parser *p, Vec *v, void *x);
ExprList parser_vec_exprs(Vec *v);
StmtList parser_vec_stmts(Vec *v);

const char *parser_expr_name(const Expr *e);             /* CPython's _PyPegen_get_expr_name */
typedef enum { TARGETS_STAR, TARGETS_DEL, TARGETS_FOR } TargetsType;
Expr *parser_invalid_target(Expr *e, TargetsType type);  /* _PyPegen_get_invalid_target */
void parser_set_ctx(Expr *e, ExprCtx ctx);               /* on a valid target tree */
bool parser_can_start_expr(int kind);                    /* tokens that may begin an expression */
/* e, parsed from token `start`, is what bitwise_or alone could produce
 * (any parenthesized expression is) */
bool parser_is_bitwise_or_level(Parser *p, const Expr *e, int start);

/* ---- rules (grammar.txt) ---- */
Expr *parse_star_expressions(Parser *p);
Expr *parse_star_expression(Parser *p);
Expr *parse_star_named_expression(Parser *p);
Expr *parse_named_expression(Parser *p);
Expr *parse_expression(Parser *p);
Expr *parse_yield_expr(Parser *p);
Expr *parse_disjunction(Parser *p);
Expr *parse_bitwise_or(Parser *p);
Expr *parse_star_targets(Parser *p);
Expr *parse_star_target(Parser *p);
Expr *parse_primary(Parser *p);
Expr *parse_for_target(Parser *p);
/* body of a parenthesized group/tuple/genexp; `start` is the '(' token (or
 * the first token of an f-string expression), `close` its closing token */
Expr *parse_group_body(Parser *p, int start, int close);
bool parse_for_if_clauses(Parser *p, Comprehension **out, int *n);
Arguments *parse_params(Parser *p, bool lambda, int close_kind);
/* arguments of a call (or class bases) after '('; allow_genexp: a lone
 * unparenthesized generator expression is the argument (calls only) */
bool parse_call_args(Parser *p, ExprList *args, Keyword **kws, int *nkws, int open_tok,
                     bool allow_genexp);
Expr *parse_strings(Parser *p);
Expr *parse_number(Parser *p, const Token *t);
Module *parse_file(Parser *p);

/* parser_unicode.c (generated tables) */
bool parser_unicode_lookup(const char *name, size_t n, uint32_t *cp); /* "\\N{NAME}" */
const char *parser_unicode_nfkc(uint32_t cp); /* NFKC of an identifier char, or NULL */

/* f-string expressions: parses src[start, end) as the text between braces */
Expr *parse_fstring_expr(Parser *p, size_t start, size_t end, int line, size_t line_start);

#endif
