import asyncio
class FailEnter:
    async def __aenter__(self):
        await asyncio.sleep(0)
        raise KeyError("enter failed")
    async def __aexit__(self, *a):
        print("exit not called")

class FailExit:
    async def __aenter__(self):
        return "resource"
    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        raise RuntimeError("exit failed while handling " + (et.__name__ if et else "nothing"))

class NotAwaitableExit:
    async def __aenter__(self):
        return self
    def __aexit__(self, *a):
        return 5

class SyncOnly:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        pass

async def main():
    try:
        async with FailEnter():
            print("body not run")
    except KeyError as e:
        print("KeyError", e)
    try:
        async with FailExit() as r:
            print("body with", r)
    except RuntimeError as e:
        print(e, "| context:", repr(e.__context__))
    try:
        async with FailExit():
            raise ValueError("body error")
    except RuntimeError as e:
        print(e, "| context:", repr(e.__context__))
    try:
        async with NotAwaitableExit():
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        async with SyncOnly():
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        with FailExit():
            pass
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
