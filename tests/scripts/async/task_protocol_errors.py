import asyncio
class BadYield:
    def __await__(self):
        yield "not a future"
class FutureLike:
    _asyncio_future_blocking = False
    def __init__(self, loop):
        self.loop = loop
        self.cbs = []
        self.value = None
    def get_loop(self):
        return self.loop
    def add_done_callback(self, cb, *, context=None):
        self.cbs.append(cb)
    def result(self):
        return self.value
    def done(self):
        return self.value is not None
    def __await__(self):
        if self.value is None:
            self._asyncio_future_blocking = True
            yield self
        return self.value
    def finish(self, v):
        self.value = v
        for cb in self.cbs:
            cb(self)

async def main():
    try:
        await BadYield()
    except RuntimeError as e:
        print("RuntimeError:", str(e)[:22])
    t = None
    async def self_await():
        await t
    t = asyncio.create_task(self_await())
    try:
        await t
    except RuntimeError as e:
        print("RuntimeError:", str(e)[:28])
    loop = asyncio.get_running_loop()
    fl = FutureLike(loop)
    loop.call_later(0.05, fl.finish, "duck-typed future result")
    print(await fl)
    other = asyncio.new_event_loop()
    f = other.create_future()
    try:
        await f
    except RuntimeError as e:
        print("RuntimeError:", str(e)[:5], "...", str(e)[-30:])
    other.close()
    async def gen_yield():
        def g():
            yield
        await asyncio.sleep(0)
        return "plain yield in __await__ is a sleep(0)"
    print(await gen_yield())

asyncio.run(main())
