/* compiler_expr.c: expressions, assignment targets, calls, comprehensions
 * and lambdas (shapes follow CPython 3.11's compile.c; see
 * helpers/compiler_spec.md for the stack conventions of this VM).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "compiler_impl.h"
#include "int.h"
#include "str.h"

/* ---- constants -------------------------------------------------------------- */

static Value int_literal(Compiler *c, const Expr *e) {
    const char *t = e->u.constant.text;
    int base = e->u.constant.int_base ? e->u.constant.int_base : 10;
    uint64_t v = 0;
    bool overflow = false;
    for (const char *p = t; *p; p++) {
        int d;
        char ch = *p;
        if (ch >= '0' && ch <= '9') d = ch - '0';
        else if (ch >= 'a' && ch <= 'z') d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'Z') d = ch - 'A' + 10;
        else continue;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
            overflow = true;
            break;
        }
        v = v * (uint64_t)base + (uint64_t)d;
    }
    if (!overflow && v <= (uint64_t)INT64_MAX) return MAKE_INT((int64_t)v);
    Value r = int_from_string(c->vm, t, base);
    if (IS_NULL(r)) {
        if (vm_has_exc(c->vm)) vm_clear_exc(c->vm);
        cc_error(c, e->span, "invalid integer literal");
        return MAKE_INT(0);
    }
    return r;
}

static Value const_value(Compiler *c, const Expr *e) {
    switch (e->u.constant.kind) {
    case C_NONE: return VAL_NONE;
    case C_TRUE: return VAL_TRUE;
    case C_FALSE: return VAL_FALSE;
    case C_ELLIPSIS: return MAKE_OBJ(c->vm->ellipsis);
    case C_INT: return int_literal(c, e);
    case C_FLOAT: return MAKE_FLOAT(e->u.constant.f);
    case C_IMAG:
        cc_error(c, e->span, "complex numbers are not supported");
        return VAL_NONE;
    case C_STR: return MAKE_OBJ(cc_str(c, e->u.constant.bytes, e->u.constant.len));
    case C_BYTES:
        return MAKE_OBJ(bytes_new(c->vm, (const uint8_t *)e->u.constant.bytes, e->u.constant.len));
    }
    return VAL_NONE;
}

Value cc_str_const(Compiler *c, const Expr *e) { return const_value(c, e); }

/* CPython's AST optimizer folds operators on constants when the result
 * stays small (Python/ast_opt.c); the runtime computes the value, and an
 * operation that raises is simply left for run time. */
#define MAX_INT_SIZE 128
#define MAX_COLLECTION_SIZE 256
#define MAX_STR_SIZE 4096

static bool is_kind(Value v, ObjKind k) { return IS_OBJ(v) && AS_OBJ(v)->kind == k; }

static int64_t seq_size(Value v) {
    if (is_kind(v, OK_STR)) return AS_STR(v)->nchars;
    if (is_kind(v, OK_BYTES)) return AS_BYTES(v)->len;
    if (is_kind(v, OK_TUPLE)) return AS_TUPLE(v)->len;
    return -1;
}

static bool safe_multiply(Value v, Value w) {
    if (int_check(v) && int_check(w)) {
        if (!int_sign(v) || !int_sign(w)) return true;
        uint64_t vb = int_bit_length(v), wb = int_bit_length(w);
        return !(vb > MAX_INT_SIZE || wb > MAX_INT_SIZE || vb + wb > MAX_INT_SIZE);
    }
    if (int_check(v) && seq_size(w) >= 0) {
        int64_t size = seq_size(w);
        if (!size) return true;
        if (!IS_INTLIKE(v)) return false;
        int64_t n = AS_INT(v);
        int64_t limit = is_kind(w, OK_TUPLE) ? MAX_COLLECTION_SIZE : MAX_STR_SIZE;
        return n >= 0 && n <= limit / size;
    }
    if (int_check(w) && seq_size(v) >= 0) return safe_multiply(w, v);
    return true;
}

static Value fold_binop(Compiler *c, int op, Value a, Value b) {
    switch (op) {
    case BINOP_MUL:
        if (!safe_multiply(a, b)) return VAL_NULL;
        break;
    case BINOP_POW:
        if (int_check(a) && int_check(b) && int_sign(a) && int_sign(b) > 0) {
            if (!IS_INTLIKE(b)) return VAL_NULL;
            uint64_t vb = int_bit_length(a), wb = (uint64_t)AS_INT(b);
            if (vb > MAX_INT_SIZE / wb) return VAL_NULL;
        }
        break;
    case BINOP_LSHIFT:
        if (int_check(a) && int_check(b) && int_sign(a) && int_sign(b)) {
            if (!IS_INTLIKE(b) || AS_INT(b) < 0) return VAL_NULL;
            uint64_t vb = int_bit_length(a), wb = (uint64_t)AS_INT(b);
            if (wb > MAX_INT_SIZE || vb > MAX_INT_SIZE - wb) return VAL_NULL;
        }
        break;
    case BINOP_MOD:
        if (is_kind(a, OK_STR) || is_kind(a, OK_BYTES)) return VAL_NULL;
        break;
    case BINOP_MATMUL: return VAL_NULL;
    default: break;
    }
    Value r = vm_binary_op(c->vm, op, a, b);
    if (IS_NULL(r)) {
        vm_clear_exc(c->vm);
        return VAL_NULL;
    }
    if (is_kind(r, OK_STR)) return MAKE_OBJ(cc_str(c, AS_STR(r)->data, (size_t)AS_STR(r)->len));
    return r;
}

/* Truthiness of a constant: 1, 0, or -1 when unknown. */
static int const_truth(Value v) {
    switch (v.tag) {
    case VT_NONE: return 0;
    case VT_BOOL:
    case VT_INT: return v.as.i != 0;
    case VT_FLOAT: return v.as.f != 0.0;
    case VT_OBJ:
        switch (AS_OBJ(v)->kind) {
        case OK_STR: return AS_STR(v)->len != 0;
        case OK_BYTES: return AS_BYTES(v)->len != 0;
        case OK_TUPLE: return AS_TUPLE(v)->len != 0;
        case OK_BIGINT: return 1;
        default: return -1;
        }
    default: return -1;
    }
}

