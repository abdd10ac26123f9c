t = (1, "two", 3.0, None)
print(t, len(t), t[1], t[-1], t[1:3], t[::-1], type(t).__name__)
print((), (1,), (1), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
single = 5,
print(single, type(single).__name__)
print((1, 2) + (3,), (1, 2) * 2, 2 in (1, 2), (1, 2) == (1, 2), (1, 2) < (1, 3), (1, 2) < (1, 2, 0))
print(t.count(None), (1, 2, 1).count(1), (5, 6, 7).index(7))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    (1, 2).index(9)
except ValueError as e:
    print("ValueError:", e)
try:
    t[10]
except IndexError as e:
    print("IndexError:", e)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
mutable_inside = ([1], [2])
mutable_inside[0].append(99)
print(mutable_inside)
print(hash((1, 2, 3)) == hash((1, 2, 3)), max((3, 9, 1)), sorted((3, 1, 2)), sum((1, 2, 3)))
