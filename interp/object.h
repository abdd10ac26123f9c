/* object.h: the heap object header, the type object, and the layouts of the
 * core built-in objects that several files need to see.
 *
 * Every heap object starts with an Obj header:
 *
 *   +-----------------+------+--------+--------+-----------------+
 *   | ObjType *type   | kind | marked | flags  | gc_size         |
 *   +-----------------+------+--------+--------+-----------------+
 *
 * `type` is the Coil-visible class (a user subclass of list has its own type
 * but the same kind). `kind` names the C layout, so C code asks "is this laid
 * out as a list?" with one byte compare and no VM pointer: IS_LIST(v).
 * The collector keeps every object in one array (gc.h); the header is 16
 * bytes.
 *
 * Types are objects too (kind OK_TYPE). Built-in types live in the VM
 * (vm->t_list ...), never in C globals, so two interpreters can coexist.
 * Behaviour is looked up the Python way: type(x).__mro__ dictionaries hold
 * functions (Coil or native) under dunder names. C fast paths for the common
 * kinds sit in front of that lookup in the VM, dict and builtins.
 */
#ifndef COIL_OBJECT_H
#define COIL_OBJECT_H

#include "value.h"

typedef struct VM VM;
typedef struct ObjType ObjType;
typedef struct ObjStr ObjStr;
typedef struct ObjDict ObjDict;
typedef struct ObjTuple ObjTuple;
typedef struct Frame Frame;

typedef enum {
    OK_OTHER = 0, /* private layout of one .c file (iterators, ...) */
    OK_TYPE,
    OK_STR,
    OK_BYTES,
    OK_BIGINT,
    OK_TUPLE,
    OK_LIST,
    OK_DICT,
    OK_SET,      /* set and frozenset share the layout; type tells which */
    OK_RANGE,
    OK_SLICE,
    OK_CODE,
    OK_FUNCTION,
    OK_NATIVE,
    OK_BOUND_METHOD,
    OK_CELL,
    OK_MODULE,
    OK_INSTANCE, /* instance of a user class whose solid base is object */
    OK_EXCEPTION,
    OK_PROPERTY,
    OK_STATICMETHOD,
    OK_CLASSMETHOD,
    OK_GETSET,
    OK_SUPER,
    OK_GENERATOR, /* generator, coroutine and async generator share it */
    OK_COUNT
} ObjKind;

struct Obj {
    ObjType *type;
    uint8_t kind;
    uint8_t marked;
    uint16_t flags; /* per-kind bits, e.g. STR_INTERNED */
    uint32_t gc_size; /* bytes allocated (UINT32_MAX: recompute from the layout) */
};

/* Native functions use one calling convention (like CPython's vectorcall):
 * args[0..nargs) are positional; when kwnames is not NULL, the next
 * kwnames->len values are keyword arguments named by kwnames (a tuple of
 * interned str). Methods receive self as args[0]. Return VAL_NULL with an
 * exception set (vm_raise...) to fail. */
typedef Value (*NativeFn)(VM *vm, Value *args, int nargs, ObjTuple *kwnames);

/* MethodDef.flags */
enum {
    METH_KW = 1,     /* accepts keyword arguments (otherwise the VM rejects them) */
    METH_STATIC = 2, /* stored as staticmethod in the type dict */
    METH_CLASS = 4,  /* receives the type (or subclass) as args[0] */
};

typedef struct {
    const char *name;
    NativeFn fn;
    int flags;
    const char *doc; /* may be NULL */
} MethodDef;

typedef Value (*GetterFn)(VM *vm, Value self);
/* Returns false with an exception set on failure. NULL setter = read-only. */
typedef bool (*SetterFn)(VM *vm, Value self, Value v);

typedef struct {
    const char *name;
    GetterFn get;
    SetterFn set;
} GetSetDef;

typedef struct GC GC;
typedef void (*TraceFn)(GC *gc, Obj *o);
typedef void (*FreeFn)(VM *vm, Obj *o);

/* ObjType.tflags */
enum {
    TF_BUILTIN = 1,     /* defined in C; attributes cannot be set on it */
    TF_BASETYPE = 2,    /* may be subclassed */
    TF_HEAPTYPE = 4,    /* created by a class statement */
    TF_EXCEPTION = 8,   /* subclass of BaseException */
    TF_ABSTRACT_NEW = 16,
    TF_SLOTS = 32,      /* __slots__ without __dict__ in it, here and in every base */
};

