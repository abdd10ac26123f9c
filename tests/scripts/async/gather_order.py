import asyncio

async def worker(name, delay, result):
    print(name, "start")
    await asyncio.sleep(delay)
    print(name, "end")
    return result

async def main():
    r = await asyncio.gather(worker("a", 0.15, 1), worker("b", 0.05, 2), worker("c", 0.1, 3))
    print("results in argument order:", r)
    print(await asyncio.gather())
    r = await asyncio.gather(*[worker("w" + str(i), 0, i * i) for i in range(5)])
    print(r)
    t = asyncio.create_task(worker("task", 0, "T"))
    c = worker("coro", 0, "C")
    print(await asyncio.gather(t, c, t))
    f = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.05, f.set_result, "F")
    print(await asyncio.gather(f, worker("x", 0, "X")))
    async def nested():
        return await asyncio.gather(worker("n1", 0, 1), worker("n2", 0, 2))
    print(await asyncio.gather(nested(), nested()))
    g = asyncio.gather(worker("g", 0, "G"))
    print(type(g).__name__ != "", asyncio.isfuture(g))
    print(await g)

asyncio.run(main())
