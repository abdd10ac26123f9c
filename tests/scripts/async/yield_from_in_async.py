# full-stderr
# A compile error: nothing runs, not even the first print.
import asyncio

print("never printed")


async def fine():
    await asyncio.sleep(0)
    return [x async for x in agen()]


async def agen():
    yield from [1, 2]


print("not reached")
