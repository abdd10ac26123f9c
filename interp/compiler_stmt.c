/* compiler_stmt.c: statements: definitions, assignments, control flow,
 * exception handling (try/except/finally, with) and the unwinding that
 * return/break/continue do through enclosing blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler_impl.h"
#include "str.h"

bool cc_is_docstring(const StmtList *body) {
    if (body->len == 0) return false;
    const Stmt *s = body->items[0];
    return s->kind == S_EXPR && s->u.expr.value->kind == E_CONST && s->u.expr.value->u.constant.kind == C_STR;
}

bool cc_find_annotations(const StmtList *l) {
    for (int i = 0; i < l->len; i++) {
        const Stmt *s = l->items[i];
        switch (s->kind) {
        case S_ANNASSIGN: return true;
        case S_FOR:
            if (cc_find_annotations(&s->u.for_.body) || cc_find_annotations(&s->u.for_.orelse)) return true;
            break;
        case S_WHILE:
            if (cc_find_annotations(&s->u.while_.body) || cc_find_annotations(&s->u.while_.orelse)) return true;
            break;
        case S_IF:
            if (cc_find_annotations(&s->u.if_.body) || cc_find_annotations(&s->u.if_.orelse)) return true;
            break;
        case S_WITH:
            if (cc_find_annotations(&s->u.with.body)) return true;
            break;
        case S_TRY:
            if (cc_find_annotations(&s->u.try_.body) || cc_find_annotations(&s->u.try_.orelse) ||
                cc_find_annotations(&s->u.try_.finalbody))
                return true;
            for (int k = 0; k < s->u.try_.nhandlers; k++)
                if (cc_find_annotations(&s->u.try_.handlers[k].body)) return true;
            break;
        default: break;
        }
    }
    return false;
}

void cc_stmts(Compiler *c, const StmtList *l) {
    for (int i = 0; i < l->len && !c->failed; i++) cc_stmt(c, l->items[i]);
}

static bool in_function(Compiler *c) { return c->u->ste->kind == BLOCK_FUNCTION; }

static void store_name(Compiler *c, const char *name) { cc_nameop(c, name, NAME_STORE); }

/* ---- unwinding ------------------------------------------------------------------ */

static void exit_call(Compiler *c, bool async) {
    cc_op(c, OP_PUSH_NULL);
    cc_op(c, OP_LOAD_NONE);
    cc_op(c, OP_LOAD_NONE);
    cc_op(c, OP_LOAD_NONE);
    cc_emit(c, OP_CALL, 3);
    if (async) {
        cc_emit(c, OP_GET_AWAITABLE, 2); /* 2: awaiting __aexit__ (CPython's oparg) */
        cc_send_loop(c);
    }
    cc_op(c, OP_POP_TOP);
}

static void unwind_fblock(Compiler *c, const FBlock *fb, bool preserve_tos) {
    switch (fb->kind) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER: return;
    case FB_EXCEPTION_GROUP_HANDLER:
        cc_error(c, c->u->loc, "'break', 'continue' and 'return' cannot appear in an except* block");
        return;
    case FB_FOR_LOOP:
    case FB_ASYNC_FOR_LOOP:
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        cc_op(c, OP_POP_TOP);
        return;
    case FB_TRY_EXCEPT: cc_pop_handler(c); return;
    case FB_FINALLY_TRY:
        cc_pop_handler(c);
        if (preserve_tos) cc_push_fblock(c, (FBlock){.kind = FB_POP_VALUE});
        cc_stmts(c, fb->finalbody);
        if (preserve_tos) cc_pop_fblock(c);
        return;
    case FB_FINALLY_END:
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        cc_op(c, OP_POP_TOP);
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        cc_pop_handler(c);
        cc_op(c, OP_POP_EXCEPT);
        return;
    case FB_WITH:
    case FB_ASYNC_WITH: {
        Span saved = c->u->loc;
        cc_set_loc(c, fb->stmt->span);
        cc_pop_handler(c);
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        exit_call(c, fb->kind == FB_ASYNC_WITH);
        cc_set_loc(c, saved);
        return;
    }
    case FB_HANDLER_CLEANUP:
        if (fb->name) cc_pop_handler(c);
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        cc_pop_handler(c);
        cc_op(c, OP_POP_EXCEPT);
        if (fb->name) {
            cc_op(c, OP_LOAD_NONE);
            cc_nameop(c, fb->name, NAME_STORE);
            cc_nameop(c, fb->name, NAME_DEL);
        }
        return;
    case FB_POP_VALUE:
        if (preserve_tos) cc_emit(c, OP_SWAP, 2);
        cc_op(c, OP_POP_TOP);
        return;
    }
}

static bool is_loop(FBlockKind k) { return k == FB_WHILE_LOOP || k == FB_FOR_LOOP || k == FB_ASYNC_FOR_LOOP; }

static void unwind_rec(Compiler *c, bool preserve_tos, FBlock *loop, bool *found) {
    Unit *u = c->u;
    if (u->nfblocks == 0 || c->failed) return;
    FBlock *top = &u->fblocks[u->nfblocks - 1];
    if (loop && is_loop(top->kind)) {
        *loop = *top;
        *found = true;
        return;
    }
    FBlock copy = *top;
    u->nfblocks--;
    unwind_fblock(c, &copy, preserve_tos);
    unwind_rec(c, preserve_tos, loop, found);
    u->fblocks[u->nfblocks] = copy;
    u->nfblocks++;
}

