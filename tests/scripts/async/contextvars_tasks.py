import asyncio
import contextvars

request = contextvars.ContextVar("request", default="none")

async def handler(name, d):
    print(name, "sees before set:", request.get())
    request.set(name)
    await asyncio.sleep(d)
    print(name, "sees after sleep:", request.get())
    await sub(name)
    return request.get()

async def sub(name):
    print("  sub of", name, "sees", request.get())

async def main():
    request.set("main")
    results = await asyncio.gather(handler("a", 0.1), handler("b", 0.05))
    print(results, "main still sees", request.get())
    t = asyncio.create_task(handler("c", 0))
    request.set("changed after create")
    print(await t)
    ctx = contextvars.copy_context()
    ctx.run(request.set, "in custom ctx")
    t = asyncio.create_task(handler("d", 0), context=ctx)
    await t
    print("ctx now has", ctx[request])
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    def cb():
        print("callback sees", request.get())
        fut.set_result(None)
    loop.call_soon(cb, context=ctx)
    await fut
    token = request.set("temp")
    request.reset(token)
    print("after reset", request.get())

asyncio.run(main())
print("outside asyncio.run:", request.get())
