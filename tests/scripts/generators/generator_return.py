def gen():
    yield 1
    return "the value"
g = gen()
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)
def outer():
    v = yield from gen()
    yield v
print(list(outer()))
