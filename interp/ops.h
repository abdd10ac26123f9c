/* ops.h: the generic operator protocols (vm_binary_op, vm_compare, vm_repr,
 * vm_hash, vm_getitem, iteration ... declared in vm.h) live in ops.c;
 * argument parsing (vm_parse_args) in args.c. */
#ifndef COIL_OPS_H
#define COIL_OPS_H

#include "vm.h"

/* Interns the dunder-name tables ops.c uses; called once from vm_new. */
void ops_init(VM *vm);
void ops_free(VM *vm);
/* Rich comparison with CPython's reflected-operand rules; returns the
 * result object (may be NotImplemented-free: raises TypeError instead). */
Value ops_richcompare(VM *vm, Value a, Value b, CmpOp op);
/* Sequence repeat helper shared by str/bytes/list/tuple: count from an
 * int-like value; false with TypeError otherwise. */
bool ops_repeat_count(VM *vm, Value n, int64_t *out);

#endif
