# Method calls and attribute access on instances, bound methods, properties.
class Counter:
    def __init__(self):
        self.value = 0
        self.step = 1
    def inc(self):
        self.value += self.step
        return self
    def get(self):
        return self.value
    @property
    def double(self):
        return self.value * 2
def run():
    c = Counter()
    for _ in range(1000000):
        c.inc()
    total = 0
    get = c.get
    for _ in range(500000):
        total += get() + c.double
    return c.get(), total
print(run())
