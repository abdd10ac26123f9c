/* main.c: the `coil` command line.
 *
 *   coil [-c CODE | -m MODULE | FILE | -] [ARGS...]
 *   coil --version | --help
 *
 * Exit status as CPython: 0, 1 for an uncaught exception (traceback on
 * stderr), 2 for usage errors, SystemExit's code, 130 for an uncaught
 * KeyboardInterrupt. Output is flushed on every path.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "compiler.h"
#include "dict.h"
#include "exception.h"
#include "repl.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"



static VM *the_vm;

static void on_sigint(int sig) {
    (void)sig;
    if (the_vm) the_vm->sigint_pending = 1;
}

static void usage(FILE *out) {
    fputs("usage: coil [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
          "Options:\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-m mod : run library module as a script (terminates option list)\n"
          "-i     : inspect interactively after running script\n"
          "-h     : print this help message and exit (also --help)\n"
          "-V     : print the Coil version number and exit (also --version)\n"
          "--dis  : print the bytecode of the program instead of running it\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default; interactive mode if a tty)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n"
          "\n"
          "Environment:\n"
          "COILPATH: ':'-separated list of directories searched by import after the\n"
          "          script's own folder.\n",
          out);
}

static char *read_stream(FILE *f, size_t *len) {
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Converts the pending exception into an exit status, printing it unless
 * it is SystemExit. */
static int handle_exit_exception(VM *vm) {
    Value exc = vm_take_exc(vm);
    if (vm_isinstance(vm, exc, vm->exc_SystemExit)) {
        Value code = VAL_NONE;
        ObjException *e = AS_EXCEPTION(exc);
        if (e->args && e->args->len == 1) code = e->args->items[0];
        else if (e->args && e->args->len > 1) code = MAKE_OBJ(e->args);
        fflush(vm->out);
        fflush(stdout);
        if (IS_NONE(code)) return 0;
        if (IS_INT(code)) return (int)(AS_INT(code) & 0xff);
        if (IS_BOOL(code)) return AS_BOOL(code);
        Value s = vm_str(vm, code);
        if (!IS_NULL(s)) fprintf(stderr, "%s\n", AS_STR(s)->data);
        else vm_clear_exc(vm);
        return 1;
    }
    vm_print_exception(vm, exc);
    if (vm_isinstance(vm, exc, vm->exc_KeyboardInterrupt)) return 130;
    return 1;
}

static int run_code_string(VM *vm, const char *src, size_t len, const char *filename, bool dis) {
    if (dis) {
        ObjCode *code = compile_source(vm, src, len, filename, COMPILE_EXEC, NULL);
        if (!code) return handle_exit_exception(vm);
        code_disassemble(vm, code, stdout);
        return 0;
    }
    ObjModule *m = vm_run_source(vm, src, len, filename, "__main__");
    fflush(vm->out);
    if (!m) return handle_exit_exception(vm);
    return 0;
}

static void raise_stack_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0) {
        rlim_t want = 256u << 20;
        if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) want = rl.rlim_max;
        if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur < want) {
            rl.rlim_cur = want;
            setrlimit(RLIMIT_STACK, &rl);
        }
    }
}

