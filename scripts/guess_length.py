# guess_length.py: the program from the design notes.
#
# main() reads a target string, then runs two tasks side by side: one
# counts the target's characters one at a time, yielding to the event loop
# after each (await asyncio.sleep(0)), while the other waits for the user's
# guess of the length. While the guess is being typed, the counter keeps
# running. The round is played twice, first with explicit tasks, then with
# asyncio.gather; and the whole game is started twice, with asyncio.run()
# and with loop.run_until_complete().
#
#   coil scripts/guess_length.py
import asyncio

from aioconsole import ainput


async def get_input(prompt="Enter a string: "):
    return await ainput(prompt)


async def length_counter(target):
    count = 0
    for _ in target:
        count += 1
        await asyncio.sleep(0)
    return count


def verdict(count, guess):
    try:
        right = int(guess) == count
    except ValueError:
        return f"'{guess}' is not a number; the length is {count}."
    if right:
        return f"Right! The length is {count}."
    return f"Wrong: you said {guess}, the length is {count}."


async def main():
    target = await get_input()
    counter = asyncio.create_task(length_counter(target))
    guesser = asyncio.create_task(get_input("Guess the length: "))
    count = await counter
    guess = await guesser
    print()
    print(verdict(count, guess))

    target = await get_input()
    count, guess = await asyncio.gather(length_counter(target), get_input("Guess the length: "))
    print()
    print(verdict(count, guess))


asyncio.run(main())

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()
