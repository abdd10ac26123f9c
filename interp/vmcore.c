/* vmcore.c: creating and destroying an interpreter, and printing
 * exceptions the way CPython does (traceback, chained causes, SyntaxError
 * carets).
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "dict.h"
#include "exception.h"
#include "func.h"
#include "gen.h"
#include "object_impl.h"
#include "ops.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

/* The builtin ainput(prompt=""): asyncio.ainput's coroutine, imported on
 * first use so scripts that never read the console do not load asyncio. */
static Value builtin_ainput(VM *vm, Value *args, int nargs, ObjTuple *kwnames) {
    Value m = vm_import(vm, str_intern_cstr(vm, "asyncio"));
    if (IS_NULL(m)) return VAL_NULL;
    Value f = vm_getattr(vm, m, str_intern_cstr(vm, "ainput"));
    if (IS_NULL(f)) return VAL_NULL;
    return vm_call(vm, f, args, nargs, kwnames);
}

VM *vm_new(void) {
    VM *vm = calloc(1, sizeof(VM));
    if (!vm) return NULL;
    vm->gc.vm = vm;
    vm->gc.next_gc = 8u << 20;
    vm->exc = VAL_NULL;
    vm->exc_info_base.exc = VAL_NONE;
    vm->exc_info = &vm->exc_info_base;
    vm->recursion_limit = 1000;
    vm->running_loop = VAL_NONE;
    vm->prompt_loop = VAL_NONE;
    vm->context = VAL_NULL;
    vm->out = stdout;
    vm->err = stderr;
    object_bootstrap(vm);
    class_init_types(vm);
    descr_init_types(vm);
    gen_init_types(vm);
    str_init_type(vm);
    bytes_init_type(vm);
    int_init_type(vm);
    float_init_type(vm);
    list_init_type(vm);
    tuple_init_type(vm);
    dict_init_type(vm);
    set_init_type(vm);
    range_init_type(vm);
    slice_init_type(vm);
    ops_init(vm);
    exc_init_types(vm);
    vm->modules = dict_new(vm);
    vm->builtins_module = module_new(vm, "builtins");
    vm->builtins = vm->builtins_module->dict;
    dict_set(vm, vm->modules, MAKE_OBJ(vm->builtins_module->name), MAKE_OBJ(vm->builtins_module));
    vm->sys_argv = list_new(vm, 0);
    vm->sys_path = list_new(vm, 0);
    builtins_init(vm);
    ObjNative *ai = native_new(vm, "ainput", builtin_ainput, 0);
    dict_set_str(vm, vm->builtins, str_intern_cstr(vm, "ainput"), MAKE_OBJ(ai));
    ObjNative *bc = native_new(vm, "__build_class__", builtin_build_class, METH_KW);
    dict_set_str(vm, vm->builtins, vm->s___build_class__, MAKE_OBJ(bc));
    import_init(vm);
    return vm;
}

void vm_free(VM *vm) {
    if (!vm) return;
    vm->frame = NULL;
    console_shutdown(vm);
    gc_free_all(vm);
    ops_free(vm);
    free(vm->interned);
    free(vm->type_cache);
    free(vm->builtin_types);
    free(vm);
}

/* ---- printing exceptions ---------------------------------------------- */

/* Returns the text of line `lineno` of a file (malloc'd, without the
 * newline), or NULL. */
static char *source_line(const char *filename, int lineno) {
    if (!filename || filename[0] == '<' || lineno < 1) return NULL;
    FILE *f = fopen(filename, "rb");
    if (!f) return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int cur = 0;
    char *result = NULL;
    while ((n = getline(&line, &cap, f)) >= 0) {
        if (++cur == lineno) {
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
            result = line;
            line = NULL;
            break;
        }
    }
    free(line);
    fclose(f);
    return result;
}

static const char *skip_ws(const char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\f') s++;
    return s;
}

