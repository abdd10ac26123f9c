import asyncio
async def ok(v):
    await asyncio.sleep(0)
    return v
async def bad():
    await asyncio.sleep(0)
    raise ValueError("bad task")
async def main():
    t = asyncio.create_task(ok(5))
    print("done before:", t.done(), t.cancelled())
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    try:
        t.exception()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    await t
    print("done after:", t.done(), t.result(), t.exception(), t.cancelled())
    b = asyncio.create_task(bad())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("bad done:", b.done(), repr(b.exception()))
    try:
        b.result()
    except ValueError as e:
        print("result() raises", repr(e))
    c = asyncio.create_task(ok(1))
    print("cancel:", c.cancel("stop it"))
    print("cancel again:", c.cancel())
    try:
        await c
    except asyncio.CancelledError as e:
        print("CancelledError args:", e.args)
    print(c.cancelled(), c.done(), c.cancel())
    try:
        c.result()
    except asyncio.CancelledError as e:
        print("result() CancelledError:", e.args)
    try:
        c.exception()
    except asyncio.CancelledError as e:
        print("exception() CancelledError:", e.args)
    print("cancel done task:", t.cancel())

asyncio.run(main())
