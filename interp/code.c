/* code.c: code objects: creation, line and exception-table lookup, the
 * collector's hooks, stack effects of the instructions and the
 * disassembler behind `coil --dis`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

const char *const opcode_names[OP__COUNT] = {
#define X(name, effect) #name,
    COIL_OPCODES(X)
#undef X
};

static const int8_t opcode_effects[OP__COUNT] = {
#define X(name, effect) effect,
    COIL_OPCODES(X)
#undef X
};

int opcode_stack_effect(Opcode op, uint32_t arg, bool jump) {
    int a = (int)arg;
    switch (op) {
    case OP_BUILD_SLICE: return 1 - a;
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
    case OP_FOR_ITER: return jump ? -1 : 1;
    case OP_SEND: return jump ? -1 : 0;
    case OP_BUILD_TUPLE:
    case OP_BUILD_LIST:
    case OP_BUILD_SET:
    case OP_BUILD_STRING: return 1 - a;
    case OP_BUILD_MAP: return 1 - 2 * a;
    case OP_BUILD_CONST_KEY_MAP: return -a;
    case OP_UNPACK_SEQUENCE: return a - 1;
    case OP_UNPACK_EX: return (a & 0xff) + (a >> 8);
    case OP_FORMAT_VALUE: return (a & 4) ? -1 : 0;
    case OP_MAKE_FUNCTION:
        return -(((a & MF_DEFAULTS) ? 1 : 0) + ((a & MF_KWDEFAULTS) ? 1 : 0) + ((a & MF_ANNOTATIONS) ? 1 : 0) +
                 ((a & MF_CLOSURE) ? 1 : 0));
    case OP_CALL: return -(a + 1);
    case OP_CALL_KW: return -(a + 2);
    case OP_CALL_FUNCTION_EX: return -2 - (a & 1);
    case OP_RAISE_VARARGS: return -a;
    default: {
        int e = opcode_effects[op];
        return e == VAR ? 0 : e;
    }
    }
}

ObjCode *code_new(VM *vm) {
    ObjCode *c = (ObjCode *)gc_alloc(vm, sizeof(ObjCode), vm->t_code, OK_CODE);
    return c;
}

int code_line_for_pc(const ObjCode *code, int pc) {
    int line = code->firstlineno;
    if (pc < 0) return line;
    int cpc = 0;
    for (int i = 0; i + 1 < code->nlinetable; i += 2) {
        int npc = cpc + code->linetable[i];
        if (npc > pc) break;
        cpc = npc;
        line += (int8_t)code->linetable[i + 1];
    }
    return line;
}

const ExcEntry *code_find_handler(const ObjCode *code, int pc) {
    /* entries are disjoint and sorted by start */
    int lo = 0, hi = code->nexctable - 1;
    uint32_t p = (uint32_t)pc;
    if (pc < 0) return NULL;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const ExcEntry *e = &code->exctable[mid];
        if (p < e->start) hi = mid - 1;
        else if (p >= e->end) lo = mid + 1;
        else return e;
    }
    return NULL;
}

void code_trace(GC *gc, ObjCode *code) {
    if (code->name) gc_mark_obj(gc, (Obj *)code->name);
    if (code->qualname) gc_mark_obj(gc, (Obj *)code->qualname);
    if (code->filename) gc_mark_obj(gc, (Obj *)code->filename);
    for (int i = 0; i < code->nnames; i++)
        if (code->names[i]) gc_mark_obj(gc, (Obj *)code->names[i]);
    if (code->consts) gc_mark_values(gc, code->consts, (size_t)code->nconsts);
    int nvars = code->nlocals + code->ncellvars + code->nfreevars;
    if (code->varnames)
        for (int i = 0; i < nvars; i++)
            if (code->varnames[i]) gc_mark_obj(gc, (Obj *)code->varnames[i]);
}

