/* pymodules.c: the standard-library modules written in Coil, embedded as
 * C strings at build time (tools/embed.c; the Makefile writes the table
 * from every Coil file in stdlib/). */
#include <string.h>

#include "pymodules.h"

typedef struct {
    const char *name;
    const char *src;
    size_t len;
} PyModuleSource;

#include "pymodules_table.inc"

const char *pymodules_source(const char *name, size_t *len) {
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        if (strcmp(modules[i].name, name) == 0) {
            *len = modules[i].len;
            return modules[i].src;
        }
    }
    return NULL;
}
