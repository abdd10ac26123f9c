/* exception.c: the behaviour of the built-in exception types (the types
 * themselves are created by exc_types_create in object.c).
 *
 * Layout (object.h ObjException): args tuple, cause/context, the traceback
 * entries (innermost first) and the instance __dict__. The attributes
 * CPython keeps in C struct members (StopIteration.value, OSError.errno,
 * SyntaxError.lineno, ...) live in a private "fields" dict stored in the
 * `notes` slot (CPython keeps __notes__ in __dict__, so the slot is free),
 * reached through getset descriptors: vars(e) stays {} as in CPython.
 *
 * __traceback__ is a chain of small traceback objects built on demand from
 * the entries (tb_frame, tb_lineno, tb_next); with_traceback() and
 * assigning __traceback__ copy a chain back into the entries.
 */
#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "dict.h"
#include "exception.h"
#include "list.h"
#include "str.h"
#include "vm.h"

/* ptypes slots owned by this file (vm.h: 60-63) */
#define PT_TRACEBACK 60
#define PT_FRAME 61

/* ---- allocation and private fields ----------------------------------- */

static ObjTuple *empty_tuple(VM *vm) { return vm->empty_tuple ? vm->empty_tuple : tuple_new(vm, 0); }

static ObjException *exc_alloc(VM *vm, ObjType *cls) {
    size_t size = cls->basicsize >= sizeof(ObjException) ? cls->basicsize : sizeof(ObjException);
    ObjException *e = (ObjException *)gc_alloc(vm, size, cls, OK_EXCEPTION);
    e->args = empty_tuple(vm);
    e->cause = VAL_NONE;
    e->context = VAL_NONE;
    e->notes = VAL_NONE;
    e->suppress_context = false;
    return e;
}

static ObjDict *fields(VM *vm, ObjException *e, bool create) {
    if (IS_DICT(e->notes)) return AS_DICT(e->notes);
    if (!create) return NULL;
    ObjDict *d = dict_new(vm);
    e->notes = MAKE_OBJ(d);
    return d;
}

/* VAL_NULL when the field was never set */
static Value field_get_raw(VM *vm, ObjException *e, const char *name) {
    ObjDict *d = fields(vm, e, false);
    if (!d) return VAL_NULL;
    return dict_get_str(vm, d, str_intern_cstr(vm, name));
}

static Value field_get(VM *vm, ObjException *e, const char *name) {
    Value v = field_get_raw(vm, e, name);
    return IS_NULL(v) ? VAL_NONE : v;
}

static void field_set(VM *vm, ObjException *e, const char *name, Value v) {
    dict_set_str(vm, fields(vm, e, true), str_intern_cstr(vm, name), v);
}

/* Sets a field that CPython leaves NULL when given None: skipped when None
 * and not set yet (so "is it set" tests keep working). */
static void field_set_opt(VM *vm, ObjException *e, const char *name, Value v) {
    if (IS_NONE(v) && IS_NULL(field_get_raw(vm, e, name))) return;
    field_set(vm, e, name, v);
}

static ObjException *check_self(VM *vm, Value *args, int nargs, const char *meth, ObjType *owner) {
    if (nargs < 1 || !IS_EXCEPTION(args[0]) || !vm_isinstance(vm, args[0], owner)) {
        vm_raise(vm, vm->exc_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'", meth,
                 owner->name->data, nargs < 1 ? "nothing" : vm_type_name(vm, args[0]));
        return NULL;
    }
    return AS_EXCEPTION(args[0]);
}

static bool no_keywords(VM *vm, ObjTuple *kwnames, ObjType *t) {
    if (kwnames && kwnames->len > 0) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes no keyword arguments", t->name->data);
        return false;
    }
    return true;
}

/* Keyword-only arguments of ImportError/NameError/AttributeError. vals[i]
 * receives the value of names[i] (left untouched when not given). */
static bool parse_kw_only(VM *vm, Value *kwvals, ObjTuple *kwnames, const char *fname, const char *const *names,
                          int n, Value *vals) {
    if (!kwnames) return true;
    for (int64_t k = 0; k < kwnames->len; k++) {
        ObjStr *kn = AS_STR(kwnames->items[k]);
        int found = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(kn->data, names[i]) == 0) found = i;
        if (found < 0) {
            vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn->data, fname);
            return false;
        }
        vals[found] = kwvals[k];
    }
    return true;
}

/* ---- OSError errno mapping -------------------------------------------- */

static ObjType *errno_subclass(VM *vm, int64_t code) {
    switch (code) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS: return vm->exc_BlockingIOError;
    case ECHILD: return vm->exc_ChildProcessError;
    case EPIPE:
    case ESHUTDOWN: return vm->exc_BrokenPipeError;
    case ECONNABORTED: return vm->exc_ConnectionAbortedError;
    case ECONNREFUSED: return vm->exc_ConnectionRefusedError;
    case ECONNRESET: return vm->exc_ConnectionResetError;
    case EEXIST: return vm->exc_FileExistsError;
    case ENOENT: return vm->exc_FileNotFoundError;
    case EISDIR: return vm->exc_IsADirectoryError;
    case ENOTDIR: return vm->exc_NotADirectoryError;
    case EINTR: return vm->exc_InterruptedError;
    case EACCES:
    case EPERM: return vm->exc_PermissionError;
    case ESRCH: return vm->exc_ProcessLookupError;
    case ETIMEDOUT: return vm->exc_TimeoutError;
    default: return vm->exc_OSError;
    }
}

static ObjType *oserror_map(VM *vm, ObjType *cls, Value *args, int nargs) {
    if (cls != vm->exc_OSError || nargs < 2 || nargs > 5 || !IS_INT(args[0])) return cls;
    return errno_subclass(vm, AS_INT(args[0]));
}

/* ---- type-specific initialisation (shared by __init__ and exc_new) ----- */

static void set_args(VM *vm, ObjException *e, Value *args, int nargs) {
    e->args = nargs > 0 ? tuple_from(vm, args, nargs) : empty_tuple(vm);
}

static bool init_stop_iteration(VM *vm, ObjException *e, Value *args, int nargs) {
    field_set_opt(vm, e, "value", nargs > 0 ? args[0] : VAL_NONE);
    return true;
}

static bool init_system_exit(VM *vm, ObjException *e, Value *args, int nargs) {
    Value code = VAL_NONE;
    if (nargs == 1) code = args[0];
    else if (nargs > 1) code = MAKE_OBJ(e->args);
    field_set_opt(vm, e, "code", code);
    return true;
}

static bool init_import_error(VM *vm, ObjException *e, Value *args, int nargs, Value name, Value path) {
    field_set_opt(vm, e, "name", name);
    field_set_opt(vm, e, "path", path);
    field_set_opt(vm, e, "msg", nargs == 1 ? args[0] : VAL_NONE);
    return true;
}

