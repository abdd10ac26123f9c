/* union.h: `X | Y` between classes (types.UnionType). */
#ifndef COIL_UNION_H
#define COIL_UNION_H

#include "vm.h"

/* a | b for classes, None and unions; NotImplemented for anything else. */
Value union_or(VM *vm, Value a, Value b);
void union_init_type(VM *vm);

#endif
