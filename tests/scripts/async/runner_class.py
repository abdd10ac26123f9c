import asyncio
import contextvars

var = contextvars.ContextVar("var", default="unset")

async def step(n):
    print("step", n, "sees", var.get())
    var.set("set by step " + str(n))
    await asyncio.sleep(0)
    return n * 10

with asyncio.Runner() as runner:
    loop = runner.get_loop()
    print(loop is runner.get_loop(), loop.is_closed())
    print(runner.run(step(1)))
    print(runner.run(step(2)))
    print(asyncio.get_event_loop() is loop)
print("closed after with:", loop.is_closed())
try:
    runner.run(step(3))
except RuntimeError as e:
    print("RuntimeError:", e)
r = asyncio.Runner()
c = step(4)
print(r.run(c))
r.close()
r.close()
try:
    r.get_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
with asyncio.Runner() as r2:
    try:
        r2.run(step)
    except ValueError as e:
        print("ValueError:", str(e)[:35])
    ctx = contextvars.copy_context()
    ctx.run(var.set, "custom")
    print(r2.run(step(5), context=ctx), ctx[var])
    async def nested():
        c = step(6)
        try:
            r2.run(c)
        except RuntimeError as e:
            print("RuntimeError:", e)
        c.close()
    r2.run(nested())
print("var outside:", var.get())
