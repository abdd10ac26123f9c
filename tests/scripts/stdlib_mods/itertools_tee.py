from itertools import tee, islice, count
a, b = tee(range(2000))
print(sum(a), sum(b))
a, b = tee(iter([1, 2, 3, 4]))
c, d = tee(a)
print(next(a), list(c), list(d), list(a), list(b))
x, = tee("ab", 1); print(list(x), tee([], 0))
def g():
    yield 1
    raise ValueError("boom")
p, q = tee(g())
print(next(p), next(q))
try:
    next(p)
except ValueError as e:
    print("ValueError", e)
print(list(q))
