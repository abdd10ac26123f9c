import asyncio

async def important(log):
    log.append("important start")
    await asyncio.sleep(0.1)
    log.append("important end")
    return "precious"

async def waiter(log, inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        log.append("waiter cancelled")
        raise

async def main():
    log = []
    inner = asyncio.create_task(important(log))
    w = asyncio.create_task(waiter(log, inner))
    await asyncio.sleep(0.025)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        log.append("w is cancelled")
    print(log, inner.done())
    print(await inner)
    print(log)
    print(await asyncio.shield(important([])))
    done = asyncio.create_task(important([]))
    await done
    print(asyncio.shield(done) is done)
    inner2 = asyncio.create_task(important(log))
    outer = asyncio.shield(inner2)
    await asyncio.sleep(0)
    inner2.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled because inner was cancelled:", outer.cancelled())
    async def failing():
        await asyncio.sleep(0)
        raise ValueError("inner failure")
    try:
        await asyncio.shield(failing())
    except ValueError as e:
        print("shield passes exception:", e)

asyncio.run(main())
