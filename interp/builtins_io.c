/* builtins_io.c: print(), input() and open().
 *
 * print() and input() go through sys.stdout / sys.stdin: when those are the
 * interpreter's own streams, output is written with sys_write (one write per
 * call) and lines come from the console (console.h: readline on a
 * terminal); when a program has replaced them with its own objects, their
 * write()/readline() methods are called exactly as CPython calls them.
 *
 * open() returns a small file object over stdio: text mode (UTF-8,
 * universal newlines when reading) or binary mode, with read, readline,
 * readlines, write, writelines, seek, tell, close, iteration and the
 * context-manager protocol.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "console.h"
#include "exception.h"
#include "list.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

void builtins_io_init(VM *vm, ObjModule *m);

enum { PT_FILE = 52, PT_UNSUPPORTED = 53 };

/* sys.<name>, or VAL_NULL when sys is not set up. */
static Value sys_attr(VM *vm, const char *name) {
    if (!vm->sys_module || !vm->sys_module->dict) return VAL_NULL;
    return dict_get_str(vm, vm->sys_module->dict, str_intern_cstr(vm, name));
}

/* A stream object a program installed itself (a class instance): talk to
 * it through its methods instead of the interpreter's fast paths. */
static bool is_user_stream(Value v) { return IS_OBJ(v) && (AS_OBJ(v)->type->tflags & TF_HEAPTYPE); }

/* ---- print ---------------------------------------------------------------- */

static bool check_sep(VM *vm, const char *what, Value v) {
    if (IS_NULL(v) || IS_NONE(v) || IS_STR(v)) return true;
    vm_raise(vm, vm->exc_TypeError, "%s must be None or a string, not %s", what, vm_type_name(vm, v));
    return false;
}

static bool write_to(VM *vm, Value w, Value s) { return !IS_NULL(vm_call1(vm, w, s)); }

static Value bi_print(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"sep", "end", "file", "flush"};
    Value kw[4] = {VAL_NULL, VAL_NULL, VAL_NULL, VAL_NULL};
    if (kwnames) {
        for (int64_t k = 0; k < kwnames->len; k++) {
            const char *kn = AS_STR(kwnames->items[k])->data;
            int i = 0;
            while (i < 4 && strcmp(names[i], kn) != 0) i++;
            if (i == 4) return vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for print()", kn);
            kw[i] = args[nargs + k];
        }
    }
    Value sep = kw[0], end = kw[1], file = kw[2], flush = kw[3];
    if (IS_NULL(file) || IS_NONE(file)) {
        file = sys_attr(vm, "stdout");
        if (!IS_NULL(file) && IS_NONE(file)) return VAL_NONE; /* sys.stdout is None */
        if (!is_user_stream(file)) file = VAL_NULL;           /* the interpreter's stream */
    }
    if (!check_sep(vm, "sep", sep) || !check_sep(vm, "end", end)) return VAL_NULL;
    if (!IS_NULL(sep) && IS_NONE(sep)) sep = VAL_NULL;
    if (!IS_NULL(end) && IS_NONE(end)) end = VAL_NULL;
    int do_flush = 0;
    if (!IS_NULL(flush)) {
        do_flush = vm_truthy(vm, flush);
        if (do_flush < 0) return VAL_NULL;
    }
    if (IS_NULL(file)) {
        /* one write of the whole line; on a failing str() what came before
         * is still written, as with CPython's piecewise writes */
        StrBuf b;
        strbuf_init(&b);
        for (int i = 0; i < nargs; i++) {
            if (i > 0) {
                if (IS_NULL(sep)) strbuf_add_char(&b, ' ');
                else strbuf_add_str(&b, AS_STR(sep));
            }
            Value s = IS_STR(args[i]) && vm_type_of(vm, args[i]) == vm->t_str ? args[i] : vm_str(vm, args[i]);
            if (IS_NULL(s)) {
                Value exc = vm_take_exc(vm);
                if (b.len > 0) {
                    ObjStr *part = strbuf_finish(vm, &b);
                    sys_write(vm, false, part);
                    vm_clear_exc(vm);
                } else {
                    strbuf_free(&b);
                }
                vm->exc = exc;
                return VAL_NULL;
            }
            strbuf_add_str(&b, AS_STR(s));
        }
        if (IS_NULL(end)) strbuf_add_char(&b, '\n');
        else strbuf_add_str(&b, AS_STR(end));
        ObjStr *line = strbuf_finish(vm, &b);
        if (!sys_write(vm, false, line)) return VAL_NULL;
        if (do_flush && !sys_flush(vm, false)) return VAL_NULL;
        return VAL_NONE;
    }
    Value w = vm_getattr(vm, file, vm->s_write);
    if (IS_NULL(w)) return VAL_NULL;
    gc_push_root(vm, w);
    for (int i = 0; i < nargs; i++) {
        if (i > 0) {
            Value s = IS_NULL(sep) ? MAKE_OBJ(vm->char_cache[' '] ? vm->char_cache[' '] : str_new(vm, " ", 1)) : sep;
            if (!write_to(vm, w, s)) return VAL_NULL;
        }
        Value s = vm_str(vm, args[i]);
        if (IS_NULL(s)) return VAL_NULL;
        if (!write_to(vm, w, s)) return VAL_NULL;
    }
    Value e = IS_NULL(end) ? MAKE_OBJ(vm->char_cache['\n'] ? vm->char_cache['\n'] : str_new(vm, "\n", 1)) : end;
    if (!write_to(vm, w, e)) return VAL_NULL;
    if (do_flush) {
        Value r = vm_call_method(vm, file, vm->s_flush, NULL, 0);
        if (IS_NULL(r)) return VAL_NULL;
    }
    return VAL_NONE;
}

