pairs = [(1, "a"), (2, "b"), (3, "c")]
for n, s in pairs:
    print(n, s)
for i, (n, s) in enumerate(pairs):
    print(i, n, s)
for first, *rest in [[1, 2, 3], [4], [5, 6]]:
    print(first, rest)
d = {"x": 1, "y": 2}
for k in d:
    print("key", k)
for k, v in d.items():
    print(k, "->", v)
class Box:
    pass
b = Box()
for b.attr in [10, 20]:
    print("attr", b.attr)
L = [0, 0, 0]
for L[1] in range(3):
    pass
print(L)
for i in range(10, 0, -3):
    print("down", i)
for c in "héllo":
    print(c, end=" ")
print()
