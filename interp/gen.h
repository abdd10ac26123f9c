/* gen.h: generators, coroutines and async generators.
 *
 * All three embed a heap frame created at call time (the body does not run
 * until the first resume). Resuming links the frame into the running chain;
 * YIELD_VALUE unlinks it again, so no C stack survives a suspension. When a
 * frame awaits (SEND) another native coroutine or generator, the sub-frame
 * is pushed onto the chain in the same dispatch loop; its yields pass back
 * through each delegating frame as ordinary YIELD_VALUEs.
 */
#ifndef COIL_GEN_H
#define COIL_GEN_H

#include "func.h"
#include "vm.h"

typedef enum { GEN_GENERATOR, GEN_COROUTINE, GEN_ASYNC_GENERATOR } GenKind;
typedef enum { GEN_RETURN, GEN_YIELD, GEN_ERROR } GenResult;
typedef enum { RESUME_SEND, RESUME_THROW, RESUME_NOPUSH } ResumeMode;

typedef struct ObjGen {
    Obj obj;
    Frame *frame;         /* NULL once finished */
    ObjStr *name;
    ObjStr *qualname;
    ObjCode *code;
    ExcInfo exc_info;     /* the generator's own "exception being handled" */
    uint8_t gkind;        /* GenKind */
    bool running;
    bool started;
    bool closed_async;    /* async generator: aclose() finished it */
    bool hooks_called;
    int ag_running;       /* async generator: an asend/athrow is in flight */
    Obj *ag_loop;         /* async generator: the event loop whose `_asyncgens`
                           * registry holds it (CPython's firstiter hook), so
                           * that loop.shutdown_asyncgens() can aclose() it */
} ObjGen;

#define IS_GEN(v) IS_KIND(v, OK_GENERATOR)
#define AS_GEN(v) ((ObjGen *)AS_OBJ(v))

void gen_init_types(VM *vm);
/* Resumes a suspended generator frame. RESUME_SEND pushes `v` as the value
 * of the paused yield; RESUME_THROW raises `v` at the paused point. */
GenResult gen_resume(VM *vm, ObjGen *g, Value v, ResumeMode mode, Value *out);
/* gen.send(v): returns the yielded value; on return raises StopIteration
 * (value) and returns VAL_NULL; *returned tells which. */
Value gen_send(VM *vm, ObjGen *g, Value v, bool *returned);
/* gen.throw(exc) with PEP 380 delegation. */
GenResult gen_throw(VM *vm, ObjGen *g, Value exc, Value *out);
/* Marks a generator finished and releases its frame. */
void gen_finish(VM *vm, ObjGen *g);
/* What a suspended generator delegates to (yield from/await), or VAL_NULL. */
Value gen_delegate(ObjGen *g);
/* The StopIteration of a finished coroutine/generator: value extraction */
Value gen_stop_value(VM *vm, Value exc);

#endif