void code_free(VM *vm, ObjCode *code) {
    (void)vm;
    free(code->code);
    free(code->consts);
    free(code->names);
    free(code->varnames);
    free(code->cell2arg);
    free(code->linetable);
    free(code->exctable);
    free(code->cache);
    code->code = NULL;
    code->consts = NULL;
    code->names = NULL;
    code->varnames = NULL;
    code->cell2arg = NULL;
    code->linetable = NULL;
    code->exctable = NULL;
    code->cache = NULL;
}

/* ---- disassembler ------------------------------------------------------------ */

static const char *binop_symbol(int op) {
    static const char *const syms[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
    static const char *const isyms[] = {"+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@="};
    bool inplace = (op & BINOP_INPLACE) != 0;
    op &= ~BINOP_INPLACE;
    if (op < 0 || op >= BINOP__COUNT) return "?";
    return inplace ? isyms[op] : syms[op];
}

static void print_const(VM *vm, FILE *f, Value v) {
    if (IS_CODE(v)) {
        ObjCode *c = AS_CODE(v);
        fprintf(f, "<code object %s, line %d>", c->name ? c->name->data : "?", c->firstlineno);
        return;
    }
    Value r = vm_repr(vm, v);
    if (IS_NULL(r) || !IS_STR(r)) {
        vm_clear_exc(vm);
        fprintf(f, "<const>");
        return;
    }
    fwrite(AS_STR(r)->data, 1, (size_t)AS_STR(r)->len, f);
}

static bool is_jump(Opcode op) {
    switch (op) {
    case OP_JUMP:
    case OP_POP_JUMP_IF_FALSE:
    case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE:
    case OP_POP_JUMP_IF_NOT_NONE:
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP:
    case OP_FOR_ITER:
    case OP_SEND: return true;
    default: return false;
    }
}

static void disassemble_one(VM *vm, const ObjCode *code, FILE *f) {
    fprintf(f, "Disassembly of %s (%s, line %d):\n", code->qualname ? code->qualname->data : "?",
            code->filename ? code->filename->data : "?", code->firstlineno);
    fprintf(f, "  argcount %d, posonly %d, kwonly %d, locals %d, cells %d, frees %d, stacksize %d, flags 0x%x\n",
            code->argcount, code->posonlyargcount, code->kwonlyargcount, code->nlocals, code->ncellvars,
            code->nfreevars, code->stacksize, code->flags);
    bool *target = calloc((size_t)(code->ncode + 1), sizeof(bool));
    for (int i = 0; i < code->ncode; i++) {
        Opcode op = INSTR_OP(code->code[i]);
        if (is_jump(op) && INSTR_ARG(code->code[i]) <= (uint32_t)code->ncode) target[INSTR_ARG(code->code[i])] = true;
    }
    for (int i = 0; i < code->nexctable; i++)
        if (code->exctable[i].handler <= (uint32_t)code->ncode) target[code->exctable[i].handler] = true;
    int prev_line = -1;
    /* walk the line table alongside the instructions */
    int lt_pos = 0, lt_pc = 0, lt_line = code->firstlineno;
    for (int i = 0; i < code->ncode; i++) {
        Instr in = code->code[i];
        Opcode op = INSTR_OP(in);
        uint32_t arg = INSTR_ARG(in);
        while (lt_pos + 1 < code->nlinetable && lt_pc + code->linetable[lt_pos] <= i) {
            lt_pc += code->linetable[lt_pos];
            lt_line += (int8_t)code->linetable[lt_pos + 1];
            lt_pos += 2;
        }
        int line = lt_line;
        if (line != prev_line) {
            if (i > 0) fputc('\n', f);
            fprintf(f, "%4d ", line);
            prev_line = line;
        } else {
            fprintf(f, "     ");
        }
        char *lb = NULL;
        size_t lbn = 0;
        FILE *out = f;
        f = open_memstream(&lb, &lbn);
        fprintf(f, "%s %5d %-22s", target[i] ? ">>" : "  ", i, op < OP__COUNT ? opcode_names[op] : "???");
        int nvars = code->nlocals + code->ncellvars + code->nfreevars;
        switch (op) {
        case OP_LOAD_CONST:
            fprintf(f, " %5u (", arg);
            if ((int)arg < code->nconsts) print_const(vm, f, code->consts[arg]);
            fputc(')', f);
            break;
        case OP_LOAD_SMALL_INT: fprintf(f, " %5lld", (long long)arg - SMALL_INT_BIAS); break;
        case OP_LOAD_GLOBAL:
        case OP_STORE_GLOBAL:
        case OP_DELETE_GLOBAL:
        case OP_LOAD_NAME:
        case OP_STORE_NAME:
        case OP_DELETE_NAME:
        case OP_LOAD_ATTR:
        case OP_STORE_ATTR:
        case OP_DELETE_ATTR:
        case OP_LOAD_METHOD:
        case OP_IMPORT_NAME:
        case OP_IMPORT_FROM:
            fprintf(f, " %5u (%s)", arg, (int)arg < code->nnames ? code->names[arg]->data : "?");
            break;
        case OP_LOAD_FAST:
        case OP_STORE_FAST:
        case OP_DELETE_FAST:
        case OP_LOAD_DEREF:
        case OP_STORE_DEREF:
        case OP_DELETE_DEREF:
        case OP_LOAD_CLOSURE:
        case OP_LOAD_CLASSDEREF:
            fprintf(f, " %5u (%s)", arg, (int)arg < nvars ? code->varnames[arg]->data : "?");
            break;
        case OP_COMPARE_OP: {
            static const char *const cmp[] = {"<", "<=", "==", "!=", ">", ">="};
            fprintf(f, " %5u (%s)", arg, arg < 6 ? cmp[arg] : "?");
            break;
        }
        case OP_IS_OP: fprintf(f, " %5u (%s)", arg, arg ? "is not" : "is"); break;
        case OP_CONTAINS_OP: fprintf(f, " %5u (%s)", arg, arg ? "not in" : "in"); break;
        case OP_BINARY_OP: fprintf(f, " %5u (%s)", arg, binop_symbol((int)arg)); break;
        case OP_UNPACK_EX: fprintf(f, " %5u (%u, %u)", arg, arg & 0xff, arg >> 8); break;
        case OP_FORMAT_VALUE: {
            static const char *const conv[] = {"", "str", "repr", "ascii"};
            fprintf(f, " %5u (%s%s)", arg, conv[arg & 3], (arg & 4) ? ((arg & 3) ? ", with format" : "with format") : "");
            break;
        }
        case OP_MAKE_FUNCTION:
            fprintf(f, " %5u (%s%s%s)", arg, (arg & MF_DEFAULTS) ? "defaults " : "",
                    (arg & MF_KWDEFAULTS) ? "kwdefaults " : "", (arg & MF_CLOSURE) ? "closure" : "");
            break;
        default:
            if (is_jump(op)) fprintf(f, " %5u (to %u)", arg, arg);
            else if (arg || opcode_effects[op] == VAR || op == OP_COPY || op == OP_SWAP || op == OP_YIELD_VALUE)
                fprintf(f, " %5u", arg);
            break;
        }
        fclose(f);
        f = out;
        while (lbn > 0 && lb[lbn - 1] == ' ') lbn--;
        fwrite(lb, 1, lbn, f);
        free(lb);
        fputc('\n', f);
    }
    if (code->nexctable) {
        fprintf(f, "ExceptionTable:\n");
        for (int i = 0; i < code->nexctable; i++) {
            const ExcEntry *e = &code->exctable[i];
            fprintf(f, "  %u to %u -> %u [%u]\n", e->start, e->end - 1, e->handler, e->depth);
        }
    }
    free(target);
}

void code_disassemble(VM *vm, const ObjCode *code, void *file) {
    FILE *f = file ? (FILE *)file : stdout;
    disassemble_one(vm, code, f);
    for (int i = 0; i < code->nconsts; i++) {
        if (IS_CODE(code->consts[i])) {
            fputc('\n', f);
            code_disassemble(vm, AS_CODE(code->consts[i]), f);
        }
    }
}
