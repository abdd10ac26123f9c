/* test_parser.c: unit tests for the parser (interp/parser*.c): tree shapes
 * of representative programs, node positions, CPython's error messages and
 * positions, the end-of-input error kind the prompt relies on, and
 * robustness on hostile input.
 *
 * Trees are printed in a compact prefix form: a Load name is `x`, a Store
 * name `x:S`; `(+ a b)`, `(call f a k=v)`, `(. a attr)`, `([] a i)` ... */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast.h"
#include "opcodes.h"

/* ---- printer ---------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
} Out;

static void put(Out *o, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        o->cap = o->cap * 2 + (size_t)n + 64;
        o->buf = realloc(o->buf, o->cap);
    }
}

static void ex(Out *o, const Expr *e);
static void st(Out *o, const Stmt *s);

static const char *ctx(ExprCtx c) { return c == CTX_STORE ? ":S" : c == CTX_DEL ? ":D" : ""; }

static void exs(Out *o, ExprList l) {
    for (int i = 0; i < l.len; i++) {
        put(o, " ");
        if (l.items[i]) ex(o, l.items[i]);
        else put(o, "_");
    }
}

static void body(Out *o, StmtList l) {
    put(o, " [");
    for (int i = 0; i < l.len; i++) {
        if (i) put(o, " ");
        st(o, l.items[i]);
    }
    put(o, "]");
}

static void arg(Out *o, const Arg *a) {
    put(o, "%s", a->name);
    if (a->annotation) {
        put(o, ":");
        ex(o, a->annotation);
    }
}

/* parameters as Python spells them: "a, /, b=1, *c, d, e=2, **f" */
static void args(Out *o, const Arguments *a) {
    int npos = a->nposonly + a->nargs, first_default = npos - a->ndefaults;
    bool sep = false;
    put(o, "(");
    for (int i = 0; i < npos; i++) {
        const Arg *x = i < a->nposonly ? &a->posonly[i] : &a->args[i - a->nposonly];
        put(o, "%s", sep ? ", " : "");
        sep = true;
        arg(o, x);
        if (i >= first_default) {
            put(o, "=");
            ex(o, a->defaults[i - first_default]);
        }
        if (i == a->nposonly - 1) put(o, ", /");
    }
    if (a->vararg || a->nkwonly) {
        put(o, "%s*", sep ? ", " : "");
        sep = true;
        if (a->vararg) arg(o, a->vararg);
    }
    for (int i = 0; i < a->nkwonly; i++) {
        put(o, ", ");
        arg(o, &a->kwonly[i]);
        if (a->kw_defaults[i]) {
            put(o, "=");
            ex(o, a->kw_defaults[i]);
        }
    }
    if (a->kwarg) {
        put(o, "%s**", sep ? ", " : "");
        arg(o, a->kwarg);
    }
    put(o, ")");
}

static void gens(Out *o, const Comprehension *g, int n) {
    for (int i = 0; i < n; i++) {
        put(o, " (%sfor ", g[i].is_async ? "async " : "");
        ex(o, g[i].target);
        put(o, " in ");
        ex(o, g[i].iter);
        for (int j = 0; j < g[i].ifs.len; j++) {
            put(o, " if ");
            ex(o, g[i].ifs.items[j]);
        }
        put(o, ")");
    }
}

static const char *binop_name(int op) {
    static const char *n[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
    return op >= 0 && op < BINOP__COUNT ? n[op] : "?";
}

static void str_lit(Out *o, const char *b, size_t n) {
    put(o, "'");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c >= 32 && c < 127 && c != '\\' && c != '\'') put(o, "%c", c);
        else put(o, "\\x%02x", c);
    }
    put(o, "'");
}