static bool init_oserror(VM *vm, ObjException *e, Value *args, int nargs) {
    if (nargs < 2 || nargs > 5) return true;
    Value filename = nargs >= 3 ? args[2] : VAL_NONE;
    Value filename2 = nargs >= 5 ? args[4] : VAL_NONE;
    if (type_is_subtype(e->obj.type, vm->exc_BlockingIOError) && nargs >= 3 && IS_INTLIKE(filename)) {
        field_set(vm, e, "characters_written", MAKE_INT(AS_INT(filename)));
        filename = VAL_NONE;
    }
    field_set(vm, e, "errno", args[0]);
    field_set(vm, e, "strerror", args[1]);
    if (!IS_NONE(filename)) {
        field_set(vm, e, "filename", filename);
        if (!IS_NONE(filename2)) field_set(vm, e, "filename2", filename2);
        e->args = tuple_from(vm, args, 2);
    }
    return true;
}

static bool init_syntax_error(VM *vm, ObjException *e, Value *args, int nargs) {
    if (nargs >= 1) field_set(vm, e, "msg", args[0]);
    if (nargs != 2) return true;
    ObjTuple *info = tuple_from_iterable(vm, args[1]);
    if (!info) return false;
    if (info->len < 4) {
        vm_raise(vm, vm->exc_TypeError, "function takes at least 4 arguments (%lld given)", (long long)info->len);
        return false;
    }
    if (info->len > 6) {
        vm_raise(vm, vm->exc_TypeError, "function takes at most 6 arguments (%lld given)", (long long)info->len);
        return false;
    }
    static const char *const names[6] = {"filename", "lineno", "offset", "text", "end_lineno", "end_offset"};
    for (int64_t i = 0; i < info->len; i++) field_set(vm, e, names[i], info->items[i]);
    return true;
}

static bool arg_str(VM *vm, Value v, int pos) {
    if (IS_STR(v)) return true;
    vm_raise(vm, vm->exc_TypeError, "argument %d must be str, not %s", pos, vm_type_name(vm, v));
    return false;
}

static bool arg_index(VM *vm, Value v, Value *out) {
    int64_t i;
    if (!vm_to_index(vm, v, &i)) return false;
    *out = MAKE_INT(i);
    return true;
}

/* kind: 0 decode, 1 encode, 2 translate */
static bool init_unicode_error(VM *vm, ObjException *e, Value *args, int nargs, int kind) {
    int want = kind == 2 ? 4 : 5;
    if (nargs != want) {
        vm_raise(vm, vm->exc_TypeError, "function takes exactly %d arguments (%d given)", want, nargs);
        return false;
    }
    Value enc = VAL_NONE, obj, start, end, reason;
    int p = 0;
    if (kind != 2) {
        enc = args[p++];
        if (!arg_str(vm, enc, 1)) return false;
    }
    obj = args[p++];
    if (kind == 0) {
        if (!IS_BYTES(obj)) {
            vm_raise(vm, vm->exc_TypeError, "a bytes-like object is required, not '%s'", vm_type_name(vm, obj));
            return false;
        }
        if (AS_OBJ(obj)->type != vm->t_bytes) obj = MAKE_OBJ(bytes_new(vm, AS_BYTES(obj)->data, (size_t)AS_BYTES(obj)->len));
    } else if (!arg_str(vm, obj, p)) {
        return false;
    }
    if (!arg_index(vm, args[p++], &start)) return false;
    if (!arg_index(vm, args[p++], &end)) return false;
    reason = args[p];
    if (!arg_str(vm, reason, p + 1)) return false;
    if (kind != 2) field_set(vm, e, "encoding", enc);
    field_set(vm, e, "object", obj);
    field_set(vm, e, "start", start);
    field_set(vm, e, "end", end);
    field_set(vm, e, "reason", reason);
    return true;
}

/* Runs the C initialisation of the nearest special built-in ancestor
 * (no keyword arguments; used by exc_new). */
static bool native_init(VM *vm, ObjException *e, Value *args, int nargs) {
    ObjType *t = e->obj.type;
    if (type_is_subtype(t, vm->exc_StopIteration)) return init_stop_iteration(vm, e, args, nargs);
    if (type_is_subtype(t, vm->exc_SystemExit)) return init_system_exit(vm, e, args, nargs);
    if (type_is_subtype(t, vm->exc_ImportError)) return init_import_error(vm, e, args, nargs, VAL_NONE, VAL_NONE);
    if (type_is_subtype(t, vm->exc_OSError)) return init_oserror(vm, e, args, nargs);
    if (type_is_subtype(t, vm->exc_SyntaxError)) return init_syntax_error(vm, e, args, nargs);
    if (type_is_subtype(t, vm->exc_UnicodeDecodeError)) return init_unicode_error(vm, e, args, nargs, 0);
    if (type_is_subtype(t, vm->exc_UnicodeEncodeError)) return init_unicode_error(vm, e, args, nargs, 1);
    if (type_is_subtype(t, vm->exc_UnicodeTranslateError)) return init_unicode_error(vm, e, args, nargs, 2);
    return true;
}

static bool eg_setup(VM *vm, ObjException *e, Value *args, int nargs, ObjType **cls);

ObjException *exc_new(VM *vm, ObjType *type, Value *args, int nargs) {
    if (!type) type = vm->exc_SystemError;
    if (nargs < 0) nargs = 0;
    type = oserror_map(vm, type, args, nargs);
    ObjException *e = exc_alloc(vm, type);
    set_args(vm, e, args, nargs);
    Value saved = vm->exc;
    vm->exc = VAL_NULL;
    if (type_is_subtype(type, vm->exc_BaseExceptionGroup)) {
        ObjType *cls = type;
        eg_setup(vm, e, args, nargs, &cls);
    } else {
        native_init(vm, e, args, nargs);
    }
    vm->exc = saved; /* a failed special init keeps the plain exception */
    return e;
}

/* ---- BaseException ---------------------------------------------------- */

static Value exc_m_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "BaseException.__new__(X): X is not a type object (%s)",
                        nargs < 1 ? "NULL" : vm_type_name(vm, args[0]));
    ObjType *cls = AS_TYPE(args[0]);
    if (!type_is_subtype(cls, vm->exc_BaseException) || cls->kind != OK_EXCEPTION)
        return vm_raise(vm, vm->exc_TypeError, "BaseException.__new__(%s): %s is not a subtype of BaseException",
                        cls->name->data, cls->name->data);
    ObjException *e = exc_alloc(vm, cls);
    set_args(vm, e, args + 1, nargs - 1);
    return MAKE_OBJ(e);
}

static Value exc_m_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    if (!no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    return VAL_NONE;
}

static const char *short_type_name(ObjType *t) {
    const char *n = t->name->data;
    const char *dot = strrchr(n, '.');
    return dot ? dot + 1 : n;
}

static Value exc_m_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__repr__", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    ObjTuple *a = e->args ? e->args : empty_tuple(vm);
    Value r = vm_repr(vm, a->len == 1 ? a->items[0] : MAKE_OBJ(a));
    if (IS_NULL(r)) return VAL_NULL;
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, short_type_name(e->obj.type));
    if (a->len == 1) strbuf_add_char(&b, '(');
    strbuf_add_str(&b, AS_STR(r));
    if (a->len == 1) strbuf_add_char(&b, ')');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value base_str(VM *vm, ObjException *e) {
    ObjTuple *a = e->args ? e->args : empty_tuple(vm);
    if (a->len == 0) return MAKE_OBJ(vm->empty_str ? vm->empty_str : str_new(vm, "", 0));
    if (a->len == 1) return vm_str(vm, a->items[0]);
    return vm_str(vm, MAKE_OBJ(a));
}

