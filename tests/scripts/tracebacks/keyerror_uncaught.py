# full-stderr
d = {"a": 1}
print(d["a"])
d.pop("missing")
