/* compiler.c: the compiler's entry point and machinery: syntax errors,
 * instruction emission with labels, exception handlers and stack-depth
 * tracking, code units (one per code object), constant and name tables,
 * and assembly (flow analysis, dead-code removal, line and exception
 * tables) into ObjCode.
 *
 * Statement and expression compilation live in compiler_stmt.c and
 * compiler_expr.c; scope analysis in scope.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "compiler_impl.h"
#include "exception.h"
#include "int.h"
#include "str.h"
#include "vm_impl.h"

#define COMPILER_MAX_DEPTH 3000

/* ---- errors ----------------------------------------------------------------- */

/* The text of source line `line` (1-based) including its "\n". */
static Value source_line(VM *vm, const char *src, size_t len, int line) {
    if (line <= 0 || !src) return VAL_NONE;
    size_t i = 0;
    int cur = 1;
    while (cur < line && i < len) {
        if (src[i] == '\n') cur++;
        else if (src[i] == '\r') {
            cur++;
            if (i + 1 < len && src[i + 1] == '\n') i++;
        }
        i++;
    }
    if (cur < line) return VAL_NONE;
    size_t start = i;
    while (i < len && src[i] != '\n' && src[i] != '\r') i++;
    size_t n = i - start;
    bool nl = i < len; /* the line is terminated in the source */
    char *buf = malloc(n + 2);
    memcpy(buf, src + start, n);
    buf[n] = '\n';
    ObjStr *s = str_decode_utf8(vm, buf, n + (nl ? 1 : 0), "replace");
    free(buf);
    if (!s) {
        vm_clear_exc(vm);
        return VAL_NONE;
    }
    return MAKE_OBJ(s);
}

/* end_offset == INT32_MIN: None */
static void raise_syntax_error(VM *vm, ObjType *type, const char *msg, const char *filename, int line, int offset,
                               Value text, int end_line, int end_offset) {
    Value m = MAKE_OBJ(str_from_cstr(vm, msg));
    Value fn = MAKE_OBJ(str_from_cstr(vm, filename ? filename : "<unknown>"));
    Value ln = line >= 0 ? MAKE_INT(line) : VAL_NONE;
    Value off = line >= 0 ? MAKE_INT(offset) : VAL_NONE;
    Value eln = line >= 0 && end_line >= 0 ? MAKE_INT(end_line) : VAL_NONE;
    Value eoff = line >= 0 && end_line >= 0 && end_offset != INT32_MIN ? MAKE_INT(end_offset) : VAL_NONE;
    Value details[6] = {fn, ln, off, text, eln, eoff};
    Value args[2] = {m, MAKE_OBJ(tuple_from(vm, details, 6))};
    ObjException *e = exc_new(vm, type, args, line >= 0 ? 2 : 1);
    exc_set_attr(vm, e, "msg", m);
    exc_set_attr(vm, e, "filename", fn);
    exc_set_attr(vm, e, "lineno", ln);
    exc_set_attr(vm, e, "offset", off);
    exc_set_attr(vm, e, "text", text);
    exc_set_attr(vm, e, "end_lineno", eln);
    exc_set_attr(vm, e, "end_offset", eoff);
    exc_set_attr(vm, e, "print_file_and_line", VAL_NONE);
    vm_raise_value(vm, MAKE_OBJ(e));
}

static void raise_at(Compiler *c, Span loc, const char *msg) {
    /* end_line 0: the error names a whole line (end_offset None) */
    raise_syntax_error(c->vm, c->vm->exc_SyntaxError, msg, c->filename, loc.line, loc.col + 1,
                       source_line(c->vm, c->src, c->srclen, loc.line), loc.end_line ? loc.end_line : loc.line,
                       loc.end_line ? loc.end_col + 1 : INT32_MIN);
}

void cc_error(Compiler *c, Span loc, const char *fmt, ...) {
    if (c->failed) return;
    c->failed = true;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    raise_at(c, loc, buf);
}

static void *grow_array(void *p, int n, int *cap, size_t elem);

void cc_warn(Compiler *c, const char *fmt, ...) {
    if (c->failed) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = c->u->line;
    /* "file:line: SyntaxWarning: msg" and, when the file is real, the
     * stripped source line (what warnings.showwarning prints) */
    size_t cap = strlen(msg) + strlen(c->filename) + 64;
    const char *ls = NULL;
    size_t ln = 0;
    if (c->filename[0] != '<' && line > 0) {
        size_t i = 0;
        int cur = 1;
        while (cur < line && i < c->srclen) {
            if (c->src[i] == '\n') cur++;
            i++;
        }
        while (i < c->srclen && (c->src[i] == ' ' || c->src[i] == '\t' || c->src[i] == '\f')) i++;
        size_t j = i;
        while (j < c->srclen && c->src[j] != '\n' && c->src[j] != '\r') j++;
        while (j > i && (c->src[j - 1] == ' ' || c->src[j - 1] == '\t')) j--;
        if (cur == line && j > i) {
            ls = c->src + i;
            ln = j - i;
        }
    }
    char *text = malloc(cap + ln + 8);
    int n = snprintf(text, cap, "%s:%d: SyntaxWarning: %s\n", c->filename, line, msg);
    if (ls) {
        memcpy(text + n, "  ", 2);
        memcpy(text + n + 2, ls, ln);
        text[n + 2 + ln] = '\n';
        text[n + 3 + ln] = 0;
    }
    c->warnings = grow_array(c->warnings, c->nwarnings, &c->capwarnings, sizeof(char *));
    c->warnings[c->nwarnings++] = text;
}

/* Prints the collected warnings. Writing to sys.stderr may run Coil code
 * (and the collector), so this happens after compiling, with the result
 * rooted and any pending SyntaxError kept aside. */
