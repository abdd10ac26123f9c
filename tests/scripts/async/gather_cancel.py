import asyncio

async def child(n, d):
    try:
        await asyncio.sleep(d)
        print("child", n, "finished")
        return n
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise

async def main():
    g = asyncio.gather(child(1, 0.25), child(2, 0.25))
    await asyncio.sleep(0.05)
    print("cancel gather:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled:", g.cancelled())
    t1 = asyncio.create_task(child(3, 0.25))
    t2 = asyncio.create_task(child(4, 0.05))
    g = asyncio.gather(t1, t2, return_exceptions=True)
    await asyncio.sleep(0.1)
    t1.cancel()
    r = await g
    print("one child cancelled:", [type(x).__name__ for x in r])
    async def outer():
        return await asyncio.gather(child(5, 0.25), child(6, 0.25))
    o = asyncio.create_task(outer())
    await asyncio.sleep(0.05)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("outer task cancelled:", o.cancelled())
    done = asyncio.gather(child(7, 0))
    await done
    print("cancel finished gather:", done.cancel())

asyncio.run(main())
