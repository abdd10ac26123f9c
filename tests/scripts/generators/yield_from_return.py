def leaf(n):
    for i in range(n):
        yield i
    return n * 100
def middle():
    a = yield from leaf(2)
    b = yield from leaf(0)
    c = yield from leaf(1)
    print("middle results", a, b, c)
    return a + b + c
def top():
    total = yield from middle()
    print("total", total)
    return total
print(list(top()))
g = top()
vals = []
while True:
    try:
        vals.append(next(g))
    except StopIteration as e:
        print("final value", e.value)
        break
print(vals)

def deep(n):
    if n == 0:
        yield "bottom"
        return 0
    r = yield from deep(n - 1)
    return r + 1
g = deep(50)
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("depth", e.value)

def ret_tuple():
    yield 1
    return (1, 2)
def take():
    r = yield from ret_tuple()
    print("tuple result", r)
list(take())

class It:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration("custom-ret")
        return self.n
def use_it():
    r = yield from It()
    print("custom iterator result", r)
print(list(use_it()))
