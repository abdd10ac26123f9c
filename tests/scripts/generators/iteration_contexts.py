def gen(n):
    for i in range(n):
        yield i

print(list(gen(4)), tuple(gen(3)), set(gen(3)) == {0, 1, 2})
print(sum(gen(5)), min(gen(5)), max(gen(5)))
a, b, c = gen(3)
print(a, b, c)
first, *rest = gen(5)
print(first, rest)
print(3 in gen(5), 7 in gen(5))
print(list(zip(gen(3), gen(5), "abcdef")))
print(sorted(gen(4), reverse=True))
print(list(enumerate(gen(3), 1)))
print(list(map(lambda x: x * 2, gen(3))))
print(list(filter(None, gen(4))))
print(list(reversed(list(gen(3)))))
print(dict(zip("xyz", gen(3))))
print([x * 10 for x in gen(3)])
print({x: x for x in gen(2)})
print(" ".join(map(str, gen(5))))
print(*gen(4))
print(*gen(2), sep=",")
def f(*args):
    return args
print(f(*gen(3)))
l = [100]
l.extend(gen(3))
print(l)
l[1:3] = gen(2)
print(l)
print(any(gen(1)), all(gen(1)))
print(list(iter(gen(2))))
g = gen(3)
print(iter(g) is g)
print(bytes(gen(3)), bytearray(gen(2)))
print(str.join("", (str(x) for x in gen(3))))
d = {}
d.update((str(i), i) for i in gen(2))
print(d)
s = set()
s.update(gen(3))
print(sorted(s))
print(list(range(10))[slice(*gen(3))])
import math
print(math.fsum(gen(4)))
for i, (x, y) in enumerate(zip(gen(2), gen(2))):
    print(i, x, y)
