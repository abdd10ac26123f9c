/* exc_group.c: the run-time half of `except*` (CPython 3.11's
 * exception_group_match and _PyExc_PrepReraiseStar): splitting the
 * exception being handled by each clause's type, and building what is
 * raised again at the end from what the clauses left over and raised. */
#include <string.h>

#include "exception.h"
#include "list.h"
#include "str.h"
#include "vm.h"
#include "vm_impl.h"

static bool is_group(VM *vm, Value v) { return IS_EXCEPTION(v) && vm_isinstance(vm, v, vm->exc_BaseExceptionGroup); }

static bool check_type(VM *vm, Value t) {
    if (IS_TUPLE(t)) {
        for (int64_t i = 0; i < AS_TUPLE(t)->len; i++)
            if (!check_type(vm, AS_TUPLE(t)->items[i])) return false;
        return true;
    }
    if (!IS_TYPE(t) || !(AS_TYPE(t)->tflags & TF_EXCEPTION)) {
        vm_raise(vm, vm->exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        return false;
    }
    if (type_is_subtype(AS_TYPE(t), vm->exc_BaseExceptionGroup)) {
        vm_raise(vm, vm->exc_TypeError, "catching ExceptionGroup with except* is not allowed. Use except instead.");
        return false;
    }
    return true;
}

static bool matches(VM *vm, Value exc, Value t) {
    if (IS_TUPLE(t)) {
        for (int64_t i = 0; i < AS_TUPLE(t)->len; i++)
            if (matches(vm, exc, AS_TUPLE(t)->items[i])) return true;
        return false;
    }
    return vm_isinstance(vm, exc, AS_TYPE(t));
}

Value excgroup_match(VM *vm, Value exc, Value type, Value *rest) {
    *rest = VAL_NONE;
    if (!check_type(vm, type)) return VAL_NULL;
    if (IS_NONE(exc)) return VAL_NONE;
    if (matches(vm, exc, type)) {
        if (is_group(vm, exc)) return exc;
        /* a naked exception is handed to the clause wrapped in a group */
        Value items = MAKE_OBJ(tuple_from(vm, &exc, 1));
        Value args[2] = {MAKE_OBJ(str_new(vm, "", 0)), items};
        Value g = vm_call(vm, MAKE_OBJ(vm->exc_ExceptionGroup), args, 2, NULL);
        if (IS_NULL(g)) return VAL_NULL;
        Value tb = vm_getattr_opt(vm, exc, str_intern_cstr(vm, "__traceback__"));
        if (IS_NULL(tb)) vm_clear_exc(vm);
        else if (!vm_setattr(vm, g, str_intern_cstr(vm, "__traceback__"), tb)) vm_clear_exc(vm);
        return g;
    }
    if (is_group(vm, exc)) {
        Value pair = vm_call_method(vm, exc, str_intern_cstr(vm, "split"), &type, 1);
        if (IS_NULL(pair)) return VAL_NULL;
        if (!IS_TUPLE(pair) || AS_TUPLE(pair)->len != 2)
            return vm_raise(vm, vm->exc_TypeError, "ExceptionGroup.split must return a 2-tuple");
        *rest = AS_TUPLE(pair)->items[1];
        return AS_TUPLE(pair)->items[0];
    }
    *rest = exc;
    return VAL_NONE;
}

/* Appends every leaf exception of e (e itself when it is not a group). */
static void collect_leaves(VM *vm, Value e, ObjList *out) {
    if (IS_NONE(e) || IS_NULL(e)) return;
    if (!is_group(vm, e)) {
        list_append(vm, out, e);
        return;
    }
    Value ex = vm_getattr_opt(vm, e, str_intern_cstr(vm, "exceptions"));
    if (IS_NULL(ex)) {
        vm_clear_exc(vm);
        return;
    }
    if (!IS_TUPLE(ex)) return;
    for (int64_t i = 0; i < AS_TUPLE(ex)->len; i++) collect_leaves(vm, AS_TUPLE(ex)->items[i], out);
}

/* The predicate of the projection: is exc one of the bound leaves? */
static Value leaf_pred(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    ObjList *leaves = AS_LIST(args[0]);
    for (int64_t i = 0; i < leaves->len; i++)
        if (val_is(leaves->items[i], args[1])) return VAL_TRUE;
    return VAL_FALSE;
}

/* A re-raised part of orig keeps orig's traceback, cause and context (split
 * copies them); an exception raised in a clause has its own. */
static bool same_metadata(Value a, Value b) {
    ObjException *x = AS_EXCEPTION(a), *y = AS_EXCEPTION(b);
    if (!val_is(x->cause, y->cause) || !val_is(x->context, y->context)) return false;
    if (x->tb_len != y->tb_len) return false;
    for (int i = 0; i < x->tb_len; i++)
        if (x->tb[i].code != y->tb[i].code || x->tb[i].line != y->tb[i].line) return false;
    return true;
}

Value excgroup_prep_reraise(VM *vm, Value orig, ObjList *excs) {
    if (excs->len == 0) return VAL_NONE;
    if (!is_group(vm, orig)) {
        /* a naked exception: at most one clause ran */
        for (int64_t i = 0; i < excs->len; i++)
            if (!IS_NONE(excs->items[i])) return excs->items[i];
        return VAL_NONE;
    }
    ObjList *raised = list_new(vm, 0), *reraised = list_new(vm, 0);
    gc_push_root(vm, MAKE_OBJ(raised));
    gc_push_root(vm, MAKE_OBJ(reraised));
    for (int64_t i = 0; i < excs->len; i++) {
        Value e = excs->items[i];
        if (IS_NONE(e) || !IS_EXCEPTION(e)) continue;
        list_append(vm, same_metadata(e, orig) ? reraised : raised, e);
    }
    /* the re-raised leaves, in orig's nesting */
    Value reraised_eg = VAL_NONE;
    if (reraised->len > 0) {
        ObjList *leaves = list_new(vm, 0);
        gc_push_root(vm, MAKE_OBJ(leaves));
        for (int64_t i = 0; i < reraised->len; i++) collect_leaves(vm, reraised->items[i], leaves);
        ObjNative *pred = native_new(vm, "_leaf_of", leaf_pred, 0);
        pred->bound = MAKE_OBJ(leaves);
        Value pv = MAKE_OBJ(pred);
        Value pair = vm_call_method(vm, orig, str_intern_cstr(vm, "split"), &pv, 1);
        gc_pop_roots(vm, 1);
        if (IS_NULL(pair)) {
            gc_pop_roots(vm, 2);
            return VAL_NULL;
        }
        if (IS_TUPLE(pair) && AS_TUPLE(pair)->len == 2) reraised_eg = AS_TUPLE(pair)->items[0];
    }
    Value result;
    if (raised->len == 0) {
        result = reraised_eg;
    } else {
        if (!IS_NONE(reraised_eg)) list_append(vm, raised, reraised_eg);
        if (raised->len == 1) {
            /* one exception (raised by a clause) goes up as it is */
            Value only = raised->items[0];
            gc_pop_roots(vm, 2);
            return only;
        }
        Value args[2] = {MAKE_OBJ(str_new(vm, "", 0)), MAKE_OBJ(raised)};
        result = vm_call(vm, MAKE_OBJ(vm->exc_ExceptionGroup), args, 2, NULL);
        if (IS_NULL(result) && vm_exc_matches(vm, vm->exc_TypeError)) {
            /* a BaseException among them: BaseExceptionGroup */
            vm_clear_exc(vm);
            result = vm_call(vm, MAKE_OBJ(vm->exc_BaseExceptionGroup), args, 2, NULL);
        }
    }
    gc_pop_roots(vm, 2);
    return result;
}