/* Emits the exits of the enclosing blocks (innermost first) up to the
 * innermost loop when `loop` is given, else all of them. The handler stack
 * is restored afterwards: the code that follows is still protected. */
static bool unwind_stack(Compiler *c, bool preserve_tos, FBlock *loop, void (*then)(Compiler *, FBlock *, void *),
                         void *arg) {
    Unit *u = c->u;
    int nh = u->nhstack;
    int *saved = malloc(sizeof(int) * (size_t)(nh ? nh : 1));
    if (nh) memcpy(saved, u->hstack, sizeof(int) * (size_t)nh);
    bool found = false;
    unwind_rec(c, preserve_tos, loop, &found);
    if (then) then(c, found ? loop : NULL, arg);
    if (u->caphstack < nh) u->hstack = realloc(u->hstack, sizeof(int) * (size_t)(u->caphstack = nh));
    if (nh) memcpy(u->hstack, saved, sizeof(int) * (size_t)nh);
    u->nhstack = nh;
    free(saved);
    return found;
}

static void break_tail(Compiler *c, FBlock *loop, void *arg) {
    const Stmt *s = arg;
    if (!loop) {
        cc_error(c, s->span, "'break' outside loop");
        return;
    }
    unwind_fblock(c, loop, false);
    cc_emit_jump(c, OP_JUMP, loop->exit_label);
}

static void continue_tail(Compiler *c, FBlock *loop, void *arg) {
    const Stmt *s = arg;
    if (!loop) {
        cc_error(c, s->span, "'continue' not properly in loop");
        return;
    }
    cc_emit_jump(c, OP_JUMP, loop->block_label);
}

typedef struct {
    const Stmt *s;
    bool preserve_tos;
    Value konst;
} ReturnInfo;

static void return_tail(Compiler *c, FBlock *loop, void *arg) {
    ReturnInfo *ri = arg;
    cc_set_loc(c, ri->s->span);
    if (!ri->s->u.ret.value) cc_op(c, OP_LOAD_NONE);
    else if (!ri->preserve_tos) cc_load_const(c, ri->konst);
    cc_op(c, OP_RETURN_VALUE);
}

static void compile_return(Compiler *c, const Stmt *s) {
    if (!in_function(c)) {
        cc_error(c, s->span, "'return' outside function");
        return;
    }
    const Expr *v = s->u.ret.value;
    if (v && c->u->ste->coroutine && c->u->ste->generator) {
        cc_error(c, s->span, "'return' with value in async generator");
        return;
    }
    ReturnInfo ri = {s, false, VAL_NULL};
    if (v) {
        ri.konst = cc_try_const(c, v);
        ri.preserve_tos = IS_NULL(ri.konst);
        if (ri.preserve_tos) cc_expr(c, v);
    }
    unwind_stack(c, ri.preserve_tos, NULL, return_tail, &ri);
}

/* ---- definitions ------------------------------------------------------------------ */

static int decorators_begin(Compiler *c, ExprList decos) {
    for (int i = 0; i < decos.len; i++) {
        cc_expr(c, decos.items[i]);
        cc_op(c, OP_PUSH_NULL);
    }
    return decos.len;
}

static void decorators_apply(Compiler *c, ExprList decos, Span stmt_loc) {
    for (int i = decos.len - 1; i >= 0; i--) {
        cc_set_loc(c, decos.items[i]->span);
        cc_emit(c, OP_CALL, 1);
    }
    cc_set_loc(c, stmt_loc);
}

static void function_body(Compiler *c, const StmtList *body) {
    int start = 0;
    if (cc_is_docstring(body)) {
        cc_add_const(c, cc_str_const(c, body->items[0]->u.expr.value));
        c->u->flags |= CO_HASDOC;
        start = 1;
    }
    for (int i = start; i < body->len && !c->failed; i++) cc_stmt(c, body->items[i]);
    cc_op(c, OP_LOAD_NONE);
    cc_op(c, OP_RETURN_VALUE);
}

static void annotation_value(Compiler *c, const Expr *ann);

static int arg_annotation(Compiler *c, const Arg *arg) {
    if (!arg || !arg->annotation) return 0;
    cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, cc_mangle(c, arg->name))));
    annotation_value(c, arg->annotation);
    return 1;
}

/* The parameters' and return annotations, evaluated at def time in
 * CPython's order, as a dict for MAKE_FUNCTION (MF_ANNOTATIONS). */
static int function_annotations(Compiler *c, const Arguments *a, const Expr *returns) {
    int n = 0;
    if (a) {
        for (int i = 0; i < a->nposonly; i++) n += arg_annotation(c, &a->posonly[i]);
        for (int i = 0; i < a->nargs; i++) n += arg_annotation(c, &a->args[i]);
        n += arg_annotation(c, a->vararg);
        for (int i = 0; i < a->nkwonly; i++) n += arg_annotation(c, &a->kwonly[i]);
        n += arg_annotation(c, a->kwarg);
    }
    if (returns) {
        cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, "return")));
        annotation_value(c, returns);
        n++;
    }
    if (!n) return 0;
    cc_emit(c, OP_BUILD_MAP, (uint32_t)n);
    return MF_ANNOTATIONS;
}