Value cc_try_const(Compiler *c, const Expr *e) {
    switch (e->kind) {
    case E_CONST:
        if (e->u.constant.kind == C_IMAG) return VAL_NULL;
        return const_value(c, e);
    case E_UNARYOP: {
        Value v = cc_try_const(c, e->u.unaryop.operand);
        if (IS_NULL(v)) return v;
        if (e->u.unaryop.op == U_NOT) {
            int t = const_truth(v);
            return t < 0 ? VAL_NULL : MAKE_BOOL(!t);
        }
        Value r = vm_unary_op(c->vm, e->u.unaryop.op, v);
        if (IS_NULL(r)) vm_clear_exc(c->vm);
        return r;
    }
    case E_SUBSCRIPT: {
        if (e->u.subscript.ctx != CTX_LOAD || e->u.subscript.slice->kind == E_SLICE) return VAL_NULL;
        Value v = cc_try_const(c, e->u.subscript.value);
        if (IS_NULL(v)) return v;
        Value k = cc_try_const(c, e->u.subscript.slice);
        if (IS_NULL(k)) return k;
        Value r = vm_getitem(c->vm, v, k);
        if (IS_NULL(r)) vm_clear_exc(c->vm);
        else if (is_kind(r, OK_STR)) r = MAKE_OBJ(cc_str(c, AS_STR(r)->data, (size_t)AS_STR(r)->len));
        return r;
    }
    case E_BINOP: {
        Value a = cc_try_const(c, e->u.binop.left);
        if (IS_NULL(a)) return a;
        Value b = cc_try_const(c, e->u.binop.right);
        if (IS_NULL(b)) return b;
        return fold_binop(c, e->u.binop.op, a, b);
    }
    case E_TUPLE: {
        if (e->u.seq.ctx != CTX_LOAD) return VAL_NULL;
        int n = e->u.seq.elts.len;
        if (n == 0) return MAKE_OBJ(c->vm->empty_tuple);
        Value buf[16] = {{0}};
        Value *items = n <= 16 ? buf : malloc(sizeof(Value) * (size_t)n);
        for (int i = 0; i < n; i++) {
            const Expr *x = e->u.seq.elts.items[i];
            items[i] = x->kind == E_STARRED ? VAL_NULL : cc_try_const(c, x);
            if (IS_NULL(items[i])) {
                if (items != buf) free(items);
                return VAL_NULL;
            }
        }
        Value t = MAKE_OBJ(tuple_from(c->vm, items, n));
        if (items != buf) free(items);
        return t;
    }
    default: return VAL_NULL;
    }
}

/* ---- helpers ------------------------------------------------------------------ */

void cc_send_loop(Compiler *c) {
    int loop = cc_new_label(c), end = cc_new_label(c);
    cc_op(c, OP_LOAD_NONE);
    cc_bind(c, loop);
    cc_emit_jump(c, OP_SEND, end);
    cc_emit(c, OP_YIELD_VALUE, 1);
    cc_emit_jump(c, OP_JUMP, loop);
    cc_bind(c, end);
}

static void compile_expr_raw(Compiler *c, const Expr *e);

void cc_expr(Compiler *c, const Expr *e) {
    if (!cc_enter(c)) return;
    Unit *u = c->u;
    Span saved = u->loc;
    int saved_line = u->line;
    cc_set_loc(c, e->span);
    compile_expr_raw(c, e);
    u->loc = saved;
    u->line = saved_line;
    cc_leave(c);
}

static void expr_list(Compiler *c, ExprList l) {
    for (int i = 0; i < l.len; i++) cc_expr(c, l.items[i]);
}

static bool has_starred(ExprList l) {
    for (int i = 0; i < l.len; i++)
        if (l.items[i]->kind == E_STARRED) return true;
    return false;
}

/* [a, *b, c] and friends (CPython's starunpack_helper) */
static void starunpack(Compiler *c, ExprList elts, int pushed, Opcode build, Opcode add, Opcode extend, bool tuple) {
    int n = elts.len;
    if (n > 2 && !has_starred(elts)) {
        bool all_const = true;
        for (int i = 0; i < n && all_const; i++) {
            Value v = cc_try_const(c, elts.items[i]);
            if (IS_NULL(v)) all_const = false;
        }
        if (all_const) {
            Value buf[16] = {{0}};
            Value *items = n <= 16 ? buf : malloc(sizeof(Value) * (size_t)n);
            for (int i = 0; i < n; i++) items[i] = cc_try_const(c, elts.items[i]);
            Value t = MAKE_OBJ(tuple_from(c->vm, items, n));
            if (items != buf) free(items);
            if (tuple && !pushed) {
                cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
            } else {
                cc_emit(c, build, (uint32_t)pushed);
                cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
                cc_emit(c, extend, 1);
                if (tuple) cc_op(c, OP_LIST_TO_TUPLE);
            }
            return;
        }
    }
    if (!has_starred(elts)) {
        expr_list(c, elts);
        cc_emit(c, tuple ? OP_BUILD_TUPLE : build, (uint32_t)(n + pushed));
        return;
    }
    bool built = false;
    for (int i = 0; i < n; i++) {
        const Expr *x = elts.items[i];
        if (x->kind == E_STARRED) {
            if (!built) {
                cc_emit(c, build, (uint32_t)(i + pushed));
                built = true;
            }
            cc_expr(c, x->u.starred.value);
            cc_emit(c, extend, 1);
        } else {
            cc_expr(c, x);
            if (built) cc_emit(c, add, 1);
        }
    }
    if (tuple) cc_op(c, OP_LIST_TO_TUPLE);
}

/* dict display pieces [begin, end) without ** */
static void subdict(Compiler *c, const Expr *e, int begin, int end) {
    int n = end - begin;
    bool const_keys = n > 1;
    for (int i = begin; i < end && const_keys; i++) {
        const Expr *k = e->u.dict.keys.items[i];
        if (k->kind != E_CONST || k->u.constant.kind == C_IMAG) const_keys = false;
    }
    if (const_keys) {
        Value *keys = malloc(sizeof(Value) * (size_t)n);
        for (int i = begin; i < end; i++) keys[i - begin] = cc_try_const(c, e->u.dict.keys.items[i]);
        for (int i = begin; i < end; i++) cc_expr(c, e->u.dict.values.items[i]);
        Value t = MAKE_OBJ(tuple_from(c->vm, keys, n));
        free(keys);
        cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
        cc_emit(c, OP_BUILD_CONST_KEY_MAP, (uint32_t)n);
        return;
    }
    for (int i = begin; i < end; i++) {
        cc_expr(c, e->u.dict.keys.items[i]);
        cc_expr(c, e->u.dict.values.items[i]);
    }
    cc_emit(c, OP_BUILD_MAP, (uint32_t)n);
}

#define STACK_USE_GUARDRAIL 30

