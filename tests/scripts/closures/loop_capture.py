# Closures capture variables, not values: the classic loop pitfall
fs = []
for i in range(4):
    fs.append(lambda: i)
print([f() for f in fs])
fs2 = []
for i in range(4):
    fs2.append(lambda i=i: i)
print([f() for f in fs2])
def make():
    out = []
    for j in range(3):
        def g():
            return j * 10
        out.append(g)
    j = 100
    return out
print([g() for g in make()])
comp = [lambda: k for k in range(3)]
print([f() for f in comp])
def factory(n):
    return lambda: n
made = [factory(n) for n in range(3)]
print([f() for f in made])
