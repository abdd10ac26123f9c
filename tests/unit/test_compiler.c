/* test_compiler.c: unit tests for the compiler (interp/scope.c,
 * interp/compiler*.c, interp/code.c): instruction shapes in the
 * disassembly of representative programs, results of running them, every
 * compile-time SyntaxError the compiler raises (message and position as
 * CPython 3.11 reports them), the prompt's "incomplete input" signal, line
 * and exception tables, and the recursion guard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "code.h"
#include "compiler.h"
#include "dict.h"
#include "exception.h"
#include "str.h"
#include "vm.h"

static VM *vm;

static int setup(void **state) {
    (void)state;
    vm = vm_new();
    return vm ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vm_free(vm);
    return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static ObjCode *compile_ok(const char *src, CompileMode mode) {
    ObjCode *code = compile_source(vm, src, strlen(src), "<test>", mode, NULL);
    if (!code && vm_has_exc(vm)) vm_print_exception(vm, vm_take_exc(vm));
    assert_non_null(code);
    return code;
}

/* The disassembly of src (all code objects); caller frees. */
static char *dis(const char *src) {
    ObjCode *code = compile_ok(src, COMPILE_EXEC);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    code_disassemble(vm, code, f);
    fclose(f);
    return buf;
}

static void assert_dis_has(const char *src, const char *frag) {
    char *d = dis(src);
    if (!strstr(d, frag)) fprintf(stderr, "missing %s in:\n%s\n", frag, d);
    assert_non_null(strstr(d, frag));
    free(d);
}

static void assert_dis_lacks(const char *src, const char *frag) {
    char *d = dis(src);
    if (strstr(d, frag)) fprintf(stderr, "unexpected %s in:\n%s\n", frag, d);
    assert_null(strstr(d, frag));
    free(d);
}

/* Runs src as __main__ and returns repr(r). */
static void assert_result(const char *src, const char *want) {
    ObjModule *m = vm_run_source(vm, src, strlen(src), "<test>", "__main__");
    if (!m) vm_print_exception(vm, vm_take_exc(vm));
    assert_non_null(m);
    Value r = dict_get_str(vm, m->dict, str_intern_cstr(vm, "r"));
    assert_false(IS_NULL(r));
    Value s = vm_repr(vm, r);
    assert_false(IS_NULL(s));
    if (strcmp(AS_STR(s)->data, want) != 0) fprintf(stderr, "got %s, want %s\n", AS_STR(s)->data, want);
    assert_string_equal(AS_STR(s)->data, want);
}

static int64_t int_attr(ObjException *e, const char *name) {
    Value v = exc_get_attr(vm, e, name);
    assert_false(IS_NULL(v));
    if (IS_NONE(v)) return -1000;
    assert_true(IS_INT(v));
    return AS_INT(v);
}

/* Compiling src raises `type` with msg at (line, offset). */
static void assert_error_type(ObjType *type, const char *src, CompileMode mode, const char *msg, int line, int offset) {
    ObjCode *code = compile_source(vm, src, strlen(src), "<test>", mode, NULL);
    assert_null(code);
    assert_true(vm_has_exc(vm));
    Value exc = vm_take_exc(vm);
    assert_true(IS_EXCEPTION(exc));
    ObjException *e = AS_EXCEPTION(exc);
    assert_true(vm_isinstance(vm, exc, type));
    if (type_is_subtype(type, vm->exc_SyntaxError)) {
        Value m = exc_get_attr(vm, e, "msg");
        assert_true(IS_STR(m));
        if (strcmp(AS_STR(m)->data, msg) != 0) fprintf(stderr, "got '%s', want '%s'\n", AS_STR(m)->data, msg);
        assert_string_equal(AS_STR(m)->data, msg);
        int64_t l = int_attr(e, "lineno"), o = int_attr(e, "offset");
        if (l != line || o != offset)
            fprintf(stderr, "%s: got (%lld, %lld), want (%d, %d)\n", msg, (long long)l, (long long)o, line, offset);
        assert_int_equal(l, line);
        assert_int_equal(o, offset);
    } else {
        Value s = vm_str(vm, exc);
        assert_string_equal(AS_STR(s)->data, msg);
    }
}

