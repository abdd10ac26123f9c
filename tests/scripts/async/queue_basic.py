import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i, "qsize", q.qsize())
    await q.put(None)

async def consumer(q, out):
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        print("got", item)
        out.append(item)

async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.maxsize, q.empty(), q.full(), str(q))
    out = []
    await asyncio.gather(producer(q, 5), consumer(q, out))
    print(out, q.empty())
    q2 = asyncio.Queue()
    for x in "abc":
        q2.put_nowait(x)
    print(str(q2), q2.qsize(), q2.full())
    print(q2.get_nowait(), q2.get_nowait())
    q2.task_done()
    q2.task_done()
    print(str(q2))
    print(await q2.get())
    q2.task_done()
    try:
        q2.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))
    try:
        q2.task_done()
    except ValueError as e:
        print("ValueError:", e)
    q3 = asyncio.Queue(1)
    q3.put_nowait("x")
    try:
        q3.put_nowait("y")
    except asyncio.QueueFull:
        print("QueueFull; full():", q3.full())
    print(asyncio.QueueEmpty.__mro__[1].__name__, asyncio.QueueFull.__module__)

asyncio.run(main())
