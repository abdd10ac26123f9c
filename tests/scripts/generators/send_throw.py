def worker():
    n = 0
    while True:
        try:
            v = yield n
            print("received", v)
            n += 1
        except ValueError as e:
            print("caught ValueError", e)
            n = 100
        except KeyError:
            print("caught KeyError, re-yield -1")
            yield -1

g = worker()
print(next(g))
print(g.send("a"))
print(g.throw(ValueError("bad")))
print(g.send("b"))
print(g.throw(KeyError))
print(next(g))
try:
    g.throw(TypeError("unhandled"))
except TypeError as e:
    print("propagated", type(e).__name__, e)
print("after propagate, next:", next(g, "finished"))

def fresh():
    print("never runs")
    yield 1

f = fresh()
try:
    f.throw(RuntimeError, "x")
except RuntimeError as e:
    print("fresh throw", e)
print(list(f))

def g3():
    yield 1
h = g3()
try:
    h.throw(ValueError("v"), None, None)
except ValueError as e:
    print("3-arg form", e)
try:
    h.throw(ValueError, None, 5)
except TypeError as e:
    print("TypeError", e)
try:
    h.throw(42)
except TypeError as e:
    print("TypeError", e)
