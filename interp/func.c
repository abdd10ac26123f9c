/* func.c: function objects, frame allocation, and argument binding.
 *
 * Binding follows CPython's rules and messages exactly (positional, then
 * keywords by name, then defaults; the star parameters collect the rest). The
 * common case -- positional arguments only, count equal to the parameters,
 * no cells -- is a straight copy done by the VM before calling here.
 */
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "func.h"
#include "str.h"
#include "vm.h"

ObjFunction *func_new(VM *vm, ObjCode *code, ObjDict *globals) {
    ObjFunction *f = (ObjFunction *)gc_alloc(vm, sizeof(ObjFunction), vm->t_function, OK_FUNCTION);
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = code->qualname ? code->qualname : code->name;
    Value mod = dict_get_str(vm, globals, vm->s___name__);
    f->module = IS_NULL(mod) ? VAL_NONE : mod;
    f->doc = (code->flags & CO_HASDOC) && code->nconsts > 0 ? code->consts[0] : VAL_NONE;
    return f;
}

/* Small free lists by slot count keep call-heavy code off malloc. */
#define FRAME_CACHE_SLOTS 32
#define FRAME_CACHE_DEPTH 256
typedef struct FrameCache {
    Frame *lists[FRAME_CACHE_SLOTS + 1][FRAME_CACHE_DEPTH];
    int counts[FRAME_CACHE_SLOTS + 1];
} FrameCache;
static _Thread_local FrameCache frame_cache;

Frame *frame_new(VM *vm, ObjCode *code, ObjFunction *func, ObjDict *globals) {
    int n = code->nlocals + code->ncellvars + code->nfreevars + code->stacksize + 1;
    Frame *f;
    if (n <= FRAME_CACHE_SLOTS && frame_cache.counts[n] > 0) {
        f = frame_cache.lists[n][--frame_cache.counts[n]];
    } else {
        f = malloc(sizeof(Frame) + sizeof(Value) * (size_t)n);
        if (!f) {
            vm_raise_no_memory(vm);
            return NULL;
        }
    }
    f->prev = NULL;
    f->code = code;
    f->func = func;
    f->globals = globals;
    f->builtins = vm->builtins;
    f->locals = NULL;
    f->ip = code->code;
    f->sp = f->slots + code->nlocals + code->ncellvars + code->nfreevars;
    f->owner = NULL;
    f->flags = 0;
    f->nslots = n;
    for (int i = 0; i < n; i++) f->slots[i] = VAL_NULL;
    return f;
}

void frame_free(VM *vm, Frame *f) {
    int n = f->nslots;
    if (n <= FRAME_CACHE_SLOTS && frame_cache.counts[n] < FRAME_CACHE_DEPTH) {
        frame_cache.lists[n][frame_cache.counts[n]++] = f;
        return;
    }
    free(f);
}

void frame_trace(GC *gc, Frame *f) {
    gc_mark_obj(gc, (Obj *)f->code);
    gc_mark_obj(gc, (Obj *)f->func);
    gc_mark_obj(gc, (Obj *)f->globals);
    gc_mark_obj(gc, (Obj *)f->builtins);
    gc_mark_obj(gc, (Obj *)f->locals);
    gc_mark_obj(gc, f->owner);
    gc_mark_values(gc, f->slots, (size_t)f->nslots);
}

static const char *fname(ObjFunction *fn) { return fn->qualname->data; }

