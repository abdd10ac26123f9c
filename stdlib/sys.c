/* sys.c: the sys module and the standard streams.
 *
 * sys.stdin/stdout/stderr are small text-stream objects (shown as
 * _io.TextIOWrapper) over C stdio: stdout stays line-buffered on a terminal
 * and block-buffered otherwise (stdio's default), stderr is unbuffered and
 * every write to it flushes stdout first so the two interleave sanely.
 * print() and the prompt write through sys_write(): straight to the FILE
 * while sys.stdout is still a stream object, through its write() method
 * once the user has replaced it.
 *
 * version_info, float_info, int_info and flags are tuple subclasses with
 * named read-only fields, like CPython's struct sequences.
 */
#include <limits.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "dict.h"
#include "exception.h"
#include "float.h"
#include "int.h"
#include "list.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

#define PY_VERSION "3.11.7"
#define COIL_VERSION "0.1.0"
#ifdef __clang__
#define COMPILER "[Clang " __clang_version__ "]"
#elif defined(__GNUC__)
#define COMPILER "[GCC " __VERSION__ "]"
#else
#define COMPILER "[C]"
#endif

/* ---- the stream type --------------------------------------------------- */

typedef struct {
    Obj obj;
    int which;   /* 0 stdin, 1 stdout, 2 stderr */
    bool closed;
} ObjStream;

static void stream_trace(GC *gc, Obj *o) { (void)gc; (void)o; }

static bool is_stream(Value v) { return IS_OBJ(v) && AS_OBJ(v)->type->trace == stream_trace; }

static FILE *stream_file(VM *vm, ObjStream *s) {
    switch (s->which) {
    case 0: return stdin;
    case 1: return vm->out;
    default: return vm->err;
    }
}

static const char *stream_name(ObjStream *s) {
    return s->which == 0 ? "<stdin>" : s->which == 1 ? "<stdout>" : "<stderr>";
}

static ObjStream *stream_self(VM *vm, Value *args, int nargs, const char *meth) {
    if (nargs < 1 || !is_stream(args[0])) {
        vm_raise(vm, vm->exc_TypeError, "descriptor '%s' requires a '_io.TextIOWrapper' object", meth);
        return NULL;
    }
    return (ObjStream *)AS_OBJ(args[0]);
}

static bool check_open(VM *vm, ObjStream *s) {
    if (!s->closed) return true;
    vm_raise(vm, vm->exc_ValueError, "I/O operation on closed file.");
    return false;
}

static Value unsupported(VM *vm, const char *what) {
    /* io.UnsupportedOperation (builtins_io.c's type, ptypes[53]) */
    ObjType *t = vm->ptypes[53];
    if (!t || !(t->tflags & TF_EXCEPTION)) t = vm->exc_OSError;
    return vm_raise(vm, t, "%s", what);
}

static bool stream_write_str(VM *vm, ObjStream *s, ObjStr *str) {
    if (!check_open(vm, s)) return false;
    if (s->which == 0) {
        unsupported(vm, "not writable");
        return false;
    }
    FILE *f = stream_file(vm, s);
    if (s->which == 2 && vm->out != f) fflush(vm->out);
    if (str->len > 0) fwrite(str->data, 1, (size_t)str->len, f);
    if (s->which == 2) fflush(f);
    if (ferror(f)) {
        /* the reader went away (SIGPIPE is ignored, as in CPython) or the
         * disk is full: an OSError like CPython's */
        int e = errno;
        clearerr(f);
        if (e == EPIPE) {
            Value args[2] = {MAKE_INT(EPIPE), MAKE_OBJ(str_from_cstr(vm, "Broken pipe"))};
            vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_BrokenPipeError, args, 2)));
        } else {
            Value args[2] = {MAKE_INT(e), MAKE_OBJ(str_from_cstr(vm, strerror(e)))};
            vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_OSError, args, 2)));
        }
        return false;
    }
    return true;
}

static Value stream_write(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "write");
    if (!s) return VAL_NULL;
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "TextIOWrapper.write() takes exactly one argument (%d given)", nargs - 1);
    if (!IS_STR(args[1]))
        return vm_raise(vm, vm->exc_TypeError, "write() argument must be str, not %s", vm_type_name(vm, args[1]));
    if (!stream_write_str(vm, s, AS_STR(args[1]))) return VAL_NULL;
    return MAKE_INT(AS_STR(args[1])->nchars);
}

static Value stream_writelines(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "writelines");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.writelines", nargs - 1, 1, 1)) return VAL_NULL;
    Value it = vm_getiter(vm, args[1]);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value v = vm_iternext(vm, it);
        if (IS_NULL(v)) {
            if (vm_has_exc(vm)) return VAL_NULL;
            break;
        }
        if (!IS_STR(v))
            return vm_raise(vm, vm->exc_TypeError, "write() argument must be str, not %s", vm_type_name(vm, v));
        if (!stream_write_str(vm, s, AS_STR(v))) return VAL_NULL;
    }
    return VAL_NONE;
}

