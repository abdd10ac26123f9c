import asyncio

async def ok(n, d=0):
    await asyncio.sleep(d)
    print("ok", n)
    return n

async def fail(n, d=0):
    await asyncio.sleep(d)
    print("fail", n)
    raise ValueError("fail " + str(n))

async def main():
    r = await asyncio.gather(ok(1), fail(2), ok(3), fail(4), return_exceptions=True)
    print([repr(x) for x in r])
    try:
        await asyncio.gather(ok(1, 0.1), fail(2, 0.05), ok(3, 0.15))
    except ValueError as e:
        print("first exception propagates:", e)
    await asyncio.sleep(0.25)
    print("other children kept running")
    t1 = asyncio.create_task(ok(10, 0.05))
    t2 = asyncio.create_task(fail(20))
    try:
        await asyncio.gather(t1, t2)
    except ValueError as e:
        print("caught", e, "t1 done:", t1.done())
    print(await t1)
    async def cancelled_child():
        await asyncio.sleep(0)
        raise asyncio.CancelledError("child cancelled itself")
    r = await asyncio.gather(ok(5), cancelled_child(), return_exceptions=True)
    print([type(x).__name__ for x in r], r[0])
    try:
        await asyncio.gather(ok(6), cancelled_child())
    except asyncio.CancelledError as e:
        print("gather raised CancelledError", e.args)

asyncio.run(main())
