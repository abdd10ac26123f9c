import asyncio

def r(x):
    s = repr(x)
    return s[:s.index(" at 0x")] + s[s.index(" ["):]

async def waiter(name, ev):
    print(name, "waiting; set:", ev.is_set())
    r = await ev.wait()
    print(name, "woke with", r)
    return name

async def main():
    ev = asyncio.Event()
    print(r(ev))
    tasks = [asyncio.create_task(waiter(n, ev)) for n in "abc"]
    await asyncio.sleep(0)
    print(r(ev))
    print("setting")
    ev.set()
    print(r(ev))
    print(await asyncio.gather(*tasks))
    print("already set:", await ev.wait())
    ev.clear()
    print("cleared:", ev.is_set())
    t = asyncio.create_task(waiter("d", ev))
    await asyncio.sleep(0.05)
    print("d still waiting:", not t.done())
    ev.set()
    ev.clear()
    await t
    print("d woke although event was cleared again")
    t = asyncio.create_task(waiter("e", ev))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled waiter; waiters left:", r(ev))
    ev.set()
    ev.set()
    print(ev.is_set())

asyncio.run(main())