static void compile_dict(Compiler *c, const Expr *e) {
    int n = e->u.dict.values.len, elements = 0;
    bool have_dict = false;
    for (int i = 0; i < n; i++) {
        bool unpack = e->u.dict.keys.items[i] == NULL;
        if (unpack) {
            if (elements) {
                subdict(c, e, i - elements, i);
                if (have_dict) cc_emit(c, OP_DICT_UPDATE, 1);
                have_dict = true;
                elements = 0;
            }
            if (!have_dict) {
                cc_emit(c, OP_BUILD_MAP, 0);
                have_dict = true;
            }
            cc_expr(c, e->u.dict.values.items[i]);
            cc_emit(c, OP_DICT_UPDATE, 1);
        } else if (elements * 2 > STACK_USE_GUARDRAIL) {
            subdict(c, e, i - elements, i + 1);
            if (have_dict) cc_emit(c, OP_DICT_UPDATE, 1);
            have_dict = true;
            elements = 0;
        } else {
            elements++;
        }
    }
    if (elements) {
        subdict(c, e, n - elements, n);
        if (have_dict) cc_emit(c, OP_DICT_UPDATE, 1);
        have_dict = true;
    }
    if (!have_dict) cc_emit(c, OP_BUILD_MAP, 0);
}

/* ---- compile-time SyntaxWarnings (CPython's check_* helpers) ------------------ */

static const char *const_type_name(Value v) {
    switch (v.tag) {
    case VT_NONE: return "NoneType";
    case VT_BOOL: return "bool";
    case VT_INT: return "int";
    case VT_FLOAT: return "float";
    case VT_OBJ:
        switch (AS_OBJ(v)->kind) {
        case OK_STR: return "str";
        case OK_BYTES: return "bytes";
        case OK_TUPLE: return "tuple";
        case OK_BIGINT: return "int";
        default: return "ellipsis";
        }
    default: return NULL;
    }
}

/* A constant after CPython's AST folding: Value, or VAL_NULL. */
static Value folded_const(Compiler *c, const Expr *e) {
    if (e->kind == E_CONST || e->kind == E_UNARYOP || e->kind == E_BINOP || e->kind == E_TUPLE ||
        e->kind == E_SUBSCRIPT)
        return cc_try_const(c, e);
    return VAL_NULL;
}

static const char *infer_type(Compiler *c, const Expr *e) {
    switch (e->kind) {
    case E_TUPLE: return "tuple";
    case E_LIST:
    case E_LISTCOMP: return "list";
    case E_DICT:
    case E_DICTCOMP: return "dict";
    case E_SET:
    case E_SETCOMP: return "set";
    case E_GENEXP: return "generator";
    case E_LAMBDA: return "function";
    case E_JOINEDSTR:
    case E_FORMATTED: return "str";
    case E_CONST:
        if (e->u.constant.kind == C_IMAG) return "complex";
        /* fall through */
    default: {
        Value v = folded_const(c, e);
        return IS_NULL(v) ? NULL : const_type_name(v);
    }
    }
}

static bool is_literal_for_is(Compiler *c, const Expr *e) {
    if (e->kind == E_CONST) {
        ConstKind k = e->u.constant.kind;
        return k != C_NONE && k != C_TRUE && k != C_FALSE && k != C_ELLIPSIS;
    }
    Value v = folded_const(c, e);
    return !IS_NULL(v) && !IS_NONE(v) && !IS_BOOL(v);
}

static void check_compare(Compiler *c, const Expr *e) {
    bool left = is_literal_for_is(c, e->u.compare.left);
    for (int i = 0; i < e->u.compare.comparators.len; i++) {
        CmpOpKind op = e->u.compare.ops[i];
        bool right = is_literal_for_is(c, e->u.compare.comparators.items[i]);
        if ((op == CMPX_IS || op == CMPX_ISNOT) && (left || right)) {
            cc_warn(c, op == CMPX_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                     : "\"is not\" with a literal. Did you mean \"!=\"?");
            return;
        }
        left = right;
    }
}

static void check_caller(Compiler *c, const Expr *f) {
    switch (f->kind) {
    case E_CONST:
    case E_TUPLE:
    case E_LIST:
    case E_LISTCOMP:
    case E_DICT:
    case E_DICTCOMP:
    case E_SET:
    case E_SETCOMP:
    case E_GENEXP:
    case E_JOINEDSTR:
    case E_FORMATTED: break;
    case E_UNARYOP:
    case E_BINOP:
        if (IS_NULL(folded_const(c, f))) return;
        break;
    default: return;
    }
    const char *t = infer_type(c, f);
    if (t) cc_warn(c, "'%s' object is not callable; perhaps you missed a comma?", t);
}

static void check_subscript(Compiler *c, const Expr *e) {
    const Expr *v = e->u.subscript.value, *s = e->u.subscript.slice;
    Value k = folded_const(c, v);
    bool warn = false;
    if (!IS_NULL(k)) {
        warn = IS_NONE(k) || IS_INTLIKE(k) || IS_FLOAT(k) || IS_BIGINT(k) ||
               (IS_OBJ(k) && AS_OBJ(k)->kind != OK_STR && AS_OBJ(k)->kind != OK_BYTES && AS_OBJ(k)->kind != OK_TUPLE);
    } else if (v->kind == E_CONST && v->u.constant.kind == C_IMAG) {
        warn = true;
    } else {
        warn = v->kind == E_SET || v->kind == E_SETCOMP || v->kind == E_GENEXP || v->kind == E_LAMBDA;
    }
    if (warn) {
        const char *t = infer_type(c, v);
        cc_warn(c, "'%s' object is not subscriptable; perhaps you missed a comma?", t ? t : "object");
        return;
    }
    const char *it = infer_type(c, s);
    if (!it || strcmp(it, "int") == 0 || strcmp(it, "bool") == 0) return;
    bool seq = false;
    if (!IS_NULL(k)) seq = IS_OBJ(k) && (AS_OBJ(k)->kind == OK_STR || AS_OBJ(k)->kind == OK_BYTES || AS_OBJ(k)->kind == OK_TUPLE);
    else
        seq = v->kind == E_TUPLE || v->kind == E_LIST || v->kind == E_LISTCOMP || v->kind == E_JOINEDSTR ||
              v->kind == E_FORMATTED;
    if (seq) {
        const char *vt = infer_type(c, v);
        cc_warn(c, "%s indices must be integers or slices, not %s; perhaps you missed a comma?", vt ? vt : "object", it);
    }
}

/* The operand of `in` and the iterable of `for`: CPython turns a list
 * display into a tuple and a set of constants into a frozenset. */