static void flush_warnings(Compiler *c, ObjCode *code) {
    VM *vm = c->vm;
    if (!c->nwarnings) return;
    if (code) gc_push_root(vm, MAKE_OBJ(code));
    Value pending = vm_take_exc(vm);
    if (!IS_NULL(pending)) gc_push_root(vm, pending);
    sys_flush(vm, false);
    for (int i = 0; i < c->nwarnings; i++) {
        ObjStr *s = str_decode_utf8(vm, c->warnings[i], strlen(c->warnings[i]), "replace");
        if (!s || !sys_write(vm, true, s)) vm_clear_exc(vm);
        free(c->warnings[i]);
    }
    free(c->warnings);
    c->warnings = NULL;
    c->nwarnings = 0;
    if (vm_has_exc(vm)) vm_clear_exc(vm);
    if (!IS_NULL(pending)) {
        gc_pop_roots(vm, 1);
        vm->exc = pending;
    }
    if (code) gc_pop_roots(vm, 1);
}

void cc_recursion_error(Compiler *c) {
    if (c->failed) return;
    c->failed = true;
    vm_raise(c->vm, c->vm->exc_RecursionError, "maximum recursion depth exceeded during compilation");
}

bool cc_enter(Compiler *c) {
    if (c->failed) return false;
    if (++c->nest_depth > COMPILER_MAX_DEPTH) {
        c->nest_depth--;
        cc_recursion_error(c);
        return false;
    }
    return true;
}

void cc_leave(Compiler *c) { c->nest_depth--; }

static void internal_error(Compiler *c, const char *what) {
    if (c->failed) return;
    c->failed = true;
    vm_raise(c->vm, c->vm->exc_SystemError, "compiler: %s", what);
}

/* ---- growable arrays ---------------------------------------------------------- */

static void *grow_array(void *p, int n, int *cap, size_t elem) {
    if (n < *cap) return p;
    int nc = *cap ? *cap * 2 : 16;
    while (nc <= n) nc *= 2;
    p = realloc(p, elem * (size_t)nc);
    if (!p) {
        fprintf(stderr, "coil: out of memory\n");
        abort();
    }
    *cap = nc;
    return p;
}

/* ---- emission ------------------------------------------------------------------ */

