def f(a, b, c=0, *rest, **kw):
    return a, b, c, rest, kw
args = [1, 2]
kwargs = {"c": 3, "x": 4}
print(f(*args))
print(f(*args, **kwargs))
print(f(*[1, 2, 3, 4, 5]))
print(f(1, *[2], *(3, 4), x=1, **{"y": 2}))
print(f(**{"a": "A", "b": "B"}))
print(f(*"xy"))
def g(*a, **k):
    return len(a), sorted(k)
print(g(*range(10), **{"z": 1, "a": 2}))
print(max(*[3, 9, 2]), min(*"hello"))
d1 = {"a": 1}
d2 = {"b": 2}
print(f(**d1, **d2))
