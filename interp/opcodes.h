/* opcodes.h: the one list of Coil's bytecode instructions.
 *
 * An instruction is one 32-bit word (Lua style):
 *
 *   31                      8 7        0
 *   +------------------------+----------+
 *   |   arg (24 bits, u)     |  opcode  |
 *   +------------------------+----------+
 *
 * Jump targets are absolute instruction indexes. Where an instruction needs
 * two small operands they are packed into arg as documented below.
 * The list is an X-macro: the enum, the disassembler's names and the VM's
 * dispatch table are generated from it and cannot drift apart. The second
 * column is the stack effect, or VAR when it depends on arg (see
 * opcode_stack_effect in code.c, which the compiler uses to size frames).
 *
 * Stack notation: [a, b] -> [c] means b was on top before and c is after.
 * "self_or_null" is VAL_NULL when there is no self to prepend.
 *
 * Call protocol: [callable, self_or_null, arg1 .. argN] -> [result]
 *   A plain call is: <callable>; PUSH_NULL; <args>; CALL N.
 *   A method call is: <obj>; LOAD_METHOD name; <args>; CALL N, where
 *   LOAD_METHOD leaves [func, obj] for a plain function found on the type
 *   (no bound method is allocated) or [attr, NULL] otherwise.
 */
#ifndef COIL_OPCODES_H
#define COIL_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#define VAR 99