static bool is_jump_op(int op) {
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

static bool is_terminator(int op) {
    return op == OP_JUMP || op == OP_RETURN_VALUE || op == OP_RERAISE || op == OP_RAISE_VARARGS;
}

static bool is_deref_op(int op) {
    return op == OP_LOAD_DEREF || op == OP_STORE_DEREF || op == OP_DELETE_DEREF || op == OP_LOAD_CLOSURE ||
           op == OP_LOAD_CLASSDEREF;
}

int cc_new_label(Compiler *c) {
    Unit *u = c->u;
    if (u->nlabels >= u->caplabels) {
        int cap = u->caplabels;
        u->labels = grow_array(u->labels, u->nlabels, &cap, sizeof(int));
        u->label_depth = realloc(u->label_depth, sizeof(int) * (size_t)cap);
        u->caplabels = cap;
    }
    u->labels[u->nlabels] = -1;
    u->label_depth[u->nlabels] = -1;
    return u->nlabels++;
}

void cc_bind(Compiler *c, int label) {
    Unit *u = c->u;
    u->labels[label] = u->ncode;
    if (u->label_depth[label] >= 0) {
        u->depth = u->label_depth[label];
        u->reachable = true;
    } else if (u->reachable) {
        u->label_depth[label] = u->depth;
    }
}

void cc_set_depth(Compiler *c, int depth) {
    c->u->depth = depth;
    if (depth > c->u->maxdepth) c->u->maxdepth = depth;
    c->u->reachable = true;
}

static CInstr *append(Compiler *c, Opcode op, uint32_t arg) {
    Unit *u = c->u;
    u->code = grow_array(u->code, u->ncode, &u->capcode, sizeof(CInstr));
    CInstr *in = &u->code[u->ncode++];
    in->op = (uint8_t)op;
    in->arg = arg;
    in->line = u->line;
    in->handler = u->nhstack ? u->hstack[u->nhstack - 1] : -1;
    return in;
}

static void track(Unit *u, Opcode op, uint32_t arg) {
    u->depth += opcode_stack_effect(op, arg, false);
    if (u->depth > u->maxdepth) u->maxdepth = u->depth;
    if (is_terminator(op)) u->reachable = false;
}

void cc_emit(Compiler *c, Opcode op, uint32_t arg) {
    if (arg > INSTR_ARG_MAX) {
        cc_error(c, c->u->loc, "too many constants or names in one code object");
        arg = 0;
    }
    append(c, op, arg);
    track(c->u, op, arg);
}

void cc_emit_jump(Compiler *c, Opcode op, int label) {
    Unit *u = c->u;
    append(c, op, (uint32_t)label);
    if (u->reachable && u->label_depth[label] < 0)
        u->label_depth[label] = u->depth + opcode_stack_effect(op, 0, true);
    track(u, op, 0);
}

void cc_push_handler(Compiler *c, int label, int depth) {
    Unit *u = c->u;
    u->handlers = grow_array(u->handlers, u->nhandlers, &u->caphandlers, sizeof(Handler));
    u->handlers[u->nhandlers].label = label;
    u->handlers[u->nhandlers].depth = depth;
    u->hstack = grow_array(u->hstack, u->nhstack, &u->caphstack, sizeof(int));
    u->hstack[u->nhstack++] = u->nhandlers;
    u->nhandlers++;
    if (u->label_depth[label] < 0) u->label_depth[label] = depth + 1;
}

void cc_pop_handler(Compiler *c) {
    if (c->u->nhstack > 0) c->u->nhstack--;
}

void cc_push_fblock(Compiler *c, FBlock fb) {
    Unit *u = c->u;
    if (u->nfblocks >= 20) { /* CPython's CO_MAXBLOCKS */
        cc_error(c, u->loc, "too many statically nested blocks");
        return;
    }
    u->fblocks[u->nfblocks++] = fb;
}

void cc_pop_fblock(Compiler *c) {
    if (c->u->nfblocks > 0) c->u->nfblocks--;
}

/* ---- constants ------------------------------------------------------------------ */

static uint64_t hash_bytes(const void *p, size_t n, uint64_t h) {
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Hash for constant deduplication; 0 means "never deduplicate". */
static uint64_t const_hash(Value v) {
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)v.tag;
    switch (v.tag) {
    case VT_NONE: return h;
    case VT_BOOL:
    case VT_INT:
    case VT_FLOAT: return hash_bytes(&v.as.i, sizeof v.as.i, h) | 1;
    case VT_OBJ: {
        Obj *o = AS_OBJ(v);
        switch (o->kind) {
        case OK_STR: return hash_bytes(AS_STR(v)->data, (size_t)AS_STR(v)->len, h ^ 0x51) | 1;
        case OK_BYTES: return hash_bytes(AS_BYTES(v)->data, (size_t)AS_BYTES(v)->len, h ^ 0xb7) | 1;
        case OK_BIGINT: return (int_hash(v) ^ h ^ 0x3c) | 1;
        case OK_TUPLE: {
            ObjTuple *t = AS_TUPLE(v);
            h ^= 0x7a;
            for (int64_t i = 0; i < t->len; i++) {
                uint64_t x = const_hash(t->items[i]);
                if (!x) return 0;
                h = (h ^ x) * 1099511628211ULL;
            }
            return h | 1;
        }
        default: return 0;
        }
    }
    default: return 0;
    }
}

static bool const_equal(Value a, Value b) {
    if (a.tag != b.tag) return false;
    switch (a.tag) {
    case VT_NONE: return true;
    case VT_BOOL:
    case VT_INT:
    case VT_FLOAT: return a.as.i == b.as.i;
    case VT_OBJ: {
        Obj *x = AS_OBJ(a), *y = AS_OBJ(b);
        if (x == y) return true;
        if (x->kind != y->kind) return false;
        switch (x->kind) {
        case OK_STR:
            return AS_STR(a)->len == AS_STR(b)->len && memcmp(AS_STR(a)->data, AS_STR(b)->data, (size_t)AS_STR(a)->len) == 0;
        case OK_BYTES:
            return AS_BYTES(a)->len == AS_BYTES(b)->len &&
                   memcmp(AS_BYTES(a)->data, AS_BYTES(b)->data, (size_t)AS_BYTES(a)->len) == 0;
        case OK_BIGINT: return int_compare(a, b) == 0;
        case OK_TUPLE: {
            ObjTuple *p = AS_TUPLE(a), *q = AS_TUPLE(b);
            if (p->len != q->len) return false;
            for (int64_t i = 0; i < p->len; i++)
                if (!const_equal(p->items[i], q->items[i])) return false;
            return true;
        }
        default: return false;
        }
    }
    default: return false;
    }
}

static void const_index_insert(Unit *u, int idx, uint64_t h) {
    uint64_t mask = (uint64_t)u->const_index_cap - 1;
    uint64_t j = h & mask;
    while (u->const_index[j]) j = (j + 1) & mask;
    u->const_index[j] = idx + 1;
}

int cc_add_const(Compiler *c, Value v) {
    Unit *u = c->u;
    uint64_t h = const_hash(v);
    if (h && u->const_index_cap) {
        uint64_t mask = (uint64_t)u->const_index_cap - 1;
        for (uint64_t j = h & mask; u->const_index[j]; j = (j + 1) & mask) {
            int k = u->const_index[j] - 1;
            if (const_equal(u->consts[k], v)) return k;
        }
    }
    u->consts = grow_array(u->consts, u->nconsts, &u->capconsts, sizeof(Value));
    int idx = u->nconsts++;
    u->consts[idx] = v;
    if (h) {
        if ((u->nconsts + 1) * 2 > u->const_index_cap) {
            int nc = u->const_index_cap ? u->const_index_cap * 2 : 32;
            free(u->const_index);
            u->const_index = calloc((size_t)nc, sizeof(int));
            u->const_index_cap = nc;
            for (int i = 0; i < u->nconsts; i++) {
                uint64_t hi = const_hash(u->consts[i]);
                if (hi) const_index_insert(u, i, hi);
            }
        } else {
            const_index_insert(u, idx, h);
        }
    }
    return idx;
}

void cc_load_const(Compiler *c, Value v) {
    switch (v.tag) {
    case VT_NONE: cc_op(c, OP_LOAD_NONE); return;
    case VT_BOOL: cc_op(c, AS_BOOL(v) ? OP_LOAD_TRUE : OP_LOAD_FALSE); return;
    case VT_INT:
        if (AS_INT(v) >= -SMALL_INT_BIAS && AS_INT(v) < SMALL_INT_BIAS) {
            cc_emit(c, OP_LOAD_SMALL_INT, (uint32_t)(AS_INT(v) + SMALL_INT_BIAS));
            return;
        }
        break;
    default: break;
    }
    cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, v));
}

static bool is_identifier_like(const char *s, size_t n) {
    if (n == 0 || n > 64) return n == 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    return true;
}

ObjStr *cc_str(Compiler *c, const char *s, size_t len) {
    if (is_identifier_like(s, len)) return str_intern(c->vm, s, len);
    ObjStr *r = str_decode_utf8(c->vm, s, len, "replace");
    if (!r) {
        vm_clear_exc(c->vm);
        r = str_new(c->vm, "", 0);
    }
    return r;
}


/* ---- names ---------------------------------------------------------------------- */

static uint64_t hash_cstr(const char *s) { return hash_bytes(s, strlen(s), 1469598103934665603ULL); }

/* generic string -> index map over an array of names */
typedef const char *(*NameAt)(Unit *u, int i);

static int map_find(int *index, int cap, const char *s, Unit *u, NameAt at) {
    if (!cap) return -1;
    uint64_t mask = (uint64_t)cap - 1;
    for (uint64_t j = hash_cstr(s) & mask; index[j]; j = (j + 1) & mask)
        if (strcmp(at(u, index[j] - 1), s) == 0) return index[j] - 1;
    return -1;
}

