import asyncio

async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i

async def double(x):
    await asyncio.sleep(0)
    return x * 2

async def main():
    print([x async for x in agen(4)])
    print([x async for x in agen(6) if x % 2])
    print({x: x * x async for x in agen(3)})
    print(sorted({x % 2 async for x in agen(5)}))
    print([await double(x) for x in range(4)])
    print([await double(x) async for x in agen(3)])
    print([await double(x) for x in range(5) if await double(x) > 4])
    print({k: await double(k) for k in "ab"})
    print([(x, y) async for x in agen(3) for y in range(x)])
    print([[y async for y in agen(x)] for x in range(3)])
    g = (x * 3 async for x in agen(3))
    print(type(g).__name__)
    print([v async for v in g])
    g2 = (await double(x) for x in range(3))
    print(type(g2).__name__, [v async for v in g2])
    total = 0
    async for v in (x async for x in agen(5)):
        total += v
    print("total", total)
    print(await asyncio.gather(*[double(i) for i in range(5)]))

asyncio.run(main())
