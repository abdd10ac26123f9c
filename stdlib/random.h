/* random.h: what random.c exports beyond random_module_init (for tests). */
#ifndef COIL_RANDOM_H
#define COIL_RANDOM_H

#include "vm.h"

ObjModule *random_module_init(VM *vm);
/* SHA-512 digest of data into out[64] (used for str/bytes seeds). */
void random_sha512(const uint8_t *data, size_t len, uint8_t out[64]);
/* Seeds a fresh MT19937 from `seed` exactly as random.seed(seed) does and
 * writes its next n 32-bit outputs: lets tests compare with CPython. */
void random_test_mt(VM *vm, Value seed, uint32_t *out, int n);

#endif
