/* repl.c: the interactive prompt.
 *
 * The prompt lives on the event loop: each input line is an ainput()
 * request (stdlib/console.c) that the loop serves while it keeps running
 * the tasks started at the prompt, so a ticker created with create_task
 * goes on printing while the user types (console.c draws the half-typed
 * line again below such output). A statement that awaits at top level is
 * compiled as a coroutine and run on the same loop until it finishes.
 *
 * Lines accumulate until the compiler stops reporting "incomplete input"
 * (an open bracket, or a compound statement not yet closed by an empty
 * line), as CPython's prompt does.
 */
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "aio.h"
#include "compiler.h"
#include "console.h"
#include "dict.h"
#include "func.h"
#include "object_impl.h"
#include "repl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

#define HISTORY_LIMIT 1000

static VM *completion_vm;

static ObjModule *main_module(VM *vm) {
    Value m = dict_get_str(vm, vm->modules, vm->s___main__);
    if (!IS_NULL(m) && IS_MODULE(m)) return AS_MODULE(m);
    ObjModule *mod = module_new(vm, "__main__");
    dict_set(vm, vm->modules, MAKE_OBJ(mod->name), MAKE_OBJ(mod));
    dict_set_str(vm, mod->dict, vm->s___builtins__, MAKE_OBJ(vm->builtins_module));
    return mod;
}

/* ---- history ------------------------------------------------------------ */

static char *history_path(void) {
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    size_t n = strlen(home) + 32;
    char *p = malloc(n);
    if (!p) return NULL;
    snprintf(p, n, "%s/.coil_history", home);
    return p;
}

static void history_load(void) {
    char *p = history_path();
    stifle_history(HISTORY_LIMIT);
    if (p) read_history(p); /* a missing or unreadable file is fine */
    free(p);
}

static void history_save(void) {
    char *p = history_path();
    if (!p) return;
    if (write_history(p) == 0) history_truncate_file(p, HISTORY_LIMIT);
    free(p);
}

/* ---- tab completion ------------------------------------------------------- */

static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", NULL,
};

static char **cands;
static size_t ncands, capcands, cand_next;

static void cand_add(const char *prefix, size_t plen, const char *s) {
    if (strncmp(s, prefix + plen, strlen(prefix + plen)) != 0) return;
    for (size_t i = 0; i < ncands; i++) {
        const char *c = cands[i] + plen;
        if (strcmp(c, s) == 0) return;
    }
    if (ncands == capcands) {
        capcands = capcands ? capcands * 2 : 64;
        cands = realloc(cands, capcands * sizeof *cands);
    }
    size_t n = plen + strlen(s) + 1;
    char *c = malloc(n);
    memcpy(c, prefix, plen);
    strcpy(c + plen, s);
    cands[ncands++] = c;
}

static void cand_add_dict(const char *text, ObjDict *d) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v))
        if (IS_STR(k)) cand_add(text, 0, AS_STR(k)->data);
}

