/* ast.h: the syntax tree the parser builds and the compiler consumes.
 *
 * Nodes live in an Arena (freed whole after compiling) and hold no VM
 * objects: literals are kept as decoded bytes/text, so the parser needs no
 * interpreter and the tree can be dropped without touching the collector.
 * Lists are (pointer array, length) pairs allocated in the same arena.
 * Every node carries its source span (1-based line, 0-based byte column).
 */
#ifndef COIL_AST_H
#define COIL_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Arena Arena;
Arena *arena_new(void);
void *arena_alloc(Arena *a, size_t size); /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);

typedef struct Expr Expr;
typedef struct Stmt Stmt;

typedef struct { Expr **items; int len; } ExprList;
typedef struct { Stmt **items; int len; } StmtList;

typedef struct {
    int line, col, end_line, end_col;
} Span;

typedef enum { CTX_LOAD, CTX_STORE, CTX_DEL } ExprCtx;

typedef enum {
    E_NAME, E_CONST, E_BOOLOP, E_NAMEDEXPR, E_BINOP, E_UNARYOP, E_LAMBDA,
    E_IFEXP, E_DICT, E_SET, E_LISTCOMP, E_SETCOMP, E_DICTCOMP, E_GENEXP,
    E_AWAIT, E_YIELD, E_YIELDFROM, E_COMPARE, E_CALL, E_FORMATTED,
    E_JOINEDSTR, E_ATTRIBUTE, E_SUBSCRIPT, E_STARRED, E_LIST, E_TUPLE,
    E_SLICE
} ExprKind;

typedef enum {
    C_NONE, C_TRUE, C_FALSE, C_ELLIPSIS,
    C_INT,   /* text: digits in base int_base, prefix and '_' removed */
    C_FLOAT, /* f */
    C_IMAG,  /* f: imaginary literal (parsed, rejected by the compiler) */
    C_STR,   /* bytes/len: decoded UTF-8 */
    C_BYTES  /* bytes/len: raw bytes */
} ConstKind;

typedef enum { BOOL_AND, BOOL_OR } BoolOpKind;
typedef enum { U_NOT, U_NEG, U_POS, U_INVERT } UnaryOpKind;
/* binary operators use BinOp from opcodes.h (BINOP_ADD ...) */
/* comparisons: */
typedef enum {
    CMPX_EQ, CMPX_NE, CMPX_LT, CMPX_LE, CMPX_GT, CMPX_GE,
    CMPX_IS, CMPX_ISNOT, CMPX_IN, CMPX_NOTIN
} CmpOpKind;

typedef struct Comprehension {
    Expr *target;
    Expr *iter;
    ExprList ifs;
    bool is_async;
} Comprehension;

typedef struct {
    const char *arg; /* NULL for **expr */
    Expr *value;
    Span span;
} Keyword;

typedef struct {
    const char *name;
    Expr *annotation; /* may be NULL; evaluated never (we ignore annotations) */
    Span span;
} Arg;

typedef struct {
    Arg *posonly; int nposonly;
    Arg *args; int nargs;
    Arg *vararg;            /* NULL if none */
    Arg *kwonly; int nkwonly;
    Expr **kw_defaults;     /* nkwonly entries, NULL where no default */
    Arg *kwarg;             /* NULL if none */
    Expr **defaults; int ndefaults; /* for the last ndefaults of posonly+args */
} Arguments;

struct Expr {
    ExprKind kind;
    Span span;
    union {
        struct { const char *id; ExprCtx ctx; } name;
        struct {
            ConstKind kind;
            const char *text;   /* C_INT: digits in base int_base, no '_' / prefix */
            int int_base;       /* 10, 16, 8 or 2 */
            double f;
            const char *bytes;  /* C_STR / C_BYTES */
            size_t len;
        } constant;
        struct { BoolOpKind op; ExprList values; } boolop;
        struct { Expr *target; Expr *value; } namedexpr;
        struct { Expr *left; int op; Expr *right; } binop;
        struct { UnaryOpKind op; Expr *operand; } unaryop;
        struct { Arguments *args; Expr *body; } lambda;
        struct { Expr *test; Expr *body; Expr *orelse; } ifexp;
        struct { ExprList keys; ExprList values; } dict; /* key NULL = **value */
        struct { ExprList elts; } set;
        struct {
            Expr *elt;          /* listcomp/setcomp/genexp element; dictcomp key */
            Expr *value;        /* dictcomp value */
            Comprehension *generators;
            int ngenerators;
        } comp;
        struct { Expr *value; } await_;
        struct { Expr *value; } yield; /* value may be NULL; also yield from */
        struct { Expr *left; CmpOpKind *ops; ExprList comparators; } compare;
        struct {
            Expr *func;
            ExprList args;      /* may contain E_STARRED */
            Keyword *keywords;
            int nkeywords;
        } call;
        struct {
            Expr *value;
            int conversion;     /* -1 none, 's', 'r', 'a' */
            Expr *format_spec;  /* E_JOINEDSTR or NULL */
        } formatted;
        struct { ExprList values; } joinedstr; /* E_CONST str and E_FORMATTED */
        struct { Expr *value; const char *attr; ExprCtx ctx; } attribute;
        struct { Expr *value; Expr *slice; ExprCtx ctx; } subscript;
        struct { Expr *value; ExprCtx ctx; } starred;
        struct { ExprList elts; ExprCtx ctx; } seq; /* list and tuple */
        struct { Expr *lower, *upper, *step; } slice; /* each may be NULL */
    } u;
};

