/* compiler_impl.h: internals shared by compiler.c, compiler_expr.c and
 * compiler_stmt.c.
 *
 * Each code object being built is a Unit. Instructions are emitted into a
 * growable array with their line and the exception handler that protects
 * them (the top of the unit's handler stack at emission time); jumps name
 * labels, resolved when the unit is assembled. The stack depth is tracked
 * as instructions are emitted (handler entries need the depth at the
 * `try`), and verified by a flow analysis at assembly, which also removes
 * unreachable code and jumps to the next instruction.
 */
#ifndef COIL_COMPILER_IMPL_H
#define COIL_COMPILER_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "code.h"
#include "compiler.h"
#include "scope.h"
#include "vm.h"

typedef enum {
    US_MODULE,
    US_CLASS,
    US_FUNCTION,
    US_ASYNC_FUNCTION,
    US_LAMBDA,
    US_COMPREHENSION,
} UnitScope;

typedef struct {
    uint8_t op;
    uint32_t arg;  /* label id for jumps, cell/free index for deref ops */
    int line;
    int handler;   /* index into Unit.handlers, -1 if unprotected */
} CInstr;

typedef struct {
    int label;
    int depth;     /* stack depth the VM truncates to */
} Handler;

typedef enum {
    FB_WHILE_LOOP,
    FB_FOR_LOOP,
    FB_ASYNC_FOR_LOOP,
    FB_TRY_EXCEPT,
    FB_FINALLY_TRY,
    FB_FINALLY_END,
    FB_WITH,
    FB_ASYNC_WITH,
    FB_HANDLER_CLEANUP,
    FB_EXCEPTION_HANDLER,
    FB_EXCEPTION_GROUP_HANDLER, /* an except* clause: no break/continue/return out of it */
    FB_POP_VALUE,
} FBlockKind;

typedef struct {
    FBlockKind kind;
    int block_label;   /* loops: continue target */
    int exit_label;    /* loops: break target */
    const StmtList *finalbody; /* FINALLY_TRY */
    const char *name;  /* HANDLER_CLEANUP: the `as` name, or NULL */
    const Stmt *stmt;  /* WITH: the statement (line of the exit call) */
    int nhandlers;     /* handler-stack entries this block owns */
} FBlock;

typedef struct Unit Unit;
struct Unit {
    Unit *parent;
    ScopeBlock *ste;
    UnitScope scope;
    const char *name;       /* arena string */
    const char *qualname;   /* arena string */
    const char *private_name; /* class name for mangling, or NULL */
    bool interactive;       /* module in COMPILE_SINGLE: PRINT_EXPR */

    CInstr *code;
    int ncode, capcode;
    int *labels;            /* label -> instruction index, -1 unbound */
    int *label_depth;       /* stack depth at the label, -1 unknown */
    int nlabels, caplabels;
    Handler *handlers;
    int nhandlers, caphandlers;
    int *hstack;            /* active handler indexes */
    int nhstack, caphstack;
    FBlock fblocks[64];
    int nfblocks;

    Value *consts;
    int nconsts, capconsts;
    int *const_index;       /* hash -> const index + 1 */
    int const_index_cap;
    ObjStr **names;
    int nnames, capnames;
    int *name_index;
    int name_index_cap;
    const char **locals;    /* local slot names (params first) */
    int nlocals, caplocals;
    int *local_index;
    int local_index_cap;
    const char **cells;     /* sorted */
    int ncells;
    const char **frees;     /* sorted */
    int nfrees;
    int *cell2arg;

    int argcount, posonlyargcount, kwonlyargcount;
    int flags;
    int firstlineno;

    /* current location */
    int line;
    Span loc;

    /* stack depth tracking */
    int depth, maxdepth;
    bool reachable;
};

typedef struct {
    VM *vm;
    Arena *arena;
    const char *src;
    size_t srclen;
    const char *filename;
    ObjStr *filename_str;
    CompileMode mode;
    SymTable st;
    Unit *u;
    bool failed;
    int nest_depth;        /* recursion guard */
    int future_annotations; /* -1 unknown, 0, 1 */
    char **warnings;       /* SyntaxWarning texts, printed after compiling */
    int nwarnings, capwarnings;
    const StmtList *module_body;
    int future_prefix;      /* module statements that may be future imports */
} Compiler;

