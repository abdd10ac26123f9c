import asyncio

class Counter:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        print("__aiter__")
        return self
    async def __anext__(self):
        await asyncio.sleep(0)
        if self.i >= self.n:
            print("raising StopAsyncIteration")
            raise StopAsyncIteration
        self.i += 1
        return self.i

class Bad:
    pass

class BadNext:
    def __aiter__(self):
        return self

async def main():
    async for x in Counter(3):
        print("got", x)
    else:
        print("else clause runs")
    async for x in Counter(5):
        if x == 2:
            continue
        if x == 4:
            print("break at", x)
            break
        print("body", x)
    else:
        print("not printed")
    print([x async for x in Counter(3)])
    try:
        async for x in Bad():
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        async for x in BadNext():
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        for x in Counter(1):
            pass
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