/* ---- input ---------------------------------------------------------------- */

static Value bi_input(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs > 1) return vm_raise(vm, vm->exc_TypeError, "input expected at most 1 argument, got %d", nargs);
    ObjStr *prompt = NULL;
    if (nargs == 1) {
        Value p = vm_str(vm, args[0]);
        if (IS_NULL(p)) return VAL_NULL;
        prompt = AS_STR(p);
    }
    Value in = sys_attr(vm, "stdin");
    Value out = sys_attr(vm, "stdout");
    if (!IS_NULL(in) && IS_NONE(in)) return vm_raise(vm, vm->exc_RuntimeError, "input(): lost sys.stdin");
    if (!IS_NULL(out) && IS_NONE(out)) return vm_raise(vm, vm->exc_RuntimeError, "input(): lost sys.stdout");
    /* stderr first, as CPython does (errors ignored) */
    if (!sys_flush(vm, true)) vm_clear_exc(vm);
    bool own_file = IS_OBJ(in) && type_is_subtype(AS_OBJ(in)->type, vm->ptypes[PT_FILE]);
    if (!is_user_stream(in) && !own_file) {
        if (!prompt) prompt = str_new(vm, "", 0);
        return console_input(vm, prompt);
    }
    if (prompt && prompt->len > 0 && !sys_write(vm, false, prompt)) return VAL_NULL;
    if (!sys_flush(vm, false)) return VAL_NULL;
    Value line = vm_call_method(vm, in, str_intern_cstr(vm, "readline"), NULL, 0);
    if (IS_NULL(line)) return VAL_NULL;
    if (!IS_STR(line)) return vm_raise(vm, vm->exc_TypeError, "object.readline() returned non-string");
    ObjStr *s = AS_STR(line);
    if (s->len == 0) return vm_raise(vm, vm->exc_EOFError, "EOF when reading a line");
    if (s->data[s->len - 1] == '\n') return MAKE_OBJ(str_new(vm, s->data, (size_t)s->len - 1));
    return line;
}

/* ---- open(): file objects --------------------------------------------------- */

typedef struct {
    Obj obj;
    FILE *fp;
    Value name;
    ObjStr *mode;
    bool readable, writable, binary, closed, append;
} FileObj;

