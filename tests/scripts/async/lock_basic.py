import asyncio

def r(x):
    s = repr(x)
    return s[:s.index(" at 0x")] + s[s.index(" ["):]

async def worker(name, lock, log, d):
    print(name, "wants lock; locked:", lock.locked())
    async with lock:
        log.append(name + " in")
        print(name, "has lock")
        await asyncio.sleep(d)
        log.append(name + " out")
    print(name, "released")

async def main():
    lock = asyncio.Lock()
    print(r(lock), lock.locked())
    log = []
    await asyncio.gather(worker("a", lock, log, 0.05), worker("b", lock, log, 0), worker("c", lock, log, 0.05))
    print(log)
    print(await lock.acquire(), lock.locked())
    print(r(lock))
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
    counter = 0
    async def incr():
        nonlocal counter
        for _ in range(10):
            async with lock:
                v = counter
                await asyncio.sleep(0)
                counter = v + 1
    await asyncio.gather(*[incr() for _ in range(5)])
    print("counter", counter)
    await lock.acquire()
    t = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    print(r(lock))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("waiter cancelled; locked:", lock.locked())
    lock.release()
    print(r(lock))

asyncio.run(main())
