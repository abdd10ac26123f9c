/* ops.c: the generic object protocols (declared in vm.h and ops.h):
 * binary/unary operators, rich comparison, truth, hashing, repr/str/ascii/
 * format, len and index conversion, subscription, membership and
 * iteration; the repr recursion guard.
 *
 * Every protocol follows CPython 3.11 (abstract.c, object.c, typeobject.c):
 * C fast paths for the exact built-in types come first, then the dunder is
 * looked up on the TYPE (never the instance) and called with self first.
 *
 * Binary operators (CPython's binary_op1 and the slot_nb_* wrappers):
 *   a OP b: if type(b) is a proper subclass of type(a) that overrides
 *   __rop__, b.__rop__(a) first; then a.__op__(b); then b.__rop__(a)
 *   (skipped when both types are the same). NotImplemented moves on to the
 *   next candidate. In-place: a.__iop__(b) first, then the binary path.
 *   The built-in sequences' __add__/__mul__ raise TypeError instead of
 *   returning NotImplemented (their C sq_concat/sq_repeat slots come after
 *   every nb_* slot in CPython), so when the left operand's method is such a
 *   built-in sequence method, the right operand's reflected method is tried
 *   first.
 *
 * Recursion: protocols that recurse in C through containers (repr, str,
 * comparison, hash of nested tuples) count vm->c_depth while a dunder runs,
 * with the same limit as the dispatch loop, and raise RecursionError with
 * CPython's messages instead of overflowing the C stack.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "dict.h"
#include "exception.h"
#include "float.h"
#include "format.h"
#include "int.h"
#include "list.h"
#include "ops.h"
#include "set.h"
#include "str.h"
#include "vm.h"

/* Mirrors vm.c's limit on nested C re-entry. */
#define OPS_C_DEPTH_LIMIT 1200

/* ---- shared helpers ------------------------------------------------------ */

static inline bool is_ni(VM *vm, Value v) { return IS_OBJ(v) && AS_OBJ(v) == vm->not_implemented; }

static inline Value notimpl(VM *vm) { return MAKE_OBJ(vm->not_implemented); }

static inline bool exact(VM *vm, Value v, ObjType *t) {
    (void)vm;
    return IS_OBJ(v) && AS_OBJ(v)->type == t;
}

/* Calls a dunder `f` already found on type(self) with self first. Plain
 * functions and methods of built-in types are called directly; anything
 * else (staticmethod, classmethod, callable objects, None) goes through
 * vm_call_dunder, which applies the descriptor protocol. Natives always
 * get self, as vm_call_dunder does. */
static Value call_found(VM *vm, Value f, Value self, ObjStr *name, Value *args, int nargs) {
    if (IS_FUNCTION(f) || IS_NATIVE(f)) {
        Value buf[4];
        buf[0] = self;
        for (int i = 0; i < nargs; i++) buf[i + 1] = args[i];
        return vm_call(vm, f, buf, nargs + 1, NULL);
    }
    return vm_call_dunder(vm, self, name, args, nargs, NULL);
}

/* Fails where the call about to be made would (one nested loop deeper, or
 * the frame limit), so the message names the protocol as CPython's does. */
static bool enter_c(VM *vm, const char *what) {
    if (vm->c_depth + 1 >= OPS_C_DEPTH_LIMIT || vm->depth >= vm->recursion_limit) {
        vm_raise(vm, vm->exc_RecursionError, "maximum recursion depth exceeded%s", what);
        return false;
    }
    vm->c_depth++;
    return true;
}

static inline void leave_c(VM *vm) { vm->c_depth--; }

/* operator.index(v): an int for ints and objects with __index__. */
static Value index_value(VM *vm, Value v) {
    if (int_check(v)) return v;
    Value f = type_lookup(vm, vm_type_of(vm, v), vm->s___index__);
    if (IS_NULL(f) || IS_NONE(f))
        return vm_raise(vm, vm->exc_TypeError, "'%s' object cannot be interpreted as an integer", vm_type_name(vm, v));
    Value r = call_found(vm, f, v, vm->s___index__, NULL, 0);
    if (IS_NULL(r)) return VAL_NULL;
    if (!int_check(r))
        return vm_raise(vm, vm->exc_TypeError, "__index__ returned non-int (type %s)", vm_type_name(vm, r));
    return r;
}

static bool has_index(VM *vm, Value v) {
    if (int_check(v)) return true;
    if (IS_FLOAT(v) || IS_NONE(v)) return false;
    Value f = type_lookup(vm, vm_type_of(vm, v), vm->s___index__);
    return !IS_NULL(f) && !IS_NONE(f);
}

bool vm_to_index(VM *vm, Value v, int64_t *out) {
    if (IS_INTLIKE(v)) {
        *out = AS_INT(v);
        return true;
    }
    Value i = index_value(vm, v);
    if (IS_NULL(i)) return false;
    if (IS_BIGINT(i)) {
        vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return false;
    }
    *out = AS_INT(i);
    return true;
}

/* Count for sequence repetition (str/bytes/list/tuple * n). Accepts ints
 * and objects with __index__; a negative count is returned as 0 (every
 * sequence repeats that into an empty one). */
bool ops_repeat_count(VM *vm, Value n, int64_t *out) {
    if (!has_index(vm, n)) {
        vm_raise(vm, vm->exc_TypeError, "can't multiply sequence by non-int of type '%s'", vm_type_name(vm, n));
        return false;
    }
    int64_t c;
    if (!vm_to_index(vm, n, &c)) return false;
    *out = c < 0 ? 0 : c;
    return true;
}

/* ---- binary operators ---------------------------------------------------- */

static const char *const binop_sym[BINOP__COUNT] = {"+", "-", "*", "/", "//", "%", "**",
                                                    "<<", ">>", "&", "|", "^", "@"};

