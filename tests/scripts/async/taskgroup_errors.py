import asyncio

log = []

async def ok(n, d):
    try:
        await asyncio.sleep(d)
        print("ok", n)
    except asyncio.CancelledError:
        log.append("ok %d cancelled" % n)
        raise

async def fail(msg, d):
    # d None: fail in the first step (no timer, so no timing race when
    # two tasks must both fail before the group reacts)
    if d is not None:
        await asyncio.sleep(d)
    print("failing", msg)
    raise ValueError(msg)

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(1, 0.25))
            tg.create_task(fail("boom", 0.05))
            tg.create_task(ok(2, 0.25))
    except ExceptionGroup as eg:
        print("caught group:", eg.message, [str(e) for e in eg.exceptions])
        print(sorted(log))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail("a", None))
            tg.create_task(fail("b", None))
    except ExceptionGroup as eg:
        print(type(eg).__name__, eg.message, sorted(str(e) for e in eg.exceptions))
    log.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(3, 0.25))
            raise KeyError("body error")
    except BaseExceptionGroup as eg:
        print("body error in group:", [repr(e) for e in eg.exceptions], log)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail("x", 0))
            await asyncio.sleep(1)
            print("not reached")
    except ExceptionGroup as eg:
        print("parent sleep was cancelled; errors:", len(eg.exceptions), eg.__cause__, eg.__suppress_context__)
    print("current task cancelling:", asyncio.current_task().cancelling())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail("y", 0))
            tg.create_task(fail("z", 0.05))
            await asyncio.sleep(0.1)
    except ExceptionGroup as eg:
        print("later tasks were cancelled:", sorted(str(e) for e in eg.exceptions))

asyncio.run(main())