/* ---- compiler.c ---------------------------------------------------------- */
void cc_error(Compiler *c, Span loc, const char *fmt, ...);
void cc_recursion_error(Compiler *c);
/* A compile-time SyntaxWarning at the current line (CPython's format). */
void cc_warn(Compiler *c, const char *fmt, ...);
bool cc_enter(Compiler *c);  /* recursion guard: false (with error) if too deep */
void cc_leave(Compiler *c);

int cc_new_label(Compiler *c);
void cc_bind(Compiler *c, int label);
void cc_emit(Compiler *c, Opcode op, uint32_t arg);
void cc_emit_jump(Compiler *c, Opcode op, int label);
static inline void cc_op(Compiler *c, Opcode op) { cc_emit(c, op, 0); }
/* Sets the current stack depth explicitly (handler entries). */
void cc_set_depth(Compiler *c, int depth);

void cc_push_handler(Compiler *c, int label, int depth);
void cc_pop_handler(Compiler *c);
void cc_push_fblock(Compiler *c, FBlock fb);
void cc_pop_fblock(Compiler *c);

int cc_add_const(Compiler *c, Value v);
void cc_load_const(Compiler *c, Value v); /* picks LOAD_NONE/SMALL_INT/... */
int cc_add_name(Compiler *c, const char *name);   /* interned; not mangled */
const char *cc_mangle(Compiler *c, const char *name);
ObjStr *cc_str(Compiler *c, const char *s, size_t len); /* interned if identifier-like */

typedef enum { NAME_LOAD, NAME_STORE, NAME_DEL } NameCtx;
void cc_nameop(Compiler *c, const char *name, NameCtx ctx);
/* LOAD_CLOSURE for a name in the current unit (cell or free). */
void cc_load_closure(Compiler *c, const char *name);

/* Units */
Unit *cc_enter_unit(Compiler *c, const char *name, UnitScope scope, const void *node, int firstlineno);
ObjCode *cc_exit_unit(Compiler *c);
/* Emits MAKE_FUNCTION for code (closure from the current unit) with the
 * given flags for defaults already pushed. */
void cc_make_closure(Compiler *c, ObjCode *code, int flags);

/* ---- compiler_expr.c ----------------------------------------------------- */
void cc_expr(Compiler *c, const Expr *e);
/* jumps to label when truthiness(e) == cond */
void cc_jump_if(Compiler *c, const Expr *e, int label, bool cond);
void cc_store_target(Compiler *c, const Expr *e);
void cc_delete_target(Compiler *c, const Expr *e);
/* Compile-time constant of an expression (folded), VAL_NULL if none. */
Value cc_try_const(Compiler *c, const Expr *e);
/* Call helper: `pushed` values already on the stack as first positionals. */
void cc_call_helper(Compiler *c, int pushed, ExprList args, const Keyword *kws, int nkws, Span loc);
void cc_send_loop(Compiler *c); /* LOAD_NONE; SEND loop */
/* `in` operands and `for` iterables: list display -> tuple, constant set
 * -> frozenset (as CPython's AST optimizer). */
void cc_iter_operand(Compiler *c, const Expr *e);
void cc_lambda(Compiler *c, const Expr *e);
/* Pushes a function's defaults/kwdefaults; returns MAKE_FUNCTION flags. */
int cc_default_arguments(Compiler *c, const Arguments *a);
bool cc_is_docstring(const StmtList *body);
Value cc_str_const(Compiler *c, const Expr *e);

/* ---- compiler_stmt.c ----------------------------------------------------- */
void cc_stmt(Compiler *c, const Stmt *s);
void cc_stmts(Compiler *c, const StmtList *l);
bool cc_find_annotations(const StmtList *l);

/* The prompt compiles top-level await (the input becomes a coroutine). */
static inline bool cc_top_level_await(Compiler *c) { return c->mode == COMPILE_SINGLE && c->u->scope == US_MODULE; }

static inline void cc_set_loc(Compiler *c, Span loc) {
    c->u->loc = loc;
    c->u->line = loc.line;
}

#endif
