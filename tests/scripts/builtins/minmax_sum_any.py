print(min(3, 1, 2), max(3, 1, 2), min([5, 4]), max("hello"), min("b", "a", "c"))
print(max([1, 5, 3], key=lambda x: -x), min(["aa", "b", "ccc"], key=len), max(["aa", "bb"], key=len))
print(max([], default=None), min((), default="none"), max([2], default=9))
print(max([(1, "b"), (1, "a")]), min(1, 1.0), max(1.0, 1), min(True, 1))
print(sum([]), sum([1, 2, 3]), sum([1.5, 2.5]), sum(range(10), 100), sum([[1], [2]], []))
print(any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]), any(""), all(""))
print(any([x > 3 for x in [1, 5]]), all([x > 3 for x in [1, 5]]))
try:
    min()
except TypeError as e:
    print("TypeError:", e)
try:
    max(1)
except TypeError as e:
    print("TypeError:", e)
try:
    sum(["a", "b"])
except TypeError as e:
    print("TypeError:", e)
try:
    min([1, "a"])
except TypeError as e:
    print("TypeError:", e)
