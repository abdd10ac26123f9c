/* repl.h: the interactive prompt. */
#ifndef COIL_REPL_H
#define COIL_REPL_H

#include "vm.h"

/* Runs the prompt on stdin/stdout until EOF or exit(); returns the exit
 * status. `banner` prints the version banner first. */
int repl_run(VM *vm, bool banner);

#endif
