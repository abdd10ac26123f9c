import asyncio

async def stubborn(log):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        log.append("stubborn caught cancel, returns a value")
        return "value despite cancel"

async def slow_cleanup(log):
    try:
        await asyncio.sleep(1)
    finally:
        log.append("cleanup begins")
        await asyncio.sleep(0.05)
        log.append("cleanup ends")

async def main():
    log = []
    r = await asyncio.wait_for(stubborn(log), 0.05)
    print("wait_for returned:", r, log)
    log.clear()
    try:
        await asyncio.wait_for(slow_cleanup(log), 0.05)
    except TimeoutError:
        print("TimeoutError after cleanup finished:", log)
    t = asyncio.create_task(asyncio.sleep(1))
    try:
        await asyncio.wait_for(t, 0.05)
    except TimeoutError:
        print("task passed to wait_for is cancelled:", t.cancelled())
    t = asyncio.create_task(asyncio.sleep(0.25, "kept"))
    try:
        await asyncio.wait_for(asyncio.shield(t), 0.05)
    except TimeoutError:
        print("shielded task survives:", t.cancelled(), await t)
    t = asyncio.create_task(asyncio.sleep(1))
    done, pending = await asyncio.wait([t], timeout=0.05)
    print("wait() timeout does not cancel:", len(done), len(pending), t.cancelled())
    t.cancel()
    f = asyncio.get_running_loop().create_future()
    f.set_result("ready")
    print(await asyncio.wait_for(f, 0), await asyncio.wait_for(f, -1))
    try:
        await asyncio.wait_for(asyncio.sleep(1), -1)
    except TimeoutError as e:
        print("negative timeout:", type(e.__cause__).__name__)

asyncio.run(main())
