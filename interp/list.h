/* list.h: list and tuple helpers beyond the constructors in vm.h. */
#ifndef COIL_LIST_H
#define COIL_LIST_H

#include "vm.h"

bool list_extend(VM *vm, ObjList *l, Value iterable);
bool list_insert(VM *vm, ObjList *l, int64_t index, Value v);
/* Sorts in place (stable, CPython's comparisons; key/reverse optional as
 * VAL_NULL / false). Raises on comparison errors. */
bool list_sort(VM *vm, ObjList *l, Value key, bool reverse);
ObjTuple *list_to_tuple(VM *vm, ObjList *l);
/* A tuple from any iterable (returns t itself for an exact tuple). */
ObjTuple *tuple_from_iterable(VM *vm, Value iterable);
/* repr helpers shared by list and tuple subclasses. */
Value list_repr(VM *vm, ObjList *l);

#endif
