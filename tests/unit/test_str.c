/* test_str.c: the str type's C API (UTF-8 helpers, builder, constructors,
 * interning and its weak sweep, hashing, code point indexing on long
 * non-ASCII strings, repr, codecs) and its methods called through
 * vm_call_method, checked against CPython 3.11's results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"
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

static ObjStr *S(const char *s) { return str_from_cstr(vm, s); }

static void assert_str(Value v, const char *want) {
    if (IS_NULL(v)) {
        fail_msg("unexpected exception");
    }
    assert_true(IS_STR(v));
    assert_string_equal(AS_STR(v)->data, want);
    assert_int_equal(AS_STR(v)->len, (int64_t)strlen(want));
    assert_int_equal(AS_STR(v)->nchars, utf8_count(want, strlen(want)));
}

static void assert_raised(ObjType *type, const char *msg) {
    assert_true(vm_has_exc(vm));
    assert_true(vm_exc_matches(vm, type));
    if (msg) {
        Value e = vm_take_exc(vm);
        Value s = vm_str(vm, e);
        assert_false(IS_NULL(s));
        assert_string_equal(AS_STR(s)->data, msg);
    }
    vm_clear_exc(vm);
}

/* s.name(args...) with up to 4 positional arguments */
static Value call(ObjStr *s, const char *name, int n, ...) {
    Value args[4];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Value);
    va_end(ap);
    return vm_call_method(vm, MAKE_OBJ(s), str_intern_cstr(vm, name), args, n);
}

/* repr() of any value, as a C string owned by the VM */
static const char *R(Value v) {
    assert_false(IS_NULL(v));
    Value r = vm_repr(vm, v);
    assert_false(IS_NULL(r));
    return AS_STR(r)->data;
}

#define O(x) MAKE_OBJ(x)

static void test_utf8(void **state) {
    (void)state;
    char buf[4];
    assert_int_equal(utf8_encode(0x41, buf), 1);
    assert_int_equal(utf8_encode(0xE9, buf), 2);
    assert_memory_equal(buf, "\xC3\xA9", 2);
    assert_int_equal(utf8_encode(0x20AC, buf), 3);
    assert_memory_equal(buf, "\xE2\x82\xAC", 3);
    assert_int_equal(utf8_encode(0x1F600, buf), 4);
    int n;
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", &n), 0x1F600);
    assert_int_equal(n, 4);
    assert_int_equal(utf8_count("a\xC3\xA9\xE2\x82\xAC", 6), 3);
    assert_int_equal(utf8_check("ab\xC3\xA9", 4), 4);
    assert_int_equal(utf8_check("ab\xFFx", 4), 2);
    assert_int_equal(utf8_check("\xED\xA0\x80", 3), 0); /* surrogate */
    assert_int_equal(utf8_check("a\xE2\x82", 3), 1);     /* truncated */
}

static void test_strbuf(void **state) {
    (void)state;
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "x=");
    strbuf_printf(&b, "%d", 42);
    strbuf_add_char(&b, ' ');
    strbuf_add_cp(&b, 0xE9);
    strbuf_add_str(&b, S("!"));
    for (int i = 0; i < 100; i++) strbuf_add(&b, "ab", 2);
    ObjStr *s = strbuf_finish(vm, &b);
    assert_int_equal(s->len, 8 + 200);
    assert_int_equal(s->nchars, 7 + 200);
    assert_memory_equal(s->data, "x=42 \xC3\xA9!abab", 12);
    assert_null(b.data);
    strbuf_init(&b);
    assert_true(strbuf_finish(vm, &b) == vm->empty_str);
}

static void test_constructors(void **state) {
    (void)state;
    assert_true(str_new(vm, "", 0) == vm->empty_str);
    assert_true(str_new(vm, "a", 1) == str_from_cstr(vm, "a"));
    assert_true(str_new(vm, "a", 1) == vm->char_cache['a']);
    ObjStr *s = str_new(vm, "h\xC3\xA9llo", 6);
    assert_int_equal(s->nchars, 5);
    assert_false(s->obj.flags & STR_ASCII);
    assert_true(S("hello")->obj.flags & STR_ASCII);
    ObjStr *p = str_printf(vm, "%s-%d-%c", "ab", -7, 'z');
    assert_string_equal(p->data, "ab--7-z");
    assert_true(p->obj.type == vm->t_str);
    assert_int_equal(str_from_codepoint(vm, 0x20AC)->len, 3);
    assert_true(str_from_codepoint(vm, 'q') == vm->char_cache['q']);
}

