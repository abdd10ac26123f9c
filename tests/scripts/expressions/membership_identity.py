print(1 in [1, 2], 3 in [1, 2], 3 not in [1, 2])
print("ell" in "hello", "" in "abc", "z" not in "abc")
print("k" in {"k": 1}, 1 in {"k": 1}, 2 in {1, 2}, 2 in (1, 2), 5 in range(10), 10 in range(10))
print(3 in range(0, 10, 3), 4 in range(0, 10, 3), -1 in range(-5, 0))
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, type(None).__name__)
x = None
print(x is None, x is not None)
print([1] in [[1], [2]], (1, 2) in [(1, 2)])
n = float("nan")
print(n in [n])
