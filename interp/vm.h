/* vm.h: the interpreter state and the runtime API every C file uses.
 *
 * Error convention: a function returning Value returns VAL_NULL when it
 * fails, with the exception stored in vm->exc (set it with vm_raise*).
 * Functions returning int use -1 for failure (and 0/1 for false/true);
 * functions returning bool use false for failure. Nothing longjmps.
 *
 * Garbage collection only runs at safe points of the dispatch loop (calls,
 * backward jumps, returns), never inside an allocation. So C code may hold
 * fresh objects in C locals freely; only code that calls back into Coil
 * (vm_call and everything that may run a dunder method: vm_repr, vm_eq,
 * vm_hash, vm_getattr, vm_iternext, ...) must make sure what it holds is
 * reachable. To make that easy, every object allocated while a native
 * function runs is pushed on the temp-root stack automatically and released
 * when the native returns, and values returned by vm_call to C are rooted
 * the same way. See gc.h.
 */
#ifndef COIL_VM_H
#define COIL_VM_H

#include <stdarg.h>
#include <stdio.h>

#include "code.h"
#include "object.h"

#define COIL_VERSION "0.1.0"

/* The exception hierarchy: X(name, base). Order matters (bases first). */
#define COIL_EXCEPTIONS(X)                                   \
    X(BaseException, NULL)                                   \
    X(BaseExceptionGroup, BaseException)                     \
    X(GeneratorExit, BaseException)                          \
    X(KeyboardInterrupt, BaseException)                      \
    X(SystemExit, BaseException)                             \
    X(Exception, BaseException)                              \
    X(ArithmeticError, Exception)                            \
    X(FloatingPointError, ArithmeticError)                   \
    X(OverflowError, ArithmeticError)                        \
    X(ZeroDivisionError, ArithmeticError)                    \
    X(AssertionError, Exception)                             \
    X(AttributeError, Exception)                             \
    X(BufferError, Exception)                                \
    X(EOFError, Exception)                                   \
    X(ExceptionGroup, Exception)                             \
    X(ImportError, Exception)                                \
    X(ModuleNotFoundError, ImportError)                      \
    X(LookupError, Exception)                                \
    X(IndexError, LookupError)                               \
    X(KeyError, LookupError)                                 \
    X(MemoryError, Exception)                                \
    X(NameError, Exception)                                  \
    X(UnboundLocalError, NameError)                          \
    X(OSError, Exception)                                    \
    X(BlockingIOError, OSError)                              \
    X(ChildProcessError, OSError)                            \
    X(ConnectionError, OSError)                              \
    X(BrokenPipeError, ConnectionError)                      \
    X(ConnectionAbortedError, ConnectionError)               \
    X(ConnectionRefusedError, ConnectionError)               \
    X(ConnectionResetError, ConnectionError)                 \
    X(FileExistsError, OSError)                              \
    X(FileNotFoundError, OSError)                            \
    X(InterruptedError, OSError)                             \
    X(IsADirectoryError, OSError)                            \
    X(NotADirectoryError, OSError)                           \
    X(PermissionError, OSError)                              \
    X(ProcessLookupError, OSError)                           \
    X(TimeoutError, OSError)                                 \
    X(ReferenceError, Exception)                             \
    X(RuntimeError, Exception)                               \
    X(NotImplementedError, RuntimeError)                     \
    X(RecursionError, RuntimeError)                          \
    X(StopAsyncIteration, Exception)                         \
    X(StopIteration, Exception)                              \
    X(SyntaxError, Exception)                                \
    X(IndentationError, SyntaxError)                         \
    X(TabError, IndentationError)                            \
    X(SystemError, Exception)                                \
    X(TypeError, Exception)                                  \
    X(ValueError, Exception)                                 \
    X(UnicodeError, ValueError)                              \
    X(UnicodeDecodeError, UnicodeError)                      \
    X(UnicodeEncodeError, UnicodeError)                      \
    X(UnicodeTranslateError, UnicodeError)                   \
    X(Warning, Exception)                                    \
    X(DeprecationWarning, Warning)                           \
    X(PendingDeprecationWarning, Warning)                    \
    X(RuntimeWarning, Warning)                               \
    X(SyntaxWarning, Warning)                                \
    X(UserWarning, Warning)                                  \
    X(FutureWarning, Warning)                                \
    X(ImportWarning, Warning)                                \
    X(UnicodeWarning, Warning)                               \
    X(BytesWarning, Warning)                                 \
    X(ResourceWarning, Warning)