struct ObjType {
    Obj obj;
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *module;  /* "builtins" for built-ins */
    ObjTuple *bases; /* tuple of ObjType* */
    ObjTuple *mro;   /* tuple of ObjType*, self first */
    ObjDict *dict;
    ObjType *base;   /* first base: where the C layout comes from */
    uint32_t tflags;
    uint8_t kind;        /* layout kind of instances */
    uint32_t basicsize;  /* bytes of an instance (without variable part) */
    int32_t dictoffset;  /* offset of an ObjDict* for per-instance attrs, 0 = none */
    TraceFn trace;       /* marks the children of an instance, may be NULL */
    FreeFn free;         /* releases C memory an instance owns, may be NULL */
    uint32_t version;    /* bumped when the type or a base changes (method caches) */
    /* C slot for iterators: next item, or VAL_NULL with no exception at the
     * end (VAL_NULL with an exception on error). NULL for types without a C
     * __next__. A type with this slot registers "__next__" as
     * type_slot_next (vm.h) so Coil code sees an ordinary method. */
    Value (*iternext)(VM *vm, Value self);
};

/* ---- strings ---------------------------------------------------------- */

enum { STR_INTERNED = 1, STR_ASCII = 2, STR_HASHED = 4 };

/* UTF-8 bytes, NUL-terminated for convenience; length in bytes and code
 * points. The hash is cached (STR_HASHED). Interned strings compare by
 * pointer; the VM interns every identifier and attribute name. */
struct ObjStr {
    Obj obj;
    int64_t len;    /* bytes */
    int64_t nchars; /* code points */
    uint64_t hash;
    char data[];
};

typedef struct {
    Obj obj;
    int64_t len;
    uint64_t hash;
    bool hashed;
    uint8_t data[]; /* NUL-terminated too */
} ObjBytes;

struct ObjTuple {
    Obj obj;
    int64_t len;
    Value items[];
};

typedef struct {
    Obj obj;
    int64_t len;
    int64_t cap;
    Value *items;
} ObjList;

/* Compact, insertion-ordered dict (CPython 3.6+ layout):
 * `index` is an open-addressed table of int32 positions into `entries`
 * (-1 empty, -2 deleted); `entries` is append-only until a resize, a
 * deleted entry has key VAL_NULL. */
typedef struct {
    Value key;
    Value value;
    uint64_t hash;
} DictEntry;

struct ObjDict {
    Obj obj;
    int64_t len;       /* live entries */
    int64_t used;      /* entries[] slots used, live or deleted */
    int64_t cap;       /* entries[] capacity */
    DictEntry *entries;
    int32_t *index;
    int64_t index_size; /* power of two, 0 when index == NULL */
    uint64_t version;   /* bumped on every mutation: iterators detect changes */
};

/* set / frozenset: open addressing with CPython's probing and growth so that
 * iteration order matches CPython for int keys. key VAL_NULL = empty,
 * `dummy` marks a deleted slot (hash kept). */
typedef struct {
    Value key;
    uint64_t hash;
    bool dummy;
} SetEntry;

typedef struct {
    Obj obj;
    int64_t len;   /* live keys */
    int64_t fill;  /* live + dummy */
    int64_t mask;  /* table size - 1 */
    SetEntry *table;
    uint64_t hash; /* frozenset hash cache, 0 = not computed */
    uint64_t version;
} ObjSet;

typedef struct {
    Obj obj;
    int64_t start, stop, step, len;
} ObjRange;

typedef struct {
    Obj obj;
    Value start, stop, step;
} ObjSlice;

typedef struct {
    Obj obj;
    Value value; /* VAL_NULL when empty */
} ObjCell;

typedef struct {
    Obj obj;
    ObjStr *name;
    ObjDict *dict;
} ObjModule;

typedef struct {
    Obj obj;
    const char *name;
    NativeFn fn;
    int flags;        /* METH_* */
    ObjType *owner;   /* type it was defined on, NULL for plain functions */
    Value bound;      /* VAL_NULL, or the module/self a builtin is bound to */
    const char *doc;
} ObjNative;