static void file_trace(GC *gc, Obj *o) {
    FileObj *f = (FileObj *)o;
    gc_mark_value(gc, f->name);
    if (f->mode) gc_mark_obj(gc, (Obj *)f->mode);
}

static void file_free(VM *vm, Obj *o) {
    FileObj *f = (FileObj *)o;
    if (f->fp && !f->closed) fclose(f->fp);
    f->fp = NULL;
}

static Value raise_errno(VM *vm, int err, Value filename) {
    ObjType *t = vm->exc_OSError;
    switch (err) {
    case ENOENT: t = vm->exc_FileNotFoundError; break;
    case EEXIST: t = vm->exc_FileExistsError; break;
    case EISDIR: t = vm->exc_IsADirectoryError; break;
    case ENOTDIR: t = vm->exc_NotADirectoryError; break;
    case EACCES:
    case EPERM: t = vm->exc_PermissionError; break;
    case EINTR: t = vm->exc_InterruptedError; break;
    case EPIPE: t = vm->exc_BrokenPipeError; break;
    default: break;
    }
    Value a[3] = {MAKE_INT(err), MAKE_OBJ(str_from_cstr(vm, strerror(err))), filename};
    ObjException *e = exc_new(vm, t, a, IS_NULL(filename) ? 2 : 3);
    if (!e) return VAL_NULL;
    return vm_raise_value(vm, MAKE_OBJ(e));
}

static FileObj *file_self(VM *vm, Value self) {
    if (!IS_OBJ(self) || !type_is_subtype(AS_OBJ(self)->type, vm->ptypes[PT_FILE])) {
        vm_raise(vm, vm->exc_TypeError, "descriptor requires a '_io.TextIOWrapper' object but received a '%s'",
                 vm_type_name(vm, self));
        return NULL;
    }
    return (FileObj *)AS_OBJ(self);
}

/* The file, checked open (and readable/writable when asked). */
static FileObj *file_check(VM *vm, Value self, int need) {
    FileObj *f = file_self(vm, self);
    if (!f) return NULL;
    if (f->closed) {
        vm_raise(vm, vm->exc_ValueError, "I/O operation on closed file.");
        return NULL;
    }
    if (need == 1 && !f->readable) {
        vm_raise(vm, vm->ptypes[PT_UNSUPPORTED], "not readable");
        return NULL;
    }
    if (need == 2 && !f->writable) {
        vm_raise(vm, vm->ptypes[PT_UNSUPPORTED], "not writable");
        return NULL;
    }
    return f;
}

static Value make_result(VM *vm, FileObj *f, const char *data, size_t len) {
    if (f->binary) return MAKE_OBJ(bytes_new(vm, (const uint8_t *)data, len));
    ObjStr *s = str_decode_utf8(vm, data, len, "strict");
    return s ? MAKE_OBJ(s) : VAL_NULL;
}

/* Appends one character (text: a UTF-8 sequence with newlines translated;
 * binary: a byte) to buf; returns false at EOF. *nl is set for a newline. */
static bool read_unit(FileObj *f, char **buf, size_t *len, size_t *cap, bool *nl) {
    int c = getc(f->fp);
    if (c == EOF) return false;
    *nl = false;
    int need = 1;
    if (!f->binary) {
        if (c == '\r') {
            int d = getc(f->fp);
            if (d != '\n' && d != EOF) ungetc(d, f->fp);
            c = '\n';
        }
        if (c == '\n') *nl = true;
        else if ((c & 0xE0) == 0xC0) need = 2;
        else if ((c & 0xF0) == 0xE0) need = 3;
        else if ((c & 0xF8) == 0xF0) need = 4;
    } else if (c == '\n') {
        *nl = true;
    }
    if (*len + 4 >= *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *buf = realloc(*buf, *cap);
    }
    (*buf)[(*len)++] = (char)c;
    for (int i = 1; i < need; i++) {
        int d = getc(f->fp);
        if (d == EOF) break;
        if ((d & 0xC0) != 0x80) {
            ungetc(d, f->fp);
            break;
        }
        (*buf)[(*len)++] = (char)d;
    }
    return true;
}

