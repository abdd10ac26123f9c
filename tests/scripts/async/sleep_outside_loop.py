import asyncio

early = asyncio.sleep(0.05, "created before the loop")
print(asyncio.iscoroutine(early))

async def main():
    print(await early)
    lazy = asyncio.sleep("not a number")
    print("creating a bad sleep does not fail yet")
    try:
        await lazy
    except TypeError as e:
        print("TypeError when awaited:", e)
    t = asyncio.create_task(asyncio.sleep(0, "task around sleep"))
    print(await t)
    print(await asyncio.ensure_future(asyncio.sleep(0, "ensure_future")))
    return "main result"

print(asyncio.run(main()))
print(asyncio.run(asyncio.sleep(0, "sleep as the main coroutine")))
print(asyncio.run(asyncio.sleep(0.05, "timed sleep as the main coroutine")))
loop = asyncio.new_event_loop()
print(loop.run_until_complete(asyncio.ensure_future(asyncio.sleep(0, "run_until_complete"), loop=loop)))
loop.close()
