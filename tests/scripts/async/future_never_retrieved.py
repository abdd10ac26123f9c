# full-stderr
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    seen = loop.create_future()
    seen.set_exception(KeyError("retrieved"))
    print("exception():", repr(seen.exception()))
    unseen = loop.create_future()
    unseen.set_exception(ValueError("nobody reads this future"))
    cancelled = loop.create_future()
    cancelled.cancel()
    awaited = loop.create_future()
    loop.call_soon(awaited.set_exception, IndexError("awaited"))
    try:
        await awaited
    except IndexError as e:
        print("await raised", repr(e))
    print("main ends")

asyncio.run(main())
print("only the unread future is reported")