static void map_rebuild(int **index, int *cap, int n, Unit *u, NameAt at) {
    if ((n + 1) * 2 <= *cap) {
        uint64_t mask = (uint64_t)*cap - 1;
        uint64_t j = hash_cstr(at(u, n - 1)) & mask;
        while ((*index)[j]) j = (j + 1) & mask;
        (*index)[j] = n;
        return;
    }
    int nc = *cap ? *cap * 2 : 32;
    while ((n + 1) * 2 > nc) nc *= 2;
    free(*index);
    *index = calloc((size_t)nc, sizeof(int));
    *cap = nc;
    for (int i = 0; i < n; i++) {
        uint64_t mask = (uint64_t)nc - 1;
        uint64_t j = hash_cstr(at(u, i)) & mask;
        while ((*index)[j]) j = (j + 1) & mask;
        (*index)[j] = i + 1;
    }
}

static const char *name_at(Unit *u, int i) { return u->names[i]->data; }
static const char *local_at(Unit *u, int i) { return u->locals[i]; }

int cc_add_name(Compiler *c, const char *name) {
    Unit *u = c->u;
    int k = map_find(u->name_index, u->name_index_cap, name, u, name_at);
    if (k >= 0) return k;
    u->names = grow_array(u->names, u->nnames, &u->capnames, sizeof(ObjStr *));
    u->names[u->nnames++] = str_intern_cstr(c->vm, name);
    map_rebuild(&u->name_index, &u->name_index_cap, u->nnames, u, name_at);
    return u->nnames - 1;
}

static int local_slot(Compiler *c, const char *name) {
    Unit *u = c->u;
    int k = map_find(u->local_index, u->local_index_cap, name, u, local_at);
    if (k >= 0) return k;
    u->locals = grow_array(u->locals, u->nlocals, &u->caplocals, sizeof(const char *));
    u->locals[u->nlocals++] = name;
    map_rebuild(&u->local_index, &u->local_index_cap, u->nlocals, u, local_at);
    return u->nlocals - 1;
}

const char *cc_mangle(Compiler *c, const char *name) { return scope_mangle(c->arena, c->u->private_name, name); }

static int find_in(const char **arr, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(arr[i], name) == 0) return i;
    return -1;
}

void cc_nameop(Compiler *c, const char *name, NameCtx ctx) {
    Unit *u = c->u;
    if (strcmp(name, "__debug__") == 0) {
        if (ctx == NAME_LOAD) {
            cc_op(c, OP_LOAD_TRUE);
        } else {
            cc_error(c, u->loc, ctx == NAME_STORE ? "cannot assign to __debug__" : "cannot delete __debug__");
        }
        return;
    }
    const char *mangled = cc_mangle(c, name);
    SymScope sc = scope_of(u->ste, mangled);
    bool fn = u->ste->kind == BLOCK_FUNCTION;
    switch (sc) {
    case SC_FREE: {
        int j = find_in(u->frees, u->nfrees, mangled);
        if (j < 0) break;
        int arg = u->ncells + j;
        Opcode op = ctx == NAME_LOAD ? (u->ste->kind == BLOCK_CLASS ? OP_LOAD_CLASSDEREF : OP_LOAD_DEREF)
                    : ctx == NAME_STORE ? OP_STORE_DEREF
                                        : OP_DELETE_DEREF;
        cc_emit(c, op, (uint32_t)arg);
        return;
    }
    case SC_CELL: {
        int i = find_in(u->cells, u->ncells, mangled);
        if (i < 0) break;
        Opcode op = ctx == NAME_LOAD ? OP_LOAD_DEREF : ctx == NAME_STORE ? OP_STORE_DEREF : OP_DELETE_DEREF;
        cc_emit(c, op, (uint32_t)i);
        return;
    }
    case SC_LOCAL:
        if (fn) {
            Opcode op = ctx == NAME_LOAD ? OP_LOAD_FAST : ctx == NAME_STORE ? OP_STORE_FAST : OP_DELETE_FAST;
            cc_emit(c, op, (uint32_t)local_slot(c, mangled));
            return;
        }
        break;
    case SC_GLOBAL_IMPLICIT:
        if (fn) goto global;
        break;
    case SC_GLOBAL_EXPLICIT:
    global: {
        Opcode op = ctx == NAME_LOAD ? OP_LOAD_GLOBAL : ctx == NAME_STORE ? OP_STORE_GLOBAL : OP_DELETE_GLOBAL;
        cc_emit(c, op, (uint32_t)cc_add_name(c, mangled));
        return;
    }
    default: break;
    }
    Opcode op = ctx == NAME_LOAD ? OP_LOAD_NAME : ctx == NAME_STORE ? OP_STORE_NAME : OP_DELETE_NAME;
    cc_emit(c, op, (uint32_t)cc_add_name(c, mangled));
}

void cc_load_closure(Compiler *c, const char *name) {
    Unit *u = c->u;
    int i = find_in(u->cells, u->ncells, name);
    if (i >= 0) {
        cc_emit(c, OP_LOAD_CLOSURE, (uint32_t)i);
        return;
    }
    int j = find_in(u->frees, u->nfrees, name);
    if (j >= 0) {
        cc_emit(c, OP_LOAD_CLOSURE, (uint32_t)(u->ncells + j));
        return;
    }
    internal_error(c, "LOAD_CLOSURE of an unknown name");
}

/* ---- units ---------------------------------------------------------------------- */

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *concat3(Arena *a, const char *x, const char *y, const char *z) {
    size_t nx = strlen(x), ny = strlen(y), nz = strlen(z);
    char *r = arena_alloc(a, nx + ny + nz + 1);
    memcpy(r, x, nx);
    memcpy(r + nx, y, ny);
    memcpy(r + nx + ny, z, nz + 1);
    return r;
}

static const char *compute_qualname(Compiler *c, Unit *u) {
    Unit *parent = u->parent;
    if (!parent || parent->scope == US_MODULE) return u->name;
    if (u->scope == US_FUNCTION || u->scope == US_ASYNC_FUNCTION || u->scope == US_CLASS) {
        const char *mangled = scope_mangle(c->arena, parent->private_name, u->name);
        if (scope_of(parent->ste, mangled) == SC_GLOBAL_EXPLICIT) return u->name;
    }
    if (parent->scope == US_FUNCTION || parent->scope == US_ASYNC_FUNCTION || parent->scope == US_LAMBDA)
        return concat3(c->arena, parent->qualname, ".<locals>.", u->name);
    return concat3(c->arena, parent->qualname, ".", u->name);
}