static bool size_arg(VM *vm, Value *args, int nargs, int64_t *out) {
    *out = -1;
    if (nargs < 2 || IS_NONE(args[1])) return true;
    return vm_to_index(vm, args[1], out);
}

static Value file_read(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "read expected at most 1 argument, got %d", nargs - 1);
    FileObj *f = file_check(vm, args[0], 1);
    if (!f) return VAL_NULL;
    int64_t n;
    if (!size_arg(vm, args, nargs, &n)) return VAL_NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    bool nl;
    for (int64_t i = 0; n < 0 || i < n; i++)
        if (!read_unit(f, &buf, &len, &cap, &nl)) break;
    if (ferror(f->fp)) {
        int e = errno;
        clearerr(f->fp);
        free(buf);
        return raise_errno(vm, e, VAL_NULL);
    }
    Value r = make_result(vm, f, buf ? buf : "", len);
    free(buf);
    return r;
}

static Value read_line(VM *vm, FileObj *f, int64_t limit) {
    char *buf = NULL;
    size_t len = 0, cap = 0;
    bool nl = false;
    for (int64_t i = 0; limit < 0 || i < limit; i++) {
        if (!read_unit(f, &buf, &len, &cap, &nl)) break;
        if (nl) break;
    }
    Value r = make_result(vm, f, buf ? buf : "", len);
    free(buf);
    return r;
}

static Value file_readline(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "readline expected at most 1 argument, got %d", nargs - 1);
    FileObj *f = file_check(vm, args[0], 1);
    if (!f) return VAL_NULL;
    int64_t n;
    if (!size_arg(vm, args, nargs, &n)) return VAL_NULL;
    return read_line(vm, f, n);
}

static int64_t result_len(Value v) { return IS_STR(v) ? AS_STR(v)->len : AS_BYTES(v)->len; }

static Value file_readlines(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs > 2) return vm_raise(vm, vm->exc_TypeError, "readlines expected at most 1 argument, got %d", nargs - 1);
    FileObj *f = file_check(vm, args[0], 1);
    if (!f) return VAL_NULL;
    int64_t hint;
    if (!size_arg(vm, args, nargs, &hint)) return VAL_NULL;
    ObjList *l = list_new(vm, 0);
    int64_t total = 0;
    for (;;) {
        Value line = read_line(vm, f, -1);
        if (IS_NULL(line)) return VAL_NULL;
        if (result_len(line) == 0) break;
        list_append(vm, l, line);
        total += result_len(line);
        if (hint > 0 && total >= hint) break;
    }
    return MAKE_OBJ(l);
}

static Value file_next(VM *vm, Value self) {
    FileObj *f = file_check(vm, self, 1);
    if (!f) return VAL_NULL;
    Value line = read_line(vm, f, -1);
    if (IS_NULL(line) || result_len(line) == 0) return VAL_NULL;
    return line;
}

static bool write_data(VM *vm, FileObj *f, Value v, int64_t *count) {
    if (f->binary) {
        if (!IS_BYTES(v)) {
            vm_raise(vm, vm->exc_TypeError, "a bytes-like object is required, not '%s'", vm_type_name(vm, v));
            return false;
        }
        if (fwrite(AS_BYTES(v)->data, 1, (size_t)AS_BYTES(v)->len, f->fp) != (size_t)AS_BYTES(v)->len) {
            raise_errno(vm, errno, VAL_NULL);
            return false;
        }
        *count = AS_BYTES(v)->len;
        return true;
    }
    if (!IS_STR(v)) {
        vm_raise(vm, vm->exc_TypeError, "write() argument must be str, not %s", vm_type_name(vm, v));
        return false;
    }
    if (fwrite(AS_STR(v)->data, 1, (size_t)AS_STR(v)->len, f->fp) != (size_t)AS_STR(v)->len) {
        raise_errno(vm, errno, VAL_NULL);
        return false;
    }
    *count = AS_STR(v)->nchars;
    return true;
}

