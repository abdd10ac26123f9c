import asyncio

async def ok(v):
    await asyncio.sleep(0)
    return v

async def main():
    log = []
    d = asyncio.create_task(ok("cb"))
    def cb1(task):
        log.append(("cb1", task.result()))
    def cb2(task):
        log.append("cb2")
    d.add_done_callback(cb1)
    d.add_done_callback(cb2)
    d.add_done_callback(cb2)
    print("removed:", d.remove_done_callback(cb2))
    print("removed again:", d.remove_done_callback(cb2))
    await d
    await asyncio.sleep(0)
    print(log)
    d.add_done_callback(lambda task: log.append("late"))
    print(log)
    await asyncio.sleep(0)
    print(log)
    log.clear()
    fut = asyncio.get_running_loop().create_future()
    fut.add_done_callback(lambda f: log.append("before waiter"))
    async def waiter():
        log.append("waiter got " + str(await fut))
    w = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: log.append("after waiter"))
    fut.set_result(7)
    log.append("set_result returned")
    await w
    print(log)
    seen = []
    t = asyncio.create_task(ok(1))
    t.add_done_callback(seen.append)
    t.add_done_callback(lambda task: seen.append(task.done()))
    await t
    print(seen[0] is t, seen[1:], "callbacks ran by the time await returned:", len(seen))
    await asyncio.sleep(0)
    print(len(seen))

asyncio.run(main())