static Value stream_flush(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "flush");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.flush", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    if (s->which != 0) fflush(stream_file(vm, s));
    return VAL_NONE;
}

static Value stream_fileno(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "fileno");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.fileno", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return MAKE_INT(fileno(stream_file(vm, s)));
}

static Value stream_isatty(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "isatty");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.isatty", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return MAKE_BOOL(isatty(fileno(stream_file(vm, s))));
}

static Value stream_readable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "readable");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.readable", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return MAKE_BOOL(s->which == 0);
}

static Value stream_writable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "writable");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.writable", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return MAKE_BOOL(s->which != 0);
}

static Value stream_seekable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "seekable");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.seekable", nargs - 1, 0, 0)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return VAL_FALSE;
}

static Value stream_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "close");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "TextIOWrapper.close", nargs - 1, 0, 0)) return VAL_NULL;
    if (!s->closed && s->which != 0) fflush(stream_file(vm, s));
    s->closed = true;
    return VAL_NONE;
}

/* stdin goes through console.c, the one reader of fd 0 (shared with
 * input() and the prompt, so nothing read ahead is lost between them). */
static Value read_line(VM *vm, ObjStream *s, int64_t limit) {
    (void)s;
    return console_readline(vm, limit);
}

static bool size_arg(VM *vm, Value *args, int nargs, int64_t *out) {
    *out = -1;
    if (nargs < 2 || IS_NONE(args[1])) return true;
    return vm_to_index(vm, args[1], out);
}

static Value stream_readline(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "readline");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "readline", nargs - 1, 0, 1)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    if (s->which != 0) return unsupported(vm, "not readable");
    int64_t limit;
    if (!size_arg(vm, args, nargs, &limit)) return VAL_NULL;
    return read_line(vm, s, limit);
}

static Value stream_read(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "read");
    if (!s) return VAL_NULL;
    if (!vm_check_args(vm, "read", nargs - 1, 0, 1)) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    if (s->which != 0) return unsupported(vm, "not readable");
    int64_t limit;
    if (!size_arg(vm, args, nargs, &limit)) return VAL_NULL;
    if (limit < 0) return console_read_all(vm);
    /* read(n): whole lines until n characters (console limits count bytes,
     * which never exceed the characters still wanted) */
    StrBuf b;
    strbuf_init(&b);
    int64_t got = 0;
    while (got < limit) {
        Value part = console_readline(vm, limit - got);
        if (IS_NULL(part)) {
            strbuf_free(&b);
            return VAL_NULL;
        }
        if (AS_STR(part)->len == 0) break;
        strbuf_add_str(&b, AS_STR(part));
        got += AS_STR(part)->nchars;
    }
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value stream_readlines(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "readlines");
    if (!s) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    if (s->which != 0) return unsupported(vm, "not readable");
    ObjList *l = list_new(vm, 0);
    for (;;) {
        Value line = read_line(vm, s, -1);
        if (IS_NULL(line)) return VAL_NULL;
        if (AS_STR(line)->len == 0) break;
        list_append(vm, l, line);
    }
    return MAKE_OBJ(l);
}

static Value stream_iternext(VM *vm, Value self) {
    ObjStream *s = (ObjStream *)AS_OBJ(self);
    if (!check_open(vm, s)) return VAL_NULL;
    if (s->which != 0) return unsupported(vm, "not readable");
    Value line = read_line(vm, s, -1);
    if (IS_NULL(line)) return VAL_NULL;
    if (AS_STR(line)->len == 0) return VAL_NULL;
    return line;
}

static Value stream_enter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "__enter__");
    if (!s) return VAL_NULL;
    if (!check_open(vm, s)) return VAL_NULL;
    return args[0];
}

static Value stream_exit(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return stream_close(vm, args, 1, NULL);
}

static Value stream_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjStream *s = stream_self(vm, args, nargs, "__repr__");
    if (!s) return VAL_NULL;
    return MAKE_OBJ(str_printf(vm, "<_io.TextIOWrapper name='%s' mode='%s' encoding='utf-8'>", stream_name(s),
                               s->which == 0 ? "r" : "w"));
}

