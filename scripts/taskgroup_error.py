# taskgroup_error.py: structured concurrency with asyncio.TaskGroup.
#
# Three workers run in a group; one fails. The group cancels the others,
# waits for them (their cleanup runs), and raises an ExceptionGroup with
# the failure, which the caller inspects.
import asyncio


async def worker(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(f"{name} could not finish")
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(worker("quick", 0.01))
            group.create_task(worker("broken", 0.02, fail=True))
            group.create_task(worker("slow", 1))
    except ExceptionGroup as eg:
        print("group failed:", eg)
        for exc in eg.exceptions:
            print(" -", type(exc).__name__, exc)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker(f"w{i}", 0.01 * i)) for i in range(3)]
    print("all done:", [t.result() for t in tasks])


asyncio.run(main())
