import asyncio

async def agen_stopiter():
    yield 1
    raise StopIteration("no")

async def agen_stopasync():
    yield 1
    raise StopAsyncIteration("inner")

async def slow():
    await asyncio.sleep(0.05)
    yield 1

async def main():
    g = agen_stopiter()
    await g.__anext__()
    try:
        await g.__anext__()
    except RuntimeError as e:
        print("RuntimeError:", e)
    g = agen_stopasync()
    await g.__anext__()
    try:
        await g.__anext__()
    except RuntimeError as e:
        print("RuntimeError:", e)
    g = slow()
    a1 = g.__anext__()
    t = asyncio.ensure_future(a1)
    await asyncio.sleep(0)
    try:
        await g.__anext__()
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(await t)
    aw = g.asend(None)
    try:
        await aw
    except StopAsyncIteration:
        print("end")
    try:
        await aw
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
