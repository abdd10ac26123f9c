# producer_consumer.py: producers and consumers connected by a bounded Queue.
#
# Two producers put numbered jobs into a queue that holds at most three;
# when it is full they wait (back-pressure). Three consumers take jobs,
# "work" on each for one turn of the event loop, and record the result. queue.join() waits
# until every job has been marked done, then the consumers are cancelled.
import asyncio


async def producer(name, queue, count):
    for i in range(count):
        job = f"{name}-{i}"
        await queue.put(job)
        print(f"{name} queued {job} (size {queue.qsize()})")
    print(f"{name} done")


async def consumer(name, queue, results):
    while True:
        job = await queue.get()
        try:
            await asyncio.sleep(0)
            results.append((job, name))
        finally:
            queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=3)
    results = []
    consumers = [asyncio.create_task(consumer(f"c{i}", queue, results)) for i in range(3)]
    await asyncio.gather(producer("p1", queue, 4), producer("p2", queue, 3))
    await queue.join()
    for c in consumers:
        c.cancel()
    outcome = await asyncio.gather(*consumers, return_exceptions=True)
    print("consumers:", [type(o).__name__ for o in outcome])
    print("processed", len(results), "jobs:", sorted(job for job, _ in results))


asyncio.run(main())
