it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "exhausted"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args)
s = iter("ab")
print(list(s), list(s))
r = iter(range(3))
print(next(r), list(r))
d = iter({"k1": 1, "k2": 2})
print(next(d), next(d))
calls = [0]
def tick():
    calls[0] += 1
    return calls[0]
print(list(iter(tick, 4)))
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
e = enumerate("xy")
print(next(e), next(e))
z = zip([1, 2], "ab")
print(next(z), list(z))
print(iter(it) is it, type(iter([])).__name__)
