import asyncio

async def work(n):
    t = asyncio.current_task()
    print("in", t.get_name(), "n =", n)
    await asyncio.sleep(0)
    return n

async def main():
    me = asyncio.current_task()
    print("main task name:", me.get_name())
    t1 = asyncio.create_task(work(1), name="first")
    t2 = asyncio.create_task(work(2))
    t3 = asyncio.get_running_loop().create_task(work(3), name="third")
    print(t1.get_name(), t2.get_name().startswith("Task-"), t3.get_name())
    t2.set_name("second")
    t3.set_name(33)
    print(t2.get_name(), repr(t3.get_name()))
    print(await t1, await t2, await t3)
    print(t1.get_coro().__name__)
    try:
        asyncio.create_task(work)
    except TypeError as e:
        print("TypeError:", str(e)[:40])
    try:
        asyncio.create_task(5)
    except TypeError as e:
        print("TypeError:", e)
    print(asyncio.current_task() is me)
    print(len(asyncio.all_tasks()), asyncio.all_tasks() == {me})
    t4 = asyncio.create_task(work(4), name="fourth")
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await t4
    print(sorted(t.get_name() for t in asyncio.all_tasks()))

asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as e:
    print("RuntimeError:", e)
