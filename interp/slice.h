/* slice.h: slice objects and index normalisation. */
#ifndef COIL_SLICE_H
#define COIL_SLICE_H

#include "vm.h"

ObjSlice *slice_new(VM *vm, Value start, Value stop, Value step);
/* CPython's PySlice_GetIndicesEx: normalises for a sequence of length len;
 * *slicelen gets the number of items. ValueError for step 0, TypeError for
 * non-integer bounds. */
bool slice_indices(VM *vm, ObjSlice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                   int64_t *slicelen);
/* Normalises a (possibly negative) index; false (no exception) when out of
 * range. */
static inline bool seq_index(int64_t len, int64_t *i) {
    if (*i < 0) *i += len;
    return *i >= 0 && *i < len;
}

#endif
