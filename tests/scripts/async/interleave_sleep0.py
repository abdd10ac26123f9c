import asyncio

async def worker(name, steps):
    for i in range(steps):
        print(name, "step", i)
        await asyncio.sleep(0)
    print(name, "done")
    return name

async def main():
    tasks = [asyncio.create_task(worker(n, s)) for n, s in (("A", 3), ("B", 1), ("C", 2))]
    print("tasks created")
    await asyncio.sleep(0)
    print("main after one yield")
    print(await asyncio.gather(*tasks))
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "call_soon 1")
    t = asyncio.create_task(worker("D", 1))
    loop.call_soon(print, "call_soon 2")
    print("main before await")
    await t
    print("main end")

asyncio.run(main())
