/* gc.c: allocation and the precise, non-moving mark-sweep collector.
 *
 * Invariants: collections start only from gc_maybe_collect/gc_collect, which
 * the dispatch loop calls at safe points; every live object is reachable
 * from the roots listed in gc.h; objects allocated while a native runs are
 * on the temp-root stack until that native returns. The sweep frees dead
 * types last, because freeing an instance may consult its type.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "code.h"
#include "func.h"
#include "int.h"
#include "str.h"
#include "vm.h"

#define GC_MIN_HEAP (4u << 20)
#define GC_GROWTH 2

static void out_of_memory(void) {
    fputs("Fatal Python error: out of memory\n", stderr);
    fflush(stdout);
    abort();
}

size_t gc_memory_limit(void) {
    static size_t limit;
    if (!limit) {
        long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
        /* half of it: one object that large would already push the machine
         * into swapping or the OOM killer */
        limit = (pages > 0 && psize > 0) ? (size_t)pages * (size_t)psize / 2 : ((size_t)1 << 40);
    }
    return limit;
}

void *gc_malloc(VM *vm, size_t size) {
    if (size == 0) return NULL;
    void *p = malloc(size);
    if (!p) out_of_memory();
    vm->gc.bytes_allocated += size;
    return p;
}

void *gc_realloc(VM *vm, void *p, size_t old_size, size_t new_size) {
    if (new_size == 0) {
        free(p);
        vm->gc.bytes_allocated -= old_size;
        return NULL;
    }
    void *q = realloc(p, new_size);
    if (!q) out_of_memory();
    vm->gc.bytes_allocated += new_size;
    vm->gc.bytes_allocated -= old_size;
    return q;
}

void gc_free(VM *vm, void *p, size_t size) {
    if (!p) return;
    free(p);
    vm->gc.bytes_allocated -= size;
}

void gc_push_root(VM *vm, Value v) {
    GC *gc = &vm->gc;
    if (gc->roots_count == gc->roots_cap) {
        size_t cap = gc->roots_cap ? gc->roots_cap * 2 : 256;
        Value *r = realloc(gc->roots, cap * sizeof(Value));
        if (!r) out_of_memory();
        gc->roots = r;
        gc->roots_cap = cap;
    }
    gc->roots[gc->roots_count++] = v;
}

void gc_pop_roots(VM *vm, size_t n) { vm->gc.roots_count -= n; }
size_t gc_roots_mark(VM *vm) { return vm->gc.roots_count; }
void gc_roots_reset(VM *vm, size_t mark) {
    if (mark < vm->gc.roots_count) vm->gc.roots_count = mark;
}

Obj *gc_alloc(VM *vm, size_t size, ObjType *type, uint8_t kind) {
    Obj *o = calloc(1, size);
    if (!o) out_of_memory();
    o->type = type;
    o->kind = kind;
    o->gc_size = size >= UINT32_MAX ? UINT32_MAX : (uint32_t)size;
    GC *gc = &vm->gc;
    if (gc->nall == gc->capall) {
        size_t cap = gc->capall ? gc->capall * 2 : 4096;
        Obj **a = realloc(gc->all, cap * sizeof(Obj *));
        if (!a) out_of_memory();
        gc->all = a;
        gc->capall = cap;
    }
    gc->all[gc->nall++] = o;
    vm->gc.bytes_allocated += size;
    vm->gc.allocs_since_gc++;
    if (vm->native_depth > 0) gc_push_root(vm, MAKE_OBJ(o));
    return o;
}

void gc_add_root_tracer(VM *vm, void (*fn)(GC *gc, void *ctx), void *ctx) {
    GC *gc = &vm->gc;
    if (gc->nextra < (int)(sizeof gc->extra_roots / sizeof gc->extra_roots[0])) {
        gc->extra_roots[gc->nextra] = fn;
        gc->extra_ctx[gc->nextra] = ctx;
        gc->nextra++;
    }
}

void gc_mark_obj(GC *gc, Obj *o) {
    if (!o || o->marked) return;
    o->marked = 1;
    if (gc->gray_count == gc->gray_cap) {
        size_t cap = gc->gray_cap ? gc->gray_cap * 2 : 1024;
        Obj **g = realloc(gc->gray, cap * sizeof(Obj *));
        if (!g) out_of_memory();
        gc->gray = g;
        gc->gray_cap = cap;
    }
    gc->gray[gc->gray_count++] = o;
}