static Value file_write(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "write() takes exactly one argument (%d given)", nargs - 1);
    FileObj *f = file_check(vm, args[0], 2);
    if (!f) return VAL_NULL;
    int64_t n;
    if (!write_data(vm, f, args[1], &n)) return VAL_NULL;
    /* write through: CPython closes (and flushes) a file the moment its
     * last reference goes, as in open(p, "w").write(s); Coil only frees it
     * at a collection, so the data must not wait in a buffer */
    fflush(f->fp);
    return MAKE_INT(n);
}

static Value file_writelines(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "writelines() takes exactly one argument (%d given)", nargs - 1);
    FileObj *f = file_check(vm, args[0], 2);
    if (!f) return VAL_NULL;
    Value it = vm_getiter(vm, args[1]);
    if (IS_NULL(it)) return VAL_NULL;
    for (;;) {
        Value v = vm_iternext(vm, it);
        if (IS_NULL(v)) {
            fflush(f->fp);
            return vm_has_exc(vm) ? VAL_NULL : VAL_NONE;
        }
        if (f->closed) return vm_raise(vm, vm->exc_ValueError, "I/O operation on closed file.");
        int64_t n;
        if (!write_data(vm, f, v, &n)) return VAL_NULL;
    }
}

static Value file_close(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_self(vm, args[0]);
    if (!f) return VAL_NULL;
    if (f->closed) return VAL_NONE;
    f->closed = true;
    int r = f->fp ? fclose(f->fp) : 0;
    f->fp = NULL;
    if (r != 0) return raise_errno(vm, errno, VAL_NULL);
    return VAL_NONE;
}

static Value file_flush(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    if (!f) return VAL_NULL;
    if (fflush(f->fp) != 0) return raise_errno(vm, errno, VAL_NULL);
    return VAL_NONE;
}

static Value file_enter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!file_check(vm, args[0], 0)) return VAL_NULL;
    return args[0];
}

static Value file_exit(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value r = file_close(vm, args, 1, NULL);
    if (IS_NULL(r)) return VAL_NULL;
    return VAL_NONE;
}

static Value file_iter(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!file_check(vm, args[0], 0)) return VAL_NULL;
    return args[0];
}

static Value file_seek(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 2 || nargs > 3)
        return vm_raise(vm, vm->exc_TypeError, "seek expected at least 1 argument, got %d", nargs - 1);
    FileObj *f = file_check(vm, args[0], 0);
    if (!f) return VAL_NULL;
    int64_t off, whence = 0;
    if (!vm_to_index(vm, args[1], &off)) return VAL_NULL;
    if (nargs == 3 && !vm_to_index(vm, args[2], &whence)) return VAL_NULL;
    if (whence < 0 || whence > 2) return vm_raise(vm, vm->exc_ValueError, "invalid whence (%lld, should be 0, 1 or 2)", (long long)whence);
    if (!f->binary && whence != 0 && off != 0)
        return vm_raise(vm, vm->ptypes[PT_UNSUPPORTED], "can't do nonzero %s-relative seeks", whence == 1 ? "cur" : "end");
    if (fseeko(f->fp, (off_t)off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END) != 0)
        return raise_errno(vm, errno, VAL_NULL);
    return MAKE_INT((int64_t)ftello(f->fp));
}

static Value file_tell(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    if (!f) return VAL_NULL;
    off_t p = ftello(f->fp);
    if (p < 0) return raise_errno(vm, errno, VAL_NULL);
    return MAKE_INT((int64_t)p);
}

static Value file_fileno(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    if (!f) return VAL_NULL;
    return MAKE_INT(fileno(f->fp));
}

static Value file_isatty(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    if (!f) return VAL_NULL;
    return MAKE_BOOL(isatty(fileno(f->fp)));
}

static Value file_readable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    return f ? MAKE_BOOL(f->readable) : VAL_NULL;
}

static Value file_writable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_check(vm, args[0], 0);
    return f ? MAKE_BOOL(f->writable) : VAL_NULL;
}

