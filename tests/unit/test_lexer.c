/* test_lexer.c: unit tests for interp/lexer.c (tokens, INDENT/DEDENT,
 * literal forms, positions, and CPython's tokenizer errors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lexer.h"

/* Lexes src and renders the token kinds, space separated, as
 * "NAME EQUAL NUMBER NEWLINE ENDMARKER"; on an error the last word is
 * "ERROR" and *err (if given) receives the error. */
static const char *kinds_n(const char *src, size_t len, LexErr *err) {
    static char out[4096];
    Arena *a = arena_new();
    LexSource s;
    lexer_prepare(a, src, len, "t.py", &s);
    Lexer lx;
    lexer_init(&lx, &s);
    out[0] = '\0';
    size_t n = 0;
    for (int i = 0; i < 500; i++) {
        Token t;
        bool ok = lexer_next(&lx, &t);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "", lexer_kind_name(t.kind));
        if (!ok) {
            if (err) *err = lx.err;
            break;
        }
        if (t.kind == TK_ENDMARKER) break;
    }
    arena_free(a);
    return out;
}

static const char *kinds(const char *src, LexErr *err) { return kinds_n(src, strlen(src), err); }

/* The texts of the tokens, separated by '|'. */
static const char *texts(const char *src) {
    static char out[4096];
    Arena *a = arena_new();
    LexSource s;
    lexer_prepare(a, src, strlen(src), "t.py", &s);
    Lexer lx;
    lexer_init(&lx, &s);
    size_t n = 0;
    out[0] = '\0';
    Token t;
    while (lexer_next(&lx, &t) && t.kind != TK_ENDMARKER) {
        if (t.kind == TK_NEWLINE || t.kind == TK_INDENT || t.kind == TK_DEDENT) continue;
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", n ? "|" : "", t.len, t.start);
    }
    arena_free(a);
    return out;
}

static LexErr lex_error(const char *src) {
    LexErr e;
    memset(&e, 0, sizeof e);
    const char *k = kinds(src, &e);
    assert_non_null(strstr(k, "ERROR"));
    return e;
}

static void test_simple(void **state) {
    (void)state;
    assert_string_equal(kinds("x = 1\n", NULL), "NAME EQUAL NUMBER NEWLINE ENDMARKER");
    assert_string_equal(kinds("x = 1", NULL), "NAME EQUAL NUMBER NEWLINE ENDMARKER");
    assert_string_equal(kinds("", NULL), "ENDMARKER");
    assert_string_equal(kinds("\n\n  \n# c\n", NULL), "ENDMARKER");
    assert_string_equal(kinds("a.b(c)[d]\n", NULL),
                        "NAME DOT NAME LPAR NAME RPAR LSQB NAME RSQB NEWLINE ENDMARKER");
    assert_string_equal(kinds("if not x: pass\n", NULL), "KW_IF KW_NOT NAME COLON KW_PASS NEWLINE ENDMARKER");
    assert_string_equal(kinds("async def f(): await g\n", NULL),
                        "KW_ASYNC KW_DEF NAME LPAR RPAR COLON KW_AWAIT NAME NEWLINE ENDMARKER");
}

static void test_operators(void **state) {
    (void)state;
    assert_string_equal(
        kinds("a **= b //= c >>= d <<= e\n", NULL),
        "NAME DSTAREQUAL NAME DSLASHEQUAL NAME RSHIFTEQUAL NAME LSHIFTEQUAL NAME NEWLINE ENDMARKER");
    assert_string_equal(kinds("-> := ... != == <= >= @ @= ~ ^ |\n", NULL),
                        "RARROW COLONEQUAL ELLIPSIS NOTEQUAL EQEQUAL LESSEQUAL GREATEREQUAL AT ATEQUAL TILDE "
                        "CIRCUMFLEX VBAR NEWLINE ENDMARKER");
    assert_string_equal(kinds("a <> b $ ? !\n", NULL), "NAME OP NAME OP OP OP NEWLINE ENDMARKER");
    assert_string_equal(kinds("x..y\n", NULL), "NAME DOT DOT NAME NEWLINE ENDMARKER");
}