void cc_iter_operand(Compiler *c, const Expr *e) {
    if (e->kind == E_LIST && !has_starred(e->u.seq.elts)) {
        Expr *t = arena_alloc(c->arena, sizeof(Expr));
        *t = *e;
        t->kind = E_TUPLE;
        t->u.seq.ctx = CTX_LOAD;
        cc_expr(c, t);
        return;
    }
    if (e->kind == E_SET && !has_starred(e->u.set.elts)) {
        ObjSet *fs = set_new(c->vm, c->vm->t_frozenset);
        bool ok = true;
        for (int i = 0; i < e->u.set.elts.len && ok; i++) {
            Value v = cc_try_const(c, e->u.set.elts.items[i]);
            ok = !IS_NULL(v) && set_add(c->vm, fs, v);
            if (vm_has_exc(c->vm)) vm_clear_exc(c->vm);
        }
        if (ok) {
            Unit *u = c->u;
            Span saved = u->loc;
            int saved_line = u->line;
            cc_set_loc(c, e->span);
            cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, MAKE_OBJ(fs)));
            u->loc = saved;
            u->line = saved_line;
            return;
        }
    }
    cc_expr(c, e);
}

static void compare_operand(Compiler *c, const Expr *e, int i) {
    int n = e->u.compare.comparators.len;
    CmpOpKind op = e->u.compare.ops[i];
    const Expr *x = e->u.compare.comparators.items[i];
    if (i == n - 1 && (op == CMPX_IN || op == CMPX_NOTIN)) cc_iter_operand(c, x);
    else cc_expr(c, x);
}

/* CPython's AST optimizer rewrites `not (a is b)` as `a is not b` (and
 * the same for is not / in / not in); the result, or NULL. */
static const Expr *fold_not_compare(Compiler *c, const Expr *e) {
    if (e->kind != E_UNARYOP || e->u.unaryop.op != U_NOT) return NULL;
    const Expr *x = e->u.unaryop.operand;
    if (x->kind != E_COMPARE || x->u.compare.comparators.len != 1) return NULL;
    CmpOpKind op = x->u.compare.ops[0], inv;
    switch (op) {
    case CMPX_IS: inv = CMPX_ISNOT; break;
    case CMPX_ISNOT: inv = CMPX_IS; break;
    case CMPX_IN: inv = CMPX_NOTIN; break;
    case CMPX_NOTIN: inv = CMPX_IN; break;
    default: return NULL;
    }
    Expr *n = arena_alloc(c->arena, sizeof(Expr));
    *n = *x;
    n->span = e->span;
    CmpOpKind *ops = arena_alloc(c->arena, sizeof(CmpOpKind));
    ops[0] = inv;
    n->u.compare.ops = ops;
    return n;
}

/* ---- comparisons and conditions ---------------------------------------------- */

static void compare_op(Compiler *c, CmpOpKind op) {
    switch (op) {
    case CMPX_EQ: cc_emit(c, OP_COMPARE_OP, CMP_EQ); break;
    case CMPX_NE: cc_emit(c, OP_COMPARE_OP, CMP_NE); break;
    case CMPX_LT: cc_emit(c, OP_COMPARE_OP, CMP_LT); break;
    case CMPX_LE: cc_emit(c, OP_COMPARE_OP, CMP_LE); break;
    case CMPX_GT: cc_emit(c, OP_COMPARE_OP, CMP_GT); break;
    case CMPX_GE: cc_emit(c, OP_COMPARE_OP, CMP_GE); break;
    case CMPX_IS: cc_emit(c, OP_IS_OP, 0); break;
    case CMPX_ISNOT: cc_emit(c, OP_IS_OP, 1); break;
    case CMPX_IN: cc_emit(c, OP_CONTAINS_OP, 0); break;
    case CMPX_NOTIN: cc_emit(c, OP_CONTAINS_OP, 1); break;
    }
}

