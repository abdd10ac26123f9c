# shared_counter_lock.py: a bank account shared by many tasks.
#
# Each deposit reads the balance, yields to the event loop (as real I/O
# would), then writes the new balance. Without a lock, tasks overwrite each
# other's updates; with asyncio.Lock every update survives.
import asyncio


class Account:
    def __init__(self):
        self.balance = 0
        self.lock = asyncio.Lock()

    async def deposit_unsafe(self, amount):
        current = self.balance
        await asyncio.sleep(0)
        self.balance = current + amount

    async def deposit(self, amount):
        async with self.lock:
            current = self.balance
            await asyncio.sleep(0)
            self.balance = current + amount


async def run(method_name):
    account = Account()
    method = getattr(account, method_name)
    await asyncio.gather(*(method(10) for _ in range(100)))
    return account.balance


async def main():
    print("without a lock:", await run("deposit_unsafe"))
    print("with a lock:   ", await run("deposit"))
    lock = asyncio.Lock()
    print("locked before:", lock.locked())
    async with lock:
        print("locked inside:", lock.locked())
    print("locked after: ", lock.locked())


asyncio.run(main())
