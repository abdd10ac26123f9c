/* gc.h: allocation and the precise mark-sweep collector.
 *
 * All heap objects are kept in one array (GC.all) and swept from it: the
 * sweep reads object headers at independent addresses, which the CPU can
 * fetch in parallel, instead of chasing a linked list one miss at a time.
 * Marking uses an explicit gray stack, so deep structures never recurse in C.
 * The next collection happens when live bytes have grown by a factor.
 *
 * Collections only run at the dispatch loop's safe points (gc_maybe_collect
 * is called there), never inside gc_alloc: C code never sees an object
 * vanish under it between two allocations. Roots: the VM's types and
 * names, builtins, sys.modules, the frame chain, vm->exc and the handled
 * exception chain, the temp-root stack, and whatever the event loop and
 * REPL register through gc_extra_roots.
 *
 * Temp roots: objects allocated while vm->native_depth > 0 are pushed on
 * the temp-root stack automatically; the dispatch loop truncates it back
 * when the native returns. C code that keeps objects across a call into
 * Coil code outside a native (rare) pushes them with gc_push_root.
 *
 * COIL_GC_STRESS: collect at every safe point at which anything was
 * allocated since the last one.
 */
#ifndef COIL_GC_H
#define COIL_GC_H

#include <stddef.h>
#include "object.h"

struct GC {
    Obj **all;              /* every heap object, oldest first */
    size_t nall, capall;
    size_t bytes_allocated;
    size_t next_gc;
    size_t allocs_since_gc;
    Obj **gray;
    size_t gray_count, gray_cap;
    Value *roots;           /* temp-root stack */
    size_t roots_count, roots_cap;
    /* extra root tracers (event loop, REPL): called during marking */
    void (*extra_roots[8])(GC *gc, void *ctx);
    void *extra_ctx[8];
    int nextra;
    VM *vm;
    bool collecting;
    size_t collections;
};

/* Zeroed object of `size` bytes with header filled in. */
Obj *gc_alloc(VM *vm, size_t size, ObjType *type, uint8_t kind);
/* Raw memory accounted for pacing. Abort with a message on exhaustion
 * (callers that can be asked for absurd sizes check and raise
 * MemoryError first). */
void *gc_malloc(VM *vm, size_t size);
/* Half the machine's physical memory in bytes: a single request beyond it
 * cannot reasonably succeed, so sizes computed from user input are checked against it and
 * answered with MemoryError instead of an abort. */
size_t gc_memory_limit(void);
void *gc_realloc(VM *vm, void *p, size_t old_size, size_t new_size);
void gc_free(VM *vm, void *p, size_t size);

void gc_mark_obj(GC *gc, Obj *o);
static inline void gc_mark_value(GC *gc, Value v) {
    if (v.tag == VT_OBJ && v.as.o) gc_mark_obj(gc, v.as.o);
}
void gc_mark_values(GC *gc, const Value *v, size_t n);

void gc_push_root(VM *vm, Value v);
void gc_pop_roots(VM *vm, size_t n);
size_t gc_roots_mark(VM *vm);
void gc_roots_reset(VM *vm, size_t mark);

void gc_add_root_tracer(VM *vm, void (*fn)(GC *gc, void *ctx), void *ctx);

/* Called at safe points; collects when the allocation budget is spent. */
void gc_maybe_collect(VM *vm);
void gc_collect(VM *vm);
void gc_free_all(VM *vm);

#endif
