import asyncio

async def slow(d, v):
    try:
        await asyncio.sleep(d)
        return v
    except asyncio.CancelledError:
        print("slow", v, "cancelled")
        raise
    finally:
        print("slow", v, "finally")

async def main():
    print(await asyncio.wait_for(slow(0.05, "fast enough"), timeout=1))
    try:
        await asyncio.wait_for(slow(1, "too slow"), timeout=0.1)
    except asyncio.TimeoutError as e:
        print("TimeoutError", type(e).__name__, e.args, asyncio.TimeoutError is TimeoutError)
    print(await asyncio.wait_for(slow(0, "no timeout"), None))
    try:
        await asyncio.wait_for(slow(1, "zero timeout"), 0)
    except TimeoutError:
        print("zero timeout -> TimeoutError")
    t = asyncio.create_task(slow(0, "done task"))
    await asyncio.sleep(0.05)
    print(await asyncio.wait_for(t, 0))
    async def raiser():
        await asyncio.sleep(0)
        raise KeyError("inner")
    try:
        await asyncio.wait_for(raiser(), 1)
    except KeyError as e:
        print("KeyError passes through", e)
    async def outer():
        return await asyncio.wait_for(slow(1, "outer-cancelled"), 5)
    o = asyncio.create_task(outer())
    await asyncio.sleep(0.05)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("outer cancelled while in wait_for")
    try:
        await asyncio.wait_for(slow(1, "te"), 0.05)
    except TimeoutError as e:
        print("cause:", type(e.__cause__).__name__)

asyncio.run(main())
