import asyncio

async def ticker(name, period, n, log):
    for i in range(n):
        await asyncio.sleep(period)
        log.append(name + str(i))
        print(name, i)

async def main():
    log = []
    await asyncio.gather(ticker("fast", 0.05, 4, log), ticker("slow", 0.125, 2, log))
    print(log)
    loop = asyncio.get_running_loop()
    order = []
    done = loop.create_future()
    for d in (0.15, 0.05, 0.1, 0.05):
        loop.call_later(d, order.append, d)
    loop.call_later(0.2, done.set_result, None)
    loop.call_soon(order.append, "soon")
    await done
    print(order)
    h = loop.call_later(0.05, order.append, "cancelled timer")
    h.cancel()
    await asyncio.sleep(0.1)
    print(order[-1], h.cancelled())

asyncio.run(main())
