f = frozenset([3, 1, 2])
print(f, len(f), 2 in f, type(f).__name__)
d = {f: "frozen key", frozenset(): "empty"}
print(d[frozenset({1, 2, 3})], d[frozenset()])
s = {frozenset({1}), frozenset({1}), frozenset({2})}
print(len(s))
print(f | {4}, f & {1, 9}, f - {1}, f ^ {1, 5})
print(f == {1, 2, 3}, {1, 2, 3} == f, f.issubset({1, 2, 3, 4}), f.union([5]))
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError:", e)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
try:
    {{1}}
except TypeError as e:
    print("TypeError:", e)
print(hash(frozenset({1, 2})) == hash(frozenset({2, 1})))
print(sorted({(1, 2), (0, 5), (1, 0)}), frozenset(range(3)) < frozenset(range(4)))
