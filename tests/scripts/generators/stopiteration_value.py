def g1():
    yield 1
    return "done"

it = g1()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print(repr(e.value), e.args)

def g2():
    return None
    yield
try:
    next(g2())
except StopIteration as e:
    print("None return:", e.value, e.args)

def g3():
    yield
    return [1, 2]
it = g3()
next(it)
try:
    it.send(None)
except StopIteration as e:
    print("list return:", e.value)

def g4():
    raise StopIteration("inside")
    yield
try:
    next(g4())
except RuntimeError as e:
    print("RuntimeError:", e)
    print("cause:", type(e.__cause__).__name__, e.__cause__)

def g5():
    yield 1
    next(iter([]))
it = g5()
next(it)
try:
    next(it)
except RuntimeError as e:
    print("PEP 479:", e)

e = StopIteration(7)
print(e.value)
e = StopIteration()
print(e.value)
e = StopIteration(1, 2)
print(e.value, e.args)