static void test_intern(void **state) {
    (void)state;
    ObjStr *a = str_intern_cstr(vm, "some_identifier");
    ObjStr *b = str_intern(vm, "some_identifier_xyz", 15);
    assert_true(a == b);
    assert_true(a->obj.flags & STR_INTERNED);
    assert_true(str_intern_cstr(vm, "__init__") == vm->s___init__);
    ObjStr *c = str_from_cstr(vm, "some_identifier");
    assert_true(c != a);
    assert_true(str_equal(a, c));
    assert_int_equal(str_hash(vm, a), str_hash(vm, c));
    /* many interned strings force resizes */
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "name_%d", i);
        str_intern_cstr(vm, name);
    }
    size_t before = vm->interned_count;
    assert_true(before >= 5000);
    for (int i = 0; i < 5000; i += 777) {
        snprintf(name, sizeof name, "name_%d", i);
        ObjStr *x = str_intern_cstr(vm, name);
        assert_string_equal(x->data, name);
        assert_true(x == str_intern_cstr(vm, name));
    }
    /* weak: unreferenced interned strings go away at a collection */
    gc_collect(vm);
    assert_true(vm->interned_count < before - 4000);
    assert_true(str_intern_cstr(vm, "__init__") == vm->s___init__);
    ObjStr *y = str_intern_cstr(vm, "name_42");
    assert_string_equal(y->data, "name_42");
    assert_true(y == str_intern_cstr(vm, "name_42"));
}

static void test_hash_equal_compare(void **state) {
    (void)state;
    assert_int_equal(str_hash(vm, vm->empty_str), 0);
    ObjStr *a = S("abc"), *b = str_new(vm, "abcd", 3);
    assert_int_equal(str_hash(vm, a), str_hash(vm, b));
    assert_true(a->obj.flags & STR_HASHED);
    assert_true(str_hash(vm, S("abd")) != str_hash(vm, a));
    assert_true(str_hash(vm, S("abc")) != (uint64_t)-1);
    assert_true(str_equal(a, b));
    assert_false(str_equal(a, S("abd")));
    assert_false(str_equal(a, S("ab")));
    assert_true(str_compare(S("a"), S("b")) < 0);
    assert_true(str_compare(S("ab"), S("a")) > 0);
    assert_true(str_compare(S("z"), S("\xC3\xA9")) < 0);          /* 'z' < 'é' */
    assert_true(str_compare(S("\xEF\xBF\xBF"), S("\xF0\x9F\x98\x80")) < 0); /* U+FFFF < U+1F600 */
    assert_int_equal(str_compare(a, b), 0);
}

static void test_indexing(void **state) {
    (void)state;
    /* a long non-ASCII string: index built, every offset checked */
    StrBuf b;
    strbuf_init(&b);
    uint32_t cps[1000];
    for (int i = 0; i < 1000; i++) {
        cps[i] = (i % 7 == 0) ? 0x1F600 + (uint32_t)i : (i % 3 == 0) ? 0xE9 : (i % 5 == 0) ? 0x65E5 : 'a' + (uint32_t)(i % 26);
        strbuf_add_cp(&b, cps[i]);
    }
    ObjStr *s = strbuf_finish(vm, &b);
    assert_int_equal(s->nchars, 1000);
    for (int i = 0; i < 1000; i++) assert_int_equal(str_char_at(s, i), cps[i]);
    assert_int_equal(str_byte_offset(s, 0), 0);
    assert_int_equal(str_byte_offset(s, 1000), s->len);
    ObjStr *sub = str_substr(vm, s, 100, 200);
    assert_int_equal(sub->nchars, 100);
    for (int i = 0; i < 100; i++) assert_int_equal(str_char_at(sub, i), cps[100 + i]);
    assert_true(str_substr(vm, s, 0, 1000) == s);
    assert_true(str_substr(vm, s, 5, 5) == vm->empty_str);
    /* short non-ASCII (no index) */
    ObjStr *t = S("na\xC3\xAFve \xE2\x80\x94 \xF0\x9F\x98\x80!");
    assert_int_equal(t->nchars, 10);
    assert_int_equal(str_char_at(t, 2), 0xEF);
    assert_int_equal(str_char_at(t, 8), 0x1F600);
    assert_int_equal(str_char_at(t, 9), '!');
    assert_string_equal(str_substr(vm, t, 6, 9)->data, "\xE2\x80\x94 \xF0\x9F\x98\x80");
    /* __getitem__ with slices and steps */
    Value sl = call(s, "__getitem__", 1, MAKE_INT(-1));
    assert_int_equal(str_char_at(AS_STR(sl), 0), cps[999]);
    assert_str(call(S("hello"), "__getitem__", 1, MAKE_INT(1)), "e");
    call(S("hello"), "__getitem__", 1, MAKE_INT(5));
    assert_raised(vm->exc_IndexError, "string index out of range");
    call(S("hello"), "__getitem__", 1, MAKE_FLOAT(1.5));
    assert_raised(vm->exc_TypeError, "string indices must be integers, not 'float'");
}

