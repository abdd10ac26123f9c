# full-stderr
class Suspend:
    def __await__(self):
        yield "paused"


async def leaf(n):
    await Suspend()
    if n > 1:
        raise ValueError("deep failure " + str(n))
    return n


async def middle(n):
    await leaf(n)
    return n


async def top():
    print("top starts")
    await middle(2)
    print("unreachable")


coro = top()
print(coro.send(None))
coro.send(None)
