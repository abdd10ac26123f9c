import asyncio

log = []

async def child(name, d):
    try:
        await asyncio.sleep(d)
        log.append(name + " done")
    except asyncio.CancelledError:
        log.append(name + " cancelled")
        raise

async def in_gather():
    await asyncio.gather(child("g1", 1), child("g2", 1))

async def in_taskgroup():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child("t1", 1))
        tg.create_task(child("t2", 0))
        tg.create_task(child("t3", 1))

async def in_wait_for():
    await asyncio.wait_for(child("w1", 1), 5)

async def main():
    for fn in (in_gather, in_taskgroup, in_wait_for):
        log.clear()
        t = asyncio.create_task(fn())
        await asyncio.sleep(0.25)
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            print(fn.__name__, "-> CancelledError; cancelled():", t.cancelled())
        print(sorted(log))
    log.clear()
    async def cancels_itself():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("s1", 1))
            await asyncio.sleep(0)
            asyncio.current_task().cancel()
            await asyncio.sleep(0)
    t = asyncio.create_task(cancels_itself())
    res = await asyncio.gather(t, return_exceptions=True)
    print("self-cancel in group:", type(res[0]).__name__, sorted(log))

asyncio.run(main())
