/* scope.c: symbol tables, following CPython 3.11's Python/symtable.c.
 *
 * Pass 1 (visit_*) walks the tree once, creating a block per scope and
 * recording each name's uses (DEF_* flags) in order of first appearance.
 * Pass 2 (analyze_block) resolves every name against the enclosing
 * function scopes, turning locals captured by inner functions into cells
 * and threading free variables through intermediate scopes (including
 * class bodies, which do not otherwise enclose their methods).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scope.h"

/* CPython: 3 * the default recursion limit, counted per visited node */
#define SYMTABLE_MAX_DEPTH 3000

/* ---- helpers ------------------------------------------------------------ */

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void *grow(Arena *a, void *old, int n, int *cap, size_t elem) {
    if (n < *cap) return old;
    int nc = *cap ? *cap * 2 : 8;
    void *nw = arena_alloc(a, elem * (size_t)nc);
    if (old && n) memcpy(nw, old, elem * (size_t)n);
    *cap = nc;
    return nw;
}

const char *scope_mangle(Arena *arena, const char *priv, const char *name) {
    if (!priv || name[0] != '_' || name[1] != '_') return name;
    size_t n = strlen(name);
    if (name[n - 1] == '_' && name[n - 2] == '_') return name;
    if (strchr(name, '.')) return name;
    while (*priv == '_') priv++;
    if (!*priv) return name;
    size_t pn = strlen(priv);
    char *r = arena_alloc(arena, pn + n + 2);
    r[0] = '_';
    memcpy(r + 1, priv, pn);
    memcpy(r + 1 + pn, name, n + 1);
    return r;
}

static void set_error(SymTable *st, Span loc, const char *fmt, ...) {
    if (st->failed) return;
    st->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->loc = loc;
}

/* ---- blocks and symbols ------------------------------------------------- */

static int sym_index(const ScopeBlock *b, const char *name) {
    if (!b->index_cap) return -1;
    uint64_t mask = (uint64_t)b->index_cap - 1;
    for (uint64_t i = hash_str(name) & mask;; i = (i + 1) & mask) {
        int k = b->index[i];
        if (!k) return -1;
        if (strcmp(b->syms[k - 1].name, name) == 0) return k - 1;
    }
}

static void index_insert(ScopeBlock *b, int symidx) {
    uint64_t mask = (uint64_t)b->index_cap - 1;
    uint64_t i = hash_str(b->syms[symidx].name) & mask;
    while (b->index[i]) i = (i + 1) & mask;
    b->index[i] = symidx + 1;
}

static Symbol *sym_get_or_add(SymTable *st, ScopeBlock *b, const char *name, bool *added) {
    int k = sym_index(b, name);
    if (k >= 0) {
        *added = false;
        return &b->syms[k];
    }
    *added = true;
    b->syms = grow(st->arena, b->syms, b->nsyms, &b->capsyms, sizeof(Symbol));
    Symbol *s = &b->syms[b->nsyms++];
    s->name = name;
    s->flags = 0;
    s->scope = SC_UNKNOWN;
    if (b->nsyms * 2 > b->index_cap) {
        int nc = b->index_cap ? b->index_cap * 2 : 16;
        while (b->nsyms * 2 > nc) nc *= 2;
        b->index = arena_alloc(st->arena, sizeof(int) * (size_t)nc);
        b->index_cap = nc;
        for (int i = 0; i < b->nsyms; i++) index_insert(b, i);
    } else {
        index_insert(b, b->nsyms - 1);
    }
    return s;
}

const Symbol *scope_find(const ScopeBlock *b, const char *name) {
    int k = sym_index(b, name);
    return k >= 0 ? &b->syms[k] : NULL;
}

SymScope scope_of(const ScopeBlock *b, const char *name) {
    const Symbol *s = scope_find(b, name);
    return s ? s->scope : SC_UNKNOWN;
}

