/* test_ops.c: the generic object protocols (ops.c) and argument parsing
 * (args.c): operator dispatch, comparisons, hashing, truth, repr, len,
 * subscription, iteration, and CPython's error messages. Expected values
 * were printed by CPython 3.11. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast.h"
#include "dict.h"
#include "int.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "vm.h"

static VM *vm;

static int setup(void **state) {
    (void)state;
    vm = vm_new();
    if (!vm) return -1;
    /* as inside a native: everything the tests allocate stays rooted while
     * Coil code (dunders) runs and may collect */
    vm->native_depth++;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    vm->native_depth--;
    vm_free(vm);
    return 0;
}

static Value S(const char *s) { return MAKE_OBJ(str_from_cstr(vm, s)); }

/* The pending exception is of `type` and str(exc) == msg; clears it. */
static void assert_exc(ObjType *type, const char *msg) {
    assert_true(vm_has_exc(vm));
    Value e = vm_take_exc(vm);
    assert_true(vm_isinstance(vm, e, type));
    if (msg) {
        Value s = vm_str(vm, e);
        assert_false(IS_NULL(s));
        assert_string_equal(AS_STR(s)->data, msg);
    }
}

static void assert_str(Value v, const char *want) {
    assert_false(IS_NULL(v));
    assert_true(IS_STR(v));
    assert_string_equal(AS_STR(v)->data, want);
}

static void assert_repr(Value v, const char *want) {
    assert_false(IS_NULL(v));
    assert_str(vm_repr(vm, v), want);
}

static Value list_of(int n, ...) {
    ObjList *l = list_new(vm, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) l->items[i] = va_arg(ap, Value);
    va_end(ap);
    return MAKE_OBJ(l);
}

static Value tuple_of(int n, ...) {
    ObjTuple *t = tuple_new(vm, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) t->items[i] = va_arg(ap, Value);
    va_end(ap);
    return MAKE_OBJ(t);
}

/* Runs Coil source as module __main__ (once per distinct source text, so
 * that the objects of one test share their classes) and returns one of its
 * globals. */
static Value run_get(const char *src, const char *name) {
    static const char *last_src;
    static ObjModule *last_mod;
    if (src != last_src) {
        last_mod = vm_run_source(vm, src, strlen(src), "<test>", "__main__");
        if (!last_mod && vm_has_exc(vm)) vm_print_exception(vm, vm_take_exc(vm));
        assert_non_null(last_mod);
        last_src = src;
    }
    Value v = dict_get_str(vm, last_mod->dict, str_intern_cstr(vm, name));
    assert_false(IS_NULL(v));
    return v;
}

/* ---- operators ------------------------------------------------------------ */

static void test_binary_numbers(void **state) {
    (void)state;
    Value r = vm_binary_op(vm, BINOP_ADD, MAKE_INT(2), MAKE_INT(3));
    assert_true(IS_INT(r) && AS_INT(r) == 5);
    r = vm_binary_op(vm, BINOP_ADD, MAKE_INT(INT64_MAX), MAKE_INT(1));
    assert_repr(r, "9223372036854775808");
    r = vm_binary_op(vm, BINOP_AND, VAL_TRUE, VAL_FALSE);
    assert_true(IS_BOOL(r) && !AS_BOOL(r));
    r = vm_binary_op(vm, BINOP_ADD, VAL_TRUE, VAL_TRUE);
    assert_true(IS_INT(r) && AS_INT(r) == 2);
    r = vm_binary_op(vm, BINOP_ADD, MAKE_INT(1), MAKE_FLOAT(2.5));
    assert_true(IS_FLOAT(r) && AS_FLOAT(r) == 3.5);
    r = vm_binary_op(vm, BINOP_POW, MAKE_INT(2), MAKE_INT(-1));
    assert_true(IS_FLOAT(r) && AS_FLOAT(r) == 0.5);
    r = vm_binary_op(vm, BINOP_FLOORDIV | BINOP_INPLACE, MAKE_INT(-7), MAKE_INT(2));
    assert_true(IS_INT(r) && AS_INT(r) == -4);
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_MOD, MAKE_INT(1), MAKE_INT(0))));
    assert_exc(vm->exc_ZeroDivisionError, "integer modulo by zero");
}

