# full-stderr
import asyncio

async def failing():
    await asyncio.sleep(0)
    raise ValueError("nobody looks at me")

async def main():
    t = asyncio.create_task(failing())
    await asyncio.sleep(0.05)
    print("main done; task done:", t.done())

asyncio.run(main())
print("after run")
