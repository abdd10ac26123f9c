import asyncio

class Custom:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        print("Custom.__await__", self.v)
        yield
        print("Custom resumed", self.v)
        return self.v * 2

class GenAwait:
    def __await__(self):
        return iter([None, None])

async def plain(x):
    print("plain", x)
    return x + 1

async def nested(x):
    r = await plain(x)
    r2 = await plain(r)
    return r2

async def main():
    print(await plain(1))
    print(await nested(10))
    t = asyncio.create_task(plain(100))
    print("task created", t.done())
    print(await t)
    print("awaiting done task again:", await t)
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(fut.set_result, "fut-value")
    print(await fut)
    print(await Custom(21))
    print(await GenAwait())
    print(await asyncio.sleep(0, "sleep-result"))
    coro = plain(5)
    print(type(coro).__name__)
    print(await coro)
    try:
        await coro
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await 5
    except TypeError as e:
        print("TypeError:", e)
    class BadAwait:
        def __await__(self):
            return 5
    try:
        await BadAwait()
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
