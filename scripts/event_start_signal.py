# event_start_signal.py: runners waiting at the starting line.
#
# Runners are created first and wait on an asyncio.Event; when the starter
# sets it, all of them start at once. A second Event tells the judge that
# the last runner has arrived.
import asyncio


async def runner(name, pace, start, finished, arrivals, total):
    print(f"{name} is ready")
    await start.wait()
    await asyncio.sleep(pace)
    arrivals.append(name)
    print(f"{name} arrived #{len(arrivals)}")
    if len(arrivals) == total:
        finished.set()


async def main():
    start, finished = asyncio.Event(), asyncio.Event()
    arrivals = []
    paces = {"ada": 0.03, "bob": 0.01, "cy": 0.02}
    tasks = [asyncio.create_task(runner(n, p, start, finished, arrivals, len(paces))) for n, p in paces.items()]
    await asyncio.sleep(0)
    print("start set?", start.is_set())
    start.set()
    print("go!")
    await finished.wait()
    print("podium:", arrivals)
    await asyncio.gather(*tasks)


asyncio.run(main())