static Value exc_m_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    return base_str(vm, e);
}

/* ---- traceback objects ------------------------------------------------ */

typedef struct {
    Obj obj;
    ObjCode *code;
    int line;
    Value next;  /* traceback or None */
    Value frame; /* lazily made frame object, VAL_NULL until asked */
} ObjTraceback;

typedef struct {
    Obj obj;
    ObjCode *code;
    int line;
} ObjFrameInfo;

static void tb_trace(GC *gc, Obj *o) {
    ObjTraceback *t = (ObjTraceback *)o;
    if (t->code) gc_mark_obj(gc, (Obj *)t->code);
    gc_mark_value(gc, t->next);
    gc_mark_value(gc, t->frame);
}

static void frame_trace_fn(GC *gc, Obj *o) {
    ObjFrameInfo *f = (ObjFrameInfo *)o;
    if (f->code) gc_mark_obj(gc, (Obj *)f->code);
}

static bool is_traceback(VM *vm, Value v) {
    return IS_OBJ(v) && AS_OBJ(v)->type == vm->ptypes[PT_TRACEBACK];
}

/* Builds the chain outermost first (the tb entries are innermost first). */
static Value make_traceback(VM *vm, ObjException *e) {
    if (e->tb_len == 0 || !vm->ptypes[PT_TRACEBACK]) return VAL_NONE;
    Value next = VAL_NONE;
    for (int i = 0; i < e->tb_len; i++) {
        ObjTraceback *t = (ObjTraceback *)gc_alloc(vm, sizeof(ObjTraceback), vm->ptypes[PT_TRACEBACK], OK_OTHER);
        t->code = e->tb[i].code;
        t->line = e->tb[i].line;
        t->next = next;
        t->frame = VAL_NULL;
        next = MAKE_OBJ(t);
    }
    return next;
}

static bool set_traceback(VM *vm, ObjException *e, Value tb) {
    if (IS_NONE(tb)) {
        e->tb_len = 0;
        return true;
    }
    if (!is_traceback(vm, tb)) {
        vm_raise(vm, vm->exc_TypeError, "__traceback__ must be a traceback or None");
        return false;
    }
    int n = 0;
    for (Value t = tb; is_traceback(vm, t) && n < 1000000; t = ((ObjTraceback *)AS_OBJ(t))->next) n++;
    if (n > e->tb_cap) {
        e->tb = gc_realloc(vm, e->tb, (size_t)e->tb_cap * sizeof(TbEntry), (size_t)n * sizeof(TbEntry));
        e->tb_cap = n;
    }
    int i = n;
    for (Value t = tb; is_traceback(vm, t) && i > 0; t = ((ObjTraceback *)AS_OBJ(t))->next) {
        ObjTraceback *o = (ObjTraceback *)AS_OBJ(t);
        i--;
        e->tb[i].code = o->code;
        e->tb[i].line = o->line;
    }
    e->tb_len = n;
    return true;
}

static void copy_traceback(VM *vm, ObjException *dst, ObjException *src) {
    if (src->tb_len > dst->tb_cap) {
        dst->tb = gc_realloc(vm, dst->tb, (size_t)dst->tb_cap * sizeof(TbEntry), (size_t)src->tb_len * sizeof(TbEntry));
        dst->tb_cap = src->tb_len;
    }
    if (src->tb_len) memcpy(dst->tb, src->tb, (size_t)src->tb_len * sizeof(TbEntry));
    dst->tb_len = src->tb_len;
}

static Value tb_get_next(VM *vm, Value self) { return ((ObjTraceback *)AS_OBJ(self))->next; }
static bool tb_set_next(VM *vm, Value self, Value v) {
    if (!IS_NONE(v) && !is_traceback(vm, v)) {
        vm_raise(vm, vm->exc_TypeError, "expected traceback object or None, got '%s'", vm_type_name(vm, v));
        return false;
    }
    for (Value t = v; is_traceback(vm, t); t = ((ObjTraceback *)AS_OBJ(t))->next)
        if (AS_OBJ(t) == AS_OBJ(self)) {
            vm_raise(vm, vm->exc_ValueError, "traceback loop detected");
            return false;
        }
    ((ObjTraceback *)AS_OBJ(self))->next = v;
    return true;
}
static Value tb_get_lineno(VM *vm, Value self) { return MAKE_INT(((ObjTraceback *)AS_OBJ(self))->line); }
static Value tb_get_lasti(VM *vm, Value self) { return MAKE_INT(0); }
static Value tb_get_frame(VM *vm, Value self) {
    ObjTraceback *t = (ObjTraceback *)AS_OBJ(self);
    if (IS_NULL(t->frame)) {
        ObjFrameInfo *f = (ObjFrameInfo *)gc_alloc(vm, sizeof(ObjFrameInfo), vm->ptypes[PT_FRAME], OK_OTHER);
        f->code = t->code;
        f->line = t->line;
        t->frame = MAKE_OBJ(f);
    }
    return t->frame;
}

static Value frame_get_code(VM *vm, Value self) {
    ObjFrameInfo *f = (ObjFrameInfo *)AS_OBJ(self);
    return f->code ? MAKE_OBJ(f->code) : VAL_NONE;
}
static Value frame_get_lineno(VM *vm, Value self) { return MAKE_INT(((ObjFrameInfo *)AS_OBJ(self))->line); }
static Value frame_get_none(VM *vm, Value self) { return VAL_NONE; }

static Value frame_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjFrameInfo *f = (ObjFrameInfo *)AS_OBJ(args[0]);
    const char *file = f->code && f->code->filename ? f->code->filename->data : "?";
    const char *name = f->code && f->code->name ? f->code->name->data : "?";
    return MAKE_OBJ(str_printf(vm, "<frame at %p, file '%s', line %d, code %s>", (void *)f, file, f->line, name));
}

static const GetSetDef tb_getsets[] = {
    {"tb_next", tb_get_next, tb_set_next},
    {"tb_lineno", tb_get_lineno, NULL},
    {"tb_lasti", tb_get_lasti, NULL},
    {"tb_frame", tb_get_frame, NULL},
    {NULL, NULL, NULL},
};

static const GetSetDef frame_getsets[] = {
    {"f_code", frame_get_code, NULL},
    {"f_lineno", frame_get_lineno, NULL},
    {"f_back", frame_get_none, NULL},
    {"f_trace", frame_get_none, NULL},
    {NULL, NULL, NULL},
};

