import asyncio

async def party(name, barrier, log, d):
    await asyncio.sleep(d)
    log.append(name + " arrives")
    idx = await barrier.wait()
    log.append(name + " passes")
    return idx

def r(x):
    s = repr(x)
    return s[:s.index(" at 0x")] + s[s.index(" ["):]

async def main():
    b = asyncio.Barrier(3)
    print(r(b), b.parties, b.n_waiting, b.broken)
    log = []
    idx = await asyncio.gather(party("a", b, log, 0.1), party("b", b, log, 0), party("c", b, log, 0.05))
    print(sorted(idx), log)
    print(r(b))
    async with asyncio.Barrier(1) as x:
        print("single-party barrier index", x)
    b2 = asyncio.Barrier(2)
    t = asyncio.create_task(b2.wait())
    await asyncio.sleep(0)
    print(r(b2), b2.n_waiting)
    await b2.abort()
    try:
        await t
    except asyncio.BrokenBarrierError as e:
        print("BrokenBarrierError:", e, b2.broken)
    print(r(b2))
    await b2.reset()
    print(r(b2), b2.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)
    print(issubclass(asyncio.BrokenBarrierError, RuntimeError))

asyncio.run(main())