static void ex(Out *o, const Expr *e) {
    switch (e->kind) {
    case E_NAME: put(o, "%s%s", e->u.name.id, ctx(e->u.name.ctx)); break;
    case E_CONST:
        switch (e->u.constant.kind) {
        case C_NONE: put(o, "None"); break;
        case C_TRUE: put(o, "True"); break;
        case C_FALSE: put(o, "False"); break;
        case C_ELLIPSIS: put(o, "..."); break;
        case C_INT:
            if (e->u.constant.int_base == 10) put(o, "%s", e->u.constant.text);
            else put(o, "%s#%d", e->u.constant.text, e->u.constant.int_base);
            break;
        case C_FLOAT: put(o, "%gf", e->u.constant.f); break;
        case C_IMAG: put(o, "%gj", e->u.constant.f); break;
        case C_STR: str_lit(o, e->u.constant.bytes, e->u.constant.len); break;
        case C_BYTES:
            put(o, "b");
            str_lit(o, e->u.constant.bytes, e->u.constant.len);
            break;
        }
        break;
    case E_BOOLOP:
        put(o, "(%s", e->u.boolop.op == BOOL_AND ? "and" : "or");
        exs(o, e->u.boolop.values);
        put(o, ")");
        break;
    case E_NAMEDEXPR:
        put(o, "(:= ");
        ex(o, e->u.namedexpr.target);
        put(o, " ");
        ex(o, e->u.namedexpr.value);
        put(o, ")");
        break;
    case E_BINOP:
        put(o, "(%s ", binop_name(e->u.binop.op));
        ex(o, e->u.binop.left);
        put(o, " ");
        ex(o, e->u.binop.right);
        put(o, ")");
        break;
    case E_UNARYOP: {
        static const char *n[] = {"not", "neg", "pos", "inv"};
        put(o, "(%s ", n[e->u.unaryop.op]);
        ex(o, e->u.unaryop.operand);
        put(o, ")");
        break;
    }
    case E_LAMBDA:
        put(o, "(lambda ");
        args(o, e->u.lambda.args);
        put(o, " ");
        ex(o, e->u.lambda.body);
        put(o, ")");
        break;
    case E_IFEXP:
        put(o, "(if ");
        ex(o, e->u.ifexp.test);
        put(o, " ");
        ex(o, e->u.ifexp.body);
        put(o, " ");
        ex(o, e->u.ifexp.orelse);
        put(o, ")");
        break;
    case E_DICT:
        put(o, "{dict");
        for (int i = 0; i < e->u.dict.keys.len; i++) {
            put(o, " ");
            if (e->u.dict.keys.items[i]) {
                ex(o, e->u.dict.keys.items[i]);
                put(o, ":");
            } else {
                put(o, "**");
            }
            ex(o, e->u.dict.values.items[i]);
        }
        put(o, "}");
        break;
    case E_SET:
        put(o, "{set");
        exs(o, e->u.set.elts);
        put(o, "}");
        break;
    case E_LISTCOMP:
    case E_SETCOMP:
    case E_GENEXP:
    case E_DICTCOMP:
        put(o, "(%s ", e->kind == E_LISTCOMP ? "listcomp" : e->kind == E_SETCOMP ? "setcomp"
                                                           : e->kind == E_GENEXP ? "genexp" : "dictcomp");
        ex(o, e->u.comp.elt);
        if (e->kind == E_DICTCOMP) {
            put(o, ":");
            ex(o, e->u.comp.value);
        }
        gens(o, e->u.comp.generators, e->u.comp.ngenerators);
        put(o, ")");
        break;
    case E_AWAIT:
        put(o, "(await ");
        ex(o, e->u.await_.value);
        put(o, ")");
        break;
    case E_YIELD:
        put(o, "(yield");
        if (e->u.yield.value) {
            put(o, " ");
            ex(o, e->u.yield.value);
        }
        put(o, ")");
        break;
    case E_YIELDFROM:
        put(o, "(yield-from ");
        ex(o, e->u.yield.value);
        put(o, ")");
        break;
    case E_COMPARE: {
        static const char *n[] = {"==", "!=", "<", "<=", ">", ">=", "is", "is-not", "in", "not-in"};
        put(o, "(cmp ");
        ex(o, e->u.compare.left);
        for (int i = 0; i < e->u.compare.comparators.len; i++) {
            put(o, " %s ", n[e->u.compare.ops[i]]);
            ex(o, e->u.compare.comparators.items[i]);
        }
        put(o, ")");
        break;
    }
    case E_CALL:
        put(o, "(call ");
        ex(o, e->u.call.func);
        exs(o, e->u.call.args);
        for (int i = 0; i < e->u.call.nkeywords; i++) {
            const Keyword *k = &e->u.call.keywords[i];
            if (k->arg) put(o, " %s=", k->arg);
            else put(o, " **");
            ex(o, k->value);
        }
        put(o, ")");
        break;
    case E_FORMATTED:
        put(o, "(fv ");
        ex(o, e->u.formatted.value);
        if (e->u.formatted.conversion >= 0) put(o, " !%c", e->u.formatted.conversion);
        if (e->u.formatted.format_spec) {
            put(o, " ");
            ex(o, e->u.formatted.format_spec);
        }
        put(o, ")");
        break;
    case E_JOINEDSTR:
        put(o, "(f");
        exs(o, e->u.joinedstr.values);
        put(o, ")");
        break;
    case E_ATTRIBUTE:
        put(o, "(.%s ", ctx(e->u.attribute.ctx));
        ex(o, e->u.attribute.value);
        put(o, " %s)", e->u.attribute.attr);
        break;
    case E_SUBSCRIPT:
        put(o, "([]%s ", ctx(e->u.subscript.ctx));
        ex(o, e->u.subscript.value);
        put(o, " ");
        ex(o, e->u.subscript.slice);
        put(o, ")");
        break;
    case E_STARRED:
        put(o, "(*%s ", ctx(e->u.starred.ctx));
        ex(o, e->u.starred.value);
        put(o, ")");
        break;
    case E_LIST:
    case E_TUPLE:
        put(o, "%s%s", e->kind == E_LIST ? "[list" : "(tuple", ctx(e->u.seq.ctx));
        exs(o, e->u.seq.elts);
        put(o, "%s", e->kind == E_LIST ? "]" : ")");
        break;
    case E_SLICE: {
        const Expr *p[3] = {e->u.slice.lower, e->u.slice.upper, e->u.slice.step};
        put(o, "(slice");
        for (int i = 0; i < 3; i++) {
            put(o, " ");
            if (p[i]) ex(o, p[i]);
            else put(o, "_");
        }
        put(o, ")");
        break;
    }
    }
}