/* Interned names the runtime looks up often: vm->s___init__ etc. */
#define COIL_NAMES(X)                                                         \
    X(__init__) X(__new__) X(__repr__) X(__str__) X(__hash__) X(__eq__)       \
    X(__ne__) X(__lt__) X(__le__) X(__gt__) X(__ge__) X(__bool__) X(__len__)  \
    X(__getitem__) X(__setitem__) X(__delitem__) X(__contains__) X(__iter__)  \
    X(__next__) X(__call__) X(__getattr__) X(__getattribute__)                \
    X(__setattr__) X(__delattr__) X(__enter__) X(__exit__) X(__class__)       \
    X(__name__) X(__qualname__) X(__module__) X(__dict__) X(__doc__)          \
    X(__add__) X(__radd__) X(__iadd__) X(__sub__) X(__rsub__) X(__isub__)     \
    X(__mul__) X(__rmul__) X(__imul__) X(__truediv__) X(__rtruediv__)         \
    X(__itruediv__) X(__floordiv__) X(__rfloordiv__) X(__ifloordiv__)         \
    X(__mod__) X(__rmod__) X(__imod__) X(__pow__) X(__rpow__) X(__ipow__)     \
    X(__lshift__) X(__rlshift__) X(__ilshift__) X(__rshift__) X(__rrshift__)  \
    X(__irshift__) X(__and__) X(__rand__) X(__iand__) X(__or__) X(__ror__)    \
    X(__ior__) X(__xor__) X(__rxor__) X(__ixor__) X(__matmul__)               \
    X(__rmatmul__) X(__imatmul__) X(__neg__) X(__pos__) X(__invert__)         \
    X(__abs__) X(__int__) X(__float__) X(__index__) X(__round__)              \
    X(__format__) X(__get__) X(__set__) X(__delete__) X(__set_name__)         \
    X(__init_subclass__) X(__class_getitem__) X(__missing__)                  \
    X(__reversed__) X(__await__) X(__aiter__) X(__anext__) X(__aenter__)      \
    X(__aexit__) X(__build_class__) X(__classcell__) X(__main__)              \
    X(__builtins__) X(__file__) X(__all__) X(__slots__) X(__mro__)            \
    X(__bases__) X(__base__) X(__traceback__) X(__cause__) X(__context__)     \
    X(__suppress_context__) X(__length_hint__) X(__instancecheck__)           \
    X(__subclasscheck__) X(__divmod__) X(__rdivmod__) X(__trunc__)            \
    X(__floor__) X(__ceil__) X(__sizeof__) X(__dir__) X(__fspath__)           \
    X(args) X(value) X(code) X(send) X(throw) X(close) X(keys) X(items)       \
    X(write) X(flush) X(name) X(msg) X(errno) X(strerror)

typedef struct ExcInfo ExcInfo;
/* "The exception being handled" (for bare raise, __context__): a chain of
 * items; every generator/coroutine owns one and links it in while it runs,
 * so interleaved tasks never see each other's handled exception. */
struct ExcInfo {
    Value exc;          /* VAL_NONE when nothing is being handled */
    ExcInfo *previous;
};

typedef struct {
    const char *name;
    ObjModule *(*init)(VM *vm);
} BuiltinModuleDef;

#include "gc.h"

struct VM {
    /* ---- built-in types ---- */
    ObjType *t_object, *t_type, *t_none, *t_bool, *t_int, *t_float, *t_str,
        *t_bytes, *t_tuple, *t_list, *t_dict, *t_set, *t_frozenset, *t_range,
        *t_slice, *t_function, *t_builtin_function, *t_method, *t_cell,
        *t_code, *t_module, *t_property, *t_staticmethod, *t_classmethod,
        *t_getset, *t_super, *t_generator, *t_coroutine, *t_async_generator,
        *t_notimplemented, *t_ellipsis, *t_bytearray;
#define X(name, base) ObjType *exc_##name;
    COIL_EXCEPTIONS(X)
#undef X
#define X(name) ObjStr *s_##name;
    COIL_NAMES(X)
#undef X
    Obj *not_implemented; /* the NotImplemented singleton */
    Obj *ellipsis;        /* the Ellipsis singleton */
    ObjTuple *empty_tuple;
    ObjStr *empty_str;
    ObjStr *char_cache[128]; /* one-character ASCII strings */