static Value file_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    FileObj *f = file_self(vm, args[0]);
    if (!f) return VAL_NULL;
    Value nr = vm_repr(vm, f->name);
    if (IS_NULL(nr)) return VAL_NULL;
    if (f->binary) {
        const char *kind = f->readable && f->writable ? "BufferedRandom" : f->readable ? "BufferedReader" : "BufferedWriter";
        return MAKE_OBJ(str_printf(vm, "<_io.%s name=%s>", kind, AS_STR(nr)->data));
    }
    return MAKE_OBJ(str_printf(vm, "<_io.TextIOWrapper name=%s mode='%s' encoding='UTF-8'>", AS_STR(nr)->data,
                               f->mode->data));
}

static Value file_get_closed(VM *vm, Value self) { return MAKE_BOOL(((FileObj *)AS_OBJ(self))->closed); }
static Value file_get_name(VM *vm, Value self) { return ((FileObj *)AS_OBJ(self))->name; }
static Value file_get_mode(VM *vm, Value self) { return MAKE_OBJ(((FileObj *)AS_OBJ(self))->mode); }
static Value file_get_encoding(VM *vm, Value self) {
    if (((FileObj *)AS_OBJ(self))->binary)
        return vm_raise(vm, vm->exc_AttributeError, "'_io.BufferedReader' object has no attribute 'encoding'");
    return MAKE_OBJ(str_intern_cstr(vm, "UTF-8"));
}

