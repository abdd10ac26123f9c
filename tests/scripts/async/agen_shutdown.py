import asyncio

keep = []

async def numbers(tag):
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        print(tag, "finally starts")
        await asyncio.sleep(0)
        print(tag, "finally done")

async def main():
    g = numbers("kept")
    keep.append(g)
    async for v in g:
        print("got", v)
        if v == 2:
            break
    print("main end")

asyncio.run(main())
print("after asyncio.run")

loop = asyncio.new_event_loop()
async def partial():
    g = numbers("manual")
    keep.append(g)
    print(await g.__anext__(), await g.__anext__())
loop.run_until_complete(partial())
print("before shutdown_asyncgens")
loop.run_until_complete(loop.shutdown_asyncgens())
print("after shutdown_asyncgens")
loop.close()

async def finished():
    g = numbers("finished")
    keep.append(g)
    await g.__anext__()
    await g.aclose()
    print("closed explicitly")
asyncio.run(finished())
print("end")
