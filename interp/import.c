/* import.c: `import`: sys.modules cache, the built-in module table, and
 * user modules found as NAME.py or packages NAME/__init__.py along sys.path
 * (the script's folder first, then COILPATH), submodules along their
 * package's __path__, and relative imports resolved from __package__. A
 * module is registered in sys.modules before its body runs, so circular
 * imports see the partly initialised module, as in CPython; a failing body
 * removes it again.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler.h"
#include "dict.h"
#include "exception.h"
#include "pymodules.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

ObjModule *sys_module_init(VM *vm);
ObjModule *time_module_init(VM *vm);
ObjModule *math_module_init(VM *vm);
ObjModule *random_module_init(VM *vm);
ObjModule *aio_module_init(VM *vm);
ObjModule *contextvars_module_init(VM *vm);

static const BuiltinModuleDef builtin_modules[] = {
    {"sys", sys_module_init},
    {"time", time_module_init},
    {"math", math_module_init},
    {"random", random_module_init},
    {"_asyncio", aio_module_init},
    {"contextvars", contextvars_module_init},
    {NULL, NULL},
};

void import_init(VM *vm) {
    vm->builtin_modules = builtin_modules;
    ObjModule *sys = sys_module_init(vm);
    vm->sys_module = sys;
    dict_set(vm, vm->modules, MAKE_OBJ(str_intern_cstr(vm, "sys")), MAKE_OBJ(sys));
    const char *cp = getenv("COILPATH");
    if (cp && *cp) {
        const char *p = cp;
        while (*p) {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n) list_append(vm, vm->sys_path, MAKE_OBJ(str_new(vm, p, n)));
            if (!e) break;
            p = e + 1;
        }
    }
}

void import_set_main_dir(VM *vm, const char *dir) {
    /* sys.path[0] is the script's folder as an absolute path, as in
     * CPython ('' for -c and the prompt) */
    char *abs = *dir ? realpath(dir, NULL) : NULL;
    ObjStr *s = str_from_cstr(vm, abs ? abs : dir);
    free(abs);
    list_append(vm, vm->sys_path, VAL_NONE);
    for (int64_t i = vm->sys_path->len - 1; i > 0; i--) vm->sys_path->items[i] = vm->sys_path->items[i - 1];
    vm->sys_path->items[0] = MAKE_OBJ(s);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Looks for `last` (a module or a package) in one folder: the malloc'd
 * path of NAME.py or NAME/__init__.py, or NULL. */
static char *find_in_dir(const char *dir, const char *last, bool *is_pkg) {
    size_t n = strlen(dir) + strlen(last) + 16;
    char *path = malloc(n);
    if (!path) return NULL;
    struct stat st;
    /* a package wins over a module of the same name, as in CPython */
    if (*dir) snprintf(path, n, "%s/%s/__init__.py", dir, last);
    else snprintf(path, n, "%s/__init__.py", last);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        *is_pkg = true;
        return path;
    }
    if (*dir) snprintf(path, n, "%s/%s.py", dir, last);
    else snprintf(path, n, "%s.py", last);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        *is_pkg = false;
        return path;
    }
    free(path);
    return NULL;
}

static char *find_in_list(ObjList *dirs, const char *last, bool *is_pkg) {
    for (int64_t i = 0; i < dirs->len; i++) {
        Value p = dirs->items[i];
        if (!IS_STR(p)) continue;
        char *path = find_in_dir(AS_STR(p)->data, last, is_pkg);
        if (path) return path;
    }
    return NULL;
}

/* Finds a top-level NAME.py (or package) on sys.path; returns a malloc'd
 * path or NULL (coil -m uses it). */
char *import_find_module(VM *vm, const char *name) {
    bool is_pkg;
    char *path = find_in_list(vm->sys_path, name, &is_pkg);
    if (path && is_pkg) {
        /* -m on a package runs its __main__.py */
        char *dir = strdup(path);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        free(path);
        size_t n = strlen(dir) + 16;
        path = malloc(n);
        snprintf(path, n, "%s/__main__.py", dir);
        free(dir);
        struct stat st;
        if (stat(path, &st) != 0) {
            free(path);
            return NULL;
        }
    }
    return path;
}

static Value not_found(VM *vm, const char *name) {
    Value r = vm_raise(vm, vm->exc_ModuleNotFoundError, "No module named '%s'", name);
    if (IS_EXCEPTION(vm->exc)) exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(str_from_cstr(vm, name)));
    return r;
}

/* Runs module source as `modname`; registered in sys.modules first.
 * pkgdir: the folder when the module is a package's __init__.py. */
