import asyncio

async def sleeper():
    await asyncio.sleep(1)

async def main():
    for msg in [None, "text", 42]:
        t = asyncio.create_task(sleeper())
        await asyncio.sleep(0)
        if msg is None:
            t.cancel()
        else:
            t.cancel(msg)
        try:
            await t
        except asyncio.CancelledError as e:
            print(repr(msg), "->", e.args, repr(str(e)))
        try:
            t.result()
        except asyncio.CancelledError as e:
            print("  result():", e.args)
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel(msg="keyword")
    r = await asyncio.gather(t, return_exceptions=True)
    print("gather returns", repr(r[0]))
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel("first")
    t.cancel("second")
    try:
        await t
    except asyncio.CancelledError as e:
        print("two cancels:", e.args)
    g = asyncio.gather(sleeper(), sleeper())
    await asyncio.sleep(0)
    g.cancel("gather msg")
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather cancel msg:", e.args)
    print(issubclass(asyncio.CancelledError, BaseException), issubclass(asyncio.CancelledError, Exception))
    print(asyncio.CancelledError.__module__, asyncio.InvalidStateError.__module__)

asyncio.run(main())
