import asyncio

async def main():
    print(await asyncio.sleep(0))
    print(await asyncio.sleep(0, "zero"))
    print(await asyncio.sleep(0.05, result=[1, 2]))
    print(await asyncio.sleep(delay=0, result="kw"))
    s = asyncio.sleep(0)
    print(asyncio.iscoroutine(s))
    await s
    t = asyncio.create_task(asyncio.sleep(0.05, "from task"))
    print(await t)
    print(await asyncio.gather(asyncio.sleep(0.1, "b"), asyncio.sleep(0.05, "a")))
    print(await asyncio.wait_for(asyncio.sleep(0, "wf"), 1))
    order = []
    async def s(d, tag):
        await asyncio.sleep(d)
        order.append(tag)
    await asyncio.gather(s(0.15, "c"), s(0.05, "a"), s(0.1, "b"), s(0, "zero"))
    print(order)
    try:
        await asyncio.sleep("x")
    except TypeError as e:
        print("TypeError:", e)
    await asyncio.sleep(-1)
    print("negative sleep ok")
    n = 0
    async def spin():
        nonlocal n
        for _ in range(5):
            n += 1
            await asyncio.sleep(0)
    await asyncio.gather(spin(), spin())
    print("spins", n)

asyncio.run(main())