static void test_indent_dedent(void **state) {
    (void)state;
    assert_string_equal(kinds("if x:\n  a\n  if y:\n    b\nc\n", NULL),
                        "KW_IF NAME COLON NEWLINE INDENT NAME NEWLINE KW_IF NAME COLON NEWLINE INDENT NAME "
                        "NEWLINE DEDENT DEDENT NAME NEWLINE ENDMARKER");
    /* dedents at the end of input, blank and comment lines ignored */
    assert_string_equal(
        kinds("def f():\n\n    # c\n    return 1\n\n", NULL),
        "KW_DEF NAME LPAR RPAR COLON NEWLINE INDENT KW_RETURN NUMBER NEWLINE DEDENT ENDMARKER");
    /* tabs: consistent use is fine */
    assert_string_equal(kinds("if x:\n\ty\n\tif z:\n\t\tw\n", NULL),
                        "KW_IF NAME COLON NEWLINE INDENT NAME NEWLINE KW_IF NAME COLON NEWLINE INDENT NAME "
                        "NEWLINE DEDENT DEDENT ENDMARKER");
    /* brackets join lines, no indentation inside */
    assert_string_equal(kinds("x = (1,\n      2)\ny\n", NULL),
                        "NAME EQUAL LPAR NUMBER COMMA NUMBER RPAR NEWLINE NAME NEWLINE ENDMARKER");
    /* backslash continuation */
    assert_string_equal(kinds("x = 1 + \\\n    2\n", NULL),
                        "NAME EQUAL NUMBER PLUS NUMBER NEWLINE ENDMARKER");
    /* CRLF and CR line ends */
    assert_string_equal(kinds("if x:\r\n  y\r\nz\r", NULL),
                        "KW_IF NAME COLON NEWLINE INDENT NAME NEWLINE DEDENT NAME NEWLINE ENDMARKER");
}

static void test_numbers(void **state) {
    (void)state;
    assert_string_equal(
        texts("0 00 0_0 123 1_000 0x_FF 0o17 0b1_01 1. .5 1.5e-3 1_0.0_1e1_0 1e5 2j 1.5J 0e1 007.5 09j\n"),
        "0|00|0_0|123|1_000|0x_FF|0o17|0b1_01|1.|.5|1.5e-3|1_0.0_1e1_0|1e5|2j|1.5J|0e1|007.5|09j");
    /* a number may run into the keywords CPython tolerates */
    assert_string_equal(texts("1if x else 2\n"), "1|if|x|else|2");
    assert_string_equal(texts("0x1for\n"), "0x1f|or");
    assert_string_equal(texts("1.2.3\n"), "1.2|.3");
}

static void test_strings(void **state) {
    (void)state;
    assert_string_equal(texts("'a' \"b\" r'c' b'd' rb'e' BR'f' f'g' Rf'h' u'i' '''j\nk''' \"\"\"l\"\"\"\n"),
                        "'a'|\"b\"|r'c'|b'd'|rb'e'|BR'f'|f'g'|Rf'h'|u'i'|'''j\nk'''|\"\"\"l\"\"\"");
    assert_string_equal(texts("'a\\'b' 'c\\\nd'\n"), "'a\\'b'|'c\\\nd'");
    assert_string_equal(texts("ub'x'\n"), "ub|'x'"); /* not a prefix: a name, then a string */

    Arena *a = arena_new();
    LexSource s;
    const char *src = "x = rb'''ab'''\n";
    lexer_prepare(a, src, strlen(src), "t.py", &s);
    Lexer lx;
    lexer_init(&lx, &s);
    Token t;
    lexer_next(&lx, &t);
    lexer_next(&lx, &t);
    assert_true(lexer_next(&lx, &t));
    assert_int_equal(t.kind, TK_STRING);
    assert_int_equal(t.sflags, STRF_RAW | STRF_BYTES);
    assert_int_equal(t.quote, 3);
    assert_int_equal(t.prefix, 2);
    assert_int_equal(t.col, 4);
    assert_int_equal(t.end_col, 14);
    arena_free(a);
}