static Value run_module_source_in(VM *vm, const char *src, size_t len, const char *path, ObjStr *modname,
                                  const char *pkgdir) {
    ObjModule *m = module_new(vm, modname->data);
    gc_push_root(vm, MAKE_OBJ(m));
    if (path[0] != '<') dict_set_str(vm, m->dict, vm->s___file__, MAKE_OBJ(str_from_cstr(vm, path)));
    ObjStr *pkgname = str_intern_cstr(vm, "__package__");
    if (pkgdir) {
        ObjList *pl = list_new(vm, 1);
        pl->items[0] = MAKE_OBJ(str_from_cstr(vm, pkgdir));
        dict_set_str(vm, m->dict, str_intern_cstr(vm, "__path__"), MAKE_OBJ(pl));
        dict_set_str(vm, m->dict, pkgname, MAKE_OBJ(modname));
    } else {
        const char *dot = strrchr(modname->data, '.');
        dict_set_str(vm, m->dict, pkgname,
                     MAKE_OBJ(dot ? str_new(vm, modname->data, (size_t)(dot - modname->data)) : str_new(vm, "", 0)));
    }
    dict_set(vm, vm->modules, MAKE_OBJ(modname), MAKE_OBJ(m));
    ObjCode *code = compile_source(vm, src, len, path, COMPILE_EXEC, NULL);
    Value r = VAL_NULL;
    if (code) {
        gc_push_root(vm, MAKE_OBJ(code));
        r = vm_exec_code(vm, code, m->dict, NULL);
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    if (IS_NULL(r)) {
        Value exc = vm_take_exc(vm);
        dict_del(vm, vm->modules, MAKE_OBJ(modname));
        vm->exc = exc;
        return VAL_NULL;
    }
    /* the module object itself may have been replaced in sys.modules */
    Value cur = dict_get(vm, vm->modules, MAKE_OBJ(modname));
    return IS_NULL(cur) ? MAKE_OBJ(m) : cur;
}

static Value run_module_source(VM *vm, const char *src, size_t len, const char *path, ObjStr *modname) {
    return run_module_source_in(vm, src, len, path, modname, NULL);
}

static Value run_file_in(VM *vm, const char *path, ObjStr *modname, const char *pkgdir) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) return vm_raise(vm, vm->exc_ImportError, "cannot read '%s'", path);
    Value r = run_module_source_in(vm, src, len, path, modname, pkgdir);
    free(src);
    return r;
}

Value import_run_file(VM *vm, const char *path, ObjStr *modname) { return run_file_in(vm, path, modname, NULL); }

/* Loads one module given its full dotted name, its parent package (NULL
 * for a top-level name) and the last component. */
static Value load_one(VM *vm, ObjStr *full, Value parent, const char *last) {
    Value m = dict_get(vm, vm->modules, MAKE_OBJ(full));
    if (!IS_NULL(m)) return m;
    if (vm_has_exc(vm)) return VAL_NULL;
    char *path = NULL;
    bool is_pkg = false;
    if (IS_NULL(parent)) {
        for (const BuiltinModuleDef *d = vm->builtin_modules; d && d->name; d++) {
            if (strcmp(d->name, full->data) == 0) {
                ObjModule *mod = d->init(vm);
                if (!mod) return VAL_NULL;
                dict_set(vm, vm->modules, MAKE_OBJ(full), MAKE_OBJ(mod));
                return MAKE_OBJ(mod);
            }
        }
        size_t elen;
        const char *esrc = pymodules_source(full->data, &elen);
        if (esrc) {
            char fname[128];
            snprintf(fname, sizeof fname, "<frozen %s>", full->data);
            return run_module_source(vm, esrc, elen, fname, full);
        }
        path = find_in_list(vm->sys_path, last, &is_pkg);
    } else {
        Value pp = IS_MODULE(parent) ? dict_get_str(vm, AS_MODULE(parent)->dict, str_intern_cstr(vm, "__path__")) : VAL_NULL;
        if (IS_NULL(pp) || !IS_LIST(pp)) {
            const char *pn = IS_MODULE(parent) ? AS_MODULE(parent)->name->data : "?";
            Value r = vm_raise(vm, vm->exc_ModuleNotFoundError, "No module named '%s'; '%s' is not a package", full->data, pn);
            if (IS_EXCEPTION(vm->exc)) exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(full));
            return r;
        }
        path = find_in_list(AS_LIST(pp), last, &is_pkg);
    }
    if (!path) return not_found(vm, full->data);
    char *pkgdir = NULL;
    if (is_pkg) {
        pkgdir = strdup(path);
        char *slash = strrchr(pkgdir, '/');
        if (slash) *slash = 0;
        else strcpy(pkgdir, ".");
    }
    Value r = run_file_in(vm, path, full, pkgdir);
    free(path);
    free(pkgdir);
    if (!IS_NULL(r) && !IS_NULL(parent)) {
        /* the submodule becomes an attribute of its package */
        if (!vm_setattr(vm, parent, str_intern_cstr(vm, last), r)) vm_clear_exc(vm);
    }
    return r;
}