static void assert_syntax_error(const char *src, const char *msg, int line, int offset) {
    assert_error_type(vm->exc_SyntaxError, src, COMPILE_EXEC, msg, line, offset);
}

/* ---- code shapes ----------------------------------------------------------- */

static void test_locals_are_fast(void **state) {
    (void)state;
    const char *src = "def f(a, b):\n"
                      "    c = a + b\n"
                      "    return c\n";
    assert_dis_has(src, "LOAD_FAST                  0 (a)");
    assert_dis_has(src, "STORE_FAST                 2 (c)");
    assert_dis_lacks(src, "LOAD_NAME                  0 (a)");
    /* module level uses the namespace */
    assert_dis_has("x = 1\ny = x\n", "LOAD_NAME");
    /* implicit and explicit globals in functions */
    assert_dis_has("def f():\n    return len\n", "LOAD_GLOBAL");
    assert_dis_has("def f():\n    global g\n    g = 1\n", "STORE_GLOBAL");
}

static void test_method_calls(void **state) {
    (void)state;
    assert_dis_has("def f(o):\n    return o.m(1, 2)\n", "LOAD_METHOD");
    assert_dis_has("def f(o):\n    return o.m(1, k=2)\n", "CALL_KW");
    /* star arguments take the general path */
    assert_dis_has("def f(o, a):\n    return o.m(*a)\n", "CALL_FUNCTION_EX");
    assert_dis_has("def f(g):\n    return g(1)\n", "PUSH_NULL");
}

static void test_constants(void **state) {
    (void)state;
    assert_dis_has("x = 5\n", "LOAD_SMALL_INT             5");
    assert_dis_has("x = -5\n", "LOAD_SMALL_INT            -5");
    assert_dis_has("x = (1, 2, 3)\n", "LOAD_CONST                 0 ((1, 2, 3))");
    assert_dis_has("x = (1, (2, -3.5), 'a')\n", "((1, (2, -3.5), 'a'))");
    assert_dis_has("x = 2 ** 10\n", "LOAD_SMALL_INT          1024");
    assert_dis_has("x = None\n", "LOAD_NONE");
    /* 1 / 0 must raise at run time */
    assert_dis_has("x = 1 / 0\n", "BINARY_OP");
    /* 1, 1.0 and True stay distinct constants */
    char *d = dis("x = (1, 1.0, True, -0.0, 0.0)\n");
    assert_non_null(strstr(d, "(1, 1.0, True, -0.0, 0.0)"));
    free(d);
    assert_dis_has("x = [1, 2, 3, 4]\n", "LIST_EXTEND");
    /* folding as CPython's AST optimizer: operators, subscripts, `not` */
    assert_dis_has("x = 'ab' * 2 + 'c'\n", "LOAD_CONST                 0 ('ababc')");
    assert_dis_has("x = 2 ** 64\n", "LOAD_CONST                 0 (18446744073709551616)");
    assert_dis_has("x = (1, 2)[1]\n", "LOAD_SMALL_INT             2");
    assert_dis_has("x = not 0\n", "LOAD_TRUE");
    assert_dis_has("x = 'abc'[5]\n", "BINARY_SUBSCR");
    assert_dis_has("x = 2 ** 1000\n", "BINARY_OP");
    /* `in` a display and `for` over one use a constant tuple/frozenset */
    assert_dis_has("def f(x):\n    return x in [1, 2, 3]\n", "LOAD_CONST                 0 ((1, 2, 3))");
    assert_dis_has("def f(x):\n    return x in {1, 2}\n", "frozenset({1, 2})");
    assert_dis_has("def f():\n    for x in [1, 2]:\n        pass\n", "((1, 2))");
    assert_dis_has("def f(a, b):\n    return not (a is b)\n", "IS_OP                      1 (is not)");
    assert_dis_lacks("def f(a, b):\n    return not (a in b)\n", "UNARY_NOT");
}

