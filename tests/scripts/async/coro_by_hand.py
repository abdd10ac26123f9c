import asyncio
class Suspend:
    def __await__(self):
        v = yield "suspended"
        print("Suspend got", v)
        return v
async def c(tag):
    print(tag, "start")
    a = await Suspend()
    print(tag, "a =", a)
    try:
        b = await Suspend()
    except KeyError as e:
        print(tag, "caught", repr(e))
        b = "recovered"
    finally:
        print(tag, "finally")
    return (a, b)
co = c("one")
print(co.send(None))
print(co.send(1))
try:
    co.send(2)
except StopIteration as e:
    print("result", e.value)

co = c("two")
co.send(None)
co.send("x")
try:
    co.throw(KeyError("k"))
except StopIteration as e:
    print("result", e.value)

co = c("three")
co.send(None)
co.close()
print("closed; cr_frame:", co.cr_frame)
try:
    co.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

co = c("four")
print(co.cr_running, co.__name__, co.__qualname__)
try:
    co.send(1)
except TypeError as e:
    print("TypeError:", e)
co.close()

co = c("five")
w = co.__await__()
print(next(w))
try:
    w.send("via wrapper")
    w.send("again")
except StopIteration as e:
    print("wrapper result", e.value)
print(asyncio.iscoroutine(co), asyncio.iscoroutinefunction(c), asyncio.iscoroutinefunction(print))