static void st(Out *o, const Stmt *s) {
    switch (s->kind) {
    case S_FUNCTIONDEF:
        for (int i = 0; i < s->u.funcdef.decorators.len; i++) {
            put(o, "@");
            ex(o, s->u.funcdef.decorators.items[i]);
            put(o, " ");
        }
        put(o, "(%sdef %s", s->u.funcdef.is_async ? "async " : "", s->u.funcdef.name);
        args(o, s->u.funcdef.args);
        if (s->u.funcdef.returns) {
            put(o, " -> ");
            ex(o, s->u.funcdef.returns);
        }
        body(o, s->u.funcdef.body);
        put(o, ")");
        break;
    case S_CLASSDEF:
        for (int i = 0; i < s->u.classdef.decorators.len; i++) {
            put(o, "@");
            ex(o, s->u.classdef.decorators.items[i]);
            put(o, " ");
        }
        put(o, "(class %s", s->u.classdef.name);
        exs(o, s->u.classdef.bases);
        for (int i = 0; i < s->u.classdef.nkeywords; i++) {
            const Keyword *k = &s->u.classdef.keywords[i];
            if (k->arg) put(o, " %s=", k->arg);
            else put(o, " **");
            ex(o, k->value);
        }
        body(o, s->u.classdef.body);
        put(o, ")");
        break;
    case S_RETURN:
        put(o, "(return");
        if (s->u.ret.value) {
            put(o, " ");
            ex(o, s->u.ret.value);
        }
        put(o, ")");
        break;
    case S_DELETE:
        put(o, "(del");
        exs(o, s->u.del.targets);
        put(o, ")");
        break;
    case S_ASSIGN:
        put(o, "(=");
        exs(o, s->u.assign.targets);
        put(o, " ");
        ex(o, s->u.assign.value);
        put(o, ")");
        break;
    case S_AUGASSIGN:
        put(o, "(%s= ", binop_name(s->u.augassign.op));
        ex(o, s->u.augassign.target);
        put(o, " ");
        ex(o, s->u.augassign.value);
        put(o, ")");
        break;
    case S_ANNASSIGN:
        put(o, "(ann%s ", s->u.annassign.simple ? "" : "-complex");
        ex(o, s->u.annassign.target);
        put(o, " ");
        ex(o, s->u.annassign.annotation);
        if (s->u.annassign.value) {
            put(o, " ");
            ex(o, s->u.annassign.value);
        }
        put(o, ")");
        break;
    case S_FOR:
        put(o, "(%sfor ", s->u.for_.is_async ? "async " : "");
        ex(o, s->u.for_.target);
        put(o, " ");
        ex(o, s->u.for_.iter);
        body(o, s->u.for_.body);
        if (s->u.for_.orelse.len) body(o, s->u.for_.orelse);
        put(o, ")");
        break;
    case S_WHILE:
        put(o, "(while ");
        ex(o, s->u.while_.test);
        body(o, s->u.while_.body);
        if (s->u.while_.orelse.len) body(o, s->u.while_.orelse);
        put(o, ")");
        break;
    case S_IF:
        put(o, "(if ");
        ex(o, s->u.if_.test);
        body(o, s->u.if_.body);
        if (s->u.if_.orelse.len) body(o, s->u.if_.orelse);
        put(o, ")");
        break;
    case S_WITH:
        put(o, "(%swith", s->u.with.is_async ? "async " : "");
        for (int i = 0; i < s->u.with.nitems; i++) {
            put(o, " ");
            ex(o, s->u.with.items[i].context_expr);
            if (s->u.with.items[i].optional_vars) {
                put(o, " as ");
                ex(o, s->u.with.items[i].optional_vars);
            }
        }
        body(o, s->u.with.body);
        put(o, ")");
        break;
    case S_RAISE:
        put(o, "(raise");
        if (s->u.raise.exc) {
            put(o, " ");
            ex(o, s->u.raise.exc);
        }
        if (s->u.raise.cause) {
            put(o, " from ");
            ex(o, s->u.raise.cause);
        }
        put(o, ")");
        break;
    case S_TRY:
        put(o, "(try%s", s->u.try_.is_star ? "*" : "");
        body(o, s->u.try_.body);
        for (int i = 0; i < s->u.try_.nhandlers; i++) {
            const ExceptHandler *h = &s->u.try_.handlers[i];
            put(o, " (except");
            if (h->type) {
                put(o, " ");
                ex(o, h->type);
            }
            if (h->name) put(o, " as %s", h->name);
            body(o, h->body);
            put(o, ")");
        }
        if (s->u.try_.orelse.len) {
            put(o, " else");
            body(o, s->u.try_.orelse);
        }
        if (s->u.try_.finalbody.len) {
            put(o, " finally");
            body(o, s->u.try_.finalbody);
        }
        put(o, ")");
        break;
    case S_ASSERT:
        put(o, "(assert ");
        ex(o, s->u.assert_.test);
        if (s->u.assert_.msg) {
            put(o, " ");
            ex(o, s->u.assert_.msg);
        }
        put(o, ")");
        break;
    case S_IMPORT:
        put(o, "(import");
        for (int i = 0; i < s->u.import.nnames; i++)
            put(o, " %s%s%s", s->u.import.names[i].name, s->u.import.names[i].asname ? " as " : "",
                s->u.import.names[i].asname ? s->u.import.names[i].asname : "");
        put(o, ")");
        break;
    case S_IMPORTFROM:
        put(o, "(from %d %s", s->u.importfrom.level, s->u.importfrom.module ? s->u.importfrom.module : "_");
        for (int i = 0; i < s->u.importfrom.nnames; i++)
            put(o, " %s%s%s", s->u.importfrom.names[i].name, s->u.importfrom.names[i].asname ? " as " : "",
                s->u.importfrom.names[i].asname ? s->u.importfrom.names[i].asname : "");
        put(o, ")");
        break;
    case S_GLOBAL:
    case S_NONLOCAL:
        put(o, "(%s", s->kind == S_GLOBAL ? "global" : "nonlocal");
        for (int i = 0; i < s->u.global.nnames; i++) put(o, " %s", s->u.global.names[i]);
        put(o, ")");
        break;
    case S_EXPR: ex(o, s->u.expr.value); break;
    case S_PASS: put(o, "pass"); break;
    case S_BREAK: put(o, "break"); break;
    case S_CONTINUE: put(o, "continue"); break;
    }
}

