d = {}
for k in "python":
    d[k] = ord(k)
print(d)
del d["y"]
del d["h"]
print(d, list(d))
d["y"] = 0
print(list(d))
d["p"] = "updated in place"
print(d)
d.pop("t")
d["t"] = "re-added at end"
print(list(d.items()))
for i in range(100):
    d[i] = i
for i in range(100):
    if i != 50:
        del d[i]
print(d)
e = dict.fromkeys(range(5))
del e[0]; e[0] = "z"; del e[3]
print(e, list(e.keys()), list(e.values()))
d2 = {"a": 1, "b": 2}
d2.update({"a": 10, "c": 3})
print(d2)
d3 = {1: "x", 2: "y"}
d3.popitem()
d3[3] = "z"
print(d3, d3.popitem(), d3)
