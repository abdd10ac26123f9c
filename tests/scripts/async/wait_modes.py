import asyncio

async def job(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(name)
    return name

def names(s):
    return sorted(t.get_name() for t in s)

async def main():
    def mk(*specs):
        return [asyncio.create_task(job(*s), name=s[0]) for s in specs]
    ts = mk(("a", 0.05), ("b", 0.15), ("c", 0.25))
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED", names(done), names(pending))
    done, pending = await asyncio.wait(pending)
    print("ALL_COMPLETED", names(done), names(pending))
    ts = mk(("d", 0.05), ("e", 0.1, True), ("f", 0.3))
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION", names(done), names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print(t.get_name(), repr(t.exception()))
    done, pending = await asyncio.wait(pending, timeout=0.005)
    print("timeout", names(done), names(pending))
    await asyncio.wait(pending)
    ts = mk(("g", 0.05), ("h", 0.1))
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION without error", names(done), names(pending))
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.wait(ts, return_when="bogus")
    except ValueError as e:
        print("ValueError:", e)
    c = job("x", 0)
    try:
        await asyncio.wait(c)
    except TypeError as e:
        print("TypeError:", e)
    c.close()
    c = job("y", 0)
    try:
        await asyncio.wait([c])
    except TypeError as e:
        print("TypeError:", e)
    c.close()
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)

asyncio.run(main())