static void test_binary_errors(void **state) {
    (void)state;
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_ADD, MAKE_INT(1), S("a"))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for +: 'int' and 'str'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_ADD | BINOP_INPLACE, MAKE_INT(1), S("a"))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for +=: 'int' and 'str'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_POW, MAKE_INT(2), S("a"))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for ** or pow(): 'int' and 'str'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_POW | BINOP_INPLACE, MAKE_INT(2), S("a"))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for **=: 'int' and 'str'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_MATMUL, MAKE_INT(1), MAKE_INT(2))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for @: 'int' and 'int'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_AND, MAKE_FLOAT(1.5), MAKE_INT(1))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for &: 'float' and 'int'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_SUB, VAL_NONE, VAL_NONE)));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for -: 'NoneType' and 'NoneType'");
}

static void test_sequences(void **state) {
    (void)state;
    assert_str(vm_binary_op(vm, BINOP_ADD, S("ab"), S("cd")), "abcd");
    assert_repr(vm_binary_op(vm, BINOP_ADD, list_of(1, MAKE_INT(1)), list_of(2, MAKE_INT(2), MAKE_INT(3))),
                "[1, 2, 3]");
    assert_repr(vm_binary_op(vm, BINOP_ADD, tuple_of(1, MAKE_INT(1)), tuple_of(1, MAKE_INT(2))), "(1, 2)");
    /* += on a list extends it in place */
    Value l = list_of(1, MAKE_INT(1));
    Value r = vm_binary_op(vm, BINOP_ADD | BINOP_INPLACE, l, list_of(1, MAKE_INT(2)));
    assert_true(val_is(r, l));
    assert_repr(l, "[1, 2]");
    /* int * sequence goes through the sequence's __rmul__ */
    assert_str(vm_binary_op(vm, BINOP_MUL, MAKE_INT(3), S("ab")), "ababab");
    assert_repr(vm_binary_op(vm, BINOP_MUL, MAKE_INT(2), list_of(1, MAKE_INT(7))), "[7, 7]");
    assert_str(vm_binary_op(vm, BINOP_MUL, S("xy"), MAKE_INT(-3)), "");
    assert_str(vm_binary_op(vm, BINOP_MOD, S("%d-%s"), tuple_of(2, MAKE_INT(4), S("z"))), "4-z");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_ADD, S("a"), MAKE_INT(1))));
    assert_exc(vm->exc_TypeError, "can only concatenate str (not \"int\") to str");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_MUL, S("a"), MAKE_FLOAT(2.0))));
    assert_exc(vm->exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_MUL, MAKE_FLOAT(2.0), S("a"))));
    assert_exc(vm->exc_TypeError, "can't multiply sequence by non-int of type 'float'");
}

static void test_unary(void **state) {
    (void)state;
    Value r = vm_unary_op(vm, U_NEG, MAKE_INT(INT64_MIN));
    assert_repr(r, "9223372036854775808");
    r = vm_unary_op(vm, U_INVERT, VAL_TRUE);
    assert_true(IS_INT(r) && AS_INT(r) == -2);
    r = vm_unary_op(vm, U_POS, VAL_TRUE);
    assert_true(IS_INT(r) && AS_INT(r) == 1);
    assert_true(IS_NULL(vm_unary_op(vm, U_NEG, S("a"))));
    assert_exc(vm->exc_TypeError, "bad operand type for unary -: 'str'");
    assert_true(IS_NULL(vm_unary_op(vm, U_INVERT, MAKE_FLOAT(1.5))));
    assert_exc(vm->exc_TypeError, "bad operand type for unary ~: 'float'");
}

