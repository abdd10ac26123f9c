def counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    while True:
        cmd = yield count
        if cmd == "bump":
            bump()
        elif cmd == "reset":
            count = 0
        elif cmd == "stop":
            return "stopped at " + str(count)

c = counter()
print(next(c))
for cmd in ["bump", "bump", None, "bump", "reset", "bump"]:
    print(cmd, "->", c.send(cmd))
try:
    c.send("stop")
except StopIteration as e:
    print(e.value)

gens = [counter() for _ in range(3)]
for g in gens:
    next(g)
for i, g in enumerate(gens):
    for _ in range(i):
        g.send("bump")
print([g.send(None) for g in gens])

def closures():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
        yield [f() for f in fs]
print(list(closures()))

def defaults(a, b=2, *args, k=5, **kw):
    yield a, b, args, k, kw
print(next(defaults(1)), next(defaults(1, 3, 4, k=6, z=7)))

class Tree:
    def __init__(self, *kids, v=0):
        self.kids, self.v = kids, v
    def walk(self, depth=0):
        yield depth, self.v
        for k in self.kids:
            yield from k.walk(depth + 1)
t = Tree(Tree(v=1), Tree(Tree(v=3), v=2), v=0)
print(list(t.walk()))
print(sum(v for _, v in t.walk()), max(d for d, _ in t.walk()))
