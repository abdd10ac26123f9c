import asyncio

def r(x):
    s = repr(x)
    return s[:s.index(" at 0x")] + s[s.index(" ["):]

async def limited(sem, n, active, peak):
    async with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        print("start", n, "active", active[0])
        # distinct lengths: no two holders wake in the same loop turn
        await asyncio.sleep(0.05 * (n + 1))
        active[0] -= 1
        print("end", n)

async def main():
    sem = asyncio.Semaphore(2)
    print(r(sem), sem.locked())
    active, peak = [0], [0]
    await asyncio.gather(*[limited(sem, i, active, peak) for i in range(5)])
    print("peak", peak[0])
    s0 = asyncio.Semaphore(0)
    print(s0.locked())
    t = asyncio.create_task(s0.acquire())
    await asyncio.sleep(0)
    print(r(s0))
    s0.release()
    print(await t, r(s0))
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    s = asyncio.Semaphore(3)
    s.release()
    print(r(s))
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)
    s1 = asyncio.Semaphore(1)
    await s1.acquire()
    waiter = asyncio.create_task(s1.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    try:
        await waiter
    except asyncio.CancelledError:
        print("cancelled acquire")
    s1.release()
    print(r(s1), await s1.acquire())

asyncio.run(main())
