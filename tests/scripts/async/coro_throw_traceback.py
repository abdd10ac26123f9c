# full-stderr
class Pause:
    def __await__(self):
        yield "paused"


async def inner():
    try:
        await Pause()
    except KeyError:
        print("inner converts KeyError")
        raise ValueError("converted in inner")


async def outer():
    await inner()


coro = outer()
print(coro.send(None))
print("cr_await is set:", coro.cr_await is not None)
coro.throw(KeyError("thrown from outside"))
