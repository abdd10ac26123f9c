import asyncio

async def source(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
    print("source exhausted")

async def reader(name, it, out):
    try:
        async for v in it:
            out.append((name, v))
            await asyncio.sleep(0)
        print(name, "sees end")
    except RuntimeError as e:
        print(name, "RuntimeError:", e)

async def main():
    out = []
    it = source(6)
    await asyncio.gather(reader("r1", it, out), reader("r2", it, out))
    print(out)
    async def doubler(agen):
        async for v in agen:
            yield v * 2
    async def adder(agen, k):
        async for v in agen:
            yield v + k
    print([v async for v in adder(doubler(source(4)), 100)])
    async def ticks():
        n = 0
        while True:
            n += 1
            yield n
    async def take(agen, k):
        result = []
        async for v in agen:
            result.append(v)
            if len(result) == k:
                break
        return result
    t = ticks()
    print(await take(t, 3), await take(t, 2))
    await t.aclose()
    print(await take(t, 2))

asyncio.run(main())
