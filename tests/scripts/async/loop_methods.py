import asyncio

loop = asyncio.new_event_loop()
print(type(loop).__name__ != "", loop.is_running(), loop.is_closed())
log = []
def cb(*args):
    log.append(args)
    print("cb", args)

loop.call_soon(cb, 1)
loop.call_soon(cb, 2, "x")
h = loop.call_soon(cb, 3)
h.cancel()
print("handle cancelled:", h.cancelled())
t0 = loop.time()
loop.call_later(0.5, cb, "later-2")
loop.call_later(0.25, cb, "later-1")
loop.call_at(t0 + 0.75, cb, "at-3")
loop.call_later(1.0, loop.stop)
loop.run_forever()
print("after run_forever", log)
print(loop.time() >= t0 + 1.0)

async def coro(v):
    await asyncio.sleep(0)
    return v + 1
print(loop.run_until_complete(coro(1)))
fut = loop.create_future()
loop.call_soon(fut.set_result, "future done")
print(loop.run_until_complete(fut))
task = loop.create_task(coro(10))
print(loop.run_until_complete(task), task.done())

def stopper():
    print("stopping")
    loop.stop()
loop.call_soon(stopper)
loop.call_soon(cb, "runs in same iteration")
loop.run_forever()
loop.call_soon(cb, "runs next time")
loop.call_soon(loop.stop)
loop.run_forever()
loop.close()
print(loop.is_closed())
loop.close()
try:
    loop.call_soon(cb, 1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    loop.run_until_complete(coro(1))
except RuntimeError as e:
    print("RuntimeError:", e)