    /* ---- namespaces ---- */
    ObjDict *builtins;     /* the builtins module's dict */
    ObjModule *builtins_module;
    ObjDict *modules;      /* sys.modules */
    ObjModule *sys_module;
    ObjList *sys_path;
    ObjList *sys_argv;
    const BuiltinModuleDef *builtin_modules; /* NULL-terminated table */

    /* ---- execution state ---- */
    Frame *frame;          /* innermost running frame */
    Value exc;             /* pending exception, VAL_NULL when none */
    ExcInfo exc_info_base; /* handled-exception item of the main code */
    ExcInfo *exc_info;     /* innermost handled-exception item */
    int depth;             /* Coil call depth (frames) */
    int recursion_limit;   /* sys.setrecursionlimit */
    int c_depth;           /* nested dispatch loops (C re-entry) */
    int native_depth;      /* natives running: auto-root their allocations */
    volatile int sigint_pending;
    bool yielded;          /* run() returned because a generator yielded */

    /* ---- memory ---- */
    GC gc;

    /* ---- interned strings (weak set) ---- */
    ObjStr **interned;
    size_t interned_count, interned_cap;

    /* ---- output ---- */
    FILE *out;             /* sys.stdout's stream */
    FILE *err;

    /* ---- misc ---- */
    /* int.c: sys.set_int_max_str_digits() limit, 0 = none (int_init_type sets 4300) */
    int int_max_str_digits;
    /* random.c: the random.Random type */
    ObjType *t_random;
    uint64_t hash_secret;  /* str hash seed */
    void *loop;            /* the event loop (loop.h), NULL until first used */
    Value running_loop;    /* the loop object currently running, or VAL_NONE */
    Value context;         /* contextvars: the current Context, or VAL_NULL */
    int sigint_count;      /* SIGINTs seen while an event loop runs */
    void *repl;            /* the prompt's state when running interactively */
    void *console;         /* stdlib/console.c: shared stdin buffer, readline state */
    Value prompt_loop;     /* the prompt's event loop: get_running_loop() falls back
                              to it between inputs (VAL_NONE outside the prompt) */
    uint32_t next_type_version;
    bool in_repl;
    /* stdlib/aio_*.c and contextvars.c types */
    ObjType *t_future, *t_task, *t_handle, *t_loop, *t_future_iter, *t_sleep, *t_context, *t_contextvar,
        *t_token, *exc_CancelledError, *exc_InvalidStateError;
    uint64_t task_counter;
    /* gen.c private types */
    ObjType *t_coro_wrapper, *t_ag_wrapped, *t_ag_await;
    /* every type made by type_new_builtin (the collector marks them all) */
    ObjType **builtin_types;
    int nbuiltin_types, builtin_types_cap;
    /* Private helper types of the type files (iterators, views), indexed by
     * ranges each file owns: list.c 0-7, tuple.c 8-11, range.c 12-15,
     * dict.c 16-27, set.c 28-31, str.c 32-39, bytes.c 40-43,
     * builtins_iter.c 44-55, ops.c 56-58, union.c 59, exception.c 60-63.
     * (Marked through builtin_types like every type_new_builtin type.) */
    ObjType *ptypes[64];
    /* type_lookup cache: (type, interned name) -> value or VAL_NULL, valid
     * while epoch == type_epoch. Any change to any type's dict, a new type,
     * and every collection (types and names may be freed and their
     * addresses reused) bump type_epoch. */
    struct TypeCacheEntry {
        ObjType *type;
        ObjStr *name;
        Value value;
        uint32_t epoch;
    } *type_cache;
    uint32_t type_epoch;
    /* repr recursion guard (vm_repr_enter/leave): objects being repr'd */
    Obj **repr_stack;
    int repr_len, repr_cap;
};

/* ---- lifecycle -------------------------------------------------------- */
VM *vm_new(void);
void vm_free(VM *vm);
/* Compiles and runs source as module `name` (e.g. "__main__") with
 * `filename`; returns the module or NULL with vm->exc set. */
ObjModule *vm_run_source(VM *vm, const char *src, size_t len, const char *filename, const char *modname);
/* Prints the pending exception as CPython does (traceback to stderr) and
 * clears it. */
void vm_print_exception(VM *vm, Value exc);

/* ---- errors ----------------------------------------------------------- */
/* printf-style; always returns VAL_NULL so natives can `return vm_raise(...)` */
Value vm_raise(VM *vm, ObjType *type, const char *fmt, ...);
Value vm_raise_value(VM *vm, Value exc); /* an exception instance or class */
Value vm_raise_no_memory(VM *vm);
static inline bool vm_has_exc(VM *vm) { return !IS_NULL(vm->exc); }
void vm_clear_exc(VM *vm);
/* Is the pending exception an instance of type? */
bool vm_exc_matches(VM *vm, ObjType *type);
/* Takes the pending exception (clearing it). */
Value vm_take_exc(VM *vm);
/* Type name of a value for error messages: "int", "NoneType", "Foo". */
const char *vm_type_name(VM *vm, Value v);