static void test_control_flow_shapes(void **state) {
    (void)state;
    /* `while True` skips the test; backward edges are JUMPs */
    assert_dis_lacks("def f():\n    while True:\n        pass\n", "POP_JUMP_IF");
    assert_dis_has("def f(x):\n    if x is None:\n        return 1\n", "POP_JUMP_IF_NOT_NONE");
    assert_dis_has("def f(a, b, c):\n    return a < b < c\n", "JUMP_IF_FALSE_OR_POP");
    assert_dis_has("def f(a):\n    for x in a:\n        pass\n", "FOR_ITER");
    /* no code after an unconditional return */
    assert_dis_lacks("def f():\n    return 1\n    x = 2\n", "STORE_FAST");
    /* a, b = b, a swaps without a tuple */
    assert_dis_lacks("def f(a, b):\n    a, b = b, a\n    return a\n", "BUILD_TUPLE");
}

static void test_closures_and_classes(void **state) {
    (void)state;
    const char *src = "def outer(p):\n"
                      "    q = 1\n"
                      "    def inner():\n"
                      "        return p + q\n"
                      "    return inner\n";
    assert_dis_has(src, "LOAD_CLOSURE");
    assert_dis_has(src, "MAKE_FUNCTION              8 (closure)");
    assert_dis_has(src, "LOAD_DEREF");
    const char *cls = "class C:\n"
                      "    def m(self):\n"
                      "        return super().m()\n";
    assert_dis_has(cls, "STORE_NAME                 4 (__classcell__)");
    assert_dis_has(cls, "LOAD_BUILD_CLASS");
    assert_dis_has("def f():\n    x = 1\n    class K:\n        y = x\n", "LOAD_CLASSDEREF");
    assert_dis_has("class C:\n    def __m(self):\n        return self.__x\n", "_C__x");
    assert_dis_has("class C:\n    def __m(self):\n        pass\n", "_C__m");
}

static void test_exception_table(void **state) {
    (void)state;
    const char *src = "def f():\n"
                      "    try:\n"
                      "        g()\n"
                      "    except ValueError as e:\n"
                      "        return e\n"
                      "    finally:\n"
                      "        h()\n";
    char *d = dis(src);
    assert_non_null(strstr(d, "ExceptionTable:"));
    assert_non_null(strstr(d, "PUSH_EXC_INFO"));
    assert_non_null(strstr(d, "CHECK_EXC_MATCH"));
    assert_non_null(strstr(d, "POP_EXCEPT"));
    assert_non_null(strstr(d, "RERAISE"));
    free(d);
    ObjCode *code = compile_ok("try:\n    x = 1\nexcept:\n    pass\n", COMPILE_EXEC);
    assert_true(code->nexctable >= 1);
    const ExcEntry *e = code_find_handler(code, (int)code->exctable[0].start);
    assert_non_null(e);
    assert_int_equal(e->handler, code->exctable[0].handler);
    assert_null(code_find_handler(code, code->ncode + 10));
    for (int i = 1; i < code->nexctable; i++) assert_true(code->exctable[i].start >= code->exctable[i - 1].end);
}

static void test_line_table(void **state) {
    (void)state;
    /* a jump of 300 lines and more than 255 instructions on one line */
    char *src = malloc(20000);
    strcpy(src, "x = 1\n");
    for (int i = 0; i < 300; i++) strcat(src, "\n");
    strcat(src, "y = [");
    for (int i = 0; i < 300; i++) strcat(src, "x, ");
    strcat(src, "x]\nz = 2\n");
    ObjCode *code = compile_ok(src, COMPILE_EXEC);
    free(src);
    assert_int_equal(code_line_for_pc(code, 0), 1);
    int last = code->ncode - 1;
    bool saw302 = false;
    for (int pc = 0; pc <= last; pc++) {
        int l = code_line_for_pc(code, pc);
        assert_true(l == 1 || l == 302 || l == 303);
        if (l == 302) saw302 = true;
    }
    assert_true(saw302);
    assert_int_equal(code_line_for_pc(code, last - 2), 303);
    assert_int_equal(code_line_for_pc(code, -1), code->firstlineno);
}

