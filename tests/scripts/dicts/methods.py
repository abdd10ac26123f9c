d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d["b"], len(d))
print(d.setdefault("c", 3), d.setdefault("a", 100), d)
print(d.pop("c"), d.pop("zz", "default"), d)
print(d.popitem(), d)
d.update(x=1, y=2)
d.update([("p", 0), ("q", 9)])
print(d)
c = d.copy()
c["new"] = True
print(len(d), len(c), "new" in d)
d.clear()
print(d, bool(d))
print(dict.fromkeys("abc", 0), dict.fromkeys([1, 2]))
print(dict(a=1, b=2), dict([("k", "v")]), dict({"x": 1}, y=2), dict(zip("ab", [1, 2])), dict())
try:
    {}["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    {}.pop("nothing")
except KeyError as e:
    print("KeyError:", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
print({1: "a"} == {1: "a"}, {1: "a", 2: "b"} == {2: "b", 1: "a"}, {1: 2} != {1: 3})
m = {"a": 1} | {"b": 2, "a": 3}
print(m)
m |= {"z": 26}
print(m)
