d = {"one": 1, "two": 2, "three": 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
print(list(k), list(v), list(i), len(k), "one" in k, 2 in v, ("two", 2) in i)
d["four"] = 4
print(list(k), len(v))
del d["one"]
print(list(i))
print(k == {"two", "three", "four"}, sorted(k & {"two", "zzz"}), sorted(k | {"x"}), sorted(k - {"two"}))
for key, value in d.items():
    print(key, value)
print(sorted(d), sorted(d.values(), reverse=True), max(d, key=d.get))
print(list(reversed(d)), list(reversed(d.keys())))
try:
    for key in d:
        d["new" + key] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