static void compile_compare(Compiler *c, const Expr *e) {
    int n = e->u.compare.comparators.len - 1;
    check_compare(c, e);
    cc_expr(c, e->u.compare.left);
    if (n == 0) {
        compare_operand(c, e, 0);
        compare_op(c, e->u.compare.ops[0]);
        return;
    }
    int cleanup = cc_new_label(c), end = cc_new_label(c);
    for (int i = 0; i < n; i++) {
        cc_expr(c, e->u.compare.comparators.items[i]);
        cc_emit(c, OP_SWAP, 2);
        cc_emit(c, OP_COPY, 2);
        compare_op(c, e->u.compare.ops[i]);
        cc_emit_jump(c, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    compare_operand(c, e, n);
    compare_op(c, e->u.compare.ops[n]);
    cc_emit_jump(c, OP_JUMP, end);
    cc_bind(c, cleanup);
    cc_emit(c, OP_SWAP, 2);
    cc_op(c, OP_POP_TOP);
    cc_bind(c, end);
}

static bool is_none_const(const Expr *e) { return e->kind == E_CONST && e->u.constant.kind == C_NONE; }

void cc_jump_if(Compiler *c, const Expr *e, int label, bool cond) {
    if (!cc_enter(c)) return;
    const Expr *folded = fold_not_compare(c, e);
    if (folded) e = folded;
    switch (e->kind) {
    case E_UNARYOP:
        if (e->u.unaryop.op == U_NOT) {
            cc_jump_if(c, e->u.unaryop.operand, label, !cond);
            goto done;
        }
        break;
    case E_BOOLOP: {
        ExprList s = e->u.boolop.values;
        int n = s.len - 1;
        bool cond2 = e->u.boolop.op == BOOL_OR;
        int next2 = label;
        if (cond2 != cond) next2 = cc_new_label(c);
        for (int i = 0; i < n; i++) cc_jump_if(c, s.items[i], next2, cond2);
        cc_jump_if(c, s.items[n], label, cond);
        if (next2 != label) cc_bind(c, next2);
        goto done;
    }
    case E_IFEXP: {
        int end = cc_new_label(c), next2 = cc_new_label(c);
        cc_jump_if(c, e->u.ifexp.test, next2, false);
        cc_jump_if(c, e->u.ifexp.body, label, cond);
        cc_emit_jump(c, OP_JUMP, end);
        cc_bind(c, next2);
        cc_jump_if(c, e->u.ifexp.orelse, label, cond);
        cc_bind(c, end);
        goto done;
    }
    case E_COMPARE: {
        int n = e->u.compare.comparators.len - 1;
        if (n > 0) {
            check_compare(c, e);
            Unit *u = c->u;
            Span saved = u->loc;
            int saved_line = u->line;
            cc_set_loc(c, e->span);
            int cleanup = cc_new_label(c), end = cc_new_label(c);
            cc_expr(c, e->u.compare.left);
            for (int i = 0; i < n; i++) {
                cc_expr(c, e->u.compare.comparators.items[i]);
                cc_emit(c, OP_SWAP, 2);
                cc_emit(c, OP_COPY, 2);
                compare_op(c, e->u.compare.ops[i]);
                cc_emit_jump(c, OP_POP_JUMP_IF_FALSE, cleanup);
            }
            compare_operand(c, e, n);
            compare_op(c, e->u.compare.ops[n]);
            cc_emit_jump(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
            cc_emit_jump(c, OP_JUMP, end);
            cc_bind(c, cleanup);
            cc_op(c, OP_POP_TOP);
            if (!cond) cc_emit_jump(c, OP_JUMP, label);
            cc_bind(c, end);
            u->loc = saved;
            u->line = saved_line;
            goto done;
        }
        CmpOpKind op = e->u.compare.ops[0];
        if ((op == CMPX_IS || op == CMPX_ISNOT) && is_none_const(e->u.compare.comparators.items[0])) {
            Unit *u = c->u;
            Span saved = u->loc;
            int saved_line = u->line;
            cc_set_loc(c, e->span);
            check_compare(c, e);
            cc_expr(c, e->u.compare.left);
            bool jump_on_none = (op == CMPX_IS) == cond;
            cc_emit_jump(c, jump_on_none ? OP_POP_JUMP_IF_NONE : OP_POP_JUMP_IF_NOT_NONE, label);
            u->loc = saved;
            u->line = saved_line;
            goto done;
        }
        break;
    }
    default: break;
    }
    {
        Value k = cc_try_const(c, e);
        int t = IS_NULL(k) ? -1 : const_truth(k);
        if (t >= 0) {
            if ((t != 0) == cond) cc_emit_jump(c, OP_JUMP, label);
            goto done;
        }
        cc_expr(c, e);
        cc_emit_jump(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
    }
done:
    cc_leave(c);
}

/* ---- calls -------------------------------------------------------------------- */

static bool validate_keywords(Compiler *c, const Keyword *kws, int n) {
    for (int i = 0; i < n; i++) {
        if (!kws[i].arg) continue;
        for (int j = i + 1; j < n; j++) {
            if (kws[j].arg && strcmp(kws[i].arg, kws[j].arg) == 0) {
                cc_error(c, kws[j].span, "keyword argument repeated: %s", kws[i].arg);
                return false;
            }
        }
    }
    return true;
}

static void kwnames_const(Compiler *c, const Keyword *kws, int begin, int end) {
    int n = end - begin;
    Value *names = malloc(sizeof(Value) * (size_t)(n ? n : 1));
    for (int i = begin; i < end; i++) names[i - begin] = MAKE_OBJ(str_intern_cstr(c->vm, kws[i].arg));
    Value t = MAKE_OBJ(tuple_from(c->vm, names, n));
    free(names);
    cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
}

static void subkwargs(Compiler *c, const Keyword *kws, int begin, int end) {
    int n = end - begin;
    if (n > 1) {
        for (int i = begin; i < end; i++) cc_expr(c, kws[i].value);
        kwnames_const(c, kws, begin, end);
        cc_emit(c, OP_BUILD_CONST_KEY_MAP, (uint32_t)n);
        return;
    }
    for (int i = begin; i < end; i++) {
        cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, kws[i].arg)));
        cc_expr(c, kws[i].value);
    }
    cc_emit(c, OP_BUILD_MAP, (uint32_t)n);
}

void cc_call_helper(Compiler *c, int pushed, ExprList args, const Keyword *kws, int nkws, Span loc) {
    if (!validate_keywords(c, kws, nkws)) return;
    bool ex = has_starred(args);
    for (int i = 0; i < nkws; i++)
        if (!kws[i].arg) ex = true;
    if (!ex) {
        expr_list(c, args);
        for (int i = 0; i < nkws; i++) cc_expr(c, kws[i].value);
        cc_set_loc(c, loc);
        if (nkws) {
            kwnames_const(c, kws, 0, nkws);
            cc_emit(c, OP_CALL_KW, (uint32_t)(pushed + args.len + nkws));
        } else {
            cc_emit(c, OP_CALL, (uint32_t)(pushed + args.len));
        }
        return;
    }
    if (pushed == 0 && args.len == 1 && args.items[0]->kind == E_STARRED) {
        cc_expr(c, args.items[0]->u.starred.value);
    } else {
        starunpack(c, args, pushed, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, true);
    }
    if (nkws) {
        bool have_dict = false;
        int nseen = 0;
        for (int i = 0; i < nkws; i++) {
            if (!kws[i].arg) {
                if (nseen) {
                    subkwargs(c, kws, i - nseen, i);
                    if (have_dict) cc_emit(c, OP_DICT_MERGE, 1);
                    have_dict = true;
                    nseen = 0;
                }
                if (!have_dict) {
                    cc_emit(c, OP_BUILD_MAP, 0);
                    have_dict = true;
                }
                cc_expr(c, kws[i].value);
                cc_emit(c, OP_DICT_MERGE, 1);
            } else {
                nseen++;
            }
        }
        if (nseen) {
            subkwargs(c, kws, nkws - nseen, nkws);
            if (have_dict) cc_emit(c, OP_DICT_MERGE, 1);
        }
    }
    cc_set_loc(c, loc);
    cc_emit(c, OP_CALL_FUNCTION_EX, nkws > 0 ? 1 : 0);
}

static void compile_call(Compiler *c, const Expr *e) {
    const Expr *f = e->u.call.func;
    ExprList args = e->u.call.args;
    const Keyword *kws = e->u.call.keywords;
    int nkws = e->u.call.nkeywords;
    bool simple = !has_starred(args);
    for (int i = 0; i < nkws; i++)
        if (!kws[i].arg) simple = false;
    if (f->kind == E_ATTRIBUTE && f->u.attribute.ctx == CTX_LOAD && simple) {
        if (!validate_keywords(c, kws, nkws)) return;
        cc_expr(c, f->u.attribute.value);
        Unit *u = c->u;
        Span call_loc = u->loc;
        int line = f->span.line != f->span.end_line ? f->span.end_line : u->line;
        u->line = line;
        cc_emit(c, OP_LOAD_METHOD, (uint32_t)cc_add_name(c, cc_mangle(c, f->u.attribute.attr)));
        expr_list(c, args);
        for (int i = 0; i < nkws; i++) cc_expr(c, kws[i].value);
        u->line = line;
        if (nkws) {
            kwnames_const(c, kws, 0, nkws);
            cc_emit(c, OP_CALL_KW, (uint32_t)(args.len + nkws));
        } else {
            cc_emit(c, OP_CALL, (uint32_t)args.len);
        }
        u->loc = call_loc;
        u->line = call_loc.line;
        return;
    }
    check_caller(c, f);
    cc_expr(c, f);
    cc_op(c, OP_PUSH_NULL);
    cc_call_helper(c, 0, args, kws, nkws, e->span);
}

/* ---- f-strings ------------------------------------------------------------------ */

static void compile_formatted(Compiler *c, const Expr *e) {
    cc_expr(c, e->u.formatted.value);
    int conv = e->u.formatted.conversion;
    int arg = conv == 's' ? 1 : conv == 'r' ? 2 : conv == 'a' ? 3 : 0;
    if (e->u.formatted.format_spec) {
        cc_expr(c, e->u.formatted.format_spec);
        arg |= 4;
    }
    cc_emit(c, OP_FORMAT_VALUE, (uint32_t)arg);
}

static void compile_joinedstr(Compiler *c, const Expr *e) {
    ExprList v = e->u.joinedstr.values;
    if (v.len == 0) {
        cc_load_const(c, MAKE_OBJ(c->vm->empty_str));
        return;
    }
    expr_list(c, v);
    if (v.len != 1) cc_emit(c, OP_BUILD_STRING, (uint32_t)v.len);
}

/* ---- comprehensions ---------------------------------------------------------- */

static void comprehension_generator(Compiler *c, const Expr *e, int gen_index, int depth);

static void comprehension_body_end(Compiler *c, const Expr *e, int depth) {
    switch (e->kind) {
    case E_GENEXP:
        cc_expr(c, e->u.comp.elt);
        if (c->u->ste->generator && c->u->ste->coroutine) cc_op(c, OP_ASYNC_GEN_WRAP);
        cc_emit(c, OP_YIELD_VALUE, 0);
        cc_op(c, OP_POP_TOP);
        break;
    case E_LISTCOMP:
        cc_expr(c, e->u.comp.elt);
        cc_emit(c, OP_LIST_APPEND, (uint32_t)(depth + 1));
        break;
    case E_SETCOMP:
        cc_expr(c, e->u.comp.elt);
        cc_emit(c, OP_SET_ADD, (uint32_t)(depth + 1));
        break;
    default:
        cc_expr(c, e->u.comp.elt);
        cc_expr(c, e->u.comp.value);
        cc_emit(c, OP_MAP_ADD, (uint32_t)(depth + 1));
        break;
    }
}

static void sync_comprehension_generator(Compiler *c, const Expr *e, int gen_index, int depth) {
    const Comprehension *gen = &e->u.comp.generators[gen_index];
    int start = cc_new_label(c), if_cleanup = cc_new_label(c), anchor = cc_new_label(c);
    bool loop = true;
    if (gen_index == 0) {
        cc_emit(c, OP_LOAD_FAST, 0);
    } else {
        const Expr *it = gen->iter;
        if ((it->kind == E_LIST || it->kind == E_TUPLE) && it->u.seq.elts.len == 1 &&
            it->u.seq.elts.items[0]->kind != E_STARRED) {
            cc_expr(c, it->u.seq.elts.items[0]);
            loop = false;
        } else {
            cc_iter_operand(c, it);
            cc_op(c, OP_GET_ITER);
        }
    }
    if (loop) {
        depth++;
        cc_bind(c, start);
        cc_emit_jump(c, OP_FOR_ITER, anchor);
    }
    cc_store_target(c, gen->target);
    for (int i = 0; i < gen->ifs.len; i++) cc_jump_if(c, gen->ifs.items[i], if_cleanup, false);
    if (gen_index + 1 < e->u.comp.ngenerators) comprehension_generator(c, e, gen_index + 1, depth);
    else comprehension_body_end(c, e, depth);
    cc_bind(c, if_cleanup);
    if (loop) {
        cc_emit_jump(c, OP_JUMP, start);
        cc_bind(c, anchor);
    }
}

static void async_comprehension_generator(Compiler *c, const Expr *e, int gen_index, int depth) {
    const Comprehension *gen = &e->u.comp.generators[gen_index];
    int start = cc_new_label(c), except = cc_new_label(c), if_cleanup = cc_new_label(c);
    if (gen_index == 0) {
        cc_emit(c, OP_LOAD_FAST, 0);
    } else {
        cc_expr(c, gen->iter);
        cc_op(c, OP_GET_AITER);
    }
    cc_bind(c, start);
    cc_push_handler(c, except, c->u->depth);
    cc_op(c, OP_GET_ANEXT);
    cc_send_loop(c);
    cc_pop_handler(c);
    cc_store_target(c, gen->target);
    for (int i = 0; i < gen->ifs.len; i++) cc_jump_if(c, gen->ifs.items[i], if_cleanup, false);
    depth++;
    if (gen_index + 1 < e->u.comp.ngenerators) comprehension_generator(c, e, gen_index + 1, depth);
    else comprehension_body_end(c, e, depth);
    cc_bind(c, if_cleanup);
    cc_emit_jump(c, OP_JUMP, start);
    cc_bind(c, except);
    cc_op(c, OP_END_ASYNC_FOR);
}

static void comprehension_generator(Compiler *c, const Expr *e, int gen_index, int depth) {
    if (!cc_enter(c)) return;
    if (e->u.comp.generators[gen_index].is_async) async_comprehension_generator(c, e, gen_index, depth);
    else sync_comprehension_generator(c, e, gen_index, depth);
    cc_leave(c);
}

static void compile_comprehension(Compiler *c, const Expr *e) {
    const char *name = e->kind == E_LISTCOMP ? "<listcomp>"
                       : e->kind == E_SETCOMP ? "<setcomp>"
                       : e->kind == E_DICTCOMP ? "<dictcomp>"
                                               : "<genexpr>";
    UnitScope outer = c->u->scope;
    bool top_await = cc_top_level_await(c);
    const Comprehension *outermost = &e->u.comp.generators[0];
    if (!cc_enter_unit(c, name, US_COMPREHENSION, e, e->span.line)) return;
    cc_set_loc(c, e->span);
    Unit *u = c->u;
    u->argcount = 1;
    bool is_async = u->ste->coroutine;
    if (is_async && e->kind != E_GENEXP && outer != US_ASYNC_FUNCTION && outer != US_COMPREHENSION && !top_await) {
        cc_error(c, e->span, "asynchronous comprehension outside of an asynchronous function");
    }
    if (e->kind == E_LISTCOMP) cc_emit(c, OP_BUILD_LIST, 0);
    else if (e->kind == E_SETCOMP) cc_emit(c, OP_BUILD_SET, 0);
    else if (e->kind == E_DICTCOMP) cc_emit(c, OP_BUILD_MAP, 0);
    comprehension_generator(c, e, 0, 0);
    if (e->kind != E_GENEXP) {
        cc_op(c, OP_RETURN_VALUE);
    } else {
        cc_op(c, OP_LOAD_NONE);
        cc_op(c, OP_RETURN_VALUE);
    }
    ObjCode *code = cc_exit_unit(c);
    if (!code) return;
    cc_make_closure(c, code, 0);
    cc_op(c, OP_PUSH_NULL);
    cc_iter_operand(c, outermost->iter);
    cc_op(c, outermost->is_async ? OP_GET_AITER : OP_GET_ITER);
    cc_emit(c, OP_CALL, 1);
    if (is_async && e->kind != E_GENEXP) {
        cc_op(c, OP_GET_AWAITABLE);
        cc_send_loop(c);
    }
}

/* ---- lambda ------------------------------------------------------------------- */

int cc_default_arguments(Compiler *c, const Arguments *a) {
    int flags = 0;
    if (!a) return 0;
    if (a->ndefaults > 0) {
        ExprList l = {a->defaults, a->ndefaults};
        bool all_const = true;
        for (int i = 0; i < a->ndefaults && all_const; i++)
            if (IS_NULL(cc_try_const(c, a->defaults[i]))) all_const = false;
        if (all_const) {
            Value *items = malloc(sizeof(Value) * (size_t)a->ndefaults);
            for (int i = 0; i < a->ndefaults; i++) items[i] = cc_try_const(c, a->defaults[i]);
            Value t = MAKE_OBJ(tuple_from(c->vm, items, a->ndefaults));
            free(items);
            cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
        } else {
            expr_list(c, l);
            cc_emit(c, OP_BUILD_TUPLE, (uint32_t)a->ndefaults);
        }
        flags |= MF_DEFAULTS;
    }
    int nkw = 0;
    for (int i = 0; i < a->nkwonly; i++) {
        if (a->kw_defaults && a->kw_defaults[i]) {
            const char *mangled = cc_mangle(c, a->kwonly[i].name);
            cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, mangled)));
            cc_expr(c, a->kw_defaults[i]);
            nkw++;
        }
    }
    if (nkw) {
        cc_emit(c, OP_BUILD_MAP, (uint32_t)nkw);
        flags |= MF_KWDEFAULTS;
    }
    return flags;
}