static void print_frames(VM *vm, ObjException *e, FILE *out) {
    /* entries were appended innermost first; print outermost first */
    int repeat = 0;
    for (int i = e->tb_len - 1; i >= 0; i--) {
        TbEntry *t = &e->tb[i];
        if (i < e->tb_len - 1) {
            TbEntry *p = &e->tb[i + 1];
            if (p->code == t->code && p->line == t->line) {
                repeat++;
                if (repeat >= 3) continue;
            } else {
                if (repeat >= 3)
                    fprintf(out, "  [Previous line repeated %d more time%s]\n", repeat - 2, repeat - 2 == 1 ? "" : "s");
                repeat = 0;
            }
        }
        const char *fname = t->code && t->code->filename ? t->code->filename->data : "?";
        const char *name = t->code && t->code->name ? t->code->name->data : "?";
        fprintf(out, "  File \"%s\", line %d, in %s\n", fname, t->line, name);
        char *src = source_line(fname, t->line);
        if (src) {
            const char *s = skip_ws(src);
            if (*s) fprintf(out, "    %s\n", s);
            free(src);
        }
    }
    if (repeat >= 3)
        fprintf(out, "  [Previous line repeated %d more time%s]\n", repeat - 2, repeat - 2 == 1 ? "" : "s");
}

static Value exc_attr(VM *vm, Value exc, const char *name) {
    Value v = vm_getattr_opt(vm, exc, str_intern_cstr(vm, name));
    if (IS_NULL(v) && vm_has_exc(vm)) vm_clear_exc(vm);
    return v;
}

static void print_syntax_error_location(VM *vm, Value exc, FILE *out) {
    Value fn = exc_attr(vm, exc, "filename");
    Value ln = exc_attr(vm, exc, "lineno");
    Value off = exc_attr(vm, exc, "offset");
    Value eoff = exc_attr(vm, exc, "end_offset");
    Value eln = exc_attr(vm, exc, "end_lineno");
    Value text = exc_attr(vm, exc, "text");
    const char *fname = (!IS_NULL(fn) && IS_STR(fn)) ? AS_STR(fn)->data : "<string>";
    if (IS_NULL(ln) || !IS_INT(ln)) return;
    fprintf(out, "  File \"%s\", line %lld\n", fname, (long long)AS_INT(ln));
    if (IS_NULL(text) || !IS_STR(text)) return;
    const char *t = AS_STR(text)->data;
    /* CPython prints the line without its leading whitespace and moves the
     * caret accordingly */
    const char *s = skip_ws(t);
    size_t lead = (size_t)(s - t);
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
    fprintf(out, "    %.*s\n", (int)len, s);
    if (IS_NULL(off) || !IS_INT(off) || AS_INT(off) < 1) return;
    /* offsets count characters (1-based) */
    int64_t col = AS_INT(off) - 1 - (int64_t)lead;
    if (col < 0) return; /* the error points into the stripped indentation: CPython prints no caret */
    int64_t width = 1;
    bool to_eol = !IS_NULL(eln) && IS_INT(eln) && AS_INT(eln) > AS_INT(ln);
    if (!to_eol && !IS_NULL(eoff) && IS_INT(eoff) && AS_INT(eoff) > AS_INT(off))
        width = AS_INT(eoff) - AS_INT(off);
    /* column in characters: convert the byte prefix to a char count */
    int64_t chars = 0, pos = 0;
    while (pos < (int64_t)len && chars < col) {
        unsigned char c = (unsigned char)s[pos];
        pos += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    int64_t linechars = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) linechars++;
    if (col > linechars) col = linechars;
    /* an error spanning several lines is marked to the end of its first */
    if (to_eol) width = linechars - col;
    if (col + width > linechars + 1) width = linechars + 1 - col;
    if (width < 1) width = 1;
    fputs("    ", out);
    for (int64_t i = 0; i < col; i++) fputc(' ', out);
    for (int64_t i = 0; i < width; i++) fputc('^', out);
    fputc('\n', out);
}

/* ---- "Did you mean" (CPython 3.11's Python/suggestions.c) ---------------- */

#define SUGGEST_MAX_ITEMS 750
#define SUGGEST_MAX_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1