Unit *cc_enter_unit(Compiler *c, const char *name, UnitScope scope, const void *node, int firstlineno) {
    Unit *u = calloc(1, sizeof(Unit));
    u->parent = c->u;
    u->ste = node ? symtable_block(&c->st, node) : c->st.top;
    if (!u->ste) {
        free(u);
        internal_error(c, "no symbol table for a code block");
        return NULL;
    }
    u->scope = scope;
    u->name = name;
    u->private_name = scope == US_CLASS ? name : (c->u ? c->u->private_name : NULL);
    u->firstlineno = firstlineno;
    u->line = firstlineno;
    u->loc = u->ste->span;
    u->loc.line = firstlineno;
    u->reachable = true;
    c->u = u;
    u->qualname = compute_qualname(c, u);

    ScopeBlock *b = u->ste;
    /* parameters occupy the first local slots */
    for (int i = 0; i < b->nparams; i++) local_slot(c, b->params[i]);
    /* cells and free variables, sorted as CPython does */
    int ncell = 0, nfree = 0;
    for (int i = 0; i < b->nsyms; i++) {
        if (b->syms[i].scope == SC_CELL) ncell++;
        if (b->syms[i].scope == SC_FREE || (b->syms[i].flags & DEF_FREE_CLASS)) nfree++;
    }
    if (b->needs_class_closure) ncell++;
    u->cells = arena_alloc(c->arena, sizeof(char *) * (size_t)(ncell + 1));
    u->frees = arena_alloc(c->arena, sizeof(char *) * (size_t)(nfree + 1));
    for (int i = 0; i < b->nsyms; i++) {
        if (b->syms[i].scope == SC_CELL) u->cells[u->ncells++] = b->syms[i].name;
        if (b->syms[i].scope == SC_FREE || (b->syms[i].flags & DEF_FREE_CLASS)) u->frees[u->nfrees++] = b->syms[i].name;
    }
    if (b->needs_class_closure) u->cells[u->ncells++] = "__class__";
    qsort(u->cells, (size_t)u->ncells, sizeof(char *), cmp_cstr);
    qsort(u->frees, (size_t)u->nfrees, sizeof(char *), cmp_cstr);
    if (u->ncells) {
        bool any = false;
        u->cell2arg = malloc(sizeof(int) * (size_t)u->ncells);
        for (int i = 0; i < u->ncells; i++) {
            u->cell2arg[i] = -1;
            for (int k = 0; k < b->nparams; k++) {
                if (strcmp(b->params[k], u->cells[i]) == 0) {
                    u->cell2arg[i] = k;
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            free(u->cell2arg);
            u->cell2arg = NULL;
        }
    }
    /* flags */
    if (b->kind == BLOCK_FUNCTION) {
        if (b->nested) u->flags |= CO_NESTED;
        if (b->generator && !b->coroutine) u->flags |= CO_GENERATOR;
        if (!b->generator && b->coroutine) u->flags |= CO_COROUTINE;
        if (b->generator && b->coroutine) u->flags |= CO_ASYNC_GENERATOR;
        if (b->varargs) u->flags |= CO_VARARGS;
        if (b->varkeywords) u->flags |= CO_VARKEYWORDS;
    } else if (b->kind == BLOCK_CLASS) {
        u->flags |= CO_CLASS;
    } else {
        u->flags |= CO_MODULE;
    }
    return u;
}

static void unit_free(Unit *u) {
    free(u->code);
    free(u->labels);
    free(u->label_depth);
    free(u->handlers);
    free(u->hstack);
    free(u->consts);
    free(u->const_index);
    free(u->names);
    free(u->name_index);
    free(u->locals);
    free(u->local_index);
    free(u->cell2arg);
    free(u);
}

/* ---- assembly ------------------------------------------------------------------- */

static void linetable_add(uint8_t **lt, int *n, int *cap, int dpc, int dline) {
    while (dpc > 255) {
        *lt = grow_array(*lt, *n + 1, cap, 1);
        (*lt)[(*n)++] = 255;
        (*lt)[(*n)++] = 0;
        dpc -= 255;
    }
    int first = 1;
    while (first || dline != 0) {
        int d = dline > 127 ? 127 : dline < -128 ? -128 : dline;
        *lt = grow_array(*lt, *n + 1, cap, 1);
        (*lt)[(*n)++] = (uint8_t)(first ? dpc : 0);
        (*lt)[(*n)++] = (uint8_t)(int8_t)d;
        dline -= d;
        first = 0;
    }
}

static ObjCode *assemble(Compiler *c) {
    Unit *u = c->u;
    VM *vm = c->vm;
    int n = u->ncode;
    /* every path must end in a terminator: guard against falling off */
    if (n == 0 || !is_terminator(u->code[n - 1].op)) {
        cc_op(c, OP_LOAD_NONE);
        cc_op(c, OP_RETURN_VALUE);
        n = u->ncode;
    }
    for (int i = 0; i < u->nlabels; i++) {
        if (u->labels[i] >= n) {
            /* a label at the very end: give it an instruction */
            cc_op(c, OP_LOAD_NONE);
            cc_op(c, OP_RETURN_VALUE);
            n = u->ncode;
            break;
        }
    }
    CInstr *code = u->code;
    /* flow analysis: stack depth at each instruction, -1 = unreachable */
    int *depth = malloc(sizeof(int) * (size_t)n);
    int *work = malloc(sizeof(int) * (size_t)(n + 1));
    int nwork = 0, maxdepth = 0;
    bool bad = false;
    for (int i = 0; i < n; i++) depth[i] = -1;
    depth[0] = 0;
    work[nwork++] = 0;
#define PROPAGATE(t, d)                           \
    do {                                          \
        int t_ = (t), d_ = (d);                   \
        if (t_ < 0 || t_ >= n || d_ < 0) {        \
            bad = true;                           \
        } else if (depth[t_] < 0) {               \
            depth[t_] = d_;                       \
            work[nwork++] = t_;                   \
        } else if (depth[t_] != d_) {             \
            bad = true;                           \
        }                                         \
    } while (0)
    while (nwork > 0 && !bad) {
        int i = work[--nwork];
        int d = depth[i];
        for (;;) {
            CInstr *in = &code[i];
            if (d > maxdepth) maxdepth = d;
            if (in->handler >= 0) {
                Handler *h = &u->handlers[in->handler];
                if (d < h->depth) bad = true;
                PROPAGATE(u->labels[h->label], h->depth + 1);
            }
            if (is_jump_op(in->op)) PROPAGATE(u->labels[in->arg], d + opcode_stack_effect(in->op, 0, true));
            d += opcode_stack_effect(in->op, in->arg, false);
            if (d < 0) bad = true;
            if (d > maxdepth) maxdepth = d;
            if (is_terminator(in->op) || bad) break;
            i++;
            if (i >= n) {
                bad = true;
                break;
            }
            if (depth[i] >= 0) {
                if (depth[i] != d) bad = true;
                break;
            }
            depth[i] = d;
        }
    }
#undef PROPAGATE
    free(work);
    if (bad) {
        free(depth);
        internal_error(c, "inconsistent stack depth");
        return NULL;
    }
    /* keep reachable instructions; drop jumps to the next instruction */
    bool *keep = malloc(sizeof(bool) * (size_t)n);
    int next_kept = n;
    for (int i = n - 1; i >= 0; i--) {
        keep[i] = depth[i] >= 0;
        if (!keep[i]) continue;
        if (code[i].op == OP_JUMP && u->labels[code[i].arg] == next_kept) {
            keep[i] = false;
            continue;
        }
        next_kept = i;
    }
    /* a jump whose target was dropped lands on the next kept instruction */
    int *newidx = malloc(sizeof(int) * (size_t)(n + 1));
    int m = 0;
    for (int i = 0; i < n; i++) {
        newidx[i] = m;
        if (keep[i]) m++;
    }
    newidx[n] = m;
    /* jump threading: a jump to an unconditional JUMP goes straight to its
     * target. Backward edges must stay JUMPs (the loop's safe points), so
     * a conditional jump is only threaded to targets after itself. */
    for (int i = 0; i < n; i++) {
        if (!keep[i] || !is_jump_op(code[i].op)) continue;
        int t = u->labels[code[i].arg];
        for (int guard = 0; guard < 8; guard++) {
            int k = t;
            while (k < n && !keep[k]) k++;
            if (k >= n || code[k].op != OP_JUMP || k == i) break;
            int t2 = u->labels[code[k].arg];
            if (code[i].op != OP_JUMP && t2 <= i) break;
            t = t2;
        }
        if (t != u->labels[code[i].arg]) {
            /* retarget through a fresh label */
            u->labels = grow_array(u->labels, u->nlabels, &u->caplabels, sizeof(int));
            u->labels[u->nlabels] = t;
            code[i].arg = (uint32_t)u->nlabels++;
        }
    }
    Instr *out = malloc(sizeof(Instr) * (size_t)(m ? m : 1));
    int *lines = malloc(sizeof(int) * (size_t)(m ? m : 1));
    int *hand = malloc(sizeof(int) * (size_t)(m ? m : 1));
    int nlocals = u->nlocals;
    for (int i = 0, j = 0; i < n; i++) {
        if (!keep[i]) continue;
        uint32_t arg = code[i].arg;
        if (is_jump_op(code[i].op)) arg = (uint32_t)newidx[u->labels[arg]];
        else if (is_deref_op(code[i].op)) arg += (uint32_t)nlocals;
        out[j] = MAKE_INSTR(code[i].op, arg);
        lines[j] = code[i].line > 0 ? code[i].line : u->firstlineno;
        hand[j] = code[i].handler;
        j++;
    }
    /* line table */
    uint8_t *lt = NULL;
    int nlt = 0, caplt = 0, prev_pc = 0, prev_line = u->firstlineno;
    for (int j = 0; j < m; j++) {
        if (lines[j] != prev_line) {
            linetable_add(&lt, &nlt, &caplt, j - prev_pc, lines[j] - prev_line);
            prev_pc = j;
            prev_line = lines[j];
        }
    }
    /* exception table */
    ExcEntry *et = NULL;
    int net = 0, capet = 0;
    for (int j = 0; j < m;) {
        if (hand[j] < 0) {
            j++;
            continue;
        }
        int h = hand[j], k = j;
        while (k < m && hand[k] == h) k++;
        et = grow_array(et, net, &capet, sizeof(ExcEntry));
        et[net].start = (uint32_t)j;
        et[net].end = (uint32_t)k;
        et[net].handler = (uint32_t)newidx[u->labels[u->handlers[h].label]];
        et[net].depth = (uint32_t)u->handlers[h].depth;
        net++;
        j = k;
    }
    free(depth);
    free(keep);
    free(newidx);
    free(lines);
    free(hand);

    ObjCode *co = code_new(vm);
    co->name = str_intern_cstr(vm, u->name);
    co->qualname = str_intern_cstr(vm, u->qualname);
    co->filename = c->filename_str;
    co->argcount = u->argcount;
    co->posonlyargcount = u->posonlyargcount;
    co->kwonlyargcount = u->kwonlyargcount;
    co->flags = u->flags;
    co->nlocals = nlocals;
    co->ncellvars = u->ncells;
    co->nfreevars = u->nfrees;
    co->stacksize = maxdepth;
    co->firstlineno = u->firstlineno;
    co->code = out;
    co->ncode = m;
    co->consts = malloc(sizeof(Value) * (size_t)(u->nconsts ? u->nconsts : 1));
    if (u->nconsts) memcpy(co->consts, u->consts, sizeof(Value) * (size_t)u->nconsts);
    co->nconsts = u->nconsts;
    co->names = malloc(sizeof(ObjStr *) * (size_t)(u->nnames ? u->nnames : 1));
    if (u->nnames) memcpy(co->names, u->names, sizeof(ObjStr *) * (size_t)u->nnames);
    co->nnames = u->nnames;
    int nvars = nlocals + u->ncells + u->nfrees;
    co->varnames = malloc(sizeof(ObjStr *) * (size_t)(nvars ? nvars : 1));
    for (int i = 0; i < nlocals; i++) co->varnames[i] = str_intern_cstr(vm, u->locals[i]);
    for (int i = 0; i < u->ncells; i++) co->varnames[nlocals + i] = str_intern_cstr(vm, u->cells[i]);
    for (int i = 0; i < u->nfrees; i++) co->varnames[nlocals + u->ncells + i] = str_intern_cstr(vm, u->frees[i]);
    co->cell2arg = u->cell2arg;
    u->cell2arg = NULL;
    co->linetable = lt;
    co->nlinetable = nlt;
    co->exctable = et;
    co->nexctable = net;
    return co;
}

ObjCode *cc_exit_unit(Compiler *c) {
    Unit *u = c->u;
    ObjCode *co = c->failed ? NULL : assemble(c);
    c->u = u->parent;
    unit_free(u);
    return co;
}

void cc_make_closure(Compiler *c, ObjCode *code, int flags) {
    if (!code) return;
    if (code->nfreevars) {
        for (int i = 0; i < code->nfreevars; i++)
            cc_load_closure(c, code->varnames[code->nlocals + code->ncellvars + i]->data);
        cc_emit(c, OP_BUILD_TUPLE, (uint32_t)code->nfreevars);
        flags |= MF_CLOSURE;
    }
    cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, MAKE_OBJ(code)));
    cc_emit(c, OP_MAKE_FUNCTION, (uint32_t)flags);
}

