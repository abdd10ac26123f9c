/* gen.c: generators and coroutines.
 *
 * The frame-suspending implementation comes with the async issue; until
 * then calling a generator function reports that clearly instead of
 * running its body as an ordinary function.
 */
#include "func.h"
#include "vm.h"
#include "vm_impl.h"

Value gen_new_from_frame(VM *vm, Frame *f, ObjFunction *fn) {
    frame_free(vm, f);
    return vm_raise(vm, vm->exc_SystemError, "%s(): generators and coroutines are not supported by this build yet",
                    fn->qualname->data);
}