/* ---- types and generic protocols (object.c, ops.c) --------------------- */
ObjType *vm_type_of(VM *vm, Value v);
bool type_is_subtype(ObjType *t, ObjType *base);
bool vm_isinstance(VM *vm, Value v, ObjType *t);
/* Finds name along type's MRO (no descriptors applied); VAL_NULL if absent
 * (no exception set). */
Value type_lookup(VM *vm, ObjType *type, ObjStr *name);
/* Creates a built-in type. `base` NULL means object. */
ObjType *type_new_builtin(VM *vm, const char *name, ObjType *base, uint8_t kind,
                          size_t basicsize, TraceFn trace, FreeFn free, uint32_t tflags);
void type_add_methods(VM *vm, ObjType *type, const MethodDef *defs); /* {NULL} ends */
void type_add_getsets(VM *vm, ObjType *type, const GetSetDef *defs);
void type_set_attr(VM *vm, ObjType *type, const char *name, Value v);

Value vm_repr(VM *vm, Value v);   /* returns a str */
Value vm_str(VM *vm, Value v);    /* returns a str */
Value vm_ascii(VM *vm, Value v);
Value vm_format(VM *vm, Value v, Value spec); /* format(v, spec) */
int vm_truthy(VM *vm, Value v);   /* 1, 0, -1 on error */
bool vm_hash(VM *vm, Value v, uint64_t *out); /* TypeError for unhashable */
int vm_eq(VM *vm, Value a, Value b); /* 1, 0, -1: a == b, truthy result */
Value vm_compare(VM *vm, Value a, Value b, CmpOp op);
int vm_compare_bool(VM *vm, Value a, Value b, CmpOp op); /* 1, 0, -1 */
Value vm_binary_op(VM *vm, int op, Value a, Value b); /* op: BinOp (| BINOP_INPLACE) */
Value vm_unary_op(VM *vm, int uop, Value a);          /* uop: U_NEG/U_POS/U_INVERT (ast.h) */
Value vm_getattr(VM *vm, Value obj, ObjStr *name);
/* Like vm_getattr but returns VAL_NULL with no exception when missing. */
Value vm_getattr_opt(VM *vm, Value obj, ObjStr *name);
bool vm_setattr(VM *vm, Value obj, ObjStr *name, Value v);
bool vm_delattr(VM *vm, Value obj, ObjStr *name);
Value vm_getitem(VM *vm, Value obj, Value key);
bool vm_setitem(VM *vm, Value obj, Value key, Value v);
bool vm_delitem(VM *vm, Value obj, Value key);
int vm_contains(VM *vm, Value container, Value item); /* 1, 0, -1 */
int64_t vm_len(VM *vm, Value v);  /* -1 on error */
Value vm_getiter(VM *vm, Value obj);
/* Next item; VAL_NULL at the end with no exception pending, or VAL_NULL
 * with an exception pending on error. */
Value vm_iternext(VM *vm, Value iter);
/* Converts an integer-like value (int, bool, __index__) to int64, raising
 * TypeError/OverflowError. */
bool vm_to_index(VM *vm, Value v, int64_t *out);
/* Collects any iterable into a new list. */
ObjList *vm_list_from_iterable(VM *vm, Value iterable);

/* Guards repr of self-containing containers: returns 1 when o is already
 * being repr'd further up (print "[...]"/"{...}"), 0 when entered (call
 * vm_repr_leave after), -1 on error. */
int vm_repr_enter(VM *vm, Obj *o);
void vm_repr_leave(VM *vm, Obj *o);

/* Slot adapters registered as methods: "__next__" for types with an
 * iternext slot (raises StopIteration at the end), "__iter__" returning
 * self for iterators. */
Value type_slot_next(VM *vm, Value *args, int nargs, ObjTuple *kwnames);
Value type_slot_iter_self(VM *vm, Value *args, int nargs, ObjTuple *kwnames);

/* The running frame's globals dict and locals (a dict snapshot in function
 * frames, the namespace itself in module/class bodies), for globals(),
 * locals(), vars(), dir(). */
Value vm_globals(VM *vm);
Value vm_locals(VM *vm);