/* Imports an absolute dotted name, parents first; returns the leaf. */
static Value import_absolute(VM *vm, ObjStr *name) {
    Value m = dict_get(vm, vm->modules, MAKE_OBJ(name));
    if (!IS_NULL(m)) return m;
    if (vm_has_exc(vm)) return VAL_NULL;
    Value parent = VAL_NULL;
    const char *s = name->data;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t upto = dot ? (size_t)(dot - name->data) : (size_t)name->len;
        ObjStr *full = str_intern(vm, name->data, upto);
        char last[256];
        size_t ln = (size_t)((name->data + upto) - s);
        if (ln >= sizeof last) ln = sizeof last - 1;
        memcpy(last, s, ln);
        last[ln] = 0;
        gc_push_root(vm, parent);
        Value mod = load_one(vm, full, parent, last);
        gc_pop_roots(vm, 1);
        if (IS_NULL(mod)) return VAL_NULL;
        if (!dot) return mod;
        parent = mod;
        s = dot + 1;
    }
}

Value vm_import(VM *vm, ObjStr *name) {
    if (name->data[0] == '.')
        return vm_raise(vm, vm->exc_ImportError, "attempted relative import with no known parent package");
    return import_absolute(vm, name);
}

/* The package a module's relative imports start from (__package__, or
 * worked out from __name__ and __path__), or NULL. */
static ObjStr *current_package(VM *vm, ObjDict *globals) {
    Value p = globals ? dict_get_str(vm, globals, str_intern_cstr(vm, "__package__")) : VAL_NULL;
    if (IS_STR(p)) return AS_STR(p);
    Value n = globals ? dict_get_str(vm, globals, vm->s___name__) : VAL_NULL;
    if (!IS_STR(n)) return NULL;
    if (!IS_NULL(dict_get_str(vm, globals, str_intern_cstr(vm, "__path__")))) return AS_STR(n);
    const char *dot = strrchr(AS_STR(n)->data, '.');
    if (!dot) return str_new(vm, "", 0);
    return str_new(vm, AS_STR(n)->data, (size_t)(dot - AS_STR(n)->data));
}

Value import_name(VM *vm, ObjStr *name, Value fromlist, ObjDict *globals) {
    const char *s = name->data;
    int level = 0;
    while (s[level] == '.') level++;
    ObjStr *absname = name;
    if (level > 0) {
        ObjStr *pkg = current_package(vm, globals);
        if (!pkg || pkg->len == 0)
            return vm_raise(vm, vm->exc_ImportError, "attempted relative import with no known parent package");
        /* drop level-1 trailing components of the package */
        size_t end = (size_t)pkg->len;
        for (int i = 1; i < level; i++) {
            while (end > 0 && pkg->data[end - 1] != '.') end--;
            if (end == 0) return vm_raise(vm, vm->exc_ImportError, "attempted relative import beyond top-level package");
            end--;
        }
        const char *rest = s + level;
        StrBuf b;
        strbuf_init(&b);
        strbuf_add(&b, pkg->data, end);
        if (*rest) {
            strbuf_add_char(&b, '.');
            strbuf_add_cstr(&b, rest);
        }
        absname = strbuf_finish(vm, &b);
        absname = str_intern(vm, absname->data, (size_t)absname->len);
    }
    Value leaf = import_absolute(vm, absname);
    if (IS_NULL(leaf)) return VAL_NULL;
    bool has_from = IS_TUPLE(fromlist) && AS_TUPLE(fromlist)->len > 0;
    if (!has_from) {
        if (level > 0 || !strchr(absname->data, '.')) return leaf;
        /* `import a.b.c` binds the top-level package */
        const char *dot = strchr(absname->data, '.');
        return dict_get(vm, vm->modules, MAKE_OBJ(str_intern(vm, absname->data, (size_t)(dot - absname->data))));
    }
    /* from package import submodule: load submodules not yet attributes */
    if (IS_MODULE(leaf) && !IS_NULL(dict_get_str(vm, AS_MODULE(leaf)->dict, str_intern_cstr(vm, "__path__")))) {
        ObjTuple *fl = AS_TUPLE(fromlist);
        for (int64_t i = 0; i < fl->len; i++) {
            if (!IS_STR(fl->items[i]) || strcmp(AS_STR(fl->items[i])->data, "*") == 0) continue;
            ObjStr *attr = AS_STR(fl->items[i]);
            if (!IS_NULL(dict_get_str(vm, AS_MODULE(leaf)->dict, attr))) continue;
            ObjStr *sub = str_printf(vm, "%s.%s", absname->data, attr->data);
            sub = str_intern(vm, sub->data, (size_t)sub->len);
            Value r = import_absolute(vm, sub);
            if (IS_NULL(r)) {
                /* a missing submodule is fine here: IMPORT_FROM reports it */
                if (vm_exc_matches(vm, vm->exc_ModuleNotFoundError)) {
                    Value e = vm_take_exc(vm);
                    Value en = IS_EXCEPTION(e) ? exc_get_attr(vm, AS_EXCEPTION(e), "name") : VAL_NULL;
                    if (!(IS_STR(en) && str_equal(AS_STR(en), sub))) {
                        vm->exc = e;
                        return VAL_NULL;
                    }
                } else {
                    return VAL_NULL;
                }
            }
        }
    }
    return leaf;
}
