# coil-only
# The main task awaits a Future that nobody will ever resolve: the deadlock
# report ends the program with a traceback instead of a hang.
import asyncio


async def main():
    fut = asyncio.get_running_loop().create_future()
    print("waiting")
    await fut


asyncio.run(main())