static uint64_t hash_ptr(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static void map_put(SymTable *st, const void *node, ScopeBlock *b) {
    if ((st->map_len + 1) * 2 > st->map_cap) {
        int nc = st->map_cap ? st->map_cap * 2 : 64;
        const void **nk = arena_alloc(st->arena, sizeof(void *) * (size_t)nc);
        ScopeBlock **nv = arena_alloc(st->arena, sizeof(ScopeBlock *) * (size_t)nc);
        for (int i = 0; i < st->map_cap; i++) {
            if (!st->map_keys[i]) continue;
            uint64_t j = hash_ptr(st->map_keys[i]) & (uint64_t)(nc - 1);
            while (nk[j]) j = (j + 1) & (uint64_t)(nc - 1);
            nk[j] = st->map_keys[i];
            nv[j] = st->map_vals[i];
        }
        st->map_keys = nk;
        st->map_vals = nv;
        st->map_cap = nc;
    }
    uint64_t mask = (uint64_t)st->map_cap - 1;
    uint64_t j = hash_ptr(node) & mask;
    while (st->map_keys[j]) j = (j + 1) & mask;
    st->map_keys[j] = node;
    st->map_vals[j] = b;
    st->map_len++;
}

ScopeBlock *symtable_block(const SymTable *st, const void *node) {
    if (!st->map_cap) return NULL;
    uint64_t mask = (uint64_t)st->map_cap - 1;
    for (uint64_t j = hash_ptr(node) & mask;; j = (j + 1) & mask) {
        if (!st->map_keys[j]) return NULL;
        if (st->map_keys[j] == node) return st->map_vals[j];
    }
}

static ScopeBlock *enter_block(SymTable *st, const char *name, BlockKind kind, const void *node, Span span) {
    ScopeBlock *b = arena_alloc(st->arena, sizeof(ScopeBlock));
    b->kind = kind;
    b->name = name;
    b->node = node;
    b->span = span;
    b->parent = st->cur;
    if (st->cur) {
        if (st->cur->nested || st->cur->kind == BLOCK_FUNCTION) b->nested = true;
        ScopeBlock *p = st->cur;
        p->children = grow(st->arena, p->children, p->nchildren, &p->capchildren, sizeof(ScopeBlock *));
        p->children[p->nchildren++] = b;
    }
    if (node) map_put(st, node, b);
    st->cur = b;
    return b;
}

static void exit_block(SymTable *st) { st->cur = st->cur->parent; }

static void add_def_in(SymTable *st, ScopeBlock *b, const char *name, int flag, Span loc) {
    const char *mangled = scope_mangle(st->arena, st->private_name, name);
    bool added;
    Symbol *s = sym_get_or_add(st, b, mangled, &added);
    int val = added ? flag : s->flags;
    if (!added) {
        if ((flag & DEF_PARAM) && (s->flags & DEF_PARAM)) {
            set_error(st, loc, "duplicate argument '%s' in function definition", name);
            return;
        }
        val |= flag;
    }
    if (b->comp_iter_target) {
        if (val & (DEF_GLOBAL | DEF_NONLOCAL)) {
            set_error(st, loc, "comprehension inner loop cannot rebind assignment expression target '%s'", name);
            return;
        }
        val |= DEF_COMP_ITER;
    }
    s->flags = val;
    if (flag & DEF_PARAM) {
        b->params = grow(st->arena, b->params, b->nparams, &b->capparams, sizeof(const char *));
        b->params[b->nparams++] = mangled;
    }
}

static void add_def(SymTable *st, const char *name, int flag, Span loc) { add_def_in(st, st->cur, name, flag, loc); }

static int lookup_flags(SymTable *st, const char *name) {
    const Symbol *s = scope_find(st->cur, scope_mangle(st->arena, st->private_name, name));
    return s ? s->flags : 0;
}

static void record_directive(SymTable *st, const char *name, Span span) {
    ScopeBlock *b = st->cur;
    b->directives = grow(st->arena, b->directives, b->ndirectives, &b->capdirectives, sizeof(Directive));
    b->directives[b->ndirectives].name = scope_mangle(st->arena, st->private_name, name);
    b->directives[b->ndirectives].span = span;
    b->ndirectives++;
}

/* ---- pass 1: visiting ----------------------------------------------------- */

static void visit_expr(SymTable *st, const Expr *e);
static void visit_stmt(SymTable *st, const Stmt *s);

static bool enter_rec(SymTable *st, Span loc) {
    if (st->failed) return false;
    if (++st->depth > SYMTABLE_MAX_DEPTH) {
        set_error(st, loc, "maximum recursion depth exceeded during compilation");
        st->recursion = true;
        st->depth--;
        return false;
    }
    return true;
}

static void visit_exprs(SymTable *st, ExprList l) {
    for (int i = 0; i < l.len && !st->failed; i++)
        if (l.items[i]) visit_expr(st, l.items[i]);
}

static void visit_stmts(SymTable *st, StmtList l) {
    for (int i = 0; i < l.len && !st->failed; i++) visit_stmt(st, l.items[i]);
}

static void visit_params(SymTable *st, const Arguments *a) {
    for (int i = 0; i < a->nposonly; i++) add_def(st, a->posonly[i].name, DEF_PARAM, a->posonly[i].span);
    for (int i = 0; i < a->nargs; i++) add_def(st, a->args[i].name, DEF_PARAM, a->args[i].span);
    for (int i = 0; i < a->nkwonly; i++) add_def(st, a->kwonly[i].name, DEF_PARAM, a->kwonly[i].span);
    if (a->vararg) {
        add_def(st, a->vararg->name, DEF_PARAM, a->vararg->span);
        st->cur->varargs = true;
    }
    if (a->kwarg) {
        add_def(st, a->kwarg->name, DEF_PARAM, a->kwarg->span);
        st->cur->varkeywords = true;
    }
}

static void visit_defaults(SymTable *st, const Arguments *a) {
    if (!a) return;
    for (int i = 0; i < a->ndefaults; i++) visit_expr(st, a->defaults[i]);
    for (int i = 0; i < a->nkwonly; i++)
        if (a->kw_defaults && a->kw_defaults[i]) visit_expr(st, a->kw_defaults[i]);
}

static const char *comp_block_name(ExprKind k) {
    switch (k) {
    case E_LISTCOMP: return "listcomp";
    case E_SETCOMP: return "setcomp";
    case E_DICTCOMP: return "dictcomp";
    default: return "genexpr";
    }
}

static void visit_comprehension(SymTable *st, const Expr *e) {
    const Comprehension *gens = e->u.comp.generators;
    int n = e->u.comp.ngenerators;
    bool is_generator = e->kind == E_GENEXP;
    /* the outermost iterable is evaluated in the enclosing scope */
    st->cur->comp_iter_expr++;
    visit_expr(st, gens[0].iter);
    st->cur->comp_iter_expr--;
    if (st->failed) return;
    ScopeBlock *b = enter_block(st, comp_block_name(e->kind), BLOCK_FUNCTION, e, e->span);
    b->comp = e->kind == E_LISTCOMP ? COMP_LIST : e->kind == E_SETCOMP ? COMP_SET : e->kind == E_DICTCOMP ? COMP_DICT : COMP_GENEXP;
    if (gens[0].is_async) b->coroutine = true;
    /* the outermost iterator is the implicit parameter ".0" */
    add_def(st, ".0", DEF_PARAM, e->span);
    b->comp_iter_target = true;
    visit_expr(st, gens[0].target);
    b->comp_iter_target = false;
    visit_exprs(st, gens[0].ifs);
    for (int i = 1; i < n && !st->failed; i++) {
        b->comp_iter_target = true;
        visit_expr(st, gens[i].target);
        b->comp_iter_target = false;
        b->comp_iter_expr++;
        visit_expr(st, gens[i].iter);
        b->comp_iter_expr--;
        visit_exprs(st, gens[i].ifs);
        if (gens[i].is_async) b->coroutine = true;
    }
    if (e->u.comp.value) visit_expr(st, e->u.comp.value);
    visit_expr(st, e->u.comp.elt);
    if (is_generator) b->generator = true;
    bool is_async = b->coroutine && !is_generator;
    exit_block(st);
    if (is_async) st->cur->coroutine = true;
}

static void yield_in_comprehension(SymTable *st, const Expr *e) {
    switch (st->cur->comp) {
    case COMP_LIST: set_error(st, e->span, "'yield' inside list comprehension"); break;
    case COMP_SET: set_error(st, e->span, "'yield' inside set comprehension"); break;
    case COMP_DICT: set_error(st, e->span, "'yield' inside dict comprehension"); break;
    case COMP_GENEXP: set_error(st, e->span, "'yield' inside generator expression"); break;
    default: break;
    }
}

static void extend_namedexpr_scope(SymTable *st, const Expr *target) {
    const char *name = target->u.name.id;
    for (ScopeBlock *b = st->cur; b; b = b->parent) {
        if (b->comp != COMP_NONE) {
            const Symbol *s = scope_find(b, scope_mangle(st->arena, st->private_name, name));
            if (s && (s->flags & DEF_COMP_ITER)) {
                set_error(st, target->span, "assignment expression cannot rebind comprehension iteration variable '%s'",
                          name);
                return;
            }
            continue;
        }
        if (b->kind == BLOCK_FUNCTION) {
            const Symbol *s = scope_find(b, scope_mangle(st->arena, st->private_name, name));
            if (s && (s->flags & DEF_GLOBAL)) add_def(st, name, DEF_GLOBAL, target->span);
            else add_def(st, name, DEF_NONLOCAL, target->span);
            record_directive(st, name, target->span);
            add_def_in(st, b, name, DEF_LOCAL, target->span);
            return;
        }
        if (b->kind == BLOCK_MODULE) {
            add_def(st, name, DEF_GLOBAL, target->span);
            record_directive(st, name, target->span);
            add_def_in(st, b, name, DEF_GLOBAL, target->span);
            return;
        }
        if (b->kind == BLOCK_CLASS) {
            set_error(st, target->span, "assignment expression within a comprehension cannot be used in a class body");
            return;
        }
    }
}

static void visit_expr(SymTable *st, const Expr *e) {
    if (!enter_rec(st, e->span)) return;
    switch (e->kind) {
    case E_NAMEDEXPR:
        if (st->cur->comp_iter_expr > 0) {
            set_error(st, e->span, "assignment expression cannot be used in a comprehension iterable expression");
            break;
        }
        if (st->cur->comp != COMP_NONE && e->u.namedexpr.target->kind == E_NAME) {
            extend_namedexpr_scope(st, e->u.namedexpr.target);
            if (st->failed) break;
        }
        visit_expr(st, e->u.namedexpr.value);
        visit_expr(st, e->u.namedexpr.target);
        break;
    case E_BOOLOP: visit_exprs(st, e->u.boolop.values); break;
    case E_BINOP:
        visit_expr(st, e->u.binop.left);
        visit_expr(st, e->u.binop.right);
        break;
    case E_UNARYOP: visit_expr(st, e->u.unaryop.operand); break;
    case E_LAMBDA: {
        visit_defaults(st, e->u.lambda.args);
        if (st->failed) break;
        enter_block(st, "lambda", BLOCK_FUNCTION, e, e->span);
        if (e->u.lambda.args) visit_params(st, e->u.lambda.args);
        visit_expr(st, e->u.lambda.body);
        exit_block(st);
        break;
    }
    case E_IFEXP:
        visit_expr(st, e->u.ifexp.test);
        visit_expr(st, e->u.ifexp.body);
        visit_expr(st, e->u.ifexp.orelse);
        break;
    case E_DICT:
        for (int i = 0; i < e->u.dict.values.len && !st->failed; i++) {
            if (e->u.dict.keys.items[i]) visit_expr(st, e->u.dict.keys.items[i]);
            visit_expr(st, e->u.dict.values.items[i]);
        }
        break;
    case E_SET: visit_exprs(st, e->u.set.elts); break;
    case E_LISTCOMP:
    case E_SETCOMP:
    case E_DICTCOMP:
    case E_GENEXP: visit_comprehension(st, e); break;
    case E_YIELD:
    case E_YIELDFROM:
        if (e->u.yield.value) visit_expr(st, e->u.yield.value);
        if (st->failed) break;
        st->cur->generator = true;
        if (st->cur->comp != COMP_NONE) yield_in_comprehension(st, e);
        break;
    case E_AWAIT:
        visit_expr(st, e->u.await_.value);
        st->cur->coroutine = true;
        break;
    case E_COMPARE:
        visit_expr(st, e->u.compare.left);
        visit_exprs(st, e->u.compare.comparators);
        break;
    case E_CALL:
        visit_expr(st, e->u.call.func);
        visit_exprs(st, e->u.call.args);
        for (int i = 0; i < e->u.call.nkeywords && !st->failed; i++) visit_expr(st, e->u.call.keywords[i].value);
        break;
    case E_FORMATTED:
        visit_expr(st, e->u.formatted.value);
        if (e->u.formatted.format_spec) visit_expr(st, e->u.formatted.format_spec);
        break;
    case E_JOINEDSTR: visit_exprs(st, e->u.joinedstr.values); break;
    case E_CONST: break;
    case E_ATTRIBUTE: visit_expr(st, e->u.attribute.value); break;
    case E_SUBSCRIPT:
        visit_expr(st, e->u.subscript.value);
        visit_expr(st, e->u.subscript.slice);
        break;
    case E_STARRED: visit_expr(st, e->u.starred.value); break;
    case E_SLICE:
        if (e->u.slice.lower) visit_expr(st, e->u.slice.lower);
        if (e->u.slice.upper) visit_expr(st, e->u.slice.upper);
        if (e->u.slice.step) visit_expr(st, e->u.slice.step);
        break;
    case E_NAME:
        add_def(st, e->u.name.id, e->u.name.ctx == CTX_LOAD ? DEF_USE : DEF_LOCAL, e->span);
        if (e->u.name.ctx == CTX_LOAD && st->cur->kind == BLOCK_FUNCTION && strcmp(e->u.name.id, "super") == 0)
            add_def(st, "__class__", DEF_USE, e->span);
        break;
    case E_LIST:
    case E_TUPLE: visit_exprs(st, e->u.seq.elts); break;
    }
    st->depth--;
}

static void visit_alias(SymTable *st, const Alias *a) {
    const char *store;
    if (a->asname) {
        store = a->asname;
    } else {
        const char *dot = strchr(a->name, '.');
        store = dot ? arena_strndup(st->arena, a->name, (size_t)(dot - a->name)) : a->name;
    }
    if (strcmp(a->name, "*") == 0) {
        if (st->cur->kind != BLOCK_MODULE) set_error(st, a->span, "import * only allowed at module level");
        return;
    }
    add_def(st, store, DEF_IMPORT, a->span);
}

static void visit_global_nonlocal(SymTable *st, const Stmt *s, bool is_global) {
    for (int i = 0; i < s->u.global.nnames && !st->failed; i++) {
        const char *name = s->u.global.names[i];
        int cur = lookup_flags(st, name);
        if (cur & (DEF_PARAM | DEF_LOCAL | DEF_USE | DEF_ANNOT)) {
            const char *what = is_global ? "global" : "nonlocal";
            if (cur & DEF_PARAM) set_error(st, s->span, "name '%s' is parameter and %s", name, what);
            else if (cur & DEF_USE) set_error(st, s->span, "name '%s' is used prior to %s declaration", name, what);
            else if (cur & DEF_ANNOT) set_error(st, s->span, "annotated name '%s' can't be %s", name, what);
            else set_error(st, s->span, "name '%s' is assigned to before %s declaration", name, what);
            return;
        }
        add_def(st, name, is_global ? DEF_GLOBAL : DEF_NONLOCAL, s->span);
        record_directive(st, name, s->span);
    }
}

static void visit_stmt(SymTable *st, const Stmt *s) {
    if (!enter_rec(st, s->span)) return;
    switch (s->kind) {
    case S_FUNCTIONDEF: {
        add_def(st, s->u.funcdef.name, DEF_LOCAL, s->span);
        visit_defaults(st, s->u.funcdef.args);
        visit_exprs(st, s->u.funcdef.decorators);
        if (st->failed) break;
        ScopeBlock *b = enter_block(st, s->u.funcdef.name, BLOCK_FUNCTION, s, s->span);
        if (s->u.funcdef.is_async) b->coroutine = true;
        if (s->u.funcdef.args) visit_params(st, s->u.funcdef.args);
        visit_stmts(st, s->u.funcdef.body);
        exit_block(st);
        break;
    }
    case S_CLASSDEF: {
        add_def(st, s->u.classdef.name, DEF_LOCAL, s->span);
        visit_exprs(st, s->u.classdef.bases);
        for (int i = 0; i < s->u.classdef.nkeywords && !st->failed; i++)
            visit_expr(st, s->u.classdef.keywords[i].value);
        visit_exprs(st, s->u.classdef.decorators);
        if (st->failed) break;
        enter_block(st, s->u.classdef.name, BLOCK_CLASS, s, s->span);
        const char *saved = st->private_name;
        st->private_name = s->u.classdef.name;
        visit_stmts(st, s->u.classdef.body);
        st->private_name = saved;
        exit_block(st);
        break;
    }
    case S_RETURN:
        if (s->u.ret.value) visit_expr(st, s->u.ret.value);
        break;
    case S_DELETE: visit_exprs(st, s->u.del.targets); break;
    case S_ASSIGN:
        visit_exprs(st, s->u.assign.targets);
        visit_expr(st, s->u.assign.value);
        break;
    case S_AUGASSIGN:
        visit_expr(st, s->u.augassign.target);
        visit_expr(st, s->u.augassign.value);
        break;
    case S_ANNASSIGN: {
        const Expr *t = s->u.annassign.target;
        if (t->kind == E_NAME) {
            int cur = lookup_flags(st, t->u.name.id);
            if ((cur & (DEF_GLOBAL | DEF_NONLOCAL)) && st->cur != st->top && s->u.annassign.simple) {
                set_error(st, s->span, (cur & DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                           : "annotated name '%s' can't be nonlocal",
                          t->u.name.id);
                break;
            }
            if (s->u.annassign.simple) add_def(st, t->u.name.id, DEF_ANNOT | DEF_LOCAL, t->span);
            else if (s->u.annassign.value) add_def(st, t->u.name.id, DEF_LOCAL, t->span);
        } else {
            visit_expr(st, t);
        }
        visit_expr(st, s->u.annassign.annotation);
        if (s->u.annassign.value) visit_expr(st, s->u.annassign.value);
        break;
    }
    case S_FOR:
        visit_expr(st, s->u.for_.target);
        visit_expr(st, s->u.for_.iter);
        visit_stmts(st, s->u.for_.body);
        visit_stmts(st, s->u.for_.orelse);
        break;
    case S_WHILE:
        visit_expr(st, s->u.while_.test);
        visit_stmts(st, s->u.while_.body);
        visit_stmts(st, s->u.while_.orelse);
        break;
    case S_IF:
        visit_expr(st, s->u.if_.test);
        visit_stmts(st, s->u.if_.body);
        visit_stmts(st, s->u.if_.orelse);
        break;
    case S_WITH:
        for (int i = 0; i < s->u.with.nitems && !st->failed; i++) {
            visit_expr(st, s->u.with.items[i].context_expr);
            if (s->u.with.items[i].optional_vars) visit_expr(st, s->u.with.items[i].optional_vars);
        }
        visit_stmts(st, s->u.with.body);
        break;
    case S_RAISE:
        if (s->u.raise.exc) visit_expr(st, s->u.raise.exc);
        if (s->u.raise.cause) visit_expr(st, s->u.raise.cause);
        break;
    case S_TRY:
        visit_stmts(st, s->u.try_.body);
        visit_stmts(st, s->u.try_.orelse);
        for (int i = 0; i < s->u.try_.nhandlers && !st->failed; i++) {
            const ExceptHandler *h = &s->u.try_.handlers[i];
            if (h->type) visit_expr(st, h->type);
            if (h->name) add_def(st, h->name, DEF_LOCAL, h->span);
            visit_stmts(st, h->body);
        }
        visit_stmts(st, s->u.try_.finalbody);
        break;
    case S_ASSERT:
        visit_expr(st, s->u.assert_.test);
        if (s->u.assert_.msg) visit_expr(st, s->u.assert_.msg);
        break;
    case S_IMPORT:
        for (int i = 0; i < s->u.import.nnames && !st->failed; i++) visit_alias(st, &s->u.import.names[i]);
        break;
    case S_IMPORTFROM:
        for (int i = 0; i < s->u.importfrom.nnames && !st->failed; i++) visit_alias(st, &s->u.importfrom.names[i]);
        break;
    case S_GLOBAL: visit_global_nonlocal(st, s, true); break;
    case S_NONLOCAL: visit_global_nonlocal(st, s, false); break;
    case S_EXPR: visit_expr(st, s->u.expr.value); break;
    case S_PASS:
    case S_BREAK:
    case S_CONTINUE: break;
    }
    st->depth--;
}

/* ---- pass 2: analysis ----------------------------------------------------- */

/* A small string set (open addressing, tombstones). */
typedef struct {
    const char **keys;
    int cap, len;
} StrSet;

static const char TOMB[1];

static void set_free(StrSet *s) {
    free(s->keys);
    s->keys = NULL;
    s->cap = s->len = 0;
}

static int set_find(const StrSet *s, const char *k) {
    if (!s->cap) return -1;
    uint64_t mask = (uint64_t)s->cap - 1;
    for (uint64_t i = hash_str(k) & mask;; i = (i + 1) & mask) {
        const char *x = s->keys[i];
        if (!x) return -1;
        if (x != TOMB && strcmp(x, k) == 0) return (int)i;
    }
}

static bool set_has(const StrSet *s, const char *k) { return set_find(s, k) >= 0; }

static void set_add(StrSet *s, const char *k);

static void set_rehash(StrSet *s, int nc) {
    const char **old = s->keys;
    int oc = s->cap;
    s->keys = calloc((size_t)nc, sizeof(const char *));
    s->cap = nc;
    s->len = 0;
    for (int i = 0; i < oc; i++)
        if (old[i] && old[i] != TOMB) set_add(s, old[i]);
    free(old);
}

static void set_add(StrSet *s, const char *k) {
    if (set_has(s, k)) return;
    if ((s->len + 1) * 2 > s->cap) set_rehash(s, s->cap ? s->cap * 2 : 16);
    uint64_t mask = (uint64_t)s->cap - 1;
    uint64_t i = hash_str(k) & mask;
    while (s->keys[i] && s->keys[i] != TOMB) i = (i + 1) & mask;
    s->keys[i] = k;
    s->len++;
}

static void set_discard(StrSet *s, const char *k) {
    int i = set_find(s, k);
    if (i >= 0) s->keys[i] = TOMB;
}

static void set_update(StrSet *dst, const StrSet *src) {
    for (int i = 0; i < src->cap; i++)
        if (src->keys[i] && src->keys[i] != TOMB) set_add(dst, src->keys[i]);
}

static void set_copy(StrSet *dst, const StrSet *src) {
    dst->keys = NULL;
    dst->cap = dst->len = 0;
    set_update(dst, src);
}

static void error_at_directive(SymTable *st, ScopeBlock *b, const char *name, const char *fmt, const char *arg) {
    Span loc = b->span;
    for (int i = 0; i < b->ndirectives; i++) {
        if (strcmp(b->directives[i].name, name) == 0) {
            loc = b->directives[i].span;
            break;
        }
    }
    set_error(st, loc, fmt, arg);
}

/* bound == NULL at module level */
static bool analyze_name(SymTable *st, ScopeBlock *b, Symbol *sym, StrSet *bound, StrSet *local, StrSet *free_,
                         StrSet *global) {
    int flags = sym->flags;
    const char *name = sym->name;
    if (flags & DEF_GLOBAL) {
        if (flags & DEF_NONLOCAL) {
            error_at_directive(st, b, name, "name '%s' is nonlocal and global", name);
            return false;
        }
        sym->scope = SC_GLOBAL_EXPLICIT;
        set_add(global, name);
        if (bound) set_discard(bound, name);
        return true;
    }
    if (flags & DEF_NONLOCAL) {
        if (!bound) {
            error_at_directive(st, b, name, "nonlocal declaration not allowed at module level%s", "");
            return false;
        }
        if (!set_has(bound, name)) {
            error_at_directive(st, b, name, "no binding for nonlocal '%s' found", name);
            return false;
        }
        sym->scope = SC_FREE;
        b->free = true;
        set_add(free_, name);
        return true;
    }
    if (flags & DEF_BOUND) {
        sym->scope = SC_LOCAL;
        set_add(local, name);
        set_discard(global, name);
        return true;
    }
    if (bound && set_has(bound, name)) {
        sym->scope = SC_FREE;
        b->free = true;
        set_add(free_, name);
        return true;
    }
    if (global && set_has(global, name)) {
        sym->scope = SC_GLOBAL_IMPLICIT;
        return true;
    }
    if (b->nested) b->free = true;
    sym->scope = SC_GLOBAL_IMPLICIT;
    return true;
}

static bool analyze_block(SymTable *st, ScopeBlock *b, StrSet *bound, StrSet *free_, StrSet *global);

static bool analyze_child_block(SymTable *st, ScopeBlock *b, StrSet *bound, StrSet *free_, StrSet *global,
                                StrSet *child_free) {
    StrSet tb, tf, tg;
    set_copy(&tb, bound);
    set_copy(&tf, free_);
    set_copy(&tg, global);
    bool ok = analyze_block(st, b, &tb, &tf, &tg);
    if (ok) set_update(child_free, &tf);
    set_free(&tb);
    set_free(&tf);
    set_free(&tg);
    return ok;
}

static bool analyze_block(SymTable *st, ScopeBlock *b, StrSet *bound, StrSet *free_, StrSet *global) {
    StrSet local = {0}, newglobal = {0}, newfree = {0}, newbound = {0}, allfree = {0};
    bool ok = false;
    if (b->kind == BLOCK_CLASS) {
        set_update(&newglobal, global);
        if (bound) set_update(&newbound, bound);
    }
    for (int i = 0; i < b->nsyms; i++)
        if (!analyze_name(st, b, &b->syms[i], bound, &local, free_, global)) goto done;
    if (b->kind != BLOCK_CLASS) {
        if (b->kind == BLOCK_FUNCTION) set_update(&newbound, &local);
        if (bound) set_update(&newbound, bound);
        set_update(&newglobal, global);
    } else {
        set_add(&newbound, "__class__");
    }
    for (int i = 0; i < b->nchildren; i++) {
        ScopeBlock *c = b->children[i];
        if (!analyze_child_block(st, c, &newbound, &newfree, &newglobal, &allfree)) goto done;
        if (c->free || c->child_free) b->child_free = true;
    }
    set_update(&newfree, &allfree);
    if (b->kind == BLOCK_FUNCTION) {
        /* locals captured by children become cells */
        for (int i = 0; i < b->nsyms; i++) {
            Symbol *s = &b->syms[i];
            if (s->scope != SC_LOCAL || !set_has(&newfree, s->name)) continue;
            s->scope = SC_CELL;
            set_discard(&newfree, s->name);
        }
    } else if (b->kind == BLOCK_CLASS) {
        if (set_has(&newfree, "__class__")) {
            b->needs_class_closure = true;
            set_discard(&newfree, "__class__");
        }
    }
    /* record free variables of children not yet known here */
    for (int i = 0; i < newfree.cap; i++) {
        const char *name = newfree.keys[i];
        if (!name || name == TOMB) continue;
        bool added;
        int k = sym_index(b, name);
        if (k >= 0) {
            Symbol *s = &b->syms[k];
            if (b->kind == BLOCK_CLASS && (s->flags & (DEF_BOUND | DEF_GLOBAL))) s->flags |= DEF_FREE_CLASS;
            continue;
        }
        if (bound && !set_has(bound, name)) continue; /* a global */
        Symbol *s = sym_get_or_add(st, b, name, &added);
        s->scope = SC_FREE;
    }
    set_update(free_, &newfree);
    ok = true;
done:
    set_free(&local);
    set_free(&newglobal);
    set_free(&newfree);
    set_free(&newbound);
    set_free(&allfree);
    return ok;
}

bool symtable_build(SymTable *st, Arena *arena, const Module *m) {
    memset(st, 0, sizeof *st);
    st->arena = arena;
    Span none = {1, 0, 1, 0};
    st->top = enter_block(st, "top", BLOCK_MODULE, NULL, none);
    visit_stmts(st, m->body);
    if (st->failed) return false;
    StrSet free_ = {0}, global = {0};
    bool ok = analyze_block(st, st->top, NULL, &free_, &global);
    set_free(&free_);
    set_free(&global);
    return ok && !st->failed;
}
