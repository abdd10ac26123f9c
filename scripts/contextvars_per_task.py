# contextvars_per_task.py: request ids that follow each task.
#
# A ContextVar holds the current request id. Every task runs in a copy of
# the context it was created in, so setting the variable in one request
# handler never leaks into another, and log() deep in the call chain sees
# the right id without passing it around.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")


def log(message):
    print(f"[{request_id.get()}] {message}")


async def query(table):
    await asyncio.sleep(0)
    log(f"query {table}")
    return table.upper()


async def handle(rid, tables):
    token = request_id.set(rid)
    log("start")
    results = [await query(t) for t in tables]
    log(f"done {results}")
    request_id.reset(token)
    log("after reset")


async def main():
    log("main before")
    await asyncio.gather(handle("r1", ["users", "orders"]), handle("r2", ["items"]))
    log("main after")
    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "in-copy")
    print("copy has:", ctx[request_id], "| main has:", request_id.get())


asyncio.run(main())
