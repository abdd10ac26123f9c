import asyncio
async def body(name, log):
    log.append(name + " started")
    try:
        await asyncio.sleep(1)
        log.append(name + " finished")
    except asyncio.CancelledError as e:
        log.append(name + " cancelled " + repr(e.args))
        raise
    finally:
        log.append(name + " finally")

async def main():
    log = []
    t = asyncio.create_task(body("unstarted", log))
    print("cancel before start:", t.cancel("early"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiting it raises CancelledError", e.args)
    print(log, t.cancelled())
    log.clear()
    t = asyncio.create_task(body("sleeping", log))
    await asyncio.sleep(0)
    print("cancel while sleeping:", t.cancel())
    print("state right after cancel: done =", t.done(), "cancelling =", t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("CancelledError args", e.args)
    print(log, t.cancelled())
    async def swallow():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("swallowing the cancellation")
        return "survived"
    t = asyncio.create_task(swallow())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelled(), t.cancelling())
    async def in_finally():
        try:
            await asyncio.sleep(1)
        finally:
            print("finally starts cleanup")
            await asyncio.sleep(0.05)
            print("cleanup awaited fine")
    t = asyncio.create_task(in_finally())
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0.025)
    print("during cleanup: done =", t.done())
    print("cancel again during finally:", t.cancel("second"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled from finally", e.args)

asyncio.run(main())