static void test_user_dunders(void **state) {
    (void)state;
    const char *src = "class M:\n"
                      "    def __init__(self, v): self.v = v\n"
                      "    def __add__(self, o):\n"
                      "        if isinstance(o, int): return M(self.v + o)\n"
                      "        return NotImplemented\n"
                      "    def __radd__(self, o): return ('radd', o)\n"
                      "    def __lt__(self, o): return 'lt'\n"
                      "class Sub(M):\n"
                      "    def __radd__(self, o): return 'sub-radd'\n"
                      "    def __gt__(self, o): return 'sub-gt'\n"
                      "class Acc:\n"
                      "    def __iadd__(self, o): return 'iadd'\n"
                      "class R:\n"
                      "    def __radd__(self, o): return 'R.radd'\n"
                      "    def __rmul__(self, o): return 'R.rmul'\n"
                      "m = M(1); s = Sub(2); acc = Acc(); rr = R()\n";
    Value m = run_get(src, "m");
    Value s = run_get(src, "s");
    Value r = vm_binary_op(vm, BINOP_ADD, m, MAKE_INT(4));
    assert_false(IS_NULL(r));
    assert_repr(vm_getattr(vm, r, str_intern_cstr(vm, "v")), "5");
    assert_repr(vm_binary_op(vm, BINOP_ADD, MAKE_INT(4), m), "('radd', 4)");
    /* a subclass overriding the reflected method goes first */
    assert_str(vm_binary_op(vm, BINOP_ADD, m, s), "sub-radd");
    /* m < s: the subclass's reflected __gt__ first */
    assert_str(vm_compare(vm, m, s, CMP_LT), "sub-gt");
    assert_str(vm_compare(vm, m, MAKE_INT(1), CMP_LT), "lt");
    assert_str(vm_binary_op(vm, BINOP_ADD | BINOP_INPLACE, run_get(src, "acc"), MAKE_INT(1)), "iadd");
    /* built-in sequences on the left: the right operand's reflected method first */
    Value rr = run_get(src, "rr");
    assert_str(vm_binary_op(vm, BINOP_ADD, S("x"), rr), "R.radd");
    assert_str(vm_binary_op(vm, BINOP_MUL, list_of(0), rr), "R.rmul");
    assert_str(vm_binary_op(vm, BINOP_ADD | BINOP_INPLACE, list_of(0), rr), "R.radd");
    assert_true(IS_NULL(vm_binary_op(vm, BINOP_SUB, m, MAKE_INT(1))));
    assert_exc(vm->exc_TypeError, "unsupported operand type(s) for -: 'M' and 'int'");
}

/* ---- comparisons ------------------------------------------------------------ */

static void test_compare(void **state) {
    (void)state;
    assert_int_equal(vm_compare_bool(vm, MAKE_INT(1), MAKE_FLOAT(1.5), CMP_LT), 1);
    assert_int_equal(vm_compare_bool(vm, S("abc"), S("abd"), CMP_LT), 1);
    assert_int_equal(vm_compare_bool(vm, S("b"), S("abd"), CMP_GE), 1);
    assert_int_equal(vm_eq(vm, MAKE_INT(1), MAKE_FLOAT(1.0)), 1);
    assert_int_equal(vm_eq(vm, VAL_TRUE, MAKE_INT(1)), 1);
    assert_int_equal(vm_eq(vm, VAL_NONE, MAKE_INT(0)), 0);
    assert_int_equal(vm_eq(vm, S("a"), MAKE_INT(0)), 0);
    assert_int_equal(vm_compare_bool(vm, VAL_NONE, VAL_NONE, CMP_NE), 0);
    Value big = vm_binary_op(vm, BINOP_POW, MAKE_INT(2), MAKE_INT(100));
    assert_int_equal(vm_compare_bool(vm, big, MAKE_FLOAT(1e30), CMP_GT), 1);
    assert_int_equal(vm_compare_bool(vm, MAKE_INT(1), S("a"), CMP_LT), -1);
    assert_exc(vm->exc_TypeError, "'<' not supported between instances of 'int' and 'str'");
    assert_int_equal(vm_compare_bool(vm, list_of(0), MAKE_INT(1), CMP_GE), -1);
    assert_exc(vm->exc_TypeError, "'>=' not supported between instances of 'list' and 'int'");
    assert_int_equal(vm_compare_bool(vm, VAL_NONE, VAL_NONE, CMP_LT), -1);
    assert_exc(vm->exc_TypeError, "'<' not supported between instances of 'NoneType' and 'NoneType'");
    /* containers: identity implies equality, then element-wise == */
    Value l = list_of(2, MAKE_INT(1), S("x"));
    assert_int_equal(vm_eq(vm, l, l), 1);
    assert_int_equal(vm_eq(vm, l, list_of(2, MAKE_FLOAT(1.0), S("x"))), 1);
    assert_int_equal(vm_compare_bool(vm, tuple_of(2, MAKE_INT(1), MAKE_INT(2)), tuple_of(1, MAKE_INT(3)), CMP_LT), 1);
}

