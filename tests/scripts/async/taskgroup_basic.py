import asyncio

async def work(n, d):
    await asyncio.sleep(d)
    print("work", n, "done")
    return n * 10

async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(work(1, 0.1))
        t2 = tg.create_task(work(2, 0.05), name="second")
        print("created", t2.get_name())
    print("after group:", t1.result(), t2.result())
    async with asyncio.TaskGroup() as tg:
        print("empty group")
    async def spawner(tg, depth):
        print("spawner", depth)
        if depth < 3:
            tg.create_task(spawner(tg, depth + 1))
        await asyncio.sleep(0)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(spawner(tg, 0))
    print("nested spawns complete")
    tg = asyncio.TaskGroup()
    c = work(0, 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(" ")[0], "...", str(e).split(" ")[-1])
    c.close()
    async with tg:
        pass
    c = work(0, 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(" ")[-1])
    c.close()
    results = []
    async with asyncio.TaskGroup() as g:
        for i in range(5):
            g.create_task(work(i, 0.005 * (5 - i))).add_done_callback(lambda t: results.append(t.result()))
    print(results)

asyncio.run(main())
