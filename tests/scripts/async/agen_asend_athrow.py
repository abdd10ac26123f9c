import asyncio

async def echo():
    received = []
    try:
        while True:
            try:
                v = yield len(received)
                print("echo received", v)
                received.append(v)
            except ValueError as e:
                print("echo caught", e)
                yield "after-error"
    finally:
        print("echo finally", received)

async def main():
    g = echo()
    print(await g.asend(None))
    print(await g.asend("a"))
    print(await g.asend("b"))
    print(await g.athrow(ValueError("bad")))
    print(await g.asend("c"))
    try:
        await g.athrow(KeyError("k"))
    except KeyError as e:
        print("KeyError propagated", e)
    try:
        await g.asend("x")
    except StopAsyncIteration:
        print("finished generator: StopAsyncIteration")
    g2 = echo()
    try:
        await g2.asend("not none")
    except TypeError as e:
        print("TypeError:", e)
    g3 = echo()
    await g3.asend(None)
    print(await g3.aclose())
    print(await g3.aclose())
    g4 = echo()
    try:
        await g4.athrow(RuntimeError("before start"))
    except RuntimeError as e:
        print("athrow before start:", e)
    try:
        await g4.asend(None)
    except StopAsyncIteration:
        print("g4 is finished")

asyncio.run(main())