/* ---- hashing, truth, len ------------------------------------------------------ */

static void test_hash(void **state) {
    (void)state;
    uint64_t h;
    assert_true(vm_hash(vm, MAKE_INT(-1), &h));
    assert_int_equal((int64_t)h, -2);
    assert_true(vm_hash(vm, tuple_of(3, MAKE_INT(1), MAKE_INT(2), MAKE_INT(3)), &h));
    assert_int_equal((int64_t)h, 529344067295497451LL);
    assert_true(vm_hash(vm, tuple_of(0), &h));
    assert_int_equal((int64_t)h, 5740354900026072187LL);
    assert_true(vm_hash(vm, tuple_of(2, MAKE_INT(1), MAKE_FLOAT(2.5)), &h));
    assert_int_equal((int64_t)h, 396935360214441795LL);
    assert_true(vm_hash(vm, MAKE_FLOAT(1.0), &h));
    assert_int_equal((int64_t)h, 1);
    assert_true(vm_hash(vm, VAL_TRUE, &h));
    assert_int_equal((int64_t)h, 1);
    assert_true(vm_hash(vm, vm_binary_op(vm, BINOP_POW, MAKE_INT(2), MAKE_INT(100)), &h));
    assert_int_equal((int64_t)h, 549755813888LL);
    assert_false(vm_hash(vm, list_of(0), &h));
    assert_exc(vm->exc_TypeError, "unhashable type: 'list'");
    assert_false(vm_hash(vm, tuple_of(1, list_of(0)), &h));
    assert_exc(vm->exc_TypeError, "unhashable type: 'list'");

    const char *src = "class Big:\n    def __hash__(self): return 2**64\n"
                      "class Bad:\n    def __hash__(self): return 'x'\n"
                      "class Neg:\n    def __hash__(self): return -1\n"
                      "class Eq:\n    def __eq__(self, o): return True\n"
                      "b = Big(); bad = Bad(); neg = Neg(); eq = Eq()\n";
    assert_true(vm_hash(vm, run_get(src, "b"), &h));
    assert_int_equal((int64_t)h, 8);
    assert_true(vm_hash(vm, run_get(src, "neg"), &h));
    assert_int_equal((int64_t)h, -2);
    assert_false(vm_hash(vm, run_get(src, "bad"), &h));
    assert_exc(vm->exc_TypeError, "__hash__ method should return an integer");
    assert_false(vm_hash(vm, run_get(src, "eq"), &h));
    assert_exc(vm->exc_TypeError, "unhashable type: 'Eq'");
}

