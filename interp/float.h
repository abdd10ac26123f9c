/* float.h: Python float (always an unboxed double, VT_FLOAT).
 *
 * Exports what other files need beyond float_init_type: CPython-exact
 * repr, hash, parsing, the arithmetic used by the VM's fast paths, and the
 * PyFloat_AsDouble-style conversion the math module relies on.
 */
/* This header shadows the C library's <float.h> for every file compiled with
 * -Iinterp, so it pulls the real one in first (DBL_MANT_DIG etc. keep
 * working whichever of the two an #include finds). */
#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winclude-next-absolute-path"
#endif
#include_next <float.h>
#ifdef __clang__
#pragma clang diagnostic pop
#endif

#ifndef COIL_FLOAT_H
#define COIL_FLOAT_H

#include "vm.h"

/* CPython's hash of a float (integral values hash like the equal int;
 * inf 314159, -inf -314159; NaN hashes to 0 since Coil floats have no
 * identity), as uint64 bits. */
uint64_t float_hash(double d);
/* shortest round-trip repr exactly as CPython's repr(float); returns the
 * length (like snprintf: the text is cut to n-1 bytes if n is too small;
 * 32 bytes always suffice). */
int float_repr_cstr(double d, char *buf, size_t n);
Value float_repr(VM *vm, double d); /* the same as a str */
Value float_from_string(VM *vm, ObjStr *s); /* float("1e3"), ValueError */
/* float() of text; orig (str or bytes) appears in the error message. */
Value float_parse(VM *vm, const char *s, size_t len, Value orig);

/* float(x) for any object (float, int, __float__, __index__, str, bytes). */
Value float_from_object(VM *vm, Value x);
/* PyFloat_AsDouble: float, int, __float__ or __index__; otherwise
 * TypeError "must be real number, not X". */
bool float_as_double(VM *vm, Value v, double *out);

/* x ** y with CPython's special cases and errors. */
Value float_pow(VM *vm, double x, double y);
/* Binary operator `op` (BinOp without BINOP_INPLACE) when one operand is a
 * float and the other a float or int; NotImplemented otherwise. */
Value float_binary_op(VM *vm, int op, Value a, Value b);
/* divmod(a, b) for float/int operands (NotImplemented otherwise). */
Value float_divmod(VM *vm, Value a, Value b);
/* Rich comparison of a float with a float or int, exact as CPython
 * (NotImplemented for other types). */
Value float_richcompare(VM *vm, Value a, Value b, CmpOp op);
/* round(x, ndigits); ndigits VAL_NULL or None gives an int. */
Value float_round(VM *vm, double x, Value ndigits);

#endif
