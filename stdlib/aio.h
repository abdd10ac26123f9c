/* aio.h: the event loop, Futures and Tasks (stdlib/aio_loop.c,
 * stdlib/aio_future.c), exposed to Coil as the `_asyncio` module that
 * stdlib/asyncio.py builds the asyncio package on.
 *
 * Scheduling mirrors CPython's asyncio so programs observe the same order:
 * a FIFO ready queue of handles; each loop iteration moves due timers to
 * it, then runs exactly the handles that were ready when it began; a
 * future's callbacks are scheduled with call_soon when it completes; a task
 * step runs its coroutine until it yields a future (the task waits on it) or
 * a bare None (the task is re-queued).
 */
#ifndef COIL_AIO_H
#define COIL_AIO_H

#include "vm.h"

enum { FUT_PENDING, FUT_CANCELLED, FUT_FINISHED };

typedef struct ObjFuture {
    Obj obj;
    ObjDict *dict;
    int state;
    Value result, exception, loop, cancel_msg, cancelled_exc;
    ObjList *callbacks; /* pairs: callback, context */
    bool log_tb, blocking, is_task;
    /* Task part */
    bool must_cancel;
    int num_cancels;
    Value coro, fut_waiter, context, name, step, wakeup;
    uint64_t created_seq;
} ObjFuture;

typedef struct {
    Obj obj;
    Value callback;
    ObjTuple *args;
    Value context;
    Value loop;
    double when;
    uint64_t seq;
    int heap_index;
    bool cancelled, is_timer;
} ObjHandle;

typedef struct {
    Obj obj;
    ObjDict *dict;
    Value *ready;
    int64_t rhead, rlen, rcap;
    ObjHandle **heap;
    int64_t hlen, hcap;
    bool running, stopping, closed;
    int epfd;
    ObjDict *readers, *writers; /* fd -> handle */
    ObjDict *always_ready;      /* fds epoll refuses (regular files): ready every iteration */
    ObjDict *tasks;             /* every unfinished task -> None */
    Value current_task;
    Value main_task;
    ObjList *unretrieved;       /* finished tasks whose exception nobody read */
    uint64_t seq;
    Value exception_handler;
} ObjLoop;

ObjModule *aio_module_init(VM *vm);
ObjModule *contextvars_module_init(VM *vm);

/* loop side, used by futures */
ObjHandle *aio_call_soon(VM *vm, ObjLoop *loop, Value cb, Value *args, int nargs, Value context);
Value aio_get_running_loop(VM *vm);
/* contextvars: run fn(*args) with ctx current */
Value ctx_run(VM *vm, Value ctx, Value fn, Value *args, int nargs);
Value ctx_copy_current(VM *vm);

/* future side, used by the loop */
void aio_future_init(VM *vm, ObjModule *m);
bool aio_is_future(VM *vm, Value v);
Value aio_future_new(VM *vm, Value loop);
bool aio_future_set_result(VM *vm, ObjFuture *f, Value v);
Value aio_task_new(VM *vm, Value coro, Value loop, Value name, Value context);
/* Watches fd for reading from C: cb() runs on the loop when it is readable
 * (false with an exception on failure); remove returns whether it was set. */
bool aio_add_reader(VM *vm, ObjLoop *loop, int fd, Value cb);
bool aio_remove_reader(VM *vm, ObjLoop *loop, int fd);
/* The loop the prompt runs (the default loop), created on first use. */
Value aio_default_loop(VM *vm);
/* deadlock: the tasks that wait, with where they wait */
ObjStr *aio_describe_waiters(VM *vm, ObjLoop *loop);
void aio_report_unretrieved(VM *vm, ObjLoop *loop);

#endif
