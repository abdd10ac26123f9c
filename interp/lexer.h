/* lexer.h: Coil's tokenizer, the first stage of the front end.
 *
 * The lexer turns UTF-8 source into Python 3.11 tokens one at a time, with
 * INDENT/DEDENT, implicit line joining inside brackets, backslash
 * continuation, and string/number literals left undecoded (the parser
 * decodes them). It reproduces CPython 3.11's tokenizer errors: same
 * messages, same positions, same "first error wins" order.
 *
 * Positions: `line` is 1-based, `col` a 0-based byte offset in that line, as
 * in the AST. INDENT, DEDENT and ENDMARKER have no position of their own in
 * CPython (col == -1); `ucol` then holds the column CPython falls back to
 * when reporting an error at them (how far the tokenizer had read).
 *
 * Source handling (lexer_prepare): a UTF-8 BOM is dropped, "\r\n" and "\r"
 * become "\n", a missing final newline is added, and the first line with
 * invalid UTF-8 or a NUL byte is cut off: when the lexer reaches that line
 * it reports the decoding error, as CPython does when it reads the line.
 */
#ifndef COIL_LEXER_H
#define COIL_LEXER_H

#include "ast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LEX_MAX_INDENT 100 /* CPython's MAXINDENT: "too many levels of indentation" */
#define LEX_MAX_LEVEL 200  /* CPython's MAXLEVEL: "too many nested parentheses" */

#define TOKEN_KINDS(X) \
    X(ENDMARKER) X(NAME) X(NUMBER) X(STRING) X(NEWLINE) X(INDENT) X(DEDENT) \
    X(LPAR) X(RPAR) X(LSQB) X(RSQB) X(LBRACE) X(RBRACE) \
    X(COLON) X(COMMA) X(SEMI) X(DOT) X(ELLIPSIS) X(RARROW) X(EQUAL) X(COLONEQUAL) \
    X(PLUS) X(MINUS) X(STAR) X(SLASH) X(DSLASH) X(PERCENT) X(DSTAR) X(AT) \
    X(LSHIFT) X(RSHIFT) X(AMPER) X(VBAR) X(CIRCUMFLEX) X(TILDE) \
    X(EQEQUAL) X(NOTEQUAL) X(LESS) X(GREATER) X(LESSEQUAL) X(GREATEREQUAL) \
    X(PLUSEQUAL) X(MINEQUAL) X(STAREQUAL) X(SLASHEQUAL) X(DSLASHEQUAL) \
    X(PERCENTEQUAL) X(DSTAREQUAL) X(ATEQUAL) X(LSHIFTEQUAL) X(RSHIFTEQUAL) \
    X(AMPEREQUAL) X(VBAREQUAL) X(CIRCUMFLEXEQUAL) \
    X(OP) /* any other punctuation ('$', '?', '!', '`', '<>'): never valid */ \
    X(KW_FALSE) X(KW_NONE) X(KW_TRUE) X(KW_AND) X(KW_AS) X(KW_ASSERT) \
    X(KW_ASYNC) X(KW_AWAIT) X(KW_BREAK) X(KW_CLASS) X(KW_CONTINUE) X(KW_DEF) \
    X(KW_DEL) X(KW_ELIF) X(KW_ELSE) X(KW_EXCEPT) X(KW_FINALLY) X(KW_FOR) \
    X(KW_FROM) X(KW_GLOBAL) X(KW_IF) X(KW_IMPORT) X(KW_IN) X(KW_IS) \
    X(KW_LAMBDA) X(KW_NONLOCAL) X(KW_NOT) X(KW_OR) X(KW_PASS) X(KW_RAISE) \
    X(KW_RETURN) X(KW_TRY) X(KW_WHILE) X(KW_WITH) X(KW_YIELD) \
    X(ERROR) /* the lexer failed here; Lexer.err says why */

typedef enum {
#define TK_ENUM(n) TK_##n,
    TOKEN_KINDS(TK_ENUM)
#undef TK_ENUM
    TK__COUNT
} TokKind;

/* STRING token prefix flags (Token.sflags) */
#define STRF_RAW 1
#define STRF_BYTES 2
#define STRF_F 4
#define STRF_U 8