static void test_stack_effects(void **state) {
    (void)state;
    assert_int_equal(opcode_stack_effect(OP_CALL, 2, false), -3);
    assert_int_equal(opcode_stack_effect(OP_CALL_KW, 2, false), -4);
    assert_int_equal(opcode_stack_effect(OP_CALL_FUNCTION_EX, 1, false), -3);
    assert_int_equal(opcode_stack_effect(OP_FOR_ITER, 0, false), 1);
    assert_int_equal(opcode_stack_effect(OP_FOR_ITER, 0, true), -1);
    assert_int_equal(opcode_stack_effect(OP_BUILD_MAP, 3, false), -5);
    assert_int_equal(opcode_stack_effect(OP_UNPACK_EX, 2 | (1 << 8), false), 3);
    assert_int_equal(opcode_stack_effect(OP_MAKE_FUNCTION, MF_DEFAULTS | MF_CLOSURE, false), -2);
    assert_int_equal(opcode_stack_effect(OP_SEND, 0, true), -1);
    assert_string_equal(opcode_names[OP_LOAD_FAST], "LOAD_FAST");
    ObjCode *code = compile_ok("def f(a, *b, c, **d):\n    return [x for x in a]\n", COMPILE_EXEC);
    ObjCode *f = NULL;
    for (int i = 0; i < code->nconsts; i++)
        if (IS_CODE(code->consts[i])) f = AS_CODE(code->consts[i]);
    assert_non_null(f);
    assert_int_equal(f->argcount, 1);
    assert_int_equal(f->kwonlyargcount, 1);
    assert_true(f->flags & CO_VARARGS);
    assert_true(f->flags & CO_VARKEYWORDS);
    assert_string_equal(f->varnames[0]->data, "a");
    assert_string_equal(f->varnames[1]->data, "c");
    assert_string_equal(f->varnames[2]->data, "b");
    assert_string_equal(f->varnames[3]->data, "d");
    assert_true(f->stacksize >= 3);
}

/* ---- running ----------------------------------------------------------------- */

static void test_run_basics(void **state) {
    (void)state;
    assert_result("def f(a, b=2, *c, d, e=5, **k):\n"
                  "    return a, b, c, d, e, sorted(k)\n"
                  "r = f(1, 3, 4, d=6, z=0)\n",
                  "(1, 3, (4,), 6, 5, ['z'])");
    assert_result("a, *b, c = range(5)\nr = (a, b, c)\n", "(0, [1, 2, 3], 4)");
    assert_result("r = [x * y for x in range(3) if x for y in (1, 10)]\n", "[1, 10, 2, 20]");
    assert_result("r = {k: v for k, v in zip('ab', (1, 2))}\n", "{'a': 1, 'b': 2}");
    assert_result("r = 1 < 2 < 3, 3 < 2 < 1, not 0 and 5 or 6\n", "(True, False, 5)");
    assert_result("x = 10\nr = f'{x:>4}|{x!r}|{x=}|{\"s\"}'\n", "'  10|10|x=10|s'");
    assert_result("def g():\n    v = yield 1\n    yield v * 2\n"
                  "it = g()\nr = [next(it), it.send(21)]\n",
                  "[1, 42]");
    assert_result("d = {'a': [1, 2]}\nd['a'][0] += 5\nd['b'] = d.get('b', 0) + 1\nr = d\n",
                  "{'a': [6, 2], 'b': 1}");
    assert_result("r = [*range(2), *'ab'], {**{'a': 1}, 'b': 2}, {*(1, 2), 3}\n",
                  "([0, 1, 'a', 'b'], {'a': 1, 'b': 2}, {1, 2, 3})");
    assert_result("r = (lambda *a, k=1: (a, k))(1, 2, k=3)\n", "((1, 2), 3)");
}

static void test_run_scopes(void **state) {
    (void)state;
    assert_result("def mk():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n"
                  "    return inc\n"
                  "i = mk()\ni()\nr = i()\n",
                  "2");
    assert_result("g = 1\ndef f():\n    global g\n    g += 1\nf()\nr = g\n", "2");
    assert_result("def f(p):\n    def h():\n        return p\n    p = p * 2\n    return h()\nr = f(4)\n", "8");
    assert_result("class A:\n    def m(self):\n        return 'A'\n"
                  "class B(A):\n    def m(self):\n        return 'B' + super().m()\n"
                  "r = B().m()\n",
                  "'BA'");
    assert_result("class C:\n    def __init__(self):\n        self.__v = 3\n"
                  "    def get(self):\n        return self.__v\n"
                  "r = (C().get(), C()._C__v)\n",
                  "(3, 3)");
    assert_result("def f():\n    x = 5\n    class K:\n        y = x + 1\n    return K.y\nr = f()\n", "6");
    assert_result("r = [(t := i) for i in range(3)], t\n", "([0, 1, 2], 2)");
    assert_result("def outer():\n    def inner():\n        pass\n    return inner\n"
                  "r = outer().__qualname__\n",
                  "'outer.<locals>.inner'");
}

