g = (x * x for x in range(5))
print(type(g).__name__)
print(next(g), next(g))
print(list(g))
print(list(g))
print(sum(x for x in range(101)))
print(max(len(w) for w in ["a", "abc", "ab"]))
print(sorted((c for c in "banana"), reverse=True))
print(tuple(i for i in range(10) if i % 3 == 0))
print(list((i, j) for i in range(3) for j in range(i)))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, 0]))
print("-".join(str(i) for i in range(4)))
print(dict((k, k * 2) for k in "ab"))
print(set(x % 3 for x in range(10)) == {0, 1, 2})

n = 10
g = (x + n for x in range(3))
n = 100
print(list(g))

def make():
    base = 5
    return (base + i for i in range(3))
print(list(make()))

nested = ((j for j in range(i)) for i in range(4))
print([list(x) for x in nested])

try:
    g = (1 / x for x in [1, 0, 2])
    print(next(g))
    print(next(g))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(next(g, "exhausted after error"))

try:
    (x for x in 5)
except TypeError as e:
    print("TypeError:", e)
it = iter([1, 2, 3])
g = (v * 10 for v in it)
print(next(g), next(it), list(g))
