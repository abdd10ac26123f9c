# except* (PEP 654): splitting exception groups among clauses, naked
# exceptions, what is left and what clauses raise, TaskGroup errors.
import asyncio


def f():
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3), KeyError(4)])


try:
    f()
except* ValueError as e:
    print("values", repr(e), e.exceptions)
except* TypeError as e:
    print("types", e.exceptions)
except* KeyError:
    print("keys")
print("after 1")

try:
    raise ValueError("naked")
except* ValueError as e:
    print("naked caught", repr(e), e.exceptions)

try:
    try:
        raise ExceptionGroup("outer", [ValueError(1), OSError(2)])
    except* ValueError:
        print("handled values")
except ExceptionGroup as rest:
    print("rest", repr(rest), rest.exceptions)

try:
    try:
        raise ExceptionGroup("g", [ValueError(1)])
    except* ValueError:
        raise RuntimeError("from handler")
except RuntimeError as e:
    print("raised", repr(e), type(e.__context__).__name__)

try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
except ExceptionGroup as e:
    print("reraise", repr(e), e.exceptions)

try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("k")
    except* TypeError:
        raise IndexError("i")
except ExceptionGroup as e:
    print("two raised", repr(e), [type(x).__name__ for x in e.exceptions])

try:
    try:
        raise ExceptionGroup("g", [ValueError(1)])
    except* ExceptionGroup:
        pass
except TypeError as e:
    print("TypeError:", e)


async def bad(n):
    await asyncio.sleep(0)
    raise ValueError(n)


async def main():
    try:
        async with asyncio.TaskGroup() as g:
            g.create_task(bad(1))
            g.create_task(bad(2))
    except* ValueError as eg:
        print("taskgroup", sorted(str(x) for x in eg.exceptions))


asyncio.run(main())
