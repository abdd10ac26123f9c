def acc():
    total = 0
    while True:
        x = yield total
        print("got", x)
        if x is None:
            break
        total += x
    return total

g = acc()
print(next(g))
print(g.send(5))
print(g.send(10))
print(g.send(-3))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)

def pairs():
    a = yield
    b = yield a * 2
    c = yield a + b
    print("a b c", a, b, c)
    yield (a, b, c)

p = pairs()
print(p.send(None))
print(p.send(3))
print(p.send(4))
print(p.send(5))

def yield_in_expr():
    x = 1 + (yield 10)
    print("x", x)
    y = (yield) or "empty"
    print("y", y)
    yield x, y

g2 = yield_in_expr()
print(next(g2))
print(g2.send(41))
print(g2.send(""))

try:
    count = pairs()
    count.send(1)
except TypeError as e:
    print("TypeError:", e)
