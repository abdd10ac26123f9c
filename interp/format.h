/* format.h: the format-spec mini-language (format(), str.format, f-strings)
 * and printf-style % formatting. */
#ifndef COIL_FORMAT_H
#define COIL_FORMAT_H

#include "vm.h"

/* format(v, spec) for int/bool (v) and float (d), as CPython 3.11. */
Value format_int_spec(VM *vm, Value v, ObjStr *spec);
Value format_float_spec(VM *vm, double d, ObjStr *spec);
/* format(s, spec) for str. */
Value format_str_spec(VM *vm, ObjStr *s, ObjStr *spec);
/* str.format(*args, **kwargs): fmt is the template. */
Value format_str_method(VM *vm, ObjStr *fmt, Value *args, int nargs, ObjTuple *kwnames);
/* fmt % args for str (bytes uses the same engine with as_bytes). */
Value format_percent(VM *vm, ObjStr *fmt, Value args);

#endif
