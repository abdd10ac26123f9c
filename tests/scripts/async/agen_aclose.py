import asyncio

async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("stubborn got GeneratorExit, yields")
        yield 2

async def awaiting_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup starts")
        await asyncio.sleep(0)
        print("cleanup done")

async def returns_value():
    try:
        yield 1
    except GeneratorExit:
        print("exiting")
        raise

async def main():
    s = stubborn()
    await s.__anext__()
    try:
        await s.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    a = awaiting_cleanup()
    print(await a.__anext__())
    await a.aclose()
    print("aclose done")
    r = returns_value()
    await r.__anext__()
    print(await r.aclose())
    n = returns_value()
    print(await n.aclose(), "closing unstarted")
    try:
        print(await n.__anext__())
    except StopAsyncIteration:
        print("unstarted then closed: StopAsyncIteration")
    async def body_raises():
        yield 1
        raise ValueError("body error")
    b = body_raises()
    async for v in b:
        print("v", v)
        break
    try:
        await b.__anext__()
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
