import asyncio

class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    async def __aenter__(self):
        print(self.name, "enter")
        await asyncio.sleep(0)
        return self.name.upper()
    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        print(self.name, "exit", et.__name__ if et else None, repr(ev), tb is not None)
        return self.suppress

async def body(n):
    for i in range(4):
        async with CM("loop" + str(i)) as v:
            if i == 1:
                continue
            if i == 3:
                break
            print("inside", v)
    async with CM("ret"):
        return n * 2

async def main():
    async with CM("a") as a, CM("b") as b:
        print("body", a, b)
    async with CM("s", suppress=True):
        raise ValueError("suppressed")
    print("after suppressed")
    try:
        async with CM("p"):
            raise KeyError("propagates")
    except KeyError as e:
        print("caught", repr(e))
    print("returned", await body(21))
    try:
        async with object():
            pass
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