static void raise_missing(VM *vm, ObjFunction *fn, const char *kind, ObjStr **names, int n) {
    StrBuf b;
    strbuf_init(&b);
    for (int i = 0; i < n; i++) {
        if (i > 0) strbuf_add_cstr(&b, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        strbuf_add_cstr(&b, "'");
        strbuf_add_str(&b, names[i]);
        strbuf_add_cstr(&b, "'");
    }
    ObjStr *s = strbuf_finish(vm, &b);
    vm_raise(vm, vm->exc_TypeError, "%s() missing %d required %s argument%s: %s", fname(fn), n, kind,
             n == 1 ? "" : "s", s->data);
}

static void raise_too_many(VM *vm, ObjFunction *fn, int given, int kwgiven) {
    ObjCode *c = fn->code;
    int ndef = fn->defaults ? (int)fn->defaults->len : 0;
    int maxp = c->argcount, minp = c->argcount - ndef;
    char took[64], kwpart[96] = "";
    if (minp < maxp) snprintf(took, sizeof took, "from %d to %d positional arguments", minp, maxp);
    else snprintf(took, sizeof took, "%d positional argument%s", maxp, maxp == 1 ? "" : "s");
    if (kwgiven)
        snprintf(kwpart, sizeof kwpart, " positional argument%s (and %d keyword-only argument%s)", given == 1 ? "" : "s",
                 kwgiven, kwgiven == 1 ? "" : "s");
    vm_raise(vm, vm->exc_TypeError, "%s() takes %s but %d%s %s given", fname(fn), took, given, kwpart,
             given == 1 && !kwgiven ? "was" : "were");
}

bool func_bind_args(VM *vm, ObjFunction *fn, Frame *f, Value *args, int nargs, ObjTuple *kwnames) {
    ObjCode *c = fn->code;
    Value *slots = f->slots;
    int argc = c->argcount, kwonly = c->kwonlyargcount;
    int total = argc + kwonly;
    int nkw = kwnames ? (int)kwnames->len : 0;
    int varargs_slot = (c->flags & CO_VARARGS) ? total : -1;
    int varkw_slot = (c->flags & CO_VARKEYWORDS) ? total + (varargs_slot >= 0 ? 1 : 0) : -1;
    ObjDict *kwdict = NULL;
    if (varkw_slot >= 0) {
        kwdict = dict_new(vm);
        slots[varkw_slot] = MAKE_OBJ(kwdict);
    }
    int npos = nargs < argc ? nargs : argc;
    for (int i = 0; i < npos; i++) slots[i] = args[i];
    if (varargs_slot >= 0) {
        slots[varargs_slot] = nargs > argc ? MAKE_OBJ(tuple_from(vm, args + argc, nargs - argc)) : MAKE_OBJ(vm->empty_tuple);
    } else if (nargs > argc) {
        int kwonly_given = 0;
        for (int k = 0; k < nkw; k++) {
            ObjStr *kn = AS_STR(kwnames->items[k]);
            for (int i = argc; i < total; i++)
                if (c->varnames[i] == kn || str_equal(c->varnames[i], kn)) kwonly_given++;
        }
        raise_too_many(vm, fn, nargs, kwonly_given);
        return false;
    }
    /* keywords */
    ObjList *posonly_kw = NULL;
    for (int k = 0; k < nkw; k++) {
        ObjStr *kn = AS_STR(kwnames->items[k]);
        Value v = args[nargs + k];
        int idx = -1;
        for (int i = c->posonlyargcount; i < total; i++)
            if (c->varnames[i] == kn) {
                idx = i;
                break;
            }
        if (idx < 0)
            for (int i = c->posonlyargcount; i < total; i++)
                if (str_equal(c->varnames[i], kn)) {
                    idx = i;
                    break;
                }
        if (idx < 0) {
            if (kwdict) {
                dict_set(vm, kwdict, MAKE_OBJ(kn), v);
                continue;
            }
            bool posonly = false;
            for (int i = 0; i < c->posonlyargcount; i++)
                if (str_equal(c->varnames[i], kn)) posonly = true;
            if (posonly) {
                if (!posonly_kw) posonly_kw = list_new(vm, 0);
                list_append(vm, posonly_kw, MAKE_OBJ(kn));
                continue;
            }
            vm_raise(vm, vm->exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname(fn), kn->data);
            return false;
        }
        if (!IS_NULL(slots[idx])) {
            vm_raise(vm, vm->exc_TypeError, "%s() got multiple values for argument '%s'", fname(fn), kn->data);
            return false;
        }
        slots[idx] = v;
    }
    if (posonly_kw) {
        StrBuf b;
        strbuf_init(&b);
        for (int64_t i = 0; i < posonly_kw->len; i++) {
            if (i) strbuf_add_cstr(&b, ", ");
            strbuf_add_cstr(&b, "'");
            strbuf_add_str(&b, AS_STR(posonly_kw->items[i]));
            strbuf_add_cstr(&b, "'");
        }
        ObjStr *s = strbuf_finish(vm, &b);
        vm_raise(vm, vm->exc_TypeError, "%s() got some positional-only arguments passed as keyword arguments: %s",
                 fname(fn), s->data);
        return false;
    }
    /* defaults for missing positionals */
    if (nargs < argc) {
        int ndef = fn->defaults ? (int)fn->defaults->len : 0;
        int first_def = argc - ndef;
        ObjStr *missing[256];
        int nmissing = 0;
        for (int i = nargs; i < argc; i++) {
            if (!IS_NULL(slots[i])) continue;
            if (i >= first_def) slots[i] = fn->defaults->items[i - first_def];
            else if (nmissing < 256) missing[nmissing++] = c->varnames[i];
        }
        if (nmissing) {
            raise_missing(vm, fn, "positional", missing, nmissing);
            return false;
        }
    }
    if (kwonly) {
        ObjStr *missing[256];
        int nmissing = 0;
        for (int i = argc; i < total; i++) {
            if (!IS_NULL(slots[i])) continue;
            Value d = fn->kwdefaults ? dict_get_str(vm, fn->kwdefaults, c->varnames[i]) : VAL_NULL;
            if (!IS_NULL(d)) slots[i] = d;
            else if (nmissing < 256) missing[nmissing++] = c->varnames[i];
        }
        if (nmissing) {
            raise_missing(vm, fn, "keyword-only", missing, nmissing);
            return false;
        }
    }
    return true;
}
