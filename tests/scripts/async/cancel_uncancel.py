import asyncio

async def main():
    me = asyncio.current_task()
    print("initial cancelling:", me.cancelling())
    async def victim():
        t = asyncio.current_task()
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("victim cancelling:", t.cancelling())
            print("uncancel ->", t.uncancel())
            print("uncancel again ->", t.uncancel())
        await asyncio.sleep(0)
        print("victim continues after uncancel")
        return "finished normally"
    t = asyncio.create_task(victim())
    await asyncio.sleep(0)
    print(t.cancel(), t.cancelling())
    print(t.cancel(), t.cancelling())
    print(await t, t.cancelled())
    async def timeout_inside():
        try:
            async with asyncio.timeout(0.05):
                await asyncio.sleep(1)
        except TimeoutError:
            print("timeout converted; cancelling =", asyncio.current_task().cancelling())
        return "ok"
    print(await asyncio.create_task(timeout_inside()))
    async def outer_cancel_wins():
        try:
            async with asyncio.timeout(0.25):
                await asyncio.sleep(1)
        except TimeoutError:
            print("not reached")
    t = asyncio.create_task(outer_cancel_wins())
    await asyncio.sleep(0.05)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("external cancel is not turned into TimeoutError")
    async def wf():
        try:
            await asyncio.wait_for(asyncio.sleep(1), 0.05)
        except TimeoutError:
            print("wait_for timeout; cancelling =", asyncio.current_task().cancelling())
    await asyncio.create_task(wf())

asyncio.run(main())
