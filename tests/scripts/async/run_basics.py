import asyncio

async def main(x):
    print("running", x)
    loop = asyncio.get_running_loop()
    print(loop.is_running(), loop.is_closed())
    await asyncio.sleep(0)
    return x * 2

print(asyncio.run(main(21)))
print(asyncio.run(main(1)))
try:
    asyncio.run(5)
except ValueError as e:
    print("ValueError:", e)

async def nested_run():
    coro = main(0)
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()
asyncio.run(nested_run())

try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)

async def raises():
    await asyncio.sleep(0)
    raise KeyError("from main")
try:
    asyncio.run(raises())
except KeyError as e:
    print("KeyError:", e)

async def leaves_tasks():
    async def forever():
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            print("leftover task cancelled at shutdown")
            raise
    asyncio.create_task(forever())
    await asyncio.sleep(0)
    print("main returns with a pending task")
    return "ok"
print(asyncio.run(leaves_tasks()))