void cc_lambda(Compiler *c, const Expr *e) {
    const Arguments *a = e->u.lambda.args;
    int flags = cc_default_arguments(c, a);
    if (c->failed) return;
    if (!cc_enter_unit(c, "<lambda>", US_LAMBDA, e, e->span.line)) return;
    Unit *u = c->u;
    if (a) {
        u->argcount = a->nposonly + a->nargs;
        u->posonlyargcount = a->nposonly;
        u->kwonlyargcount = a->nkwonly;
    }
    cc_set_loc(c, e->u.lambda.body->span);
    cc_expr(c, e->u.lambda.body);
    cc_op(c, OP_RETURN_VALUE);
    ObjCode *code = cc_exit_unit(c);
    cc_make_closure(c, code, flags);
}

/* ---- targets ---------------------------------------------------------------------- */

static void unpack_helper(Compiler *c, ExprList elts) {
    int n = elts.len;
    bool seen_star = false;
    for (int i = 0; i < n; i++) {
        const Expr *x = elts.items[i];
        if (x->kind == E_STARRED && !seen_star) {
            if (i >= (1 << 8) || n - i - 1 >= (1 << 16)) {
                cc_error(c, c->u->loc, "too many expressions in star-unpacking assignment");
                return;
            }
            cc_emit(c, OP_UNPACK_EX, (uint32_t)(i + ((n - i - 1) << 8)));
            seen_star = true;
        } else if (x->kind == E_STARRED) {
            cc_error(c, c->u->loc, "multiple starred expressions in assignment");
            return;
        }
    }
    if (!seen_star) cc_emit(c, OP_UNPACK_SEQUENCE, (uint32_t)n);
}

