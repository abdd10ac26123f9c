/* repl.c: the interactive prompt: GNU readline for line editing, the
 * compiler's "incomplete input" signal for "... " continuation lines, and
 * CPython's rule that a compound statement ends with an empty line.
 */
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "compiler.h"
#include "dict.h"
#include "repl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

static ObjModule *main_module(VM *vm) {
    Value m = dict_get_str(vm, vm->modules, vm->s___main__);
    if (!IS_NULL(m) && IS_MODULE(m)) return AS_MODULE(m);
    ObjModule *mod = module_new(vm, "__main__");
    dict_set(vm, vm->modules, MAKE_OBJ(mod->name), MAKE_OBJ(mod));
    dict_set_str(vm, mod->dict, vm->s___builtins__, MAKE_OBJ(vm->builtins_module));
    return mod;
}

/* Returns 1 to keep going, 0 when SystemExit ended the session (its
 * status in *status). */
static int run_input(VM *vm, ObjModule *m, ObjCode *code, int *status) {
    Value r = vm_exec_code(vm, code, m->dict, NULL);
    fflush(vm->out);
    if (!IS_NULL(r)) return 1;
    Value exc = vm_take_exc(vm);
    if (vm_isinstance(vm, exc, vm->exc_SystemExit)) {
        ObjException *e = AS_EXCEPTION(exc);
        Value c = (e->args && e->args->len == 1) ? e->args->items[0] : VAL_NONE;
        *status = IS_INT(c) ? (int)(AS_INT(c) & 0xff) : IS_NONE(c) ? 0 : 1;
        if (!IS_INT(c) && !IS_NONE(c)) {
            Value s = vm_str(vm, c);
            if (!IS_NULL(s)) fprintf(stderr, "%s\n", AS_STR(s)->data);
            else vm_clear_exc(vm);
        }
        return 0;
    }
    vm_print_exception(vm, exc);
    return 1;
}

int repl_run(VM *vm, bool banner) {
    if (banner) {
        printf("Coil 0.1.0 (Python 3.11 subset)\nType \"exit()\" or Ctrl-D to leave.\n");
        fflush(stdout);
    }
    ObjModule *m = main_module(vm);
    gc_push_root(vm, MAKE_OBJ(m));
    char *buf = NULL;
    size_t len = 0;
    int lines = 0, status = 0;
    for (;;) {
        vm->sigint_pending = 0;
        char *line = readline(lines ? "... " : ">>> ");
        if (!line) {
            fputc('\n', stdout);
            break;
        }
        if (vm->sigint_pending) {
            vm->sigint_pending = 0;
        }
        if (*line) add_history(line);
        size_t n = strlen(line);
        buf = realloc(buf, len + n + 2);
        memcpy(buf + len, line, n);
        len += n;
        buf[len++] = '\n';
        buf[len] = 0;
        free(line);
        lines++;
        if (lines > 1 && n > 0) continue; /* a block ends with an empty line */
        bool incomplete = false;
        ObjCode *code = compile_source(vm, buf, len, "<stdin>", COMPILE_SINGLE, &incomplete);
        if (!code && incomplete && n > 0) {
            vm_clear_exc(vm);
            continue;
        }
        if (!code && incomplete && lines > 1 && n == 0) {
            /* an empty line inside a bracket keeps going */
            Value e = vm_take_exc(vm);
            (void)e;
            continue;
        }
        if (code && lines == 1 && len > 1 && buf[len - 2] == ':') {
            continue;
        }
        len = 0;
        lines = 0;
        if (!code) {
            vm_print_exception(vm, vm_take_exc(vm));
            continue;
        }
        gc_push_root(vm, MAKE_OBJ(code));
        int keep = run_input(vm, m, code, &status);
        gc_pop_roots(vm, 1);
        if (!keep) break;
    }
    free(buf);
    gc_pop_roots(vm, 1);
    return status;
}