static void compile_function(Compiler *c, const Stmt *s) {
    ExprList decos = s->u.funcdef.decorators;
    decorators_begin(c, decos);
    int firstlineno = decos.len ? decos.items[0]->span.line : s->span.line;
    const Arguments *a = s->u.funcdef.args;
    int flags = cc_default_arguments(c, a);
    flags |= function_annotations(c, a, s->u.funcdef.returns);
    if (c->failed) return;
    if (!cc_enter_unit(c, s->u.funcdef.name, s->u.funcdef.is_async ? US_ASYNC_FUNCTION : US_FUNCTION, s, firstlineno))
        return;
    Unit *u = c->u;
    if (a) {
        u->argcount = a->nposonly + a->nargs;
        u->posonlyargcount = a->nposonly;
        u->kwonlyargcount = a->nkwonly;
    }
    cc_set_loc(c, s->span);
    function_body(c, &s->u.funcdef.body);
    ObjCode *code = cc_exit_unit(c);
    if (!code) return;
    cc_make_closure(c, code, flags);
    decorators_apply(c, decos, s->span);
    store_name(c, s->u.funcdef.name);
}

static void compile_class(Compiler *c, const Stmt *s) {
    ExprList decos = s->u.classdef.decorators;
    decorators_begin(c, decos);
    int firstlineno = decos.len ? decos.items[0]->span.line : s->span.line;
    if (c->failed) return;
    if (!cc_enter_unit(c, s->u.classdef.name, US_CLASS, s, firstlineno)) return;
    Unit *u = c->u;
    cc_set_loc(c, s->span);
    cc_nameop(c, "__name__", NAME_LOAD);
    cc_nameop(c, "__module__", NAME_STORE);
    cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, u->qualname)));
    cc_nameop(c, "__qualname__", NAME_STORE);
    const StmtList *body = &s->u.classdef.body;
    if (cc_find_annotations(body)) cc_op(c, OP_SETUP_ANNOTATIONS);
    int start = 0;
    if (cc_is_docstring(body)) {
        cc_set_loc(c, body->items[0]->span);
        cc_load_const(c, cc_str_const(c, body->items[0]->u.expr.value));
        cc_nameop(c, "__doc__", NAME_STORE);
        start = 1;
    }
    for (int i = start; i < body->len && !c->failed; i++) cc_stmt(c, body->items[i]);
    if (u->ste->needs_class_closure) {
        cc_load_closure(c, "__class__");
        cc_emit(c, OP_COPY, 1);
        cc_emit(c, OP_STORE_NAME, (uint32_t)cc_add_name(c, "__classcell__"));
        cc_op(c, OP_RETURN_VALUE);
    } else {
        cc_op(c, OP_LOAD_NONE);
        cc_op(c, OP_RETURN_VALUE);
    }
    ObjCode *code = cc_exit_unit(c);
    if (!code) return;
    cc_set_loc(c, s->span);
    cc_op(c, OP_LOAD_BUILD_CLASS);
    cc_op(c, OP_PUSH_NULL);
    cc_make_closure(c, code, 0);
    cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, s->u.classdef.name)));
    cc_call_helper(c, 2, s->u.classdef.bases, s->u.classdef.keywords, s->u.classdef.nkeywords, s->span);
    decorators_apply(c, decos, s->span);
    store_name(c, s->u.classdef.name);
}

/* ---- assignment ---------------------------------------------------------------------- */

static bool plain_elts(ExprList l) {
    for (int i = 0; i < l.len; i++)
        if (l.items[i]->kind == E_STARRED) return false;
    return true;
}

static void compile_assign(Compiler *c, const Stmt *s) {
    ExprList targets = s->u.assign.targets;
    const Expr *v = s->u.assign.value;
    /* a, b = x, y: evaluate x, y and store without building a tuple */
    if (targets.len == 1) {
        const Expr *t = targets.items[0];
        if ((t->kind == E_TUPLE || t->kind == E_LIST) && (v->kind == E_TUPLE || v->kind == E_LIST) &&
            t->u.seq.elts.len == v->u.seq.elts.len && t->u.seq.elts.len >= 2 && t->u.seq.elts.len <= 3 &&
            plain_elts(t->u.seq.elts) && plain_elts(v->u.seq.elts)) {
            int n = v->u.seq.elts.len;
            for (int i = 0; i < n; i++) cc_expr(c, v->u.seq.elts.items[i]);
            cc_emit(c, OP_SWAP, (uint32_t)n);
            Span saved = c->u->loc;
            cc_set_loc(c, t->span);
            for (int i = 0; i < n; i++) cc_store_target(c, t->u.seq.elts.items[i]);
            cc_set_loc(c, saved);
            return;
        }
    }
    cc_expr(c, v);
    for (int i = 0; i < targets.len; i++) {
        if (i < targets.len - 1) cc_emit(c, OP_COPY, 1);
        cc_store_target(c, targets.items[i]);
    }
}

