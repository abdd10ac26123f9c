import asyncio

async def worker(name, q, log):
    while True:
        item = await q.get()
        await asyncio.sleep(0.005 * item)
        log.append((name, item))
        q.task_done()

async def main():
    q = asyncio.Queue()
    log = []
    for i in range(6):
        q.put_nowait(i)
    workers = [asyncio.create_task(worker("w" + str(n), q, log)) for n in range(3)]
    await q.join()
    print("all processed:", sorted(x[1] for x in log), len(log))
    print("unfinished:", str(q))
    for w in workers:
        w.cancel()
    res = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in res])
    await q.join()
    print("join on finished queue returns at once")
    q2 = asyncio.Queue()
    getter = asyncio.create_task(q2.get())
    await asyncio.sleep(0)
    print(str(q2))
    getter.cancel()
    try:
        await getter
    except asyncio.CancelledError:
        print("getter cancelled;", str(q2))
    q3 = asyncio.Queue(1)
    await q3.put(1)
    putter = asyncio.create_task(q3.put(2))
    await asyncio.sleep(0)
    print(str(q3))
    print(await q3.get())
    await putter
    print(str(q3), await q3.get())

asyncio.run(main())