static void test_run_exceptions(void **state) {
    (void)state;
    assert_result("out = []\n"
                  "def f():\n"
                  "    for i in range(4):\n"
                  "        try:\n"
                  "            if i == 1: continue\n"
                  "            if i == 3: return i\n"
                  "            out.append(i)\n"
                  "        finally:\n"
                  "            out.append('f%d' % i)\n"
                  "r = (f(), out)\n",
                  "(3, [0, 'f0', 'f1', 2, 'f2', 'f3'])");
    assert_result("def f():\n"
                  "    try:\n"
                  "        1 / 0\n"
                  "    except ZeroDivisionError as e:\n"
                  "        x = type(e).__name__\n"
                  "    try:\n"
                  "        e\n"
                  "    except NameError:\n"
                  "        return x\n"
                  "r = f()\n",
                  "'ZeroDivisionError'");
    assert_result("class CM:\n"
                  "    def __enter__(self): return 'v'\n"
                  "    def __exit__(self, t, e, tb): return True\n"
                  "with CM() as v:\n"
                  "    raise KeyError\n"
                  "r = v\n",
                  "'v'");
    assert_result("def f():\n    try:\n        return 1\n    finally:\n        return 2\nr = f()\n", "2");
    assert_result("try:\n    try:\n        raise ValueError('a')\n    except ValueError:\n        raise TypeError('b')\n"
                  "except TypeError as e:\n    r = repr(e.__context__)\n",
                  "\"ValueError('a')\"");
}

/* ---- syntax errors (messages and positions from CPython 3.11) ----------------- */

static void test_flow_errors(void **state) {
    (void)state;
    assert_syntax_error("return 1", "'return' outside function", 1, 1);
    assert_syntax_error("class C:\n    return 1", "'return' outside function", 2, 5);
    assert_syntax_error("async def g():\n    yield 1\n    return 2", "'return' with value in async generator", 3, 5);
    assert_syntax_error("break", "'break' outside loop", 1, 1);
    assert_syntax_error("if 1:\n    continue", "'continue' not properly in loop", 2, 5);
    assert_syntax_error("for x in y:\n    def f():\n        break", "'break' outside loop", 3, 9);
    assert_syntax_error("yield 1", "'yield' outside function", 1, 1);
    assert_syntax_error("class C:\n    yield 1", "'yield' outside function", 2, 5);
    assert_syntax_error("await x", "'await' outside function", 1, 1);
    assert_syntax_error("def f():\n    await x", "'await' outside async function", 2, 5);
    assert_syntax_error("def f():\n    return lambda: await x", "'await' outside async function", 2, 20);
    assert_syntax_error("async def f():\n    yield from x", "'yield from' inside async function", 2, 5);
    assert_syntax_error("def f():\n    async for x in y: pass", "'async for' outside async function", 2, 5);
    assert_syntax_error("def f():\n    async with x: pass", "'async with' outside async function", 2, 5);
    assert_syntax_error("[x async for x in y]", "asynchronous comprehension outside of an asynchronous function", 1, 1);
    assert_syntax_error("def f():\n    return [x async for x in y]",
                        "asynchronous comprehension outside of an asynchronous function", 2, 12);
    assert_syntax_error("def f():\n    [await x for x in y]", "asynchronous comprehension outside of an asynchronous function",
                        2, 5);
    assert_syntax_error("try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass", "default 'except:' must be last",
                        3, 1);
}

static void test_assignment_errors(void **state) {
    (void)state;
    assert_syntax_error("f(a=1, a=2)", "keyword argument repeated: a", 1, 8);
    assert_syntax_error("f(x, b=1, **k, b=2)", "keyword argument repeated: b", 1, 16);
    assert_syntax_error("class C(x=1, x=2): pass", "keyword argument repeated: x", 1, 14);
    assert_syntax_error("*a = 1", "starred assignment target must be in a list or tuple", 1, 1);
    assert_syntax_error("a, *b, *c = 1", "multiple starred expressions in assignment", 1, 1);
    assert_syntax_error("for x, *y, *z in w: pass", "multiple starred expressions in assignment", 1, 5);
    assert_syntax_error("x = *a", "can't use starred expression here", 1, 5);
    char *src = malloc(2000);
    src[0] = 0;
    for (int i = 0; i < 300; i++) strcat(src, "a, ");
    strcat(src, "*b = c");
    assert_syntax_error(src, "too many expressions in star-unpacking assignment", 1, 1);
    free(src);
}

