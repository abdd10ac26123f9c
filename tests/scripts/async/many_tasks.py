# heavy
import asyncio

N = 100000

async def work(i):
    total = i
    for _ in range(3):
        await asyncio.sleep(0)
        total += 1
    return total

async def main():
    tasks = [asyncio.create_task(work(i)) for i in range(N)]
    print("created", len(tasks), "tasks;", len(asyncio.all_tasks()), "alive")
    results = await asyncio.gather(*tasks)
    print("results", len(results), "sum", sum(results))
    print("first", results[:3], "last", results[-1])
    print("all done:", all(t.done() for t in tasks), len(asyncio.all_tasks()))

asyncio.run(main())