static void test_repr(void **state) {
    (void)state;
    assert_string_equal(str_repr(vm, S("it's"))->data, "\"it's\"");
    assert_string_equal(str_repr(vm, S("say \"hi\""))->data, "'say \"hi\"'");
    assert_string_equal(str_repr(vm, S("both ' and \""))->data, "'both \\' and \"'");
    assert_string_equal(str_repr(vm, S("a\\b\n\t\r\x01\x7f"))->data, "'a\\\\b\\n\\t\\r\\x01\\x7f'");
    assert_string_equal(str_repr(vm, S("\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80"))->data, "'\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80'");
    assert_string_equal(str_repr(vm, S("\xC2\x80\xC2\xA0\xC2\xAD"))->data, "'\\x80\\xa0\\xad'");
    assert_string_equal(str_repr(vm, S("\xE2\x80\xA8"))->data, "'\\u2028'");
    assert_string_equal(str_repr(vm, S("\xF3\xA0\x80\x81"))->data, "'\\U000e0001'");
    StrBuf b;
    strbuf_init(&b);
    str_repr_into(&b, S("\xC3\xA9\xF0\x9F\x98\x80\x01" "a"), true);
    assert_string_equal(b.data, "'\\xe9\\U0001f600\\x01a'");
    strbuf_free(&b);
}