static void test_truth_and_len(void **state) {
    (void)state;
    assert_int_equal(vm_truthy(vm, MAKE_INT(0)), 0);
    assert_int_equal(vm_truthy(vm, MAKE_FLOAT(0.0)), 0);
    assert_int_equal(vm_truthy(vm, S("")), 0);
    assert_int_equal(vm_truthy(vm, S("a")), 1);
    assert_int_equal(vm_truthy(vm, list_of(0)), 0);
    assert_int_equal(vm_truthy(vm, tuple_of(1, VAL_NONE)), 1);
    assert_int_equal(vm_truthy(vm, VAL_NONE), 0);
    assert_int_equal(vm_truthy(vm, MAKE_OBJ(dict_new(vm))), 0);
    assert_int_equal(vm_len(vm, S("h\xc3\xa9llo")), 5);
    assert_int_equal(vm_len(vm, MAKE_INT(1)), -1);
    assert_exc(vm->exc_TypeError, "object of type 'int' has no len()");

    const char *src = "class Neg:\n    def __len__(self): return -1\n"
                      "class Flt:\n    def __len__(self): return 1.5\n"
                      "class Huge:\n    def __len__(self): return 2**70\n"
                      "class B:\n    def __bool__(self): return 1\n"
                      "class Z:\n    def __len__(self): return 0\n"
                      "n = Neg(); f = Flt(); h = Huge(); b = B(); z = Z(); o = object()\n";
    assert_int_equal(vm_len(vm, run_get(src, "n")), -1);
    assert_exc(vm->exc_ValueError, "__len__() should return >= 0");
    assert_int_equal(vm_len(vm, run_get(src, "f")), -1);
    assert_exc(vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
    assert_int_equal(vm_len(vm, run_get(src, "h")), -1);
    assert_exc(vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    assert_int_equal(vm_truthy(vm, run_get(src, "n")), -1);
    assert_exc(vm->exc_ValueError, "__len__() should return >= 0");
    assert_int_equal(vm_truthy(vm, run_get(src, "b")), -1);
    assert_exc(vm->exc_TypeError, "__bool__ should return bool, returned int");
    assert_int_equal(vm_truthy(vm, run_get(src, "z")), 0);
    assert_int_equal(vm_truthy(vm, run_get(src, "o")), 1);
}

static void test_index(void **state) {
    (void)state;
    int64_t i;
    assert_true(vm_to_index(vm, VAL_TRUE, &i));
    assert_int_equal(i, 1);
    assert_false(vm_to_index(vm, MAKE_FLOAT(1.0), &i));
    assert_exc(vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
    assert_false(vm_to_index(vm, vm_binary_op(vm, BINOP_POW, MAKE_INT(2), MAKE_INT(70)), &i));
    assert_exc(vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    assert_true(ops_repeat_count(vm, MAKE_INT(-5), &i));
    assert_int_equal(i, 0);
    assert_false(ops_repeat_count(vm, S("3"), &i));
    assert_exc(vm->exc_TypeError, "can't multiply sequence by non-int of type 'str'");
    const char *src = "class I:\n    def __index__(self): return 7\n"
                      "class J:\n    def __index__(self): return 'a'\n"
                      "i = I(); j = J()\n";
    assert_true(vm_to_index(vm, run_get(src, "i"), &i));
    assert_int_equal(i, 7);
    assert_false(vm_to_index(vm, run_get(src, "j"), &i));
    assert_exc(vm->exc_TypeError, "__index__ returned non-int (type str)");
}

/* ---- repr / str / format -------------------------------------------------------- */

static void test_repr(void **state) {
    (void)state;
    assert_repr(S("it's\n"), "\"it's\\n\"");
    assert_repr(MAKE_FLOAT(0.1), "0.1");
    assert_repr(VAL_FALSE, "False");
    assert_repr(VAL_NONE, "None");
    assert_str(vm_str(vm, S("plain")), "plain");
    assert_str(vm_str(vm, MAKE_FLOAT(1e22)), "1e+22");
    assert_str(vm_ascii(vm, S("h\xc3\xa9llo\xe1\x88\xb4\xf0\x92\x8d\x85")), "'h\\xe9llo\\u1234\\U00012345'");
    assert_str(vm_format(vm, MAKE_INT(42), S("")), "42");
    assert_str(vm_format(vm, VAL_TRUE, S("")), "True");
    assert_str(vm_format(vm, MAKE_INT(42), S(">5")), "   42");
    assert_str(vm_format(vm, MAKE_FLOAT(2.5), S(".3f")), "2.500");
    assert_true(IS_NULL(vm_format(vm, VAL_NONE, S("x"))));
    assert_exc(vm->exc_TypeError, "unsupported format string passed to NoneType.__format__");

    const char *src = "class G:\n    def __repr__(self): return 1\n    def __str__(self): return 2\n"
                      "class F:\n    def __format__(self, s): return 3\n"
                      "class P:\n    def __repr__(self): return 'P!'\n"
                      "g = G(); f = F(); p = P()\n";
    Value g = run_get(src, "g");
    assert_true(IS_NULL(vm_repr(vm, g)));
    assert_exc(vm->exc_TypeError, "__repr__ returned non-string (type int)");
    assert_true(IS_NULL(vm_str(vm, g)));
    assert_exc(vm->exc_TypeError, "__str__ returned non-string (type int)");
    assert_true(IS_NULL(vm_format(vm, run_get(src, "f"), S(""))));
    assert_exc(vm->exc_TypeError, "__format__ must return a str, not int");
    assert_str(vm_str(vm, run_get(src, "p")), "P!");
    assert_str(vm_format(vm, run_get(src, "p"), S("")), "P!");
}

static void test_repr_guard(void **state) {
    (void)state;
    Obj *a = AS_OBJ(list_of(0)), *b = AS_OBJ(list_of(0));
    assert_int_equal(vm_repr_enter(vm, a), 0);
    assert_int_equal(vm_repr_enter(vm, b), 0);
    assert_int_equal(vm_repr_enter(vm, a), 1);
    vm_repr_leave(vm, b);
    assert_int_equal(vm_repr_enter(vm, b), 0);
    vm_repr_leave(vm, b);
    vm_repr_leave(vm, a);
    assert_int_equal(vm->repr_len, 0);
    /* a self-containing list */
    ObjList *l = AS_LIST(list_of(1, MAKE_INT(1)));
    list_append(vm, l, MAKE_OBJ(l));
    assert_repr(MAKE_OBJ(l), "[1, [...]]");
    assert_int_equal(vm->repr_len, 0);
}

/* ---- subscription, membership, iteration ----------------------------------------- */

static void test_items(void **state) {
    (void)state;
    Value l = list_of(3, MAKE_INT(10), MAKE_INT(20), MAKE_INT(30));
    Value r = vm_getitem(vm, l, MAKE_INT(-1));
    assert_true(IS_INT(r) && AS_INT(r) == 30);
    assert_true(IS_NULL(vm_getitem(vm, l, MAKE_INT(3))));
    assert_exc(vm->exc_IndexError, "list index out of range");
    assert_true(IS_NULL(vm_getitem(vm, tuple_of(0), MAKE_INT(0))));
    assert_exc(vm->exc_IndexError, "tuple index out of range");
    assert_str(vm_getitem(vm, S("h\xc3\xa9!"), MAKE_INT(1)), "\xc3\xa9");
    assert_true(IS_NULL(vm_getitem(vm, S("ab"), MAKE_INT(2))));
    assert_exc(vm->exc_IndexError, "string index out of range");
    assert_true(IS_NULL(vm_getitem(vm, MAKE_INT(1), MAKE_INT(0))));
    assert_exc(vm->exc_TypeError, "'int' object is not subscriptable");
    assert_true(IS_NULL(vm_getitem(vm, MAKE_OBJ(vm->t_int), MAKE_INT(0))));
    assert_exc(vm->exc_TypeError, "type 'int' is not subscriptable");
    assert_true(vm_setitem(vm, l, MAKE_INT(0), S("x")));
    assert_repr(l, "['x', 20, 30]");
    assert_false(vm_setitem(vm, tuple_of(1, VAL_NONE), MAKE_INT(0), VAL_NONE));
    assert_exc(vm->exc_TypeError, "'tuple' object does not support item assignment");
    assert_false(vm_delitem(vm, tuple_of(1, VAL_NONE), MAKE_INT(0)));
    assert_exc(vm->exc_TypeError, "'tuple' object doesn't support item deletion");
    assert_false(vm_delitem(vm, MAKE_INT(5), MAKE_INT(0)));
    assert_exc(vm->exc_TypeError, "'int' object does not support item deletion");

    Value d = MAKE_OBJ(dict_new(vm));
    assert_true(vm_setitem(vm, d, S("k"), MAKE_INT(1)));
    r = vm_getitem(vm, d, S("k"));
    assert_true(IS_INT(r) && AS_INT(r) == 1);
    assert_int_equal(vm_contains(vm, d, S("k")), 1);
    assert_true(vm_delitem(vm, d, S("k")));
    assert_true(IS_NULL(vm_getitem(vm, d, S("k"))));
    assert_exc(vm->exc_KeyError, "'k'");
    assert_false(vm_delitem(vm, d, S("k")));
    assert_exc(vm->exc_KeyError, "'k'");
    assert_int_equal(vm_contains(vm, d, list_of(0)), -1);
    assert_exc(vm->exc_TypeError, "unhashable type: 'list'");
}

static void test_contains(void **state) {
    (void)state;
    Value l = list_of(3, MAKE_INT(1), S("two"), MAKE_FLOAT(3.0));
    assert_int_equal(vm_contains(vm, l, MAKE_INT(3)), 1);
    assert_int_equal(vm_contains(vm, l, S("two")), 1);
    assert_int_equal(vm_contains(vm, l, S("three")), 0);
    assert_int_equal(vm_contains(vm, S("hello"), S("ll")), 1);
    assert_int_equal(vm_contains(vm, S("hello"), S("")), 1);
    assert_int_equal(vm_contains(vm, S("hello"), S("lo!")), 0);
    assert_int_equal(vm_contains(vm, MAKE_INT(1), MAKE_INT(1)), -1);
    assert_exc(vm->exc_TypeError, "argument of type 'int' is not iterable");
    const char *src = "class Seq:\n"
                      "    def __getitem__(self, i):\n"
                      "        if i > 3: raise IndexError\n"
                      "        return i * 2\n"
                      "class NC:\n    __contains__ = None\n"
                      "s = Seq(); nc = NC()\n";
    Value s = run_get(src, "s");
    assert_int_equal(vm_contains(vm, s, MAKE_INT(4)), 1);
    assert_int_equal(vm_contains(vm, s, MAKE_INT(5)), 0);
    assert_int_equal(vm_contains(vm, run_get(src, "nc"), MAKE_INT(5)), -1);
    assert_exc(vm->exc_TypeError, "'NC' object is not a container");
}

static void test_iteration(void **state) {
    (void)state;
    ObjList *l = vm_list_from_iterable(vm, S("h\xc3\xa9y"));
    assert_non_null(l);
    assert_repr(MAKE_OBJ(l), "['h', '\xc3\xa9', 'y']");
    l = vm_list_from_iterable(vm, tuple_of(2, MAKE_INT(1), MAKE_INT(2)));
    assert_repr(MAKE_OBJ(l), "[1, 2]");
    assert_null(vm_list_from_iterable(vm, MAKE_INT(3)));
    assert_exc(vm->exc_TypeError, "'int' object is not iterable");

    const char *src = "class Seq:\n"
                      "    def __getitem__(self, i):\n"
                      "        if i > 2: raise IndexError\n"
                      "        return i * 10\n"
                      "class N:\n    def __next__(self): return 1\n"
                      "class BadIter:\n    def __iter__(self): return 5\n"
                      "class Count:\n"
                      "    def __init__(self): self.n = 0\n"
                      "    def __iter__(self): return self\n"
                      "    def __next__(self):\n"
                      "        self.n += 1\n"
                      "        if self.n > 3: raise StopIteration\n"
                      "        return self.n\n"
                      "s = Seq(); n = N(); bad = BadIter(); c = Count()\n";
    Value it = vm_getiter(vm, run_get(src, "s"));
    assert_false(IS_NULL(it));
    assert_string_equal(vm_type_name(vm, it), "iterator");
    l = vm_list_from_iterable(vm, it);
    assert_repr(MAKE_OBJ(l), "[0, 10, 20]");
    /* exhausted: stays exhausted, no exception */
    assert_true(IS_NULL(vm_iternext(vm, it)));
    assert_false(vm_has_exc(vm));
    assert_repr(MAKE_OBJ(vm_list_from_iterable(vm, run_get(src, "c"))), "[1, 2, 3]");
    assert_true(IS_NULL(vm_getiter(vm, run_get(src, "bad"))));
    assert_exc(vm->exc_TypeError, "iter() returned non-iterator of type 'int'");
    assert_true(IS_NULL(vm_getiter(vm, run_get(src, "n"))));
    assert_exc(vm->exc_TypeError, "'N' object is not iterable");
    assert_true(IS_NULL(vm_iternext(vm, MAKE_INT(1))));
    assert_exc(vm->exc_TypeError, "'int' object is not an iterator");
}

/* ---- argument parsing ------------------------------------------------------------ */

static ObjTuple *kw(int n, ...) {
    ObjTuple *t = tuple_new(vm, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) t->items[i] = MAKE_OBJ(str_intern_cstr(vm, va_arg(ap, const char *)));
    va_end(ap);
    return t;
}

static void test_parse_args(void **state) {
    (void)state;
    Value a, b, c;
    Value args[4] = {MAKE_INT(1), MAKE_INT(2), MAKE_INT(3), MAKE_INT(4)};
    assert_true(vm_parse_args(vm, "f", args, 1, NULL, "iterable|$key,reverse", &a, &b, &c));
    assert_true(IS_INT(a) && IS_NULL(b) && IS_NULL(c));
    /* keyword values follow the positionals */
    assert_true(vm_parse_args(vm, "f", args, 1, kw(1, "reverse"), "iterable|$key,reverse", &a, &b, &c));
    assert_true(IS_NULL(b) && IS_INT(c) && AS_INT(c) == 2);
    assert_true(vm_parse_args(vm, "f", args, 0, kw(2, "b", "a"), "a,b|c", &a, &b, &c));
    assert_true(AS_INT(a) == 2 && AS_INT(b) == 1 && IS_NULL(c));

    assert_false(vm_parse_args(vm, "sorted", args, 2, NULL, "iterable|$key,reverse", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "sorted() takes exactly 1 positional argument (2 given)");
    assert_false(vm_parse_args(vm, "to_bytes", args, 3, NULL, "|length,byteorder,$signed", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "to_bytes() takes at most 2 positional arguments (3 given)");
    assert_false(vm_parse_args(vm, "f", args, 4, NULL, "a,b|c", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "f() takes at most 3 arguments (4 given)");
    assert_false(vm_parse_args(vm, "f", args, 0, kw(4, "a", "b", "c", "d"), "a,b|c", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "f() takes at most 3 keyword arguments (4 given)");
    assert_false(vm_parse_args(vm, "f", args, 1, NULL, "a,b", &a, &b));
    assert_exc(vm->exc_TypeError, "f() missing required argument 'b' (pos 2)");
    assert_false(vm_parse_args(vm, "from_bytes", args, 0, NULL, "bytes|byteorder,$signed", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "from_bytes() missing required argument 'bytes' (pos 1)");
    assert_false(vm_parse_args(vm, "to_bytes", args, 1, kw(1, "foo"), "|length,byteorder,$signed", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "'foo' is an invalid keyword argument for to_bytes()");
    assert_false(vm_parse_args(vm, "to_bytes", args, 2, kw(1, "length"), "|length,byteorder,$signed", &a, &b, &c));
    assert_exc(vm->exc_TypeError, "argument for to_bytes() given by name ('length') and position (1)");
    assert_false(vm_parse_args(vm, "g", args, 1, NULL, "$x", &a));
    assert_exc(vm->exc_TypeError, "g() takes no positional arguments");
    assert_false(vm_parse_args(vm, "g", args, 3, NULL, "a,b", &a, &b));
    assert_exc(vm->exc_TypeError, "g() takes at most 2 arguments (3 given)");
    assert_false(vm_parse_args(vm, "g", args, 2, kw(0), "a|$b", &a, &b));
    assert_exc(vm->exc_TypeError, "g() takes exactly 1 positional argument (2 given)");
}

static void test_check_args(void **state) {
    (void)state;
    assert_true(vm_check_args(vm, "len", 1, 1, 1));
    assert_false(vm_check_args(vm, "len", 2, 1, 1));
    assert_exc(vm->exc_TypeError, "len() takes exactly one argument (2 given)");
    assert_false(vm_check_args(vm, "globals", 1, 0, 0));
    assert_exc(vm->exc_TypeError, "globals() takes no arguments (1 given)");
    assert_false(vm_check_args(vm, "divmod", 1, 2, 2));
    assert_exc(vm->exc_TypeError, "divmod expected 2 arguments, got 1");
    assert_false(vm_check_args(vm, "getattr", 0, 2, 3));
    assert_exc(vm->exc_TypeError, "getattr expected at least 2 arguments, got 0");
    assert_false(vm_check_args(vm, "iter", 0, 1, 2));
    assert_exc(vm->exc_TypeError, "iter expected at least 1 argument, got 0");
    assert_false(vm_check_args(vm, "next", 3, 1, 2));
    assert_exc(vm->exc_TypeError, "next expected at most 2 arguments, got 3");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_numbers), cmocka_unit_test(test_binary_errors),
        cmocka_unit_test(test_sequences),      cmocka_unit_test(test_unary),
        cmocka_unit_test(test_user_dunders),   cmocka_unit_test(test_compare),
        cmocka_unit_test(test_hash),           cmocka_unit_test(test_truth_and_len),
        cmocka_unit_test(test_index),          cmocka_unit_test(test_repr),
        cmocka_unit_test(test_repr_guard),     cmocka_unit_test(test_items),
        cmocka_unit_test(test_contains),       cmocka_unit_test(test_iteration),
        cmocka_unit_test(test_parse_args),     cmocka_unit_test(test_check_args),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