static const MethodDef frame_methods[] = {
    {"__repr__", frame_repr, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- BaseException methods and getsets --------------------------------- */

static Value exc_m_with_traceback(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "with_traceback", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    if (!vm_check_args(vm, "BaseException.with_traceback", nargs - 1, 1, 1)) return VAL_NULL;
    if (!set_traceback(vm, e, args[1])) return VAL_NULL;
    return args[0];
}

static Value exc_m_add_note(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "add_note", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    if (!vm_check_args(vm, "BaseException.add_note", nargs - 1, 1, 1)) return VAL_NULL;
    Value note = args[1];
    if (!IS_STR(note))
        return vm_raise(vm, vm->exc_TypeError, "note must be a str, not '%s'", vm_type_name(vm, note));
    ObjStr *key = str_intern_cstr(vm, "__notes__");
    Value notes = vm_getattr_opt(vm, args[0], key);
    if (IS_NULL(notes)) {
        if (vm_has_exc(vm)) return VAL_NULL;
        notes = MAKE_OBJ(list_new(vm, 0));
        if (!vm_setattr(vm, args[0], key, notes)) return VAL_NULL;
    }
    if (!IS_LIST(notes)) return vm_raise(vm, vm->exc_TypeError, "Cannot add note: __notes__ is not a list");
    list_append(vm, AS_LIST(notes), note);
    return VAL_NONE;
}

static Value exc_m_reduce(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__reduce__", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    Value items[3] = {MAKE_OBJ(e->obj.type), MAKE_OBJ(e->args ? e->args : empty_tuple(vm)), VAL_NONE};
    if (e->dict && e->dict->len > 0) {
        items[2] = MAKE_OBJ(e->dict);
        return MAKE_OBJ(tuple_from(vm, items, 3));
    }
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value exc_m_setstate(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__setstate__", vm->exc_BaseException);
    if (!e) return VAL_NULL;
    if (!vm_check_args(vm, "BaseException.__setstate__", nargs - 1, 1, 1)) return VAL_NULL;
    if (IS_NONE(args[1])) return VAL_NONE;
    if (!IS_DICT(args[1])) return vm_raise(vm, vm->exc_TypeError, "state is not a dictionary");
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(args[1]), &pos, &k, &v)) {
        if (!IS_STR(k)) continue;
        if (!vm_setattr(vm, args[0], str_intern(vm, AS_STR(k)->data, (size_t)AS_STR(k)->len), v)) return VAL_NULL;
    }
    return VAL_NONE;
}

static Value g_args(VM *vm, Value self) {
    ObjException *e = AS_EXCEPTION(self);
    return MAKE_OBJ(e->args ? e->args : empty_tuple(vm));
}
static bool s_args(VM *vm, Value self, Value v) {
    ObjTuple *t = tuple_from_iterable(vm, v);
    if (!t) return false;
    AS_EXCEPTION(self)->args = t;
    return true;
}
static Value g_traceback(VM *vm, Value self) { return make_traceback(vm, AS_EXCEPTION(self)); }
static bool s_traceback(VM *vm, Value self, Value v) { return set_traceback(vm, AS_EXCEPTION(self), v); }
static Value g_cause(VM *vm, Value self) { return AS_EXCEPTION(self)->cause; }
static bool s_cause(VM *vm, Value self, Value v) {
    if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
        vm_raise(vm, vm->exc_TypeError, "exception cause must be None or derive from BaseException");
        return false;
    }
    AS_EXCEPTION(self)->cause = v;
    AS_EXCEPTION(self)->suppress_context = true;
    return true;
}
static Value g_context(VM *vm, Value self) { return AS_EXCEPTION(self)->context; }
static bool s_context(VM *vm, Value self, Value v) {
    if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
        vm_raise(vm, vm->exc_TypeError, "exception context must be None or derive from BaseException");
        return false;
    }
    AS_EXCEPTION(self)->context = v;
    return true;
}
static Value g_suppress(VM *vm, Value self) { return MAKE_BOOL(AS_EXCEPTION(self)->suppress_context); }
static bool s_suppress(VM *vm, Value self, Value v) {
    if (!IS_BOOL(v)) {
        vm_raise(vm, vm->exc_TypeError, "attribute value type must be bool");
        return false;
    }
    AS_EXCEPTION(self)->suppress_context = AS_BOOL(v);
    return true;
}
static Value g_dict(VM *vm, Value self) {
    ObjException *e = AS_EXCEPTION(self);
    if (!e->dict) e->dict = dict_new(vm);
    return MAKE_OBJ(e->dict);
}
static bool s_dict(VM *vm, Value self, Value v) {
    if (!IS_DICT(v)) {
        vm_raise(vm, vm->exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'", vm_type_name(vm, v));
        return false;
    }
    AS_EXCEPTION(self)->dict = AS_DICT(v);
    return true;
}

static const MethodDef base_methods[] = {
    {"__new__", exc_m_new, METH_STATIC | METH_KW, NULL},
    {"__init__", exc_m_init, METH_KW, NULL},
    {"__repr__", exc_m_repr, 0, NULL},
    {"__str__", exc_m_str, 0, NULL},
    {"with_traceback", exc_m_with_traceback, 0, NULL},
    {"add_note", exc_m_add_note, 0, NULL},
    {"__reduce__", exc_m_reduce, 0, NULL},
    {"__setstate__", exc_m_setstate, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef base_getsets[] = {
    {"args", g_args, s_args},
    {"__traceback__", g_traceback, s_traceback},
    {"__cause__", g_cause, s_cause},
    {"__context__", g_context, s_context},
    {"__suppress_context__", g_suppress, s_suppress},
    {"__dict__", g_dict, s_dict},
    {NULL, NULL, NULL},
};

/* ---- field getsets ---------------------------------------------------- */

#define FIELD(fname)                                                                          \
    static Value fg_##fname(VM *vm, Value self) { return field_get(vm, AS_EXCEPTION(self), #fname); } \
    static bool fs_##fname(VM *vm, Value self, Value v) {                                     \
        field_set(vm, AS_EXCEPTION(self), #fname, v);                                         \
        return true;                                                                          \
    }
FIELD(value)
FIELD(code)
FIELD(msg)
FIELD(name)
FIELD(path)
FIELD(errno)
FIELD(strerror)
FIELD(filename)
FIELD(filename2)
FIELD(lineno)
FIELD(offset)
FIELD(text)
FIELD(end_lineno)
FIELD(end_offset)
FIELD(print_file_and_line)
FIELD(obj)
FIELD(encoding)
FIELD(object)
FIELD(start)
FIELD(end)
FIELD(reason)
#undef FIELD
static Value fg_message(VM *vm, Value self) { return field_get(vm, AS_EXCEPTION(self), "message"); }
static Value fg_exceptions(VM *vm, Value self) { return field_get(vm, AS_EXCEPTION(self), "exceptions"); }
static bool fs_readonly(VM *vm, Value self, Value v) {
    vm_raise(vm, vm->exc_AttributeError, "readonly attribute");
    return false;
}
#define GS(fname) {#fname, fg_##fname, fs_##fname}
#define GS_RO(fname) {#fname, fg_##fname, fs_readonly}

static Value fg_characters_written(VM *vm, Value self) {
    Value v = field_get_raw(vm, AS_EXCEPTION(self), "characters_written");
    if (IS_NULL(v)) return vm_raise(vm, vm->exc_AttributeError, "characters_written");
    return v;
}
static bool fs_characters_written(VM *vm, Value self, Value v) {
    int64_t n;
    if (!vm_to_index(vm, v, &n)) return false;
    field_set(vm, AS_EXCEPTION(self), "characters_written", MAKE_INT(n));
    return true;
}

static const GetSetDef stopiter_getsets[] = {GS(value), {NULL, NULL, NULL}};
static const GetSetDef sysexit_getsets[] = {GS(code), {NULL, NULL, NULL}};
static const GetSetDef import_getsets[] = {GS(msg), GS(name), GS(path), {NULL, NULL, NULL}};
static const GetSetDef oserror_getsets[] = {GS(errno), GS(strerror), GS(filename), GS(filename2), {NULL, NULL, NULL}};
static const GetSetDef blocking_getsets[] = {GS(characters_written), {NULL, NULL, NULL}};
static const GetSetDef syntax_getsets[] = {GS(msg),      GS(filename),   GS(lineno),
                                           GS(offset),   GS(text),       GS(end_lineno),
                                           GS(end_offset), GS(print_file_and_line), {NULL, NULL, NULL}};
static const GetSetDef name_getsets[] = {GS(name), {NULL, NULL, NULL}};
static const GetSetDef attr_getsets[] = {GS(name), GS(obj), {NULL, NULL, NULL}};
static const GetSetDef unicode_getsets[] = {GS(encoding), GS(object), GS(start), GS(end), GS(reason), {NULL, NULL, NULL}};
static const GetSetDef eg_getsets[] = {GS_RO(message), GS_RO(exceptions), {NULL, NULL, NULL}};

/* ---- subclass methods ---------------------------------------------------- */

static Value keyerror_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_KeyError);
    if (!e) return VAL_NULL;
    if (e->args && e->args->len == 1) return vm_repr(vm, e->args->items[0]);
    return base_str(vm, e);
}

static Value stopiter_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_StopIteration);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    field_set(vm, e, "value", nargs > 1 ? args[1] : VAL_NONE);
    return VAL_NONE;
}