void cc_store_target(Compiler *c, const Expr *e) {
    if (!cc_enter(c)) return;
    Unit *u = c->u;
    Span saved = u->loc;
    int saved_line = u->line;
    cc_set_loc(c, e->span);
    switch (e->kind) {
    case E_NAME: cc_nameop(c, e->u.name.id, NAME_STORE); break;
    case E_ATTRIBUTE:
        cc_expr(c, e->u.attribute.value);
        if (e->span.line != e->span.end_line) u->line = e->span.end_line;
        cc_emit(c, OP_STORE_ATTR, (uint32_t)cc_add_name(c, cc_mangle(c, e->u.attribute.attr)));
        break;
    case E_SUBSCRIPT:
        cc_expr(c, e->u.subscript.value);
        cc_expr(c, e->u.subscript.slice);
        cc_op(c, OP_STORE_SUBSCR);
        break;
    case E_LIST:
    case E_TUPLE: {
        ExprList elts = e->u.seq.elts;
        unpack_helper(c, elts);
        for (int i = 0; i < elts.len && !c->failed; i++) {
            const Expr *x = elts.items[i];
            cc_store_target(c, x->kind == E_STARRED ? x->u.starred.value : x);
        }
        break;
    }
    case E_STARRED: cc_error(c, e->span, "starred assignment target must be in a list or tuple"); break;
    default: cc_error(c, e->span, "cannot assign to expression"); break;
    }
    u->loc = saved;
    u->line = saved_line;
    cc_leave(c);
}

void cc_delete_target(Compiler *c, const Expr *e) {
    if (!cc_enter(c)) return;
    Unit *u = c->u;
    Span saved = u->loc;
    int saved_line = u->line;
    cc_set_loc(c, e->span);
    switch (e->kind) {
    case E_NAME: cc_nameop(c, e->u.name.id, NAME_DEL); break;
    case E_ATTRIBUTE:
        cc_expr(c, e->u.attribute.value);
        if (e->span.line != e->span.end_line) u->line = e->span.end_line;
        cc_emit(c, OP_DELETE_ATTR, (uint32_t)cc_add_name(c, cc_mangle(c, e->u.attribute.attr)));
        break;
    case E_SUBSCRIPT:
        cc_expr(c, e->u.subscript.value);
        cc_expr(c, e->u.subscript.slice);
        cc_op(c, OP_DELETE_SUBSCR);
        break;
    case E_LIST:
    case E_TUPLE:
        for (int i = 0; i < e->u.seq.elts.len; i++) cc_delete_target(c, e->u.seq.elts.items[i]);
        break;
    default: cc_error(c, e->span, "cannot delete expression"); break;
    }
    u->loc = saved;
    u->line = saved_line;
    cc_leave(c);
}

/* ---- expressions -------------------------------------------------------------------- */