static size_t substitution_cost(char a, char b) {
    if ((a & 31) != (b & 31)) return MOVE_COST;
    if (a == b) return 0;
    if ('A' <= a && a <= 'Z') a += 'a' - 'A';
    if ('A' <= b && b <= 'Z') b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t an, const char *b, size_t bn, size_t max_cost) {
    size_t buffer[SUGGEST_MAX_SIZE];
    while (an && bn && a[0] == b[0]) a++, b++, an--, bn--;
    while (an && bn && a[an - 1] == b[bn - 1]) an--, bn--;
    if (an == 0 || bn == 0) return (an + bn) * MOVE_COST;
    if (an > SUGGEST_MAX_SIZE || bn > SUGGEST_MAX_SIZE) return max_cost + 1;
    if (bn < an) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = an;
        an = bn;
        bn = tn;
    }
    if ((bn - an) * MOVE_COST > max_cost) return max_cost + 1;
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < an; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < bn; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < an; i++) {
            size_t substitute = distance + substitution_cost(code, a[i]);
            distance = buffer[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[i] = result;
            if (result < minimum) minimum = result;
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}

/* The closest of n candidate names to name, or NULL. */
static ObjStr *closest_name(ObjStr *name, Value *cands, int64_t n) {
    if (n >= SUGGEST_MAX_ITEMS) return NULL;
    size_t best_dist = (size_t)-1;
    ObjStr *best = NULL;
    for (int64_t i = 0; i < n; i++) {
        if (!IS_STR(cands[i])) continue;
        ObjStr *item = AS_STR(cands[i]);
        if (str_equal(item, name)) continue;
        size_t max_distance = ((size_t)name->len + (size_t)item->len + 3) * MOVE_COST / 6;
        if (best_dist - 1 < max_distance) max_distance = best_dist - 1;
        size_t d = levenshtein(name->data, (size_t)name->len, item->data, (size_t)item->len, max_distance);
        if (d > max_distance) continue;
        if (!best || d < best_dist) {
            best = item;
            best_dist = d;
        }
    }
    return best;
}

static ObjStr *closest_in_dict(VM *vm, ObjStr *name, ObjDict *d) {
    if (!d) return NULL;
    ObjList *keys = list_new(vm, 0);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v)) list_append(vm, keys, k);
    return closest_name(name, keys->items, keys->len);
}

static Value exc_attr(VM *vm, Value exc, const char *name);

/* CPython prints a hint after NameError/AttributeError messages. */
static ObjStr *suggestion(VM *vm, Value exc) {
    ObjType *t = vm_type_of(vm, exc);
    ObjException *e = AS_EXCEPTION(exc);
    if (t == vm->exc_NameError || (type_is_subtype(t, vm->exc_NameError) && t != vm->exc_UnboundLocalError)) {
        Value nm = exc_attr(vm, exc, "name");
        if (!IS_STR(nm) || e->tb_len == 0 || !e->hint_globals) return NULL;
        /* the failing frame is the innermost traceback entry: its locals,
         * then the globals, then the builtins */
        ObjCode *code = e->tb[0].code;
        ObjStr *s = NULL;
        if (code && code->nlocals > 0 && !(code->flags & (CO_MODULE | CO_CLASS))) {
            ObjList *locals = list_new(vm, 0);
            for (int i = 0; i < code->nlocals; i++) list_append(vm, locals, MAKE_OBJ(code->varnames[i]));
            s = closest_name(AS_STR(nm), locals->items, locals->len);
        }
        if (!s) s = closest_in_dict(vm, AS_STR(nm), e->hint_globals);
        if (!s) s = closest_in_dict(vm, AS_STR(nm), vm->builtins);
        return s;
    }
    if (type_is_subtype(t, vm->exc_AttributeError)) {
        Value nm = exc_attr(vm, exc, "name");
        Value obj = exc_attr(vm, exc, "obj");
        if (!IS_STR(nm) || IS_NULL(obj) || IS_NONE(obj)) return NULL;
        Value names = object_dir_list(vm, obj);
        if (IS_NULL(names) || !IS_LIST(names)) {
            if (vm_has_exc(vm)) vm_clear_exc(vm);
            return NULL;
        }
        return closest_name(AS_STR(nm), AS_LIST(names)->items, AS_LIST(names)->len);
    }
    return NULL;
}

static void print_exc_line(VM *vm, Value exc, FILE *out) {
    ObjType *t = vm_type_of(vm, exc);
    const char *mod = t->module ? t->module->data : "builtins";
    if (strcmp(mod, "builtins") != 0 && strcmp(mod, "__main__") != 0) fprintf(out, "%s.", mod);
    fputs(t->qualname ? t->qualname->data : t->name->data, out);
    if (type_is_subtype(t, vm->exc_SyntaxError)) {
        Value msg = exc_attr(vm, exc, "msg");
        if (!IS_NULL(msg) && IS_STR(msg)) {
            fprintf(out, ": %s\n", AS_STR(msg)->data);
            return;
        }
    }
    Value s = vm_str(vm, exc);
    if (IS_NULL(s)) {
        vm_clear_exc(vm);
        fputs(": <exception str() failed>\n", out);
        return;
    }
    ObjStr *hint = suggestion(vm, exc);
    if (vm_has_exc(vm)) vm_clear_exc(vm);
    if (AS_STR(s)->len > 0) fprintf(out, ": %s", AS_STR(s)->data);
    if (hint) fprintf(out, "%sDid you mean: '%s'?", AS_STR(s)->len > 0 ? ". " : ": ", hint->data);
    fputc('\n', out);
}

