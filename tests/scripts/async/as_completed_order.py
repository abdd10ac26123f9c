import asyncio

async def job(v, d):
    await asyncio.sleep(d)
    print("finishing", v)
    return v

async def bad(d):
    await asyncio.sleep(d)
    raise KeyError("bad job")

async def main():
    jobs = [job("slow", 0.15), job("fast", 0.05), job("mid", 0.1)]
    for fut in asyncio.as_completed(jobs):
        r = await fut
        print("got", r)
    results = []
    for fut in asyncio.as_completed([job(i, 0.05 * (3 - i)) for i in range(3)]):
        results.append(await fut)
    print(results)
    for fut in asyncio.as_completed([job("a", 0.05), bad(0.1)]):
        try:
            print("ok", await fut)
        except KeyError as e:
            print("error", e)
    try:
        for fut in asyncio.as_completed([job("never", 1)], timeout=0.1):
            await fut
    except asyncio.TimeoutError:
        print("as_completed timed out")
    print(len(list(asyncio.as_completed([]))))

asyncio.run(main())