int main(int argc, char **argv) {
    raise_stack_limit();
    int i = 1;
    const char *cmd = NULL, *mod = NULL, *file = NULL;
    bool interactive_after = false, dis = false, from_stdin = false;
    while (i < argc) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("Coil %s (Python 3.11 subset)\n", COIL_VERSION);
            return 0;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--dis") == 0) {
            dis = true;
            i++;
            continue;
        }
        if (strcmp(a, "-i") == 0) {
            interactive_after = true;
            i++;
            continue;
        }
        if (strcmp(a, "-c") == 0 || strncmp(a, "-c", 2) == 0) {
            if (a[2]) cmd = a + 2;
            else if (i + 1 < argc) cmd = argv[++i];
            else {
                fputs("Argument expected for the -c option\n", stderr);
                usage(stderr);
                return 2;
            }
            i++;
            break;
        }
        if (strcmp(a, "-m") == 0 || strncmp(a, "-m", 2) == 0) {
            if (a[2]) mod = a + 2;
            else if (i + 1 < argc) mod = argv[++i];
            else {
                fputs("Argument expected for the -m option\n", stderr);
                usage(stderr);
                return 2;
            }
            i++;
            break;
        }
        if (strcmp(a, "-") == 0) {
            from_stdin = true;
            i++;
            break;
        }
        if (strcmp(a, "--") == 0) {
            i++;
            if (i < argc) file = argv[i++];
            break;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "Unknown option: %s\n", a);
            usage(stderr);
            return 2;
        }
        file = argv[i++];
        break;
    }

    VM *vm = vm_new();
    if (!vm) {
        fputs("coil: cannot create interpreter\n", stderr);
        return 1;
    }
    the_vm = vm;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    /* a closed output pipe becomes BrokenPipeError, not a silent death */
    signal(SIGPIPE, SIG_IGN);

    /* sys.argv */
    const char *argv0 = cmd ? "-c" : from_stdin ? "-" : file ? file : "";
    char *modpath = NULL;
    int status = 0;
    if (mod) {
        import_set_main_dir(vm, ".");
        extern char *import_find_module(VM * vm, const char *name);
        modpath = import_find_module(vm, mod);
        if (!modpath) {
            fprintf(stderr, "%s: No module named %s\n", argv[0], mod);
            vm_free(vm);
            return 1;
        }
        char *rp = realpath(modpath, NULL);
        if (rp) {
            free(modpath);
            modpath = rp;
        }
        argv0 = modpath;
    }
    list_append(vm, vm->sys_argv, MAKE_OBJ(str_from_cstr(vm, argv0)));
    for (int j = i; j < argc; j++) list_append(vm, vm->sys_argv, MAKE_OBJ(str_from_cstr(vm, argv[j])));

    if (cmd) {
        import_set_main_dir(vm, "");
        status = run_code_string(vm, cmd, strlen(cmd), "<string>", dis);
    } else if (mod) {
        FILE *f = fopen(modpath, "rb");
        size_t len = 0;
        char *src = f ? read_stream(f, &len) : NULL;
        if (f) fclose(f);
        if (!src) {
            fprintf(stderr, "%s: can't open file '%s'\n", argv[0], modpath);
            status = 2;
        } else {
            status = run_code_string(vm, src, len, modpath, dis);
            free(src);
        }
    } else if (file) {
        FILE *f = fopen(file, "rb");
        if (!f) {
            char *abs = realpath(".", NULL);
            if (file[0] == '/') fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n", argv[0], file, errno,
                                        strerror(errno));
            else fprintf(stderr, "%s: can't open file '%s/%s': [Errno %d] %s\n", argv[0], abs ? abs : ".", file, errno,
                         strerror(errno));
            free(abs);
            vm_free(vm);
            return 2;
        }
        size_t len;
        char *src = read_stream(f, &len);
        fclose(f);
        char *dcopy = strdup(file);
        import_set_main_dir(vm, dirname(dcopy));
        free(dcopy);
        /* __file__ and code filenames are absolute, as in CPython 3.9+ */
        char *absfile = realpath(file, NULL);
        status = run_code_string(vm, src, len, absfile ? absfile : file, dis);
        free(absfile);
        free(src);
    } else if (from_stdin || !isatty(STDIN_FILENO)) {
        import_set_main_dir(vm, "");
        size_t len;
        char *src = read_stream(stdin, &len);
        status = run_code_string(vm, src, len, "<stdin>", dis);
        free(src);
    } else {
        import_set_main_dir(vm, "");
        status = repl_run(vm, true);
    }
    if (interactive_after && isatty(STDIN_FILENO) && (file || cmd || mod)) status = repl_run(vm, false);
    fflush(vm->out);
    fflush(stdout);
    fflush(stderr);
    free(modpath);
    vm_free(vm);
    return status;
}
