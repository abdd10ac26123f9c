x = "outer"
L = [x for x in range(3)]
print(L, x)
y = 10
print([y * i for i in range(3)])
print([[i * j for j in range(3)] for i in range(3)])
print({i: i * i for i in range(4)})
print({i % 3 for i in range(10)})
def f():
    n = 5
    return [n + i for i in range(3)]
print(f())
print([(i, j) for i in range(3) for j in range(i)])
print([i for i in range(20) if i % 2 if i % 3])
print([c.upper() for c in "abc" if c != "b"])
print({k: v for k, v in [("a", 1), ("b", 2)] if v > 1})
class C:
    items = [1, 2, 3]
    doubled = [v * 2 for v in items]
print(C.doubled)