static void test_scope_errors(void **state) {
    (void)state;
    assert_syntax_error("nonlocal x", "nonlocal declaration not allowed at module level", 1, 1);
    assert_syntax_error("def f():\n    nonlocal y", "no binding for nonlocal 'y' found", 2, 5);
    assert_syntax_error("def f():\n    def g():\n        nonlocal q\n    return g", "no binding for nonlocal 'q' found", 3, 9);
    assert_syntax_error("def f():\n    x = 1\n    global x", "name 'x' is assigned to before global declaration", 3, 5);
    assert_syntax_error("def f():\n    print(x)\n    global x", "name 'x' is used prior to global declaration", 3, 5);
    assert_syntax_error("def f(x):\n    global x", "name 'x' is parameter and global", 2, 5);
    assert_syntax_error("def f(x):\n    nonlocal x", "name 'x' is parameter and nonlocal", 2, 5);
    assert_syntax_error("def f():\n    x: int = 1\n    global x", "annotated name 'x' can't be global", 3, 5);
    assert_syntax_error("def f():\n    global y\n    y: int = 2", "annotated name 'y' can't be global", 3, 5);
    assert_syntax_error("def g():\n    x = 1\n    def f():\n        nonlocal x\n        x: int = 2",
                        "annotated name 'x' can't be nonlocal", 5, 9);
    assert_syntax_error("def g():\n    x = 1\n    def f():\n        x = 2\n        nonlocal x",
                        "name 'x' is assigned to before nonlocal declaration", 5, 9);
    assert_syntax_error("def f():\n    global x\n    nonlocal x", "name 'x' is nonlocal and global", 2, 5);
    assert_syntax_error("def f():\n    from m import *", "import * only allowed at module level", 2, 19);
    assert_syntax_error("def f(a, a): pass", "duplicate argument 'a' in function definition", 1, 10);
}

static void test_comprehension_errors(void **state) {
    (void)state;
    assert_syntax_error("[(yield x) for x in y]", "'yield' inside list comprehension", 1, 3);
    assert_syntax_error("{(yield x) for x in y}", "'yield' inside set comprehension", 1, 3);
    assert_syntax_error("{x: (yield) for x in y}", "'yield' inside dict comprehension", 1, 6);
    assert_syntax_error("((yield x) for x in y)", "'yield' inside generator expression", 1, 3);
    assert_syntax_error("[i := 0 for i in range(3)]", "assignment expression cannot rebind comprehension iteration variable 'i'",
                        1, 2);
    assert_syntax_error("[[(j := 0) for i in range(3)] for j in range(3)]",
                        "assignment expression cannot rebind comprehension iteration variable 'j'", 1, 4);
    assert_syntax_error("class C:\n    [(y := 1) for x in range(3)]",
                        "assignment expression within a comprehension cannot be used in a class body", 2, 7);
    assert_syntax_error("[x for x in (y := [1])]", "assignment expression cannot be used in a comprehension iterable expression",
                        1, 14);
    assert_syntax_error("[x for x in range(3) if (y := x) for y in range(3)]",
                        "comprehension inner loop cannot rebind assignment expression target 'y'", 1, 38);
}

static void test_future_errors(void **state) {
    (void)state;
    assert_syntax_error("from __future__ import braces", "not a chance", 1, 1);
    assert_syntax_error("from __future__ import nonexistent", "future feature nonexistent is not defined", 1, 1);
    assert_syntax_error("x = 1\nfrom __future__ import annotations",
                        "from __future__ imports must occur at the beginning of the file", 2, 1);
    compile_ok("'''doc'''\nfrom __future__ import annotations\nx: undefined_name = 1\n", COMPILE_EXEC);
}

