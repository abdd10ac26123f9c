/* console.c: standard input for input(), sys.stdin, ainput() and the prompt.
 *
 * One buffer holds bytes read from fd 0 and not yet handed out, so nothing
 * typed ahead is lost between a blocking input() and an ainput(). ainput
 * requests queue up and are served in call order; while one waits, the
 * event loop watches fd 0 (epoll) and runs other tasks, so waiting costs no
 * CPU.
 *
 * On a terminal, GNU readline's callback interface edits the line: the
 * loop calls rl_callback_read_char() when fd 0 is readable and readline
 * calls line_handler() when a line is complete. Readline is process-global
 * state, so the handler reaches the console through `rl_owner`.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "aio.h"
#include "console.h"
#include "exception.h"
#include "gen.h"
#include "list.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

typedef struct {
    VM *vm;
    char *buf;           /* bytes read from fd 0, not handed out yet */
    size_t len, cap;
    bool eof;
    int tty;             /* -1: not checked yet */
    ObjList *queue;      /* ainput requests: future, prompt, future, prompt ... */
    bool head_started;   /* the first request's prompt is showing */
    Value reader_loop;   /* loop watching fd 0 for us, or VAL_NONE */
    bool rl_installed;   /* a readline callback handler is installed */
    bool rl_have_line;
    char *rl_line;       /* the finished line (NULL at EOF) */
    bool hidden;         /* prompt cleared to let output through */
    char *saved_text;
    int saved_point;
} Console;

static Console *rl_owner;

static void console_trace(GC *gc, void *ctx) {
    Console *c = ctx;
    gc_mark_obj(gc, (Obj *)c->queue);
    gc_mark_value(gc, c->reader_loop);
}

static Console *con(VM *vm) {
    if (vm->console) return vm->console;
    /* Ctrl-C stays with Coil's handler (it cancels or interrupts); the
     * console cleans the terminal up itself */
    rl_catch_signals = 0;
    Console *c = calloc(1, sizeof(Console));
    if (!c) abort();
    c->vm = vm;
    c->tty = -1;
    c->reader_loop = VAL_NONE;
    c->queue = list_new(vm, 0);
    vm->console = c;
    gc_add_root_tracer(vm, console_trace, c);
    return c;
}

static bool is_tty(Console *c) {
    if (c->tty < 0) c->tty = isatty(0) && isatty(1);
    return c->tty == 1;
}

static Value raise_interrupt(VM *vm) {
    vm->sigint_pending = 0;
    vm_raise(vm, vm->exc_KeyboardInterrupt, "");
    if (IS_EXCEPTION(vm->exc)) AS_EXCEPTION(vm->exc)->args = vm->empty_tuple;
    return VAL_NULL;
}

/* ---- the byte buffer (pipes, files, and sys.stdin on a terminal) --------- */

/* Reads once from fd 0: 1 got bytes, 0 end of input, -1 interrupted. */
static int fill(Console *c) {
    if (c->eof) return 0;
    if (c->cap - c->len < 65536) {
        size_t ncap = c->cap ? c->cap * 2 : 65536;
        while (ncap - c->len < 65536) ncap *= 2;
        char *nb = realloc(c->buf, ncap);
        if (!nb) abort();
        c->buf = nb;
        c->cap = ncap;
    }
    ssize_t n = read(0, c->buf + c->len, c->cap - c->len);
    if (n > 0) {
        c->len += (size_t)n;
        return 1;
    }
    if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        c->eof = true;
        return 0;
    }
    return -1;
}

/* The next line if one is complete (or the rest at end of input): a str,
 * with the newline when keep_nl. Returns NULL when more input is needed. */
static ObjStr *take_line(VM *vm, Console *c, bool keep_nl, int64_t limit) {
    char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
    size_t n;
    bool has_nl = nl != NULL;
    if (nl) n = (size_t)(nl - c->buf) + 1;
    else if (c->eof && c->len > 0) n = c->len;
    else if (limit >= 0 && c->len >= (size_t)limit) n = c->len;
    else return NULL;
    if (limit >= 0 && n > (size_t)limit) {
        n = (size_t)limit;
        has_nl = false;
    }
    size_t keep = (has_nl && !keep_nl) ? n - 1 : n;
    ObjStr *s = str_decode_utf8(vm, c->buf, keep, "replace");
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
    return s;
}

/* ---- readline callback mode ------------------------------------------------ */

static void line_handler(char *line) {
    Console *c = rl_owner;
    if (!c) {
        free(line);
        return;
    }
    c->rl_have_line = true;
    c->rl_line = line;
    if (line && *line) add_history(line);
    /* stop readline from reading further characters into this line */
    rl_callback_handler_remove();
    c->rl_installed = false;
}

static void rl_begin(Console *c, const char *prompt) {
    rl_owner = c;
    c->rl_have_line = false;
    c->rl_line = NULL;
    c->hidden = false;
    fflush(c->vm->out);
    rl_callback_handler_install(prompt, line_handler);
    c->rl_installed = true;
}

