/* value.h: the tagged value every Coil slot, stack cell and container holds.
 *
 * A Value is a 16-byte tagged union:
 *
 *   +--------+---------+------------------------------+
 *   | tag u8 | (pad)   | payload: int64 | double | Obj*|
 *   +--------+---------+------------------------------+
 *
 * Small ints (anything that fits in int64) are unboxed; a result that
 * overflows is promoted to a heap big integer (ObjBigInt, see int.h), and a
 * big integer that fits again is demoted, so "is it a small int" is just the
 * tag. Floats are unboxed too. bool is its own tag (payload 0/1) because
 * Python's True prints as "True", but every integer operation accepts it.
 *
 * VAL_NULL is never visible to Coil code: it marks an unbound local, a
 * missing optional argument, and, as the return of a native function, "an
 * exception is pending in vm->exc". Callers test it with IS_NULL.
 *
 * Everything goes through the IS_/AS_/MAKE_ macros so the representation can
 * become NaN-boxing later without touching callers.
 */
#ifndef COIL_VALUE_H
#define COIL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Obj Obj;

typedef enum {
    VT_NULL = 0, /* internal only: unbound / error / missing */
    VT_NONE,
    VT_BOOL,
    VT_INT,
    VT_FLOAT,
    VT_OBJ,
} ValueTag;

typedef struct Value {
    uint8_t tag;
    union {
        int64_t i;
        double f;
        Obj *o;
    } as;
} Value;

#define IS_NULL(v) ((v).tag == VT_NULL)
#define IS_NONE(v) ((v).tag == VT_NONE)
#define IS_BOOL(v) ((v).tag == VT_BOOL)
#define IS_INT(v) ((v).tag == VT_INT)
#define IS_FLOAT(v) ((v).tag == VT_FLOAT)
#define IS_OBJ(v) ((v).tag == VT_OBJ)
/* small int or bool: both take the int64 fast paths */
#define IS_INTLIKE(v) ((v).tag == VT_INT || (v).tag == VT_BOOL)

#define AS_INT(v) ((v).as.i)
#define AS_BOOL(v) ((v).as.i != 0)
#define AS_FLOAT(v) ((v).as.f)
#define AS_OBJ(v) ((v).as.o)

static inline Value val_make_int(int64_t i) { Value v; v.tag = VT_INT; v.as.i = i; return v; }
static inline Value val_make_float(double f) { Value v; v.tag = VT_FLOAT; v.as.f = f; return v; }
static inline Value val_make_bool(bool b) { Value v; v.tag = VT_BOOL; v.as.i = b ? 1 : 0; return v; }
static inline Value val_make_obj(Obj *o) { Value v; v.tag = VT_OBJ; v.as.o = o; return v; }
static inline Value val_make_none(void) { Value v; v.tag = VT_NONE; v.as.i = 0; return v; }
static inline Value val_make_null(void) { Value v; v.tag = VT_NULL; v.as.i = 0; return v; }

#define MAKE_INT(i) val_make_int(i)
#define MAKE_FLOAT(f) val_make_float(f)
#define MAKE_BOOL(b) val_make_bool(b)
#define MAKE_OBJ(o) val_make_obj((Obj *)(o))
#define VAL_NONE val_make_none()
#define VAL_NULL val_make_null()
#define VAL_TRUE val_make_bool(true)
#define VAL_FALSE val_make_bool(false)

/* Identity as the `is` operator sees it. */
static inline bool val_is(Value a, Value b) {
    if (a.tag != b.tag) return false;
    switch (a.tag) {
    case VT_NULL:
    case VT_NONE: return true;
    case VT_FLOAT: return a.as.i == b.as.i; /* bitwise: nan is nan */
    default: return a.as.i == b.as.i;
    }
}

#endif
