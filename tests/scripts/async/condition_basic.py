import asyncio

async def consumer(name, cond, items):
    async with cond:
        print(name, "waiting")
        await cond.wait_for(lambda: len(items) > 0)
        item = items.pop(0)
        print(name, "consumed", item)

async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer("c" + str(i), cond, items)) for i in range(3)]
    await asyncio.sleep(0)
    for i in range(3):
        async with cond:
            items.append("item" + str(i))
            print("producer notify 1")
            cond.notify()
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    woken = []
    async def w(n):
        async with cond:
            r = await cond.wait()
            woken.append((n, r))
    tasks = [asyncio.create_task(w(i)) for i in range(4)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0)
    print("after notify(2):", woken)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    print("after notify_all:", woken)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await cond.wait()
    except RuntimeError as e:
        print("RuntimeError:", e)
    lock = asyncio.Lock()
    c2 = asyncio.Condition(lock)
    async with c2:
        print("shared lock locked:", lock.locked(), c2.locked())
    print(lock.locked())

asyncio.run(main())
