/* args.c: argument checking for native functions, with CPython's messages.
 *
 * Convention: `fname` is the bare function name WITHOUT parentheses
 * ("sorted", "to_bytes"); the messages add "()" where CPython prints them.
 * Methods pass their own name and skip self (args + 1, nargs - 1) for
 * vm_parse_args; for vm_check_args the count is whatever the caller
 * passes.
 *
 * vm_parse_args(vm, fname, args, nargs, kwnames, spec, Value *out...):
 *   spec is a comma-separated list of parameter names; "|" before a name
 *   starts the optional ones, "$" before a name starts the keyword-only
 *   ones, e.g. "iterable|$key,reverse" or "a,b|$rel_tol,abs_tol".
 *   Positional-or-keyword parameters may be given either way. One Value*
 *   output per name, in order; parameters not given are VAL_NULL.
 *   Keyword arguments follow the positionals: args[nargs + i] is named
 *   kwnames->items[i]. The checks and messages follow CPython 3.11's
 *   _PyArg_UnpackKeywords (Argument Clinic):
 *     "f() takes at most N arguments (M given)"      (positional + keyword)
 *     "f() takes at most N keyword arguments (M given)" (when no positional)
 *     "f() takes no positional arguments"
 *     "f() takes at most|exactly N positional arguments (M given)"
 *     "f() missing required argument 'x' (pos N)"
 *     "argument for f() given by name ('x') and position (N)"
 *     "'x' is an invalid keyword argument for f()"
 *
 * vm_check_args(vm, fname, nargs, min, max): PyArg_UnpackTuple's messages,
 *   plus METH_O / METH_NOARGS style for the 1..1 and 0..0 cases:
 *     "len() takes exactly one argument (2 given)"     min == max == 1
 *     "globals() takes no arguments (1 given)"         min == max == 0
 *     "divmod expected 2 arguments, got 1"             min == max
 *     "getattr expected at least 2 arguments, got 0"
 *     "iter expected at most 2 arguments, got 3"
 */
#include <stdarg.h>
#include <string.h>

#include "vm.h"

#define MAX_PARAMS 32

typedef struct {
    const char *name;
    size_t len;
} Param;

/* kwnames item equal to the parameter name? */
static bool kw_is(Value k, const Param *p) {
    if (!IS_STR(k)) return false;
    ObjStr *s = AS_STR(k);
    return (size_t)s->len == p->len && memcmp(s->data, p->name, p->len) == 0;
}

bool vm_parse_args(VM *vm, const char *fname, Value *args, int nargs, ObjTuple *kwnames, const char *spec, ...) {
    Param params[MAX_PARAMS];
    int n = 0, min = -1, maxpos = -1;
    const char *p = spec;
    while (*p) {
        if (*p == '|') {
            min = n;
            p++;
            continue;
        }
        if (*p == '$') {
            maxpos = n;
            p++;
            continue;
        }
        if (*p == ',' || *p == ' ') {
            p++;
            continue;
        }
        const char *start = p;
        while (*p && *p != ',' && *p != '|' && *p != '$') p++;
        if (n == MAX_PARAMS) {
            vm_raise(vm, vm->exc_SystemError, "%s(): too many parameters in argument spec", fname);
            return false;
        }
        params[n].name = start;
        params[n].len = (size_t)(p - start);
        n++;
    }
    if (min < 0) min = n;
    if (maxpos < 0) maxpos = n;
    int minpos = min < maxpos ? min : maxpos;
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value *kwvals = args + nargs;

    if (nargs + nkw > n) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes at most %d %sargument%s (%d given)", fname, n,
                 nargs == 0 ? "keyword " : "", n == 1 ? "" : "s", nargs + nkw);
        return false;
    }
    if (nargs > maxpos) {
        if (maxpos == 0)
            vm_raise(vm, vm->exc_TypeError, "%s() takes no positional arguments", fname);
        else
            vm_raise(vm, vm->exc_TypeError, "%s() takes %s %d positional argument%s (%d given)", fname,
                     minpos < maxpos ? "at most" : "exactly", maxpos, maxpos == 1 ? "" : "s", nargs);
        return false;
    }

    Value out[MAX_PARAMS];
    int remaining = nkw;
    for (int i = 0; i < n; i++) {
        if (i < nargs) {
            out[i] = args[i];
            continue;
        }
        out[i] = VAL_NULL;
        if (remaining > 0) {
            for (int k = 0; k < nkw; k++) {
                if (kw_is(kwnames->items[k], &params[i])) {
                    out[i] = kwvals[k];
                    remaining--;
                    break;
                }
            }
        }
        if (IS_NULL(out[i]) && i < min) {
            vm_raise(vm, vm->exc_TypeError, "%s() missing required argument '%.*s' (pos %d)", fname,
                     (int)params[i].len, params[i].name, i + 1);
            return false;
        }
    }
    if (remaining > 0) {
        for (int i = 0; i < nargs && i < n; i++) {
            for (int k = 0; k < nkw; k++) {
                if (kw_is(kwnames->items[k], &params[i])) {
                    vm_raise(vm, vm->exc_TypeError, "argument for %s() given by name ('%.*s') and position (%d)",
                             fname, (int)params[i].len, params[i].name, i + 1);
                    return false;
                }
            }
        }
        for (int k = 0; k < nkw; k++) {
            bool match = false;
            for (int i = 0; i < n && !match; i++) match = kw_is(kwnames->items[k], &params[i]);
            if (!match) {
                Value key = kwnames->items[k];
                vm_raise(vm, vm->exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                         IS_STR(key) ? AS_STR(key)->data : "?", fname);
                return false;
            }
        }
    }

    va_list ap;
    va_start(ap, spec);
    for (int i = 0; i < n; i++) {
        Value *dst = va_arg(ap, Value *);
        if (dst) *dst = out[i];
    }
    va_end(ap);
    return true;
}

bool vm_check_args(VM *vm, const char *fname, int nargs, int min, int max) {
    if (nargs >= min && nargs <= max) return true;
    if (min == max && max == 1) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes exactly one argument (%d given)", fname, nargs);
    } else if (max == 0) {
        vm_raise(vm, vm->exc_TypeError, "%s() takes no arguments (%d given)", fname, nargs);
    } else if (nargs < min) {
        vm_raise(vm, vm->exc_TypeError, "%s expected %s%d argument%s, got %d", fname, min == max ? "" : "at least ", min,
                 min == 1 ? "" : "s", nargs);
    } else {
        vm_raise(vm, vm->exc_TypeError, "%s expected %s%d argument%s, got %d", fname, min == max ? "" : "at most ", max,
                 max == 1 ? "" : "s", nargs);
    }
    return false;
}
