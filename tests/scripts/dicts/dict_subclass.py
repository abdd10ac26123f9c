class DefaultDict(dict):
    def __init__(self, factory, *args):
        super().__init__(*args)
        self.factory = factory
    def __missing__(self, key):
        v = self.factory()
        self[key] = v
        return v
d = DefaultDict(list)
d["a"].append(1)
d["a"].append(2)
d["b"].append(3)
print(d, len(d), isinstance(d, dict), d.get("zz"), "zz" in d)
class Upper(dict):
    def __setitem__(self, key, value):
        super().__setitem__(key.upper(), value)
    def __getitem__(self, key):
        return super().__getitem__(key.upper())
u = Upper()
u["abc"] = 1
print(u, u["ABC"], u["aBc"], list(u.keys()))
class Attr(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)
a = Attr(x=1, y=2)
print(a.x, a.y, hasattr(a, "z"), type(a).__name__, dict(a))
class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
for ch in "banana":
    c[ch] += 1
print(c, c["zz"], "zz" in c)