static Value sysexit_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_SystemExit);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    Value code = VAL_NONE;
    if (nargs == 2) code = args[1];
    else if (nargs > 2) code = MAKE_OBJ(e->args);
    field_set(vm, e, "code", code);
    return VAL_NONE;
}

static Value import_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_ImportError);
    if (!e) return VAL_NULL;
    static const char *const names[2] = {"name", "path"};
    Value vals[2] = {VAL_NONE, VAL_NONE};
    if (!parse_kw_only(vm, args + nargs, kwnames, "ImportError", names, 2, vals)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    field_set(vm, e, "name", vals[0]);
    field_set(vm, e, "path", vals[1]);
    field_set(vm, e, "msg", nargs == 2 ? args[1] : VAL_NONE);
    return VAL_NONE;
}

static Value import_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_ImportError);
    if (!e) return VAL_NULL;
    Value msg = field_get(vm, e, "msg");
    if (IS_STR(msg) && AS_OBJ(msg)->type == vm->t_str) return msg;
    return base_str(vm, e);
}

static Value name_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_NameError);
    if (!e) return VAL_NULL;
    static const char *const names[1] = {"name"};
    Value vals[1] = {VAL_NONE};
    if (!parse_kw_only(vm, args + nargs, kwnames, "NameError", names, 1, vals)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    field_set(vm, e, "name", vals[0]);
    return VAL_NONE;
}

static Value attr_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_AttributeError);
    if (!e) return VAL_NULL;
    static const char *const names[2] = {"name", "obj"};
    Value vals[2] = {VAL_NONE, VAL_NONE};
    if (!parse_kw_only(vm, args + nargs, kwnames, "AttributeError", names, 2, vals)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    field_set(vm, e, "name", vals[0]);
    field_set(vm, e, "obj", vals[1]);
    return VAL_NONE;
}

/* OSError: __new__ maps the errno to a subclass, __init__ parses. */
static Value oserror_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0]) || !type_is_subtype(AS_TYPE(args[0]), vm->exc_OSError))
        return exc_m_new(vm, args, nargs, kwnames);
    ObjType *cls = oserror_map(vm, AS_TYPE(args[0]), args + 1, nargs - 1);
    ObjException *e = exc_alloc(vm, cls);
    set_args(vm, e, args + 1, nargs - 1);
    return MAKE_OBJ(e);
}

static Value oserror_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_OSError);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    init_oserror(vm, e, args + 1, nargs - 1);
    return VAL_NONE;
}

static Value oserror_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_OSError);
    if (!e) return VAL_NULL;
    Value eno = field_get_raw(vm, e, "errno"), serr = field_get_raw(vm, e, "strerror");
    Value fn = field_get_raw(vm, e, "filename"), fn2 = field_get_raw(vm, e, "filename2");
    if (!IS_NULL(fn) || (!IS_NULL(eno) && !IS_NULL(serr))) {
        if (IS_NULL(eno)) eno = VAL_NONE;
        if (IS_NULL(serr)) serr = VAL_NONE;
        Value es = vm_str(vm, eno);
        if (IS_NULL(es)) return VAL_NULL;
        Value ss = vm_str(vm, serr);
        if (IS_NULL(ss)) return VAL_NULL;
        StrBuf b;
        strbuf_init(&b);
        strbuf_add_cstr(&b, "[Errno ");
        strbuf_add_str(&b, AS_STR(es));
        strbuf_add_cstr(&b, "] ");
        strbuf_add_str(&b, AS_STR(ss));
        if (!IS_NULL(fn)) {
            Value fr = vm_repr(vm, fn);
            if (IS_NULL(fr)) {
                strbuf_free(&b);
                return VAL_NULL;
            }
            strbuf_add_cstr(&b, ": ");
            strbuf_add_str(&b, AS_STR(fr));
            if (!IS_NULL(fn2)) {
                Value fr2 = vm_repr(vm, fn2);
                if (IS_NULL(fr2)) {
                    strbuf_free(&b);
                    return VAL_NULL;
                }
                strbuf_add_cstr(&b, " -> ");
                strbuf_add_str(&b, AS_STR(fr2));
            }
        }
        return MAKE_OBJ(strbuf_finish(vm, &b));
    }
    return base_str(vm, e);
}

static Value syntax_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_SyntaxError);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    if (!init_syntax_error(vm, e, args + 1, nargs - 1)) return VAL_NULL;
    return VAL_NONE;
}

static Value syntax_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_SyntaxError);
    if (!e) return VAL_NULL;
    Value msg = field_get(vm, e, "msg");
    Value fn = field_get(vm, e, "filename");
    Value ln = field_get(vm, e, "lineno");
    Value ms = vm_str(vm, msg);
    if (IS_NULL(ms)) return VAL_NULL;
    const char *base = NULL;
    if (IS_STR(fn)) {
        const char *s = AS_STR(fn)->data;
        const char *slash = strrchr(s, '/');
        base = slash ? slash + 1 : s;
    }
    bool have_line = IS_INT(ln);
    if (!base && !have_line) return ms;
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_str(&b, AS_STR(ms));
    if (base && have_line) strbuf_printf(&b, " (%s, line %lld)", base, (long long)AS_INT(ln));
    else if (base) strbuf_printf(&b, " (%s)", base);
    else strbuf_printf(&b, " (line %lld)", (long long)AS_INT(ln));
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value unicode_init_common(VM *vm, Value *args, int nargs, ObjTuple *kwnames, ObjType *owner, int kind) {
    ObjException *e = check_self(vm, args, nargs, "__init__", owner);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    if (!init_unicode_error(vm, e, args + 1, nargs - 1, kind)) return VAL_NULL;
    return VAL_NONE;
}
static Value udecode_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_init_common(vm, args, nargs, kw, vm->exc_UnicodeDecodeError, 0);
}
static Value uencode_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_init_common(vm, args, nargs, kw, vm->exc_UnicodeEncodeError, 1);
}
static Value utranslate_init(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_init_common(vm, args, nargs, kw, vm->exc_UnicodeTranslateError, 2);
}