/* ---- helpers ---------------------------------------------------------- */

static char *text;   /* last printed tree */
static ParseError perr;

/* Parses src; returns the printed module ("stmt; stmt") or NULL with perr. */
static const char *tree(const char *src) {
    Arena *a = arena_new();
    free(text);
    text = NULL;
    Module *m = parse_module(a, src, strlen(src), "t.py", &perr);
    if (m) {
        Out o = {malloc(256), 0, 256};
        o.buf[0] = '\0';
        for (int i = 0; i < m->body.len; i++) {
            if (i) put(&o, "; ");
            st(&o, m->body.items[i]);
        }
        text = o.buf;
    }
    arena_free(a);
    return text;
}

#define SHAPE(src, expect)                                      \
    do {                                                        \
        const char *got_ = tree(src);                           \
        if (!got_) fail_msg("%s: %s", src, perr.msg);           \
        assert_string_equal(got_, expect);                      \
    } while (0)

static void error_at(const char *src, ParseErrorKind kind, const char *msg, int line, int col) {
    const char *got = tree(src);
    if (got) fail_msg("parsed: %s", src);
    ParseErrorKind k = perr.kind == PERR_EOF ? perr.eof_kind : perr.kind;
    if (strcmp(perr.msg, msg) != 0) fail_msg("%s: got \"%s\"", src, perr.msg);
    assert_int_equal(k, kind);
    assert_int_equal(perr.line, line);
    assert_int_equal(perr.col, col);
}

#define SYNTAX(src, msg, line, col) error_at(src, PERR_SYNTAX, msg, line, col)

/* ---- tree shapes ------------------------------------------------------ */

static void test_simple_statements(void **state) {
    (void)state;
    SHAPE("x = 1\n", "(= x:S 1)");
    SHAPE("a = b = c\n", "(= a:S b:S c)");
    SHAPE("a, *b = c\n", "(= (tuple:S a:S (*:S b:S)) c)");
    SHAPE("[a, (b, c)] = d\n", "(= [list:S a:S (tuple:S b:S c:S)] d)");
    SHAPE("a.b[0] += 1\n", "(+= ([]:S (. a b) 0) 1)");
    SHAPE("x: int = 5\n", "(ann x:S int 5)");
    SHAPE("(x): int\n", "(ann-complex x:S int)");
    SHAPE("del a, b[0], c.d\n", "(del a:D ([]:D b 0) (.:D c d))");
    SHAPE("pass; break; continue\n", "pass; break; continue");
    SHAPE("return\n", "(return)");
    SHAPE("return 1, *a\n", "(return (tuple 1 (* a)))");
    SHAPE("raise E from c\n", "(raise E from c)");
    SHAPE("assert x, 'm'\n", "(assert x 'm')");
    SHAPE("global a, b\n", "(global a b)");
    SHAPE("import a.b as c, d\n", "(import a.b as c d)");
    SHAPE("from ...a.b import (c as d, e,)\n", "(from 3 a.b c as d e)");
    SHAPE("from . import *\n", "(from 1 _ *)");
    SHAPE("x = yield\n", "(= x:S (yield))");
    SHAPE("y = yield from g()\n", "(= y:S (yield-from (call g)))");
}

static void test_expressions(void **state) {
    (void)state;
    SHAPE("a + b * c ** -d\n", "(+ a (* b (** c (neg d))))");
    SHAPE("-a ** b\n", "(neg (** a b))");
    SHAPE("not a and b or c\n", "(or (and (not a) b) c)");
    SHAPE("a < b <= c is not d not in e\n", "(cmp a < b <= c is-not d not-in e)");
    SHAPE("a | b ^ c & d << e >> f\n", "(| a (^ b (& c (>> (<< d e) f))))");
    SHAPE("a @ b // c % d\n", "(% (// (@ a b) c) d)");
    SHAPE("a if b else c if d else e\n", "(if b a (if d c e))");
    SHAPE("lambda: 0\n", "(lambda () 0)");
    SHAPE("lambda a, /, b=1, *c, d, e=2, **f: 0\n", "(lambda (a, /, b=1, *c, d, e=2, **f) 0)");
    SHAPE("(n := 10)\n", "(:= n:S 10)");
    SHAPE("f(a, *b, k=1, **d)\n", "(call f a (* b) k=1 **d)");
    SHAPE("f(x for x in y)\n", "(call f (genexp x (for x:S in y)))");
    SHAPE("a[1:2, ::3, *b]\n", "([] a (tuple (slice 1 2 _) (slice _ _ 3) (* b)))");
    SHAPE("a[:]\n", "([] a (slice _ _ _))");
    SHAPE("a.b.c(d)[e]\n", "([] (call (. (. a b) c) d) e)");
    SHAPE("[1, *a]; (1,); (); {1, 2}; {}; {'a': 1, **b}\n",
          "[list 1 (* a)]; (tuple 1); (tuple); {set 1 2}; {dict}; {dict 'a':1 **b}");
    SHAPE("[x*y for x in a if x for y in b]\n", "(listcomp (* x y) (for x:S in a if x) (for y:S in b))");
    SHAPE("{k: v for k, v in d}\n", "(dictcomp k:v (for (tuple:S k:S v:S) in d))");
    SHAPE("{x async for x in a}\n", "(setcomp x (async for x:S in a))");
    SHAPE("await x ** 2\n", "(** (await x) 2)");
    SHAPE("x = ...\n", "(= x:S ...)");
    SHAPE("print(*a, sep='')\n", "(call print (* a) sep='')");
}

