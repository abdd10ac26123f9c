import asyncio

def handler(loop, context):
    print("handler got message:", context["message"].split(" <")[0])
    print("  exception:", repr(context.get("exception")))
    print("  keys:", sorted(context))

async def agen():
    try:
        yield 1
    finally:
        raise ValueError("error while closing")

keep = []

async def main():
    loop = asyncio.get_running_loop()
    print(loop.get_exception_handler())
    loop.set_exception_handler(handler)
    print(loop.get_exception_handler() is handler)
    loop.call_exception_handler({"message": "custom report", "exception": KeyError("k"), "extra": 1})
    try:
        loop.set_exception_handler(5)
    except TypeError as e:
        print("TypeError:", e)
    g = agen()
    keep.append(g)
    await g.__anext__()
    print("main returns with a suspended async generator")

asyncio.run(main())
print("done")
