import asyncio

async def ticker(n):
    print("ticker start")
    try:
        for i in range(n):
            await asyncio.sleep(0)
            print("ticker yields", i)
            yield i
    finally:
        print("ticker finally")

async def main():
    async for v in ticker(3):
        print("main got", v)
    print([v * 10 async for v in ticker(2)])
    g = ticker(5)
    print(type(g).__name__, g.__name__)
    print(await g.__anext__())
    print(await g.__anext__())
    await g.aclose()
    print("after aclose")
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration after aclose")
    g2 = ticker(1)
    print(await anext(g2))
    try:
        await anext(g2)
    except StopAsyncIteration as e:
        print("exhausted", repr(e))
    print(await anext(g2, "default"))
    g3 = ticker(1)
    it = aiter(g3)
    print(it is g3)
    async for x in it:
        print("aiter loop", x)

asyncio.run(main())