static Value unicode_str_common(VM *vm, Value *args, int nargs, ObjType *owner, int kind) {
    ObjException *e = check_self(vm, args, nargs, "__str__", owner);
    if (!e) return VAL_NULL;
    Value obj = field_get_raw(vm, e, "object");
    Value start = field_get_raw(vm, e, "start"), end = field_get_raw(vm, e, "end");
    if (IS_NULL(obj) || IS_NULL(start) || IS_NULL(end) || !IS_INT(start) || !IS_INT(end)) return base_str(vm, e);
    Value rs = vm_str(vm, field_get(vm, e, "reason"));
    if (IS_NULL(rs)) return VAL_NULL;
    Value es = VAL_NONE;
    if (kind != 2) {
        es = vm_str(vm, field_get(vm, e, "encoding"));
        if (IS_NULL(es)) return VAL_NULL;
    }
    int64_t s = AS_INT(start), en = AS_INT(end);
    StrBuf b;
    strbuf_init(&b);
    if (kind == 0) {
        int64_t size = IS_BYTES(obj) ? AS_BYTES(obj)->len : 0;
        if (s >= 0 && s < size && en == s + 1)
            strbuf_printf(&b, "'%s' codec can't decode byte 0x%02x in position %lld: ", AS_STR(es)->data,
                          (unsigned)AS_BYTES(obj)->data[s], (long long)s);
        else
            strbuf_printf(&b, "'%s' codec can't decode bytes in position %lld-%lld: ", AS_STR(es)->data, (long long)s,
                          (long long)(en - 1));
    } else {
        int64_t size = IS_STR(obj) ? AS_STR(obj)->nchars : 0;
        if (s >= 0 && s < size && en == s + 1) {
            uint32_t c = str_char_at(AS_STR(obj), s);
            const char *fmt = c <= 0xff ? "\\x%02x" : c <= 0xffff ? "\\u%04x" : "\\U%08x";
            if (kind == 1) strbuf_printf(&b, "'%s' codec can't encode character '", AS_STR(es)->data);
            else strbuf_add_cstr(&b, "can't translate character '");
            strbuf_printf(&b, fmt, (unsigned)c);
            strbuf_printf(&b, "' in position %lld: ", (long long)s);
        } else {
            if (kind == 1)
                strbuf_printf(&b, "'%s' codec can't encode characters in position %lld-%lld: ", AS_STR(es)->data,
                              (long long)s, (long long)(en - 1));
            else
                strbuf_printf(&b, "can't translate characters in position %lld-%lld: ", (long long)s,
                              (long long)(en - 1));
        }
    }
    strbuf_add_str(&b, AS_STR(rs));
    return MAKE_OBJ(strbuf_finish(vm, &b));
}
static Value udecode_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_str_common(vm, args, nargs, vm->exc_UnicodeDecodeError, 0);
}
static Value uencode_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_str_common(vm, args, nargs, vm->exc_UnicodeEncodeError, 1);
}
static Value utranslate_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    return unicode_str_common(vm, args, nargs, vm->exc_UnicodeTranslateError, 2);
}

/* ---- BaseExceptionGroup --------------------------------------------------- */

static bool is_sequence(VM *vm, Value v) {
    if (IS_LIST(v) || IS_TUPLE(v) || IS_STR(v) || IS_RANGE(v) || IS_BYTES(v)) return true;
    if (IS_DICT(v) || IS_SET(v)) return false;
    return !IS_NULL(type_lookup(vm, vm_type_of(vm, v), vm->s___getitem__));
}

/* Validates (message, exceptions), picks the class (*cls may become
 * ExceptionGroup) and stores the fields. e may be NULL (validation only). */
static bool eg_check(VM *vm, Value *args, int nargs, ObjType **cls, ObjTuple **excs_out) {
    if (nargs != 2) {
        vm_raise(vm, vm->exc_TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d given)", nargs);
        return false;
    }
    if (!IS_STR(args[0])) {
        vm_raise(vm, vm->exc_TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not %s",
                 vm_type_name(vm, args[0]));
        return false;
    }
    if (!is_sequence(vm, args[1])) {
        vm_raise(vm, vm->exc_TypeError, "second argument (exceptions) must be a sequence");
        return false;
    }
    ObjTuple *excs = tuple_from_iterable(vm, args[1]);
    if (!excs) return false;
    if (excs->len == 0) {
        vm_raise(vm, vm->exc_ValueError, "second argument (exceptions) must be a non-empty sequence");
        return false;
    }
    bool nested_base = false;
    for (int64_t i = 0; i < excs->len; i++) {
        Value x = excs->items[i];
        if (!IS_EXCEPTION(x)) {
            vm_raise(vm, vm->exc_ValueError, "Item %lld of second argument (exceptions) is not an exception",
                     (long long)i);
            return false;
        }
        if (!vm_isinstance(vm, x, vm->exc_Exception)) nested_base = true;
    }
    ObjType *c = *cls;
    if (c == vm->exc_BaseExceptionGroup) {
        if (!nested_base) c = vm->exc_ExceptionGroup;
    } else if (c == vm->exc_ExceptionGroup) {
        if (nested_base) {
            vm_raise(vm, vm->exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
            return false;
        }
    } else if (nested_base && type_is_subtype(c, vm->exc_Exception)) {
        vm_raise(vm, vm->exc_TypeError, "Cannot nest BaseExceptions in '%s'", c->name->data);
        return false;
    }
    *cls = c;
    *excs_out = excs;
    return true;
}

static bool eg_setup(VM *vm, ObjException *e, Value *args, int nargs, ObjType **cls) {
    ObjTuple *excs;
    if (!eg_check(vm, args, nargs, cls, &excs)) return false;
    if (e) {
        e->obj.type = *cls;
        field_set(vm, e, "message", args[0]);
        field_set(vm, e, "exceptions", MAKE_OBJ(excs));
    }
    return true;
}

static Value eg_new(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    if (nargs < 1 || !IS_TYPE(args[0]) || !type_is_subtype(AS_TYPE(args[0]), vm->exc_BaseExceptionGroup))
        return exc_m_new(vm, args, nargs, kwnames);
    ObjType *cls = AS_TYPE(args[0]);
    if (!no_keywords(vm, kwnames, cls)) return VAL_NULL;
    ObjTuple *excs;
    if (!eg_check(vm, args + 1, nargs - 1, &cls, &excs)) return VAL_NULL;
    ObjException *e = exc_alloc(vm, cls);
    set_args(vm, e, args + 1, nargs - 1);
    field_set(vm, e, "message", args[1]);
    field_set(vm, e, "exceptions", MAKE_OBJ(excs));
    return MAKE_OBJ(e);
}

static Value eg_init(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    ObjException *e = check_self(vm, args, nargs, "__init__", vm->exc_BaseExceptionGroup);
    if (!e || !no_keywords(vm, kwnames, e->obj.type)) return VAL_NULL;
    set_args(vm, e, args + 1, nargs - 1);
    return VAL_NONE;
}

static Value eg_str(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "__str__", vm->exc_BaseExceptionGroup);
    if (!e) return VAL_NULL;
    Value ms = vm_str(vm, field_get(vm, e, "message"));
    if (IS_NULL(ms)) return VAL_NULL;
    Value ex = field_get(vm, e, "exceptions");
    int64_t n = IS_TUPLE(ex) ? AS_TUPLE(ex)->len : 0;
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_str(&b, AS_STR(ms));
    strbuf_printf(&b, " (%lld sub-exception%s)", (long long)n, n == 1 ? "" : "s");
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value eg_derive(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "derive", vm->exc_BaseExceptionGroup);
    if (!e) return VAL_NULL;
    if (nargs != 2)
        return vm_raise(vm, vm->exc_TypeError, "function takes exactly 1 argument (%d given)", nargs - 1);
    Value a[2] = {field_get(vm, e, "message"), args[1]};
    return vm_call(vm, MAKE_OBJ(vm->exc_BaseExceptionGroup), a, 2, NULL);
}