static void test_literals(void **state) {
    (void)state;
    SHAPE("0x_FF; 0o17; 0b101; 1_000; 007.5; 1e3; 2j; 00\n", "FF#16; 17#8; 101#2; 1000; 7.5f; 1000f; 2j; 0");
    SHAPE("'a' \"b\" '''c'''\n", "'abc'");
    SHAPE("'\\n\\t\\x41\\101\\u00e9\\U0001F600\\N{BULLET}\\q'\n",
          "'\\x0a\\x09AA\\xc3\\xa9\\xf0\\x9f\\x98\\x80\\xe2\\x80\\xa2\\x5cq'");
    SHAPE("r'\\n' R'\\x'\n", "'\\x5cn\\x5cx'");
    SHAPE("b'\\x41\\n' B'c'\n", "b'A\\x0ac'");
    SHAPE("'a\\\nb'\n", "'ab'");
    SHAPE("u'x' 'y'\n", "'xy'");
}

static void test_fstrings(void **state) {
    (void)state;
    SHAPE("f'a{x}b'\n", "(f 'a' (fv x) 'b')");
    SHAPE("f'{x!r:>{w}}'\n", "(f (fv x !r (f '>' (fv w))))");
    SHAPE("f'{x=}'\n", "(f 'x=' (fv x !r))");
    SHAPE("f'{x = :>5}'\n", "(f 'x = ' (fv x (f '>5')))");
    SHAPE("f'{{}}{a!s}{b!a}'\n", "(f '{}' (fv a !s) (fv b !a))");
    SHAPE("'a' f'{x}' 'c' f''\n", "(f 'a' (fv x) 'c')");
    SHAPE("f''\n", "(f)");
    SHAPE("f'{a, b}' f'{x for x in y}'\n", "(f (fv (tuple a b)) (fv (genexp x (for x:S in y))))");
    SHAPE("f'{f\"{y}\"}'\n", "(f (fv (f (fv y))))");
    SHAPE("f'''{\na\n+\nb}'''\n", "(f (fv (+ a b)))");
    SHAPE("rf'\\n{x}'\n", "(f '\\x5cn' (fv x))");
    SHAPE("f'{a!=b}'\n", "(f (fv (cmp a != b)))");
}

static void test_compound(void **state) {
    (void)state;
    SHAPE("if a:\n  x\nelif b:\n  y\nelse:\n  z\n", "(if a [x] [(if b [y] [z])])");
    SHAPE("while x: pass\nelse: y\n", "(while x [pass] [y])");
    SHAPE("for a, b in c:\n  pass\nelse:\n  d\n", "(for (tuple:S a:S b:S) c [pass] [d])");
    SHAPE("try:\n  a\nexcept (E, F) as e:\n  b\nexcept:\n  c\nelse:\n  d\nfinally:\n  f\n",
          "(try [a] (except (tuple E F) as e [b]) (except [c]) else [d] finally [f])");
    SHAPE("try:\n  a\nexcept* E:\n  b\n", "(try* [a] (except E [b]))");
    SHAPE("with a as b, c:\n  pass\n", "(with a as b:S c [pass])");
    SHAPE("with (a as b, c as (d, e)):\n  pass\n", "(with a as b:S c as (tuple:S d:S e:S) [pass])");
    SHAPE("with (a, b):\n  pass\n", "(with a b [pass])");
    SHAPE("with (a, b) as c:\n  pass\n", "(with (tuple a b) as c:S [pass])");
    SHAPE("@d1\n@d2.e(f)\ndef g(a, b=1, *args, c, d=2, **kw) -> int:\n  return a\n",
          "@d1 @(call (. d2 e) f) (def g(a, b=1, *args, c, d=2, **kw) -> int [(return a)])");
    SHAPE("def f(a, /, b, *, c): pass\n", "(def f(a, /, b, *, c) [pass])");
    SHAPE("def f(x: int = 5, *a: str): pass\n", "(def f(x:int=5, *a:str) [pass])");
    SHAPE("class A(B, metaclass=M, **kw):\n  x = 1\n", "(class A B metaclass=M **kw [(= x:S 1)])");
    SHAPE("async def f():\n  await a\n  async for x in y: pass\n  async with z as w: pass\n",
          "(async def f() [(await a) (async for x:S y [pass]) (async with z as w:S [pass])])");
    SHAPE("def g():\n  nonlocal a\n  yield a, b\n", "(def g() [(nonlocal a) (yield (tuple a b))])");
    SHAPE("if x:\n\tif y:\n\t\tz\n", "(if x [(if y [z])])");
}