/* Abandons a half-typed line (cancel, Ctrl-C) and leaves the terminal sane. */
static void rl_abandon(Console *c) {
    if (!c->rl_installed) return;
    rl_callback_sigcleanup();
    rl_free_line_state();
    rl_callback_handler_remove();
    c->rl_installed = false;
    c->hidden = false;
    free(c->saved_text);
    c->saved_text = NULL;
    fputc('\n', stdout);
    fflush(stdout);
}

/* Takes the line readline finished: a str, or NULL at EOF. */
static ObjStr *rl_finished_line(VM *vm, Console *c) {
    char *line = c->rl_line;
    c->rl_have_line = false;
    c->rl_line = NULL;
    if (!line) return NULL;
    ObjStr *s = str_decode_utf8(vm, line, strlen(line), "replace");
    free(line);
    return s;
}

bool console_prompt_active(VM *vm) {
    Console *c = vm->console;
    return c && c->rl_installed;
}

void console_before_output(VM *vm) {
    Console *c = vm->console;
    if (!c || !c->rl_installed || c->hidden) return;
    c->saved_point = rl_point;
    c->saved_text = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    c->hidden = true;
}

static void show_prompt(Console *c) {
    if (!c->hidden) return;
    fflush(c->vm->out);
    fflush(c->vm->err);
    rl_restore_prompt();
    rl_replace_line(c->saved_text ? c->saved_text : "", 0);
    rl_point = c->saved_point;
    free(c->saved_text);
    c->saved_text = NULL;
    c->hidden = false;
    rl_forced_update_display();
}

void console_after_output(VM *vm, bool ended_line) {
    Console *c = vm->console;
    if (!c || !c->rl_installed || !c->hidden || !ended_line) return;
    show_prompt(c);
}

/* ---- blocking reads ------------------------------------------------------------ */

Value console_input(VM *vm, ObjStr *prompt) {
    Console *c = con(vm);
    if (is_tty(c) && !c->rl_installed && c->len == 0) {
        sys_flush(vm, false);
        rl_begin(c, prompt->data);
        while (!c->rl_have_line) {
            struct pollfd p = {0, POLLIN, 0};
            int r = poll(&p, 1, -1);
            if (vm->sigint_pending) {
                rl_abandon(c);
                return raise_interrupt(vm);
            }
            if (r > 0) rl_callback_read_char();
        }
        ObjStr *s = rl_finished_line(vm, c);
        if (!s) {
            fputc('\n', stdout);
            return vm_raise(vm, vm->exc_EOFError, "EOF when reading a line");
        }
        return MAKE_OBJ(s);
    }
    if (prompt->len > 0) {
        if (!sys_write(vm, false, prompt)) return VAL_NULL;
    }
    if (!sys_flush(vm, false)) return VAL_NULL;
    for (;;) {
        ObjStr *s = take_line(vm, c, false, -1);
        if (s) return MAKE_OBJ(s);
        if (c->eof) break;
        if (fill(c) < 0 && vm->sigint_pending) return raise_interrupt(vm);
    }
    return vm_raise(vm, vm->exc_EOFError, "EOF when reading a line");
}

Value console_readline(VM *vm, int64_t limit) {
    Console *c = con(vm);
    if (limit == 0) return MAKE_OBJ(vm->empty_str ? vm->empty_str : str_new(vm, "", 0));
    sys_flush(vm, false);
    for (;;) {
        ObjStr *s = take_line(vm, c, true, limit);
        if (s) return MAKE_OBJ(s);
        if (c->eof) return MAKE_OBJ(str_new(vm, "", 0));
        if (fill(c) < 0 && vm->sigint_pending) return raise_interrupt(vm);
    }
}

Value console_read_all(VM *vm) {
    Console *c = con(vm);
    sys_flush(vm, false);
    while (!c->eof)
        if (fill(c) < 0 && vm->sigint_pending) return raise_interrupt(vm);
    ObjStr *s = str_decode_utf8(vm, c->buf ? c->buf : "", c->len, "replace");
    c->len = 0;
    return MAKE_OBJ(s);
}

/* ---- ainput ---------------------------------------------------------------------- */

static void pump(VM *vm, Console *c);

static Value on_readable(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Console *c = con(vm);
    if (is_tty(c) && c->rl_installed) {
        show_prompt(c);
        rl_callback_read_char();
    } else if (!is_tty(c) || !c->rl_installed) {
        fill(c);
    }
    pump(vm, c);
    return vm_has_exc(vm) ? VAL_NULL : VAL_NONE;
}

static Value on_request_done(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    pump(vm, con(vm));
    return VAL_NONE;
}

static bool fut_done(Value f) { return ((ObjFuture *)AS_OBJ(f))->state != FUT_PENDING; }