static void test_mode_errors(void **state) {
    (void)state;
    assert_error_type(vm->exc_SyntaxError, "x = 1", COMPILE_EVAL, "invalid syntax", 1, 3);
    assert_error_type(vm->exc_SyntaxError, "1; 2", COMPILE_EVAL, "invalid syntax", 1, 2);
    assert_error_type(vm->exc_SyntaxError, "import x", COMPILE_EVAL, "invalid syntax", 1, 1);
    assert_error_type(vm->exc_SyntaxError, "1 + 1\nNone\n'x'", COMPILE_SINGLE,
                      "multiple statements found while compiling a single statement", 1, 6);
    assert_error_type(vm->exc_SyntaxError, "if x:\n  pass\ny=1", COMPILE_SINGLE, "invalid syntax", 3, 1);
    compile_ok("x=1; y=2", COMPILE_SINGLE);
    /* top-level await at the prompt makes the input a coroutine */
    ObjCode *c = compile_ok("await x", COMPILE_SINGLE);
    assert_true(c->flags & CO_COROUTINE);
    c = compile_ok("async for i in x:\n    pass\n\n", COMPILE_SINGLE);
    assert_true(c->flags & CO_COROUTINE);
    c = compile_ok("async with x:\n    pass\n\n", COMPILE_SINGLE);
    assert_true(c->flags & CO_COROUTINE);
    c = compile_ok("1 + 1", COMPILE_SINGLE);
    assert_false(c->flags & CO_COROUTINE);
    /* parse errors keep their own class */
    assert_error_type(vm->exc_IndentationError, "x = 1\n    y = 2\n", COMPILE_EXEC, "unexpected indent", 2, 4);
}

static void test_recursion_guard(void **state) {
    (void)state;
    size_t n = 5000;
    char *src = malloc(n * 2 + 16);
    strcpy(src, "x = a");
    for (size_t i = 0; i < n; i++) strcat(src, "+a");
    assert_error_type(vm->exc_RecursionError, src, COMPILE_EXEC, "maximum recursion depth exceeded during compilation", 0,
                      0);
    /* CPython accepts 2999 terms */
    strcpy(src, "x = a");
    for (size_t i = 0; i < 2998; i++) strcat(src, "+a");
    compile_ok(src, COMPILE_EXEC);
    free(src);
}

static void test_incomplete(void **state) {
    (void)state;
    const char *open_cases[] = {"if x:\n", "(1,\n", "def f():\n    return 1\n", "for i in y: print(i)\n", "x = [\n"};
    for (size_t i = 0; i < sizeof open_cases / sizeof *open_cases; i++) {
        bool inc = false;
        ObjCode *code = compile_source(vm, open_cases[i], strlen(open_cases[i]), "<stdin>", COMPILE_SINGLE, &inc);
        assert_null(code);
        assert_true(inc);
        assert_false(vm_has_exc(vm));
    }
    const char *done_cases[] = {"1 + 1\n", "def f():\n    return 1\n\n", "for i in y: print(i)\n\n"};
    for (size_t i = 0; i < sizeof done_cases / sizeof *done_cases; i++) {
        bool inc = true;
        ObjCode *code = compile_source(vm, done_cases[i], strlen(done_cases[i]), "<stdin>", COMPILE_SINGLE, &inc);
        assert_non_null(code);
        assert_false(inc);
    }
    /* expression statements at the prompt are echoed */
    assert_non_null(compile_ok("1 + 1\n", COMPILE_SINGLE));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locals_are_fast),   cmocka_unit_test(test_method_calls),
        cmocka_unit_test(test_constants),         cmocka_unit_test(test_control_flow_shapes),
        cmocka_unit_test(test_closures_and_classes), cmocka_unit_test(test_exception_table),
        cmocka_unit_test(test_line_table),        cmocka_unit_test(test_stack_effects),
        cmocka_unit_test(test_run_basics),        cmocka_unit_test(test_run_scopes),
        cmocka_unit_test(test_run_exceptions),    cmocka_unit_test(test_flow_errors),
        cmocka_unit_test(test_assignment_errors), cmocka_unit_test(test_scope_errors),
        cmocka_unit_test(test_comprehension_errors), cmocka_unit_test(test_future_errors),
        cmocka_unit_test(test_mode_errors),       cmocka_unit_test(test_recursion_guard),
        cmocka_unit_test(test_incomplete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
