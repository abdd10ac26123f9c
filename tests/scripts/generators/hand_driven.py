def ticker(name, n):
    for i in range(n):
        print(name, "tick", i)
        yield i
    print(name, "done")
    return name

tasks = [ticker("a", 2), ticker("b", 3), ticker("c", 1)]
results = []
while tasks:
    t = tasks.pop(0)
    try:
        next(t)
        tasks.append(t)
    except StopIteration as e:
        results.append(e.value)
print(results)

g = ticker("x", 2)
print(g.gi_running, g.gi_suspended if hasattr(g, "gi_suspended") else "")
print(g.__name__, g.__qualname__)
print(g.gi_frame is not None)
next(g)
next(g)
try:
    next(g)
except StopIteration:
    pass
print(g.gi_frame)

def self_ref():
    yield gen_obj.gi_running
gen_obj = self_ref()
print(next(gen_obj))

def reenter():
    yield next(me)
me = reenter()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)

class Counter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        for i in range(self.n):
            yield i * self.n
print(list(Counter(3)))
print([x for x in Counter(2)])