static const MethodDef file_methods[] = {
    {"read", file_read, 0, NULL},
    {"readline", file_readline, 0, NULL},
    {"readlines", file_readlines, 0, NULL},
    {"write", file_write, 0, NULL},
    {"writelines", file_writelines, 0, NULL},
    {"close", file_close, 0, NULL},
    {"flush", file_flush, 0, NULL},
    {"seek", file_seek, 0, NULL},
    {"tell", file_tell, 0, NULL},
    {"fileno", file_fileno, 0, NULL},
    {"isatty", file_isatty, 0, NULL},
    {"readable", file_readable, 0, NULL},
    {"writable", file_writable, 0, NULL},
    {"__enter__", file_enter, 0, NULL},
    {"__exit__", file_exit, 0, NULL},
    {"__iter__", file_iter, 0, NULL},
    {"__next__", type_slot_next, 0, NULL},
    {"__repr__", file_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef file_getsets[] = {
    {"closed", file_get_closed, NULL},
    {"name", file_get_name, NULL},
    {"mode", file_get_mode, NULL},
    {"encoding", file_get_encoding, NULL},
    {NULL, NULL, NULL},
};

static Value bi_open(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    static const char *const names[] = {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"};
    Value a[8];
    for (int i = 0; i < 8; i++) a[i] = VAL_NULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (nargs + nkw > 8)
        return vm_raise(vm, vm->exc_TypeError, "open() takes at most 8 arguments (%d given)", nargs + nkw);
    for (int i = 0; i < nargs; i++) a[i] = args[i];
    for (int k = 0; k < nkw; k++) {
        const char *kn = AS_STR(kwnames->items[k])->data;
        int i = 0;
        while (i < 8 && strcmp(names[i], kn) != 0) i++;
        if (i == 8) return vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for open()", kn);
        if (i < nargs)
            return vm_raise(vm, vm->exc_TypeError, "argument for open() given by name ('%s') and position (%d)", kn,
                            i + 1);
        a[i] = args[nargs + k];
    }
    if (IS_NULL(a[0])) return vm_raise(vm, vm->exc_TypeError, "open() missing required argument 'file' (pos 1)");
    Value file = a[0];
    const char *mode = "r";
    if (!IS_NULL(a[1])) {
        if (!IS_STR(a[1]))
            return vm_raise(vm, vm->exc_TypeError, "open() argument 'mode' must be str, not %s", vm_type_name(vm, a[1]));
        mode = AS_STR(a[1])->data;
    }
    int r = 0, w = 0, x = 0, ap = 0, plus = 0, b = 0, t = 0;
    for (const char *p = mode; *p; p++) {
        int *flag;
        switch (*p) {
        case 'r': flag = &r; break;
        case 'w': flag = &w; break;
        case 'x': flag = &x; break;
        case 'a': flag = &ap; break;
        case '+': flag = &plus; break;
        case 'b': flag = &b; break;
        case 't': flag = &t; break;
        default: return vm_raise(vm, vm->exc_ValueError, "invalid mode: '%s'", mode);
        }
        if (*flag) return vm_raise(vm, vm->exc_ValueError, "invalid mode: '%s'", mode);
        *flag = 1;
    }
    if (r + w + x + ap != 1)
        return vm_raise(vm, vm->exc_ValueError, "must have exactly one of create/read/write/append mode");
    if (b && t) return vm_raise(vm, vm->exc_ValueError, "can't have text and binary mode at once");
    if (b && !IS_NULL(a[3]) && !IS_NONE(a[3]))
        return vm_raise(vm, vm->exc_ValueError, "binary mode doesn't take an encoding argument");
    if (!IS_NULL(a[3]) && !IS_NONE(a[3]) && !IS_STR(a[3]))
        return vm_raise(vm, vm->exc_TypeError, "open() argument 'encoding' must be str or None, not %s",
                        vm_type_name(vm, a[3]));
    char fmode[8];
    const char *base = r ? "r" : w ? "w" : ap ? "a" : "w";
    snprintf(fmode, sizeof fmode, "%s%s%s", base, plus ? "+" : "", x ? "x" : "");
    FILE *fp;
    if (IS_STR(file) || IS_BYTES(file)) {
        const char *path = IS_STR(file) ? AS_STR(file)->data : (const char *)AS_BYTES(file)->data;
        fp = fopen(path, fmode);
        if (!fp) return raise_errno(vm, errno, file);
        struct stat st;
        if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
            /* reading a folder opens fine in C; CPython refuses it */
            fclose(fp);
            return raise_errno(vm, EISDIR, file);
        }
    } else if (IS_INTLIKE(file)) {
        int fd = (int)AS_INT(file);
        bool closefd = true;
        if (!IS_NULL(a[6])) {
            int c = vm_truthy(vm, a[6]);
            if (c < 0) return VAL_NULL;
            closefd = c != 0;
        }
        if (!closefd) fd = dup(fd);
        fp = fd < 0 ? NULL : fdopen(fd, fmode);
        if (!fp) return raise_errno(vm, errno, VAL_NULL);
    } else {
        return vm_raise(vm, vm->exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                        vm_type_name(vm, file));
    }
    FileObj *f = (FileObj *)gc_alloc(vm, sizeof(FileObj), vm->ptypes[PT_FILE], OK_OTHER);
    f->fp = fp;
    f->name = file;
    f->mode = str_from_cstr(vm, mode);
    f->readable = r || plus;
    f->writable = w || x || ap || plus;
    f->binary = b;
    f->append = ap;
    return MAKE_OBJ(f);
}

static const MethodDef io_functions[] = {
    {"print", bi_print, METH_KW, NULL},
    {"input", bi_input, 0, NULL},
    {"open", bi_open, METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};

void builtins_io_init(VM *vm, ObjModule *m) {
    ObjType *ft = type_new_builtin(vm, "TextIOWrapper", NULL, OK_OTHER, sizeof(FileObj), file_trace, file_free, 0);
    ft->module = str_intern_cstr(vm, "_io");
    ft->qualname = ft->name;
    ft->iternext = file_next;
    type_add_methods(vm, ft, file_methods);
    type_add_getsets(vm, ft, file_getsets);
    vm->ptypes[PT_FILE] = ft;
    ObjType *ut = type_new_builtin(vm, "UnsupportedOperation", vm->exc_OSError, OK_EXCEPTION, sizeof(ObjException),
                                   NULL, NULL, TF_BASETYPE | TF_EXCEPTION);
    ut->module = str_intern_cstr(vm, "io");
    ut->dictoffset = vm->exc_OSError->dictoffset;
    vm->ptypes[PT_UNSUPPORTED] = ut;
    module_add_functions(vm, m, io_functions);
}