static void pop_head(Console *c) {
    ObjList *q = c->queue;
    memmove(q->items, q->items + 2, (size_t)(q->len - 2) * sizeof(Value));
    q->len -= 2;
    c->head_started = false;
}

static void stop_reader(VM *vm, Console *c) {
    if (IS_NONE(c->reader_loop)) return;
    aio_remove_reader(vm, (ObjLoop *)AS_OBJ(c->reader_loop), 0);
    c->reader_loop = VAL_NONE;
}

static void resolve(VM *vm, Value fut, ObjStr *line) {
    ObjFuture *f = (ObjFuture *)AS_OBJ(fut);
    if (line) {
        aio_future_set_result(vm, f, MAKE_OBJ(line));
    } else {
        Value m = MAKE_OBJ(str_from_cstr(vm, "EOF when reading a line"));
        Value e = MAKE_OBJ(exc_new(vm, vm->exc_EOFError, &m, 1));
        Value r = vm_call_method(vm, fut, str_intern_cstr(vm, "set_exception"), &e, 1);
        if (IS_NULL(r)) vm_clear_exc(vm);
    }
    if (vm_has_exc(vm)) vm_clear_exc(vm);
}

static void pump(VM *vm, Console *c) {
    for (;;) {
        ObjList *q = c->queue;
        while (q->len >= 2 && fut_done(q->items[0])) {
            if (c->head_started && c->rl_installed) rl_abandon(c);
            pop_head(c);
        }
        if (q->len < 2) {
            stop_reader(vm, c);
            return;
        }
        Value fut = q->items[0];
        ObjStr *prompt = AS_STR(q->items[1]);
        bool tty = is_tty(c);
        if (!c->head_started) {
            c->head_started = true;
            if (tty && c->len == 0) {
                rl_begin(c, prompt->data);
            } else if (prompt->len > 0) {
                if (!sys_write(vm, false, prompt) || !sys_flush(vm, false)) vm_clear_exc(vm);
            } else {
                sys_flush(vm, false);
            }
        }
        if (tty && (c->rl_installed || c->rl_have_line)) {
            if (!c->rl_have_line) goto wait;
            ObjStr *line = rl_finished_line(vm, c);
            if (!line) {
                fputc('\n', stdout);
                fflush(stdout);
            }
            pop_head(c);
            resolve(vm, fut, line);
            continue;
        }
        ObjStr *line = take_line(vm, c, false, -1);
        if (line || c->eof) {
            pop_head(c);
            resolve(vm, fut, line);
            continue;
        }
    wait:
        if (IS_NONE(c->reader_loop)) {
            Value loop = ((ObjFuture *)AS_OBJ(fut))->loop;
            ObjNative *cb = native_new(vm, "_console_readable", on_readable, 0);
            if (aio_add_reader(vm, (ObjLoop *)AS_OBJ(loop), 0, MAKE_OBJ(cb))) c->reader_loop = loop;
            else vm_clear_exc(vm);
        }
        return;
    }
}

void console_poll(VM *vm) { pump(vm, con(vm)); }

Value console_ainput_future(VM *vm, Value loop, ObjStr *prompt) {
    Console *c = con(vm);
    Value fut = aio_future_new(vm, loop);
    if (IS_NULL(fut)) return VAL_NULL;
    ObjNative *cb = native_new(vm, "_console_request_done", on_request_done, 0);
    Value cbv = MAKE_OBJ(cb);
    Value r = vm_call_method(vm, fut, str_intern_cstr(vm, "add_done_callback"), &cbv, 1);
    if (IS_NULL(r)) return VAL_NULL;
    list_append(vm, c->queue, fut);
    list_append(vm, c->queue, MAKE_OBJ(prompt));
    pump(vm, c);
    return fut;
}

/* _asyncio._ainput(prompt=""): the future asyncio.ainput awaits. */
static Value m_ainput(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "ainput", nargs, 0, 1)) return VAL_NULL;
    ObjStr *prompt;
    if (nargs == 0) {
        prompt = str_new(vm, "", 0);
    } else {
        Value p = vm_str(vm, args[0]);
        if (IS_NULL(p)) return VAL_NULL;
        prompt = AS_STR(p);
    }
    Value loop = vm->running_loop;
    if (IS_NONE(loop)) loop = vm->prompt_loop;
    if (IS_NONE(loop)) return vm_raise(vm, vm->exc_RuntimeError, "no running event loop");
    return console_ainput_future(vm, loop, prompt);
}

static const MethodDef console_functions[] = {
    {"_ainput", m_ainput, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void console_add_functions(VM *vm, ObjModule *m) { module_add_functions(vm, m, console_functions); }

void console_shutdown(VM *vm) {
    Console *c = vm->console;
    if (!c) return;
    if (c->rl_installed) {
        rl_callback_handler_remove();
        c->rl_installed = false;
    }
    if (rl_owner == c) rl_owner = NULL;
    free(c->rl_line);
    free(c->saved_text);
    free(c->buf);
    free(c);
    vm->console = NULL;
}
