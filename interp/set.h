/* set.h: set and frozenset helpers beyond set_new/set_add/set_contains. */
#ifndef COIL_SET_H
#define COIL_SET_H

#include "vm.h"

bool set_update(VM *vm, ObjSet *s, Value iterable);
int set_discard(VM *vm, ObjSet *s, Value key); /* 1 removed, 0 absent, -1 error */
/* Iterates live keys: start with *pos = 0. */
bool set_next(ObjSet *s, int64_t *pos, Value *key);

#endif
