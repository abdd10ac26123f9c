/* import.c: `import`: sys.modules cache, the built-in module table, and
 * user modules found as NAME.py along sys.path (the script's folder first,
 * then COILPATH). A module is registered in sys.modules before its body
 * runs, so circular imports see the partly initialised module, as in
 * CPython; a failing body removes it again.
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

/* Finds NAME.py on sys.path; returns a malloc'd path or NULL. */
char *import_find_module(VM *vm, const char *name) {
    for (int64_t i = 0; i < vm->sys_path->len; i++) {
        Value p = vm->sys_path->items[i];
        if (!IS_STR(p)) continue;
        const char *dir = AS_STR(p)->data;
        size_t n = strlen(dir) + strlen(name) + 8;
        char *path = malloc(n);
        if (*dir) snprintf(path, n, "%s/%s.py", dir, name);
        else snprintf(path, n, "%s.py", name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return path;
        free(path);
    }
    return NULL;
}

static Value not_found(VM *vm, const char *name) {
    Value r = vm_raise(vm, vm->exc_ModuleNotFoundError, "No module named '%s'", name);
    if (IS_EXCEPTION(vm->exc)) exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(str_from_cstr(vm, name)));
    return r;
}

/* Runs module source as `modname`; registered in sys.modules first. */
static Value run_module_source(VM *vm, const char *src, size_t len, const char *path, ObjStr *modname) {
    ObjModule *m = module_new(vm, modname->data);
    gc_push_root(vm, MAKE_OBJ(m));
    if (path[0] != '<') dict_set_str(vm, m->dict, vm->s___file__, MAKE_OBJ(str_from_cstr(vm, path)));
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

Value import_run_file(VM *vm, const char *path, ObjStr *modname) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) return vm_raise(vm, vm->exc_ImportError, "cannot read '%s'", path);
    Value r = run_module_source(vm, src, len, path, modname);
    free(src);
    return r;
}

Value vm_import(VM *vm, ObjStr *name) {
    Value m = dict_get(vm, vm->modules, MAKE_OBJ(name));
    if (!IS_NULL(m)) return m;
    if (vm_has_exc(vm)) return VAL_NULL;
    if (name->data[0] == '.')
        return vm_raise(vm, vm->exc_ImportError, "attempted relative import with no known parent package");
    if (strchr(name->data, '.')) {
        char head[256];
        size_t n = (size_t)(strchr(name->data, '.') - name->data);
        if (n >= sizeof head) n = sizeof head - 1;
        memcpy(head, name->data, n);
        head[n] = 0;
        Value hm = vm_import(vm, str_intern_cstr(vm, head));
        if (IS_NULL(hm)) return VAL_NULL;
        Value r = vm_raise(vm, vm->exc_ModuleNotFoundError, "No module named '%s'; '%s' is not a package", name->data, head);
        if (IS_EXCEPTION(vm->exc)) exc_set_attr(vm, AS_EXCEPTION(vm->exc), "name", MAKE_OBJ(name));
        return r;
    }
    for (const BuiltinModuleDef *d = vm->builtin_modules; d && d->name; d++) {
        if (strcmp(d->name, name->data) == 0) {
            ObjModule *mod = d->init(vm);
            if (!mod) return VAL_NULL;
            dict_set(vm, vm->modules, MAKE_OBJ(name), MAKE_OBJ(mod));
            return MAKE_OBJ(mod);
        }
    }
    size_t elen;
    const char *esrc = pymodules_source(name->data, &elen);
    if (esrc) {
        char fname[128];
        snprintf(fname, sizeof fname, "<frozen %s>", name->data);
        return run_module_source(vm, esrc, elen, fname, name);
    }
    char *path = import_find_module(vm, name->data);
    if (!path) return not_found(vm, name->data);
    Value r = import_run_file(vm, path, name);
    free(path);
    return r;
}