static void test_codecs(void **state) {
    (void)state;
    ObjStr *d = str_decode_utf8(vm, "h\xC3\xA9", 3, "strict");
    assert_non_null(d);
    assert_int_equal(d->nchars, 2);
    assert_null(str_decode_utf8(vm, "\xFF", 1, "strict"));
    assert_raised(vm->exc_UnicodeDecodeError,
                  "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    assert_null(str_decode_utf8(vm, "a\xC3", 2, NULL));
    assert_raised(vm->exc_UnicodeDecodeError,
                  "'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data");
    assert_null(str_decode_utf8(vm, "\xE2\x82", 2, "strict"));
    assert_raised(vm->exc_UnicodeDecodeError,
                  "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
    assert_null(str_decode_utf8(vm, "\xED\xA0\x80", 3, "strict"));
    assert_raised(vm->exc_UnicodeDecodeError,
                  "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte");
    assert_string_equal(str_decode_utf8(vm, "a\xFF\xE2\x82" "b", 5, "replace")->data, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    assert_string_equal(str_decode_utf8(vm, "a\xFF" "b", 3, "ignore")->data, "ab");
    assert_string_equal(str_decode_utf8(vm, "a\xFF" "b", 3, "backslashreplace")->data, "a\\xffb");
    assert_null(str_decode_utf8(vm, "a\xFF" "b", 3, "bogus"));
    assert_raised(vm->exc_LookupError, "unknown error handler name 'bogus'");

    Value b = call(S("h\xC3\xA9llo \xE2\x82\xAC"), "encode", 0);
    assert_string_equal(R(b), "b'h\\xc3\\xa9llo \\xe2\\x82\\xac'");
    b = call(S("a\xC3\xA9"), "encode", 1, O(S("latin-1")));
    assert_string_equal(R(b), "b'a\\xe9'");
    call(S("\xC3\xA9\xE2\x82\xAC"), "encode", 1, O(S("ascii")));
    assert_raised(vm->exc_UnicodeEncodeError,
                  "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)");
    call(S("a\xE2\x82\xAC"), "encode", 1, O(S("latin1")));
    assert_raised(vm->exc_UnicodeEncodeError,
                  "'latin-1' codec can't encode character '\\u20ac' in position 1: ordinal not in range(256)");
    assert_string_equal(R(call(S("a\xC3\xA9\xE2\x82\xAC" "b"), "encode", 2, O(S("ascii")), O(S("replace")))), "b'a??b'");
    assert_string_equal(R(call(S("a\xC3\xA9\xE2\x82\xAC" "b"), "encode", 2, O(S("latin-1")), O(S("xmlcharrefreplace")))),
                        "b'a\\xe9&#8364;b'");
    assert_string_equal(R(call(S("a\xC3\xA9\xE2\x82\xAC" "b"), "encode", 2, O(S("ascii")), O(S("backslashreplace")))),
                        "b'a\\\\xe9\\\\u20acb'");
    call(S("x"), "encode", 1, O(S("zz")));
    assert_raised(vm->exc_LookupError, "unknown encoding: zz");
}

static void test_methods_split_join(void **state) {
    (void)state;
    assert_string_equal(R(call(S("  the quick  brown\tfox\njumps  "), "split", 0)),
                        "['the', 'quick', 'brown', 'fox', 'jumps']");
    assert_string_equal(R(call(S("a,b,,c"), "split", 2, O(S(",")), MAKE_INT(1))), "['a', 'b,,c']");
    assert_string_equal(R(call(S("  a  b  "), "split", 2, VAL_NONE, MAKE_INT(1))), "['a', 'b  ']");
    assert_string_equal(R(call(S("  a  b  "), "rsplit", 2, VAL_NONE, MAKE_INT(1))), "['  a', 'b']");
    assert_string_equal(R(call(S("a,b,c"), "rsplit", 2, O(S(",")), MAKE_INT(1))), "['a,b', 'c']");
    assert_string_equal(R(call(S("a\xE3\x80\x80" "b\xC2\x85" "c"), "split", 0)), "['a', 'b', 'c']");
    assert_string_equal(R(call(S(""), "split", 0)), "[]");
    assert_string_equal(R(call(S(""), "split", 1, O(S(",")))), "['']");
    call(S("a"), "split", 1, O(S("")));
    assert_raised(vm->exc_ValueError, "empty separator");
    call(S("a"), "split", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "must be str or None, not int");
    ObjList *l = list_new(vm, 0);
    list_append(vm, l, O(S("a")));
    list_append(vm, l, O(S("\xC3\xA9")));
    list_append(vm, l, O(S("c")));
    assert_str(call(S("--"), "join", 1, O(l)), "a--\xC3\xA9--c");
    list_append(vm, l, MAKE_INT(3));
    call(S(","), "join", 1, O(l));
    assert_raised(vm->exc_TypeError, "sequence item 3: expected str instance, int found");
    call(S(","), "join", 1, MAKE_INT(3));
    assert_raised(vm->exc_TypeError, "can only join an iterable");
    assert_str(call(S("-"), "join", 1, O(S("abc"))), "a-b-c");
    assert_string_equal(R(call(S("line one\nline two\r\nthree\rfour\n\nlast"), "splitlines", 0)),
                        "['line one', 'line two', 'three', 'four', '', 'last']");
    assert_string_equal(R(call(S("ab\xC2\x85" "c\xE2\x80\xA8" "d\x1c" "e"), "splitlines", 1, VAL_TRUE)),
                        "['ab\\x85', 'c\\u2028', 'd\\x1c', 'e']");
    assert_string_equal(R(call(S("key=value=more"), "partition", 1, O(S("=")))), "('key', '=', 'value=more')");
    assert_string_equal(R(call(S("key=value=more"), "rpartition", 1, O(S("=")))), "('key=value', '=', 'more')");
    assert_string_equal(R(call(S("novalue"), "rpartition", 1, O(S("=")))), "('', '', 'novalue')");
}

static void test_methods_search(void **state) {
    (void)state;
    ObjStr *s = S("hello world, hello universe");
    assert_int_equal(AS_INT(call(s, "find", 1, O(S("hello")))), 0);
    assert_int_equal(AS_INT(call(s, "find", 2, O(S("hello")), MAKE_INT(1))), 13);
    assert_int_equal(AS_INT(call(s, "find", 3, O(S("o")), MAKE_INT(5), MAKE_INT(10))), 7);
    assert_int_equal(AS_INT(call(s, "rfind", 1, O(S("o")))), 17);
    assert_int_equal(AS_INT(call(s, "rfind", 2, O(S("")), MAKE_INT(3))), 27);
    assert_int_equal(AS_INT(call(s, "find", 2, O(S("")), MAKE_INT(30))), -1);
    assert_int_equal(AS_INT(call(s, "count", 1, O(S("l")))), 5);
    assert_int_equal(AS_INT(call(s, "count", 1, O(S("")))), 28);
    assert_int_equal(AS_INT(call(S("aaaa"), "count", 1, O(S("aa")))), 2);
    assert_int_equal(AS_INT(call(S("h\xC3\xA9llo w\xC3\xB6rld"), "find", 1, O(S("w")))), 6);
    assert_int_equal(AS_INT(call(S("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x83\x86"), "index", 1, O(S("\xE3\x83\x86")))), 3);
    call(s, "index", 1, O(S("xyz")));
    assert_raised(vm->exc_ValueError, "substring not found");
    call(s, "find", 0);
    assert_raised(vm->exc_TypeError, "find() takes at least 1 argument (0 given)");
    call(s, "find", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "must be str, not int");
    assert_true(AS_BOOL(call(s, "startswith", 2, O(S("world")), MAKE_INT(6))));
    ObjTuple *t = tuple_new(vm, 2);
    t->items[0] = O(S("x"));
    t->items[1] = O(S("se"));
    assert_true(AS_BOOL(call(s, "endswith", 1, O(t))));
    assert_false(AS_BOOL(call(S("abc"), "startswith", 2, O(S("")), MAKE_INT(5))));
    call(s, "startswith", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "startswith first arg must be str or a tuple of str, not int");
    assert_str(call(s, "replace", 2, O(S("hello")), O(S("bye"))), "bye world, bye universe");
    assert_str(call(s, "replace", 3, O(S("hello")), O(S("bye")), MAKE_INT(1)), "bye world, hello universe");
    assert_str(call(S("abc"), "replace", 2, O(S("")), O(S("-"))), "-a-b-c-");
    assert_str(call(S("abc"), "replace", 3, O(S("")), O(S("-")), MAKE_INT(2)), "-a-bc");
    assert_str(call(S("\xC3\xA9t\xC3\xA9"), "replace", 2, O(S("\xC3\xA9")), O(S("e"))), "ete");
    assert_true(AS_BOOL(call(S("b"), "__contains__", 1, O(S("abc")))) == false);
    assert_true(AS_BOOL(call(S("abc"), "__contains__", 1, O(S("bc")))));
    call(S("abc"), "__contains__", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "'in <string>' requires string as left operand, not int");
}

static void test_methods_case(void **state) {
    (void)state;
    assert_str(call(S("hELLO wORLD"), "title", 0), "Hello World");
    assert_str(call(S("they're bill's"), "title", 0), "They'Re Bill'S");
    assert_str(call(S("\xC3\xA9" "clair"), "upper", 0), "\xC3\x89" "CLAIR");
    assert_str(call(S("\xC3\x9F"), "upper", 0), "SS");                              /* ß */
    assert_str(call(S("\xC3\x9F"), "title", 0), "Ss");
    assert_str(call(S("\xC3\x9F"), "casefold", 0), "ss");
    assert_str(call(S("\xCE\xA3\xCE\x91\xCE\xA3"), "lower", 0), "\xCF\x83\xCE\xB1\xCF\x82"); /* ΣΑΣ -> σας */
    assert_str(call(S("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"), "upper", 0),
               "\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2"); /* Привет */
    assert_str(call(S("\xC4\xB0"), "lower", 0), "i\xCC\x87");                       /* İ */
    assert_str(call(S("mIxEd CaSe"), "swapcase", 0), "MiXeD cAsE");
    assert_str(call(S("hello WORLD"), "capitalize", 0), "Hello world");
    assert_str(call(S("\xC7\x86x"), "title", 0), "\xC7\x85x"); /* ǆ -> ǅ */
    assert_true(AS_BOOL(call(S("Hello World"), "istitle", 0)));
    assert_false(AS_BOOL(call(S("hello World"), "istitle", 0)));
    assert_true(AS_BOOL(call(S("ABC1"), "isupper", 0)));
    assert_false(AS_BOOL(call(S("123"), "islower", 0)));
    call(S("a"), "upper", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "str.upper() takes no arguments (1 given)");
}

static void test_methods_predicates(void **state) {
    (void)state;
    assert_true(AS_BOOL(call(S("123"), "isdigit", 0)));
    assert_false(AS_BOOL(call(S(""), "isdigit", 0)));
    assert_true(AS_BOOL(call(S("\xD9\xA3"), "isdecimal", 0)));  /* ٣ */
    assert_true(AS_BOOL(call(S("\xC2\xB2"), "isdigit", 0)));    /* ² */
    assert_false(AS_BOOL(call(S("\xC2\xB2"), "isdecimal", 0)));
    assert_true(AS_BOOL(call(S("\xC2\xBD"), "isnumeric", 0)));  /* ½ */
    assert_true(AS_BOOL(call(S("\xC3\xA9t\xC3\xA9"), "isalpha", 0)));
    assert_true(AS_BOOL(call(S(" \t\n\x0b\x0c\r\x1c"), "isspace", 0)));
    assert_true(AS_BOOL(call(S("abc123"), "isalnum", 0)));
    assert_true(AS_BOOL(call(S("_x1"), "isidentifier", 0)));
    assert_false(AS_BOOL(call(S("1x"), "isidentifier", 0)));
    assert_true(AS_BOOL(call(S("abc"), "isascii", 0)));
    assert_false(AS_BOOL(call(S("\xC3\xA9"), "isascii", 0)));
    assert_false(AS_BOOL(call(S("a\n"), "isprintable", 0)));
    assert_true(AS_BOOL(call(S(""), "isprintable", 0)));
}

static void test_methods_pad_strip(void **state) {
    (void)state;
    assert_str(call(S("abc"), "center", 2, MAKE_INT(6), O(S("-"))), "-abc--");
    assert_str(call(S("xy"), "center", 1, MAKE_INT(5)), "  xy ");
    assert_str(call(S("a"), "ljust", 2, MAKE_INT(3), O(S("\xC3\xA9"))), "a\xC3\xA9\xC3\xA9");
    assert_str(call(S("a"), "rjust", 1, MAKE_INT(3)), "  a");
    call(S("x"), "center", 2, MAKE_INT(5), O(S("ab")));
    assert_raised(vm->exc_TypeError, "The fill character must be exactly one character long");
    assert_str(call(S("-42"), "zfill", 1, MAKE_INT(5)), "-0042");
    assert_str(call(S("+"), "zfill", 1, MAKE_INT(3)), "+00");
    assert_str(call(S("\t  hi \n "), "strip", 0), "hi");
    assert_str(call(S("xyhiyx"), "strip", 1, O(S("xy"))), "hi");
    assert_str(call(S("abcba"), "lstrip", 1, O(S("ab"))), "cba");
    assert_str(call(S("\xC3\xA9" "a\xC3\xA9"), "rstrip", 1, O(S("\xC3\xA9"))), "\xC3\xA9" "a");
    assert_str(call(S("\xE3\x80\x80x\xE3\x80\x80"), "strip", 0), "x");
    call(S("a"), "strip", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "strip arg must be None or str");
    assert_str(call(S("a\tb\n\tc"), "expandtabs", 0), "a       b\n        c");
    assert_str(call(S("a\tb"), "expandtabs", 1, MAKE_INT(4)), "a   b");
    assert_str(call(S("prefix_body"), "removeprefix", 1, O(S("prefix_"))), "body");
    assert_str(call(S("body.txt"), "removesuffix", 1, O(S(".txt"))), "body");
}

static void test_operators(void **state) {
    (void)state;
    assert_str(call(S("ab"), "__add__", 1, O(S("c\xC3\xA9"))), "abc\xC3\xA9");
    call(S("ab"), "__add__", 1, MAKE_INT(1));
    assert_raised(vm->exc_TypeError, "can only concatenate str (not \"int\") to str");
    assert_str(call(S("ab"), "__mul__", 1, MAKE_INT(3)), "ababab");
    assert_str(call(S("\xC3\xA9"), "__rmul__", 1, MAKE_INT(2)), "\xC3\xA9\xC3\xA9");
    assert_str(call(S("ab"), "__mul__", 1, MAKE_INT(-1)), "");
    call(S("ab"), "__mul__", 1, MAKE_FLOAT(1.5));
    assert_raised(vm->exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    assert_true(call(S("a"), "__lt__", 1, MAKE_INT(1)).as.o == vm->not_implemented);
    assert_true(AS_BOOL(call(S("a"), "__lt__", 1, O(S("b")))));
    assert_true(AS_BOOL(call(S("a"), "__eq__", 1, O(S("a")))));
    assert_int_equal(AS_INT(call(S("h\xC3\xA9"), "__len__", 0)), 2);
    assert_str(call(S("it's"), "__repr__", 0), "\"it's\"");
    Value it = call(S("a\xC3\xA9"), "__iter__", 0);
    assert_string_equal(vm_type_name(vm, it), "str_iterator");
    assert_str(vm_iternext(vm, it), "a");
    assert_str(vm_iternext(vm, it), "\xC3\xA9");
    assert_true(IS_NULL(vm_iternext(vm, it)));
    assert_false(vm_has_exc(vm));
    it = call(S("ab"), "__iter__", 0);
    assert_string_equal(vm_type_name(vm, it), "str_ascii_iterator");
}

static void test_translate(void **state) {
    (void)state;
    Value args[3] = {O(S("ab")), O(S("cd")), O(S("e"))};
    Value table = vm_call_method(vm, MAKE_OBJ(vm->t_str), str_intern_cstr(vm, "maketrans"), args, 3);
    assert_string_equal(R(table), "{97: 99, 98: 100, 101: None}");
    assert_str(call(S("abecab"), "translate", 1, table), "cdccd");
    Value a1 = O(S("ab"));
    vm_call_method(vm, MAKE_OBJ(vm->t_str), str_intern_cstr(vm, "maketrans"), (Value[2]){a1, O(S("c"))}, 2);
    assert_raised(vm->exc_ValueError, "the first two maketrans arguments must have equal length");
}

static void test_new(void **state) {
    (void)state;
    Value t = MAKE_OBJ(vm->t_str);
    Value none[1] = {VAL_NONE};
    assert_str(vm_call(vm, t, none, 0, NULL), "");
    assert_str(vm_call1(vm, t, MAKE_INT(123)), "123");
    ObjBytes *b = bytes_new(vm, (const uint8_t *)"h\xC3\xA9", 3);
    assert_str(vm_call2(vm, t, O(b), O(S("utf-8"))), "h\xC3\xA9");
    assert_str(vm_call2(vm, t, O(b), O(S("latin-1"))), "h\xC3\x83\xC2\xA9");
    vm_call2(vm, t, O(b), O(S("ascii")));
    assert_raised(vm->exc_UnicodeDecodeError,
                  "'ascii' codec can't decode byte 0xc3 in position 1: ordinal not in range(128)");
    vm_call2(vm, t, O(S("x")), O(S("utf-8")));
    assert_raised(vm->exc_TypeError, "decoding str is not supported");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_intern),
        cmocka_unit_test(test_hash_equal_compare),
        cmocka_unit_test(test_indexing),
        cmocka_unit_test(test_repr),
        cmocka_unit_test(test_codecs),
        cmocka_unit_test(test_methods_split_join),
        cmocka_unit_test(test_methods_search),
        cmocka_unit_test(test_methods_case),
        cmocka_unit_test(test_methods_predicates),
        cmocka_unit_test(test_methods_pad_strip),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_translate),
        cmocka_unit_test(test_new),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
