import asyncio

def r(obj):
    return repr(obj).replace(__file__, "FILE")

async def work():
    await asyncio.sleep(0.05)
    return 5

async def bad():
    raise ValueError("x")

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(work(), name="w")
    print(r(t))
    await asyncio.sleep(0)
    print(r(t))
    await t
    print(r(t))
    b = asyncio.create_task(bad(), name="b")
    await asyncio.sleep(0)
    print(r(b))
    b.exception()
    c = asyncio.create_task(work(), name="c")
    c.cancel()
    print(r(c))
    await asyncio.sleep(0)
    print(r(c))
    f = loop.create_future()
    print(r(f))
    def on_done(fut):
        pass
    f.add_done_callback(on_done)
    print(r(f))
    f.add_done_callback(print)
    f.add_done_callback(id)
    print(r(f))
    f.set_result([1, 2])
    print(r(f))
    f = loop.create_future()
    f.cancel()
    print(r(f))
    f = loop.create_future()
    f.set_exception(KeyError("k"))
    print(r(f))
    f.exception()
    for value in ["x" * 50, list(range(10)), 10 ** 50, {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, (1,), set(range(8))]:
        f = loop.create_future()
        f.set_result(value)
        print(r(f))
    f = loop.create_future()
    print(f._state, f._asyncio_future_blocking, f._loop is loop)
    f.cancel("m")
    print(f._state, f._cancel_message)
    print(asyncio.Future.__module__, asyncio.Task.__module__, asyncio.Future.__name__)

asyncio.run(main())
