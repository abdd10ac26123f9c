class Grid:
    def __init__(self):
        self.data = {}
    def __getitem__(self, key):
        if isinstance(key, slice):
            key = (key.start, key.stop, key.step)
        print("get", key)
        return self.data.get(key, 0)
    def __setitem__(self, key, value):
        if isinstance(key, slice):
            key = (key.start, key.stop, key.step)
        print("set", key, value)
        self.data[key] = value
    def __delitem__(self, key):
        print("del", key)
        del self.data[key]
    def __len__(self):
        return len(self.data)
    def __contains__(self, key):
        return key in self.data
g = Grid()
g[1, 2] = "a"
g["x"] = 5
print(g[1, 2], g[9], len(g), (1, 2) in g, "y" in g)
del g["x"]
print(len(g))
g[1:3] = "slice"
print(g[1:3])
g["x"] = 1
g["x"] += 10
print(g.data)
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq(), 25 in Seq())
for v in Seq():
    print("iter", v)
print(bool(Grid()), len(Grid()))
