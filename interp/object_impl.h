/* object_impl.h: internals shared by object.c, class.c, descr.c and vm.c
 * (not for type files: they use vm.h). */
#ifndef COIL_OBJECT_IMPL_H
#define COIL_OBJECT_IMPL_H

#include "vm.h"

void object_bootstrap(VM *vm);
void exc_types_create(VM *vm);
void instance_dict_getset_install(VM *vm, ObjType *t);
void type_modified(VM *vm, ObjType *t);

ObjDict **obj_dict_slot(VM *vm, Value v);
ObjDict *obj_get_dict(VM *vm, Value v, bool create);
Value descr_get(VM *vm, Value descr, Value obj, ObjType *type);
Value method_new(VM *vm, Value func, Value self);
Value generic_getattr(VM *vm, Value obj, ObjStr *name);
bool generic_setattr(VM *vm, Value obj, ObjStr *name, Value v);
Value type_getattr(VM *vm, ObjType *type, ObjStr *name);
Value attr_error(VM *vm, Value obj, ObjStr *name);
Value object_alloc(VM *vm, ObjType *cls);
Value object_default_repr(VM *vm, Value self);
Value object_dir_list(VM *vm, Value obj);

/* class.c */
void class_init_types(VM *vm);
Value super_getattr(VM *vm, Value sup, ObjStr *name);
/* type(name, bases, dict) */
Value type_create(VM *vm, ObjType *meta, ObjStr *name, ObjTuple *bases, ObjDict *ns, ObjTuple *kwnames,
                  Value *kwvalues);
/* cls(*args, **kw) for any type */
Value type_call(VM *vm, ObjType *cls, Value *args, int nargs, ObjTuple *kwnames);
Value builtin_build_class(VM *vm, Value *args, int nargs, ObjTuple *kwnames);

/* descr.c */
void descr_init_types(VM *vm);

#endif
