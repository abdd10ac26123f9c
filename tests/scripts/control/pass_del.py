def empty():
    pass
print(empty())
class Empty:
    pass
print(type(Empty()).__name__)
x = 1
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
L = [0, 1, 2, 3, 4, 5]
del L[0]
print(L)
del L[1:3]
print(L)
del L[::2]
print(L)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
class O:
    pass
o = O()
o.a = 1
o.b = 2
del o.a
print(hasattr(o, "a"), o.b)
a, b = 1, 2
del a, b
print("a" in dir(), "b" in dir())