/* Candidates for `text`: names, or attributes when text is `a.b.c.pre`. */
static void collect_candidates(VM *vm, const char *text) {
    for (size_t i = 0; i < ncands; i++) free(cands[i]);
    ncands = 0;
    const char *dot = strrchr(text, '.');
    ObjModule *m = main_module(vm);
    if (!dot) {
        for (int i = 0; keywords[i]; i++) cand_add(text, 0, keywords[i]);
        cand_add_dict(text, m->dict);
        cand_add_dict(text, vm->builtins);
        return;
    }
    /* resolve the dotted prefix by plain lookups: nothing is called but
     * attribute getters */
    size_t plen = (size_t)(dot - text) + 1;
    char *expr = strndup(text, plen - 1);
    char *save = NULL;
    Value obj = VAL_NULL;
    for (char *part = strtok_r(expr, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
        ObjStr *name = str_intern_cstr(vm, part);
        if (IS_NULL(obj)) {
            obj = dict_get_str(vm, m->dict, name);
            if (IS_NULL(obj)) obj = dict_get_str(vm, vm->builtins, name);
        } else {
            obj = vm_getattr_opt(vm, obj, name);
        }
        if (IS_NULL(obj)) break;
    }
    free(expr);
    if (vm_has_exc(vm)) vm_clear_exc(vm);
    if (IS_NULL(obj)) return;
    Value names = object_dir_list(vm, obj);
    if (IS_NULL(names) || !IS_LIST(names)) {
        if (vm_has_exc(vm)) vm_clear_exc(vm);
        return;
    }
    ObjList *l = AS_LIST(names);
    const char *pre = dot + 1;
    for (int64_t i = 0; i < l->len; i++) {
        if (!IS_STR(l->items[i])) continue;
        const char *nm = AS_STR(l->items[i])->data;
        if (nm[0] == '_' && pre[0] != '_') continue; /* as CPython's rlcompleter */
        cand_add(text, plen, nm);
    }
}

static char *completion_generator(const char *text, int state) {
    if (state == 0) {
        collect_candidates(completion_vm, text);
        cand_next = 0;
    }
    if (cand_next < ncands) return strdup(cands[cand_next++]);
    return NULL;
}

static char **complete(const char *text, int start, int end) {
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;
    if (!completion_vm) return NULL;
    return rl_completion_matches(text, completion_generator);
}

/* ---- running input ---------------------------------------------------------- */

/* Exit status when SystemExit ends the session. */
static int system_exit_status(VM *vm, Value exc) {
    ObjException *e = AS_EXCEPTION(exc);
    Value c = (e->args && e->args->len == 1) ? e->args->items[0] : VAL_NONE;
    if (IS_NONE(c)) return 0;
    if (IS_INT(c)) return (int)(AS_INT(c) & 0xff);
    if (IS_BOOL(c)) return AS_BOOL(c);
    Value s = vm_str(vm, c);
    fflush(vm->out);
    if (!IS_NULL(s)) fprintf(stderr, "%s\n", AS_STR(s)->data);
    else vm_clear_exc(vm);
    return 1;
}

static Value run_until_complete(VM *vm, Value loop, Value aw) {
    return vm_call_method(vm, loop, str_intern_cstr(vm, "run_until_complete"), &aw, 1);
}

/* Runs one compiled input. Returns 1 to go on, 0 when SystemExit ended the
 * session (its status in *status). */
static int run_input(VM *vm, Value loop, ObjModule *m, ObjCode *code, int *status) {
    Value r;
    if (code->flags & CO_COROUTINE) {
        Frame *f = frame_new(vm, code, NULL, m->dict);
        f->locals = m->dict;
        Value coro = gen_new_from_frame(vm, f, NULL);
        gc_push_root(vm, coro);
        r = run_until_complete(vm, loop, coro);
        gc_pop_roots(vm, 1);
    } else {
        r = vm_exec_code(vm, code, m->dict, NULL);
    }
    fflush(vm->out);
    if (!IS_NULL(r)) return 1;
    Value exc = vm_take_exc(vm);
    if (vm_isinstance(vm, exc, vm->exc_SystemExit)) {
        *status = system_exit_status(vm, exc);
        return 0;
    }
    vm_print_exception(vm, exc);
    return 1;
}

/* Reads one line through the loop. Returns the str, or VAL_NULL with the
 * exception (EOFError at Ctrl-D, KeyboardInterrupt at Ctrl-C) pending. */
static Value read_line(VM *vm, Value loop, const char *prompt) {
    Value fut = console_ainput_future(vm, loop, str_from_cstr(vm, prompt));
    if (IS_NULL(fut)) return VAL_NULL;
    gc_push_root(vm, fut);
    vm->sigint_pending = 0;
    Value r = run_until_complete(vm, loop, fut);
    if (IS_NULL(r)) {
        /* Ctrl-C: withdraw the request so the console drops its line */
        Value exc = vm_take_exc(vm);
        Value c = vm_call_method(vm, fut, str_intern_cstr(vm, "cancel"), NULL, 0);
        if (IS_NULL(c)) vm_clear_exc(vm);
        console_poll(vm);
        vm->exc = exc;
    }
    gc_pop_roots(vm, 1);
    return r;
}

int repl_run(VM *vm, bool banner) {
    if (banner) {
        printf("Coil %s (Python 3.11 subset) on linux\nType \"exit()\" or Ctrl-D to leave.\n", COIL_VERSION);
        fflush(stdout);
    }
    vm->in_repl = true;
    ObjModule *m = main_module(vm);
    gc_push_root(vm, MAKE_OBJ(m));
    Value loop = aio_default_loop(vm);
    if (IS_NULL(loop)) {
        vm_print_exception(vm, vm_take_exc(vm));
        gc_pop_roots(vm, 1);
        return 1;
    }
    gc_push_root(vm, loop);
    vm->prompt_loop = loop;
    completion_vm = vm;
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(";
    rl_completion_append_character = '\0';
    history_load();

    char *buf = NULL;
    size_t len = 0;
    int lines = 0, status = 0;
    for (;;) {
        Value lv = read_line(vm, loop, lines ? "... " : ">>> ");
        if (IS_NULL(lv)) {
            Value exc = vm_take_exc(vm);
            if (vm_isinstance(vm, exc, vm->exc_KeyboardInterrupt)) {
                /* Ctrl-C discards what was typed */
                fflush(vm->out);
                fputs("KeyboardInterrupt\n", stderr);
                len = 0;
                lines = 0;
                continue;
            }
            if (!vm_isinstance(vm, exc, vm->exc_EOFError)) vm_print_exception(vm, exc);
            break;
        }
        ObjStr *line = AS_STR(lv);
        buf = realloc(buf, len + (size_t)line->len + 2);
        memcpy(buf + len, line->data, (size_t)line->len);
        len += (size_t)line->len;
        buf[len++] = '\n';
        buf[len] = 0;
        lines++;
        if (lines == 1 && line->len == 0) {
            len = 0;
            lines = 0;
            continue;
        }
        bool incomplete = false;
        ObjCode *code = compile_source(vm, buf, len, "<stdin>", COMPILE_SINGLE, &incomplete);
        if (!code && incomplete) {
            vm_clear_exc(vm);
            continue;
        }
        len = 0;
        lines = 0;
        if (!code) {
            vm_print_exception(vm, vm_take_exc(vm));
            continue;
        }
        gc_push_root(vm, MAKE_OBJ(code));
        int keep = run_input(vm, loop, m, code, &status);
        gc_pop_roots(vm, 1);
        if (!keep) break;
    }
    history_save();
    vm->prompt_loop = VAL_NONE;
    completion_vm = NULL;
    vm->in_repl = false;
    free(buf);
    for (size_t i = 0; i < ncands; i++) free(cands[i]);
    free(cands);
    cands = NULL;
    ncands = capcands = 0;
    gc_pop_roots(vm, 2);
    return status;
}
