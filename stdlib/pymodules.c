/* pymodules.c: the standard-library modules written in Coil, embedded as
 * C strings at build time (tools/embed.c, see the Makefile). */
#include <string.h>

#include "pymodules.h"

#include "aioconsole_py.inc"
#include "asyncio_py.inc"

static const struct {
    const char *name;
    const char *src;
    size_t len;
} modules[] = {
    {"aioconsole", aioconsole_py, sizeof aioconsole_py - 1},
    {"asyncio", asyncio_py, sizeof asyncio_py - 1},
};

const char *pymodules_source(const char *name, size_t *len) {
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        if (strcmp(modules[i].name, name) == 0) {
            *len = modules[i].len;
            return modules[i].src;
        }
    }
    return NULL;
}
