# full-stderr
import asyncio

async def failing(n):
    await asyncio.sleep(0)
    raise ValueError("failure " + str(n))

async def main():
    t1 = asyncio.create_task(failing(1))
    t2 = asyncio.create_task(failing(2))
    t3 = asyncio.create_task(failing(3))
    await asyncio.sleep(0.05)
    print("t1 exception():", repr(t1.exception()))
    try:
        t2.result()
    except ValueError as e:
        print("t2 result() raised", e)
    try:
        await t3
    except ValueError as e:
        print("t3 await raised", e)
    t4 = asyncio.create_task(failing(4))
    t4.cancel()
    await asyncio.sleep(0)
    print("t4 cancelled:", t4.cancelled())

asyncio.run(main())
print("no stderr expected")