static Value sg_name(VM *vm, Value self) { return MAKE_OBJ(str_from_cstr(vm, stream_name((ObjStream *)AS_OBJ(self)))); }
static Value sg_mode(VM *vm, Value self) {
    return MAKE_OBJ(str_from_cstr(vm, ((ObjStream *)AS_OBJ(self))->which == 0 ? "r" : "w"));
}
static Value sg_encoding(VM *vm, Value self) { return MAKE_OBJ(str_from_cstr(vm, "utf-8")); }
static Value sg_errors(VM *vm, Value self) {
    return MAKE_OBJ(str_from_cstr(vm, ((ObjStream *)AS_OBJ(self))->which == 2 ? "backslashreplace" : "strict"));
}
static Value sg_closed(VM *vm, Value self) { return MAKE_BOOL(((ObjStream *)AS_OBJ(self))->closed); }
static Value sg_line_buffering(VM *vm, Value self) {
    ObjStream *s = (ObjStream *)AS_OBJ(self);
    if (s->which == 0) return VAL_FALSE;
    return MAKE_BOOL(s->which == 2 || isatty(fileno(stream_file(vm, s))));
}
static Value sg_newlines(VM *vm, Value self) { return VAL_NONE; }

static const MethodDef stream_methods[] = {
    {"write", stream_write, 0, NULL},
    {"writelines", stream_writelines, 0, NULL},
    {"flush", stream_flush, 0, NULL},
    {"fileno", stream_fileno, 0, NULL},
    {"isatty", stream_isatty, 0, NULL},
    {"readable", stream_readable, 0, NULL},
    {"writable", stream_writable, 0, NULL},
    {"seekable", stream_seekable, 0, NULL},
    {"close", stream_close, 0, NULL},
    {"readline", stream_readline, 0, NULL},
    {"read", stream_read, 0, NULL},
    {"readlines", stream_readlines, 0, NULL},
    {"__enter__", stream_enter, 0, NULL},
    {"__exit__", stream_exit, 0, NULL},
    {"__repr__", stream_repr, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef stream_getsets[] = {
    {"name", sg_name, NULL},
    {"mode", sg_mode, NULL},
    {"encoding", sg_encoding, NULL},
    {"errors", sg_errors, NULL},
    {"closed", sg_closed, NULL},
    {"line_buffering", sg_line_buffering, NULL},
    {"newlines", sg_newlines, NULL},
    {NULL, NULL, NULL},
};

/* ---- sys_write / sys_flush (vm_impl.h) ----------------------------------- */

static Value sys_get(VM *vm, const char *name) {
    if (!vm->sys_module || !vm->sys_module->dict) return VAL_NULL;
    return dict_get_str(vm, vm->sys_module->dict, str_intern_cstr(vm, name));
}

bool sys_write(VM *vm, bool err, ObjStr *s) {
    if (!vm->sys_module) {
        if (err) fflush(vm->out);
        fwrite(s->data, 1, (size_t)s->len, err ? vm->err : vm->out);
        return true;
    }
    Value f = sys_get(vm, err ? "stderr" : "stdout");
    if (IS_NULL(f)) {
        vm_raise(vm, vm->exc_RuntimeError, err ? "lost sys.stderr" : "lost sys.stdout");
        return false;
    }
    if (IS_NONE(f)) return true;
    if (is_stream(f)) {
        /* while a readline prompt shows (ainput, the prompt), output goes
         * above it and the half-typed line is drawn again below */
        bool prompt = console_prompt_active(vm);
        if (prompt) console_before_output(vm);
        bool ok = stream_write_str(vm, (ObjStream *)AS_OBJ(f), s);
        if (prompt) {
            fflush(err ? vm->err : vm->out);
            console_after_output(vm, s->len > 0 && s->data[s->len - 1] == '\n');
        }
        return ok;
    }
    Value arg = MAKE_OBJ(s);
    return !IS_NULL(vm_call_method(vm, f, vm->s_write, &arg, 1));
}

bool sys_flush(VM *vm, bool err) {
    if (!vm->sys_module) {
        fflush(err ? vm->err : vm->out);
        return true;
    }
    Value f = sys_get(vm, err ? "stderr" : "stdout");
    if (IS_NULL(f) || IS_NONE(f)) return true;
    if (is_stream(f)) {
        ObjStream *s = (ObjStream *)AS_OBJ(f);
        if (!check_open(vm, s)) return false;
        if (s->which != 0) fflush(stream_file(vm, s));
        return true;
    }
    return !IS_NULL(vm_call_method(vm, f, vm->s_flush, NULL, 0));
}

/* ---- struct sequences ----------------------------------------------------- */

#define SS_GET(i)                                                                \
    static Value ss_get_##i(VM *vm, Value self) {                                \
        ObjTuple *t = AS_TUPLE(self);                                            \
        return (i) < t->len ? t->items[i] : VAL_NONE;                            \
    }
SS_GET(0)
SS_GET(1)
SS_GET(2)
SS_GET(3)
SS_GET(4)
SS_GET(5)
SS_GET(6)
SS_GET(7)
SS_GET(8)
SS_GET(9)
SS_GET(10)
SS_GET(11)
SS_GET(12)
SS_GET(13)
SS_GET(14)
SS_GET(15)
SS_GET(16)
SS_GET(17)
#undef SS_GET

static const GetSetDef version_info_gs[] = {
    {"major", ss_get_0, NULL}, {"minor", ss_get_1, NULL},  {"micro", ss_get_2, NULL},
    {"releaselevel", ss_get_3, NULL}, {"serial", ss_get_4, NULL}, {NULL, NULL, NULL},
};

static const GetSetDef float_info_gs[] = {
    {"max", ss_get_0, NULL},       {"max_exp", ss_get_1, NULL},  {"max_10_exp", ss_get_2, NULL},
    {"min", ss_get_3, NULL},       {"min_exp", ss_get_4, NULL},  {"min_10_exp", ss_get_5, NULL},
    {"dig", ss_get_6, NULL},       {"mant_dig", ss_get_7, NULL}, {"epsilon", ss_get_8, NULL},
    {"radix", ss_get_9, NULL},     {"rounds", ss_get_10, NULL},  {NULL, NULL, NULL},
};

static const GetSetDef int_info_gs[] = {
    {"bits_per_digit", ss_get_0, NULL},
    {"sizeof_digit", ss_get_1, NULL},
    {"default_max_str_digits", ss_get_2, NULL},
    {"str_digits_check_threshold", ss_get_3, NULL},
    {NULL, NULL, NULL},
};

static const GetSetDef flags_gs[] = {
    {"debug", ss_get_0, NULL},
    {"inspect", ss_get_1, NULL},
    {"interactive", ss_get_2, NULL},
    {"optimize", ss_get_3, NULL},
    {"dont_write_bytecode", ss_get_4, NULL},
    {"no_user_site", ss_get_5, NULL},
    {"no_site", ss_get_6, NULL},
    {"ignore_environment", ss_get_7, NULL},
    {"verbose", ss_get_8, NULL},
    {"bytes_warning", ss_get_9, NULL},
    {"quiet", ss_get_10, NULL},
    {"hash_randomization", ss_get_11, NULL},
    {"isolated", ss_get_12, NULL},
    {"dev_mode", ss_get_13, NULL},
    {"utf8_mode", ss_get_14, NULL},
    {"warn_default_encoding", ss_get_15, NULL},
    {"safe_path", ss_get_16, NULL},
    {"int_max_str_digits", ss_get_17, NULL},
    {NULL, NULL, NULL},
};

/* repr: module.name(field=value, ...) over the getsets in definition order */
static Value ss_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_TUPLE(args[0])) return vm_raise(vm, vm->exc_TypeError, "bad struct sequence");
    ObjTuple *t = AS_TUPLE(args[0]);
    ObjType *type = t->obj.type;
    StrBuf b;
    strbuf_init(&b);
    strbuf_printf(&b, "%s.%s(", type->module->data, type->name->data);
    int64_t pos = 0, i = 0;
    Value k, v;
    while (dict_next(type->dict, &pos, &k, &v) && i < t->len) {
        if (!IS_KIND(v, OK_GETSET)) continue;
        Value r = vm_repr(vm, t->items[i]);
        if (IS_NULL(r)) {
            strbuf_free(&b);
            return VAL_NULL;
        }
        if (i) strbuf_add_cstr(&b, ", ");
        strbuf_add_str(&b, AS_STR(k));
        strbuf_add_char(&b, '=');
        strbuf_add_str(&b, AS_STR(r));
        i++;
    }
    strbuf_add_char(&b, ')');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value ss_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    const char *n = nargs > 0 && IS_TYPE(args[0]) ? AS_TYPE(args[0])->name->data : "?";
    return vm_raise(vm, vm->exc_TypeError, "cannot create 'sys.%s' instances", n);
}