static void compile_slice_parts(Compiler *c, const Expr *e) {
    if (e->u.slice.lower) cc_expr(c, e->u.slice.lower);
    else cc_op(c, OP_LOAD_NONE);
    if (e->u.slice.upper) cc_expr(c, e->u.slice.upper);
    else cc_op(c, OP_LOAD_NONE);
    if (e->u.slice.step) {
        cc_expr(c, e->u.slice.step);
        cc_emit(c, OP_BUILD_SLICE, 3);
    } else {
        cc_emit(c, OP_BUILD_SLICE, 2);
    }
}

static bool in_function(Compiler *c) { return c->u->ste->kind == BLOCK_FUNCTION; }

static void compile_expr_raw(Compiler *c, const Expr *e) {
    switch (e->kind) {
    case E_NAME:
        if (e->u.name.ctx == CTX_LOAD) cc_nameop(c, e->u.name.id, NAME_LOAD);
        else if (e->u.name.ctx == CTX_STORE) cc_nameop(c, e->u.name.id, NAME_STORE);
        else cc_nameop(c, e->u.name.id, NAME_DEL);
        break;
    case E_CONST: cc_load_const(c, const_value(c, e)); break;
    case E_BOOLOP: {
        int end = cc_new_label(c);
        ExprList v = e->u.boolop.values;
        Opcode jop = e->u.boolop.op == BOOL_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
        for (int i = 0; i < v.len - 1; i++) {
            cc_expr(c, v.items[i]);
            cc_emit_jump(c, jop, end);
        }
        cc_expr(c, v.items[v.len - 1]);
        cc_bind(c, end);
        break;
    }
    case E_NAMEDEXPR:
        cc_expr(c, e->u.namedexpr.value);
        cc_emit(c, OP_COPY, 1);
        cc_store_target(c, e->u.namedexpr.target);
        break;
    case E_BINOP: {
        Value k = cc_try_const(c, e);
        if (!IS_NULL(k)) {
            cc_load_const(c, k);
            break;
        }
        cc_expr(c, e->u.binop.left);
        cc_expr(c, e->u.binop.right);
        cc_emit(c, OP_BINARY_OP, (uint32_t)e->u.binop.op);
        break;
    }
    case E_UNARYOP: {
        Value k = cc_try_const(c, e);
        if (!IS_NULL(k)) {
            cc_load_const(c, k);
            break;
        }
        const Expr *folded = fold_not_compare(c, e);
        if (folded) {
            compile_compare(c, folded);
            break;
        }
        cc_expr(c, e->u.unaryop.operand);
        switch (e->u.unaryop.op) {
        case U_NOT: cc_op(c, OP_UNARY_NOT); break;
        case U_NEG: cc_op(c, OP_UNARY_NEGATIVE); break;
        case U_POS: cc_op(c, OP_UNARY_POSITIVE); break;
        case U_INVERT: cc_op(c, OP_UNARY_INVERT); break;
        }
        break;
    }
    case E_LAMBDA: cc_lambda(c, e); break;
    case E_IFEXP: {
        int end = cc_new_label(c), orelse = cc_new_label(c);
        cc_jump_if(c, e->u.ifexp.test, orelse, false);
        cc_expr(c, e->u.ifexp.body);
        cc_emit_jump(c, OP_JUMP, end);
        cc_bind(c, orelse);
        cc_expr(c, e->u.ifexp.orelse);
        cc_bind(c, end);
        break;
    }
    case E_DICT: compile_dict(c, e); break;
    case E_SET: starunpack(c, e->u.set.elts, 0, OP_BUILD_SET, OP_SET_ADD, OP_SET_UPDATE, false); break;
    case E_LISTCOMP:
    case E_SETCOMP:
    case E_DICTCOMP:
    case E_GENEXP: compile_comprehension(c, e); break;
    case E_AWAIT:
        if (!cc_top_level_await(c)) {
            if (!in_function(c)) {
                cc_error(c, e->span, "'await' outside function");
                break;
            }
            if (c->u->scope != US_ASYNC_FUNCTION && c->u->scope != US_COMPREHENSION) {
                cc_error(c, e->span, "'await' outside async function");
                break;
            }
        }
        cc_expr(c, e->u.await_.value);
        cc_op(c, OP_GET_AWAITABLE);
        cc_send_loop(c);
        break;
    case E_YIELD:
        if (!in_function(c)) {
            cc_error(c, e->span, "'yield' outside function");
            break;
        }
        if (e->u.yield.value) cc_expr(c, e->u.yield.value);
        else cc_op(c, OP_LOAD_NONE);
        if (c->u->ste->generator && c->u->ste->coroutine) cc_op(c, OP_ASYNC_GEN_WRAP);
        cc_emit(c, OP_YIELD_VALUE, 0);
        break;
    case E_YIELDFROM:
        if (!in_function(c)) {
            cc_error(c, e->span, "'yield' outside function");
            break;
        }
        if (c->u->scope == US_ASYNC_FUNCTION) {
            cc_error(c, e->span, "'yield from' inside async function");
            break;
        }
        cc_expr(c, e->u.yield.value);
        cc_op(c, OP_GET_YIELD_FROM_ITER);
        cc_send_loop(c);
        break;
    case E_COMPARE: compile_compare(c, e); break;
    case E_CALL: compile_call(c, e); break;
    case E_FORMATTED: compile_formatted(c, e); break;
    case E_JOINEDSTR: compile_joinedstr(c, e); break;
    case E_ATTRIBUTE:
        cc_expr(c, e->u.attribute.value);
        if (e->span.line != e->span.end_line) c->u->line = e->span.end_line;
        cc_emit(c, OP_LOAD_ATTR, (uint32_t)cc_add_name(c, cc_mangle(c, e->u.attribute.attr)));
        break;
    case E_SUBSCRIPT: {
        check_subscript(c, e);
        Value k = cc_try_const(c, e);
        if (!IS_NULL(k)) {
            cc_load_const(c, k);
            break;
        }
        cc_expr(c, e->u.subscript.value);
        cc_expr(c, e->u.subscript.slice);
        cc_op(c, OP_BINARY_SUBSCR);
        break;
    }
    case E_STARRED: cc_error(c, e->span, "can't use starred expression here"); break;
    case E_LIST:
        starunpack(c, e->u.seq.elts, 0, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, false);
        break;
    case E_TUPLE: {
        Value k = cc_try_const(c, e);
        if (!IS_NULL(k)) {
            cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, k));
            break;
        }
        starunpack(c, e->u.seq.elts, 0, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, true);
        break;
    }
    case E_SLICE: compile_slice_parts(c, e); break;
    }
}