static void test_positions(void **state) {
    (void)state;
    Arena *a = arena_new();
    LexSource s;
    const char *src = "if x:\n    yy = '''a\nb''' # c\n";
    lexer_prepare(a, src, strlen(src), "t.py", &s);
    Lexer lx;
    lexer_init(&lx, &s);
    Token t;
    int n = 0;
    while (lexer_next(&lx, &t) && t.kind != TK_ENDMARKER) {
        if (t.kind == TK_NAME && t.len == 2) {
            assert_int_equal(t.line, 2);
            assert_int_equal(t.col, 4);
            assert_int_equal(t.end_col, 6);
            n++;
        }
        if (t.kind == TK_STRING) {
            assert_int_equal(t.line, 2);
            assert_int_equal(t.col, 9);
            assert_int_equal(t.end_line, 3);
            assert_int_equal(t.end_col, 4);
            n++;
        }
        if (t.kind == TK_NEWLINE && t.line == 3) {
            /* a comment belongs to the NEWLINE token, which excludes "\n" */
            assert_int_equal(t.col, 5);
            assert_int_equal(t.end_col, 8);
            n++;
        }
        if (t.kind == TK_INDENT) {
            assert_int_equal(t.col, -1);
            assert_int_equal(t.ucol, 4);
            n++;
        }
    }
    assert_int_equal(n, 4);
    arena_free(a);
}

static void test_identifiers(void **state) {
    (void)state;
    assert_string_equal(kinds("\xc3\xa9t\xc3\xa9 = \xce\xb1\xce\xb2\n", NULL),
                        "NAME EQUAL NAME NEWLINE ENDMARKER");
    assert_string_equal(kinds("\xef\xbb\xbfx\n", NULL), "NAME NEWLINE ENDMARKER"); /* BOM skipped */
    LexErr e = lex_error("x = 5 \xe2\x82\xac 3\n");
    assert_string_equal(e.msg, "invalid character '\xe2\x82\xac' (U+20AC)");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 9); /* bytes; the parser reports characters (7) */
    e = lex_error("x = a\xc2\xa0" "b\n");
    assert_string_equal(e.msg, "invalid non-printable character U+00A0");
    e = lex_error("x = \x01\n");
    assert_string_equal(e.msg, "invalid non-printable character U+0001");
    assert_int_equal(e.col, 5);
}

static void check_err(const char *src, const char *msg, int line, int col) {
    LexErr e = lex_error(src);
    assert_string_equal(e.msg, msg);
    assert_int_equal(e.line, line);
    assert_int_equal(e.col, col);
}

static void test_number_errors(void **state) {
    (void)state;
    check_err("x = 1abc\n", "invalid decimal literal", 1, 5);
    check_err("x = 1_\n", "invalid decimal literal", 1, 6);
    check_err("x = 1__0\n", "invalid decimal literal", 1, 6);
    check_err("x = 1e\n", "invalid decimal literal", 1, 5);
    check_err("x = 0x\n", "invalid hexadecimal literal", 1, 6);
    check_err("x = 0xfg\n", "invalid hexadecimal literal", 1, 7);
    check_err("x = 0o9\n", "invalid digit '9' in octal literal", 1, 7);
    check_err("x = 0b102\n", "invalid digit '2' in binary literal", 1, 9);
    check_err("x = 0b\n", "invalid binary literal", 1, 6);
    check_err("x = 1jx\n", "invalid imaginary literal", 1, 6);
    check_err(
        "x = 0123\n",
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1,
        5);
    LexErr e = lex_error("x = 0_7\n");
    assert_int_equal(e.end_col, 7);
}

static void test_string_errors(void **state) {
    (void)state;
    check_err("name = \"Ada\nprint(name)\n", "unterminated string literal (detected at line 1)", 1, 8);
    check_err("x = 'a\\\nb\n", "unterminated string literal (detected at line 2)", 1, 5);
    LexErr e = lex_error("doc = \"\"\"this\nnever\nends\n");
    assert_string_equal(e.msg, "unterminated triple-quoted string literal (detected at line 3)");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 7);
    assert_true(e.eof);
}

