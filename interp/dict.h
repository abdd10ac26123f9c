/* dict.h: the compact insertion-ordered dict (layout in object.h). The
 * basic accessors (dict_new/get/set/del, *_str fast paths) are in vm.h. */
#ifndef COIL_DICT_H
#define COIL_DICT_H

#include "vm.h"

/* Iterates live entries: start with *pos = 0; returns false at the end. */
bool dict_next(ObjDict *d, int64_t *pos, Value *key, Value *value);
ObjDict *dict_copy(VM *vm, ObjDict *d);
/* d.update(m) for a dict or any object with keys() and __getitem__, or an
 * iterable of pairs (as dict.update does). */
bool dict_update(VM *vm, ObjDict *d, Value m);
void dict_clear(VM *vm, ObjDict *d);
/* A dict created for a user subclass of dict (cls->basicsize bytes). */
ObjDict *dict_new_of_type(VM *vm, ObjType *cls);
/* New list of the keys / values / (k, v) tuples. */
ObjList *dict_keys_list(VM *vm, ObjDict *d);

#endif