static void binop_names(VM *vm, int op, ObjStr **l, ObjStr **r, ObjStr **i) {
    switch (op) {
    case BINOP_ADD: *l = vm->s___add__; *r = vm->s___radd__; *i = vm->s___iadd__; break;
    case BINOP_SUB: *l = vm->s___sub__; *r = vm->s___rsub__; *i = vm->s___isub__; break;
    case BINOP_MUL: *l = vm->s___mul__; *r = vm->s___rmul__; *i = vm->s___imul__; break;
    case BINOP_TRUEDIV: *l = vm->s___truediv__; *r = vm->s___rtruediv__; *i = vm->s___itruediv__; break;
    case BINOP_FLOORDIV: *l = vm->s___floordiv__; *r = vm->s___rfloordiv__; *i = vm->s___ifloordiv__; break;
    case BINOP_MOD: *l = vm->s___mod__; *r = vm->s___rmod__; *i = vm->s___imod__; break;
    case BINOP_POW: *l = vm->s___pow__; *r = vm->s___rpow__; *i = vm->s___ipow__; break;
    case BINOP_LSHIFT: *l = vm->s___lshift__; *r = vm->s___rlshift__; *i = vm->s___ilshift__; break;
    case BINOP_RSHIFT: *l = vm->s___rshift__; *r = vm->s___rrshift__; *i = vm->s___irshift__; break;
    case BINOP_AND: *l = vm->s___and__; *r = vm->s___rand__; *i = vm->s___iand__; break;
    case BINOP_OR: *l = vm->s___or__; *r = vm->s___ror__; *i = vm->s___ior__; break;
    case BINOP_XOR: *l = vm->s___xor__; *r = vm->s___rxor__; *i = vm->s___ixor__; break;
    default: *l = vm->s___matmul__; *r = vm->s___rmatmul__; *i = vm->s___imatmul__; break;
    }
}

static Value binop_type_error(VM *vm, int op, bool inplace, Value a, Value b) {
    const char *sym = binop_sym[op];
    if (op == BINOP_POW && !inplace) sym = "** or pow()";
    return vm_raise(vm, vm->exc_TypeError, "unsupported operand type(s) for %s%s: '%s' and '%s'", sym,
                    inplace ? "=" : "", vm_type_name(vm, a), vm_type_name(vm, b));
}

/* A method of a built-in sequence type (whose __add__/__mul__ raise rather
 * than return NotImplemented). */
static bool is_seq_native(VM *vm, Value f) {
    if (!IS_NATIVE(f)) return false;
    ObjType *o = AS_NATIVE(f)->owner;
    return o && (o == vm->t_str || o == vm->t_list || o == vm->t_tuple || o == vm->t_bytes || o == vm->t_bytearray);
}

static bool is_builtin_seq(VM *vm, Value v) {
    if (!IS_OBJ(v)) return false;
    uint8_t k = AS_OBJ(v)->kind;
    return k == OK_STR || k == OK_LIST || k == OK_TUPLE || k == OK_BYTES;
}

/* CPython's method_is_overloaded: does type(right) define `name`
 * differently from type(left)? */
static bool method_overloaded(VM *vm, ObjType *left, ObjType *right, ObjStr *name) {
    Value b = type_lookup(vm, right, name);
    if (IS_NULL(b)) return false;
    Value a = type_lookup(vm, left, name);
    if (IS_NULL(a)) return true;
    return !val_is(a, b);
}

static Value binary_generic(VM *vm, int op, Value a, Value b, bool inplace) {
    ObjStr *lname, *rname, *iname;
    binop_names(vm, op, &lname, &rname, &iname);
    ObjType *ta = vm_type_of(vm, a), *tb = vm_type_of(vm, b);
    bool seqop = op == BINOP_ADD || op == BINOP_MUL;
    Value rf = ta != tb ? type_lookup(vm, tb, rname) : VAL_NULL;
    bool rdone = false;
    Value r;
    if (inplace) {
        Value f = type_lookup(vm, ta, iname);
        if (!IS_NULL(f)) {
            if (seqop && !IS_NULL(rf) && is_seq_native(vm, f)) {
                r = call_found(vm, rf, b, rname, &a, 1);
                if (IS_NULL(r) || !is_ni(vm, r)) return r;
                rdone = true;
            }
            r = call_found(vm, f, a, iname, &b, 1);
            if (IS_NULL(r) || !is_ni(vm, r)) return r;
        }
    }
    Value lf = type_lookup(vm, ta, lname);
    if (!IS_NULL(lf) && !IS_NULL(rf) && !rdone) {
        if ((seqop && is_seq_native(vm, lf)) || (type_is_subtype(tb, ta) && method_overloaded(vm, ta, tb, rname))) {
            r = call_found(vm, rf, b, rname, &a, 1);
            if (IS_NULL(r) || !is_ni(vm, r)) return r;
            rdone = true;
        }
    }
    if (!IS_NULL(lf)) {
        r = call_found(vm, lf, a, lname, &b, 1);
        if (IS_NULL(r) || !is_ni(vm, r)) return r;
    }
    if (!IS_NULL(rf) && !rdone) {
        r = call_found(vm, rf, b, rname, &a, 1);
        if (IS_NULL(r) || !is_ni(vm, r)) return r;
    }
    /* n * seq when the sequence type has no __rmul__: CPython's sq_repeat
     * of the right operand. */
    if (op == BINOP_MUL && IS_NULL(rf) && is_builtin_seq(vm, b) && has_index(vm, a)) {
        Value f = type_lookup(vm, tb, vm->s___mul__);
        if (!IS_NULL(f) && is_seq_native(vm, f)) return call_found(vm, f, b, vm->s___mul__, &a, 1);
    }
    return binop_type_error(vm, op, inplace, a, b);
}

static Value list_concat(VM *vm, ObjList *a, ObjList *b) {
    ObjList *l = list_new(vm, a->len + b->len);
    if (a->len) memcpy(l->items, a->items, sizeof(Value) * (size_t)a->len);
    if (b->len) memcpy(l->items + a->len, b->items, sizeof(Value) * (size_t)b->len);
    return MAKE_OBJ(l);
}

static Value tuple_concat(VM *vm, ObjTuple *a, ObjTuple *b) {
    if (b->len == 0) return MAKE_OBJ(a);
    if (a->len == 0) return MAKE_OBJ(b);
    ObjTuple *t = tuple_new(vm, a->len + b->len);
    memcpy(t->items, a->items, sizeof(Value) * (size_t)a->len);
    memcpy(t->items + a->len, b->items, sizeof(Value) * (size_t)b->len);
    return MAKE_OBJ(t);
}