enum { MATCH_TYPE, MATCH_PRED };

static int matcher_kind(VM *vm, Value cond) {
    if (IS_TYPE(cond)) {
        if (AS_TYPE(cond)->tflags & TF_EXCEPTION) return MATCH_TYPE;
    } else if (IS_TUPLE(cond)) {
        ObjTuple *t = AS_TUPLE(cond);
        bool ok = true;
        for (int64_t i = 0; i < t->len; i++)
            if (!IS_TYPE(t->items[i]) || !(AS_TYPE(t->items[i])->tflags & TF_EXCEPTION)) ok = false;
        if (ok) return MATCH_TYPE;
    } else if (!IS_NULL(type_lookup(vm, vm_type_of(vm, cond), vm->s___call__))) {
        return MATCH_PRED;
    }
    vm_raise(vm, vm->exc_TypeError, "expected a function, exception type or tuple of exception types");
    return -1;
}

static int eg_matches(VM *vm, Value exc, int kind, Value cond) {
    if (kind == MATCH_PRED) {
        Value r = vm_call1(vm, cond, exc);
        if (IS_NULL(r)) return -1;
        return vm_truthy(vm, r);
    }
    if (IS_TUPLE(cond)) {
        ObjTuple *t = AS_TUPLE(cond);
        for (int64_t i = 0; i < t->len; i++)
            if (vm_isinstance(vm, exc, AS_TYPE(t->items[i]))) return 1;
        return 0;
    }
    return vm_isinstance(vm, exc, AS_TYPE(cond)) ? 1 : 0;
}

/* A group like orig holding excs (None when empty), with orig's metadata. */
static Value eg_subset(VM *vm, Value orig, ObjList *excs) {
    if (excs->len == 0) return VAL_NONE;
    Value arg = MAKE_OBJ(excs);
    Value eg = vm_call_method(vm, orig, str_intern_cstr(vm, "derive"), &arg, 1);
    if (IS_NULL(eg)) return VAL_NULL;
    if (!IS_EXCEPTION(eg) || !vm_isinstance(vm, eg, vm->exc_BaseExceptionGroup))
        return vm_raise(vm, vm->exc_TypeError, "derive must return an instance of BaseExceptionGroup");
    ObjException *ne = AS_EXCEPTION(eg), *oe = AS_EXCEPTION(orig);
    copy_traceback(vm, ne, oe);
    ne->context = oe->context;
    ne->cause = oe->cause;
    ObjStr *nk = str_intern_cstr(vm, "__notes__");
    Value notes = vm_getattr_opt(vm, orig, nk);
    if (IS_NULL(notes)) {
        if (vm_has_exc(vm)) return VAL_NULL;
    } else if (IS_LIST(notes) || IS_TUPLE(notes)) {
        ObjList *copy = vm_list_from_iterable(vm, notes);
        if (!copy) return VAL_NULL;
        if (!vm_setattr(vm, eg, nk, MAKE_OBJ(copy))) return VAL_NULL;
    }
    return eg;
}

static bool eg_split_rec(VM *vm, Value exc, int kind, Value cond, bool want_rest, Value *match, Value *rest) {
    *match = VAL_NONE;
    *rest = VAL_NONE;
    int m = eg_matches(vm, exc, kind, cond);
    if (m < 0) return false;
    if (m) {
        *match = exc;
        return true;
    }
    if (!vm_isinstance(vm, exc, vm->exc_BaseExceptionGroup)) {
        if (want_rest) *rest = exc;
        return true;
    }
    Value ex = field_get(vm, AS_EXCEPTION(exc), "exceptions");
    if (!IS_TUPLE(ex)) {
        if (want_rest) *rest = exc;
        return true;
    }
    ObjTuple *excs = AS_TUPLE(ex);
    ObjList *ml = list_new(vm, 0), *rl = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(ml));
    gc_push_root(vm, MAKE_OBJ(rl));
    bool ok = true;
    for (int64_t i = 0; i < excs->len && ok; i++) {
        Value sm, sr;
        if (!eg_split_rec(vm, excs->items[i], kind, cond, want_rest, &sm, &sr)) {
            ok = false;
            break;
        }
        if (!IS_NONE(sm)) list_append(vm, ml, sm);
        if (want_rest && !IS_NONE(sr)) list_append(vm, rl, sr);
    }
    if (ok) {
        *match = eg_subset(vm, exc, ml);
        if (IS_NULL(*match)) ok = false;
        else {
            gc_push_root(vm, *match);
            if (want_rest) {
                *rest = eg_subset(vm, exc, rl);
                if (IS_NULL(*rest)) ok = false;
            }
            gc_pop_roots(vm, 1);
        }
    }
    gc_pop_roots(vm, 2);
    return ok;
}

static Value eg_split(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "split", vm->exc_BaseExceptionGroup);
    if (!e) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "split expected 1 argument, got %d", nargs - 1);
    int kind = matcher_kind(vm, args[1]);
    if (kind < 0) return VAL_NULL;
    Value m, r;
    if (!eg_split_rec(vm, args[0], kind, args[1], true, &m, &r)) return VAL_NULL;
    Value items[2] = {m, r};
    return MAKE_OBJ(tuple_from(vm, items, 2));
}

static Value eg_subgroup(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjException *e = check_self(vm, args, nargs, "subgroup", vm->exc_BaseExceptionGroup);
    if (!e) return VAL_NULL;
    if (nargs != 2) return vm_raise(vm, vm->exc_TypeError, "subgroup expected 1 argument, got %d", nargs - 1);
    int kind = matcher_kind(vm, args[1]);
    if (kind < 0) return VAL_NULL;
    Value m, r;
    if (!eg_split_rec(vm, args[0], kind, args[1], false, &m, &r)) return VAL_NULL;
    return m;
}

static Value eg_class_getitem(VM *vm, Value *args, int nargs, ObjTuple *kw) { return args[0]; }

/* ---- tables ------------------------------------------------------------ */

