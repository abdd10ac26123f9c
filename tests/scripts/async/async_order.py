import asyncio
async def worker(name, delay, log):
    log.append(name + " start")
    await asyncio.sleep(delay)
    log.append(name + " end")
async def main():
    log = []
    await asyncio.gather(worker("a", 0.1, log), worker("b", 0.05, log))
    print(log)
asyncio.run(main())