/* ---- entry point ------------------------------------------------------------------ */

static ObjType *parse_error_type(VM *vm, ParseErrorKind k) {
    switch (k) {
    case PERR_INDENT: return vm->exc_IndentationError;
    case PERR_TAB: return vm->exc_TabError;
    default: return vm->exc_SyntaxError;
    }
}

static void raise_parse_error(VM *vm, const ParseError *err, const char *src, size_t len, const char *filename) {
    ParseErrorKind k = err->kind == PERR_EOF ? err->eof_kind : err->kind;
    Value text;
    if (err->line == 0) text = VAL_NONE;
    else if (err->text[0]) {
        ObjStr *s = str_decode_utf8(vm, err->text, strlen(err->text), "replace");
        if (!s) vm_clear_exc(vm);
        text = s ? MAKE_OBJ(s) : VAL_NONE;
    } else {
        text = source_line(vm, src, len, err->line);
    }
    raise_syntax_error(vm, parse_error_type(vm, k), err->msg, filename, err->line > 0 ? err->line : -1, err->col, text,
                       err->end_line,
                       err->end_col);
}

static bool is_compound(const Stmt *s) {
    switch (s->kind) {
    case S_FUNCTIONDEF:
    case S_CLASSDEF:
    case S_FOR:
    case S_WHILE:
    case S_IF:
    case S_WITH:
    case S_TRY: return true;
    default: return false;
    }
}