#define COIL_OPCODES(X)                                                               \
    /* ---- stack ---- */                                                             \
    X(NOP, 0)                                                                         \
    X(POP_TOP, -1)             /* [a] -> [] */                                        \
    X(PUSH_NULL, 1)            /* [] -> [NULL] */                                     \
    X(COPY, 1)                 /* arg=n>=1: push a copy of the n-th item from top */  \
    X(SWAP, 0)                 /* arg=n>=2: swap top with the n-th item */            \
    X(LOAD_CONST, 1)           /* push consts[arg] */                                 \
    X(LOAD_SMALL_INT, 1)       /* push arg - (1<<23) as int */                        \
    X(LOAD_NONE, 1)                                                                   \
    X(LOAD_TRUE, 1)                                                                   \
    X(LOAD_FALSE, 1)                                                                  \
    /* ---- names ---- */                                                             \
    X(LOAD_FAST, 1)            /* slot arg; unbound -> UnboundLocalError */           \
    X(STORE_FAST, -1)                                                                 \
    X(DELETE_FAST, 0)                                                                 \
    X(LOAD_DEREF, 1)           /* cell in slot arg (cells and frees follow locals) */ \
    X(STORE_DEREF, -1)                                                                \
    X(DELETE_DEREF, 0)                                                                \
    X(LOAD_CLOSURE, 1)         /* push the cell object in slot arg itself */          \
    X(LOAD_CLASSDEREF, 1)      /* class body: locals dict first, then cell arg */     \
    X(LOAD_GLOBAL, 1)          /* names[arg]: globals, then builtins */               \
    X(STORE_GLOBAL, -1)                                                               \
    X(DELETE_GLOBAL, 0)                                                               \
    X(LOAD_NAME, 1)            /* names[arg]: locals dict, globals, builtins */       \
    X(STORE_NAME, -1)                                                                 \
    X(DELETE_NAME, 0)                                                                 \
    /* ---- attributes and items ---- */                                              \
    X(LOAD_ATTR, 0)            /* [obj] -> [obj.names[arg]] */                        \
    X(STORE_ATTR, -2)          /* [value, obj] -> []: obj.names[arg] = value */       \
    X(DELETE_ATTR, -1)         /* [obj] -> [] */                                      \
    X(LOAD_METHOD, 1)          /* [obj] -> [func, obj] or [attr, NULL] */             \
    X(BINARY_SUBSCR, -1)       /* [obj, key] -> [obj[key]] */                         \
    X(STORE_SUBSCR, -3)        /* [value, obj, key] -> [] */                          \
    X(DELETE_SUBSCR, -2)       /* [obj, key] -> [] */                                 \
    X(BUILD_SLICE, VAR)        /* arg=2: [a,b] -> [slice(a,b)]; arg=3: [a,b,c] */     \
    /* ---- operators ---- */                                                         \
    X(BINARY_OP, -1)           /* arg = BinOp (below); inplace ops have own codes */  \
    X(UNARY_NEGATIVE, 0)                                                              \
    X(UNARY_POSITIVE, 0)                                                              \
    X(UNARY_INVERT, 0)                                                                \
    X(UNARY_NOT, 0)                                                                   \
    X(COMPARE_OP, -1)          /* arg = CmpOp (below) */                              \
    X(IS_OP, -1)               /* arg=1 for `is not` */                               \
    X(CONTAINS_OP, -1)         /* [item, container]; arg=1 for `not in` */            \
    /* ---- control flow ---- */                                                      \
    X(JUMP, 0)                 /* to arg (backward jumps are GC safe points) */       \
    X(POP_JUMP_IF_FALSE, -1)                                                          \
    X(POP_JUMP_IF_TRUE, -1)                                                           \
    X(POP_JUMP_IF_NONE, -1)                                                           \
    X(POP_JUMP_IF_NOT_NONE, -1)                                                       \
    X(JUMP_IF_FALSE_OR_POP, VAR) /* keep TOS and jump if false, else pop */           \
    X(JUMP_IF_TRUE_OR_POP, VAR)                                                       \
    X(GET_ITER, 0)             /* [obj] -> [iter(obj)] */                             \
    X(FOR_ITER, VAR)           /* [it] -> [it, next] or pop it and jump to arg */     \
    X(RETURN_VALUE, -1)                                                               \
    /* ---- building ---- */                                                          \
    X(BUILD_TUPLE, VAR)        /* arg items -> tuple */                               \
    X(BUILD_LIST, VAR)                                                                \
    X(BUILD_SET, VAR)                                                                 \
    X(BUILD_MAP, VAR)          /* arg key/value pairs -> dict */                      \
    X(BUILD_CONST_KEY_MAP, VAR)/* [v1..vn, keys_tuple] -> dict */                     \
    X(BUILD_STRING, VAR)       /* concatenate arg str items (f-strings) */            \
    /* As CPython 3.11: with v on top, the container is the (arg+1)-th item   */ \
    /* from the top (MAP_ADD: k, v on top, the dict is the (arg+2)-th).       */ \
    X(LIST_APPEND, -1)         /* pops v, appends to the list */                      \
    X(SET_ADD, -1)                                                                    \
    X(MAP_ADD, -2)                                                                    \
    X(LIST_EXTEND, -1)         /* pops an iterable, extends the list */               \
    X(SET_UPDATE, -1)                                                                 \
    X(DICT_UPDATE, -1)         /* {**x}: TypeError if x is not a mapping */           \
    X(DICT_MERGE, -1)          /* f(**x): TypeError on duplicate keyword */           \
    X(LIST_TO_TUPLE, 0)                                                               \
    X(UNPACK_SEQUENCE, VAR)    /* [seq] -> [item_n-1 .. item_0]  (item_0 on top) */   \
    X(UNPACK_EX, VAR)          /* arg = before | after << 8: a, *b, c = seq */        \
    X(FORMAT_VALUE, VAR)       /* arg&3: 0 none,1 str,2 repr,3 ascii; arg&4: spec */  \
    /* ---- functions and calls ---- */                                               \
    X(MAKE_FUNCTION, VAR)      /* [defaults?, kwdefaults?, annotations?, closure?, code] */ \
    X(CALL, VAR)               /* [callable, self_or_null, args*arg] -> [result] */   \
    X(CALL_KW, VAR)            /* [callable, self_or_null, args*arg, kwnames] */      \
    X(CALL_FUNCTION_EX, VAR)   /* [callable, self_or_null, tuple, dict if arg&1] */   \
    X(LOAD_BUILD_CLASS, 1)                                                            \
    X(SETUP_ANNOTATIONS, 0)                                                           \
    X(PRINT_EXPR, -1)          /* REPL: echo repr of a non-None TOS, bind _ */       \
    X(IMPORT_NAME, 0)          /* [fromlist] -> [module]; names[arg] */               \
    X(IMPORT_FROM, 1)          /* [module] -> [module, module.names[arg]] */          \
    X(IMPORT_STAR, -1)                                                                \
    /* ---- exceptions ---- */                                                        \
    X(RAISE_VARARGS, VAR)      /* 0: bare raise; 1: [exc]; 2: [exc, cause] */         \
    X(RERAISE, -1)             /* [exc] -> re-raised, traceback untouched */          \
    X(PUSH_EXC_INFO, 1)        /* [exc] -> [prev_handled, exc]; handled = exc */      \
    X(POP_EXCEPT, -1)          /* [prev_handled] -> []; handled = prev_handled */     \
    X(CHECK_EXC_MATCH, 0)      /* [exc, type] -> [exc, bool] */                       \
    X(LOAD_ASSERTION_ERROR, 1)                                                        \
    X(BEFORE_WITH, 1)          /* [mgr] -> [bound __exit__, mgr.__enter__()] */       \
    X(WITH_EXCEPT_START, 1)    /* [exit, prev, exc] -> [exit, prev, exc, res] */      \
    /* ---- generators and async (see gen.c) ---- */                                  \
    X(RETURN_GENERATOR, 0)     /* first instruction of generator code */             \
    X(YIELD_VALUE, 0)          /* [v] -> [sent] */                                    \
    X(GET_YIELD_FROM_ITER, 0)                                                         \
    X(SEND, 0)                 /* [sub, v] -> [sub, yielded] or [result] + jump arg */\
    X(GET_AWAITABLE, 0)                                                               \
    X(GET_AITER, 0)                                                                   \
    X(GET_ANEXT, 1)                                                                   \
    X(END_ASYNC_FOR, -2)                                                              \
    X(BEFORE_ASYNC_WITH, 1)    /* [mgr] -> [bound __aexit__, awaitable __aenter__] */ \
    X(ASYNC_GEN_WRAP, 0)                                                              \
    X(CLEANUP_THROW, -1)                                                              \
    /* ---- except* (exc_group.c) ---- */                                             \
    X(CHECK_EG_MATCH, 0)       /* [rest, type] -> [rest', match or None] */           \
    X(PREP_RERAISE_STAR, -1)   /* [orig, list] -> [exception to raise, or None] */

