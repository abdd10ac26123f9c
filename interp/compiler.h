/* compiler.h: source text to code objects (lexer -> parser -> AST ->
 * scope analysis -> bytecode). */
#ifndef COIL_COMPILER_H
#define COIL_COMPILER_H

#include "vm.h"

typedef enum {
    COMPILE_EXEC,   /* a module / script body */
    COMPILE_EVAL,   /* a single expression: the code returns its value */
    COMPILE_SINGLE, /* one interactive statement: expression values go through PRINT_EXPR */
} CompileMode;

/* Compiles src. On a syntax error returns NULL with a SyntaxError (or
 * IndentationError/TabError) pending whose attributes are filename, lineno,
 * offset, text, end_lineno, end_offset, msg. When `incomplete` is not NULL
 * and the error is only that the input ended too early (an open bracket,
 * a compound statement without its body), sets *incomplete = true instead
 * of raising (the prompt then reads a continuation line). */
ObjCode *compile_source(VM *vm, const char *src, size_t len, const char *filename, CompileMode mode,
                        bool *incomplete);

#endif