/* The prompt: a compound statement is finished only by an empty line. */
static bool needs_more_lines(const char *src, size_t len, const Module *m) {
    if (m->body.len == 0) return false;
    if (!is_compound(m->body.items[m->body.len - 1])) return false;
    size_t end = len;
    if (end > 0 && src[end - 1] == '\n') end--;
    size_t start = end;
    while (start > 0 && src[start - 1] != '\n') start--;
    for (size_t i = start; i < end; i++)
        if (src[i] != ' ' && src[i] != '\t' && src[i] != '\r' && src[i] != '\f') return true;
    return false;
}

/* ---- eval / single-statement checks ------------------------------------------------ */

/* Byte offset of (line, col) in the source, or len. */
static size_t src_offset(const Compiler *c, int line, int col) {
    size_t i = 0;
    int cur = 1;
    while (cur < line && i < c->srclen) {
        if (c->src[i] == '\n') cur++;
        i++;
    }
    i += (size_t)col;
    return i > c->srclen ? c->srclen : i;
}

static int token_length(const char *p, size_t n) {
    if (n == 0) return 1;
    unsigned char ch = (unsigned char)p[0];
    if (ch == '_' || ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
        size_t k = 0;
        while (k < n && (p[k] == '_' || (unsigned char)p[k] >= 0x80 || (p[k] >= 'a' && p[k] <= 'z') ||
                         (p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= '0' && p[k] <= '9')))
            k++;
        return (int)k;
    }
    static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
    static const char *const ops2[] = {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "==", "!=", "<=",
                                       ">=", "**", "//", "<<", ">>", "->", ":=", NULL};
    for (int i = 0; ops3[i]; i++)
        if (n >= 3 && memcmp(p, ops3[i], 3) == 0) return 3;
    for (int i = 0; ops2[i]; i++)
        if (n >= 2 && memcmp(p, ops2[i], 2) == 0) return 2;
    return 1;
}