Value vm_binary_op(VM *vm, int op, Value a, Value b) {
    bool inplace = (op & BINOP_INPLACE) != 0;
    int bop = op & ~BINOP_INPLACE;
    if (bop < 0 || bop >= BINOP__COUNT) return vm_raise(vm, vm->exc_SystemError, "bad binary operator %d", op);
    if (int_check(a) && int_check(b)) {
        Value r = int_binary_op(vm, bop, a, b);
        if (!is_ni(vm, r)) return r;
    } else if (IS_FLOAT(a) ? (IS_FLOAT(b) || int_check(b)) : (IS_FLOAT(b) && int_check(a))) {
        Value r = float_binary_op(vm, bop, a, b);
        if (!is_ni(vm, r)) return r;
    } else if (IS_OBJ(a) && IS_OBJ(b)) {
        ObjType *ta = AS_OBJ(a)->type, *tb = AS_OBJ(b)->type;
        if (bop == BINOP_ADD && ta == tb) {
            if (ta == vm->t_str) {
                if (AS_STR(b)->len == 0) return a;
                if (AS_STR(a)->len == 0) return b;
                return MAKE_OBJ(str_concat(vm, AS_STR(a), AS_STR(b)));
            }
            if (ta == vm->t_list) {
                if (!inplace) return list_concat(vm, AS_LIST(a), AS_LIST(b));
                if (!list_extend(vm, AS_LIST(a), b)) return VAL_NULL;
                return a;
            }
            if (ta == vm->t_tuple) return tuple_concat(vm, AS_TUPLE(a), AS_TUPLE(b));
        } else if (bop == BINOP_MOD && ta == vm->t_str && (ta == tb || !type_is_subtype(tb, vm->t_str))) {
            return format_percent(vm, AS_STR(a), b);
        }
    } else if (bop == BINOP_MOD && exact(vm, a, vm->t_str)) {
        return format_percent(vm, AS_STR(a), b);
    }
    return binary_generic(vm, bop, a, b, inplace);
}

/* ---- unary operators ----------------------------------------------------- */

Value vm_unary_op(VM *vm, int uop, Value a) {
    if (uop == U_NOT) {
        int t = vm_truthy(vm, a);
        return t < 0 ? VAL_NULL : MAKE_BOOL(!t);
    }
    if (int_check(a)) {
        if (IS_BOOL(a)) a = MAKE_INT(AS_INT(a));
        switch (uop) {
        case U_NEG: return int_neg(vm, a);
        case U_POS: return a;
        case U_INVERT: return int_invert(vm, a);
        default: break;
        }
    } else if (IS_FLOAT(a)) {
        if (uop == U_NEG) return MAKE_FLOAT(-AS_FLOAT(a));
        if (uop == U_POS) return a;
    }
    ObjStr *name;
    const char *sym;
    switch (uop) {
    case U_NEG: name = vm->s___neg__; sym = "-"; break;
    case U_POS: name = vm->s___pos__; sym = "+"; break;
    case U_INVERT: name = vm->s___invert__; sym = "~"; break;
    default: return vm_raise(vm, vm->exc_SystemError, "bad unary operator %d", uop);
    }
    Value f = type_lookup(vm, vm_type_of(vm, a), name);
    if (IS_NULL(f))
        return vm_raise(vm, vm->exc_TypeError, "bad operand type for unary %s: '%s'", sym, vm_type_name(vm, a));
    return call_found(vm, f, a, name, NULL, 0);
}

/* ---- rich comparison ----------------------------------------------------- */

static const CmpOp cmp_swapped[6] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const cmp_sym[6] = {"<", "<=", "==", "!=", ">", ">="};

static ObjStr *cmp_name(VM *vm, CmpOp op) {
    switch (op) {
    case CMP_LT: return vm->s___lt__;
    case CMP_LE: return vm->s___le__;
    case CMP_EQ: return vm->s___eq__;
    case CMP_NE: return vm->s___ne__;
    case CMP_GT: return vm->s___gt__;
    default: return vm->s___ge__;
    }
}

static Value cmp_result(int c, CmpOp op) {
    switch (op) {
    case CMP_LT: return MAKE_BOOL(c < 0);
    case CMP_LE: return MAKE_BOOL(c <= 0);
    case CMP_EQ: return MAKE_BOOL(c == 0);
    case CMP_NE: return MAKE_BOOL(c != 0);
    case CMP_GT: return MAKE_BOOL(c > 0);
    default: return MAKE_BOOL(c >= 0);
    }
}

/* x.__op__(y) through type(x); NotImplemented when the type lacks it. */
static Value call_cmp(VM *vm, Value x, Value y, CmpOp op) {
    ObjStr *name = cmp_name(vm, op);
    Value f = type_lookup(vm, vm_type_of(vm, x), name);
    if (IS_NULL(f)) return notimpl(vm);
    return call_found(vm, f, x, name, &y, 1);
}

static Value richcompare_generic(VM *vm, Value a, Value b, CmpOp op) {
    ObjType *ta = vm_type_of(vm, a), *tb = vm_type_of(vm, b);
    bool checked_reverse = false;
    Value r;
    if (ta != tb && type_is_subtype(tb, ta)) {
        checked_reverse = true;
        r = call_cmp(vm, b, a, cmp_swapped[op]);
        if (IS_NULL(r) || !is_ni(vm, r)) return r;
    }
    r = call_cmp(vm, a, b, op);
    if (IS_NULL(r) || !is_ni(vm, r)) return r;
    if (!checked_reverse) {
        r = call_cmp(vm, b, a, cmp_swapped[op]);
        if (IS_NULL(r) || !is_ni(vm, r)) return r;
    }
    if (op == CMP_EQ) return MAKE_BOOL(val_is(a, b));
    if (op == CMP_NE) return MAKE_BOOL(!val_is(a, b));
    return vm_raise(vm, vm->exc_TypeError, "'%s' not supported between instances of '%s' and '%s'", cmp_sym[op],
                    ta->name->data, tb->name->data);
}

