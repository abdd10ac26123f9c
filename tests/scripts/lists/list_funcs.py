L = [5, 3, 9, 1]
print(len(L), sum(L), min(L), max(L), sorted(L), list(reversed(L)))
print(list(enumerate(L)), list(enumerate(L, start=10)))
print(list(zip(L, "abcd")), list(zip(L, [1])), list(zip()))
print(list(map(str, L)), list(map(lambda a, b: a * b, L, L)))
print(list(filter(None, [0, 1, "", "x", None, [], [0]])))
print(any([]), all([]), any([0, 0, 1]), all([1, 1, 0]), any([None, ""]), all(["a", 1]))
print(L.index(9), 9 in L, L.count(3))
print(sum([[1], [2, 3]], []), sum([1, 2], 10), sum([0.5, 0.25]))
print(max([], default="empty"), min([], default=0), max([3, 7, 5], key=lambda v: -v))
print(max("a", "b", "c"), min([(2, "b"), (1, "z"), (1, "a")]))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
