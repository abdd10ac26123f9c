/* int.h: Python int (and bool) beyond what vm.h declares.
 *
 * An int is either an unboxed int64 (VT_INT; VT_BOOL for True/False) or,
 * outside the int64 range, an ObjBigInt holding a GMP integer:
 *
 *   +-----------+---------------------------------------------+
 *   | Obj hdr   | mpz_t z  (limbs malloc'd by GMP, immutable) |
 *   +-----------+---------------------------------------------+
 *
 * Invariant: every int this module returns is normalised: a value that
 * fits int64 is always VT_INT, never an ObjBigInt. So "is it small" is a
 * tag test and two equal ints are either both small or both big.
 *
 * Arithmetic helpers take any int-like operands (small int, bool, bigint),
 * return a normalised int, and return VAL_NULL with the CPython exception
 * set on error (ZeroDivisionError, ValueError "negative shift count", ...).
 */
#ifndef COIL_INT_H
#define COIL_INT_H

#include <gmp.h>

#include "vm.h"

typedef struct {
    Obj obj;
    mpz_t z;
} ObjBigInt;

#define AS_BIGINT(v) ((ObjBigInt *)AS_OBJ(v))

/* Any Python int: small int, bool or bigint. */
static inline bool int_check(Value v) { return IS_INTLIKE(v) || IS_BIGINT(v); }

/* Called by the collector when an ObjBigInt dies: releases the limbs. */
void bigint_free(VM *vm, Obj *o);

/* Takes ownership of z (it is cleared or moved) and returns the
 * normalised int: VT_INT when it fits, else a new ObjBigInt. */
Value int_from_mpz(VM *vm, mpz_t z);
/* Sets out (already mpz_init'ed) to the value of an int-like v. */
void int_to_mpz(Value v, mpz_t out);

/* Decimal (or base 2/8/16: no prefix, '-' sign) text of int/bool/bigint;
 * malloc'd, caller free()s. No digit limit (callers that mimic str(int)
 * use int_repr). */
char *int_to_cstr(VM *vm, Value v, int base, size_t *len);
/* repr(int) / str(int) with CPython's 4300-digit limit. */
Value int_repr(VM *vm, Value v);

/* CPython's hash of a small int (modulus 2^61-1, -1 -> -2), as uint64 bits */
uint64_t int_hash_small(int64_t i);
/* hash() of any int-like value. */
uint64_t int_hash(Value v);

Value int_from_double(VM *vm, double d);  /* int(3.7) -> 3, raises on inf/nan */
/* Correctly rounded (half-even) conversion; OverflowError
 * "int too large to convert to float". */
bool int_to_double(VM *vm, Value v, double *out);
/* The same on a raw mpz; false (no exception) on overflow. */
bool int_mpz_to_double(mpz_srcptr z, double *out);

/* Parses the text of int(s, base): whitespace, sign, underscores, base
 * prefixes (base 0 infers from them); `orig` is the str/bytes object used
 * in the ValueError message. Applies the 4300-digit limit. */
Value int_parse(VM *vm, const char *s, size_t len, int base, Value orig);

/* Strips Python whitespace (ASCII only for bytes, else also the Unicode
 * spaces str.isspace() knows, in UTF-8) from both ends of [*s, *end). */
void int_strip_spaces(const char **s, const char **end, bool ascii_only);

/* Operators on int-like operands (results normalised, exceptions set). */
Value int_add(VM *vm, Value a, Value b);
Value int_sub(VM *vm, Value a, Value b);
Value int_mul(VM *vm, Value a, Value b);
Value int_floordiv(VM *vm, Value a, Value b);
Value int_mod(VM *vm, Value a, Value b);
Value int_divmod(VM *vm, Value a, Value b);  /* a tuple (q, r) */
Value int_truediv(VM *vm, Value a, Value b); /* correctly rounded float */
Value int_pow(VM *vm, Value a, Value b);     /* negative b gives a float */
Value int_pow_mod(VM *vm, Value a, Value b, Value m); /* pow(a, b, m) */
Value int_neg(VM *vm, Value a);
Value int_abs(VM *vm, Value a);
Value int_invert(VM *vm, Value a);
Value int_lshift(VM *vm, Value a, Value b);
Value int_rshift(VM *vm, Value a, Value b);
Value int_and(VM *vm, Value a, Value b);
Value int_or(VM *vm, Value a, Value b);
Value int_xor(VM *vm, Value a, Value b);
/* -1/0/1 for int-like operands. */
int int_compare(Value a, Value b);
int int_sign(Value a);
/* Number of bits of |a| (int.bit_length). */
uint64_t int_bit_length(Value a);

/* Binary operator `op` (BinOp, without BINOP_INPLACE) when both operands
 * are int-like, NotImplemented otherwise: the protocols' fast path and the
 * body of every int dunder. */
Value int_binary_op(VM *vm, int op, Value a, Value b);
/* Rich comparison of two ints (NotImplemented if either is not an int). */
Value int_richcompare(VM *vm, Value a, Value b, CmpOp op);

/* Converts any object to an int the way int(x) does (int, __int__,
 * __index__, __trunc__, str/bytes in base 10). */
Value int_from_object(VM *vm, Value x);
/* operator.index(x): an int for ints and objects with __index__. */
Value int_index(VM *vm, Value x);

/* int.from_bytes / int.to_bytes on raw buffers (random, bytes helpers). */
Value int_from_bytes_raw(VM *vm, const uint8_t *buf, size_t n, bool little, bool is_signed);

#endif