typedef struct {
    Obj obj;
    Value self;
    Value func;
} ObjBoundMethod;

/* Plain instance of a user class whose layout is object's. */
typedef struct {
    Obj obj;
    ObjDict *dict;
} ObjInstance;

typedef struct {
    Obj obj;
    Value fget, fset, fdel, doc;
    Value name; /* the attribute it was assigned to in a class body, or VAL_NULL */
} ObjProperty;

typedef struct {
    Obj obj;
    Value func;
} ObjStaticMethod; /* also used for classmethod (kind says which) */

typedef struct {
    Obj obj;
    const GetSetDef *def;
    ObjType *owner;
} ObjGetSet;

typedef struct {
    Obj obj;
    ObjType *type;   /* the class super() was called in */
    Value self;      /* instance or class */
    ObjType *self_type;
} ObjSuper;

/* One traceback entry: where an exception passed through. */
typedef struct {
    struct ObjCode *code;
    int line;
} TbEntry;

typedef struct {
    Obj obj;
    ObjDict *dict;    /* user attributes (subclasses may add any) */
    ObjTuple *args;
    Value cause;      /* VAL_NONE or exception */
    Value context;    /* VAL_NONE or exception */
    bool suppress_context;
    TbEntry *tb;      /* innermost last, as printed */
    int tb_len, tb_cap;
    Value notes;      /* unused for now: VAL_NONE */
    ObjDict *hint_globals; /* NameError: the globals of the failing frame,
                              searched for "Did you mean" when printed */
} ObjException;

/* ---- kind tests ------------------------------------------------------- */

#define OBJ_KIND(v) (AS_OBJ(v)->kind)
#define IS_KIND(v, k) (IS_OBJ(v) && AS_OBJ(v)->kind == (k))
#define IS_STR(v) IS_KIND(v, OK_STR)
#define IS_BYTES(v) IS_KIND(v, OK_BYTES)
#define IS_BIGINT(v) IS_KIND(v, OK_BIGINT)
#define IS_TUPLE(v) IS_KIND(v, OK_TUPLE)
#define IS_LIST(v) IS_KIND(v, OK_LIST)
#define IS_DICT(v) IS_KIND(v, OK_DICT)
#define IS_SET(v) IS_KIND(v, OK_SET)
#define IS_RANGE(v) IS_KIND(v, OK_RANGE)
#define IS_SLICE(v) IS_KIND(v, OK_SLICE)
#define IS_TYPE(v) IS_KIND(v, OK_TYPE)
#define IS_FUNCTION(v) IS_KIND(v, OK_FUNCTION)
#define IS_NATIVE(v) IS_KIND(v, OK_NATIVE)
#define IS_EXCEPTION(v) IS_KIND(v, OK_EXCEPTION)
#define IS_MODULE(v) IS_KIND(v, OK_MODULE)
#define IS_CODE(v) IS_KIND(v, OK_CODE)

#define AS_STR(v) ((ObjStr *)AS_OBJ(v))
#define AS_BYTES(v) ((ObjBytes *)AS_OBJ(v))
#define AS_TUPLE(v) ((ObjTuple *)AS_OBJ(v))
#define AS_LIST(v) ((ObjList *)AS_OBJ(v))
#define AS_DICT(v) ((ObjDict *)AS_OBJ(v))
#define AS_SET(v) ((ObjSet *)AS_OBJ(v))
#define AS_RANGE(v) ((ObjRange *)AS_OBJ(v))
#define AS_SLICE(v) ((ObjSlice *)AS_OBJ(v))
#define AS_TYPE(v) ((ObjType *)AS_OBJ(v))
#define AS_NATIVE(v) ((ObjNative *)AS_OBJ(v))
#define AS_EXCEPTION(v) ((ObjException *)AS_OBJ(v))
#define AS_MODULE(v) ((ObjModule *)AS_OBJ(v))
#define AS_CELL(v) ((ObjCell *)AS_OBJ(v))

/* Every store of a Value into a heap object that may already be marked goes
 * through here, so an incremental collector can add a barrier later. */
#define OBJ_STORE(vm, owner, slot, val) ((void)(vm), (void)(owner), (slot) = (val))

#endif
