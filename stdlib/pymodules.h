/* pymodules.h: lookup of standard-library modules written in Coil. */
#ifndef COIL_PYMODULES_H
#define COIL_PYMODULES_H

#include <stddef.h>

/* The embedded source of module `name`, or NULL. */
const char *pymodules_source(const char *name, size_t *len);

#endif
