import asyncio
async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(f.done(), f.cancelled(), f.get_loop() is loop)
    print(repr(f))
    try:
        f.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f.set_result(42)
    print(repr(f), f.result(), f.exception())
    try:
        f.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    try:
        f.set_exception(ValueError())
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    g = asyncio.Future()
    g.set_exception(KeyError("k"))
    print(repr(g), repr(g.exception()))
    try:
        await g
    except KeyError as e:
        print("await raised", repr(e))
    h = loop.create_future()
    h.set_exception(RuntimeError)
    print(repr(h.exception()))
    try:
        h.set_exception(None)
    except Exception as e:
        print(type(e).__name__)
    i = loop.create_future()
    try:
        i.set_exception(StopIteration(1))
    except TypeError as e:
        print("TypeError:", e)
    j = loop.create_future()
    print(j.cancel("why"), j.cancelled(), j.cancel(), repr(j))
    try:
        j.result()
    except asyncio.CancelledError as e:
        print("CancelledError", e.args)
    k = loop.create_future()
    loop.call_later(0.05, k.set_result, "later")
    print(await k)
    order = []
    m = loop.create_future()
    m.add_done_callback(lambda fut: order.append(("first", fut.result())))
    m.add_done_callback(lambda fut: order.append(("second", fut.result())))
    m.set_result("v")
    print("callbacks not yet run:", order)
    await asyncio.sleep(0)
    print(order)
    print(asyncio.isfuture(m), asyncio.isfuture(5), asyncio.isfuture(asyncio.create_task(asyncio.sleep(0))))
    print(asyncio.ensure_future(m) is m)
asyncio.run(main())