static void compile_augassign(Compiler *c, const Stmt *s) {
    const Expr *t = s->u.augassign.target;
    Unit *u = c->u;
    Span stmt_loc = u->loc;
    cc_set_loc(c, t->span);
    int attr_line = t->span.line != t->span.end_line ? t->span.end_line : t->span.line;
    switch (t->kind) {
    case E_ATTRIBUTE:
        cc_expr(c, t->u.attribute.value);
        cc_emit(c, OP_COPY, 1);
        u->line = attr_line;
        cc_emit(c, OP_LOAD_ATTR, (uint32_t)cc_add_name(c, cc_mangle(c, t->u.attribute.attr)));
        break;
    case E_SUBSCRIPT:
        cc_expr(c, t->u.subscript.value);
        cc_expr(c, t->u.subscript.slice);
        cc_emit(c, OP_COPY, 2);
        cc_emit(c, OP_COPY, 2);
        cc_op(c, OP_BINARY_SUBSCR);
        break;
    case E_NAME: cc_nameop(c, t->u.name.id, NAME_LOAD); break;
    default: cc_error(c, t->span, "illegal expression for augmented assignment"); return;
    }
    cc_set_loc(c, stmt_loc);
    cc_expr(c, s->u.augassign.value);
    cc_emit(c, OP_BINARY_OP, (uint32_t)(s->u.augassign.op + BINOP_INPLACE));
    cc_set_loc(c, t->span);
    switch (t->kind) {
    case E_ATTRIBUTE:
        u->line = attr_line;
        cc_emit(c, OP_SWAP, 2);
        cc_emit(c, OP_STORE_ATTR, (uint32_t)cc_add_name(c, cc_mangle(c, t->u.attribute.attr)));
        break;
    case E_SUBSCRIPT:
        cc_emit(c, OP_SWAP, 3);
        cc_emit(c, OP_SWAP, 2);
        cc_op(c, OP_STORE_SUBSCR);
        break;
    default: cc_nameop(c, t->u.name.id, NAME_STORE); break;
    }
    cc_set_loc(c, stmt_loc);
}

/* An annotation: its value, or its source text under
 * `from __future__ import annotations`. */
static void annotation_value(Compiler *c, const Expr *ann);

static void check_ann_expr(Compiler *c, const Expr *e) {
    cc_expr(c, e);
    cc_op(c, OP_POP_TOP);
}

static void check_ann_subscr(Compiler *c, const Expr *e) {
    switch (e->kind) {
    case E_SLICE:
        if (e->u.slice.lower) check_ann_expr(c, e->u.slice.lower);
        if (e->u.slice.upper) check_ann_expr(c, e->u.slice.upper);
        if (e->u.slice.step) check_ann_expr(c, e->u.slice.step);
        break;
    case E_TUPLE:
        for (int i = 0; i < e->u.seq.elts.len; i++) check_ann_subscr(c, e->u.seq.elts.items[i]);
        break;
    default: check_ann_expr(c, e); break;
    }
}

static bool future_annotations(Compiler *c);

static void compile_annassign(Compiler *c, const Stmt *s) {
    const Expr *t = s->u.annassign.target;
    bool mod_or_class = c->u->scope == US_MODULE || c->u->scope == US_CLASS;
    if (s->u.annassign.value) {
        cc_expr(c, s->u.annassign.value);
        cc_store_target(c, t);
    }
    switch (t->kind) {
    case E_NAME:
        if (s->u.annassign.simple && mod_or_class) {
            annotation_value(c, s->u.annassign.annotation);
            cc_emit(c, OP_LOAD_NAME, (uint32_t)cc_add_name(c, "__annotations__"));
            cc_load_const(c, MAKE_OBJ(str_intern_cstr(c->vm, cc_mangle(c, t->u.name.id))));
            cc_op(c, OP_STORE_SUBSCR);
        }
        break;
    case E_ATTRIBUTE:
        if (!s->u.annassign.value) check_ann_expr(c, t->u.attribute.value);
        break;
    case E_SUBSCRIPT:
        if (!s->u.annassign.value) {
            check_ann_expr(c, t->u.subscript.value);
            check_ann_subscr(c, t->u.subscript.slice);
        }
        break;
    default: cc_error(c, t->span, "invalid node type for annotated assignment"); return;
    }
    if (!s->u.annassign.simple && mod_or_class && !future_annotations(c))
        check_ann_expr(c, s->u.annassign.annotation);
}

/* ---- control flow ------------------------------------------------------------------ */

static void compile_if(Compiler *c, const Stmt *s) {
    int end = cc_new_label(c);
    int next = s->u.if_.orelse.len ? cc_new_label(c) : end;
    cc_jump_if(c, s->u.if_.test, next, false);
    cc_stmts(c, &s->u.if_.body);
    if (s->u.if_.orelse.len) {
        cc_emit_jump(c, OP_JUMP, end);
        cc_bind(c, next);
        cc_stmts(c, &s->u.if_.orelse);
    }
    cc_bind(c, end);
}

static void compile_while(Compiler *c, const Stmt *s) {
    int loop = cc_new_label(c), orelse = cc_new_label(c), end = cc_new_label(c);
    cc_bind(c, loop);
    cc_push_fblock(c, (FBlock){.kind = FB_WHILE_LOOP, .block_label = loop, .exit_label = end});
    cc_jump_if(c, s->u.while_.test, orelse, false);
    cc_stmts(c, &s->u.while_.body);
    cc_set_loc(c, s->span);
    cc_emit_jump(c, OP_JUMP, loop);
    cc_pop_fblock(c);
    cc_bind(c, orelse);
    cc_stmts(c, &s->u.while_.orelse);
    cc_bind(c, end);
}

static void compile_for(Compiler *c, const Stmt *s) {
    int start = cc_new_label(c), cleanup = cc_new_label(c), end = cc_new_label(c);
    cc_iter_operand(c, s->u.for_.iter);
    cc_op(c, OP_GET_ITER);
    cc_bind(c, start);
    cc_emit_jump(c, OP_FOR_ITER, cleanup);
    cc_push_fblock(c, (FBlock){.kind = FB_FOR_LOOP, .block_label = start, .exit_label = end});
    cc_store_target(c, s->u.for_.target);
    cc_stmts(c, &s->u.for_.body);
    cc_set_loc(c, s->span);
    cc_emit_jump(c, OP_JUMP, start);
    cc_pop_fblock(c);
    cc_bind(c, cleanup);
    cc_stmts(c, &s->u.for_.orelse);
    cc_bind(c, end);
}

