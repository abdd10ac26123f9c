import asyncio

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
log = []

async def worker(n):
    for i in range(n):
        log.append("w%d-%d" % (n, i))
        await asyncio.sleep(0)
    if n == 3:
        print("last worker stops the loop")
        loop.stop()
    return n

tasks = [loop.create_task(worker(n)) for n in (1, 2, 3)]
print("running forever")
loop.run_forever()
print(log)
print([t.done() for t in tasks], [t.result() for t in tasks])
async def ticker():
    i = 0
    while True:
        print("tick", i)
        i += 1
        await asyncio.sleep(0)
t = loop.create_task(ticker())
loop.call_soon(loop.call_soon, loop.stop)
loop.run_forever()
print("stopped; ticker done:", t.done())
loop.call_soon(loop.stop)
loop.run_forever()
print("stopped again")
t.cancel()
loop.run_until_complete(asyncio.sleep(0))
print("ticker cancelled:", t.cancelled())
fut = loop.create_future()
loop.call_soon(loop.stop)
try:
    loop.run_until_complete(fut)
except RuntimeError as e:
    print("RuntimeError:", e)
loop.close()
