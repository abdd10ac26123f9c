import asyncio

async def fails(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)

async def cleanup():
    await asyncio.sleep(0)
    return "cleaned"

async def main():
    try:
        try:
            await fails("first")
        except ValueError:
            await asyncio.sleep(0)
            await fails("second")
    except ValueError as e:
        print(repr(e), "context:", repr(e.__context__))
    try:
        await fails("x")
    except ValueError:
        print("await in except:", await cleanup())
    finally:
        print("await in finally:", await cleanup())
    async def reraise():
        try:
            await fails("orig")
        except ValueError as e:
            raise RuntimeError("converted") from e
    try:
        await reraise()
    except RuntimeError as e:
        print(repr(e), repr(e.__cause__), e.__suppress_context__)
    async def handled_state():
        import sys
        try:
            raise KeyError("outer")
        except KeyError:
            await asyncio.sleep(0)
            print("still handling:", repr(sys.exc_info()[1]))
    await asyncio.gather(handled_state(), handled_state())
    t = asyncio.create_task(fails("in task"))
    try:
        await t
    except ValueError as e:
        print("from task:", e, "same object:", e is t.exception())
    async def suppress_none():
        try:
            return await fails("lost")
        finally:
            return "finally wins"
    print(await suppress_none())

asyncio.run(main())