/* Exception-group nesting while printing (CPython's _ExceptionPrintContext):
 * inside a group every line gets an indent and a margin character. */
typedef struct {
    int depth;
    bool need_close;
} PrintCtx;

#define MAX_GROUP_WIDTH 15
#define MAX_GROUP_DEPTH 10

/* Writes text (whole lines) with the context's indent and margin. */
static void emit(PrintCtx *c, FILE *out, const char *text, size_t len, char margin) {
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n') j++;
        if (j < len) j++;
        for (int k = 0; k < 2 * c->depth; k++) fputc(' ', out);
        if (c->depth) {
            fputc(margin ? margin : '|', out);
            fputc(' ', out);
        }
        fwrite(text + i, 1, j - i, out);
        i = j;
    }
}

/* Runs a printer into a memory buffer so emit() can indent its lines. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} Capture;

static FILE *capture_begin(Capture *cap) {
    cap->buf = NULL;
    cap->len = 0;
    cap->f = open_memstream(&cap->buf, &cap->len);
    return cap->f;
}

static void capture_emit(Capture *cap, PrintCtx *c, FILE *out, char margin) {
    if (!cap->f) return;
    fclose(cap->f);
    if (cap->buf) emit(c, out, cap->buf, cap->len, margin);
    free(cap->buf);
}

/* The exception line(s): location of a syntax error, "Type: message" and
 * the notes added with add_note(). */
static void print_exc_only(VM *vm, Value exc, FILE *out) {
    if (type_is_subtype(vm_type_of(vm, exc), vm->exc_SyntaxError)) print_syntax_error_location(vm, exc, out);
    print_exc_line(vm, exc, out);
    Value notes = exc_attr(vm, exc, "__notes__");
    if (IS_LIST(notes) || IS_TUPLE(notes)) {
        int64_t n = IS_LIST(notes) ? AS_LIST(notes)->len : AS_TUPLE(notes)->len;
        for (int64_t i = 0; i < n; i++) {
            Value note = IS_LIST(notes) ? AS_LIST(notes)->items[i] : AS_TUPLE(notes)->items[i];
            if (IS_STR(note)) {
                fprintf(out, "%s\n", AS_STR(note)->data);
            } else {
                Value ns = vm_str(vm, note);
                if (IS_NULL(ns)) {
                    vm_clear_exc(vm);
                    fputs("<note str() failed>\n", out);
                } else {
                    fprintf(out, "%s\n", AS_STR(ns)->data);
                }
            }
        }
    }
}

static Value group_members(VM *vm, Value exc) {
    if (!type_is_subtype(vm_type_of(vm, exc), vm->exc_BaseExceptionGroup)) return VAL_NULL;
    Value m = exc_attr(vm, exc, "exceptions");
    return IS_TUPLE(m) ? m : VAL_NULL;
}

