/* scope.h: symbol tables (CPython's symtable.c rules).
 *
 * One pass over the AST builds a tree of ScopeBlocks (module, one per
 * def/lambda/class/comprehension) recording how each name is used; a second
 * pass resolves every name to LOCAL, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, FREE
 * or CELL exactly as CPython 3.11 does (class bodies do not enclose their
 * methods, except for the implicit __class__ cell). The compiler then looks
 * blocks up by their AST node and names by their (mangled) spelling.
 *
 * All memory lives in the AST arena.
 */
#ifndef COIL_SCOPE_H
#define COIL_SCOPE_H

#include <stdbool.h>

#include "ast.h"

typedef enum { BLOCK_MODULE, BLOCK_FUNCTION, BLOCK_CLASS } BlockKind;
typedef enum { COMP_NONE, COMP_LIST, COMP_SET, COMP_DICT, COMP_GENEXP } CompKind;

/* Symbol.flags */
enum {
    DEF_GLOBAL = 1 << 0,    /* global statement */
    DEF_LOCAL = 1 << 1,     /* bound (assignment, def, for target, del...) */
    DEF_PARAM = 1 << 2,     /* parameter */
    DEF_NONLOCAL = 1 << 3,  /* nonlocal statement */
    DEF_USE = 1 << 4,       /* read */
    DEF_FREE_CLASS = 1 << 5,/* free in a method, bound in the class body */
    DEF_IMPORT = 1 << 6,    /* bound by import */
    DEF_ANNOT = 1 << 7,     /* annotated */
    DEF_COMP_ITER = 1 << 8, /* comprehension iteration variable */
};
#define DEF_BOUND (DEF_LOCAL | DEF_PARAM | DEF_IMPORT)

typedef enum {
    SC_UNKNOWN = 0,
    SC_LOCAL,
    SC_GLOBAL_EXPLICIT,
    SC_GLOBAL_IMPLICIT,
    SC_FREE,
    SC_CELL,
} SymScope;

typedef struct {
    const char *name; /* mangled */
    int flags;
    SymScope scope;
} Symbol;

typedef struct {
    const char *name;
    Span span;
} Directive;

typedef struct ScopeBlock ScopeBlock;
struct ScopeBlock {
    BlockKind kind;
    CompKind comp;         /* comprehension kind (function blocks) */
    const char *name;      /* def/class name, "lambda", "listcomp"..., "top" */
    const void *node;      /* Stmt* (def/class) or Expr* (lambda/comprehension) */
    Span span;
    ScopeBlock *parent;
    ScopeBlock **children;
    int nchildren, capchildren;
    Symbol *syms;          /* in order of first appearance */
    int nsyms, capsyms;
    int *index;            /* open-addressing hash: sym index + 1, 0 = empty */
    int index_cap;
    const char **params;   /* parameters in slot order (mangled) */
    int nparams, capparams;
    Directive *directives; /* global/nonlocal statements, for error locations */
    int ndirectives, capdirectives;
    bool nested;           /* inside a function */
    bool generator;        /* contains yield / yield from (or is a genexp) */
    bool coroutine;        /* async def, await, async comprehension */
    bool varargs, varkeywords;
    bool needs_class_closure; /* class body: provide a __class__ cell */
    bool free, child_free;
    bool comp_iter_target; /* visiting a comprehension target */
    int comp_iter_expr;    /* visiting a comprehension iterable */
};

typedef struct {
    Arena *arena;
    ScopeBlock *top;
    ScopeBlock *cur;
    const char *private_name; /* innermost class name, for mangling */
    /* AST node -> block */
    const void **map_keys;
    ScopeBlock **map_vals;
    int map_cap, map_len;
    int depth;
    /* error */
    bool failed;
    bool recursion;  /* RecursionError rather than SyntaxError */
    char msg[300];
    Span loc;
} SymTable;

/* Builds and analyses the symbol table of a module. Returns false with
 * st->failed, st->msg and st->loc describing the SyntaxError (or
 * RecursionError when st->recursion). */
bool symtable_build(SymTable *st, Arena *arena, const Module *m);
/* The block of a def/class statement or a lambda/comprehension node. */
ScopeBlock *symtable_block(const SymTable *st, const void *node);
/* Symbol of a (mangled) name in a block, NULL if the block never saw it. */
const Symbol *scope_find(const ScopeBlock *b, const char *name);
SymScope scope_of(const ScopeBlock *b, const char *name);
/* CPython's private name mangling: __x in class C -> _C__x. Returns name
 * itself when nothing changes; otherwise a string in the arena. */
const char *scope_mangle(Arena *arena, const char *private_name, const char *name);

#endif