static const MethodDef ss_methods[] = {
    {"__repr__", ss_repr, 0, NULL},
    {"__new__", ss_new, METH_STATIC | METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};

static Value make_struct(VM *vm, const char *name, const GetSetDef *gs, const Value *items, int n) {
    ObjType *t = type_new_builtin(vm, name, vm->t_tuple, OK_TUPLE, sizeof(ObjTuple), NULL, NULL, TF_BUILTIN);
    t->module = str_intern_cstr(vm, "sys");
    type_add_getsets(vm, t, gs);
    type_add_methods(vm, t, ss_methods);
    type_set_attr(vm, t, "n_sequence_fields", MAKE_INT(n));
    type_set_attr(vm, t, "n_fields", MAKE_INT(n));
    type_set_attr(vm, t, "n_unnamed_fields", MAKE_INT(0));
    ObjTuple *tup = tuple_from(vm, items, n);
    tup->obj.type = t;
    return MAKE_OBJ(tup);
}

/* ---- namespace objects (sys.implementation) ---------------------------- */

static Value ns_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_KIND(args[0], OK_INSTANCE)) return vm_raise(vm, vm->exc_TypeError, "bad namespace");
    ObjDict *d = ((ObjInstance *)AS_OBJ(args[0]))->dict;
    int r = vm_repr_enter(vm, AS_OBJ(args[0]));
    if (r < 0) return VAL_NULL;
    if (r > 0) return MAKE_OBJ(str_from_cstr(vm, "namespace(...)"));
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "namespace(");
    int64_t pos = 0;
    Value k, v;
    bool first = true;
    while (d && dict_next(d, &pos, &k, &v)) {
        if (!IS_STR(k)) continue;
        Value rv = vm_repr(vm, v);
        if (IS_NULL(rv)) {
            strbuf_free(&b);
            vm_repr_leave(vm, AS_OBJ(args[0]));
            return VAL_NULL;
        }
        if (!first) strbuf_add_cstr(&b, ", ");
        first = false;
        strbuf_add_str(&b, AS_STR(k));
        strbuf_add_char(&b, '=');
        strbuf_add_str(&b, AS_STR(rv));
    }
    vm_repr_leave(vm, AS_OBJ(args[0]));
    strbuf_add_char(&b, ')');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value ns_get_dict(VM *vm, Value self) {
    ObjInstance *o = (ObjInstance *)AS_OBJ(self);
    if (!o->dict) o->dict = dict_new(vm);
    return MAKE_OBJ(o->dict);
}