static void test_identifiers(void **state) {
    (void)state;
    SHAPE("\xc3\xa9t\xc3\xa9 = 1\n", "(= \xc3\xa9t\xc3\xa9:S 1)");
    /* NFKC: fullwidth letters and MICRO SIGN */
    SHAPE("\xef\xbd\x97 = \xc2\xb5\n", "(= w:S \xce\xbc)");
}

static void test_positions(void **state) {
    (void)state;
    Arena *a = arena_new();
    const char *src = "x = (1 +\n     2)\n@d\ndef f():\n    return -(a)\n";
    Module *m = parse_module(a, src, strlen(src), "t.py", &perr);
    assert_non_null(m);
    Stmt *s = m->body.items[0];
    assert_int_equal(s->span.line, 1);
    assert_int_equal(s->span.col, 0);
    assert_int_equal(s->span.end_line, 2);
    assert_int_equal(s->span.end_col, 7);
    Expr *v = s->u.assign.value; /* the BinOp, without its parentheses */
    assert_int_equal(v->span.col, 5);
    assert_int_equal(v->span.end_col, 6);
    Stmt *f = m->body.items[1]; /* a def starts at 'def', not at the decorator */
    assert_int_equal(f->span.line, 4);
    assert_int_equal(f->span.end_line, 5);
    Expr *r = f->u.funcdef.body.items[0]->u.ret.value; /* -(a) ends at ')' */
    assert_int_equal(r->span.col, 11);
    assert_int_equal(r->span.end_col, 15);
    arena_free(a);
}

/* ---- errors ----------------------------------------------------------- */

static void test_errors_basic(void **state) {
    (void)state;
    SYNTAX("x = = 1\n", "invalid syntax", 1, 5);
    SYNTAX("b = a +* 2\n", "invalid syntax", 1, 8);
    SYNTAX("f(a, b c)\n", "invalid syntax. Perhaps you forgot a comma?", 1, 6);
    SYNTAX("while True\n    pass\n", "expected ':'", 1, 11);
    SYNTAX("def f(x)\n    return x\n", "expected ':'", 1, 9);
    SYNTAX("def f x:\n  pass\n", "expected '('", 1, 7);
    SYNTAX("if x = 5:\n    pass\n", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4);
    SYNTAX("print \"hello\"\n", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1);
    SYNTAX("x = 1\nelse:\n    x = 2\n", "invalid syntax", 2, 1);
    SYNTAX("f = lambda x: return x\n", "invalid syntax", 1, 15);
    SYNTAX("x = 1 if 2\n", "expected 'else' after 'if' expression", 1, 5);
}

static void test_errors_targets(void **state) {
    (void)state;
    SYNTAX("f() = 3\n", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1);
    SYNTAX("1 = x\n", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1);
    SYNTAX("(a, 1) = x\n", "cannot assign to literal", 1, 5);
    SYNTAX("x = 1 = 2\n", "cannot assign to literal", 1, 5);
    SYNTAX("a + b = 1\n", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1);
    SYNTAX("a, f() = 1\n", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 4);
    SYNTAX("for f() in x: pass\n", "cannot assign to function call", 1, 5);
    SYNTAX("del 5\n", "cannot delete literal", 1, 5);
    SYNTAX("del *a\n", "cannot delete starred", 1, 5);
    SYNTAX("a, b += 1\n", "'tuple' is an illegal expression for augmented assignment", 1, 1);
    SYNTAX("(a.b := 1)\n", "cannot use assignment expressions with attribute", 1, 2);
    SYNTAX("x = yield = 1\n", "assignment to yield expression not possible", 1, 5);
    SYNTAX("a, b: int\n", "only single target (not tuple) can be annotated", 1, 1);
    SYNTAX("f(): int\n", "illegal target for annotation", 1, 1);
    SYNTAX("with a as f():\n  pass\n", "cannot assign to function call", 1, 11);
    SYNTAX("(*a) = 1\n", "cannot use starred expression here", 1, 2);
}

static void test_errors_calls_and_params(void **state) {
    (void)state;
    SYNTAX("f(a=1, 2)\n", "positional argument follows keyword argument", 1, 9);
    SYNTAX("f(**k, x)\n", "positional argument follows keyword argument unpacking", 1, 9);
    SYNTAX("f(**a, *b)\n", "iterable argument unpacking follows keyword argument unpacking", 1, 8);
    SYNTAX("f(x for x in y, 1)\n", "Generator expression must be parenthesized", 1, 3);
    SYNTAX("f(a.b=1)\n", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3);
    SYNTAX("f(True=1)\n", "cannot assign to True", 1, 3);
    SYNTAX("def f(a=1, b):\n    return a\n", "non-default argument follows default argument", 1, 12);
    SYNTAX("lambda a=1, b: 0\n", "non-default argument follows default argument", 1, 13);
    SYNTAX("def f(a, b, a):\n    return a\n", "duplicate argument 'a' in function definition", 1, 13);
    SYNTAX("def f(*): pass\n", "named arguments must follow bare *", 1, 7);
    SYNTAX("def f(**k, a): pass\n", "arguments cannot follow var-keyword argument", 1, 12);
    SYNTAX("def f(a, /, b, /): pass\n", "/ may appear only once", 1, 16);
    SYNTAX("def f(a=): pass\n", "expected default value expression", 1, 8);
    SYNTAX("def f(a, (b, c)): pass\n", "Function parameters cannot be parenthesized", 1, 10);
    SYNTAX("x = {1: 2, 3}\n", "':' expected after dictionary key", 1, 12);
    SYNTAX("[*a for a in b]\n", "iterable unpacking cannot be used in comprehension", 1, 2);
    SYNTAX("[a, b for a in c]\n", "did you forget parentheses around the comprehension target?", 1, 2);
    SYNTAX("from x import a, b,\n", "trailing comma not allowed without surrounding parentheses", 1, 20);
}