Value ops_richcompare(VM *vm, Value a, Value b, CmpOp op) {
    if ((unsigned)op > CMP_GE) return vm_raise(vm, vm->exc_SystemError, "bad comparison operator %d", (int)op);
    if (IS_INTLIKE(a) && IS_INTLIKE(b)) {
        int64_t x = AS_INT(a), y = AS_INT(b);
        return cmp_result(x < y ? -1 : x > y, op);
    }
    if (int_check(a) && int_check(b)) return int_richcompare(vm, a, b, op);
    if (IS_FLOAT(a) ? (IS_FLOAT(b) || int_check(b)) : (IS_FLOAT(b) && int_check(a)))
        return float_richcompare(vm, a, b, op);
    if (exact(vm, a, vm->t_str) && exact(vm, b, vm->t_str)) {
        if (op == CMP_EQ) return MAKE_BOOL(str_equal(AS_STR(a), AS_STR(b)));
        if (op == CMP_NE) return MAKE_BOOL(!str_equal(AS_STR(a), AS_STR(b)));
        return cmp_result(str_compare(AS_STR(a), AS_STR(b)), op);
    }
    if (!enter_c(vm, " in comparison")) return VAL_NULL;
    Value r = richcompare_generic(vm, a, b, op);
    leave_c(vm);
    return r;
}

Value vm_compare(VM *vm, Value a, Value b, CmpOp op) { return ops_richcompare(vm, a, b, op); }

int vm_compare_bool(VM *vm, Value a, Value b, CmpOp op) {
    /* PyObject_RichCompareBool: identity implies equality */
    if ((op == CMP_EQ || op == CMP_NE) && val_is(a, b)) return op == CMP_EQ;
    Value r = ops_richcompare(vm, a, b, op);
    if (IS_NULL(r)) return -1;
    if (IS_BOOL(r)) return AS_BOOL(r);
    return vm_truthy(vm, r);
}

int vm_eq(VM *vm, Value a, Value b) {
    if (val_is(a, b)) return 1;
    if (IS_INTLIKE(a) && IS_INTLIKE(b)) return AS_INT(a) == AS_INT(b);
    if (exact(vm, a, vm->t_str) && exact(vm, b, vm->t_str)) return str_equal(AS_STR(a), AS_STR(b));
    return vm_compare_bool(vm, a, b, CMP_EQ);
}

/* ---- truth and length ---------------------------------------------------- */