static const MethodDef ns_methods[] = {
    {"__repr__", ns_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef ns_getsets[] = {
    {"__dict__", ns_get_dict, NULL},
    {NULL, NULL, NULL},
};

static ObjInstance *make_namespace(VM *vm) {
    ObjType *t = type_new_builtin(vm, "SimpleNamespace", NULL, OK_INSTANCE, sizeof(ObjInstance), NULL, NULL, TF_BUILTIN);
    t->module = str_intern_cstr(vm, "types");
    t->dictoffset = offsetof(ObjInstance, dict);
    type_add_methods(vm, t, ns_methods);
    type_add_getsets(vm, t, ns_getsets);
    ObjInstance *o = (ObjInstance *)gc_alloc(vm, sizeof(ObjInstance), t, OK_INSTANCE);
    o->dict = dict_new(vm);
    return o;
}

/* ---- module functions ------------------------------------------------------ */

static Value sys_exit(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 1) return vm_raise(vm, vm->exc_TypeError, "exit expected at most 1 argument, got %d", nargs);
    ObjException *e = exc_new(vm, vm->exc_SystemExit, args, nargs);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

static Value sys_getrecursionlimit(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.getrecursionlimit", nargs, 0, 0)) return VAL_NULL;
    return MAKE_INT(vm->recursion_limit);
}

/* An int argument converted like PyLong_AsInt (C int range). */
static bool int_arg(VM *vm, Value v, int64_t *out) {
    if (IS_BIGINT(v)) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
        return false;
    }
    if (IS_FLOAT(v)) {
        vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
        return false;
    }
    if (!vm_to_index(vm, v, out)) return false;
    if (*out > INT_MAX || *out < INT_MIN) {
        vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
        return false;
    }
    return true;
}

static Value sys_setrecursionlimit(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.setrecursionlimit", nargs, 1, 1)) return VAL_NULL;
    int64_t n;
    if (!int_arg(vm, args[0], &n)) return VAL_NULL;
    if (n < 1) return vm_raise(vm, vm->exc_ValueError, "recursion limit must be greater or equal than 1");
    int depth = vm->depth + 1; /* CPython counts the running C call too */
    if (depth >= n)
        return vm_raise(vm, vm->exc_RecursionError,
                        "cannot set the recursion limit to %d at the recursion depth %d: the limit is too low", (int)n,
                        depth);
    vm->recursion_limit = (int)n;
    return VAL_NONE;
}

static Value handled_exception(VM *vm) {
    for (ExcInfo *ei = vm->exc_info; ei; ei = ei->previous)
        if (!IS_NULL(ei->exc) && !IS_NONE(ei->exc)) return ei->exc;
    return VAL_NONE;
}

static Value sys_exc_info(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.exc_info", nargs, 0, 0)) return VAL_NULL;
    Value e = handled_exception(vm);
    Value items[3] = {VAL_NONE, VAL_NONE, VAL_NONE};
    if (!IS_NONE(e)) {
        items[0] = MAKE_OBJ(vm_type_of(vm, e));
        items[1] = e;
        Value tb = vm_getattr_opt(vm, e, vm->s___traceback__);
        if (IS_NULL(tb)) {
            if (vm_has_exc(vm)) return VAL_NULL;
            tb = VAL_NONE;
        }
        items[2] = tb;
    }
    return MAKE_OBJ(tuple_from(vm, items, 3));
}

static Value sys_exception(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.exception", nargs, 0, 0)) return VAL_NULL;
    return handled_exception(vm);
}

static Value sys_intern(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.intern", nargs, 1, 1)) return VAL_NULL;
    if (!IS_STR(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "intern() argument must be str, not %s", vm_type_name(vm, args[0]));
    if (AS_OBJ(args[0])->type != vm->t_str)
        return vm_raise(vm, vm->exc_TypeError, "can't intern %s", vm_type_name(vm, args[0]));
    return MAKE_OBJ(str_intern(vm, AS_STR(args[0])->data, (size_t)AS_STR(args[0])->len));
}

/* Approximations of CPython's 64-bit object sizes. */
static Value sys_getsizeof(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value obj, dflt;
    if (!vm_parse_args(vm, "getsizeof", args, nargs, kw, "object|default", &obj, &dflt)) return VAL_NULL;
    int64_t size;
    switch (obj.tag) {
    case VT_NONE: size = 16; break;
    case VT_BOOL: size = AS_BOOL(obj) ? 28 : 24; break;
    case VT_FLOAT: size = 24; break;
    case VT_INT: {
        uint64_t m = AS_INT(obj) < 0 ? (uint64_t)0 - (uint64_t)AS_INT(obj) : (uint64_t)AS_INT(obj);
        int digits = 0;
        while (m) {
            digits++;
            m >>= 30;
        }
        size = 24 + 4 * (digits ? digits : 0);
        if (AS_INT(obj) == 0) size = 24;
        break;
    }
    default: {
        Obj *o = AS_OBJ(obj);
        switch (o->kind) {
        case OK_STR: {
            ObjStr *s = (ObjStr *)o;
            if (s->len == s->nchars) size = 49 + s->len;
            else {
                int64_t maxcp = 0;
                for (int64_t i = 0; i < s->nchars && maxcp <= 0xffff; i++) {
                    uint32_t c = str_char_at(s, i);
                    if (c > (uint32_t)maxcp) maxcp = c;
                }
                if (maxcp < 0x100) size = 73 + s->nchars;
                else if (maxcp < 0x10000) size = 74 + 2 * s->nchars;
                else size = 76 + 4 * s->nchars;
            }
            break;
        }
        case OK_BYTES: size = 33 + ((ObjBytes *)o)->len; break;
        case OK_TUPLE: size = 40 + 8 * ((ObjTuple *)o)->len; break;
        case OK_LIST: size = 56 + 8 * ((ObjList *)o)->cap; break;
        case OK_DICT: size = ((ObjDict *)o)->len <= 5 ? 184 : 64 + 24 * ((ObjDict *)o)->cap; break;
        case OK_SET: size = 216; break;
        case OK_BIGINT: {
            uint64_t bits = int_bit_length(obj);
            size = 24 + 4 * (int64_t)((bits + 29) / 30);
            break;
        }
        default: size = o->gc_size != UINT32_MAX ? (int64_t)o->gc_size : 56; break;
        }
    }
    }
    (void)dflt;
    return MAKE_INT(size);
}

static Value sys_get_int_max_str_digits(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.get_int_max_str_digits", nargs, 0, 0)) return VAL_NULL;
    return MAKE_INT(vm->int_max_str_digits);
}

static Value sys_set_int_max_str_digits(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value v;
    if (!vm_parse_args(vm, "set_int_max_str_digits", args, nargs, kw, "maxdigits", &v)) return VAL_NULL;
    int64_t n;
    if (!int_arg(vm, v, &n)) return VAL_NULL;
    if (n != 0 && n < 640) return vm_raise(vm, vm->exc_ValueError, "maxdigits must be 0 or larger than 640");
    vm->int_max_str_digits = (int)n;
    return VAL_NONE;
}

static Value sys_displayhook(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.displayhook", nargs, 1, 1)) return VAL_NULL;
    if (IS_NONE(args[0])) return VAL_NONE;
    ObjStr *under = str_intern_cstr(vm, "_");
    dict_set_str(vm, vm->builtins, under, VAL_NONE);
    Value r = vm_repr(vm, args[0]);
    if (IS_NULL(r)) return VAL_NULL;
    ObjStr *line = str_concat(vm, AS_STR(r), str_intern_cstr(vm, "\n"));
    if (!sys_write(vm, false, line)) return VAL_NULL;
    dict_set_str(vm, vm->builtins, under, args[0]);
    return VAL_NONE;
}

static Value sys_excepthook(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "excepthook", nargs, 3, 3)) return VAL_NULL;
    Value exc = args[1];
    if (!IS_EXCEPTION(exc)) {
        fflush(vm->out);
        fprintf(vm->err, "TypeError: print_exception(): Exception expected for value, %s found\n",
                vm_type_name(vm, exc));
        return VAL_NONE;
    }
    vm_print_exception(vm, exc);
    return VAL_NONE;
}

