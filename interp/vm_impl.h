/* vm_impl.h: VM internals shared between vm.c, vmcore.c, gen.c, import.c
 * and main.c (not part of the API type files use). */
#ifndef COIL_VM_IMPL_H
#define COIL_VM_IMPL_H

#include "func.h"
#include "vm.h"

/* Runs a code object with the given namespaces (module body, exec). */
Value vm_exec_code(VM *vm, ObjCode *code, ObjDict *globals, ObjDict *locals);
/* Wraps a fresh frame of a generator/coroutine function (gen.c). */
Value gen_new_from_frame(VM *vm, Frame *f, ObjFunction *fn);
/* Wraps a value yielded by an async generator body (ASYNC_GEN_WRAP). */
Value gen_async_wrap(VM *vm, Value v);
/* The iterator `await v` drives (GET_AWAITABLE). */
Value vm_get_awaitable(VM *vm, Value v);
/* sys.stdout/stderr writers (stdlib/sys.c) */
bool sys_write(VM *vm, bool err, ObjStr *s);
bool sys_flush(VM *vm, bool err);
/* Builtin module table and import machinery (import.c). */
void import_init(VM *vm);
/* IMPORT_NAME: name (relative when it starts with dots, resolved from the
 * importing module's globals); returns the top-level package for a plain
 * `import a.b`, the named module when fromlist is a non-empty tuple. */
Value import_name(VM *vm, ObjStr *name, Value fromlist, ObjDict *globals);
/* except* (exc_group.c): the part of exc that `type` matches (VAL_NONE when
 * none; a naked match comes wrapped in an ExceptionGroup) and, in *rest,
 * what is left; and the exception to raise again after the clauses, from
 * the original and the list of what each clause raised plus the rest. */
Value excgroup_match(VM *vm, Value exc, Value type, Value *rest);
Value excgroup_prep_reraise(VM *vm, Value orig, ObjList *excs);
/* The directory of the main script, searched first by import. */
void import_set_main_dir(VM *vm, const char *dir);
/* Traceback printing (traceback.c). */
void traceback_print(VM *vm, Value exc, FILE *out);

#endif