void gc_mark_values(GC *gc, const Value *v, size_t n) {
    for (size_t i = 0; i < n; i++) gc_mark_value(gc, v[i]);
}

static void mark_frame_chain(GC *gc, Frame *f) {
    for (; f; f = f->prev) frame_trace(gc, f);
}

static void trace_object(GC *gc, Obj *o) {
    ObjType *t = o->type;
    gc_mark_obj(gc, (Obj *)t);
    switch ((ObjKind)o->kind) {
    case OK_TYPE: {
        ObjType *ty = (ObjType *)o;
        gc_mark_obj(gc, (Obj *)ty->name);
        gc_mark_obj(gc, (Obj *)ty->qualname);
        gc_mark_obj(gc, (Obj *)ty->module);
        gc_mark_obj(gc, (Obj *)ty->bases);
        gc_mark_obj(gc, (Obj *)ty->mro);
        gc_mark_obj(gc, (Obj *)ty->dict);
        gc_mark_obj(gc, (Obj *)ty->base);
        break;
    }
    case OK_TUPLE: {
        ObjTuple *tu = (ObjTuple *)o;
        gc_mark_values(gc, tu->items, (size_t)tu->len);
        break;
    }
    case OK_LIST: {
        ObjList *l = (ObjList *)o;
        gc_mark_values(gc, l->items, (size_t)l->len);
        break;
    }
    case OK_DICT: {
        ObjDict *d = (ObjDict *)o;
        for (int64_t i = 0; i < d->used; i++) {
            if (IS_NULL(d->entries[i].key)) continue;
            gc_mark_value(gc, d->entries[i].key);
            gc_mark_value(gc, d->entries[i].value);
        }
        break;
    }
    case OK_SET: {
        ObjSet *s = (ObjSet *)o;
        if (s->table)
            for (int64_t i = 0; i <= s->mask; i++)
                if (!s->table[i].dummy) gc_mark_value(gc, s->table[i].key);
        break;
    }
    case OK_SLICE: {
        ObjSlice *sl = (ObjSlice *)o;
        gc_mark_value(gc, sl->start);
        gc_mark_value(gc, sl->stop);
        gc_mark_value(gc, sl->step);
        break;
    }
    case OK_CODE: code_trace(gc, (ObjCode *)o); break;
    case OK_FUNCTION: {
        ObjFunction *f = (ObjFunction *)o;
        gc_mark_obj(gc, (Obj *)f->code);
        gc_mark_obj(gc, (Obj *)f->globals);
        gc_mark_obj(gc, (Obj *)f->defaults);
        gc_mark_obj(gc, (Obj *)f->kwdefaults);
        gc_mark_obj(gc, (Obj *)f->closure);
        gc_mark_obj(gc, (Obj *)f->name);
        gc_mark_obj(gc, (Obj *)f->qualname);
        gc_mark_obj(gc, (Obj *)f->dict);
        gc_mark_value(gc, f->module);
        gc_mark_value(gc, f->doc);
        break;
    }
    case OK_NATIVE: {
        ObjNative *n = (ObjNative *)o;
        gc_mark_obj(gc, (Obj *)n->owner);
        gc_mark_value(gc, n->bound);
        break;
    }
    case OK_BOUND_METHOD: {
        ObjBoundMethod *b = (ObjBoundMethod *)o;
        gc_mark_value(gc, b->self);
        gc_mark_value(gc, b->func);
        break;
    }
    case OK_CELL: gc_mark_value(gc, ((ObjCell *)o)->value); break;
    case OK_MODULE: {
        ObjModule *m = (ObjModule *)o;
        gc_mark_obj(gc, (Obj *)m->name);
        gc_mark_obj(gc, (Obj *)m->dict);
        break;
    }
    case OK_INSTANCE: gc_mark_obj(gc, (Obj *)((ObjInstance *)o)->dict); break;
    case OK_EXCEPTION: {
        ObjException *e = (ObjException *)o;
        gc_mark_obj(gc, (Obj *)e->dict);
        gc_mark_obj(gc, (Obj *)e->args);
        gc_mark_value(gc, e->cause);
        gc_mark_value(gc, e->context);
        gc_mark_value(gc, e->notes);
        gc_mark_obj(gc, (Obj *)e->hint_globals);
        for (int i = 0; i < e->tb_len; i++) gc_mark_obj(gc, (Obj *)e->tb[i].code);
        break;
    }
    case OK_PROPERTY: {
        ObjProperty *p = (ObjProperty *)o;
        gc_mark_value(gc, p->fget);
        gc_mark_value(gc, p->fset);
        gc_mark_value(gc, p->fdel);
        gc_mark_value(gc, p->doc);
        gc_mark_value(gc, p->name);
        break;
    }
    case OK_STATICMETHOD:
    case OK_CLASSMETHOD: gc_mark_value(gc, ((ObjStaticMethod *)o)->func); break;
    case OK_GETSET: gc_mark_obj(gc, (Obj *)((ObjGetSet *)o)->owner); break;
    case OK_SUPER: {
        ObjSuper *s = (ObjSuper *)o;
        gc_mark_obj(gc, (Obj *)s->type);
        gc_mark_value(gc, s->self);
        gc_mark_obj(gc, (Obj *)s->self_type);
        break;
    }
    case OK_OTHER:
    case OK_GENERATOR:
        if (t && t->trace) t->trace(gc, o);
        break;
    default: break;
    }
    /* A user subclass of a built-in layout keeps its __dict__ after it. */
    if (t && t->dictoffset > 0 && o->kind != OK_INSTANCE && o->kind != OK_EXCEPTION &&
        o->kind != OK_TYPE && o->kind != OK_FUNCTION && o->kind != OK_MODULE)
        gc_mark_obj(gc, *(Obj **)((char *)o + t->dictoffset));
    else if (t && t->dictoffset < 0 && o->gc_size != UINT32_MAX)
        gc_mark_obj(gc, *(Obj **)((char *)o + o->gc_size + t->dictoffset));
}