/* ---- calls ------------------------------------------------------------ */
/* Calls any callable from C (runs a nested dispatch loop for Coil code). */
Value vm_call(VM *vm, Value callable, Value *args, int nargs, ObjTuple *kwnames);
Value vm_call0(VM *vm, Value callable);
Value vm_call1(VM *vm, Value callable, Value a);
Value vm_call2(VM *vm, Value callable, Value a, Value b);
/* obj.name(*args): looks the method up on the type (then instance). */
Value vm_call_method(VM *vm, Value obj, ObjStr *name, Value *args, int nargs);
/* Looks up a dunder on type(obj) only (as CPython's implicit lookups do)
 * and calls it; VAL_NULL with no exception set when the type lacks it. */
Value vm_call_dunder(VM *vm, Value obj, ObjStr *name, Value *args, int nargs, bool *found);

/* Argument parsing for natives. spec: comma-separated names; "|" starts the
 * optional ones, "$" starts keyword-only ones, e.g. "iterable|$key,reverse".
 * Outputs are Value* (VAL_NULL when not given). Raises CPython-style
 * TypeErrors. */
bool vm_parse_args(VM *vm, const char *fname, Value *args, int nargs, ObjTuple *kwnames,
                   const char *spec, ...);
/* Simple arity check for natives without keywords. */
bool vm_check_args(VM *vm, const char *fname, int nargs, int min, int max);

/* ---- natives and modules ---------------------------------------------- */
ObjNative *native_new(VM *vm, const char *name, NativeFn fn, int flags);
ObjModule *module_new(VM *vm, const char *name);
void module_add_functions(VM *vm, ObjModule *m, const MethodDef *defs);
void module_set(VM *vm, ObjModule *m, const char *name, Value v);
/* import name (dotted names unsupported beyond one level); cached in
 * sys.modules */
Value vm_import(VM *vm, ObjStr *name);

/* ---- constructors used everywhere (implemented in their type's file) -- */
ObjStr *str_new(VM *vm, const char *utf8, size_t len);   /* valid UTF-8 */
ObjStr *str_from_cstr(VM *vm, const char *s);
ObjStr *str_intern(VM *vm, const char *utf8, size_t len);
ObjStr *str_intern_cstr(VM *vm, const char *s);
ObjStr *str_printf(VM *vm, const char *fmt, ...);
uint64_t str_hash(VM *vm, ObjStr *s);
bool str_equal(ObjStr *a, ObjStr *b);
ObjTuple *tuple_new(VM *vm, int64_t len);                /* items VAL_NONE */
ObjTuple *tuple_from(VM *vm, const Value *items, int64_t len);
ObjList *list_new(VM *vm, int64_t len);                  /* items VAL_NONE */
bool list_append(VM *vm, ObjList *l, Value v);
ObjDict *dict_new(VM *vm);
/* Dict access. get returns VAL_NULL when missing; errors (unhashable key,
 * failing __eq__) leave an exception pending, check vm_has_exc. */
Value dict_get(VM *vm, ObjDict *d, Value key);
bool dict_set(VM *vm, ObjDict *d, Value key, Value v);
int dict_del(VM *vm, ObjDict *d, Value key); /* 1 deleted, 0 missing, -1 error */
/* Fast paths for interned-string keys (never fail, never call Coil). */
Value dict_get_str(VM *vm, ObjDict *d, ObjStr *key);
void dict_set_str(VM *vm, ObjDict *d, ObjStr *key, Value v);
ObjSet *set_new(VM *vm, ObjType *type); /* vm->t_set or vm->t_frozenset */
bool set_add(VM *vm, ObjSet *s, Value key);
int set_contains(VM *vm, ObjSet *s, Value key);
Value int_from_int64(VM *vm, int64_t i);   /* MAKE_INT */
Value int_from_string(VM *vm, const char *s, int base); /* digits only; NULL on bad */
ObjException *exc_new(VM *vm, ObjType *type, Value *args, int nargs);

/* Installs every built-in type's methods; each type file exports one. */
void str_init_type(VM *vm);
void bytes_init_type(VM *vm);
void int_init_type(VM *vm);
void float_init_type(VM *vm);
void list_init_type(VM *vm);
void tuple_init_type(VM *vm);
void dict_init_type(VM *vm);
void set_init_type(VM *vm);
void range_init_type(VM *vm);
void slice_init_type(VM *vm);
void exc_init_types(VM *vm);
void builtins_init(VM *vm);

#endif
