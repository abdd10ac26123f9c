import asyncio
async def lock_waiter(lock, log):
    try:
        async with lock:
            log.append("got lock")
    except asyncio.CancelledError:
        log.append("cancelled waiting for lock")
        raise
async def main():
    log = []
    lock = asyncio.Lock()
    await lock.acquire()
    t = asyncio.create_task(lock_waiter(lock, log))
    t2 = asyncio.create_task(lock_waiter(lock, log))
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(t, t2, return_exceptions=True)
    print(log, t.cancelled(), t2.cancelled(), lock.locked())
    ev = asyncio.Event()
    async def ev_waiter():
        await ev.wait()
    t = asyncio.create_task(ev_waiter())
    await asyncio.sleep(0)
    t.cancel("stop waiting")
    try:
        await t
    except asyncio.CancelledError as e:
        print("event waiter:", e.args)
    q = asyncio.Queue()
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    t.cancel()
    q.put_nowait("item")
    res = await asyncio.gather(t, return_exceptions=True)
    print("queue getter:", type(res[0]).__name__, "item still there:", q.get_nowait())
    fut = asyncio.get_running_loop().create_future()
    async def fut_waiter():
        return await fut
    t = asyncio.create_task(fut_waiter())
    await asyncio.sleep(0)
    t.cancel("msg")
    await asyncio.sleep(0)
    print("awaited future cancelled too:", fut.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print(e.args)
    async def inner_task():
        await asyncio.sleep(1)
    async def awaiting_task(it):
        await it
    it = asyncio.create_task(inner_task())
    at = asyncio.create_task(awaiting_task(it))
    await asyncio.sleep(0)
    at.cancel()
    await asyncio.gather(at, return_exceptions=True)
    print("cancelling outer cancels awaited task:", it.cancelled(), at.cancelled())
asyncio.run(main())
