print([1, 2.0, "three", None, True, (4,), [5], {6: 7}])
print((), (1,), (1, 2), ((),), [[]], [()], {}, set(), frozenset())
print({"a": [1, {"b": (2, 3)}], 1: "x", 2.5: None, (1, 2): "tuple key"})
print({1, 2, 3}, frozenset({1}), {(1, 2)})
L = [1, 2]
L.append(L)
print(L)
d = {"self": None}
d["self"] = d
print(d)
print(repr("str"), repr([ "a'b", 'a"b' ]), str(["str"]), repr(b"bytes"), [b"x"])
print(range(5), range(1, 5), range(0, 10, 2), repr(range(-3)))
print(slice(1, 2, 3), [slice(None)])
print([1.0, -0.0, 1e100, float("nan"), float("-inf")])
print(repr(True), repr(None), repr(NotImplemented), repr(...), Ellipsis)
print(int, str, type(None), type, object, ValueError)
