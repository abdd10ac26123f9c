d = {}
d[1] = "int"
d[1.0] = "float same as int"
d[True] = "bool same as 1"
d[(1, 2)] = "tuple"
d["1"] = "str"
d[None] = "none"
d[frozenset({1})] = "frozenset"
d[-0.0] = "zero"
print(d)
print(d[1], d[0], d[(1, 2)], d[None], d[frozenset([1])])
print(len(d), 0 in d, False in d, "1" in d, 2 in d)
try:
    d[[1]] = 0
except TypeError as e:
    print("TypeError:", e)
try:
    d[{}] = 0
except TypeError as e:
    print("TypeError:", e)
nested = {"a": {"b": {"c": [1, 2, {"d": "deep"}]}}}
print(nested["a"]["b"]["c"][2]["d"])
nested["a"]["b"]["e"] = 5
print(nested)