typedef struct {
    uint8_t kind;   /* TokKind */
    uint8_t level;  /* bracket depth after this token, as CPython's token->level */
    uint8_t sflags; /* STRING: STRF_* */
    uint8_t quote;  /* STRING: 1 or 3 (quote length) */
    uint8_t prefix; /* STRING: number of prefix letters */
    bool at_eof;    /* DEDENT/ENDMARKER produced at the end of input */
    int line, col;  /* start; col == -1 for INDENT/DEDENT/ENDMARKER/ERROR */
    int end_line, end_col;
    int ucol;       /* see above */
    const char *start; /* raw text in the prepared source */
    int len;
} Token;

/* How a lexer error ranks against a parser error found earlier in the file
 * (CPython tokenizes the rest of the file after a parser error). */
typedef enum {
    LEXE_RAISE, /* wins over an earlier parser error (strings, numbers, characters) */
    LEXE_QUIET, /* loses to it (indentation, continuation, end of input) */
} LexErrClass;

/* Internal error record; positions are byte offsets CPython-style (1-based
 * `col`, converted to characters by the parser when it reports them). */
typedef struct {
    ParseErrorKind kind;
    bool eof;         /* caused by the end of input (the REPL asks for more) */
    bool chars;       /* the tokenizer counted characters: convert byte columns */
    bool generic;     /* parser: plain "invalid syntax"/"unexpected indent" (no hint) */
    bool first_pass;  /* parser: raised by CPython's first pass (no second pass runs) */
    int line, col, end_line, end_col;
    char msg[256];
} LexErr;

typedef struct Lexer {
    const char *src; /* prepared source, NUL-terminated */
    size_t len;      /* lexable bytes: up to a truncation point, or an f-string end */
    size_t pos;
    int line;
    size_t line_start;
    /* indentation */
    int indstack[LEX_MAX_INDENT + 1];
    int altstack[LEX_MAX_INDENT + 1];
    int indent;
    int pendin;
    bool atbol;
    bool cont_line;
    /* brackets */
    int level;
    char parenstack[LEX_MAX_LEVEL];
    int parenline[LEX_MAX_LEVEL];
    int parencol[LEX_MAX_LEVEL];
    /* f-string expression mode: no NEWLINE/INDENT, stop at len */
    bool fexpr;
    /* state */
    bool done;       /* ENDMARKER or an error was returned */
    bool failed;
    LexErrClass errclass;
    int err_level;   /* bracket depth when the error happened */
    LexErr err;
    /* the decoding error (bad UTF-8, NUL byte) at offset len, if any */
    bool trunc;
    LexErr trunc_err;
} Lexer;

/* A prepared source buffer (see the header comment). */
typedef struct {
    const char *text; /* arena copy, NUL-terminated */
    size_t len;       /* full length */
    size_t lex_len;   /* length before the first undecodable line */
    bool trunc;
    LexErr trunc_err;
} LexSource;

/* Normalizes `src` into the arena and locates the first line CPython would
 * refuse to decode. `filename` appears in the Non-UTF-8 message. */
void lexer_prepare(Arena *a, const char *src, size_t len, const char *filename, LexSource *out);

/* Starts tokenizing a prepared source from its beginning. */
void lexer_init(Lexer *lx, const LexSource *s);

/* Starts tokenizing src[start, end) as the expression part of an f-string:
 * newlines are plain whitespace, the end of the range is ENDMARKER. `line`
 * and `line_start` locate `start` in the enclosing source. */
void lexer_init_fexpr(Lexer *lx, const char *src, size_t start, size_t end, int line, size_t line_start);

/* Produces the next token. Returns false on a lexing error: *t is then a
 * TK_ERROR token and lx->err describes the error; every later call fails
 * the same way. */
bool lexer_next(Lexer *lx, Token *t);

/* Token kind name for diagnostics and tests ("NAME", "LPAR", "KW_IF"...). */
const char *lexer_kind_name(int kind);

/* Decodes one code point of valid UTF-8 at s (at most n bytes); sets *len. */
uint32_t lexer_utf8_decode(const char *s, size_t n, int *len);

/* Unicode classification used for identifiers (an approximation of
 * XID_Start / XID_Continue / isprintable for code points >= 128). */
bool lexer_is_id_start(uint32_t cp);
bool lexer_is_id_continue(uint32_t cp);
bool lexer_is_printable(uint32_t cp);

#endif
