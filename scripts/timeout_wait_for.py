# timeout_wait_for.py: giving slow work a deadline with asyncio.wait_for
# and asyncio.timeout.
#
# Each "download" takes a given time; wait_for cancels the ones that miss
# the deadline and raises TimeoutError, while the cancelled download's
# finally block still runs.
import asyncio


async def download(name, seconds):
    try:
        await asyncio.sleep(seconds)
        return f"{name}: {int(seconds * 1000)} ms of data"
    except asyncio.CancelledError:
        print(f"  {name}: cancelled")
        raise
    finally:
        print(f"  {name}: connection closed")


async def fetch(name, seconds, deadline):
    try:
        result = await asyncio.wait_for(download(name, seconds), timeout=deadline)
        print("got", result)
    except asyncio.TimeoutError:
        print(f"{name} timed out after {deadline} s")


async def main():
    await fetch("fast", 0.01, 0.5)
    await fetch("slow", 5, 0.05)
    try:
        async with asyncio.timeout(0.05):
            await download("block", 5)
    except TimeoutError:
        print("the block timed out too")
    results = await asyncio.gather(fetch("a", 0.01, 1), fetch("b", 3, 0.02))
    print("gather gave", results)


asyncio.run(main())