/* Validates what __len__ returned (slot_sq_length). */
static int64_t len_result(VM *vm, Value r) {
    Value i = index_value(vm, r);
    if (IS_NULL(i)) return -1;
    if (int_sign(i) < 0) {
        vm_raise(vm, vm->exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    if (IS_BIGINT(i)) {
        vm_raise(vm, vm->exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    return AS_INT(i);
}

/* Length of the exact built-in containers; -1 when v is not one. */
static int64_t builtin_len(VM *vm, Value v) {
    if (!IS_OBJ(v)) return -1;
    Obj *o = AS_OBJ(v);
    ObjType *t = o->type;
    switch (o->kind) {
    case OK_STR: return t == vm->t_str ? ((ObjStr *)o)->nchars : -1;
    case OK_LIST: return t == vm->t_list ? ((ObjList *)o)->len : -1;
    case OK_TUPLE: return t == vm->t_tuple ? ((ObjTuple *)o)->len : -1;
    case OK_DICT: return t == vm->t_dict ? ((ObjDict *)o)->len : -1;
    case OK_SET: return (t == vm->t_set || t == vm->t_frozenset) ? ((ObjSet *)o)->len : -1;
    case OK_BYTES: return t == vm->t_bytes ? ((ObjBytes *)o)->len : -1;
    case OK_RANGE: return t == vm->t_range ? ((ObjRange *)o)->len : -1;
    default: return -1;
    }
}

int64_t vm_len(VM *vm, Value v) {
    int64_t n = builtin_len(vm, v);
    if (n >= 0) return n;
    Value f = type_lookup(vm, vm_type_of(vm, v), vm->s___len__);
    if (IS_NULL(f) || IS_NONE(f)) {
        vm_raise(vm, vm->exc_TypeError, "object of type '%s' has no len()", vm_type_name(vm, v));
        return -1;
    }
    Value r = call_found(vm, f, v, vm->s___len__, NULL, 0);
    if (IS_NULL(r)) return -1;
    return len_result(vm, r);
}

int vm_truthy(VM *vm, Value v) {
    switch (v.tag) {
    case VT_BOOL:
    case VT_INT: return AS_INT(v) != 0;
    case VT_NONE: return 0;
    case VT_FLOAT: return AS_FLOAT(v) != 0.0;
    case VT_OBJ: break;
    default: return 0;
    }
    if (IS_BIGINT(v)) return 1; /* normalised: a big int is never 0 */
    int64_t n = builtin_len(vm, v);
    if (n >= 0) return n != 0;
    ObjType *t = AS_OBJ(v)->type;
    Value f = type_lookup(vm, t, vm->s___bool__);
    if (!IS_NULL(f)) {
        Value r = call_found(vm, f, v, vm->s___bool__, NULL, 0);
        if (IS_NULL(r)) return -1;
        if (!IS_BOOL(r)) {
            vm_raise(vm, vm->exc_TypeError, "__bool__ should return bool, returned %s", vm_type_name(vm, r));
            return -1;
        }
        return AS_BOOL(r);
    }
    f = type_lookup(vm, t, vm->s___len__);
    if (!IS_NULL(f)) {
        Value r = call_found(vm, f, v, vm->s___len__, NULL, 0);
        if (IS_NULL(r)) return -1;
        int64_t len = len_result(vm, r);
        if (len < 0) return -1;
        return len != 0;
    }
    return 1;
}

/* ---- hashing ------------------------------------------------------------- */

#define XXPRIME_1 ((uint64_t)11400714785074694791ULL)
#define XXPRIME_2 ((uint64_t)14029467366897019727ULL)
#define XXPRIME_5 ((uint64_t)2870177450012600261ULL)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

/* hash(None): CPython 3.11 hashes the singleton's address; any constant
 * does here. */
#define NONE_HASH ((uint64_t)0xFCA86420u >> 4)

/* CPython's tuplehash (xxHash-based). Nested exact tuples are walked with
 * an explicit stack, so deeply nested tuples hash without C recursion (as
 * CPython manages to). */
typedef struct {
    ObjTuple *t;
    int64_t i;
    uint64_t acc;
} TupleHashFrame;

static inline uint64_t tuple_hash_lane(uint64_t acc, uint64_t lane) {
    acc += lane * XXPRIME_2;
    acc = XXROTATE(acc);
    return acc * XXPRIME_1;
}

static inline uint64_t tuple_hash_finish(uint64_t acc, int64_t len) {
    acc += (uint64_t)len ^ (XXPRIME_5 ^ 3527539UL);
    return acc == (uint64_t)-1 ? 1546275796 : acc;
}

static bool tuple_hash(VM *vm, ObjTuple *t, uint64_t *out) {
    TupleHashFrame small[16], *stack = small;
    int depth = 0, cap = 16;
    bool ok = true;
    stack[0] = (TupleHashFrame){t, 0, XXPRIME_5};
    for (;;) {
        TupleHashFrame *f = &stack[depth];
        if (f->i < f->t->len) {
            Value item = f->t->items[f->i];
            if (IS_OBJ(item) && AS_OBJ(item)->type == vm->t_tuple) {
                if (depth + 1 == cap) {
                    TupleHashFrame *n = malloc(sizeof(TupleHashFrame) * (size_t)cap * 2);
                    if (!n) {
                        vm_raise_no_memory(vm);
                        ok = false;
                        break;
                    }
                    memcpy(n, stack, sizeof(TupleHashFrame) * (size_t)cap);
                    if (stack != small) free(stack);
                    stack = n;
                    cap *= 2;
                }
                stack[++depth] = (TupleHashFrame){AS_TUPLE(item), 0, XXPRIME_5};
                continue;
            }
            uint64_t lane;
            if (!vm_hash(vm, item, &lane)) {
                ok = false;
                break;
            }
            f->acc = tuple_hash_lane(f->acc, lane);
            f->i++;
            continue;
        }
        uint64_t h = tuple_hash_finish(f->acc, f->t->len);
        if (depth == 0) {
            *out = h;
            break;
        }
        depth--;
        stack[depth].acc = tuple_hash_lane(stack[depth].acc, h);
        stack[depth].i++;
    }
    if (stack != small) free(stack);
    return ok;
}

static bool unhashable(VM *vm, Value v) {
    vm_raise(vm, vm->exc_TypeError, "unhashable type: '%s'", vm_type_name(vm, v));
    return false;
}

bool vm_hash(VM *vm, Value v, uint64_t *out) {
    switch (v.tag) {
    case VT_INT:
    case VT_BOOL: *out = int_hash_small(AS_INT(v)); return true;
    case VT_FLOAT: *out = float_hash(AS_FLOAT(v)); return true;
    case VT_NONE: *out = NONE_HASH; return true;
    case VT_OBJ: break;
    default: return unhashable(vm, v);
    }
    Obj *o = AS_OBJ(v);
    ObjType *t = o->type;
    if (o->kind == OK_STR && t == vm->t_str) {
        *out = str_hash(vm, (ObjStr *)o);
        return true;
    }
    if (o->kind == OK_BIGINT) {
        *out = int_hash(v);
        return true;
    }
    if (o->kind == OK_TUPLE && t == vm->t_tuple) return tuple_hash(vm, (ObjTuple *)o, out);
    if (t == vm->t_list || t == vm->t_dict || t == vm->t_set || t == vm->t_bytearray) return unhashable(vm, v);
    Value f = type_lookup(vm, t, vm->s___hash__);
    if (IS_NULL(f) || IS_NONE(f)) return unhashable(vm, v);
    /* a subclass of a mutable built-in that did not get __hash__ = None
     * from its base still must not hash by identity */
    if (IS_NATIVE(f) && AS_NATIVE(f)->owner == vm->t_object &&
        (o->kind == OK_LIST || o->kind == OK_DICT || (o->kind == OK_SET && !type_is_subtype(t, vm->t_frozenset))))
        return unhashable(vm, v);
    Value r = call_found(vm, f, v, vm->s___hash__, NULL, 0);
    if (IS_NULL(r)) return false;
    if (!int_check(r)) {
        vm_raise(vm, vm->exc_TypeError, "__hash__ method should return an integer");
        return false;
    }
    if (IS_BIGINT(r)) {
        *out = int_hash(r);
        return true;
    }
    int64_t h = AS_INT(r);
    if (h == -1) h = -2;
    *out = (uint64_t)h;
    return true;
}

/* ---- repr, str, ascii, format ---------------------------------------------- */

static Value checked_str_result(VM *vm, Value r, const char *what) {
    if (IS_NULL(r)) return VAL_NULL;
    if (!IS_STR(r)) return vm_raise(vm, vm->exc_TypeError, "%s returned non-string (type %s)", what, vm_type_name(vm, r));
    return r;
}

Value vm_repr(VM *vm, Value v) {
    switch (v.tag) {
    case VT_NONE: return MAKE_OBJ(str_intern_cstr(vm, "None"));
    case VT_BOOL: return MAKE_OBJ(str_intern_cstr(vm, AS_BOOL(v) ? "True" : "False"));
    case VT_INT: return int_repr(vm, v);
    case VT_FLOAT: return float_repr(vm, AS_FLOAT(v));
    case VT_OBJ: break;
    default: return MAKE_OBJ(str_from_cstr(vm, "<NULL>"));
    }
    Obj *o = AS_OBJ(v);
    if (o->kind == OK_STR && o->type == vm->t_str) return MAKE_OBJ(str_repr(vm, (ObjStr *)o));
    if (o->kind == OK_BIGINT) return int_repr(vm, v);
    Value f = type_lookup(vm, o->type, vm->s___repr__);
    if (IS_NULL(f)) return MAKE_OBJ(str_printf(vm, "<%s object at %p>", o->type->name->data, (void *)o));
    if (!enter_c(vm, " while getting the repr of an object")) return VAL_NULL;
    Value r = call_found(vm, f, v, vm->s___repr__, NULL, 0);
    leave_c(vm);
    return checked_str_result(vm, r, "__repr__");
}

Value vm_str(VM *vm, Value v) {
    switch (v.tag) {
    case VT_NONE:
    case VT_BOOL:
    case VT_INT:
    case VT_FLOAT: return vm_repr(vm, v);
    case VT_OBJ: break;
    default: return MAKE_OBJ(str_from_cstr(vm, "<NULL>"));
    }
    Obj *o = AS_OBJ(v);
    if (o->kind == OK_STR && o->type == vm->t_str) return v;
    if (o->kind == OK_BIGINT) return int_repr(vm, v);
    Value f = type_lookup(vm, o->type, vm->s___str__);
    if (IS_NULL(f)) return vm_repr(vm, v);
    if (!enter_c(vm, " while getting the str of an object")) return VAL_NULL;
    Value r = call_found(vm, f, v, vm->s___str__, NULL, 0);
    leave_c(vm);
    return checked_str_result(vm, r, "__str__");
}

Value vm_ascii(VM *vm, Value v) {
    Value r = vm_repr(vm, v);
    if (IS_NULL(r)) return VAL_NULL;
    ObjStr *s = AS_STR(r);
    if (s->len == s->nchars) return r;
    StrBuf b;
    strbuf_init(&b);
    const char *p = s->data, *end = s->data + s->len;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) {
            strbuf_add_char(&b, (char)c);
            p++;
            continue;
        }
        int n;
        uint32_t cp = utf8_decode(p, &n);
        p += n;
        if (cp < 0x100) strbuf_printf(&b, "\\x%02x", cp);
        else if (cp < 0x10000) strbuf_printf(&b, "\\u%04x", cp);
        else strbuf_printf(&b, "\\U%08x", cp);
    }
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

Value vm_format(VM *vm, Value v, Value spec) {
    if (IS_NULL(spec)) spec = MAKE_OBJ(vm->empty_str);
    if (!IS_STR(spec))
        return vm_raise(vm, vm->exc_TypeError, "format() argument 2 must be str, not %s", vm_type_name(vm, spec));
    ObjStr *sp = AS_STR(spec);
    if (sp->len == 0) {
        /* PyObject_Format's fast path: str(v) for exact str and int */
        if (exact(vm, v, vm->t_str)) return v;
        if (IS_INTLIKE(v) || IS_BIGINT(v) || IS_FLOAT(v) || IS_NONE(v)) return vm_str(vm, v);
    } else {
        if (exact(vm, v, vm->t_str)) return format_str_spec(vm, AS_STR(v), sp);
        if (IS_INT(v) || IS_BIGINT(v)) return format_int_spec(vm, v, sp);
        if (IS_FLOAT(v)) return format_float_spec(vm, AS_FLOAT(v), sp);
    }
    Value f = type_lookup(vm, vm_type_of(vm, v), vm->s___format__);
    if (IS_NULL(f))
        return vm_raise(vm, vm->exc_TypeError, "Type %s doesn't define __format__", vm_type_name(vm, v));
    Value r = call_found(vm, f, v, vm->s___format__, &spec, 1);
    if (IS_NULL(r)) return VAL_NULL;
    if (!IS_STR(r)) return vm_raise(vm, vm->exc_TypeError, "__format__ must return a str, not %s", vm_type_name(vm, r));
    return r;
}

/* ---- repr recursion guard ------------------------------------------------ */

int vm_repr_enter(VM *vm, Obj *o) {
    for (int i = vm->repr_len - 1; i >= 0; i--)
        if (vm->repr_stack[i] == o) return 1;
    if (vm->repr_len == vm->repr_cap) {
        int cap = vm->repr_cap ? vm->repr_cap * 2 : 16;
        Obj **s = realloc(vm->repr_stack, sizeof(Obj *) * (size_t)cap);
        if (!s) {
            vm_raise_no_memory(vm);
            return -1;
        }
        vm->repr_stack = s;
        vm->repr_cap = cap;
    }
    vm->repr_stack[vm->repr_len++] = o;
    return 0;
}

void vm_repr_leave(VM *vm, Obj *o) {
    for (int i = vm->repr_len - 1; i >= 0; i--) {
        if (vm->repr_stack[i] == o) {
            memmove(vm->repr_stack + i, vm->repr_stack + i + 1, sizeof(Obj *) * (size_t)(vm->repr_len - i - 1));
            vm->repr_len--;
            return;
        }
    }
}


/* ---- subscription -------------------------------------------------------- */

static Value index_error(VM *vm, const char *what) {
    return vm_raise(vm, vm->exc_IndexError, "%s index out of range", what);
}

Value vm_getitem(VM *vm, Value obj, Value key) {
    if (IS_OBJ(obj)) {
        Obj *o = AS_OBJ(obj);
        ObjType *t = o->type;
        if (IS_INTLIKE(key)) {
            int64_t i = AS_INT(key);
            if (t == vm->t_list) {
                ObjList *l = (ObjList *)o;
                if (i < 0) i += l->len;
                if (i < 0 || i >= l->len) return index_error(vm, "list");
                return l->items[i];
            }
            if (t == vm->t_tuple) {
                ObjTuple *tu = (ObjTuple *)o;
                if (i < 0) i += tu->len;
                if (i < 0 || i >= tu->len) return index_error(vm, "tuple");
                return tu->items[i];
            }
            if (t == vm->t_str) {
                ObjStr *s = (ObjStr *)o;
                if (i < 0) i += s->nchars;
                if (i < 0 || i >= s->nchars) return index_error(vm, "string");
                if (s->len == s->nchars) return MAKE_OBJ(str_from_codepoint(vm, (unsigned char)s->data[i]));
                return MAKE_OBJ(str_from_codepoint(vm, str_char_at(s, i)));
            }
        }
        if (t == vm->t_dict) {
            Value v = dict_get(vm, (ObjDict *)o, key);
            if (!IS_NULL(v)) return v;
            if (vm_has_exc(vm)) return VAL_NULL;
            return exc_raise_key_error(vm, key);
        }
    }
    Value f = type_lookup(vm, vm_type_of(vm, obj), vm->s___getitem__);
    if (!IS_NULL(f)) return call_found(vm, f, obj, vm->s___getitem__, &key, 1);
    if (IS_TYPE(obj)) {
        Value m = vm_getattr_opt(vm, obj, vm->s___class_getitem__);
        if (IS_NULL(m) && vm_has_exc(vm)) return VAL_NULL;
        if (!IS_NULL(m) && !IS_NONE(m)) return vm_call1(vm, m, key);
        return vm_raise(vm, vm->exc_TypeError, "type '%s' is not subscriptable", AS_TYPE(obj)->name->data);
    }
    return vm_raise(vm, vm->exc_TypeError, "'%s' object is not subscriptable", vm_type_name(vm, obj));
}

/* Does the object have CPython's tp_as_sequence (which selects "doesn't"
 * in the item deletion message)? Built-in containers and every class. */
static bool has_seq_methods(VM *vm, Value obj) {
    if (!IS_OBJ(obj)) return false;
    Obj *o = AS_OBJ(obj);
    if (o->type->tflags & TF_HEAPTYPE) return true;
    switch (o->kind) {
    case OK_STR:
    case OK_BYTES:
    case OK_TUPLE:
    case OK_LIST:
    case OK_DICT:
    case OK_SET:
    case OK_RANGE: return true;
    default: return false;
    }
}

/* Item assignment (v) or deletion (v VAL_NULL). */
static bool ass_item(VM *vm, Value obj, Value key, Value v) {
    bool del = IS_NULL(v);
    ObjStr *name = del ? vm->s___delitem__ : vm->s___setitem__;
    ObjType *t = vm_type_of(vm, obj);
    Value f = type_lookup(vm, t, name);
    if (IS_NULL(f)) {
        /* a class with only the other method: CPython's shared slot looks
         * the missing one up and fails with AttributeError */
        if ((t->tflags & TF_HEAPTYPE) &&
            !IS_NULL(type_lookup(vm, t, del ? vm->s___setitem__ : vm->s___delitem__))) {
            vm_raise(vm, vm->exc_AttributeError, "%s", name->data);
            return false;
        }
        if (del && has_seq_methods(vm, obj) && has_index(vm, key))
            vm_raise(vm, vm->exc_TypeError, "'%s' object doesn't support item deletion", t->name->data);
        else
            vm_raise(vm, vm->exc_TypeError, "'%s' object does not support item %s", t->name->data,
                     del ? "deletion" : "assignment");
        return false;
    }
    Value args[2] = {key, v};
    return !IS_NULL(call_found(vm, f, obj, name, args, del ? 1 : 2));
}

bool vm_setitem(VM *vm, Value obj, Value key, Value v) {
    if (IS_OBJ(obj)) {
        Obj *o = AS_OBJ(obj);
        if (o->type == vm->t_list && IS_INTLIKE(key)) {
            ObjList *l = (ObjList *)o;
            int64_t i = AS_INT(key);
            if (i < 0) i += l->len;
            if (i >= 0 && i < l->len) {
                OBJ_STORE(vm, o, l->items[i], v);
                return true;
            }
        } else if (o->type == vm->t_dict) {
            return dict_set(vm, (ObjDict *)o, key, v);
        }
    }
    return ass_item(vm, obj, key, v);
}

bool vm_delitem(VM *vm, Value obj, Value key) {
    if (exact(vm, obj, vm->t_dict)) {
        int r = dict_del(vm, AS_DICT(obj), key);
        if (r < 0) return false;
        if (r == 0) {
            exc_raise_key_error(vm, key);
            return false;
        }
        return true;
    }
    return ass_item(vm, obj, key, VAL_NULL);
}

/* ---- iteration ------------------------------------------------------------ */

/* The iterator over an object that only has __getitem__ (CPython's
 * seqiterobject, type name "iterator"): ptypes[56]. */
typedef struct {
    Obj obj;
    Value seq; /* VAL_NULL once exhausted */
    int64_t index;
} SeqIter;

#define SEQITER_TYPE(vm) ((vm)->ptypes[56])

static void seqiter_trace(GC *gc, Obj *o) { gc_mark_value(gc, ((SeqIter *)o)->seq); }

static Value seqiter_next(VM *vm, Value self) {
    SeqIter *it = (SeqIter *)AS_OBJ(self);
    if (IS_NULL(it->seq)) return VAL_NULL;
    Value v = vm_getitem(vm, it->seq, MAKE_INT(it->index));
    if (IS_NULL(v)) {
        if (vm_exc_matches(vm, vm->exc_IndexError) || vm_exc_matches(vm, vm->exc_StopIteration)) {
            vm_clear_exc(vm);
            it->seq = VAL_NULL;
        }
        return VAL_NULL;
    }
    it->index++;
    return v;
}

static Value seqiter_length_hint(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "__length_hint__", nargs - 1, 0, 0)) return VAL_NULL;
    SeqIter *it = (SeqIter *)AS_OBJ(args[0]);
    if (IS_NULL(it->seq)) return MAKE_INT(0);
    ObjType *t = vm_type_of(vm, it->seq);
    if (builtin_len(vm, it->seq) < 0 && IS_NULL(type_lookup(vm, t, vm->s___len__))) return notimpl(vm);
    int64_t n = vm_len(vm, it->seq);
    if (n < 0) return VAL_NULL;
    n -= it->index;
    return MAKE_INT(n < 0 ? 0 : n);
}

static const MethodDef seqiter_methods[] = {
    {"__next__", type_slot_next, 0, NULL},
    {"__iter__", type_slot_iter_self, 0, NULL},
    {"__length_hint__", seqiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static bool is_iterator(VM *vm, Value it) {
    ObjType *t = vm_type_of(vm, it);
    if (t->iternext) return true;
    Value f = type_lookup(vm, t, vm->s___next__);
    return !IS_NULL(f) && !IS_NONE(f);
}

Value vm_getiter(VM *vm, Value obj) {
    ObjType *t = vm_type_of(vm, obj);
    Value f = type_lookup(vm, t, vm->s___iter__);
    if (!IS_NULL(f)) {
        if (IS_NONE(f)) return vm_raise(vm, vm->exc_TypeError, "'%s' object is not iterable", t->name->data);
        if (IS_NATIVE(f) && AS_NATIVE(f)->fn == type_slot_iter_self && t->iternext) return obj;
        Value it = call_found(vm, f, obj, vm->s___iter__, NULL, 0);
        if (IS_NULL(it)) return VAL_NULL;
        if (!is_iterator(vm, it))
            return vm_raise(vm, vm->exc_TypeError, "iter() returned non-iterator of type '%s'", vm_type_name(vm, it));
        return it;
    }
    f = type_lookup(vm, t, vm->s___getitem__);
    if (!IS_NULL(f) && !IS_NONE(f)) {
        SeqIter *it = (SeqIter *)gc_alloc(vm, sizeof(SeqIter), SEQITER_TYPE(vm), OK_OTHER);
        it->seq = obj;
        it->index = 0;
        return MAKE_OBJ(it);
    }
    return vm_raise(vm, vm->exc_TypeError, "'%s' object is not iterable", t->name->data);
}

Value vm_iternext(VM *vm, Value iter) {
    ObjType *t = vm_type_of(vm, iter);
    Value r;
    if (t->iternext) {
        r = t->iternext(vm, iter);
    } else {
        Value f = type_lookup(vm, t, vm->s___next__);
        if (IS_NULL(f))
            return vm_raise(vm, vm->exc_TypeError, "'%s' object is not an iterator", t->name->data);
        r = call_found(vm, f, iter, vm->s___next__, NULL, 0);
    }
    if (IS_NULL(r) && vm_exc_matches(vm, vm->exc_StopIteration)) vm_clear_exc(vm);
    return r;
}

ObjList *vm_list_from_iterable(VM *vm, Value v) {
    if (IS_OBJ(v)) {
        Obj *o = AS_OBJ(v);
        ObjType *t = o->type;
        if (t == vm->t_list || t == vm->t_tuple) {
            int64_t n = t == vm->t_list ? ((ObjList *)o)->len : ((ObjTuple *)o)->len;
            Value *src = t == vm->t_list ? ((ObjList *)o)->items : ((ObjTuple *)o)->items;
            ObjList *l = list_new(vm, n);
            if (n) memcpy(l->items, src, sizeof(Value) * (size_t)n);
            return l;
        }
        if (t == vm->t_dict) return dict_keys_list(vm, (ObjDict *)o);
        if (t == vm->t_str) {
            ObjStr *s = (ObjStr *)o;
            ObjList *l = list_new(vm, s->nchars);
            const char *p = s->data;
            for (int64_t i = 0; i < s->nchars; i++) {
                uint32_t cp;
                if ((unsigned char)*p < 0x80) {
                    cp = (unsigned char)*p++;
                } else {
                    int n;
                    cp = utf8_decode(p, &n);
                    p += n;
                }
                l->items[i] = MAKE_OBJ(str_from_codepoint(vm, cp));
            }
            return l;
        }
        if (t == vm->t_set || t == vm->t_frozenset) {
            ObjSet *s = (ObjSet *)o;
            ObjList *l = list_new(vm, 0);
            int64_t pos = 0;
            Value k;
            while (set_next(s, &pos, &k)) list_append(vm, l, k);
            return l;
        }
    }
    ObjList *l = list_new(vm, 0);
    size_t mark = gc_roots_mark(vm);
    gc_push_root(vm, MAKE_OBJ(l));
    Value it = vm_getiter(vm, v);
    if (IS_NULL(it)) {
        gc_roots_reset(vm, mark);
        return NULL;
    }
    gc_push_root(vm, it);
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) {
            if (vm_has_exc(vm)) {
                gc_roots_reset(vm, mark);
                return NULL;
            }
            break;
        }
        list_append(vm, l, x);
    }
    gc_roots_reset(vm, mark);
    return l;
}

/* ---- membership ------------------------------------------------------------ */

static int contains_in_items(VM *vm, Value container, Value item) {
    /* re-read the container every step: __eq__ may mutate it */
    for (int64_t i = 0;; i++) {
        Value x;
        if (IS_LIST(container)) {
            ObjList *l = AS_LIST(container);
            if (i >= l->len) return 0;
            x = l->items[i];
        } else {
            ObjTuple *t = AS_TUPLE(container);
            if (i >= t->len) return 0;
            x = t->items[i];
        }
        int r = vm_eq(vm, x, item);
        if (r != 0) return r;
    }
}

int vm_contains(VM *vm, Value container, Value item) {
    if (IS_OBJ(container)) {
        Obj *o = AS_OBJ(container);
        ObjType *t = o->type;
        if (t == vm->t_dict) {
            Value v = dict_get(vm, (ObjDict *)o, item);
            if (!IS_NULL(v)) return 1;
            return vm_has_exc(vm) ? -1 : 0;
        }
        if (t == vm->t_set || t == vm->t_frozenset) return set_contains(vm, (ObjSet *)o, item);
        if (t == vm->t_list || t == vm->t_tuple) return contains_in_items(vm, container, item);
        if (t == vm->t_str && exact(vm, item, vm->t_str)) {
            ObjStr *h = (ObjStr *)o, *n = AS_STR(item);
            if (n->len == 0) return 1;
            return memmem(h->data, (size_t)h->len, n->data, (size_t)n->len) != NULL;
        }
    }
    ObjType *t = vm_type_of(vm, container);
    Value f = type_lookup(vm, t, vm->s___contains__);
    if (!IS_NULL(f)) {
        if (IS_NONE(f)) {
            vm_raise(vm, vm->exc_TypeError, "'%s' object is not a container", t->name->data);
            return -1;
        }
        Value r = call_found(vm, f, container, vm->s___contains__, &item, 1);
        if (IS_NULL(r)) return -1;
        if (IS_BOOL(r)) return AS_BOOL(r);
        return vm_truthy(vm, r);
    }
    size_t mark = gc_roots_mark(vm);
    Value it = vm_getiter(vm, container);
    if (IS_NULL(it)) {
        if (vm_exc_matches(vm, vm->exc_TypeError)) {
            vm_clear_exc(vm);
            vm_raise(vm, vm->exc_TypeError, "argument of type '%s' is not iterable", t->name->data);
        }
        return -1;
    }
    gc_push_root(vm, it);
    int result = 0;
    for (;;) {
        Value x = vm_iternext(vm, it);
        if (IS_NULL(x)) {
            if (vm_has_exc(vm)) result = -1;
            break;
        }
        int r = vm_eq(vm, x, item);
        if (r != 0) {
            result = r;
            break;
        }
    }
    gc_roots_reset(vm, mark);
    return result;
}

/* ---- setup ------------------------------------------------------------------ */

void ops_init(VM *vm) {
    ObjType *t = type_new_builtin(vm, "iterator", NULL, OK_OTHER, sizeof(SeqIter), seqiter_trace, NULL, TF_BUILTIN);
    t->iternext = seqiter_next;
    type_add_methods(vm, t, seqiter_methods);
    SEQITER_TYPE(vm) = t;
}

void ops_free(VM *vm) {
    free(vm->repr_stack);
    vm->repr_stack = NULL;
    vm->repr_len = vm->repr_cap = 0;
}