static void compile_async_for(Compiler *c, const Stmt *s) {
    if (cc_top_level_await(c)) {
        c->u->flags |= CO_COROUTINE;
    } else if (c->u->scope != US_ASYNC_FUNCTION) {
        cc_error(c, s->span, "'async for' outside async function");
        return;
    }
    int start = cc_new_label(c), except = cc_new_label(c), end = cc_new_label(c);
    cc_expr(c, s->u.for_.iter);
    cc_op(c, OP_GET_AITER);
    cc_bind(c, start);
    cc_push_fblock(c, (FBlock){.kind = FB_ASYNC_FOR_LOOP, .block_label = start, .exit_label = end});
    cc_push_handler(c, except, c->u->depth);
    cc_op(c, OP_GET_ANEXT);
    cc_send_loop(c);
    cc_pop_handler(c);
    cc_store_target(c, s->u.for_.target);
    cc_stmts(c, &s->u.for_.body);
    cc_set_loc(c, s->span);
    cc_emit_jump(c, OP_JUMP, start);
    cc_pop_fblock(c);
    cc_bind(c, except);
    cc_set_loc(c, s->u.for_.iter->span);
    cc_op(c, OP_END_ASYNC_FOR);
    cc_set_loc(c, s->span);
    cc_stmts(c, &s->u.for_.orelse);
    cc_bind(c, end);
}

/* ---- exceptions ------------------------------------------------------------------------ */

static void pop_except_and_reraise(Compiler *c) {
    cc_emit(c, OP_SWAP, 2);
    cc_op(c, OP_POP_EXCEPT);
    cc_op(c, OP_RERAISE);
}

