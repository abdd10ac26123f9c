import asyncio

async def work():
    print("never printed")

async def main():
    print("main runs")
    work()
    print("main continues")

asyncio.run(main())
print("done")
