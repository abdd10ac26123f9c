/* console.h: the one reader of standard input. input(), sys.stdin, ainput()
 * and the prompt all take lines from here, so input typed ahead (or several
 * lines arriving in one read) is never lost between them.
 *
 * On a terminal, lines are edited with GNU readline's callback interface,
 * fed a character at a time when the event loop (or, for the blocking
 * input(), a poll) sees stdin readable. Otherwise lines come from a byte
 * buffer filled with read(2).
 */
#ifndef COIL_CONSOLE_H
#define COIL_CONSOLE_H

#include "vm.h"

/* Blocking read of one line without its newline, as input() does: writes
 * the prompt, returns a str, or VAL_NULL with EOFError ("EOF when reading a
 * line") or KeyboardInterrupt pending. */
Value console_input(VM *vm, ObjStr *prompt);
/* Blocking read of one line WITH its newline ("" at EOF), as
 * sys.stdin.readline() does; n < 0 for no limit. */
Value console_readline(VM *vm, int64_t limit);
/* Reads everything up to EOF (sys.stdin.read()). */
Value console_read_all(VM *vm);
/* A future on `loop` that receives the next line (ainput). Requests are
 * served one at a time in call order. */
Value console_ainput_future(VM *vm, Value loop, ObjStr *prompt);
/* Drops requests whose future is already done (cancelled) right away,
 * leaving the terminal ready for the next prompt. */
void console_poll(VM *vm);
/* Output is about to be written to a terminal / has been written: while a
 * readline prompt is showing, these clear it and draw it again below. */
void console_before_output(VM *vm);
void console_after_output(VM *vm, bool ended_line);
/* Is a readline prompt currently installed? */
bool console_prompt_active(VM *vm);
/* Restores the terminal and frees the console state (vm_free, exit paths). */
void console_shutdown(VM *vm);
/* Registers the `_console` native functions on a module. */
void console_add_functions(VM *vm, ObjModule *m);

#endif
