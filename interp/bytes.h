/* bytes.h: bytes objects (layout in object.h). */
#ifndef COIL_BYTES_H
#define COIL_BYTES_H

#include "vm.h"

/* A new bytes object holding a copy of data (NUL-terminated too). */
ObjBytes *bytes_new(VM *vm, const uint8_t *data, size_t len);
/* Appends repr(b) (b'...' with CPython's quoting and escapes) to a string. */
Value bytes_repr(VM *vm, ObjBytes *b);

#endif
