# async_pipeline.py: a data pipeline built from async generators.
#
# numbers() produces values as they "arrive", squares() and only_even()
# transform the stream, and an async comprehension collects the result.
# Each stage closes its source when it is closed, so stopping the pipeline
# early runs every generator's finally block right away.
import asyncio


async def numbers(limit):
    try:
        for i in range(limit):
            await asyncio.sleep(0)
            yield i
    finally:
        print("numbers: closed")


async def squares(source):
    try:
        async for n in source:
            yield n * n
    finally:
        await source.aclose()


async def only_even(source):
    try:
        async for n in source:
            if n % 2 == 0:
                yield n
    finally:
        await source.aclose()


async def main():
    result = [n async for n in only_even(squares(numbers(10)))]
    print("even squares:", result)

    total = 0
    stream = squares(numbers(1000))
    async for n in stream:
        total += n
        if n > 50:
            break
    await stream.aclose()
    print("sum until over 50:", total)

    gen = numbers(3)
    print("first:", await gen.__anext__())
    print("second:", await gen.asend(None))
    await gen.aclose()


asyncio.run(main())
