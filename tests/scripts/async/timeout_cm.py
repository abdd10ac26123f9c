import asyncio

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.1) as cm:
            print("entered", type(cm).__name__, cm.expired())
            await asyncio.sleep(1)
            print("not reached")
    except TimeoutError:
        print("timed out; expired:", cm.expired())
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.05)
    print("in time; expired:", cm.expired())
    async with asyncio.timeout(None) as cm:
        print("when is None:", cm.when())
        await asyncio.sleep(0)
    try:
        async with asyncio.timeout(None) as cm:
            cm.reschedule(loop.time() + 0.05)
            print("rescheduled:", cm.when() is not None)
            await asyncio.sleep(1)
    except TimeoutError:
        print("rescheduled timeout fired")
    try:
        async with asyncio.timeout_at(loop.time() + 0.05):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at fired")
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(0)
            print("not reached either")
    except TimeoutError:
        print("timeout(0) fires at first await")
    try:
        async with asyncio.timeout(1):
            raise KeyError("not a timeout")
    except KeyError as e:
        print("other exceptions pass:", e)
    try:
        async with asyncio.timeout(0.05):
            try:
                await asyncio.sleep(1)
            finally:
                print("finally inside timeout block")
    except TimeoutError as e:
        print("TimeoutError cause:", type(e.__cause__).__name__)
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
