# coil-only
# Two tasks wait on each other's Events. CPython would hang forever; Coil
# sees that nothing can run again and raises a RuntimeError in the main
# task listing every blocked task and where it waits.
import asyncio


async def first(a, b):
    await a.wait()
    b.set()


async def second(a, b):
    await b.wait()
    a.set()


async def main():
    a, b = asyncio.Event(), asyncio.Event()
    t1 = asyncio.create_task(first(a, b), name="first")
    t2 = asyncio.create_task(second(a, b), name="second")
    try:
        await asyncio.gather(t1, t2)
    except RuntimeError as e:
        # the report names files as the code objects do (absolute paths)
        print(str(e).replace(__file__[:__file__.rfind("/") + 1], ""))
    print("t1 done:", t1.done(), "t2 done:", t2.done())


asyncio.run(main())
print("finished")