static void compile_try_except(Compiler *c, const Stmt *s) {
    Unit *u = c->u;
    int d = u->depth;
    int handler = cc_new_label(c), cleanup = cc_new_label(c), end = cc_new_label(c);
    cc_push_handler(c, handler, d);
    cc_push_fblock(c, (FBlock){.kind = FB_TRY_EXCEPT, .nhandlers = 1});
    cc_stmts(c, &s->u.try_.body);
    cc_pop_fblock(c);
    cc_pop_handler(c);
    cc_stmts(c, &s->u.try_.orelse);
    cc_emit_jump(c, OP_JUMP, end);

    cc_bind(c, handler);
    cc_push_handler(c, cleanup, d + 1);
    cc_op(c, OP_PUSH_EXC_INFO);
    cc_push_fblock(c, (FBlock){.kind = FB_EXCEPTION_HANDLER});
    int n = s->u.try_.nhandlers;
    for (int i = 0; i < n && !c->failed; i++) {
        const ExceptHandler *h = &s->u.try_.handlers[i];
        cc_set_loc(c, h->span);
        if (!h->type && i < n - 1) {
            cc_error(c, h->span, "default 'except:' must be last");
            return;
        }
        int next = cc_new_label(c);
        if (h->type) {
            cc_expr(c, h->type);
            cc_op(c, OP_CHECK_EXC_MATCH);
            cc_emit_jump(c, OP_POP_JUMP_IF_FALSE, next);
        }
        if (h->name) {
            int cleanup_end = cc_new_label(c);
            store_name(c, h->name);
            cc_push_handler(c, cleanup_end, d + 1);
            cc_push_fblock(c, (FBlock){.kind = FB_HANDLER_CLEANUP, .name = h->name, .nhandlers = 2});
            cc_stmts(c, &h->body);
            cc_pop_fblock(c);
            cc_pop_handler(c);
            cc_pop_handler(c);
            cc_op(c, OP_POP_EXCEPT);
            cc_op(c, OP_LOAD_NONE);
            cc_nameop(c, h->name, NAME_STORE);
            cc_nameop(c, h->name, NAME_DEL);
            cc_emit_jump(c, OP_JUMP, end);
            cc_bind(c, cleanup_end);
            cc_push_handler(c, cleanup, d + 1);
            cc_op(c, OP_LOAD_NONE);
            cc_nameop(c, h->name, NAME_STORE);
            cc_nameop(c, h->name, NAME_DEL);
            cc_op(c, OP_RERAISE);
        } else {
            cc_op(c, OP_POP_TOP);
            cc_push_fblock(c, (FBlock){.kind = FB_HANDLER_CLEANUP, .nhandlers = 1});
            cc_stmts(c, &h->body);
            cc_pop_fblock(c);
            cc_pop_handler(c);
            cc_op(c, OP_POP_EXCEPT);
            cc_emit_jump(c, OP_JUMP, end);
            cc_push_handler(c, cleanup, d + 1);
        }
        cc_bind(c, next);
    }
    cc_pop_fblock(c);
    cc_op(c, OP_RERAISE);
    cc_pop_handler(c);
    cc_bind(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind(c, end);
}

/* try/except*: the handled exception is split clause by clause (CHECK_EG_MATCH
 * leaves [orig, raised list, rest] under the match); what a clause raises is
 * collected in the list, and PREP_RERAISE_STAR builds what is raised again. */
static void compile_try_star(Compiler *c, const Stmt *s) {
    Unit *u = c->u;
    int d = u->depth;
    int handler = cc_new_label(c), cleanup = cc_new_label(c), end = cc_new_label(c), reraise = cc_new_label(c);
    cc_push_handler(c, handler, d);
    cc_push_fblock(c, (FBlock){.kind = FB_TRY_EXCEPT, .nhandlers = 1});
    cc_stmts(c, &s->u.try_.body);
    cc_pop_fblock(c);
    cc_pop_handler(c);
    cc_stmts(c, &s->u.try_.orelse);
    cc_emit_jump(c, OP_JUMP, end);

    cc_bind(c, handler);
    cc_push_handler(c, cleanup, d + 1);
    cc_op(c, OP_PUSH_EXC_INFO);              /* [prev, exc] */
    cc_emit(c, OP_COPY, 1);                  /* [prev, orig, rest] */
    cc_emit(c, OP_BUILD_LIST, 0);
    cc_emit(c, OP_SWAP, 2);                  /* [prev, orig, list, rest] */
    int n = s->u.try_.nhandlers;
    for (int i = 0; i < n && !c->failed; i++) {
        const ExceptHandler *h = &s->u.try_.handlers[i];
        cc_set_loc(c, h->span);
        if (!h->type) {
            cc_error(c, h->span, "expected one or more exception types");
            return;
        }
        int next = cc_new_label(c), no_match = cc_new_label(c), raised = cc_new_label(c);
        cc_expr(c, h->type);
        cc_op(c, OP_CHECK_EG_MATCH);         /* [prev, orig, list, rest', match] */
        cc_emit(c, OP_COPY, 1);
        cc_emit_jump(c, OP_POP_JUMP_IF_NONE, no_match);
        if (h->name) store_name(c, h->name);
        else cc_op(c, OP_POP_TOP);            /* [prev, orig, list, rest'] */
        cc_push_handler(c, raised, d + 4);
        cc_push_fblock(c, (FBlock){.kind = FB_EXCEPTION_GROUP_HANDLER});
        cc_stmts(c, &h->body);
        cc_pop_fblock(c);
        cc_pop_handler(c);
        if (h->name) {
            cc_op(c, OP_LOAD_NONE);
            cc_nameop(c, h->name, NAME_STORE);
            cc_nameop(c, h->name, NAME_DEL);
        }
        cc_emit_jump(c, OP_JUMP, next);
        /* the clause raised: [prev, orig, list, rest', exc2] -> list.append(exc2) */
        cc_bind(c, raised);
        if (h->name) {
            cc_op(c, OP_LOAD_NONE);
            cc_nameop(c, h->name, NAME_STORE);
            cc_nameop(c, h->name, NAME_DEL);
        }
        cc_emit(c, OP_LIST_APPEND, 2);
        cc_emit_jump(c, OP_JUMP, next);
        cc_bind(c, no_match);
        cc_op(c, OP_POP_TOP);                 /* the None match */
        cc_bind(c, next);
    }
    cc_set_loc(c, s->span);
    cc_emit(c, OP_LIST_APPEND, 1);           /* the rest joins the list: [prev, orig, list] */
    cc_op(c, OP_PREP_RERAISE_STAR);          /* [prev, to_raise] */
    cc_emit(c, OP_COPY, 1);
    cc_emit_jump(c, OP_POP_JUMP_IF_NOT_NONE, reraise);
    cc_pop_handler(c);                        /* below here the stack is under its depth */
    cc_op(c, OP_POP_TOP);
    cc_op(c, OP_POP_EXCEPT);                  /* everything was handled */
    cc_emit_jump(c, OP_JUMP, end);
    cc_bind(c, reraise);
    cc_emit(c, OP_SWAP, 2);
    cc_op(c, OP_POP_EXCEPT);
    cc_op(c, OP_RERAISE);
    cc_bind(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind(c, end);
}

static void compile_try_finally(Compiler *c, const Stmt *s) {
    Unit *u = c->u;
    int d = u->depth;
    int end = cc_new_label(c), cleanup = cc_new_label(c), exit = cc_new_label(c);
    cc_push_handler(c, end, d);
    cc_push_fblock(c, (FBlock){.kind = FB_FINALLY_TRY, .finalbody = &s->u.try_.finalbody, .nhandlers = 1});
    if (s->u.try_.nhandlers && s->u.try_.is_star) compile_try_star(c, s);
    else if (s->u.try_.nhandlers) compile_try_except(c, s);
    else cc_stmts(c, &s->u.try_.body);
    cc_pop_fblock(c);
    cc_pop_handler(c);
    cc_stmts(c, &s->u.try_.finalbody);
    cc_emit_jump(c, OP_JUMP, exit);

    cc_bind(c, end);
    cc_push_handler(c, cleanup, d + 1);
    cc_op(c, OP_PUSH_EXC_INFO);
    cc_push_fblock(c, (FBlock){.kind = FB_FINALLY_END, .nhandlers = 1});
    cc_stmts(c, &s->u.try_.finalbody);
    cc_pop_fblock(c);
    cc_op(c, OP_RERAISE);
    cc_pop_handler(c);
    cc_bind(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind(c, exit);
}

static void compile_try(Compiler *c, const Stmt *s) {
    if (s->u.try_.finalbody.len) compile_try_finally(c, s);
    else if (s->u.try_.is_star) compile_try_star(c, s);
    else compile_try_except(c, s);
}

static void compile_with(Compiler *c, const Stmt *s, int pos) {
    bool async = s->u.with.is_async;
    const WithItem *item = &s->u.with.items[pos];
    Unit *u = c->u;
    int d = u->depth;
    int handler = cc_new_label(c), cleanup = cc_new_label(c), sup = cc_new_label(c), exit = cc_new_label(c);
    cc_expr(c, item->context_expr);
    if (async) {
        cc_op(c, OP_BEFORE_ASYNC_WITH);
        cc_emit(c, OP_GET_AWAITABLE, 1); /* 1: awaiting __aenter__ */
        cc_send_loop(c);
    } else {
        cc_op(c, OP_BEFORE_WITH);
    }
    cc_push_handler(c, handler, d + 1);
    cc_push_fblock(c, (FBlock){.kind = async ? FB_ASYNC_WITH : FB_WITH, .stmt = s, .nhandlers = 1});
    if (item->optional_vars) cc_store_target(c, item->optional_vars);
    else cc_op(c, OP_POP_TOP);
    if (pos + 1 < s->u.with.nitems) compile_with(c, s, pos + 1);
    else cc_stmts(c, &s->u.with.body);
    cc_pop_fblock(c);
    cc_pop_handler(c);
    cc_set_loc(c, s->span);
    exit_call(c, async);
    cc_emit_jump(c, OP_JUMP, exit);

    cc_bind(c, handler);
    cc_push_handler(c, cleanup, d + 2);
    cc_op(c, OP_PUSH_EXC_INFO);
    cc_op(c, OP_WITH_EXCEPT_START);
    if (async) {
        cc_emit(c, OP_GET_AWAITABLE, 2);
        cc_send_loop(c);
    }
    cc_emit_jump(c, OP_POP_JUMP_IF_TRUE, sup);
    cc_op(c, OP_RERAISE);
    cc_pop_handler(c);
    cc_bind(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind(c, sup);
    cc_op(c, OP_POP_TOP);
    cc_op(c, OP_POP_EXCEPT);
    cc_op(c, OP_POP_TOP);
    cc_emit_jump(c, OP_JUMP, exit);
    cc_bind(c, exit);
}

static void compile_raise(Compiler *c, const Stmt *s) {
    int n = 0;
    if (s->u.raise.exc) {
        cc_expr(c, s->u.raise.exc);
        n++;
        if (s->u.raise.cause) {
            cc_expr(c, s->u.raise.cause);
            n++;
        }
    }
    cc_emit(c, OP_RAISE_VARARGS, (uint32_t)n);
}

static void compile_assert(Compiler *c, const Stmt *s) {
    int end = cc_new_label(c);
    if (s->u.assert_.test->kind == E_TUPLE && s->u.assert_.test->u.seq.elts.len > 0)
        cc_warn(c, "assertion is always true, perhaps remove parentheses?");
    cc_jump_if(c, s->u.assert_.test, end, true);
    cc_op(c, OP_LOAD_ASSERTION_ERROR);
    if (s->u.assert_.msg) {
        cc_op(c, OP_PUSH_NULL);
        cc_expr(c, s->u.assert_.msg);
        cc_emit(c, OP_CALL, 1);
    }
    cc_emit(c, OP_RAISE_VARARGS, 1);
    cc_bind(c, end);
}

/* ---- imports ------------------------------------------------------------------------ */

static const char *arena_substr(Compiler *c, const char *s, size_t n) { return arena_strndup(c->arena, s, n); }

static void compile_import(Compiler *c, const Stmt *s) {
    for (int i = 0; i < s->u.import.nnames; i++) {
        const Alias *a = &s->u.import.names[i];
        cc_op(c, OP_LOAD_NONE);
        cc_emit(c, OP_IMPORT_NAME, (uint32_t)cc_add_name(c, a->name));
        const char *dot = strchr(a->name, '.');
        if (a->asname) {
            if (dot) {
                const char *p = dot + 1;
                for (;;) {
                    const char *q = strchr(p, '.');
                    const char *attr = q ? arena_substr(c, p, (size_t)(q - p)) : p;
                    cc_emit(c, OP_IMPORT_FROM, (uint32_t)cc_add_name(c, attr));
                    if (!q) break;
                    cc_emit(c, OP_SWAP, 2);
                    cc_op(c, OP_POP_TOP);
                    p = q + 1;
                }
                store_name(c, a->asname);
                cc_op(c, OP_POP_TOP);
            } else {
                store_name(c, a->asname);
            }
        } else {
            store_name(c, dot ? arena_substr(c, a->name, (size_t)(dot - a->name)) : a->name);
        }
    }
}

static const char *const future_features[] = {"nested_scopes", "generators", "division", "absolute_import",
                                              "with_statement", "print_function", "unicode_literals",
                                              "barry_as_FLUFL", "generator_stop", "annotations", NULL};

static void compile_importfrom(Compiler *c, const Stmt *s) {
    const char *mod = s->u.importfrom.module;
    int level = s->u.importfrom.level;
    if (level == 0 && mod && strcmp(mod, "__future__") == 0) {
        /* compile-time directives; the names are not bound */
        bool at_start = false;
        if (c->u->scope == US_MODULE && c->module_body)
            for (int i = 0; i < c->future_prefix; i++)
                if (c->module_body->items[i] == s) at_start = true;
        if (!at_start) {
            cc_error(c, s->span, "from __future__ imports must occur at the beginning of the file");
            return;
        }
        for (int i = 0; i < s->u.importfrom.nnames; i++) {
            const char *f = s->u.importfrom.names[i].name;
            bool known = false;
            for (int k = 0; future_features[k]; k++)
                if (strcmp(future_features[k], f) == 0) known = true;
            Span loc = {s->span.line, 0, 0, 0};
            if (strcmp(f, "braces") == 0) {
                cc_error(c, loc, "not a chance");
                return;
            }
            if (!known) {
                cc_error(c, loc, "future feature %s is not defined", f);
                return;
            }
        }
        return;
    }
    int n = s->u.importfrom.nnames;
    Value *names = malloc(sizeof(Value) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) names[i] = MAKE_OBJ(str_intern_cstr(c->vm, s->u.importfrom.names[i].name));
    Value t = MAKE_OBJ(tuple_from(c->vm, names, n));
    free(names);
    cc_emit(c, OP_LOAD_CONST, (uint32_t)cc_add_const(c, t));
    size_t ml = mod ? strlen(mod) : 0;
    char *full = arena_alloc(c->arena, (size_t)level + ml + 1);
    memset(full, '.', (size_t)level);
    if (mod) memcpy(full + level, mod, ml);
    full[level + ml] = 0;
    cc_emit(c, OP_IMPORT_NAME, (uint32_t)cc_add_name(c, full));
    if (n == 1 && strcmp(s->u.importfrom.names[0].name, "*") == 0) {
        cc_op(c, OP_IMPORT_STAR);
        return;
    }
    for (int i = 0; i < n; i++) {
        const Alias *a = &s->u.importfrom.names[i];
        cc_emit(c, OP_IMPORT_FROM, (uint32_t)cc_add_name(c, a->name));
        store_name(c, a->asname ? a->asname : a->name);
    }
    cc_op(c, OP_POP_TOP);
}

/* ---- annotations ------------------------------------------------------------------ */

static bool future_annotations(Compiler *c) {
    if (c->future_annotations >= 0) return c->future_annotations != 0;
    c->future_annotations = 0;
    /* `from __future__ import annotations` must be among the first
     * statements of the module, so scanning the source is enough. */
    const char *p = c->src;
    size_t n = c->srclen;
    const char *needle = "from __future__ import";
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++) {
        if ((i == 0 || p[i - 1] == '\n') && memcmp(p + i, needle, nl) == 0) {
            size_t j = i + nl;
            while (j < n && p[j] != '\n') {
                if (j + 11 <= n && memcmp(p + j, "annotations", 11) == 0) {
                    c->future_annotations = 1;
                    return true;
                }
                j++;
            }
        }
    }
    return false;
}

static void annotation_value(Compiler *c, const Expr *ann) {
    if (!future_annotations(c)) {
        cc_expr(c, ann);
        return;
    }
    /* the annotation's source text */
    const char *p = c->src;
    size_t n = c->srclen, i = 0;
    int line = 1;
    while (i < n && line < ann->span.line) {
        if (p[i] == '\n') line++;
        i++;
    }
    size_t start = i + (size_t)ann->span.col;
    size_t j = i;
    while (j < n && line < ann->span.end_line) {
        if (p[j] == '\n') line++;
        j++;
    }
    size_t end = j + (size_t)ann->span.end_col;
    if (start > n) start = n;
    if (end > n) end = n;
    if (end < start) end = start;
    cc_load_const(c, MAKE_OBJ(cc_str(c, p + start, end - start)));
}

/* ---- statements ---------------------------------------------------------------------- */

static void compile_expr_stmt(Compiler *c, const Stmt *s) {
    const Expr *v = s->u.expr.value;
    if (c->u->interactive) {
        cc_expr(c, v);
        cc_op(c, OP_PRINT_EXPR);
        return;
    }
    if (v->kind == E_CONST) return;
    cc_expr(c, v);
    cc_op(c, OP_POP_TOP);
}

void cc_stmt(Compiler *c, const Stmt *s) {
    if (!cc_enter(c)) return;
    cc_set_loc(c, s->span);
    switch (s->kind) {
    case S_FUNCTIONDEF: compile_function(c, s); break;
    case S_CLASSDEF: compile_class(c, s); break;
    case S_RETURN: compile_return(c, s); break;
    case S_DELETE:
        for (int i = 0; i < s->u.del.targets.len; i++) cc_delete_target(c, s->u.del.targets.items[i]);
        break;
    case S_ASSIGN: compile_assign(c, s); break;
    case S_AUGASSIGN: compile_augassign(c, s); break;
    case S_ANNASSIGN: compile_annassign(c, s); break;
    case S_FOR:
        if (s->u.for_.is_async) compile_async_for(c, s);
        else compile_for(c, s);
        break;
    case S_WHILE: compile_while(c, s); break;
    case S_IF: compile_if(c, s); break;
    case S_WITH:
        if (s->u.with.is_async && cc_top_level_await(c)) {
            c->u->flags |= CO_COROUTINE;
        } else if (s->u.with.is_async && c->u->scope != US_ASYNC_FUNCTION) {
            cc_error(c, s->span, "'async with' outside async function");
            break;
        }
        compile_with(c, s, 0);
        break;
    case S_RAISE: compile_raise(c, s); break;
    case S_TRY: compile_try(c, s); break;
    case S_ASSERT: compile_assert(c, s); break;
    case S_IMPORT: compile_import(c, s); break;
    case S_IMPORTFROM: compile_importfrom(c, s); break;
    case S_GLOBAL:
    case S_NONLOCAL:
    case S_PASS: break;
    case S_EXPR: compile_expr_stmt(c, s); break;
    case S_BREAK: {
        FBlock loop;
        unwind_stack(c, false, &loop, break_tail, (void *)s);
        break;
    }
    case S_CONTINUE: {
        FBlock loop;
        unwind_stack(c, false, &loop, continue_tail, (void *)s);
        break;
    }
    }
    cc_leave(c);
}
