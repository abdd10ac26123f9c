import asyncio

async def stage(name, wait_on, signal, log):
    print(name, "waiting")
    await wait_on.wait()
    print(name, "running")
    log.append(name)
    await asyncio.sleep(0)
    signal.set()
    print(name, "signalled")

async def main():
    evs = [asyncio.Event() for _ in range(5)]
    log = []
    tasks = [asyncio.create_task(stage("s" + str(i), evs[i], evs[i + 1], log)) for i in (3, 1, 0, 2)]
    await asyncio.sleep(0)
    print("starting chain")
    evs[0].set()
    await evs[4].wait()
    print("chain done", log)
    await asyncio.gather(*tasks)
    ping, pong = asyncio.Queue(), asyncio.Queue()
    async def player(name, inbox, outbox, n):
        for _ in range(n):
            v = await inbox.get()
            print(name, v)
            await outbox.put(v + 1)
    ping.put_nowait(0)
    await asyncio.gather(player("ping", ping, pong, 3), player("pong", pong, ping, 3))
    print("final", ping.get_nowait())

asyncio.run(main())
