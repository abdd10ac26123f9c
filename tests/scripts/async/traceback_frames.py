import asyncio

def frames(e):
    out = []
    tb = e.__traceback__
    while tb:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out

async def leaf():
    await asyncio.sleep(0)
    raise ValueError("deep")

async def mid():
    await leaf()

async def via_task():
    return await asyncio.create_task(mid())

async def via_gather():
    await asyncio.gather(mid())

async def agen():
    yield 1
    await mid()
    yield 2

async def main():
    for fn in (mid, via_task, via_gather):
        try:
            await fn()
        except ValueError as e:
            print(fn.__name__, [f for f in frames(e) if f[0] in ("main", "mid", "leaf", "via_task", "via_gather")])
    try:
        async for x in agen():
            print("agen yielded", x)
    except ValueError as e:
        print("agen", frames(e))
    try:
        try:
            await mid()
        except ValueError as e:
            raise KeyError("wrapped") from e
    except KeyError as e:
        print("cause", repr(e.__cause__), frames(e.__cause__)[-1])

asyncio.run(main())
