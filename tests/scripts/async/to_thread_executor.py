import asyncio
import contextvars

var = contextvars.ContextVar("var", default="unset")

def blocking(x, y=1):
    return (x * y, var.get())

def failing():
    raise KeyError("from the executor")

async def main():
    var.set("main value")
    print(await asyncio.to_thread(blocking, 6, y=7))
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, blocking, 3)
    print(await fut)
    try:
        await loop.run_in_executor(None, failing)
    except KeyError as e:
        print("KeyError:", e)
    r = await asyncio.gather(asyncio.to_thread(blocking, 1), asyncio.to_thread(blocking, 2, 2))
    print(r)
    policy = asyncio.get_event_loop_policy()
    print(isinstance(policy, asyncio.AbstractEventLoopPolicy), asyncio.get_event_loop_policy() is policy)
    try:
        asyncio.set_event_loop_policy(5)
    except TypeError as e:
        print("TypeError:", e)
    e = asyncio.IncompleteReadError(b"abc", 10)
    print(e, e.partial, e.expected, isinstance(e, EOFError))
    print(asyncio.IncompleteReadError(b"", None))
    e = asyncio.LimitOverrunError("too long", 5)
    print(e, e.consumed)
    print(issubclass(asyncio.SendfileNotAvailableError, RuntimeError))

asyncio.run(main())