static void test_bracket_errors(void **state) {
    (void)state;
    check_err("x = 1)\n", "unmatched ')'", 1, 6);
    check_err("data = [1, 2, 3)\n", "closing parenthesis ')' does not match opening parenthesis '['", 1, 16);
    check_err("x = [1,\n)\n", "closing parenthesis ')' does not match opening parenthesis '[' on line 1", 2,
              1);
    LexErr e = lex_error("x = (1,\n 2,\n");
    assert_string_equal(e.msg, "'(' was never closed");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 5);
    assert_true(e.eof);
    char deep[1024];
    strcpy(deep, "x = ");
    for (int i = 0; i < 300; i++) strcat(deep, "(");
    check_err(deep, "too many nested parentheses", 1, 205);
}

static void test_indent_errors(void **state) {
    (void)state;
    LexErr e = lex_error("if True:\n        a = 1\n    b = 2\n");
    assert_string_equal(e.msg, "unindent does not match any outer indentation level");
    assert_int_equal(e.kind, PERR_INDENT);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 10);
    e = lex_error("if True:\n\tx = 1\n        y = 2\n");
    assert_string_equal(e.msg, "inconsistent use of tabs and spaces in indentation");
    assert_int_equal(e.kind, PERR_TAB);
    assert_int_equal(e.line, 3);
    char deep[20000];
    size_t n = 0;
    for (int i = 0; i < 120; i++) {
        for (int j = 0; j < i; j++) deep[n++] = ' ';
        memcpy(deep + n, "if x:\n", 6);
        n += 6;
    }
    deep[n] = '\0';
    e = lex_error(deep);
    assert_string_equal(e.msg, "too many levels of indentation");
    assert_int_equal(e.kind, PERR_INDENT);
    assert_int_equal(e.line, 101);
}

static void test_other_errors(void **state) {
    (void)state;
    check_err("x = 1 \\ y\n", "unexpected character after line continuation character", 1, 8);
    LexErr e = lex_error("x = 1 + \\");
    assert_string_equal(e.msg, "unexpected EOF while parsing");
    assert_true(e.eof);
    memset(&e, 0, sizeof e);
    assert_non_null(strstr(kinds_n("x = 1\ny = \0\n", 11, &e), "ERROR"));
    assert_string_equal(e.msg, "source code cannot contain null bytes");
    assert_int_equal(e.line, 2);
    e = lex_error("x = 1\n\xff = 2\n");
    assert_string_equal(e.msg, "Non-UTF-8 code starting with '\\xff' in file t.py on line 2, but no encoding "
                               "declared; see https://peps.python.org/pep-0263/ for details");
    assert_int_equal(e.line, 0);
    /* an error on an earlier line comes first */
    e = lex_error("x = 'a\n\xff\n");
    assert_string_equal(e.msg, "unterminated string literal (detected at line 1)");
    e = lex_error("x = \xed\xa0\x80\n"); /* an encoded surrogate is not UTF-8 */
    assert_non_null(strstr(e.msg, "Non-UTF-8 code starting with '\\xed'"));
}

static void test_garbage_terminates(void **state) {
    (void)state;
    /* every byte value, in a few arrangements: the lexer must stop */
    char buf[600];
    for (int round = 0; round < 4; round++) {
        size_t n = 0;
        for (int i = 0; i < 256; i++) {
            buf[n++] = (char)((i * (round * 2 + 1) + round) & 0xFF);
            if (i % 7 == round) buf[n++] = '\n';
        }
        Arena *a = arena_new();
        LexSource s;
        lexer_prepare(a, buf, n, "t.py", &s);
        Lexer lx;
        lexer_init(&lx, &s);
        Token t;
        int count = 0;
        while (lexer_next(&lx, &t) && t.kind != TK_ENDMARKER) assert_true(++count < 10000);
        arena_free(a);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_indent_dedent), cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),       cmocka_unit_test(test_positions),
        cmocka_unit_test(test_identifiers),   cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_string_errors), cmocka_unit_test(test_bracket_errors),
        cmocka_unit_test(test_indent_errors), cmocka_unit_test(test_other_errors),
        cmocka_unit_test(test_garbage_terminates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
