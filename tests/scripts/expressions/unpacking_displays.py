a = [1, 2]
b = (3, 4)
print([*a, *b, 5])
print((*a, *b), (*a,))
print({*a, *b, 2})
d1 = {"x": 1, "y": 2}
d2 = {"y": 20, "z": 30}
print({**d1, **d2})
print({**d2, **d1, "w": 0})
print([*"abc", *range(3)])
print([*[], *()])
first, *rest = [*a, *b]
print(first, rest)
print({"a": 1, **{"a": 2}})
print(*a, *b, sep="-")
