/* code.h: code objects, the compiler's output and the VM's input.
 *
 * A code object is immutable once built. Its frame needs
 *   nlocals + ncellvars + nfreevars + stacksize   Value slots:
 *
 *   slots: [ locals (params first) | cells | frees | value stack ... ]
 *
 * Parameters occupy the first local slots in order: positional (the first
 * posonlyargcount of them positional-only), then keyword-only, then *args
 * (if CO_VARARGS), then **kwargs (if CO_VARKEYWORDS).
 * A cell variable that is also a parameter is copied from its local slot
 * into a new cell at frame entry (cell2arg).
 *
 * Line table: a run of (pc_delta u8, line_delta i8) byte pairs starting at
 * (pc 0, firstlineno); the line of pc is the line of the last pair whose
 * accumulated pc <= pc. Larger deltas are split into several pairs.
 *
 * Exception table: entries in the order the compiler closed their try
 * blocks (innermost first); the first entry with start <= pc < end wins.
 * The VM truncates the value stack to `depth`, pushes the exception and
 * jumps to `handler`.
 */
#ifndef COIL_CODE_H
#define COIL_CODE_H

#include "object.h"
#include "opcodes.h"

enum {
    CO_VARARGS = 1,
    CO_VARKEYWORDS = 2,
    CO_GENERATOR = 4,
    CO_COROUTINE = 8,
    CO_ASYNC_GENERATOR = 16,
    CO_MODULE = 32,   /* module body: locals dict is globals */
    CO_CLASS = 64,    /* class body: locals dict is the namespace */
    CO_NESTED = 128,
    CO_HASDOC = 256,  /* consts[0] is the function's docstring */
};

typedef struct {
    uint32_t start, end, handler;
    uint32_t depth;
} ExcEntry;

typedef struct ObjCode {
    Obj obj;
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *filename;
    int argcount;        /* positional parameters incl. positional-only */
    int posonlyargcount;
    int kwonlyargcount;
    int flags;           /* CO_* */
    int nlocals;
    int ncellvars;
    int nfreevars;
    int stacksize;
    int firstlineno;
    Instr *code;
    int ncode;
    Value *consts;
    int nconsts;
    ObjStr **names;      /* globals, attributes, imports */
    int nnames;
    ObjStr **varnames;   /* nlocals + ncellvars + nfreevars, in slot order */
    int *cell2arg;       /* ncellvars entries: local slot to copy, or -1 */
    uint8_t *linetable;
    int nlinetable;
    ExcEntry *exctable;
    int nexctable;
    void *cache;         /* per-instruction inline caches, owned by the VM */
} ObjCode;

#define IS_CODEOBJ(v) IS_KIND(v, OK_CODE)
#define AS_CODE(v) ((ObjCode *)AS_OBJ(v))

/* Creates an empty code object; the compiler fills in the arrays (malloc'd,
 * owned by the code object and freed with it). */
ObjCode *code_new(VM *vm);
int code_line_for_pc(const ObjCode *code, int pc);
const ExcEntry *code_find_handler(const ObjCode *code, int pc);
/* Called by the collector for OK_CODE objects. */
void code_trace(GC *gc, ObjCode *code);
void code_free(VM *vm, ObjCode *code);
/* Writes a human-readable listing (golden tests, `coil --dis`). */
void code_disassemble(VM *vm, const ObjCode *code, void *file /* FILE* */);

#endif
