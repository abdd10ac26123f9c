import asyncio

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop)

async def main():
    print("running loop is set loop:", asyncio.get_running_loop() is loop)
    print("get_event_loop inside:", asyncio.get_event_loop() is loop)
    return "r"

print(loop.run_until_complete(main()))
other = asyncio.new_event_loop()
print(other is loop)
asyncio.set_event_loop(other)
print(asyncio.get_event_loop() is other)
async def noop():
    pass
async def inner():
    c = noop()
    try:
        loop.run_until_complete(c)
    except RuntimeError as e:
        print("RuntimeError:", e)
    await c
    try:
        asyncio.get_running_loop().run_forever()
    except RuntimeError as e:
        print("RuntimeError:", e)
other.run_until_complete(inner())
other.close()
loop.close()
asyncio.set_event_loop(None)
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
l3 = asyncio.new_event_loop()
try:
    l3.run_until_complete(5)
except TypeError as e:
    print("TypeError:", e)
l3.close()