static void test_errors_blocks(void **state) {
    (void)state;
    error_at("for i in range(3):\nprint(i)\n", PERR_INDENT,
             "expected an indented block after 'for' statement on line 1", 2, 1);
    error_at("def f():\n  if x:\ny = 1\n", PERR_INDENT,
             "expected an indented block after 'if' statement on line 2", 3, 0);
    error_at("class A:\n", PERR_INDENT, "expected an indented block after class definition on line 1", 1, 9);
    error_at("x = 1\n    y = 2\n", PERR_INDENT, "unexpected indent", 2, 4);
    error_at("if True:\n        a = 1\n    b = 2\n", PERR_INDENT,
             "unindent does not match any outer indentation level", 3, 10);
    error_at("if True:\n\tx = 1\n        y = 2\n", PERR_TAB,
             "inconsistent use of tabs and spaces in indentation", 3, 1);
    SYNTAX("try:\n    x = 1\nprint(x)\n", "expected 'except' or 'finally' block", 3, 1);
    SYNTAX("try:\n  pass\nexcept E, F:\n  pass\n", "multiple exception types must be parenthesized", 3, 8);
    SYNTAX("try:\n  pass\nexcept* E:\n  pass\nexcept F:\n  pass\n",
           "cannot have both 'except' and 'except*' on the same 'try'", 5, 1);
}

static void test_errors_lexical(void **state) {
    (void)state;
    SYNTAX("x = 0123\n",
           "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
           1, 5);
    SYNTAX("x = 1abc\n", "invalid decimal literal", 1, 5);
    SYNTAX("x = 5 \xe2\x82\xac 3\n", "invalid character '\xe2\x82\xac' (U+20AC)", 1, 7);
    SYNTAX("name = \"Ada\nprint(name)\n", "unterminated string literal (detected at line 1)", 1, 8);
    SYNTAX("doc = \"\"\"this string\nnever ends\nx = 1\n",
           "unterminated triple-quoted string literal (detected at line 3)", 1, 7);
    SYNTAX("values = (1, 2,\n          3, 4\ntotal = 10\n", "'(' was never closed", 1, 10);
    SYNTAX("y = x + 2)\n", "unmatched ')'", 1, 10);
    SYNTAX("data = [1, 2, 3)\n", "closing parenthesis ')' does not match opening parenthesis '['", 1, 16);
    /* a lexer error later in the file wins over a parser error */
    SYNTAX("x = = 1\ny = 'abc\n", "unterminated string literal (detected at line 2)", 2, 5);
    /* but not over an unexpected indent */
    error_at("  x = 1\ny = 'abc\n", PERR_INDENT, "unexpected indent", 1, 2);
    SYNTAX("x = \"a\" b\"x\"\n", "cannot mix bytes and nonbytes literals", 1, 13);
    SYNTAX("x = b\"\xc3\xa9\"\n", "bytes can only contain ASCII literal characters", 1, 5);
    SYNTAX("x = \"\\x4\"\n",
           "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
           1, 10);
    SYNTAX("x = \"\\N{no such name}\"\n",
           "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-15: unknown Unicode "
           "character "
           "name",
           1, 23);
    SYNTAX("x = b\"\\x4\"\n", "(value error) invalid \\x escape at position 0", 1, 11);
}

static void test_errors_fstrings(void **state) {
    (void)state;
    SYNTAX("s = f\"{x\"\n", "f-string: expecting '}'", 1, 10);
    SYNTAX("s = f\"value: {}\"\n", "f-string: empty expression not allowed", 1, 17);
    SYNTAX("s = f\"}\"\n", "f-string: single '}' is not allowed", 1, 9);
    SYNTAX("s = f\"{x!z}\"\n", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 13);
    SYNTAX("s = f\"{x:{y:{z}}}\"\n", "f-string: expressions nested too deeply", 1, 19);
    SYNTAX("s = f\"{a#}\"\n", "f-string expression part cannot include '#'", 1, 12);
    SYNTAX("s = f\"{a\\\\n}\"\n", "f-string expression part cannot include a backslash", 1, 14);
    SYNTAX("s = f\"{!r}\"\n", "f-string: expression required before '!'", 1, 12);
    /* errors inside the expression: CPython shows "(a b)" and columns in it */
    SYNTAX("x = 1\ns = f\"{a b}\"\n", "f-string: invalid syntax. Perhaps you forgot a comma?", 2, 2);
    assert_string_equal(perr.text, "(a b)");
}

