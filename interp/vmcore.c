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

static void print_tb(VM *vm, ObjException *e, FILE *out) {
    if (e->tb_len == 0) return;
    fputs("Traceback (most recent call last):\n", out);
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
    if (!IS_NULL(eoff) && IS_INT(eoff) && AS_INT(eoff) > AS_INT(off) &&
        (IS_NULL(eln) || !IS_INT(eln) || AS_INT(eln) == AS_INT(ln)))
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
    if (col + width > linechars + 1) width = linechars + 1 - col;
    if (width < 1) width = 1;
    fputs("    ", out);
    for (int64_t i = 0; i < col; i++) fputc(' ', out);
    for (int64_t i = 0; i < width; i++) fputc('^', out);
    fputc('\n', out);
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
    if (AS_STR(s)->len > 0) fprintf(out, ": %s\n", AS_STR(s)->data);
    else fputc('\n', out);
}

static void print_one(VM *vm, Value exc, FILE *out, int depth) {
    if (!IS_EXCEPTION(exc)) {
        fprintf(out, "TypeError: print_exception(): Exception expected for value, %s found\n", vm_type_name(vm, exc));
        return;
    }
    ObjException *e = AS_EXCEPTION(exc);
    if (depth < 100) {
        if (IS_EXCEPTION(e->cause)) {
            print_one(vm, e->cause, out, depth + 1);
            fputs("\nThe above exception was the direct cause of the following exception:\n\n", out);
        } else if (!e->suppress_context && IS_EXCEPTION(e->context)) {
            print_one(vm, e->context, out, depth + 1);
            fputs("\nDuring handling of the above exception, another exception occurred:\n\n", out);
        }
    }
    print_tb(vm, e, out);
    if (type_is_subtype(vm_type_of(vm, exc), vm->exc_SyntaxError)) print_syntax_error_location(vm, exc, out);
    print_exc_line(vm, exc, out);
}

void traceback_print(VM *vm, Value exc, FILE *out) {
    size_t mark = gc_roots_mark(vm);
    gc_push_root(vm, exc);
    int saved = vm->native_depth;
    vm->native_depth++;
    print_one(vm, exc, out, 0);
    vm->native_depth = saved;
    gc_roots_reset(vm, mark);
    fflush(out);
}

void vm_print_exception(VM *vm, Value exc) {
    fflush(vm->out);
    fflush(stdout);
    traceback_print(vm, exc, vm->err);
}