static size_t object_size(Obj *o) {
    if (o->gc_size != UINT32_MAX) return o->gc_size;
    switch (o->kind) {
    case OK_STR: return sizeof(ObjStr) + (size_t)((ObjStr *)o)->len + 1;
    case OK_BYTES: return sizeof(ObjBytes) + (size_t)((ObjBytes *)o)->len + 1;
    case OK_TUPLE: return sizeof(ObjTuple) + (size_t)((ObjTuple *)o)->len * sizeof(Value);
    default: return 0;
    }
}

static void free_object(VM *vm, Obj *o) {
    switch ((ObjKind)o->kind) {
    case OK_LIST: {
        ObjList *l = (ObjList *)o;
        gc_free(vm, l->items, (size_t)l->cap * sizeof(Value));
        break;
    }
    case OK_DICT: {
        ObjDict *d = (ObjDict *)o;
        gc_free(vm, d->entries, (size_t)d->cap * sizeof(DictEntry));
        gc_free(vm, d->index, (size_t)d->index_size * sizeof(int32_t));
        break;
    }
    case OK_SET: {
        ObjSet *s = (ObjSet *)o;
        if (s->table) gc_free(vm, s->table, (size_t)(s->mask + 1) * sizeof(SetEntry));
        break;
    }
    case OK_EXCEPTION: {
        ObjException *e = (ObjException *)o;
        gc_free(vm, e->tb, (size_t)e->tb_cap * sizeof(TbEntry));
        break;
    }
    case OK_CODE: code_free(vm, (ObjCode *)o); break;
    case OK_BIGINT: bigint_free(vm, o); break;
    case OK_OTHER:
    case OK_GENERATOR:
        if (o->type && o->type->free) o->type->free(vm, o);
        break;
    default: break;
    }
    vm->gc.bytes_allocated -= object_size(o);
    free(o);
}