/* "invalid syntax" at the first token at or after (line, col). */
static void invalid_syntax_after(Compiler *c, int line, int col) {
    size_t off = src_offset(c, line, col);
    while (off < c->srclen && (c->src[off] == ' ' || c->src[off] == '\t' || c->src[off] == '\f' ||
                               c->src[off] == '\\' || c->src[off] == '\n' || c->src[off] == '\r')) {
        if (c->src[off] == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
        off++;
    }
    int len = token_length(c->src + off, c->srclen - off);
    Span loc = {line, col, line, col + len};
    cc_error(c, loc, "invalid syntax");
}

/* CPython's eval grammar accepts only expressions: report where a
 * statement departs from it. */
static void eval_mode_error(Compiler *c, const Module *m) {
    if (m->body.len == 0) {
        if (c->failed) return;
        c->failed = true;
        raise_syntax_error(c->vm, c->vm->exc_SyntaxError, "invalid syntax", c->filename, 0, 0, VAL_NONE, 0, 0);
        return;
    }
    const Stmt *s = m->body.items[0];
    switch (s->kind) {
    case S_EXPR: invalid_syntax_after(c, s->u.expr.value->span.end_line, s->u.expr.value->span.end_col); break;
    case S_ASSIGN: {
        const Expr *t = s->u.assign.targets.items[0];
        invalid_syntax_after(c, t->span.end_line, t->span.end_col);
        break;
    }
    case S_AUGASSIGN:
        invalid_syntax_after(c, s->u.augassign.target->span.end_line, s->u.augassign.target->span.end_col);
        break;
    case S_ANNASSIGN:
        invalid_syntax_after(c, s->u.annassign.target->span.end_line, s->u.annassign.target->span.end_col);
        break;
    case S_FUNCTIONDEF:
    case S_CLASSDEF: {
        ExprList decos = s->kind == S_FUNCTIONDEF ? s->u.funcdef.decorators : s->u.classdef.decorators;
        if (decos.len) {
            /* the '@' before the first decorator */
            const Expr *d = decos.items[0];
            Span loc = {d->span.line, d->span.col - 1, d->span.line, d->span.col};
            if (loc.col < 0) loc.col = 0;
            cc_error(c, loc, "invalid syntax");
            break;
        }
        invalid_syntax_after(c, s->span.line, s->span.col);
        break;
    }
    default: invalid_syntax_after(c, s->span.line, s->span.col); break;
    }
}

/* compile(..., "single") takes one statement: simple statements on one
 * line, or one compound statement. */
static bool single_mode_check(Compiler *c, const Module *m) {
    if (m->body.len <= 1) return true;
    const Stmt *first = m->body.items[0];
    if (is_compound(first)) {
        const Stmt *s = m->body.items[1];
        invalid_syntax_after(c, s->span.line, s->span.col);
        return false;
    }
    int last_on_line = 0;
    for (int i = 1; i < m->body.len; i++) {
        if (m->body.items[i]->span.line != first->span.line) {
            const Stmt *l = m->body.items[last_on_line];
            Span loc = {first->span.line, l->span.end_col, first->span.line, l->span.end_col};
            cc_error(c, loc, "multiple statements found while compiling a single statement");
            return false;
        }
        last_on_line = i;
    }
    return true;
}

static ObjCode *compile_module(Compiler *c, const Module *m) {
    if (!cc_enter_unit(c, "<module>", US_MODULE, NULL, 1)) return NULL;
    c->u->interactive = c->mode == COMPILE_SINGLE;
    if (c->mode == COMPILE_SINGLE && c->u->ste->coroutine && !c->u->ste->generator) c->u->flags |= CO_COROUTINE;
    if (c->mode == COMPILE_EVAL) {
        const Stmt *s = m->body.len == 1 ? m->body.items[0] : NULL;
        if (!s || s->kind != S_EXPR) {
            eval_mode_error(c, m);
        } else {
            cc_set_loc(c, s->span);
            cc_expr(c, s->u.expr.value);
            cc_op(c, OP_RETURN_VALUE);
        }
    } else if (c->mode == COMPILE_SINGLE && !single_mode_check(c, m)) {
        /* error raised */
    } else {
        int start = 0;
        c->module_body = &m->body;
        c->future_prefix = 0;
        for (int i = 0; i < m->body.len; i++) {
            const Stmt *s = m->body.items[i];
            bool doc = i == 0 && cc_is_docstring(&m->body);
            bool fut = s->kind == S_IMPORTFROM && s->u.importfrom.level == 0 && s->u.importfrom.module &&
                       strcmp(s->u.importfrom.module, "__future__") == 0;
            if (!doc && !fut) break;
            c->future_prefix = i + 1;
        }
        if (cc_find_annotations(&m->body)) cc_op(c, OP_SETUP_ANNOTATIONS);
        if (c->mode == COMPILE_EXEC && cc_is_docstring(&m->body)) {
            const Stmt *s = m->body.items[0];
            cc_set_loc(c, s->span);
            cc_load_const(c, cc_str_const(c, s->u.expr.value));
            cc_nameop(c, "__doc__", NAME_STORE);
            start = 1;
        }
        for (int i = start; i < m->body.len && !c->failed; i++) cc_stmt(c, m->body.items[i]);
        cc_op(c, OP_LOAD_NONE);
        cc_op(c, OP_RETURN_VALUE);
    }
    return cc_exit_unit(c);
}

ObjCode *compile_source(VM *vm, const char *src, size_t len, const char *filename, CompileMode mode,
                        bool *incomplete) {
    if (incomplete) *incomplete = false;
    if (!filename) filename = "<string>";
    Arena *arena = arena_new();
    ParseError err;
    memset(&err, 0, sizeof err);
    Module *m = parse_module(arena, src, len, filename, &err);
    if (!m) {
        if (err.kind == PERR_EOF && incomplete) {
            *incomplete = true;
        } else {
            raise_parse_error(vm, &err, src, len, filename);
        }
        arena_free(arena);
        return NULL;
    }
    if (incomplete && mode == COMPILE_SINGLE && needs_more_lines(src, len, m)) {
        *incomplete = true;
        arena_free(arena);
        return NULL;
    }
    Compiler *c = calloc(1, sizeof(Compiler));
    c->vm = vm;
    c->arena = arena;
    c->src = src;
    c->srclen = len;
    c->filename = filename;
    c->filename_str = str_intern_cstr(vm, filename);
    c->mode = mode;
    c->future_annotations = -1;
    ObjCode *code = NULL;
    if (!symtable_build(&c->st, arena, m)) {
        if (c->st.recursion) {
            vm_raise(vm, vm->exc_RecursionError, "%s", c->st.msg);
        } else {
            raise_at(c, c->st.loc, c->st.msg);
        }
    } else {
        code = compile_module(c, m);
        if (c->failed) code = NULL;
        while (c->u) {
            Unit *u = c->u;
            c->u = u->parent;
            unit_free(u);
        }
    }
    flush_warnings(c, code);
    free(c);
    arena_free(arena);
    return code;
}