static Value sys_getdefaultencoding(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.getdefaultencoding", nargs, 0, 0)) return VAL_NULL;
    return MAKE_OBJ(str_from_cstr(vm, "utf-8"));
}

static Value sys_getfilesystemencoding(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "sys.getfilesystemencoding", nargs, 0, 0)) return VAL_NULL;
    return MAKE_OBJ(str_from_cstr(vm, "utf-8"));
}

static Value sys_noop1(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "settrace", nargs, 1, 1)) return VAL_NULL;
    return VAL_NONE;
}

static Value sys_none0(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "gettrace", nargs, 0, 0)) return VAL_NULL;
    return VAL_NONE;
}

static const MethodDef sys_functions[] = {
    {"exit", sys_exit, 0, NULL},
    {"getrecursionlimit", sys_getrecursionlimit, 0, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, 0, NULL},
    {"exc_info", sys_exc_info, 0, NULL},
    {"exception", sys_exception, 0, NULL},
    {"intern", sys_intern, 0, NULL},
    {"getsizeof", sys_getsizeof, METH_KW, NULL},
    {"get_int_max_str_digits", sys_get_int_max_str_digits, 0, NULL},
    {"set_int_max_str_digits", sys_set_int_max_str_digits, METH_KW, NULL},
    {"displayhook", sys_displayhook, 0, NULL},
    {"excepthook", sys_excepthook, 0, NULL},
    {"getdefaultencoding", sys_getdefaultencoding, 0, NULL},
    {"getfilesystemencoding", sys_getfilesystemencoding, 0, NULL},
    {"settrace", sys_noop1, 0, NULL},
    {"setprofile", sys_noop1, 0, NULL},
    {"gettrace", sys_none0, 0, NULL},
    {"getprofile", sys_none0, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module --------------------------------------------------------------- */

static Value make_stream(VM *vm, ObjType *t, int which) {
    ObjStream *s = (ObjStream *)gc_alloc(vm, sizeof(ObjStream), t, OK_OTHER);
    s->which = which;
    s->closed = false;
    return MAKE_OBJ(s);
}

static Value cstr(VM *vm, const char *s) { return MAKE_OBJ(str_from_cstr(vm, s)); }

ObjModule *sys_module_init(VM *vm) {
    if (vm->sys_module) return vm->sys_module;
    ObjModule *m = module_new(vm, "sys");
    vm->sys_module = m;
    module_add_functions(vm, m, sys_functions);
    /* __displayhook__ / __excepthook__ keep the originals */
    module_set(vm, m, "__displayhook__", dict_get_str(vm, m->dict, str_intern_cstr(vm, "displayhook")));
    module_set(vm, m, "__excepthook__", dict_get_str(vm, m->dict, str_intern_cstr(vm, "excepthook")));

    module_set(vm, m, "argv", MAKE_OBJ(vm->sys_argv));
    module_set(vm, m, "orig_argv", MAKE_OBJ(vm->sys_argv));
    module_set(vm, m, "path", MAKE_OBJ(vm->sys_path));
    module_set(vm, m, "modules", MAKE_OBJ(vm->modules));

    ObjType *st = type_new_builtin(vm, "TextIOWrapper", NULL, OK_OTHER, sizeof(ObjStream), stream_trace, NULL, TF_BUILTIN);
    st->module = str_intern_cstr(vm, "_io");
    st->iternext = stream_iternext;
    type_add_methods(vm, st, stream_methods);
    type_add_getsets(vm, st, stream_getsets);
    static const char *const stream_names[3] = {"stdin", "stdout", "stderr"};
    for (int i = 0; i < 3; i++) {
        Value s = make_stream(vm, st, i);
        module_set(vm, m, stream_names[i], s);
        char dn[16];
        snprintf(dn, sizeof dn, "__%s__", stream_names[i]);
        module_set(vm, m, dn, s);
    }

    module_set(vm, m, "version", cstr(vm, PY_VERSION " (coil " COIL_VERSION ") " COMPILER));
    Value vi[5] = {MAKE_INT(3), MAKE_INT(11), MAKE_INT(7), cstr(vm, "final"), MAKE_INT(0)};
    Value version_info = make_struct(vm, "version_info", version_info_gs, vi, 5);
    module_set(vm, m, "version_info", version_info);
    module_set(vm, m, "hexversion", MAKE_INT(0x030B07F0));
    module_set(vm, m, "api_version", MAKE_INT(1013));

    ObjInstance *impl = make_namespace(vm);
    dict_set_str(vm, impl->dict, str_intern_cstr(vm, "name"), cstr(vm, "coil"));
    dict_set_str(vm, impl->dict, str_intern_cstr(vm, "cache_tag"), VAL_NONE);
    dict_set_str(vm, impl->dict, str_intern_cstr(vm, "version"), version_info);
    dict_set_str(vm, impl->dict, str_intern_cstr(vm, "hexversion"), MAKE_INT(0x030B07F0));
    dict_set_str(vm, impl->dict, str_intern_cstr(vm, "_multiarch"), cstr(vm, "x86_64-linux-gnu"));
    module_set(vm, m, "implementation", MAKE_OBJ(impl));

    module_set(vm, m, "platform", cstr(vm, "linux"));
    uint16_t probe = 1;
    module_set(vm, m, "byteorder", cstr(vm, *(uint8_t *)&probe ? "little" : "big"));
    module_set(vm, m, "maxsize", MAKE_INT(INT64_MAX));
    module_set(vm, m, "maxunicode", MAKE_INT(0x10FFFF));
    char *exe = realpath("/proc/self/exe", NULL);
    module_set(vm, m, "executable", cstr(vm, exe ? exe : ""));
    module_set(vm, m, "_base_executable", cstr(vm, exe ? exe : ""));
    free(exe);
    module_set(vm, m, "prefix", cstr(vm, "/usr/local"));
    module_set(vm, m, "exec_prefix", cstr(vm, "/usr/local"));
    module_set(vm, m, "base_prefix", cstr(vm, "/usr/local"));
    module_set(vm, m, "base_exec_prefix", cstr(vm, "/usr/local"));
    module_set(vm, m, "platlibdir", cstr(vm, "lib"));
    module_set(vm, m, "abiflags", cstr(vm, ""));
    module_set(vm, m, "float_repr_style", cstr(vm, "short"));
    module_set(vm, m, "copyright", cstr(vm, "Coil: a Python 3.11 subset interpreter."));
    module_set(vm, m, "dont_write_bytecode", VAL_FALSE);
    module_set(vm, m, "pycache_prefix", VAL_NONE);
    module_set(vm, m, "warnoptions", MAKE_OBJ(list_new(vm, 0)));
    module_set(vm, m, "meta_path", MAKE_OBJ(list_new(vm, 0)));
    module_set(vm, m, "path_hooks", MAKE_OBJ(list_new(vm, 0)));
    module_set(vm, m, "path_importer_cache", MAKE_OBJ(dict_new(vm)));
    module_set(vm, m, "_xoptions", MAKE_OBJ(dict_new(vm)));

    ObjList *names = list_new(vm, 0);
    list_append(vm, names, cstr(vm, "builtins"));
    for (const BuiltinModuleDef *d = vm->builtin_modules; d && d->name; d++) list_append(vm, names, cstr(vm, d->name));
    list_sort(vm, names, VAL_NULL, false);
    module_set(vm, m, "builtin_module_names", MAKE_OBJ(list_to_tuple(vm, names)));

    Value fi[11] = {MAKE_FLOAT(DBL_MAX), MAKE_INT(DBL_MAX_EXP), MAKE_INT(DBL_MAX_10_EXP), MAKE_FLOAT(DBL_MIN),
                    MAKE_INT(DBL_MIN_EXP), MAKE_INT(DBL_MIN_10_EXP), MAKE_INT(DBL_DIG), MAKE_INT(DBL_MANT_DIG),
                    MAKE_FLOAT(DBL_EPSILON), MAKE_INT(FLT_RADIX), MAKE_INT(1)};
    module_set(vm, m, "float_info", make_struct(vm, "float_info", float_info_gs, fi, 11));
    Value ii[4] = {MAKE_INT(30), MAKE_INT(4), MAKE_INT(4300), MAKE_INT(640)};
    module_set(vm, m, "int_info", make_struct(vm, "int_info", int_info_gs, ii, 4));
    Value fl[18];
    for (int i = 0; i < 18; i++) fl[i] = MAKE_INT(0);
    fl[11] = MAKE_INT(1);  /* hash_randomization */
    fl[13] = VAL_FALSE;    /* dev_mode */
    fl[16] = VAL_FALSE;    /* safe_path */
    fl[17] = MAKE_INT(-1); /* int_max_str_digits */
    module_set(vm, m, "flags", make_struct(vm, "flags", flags_gs, fl, 18));
    return m;
}