static void mark_roots(VM *vm) {
    GC *gc = &vm->gc;
#define M(p) gc_mark_obj(gc, (Obj *)(p))
    ObjType **types = &vm->t_object;
    size_t ntypes = (size_t)(&vm->t_bytearray - &vm->t_object) + 1;
    for (size_t i = 0; i < ntypes; i++) M(types[i]);
#define X(name, base) M(vm->exc_##name);
    COIL_EXCEPTIONS(X)
#undef X
#define X(name) M(vm->s_##name);
    COIL_NAMES(X)
#undef X
    for (int i = 0; i < vm->nbuiltin_types; i++) M(vm->builtin_types[i]);
    M(vm->not_implemented);
    M(vm->ellipsis);
    M(vm->empty_tuple);
    M(vm->empty_str);
    for (int i = 0; i < 128; i++) M(vm->char_cache[i]);
    M(vm->builtins);
    M(vm->builtins_module);
    M(vm->modules);
    M(vm->sys_module);
    M(vm->sys_path);
    M(vm->sys_argv);
    for (int i = 0; i < vm->repr_len; i++) M(vm->repr_stack[i]);
#undef M
    mark_frame_chain(gc, vm->frame);
    gc_mark_value(gc, vm->exc);
    gc_mark_value(gc, vm->running_loop);
    gc_mark_value(gc, vm->prompt_loop);
    gc_mark_value(gc, vm->context);
    for (ExcInfo *ei = vm->exc_info; ei; ei = ei->previous) gc_mark_value(gc, ei->exc);
    gc_mark_value(gc, vm->exc_info_base.exc);
    gc_mark_values(gc, gc->roots, gc->roots_count);
    for (int i = 0; i < gc->nextra; i++) gc->extra_roots[i](gc, gc->extra_ctx[i]);
}

void gc_collect(VM *vm) {
    GC *gc = &vm->gc;
    if (gc->collecting) return;
    gc->collecting = true;
    mark_roots(vm);
    while (gc->gray_count > 0) {
        Obj *o = gc->gray[--gc->gray_count];
        trace_object(gc, o);
    }
    str_interned_sweep(vm);
    /* survivors are compacted in place; dead types are freed last because
     * freeing an object may look at its type */
    /* freeing may allocate (the never-awaited warning builds strings):
     * such objects are appended past n and kept */
    size_t n = gc->nall, keep = 0;
    Obj **dead_types = NULL;
    size_t ndt = 0, capdt = 0;
    for (size_t i = 0; i < n; i++) {
        Obj **all = gc->all;
        if (i + 16 < n) __builtin_prefetch(all[i + 16]);
        Obj *o = all[i];
        if (o->marked) {
            o->marked = 0;
            all[keep++] = o;
        } else if (o->kind == OK_TYPE) {
            if (ndt == capdt) {
                capdt = capdt ? capdt * 2 : 16;
                dead_types = realloc(dead_types, capdt * sizeof(Obj *));
                if (!dead_types) out_of_memory();
            }
            dead_types[ndt++] = o;
        } else {
            free_object(vm, o);
        }
    }
    for (size_t i = n; i < gc->nall; i++) gc->all[keep++] = gc->all[i];
    gc->nall = keep;
    for (size_t i = 0; i < ndt; i++) free_object(vm, dead_types[i]);
    free(dead_types);
    gc->allocs_since_gc = 0;
    gc->next_gc = gc->bytes_allocated * GC_GROWTH;
    if (gc->next_gc < GC_MIN_HEAP) gc->next_gc = GC_MIN_HEAP;
    gc->collections++;
    gc->collecting = false;
    /* freed types and names may come back at the same addresses */
    vm->type_epoch++;
}

void gc_maybe_collect(VM *vm) {
#ifdef COIL_GC_STRESS
    if (vm->gc.allocs_since_gc > 0) gc_collect(vm);
#else
    if (vm->gc.bytes_allocated > vm->gc.next_gc) gc_collect(vm);
#endif
}

void gc_free_all(VM *vm) {
    GC *gc = &vm->gc;
    size_t ntypes = 0;
    for (size_t i = 0; i < gc->nall; i++) {
        Obj *o = gc->all[i];
        if (o->kind == OK_TYPE) gc->all[ntypes++] = o;
        else free_object(vm, o);
    }
    for (size_t i = 0; i < ntypes; i++) free_object(vm, gc->all[i]);
    free(gc->all);
    gc->all = NULL;
    gc->nall = gc->capall = 0;
    free(gc->gray);
    free(gc->roots);
    gc->gray = NULL;
    gc->roots = NULL;
    gc->gray_count = gc->gray_cap = gc->roots_count = gc->roots_cap = 0;
}