typedef enum {
    S_FUNCTIONDEF, S_CLASSDEF, S_RETURN, S_DELETE, S_ASSIGN, S_AUGASSIGN,
    S_ANNASSIGN, S_FOR, S_WHILE, S_IF, S_WITH, S_RAISE, S_TRY, S_ASSERT,
    S_IMPORT, S_IMPORTFROM, S_GLOBAL, S_NONLOCAL, S_EXPR, S_PASS, S_BREAK,
    S_CONTINUE
} StmtKind;

typedef struct {
    Expr *type;        /* NULL for bare except */
    const char *name;  /* NULL if no `as` */
    StmtList body;
    Span span;
} ExceptHandler;

typedef struct {
    Expr *context_expr;
    Expr *optional_vars; /* may be NULL */
} WithItem;

typedef struct {
    const char *name;   /* dotted name for import, plain for from-import; "*" */
    const char *asname; /* may be NULL */
    Span span;
} Alias;

struct Stmt {
    StmtKind kind;
    Span span;
    union {
        struct {
            const char *name;
            Arguments *args;
            StmtList body;
            ExprList decorators;
            Expr *returns;
            bool is_async;
        } funcdef;
        struct {
            const char *name;
            ExprList bases;
            Keyword *keywords;
            int nkeywords;
            StmtList body;
            ExprList decorators;
        } classdef;
        struct { Expr *value; } ret;         /* value may be NULL */
        struct { ExprList targets; } del;
        struct { ExprList targets; Expr *value; } assign; /* a = b = value */
        struct { Expr *target; int op; Expr *value; } augassign; /* op: BinOp */
        struct { Expr *target; Expr *annotation; Expr *value; bool simple; } annassign;
        struct { Expr *target; Expr *iter; StmtList body; StmtList orelse; bool is_async; } for_;
        struct { Expr *test; StmtList body; StmtList orelse; } while_;
        struct { Expr *test; StmtList body; StmtList orelse; } if_;
        struct { WithItem *items; int nitems; StmtList body; bool is_async; } with;
        struct { Expr *exc; Expr *cause; } raise; /* both may be NULL */
        struct {
            StmtList body;
            ExceptHandler *handlers;
            int nhandlers;
            StmtList orelse;
            StmtList finalbody;
            bool is_star;       /* except* handlers (CPython's TryStar) */
        } try_;
        struct { Expr *test; Expr *msg; } assert_;
        struct { Alias *names; int nnames; } import;
        struct { const char *module; Alias *names; int nnames; int level; } importfrom;
        struct { const char **names; int nnames; } global; /* also nonlocal */
        struct { Expr *value; } expr;
    } u;
};

typedef struct {
    StmtList body;
} Module;

/* ---- parsing ---------------------------------------------------------- */

typedef enum {
    PERR_NONE = 0,
    PERR_SYNTAX,      /* SyntaxError */
    PERR_INDENT,      /* IndentationError */
    PERR_TAB,         /* TabError */
    PERR_EOF,         /* input ended inside a construct: the REPL shows "... " */
} ParseErrorKind;

typedef struct {
    ParseErrorKind kind;
    char msg[256];    /* CPython's wording, e.g. "invalid syntax", "'(' was never closed" */
    int line;         /* 1-based */
    int col;          /* 1-based offset as in SyntaxError.offset */
    int end_line, end_col;
    /* frontend additions: */
    ParseErrorKind eof_kind; /* the class CPython raises for a file (PERR_SYNTAX,
                                PERR_INDENT or PERR_TAB); differs from kind only
                                when kind == PERR_EOF */
    char text[160];          /* when non-empty, the text CPython shows instead of
                                source line `line` (errors inside f-string
                                expressions show the expression); line == 0 means
                                the error has no location at all */
} ParseError;

/* Parses a whole module. Returns NULL and fills *err on failure. `src` must
 * stay alive while the tree is used (identifiers may point into the arena
 * only, never into src). */
Module *parse_module(Arena *arena, const char *src, size_t len, const char *filename, ParseError *err);

#endif