static void test_eof_kind(void **state) {
    (void)state;
    static const char *incomplete[] = {
        "if x:\n",
        "def f():\n",
        "class A:\n  def f(self):\n",
        "x = (\n",
        "x = [1,\n 2\n",
        "x = '''\n",
        "x = 1 + \\\n",
        "@dec\n",
        "try:\n  pass\n",
        "while 1:\n  if x:\n",
        "f(a,\n",
        "if x:\n  a\nelse:\n",
    };
    for (size_t i = 0; i < sizeof incomplete / sizeof incomplete[0]; i++) {
        if (tree(incomplete[i])) fail_msg("parsed: %s", incomplete[i]);
        if (perr.kind != PERR_EOF) fail_msg("not EOF: %s (%s)", incomplete[i], perr.msg);
    }
    assert_null(tree("if x:\n"));
    assert_int_equal(perr.eof_kind, PERR_INDENT);
    static const char *complete_errors[] = {"x = 1 +\n",  "x = \n",    "if x\n",
                                            "x = 'abc\n", "lambda:\n", "x = )\n"};
    for (size_t i = 0; i < sizeof complete_errors / sizeof complete_errors[0]; i++) {
        if (tree(complete_errors[i])) fail_msg("parsed: %s", complete_errors[i]);
        if (perr.kind == PERR_EOF) fail_msg("EOF: %s", complete_errors[i]);
    }
}

static void test_file_errors(void **state) {
    (void)state;
    Arena *a = arena_new();
    assert_null(parse_module(a, "x = 1\n\xff = 2\n", 12, "prog.py", &perr));
    assert_string_equal(perr.msg,
                        "Non-UTF-8 code starting with '\\xff' in file prog.py on line 2, but no encoding "
                        "declared; see https://peps.python.org/pep-0263/ for details");
    assert_int_equal(perr.line, 0);
    assert_null(parse_module(a, "x = 1\ny = \0\n", 11, "prog.py", &perr));
    assert_string_equal(perr.msg, "source code cannot contain null bytes");
    assert_int_equal(perr.line, 2);
    assert_int_equal(perr.col, 0);
    Module *m = parse_module(a, "", 0, "prog.py", &perr);
    assert_non_null(m);
    assert_int_equal(m->body.len, 0);
    arena_free(a);
}

/* ---- robustness ------------------------------------------------------- */

static void test_limits(void **state) {
    (void)state;
    size_t n = 30000;
    char *s = malloc(n * 2 + 16);
    /* 10000 open brackets */
    strcpy(s, "x = ");
    memset(s + 4, '(', 10000);
    strcpy(s + 10004, "\n");
    SYNTAX(s, "too many nested parentheses", 1, 205);
    /* 199 levels are fine */
    strcpy(s, "x = ");
    memset(s + 4, '[', 199);
    s[203] = '1';
    memset(s + 204, ']', 199);
    strcpy(s + 403, "\n");
    assert_non_null(tree(s));
    /* deep unary nesting is "too complex", not a crash */
    strcpy(s, "x = ");
    memset(s + 4, '-', 20000);
    strcpy(s + 20004, "1\n");
    SYNTAX(s, "too complex", 1, 1503);
    /* 1000 nested if blocks: the tokenizer's limit */
    size_t k = 0;
    for (int i = 0; i < 150; i++) {
        memset(s + k, ' ', (size_t)i);
        k += (size_t)i;
        memcpy(s + k, "if x:\n", 6);
        k += 6;
    }
    s[k] = '\0';
    error_at(s, PERR_INDENT, "too many levels of indentation", 101, 1);
    /* a long flat expression uses no stack */
    strcpy(s, "x = 1");
    k = 5;
    for (int i = 0; i < 5000; i++) {
        memcpy(s + k, "+1", 2);
        k += 2;
    }
    strcpy(s + k, "\n");
    assert_non_null(tree(s));
    free(s);
}

static void test_garbage(void **state) {
    (void)state;
    /* pseudo-random bytes and token soups must fail cleanly */
    static const char *toks[] = {"def",      "(",    ")",     ":",     "\n",   "    ", "x",  "=",  "'",
                                 "\"\"\"",   "f'{",  "}",     "[",     "]",    ",",    "*",  "**", "lambda",
                                 "yield",    "\\",   "\t",    "if",    "else", "@",    "1_", "0x", "#",
                                 "\xc3\xa9", "\xff", "await", "async", ";",    "not",  "in", "."};
    unsigned seed = 12345;
    char buf[512];
    for (int round = 0; round < 400; round++) {
        size_t k = 0;
        int count = 1 + round % 40;
        for (int i = 0; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *t = toks[(seed >> 8) % (sizeof toks / sizeof toks[0])];
            size_t l = strlen(t);
            if (k + l + 2 >= sizeof buf) break;
            memcpy(buf + k, t, l);
            k += l;
            buf[k++] = ' ';
        }
        buf[k] = '\0';
        Arena *a = arena_new();
        parse_module(a, buf, k, "t.py", &perr);
        arena_free(a);
        for (size_t i = 0; i < 200; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)(seed >> 16);
        }
        a = arena_new();
        parse_module(a, buf, 200, "t.py", &perr);
        arena_free(a);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_statements),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_fstrings),
        cmocka_unit_test(test_compound),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_errors_basic),
        cmocka_unit_test(test_errors_targets),
        cmocka_unit_test(test_errors_calls_and_params),
        cmocka_unit_test(test_errors_blocks),
        cmocka_unit_test(test_errors_lexical),
        cmocka_unit_test(test_errors_fstrings),
        cmocka_unit_test(test_eof_kind),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_garbage),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    free(text);
    return r;
}