typedef enum {
#define X(name, effect) OP_##name,
    COIL_OPCODES(X)
#undef X
    OP__COUNT
} Opcode;

/* BINARY_OP arg: the in-place forms are the plain value + BINOP_INPLACE. */
typedef enum {
    BINOP_ADD, BINOP_SUB, BINOP_MUL, BINOP_TRUEDIV, BINOP_FLOORDIV, BINOP_MOD,
    BINOP_POW, BINOP_LSHIFT, BINOP_RSHIFT, BINOP_AND, BINOP_OR, BINOP_XOR,
    BINOP_MATMUL,
    BINOP__COUNT,
    BINOP_INPLACE = 16
} BinOp;

typedef enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE } CmpOp;

/* MAKE_FUNCTION arg bits */
enum { MF_DEFAULTS = 1, MF_KWDEFAULTS = 2, MF_ANNOTATIONS = 4, MF_CLOSURE = 8 };

typedef uint32_t Instr;
#define INSTR_OP(i) ((Opcode)((i) & 0xff))
#define INSTR_ARG(i) ((uint32_t)(i) >> 8)
#define MAKE_INSTR(op, arg) ((Instr)(((uint32_t)(arg) << 8) | ((uint32_t)(op) & 0xff)))
#define INSTR_ARG_MAX 0xffffff
#define SMALL_INT_BIAS (1 << 23)

extern const char *const opcode_names[OP__COUNT];
/* Stack effect of (op, arg); `jump` selects the effect when the branch is
 * taken for instructions whose two paths differ (FOR_ITER, JUMP_IF_*). */
int opcode_stack_effect(Opcode op, uint32_t arg, bool jump);

#endif