static const MethodDef keyerror_methods[] = {{"__str__", keyerror_str, 0, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef stopiter_methods[] = {{"__init__", stopiter_init, METH_KW, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef sysexit_methods[] = {{"__init__", sysexit_init, METH_KW, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef import_methods[] = {
    {"__init__", import_init, METH_KW, NULL},
    {"__str__", import_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef name_methods[] = {{"__init__", name_init, METH_KW, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef attr_methods[] = {{"__init__", attr_init, METH_KW, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef oserror_methods[] = {
    {"__new__", oserror_new, METH_STATIC | METH_KW, NULL},
    {"__init__", oserror_init, METH_KW, NULL},
    {"__str__", oserror_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef syntax_methods[] = {
    {"__init__", syntax_init, METH_KW, NULL},
    {"__str__", syntax_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef udecode_methods[] = {
    {"__init__", udecode_init, METH_KW, NULL},
    {"__str__", udecode_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef uencode_methods[] = {
    {"__init__", uencode_init, METH_KW, NULL},
    {"__str__", uencode_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef utranslate_methods[] = {
    {"__init__", utranslate_init, METH_KW, NULL},
    {"__str__", utranslate_str, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef eg_methods[] = {
    {"__new__", eg_new, METH_STATIC | METH_KW, NULL},
    {"__init__", eg_init, METH_KW, NULL},
    {"__str__", eg_str, 0, NULL},
    {"derive", eg_derive, 0, NULL},
    {"split", eg_split, 0, NULL},
    {"subgroup", eg_subgroup, 0, NULL},
    {"__class_getitem__", eg_class_getitem, METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ExceptionGroup derives from both BaseExceptionGroup and Exception. */
static void fix_exception_group(VM *vm) {
    ObjType *eg = vm->exc_ExceptionGroup, *beg = vm->exc_BaseExceptionGroup;
    Value bases[2] = {MAKE_OBJ(beg), MAKE_OBJ(vm->exc_Exception)};
    eg->bases = tuple_from(vm, bases, 2);
    Value mro[5] = {MAKE_OBJ(eg), MAKE_OBJ(beg), MAKE_OBJ(vm->exc_Exception), MAKE_OBJ(vm->exc_BaseException),
                    MAKE_OBJ(vm->t_object)};
    eg->mro = tuple_from(vm, mro, 5);
    eg->base = beg;
    eg->version = ++vm->next_type_version;
    vm->next_type_version++;
}

void exc_init_types(VM *vm) {
    fix_exception_group(vm);
    type_add_methods(vm, vm->exc_BaseException, base_methods);
    type_add_getsets(vm, vm->exc_BaseException, base_getsets);
    type_add_methods(vm, vm->exc_KeyError, keyerror_methods);
    type_add_methods(vm, vm->exc_StopIteration, stopiter_methods);
    type_add_getsets(vm, vm->exc_StopIteration, stopiter_getsets);
    type_add_methods(vm, vm->exc_SystemExit, sysexit_methods);
    type_add_getsets(vm, vm->exc_SystemExit, sysexit_getsets);
    type_add_methods(vm, vm->exc_ImportError, import_methods);
    type_add_getsets(vm, vm->exc_ImportError, import_getsets);
    type_add_methods(vm, vm->exc_NameError, name_methods);
    type_add_getsets(vm, vm->exc_NameError, name_getsets);
    type_add_methods(vm, vm->exc_AttributeError, attr_methods);
    type_add_getsets(vm, vm->exc_AttributeError, attr_getsets);
    type_add_methods(vm, vm->exc_OSError, oserror_methods);
    type_add_getsets(vm, vm->exc_OSError, oserror_getsets);
    type_add_getsets(vm, vm->exc_BlockingIOError, blocking_getsets);
    type_add_methods(vm, vm->exc_SyntaxError, syntax_methods);
    type_add_getsets(vm, vm->exc_SyntaxError, syntax_getsets);
    type_add_getsets(vm, vm->exc_UnicodeError, unicode_getsets);
    type_add_methods(vm, vm->exc_UnicodeDecodeError, udecode_methods);
    type_add_methods(vm, vm->exc_UnicodeEncodeError, uencode_methods);
    type_add_methods(vm, vm->exc_UnicodeTranslateError, utranslate_methods);
    type_add_methods(vm, vm->exc_BaseExceptionGroup, eg_methods);
    type_add_getsets(vm, vm->exc_BaseExceptionGroup, eg_getsets);

    ObjType *tb = type_new_builtin(vm, "traceback", NULL, OK_OTHER, sizeof(ObjTraceback), tb_trace, NULL, TF_BUILTIN);
    type_add_getsets(vm, tb, tb_getsets);
    vm->ptypes[PT_TRACEBACK] = tb;
    ObjType *fr = type_new_builtin(vm, "frame", NULL, OK_OTHER, sizeof(ObjFrameInfo), frame_trace_fn, NULL, TF_BUILTIN);
    type_add_getsets(vm, fr, frame_getsets);
    type_add_methods(vm, fr, frame_methods);
    vm->ptypes[PT_FRAME] = fr;
}

/* ---- exception.h API ---------------------------------------------------- */

/* The getset an exception type defines for name (fields, args, ...), or
 * NULL. */
static ObjGetSet *exc_getset(VM *vm, ObjException *e, ObjStr *name) {
    Value d = type_lookup(vm, e->obj.type, name);
    if (IS_KIND(d, OK_GETSET) && (((ObjGetSet *)AS_OBJ(d))->owner->tflags & TF_EXCEPTION)) return (ObjGetSet *)AS_OBJ(d);
    return NULL;
}

void exc_set_attr(VM *vm, ObjException *e, const char *name, Value v) {
    ObjStr *key = str_intern_cstr(vm, name);
    ObjGetSet *g = exc_getset(vm, e, key);
    if (g) {
        if (g->def->set && g->def->set != fs_readonly) {
            Value saved = vm->exc;
            vm->exc = VAL_NULL;
            g->def->set(vm, MAKE_OBJ(e), v);
            vm->exc = saved;
        } else {
            field_set(vm, e, name, v);
        }
        return;
    }
    if (!e->dict) e->dict = dict_new(vm);
    dict_set_str(vm, e->dict, key, v);
}

Value exc_get_attr(VM *vm, ObjException *e, const char *name) {
    ObjStr *key = str_intern_cstr(vm, name);
    ObjGetSet *g = exc_getset(vm, e, key);
    if (g) {
        Value saved = vm->exc;
        vm->exc = VAL_NULL;
        Value v = g->def->get(vm, MAKE_OBJ(e));
        vm->exc = saved;
        return v;
    }
    if (e->dict) {
        Value v = dict_get_str(vm, e->dict, key);
        if (!IS_NULL(v)) return v;
    }
    return type_lookup(vm, e->obj.type, key);
}

Value exc_raise_stop_iteration(VM *vm, Value value) {
    ObjException *e = IS_NULL(value) ? exc_new(vm, vm->exc_StopIteration, NULL, 0)
                                     : exc_new(vm, vm->exc_StopIteration, &value, 1);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

Value exc_raise_key_error(VM *vm, Value key) {
    ObjException *e = exc_new(vm, vm->exc_KeyError, &key, 1);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

Value exc_str(VM *vm, Value exc) { return vm_str(vm, exc); }