static void print_one(VM *vm, Value exc, FILE *out, PrintCtx *c) {
    if (!IS_EXCEPTION(exc)) {
        fprintf(out, "TypeError: print_exception(): Exception expected for value, %s found\n", vm_type_name(vm, exc));
        return;
    }
    /* the chain, innermost cause first */
    Value chain[101];
    const char *msgs[101];
    int n = 0;
    Value cur = exc;
    const char *msg = NULL;
    while (IS_EXCEPTION(cur) && n < 101) {
        bool seen = false;
        for (int k = 0; k < n; k++)
            if (val_is(chain[k], cur)) seen = true;
        if (seen) break;
        chain[n] = cur;
        msgs[n] = msg;
        n++;
        ObjException *e = AS_EXCEPTION(cur);
        if (IS_EXCEPTION(e->cause)) {
            msg = "\nThe above exception was the direct cause of the following exception:\n\n";
            cur = e->cause;
        } else if (!e->suppress_context && IS_EXCEPTION(e->context)) {
            msg = "\nDuring handling of the above exception, another exception occurred:\n\n";
            cur = e->context;
        } else {
            break;
        }
    }
    for (int k = n - 1; k >= 0; k--) {
        Value x = chain[k];
        ObjException *e = AS_EXCEPTION(x);
        Value members = group_members(vm, x);
        Capture cap;
        if (IS_NULL(members)) {
            FILE *f = capture_begin(&cap);
            if (f) {
                if (e->tb_len) {
                    fputs("Traceback (most recent call last):\n", f);
                    print_frames(vm, e, f);
                }
                print_exc_only(vm, x, f);
            }
            capture_emit(&cap, c, out, 0);
        } else if (c->depth > MAX_GROUP_DEPTH) {
            const char *t = "... (max_group_depth is 10)\n";
            emit(c, out, t, strlen(t), 0);
        } else {
            bool top = c->depth == 0;
            if (top) c->depth++;
            if (e->tb_len) {
                const char *h = "Exception Group Traceback (most recent call last):\n";
                emit(c, out, h, strlen(h), top ? '+' : 0);
                FILE *f = capture_begin(&cap);
                if (f) print_frames(vm, e, f);
                capture_emit(&cap, c, out, 0);
            }
            FILE *f = capture_begin(&cap);
            if (f) print_exc_only(vm, x, f);
            capture_emit(&cap, c, out, 0);
            ObjTuple *ms = AS_TUPLE(members);
            int64_t count = ms->len;
            int64_t shown = count <= MAX_GROUP_WIDTH ? count : MAX_GROUP_WIDTH + 1;
            c->need_close = false;
            for (int64_t i = 0; i < shown; i++) {
                bool last = i == shown - 1;
                if (last) c->need_close = true;
                bool truncated = i >= MAX_GROUP_WIDTH;
                for (int sp = 0; sp < 2 * c->depth; sp++) fputc(' ', out);
                if (truncated) fprintf(out, "%s+---------------- ... ----------------\n", i == 0 ? "+-" : "  ");
                else fprintf(out, "%s+---------------- %lld ----------------\n", i == 0 ? "+-" : "  ", (long long)(i + 1));
                c->depth++;
                if (!truncated) {
                    print_one(vm, ms->items[i], out, c);
                } else {
                    char more[80];
                    int64_t rem = count - MAX_GROUP_WIDTH;
                    snprintf(more, sizeof more, "and %lld more exception%s\n", (long long)rem, rem > 1 ? "s" : "");
                    emit(c, out, more, strlen(more), 0);
                }
                if (last && c->need_close) {
                    for (int sp = 0; sp < 2 * c->depth; sp++) fputc(' ', out);
                    fputs("+------------------------------------\n", out);
                    c->need_close = false;
                }
                c->depth--;
            }
            if (top) c->depth = 0;
        }
        if (k > 0 && msgs[k]) emit(c, out, msgs[k], strlen(msgs[k]), 0);
    }
}

void traceback_print(VM *vm, Value exc, FILE *out) {
    size_t mark = gc_roots_mark(vm);
    gc_push_root(vm, exc);
    int saved = vm->native_depth;
    vm->native_depth++;
    PrintCtx ctx = {0, false};
    print_one(vm, exc, out, &ctx);
    vm->native_depth = saved;
    gc_roots_reset(vm, mark);
    fflush(out);
}

void vm_print_exception(VM *vm, Value exc) {
    fflush(vm->out);
    fflush(stdout);
    /* a program may replace sys.excepthook */
    Value hook = vm->sys_module ? dict_get_str(vm, vm->sys_module->dict, str_intern_cstr(vm, "excepthook")) : VAL_NULL;
    if (!IS_NULL(hook) && !IS_NATIVE(hook) && !IS_NONE(hook)) {
        gc_push_root(vm, exc);
        Value tb = exc_attr(vm, exc, "__traceback__");
        Value args[3] = {MAKE_OBJ(vm_type_of(vm, exc)), exc, IS_NULL(tb) ? VAL_NONE : tb};
        Value r = vm_call(vm, hook, args, 3, NULL);
        fflush(vm->out);
        if (IS_NULL(r)) {
            Value herr = vm_take_exc(vm);
            fputs("Error in sys.excepthook:\n", vm->err);
            traceback_print(vm, herr, vm->err);
            fputs("\nOriginal exception was:\n", vm->err);
            traceback_print(vm, exc, vm->err);
        }
        gc_pop_roots(vm, 1);
        return;
    }
    traceback_print(vm, exc, vm->err);
}
