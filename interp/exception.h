/* exception.h: exception objects (layout in object.h, types in vm.h's
 * COIL_EXCEPTIONS list). exc_new is declared in vm.h. */
#ifndef COIL_EXCEPTION_H
#define COIL_EXCEPTION_H

#include "vm.h"

/* Sets an attribute in the exception's __dict__ (SyntaxError.lineno, ...). */
void exc_set_attr(VM *vm, ObjException *e, const char *name, Value v);
/* Reads an attribute (dict first, then the type), VAL_NULL when absent. */
Value exc_get_attr(VM *vm, ObjException *e, const char *name);
/* Raises StopIteration(value) (no args when value is VAL_NULL); returns
 * VAL_NULL. */
Value exc_raise_stop_iteration(VM *vm, Value value);
/* Raises KeyError(key) (a tuple key stays one argument). */
Value exc_raise_key_error(VM *vm, Value key);
/* str(exc) as the traceback's last line shows it (after "Type: "). */
Value exc_str(VM *vm, Value exc);

#endif
