/* func.h: Coil functions and the heap frames they run in.
 *
 * A Frame is plain malloc'd memory (not a GC object): the collector reaches
 * frames through vm->frame (the running chain) and through the generator
 * or coroutine that owns a parked frame. Slots follow code.h's layout,
 *   [ locals | cells | frees | value stack ]
 * and are initialised to VAL_NULL, so the collector can scan the whole
 * array without knowing the stack top: a popped slot keeps an object alive
 * a little longer, never a dangling one.
 */
#ifndef COIL_FUNC_H
#define COIL_FUNC_H

#include "vm.h"

typedef struct {
    Obj obj;
    ObjCode *code;
    ObjDict *globals;
    ObjTuple *defaults;   /* NULL: none */
    ObjDict *kwdefaults;  /* NULL: none */
    ObjTuple *closure;    /* cells for the code's free variables, or NULL */
    ObjStr *name;
    ObjStr *qualname;
    ObjDict *dict;        /* function attributes, created on first store */
    Value module;         /* __module__ */
    Value doc;            /* __doc__ */
} ObjFunction;

#define AS_FUNCTION(v) ((ObjFunction *)AS_OBJ(v))

enum {
    FRAME_ENTRY = 1,   /* entered from C: returning leaves the dispatch loop */
    FRAME_INIT = 2,    /* __init__ run by a class call: result is slots[0] */
    FRAME_OWNED = 4,   /* belongs to a generator/coroutine: not freed on return */
    FRAME_THROW = 8,   /* resume by raising vm->exc at the paused point */
};

struct Frame {
    Frame *prev;          /* caller, NULL at the bottom of a chain */
    ObjCode *code;
    ObjFunction *func;    /* NULL for module code run directly */
    ObjDict *globals;
    ObjDict *builtins;
    ObjDict *locals;      /* module and class bodies: LOAD_NAME's dict */
    Instr *ip;            /* next instruction when not running */
    Value *sp;            /* stack top when parked */
    Obj *owner;           /* generator/coroutine owning the frame, or NULL */
    int flags;            /* FRAME_* */
    int nslots;
    Value slots[];
};

ObjFunction *func_new(VM *vm, ObjCode *code, ObjDict *globals);
/* A frame sized for code, slots cleared; free with frame_free. */
Frame *frame_new(VM *vm, ObjCode *code, ObjFunction *func, ObjDict *globals);
void frame_free(VM *vm, Frame *f);
void frame_trace(GC *gc, Frame *f);
/* Binds a call's arguments into a fresh frame's slots and creates cells,
 * with CPython's TypeError messages. */
bool func_bind_args(VM *vm, ObjFunction *fn, Frame *f, Value *args, int nargs, ObjTuple *kwnames);
void func_init_type(VM *vm);

/* Runs a frame in a nested dispatch loop until it returns (vm.c). */
Value vm_run_frame(VM *vm, Frame *f);
/* Runs a class body function with ns as its locals (used by __build_class__). */
Value vm_run_class_body(VM *vm, ObjFunction *body, ObjDict *ns);
/* Appends a traceback entry (code, line) to an exception. */
void exc_add_traceback(VM *vm, Value exc, ObjCode *code, int line);

#endif
