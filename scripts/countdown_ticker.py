# countdown_ticker.py: a countdown that keeps ticking while you answer.
#
# A ticker task prints the seconds left while the main task waits for the
# answer with ainput. Whichever finishes first decides: an answer cancels
# the ticker; a countdown that reaches zero cancels the question.
import asyncio

from aioconsole import ainput


async def ticker(seconds):
    for left in range(seconds, 0, -1):
        await asyncio.sleep(1)
        print(f"\n[{left - 1} s left]")
    return "time is up"


async def ask(question):
    return await ainput(question)


async def main():
    tick = asyncio.create_task(ticker(10))
    answer = asyncio.create_task(ask("What is 6 * 7? "))
    done, pending = await asyncio.wait({tick, answer}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if answer in done:
        reply = answer.result().strip()
        print("Correct!" if reply == "42" else f"{reply!r} is not right, it is 42.")
    else:
        print("Too slow:", tick.result())


asyncio.run(main())
