import asyncio

async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b"), (1, "aa"), (5, "e"), (0, "z")]:
        pq.put_nowait(item)
    print(str(pq))
    out = []
    while not pq.empty():
        out.append(await pq.get())
    print(out)
    lq = asyncio.LifoQueue()
    for i in range(4):
        await lq.put(i)
    print(str(lq), [lq.get_nowait() for _ in range(4)])
    bounded = asyncio.PriorityQueue(maxsize=2)
    await bounded.put(9)
    await bounded.put(4)
    print(bounded.full())
    async def late_get():
        await asyncio.sleep(0.05)
        print("late_get got", await bounded.get())
    t = asyncio.create_task(late_get())
    await bounded.put(1)
    print("put unblocked:", str(bounded))
    await t
    import random
    random.seed(5)
    pq2 = asyncio.PriorityQueue()
    nums = [random.randint(0, 50) for _ in range(20)]
    for n in nums:
        pq2.put_nowait(n)
    print(str(pq2))
    print([pq2.get_nowait() for _ in range(20)] == sorted(nums))
    print(type(pq).__name__, isinstance(pq, asyncio.Queue), isinstance(lq, asyncio.Queue))

asyncio.run(main())
