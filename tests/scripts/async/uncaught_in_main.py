import asyncio

async def helper(n):
    await asyncio.sleep(0)
    if n == 3:
        raise ZeroDivisionError("helper failed at " + str(n))
    return n

async def main():
    total = 0
    for i in range(5):
        total += await helper(i)
        print("total", total)

asyncio.run(main())
